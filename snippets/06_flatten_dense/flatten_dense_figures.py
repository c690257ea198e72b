"""The Flatten/Dense page's figures, in Japanese and in English."""

# --8<-- [start:figures]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog.demos.flatten_dense import flatten_example, series_parameter_counts
from cnn_blog.figures.flatten_dense import make_flatten_stack, make_parameter_counts
from cnn_blog.figures.style import LANGS, save_figure

x, row = flatten_example()  # (1, 3, 3, 2) numbered 1 to 18, and Flatten's row (1, 18)
calls, counts = series_parameter_counts()  # every layer of the series' model and its parameters, from Keras
for lang in LANGS:  # "ja", "en"
    save_figure(make_flatten_stack(lang, x, row), f"06-flatten-dense-flatten.{lang}.svg")
    save_figure(make_parameter_counts(lang, calls, counts), f"06-flatten-dense-parameters.{lang}.svg")
# --8<-- [end:figures]
