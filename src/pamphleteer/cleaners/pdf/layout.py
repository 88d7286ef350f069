"""The page's geometry: body type, margins, columns, furniture, note zone.

Everything is measured on the file itself: the *body size* is the size most
letters are set in; the *pitch* the usual distance between baselines of
body lines; each column's left edge the commonest start of body lines and
its right edge where full lines end.  Then:

* **Reading order.**  A page with body lines wholly left and wholly right of
  its middle is read in two columns (three or more: :mod:`.columns`): bands
  separated by full-width lines
  (headings, a title), each band's left column before its right.
* **Furniture.**  Lines at the top or foot of a page that are a folio (a
  lone number, ``- 12 -``, ``Page 3 of 40``, roman numerals) or whose text
  (digits ignored) recurs at the same height on other pages are running
  heads, feet and folios; text outside the trim box is printer's marks.
  All are removed and reported.
* **Note zone.**  The run of lines in smaller type at the foot of a page,
  below a drawn rule or starting with a note label (or carrying on the last
  note of the page before), holds the page's footnotes.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from ...report import CleaningReport
from .extract import Line, PageInfo

_NUMBER = re.compile(r"\d{1,5}")
_FOLIO = re.compile(
    r"^(?:page\s+)?[-–—\[(]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—\])]?"
    r"(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")
# A note label at a line's start: digits or a reference symbol.
LABEL = re.compile(r"^\s*([1-9]\d{0,2}|[*†‡§¶#]{1,3})(?:[.)]|(?=\s)|"
                   r"(?=[^\W\d]))")
SYMBOLS = "*†‡§¶#"
LONE = re.compile(r"^(?:[1-9]\d{0,2}|[*†‡§¶#]{1,3})$")
# A label with no space before its note's text ("10The rota ...": a word
# processor's tab after the label, which a label of two digits fills).
_GLUED = re.compile(r"^\s*([1-9]\d{0,2})(?=[^\W\d_]|[«“„‘\"'(\[])")


@dataclass
class Geometry:
    """What the body of the text looks like."""

    size: float
    """Body type size."""
    pitch: float
    """Usual distance between body baselines."""
    left: dict
    """(page parity, column) -> left edge of body lines."""
    right: dict
    """(page parity, column) -> right edge of full body lines."""
    char: float
    """Average width of a body character."""
    indent: float | None = None
    """The paragraphs' first-line indent, when they have one."""

    def edges(self, line: Line) -> tuple[float, float]:
        key = (line.page % 2, line.col)
        left = self.left.get(key, self.left.get((1 - line.page % 2,
                                                 line.col)))
        right = self.right.get(key, self.right.get((1 - line.page % 2,
                                                    line.col)))
        if left is None:
            left = min(self.left.values()) if self.left else line.x0
        if right is None:
            right = max(self.right.values()) if self.right else line.x1
        return left, right


def body_size(pages: list[list[Line]]) -> float:
    count: Counter = Counter()
    for lines in pages:
        for ln in lines:
            for s in ln.spans:
                count[round(s.size, 1)] += len(s.text.strip())
    return count.most_common(1)[0][0] if count else 10.0


def is_body(line: Line, size: float) -> bool:
    return abs(line.size - size) <= 0.06 * size + 0.05


def columns(lines: list[Line], info: PageInfo, size: float) -> list[Line]:
    """Assign columns and return the page's lines in reading order."""
    by_y = sorted(lines, key=lambda ln: (round(ln.base, 0), ln.x0))
    two, mid = _two_columns([ln for ln in lines if is_body(ln, size)],
                            info, size)
    if not two:
        # A column may hold more quotation, set a little smaller, than
        # body text: the text's lines of near the body's size tell.
        text = [ln for ln in lines if 0.85 * size <= ln.size <= 1.06 *
                size + 0.05]
        two, mid = _two_columns(text, info, size, _gutter(text))
    if not two:
        for ln in by_y:
            ln.col = 0
        return by_y
    out: list[Line] = []
    band: list[Line] = []

    def flush():
        out.extend(sorted((ln for ln in band if ln.col == 1),
                          key=lambda ln: ln.base))
        out.extend(sorted((ln for ln in band if ln.col == 2),
                          key=lambda ln: ln.base))
        band.clear()

    for ln in by_y:
        ln.col = 1 if ln.x1 < mid + 2 else 2 if ln.x0 > mid - 2 else 0
    # A heading in the left half below the right column's end (in its
    # band) spans the page: it opens the next band ("Notes" after
    # balanced columns).
    seg: list[Line] = []
    ends: list[Line | None] = [*by_y, None]
    for cur in ends:
        if cur is not None and cur.col != 0:
            seg.append(cur)
            continue
        right_end = max((x.base for x in seg if x.col == 2), default=None)
        if right_end is not None:
            for x in seg:
                if x.col == 1 and x.base > right_end + size and \
                        x.size >= 1.12 * size:
                    x.col = 0
                    for y in seg:
                        if y.col == 1 and y.base > x.base:
                            y.col = 0 if y.x1 > mid - 0.15 * info.width \
                                else y.col
        seg = []
    for ln in by_y:
        if ln.col == 0:
            flush()
            out.append(ln)
            continue
        band.append(ln)
    flush()
    return out


