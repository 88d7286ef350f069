"""Laying the book out in segments, each its own WeasyPrint document.

A segment is one run of the book's sections: the front matter (title
page, copyright page and contents), each text (introduction, part title
page, chapter, about the texts), the bibliography and the index.  Every
segment is laid out on its own, in a worker process, from
the page it starts on: its page numbers, its left and right pages and the
blank verso before a text that opens on a right-hand page are then exactly
those of a one-pass layout, because every text opens on a new page and
nothing flows from one segment into the next.

Where a text starts depends on how long the ones before it are, yet the
texts are laid out side by side: a text is paginated before its start
page is known (its line and page breaks do not depend on it) and its page
numbers are set once the text before it has been paginated
(:func:`_numbered_later`); the longest text is paginated ahead first.

A segment's layout depends only on its HTML, the stylesheets and the page
it starts on, so it is cached under those: after an edit, only the edited
text is laid out again (and the texts after it, when its page count
changed), and the pages of the others are reused.  Each segment is made
ready to join in the worker that laid it out, and cached so;
:mod:`.join` puts them together into one PDF.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from .. import __version__
from ..digests import digest, package_version, tree_digest
from ..errors import RenderError
from .join import from_cache, join, prepare, to_cache
from .store import LayoutStore
from .pdf import Layout, _contents, fixed_xmp_ids, html_document, page_css, page_map
from .views import STYLES, TEMPLATES, Renderer

LEAD = ('<div class="pamphleteer-lead" aria-hidden="true" '
        'style="page: pamphleteer-lead; break-after: page"></div>')
"""An empty first page: the blank verso before a text that opens on a
right-hand page, when the segment starts on a left-hand one."""
LEAD_PAGE = ("@page pamphleteer-lead { @top-left { content: none } "
             "@top-center { content: none } @top-right { content: none } "
             "@bottom-left { content: none } @bottom-center { content: none } "
             "@bottom-right { content: none } }")


@dataclass(frozen=True)
class SegmentJob:
    """Everything a worker needs to lay out and write one segment."""

    name: str
    """Segment id (``front``, a section id, ``back``)."""
    html: str
    """The segment as one HTML document."""
    css: tuple[str, ...]
    """Stylesheets, as file paths (``path:...``) or CSS text."""
    base_url: str
    start: int
    """The page number after the previous segment's last page."""
    variant: str
    """WeasyPrint ``pdf_variant`` ('' for none)."""
    seed: str
    """Stable id for XMP ids and the trailer id."""
    modified: str
    """Creation and modification date (W3C)."""
    press: bool = False
    """Drop link annotations."""
    bleed_outer_pt: float = 0.0
    """Outer-edge bleed: take this much off the spine side."""
    check: tuple = ()
    """:class:`~pamphleteer.pdfcheck.PageChecker` arguments, as sorted
    (name, value) pairs (empty: no check): the pages are checked as the
    segment is prepared for joining."""
    slot: int = -1
    """A job with ``start`` 0 is paginated before its start page is known:
    the worker then waits for it in this slot of the shared start table."""

    def key(self) -> str:
        """Cache key: the same job lays out the same pages."""
        h = hashlib.sha256()
        # The day, not the time: a rebuild the same day reuses the pages.
        for part in (self.name, self.html, *self.css, self.base_url,
                     str(self.start), self.variant, self.seed,
                     self.modified[:10],
                     repr(self.press), repr(self.bleed_outer_pt),
                     repr(self.check)):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()


@dataclass(frozen=True)
class SegmentLayout:
    """One laid-out segment."""

    name: str
    start: int
    """Page number of its first page (a lead blank page included)."""
    pages: int
    anchors: dict[str, int]
    """Anchor id -> page number in the book."""
    bookmarks: tuple[tuple[int, str, int, float, float, bool], ...]
    """(level, label, page number, x, y in PDF points, open) of every
    heading in the PDF outline."""
    prepared: dict | None = None
    """The segment's PDF made ready to join (:func:`.join.prepare`); None
    while it is being written."""


