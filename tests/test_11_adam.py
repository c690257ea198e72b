"""Part 11, Adam: the page's update rules against Keras's optimizers and closed forms, and its snippets."""

from __future__ import annotations

import re
from pathlib import Path

import keras
import numpy as np
import pytest
from conftest import ROOT
from exercise_checks import answer_function
from snippets_util import run_snippet
from page_checks import code_blocks, page_prose
from standalone_checks import assert_figure_module_only_draws

from cnn_blog.demos import adam as rules  # the update rules and the loss surface the page shows
from cnn_blog.figures import adam as figures


def keras_steps(optimizer, w0, grads):
    """Keras's weights after each step, for a list of gradients."""
    var = keras.Variable(w0)
    out = []
    for g in grads:
        optimizer.apply([keras.ops.convert_to_tensor(g)], [var])
        out.append(keras.ops.convert_to_numpy(var))
    return out


def our_steps(step, w0, grads, **kwargs):
    w, memory, out = w0.copy(), np.zeros_like(w0), []
    for g in grads:
        if step is rules.sgd_step:
            w = step(w, g, **kwargs)
        else:
            w, memory = step(w, g, memory, **kwargs)
        out.append(w)
    return out


# ------------------------------------------------------------------------------ rules vs Keras


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize(
    "step, make, kwargs",
    [
        (rules.sgd_step, lambda: keras.optimizers.SGD(), {"learning_rate": 0.01}),
        (rules.sgd_step, lambda: keras.optimizers.SGD(learning_rate=0.3), {"learning_rate": 0.3}),
        (rules.momentum_step, lambda: keras.optimizers.SGD(momentum=0.9), {"learning_rate": 0.01, "momentum": 0.9}),
        (rules.momentum_step, lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.5),
         {"learning_rate": 0.05, "momentum": 0.5}),
        (rules.rmsprop_step, lambda: keras.optimizers.RMSprop(), {"learning_rate": 0.001}),
        (rules.rmsprop_step, lambda: keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, epsilon=1e-4),
         {"learning_rate": 0.01, "rho": 0.8, "epsilon": 1e-4}),
    ],
)
def test_update_rule_equals_keras_over_eight_steps(step, make, kwargs, dtype, tol):
    rng = np.random.default_rng(7)
    w0 = rng.normal(size=(4, 3)).astype(dtype)
    grads = [(rng.normal(size=(4, 3)) * rng.choice([1e-3, 1.0, 30.0], size=(4, 3))).astype(dtype) for _ in range(8)]
    # Keras rounds the learning rate (a float32 variable) and the momentum to float32: in float64
    # that rounding shows (about 1e-8), so our rules get the same rounded numbers
    kwargs = {k: float(np.float32(v)) if k in ("learning_rate", "momentum") else v for k, v in kwargs.items()}
    ours = our_steps(step, w0, grads, **kwargs)
    theirs = keras_steps(make(), w0, grads)
    for a, b in zip(ours, theirs):
        assert np.asarray(a).dtype == dtype
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


def test_default_arguments_are_keras_defaults():
    import inspect

    def defaults(step):
        return {name: p.default for name, p in inspect.signature(step).parameters.items()
                if p.default is not inspect.Parameter.empty}

    sgd, rmsprop = keras.optimizers.SGD().get_config(), keras.optimizers.RMSprop().get_config()
    assert defaults(rules.sgd_step) == {"learning_rate": pytest.approx(float(sgd["learning_rate"]))}
    assert defaults(rules.momentum_step) == {"learning_rate": pytest.approx(float(sgd["learning_rate"])),
                                             "momentum": 0.9}  # the usual choice; Keras's SGD has 0.0
    assert defaults(rules.rmsprop_step) == {
        "learning_rate": pytest.approx(float(rmsprop["learning_rate"])), "rho": rmsprop["rho"],
        "epsilon": rmsprop["epsilon"]}


