"""Part 13, the whole model in NumPy: what every snippet prints, checked against Keras and formulas.

- summary.py: each layer's output shape and parameters, and the totals, against the Keras model
  that ``cnn_blog.train.build_model`` builds (889,834 and 17,403,430 parameters).
- chain.py: the loss and the gradient that comes back through every layer, against Keras
  (``tf.GradientTape``) with the same weights in float64.
- keras_vs_numpy.py: the Keras side of the side-by-side training, trained again here in this
  process with the same seed and batches (the run is deterministic, so the printed numbers must
  come out exactly); the NumPy side against formulas and bounds; the prediction check recomputed.
"""

from __future__ import annotations

import contextlib
import math
import re

import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import run_python, shown
from figure_checks import assert_labels_have_glyphs  # noqa: E402
from snippets_util import run_snippet
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.figures import numpy_model as figures


@contextlib.contextmanager
def keras_float64():
    """Keras layers built inside this block compute in float64; the defaults come back after."""
    import keras

    floatx, policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(floatx)
        keras.config.set_dtype_policy(policy)


def keras_layer_name(layer) -> str:
    """Keras's layer as the NumPy model names it: Activation("relu") -> ReLU, ... -> Softmax."""
    name = type(layer).__name__
    if name == "Activation":
        return {"relu": "ReLU", "softmax": "Softmax"}[layer.get_config()["activation"]]
    return name


# ------------------------------------------------------------------------------ summary.py


def test_summary_rows_and_totals_equal_the_keras_model_of_the_script(tmp_path):
    from cnn_blog.train import build_model

    stdout, _, values = run_snippet("snippets/13_numpy_model/summary.py")
    small, big = build_model((28, 28, 1), 10), build_model((100, 100, 3), 6)
    assert small.count_params() == 889_834 and big.count_params() == 17_403_430
    lines = stdout.splitlines()
    assert lines[0].split() == ["input", "(28,", "28,", "1),", "10", "classes", "input", "(100,", "100,", "3),",
                                "6", "classes"]
    rows = lines[1:-1]
    assert len(rows) == len(small.layers) == len(big.layers) == 18
    for number, (line, a, b) in enumerate(zip(rows, small.layers, big.layers), 1):
        expected = [str(number), keras_layer_name(a), str(tuple(a.output.shape)), f"{a.count_params():,}",
                    str(tuple(b.output.shape)), f"{b.count_params():,}"]
        assert re.split(r"\s{2,}", line.strip()) == expected, line
    assert lines[-1].split() == ["total", "889,834", "total", "17,403,430"]
    flatten = [layer for layer in big.layers if type(layer).__name__ == "Flatten"][0]
    assert values == {
        "layers": len(small.layers),
        "weight_arrays": len(small.get_weights()),
        "mnist_params": "889,834",
        "series_params": "17,403,430",
        "mnist_flatten": f"{5 * 5 * 64:,}",
        "series_flatten": f"{23 * 23 * 64:,}",
        "series_dense_share": f"{(23 * 23 * 64 + 1) * 512 / 17_403_430:.1%}",
        "exercise_flatten": f"{14 * 14 * 64:,}",  # 64 -> 62 -> 31 -> 29 -> 14
        "exercise_params": f"{build_model((64, 64, 3), 6).count_params():,}",
    }
    assert flatten.output.shape[1] == 33_856


# ------------------------------------------------------------------------------ chain.py


