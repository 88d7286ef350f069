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
(:func:`.hooks.numbered_later`); the longest text is paginated ahead first.

A segment's layout depends only on its HTML, the stylesheets and the page
it starts on, so it is cached under those: after an edit, only the edited
text is laid out again (and the texts after it, when its page count
changed), and the pages of the others are reused.  Each segment is made
ready to join in the worker that laid it out, and cached so;
:mod:`.join` puts them together into one PDF.
"""


from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .. import __version__
from ..book import Book
from ..digests import digest, package_version, tree_digest
from ..errors import RenderError
from . import pdf as one_pass
from .join import join
from .pdf import Layout, html_document, page_css, page_map
from .pieces import SplitFailed, css_allows, in_pieces, piece_jobs
from .scheduler import Scheduler, Workers
from .segment_job import SegmentJob, SegmentLayout, lay_out_segment
from .store import LayoutStore
from .views import STYLES, TEMPLATES, Renderer, volume_guess

if TYPE_CHECKING:
    from ..manifest import ProfileSpec

__all__ = ["Segmented", "SegmentJob", "SegmentLayout", "Workers",
           "build_pdf_segmented", "join_job", "lay_out_segment",
           "lay_out_segments"]


def _stylesheets(book: Book, renderer: Renderer,
                 profile: ProfileSpec | None, pages_hint: int,
                 book_dir: Path | None) -> tuple[str, ...]:
    sheets = [f"path:{STYLES / 'base.css'}", f"path:{STYLES / 'print.css'}",
              page_css(book, renderer, profile, pages_hint)]
    if book_dir is not None and (book_dir / "styles" / "print.css").is_file():
        sheets.append(f"path:{book_dir / 'styles' / 'print.css'}")
    return tuple(sheets)


def _salt(book_dir: Path | None) -> str:
    """What else shapes a layout: versions, templates, styles, fonts, and
    the code that lays out (a change to the nudges must not reuse pages
    the old code laid out)."""
    folders = [TEMPLATES, STYLES, Path(__file__).resolve().parent]
    if book_dir is not None:
        folders += [book_dir / "templates", book_dir / "styles"]
    return digest("segment", __version__, package_version("weasyprint"),
                  tree_digest(*folders))


def _piece_maker(piece: SegmentJob) -> Callable[[int], SegmentJob]:
    return lambda start: replace(piece, start=start)


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
        return ([p for lay in self.chain for p in lay.prepared_parts()],
                [b for lay in self.chain for b in lay.bookmarks], self.seed)


def join_job(prepared: list[dict], bookmarks: list[tuple], seed: str
             ) -> tuple[bytes, list[str]]:
    """Join the prepared segments: the PDF, and what the print checks found
    in its pages (empty: it passed)."""
    return join(prepared, bookmarks, seed=seed)


def lay_out_segments(book: Book, *, book_dir: Path | None = None,
                     profile: ProfileSpec | None = None, pages_hint: int = 0,
                     cache: LayoutStore | None = None, workers: int = 1,
                     check: dict[str, Any] | None = None,
                     progress: Callable[[str], None] | None = None,
                     on_placed: Callable[[dict[str, int],
                                          dict[str, list[str]]], None]
                     | None = None,
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
    page numbers.  The texts that cite another text of the volume (the
    introduction's "this volume, p. 56") are laid out again with the real
    first pages as soon as the last cited text's start is known, on the
    core the longest text leaves free, not after it is paginated.  If that changes its page count, the chain is laid out
    again from the new start (the segments that moved by an even number of
    pages are re-laid out only for their page numbers).
    """
    profile = profile or book.options["output"].all_profiles()[0]
    modified = book.modified
    # The HTML carries the day only (the PDF gets the time when written),
    # so that a rebuild the same day finds its segments in the cache.
    book = replace(book, modified=book.modified[:10])
    # The texts citing another text of this volume give its first page:
    # laid out with a guess first, then again with the pages found.
    volume = volume_guess(book)
    renderer = Renderer(book, mode="footnote", book_dir=book_dir,
                        stage="body", volume_pages=volume)
    sections = renderer.sections()
    css = _stylesheets(book, renderer, profile, pages_hint, book_dir)
    seed = f"{book.identifier}/{book.slug}/{profile.name}"
    common: dict[str, Any] = {
        "css": css, "base_url": str(STYLES) + "/",
        "variant": profile.variant or "", "seed": seed + "|" + _salt(book_dir),
        "modified": modified, "press": profile.kind == "press",
        "bleed_outer_pt": profile.bleed_mm * 72 / 25.4
        if profile.bleed_edges == "outer" else 0.0,
        "check": tuple(sorted((check or {}).items()))}

    def maker(name: str, html: str) -> Callable[[int], SegmentJob]:
        return lambda start: SegmentJob(name=name, html=html, start=start,
                                        **common)

    def text_makers(name: str, html: str
                    ) -> list[Callable[[int], SegmentJob]]:
        """A text's segment: the pieces it was cut into when it was last
        laid out (:mod:`.pieces`), or the whole text, to be cut once laid
        out (long texts, when there is a cache to keep the pieces)."""
        cut = cache is not None and in_pieces() and css_allows(css)
        whole = SegmentJob(name=name, html=html, start=0, split=cut,
                           **common)
        whole = replace(whole, seeds=sched.seeds(whole))
        plan = piece_jobs(whole, sched.cuts(whole)) if cut \
            and sched.cuts(whole) else None
        if not plan:
            return [lambda start: replace(whole, start=start)]
        return [_piece_maker(SegmentJob(name=n, html=h, start=0, cut=c,
                                        continued=k, seeds=whole.seeds,
                                        **common))
                for n, h, c, k in plan]

    def body_of(sections: list[Any], rend: Renderer
                ) -> tuple[list[Callable[[int], SegmentJob]], dict[str, int]]:
        """The texts' makers, and where each text's first one is."""
        out: list[Callable[[int], SegmentJob]] = []
        first: dict[str, int] = {}
        for sec in sections:
            first[sec.id] = len(out)
            out += text_makers(sec.id, html_document(book, [sec], rend, None))
        return out, first

    front = [s for s in sections if s.kind in FRONT]
    back = [s for s in sections if s.kind in BACK]
    body = [s for s in sections if s.kind not in FRONT + BACK]
    with_contents = book.options["front"].contents

    def front_html(pages: dict[str, int] | None) -> str:
        contents = None
        if with_contents:
            contents = one_pass._contents(renderer, sections, pages)
        return html_document(book, front, renderer, contents)

    # Page numbers as wide as most books' (a wrong guess costs a second
    # layout of the front matter, never a wrong page).
    guess = front_html({s.id: 888 for s in sections})
    def makers_of(volume: dict[str, int]
                  ) -> tuple[list[Callable[[int], SegmentJob]],
                             dict[str, int]]:
        again = Renderer(book, mode="footnote", book_dir=book_dir,
                         stage="body", volume_pages=volume)
        return body_of([s for s in again.sections()
                        if s.kind not in FRONT + BACK], again)

    order = list(renderer.anchor_order)
    told: tuple[dict, dict] | None = None  # what on_placed was told
    with Scheduler(workers=workers, cache=cache, progress=progress,
                   shared=shared) as sched:
        body_makers, first_of = body_of(body, renderer)
        # Where each cited text's segment is among the makers.
        cited = {s.id: first_of[s.id] + bool(front) for s in body
                 if s.id in volume}

        def speculate(starts: dict[int, int]) -> None:
            """The last cited text's start is known, its pages not yet:
            lay the citing texts out with the pages the cited ones will
            have (a chapter opens on a right-hand page), on the core the
            longest text leaves free; if the guess holds, the layout below
            finds them done."""
            pages = {}
            for ch, k in cited.items():
                at = starts[k]
                lay = sched.placed.get(makers[k](at).key())
                pages[ch] = lay.anchors.get(ch, at) if lay is not None \
                    else at + (at % 2 == 0)
            if pages == volume:
                return
            for k, mk in enumerate(makers_of(pages)[0], start=bool(front)):
                if k in starts and mk(starts[k]).html != \
                        makers[k](starts[k]).html:
                    sched.start(mk(starts[k]))

        for _attempt in range(6):
            while True:
                makers = ([maker("front", guess)] if front else []) + \
                    body_makers
                try:
                    keys = sched.place(
                        makers, on_starts=speculate if cited else None,
                        starts_of=max(cited.values(), default=-1) + 1)
                    break
                except SplitFailed as failed:
                    # Those two pieces of the text are laid out as one
                    # from now on (each failure forgets a cut: this ends).
                    text = failed.segment.partition("@")[0]
                    if text not in first_of:
                        raise
                    sched.forget_cut(makers[first_of[text] + bool(front)](0),
                                     failed.cut)
                    if progress:
                        progress(str(failed))
                    body_makers, first_of = makers_of(volume)
                    cited = {ch: first_of[ch] + bool(front) for ch in cited}
            placed = [sched.placed[k] for k in keys]
            start = placed[-1].start + placed[-1].pages if placed else 1
            anchors: dict[str, int] = {}
            for lay in placed:
                for k, v in lay.anchors.items():
                    anchors.setdefault(k, v)
            found = {ch: anchors[ch] for ch in volume if ch in anchors}
            if found != volume:
                # The citing texts again, with the real pages (the others'
                # layouts are reused).
                volume = found
                body_makers, first_of = makers_of(volume)
                cited = {ch: first_of[ch] + bool(front) for ch in cited}
                continue
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
            raise RenderError("the contents, or the texts citing other "
                              "texts of this volume, keep changing length: "
                              "the page numbers do not settle")
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


def build_pdf_segmented(book: Book, **kw: Any) -> Layout:
    """The whole PDF, laid out in segments and joined (see
    :func:`lay_out_segments`)."""
    from .press import press_pdf

    seg = lay_out_segments(book, **kw)
    pdf, problems = join_job(*seg.join_args())
    if problems:
        raise RenderError(f"the {seg.profile} PDF fails its checks and was "
                          "not written", problems=problems)
    profile = kw.get("profile") or book.options["output"].all_profiles()[0]
    pdf = press_pdf(pdf, profile, book_dir=kw.get("book_dir"),
                    title=book.title)
    return Layout(pdf=pdf, pages=seg.pages, anchors=seg.anchors,
                  breaks=seg.breaks)
