"""NumPy layers with the names, arguments and tensor layout (NHWC) of Keras.

Each layer is a class with ``forward(x, training=False)`` and ``backward(dout)``; short math names
(``x``, ``w``, ``b``, ``dout``) as in "deep learning from scratch", shapes stated in every docstring.

Conventions shared by every layer:

- Images are NHWC: ``(n, h, w, c)`` = (batch, height, width, channels), as in Keras.
- float32 and float64 both work; the output has the input's dtype (weights are cast to it), so
  float32 stays float32 all the way. Integer input is converted to float64 (``check_array``).
- ``backward(dout)`` takes d loss / d out (the shape of forward's output) and returns
  d loss / d x (the shape of forward's input). It uses what the last ``forward`` cached.
- Layers with weights (``Conv2D``, ``Dense``) keep them as ``kernel`` and ``bias`` in Keras's
  shapes, with ``get_weights()`` / ``set_weights([kernel, bias])``; after ``backward`` they hold the
  gradients ``dkernel`` and ``dbias`` (d loss / d kernel, d loss / d bias, same shapes).
  ``trainable_weights`` and ``gradients`` list them in that order for the optimizer.
- No Python loop runs over pixels or batch items: windows come from ``sliding_window_view`` (a
  read-only view, never written to) and the arithmetic is one matrix product. The only loops run
  over the few offsets inside a kernel or pool window (9 for 3 x 3) to send gradients back.
  The ``*_naive`` functions are loop-by-loop twins for reading and for testing.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = [
    "check_array",
    "ReLU",
    "Conv2D",
    "conv2d_naive",
    "MaxPooling2D",
    "maxpooling2d_naive",
    "Dropout",
    "Flatten",
    "Dense",
    "Softmax",
    "BatchNormalization",
    "batch_normalization_naive",
    "GlobalAveragePooling2D",
]


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
        return np.maximum(x, 0)  # same dtype as x; -0.0 and 0.0 both give 0

    def backward(self, dout) -> np.ndarray:
        if self.mask is None:
            raise RuntimeError("ReLU.backward called before forward")
        dout = check_array(dout, "dout")
        if dout.shape != self.mask.shape:
            raise ValueError(
                f"dout must have the shape of forward's output {self.mask.shape}, got {dout.shape}"
            )
        # The derivative of max(0, x) is 1 where x > 0 and 0 elsewhere (0 at x == 0, as in Keras).
        return dout * ~self.mask  # True/False act as 1/0; dout keeps its dtype
# --8<-- [end:relu]


# --8<-- [start:window_helpers]
def _pair(value, name: str) -> tuple[int, int]:
    """Turn Keras's ``3`` or ``(3, 3)`` into a pair of positive ints."""
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or not all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 1 for v in pair
    ):
        raise ValueError(f"{name} must be a positive int or a pair of positive ints, got {value!r}")
    return int(pair[0]), int(pair[1])


def _check_padding(padding) -> str:
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    return padding


def _same_padding(size: int, k: int, s: int) -> tuple[int, int]:
    """Padding before/after one axis so that out = ceil(size / s), split as TensorFlow does."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def _window_padding(hw, window, strides, padding, what: str):
    """Padding ``((top, bottom), (left, right))`` and output size ``(h_out, w_out)``.

    hw: the input's (h, w); window: (kh, kw); strides: (sh, sw).
    "valid": no padding, h_out = (h - kh) // sh + 1; "same": h_out = ceil(h / sh).
    Raises ``ValueError`` when the window does not fit in the input ("valid" only).
    """
    (h, w), (kh, kw), (sh, sw) = hw, window, strides
    if padding == "same":
        pad = (_same_padding(h, kh, sh), _same_padding(w, kw, sw))
        return pad, (-(-h // sh), -(-w // sw))
    if h < kh or w < kw:
        raise ValueError(
            f"{what} {window} is larger than the input {(h, w)} with padding='valid' "
            f"(use padding='same' or a larger input)"
        )
    return ((0, 0), (0, 0)), ((h - kh) // sh + 1, (w - kw) // sw + 1)
# --8<-- [end:window_helpers]


def _check_dout(dout, shape: tuple, layer: str) -> np.ndarray:
    dout = check_array(dout, "dout")
    if dout.shape != tuple(shape):
        raise ValueError(
            f"{layer}.backward: dout must have the shape of forward's output {tuple(shape)}, "
            f"got {dout.shape}"
        )
    return dout


def _check_input_shape(input_shape, ndim: int, layer: str) -> tuple:
    """An input shape without the batch axis, e.g. (h, w, c) for ``ndim=3``."""
    shape = tuple(int(v) for v in input_shape)
    if len(shape) != ndim or min(shape) < 1:
        raise ValueError(
            f"{layer}: input_shape must have {ndim} positive sizes (no batch axis), got {shape}"
        )
    return shape


def _glorot_uniform(shape: tuple, fan_in: int, fan_out: int, rng, dtype) -> np.ndarray:
    """Keras's default kernel initializer: uniform in +-sqrt(6 / (fan_in + fan_out))."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


def _he_normal(shape: tuple, fan_in: int, rng, dtype) -> np.ndarray:
    """Keras's ``"he_normal"``: a normal distribution cut at 2 standard deviations (values
    beyond are drawn again), widened so that what is left has stddev sqrt(2 / fan_in).

    Cutting the tails off a standard normal at +-2 leaves a stddev of 0.8796..., so Keras draws
    with sigma = sqrt(2 / fan_in) / 0.87962566103423978 and every value lies within +-2 sigma.
    """
    sigma = np.sqrt(2.0 / max(1.0, fan_in)) / 0.87962566103423978
    z = rng.standard_normal(size=shape)
    outside = np.abs(z) > 2
    while outside.any():  # about 4.6% on the first draw, then fewer and fewer
        z[outside] = rng.standard_normal(size=int(outside.sum()))
        outside = np.abs(z) > 2
    return (z * sigma).astype(dtype)


