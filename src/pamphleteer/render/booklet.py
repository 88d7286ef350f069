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
from typing import Any

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


def signature_order(pages: int, sheets_per_signature: int = 0,
                    counts: list[int] | None = None
                    ) -> list[tuple[Side, Side, int]]:
    """For ``pages`` (padded to a multiple of 4), the (front, back, depth)
    of every sheet in printing order; ``depth`` is the sheet's position from
    the outside of its signature (0 = outermost), for creep.  ``counts``
    (sheets in each signature, :func:`.signatures.sheet_counts`) overrides
    ``sheets_per_signature``."""
    total = -(-pages // 4) * 4
    if counts is None:
        per = sheets_per_signature * 4 if sheets_per_signature else total
        counts = [min(per, total - s) // 4 for s in range(0, total, per)]
    if sum(counts) * 4 != total:
        raise RenderError(f"signatures of {counts} sheets do not hold "
                          f"{pages} pages")
    out = []
    starts = [4 * sum(counts[:i]) for i in range(len(counts))]
    for start, sheets in zip(starts, counts):
        n = sheets * 4
        for i in range(n // 4):
            def num(k: int, start: int = start) -> int | None:
                p = start + k
                return p if p <= pages else None
            front = Side(num(n - 2 * i), num(2 * i + 1))
            back = Side(num(2 * i + 2), num(n - 2 * i - 1))
            out.append((front, back, i))
    return out


def impose(pdf: bytes, *, sheets_per_signature: int = 0,
           creep_mm: float = 0.0, counts: list[int] | None = None,
           marks: bytes | None = None) -> bytes:
    """Impose a PDF of equal pages two up for saddle stitching.

    Each source page becomes a form XObject (its content streams are
    reused, not parsed) drawn twice per sheet side with a translation.
    ``counts`` gives the sheets of each signature; ``marks`` is a PDF of
    sheet-sized pages (:func:`.signatures.marks_pdf`): its first page, the
    instructions, is printed as a sheet of its own (with a blank back)
    before the book; its page ``1 + n`` is drawn over the outside of
    signature ``n``'s outer sheet (its signature mark and collation mark).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        StreamObject,
    )

    reader = PdfReader(io.BytesIO(pdf))
    if not reader.pages:
        raise RenderError("cannot impose an empty PDF")
    writer = PdfWriter()
    count = len(reader.pages)
    first = reader.pages[0]
    pw, ph = float(first.mediabox.width), float(first.mediabox.height)
    forms = []
    for page in reader.pages:
        contents = page.get("/Contents")
        streams = contents.get_object() if contents is not None else []
        if not isinstance(streams, list):
            streams = [streams]
        form = StreamObject()
        one = streams[0].get_object() if len(streams) == 1 else None
        if one is not None and one.get("/Filter") == "/FlateDecode" \
                and "/DecodeParms" not in one:
            # Reuse the compressed bytes as they are: no decoding.
            form._data = one._data
            form[NameObject("/Filter")] = NameObject("/FlateDecode")
        else:
            form.set_data(b"\n".join(s.get_object().get_data()
                                     for s in streams))
            form = form.flate_encode()
        box = page.mediabox
        form.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (
                box.left, box.bottom, box.right, box.top)),
            NameObject("/Resources"): page.get("/Resources",
                                               DictionaryObject()).clone(writer),
        })
        forms.append(writer._add_object(form))
    extra = []
    if marks is not None:
        for page in PdfReader(io.BytesIO(marks)).pages:
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
            xobj = StreamObject()
            xobj.set_data(data)
            xobj = xobj.flate_encode()
            box = page.mediabox
            xobj.update({
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (
                    box.left, box.bottom, box.right, box.top)),
                NameObject("/Resources"): page.get(
                    "/Resources", DictionaryObject()).clone(writer),
            })
            extra.append(writer._add_object(xobj))

    def overlay(sheet: Any, name: str, ref: Any) -> None:
        res = sheet["/Resources"]
        res["/XObject"][NameObject(name)] = ref
        content = sheet["/Contents"].get_object()
        content.set_data(content.get_data() + f"\nq {name} Do Q".encode())

    if extra:
        first_sheet = writer.add_blank_page(width=2 * pw, height=ph)
        _draw(writer, first_sheet, [], DictionaryObject())
        overlay(first_sheet, "/Instructions", extra[0])
        _draw(writer, writer.add_blank_page(width=2 * pw, height=ph), [],
              DictionaryObject())
    signature = 0
    for front, back, depth in signature_order(count, sheets_per_signature,
                                              counts):
        if depth == 0:
            signature += 1
        for side in (front, back):
            sheet = writer.add_blank_page(width=2 * pw, height=ph)
            shift = depth * creep_mm * MM
            ops, xobjects = [], DictionaryObject()
            for page_no, x, dx in ((side.left, 0.0, shift),
                                   (side.right, pw, -shift)):
                if page_no is None:
                    continue
                name = f"/P{page_no}"
                xobjects[NameObject(name)] = forms[page_no - 1]
                ops.append(f"q 1 0 0 1 {x + dx:.3f} 0 cm {name} Do Q")
            _draw(writer, sheet, ops, xobjects)
            if side is front and depth == 0 and signature < len(extra):
                overlay(sheet, "/Signature", extra[signature])
    writer.add_metadata({"/Producer": "pamphleteer booklet imposition"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _draw(writer: Any, sheet: Any, ops: list[str], xobjects: Any) -> None:
    """Give a sheet side its content stream and resources."""
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    content = StreamObject()
    content.set_data("\n".join(ops).encode("ascii"))
    sheet[NameObject("/Contents")] = writer._add_object(content)
    sheet[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): xobjects})


def sheet_for(page_size: str) -> str:
    """Name of the sheet a page size is imposed on."""
    key = page_size.strip().lower()
    if key not in SHEETS:
        raise ManifestError(f"booklets are made from A5, A6 or 5.5x8.5in "
                            f"pages, not {page_size}; set output.page_size")
    return SHEETS[key][0]
