"""Part 6, Flatten and Dense: the layers against Keras with the same weights, every snippet's printed
numbers against loops, plain NumPy, Keras or the parameter formulas, the figures, and the page's
highlighted lines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import answer_function, edited_source, instructed_edit, run_python
from figure_checks import count_colour, assert_labels_have_glyphs
from page_checks import code_blocks
from snippets_util import run_snippet

from cnn_blog.demos import flatten_dense as demos
from cnn_blog.figures import flatten_dense as figs
from cnn_blog.layers import Dense, Flatten

# The series' model, counted by hand: 100 -> Conv2D 'same' 100 -> Conv2D 98 -> pool 49 -> 'same' 49
# -> 47 -> pool 23; channels 3 -> 32 -> 32 -> 64 -> 64; Dense(512), Dense(6).
SIDE = ((100 - 2) // 2 - 2) // 2
FEATURES = SIDE * SIDE * 64
CONV = [(3, 32), (32, 32), (32, 64), (64, 64)]  # (channels in, filters) of the four Conv2D
PARAMS = [(3 * 3 * c_in + 1) * f for c_in, f in CONV] + [(FEATURES + 1) * 512, (512 + 1) * 6]
TOTAL = sum(PARAMS)



def test_the_series_numbers_of_the_design_notes():
    assert (SIDE, FEATURES, TOTAL) == (23, 33_856, 17_403_430)


# ------------------------------------------------------------------ the layers, as the page describes them


def test_flatten_order_is_row_then_column_then_channel_like_keras():
    import keras

    x = np.random.default_rng(0).normal(size=(2, 3, 4, 5))
    loops = np.array([[x[n, i, j, c] for i in range(3) for j in range(4) for c in range(5)] for n in range(2)])
    np.testing.assert_array_equal(Flatten().forward(x), loops)
    np.testing.assert_array_equal(Flatten().forward(x), keras.ops.convert_to_numpy(keras.layers.Flatten(dtype="float64")(x)))


@pytest.mark.parametrize("n_in, units", [(4, 3), (33, 7)])
def test_dense_is_x_at_w_plus_b_and_equals_keras_with_the_same_weights(n_in, units):
    import keras

    rng = np.random.default_rng(n_in)
    x, w, b = rng.normal(size=(5, n_in)), rng.normal(size=(n_in, units)), rng.normal(size=units)
    dense = Dense(units)
    dense.set_weights([w, b])
    sums = np.array([[sum(x[k, i] * w[i, j] for i in range(n_in)) + b[j] for j in range(units)] for k in range(5)])
    np.testing.assert_allclose(dense.forward(x), sums, rtol=1e-12)
    ref = keras.layers.Dense(units, dtype="float64")
    ref.build((None, n_in))
    ref.set_weights([w, b])
    np.testing.assert_allclose(dense.forward(x), keras.ops.convert_to_numpy(ref(x)), rtol=1e-12)
    assert ref.count_params() == n_in * units + units


# ---------------------------------------------------------------------------------- the page's snippets


def test_snippet_flatten_numpy_prints_the_row_1_to_18(tmp_path):
    stdout, _, _ = run_snippet("snippets/06_flatten_dense/flatten_numpy.py")
    x = np.arange(1.0, 19.0).reshape(1, 3, 3, 2)
    row = np.array([[x[0, i, j, c] for i in range(3) for j in range(3) for c in range(2)]])  # loops
    np.testing.assert_array_equal(row, np.arange(1.0, 19.0)[None])  # the page: "reads 1 to 18 in order"
    assert stdout == (
        f"channel 0:\n {x[0, :, :, 0]}\nchannel 1:\n {x[0, :, :, 1]}\n"
        f"Flatten().forward(x), shape (1, 18)\n{row}\nsame as keras.layers.Flatten(): True\n"
    )


def test_the_flatten_figure_draws_the_snippet_example():
    x, row = demos.flatten_example()
    np.testing.assert_array_equal(x, np.arange(1.0, 19.0).reshape(1, 3, 3, 2))
    np.testing.assert_array_equal(row, np.arange(1.0, 19.0)[None])
    fig = figs.make_flatten_stack("en", x, row)
    drawn = [float(t.get_text()) for t in fig.axes[0].texts if t.get_text().isdigit()]
    channels = [x[0, i, j, c] for c in range(2) for i in range(3) for j in range(3)]  # the two maps, row by row
    assert drawn == channels + row[0].tolist()  # the two 3 x 3 maps, then the row of 18


def test_the_flatten_figure_refuses_another_stack():
    with pytest.raises(ValueError, match=r"\(1, 3, 3, 2\)"):
        figs.make_flatten_stack("en", np.zeros((1, 2, 2, 2)), np.zeros((1, 8)))


def test_snippet_flatten_size_matches_the_size_formula(tmp_path):
    stdout, _, values = run_snippet("snippets/06_flatten_dense/flatten_size.py")
    assert stdout.splitlines() == [
        f"into Flatten:   (None, {SIDE}, {SIDE}, 64)",
        f"out of Flatten: (None, {FEATURES})",
        f"{SIDE} x {SIDE} x 64 = {FEATURES:,}",
    ]
    assert values == {"height": SIDE, "width": SIDE, "channels": 64, "features": f"{FEATURES:,}"}


def test_snippet_dense_numpy_matches_plain_sums_and_keras(tmp_path):
    import keras

    stdout, _, values = run_snippet("snippets/06_flatten_dense/dense_numpy.py")
    x = np.array([[1.0, 0.0, 2.0, 3.0]])
    w = np.array([[0.5, -1.0, 0.0], [2.0, 1.0, -0.5], [-1.0, 0.5, 1.0], [0.0, 2.0, 0.5]])
    b = np.array([0.1, -0.2, 0.3])
    out = np.array([[sum(x[0, i] * w[i, j] for i in range(4)) + b[j] for j in range(3)]])
    ref = keras.layers.Dense(3)
    ref.build((None, 4))
    ref.set_weights([w, b])
    keras_out = keras.ops.convert_to_numpy(ref(x))
    assert stdout.splitlines() == [
        f"Dense(3).forward(x) = {out}",
        f"unit 0 by hand: 1×(0.5) + 0×(2) + 2×(-1) + 3×(0) + 0.1 = {out[0, 0]:g}",
        f"keras.layers.Dense(3)(x) = {keras_out}",
        "same (float32 rounding aside): True",
        "parameters: 4 x 3 + 3 = 15, Keras counts 15",
    ]
    assert values == {"unit0": f"{out[0, 0]:g}"}


def test_snippet_parameter_counts_match_the_formulas(tmp_path):
    stdout, _, values = run_snippet("snippets/06_flatten_dense/parameter_counts.py")
    calls = ['Conv2D(32, (3, 3), padding="same")', "Conv2D(32, (3, 3))", 'Conv2D(64, (3, 3), padding="same")',
             "Conv2D(64, (3, 3))", "Dense(512)", "Dense(6)"]
    expected = [f"{call:36s}{count:>12,}  {count / TOTAL:7.2%}" for call, count in zip(calls, PARAMS)]
    expected += [f"{'all layers':36s}{TOTAL:>12,}",
                 f"Dense(512): {FEATURES:,} x 512 weights + 512 biases = {PARAMS[4]:,}"]
    assert stdout.splitlines() == expected
    assert values == {
        "total": "17,403,430",
        "dense512": f"{PARAMS[4]:,}",
        "dense512_rounded": {"ja": f"{round(PARAMS[4] / 1e4):,} 万", "en": f"{PARAMS[4] / 1e6:.1f} million"},
        "dense512_share": f"{PARAMS[4] / TOTAL:.1%}",
        "others": f"{TOTAL - PARAMS[4]:,}",
        "dense6": f"{PARAMS[5]:,}",
        "weights": f"{FEATURES * 512:,}",
    }
    assert PARAMS[4] / TOTAL > 0.99  # "most parameters live in Dense(512)"


def test_snippet_head_scores_equal_plain_numpy_on_keras_weights(tmp_path):
    """The six printed scores against x @ W + b written out here, on the same seeded Keras model."""
    import keras
    from skimage import data as photos
    from skimage import transform

    from cnn_blog.train import build_model, labels, set_seed

    stdout, _, _ = run_snippet("snippets/06_flatten_dense/head_scores.py")
    set_seed(0)
    model = build_model((100, 100, 3), len(labels))
    h = transform.resize(photos.chelsea(), (100, 100), anti_aliasing=True)[None].astype("float32")
    for layer in model.layers[: [type(layer).__name__ for layer in model.layers].index("Flatten")]:
        h = layer(h, training=False)
    (w1, b1), (w2, b2) = [layer.get_weights() for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    row = keras.ops.convert_to_numpy(h).reshape(1, -1).astype(np.float64)  # (1, 33856)
    scores = np.maximum(row @ w1 + b1, 0) @ w2 + b2  # (1, 6)
    lines = stdout.splitlines()
    assert len(lines) == len(labels) + 1 and lines[-1] == "NumPy == Keras (float32 rounding aside): True"
    for line, label, score in zip(lines, labels, scores[0]):
        name, _, ours, _, theirs = line.split()
        assert name == label
        assert abs(float(ours) - score) < 2e-4 and abs(float(theirs) - score) < 2e-4


def test_snippet_figures_writes_both_languages(tmp_path):
    stdout, files, _ = run_snippet("snippets/06_flatten_dense/flatten_dense_figures.py")
    assert stdout == ""
    assert set(files) == {f"06-flatten-dense-{name}.{lang}.svg" for name in ("flatten", "parameters")
                          for lang in ("ja", "en")}
    for path in files.values():
        assert path.stat().st_size < 300_000
    assert files["06-flatten-dense-parameters.ja.svg"].read_bytes() != files["06-flatten-dense-parameters.en.svg"].read_bytes()


def test_the_bar_chart_draws_the_real_model_counts():
    calls, counts = demos.series_parameter_counts()
    assert len(calls) == 18 and sum(counts) == TOTAL
    assert [count for count in counts if count] == PARAMS
    assert calls[counts.index(max(counts))] == "Dense(512)"
    bars = figs.make_parameter_counts("en", calls, counts).axes[0].patches
    assert [bar.get_width() for bar in bars] == counts


def test_layer_call_writes_each_layer_as_the_script_does():
    """Every line of build_model in cnn_blog/train.py, with the input's own line left out."""
    import keras

    from cnn_blog.train import build_model

    source = (ROOT / "cnn_blog" / "train.py").read_text(encoding="utf-8")
    lines = source.split("# --8<-- [start:model]")[1].split("# --8<-- [end:model]")[0]
    script = [line.strip()[len("model.add(layers."):-1] for line in lines.splitlines()
              if line.strip().startswith("model.add(layers.")]
    model = build_model((100, 100, 3), 6)
    calls = [demos.layer_call(layer) for layer in model.layers]
    assert calls == [call.replace("total_num", "6") for call in script]
    assert demos.layer_call(keras.layers.ReLU()) == "ReLU()"  # a kind the script does not use


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    assert_labels_have_glyphs(figs.make_flatten_stack(lang, *demos.flatten_example()), lang)
    calls, counts = ["Conv2D(4, (3, 3))", "Flatten()", "Dense(2)"], [40, 0, 2_000_002]
    assert_labels_have_glyphs(figs.make_parameter_counts(lang, calls, counts), lang)


