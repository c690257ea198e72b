"""The Conv2D page's figures, in Japanese and in English."""

from cnn_blog.figures.conv2d import make_edge_filters, make_sliding_window, make_window_frames
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_sliding_window(lang), f"02-conv2d-sliding-window.{lang}.svg")
    save_figure(make_window_frames(lang), f"02-conv2d-window-frames.{lang}.svg")
    save_figure(make_edge_filters(lang), f"02-conv2d-edge-filters.{lang}.png")
    # --8<-- [end:figures]
