"""The Dropout page's mask figure, in Japanese and in English (the experiment draws its own)."""

# --8<-- [start:figures]
from cnn_blog.demos.dropout import RATE, dropout_steps
from cnn_blog.figures.dropout import make_dropout_masks
from cnn_blog.figures.style import LANGS, save_figure

image, fmap, outs, keeps = dropout_steps(steps=3)  # photo -> Conv2D -> ReLU -> Dropout(0.25) x 3
for lang in LANGS:  # "ja", "en"
    save_figure(make_dropout_masks(lang, image, fmap, outs, keeps, RATE), f"05-dropout-masks.{lang}.png")
# --8<-- [end:figures]
