"""Part 12, training: every snippet of snippets/12_training, its printed numbers checked independently.

The training snippet is the expensive one (about a minute on 2 cores): it runs once per test
session (module fixture ``trained``) and the tests below read what it printed and wrote.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from figure_checks import assert_labels_have_glyphs  # noqa: E402
from series_by_hand import series_layers, table
from snippets_util import run_snippet
from page_checks import code_blocks
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.data import load_mnist_5k
from cnn_blog.figures import training as figures

SETTINGS = {"epochs": 5, "batch_size": 32, "seed": 0, "validation_split": 0.1}  # as in train_mnist.py
LABELS = [str(d) for d in range(10)]
MAX_FIGURE_BYTES = 300_000


@pytest.fixture(scope="module")
def mnist_split():
    """The MNIST-5k split main trains on, loaded here without Keras: (x_train, x_test, y_train, y_test)."""
    return load_mnist_5k(test_size=0.2, seed=SETTINGS["seed"])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """``train_mnist.py`` run once, as the site build runs it: (stdout, {name: path}, values)."""
    return run_snippet("snippets/12_training/train_mnist.py")


def step_output(trained, step: str) -> str:
    _, files, _ = trained
    return files[f"train_mnist.{step}.out.txt"].read_text(encoding="utf-8")


def parse_test_scores(stdout: str) -> tuple[float, float]:
    match = re.fullmatch(r"Test Loss (\S+)\nTest Accuracy (\S+)\n", stdout)
    assert match, stdout
    return float(match.group(1)), float(match.group(2))


# ------------------------------------------------------------------ training and evaluation


def test_training_prints_the_series_evaluation_and_reaches_95_percent(trained):
    stdout, _, values = trained
    loss, accuracy = parse_test_scores(stdout)  # nothing else: no progress bar, no timings
    assert accuracy >= 0.95
    assert 0 < loss < 0.3
    assert values["test_accuracy"] == f"{accuracy:.1%}"
    assert values["test_loss"] == f"{loss:.3f}"
    assert values["parameters"] == "889,834"


def test_split_sizes_come_from_the_data(trained, mnist_split):
    values = trained[2]
    x_train, x_test, _, _ = mnist_split
    fit = math.floor(len(x_train) * (1 - SETTINGS["validation_split"]))  # what Keras trains on
    assert values["train_images"] == f"{len(x_train):,}"
    assert values["fit_images"] == f"{fit:,}"
    assert values["validation_images"] == f"{len(x_train) - fit:,}"
    assert values["test_images"] == f"{len(x_test):,}"
    assert values["steps_per_epoch"] == math.ceil(fit / SETTINGS["batch_size"])
    assert values["epochs"] == SETTINGS["epochs"] and values["batch_size"] == SETTINGS["batch_size"]
    assert values["validation_percent"] == "10%"


def test_history_table_has_one_row_per_epoch_and_learns(trained):
    lines = step_output(trained, "history").splitlines()
    assert lines[0].split() == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    rows = [[float(v) for v in line.split()] for line in lines[1:]]
    assert [int(r[0]) for r in rows] == list(range(1, SETTINGS["epochs"] + 1))
    loss, acc, val_loss, val_acc = (np.array([r[i] for r in rows]) for i in range(1, 5))
    assert np.all((0 <= acc) & (acc <= 1)) and np.all((0 <= val_acc) & (val_acc <= 1))
    assert loss[-1] < loss[0] / 3 and acc[-1] > acc[0]
    assert val_acc[-1] > 0.9
    values = trained[2]  # rounded from the unrounded history: within rounding of the 4-decimal table
    for name, number in (("first_accuracy", acc[0]), ("final_accuracy", acc[-1]),
                         ("first_val_accuracy", val_acc[0]), ("final_val_accuracy", val_acc[-1])):
        assert abs(float(values[name].rstrip("%")) / 100 - number) <= 0.0005 + 1e-4, (name, values[name], number)
    for name, number in (("first_loss", loss[0]), ("final_loss", loss[-1]), ("final_val_loss", val_loss[-1]),
                         ("best_val_loss", val_loss.min())):
        assert abs(float(values[name]) - number) <= 0.0005 + 1e-4, (name, values[name], number)
    assert val_loss[values["best_val_epoch"] - 1] == val_loss.min()  # the epoch the page names as lowest


def test_counted_accuracy_equals_model_evaluate(trained, mnist_split):
    _, x_test, _, _ = mnist_split
    text = step_output(trained, "predict")
    match = re.fullmatch(r"test images: (\d+), right: (\d+), wrong: (\d+)\n"
                         r"accuracy: (\S+) \(model\.evaluate: (\S+)\)\n", text)
    assert match, text
    n, right, wrong = (int(match.group(i)) for i in (1, 2, 3))
    assert n == len(x_test) and right + wrong == n
    _, evaluated = parse_test_scores(trained[0])
    assert abs(right / n - evaluated) < 1e-6
    assert match.group(4) == f"{right / n:.4f}" == match.group(5)
    assert trained[2]["right"] == right and trained[2]["wrong"] == wrong


def parse_confusion(text: str) -> tuple[np.ndarray, np.ndarray]:
    lines = text.splitlines()
    assert lines[0].split() == ["true\\pred", *LABELS, "total"]
    rows = [[int(v) for v in line.split()] for line in lines[1:]]
    assert [r[0] for r in rows] == list(range(10))
    return np.array([r[1:-1] for r in rows]), np.array([r[-1] for r in rows])


def test_confusion_matrix_rows_sum_to_each_digits_test_images(trained, mnist_split):
    _, _, _, y_test = mnist_split
    confusion, totals = parse_confusion(step_output(trained, "confusion"))
    per_digit = np.bincount(y_test, minlength=10)  # stratified: 100 test images per digit
    np.testing.assert_array_equal(confusion.sum(axis=1), per_digit)
    np.testing.assert_array_equal(totals, per_digit)
    values = trained[2]
    assert np.trace(confusion) == values["right"]
    assert values["per_digit_test"] == int(np.median(per_digit)) == 100
    off = confusion - np.diag(np.diag(confusion))
    assert values["confused_count"] == off.max()
    assert off[int(values["confused_true"]), int(values["confused_pred"])] == off.max()
    recall = np.diag(confusion) / per_digit
    assert values["hardest_accuracy"] == f"{recall.min():.0%}"
    assert recall[int(values["hardest_digit"])] == recall.min()


def test_first_layer_filters_are_32_of_3x3(trained):
    lines = step_output(trained, "filters").splitlines()
    assert lines[0] == "kernel (3, 3, 1, 32)  bias (32,)"
    assert lines[1] == "filter 0:"
    weights = np.array([[float(v) for v in line.strip(" []").split()] for line in lines[2:]])
    assert weights.shape == (3, 3) and np.abs(weights).max() < 2


def expected_feature_map_shapes(side=28):
    """Each Conv2D, its ReLU and each MaxPooling2D with its output shape, from the series' model by hand."""
    names = {"Conv2D": "Conv2D", "Activation": "ReLU", "MaxPooling2D": "MaxPooling2D"}
    rows = series_layers(side, 1, 10)
    return [(names[r.kind], r.shape) for r in rows[:[r.kind for r in rows].index("Flatten")] if r.kind in names]


