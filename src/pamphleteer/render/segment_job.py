"""One segment of the book laid out by WeasyPrint, in a worker process.

A :class:`SegmentJob` is one run of the book's sections with its
stylesheets and start page; :func:`lay_out_segment` lays it out (from its
start page, or paginated first and numbered once the start page is known),
writes its PDF and prepares it for the join (:mod:`.join`).  The worker
side of the pool (:mod:`.scheduler`) is here too: what a worker reports and
where it waits for a start page.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from dataclasses import dataclass, replace
from typing import Any, Iterator

from ..errors import RenderError
from .hooks import cached_page_references, keep_links, numbered_later
from .join import prepare
from .pdf import fixed_xmp_ids


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
    cut: str = ""
    """A piece of a text (:mod:`.pieces`): the id of the next piece's
    first block, which the document holds too and which must begin a
    page; the pages from there on are dropped."""
    continued: bool = False
    """A piece after a text's first: it opens no page of its own."""
    split: bool = False
    """A text that may be cut into pieces once laid out (a long one)."""
    seeds: tuple[tuple[str, int, int, Any], ...] = ()
    """The even-type choices of the text's paragraphs in an earlier build
    (paragraph key, variant, faults, lines: :func:`.trial.paragraph_keys`):
    a paragraph unchanged needs no trial.  Not part of the key: they only
    spare the layout its trials."""

    def key(self) -> str:
        """Cache key: the same job lays out the same pages."""
        h = hashlib.sha256()
        # The day, not the time: a rebuild the same day reuses the pages.
        for part in (self.name, self.html, *self.css, self.base_url,
                     str(self.start), self.variant, self.seed,
                     self.modified[:10],
                     repr(self.press), repr(self.bleed_outer_pt),
                     repr(self.check), self.cut, repr(self.continued),
                     repr(self.split)):
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
    key: str = ""
    """The job's cache key (set on a piece cut from a text's layout)."""
    parts: tuple["SegmentLayout", ...] = ()
    """A text written as the pieces it was cut into (:mod:`.pieces`):
    their PDFs, in order, instead of ``prepared``."""
    cuts: tuple[str, ...] = ()
    """The blocks it was cut before."""
    chosen: tuple[tuple[str, int, int, Any], ...] = ()
    """The even-type choices its layout kept (as :attr:`SegmentJob.seeds`)."""

    def prepared_parts(self) -> list[dict]:
        """The PDFs to join, in order."""
        if self.parts:
            return [p.prepared for p in self.parts if p.prepared is not None]
        return [self.prepared] if self.prepared is not None else []


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




def _render(job: SegmentJob, *, right: bool, lead: bool,
            html: str | None = None, record: list | None = None) -> Any:
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
    from .notecheck import render_with_notes

    def render(nudges: str, doc: str | None = None) -> Any:
        extra = [CSS(string=nudges, font_config=fonts)] if nudges else []
        return HTML(string=html if doc is None else doc,
                    base_url=job.base_url).render(
            stylesheets=sheets + extra, font_config=fonts)

    from .hooks import continued_page_group, heading_space_at_page_top
    from .hyphenation import book_hyphenation
    from .pieces import before_cut

    # Laid out again with nudges while a note begins after its call's page
    # (in a piece, on the pages before the next piece's).
    trim = before_cut(job.cut) if job.cut else None
    seeds = None
    if job.seeds:
        from .trial import paragraph_keys

        keys = paragraph_keys(html)
        known = {key: (k, n, sig) for key, k, n, sig in job.seeds}
        seeds = {pid: known[key] for pid, key in keys.items() if key in known}
    chosen: dict[str, tuple[int, int, Any]] = {}
    with book_hyphenation(), heading_space_at_page_top(), \
            continued_page_group(job.continued):
        document = render_with_notes(render, html=html, trim=trim,
                                     seeds=seeds, chosen=chosen)[0]
    if record is not None:
        from .trial import paragraph_keys

        keys = paragraph_keys(html) if chosen else {}
        record.clear()
        record.extend((keys[pid], k, n, sig)
                      for pid, (k, n, sig) in sorted(chosen.items())
                      if pid in keys)
    return document


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
def _dropped_stops(slot: int) -> Iterator[None]:
    """Within this block, a layout stops (:class:`_Abort`) at its next page
    once the parent has dropped the job (its start page set to -1: the
    segment came out of the cache after all).  A deferred job learned it
    only after its last re-layout, and the build waited for it: a
    one-paragraph edit spent ten seconds on the longest text's unneeded
    layout before the pool could close."""
    import weasyprint.layout as wl

    if _STARTS is None or slot < 0:
        yield
        return
    make_all = wl.make_all_pages

    def pages(*args: Any, **kw: Any) -> Iterator[Any]:
        for page in make_all(*args, **kw):
            if int(_STARTS[slot]) < 0:
                raise _Abort()
            yield page

    wl.make_all_pages = pages
    try:
        yield
    finally:
        wl.make_all_pages = make_all