KERNEL_INITIALIZERS = ("glorot_uniform", "he_normal")


def _check_initializer(initializer) -> str:
    if initializer not in KERNEL_INITIALIZERS:
        raise ValueError(
            f"kernel_initializer must be one of {KERNEL_INITIALIZERS}, got {initializer!r}"
        )
    return initializer


def _init_kernel(initializer: str, shape: tuple, fan_in: int, fan_out: int, rng, dtype):
    """The kernel of ``Conv2D`` / ``Dense``: ``kernel_initializer`` is "glorot_uniform" (Keras's
    default) or "he_normal"; ``build(..., initializer=...)`` overrides the layer's choice."""
    if _check_initializer(initializer) == "he_normal":
        return _he_normal(shape, fan_in, rng, dtype)
    return _glorot_uniform(shape, fan_in, fan_out, rng, dtype)


def _check_weight(value, name: str, shape_text: str, ok) -> np.ndarray:
    value = check_array(value, name)
    if not ok(value.shape):
        raise ValueError(f"{name} must have shape {shape_text}, got {value.shape}")
    return value.copy()  # the layer owns its arrays: the optimizer updates them in place


# --8<-- [start:window_cells]
def _window_cells(i: int, j: int, out_hw: tuple, strides: tuple) -> tuple:
    """Index of the cell at offset (i, j) of every window: a strided slice (not a copy) of the
    padded input (n, h_p, w_p, c) with shape (n, h_out, w_out, c). Window (y, x) starts at row
    y * sh, column x * sw, so its cell (i, j) sits at row i + y * sh, column j + x * sw."""
    (h_out, w_out), (sh, sw) = out_hw, strides
    return np.s_[:, i : i + sh * h_out : sh, j : j + sw * w_out : sw, :]
# --8<-- [end:window_cells]