def test_feature_maps_after_each_conv_relu_and_pooling(trained, mnist_split):
    _, _, _, y_test = mnist_split
    lines = step_output(trained, "feature_maps").splitlines()
    assert lines[0] == f"test image 0: the digit {y_test[0]}"
    assert trained[2]["probe_digit"] == str(y_test[0])
    pattern = re.compile(r"(\w+)\s+\((\d+), (\d+), (\d+)\)\s+min\s+(\S+)\s+max\s+(\S+)\s+zeros\s+(\d+)%")
    rows = [pattern.fullmatch(line) for line in lines[1:]]
    assert all(rows), lines
    got = [(m.group(1), tuple(int(m.group(i)) for i in (2, 3, 4))) for m in rows]
    assert got == expected_feature_map_shapes()
    mins, maxs = [float(m.group(5)) for m in rows], [float(m.group(6)) for m in rows]
    for i, (name, _) in enumerate(got):
        if name == "ReLU":
            assert mins[i] == 0 and maxs[i] == maxs[i - 1]  # ReLU keeps the positive part of its Conv2D
            assert mins[i - 1] < 0
    assert maxs[4] == maxs[3]  # 26 x 26 pools into 13 x 13 with nothing left over: the maximum survives
    assert maxs[9] <= maxs[8]  # 11 x 11 -> 5 x 5 drops the last row and column
    first_relu_zeros = int(rows[1].group(7))
    assert trained[2]["first_relu_zeros"] == f"{first_relu_zeros}%"


