"""A publisher's advertisements in a Gutenberg body: the catalogue of
other books, with their formats and prices, that a printed book carried on
its last pages ("SOME MUSICAL BOOKS ... Crown 8vo, $6.00", "Popular Books
for Young Readers ... 12mo, cloth, 75 cents") or before its title page
(the rates and the "OUR COMPLETE DESCRIPTIVE LIST" of a school edition),
and the list of the author's other books or of the series' volumes set in
the front matter or at the end ("BY THE SAME AUTHOR", "LIST OF VOLUMES"),
prices or none.

Found by what its entries carry (a price, a book's format, "on receipt of
price"), or for a list of titles by its heading, never by a heading over
prose; where such a run starts and ends is a guess, so it is always said
(``GUT011``) with its lines.  By default it is kept as an
``advertisement`` division (credited "Publisher's advertisement");
``advertisements: drop`` removes it, each paragraph in the report as
deliberately removed (``advertisement``) with its line.
"""

from __future__ import annotations

import re

from typing import Any, Callable, Mapping

from ...errors import InputError
from ...model import Block, Division, Source, ThematicBreak
from ...report import CleaningReport
from ...text import TITLE_PAGE_SIGN
from . import body as B

OPTION = "advertisements"
CHOICES = ("keep", "drop")

# A price or a printed book's format: what a catalogue's entries carry.
# A price in words ("Price, One Dollar", "Paper, Fifty cents").
_SUM = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
        r"fifteen|twenty|twenty-five|thirty|thirty-five|forty|fifty|"
        r"sixty|seventy-five|a|half\s+a)")
_MONEY = (r"\$\s?\d+(?:\.\d\d)?|\b\d+\s*(?:cents|cts)\b\.?"
          r"|\b\d{1,2}s\.?\s*(?:\d{1,2}d\b\.?)?(?=[\s,;.]|$)"
          rf"|\b{_SUM}\s+(?:dollars?|cents|shillings?|pence|guineas?)\b"
          rf"|\bprice[,:]?\s+(?:\$|\d|{_SUM}\b)")
_FORMAT = r"\b(?:4to|8vo|12mo|16mo|18mo|24mo|32mo|folio)\b"
_PHRASE = (r"\bon\s+receipt\s+of\s+(?:the\s+)?price|\bpost(?:age)?[- ]?"
           r"(?:paid|free|prepaid)\b|\bsent\s+(?:up)?on\s+application"
           r"|\bon\s+application,?\s+we\s+will\s+(?:mail|send)"
           r"|(?<![\w.])net\.?$")
# A price column: dollars and cents after a run of spaces ("   1 25").
# (the run of spaces starts after a character that is not one: a line of
# spaces is not tried at each of them)
_COLUMN = r"(?:(?<!\s)\s{3,}\$?\d{1,3} \d\d|\s\$?\d{0,3}\.\d\d)$"
PRICED = re.compile(f"{_MONEY}|{_FORMAT}|{_PHRASE}|{_COLUMN}",
                    re.IGNORECASE | re.MULTILINE)
_BOOKISH = re.compile(f"{_FORMAT}|{_PHRASE}|\\bcloth\\b|\\bvols?\\.|"
                      r"\bpages\b|\billustrated\b|\bpublishers?\b|"
                      r"\bcatalog(?:ue)?s?\b|\bcopies\b|\bbookstore\b",
                      re.IGNORECASE)
# What a page of a catalogue holds that a page of the text does not: a
# page right above the catalogue holding one of these is the catalogue's
# own ("PUBLICATIONS OF THE AMERICAN-SCANDINAVIAN FOUNDATION", "Send for
# BENJ. R. TUCKER'S Unique Catalogue").
_CATALOGUE_PAGE = re.compile(
    r"\b(?:catalog(?:ue)?d?|publications|bookstore|booksellers?|"
    r"publishers?|post-?paid|books\s+for\s+(?:boys|girls|young|children))\b",
    re.IGNORECASE)
# The heading of a list of other books set in the front matter or at the
# end, prices or none.
LIST_HEAD = re.compile(
    r"^(?:(?:also\s+)?by\s+the\s+same\s+(?:author|authoress|writer|"
    r"hand|editor|translator)|(?:also\s+by|(?:other|more|recent)\s+"
    r"(?:books|works|novels|stories|poems|plays|volumes)\s+by|(?:books|"
    r"works)\s+by)\s+(?:the\s+)?[A-Z].{1,50}|uniform\s+with\s+(?:this|"
    r"the\s+present|the\s+above)\s+(?:volume|book|edition|work)|"
    r"list\s+of\s+(?:the\s+)?volumes|(?:volumes|books)\s+(?:already\s+)?"
    r"(?:published|issued)|in\s+the\s+same\s+series|"
    r"(?:also\s+)?by\s+the\s+same\s+author\s+.{1,40})[.:]?$",
    re.IGNORECASE)
