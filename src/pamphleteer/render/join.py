"""Joining the segments' PDFs into the book's PDF.

Each segment is a complete PDF written by WeasyPrint.  :func:`prepare`,
run in the worker that laid the segment out, parses it with pypdf and
serializes every object once, leaving its object numbers blank; it is
cached with the segment.  :func:`join` then only copies bytes and fills
numbers in (0.1 s for 150 pages, where parsing them takes 1.5 s), and
memory never holds more than the bytes (pypdf's own writer keeps every
object until the end: over 1 GB for a 1,200-page tagged book).  What
spans the whole book is rebuilt:

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

From PDF 1.5 on, the objects that are not streams are written into
compressed object streams and the xref into a stream, as WeasyPrint
writes a one-pass PDF (the joined 150-page book: 1.5 MB, not 4.6 MB).
"""

from __future__ import annotations

import hashlib
import io
import sys
import zlib
from array import array
from typing import Any, Callable, Sequence

from ..errors import RenderError
from ..pdfcheck import PageChecker

CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata",
                "/OutputIntents")
"""Catalog entries the joined PDF takes from the first segment."""

Bookmark = tuple[int, str, int, float, float, bool]
"""(level, label, page number from 1, x, y in points, open)."""


class _Out:
    """The joined file: objects written as they come, then the xref.

    From PDF 1.5 on (``packed``), every object but a stream goes into a
    compressed object stream, as WeasyPrint writes them, and the xref is a
    stream: a tagged book has tens of thousands of small structure
    elements, four fifths of the file when written one by one.
    """

    PER_STREAM = 500
    """Objects per object stream."""

    def __init__(self, header: bytes):
        self.buf = io.BytesIO()
        self.buf.write(header + b"\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}
        self.packed = header[5:].strip() >= b"1.5"
        self.pending: list[tuple[int, bytes]] = []
        self.in_stream: dict[int, tuple[int, int]] = {}
        """Object number -> (its object stream's number, index in it)."""
        self.next_id = 1

    def new_id(self) -> int:
        n, self.next_id = self.next_id, self.next_id + 1
        return n

    def write(self, n: int, body: bytes) -> None:
        """Object ``n`` written as it is."""
        self.offsets[n] = self.buf.tell()
        self.buf.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")

    def put(self, n: int, body: bytes) -> None:
        """Object ``n``, not a stream: into an object stream when packed."""
        if not self.packed:
            self.write(n, body)
            return
        self.pending.append((n, body))
        if len(self.pending) >= self.PER_STREAM:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        number = self.new_id()
        head, at = [], 0
        for i, (n, body) in enumerate(self.pending):
            head.append(b"%d %d" % (n, at))
            at += len(body) + 1
            self.in_stream[n] = (number, i)
        first = b" ".join(head) + b"\n"
        data = zlib.compress(first + b"\n".join(b for _, b in self.pending)
                             + b"\n", 6)
        self.write(number, b"<< /Type /ObjStm /N %d /First %d /Filter "
                   b"/FlateDecode /Length %d >>\nstream\n" % (
                       len(self.pending), len(first), len(data))
                   + data + b"\nendstream")
        self.pending = []

    def finish(self, trailer: bytes) -> bytes:
        if not self.packed:
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
        self._flush()
        xref_id = self.new_id()
        start = self.buf.tell()
        size = self.next_id
        rows = [(0, 0, 65535)]
        for n in range(1, size):
            if n in self.in_stream:
                rows.append((2, *self.in_stream[n]))
            elif n in self.offsets:
                rows.append((1, self.offsets[n], 0))
            elif n == xref_id:
                rows.append((1, start, 0))
            else:
                rows.append((0, 0, 0))
        w2 = max(1, (max(r[1] for r in rows).bit_length() + 7) // 8)
        w3 = max(2, (max(r[2] for r in rows).bit_length() + 7) // 8)
        table = b"".join(bytes([t]) + a.to_bytes(w2, "big")
                         + b.to_bytes(w3, "big") for t, a, b in rows)
        data = zlib.compress(table, 6)
        self.buf.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 %d %d] "
                       b"/Filter /FlateDecode /Length %d " % (
                           xref_id, size, w2, w3, len(data))
                       + trailer + b" >>\nstream\n" + data
                       + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
                       % start)
        return self.buf.getvalue()


# Kinds of patch: a number left blank in a prepared segment, filled in
# when the segments are joined.
LOCAL, CATALOG, PAGES, STRUCT, DOC, PAGE_KEY, ANNOT_KEY = range(7)
_WIDTH = 10
_BLANK = b" " * _WIDTH


class _Buf:
    """Bytes with blanks to fill in: ``patches`` holds (position, kind,
    value) triples, flat."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.patches: list[int] = []

    def blank(self, kind: int, value: int) -> None:
        self.patches += (len(self.data), kind, value)
        self.data += _BLANK

    def ref(self, kind: int, value: int) -> None:
        self.blank(kind, value)
        self.data += b" 0 R"

    def add(self, obj: Any, ref: Callable[[Any], None]) -> None:
        """A pypdf object as PDF syntax; ``ref(idnum)`` writes a reference."""
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            StreamObject,
        )

        if isinstance(obj, IndirectObject):
            ref(obj.idnum)
        elif isinstance(obj, StreamObject):
            data = obj._data
            self.add_dict({k: v for k, v in obj.items() if k != "/Length"},
                          ref, b"/Length %d" % len(data))
            self.data += b"\nstream\n" + data + b"\nendstream"
        elif isinstance(obj, DictionaryObject):
            self.add_dict(obj, ref)
        elif isinstance(obj, ArrayObject):
            self.data += b"["
            for v in obj:
                self.add(v, ref)
                self.data += b" "
            self.data += b"]"
        else:
            out = io.BytesIO()
            obj.write_to_stream(out)
            self.data += out.getvalue()

    def add_dict(self, d: Any, ref: Callable[[Any], None],
                 tail: bytes = b"") -> None:
        self.data += b"<<"
        self.add_entries(d, ref)
        self.data += b" " + tail + b" >>"

    def add_entries(self, d: Any, ref: Callable[[Any], None]) -> None:
        from pypdf.generic import NameObject

        for k, v in d.items():
            self.data += b" "
            self.add(NameObject(k), ref)
            self.data += b" "
            self.add(v, ref)

    def mark(self) -> int:
        return len(self.data)


def prepare(pdf: bytes, *, first_page: int = 1,
            check: dict | None = None) -> dict[str, Any]:
    """A segment's PDF made ready to join (in the worker that laid it out,
    and cached with it): every object serialized once, its numbers left
    blank, so that joining is copying bytes and filling numbers in.

    The result is plain data (bytes, ints, strings; JSON-ready but for
    ``blob``): ``blob`` holds the objects (the ones only the catalog
    needs after the others), then the pieces the joined PDF's own objects
    are made of (the structure elements under ``Document``, the parent
    tree entries, the named destinations, the catalog entries, the
    document information), each a ``[start, end]`` range of ``blob``.
    ``check`` are :class:`~pamphleteer.pdfcheck.PageChecker` arguments:
    the pages are checked here (numbered from ``first_page``).
    """
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(io.BytesIO(pdf))
    # pypdf's own types are loose (an object, a reference or None):
    # what a WeasyPrint PDF holds here is known, so Any.
    root: Any = reader.trailer["/Root"]
    buf = _Buf()
    local: dict[int, int] = {}
    special: dict[int, int] = {root.indirect_reference.idnum: CATALOG}
    queue: list[int] = []

    def ref(idnum: int) -> None:
        if idnum in special:
            buf.ref(special[idnum], 0)
            return
        if idnum not in local:
            local[idnum] = len(local) + 1
            queue.append(idnum)
        buf.ref(LOCAL, local[idnum])

    stack = [root.raw_get("/Pages")]
    while stack:
        node = stack.pop()
        special[node.idnum] = PAGES
        for kid in node.get_object().get("/Kids", []):
            if kid.get_object().get("/Type") == "/Pages":
                stack.append(kid)
    pages: Any = reader.pages
    checker = PageChecker(**check) if check else None
    if checker is not None:
        for n, page in enumerate(pages, start=first_page):
            checker.add(page, n)
    page_index = {p.indirect_reference.idnum: n for n, p in enumerate(pages)}
    for idnum in page_index:
        local[idnum] = len(local) + 1
        queue.append(idnum)
    out: dict[str, Any] = {
        "header": reader.pdf_header, "pages": [local[p.indirect_reference.idnum]
                                               for p in pages],
        "tagged": "/StructTreeRoot" in root, "dests": {}, "page_nums": [],
        "annot_nums": [], "kids": [0, 0]}
    # Pieces go to a second buffer: the objects first, then the pieces.
    pieces = _Buf()
    main = buf

    def piece(obj: Any, items: bool = False) -> list[int]:
        """Write ``obj`` (``items``: each item of it, space-separated)."""
        nonlocal buf
        buf = pieces
        start = pieces.mark()
        if items:
            for o in obj:
                pieces.add(o, ref)
                pieces.data += b" "
        else:
            pieces.add(obj, ref)
        buf = main
        return [start, pieces.mark()]

    annot_key: dict[int, int] = {}
    if out["tagged"]:
        struct_ref = root.raw_get("/StructTreeRoot")
        struct = struct_ref.get_object()
        k = struct["/K"]
        doc = k[0] if isinstance(k, list) else struct.raw_get("/K")
        special[struct_ref.idnum], special[doc.idnum] = STRUCT, DOC
        out["kids"] = piece(doc.get_object().get("/K", []), items=True)
        tree = struct["/ParentTree"].get_object()["/Nums"]
        entries = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
        for key in sorted(entries):
            if key < len(pages):
                out["page_nums"] += [key, *piece(entries[key])]
        # Link annotations, numbered as WeasyPrint numbers them.
        for p in pages:
            for a in _resolved(p, "/Annots", []):
                sp = a.get_object().get("/StructParent")
                if sp is not None and int(sp) in entries \
                        and int(sp) >= len(pages):
                    annot_key[a.idnum] = len(annot_key)
                    out["annot_nums"] += piece(entries[int(sp)])
    names = _resolved(_resolved(_resolved(root, "/Names", {}), "/Dests", {}),
                      "/Names", [])
    for i in range(0, len(names), 2):
        out["dests"].setdefault(str(names[i]), piece(names[i + 1]))

    streams: list[int] = []

    def drain() -> list[int]:
        objects: list[int] = []
        while queue:
            idnum = queue.pop()
            obj: Any = IndirectObject(idnum, 0, reader).get_object()
            objects += (buf.mark(), local[idnum])
            if isinstance(obj, StreamObject):
                streams.append(local[idnum])
            buf.blank(LOCAL, local[idnum])
            buf.data += b" 0 obj\n"
            if idnum in page_index:
                buf.data += b"<< /Parent "
                buf.ref(PAGES, 0)
                if out["tagged"]:
                    buf.data += b" /StructParents "
                    buf.blank(PAGE_KEY, page_index[idnum])
                buf.add_entries({k: v for k, v in obj.items() if k not in
                                 ("/Parent", "/StructParents")}, ref)
                buf.data += b" >>"
            elif idnum in annot_key:
                fields = {k: v for k, v in obj.items() if k != "/StructParent"}
                buf.add_dict(fields, ref, b"/StructParent " + _BLANK)
                buf.patches += (len(buf.data) - _WIDTH - 3, ANNOT_KEY,
                                annot_key[idnum])
            else:
                buf.add(obj, ref)
            buf.data += b"\nendobj\n"
        return objects

    out["objects"] = drain()
    out["main_end"] = buf.mark()
    buf = pieces
    cat_start = pieces.mark()
    pieces.add_entries({k: root.raw_get(k) for k in CATALOG_KEYS if k in root},
                       ref)
    buf = main
    out["catalog"] = [cat_start, pieces.mark()]
    out["info"] = piece(reader.trailer["/Info"].get_object()) \
        if "/Info" in reader.trailer else [0, 0]
    buf = main
    out["extra_objects"] = drain()
    out["extra_end"] = buf.mark()
    # One blob: objects, then pieces (their ranges and patches shifted).
    shift = len(main.data)
    for r in ("kids", "catalog", "info"):
        out[r] = [v + shift for v in out[r]]
    out["page_nums"] = [v if i % 3 == 0 else v + shift
                        for i, v in enumerate(out["page_nums"])]
    out["annot_nums"] = [v + shift for v in out["annot_nums"]]
    out["dests"] = {k: [a + shift, b + shift] for k, (a, b)
                    in out["dests"].items()}
    out["patches"] = array("q", main.patches + [
        v + shift if i % 3 == 0 else v for i, v in enumerate(pieces.patches)])
    out["objects"] = array("q", out["objects"])
    out["extra_objects"] = array("q", out["extra_objects"])
    out["streams"] = array("q", streams)
    out["blob"] = bytes(main.data + pieces.data)
    out["locals"] = len(local)
    out["check"] = checker.state() if checker else None
    return out


ARRAYS = ("patches", "objects", "extra_objects", "streams")
"""The long lists of numbers of a prepared segment, kept as arrays of
64-bit integers (a list of Python ints takes four times the memory)."""


def to_cache(prepared: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """A prepared segment as one file's bytes (the blob, then the arrays)
    and JSON-ready data (see :func:`from_cache`)."""
    parts, at, ranges = [prepared["blob"]], len(prepared["blob"]), {}
    for name in ARRAYS:
        data = prepared[name].tobytes()
        ranges[name] = [at, at + len(data)]
        parts.append(data)
        at += len(data)
    meta = {k: v for k, v in prepared.items() if k != "blob"
            and k not in ARRAYS}
    meta["arrays"] = {"order": sys.byteorder, "blob": len(prepared["blob"]),
                      **ranges}
    return b"".join(parts), meta


def from_cache(data: bytes, meta: dict[str, Any]) -> dict[str, Any] | None:
    """The prepared segment :func:`to_cache` stored (None: not one)."""
    try:
        arrays = meta["arrays"]
        if arrays["order"] != sys.byteorder:
            return None
        out = {k: v for k, v in meta.items() if k != "arrays"}
        view = memoryview(data)
        for name in ARRAYS:
            start, end = arrays[name]
            values = array("q")
            values.frombytes(view[start:end])
            out[name] = values
        out["blob"] = bytes(view[:arrays["blob"]])
    except (KeyError, TypeError, ValueError):
        return None
    return out


def join_pdfs(pdfs: Sequence[bytes], bookmarks: Sequence[Bookmark], *,
              seed: str, check: dict | None = None
              ) -> tuple[bytes, list[str]]:
    """One PDF from whole PDFs (see :func:`prepare` and :func:`join`)."""
    prepared, page = [], 1
    for data in pdfs:
        prepared.append(prepare(data, first_page=page, check=check))
        page += len(prepared[-1]["pages"])
    return join(prepared, bookmarks, seed=seed)


def _filled(seg: dict[str, Any], resolve: dict[int, int]) -> bytes:
    """A prepared segment's blob with every blank filled in."""
    data = bytearray(seg["blob"])
    patches = seg["patches"]
    for i in range(0, len(patches), 3):
        pos, kind, value = patches[i], patches[i + 1], patches[i + 2]
        n = resolve[kind] + value if kind in (LOCAL, PAGE_KEY, ANNOT_KEY) \
            else resolve[kind]
        data[pos:pos + _WIDTH] = b"%*d" % (_WIDTH, n)
    return bytes(data)


