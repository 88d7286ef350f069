"""What an ODT holds that pandoc's ODT reader passes over or reads
without a word: hidden text, fields whose words are attributes, and the
text of frames and shapes.

- Hidden text: a span or paragraph whose style (automatic or named, or
  a style it derives from) sets ``text:display="none"``, a section with
  ``text:display="none"``, a paragraph hidden by a hidden-paragraph field
  (``text:hidden-paragraph`` with ``text:is-hidden="true"``), and a
  hidden-text field that hides its text.  LibreOffice neither shows nor
  prints them (pandoc reads the hidden spans, paragraphs and sections as
  text): left out and listed (kind ``hidden-text``, warning
  ``PANDOC010``), as for Word's hidden text.
- A hidden-text field that shows its text, conditional text and a
  figure's or table's number (``text:sequence``): pandoc drops these
  fields, words and all.  The shown words are kept; the value of
  conditional text not shown is listed (kind ``conditional-text``).
- Text in a frame (``draw:text-box``) or a shape (a Fontwork shape, a
  rectangle with words): pandoc drops it without a word.  Its
  paragraphs are put after the paragraph the frame is anchored to, and
  said with ``PANDOC011`` (a floating frame's place is a guess).
- Words of ``content.xml``'s body in neither what pandoc read nor the
  report are said (``PANDOC012``), as for a DOCX."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ...report import CleaningReport
from .office import OFFICE, STYLE, TEXT, _members, _rezip, _text, _xml

DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_BLOCKS = (f"{TEXT}p", f"{TEXT}h", f"{TEXT}list", f"{TEXT}section")
_WORD = re.compile(r"\w+")


def _words(el: Any) -> str:
    """The words of ``el`` as shown (its attributes aside)."""
    return _text(el)


def _hidden_styles(*roots: Any) -> set[tuple[str, str]]:
    """(family, name) of the styles that hide their text
    (``text:display="none"`` in their text properties, or in those of a
    style they derive from)."""
    own: dict[tuple[str, str], bool | None] = {}
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    for root in roots:
        if root is None:
            continue
        for st in root.iter(f"{STYLE}style"):
            key = (st.get(f"{STYLE}family", ""), st.get(f"{STYLE}name", ""))
            props = st.find(f"{STYLE}text-properties")
            shown = props.get(f"{TEXT}display") if props is not None else None
            own[key] = None if shown is None else shown == "none"
            if st.get(f"{STYLE}parent-style-name"):
                parent[key] = (key[0], st.get(f"{STYLE}parent-style-name"))
    out: set[tuple[str, str]] = set()
    for key in own:
        seen, at = set(), key
        while at in own and at not in seen:
            seen.add(at)
            if own[at] is not None:
                if own[at]:
                    out.add(key)
                break
            at = parent.get(at, ("", ""))
    return out


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


def _unwrap(el: Any, text: str) -> None:
    """Put ``text`` where ``el`` stands, and remove it."""
    el.tail = text + (el.tail or "")
    for child in list(el):
        el.remove(child)
    _drop(el)


def _hide(body: Any, hidden: set[tuple[str, str]]) -> list[str]:
    gone: list[str] = []

    def take(el: Any) -> None:
        if (w := _words(el)):
            gone.append(w)
        _drop(el)

    for sec in list(body.iter(f"{TEXT}section")):
        if sec.get(f"{TEXT}display") == "none" and sec.getparent() is not None:
            take(sec)
    for field in list(body.iter(f"{TEXT}hidden-paragraph")):
        para = next(field.iterancestors(f"{TEXT}p", f"{TEXT}h"), None)
        if field.get(f"{TEXT}is-hidden") == "true" and para is not None \
                and para.getparent() is not None:
            take(para)
        elif field.getparent() is not None:
            _drop(field)
    for p in list(body.iter(f"{TEXT}p", f"{TEXT}h")):
        if ("paragraph", p.get(f"{TEXT}style-name", "")) in hidden and \
                p.getparent() is not None:
            take(p)
    for span in list(body.iter(f"{TEXT}span")):
        if ("text", span.get(f"{TEXT}style-name", "")) in hidden and \
                span.getparent() is not None:
            take(span)
    for field in list(body.iter(f"{TEXT}hidden-text")):
        text = field.get(f"{TEXT}string-value") or _words(field)
        if field.get(f"{TEXT}is-hidden", "true") == "true":
            if text.strip():
                gone.append(" ".join(text.split()))
            _drop(field)
        else:
            _unwrap(field, text)
    return gone


def _conditional(body: Any) -> list[str]:
    """Conditional text kept as shown; the value not shown returned."""
    other: list[str] = []
    for field in list(body.iter(f"{TEXT}conditional-text")):
        shown = "".join(field.itertext())
        yes = field.get(f"{TEXT}string-value-if-true", "")
        no = field.get(f"{TEXT}string-value-if-false", "")
        current = field.get(f"{TEXT}current-value")
        if current is None:
            current = "true" if shown == yes else "false"
        rest = no if current == "true" else yes
        if rest.strip() and rest != shown:
            other.append(" ".join(rest.split()))
        _unwrap(field, shown)
    # a figure's or table's number ("Illustration 1"), which pandoc drops
    for field in list(body.iter(f"{TEXT}sequence")):
        _unwrap(field, "".join(field.itertext()))
    return other


def _lift_frames(body: Any) -> list[str]:
    """The paragraphs of frames' text boxes and of shapes put after the
    paragraph they are anchored to; returns their words."""
    lifted: list[str] = []
    holders = [el for el in body.iter()
               if isinstance(el.tag, str) and el.tag.startswith(DRAW)
               and el.tag != f"{DRAW}frame"
               and any(c.tag in _BLOCKS for c in el)]
    # outermost first: a text box inside a text box goes with its own
    for holder in holders:
        if any(a in holders for a in holder.iterancestors()):
            continue
        blocks = [c for c in holder if c.tag in _BLOCKS]
        words = " ".join(w for b in blocks if (w := _words(b)))
        shape = holder.getparent() if holder.tag == f"{DRAW}text-box" \
            else holder
        anchor = next(shape.iterancestors(f"{TEXT}p", f"{TEXT}h"), None)
        if not words or anchor is None or anchor.getparent() is None:
            continue
        for b in reversed(blocks):
            holder.remove(b)
            b.tail = None
            anchor.addnext(b)
        if not any(True for _ in shape.iter(f"{DRAW}image")):
            _drop(shape)
        lifted.append(words)
    return lifted


def odt_unseen(data: bytes, report: CleaningReport
               ) -> tuple[bytes, list[str]]:
    """The ODT with its hidden text taken out (listed, ``PANDOC010``),
    its fields' shown words made text, and the text of its frames and
    shapes made readable by pandoc (``PANDOC011``); the words left out,
    for the conservation proof."""
    try:
        infos, members = _members(data)
        root = _xml(members["content.xml"])
        styles = _xml(members["styles.xml"]) if "styles.xml" in members \
            else None
    except Exception:  # a broken file is pandoc's to refuse, naming it
        return data, []
    body = root.find(f"{OFFICE}body")
    if body is None:
        return data, []
    gone = _hide(body, _hidden_styles(root, styles))
    other = _conditional(body)
    lifted = _lift_frames(body)
    maybe = [sec for sec in body.iter(f"{TEXT}section")
             if sec.get(f"{TEXT}display") == "condition"]
    if maybe:
        report.problem(
            "PANDOC010", f"{len(maybe)} section(s) shown or hidden by a "
            f"condition (“{maybe[0].get(f'{TEXT}condition', '')}”), first "
            f"“{_short(_words(maybe[0]))}”: kept, since the condition is not "
            "evaluated here; delete the section if it is hidden in the "
            "document")
    for text in gone:
        report.remove("hidden-text", text, 0)
    for text in other:
        report.remove("conditional-text", text, 0)
    if gone:
        report.problem(
            "PANDOC010", f"{len(gone)} passage(s) of hidden text (a hidden "
            f"section, paragraph or character style, or a hidden-text "
            f"field: not shown or printed), first “{_short(gone[0])}”: left "
            "out, as LibreOffice prints the document, and listed in the "
            "report (kind `hidden-text`); unhide them if they belong to the "
            "text")
    if lifted:
        report.counts["shape-texts"] += len(lifted)
        report.problem(
            "PANDOC011", f"{len(lifted)} frame(s) or shape(s) holding text, "
            f"first “{_short(lifted[0])}”: kept after the paragraph they "
            "are anchored to, which may not be where they show on the page; "
            "check their place")
    if not (gone or other or lifted) and not any(
            True for _ in body.iter(f"{TEXT}hidden-paragraph")):
        return data, []
    from lxml import etree

    members["content.xml"] = etree.tostring(root, xml_declaration=True,
                                            encoding="UTF-8")
    return _rezip(infos, members), gone + other


def _short(text: str, words: int = 8) -> str:
    w = text.split()
    return " ".join(w[:words]) + (" …" if len(w) > words else "")


# what pandoc writes itself or what is not the text: note numbers,
# tracked deletions (listed by office.odt_extras), sequence numbers
_SKIP = (f"{TEXT}note-citation", f"{TEXT}tracked-changes",
         f"{OFFICE}annotation", f"{TEXT}sequence-decls",
         f"{TEXT}variable-decls", f"{TEXT}user-field-decls")


def odt_words(data: bytes) -> Counter[str]:
    """The words of the ODT's body as shown (after :func:`odt_unseen`),
    lower-cased."""
    try:
        root = _xml(_members(data)[1]["content.xml"])
    except Exception:
        return Counter()
    body = root.find(f"{OFFICE}body")
    if body is None:
        return Counter()
    for el in list(body.iter(*_SKIP)):
        if el.getparent() is not None:
            _drop(el)
    return Counter(w.casefold() for w in _WORD.findall(_words(body)))