def test_momentum_approaches_lr_over_one_minus_mu_with_a_constant_gradient():
    w, v = np.zeros(1), np.zeros(1)
    for _ in range(300):
        before = w.copy()
        w, v = rules.momentum_step(w, np.ones(1), v, learning_rate=0.01, momentum=0.9)
    assert (before - w)[0] == pytest.approx(0.01 / (1 - 0.9), rel=1e-9)  # 10 times plain SGD


def test_rmsprop_and_adam_first_steps_have_the_page_sizes():
    for g in (0.1, 1.0, 1e3):  # whatever the scale (well above sqrt(epsilon), which RMSProp adds inside the root)
        w, _ = rules.rmsprop_step(np.zeros(1), np.array([g]), np.zeros(1), learning_rate=0.2)
        assert -w[0] == pytest.approx(0.2 / np.sqrt(0.1), rel=1e-3)  # no bias correction: lr / sqrt(1 - rho)
        start = np.zeros(1)
        keras_w = keras_steps(keras.optimizers.Adam(learning_rate=0.2), start, [np.array([g])])[0]
        assert -keras_w[0] == pytest.approx(0.2, rel=1e-3)  # corrected: exactly the learning rate


# ------------------------------------------------------------------------------ snippets


def test_snippet_update_rules_agrees_with_keras_and_prints_its_defaults(tmp_path):
    stdout, files, _ = run_snippet("snippets/11_adam/update_rules.py")
    w0 = np.array([1.0, -2.0, 0.5])
    grads = [np.array([0.3, -1.0, 2.0]), np.array([0.2, -0.5, -1.0]), np.array([0.1, 0.4, 0.0])]
    expected = {
        "SGD": keras_steps(keras.optimizers.SGD(learning_rate=0.1), w0, grads)[-1],
        "momentum": keras_steps(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), w0, grads)[-1],
        "RMSprop": keras_steps(keras.optimizers.RMSprop(learning_rate=0.1), w0, grads)[-1],
        "Adam": keras_steps(keras.optimizers.Adam(learning_rate=0.1), w0, grads)[-1],
    }
    lines = stdout.splitlines()
    assert len(lines) == 4
    for line, (name, w) in zip(lines, expected.items()):
        assert line == f"{name:<9} after 3 steps: {np.round(w, 4)}  same as Keras (1e-6): True"
    np.testing.assert_allclose(expected["SGD"], w0 - 0.1 * sum(grads))  # SGD by hand
    defaults = files["update_rules.defaults.out.txt"].read_text(encoding="utf-8").splitlines()
    config = keras.optimizers.Adam().get_config()
    assert [line.split()[0] for line in defaults] == ["learning_rate", "beta_1", "beta_2", "epsilon"]
    for line in defaults:
        name, _, theirs, _, ours = line.split()
        assert float(theirs) == pytest.approx(float(config[name])) and float(ours) == float(theirs)
    assert float(config["learning_rate"]) == pytest.approx(0.001) and config["epsilon"] == 1e-7


def keras_path(optimizer, steps=40):
    """A path on the page's bowl with a Keras optimizer, the gradient written out by hand."""
    var = keras.Variable(rules.START.copy())
    path = [rules.START.copy()]
    for _ in range(steps):
        w = keras.ops.convert_to_numpy(var)
        optimizer.apply([keras.ops.convert_to_tensor(np.array([0.08, 5.0]) * w)], [var])
        path.append(keras.ops.convert_to_numpy(var))
    return np.array(path)


