"""The original series' model worked out by hand: the size rules and parameter formulas alone, no Keras
and no cnn_blog, so tests can hold the package and the pages against it.

The model: two blocks of Conv2D 3×3 'same' + ReLU, Conv2D 3×3 'valid' + ReLU, MaxPooling2D 2×2,
Dropout 0.25 (32 filters, then 64), then Flatten, Dense 512 + ReLU, Dropout 0.5, Dense(classes) +
softmax. Size rules: 'same' keeps the side, a 'valid' 3×3 takes 2 off, 2×2 pooling halves it
(rounding down). Parameters: Conv2D (kh·kw·c_in + 1)·filters, Dense (inputs + 1)·units, others none.
"""

from __future__ import annotations

from typing import NamedTuple


class Layer(NamedTuple):
    kind: str  # the Keras class name: "Conv2D", "Activation", "MaxPooling2D", "Dropout", "Flatten", "Dense"
    shape: tuple  # output shape without the batch axis
    params: int
    option: object = None  # Conv2D: its padding; Activation: its function; Dropout: its rate


def conv_params(k: int, c_in: int, filters: int) -> int:
    return (k * k * c_in + 1) * filters


def dense_params(n_in: int, n_out: int) -> int:
    return (n_in + 1) * n_out


def series_layers(side: int = 100, channels: int = 3, classes: int = 6) -> list[Layer]:
    """Every layer of the series' model on ``side × side × channels`` inputs, in order."""
    rows, shape = [], (side, side, channels)
    for filters in (32, 64):
        for padding in ("same", "valid"):
            h, w, c = shape
            shape = (h, w, filters) if padding == "same" else (h - 2, w - 2, filters)
            rows += [Layer("Conv2D", shape, conv_params(3, c, filters), padding), Layer("Activation", shape, 0, "relu")]
        shape = (shape[0] // 2, shape[1] // 2, shape[2])
        rows += [Layer("MaxPooling2D", shape, 0), Layer("Dropout", shape, 0, 0.25)]
    flat = shape[0] * shape[1] * shape[2]
    rows += [Layer("Flatten", (flat,), 0),
             Layer("Dense", (512,), dense_params(flat, 512)), Layer("Activation", (512,), 0, "relu"),
             Layer("Dropout", (512,), 0, 0.5),
             Layer("Dense", (classes,), dense_params(512, classes)), Layer("Activation", (classes,), 0, "softmax")]
    return rows


def table(rows: list[Layer]) -> list[tuple[str, tuple, int]]:
    """(layer, output shape, parameters) per layer, as a Keras model's layers give them."""
    return [(r.kind, r.shape, r.params) for r in rows]


def series_params(side: int = 100, channels: int = 3, classes: int = 6) -> int:
    return sum(r.params for r in series_layers(side, channels, classes))


def inputs_of(rows: list[Layer], side: int, channels: int) -> list[tuple]:
    """The input shape of each layer of ``rows`` (the previous layer's output)."""
    return [(side, side, channels), *(r.shape for r in rows[:-1])]
