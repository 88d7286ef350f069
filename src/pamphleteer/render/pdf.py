"""The PDF writer: the shared XHTML sections laid out by WeasyPrint.

The sections are joined into one HTML document styled by ``base.css``,
``print.css`` and the page geometry rendered from ``page.css.j2``.  The index
needs real page numbers, so the book is laid out once to learn on which page
every index mark falls, then the index is filled in and the book laid out
again (the index is last: its length cannot move an earlier page).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import itertools
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from markupsafe import Markup

from ..book import Book
from ..errors import RenderError
from ..paper import mm
from .hooks import cached_page_references
from .views import END_ANCHOR, STYLES, Renderer, Section

if TYPE_CHECKING:
    from ..manifest import ProfileSpec

log = logging.getLogger(__name__)

@contextlib.contextmanager
def fixed_xmp_ids(seed: str) -> Iterator[None]:
    """Make WeasyPrint's XMP document ids depend on ``seed`` only.

    WeasyPrint (70) writes ``xmpMM:DocumentID`` as ``xmp.did:`` and a random
    ``uuid4()`` into PDF/X-4 files (``weasyprint/pdf/metadata.py``,
    ``generate_rdf_metadata``), and the second half of the trailer ``/ID``
    is a digest of the file, so two builds differ.  Within this block the
    n-th id is ``uuid5(seed/n)`` instead: the same for the same book built
    in the same order.
    """
    try:
        from weasyprint.pdf import metadata as xmp
    except ImportError:
        yield
        return
    original, count = xmp.uuid4, itertools.count(1)
    xmp.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL,
                                   f"{seed}/{next(count)}")
    try:
        yield
    finally:
        xmp.uuid4 = original


@dataclass(frozen=True)
class Layout:
    """A laid-out book."""

    pdf: bytes
    """The PDF file."""
    pages: int
    """Page count."""
    anchors: dict[str, int]
    """Anchor id -> 1-based page number."""
    breaks: dict[str, list[str]]
    """Anchor -> labels of the print pages that begin there (EPUB)."""


def page_css(book: Book, renderer: Renderer, profile: ProfileSpec | None = None,
             pages_hint: int = 0) -> str:
    """Page geometry from the manifest's output settings and the profile."""
    out = book.options["output"]
    profile = profile or out.all_profiles()[0]
    width, height = out.trim(profile)
    w = mm(width)
    # Margins in proportion to the trim, so that an A5 page gets
    # 16 (top) / 17 (outer) / 20 (inner) / 20 (bottom) mm.
    unit = w / 148
    inner, outer = 20 * unit, 17 * unit
    gutter = profile.gutter_mm * pages_hint / 100
    if gutter:
        # The gutter is taken from the outer margin: the text block keeps
        # its width, so the text breaks into the same lines and pages.
        gutter = min(gutter, outer - 8 * unit)
        inner, outer = inner + gutter, outer - gutter
    margins = {"margin_top": f"{16 * unit:.2f}mm",
               "margin_outer": f"{outer:.2f}mm",
               "margin_inner": f"{inner:.2f}mm",
               "margin_bottom": f"{20 * unit:.2f}mm"}
    title = book.title.replace("\\", "\\\\").replace('"', '\\"')
    return renderer.env.get_template("page.css.j2").render(
        width=width, height=height, font_size=out.font_size, title=title,
        bleed=profile.bleed, marks="none",  # drawn outside the bleed: press.py
        hyphens="auto" if out.hyphenate else "manual", **margins)


def html_document(book: Book, sections: list[Section], renderer: Renderer,
                  contents: Markup | None) -> str:
    """The whole book as one HTML string."""
    parts = []
    for sec in sections:
        parts.append(sec.body)
        if sec.kind == "copyright-page" and contents is not None:
            parts.append(contents)
    body = Markup("\n").join(parts)
    head = Markup(
        '<meta name="author" content="%s"/>'
        '<meta name="description" content="%s"/>'
        '<meta name="keywords" content="%s"/>'
        '<meta name="generator" content="pamphleteer %s"/>'
        '<meta name="dcterms.created" content="%s"/>'
        '<meta name="dcterms.modified" content="%s"/>') % (
        "; ".join(c.name for c in book.contributors if c.role == "aut"),
        book.description, ", ".join(book.subjects), book.tool_version,
        book.modified, book.modified)
    return renderer.env.get_template("book.html.j2").render(
        book=book, body=body, head=head)


def _contents(renderer: Renderer, sections: list[Section],
              pages: dict[str, int] | None = None) -> Markup:
    """The printed contents; with ``pages``, literal page numbers (for a
    front-matter segment laid out apart from the sections it lists)."""
    children = {c.id for s in sections for c in s.children}

    def item(s: Section) -> dict:
        return {"title": s.title, "href": f"#{s.id}", "byline": s.byline,
                "kind": s.kind, "page": str(pages.get(s.id, "")) if pages
                else "", "children": [item(c) for c in s.children]}

    toc = [item(s) for s in sections if s.toc and s.id not in children]
    return renderer.render("contents.xhtml.j2", toc=toc)