def _first_break(document: Any) -> str:
    """``break-before`` of the first section of a laid-out segment."""
    return _break_of([page._page_box for page in document.pages[:2]])


def _break_of(page_boxes: list[Any]) -> str:
    for box in (box for page in page_boxes for box in page.descendants()):
        tag = getattr(box, "element_tag", "")
        element = getattr(box, "element", None)
        if tag in ("html", "body") or element is None:
            continue
        if "pamphleteer-lead" in (element.get("class") or ""):
            continue
        return str(box.style["break_before"])
    return "auto"


def _wants_blank(side: str, start: int) -> bool:
    """Does a section whose ``break-before`` is ``side``, starting right
    after page ``start - 1``, leave a blank page first?"""
    if side in ("right", "recto"):
        return start % 2 == 0
    if side in ("left", "verso"):
        return start % 2 == 1
    return False


@contextlib.contextmanager
def keep_links() -> Iterator[None]:
    """Keep links to anchors in other segments.

    WeasyPrint drops a link whose anchor is not in the document
    (``weasyprint/pdf/anchors.py``, ``resolve_links``); a segment's links
    into the rest of the book (a citation to the bibliography, the index to
    the texts) are kept as named destinations, which the joined PDF
    defines.
    """
    from weasyprint import pdf as wpdf

    original = wpdf.resolve_links

    def resolve(pages: list[Any]) -> Iterator[Any]:
        seen: set[str] = set()
        for page in pages:
            anchors = []
            for name, (x, y, _, _) in page.anchors.items():
                if name not in seen:
                    seen.add(name)
                    anchors.append((name, x, y))
            yield list(page.links), anchors

    wpdf.resolve_links = resolve
    try:
        yield
    finally:
        wpdf.resolve_links = original


def _render(job: SegmentJob, *, right: bool, lead: bool,
            html: str | None = None) -> Any:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [CSS(filename=c[5:], font_config=fonts) if c.startswith("path:")
              else CSS(string=c, font_config=fonts) for c in job.css]
    # The first page of the segment is page ``start`` (when known), on its
    # side of the spread.
    extra = (f"html {{ break-before: {'right' if right else 'left'} }}\n"
             + LEAD_PAGE)
    if job.start:
        extra += f"\n@page :first {{ counter-reset: page {job.start} }}"
    sheets.append(CSS(string=extra, font_config=fonts))
    html = job.html if html is None else html
    if lead:
        html = html.replace("<body>", "<body>" + LEAD, 1)
    return HTML(string=html, base_url=job.base_url).render(
        stylesheets=sheets, font_config=fonts)


class _Abort(Exception):
    """The parent no longer needs this segment."""


class _Redo(Exception):
    """The segment must be paginated again, knowing its start page."""

    def __init__(self, start: int):
        super().__init__(start)
        self.start = start


def _deferrable(side: str, start: int) -> bool:
    """Is a pagination that began on a right-hand page right for a segment
    whose first section breaks to ``side``, starting at ``start``?"""
    if side in ("right", "recto"):
        return True      # its content opens on a right-hand page anyway
    if side in ("left", "verso"):
        return False
    return start % 2 == 1


@contextlib.contextmanager
def _numbered_later(on_paginated: Any) -> Iterator[None]:
    """Let WeasyPrint paginate before the page numbers are known.

    WeasyPrint paginates a document first and makes the margin boxes
    (folios, running heads) after (``weasyprint/layout/__init__.py``,
    ``layout_document``).  Within this block, at the first margin box,
    ``on_paginated(page_count, first_page_box)`` is called; it returns how
    much to add to every page's ``page`` counter.  The line and page
    breaks do not depend on the page numbers, so the segment is paginated
    while the segments before it are still being laid out.
    """
    import weasyprint.layout as wl

    original = wl.make_margin_boxes
    seen = [False]

    def hook(context: Any, page: Any, state: Any) -> Any:
        if not seen[0]:
            seen[0] = True
            offset = on_paginated(len(context.page_maker) - 1, page)
            for entry in context.page_maker[1:]:
                values = entry[3][1]
                if "page" in values:
                    values["page"] = [v + offset for v in values["page"]]
        return original(context, page, state)

    wl.make_margin_boxes = hook
    try:
        yield
    finally:
        wl.make_margin_boxes = original


