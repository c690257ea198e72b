"""The computation of the home page (``docs/index.*.md``): the series' model at a glance.

``model_stages(model)`` reads a built Keras model and groups its layers into stages, one per change
of shape (an ``Activation`` or ``Dropout`` keeps the shape of the layer before it, so it joins that
stage). It only reads the model it is given: importing this module loads no TensorFlow.
"""

from __future__ import annotations

SHORT = {"relu": "ReLU", "softmax": "softmax"}


def layer_label(layer) -> str:
    """A layer as a short label: Conv2D 32 3×3 same, MaxPooling 2×2, Dropout 0.25, Dense 512, ReLU."""
    config, kind = layer.get_config(), type(layer).__name__
    if kind == "Conv2D":
        k = "×".join(map(str, config["kernel_size"]))
        return f"Conv2D {config['filters']} {k}" + (" same" if config["padding"] == "same" else "")
    if kind == "MaxPooling2D":
        return "MaxPooling " + "×".join(map(str, config["pool_size"]))
    if kind == "Dropout":
        return f"Dropout {config['rate']:g}"
    if kind == "Dense":
        return f"Dense {config['units']}"
    if kind == "Activation":
        return SHORT.get(config["activation"], config["activation"])
    return kind


# --8<-- [start:model_stages]
def model_stages(model) -> list[tuple[list[str], tuple[int, ...]]]:
    """[(layer labels, output shape without the batch axis)], the input first, one entry per shape change."""
    stages = [(["input"], tuple(model.input_shape[1:]))]
    for layer in model.layers:
        shape = tuple(layer.output.shape[1:])  # (None, 100, 100, 32) -> (100, 100, 32)
        if type(layer).__name__ in ("Activation", "Dropout") and shape == stages[-1][1]:
            stages[-1][0].append(layer_label(layer))  # same shape: part of the stage before
        else:
            stages.append(([layer_label(layer)], shape))
    return stages


def shape_text(shape) -> str:
    """(100, 100, 32) -> "100×100×32"; (33856,) -> "33,856"."""
    return "×".join(f"{n:,}" for n in shape)
# --8<-- [end:model_stages]


# The layers each part explains, as the first word of their labels (layer_label).
PART_LAYERS = {
    "02_conv2d": ("Conv2D",),
    "03_relu": ("ReLU",),
    "04_maxpooling2d": ("MaxPooling",),
    "05_dropout": ("Dropout",),
    "06_flatten_dense": ("Flatten", "Dense"),
    "07_softmax": ("softmax",),
}


# --8<-- [start:highlight]
def highlight_layers(stages, kinds) -> list[list[bool]]:
    """For every stage and every layer label in it, whether the layer is one of ``kinds``
    (a label's first word: "Conv2D", "ReLU", "MaxPooling", "Dropout", "Flatten", "Dense", "softmax")."""
    kinds = tuple(kinds)
    if not kinds or not all(isinstance(kind, str) and kind for kind in kinds):
        raise ValueError(f"kinds must be layer names such as 'Conv2D', got {kinds!r}")
    marks = [[label.split()[0] in kinds for label in labels] for labels, _ in stages]
    if not any(any(stage) for stage in marks):
        raise ValueError(f"no layer of the model is one of {kinds!r}")
    return marks
# --8<-- [end:highlight]
