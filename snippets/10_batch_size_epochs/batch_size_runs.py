"""Three training runs that differ only in the batch size: loss per step, loss per epoch, figures."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: one BLAS thread is fastest

import contextlib
import json

# --8<-- [start:runs]
from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import numpy as np

from cnn_blog.demos.batch_size import BATCH_SIZES, EPOCHS, train_with_batch_size

runs = {}
for batch_size in BATCH_SIZES:  # 8, 32, 128; the same model, data, seed and Adam for all three
    _, runs[batch_size] = train_with_batch_size(batch_size, epochs=EPOCHS)

print(f"{'batch size':>10} {'epochs':>6} {'steps/epoch':>11} {'steps in all':>12}   loss: epoch 1 -> last"
      f"   validation loss: epoch 1 -> last (lowest)")
for batch_size, h in runs.items():
    epochs = len(h["loss"])  # this run's own number of epochs
    steps = len(h["step_loss"]) // epochs
    lowest = int(np.argmin(h["val_loss"]))
    print(f"{batch_size:>10} {epochs:>6} {steps:>11} {steps * epochs:>12}   {h['loss'][0]:.3f} -> {h['loss'][-1]:.3f}"
          f"          {h['val_loss'][0]:.3f} -> {h['val_loss'][-1]:.3f} "
          f"({h['val_loss'][lowest]:.3f} after epoch {lowest + 1})")
print("test data, measured once, after each run's last epoch:")
for batch_size, h in runs.items():
    print(f"{batch_size:>10}   test loss {h['test_loss']:.3f}, test accuracy {h['test_accuracy']:.1%}")
# --8<-- [end:runs]

# --8<-- [start:same_as_fit]
from cnn_blog.data import load_mnist_5k
from cnn_blog.demos.batch_size import small_model, split_validation

x_train, x_test, y_train, y_test = load_mnist_5k()
(x_fit, y_fit), validation = split_validation(x_train, y_train)  # 3,600 to train on, the last 400 apart
fit_history = small_model(seed=0).fit(x_fit, y_fit, batch_size=32, epochs=2, seed=0, validation_data=validation)
print("our loop and Sequential.fit give the same loss per epoch:",
      fit_history["loss"] == runs[32]["loss"][:2] and fit_history["val_loss"] == runs[32]["val_loss"][:2])
# --8<-- [end:same_as_fit]

# --8<-- [start:figures]
from cnn_blog.figures import batch_size as figures
from cnn_blog.figures.style import LANGS, save_figure

small_and_large = {8: runs[8], 128: runs[128]}
for lang in LANGS:  # "ja", "en": the same figures, labelled in each language
    save_figure(figures.make_loss_per_step(lang, small_and_large), f"10-batch-size-epochs-per-step.{lang}.svg")
    save_figure(figures.make_loss_per_epoch(lang, runs), f"10-batch-size-epochs-per-epoch.{lang}.svg")
# --8<-- [end:figures]

# The per-epoch figure's numbers as text: batch_size_runs.epochs.out.txt, which the page shows under the figure.
with open("batch_size_runs.epochs.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
    # --8<-- [start:per_epoch]
    print(f"{'loss':<10}{'training (solid)':^21}   {'validation (dashed)':^21}".rstrip())
    sizes = "".join(f"{b:>7}" for b in runs)  # one column per batch size: 8, 32, 128
    print(f"{'batch size':<10}{sizes}   {sizes}")
    for epoch in range(max(len(h["loss"]) for h in runs.values())):  # a run that stopped earlier: blank
        training = "".join(f"{h['loss'][epoch]:>7.3f}" if epoch < len(h["loss"]) else " " * 7 for h in runs.values())
        validation = "".join(f"{h['val_loss'][epoch]:>7.3f}" if epoch < len(h["val_loss"]) else " " * 7
                             for h in runs.values())
        print(f"epoch {epoch + 1:>4}{training}   {validation}".rstrip())
    # --8<-- [end:per_epoch]

# Numbers the page quotes in its prose (read by the site build).
values = {"epochs": EPOCHS, "step_epochs": figures.STEP_EPOCHS, "train_images": f"{len(x_train):,}",
          "fit_images": f"{len(x_fit):,}", "val_images": f"{len(x_train) - len(x_fit):,}", "test_images": f"{len(x_test):,}"}
for b, h in runs.items():
    steps = len(h["step_loss"]) // len(h["loss"])  # len(h["loss"]): the run's epochs
    lowest = int(np.argmin(h["val_loss"]))
    values.update({
        f"steps_{b}": steps,
        f"total_steps_{b}": f"{len(h['step_loss']):,}",
        f"loss_first_{b}": f"{h['loss'][0]:.3f}",
        f"loss_last_{b}": f"{h['loss'][-1]:.3f}",
        f"val_first_{b}": f"{h['val_loss'][0]:.3f}",
        f"val_last_{b}": f"{h['val_loss'][-1]:.3f}",
        f"val_lowest_{b}": f"{h['val_loss'][lowest]:.3f}",
        f"val_lowest_epoch_{b}": lowest + 1,
        f"test_loss_{b}": f"{h['test_loss']:.3f}",  # measured once, after the last epoch
        f"test_accuracy_{b}": f"{h['test_accuracy']:.1%}",
    })
# When does batch size 128 first reach the validation loss that batch size 8 had after one epoch?
target = runs[8]["val_loss"][0]
catch_up = next(e for e, loss in enumerate(runs[128]["val_loss"]) if loss <= target) + 1
values.update({"catch_up_epoch_128": catch_up, "catch_up_steps_128": catch_up * values["steps_128"]})
with open("batch_size_runs.values.json", "w") as fh:
    json.dump(values, fh)
