"""Part 9, model.compile: what compile changes, what accuracy counts, the MNIST model's shapes and
parameters counted by formula; the page's snippets."""

import math
import re

import numpy as np
import pytest
from conftest import ROOT
from figure_checks import assert_labels_have_glyphs
from series_by_hand import conv_params, dense_params, series_params
from snippets_util import run_snippet
from page_checks import code_blocks, page_output, table_under_figure
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.demos.compile import layer_rows
from cnn_blog.figures import compile as figures


def mnist_rows():
    """(name, output shape, parameters) of the article's MNIST model, worked out by hand."""
    return [
        ("Conv2D+relu", (28, 28, 16), conv_params(3, 1, 16)),  # 'same': 28 stays
        ("MaxPooling2D", (14, 14, 16), 0),
        ("Conv2D+relu", (12, 12, 128), conv_params(3, 16, 128)),  # 'valid': 14 - 2
        ("Conv2D+relu", (10, 10, 256), conv_params(3, 128, 256)),
        ("MaxPooling2D", (5, 5, 256), 0),
        ("Dropout", (5, 5, 256), 0),
        ("Flatten", (5 * 5 * 256,), 0),
        ("Dense+relu", (128,), dense_params(5 * 5 * 256, 128)),
        ("Dropout", (128,), 0),
        ("Dense+softmax", (10,), dense_params(128, 10)),
    ]


def test_hand_counts_match_the_documented_totals():
    assert series_params(28, 1, 10) == 889_834
    assert series_params(100, 3, 6) == 17_403_430  # the series' photos, DESIGN.md
    assert sum(count for _, _, count in mnist_rows()) == 1_134_506


def test_snippet_compile_line_changes_settings_not_weights(tmp_path):
    stdout, _, _ = run_snippet("snippets/09_compile/compile_line.py")
    assert stdout == (
        "compiled: False  has an optimizer: False\n"
        "compiled: True\n"
        "loss: categorical_crossentropy\n"
        "optimizer: Adam  learning_rate: 0.001  epsilon: 1e-07\n"
        f"weights unchanged by compile: True ({series_params(28, 1, 10):,} parameters)\n"
    )


def test_snippet_accuracy_counts_argmax_hits(tmp_path):
    stdout, _, values = run_snippet("snippets/09_compile/accuracy.py")
    y_pred = [[0.7, 0.2, 0.1], [0.4, 0.35, 0.25], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2]]
    correct = [0, 1, 2, 2, 0]
    predicted = [row.index(max(row)) for row in y_pred]  # plain Python argmax
    hits = [p == c for p, c in zip(predicted, correct)]
    accuracy = sum(hits) / len(hits)
    # the loss: softmax(log y) is y / sum(y), then -log of the correct class's share, averaged
    loss = sum(-math.log(row[c] / sum(row)) for row, c in zip(y_pred, correct)) / len(y_pred)
    assert stdout == (
        f"predicted: {np.array(predicted)}  correct: {np.array(correct)}\n"
        f"hits: {np.array(hits)}  accuracy: {accuracy}\n"
        f"keras.metrics.CategoricalAccuracy: {accuracy:.4f}\n"
        f"model.evaluate: loss {loss:.6f}, accuracy {accuracy:.4f}\n"
        f"cnn_blog      : loss {loss:.6f}, accuracy {accuracy:.4f}\n"
    )
    assert values == {"examples": 5, "hits": sum(hits), "accuracy": accuracy}


@pytest.fixture(scope="module")
def mnist_snippet(tmp_path_factory):
    """One run of snippets/09_compile/mnist_model.py: (stdout, files, values)."""
    return run_snippet("snippets/09_compile/mnist_model.py")


@pytest.fixture(scope="module")
def layers_table(mnist_snippet) -> str:
    """What the snippet writes for the page under the figure: both models, layer by layer."""
    return mnist_snippet[1]["mnist_model.layers.out.txt"].read_text(encoding="utf-8")