def _two_columns(body: list[Line], info: PageInfo, size: float,
                 mid: float | None = None) -> tuple[bool, float]:
    """Do these lines lie in two columns, wholly left and wholly right of
    ``mid`` (by default the text block's middle) over a shared height?
    (And that middle.)"""
    # The gutter is in the middle of the text block, which a two-sided
    # book sets off the page's centre (a wider outer margin).
    if mid is None:
        mid = (min(ln.x0 for ln in body) + max(ln.x1 for ln in body)) / 2 \
            if body else info.width / 2
    left = [ln for ln in body if ln.x1 < mid + 2]
    right = [ln for ln in body if ln.x0 > mid - 2]
    starts = Counter(round(ln.x0) for ln in right)
    common = starts.most_common(1)[0] if starts else (0, 0)
    wide_left = [ln for ln in left if ln.x1 > mid - 0.15 * info.width]
    two = common[1] >= 2 and len(wide_left) >= 2 and len(right) >= 0.15 * \
        len(body) and _overlap(wide_left, right) > 1.5 * size
    return two, mid


def _gutter(lines: list[Line]) -> float | None:
    """The middle of the emptiest vertical strip nearest the centre of
    the lines' block, in its middle third (crossed by two lines at most,
    or one in ten: a centred byline, a line of code overrunning its
    column); None when there is none.  A column of quotations, indented,
    or an overfull line moves the block's extent but not its gutter."""
    if not lines:
        return None
    lo, hi = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    centre = (lo + hi) / 2
    crossed = {x: sum(1 for ln in lines if ln.x0 < x < ln.x1)
               for x in range(int(lo + 0.3 * (hi - lo)),
                              int(lo + 0.7 * (hi - lo)) + 1)}
    least = min(crossed.values(), default=0)
    if not crossed or least > max(2, 0.1 * len(lines)):
        return None
    free = [x for x, k in crossed.items() if k == least]
    runs: list[list[int]] = [[free[0]]]
    for x in free[1:]:
        if x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    best = min(runs, key=lambda r: abs((r[0] + r[-1]) / 2 - centre))
    return (best[0] + best[-1]) / 2


def _overlap(a: list[Line], b: list[Line]) -> float:
    """How far two sets of lines share the page's height."""
    if not a or not b:
        return 0.0
    return min(max(x.base for x in a), max(x.base for x in b)) - max(
        min(x.base for x in a), min(x.base for x in b))


def geometry(pages: list[list[Line]], size: float) -> Geometry:
    lefts: dict = defaultdict(Counter)
    spans_of: dict = defaultdict(list)
    rights: dict = defaultdict(list)
    pitches: Counter = Counter()
    widths: list[float] = []
    for lines in pages:
        prev = None
        for ln in lines:
            if not is_body(ln, size):
                prev = None
                continue
            key = (ln.page % 2, ln.col)
            lefts[key][round(ln.x0)] += 1
            rights[key].append(ln.x1)
            spans_of[key].append((round(ln.x0), ln.x1))
            text = ln.text.strip()
            if len(text) > 20:
                widths.append((ln.x1 - ln.x0) / len(text))
            if prev is not None and prev.col == ln.col:
                d = ln.base - prev.base
                if 0.8 * size < d < 2.5 * size:
                    pitches[round(d, 1)] += 1
            prev = ln
    right = {}
    for k, xs in rights.items():
        xs = sorted(xs)
        right[k] = xs[int(0.97 * (len(xs) - 1))]
    left = {}
    for k, c in lefts.items():
        full = Counter(x0 for x0, x1 in spans_of[k]
                       if x1 >= right[k] - 1.5 * size)
        left[k] = _left_edge(c, full, size)
    pitch = pitches.most_common(1)[0][0] if pitches else 1.2 * size
    char = statistics.median(widths) if widths else 0.5 * size
    return Geometry(size, pitch, left, right, char,
                    _indent(pages, size, left, right))


