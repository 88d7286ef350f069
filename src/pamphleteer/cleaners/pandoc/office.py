"""What a word processor's file holds beside its text, which pandoc's DOCX
and ODT readers drop without a word: tracked deletions (pandoc accepts
the changes, as Word shows the final text), comments, page headers and
footers, and the entries of a table of contents (a generated field whose
entries repeat the headings).  Each is listed in the report's removals,
so that nothing is lost silently; tracked changes are also a warning
(``PANDOC008``), since accepting them is a guess at the version wanted."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, Iterable

from ...report import CleaningReport

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"

_HDR = re.compile(r"word/(?:header|footer)\d*\.xml")
# Word's style names of a table of contents' entries ("toc 1", "TOC
# Heading"), whatever the style's id in the document's language ("TM1")
_TOC_STYLE = re.compile(r"toc(?: \d| heading)?|table of (?:contents|figures)",
                        re.I)
_ODF_INDEXES = ("table-of-content", "illustration-index", "table-index",
                "object-index", "user-index", "alphabetical-index",
                "bibliography")


def _xml(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                  huge_tree=True))


def _text(el: Any, skip: Iterable[str] = ()) -> str:
    """The words of an element, paragraph by paragraph, without the
    elements named in ``skip`` (an annotation's author and date) and
    without a field's instructions."""
    out: list[str] = []
    skip = set(skip)

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in skip or tag == f"{W}instrText":
            return
        if tag in (f"{W}t", f"{W}delText") or tag.startswith(TEXT):
            out.append(node.text or "")
        if tag in _SPACE:
            out.append(" ")
        for child in node:
            walk(child)
            if tag.startswith(TEXT) and child.tail:
                out.append(child.tail)
        if tag in (f"{W}p", f"{TEXT}p", f"{TEXT}h"):
            out.append(" ")

    walk(el)
    return " ".join("".join(out).split())


_SPACE = {f"{W}tab", f"{W}br", f"{TEXT}s", f"{TEXT}tab", f"{TEXT}line-break"}


def _members(data: bytes) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        return infos, {i.filename: z.read(i.filename) for i in infos}


def _rezip(infos: list[zipfile.ZipInfo], members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:
            z.writestr(info, members[info.filename],
                       compress_type=info.compress_type)
    return out.getvalue()


def _tracked(report: CleaningReport, deleted: list[str], inserted: int,
             kept: list[str], joined: int = 0) -> None:
    for text in deleted:
        report.remove("tracked-deletion", text, 0)
        kept.append(text)
    if deleted or inserted or joined:
        report.problem(
            "PANDOC008", f"the document holds tracked changes not yet "
            f"accepted or rejected ({inserted} insertion(s), "
            f"{len(deleted) + joined} deletion(s)): read as accepted (the inserted "
            f"text kept, the deleted text left out and listed in the "
            f"report, kind `tracked-deletion`); accept or reject them in "
            f"the word processor if that is not the text wanted")


def _removed(report: CleaningReport, kind: str, texts: Iterable[str],
             kept: list[str]) -> None:
    seen: set[str] = set()
    for text in texts:
        if text and text not in seen:
            seen.add(text)
            report.remove(kind, text, 0)
            kept.append(text)


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_FALLBACK = ("{http://schemas.openxmlformats.org/markup-compatibility/2006}"
             "Fallback")


def docx_pictures(data: bytes) -> int:
    """Pictures the DOCX's body shows: DrawingML's and old VML's, each
    once (not again in the VML fallback Word writes beside a drawing)."""
    try:
        doc = _xml(_members(data)[1]["word/document.xml"])
    except Exception:  # a broken file is pandoc's to refuse, naming it
        return 0
    count = 0
    for el in doc.iter(_BLIP, _VML_IMAGE):
        node = el.getparent()
        while node is not None and node.tag != _FALLBACK:
            node = node.getparent()
        count += node is None
    return count


def docx_extras(data: bytes, report: CleaningReport) -> tuple[bytes, list[str]]:
    """The DOCX without its tables of contents, and the words of what
    pandoc will not read (listed in ``report``), for the conservation
    proof."""
    try:
        infos, members = _members(data)
        doc = _xml(members["word/document.xml"])
    except Exception:  # a broken file is pandoc's to refuse, naming it
        return data, []
    kept: list[str] = []
    parts = [doc] + [_xml(members[n]) for n in ("word/footnotes.xml",
                                                "word/endnotes.xml")
                     if n in members]
    deleted = [t for part in parts
               for el in part.iter(f"{W}del", f"{W}moveFrom")
               if (t := _text(el))]
    inserted = sum(1 for part in parts
                   for _ in part.iter(f"{W}ins", f"{W}moveTo"))
    # a paragraph's mark deleted (two paragraphs joined): no words
    joined = sum(1 for part in parts for el in part.iter(f"{W}del")
                 if el.getparent().tag == f"{W}rPr")
    _tracked(report, deleted, inserted, kept, joined)
    if "word/comments.xml" in members:
        comments = _xml(members["word/comments.xml"])
        _removed(report, "comment", (
            ": ".join(x for x in (c.get(f"{W}author", ""), _text(c)) if x)
            for c in comments.iter(f"{W}comment") if _text(c)), kept)
    _removed(report, "header-footer", (
        _text(p) for name in sorted(members) if _HDR.fullmatch(name)
        for p in _xml(members[name]).iter(f"{W}p")), kept)
    entries = _docx_toc(doc, members.get("word/styles.xml", b""))
    if not entries:
        return data, kept
    _removed(report, "contents", (_text(p) for p in entries), kept)
    for p in entries:
        p.getparent().remove(p)
    from lxml import etree

    members["word/document.xml"] = etree.tostring(
        doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _rezip(infos, members), kept


def _docx_toc(doc: Any, styles: bytes) -> list[Any]:
    """The paragraphs of a DOCX's tables of contents: inside a TOC field
    (from its begin to its end), inside a content control of Word's
    "Table of Contents" gallery, or of a "toc N" style."""
    toc_ids: set[str] = set()
    if styles:
        try:
            for st in _xml(styles).iter(f"{W}style"):
                name = st.find(f"{W}name")
                if name is not None and _TOC_STYLE.fullmatch(
                        name.get(f"{W}val", "")):
                    toc_ids.add(st.get(f"{W}styleId", ""))
        except Exception:
            pass
    found: list[Any] = []
    depth = 0        # fields open; the TOC field's depth when inside one
    toc_at = 0
    for p in doc.iter(f"{W}p"):
        in_toc = toc_at > 0
        for el in p.iter(f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
            kind = el.get(f"{W}fldCharType")
            if el.tag == f"{W}fldSimple":
                in_toc = in_toc or (el.get(f"{W}instr", "").split()[:1] ==
                                    ["TOC"])
            elif el.tag == f"{W}instrText":
                if not toc_at and (el.text or "").split()[:1] == ["TOC"]:
                    toc_at = depth
                    in_toc = True
            elif kind == "begin":
                depth += 1
            elif kind == "end":
                if toc_at and depth == toc_at:
                    toc_at = 0
                depth = max(depth - 1, 0)
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in toc_ids:
            in_toc = True
        for sdt in p.iterancestors(f"{W}sdt"):
            gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
            if gallery is not None and gallery.get(f"{W}val", "").startswith(
                    "Table of Contents"):
                in_toc = True
        if in_toc:
            found.append(p)
    return found


def odt_extras(data: bytes, report: CleaningReport) -> list[str]:
    """The words of an ODT that pandoc's reader drops (tracked deletions,
    comments, headers and footers, generated indexes), listed in
    ``report``."""
    try:
        _, members = _members(data)
        content = _xml(members["content.xml"])
    except Exception:
        return []
    kept: list[str] = []
    info = (f"{OFFICE}change-info", f"{DC}creator", f"{DC}date")
    deleted = [t for el in content.iter(f"{TEXT}deletion")
               if (t := _text(el, info))]
    inserted = sum(1 for _ in content.iter(f"{TEXT}insertion"))
    _tracked(report, deleted, inserted, kept)
    _removed(report, "comment", (
        ": ".join(x for x in (_first(a, f"{DC}creator"),
                              _text(a, (f"{DC}creator", f"{DC}date"))) if x)
        for a in content.iter(f"{OFFICE}annotation")
        if _text(a, (f"{DC}creator", f"{DC}date"))), kept)
    for name in _ODF_INDEXES:
        for index in content.iter(f"{TEXT}{name}"):
            body = index.find(f"{TEXT}index-body")
            if body is not None:
                _removed(report, "contents", (
                    _text(p) for p in body.iter(f"{TEXT}p", f"{TEXT}h")),
                    kept)
    if "styles.xml" in members:
        try:
            styles = _xml(members["styles.xml"])
        except Exception:
            styles = None
        if styles is not None:
            _removed(report, "header-footer", (
                _text(p) for page in styles.iter(f"{STYLE}master-page")
                for part in page if part.tag.startswith(STYLE)
                for p in part.iter(f"{TEXT}p", f"{TEXT}h")), kept)
    return kept


def _first(el: Any, tag: str) -> str:
    found = el.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


XLINK = "{http://www.w3.org/1999/xlink}"
_BACK = re.compile(r"[\s\u21a9\ufe0e\ufe0f^↑]*")   # "↩︎", "^", "↑": nothing else


def odt_link_notes(data: bytes, report: CleaningReport
                   ) -> tuple[bytes, list[str]]:
    """Notes kept as links (an HTML page LibreOffice opened and saved:
    a superscript number linking to the note's paragraph at the end,
    which links back with "↩︎") made the document's notes.  Only a pair
    of links that answer each other is taken: the call links to an
    anchor in another paragraph, and that paragraph links back to an
    anchor in the call's paragraph.  The back link's text is listed as
    removed (kind `note-back-link`)."""
    try:
        infos, members = _members(data)
        root = _xml(members["content.xml"])
    except Exception:
        return data, []
    marks: dict[str, Any] = {}
    for el in root.iter(f"{TEXT}bookmark", f"{TEXT}bookmark-start"):
        marks.setdefault(el.get(f"{TEXT}name", ""), el)
    if not marks:
        return data, []

    def para(el: Any) -> Any:
        for a in el.iterancestors(f"{TEXT}p", f"{TEXT}h"):
            return a
        return None

    def target(a: Any) -> Any:
        href = a.get(f"{XLINK}href", "")
        return marks.get(href[1:]) if href.startswith("#") else None

    pairs: list[tuple[Any, Any, Any]] = []
    used: set[int] = set()
    for call in list(root.iter(f"{TEXT}a")):
        mark = target(call)
        here, there = para(call), para(mark) if mark is not None else None
        label = _text(call)
        if there is None or here is None or there is here or \
                id(there) in used or not 0 < len(label) <= 4 or \
                there.tag != f"{TEXT}p":
            continue
        backs = [b for b in there.iter(f"{TEXT}a")
                 if (t := target(b)) is not None and para(t) is here
                 and _BACK.fullmatch(_text(b))]
        if len(backs) != 1:
            continue
        used.add(id(there))
        pairs.append((call, there, backs[0]))
    if not pairs:
        return data, []
    kept: list[str] = []
    for call, there, back in pairs:
        back_text = _text(back)
        if back_text:
            report.remove("note-back-link", back_text, 0)
            kept.append(back_text)
        _drop(back)
        holder = there.getparent()
        note = call.makeelement(f"{TEXT}note",
                                {f"{TEXT}note-class": "footnote"})
        cite = note.makeelement(f"{TEXT}note-citation", {})
        cite.text = _text(call)
        body = note.makeelement(f"{TEXT}note-body", {})
        note.extend([cite, body])
        holder.remove(there)
        there.tail = None
        body.append(there)
        note.tail = call.tail
        call.getparent().replace(call, note)
        # the emptied list item, then list, of the notes at the end
        while holder is not None and len(holder) == 0 and holder.tag in (
                f"{TEXT}list-item", f"{TEXT}list"):
            up = holder.getparent()
            up.remove(holder)
            holder = up
    report.counts["notes-linked"] += len(pairs)
    from lxml import etree

    members["content.xml"] = etree.tostring(root, xml_declaration=True,
                                            encoding="UTF-8")
    return _rezip(infos, members), kept


def _drop(el: Any) -> None:
    """Remove an element, keeping its tail."""
    parent = el.getparent()
    prev = el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# pandoc's inlines that hold inlines: where their children are
_INLINE_KIDS = {"Emph": None, "Strong": None, "Underline": None,
                "Strikeout": None, "Superscript": None, "Subscript": None,
                "SmallCaps": None, "Span": 1, "Link": 1, "Quoted": 1}


def _inline_lists(inls: list[Any]) -> Any:
    """Every list of inlines under ``inls`` (itself first), not entering
    notes."""
    yield inls
    for el in inls:
        if isinstance(el, dict) and el.get("t") in _INLINE_KIDS:
            at = _INLINE_KIDS[el["t"]]
            kids = el["c"] if at is None else el["c"][at]
            yield from _inline_lists(kids)


def _paragraphs(blocks: list[Any]) -> Any:
    """(the list holding it, the block) for every paragraph of ``blocks``,
    in quotations, divisions and lists too."""
    for b in blocks:
        t = b.get("t")
        if t in ("Para", "Plain"):
            yield blocks, b
        elif t == "BlockQuote":
            yield from _paragraphs(b["c"])
        elif t == "Div":
            yield from _paragraphs(b["c"][1])
        elif t in ("BulletList", "OrderedList"):
            for item in (b["c"] if t == "BulletList" else b["c"][1]):
                yield from _paragraphs(item)


def _prune(blocks: list[Any]) -> None:
    """Lists left with empty items (their notes taken out) lose them."""
    for b in list(blocks):
        t = b.get("t")
        if t in ("BulletList", "OrderedList"):
            items = b["c"] if t == "BulletList" else b["c"][1]
            for item in items:
                _prune(item)
            items[:] = [i for i in items if i]
            if not items:
                blocks.remove(b)
        elif t == "BlockQuote":
            _prune(b["c"])
        elif t == "Div":
            _prune(b["c"][1])


def ast_link_notes(blocks: list[Any], report: CleaningReport) -> list[str]:
    """Notes kept as links in pandoc's tree (an HTML page LibreOffice
    saved as DOCX: the call a link to a bookmark in a paragraph at the
    end, which links back with "↩︎" to a bookmark at the call) made
    notes, under the rule of :func:`odt_link_notes`: the two links must
    answer each other.  Returns the back links' words (listed as
    removed, kind `note-back-link`)."""
    home: dict[str, int] = {}      # a bookmark's id -> its paragraph
    paras = list(_paragraphs(blocks))
    links: list[tuple[int, list[Any], dict[str, Any]]] = []
    for n, (_, para) in enumerate(paras):
        for inls in _inline_lists(para["c"]):
            for el in inls:
                if not isinstance(el, dict):
                    continue
                if el.get("t") in ("Span", "Link") and el["c"][0][0]:
                    home.setdefault(el["c"][0][0], n)
                if el.get("t") == "Link" and el["c"][2][0].startswith("#"):
                    links.append((n, inls, el))
    if not links:
        return []
    from .convert import plain

    backs: dict[int, list[tuple[list[Any], dict[str, Any], int]]] = {}
    for n, inls, el in links:
        to = home.get(el["c"][2][0][1:])
        if to is not None and _BACK.fullmatch(plain(el["c"][1])):
            backs.setdefault(n, []).append((inls, el, to))
    kept: list[str] = []
    taken: set[int] = set()
    for n, inls, call in links:
        there = home.get(call["c"][2][0][1:])
        label = " ".join(plain(call["c"][1]).split())
        if there is None or there == n or there in taken or \
                not 0 < len(label) <= 4:
            continue
        back = backs.get(there, [])
        if len(back) != 1 or back[0][2] != n:
            continue
        taken.add(there)
        holder, para = paras[there]
        b_inls, b_link, _ = back[0]
        text = plain(b_link["c"][1])
        if text.strip():
            report.remove("note-back-link", text.strip(), 0)
            kept.append(text.strip())
        b_inls[:] = [x for x in b_inls if x is not b_link]
        holder[:] = [x for x in holder if x is not para]
        inls[:] = [{"t": "Note", "c": [{"t": "Para", "c": para["c"]}]}
                   if x is call else x for x in inls]
    if taken:
        _prune(blocks)
        report.counts["notes-linked"] += len(taken)
    return kept
