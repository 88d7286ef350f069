"""Pages of three or more columns: their gutters, and the reading order.

A *gutter* is a vertical strip of the text block that the page's narrow
lines (those less than 0.6 of the block wide: the lines of a column, its
notes, a short heading) leave empty, with lines ending just left of it and
at least three lines starting at one x just right of it (a column's left
edge), at heights the lines on its left share.  Lines wider than that
(a title, a heading set across the columns, notes under all the columns)
are not counted: they cross the gutters and separate *bands*.

The columns are trusted when they are alike: three or more, each at least
three lines, their widths within a quarter of one another, and their lines
holding at least 40 % of the page's letters.  Then each band is read
column by column, left to right, each top to bottom, and the lines of one
column are never joined to the next (:func:`.extract.merge_lines` is given
the gutters).  A heading set in the first column's width with no line of
another column beside it, but lines of the other columns above and below,
is set across the columns: it opens a new band.

Gutters that fail those tests (columns of unequal width, too few lines in
one, most of the text outside them: a table, ragged or overlapping text)
are not read as columns: the page is read as before (one or two columns)
and :attr:`Gutters.unclear` says why, which the reader reports as
``PDF012`` naming the page.  One or two columns are left to
:func:`.layout.columns`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .extract import Line, PageInfo

NARROW = 0.6
"""A line narrower than this share of the text block may be a column's."""


@dataclass
class Gutters:
    """The gutters found on a page."""

    cuts: list[tuple[float, float]] = field(default_factory=list)
    """(x0, x1) of each gutter, left to right (empty: none trusted)."""
    unclear: str = ""
    """Why gutters seen on the page were not trusted (empty: no doubt)."""
    seen: int = 0
    """How many columns the gutters seen would make."""


def find(lines: list[Line], info: PageInfo, size: float) -> Gutters:
    """The page's gutters, when it has three or more columns."""
    text = [ln for ln in lines if len(ln.text.strip()) >= 2]
    if len(text) < 12:
        return Gutters()
    lo = min(ln.x0 for ln in text)
    hi = max(ln.x1 for ln in text)
    width = hi - lo
    if width < 20 * size:
        return Gutters()
    narrow = [ln for ln in text if ln.x1 - ln.x0 <= NARROW * width]
    if len(narrow) < 9:
        return Gutters()
    cuts = _candidates(narrow, lo, hi, size)
    cuts = [g for g in cuts if _edge_right(narrow, g, size) is not None and
            _lines_left(narrow, g, width, size)]
    if len(cuts) < 2:
        return Gutters()
    why = _doubt(text, narrow, cuts, lo, hi, size)
    if why:
        return Gutters([], why, len(cuts) + 1)
    return Gutters(cuts, "", len(cuts) + 1)


def _candidates(narrow: list[Line], lo: float, hi: float, size: float
                ) -> list[tuple[float, float]]:
    """Strips that (almost) no narrow line crosses, inside the block."""
    n = int(hi - lo) + 2
    diff = [0] * (n + 1)
    for ln in narrow:
        a = int(ln.x0 - lo) + 1
        b = int(ln.x1 - lo)
        if b > a:
            diff[a] += 1
            diff[b] -= 1
    cover = []
    run = 0
    for d in diff[:n]:
        run += d
        cover.append(run)
    peak = sorted(cover)[int(0.9 * (len(cover) - 1))]
    tol = max(2, int(0.2 * peak))
    out: list[tuple[float, float]] = []
    start = None
    for x, c in enumerate(cover):
        if c <= tol and start is None:
            start = x
        elif c > tol and start is not None:
            if start > 0 and x - start >= 0.25 * size:
                out.append((lo + start, lo + x))
            start = None
    return out


def _edge_right(narrow: list[Line], g: tuple[float, float], size: float
                ) -> float | None:
    """The left edge of the column right of a gutter: three or more lines
    starting at one x within an em of the gutter's end."""
    starts = Counter(round(ln.x0) for ln in narrow
                     if g[1] - 1.5 <= ln.x0 <= g[1] + 1.2 * size)
    if not starts:
        return None
    x, c = starts.most_common(1)[0]
    return float(x) if c >= 3 else None


