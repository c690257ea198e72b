"""The series' model in NumPy, layer by layer: output shapes and parameters from Sequential.summary()."""

import json

# --8<-- [start:summary]
from cnn_blog.numpy_model import series_model

mnist = series_model((28, 28, 1), 10)  # this site's digits: 28 x 28 gray, 10 classes
series = series_model((100, 100, 3), 6)  # the series' photos: 100 x 100 colour, 6 animals

print(f"{'':<17} {'input (28, 28, 1), 10 classes':<30}  input (100, 100, 3), 6 classes")
for number, (row, big) in enumerate(zip(mnist.summary(), series.summary()), 1):
    name, shape, params = row  # e.g. ("Conv2D", (None, 28, 28, 32), 320)
    print(f"{number:>2}  {name:<13} {str(shape):<20}{params:>10,}  {str(big[1]):<22}{big[2]:>12,}")
print(f"{'':<17} {'total':<20}{mnist.count_params():>10,}  {'total':<22}{series.count_params():>12,}")
# --8<-- [end:summary]

# Numbers the page quotes in its prose (read by the site build).
flatten = {name: dict((n, s) for n, s, _ in model.summary())["Flatten"][1]
           for name, model in (("mnist", mnist), ("series", series))}
dense = {name: model.summary()[13][2] for name, model in (("mnist", mnist), ("series", series))}
smaller = series_model((64, 64, 3), 6)  # the page's exercise: 64 x 64 photos

with open("summary.values.json", "w") as fh:
    json.dump({
        "layers": len(mnist.layers),
        "weight_arrays": len(mnist.get_weights()),
        "mnist_params": f"{mnist.count_params():,}",
        "series_params": f"{series.count_params():,}",
        "mnist_flatten": f"{flatten['mnist']:,}",
        "series_flatten": f"{flatten['series']:,}",
        "series_dense_share": f"{dense['series'] / series.count_params():.1%}",
        "exercise_flatten": f"{dict((n, s) for n, s, _ in smaller.summary())['Flatten'][1]:,}",
        "exercise_params": f"{smaller.count_params():,}",
    }, fh)