def layout(book: Book, *, book_dir: Path | None = None,
           index_pages: dict[str, int] | None = None,
           stage: str = "all", first_page: int = 1, profile: ProfileSpec | None = None,
           pages_hint: int = 0,
           volume_pages: dict[str, int] | None = None) -> Any:
    """Lay the book out once; return WeasyPrint's document (with
    ``anchor_order``, the page-mark anchors in document order, attached).
    ``volume_pages``: the first page of every text of this volume that
    another one cites (see :func:`settled_body`)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()

    renderer = Renderer(book, mode="footnote", book_dir=book_dir,
                        index_pages=index_pages, stage=stage,
                        volume_pages=volume_pages)
    sections = renderer.sections()
    contents = None
    if book.options["front"].contents and stage in ("all", "body", "front"):
        contents = _contents(renderer, sections,
                             index_pages if stage == "front" else None)
    if stage in ("tail", "front"):
        sections = [s for s in sections if renderer._wanted(s.kind)]
    html = html_document(book, sections, renderer, contents)
    stylesheets = [CSS(filename=str(STYLES / "base.css"), font_config=fonts),
                   CSS(filename=str(STYLES / "print.css"), font_config=fonts),
                   CSS(string=page_css(book, renderer, profile, pages_hint),
                       font_config=fonts)]
    if first_page != 1:
        stylesheets.append(CSS(string="@page :first { counter-reset: page "
                               f"{first_page} }}", font_config=fonts))
    if book_dir is not None and (book_dir / "styles" / "print.css").is_file():
        stylesheets.append(CSS(filename=str(book_dir / "styles" / "print.css"),
                               font_config=fonts))
    from .notecheck import render_with_notes

    def render(nudges: str, doc: str | None = None) -> Any:
        extra = [CSS(string=nudges, font_config=fonts)] if nudges else []
        return HTML(string=html if doc is None else doc,
                    base_url=str(STYLES) + "/").render(
            stylesheets=stylesheets + extra, font_config=fonts)

    # As the segments are: laid out again with nudges while a note begins
    # after its call's page (or a heading keeps its space at a page top).
    from .hooks import heading_space_at_page_top
    from .hyphenation import book_hyphenation

    with book_hyphenation(), heading_space_at_page_top():
        document = render_with_notes(render, html=html)[0]
    document.anchor_order = renderer.anchor_order
    return document


def _finisher(profile: ProfileSpec) -> Callable[[Any, Any], None] | None:
    """Changes to the PDF objects before writing: a press profile drops
    link annotations; outer-edge bleed takes the bleed off the spine side."""
    press = profile.kind == "press"
    bleed = profile.bleed_mm * 72 / 25.4 if profile.bleed_edges == "outer" \
        else 0.0
    if not press and not bleed:
        return None

    def finish(document: Any, pdf: Any) -> None:
        kids = pdf.pages["Kids"]
        refs = [kids[i] for i in range(0, len(kids), 3)]
        for n, ref in enumerate(refs):
            page = pdf.objects[ref]
            if press and "Annots" in page:
                del page["Annots"]
            if bleed:
                # Right-hand pages (odd numbers) have the spine on the left.
                left_spine = n % 2 == 0
                for box in ("MediaBox", "BleedBox"):
                    if box in page:
                        x0, y0, x1, y1 = (float(v) for v in page[box])
                        if left_spine:
                            x0 += bleed
                        else:
                            x1 -= bleed
                        page[box] = pydyf.Array((x0, y0, x1, y1))

    import pydyf

    return finish


def _front_page_count(anchors: dict[str, int]) -> int:
    """Pages before the first section after the contents."""
    firsts = [p for k, p in anchors.items() if k in ("contents",)]
    if not firsts:
        return 0
    later = sorted(p for p in anchors.values() if p > firsts[0])
    return later[0] - 1 if later else 0


def _moved(before: dict[str, int], after: dict[str, int]) -> bool:
    """Did the back matter start elsewhere in the final layout?"""
    return any(before.get(k) != after.get(k) for k in ("bibliography", "index"))


def anchor_pages(document: Any) -> dict[str, int]:
    """Anchor id -> 1-based page number of a laid-out document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def page_map(order: list[str], pages: dict[str, int],
             total: int) -> dict[str, list[str]]:
    """Where each print page begins, as anchor -> page labels.

    ``order`` lists the page-mark anchors in document order and ``pages``
    gives the page each falls on.  A page on which no anchor falls (a blank
    verso, a page inside one long paragraph) is marked with the next anchor,
    so every page of the PDF is in the map, in order.
    """
    from .pagelist import starts_by_page

    # A page whose text begins inside a body block is marked at that
    # word (``anchor@offset``, see pagelist.py); the others as before.
    starts = starts_by_page(pages)
    where: dict[int, str] = {}
    last = 0
    # In page order (document order within a page): the body's order
    # names the back matter's sections before the back matter's own
    # anchors are known, which would mark the bibliography's pages at
    # the index.
    placed = sorted((pages[a], i, a) for i, a in enumerate(order)
                    if a in pages)
    for page, _, anchor in placed:
        if page <= last:
            continue
        for p in range(last + 1, page + 1):
            where[p] = anchor
        last = page
    for p in range(last + 1, total + 1):
        where[p] = END_ANCHOR
    for p, (anchor, offset) in starts.items():
        if p in where and offset:
            where[p] = f"{anchor}@{offset}"
    out: dict[str, list[str]] = {}
    for p in sorted(where):
        out.setdefault(where[p], []).append(str(p))
    return out


