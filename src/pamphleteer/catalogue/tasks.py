"""The task a worker runs for one text: its pamphlet, through ``build``.

A job is plain data (picklable, small: paths and settings, never the text),
so that it can go to a worker on another machine that sees the same shared
folders.  The worker builds the text exactly as ``pamphleteer build
--chapter`` does (:func:`pamphleteer.build.build` with ``chapter=``), into a
staging folder beside the text's final folder, writes the done-marker
(``.done.json``: the input digest, every file with its size and SHA-256, the
text's metadata) into it last, and then swaps the staging folder into place
with renames.  A worker killed at any moment leaves either the previous
finished folder or none, never a half-written one; a staging folder left
behind is swept by the next run.
"""

from __future__ import annotations

import contextlib

import dataclasses
import datetime
import hashlib
import json
import os
import re
import shutil
import socket
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from .. import build as build_module
from ..assembly import clean_chapter
from ..cache import StageCache
from ..errors import PamphleteerError
from ..files import _alive, atomic_write
from ..manifest import BackSpec, BookMeta, ChapterSpec, FrontSpec, Manifest
from ..model import Paragraph, block_text
from ..render import web
from ..render.pdf import fixed_xmp_ids

DONE = ".done.json"
"""The done-marker of a text's folder."""
STAGING = ".staging"
"""Sub-folder of ``texts/`` where texts are built before their swap."""
MARKER_FORMAT = 1


FAILED = ".failed"
"""Sub-folder of ``texts/`` holding, per text that failed for a fault of
its own, the digest it failed with and why (``<id>.json``)."""


def text_folder(out: Path, tid: str) -> Path:
    return Path(out) / "texts" / tid


def failure_path(out: Path, tid: str) -> Path:
    return Path(out) / "texts" / FAILED / f"{tid}.json"