def _indent(pages: list[list[Line]], size: float, left: dict, right: dict
            ) -> float | None:
    """The commonest first-line indent: the offset of a full body line,
    not under a line starting where it does, followed (in its column) by
    one at the column's edge."""
    offsets: Counter = Counter()
    for lines in pages:
        for k, (a, b) in enumerate(zip(lines, lines[1:])):
            key = (a.page % 2, a.col)
            edge = left.get(key)
            if edge is None or not (is_body(a, size) and is_body(b, size)) \
                    or a.col != b.col or not 0 < b.base - a.base < 2 * size \
                    or a.x1 < right.get(key, a.x1) - 1.5 * size:
                continue
            if k and abs(lines[k - 1].x0 - a.x0) < 0.3 * size and \
                    0 < a.base - lines[k - 1].base < 2 * size:
                continue  # the last line of an indented block
            off = a.x0 - edge
            if abs(b.x0 - edge) < 0.3 * size and \
                    0.6 * size <= off <= 4 * size:
                offsets[round(off)] += 1
    if not offsets:
        return None
    off, n = offsets.most_common(1)[0]
    return float(off) if n >= 3 else None


def _left_edge(starts: Counter, full: Counter, size: float) -> float:
    """The column's left edge: the commonest start of body lines, or a
    start up to 6 em left of it where many full lines begin (on pages of
    short paragraphs, dialogue, more lines open at the paragraph indent
    than at the edge where the paragraphs' full lines start)."""
    x, top = starts.most_common(1)[0]
    for y, c in full.items():
        if x - 6 * size <= y < x - 0.5 * size and c >= max(3, 0.2 * top):
            x = min(x, y)
    return float(x)


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _norm(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split())).casefold()


def furniture(pages: list[list[Line]], infos: list[PageInfo], size: float,
              trims: list, report: CleaningReport) -> list[list[Line]]:
    """Pages without running heads, feet, folios and printer's marks.

    Heads and feet are looked for again once those at the page's edge
    are gone: a foot of two lines (a folio and the book's title over a
    download stamp, a footer over a confidentiality line) shows its inner
    line at the edge only then."""
    drop: set[int] = set()
    first: set[int] | None = None
    for _pass in range(3):
        left = [[ln for ln in lines if id(ln) not in drop]
                for lines in pages]
        more = _furniture_pass(
            left, infos, size, report, later=first is not None,
            offset=_folio_offset(pages, first) if first else None)
        first = more if first is None else first
        if not more:
            break
        drop |= more
    out: list[list[Line]] = []
    for p, lines in enumerate(pages):
        keep = []
        trim = trims[p]
        for ln in lines:
            if id(ln) in drop:
                continue
            if trim is not None and (ln.x1 < trim[0] or ln.x0 > trim[2] or
                                     ln.y1 < trim[1] or ln.y0 > trim[3]):
                report.remove("printer-marks", ln.text.strip(), ln.n)
                continue
            keep.append(ln)
        out.append(keep)
    return out


def _folio_offset(pages: list[list[Line]], dropped: set[int]
                  ) -> int | None:
    """What the numbers of the removed heads and feet say a page's folio
    is, less its index (two or more agreeing), or None."""
    offsets = Counter(int(m) - p for p, lines in enumerate(pages)
                      for ln in lines if id(ln) in dropped
                      for m in set(_NUMBER.findall(ln.text)))
    if not offsets:
        return None
    off, n = offsets.most_common(1)[0]
    return off if n >= 2 else None


def _folio_at_end(ln: Line, p: int, offset: int | None) -> bool:
    """Does the line open or close with its page's folio (the index
    ``p`` plus ``offset``), as a running foot does (``18 FREE CULTURE``,
    ``PIRACY 19``)?"""
    nums = _NUMBER.findall(ln.text)
    return offset is not None and bool(nums) and p + offset in (
        int(nums[0]), int(nums[-1])) and bool(re.match(
            r"^\W*\d+\s*$|^\W*\d+\s+\S|.*\S\s+\d+\W*$", ln.text.strip()))