# Unpriced blocks a catalogue holds between its entries (a description,
# a group's title, the publisher's address) before it is taken to end.
_GAP = 6
_MIN_PRICED = 3
# Unpriced blocks a page of a catalogue parted into pages may hold.
_PAGE_GAP = 24


def _plain(line: str) -> str:
    """A line without the marks of italics and bold ("_Price, 10
    cents_")."""
    return re.sub(r"[_=~]", "", line).rstrip()


def _priced(c: B.Chunk) -> bool:
    return bool(PRICED.search("\n".join(_plain(s) for s in c.lines)))


def _price_list(c: B.Chunk) -> bool:
    """Titles each with its price, a line each ("Grandfather's Stories
    27 cents")."""
    return len(c.lines) > 1 and all(PRICED.search(_plain(s))
                                    for s in c.lines if s.strip())


def _stars(c: B.Chunk) -> bool:
    """A row of stars (or dashes): a break between pages or entries."""
    return len(c.lines) == 1 and bool(B.BREAK.match(c.lines[0].strip()))


def _neutral(c: B.Chunk) -> bool:
    """A row of stars between entries, or a column of bare numbers ("
    65", prices or pages): neither an entry nor the end of the run."""
    return _stars(c) or B.entries(c.lines)


def _producers(c: B.Chunk) -> bool:
    """The producers' words after a catalogue ("TRANSCRIBER'S NOTES:",
    "Errata noted by transcriber:"): not the catalogue's."""
    return bool(B.TRANSCRIBER.match(c.lines[0].strip())) or \
        c.kind in ("note", "note-part")


def _short(c: B.Chunk, lines: int = 6) -> bool:
    return len(c.lines) <= lines and len(c.text) <= 600


def _page_start(items: list[B.Chunk], k: int) -> bool:
    """Does chunk ``k`` open a page: three blank lines or more above it,
    a row of stars or the book's "THE END." right above it?"""
    return k == 0 or items[k].gap_before >= 3 or _stars(items[k - 1]) or \
        bool(B._THE_END.match(items[k - 1].text.strip()))


def find_tail(items: list[B.Chunk]) -> tuple[int, int] | None:
    """The chunks ``[start, end)`` of a catalogue that ends the body (but
    for the producers' notes after it), or None.  Walking back from the
    end, priced entries with at most ``_GAP`` unpriced blocks between
    them (rows of stars count for neither); at least ``_MIN_PRICED`` of
    them, a third of the blocks from the first to the last at least, and
    a book's format or a publisher's phrase among them (prices alone may
    be the text's own: a household's accounts).  The catalogue begins at
    the top of the page of its first entry, and takes in the pages above
    it that speak of catalogues or publications (all of short blocks);
    else a short line right above the first entry is its heading."""
    end = len(items)
    for j in range(len(items) - 1, max(-1, len(items) - 26), -1):
        if _priced(items[j]) or items[j].kind:
            break
        if B.TRANSCRIBER.match(items[j].lines[0].strip()):
            end = j  # the producers' notes after it
    first = last = None
    priced = unpriced_run = bare_pages = 0
    page_priced = paged = False
    j = end - 1
    while j >= 0:
        c = items[j]
        if c.kind:
            break
        if _stars(c) and first is not None:
            # a page of its own an entry with its praise: the gap between
            # two entries is counted in pages, one page without a price
            bare_pages += 0 if page_priced else 1
            if bare_pages > 1:
                break
            unpriced_run, page_priced, paged = 0, False, True
        elif _priced(c):
            priced += 1
            unpriced_run = 0
            page_priced = True
            first = j
            last = j if last is None else last
        elif not _neutral(c):
            unpriced_run += 1
            if first is None and unpriced_run > _GAP:
                return None
            # (once pages are seen, a page's praise may run longer: its
            # entry's price is looked for up to the page's top)
            if unpriced_run > (_PAGE_GAP if paged else _GAP):
                break
        j -= 1
    if first is None or last is None or priced < _MIN_PRICED:
        return None
    if not _dense(items[first:last + 1]):
        return None
    if not any(_BOOKISH.search(_plain(c.text)) for c in items[first:end]):
        return None
    first = _catalogue_top(items, first)
    while end > first and _stars(items[end - 1]):
        end -= 1  # a row of stars closing it is not its
    return first, end


