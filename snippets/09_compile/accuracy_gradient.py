"""Why accuracy cannot be the loss: nudging a score changes the loss, but almost never the accuracy,
so the accuracy's gradient is 0 and gives gradient descent no direction."""

import json

# --8<-- [start:nudge]
import numpy as np

from cnn_blog.layers import Softmax
from cnn_blog.losses import categorical_crossentropy

y_true = np.eye(3)[[0, 1, 2, 2, 0]]  # the same 5 examples, one-hot (5, 3)
y_pred = np.array([[0.7, 0.2, 0.1], [0.4, 0.35, 0.25], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2]])
scores = np.log(y_pred)  # (5, 3): scores whose softmax is y_pred


def loss(s):
    return categorical_crossentropy(y_true, Softmax().forward(s)).mean()


def accuracy(s):
    return np.mean(s.argmax(axis=1) == y_true.argmax(axis=1))


h = 1e-4  # nudge each of the 15 scores by +h and -h: the numerical gradient
grad_loss, grad_accuracy = np.zeros_like(scores), np.zeros_like(scores)
for i in range(scores.shape[0]):
    for j in range(scores.shape[1]):
        nudge = np.zeros_like(scores)
        nudge[i, j] = h
        grad_loss[i, j] = (loss(scores + nudge) - loss(scores - nudge)) / (2 * h)
        grad_accuracy[i, j] = (accuracy(scores + nudge) - accuracy(scores - nudge)) / (2 * h)
print("gradient of the loss:\n", np.round(grad_loss, 4))
print("gradient of the accuracy:\n", grad_accuracy)
# --8<-- [end:nudge]

# --8<-- [start:sweep]
# The second example is wrong: class 0 (0.4) beats the correct class 1 (0.35). Raise class 1's score.
for raise_by in np.arange(0.0, 0.31, 0.05):
    s = scores.copy()
    s[1, 1] += raise_by
    print(f"class 1's score + {raise_by:.2f}: loss {loss(s):.4f}, accuracy {accuracy(s):.1f}")
# --8<-- [end:sweep]

# Numbers the page quotes in its prose (read by the site build).
values = {
    "scores": scores.size,
    "h": f"{h:g}",
    "loss_nonzero": int(np.count_nonzero(np.abs(grad_loss) > 1e-6)),
    "accuracy_nonzero": int(np.count_nonzero(grad_accuracy)),
    "flip": f"{scores[1, 0] - scores[1, 1]:.3f}",  # class 1 wins once its score passes class 0's
    "accuracy_before": f"{accuracy(scores):.1f}",
}
with open("accuracy_gradient.values.json", "w") as fh:
    json.dump(values, fh)
