"""Columns side by side in ``pdftotext -layout`` output, read one after
the other.

``-layout`` keeps a page's geometry: a page of two or three columns comes
out with the columns side by side on each line, the gutter between them a
run of spaces at the same place on every line.  Read line by line, the
columns would be woven together ("This section of the FEDERAL REGISTER •
Federal eRulemaking Portal: Go to proposal, explain ...") with every word
kept, which the conservation check cannot see.  So each page is searched
for gutters first:

* a gutter is a run of at least :data:`MIN_GUTTER` character positions
  where at most :data:`STRAY` of the page's text lines hold any letter
  (a heading or a title set across the columns may), with text on both
  sides of it on at least :data:`SIDE_SHARE` of the lines;
* each line is cut into pieces at runs of two spaces or more, a piece
  going to the column it starts in; a piece set across a gutter (a
  heading or a title over the columns), and a first or last line that
  comes back on three pages or more (a running head, the printer's line),
  keep their line whole, in its place, and cut the page into bands;
* inside a band, the first column's lines are read, then the second's,
  and so on, each keeping its raw line number and its indentation from
  its column's own left edge; a column's blank lines are kept only where
  a sentence ends before and another begins after (``-layout`` adds
  blank lines where the columns' lines do not fall at the same heights);
* each column's notes (a note's number after a blank line, in the page's
  lower two thirds) follow the last column's text, where the page's notes
  are looked for;
* a page of fewer than :data:`MIN_LINES` text lines is left as it is.

Every page read so is counted (``columns-split``) and said in the report
(``PDF013``: which pages, how many columns), for a reader to check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet

from ...report import CleaningReport
from .pages import NOTE_START

MIN_GUTTER = 2
"""Fewest blank character positions between two columns."""
STRAY = 0.06
"""Largest share of a page's text lines allowed to cross a gutter."""
SIDE_SHARE = 0.3
"""Smallest share of a page's text lines with text on each side."""
MIN_LINES = 8
"""Fewest text lines of a page searched for columns."""

Raw = tuple[int, str, bool]
"""A raw line: its number, its text, whether a form feed came before it."""


def split_columns(lines: list[Raw], report: CleaningReport) -> list[Raw]:
    """The raw lines with each page's columns one after the other."""
    out: list[Raw] = []
    said: list[str] = []
    pages: list[list[Raw]] = [[]]
    for item in lines:
        if item[2] and pages[-1]:
            pages.append([])
        pages[-1].append(item)
    # The first and last lines that come back on three pages or more
    # (a running head, a printer's line at the foot): set across the
    # page, never cut into columns.
    ends = Counter(_shape(t) for page in pages
                   for t in _edge_lines(page))
    whole = {k for k, v in ends.items() if v >= 3}
    for page in pages:
        out.extend(_page(page, said, whole))
    if said:
        report.counts["columns-split"] += len(said)
        report.problem(
            "PDF013", "pages laid out in columns side by side (pdftotext "
            "-layout) read one column after the other: "
            + ", ".join(said[:12]) + (" ..." if len(said) > 12 else "")
            + "; check the order where a column breaks", lines[0][0]
            if lines else 0)
    return out


def gutters(texts: list[str]) -> list[tuple[int, int]]:
    """The gutters of a page's lines: ``(start, end)`` character ranges,
    left to right (none for a page of one column)."""
    full = [t.rstrip() for t in texts if t.strip()]
    if len(full) < MIN_LINES:
        return []
    width = max(len(t) for t in full)
    ink = [0] * (width + 1)
    for t in full:
        for x, ch in enumerate(t):
            if not ch.isspace():
                ink[x] += 1
    first = [len(t) - len(t.lstrip()) for t in full]
    stray = STRAY * len(full)
    runs: list[tuple[int, int]] = []
    x = 0
    while x <= width:
        if ink[x] <= stray:
            start = x
            while x <= width and ink[x] <= stray:
                x += 1
            runs.append((start, x))
        else:
            x += 1
    found: list[tuple[int, int]] = []
    for start, end in runs:
        if end - start < MIN_GUTTER or end > width:
            continue  # too narrow, or the right margin
        # text on both sides: words, not a column of page numbers (a
        # contents page) or of figures
        left = sum(1 for t, f in zip(full, first)
                   if f < start and _wordy(t[:start]))
        right = sum(1 for t in full if len(t) > end and _wordy(t[end:]))
        if left >= SIDE_SHARE * len(full) and \
                right >= SIDE_SHARE * len(full):
            found.append((start, end))
    return found


EDGE_SHARE = 0.2
"""Smallest share of a page's text lines with words on both sides of a
column's edge (see :func:`edge`)."""
MIN_EDGE_LINES = 8
"""Fewest such lines."""


