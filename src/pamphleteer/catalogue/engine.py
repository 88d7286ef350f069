"""The catalogue run: every text a task on a Dask cluster, incrementally.

1. The catalogue is read (:mod:`.spec`) and every text gets an *input
   digest*: its source's bytes, its reader and options, the settings the
   texts share, the formats, and pamphleteer's own code, templates and
   styles.
2. A text whose folder holds a done-marker with that digest, and every file
   the marker lists at its size, is *cached*: not sent to any worker.
3. The others are tasks (:func:`.tasks.build_text`) on a Dask distributed
   cluster: a :class:`~distributed.LocalCluster` of worker processes with a
   memory limit each, or the running cluster at ``--scheduler``.  Workers
   share the stage cache on a folder every machine sees.  A text that fails
   is reported with why; a worker that dies (killed, or over its memory
   limit) has its task run again elsewhere, and after
   ``distributed.scheduler.allowed-failures`` deaths the text is reported as
   failed; the others go on.
4. From the done-markers of every text: the OPDS catalogue (:mod:`.opds`),
   the site (:mod:`.web`) and the report (:mod:`.report`).

A run killed at any moment loses nothing finished: each text's folder is
swapped into place whole, its marker inside (:mod:`.tasks`); the next run
builds only what is missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from rich.progress import (BarColumn, MofNCompleteColumn, Progress,
                           TextColumn, TimeElapsedColumn, TimeRemainingColumn)

from .. import __version__
from ..dates import build_date
from ..cache import StageCache
from ..digests import digest, tree_digest
from ..errors import MissingToolError
from ..render.views import STYLES, TEMPLATES
from ..text import slugify
from . import opds, web
from .report import write_report
from .spec import Catalogue, Text
from .tasks import (RECYCLE_AT, build_text, marker_intact, read_failure,
                    read_marker, resume_worker, sweep_staging, text_folder)

log = logging.getLogger(__name__)

DEFAULT_MEMORY_LIMIT = "2GiB"


@dataclass
class Outcome:
    """What happened to one text in a run."""

    id: str
    source: str
    status: str
    """``built``, ``cached`` or ``failed``."""
    why: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    rss_mib: float = 0.0
    peak_rss_mib: float = 0.0
    worker: str = ""
    marker: dict | None = None
    at: float = 0.0
    """Seconds from the start of the run to this outcome."""


@dataclass
class RunResult:
    """A whole run: every text's outcome and the run's figures."""

    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[Any] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0
    cluster: dict[str, Any] = field(default_factory=dict)
    site: Path | None = None
    opds: Path | None = None
    report: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def code_digest() -> str:
    """pamphleteer's version, code, templates and styles: a change to any
    of them rebuilds every text."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    # The sources, not the byte code Python writes beside them as it
    # imports them (which would change the digest during a run).
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts \
                and path.suffix not in (".pyc", ".pyo"):
            h.update(str(path.relative_to(package)).encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return digest("code", __version__, h.hexdigest(),
                  tree_digest(TEMPLATES, STYLES))


def settings_digest(cat: Catalogue) -> str:
    return digest("settings", repr(cat.meta), repr(cat.output),
                  list(cat.formats), os.environ.get("SOURCE_DATE_EPOCH"))


def text_digest(text: Text, shared: str) -> str:
    """Everything one text's outputs are made from."""
    h = hashlib.sha256()
    h.update(shared.encode())
    h.update(repr((text.id, text.format, text.options,
                   text.path.name)).encode())
    with open(text.path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _job(text: Text, digest: str, cat: Catalogue, out: Path,
         cache: Path | None, slug: str, date: str,
         recycle_at: float = RECYCLE_AT) -> dict[str, Any]:
    m = cat.meta
    return {"id": text.id, "path": str(text.path), "rel": text.rel,
            "recycle_at": recycle_at,
            "format": text.format, "options": list(text.options),
            "digest": digest, "out": str(out),
            "cache": str(cache) if cache else "",
            "formats": list(cat.formats), "output": cat.output,
            "slug": slug, "date": date,
            "meta": {"title": m.title, "language": m.language,
                     "identifier": m.identifier, "publisher": m.publisher,
                     "rights": m.rights, "description": m.description}}


def plan(cat: Catalogue, out: Path, *, force: bool = False) -> tuple[
        list[tuple[Text, str]], list[Outcome]]:
    """The texts to build (with their digests) and those already built."""
    shared = code_digest() + settings_digest(cat)
    todo: list[tuple[Text, str]] = []
    cached: list[Outcome] = []
    for text in cat.texts:
        try:
            d = text_digest(text, shared)
        except OSError as e:
            cached.append(Outcome(text.id, text.rel, "failed",
                                  f"{text.rel}: cannot be read "
                                  f"({e.strerror or e})"))
            continue
        folder = text_folder(out, text.id)
        marker = None if force else read_marker(folder)
        failed = None if force else read_failure(out, text.id)
        if marker and marker.get("digest") == d and \
                marker_intact(folder, marker):
            cached.append(Outcome(text.id, text.rel, "cached", marker=marker))
        elif failed and failed.get("digest") == d:
            cached.append(Outcome(
                text.id, text.rel, "failed",
                f"{failed.get('why', '')} (not tried again: neither the text "
                f"nor the settings changed since it failed, "
                f"{failed.get('when', 'in an earlier run')}; mend it, or run "
                "with --force)"))
        else:
            todo.append((text, d))
    return todo, cached


@contextlib.contextmanager
def cluster_client(scheduler: str | None, workers: int | None,
                   memory_limit: str) -> Any:
    """A Dask client: to the scheduler at ``scheduler``, or to a local
    cluster of ``workers`` processes (one thread each: a text's layout
    holds the GIL) with ``memory_limit`` each."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a dependency
        raise MissingToolError("Dask distributed is not installed: pip "
                               "install 'dask[distributed]'") from None
    # Dask logs every worker's start and end at INFO: keep to problems.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as e:
            raise MissingToolError(f"cannot reach the Dask scheduler at "
                                   f"{scheduler} ({e}); start one with "
                                   "`dask scheduler` and workers with "
                                   "`dask worker ADDRESS`") from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or max(1, min(os.cpu_count() or 1, 8))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                           memory_limit=memory_limit, dashboard_address=None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close()
        with contextlib.suppress(Exception):
            cluster.close()


def _died(err: BaseException) -> str:
    name = type(err).__name__
    if name == "KilledWorker":
        return ("the worker building it died each time it was tried (killed, "
                "or over its memory limit: raise --memory-limit, or look at "
                "the text's size)")
    if name == "CancelledError":
        return "the task was cancelled (the cluster went away)"
    return f"the task failed on the cluster: {name}: {err}"


def run(cat: Catalogue, out: Path, *, scheduler: str | None = None,
        workers: int | None = None,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        cache_dir: Path | None = None, force: bool = False,
        console: Any = None,
        on_outcome: Callable[[Outcome], None] | None = None,
        recycle_at: float = RECYCLE_AT) -> RunResult:
    """Build the catalogue into ``out``; return every text's outcome.
    ``recycle_at``: a worker grown past that fraction of its memory limit
    after a text restarts (0: never)."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    cache_dir = (Path(cache_dir) if cache_dir else out / ".cache").resolve()
    stages = StageCache(cache_dir)  # opened now: what this run uses is kept
    result = RunResult(started=time.time(), skipped=list(cat.skipped))
    t0 = time.monotonic()
    sweep_staging(out)
    todo, done = plan(cat, out, force=force)
    result.outcomes.extend(done)
    slug = slugify(cat.meta.title)[:40].strip("-") or "library"
    date = build_date().strftime("%Y-%m-%d")
    # Longest first: the run ends sooner when the big texts start early.
    todo.sort(key=lambda td: -_size(td[0].path))
    if todo:
        with cluster_client(scheduler, workers, memory_limit) as client, \
                _progress(console, len(cat.texts), len(done)) as advance:
            info = client.scheduler_info()
            result.cluster = {
                "scheduler": scheduler or "local",
                "workers": len(info.get("workers", {})),
                "memory_limit": memory_limit if not scheduler else
                [w.get("memory_limit") for w in info["workers"].values()]}
            _sweep_on_workers(client, out)
            _submit_all(client, todo, cat, out, cache_dir, slug, date,
                        result, advance, on_outcome, t0, recycle_at)
            # A worker killed during this run left its staging folder: the
            # run's own tasks are over, so each machine's dead ones go now
            # (on every worker's machine, not only this one).
            _sweep_on_workers(client, out)
        sweep_staging(out)
    result.removed = _remove_withdrawn(cat, out)
    _publish(cat, out, result)
    stages.prune(max(512 << 20, len(cat.texts) * (4 << 20)))
    result.seconds = round(time.monotonic() - t0, 2)
    result.report = write_report(cat, out, result)
    return result


def _restart(client: Any, address: str, result: RunResult) -> None:
    """Restart a worker whose memory grew past its share (it paused itself
    after its text, :func:`.tasks._recycle_if_grown`; its result is in
    hand): through its nanny, a fresh process; if that fails, it goes on
    as it was."""
    try:
        done = client.restart_workers([address], raise_for_error=False)
        ok = done.get(address) == "OK"
    except Exception:  # pragma: no cover - a cluster that went away
        ok = False
    if ok:
        result.cluster["restarted"] = result.cluster.get("restarted", 0) + 1
        return
    with contextlib.suppress(Exception):
        client.run(resume_worker, workers=[address])


def _sweep_on_workers(client: Any, out: Path) -> None:
    """Sweep the staging folders of dead workers on every machine of the
    cluster (a folder names its machine and process; only a process on
    that machine can tell whether it still runs)."""
    with contextlib.suppress(Exception):
        client.run(sweep_staging, str(out))


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _submit_all(client: Any, todo: list[tuple[Text, str]], cat: Catalogue,
                out: Path, cache_dir: Path, slug: str, date: str,
                result: RunResult, advance: Callable[[str], None],
                on_outcome: Callable[[Outcome], None] | None,
                t0: float, recycle_at: float = RECYCLE_AT) -> None:
    from distributed import as_completed

    futures = {}
    for rank, (text, text_digest) in enumerate(todo):
        job = _job(text, text_digest, cat, out, cache_dir, slug, date,
                   recycle_at)
        f = client.submit(build_text, job, key=f"pamphlet-{text.id}-"
                          f"{text_digest[:12]}", priority=len(todo) - rank,
                          pure=False)
        futures[f] = text
    for f in as_completed(list(futures)):
        text = futures[f]
        try:
            r = f.result()
            if r.get("recycle"):
                _restart(client, r["recycle"], result)
            o = Outcome(r["id"], r["source"], r["status"], r.get("why", ""),
                        r.get("seconds", 0.0), r.get("cpu_seconds", 0.0),
                        r.get("rss_mib", 0.0),
                        r.get("peak_rss_mib", 0.0), r.get("worker", ""),
                        r.get("marker"))
        except Exception as err:  # KilledWorker, a lost cluster...
            o = Outcome(text.id, text.rel, "failed", _died(err))
        o.at = round(time.monotonic() - t0, 2)
        result.outcomes.append(o)
        advance(o.status)
        if on_outcome:
            on_outcome(o)
        f.release()


@contextlib.contextmanager
def _progress(console: Any, total: int, cached: int) -> Any:
    """A progress bar with the counts and the time left (rich)."""
    if console is None:
        yield lambda status: None
        return
    counts = {"built": 0, "cached": cached, "failed": 0}

    def line() -> str:
        return (f"built {counts['built']} · cached {counts['cached']} · "
                f"failed {counts['failed']}")

    with Progress(TextColumn("[bold]texts"), BarColumn(),
                  MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), TextColumn("left"),
                  TimeRemainingColumn(), console=console,
                  transient=False) as bar:
        task = bar.add_task(line(), total=total, completed=cached)

        def advance(status: str) -> None:
            counts[status] = counts.get(status, 0) + 1
            bar.update(task, advance=1, description=line())

        yield advance


def _remove_withdrawn(cat: Catalogue, out: Path) -> list[str]:
    """Folders of texts no longer in the catalogue are removed (a text
    deleted from the source leaves the library)."""
    root = out / "texts"
    keep = {t.id for t in cat.texts}
    removed: list[str] = []
    if not root.is_dir():
        return removed
    for p in sorted(root.iterdir()):
        if p.name.startswith(".") or p.name in keep or not p.is_dir():
            continue
        if read_marker(p) is not None:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed


def _publish(cat: Catalogue, out: Path, result: RunResult) -> None:
    """The OPDS catalogue and the site, from every built text's marker."""
    markers = [o.marker for o in result.outcomes
               if o.status in ("built", "cached") and o.marker]
    result.opds = opds.write_catalogue(out, cat.meta, markers)
    entries = web.site_entries(markers, out)
    result.site = web.write_site(
        out, cat.meta, entries,
        opds=str(result.opds.relative_to(out)) if result.opds else None,
        report="report.html")
