"""The MaxPooling2D page's figures, in Japanese and in English."""

from cnn_blog.figures.maxpooling2d import make_pool_blocks, make_pool_feature_map
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_pool_blocks(lang), f"04-maxpooling2d-blocks.{lang}.svg")
    save_figure(make_pool_feature_map(lang), f"04-maxpooling2d-feature-maps.{lang}.png")
    # --8<-- [end:figures]
