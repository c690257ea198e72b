"""Part 2, Conv2D: every snippet's printed numbers against SciPy, Keras or the parameter formula, the
numbers drawn in the figures, and the page's highlighted lines."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import answer_function
from figure_checks import count_colour, assert_labels_have_glyphs
from page_checks import code_blocks
from scipy.signal import correlate2d
from snippets_util import run_snippet

from cnn_blog import data
from cnn_blog.demos import conv2d as demos
from cnn_blog.figures import conv2d as figs

# The example of the page, written out here rather than imported: the test pins what the page shows.
IMAGE = np.array([[0, 0, 1, 3, 2], [0, 1, 2, 3, 1], [0, 0, 1, 3, 0], [1, 0, 2, 3, 1], [0, 0, 1, 2, 0]])
KERNEL = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])



def test_the_page_example_is_the_one_in_the_demos_module():
    np.testing.assert_array_equal(demos.SMALL_IMAGE, IMAGE)
    np.testing.assert_array_equal(demos.SMALL_KERNEL, KERNEL)


@pytest.mark.parametrize("padding, mode", [("valid", "valid"), ("same", "same")])
def test_small_example_is_scipys_correlation_loop_by_loop_and_vectorized(padding, mode):
    x, kernel, naive, vectorized = demos.small_example(padding)
    expected = correlate2d(IMAGE, KERNEL, mode=mode, boundary="fill", fillvalue=0)
    np.testing.assert_array_equal(naive, expected)
    np.testing.assert_array_equal(vectorized, expected)


def test_snippet_one_position_multiplies_and_adds(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/one_position.py")
    window = IMAGE[1:4, 0:3]
    total = correlate2d(IMAGE, KERNEL, mode="valid")[1, 0]  # SciPy's answer at row 1, column 0
    assert stdout == f"window =\n {window}\nwindow * kernel =\n {window * KERNEL}\nsum = {total}\n"
    assert values == {"window_sum": int(total), "row": 1, "col": 0}
    assert total > 0  # the window's right side is brighter


def test_snippet_sliding_window_matches_scipy(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/sliding_window.py")
    expected = correlate2d(IMAGE, KERNEL, mode="valid")  # (3, 3)
    assert stdout == (
        f"conv2d_naive -> (1, 3, 3, 1)\n{expected}\n"
        "Conv2D.forward -> (1, 3, 3, 1)\nthe same numbers as conv2d_naive: True\n"
    )
    assert values == {"in_side": 5, "out_side": 5 - 3 + 1, "positions": 9, "top_right": int(expected[0, 2])}
    assert expected[0, 2] < 0  # the bar's right edge answers with a negative number


def test_snippet_padding_matches_scipy_zero_fill(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/padding.py")
    same = correlate2d(IMAGE, KERNEL, mode="same", boundary="fill", fillvalue=0).astype(float)
    assert stdout == f"zero padding: (5, 5) -> (7, 7)\npadding='same' -> (1, 5, 5, 1)\n{same}\n"
    assert values == {"padded_side": 7, "same_side": 5, "edge_right": f"{same[1, 4]:g}"}
    assert same[1, 4] < correlate2d(IMAGE, KERNEL, mode="valid").min()  # the zeros make a stronger false edge


def test_snippet_series_sizes_is_the_size_formula(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/series_sizes.py")
    valid = 100 - 3 + 1  # h - k_h + 1
    assert stdout == (
        "input                  (100, 100, 3)\n"
        "Conv2D 32, 'same'  ->  (100, 100, 32)\n"
        f"Conv2D 32, 'valid' ->  ({valid}, {valid}, 32)\n"
        f"'valid' by the formula: side - k + 1 = {valid}\n"
    )
    assert values == {"series_side": 100, "after_same": 100, "after_valid": valid, "filters": 32}
    from cnn_blog import train

    assert values["series_side"] == train.image_size  # the script's photos


def test_padding_sizes_agree_with_keras():
    import keras

    x = keras.Input(shape=(100, 100, 3))
    y1 = keras.layers.Conv2D(32, (3, 3), padding="same")(x)
    y2 = keras.layers.Conv2D(32, (3, 3))(y1)
    assert tuple(y1.shape[1:]) == (100, 100, 32) and tuple(y2.shape[1:]) == (98, 98, 32)


def test_snippet_conv2d_keras_agrees(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/conv2d_keras.py")
    shapes = "(1, 100, 100, 3) -> (1, 100, 100, 32) -> (1, 98, 98, 32)"
    lines = stdout.splitlines()
    assert lines[0] == f"Keras: {shapes}" and lines[1] == f"NumPy: {shapes}"
    assert lines[3] == "agree: True"
    assert lines[2] == f"largest difference: {values['max_difference']}"
    assert 0 <= float(values["max_difference"]) < 1e-5


def test_snippet_conv2d_params_is_the_formula_and_keras(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/conv2d_params.py")
    channels = [(3, 32), (32, 32), (32, 64), (64, 64)]  # (c_in, filters) of the series' four Conv2D
    expected = [3 * 3 * c_in * f + f for c_in, f in channels]
    assert expected == [896, 9248, 18496, 36928]
    lines = stdout.splitlines()
    assert lines == [
        f"Conv2D({f}, (3, 3)): 3·3·{c_in}·{f} + {f} = {p:>6,}   Keras count_params(): {p:>6,}"
        for (c_in, f), p in zip(channels, expected)
    ]
    total = 17_403_430  # the series' model on 100 x 100 x 3 and 6 classes (design notes)
    assert values == {"first_params": "896", "second_params": "9,248", "conv_params": f"{sum(expected):,}",
                      "model_params": f"{total:,}", "conv_share": f"{sum(expected) / total:.1%}"}


def test_snippet_edge_filters_match_scipy_on_the_photo(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/edge_filters.py")
    image = data.chelsea_gray()
    lines = stdout.splitlines()
    h, w = image.shape
    assert lines[0] == f"photo: {image.shape}  kernel: (3, 3, 1, 4)  feature maps: ({h - 2}, {w - 2}, 4)"
    for line, (name, kernel) in zip(lines[1:], demos.EDGE_FILTERS.items(), strict=True):
        fmap = correlate2d(image, kernel, mode="valid")
        assert line == f"{name:<10}  min {fmap.min():6.3f}  max {fmap.max():6.3f}"
    assert values == {"filters": 4, "photo_h": h, "photo_w": w, "map_h": h - 2, "map_w": w - 2}


def test_snippet_figures_writes_both_languages(tmp_path):
    stdout, files, _ = run_snippet("snippets/02_conv2d/conv2d_figures.py")
    assert stdout == ""
    assert set(files) == {f"02-conv2d-{name}.{lang}.{ext}" for lang in ("ja", "en")
                          for name, ext in (("sliding-window", "svg"), ("window-frames", "svg"),
                                            ("edge-filters", "png"))}
    for name, path in files.items():
        assert path.stat().st_size < 250_000, name
    for name in ("sliding-window.{}.svg", "window-frames.{}.svg", "edge-filters.{}.png"):
        assert files["02-conv2d-" + name.format("ja")].read_bytes() != files["02-conv2d-" + name.format("en")].read_bytes()


def numbers_in(ax) -> list[float]:
    """The numbers written in the cells of a grid axis, row by row."""
    return [float(t.get_text()) for t in ax.texts if t.get_text().lstrip("-").isdigit()]


def sliding_window_figure(lang="en"):
    x, kernel, _, out = demos.small_example()
    return figs.make_sliding_window(lang, x, kernel, out)


def window_frames_figure(lang="en", steps=(1, 2, 3, 4, 9)):
    x, _, _, out = demos.small_example()
    return figs.make_window_frames(lang, x, out, steps=steps)


def edge_filters_figure(lang="en"):
    return figs.make_edge_filters(lang, demos.EDGE_FILTERS, *demos.edge_feature_maps())


def test_the_numbers_in_the_sliding_window_figure_are_scipys():
    fig = sliding_window_figure()
    grid_in, grid_kernel, grid_out = fig.axes[:3]
    assert numbers_in(grid_in) == IMAGE.ravel().tolist()
    assert numbers_in(grid_kernel) == KERNEL.ravel().tolist()
    valid = correlate2d(IMAGE, KERNEL, mode="valid")
    assert numbers_in(grid_out) == valid.ravel().tolist()
    titles = [ax.get_title() for ax in (grid_in, grid_kernel, grid_out)]
    sizes = [f"{a.shape[0]}×{a.shape[1]}" for a in (IMAGE, KERNEL, valid)]
    assert titles == [f"input ({sizes[0]})", f"filter ({sizes[1]})", f"output ({sizes[2]})"]


def test_the_frames_fill_the_output_in_reading_order():
    fig = window_frames_figure(steps=(1, 2, 3, 4, 9))
    expected = correlate2d(IMAGE, KERNEL, mode="valid").ravel().tolist()
    outputs = fig.axes[5:]  # the bottom row
    assert [numbers_in(ax) for ax in outputs] == [expected[:k] for k in (1, 2, 3, 4, 9)]


def test_edge_feature_maps_match_scipy():
    image, kernel, maps = demos.edge_feature_maps()
    np.testing.assert_array_equal(image, data.chelsea_gray())
    assert kernel.shape == (3, 3, 1, 4)
    for k, f in enumerate(demos.EDGE_FILTERS.values()):
        np.testing.assert_allclose(maps[:, :, k], correlate2d(image, f, mode="valid"), atol=1e-12)


@pytest.mark.parametrize("bad", [np.zeros(9), np.zeros((2, 9)), np.zeros((5, 5, 3))])
def test_edge_feature_maps_refuse_what_is_not_a_gray_image(bad):
    with pytest.raises(ValueError, match="gray"):
        demos.edge_feature_maps(bad)


@pytest.mark.parametrize("make", [sliding_window_figure, window_frames_figure, edge_filters_figure])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(make, lang):
    assert_labels_have_glyphs(make(lang), lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_every_conv2d_line(site, lang):
    """The highlighted lines of the embedded model are exactly its four Conv2D lines."""
    lines, highlighted = code_blocks(site, "02-conv2d", lang)[0]  # the first code block is the model
    conv = [line for line in lines if "Conv2D(" in line]
    assert len(conv) == 4 and 'padding="same"' in conv[0]
    assert highlighted == conv


# ------------------------------------------------------------------ the whole model, this part's layers framed


def series_layers():
    """The series' model written out by hand: (output shape, layer label) per layer, in order."""
    rows, side = [], 100
    for filters in (32, 64):
        rows += [((side, side, filters), f"Conv2D {filters} 3×3 same"), ((side, side, filters), "ReLU")]
        side -= 2
        rows += [((side, side, filters), f"Conv2D {filters} 3×3"), ((side, side, filters), "ReLU")]
        side //= 2
        rows += [((side, side, filters), "MaxPooling 2×2"), ((side, side, filters), "Dropout 0.25")]
    rows += [((side * side * 64,), "Flatten"), ((512,), "Dense 512"), ((512,), "ReLU"), ((512,), "Dropout 0.5"),
             ((6,), "Dense 6"), ((6,), "softmax")]
    return rows


