"""Part 4, MaxPooling2D: every snippet's printed numbers against plain NumPy (reshape and max), SciPy,
Keras or the size formula, the numbers drawn in the figures, and the page's highlighted lines."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import answer_function
from figure_checks import assert_labels_have_glyphs
from page_checks import code_blocks
from scipy.signal import correlate2d
from series_by_hand import inputs_of, series_layers
from snippets_util import run_snippet

from cnn_blog import data
from cnn_blog.demos import maxpooling2d as demos
from cnn_blog.figures import maxpooling2d as figs

EDGE_KERNEL = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # part 3's Sobel filter (right minus left, as part 2)

# The example of the page, written out here rather than imported: the test pins what the page shows.
SMALL = np.array([[0, 3, 1, 0], [2, 5, 0, 4], [1, 0, 2, 2], [7, 1, 3, 0]], dtype=float)


def pool2(x: np.ndarray) -> np.ndarray:
    """2 x 2 max pooling of a 2-D array with plain NumPy: drop an odd last row/column, then reshape."""
    h, w = x.shape[0] // 2 * 2, x.shape[1] // 2 * 2
    return x[:h, :w].reshape(h // 2, 2, w // 2, 2).max(axis=(1, 3))



def test_the_page_example_is_the_one_in_the_demos_module():
    np.testing.assert_array_equal(demos.SMALL_MAP, SMALL)
    x, out = demos.small_example()
    np.testing.assert_array_equal(x, SMALL)
    np.testing.assert_array_equal(out, pool2(SMALL))


def test_snippet_pool_numpy_matches_reshape_max(tmp_path):
    stdout, _, values = run_snippet("snippets/04_maxpooling2d/pool_numpy.py")
    out = pool2(SMALL)
    assert stdout == (
        f"x =\n {SMALL}\nmaxpooling2d_naive -> (1, 2, 2, 1)\n{out}\n"
        "MaxPooling2D.forward -> (1, 2, 2, 1)\nthe same numbers as maxpooling2d_naive: True\n"
    )
    assert values == {"in_side": 4, "out_side": 2, "top_left_max": f"{out[0, 0]:g}", "top_right_max": f"{out[0, 1]:g}",
                      "bottom_left_max": f"{out[1, 0]:g}", "bottom_right_max": f"{out[1, 1]:g}"}


def test_snippet_pool_sizes_halve_and_round_down(tmp_path):
    stdout, _, values = run_snippet("snippets/04_maxpooling2d/pool_sizes.py")
    # The series' model: 100 -> same 100 -> valid 98 -> pool 49 -> same 49 -> valid 47 -> pool 23.
    rows = series_layers()
    first_in, second_in = (shape[0] for r, shape in zip(rows, inputs_of(rows, 100, 3)) if r.kind == "MaxPooling2D")
    assert stdout.splitlines() == [
        f"({first_in}, {first_in}, 32) -> ({first_in // 2}, {first_in // 2}, 32): "
        f"{first_in ** 2 * 32:,} numbers -> {(first_in // 2) ** 2 * 32:,}",
        f"({second_in}, {second_in}, 64) -> ({second_in // 2}, {second_in // 2}, 64): "
        f"{second_in ** 2 * 64:,} numbers -> {(second_in // 2) ** 2 * 64:,}",
    ]
    assert (second_in // 2) ** 2 * 64 == 33_856  # what Flatten hands to Dense(512) (design notes)
    assert values == {"first_in": 98, "first_out": 49, "second_in": 47, "second_out": 23,
                      "numbers_in": f"{98 * 98 * 32:,}", "numbers_out": f"{49 * 49 * 32:,}", "ratio": 4,
                      # without pooling: 100 -> same 100 -> valid 98 -> same 98 -> valid 96
                      "flat_with": "33,856", "flat_without": f"{96 * 96 * 64:,}",
                      "dense_with": f"{(33_856 + 1) * 512:,}", "dense_without": f"{(96 * 96 * 64 + 1) * 512:,}",
                      "times": f"{96 * 96 / (23 * 23):.0f}"}


def test_snippet_pool_keras_is_exactly_keras(tmp_path):
    stdout, _, _ = run_snippet("snippets/04_maxpooling2d/pool_keras.py")
    assert stdout.splitlines() == [
        "Keras: (2, 98, 98, 32) -> (2, 49, 49, 32)",
        "NumPy: (2, 98, 98, 32) -> (2, 49, 49, 32)",
        "exactly the same numbers: True",
        "MaxPooling2D: (98, 98, 32) -> (49, 49, 32)",
        "MaxPooling2D: (47, 47, 64) -> (23, 23, 64)",
    ]


def test_pooling_the_photo_map_equals_keras():
    import keras

    maps = demos.pooled_feature_maps(1)
    x = maps[0][np.newaxis, :, :, np.newaxis].astype(np.float32)
    expected = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=(2, 2))(x))[0, :, :, 0]
    np.testing.assert_array_equal(maps[1].astype(np.float32), expected)


def edge_relu_map(image: np.ndarray) -> np.ndarray:
    """Part 3's feature map without cnn_blog's layers: SciPy's correlation, then max(0, x)."""
    return np.maximum(correlate2d(image, EDGE_KERNEL, mode="valid"), 0)


