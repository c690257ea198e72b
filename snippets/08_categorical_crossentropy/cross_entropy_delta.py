"""The study notes' cross-entropy error with delta = 1e-7; the wrong labels' outputs do not count."""

import json

# --8<-- [start:cross_entropy]
import numpy as np

from cnn_blog.losses import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  # one-hot: the correct label is "2"
y_right = np.array([0.1, 0.5, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # 0.6 on "2"
y_wrong = np.array([0.1, 0.5, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # 0.1 on "2"
y_other = np.array([0.2, 0.5, 0.1, 0.1, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # y_wrong, other labels changed
for name, y in (("y_right", y_right), ("y_wrong", y_wrong), ("y_other", y_other)):
    e = float(cross_entropy_error(y, t))  # -sum(t * log(y + 1e-7))
    print(f"cross-entropy error, {name}: {e!r}  (17 digits: {e:.17g})")
# --8<-- [end:cross_entropy]

# Numbers the page quotes in its prose (read by the site build).
with open("cross_entropy_delta.values.json", "w") as fh:
    json.dump({"right": repr(float(cross_entropy_error(y_right, t))),
               "wrong": repr(float(cross_entropy_error(y_wrong, t))),
               "wrong_17": f"{cross_entropy_error(y_wrong, t):.17g}"}, fh)
