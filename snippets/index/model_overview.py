"""The home page's model at a glance: the series' model, stage by stage, and its diagram."""

import json

# --8<-- [start:stages]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog.demos.overview import model_stages, shape_text
from cnn_blog.train import build_model

model = build_model((100, 100, 3), 6)  # the series: 100 x 100 colour photos, 6 animals
for layers, shape in model_stages(model):  # one line per change of shape
    print(f"{shape_text(shape):>14}  {' + '.join(layers)}")
print(f"parameters: {model.count_params():,}")
# --8<-- [end:stages]

from cnn_blog.figures.overview import make_model_diagram
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    save_figure(make_model_diagram(lang, model_stages(model), 6, model.count_params()),
                f"index-model.{lang}.svg")

with open("model_overview.values.json", "w") as fh:
    json.dump({"params": f"{model.count_params():,}", "layers": len(model.layers),
               "stages": len(model_stages(model)) - 1}, fh)