def test_predicted_probabilities_sum_to_one_and_rank_the_answer_first(trained, mnist_split):
    _, _, _, y_test = mnist_split
    lines = step_output(trained, "probabilities").splitlines()
    pattern = re.compile(r"image\s+(\d+): true (\d), predicted (\d) \| (.*) \| sum (\S+)")
    wrong = trained[2]["wrong"]
    assert len(lines) == 4 + min(2, wrong)
    for number, line in enumerate(lines):
        m = pattern.fullmatch(line)
        assert m, line
        index, true, predicted = int(m.group(1)), int(m.group(2)), int(m.group(3))
        assert true == y_test[index]  # the true label, from the data itself
        assert (true == predicted) == (number < 4)
        top = [(int(d), float(p)) for d, p in re.findall(r"(\d): (\S+)", m.group(4))]
        assert len(top) == 3 and top[0][0] == predicted
        assert [p for _, p in top] == sorted((p for _, p in top), reverse=True)
        assert m.group(5) == "1.000"
    assert trained[2]["shown_right"] == 4 and trained[2]["shown_wrong"] == min(2, wrong)


def test_figures_in_both_languages_are_light_and_differ(trained):
    from PIL import Image

    _, files, _ = trained
    names = {"curves": "svg", "confusion": "svg", "filters": "png", "feature-maps": "png", "predictions": "png"}
    expected = {f"12-training-{name}.{lang}.{ext}" for name, ext in names.items() for lang in ("ja", "en")}
    assert {name for name in files if name.startswith("12-training-")} == expected
    for name in expected:
        data = files[name].read_bytes()
        assert 1_000 < len(data) < MAX_FIGURE_BYTES, (name, len(data))
        if name.endswith(".png"):
            with Image.open(files[name]) as image:
                assert min(image.size) > 200
    for name, ext in names.items():
        ja, en = (files[f"12-training-{name}.{lang}.{ext}"].read_bytes() for lang in ("ja", "en"))
        assert ja != en, name


def test_nothing_else_is_left_in_the_working_folder(trained):
    """model.keras and history.json go to a temporary folder: only page material is copied to the site."""
    _, files, _ = trained
    for name in files:
        assert name.startswith("12-training-") or re.fullmatch(r"train_mnist\.\w+\.(out\.txt|json)", name), name
    assert not any(name.endswith((".keras", ".h5")) or name == "history.json" for name in files)


# ------------------------------------------------------------------ figures: labels and glyphs


def fake_inputs():
    rng = np.random.default_rng(0)
    history = {key: list(rng.random(3)) for key in ("loss", "accuracy", "val_loss", "val_accuracy")}
    stages = [(name, rng.normal(size=shape)) for name, shape in expected_feature_map_shapes()]
    probabilities = rng.dirichlet(np.ones(10), size=3)
    return {
        "make_learning_curves": (history,),
        "make_confusion_matrix": (rng.integers(0, 5, size=(10, 10)), LABELS),
        "make_filters": (rng.normal(size=(3, 3, 1, 32)),),
        "make_feature_maps": (rng.random((28, 28, 1)), stages),
        "make_predictions": (rng.random((3, 28, 28, 1)), probabilities, [0, 1, 2], LABELS),
    }


@pytest.mark.parametrize("make", sorted(fake_inputs()))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(make, lang):
    import matplotlib.pyplot as plt

    fig = getattr(figures, make)(lang, *fake_inputs()[make])
    assert_labels_have_glyphs(fig, lang)
    plt.close(fig)


