"""Part 14, why convolution: every snippet's printed numbers against plain NumPy, SciPy, Keras or a
formula, the loops of the backward pass against SciPy and a numerical gradient, and the figures."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT
from figure_checks import assert_labels_have_glyphs
from numgrad import numerical_gradient
from scipy import ndimage
from scipy.signal import convolve2d, correlate2d
from snippets_util import run_snippet

from cnn_blog import data
from cnn_blog.demos import why_convolution as demos
from cnn_blog.figures import why_convolution as figs

FOLDER = "snippets/14_why_convolution"
SOBEL = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # parts 2 and 3's vertical-edge filter


def shown_function(snippet: str, name: str):
    """The function ``name`` as the snippet defines it (its def, up to the next line at column 0)."""
    source = (ROOT / FOLDER / snippet).read_text(encoding="utf-8")
    match = re.search(rf"^def {name}\(.*?(?=^\S)", source, flags=re.S | re.M)
    assert match, name
    namespace = {"np": np}
    exec(match.group(0), namespace)  # noqa: S102 - the repository's own snippet
    return namespace[name]


def shift_by_scipy(images: np.ndarray, down: int, right: int) -> np.ndarray:
    """SciPy's shift with zeros coming in (order 0: whole pixels, no interpolation)."""
    offsets = (0, down, right, 0) if images.ndim == 4 else (down, right)
    return ndimage.shift(images, offsets, order=0, mode="constant", cval=0.0)


def valid_correlation(x: np.ndarray, kernel: np.ndarray, bias) -> np.ndarray:
    """(n, h, w, c_in) with (kh, kw, c_in, f) -> (n, h_out, w_out, f) by SciPy, channel by channel."""
    n, _, _, c_in = x.shape
    f = kernel.shape[3]
    return np.stack([np.stack([sum(correlate2d(x[i, :, :, c], kernel[:, :, c, k], mode="valid") for c in range(c_in))
                               + bias[k] for k in range(f)], axis=-1) for i in range(n)])


# ------------------------------------------------------------------ shift


@pytest.mark.parametrize("down, right", [(0, 0), (0, 3), (2, 1), (5, 0)])
def test_shift_is_scipys_shift_with_zeros(down, right):
    images = np.random.default_rng(3).random((3, 9, 8, 2)).astype(np.float32)
    np.testing.assert_array_equal(demos.shift(images, down, right), shift_by_scipy(images, down, right))
    np.testing.assert_array_equal(demos.shift(images[0, :, :, 0], down, right),
                                  shift_by_scipy(images[0, :, :, 0], down, right))
    assert demos.shift(images, 9, 0).sum() == 0  # moved right out of the image


@pytest.mark.parametrize("images, down, right, message", [(np.zeros((2, 3, 4)), 0, 1, "shape"),
                                                          (np.zeros((3, 3)), -1, 0, "0 or more")])
def test_shift_refuses_bad_input(images, down, right, message):
    with pytest.raises(ValueError, match=message):
        demos.shift(images, down, right)


# ------------------------------------------------------------------ dense against CNN


def test_models_have_the_layers_the_page_describes():
    dense, cnn = demos.dense_model(), demos.small_cnn()
    assert [type(layer).__name__ for layer in dense.layers] == ["Flatten", "Dense", "Dense"]
    assert [type(layer).__name__ for layer in cnn.layers] == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D",
                                                               "Flatten", "Dense"]
    assert [tuple(layer.output.shape[1:]) for layer in cnn.layers] == [(26, 26, 8), (13, 13, 8), (11, 11, 16),
                                                                      (5, 5, 16), (400,), (10,)]


@pytest.fixture(scope="module")
def dense_vs_cnn():
    return run_snippet("snippets/14_why_convolution/dense_vs_cnn.py")


