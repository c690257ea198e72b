"""ReLU on all 32 feature maps of the series' first Conv2D (Keras, its weights before training), as the original post shows."""

import json

# --8<-- [start:all_maps]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog.demos.dataset import chelsea_photo
from cnn_blog.train import build_model, set_seed

set_seed(0)  # the same random filters on every run
model = build_model((100, 100, 3), 6)  # the series' model, its weights as before training
conv, relu = model.layers[0], model.layers[1]  # Conv2D(32, (3, 3), padding="same") and Activation("relu")
x = (chelsea_photo(100) / 255).astype("float32")[np.newaxis]  # the cat photo as (1, 100, 100, 3)
maps = conv(x)  # (1, 100, 100, 32): 32 feature maps
relu_maps = keras.ops.convert_to_numpy(relu(maps))[0]  # (100, 100, 32) after ReLU
zero_share = (relu_maps == 0).mean(axis=(0, 1))  # per map: the share ReLU made 0
print(type(conv).__name__, "->", type(relu).__name__, relu.get_config()["activation"], "->", relu_maps.shape)
print(f"zeros after ReLU: {zero_share.mean():.1%} of all numbers; per map from {zero_share.min():.1%} to {zero_share.max():.1%}")
print("maps that are 0 everywhere:", int((zero_share == 1).sum()))
# --8<-- [end:all_maps]

from cnn_blog.figures.relu import make_relu_all_maps  # noqa: E402
from cnn_blog.figures.style import LANGS, save_figure  # noqa: E402

for lang in LANGS:
    save_figure(make_relu_all_maps(lang, relu_maps, zero_share), f"03-relu-all-maps.{lang}.png")

with open("all_maps.values.json", "w") as fh:
    json.dump({"zero_mean": f"{zero_share.mean():.1%}", "zero_min": f"{zero_share.min():.1%}",
               "zero_max": f"{zero_share.max():.1%}", "maps": int(relu_maps.shape[-1]),
               "dead": int((zero_share == 1).sum())}, fh)
