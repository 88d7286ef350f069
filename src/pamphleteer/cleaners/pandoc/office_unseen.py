"""What a Word document holds that pandoc's DOCX reader passes over or
reads without a word: hidden text, the text of shapes it does not read,
and any other words of the file that reach neither the text nor the
report.

- Hidden text (Word's "Hidden" font setting, ``w:vanish``, set on the run
  or by its character or paragraph style) is neither shown nor printed by
  Word, but pandoc reads it as text.  It is left out, as Word prints the
  document, and listed (kind ``hidden-text``, warning ``PANDOC010``).
- Text in a text box or shape that Word wrote only in DrawingML (no VML
  copy in ``mc:Fallback``, which is all pandoc reads of a shape), and
  WordArt whose words are an attribute (``v:textpath/@string``), are
  given to pandoc as text boxes: kept where the shape is anchored, said
  with ``PANDOC011`` (a floating shape's place is a guess).
- Words of ``document.xml`` and the notes that are in neither what pandoc
  read nor the report are said (``PANDOC012``): the proof of conservation
  otherwise starts from what pandoc read, and cannot see them."""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from typing import Any

from ...report import CleaningReport
from .office import W, _members, _rezip, _xml

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_OFF = ("0", "false", "off")


def _on(el: Any) -> bool:
    return el is not None and el.get(f"{W}val", "true").lower() not in _OFF


def _hidden_styles(styles: bytes) -> set[str]:
    """The ids of the styles that hide their text (``w:vanish`` in their
    run properties, or in those of a style they are based on)."""
    if not styles:
        return set()
    try:
        root = _xml(styles)
    except Exception:
        return set()
    own: dict[str, bool | None] = {}
    base: dict[str, str] = {}
    for st in root.iter(f"{W}style"):
        sid = st.get(f"{W}styleId", "")
        v = st.find(f"{W}rPr/{W}vanish")
        own[sid] = None if v is None else _on(v)
        b = st.find(f"{W}basedOn")
        if b is not None:
            base[sid] = b.get(f"{W}val", "")
    out: set[str] = set()
    for sid in own:
        seen, at = set(), sid
        while at in own and at not in seen:
            seen.add(at)
            if own[at] is not None:
                if own[at]:
                    out.add(sid)
                break
            at = base.get(at, "")
    return out


def _run_text(r: Any) -> str:
    out = []
    for el in r.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if next(el.iterancestors(f"{W}r")) is r:   # not a text box's
            out.append(el.text or "" if el.tag == f"{W}t" else " ")
    return "".join(out)


def _is_hidden(r: Any, hidden: set[str], pstyle: str) -> bool:
    v = r.find(f"{W}rPr/{W}vanish")
    if v is not None:
        return _on(v)
    rs = r.find(f"{W}rPr/{W}rStyle")
    if rs is not None and rs.get(f"{W}val", "") in hidden:
        return True
    return pstyle in hidden


def _drop_hidden(part: Any, hidden: set[str]) -> list[str]:
    """Remove the hidden runs of ``part``; their words, consecutive runs
    of one paragraph together (a run in a shape's Word-only copy, which
    pandoc does not read, is removed but not counted twice)."""
    texts: list[str] = []
    for p in list(part.iter(f"{W}p")):
        ps = p.find(f"{W}pPr/{W}pStyle")
        pstyle = ps.get(f"{W}val", "") if ps is not None else ""
        words: list[str] = []
        counted = not any(a.tag == f"{MC}Choice" for a in p.iterancestors())
        for r in list(p.iter(f"{W}r")):
            # the runs of this paragraph only, not of a text box in it
            if next(r.iterancestors(f"{W}p")) is not p or \
                    any(a.tag == f"{W}del" for a in r.iterancestors()):
                continue
            if _is_hidden(r, hidden, pstyle) and r.find(
                    f".//{W}txbxContent") is None:
                words.append(_run_text(r))
                r.getparent().remove(r)
            elif words and _run_text(r).strip():
                words.append("\0")
        if counted:
            texts += [t for chunk in "".join(words).split("\0")
                      if (t := " ".join(chunk.split()))]
    return texts