# --8<-- [start:conv2d]
class Conv2D:
    """2-D convolution (cross-correlation, as in Keras) over NHWC input.

    Keras: ``keras.layers.Conv2D(filters, kernel_size, strides=1, padding="valid")``.

    Weights: kernel (kh, kw, c_in, filters), bias (filters,); after ``backward`` also
    dkernel (kh, kw, c_in, filters) and dbias (filters,).
    forward:  x (n, h, w, c_in) -> out (n, h_out, w_out, filters)
    backward: dout (n, h_out, w_out, filters) -> dx (n, h, w, c_in)
    "valid": h_out = (h - kh) // sh + 1; "same": h_out = ceil(h / sh) (zeros added around x).

    The forward pass is im2col: every kh x kw x c_in window becomes one row of a matrix
    ``cols`` (n * h_out * w_out, kh * kw * c_in), and one matrix product with the kernel
    reshaped to (kh * kw * c_in, filters) computes every output number at once.
    """

    def __init__(
        self, filters: int, kernel_size, strides=1, padding: str = "valid",
        kernel_initializer: str = "glorot_uniform",
    ):
        if not isinstance(filters, (int, np.integer)) or isinstance(filters, bool) or filters < 1:
            raise ValueError(f"filters must be a positive int, got {filters!r}")
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.strides = _pair(strides, "strides")
        self.padding = _check_padding(padding)
        self.kernel_initializer = _check_initializer(kernel_initializer)
        self.kernel = self.bias = None  # (kh, kw, c_in, filters), (filters,)
        self.dkernel = self.dbias = None  # same shapes, set by backward
        self._cache = None  # what backward needs from the last forward

    def compute_output_shape(self, input_shape) -> tuple:
        """(h, w, c_in) -> (h_out, w_out, filters), without the batch axis."""
        h, w, _ = _check_input_shape(input_shape, 3, "Conv2D")
        _, (h_out, w_out) = _window_padding(
            (h, w), self.kernel_size, self.strides, self.padding, "kernel_size"
        )
        return h_out, w_out, self.filters

    def build(self, input_shape, rng=None, dtype=np.float32, initializer=None) -> tuple:
        """Create weights as Keras does (glorot-uniform kernel, zero bias) for input (h, w, c_in).

        rng: np.random.Generator (default: seeded with 0). Returns the output shape.
        """
        out_shape = self.compute_output_shape(input_shape)
        init = self.kernel_initializer if initializer is None else _check_initializer(initializer)
        rng = np.random.default_rng(0) if rng is None else rng
        (kh, kw), c_in = self.kernel_size, int(input_shape[2])
        self.kernel = _init_kernel(
            init, (kh, kw, c_in, self.filters), kh * kw * c_in, kh * kw * self.filters, rng, dtype
        )
        self.bias = np.zeros(self.filters, dtype=dtype)
        return out_shape

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """[kernel, bias]: the layer's own arrays (an optimizer updates them in place)."""
        return [] if self.kernel is None else [self.kernel, self.bias]

    @property
    def gradients(self) -> list[np.ndarray]:
        """[dkernel, dbias] from the last backward, in the order of ``trainable_weights``."""
        return [] if self.dkernel is None else [self.dkernel, self.dbias]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of [kernel (kh, kw, c_in, filters), bias (filters,)], as Keras returns them."""
        return [self.kernel.copy(), self.bias.copy()] if self.kernel is not None else []

    def set_weights(self, weights) -> None:
        """weights: [kernel (kh, kw, c_in, filters), bias (filters,)], e.g. from Keras."""
        if len(weights) != 2:
            raise ValueError(f"Conv2D.set_weights expects [kernel, bias], got {len(weights)} arrays")
        (kh, kw), f = self.kernel_size, self.filters
        kernel = _check_weight(
            weights[0], "kernel", f"({kh}, {kw}, c_in, {f})",
            lambda s: len(s) == 4 and s[:2] == (kh, kw) and s[3] == f,
        )
        self.bias = _check_weight(weights[1], "bias", f"({f},)", lambda s: s == (f,))
        self.kernel = kernel

    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (n, h, w, c_in) -> out (n, h_out, w_out, filters), in x's dtype."""
        x = check_array(x, ndim=4)
        if self.kernel is None:
            raise RuntimeError("Conv2D has no weights: call build(...) or set_weights([kernel, bias])")
        (kh, kw), (sh, sw), f = self.kernel_size, self.strides, self.filters
        n, h, w, c_in = x.shape
        if c_in != self.kernel.shape[2]:
            raise ValueError(
                f"x has {c_in} channels (shape {x.shape}) but the kernel {self.kernel.shape} "
                f"expects {self.kernel.shape[2]}"
            )
        (pad_h, pad_w), (h_out, w_out) = _window_padding(
            (h, w), self.kernel_size, self.strides, self.padding, "kernel_size"
        )
        xp = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))  # (n, h_p, w_p, c_in)
        # A read-only view, never written to: (n, h_out, w_out, c_in, kh, kw)
        windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
        # (n, h_out, w_out, c_in, kh, kw) -> (n, h_out, w_out, kh, kw, c_in): the kernel's order
        windows = windows.transpose(0, 1, 2, 4, 5, 3)
        # im2col, the one copy: (n, h_out, w_out, kh, kw, c_in) -> (n * h_out * w_out, kh * kw * c_in)
        cols = windows.reshape(n * h_out * w_out, kh * kw * c_in)
        w2d = self.kernel.astype(x.dtype, copy=False).reshape(kh * kw * c_in, f)  # (kh*kw*c_in, f)
        out = cols @ w2d  # (n * h_out * w_out, kh*kw*c_in) @ (kh*kw*c_in, f) -> (n*h_out*w_out, f)
        out += self.bias.astype(x.dtype, copy=False)  # (f,) added to every row
        self._cache = (x.shape, xp.shape, (h_out, w_out), pad_h[0], pad_w[0], cols, w2d)
        return out.reshape(n, h_out, w_out, f)  # (n * h_out * w_out, f) -> (n, h_out, w_out, f)

    def backward(self, dout) -> np.ndarray:
        """dout (n, h_out, w_out, filters) -> dx (n, h, w, c_in); sets dkernel and dbias."""
        if self._cache is None:
            raise RuntimeError("Conv2D.backward called before forward")
        x_shape, xp_shape, (h_out, w_out), top, left, cols, w2d = self._cache
        (kh, kw), f = self.kernel_size, self.filters
        n, h, w, c_in = x_shape
        dout = _check_dout(dout, (n, h_out, w_out, f), "Conv2D").astype(cols.dtype, copy=False)
        d2d = dout.reshape(n * h_out * w_out, f)  # (n, h_out, w_out, f) -> (n*h_out*w_out, f)
        self.dbias = d2d.sum(axis=0).astype(self.bias.dtype, copy=False)  # (f,)
        dw = cols.T @ d2d  # (kh*kw*c_in, n*h_out*w_out) @ (n*h_out*w_out, f) -> (kh*kw*c_in, f)
        # (kh*kw*c_in, f) -> (kh, kw, c_in, f): the kernel's own shape
        self.dkernel = dw.reshape(kh, kw, c_in, f).astype(self.kernel.dtype, copy=False)
        # dx: every input pixel gets back dout times the kernel weight it was multiplied by, summed
        # over the windows that read it. One step per kernel offset (i, j) (9 for 3 x 3), never
        # per pixel: one matrix product with that offset's (c_in, f) slice of the kernel, added
        # onto the cells at offset (i, j) of every window (windows overlap, hence +=).
        w4 = w2d.reshape(kh, kw, c_in, f)  # (kh*kw*c_in, f) -> (kh, kw, c_in, f)
        dxp = np.zeros(xp_shape, dtype=cols.dtype)  # (n, h_p, w_p, c_in), padding included
        for i in range(kh):
            for j in range(kw):
                block = d2d @ w4[i, j].T  # (n*h_out*w_out, f) @ (f, c_in) -> (n*h_out*w_out, c_in)
                # (n*h_out*w_out, c_in) -> (n, h_out, w_out, c_in), added onto a strided slice
                dxp[_window_cells(i, j, (h_out, w_out), self.strides)] += block.reshape(n, h_out, w_out, c_in)
        return dxp[:, top : top + h, left : left + w, :]  # drop the padding: (n, h, w, c_in)
# --8<-- [end:conv2d]


