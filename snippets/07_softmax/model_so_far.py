"""Where this part sits in the series' model: the whole model, the layers this part explains (softmax) framed."""

# --8<-- [start:model]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog.demos.overview import highlight_layers, model_stages, shape_text
from cnn_blog.train import build_model

model = build_model((100, 100, 3), 6)  # the series' model: 100 x 100 colour photos, 6 animals
stages = model_stages(model)  # [(layer labels, output shape)], one entry per change of shape
marks = highlight_layers(stages, ["softmax"])  # this part's layers
for (labels, shape), marked in zip(stages, marks):
    for label, this_part in zip(labels, marked):
        if this_part:
            print(f"{shape_text(shape):>14}  {label}")
# --8<-- [end:model]

from cnn_blog.figures.overview import make_model_diagram
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:  # "ja", "en"
    save_figure(make_model_diagram(lang, stages, 6, model.count_params(), highlight=marks),
                f"07-softmax-model-so-far.{lang}.png")

import json  # noqa: E402  (the page's numbers, not part of the shown code)

with open("model_so_far.values.json", "w") as fh:
    json.dump({"layers": sum(map(sum, marks))}, fh)  # how many of the model's layers this part explains