def _lay_out_deferred(job: SegmentJob, report: Any, wait: Any) -> Any:
    """Paginate a segment, report its page count, wait for its start page,
    then number its pages (see :func:`_numbered_later`): the document and
    the job as it would have been with its start known."""
    known: dict[str, Any] = {}

    def on_paginated(count: int, page: Any) -> int:
        side = _break_of([page])
        if report is not None:
            report(("count", job.slot, count, side))
        start = wait(job.slot)
        if start < 0:
            raise _Abort()
        if not _deferrable(side, start):
            raise _Redo(start)
        known["start"], known["lead"] = start, _wants_blank(side, start)
        return start + known["lead"] - 1

    try:
        with _numbered_later(on_paginated):
            document = _render(job, right=True, lead=False)
    except _Redo as redo:
        return None, replace(job, start=redo.start, slot=-1)
    job = replace(job, start=known["start"], slot=-1)
    if known["lead"]:
        blank = _render(job, right=False, lead=True,
                        html=f'<html lang="{_lang(job.html)}"><body>'
                        '</body></html>')
        document = document.copy(blank.pages[:1] + document.pages)
    return document, job


def _lang(html: str) -> str:
    import re

    m = re.search(r'<html[^>]*\slang="([^"]*)"', html)
    return m[1] if m else "en"


def lay_out_segment(job: SegmentJob, report: Any = None
                    ) -> SegmentLayout | None:
    """Lay out and write one segment (in a worker process).

    ``report``, when given, is called with ``("placed", key, layout)``
    (the layout without its PDF) as soon as the pages are known, before
    the PDF is written, so that the next segment can start.  A job whose
    ``start`` is 0 is paginated first, then waits for its start page (see
    :func:`_lay_out_deferred`); it returns None when the parent drops it.
    """
    document = None
    if not job.start:
        try:
            document, job = _lay_out_deferred(job, report, _wait_start)
        except _Abort:
            return None
    if document is None:
        right = job.start % 2 == 1
        lead = _wants_blank("right", job.start)
        document = _render(job, right=right, lead=lead)
        side = _first_break(document)
        if _wants_blank(side, job.start) != lead:
            lead = not lead
            document = _render(job, right=right, lead=lead)
    anchors: dict[str, int] = {}
    bookmarks = []
    for n, page in enumerate(document.pages, start=job.start):
        for name in page.anchors:
            anchors.setdefault(name, n)
        for level, label, (x, y), state in page.bookmarks:
            bookmarks.append((level, label, n, x * 0.75,
                              (page.height - y) * 0.75, state != "closed"))
    if report is not None:
        report(("placed", job.key(), SegmentLayout(
            name=job.name, start=job.start, pages=len(document.pages),
            anchors=anchors, bookmarks=tuple(bookmarks))))

    # Only the prepared form goes back to the parent (the PDF it was
    # made from would double what crosses the pipe and what it holds).
    prepared = prepare(write(document, job), first_page=job.start,
                       check=dict(job.check) or None)
    del document
    return SegmentLayout(name=job.name, start=job.start,
                         pages=len(prepared["pages"]), anchors=anchors,
                         bookmarks=tuple(bookmarks), prepared=prepared)


def write(document: Any, job: SegmentJob) -> bytes:
    """The segment's PDF, with the print profile's changes."""
    document.metadata.created = job.modified
    document.metadata.modified = job.modified
    try:
        with fixed_xmp_ids(job.seed), keep_links():
            # No file identifier: the joined PDF gets its own, and pydyf
            # would compress every stream a second time to make one.
            return document.write_pdf(
                pdf_identifier=False, pdf_variant=job.variant or None,
                finisher=_finisher(job), uncompressed_pdf=False)
    except Exception as err:  # WeasyPrint raises many kinds
        raise RenderError(f"could not write the PDF ({err})") from err


