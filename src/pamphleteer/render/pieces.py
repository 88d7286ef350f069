"""A long text laid out in pieces, so that an edit lays out one piece.

A text is one segment (:mod:`.segments`): after a one-paragraph edit of
the longest text, all of it was laid out again, on one core, with its
re-layouts for notes and even type (21 s of a 21 s cold build).  Yet a
page that begins with a new block (a paragraph, a heading, a block
quote) whose notes all start on it owes nothing to the pages before it
but its number and its side: the text from there on is laid out the same
whether the pages before it are laid out with it or not.

So when a text of :data:`MIN_PAGES` pages or more is laid out whole, the
worker also cuts it, at such pages about :data:`PIECE_PAGES` apart
(:func:`page_tops`, :func:`choose_cuts`), writes each piece's pages as
their own PDF and caches them as the pieces they are (:func:`piece_html`
is each piece's document); the cuts are remembered.  The next build lays
that text out as those pieces, one segment each: an unchanged piece
comes from the cache, an edited one is laid out again alone.

A piece is laid out with the first block of the next one after it (and
the block after that when it is a heading, which keeps with what
follows): that block must still begin a page, holding no note called
before it; the pages from there on are dropped.  When it does not (the
edit freed room for it on the page before), :class:`SplitFailed` is
raised, the cut is forgotten and the two pieces are laid out as one.

A piece after the first keeps its section and the element just before
its first block (hidden), so that every selector matches as in the whole
text (``h2 + p``, ``:first-child``), and it continues the page group of
its section (:func:`.hooks.continued_page_group`): its first page is not
the text's opening page.  Stylesheets that count (CSS counters, selectors
counting siblings, a running string a heading sets) keep every text whole
(:func:`css_allows`), and so does a release (:func:`whole_texts`).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator, Sequence

MIN_PAGES = 20
"""Texts shorter than this are never cut."""
PIECE_PAGES = 12
"""About how many pages a piece holds."""
CUT_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote")
"""The blocks a piece may begin with (children of the text's section)."""
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
CONTINUED = "data-pamphleteer-continued"


_WHOLE = [False]


@contextlib.contextmanager
def whole_texts() -> Iterator[None]:
    """Within this block, every text is laid out whole and written whole,
    whatever the cache remembers: a release's PDF is then the same bytes
    whatever was built before it (pieces give the same pages, not the same
    file)."""
    _WHOLE[0] = True
    try:
        yield
    finally:
        _WHOLE[0] = False


def in_pieces() -> bool:
    """May texts be laid out in pieces (not within :func:`whole_texts`)?"""
    return not _WHOLE[0]


_UNSAFE = re.compile(
    r"counter-(?:increment|set)|:nth-|-of-type|:last-child|:only-child"
    r"|[^~]~[^=]|string\((?!chapshort\))")
"""What a piece would set otherwise than the whole text: counters and
selectors that count siblings (a piece keeps only the element before it),
and running strings other than the one its section sets (``chapshort``,
from the section's own attribute; a ``chaptitle`` comes from the heading
a later piece no longer holds)."""


def css_allows(css: Sequence[str]) -> bool:
    """May a text laid out with these stylesheets (``path:`` file names or
    CSS text) be cut into pieces?"""
    from pathlib import Path

    for sheet in css:
        if sheet.startswith("path:"):
            try:
                sheet = Path(sheet[5:]).read_text(encoding="utf-8")
            except OSError:
                return False
        if _UNSAFE.search(sheet):
            return False
    return True


class SplitFailed(Exception):
    """A piece's next block no longer begins a page."""

    def __init__(self, segment: str, cut: str):
        super().__init__(segment, cut)
        self.segment = segment
        self.cut = cut

    def __str__(self) -> str:
        return (f"{self.segment}: the block {self.cut} no longer begins a "
                "page; its two pieces are laid out as one")


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _section_child(el: Any, section: Any, parents: dict) -> Any:
    """The child of ``section`` that holds ``el`` (None: none does)."""
    while el is not None:
        parent = parents.get(el)
        if parent is section:
            return el
        el = parent
    return None


def page_tops(page_boxes: Sequence[Any]) -> list[tuple[int, str]]:
    """(page index, block id) of every page after the first that begins
    with a new block: a child of the text's section among
    :data:`CUT_TAGS`, with an id, whose first text is the page's first,
    on a page whose notes are all called on it."""
    out: list[tuple[int, str]] = []
    started: set[str] = set()
    parents: dict[Any, Any] = {}
    section = None
    last_root = None
    for index, page in enumerate(page_boxes):
        children = list(getattr(page, "children", None) or ())
        if not children:
            continue
        flow, areas = children[0], children[1:]
        root = getattr(flow, "element", None)
        if root is not None and root is not last_root:
            # (A lead blank page comes from a document of its own.)
            last_root = root
            parents = {c: p for p in root.iter() for c in p}
            section = next((el for el in root.iter()
                            if _local(el.tag) == "section"), None)
        first = None
        calls: set[str] = set()
        texts = []
        for box in _boxes(flow):
            tag = getattr(box, "element_tag", "") or ""
            if tag.endswith("::footnote-call"):
                el = getattr(box, "element", None)
                if el is not None and el.get("id"):
                    calls.add(el.get("id"))
                continue
            if type(box).__name__ == "TextBox" and box.text.strip() and \
                    "::" not in tag:
                texts.append(box)
                if first is None:
                    first = box
        if first is None or section is None:
            continue
        block = _section_child(first.element, section, parents)
        notes = {n.element.get("id") for area in areas
                 if type(area).__name__ == "FootnoteAreaBox"
                 for n in getattr(area, "children", None) or ()
                 if getattr(n, "element", None) is not None}
        if (index > 0 and block is not None
                and _local(block.tag) in CUT_TAGS and block.get("id")
                and block.get("id") not in started and notes <= calls):
            out.append((index, str(block.get("id"))))
        # Every section child with text on this page has started.
        for box in texts:
            b = _section_child(box.element, section, parents)
            if b is not None and b.get("id"):
                started.add(str(b.get("id")))
    return out


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]