def _textbox(content: Any) -> Any:
    """A VML shape holding ``content`` (a ``w:txbxContent``) as a text box,
    the form of a shape pandoc reads."""
    pict = content.makeelement(f"{W}pict", {})
    shape = pict.makeelement(f"{V}shape", {})
    box = shape.makeelement(f"{V}textbox", {})
    box.append(content)
    shape.append(box)
    pict.append(shape)
    return pict


def _words_in(el: Any) -> str:
    return " ".join("".join(_run_text(r) for r in el.iter(f"{W}r")).split())


def _lift_shapes(part: Any) -> list[str]:
    """Give pandoc the text of the shapes it does not read: a text box
    written in DrawingML only (no ``mc:Fallback``, or one without its
    text), and WordArt's ``v:textpath/@string``.  Returns their words."""
    lifted: list[str] = []
    for alt in list(part.iter(f"{MC}AlternateContent")):
        choice = alt.find(f"{MC}Choice")
        fallback = alt.find(f"{MC}Fallback")
        if choice is None or fallback is not None and \
                fallback.find(f".//{W}txbxContent") is not None:
            continue
        boxes = [b for b in choice.iter(f"{W}txbxContent")
                 if not any(a.tag == f"{W}txbxContent"
                            for a in b.iterancestors())]
        if not boxes or not any(_words_in(b) for b in boxes):
            continue
        if fallback is None:
            fallback = alt.makeelement(f"{MC}Fallback", {})
            alt.append(fallback)
        for b in boxes:
            fallback.append(_textbox(deepcopy(b)))
            lifted.append(_words_in(b))
    # a DrawingML text box outside any mc:AlternateContent
    for drawing in list(part.iter(f"{W}drawing")):
        if any(a.tag == f"{MC}AlternateContent"
               for a in drawing.iterancestors()):
            continue
        boxes = [b for b in drawing.iter(f"{W}txbxContent")
                 if _words_in(b) and not any(
                     a.tag == f"{W}txbxContent" for a in b.iterancestors())]
        if boxes:
            alt = _alternate(drawing)
            for b in boxes:
                alt[-1].append(_textbox(deepcopy(b)))
                lifted.append(_words_in(b))
    # WordArt in VML: its words are an attribute
    for path in list(part.iter(f"{V}textpath")):
        words = " ".join((path.get("string") or "").split())
        shape = path.getparent()
        if not words or shape is None or \
                shape.find(f"{V}textbox") is not None:
            continue
        content = shape.makeelement(f"{W}txbxContent", {})
        p = content.makeelement(f"{W}p", {})
        r = p.makeelement(f"{W}r", {})
        t = r.makeelement(f"{W}t", {})
        t.text = words
        r.append(t)
        p.append(r)
        content.append(p)
        box = shape.makeelement(f"{V}textbox", {})
        box.append(content)
        shape.append(box)
        if any(a.tag in (f"{MC}Choice", f"{MC}Fallback")
               for a in shape.iterancestors()):
            continue
        pict = next(shape.iterancestors(f"{W}pict"), None)
        if pict is not None and pict.getparent().tag == f"{W}r":
            _alternate(pict, choice=False)[-1].append(pict)
            lifted.append(words)
    return lifted


def _alternate(el: Any, choice: bool = True) -> Any:
    """Put ``el`` (a run's drawing or picture) in an ``mc:AlternateContent``
    of its own, as its ``mc:Choice`` (or nowhere), with an empty
    ``mc:Fallback``, the one part of a shape pandoc reads; returns the
    alternate content."""
    alt = el.makeelement(f"{MC}AlternateContent", {})
    el.addprevious(alt)
    if choice:
        c = alt.makeelement(f"{MC}Choice", {"Requires": "wps"})
        c.append(el)
        alt.append(c)
    else:
        el.getparent().remove(el)
    alt.append(alt.makeelement(f"{MC}Fallback", {}))
    return alt