def test_snippet_surface_paths_match_keras_and_the_closed_form(tmp_path):
    stdout, files, v = run_snippet("snippets/11_adam/surface_paths.py")
    lrs = {"SGD": 0.36, "momentum": 0.1, "RMSprop": 0.2, "Adam": 0.2}
    steps = 40
    expected = {
        # gradient descent on a quadratic: every coordinate shrinks by (1 - lr * curvature) per step
        "SGD": rules.START * (1 - lrs["SGD"] * np.array([0.08, 5.0])) ** steps,
        "momentum": keras_path(keras.optimizers.SGD(learning_rate=lrs["momentum"], momentum=0.9))[-1],
        "RMSprop": keras_path(keras.optimizers.RMSprop(learning_rate=lrs["RMSprop"]))[-1],
        "Adam": keras_path(keras.optimizers.Adam(learning_rate=lrs["Adam"]))[-1],
    }
    for name, w in expected.items():
        loss = 0.04 * w[0] ** 2 + 2.5 * w[1] ** 2
        line = next(line for line in stdout.splitlines() if line.startswith(name + " "))
        got_w = [float(s) for s in re.search(r"w = \(\s*(\S+),\s*(\S+)\)", line).groups()]
        np.testing.assert_allclose(got_w, w, atol=2e-4)
        assert float(re.search(r"loss (\S+)$", line).group(1)) == pytest.approx(loss, abs=2e-4)
        assert v[f"loss_{name}"] == re.search(r"loss (\S+)$", line).group(1)
    assert (v["steep_ratio"], v["sgd_limit"]) == ("62.5", "0.4")  # 5 / 0.08 and 2 / 5
    assert float(v["lr_SGD"]) < float(v["sgd_limit"])
    # what the prose says about the paths
    loss = {name: float(v[f"loss_{name}"]) for name in lrs}
    assert loss["RMSprop"] < loss["Adam"] < loss["momentum"] < loss["SGD"]
    assert (v["adam_first_w1"], v["adam_first_w2"]) == ("0.200", "-0.200")
    assert float(v["rms_first_w1"]) == pytest.approx(0.2 / np.sqrt(0.1), abs=1e-3)
    assert float(v["sgd_first_w2"]) == pytest.approx(-0.36 * 5 * 1.5)  # past the valley floor at w2 = 0
    assert set(files) == {"surface_paths.values.json", "11-adam-paths.ja.svg", "11-adam-paths.en.svg"}
    assert files["11-adam-paths.ja.svg"].read_bytes() != files["11-adam-paths.en.svg"].read_bytes()
    assert all(p.stat().st_size < 300_000 for p in files.values())


def test_snippet_step_sizes_sgd_closed_form_and_adam_against_keras(tmp_path):
    stdout, files, v = run_snippet("snippets/11_adam/step_sizes.py")
    scales, target, lr, steps = np.array([100.0, 1.0, 0.01]), 0.5, 0.001, 1000
    sgd_w = target - (1 - lr * scales) ** steps * target  # w_k - t = (1 - lr c)^k (w_0 - t)
    var = keras.Variable(np.zeros(3))
    adam = keras.optimizers.Adam(learning_rate=lr)
    first = None
    for k in range(steps):
        w = keras.ops.convert_to_numpy(var)
        adam.apply([keras.ops.convert_to_tensor(scales * (w - target))], [var])
        if k == 0:
            first = np.abs(keras.ops.convert_to_numpy(var))
    adam_w = keras.ops.convert_to_numpy(var)
    sgd_lines = stdout.split("Adam\n")[0].splitlines()[1:]
    adam_lines = stdout.split("Adam\n")[1].splitlines()
    for i, scale in enumerate(scales):
        assert sgd_lines[i] == (f"  gradient scale {scale:>6g}: first step {lr * scale * target:.2e}, "
                                f"w after {steps} steps {sgd_w[i]:.4f}")
        assert adam_lines[i] == (f"  gradient scale {scale:>6g}: first step {first[i]:.2e}, "
                                 f"w after {steps} steps {adam_w[i]:.4f}")
    assert v["adam_first"] == "0.001" and np.all(np.abs(first - lr) < 1e-6)  # every weight: about lr
    assert v["adam_largest"] == "0.001"
    assert float(v["adam_w_spread"]) < 1e-4  # the three Adam weights move together
    assert (v["sgd_w_large"], v["sgd_w_small"]) == (f"{sgd_w[0]:.3f}", f"{sgd_w[2]:.3f}")
    assert set(files) == {"step_sizes.values.json", "11-adam-step-sizes.ja.svg", "11-adam-step-sizes.en.svg"}
    assert all(p.stat().st_size < 300_000 for p in files.values())


