"""The study notes' sum-of-squares error on a 10-class example."""

import json

# --8<-- [start:sum_squared]
import numpy as np

from cnn_blog.losses import sum_squared_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  # one-hot: the correct label is "2"
y_right = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # 0.6 on "2"
y_wrong = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # 0.6 on "7"
for name, y in (("y_right", y_right), ("y_wrong", y_wrong)):
    e = float(sum_squared_error(y, t))  # 1/2 * sum((y - t)^2)
    print(f"sum-of-squares error, {name}: {e!r}  (17 digits: {e:.17g})")
# --8<-- [end:sum_squared]

# Numbers the page quotes in its prose (read by the site build).
with open("sum_squared.values.json", "w") as fh:
    json.dump({"right": f"{sum_squared_error(y_right, t):.4f}", "wrong": f"{sum_squared_error(y_wrong, t):.4f}",
               "right_repr": repr(float(sum_squared_error(y_right, t)))}, fh)