def choose_cuts(tops: Sequence[tuple[int, str]], pages: int,
                every: int = PIECE_PAGES) -> list[tuple[int, str]]:
    """Cuts about ``every`` pages apart, none leaving a piece shorter than
    half that."""
    if pages < MIN_PAGES:
        return []
    cuts: list[tuple[int, str]] = []
    last = 0
    for index, bid in tops:
        if index - last >= every and pages - index >= every // 2:
            cuts.append((index, bid))
            last = index
    return cuts


def piece_html(html: str, cuts: Sequence[str], k: int) -> str | None:
    """The document of piece ``k`` of a text cut before the blocks
    ``cuts`` (ids of children of its section), with the next piece's
    first block (and the one after it, when that is a heading) after it;
    None when a cut is not such a block of ``html``."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    blocks = [by_id.get(cut) for cut in cuts]
    parent = blocks[0].getparent() if blocks and blocks[0] is not None \
        else None
    if parent is None or parent.tag != "section" or any(
            b is None or b.tag not in CUT_TAGS or b.getparent() is not parent
            for b in blocks):
        return None
    section: Any = parent
    children = list(section)
    where = [children.index(b) for b in blocks]
    if where != sorted(set(where)) or where[0] == 0:
        return None
    begin = where[k - 1] if k > 0 else 0
    end = where[k] if k < len(where) else len(children)
    keep_to = end
    if k < len(where):
        keep_to = end + 1
        if children[end].tag in HEADINGS and end + 1 < len(children):
            keep_to = end + 2
    for child in children[keep_to:]:
        section.remove(child)
    if k > 0:
        for child in children[:begin - 1]:
            section.remove(child)
        before = children[begin - 1]
        before.set("style", "display: none")
        # The section (and everything around it) opens no page here.
        for el in [section, *section.iterancestors()]:
            if el.tag in ("html", "body"):
                continue
            style = el.get("style", "")
            el.set("style", (style + "; " if style else "") +
                   "break-before: auto")
        root.set(CONTINUED, "")
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode")


def cut_page(page_boxes: Sequence[Any], cut: str) -> int | None:
    """Index of the page that block ``cut`` begins, when it begins it as
    :func:`page_tops` requires (None: it begins mid-page, or nowhere)."""
    return next((i for i, bid in page_tops(page_boxes) if bid == cut), None)


def before_cut(cut: str) -> Any:
    """The pages a piece's checks look at: those before the page where
    block ``cut`` (the next piece's first) first shows."""
    def trim(page_boxes: list[Any]) -> list[Any]:
        for index, page in enumerate(page_boxes):
            for box in _boxes(page):
                el = getattr(box, "element", None)
                if el is not None and el.get("id") == cut:
                    return page_boxes[:index]
        return page_boxes
    return trim


def piece_jobs(job: Any, cuts: Sequence[str]) -> list[Any] | None:
    """The piece makers' documents: for each piece, (name, html, cut,
    continued), or None when ``cuts`` no longer cut ``job.html``."""
    out = []
    for k in range(len(cuts) + 1):
        html = piece_html(job.html, cuts, k)
        if html is None:
            return None
        name = job.name if k == 0 else f"{job.name}@{cuts[k - 1]}"
        out.append((name, html, cuts[k] if k < len(cuts) else "", k > 0))
    return out
