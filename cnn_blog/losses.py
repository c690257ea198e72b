"""Loss functions in NumPy: Keras's categorical cross-entropy, the book's two error functions, and
softmax fused with cross-entropy for training.

Shapes: ``y_pred`` / ``y`` are probabilities (n, classes) or one example (classes,); ``y_true`` / ``t``
are one-hot correct labels of the same shape.
"""

from __future__ import annotations

import numpy as np

from cnn_blog.layers import check_array

__all__ = [
    "EPSILON",
    "categorical_crossentropy",
    "sum_squared_error",
    "cross_entropy_error",
    "SoftmaxCrossEntropy",
]

EPSILON = 1e-7  # keras.config.epsilon(): the "fuzz factor" Keras clips probabilities with


def _check_pair(a, b, name_a: str, name_b: str) -> tuple[np.ndarray, np.ndarray]:
    a, b = check_array(a, name_a), check_array(b, name_b)
    if a.ndim < 1 or a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, at least one axis; "
            f"got {name_a}.shape={a.shape}, {name_b}.shape={b.shape}"
        )
    return a, b


# --8<-- [start:categorical_crossentropy]
def categorical_crossentropy(y_true, y_pred) -> np.ndarray:
    """Categorical cross-entropy of each example, computed the way Keras 3 does it.

    y_true (n, classes) one-hot, y_pred (n, classes) probabilities -> loss (n,)
    (or (classes,), (classes,) -> a 0-d array for one example).

    Like ``keras.losses.categorical_crossentropy`` (``from_logits=False``): each row of y_pred
    is first divided by its sum (so it sums to 1), then clipped to [1e-7, 1 - 1e-7] so that
    log never sees 0, and the loss is -sum(y_true * log(y_pred)) along the last axis. With
    ``model.compile(loss="categorical_crossentropy")`` Keras then averages it over the batch.
    """
    y_true, y_pred = _check_pair(y_true, y_pred, "y_true", "y_pred")
    y_true = y_true.astype(y_pred.dtype, copy=False)
    y_pred = y_pred / np.sum(y_pred, axis=-1, keepdims=True)  # rows sum to 1: (n, classes)
    y_pred = np.clip(y_pred, EPSILON, 1.0 - EPSILON)  # (n, classes), never exactly 0 or 1
    return -np.sum(y_true * np.log(y_pred), axis=-1)  # (n,)
# --8<-- [end:categorical_crossentropy]


# --8<-- [start:sum_squared_error]
def sum_squared_error(y, t) -> float:
    """Sum-of-squares error, E = 1/2 * sum((y - t)^2), summed over everything.

    y: network output, t: one-hot correct label, both (classes,) (or any equal shapes).
    """
    y, t = _check_pair(y, t, "y", "t")
    return 0.5 * np.sum((y - t) ** 2)
# --8<-- [end:sum_squared_error]


# --8<-- [start:cross_entropy_error]
def cross_entropy_error(y, t, delta: float = 1e-7) -> float:
    """Cross-entropy error, E = -sum(t * log(y + delta)), as in the book.

    y: network output, t: one-hot correct label, both (classes,) for one example, or
    (n, classes) for a mini-batch, where E is averaged over the n examples.
    ``delta`` keeps log away from log(0) = -inf when an output is exactly 0.
    """
    y, t = _check_pair(y, t, "y", "t")
    if y.ndim == 1:  # one example: (classes,) -> (1, classes)
        y, t = y.reshape(1, -1), t.reshape(1, -1)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + delta)) / batch_size
# --8<-- [end:cross_entropy_error]


# --8<-- [start:softmax_cross_entropy]
class SoftmaxCrossEntropy:
    """Softmax and categorical cross-entropy fused into one layer ("SoftmaxWithLoss" in the book).

    forward(x, t): scores x (n, classes), one-hot t (n, classes) -> loss, a float: the mean over
    the batch of -sum(t * log(softmax(x))). log(softmax(x)) is computed as
    (x - max) - log(sum(exp(x - max))), which never takes the log of 0.
    backward(dout=1.0) -> dx (n, classes) = dout * (y - t) / n, with y = softmax(x).

    The fused gradient (y - t) / n is why the pair trains well: it is what Softmax.backward after
    the cross-entropy's gradient comes to, without dividing by a probability that may be tiny.
    Keras does the same under the hood when a model ends in a softmax.
    """

    def __init__(self):
        self.y = None  # softmax(x) of the last forward, (n, classes)
        self.t = None  # one-hot labels of the last forward, (n, classes)

    def forward(self, x, t) -> float:
        x, t = _check_pair(x, t, "x", "t")
        if x.ndim != 2:
            raise ValueError(f"x and t must have shape (n, classes), got {x.shape}")
        shifted = x - x.max(axis=1, keepdims=True)  # (n, classes), largest score 0 in each row
        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))  # (n, classes)
        self.y, self.t = np.exp(log_y), t.astype(x.dtype, copy=False)
        return float(-np.sum(self.t * log_y) / x.shape[0])

    def backward(self, dout: float = 1.0) -> np.ndarray:
        if self.y is None:
            raise RuntimeError("SoftmaxCrossEntropy.backward called before forward")
        return dout * (self.y - self.t) / self.y.shape[0]  # (n, classes)
# --8<-- [end:softmax_cross_entropy]