def test_dense_vs_cnn_prints_counts_by_the_formula_and_accuracies_of_1000_digits(dense_vs_cnn):
    stdout, _, values = dense_vs_cnn
    dense = (28 * 28 + 1) * 64 + (64 + 1) * 10  # Flatten, Dense(64), Dense(10)
    cnn = (3 * 3 * 1 + 1) * 8 + (3 * 3 * 8 + 1) * 16 + (5 * 5 * 16 + 1) * 10
    assert (dense, cnn) == (50_890, 5_258)
    lines = stdout.splitlines()
    assert lines[0] == "pixels moved right:   " + "".join(f"{s:>7}" for s in range(5))
    assert lines[1] == f"fully connected only ({dense:,} parameters)"
    assert lines[3] == f"small CNN ({cnn:,} parameters)"
    _, _, _, y_test = data.load_mnist_5k()
    assert len(y_test) == 1000
    accuracy = {}
    for name, line in (("dense", lines[2]), ("cnn", lines[4])):
        assert line.startswith("  test accuracy:      ")
        printed = line.split()[2:]
        assert len(printed) == 5
        accuracy[name] = [float(p.rstrip("%")) / 100 for p in printed]
        for s, a in enumerate(accuracy[name]):
            assert values[f"{name}_{s}"] == printed[s]
            assert abs(a * 1000 - round(a * 1000)) < 1e-6  # right answers out of 1,000
    assert values["dense_params"] == f"{dense:,}" and values["cnn_params"] == f"{cnn:,}"
    assert values["params_ratio"] == f"{dense / cnn:.0f}"
    assert values["train_images"] == "4,000" and values["test_images"] == "1,000"
    # What the page says: the CNN is better unmoved and at every shift; both fall as the digits move.
    assert all(c > d for c, d in zip(accuracy["cnn"], accuracy["dense"]))
    assert accuracy["cnn"][0] > 0.9 and accuracy["dense"][0] > 0.85
    for name in accuracy:
        assert accuracy[name] == sorted(accuracy[name], reverse=True)
    assert accuracy["dense"][0] - accuracy["dense"][3] > accuracy["cnn"][0] - accuracy["cnn"][3]


def test_dense_vs_cnn_draws_both_languages(dense_vs_cnn):
    _, files, _ = dense_vs_cnn
    names = {f"14-why-convolution-shift-accuracy.{lang}.svg" for lang in ("ja", "en")}
    assert names <= set(files)
    ja, en = (files[f"14-why-convolution-shift-accuracy.{lang}.svg"].read_bytes() for lang in ("ja", "en"))
    assert ja != en and len(ja) < 250_000


def test_counts_of_the_two_models_are_kerass():
    import keras

    for build, expected in ((demos.dense_model, 50_890), (demos.small_cnn, 5_258)):
        assert build().count_params() == expected
    layer = keras.layers.Dense(26 * 26 * 8)
    layer.build((None, 784))
    assert layer.count_params() == 4_245_280


# ------------------------------------------------------------------ locality and weight sharing


def test_snippet_parameters_counts_by_the_formula(tmp_path):
    stdout, _, values = run_snippet("snippets/14_why_convolution/parameters.py")
    outputs = 26 * 26 * 8
    dense, local, conv = (784 + 1) * outputs, outputs * 10, (9 + 1) * 8
    numbers = [int(line.split()[-1].replace(",", "")) for line in stdout.splitlines()]
    assert numbers == [dense, local, conv] == [4_245_280, 54_080, 80]
    assert dense / local == 78.5 and local / conv == 676  # both exact: the page writes them as they are
    assert values == {"outputs": "5,408", "dense": "4,245,280", "local": "54,080", "conv": "80", "positions": "676",
                      "dense_over_local": "78.5", "local_over_conv": "676"}


# ------------------------------------------------------------------ translation equivariance


def test_snippet_equivariance_is_exact_away_from_the_border(tmp_path):
    stdout, _, values = run_snippet("snippets/14_why_convolution/equivariance.py")
    _, x_test, _, _ = data.load_mnist_5k()
    image = x_test[0, :, :, 0].astype(np.float64)
    fmap = correlate2d(image, SOBEL, mode="valid")
    fmap_moved = correlate2d(shift_by_scipy(image, 2, 3), SOBEL, mode="valid")
    np.testing.assert_array_equal(fmap_moved[2:, 3:], fmap[:-2, :-3])
    unmoved = np.abs(fmap_moved - fmap).max()
    assert stdout.splitlines() == [
        "feature maps: (26, 26) (26, 26)",
        "map of the moved digit vs the map moved by (2, 3): largest difference 0.0",
        f"map of the moved digit vs the map not moved: largest difference {unmoved:.2f}",
    ]
    assert values == {"down": 2, "right": 3, "gap": "0.0", "side": 26, "unmoved_gap": f"{unmoved:.2f}"}


