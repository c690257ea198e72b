"""Part 3, ReLU: the NumPy layer against Keras and against a numerical gradient."""

import numpy as np
import pytest

from cnn_blog.layers import ReLU
from numgrad import numerical_gradient


@pytest.mark.parametrize("shape", [(7,), (2, 5, 5, 3), (4, 10)])
def test_forward_equals_keras_relu(shape):
    import keras

    x = np.random.default_rng(1).normal(size=shape).astype(np.float32)
    expected = keras.ops.convert_to_numpy(keras.layers.ReLU()(x))
    np.testing.assert_array_equal(ReLU().forward(x), expected)


def test_backward_equals_numerical_gradient():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 4, 4, 3))
    x[np.abs(x) < 1e-3] = 0.5  # keep clear of the kink at 0, where the derivative has no value
    weights = rng.normal(size=x.shape)  # loss = sum(weights * relu(x)), so dout = weights
    relu = ReLU()
    relu.forward(x)
    dx = relu.backward(weights)
    num = numerical_gradient(lambda v: np.sum(weights * ReLU().forward(v)), x.copy())
    np.testing.assert_allclose(dx, num, atol=1e-6)


def test_forward_is_max_zero_x_and_keeps_dtype():
    x = np.array([-3.0, -0.0, 0.0, 2.5], dtype=np.float32)
    out = ReLU().forward(x)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [0.0, 0.0, 0.0, 2.5])


@pytest.mark.parametrize(
    "bad, message",
    [(np.array([1.0, np.nan]), "NaN"), (np.array(["a", "b"]), "numeric"), (np.array([np.inf]), "infinity")],
)
def test_bad_input_is_a_clear_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        ReLU().forward(bad)


def test_backward_before_forward_and_wrong_shape():
    relu = ReLU()
    with pytest.raises(RuntimeError, match="before forward"):
        relu.backward(np.ones(3))
    relu.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        relu.backward(np.ones((3, 2)))


# ----------------------------------------------------------------------------- the page's snippets
from conftest import ROOT  # noqa: E402
from figure_checks import assert_labels_have_glyphs  # noqa: E402
from page_checks import code_blocks  # noqa: E402
from scipy.signal import correlate2d  # noqa: E402
from series_by_hand import inputs_of, series_layers  # noqa: E402
from snippets_util import run_snippet  # noqa: E402

from cnn_blog import data  # noqa: E402
from cnn_blog.demos import relu as demos  # noqa: E402
from cnn_blog.figures import relu as figures  # noqa: E402

# Part 3's filter, written out here rather than imported: the test pins what the page shows.
SOBEL = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # right minus left, as part 2


def test_snippet_relu_numpy_prints_forward_and_backward(tmp_path):
    stdout, _, values = run_snippet("snippets/03_relu/relu_numpy.py")
    x = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])
    expected = (
        f"x =\n {x}\n"
        f"relu.forward(x) =\n {np.maximum(x, 0)}\n"
        f"relu.backward(ones) =\n {(x > 0).astype(float)}\n"
    )
    assert stdout == expected
    # The page's "the N places forward set to 0 get a zero gradient, the other M pass the 1": counted on x itself.
    assert values == {"stopped": int(np.sum(x <= 0)), "passed": int(np.sum(x > 0))}


def test_snippet_feature_map_numbers_match_an_independent_convolution(tmp_path):
    stdout, _, values = run_snippet("snippets/03_relu/relu_feature_map.py")
    image = data.chelsea_gray()
    fmap = correlate2d(image, SOBEL, mode="valid")  # SciPy, not cnn_blog
    negative = np.mean(fmap < 0)
    assert values == {"negative_percent": f"{negative:.1%}", "height": fmap.shape[0], "width": fmap.shape[1]}
    assert f"feature map shape: {fmap.shape}" in stdout
    assert f"min {fmap.min():.3f}, max {fmap.max():.3f}" in stdout
    assert f"negative values set to 0 by ReLU: {negative:.1%}" in stdout
    assert f"after ReLU: min 0.000, max {fmap.max():.3f}" in stdout
    assert 0.3 < negative < 0.7  # an edge filter answers both ways: ReLU has work to do


def test_snippet_figures_writes_both_languages(tmp_path):
    stdout, files, _ = run_snippet("snippets/03_relu/relu_figures.py")
    assert stdout == ""
    assert set(files) == {
        f"03-relu-{name}.{lang}.{ext}" for lang in ("ja", "en")
        for name, ext in (("graph", "svg"), ("feature-maps", "png"))
    }
    assert files["03-relu-graph.ja.svg"].read_bytes() != files["03-relu-graph.en.svg"].read_bytes()


