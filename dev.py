#!/usr/bin/env python3
"""The project's two commands, for a fresh machine with only Python >= 3.11 and git.

    python3 dev.py serve    install what is needed, build the site, serve it on http://127.0.0.1:8000
    python3 dev.py test     install what is needed, run the whole test suite (pytest)
    python3 dev.py translations [--stamp PAGE[#SECTION] | --stamp --all]
                            list the section pairs whose Japanese or English text changed since they were
                            last checked together (exit 1 if any); --stamp records them as checked

Both create ``.venv`` on first use and reinstall only when pyproject.toml or constraints.txt change.
Extra arguments go to ``mkdocs serve`` or ``pytest``. ``--dry-run`` prints the commands instead.
Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CNN_BLOG_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".cnn-blog-installed"


def install_key() -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def run(cmd: list[str], dry: bool) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    if not dry:
        subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def ensure_env(dry: bool) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"dev.py: Python >= 3.11 is needed, this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        run([sys.executable, "-m", "venv", VENV], dry)
    key = install_key()
    if STAMP.is_file() and STAMP.read_text() == key:
        return
    run([BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip"], dry)
    run([BIN / "python", "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", ".[test]"], dry)
    if not dry:
        STAMP.write_text(key)


def ensure_node_modules(dry: bool) -> None:
    """The test-only JavaScript packages (axe-core for tests/test_accessibility.py), pinned in
    package-lock.json: ``npm ci`` when node_modules/axe-core is missing or package-lock.json changed.
    Without npm the accessibility test is skipped (it fails under CI) and this says how to get it."""
    lock = ROOT / "package-lock.json"
    if not lock.is_file():
        return
    stamp = ROOT / "node_modules" / ".cnn-blog-installed"
    key = hashlib.sha256(lock.read_bytes()).hexdigest()
    if (ROOT / "node_modules" / "axe-core").is_dir() and stamp.is_file() and stamp.read_text() == key:
        return
    npm = shutil.which("npm")
    if npm is None:
        print("dev.py: npm not found, so axe-core is not installed and the accessibility test will be "
              "skipped; install Node.js and npm (apt-get install nodejs npm) to run it", flush=True)
        return
    run([npm, "ci", "--no-audit", "--no-fund"], dry)
    if not dry:
        stamp.write_text(key)


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    argv = [a for a in argv if a != "--dry-run"]
    if not argv or argv[0] not in ("serve", "test", "build", "translations"):
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    if command == "translations":  # standard library only: needs no install
        from sitebuild import translations

        return translations.main(extra)
    ensure_env(dry)
    env_bin = str(BIN)
    os.environ["PATH"] = env_bin + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        if command == "serve":
            run([BIN / "mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", *extra], dry)
        elif command == "build":
            run([BIN / "mkdocs", "build", "--strict", *extra], dry)
        else:
            ensure_node_modules(dry)
            run([BIN / "python", "-m", "pytest", *extra], dry)
    except subprocess.CalledProcessError as exc:
        return exc.returncode
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