def edge(texts: list[str]) -> int | None:
    """Where a second column begins on a page whose gutter ``-layout``
    closed to one space (or none) on some lines, so that no strip is
    empty: the position in the page's middle half where most lines have a
    word (ten letters or more on to the line's end) start after a space,
    with words on its left too; trusted when :data:`EDGE_SHARE` of the
    page's lines (:data:`MIN_EDGE_LINES` at least) do so, at least twice
    as many as run a word across it to their end, and more than at any other position
    by a quarter."""
    full = [t.rstrip() for t in texts if t.strip()]
    if len(full) < MIN_LINES:
        return None
    width = max(len(t) for t in full)
    both: Counter[int] = Counter()
    for t in full:
        for x in range(width // 4, min(len(t), 3 * width // 4)):
            if t[x - 1] == " " and t[x] != " " and _wordy(t[:x]) and \
                    _wordy(t[x:]):
                both[x] += 1
    if not both:
        return None
    ranked = both.most_common(2)
    x, n = ranked[0]
    # (a line running on past the edge to a piece further right is the
    # left column's, wider at the page's foot: its notes)
    across = sum(1 for t in full if len(t) > x and t[x - 1] != " "
                 and t[x] != " " and not _GAP.search(t, x))
    if n < max(MIN_EDGE_LINES, EDGE_SHARE * len(full)) or n < 2 * across \
            or len(ranked) > 1 and ranked[1][1] * 1.25 > n:
        return None
    return x


_GAP = re.compile(r"\s{2,}")


def _segments(text: str, edges: AbstractSet[int] = frozenset()
              ) -> list[tuple[int, int, str]]:
    """A line's pieces set apart by two spaces or more, or by one space
    just left of a column's edge (an ``edges`` position): (start, end,
    text)."""
    out, pos = [], 0
    gaps = [(m.start(), m.end()) for m in _GAP.finditer(text)]
    gaps += [(x - 1, x) for x in edges
             if 1 < x < len(text) and text[x - 1] == " "
             and text[x - 2] != " " and text[x] != " "]
    for start, end in sorted(gaps):
        if start < pos:
            continue
        if text[pos:start].strip():
            out.append((pos, start, text[pos:start]))
        pos = end
    if text[pos:].strip():
        out.append((pos, len(text.rstrip()), text[pos:].rstrip()))
    return out


_BROKEN = re.compile(r"\w- (?=\w)")
_ENDS = ".,;:!?”’)"
HYPHEN_REACH = 8
"""How far left of a column's edge a line broken at a hyphen may end."""


def _closed_gutters(text: str, pieces: list[tuple[int, int, str]],
                    cuts: list[tuple[int, int]]
                    ) -> list[tuple[int, int, str, int]]:
    """Pieces of a line, each with its column when a cut here gave it
    (-1: the column it starts in).

    A piece running across a gutter that ``-layout`` closed is cut where a
    column's line plainly ends: after a word broken at a hyphen and one
    space, up to :data:`HYPHEN_REACH` characters left of the edge (the
    right column's line then starts left of its edge: ``di- fied``), or
    at the edge itself when a punctuation mark ends the left part and a
    letter begins the right (no space at all: ``struggles.universal``).
    """
    out: list[tuple[int, int, str, int]] = []
    for a, b, piece in pieces:
        for k, (s, e) in enumerate(cuts):
            if not (a < s and b > e):
                continue
            at = None
            for m in _BROKEN.finditer(text, max(a, e - HYPHEN_REACH), e + 1):
                at = m.end()
            if at is None and text[e - 1] in _ENDS and text[e].isalpha():
                at = e
            if at is not None:
                out.append((a, at, text[a:at].rstrip(), -1))
                out.append((at, b, text[at:b], k + 1))
                break
        else:
            out.append((a, b, piece, -1))
    return out


def _shape(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).split()).casefold()


def _edge_lines(page: list[Raw]) -> list[str]:
    texts = [t for _, t, _ in page if t.strip()]
    return texts[:1] + texts[-1:] if len(texts) > 1 else texts


def _wordy(text: str) -> bool:
    """Ten letters or more: a column's line, not a number or a mark."""
    return sum(1 for ch in text if ch.isalpha()) >= 10