def test_snippet_stride_moves_the_map_only_by_whole_steps(tmp_path):
    """With a stride of 2, a 2-pixel move moves the map by exactly 1 column; a 1-pixel move matches no move."""
    stdout, _, values = run_snippet("snippets/14_why_convolution/stride.py")
    _, x_test, _, _ = data.load_mnist_5k()
    image = x_test[0, :, :, 0].astype(np.float64)
    fmap = correlate2d(image, SOBEL, mode="valid")[::2, ::2]  # stride 2: every other window of stride 1
    assert fmap.shape == (13, 13)
    gaps = {}
    for move in (1, 2):
        moved = correlate2d(shift_by_scipy(image, 0, move), SOBEL, mode="valid")[::2, ::2]
        for columns in (0, 1):
            gaps[move, columns] = np.abs(moved[:, columns:] - fmap[:, : 13 - columns]).max()
    assert gaps[2, 1] == 0  # exactly the map moved by 1 column
    assert min(gaps[1, 0], gaps[1, 1], gaps[2, 0]) > 1  # the other comparisons are far apart
    assert stdout.splitlines() == [
        f"digit moved {move} right: vs the map moved 0 columns {gaps[move, 0]:.3g}, 1 column {gaps[move, 1]:.3g}"
        for move in (1, 2)]
    assert values == {"side": 13, **{f"moved_{m}_by_{c}": f"{g:.3g}" for (m, c), g in gaps.items()}}
    assert values["moved_2_by_1"] == "0"


def test_equivariance_maps_with_a_stride_are_every_other_window():
    image = np.random.default_rng(6).random((11, 12))
    kernel = np.random.default_rng(8).standard_normal((3, 3))
    _, moved, fmap, fmap_moved = demos.equivariance_maps(image, 0, 2, kernel, strides=2)
    np.testing.assert_allclose(fmap, correlate2d(image, kernel, mode="valid")[::2, ::2], atol=1e-12)
    np.testing.assert_allclose(fmap_moved, correlate2d(moved, kernel, mode="valid")[::2, ::2], atol=1e-12)


def test_equivariance_maps_are_scipys_correlation():
    image = np.random.default_rng(4).random((12, 10))
    kernel = np.random.default_rng(5).standard_normal((3, 3))
    got = demos.equivariance_maps(image, 1, 2, kernel)
    np.testing.assert_array_equal(got[0], image)
    np.testing.assert_array_equal(got[1], shift_by_scipy(image, 1, 2))
    np.testing.assert_allclose(got[2], correlate2d(image, kernel, mode="valid"), atol=1e-12)
    np.testing.assert_allclose(got[3], correlate2d(got[1], kernel, mode="valid"), atol=1e-12)


# ------------------------------------------------------------------ several input channels