def test_chain_prints_every_shape_and_the_keras_loss_and_gradient(tmp_path):
    import keras
    import tensorflow as tf

    from cnn_blog.data import load_mnist_5k
    from cnn_blog.numpy_model import series_model
    from cnn_blog.train import build_model

    stdout, files, values = run_snippet("snippets/13_numpy_model/chain.py")
    assert set(files) == {"chain.check.out.txt", "chain.values.json"}
    lines = stdout.splitlines() + files["chain.check.out.txt"].read_text(encoding="utf-8").splitlines()
    assert len(stdout.splitlines()) == 35
    forward, backward = lines[:17], lines[18:35]

    with keras_float64():
        ref = build_model((28, 28, 1), 10)
    weights = series_model((28, 28, 1), 10, dtype=np.float64, seed=0).get_weights()  # the snippet's model
    ref.set_weights(weights)
    # shapes: each Keras layer's input and output shape, batch of 2, Softmax left to the loss
    shown = [(keras_layer_name(layer), (2, *layer.input.shape[1:]), (2, *layer.output.shape[1:]))
             for layer in ref.layers[:-1]]
    assert [line.split(None, 2)[:2] for line in forward] == [["forward", name] for name, _, _ in shown]
    assert [re.sub(r"\s+->", " ->", line.split(None, 2)[2]) for line in forward] == \
           [f"{i} -> {o}" for _, i, o in shown]
    assert [re.sub(r"\s+->", " ->", line.split(None, 2)[2]) for line in backward] == \
           [f"{o} -> {i}" for _, i, o in reversed(shown)]
    assert [line.split(None, 2)[1] for line in backward] == [name for name, _, _ in reversed(shown)]

    # loss and gradient: Keras in float64, cross-entropy from its formula, the gradient by GradientTape
    x_train, _, y_train, _ = load_mnist_5k(test_size=0.2, seed=0)
    x, t = x_train[:2].astype(np.float64), np.eye(10)[y_train[:2]]
    conv_kernel = ref.layers[0].kernel
    with tf.GradientTape() as tape:
        p = ref(x, training=False)
        loss = -tf.reduce_mean(tf.reduce_sum(t * tf.math.log(p), axis=1))
    grad = keras.ops.convert_to_numpy(tape.gradient(loss, conv_kernel))
    index = np.unravel_index(np.abs(grad).argmax(), grad.shape)
    assert lines[17] == f"loss {float(loss):.6f}"
    assert lines[35] == f"d loss / d kernel{tuple(int(i) for i in index)} of the first Conv2D:"
    assert lines[36].split() == ["backward", f"{grad[index]:.6f}"]
    assert lines[37].split() == ["numerical", f"{grad[index]:.6f}"]
    assert abs(float(loss) - math.log(10)) < 0.1  # an untrained model: about 1/10 for every digit
    coarse = []  # the exercise: the centred difference with h = 0.1, from Keras's forward pass
    kernel = keras.ops.convert_to_numpy(conv_kernel).copy()
    for sign in (1, -1):
        nudged = kernel.copy()
        nudged[index] += sign * 0.1
        conv_kernel.assign(nudged)
        p = keras.ops.convert_to_numpy(ref(x, training=False))
        coarse.append(-np.mean(np.sum(t * np.log(p), axis=1)))
    conv_kernel.assign(kernel)
    numerical_coarse = (coarse[0] - coarse[1]) / 0.2
    assert abs(numerical_coarse - grad[index]) > 1e-6  # the page: h = 0.1 no longer agrees to the 6th decimal
    assert values == {"loss": f"{float(loss):.6f}", "log10": f"{math.log(10):.3f}", "gradient": f"{grad[index]:.6f}",
                      "steps": len(shown), "numerical_coarse": f"{numerical_coarse:.6f}"}
    assert len(lines) == 38


# ------------------------------------------------------------------------------ keras_vs_numpy.py


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory):
    """The snippet's outputs, and the Keras side trained again here: same seed, data and batches."""
    import keras

    from cnn_blog import train
    from cnn_blog.data import load_mnist_5k

    stdout, files, values = run_snippet("snippets/13_numpy_model/keras_vs_numpy.py")
    train.set_seed(0)
    x_train, x_test, y_train, y_test = load_mnist_5k(test_size=0.2, seed=0)
    model = train.build_model((28, 28, 1), 10)
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(), metrics=["accuracy"])
    initial = model.get_weights()
    order = np.random.default_rng(0).permutation(4000)
    t_train = np.eye(10, dtype=np.float32)[y_train]
    def keras_step(b):
        model.reset_metrics()  # the batch's own pair in every Keras version (keras-team/keras#22617)
        return [float(v) for v in model.train_on_batch(x_train[b], t_train[b])]

    keras_steps = [keras_step(order[i * 32:(i + 1) * 32]) for i in range(125)]
    test = model.evaluate(x_test, np.eye(10, dtype=np.float32)[y_test], verbose=0)
    outputs = {name.split(".")[1]: path.read_text(encoding="utf-8")
               for name, path in files.items() if name.endswith(".out.txt")}
    return dict(stdout=stdout, files=files, values=values, outputs=outputs, model=model, initial=initial,
                keras_steps=keras_steps, keras_test=test, x_train=x_train, x_test=x_test, y_test=y_test)


