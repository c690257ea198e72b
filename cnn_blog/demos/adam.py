"""The computations of part 11, Adam (``docs/11-adam.*.md``): three update rules in the form Keras
uses them, and the elongated bowl every optimizer of the page walks down.

The rules are plain functions: ``w`` is one weight array, ``g`` its gradient (same shape), and the
optimizer's memory (``velocity``) is passed in and returned. Adam itself is
``cnn_blog.optimizers.Adam``. NumPy only: importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np


# --8<-- [start:sgd]
def sgd_step(w, g, learning_rate=0.01):
    """Gradient descent, keras.optimizers.SGD(learning_rate): step against the gradient."""
    return w - learning_rate * g
# --8<-- [end:sgd]


# --8<-- [start:momentum]
def momentum_step(w, g, velocity, learning_rate=0.01, momentum=0.9):
    """keras.optimizers.SGD(learning_rate, momentum=momentum): the step keeps part of the last one.

    velocity (shape of w) starts at 0. Returns (new w, new velocity).
    """
    velocity = momentum * velocity - learning_rate * g  # the last step, shrunk, plus a new push
    return w + velocity, velocity
# --8<-- [end:momentum]


# --8<-- [start:rmsprop]
def rmsprop_step(w, g, velocity, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    """keras.optimizers.RMSprop(learning_rate, rho, epsilon=epsilon): divide by the recent size of g.

    velocity (shape of w) starts at 0: a running mean of g ** 2. Returns (new w, new velocity).
    """
    velocity = rho * velocity + (1 - rho) * g ** 2  # running mean of the squared gradient
    return w - learning_rate * g / np.sqrt(velocity + epsilon), velocity  # Keras: epsilon inside the root
# --8<-- [end:rmsprop]


# --8<-- [start:surface]
CURVATURES = np.array([0.08, 5.0])  # how steeply the bowl rises along w1 and along w2
START = np.array([-6.0, 1.5])  # where every optimizer starts


def surface_loss(w):
    """An elongated bowl: L = 0.04 * w1**2 + 2.5 * w2**2, lowest (0) at (0, 0). w (..., 2) -> (...)."""
    w = np.asarray(w, dtype=np.float64)
    if w.shape[-1:] != (2,):
        raise ValueError(f"w must end in an axis of 2 weights (w1, w2), got shape {w.shape}")
    return 0.5 * np.sum(CURVATURES * np.square(w), axis=-1)


def surface_gradient(w):
    """dL/dw = (0.08 * w1, 5 * w2): the curvature along w2 is 62.5 times that along w1. w (2,) -> (2,)."""
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (2,):
        raise ValueError(f"w must be the 2 weights (w1, w2), got shape {w.shape}")
    return CURVATURES * w
# --8<-- [end:surface]
