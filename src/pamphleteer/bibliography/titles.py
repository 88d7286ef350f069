"""Titles in running text: where a plain-text source names a work the
bibliography knows, set it as a press would (italic for a book or a
journal, quotation marks for an article or a chapter).

Plain text has no italics: ``Bakunin's Statism and Anarchy`` in an FAQ
section, while the bibliography prints *Statism and Anarchy*.  Only a
source with no emphasis at all is touched (a text that has italics set its
own titles), only titles of two words or more are looked for (``Anarchy``
alone is a word before it is a title), a title of capitalised words only
(``German Social Democracy``, also a party) only with its subtitle, case
must match exactly, and
nothing inside a citation, a link, code or an existing quotation of the
same words changes.  Each change is returned for the build's report;
``back.italic_titles: false`` in the manifest turns it off.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping

from ..model import (BlockQuote, BulletList, Division, Document, Emph,
                     Inline, OrderedList, Paragraph, Strong, Table, Text,
                     block_inlines, map_block_inlines, walk_blocks,
                     walk_inlines)

# CSL types whose titles are quoted, not italicised.
QUOTED_TYPES = {"chapter", "article", "article-journal", "article-magazine",
                "article-newspaper", "paper-conference", "entry",
                "entry-dictionary", "entry-encyclopedia", "webpage",
                "post-weblog", "manuscript", "speech", "thesis"}


def has_emphasis(doc: Document) -> bool:
    """True when any block of the document holds emphasis (the source
    sets its own titles)."""
    for block in walk_blocks(doc.blocks):
        for run in block_inlines(block):
            for node in walk_inlines(run):
                if isinstance(node, (Emph, Strong)):
                    return True
    return False


def title_forms(entries: Iterable[Mapping]) -> dict[str, bool]:
    """Title as printed -> whether it is quoted (article) rather than
    italic; every title and main title of two words or more."""
    forms: dict[str, bool] = {}
    for csl in entries:
        quoted = csl.get("type") in QUOTED_TYPES
        for fld in ("title", "title-short"):
            title = " ".join(str(csl.get(fld) or "").split())
            if not title:
                continue
            main = re.split(r":\s", title, maxsplit=1)[0]
            for form in {title, main}:
                words = form.split()
                # "German Social Democracy" names a party as often as a
                # book: a form of capitalised words only is a title only
                # when it is the whole title with its subtitle.
                titled = any(w[:1].islower() for w in words[1:]) or (
                    form == title and form != main)
                if len(words) >= 2 and form[:1].isupper() and titled:
                    forms.setdefault(form, quoted)
    return forms


def _pattern(forms: Mapping[str, bool]) -> re.Pattern | None:
    if not forms:
        return None
    # Longest first, whole words, straight or curly apostrophes alike.
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(t).replace("'", "['’]").replace("’", "['’]")
                    for t in alts)
    return re.compile(r"(?<![\w“\"‘])(?:" + body + r")(?![\w”\"’])")


def _canon(text: str) -> str:
    return text.replace("’", "'")


def _mark_inlines(nodes: tuple[Inline, ...], pattern, forms, changes,
                  where: str) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if not isinstance(node, Text):
            out.append(node)  # citations, links, code, emphasis untouched
            continue
        text, pos = node.text, 0
        for m in pattern.finditer(text):
            title = m.group(0)
            quoted = forms.get(title, forms.get(_canon(title)))
            if quoted is None:
                quoted = next((q for t, q in forms.items()
                               if _canon(t) == _canon(title)), False)
            if m.start() > pos:
                out.append(Text(text[pos:m.start()]))
            if quoted:
                out.append(Text(f"“{title}”"))
            else:
                out.append(Emph((Text(title),)))
            changes.append((where, title, "quoted" if quoted else "italic"))
            pos = m.end()
        if pos < len(text):
            out.append(Text(text[pos:]))
    return tuple(out)


def _mark_blocks(blocks, pattern, forms, changes, where):
    out = []
    for block in blocks:
        if isinstance(block, (Paragraph, Table)):
            block = map_block_inlines(block, lambda run: _mark_inlines(
                run, pattern, forms, changes, where))
        elif isinstance(block, (BlockQuote, Division)):
            block = replace(block, blocks=tuple(_mark_blocks(
                block.blocks, pattern, forms, changes, where)))
        elif isinstance(block, (BulletList, OrderedList)):
            block = replace(block, items=tuple(
                tuple(_mark_blocks(item, pattern, forms, changes, where))
                for item in block.items))
        out.append(block)
    return out


def mark_titles(doc: Document, entries: Iterable[Mapping], where: str
                ) -> tuple[Document, list[tuple[str, str, str]]]:
    """The document with the titles of ``entries`` (CSL items) set in its
    running text, and the changes as (where, title, ``italic``/``quoted``).
    A document with emphasis of its own is returned unchanged."""
    if has_emphasis(doc):
        return doc, []
    forms = title_forms(entries)
    pattern = _pattern(forms)
    if pattern is None:
        return doc, []
    changes: list[tuple[str, str, str]] = []
    blocks = _mark_blocks(doc.blocks, pattern, forms, changes, where)
    notes = tuple(replace(n, blocks=tuple(_mark_blocks(
        n.blocks, pattern, forms, changes, f"{where} note {n.label}")))
        for n in doc.notes)
    if not changes:
        return doc, []
    return replace(doc, blocks=tuple(blocks), notes=notes), changes
