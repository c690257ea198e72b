"""Part 12: the series' script trained on MNIST-5k while the site is built, and what the trained model shows.

Training takes about half a minute and each snippet runs in its own process, so this one snippet
trains once and then does every step that needs the trained model. What a step prints goes to
``train_mnist.<step>.out.txt`` (the page shows each step's output under its code), the numbers the
prose quotes to ``train_mnist.values.json``, the figures to ``12-training-*.{ja,en}.{svg,png}``.
Nothing printed depends on the clock: two builds give the same bytes.
"""

import contextlib


@contextlib.contextmanager
def step(name):
    """Send what the block prints to train_mnist.<name>.out.txt instead of the snippet's own output."""
    with open(f"train_mnist.{name}.out.txt", "w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
        yield


# --8<-- [start:train]
import json
import tempfile
from pathlib import Path

from cnn_blog.reproduce import same_numbers_as_the_page

same_numbers_as_the_page()  # before NumPy and Keras load

import keras
import numpy as np

from cnn_blog import train

# No progress bar here: it prints how long each epoch took, which varies.
keras.utils.disable_interactive_logging()
settings = dict(data="mnist", epochs=5, batch_size=32, seed=0,
                validation_split=0.1)

# main writes model.keras, history.json and evaluation.json into `out`
with tempfile.TemporaryDirectory() as out:
    model, evaluation = train.main(out=out, **settings)
    history = json.loads(Path(out, "history.json").read_text())
# --8<-- [end:train]

with step("history"):
    # --8<-- [start:history]
    print("epoch  loss    accuracy  val_loss  val_accuracy")
    for epoch in range(settings["epochs"]):
        row = [history[key][epoch]
               for key in ("loss", "accuracy", "val_loss", "val_accuracy")]
        print(f"{epoch + 1:>5}  {row[0]:.4f}  {row[1]:.4f}    "
              f"{row[2]:.4f}    {row[3]:.4f}")
    # --8<-- [end:history]

with step("predict"):
    # --8<-- [start:predict]
    # the test images main held back (the same seed gives the same split)
    _, x_test, _, y_test, labels = train.load_data("mnist", seed=settings["seed"])
    probabilities = model.predict(x_test, verbose=0)  # (1000, 10)
    predicted = probabilities.argmax(axis=1)  # (1000,): the most probable digit
    right = int(np.sum(predicted == y_test))
    print(f"test images: {len(x_test)}, right: {right}, "
          f"wrong: {len(x_test) - right}")
    print(f"accuracy: {right / len(x_test):.4f} "
          f"(model.evaluate: {evaluation['test_accuracy']:.4f})")
    # --8<-- [end:predict]

with step("confusion"):
    # --8<-- [start:confusion]
    k = len(labels)
    confusion = np.zeros((k, k), dtype=int)
    # row: the true digit, column: the model's answer
    np.add.at(confusion, (y_test, predicted), 1)
    print("true\\pred" + "".join(f"{label:>5}" for label in labels) + "  total")
    for label, row in zip(labels, confusion):
        print(f"{label:>9}" + "".join(f"{n:>5}" for n in row) + f"{row.sum():>7}")
    # --8<-- [end:confusion]

with step("filters"):
    # --8<-- [start:filters]
    # the first Conv2D: kernel (3, 3, 1, 32), bias (32,)
    kernel, bias = model.layers[0].get_weights()
    print("kernel", kernel.shape, " bias", bias.shape)
    print("filter 0:\n", kernel[:, :, 0, 0].round(2))
    # --8<-- [end:filters]

with step("sobel"):
    # --8<-- [start:sobel]
    # Sobel kernels for the 8 directions: brightness rising to the right,
    # or to the lower right, each turned by 0, 90, 180 and 270 degrees
    # (a turn of 180 degrees is the same kernel with its signs flipped)
    to_right = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    to_lower_right = np.array([[-2, -1, 0], [-1, 0, 1], [0, 1, 2]])
    sobels = [np.rot90(k, turn) for k in (to_right, to_lower_right)
              for turn in range(4)]


    def correlation(a, b):
        """Pearson correlation of two 3x3 kernels: 1 = the same pattern."""
        a, b = a - a.mean(), b - b.mean()
        return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


    def best_sobel(filters):
        """Each filter's (3, 3, n) best correlation with any of the 8 kernels."""
        return np.array([max(correlation(filters[:, :, i], s) for s in sobels)
                         for i in range(filters.shape[-1])])


    # the same filters before training: the same seed draws the same weights
    train.set_seed(settings["seed"])
    untrained = train.build_model((28, 28, 1), 10).layers[0].get_weights()[0]
    before = best_sobel(untrained[:, :, 0, :])  # (32,)
    after = best_sobel(kernel[:, :, 0, :])  # (32,)
    for name, best in (("before training", before), ("after training", after)):
        print(f"{name:<16} median {np.median(best):.2f}  "
              f"above 0.9: {np.sum(best > 0.9):>2} of {len(best)}  "
              f"above 0.8: {np.sum(best > 0.8):>2} of {len(best)}")
    # --8<-- [end:sobel]

with step("feature_maps"):
    # --8<-- [start:feature_maps]
    # the layers before Flatten, less Dropout (it does nothing at inference)
    kept = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Flatten):
            break
        if not isinstance(layer, keras.layers.Dropout):
            kept.append(layer)
    # a model with the same weights and one output per kept layer
    probe = keras.Model(model.inputs, [layer.output for layer in kept])
    maps = probe.predict(x_test[:1], verbose=0)  # one (1, h, w, c) per layer
    names = ["ReLU" if isinstance(layer, keras.layers.Activation)
             else type(layer).__name__ for layer in kept]
    print(f"test image 0: the digit {labels[y_test[0]]}")
    for name, fmap in zip(names, maps):
        print(f"{name:<13} {str(fmap.shape[1:]):<14} min {fmap.min():7.3f}"
              f"  max {fmap.max():6.3f}  zeros {np.mean(fmap == 0):4.0%}")
    # --8<-- [end:feature_maps]

