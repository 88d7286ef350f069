"""A printed table of contents, taken out of the text.

LaTeX (and Amusewiki, for every text with headings) prints a contents
page after the title: the headings again, each with its page number,
with or without dot leaders.  Read as text it repeats every heading as a
paragraph.  A page among the first of the file is a contents page when
most of its lines are entries — a line whose text, leaders and page number
taken off, is (part of) a heading set later in the file — or lone page
numbers, or a contents title (``Contents``, ``Table des matières``...),
with three entries at least (or fewer, under a contents title, when every
line of the page is one of these).  Those lines are removed as ``contents``.
"""

from __future__ import annotations

import re

from ...report import CleaningReport
from .blocks import heading_key
from .extract import Line
from .layout import Geometry

_TITLE = re.compile(
    r"^\s*(?:table\s+of\s+)?contents|^\s*table\s+des\s+mati[eè]res|"
    r"^\s*sommaire|^\s*inhalt(?:sverzeichnis)?|^\s*[íi]ndice|"
    r"^\s*содержание|^\s*оглавление|^\s*indice|^\s*inhoud", re.I)
_TAIL = re.compile(r"(?:[\s.·…_]*\s*(?:\d{1,4}|[ivxlcdm]{1,7}))$", re.I)
_LEADERS = re.compile(r"(?:\.\s?){4,}|…|·{3,}|_{4,}")
_LONE = re.compile(r"^\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*$", re.I)


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def remove_contents(pages: list[list[Line]], geo: Geometry,
                    report: CleaningReport) -> list[list[Line]]:
    """The pages without their table of contents."""
    first = min(max(3, len(pages) // 5), len(pages))
    per_page = [_headings(lines, geo) for lines in pages]
    for p in range(first):
        lines = pages[p]
        heads = [h for later in per_page[p + 1:] for h in later]
        if not lines or not heads:
            continue
        kinds = [_kind(ln, heads) for ln in lines]
        entries = kinds.count("entry")
        known = sum(1 for k in kinds if k)
        # Three entries at least; or a short text's one or two under a
        # contents title, every line of the page accounted for.
        short = entries >= 1 and "title" in kinds and known == len(lines)
        if (entries >= 3 or short) and known >= 0.8 * len(lines):
            for ln, k in zip(lines, kinds):
                if k:
                    report.remove("contents", ln.text.strip(), ln.n)
            pages = pages[:p] + [[ln for ln, k in zip(lines, kinds)
                                  if not k]] + pages[p + 1:]
    return pages


def _headings(lines: list[Line], geo: Geometry) -> list[str]:
    """The text of every heading line of a page (and of wrapped headings
    joined)."""
    out: list[str] = []
    prev = None
    for ln in lines:
        if heading_key(ln, geo):
            # Without its note calls ("III³⁴"): the contents has none.
            out.append(_squash(Line(ln.page, ln.main_spans()).text))
            if prev is not None:
                out.append(prev + " " + out[-1])
            prev = out[-1]
        else:
            prev = None
    return [h for h in out if h]


def _kind(ln: Line, heads: list[str]) -> str:
    text = ln.text.strip()
    if _TITLE.match(text) and len(text.split()) <= 4:
        return "title"
    if _LONE.match(text):
        return "number"
    body = _squash(_TAIL.sub("", text))
    # A heading of one or two letters ("I", "IV") is an entry only with
    # its dot leaders: alone it could be any short line.
    if (len(body) >= 3 or _LEADERS.search(text)) and any(
            body == h or (len(body) >= 8 and body in h) for h in heads):
        return "entry"
    return ""
