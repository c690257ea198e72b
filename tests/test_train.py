"""cnn_blog.train: the series' script for Keras 3 — model, training, saving, determinism, command line."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnn_blog import data
from cnn_blog import train
from series_by_hand import series_layers, table
from test_data import write_photos

keras = train.keras
ROOT = Path(__file__).resolve().parents[1]

SERIES_LAYERS = table(series_layers(100, 3, 6))  # (layer, output shape, parameters), by hand

SEED_002_LAYERS = [  # the MNIST model of the Keras usage article, on 28 x 28 x 1
    ("Conv2D", (28, 28, 16), 160),
    ("MaxPooling2D", (14, 14, 16), 0),
    ("Conv2D", (12, 12, 128), 18_560),
    ("Conv2D", (10, 10, 256), 295_168),
    ("MaxPooling2D", (5, 5, 256), 0),
    ("Dropout", (5, 5, 256), 0),
    ("Flatten", (6_400,), 0),
    ("Dense", (128,), 819_328),
    ("Dropout", (128,), 0),
    ("Dense", (10,), 1_290),
]


def layer_table(model):
    return [(type(layer).__name__, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers]


def run_cli(*args, cwd):
    """``python -m cnn_blog.train ARGS`` in a subprocess, in the folder ``cwd``; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "cnn_blog.train", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def one_line_error(result):
    """The stderr of a failed command: exactly one line, no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---------------------------------------------------------------- the script as a module


def test_importing_trains_nothing(tmp_path):
    code = (
        "import keras\n"
        "def refuse(*args, **kwargs): raise SystemExit('trained or saved at import time')\n"
        "keras.Model.fit = keras.Model.save = keras.Model.evaluate = refuse\n"
        "import cnn_blog.train as t\n"
        "assert t.epochs == 100 and t.batch_size == 32 and t.image_size == 100\n"
        "assert t.labels == ['dogs', 'cats', 'monkeys', 'birds', 'fish', 'lizards'] and t.total_num == 6\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert os.listdir(tmp_path) == []  # no data/ folder, no model file


def test_series_model_layers_shapes_and_parameters():
    model = train.build_model((100, 100, 3), 6)
    assert layer_table(model) == SERIES_LAYERS
    assert model.count_params() == 17_403_430
    assert train.feature_side(100) == 23 and 23 * 23 * 64 == 33_856
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [(c.filters, c.kernel_size, c.padding) for c in convs] == [
        (32, (3, 3), "same"), (32, (3, 3), "valid"), (64, (3, 3), "same"), (64, (3, 3), "valid")]
    assert [layer.rate for layer in model.layers if isinstance(layer, keras.layers.Dropout)] == [0.25, 0.25, 0.5]
    activations = [layer.activation.__name__ for layer in model.layers if isinstance(layer, keras.layers.Activation)]
    assert activations == ["relu"] * 5 + ["softmax"]


def test_series_model_on_mnist_input():
    model = train.build_model((28, 28, 1), 10)
    assert model.count_params() == 889_834
    assert tuple(model.layers[12].output.shape[1:]) == (5 * 5 * 64,)  # 28 -> 26 -> 13 -> 11 -> 5


def test_smallest_image_size_is_the_real_minimum():
    assert train.MIN_IMAGE_SIZE == 10
    model = train.build_model((10, 10, 3), 2)  # 10 -> 8 -> 4 -> 2 -> 1
    assert tuple(model.layers[12].output.shape[1:]) == (64,)
    # one pixel less leaves no pixel after the second pooling: Keras 3.15 refuses to build it, earlier
    # versions (Colab's 3.13) build a model whose Flatten gives 0 values, so train.py checks the size itself
    try:
        small = train.build_model((9, 9, 3), 2)
    except ValueError:
        pass
    else:
        assert tuple(small.layers[12].output.shape[1:]) == (0,)
    assert train.feature_side(9) == 0 and train.feature_side(10) == 1


def test_seed_002_mnist_model():
    model = train.build_mnist_model()
    assert layer_table(model) == SEED_002_LAYERS
    assert model.count_params() == 1_134_506
    assert [layer.activation.__name__ for layer in model.layers if hasattr(layer, "activation")] == [
        "relu", "relu", "relu", "relu", "softmax"]
    assert model.loss == "categorical_crossentropy"
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    lines = []
    model.summary(print_fn=lambda line, **kwargs: lines.append(line))
    assert "1,134,506" in "\n".join(lines)


def test_script_keeps_the_series_order_and_markers():
    source = (ROOT / "cnn_blog" / "train.py").read_text()
    for name in ("imports", "constants", "main", "model", "model_train", "build", "compile", "fit", "save",
                 "model_eval", "mnist_model"):
        assert source.count(f"# --8<-- [start:{name}]") == 1 and source.count(f"# --8<-- [end:{name}]") == 1, name
    steps = [source.index(f"def {name}(") for name in ("main", "model_train", "model_eval")]
    assert steps == sorted(steps)
    section = source.split("# --8<-- [start:model]")[1].split("# --8<-- [end:model]")[0]
    adds = [line.strip() for line in section.splitlines() if "model.add(" in line]
    assert len(adds) == 1 + 18  # the input, then one line per line of the series
    assert all(line.count("model.add(") == 1 and line.endswith(")") for line in adds)
    assert "keras.optimizers.Adam()" in source and 'loss="categorical_crossentropy"' in source


# ---------------------------------------------------------------- training


@pytest.fixture(scope="module")
def mnist_subset():
    """100 digits of each class to train on and the 1,000 stratified test digits, one-hot."""
    x_train, x_test, y_train, y_test = data.load_mnist_5k(seed=0)
    keep = np.concatenate([np.flatnonzero(y_train == digit)[:100] for digit in range(10)])
    return (x_train[keep], keras.utils.to_categorical(y_train[keep], 10),
            x_test, keras.utils.to_categorical(y_test, 10))


def test_short_training_run_learns(mnist_subset, tmp_path):
    x, y, x_test, y_test = mnist_subset
    train.set_seed(0)
    timer = train.EpochTimer()
    model = train.model_train(x, y, epochs=2, batch_size=32, out=tmp_path, callbacks=[timer], verbose=0)
    loss, accuracy = train.model_eval(model, x_test, y_test, verbose=0)
    assert accuracy > 0.7, accuracy  # chance is 0.1; measured 0.898 with seed 0
    history = json.loads((tmp_path / "history.json").read_text())
    assert sorted(history) == ["accuracy", "loss"] and len(history["loss"]) == 2
    assert history["loss"][-1] < history["loss"][0]
    assert len(timer.seconds) == 2 and all(s > 0 for s in timer.seconds)
    again = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(again.predict(x_test[:5], verbose=0), model.predict(x_test[:5], verbose=0), rtol=1e-5)


def tiny_npz(path, size=12, seed=0):
    """Two labels that differ by brightness: learnable in an epoch or two."""
    rng = np.random.default_rng(seed)
    y = np.arange(40) % 2
    brightness = (y * 120).astype(np.uint8)[:, None, None, None]  # (40,) -> (40, 1, 1, 1)
    x = rng.integers(0, 100, size=(40, size, size, 3)).astype(np.uint8) + brightness
    return data.save_dataset(path, x[:32], x[32:], y[:32], y[32:], ["dark", "bright"])


def test_same_seed_same_weights_and_history(tmp_path):
    dataset = tiny_npz(tmp_path / "tiny.npz")
    runs = {}
    for name, seed in (("a", 0), ("b", 0), ("c", 1)):
        model, evaluation = train.main(data=dataset, out=tmp_path / name, epochs=2, batch_size=8, seed=seed,
                                       validation_split=0.25)
        runs[name] = (model.get_weights(), (tmp_path / name / "history.json").read_bytes(), evaluation)
    (weights_a, history_a, eval_a), (weights_b, history_b, eval_b), (weights_c, history_c, _) = runs.values()
    assert history_a == history_b
    assert all(np.array_equal(wa, wb) for wa, wb in zip(weights_a, weights_b))
    assert eval_a["test_loss"] == eval_b["test_loss"]
    assert history_a != history_c  # another seed, another run: the comparison can fail
    assert sorted(json.loads(history_a)) == ["accuracy", "loss", "val_accuracy", "val_loss"]


def test_main_on_a_photo_folder(tmp_path):
    photos = write_photos(tmp_path / "photos", {"cats": 10, "dogs": 10, "fish": 10})
    model, evaluation = train.main(data=photos, out=tmp_path / "out", epochs=1, batch_size=8, image_size=16,
                                   validation_split=0)
    assert model.input_shape == (None, 16, 16, 3) and model.output_shape == (None, 3)
    assert evaluation["labels"] == ["cats", "dogs", "fish"]
    assert (evaluation["train_images"], evaluation["test_images"]) == (24, 6)
    assert sorted(os.listdir(tmp_path / "out")) == ["evaluation.json", "history.json", "model.keras"]
    ranked = train.predict(tmp_path / "out" / "model.keras", photos / "fish" / "0.png", top=3)
    assert [label for label, _ in ranked] != [] and sorted(label for label, _ in ranked) == ["cats", "dogs", "fish"]
    probabilities = [p for _, p in ranked]
    assert probabilities == sorted(probabilities, reverse=True) and abs(sum(probabilities) - 1) < 1e-5


def photos_with_ids(root, labels=("cats", "dogs"), per_label=10, side=16):
    """Photo folders whose every photo is one flat colour of its own: the centre pixel names the photo.

    Rotating or mirroring a flat photo keeps its centre pixel (only the corners turn black), so every
    augmented view can be traced back to the photo it came from.
    """
    ids = iter(range(1, 1000))
    for label in labels:
        (root / label).mkdir(parents=True)
        for number in range(per_label):
            photo_id = next(ids)
            Image.new("RGB", (side, side), (photo_id, 255 - photo_id, 7)).save(root / label / f"{number}.png")
    return root


def photo_ids(x):
    """The photo each image (n, h, w, 3) came from: its centre pixel's red value (uint8 or in [0, 1])."""
    centre = x[:, x.shape[1] // 2, x.shape[2] // 2, 0]
    return set(np.rint(centre * (255 if centre.dtype.kind == "f" else 1)).astype(int).tolist())


def test_augmented_dataset_validates_on_photos_whose_views_are_not_trained_on(tmp_path, monkeypatch):
    """``augment`` then ``train``: the images fit validates on and the images it trains on come from
    different photos. (Before the fix, validation_split took the last tenth of the shuffled augmented
    images: rotated copies of training photos.)"""
    photos = photos_with_ids(tmp_path / "photos")
    counts = train.make_dataset(photos, tmp_path / "aug.npz", image_size=16, seed=0)
    assert counts["validation_photos"] == 2 and counts["test_images"] == 4 and counts["train_photos"] == 14
    seen = {}

    def fit_only(X, y, validation_split=0.0, validation_data=None, **_):
        """model_train as fit sees it: Keras takes validation_data, else the last validation_split."""
        if validation_data is None:
            kept = int(np.floor(len(X) * (1 - validation_split)))  # keras array_slicing.train_validation_split
            X, validation_data = X[:kept], (X[kept:], y[kept:])
        seen.update(trained=X, validated=validation_data[0])
        raise KeyboardInterrupt  # stop before any training

    monkeypatch.setattr(train, "model_train", fit_only)
    with pytest.raises(KeyboardInterrupt):
        train.main(data=tmp_path / "aug.npz", out=tmp_path / "out", validation_split=0.1)
    trained, validated = photo_ids(seen["trained"]), photo_ids(seen["validated"])
    assert len(trained) == 14 and len(validated) == 2  # every training photo's views, the 2 validation photos
    assert not trained & validated
    _, x_test, *_ = data.load_dataset(tmp_path / "aug.npz")
    assert not photo_ids(x_test) & (trained | validated)


def test_make_dataset_validation_size(tmp_path):
    photos = photos_with_ids(tmp_path / "photos", per_label=4)
    with pytest.raises(data.DataError, match="validation size must be at least 0 and below 1, got 1"):
        train.make_dataset(photos, tmp_path / "a.npz", image_size=16, validation_size=1)
    with pytest.raises(data.DataError, match="too few training photos for a validation size of 0.1: .*--validation-size"):
        train.make_dataset(photos, tmp_path / "a.npz", image_size=16, test_size=0.25)
    counts = train.make_dataset(photos, tmp_path / "a.npz", image_size=16, test_size=0.25, validation_size=0)
    assert counts["validation_photos"] == 0 and data.load_validation(tmp_path / "a.npz") is None


def test_load_data_checks_sizes(tmp_path):
    with pytest.raises(data.DataError, match="image size 9 is too small: .* at least 10 x 10 pixels"):
        train.load_data("mnist", image_size=9)
    with pytest.raises(data.DataError, match="MNIST-5k images are 28 x 28"):
        train.load_data("mnist", image_size=32)
    small = tiny_npz(tmp_path / "small.npz", size=8)
    with pytest.raises(data.DataError, match=f"{small} holds 8 x 8 images: .* at least 10 x 10"):
        train.load_data(small)
    with pytest.raises(data.DataError, match="not the image size 20"):
        train.load_data(tiny_npz(tmp_path / "twelve.npz"), image_size=20)
    with pytest.raises(data.DataError, match="has 32 training images: too few to keep a validation share of 0.99"):
        train.load_data(tmp_path / "twelve.npz", validation_split=0.99)
    x_train, *_ = train.load_data(tmp_path / "twelve.npz")
    assert x_train.dtype == np.float32 and 0 <= x_train.min() and x_train.max() <= 1


# ---------------------------------------------------------------- nothing lost


def test_interrupted_save_keeps_the_old_model(tmp_path, monkeypatch):
    train.set_seed(1)
    old = train.build_model((10, 10, 1), 2)
    path = train.save_model(old, tmp_path / "model.keras")
    assert (path.stat().st_mode & 0o777) == data.default_file_mode()
    new = train.build_model((10, 10, 1), 2)
    assert not np.array_equal(old.get_weights()[0], new.get_weights()[0])
    real_save = keras.Model.save

    def save_half_then_interrupt(self, filepath, *args, **kwargs):
        real_save(self, filepath, *args, **kwargs)
        with open(filepath, "r+b") as file:  # the write got half way ...
            file.truncate(os.path.getsize(filepath) // 2)
        raise KeyboardInterrupt  # ... when Ctrl-C came

    monkeypatch.setattr(keras.Model, "save", save_half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        train.save_model(new, path)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["model.keras"]  # no temporary file left
    kept = keras.saving.load_model(path)
    assert all(np.array_equal(a, b) for a, b in zip(kept.get_weights(), old.get_weights()))
    train.save_model(new, path)  # an uninterrupted save replaces it
    assert os.listdir(tmp_path) == ["model.keras"]
    replaced = keras.saving.load_model(path)
    assert all(np.array_equal(a, b) for a, b in zip(replaced.get_weights(), new.get_weights()))


# ---------------------------------------------------------------- the command line


# Each `python -m cnn_blog.train` imports TensorFlow first (about 5 CPU seconds). The successful runs
# and three error cases run as separate processes; the other error cases run one after another in a
# single child process, each through runpy exactly as `python -m` runs the module (fresh module code,
# its own argv, stdout and stderr, its exit status), so that TensorFlow is imported once for them.
RUN_MANY = """
import contextlib, io, json, runpy, sys, traceback
results = []
for argv in json.load(sys.stdin):
    out, err, code = io.StringIO(), io.StringIO(), 0
    sys.argv = ["python -m cnn_blog.train", *argv]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_module("cnn_blog.train", run_name="__main__", alter_sys=True)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 1
    results.append({"returncode": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
print(json.dumps(results))
"""


def run_many(cases, cwd):
    """Run each argv of ``cases`` ({name: argv}) through the CLI in one child process; {name: result}."""
    argvs = [[str(arg) for arg in argv] for argv in cases.values()]
    child = subprocess.run([sys.executable, "-c", RUN_MANY], input=json.dumps(argvs), cwd=cwd, capture_output=True,
                           text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == 0, child.stderr
    results = json.loads(child.stdout.splitlines()[-1])
    return {name: subprocess.CompletedProcess(argv, r["returncode"], r["stdout"], r["stderr"])
            for (name, argv), r in zip(cases.items(), results)}


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Every command-line case: {name: CompletedProcess}, run in the folder ``root``."""
    root = tmp_path_factory.mktemp("cli")
    dataset = tiny_npz(root / "tiny.npz")
    tiny_npz(root / "eight.npz", size=8)
    write_photos(root / "photos", {"cats": 4, "dogs": 4})
    write_photos(root / "single", {"cats": 4})
    write_photos(root / "empty", {"cats": 4, "dogs": 4})
    (root / "empty" / "lizards").mkdir()
    write_photos(root / "corrupt", {"cats": 4, "dogs": 4})
    (root / "corrupt" / "dogs" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a JPEG at all")
    (root / "notes.txt").write_text("not data")
    (root / "fake.keras").write_bytes(b"not a zip")
    Image.new("RGB", (30, 20), (250, 250, 250)).save(root / "bright.png")
    model = root / "out" / "model.keras"

    results = {"train": run_cli("train", "--data", dataset, "--epochs", 1, "--batch-size", 8,
                                "--validation-split", 0, "--out", root / "out", cwd=root)}
    own_process = {
        "predict": ("predict", model, root / "bright.png", "--top", 2),
        "missing folder": ("train", "--data", root / "nowhere"),
        "epochs 0": ("train", "--epochs", 0),
        "corrupt image": ("train", "--data", root / "corrupt", "--image-size", 12),
    }
    one_process = {
        "augment": ("augment", "--data", root / "photos", "--out", root / "aug.npz", "--image-size", 12,
                    "--test-size", 0.25, "--validation-size", 0.3, "--angles=-10,0,10"),
        "empty label": ("train", "--data", root / "empty", "--image-size", 12),
        "single label": ("train", "--data", root / "single", "--image-size", 12),
        "image size too small": ("train", "--data", root / "photos", "--image-size", 9),
        "dataset images too small": ("train", "--data", root / "eight.npz"),
        "not data": ("train", "--data", root / "notes.txt"),
        "batch size not a number": ("--batch-size", "abc"),  # no command given: train
        "negative seed": ("train", "--seed", -1),
        "validation split 1.5": ("train", "--validation-split", 1.5),
        "unknown flag": ("train", "--epoch", 0),  # no abbreviations: --epoch is not --epochs
        "out is a file": ("train", "--data", dataset, "--out", root / "notes.txt"),
        "predict missing model": ("predict", root / "missing.keras", root / "bright.png"),
        "predict not a model": ("predict", root / "fake.keras", root / "bright.png"),
        "predict corrupt image": ("predict", model, root / "corrupt" / "dogs" / "broken.jpg"),
        "predict wrong labels": ("predict", model, root / "bright.png", "--labels", "a,b,c"),
        "augment empty label": ("augment", "--data", root / "empty", "--out", root / "x.npz"),
        "augment not npz": ("augment", "--data", root / "photos", "--out", root / "x.txt"),
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        many = pool.submit(run_many, one_process, root)
        futures = {name: pool.submit(run_cli, *args, cwd=root) for name, args in own_process.items()}
        results.update({name: future.result() for name, future in futures.items()})
        results.update(many.result())
    return root, results


def test_cli_train_writes_model_history_evaluation(cli_runs):
    root, results = cli_runs
    result = results["train"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "━━━━" in result.stdout and "/step" in result.stdout  # Keras's own progress bar
    assert "Test Accuracy" in result.stdout
    assert sorted(os.listdir(root / "out")) == ["evaluation.json", "history.json", "model.keras"]
    evaluation = json.loads((root / "out" / "evaluation.json").read_text())
    assert evaluation["labels"] == ["dark", "bright"] and evaluation["epochs"] == 1
    assert evaluation["parameters"] == train.build_model((12, 12, 3), 2).count_params()
    assert len(json.loads((root / "out" / "history.json").read_text())["loss"]) == 1


def test_cli_predict_prints_top_classes(cli_runs):
    root, results = cli_runs
    result = results["predict"]
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    names = [line.split("\t")[0] for line in lines]
    probabilities = [float(line.split("\t")[1]) for line in lines]
    assert sorted(names) == ["bright", "dark"]  # labels from evaluation.json beside the model
    assert probabilities == sorted(probabilities, reverse=True) and abs(sum(probabilities) - 1) < 1e-3


def test_cli_augment_writes_a_dataset_file(cli_runs):
    root, results = cli_runs
    assert results["augment"].returncode == 0, results["augment"].stderr
    x_train, x_test, y_train, y_test, labels = data.load_dataset(root / "aug.npz")
    assert labels == ["cats", "dogs"]
    assert x_test.shape == (2, 12, 12, 3)  # 8 photos, a quarter kept for the test, never augmented
    x_val, y_val = data.load_validation(root / "aug.npz")
    assert x_val.shape == (2, 12, 12, 3) and sorted(y_val) == [0, 1]  # 30% of the other 6, one per label
    assert x_train.shape == (4 * 3 * 2, 12, 12, 3)  # 4 training photos x 3 angles x (as is, mirrored)
    assert "wrote" in results["augment"].stdout


@pytest.mark.parametrize(
    "case, expected",
    [
        ("missing folder", "no such folder or dataset file: {root}/nowhere"),
        ("empty label", "label folder has no images: {root}/empty/lizards"),
        ("corrupt image", "not an image (or a damaged one): {root}/corrupt/dogs/broken.jpg"),
        ("single label", "need at least 2 label folders (one subfolder per label) in {root}/single, found only 'cats'"),
        ("image size too small", "argument --image-size: 9 is too small"),
        ("dataset images too small", "{root}/eight.npz holds 8 x 8 images"),
        ("not data", "a .npz dataset file, got {root}/notes.txt"),
        ("epochs 0", "argument --epochs: must be at least 1, got 0"),
        ("batch size not a number", "argument --batch-size: expected a whole number, got 'abc'"),
        ("negative seed", "argument --seed: must be at least 0, got -1"),
        ("validation split 1.5", "argument --validation-split: must lie in [0, 1), got 1.5"),
        ("unknown flag", "unrecognized arguments: --epoch"),
        ("out is a file", "--out must be a folder, got a file: {root}/notes.txt"),
        ("predict missing model", "no such model file: {root}/missing.keras"),
        ("predict not a model", "not a readable Keras model file: {root}/fake.keras"),
        ("predict corrupt image", "not an image (or a damaged one): {root}/corrupt/dogs/broken.jpg"),
        ("predict wrong labels", "3 labels given for a model with 2 classes"),
        ("augment empty label", "label folder has no images: {root}/empty/lizards"),
        ("augment not npz", "--out must be a .npz file, got {root}/x.txt"),
    ],
)
def test_cli_errors_are_one_line(cli_runs, case, expected):
    root, results = cli_runs
    line = one_line_error(results[case])
    assert line.startswith("python -m cnn_blog.train"), line
    assert "error: " in line
    assert expected.format(root=root) in line, line


def test_tensorflows_native_notes_are_dropped_and_everything_else_is_kept():
    """What C++ writes to descriptor 2 while TensorFlow loads: absl's and oneDNN's notes go, the rest stays."""
    code = (
        "import os, sys\n"
        "from cnn_blog._native_logs import native_notes_dropped\n"
        "with native_notes_dropped():\n"
        "    os.write(2, b'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\\n'\n"
        "                b'I0000 00:00:1795926803.852574    2369 port.cc:153] oneDNN custom operations are on.\\n'\n"
        "                b'a real error from C++\\n')\n"
        "    print('a Python warning', file=sys.stderr)\n"
        "print('after the block', file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr.splitlines() == ["a real error from C++", "a Python warning", "after the block"]


def test_importing_the_training_script_writes_nothing_to_stderr():
    proc = subprocess.run([sys.executable, "-c", "import cnn_blog.train"], capture_output=True, text=True,
                          check=True, env={k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"})
    assert proc.stderr == ""