def settled_body(book: Book, stage: str, **kw: Any) -> Any:
    """The body laid out with the right page of every text of this volume
    that a citation points to (``this volume, p. 73``): laid out first
    with a guess (:func:`.views.volume_guess`), then again with the pages
    found, until they hold (a text whose length changed with a number
    moves the ones after it)."""
    from .views import volume_guess

    volume = volume_guess(book)
    for _attempt in range(4):
        document = layout(book, stage=stage, volume_pages=volume, **kw)
        if not volume:
            return document
        anchors = anchor_pages(document)
        found = {ch: anchors[ch] for ch in volume if ch in anchors}
        if found == volume:
            return document
        volume = found
    raise RenderError("the pages of the texts this volume cites keep "
                      "moving: the page numbers do not settle")


def build_pdf(book: Book, *, book_dir: Path | None = None,
              profile: ProfileSpec | None = None, pages_hint: int = 0) -> Layout:
    """Lay out the book and return the PDF.

    Without bibliography or index, one pass.  With them, the book is first
    laid out with their headings only: that gives the page of every
    citation and index mark and where the back matter starts.  The back
    matter is then laid out on its own from that page, with page numbers
    written out (collapsed into ranges), and the front matter again with
    the contents' final numbers; their pages replace the first pass's.
    """
    tail = bool(book.index is not None or (
        book.bibliography and book.options["back"].bibliography))
    profile = profile or book.options["output"].all_profiles()[0]
    kw: dict[str, Any] = {"book_dir": book_dir, "profile": profile,
                          "pages_hint": pages_hint}
    if not tail:
        document = settled_body(book, "all", **kw)
        anchors = anchor_pages(document)
    else:
        body = settled_body(book, "body", **kw)
        anchors = anchor_pages(body)
        start = min(anchors[k] for k in ("bibliography", "index")
                    if k in anchors)
        back = layout(book, index_pages=anchors, stage="tail",
                      first_page=start, **kw)
        final = dict(anchors)
        final.update({k: v + start - 1 for k, v in anchor_pages(back).items()})
        pages = body.pages[:start - 1] + back.pages
        order = body.anchor_order + back.anchor_order
        front_pages = _front_page_count(anchors)
        if front_pages and _moved(anchors, final):
            front = layout(book, index_pages=final, stage="front", **kw)
            n = len(front.pages)
            # The first pass may end the front matter with a blank verso
            # (the next section opens on a right-hand page): keep it.
            if n <= front_pages and all(not p.anchors and not p.links
                                        for p in pages[n:front_pages]):
                pages = front.pages + pages[n:]
            else:
                log.warning("the contents changed length; its numbers for "
                            "the back matter may be off by a page")
        document = body.copy(pages)
        document.anchor_order = order
        anchors = anchor_pages(document)
    from .pagelist import page_starts

    anchors.update(page_starts([p._page_box for p in document.pages], 1))
    created = _dt.datetime.strptime(book.modified, "%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = book.modified
    document.metadata.modified = book.modified
    seed = f"{book.identifier}/{book.slug}/{profile.name}"
    try:
        with fixed_xmp_ids(seed), cached_page_references():
            pdf = document.write_pdf(
                pdf_identifier=hashlib.sha256(seed.encode()).hexdigest()[:32]
                .encode("ascii"),
                pdf_variant=profile.variant or None,
                finisher=_finisher(profile), uncompressed_pdf=False)
    except Exception as err:  # WeasyPrint raises many kinds
        raise RenderError(f"could not write the PDF ({err})") from err
    del created
    from .press import press_pdf

    # Finished for the press as the joined PDF is (colours, marks, intent).
    pdf = press_pdf(pdf, profile, book_dir=book_dir, title=book.title)
    return Layout(pdf=pdf, pages=len(document.pages), anchors=anchors,
                  breaks=page_map(document.anchor_order, anchors,
                                  len(document.pages)))