def _dense(run: list[B.Chunk]) -> bool:
    """Are a third of a run's blocks priced entries, or, where rows of
    stars part it into pages (an entry with its description and the
    press's praise a page), half of its pages priced?"""
    pages: list[list[B.Chunk]] = [[]]
    for c in run:
        if _stars(c):
            pages.append([])
        elif not _neutral(c):
            pages[-1].append(c)
    pages = [pg for pg in pages if pg]
    if len(pages) >= 3:
        return 2 * sum(1 for pg in pages if any(_priced(c) for c in pg)) \
            >= len(pages)
    blocks = [c for pg in pages for c in pg]
    return 3 * sum(1 for c in blocks if _priced(c)) >= len(blocks)


def _catalogue_top(items: list[B.Chunk], first: int) -> int:
    """Where a catalogue whose first priced entry is ``first`` begins: the
    top of that entry's page (its blocks short), then any page right above
    made of short blocks that speaks of catalogues or publications; else
    a short line right above the entry."""
    k = first
    while k > 0 and not _page_start(items, k) and first - k < 12 and \
            not items[k - 1].kind and _short(items[k - 1]):
        k -= 1
    if not _page_start(items, k):
        k = first
        if first > 0:
            head = items[first - 1]
            if not head.kind and len(head.lines) == 1 and \
                    len(head.text.split()) <= 8 and not _priced(head) and \
                    not head.text.rstrip().endswith((",", ";")):
                k = first - 1
        return k
    while k > 0:
        top = k - 1
        while top >= 0 and _stars(items[top]):
            top -= 1  # the row of stars between two pages
        if top < 0:
            break
        start = top
        while start > 0 and not _page_start(items, start) and \
                top - start < 12:
            start -= 1
        page = items[start:top + 1]
        if not _page_start(items, start) or \
                any(c.kind or not _short(c) for c in page) or \
                not any(_CATALOGUE_PAGE.search(_plain(c.text)) or _priced(c)
                        for c in page):
            break
        k = start
    return k


def front_limit(items: list[B.Chunk], typical_gap: int,
                width: int = 72) -> int:
    """Where the text opens, as far as the front matter goes: the first
    numbered or named heading ("CHAPTER I.", "PREFACE"), a note, or a
    paragraph of eight lines or more; 60 chunks at most."""
    for k, c in enumerate(items[:60]):
        found = B.heading_kind(c, typical_gap)
        if c.kind or (found and found[1] in ("keyword", "named")):
            return k
        if len(c.lines) >= 8 and B.broken_early(c.lines, width) < 0.5 and \
                not _priced(c):
            return k
    return min(len(items), 60)


def find_front(items: list[B.Chunk], typical_gap: int, width: int
               ) -> tuple[int, int] | None:
    """The chunks ``[start, end)`` of a publisher's notice or catalogue
    before the text opens (Arbor Day Leaves' rates "WILL BE SUPPLIED TO
    ... 10 cents", then "OUR COMPLETE DESCRIPTIVE LIST"), or None: two
    priced blocks at least, a book's format or a publisher's word among
    them, at most ``_GAP`` other blocks between two of them.  It starts up
    to three short blocks above its first entry (its heading, "WILL BE
    SUPPLIED TO"), not past a page's top nor a line only a title page
    prints (the publisher closing the cover above it), and ends at the
    end of its last entry's page."""
    limit = front_limit(items, typical_gap, width)
    hits = [k for k in range(limit) if not items[k].kind and
            not B.CREDITS.match(items[k].lines[0].strip()) and
            not items[k].lines[0].lstrip().startswith("[") and
            _priced(items[k])]
    if len(hits) < 2:
        return None
    run = [hits[0]]
    for k in hits[1:]:
        between = sum(1 for c in items[run[-1] + 1:k] if not _neutral(c))
        if between > _GAP:
            break
        run.append(k)
    if len(run) < 2:
        return None
    first, last = run[0], run[-1]
    if not any(_BOOKISH.search(_plain(c.text)) for c in items[first:last + 1]):
        return None
    start = first
    while start > 0 and first - start < 3 and not _page_start(items, start):
        above = items[start - 1]
        if above.kind or len(above.lines) > 2 or B.CREDITS.match(
                above.lines[0].strip()) or any(
                TITLE_PAGE_SIGN.search(_plain(s).strip())
                for s in above.lines):
            break
        start -= 1
    end = last + 1
    while end < limit and end - last <= 3 and not _page_start(items, end) \
            and _short(items[end], 3) and not _stops_front(items[end],
                                                            typical_gap):
        end += 1
    return start, end


