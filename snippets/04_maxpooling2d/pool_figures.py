"""The MaxPooling2D page's figures, in Japanese and in English."""

# --8<-- [start:figures]
from cnn_blog.demos.maxpooling2d import pooled_feature_maps, small_example
from cnn_blog.figures.maxpooling2d import make_pool_blocks, make_pool_feature_map
from cnn_blog.figures.style import LANGS, save_figure

x, out = small_example()  # the 4 x 4 map and its 2 x 2 max pooling
maps = pooled_feature_maps(2)  # part 3's feature map after ReLU, pooled once and twice
for lang in LANGS:  # "ja", "en"
    save_figure(make_pool_blocks(lang, x, out), f"04-maxpooling2d-blocks.{lang}.svg")
    save_figure(make_pool_feature_map(lang, maps), f"04-maxpooling2d-feature-maps.{lang}.png")
# --8<-- [end:figures]
