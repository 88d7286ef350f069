"""Joining the segments' PDFs into the book's PDF.

Each segment is a complete PDF written by WeasyPrint.  pypdf parses them,
one at a time; their objects are renumbered and written straight to the
joined file, so that memory holds one segment's objects, not the book's
(pypdf's own writer keeps every object until the end: over 1 GB for a
1,200-page tagged book).  What spans the whole book is rebuilt:

- one page tree;
- the named destinations (every anchor), so that a link from one segment
  to another (a citation to the bibliography, an index locator, a contents
  line) lands where it should;
- the outline, from the headings of all segments, nested by level as
  WeasyPrint nests it in a one-pass layout;
- for a tagged PDF (PDF/UA), one structure tree: each segment's top-level
  structure elements under one ``Document`` element, and the parent tree
  renumbered as WeasyPrint numbers it (a page's ``StructParents`` is its
  page index; the link annotations follow, in order);
- the catalog's metadata (XMP, language, output intent, viewer
  preferences) and the document information, from the first segment.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any, Callable, Sequence

from ..errors import RenderError

CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata",
                "/OutputIntents")
"""Catalog entries the joined PDF takes from the first segment."""

Bookmark = tuple[int, str, int, float, float, bool]
"""(level, label, page number from 1, x, y in points, open)."""


class _Out:
    """The joined file: objects written as they come, then the xref."""

    def __init__(self, header: bytes):
        self.buf = io.BytesIO()
        self.buf.write(header + b"\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}
        self.next_id = 1

    def new_id(self) -> int:
        n, self.next_id = self.next_id, self.next_id + 1
        return n

    def write(self, n: int, body: bytes) -> None:
        self.offsets[n] = self.buf.tell()
        self.buf.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")

    def finish(self, trailer: bytes) -> bytes:
        start = self.buf.tell()
        size = self.next_id
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
        for n in range(1, size):
            off = self.offsets.get(n)
            lines.append(b"%010d 00000 n \n" % off if off is not None
                         else b"0000000000 00000 f \n")
        self.buf.write(b"".join(lines))
        self.buf.write(b"trailer\n<< /Size %d " % size + trailer
                       + b" >>\nstartxref\n%d\n%%%%EOF\n" % start)
        return self.buf.getvalue()


def _serialize(obj: Any, ref: Callable[[int], int]) -> bytes:
    """A pypdf object as PDF syntax, every reference renumbered by ``ref``."""
    from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject,
                               StreamObject)

    if isinstance(obj, IndirectObject):
        return b"%d 0 R" % ref(obj.idnum)
    if isinstance(obj, StreamObject):
        data = obj._data
        head = {k: v for k, v in obj.items() if k != "/Length"}
        return (_dict(head, ref) [:-2] + b" /Length %d >>" % len(data)
                + b"\nstream\n" + data + b"\nendstream")
    if isinstance(obj, DictionaryObject):
        return _dict(obj, ref)
    if isinstance(obj, ArrayObject):
        return b"[" + b" ".join(_serialize(v, ref) for v in obj) + b"]"
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def _dict(d: Any, ref: Callable[[int], int]) -> bytes:
    from pypdf.generic import NameObject

    parts = [b"<<"]
    for k, v in d.items():
        parts.append(_serialize(NameObject(k), ref))
        parts.append(_serialize(v, ref))
    parts.append(b">>")
    return b" ".join(parts)


def join_pdfs(pdfs: Sequence[bytes], bookmarks: Sequence[Bookmark], *,
              seed: str, total: int, check: dict | None = None
              ) -> tuple[bytes, list[str]]:
    """One PDF from the segments' PDFs (in page order), and what the print
    checks found in it (:class:`~pamphleteer.pdfcheck.PageChecker`, with
    the arguments ``check``; empty: it passed, or no check).

    ``bookmarks`` are the outline entries of the whole book, ``total`` its
    page count.  ``seed`` makes the trailer id (the same book gives the
    same file).
    """
    from ..pdfcheck import PageChecker

    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, NameObject

    if not pdfs:
        raise RenderError("nothing to join: no segment was laid out")
    checker = PageChecker(**check) if check else None
    first = PdfReader(io.BytesIO(pdfs[0]))
    out = _Out(first.pdf_header.encode("latin-1"))
    catalog_id, pages_id = out.new_id(), out.new_id()
    tagged = "/StructTreeRoot" in first.trailer["/Root"]
    struct_id = out.new_id() if tagged else 0
    doc_id = out.new_id() if tagged else 0
    page_ids: list[int] = []
    kids: list[bytes] = []                 # the Document element's /K
    nums: list[tuple[int, bytes]] = []      # parent tree
    annot_key = total                       # WeasyPrint: pages, then links
    dests: dict[str, bytes] = {}
    catalog_extra: list[bytes] = []
    info = b""

    for number, data in enumerate(pdfs):
        reader = first if number == 0 else PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        table: dict[int, int] = {}
        queue: list[int] = []
        offset = len(page_ids)

        def ref(idnum: int) -> int:
            if idnum not in table:
                table[idnum] = out.new_id()
                queue.append(idnum)
            return table[idnum]

        # What belongs to the segment as a whole is replaced by the book's.
        table[root.indirect_reference.idnum] = catalog_id
        node_stack = [root.raw_get("/Pages")]
        while node_stack:
            node_ref = node_stack.pop()
            table[node_ref.idnum] = pages_id
            for kid in node_ref.get_object().get("/Kids", []):
                if kid.get_object().get("/Type") == "/Pages":
                    node_stack.append(kid)
        pages = reader.pages
        if checker is not None:
            for n, page in enumerate(pages, start=offset + 1):
                checker.add(page, n)
        page_new = [ref(p.indirect_reference.idnum) for p in pages]
        page_ids += page_new
        # Page objects: their parent and structure key change.
        page_set = {p.indirect_reference.idnum: n for n, p in enumerate(pages)}
        annots: dict[int, int] = {}
        if tagged and "/StructTreeRoot" in root:
            struct_ref = root.raw_get("/StructTreeRoot")
            struct = struct_ref.get_object()
            k = struct["/K"]
            doc_old = k[0] if isinstance(k, list) else struct.raw_get("/K")
            table[struct_ref.idnum] = struct_id
            table[doc_old.idnum] = doc_id
            kids += [_serialize(kid, ref)
                     for kid in doc_old.get_object().get("/K", [])]
            tree = struct["/ParentTree"].get_object()["/Nums"]
            for i in range(0, len(tree), 2):
                key = int(tree[i])
                if key < len(pages):
                    nums.append((offset + key, _serialize(tree[i + 1], ref)))
            # Link annotations, renumbered in WeasyPrint's order.
            old = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)
                   if int(tree[i]) >= len(pages)}
            for p in pages:
                for a in _resolved(p, "/Annots", []):
                    sp = a.get_object().get("/StructParent")
                    if sp is not None and int(sp) in old:
                        annots[a.idnum] = annot_key
                        nums.append((annot_key, _serialize(old[int(sp)], ref)))
                        annot_key += 1
        names = _resolved(_resolved(_resolved(root, "/Names", {}), "/Dests",
                                    {}), "/Names", [])
        for i in range(0, len(names), 2):
            name = str(names[i])
            if name not in dests:
                dests[name] = _serialize(names[i + 1], ref)
        if number == 0:
            for key in CATALOG_KEYS:
                if key in root:
                    catalog_extra.append(
                        _serialize(NameObject(key), ref) + b" "
                        + _serialize(root.raw_get(key), ref))
            if "/Info" in reader.trailer:
                info = _serialize(reader.trailer["/Info"].get_object(), ref)
        while queue:
            idnum = queue.pop()
            obj = IndirectObject(idnum, 0, reader).get_object()
            new = table[idnum]
            if idnum in page_set:
                obj = {**obj, "/Parent": IndirectObject(-1, 0, reader)}
                obj.pop("/StructParents", None)
                body = _dict(obj, lambda n: pages_id if n == -1 else ref(n))
                if tagged:
                    body = body[:-2] + b" /StructParents %d >>" % (
                        offset + page_set[idnum])
            elif idnum in annots:
                obj = {k: v for k, v in obj.items() if k != "/StructParent"}
                body = _dict(obj, ref)[:-2] + b" /StructParent %d >>" % \
                    annots[idnum]
            else:
                body = _serialize(obj, ref)
            out.write(new, body)
        del reader, root
        first = None

    # The book's own objects.
    if len(page_ids) != total:
        raise RenderError(f"the segments have {len(page_ids)} pages, not "
                          f"{total}")
    out.write(pages_id, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        len(page_ids), b" ".join(b"%d 0 R" % n for n in page_ids)))
    catalog = [b"/Type /Catalog", b"/Pages %d 0 R" % pages_id] + catalog_extra
    if dests:
        dests_id = out.new_id()
        out.write(dests_id, b"<< /Names [" + b" ".join(
            _serialize(_text(name), lambda n: n) + b" " + dests[name]
            for name in sorted(dests)) + b"] >>")
        catalog.append(b"/Names << /Dests %d 0 R >>" % dests_id)
    if tagged:
        tree_id = out.new_id()
        nums.sort(key=lambda t: t[0])
        out.write(tree_id, b"<< /Nums [" + b" ".join(
            b"%d %s" % (key, value) for key, value in nums) + b"] >>")
        out.write(doc_id, b"<< /Type /StructElem /S /Document /P %d 0 R "
                  b"/K [%s] >>" % (struct_id, b" ".join(kids)))
        out.write(struct_id, b"<< /Type /StructTreeRoot /K [%d 0 R] "
                  b"/ParentTree %d 0 R /ParentTreeNextKey %d >>"
                  % (doc_id, tree_id, annot_key))
        catalog.append(b"/StructTreeRoot %d 0 R" % struct_id)
    outline_id = _outline(out, bookmarks, page_ids)
    if outline_id:
        catalog.append(b"/Outlines %d 0 R" % outline_id)
    out.write(catalog_id, b"<< " + b" ".join(catalog) + b" >>")
    trailer = b"/Root %d 0 R" % catalog_id
    if info:
        info_id = out.new_id()
        out.write(info_id, info)
        trailer += b" /Info %d 0 R" % info_id
    ident = hashlib.sha256(seed.encode()).hexdigest()[:32].encode("ascii")
    trailer += b" /ID [<%s> <%s>]" % (ident, ident)
    return out.finish(trailer), checker.problems() if checker else []


def _resolved(d: Any, key: str, default: Any) -> Any:
    """``d[key]``, the object itself when it is a reference."""
    value = d.get(key) if hasattr(d, "get") else None
    return default if value is None else value.get_object()


def _text(s: str) -> Any:
    from pypdf.generic import TextStringObject

    return TextStringObject(s)


def _outline(out: _Out, bookmarks: Sequence[Bookmark],
             page_ids: list[int]) -> int:
    """Write the outline, nested by heading level (a level deeper than the
    one before nests under it, however many it skips); its root's id."""
    if not bookmarks:
        return 0
    # Build the tree: node = [level, label, page, x, y, open, children].
    top: list[list] = []
    stack: list[list] = []
    for level, label, page, x, y, is_open in bookmarks:
        node = [level, label, page, x, y, is_open, []]
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][6] if stack else top).append(node)
        stack.append(node)
    root_id = out.new_id()

    def write(nodes: list[list], parent: int) -> tuple[list[int], int]:
        ids = [out.new_id() for _ in nodes]
        count = len(nodes)
        for i, (node, n) in enumerate(zip(nodes, ids)):
            _, label, page, x, y, is_open, children = node
            child_ids, child_count = write(children, n)
            fields = [b"/Title " + _serialize(_text(label), lambda k: k),
                      b"/Parent %d 0 R" % parent,
                      b"/Dest [%d 0 R /XYZ %s %s 0]" % (
                          page_ids[page - 1], _num(x), _num(y))]
            if i:
                fields.append(b"/Prev %d 0 R" % ids[i - 1])
            if i + 1 < len(ids):
                fields.append(b"/Next %d 0 R" % ids[i + 1])
            if child_ids:
                fields += [b"/First %d 0 R" % child_ids[0],
                           b"/Last %d 0 R" % child_ids[-1],
                           b"/Count %d" % (child_count if is_open
                                           else -child_count)]
                if is_open:
                    count += child_count
            out.write(n, b"<< " + b" ".join(fields) + b" >>")
        return ids, count

    ids, count = write(top, root_id)
    out.write(root_id, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R "
              b"/Count %d >>" % (ids[0], ids[-1], count))
    return root_id


def _num(v: float) -> bytes:
    return (b"%.4f" % v).rstrip(b"0").rstrip(b".") or b"0"