# ------------------------------------------------------------------------------------------- the page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_flatten_dense_512_and_dense_total_num(site, lang):
    """The highlighted lines of the embedded script are exactly its Flatten and its two Dense lines."""
    lines, highlighted = code_blocks(site, "06-flatten-dense", lang)[0]  # the first code block is the script
    expected = [line for line in lines if "layers.Flatten(" in line or "layers.Dense(" in line]
    assert [line.strip() for line in expected] == [
        "model.add(layers.Flatten())", "model.add(layers.Dense(512))", "model.add(layers.Dense(total_num))"]
    assert highlighted == expected


# ------------------------------------------------------------- Dense on any rank, and Dense's backward


def test_snippet_dense_any_rank_keras_works_on_the_last_axis_ours_refuses(tmp_path):
    """Keras 3's Dense on (1, 23, 23, 64) gives (1, 23, 23, 512) from a (64, 512) kernel shared by every
    position; after Flatten the same Dense(512) would have FEATURES x 512 weights; our Dense refuses."""
    stdout, _, values = run_snippet("snippets/06_flatten_dense/dense_any_rank.py")
    lines = stdout.splitlines()
    assert lines[0] == "keras Dense(512): (1, 23, 23, 64) -> (1, 23, 23, 512)"
    assert lines[1] == f"kernel: (64, 512) + bias: (512,) = {64 * 512 + 512:,} parameters"
    assert lines[2] == "position (0, 0) only sees its own 64 values: True"
    assert lines[3].startswith("cnn_blog Dense: Dense expects x of shape (n, features), got (1, 23, 23, 64)")
    assert values == {"out_shape": "23×23×512", "params": f"{64 * 512 + 512:,}",
                      "flat_params": f"{PARAMS[4]:,}"}


