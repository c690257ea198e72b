"""SGD, momentum, RMSProp and Adam walk down the same elongated bowl from the same start."""

import json

# --8<-- [start:paths]
import numpy as np

from cnn_blog.demos.adam import START, momentum_step, rmsprop_step, sgd_step, surface_gradient, surface_loss
from cnn_blog.optimizers import Adam

steps = 40
learning_rates = {"SGD": 0.36, "momentum": 0.1, "RMSprop": 0.2, "Adam": 0.2}
paths = {}

w = START.copy()
paths["SGD"] = [w]
for _ in range(steps):
    w = sgd_step(w, surface_gradient(w), learning_rates["SGD"])
    paths["SGD"].append(w)

w, velocity = START.copy(), np.zeros(2)
paths["momentum"] = [w]
for _ in range(steps):
    w, velocity = momentum_step(w, surface_gradient(w), velocity, learning_rates["momentum"], momentum=0.9)
    paths["momentum"].append(w)

w, velocity = START.copy(), np.zeros(2)
paths["RMSprop"] = [w]
for _ in range(steps):
    w, velocity = rmsprop_step(w, surface_gradient(w), velocity, learning_rates["RMSprop"])
    paths["RMSprop"].append(w)

w, adam = START.copy(), Adam(learning_rate=learning_rates["Adam"])
paths["Adam"] = [w.copy()]
for _ in range(steps):
    adam.apply([surface_gradient(w)], [w])  # updates w in place
    paths["Adam"].append(w.copy())

paths = {name: np.array(path) for name, path in paths.items()}  # (steps + 1, 2) each
print(f"start {START}, loss {surface_loss(START):.4f}")
for name, path in paths.items():
    w1, w2 = path[-1]
    print(f"{name:<9} learning_rate {learning_rates[name]:<5g} after {steps} steps: "
          f"w = ({w1:7.4f}, {w2:7.4f}), loss {surface_loss(path[-1]):.4f}")
# --8<-- [end:paths]

# --8<-- [start:figures]
from cnn_blog.figures import adam as figures
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:  # "ja", "en": the same figure, labelled in each language
    save_figure(figures.make_paths(lang, paths, learning_rates, surface_loss), f"11-adam-paths.{lang}.svg")
# --8<-- [end:figures]

# Numbers the page quotes in its prose (read by the site build).
from cnn_blog.demos.adam import CURVATURES

first = {name: path[1] - path[0] for name, path in paths.items()}  # the first step of each
g0 = surface_gradient(START)
values = {
    "steps": steps,
    "start_w1": f"{START[0]:g}", "start_w2": f"{START[1]:g}",
    "start_loss": f"{surface_loss(START):.4f}",
    "steep_ratio": f"{CURVATURES[1] / CURVATURES[0]:g}",
    "sgd_limit": f"{2 / CURVATURES[1]:g}",
    "grad_w1": f"{g0[0]:.2f}", "grad_w2": f"{g0[1]:.2f}",
    "sgd_first_w1": f"{first['SGD'][0]:.3f}", "sgd_first_w2": f"{first['SGD'][1]:.2f}",
    "adam_first_w1": f"{first['Adam'][0]:.3f}", "adam_first_w2": f"{first['Adam'][1]:.3f}",
    "rms_first_w1": f"{first['RMSprop'][0]:.3f}", "rms_first_w2": f"{first['RMSprop'][1]:.3f}",
    "sgd_w1_end": f"{paths['SGD'][-1][0]:.2f}",
}
for name, path in paths.items():
    values[f"lr_{name}"] = f"{learning_rates[name]:g}"
    values[f"loss_{name}"] = f"{surface_loss(path[-1]):.4f}"
with open("surface_paths.values.json", "w") as fh:
    json.dump(values, fh)