def _furniture_pass(pages: list[list[Line]], infos: list[PageInfo],
                    size: float, report: CleaningReport,
                    later: bool = False, offset: int | None = None
                    ) -> set[int]:
    """The running heads, feet and folios at the pages' edges (removed
    in ``report``), by ``id``.  In a ``later`` pass a line exposed by the
    removal of another may be a note's last line ("3 Ibid." on two
    pages): a line with digits is taken only when it opens or closes with
    its page's folio (the page's index plus ``offset``, what the first
    pass's folios say) and is a folio alone, or the same line (digits
    ignored) does so on two pages or more (a note "1. See ..." on page 1
    is no running foot)."""
    edge_lines: list[tuple[int, Line, str]] = []
    # The baseline most pages end on: a folio set there stands at the
    # foot even above the page's last fifth (a thesis's deep margins).
    ends = Counter(round(max(ln.base for ln in lines))
                   for lines in pages if lines)
    feet = {b for b, n in ends.items()
            if n >= 3 and n >= 0.3 * sum(ends.values())}
    for p, lines in enumerate(pages):
        if not lines:
            continue
        ys = sorted(lines, key=lambda ln: ln.y0)
        top, bottom = ys[0].y0, max(ln.y1 for ln in ys)
        h = infos[p].height
        for ln in ys:
            near_top = ln.y0 <= top + 0.5 * size and ln.y0 < 0.2 * h
            near_foot = ln.y1 >= bottom - 0.5 * size and (
                ln.y1 > 0.8 * h or ln.y1 > 0.6 * h and any(
                    abs(ln.base - b) <= 1.5 for b in feet))
            if near_top:
                edge_lines.append((p, ln, "top"))
            elif near_foot:
                edge_lines.append((p, ln, "foot"))
    seen: dict = defaultdict(set)
    for p, ln, where in edge_lines:
        seen[(where, _repeat_key(ln, size), round(ln.size))].add(p)
    # A foot or head line the extractor cut in pieces differently on each
    # page (a printer's slug across the columns): its pieces on one
    # baseline, joined, are what repeats.
    rows: dict = defaultdict(list)
    for p, ln, where in edge_lines:
        rows[(p, where, round(ln.base))].append(ln)
    row_key = {}
    for (p, where, _b), row in rows.items():
        joined = " ".join(x.text.strip() for x in sorted(
            row, key=lambda x: x.x0))
        if len(row) < 2 or max(x.size for x in row) >= 1.12 * size or \
                not any(c.isalpha() for c in joined):
            continue  # (as _repeat_key: headings differing by numbers)
        key = (where, "row:" + _norm(joined), round(min(x.size for x in row)))
        for x in row:
            row_key[id(x)] = key
        seen[key].add(p)
    drop: set[int] = set()
    many = len(pages) >= 2
    offsets = Counter(int(ln.text) - p for p, ln, _w in edge_lines
                      if ln.text.strip().isdigit())
    usual = offsets.most_common(1)[0] if offsets else (0, 0)
    for p, ln, where in edge_lines:
        text = ln.text.strip()
        kind = ""
        if text.isdigit() and 1500 <= int(text) <= 2099 and usual[1] >= 2 \
                and abs(int(text) - p - usual[0]) > 2:
            continue  # a year (a title page's date), not this page's folio
        if _FOLIO.match(text) and ln.size < 1.12 * size:
            # (In heading type, "V" opening a page is a section's number.)
            kind = "page-number"
        elif text.isdigit() and usual[1] >= 3 and \
                int(text) - p == usual[0]:
            # In any type, a number counting up with the pages on three or
            # more of them (the Federal Register's bold folios).
            kind = "page-number"
        elif many and (len(seen[(where, _repeat_key(ln, size),
                                 round(ln.size))]) >= 2 or
                       len(seen.get(row_key.get(id(ln)), ())) >= 2) \
                and (
                _apart(ln, pages[p], where, size)):
            kind = "running-head" if where == "top" else "running-foot"
        elif many and where == "top" and _apart(ln, pages[p], where, size) \
                and ln.size < 0.95 * size and _alternating(ln, edge_lines):
            kind = "running-head"
        if kind and later and _NUMBER.search(text) and not (
                _folio_at_end(ln, p, offset) and (
                    _FOLIO.match(text) or sum(
                        1 for q, x, w in edge_lines if w == where and
                        _repeat_key(x, size) == _repeat_key(ln, size) and
                        _folio_at_end(x, q, offset)) >= 2)):
            continue
        if kind:
            drop.add(id(ln))
            report.remove(kind, text, ln.n)
    # A top or foot line sharing its baseline with a folio, or repeating a
    # heading of the text (a chapter's title over its pages), set apart
    # from the text: a running head or foot even when it appears once.
    titles = {_squash(ln.text) for lines in pages for ln in lines
              if ln.size >= 1.12 * size and len(ln.text.strip()) > 1}
    folios = [(p, ln.base) for p, ln, _w in edge_lines if id(ln) in drop
              and _FOLIO.match(ln.text.strip())]
    # A number alone beside a running head, in any type, is its folio.
    heads = [(p, ln.base) for p, ln, _w in edge_lines if id(ln) in drop
             and not _FOLIO.match(ln.text.strip())]
    for p, ln, _w in edge_lines:
        if id(ln) not in drop and ln.text.strip().isdigit() and any(
                q == p and abs(b - ln.base) < 1.5 for q, b in heads):
            drop.add(id(ln))
            report.remove("page-number", ln.text.strip(), ln.n)
    for p, ln, where in edge_lines:
        if id(ln) in drop or not many or ln.size >= 1.12 * size or \
                not _apart(ln, pages[p], where, size):
            continue
        if any(q == p and abs(b - ln.base) < 1.5 for q, b in folios) or (
                where == "top" and _squash(ln.text) in titles):
            drop.add(id(ln))
            report.remove("running-head" if where == "top" else
                          "running-foot", ln.text.strip(), ln.n)
    return drop