# ------------------------------------------------------------------------------ figures and page


def figure_inputs():
    path = np.stack([rules.START * 0.9 ** k for k in range(5)])
    paths = {name: path for name in ("SGD", "momentum", "RMSprop", "Adam")}
    moved = np.abs(np.diff(np.stack([np.full(3, 0.5 - 0.5 * 0.99 ** k) for k in range(6)]), axis=0))
    weights = np.stack([np.full(3, 0.5 - 0.5 * 0.99 ** k) for k in range(6)])
    return paths, {"SGD": (weights, moved), "Adam": (weights, moved)}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("which", ["paths", "step_sizes"])
def test_figure_labels_are_in_the_page_language_and_every_glyph_exists(which, lang):
    from figure_checks import assert_labels_have_glyphs

    paths, runs = figure_inputs()
    if which == "paths":
        fig = figures.make_paths(lang, paths, {name: 0.1 for name in paths}, rules.surface_loss)
    else:
        fig = figures.make_step_sizes(lang, np.array([100.0, 1.0, 0.01]), runs, 0.5, 0.001)
    assert_labels_have_glyphs(fig, lang)


def test_surface_is_the_quadratic_the_page_states():
    w = np.array([[-6.0, 1.5], [2.0, -1.0]])
    np.testing.assert_allclose(rules.surface_loss(w), 0.04 * w[:, 0] ** 2 + 2.5 * w[:, 1] ** 2)
    np.testing.assert_allclose(rules.surface_gradient(w[0]), [0.08 * -6.0, 5.0 * 1.5])
    with pytest.raises(ValueError, match="2 weights"):
        rules.surface_loss(np.zeros(3))
    with pytest.raises(ValueError, match="2 weights"):
        rules.surface_gradient(w)  # a batch of points: the gradient takes one


def test_paths_figure_writes_the_loss_it_is_given():
    """make_paths draws the surface it is handed and writes that surface's loss at each path's end."""
    paths, _ = figure_inputs()
    fig = figures.make_paths("en", paths, {name: 0.1 for name in paths}, lambda w: np.sum(np.abs(w), axis=-1) + 1)
    end = np.abs(paths["SGD"][-1]).sum() + 1
    assert all(ax.get_title().endswith(f"loss after 4 steps: {end:.4f}") for ax in fig.axes)


def test_figure_module_only_draws():
    assert_figure_module_only_draws("adam")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_highlights_the_adam_lines(site, lang):
    lines, highlighted = code_blocks(site, "11-adam", lang)[0]
    assert [line.strip() for line in highlighted] == ["opt = keras.optimizers.Adam()", "optimizer=opt,"]
    assert any("model.compile(" in line for line in lines)




