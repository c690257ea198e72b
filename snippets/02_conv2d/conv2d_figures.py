"""The Conv2D page's figures, in Japanese and in English."""

# --8<-- [start:figures]
from cnn_blog.demos.conv2d import EDGE_FILTERS, edge_feature_maps, small_example
from cnn_blog.figures.conv2d import make_edge_filters, make_sliding_window, make_window_frames
from cnn_blog.figures.style import LANGS, save_figure

x, kernel, _, out = small_example()  # the 5 x 5 image, the 3 x 3 filter and Conv2D's 3 x 3 output
image, edge_kernel, maps = edge_feature_maps()  # the cat photo, 4 filters (3, 3, 1, 4), 4 feature maps
for lang in LANGS:  # "ja", "en"
    save_figure(make_sliding_window(lang, x, kernel, out), f"02-conv2d-sliding-window.{lang}.svg")
    save_figure(make_window_frames(lang, x, out), f"02-conv2d-window-frames.{lang}.svg")
    save_figure(make_edge_filters(lang, EDGE_FILTERS, image, edge_kernel, maps), f"02-conv2d-edge-filters.{lang}.png")
# --8<-- [end:figures]
