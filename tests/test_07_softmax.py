"""Part 7, softmax: the NumPy layer against Keras, SciPy and a numerical gradient; the page's snippets."""

import json
import math
import re
import sys

import numpy as np
import pytest
from figure_checks import count_colour, assert_labels_have_glyphs
from numgrad import numerical_gradient
from scipy.special import softmax as scipy_softmax
from snippets_util import run_snippet
from page_checks import code_blocks
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.figures import softmax as figures
from cnn_blog.layers import Softmax


@pytest.mark.parametrize("shape", [(6,), (3, 10), (2, 4, 5)])
def test_forward_equals_keras_activation_softmax(shape):
    import keras

    x = np.random.default_rng(7).normal(scale=3.0, size=shape).astype(np.float32)
    expected = keras.ops.convert_to_numpy(keras.layers.Activation("softmax")(x))
    np.testing.assert_allclose(Softmax().forward(x), expected, rtol=1e-5, atol=1e-6)


def test_forward_equals_scipy_and_ignores_a_constant_shift():
    x = np.random.default_rng(8).normal(scale=5.0, size=(4, 7))
    y = Softmax().forward(x)
    np.testing.assert_allclose(y, scipy_softmax(x, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(Softmax().forward(x + 1234.5), y, rtol=1e-9)
    assert np.array_equal(y.argmax(axis=-1), x.argmax(axis=-1))  # the order of the scores is kept


def test_keras_softmax_also_survives_large_scores():
    """The page says Keras's softmax uses the same trick: large float32 scores give no nan."""
    import keras

    x = np.array([[1010.0, 1000.0, 990.0]], dtype=np.float32)
    y = keras.ops.convert_to_numpy(keras.layers.Activation("softmax")(x))
    np.testing.assert_allclose(y, scipy_softmax(x.astype(np.float64), axis=-1), rtol=1e-5, atol=1e-12)


def test_backward_equals_numerical_gradient():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(3, 5))
    weights = rng.normal(size=x.shape)  # loss = sum(weights * softmax(x)), so dout = weights
    layer = Softmax()
    layer.forward(x)
    dx = layer.backward(weights)
    num = numerical_gradient(lambda v: np.sum(weights * Softmax().forward(v)), x.copy())
    np.testing.assert_allclose(dx, num, atol=1e-8)


def test_temperature_sharpens_and_flattens():
    scores = np.array([3.3, 2.2, 2.0, 0.1, -1.0])
    peaks = [Softmax().forward(scores / t).max() for t in (0.5, 1, 2, 5, 1000)]
    assert peaks == sorted(peaks, reverse=True)
    assert peaks[-1] == pytest.approx(1 / len(scores), abs=1e-3)  # a huge T: nearly uniform


# ----------------------------------------------------------------------------- the page's snippets
def test_snippet_steps_prints_the_softmax_computed_step_by_step(tmp_path):
    stdout, _, _ = run_snippet("snippets/07_softmax/softmax_steps.py")
    scores = np.array([2.0, 1.0, 0.1, -1.0, 0.5, -0.3])
    expected_p = scipy_softmax(scores)
    with np.printoptions(precision=4, suppress=True):
        expected = (
            f"scores        : {scores}\n"
            f"exp(scores)   : {np.array([math.exp(s) for s in scores])}\n"
            f"sum of exp    : {round(sum(math.exp(s) for s in scores), 4)}\n"
            f"probabilities : {expected_p}\n"
        )
    assert stdout.startswith(expected)
    total = float(re.search(r"^sum           : (\S+)$", stdout, re.M).group(1))
    assert total == pytest.approx(1.0, abs=1e-15)
    assert stdout.endswith("most probable : dogs - largest score: dogs\n")


def test_snippet_layer_agrees_with_scipy_and_keras(tmp_path):
    stdout, _, _ = run_snippet("snippets/07_softmax/softmax_layer.py")
    expected = scipy_softmax(np.array([2.0, 1.0, 0.1, -1.0, 0.5, -0.3]))
    lines = stdout.splitlines()
    assert len(lines) == 3
    for line, label in zip(lines[:2], ("Softmax().forward    :", "Activation('softmax'):")):
        assert line.startswith(label)
        printed = np.array(line.split("[")[1].rstrip("]").split(), dtype=float)
        np.testing.assert_allclose(printed, expected, atol=5.1e-5)  # printed with 4 decimals
    assert lines[2] == "same values (to 1e-6): True"


def test_snippet_overflow_shows_inf_and_nan(tmp_path):
    stdout, _, _ = run_snippet("snippets/07_softmax/softmax_overflow.py")
    assert stdout == "exp(scores)   : [inf inf inf]\nnaive softmax : [nan nan nan]\n"
    assert math.exp(700) < float("inf")  # the threshold really lies between 700 and 1010
    with pytest.raises(OverflowError):
        math.exp(1010)
    assert f"{sys.float_info.max:.1e}" == "1.8e+308"  # the page: "about 1.8 × 10^308"


def test_snippet_max_shift_gives_the_right_probabilities(tmp_path):
    stdout, _, values = run_snippet("snippets/07_softmax/softmax_max_shift.py")
    # exp(0), exp(-10), exp(-20) over their sum, computed with Python floats
    e = [1.0, math.exp(-10), math.exp(-20)]
    expected = np.array(e) / sum(e)
    rows = {line.split(":")[0].strip(): line.split(":", 1)[1] for line in stdout.splitlines() if ":" in line}
    assert rows["scores - max"].strip() == "[  0. -10. -20.]"
    for key in ("Softmax", "Softmax(scores - 1000)"):
        printed = np.array(rows[key].strip(" []").split(), dtype=float)
        np.testing.assert_allclose(printed, expected, rtol=1e-7)
    limit64 = math.log(sys.float_info.max)  # log of the largest float64
    limit32 = math.log((2 - 2.0 ** -23) * 2.0 ** 127)  # log of the largest float32
    assert values == {"limit64": f"{limit64:.2f}", "limit32": f"{limit32:.2f}"}
    assert f"exp overflows above x = {limit64:.2f} (float64), x = {limit32:.2f} (float32)" in stdout
    assert rows["naive, float32"].strip() == "[nan nan  0.]"
    printed = np.array(rows["Softmax, float32"].strip(" []").split(), dtype=float)
    np.testing.assert_allclose(printed, expected, rtol=1e-6)
    keras_row = np.array(rows["Keras, float32"].strip(" []").split(), dtype=float)  # no overflow in Keras either
    np.testing.assert_allclose(keras_row, expected, rtol=1e-5)


def _row(text: str, label: str) -> np.ndarray:
    """The numbers printed after ``label :`` (a NumPy array printed over one line)."""
    line = next(line for line in text.splitlines() if line.startswith(label))
    return np.array(line.split("[", 1)[1].split("]")[0].split(), dtype=float)


@pytest.fixture(scope="module")
def prediction(site):
    """The training snippet as the site build ran it: the build's cached result, read back instead of
    training again, so the test checks exactly what the page shows."""
    from conftest import ROOT

    from sitebuild.runner import SnippetRunner

    result = SnippetRunner(ROOT).run(ROOT / "snippets/07_softmax/softmax_prediction.py")
    stdout, files, values = result.stdout, result.files, result.values
    outputs = {name.split(".")[1]: path.read_text(encoding="utf-8") for name, path in files.items()
               if name.endswith(".out.txt")}
    return stdout, files, values, outputs


def test_prediction_trains_and_prints_each_step(prediction):
    stdout, files, _, outputs = prediction
    assert stdout == ""  # every step writes its own output file
    assert set(outputs) == {"train", "scores", "unsure", "temperature"}
    accuracy = float(re.fullmatch(r"trained on 4000 images for 1 epoch; test accuracy (\S+)%\n",
                                  outputs["train"]).group(1))
    assert accuracy > 80
    assert {name for name in files if name.endswith(".svg")} == {
        f"07-softmax-{name}.{lang}.svg" for name in ("prediction", "temperature") for lang in ("ja", "en")}
    for name in ("prediction", "temperature"):
        ja, en = files[f"07-softmax-{name}.ja.svg"], files[f"07-softmax-{name}.en.svg"]
        assert ja.read_bytes() != en.read_bytes()
        assert ja.stat().st_size < 300_000 and en.stat().st_size < 300_000


def test_prediction_softmax_of_the_printed_scores_is_what_the_model_predicts(prediction):
    _, _, values, outputs = prediction
    text = outputs["scores"]
    scores = _row(text, "scores")
    expected = scipy_softmax(scores)  # SciPy, from the printed (rounded) scores
    np.testing.assert_allclose(_row(text, "Softmax"), expected, atol=2e-3)
    np.testing.assert_allclose(_row(text, "model.predict"), expected, atol=2e-3)
    digit = int(np.argmax(scores))
    assert text.splitlines()[0] == f"test image {values['i']}, true digit {values['i_true']}"
    assert text.splitlines()[-1] == f"sum: 1.0  same as Keras: True  predicted digit: {digit} = {digit}"
    assert values["i_pred"] == digit
    assert float(values["i_prob"]) == pytest.approx(expected.max(), abs=2e-3)
    assert float(values["i_score"]) == pytest.approx(scores.max(), abs=6e-3)
    # The page: this score "stands well above the others" and takes "almost all" the probability.
    second = np.sort(scores)[-2]
    assert scores.max() - second > 3
    assert expected.max() > 0.95


def test_prediction_unsure_image_and_temperatures(prediction):
    _, _, values, outputs = prediction
    text = outputs["unsure"]
    scores = _row(text, "scores")
    p = scipy_softmax(scores)
    first, second = np.argsort(-p, kind="stable")[:2]
    assert 0.4 < p.max() < 0.7
    assert text.splitlines()[0] == f"test image {values['j']}, true digit {values['j_true']}"
    assert (values["j_first"], values["j_second"]) == (first, second)
    assert float(values["j_first_prob"]) == pytest.approx(p[first], abs=2e-3)
    assert float(values["j_second_prob"]) == pytest.approx(p[second], abs=2e-3)

    lines = outputs["temperature"].splitlines()
    assert len(lines) == 4
    peaks = []
    for line, t in zip(lines, (0.5, 1, 2, 5)):
        q = scipy_softmax(scores / t)
        match = re.fullmatch(rf"T = {t:<3}  largest probability (\S+)  \(digit (\d)\)  smallest (\S+)", line)
        assert match, line
        assert float(match.group(1)) == pytest.approx(q.max(), abs=2e-3)
        assert int(match.group(2)) == first  # the temperature never changes the winner
        assert float(match.group(3)) == pytest.approx(q.min(), abs=2e-4)
        peaks.append(float(match.group(1)))
    assert peaks == sorted(peaks, reverse=True)
    assert (values["t_low"], values["t_high"]) == (f"{peaks[0]:.3f}", f"{peaks[-1]:.3f}")


def test_prediction_values_are_json_numbers_and_strings(prediction):
    _, files, values, _ = prediction
    assert json.loads(files["softmax_prediction.values.json"].read_text()) == values
    assert values["accuracy"].endswith("%")


# ----------------------------------------------------------------------------- figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    rng = np.random.default_rng(3)
    images, scores = rng.uniform(size=(2, 28, 28, 1)), rng.normal(size=(2, 10))
    digits = [str(d) for d in range(10)]
    fig = figures.make_prediction(lang, images, scores, scipy_softmax(scores, axis=1), [0, 9], [6, 8], digits)
    assert_labels_have_glyphs(fig, lang)
    tempered = [scipy_softmax(scores[1] / t) for t in (0.5, 1, 2, 5)]
    assert_labels_have_glyphs(figures.make_temperature(lang, tempered, (0.5, 1, 2, 5), 9, digits), lang)


def test_figures_draw_the_probabilities_they_are_given():
    """The figure functions compute nothing: the bars are the arrays handed in, and arrays of the
    wrong shape get a ValueError."""
    scores = np.array([[3.0, 1.0, 0.0], [0.5, 0.4, 0.1]])
    given = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])  # not the softmax of the scores, on purpose
    fig = figures.make_prediction("en", np.zeros((2, 4, 4)), scores, given, [0, 1], [0, 1], ["a", "b", "c"])
    bars = [[patch.get_height() for patch in ax.patches] for ax in fig.axes[2::3]]  # the probability column
    np.testing.assert_array_equal(bars, given)
    with pytest.raises(ValueError, match="probabilities"):
        figures.make_prediction("en", np.zeros((2, 4, 4)), scores, given[:1], [0, 1], [0, 1], ["a", "b", "c"])
    fig = figures.make_temperature("en", given, (1, 2), 0, ["a", "b", "c"])
    np.testing.assert_array_equal([[p.get_height() for p in ax.patches] for ax in fig.axes], given)
    with pytest.raises(ValueError, match="temperatures"):
        figures.make_temperature("en", given, (1, 2, 5), 0, ["a", "b", "c"])