def _lines_left(narrow: list[Line], g: tuple[float, float], width: float,
                size: float) -> bool:
    """Do lines end just left of the gutter, at heights shared by lines
    starting right of it?"""
    left = [ln for ln in narrow if g[0] - 0.4 * width <= ln.x1 <= g[0] + 1.5
            and ln.x0 < g[0] - 2 * size]
    right = [ln for ln in narrow if g[1] - 1.5 <= ln.x0 <= g[1] + 1.2 * size]
    if len(left) < 3 or len(right) < 3:
        return False
    top = max(min(ln.base for ln in left), min(ln.base for ln in right))
    bottom = min(max(ln.base for ln in left), max(ln.base for ln in right))
    return bottom - top >= 2 * size


def _doubt(text: list[Line], narrow: list[Line],
           cuts: list[tuple[float, float]], lo: float, hi: float,
           size: float) -> str:
    """Why the columns the gutters make are not to be trusted ('' if they
    are)."""
    bounds = [lo] + [x for g in cuts for x in g] + [hi]
    spans = [(bounds[2 * k], bounds[2 * k + 1]) for k in range(len(cuts) + 1)]
    widths = [b - a for a, b in spans]
    if min(widths) < 0.75 * max(widths):
        return ("its columns are of unequal widths (" + ", ".join(
            f"{w:.0f}" for w in widths) + " pt)")
    counts = [0] * len(spans)
    inside = 0
    for ln in narrow:
        k = _column_of(ln, cuts, size)
        if k:
            counts[k - 1] += 1
            inside += len(ln.text.strip())
    if min(counts) < 3:
        return "a column holds fewer than three lines"
    total = sum(len(ln.text.strip()) for ln in text)
    if inside < 0.4 * total:
        return (f"only {inside / max(1, total):.0%} of its letters lie within"
                " the columns (a table, or text across them)")
    return ""


def _column_of(ln: Line, cuts: list[tuple[float, float]], size: float
               ) -> int:
    """1-based column holding the line, 0 when it runs across a gutter."""
    k = 1
    for g in cuts:
        if ln.x1 <= g[1] + 0.3 * size:
            break
        if ln.x0 < g[0] - 0.3 * size:
            return 0  # starts left of the gutter and ends past it
        k += 1
    return k


def across(a: float, b: float, cuts: list[tuple[float, float]],
           size: float) -> bool:
    """Does the gap from ``a`` to ``b`` hold a gutter?"""
    return b - a >= 0.4 * size and any(
        a <= g[0] + 0.3 * size and b >= g[1] - 0.3 * size for g in cuts)


def split(lines: list[Line], gut: Gutters, size: float) -> list[Line]:
    """Lines the extractor ran across a gutter cut in two at it."""
    if not gut.cuts:
        return lines
    out: list[Line] = []
    for ln in lines:
        spans = sorted(ln.spans, key=lambda s: s.x0)
        parts = [[spans[0]]]
        for s in spans[1:]:
            if across(parts[-1][-1].x1, s.x0, gut.cuts, size):
                parts.append([])
            parts[-1].append(s)
        if len(parts) == 1:
            out.append(ln)
        else:
            out.extend(Line(ln.page, p) for p in parts)
    return out


def order(lines: list[Line], gut: Gutters, size: float) -> list[Line]:
    """The page's lines in reading order: bands between lines that run
    across the gutters, each band column by column."""
    by_y = sorted(lines, key=lambda ln: (round(ln.base, 0), ln.x0))
    for ln in by_y:
        ln.col = _column_of(ln, gut.cuts, size)
    _spanning_headings(by_y, size)
    out: list[Line] = []
    band: list[Line] = []

    def flush():
        for c in range(1, len(gut.cuts) + 2):
            out.extend(sorted((ln for ln in band if ln.col == c),
                              key=lambda ln: ln.base))
        band.clear()

    for ln in by_y:
        if ln.col == 0:
            flush()
            out.append(ln)
        else:
            band.append(ln)
    flush()
    return out


def _spanning_headings(by_y: list[Line], size: float) -> None:
    """A line in heading type set in one column's width with no line of
    another column beside it, but lines of the other columns above and
    below it, runs across the columns (col 0)."""
    for ln in by_y:
        if ln.col == 0 or ln.size < 1.12 * size:
            continue
        others = [x for x in by_y if x.col not in (0, ln.col)]
        beside = any(x.y1 > ln.y0 - 0.5 * size and x.y0 < ln.y1 + 0.5 * size
                     for x in others)
        above = any(x.base < ln.base for x in others)
        below = any(x.base > ln.base for x in others)
        if not beside and above and below:
            ln.col = 0
