"""Part 8, categorical cross-entropy: the series' and the study notes' numbers, the losses against
plain Python and Keras, the fused layer's gradient against a numerical gradient; the page's snippets."""

import math
from pathlib import Path
import re

import numpy as np
import pytest
from figure_checks import assert_labels_have_glyphs
from numgrad import numerical_gradient
from snippets_util import run_snippet
from page_checks import code_blocks
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.demos.crossentropy import loss_curves
from cnn_blog.figures import crossentropy as figures
from cnn_blog.losses import SoftmaxCrossEntropy, cross_entropy_error

# The numbers the series' post (seed 000) and the study notes (seed 003) print, as they print them.
SERIES = {"loss_1": "0.25489224962879004", "loss_2": "0.9942522733438669"}
NOTES = {"sse_right": "0.097500000000000031", "sse_wrong": "0.59750000000000003",
         "cee_right": "0.51082545709933802", "cee_wrong": "2.3025840929945458"}
Y1, Y2 = [0.012, 0.18, 0.033, 0.775], [0.12, 0.18, 0.33, 0.37]


def _neg_log(values):
    return [-math.log(v) for v in values]  # plain Python, not NumPy


# ----------------------------------------------------------------------------- the series' example
def test_snippet_worked_example_prints_the_series_numbers(tmp_path):
    stdout, _, values = run_snippet("snippets/08_categorical_crossentropy/worked_example.py")
    lines = stdout.splitlines()
    assert lines[0] == "array([4.42284863, 1.71479843, 3.41124772, 0.25489225])"  # as the post prints it
    assert lines[1] == "array([2.12026354, 1.71479843, 1.10866262, 0.99425227])"
    assert lines[0] == repr(np.array(_neg_log(Y1))) and lines[1] == repr(np.array(_neg_log(Y2)))
    assert lines[2:] == [SERIES["loss_1"], SERIES["loss_2"]]
    assert float(lines[2]) == -math.log(0.775) and float(lines[3]) == -math.log(0.37)
    assert values == {"right_1": 0.775, "right_2": 0.37, "loss_1": SERIES["loss_1"], "loss_2": SERIES["loss_2"],
                      "ratio": f"{math.log(0.37) / math.log(0.775):.1f}",
                      "loss_1_short": f"{-math.log(0.775):.3f}", "loss_2_short": f"{-math.log(0.37):.3f}"}


def test_snippet_losses_keras_agrees_with_the_series_and_keras(tmp_path):
    import keras

    stdout, _, _ = run_snippet("snippets/08_categorical_crossentropy/losses_keras.py")
    rows = {line.split(":")[0].strip(): line.split(":", 1)[1].strip() for line in stdout.splitlines()}
    assert rows["cnn_blog.losses"] == f"[{SERIES['loss_1']}, {SERIES['loss_2']}]"
    assert float(rows["mean"]) == pytest.approx((float(SERIES["loss_1"]) + float(SERIES["loss_2"])) / 2, rel=1e-15)
    y_true, y_pred = np.array([[0.0, 0, 0, 1], [0.0, 0, 0, 1]]), np.array([Y1, Y2])
    theirs = keras.ops.convert_to_numpy(keras.losses.CategoricalCrossentropy(reduction=None)(y_true, y_pred))
    assert rows["Keras"] == repr(theirs.tolist())
    printed = [float(v) for v in rows["Keras"].strip("[]").split(",")]
    assert printed == pytest.approx([float(SERIES["loss_1"]), float(SERIES["loss_2"])], abs=1e-6)
    assert float(rows["Keras mean"]) == pytest.approx(np.mean(printed), abs=1e-6)
    assert rows["same to 1e-6"] == "True"


