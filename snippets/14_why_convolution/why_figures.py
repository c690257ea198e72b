"""The figures of the page on why convolution, in Japanese and in English. NumPy and Matplotlib only."""

# --8<-- [start:figures]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # one thread: the last digits of the sums as on the page

import numpy as np

from cnn_blog import data
from cnn_blog.demos.why_convolution import EDGE_KERNEL, equivariance_maps, learn_kernel
from cnn_blog.figures.style import LANGS, save_figure
from cnn_blog.figures.why_convolution import make_equivariance, make_learned_kernel
from cnn_blog.layers import Conv2D

_, x_test, _, _ = data.load_mnist_5k()
maps = equivariance_maps(x_test[0, :, :, 0], 2, 3)  # as in equivariance.py
x = np.random.default_rng(0).standard_normal((8, 12, 12, 1))  # as in learn_filter.py
edge = Conv2D(1, (3, 3))
edge.set_weights([EDGE_KERNEL.reshape(3, 3, 1, 1), np.zeros(1)])
kernel, _, losses = learn_kernel(x, edge.forward(x), steps=100, learning_rate=0.1)
for lang in LANGS:  # "ja", "en"
    save_figure(make_equivariance(lang, *maps, down=2, right=3), f"14-why-convolution-equivariance.{lang}.svg")
    save_figure(make_learned_kernel(lang, EDGE_KERNEL, kernel, losses), f"14-why-convolution-learned-kernel.{lang}.svg")
# --8<-- [end:figures]