def test_snippet_channels_is_scipys_sum_over_channels(tmp_path):
    stdout, _, values = run_snippet("snippets/14_why_convolution/channels.py")
    rng = np.random.default_rng(5)
    x = rng.integers(-2, 3, size=(4, 4, 3)).astype(np.float64)
    kernel = rng.integers(-1, 2, size=(3, 3, 3, 2)).astype(np.float64)
    bias = np.array([0.5, -1.0])
    out = valid_correlation(x[np.newaxis], kernel, bias)[0]  # (2, 2, 2)
    parts = [np.sum(x[:3, :3, c] * kernel[:, :, c, 0]) for c in range(3)]
    lines = stdout.splitlines()
    assert lines[:6] == [f"x, channel {c}: {x[:, :, c].astype(int).tolist()}" for c in range(3)] + [
        f"filter 0, channel {c}: {kernel[:, :, c, 0].astype(int).tolist()}" for c in range(3)]
    assert lines[6] == " + ".join(f"({p:g})" for p in parts) + f" + 0.5 = {out[0, 0, 0]:g}"
    assert lines[7:9] == [f"feature map {k}: {out[:, :, k].tolist()}" for k in range(2)]
    assert lines[9] == "Keras: (2, 2, 2)  largest difference from the loops: 0.0"
    assert lines[10] == f"parameters: {(3 * 3 * 3 + 1) * 2}"
    shown = [f"{p:g}" for p in parts]
    assert values == {"out_000": f"{out[0, 0, 0]:g}", "bias0": "0.5",
                      "parts": {"ja": "、".join(shown), "en": f"{shown[0]}, {shown[1]} and {shown[2]}"},
                      "gap": "0", "params": 56, "weights": 54}
    assert len(set(parts)) == 3 and 0 not in parts  # every channel adds its own, different part


# ------------------------------------------------------------------ the backward pass


def scipy_backward(x, kernel, dout):
    """dkernel: correlate each input channel with each dout map; dx: full convolution of dout with the kernel."""
    n, _, _, c_in = x.shape
    f = kernel.shape[3]
    dkernel = np.zeros(kernel.shape)
    dx = np.zeros(x.shape)
    for i in range(n):
        for c in range(c_in):
            for k in range(f):
                dkernel[:, :, c, k] += correlate2d(x[i, :, :, c], dout[i, :, :, k], mode="valid")
                dx[i, :, :, c] += convolve2d(dout[i, :, :, k], kernel[:, :, c, k], mode="full")
    return dkernel, dx


def test_backward_loops_are_scipy_and_a_numerical_gradient():
    loops = shown_function("backward_loops.py", "conv_backward_loops")
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 5, 6, 2))
    kernel = rng.standard_normal((3, 2, 2, 3))  # a filter that is not square
    bias = rng.standard_normal(3)
    g = rng.standard_normal((2, 3, 5, 3))  # L = sum(out * g): dL/dout = g
    dkernel, dbias, dx = loops(x, kernel, g)
    want_dkernel, want_dx = scipy_backward(x, kernel, g)
    np.testing.assert_allclose(dkernel, want_dkernel, atol=1e-12)
    np.testing.assert_allclose(dx, want_dx, atol=1e-12)
    np.testing.assert_allclose(dbias, g.sum(axis=(0, 1, 2)), atol=1e-12)
    loss = lambda xx, kk, bb: float(np.sum(valid_correlation(xx, kk, bb) * g))  # noqa: E731
    np.testing.assert_allclose(dx, numerical_gradient(lambda v: loss(v, kernel, bias), x.copy()), atol=1e-6)
    np.testing.assert_allclose(dkernel, numerical_gradient(lambda v: loss(x, v, bias), kernel.copy()), atol=1e-6)
    np.testing.assert_allclose(dbias, numerical_gradient(lambda v: loss(x, kernel, v), bias.copy()), atol=1e-6)


def test_snippet_backward_loops_prints_three_tiny_differences(tmp_path):
    stdout, _, values = run_snippet("snippets/14_why_convolution/backward_loops.py")
    lines = stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["dkernel", "dbias", "dx"]
    assert [re.search(r"\(.*?\)", line).group(0) for line in lines] == ["(3, 3, 3, 2)", "(2,)", "(2, 6, 5, 3)"]
    gaps = [float(line.rsplit(" ", 1)[1]) for line in lines]
    assert all(gap < 1e-12 for gap in gaps)
    assert float(values["largest"]) == max(gaps) and values["largest"] == f"{max(gaps):.0e}"


# ------------------------------------------------------------------ learning a filter


