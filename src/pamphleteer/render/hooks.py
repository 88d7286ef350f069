"""Patches to WeasyPrint's internals, each in force only within its block.

Both patch private functions (WeasyPrint's version is pinned in
pyproject.toml, and a canary test fails when they change):
:func:`keep_links` replaces ``weasyprint.pdf.resolve_links``;
:func:`numbered_later` wraps ``weasyprint.layout.make_margin_boxes``.
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