def test_figure_module_only_draws():
    assert_figure_module_only_draws("softmax")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_the_softmax_line(site, lang):
    """The highlighted line of the embedded script is exactly its Activation('softmax'), the model's last."""
    lines, highlighted = code_blocks(site, "07-softmax", lang)[0]  # the first code block is the script
    assert highlighted == ['model.add(layers.Activation("softmax"))']
    assert [line for line in lines if line.strip()][-1] == highlighted[0]


def test_snippet_try_it_answers_match_scipy(tmp_path):
    """Try it yourself: +10 changes nothing; x2 keeps the winner and sharpens it (T = 1/2); float32 overflows at 101."""
    stdout, _, values = run_snippet("snippets/07_softmax/try_it.py")
    scores = np.array([2.0, 1.0, 0.1, -1.0, 0.5, -0.3])  # softmax_steps.py's scores
    np.testing.assert_allclose(scipy_softmax(scores + 10), scipy_softmax(scores), rtol=1e-12)
    doubled = scipy_softmax(2 * scores)
    assert doubled.argmax() == scores.argmax() == 0  # "dogs"
    assert doubled.max() > scipy_softmax(scores).max()
    assert values["p_top"] == f"{scipy_softmax(scores).max():.4f}" and values["p_top_doubled"] == f"{doubled.max():.4f}"
    np.testing.assert_allclose(scipy_softmax(scores / float(values["temperature"])), doubled, rtol=1e-12)
    with np.errstate(over="ignore", invalid="ignore"):
        big = np.exp(np.array([101.0, 100.0, 99.0], dtype=np.float32))
        assert np.isnan(big / big.sum()).all()
    assert stdout.splitlines()[0] == "1. + 10, the same probabilities: True"
    assert stdout.splitlines()[2] == "3. float32: [inf inf inf] -> [nan nan nan]"


def test_snippet_model_so_far_frames_this_parts_layers_in_both_languages(tmp_path):
    """The series' model by hand (100 -> 98 -> 49 -> 47 -> 23; 23 x 23 x 64 = 33,856 into Flatten): this part's
    layers, each with its output shape."""
    stdout, files, values = run_snippet("snippets/07_softmax/model_so_far.py")
    by_hand = [('6', 'softmax')]
    assert stdout.splitlines() == [f"{shape:>14}  {label}" for shape, label in by_hand]
    assert values == {"layers": 1}
    assert set(files) == {"model_so_far.values.json", "07-softmax-model-so-far.ja.png", "07-softmax-model-so-far.en.png"}
    assert count_colour(files["07-softmax-model-so-far.en.png"], "#b2182b") > 100  # the one small frame is drawn