# ----------------------------------------------------------------------------- the study notes
T10 = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_snippet_sum_squared_prints_the_notes_numbers(tmp_path):
    stdout, _, values = run_snippet("snippets/08_categorical_crossentropy/sum_squared.py")
    right = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    wrong = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    # The notes' printed values are the oracle for the last bit (NumPy adds in its own order);
    # plain Python agrees to rounding.
    e_right, e_wrong = float(NOTES["sse_right"]), float(NOTES["sse_wrong"])
    assert e_right == pytest.approx(0.5 * sum((y - t) ** 2 for y, t in zip(right, T10)), abs=1e-15)
    assert e_wrong == pytest.approx(0.5 * sum((y - t) ** 2 for y, t in zip(wrong, T10)), abs=1e-15)
    assert round(e_right, 10) == 0.0975 and round(e_wrong, 10) == 0.5975
    assert stdout == (f"sum-of-squares error, y_right: {e_right!r}  (17 digits: {NOTES['sse_right']})\n"
                      f"sum-of-squares error, y_wrong: {e_wrong!r}  (17 digits: {NOTES['sse_wrong']})\n")
    assert values == {"right": "0.0975", "wrong": "0.5975", "right_repr": repr(e_right)}


def test_snippet_cross_entropy_delta_prints_the_notes_numbers_and_ignores_wrong_labels(tmp_path):
    stdout, _, values = run_snippet("snippets/08_categorical_crossentropy/cross_entropy_delta.py")
    right, wrong = -math.log(0.6 + 1e-7), -math.log(0.1 + 1e-7)  # only the correct label's term is left
    assert float(NOTES["cee_right"]) == right and float(NOTES["cee_wrong"]) == wrong
    assert stdout == (f"cross-entropy error, y_right: {right!r}  (17 digits: {NOTES['cee_right']})\n"
                      f"cross-entropy error, y_wrong: {wrong!r}  (17 digits: {NOTES['cee_wrong']})\n"
                      f"cross-entropy error, y_other: {wrong!r}  (17 digits: {NOTES['cee_wrong']})\n")
    assert values == {"right": repr(right), "wrong": repr(wrong), "wrong_17": NOTES["cee_wrong"]}


def _arrays(snippet: str) -> dict[str, list[float]]:
    """The ``name = np.array([...])`` lines of a snippet, read from its source."""
    from conftest import ROOT

    source = (ROOT / "snippets/08_categorical_crossentropy" / snippet).read_text(encoding="utf-8")
    return {name: [float(v) for v in body.split(",")]
            for name, body in re.findall(r"^(\w+) = np\.array\(\[([^\]]*)\]\)", source, re.M)}


def test_the_notes_cross_entropy_example_does_not_add_up_to_1():
    """The page: the notes give "1" 0.5 here (0.05 in the sum-of-squares example), so the sum is not 1."""
    sse, cee = _arrays("sum_squared.py"), _arrays("cross_entropy_delta.py")
    assert sum(sse["y_right"]) == pytest.approx(1) and sum(sse["y_wrong"]) == pytest.approx(1)
    assert (sse["y_right"][1], cee["y_right"][1]) == (0.05, 0.5)
    for name in ("y_right", "y_wrong", "y_other"):
        assert sum(cee[name]) > 1.4
    assert cee["y_right"][:1] + cee["y_right"][2:] == sse["y_right"][:1] + sse["y_right"][2:]


def test_snippet_log_zero_shows_why_delta_is_there(tmp_path):
    stdout, _, values = run_snippet("snippets/08_categorical_crossentropy/log_zero.py")
    cap = -math.log(1e-7)
    assert stdout == (
        "log(0)              : -inf\n"
        "0 * log(0)          : nan\n"
        "without delta       : nan\n"
        f"with delta = 1e-7   : {-math.log(0.6 + 1e-7)!r}\n"
        "only the right label, no delta: inf\n"
        f"cross_entropy_error(y_zero, t): {-math.log(0.0 + 1e-7)!r}\n"
        f"-log(1e-7)                    : {cap!r}\n"
    )
    assert values == {"cap": f"{cap:.2f}"}


