"""Part 10, batch_size and epochs: every snippet's printed numbers against an independent computation."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import edited_source, instructed_edit, run_python
from snippets_util import run_snippet
from page_checks import code_blocks, page_output, page_prose, table_under_figure
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.data import load_mnist_5k
from cnn_blog.demos import batch_size as demos
from cnn_blog.figures import batch_size as figures

MNIST_TRAIN = 4000  # 5,000 digits, 20 % kept for testing
MNIST_FIT = 3600  # the training runs keep the last 10 % of those for validation


def ceil_div(n: int, b: int) -> int:
    return -(-n // b)


def plain_forward(weights, x):
    """The small model in plain NumPy, from its weights: x (n, 28, 28, 1) -> probabilities (n, 10)."""
    w1, b1, w2, b2 = (np.asarray(w, np.float64) for w in weights)
    hidden = np.maximum(x.reshape(len(x), -1).astype(np.float64) @ w1 + b1, 0)
    scores = hidden @ w2 + b2
    scores -= scores.max(axis=1, keepdims=True)
    return np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)


def plain_losses(weights, x, labels):
    probs = plain_forward(weights, x)
    return -np.log(probs[np.arange(len(labels)), labels])  # (n,)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist_5k()


# ------------------------------------------------------------------------------ steps per epoch


def test_snippet_steps_per_epoch_counts_match_the_formula_and_keras_split(tmp_path):
    from cnn_blog import train

    stdout, _, values = run_snippet("snippets/10_batch_size_epochs/steps_per_epoch.py")
    assert (train.batch_size, train.epochs) == (32, 100)  # what the page explains
    assert stdout.startswith("batch_size = 32, epochs = 100\n")
    photos = 600 - 120  # 6 x 100 photos, 20 % held out; augment: 8 angles x 2 (mirrored)
    rows = {
        "MNIST-5k, training split": MNIST_TRAIN,
        "MNIST-5k, fit(validation_split=0.1)": 3600,  # Keras keeps the first floor(0.9 n) for training
        "photos (6 x 100), augmented": photos * 8 * 2,
    }
    for name, n in rows.items():
        steps = ceil_div(n, 32)
        line = next(line for line in stdout.splitlines() if line.startswith(name))
        assert line.split()[-4:] == [str(n), str(steps), str(n - 32 * (steps - 1)), str(steps * 100)], line
    for b in (8, 32, 128):
        steps = ceil_div(MNIST_TRAIN, b)
        assert (f"batch_size {b:>3}: {steps:>3} steps per epoch, the last mini-batch holds "
                f"{MNIST_TRAIN - b * (steps - 1):>3} images, {MNIST_TRAIN} images per epoch") in stdout
    assert values["mnist_steps"] == 125 and values["mnist_total_steps"] == "12,500"
    assert (values["val_steps"], values["val_last"]) == (113, 16)
    assert (values["photo_train"], values["photo_test"], values["photo_views"]) == (480, 120, 16)
    assert values["photo_aug"] == "7,680" and values["photo_steps"] == 240
    assert (values["steps_8"], values["steps_128"], values["last_128"]) == (500, 32, 32)


def keras_steps_per_epoch(n: int, batch_size: int, validation_split: float) -> int:
    """How many steps Keras's public ``fit`` takes in one epoch on n samples (a tiny model)."""
    import keras

    class Steps(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.steps = 0

        def on_train_batch_end(self, batch, logs=None):
            self.steps += 1

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    counter = Steps()
    model.fit(np.zeros((n, 1)), np.zeros((n, 1)), batch_size=batch_size, epochs=1,
              validation_split=validation_split, callbacks=[counter], verbose=0)
    return counter.steps


@pytest.mark.parametrize("n", [MNIST_TRAIN, 45])
def test_keras_validation_split_trains_on_the_floor_of_the_share(n):
    """The snippet counts floor(0.9 n) training images for fit(validation_split=0.1); Keras agrees."""
    expected = math.floor(n * (1 - 0.1))  # 3,600 for MNIST-5k; 40 of 45 (40.5 rounded down)
    assert keras_steps_per_epoch(n, expected, 0.1) == 1
    assert keras_steps_per_epoch(n, expected - 1, 0.1) == 2
    assert keras_steps_per_epoch(n, 32, 0.1) == math.ceil(expected / 32)


# ------------------------------------------------------------------------------ one step


def test_snippet_one_step_prints_the_mean_loss_and_one_adam_step(tmp_path, mnist):
    import keras

    stdout, files, values = run_snippet("snippets/10_batch_size_epochs/one_step.py")
    x_train, _, y_train, _ = mnist
    x, labels = x_train[:32], y_train[:32]
    start = demos.small_model(seed=0).get_weights()
    losses = plain_losses(start, x, labels)  # plain NumPy, not cnn_blog
    assert f"first 4 losses: {np.round(losses[:4], 4)}" in stdout
    assert f"the mini-batch's loss = mean of the 32 losses = {losses.mean():.4f}" in stdout
    assert values["batch_loss"] == f"{losses.mean():.4f}"
    assert "one gradient per weight array: [(784, 64), (64,), (64, 10), (10,)]" in stdout
    # Adam's first step moves every weight with a nonzero gradient by lr * |g| / (|g| + eps') ~ lr
    assert "largest change per weight array: [0.001 0.001 0.001 0.001]" in stdout
    assert values["largest_change"] == "0.001"

    # The same step in Keras, from the same weights: the loss on the batch afterwards
    ref = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(64),
                            keras.layers.Activation("relu"), keras.layers.Dense(10),
                            keras.layers.Activation("softmax")])
    ref.set_weights(start)
    ref.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam())
    ref.train_on_batch(x, np.eye(10)[labels])
    after = plain_losses(ref.get_weights(), x, labels).mean()
    printed = float(re.search(r"the same batch after the step: loss (\S+)", stdout).group(1))
    assert printed == pytest.approx(after, abs=2e-4)
    assert printed < losses.mean()

    check = files["one_step.check.out.txt"].read_text(encoding="utf-8")
    assert check == ("batch gradient == mean of the 32 single-image gradients: True\n"
                     "same loss and weights as model.train_on_batch: True True\n")