def read_failure(out: Path, tid: str) -> dict | None:
    """The recorded failure of a text (digest, why, when), or None."""
    try:
        data = json.loads(failure_path(out, tid).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "digest" in data else None


def read_marker(folder: Path) -> dict | None:
    """A text folder's done-marker, or None when missing or unreadable."""
    try:
        data = json.loads((folder / DONE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
        return None
    return data


def marker_intact(folder: Path, marker: dict) -> bool:
    """Whether every file the marker lists is there with its size (a
    deleted or truncated output is rebuilt)."""
    try:
        for f in marker["files"]:
            if (folder / f["name"]).stat().st_size != f["size"]:
                return False
    except (OSError, KeyError, TypeError):
        return False
    return True


def _peak_rss_mib() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return round(peak / 1024, 1)


def _cpu_seconds() -> float:
    """CPU time this process and the programs it ran (pandoc, which reads
    Muse, HTML, DOCX...) used so far, user and system: what a text costs
    whatever else the machine is doing."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    ran = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ran.ru_utime + ran.ru_stime


def _rss_mib() -> float:
    try:
        import psutil

        return round(psutil.Process().memory_info().rss / (1 << 20), 1)
    except Exception:  # psutil is a dependency of distributed; be lenient
        return 0.0


def make_manifest(job: dict[str, Any], language: str = "") -> Any:
    """The in-memory manifest of a one-text book: the catalogue's metadata
    and output settings, the text as its only chapter."""
    meta = job["meta"]
    src = Path(job["path"])
    identifier = "urn:uuid:" + str(_uuid(meta["identifier"] or meta["title"],
                                         job["id"]))
    book = BookMeta(title=meta["title"], language=language or meta["language"],
                    identifier=identifier, date=job["date"],
                    publisher=meta["publisher"], rights=meta["rights"],
                    description=meta["description"], slug=job["slug"],
                    root=str(src.parent))
    chapter = ChapterSpec(id=job["id"], source=src.name,
                          format=job["format"], options=dict(job["options"]))
    return Manifest(book=book, chapters=(chapter,),
                    front=FrontSpec(introduction=""),
                    back=BackSpec(index="", about=True),
                    output=job["output"],
                    path=src.parent / ".pamphleteer-catalogue.yaml")


def _uuid(namespace: str, tid: str) -> Any:
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/{tid}")


def _topics(meta: Any) -> list[str]:
    """The text's topics as its source lists them (Amusewiki ``#topics``,
    ``#SORTtopics``; ``keywords`` or ``subjects`` elsewhere)."""
    out: list[str] = []
    for key, value in meta.extra:
        k = key.lower().lstrip("#")
        if k in ("topics", "sorttopics", "topic", "subjects", "keywords",
                 "cat"):
            for t in re.split(r"[,;]", value):
                t = " ".join(t.split())
                if t and t.lower() not in (x.lower() for x in out):
                    out.append(t)
    return out


def _authors(meta: Any) -> list[str]:
    """The text's authors as its source indexes them (Amusewiki's
    ``#SORTauthors`` or ``#authors``: "Marco Pessotto; Alexander Krotov",
    names parted by semicolons, else by commas), else as printed: the
    catalogue's author pages and OPDS feeds list people, not bylines."""
    listed = next((v for k, v in meta.extra if k.lower() == "sortauthors"),
                  "")
    sep = ";" if ";" in listed else ","
    names = [" ".join(n.split()) for n in listed.split(sep)]
    names = [n for n in names if n]
    return names or list(meta.authors)


def _summary(meta: Any, document: Any, limit: int = 400) -> str:
    """A summary: the source's own (``teaser``, ``description``,
    ``notes``...) or the text's opening words."""
    for key in ("teaser", "description", "summary", "abstract", "notes"):
        v = " ".join(meta.get(key, "").split())
        if v:
            return _cut(_strip_markup(v), limit)
    for b in document.blocks:
        if isinstance(b, Paragraph):
            t = " ".join(block_text(b).split())
            if len(t) > 40:
                return _cut(t, limit)
    return ""


def _strip_markup(text: str) -> str:
    return re.sub(r"<[^>]{1,40}>", "", text)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _file_entry(path: Path, artifact: Any, folder: Path) -> dict:
    data = path.read_bytes()
    return {"name": str(path.relative_to(folder)), "kind": artifact.kind,
            "profile": artifact.profile, "purpose": artifact.purpose,
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


RECYCLE_AT = 0.6
"""A worker whose memory has grown past this fraction of its limit after a
text restarts itself (:func:`_recycle_if_grown`)."""


def build_text(job: dict[str, Any]) -> dict[str, Any]:
    """Build one text's pamphlet into ``<out>/texts/<id>/``; return what
    happened (never raises for a problem of the text: a failure is data).
    ``recycle``: the worker's address when it asks to be restarted."""
    result = _build_text(job)
    result["recycle"] = _recycle_if_grown(job.get("recycle_at", RECYCLE_AT))
    return result


def _recycle_if_grown(fraction: float) -> str:
    """Ask for this Dask worker to be restarted, between two texts, when
    its memory has grown past ``fraction`` of its limit; return its address
    then ('' otherwise).  Each text leaves a few MiB that no collection
    gives back (the layout's native libraries: Pango, fontconfig, HarfBuzz;
    3 to 5 MiB a text on real texts), so a worker's floor rises with every
    text it builds: at 80% of its limit Dask pauses it (it takes no task
    until its memory falls, which it never does), at 95% its nanny kills it
    in the middle of a text.  Here the worker pauses before this task
    returns, so that it begins no other text, and the run restarts it
    through its nanny once it has this text's result (:mod:`.engine`); it
    starts again from its imports.  Only a worker with a nanny, which
    restarts it; never outside Dask."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return ""
    limit = getattr(getattr(worker, "memory_manager", None),
                    "memory_limit", None)
    if not limit or not fraction or worker.nanny is None:
        return ""
    if _rss_mib() * (1 << 20) < fraction * limit:
        return ""
    paused = threading.Event()

    def pause() -> None:
        # on the worker's loop, while this task still runs: the worker
        # cannot have begun another text, and now begins none
        from distributed.core import Status

        worker.status = Status.paused
        paused.set()

    worker.loop.add_callback(pause)
    return worker.address if paused.wait(10) else ""


def resume_worker(dask_worker: Any) -> None:
    """Undo a pause asked for a restart that did not happen (run on the
    worker by ``Client.run``)."""
    from distributed.core import Status

    if dask_worker.status == Status.paused:
        dask_worker.status = Status.running


def _build_text(job: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    cpu = _cpu_seconds()
    out = Path(job["out"])
    final = text_folder(out, job["id"])
    staging_root = out / "texts" / STAGING
    host = socket.gethostname()
    staging = staging_root / (f"{job['id']}@{host}@{os.getpid()}@"
                              f"{os.urandom(4).hex()}")
    base = {"id": job["id"], "source": job["rel"], "digest": job["digest"],
            "worker": f"{host}:{os.getpid()}"}
    try:
        marker = _build_into(job, staging)
        marker["seconds"] = round(time.monotonic() - started, 2)
        marker["cpu_seconds"] = round(_cpu_seconds() - cpu, 2)
        marker["rss_mib"] = _rss_mib()
        marker["peak_rss_mib"] = _peak_rss_mib()
        atomic_write(staging / DONE, json.dumps(marker, ensure_ascii=False,
                                                indent=1))
        _swap(staging, final)
        failure_path(out, job["id"]).unlink(missing_ok=True)
        return dict(base, status="built", marker=marker,
                    seconds=marker["seconds"],
                    cpu_seconds=marker["cpu_seconds"],
                    rss_mib=marker["rss_mib"],
                    peak_rss_mib=marker["peak_rss_mib"])
    except Exception as err:  # reported per text; the others go on
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(err, PamphleteerError):
            why = str(err)
            # The text's own fault: the same input fails the same way, so
            # the next run reports it without building it again.
            with contextlib.suppress(OSError):
                failure_path(out, job["id"]).parent.mkdir(parents=True,
                                                          exist_ok=True)
                atomic_write(failure_path(out, job["id"]), json.dumps(
                    {"digest": job["digest"], "why": why,
                     "when": time.strftime("%Y-%m-%d %H:%M UTC",
                                           time.gmtime())},
                    ensure_ascii=False))
        else:
            tb = traceback.extract_tb(err.__traceback__)[-1]
            why = (f"internal error {type(err).__name__}: {err} (at "
                   f"{Path(tb.filename).name}:{tb.lineno}); please report it")
        return dict(base, status="failed", why=why,
                    seconds=round(time.monotonic() - started, 2),
                    rss_mib=_rss_mib(), peak_rss_mib=_peak_rss_mib())


def _build_into(job: dict[str, Any], staging: Path) -> dict[str, Any]:
    # The catalogue's parallelism is across texts, one per worker process:
    # a text's PDF is laid out in this process, not in a pool of its own.
    build_module.WORKERS = 1
    cache = _SharedCache(Path(job["cache"])) if job["cache"] else None
    manifest = make_manifest(job)
    spec = manifest.chapters[0]
    cleaned = clean_chapter(manifest, spec, cache)
    meta = cleaned.result.document.meta
    language = meta.language or job["meta"]["language"]
    manifest = dataclasses.replace(
        manifest, book=dataclasses.replace(manifest.book, language=language))
    staging.mkdir(parents=True, exist_ok=True)
    formats = [f for f in job["formats"]]
    token = web.HOME.set("../../../index.html")
    try:
        with fixed_xmp_ids(f"{manifest.book.identifier}/{job['digest'][:16]}"):
            result = build_module.build(manifest, staging, formats,
                                        cache=cache, chapter=spec.id,
                                        profiles=_first_screen(manifest))
    finally:
        web.HOME.reset(token)
    files = []
    for a in result.artifacts:
        if a.kind != "web":
            files.append(_file_entry(Path(a.path), a, staging))
            continue
        # The web writer records its ZIP; the pages are in the folder of
        # the same name, its contents page first.
        files.append(_file_entry(Path(a.path), dataclasses.replace(
            a, kind="web-zip"), staging))
        folder = Path(a.path).with_suffix("")
        index = folder / web.PAGE_CONTENTS
        files.append(_file_entry(index, dataclasses.replace(
            a, purpose="Read online"), staging))
        for p in sorted(folder.rglob("*")):
            if p.is_file() and p != index:
                files.append(_file_entry(p, dataclasses.replace(
                    a, kind="web-part", purpose=""), staging))
    return {
        "format": MARKER_FORMAT, "id": job["id"], "digest": job["digest"],
        "source": job["rel"], "reader": cleaned.format,
        "title": meta.title or spec.id, "subtitle": meta.subtitle,
        "authors": _authors(meta), "translators": list(meta.translators),
        "date": meta.date, "language": language,
        "topics": _topics(meta), "summary": _summary(
            meta, cleaned.result.document),
        "identifier": manifest.book.identifier,
        "updated": _updated(meta.get("pubdate"), Path(job["path"])),
        "published": _published(meta.get("pubdate")),
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "pages": result.pages, "files": files,
        "warnings": [[w.code, w.message, w.location]
                     for w in result.diagnostics.warnings],
    }


def _first_screen(manifest: Any) -> list[str]:
    """The PDF profile of a pamphlet: the first screen profile."""
    every = manifest.output.all_profiles()
    return [next((p for p in every if p.kind == "screen"), every[0]).name]


def _published(pubdate: str) -> str:
    """The day the text was published in its library (Amusewiki's
    ``#pubdate``, ``2014-11-25 11:06:58 +0100``) as an RFC 3339 time in
    UTC (its offset applied), or '' when it says no day."""
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})"
                 r"(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?)?", pubdate or "")
    if not m:
        return ""
    y, mo, d, h, mi, sec, zone = m.groups()
    offset = 0
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    try:
        when = datetime.datetime(int(y), int(mo), int(d), int(h or 0),
                                 int(mi or 0), int(sec or 0))
    except ValueError:
        return ""
    when -= datetime.timedelta(minutes=offset)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _updated(pubdate: str, path: Path) -> str:
    """When the text was published or last changed: its own publication
    date when it has one, else the file's modification time."""
    return _published(pubdate) or _mtime_iso(path)


def _mtime_iso(path: Path) -> str:
    try:
        t = path.stat().st_mtime
    except OSError:
        t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _swap(staging: Path, final: Path) -> None:
    """Put the finished staging folder in the final one's place: the old
    folder is renamed away first and removed after (a crash in between
    leaves no final folder, and the text is built again)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = staging.with_name(staging.name + ".old")
        os.replace(final, old)
    os.replace(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def sweep_staging(out: Path, older_than: float = 6 * 3600) -> list[Path]:
    """Remove staging folders of dead workers of this machine (their
    process is gone), and any left for ``older_than`` seconds."""
    root = Path(out) / "texts" / STAGING
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    host = socket.gethostname()
    now = time.time()
    for p in root.iterdir():
        parts = p.name.split("@")
        try:
            pid = int(parts[2]) if len(parts) == 4 else -1
        except ValueError:
            pid = -1
        mine = len(parts) == 4 and parts[1] == host
        try:
            stale = now - p.stat().st_mtime > older_than
        except OSError:
            continue
        if stale or (mine and pid > 0 and not _alive(pid)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


class _SharedCache(StageCache):
    """The stage cache as the catalogue's workers share it: a build does not
    prune it (hundreds of texts at once would each walk the whole cache);
    the run prunes it once, at its end."""

    def prune(self, budget: int) -> int:
        return 0
