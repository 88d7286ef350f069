"""A printed table of contents, taken out of the text.

A LaTeX book or article prints its contents after the title: one line per
heading, the title then its page number, beside it at the right margin
(KOMA-Script) or after dot leaders (memoir, the standard classes).  Plain
``pdftotext`` sets the numbers apart, in a column of their own after the
titles.  The lines are page furniture of the PDF: they are removed, and
each removal is recorded (kind ``contents``).

A run of at least :data:`MIN_ENTRIES` such lines is contents when its
entries are dot-leadered, or when each entry's title is printed again
later in the text on a line of its own (the heading it points to).
"""

from __future__ import annotations

import re

from ...report import CleaningReport
from .pages import Line

# An entry with dot leaders: "Title . . . . . 12" (the number may stand on
# a line of its own in plain pdftotext output).
_LEADERS = re.compile(r"^(?P<t>\S.*?)\s*(?:\.\s?){3,}\s*"
                      r"(?P<n>[0-9]{1,4}|[ivxlcdm]{1,7})?\s*$")
# An entry without leaders: "Title      12" or "Title 12".
_SPACED = re.compile(r"^(?P<t>\S.*?\S)\s+(?P<n>[0-9]{1,4}|[ivxlcdm]{1,7})$")
# A lone page number, as plain pdftotext prints the contents' numbers.
_NUMBER = re.compile(r"^(?:[0-9]{1,4}|[ivxlcdm]{1,7})$")
# The contents' own heading.
HEADING = re.compile(
    r"^(?:(?:table of )?contents|inhalt(?:sverzeichnis)?|sommaire|"
    r"table des mati[eè]res|[íi]ndice|contenidos?|indice|sumario|"
    r"inhoud(?:sopgave)?|spis treści|содержание|оглавление)$", re.I)

MIN_ENTRIES = 3
"""Fewest entries that make a contents table (two after a heading)."""
MAX_ENTRY = 300
"""Longest line read as an entry: longer ones are text (and a long line of
dots would cost the leaders' pattern quadratic time)."""


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def remove_contents(pages: list[list[Line | None]],
                    report: CleaningReport) -> None:
    """Blank the lines of printed contents tables in ``pages`` (in place)."""
    flat = [(p, k, x) for p, page in enumerate(pages)
            for k, x in enumerate(page) if x is not None]
    keys = [_key(x.text) for _, _, x in flat]
    last = {k: n for n, k in enumerate(keys)}  # where each line comes last
    i = 0
    while i < len(flat):
        run = _entries(flat, last, i)
        if not run:
            i += 1
            continue
        end = i + len(run)
        head = i > 0 and HEADING.match(flat[i - 1][2].text.strip())
        if len(run) < MIN_ENTRIES and not (head and len(run) >= 2):
            i = end
            continue
        # Plain pdftotext: the page numbers follow in a column.
        numbers = 0
        while end + numbers < len(flat) and numbers < len(run) + 1 and \
                _NUMBER.match(flat[end + numbers][2].text) and \
                any(m is None for m in run):
            numbers += 1
        start = i - 1 if head else i
        for p, k, x in flat[start:end + numbers]:
            report.remove("contents", x.text, x.n)
            pages[p][k] = None
        i = end + numbers


def _entries(flat: list[tuple[int, int, Line]], last: dict[str, int],
             i: int) -> list[re.Match[str] | None]:
    """The contents entries from ``flat[i]`` on (a match each, or None for
    a leadered entry without its number); empty when none begins there."""
    run: list[re.Match[str] | None] = []
    j = i
    while j < len(flat):
        text = flat[j][2].text
        if len(text) > MAX_ENTRY:
            break
        m = _LEADERS.match(text)
        if m:
            run.append(m if m.group("n") else None)
            j += 1
            continue
        m = _SPACED.match(text)
        # Without leaders, the title must come again later, alone.
        if m and last.get(_key(m.group("t")), -1) > j:
            run.append(m)
            j += 1
            continue
        break
    return run