def test_batch_gradient_is_the_mean_of_single_image_gradients_by_finite_differences(mnist):
    """The claim the page makes, checked without backpropagation: d(mean loss)/dw = mean of d(loss_i)/dw."""
    x_train, _, y_train, _ = mnist
    x, labels = x_train[:8], y_train[:8]
    weights = [w.astype(np.float64) for w in demos.small_model(seed=0).get_weights()]
    eps, j = 1e-6, 3  # one bias of the last Dense layer

    def mean_and_singles(ws):
        losses = plain_losses(ws, x, labels)
        return losses.mean(), losses

    plus = [w.copy() for w in weights]
    minus = [w.copy() for w in weights]
    plus[3][j] += eps
    minus[3][j] -= eps
    (mp, sp), (mm, sm) = mean_and_singles(plus), mean_and_singles(minus)
    assert (mp - mm) / (2 * eps) == pytest.approx(np.mean((sp - sm) / (2 * eps)), rel=1e-6)


def test_snippet_keras_steps_counts_ceil_and_agrees_with_numpy(tmp_path):
    stdout, files, _ = run_snippet("snippets/10_batch_size_epochs/keras_steps.py")
    for b in (8, 32, 128):
        steps = ceil_div(MNIST_TRAIN, b)
        assert f"batch_size {b:>3}: Keras took {steps:>3} steps; ceil({MNIST_TRAIN} / {b}) = {steps}" in stdout
    one = files["keras_steps.one_step.out.txt"].read_text(encoding="utf-8")
    assert "agree to 1e-6: True" in one
    assert "weights after the step agree to 1e-9: True" in one
    keras_loss, numpy_loss = re.search(r"Keras (\S+), NumPy (\S+);", one).groups()
    assert keras_loss == numpy_loss


# ------------------------------------------------------------------------------ training runs


@pytest.fixture(scope="module")
def runs_snippet(tmp_path_factory):
    return run_snippet("snippets/10_batch_size_epochs/batch_size_runs.py")


