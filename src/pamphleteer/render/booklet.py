"""Saddle-stitched booklets: the single pages imposed two up, with pypdf.

Pages are padded with blanks to a multiple of four and split into
signatures (a signature is a stack of sheets folded together; long books
are sewn or glued from several).  Each sheet carries four pages, two per
side, in the order a duplex printer that flips on the short edge prints
correctly: folding the printed stack of a signature gives its pages in
order.  Creep compensation shifts the pages of inner sheets towards the
spine by ``creep`` per sheet from the outside, so that the fore-edge stays
even after folding thick signatures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..errors import ManifestError, RenderError

MM = 72 / 25.4

# Sheet sizes (points) for the page sizes we impose.
SHEETS = {"a5": ("A4", 595.276, 841.89), "a6": ("A5", 419.528, 595.276),
          "5.5x8.5in": ("Letter", 612.0, 792.0)}


@dataclass(frozen=True)
class Side:
    """One side of a sheet: the page numbers on the left and the right
    (1-based, ``None`` for a blank)."""

    left: int | None
    """Page on the left half."""
    right: int | None
    """Page on the right half."""


def signature_order(pages: int, sheets_per_signature: int = 0
                    ) -> list[tuple[Side, Side, int]]:
    """For ``pages`` (padded to a multiple of 4), the (front, back, depth)
    of every sheet in printing order; ``depth`` is the sheet's position from
    the outside of its signature (0 = outermost), for creep."""
    total = -(-pages // 4) * 4
    per = sheets_per_signature * 4 if sheets_per_signature else total
    out = []
    for start in range(0, total, per):
        n = min(per, total - start)
        for i in range(n // 4):
            def num(k: int) -> int | None:
                p = start + k
                return p if p <= pages else None
            front = Side(num(n - 2 * i), num(2 * i + 1))
            back = Side(num(2 * i + 2), num(n - 2 * i - 1))
            out.append((front, back, i))
    return out


def impose(pdf: bytes, *, sheets_per_signature: int = 0,
           creep_mm: float = 0.0) -> bytes:
    """Impose a PDF of equal pages two up for saddle stitching."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf))
    if not reader.pages:
        raise RenderError("cannot impose an empty PDF")
    first = reader.pages[0]
    pw, ph = float(first.mediabox.width), float(first.mediabox.height)
    writer = PdfWriter()
    order = signature_order(len(reader.pages), sheets_per_signature)
    for front, back, depth in order:
        for side in (front, back):
            sheet = PageObject.create_blank_page(width=2 * pw, height=ph)
            shift = depth * creep_mm * MM
            for page_no, x, dx in ((side.left, 0.0, shift),
                                   (side.right, pw, -shift)):
                if page_no is None:
                    continue
                page = reader.pages[page_no - 1]
                sheet.merge_transformed_page(
                    page, Transformation().translate(tx=x + dx, ty=0))
            writer.add_page(sheet)
    writer.add_metadata({"/Producer": "pamphleteer booklet imposition",
                         "/Title": str((reader.metadata or {}).get("/Title", ""))})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def sheet_for(page_size: str) -> str:
    """Name of the sheet a page size is imposed on."""
    key = page_size.strip().lower()
    if key not in SHEETS:
        raise ManifestError(f"booklets are made from A5, A6 or 5.5x8.5in "
                            f"pages, not {page_size}; set output.page_size")
    return SHEETS[key][0]
