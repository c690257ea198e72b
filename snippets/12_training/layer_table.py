"""Every layer's output shape and parameter count: the series' model and the model this site trains.

Nothing is trained: building a Keras model is enough to know its shapes and its parameters.
Writes the rows of the page's table to layer_table.rows.out.txt (Markdown, one row per layer,
then the totals).
"""

import json

# --8<-- [start:shapes]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog.demos.flatten_dense import layer_call  # Conv2D(32, (3, 3), padding="same"), ...
from cnn_blog.train import build_model


def shape(layer):
    """(None, 100, 100, 32) -> '100 × 100 × 32': the output shape without the batch dimension."""
    return " × ".join(f"{n:,}" for n in layer.output.shape[1:])


series = build_model((100, 100, 3), 6)  # the series: photos, 6 animals
mnist = build_model((28, 28, 1), 10)  # this page: gray digits, 10 classes

for model in (series, mnist):
    print(f"input {model.input_shape[1:]}, {model.output_shape[1]} classes: "
          f"{model.count_params():,} parameters")
    for layer in model.layers:
        params = layer.count_params()  # its weights and biases
        print(f"  {layer_call(layer):<36} {shape(layer):<16} {params:>12,}")
# --8<-- [end:shapes]


def flatten_of(model):
    """'23 × 23 × 64 = 33,856': the last feature maps' shape and the numbers Flatten lines up."""
    flatten = next(layer for layer in model.layers if type(layer).__name__ == "Flatten")
    return " × ".join(map(str, flatten.input.shape[1:])) + f" = {flatten.output.shape[1]:,}"


dense = next(layer for layer in series.layers if type(layer).__name__ == "Dense")
share = dense.count_params() / series.count_params()
print(f"Flatten: {flatten_of(series)} (series), {flatten_of(mnist)} (this page)")
print(f"Dense(512) holds {dense.count_params():,} of the series' {series.count_params():,} parameters ({share:.1%})")

with open("layer_table.rows.out.txt", "w", encoding="utf-8") as fh:
    for a, b in zip(series.layers, mnist.layers):
        name = layer_call(a) if layer_call(a) == layer_call(b) else f"{layer_call(a)} / {layer_call(b)}"
        fh.write(f"| `{name}` | {shape(a)} | {a.count_params():,} | {shape(b)} | {b.count_params():,} |\n")
    fh.write(f"| Σ | | **{series.count_params():,}** | | **{mnist.count_params():,}** |\n")

with open("layer_table.values.json", "w") as fh:
    json.dump({
        "series_params": f"{series.count_params():,}",
        "series_flatten": flatten_of(series),
        "mnist_params": f"{mnist.count_params():,}",
        "mnist_flatten": flatten_of(mnist),
        "dense_params": f"{dense.count_params():,}",
        "dense_share": f"{share:.1%}",
        "layers": len(series.layers),
    }, fh, ensure_ascii=False)