def _lay_out_deferred(job: SegmentJob, report: Any, wait: Any,
                      record: list | None = None) -> Any:
    """Paginate a segment, report its page count, wait for its start page,
    then number its pages (see :func:`.hooks.numbered_later`): the document and
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
        with numbered_later(on_paginated), _dropped_stops(job.slot):
            document = _render(job, right=True, lead=False, record=record)
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
    chosen: list = []
    if not job.start:
        try:
            document, job = _lay_out_deferred(job, report, _wait_start,
                                              chosen)
        except _Abort:
            return None
    if document is None:
        right = job.start % 2 == 1
        lead = not job.continued and _wants_blank("right", job.start)
        document = _render(job, right=right, lead=lead, record=chosen)
        side = "auto" if job.continued else _first_break(document)
        if _wants_blank(side, job.start) != lead:
            lead = not lead
            document = _render(job, right=right, lead=lead, record=chosen)
    from . import pieces

    if job.cut:
        # A piece: the next piece's first block must still begin a page.
        at = pieces.cut_page([p._page_box for p in document.pages], job.cut)
        if at is None:
            raise pieces.SplitFailed(job.name, job.cut)
        document = document.copy(document.pages[:at])
    anchors, bookmarks = _marks(document, job.start)
    if report is not None:
        report(("placed", job.key(), SegmentLayout(
            name=job.name, start=job.start, pages=len(document.pages),
            anchors=anchors, bookmarks=bookmarks)))
    cuts = pieces.choose_cuts(
        pieces.page_tops([p._page_box for p in document.pages]),
        len(document.pages)) if job.split else []
    plan = pieces.piece_jobs(job, [c for _, c in cuts]) if cuts else None
    if plan:
        # Written as the pieces the next build will lay out one by one.
        bounds = [0] + [i for i, _ in cuts] + [len(document.pages)]
        parts = []
        for k, (name, html, cut, continued) in enumerate(plan):
            piece = replace(job, name=name, html=html, cut=cut,
                            continued=continued, split=False, slot=-1,
                            start=job.start + bounds[k])
            part = _written(document.copy(
                document.pages[bounds[k]:bounds[k + 1]]), piece)
            parts.append(replace(part, key=piece.key()))
        del document
        return SegmentLayout(name=job.name, start=job.start,
                             pages=bounds[-1], anchors=anchors,
                             bookmarks=bookmarks, parts=tuple(parts),
                             cuts=tuple(c for _, c in cuts),
                             chosen=tuple(chosen))
    return replace(_written(document, job, anchors, bookmarks),
                   chosen=tuple(chosen))


def _marks(document: Any, start: int
           ) -> tuple[dict[str, int], tuple[tuple, ...]]:
    """The anchors (and where each page's text begins, for the EPUB's page
    list) and the outline entries of laid-out pages numbered from
    ``start``."""
    anchors: dict[str, int] = {}
    bookmarks = []
    for n, page in enumerate(document.pages, start=start):
        for name in page.anchors:
            anchors.setdefault(name, n)
        for level, label, (x, y), state in page.bookmarks:
            bookmarks.append((level, label, n, x * 0.75,
                              (page.height - y) * 0.75, state != "closed"))
    from .pagelist import page_starts

    anchors.update(page_starts([p._page_box for p in document.pages], start))
    return anchors, tuple(bookmarks)


def _written(document: Any, job: SegmentJob,
             anchors: dict[str, int] | None = None,
             bookmarks: tuple[tuple, ...] | None = None) -> SegmentLayout:
    """Write, check and prepare laid-out pages (only the prepared form goes
    back to the parent: the PDF it was made from would double what
    crosses the pipe and what it holds)."""
    if anchors is None or bookmarks is None:
        anchors, bookmarks = _marks(document, job.start)
    prepared = prepare(write(document, job), first_page=job.start,
                       check=dict(job.check) or None)
    from .notecheck import record

    record(prepared, document, job.start)
    return SegmentLayout(name=job.name, start=job.start,
                         pages=len(prepared["pages"]), anchors=anchors,
                         bookmarks=bookmarks, prepared=prepared)


def write(document: Any, job: SegmentJob) -> bytes:
    """The segment's PDF, with the print profile's changes."""
    document.metadata.created = job.modified
    document.metadata.modified = job.modified
    try:
        with fixed_xmp_ids(job.seed), keep_links(), \
                cached_page_references():
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
    while True:
        value = int(_STARTS[slot])
        if value:
            return value
        time.sleep(0.002)


def _job_in_worker(job: SegmentJob) -> SegmentLayout | None:
    _warm(job)
    return _in_child(job)


_LANG = re.compile(r"""\blang=["']([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""")
_WARMED: set[str] = set()