_HEAD = _WIDTH + len(b" 0 obj\n")
_TAIL = len(b"\nendobj\n")


def _copy_objects(out: _Out, data: bytes, base: int, objects: Sequence[int],
                  end: int, streams: set[int]) -> None:
    """Copy a run of a filled blob's objects (``objects``: start, local
    number pairs, in order; the run ends at ``end``) into ``out``."""
    if not out.packed:
        at = out.buf.tell() - (objects[0] if objects else 0)
        for i in range(0, len(objects), 2):
            n = base + objects[i + 1]
            out.offsets[n] = at + objects[i] + _WIDTH - len(str(n))
        if objects:
            out.buf.write(data[objects[0]:end])
        return
    view = memoryview(data)
    for i in range(0, len(objects), 2):
        start = objects[i]
        stop = objects[i + 2] if i + 2 < len(objects) else end
        n = base + objects[i + 1]
        if objects[i + 1] in streams:
            out.offsets[n] = out.buf.tell() + _WIDTH - len(str(n))
            out.buf.write(view[start:stop])
        else:
            out.put(n, bytes(view[start + _HEAD:stop - _TAIL]))


def join(segments: Sequence[dict[str, Any]], bookmarks: Sequence[Bookmark],
         *, seed: str) -> tuple[bytes, list[str]]:
    """The book's PDF from its prepared segments (in page order), and what
    the print checks found in its pages (empty: it passed, or no check).

    ``bookmarks`` are the outline entries of the whole book; ``seed``
    makes the trailer id (the same book gives the same file).
    """
    if not segments:
        raise RenderError("nothing to join: no segment was laid out")
    first = segments[0]
    out = _Out(first["header"].encode("latin-1"))
    catalog_id, pages_id = out.new_id(), out.new_id()
    tagged = first["tagged"]
    struct_id = out.new_id() if tagged else 0
    doc_id = out.new_id() if tagged else 0
    total = sum(len(seg["pages"]) for seg in segments)
    page_ids: list[int] = []
    kids: list[bytes] = []
    nums: list[bytes] = []
    annots: list[bytes] = []
    dests: dict[str, bytes] = {}
    catalog_extra = info = b""
    checker = None
    for number, seg in enumerate(segments):
        base = out.next_id - 1
        out.next_id += seg["locals"]
        resolve = {LOCAL: base, CATALOG: catalog_id, PAGES: pages_id,
                   STRUCT: struct_id, DOC: doc_id, PAGE_KEY: len(page_ids),
                   ANNOT_KEY: total + len(annots)}
        data = _filled(seg, resolve)
        streams = set(seg["streams"])
        _copy_objects(out, data, base, seg["objects"], seg["main_end"],
                      streams)
        if number == 0:
            _copy_objects(out, data, base, seg["extra_objects"],
                          seg["extra_end"], streams)
            catalog_extra = data[slice(*seg["catalog"])]
            info = data[slice(*seg["info"])]

        def cut(r: Sequence[int], data: bytes = data) -> bytes:
            return data[r[0]:r[1]]

        page_ids += [base + n for n in seg["pages"]]
        if tagged:
            kids.append(cut(seg["kids"]))
            pn = seg["page_nums"]
            for i in range(0, len(pn), 3):
                nums.append(b"%d %s" % (resolve[PAGE_KEY] + pn[i],
                                        cut(pn[i + 1:i + 3])))
            an = seg["annot_nums"]
            for i in range(0, len(an), 2):
                annots.append(cut(an[i:i + 2]))
        for name, r in seg["dests"].items():
            dests.setdefault(name, cut(r))
        if seg["check"] is not None:
            if checker is None:
                checker = PageChecker.from_state(seg["check"])
            else:
                checker.merge(seg["check"])
    if len(page_ids) != total:
        raise RenderError(f"the segments have {len(page_ids)} pages, not "
                          f"{total}")
    out.put(pages_id, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        len(page_ids), b" ".join(b"%d 0 R" % n for n in page_ids)))
    catalog = [b"/Type /Catalog", b"/Pages %d 0 R" % pages_id, catalog_extra]
    if dests:
        dests_id = out.new_id()
        text = _Buf()
        for name in sorted(dests):
            text.add(_text(name), lambda n: None)
            text.data += b" " + dests[name] + b" "
        out.put(dests_id, b"<< /Names [" + bytes(text.data) + b"] >>")
        catalog.append(b"/Names << /Dests %d 0 R >>" % dests_id)
    if tagged:
        tree_id = out.new_id()
        nums += [b"%d %s" % (total + i, a) for i, a in enumerate(annots)]
        out.put(tree_id, b"<< /Nums [" + b" ".join(nums) + b"] >>")
        out.put(doc_id, b"<< /Type /StructElem /S /Document /P %d 0 R "
                  b"/K [%s] >>" % (struct_id, b" ".join(kids)))
        out.put(struct_id, b"<< /Type /StructTreeRoot /K [%d 0 R] "
                  b"/ParentTree %d 0 R /ParentTreeNextKey %d >>"
                  % (doc_id, tree_id, total + len(annots)))
        catalog.append(b"/StructTreeRoot %d 0 R" % struct_id)
    outline_id = _outline(out, bookmarks, page_ids)
    if outline_id:
        catalog.append(b"/Outlines %d 0 R" % outline_id)
    out.put(catalog_id, b"<< " + b" ".join(catalog) + b" >>")
    trailer = b"/Root %d 0 R" % catalog_id
    if info:
        info_id = out.new_id()
        out.put(info_id, info)
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
            title = _Buf()
            title.add(_text(label), lambda k: None)
            fields = [b"/Title " + bytes(title.data),
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
            out.put(n, b"<< " + b" ".join(fields) + b" >>")
        return ids, count

    ids, count = write(top, root_id)
    out.put(root_id, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R "
              b"/Count %d >>" % (ids[0], ids[-1], count))
    return root_id


def _num(v: float) -> bytes:
    return (b"%.4f" % v).rstrip(b"0").rstrip(b".") or b"0"
