"""The ReLU page's figures, in Japanese and in English."""

# --8<-- [start:figures]
import numpy as np

from cnn_blog.demos.relu import relu_feature_map
from cnn_blog.figures.relu import make_relu_feature_maps, make_relu_graph
from cnn_blog.figures.style import LANGS, save_figure
from cnn_blog.layers import ReLU

x = np.linspace(-4, 4, 161)  # inputs from -4 to 4, every 0.05
y = ReLU().forward(x)  # max(0, x)
image, fmap, relu_map = relu_feature_map()  # photo -> Conv2D (edge filter) -> ReLU
for lang in LANGS:  # "ja", "en"
    save_figure(make_relu_graph(lang, x, y), f"03-relu-graph.{lang}.svg")
    save_figure(make_relu_feature_maps(lang, image, fmap, relu_map), f"03-relu-feature-maps.{lang}.png")
# --8<-- [end:figures]