def _warm(job: SegmentJob) -> None:
    """Load, once in the worker, what every child would otherwise load
    again: the modules a layout imports when it first needs them (pypdf
    alone is a tenth of a second) and the hyphenation dictionaries of the
    job's languages (80 ms each).  They are loaded for good, not left
    behind by a layout."""
    if not _WARMED:
        import lxml.html  # noqa: F401
        import pydyf  # noqa: F401
        import pypdf  # noqa: F401
        import pypdf.generic  # noqa: F401
        import weasyprint.layout  # noqa: F401
        import weasyprint.pdf  # noqa: F401

        from .. import pdfcheck  # noqa: F401
        from . import evenness, hooks, join, notecheck, pagelist, trial  # noqa: F401
        _WARMED.add("")
    import pyphen

    for tag in set(_LANG.findall(job.html[:200_000])) - _WARMED:
        _WARMED.add(tag)
        try:
            pyphen.Pyphen(lang=tag.replace("-", "_"))
        except KeyError:  # no dictionary: nothing to load
            pass


def _in_child(job: SegmentJob) -> SegmentLayout | None:
    """Lay ``job`` out in a child forked for it, and return its result.

    Each WeasyPrint layout leaves a few megabytes behind in the C
    libraries under it (Pango, HarfBuzz, fontconfig) that neither ``gc``
    nor ``malloc_trim`` gives back: a worker that laid out every segment
    of the ten-times book itself grew from 85 to 460 MiB between jobs.
    The worker stays as small as it was forked (WeasyPrint imported, its
    fonts configured); the child's leftovers go with it.
    """
    import os
    import pickle
    import sys

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lay out, send the outcome, end at once
        code = 0
        try:
            os.close(read)
            try:
                outcome: tuple[bool, Any] = (
                    True, lay_out_segment(job, report=_QUEUE.put))
            except BaseException as err:  # handed to the parent as is
                outcome = (False, err)
            try:
                data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
            except Exception as err:  # an exception that does not pickle
                data = pickle.dumps((False, RenderError(
                    f"{type(outcome[1]).__name__}: {outcome[1]} ({err})")))
            with os.fdopen(write, "wb") as out:
                out.write(data)
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as inp:
        data = inp.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise RenderError(f"the layout of {job.name!r} ended without a result "
                          f"(wait status {status}); run the build again, and "
                          f"report it if it happens again")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _noop() -> None:
    return None