# --8<-- [start:conv2d_naive]
def conv2d_naive(x, kernel, bias, strides=(1, 1), padding: str = "valid") -> np.ndarray:
    """Teaching twin of ``Conv2D.forward``: one Python loop per output number.

    x (n, h, w, c_in), kernel (kh, kw, c_in, f), bias (f,) -> out (n, h_out, w_out, f)
    """
    x, kernel, bias = np.asarray(x), np.asarray(kernel), np.asarray(bias)
    n, h, w, _ = x.shape
    kh, kw, _, f = kernel.shape
    sh, sw = _pair(strides, "strides")
    (pad_h, pad_w), (h_out, w_out) = _window_padding(
        (h, w), (kh, kw), (sh, sw), _check_padding(padding), "kernel_size"
    )
    x = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))  # zeros around each image: (n, h_p, w_p, c_in)
    out = np.zeros((n, h_out, w_out, f), dtype=np.result_type(x, kernel))
    for i in range(n):  # every image
        for y in range(h_out):  # every output row
            for x0 in range(w_out):  # every output column
                patch = x[i, y * sh : y * sh + kh, x0 * sw : x0 * sw + kw, :]  # (kh, kw, c_in)
                for k in range(f):  # every filter: multiply element by element and add up
                    out[i, y, x0, k] = np.sum(patch * kernel[..., k]) + bias[k]
    return out
# --8<-- [end:conv2d_naive]


# --8<-- [start:maxpooling2d]
class MaxPooling2D:
    """Max pooling: the largest value of every pool_size window, channel by channel.

    Keras: ``keras.layers.MaxPooling2D(pool_size=2, strides=None, padding="valid")``;
    ``strides=None`` means strides = pool_size (windows side by side, no overlap).

    forward:  x (n, h, w, c) -> out (n, h_out, w_out, c)
    backward: dout (n, h_out, w_out, c) -> dx (n, h, w, c): each window's gradient goes to the
    cell that won the max (the first one, on a tie); every other cell gets 0.
    "valid": h_out = (h - ph) // sh + 1 (a leftover row is dropped); "same": h_out = ceil(h / sh),
    padded with -inf so that padding never wins.
    """

    def __init__(self, pool_size=2, strides=None, padding: str = "valid"):
        self.pool_size = _pair(pool_size, "pool_size")
        self.strides = self.pool_size if strides is None else _pair(strides, "strides")
        self.padding = _check_padding(padding)
        self._cache = None

    def compute_output_shape(self, input_shape) -> tuple:
        """(h, w, c) -> (h_out, w_out, c), without the batch axis."""
        h, w, c = _check_input_shape(input_shape, 3, "MaxPooling2D")
        _, (h_out, w_out) = _window_padding(
            (h, w), self.pool_size, self.strides, self.padding, "pool_size"
        )
        return h_out, w_out, c

    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (n, h, w, c) -> out (n, h_out, w_out, c)."""
        x = check_array(x, ndim=4)
        (ph, pw), (sh, sw) = self.pool_size, self.strides
        n, h, w, c = x.shape
        (pad_h, pad_w), (h_out, w_out) = _window_padding(
            (h, w), self.pool_size, self.strides, self.padding, "pool_size"
        )
        xp = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), constant_values=-np.inf)  # (n, h_p, w_p, c)
        # A read-only view, never written to: (n, h_out, w_out, c, ph, pw)
        windows = sliding_window_view(xp, (ph, pw), axis=(1, 2))[:, ::sh, ::sw]
        # Cells grouped by their offset in the window, a copy:
        # (n, h_out, w_out, c, ph, pw) -> (ph, pw, n, h_out, w_out, c) -> (ph * pw, n, h_out, w_out, c)
        cells = windows.transpose(4, 5, 0, 1, 2, 3).reshape(ph * pw, n, h_out, w_out, c)
        out = cells.max(axis=0)  # (n, h_out, w_out, c)
        self._cache = (x.shape, xp.shape, pad_h[0], pad_w[0], cells, out)
        return out

    def backward(self, dout) -> np.ndarray:
        """dout (n, h_out, w_out, c) -> dx (n, h, w, c)."""
        if self._cache is None:
            raise RuntimeError("MaxPooling2D.backward called before forward")
        (n, h, w, c), xp_shape, top, left, cells, out = self._cache
        ph, pw = self.pool_size
        dout = _check_dout(dout, out.shape, "MaxPooling2D")
        dxp = np.zeros(xp_shape, dtype=dout.dtype)  # (n, h_p, w_p, c), padding included
        free = np.ones(out.shape, dtype=bool)  # (n, h_out, w_out, c): window not yet routed
        # One step per window offset (i, j) (4 for 2 x 2), never per pixel: the windows whose max
        # sits at (i, j) send their dout there (+=: overlapping windows may pick the same pixel).
        for i in range(ph):
            for j in range(pw):
                wins = free & (cells[i * pw + j] == out)  # (n, h_out, w_out, c): the first max
                dxp[_window_cells(i, j, out.shape[1:3], self.strides)] += np.where(wins, dout, 0)
                free &= ~wins
        return dxp[:, top : top + h, left : left + w, :]  # drop the padding: (n, h, w, c)
# --8<-- [end:maxpooling2d]


# --8<-- [start:maxpooling2d_naive]
def maxpooling2d_naive(x, pool_size=(2, 2), strides=None, padding: str = "valid") -> np.ndarray:
    """Teaching twin of ``MaxPooling2D.forward``: one Python loop per output number.

    x (n, h, w, c) -> out (n, h_out, w_out, c)
    """
    x = np.asarray(x)
    n, h, w, c = x.shape
    ph, pw = _pair(pool_size, "pool_size")
    sh, sw = (ph, pw) if strides is None else _pair(strides, "strides")
    (pad_h, pad_w), (h_out, w_out) = _window_padding(
        (h, w), (ph, pw), (sh, sw), _check_padding(padding), "pool_size"
    )
    x = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)), constant_values=-np.inf)  # (n, h_p, w_p, c)
    out = np.zeros((n, h_out, w_out, c), dtype=x.dtype)
    for i in range(n):  # every image
        for y in range(h_out):  # every output row
            for x0 in range(w_out):  # every output column
                for k in range(c):  # every channel on its own
                    out[i, y, x0, k] = x[i, y * sh : y * sh + ph, x0 * sw : x0 * sw + pw, k].max()
    return out
# --8<-- [end:maxpooling2d_naive]


# --8<-- [start:dropout]
class Dropout:
    """Inverted dropout, as in Keras: in training, zero each value with probability ``rate``
    and scale the survivors by 1 / (1 - rate), so the expected sum stays the same;
    at inference (``training=False``) pass x through unchanged.

    Keras: ``keras.layers.Dropout(rate)``. The random source is injected: ``rng`` is a
    ``np.random.Generator`` (default: a fresh unseeded one), so a seeded run is reproducible.

    forward:  x (any shape) -> out (same shape)
    backward: dout (same shape) -> dx = dout * mask, where mask (same shape) holds 0 or
    1 / (1 - rate) from the last training forward (all ones at inference).
    """

    def __init__(self, rate: float, rng: np.random.Generator | None = None):
        if isinstance(rate, bool) or not isinstance(rate, (int, float, np.integer, np.floating)):
            raise ValueError(f"rate must be a number in [0, 1), got {rate!r}")
        if not 0 <= rate < 1:
            raise ValueError(f"rate must be in [0, 1) (the fraction of values dropped), got {rate!r}")
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        self.rate = float(rate)
        self.rng = np.random.default_rng() if rng is None else rng
        self.mask = None  # (shape of x): 0 or 1 / (1 - rate); None at inference
        self._shape = None  # shape of the last forward's x; None before any forward

    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (any shape) -> out (same shape, same dtype)."""
        x = check_array(x)
        self._shape = x.shape
        if not training or self.rate == 0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) >= self.rate  # (shape of x): True with probability 1 - rate
        self.mask = keep.astype(x.dtype) * (1.0 / (1.0 - self.rate))  # (shape of x): 0 or 1/(1-rate)
        return x * self.mask

    def backward(self, dout) -> np.ndarray:
        """dout (shape of x) -> dx (shape of x)."""
        if self._shape is None:
            raise RuntimeError("Dropout.backward called before forward")
        dout = _check_dout(dout, self._shape, "Dropout")
        return dout if self.mask is None else dout * self.mask