def test_keras_dense_on_feature_maps_equals_a_per_position_matmul():
    """The page: each position's units come from that position's channels alone (a 1x1 convolution)."""
    import keras

    x = np.random.default_rng(1).normal(size=(2, 3, 4, 5)).astype("float32")
    dense = keras.layers.Dense(6)
    out = keras.ops.convert_to_numpy(dense(x))
    kernel, bias = dense.get_weights()  # (5, 6), (6,)
    loops = np.array([[[[x[n, i, j] @ kernel[:, u] + bias[u] for u in range(6)] for j in range(4)]
                       for i in range(3)] for n in range(2)])
    np.testing.assert_allclose(out, loops, atol=1e-5)


def test_snippet_dense_backward_matches_the_formulas_and_a_numerical_gradient(tmp_path):
    from numgrad import numerical_gradient

    stdout, _, values = run_snippet("snippets/06_flatten_dense/dense_backward.py")
    lines = stdout.splitlines()
    assert lines[:3] == ["dW == x.T @ dout: True (4, 3)", "db == dout.sum(axis=0): True (3,)",
                         "dx == dout @ W.T: True (2, 4)"]
    rng = np.random.default_rng(0)  # the snippet's draws, in its order
    x = rng.normal(size=(2, 4))
    W, b = rng.normal(size=(4, 3)), rng.normal(size=(3,))
    dout = rng.normal(size=(2, 3))
    dense = Dense(3)
    dense.set_weights([W.copy(), b.copy()])
    dense.forward(x)
    dx = dense.backward(dout)
    errors = {
        "dW": np.abs(dense.dkernel - numerical_gradient(lambda w: float(np.sum((x @ w + b) * dout)), W.copy())).max(),
        "db": np.abs(dense.dbias - numerical_gradient(lambda c: float(np.sum((x @ W + c) * dout)), b.copy())).max(),
        "dx": np.abs(dx - numerical_gradient(lambda a: float(np.sum((a @ W + b) * dout)), x.copy())).max(),
    }
    for name, line in zip(errors, lines[3:6]):
        reported = float(line.rsplit(" ", 1)[1])
        assert line.startswith(f"{name}: largest difference from the numerical gradient")
        assert reported < 1e-8 and errors[name] < 1e-8
    assert float(values["max_error"]) < 1e-8