def test_snippet_model_so_far_lists_the_conv2d_layers_and_draws_both_languages(tmp_path):
    stdout, files, values = run_snippet("snippets/02_conv2d/model_so_far.py")
    conv = [(shape, label) for shape, label in series_layers() if label.startswith("Conv2D")]
    assert stdout.splitlines() == [f"{'×'.join(map(str, shape)):>14}  {label}" for shape, label in conv]
    assert values == {"layers": 4}
    assert set(files) == {"model_so_far.values.json", "02-conv2d-model-so-far.ja.png", "02-conv2d-model-so-far.en.png"}
    assert count_colour(files["02-conv2d-model-so-far.en.png"], "#b2182b") > 500  # the highlight frames are drawn


@pytest.mark.parametrize("kinds, expected", [(["Conv2D"], 4), (["ReLU"], 5), (["MaxPooling"], 2), (["Dropout"], 3),
                                             (["Flatten", "Dense"], 3), (["softmax"], 1)])
def test_highlight_layers_marks_exactly_the_parts_layers(kinds, expected):
    from cnn_blog.demos.overview import PART_LAYERS, highlight_layers, model_stages
    from cnn_blog.train import build_model

    stages = model_stages(build_model((100, 100, 3), 6))
    marks = highlight_layers(stages, kinds)
    marked = [label for (labels, _), m in zip(stages, marks) for label, on in zip(labels, m) if on]
    by_hand = [label for _, label in series_layers() if label.split()[0] in kinds]
    assert marked == by_hand and len(marked) == expected
    assert tuple(kinds) in PART_LAYERS.values()