# ------------------------------------------------------------------ the layer table


@pytest.fixture(scope="module")
def layer_table(tmp_path_factory):
    return run_snippet("snippets/12_training/layer_table.py")


def parse_model_blocks(stdout: str) -> dict:
    """{(input shape, classes): (total, [(call, shape, params), ...])} from the snippet's printout."""
    blocks, current = {}, None
    for line in stdout.splitlines():
        head = re.fullmatch(r"input \((\d+), (\d+), (\d+)\), (\d+) classes: ([\d,]+) parameters", line)
        if head:
            key = (tuple(int(head.group(i)) for i in (1, 2, 3)), int(head.group(4)))
            current = blocks[key] = (int(head.group(5).replace(",", "")), [])
        elif line.startswith("  ") and current is not None:
            m = re.fullmatch(r"  (\S+(?: \S+)*?)\s{2,}(.+?)\s{2,}\s*([\d,]+)", line)
            assert m, line
            shape = tuple(int(n.replace(",", "")) for n in m.group(2).split(" × "))
            current[1].append((m.group(1), shape, int(m.group(3).replace(",", ""))))
        else:
            current = None
    return blocks


@pytest.mark.parametrize("side, channels, classes, total, flatten", [
    (100, 3, 6, 17_403_430, "23 × 23 × 64 = 33,856"),
    (28, 1, 10, 889_834, "5 × 5 × 64 = 1,600"),
])
def test_layer_table_matches_the_formulas(layer_table, side, channels, classes, total, flatten):
    stdout, _, values = layer_table
    block = parse_model_blocks(stdout)[((side, side, channels), classes)]
    expected = table(series_layers(side, channels, classes))
    assert block[0] == total == sum(p for _, _, p in expected)
    assert [(call.split("(")[0], shape, params) for call, shape, params in block[1]] == expected
    prefix = "series" if side == 100 else "mnist"
    assert values[f"{prefix}_params"] == f"{total:,}"
    assert values[f"{prefix}_flatten"] == flatten


def test_layer_table_rows_for_the_page(layer_table):
    _, files, values = layer_table
    rows = files["layer_table.rows.out.txt"].read_text(encoding="utf-8").splitlines()
    photos, digits = series_layers(100, 3, 6), series_layers(28, 1, 10)
    assert len(rows) == len(photos) + 1 == values["layers"] + 1
    for row, a, b in zip(rows, photos, digits):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 5 and cells[0].startswith("`" + a[0])
        assert cells[2] == f"{a[2]:,}" and cells[4] == f"{b[2]:,}"
        assert cells[1] == " × ".join(f"{n:,}" for n in a[1]) and cells[3] == " × ".join(f"{n:,}" for n in b[1])
    assert rows[-1] == "| Σ | | **17,403,430** | | **889,834** |"
    dense = (33_856 + 1) * 512
    assert values["dense_params"] == f"{dense:,}" and values["dense_share"] == f"{dense / 17_403_430:.1%}"


# ------------------------------------------------------------------ 2019 lines on today's libraries


def test_then_and_now_shows_what_fails_today(tmp_path):
    import keras

    stdout, _, values = run_snippet("snippets/12_training/then_and_now.py")
    assert stdout.splitlines() == [
        f"keras {keras.__version__} / numpy {np.__version__}",
        "keras.optimizers.adam exists: False",
        "keras.optimizers.Adam() learning rate: 0.001",
        "from keras.utils import np_utils: ImportError",
        "keras.utils.to_categorical([0, 2], 3): [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]",
        "np.save of the tuple: ValueError: setting an array element with a sequence",
        "np.load of the pickled tuple: ValueError: Object arrays cannot be loaded when allow_pickle=False",
        "np.load of an .npz: ['x_train', 'x_test', 'y_train', 'y_test']",
        "input_shape= on Conv2D: UserWarning",
        "   Do not pass an `input_shape`/`input_dim` argument to a layer",
        "model.save('….h5'): This file format is considered legacy",
        f"white pixel 255 / 256 = {255 / 256} ; 255 / 255 = 1.0",
    ]
    assert values == {"keras_version": keras.__version__, "numpy_version": np.__version__, "white_256": "0.99609375"}


