"""The frame of a Project Gutenberg plain text: header, body and footer.

Project Gutenberg has wrapped its texts in three generations of boilerplate:

- 1990s-2002: a long header with "the small print" licence, ending with a
  line such as ``*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.12.12.00
  *END*``, and a closing ``End of Project Gutenberg Etext of ...`` line;
- 2003-2020: ``*** START OF THIS PROJECT GUTENBERG EBOOK TITLE ***`` (also
  ``***START OF THE PROJECT GUTENBERG EBOOK TITLE***``) and the matching
  ``*** END OF ...`` marker, the full licence after the end;
- from 2021: ``*** START OF THE PROJECT GUTENBERG EBOOK TITLE ***``.

The header above the start marker holds ``Key: value`` fields (``Title:``,
``Author:``, ``Translator:``, ``Release Date:``, ``Language:``...), some of
them continued on the following lines.  :func:`split_frame` finds the body
between the markers; :func:`header_fields` reads the fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "***START OF THIS
# PROJECT GUTENBERG EBOOK X***", "*** START OF THE PROJECT GUTENBERG E-TEXT";
# a few files lose the trailing stars or put the title on the next line.
START = re.compile(r"^\s*\*{1,3}\s*START\s+OF\s+(?:THE|THIS)\s+PROJECT\s+"
                   r"GUTENBERG\s+E-?(?:BOOK|TEXT)\b", re.IGNORECASE)
# The matching end marker (one to three stars: "*END OF THE PROJECT...").
END = re.compile(r"^\s*\*{1,3}\s*END\s+OF\s+(?:THE|THIS)\s+PROJECT\s+"
                 r"GUTENBERG\s+E-?(?:BOOK|TEXT)\b", re.IGNORECASE)
# The end of the 1990s "small print" header: "*END*THE SMALL PRINT! FOR
# PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*", "*END THE SMALL PRINT! ...".
SMALL_PRINT_END = re.compile(r"^\s*\*\s*END\s*\*?\s*THE\s+SMALL\s+PRINT",
                             re.IGNORECASE)
# The closing line of the body in every era: "End of the Project Gutenberg
# EBook of X", "End of Project Gutenberg's X", "End of Project Gutenberg
# Etext of X".
END_LINE = re.compile(r"^\s*(?:\*+\s*)?(?:End\s+of\s+(?:the\s+|this\s+)?"
                      r"Project\s+Gutenberg(?:'s|’s)?\b|Ende\s+dieses\s+"
                      r"Projekt\s+Gutenberg)", re.IGNORECASE)
# Lines only a header has, for files of about 1998-2003 that have no start
# marker (their licence is at the end): the stars line, the fields, the
# notices about the file.
HEADERISH = re.compile(
    r"^\s*\*{3,}.*\*{3,}\s*$|Project\s+Gutenberg|\bE-?(?:text|book)s?\b|"
    r"^\s*(?:Title|Author|Translator|Editor|Release\s+Date|Edition|"
    r"Language|Character\s+set\s+encoding|Posting\s+Date)\s*:|"
    r"^\s*\[(?:Date\s+last\s+updated|Most\s+recently\s+updated|This\s+"
    r"file\s+was\s+first\s+posted|Yes,\s+we\s+are)", re.IGNORECASE)
# The opening line of the header: "The Project Gutenberg eBook of X, by Y",
# "Project Gutenberg Etext of X, by Y", "The Project Gutenberg EBook of X".
FIRST_LINE = re.compile(
    r"^\W*(?:The\s+)?Project\s+Gutenberg(?:'s|’s)?\s+E-?(?:book|text)"
    r"\s*,?\s*(?:of\s+)?(?P<title>.+?)(?:,\s+by\s+(?P<author>.+?)|"
    # the 1990s' "The Project Gutenberg Etext of The Devil's Dictionary by
    # Bierce", without the comma: a name after "by" (capitalised words)
    r"\s+by\s+(?P<name>(?:(?-i:[A-Z])[\w.'’-]*\s*){1,4}))?\s*$",
    re.IGNORECASE)
# A header field: "Title: X", "Release date: May 8, 2007 [eBook #3261]".
FIELD = re.compile(r"^(?P<key>[A-Z][A-Za-z ]{1,30}?)\s*:\s*(?P<value>.*)$")
# The fields a header may hold, lower case, with the name we keep.
KEYS = {
    "title": "title", "author": "author", "authors": "author",
    "translator": "translator", "translators": "translator",
    "editor": "editor", "editors": "editor", "illustrator": "illustrator",
    "contributor": "contributor", "commentator": "commentator",
    "release date": "release-date", "release date of this ebook": "release-date",
    "posting date": "posting-date", "first posted": "first-posted",
    "date first posted": "first-posted", "last updated": "last-updated",
    "most recently updated": "last-updated", "language": "language",
    "character set encoding": "encoding", "credits": "credits",
    "produced by": "credits", "original publication": "original-publication",
    "edition": "edition", "series": "series",
}
# "[eBook #3261]", "[Etext #3261]", "[EBook #19778]".
EBOOK_NUMBER = re.compile(r"\[\s*E-?(?:book|text)\s*#\s*(\d+)\s*\]",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Frame:
    """Where the body of a Gutenberg text lies (0-based line indices)."""

    body_start: int
    """First line of the body (after the start marker)."""
    body_end: int
    """One past the last line of the body (the footer starts here)."""
    start_marker: int
    """Line of the start marker, -1 when there is none."""
    end_marker: int
    """Line of the end marker (or closing line), -1 when there is none."""
    era: str
    """``small-print`` (before 2003), ``start-marker`` (later),
    ``header-only`` (a header without a start marker, about 1998-2003), or
    ``unmarked`` when nothing was found."""


def split_frame(lines: list[str]) -> Frame:
    """Find the header, body and footer of a Gutenberg text."""
    n = len(lines)
    end = -1
    for i, line in enumerate(lines):
        if END.match(line):
            end = i
            break
    if end < 0:
        # No end marker: the "End of the Project Gutenberg Etext" line is
        # the end, wherever it stands (the small print may follow it).
        for i in range(n - 1, -1, -1):
            if END_LINE.match(lines[i]):
                end = i
                break
    limit = end if end >= 0 else n
    start, era = -1, "unmarked"
    for i in range(limit):
        if START.match(lines[i]):
            start, era = i, "start-marker"
        elif SMALL_PRINT_END.match(lines[i]) and start < 0:
            start, era = i, "small-print"
    # The closing "End of the Project Gutenberg EBook of X" line stands just
    # before the end marker (or is the only end in old files): search back
    # from the end marker, over at most a few lines of text.
    body_end = limit
    search_from = limit - 1
    seen = 0
    for i in range(search_from, max(start, -1), -1):
        if END_LINE.match(lines[i]):
            body_end = i
            if end < 0:
                end = i
            break
        if lines[i].strip():
            seen += 1
            if seen > (6 if end >= 0 else 40):
                break
    if start < 0 and (end >= 0 or _first_line(lines)):
        # No start marker, but a Gutenberg header: the body starts after its
        # last header line among the first lines (the search stops at 25
        # lines of text without one: the text has begun).
        last, since = -1, 0
        for i in range(min(400, limit)):
            if HEADERISH.search(lines[i]):
                last, since = i, 0
            elif lines[i].strip():
                since += 1
                if since > 25:
                    break
        if last >= 0:
            start, era = last, "header-only"
    body_start = start + 1 if start >= 0 else 0
    # A title continued on the line after "*** START OF ... EBOOK" (rare):
    # the marker's own closing stars are then on that line.
    if start >= 0 and "***" not in lines[start].strip()[3:] and \
            body_start < body_end and lines[body_start].strip().endswith("***"):
        body_start += 1
    return Frame(body_start, max(body_start, body_end), start, end, era)


def _first_line(lines: list[str]) -> bool:
    """True when the file opens like a Gutenberg header."""
    for line in lines[:5]:
        if line.strip():
            return bool(FIRST_LINE.match(line.strip()))
    return False


@dataclass(frozen=True)
class Field:
    """A header field with its raw lines."""

    key: str
    """Normalised key (``title``, ``author``, ``release-date``...)."""
    lines: tuple[str, ...]
    """The value's lines: the first line's value, then continuations."""
    line: int
    """0-based line of the key."""


def header_fields(lines: list[str]) -> tuple[list[Field], set[int]]:
    """The ``Key: value`` fields of a header and the lines they use.

    A field continues on the next lines while they are not blank and not
    another field (``Title: News from Nowhere`` / ``or An Epoch of Rest``).
    """
    fields: list[Field] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        m = FIELD.match(lines[i].strip())
        key = KEYS.get(m.group("key").strip().lower()) if m else None
        if not m or not key:
            i += 1
            continue
        values = [m.group("value").strip()]
        used.add(i)
        j = i + 1
        while j < len(lines) and lines[j].strip():
            nxt = FIELD.match(lines[j].strip())
            if nxt and KEYS.get(nxt.group("key").strip().lower()):
                break
            if lines[j].lstrip().startswith(("***", "*END")):
                break
            values.append(lines[j].strip())
            used.add(j)
            j += 1
        fields.append(Field(key, tuple(v for v in values if v), i))
        i = j
    return fields, used
