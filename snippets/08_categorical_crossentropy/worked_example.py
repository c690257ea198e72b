"""The series' worked example: 4 classes, the correct label is the 4th, two softmax outputs."""

import json

# --8<-- [start:arrays]
import numpy as np

output_by_softmax_1 = np.array([0.012, 0.18, 0.033, 0.775])  # sure of the 4th label
output_by_softmax_2 = np.array([0.12, 0.18, 0.33, 0.37])  # barely prefers the 4th label
correct_label = np.array([0.0, 0.0, 0.0, 1.0])  # one-hot: the 4th label is right
# --8<-- [end:arrays]

# --8<-- [start:neg_log]
print(repr(-np.log(output_by_softmax_1)))  # -log of every output, element by element
print(repr(-np.log(output_by_softmax_2)))
# --8<-- [end:neg_log]

# --8<-- [start:loss]
loss_1 = float(-np.log(output_by_softmax_1).dot(correct_label))  # the one-hot label keeps the 4th only
loss_2 = float(-np.log(output_by_softmax_2).dot(correct_label))
print(repr(loss_1))
print(repr(loss_2))
# --8<-- [end:loss]

# Numbers the page quotes in its prose (read by the site build).
with open("worked_example.values.json", "w") as fh:
    json.dump({"right_1": float(output_by_softmax_1 @ correct_label),
               "right_2": float(output_by_softmax_2 @ correct_label),
               "loss_1": repr(loss_1), "loss_2": repr(loss_2), "ratio": f"{loss_2 / loss_1:.1f}",
               "loss_1_short": f"{loss_1:.3f}", "loss_2_short": f"{loss_2:.3f}"}, fh)
