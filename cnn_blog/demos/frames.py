"""The computations behind the site's interactive figures: one frame per setting of a slider.

A page's still figure shows one setting (stride 1, ``Dropout(0.25)``, T = 1, one learning rate); the
interactive figure next to it lets a reader move the number. Every frame is computed here, at build
time, with the same ``cnn_blog`` layers and rules the page shows, and the browser only picks which
precomputed frame to show (``sitebuild/frames.py`` turns a frame table into the page's HTML):

- ``conv_frames``: one filter of part 2 on the cat photo for each stride, padding and kernel size,
  with the output size from the page's size rule beside the layer's own;
- ``dropout_frames``: part 5's feature map under ``Dropout(rate)`` for each rate and a few masks;
- ``temperature_frames``: part 7's softmax of one prediction's scores divided by each temperature;
- ``learning_rate_frames``: part 11's gradient descent, RMSProp and Adam on the page's loss surface
  for each learning rate.

``frame_table`` checks and assembles what a snippet writes as ``<page>-<name>.<lang>.frames.json``.
NumPy only: importing this module loads no TensorFlow and no Matplotlib.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np

from cnn_blog import data
from cnn_blog.demos.adam import START, rmsprop_step, sgd_step, surface_gradient, surface_loss
from cnn_blog.demos.conv2d import EDGE_FILTERS
from cnn_blog.demos.dropout import dropout_steps
from cnn_blog.layers import Conv2D, Dropout, Softmax
from cnn_blog.optimizers import Adam

# --8<-- [start:conv]
STRIDES = (1, 2, 3)
PADDINGS = ("valid", "same")
KERNEL_SIZES = (3, 5)

# The page's vertical-edge filter (Sobel, 3 x 3) and its 5 x 5 sibling: the 3 x 3 filter is
# [1, 2, 1] (down the rows) times [-1, 0, 1] (across the columns); smoothing each factor once more
# with [1, 2, 1] gives [1, 4, 6, 4, 1] times [-1, -2, 0, 2, 1], the 5 x 5 Sobel filter. Both answer
# positive where the photo grows brighter to the right.
VERTICAL_FILTERS = {
    3: EDGE_FILTERS["vertical"],
    5: np.outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1]).astype(np.float64),
}


def output_side(size: int, kernel_size: int, stride: int, padding: str) -> int:
    """The page's size rule for one side: 'valid' floor((size - k) / s) + 1, 'same' ceil(size / s)."""
    if padding == "valid":
        return (size - kernel_size) // stride + 1
    if padding == "same":
        return math.ceil(size / stride)
    raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")


def conv_frames(image=None) -> list[dict]:
    """The vertical-edge filter on the photo for every stride, padding and kernel size.

    image: (h, w) gray in [0, 1], by default the cat photo ``data.chelsea_gray()`` (150, 225).
    Returns one dict per setting (strides x paddings x kernel sizes, 12 in all): ``stride``,
    ``padding``, ``kernel_size``, ``kernel`` (k, k), ``out`` (h_out, w_out), the feature map of
    ``cnn_blog.layers.Conv2D``, and ``rule`` (h_out, w_out) from ``output_side``.
    """
    image = data.chelsea_gray() if image is None else np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or min(image.shape) < max(KERNEL_SIZES):
        raise ValueError(f"image must be a gray (h, w) array of at least {max(KERNEL_SIZES)} x "
                         f"{max(KERNEL_SIZES)} pixels, got shape {image.shape}")
    x = image.reshape(1, *image.shape, 1)  # (h, w) -> (n=1, h, w, c=1)
    frames = []
    for stride, padding, k in product(STRIDES, PADDINGS, KERNEL_SIZES):
        kernel = VERTICAL_FILTERS[k]
        conv = Conv2D(1, (k, k), strides=stride, padding=padding)
        conv.set_weights([kernel.reshape(k, k, 1, 1), np.zeros(1)])  # (k, k) -> (kh, kw, c_in=1, filters=1)
        out = conv.forward(x)[0, :, :, 0]  # (1, h_out, w_out, 1) -> (h_out, w_out)
        rule = tuple(output_side(side, k, stride, padding) for side in image.shape)
        frames.append({"stride": stride, "padding": padding, "kernel_size": k, "kernel": kernel,
                       "out": out, "rule": rule})
    return frames
# --8<-- [end:conv]


# --8<-- [start:dropout]
DROPOUT_RATES = tuple(round(0.1 * i, 1) for i in range(10))  # 0.0, 0.1, ..., 0.9
MASKS = 4  # masks drawn per rate: the reader's "new mask" button cycles through them


def dropout_frames(rates=DROPOUT_RATES, masks: int = MASKS) -> tuple[np.ndarray, list[dict]]:
    """Part 5's ReLU feature map of the cat photo under ``Dropout(rate)`` in training.

    Mask ``m`` of every rate comes from ``np.random.default_rng(m)``: the same random numbers for
    each rate, so a higher rate drops what a lower one dropped and more. Returns ``(fmap, frames)``:
    fmap (h - 2, w - 2), the map (``cnn_blog.demos.dropout.dropout_steps``); frames, one dict per
    (rate, mask) with ``rate``, ``mask``, ``out`` (shape of fmap, ``cnn_blog.layers.Dropout``'s
    output with ``training=True``) and ``keep`` (bool, shape of fmap, True where a value was kept).
    """
    if masks < 1:
        raise ValueError(f"masks must be 1 or more, got {masks}")
    _, fmap, _, _ = dropout_steps(steps=1)  # photo -> Conv2D -> ReLU, as on the page
    frames = []
    for rate, m in product(rates, range(masks)):
        dropout = Dropout(rate, rng=np.random.default_rng(m))
        out = dropout.forward(fmap, training=True)  # 0 or value / (1 - rate)
        keep = np.ones(fmap.shape, dtype=bool) if dropout.mask is None else dropout.mask > 0  # rate 0: no mask
        frames.append({"rate": rate, "mask": m, "out": out, "keep": keep})
    return fmap, frames