# --8<-- [end:dropout]


# --8<-- [start:flatten]
class Flatten:
    """Line up every value of each example in one row, in (h, w, c) order as Keras does.

    Keras: ``keras.layers.Flatten()``.

    forward:  x (n, h, w, c) (or any (n, ...)) -> out (n, h * w * c)
    backward: dout (n, h * w * c) -> dx (n, h, w, c)
    """

    def __init__(self):
        self._shape = None  # shape of the last forward's x

    def compute_output_shape(self, input_shape) -> tuple:
        """(h, w, c) -> (h * w * c,), without the batch axis."""
        return (int(np.prod(input_shape)),)

    def forward(self, x, training: bool = False) -> np.ndarray:
        x = check_array(x)
        if x.ndim < 2:
            raise ValueError(f"Flatten needs x with a batch axis, shape (n, ...), got {x.shape}")
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)  # (n, h, w, c) -> (n, h * w * c)

    def backward(self, dout) -> np.ndarray:
        if self._shape is None:
            raise RuntimeError("Flatten.backward called before forward")
        n = self._shape[0]
        dout = _check_dout(dout, (n, int(np.prod(self._shape[1:]))), "Flatten")
        return dout.reshape(self._shape)  # (n, h * w * c) -> (n, h, w, c)
# --8<-- [end:flatten]


