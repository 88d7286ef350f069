"""The title block printed before the text: title, subtitle, author, date.

LaTeX's ``\\maketitle`` (and a KOMA-Script or memoir title page) prints a
few short centred lines before the text: the title, perhaps a subtitle,
the author, perhaps a date.  In ``pdftotext`` output they are told by
where they stand, not by their type (the sizes are lost):

* a first page holding nothing but a few short lines (a title page); or
* in ``-layout`` output, a few short lines at the very start, some of them
  centred (indented), set off from the text by two blank lines or more.

The lines must not end like a sentence or a clause.  They go to the
document's metadata, each one recorded in the report (``title-block``);
the first group of lines is the title; a last line that reads as a name
(a few capitalised words) is the author; a year alone is the date; the
rest is the subtitle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...report import CleaningReport
from .pages import NOTE_START, Line

MAX_LINES = 6
"""Most lines a title block holds."""

MAX_WIDTH = 70
"""Longest line of a title block, in characters."""

# A year alone ("1912"), or a date line ending in one ("May 1912").
_YEAR = re.compile(r"^(?:[^\W\d_]+\.?\s+){0,2}[0-9]{4}$")
# Lowercase words allowed inside a name ("Pierre-Joseph de la Cour").
_PARTICLES = {"de", "la", "le", "del", "della", "di", "da", "do", "dos", "du",
              "van", "von", "der", "den", "y", "e", "and", "et", "und", "&"}


@dataclass
class TitleBlock:
    """What the title block holds."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""


def _name(text: str) -> bool:
    """Does ``text`` read as a person's name (or two, with "and")?"""
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    caps = [w for w in words if w.casefold() not in _PARTICLES]
    return bool(caps) and all(w[:1].isupper() for w in caps) and \
        not any(w.casefold() in {"the", "a", "an", "of", "on"} for w in words)


def _short(x: Line) -> bool:
    t = x.text
    return len(t) <= MAX_WIDTH and t[-1:] not in ".,;:" and (
        not NOTE_START.match(t) and any(c.isalpha() for c in t)
        or bool(_YEAR.match(t)))


def take_title(pages: list[list[Line | None]],
               report: CleaningReport) -> TitleBlock | None:
    """Find the title block on the first page; blank its lines (in place)."""
    first = next((p for p, page in enumerate(pages)
                  if any(x is not None for x in page)), None)
    if first is None or first + 1 >= len(pages):
        return None
    page = pages[first]
    lines = [x for x in page if x is not None]
    if len(lines) <= MAX_LINES and all(_short(x) for x in lines) and any(
            any(x is not None for x in p) for p in pages[first + 1:]):
        end = len(page)  # a title page
    else:
        gap = _gap(page)
        block = [x for x in page[:gap] if x is not None] if gap else []
        if block and len(block) <= MAX_LINES and \
                all(_short(x) for x in block) and \
                any(x.indent >= 4 for x in block):
            end = gap or 0
        else:
            end = _named_head(page)
            if not end:
                return None
    groups: list[list[Line]] = [[]]
    for x in page[:end]:
        if x is None:
            if groups[-1]:
                groups.append([])
            continue
        groups[-1].append(x)
    groups = [g for g in groups if g]
    if not groups:
        return None
    found = TitleBlock()
    # A date alone at the foot or anywhere after the title.
    for g in groups[1:]:
        for x in list(g):
            if _YEAR.match(x.text) and not found.date:
                found.date = x.text
                g.remove(x)
    groups = [g for g in groups if g]
    last = groups[-1][-1] if groups else None
    if last is not None and _name(last.text) and (
            len(groups) > 1 or len(groups[0]) > 1):
        found.authors = [last.text]
        groups[-1].remove(last)
        groups = [g for g in groups if g]
    if not groups:
        return None
    found.title = " ".join(x.text for x in groups[0])
    found.subtitle = " ".join(x.text for g in groups[1:] for x in g)
    for k, x in enumerate(page[:end]):
        if x is None:
            continue
        role = ("date" if x.text == found.date else
                "author" if x.text in found.authors else
                "title" if x in groups[0] else "subtitle")
        report.change("title-block", x.text, f"{role}: {x.text}", x.n,
                      "short lines before the text: the title block")
        page[k] = None
    return found


def _named_head(page: list[Line | None]) -> int:
    """End of a title and author printed before the first blank line.

    Plain ``pdftotext`` output keeps no indentation and one blank line at
    most: two to five short lines before the first blank line, the last
    of which reads as a name, are taken as the title and its author.
    """
    k = 0
    while k < len(page) and page[k] is None:
        k += 1
    start = k
    while k < len(page) and page[k] is not None:
        k += 1
    lines = [x for x in page[start:k] if x is not None]
    if not 2 <= len(lines) <= 5 or k >= len(page) or \
            not all(_short(x) for x in lines) or not _name(lines[-1].text):
        return 0
    return k


def _gap(page: list[Line | None]) -> int | None:
    """End of the leading lines set off by two blank lines or more.

    A centred group of one or two short lines set off the same way after
    them (the author, a date, further down the title page) belongs to
    them too, up to :data:`MAX_LINES` lines in all.
    """
    end = _next_gap(page, 0)
    if end is None:
        return None
    count = sum(1 for x in page[:end] if x is not None)
    while True:
        nxt = _next_gap(page, end)
        if nxt is None:
            return end
        group = [x for x in page[end:nxt] if x is not None]
        if not 1 <= len(group) <= 2 or count + len(group) > MAX_LINES or \
                not all(_short(x) and x.indent >= 4 for x in group):
            return end
        count += len(group)
        end = nxt


def _next_gap(page: list[Line | None], k: int) -> int | None:
    """End of the lines from ``k`` set off by two blank lines or more."""
    while k < len(page) and page[k] is None:
        k += 1
    seen = False
    while k < len(page):
        if page[k] is None:
            if seen and k + 1 < len(page) and page[k + 1] is None:
                return k
        else:
            seen = True
        k += 1
    return None


MAX_COLOPHON = 15
"""Most lines of a closing colophon page."""


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def take_colophon(pages: list[list[Line | None]], block: TitleBlock | None,
                  report: CleaningReport) -> str:
    """The closing colophon page's lines, joined by `` / ``; blanked.

    Amusewiki's PDFs end on a page of a few short lines: the library's
    name, the author and title again, the date, the source.  The last page
    is taken as such when it holds at most :data:`MAX_COLOPHON` lines, none
    longer than a title block's, one of them the title or the author found
    in the title block.
    """
    if block is None:
        return ""
    filled = [p for p, page in enumerate(pages)
              if any(x is not None for x in page)]
    if len(filled) < 3:
        return ""
    page = pages[filled[-1]]
    lines = [x for x in page if x is not None]
    names = {_squash(block.title), *(_squash(a) for a in block.authors)}
    names.discard("")
    if not 2 <= len(lines) <= MAX_COLOPHON or \
            any(len(x.text) > MAX_WIDTH for x in lines) or \
            not any(_squash(x.text) in names for x in lines):
        return ""
    for k, x in enumerate(page):
        if x is not None:
            report.remove("colophon", x.text, x.n)
            page[k] = None
    return " / ".join(x.text for x in lines)