# --8<-- [end:dropout]


# --8<-- [start:temperature]
TEMPERATURES = (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10)


def temperature_frames(scores, temperatures=TEMPERATURES) -> np.ndarray:
    """The softmax of one image's scores divided by each temperature T.

    scores (classes,); returns (len(temperatures), classes), row i = Softmax(scores / temperatures[i]).
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 1 or scores.size < 2:
        raise ValueError(f"scores must be one image's (classes,) scores, got shape {scores.shape}")
    if any(not t > 0 for t in temperatures):
        raise ValueError(f"temperatures must be positive, got {temperatures}")
    return np.stack([Softmax().forward(scores / t) for t in temperatures])  # (temperatures, classes)
# --8<-- [end:temperature]


# --8<-- [start:learning_rate]
LEARNING_RATES = (0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.39, 0.41)  # plain gradient descent diverges above 2 / 5
OPTIMIZERS = ("SGD", "RMSprop", "Adam")
STEPS = 40


def learning_rate_frames(learning_rates=LEARNING_RATES, steps: int = STEPS) -> list[dict]:
    """Gradient descent, RMSProp and Adam from the page's start on its loss surface, for each rate.

    The rules are the page's (``sgd_step`` and ``rmsprop_step`` of ``cnn_blog.demos.adam``,
    ``cnn_blog.optimizers.Adam``). Returns one dict per learning rate: ``learning_rate``, ``paths``
    ({name: (steps + 1, 2) array of (w1, w2), the start first}) and ``losses`` ({name: the loss at the end}).
    """
    if steps < 1:
        raise ValueError(f"steps must be 1 or more, got {steps}")
    frames = []
    for lr in learning_rates:
        if not lr > 0:
            raise ValueError(f"learning rates must be positive, got {lr}")
        paths = {}
        w = START.copy()
        paths["SGD"] = [w]
        for _ in range(steps):
            w = sgd_step(w, surface_gradient(w), lr)
            paths["SGD"].append(w)
        w, velocity = START.copy(), np.zeros(2)
        paths["RMSprop"] = [w]
        for _ in range(steps):
            w, velocity = rmsprop_step(w, surface_gradient(w), velocity, lr)
            paths["RMSprop"].append(w)
        w, adam = START.copy(), Adam(learning_rate=lr)
        paths["Adam"] = [w.copy()]
        for _ in range(steps):
            adam.apply([surface_gradient(w)], [w])  # updates w in place
            paths["Adam"].append(w.copy())
        paths = {name: np.array(path) for name, path in paths.items()}  # (steps + 1, 2) each
        frames.append({"learning_rate": lr, "paths": paths,
                       "losses": {name: float(surface_loss(path[-1])) for name, path in paths.items()}})
    return frames
# --8<-- [end:learning_rate]


def frame_key(values) -> str:
    """The key of one frame: the controls' values as text, joined by '|' (what frames.js looks up)."""
    return "|".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


def frame_table(controls: list[dict], frames: dict, button: dict | None = None, pixelated: bool = False) -> dict:
    """The frame table a snippet writes as JSON, checked: one frame for every combination of values.

    controls: [{"name", "label", "values", "texts"}] (one range slider each; "texts" is what the
    page shows for each value; an optional "initial" is the index of the value shown first, else 0); frames: {frame_key(values): {"src", "alt", "text"}}; button: optional
    {"control", "label"}, a control cycled by a button instead of a slider (Dropout's new mask);
    pixelated: the frames are one pixel per value, to be scaled up without smoothing.
    """
    if not controls:
        raise ValueError("a frame table needs at least one control")
    for c in controls:
        missing = {"name", "label", "values", "texts"} - set(c)
        if missing:
            raise ValueError(f"control {c.get('name')!r} lacks {sorted(missing)}")
        if len(c["values"]) != len(c["texts"]) or not c["values"]:
            raise ValueError(f"control {c['name']!r}: one text per value, at least one value")
        if not 0 <= c.get("initial", 0) < len(c["values"]):
            raise ValueError(f"control {c['name']!r}: initial must index one of its {len(c['values'])} values")
    names = [c["name"] for c in controls]
    if button is not None and button.get("control") not in names:
        raise ValueError(f"the button cycles {button.get('control')!r}, which is not a control ({names})")
    wanted = {frame_key(combo) for combo in product(*(c["values"] for c in controls))}
    if set(frames) != wanted:
        raise ValueError(f"frames missing: {sorted(wanted - set(frames))[:5]}, "
                         f"not a combination of the controls' values: {sorted(set(frames) - wanted)[:5]}")
    for key, frame in frames.items():
        if set(frame) != {"src", "alt", "text"} or not all(isinstance(frame[k], str) and frame[k] for k in frame):
            raise ValueError(f"frame {key!r} must have a non-empty src, alt and text, got {sorted(frame)}")
    controls = [{"initial": 0, **c, "keys": [frame_key([v]) for v in c["values"]]} for c in controls]
    table = {"controls": controls, "frames": frames, "pixelated": bool(pixelated)}
    if button is not None:
        table["button"] = button
    return table
