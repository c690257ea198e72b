"""NumPy layers with the names, arguments and tensor layout (NHWC) of Keras.

Each layer is a class with ``forward(x, training=False)`` and ``backward(dout)``; short math names
(``x``, ``w``, ``b``, ``dout``) as in "deep learning from scratch", shapes stated in every docstring.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["ReLU", "Conv2D", "conv2d_naive", "check_array"]


def check_array(x, name: str = "x", ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as a float array, or raise ``ValueError`` naming what is wrong with it.

    Rejects non-numeric dtypes, a wrong number of dimensions, NaN and infinity. Integer input is
    converted to float64; float32 and float64 are kept as they are.
    """
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a numeric array, got dtype {x.dtype}")
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinity (shape {x.shape})")
    return x


# --8<-- [start:relu]
class ReLU:
    """Rectified linear unit, ``f(x) = max(0, x)``, applied element by element.

    Keras: ``keras.layers.ReLU()`` or ``keras.layers.Activation('relu')``.

    forward:  x (any shape) -> out (same shape)
    backward: dout (same shape as out) -> dx (same shape as x)
    """

    def __init__(self):
        self.mask = None  # True where x <= 0: those entries pass no gradient

    def forward(self, x, training: bool = False) -> np.ndarray:
        x = check_array(x)
        self.mask = x <= 0
        return np.where(self.mask, np.zeros((), dtype=x.dtype), x)

    def backward(self, dout) -> np.ndarray:
        if self.mask is None:
            raise RuntimeError("ReLU.backward called before forward")
        dout = check_array(dout, "dout")
        if dout.shape != self.mask.shape:
            raise ValueError(
                f"dout must have the shape of forward's output {self.mask.shape}, got {dout.shape}"
            )
        # The derivative of max(0, x) is 1 where x > 0 and 0 elsewhere (0 at x == 0, as in Keras).
        return np.where(self.mask, np.zeros((), dtype=dout.dtype), dout)
# --8<-- [end:relu]


def _pair(value, name: str) -> tuple[int, int]:
    """Turn Keras's ``3`` or ``(3, 3)`` into a pair of positive ints."""
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and v >= 1 for v in pair):
        raise ValueError(f"{name} must be a positive int or a pair of positive ints, got {value!r}")
    return int(pair[0]), int(pair[1])


def _same_padding(size: int, k: int, s: int) -> tuple[int, int]:
    """Padding before/after one axis so that out = ceil(size / s), split as TensorFlow does."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class Conv2D:
    """2-D convolution (cross-correlation, as in Keras) over NHWC input.

    Keras: ``keras.layers.Conv2D(filters, kernel_size, strides=1, padding="valid")``.

    kernel: (kh, kw, c_in, filters), bias: (filters,)
    forward: x (n, h, w, c_in) -> out (n, h_out, w_out, filters)
    """

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid"):
        if not isinstance(filters, (int, np.integer)) or filters < 1:
            raise ValueError(f"filters must be a positive int, got {filters!r}")
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.strides = _pair(strides, "strides")
        self.padding = padding
        self.kernel = None
        self.bias = None

    def get_weights(self) -> list[np.ndarray]:
        return [self.kernel, self.bias]

    def set_weights(self, weights) -> None:
        kernel, bias = (np.asarray(w) for w in weights)
        kh, kw = self.kernel_size
        if kernel.ndim != 4 or kernel.shape[:2] != (kh, kw) or kernel.shape[3] != self.filters:
            raise ValueError(
                f"kernel must have shape ({kh}, {kw}, c_in, {self.filters}), got {kernel.shape}"
            )
        if bias.shape != (self.filters,):
            raise ValueError(f"bias must have shape ({self.filters},), got {bias.shape}")
        self.kernel, self.bias = kernel, bias

    def _pad(self, x: np.ndarray) -> np.ndarray:
        if self.padding == "valid":
            return x
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        pad_h = _same_padding(x.shape[1], kh, sh)
        pad_w = _same_padding(x.shape[2], kw, sw)
        return np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))

    def forward(self, x, training: bool = False) -> np.ndarray:
        x = check_array(x, ndim=4)
        if self.kernel is None:
            raise RuntimeError("Conv2D has no weights: call set_weights([kernel, bias]) first")
        if x.shape[3] != self.kernel.shape[2]:
            raise ValueError(
                f"x has {x.shape[3]} channels but the kernel {self.kernel.shape} expects "
                f"{self.kernel.shape[2]}"
            )
        xp = self._pad(x)  # (n, hp, wp, c_in)
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        if xp.shape[1] < kh or xp.shape[2] < kw:
            raise ValueError(
                f"kernel_size {self.kernel_size} is larger than the input {x.shape[1:3]} "
                f"with padding={self.padding!r}"
            )
        # A read-only view, never written to: (n, h_out, w_out, c_in, kh, kw)
        windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
        # (n, h_out, w_out, c_in, kh, kw) x (kh, kw, c_in, f) -> (n, h_out, w_out, f)
        out = np.einsum("nhwcij,ijcf->nhwf", windows, self.kernel, optimize=True)
        return out + self.bias


def conv2d_naive(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, strides=(1, 1)) -> np.ndarray:
    """Teaching twin of ``Conv2D.forward`` with ``padding="valid"``: one loop per output number.

    x (n, h, w, c_in), kernel (kh, kw, c_in, f), bias (f,) -> out (n, h_out, w_out, f)
    """
    n, h, w, _ = x.shape
    kh, kw, _, f = kernel.shape
    sh, sw = strides
    h_out, w_out = (h - kh) // sh + 1, (w - kw) // sw + 1
    out = np.zeros((n, h_out, w_out, f), dtype=np.result_type(x, kernel))
    for i in range(n):
        for y in range(h_out):
            for x0 in range(w_out):
                patch = x[i, y * sh : y * sh + kh, x0 * sw : x0 * sw + kw, :]  # (kh, kw, c_in)
                for k in range(f):
                    out[i, y, x0, k] = np.sum(patch * kernel[..., k]) + bias[k]
    return out