# ------------------------------------------------------------------ what epochs = 100 costs


def timings() -> dict:
    return json.loads((ROOT / "cnn_blog" / "demos" / "epoch_times.json").read_text(encoding="utf-8"))


def test_committed_epoch_timings_say_how_they_were_made():
    t = timings()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", t["date"])
    assert t["cpu"] and isinstance(t["cores"], int) and t["cores"] >= 1
    assert "CPU" in t["device"] and "gpu" not in json.dumps(t).lower()  # no GPU number was measured
    runs = {run["name"]: run for run in t["runs"]}
    assert runs["mnist"]["input_shape"] == [28, 28, 1] and runs["mnist"]["classes"] == 10
    assert runs["photos_100"]["input_shape"] == [100, 100, 3] and runs["photos_100"]["classes"] == 6
    for run in runs.values():
        assert run["batch_size"] == 32 and run["warmup_epochs"] >= 1
        assert len(run["epoch_seconds"]) == run["timed_epochs"] >= 2
        assert run["median_epoch_seconds"] == pytest.approx(statistics.median(run["epoch_seconds"]), abs=1e-3)


def test_epoch_cost_extrapolates_the_committed_timings(tmp_path):
    stdout, _, values = run_snippet("snippets/12_training/epoch_cost.py")
    t = timings()
    runs = {run["name"]: run for run in t["runs"]}
    assert stdout.splitlines()[0] == (f"timed {t['date']} on {t['cpu']} ({t['cores']} cores), "
                                      f"TensorFlow {t['versions']['tensorflow']}, CPU only")
    for run in t["runs"]:
        m = run["median_epoch_seconds"]
        assert f"  100 epochs ≈ 100 × {m:.1f} s = {100 * m / 60:.0f} min" in stdout
    mnist, photos = runs["mnist"], runs["photos_100"]
    assert values["mnist_100_min"] == f"{100 * mnist['median_epoch_seconds'] / 60:.0f}"
    assert values["photos_100_min"] == f"{100 * photos['median_epoch_seconds'] / 60:.0f}"
    per_photo = photos["median_epoch_seconds"] / photos["images"]
    assert values["photos_many_100_h"] == f"{100 * per_photo * 10_000 / 3600:.0f}"
    assert values["photo_vs_digit"] == f"{per_photo / (mnist['median_epoch_seconds'] / mnist['images']):.0f}"
    assert values["date"] == t["date"] and values["cores"] == t["cores"]