def docx_unseen(data: bytes, report: CleaningReport) -> tuple[bytes, list[str]]:
    """The DOCX with its hidden text taken out (listed, ``PANDOC010``)
    and the text of its shapes made readable by pandoc (``PANDOC011``);
    the hidden words, for the conservation proof."""
    try:
        infos, members = _members(data)
        parts = {n: _xml(members[n]) for n in _PARTS if n in members}
    except Exception:  # a broken file is pandoc's to refuse, naming it
        return data, []
    hidden = _hidden_styles(members.get("word/styles.xml", b""))
    lifted: list[str] = []
    gone: list[str] = []
    for root in parts.values():
        lifted += _lift_shapes(root)
        gone += _drop_hidden(root, hidden)
    for text in gone:
        report.remove("hidden-text", text, 0)
    if gone:
        report.problem(
            "PANDOC010", f"{len(gone)} passage(s) of hidden text (Word's "
            f"Hidden font setting: not shown or printed), first “"
            f"{_short(gone[0])}”: left out, as Word prints the document, "
            "and listed in the report (kind `hidden-text`); unhide them in "
            "the word processor if they belong to the text")
    if lifted:
        report.counts["shape-texts"] += len(lifted)
        report.problem(
            "PANDOC011", f"{len(lifted)} text box(es) or WordArt written in "
            f"a form pandoc does not read, first “{_short(lifted[0])}”: "
            "kept at the paragraph the shape is anchored to, which may not "
            "be where it shows on the page; check its place")
    if not gone and not lifted:
        return data, []
    from lxml import etree

    for name, root in parts.items():
        members[name] = etree.tostring(root, xml_declaration=True,
                                       encoding="UTF-8", standalone=True)
    return _rezip(infos, members), gone


def _short(text: str, words: int = 8) -> str:
    w = text.split()
    return " ".join(w[:words]) + (" …" if len(w) > words else "")


_WORD = re.compile(r"\w+")


def docx_words(data: bytes) -> Counter[str]:
    """The words of the document's body and notes as Word shows them
    (deleted text, field instructions and pandoc's unread VML copies of
    a shape aside), lower-cased."""
    try:
        _, members = _members(data)
        parts = [_xml(members[n]) for n in _PARTS if n in members]
    except Exception:
        return Counter()
    out: Counter[str] = Counter()
    for root in parts:
        for p in root.iter(f"{W}p"):
            if any(a.tag == f"{MC}Choice" and a.getparent().find(
                    f"{MC}Fallback") is not None for a in p.iterancestors()):
                continue
            text = "".join(
                _run_text(r) for r in p.iter(f"{W}r")
                if next(r.iterancestors(f"{W}p")) is p)
            out.update(w.casefold() for w in _WORD.findall(text))
        for path in root.iter(f"{V}textpath"):     # WordArt's words
            if not any(a.tag == f"{MC}Choice" for a in path.iterancestors()):
                out.update(w.casefold() for w in _WORD.findall(
                    path.get("string") or ""))
    return out


def unaccounted(data: bytes, base: str, report: CleaningReport,
                words: Any = docx_words) -> None:
    """Say which words of the file (``words(data)``, those of a DOCX by
    default) are in neither what pandoc read nor the report
    (``PANDOC012``), a few of them shown."""
    have = Counter(w.casefold() for w in _WORD.findall(base))
    missing = words(data) - have
    if not missing:
        return
    total = sum(missing.values())
    report.counts["words-unread"] += total
    shown = ", ".join(f"“{w}”" for w, _ in missing.most_common(6))
    report.problem(
        "PANDOC012", f"{total} word(s) of the file are in neither what "
        f"pandoc read nor the report ({shown}{', …' if len(missing) > 6 else ''}"
        "): a part of the document pandoc does not read (an embedded "
        "document, a chart, a control); open it in a word processor to "
        "find them")
