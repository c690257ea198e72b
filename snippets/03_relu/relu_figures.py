"""The ReLU page's figures, in Japanese and in English."""

from cnn_blog.figures.relu import make_relu_feature_maps, make_relu_graph
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_relu_graph(lang), f"03-relu-graph.{lang}.svg")
    save_figure(make_relu_feature_maps(lang), f"03-relu-feature-maps.{lang}.png")
    # --8<-- [end:figures]
