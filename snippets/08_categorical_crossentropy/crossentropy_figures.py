"""The cross-entropy page's figures, in Japanese and in English.

The numbers are computed here, with ``cnn_blog.losses`` and ``cnn_blog.demos.crossentropy``; the
``make_*`` functions of ``cnn_blog.figures.crossentropy`` only draw them.
"""

# --8<-- [start:figures]
import numpy as np

from cnn_blog.demos.crossentropy import loss_curves
from cnn_blog.figures.crossentropy import make_gradient, make_loss_comparison, make_neg_log
from cnn_blog.figures.style import LANGS, save_figure
from cnn_blog.losses import SoftmaxCrossEntropy

examples = np.array([[0.012, 0.18, 0.033, 0.775], [0.12, 0.18, 0.33, 0.37]])  # the worked example
t = np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]])  # (2, 4): the 4th label is right

p, sse, cee = loss_curves(classes=10)  # both losses as the right label's probability goes 0 -> 1
layer = SoftmaxCrossEntropy()
layer.forward(np.log(examples), t)  # scores whose softmax is the worked example
gradients = layer.backward() * len(t)  # (2, 4): y - t, each example's own gradient, not its share

for lang in LANGS:  # "ja", "en": the same figures, labelled in each language
    save_figure(make_neg_log(lang, examples[:, 3]), f"08-categorical-crossentropy-neg-log.{lang}.svg")
    save_figure(make_loss_comparison(lang, p, sse, cee, classes=10),
                f"08-categorical-crossentropy-losses.{lang}.svg")
    save_figure(make_gradient(lang, layer.y, t, gradients), f"08-categorical-crossentropy-gradient.{lang}.svg")
# --8<-- [end:figures]