def test_snippet_batch_size_runs_table_and_figures(runs_snippet):
    stdout, files, values = runs_snippet
    epochs = demos.EPOCHS
    for b in demos.BATCH_SIZES:
        steps = ceil_div(MNIST_FIT, b)
        assert values[f"steps_{b}"] == steps and values[f"total_steps_{b}"] == f"{steps * epochs:,}"
        assert re.search(rf"^\s+{b}\s+{epochs}\s+{steps}\s+{steps * epochs}\s", stdout, re.M), b
    assert "our loop and Sequential.fit give the same loss per epoch: True" in stdout
    assert set(files) == {"batch_size_runs.values.json", "batch_size_runs.epochs.out.txt"} | {
        f"10-batch-size-epochs-{name}.{lang}.svg" for name in ("per-step", "per-epoch") for lang in ("ja", "en")}
    for name, path in files.items():
        assert path.stat().st_size < 300_000, name
    for name in ("per-step", "per-epoch"):
        ja = files[f"10-batch-size-epochs-{name}.ja.svg"].read_bytes()
        assert ja != files[f"10-batch-size-epochs-{name}.en.svg"].read_bytes()


def test_batch_size_runs_support_what_the_page_says(runs_snippet):
    """The prose and the alt text describe these results; if training changes, this test says so."""
    _, _, v = runs_snippet
    # the split the prose states: 4,000 training digits, the last 400 for validation, 3,600 to train on
    assert (v["train_images"], v["val_images"], v["fit_images"]) == (
        f"{MNIST_TRAIN:,}", f"{MNIST_TRAIN - MNIST_FIT:,}", f"{MNIST_FIT:,}")
    f = {k: float(val) for k, val in v.items() if isinstance(val, str) and re.fullmatch(r"[\d.]+", val)}
    # after one epoch, the smaller the batch, the lower the training loss (more steps)
    assert f["loss_first_8"] < f["loss_first_32"] < f["loss_first_128"]
    assert f["val_first_8"] < f["val_first_32"] < f["val_first_128"]
    # every training loss keeps falling; batch size 8's validation loss rises again after its lowest point
    for b in demos.BATCH_SIZES:
        assert f[f"loss_last_{b}"] < f[f"loss_first_{b}"] / 5
    assert v["val_lowest_epoch_8"] < v["epochs"] and f["val_last_8"] > f["val_lowest_8"] + 0.02
    # the test loss, measured once at the end, says the same: batch size 8 ends worst
    assert f["test_loss_8"] > max(f["test_loss_32"], f["test_loss_128"])
    # batch size 128 reaches batch size 8's first-epoch validation loss in fewer steps than 8 took
    assert v["catch_up_steps_128"] < v["steps_8"]
    assert v["catch_up_steps_128"] == v["catch_up_epoch_128"] * v["steps_128"]


def test_test_loss_of_a_run_matches_an_independent_evaluation(runs_snippet, mnist):
    """Retrain the cheapest run and evaluate its weights with plain NumPy: the printed validation loss
    (on the last 400 training digits) and the test loss (on the test split, once)."""
    _, _, values = runs_snippet
    x_train, x_test, y_train, y_test = mnist
    model, history = demos.train_with_batch_size(128)
    assert values["val_last_128"] == f"{history['val_loss'][-1]:.3f}"
    assert values["test_loss_128"] == f"{history['test_loss']:.3f}"
    weights = model.get_weights()
    assert plain_losses(weights, x_train[MNIST_FIT:], y_train[MNIST_FIT:]).mean() == pytest.approx(
        history["val_loss"][-1], abs=1e-5)
    assert plain_losses(weights, x_test, y_test).mean() == pytest.approx(history["test_loss"], abs=1e-5)
    steps = ceil_div(MNIST_FIT, 128)
    sizes = [128] * (steps - 1) + [MNIST_FIT - 128 * (steps - 1)]
    for epoch, loss in enumerate(history["loss"]):
        assert loss == pytest.approx(np.average(history["step_loss"][epoch * steps:(epoch + 1) * steps], weights=sizes))


@pytest.fixture(scope="module")
def histories():
    """The three runs again, straight from the demo function: {batch size: history}."""
    return {b: demos.train_with_batch_size(b)[1] for b in demos.BATCH_SIZES}


