"""Build-time execution of ``snippets/**/*.py`` and ``notebooks/*.ipynb`` with a content-hash cache.

Each snippet runs in a fresh process (forked by the warm worker, ``sitebuild.warm``, or started on
its own) inside an empty temporary folder, with the environment the build decides
(``sitebuild.environment``); what it prints becomes ``<stem>.out.txt`` and every file it writes
(figures) is kept. Outputs are cached (``sitebuild.cache``):

- the entry's key hashes the snippet's path and bytes and the fingerprint of everything else that
  can change an output: every installed distribution's version, Python, the fixed environment and
  the build's own code;
- the entry records the hash of every project file the snippet imported or opened, found at run
  time, so editing one module re-runs exactly its importers. Those files are hashed before and
  after the run: one edited while it ran makes the result good for this build only (not cached).

Cached outputs are copied into ``out_dir/<snippet folder>/`` only where the bytes differ, so an
unchanged build writes nothing (``mkdocs serve`` does not loop) and two cold builds agree.
What a run writes to stderr (a warning) is logged with its file at every build, cached or not:
with ``mkdocs build --strict`` it fails the build.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cnn_blog._native_logs import drop_native_notes
from sitebuild import code_language, environment
from sitebuild._child import NOT_INPUTS
from sitebuild.cache import CacheStore

log = logging.getLogger("mkdocs.plugins.sitebuild")

CHILD = Path(__file__).with_name("_child.py")
VALUES_SUFFIX = ".values.json"
LISTING = "listing:"  # a dependency on the names in a folder, not on a file
TIMES_FILE = "build-times"  # .json (for the next build's order and estimate) and .txt (for people)


class SnippetError(RuntimeError):
    """A snippet raised or timed out: names the file and the line, and carries its traceback."""


@dataclass
class SnippetResult:
    snippet: str  # path relative to the project root, e.g. "snippets/03_relu/relu_numpy.py"
    executed: bool  # False when the cache answered
    stdout: str
    files: dict[str, Path] = field(default_factory=dict)  # output name -> file in the cache
    values: dict = field(default_factory=dict)  # numbers the snippet exported for the prose
    seconds: float = 0.0
    cached: bool = True  # False when an input changed during the run: used now, not stored
    stderr: str = ""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _default_file_mode() -> int:
    umask = os.umask(0)  # read once at import, before any thread: os.umask only reads by setting
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_file_mode()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds exactly it; True when written (atomically)."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    # mkstemp makes the file readable by its owner only; a served file must be readable by all
    # (GitHub Pages refuses an artifact with unreadable files): the mode open() would give it.
    os.chmod(tmp, _FILE_MODE)
    os.replace(tmp, path)
    return True


class ProjectFiles:
    """Hashes of the project's files, re-read only when a file's size or time changes."""

    def __init__(self, root: Path):
        self.root = root
        self._known: dict[str, tuple[int, int, str]] = {}
        self._lock = threading.Lock()

    def hash(self, rel: str) -> str | None:
        path = self.root / rel
        try:
            st = path.stat()
        except OSError:
            return None
        with self._lock:
            known = self._known.get(rel)
        if known and known[:2] == (st.st_mtime_ns, st.st_size):
            return known[2]
        try:
            digest = _sha(path.read_bytes())
        except OSError:
            return None
        with self._lock:
            self._known[rel] = (st.st_mtime_ns, st.st_size, digest)
        return digest

    def listing(self, rel: str) -> str | None:
        """The hash of the names in the folder ``rel`` ("" or "." for the root), or None."""
        try:
            names = sorted(os.listdir(self.root / rel))
        except OSError:
            return None
        return _sha("\0".join(names).encode())

    def snapshot(self) -> dict[str, str]:
        """Every file a snippet could read, hashed now."""
        skip = {self.root / folder for folder in NOT_INPUTS}
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            here = Path(dirpath)
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and here / d not in skip
                           and d not in ("__pycache__", "node_modules")]
            for name in filenames:
                rel = (here / name).relative_to(self.root).as_posix()
                digest = self.hash(rel)
                if digest is not None:
                    out[rel] = digest
        return out


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
        home=None,
        lang: str | None = None,
    ):
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / snippets_dir
        self.out_dir = self.root / out_dir
        self.cache_dir = self.root / cache_dir
        self.store = CacheStore(self.cache_dir)
        self.jobs = jobs or os.cpu_count() or 1
        self.timeout = timeout
        self.pattern = pattern
        self.home = Path(home) if home else environment.fresh_home()
        self.env = environment.run_environment(self.root, self.home)
        self.fingerprint = environment.fingerprint_hash()
        self.files = ProjectFiles(self.root)
        # "ja": run each snippet's Japanese file (sitebuild.code_language), keep its output and the file
        self.lang = lang
        self._table: dict[str, str] | None = None

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

    def runs(self, snippet: Path, data: bytes) -> bytes:
        """The bytes that run for the file's bytes ``data``: themselves, or their Japanese version."""
        if self.lang != "ja" or snippet.suffix != ".py":
            return data
        try:
            if self._table is None:
                self._table = code_language.catalogue(self.root)
            return code_language.translate(data.decode("utf-8"), self.rel(snippet), self._table).encode("utf-8")
        except ValueError as exc:  # an untranslated text, a bad catalogue entry
            raise SnippetError(str(exc)) from None

    def key(self, snippet: Path, data: bytes | None = None) -> str:
        """The cache key of ``snippet`` running the bytes ``data`` (default: what the file runs now);
        the language is part of it: the Japanese file is another program."""
        payload = {
            "snippet": self.rel(snippet),
            "bytes": _sha(self.runs(snippet, snippet.read_bytes()) if data is None else data),
            "environment": self.fingerprint,
            "lang": self.lang or "en",
        }
        return _sha(json.dumps(payload, sort_keys=True).encode())[:32]

    def _project_rel(self, path: str) -> str:
        return Path(os.path.abspath(path)).relative_to(self.root).as_posix()

    def _deps_hashes(self, deps) -> dict[str, str | None]:
        """Each input's state now: a file's hash (None while it does not exist), or for
        ``listing:<folder>`` the hash of the folder's sorted names (None if it is gone)."""
        return {rel: self.files.listing(rel[len(LISTING):]) if rel.startswith(LISTING) else self.files.hash(rel)
                for rel in deps}

    # ----------------------------------------------------------------- cache
    def cached(self, snippet: Path) -> SnippetResult | None:
        """The stored result of ``snippet`` as it is now, or None; runs nothing."""
        return self._load_cached(snippet, self.key(snippet))

    def _load_cached(self, snippet: Path, key: str, locked: bool = False) -> SnippetResult | None:
        meta = self.store.load(key, self.rel(snippet), locked)
        if meta is None:
            return None
        if self._deps_hashes(list(meta["deps"])) != meta["deps"]:
            return None  # a module or data file it read has changed
        return self._result(snippet, self.store.entry(key), meta, executed=False)

    def _result(self, snippet, entry: Path, meta: dict, executed: bool, seconds: float = 0.0,
                cached: bool = True) -> SnippetResult:
        files = {name: entry / "files" / name for name in meta["files"]}
        values = {}
        for name in meta["files"]:
            if name.endswith(VALUES_SUFFIX):
                values.update(json.loads(files[name].read_text(encoding="utf-8")))
        return SnippetResult(self.rel(snippet), executed, meta["stdout"], files, values,
                             seconds=seconds, cached=cached, stderr=meta.get("stderr", ""))

    # ----------------------------------------------------------------- execution
    def _spawn(self, snippet: Path, work: Path, report: Path, out, err, worker, source: Path) -> int:
        """Run the child on ``source`` (the bytes the key was made of); returns its exit code, raises
        TimeoutError past the time limit.

        A snippet runs as a copy in the empty folder, as a reader's download would: its own folder
        is not on ``sys.path`` and ``__file__`` is not in the repository, so a snippet that imports
        a sibling script or reads a file of the checkout fails here, not on the reader's machine. A
        notebook is read from ``source`` (outside the working folder: a listing of it shows nothing)."""
        if snippet.suffix == ".py":
            shutil.copyfile(source, work / snippet.name)
            source = work / snippet.name
        args = [str(source), str(self.root), str(report), str(self.timeout)]
        grace = self.timeout + 30  # the child reports its own time-out first, with its stack
        if worker is not None:
            return worker.run("snippet", args, str(work), out, err, grace)
        proc = subprocess.Popen([sys.executable, str(CHILD), *args], cwd=work, env=self.env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            return proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise TimeoutError(f"still running after {grace:.0f} s") from None

    def _execute(self, snippet: Path, key: str, worker, source: Path, file_sha: str) -> SnippetResult:
        started = time.perf_counter()
        rel = self.rel(snippet)
        before = self.files.snapshot()
        with tempfile.TemporaryDirectory(prefix="cnn-blog-snippet-") as tmp:
            work = Path(tmp) / "work"
            work.mkdir()
            report = Path(tmp) / "report.json"
            out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                try:
                    code = self._spawn(snippet, work, report, out, err, worker, source)
                except TimeoutError as exc:
                    raise self._timeout(rel, err_path, exc) from None
                except (OSError, RuntimeError) as exc:  # the warm worker itself failed
                    raise SnippetError(f"snippet {rel} could not be run: {exc}") from None
            stdout = out_path.read_text(encoding="utf-8", errors="replace")
            stderr = drop_native_notes(err_path.read_text(encoding="utf-8", errors="replace"))
            info = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else None
            if code != 0 or info is None or info["error"]:
                raise self._error(rel, code, stderr, info)
            stderr += "".join(info.get("stderr", []))
            produced = {}
            for path in sorted(work.rglob("*")):
                if path.is_file() and not (snippet.suffix == ".py" and path.name == snippet.name):
                    name = path.relative_to(work).as_posix()
                    if "/" in name:
                        raise SnippetError(f"{rel}: wrote {name}; write outputs flat, in the working folder")
                    produced[name] = path
            deps = sorted({self._project_rel(p) for p in info["deps"] + info.get("absent", [])}
                          | {LISTING + self._project_rel(p) for p in info.get("listed", [])})
            meta = {"stdout": stdout, "stderr": stderr, "files": sorted(produced), "deps": self._deps_hashes(deps)}
            # (a folder's listing is not in the snapshot: one changed during the run is seen at the next build)
            changed = [d for d in deps if not d.startswith(LISTING) and before.get(d) != meta["deps"][d]]
            if self.files.hash(rel) != file_sha:  # saved while it ran: not what ran
                changed.append(rel)
            seconds = time.perf_counter() - started
            if changed:
                log.warning("%s: %s changed while it ran; its output is used for this build but not cached",
                            rel, ", ".join(changed))
                keep = Path(tempfile.mkdtemp(prefix="cnn-blog-uncached-"))
                (keep / "files").mkdir()
                for name, path in produced.items():
                    os.replace(path, keep / "files" / name)
                return self._result(snippet, keep, meta, executed=True, seconds=seconds, cached=False)
            entry = self.store.store(key, meta, produced)
        return self._result(snippet, entry, meta, executed=True, seconds=seconds)

    def _timeout(self, rel: str, err_path: Path, exc: Exception) -> SnippetError:
        stack = err_path.read_text(encoding="utf-8", errors="replace") if err_path.is_file() else ""
        name = re.escape(Path(rel).name)  # the copy that ran, in the work folder
        lines = re.findall(rf'File "[^"]*/work/{name}", line (\d+)', stack)
        where = f"{rel}:{lines[0]}" if lines else rel  # faulthandler lists the innermost call first
        return SnippetError(f"snippet {where} timed out ({exc}; the limit is {self.timeout:.0f} s)\n{stack[-4000:]}")

    def _error(self, rel: str, code: int, stderr: str, info) -> SnippetError:
        if info and info.get("error"):
            err = info["error"]
            where = f"{rel}:{err['line']}" if err["line"] else rel
            return SnippetError(f"snippet {where} raised {err['message']}\n{err['traceback']}")
        return SnippetError(f"snippet {rel} failed (exit {code})\n{stderr[-4000:]}")

    def run(self, snippet: Path, worker=None) -> SnippetResult:
        """The result of ``snippet``: from the cache, or by running it. The bytes are read once and
        both the key and the run are made of them (a run starts from a copy of exactly those bytes),
        so a save during the build can neither run under the old bytes' key nor be stored under it
        (a save during the run is not cached)."""
        original = snippet.read_bytes()
        data = self.runs(snippet, original)
        key = self.key(snippet, data)
        cached = self._load_cached(snippet, key)
        if cached is not None:
            return cached
        with self.store.lock(key):  # another build may be running it: wait, then read its entry
            cached = self._load_cached(snippet, key, locked=True)
            if cached is not None:
                return cached
            with tempfile.TemporaryDirectory(prefix="cnn-blog-source-") as tmp:
                source = Path(tmp) / snippet.name
                source.write_bytes(data)
                return self._execute(snippet, key, worker, source, _sha(original))

    def run_all(self, warm: bool = True) -> list[SnippetResult]:
        """Run (or take from the cache) every snippet, then refresh ``out_dir``."""
        return run_together([self], warm=warm)[0]

    # ----------------------------------------------------------------- outputs
    def extra_outputs(self) -> dict[Path, bytes]:
        """Besides the snippets' outputs: in Japanese, the package's modules the pages show."""
        if self.lang != "ja":
            return {}
        try:
            return {self.out_dir / rel: code_language.translate_file(self.root / rel, self.root, self._table).encode()
                    for rel in code_language.shown_modules(self.root)}
        except ValueError as exc:
            raise SnippetError(str(exc)) from None

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
            if self.lang:  # the Japanese file a page shows and serves
                snippet = self.root / r.snippet
                wanted[folder / snippet.name] = self.runs(snippet, snippet.read_bytes())
            for name, src in r.files.items():
                if name.endswith(VALUES_SUFFIX) or (self.lang and not name.endswith(".out.txt")):
                    continue  # values go to the prose; figures are the English run's (they hold both languages)
                dest = folder / name
                if dest in wanted:
                    raise SnippetError(f"two snippets in {folder} both write {name}")
                wanted[dest] = src.read_bytes()
        wanted.update(self.extra_outputs())
        # Two builds of one project (two terminals, `serve` and `build`) refresh the same folder: one at
        # a time, or one's sweep below deletes the other's half-written temporary file before it is renamed.
        with self.store.lock("outputs"):
            written = sum(write_if_changed(path, data) for path, data in wanted.items())
            if self.out_dir.exists():
                for path in sorted(self.out_dir.rglob("*"), reverse=True):
                    if path.is_file() and path not in wanted:
                        path.unlink()
                    elif path.is_dir() and not any(path.iterdir()):
                        path.rmdir()
        return written


# --------------------------------------------------------------------- many runners, one pool
def _fmt(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def run_together(runners: list[SnippetRunner], warm: bool = True) -> list[list[SnippetResult]]:
    """Run every runner's snippets in one pool (both cores busy until the end), the slowest of the
    last build first; log progress, write the time table; then refresh each runner's outputs."""
    if not runners:
        return []
    cache_root = runners[0].cache_dir.parent
    times_json = cache_root / f"{TIMES_FILE}.json"
    try:
        previous = json.loads(times_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    jobs = [(runner, snippet) for runner in runners for snippet in runner.snippets()]
    order = sorted(range(len(jobs)), key=lambda i: -previous.get(runners[0].rel(jobs[i][1]), 0.0))
    pending = [(runner, snippet, runner.key(snippet)) for runner, snippet in (jobs[i] for i in order)]
    # Cache hits first (they take no time); the worker starts only if something has to run.
    answered, to_run = {}, []
    for runner, snippet, key in pending:
        hit = runner._load_cached(snippet, key)
        if hit is not None:
            answered[(runner, snippet)] = hit
        else:
            to_run.append((runner, snippet))
    worker = None
    if to_run and warm:
        worker = _start_worker(runners[0])
    total, done = len(jobs), len(answered)
    started = time.perf_counter()
    lock = threading.Lock()
    expected = {runners[0].rel(s): previous.get(runners[0].rel(s)) for _, s in to_run}

    def one(item):
        nonlocal done
        runner, snippet = item
        result = runner.run(snippet, worker)
        with lock:
            done += 1
            expected.pop(result.snippet, None)
            ran = [r for r in answered.values() if r.executed] + [result]
            mean = sum(r.seconds for r in ran) / len(ran)
            left = sum(v if v is not None else mean for v in expected.values()) / runners[0].jobs
            answered[item] = result
            how = f"ran in {result.seconds:.1f} s" if result.executed else "from the cache"
            log.info("[%d/%d] %s %s; about %s left", done, total, result.snippet, how, _fmt(left))
        return result

    if to_run:
        log.info("%d of %d snippets and notebooks to run (%d answered by the cache)%s", len(to_run), total,
                 len(answered), "" if worker else ", without the warm worker")
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=runners[0].jobs) as pool:
            list(pool.map(one, to_run))
    finally:
        if worker is not None:
            worker.close()
    results = [[answered[(runner, s)] for s in runner.snippets()] for runner in runners]
    for runner, rs in zip(runners, results):
        for r in rs:
            if r.stderr.strip():
                log.warning("%s wrote to stderr (a warning belongs in the build log, not on a page):\n%s",
                            r.snippet, r.stderr.rstrip())
        runner.materialize(rs)
    if to_run:
        _write_times(cache_root, [r for rs in results for r in rs], previous, time.perf_counter() - started)
    return results


def _start_worker(runner: SnippetRunner):
    from sitebuild.warm import Worker

    try:
        return Worker(runner.env, runner.home)
    except (OSError, RuntimeError) as exc:  # no Unix sockets or fork here: one process per run
        log.info("warm worker not available (%s); each snippet starts its own interpreter", exc)
        return None


def _write_times(cache_root: Path, results: list[SnippetResult], previous: dict, wall: float) -> None:
    """The time table, slowest first: ``build-times.txt`` for people, ``.json`` for the next build."""
    times = dict(previous)
    for r in results:
        if r.executed:
            times[r.snippet] = round(r.seconds, 2)
    write_if_changed(cache_root / f"{TIMES_FILE}.json", json.dumps(times, indent=1, sort_keys=True).encode())
    rows = sorted(results, key=lambda r: (-(r.seconds if r.executed else times.get(r.snippet, 0.0)), r.snippet))
    lines = [f"{'seconds':>8}  {'how':<6}  snippet or notebook",
             *(f"{(r.seconds if r.executed else times.get(r.snippet, 0.0)):>8.1f}  "
               f"{'ran' if r.executed else 'cache':<6}  {r.snippet}" for r in rows)]
    ran = [r for r in results if r.executed]
    lines.append(f"{len(ran)} ran ({sum(r.seconds for r in ran):.0f} s of run time in {wall:.0f} s), "
                 f"{len(results) - len(ran)} from the cache; times of cached ones are from their last run")
    table = "\n".join(lines) + "\n"
    write_if_changed(cache_root / f"{TIMES_FILE}.txt", table.encode())
    log.info("snippet and notebook times (also in %s):\n%s", cache_root / f"{TIMES_FILE}.txt", table)


JAPANESE_OUT = code_language.JAPANESE_OUT  # the Japanese snippets, their outputs, the package's shown modules


def site_runners(root, cache=".cache") -> list[SnippetRunner]:
    """The snippets (``snippets/**.py``) and the notebooks (``notebooks/*.ipynb``) of the site."""
    return [
        SnippetRunner(root, "snippets", "docs/generated", f"{cache}/snippets"),
        SnippetRunner(root, "notebooks", "docs/notebooks", f"{cache}/notebooks", pattern="*.ipynb"),
    ] + ([SnippetRunner(root, "snippets", JAPANESE_OUT, f"{cache}/snippets-ja", lang="ja")]
         if code_language.catalogue_files(Path(root)) else [])  # a project with Japanese for its code


def build_all(root) -> dict[str, dict]:
    """Run (or take from the cache) every snippet and notebook of the site at ``root``.

    Returns the values they exported for the prose, by ``"03_relu/relu_feature_map"``."""
    runners = site_runners(Path(root).resolve())
    values: dict[str, dict] = {}
    for runner, results in zip(runners, run_together(runners)):
        for result in results:
            key = Path(result.snippet).relative_to(runner.snippets_dir.name).with_suffix("").as_posix()
            if runner.lang:  # the Japanese file is the same program: the same numbers, or the build stops
                if result.values != values[key]:
                    raise SnippetError(f"{result.snippet} exports other values in Japanese than in English: "
                                       f"{result.values} vs {values[key]}")
                continue
            values[key] = result.values
    return values
