"""The computation of part 9, model.compile (``docs/09-compile.*.md``): a Keras model's layers as a
table of names, output shapes and parameter counts.

Takes a built Keras model and imports nothing heavy itself: importing this module loads no TensorFlow.
"""

from __future__ import annotations


# --8<-- [start:layer_rows]
def layer_rows(model) -> list[tuple[str, tuple, int]]:
    """(name, output shape without the batch axis, parameters) for every layer of a Keras model.

    A layer with an activation function in it is named with it: "Conv2D+relu" for
    ``Conv2D(..., activation="relu")``, "Activation+softmax" for ``Activation("softmax")``; a layer
    without one (Keras's "linear") keeps its bare name, "Conv2D".
    """
    if not hasattr(model, "layers"):
        raise ValueError(f"layer_rows needs a built Keras model, got {type(model).__name__}")
    rows = []
    for layer in model.layers:
        name = type(layer).__name__
        activation = getattr(getattr(layer, "activation", None), "__name__", "linear")
        if activation != "linear":
            name += f"+{activation}"
        rows.append((name, tuple(layer.output.shape[1:]), layer.count_params()))  # (None, h, w, c) -> (h, w, c)
    return rows
# --8<-- [end:layer_rows]