@pytest.mark.parametrize("kinds", [[], [""], ["Conv3D"]])
def test_highlight_layers_refuses_names_that_mark_nothing(kinds):
    from cnn_blog.demos.overview import highlight_layers

    with pytest.raises(ValueError):
        highlight_layers([(["input"], (8, 8, 3)), (["Conv2D 4 3×3", "ReLU"], (6, 6, 4))], kinds)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_model_so_far_figure_frames_the_marked_labels_only(lang):
    from matplotlib.colors import to_hex

    from cnn_blog.figures import overview

    stages = [(["input"], (8, 8, 3)), (["Conv2D 4 3×3 same", "ReLU"], (8, 8, 4)), (["Flatten"], (256,)),
              (["Dense 2", "softmax"], (2,))]
    marks = [[False], [False, True], [False], [False, False]]
    fig = overview.make_model_diagram(lang, stages, 2, 1234, highlight=marks)
    joined = assert_labels_have_glyphs(fig, lang)
    assert "ReLU" in joined
    framed = [t.get_text() for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    assert framed == ["ReLU"]
    assert to_hex(fig.axes[0].texts[framed and [t.get_text() for t in fig.axes[0].texts].index("ReLU")].get_color()) == "#b2182b"
    with pytest.raises(ValueError):
        overview.make_model_diagram(lang, stages, 2, 1234, highlight=[[True]])


# ------------------------------------------------------------------ cross-correlation, backpropagation, exercises


def test_snippet_cross_correlation_keras_is_scipys_correlation_not_its_convolution(tmp_path):
    from scipy.signal import convolve2d

    stdout, _, values = run_snippet("snippets/02_conv2d/cross_correlation.py")
    correlation = correlate2d(IMAGE, KERNEL, mode="valid").astype(np.float32)
    convolution = convolve2d(IMAGE, KERNEL, mode="valid")  # the textbook convolution turns the kernel around
    assert not np.array_equal(correlation, convolution)  # on this example the two differ
    assert stdout == (f"Keras Conv2D:\n {correlation}\n"
                      "equals the kernel as it is (cross-correlation): True\n"
                      "equals the kernel turned 180 degrees (convolution in the textbook sense): False\n")
    assert values == {"as_is": True, "turned": False, "turned_top_right": f"{convolution[0, 2]:g}"}


def test_hand_made_filters_share_one_sign_convention():
    """Parts 2 and 3: positive where the image grows brighter to the right (or downwards)."""
    from cnn_blog.demos.relu import EDGE_KERNEL

    ramp_right = np.tile(np.arange(5.0), (5, 1))  # brighter to the right
    ramp_down = ramp_right.T
    for kernel in (KERNEL, demos.EDGE_FILTERS["vertical"], EDGE_KERNEL):
        assert (correlate2d(ramp_right, kernel, mode="valid") > 0).all()
    assert (correlate2d(ramp_down, demos.EDGE_FILTERS["horizontal"], mode="valid") > 0).all()
    assert (correlate2d(ramp_right + ramp_down, demos.EDGE_FILTERS["diagonal"], mode="valid") > 0).all()
    textbook_sobel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])  # written for a convolution that turns it
    np.testing.assert_array_equal(textbook_sobel[::-1, ::-1], EDGE_KERNEL)


