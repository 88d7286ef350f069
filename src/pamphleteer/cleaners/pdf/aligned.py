"""Tables without vertical rules: cells told apart by their alignment.

PyMuPDF's table finder sees only grids drawn both ways.  Papers set
their tables ruled only across (LaTeX's booktabs: a rule above, one under
the head, one below), and word processors and browsers set them with no
rule at all, the columns only lined up.  Read as text, such a table's
cells became separate lines scattered by the reading order (a column's
numbers read as a quotation, rows interleaved).

Here a table is guessed from the words' positions, and every guess is
said (``PDF016``, its page and first line):

* **Ruled across**: between horizontal rules of one width (two at least,
  top and bottom; a rule between them ends the head), the rows of text
  (words on a shared baseline) whose words leave the same vertical strips
  empty in every row of the body: each strip is a column's border.  Cells
  of prose (long, or no strip) are no table: left as text.
* **No rule**: three rows or more one under the other, each with a gap
  between words wider than an em, whose words leave common strips at
  least 0.8 em wide, short cells (five words a cell on average), and strips
  that the page's other lines cross (else they are the gutter of two
  columns of text, which the reading order handles).

Each printed row is one row of the table; a cell wrapped over two lines
stays two rows (said in the warning).  Words are split at their own
positions (MuPDF's characters), so a span the extractor ran across two
cells is cut between them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .extract import _MARKER, LIGATURES, SOFT, Line, PageInfo, Span

RULED_STRIP = 0.3
"""Ems: the narrowest empty strip between columns under rules."""
BARE_STRIP = 0.8
"""Ems: the narrowest empty strip between columns with no rule."""
BARE_GAP = 1.0
"""Ems: a gap between words this wide makes a row a candidate."""


def _chars(page) -> dict[int, list[tuple[float, float, float, str, float]]]:
    """Every character of the page, (x0, x1, baseline, char, size), by
    its baseline's whole point."""
    import pymupdf

    flags = pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
    out: dict[int, list] = {}
    for b in page.get_text("rawdict", flags=flags)["blocks"]:
        for ln in b.get("lines", ()):
            for s in ln["spans"]:
                for c in s["chars"]:
                    out.setdefault(int(c["origin"][1]), []).append(
                        (c["bbox"][0], c["bbox"][2], c["origin"][1], c["c"],
                         s["size"]))
    return out


def _words(spans: list[Span], chars) -> list[tuple[float, float, Span, str]]:
    """The words of a row's spans: (x0, x1, span, text), each word's text
    in the span's own spelling.  A span whose characters cannot be matched
    (ligatures spelled otherwise) is cut at its spaces, positions
    interpolated."""
    out = []
    for s in spans:
        near = [c for y in range(int(s.base - 0.3 * s.size),
                                 int(s.base + 0.3 * s.size) + 1)
                for c in chars.get(y, ())]
        mine = sorted((c for c in near if abs(c[2] - s.base) < 0.3 * s.size
                       and s.x0 - 0.5 <= (c[0] + c[1]) / 2 <= s.x1 + 0.5),
                      key=lambda c: c[0])
        text = "".join(LIGATURES.get(c[3], c[3]) for c in mine)
        if "".join(text.split()).replace(SOFT, "") != \
                "".join(s.text.split()).replace(SOFT, ""):
            mine = []
        words: list[list] = []
        prev = None
        for c in mine:
            ch = LIGATURES.get(c[3], c[3])
            if ch.isspace():
                prev = None
                continue
            if prev is not None and c[0] - prev[1] <= 0.15 * c[4]:
                words[-1][1] = max(words[-1][1], c[1])
                words[-1][2] += ch
            else:
                words.append([c[0], c[1], ch])
            prev = c
        if not mine:
            parts = s.text.split()
            n = max(1, len(s.text))
            at = 0
            for p in parts:
                k = s.text.index(p, at)
                at = k + len(p)
                words.append([s.x0 + (s.x1 - s.x0) * k / n,
                              s.x0 + (s.x1 - s.x0) * at / n, p])
        out += [(w[0], w[1], s, w[2].replace(SOFT, "")) for w in words]
    return sorted(out, key=lambda w: w[0])


def _rows(spans: list[Span]) -> list[list[Span]]:
    """Spans grouped by baseline, top to bottom."""
    rows: list[list[Span]] = []
    for s in sorted(spans, key=lambda s: (s.base, s.x0)):
        if rows and abs(rows[-1][0].base - s.base) < 0.35 * s.size:
            rows[-1].append(s)
        else:
            rows.append([s])
    return rows


def _strips(rows_words, lo: float, hi: float, width: float):
    """The vertical strips between ``lo`` and ``hi`` that no word of any
    row touches, at least ``width`` wide: (x0, x1) each."""
    taken = sorted((w[0], w[1]) for r in rows_words for w in r)
    out = []
    edge = lo
    for a, b in taken:
        if a - edge >= width and edge > lo:
            out.append((edge, a))
        edge = max(edge, b)
    return [s for s in out if s[0] > lo and s[1] < hi]