def test_snippet_mnist_model_summary_matches_the_hand_count(mnist_snippet):
    """Keras's model.summary() of the package's model, row by row, against shapes and counts by hand."""
    stdout, files, values = mnist_snippet
    rows = mnist_rows()
    table = [line for line in stdout.splitlines() if line.startswith("│")]  # one line per layer
    assert len(table) == len(rows)
    for line, (name, shape, count) in zip(table, rows):
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        assert cells[0].endswith(f"({name.split('+')[0]})"), line
        assert cells[1] == str((None, *shape)).replace(",)", ")"), line  # (None, 6400)
        assert cells[2] == f"{count:,}", line
    total = sum(count for _, _, count in rows)
    assert total == 1_134_506
    assert f"Total params: {total:,} " in stdout and "Non-trainable params: 0 " in stdout
    series = files["mnist_model.series.out.txt"].read_text(encoding="utf-8")
    assert series == (f"the article's model: {total:>9,} parameters\n"
                      f"the series' model:   {series_params(28, 1, 10):>9,} parameters\n")
    dense = dense_params(6400, 128)
    series_convs = conv_params(3, 1, 32) + conv_params(3, 32, 32) + conv_params(3, 32, 64) + conv_params(3, 64, 64)
    assert values == {"total": "1,134,506", "series_total": "889,834", "dense": f"{dense:,}",
                      "dense_share": f"{dense / total:.0%}", "flatten": "6,400", "layers": len(rows),
                      "series_dense": f"{dense_params(5 * 5 * 64, 512):,}",
                      "convs": f"{conv_params(3, 1, 16) + conv_params(3, 16, 128) + conv_params(3, 128, 256):,}",
                      "series_convs": f"{series_convs:,}", "conv_256": f"{conv_params(3, 128, 256):,}"}
    # what the page concludes: the first Dense layers are nearly equal (within 1 %), the convolutions differ
    assert abs(dense_params(5 * 5 * 64, 512) - dense) < 0.01 * dense
    assert conv_params(3, 128, 256) > 4 * series_convs
    assert set(files) - {"mnist_model.values.json", "mnist_model.series.out.txt", "mnist_model.layers.out.txt"} == {
        "09-compile-parameters.ja.svg", "09-compile-parameters.en.svg"}
    assert files["09-compile-parameters.ja.svg"].read_bytes() != files["09-compile-parameters.en.svg"].read_bytes()


def parse_layers_table(text: str) -> dict[str, list[tuple[str, str, int]]]:
    """{model title: [(name, shape as printed, parameters), ..., ("total", "", total)]} from the table."""
    lines = text.splitlines()
    assert lines[0].split() == ["layer", "output", "shape", "parameters"], lines[0]
    tables, title = {}, None
    for line in lines[1:]:
        if not line.startswith("  "):
            title = line
            tables[title] = []
            continue
        name, rest = line.split(maxsplit=1)
        shape, _, count = rest.rpartition(" ")
        tables[title].append((name, shape.strip(), int(count.replace(",", ""))))
    return tables


def test_layers_table_under_the_figure_is_keras_count_params_layer_by_layer(layers_table):
    """Every layer of both models: its name, output shape and Keras's own count_params()."""
    from cnn_blog import train

    models = {"the article's model": train.build_mnist_model(),
              "the series' model": train.build_model((28, 28, 1), 10)}
    tables = parse_layers_table(layers_table)
    assert list(tables) == list(models)
    for title, model in models.items():
        *rows, (total_name, _, total) = tables[title]
        assert total_name == "total" and total == model.count_params(), title
        assert len(rows) == len(model.layers), title
        for (name, shape, count), layer in zip(rows, model.layers):
            assert name.split("+")[0] == type(layer).__name__, (title, name)
            assert shape == "(" + ", ".join(str(d) for d in layer.output.shape[1:]) + ")", (title, name)
            assert count == layer.count_params(), (title, name)
    # and against the counts by hand, independent of Keras
    article = tables["the article's model"]
    assert [(n, c) for n, _, c in article[:-1]] == [(n, c) for n, _, c in mnist_rows()]
    assert article[-1][2] == 1_134_506 and tables["the series' model"][-1][2] == series_params(28, 1, 10) == 889_834
    assert sum(count for _, _, count in tables["the series' model"][:-1]) == series_params(28, 1, 10)
    # the activations are named: the series' separate Activation layers, no "+linear" on a bare Conv2D
    names = [name for name, _, _ in tables["the series' model"]]
    assert names.count("Activation+relu") == 5 and names.count("Activation+softmax") == 1
    assert names.count("Conv2D") == 4 and names.count("Dense") == 2 and not any("linear" in n for n in names)


