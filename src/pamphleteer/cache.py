"""The stage cache under ``build/.cache/``: redo only what changed.

An entry is keyed by the SHA-256 of everything its stage reads (the raw text,
the cleaner's name and version, its options, pamphleteer's version).  Each
entry is JSON holding its own key and a checksum of its payload; an entry
that does not parse, does not match its key or fails its checksum is
ignored (and overwritten), never trusted.  Writes go through a temporary
file and a rename, so two builds at once cannot corrupt an entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from . import __version__
from .digests import digest, package_version, tree_digest  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from .cleaned import CleanResult
    from .cleaners.registry import CleanerInfo

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the entry layout changes


class StageCache:
    """A folder of content-addressed stage results."""

    def __init__(self, folder: Path):
        import time

        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.opened = time.time()
        """When this build opened the cache: what it used since is kept."""

    def _path(self, stage: str, key: str) -> Path:
        return self.folder / stage / key[:2] / f"{key}.json"

    def get(self, stage: str, key: str) -> Any | None:
        """The payload stored under ``key``, or None (missing or bad)."""
        path = self._path(stage, key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            payload = entry["payload"]
            ok = (entry.get("format") == FORMAT and entry.get("key") == key
                  and entry.get("sum") == digest(payload))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if not ok:
            log.info("ignoring a bad cache entry %s", path)
            return None
        touch(path)
        return payload

    def put(self, stage: str, key: str, payload: Any) -> None:
        """Store ``payload`` (JSON data) under ``key``, atomically."""
        path = self._path(stage, key)
        entry = {"format": FORMAT, "key": key, "sum": digest(payload),
                 "payload": payload}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError as e:  # a cache that cannot be written is no error
            log.warning("cannot write the cache entry %s: %s", path, e)

    def holds(self, stage: str) -> bool:
        """Whether any entry of ``stage`` was ever stored here."""
        return (self.folder / stage).is_dir()

    def prune(self, budget: int) -> int:
        """Remove the entries used longest ago until the cache holds at
        most ``budget`` bytes (never one this build read or wrote); the
        bytes freed."""
        files = []
        total = 0
        for path in self.folder.rglob("*"):
            if path.suffix not in (".json", ".pdf"):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            total += st.st_size
            files.append((st.st_mtime, st.st_size, path))
        freed = 0
        for mtime, size, path in sorted(files):
            if total - freed <= budget or mtime >= self.opened - 1:
                break
            try:
                path.unlink()
                freed += size
            except OSError:
                pass
        if freed:
            log.info("cache: %d MiB of old entries removed", freed >> 20)
        return freed

    def clean(self, info: CleanerInfo, raw: str | bytes, source: str,
              options: Mapping[str, Any],
              compute: Callable[[], CleanResult]) -> CleanResult:
        """A cleaning result from the cache, or computed and stored."""
        # Imported here: the model and its serial form are the cleaning's
        # business; a warm no-op rebuild reads only the build's entry.
        from .serial import SerialError, result_from_data, result_to_data

        content = (raw if isinstance(raw, str)
                   else "sha256:" + hashlib.sha256(raw).hexdigest())
        key = digest("clean", info.name, info.version, __version__, content,
                     source, dict(options), reader_code())
        data = self.get("clean", key)
        if data is not None:
            try:
                result = result_from_data(data)
                self.hits += 1
                return result
            except SerialError as e:
                log.info("cache entry for %s unusable: %s", source, e)
        self.misses += 1
        result = compute()
        self.put("clean", key, result_to_data(result))
        return result


def touch(path: Path) -> None:
    """Mark a cache file as just used (:meth:`StageCache.prune` keeps the
    files used last)."""
    try:
        os.utime(path)
    except OSError:
        pass


class LayoutCache:
    """Binary results keyed by everything that shapes them (laid-out PDFs
    and segments, the EPUB's cover image), so that a rebuild with nothing
    changed skips WeasyPrint.  The bytes are stored beside a JSON entry
    that records their SHA-256; a mismatch is a miss."""

    def __init__(self, stages: StageCache):
        self.stages = stages

    def get(self, key: str) -> tuple[bytes, dict[str, Any]] | None:
        meta = self.stages.get("pdf", key)
        if not isinstance(meta, dict):
            return None
        path = self.stages._path("pdf", key).with_suffix(".pdf")
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            return None
        touch(path)
        return data, meta

    def get_value(self, stage: str, key: str) -> Any:
        """A plain JSON value of the stage cache (a segment's page count)."""
        return self.stages.get(stage, key)

    def put_value(self, stage: str, key: str, value: Any) -> None:
        """Keep a plain JSON value in the stage cache."""
        self.stages.put(stage, key, value)

    def put(self, key: str, pdf: bytes, meta: dict[str, Any]) -> None:
        path = self.stages._path("pdf", key).with_suffix(".pdf")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
            os.replace(tmp, path)
        except OSError as e:
            log.warning("cannot write the layout cache %s: %s", path, e)
            return
        self.stages.put("pdf", key, dict(meta, sha256=hashlib.sha256(pdf).hexdigest()))


_READER_CODE: list[str] = []


def reader_code() -> str:
    """Digest of the code that cleans a text (the readers and the model,
    typography and report they share), computed once: a reader changed
    without its ``version`` moving cannot hand back a stale result."""
    if not _READER_CODE:
        pkg = Path(__file__).resolve().parent
        h = hashlib.sha256(tree_digest(pkg / "cleaners").encode())
        for name in ("text.py", "model.py", "languages.py", "report.py",
                     "sources.py", "licences.py", "dates.py", "cleaned.py"):
            f = pkg / name
            if f.is_file():
                h.update(name.encode())
                h.update(f.read_bytes())
        _READER_CODE.append(h.hexdigest())
    return _READER_CODE[0]