@pytest.mark.parametrize("lang", ["ja", "en"])
def test_numbers_typed_in_the_page_are_keras_defaults_and_the_snippets_settings(lang):
    text = page_prose("11-adam", lang)
    config = keras.optimizers.Adam().get_config()
    lr, beta_1, beta_2, exponent = re.search(
        r"`learning_rate=([\d.]+)`.{1,3}\$\\beta_1 = ([\d.]+)\$.{1,3}\$\\beta_2 = ([\d.]+)\$.{1,6}"
        r"\$\\epsilon = 10\^\{-(\d+)\}\$", text).groups()  # the summary
    assert float(lr) == pytest.approx(float(config["learning_rate"]))
    assert (float(beta_1), float(beta_2), 10.0 ** -int(exponent)) == (config["beta_1"], config["beta_2"],
                                                                      config["epsilon"])
    assert all(float(n) == pytest.approx(float(config["learning_rate"]))
               for n in re.findall(r"(?<!SGD\()learning_rate=([\d.]+)", text))  # the heading and the prose
    # exercise 4's SGD (Nesterov) states its own learning rate, the one its answer snippet runs with
    assert re.findall(r"SGD\(learning_rate=([\d.]+)", text) == ["0.1"]
    assert "learning_rate, momentum = 0.1, 0.9" in (ROOT / "snippets" / "11_adam" / "write_nesterov.py").read_text(encoding="utf-8")
    assert f"{config['epsilon']:g}" == "1e-07" and "1e-7 " in text
    # momentum: with mu = 0.9 the step tends to lr / (1 - mu), 10 times plain gradient descent
    mu = float(re.search(r"\$\\mu = ([\d.]+)\$", text).group(1))
    assert round(1 / (1 - mu)) == 10 and re.search(r"10 (?:倍|times as large)", text)
    paths = (ROOT / "snippets" / "11_adam" / "surface_paths.py").read_text(encoding="utf-8")
    assert f"momentum={mu}" in paths
    # the check against Keras runs the rules for as many steps as the page says
    rules_source = (ROOT / "snippets" / "11_adam" / "update_rules.py").read_text(encoding="utf-8")
    steps = len(re.search(r"grads = \[(.*)\]\n", rules_source).group(1).split("np.array")) - 1
    assert re.search(rf"{steps} (?:ステップずつ|steps on the same)", text) and steps == 3


# ------------------------------------------------------------------------------ the paper's epsilon


def test_snippet_paper_adam_keras_epsilon_is_the_papers_epsilon_hat(tmp_path):
    """Keras's first step with a constant gradient g is lr * g / (|g| + eps_hat / sqrt(1 - beta_2)); the
    paper's Algorithm 1 gives lr * g / (|g| + eps). The epsilon that makes the paper's step Keras's is
    worked out from Keras's own step, not from the snippet's formula."""
    stdout, _, values = run_snippet("snippets/11_adam/paper_adam.py")
    lr, eps, g = 0.001, 1e-7, np.array([1.0, 1e-5, 1e-7])
    keras_first = -keras_steps(keras.optimizers.Adam(epsilon=eps), np.zeros(3), [g])[0]
    paper_first = lr * g / (np.abs(g) + eps)  # m_hat = g, v_hat = g**2 at t = 1
    assert values["first_keras_tiny"] == f"{keras_first[2]:.2e}" and values["first_keras_large"] == f"{keras_first[0]:.2e}"
    assert values["first_paper_tiny"] == f"{paper_first[2]:.2e}" == "5.00e-04"
    assert keras_first[2] < paper_first[2] / 10  # the difference the page shows is not a rounding
    equivalent = g[2] * (lr / keras_first[2] - 1)  # the paper's epsilon that gives Keras's step
    assert float(values["eps_t1"]) == pytest.approx(equivalent, rel=1e-2)
    assert float(values["eps_t1000"]) == pytest.approx(eps / np.sqrt(1 - 0.999**1000), rel=1e-2)
    lines = stdout.splitlines()
    assert [line.split(": ")[-1] for line in lines if line.startswith("after")] == ["True", "False", "True"]
    assert lines[-1].startswith("step 10000") and "1.00e-07" in lines[-1]