def test_keras_summary_agrees_with_the_package_model():
    """Keras's own count of the package's model, layer by layer, against the hand count."""
    from cnn_blog import train

    model = train.build_mnist_model()
    assert layer_rows(model) == mnist_rows()  # names, shapes and counts, as the figure gets them
    assert [layer.count_params() for layer in model.layers] == [count for _, _, count in mnist_rows()]
    assert model.count_params() == 1_134_506
    assert model.loss == "categorical_crossentropy" and type(model.optimizer).__name__ == "Adam"


def test_layer_rows_wants_a_model():
    with pytest.raises(ValueError, match="Keras model"):
        layer_rows([("Dense", (10,), 1290)])


def test_figure_module_only_draws():
    assert_figure_module_only_draws("compile")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(lang):
    joined = assert_labels_have_glyphs(figures.make_parameters(lang, mnist_rows()), lang)
    assert "1,134,506" in joined


def page(lang: str) -> str:
    return (ROOT / "docs" / f"09-compile.{lang}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_numbers_typed_in_the_page_are_what_the_code_computes(lang):
    """The prose's worked example and shapes are typed by hand: they must agree with the model."""
    import keras

    text, rows = page(lang), mnist_rows()
    example = re.search(r"\$\((\d+) \\times (\d+) \\times (\d+) \+ 1\) \\times (\d+) = (\d+)\$", text)
    kh, kw, c_in, filters, result = map(int, example.groups())
    assert (kh, kw, c_in, filters) == (3, 3, 1, 16) and result == conv_params(3, 1, 16) == rows[0][2]
    sides = [shape[0] for _, shape, _ in rows if len(shape) == 3]  # 28, 14, 12, 10, 5, 5
    assert f"{sides[1]} → {sides[2]} → {sides[3]}" in text  # the two unpadded Conv2D
    for side in (sides[0], sides[1], sides[4]):
        assert f"{side}×{side}" in text
    flatten_in = rows[5][1]  # the feature maps Flatten lines up
    assert "×".join(map(str, flatten_in)) in text  # 5×5×256
    learning_rate = float(keras.optimizers.Adam().get_config()["learning_rate"])
    typed = re.findall(r"(?<![\d.])0\.00\d*", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    assert len(typed) == 2 and set(typed) == {f"{learning_rate:g}"}  # Adam's default, twice
    # "a right answer with probability 0.4 counts the same as one with 0.7": both are right answers
    y_pred = [[0.7, 0.2, 0.1], [0.4, 0.35, 0.25], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2]]
    right = {row[c] for row, c in zip(y_pred, [0, 1, 2, 2, 0]) if max(row) == row[c]}
    low, high = re.search(r"(?:確率|probability) (0\.\d+) .{1,30}? (0\.\d+)", text).groups()
    assert {float(low), float(high)} <= right and float(low) < float(high)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_the_layers_table_right_under_the_parameters_figure(site, lang, layers_table):
    """Accessibility: the bar chart's numbers are on the page as text, one sentence below the figure."""
    img, lines = table_under_figure(site, "09-compile", lang, "09_compile/09-compile-parameters.svg",
                                    "09_compile/mnist_model.layers.out.txt")
    expected = layers_table if lang == "en" else page_output(lang, "09_compile/mnist_model.layers.out.txt")
    assert lines == expected.splitlines()
    assert ("表" if lang == "ja" else "table") in img["alt"]  # the alt text points to it


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_the_compile_call(site, lang):
    """The highlighted lines of the embedded compile section are exactly the model.compile call."""
    lines, highlighted = code_blocks(site, "09-compile", lang)[0]  # the script's compile section
    assert highlighted == ['model.compile(loss="categorical_crossentropy",',
                           "              optimizer=opt,",
                           '              metrics=["accuracy"])']
    # model_train from build_model to compile
    assert lines[0] == "model = build_model(X.shape[1:], y.shape[1])"
    assert lines[2] == "opt = keras.optimizers.Adam()"


# ------------------------------------------------------------------ why accuracy cannot be the loss


def test_snippet_accuracy_gradient_is_zero_where_the_loss_gradient_is_y_minus_t(tmp_path):
    """The loss's gradient against the closed form (y - t) / n, computed here without the snippet's code;
    the accuracy's is 0 because no nudge of h changes an argmax (the smallest gap between a winner and
    the runner-up, worked out here, is wider than h)."""
    stdout, _, values = run_snippet("snippets/09_compile/accuracy_gradient.py")
    y_pred = np.array([[0.7, 0.2, 0.1], [0.4, 0.35, 0.25], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2]])
    t = np.eye(3)[[0, 1, 2, 2, 0]]
    expected = (y_pred - t) / len(t)  # softmax + cross-entropy, mean over 5 examples
    lines = stdout.splitlines()
    printed = np.array([[float(x) for x in line.strip(" []").split()] for line in lines[1:6]])
    np.testing.assert_allclose(printed, np.round(expected, 4), atol=1e-9)
    assert all(set(line.strip(" []").split()) == {"0."} for line in lines[7:12])
    logs = np.sort(np.log(y_pred), axis=1)
    smallest_gap = (logs[:, -1] - logs[:, -2])[logs[:, -1] > logs[:, -2]].min()
    assert float(values["h"]) < smallest_gap / 2
    assert values["loss_nonzero"] == 15 == values["scores"] and values["accuracy_nonzero"] == 0
    # the sweep: the second example turns right once its class-1 score passes class 0's
    flip = math.log(0.4 / 0.35)
    assert values["flip"] == f"{flip:.3f}" and values["accuracy_before"] == "0.6"
    sweep = [re.search(r"\+ ([\d.]+): loss ([\d.]+), accuracy ([\d.]+)", line).groups() for line in lines[12:]]
    assert len(sweep) == 7
    for raise_by, loss, accuracy in sweep:
        assert float(accuracy) == (0.8 if float(raise_by) > flip else 0.6)
    losses = [float(loss) for _, loss, _ in sweep]
    assert losses == sorted(losses, reverse=True) and len(set(losses)) == len(losses)  # falls at every step
    p = np.array([0.4, 0.35 * math.exp(0.3), 0.25]) / (0.4 + 0.35 * math.exp(0.3) + 0.25)
    first_four = -np.log([0.7, 0.4, 0.1, 0.5])  # the other four examples keep their losses
    assert losses[-1] == pytest.approx((first_four.sum() - math.log(p[1])) / 5, abs=1e-4)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_explains_why_accuracy_cannot_be_the_loss_before_the_exercises(lang):
    text = page(lang)
    heading = "## 正解率を損失にできない理由" if lang == "ja" else "## Why accuracy cannot be the loss"
    assert text.index("## 正解率が数えるもの" if lang == "ja" else "## What accuracy counts") < text.index(heading)
    section = text.split(heading)[1].split("\n## ")[0]
    assert "accuracy_gradient.py:nudge" in section and "(y - t) / 5" in section
