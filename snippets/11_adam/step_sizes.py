"""Adam's step per weight: the same size whatever the scale of the gradient; SGD's follows the gradient."""

import json

# --8<-- [start:setup]
import numpy as np

scales = np.array([100.0, 1.0, 0.01])  # three weights whose gradients differ 10,000-fold
target = 0.5  # each weight's loss scale * (w - 0.5)**2 / 2 is lowest at w = 0.5


def gradient(w):
    return scales * (w - target)  # (3,): at w = 0 it is -50, -0.5, -0.005
# --8<-- [end:setup]


# --8<-- [start:run]
from cnn_blog.demos.adam import sgd_step
from cnn_blog.optimizers import Adam

steps = 1000
learning_rate = 0.001  # Keras's default for Adam, used for both
runs = {}

w = np.zeros(3)
weights, moved = [w], []
for _ in range(steps):
    new = sgd_step(w, gradient(w), learning_rate)
    moved.append(np.abs(new - w))
    w = new
    weights.append(w)
runs["SGD"] = (np.array(weights), np.array(moved))  # (steps + 1, 3), (steps, 3)

w, adam = np.zeros(3), Adam(learning_rate=learning_rate)
weights, moved = [w.copy()], []
for _ in range(steps):
    before = w.copy()
    adam.apply([gradient(w)], [w])
    moved.append(np.abs(w - before))
    weights.append(w.copy())
runs["Adam"] = (np.array(weights), np.array(moved))

for name, (weights, moved) in runs.items():
    print(name)
    for i, scale in enumerate(scales):
        print(f"  gradient scale {scale:>6g}: first step {moved[0, i]:.2e}, "
              f"w after {steps} steps {weights[-1, i]:.4f}")
# --8<-- [end:run]

# --8<-- [start:figures]
from cnn_blog.figures import adam as figures
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:  # "ja", "en": the same figure, labelled in each language
    save_figure(figures.make_step_sizes(lang, scales, runs, target, learning_rate), f"11-adam-step-sizes.{lang}.svg")
# --8<-- [end:figures]

sgd_w, sgd_moved = runs["SGD"]
adam_w, adam_moved = runs["Adam"]
values = {
    "steps": f"{steps:,}",
    "learning_rate": f"{learning_rate:g}",
    "target": f"{target:g}",
    "scale_ratio": f"{scales.max() / scales.min():,.0f}",
    "sgd_first_large": f"{sgd_moved[0, 0]:g}",
    "sgd_first_small": f"{sgd_moved[0, 2]:g}",
    "adam_first": f"{adam_moved[0].max():.3f}",
    "adam_largest": f"{adam_moved.max():.3f}",
    "sgd_w_large": f"{sgd_w[-1, 0]:.3f}",
    "sgd_w_middle": f"{sgd_w[-1, 1]:.3f}",
    "sgd_w_small": f"{sgd_w[-1, 2]:.3f}",
    "adam_w": f"{adam_w[-1, 1]:.3f}",
    "adam_w_spread": f"{np.ptp(adam_w[-1]):.0e}",
}
with open("step_sizes.values.json", "w") as fh:
    json.dump(values, fh)