def test_keras_and_categorical_crossentropy_clip_instead_of_adding_delta():
    """A 0 at the right class: both clip the probability to 1e-7, so the loss is -log(1e-7), not inf."""
    import keras

    from cnn_blog.losses import categorical_crossentropy

    y_true, y_pred = np.array([[0.0, 1.0, 0.0]]), np.array([[0.5, 0.0, 0.5]])
    theirs = float(keras.ops.convert_to_numpy(keras.losses.CategoricalCrossentropy()(y_true, y_pred)))
    assert float(categorical_crossentropy(y_true, y_pred)[0]) == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert theirs == pytest.approx(-math.log(1e-7), rel=1e-5)


# ----------------------------------------------------------------------------- softmax + cross-entropy
def test_snippet_softmax_with_loss_is_the_mean_of_the_series_losses(tmp_path):
    import keras

    stdout, _, _ = run_snippet("snippets/08_categorical_crossentropy/softmax_with_loss.py")
    mean = (-math.log(0.775) - math.log(0.37)) / 2
    loss = float(re.search(r"^loss: (\S+)$", stdout, re.M).group(1))
    assert loss == pytest.approx(mean, rel=1e-14)
    with np.printoptions(precision=4, suppress=True):
        assert stdout.startswith(f"softmax(scores):\n {np.array([Y1, Y2])}\n")
    scores, t = np.log(np.array([Y1, Y2])), np.array([[0.0, 0, 0, 1], [0.0, 0, 0, 1]])
    expected = float(keras.ops.convert_to_numpy(keras.losses.CategoricalCrossentropy(from_logits=True)(t, scores)))
    assert stdout.endswith(f"Keras, from_logits=True: {expected!r}\n")
    assert expected == pytest.approx(mean, abs=1e-6)


def test_snippet_gradient_prints_y_minus_t_over_the_batch_size(tmp_path):
    stdout, _, _ = run_snippet("snippets/08_categorical_crossentropy/softmax_gradient.py")
    y_minus_t = np.array([[0.012, 0.18, 0.033, -0.225], [0.12, 0.18, 0.33, -0.63]])
    with np.printoptions(precision=4, suppress=True):
        assert stdout == f"y - t:\n {y_minus_t}\nbackward():\n {y_minus_t / 2}\n"


def test_fused_backward_equals_numerical_gradient():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(3, 5))
    t = np.eye(5)[[1, 4, 0]]
    layer = SoftmaxCrossEntropy()
    layer.forward(x, t)
    num = numerical_gradient(lambda v: SoftmaxCrossEntropy().forward(v, t), x.copy())
    np.testing.assert_allclose(layer.backward(), num, atol=1e-8)


def test_fused_loss_equals_keras_from_logits():
    import keras

    rng = np.random.default_rng(12)
    x, t = rng.normal(scale=3, size=(6, 10)), np.eye(10)[rng.integers(0, 10, size=6)]
    expected = float(keras.ops.convert_to_numpy(keras.losses.CategoricalCrossentropy(from_logits=True)(t, x)))
    assert SoftmaxCrossEntropy().forward(x, t) == pytest.approx(expected, rel=1e-5)


def test_loss_curves_match_their_formulas():
    p, sse, cee = loss_curves(classes=10)
    rest = (1 - p) / 9  # each of the 9 other classes
    np.testing.assert_allclose(sse, 0.5 * ((1 - p) ** 2 + 9 * rest ** 2), atol=1e-15)
    np.testing.assert_allclose(cee, -np.log(p + 1e-7), rtol=1e-15)
    assert cee[0] == cross_entropy_error(np.eye(10)[1], np.eye(10)[0]) == -math.log(1e-7)
    assert sse.max() <= 1 and sse[-1] == 0
    p3, sse3, _ = loss_curves(classes=3, points=5)  # 3 classes: the rest split in two
    assert p3.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    np.testing.assert_allclose(sse3, [0.5 * ((1 - q) ** 2 + 2 * ((1 - q) / 2) ** 2) for q in p3.tolist()])