def _finisher(job: SegmentJob) -> Any:
    """Press: no link annotations; outer-edge bleed: none at the spine
    (the left of odd pages, the right of even ones, counted in the book)."""
    if not job.press and not job.bleed_outer_pt:
        return None
    import pydyf

    def finish(document: Any, pdf: Any) -> None:
        kids = pdf.pages["Kids"]
        refs = [kids[i] for i in range(0, len(kids), 3)]
        for n, ref in enumerate(refs, start=job.start):
            page = pdf.objects[ref]
            if job.press and "Annots" in page:
                del page["Annots"]
            if job.bleed_outer_pt:
                left_spine = n % 2 == 1
                for box in ("MediaBox", "BleedBox"):
                    if box in page:
                        x0, y0, x1, y1 = (float(v) for v in page[box])
                        if left_spine:
                            x0 += job.bleed_outer_pt
                        else:
                            x1 -= job.bleed_outer_pt
                        page[box] = pydyf.Array((x0, y0, x1, y1))

    return finish


# ----------------------------------------------------------------------
# The parent's side: which segments, from which page, and in what order.

_QUEUE: Any = None
"""In a worker: where it reports a segment's page count early."""


_STARTS: Any = None
"""In a worker: the shared table of start pages of deferred jobs (0: not
known yet, -1: dropped)."""


def _init_worker(queue: Any, starts: Any) -> None:
    global _QUEUE, _STARTS
    _QUEUE, _STARTS = queue, starts
    # Imported here, while the parent assembles the book (the parent itself
    # may never need it).
    import weasyprint  # noqa: F401


def _wait_start(slot: int) -> int:
    import time

    while True:
        value = int(_STARTS[slot])
        if value:
            return value
        time.sleep(0.002)


def _job_in_worker(job: SegmentJob) -> SegmentLayout | None:
    return lay_out_segment(job, report=_QUEUE.put)


def _noop() -> None:
    return None