def _stops_front(c: B.Chunk, typical_gap: int) -> bool:
    """Does a block end a publisher's pages in the front matter: a
    picture (the frontispiece), the contents, a heading, the producers'
    note?"""
    head = c.lines[0].strip()
    found = B.heading_kind(c, typical_gap)
    return bool(c.kind or B.ILLUSTRATION.match(head) or
                B.CONTENTS.match(head) or B.TRANSCRIBER.match(head) or
                (found and found[1] in ("keyword", "named")))


def find_lists(items: list[B.Chunk], typical_gap: int, width: int,
               taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lists of other books under their heading ("BY THE SAME AUTHOR",
    "LIST OF VOLUMES", "UNIFORM WITH THIS VOLUME"), prices or none, in
    the front matter or ending the body: the heading and the lines of
    titles under it, to the page's end, a line only a title page prints
    ("All rights reserved") or a block that is not a list.  Ranges
    ``[start, end)``, none inside ``taken``."""
    limit = front_limit(items, typical_gap, width)
    out: list[tuple[int, int]] = []
    for k, c in enumerate(items):
        if k >= limit and k < len(items) - 40:
            continue
        if c.kind or len(c.lines) > 2 or any(a <= k < b for a, b in taken):
            continue
        head = _plain(" ".join(s.strip() for s in c.lines)).strip()
        if not LIST_HEAD.match(head):
            continue
        end = k + 1
        entries = 0
        while end < len(items) and not items[end].kind and \
                not _listing_stops(items, end):
            e = items[end]
            rows = [s for s in e.lines if s.strip()]
            if len(rows) > 80 or any(len(_plain(s).strip()) > 75
                                     for s in rows) or \
                    (len(rows) > 2 and B.broken_early(e.lines, width) < 0.5
                     and not _priced(e)):
                break
            entries += len(rows)
            end += 1
        if entries < 2:
            continue
        if k >= limit and not all(_producers(x) or _neutral(x) or
                                  any(a <= j < b for a, b in taken)
                                  for j, x in enumerate(items[end:], end)):
            continue  # at the end, a list must close the body
        out.append((k, end))
    return out


def _listing_stops(items: list[B.Chunk], k: int) -> bool:
    """Does chunk ``k`` end a list of books: it opens a page, or is a line
    only a title page prints ("All rights reserved"), or the producers'."""
    c = items[k]
    return _page_start(items, k) or _stars(c) or _producers(c) or any(
        TITLE_PAGE_SIGN.search(_plain(s).strip()) for s in c.lines)


def choice(options: Mapping[str, Any], source: str) -> str:
    """The ``advertisements`` option's value (``keep`` unless said)."""
    value = options.get(OPTION, "keep")
    if value not in CHOICES:
        raise InputError(f"{source}: option {OPTION}: {value!r} is not one "
                         f"of {', '.join(CHOICES)}")
    return str(value)


def advertisement(chunks: list[B.Chunk], how: str, report: CleaningReport,
                  width: int, lines: Callable[[B.Chunk], Block],
                  prose: Callable[[B.Chunk], Block],
                  what: str = "") -> Division | None:
    """The catalogue's chunks as a division, or removed (``drop``); said
    either way with its lines (``GUT011``).  An entry's lines (a title
    over its format and price, a list of titles in a price column) are
    kept line by line; a description is a paragraph."""
    first, last = chunks[0].line, chunks[-1].line + len(chunks[-1].lines) - 1
    what = what or "a publisher's advertisements (other books with their " \
        "formats and prices)"
    report.counts["advertisements"] += 1
    if how == "drop":
        for c in chunks:
            report.remove("advertisement", "\n".join(c.lines), c.line)
        report.problem("GUT011", f"lines {first} to {last} read as {what} "
                       f"and removed ({OPTION}: drop); check where they "
                       "start and end", first)
        return None
    report.problem("GUT011", f"lines {first} to {last} read as {what}: "
                   "kept, marked as such; check where they start and end, "
                   f"or leave them out with the option {OPTION}: drop", first)
    blocks: list[Block] = []
    for c in chunks:
        if _stars(c):  # a row of stars between its pages
            report.remove("break-mark", c.lines[0].strip(), c.line)
            blocks.append(ThematicBreak(Source(report.file, c.line)))
        elif B.entries(c.lines) or _price_list(c) or \
                B.broken_early(c.lines, width) >= 0.5:
            blocks.append(lines(c))
        else:
            blocks.append(prose(c))
    return Division("advertisement", tuple(blocks),
                    credit="Publisher’s advertisement",
                    source=Source(report.file, first))