def _page(page: list[Raw], said: list[str],
          whole: AbstractSet[str] = frozenset()) -> list[Raw]:
    cuts = gutters([t for _, t, _ in page])
    if not cuts:
        x = edge([t for _, t, _ in page])
        if x is None:
            return page
        cuts = [(x - 1, x)]
    said.append(f"the page at line {page[0][0]} ({len(cuts) + 1} columns)")
    ncol = len(cuts) + 1
    # Where each column after the first begins: a line whose gutter
    # -layout closed to one space is cut there, and only there.
    edges = frozenset(e for _, e in cuts)

    def column(x: int) -> int:
        """The column a piece starting at ``x`` belongs to (one starting
        in a gutter, to the column on its right)."""
        return sum(1 for s, _ in cuts if s <= x)

    def spans(a: int, b: int) -> bool:
        """A piece from ``a`` to ``b`` set across a gutter."""
        return any(a < s and b > e for s, e in cuts)

    # Each line's pieces by column; a piece set across a gutter (a heading
    # or a title over the columns) marks its line as crossing.
    rows: list[tuple[int, list[list[tuple[int, str]]], bool]] = []
    for row, (n, text, _) in enumerate(page):
        cols: list[list[tuple[int, str]]] = [[] for _ in range(ncol)]
        cross = False
        pieces = _closed_gutters(text, _segments(text, edges), cuts)
        for j, (a, b, piece, c) in enumerate(pieces):
            # (a piece running past one gutter in the page's lower half,
            # the next piece beyond it, is its column's, wider there: a
            # note at the page's foot; a running head and its folio are
            # set across)
            over = [k for k, (s, e) in enumerate(cuts) if a < s and b > e]
            cross = cross or c < 0 and bool(over) and not (
                2 * row > len(page) and len(over) == 1 and j + 1 < len(pieces)
                and pieces[j + 1][0] >= cuts[over[0]][1])
            cols[column(a) if c < 0 else c].append((a, piece))
        cross = cross or (bool(text.strip()) and _shape(text) in whole)
        rows.append((n, cols, cross))
    # Each column's own left edge (where most of its pieces start).
    bases = []
    for c in range(ncol):
        starts = Counter(p[0][0] for _, cols, cross in rows
                         if not cross for p in [cols[c]] if p)
        bases.append(starts.most_common(1)[0][0] if starts else 0)
    # Where each column's notes begin: a note's number after a blank.
    foot = [len(rows)] * ncol
    for c in range(ncol):
        for k in range(len(rows) - 1, len(rows) // 3, -1):
            here, above = rows[k][1][c], rows[k - 1][1][c]
            if here and not above and NOTE_START.match(here[0][1]):
                foot[c] = k
    first_foot = min(foot)

    def text_of(n: int, pieces: list[tuple[int, str]], c: int) -> Raw:
        if not pieces:
            return (n, "", False)
        lead = bases[0] + max(0, pieces[0][0] - bases[c])
        return (n, " " * lead + " ".join(x.strip() for _, x in pieces),
                False)

    out: list[Raw] = []
    feet: list[Raw] = []
    band: list[int] = []

    def flush(end: bool) -> None:
        for c in range(ncol):
            idx = [k for k in band if k < foot[c]] if end else band
            part = [text_of(rows[k][0], rows[k][1][c], c) for k in idx]
            whole = [" ".join(x for col in rows[k][1] for _, x in col)
                     for k in idx]
            part = _trimmed(_fillers_out(part, whole))
            out.extend(part)  # (a column goes on where the last ended)
            if end:
                idx = [k for k in range(foot[c], len(rows))
                       if not rows[k][2]]  # (lines across: the tail)
                notes = [text_of(rows[k][0], rows[k][1][c], c) for k in idx]
                whole = [" ".join(x for col in rows[k][1] for _, x in col)
                         for k in idx]
                feet.extend(_trimmed(_fillers_out(notes, whole)))
        band.clear()

    tail: list[Raw] = []
    for k, (n, _, cross) in enumerate(rows):
        if cross and k < first_foot:
            flush(False)
            out.append((n, page[k][1].rstrip(), False))
        elif cross:
            # across the page under the notes: the page's foot line
            tail.append((n, page[k][1].rstrip(), False))
        else:
            band.append(k)
    flush(True)
    if feet:
        out.append((feet[0][0], "", False))
        out.extend(feet)
    if tail:
        out.append((tail[0][0], "", False))
        out.extend(tail)
    if out:
        out[0] = (out[0][0], out[0][1], page[0][2])
    return out


def _trimmed(part: list[Raw]) -> list[Raw]:
    """A column's lines without the blank lines at its ends."""
    a, b = 0, len(part)
    while a < b and not part[a][1].strip():
        a += 1
    while b > a and not part[b - 1][1].strip():
        b -= 1
    return part[a:b]


def _foot(part: list[Raw]) -> int:
    """Where a column's notes begin: the last note line (a number, then
    the note) after a blank line, from which on every line starting the
    column's indentation or less opens a note too; the column's end when
    it has none."""
    at = len(part)
    for j in range(len(part) - 1, 0, -1):
        if not part[j - 1][1].strip() and NOTE_START.match(
                part[j][1].lstrip()):
            at = j
    return at


def _fillers_out(part: list[Raw], whole: list[str]) -> list[Raw]:
    """A column's blank lines: ``-layout`` adds them when the columns'
    lines do not fall at the same heights (``whole`` has the line's text
    in every column), and most are no paragraph break.  One is kept where
    the text before it ends a sentence and the text after it begins one."""
    keep: list[Raw] = []
    texts = [t for _, t, _ in part]
    for j, item in enumerate(part):
        if item[1].strip():
            keep.append(item)
            continue
        before = next((t for t in reversed(texts[:j]) if t.strip()), "")
        after = next((t for t in texts[j + 1:] if t.strip()), "")
        ends = before.rstrip()[-1:] in ".!?:;”\"’)»"
        begins = after.lstrip()[:1].isupper() or after.lstrip()[:1] in \
            "“\"‘«(•–—-" or after.lstrip()[:1].isdigit()
        if ends and begins:
            keep.append(item)
    return keep
