"""The computations of part 14, why convolution (``docs/14-why-convolution.*.md``).

Moving images by a few pixels (``shift``), the two models compared on the digits (``dense_model`` and
``small_cnn``, built by Keras, which is imported inside them), the feature maps of a digit and of the
same digit moved (``equivariance_maps``), and a filter learned by gradient descent from the input and
output of a known filter, the vertical-edge filter (``learn_kernel``). Importing this module loads no TensorFlow.
"""

from __future__ import annotations

import numpy as np

from cnn_blog.demos.conv2d import EDGE_FILTERS
from cnn_blog.layers import Conv2D

#: The filter of parts 2 and 3 that responds to vertical edges (a Sobel filter).
EDGE_KERNEL = EDGE_FILTERS["vertical"]  # (3, 3)


# --8<-- [start:shift]
def shift(images, down: int = 0, right: int = 0) -> np.ndarray:
    """Move every image ``down`` pixels down and ``right`` pixels to the right, filling with zeros.

    images: (n, h, w, c) or (h, w); returns a new array of the same shape and dtype. What moves past
    the bottom or the right border is lost.
    """
    images = np.asarray(images)
    if images.ndim not in (2, 4):
        raise ValueError(f"images must be (n, h, w, c) or (h, w), got shape {images.shape}")
    if down < 0 or right < 0:
        raise ValueError(f"down and right must be 0 or more, got {down}, {right}")
    moved = np.zeros_like(images)
    h, w = images.shape[-3:-1] if images.ndim == 4 else images.shape
    if down < h and right < w:
        if images.ndim == 4:  # (n, h, w, c): rows and columns are axes 1 and 2
            moved[:, down:, right:, :] = images[:, : h - down, : w - right, :]
        else:  # (h, w)
            moved[down:, right:] = images[: h - down, : w - right]
    return moved
# --8<-- [end:shift]


# --8<-- [start:models]
def dense_model():
    """Fully connected layers only: every pixel of the 28 x 28 digit has its own weights."""
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Flatten(),  # (28, 28, 1) -> (784,)
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


def small_cnn():
    """Two small Conv2D + MaxPooling2D pairs, then one Dense layer for the probabilities of the 10 classes."""
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, (3, 3), activation="relu"),  # -> (26, 26, 8)
        layers.MaxPooling2D(pool_size=(2, 2)),  # -> (13, 13, 8)
        layers.Conv2D(16, (3, 3), activation="relu"),  # -> (11, 11, 16)
        layers.MaxPooling2D(pool_size=(2, 2)),  # -> (5, 5, 16)
        layers.Flatten(),  # -> (400,)
        layers.Dense(10, activation="softmax"),
    ])
# --8<-- [end:models]


# --8<-- [start:equivariance_maps]
def equivariance_maps(image, down: int, right: int, kernel=EDGE_KERNEL, strides: int = 1):
    """A (h, w) image and the image moved by ``shift``, each through one Conv2D with ``kernel``.

    Returns (image, moved, fmap, fmap_moved): (h, w), (h, w), and the two feature maps, each
    (h - kh + 1, w - kw + 1) with stride 1 ('valid' padding, bias 0).
    """
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    conv = Conv2D(1, kernel.shape, strides=strides)  # strides: the windows start every `strides` pixels
    conv.set_weights([kernel[:, :, np.newaxis, np.newaxis], np.zeros(1)])  # (kh, kw) -> (kh, kw, 1, 1)
    moved = shift(image, down, right)
    both = np.stack([image, moved])[:, :, :, np.newaxis]  # (2, h, w, 1): the two as one batch
    maps = conv.forward(both)[:, :, :, 0]  # (2, h_out, w_out)
    return image, moved, maps[0], maps[1]
# --8<-- [end:equivariance_maps]


# --8<-- [start:learn_kernel]
def learn_kernel(x, y, steps: int = 200, learning_rate: float = 0.1, seed: int = 0):
    """Gradient descent on a 3 x 3 Conv2D's kernel and bias so that it turns the images x into y.

    x: (n, h, w, 1) inputs, y: (n, h - 2, w - 2, 1) the outputs to reach. The loss is the mean squared
    error. Returns (kernel (3, 3), bias, losses): the losses before each step and after the last.
    """
    conv = Conv2D(1, (3, 3))
    conv.build(x.shape[1:], rng=np.random.default_rng(seed), dtype=np.float64)  # random kernel, bias 0
    losses = []
    for _ in range(steps + 1):
        out = conv.forward(x)  # (n, h - 2, w - 2, 1)
        losses.append(float(np.mean((out - y) ** 2)))
        if len(losses) > steps:
            break
        conv.backward(2 * (out - y) / out.size)  # dL/dout of the mean squared error
        conv.kernel -= learning_rate * conv.dkernel  # one step of gradient descent
        conv.bias -= learning_rate * conv.dbias
    return conv.kernel[:, :, 0, 0].copy(), float(conv.bias[0]), losses
# --8<-- [end:learn_kernel]