def test_side_by_side_start_has_the_same_parameters(side_by_side):
    assert side_by_side["stdout"] == ""
    assert side_by_side["outputs"]["start"] == (
        f"training images {len(side_by_side['x_train']):,}, test images {len(side_by_side['x_test']):,}\n"
        f"parameters: Keras {side_by_side['model'].count_params():,}, NumPy {side_by_side['model'].count_params():,}\n"
    )


def test_side_by_side_training_keras_column_is_keras_and_numpy_learns_as_fast(side_by_side):
    lines = side_by_side["outputs"]["train"].splitlines()
    assert lines[0] == "step  loss: Keras  NumPy   accuracy: Keras  NumPy"
    steps = side_by_side["keras_steps"]
    numpy_rows = []
    for line, i in zip(lines[1:7], (0, 24, 49, 74, 99, 124)):
        step, k_loss, n_loss, k_acc, n_acc = line.split()
        assert (int(step), k_loss, k_acc) == (i + 1, f"{steps[i][0]:.3f}", f"{steps[i][1]:.3f}")
        numpy_rows.append((float(n_loss), float(n_acc)))
        assert float(n_acc) * 32 == pytest.approx(round(float(n_acc) * 32), abs=0.02)  # k of 32 images
    # the same starting weights: before any update both lose about log(10) on the first batch
    assert abs(numpy_rows[0][0] - math.log(10)) < 0.1 and abs(numpy_rows[0][0] - steps[0][0]) < 0.1
    assert numpy_rows[-1][0] < 0.5 and numpy_rows[-1][1] >= 0.8
    k_test, n_test = lines[7], lines[8]
    keras_loss, keras_accuracy = side_by_side["keras_test"]
    assert k_test == f"test data: Keras loss {keras_loss:.3f}, accuracy {keras_accuracy:.1%}"
    match = re.fullmatch(r" +NumPy loss (\d\.\d{3}), accuracy (\d+\.\d)%", n_test)
    assert match, n_test
    assert float(match[2]) >= 90 and abs(float(match[2]) - 100 * keras_accuracy) < 3
    assert abs(float(match[1]) - keras_loss) < 0.1
    assert len(lines) == 9

    values = side_by_side["values"]
    keras_losses = np.array([loss for loss, _ in steps])
    assert values["keras_first_loss"] == lines[1].split()[1]
    assert values["numpy_first_loss"] == lines[1].split()[2]
    assert values["keras_last_loss"] == f"{keras_losses[-25:].mean():.3f}"
    assert abs(float(values["numpy_last_loss"]) - float(values["keras_last_loss"])) < 0.15
    assert values["keras_test_accuracy"] == f"{keras_accuracy:.1%}"
    assert values["numpy_test_accuracy"] == f"{match[2]}%"
    assert (values["steps"], values["batch_size"], values["train_images"], values["test_images"], values["last_steps"]) \
           == (125, 32, f"{len(side_by_side['x_train']):,}", f"{len(side_by_side['x_test']):,}", 25)


def test_side_by_side_prediction_check_is_recomputed_from_the_keras_weights(side_by_side):
    from cnn_blog.numpy_model import series_model
    from cnn_blog.train import build_model

    model, x_test = side_by_side["model"], side_by_side["x_test"]
    with keras_float64():
        model_64 = build_model((28, 28, 1), 10)
    model_64.set_weights(model.get_weights())
    expected = []
    for ref, dtype, limit in ((model_64, np.float64, 1e-5), (model, np.float32, 1e-4)):
        p_keras = np.asarray(ref.predict_on_batch(x_test.astype(dtype)))
        assert p_keras.dtype == dtype
        p_numpy = series_model(dtype=dtype).load_keras_weights(ref).predict(x_test)
        diff = np.abs(p_keras - p_numpy).max()
        assert diff < limit
        same = int(np.sum(p_keras.argmax(axis=1) == p_numpy.argmax(axis=1)))
        expected.append(f"{np.dtype(dtype).name}: max |Keras - NumPy| = {diff:.0e} (< {limit:.0e}: True)\n"
                        f"         same digit predicted for {same:,} of 1,000 test images")
        assert same == 1000
        assert p_keras.max(axis=1).mean() > 0.8  # a trained model: confident, far from 1/10
    assert side_by_side["outputs"]["predict"] == "\n".join(expected) + "\n"


