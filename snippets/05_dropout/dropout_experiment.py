"""A small experiment run while the site is built: the same model trained without and with dropout.

300 training digits are few enough for the model to learn them by heart. Both runs start from the
same seed; verbose=0 keeps Keras's progress bar (and its timings) out of the output.
"""

import json

from cnn_blog.figures.dropout import dropout_experiment, make_dropout_experiment
from cnn_blog.figures.style import LANGS, save_figure

# --8<-- [start:run]
results = dropout_experiment(per_digit=30, epochs=20, seed=0)  # two runs, about half a minute
without, with_ = results["without"], results["with"]
print(f"{results['n_train']} training images, {results['n_val']:,} validation images")
print("          without dropout          with dropout")
print("epoch   train   valid.  v.loss   train   valid.  v.loss")
for epoch in (1, 5, 10, 15, 20):
    i = epoch - 1
    print(f"{epoch:5d}  {without['accuracy'][i]:6.1%}  {without['val_accuracy'][i]:6.1%}  {without['val_loss'][i]:6.3f}"
          f"  {with_['accuracy'][i]:6.1%}  {with_['val_accuracy'][i]:6.1%}  {with_['val_loss'][i]:6.3f}")
# --8<-- [end:run]

for lang in LANGS:
    save_figure(make_dropout_experiment(lang, results), f"05-dropout-experiment.{lang}.svg")


def best_epoch(losses):
    return min(range(len(losses)), key=losses.__getitem__) + 1


# Numbers the page quotes in its prose (read by the site build).
with open("dropout_experiment.values.json", "w") as fh:
    json.dump({
        "per_digit": results["n_train"] // 10,
        "n_train": results["n_train"],
        "n_val": f"{results['n_val']:,}",
        "epochs": len(without["accuracy"]),
        "first_perfect_epoch": next(e + 1 for e, a in enumerate(without["accuracy"]) if a == 1.0),
        "without_train": f"{without['accuracy'][-1]:.1%}",
        "without_val": f"{without['val_accuracy'][-1]:.1%}",
        "without_gap": f"{(without['accuracy'][-1] - without['val_accuracy'][-1]) * 100:.1f}",
        "with_train": f"{with_['accuracy'][-1]:.1%}",
        "with_val": f"{with_['val_accuracy'][-1]:.1%}",
        "with_gap": f"{(with_['accuracy'][-1] - with_['val_accuracy'][-1]) * 100:.1f}",
        "without_best_loss_epoch": best_epoch(without["val_loss"]),
        "without_best_loss": f"{min(without['val_loss']):.2f}",
        "without_last_loss": f"{without['val_loss'][-1]:.2f}",
        "with_last_loss": f"{with_['val_loss'][-1]:.2f}",
    }, fh)
