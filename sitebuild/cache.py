"""The store of finished runs under ``.cache/``: one folder per key, never seen half-written.

An entry is ``<key>/manifest.json`` plus ``<key>/files/``. It is written into a temporary folder
beside it and renamed into place, so a reader sees a whole entry or none; a build killed midway
leaves a temporary folder that the next build removes. An entry that cannot be read (a truncated
manifest, a missing file) is discarded and its snippet runs again: the build says so in its log and
succeeds (a cache that heals itself is not an author's warning, so ``--strict`` passes). Builds that
share the cache (``mkdocs serve``, the tests' workers) take a lock per key while they run a snippet, so
the second waits for the first and then reads its entry instead of running it too. Only a reader
holding that lock discards an entry: a read without it (the first look, which takes no lock) that
meets an entry being replaced treats it as absent and asks again under the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.sitebuild")
STALE_TEMP_SECONDS = 24 * 3600


class CacheStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._sweep()

    def _sweep(self) -> None:
        """Remove temporary folders that a killed build left (old enough not to be in use)."""
        for path in self.folder.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > STALE_TEMP_SECONDS:
                    shutil.rmtree(path, ignore_errors=True)

    def entry(self, key: str) -> Path:
        return self.folder / key

    @contextlib.contextmanager
    def lock(self, key: str):
        """Held while one build runs ``key``'s snippet: others wait, then find its entry."""
        with open(self.folder / f".{key}.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def load(self, key: str, what: str, locked: bool = False) -> dict | None:
        """The manifest of a whole entry, or None (absent, or unreadable: discarded when the caller
        holds the key's lock, ``locked``, else left to the reader who does)."""
        entry = self.entry(key)
        manifest = entry / "manifest.json"
        if not entry.is_dir():
            return None
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or not isinstance(meta.get("deps"), dict):
                raise ValueError("not a manifest")
            missing = [name for name in meta["files"] if not (entry / "files" / name).is_file()]
            if missing:
                raise ValueError(f"missing {missing}")
            str(meta["stdout"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            if locked:
                log.info("cache entry of %s was unreadable (%s); discarded, running it again", what, exc)
                self.discard(key)
            return None
        return meta

    def discard(self, key: str) -> None:
        entry = self.entry(key)
        if entry.exists():
            trash = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder))
            with contextlib.suppress(OSError):
                os.replace(entry, trash / "old")
            shutil.rmtree(trash, ignore_errors=True)

    def store(self, key: str, meta: dict, files: dict[str, Path]) -> Path:
        """Write an entry whole: into a temporary folder, then renamed into place."""
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.folder))
        try:
            (tmp / "files").mkdir()
            for name, src in files.items():
                shutil.copyfile(src, tmp / "files" / name)
            data = json.dumps(meta, indent=1, sort_keys=True).encode("utf-8")
            with open(tmp / "manifest.json", "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            self.discard(key)
            os.replace(tmp, self.entry(key))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return self.entry(key)