def test_snippet_backprop_shapes_and_gradient_match_an_independent_computation(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/backprop.py")
    g = np.random.default_rng(0).normal(size=(1, 3, 3, 1))[0, :, :, 0]
    # dL/dx for L = sum(correlate(x, K) * g) is the full convolution of g with K (SciPy, not cnn_blog)
    from scipy.signal import convolve2d

    dx = convolve2d(g, KERNEL, mode="full")  # (5, 5)
    lines = stdout.splitlines()
    assert lines[0] == "x (1, 5, 5, 1) -> forward -> out (1, 3, 3, 1)"
    assert lines[1] == "dout (1, 3, 3, 1) -> backward -> dx (1, 5, 5, 1)  dkernel (3, 3, 1, 1)  dbias (1,)"
    expected = f"{dx[2, 2]:.6f}"
    assert lines[2] == f"dL/dx at (2, 2): backward {expected}, numerical {expected}, chain rule {expected}"
    assert values == {"backward": expected, "numerical": expected, "row": 2, "col": 2}


def test_snippet_try_it_answers_follow_the_output_size_rule(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/try_it.py")
    flipped = correlate2d(IMAGE, -KERNEL, mode="valid")
    assert values["flipped_top_right"] == f"{flipped[0, 2]:g}" and flipped[0, 2] > 0
    assert values["flipped_max"] == f"{flipped.max():g}"
    assert (values["mnist_same"], values["mnist_valid"]) == (28, 28 - 3 + 1)
    assert values["stride_valid"] == (100 - 3) // 2 + 1 and values["stride_same"] == -(-100 // 2)
    assert "2. 28 x 28 x 1 -> (28, 28, 32) -> (26, 26, 32)" in stdout.splitlines()
    import keras

    for padding, side in (("valid", values["stride_valid"]), ("same", values["stride_same"])):
        y = keras.layers.Conv2D(32, (3, 3), strides=2, padding=padding)(keras.Input(shape=(100, 100, 3)))
        assert tuple(y.shape[1:]) == (side, side, 32)


# ------------------------------------------------------------------ 'same' padding and the cells of every window


def keras_window_rows(h: int, kh: int, sh: int, padding: str) -> list[list[str]]:
    """The input rows each window of Keras's convolution reads along one axis ("-" for a row of zeros),
    found by running Keras, not cnn_blog: filter a has a single 1 at row a of the window, and input row r
    holds r + 1, so output (y, a) is the number of the row that window y reads at its row a, or 0."""
    import keras

    x = np.arange(1, h + 1, dtype="float32").reshape(1, h, 1, 1)  # (n, h, w, c_in)
    kernel = np.zeros((kh, 1, 1, kh), dtype="float32")  # (kh, kw, c_in, filters)
    for a in range(kh):
        kernel[a, 0, 0, a] = 1
    out = np.asarray(keras.ops.conv(x, kernel, strides=(sh, 1), padding=padding))[0, :, 0, :]  # (h_out, kh)
    return [["-" if v == 0 else str(int(v) - 1) for v in window] for window in out]


def keras_split(h: int, kh: int, sh: int, padding: str) -> tuple[int, int, int]:
    """(top, bottom, h_out) of Keras's padding: zero rows before the first window's first input row and
    after the last window's last one."""
    windows = keras_window_rows(h, kh, sh, padding)
    first, last = windows[0], windows[-1]
    top = next(k for k, r in enumerate(first) if r != "-")
    bottom = len(last) - 1 - max(k for k, r in enumerate(last) if r != "-")
    return top, bottom, len(windows)


def test_snippet_same_padding_is_the_split_keras_makes(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/same_padding.py")
    lines = ["h  kh  sh  padding  (top, bottom)  h_out  input rows each window reads (- is a row of zeros)"]
    splits = {}
    for h, kh, sh in [(5, 3, 1), (5, 3, 2), (6, 3, 2), (5, 4, 1)]:
        for padding in ("valid", "same"):
            windows = keras_window_rows(h, kh, sh, padding)
            top, bottom, h_out = splits[h, kh, sh, padding] = keras_split(h, kh, sh, padding)
            shown = " ".join("[" + " ".join(w) + "]" for w in windows)
            lines.append(f"{h}  {kh:>2}  {sh:>2}  {padding!r:<8} {(top, bottom)!s:<14} {h_out:>5}  {shown}")
    assert stdout.splitlines() == lines
    top, bottom, h_out = splits[6, 3, 2, "same"]
    assert (top, bottom) == (0, 1)  # the page's point: an odd total puts the extra row at the bottom
    assert splits[5, 4, 1, "same"][:2] == (1, 2)
    last = keras_window_rows(6, 3, 2, "same")[-1]
    assert values == {
        "odd_h": 6, "odd_kh": 3, "odd_sh": 2, "odd_out": h_out,
        "odd_last_start": int(last[0]), "odd_total": top + bottom, "odd_top": top, "odd_bottom": bottom,
        "odd_valid_out": splits[6, 3, 2, "valid"][2], "odd_last_row": 6 - 1,
        "four_kh": 4, "four_total": 4 - 1,  # stride 1, 'same': kh - 1 rows of zeros, odd for an even kh
        "four_top": splits[5, 4, 1, "same"][0], "four_bottom": splits[5, 4, 1, "same"][1],
        "ceil_h": 5, "ceil_sh": 2, "ceil_floor": math.floor(-5 / 2), "ceil_out": splits[5, 3, 2, "same"][2],
    }
    assert sum(splits[5, 4, 1, "same"][:2]) == values["four_total"]
    assert values["ceil_out"] == math.ceil(5 / 2)  # the page: -(-size // s) is ceil(size / s)
    # with 'valid', the page says the input's last row is read by no window
    assert str(values["odd_last_row"]) not in sum(keras_window_rows(6, 3, 2, "valid"), [])


def test_snippet_window_cells_takes_one_cell_of_every_window(tmp_path):
    import keras

    stdout, _, values = run_snippet("snippets/02_conv2d/window_cells.py")
    top, bottom, side = keras_split(5, 3, 2, "same")  # Keras's padding of this example, per axis
    grid = np.arange(1, 26).reshape(5, 5)
    xp = np.pad(grid, (top, bottom))  # (7, 7)
    # cell (i, j) of every window, window by window: window (y, x0) starts at row 2y, column 2x0
    picked = {(i, j): np.array([[xp[2 * y : 2 * y + 3, 2 * x0 : 2 * x0 + 3][i, j] for x0 in range(side)]
                                for y in range(side)]) for i, j in [(0, 0), (1, 1)]}
    forward = correlate2d(xp, KERNEL, mode="valid")[::2, ::2].astype(float)  # every window, then every 2nd
    by_keras = keras.ops.conv(grid.reshape(1, 5, 5, 1).astype("float32"), KERNEL.reshape(3, 3, 1, 1).astype("float32"),
                              strides=2, padding="same")
    np.testing.assert_array_equal(np.asarray(by_keras)[0, :, :, 0], forward)
    lines = stdout.splitlines()
    spans = {}
    for k, (i, j) in enumerate([(0, 0), (1, 1)]):
        header = lines[8 + 4 * k]
        prefix = f"cell ({i}, {j}) of every window: rows "
        assert header.startswith(prefix)
        rows_text, cols_text = header[len(prefix):].split(", columns ")
        assert rows_text == cols_text
        start, stop, step = map(int, rows_text.split(":"))
        # the printed slice takes exactly row i of every window, one row per window
        assert list(range(len(xp)))[start:stop:step] == [2 * y + i for y in range(side)]
        spans[i] = (rows_text, stop)
    assert stdout == (
        f"padding (({top}, {bottom}), ({top}, {bottom})) -> padded input {xp.shape} -> output {(side, side)}\n"
        f"{xp}\n"
        f"cell (0, 0) of every window: rows {spans[0][0]}, columns {spans[0][0]}\n{picked[0, 0]}\n"
        f"cell (1, 1) of every window: rows {spans[1][0]}, columns {spans[1][0]}\n{picked[1, 1]}\n"
        f"sum of 9 slices:\n{forward}\nthe same as conv2d_naive: True\n"
    )
    assert (picked[1, 1] == grid[::2, ::2]).all()  # the page: the centres are every other cell of the input
    centres = [str(v) for v in picked[1, 1][0]]
    rows00 = [str(2 * y) for y in range(side)]  # row 0 of every window: padded rows 0, 2, ...
    assert values == {
        "padded_side": len(xp), "out_side": side, "windows": side * side,
        "cell00_rows": spans[0][0], "cell11_rows": spans[1][0],
        "cell00_stop": spans[0][1], "stride": 2,
        "cell00_row_list": {"ja": "、".join(rows00), "en": ", ".join(rows00[:-1]) + " and " + rows00[-1]},
        "centres": {"ja": "、".join(centres), "en": ", ".join(centres)}, "slices": 9,
    }
    assert len(rows00) == side  # the page: one row per row of windows, one value per window


@pytest.mark.parametrize("hw, kernel_size", [((7, 6), (3, 3)), ((8, 8), (3, 3)), ((9, 7), (3, 2))])
def test_forward_as_a_sum_of_window_cell_slices_is_conv2d_naive(hw, kernel_size):
    """The page's formula: stride 2, 'same', the output as kh x kw slices of the padded input, each
    times its (c_in, filters) weights, plus the bias."""
    from cnn_blog.layers import _window_cells, _window_padding, conv2d_naive

    rng = np.random.default_rng(2)
    (kh, kw), strides = kernel_size, (2, 2)
    x = rng.normal(size=(2, *hw, 3))
    kernel, bias = rng.normal(size=(kh, kw, 3, 4)), rng.normal(size=4)
    (pad_h, pad_w), out_hw = _window_padding(hw, kernel_size, strides, "same", "kernel_size")
    xp = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))
    out = bias + sum(xp[_window_cells(i, j, out_hw, strides)] @ kernel[i, j] for i in range(kh) for j in range(kw))
    naive = conv2d_naive(x, kernel, bias, strides=strides, padding="same")
    assert out.shape == naive.shape == (2, -(-hw[0] // 2), -(-hw[1] // 2), 4)
    np.testing.assert_allclose(out, naive, rtol=1e-12, atol=1e-12)


def test_snippet_window_cells_backward_counts_the_windows_that_read_each_cell(tmp_path):
    stdout, _, values = run_snippet("snippets/02_conv2d/window_cells_backward.py")
    top, bottom, side = keras_split(5, 3, 2, "same")
    size = top + 5 + bottom
    counts = np.zeros((size, size))
    for y in range(side):  # window by window: every cell it reads gets one more
        for x0 in range(side):
            counts[2 * y : 2 * y + 3, 2 * x0 : 2 * x0 + 3] += 1
    assert stdout == (f"windows that read each cell of the padded input:\n{counts}\n"
                      "Conv2D.backward gives the same, padding cut off: True\n")
    row_reads = [sum(2 * y <= r < 2 * y + 3 for y in range(side)) for r in range(size)]
    shared = [str(r) for r, reads in enumerate(row_reads) if reads > 1]
    assert shared == ["2", "4"]
    assert values == {"shared_rows": {"ja": " と".join(f"行 {r}" for r in shared), "en": " and ".join(shared)},
                      "most_reads": int(counts.max())}


def test_snippet_write_stride_answer_pads_unevenly_as_keras_and_samples_every_sh_rows(tmp_path):
    """Exercise 4: the reader's loop for padding="same" with a stride. The printed padded image has the split the
    page explains (odd total: the extra row at the bottom), the printed output is SciPy's stride-1 correlation of
    that padded image sampled every sh rows and sw columns, and the values the answer states follow from the rule;
    the function itself agrees with Keras's strided 'same' convolution on other images, filters and strides."""
    import keras

    stdout, _, values = run_snippet("snippets/02_conv2d/write_stride.py")
    image = np.arange(1, 31).reshape(6, 5)
    sh, sw = 2, 2
    h_out, w_out = math.ceil(6 / sh), math.ceil(5 / sw)
    pad_h, pad_w = (h_out - 1) * sh + 3 - 6, (w_out - 1) * sw + 3 - 5
    assert (pad_h, pad_w) == (1, 2)  # uneven down the height, even across the width
    padded = np.pad(image, ((0, 1), (1, 1)))  # the odd row of zeros goes at the bottom, as Keras puts it
    expected = correlate2d(padded, KERNEL, mode="valid")[::sh, ::sw]
    assert expected.shape == (h_out, w_out) == (3, 3)
    assert stdout == (f"strides ({sh}, {sw}), padding='same': (6, 5) -> (3, 3)\npadded image:\n{padded}\n"
                      f"output:\n{expected}\nsame as conv2d_naive: True\nsame as keras.layers.Conv2D (1e-4): True\n")
    assert values == {"sh": 2, "sw": 2, "h_out": 3, "w_out": 3, "h_span": 7, "w_span": 7, "pad_h": 1, "pad_w": 2,
                      "top": 0, "bottom": 1, "left": 1, "right": 1}
    conv_same = answer_function("snippets/02_conv2d/write_stride.py", "conv_same")
    assert conv_same(image, KERNEL, sh, sw)[0].dtype == np.result_type(image, KERNEL)  # whole numbers stay whole
    rng = np.random.default_rng(0)
    for h, w, kh, kw, sh, sw in [(7, 9, 3, 2, 2, 3), (8, 8, 3, 3, 3, 1), (6, 5, 4, 4, 2, 2), (5, 5, 1, 1, 2, 2)]:
        image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
        theirs = keras.ops.convert_to_numpy(keras.ops.conv(
            image.reshape(1, h, w, 1).astype("float32"), kernel.reshape(kh, kw, 1, 1).astype("float32"),
            strides=(sh, sw), padding="same"))[0, :, :, 0]
        mine, padded = conv_same(image, kernel, sh, sw)
        assert mine.shape == theirs.shape == (math.ceil(h / sh), math.ceil(w / sw))
        np.testing.assert_allclose(mine, theirs, atol=1e-5)
