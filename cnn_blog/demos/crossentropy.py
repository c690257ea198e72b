"""The computation of part 8, categorical cross-entropy (``docs/08-categorical-crossentropy.*.md``):
the sum-of-squares error and the cross-entropy error of one example as the correct label's
probability moves from 0 to 1.

NumPy only (``cnn_blog.losses``): importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from cnn_blog.losses import cross_entropy_error, sum_squared_error


# --8<-- [start:loss_curves]
def loss_curves(classes: int = 10, points: int = 201):
    """The two losses of one example as the correct label's probability p goes from 0 to 1.

    The correct label is class 0; the other ``classes - 1`` labels share 1 - p evenly, so the
    output still sums to 1. Returns (p (points,), sum-of-squares error (points,),
    cross-entropy error (points,)).
    """
    if classes < 2 or points < 2:
        raise ValueError(f"classes and points must be at least 2, got classes={classes}, points={points}")
    p = np.linspace(0, 1, points)  # (points,)
    t = np.zeros(classes)
    t[0] = 1.0  # one-hot: the correct label is class 0
    sse, cee = [], []
    for right in p:
        y = np.full(classes, (1 - right) / (classes - 1))  # (classes,): the rest, shared evenly
        y[0] = right
        sse.append(sum_squared_error(y, t))
        cee.append(cross_entropy_error(y, t))
    return p, np.array(sse), np.array(cee)
# --8<-- [end:loss_curves]