def test_benchmark_script_reads_the_cpu_and_trains_nothing_on_import():
    import importlib.util

    spec = importlib.util.spec_from_file_location("epoch_times", ROOT / "benchmarks" / "epoch_times.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.RESULTS == ROOT / "cnn_blog" / "demos" / "epoch_times.json"
    assert module.cpu_model() and module.cores() >= 1


# ------------------------------------------------------------------ the built page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_the_layer_table_and_no_placeholder(site, lang):
    from bs4 import BeautifulSoup
    from conftest import built_page

    html = built_page(site, "12-training", lang).read_text(encoding="utf-8")
    assert "{{" not in html and "--8&lt;--" not in html
    doc = BeautifulSoup(html, "html.parser")
    table = next(t for t in doc.select("article table") if "17,403,430" in t.get_text())
    rows = table.select("tbody tr")
    assert len(rows) == len(series_layers(100, 3, 6)) + 1
    assert "889,834" in rows[-1].get_text()
    page = built_page(site, "12-training", lang)
    images = doc.select("article img")
    assert len(images) == 5
    for img in images:
        figure = (page.parent / img["src"]).resolve()
        assert figure.is_file(), img["src"]
        twin = Path(str(figure).replace(str(site / "en"), str(site))) if lang == "en" else \
            site / "en" / figure.relative_to(site)
        assert twin.read_bytes() != figure.read_bytes(), "each language has its own figure"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_model_train_and_model_eval_with_save_and_evaluate_highlighted(site, lang):
    """The first code block is the script's model_train and model_eval; the new lines are highlighted."""
    lines, highlighted = code_blocks(site, "12-training", lang)[0]
    assert lines[0].startswith("def model_train(") and any(line.startswith("def model_eval(") for line in lines)
    assert not any("--8<--" in line for line in lines)
    new = [line for line in lines if re.match(r"\s+(save_model|save_json)\(", line)
           or re.match(r"\s+(scores = model\.evaluate|print\(\"Test )", line)]
    assert len(new) == 5
    assert highlighted == new


def test_validation_split_keeps_the_last_images_as_the_pinned_keras_source_says(tmp_path):
    import keras

    stdout, _, values = run_snippet("snippets/12_training/validation_split.py")
    last_two = (18 ** 2 + 19 ** 2) / 2  # images 18 and 19 of 20: the last 10%
    assert stdout.splitlines() == [f"val_loss: {last_two}", "mean of i**2 over the first 2 images: 0.5",
                                   f"mean of i**2 over the last 2 images: {last_two}"]
    assert values["val_loss"] == f"{last_two:g}" and values["first_two"] == "0.5"
    assert (values["validation_first"], values["validation_last"], values["images"]) == (18, 19, 20)
    assert values["quarter_val_loss"] == f"{sum(i * i for i in range(15, 20)) / 5:g}" and values["quarter_first"] == 15
    assert values["keras_version"] == keras.__version__
    source = Path(keras.__file__).parent / "src"  # the pinned Keras: what the page quotes is there
    assert "int(math.floor(batch_dim * (1.0 - validation_split)))" in \
        (source / "trainers" / "data_adapters" / "array_slicing.py").read_text()
    fit_doc = " ".join((source / "trainers" / "trainer.py").read_text().split())
    assert "The validation data is selected from the last samples in the `x` and `y` data provided, before shuffling." \
        in fit_doc


def sobel_kernels_by_hand():
    """The 8 compass Sobel kernels, written out (not turned with rot90 as the snippet does)."""
    east = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    north = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]
    north_east = [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]]
    south_east = [[-2, -1, 0], [-1, 0, 1], [0, 1, 2]]
    kernels = [np.array(k, dtype=float) for k in (east, north, north_east, south_east)]
    return kernels + [-k for k in kernels]


def best_sobel_correlations(filters):
    """filters (3, 3, n) -> (n,) the largest Pearson correlation of each with the 8 kernels (np.corrcoef)."""
    kernels = sobel_kernels_by_hand()
    return np.array([max(np.corrcoef(filters[:, :, i].ravel(), k.ravel())[0, 1] for k in kernels)
                     for i in range(filters.shape[-1])])


def test_sobel_comparison_before_and_after_training(trained):
    """The page's numbers: learned filters vs the same filters before training, recomputed here."""
    import keras  # noqa: F401  (TensorFlow loads with the build's numeric settings from conftest)

    from cnn_blog import train

    values = trained[2]
    learned = np.array(values["learned_filters"])
    assert learned.shape == (3, 3, 32)
    train.set_seed(SETTINGS["seed"])
    untrained = train.build_model((28, 28, 1), 10).layers[0].get_weights()[0][:, :, 0, :]
    assert not np.allclose(untrained, learned)  # training moved them
    before, after = best_sobel_correlations(untrained), best_sobel_correlations(learned)
    for name, best in (("before", before), ("after", after)):
        assert values[f"sobel_median_{name}"] == f"{np.median(best):.2f}"
        assert values[f"sobel_above_09_{name}"] == int(np.sum(best > 0.9))
        assert values[f"sobel_above_08_{name}"] == int(np.sum(best > 0.8))
    assert values["sobel_best_after"] == f"{after.max():.2f}" and values["filters"] == 32
    # what the page says: closer to edge filters than before training, yet few are Sobel-like
    assert np.median(after) > np.median(before)
    assert np.sum(after > 0.8) <= 8 and after.max() < 0.95  # none is a Sobel kernel
    lines = step_output(trained, "sobel").splitlines()
    assert lines[0].startswith("before training  median " + values["sobel_median_before"])
    assert lines[1].startswith("after training   median " + values["sobel_median_after"])


def test_figure_module_only_draws():
    assert_figure_module_only_draws("training")
