"""Build-time execution of ``snippets/**/*.py`` with a content-hash cache.

Each snippet runs in its own interpreter (``_child.py``) inside an empty temporary folder; what it
prints becomes ``<stem>.out.txt`` and every file it writes (figures) is kept. Outputs are cached:

- the entry's key hashes the snippet's path and bytes and the versions of the libraries it may use;
- the entry records the hash of every project file the snippet imported or opened (``cnn_blog``
  modules, data files), found at run time, so editing one module re-runs exactly its importers.

Cached outputs are copied into ``out_dir/<snippet folder>/`` only where the bytes differ, so an
unchanged build writes nothing (``mkdocs serve`` does not loop) and two cold builds agree.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.sitebuild")

# Libraries whose version is part of every cache key: a new version may change outputs.
VERSIONED = (
    "numpy", "matplotlib", "matplotlib-fontja", "keras", "tensorflow-cpu", "scikit-image",
    "mlxtend", "scipy", "pillow", "nbclient", "ipykernel",
)
RUNNER_VERSION = "2"  # bump when the runner's own output format changes
CHILD = Path(__file__).with_name("_child.py")
VALUES_SUFFIX = ".values.json"


class SnippetError(RuntimeError):
    """A snippet raised: names the file and the line, and carries its traceback."""


@dataclass
class SnippetResult:
    snippet: str  # path relative to the project root, e.g. "snippets/03_relu/relu_numpy.py"
    executed: bool  # False when the cache answered
    stdout: str
    files: dict[str, Path] = field(default_factory=dict)  # output name -> file in the cache
    values: dict = field(default_factory=dict)  # numbers the snippet exported for the prose


def library_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds exactly it; True when written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


class SnippetRunner:
    def __init__(
        self,
        root,
        snippets_dir="snippets",
        out_dir="docs/generated",
        cache_dir=".cache/snippets",
        jobs: int | None = None,
        timeout: float = 1800,
        pattern: str = "*.py",
    ):
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / snippets_dir
        self.out_dir = self.root / out_dir
        self.cache_dir = self.root / cache_dir
        self.jobs = jobs or os.cpu_count() or 1
        self.timeout = timeout
        self.pattern = pattern
        self.versions = library_versions()

    # ----------------------------------------------------------------- discovery and keys
    def snippets(self) -> list[Path]:
        """Every runnable snippet (``pattern``) under snippets_dir, except names starting with ``_``."""
        found = [
            p for p in self.snippets_dir.rglob(self.pattern)
            if not any(part.startswith(("_", ".")) for part in p.relative_to(self.snippets_dir).parts)
        ]
        return sorted(found)

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def key(self, snippet: Path) -> str:
        payload = {
            "runner": RUNNER_VERSION,
            "snippet": self.rel(snippet),
            "bytes": _sha(snippet.read_bytes()),
            "versions": self.versions,
        }
        return _sha(json.dumps(payload, sort_keys=True).encode())[:32]

    def _deps_hashes(self, deps: list[str]) -> dict[str, str | None]:
        out = {}
        for rel in deps:
            p = self.root / rel
            out[rel] = _sha(p.read_bytes()) if p.is_file() else None
        return out

    # ----------------------------------------------------------------- cache
    def _entry_dir(self, snippet: Path) -> Path:
        return self.cache_dir / self.key(snippet)

    def _load_cached(self, snippet: Path) -> SnippetResult | None:
        entry = self._entry_dir(snippet)
        manifest = entry / "manifest.json"
        if not manifest.is_file():
            return None
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if self._deps_hashes(list(meta["deps"])) != meta["deps"]:
            return None  # a module or data file it read has changed
        return self._result(snippet, entry, meta, executed=False)

    def _result(self, snippet, entry: Path, meta: dict, executed: bool) -> SnippetResult:
        files = {name: entry / "files" / name for name in meta["files"]}
        values = {}
        for name in meta["files"]:
            if name.endswith(VALUES_SUFFIX):
                values.update(json.loads(files[name].read_text(encoding="utf-8")))
        return SnippetResult(self.rel(snippet), executed, meta["stdout"], files, values)

    # ----------------------------------------------------------------- execution
    def _execute(self, snippet: Path) -> SnippetResult:
        started = time.perf_counter()
        entry = self._entry_dir(snippet)
        with tempfile.TemporaryDirectory(prefix="cnn-blog-snippet-") as tmp:
            work = Path(tmp) / "work"
            work.mkdir()
            report = Path(tmp) / "report.json"
            env = dict(os.environ)
            env.update(
                MPLBACKEND="Agg",
                SOURCE_DATE_EPOCH="0",  # matplotlib writes no build date into SVG/PDF
                PYTHONHASHSEED="0",
                TF_CPP_MIN_LOG_LEVEL="3",  # no TensorFlow log lines in outputs (notebook kernels inherit it)
                PYTHONPATH=os.pathsep.join([str(self.root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            )
            proc = subprocess.run(
                [sys.executable, str(CHILD), str(snippet), str(self.root), str(report)],
                cwd=work, env=env, capture_output=True, text=True, timeout=self.timeout,
            )
            info = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else None
            if proc.returncode != 0 or info is None or info["error"]:
                raise self._error(snippet, proc, info)
            if entry.exists():
                shutil.rmtree(entry)
            (entry / "files").mkdir(parents=True)
            names = []
            for produced in sorted(work.rglob("*")):
                if produced.is_file():
                    name = produced.relative_to(work).as_posix()
                    if "/" in name:
                        raise SnippetError(f"{self.rel(snippet)}: wrote {name}; write outputs flat, in the working folder")
                    shutil.copyfile(produced, entry / "files" / name)
                    names.append(name)
        deps = [Path(p).resolve().relative_to(self.root).as_posix() for p in info["deps"]]
        meta = {"stdout": proc.stdout, "files": names, "deps": self._deps_hashes(sorted(set(deps)))}
        (entry / "manifest.json").write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
        log.info("ran %s in %.1f s", self.rel(snippet), time.perf_counter() - started)
        return self._result(snippet, entry, meta, executed=True)

    def _error(self, snippet: Path, proc, info) -> SnippetError:
        rel = self.rel(snippet)
        if info and info.get("error"):
            err = info["error"]
            where = f"{rel}:{err['line']}" if err["line"] else rel
            return SnippetError(f"snippet {where} raised {err['message']}\n{err['traceback']}")
        return SnippetError(f"snippet {rel} failed (exit {proc.returncode})\n{proc.stderr[-4000:]}")

    def run(self, snippet: Path) -> SnippetResult:
        return self._load_cached(snippet) or self._execute(snippet)

    def run_all(self) -> list[SnippetResult]:
        """Run (or take from the cache) every snippet, then refresh ``out_dir``."""
        snippets = self.snippets()
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            results = list(pool.map(self.run, snippets))
        self.materialize(results)
        return results

    # ----------------------------------------------------------------- outputs
    def out_folder(self, result: SnippetResult) -> Path:
        snippet = self.root / result.snippet
        return self.out_dir / snippet.parent.relative_to(self.snippets_dir)

    def materialize(self, results: list[SnippetResult]) -> int:
        """Copy outputs into ``out_dir``, touching only files whose bytes changed; drop stale ones."""
        wanted: dict[Path, bytes] = {}
        for r in results:
            folder = self.out_folder(r)
            stem = Path(r.snippet).stem
            if r.snippet.endswith(".py"):
                wanted[folder / f"{stem}.out.txt"] = r.stdout.encode("utf-8")
            for name, src in r.files.items():
                if name.endswith(VALUES_SUFFIX):
                    continue
                dest = folder / name
                if dest in wanted:
                    raise SnippetError(f"two snippets in {folder} both write {name}")
                wanted[dest] = src.read_bytes()
        written = sum(write_if_changed(path, data) for path, data in wanted.items())
        if self.out_dir.exists():
            for path in sorted(self.out_dir.rglob("*"), reverse=True):
                if path.is_file() and path not in wanted:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        return written