def test_snippet_learn_filter_recovers_the_edge_filter(tmp_path):
    stdout, _, values = run_snippet("snippets/14_why_convolution/learn_filter.py")
    x = np.random.default_rng(0).standard_normal((8, 12, 12, 1))
    rows = [np.append(img[r : r + 3, c : c + 3, 0].ravel(), 1.0) for img in x for r in range(10) for c in range(10)]
    rank = np.linalg.matrix_rank(np.array(rows))  # the equations of the 800 outputs, built here without the snippet
    assert rank == 10 and len(rows) == 800
    assert stdout.splitlines()[0] == f"equations: 800, unknowns: 10, independent (rank): {rank}"
    assert (values["equations"], values["unknowns"], values["rank"]) == ("800", 10, 10)
    lines = stdout.splitlines()[1:]
    losses = [float(line.rsplit(" ", 1)[1]) for line in lines[:4]]
    assert [line.split(":")[0] for line in lines[:4]] == ["step   0", "step  10", "step  50", "step 100"]
    assert losses == sorted(losses, reverse=True) and losses[-1] < 1e-12
    assert lines[4] == "learned filter:"
    assert "\n".join(lines[5:8]) == str(np.round(SOBEL, 3) + 0.0)
    error = float(re.search(r"filter: (\S+),", lines[8]).group(1))
    assert error < 1e-6 and values["error"] == f"{error:.0e}"
    assert values["steps"] == 100 and values["images"] == 8 and values["side"] == 12
    assert 1 < float(values["first_loss"]) < 100
    # the figure's alt text: the first and the last loss, as the printed steps 0 and 100 show them
    assert abs(float(values["first_loss"]) - losses[0]) <= 0.05 * losses[0]
    assert abs(float(values["last_loss"]) - losses[-1]) <= 0.5 * losses[-1]


def test_least_squares_on_the_same_pairs_gives_the_edge_filter():
    """The answer gradient descent converges to, found without it: one linear solve (SciPy only)."""
    x = np.random.default_rng(0).standard_normal((8, 12, 12, 1))
    y = np.stack([correlate2d(img[:, :, 0], SOBEL, mode="valid") for img in x])  # (8, 10, 10)
    rows = [np.append(img[r : r + 3, c : c + 3, 0].ravel(), 1.0) for img in x for r in range(10) for c in range(10)]
    solution, *_ = np.linalg.lstsq(np.array(rows), y.ravel(), rcond=None)
    np.testing.assert_allclose(solution[:9].reshape(3, 3), SOBEL, atol=1e-12)
    assert abs(solution[9]) < 1e-12


def test_learn_kernel_finds_any_kernel_from_enough_pairs():
    rng = np.random.default_rng(9)
    kernel = rng.standard_normal((3, 3))
    x = rng.standard_normal((6, 10, 10, 1))
    y = np.stack([correlate2d(img[:, :, 0], kernel, mode="valid") + 0.25 for img in x])[..., np.newaxis]
    learned, bias, losses = demos.learn_kernel(x, y, steps=300, learning_rate=0.1, seed=1)
    np.testing.assert_allclose(learned, kernel, atol=1e-6)
    assert abs(bias - 0.25) < 1e-6 and len(losses) == 301


# ------------------------------------------------------------------ exercises


def test_try_it_strided_backward_is_a_numerical_gradient():
    strided = shown_function("try_it.py", "conv_backward_strided")
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 8, 7, 2))
    kernel = rng.standard_normal((3, 3, 2, 2))
    for stride in (1, 2, 3):
        full = valid_correlation(x, kernel, np.zeros(2))
        g = rng.standard_normal(full[:, ::stride, ::stride].shape)
        loss = lambda xx, kk: float(np.sum(valid_correlation(xx, kk, np.zeros(2))[:, ::stride, ::stride] * g))  # noqa: E731
        dkernel, dx = strided(x, kernel, g, stride)
        np.testing.assert_allclose(dx, numerical_gradient(lambda v: loss(v, kernel), x.copy()), atol=1e-6)
        np.testing.assert_allclose(dkernel, numerical_gradient(lambda v: loss(x, v), kernel.copy()), atol=1e-6)


