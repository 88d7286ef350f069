"""Patches to WeasyPrint's internals, each in force only within its block.

They patch private functions (WeasyPrint's version is pinned in
pyproject.toml, and a canary test fails when they change):
:func:`keep_links` replaces ``weasyprint.pdf.resolve_links``;
:func:`numbered_later` wraps ``weasyprint.layout.make_margin_boxes``;
:func:`continued_page_group` wraps
``weasyprint.layout.page._update_page_groups``.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator


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



@contextlib.contextmanager
def numbered_later(on_paginated: Callable[[int, Any], int]) -> Iterator[None]:
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



PAGE_TOP_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _forced(context: Any) -> bool:
    """Did a ``break-before``/``break-after`` begin the page being laid
    out?"""
    maker = getattr(context, "page_maker", None) or []
    index = context.current_page - 1
    if not 0 <= index < len(maker):
        return bool(context.forced_break)
    return maker[index][1]["break"] != "any"


@contextlib.contextmanager
def heading_space_at_page_top() -> Iterator[None]:
    """Truncate the space above a section heading that an unforced page
    break puts at the top of a page, as CSS says of every margin that
    adjoins such a break.

    WeasyPrint (70) truncates it only for a child of the root element
    (``weasyprint/layout/block.py``, ``block_level_layout``: "this
    condition is wrong"), and it takes every page of a named page
    (``page: body``) as begun by a forced break (``context.forced_break``
    is ``next_page['page']`` when no break was asked for), so a heading
    at the top of a page kept its space and the page's text began lower
    than its neighbours'.  Within this block, a heading laid out first on
    a page that no ``break-before``/``break-after`` began has its top
    margin truncated (unless ``margin-break: keep``).  The guard
    (:func:`.notecheck.headings_at_top`) still checks the result.
    """
    from weasyprint.layout import block

    original = block.block_level_layout

    def layout(context: Any, box: Any, bottom_space: Any, skip_stack: Any,
               containing_block: Any, page_is_empty: bool = True,
               absolute_boxes: Any = None, fixed_boxes: Any = None,
               adjoining_margins: Any = None, *rest: Any, **kw: Any) -> Any:
        if not (page_is_empty and context.current_page > 1 and
                getattr(box, "element_tag", "") in PAGE_TOP_HEADINGS and
                context.forced_break and not _forced(context)):
            return original(context, box, bottom_space, skip_stack,
                            containing_block, page_is_empty, absolute_boxes,
                            fixed_boxes, adjoining_margins, *rest, **kw)
        # A heading first on a page no break property began: WeasyPrint's
        # own truncation, with the break taken as unforced and the heading
        # as if its parent's margins collapsed with the page's.
        saved, context.forced_break = context.forced_break, False
        try:
            return original(context, box, bottom_space, skip_stack,
                            containing_block, page_is_empty, absolute_boxes,
                            fixed_boxes, adjoining_margins or [0], *rest,
                            **kw)
        finally:
            context.forced_break = saved

    block.block_level_layout = layout
    try:
        yield
    finally:
        block.block_level_layout = original


@contextlib.contextmanager
def cached_page_references() -> Iterator[None]:
    """pydyf's ``PDF.page_references`` computed once per page count.

    It is a property that builds the references of every page each time
    it is read, and WeasyPrint (70) reads it for every tagged element and
    every anchor (``weasyprint/pdf/tags.py``, ``anchors.py``): 8,069 times
    for the book's longest text, quadratic in its pages.  Within this
    block it is kept with the page list it was made from (its identity and
    length: pages are only ever appended while a PDF is made), so the
    bytes written are the same.  Worth upstreaming to pydyf as a cache
    invalidated by ``add_page``.
    """
    import pydyf

    original = pydyf.PDF.page_references

    def references(pdf: Any) -> Any:
        kids = pdf.pages["Kids"]
        key = (id(kids), len(kids))
        cached = pdf.__dict__.get("_pamphleteer_page_references")
        if cached is None or cached[0] != key:
            cached = (key, original.fget(pdf))
            pdf.__dict__["_pamphleteer_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextlib.contextmanager
def continued_page_group(enabled: bool = True) -> Iterator[None]:
    """The document's first page group is counted from its second page:
    a piece of a text after its first (:mod:`.pieces`) continues its
    section's pages, so ``@page body:nth(1 of body)`` (a text's opening
    page, without running head) does not select its first page.  Wraps
    ``weasyprint.layout.page._update_page_groups``."""
    from weasyprint.layout import page as wpage

    if not enabled:
        yield
        return
    original = wpage._update_page_groups

    def update(page_groups: list, *args: Any, **kw: Any) -> Any:
        fresh = not page_groups
        name = original(page_groups, *args, **kw)
        if fresh and page_groups:
            page_groups[0][1] += 1
        return name

    wpage._update_page_groups = update
    try:
        yield
    finally:
        wpage._update_page_groups = original