def test_predict_block_gives_keras_its_float32_back(tmp_path):
    """The page's blocks pasted into a notebook, start then predict (the training block left out: it changes
    no setting): predict builds its float64 model and then restores Keras's settings, so a layer built after
    it computes in float32 again, while the float64 model still predicts in float64."""
    source = (ROOT / "snippets/13_numpy_model/keras_vs_numpy.py").read_text(encoding="utf-8")
    notebook = "\n".join([
        shown(source, "start"),
        "x_test = x_test[:20]  # a few test images are enough here: this checks the settings, not the numbers",
        shown(source, "predict"),
        "later = keras.layers.Dense(1)(np.zeros((1, 2)))  # a layer of a later cell, on float64 input",
        "p_64 = keras_model_64.predict_on_batch(x_test[:1].astype(np.float64))",
        "print('after predict:', keras.config.floatx(), keras.config.dtype_policy().name,",
        "      keras.ops.convert_to_numpy(later).dtype.name, '| the float64 model:', np.asarray(p_64).dtype.name)",
    ])
    run = run_python(notebook, tmp_path / "notebook")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "after predict: float32 float32 float32 | the float64 model: float64"
    assert lines[-5].startswith("float64: max |Keras - NumPy| = ") and lines[-3].startswith("float32: ")


def test_side_by_side_writes_the_figure_in_both_languages(side_by_side):
    files = side_by_side["files"]
    assert set(files) == {
        "keras_vs_numpy.start.out.txt", "keras_vs_numpy.train.out.txt", "keras_vs_numpy.predict.out.txt",
        "keras_vs_numpy.values.json", "13-numpy-model-training.ja.svg", "13-numpy-model-training.en.svg",
    }
    ja, en = (files[f"13-numpy-model-training.{lang}.svg"].read_bytes() for lang in ("ja", "en"))
    assert ja != en and max(len(ja), len(en)) < 300_000


# ------------------------------------------------------------------------------ the figure


def test_moving_average_is_the_mean_of_each_window():
    np.testing.assert_allclose(figures.moving_average([1, 2, 3, 4, 5], 2), [1.5, 2.5, 3.5, 4.5])
    np.testing.assert_allclose(figures.moving_average([1, 2, 3, 4, 5], 5), [3.0])
    with pytest.raises(ValueError, match="k must be between 1 and 3"):
        figures.moving_average([1, 2, 3], 4)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    """No empty boxes: each character of each label is in the font matplotlib picked for it."""
    rng = np.random.default_rng(0)
    history = {name: [(float(v), float(a)) for v, a in zip(rng.random(30) * 2, rng.random(30))]
               for name in ("keras", "numpy")}
    fig = figures.make_training_curves(lang, history)
    joined = assert_labels_have_glyphs(fig, lang)
    assert "Keras" in joined and "NumPy" in joined


# ------------------------------------------------------------------------------ the page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_the_whole_model_and_every_output(site, lang):
    """The script's model comes first, whole, with no highlighted line; every output is on the page."""
    from bs4 import BeautifulSoup
    from conftest import built_page

    from cnn_blog.train import build_model

    doc = BeautifulSoup(built_page(site, "13-numpy-model", lang).read_text(encoding="utf-8"), "html.parser")
    block = doc.select_one("article .highlight")
    code = block.select_one("code").get_text()
    assert not block.select(".hll")
    assert code.count("model.add(") == len(build_model((28, 28, 1), 10).layers) + 1  # + keras.Input
    text = doc.select_one("article").get_text()
    same = {"ja": "1,000 枚のうち 1,000 枚で同じ数字を予測", "en": "same digit predicted for 1,000 of 1,000"}[lang]
    for number in ("889,834", "17,403,430", same):
        assert number in text
    assert doc.select_one('article img[src$="13-numpy-model-training.svg"]') is not None


def test_figure_module_only_draws():
    assert_figure_module_only_draws("numpy_model")