def test_keras_adds_epsilon_to_the_uncorrected_root():
    """The pinned Keras source: epsilon is added to sqrt(v) of the uncorrected v (the paper's epsilon hat)."""
    import inspect

    source = inspect.getsource(keras.optimizers.Adam)
    assert "ops.add(ops.sqrt(v), self.epsilon)" in source and '"epsilon hat"' in source


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_names_adam_and_its_averages(lang):
    text = page_prose("11-adam", lang)
    assert "adaptive moment estimation" in text
    if lang == "ja":
        assert "適応的モーメント推定" in text and "指数移動平均" in text
        assert not re.search("(?<!指数)移動平均", text)
    else:
        assert "exponential moving average" in text and "running mean" not in text
    # Algorithm 1 with the bias-corrected averages comes before the folded form Keras uses
    assert text.index(r"\hat{m} = \frac{m}{1 - \beta_1^{\,t}}") < text.index(r"\hat{\epsilon} = \epsilon \sqrt{1 - \beta_2^{\,t}}")


def test_snippet_write_nesterov_agrees_with_kerass_nesterov_sgd(tmp_path):
    """Exercise 4: Nesterov momentum by hand. The printed Keras weights are Keras's own (recomputed here), and
    the answer's step follows keras.optimizers.SGD(nesterov=True) over eight steps with other settings; its first
    step is 1 + momentum times learning_rate * g, as the answer says."""
    stdout, _, values = run_snippet(rel := "snippets/11_adam/write_nesterov.py")
    w0 = np.array([1.0, -2.0, 0.5])
    grads = [np.array([0.3, -1.0, 2.0]), np.array([0.2, -0.5, -1.0]), np.array([0.1, 0.4, 0.0])]
    theirs = keras_steps(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True), w0, grads)
    lines = stdout.splitlines()
    for step, (line, w) in enumerate(zip(lines, theirs), start=1):
        assert line == f"step {step}: {np.round(w, 4)}  Keras {np.round(w, 4)}  same (1e-6): True"
    assert lines[3] == "first step / (learning_rate * g): [1.9 1.9 1.9]" and len(lines) == 4
    assert values == {"first_ratio": f"{1 + 0.9:g}", "momentum": 0.9, "learning_rate": 0.1}
    assert "learning_rate, momentum = 0.1, 0.9" in (ROOT / rel).read_text(encoding="utf-8")  # set once
    # the inputs tell Nesterov from plain momentum: their first steps already differ
    assert not np.allclose(theirs[0], keras_steps(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), w0, grads)[0])
    nesterov_step = answer_function(rel, "nesterov_step")
    rng = np.random.default_rng(3)
    grads = [rng.normal(size=4) for _ in range(8)]
    w, v, ours = np.ones(4), np.zeros(4), []
    for g in grads:
        w, v = nesterov_step(w, g, v, learning_rate=0.05, momentum=0.5)
        ours.append(w)
    keras8 = keras_steps(keras.optimizers.SGD(learning_rate=0.05, momentum=0.5, nesterov=True), np.ones(4), grads)
    np.testing.assert_allclose(ours, keras8, rtol=1e-6, atol=1e-6)


def test_exercise_four_points_to_the_file_that_holds_kerass_nesterov_rule():
    """Exercise 4 sends the reader to `update_step` in keras/src/optimizers/sgd.py: that file has the rule, and the
    answer's $w + \\mu v - \\eta g$ is what it adds when nesterov is true."""
    import inspect

    from keras.src.optimizers import sgd

    import keras

    # the page's command prints keras's folder; the file under it is the one that holds the rule
    assert Path(sgd.__file__).resolve() == (Path(keras.__file__).parent / "src" / "optimizers" / "sgd.py").resolve()
    source = inspect.getsource(sgd.SGD.update_step)
    assert "if self.nesterov:" in source
    for lang in ("en", "ja"):
        text = (ROOT / "docs" / f"11-adam.{lang}.md").read_text(encoding="utf-8")
        assert "`src/optimizers/sgd.py`" in text and "`update_step`" in text
        assert 'print(os.path.dirname(keras.__file__))' in text
        assert "SGD(learning_rate=0.1, momentum=0.9, nesterov=True)" in text
        assert r"w \leftarrow w + \mu v - \eta\, g" in text.split("??? note")[-1]  # in the answers, not the question
