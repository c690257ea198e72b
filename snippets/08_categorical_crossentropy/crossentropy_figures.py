"""The cross-entropy page's figures, in Japanese and in English."""

import numpy as np

from cnn_blog.figures.crossentropy import make_gradient, make_loss_comparison, make_neg_log
from cnn_blog.figures.style import LANGS, save_figure

examples = np.array([[0.012, 0.18, 0.033, 0.775], [0.12, 0.18, 0.33, 0.37]])  # the worked example
t = np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]])

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_neg_log(lang, examples[:, 3]), f"08-categorical-crossentropy-neg-log.{lang}.svg")
    save_figure(make_loss_comparison(lang, classes=10), f"08-categorical-crossentropy-losses.{lang}.svg")
    save_figure(make_gradient(lang, np.log(examples), t), f"08-categorical-crossentropy-gradient.{lang}.svg")
    # --8<-- [end:figures]