class Workers:
    """The worker processes that lay segments out, with what they share:
    the report queue and the table of start pages.

    Started before the book is assembled (:func:`pamphleteer.build.build`),
    they are forked from a small process: a worker's memory is then what it
    imports and what it lays out, not a copy of the assembled book.
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
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

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
        hit = self.store.get(job.key())
        if hit is None:
            return None

        blob, meta = hit
        try:
            prepared = from_cache(blob, meta["prepared"])
            if prepared is None or not {"objects", "patches", "pages",
                                        "dests"} <= prepared.keys():
                return None
            return SegmentLayout(
                name=job.name, start=job.start, pages=int(meta["pages"]),
                anchors={str(k): int(v) for k, v in meta["anchors"].items()},
                bookmarks=tuple((int(l), str(t), int(p), float(x), float(y),
                                 bool(o))
                                for l, t, p, x, y, o in meta["bookmarks"]),
                prepared=prepared)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def _count_key(self, job: SegmentJob) -> str:
        stable = replace(job, start=job.start % 2)
        return digest("segment-pages", stable.key())

    def _remember(self, job: SegmentJob, lay: SegmentLayout) -> None:
        if self.store is None:
            return

        blob, prepared = to_cache(lay.prepared)
        self.store.put(job.key(), blob, {
            "prepared": prepared, "pages": lay.pages, "anchors": lay.anchors,
            "bookmarks": [list(b) for b in lay.bookmarks]})
        self.store.put_value("pages", self._count_key(job), lay.pages)

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
            self._finish(key, lay_out_segment(job))
        else:
            self.running[key] = self.pool.submit(_job_in_worker, job)

    def place(self, makers: list[Any], first: int = 1) -> list[str]:
        """Lay out the segments ``makers`` (each a function from the start
        page to the :class:`SegmentJob`) one after the other from page
        ``first``; return their job keys once every one is paginated (see
        :meth:`placed`; :meth:`collect` waits for their PDFs)."""
        made: dict[tuple[int, int], SegmentJob] = {}

        def job(i: int, start: int) -> SegmentJob:
            if (i, start) not in made:
                made[(i, start)] = makers[i](start)
            return made[(i, start)]

        while True:
            start, keys, wanted, sure = first, [], set(), True
            for i in range(len(makers)):
                j = job(i, start)
                key = j.key()
                wanted.add(key)
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
        slot = self.crew.slot()
        if slot is None:
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
        from concurrent.futures import FIRST_COMPLETED, wait

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


def _stylesheets(book: Any, renderer: Any, profile: Any, pages_hint: int,
                 book_dir: Path | None) -> tuple[str, ...]:
    sheets = [f"path:{STYLES / 'base.css'}", f"path:{STYLES / 'print.css'}",
              page_css(book, renderer, profile, pages_hint)]
    if book_dir is not None and (book_dir / "styles" / "print.css").is_file():
        sheets.append(f"path:{book_dir / 'styles' / 'print.css'}")
    return tuple(sheets)


def _salt(book_dir: Path | None) -> str:
    """What else shapes a layout: versions, templates, styles, fonts."""
    folders = [TEMPLATES, STYLES]
    if book_dir is not None:
        folders += [book_dir / "templates", book_dir / "styles"]
    return digest("segment", __version__, package_version("weasyprint"),
                  tree_digest(*folders))


FRONT = ("titlepage", "copyright-page")
BACK = ("bibliography", "index")


@dataclass(frozen=True)
class Segmented:
    """A book laid out in segments, not yet joined."""

    profile: str
    chain: tuple[SegmentLayout, ...]
    pages: int
    anchors: dict[str, int]
    breaks: dict[str, list[str]]
    seed: str
    laid_out: int
    """Segments laid out now; the others came from the cache."""

    def join_args(self) -> tuple:
        """Arguments of :func:`join_job`."""
        return ([lay.prepared for lay in self.chain],
                [b for lay in self.chain for b in lay.bookmarks], self.seed)


def join_job(prepared: list[dict], bookmarks: list[tuple], seed: str
             ) -> tuple[bytes, list[str]]:
    """Join the prepared segments: the PDF, and what the print checks found
    in its pages (empty: it passed)."""
    return join(prepared, bookmarks, seed=seed)


def lay_out_segments(book: Any, *, book_dir: Path | None = None,
                     profile: Any = None, pages_hint: int = 0,
                     cache: LayoutStore | None = None, workers: int = 1,
                     check: dict | None = None,
                     progress: Any = None,
                     on_placed: Any = None,
                     shared: Workers | None = None) -> Segmented:
    """Lay the book out segment by segment (see :class:`Segmented`).

    ``on_placed(anchors, breaks)``, when given, is called as soon as every
    page is known, while the workers still write the segments' PDFs (the
    EPUB, which lists the print pages, is written then): once the back
    matter is placed, while the contents are laid out with their real
    numbers, and again, with the final pages, in the rare case that moves
    a page.

    The front matter is laid out first with the contents' page numbers
    guessed (as wide as the real ones), so that its page count is known;
    then every text, each from the page the one before ends on; then the
    bibliography and the index (side by side), with the page of every
    citation and index mark; last the front matter again, with the real
    page numbers.  If that changes its page count, the chain is laid out
    again from the new start (the segments that moved by an even number of
    pages are re-laid out only for their page numbers).
    """
    profile = profile or book.options["output"].all_profiles()[0]
    modified = book.modified
    # The HTML carries the day only (the PDF gets the time when written),
    # so that a rebuild the same day finds its segments in the cache.
    book = replace(book, modified=book.modified[:10])
    renderer = Renderer(book, mode="footnote", book_dir=book_dir,
                        stage="body")
    sections = renderer.sections()
    css = _stylesheets(book, renderer, profile, pages_hint, book_dir)
    seed = f"{book.identifier}/{book.slug}/{profile.name}"
    common = {
        "css": css, "base_url": str(STYLES) + "/",
        "variant": profile.variant or "", "seed": seed + "|" + _salt(book_dir),
        "modified": modified, "press": profile.kind == "press",
        "bleed_outer_pt": profile.bleed_mm * 72 / 25.4
        if profile.bleed_edges == "outer" else 0.0,
        "check": tuple(sorted((check or {}).items()))}

    def maker(name: str, html: str) -> Any:
        return lambda start: SegmentJob(name=name, html=html, start=start,
                                        **common)

    front = [s for s in sections if s.kind in FRONT]
    back = [s for s in sections if s.kind in BACK]
    body = [s for s in sections if s.kind not in FRONT + BACK]
    with_contents = book.options["front"].contents

    def front_html(pages: dict[str, int] | None) -> str:
        contents = None
        if with_contents:
            contents = _contents(renderer, sections, pages)
        return html_document(book, front, renderer, contents)

    # Page numbers as wide as most books' (a wrong guess costs a second
    # layout of the front matter, never a wrong page).
    guess = front_html({s.id: 888 for s in sections})
    body_makers = [maker(s.id, html_document(book, [s], renderer, None))
                   for s in body]
    order = list(renderer.anchor_order)
    told: tuple[dict, dict] | None = None  # what on_placed was told
    with Scheduler(workers=workers, cache=cache, progress=progress,
                   shared=shared) as sched:
        for _attempt in range(3):
            makers = ([maker("front", guess)] if front else []) + body_makers
            keys = sched.place(makers)
            placed = [sched.placed[k] for k in keys]
            start = placed[-1].start + placed[-1].pages if placed else 1
            anchors: dict[str, int] = {}
            for lay in placed:
                for k, v in lay.anchors.items():
                    anchors.setdefault(k, v)
            tail_order: list[str] = []
            if back:
                # Laid out while the last texts' PDFs are being written.
                tail = Renderer(book, mode="footnote", book_dir=book_dir,
                                index_pages=anchors, stage="tail")
                # Each its own segment (each opens a page): the index is
                # paginated while the bibliography is, on the other core.
                tail_keys = sched.place(
                    [maker(s.id, html_document(book, [s], tail, None))
                     for s in tail.sections() if s.kind in BACK],
                    first=start)
                keys += tail_keys
                tail_order = tail.anchor_order
                for key in tail_keys:
                    for k, v in sched.placed[key].anchors.items():
                        anchors.setdefault(k, v)
            if not (front and with_contents):
                break
            final = front_html(anchors)
            if final == guess:
                break
            sched.start(maker("front", final)(1))
            if on_placed is not None and told is None:
                # Every page is known but the contents' numbers: the EPUB
                # is written while the contents are laid out again (and
                # written again, below, in the rare case that moves a page).
                told = (dict(anchors), page_map(
                    order + tail_order, anchors,
                    sum(sched.placed[k].pages for k in keys)))
                on_placed(*told)
            redo = sched.place([maker("front", final)])
            if sched.placed[redo[0]].pages == sched.placed[keys[0]].pages:
                keys[0] = redo[0]
                break
            guess = final  # the contents changed length: lay out again
        else:
            raise RenderError("the contents keep changing length: the page "
                              "numbers do not settle")
        total = sum(sched.placed[k].pages for k in keys)
        breaks = page_map(order + tail_order, anchors, total)
        if on_placed is not None and told != (anchors, breaks):
            # Every page is known; the workers are still writing PDFs.
            on_placed(anchors, breaks)
        chain = sched.collect(keys)
    if progress:
        progress(f"PDF ({profile.name}): {total} pages; {sched.laid_out} "
                 f"segment(s) laid out, {sched.reused} unchanged")
    return Segmented(profile=profile.name, chain=tuple(chain), pages=total,
                     anchors=anchors, breaks=breaks, seed=seed,
                     laid_out=sched.laid_out)


def build_pdf_segmented(book: Any, **kw: Any) -> Any:
    """The whole PDF, laid out in segments and joined (see
    :func:`lay_out_segments`)."""
    seg = lay_out_segments(book, **kw)
    pdf, problems = join_job(*seg.join_args())
    if problems:
        raise RenderError(f"the {seg.profile} PDF fails its checks and was "
                          "not written", problems=problems)
    return Layout(pdf=pdf, pages=seg.pages, anchors=seg.anchors,
                  breaks=seg.breaks)