def _repeat_key(ln: Line, size: float) -> str:
    """What a running head repeats from page to page: its text with the
    digits ignored (a head carrying the folio, ``12 The Title``), except in
    heading type or a line of numbers alone (``2.226 2018-08-16``), where
    only the same text repeated is a running head: section headings that
    differ by their numbers alone open pages too."""
    text = ln.text.strip()
    if ln.size >= 1.12 * size or not any(c.isalpha() for c in text):
        return " ".join(text.split()).casefold()
    return _norm(text)


def _apart(ln: Line, lines: list[Line], where: str, size: float) -> bool:
    """Is the line set apart from the rest of the page (a gap wider than
    between body lines, or a different size)?"""
    others = [x for x in lines if x is not ln and not (
        abs(x.base - ln.base) < 0.5 * size)]
    if not others:
        return True
    if where == "top":
        nxt = min(others, key=lambda x: x.y0)
        gap = nxt.base - ln.base
    else:
        nxt = max(others, key=lambda x: x.y1)
        gap = ln.base - nxt.base
    return gap > 1.45 * size or abs(ln.size - nxt.size) > 0.5


def _alternating(ln: Line, edge_lines) -> bool:
    """A top line in small type on at least two other pages' tops with the
    same size and height (a chapter's running head changing per page)."""
    same = {p for p, x, w in edge_lines if w == "top" and x is not ln and
            abs(x.size - ln.size) < 0.2 and abs(x.base - ln.base) < 2}
    return len(same) >= 2


def column_runs(lines: list[Line]) -> list[list[Line]]:
    """A page's lines (in reading order) as runs read one after another:
    the page itself, or on a page of columns each column's run (a
    full-width line stays with the run it follows)."""
    if len({ln.col for ln in lines} - {0}) < 2:
        return [lines]
    runs: list[list[Line]] = []
    cur: list[Line] = []
    col = None
    for ln in lines:
        if ln.col and col and ln.col != col:
            runs.append(cur)
            cur = []
        cur.append(ln)
        col = ln.col or col
    if cur:
        runs.append(cur)
    return runs


@dataclass
class PageSplit:
    """A page's body lines and its note lines."""

    body: list[Line]
    notes: list[Line]
    ruled: bool = False


def label_of(line: Line, size: float) -> tuple[str, int] | None:
    """(label, characters taken) when the line opens with a note label:
    raised or smaller digits or symbols, or digits followed by a full stop,
    a parenthesis or a space."""
    first = line.spans[0]
    text = line.text
    m = LABEL.match(text)
    if not m:
        return None
    raised = first.superscript or first.size < 0.85 * line.size or \
        first.base < line.base - 0.12 * line.size
    lead = len(text) - len(text.lstrip())
    label = m.group(1)
    end = m.end()
    if raised and len(first.text.strip()) >= len(label) and \
            first.text.strip().startswith(label):
        return label, lead + len(first.text.lstrip())
    rest = text[end:]
    if text[m.end(1):m.end(1) + 1] in ".," and \
            text[m.end(1) + 1:m.end(1) + 2].isdigit():
        return None  # a decimal number ("1.00 0.95 0.98": a table's row)
    if text[m.end(1):m.end(1) + 1] in ".)" or rest[:1].isspace():
        if label[0] in SYMBOLS or label.isdigit():
            return label, end
    return None