def test_relu_feature_map_is_scipys_correlation_then_max_zero():
    np.testing.assert_array_equal(demos.EDGE_KERNEL, SOBEL)
    image, fmap, relu_map = demos.relu_feature_map()
    np.testing.assert_array_equal(image, data.chelsea_gray())  # the cat photo by default
    expected = correlate2d(image, SOBEL, mode="valid")
    np.testing.assert_allclose(fmap, expected, atol=1e-12)
    np.testing.assert_allclose(relu_map, np.maximum(expected, 0), atol=1e-12)
    small = np.random.default_rng(5).random((6, 4))  # any gray image
    np.testing.assert_allclose(demos.relu_feature_map(small)[1], correlate2d(small, SOBEL, mode="valid"), atol=1e-12)


@pytest.mark.parametrize("bad", [np.zeros(9), np.zeros((2, 9)), np.zeros((5, 5, 3))])
def test_relu_feature_map_refuses_what_is_not_a_gray_image(bad):
    with pytest.raises(ValueError, match="gray"):
        demos.relu_feature_map(bad)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    """No empty boxes: each character of each label is in the font matplotlib picked for it."""
    x = np.linspace(-4, 4, 9)
    assert_labels_have_glyphs(figures.make_relu_graph(lang, x, np.maximum(x, 0)), lang)
    image = np.random.default_rng(0).random((12, 10))
    fmap = correlate2d(image, SOBEL, mode="valid")
    assert_labels_have_glyphs(figures.make_relu_feature_maps(lang, image, fmap, np.maximum(fmap, 0)), lang)


def test_relu_graph_draws_the_points_it_is_given():
    x = np.linspace(-4, 4, 17)
    line = figures.make_relu_graph("en", x, np.maximum(x, 0)).axes[0].lines[0]
    np.testing.assert_array_equal(line.get_xdata(), x)
    np.testing.assert_array_equal(line.get_ydata(), np.maximum(x, 0))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_the_relu_line_after_every_conv2d(site, lang):
    """The highlighted lines of the embedded script are exactly its Activation('relu') after a Conv2D."""
    lines, highlighted = code_blocks(site, "03-relu", lang)[0]  # the first code block is the script
    after_conv = [line for prev, line in zip(lines, lines[1:]) if "Conv2D(" in prev]
    assert len(after_conv) == 4
    assert all('Activation("relu")' in line for line in after_conv)
    assert highlighted == after_conv


def test_snippet_relu_count_matches_the_series_layer_sizes(tmp_path):
    """The numbers ReLU sees for one 100 x 100 x 3 photo, from the layers' size rules (no cnn_blog, no Keras)."""
    stdout, _, values = run_snippet("snippets/03_relu/relu_count.py")
    shapes = [r.shape for r in series_layers(100, 3, 6) if r.option == "relu"]  # after each Conv2D, Dense(512)
    sizes = [int(np.prod(shape)) for shape in shapes]
    total = sum(sizes)
    lines = stdout.splitlines()
    assert [line.split()[-1] for line in lines[:-1]] == [f"{size:,}" for size in sizes]
    assert [line.split(None, 1)[1].rsplit(None, 1)[0] for line in lines[:-1]] == \
           [" × ".join(map(str, shape)) for shape in shapes]
    assert lines[-1] == f"one photo: {total:,} numbers through ReLU"
    assert values == {"total": {"ja": f"約 {round(total / 10_000)} 万", "en": f"about {round(total / 10_000) * 10_000:,}"}}


# ------------------------------------------------------------------ issue 15: work counts, collapse, 32 maps, exercises


def series_shapes(side=100):
    """(kind, output shape, input channels) of the series' Conv2D, ReLU and Dense(512) layers, by hand."""
    rows = series_layers(side, 3, 6)
    kinds = {"Conv2D": "conv", "Dense": "dense"}
    out = []
    for r, shape_in in zip(rows, inputs_of(rows, side, 3)):
        if r.kind in kinds and r.shape != (6,):
            out.append((kinds[r.kind], r.shape, shape_in[-1] if r.kind == "Conv2D" else shape_in[0]))
        elif r.option == "relu":
            out.append(("relu", r.shape, None))
    return out


def test_snippet_work_count_is_the_hand_count(tmp_path):
    stdout, _, values = run_snippet("snippets/03_relu/work_count.py")
    rows = series_shapes()
    comparisons = sum(int(np.prod(shape)) for kind, shape, _ in rows if kind == "relu")
    macs = sum(int(np.prod(shape)) * 9 * c for kind, shape, c in rows if kind == "conv")
    macs += sum(c * 512 for kind, _, c in rows if kind == "dense")
    assert (comparisons, macs) == (922_880, 240_172_544)  # issue 15: about 0.92 M against about 240 M
    assert stdout.splitlines() == [
        f"ReLU comparisons per photo:                 {comparisons:>12,}",
        f"multiply-adds per photo (Conv2D, Dense 512): {macs:>12,}",
        f"ReLU's share: {comparisons / (comparisons + macs):.2%}",
    ]
    assert values == {"comparisons": {"ja": "約 92 万", "en": "about 0.92 million"},
                      "multiply_adds": {"ja": "約 2.4 億", "en": "about 240 million"},
                      "share": f"{comparisons / (comparisons + macs):.2%}"}