def test_per_epoch_table_is_the_history_of_every_run(runs_snippet, histories):
    """The table under the per-epoch figure: every epoch's training and validation loss of every batch size."""
    _, files, _ = runs_snippet
    lines = files["batch_size_runs.epochs.out.txt"].read_text(encoding="utf-8").splitlines()
    assert lines[0].split() == ["loss", "training", "(solid)", "validation", "(dashed)"]
    assert lines[1].split() == ["batch", "size"] + [str(b) for b in demos.BATCH_SIZES] * 2
    rows = lines[2:]
    assert len(rows) == demos.EPOCHS
    for epoch, row in enumerate(rows):
        word, number, *cells = row.split()
        assert (word, int(number)) == ("epoch", epoch + 1), row
        expected = [histories[b]["loss"][epoch] for b in demos.BATCH_SIZES] + [
            histories[b]["val_loss"][epoch] for b in demos.BATCH_SIZES]
        assert cells == [f"{loss:.3f}" for loss in expected], row
    # the table agrees with the numbers the prose quotes
    _, _, values = runs_snippet
    for column, b in enumerate(demos.BATCH_SIZES):
        training = [row.split()[2 + column] for row in rows]
        validation = [row.split()[2 + len(demos.BATCH_SIZES) + column] for row in rows]
        assert (training[0], training[-1]) == (values[f"loss_first_{b}"], values[f"loss_last_{b}"])
        assert (validation[0], validation[-1]) == (values[f"val_first_{b}"], values[f"val_last_{b}"])


def test_snippet_batch_noise_follows_the_sampling_formula(tmp_path, mnist):
    stdout, _, values = run_snippet("snippets/10_batch_size_epochs/batch_noise.py")
    x_train, _, y_train, _ = mnist
    model, _ = demos.train_with_batch_size(32, epochs=1)
    losses = plain_losses(model.get_weights(), x_train, y_train)  # (4000,)
    assert float(values["full_loss"]) == pytest.approx(losses.mean(), abs=2e-4)
    assert f"loss of all {len(losses)} training images: {values['full_loss']}" in stdout
    n, sigma = len(losses), losses.std()
    for b in (8, 32, 128):
        expected = sigma / math.sqrt(b) * math.sqrt((n - b) / (n - 1))
        measured = float(re.search(rf"batch size {b:>3}: mini-batch loss \S+ ± (\S+)", stdout).group(1))
        assert measured == pytest.approx(expected, rel=0.08), b  # 2,000 draws: about 1.6 % sampling error
    assert float(values["ratio"]) == pytest.approx(4 * math.sqrt((n - 8) / (n - 128)), rel=0.1)


# ------------------------------------------------------------------------------ figures and page