def lone_label(line: Line, size: float) -> tuple[str, int] | None:
    """(label, characters taken) when the line holds only a note label set
    smaller than the text (``size``): a word processor's note that opens
    with a quotation, verse or a list sets its text on the lines under
    it.  Trusted only where notes are known to be (under a separator
    rule, in a note zone): alone, it may be a folio or a call."""
    text = line.text.strip()
    if len(line.spans) != 1 or not LONE.match(text) or \
            line.spans[0].size >= 0.85 * size:
        return None
    return text, len(line.text)


def glued_label(line: Line) -> tuple[str, int] | None:
    """(label, characters taken) when the line opens with digits glued to
    a capital or an opening quotation mark (``10The``); trusted only where
    notes are otherwise known (under a separator rule; the next label,
    called)."""
    m = _GLUED.match(line.text)
    if not m or line.text[m.end():m.end() + 1].islower():
        return None
    return m.group(1), m.end()


def split_notes(lines: list[Line], info: PageInfo, geo: Geometry,
                open_size: float | None) -> PageSplit:
    """The page's footnote zone: the small-type lines at its foot.

    ``open_size`` is the size of the last note of the page before when it
    looks unfinished (None otherwise): lines of that size at the foot,
    without a label, carry it on."""
    size = geo.size
    ys = lines
    ruled_at = _separator(lines, info, geo)
    if ruled_at is not None:
        # Under the rule by its baseline: a line's box (its font's
        # ascent) may rise a little above a rule set close over it.
        below = [ln for ln in ys if _under(ln, ruled_at)]
        if below and (label_of(below[0], size) or glued_label(below[0])
                      or lone_label(below[0], size) and len(below) > 1
                      or open_size is not None):
            return PageSplit([ln for ln in ys if not _under(ln, ruled_at)],
                             below,
                             True)
    k = len(ys)
    while k > 0 and ys[k - 1].size < 0.93 * size and not _lone_call(
            ys[k - 1], size):
        k -= 1
    zone = ys[k:]
    if not zone:
        return PageSplit(lines, [])
    top = min(ln.y0 for ln in zone)
    above = max((ln.y1 for ln in ys[:k]), default=0.0)
    ruled = any(above - 1 <= y <= top + 1 and (x1 - x0) < 0.8 * info.width
                for x0, x1, y in info.rules)
    if ruled:
        return PageSplit(ys[:k], zone, True)
    for j, ln in enumerate(zone):
        if label_of(ln, size):
            if j and not (open_size is not None and zone[j].y0 - above > geo.pitch and
                          abs(zone[0].size - open_size) < 0.3):
                return PageSplit(ys[:k + j], zone[j:])
            return PageSplit(ys[:k], zone)
    if open_size is not None and top - above > 1.2 * geo.pitch - (
            zone[0].y1 - zone[0].y0) and all(
                abs(ln.size - open_size) < 0.3 for ln in zone):
        return PageSplit(ys[:k], zone)
    return PageSplit(lines, [])


def _separator(lines: list[Line], info: PageInfo, geo: Geometry
               ) -> float | None:
    """The height of a footnote separator: a short rule at the text's left
    edge, in the page's lower part, with text below it (on a two-column
    page, under its column)."""
    left = min(geo.left.values(), default=0.0)
    right = max(geo.right.values(), default=info.width)
    if lines and lines[-1].col:
        left, right = geo.edges(lines[-1])
    best = None
    for x0, x1, y in info.rules:
        if abs(x0 - left) < geo.size and (x1 - x0) < 0.6 * (right - left) \
                and y > 0.4 * info.height and any(
                    _under(ln, y) for ln in lines) and any(
                    ln.y1 <= y for ln in lines):
            best = y if best is None else max(best, y)
    return best


def _under(ln: Line, y: float) -> bool:
    """Is the line set below the height ``y`` (its letters, not its box)?"""
    return ln.base - 0.5 * ln.size >= y


def _lone_call(line: Line, size: float) -> bool:
    """A line holding only a raised call that the layout pushed down."""
    t = line.text.strip()
    return len(t) <= 3 and all(c.isdigit() or c in SYMBOLS for c in t) and \
        line.size < 0.75 * size and len(line.spans) == 1 and \
        not line.spans[0].text.startswith(" ")
