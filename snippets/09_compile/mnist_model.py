"""The MNIST model of the Keras usage article, from cnn_blog.train: shapes and parameters per layer."""

import json

from cnn_blog.figures.compile import make_parameters
from cnn_blog.figures.style import LANGS, save_figure

# --8<-- [start:summary]
from cnn_blog import train

model = train.build_mnist_model()  # input (28, 28, 1), 10 classes, already compiled
rows = []
print(f"{'layer':<14}{'output shape':<16}{'parameters':>11}")
for layer in model.layers:
    name = type(layer).__name__
    if getattr(layer, "activation", None) is not None and name in ("Conv2D", "Dense"):
        name += f"+{layer.activation.__name__}"  # activation='relu' / 'softmax' inside the layer
    shape = tuple(layer.output.shape[1:])  # drop the batch axis (None)
    rows.append((name, shape, layer.count_params()))
    print(f"{name:<14}{str(shape):<16}{layer.count_params():>11,}")
print(f"{'total':<30}{model.count_params():>11,}")
# --8<-- [end:summary]

# --8<-- [start:series]
series = train.build_model((28, 28, 1), 10)  # the series' model, same input and classes
print(f"the series' model on the same input: {series.count_params():,} parameters")
# --8<-- [end:series]

for lang in LANGS:
    # --8<-- [start:figures]
    save_figure(make_parameters(lang, rows), f"09-compile-parameters.{lang}.svg")
    # --8<-- [end:figures]

# Numbers the page quotes in its prose (read by the site build).
dense = next(count for name, _, count in rows if name == "Dense+relu")
flatten = next(shape for name, shape, _ in rows if name == "Flatten")
with open("mnist_model.values.json", "w") as fh:
    json.dump({"total": f"{model.count_params():,}", "series_total": f"{series.count_params():,}",
               "dense": f"{dense:,}", "dense_share": f"{dense / model.count_params():.0%}",
               "flatten": f"{flatten[0]:,}"}, fh)
