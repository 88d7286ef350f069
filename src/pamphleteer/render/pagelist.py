"""The EPUB's print page list at the exact word.

A print page often begins inside a paragraph.  Marking it at the
paragraph's start puts the marker on the page before (87 of 141 pages in
the first book).  Instead, after layout, :func:`page_starts` reads each
page's boxes: the first piece of text in the page's flow (not a running
head, a folio, a footnote or a note call), the body block it belongs to
(the nearest element with a block anchor id, ``<scope>-b<n>``), and how
many characters of that block came before it on earlier pages.  These go
into the layout's anchors as ``page-start:<anchor>:<offset>`` keys, and
:func:`.pdf.page_map` gives the page to ``<anchor>@<offset>``.  The EPUB
writer (:func:`insert_marks`) counts the same characters in the block's
XHTML and puts the page-break marker before the word where the page
begins, mid-paragraph and mid-sentence.

Characters are counted without white space (a line end has none in the
PDF), without the hyphens hyphenation adds (U+2010) or soft hyphens, and
without note calls (a footnote call in the PDF, a ``noteref`` link in the
EPUB), so both sides count the same text.  A page with no text (a blank
verso) or whose text is outside the body blocks (titles, contents) keeps
the marker at the next anchor, as before.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from markupsafe import Markup

START = "page-start:"
"""Prefix of the anchors keys that say where a page's text begins."""

_BLOCK_ID = re.compile(r".+-b\d+$")
_SKIP = "\u2010\u00ad"


def _count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace() and ch not in _SKIP)


def page_starts(page_boxes: list[Any], first_page: int) -> dict[str, int]:
    """``page-start:<anchor>:<offset>`` -> page number, for every page of
    a laid-out document whose text begins in a body block."""
    seen: dict[str, int] = {}
    out: dict[str, int] = {}
    for index, page in enumerate(page_boxes):
        children = list(getattr(page, "children", None) or ())
        if not children:
            continue
        first = [True]

        def walk(box: Any, anchor: str | None) -> None:
            tag = getattr(box, "element_tag", "") or ""
            if "::" in tag:
                return  # note calls, list markers, generated text
            el = getattr(box, "element", None)
            if el is not None and type(box).__name__ != "TextBox":
                bid = el.get("id", "")
                if bid and _BLOCK_ID.match(bid):
                    anchor = bid
            if type(box).__name__ == "TextBox":
                n = _count(box.text)
                if not n:
                    return
                if first[0]:
                    first[0] = False
                    if anchor is not None:
                        out[f"{START}{anchor}:{seen.get(anchor, 0)}"] = \
                            index + first_page
                if anchor is not None:
                    seen[anchor] = seen.get(anchor, 0) + n
                return
            for child in getattr(box, "children", None) or ():
                walk(child, anchor)

        walk(children[0], None)
    return out


def starts_by_page(anchors: dict[str, int]) -> dict[int, tuple[str, int]]:
    """Page -> (anchor, offset) from the ``page-start:`` keys."""
    out: dict[int, tuple[str, int]] = {}
    for key, page in anchors.items():
        if key.startswith(START):
            anchor, _, offset = key[len(START):].rpartition(":")
            out.setdefault(page, (anchor, int(offset)))
    return out


def split_key(key: str) -> tuple[str, int]:
    """``anchor@offset`` -> (anchor, offset); a plain anchor -> offset 0."""
    anchor, sep, offset = key.rpartition("@")
    if sep and offset.isdigit():
        return anchor, int(offset)
    return key, 0


_TOKEN = re.compile(r"<[^>]*>|&[^;\s]*;|[^<&]+")


def insert_marks(html: str, marks: list[tuple[int, Markup]]) -> Markup:
    """``html`` (a block's XHTML) with each mark put before the word at
    which ``offset`` characters (counted as :func:`page_starts` counts
    them) have passed; EPUB note calls are not counted."""
    if not marks:
        return Markup(html)
    marks = sorted(marks, key=lambda m: m[0])
    out: list[str] = []
    count = 0
    skip_depth = 0  # inside <a class="noteref">
    i = 0

    def emit_marks_upto(limit: int) -> Iterator[str]:
        nonlocal i
        while i < len(marks) and marks[i][0] <= limit:
            yield str(marks[i][1])
            i += 1

    for m in _TOKEN.finditer(html):
        tok = m.group(0)
        if tok.startswith("<"):
            if skip_depth:
                if tok.startswith("<a") or tok.startswith("<span"):
                    skip_depth += 1
                elif tok.startswith("</a") or tok.startswith("</span"):
                    skip_depth -= 1
            elif tok.startswith("<a ") and 'class="noteref"' in tok:
                skip_depth = 1
            out.append(tok)
            continue
        if skip_depth:
            out.append(tok)
            continue
        if tok.startswith("&"):
            if i < len(marks) and marks[i][0] <= count:
                out.extend(emit_marks_upto(count))
            out.append(tok)
            count += 1
            continue
        # Plain text: walk it character by character.
        word_start = 0
        buf = []
        for j, ch in enumerate(tok):
            if ch.isspace():
                word_start = j + 1
            elif ch not in _SKIP:
                if i < len(marks) and marks[i][0] <= count:
                    # Before the word this character belongs to.
                    cut = len(buf) - (j - word_start)
                    head, tail = buf[:cut], buf[cut:]
                    buf = head + list(emit_marks_upto(count)) + tail
                count += 1
            buf.append(ch)
        out.append("".join(buf))
    out.extend(emit_marks_upto(10 ** 12))  # past the end: at the end
    return Markup("".join(out))
