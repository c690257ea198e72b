"""The Flatten/Dense page's figures, in Japanese and in English."""

from cnn_blog.figures.flatten_dense import make_flatten_stack, make_parameter_counts
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_flatten_stack(lang), f"06-flatten-dense-flatten.{lang}.svg")
    save_figure(make_parameter_counts(lang), f"06-flatten-dense-parameters.{lang}.svg")
    # --8<-- [end:figures]