with step("probabilities"):
    # --8<-- [start:probabilities]
    wrong = np.flatnonzero(predicted != y_test)
    # the 2 mistakes made with the highest probability
    confidence = probabilities[wrong].max(axis=1)
    surest_wrong = wrong[np.argsort(-confidence, kind="stable")][:2]
    first_right = np.flatnonzero(predicted == y_test)[:4]
    chosen = np.concatenate([first_right, surest_wrong])
    for i in chosen:
        top = np.argsort(-probabilities[i], kind="stable")[:3]  # 3 most probable
        best = "  ".join(f"{labels[c]}: {probabilities[i, c]:.3f}" for c in top)
        total = probabilities[i].sum()  # softmax: 1
        print(f"image {i:>3}: true {labels[y_test[i]]}, predicted "
              f"{labels[predicted[i]]} | {best} | sum {total:.3f}")
    # --8<-- [end:probabilities]

# --8<-- [start:figures]
from cnn_blog.figures import training as figures
from cnn_blog.figures.style import LANGS, save_figure

stages = [(name, fmap[0]) for name, fmap in zip(names, maps)]  # (h, w, c) per kept layer
for lang in LANGS:  # "ja", "en": the same figures, labelled in each language
    save_figure(figures.make_learning_curves(lang, history),
                f"12-training-curves.{lang}.svg")
    save_figure(figures.make_confusion_matrix(lang, confusion, labels),
                f"12-training-confusion.{lang}.svg")
    save_figure(figures.make_filters(lang, kernel),
                f"12-training-filters.{lang}.png")
    save_figure(figures.make_feature_maps(lang, x_test[0], stages),
                f"12-training-feature-maps.{lang}.png")
    save_figure(figures.make_predictions(lang, x_test[chosen],
                                         probabilities[chosen], y_test[chosen],
                                         labels),
                f"12-training-predictions.{lang}.png")
# --8<-- [end:figures]

# Numbers the page quotes in its prose (read by the site build).
off_diagonal = confusion - np.diag(np.diag(confusion))
true_digit, mistaken_for = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)  # most frequent mistake
per_digit = np.diag(confusion) / confusion.sum(axis=1)  # share of each digit's test images predicted right
first_relu = maps[names.index("ReLU")]
fit_images = int(evaluation["train_images"] * (1 - settings["validation_split"]))  # Keras keeps the rest aside
last = settings["epochs"] - 1
values = {
    "epochs": settings["epochs"],
    "batch_size": settings["batch_size"],
    "seed": settings["seed"],
    "validation_percent": f"{settings['validation_split']:.0%}",
    "train_images": f"{evaluation['train_images']:,}",
    "fit_images": f"{fit_images:,}",
    "validation_images": f"{evaluation['train_images'] - fit_images:,}",
    "test_images": f"{len(x_test):,}",
    "steps_per_epoch": -(-fit_images // settings["batch_size"]),
    "parameters": f"{evaluation['parameters']:,}",
    "test_accuracy": f"{evaluation['test_accuracy']:.1%}",
    "test_loss": f"{evaluation['test_loss']:.3f}",
    "first_accuracy": f"{history['accuracy'][0]:.1%}",
    "final_accuracy": f"{history['accuracy'][last]:.1%}",
    "first_val_accuracy": f"{history['val_accuracy'][0]:.1%}",
    "final_val_accuracy": f"{history['val_accuracy'][last]:.1%}",
    "first_loss": f"{history['loss'][0]:.3f}",
    "final_loss": f"{history['loss'][last]:.3f}",
    "final_val_loss": f"{history['val_loss'][last]:.3f}",
    "best_val_epoch": int(np.argmin(history["val_loss"])) + 1,  # the epoch with the lowest validation loss
    "best_val_loss": f"{min(history['val_loss']):.3f}",
    "right": right,
    "wrong": len(x_test) - right,
    "per_digit_test": int(np.median(confusion.sum(axis=1))),
    "confused_true": labels[true_digit],
    "confused_pred": labels[mistaken_for],
    "confused_count": int(off_diagonal.max()),
    "hardest_digit": labels[int(per_digit.argmin())],
    "hardest_accuracy": f"{per_digit.min():.0%}",
    "probe_digit": labels[y_test[0]],
    "first_relu_zeros": f"{np.mean(first_relu == 0):.0%}",
    "sobel_median_before": f"{np.median(before):.2f}",
    "sobel_median_after": f"{np.median(after):.2f}",
    "sobel_above_09_before": int(np.sum(before > 0.9)),
    "sobel_above_09_after": int(np.sum(after > 0.9)),
    "sobel_above_08_before": int(np.sum(before > 0.8)),
    "sobel_above_08_after": int(np.sum(after > 0.8)),
    "sobel_best_after": f"{after.max():.2f}",
    "filters": len(after),
    "learned_filters": kernel[:, :, 0, :].tolist(),  # (3, 3, 32): for the test's own Sobel comparison
    "shown_right": len(first_right),
    "shown_wrong": len(surest_wrong),
}
with open("train_mnist.values.json", "w") as fh:
    json.dump(values, fh, ensure_ascii=False)
