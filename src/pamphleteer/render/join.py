"""Joining the segments' PDFs into the book's PDF (with pypdf).

Each segment is a complete PDF written by WeasyPrint.  The joined file
takes its pages in order and rebuilds what spans the whole book:

- the named destinations (every anchor), so that a link from one segment
  to another (a citation to the bibliography, an index locator, a
  contents line) lands where it should;
- the outline, from the headings of all segments, nested by level as
  WeasyPrint nests it in a one-pass layout;
- for a tagged PDF (PDF/UA), one structure tree: each segment's
  top-level structure elements under one ``Document`` element, and the
  parent tree renumbered (a page's ``StructParents`` is its page index,
  then the link annotations follow, as WeasyPrint numbers them);
- the document catalog's metadata (XMP, language, output intent, viewer
  preferences) and the document information, from the first segment.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any, Sequence

from ..errors import RenderError

CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata",
                "/OutputIntents")
"""Catalog entries the joined PDF takes from the first segment."""


def join_pdfs(pdfs: Sequence[bytes],
              bookmarks: Sequence[tuple[int, str, int, float, float, bool]],
              *, seed: str) -> bytes:
    """One PDF from the segments' PDFs (in page order).

    ``bookmarks`` are ``(level, label, page number, x, y, open)`` for the
    whole book (page numbers from 1).  ``seed`` makes the trailer id.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject,
                               DictionaryObject, NameObject, NumberObject,
                               TextStringObject)

    if not pdfs:
        raise RenderError("nothing to join: no segment was laid out")
    readers = [PdfReader(io.BytesIO(data)) for data in pdfs]
    writer = PdfWriter()
    first = readers[0]
    root = first.trailer["/Root"]
    writer.pdf_header = first.pdf_header
    for key in CATALOG_KEYS:
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    tagged = "/StructTreeRoot" in root

    dests: dict[str, Any] = {}
    nums: list[tuple[int, Any]] = []          # page index -> elements
    annots: list[tuple[Any, Any]] = []        # annotation, its element
    kids = ArrayObject()
    doc_elem = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                 NameObject("/S"): NameObject("/Document")})
    struct_root = DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot")})
    if tagged:
        doc_ref = writer._add_object(doc_elem).indirect_reference
        root_ref = writer._add_object(struct_root).indirect_reference
        struct_root[NameObject("/K")] = ArrayObject([doc_ref])
    offset = 0
    for reader in readers:
        seg_root = reader.trailer["/Root"]
        pages = [writer.add_page(page) for page in reader.pages]
        # Named destinations: the first definition of a name wins.
        names = seg_root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
        for i in range(0, len(names), 2):
            name = str(names[i])
            if name not in dests:
                dests[name] = names[i + 1].clone(writer)
        if tagged and "/StructTreeRoot" in seg_root:
            struct_ref = seg_root.raw_get("/StructTreeRoot")
            struct = struct_ref.get_object()
            doc_old = struct["/K"][0] if isinstance(struct["/K"], list) \
                else struct.raw_get("/K")
            # Whatever points at the segment's Document element or tree root
            # (an element's /P) points at the book's once cloned.
            table = writer._id_translated.setdefault(id(reader), {})
            table["PreventGC"] = reader
            table[doc_old.idnum] = doc_ref.idnum
            table[struct_ref.idnum] = root_ref.idnum
            kids += [kid.clone(writer)
                     for kid in doc_old.get_object().get("/K", [])]
            tree = struct["/ParentTree"].get_object()["/Nums"]
            count = len(reader.pages)
            for i in range(0, len(tree), 2):
                key, value = int(tree[i]), tree[i + 1]
                if key < count:
                    nums.append((offset + key, value.clone(writer)))
                else:
                    annots.append((None, value.clone(writer)))
            # The annotations, in the order WeasyPrint numbered them.
            seg_annots = []
            for page in pages:
                for a in page.get("/Annots", []):
                    obj = a.get_object()
                    if "/StructParent" in obj:
                        seg_annots.append((int(obj["/StructParent"]), obj))
            seg_annots.sort(key=lambda t: t[0])
            base = len(annots) - len(seg_annots)
            for n, (_, obj) in enumerate(seg_annots):
                annots[base + n] = (obj, annots[base + n][1])
        if tagged:
            for n, page in enumerate(pages):
                page[NameObject("/StructParents")] = NumberObject(offset + n)
        offset += len(pages)

    if dests:
        flat = ArrayObject()
        for name in sorted(dests):
            flat += [TextStringObject(name), dests[name]]
        writer._root_object[NameObject("/Names")] = DictionaryObject({
            NameObject("/Dests"): writer._add_object(DictionaryObject(
                {NameObject("/Names"): flat})).indirect_reference})
    if tagged:
        tree = ArrayObject()
        for key, value in nums:
            tree += [NumberObject(key), value]
        for n, (obj, value) in enumerate(annots, start=offset):
            if obj is not None:
                obj[NameObject("/StructParent")] = NumberObject(n)
            tree += [NumberObject(n), value]
        struct_root[NameObject("/ParentTree")] = writer._add_object(
            DictionaryObject({NameObject("/Nums"): tree})).indirect_reference
        struct_root[NameObject("/ParentTreeNextKey")] = NumberObject(
            offset + len(annots))
        doc_elem[NameObject("/P")] = root_ref
        doc_elem[NameObject("/K")] = kids
        writer._root_object[NameObject("/StructTreeRoot")] = root_ref
    _outline(writer, bookmarks)
    info = first.trailer.get("/Info")
    if info is not None:
        writer.add_metadata({k: v for k, v in info.get_object().items()})
    ident = ByteStringObject(hashlib.sha256(seed.encode()).digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _outline(writer: Any, bookmarks: Sequence[tuple[int, str, int, float,
                                                      float, bool]]) -> None:
    """The PDF outline, nested by heading level (a level deeper than the
    one before nests under it, however many levels it skips)."""
    from pypdf.generic import Fit

    stack: list[tuple[int, Any]] = []
    for level, label, page, x, y, is_open in bookmarks:
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        item = writer.add_outline_item(title=label, page_number=page - 1,
                                       parent=parent,
                                       fit=Fit.xyz(left=x, top=y, zoom=0),
                                       is_open=is_open)
        stack.append((level, item))