def test_snippet_try_it_answers_match_keras(tmp_path):
    """Try it yourself: Dense(10) on the feature maps, a zero input, and 64 x 64 photos into Flatten,
    recomputed with Keras's own layers and by hand."""
    import keras

    from cnn_blog.train import build_model

    stdout, _, values = run_snippet("snippets/06_flatten_dense/try_it.py")
    dense = keras.layers.Dense(10)
    shape = tuple(dense(np.zeros((1, 23, 23, 64), dtype="float32")).shape)
    kernel, bias = (tuple(w.shape) for w in dense.weights)
    assert values["dense10_shape"] == str(shape) == "(1, 23, 23, 10)"
    assert (values["dense10_in"], values["dense10_units"]) == kernel and (values["dense10_bias"],) == bias
    assert values["dense10_params"] == dense.count_params() == 64 * 10 + 10
    zero = Dense(3)
    b = np.array([0.1, -0.2, 0.3])
    zero.set_weights([np.ones((4, 3)), b])
    np.testing.assert_array_equal(zero.forward(np.zeros((1, 4))), b[None])
    assert f"2. zeros in: {np.array([b])} | b: {b}" in stdout.splitlines()
    model = build_model((64, 64, 3), 6)
    kinds = [type(layer).__name__ for layer in model.layers]
    i = kinds.index("Flatten")
    sides = [64] + [int(layer.output.shape[1]) for layer, kind in zip(model.layers[:i], kinds) if kind in ("Conv2D", "MaxPooling2D")]
    sides = [side for j, side in enumerate(sides) if j == 0 or side != sides[j - 1]]
    assert values["sides_64"] == " → ".join(map(str, sides)) == "64 → 62 → 31 → 29 → 14"
    side = ((64 - 2) // 2 - 2) // 2  # by hand, as SIDE above
    assert values["flatten_64"] == " × ".join(map(str, model.layers[i - 1].output.shape[1:])) == f"{side} × {side} × 64"


def test_exercise_one_dense_10_runs_as_instructed_and_prints_the_answer(tmp_path):
    """Exercise 1 as the page words it (both languages ask for the same edit): dense_any_rank.py with
    Dense(10) runs to its end, and prints the shape and the parameters the answer states (try_it.py's)."""
    edits = {lang: instructed_edit("06-flatten-dense", lang, 1) for lang in ("ja", "en")}
    assert edits["ja"] == edits["en"] == (
        "snippets/06_flatten_dense/dense_any_rank.py", "keras.layers.Dense(512)", "keras.layers.Dense(10)")
    rel, old, new = edits["en"]
    source = edited_source((ROOT / rel).read_text(encoding="utf-8"), old, new)
    run = run_python(source, tmp_path / "run", Path(rel).name)
    assert run.returncode == 0, f"the edited {rel} raises:\n{run.stderr}"
    _, _, answer = run_snippet("snippets/06_flatten_dense/try_it.py")
    lines = run.stdout.splitlines()
    assert lines[0] == f"keras Dense({answer['dense10_units']}): (1, 23, 23, 64) -> {answer['dense10_shape']}"
    kernel, bias = (answer["dense10_in"], answer["dense10_units"]), (answer["dense10_bias"],)
    assert lines[1] == f"kernel: {kernel} + bias: {bias} = {answer['dense10_params']:,} parameters"
    assert lines[2] == "position (0, 0) only sees its own 64 values: True"
    assert lines[3].startswith("cnn_blog Dense: Dense expects x of shape (n, features), got (1, 23, 23, 64)")
    assert len(lines) == 4


def test_snippet_model_so_far_frames_this_parts_layers_in_both_languages(tmp_path):
    """The series' model by hand (100 -> 98 -> 49 -> 47 -> 23; 23 x 23 x 64 = 33,856 into Flatten): this part's
    layers, each with its output shape."""
    stdout, files, values = run_snippet("snippets/06_flatten_dense/model_so_far.py")
    by_hand = [('33,856', 'Flatten'), ('512', 'Dense 512'), ('6', 'Dense 6')]
    assert stdout.splitlines() == [f"{shape:>14}  {label}" for shape, label in by_hand]
    assert values == {"layers": 3}
    assert set(files) == {"model_so_far.values.json", "06-flatten-dense-model-so-far.ja.png", "06-flatten-dense-model-so-far.en.png"}
    assert count_colour(files["06-flatten-dense-model-so-far.en.png"], "#b2182b") > 500  # frames drawn


def test_snippet_write_dense_backward_answer_is_the_gradient_tensorflow_finds(tmp_path):
    """Exercise 4: Dense's backward pass on a rank-3 input, by hand. The snippet prints the gradients' shapes and
    that they agree with Dense.backward on the n * p rows and with a numerical gradient; the answer's function,
    on another layer, another rank-3 input and another loss, returns the gradients TensorFlow's automatic
    differentiation finds through keras.layers.Dense with the same weights (dW and db summed over batch and positions)."""
    import keras
    import tensorflow as tf
    stdout, _, values = run_snippet(rel := "snippets/06_flatten_dense/write_dense_backward.py")
    assert stdout.splitlines() == [
        "dW, db, dx: [(2, 4), (4,), (2, 3, 2)]",
        "same as Dense.backward on the n * p rows: True",
        f"dW, db, dx: largest difference from the numerical gradient {values['max_error']}",
    ]
    assert float(values["max_error"]) < 1e-8
    assert values["rows"] == 2 * 3
    dense_backward = answer_function(rel, "dense_backward")
    rng = np.random.default_rng(5)
    x, W, b = rng.normal(size=(4, 5, 3)), rng.normal(size=(3, 2)), rng.normal(size=(2,))
    layer = keras.layers.Dense(2, dtype="float64")
    layer.build((None, 5, 3))
    layer.set_weights([W, b])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt)
        loss = tf.reduce_sum(tf.sin(y))  # another loss: dL/dy = cos(y)
    dW, db, dx = tape.gradient(loss, [layer.kernel.value, layer.bias.value, xt])
    mine = dense_backward(x, W, np.cos(x @ W + b))
    for got, want in zip(mine, (dW, db, dx)):
        assert got.shape == tuple(want.shape)
        np.testing.assert_allclose(got, np.asarray(want), rtol=1e-10, atol=1e-12)