@pytest.mark.parametrize("classes, points", [(1, 201), (10, 1), (0, 0)])
def test_loss_curves_reject_too_few_classes_or_points(classes, points):
    with pytest.raises(ValueError, match="at least 2"):
        loss_curves(classes=classes, points=points)


# ----------------------------------------------------------------------------- figures
def test_snippet_figures_writes_both_languages(tmp_path):
    stdout, files, _ = run_snippet("snippets/08_categorical_crossentropy/crossentropy_figures.py")
    assert stdout == ""
    names = ("neg-log", "losses", "gradient")
    assert set(files) == {f"08-categorical-crossentropy-{n}.{lang}.svg" for n in names for lang in ("ja", "en")}
    for n in names:
        ja, en = files[f"08-categorical-crossentropy-{n}.ja.svg"], files[f"08-categorical-crossentropy-{n}.en.svg"]
        assert ja.read_bytes() != en.read_bytes()
        assert ja.stat().st_size < 300_000 and en.stat().st_size < 300_000


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    examples, t = np.array([Y1, Y2]), np.eye(4)[[3, 3]]
    assert_labels_have_glyphs(figures.make_neg_log(lang, examples[:, 3]), lang)
    assert_labels_have_glyphs(figures.make_loss_comparison(lang, *loss_curves(10), classes=10), lang)
    assert_labels_have_glyphs(figures.make_gradient(lang, examples, t, examples - t), lang)


def test_gradient_figure_draws_the_arrays_it_is_given():
    """Each row's three panels are the output, the label and the gradient handed in, unchanged."""
    examples, t = np.array([Y1, Y2]), np.eye(4)[[3, 3]]
    gradients = np.array([[0.1, 0.2, 0.3, -0.6], [0.0, 0.5, 0.0, -0.5]])  # any numbers: nothing is recomputed
    fig = figures.make_gradient("en", examples, t, gradients)
    heights = [[patch.get_height() for patch in ax.patches] for ax in fig.axes]  # row by row, 3 panels each
    np.testing.assert_array_equal(heights, [Y1, t[0], gradients[0], Y2, t[1], gradients[1]])
    with pytest.raises(ValueError, match="outputs, labels and gradients"):
        figures.make_gradient("en", examples, t, gradients[:1])
    with pytest.raises(ValueError, match="1-D of one length"):
        figures.make_loss_comparison("en", [0, 1], [0, 1], [0, 1, 2], classes=10)


def test_figure_module_only_draws():
    assert_figure_module_only_draws("crossentropy")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_the_loss_line(site, lang):
    """model_train from build_model to compile, and the one highlighted line is the loss argument."""
    lines, highlighted = code_blocks(site, "08-categorical-crossentropy", lang)[0]  # the script, build to compile
    assert highlighted == ['model.compile(loss="categorical_crossentropy",']
    code = [line.strip() for line in lines if line.strip()]
    assert code[0] == "model = build_model(X.shape[1:], y.shape[1])"
    assert code[1] == "opt = keras.optimizers.Adam()"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_the_series_and_the_notes_numbers(site, lang):
    """The numbers of the design notes, as the built page prints them (from the snippets' outputs)."""
    from conftest import built_page

    text = re.sub(r"<[^>]+>", "", built_page(site, "08-categorical-crossentropy", lang).read_text(encoding="utf-8"))
    assert "{{" not in text
    for number in ("0.25489224962879004", "0.9942522733438669", "0.0975", "0.5975",
                   "0.510825457099338", "2.3025840929945458"):
        assert number in text, number
    assert float(SERIES["loss_1"]) == -math.log(0.775) and float(SERIES["loss_2"]) == -math.log(0.37)
    assert repr(-math.log(0.6 + 1e-7)) == "0.510825457099338"
    assert f"{-math.log(0.1 + 1e-7):.17g}" == "2.3025840929945458"


# ------------------------------------------------------------------ Keras's two paths, fit's running mean