def test_snippet_collapse_two_convolutions_are_one_5x5_by_scipy(tmp_path):
    from scipy.signal import convolve2d

    stdout, _, values = run_snippet("snippets/03_relu/collapse.py")
    rng = np.random.default_rng(0)
    k1, k2 = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    x = rng.normal(size=(10, 10))
    two = correlate2d(correlate2d(x, k1, mode="valid") + 0.5, k2, mode="valid") - 0.2
    k5 = convolve2d(k1[::-1, ::-1], k2[::-1, ::-1])[::-1, ::-1]  # correlating twice = correlating with this
    np.testing.assert_allclose(correlate2d(x, k5, mode="valid") + 0.5 * k2.sum() - 0.2, two, atol=1e-12)
    assert stdout.splitlines()[0] == "two 3x3 Conv2D: (1, 6, 6, 1)  one 5x5 Conv2D: (1, 6, 6, 1)"
    assert float(values["difference"]) < 1e-12
    with_relu = correlate2d(np.maximum(correlate2d(x, k1, mode="valid") + 0.5, 0), k2, mode="valid") - 0.2
    assert np.abs(with_relu - two).max() > 1  # a ReLU between them breaks the collapse (exercise 3)


def test_snippet_all_maps_is_keras_first_layer_then_max_zero(tmp_path):
    from cnn_blog.demos.dataset import chelsea_photo
    from cnn_blog.train import build_model, set_seed

    stdout, files, values = run_snippet("snippets/03_relu/all_maps.py")
    set_seed(0)
    model = build_model((100, 100, 3), 6)
    kernel, bias = model.layers[0].get_weights()
    x = chelsea_photo(100) / 255
    maps = np.stack([sum(correlate2d(np.pad(x[:, :, c], 1), kernel[:, :, c, f], mode="valid") for c in range(3))
                     + bias[f] for f in range(32)], axis=-1)  # SciPy, not Keras
    zero = (np.maximum(maps, 0) <= 1e-6).mean(axis=(0, 1))
    assert abs(float(values["zero_mean"].rstrip("%")) - 100 * zero.mean()) < 0.2
    assert values["dead"] == int((zero == 1).sum()) and values["dead"] > 0 and values["maps"] == 32
    assert stdout.splitlines()[0] == "Conv2D -> Activation relu -> (100, 100, 32)"
    assert set(files) == {"all_maps.values.json", "03-relu-all-maps.ja.png", "03-relu-all-maps.en.png"}


def test_snippet_model_so_far_frames_every_relu(tmp_path):
    stdout, files, values = run_snippet("snippets/03_relu/model_so_far.py")
    relu = [shape for kind, shape, _ in series_shapes() if kind == "relu"]
    assert stdout.splitlines() == [f"{'×'.join(map(str, s)):>14}  ReLU" for s in relu]
    assert values == {"layers": len(relu)}
    assert set(files) == {"model_so_far.values.json", "03-relu-model-so-far.ja.png", "03-relu-model-so-far.en.png"}


def test_snippet_try_it_answers(tmp_path):
    stdout, _, values = run_snippet("snippets/03_relu/try_it.py")
    assert stdout.splitlines()[0] == "1. backward(ones) at x = -1, 0, 2: [0. 0. 1.]"
    counts = {side: sum(int(np.prod(s)) for kind, s, _ in series_shapes(side) if kind == "relu") for side in (100, 200)}
    assert values["count_100"] == f"{counts[100]:,}" and values["count_200"] == f"{counts[200]:,}"
    assert values["ratio"] == f"{counts[200] / counts[100]:.1f}"
    assert float(values["difference"]) > 1


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_all_maps_figure_titles_every_map_with_its_share(lang):
    maps = np.zeros((6, 6, 32))
    maps[:, :3, 0] = 1.0  # half of map 1 is positive
    share = (maps == 0).mean(axis=(0, 1))
    fig = figures.make_relu_all_maps(lang, maps, share)
    assert_labels_have_glyphs(fig, lang)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 32 and "50%" in titles[0] and "100%" in titles[1]
    with pytest.raises(ValueError):
        figures.make_relu_all_maps(lang, maps[:, :, :30], share[:30])
