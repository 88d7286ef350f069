"""The parent's side of the segmented layout: the worker pool and the
scheduler that decides which segment is laid out from which page, and in
what order (the longest text paginated ahead first).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from typing import Any

from ..digests import digest
from .join import from_cache, to_cache
from .segment_job import (SegmentJob, SegmentLayout, _deferrable,
                          _init_worker, _job_in_worker, _noop, _wants_blank,
                          lay_out_segment)
from .store import LayoutStore



class Workers:
    """The worker processes that lay segments out, with what they share:
    the report queue and the table of start pages.

    Started before the book is assembled (:func:`pamphleteer.build.build`),
    they are forked from a small process: a worker's memory is then what it
    imports, not a copy of the assembled book.  Each segment is laid out in
    a child the worker forks for it (:func:`.segment_job._in_child`), so
    what a layout leaves behind is not carried to the next.
    """

    SLOTS = 8192
    """Deferred jobs one build may start, at most."""

    def __init__(self, count: int):
        self.count = count
        self.pool: Any = None
        self.queue: Any = None
        self.starts: Any = None
        self.next_slot = 0

    def __enter__(self) -> "Workers":

        ctx = multiprocessing.get_context("fork")
        self.queue = ctx.SimpleQueue()
        self.starts = ctx.Array("q", self.SLOTS, lock=False)
        self.pool = ProcessPoolExecutor(
            max_workers=self.count, mp_context=ctx,
            initializer=_init_worker, initargs=(self.queue, self.starts))
        # With fork, the first job forks every worker, now (they then
        # import WeasyPrint while the parent goes on).
        self.pool.submit(_noop)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Let every waiting job go and end the processes (again: no-op)."""
        if self.pool is None:
            return
        for slot in range(self.next_slot):
            if self.starts[slot] == 0:
                self.starts[slot] = -1
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None

    def slot(self) -> int | None:
        """A fresh slot of the start table (None when all are used)."""
        if self.next_slot >= self.SLOTS:
            return None
        self.next_slot += 1
        self.starts[self.next_slot - 1] = 0
        return self.next_slot - 1


