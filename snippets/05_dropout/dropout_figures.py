"""The Dropout page's mask figure, in Japanese and in English (the experiment draws its own)."""

from cnn_blog.figures.dropout import make_dropout_masks
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_dropout_masks(lang), f"05-dropout-masks.{lang}.png")
    # --8<-- [end:figures]