def test_snippet_shift_toy_pools_two_maps_to_one(tmp_path):
    stdout, _, _ = run_snippet("snippets/04_maxpooling2d/shift_toy.py")
    a, b = np.zeros((4, 4)), np.zeros((4, 4))
    a[0, 0] = b[1, 1] = 9  # one pixel apart, inside the same 2 x 2 block
    assert not np.array_equal(a, b) and np.array_equal(pool2(a), pool2(b))
    assert stdout.splitlines() == ["the same before pooling: False", "the same after pooling:  True",
                                   *str(pool2(a)).splitlines()]


def test_snippet_small_shift_matches_an_independent_computation(tmp_path):
    stdout, _, values = run_snippet("snippets/04_maxpooling2d/small_shift.py")
    photo = data.chelsea_gray()
    left, right = edge_relu_map(photo[:, 1:]), edge_relu_map(photo[:, :-1])
    lines = []
    expected = {}
    for times in range(3):
        r = np.corrcoef(left.ravel(), right.ravel())[0, 1]
        expected[f"correlation_{times}"] = f"{r:.2f}"
        lines.append(f"pooled {times}x: {left.shape}, correlation with the shifted photo's map {r:.2f}")
        left, right = pool2(left), pool2(right)
    assert stdout.splitlines() == lines
    assert values == expected
    c = [float(expected[f"correlation_{t}"]) for t in range(3)]
    assert c[0] < c[1] < c[2]  # every pooling makes the one-pixel shift matter less


def test_snippet_figures_writes_both_languages(tmp_path):
    stdout, files, _ = run_snippet("snippets/04_maxpooling2d/pool_figures.py")
    assert stdout == ""
    assert set(files) == {f"04-maxpooling2d-{name}.{lang}.{ext}" for lang in ("ja", "en")
                          for name, ext in (("blocks", "svg"), ("feature-maps", "png"))}
    for name, path in files.items():
        assert path.stat().st_size < 250_000, name
    for name in ("blocks.{}.svg", "feature-maps.{}.png"):
        assert (files["04-maxpooling2d-" + name.format("ja")].read_bytes()
                != files["04-maxpooling2d-" + name.format("en")].read_bytes())


def test_the_numbers_in_the_blocks_figure_are_reshape_max():
    fig = figs.make_pool_blocks("en", *demos.small_example())
    grid_in, _, grid_out = fig.axes
    numbers = lambda ax: [float(t.get_text()) for t in ax.texts if t.get_text().isdigit()]  # noqa: E731
    assert numbers(grid_in) == SMALL.ravel().tolist()
    assert numbers(grid_out) == pool2(SMALL).ravel().tolist()
    assert [grid_in.get_title(), grid_out.get_title()] == [
        f"input ({SMALL.shape[0]}×{SMALL.shape[1]})", f"output ({pool2(SMALL).shape[0]}×{pool2(SMALL).shape[1]})"]