def test_snippet_try_it_answers(tmp_path):
    stdout, _, values = run_snippet("snippets/14_why_convolution/try_it.py")
    lines = stdout.splitlines()
    assert float(values["strided_gap"]) < 1e-12 and lines[0].endswith(values["strided_gap"])
    conv, dense = (3 * 3 * 3 + 1) * 32, (100 * 100 * 3 + 1) * (100 * 100 * 32)
    assert lines[1] == f"2. Conv2D: {conv:,} parameters, Dense: {dense:,}"
    assert values["conv_photo"] == "896" and values["dense_photo"] == "9,600,320,000" == f"{dense:,}"
    assert float(values["one_loss"]) < 1e-20 and float(values["one_error"]) > 0.5
    assert lines[2] == f"3. loss {values['one_loss']}, largest difference from the vertical-edge filter {values['one_error']}"


# ------------------------------------------------------------------ figures


def test_snippet_why_figures_writes_both_languages(tmp_path):
    stdout, files, _ = run_snippet("snippets/14_why_convolution/why_figures.py")
    assert stdout == ""
    assert set(files) == {f"14-why-convolution-{name}.{lang}.svg" for lang in ("ja", "en")
                          for name in ("equivariance", "learned-kernel")}
    for name in ("equivariance", "learned-kernel"):
        ja, en = (files[f"14-why-convolution-{name}.{lang}.svg"].read_bytes() for lang in ("ja", "en"))
        assert ja != en and len(ja) < 250_000


def test_the_kernel_figure_writes_the_numbers_it_is_given():
    learned = SOBEL + 1e-9
    fig = figs.make_learned_kernel("en", SOBEL, learned, [10.0, 1.0, 0.1])
    for ax in fig.axes[:2]:
        assert [t.get_text() for t in ax.texts] == [f"{v:.2f}" for v in SOBEL.ravel() + 0.0]
    with pytest.raises(ValueError, match=r"\(3, 3\)"):
        figs.make_learned_kernel("en", np.zeros((5, 5)), learned, [1.0])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    rng = np.random.default_rng(2)
    assert_labels_have_glyphs(figs.make_shift_accuracy(lang, [0, 1, 2], {"dense": [0.9, 0.7, 0.5], "cnn": [0.95, 0.9, 0.8]},
                                                       {"dense": 50_890, "cnn": 5_258}), lang)
    image = rng.random((10, 10))
    assert_labels_have_glyphs(figs.make_equivariance(lang, image, image, image[2:, 2:], image[2:, 2:], 1, 2), lang)
    assert_labels_have_glyphs(figs.make_learned_kernel(lang, SOBEL, SOBEL, [1.0, 0.5]), lang)


# ------------------------------------------------------------------ the page


@pytest.mark.parametrize("lang, line", [("ja", "この回は元の連載の先の話で"), ("en", "This part goes beyond the original series")])
def test_the_line_under_the_title_says_the_part_goes_beyond_the_original_series(lang, line):
    text = (ROOT / "docs" / f"14-why-convolution.{lang}.md").read_text(encoding="utf-8")
    assert text.split("\n\n")[1].startswith(line)
    assert "Follows part" not in text and "に沿っています" not in text


def test_answer_3_is_what_the_reader_gets_by_changing_learn_filter(tmp_path):
    """The exercise as the reader does it: learn_filter.py with its 8 images of 12 x 12 changed into one 3 x 3."""
    source = (ROOT / FOLDER / "learn_filter.py").read_text(encoding="utf-8")
    assert source.count("rng.standard_normal((8, 12, 12, 1))") == 1
    changed = source.replace("rng.standard_normal((8, 12, 12, 1))", "rng.standard_normal((1, 3, 3, 1))")
    changed += "\nprint(float(losses[-1]), float(error))\n"
    (tmp_path / "learn_one.py").write_text(changed, encoding="utf-8")
    run = subprocess.run([sys.executable, "learn_one.py"], cwd=tmp_path, capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert lines[0] == "equations: 1, unknowns: 10, independent (rank): 1"  # one equation: many filters fit it
    last_loss, error = (float(v) for v in lines[-1].split())
    _, _, values = run_snippet("snippets/14_why_convolution/try_it.py")
    assert values["one_loss"] == f"{last_loss:.0g}" and values["one_error"] == f"{error:.2f}"