def _cells(words, strips) -> list[list[tuple[float, float, Span, str]]]:
    cells: list[list] = [[] for _ in range(len(strips) + 1)]
    for w in words:
        mid = (w[0] + w[1]) / 2
        j = sum(1 for s in strips if mid > s[1] - 0.01)
        cells[j].append(w)
    return cells


def _cell_lines(cell, page: int) -> list[Line]:
    """A cell's words as one line of spans cut from the words' spans."""
    if not cell:
        return []
    spans: list[Span] = []
    for x0, x1, s, text in cell:
        if spans and spans[-1].font == s.font and \
                spans[-1].size == s.size and spans[-1].base == s.base and \
                spans[-1].italic == s.italic and spans[-1].bold == s.bold \
                and spans[-1].superscript == s.superscript:
            last = spans[-1]
            sep = " " if x0 - last.x1 > 0.1 * s.size else ""
            spans[-1] = replace(last, text=last.text + sep + text, x1=x1)
        else:
            if spans and x0 - spans[-1].x1 > 0.1 * s.size:
                spans[-1] = replace(spans[-1], text=spans[-1].text + " ")
            spans.append(replace(s, text=text, x0=x0, x1=x1))
    return [Line(page, spans)]


def _table(rows_words, strips, size: float) -> str:
    """Why these rows cut by these strips are no table ('' when they are)."""
    if not strips:
        return "no column"
    grid = [_cells(r, strips) for r in rows_words]
    full = [g for g in grid if sum(1 for c in g if c) >= 2]
    if 2 * len(full) < len(grid) or len(full) < 2:
        return "rows of one cell"
    filled = [c for g in grid for c in g if c]
    words = sum(len(c) for c in filled)
    if words > 6 * len(filled):
        return "cells of prose"
    for j in range(len(strips) + 1):
        if not any(g[j] for g in grid):
            return "an empty column"
    marks = [" ".join(w[3] for w in g[0]) for g in grid if g[0]]
    if all(_MARKER.match(m) for m in marks) and (len(strips) == 1 or any(
            not m.strip().rstrip(".)").isdigit() for m in marks)):
        return "a list (bullets or numbers before its items)"
    return ""


def _lines_of(grid, page: int) -> list[list[list[Line]]]:
    return [[_cell_lines(c, page) for c in g] for g in grid]


