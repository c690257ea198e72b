"""The MNIST model of the Keras usage article, from cnn_blog.train: Keras's summary, parameters per layer."""

import contextlib
import json

# --8<-- [start:summary]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog import train

model = train.build_mnist_model()  # input (28, 28, 1), 10 classes, already compiled
model.summary()  # every layer: its output shape and its number of parameters
# --8<-- [end:summary]

# What the comparison prints goes to mnist_model.series.out.txt: the page shows it under its code.
with open("mnist_model.series.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:series]
    series = train.build_model((28, 28, 1), 10)  # the series' model, same input and classes
    print(f"the article's model: {model.count_params():>9,} parameters")
    print(f"the series' model:   {series.count_params():>9,} parameters")
    # --8<-- [end:series]

# --8<-- [start:figures]
from cnn_blog.demos.compile import layer_rows
from cnn_blog.figures.compile import make_parameters
from cnn_blog.figures.style import LANGS, save_figure

rows = layer_rows(model)  # (name, output shape, parameters) per layer
for lang in LANGS:  # "ja", "en": the same figure, labelled in each language
    save_figure(make_parameters(lang, rows), f"09-compile-parameters.{lang}.svg")
# --8<-- [end:figures]

# The figure's numbers as text, and the same count for the series' model: mnist_model.layers.out.txt,
# which the page shows under the figure.
with open("mnist_model.layers.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:layers]
    print(f"{'layer':<21} {'output shape':<14} {'parameters':>10}")
    for title, table in (("the article's model", rows), ("the series' model", layer_rows(series))):
        print(title)
        for name, shape, count in table:  # shape without the batch axis: (28, 28, 16), (6400)
            print(f"  {name:<19} {'(' + ', '.join(map(str, shape)) + ')':<14} {count:>10,}")
        print(f"  {'total':<34} {sum(count for _, _, count in table):>10,}")
    # --8<-- [end:layers]

# Numbers the page quotes in its prose (read by the site build).
dense = next(count for name, _, count in rows if name == "Dense+relu")
flatten = next(shape for name, shape, _ in rows if name == "Flatten")
series_rows = layer_rows(series)
series_dense = next(count for name, _, count in series_rows if name == "Dense")  # Dense(512), after Flatten
convs = [count for name, _, count in rows if name.startswith("Conv2D")]  # the article's three
series_convs = [count for name, _, count in series_rows if name.startswith("Conv2D")]  # the series' four
with open("mnist_model.values.json", "w") as fh:
    json.dump({"total": f"{model.count_params():,}", "series_total": f"{series.count_params():,}",
               "dense": f"{dense:,}", "dense_share": f"{dense / model.count_params():.0%}",
               "flatten": f"{flatten[0]:,}", "layers": len(rows), "series_dense": f"{series_dense:,}",
               "convs": f"{sum(convs):,}", "series_convs": f"{sum(series_convs):,}",
               "conv_256": f"{convs[-1]:,}"}, fh)
