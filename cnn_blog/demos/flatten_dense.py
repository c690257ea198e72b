"""The computations of part 6, Flatten and Dense (``docs/06-flatten-dense.*.md``).

``flatten_example`` is the small stack the page flattens; ``layer_call`` writes a Keras layer the way
``cnn_blog/train.py`` writes it; ``series_parameter_counts`` counts the parameters of every layer of
the series' model with Keras (imported inside the function, so this module stays NumPy-only).
"""

from __future__ import annotations

import numpy as np

from cnn_blog.layers import Flatten

SERIES_INPUT, SERIES_CLASSES = (100, 100, 3), 6  # the series' 100 x 100 colour photos, 6 labels


# --8<-- [start:flatten_example]
def flatten_example() -> tuple[np.ndarray, np.ndarray]:
    """A small stack and what ``Flatten`` makes of it.

    Returns ``(x, row)``: x (1, 3, 3, 2), one example of 3 x 3 feature maps in 2 channels,
    numbered 1..18 in memory order, so channel 0 holds the odd numbers and channel 1 the even ones;
    row (1, 18), ``Flatten().forward(x)``.
    """
    x = np.arange(1.0, 19.0).reshape(1, 3, 3, 2)  # (n=1, h=3, w=3, c=2)
    return x, Flatten().forward(x)  # (1, 3, 3, 2) -> (1, 18)
# --8<-- [end:flatten_example]


# --8<-- [start:layer_call]
def layer_call(layer) -> str:
    """A Keras layer as ``cnn_blog/train.py`` writes it: Conv2D(32, (3, 3), padding="same"), Dense(512), ..."""
    config, kind = layer.get_config(), type(layer).__name__
    if kind == "Conv2D":
        padding = ', padding="same"' if config["padding"] == "same" else ""
        return f"Conv2D({config['filters']}, {tuple(config['kernel_size'])}{padding})"
    if kind == "Activation":
        return f'Activation("{config["activation"]}")'
    if kind == "MaxPooling2D":
        return f"MaxPooling2D(pool_size={tuple(config['pool_size'])})"
    if kind == "Dropout":
        return f"Dropout({config['rate']:g})"
    if kind == "Dense":
        return f"Dense({config['units']})"
    return f"{kind}()"
# --8<-- [end:layer_call]


# --8<-- [start:series_parameter_counts]
def series_parameter_counts(input_shape=SERIES_INPUT, classes=SERIES_CLASSES) -> tuple[list[str], list[int]]:
    """Every layer of the series' model: (calls, parameters), in the script's order.

    Built with ``cnn_blog.train.build_model`` (by default on 100 x 100 x 3 photos and 6 labels);
    Keras counts the parameters (nothing is trained).
    """
    from cnn_blog.train import build_model

    model = build_model(input_shape, classes)
    return [layer_call(layer) for layer in model.layers], [layer.count_params() for layer in model.layers]
# --8<-- [end:series_parameter_counts]