@pytest.fixture(scope="module")
def short_runs():
    return {b: demos.train_with_batch_size(b, epochs=2)[1] for b in (8, 128)}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", ["make_loss_per_step", "make_loss_per_epoch"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(short_runs, name, lang):
    from figure_checks import assert_labels_have_glyphs

    assert_labels_have_glyphs(getattr(figures, name)(lang, short_runs), lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_the_loss_per_epoch_table_right_under_its_figure(site, lang, runs_snippet):
    """Accessibility: the per-epoch figure's numbers are on the page as text, one sentence below it."""
    _, files, _ = runs_snippet
    img, lines = table_under_figure(site, "10-batch-size-epochs", lang,
                                    "10_batch_size_epochs/10-batch-size-epochs-per-epoch.svg",
                                    "10_batch_size_epochs/batch_size_runs.epochs.out.txt")
    expected = files["batch_size_runs.epochs.out.txt"].read_text(encoding="utf-8")
    if lang == "ja":  # the Japanese file's run: the same numbers (tests/test_code_language.py)
        expected = page_output(lang, "10_batch_size_epochs/batch_size_runs.epochs.out.txt")
    assert lines == expected.splitlines()
    assert ("表" if lang == "ja" else "table") in img["alt"]  # the alt text points to it


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_batch_size_epochs_and_the_fit_line(site, lang):
    (constants, constants_hl), (_, fit_hl) = code_blocks(site, "10-batch-size-epochs", lang)[:2]
    assert [line.strip() for line in constants_hl] == ["batch_size = 32", "epochs = 100"]
    assert any("labels = " in line for line in constants)  # the whole constants block, two lines highlighted
    assert len(fit_hl) == 1 and fit_hl[0].strip().startswith("history = model.fit(X, y, batch_size=batch_size, epochs=epochs,")





@pytest.mark.parametrize("lang", ["ja", "en"])
def test_numbers_typed_in_the_page_are_the_code_settings(lang):
    """Batch sizes, the 16-fold batch and its 4-fold smaller scatter, the 1/32 of one step."""
    text = page_prose("10-batch-size-epochs", lang)
    typed = re.findall(r"(?:バッチサイズ|batch sizes?(?: of)?) (\d+)", text)
    assert len(typed) > 10 and {int(b) for b in typed} <= set(demos.BATCH_SIZES)
    ratio = max(demos.BATCH_SIZES) // min(demos.BATCH_SIZES)
    assert math.isqrt(ratio) ** 2 == ratio == 16  # 1/sqrt(B): 16 times the batch, a quarter of the scatter
    assert (f"{ratio} 倍にすると、ばらつきはおよそ {math.isqrt(ratio)} 分の 1" if lang == "ja"
            else f"a batch {ratio} times as large scatters about a quarter as") in text
    source = (ROOT / "snippets" / "10_batch_size_epochs" / "one_step.py").read_text(encoding="utf-8")
    b = int(re.search(r"^batch_size = (\d+)$", source, re.M).group(1))  # the snippet's mini-batch
    assert f"`(y - t) / {b}`" in text


@pytest.mark.parametrize("bad", [0, -8, 2.5, "32", None])
def test_train_with_batch_size_rejects_what_is_not_a_positive_whole_number(bad):
    with pytest.raises(ValueError, match="positive integers"):
        demos.train_with_batch_size(bad, epochs=1)
    with pytest.raises(ValueError, match="positive integers"):
        demos.train_with_batch_size(8, epochs=bad)


def test_figure_module_only_draws():
    assert_figure_module_only_draws("batch_size")


def test_validation_is_the_last_tenth_of_the_training_split_and_never_the_test_split(mnist):
    """Issue 15: epochs are judged on data split off the training data, as Keras's validation_split does
    (the last ones); the test split is not seen until the end."""
    x_train, x_test, y_train, _ = mnist
    (x_fit, y_fit), (x_val, y_val) = demos.split_validation(x_train, y_train)
    assert len(x_fit) == MNIST_FIT and len(x_val) == MNIST_TRAIN - MNIST_FIT
    np.testing.assert_array_equal(x_val, x_train[MNIST_FIT:])
    np.testing.assert_array_equal(y_fit, y_train[:MNIST_FIT])
    # Keras's fit(validation_split=0.1) splits with this function of the pinned Keras: the same 400
    from keras.src.trainers.data_adapters.array_slicing import train_validation_split

    (k_fit, _), (k_val, _) = train_validation_split((x_train, y_train), validation_split=demos.VALIDATION_SPLIT)
    np.testing.assert_array_equal(k_val, x_val)
    assert len(k_fit) == MNIST_FIT
    _, history = demos.train_with_batch_size(128, epochs=1)
    assert set(history) == {"step_loss", "loss", "val_loss", "val_accuracy", "test_loss", "test_accuracy"}
    assert isinstance(history["test_loss"], float) and len(history["val_loss"]) == 1


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5])
def test_split_validation_rejects_a_share_outside_zero_and_one(bad, mnist):
    x_train, _, y_train, _ = mnist
    with pytest.raises(ValueError, match="validation_split"):
        demos.split_validation(x_train, y_train, bad)


def test_snippet_try_it_answers_batch_100_and_the_scatter_of_512(tmp_path, mnist):
    stdout, _, values = run_snippet("snippets/10_batch_size_epochs/try_it.py")
    n = len(mnist[0])
    batches = [mnist[0][i : i + 100] for i in range(0, n, 100)]  # the mini-batches of one epoch, counted
    assert values["steps_100"] == len(batches) and values["last_100"] == len(batches[-1]) == 100
    assert values["times"] == "4" and values["half"] == "0.5"
    # The scatter of mini-batch means, measured: 20,000 batches of 512 and of 128 drawn without replacement
    # from n losses of a fixed scatter; their ratio is the page's "a little less than half".
    rng = np.random.default_rng(0)
    losses = rng.normal(size=n)
    spread = {b: np.std([losses[rng.choice(n, size=b, replace=False)].mean() for _ in range(20_000)]) for b in (128, 512)}
    measured = spread[512] / spread[128]
    assert abs(measured - float(values["with_factor"])) < 0.01
    assert float(values["with_factor"]) < 0.5
    assert stdout.splitlines()[0] == f"1. batch_size 100: {len(batches)} steps per epoch, the last mini-batch holds 100 images"


