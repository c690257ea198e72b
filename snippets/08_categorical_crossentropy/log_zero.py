"""Why the cross-entropy error adds delta = 1e-7: log(0) is -inf, and 0 * -inf is nan."""

import json

# --8<-- [start:log_zero]
import numpy as np

from cnn_blog.losses import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  # the correct label is "2"
y = np.array([0.1, 0.5, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # several outputs are exactly 0
with np.errstate(divide="ignore", invalid="ignore"):  # NumPy would warn; here we want to see the result
    print("log(0)              :", np.log(0.0))
    print("0 * log(0)          :", 0.0 * np.log(0.0))
    print("without delta       :", -np.sum(t * np.log(y)))  # a wrong label's 0 spoils the sum
print("with delta = 1e-7   :", repr(float(cross_entropy_error(y, t))))
# --8<-- [end:log_zero]

# --8<-- [start:right_is_zero]
import numpy as np

from cnn_blog.losses import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  # the same t as above (so this block runs on its own)
y_zero = np.array([0.1, 0.5, 0.0, 0.0, 0.05, 0.1, 0.0, 0.25, 0.0, 0.0])  # 0 on the correct label
with np.errstate(divide="ignore", invalid="ignore"):
    print("only the right label, no delta:", -np.log(y_zero[2]))
print("cross_entropy_error(y_zero, t):", repr(float(cross_entropy_error(y_zero, t))))
print("-log(1e-7)                    :", repr(float(-np.log(1e-7))))
# --8<-- [end:right_is_zero]

# Numbers the page quotes in its prose (read by the site build).
with open("log_zero.values.json", "w") as fh:
    json.dump({"cap": f"{cross_entropy_error(y_zero, t):.2f}"}, fh)