def test_pooled_feature_maps_are_parts_3_map_halved():
    maps = demos.pooled_feature_maps(2)
    photo_map = edge_relu_map(data.chelsea_gray())
    np.testing.assert_allclose(maps[0], photo_map, atol=1e-12)
    np.testing.assert_allclose(maps[1], pool2(photo_map), atol=1e-12)
    np.testing.assert_allclose(maps[2], pool2(pool2(photo_map)), atol=1e-12)
    other = np.random.default_rng(2).random((9, 7))  # any map: odd sides round down
    assert [m.shape for m in demos.pooled_feature_maps(2, other)] == [(9, 7), (4, 3), (2, 1)]
    np.testing.assert_array_equal(demos.pooled_feature_maps(1, other)[1], pool2(other))


@pytest.mark.parametrize("times, relu_map, message", [(-1, None, "times"), (1, np.zeros((1, 4, 4)), "one")])
def test_pooled_feature_maps_refuse_bad_input(times, relu_map, message):
    with pytest.raises(ValueError, match=message):
        demos.pooled_feature_maps(times, relu_map)


def test_the_blocks_figure_refuses_other_sizes():
    with pytest.raises(ValueError, match=r"\(4, 4\)"):
        figs.make_pool_blocks("en", np.zeros((6, 6)), np.zeros((3, 3)))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    assert_labels_have_glyphs(figs.make_pool_blocks(lang, SMALL, pool2(SMALL)), lang)
    small = np.random.default_rng(1).random((12, 8))
    assert_labels_have_glyphs(figs.make_pool_feature_map(lang, [small, pool2(small), pool2(pool2(small))]), lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_every_maxpooling2d_line(site, lang):
    """The highlighted lines of the embedded model are exactly its two MaxPooling2D lines."""
    lines, highlighted = code_blocks(site, "04-maxpooling2d", lang)[0]  # the first code block is the model
    pools = [line for line in lines if "MaxPooling2D(" in line]
    assert len(pools) == 2
    assert highlighted == pools


# ------------------------------------------------------------------ issue 15: receptive field, exercises, model so far


def receptive_field_by_hand(layers):
    """(window, stride) per layer -> the side of the input square one value sees (the textbook recursion)."""
    size, step = 1, 1
    for window, stride in layers:
        size += (window - 1) * step
        step *= stride
    return size, step


SERIES_SIX = [(3, 1), (3, 1), (2, 2), (3, 1), (3, 1), (2, 2)]  # Conv2D, Conv2D, MaxPooling2D, twice


def test_snippet_receptive_field_rule_and_measurement_agree(tmp_path):
    stdout, _, values = run_snippet("snippets/04_maxpooling2d/receptive_field.py")
    size, step = receptive_field_by_hand(SERIES_SIX)
    assert (size, step) == (16, 4)
    sizes = [receptive_field_by_hand(SERIES_SIX[: n + 1])[0] for n in range(6)]
    lines = stdout.splitlines()
    assert [int(line.split("sees")[1].split("×")[0]) for line in lines[:6]] == sizes == [3, 5, 6, 10, 14, 16]
    assert lines[6] == f"pixels that change one value after the second pooling: {size * size} ({size}×{size})"
    assert values == {"size": size, "step": step, "pixels": size * size, "photo_side": 100}


def test_receptive_field_measured_with_scipy_only():
    """The same measurement without cnn_blog: correlate (SciPy), 2x2 max by a NumPy reshape."""
    rng = np.random.default_rng(1)
    kernels = [rng.uniform(0.1, 1.0, size=(3, 3)) for _ in range(4)]

    def forward(img):
        out = img
        for n, kernel in enumerate(kernels):
            out = correlate2d(np.pad(out, 1) if n % 2 == 0 else out, kernel, mode="valid")  # 'same', then 'valid'
            if n % 2 == 1:
                h, w = out.shape[0] // 2 * 2, out.shape[1] // 2 * 2
                out = out[:h, :w].reshape(h // 2, 2, w // 2, 2).max(axis=(1, 3))
        return out

    base = rng.uniform(size=(32, 32))
    centre = forward(base)[3, 3]
    seen = np.zeros((32, 32), dtype=bool)
    for r in range(32):
        for c in range(32):
            img = base.copy()
            img[r, c] += 1e6
            seen[r, c] = forward(img)[3, 3] != centre
    assert seen.sum() == 16 * 16


def test_snippet_try_it_answers_follow_the_output_size_rule(tmp_path):
    import keras

    stdout, _, values = run_snippet("snippets/04_maxpooling2d/try_it.py")
    assert values["pool3_first"] == (98 - 3) // 3 + 1 and values["pool3_second"] == (47 - 3) // 3 + 1
    assert values["stride1"] == (98 - 2) // 1 + 1
    assert values["no_pool_size"] == receptive_field_by_hand([(3, 1)] * 4)[0] == 9
    y = keras.layers.MaxPooling2D((3, 3))(keras.Input(shape=(98, 98, 32)))
    z = keras.layers.MaxPooling2D((2, 2), strides=1)(keras.Input(shape=(98, 98, 32)))
    assert tuple(y.shape[1:3]) == (values["pool3_first"],) * 2 and tuple(z.shape[1:3]) == (values["stride1"],) * 2
    assert stdout.splitlines()[-1] == "3. without pooling, one value sees 9×9 input pixels"


def test_snippet_model_so_far_frames_both_poolings(tmp_path):
    stdout, files, values = run_snippet("snippets/04_maxpooling2d/model_so_far.py")
    assert stdout.splitlines() == ["      49×49×32  MaxPooling 2×2", "      23×23×64  MaxPooling 2×2"]
    assert values == {"layers": 2}
    assert set(files) == {"model_so_far.values.json", "04-maxpooling2d-model-so-far.ja.png",
                          "04-maxpooling2d-model-so-far.en.png"}


def test_snippet_write_average_pooling_answer_matches_keras_and_the_gradient_of_a_mean(tmp_path):
    """Exercise 4: AveragePooling2D by hand. The printed means are the 2 x 2 block means of the page's map
    (plain NumPy), the answer's functions agree with keras.layers.AveragePooling2D on other shapes, and its
    backward pass is the gradient of a mean: a quarter of the block's gradient in each of the 4 cells."""
    import keras
    stdout, _, values = run_snippet(rel := "snippets/04_maxpooling2d/write_average_pooling.py")
    means = SMALL.reshape(2, 2, 2, 2).mean(axis=(1, 3))
    lines = stdout.splitlines()
    assert lines[0] == "forward: the mean of each 2 x 2 block"
    assert "\n".join(lines[1:3]) == str(means)
    assert lines[3] == "same as Keras (1e-6): True"
    assert lines[4] == f"backward: largest difference from the numerical gradient {values['max_error']}" and len(lines) == 5
    assert values["top_left_mean"] == f"{means[0, 0]:g}" == f"{(0 + 3 + 2 + 5) / 4:g}"
    assert float(values["max_error"]) < 1e-8
    forward, backward = answer_function(rel, "avg_pool_forward"), answer_function(rel, "avg_pool_backward")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 6, 8, 3)).astype("float32")
    theirs = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(pool_size=(2, 2))(x))
    np.testing.assert_allclose(forward(x), theirs, atol=1e-6)
    g = rng.normal(size=theirs.shape)
    by_hand = np.stack([np.stack([np.kron(g[i, :, :, c], np.full((2, 2), 0.25)) for c in range(3)], axis=-1)
                        for i in range(2)])  # each block's gradient, a quarter in each cell
    np.testing.assert_allclose(backward(g), by_hand, atol=1e-12)
