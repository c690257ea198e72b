"""Part 0, how a network learns: every snippet's numbers against an independent computation (the data drawn
again, the gradient in matrix form, the best parameters by least squares), the claims the page makes about
them, the exercises as the page words them, the hidden lines of each snippet against the lines the page
shows, and the two pages and notebooks against each other. No site build: the pages are read as sources."""

from __future__ import annotations

import ast
import json
import re
import textwrap

import nbformat
import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import edited_source, instructed_edit, run_python, shown
from snippets_util import run_snippet

from sitebuild import code_language
from sitebuild.values import VALUE_RE

SLUG = "00-learning"
FOLDER = ROOT / "snippets" / "00_learning"
W0, B0 = 0.5, 0.0  # the parameters before training, on the page and in every snippet


# ------------------------------------------------------------------ the example, computed another way


def data():
    """The page's 40 pairs, drawn again: (x_train, t_train, x_val, t_val)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1.0, 1.0, size=40)
    t = 2.0 * x + 1.0 + rng.normal(0.0, 0.1, size=40)
    return x[:32], t[:32], x[32:], t[32:]


def design(x):
    """(N, 2) columns x and 1: the neuron's predictions are design(x) @ [w, b]."""
    return np.stack([x, np.ones_like(x)], axis=1)


def loss(theta, x, t):
    return float(np.mean((design(x) @ theta - t) ** 2))


def grad(theta, x, t):
    """The gradient of the mean squared error in matrix form: 2/N A^T (A theta - t)."""
    a = design(x)
    return 2.0 / len(x) * a.T @ (a @ theta - t)


def descend(learning_rate, steps, x, t):
    """Full-batch gradient descent from (W0, B0): the parameters after each step (steps + 1, 2)."""
    theta = np.array([W0, B0])
    path = [theta]
    for _ in range(steps):
        theta = theta - learning_rate * grad(theta, x, t)
        path.append(theta)
    return np.array(path)


def best_fit(x, t):
    return np.linalg.lstsq(design(x), t, rcond=None)[0]


def test_the_data_has_the_sizes_and_the_rule_the_page_names():
    x_train, t_train, x_val, t_val = data()
    assert (len(x_train), len(x_val)) == (32, 8)
    assert np.all(np.abs(np.concatenate([x_train, x_val])) <= 1.0)
    w, b = best_fit(x_train, t_train)
    assert abs(w - 2.0) < 0.1 and abs(b - 1.0) < 0.1  # "the answer is the rule's w = 2 and b = 1"


# ------------------------------------------------------------------------------------- the snippets


def test_snippet_neuron_prints_the_forward_pass():
    stdout, _, values = run_snippet("snippets/00_learning/neuron.py")
    x_train, t_train, _, _ = data()
    y = W0 * x_train + B0
    assert stdout.splitlines() == [f"x (input)      {x_train[:4].round(3)}", f"y (prediction) {y[:4].round(3)}",
                                   f"t (correct)    {t_train[:4].round(3)}"]
    assert values == {"n": 40, "n_train": 32, "n_val": 8, "x_first": f"{x_train[0]:.3f}",
                      "y_first": f"{y[0]:.3f}", "t_first": f"{t_train[0]:.3f}"}
    assert y[0] < t_train[0]  # "the prediction misses": here it is below the correct answer


def test_snippet_loss_is_the_mean_squared_error():
    stdout, _, values = run_snippet("snippets/00_learning/loss.py")
    x_train, t_train, _, _ = data()
    errors = W0 * x_train + B0 - t_train
    start = loss(np.array([W0, B0]), x_train, t_train)
    assert stdout.splitlines() == [f"y - t of the first 4: {errors[:4].round(3)}",
                                   f"loss L = mean squared error over the 32 training examples: {start:.4f}"]
    assert values == {"loss": f"{start:.4f}", "error_first": f"{errors[0]:.3f}", "squared_first": f"{errors[0] ** 2:.3f}"}