class Scheduler:
    """Lays out a chain of segments, each starting where the one before
    ends, on several cores.

    A worker reports a segment's pages, anchors and outline entries as
    soon as it has paginated it, and writes its PDF afterwards: the next
    segment starts at once, on the other core.  A segment's page count
    remembered from an earlier build (the same content starting on a page
    of the same parity has the same number of pages) lets the ones after
    it start before it is done; a guess that proves wrong is laid out
    again from the right page.
    """

    def __init__(self, *, workers: int, cache: LayoutStore | None = None,
                 progress: Any = None, shared: Workers | None = None):
        self.workers = workers
        self.store = cache
        self.progress = progress
        self.pool: Any = None
        self.queue: Any = None
        self.laid_out = 0
        """Segments laid out by WeasyPrint (not from the cache)."""
        self.reused = 0
        self.jobs: dict[str, SegmentJob] = {}
        self.placed: dict[str, SegmentLayout] = {}
        """Job key -> the segment's pages and anchors (its PDF may still
        be being written)."""
        self.done: dict[str, SegmentLayout] = {}
        """Job key -> the finished segment."""
        self.running: dict[str, Any] = {}
        self.deferred: dict[str, dict[str, Any]] = {}
        """Key of the job with start 0 -> its slot, future, and what its
        worker reported (page count, first section's break)."""
        self.shared = shared
        self.own: Workers | None = None
        self.crew: Workers | None = None

    def __enter__(self) -> "Scheduler":
        if self.shared is None and self.workers > 1:
            self.own = Workers(self.workers).__enter__()
        crew = self.shared or self.own
        if crew is not None:
            self.crew = crew
            self.pool, self.queue, self.starts = crew.pool, crew.queue, \
                crew.starts
            self.workers = crew.count
        return self

    def __exit__(self, *exc: Any) -> None:
        # Workers still waiting for a start page are let go.
        for d in self.deferred.values():
            if d["start"] is None:
                self.starts[d["slot"]] = -1
        if self.own is not None:
            self.own.__exit__(*exc)

    # -- cache ---------------------------------------------------------
    def _cached(self, job: SegmentJob) -> SegmentLayout | None:
        if self.store is None:
            return None
        hit = self._load(job.key())
        if hit is None:
            return None
        return replace(hit, name=job.name, start=job.start)

    def _load(self, key: str) -> SegmentLayout | None:
        """The layout cached under ``key`` (a text cut into pieces: its
        pieces, each cached under its own key)."""
        assert self.store is not None
        hit = self.store.get(key)
        if hit is None:
            return None
        blob, meta = hit
        try:
            if "parts" in meta:
                parts = [self._load(str(k)) for k in meta["parts"]]
                if any(p is None for p in parts):
                    return None
                prepared = None
            else:
                prepared = from_cache(blob, meta["prepared"])
                if prepared is None or not {"objects", "patches", "pages",
                                            "dests"} <= prepared.keys():
                    return None
            return SegmentLayout(
                name=str(meta.get("name", "")), start=int(meta["start"]),
                pages=int(meta["pages"]),
                anchors={str(k): int(v) for k, v in meta["anchors"].items()},
                bookmarks=tuple((int(l), str(t), int(p), float(x), float(y),
                                 bool(o))
                                for l, t, p, x, y, o in meta["bookmarks"]),
                prepared=prepared, key=key,
                parts=tuple(p for p in parts if p is not None)
                if "parts" in meta else ())
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def _count_key(self, job: SegmentJob) -> str:
        stable = replace(job, start=job.start % 2)
        return digest("segment-pages", stable.key())

    def _remember(self, job: SegmentJob, lay: SegmentLayout) -> None:
        if self.store is None:
            return
        if lay.parts:
            # Each piece under its own key, as the next build asks for it;
            # the text's key lists them.
            for part in lay.parts:
                self._put(part.key, part)
            self.store.put(job.key(), b"", self._meta(lay) | {
                "parts": [part.key for part in lay.parts]})
            self.store.put_value("cuts", cuts_key(job), list(lay.cuts))
        elif lay.prepared is not None:
            self._put(job.key(), lay)
        else:
            return
        self.store.put_value("pages", self._count_key(job), lay.pages)
        if lay.chosen:
            # A piece's choices join those of the rest of its text.
            known = {} if job.split else self._seeds(job)
            known.update({key: [k, n, [list(x) for x in sig]]
                          for key, k, n, sig in lay.chosen})
            self.store.put_value("even", seeds_key(job), known)

    def _seeds(self, job: SegmentJob) -> dict[str, list]:
        found = self.store.get_value("even", seeds_key(job)) \
            if self.store is not None else None
        return dict(found) if isinstance(found, dict) else {}

    def seeds(self, job: SegmentJob) -> tuple[tuple[str, int, int, Any], ...]:
        """The even-type choices kept for the text of ``job`` (see
        :attr:`.segment_job.SegmentJob.seeds`)."""
        out = []
        for key, value in sorted(self._seeds(job).items()):
            try:
                k, n, sig = value
                out.append((str(key), int(k), int(n),
                            tuple((int(w), bool(h), float(f))
                                  for w, h, f in sig)))
            except (TypeError, ValueError):
                continue
        return tuple(out)

    def _put(self, key: str, lay: SegmentLayout) -> None:
        assert self.store is not None and lay.prepared is not None
        blob, prepared = to_cache(lay.prepared)
        self.store.put(key, blob, self._meta(lay) | {"prepared": prepared})

    @staticmethod
    def _meta(lay: SegmentLayout) -> dict[str, Any]:
        return {"name": lay.name, "start": lay.start, "pages": lay.pages,
                "anchors": lay.anchors,
                "bookmarks": [list(b) for b in lay.bookmarks]}

    def cuts(self, job: SegmentJob) -> list[str]:
        """Where the text of ``job`` was last cut into pieces
        (:mod:`.pieces`)."""
        if self.store is None:
            return []
        found = self.store.get_value("cuts", cuts_key(job))
        return [str(c) for c in found] if isinstance(found, list) else []

    def forget_cut(self, job: SegmentJob, cut: str) -> None:
        """A cut that no longer holds (:class:`.pieces.SplitFailed`)."""
        if self.store is not None:
            self.store.put_value("cuts", cuts_key(job),
                                 [c for c in self.cuts(job) if c != cut])

    def _guess(self, job: SegmentJob) -> int | None:
        if self.store is None:
            return None
        n = self.store.get_value("pages", self._count_key(job))
        return n if isinstance(n, int) and n > 0 else None

    # -- the chain -----------------------------------------------------
    def _finish(self, key: str, lay: SegmentLayout) -> None:
        self.done[key] = self.placed[key] = lay
        self._remember(self.jobs[key], lay)
        self.laid_out += 1

    def start(self, job: SegmentJob) -> None:
        """Lay ``job`` out: from the cache, or on a worker without waiting
        for it (in this process when there are no workers)."""
        key = job.key()
        self.jobs[key] = job
        if key in self.placed or key in self.running:
            return
        hit = self._cached(job)
        if hit is not None:
            self.done[key] = self.placed[key] = hit
            self.reused += 1
            return
        if self.progress:
            self.progress(f"laying out {job.name} from page {job.start}")
        if self.pool is None:
            done = lay_out_segment(job)
            assert done is not None, "only a deferred job is ever dropped"
            self._finish(key, done)
        else:
            self.running[key] = self.pool.submit(_job_in_worker, job)

    def place(self, makers: list[Any], first: int = 1,
              on_starts: Any = None, starts_of: int = 0) -> list[str]:
        """Lay out the segments ``makers`` (each a function from the start
        page to the :class:`SegmentJob`) one after the other from page
        ``first``; return their job keys once every one is paginated (see
        :meth:`placed`; :meth:`collect` waits for their PDFs).

        ``on_starts(starts)``, when given, is called once, as soon as the
        start pages of the first ``starts_of`` segments are known for sure
        (maker index -> start page), before anything waits for the rest:
        the texts that cite those segments' pages can then be laid out
        with the right ones while the last texts still are."""
        made: dict[tuple[int, int], SegmentJob] = {}
        told = on_starts is None or starts_of <= 0

        def job(i: int, start: int) -> SegmentJob:
            if (i, start) not in made:
                made[(i, start)] = makers[i](start)
            return made[(i, start)]

        while True:
            start, keys, wanted, sure = first, [], set(), True
            starts: dict[int, int] = {}
            for i in range(len(makers)):
                j = job(i, start)
                key = j.key()
                wanted.add(key)
                starts[i] = start
                if not told and sure and i + 1 >= starts_of:
                    told = True
                    on_starts(dict(starts))
                d = self.deferred.get(job(i, 0).key()) if self.pool else None
                if d is not None and d["start"] not in (None, start):
                    d = None  # paginated for another start: not this one
                n = None
                if key in self.placed:
                    n = self.placed[key].pages
                elif d is not None and sure:
                    self._assign(d, j)
                    if key in self.placed:
                        n = self.placed[key].pages
                    elif d["count"] is not None and \
                            _deferrable(d["side"], start):
                        n = d["count"] + _wants_blank(d["side"], start)
                elif d is None:
                    guess = self._guess(j)
                    if sure or guess is not None:
                        self.start(j)
                        if key in self.placed:
                            n = self.placed[key].pages
                        else:
                            n, sure = guess, False
                    elif self._may_defer():
                        self._defer(job(i, 0))
                if key in self.placed:
                    keys.append(key)
                if n is None:
                    # The pages after this one wait for its count; a new
                    # text among them is paginated meanwhile: the longest
                    # that the other core reaches about when it is done
                    # (it would hold the chain up longest, and a text far
                    # ahead would keep its core waiting).
                    new, ahead = [], 0
                    for k in range(i + 1, len(makers)):
                        j0 = job(k, 0)
                        size = len(j0.html)
                        if j0.key() not in self.deferred and \
                                self._guess(job(k, 1)) is None and \
                                ahead <= 1.5 * size:
                            new.append(j0)
                        ahead += size
                    new.sort(key=lambda j0: -len(j0.html))
                    while new and self._may_defer():
                        self._defer(new.pop(0))
                    break
                start += n
            if len(keys) == len(makers):
                return keys
            # Drop what no longer fits (a guess proved wrong).
            for key in [k for k in self.running if k not in wanted
                        and k not in self.placed]:
                if self.running[key].cancel():
                    del self.running[key]
            self._wait()

    def _may_defer(self) -> bool:
        """Another job may wait for its start page: one core at least is
        left for the jobs that never wait, so no job waits forever."""
        waiting = sum(1 for d in self.deferred.values() if d["start"] is None
                      and not d["future"].done())
        return waiting < self.workers - 1

    def _defer(self, job: SegmentJob) -> None:
        """Paginate ``job`` (start 0) now; number its pages later."""
        slot = self.crew.slot() if self.crew is not None else None
        if slot is None:  # no shared start table (one process): not now
            return
        if self.progress:
            self.progress(f"laying out {job.name} (page numbers to follow)")
        self.deferred[job.key()] = {
            "slot": slot, "start": None, "count": None, "side": None,
            "future": self.pool.submit(_job_in_worker,
                                       replace(job, slot=slot))}

    def _assign(self, d: dict[str, Any], job: SegmentJob) -> None:
        """Tell a deferred job its start page (``job.start``): from then
        on it is ``job``."""
        if d["start"] is not None:
            return
        key = job.key()
        d["start"] = job.start
        self.jobs[key] = job
        hit = self._cached(job)
        if hit is not None:
            self.starts[d["slot"]] = -1
            self.done[key] = self.placed[key] = hit
            self.reused += 1
            return
        self.running[key] = d["future"]
        self.starts[d["slot"]] = job.start

    def collect(self, keys: list[str]) -> list[SegmentLayout]:
        """The finished segments (waiting for their PDFs)."""
        while any(k not in self.done for k in keys):
            self._wait()
        return [self.done[k] for k in keys]

    def _wait(self) -> None:
        """Until a worker reports a paginated or finished segment."""
        slots = {d["slot"]: d for d in self.deferred.values()}
        while True:
            news = False
            while self.queue is not None and not self.queue.empty():
                message = self.queue.get()
                if message[0] == "count":
                    _, slot, count, side = message
                    if slot in slots:  # (not a job of an earlier chain)
                        slots[slot]["count"] = count
                        slots[slot]["side"] = side
                        news = True
                elif message[1] in self.jobs and message[1] not in self.placed:
                    self.placed[message[1]] = message[2]
                    news = True
            waiting = [d["future"] for d in self.deferred.values()
                       if d["start"] is None and not d.get("over")]
            finished, _ = wait(list(self.running.values()) + waiting,
                               timeout=0.01, return_when=FIRST_COMPLETED)
            for key, fut in list(self.running.items()):
                if fut in finished:
                    del self.running[key]
                    if not fut.cancelled():
                        lay = fut.result()
                        if lay is not None:
                            self._finish(key, lay)
                        news = True
            for d in self.deferred.values():
                if d["future"] in finished and d["start"] is None:
                    d["over"] = True
                    d["future"].result()  # a failure is raised here
                    news = True
            if news or not (self.running or waiting):
                return


def cuts_key(job: SegmentJob) -> str:
    """What the cuts of a text are remembered under: the text's name and
    everything but its content and its pages."""
    return digest("cuts", replace(job, html="", start=0, slot=-1, cut="",
                                  continued=False, split=False).key())


def seeds_key(job: SegmentJob) -> str:
    """What the even-type choices of a text's paragraphs are kept under
    (its pieces' with the whole text's)."""
    return digest("even", cuts_key(replace(job, name=job.name.partition(
        "@")[0])))
