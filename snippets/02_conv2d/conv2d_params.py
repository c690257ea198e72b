"""Parameters of every Conv2D of the series' model: the formula against Keras's count_params()."""

import json

# --8<-- [start:params]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras

from cnn_blog.train import build_model

model = build_model((100, 100, 3), 6)  # the series' model from cnn_blog/train.py: 100 x 100 x 3, 6 labels
c_in = 3  # the photo's channels: red, green, blue
for layer in model.layers:
    if isinstance(layer, keras.layers.Conv2D):
        kh, kw = layer.kernel_size
        f = layer.filters
        params = kh * kw * c_in * f + f  # one weight per kernel cell and input channel, one bias per filter
        print(f"Conv2D({f}, {(kh, kw)}): {kh}·{kw}·{c_in}·{f} + {f} = {params:>6,}"
              f"   Keras count_params(): {layer.count_params():>6,}")
        c_in = f  # the next Conv2D reads this one's feature maps (ReLU and pooling keep the channels)
# --8<-- [end:params]

convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
with open("conv2d_params.values.json", "w") as fh:
    json.dump({
        "first_params": f"{convs[0].count_params():,}",
        "second_params": f"{convs[1].count_params():,}",
        "conv_params": f"{sum(layer.count_params() for layer in convs):,}",
        "model_params": f"{model.count_params():,}",
        "conv_share": f"{sum(layer.count_params() for layer in convs) / model.count_params():.1%}",
    }, fh)