@pytest.mark.parametrize("number, rel, added", [(1, "snippets/10_batch_size_epochs/steps_per_epoch.py", 100),
                                                 (3, "snippets/10_batch_size_epochs/batch_noise.py", 512)])
def test_exercises_one_and_three_add_a_batch_size_as_instructed(tmp_path, number, rel, added):
    """Exercises 1 and 3 as the page words them (both languages ask for the same edit): the loop over the batch
    sizes gets one more, and the edited snippet runs to its end and prints a line for it."""
    edits = {lang: instructed_edit("10-batch-size-epochs", lang, number) for lang in ("ja", "en")}
    assert edits["ja"] == edits["en"] == (rel, "for b in (8, 32, 128)", f"for b in (8, 32, 128, {added})")
    _, old, new = edits["en"]
    name = rel.rsplit("/", 1)[1]
    run = run_python(edited_source((ROOT / rel).read_text(encoding="utf-8"), old, new), tmp_path / "run", name)
    assert run.returncode == 0, f"the edited {rel} raises:\n{run.stderr}"
    if number == 1:  # the answer's numbers: try_it.py's
        _, _, answer = run_snippet("snippets/10_batch_size_epochs/try_it.py")
        assert (f"batch_size {added}: {answer['steps_100']:>3} steps per epoch, the last mini-batch holds "
                f"{answer['last_100']:>3} images, {MNIST_TRAIN} images per epoch") in run.stdout.splitlines()
    else:
        assert any(line.startswith(f"batch size {added}: mini-batch loss ") for line in run.stdout.splitlines())


def test_exercise_two_stopping_batch_size_8_early_runs_as_instructed_and_gives_the_answer(tmp_path, runs_snippet):
    """Exercise 2 as the page words it (both languages ask for the same edit): batch_size_runs.py with batch
    size 8 stopped at its lowest validation loss runs to its end; its report counts that run's own epochs and
    steps, the other two runs print as on the page; its test loss is try_it.py's answer, and it is below
    the 20-epoch run's, as the answer says."""
    edits = {lang: instructed_edit("10-batch-size-epochs", lang, 2) for lang in ("ja", "en")}
    assert edits["ja"] == edits["en"]
    rel, old, new = edits["en"]
    assert rel == "snippets/10_batch_size_epochs/batch_size_runs.py"
    run = run_python(edited_source((ROOT / rel).read_text(encoding="utf-8"), old, new), tmp_path / "run",
                     "batch_size_runs.py")
    assert run.returncode == 0, f"the edited {rel} raises:\n{run.stderr}"
    built_stdout, _, built = runs_snippet
    _, _, answer = run_snippet("snippets/10_batch_size_epochs/try_it.py")
    best, epochs, steps = built["val_lowest_epoch_8"], demos.EPOCHS, ceil_div(MNIST_FIT, 8)
    assert answer["best_epoch_8"] == best < epochs
    lines, page = run.stdout.splitlines(), built_stdout.splitlines()
    assert lines[0] == page[0]  # the header
    assert re.match(rf"^\s+8\s+{best}\s+{steps}\s+{steps * best}\s", lines[1]), lines[1]
    assert lines[2:4] == page[2:4] and lines[6:8] == page[6:8]  # batch sizes 32 and 128, as on the page
    tested = re.fullmatch(r"\s+8\s+test loss (\S+), test accuracy \S+", lines[5])
    assert tested and tested[1] == answer["stopped_test_loss_8"]  # the answer is what the edited run prints
    assert answer["full_test_loss_8"] == built["test_loss_8"]
    assert float(answer["stopped_test_loss_8"]) < float(built["test_loss_8"])  # the answer: "below"
    edited = (tmp_path / "run" / "batch_size_runs.values.json").read_text(encoding="utf-8")
    assert f'"total_steps_8": "{steps * best:,}"' in edited and f'"val_lowest_epoch_8": {best},' in edited
    table = (tmp_path / "run" / "batch_size_runs.epochs.out.txt").read_text(encoding="utf-8").splitlines()
    assert len(table) == 2 + epochs
    assert len(table[1 + best].split()) == 2 + 6 and len(table[2 + best].split()) == 2 + 4  # 8 stops at `best`