# --8<-- [start:dense]
class Dense:
    """Fully connected layer: out = x @ kernel + bias.

    Keras: ``keras.layers.Dense(units)``.

    Weights: kernel (in, units), bias (units,); after ``backward`` also dkernel (in, units) and
    dbias (units,).
    forward:  x (n, in) -> out (n, units)
    backward: dout (n, units) -> dx (n, in)
    """

    def __init__(self, units: int, kernel_initializer: str = "glorot_uniform"):
        if not isinstance(units, (int, np.integer)) or isinstance(units, bool) or units < 1:
            raise ValueError(f"units must be a positive int, got {units!r}")
        self.units = int(units)
        self.kernel_initializer = _check_initializer(kernel_initializer)
        self.kernel = self.bias = None  # (in, units), (units,)
        self.dkernel = self.dbias = None  # same shapes, set by backward
        self._x = None  # the last forward's x (n, in)

    def compute_output_shape(self, input_shape) -> tuple:
        """(in,) -> (units,), without the batch axis."""
        _check_input_shape(input_shape, 1, "Dense")
        return (self.units,)

    def build(self, input_shape, rng=None, dtype=np.float32, initializer=None) -> tuple:
        """Create weights as Keras does (glorot-uniform kernel, zero bias) for input (in,).

        rng: np.random.Generator (default: seeded with 0). Returns the output shape (units,).
        """
        out_shape = self.compute_output_shape(input_shape)
        init = self.kernel_initializer if initializer is None else _check_initializer(initializer)
        rng = np.random.default_rng(0) if rng is None else rng
        n_in = int(input_shape[0])
        self.kernel = _init_kernel(init, (n_in, self.units), n_in, self.units, rng, dtype)
        self.bias = np.zeros(self.units, dtype=dtype)
        return out_shape

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """[kernel, bias]: the layer's own arrays (an optimizer updates them in place)."""
        return [] if self.kernel is None else [self.kernel, self.bias]

    @property
    def gradients(self) -> list[np.ndarray]:
        """[dkernel, dbias] from the last backward, in the order of ``trainable_weights``."""
        return [] if self.dkernel is None else [self.dkernel, self.dbias]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of [kernel (in, units), bias (units,)], as Keras returns them."""
        return [self.kernel.copy(), self.bias.copy()] if self.kernel is not None else []

    def set_weights(self, weights) -> None:
        """weights: [kernel (in, units), bias (units,)], e.g. from Keras."""
        if len(weights) != 2:
            raise ValueError(f"Dense.set_weights expects [kernel, bias], got {len(weights)} arrays")
        u = self.units
        kernel = _check_weight(
            weights[0], "kernel", f"(in, {u})", lambda s: len(s) == 2 and s[1] == u
        )
        self.bias = _check_weight(weights[1], "bias", f"({u},)", lambda s: s == (u,))
        self.kernel = kernel

    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (n, in) -> out (n, units), in x's dtype."""
        x = check_array(x)
        if self.kernel is None:
            raise RuntimeError("Dense has no weights: call build(...) or set_weights([kernel, bias])")
        if x.ndim != 2:
            raise ValueError(
                f"Dense expects x of shape (n, features), got {x.shape} (put a Flatten() before it)"
            )
        if x.shape[1] != self.kernel.shape[0]:
            raise ValueError(
                f"x has {x.shape[1]} features (shape {x.shape}) but the kernel {self.kernel.shape} "
                f"expects {self.kernel.shape[0]}"
            )
        self._x = x
        w = self.kernel.astype(x.dtype, copy=False)  # (in, units)
        return x @ w + self.bias.astype(x.dtype, copy=False)  # (n, in) @ (in, units) -> (n, units)

    def backward(self, dout) -> np.ndarray:
        """dout (n, units) -> dx (n, in); sets dkernel (in, units) and dbias (units,)."""
        if self._x is None:
            raise RuntimeError("Dense.backward called before forward")
        x = self._x
        dout = _check_dout(dout, (x.shape[0], self.units), "Dense").astype(x.dtype, copy=False)
        w = self.kernel.astype(x.dtype, copy=False)  # (in, units)
        self.dkernel = (x.T @ dout).astype(self.kernel.dtype, copy=False)  # (in, n) @ (n, units)
        self.dbias = dout.sum(axis=0).astype(self.bias.dtype, copy=False)  # (units,)
        return dout @ w.T  # (n, units) @ (units, in) -> (n, in)
# --8<-- [end:dense]


# --8<-- [start:softmax]
class Softmax:
    """Turn scores into probabilities that sum to 1 along ``axis``:
    y = exp(x - max(x)) / sum(exp(x - max(x))). Subtracting the row's max changes nothing
    mathematically but keeps exp from overflowing (exp(1000) is inf; exp(0) is 1).

    Keras: ``keras.layers.Softmax(axis=-1)``.

    forward:  x (n, classes) (any shape) -> y (same shape), each row sums to 1
    backward: dout (same shape) -> dx = y * (dout - sum(dout * y, axis))
    """

    def __init__(self, axis: int = -1):
        self.axis = axis
        self.y = None  # the last forward's output

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def forward(self, x, training: bool = False) -> np.ndarray:
        x = check_array(x)
        if x.ndim < 1:
            raise ValueError(f"Softmax needs at least one axis, got shape {x.shape}")
        e = np.exp(x - x.max(axis=self.axis, keepdims=True))  # (n, classes), every value in (0, 1]
        self.y = e / e.sum(axis=self.axis, keepdims=True)  # (n, classes) / (n, 1)
        return self.y

    def backward(self, dout) -> np.ndarray:
        if self.y is None:
            raise RuntimeError("Softmax.backward called before forward")
        y = self.y
        dout = _check_dout(dout, y.shape, "Softmax")
        return y * (dout - np.sum(dout * y, axis=self.axis, keepdims=True))  # (n, classes)
# --8<-- [end:softmax]


