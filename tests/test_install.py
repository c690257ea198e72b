"""The library installs light: ``pip install cnn-blog`` with no extra, into a fresh virtual
environment, gives the NumPy layers, losses, optimizer and model with NumPy as the only dependency,
and no TensorFlow or Matplotlib; what needs an extra says which one to install.

The install is the one a reader makes (a non-editable ``pip install`` with build isolation) from a
copy of the files a clone has (``git ls-files``, plus the package's files not committed yet), so
the checkout gets no ``build/`` or ``*.egg-info`` and the project's ``.venv`` is not touched. pip
reaches the package index for NumPy and setuptools (its cache makes that quick).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

from conftest import ROOT

# Run inside the fresh environment: a forward and backward pass and one Adam step with the NumPy
# model, then what is installed and what can be imported.
BARE_SCRIPT = textwrap.dedent('''
    import sys
    baseline = set(sys.modules)
    import importlib, importlib.metadata, importlib.util, json, re, sysconfig
    import numpy as np
    import cnn_blog.data
    import cnn_blog.layers as L
    import cnn_blog.numpy_model as nm
    from cnn_blog.losses import SoftmaxCrossEntropy
    from cnn_blog.optimizers import Adam

    model = nm.Sequential([L.Conv2D(4, 3, padding="same"), L.ReLU(), L.MaxPooling2D(2), L.Flatten(),
                           L.Dense(3), L.Softmax()]).build((8, 8, 1), seed=0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 8, 8, 1)).astype(np.float32)
    t = nm.one_hot(np.array([0, 1, 2, 0, 1, 2]), 3)

    def loss_of(model):
        scores = x
        for layer in model.layers[:-1]:
            scores = layer.forward(scores)
        return SoftmaxCrossEntropy().forward(scores, t)

    probs = model.forward(x)                              # forward through every layer
    dx = model.backward(probs - t)                        # backward through every layer
    before = model.get_weights()
    loss_before = loss_of(model)
    loss_layer = SoftmaxCrossEntropy()
    scores = x
    for layer in model.layers[:-1]:
        scores = layer.forward(scores, training=True)
    loss_layer.forward(scores, t)
    dout = loss_layer.backward()
    for layer in reversed(model.layers[:-1]):
        dout = layer.backward(dout)
    Adam(learning_rate=0.01).update(model.layers)         # one Adam step
    changed = [bool(np.any(a != b)) for a, b in zip(before, model.get_weights())]

    def norm(name):
        return re.sub(r"[-_.]+", "-", name).lower()

    def missing(call):
        try:
            call()
        except ModuleNotFoundError as exc:
            return str(exc)
        return None

    # without the extras, each part that needs one says which to install
    missing_extras = {
        "data": missing(lambda: cnn_blog.data.load_mnist_5k()),
        "figures": missing(lambda: importlib.import_module("cnn_blog.figures.style")),
        "keras": missing(lambda: importlib.import_module("cnn_blog.train")),
    }

    print(json.dumps({
        "missing_extras": missing_extras,
        "probs_shape": list(probs.shape), "probs_sum": probs.sum(axis=1).tolist(),
        "dx_shape": list(dx.shape), "dx_finite": bool(np.isfinite(dx).all()),
        "loss_before": float(loss_before), "loss_after": float(loss_of(model)), "changed": changed,
        "cnn_blog_file": __import__("cnn_blog").__file__, "purelib": sysconfig.get_paths()["purelib"],
        "distributions": sorted(norm(d.metadata["Name"]) for d in importlib.metadata.distributions()),
        "numpy": np.__version__,
        # part 12's timings are package data, read through importlib.resources, not a checkout path
        "epoch_times_runs": [r["name"] for r in __import__("cnn_blog.demos.training", fromlist=["x"]).epoch_times()["runs"]],
        "found": {name: importlib.util.find_spec(name) is not None for name in (
            "tensorflow", "keras", "matplotlib", "skimage", "sklearn", "mlxtend", "PIL", "scipy",
            "cnn_blog.figures", "cnn_blog.demos", "cnn_blog.data", "sitebuild")},
        # modules loaded from site-packages other than NumPy's and cnn_blog's own
        "third_party": sorted({name.split(".")[0] for name in set(sys.modules) - baseline
                               if (getattr(sys.modules[name], "__file__", None) or "").startswith(
                                   (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]))}
                              - {"numpy", "cnn_blog"}),
    }))
''')


def checkout_copy(dest: Path) -> Path:
    """The files a clone has (``git ls-files``) plus uncommitted files of the packages, copied."""
    def listed(*args: str) -> list[str]:
        out = subprocess.run(["git", "ls-files", "-z", *args], cwd=ROOT, capture_output=True, check=True)
        return [p for p in out.stdout.decode().split("\0") if p]

    files = set(listed()) | set(listed("--others", "--exclude-standard", "--", "cnn_blog", "sitebuild"))
    for rel in sorted(files):
        src = ROOT / rel
        if src.is_file():  # a file deleted in the work tree is still listed until committed
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def installed_size(site_packages: Path) -> int:
    """Bytes in site-packages, leaving out the installer itself (pip, setuptools) that venv puts there."""
    installer = ("pip", "setuptools", "pkg_resources", "_distutils_hack", "distutils-precedence.pth")
    return sum(p.stat().st_size for top in site_packages.iterdir()
               if not top.name.startswith(installer) for p in [top, *top.rglob("*")]
               if p.is_file() and not p.is_symlink())


def test_the_bare_install_is_the_numpy_library_and_nothing_heavier(tmp_path):
    source = checkout_copy(tmp_path / "cnn-blog")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, clear=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    pip = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, f"pip install {source} failed:\n{pip.stdout}\n{pip.stderr}"

    script = tmp_path / "bare.py"
    script.write_text(BARE_SCRIPT, encoding="utf-8")
    # -I: only the fresh environment's site-packages, not the checkout or PYTHONPATH
    proc = subprocess.run([python, "-I", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)

    assert got["probs_shape"] == [6, 3] and all(abs(s - 1) < 1e-5 for s in got["probs_sum"])
    assert got["dx_shape"] == [6, 8, 8, 1] and got["dx_finite"]
    assert all(got["changed"]) and len(got["changed"]) == 4, "Adam changed every kernel and bias"
    assert got["loss_after"] < got["loss_before"], "one Adam step on the batch lowers its loss"
    assert Path(got["cnn_blog_file"]).is_relative_to(got["purelib"]), "imported from the fresh install"

    assert set(got["distributions"]) - {"pip", "setuptools"} == {"cnn-blog", "numpy"}, got["distributions"]
    from packaging.version import Version
    from test_notebooks_travel import lower_bounds

    assert Version(got["numpy"]) >= Version(lower_bounds()["numpy"]), "pip took a NumPy in the declared range"
    for extra, module in (("data", "sklearn"), ("figures", "matplotlib"), ("keras", "tensorflow")):
        assert got["missing_extras"][extra] is not None and f"needs {module}, which the '{extra}' extra installs: " \
            f'pip install "cnn-blog[{extra}]"' in got["missing_extras"][extra], got["missing_extras"]
    committed = json.loads((ROOT / "cnn_blog" / "demos" / "epoch_times.json").read_text(encoding="utf-8"))
    assert got["epoch_times_runs"] == [r["name"] for r in committed["runs"]], "the timings ship with the package"
    heavy = {"tensorflow", "keras", "matplotlib", "skimage", "sklearn", "mlxtend", "PIL", "scipy"}
    assert not {name for name in heavy if got["found"][name]}, got["found"]
    assert got["found"]["cnn_blog.figures"] and got["found"]["cnn_blog.demos"], "subpackages are installed"
    assert got["found"]["cnn_blog.data"] and not got["found"]["sitebuild"], "the wheel ships the library only"
    assert got["third_party"] == [], f"imported beyond NumPy and the standard library: {got['third_party']}"

    size = installed_size(Path(got["purelib"]))
    print(f"bare install: {size / 1e6:.1f} MB besides pip and setuptools, in {got['purelib']}")
    assert size < 100e6, "NumPy and cnn_blog take about 75 MB; TensorFlow alone would take over 1 GB"
