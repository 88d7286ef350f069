"""Two things of Project Gutenberg's HTML books: the transcriber's notes
(marked as such, not read as the author's text) and verse set in
``<pre>`` (kept line by line)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ...report import CleaningReport
from .page import _text_len, drop, local, text_of

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


_TN_CLASS = re.compile(r"(?i)\b(?:trans-?notes?|tnotes?|transcriber\w*|tn)\b")
_TN_TEXT = re.compile(r"(?i)^\W*transcriber[’']?s?[’']?\s+notes?\b")


def transcriber_notes(root: Any, report: CleaningReport) -> None:
    """Mark a Gutenberg page's transcriber's notes (``div.transnote``, or a
    block that begins "Transcriber's Notes") for the reader to set apart,
    as the plain-text reader does."""
    for el in list(root.iter("div", "blockquote", "p", "aside")):
        if not isinstance(el.tag, str) or el.get("class") == \
                "transcriber-note":
            continue
        up = el.getparent()
        while up is not None and up.get("class") != "transcriber-note":
            up = up.getparent()
        if up is not None:
            continue
        if _TN_CLASS.search(el.get("class") or "") or (
                el.getparent() is root and local(el.tag) != "p"
                and _TN_TEXT.match(text_of(el))):
            el.set("class", "transcriber-note")
    # A heading "Transcriber's Note" and what follows it, up to the next
    # heading: the heading's words go to the report (the division says
    # whose note it is).
    for h in list(root.iter(*_HEADINGS)):
        if h.getparent() is None or not _TN_TEXT.match(text_of(h)):
            continue
        body: list[Any] = []
        sib = h.getnext()
        while sib is not None and local(sib.tag) not in _HEADINGS:
            body.append(sib)
            sib = sib.getnext()
        if not any(isinstance(x.tag, str) and _text_len(x) for x in body):
            continue
        div = etree.Element("div")
        div.set("class", "transcriber-note")
        h.addnext(div)
        for x in body:
            div.append(x)
        drop(h, "transcriber-note-heading", report)




def gutenberg_pre_verse(root: Any, report: CleaningReport) -> None:
    """A Gutenberg page's ``<pre>`` of text alone sets a poem (or a
    quoted passage) line by line in a typewriter face, which the book
    would print as code: it becomes verse, each line kept, stanzas at the
    blank lines, a line's indent as no-break spaces (a stanza's first
    line loses its own to the block's trimming; ``verse-pre`` counted).  A ``<pre>`` holding markup is left as it is."""
    for pre in list(root.iter("pre")):
        if pre.getparent() is None or len(pre) or not (pre.text or "").strip():
            continue
        lines = (pre.text or "").strip("\n").split("\n")
        stanzas: list[list[str]] = [[]]
        for line in lines:
            if line.strip():
                stanzas[-1].append(line.rstrip())
            elif stanzas[-1]:
                stanzas.append([])
        stanzas = [st for st in stanzas if st]
        base = min(len(x) - len(x.lstrip(" ")) for st in stanzas for x in st)
        div = etree.Element("div")
        div.set("class", "verse")
        for st in stanzas:
            para = etree.SubElement(div, "p")
            last: Any = None
            for k, line in enumerate(st):
                lead = len(line) - len(line.lstrip(" ")) - base
                text = "\u00a0" * lead + line.strip()
                if k == 0:
                    para.text = text
                else:
                    last = etree.SubElement(para, "br")
                    last.tail = text
        div.tail = pre.tail
        pre.getparent().replace(pre, div)
        report.counts["verse-pre"] += 1