def test_snippet_gradient_agrees_with_the_matrix_form_and_its_numerical_check():
    stdout, _, values = run_snippet("snippets/00_learning/gradient.py")
    x_train, t_train, _, _ = data()
    dw, db = grad(np.array([W0, B0]), x_train, t_train)
    assert values["dw"] == f"{dw:.6f}" and values["db"] == f"{db:.6f}"
    # "the same as the numerical gradient to six decimal places"
    assert values["numerical_dw"] == values["dw"] and values["numerical_db"] == values["db"]
    difference = float(values["difference"])
    assert 0 <= difference < 1e-8  # "from rounding in the computation"
    assert dw < 0 and db < 0  # "both gradients are negative"
    lines = stdout.splitlines()
    assert lines[0] == f"chain rule: dL/dw = {values['dw']}, dL/db = {values['db']}"
    assert lines[1] == f"numerical:  dL/dw = {values['numerical_dw']}, dL/db = {values['numerical_db']}"
    assert lines[2] == f"largest difference: {values['difference']}"


def test_gradients_function_equals_an_independent_numerical_gradient_at_other_points():
    """The page's `gradients`, taken from the snippet as shown, against a central difference of plain NumPy."""
    namespace = {"np": np}
    exec(shown((FOLDER / "neuron.py").read_text(encoding="utf-8"), "forward").split("\nw, b =")[0], namespace)
    exec(shown((FOLDER / "gradient.py").read_text(encoding="utf-8"), "gradient").split("\nw, b =")[0], namespace)
    x_train, t_train, _, _ = data()
    rng = np.random.default_rng(7)
    for theta in rng.normal(0.0, 3.0, size=(5, 2)):
        dw, db = namespace["gradients"](x_train, t_train, *theta)
        h = 1e-5
        numerical = [(loss(theta + h * e, x_train, t_train) - loss(theta - h * e, x_train, t_train)) / (2 * h)
                     for e in np.eye(2)]
        np.testing.assert_allclose([dw, db], numerical, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose([dw, db], grad(theta, x_train, t_train), rtol=1e-12, atol=1e-14)


def test_snippet_gradient_descent_takes_one_step_that_lowers_the_loss():
    stdout, _, values = run_snippet("snippets/00_learning/gradient_descent.py")
    x_train, t_train, _, _ = data()
    before, after = descend(0.1, 1, x_train, t_train)
    assert values["learning_rate"] == 0.1
    assert values["w_new"] == f"{after[0]:.4f}" and values["b_new"] == f"{after[1]:.4f}"
    assert values["loss_before"] == f"{loss(before, x_train, t_train):.4f}"
    assert values["loss_after"] == f"{loss(after, x_train, t_train):.4f}"
    assert loss(after, x_train, t_train) < loss(before, x_train, t_train)  # "the loss went down"
    assert stdout.splitlines() == [f"w: {W0} -> {values['w_new']}   b: {B0} -> {values['b_new']}",
                                   f"loss: {values['loss_before']} -> {values['loss_after']}"]


def test_snippet_learning_rate_too_small_slow_fine_and_too_large_diverging():
    stdout, _, values = run_snippet("snippets/00_learning/learning_rate.py")
    x_train, t_train, _, _ = data()
    losses = {lr: [loss(theta, x_train, t_train) for theta in descend(lr, 20, x_train, t_train)]
              for lr in (0.01, 0.1, 0.5, 1.5)}
    assert values["steps"] == 20 and values["start"] == f"{losses[0.01][0]:.4f}"
    assert values["small_20"] == f"{losses[0.01][20]:.4g}" and values["medium_20"] == f"{losses[0.1][20]:.4g}"
    assert [values[f"fast_{k}"] for k in (1, 5, 20)] == [f"{losses[0.5][k]:.4g}" for k in (1, 5, 20)]
    assert [values[f"large_{k}"] for k in (1, 5, 20)] == [f"{losses[1.5][k]:.4g}" for k in (1, 5, 20)]
    lines = stdout.splitlines()
    assert len(lines) == 4
    for line, lr in zip(lines, (0.01, 0.1, 0.5, 1.5)):
        assert line.startswith(f"learning rate {lr:>4}: loss after 1, 5, 20 steps: "
                               f"{losses[lr][1]:.4g}, {losses[lr][5]:.4g}, {losses[lr][20]:.4g}")
    minimum = loss(best_fit(x_train, t_train), x_train, t_train)
    # 0.01 too small: falls, but is still far above the others after 20 steps; 0.1 lower; 0.5 settles at the minimum.
    assert all(np.diff(losses[0.01]) < 0) and losses[0.01][20] > 10 * losses[0.1][20]
    assert all(np.diff(losses[0.1]) < 0) and losses[0.1][20] > losses[0.5][20]
    assert losses[0.5][1] < losses[0.1][1] and losses[0.5][20] == pytest.approx(minimum, rel=1e-3)
    # 1.5 too large: up from the first update on, every update further; the page reads the e+12 of the last value.
    assert all(np.diff(losses[1.5]) > 0)
    assert values["large_20"].endswith("e+12")


def test_snippet_mini_batches_loss_falls_epoch_by_epoch():
    stdout, _, values = run_snippet("snippets/00_learning/mini_batches.py")
    x_train, t_train, x_val, t_val = data()
    shuffle = np.random.default_rng(1)
    theta = np.array([W0, B0])
    rows = {0: (loss(theta, x_train, t_train), loss(theta, x_val, t_val), theta)}
    for epoch in range(1, 21):
        order = shuffle.permutation(32)
        for batch in order.reshape(4, 8):  # 4 mini-batches of 8: 4 steps per epoch
            theta = theta - 0.1 * grad(theta, x_train[batch], t_train[batch])
        rows[epoch] = (loss(theta, x_train, t_train), loss(theta, x_val, t_val), theta)
    lines = stdout.splitlines()
    assert lines[0] == f"epoch  0 (step  0): training loss {rows[0][0]:.4f}, validation loss {rows[0][1]:.4f}"
    shown_epochs = (1, 2, 3, 5, 10, 20)
    for line, epoch in zip(lines[1:7], shown_epochs):
        train, val, (w, b) = rows[epoch]
        assert line == (f"epoch {epoch:>2} (step {4 * epoch:>2}): training loss {train:.4f}, validation loss {val:.4f}, "
                        f"w {w:.3f}, b {b:.3f}")
    rule = loss(np.array([2.0, 1.0]), x_train, t_train)
    w, b = rows[20][2]
    assert lines[7:] == [f"the rule 2x + 1 itself: training loss {rule:.4f}",
                         f"inference: x = 0.5 -> y = {w * 0.5 + b:.3f} (the rule 2x + 1 gives 2.0)"]
    assert values == {"batch_size": 8, "epochs": 20, "steps_per_epoch": 4, "steps": 80, "learning_rate": 0.1,
                      "w_final": f"{w:.3f}", "b_final": f"{b:.3f}", "train_final": f"{rows[20][0]:.4f}",
                      "val_final": f"{rows[20][1]:.4f}", "rule_loss": f"{rule:.4f}", "inference": f"{w * 0.5 + b:.3f}"}
    # The page's claims: the loss falls epoch after epoch (at every epoch shown), w and b come close to 2 and 1,
    # the trained training loss is below the rule's own (the noise), and inference is nearly the rule's 2.0.
    train_losses = [rows[e][0] for e in (0, *shown_epochs)]
    assert all(np.diff(train_losses) < 0)
    assert abs(w - 2.0) < 0.05 and abs(b - 1.0) < 0.05
    assert rows[20][0] < rule and rows[20][0] > 0
    assert abs(w * 0.5 + b - 2.0) < 0.05


def test_snippet_try_it_answers_recomputed():
    stdout, _, values = run_snippet("snippets/00_learning/try_it.py")
    x_train, t_train, _, _ = data()
    # 1. w = 3.0: a positive gradient, so a step makes w smaller.
    dw = grad(np.array([3.0, 0.0]), x_train, t_train)[0]
    assert values["dw_3"] == f"{dw:.6f}" == values["numerical_dw_3"] and dw > 0
    assert values["w_3_after"] == f"{3.0 - 0.1 * dw:.4f}" and float(values["w_3_after"]) < 3.0
    # 2. batch_size 32: one step per epoch, 20 in all; the loss is full-batch descent's after 20 steps, above batch 8's.
    _, _, batches = run_snippet("snippets/00_learning/mini_batches.py")
    _, _, rates = run_snippet("snippets/00_learning/learning_rate.py")
    full = loss(descend(0.1, 20, x_train, t_train)[-1], x_train, t_train)
    assert values["steps_per_epoch_32"] == 1 and values["steps_32"] == 20 and values["loss_32"] == f"{full:.4f}"
    assert float(values["loss_32"]) > float(batches["train_final"])
    assert float(values["loss_32"]) == pytest.approx(float(rates["medium_20"]), abs=5e-5)  # "the same computation"
    # 3. learning rate 1.0: down at the first step, then up, above the start after 20 steps.
    path = descend(1.0, 20, x_train, t_train)
    losses = [loss(theta, x_train, t_train) for theta in path]
    assert [values[f"one_{k}"] for k in (1, 5, 20)] == [f"{losses[k]:.4g}" for k in (1, 5, 20)]
    assert losses[1] < losses[0] < losses[20] and all(np.diff(losses[1:]) > 0)
    # "the parameters swing from one side of the valley to the other, drifting further out" (b, the steep direction)
    off = path[1:, 1] - best_fit(x_train, t_train)[1]
    assert all(np.sign(off[1:]) == -np.sign(off[:-1]))
    assert all(np.diff(np.abs(off[1:])) > 0) and abs(off[-1]) > abs(off[0])
    assert stdout.splitlines()[2] == (f"3. learning rate 1.0: loss {losses[0]:.4g} at the start; after 1, 5, 20 steps:"
                                      f" {losses[1]:.4g}, {losses[5]:.4g}, {losses[20]:.4g}")


@pytest.mark.parametrize("number", [1, 2, 3])
def test_exercise_runs_as_the_page_words_it_and_prints_the_answer(number, tmp_path):
    """The edit each exercise asks for, read from the page in both languages (the same edit), made to the
    snippet and run: the edited file prints what the answer says."""
    edits = {lang: instructed_edit(SLUG, lang, number) for lang in ("ja", "en")}
    assert edits["ja"] == edits["en"]
    rel, old, new = edits["en"]
    name = rel.rsplit("/", 1)[1]
    run = run_python(edited_source((ROOT / rel).read_text(encoding="utf-8"), old, new), tmp_path / "run", name)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    _, _, answer = run_snippet("snippets/00_learning/try_it.py")
    lines = run.stdout.splitlines()
    if number == 1:
        assert (rel, old, new) == ("snippets/00_learning/gradient.py", "w, b = 0.5, 0.0", "w, b = 3.0, 0.0")
        assert lines[0].startswith(f"chain rule: dL/dw = {answer['dw_3']}, ")
        assert lines[1].startswith(f"numerical:  dL/dw = {answer['numerical_dw_3']}, ")
    elif number == 2:
        assert (rel, old, new) == ("snippets/00_learning/mini_batches.py", "batch_size = 8", "batch_size = 32")
        assert lines[6].startswith(f"epoch 20 (step {answer['steps_32']}): training loss {answer['loss_32']}, ")
    else:
        assert rel == "snippets/00_learning/learning_rate.py" and "1.0, 1.5)" in new
        assert f"learning rate  1.0: loss after 1, 5, 20 steps: {answer['one_1']}, {answer['one_5']}, {answer['one_20']}" \
            in "\n".join(lines)


# ------------------------------------------------------------- the snippets' hidden lines and sections

SNIPPETS = ["neuron.py", "loss.py", "gradient.py", "gradient_descent.py", "learning_rate.py", "mini_batches.py",
            "try_it.py"]
SHOWN_FIRST = [("neuron.py", "data"), ("neuron.py", "forward"), ("loss.py", "loss"), ("gradient.py", "gradient"),
               ("gradient.py", "numerical")]


def _top_level(code: str) -> dict[str, str]:
    """Each top-level function and assignment of ``code``, by the name it binds, as normalised source."""
    out = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = ast.unparse(node)
        elif isinstance(node, ast.Assign):
            out[ast.unparse(node.targets[0])] = ast.unparse(node)
    return out


def test_each_snippets_hidden_lines_repeat_what_the_page_shows_above_it():
    """A later snippet stands alone with a copy of the data, the neuron, the loss and the gradients above its
    sections: each of those lines is the same as the one the page shows in the earlier snippet."""
    shown_above = {}
    for name, section in SHOWN_FIRST:
        shown_above.update(_top_level(shown((FOLDER / name).read_text(encoding="utf-8"), section)))
    shown_above.pop("(w, b)")  # the starting parameters: every section that needs them sets them itself
    for name in SNIPPETS[1:]:
        source = (FOLDER / name).read_text(encoding="utf-8")
        hidden = source.split("# --8<-- [start:", 1)[0]
        needed = {"x_train, t_train", "predict"}  # what loss.py needs; gradient.py also the loss, the rest all of it
        needed |= {"loss.py": set(), "gradient.py": {"mse"}}.get(name, {"mse", "gradients", "loss_at"})
        assert needed <= {bound.strip("()") for bound in _top_level(hidden)}, name
        for bound, code in _top_level(hidden).items():
            if bound in ("(w, b)", "y"):  # loss.py's forward pass, as neuron.py shows it
                continue
            assert shown_above.get(bound) == code, f"{name}: {bound} differs from the page's"


def test_every_snippet_is_numpy_only_and_writes_its_values():
    for name in SNIPPETS:
        tree = ast.parse((FOLDER / name).read_text(encoding="utf-8"))
        imports = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imports |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert imports == {"json", "numpy"}, (name, imports)
        assert f'"{name[:-3]}.values.json"' in (FOLDER / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------- the pages

# Where each term is defined: the section's heading id -> (the <dfn id>, the term in Japanese, in English) of
# each term defined there, in order. The glossary and later pages link to page#<dfn id>.
DEFINED = {
    "example": [("training-data", "訓練データ", "training data"), ("training", "学習", "training"),
                ("validation-data", "検証データ", "validation data"), ("test-data", "テストデータ", "test data")],
    "a-neuron": [("neuron", "ニューロン", "neuron"), ("weight", "重み", "weight"), ("bias", "バイアス", "bias"),
                 ("activation-function", "活性化関数", "activation function"), ("parameter", "パラメータ", "parameters")],
    "forward": [("forward-pass", "順伝播", "forward pass")],
    "measuring-the-loss": [("loss", "損失", "loss"), ("loss-function", "損失関数", "loss function"),
                           ("mean-squared-error", "平均二乗誤差", "mean squared error")],
    "gradient-by-the-chain-rule": [("gradient", "勾配", "gradient"), ("chain-rule", "連鎖律", "chain rule"),
                                   ("backward-pass", "逆伝播", "backward pass"),
                                   ("backpropagation", "誤差逆伝播法", "backpropagation")],
    "checking-the-gradient": [("numerical-gradient", "数値微分", "numerical gradient")],
    "one-step": [("gradient-descent", "勾配降下法", "gradient descent"), ("learning-rate", "学習率", "learning rate")],
    "choosing-the-learning-rate": [],
    "mini-batches-and-epochs": [("mini-batch", "ミニバッチ", "mini-batch"), ("batch-size", "バッチサイズ", "batch size"),
                                ("step", "ステップ", "step"), ("epoch", "エポック", "epoch")],
    "using-the-trained-model": [("inference", "推論", "inference")],
    "whole-picture": [],
}
DFN = re.compile(r'<dfn id="([\w-]+)">(.*?)</dfn>')


def page(lang: str) -> str:
    return (ROOT / "docs" / f"{SLUG}.{lang}.md").read_text(encoding="utf-8")


def sections(lang: str) -> dict[str, str]:
    """The page's ``## … {#id}`` sections: id -> the text up to the next ``##`` heading."""
    parts = re.split(r"^## .*?\{#([\w-]+)\}[ \t]*$", page(lang), flags=re.M)
    return {ident: body.split("\n## ", 1)[0] for ident, body in zip(parts[1::2], parts[2::2])}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_term_is_defined_once_with_a_dfn_in_its_section(lang):
    found = sections(lang)
    assert list(found) == list(DEFINED), list(found)
    column = 1 if lang == "ja" else 2
    for ident, terms in DEFINED.items():
        assert DFN.findall(found[ident]) == [(term[0], term[column]) for term in terms], (lang, ident)
    text = page(lang)
    ids = [m.group(1) for m in DFN.finditer(text)] + re.findall(r"\{#([\w-]+)\}", text)
    assert len(ids) == len(set(ids)), "an id is used twice on the page"
    assert "**" not in text.split("## ")[0] + "".join(found.values()), "terms are defined with <dfn>, not bold"
    # Not at the start or the end of a source line: the Japanese line joining leaves such a break as a space.
    assert not re.search(r"^<dfn|</dfn>$", text, flags=re.M)


def test_both_pages_show_the_same_sections_code_and_numbers_in_the_same_order():
    def skeleton(text):
        return {
            "ids": re.findall(r"^##+ .*?(?:\{#([\w-]+)\})?$", text, flags=re.M),
            "levels": [len(h) for h in re.findall(r"^(#+) ", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M), flags=re.M)],
            "includes": re.findall(r'--8<-- "([^"]+)"', text),
            "values": VALUE_RE.findall(text),
            "links": re.findall(r"\]\(([^)\s]+)\)", text),
        }

    ja, en = skeleton(page("ja")), skeleton(page("en"))
    assert ja == en
    outputs = [inc for inc in ja["includes"] if inc.endswith(".out.txt")]
    assert outputs == [f"00_learning/{name[:-3]}.out.txt" for name in SNIPPETS]  # every snippet's output, in order


def test_every_value_the_pages_quote_is_one_the_snippets_write():
    used = {(source, name) for source, name in VALUE_RE.findall(page("ja")) if source.startswith("00_learning/")}
    assert {source for source, _ in used} == {f"00_learning/{name[:-3]}" for name in SNIPPETS}
    for source, name in sorted(used):
        _, _, values = run_snippet(f"snippets/{source}.py")
        assert name in values, (source, name)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_prose_types_no_computed_number(lang):
    """Numbers a snippet computes come from its values: none of them is typed into the prose."""
    text = re.sub(r"^```.*?^```", "", page(lang), flags=re.S | re.M)
    text = VALUE_RE.sub("", text)
    computed = set()
    for name in SNIPPETS:
        _, _, values = run_snippet(f"snippets/00_learning/{name}")
        computed |= {str(v) for key, v in values.items() if "." in str(v) and key != "learning_rate"}  # an input
    typed = [number for number in computed if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text)]
    assert not typed, typed


def test_the_notebooks_hold_the_pages_code_in_order():
    for lang in ("ja", "en"):
        nb = nbformat.read(ROOT / "notebooks" / f"{SLUG}.{lang}.ipynb", as_version=4)
        nbformat.validate(nb)
        ids = [cell.id for cell in nb.cells]
        assert len(set(ids)) == len(ids) and ids[:3] == ["cell-00", "install-cnn-blog", "cell-01"]
        code = [cell.source for cell in nb.cells if cell.cell_type == "code"][2:]  # after the install and LANG cells
        blocks = [(f, s) for f, s in re.findall(r'--8<-- "snippets/00_learning/(\w+\.py):(\w+)"', page(lang))
                  if f != "try_it.py"]
        sources = {f: (FOLDER / f).read_text(encoding="utf-8") for f, _ in blocks}
        if lang == "ja":  # the page shows, and the notebook holds, the Japanese file (sitebuild.code_language)
            sources = {f: code_language.translate(text, f"snippets/00_learning/{f}") for f, text in sources.items()}
        assert code == [shown(sources[f], s).rstrip("\n") for f, s in blocks]
        assert f"](../../{SLUG}/)" in nb.cells[0].source