# --8<-- [start:batch_normalization]
class BatchNormalization:
    """Normalize each channel (the last axis) to mean 0 and variance 1, then scale and shift it:
    out = gamma * (x - mean) / sqrt(variance + epsilon) + beta.

    Keras: ``keras.layers.BatchNormalization(axis=-1, momentum=0.99, epsilon=1e-3)``
    (gamma starts at ones, beta at zeros, moving_mean at zeros, moving_variance at ones).

    Training (``training=True``): mean and variance are the batch's own, taken over every axis
    but the last (the n * h * w numbers of a channel for NHWC input; the n numbers of a feature
    for (n, features)); the variance divides by that count (not count - 1). Each call also moves
    the running statistics, as Keras does:
    moving_mean = moving_mean * momentum + mean * (1 - momentum), the same for moving_variance.
    Inference (``training=False``, the default): mean and variance are moving_mean and
    moving_variance, so each example's output no longer depends on the rest of its batch.

    Weights: gamma, beta (trainable), moving_mean, moving_variance (not trainable), all (c,);
    after ``backward`` also dgamma and dbeta (c,).
    forward:  x (n, ..., c), e.g. (n, h, w, c) or (n, features) -> out (same shape)
    backward: dout (same shape) -> dx (same shape). After a training forward this is the full
    batch-norm gradient (the batch's mean and variance depend on x too); after an inference
    forward the moving statistics are constants and dx = dout * gamma / sqrt(moving_variance + epsilon).
    """

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3):
        if axis != -1:
            raise ValueError(f"only axis=-1 (channels last, as in NHWC) is supported, got axis={axis!r}")
        for name, value, ok, text in (
            ("momentum", momentum, lambda v: 0 <= v <= 1, "in [0, 1]"),
            ("epsilon", epsilon, lambda v: v > 0, "positive"),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ValueError(f"{name} must be a number {text}, got {value!r}")
            if not ok(value):
                raise ValueError(f"{name} must be {text}, got {value!r}")
        self.axis = -1
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.gamma = self.beta = None  # (c,), (c,): trainable
        self.moving_mean = self.moving_variance = None  # (c,), (c,): updated by training forwards
        self.dgamma = self.dbeta = None  # same shapes, set by backward
        self.input_shape = None  # without the batch axis, e.g. (h, w, c); set by build
        self._cache = None  # what backward needs from the last forward

    def compute_output_shape(self, input_shape) -> tuple:
        """(..., c) -> (..., c): the shape does not change (no batch axis)."""
        shape = tuple(int(v) for v in input_shape)
        if len(shape) < 1 or min(shape) < 1:
            raise ValueError(
                f"BatchNormalization: input_shape must have at least 1 positive size "
                f"(no batch axis), got {shape}"
            )
        return shape

    def build(self, input_shape, rng=None, dtype=np.float32) -> tuple:
        """Create weights as Keras does (gamma ones, beta zeros, moving_mean zeros,
        moving_variance ones) for input (..., c), e.g. (h, w, c). Nothing is random: rng is
        accepted only so that every layer builds alike. Returns the output shape."""
        out_shape = self.compute_output_shape(input_shape)
        c = out_shape[-1]
        self.gamma, self.beta = np.ones(c, dtype=dtype), np.zeros(c, dtype=dtype)
        self.moving_mean, self.moving_variance = np.zeros(c, dtype=dtype), np.ones(c, dtype=dtype)
        self.input_shape = out_shape
        return out_shape

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """[gamma, beta]: the layer's own arrays (an optimizer updates them in place)."""
        return [] if self.gamma is None else [self.gamma, self.beta]

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """[moving_mean, moving_variance]: changed by training forwards, never by an optimizer."""
        return [] if self.gamma is None else [self.moving_mean, self.moving_variance]

    @property
    def gradients(self) -> list[np.ndarray]:
        """[dgamma, dbeta] from the last backward, in the order of ``trainable_weights``."""
        return [] if self.dgamma is None else [self.dgamma, self.dbeta]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of [gamma, beta, moving_mean, moving_variance], each (c,), as Keras returns them."""
        return [w.copy() for w in self.trainable_weights + self.non_trainable_weights]

    def set_weights(self, weights) -> None:
        """weights: [gamma, beta, moving_mean, moving_variance], each (c,), e.g. from Keras."""
        if len(weights) != 4:
            raise ValueError(
                "BatchNormalization.set_weights expects [gamma, beta, moving_mean, moving_variance], "
                f"got {len(weights)} arrays"
            )
        c = None if self.gamma is None else self.gamma.shape[0]  # unbuilt: gamma's length decides
        values = []
        for w, name in zip(weights, ("gamma", "beta", "moving_mean", "moving_variance")):
            values.append(_check_weight(
                w, name, "(c,)" if c is None else f"({c},)",
                lambda s: len(s) == 1 and s[0] >= 1 and (c is None or s[0] == c),
            ))
            c = values[-1].shape[0]
        if np.any(values[3] < 0):
            raise ValueError(f"moving_variance must not be negative, got {values[3]}")
        self.gamma, self.beta, self.moving_mean, self.moving_variance = values

    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (n, ..., c) -> out (same shape, x's dtype)."""
        ndim = None if self.input_shape is None else len(self.input_shape) + 1
        x = check_array(x, ndim=ndim)
        if self.gamma is None:
            raise RuntimeError(
                "BatchNormalization has no weights: call build(...) or "
                "set_weights([gamma, beta, moving_mean, moving_variance])"
            )
        if x.ndim < 2:
            raise ValueError(
                f"BatchNormalization needs x with a batch axis and a channel axis, shape (n, ..., c), "
                f"got {x.shape}"
            )
        c = self.gamma.shape[0]
        if x.shape[-1] != c:
            raise ValueError(
                f"x has {x.shape[-1]} channels (shape {x.shape}) but the layer has {c} "
                f"(gamma {self.gamma.shape})"
            )
        axes = tuple(range(x.ndim - 1))  # every axis but the channels: (0, 1, 2) for NHWC
        if training:
            mean = x.mean(axis=axes)  # (c,)
            variance = np.square(x - mean).mean(axis=axes)  # (c,): divided by the count, n * h * w
            m = self.momentum  # the running statistics forget a share 1 - m per training call
            self.moving_mean[...] = self.moving_mean * m + mean * (1 - m)
            self.moving_variance[...] = self.moving_variance * m + variance * (1 - m)
        else:
            mean = self.moving_mean.astype(x.dtype, copy=False)  # (c,)
            variance = self.moving_variance.astype(x.dtype, copy=False)  # (c,)
        inv_std = 1 / np.sqrt(variance + self.epsilon)  # (c,), x's dtype: epsilon inside the root
        x_hat = (x - mean) * inv_std  # (n, ..., c): mean 0, variance ~1 per channel in training
        gamma, beta = self.gamma.astype(x.dtype, copy=False), self.beta.astype(x.dtype, copy=False)
        self._cache = (bool(training), x_hat, inv_std, gamma)
        return x_hat * gamma + beta  # (c,) broadcast over every axis but the last

    def backward(self, dout) -> np.ndarray:
        """dout (n, ..., c) -> dx (same shape); sets dgamma and dbeta (c,)."""
        if self._cache is None:
            raise RuntimeError("BatchNormalization.backward called before forward")
        training, x_hat, inv_std, gamma = self._cache
        dout = _check_dout(dout, x_hat.shape, "BatchNormalization").astype(x_hat.dtype, copy=False)
        axes = tuple(range(x_hat.ndim - 1))
        dbeta = dout.sum(axis=axes)  # (c,): beta is added to every position
        dgamma = (dout * x_hat).sum(axis=axes)  # (c,): gamma multiplies x_hat
        self.dbeta = dbeta.astype(self.beta.dtype, copy=False)
        self.dgamma = dgamma.astype(self.gamma.dtype, copy=False)
        if not training:  # mean and variance are constants: only the affine map remains
            return dout * (gamma * inv_std)
        # The batch's mean and variance move with every x too. With count = n * h * w numbers per
        # channel, x_hat = (x - mean) * inv_std, and d x_hat = dout * gamma, the chain rule gives
        # dx = inv_std * (d x_hat - mean(d x_hat) - x_hat * mean(d x_hat * x_hat)),
        # where mean(d x_hat) = gamma * dbeta / count and mean(d x_hat * x_hat) = gamma * dgamma / count.
        count = x_hat.size // x_hat.shape[-1]
        return (gamma * inv_std) * (dout - dbeta / count - x_hat * (dgamma / count))
# --8<-- [end:batch_normalization]


# --8<-- [start:batch_normalization_naive]
def batch_normalization_naive(
    x, gamma, beta, moving_mean, moving_variance, training: bool = False,
    momentum: float = 0.99, epsilon: float = 1e-3,
):
    """Teaching twin of ``BatchNormalization.forward``: one channel at a time, sums written out.

    x (n, ..., c), gamma, beta, moving_mean, moving_variance (c,) ->
    (out (n, ..., c), new moving_mean (c,), new moving_variance (c,)).
    The moving statistics change only when ``training`` is true; the arrays given are not modified.
    """
    x, gamma, beta = np.asarray(x), np.asarray(gamma), np.asarray(beta)
    new_mean = np.array(moving_mean, copy=True)  # (c,): copies, the arguments stay as they were
    new_variance = np.array(moving_variance, copy=True)  # (c,)
    c = x.shape[-1]
    out = np.zeros(x.shape, dtype=np.result_type(x, gamma))
    positions = list(np.ndindex(x.shape[:-1]))  # every (i, y, x0) of an NHWC batch
    for k in range(c):  # every channel on its own
        if training:
            total = 0.0
            for p in positions:
                total += x[p + (k,)]
            mean = total / len(positions)
            squares = 0.0
            for p in positions:
                squares += (x[p + (k,)] - mean) ** 2
            variance = squares / len(positions)  # divided by the count, not count - 1
            new_mean[k] = new_mean[k] * momentum + mean * (1 - momentum)
            new_variance[k] = new_variance[k] * momentum + variance * (1 - momentum)
        else:
            mean, variance = new_mean[k], new_variance[k]
        for p in positions:
            out[p + (k,)] = gamma[k] * (x[p + (k,)] - mean) / np.sqrt(variance + epsilon) + beta[k]
    return out, new_mean, new_variance
# --8<-- [end:batch_normalization_naive]


# --8<-- [start:global_average_pooling2d]
class GlobalAveragePooling2D:
    """The average of each channel over the whole image: one number per channel.

    Keras: ``keras.layers.GlobalAveragePooling2D()`` (channels_last, keepdims=False).

    forward:  x (n, h, w, c) -> out (n, c), out[i, k] = mean of x[i, :, :, k]
    backward: dout (n, c) -> dx (n, h, w, c): each of the h * w pixels of channel k got a
    share 1 / (h * w) of the average, so each gets back dout[i, k] / (h * w).
    """

    def __init__(self):
        self._shape = None  # shape of the last forward's x

    def compute_output_shape(self, input_shape) -> tuple:
        """(h, w, c) -> (c,), without the batch axis."""
        _, _, c = _check_input_shape(input_shape, 3, "GlobalAveragePooling2D")
        return (c,)

    def forward(self, x, training: bool = False) -> np.ndarray:
        """x (n, h, w, c) -> out (n, c), in x's dtype."""
        x = check_array(x, ndim=4)
        self._shape = x.shape
        return x.mean(axis=(1, 2))  # (n, h, w, c) -> (n, c)

    def backward(self, dout) -> np.ndarray:
        """dout (n, c) -> dx (n, h, w, c)."""
        if self._shape is None:
            raise RuntimeError("GlobalAveragePooling2D.backward called before forward")
        n, h, w, c = self._shape
        dout = _check_dout(dout, (n, c), "GlobalAveragePooling2D")
        dx = np.empty(self._shape, dtype=dout.dtype)  # (n, h, w, c)
        dx[...] = (dout / (h * w))[:, None, None, :]  # (n, c) -> (n, 1, 1, c), copied to every pixel
        return dx
# --8<-- [end:global_average_pooling2d]
