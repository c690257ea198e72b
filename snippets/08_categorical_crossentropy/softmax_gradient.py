"""The gradient of softmax + cross-entropy with respect to the scores: (y - t) / batch size."""

# --8<-- [start:backward]
import numpy as np

from cnn_blog.losses import SoftmaxCrossEntropy

scores = np.log(np.array([[0.012, 0.18, 0.033, 0.775],
                          [0.12, 0.18, 0.33, 0.37]]))  # (2, 4), as in softmax_with_loss.py
t = np.array([[0.0, 0.0, 0.0, 1.0],
              [0.0, 0.0, 0.0, 1.0]])
layer = SoftmaxCrossEntropy()
layer.forward(scores, t)
dx = layer.backward()  # (2, 4): (y - t) / 2, each example's share of the mean loss
np.set_printoptions(precision=4, suppress=True)
print("y - t:\n", layer.y - t)
print("backward():\n", dx)
# --8<-- [end:backward]