def test_snippet_loss_paths_prints_the_clipped_and_the_fused_loss(tmp_path):
    """Clipped: -log 1e-7; fused: -log softmax from the logits, both recomputed here with NumPy."""
    stdout, _, values = run_snippet("snippets/08_categorical_crossentropy/loss_paths.py")
    a = np.array([2.0, 1.0, -18.0])
    exact = -(a[2] - np.log(np.exp(a).sum()))  # -log y_c from the logits
    clipped = -np.log(1e-7)
    assert abs(float(values["fused"]) - exact) < 1e-3 and abs(float(values["plain"]) - clipped) < 1e-3
    assert values["difference"] == f"{float(values['fused']) - float(values['plain']):.2f}"
    assert np.exp(a[2]) / np.exp(a).sum() < 1e-7  # the right class really falls below the clip
    assert values["right_prob"] == f"{np.exp(a[2]) / np.exp(a).sum():.1e}"
    lines = stdout.splitlines()
    assert "softmax output keeps its logits: True" in lines
    for label, number in (("plain probabilities:", clipped), ("model ending in softmax:", exact),
                          ("logits, from_logits=True:", exact), ("NumPy, -log y from logits:", exact),
                          ("Dense without activation + from_logits=True:", exact)):
        line = next(line for line in lines if line.startswith(label))
        assert abs(float(line.split(":")[1].split()[0]) - number) < 1e-3, line


def test_keras_source_has_the_two_paths_the_page_describes():
    import inspect

    from keras.src.activations import activations
    from keras.src.backend.tensorflow import nn

    assert "_keras_logits = x" in inspect.getsource(activations.softmax)
    source = inspect.getsource(nn.categorical_crossentropy)
    assert "softmax_cross_entropy_with_logits" in source and "clip_by_value" in source
    assert source.index("softmax_cross_entropy_with_logits") < source.index("clip_by_value")
    assert "_keras_logits" in inspect.getsource(nn._get_logits)
    # The box: the JAX and PyTorch backends do not look for the logits on the softmax output; they clip.
    backends = Path(inspect.getfile(nn)).parents[1]
    for name in ("jax", "torch"):
        text = (backends / name / "nn.py").read_text(encoding="utf-8")
        assert "_keras_logits" not in text
        body = text[text.index("def categorical_crossentropy"):text.index("def sparse_categorical_crossentropy")]
        assert "clip(output, backend.epsilon(), 1.0 - backend.epsilon())" in body


def test_exercise_one_the_paths_agree_when_nothing_is_clipped():
    import keras

    logits = np.array([[2.0, 1.0, -5.0]], dtype="float32")
    t = np.array([[0.0, 0.0, 1.0]], dtype="float32")
    y = keras.ops.convert_to_numpy(keras.ops.softmax(logits))
    plain = float(keras.losses.categorical_crossentropy(t, y)[0])
    fused = float(keras.losses.categorical_crossentropy(t, logits, from_logits=True)[0])
    assert abs(plain - fused) < 1e-4


def test_snippet_running_mean_fit_shows_the_mean_of_the_batches_so_far(tmp_path):
    stdout, _, values = run_snippet("snippets/08_categorical_crossentropy/running_mean.py")
    lines = stdout.splitlines()
    rows = [[float(c) for c in line.split()] for line in lines[1:5]]
    assert [int(row[0]) for row in rows] == [1, 2, 3, 4]  # 64 examples, batches of 16
    batch = [row[1] for row in rows]
    for i, row in enumerate(rows):
        assert abs(row[2] - np.mean(batch[: i + 1])) < 1e-4  # the running mean, recomputed here
        assert abs(row[3] - row[2]) < 2e-4  # what fit shows
    assert abs(rows[-1][3] - batch[-1]) > 0.01  # not the last batch's own loss
    assert lines[5] == f"history['loss'] for the epoch: {rows[-1][3]:.4f}"
    assert values == {"last_batch": f"{batch[-1]:.4f}", "shown": f"{rows[-1][3]:.4f}"}
