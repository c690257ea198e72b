"""A small experiment run while the site is built: the same model trained without and with dropout.

300 training digits are few enough for the model to learn them by heart. The validation digits come from
the training split too; the test split gives one final number per run. Both runs start from the same seed; verbose=0 keeps Keras's progress bar (and its timings) out of the output.
"""

import json

# --8<-- [start:run]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

from cnn_blog.demos.dropout import dropout_experiment

results = dropout_experiment(per_digit=30, epochs=20, seed=0)  # two runs, under a minute on 2 cores
without, with_ = results["without"], results["with"]
print(f"{results['n_train']} training images and {results['n_val']:,} validation images from the training split,"
      f" {results['n_test']:,} test images")
print("          without dropout          with dropout")
print("epoch   train   valid.  v.loss   train   valid.  v.loss")
for epoch in (1, 5, 10, 15, 20):
    i = epoch - 1
    print(f"{epoch:5d}  {without['accuracy'][i]:6.1%}  {without['val_accuracy'][i]:6.1%}  {without['val_loss'][i]:6.3f}"
          f"  {with_['accuracy'][i]:6.1%}  {with_['val_accuracy'][i]:6.1%}  {with_['val_loss'][i]:6.3f}")
for name, run in (("without dropout", without), ("with dropout", with_)):
    lowest = min(run["val_loss"])
    print(f"lowest validation loss {name}: {lowest:.3f} at epoch {run['val_loss'].index(lowest) + 1}")
for name, run in (("without dropout", without), ("with dropout", with_)):  # the test split, once, at the end
    print(f"test split, {name}: accuracy {run['test_accuracy']:.1%}, loss {run['test_loss']:.3f}")
# --8<-- [end:run]

from cnn_blog.figures.dropout import make_dropout_experiment
from cnn_blog.figures.style import LANGS, save_figure

for lang in LANGS:
    save_figure(make_dropout_experiment(lang, results), f"05-dropout-experiment.{lang}.svg")


def best_epoch(losses):
    return min(range(len(losses)), key=losses.__getitem__) + 1


def rise(losses):
    """How far the loss climbed from its lowest to the last epoch, both rounded as the page quotes them."""
    return round(losses[-1], 2) - round(min(losses), 2)


def perfect_from(accuracies):
    """The first epoch from which every epoch to the last has training accuracy 1.0 (None if none)."""
    start = None
    for epoch, accuracy in enumerate(accuracies, start=1):
        start = (start or epoch) if accuracy == 1.0 else None
    return start


# Numbers the page quotes in its prose (read by the site build). The prose draws its conclusions
# from the validation loss, which separates the two runs clearly; the two validation accuracies
# are quoted side by side with their difference, whichever run is ahead.
loss = {"without": without["val_loss"], "with": with_["val_loss"]}
p, n = without["val_accuracy"][-1], results["n_val"]
standard_error = (p * (1 - p) / n) ** 0.5  # of an accuracy p measured on n images
with open("dropout_experiment.values.json", "w") as fh:
    json.dump({
        "per_digit": results["n_train"] // 10,
        "n_train": results["n_train"],
        "n_val": f"{results['n_val']:,}",
        "n_test": f"{results['n_test']:,}",
        "without_test": f"{without['test_accuracy']:.1%}",
        "with_test": f"{with_['test_accuracy']:.1%}",
        "without_test_loss": f"{without['test_loss']:.2f}",
        "with_test_loss": f"{with_['test_loss']:.2f}",
        "epochs": len(without["accuracy"]),
        "first_perfect_epoch": perfect_from(without["accuracy"]),
        "without_train": f"{without['accuracy'][-1]:.1%}",
        "without_val": f"{without['val_accuracy'][-1]:.1%}",
        "without_gap": f"{(without['accuracy'][-1] - without['val_accuracy'][-1]) * 100:.1f}",
        "with_train": f"{with_['accuracy'][-1]:.1%}",
        "with_val": f"{with_['val_accuracy'][-1]:.1%}",
        "with_gap": f"{(with_['accuracy'][-1] - with_['val_accuracy'][-1]) * 100:.1f}",
        "val_difference": f"{abs(with_['val_accuracy'][-1] - without['val_accuracy'][-1]) * 100:.1f}",
        "val_se": f"{standard_error * 100:.1f}",
        "without_best_loss_epoch": best_epoch(loss["without"]),
        "without_best_loss": f"{min(loss['without']):.2f}",
        "without_last_loss": f"{loss['without'][-1]:.2f}",
        "without_rise": f"{rise(loss['without']):.2f}",
        "with_best_loss_epoch": best_epoch(loss["with"]),
        "with_best_loss": f"{min(loss['with']):.2f}",
        "with_last_loss": f"{loss['with'][-1]:.2f}",
        "with_rise": f"{rise(loss['with']):.2f}",
    }, fh)
