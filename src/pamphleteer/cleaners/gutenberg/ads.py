"""A publisher's advertisements at the end of a Gutenberg body: the
catalogue of other books, with their formats and prices, that a printed
book carried on its last pages ("SOME MUSICAL BOOKS ... Crown 8vo,
$6.00", "Popular Books for Young Readers ... 12mo, cloth, 75 cents").

Found by what its entries carry (a price, a book's format, "on receipt of
price"), never by its heading alone; where the catalogue starts is a
guess, so it is always said (``GUT011``) with its lines.  By default it is
kept as an ``advertisement`` division (credited "Publisher's
advertisement"); ``advertisements: drop`` removes it, each paragraph in
the report as deliberately removed (``advertisement``) with its line.
"""

from __future__ import annotations

import re

from typing import Any, Callable, Mapping

from ...errors import InputError
from ...model import Block, Division, Source
from ...report import CleaningReport
from . import body as B

OPTION = "advertisements"
CHOICES = ("keep", "drop")

# A price or a printed book's format: what a catalogue's entries carry.
_MONEY = (r"\$\s?\d+(?:\.\d\d)?|\b\d+\s*(?:cents|cts)\b\.?"
          r"|\b\d{1,2}s\.?\s*(?:\d{1,2}d\b\.?)?(?=[\s,;.]|$)")
_FORMAT = r"\b(?:4to|8vo|12mo|16mo|18mo|24mo|32mo|folio)\b"
_PHRASE = (r"\bon\s+receipt\s+of\s+(?:the\s+)?price|\bpost(?:age)?[- ]?"
           r"(?:paid|free|prepaid)\b|\bsent\s+(?:up)?on\s+application"
           r"|\bnet\.?$")
# A price column: dollars and cents after a run of spaces ("   1 25").
_COLUMN = r"(?:\s{3,}\$?\d{1,3} \d\d|\s\$?\d{0,3}\.\d\d)$"
PRICED = re.compile(f"{_MONEY}|{_FORMAT}|{_PHRASE}|{_COLUMN}",
                    re.IGNORECASE | re.MULTILINE)
_BOOKISH = re.compile(f"{_FORMAT}|{_PHRASE}|\\bcloth\\b|\\bvols?\\.|"
                      r"\bpages\b|\billustrated\b|\bpublishers?\b",
                      re.IGNORECASE)
# Unpriced blocks a catalogue holds between its entries (a description,
# a group's title, the publisher's address) before it is taken to end.
_GAP = 6
_MIN_PRICED = 3


def _priced(c: B.Chunk) -> bool:
    return bool(PRICED.search("\n".join(s.rstrip() for s in c.lines)))


def _price_list(c: B.Chunk) -> bool:
    """Titles each with its price, a line each ("Grandfather's Stories
    27 cents")."""
    return len(c.lines) > 1 and all(PRICED.search(s.rstrip())
                                    for s in c.lines if s.strip())


def find_tail(items: list[B.Chunk]) -> tuple[int, int] | None:
    """The chunks ``[start, end)`` of a catalogue that ends the body, or
    None.  Walking back from the end, priced entries with at most
    ``_GAP`` unpriced blocks between them; at least ``_MIN_PRICED`` of
    them, a third of the blocks at least, and a book's format or a
    publisher's phrase among them (prices alone may be the text's own:
    a household's accounts).  A short line right above the first entry
    is the catalogue's heading."""
    end = len(items)
    first = None
    priced = unpriced_run = 0
    j = end - 1
    while j >= 0:
        c = items[j]
        if c.kind:
            break
        if _priced(c):
            priced += 1
            unpriced_run = 0
            first = j
        elif not B.entries(c.lines):
            # (a column of bare numbers, "   65", may be prices or pages:
            # it neither counts nor ends the run)
            unpriced_run += 1
            if first is None and unpriced_run > _GAP:
                return None
            if unpriced_run > _GAP:
                break
        j -= 1
    if first is None or priced < _MIN_PRICED:
        return None
    if priced * 3 < end - first:
        return None
    if not any(_BOOKISH.search(c.text) for c in items[first:end]):
        return None
    if first > 0:
        head = items[first - 1]
        if not head.kind and len(head.lines) == 1 and \
                len(head.text.split()) <= 8 and not _priced(head) and \
                not head.text.rstrip().endswith((",", ";")):
            first -= 1
    return first, end


def choice(options: Mapping[str, Any], source: str) -> str:
    """The ``advertisements`` option's value (``keep`` unless said)."""
    value = options.get(OPTION, "keep")
    if value not in CHOICES:
        raise InputError(f"{source}: option {OPTION}: {value!r} is not one "
                         f"of {', '.join(CHOICES)}")
    return str(value)


def advertisement(chunks: list[B.Chunk], how: str, report: CleaningReport,
                  width: int, lines: Callable[[B.Chunk], Block],
                  prose: Callable[[B.Chunk], Block]) -> Division | None:
    """The catalogue's chunks as a division, or removed (``drop``); said
    either way with its lines (``GUT011``).  An entry's lines (a title
    over its format and price, a list of titles in a price column) are
    kept line by line; a description is a paragraph."""
    first, last = chunks[0].line, chunks[-1].line + len(chunks[-1].lines) - 1
    report.counts["advertisements"] += 1
    if how == "drop":
        for c in chunks:
            report.remove("advertisement", "\n".join(c.lines), c.line)
        report.problem("GUT011", f"lines {first} to {last} read as a "
                       "publisher's advertisements (other books with their "
                       "formats and prices) and removed "
                       f"({OPTION}: drop); check where they start", first)
        return None
    report.problem("GUT011", f"lines {first} to {last} read as a publisher's "
                   "advertisements (other books with their formats and "
                   "prices): kept, marked as such; check where they start, "
                   f"or leave them out with the option {OPTION}: drop", first)
    return Division("advertisement", tuple(
        lines(c) if B.entries(c.lines) or _price_list(c) or
        B.broken_early(c.lines, width) >= 0.5 else prose(c) for c in chunks),
                    credit="Publisher’s advertisement",
                    source=Source(report.file, first))