def find(page, lines: list[Line], info: PageInfo, size: float):
    """Tables ruled only across, or not at all, on one page: a list of
    ``(bbox, rows, head, spans, how)`` (rows: each row's cells' lines)."""
    spans = [s for ln in lines for s in ln.spans]
    if not spans or size <= 0 or 2 * sum(
            1 for ln in lines if len(ln.text.strip()) <= 1) >= len(lines):
        return []  # (characters stacked one a line: vertical writing)
    rows = _rows(spans)
    out = []
    used: set[int] = set()
    chars = None

    memo: dict[tuple[int, ...], list] = {}

    def words_of(r):
        nonlocal chars
        if chars is None:
            chars = _chars(page)
        key = tuple(id(s) for s in r)
        if key not in memo:
            memo[key] = _words(r, chars)
        return memo[key]

    # Rules across: groups of rules of one width.
    rules = [r for r in _joined(info.rules) if r[1] - r[0] >= 4 * size]
    groups: list[list[tuple[float, float, float]]] = []
    for r in rules:
        g = next((g for g in groups if abs(g[0][0] - r[0]) < 2 and
                  abs(g[0][1] - r[1]) < 2), None)
        if g is None:
            groups.append([r])
        elif abs(g[-1][2] - r[2]) > 1:  # (a thick rule drawn as two)
            g.append(r)
    for g in groups:
        x0, x1 = g[0][0], g[0][1]
        bands = []
        for a, b in zip(g, g[1:]):
            # (the text of a column beside the table is no part of it;
            # a span across the rules' ends is)
            between = [s for s in spans if a[2] < s.base < b[2] and
                       s.x1 > x0 and s.x0 < x1]
            inside = [s for s in between
                      if x0 - 2 <= s.x0 and s.x1 <= x1 + 2]
            bands.append((_rows(inside), len(inside) < len(between)))
        k = 0
        while k < len(bands):
            # the longest run of bands with rows from k on that reads as
            # one table (its first band the head when there are two)
            best = None
            for e in range(k + 1, len(bands) + 1):
                run = bands[k:e]
                if any(not b or stray for b, stray in run):
                    break
                head = run[0][0] if len(run) > 1 else []
                body = [r for b, _ in run[1 if head else 0:] for r in b]
                bw = [words_of(r) for r in body]
                hw = [words_of(r) for r in head]
                strips = _strips(bw, x0 - 2, x1 + 2, RULED_STRIP * size)
                if _table(bw, strips, size) == "" and \
                        (not head or len(head) <= 3):
                    best = (e, hw, bw, strips, head, body)
            if best is None:
                k += 1
                continue
            e, hw, bw, strips, head, body = best
            grid = [_cells(r, strips) for r in hw + bw]
            taken = [s for r in head + body for s in r]
            ys = [s.y0 for s in taken] + [s.y1 for s in taken]
            out.append(((x0, min(ys), x1, max(ys)),
                        _lines_of(grid, info.index), len(hw), taken,
                        "ruled only across"))
            used.update(id(s) for s in taken)
            k = e
    # No rules: runs of rows with wide gaps between words (not on a page
    # of three or four columns of text, whose gutters those are).
    from .columns import find as column_gutters

    if column_gutters(lines, info, size).cuts:
        return out
    free = [r for r in rows if not any(id(s) in used for s in r)]
    bare = []
    for r in free:
        w = words_of(r)
        wide = any(b[0] - a[1] >= BARE_GAP * size for a, b in zip(w, w[1:]))
        bare.append((r, w, wide))
    i = 0
    while i < len(bare):
        j = i
        while j < len(bare) and bare[j][2] and (
                j == i or bare[j][0][0].base - bare[j - 1][0][0].base
                < 2.5 * size):
            j += 1
        if j - i < 3:
            i = max(i + 1, j)
            continue
        brun = bare[i:j]
        rw = [w for _, w, _ in brun]
        lo = min(w[0][0] for w in rw) - 1
        hi = max(w[-1][1] for w in rw) + 1
        bstrips = _strips(rw, lo, hi, BARE_STRIP * size)
        why = _table(rw, bstrips, size)
        if not why:
            cells = [c for w in rw for c in _cells(w, bstrips)]
            filled = [c for c in cells if c]
            if sum(len(c) for c in filled) > 5 * len(filled):
                why = "cells of prose"
            elif len(filled) < 0.75 * len(cells):
                why = "most rows with cells missing"  # (justified spaces)
            elif _contents(rw, bstrips):
                why = "a contents list"
            elif _gutter(bstrips, [r for r, _, _ in bare[:i] + bare[j:]],
                         words_of, size):
                why = "a gutter between columns of text"
        if why:
            i = j
            continue
        # a row just above, narrower gaps, under the same strips: the head
        bhead = []
        if i > 0 and not bare[i - 1][2] and \
                brun[0][0][0].base - bare[i - 1][0][0].base < 2.5 * size:
            hw = bare[i - 1][1]
            hcells = _cells(hw, bstrips)
            if sum(1 for c in hcells if c) >= 2 and hw[0][0] >= lo - size and \
                    hw[-1][1] <= hi + size and not any(
                        a[0] < s[0] and a[1] > s[1] for a in hw
                        for s in bstrips):
                bhead = [bare[i - 1]]
        allrows = bhead + brun
        bgrid = [_cells(w, bstrips) for _, w, _ in allrows]
        taken = [s for r, _, _ in allrows for s in r]
        ys = [s.y0 for s in taken] + [s.y1 for s in taken]
        out.append(((lo, min(ys), hi, max(ys)), _lines_of(bgrid, info.index),
                    len(bhead), taken, "columns lined up with no rule"))
        i = j
    return out


def _contents(rows_words, strips) -> bool:
    """Titles and page numbers (a table of contents, read by
    :mod:`.contents`): dot leaders, or a last column all page numbers
    (roman or arabic, the arabic ones never going down)."""
    last = [" ".join(w[3] for w in _cells(r, strips)[-1]) for r in rows_words]
    leaders = any(w[3].count(".") >= 3 and not w[3].strip(". ")
                  for r in rows_words for w in r)
    if leaders:
        return True
    if not all(re.fullmatch(r"\d{1,4}|[ivxlcIVXLC]{1,6}", t) for t in last):
        return False
    arabic = [int(t) for t in last if t.isdigit()]
    return arabic == sorted(arabic)


def _joined(rules):
    """Rules drawn in pieces end to end on one height (a browser draws a
    table's border cell by cell) joined, top to bottom."""
    out: list[list[float]] = []
    for x0, x1, y in sorted(rules, key=lambda r: (round(r[2]), r[0])):
        last = out[-1] if out else None
        if last and abs(last[2] - y) < 0.6 and x0 <= last[1] + 1.5:
            last[1] = max(last[1], x1)
        else:
            out.append([x0, x1, y])
    return sorted((tuple(r) for r in out), key=lambda r: r[2])


def _gutter(strips, others, words_of, size: float) -> bool:
    """Is one of the strips left empty by the page's other rows that reach
    across it (two columns of text side by side)?"""
    for a, b in strips:
        across = [r for r in others
                  if min(s.x0 for s in r) < a and max(s.x1 for s in r) > b]
        if len(across) < 3:
            continue
        # (a row that leaves a gap of an em or more inside the strip
        # does not cross it: ragged columns leave it wider in some rows)
        crossed = 0
        for r in across:
            inside = sorted((max(a, w[0]), min(b, w[1])) for w in words_of(r)
                            if w[0] < b and w[1] > a)
            edges = [a] + [x for iv in inside for x in iv] + [b]
            widest = max(edges[k + 1] - edges[k]
                         for k in range(0, len(edges) - 1, 2))
            crossed += widest < min(b - a, BARE_STRIP * size)
        if crossed < 0.5 * len(across):
            return True
    return False
