"""Tables drawn with ruling lines, read as tables.

PyMuPDF's table finder (``page.find_tables(strategy="lines")``) gives the
grid a table's drawn rules make.  A grid is a table only when it holds
text in the shape of one: two columns or more, two rows or more, most
cells filled, short cells (a box drawn round a paragraph is no table), and
no span of text running across a cell's border (cells not told apart).  A
ruled row whose cells nearly all hold lines on the same baselines (three
in four of its cells' places filled) is several rows the rules left undivided (a table ruled only
above, under its head and below, as LaTeX's booktabs and many papers set
them).

What is taken: every span whose middle lies in the table's box leaves the
page's lines (and so the paragraphs, notes and headings made of them) and
goes into its cell, once.  A grid that fails those tests is left to be read
as text, with ``PDF015`` and its page; so is text set in aligned columns
under horizontal rules alone, which the finder does not see (no vertical
rules): reported, read as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .extract import Line, PageInfo, Span

MAX_CELL_WORDS = 25
"""A cell's mean words above this: a box of prose, not a table."""

CAPTION = re.compile(r"^\s*(?:Table|Tab\.|Tableau|Tabelle|Tabla|Tabella|"
                     r"Tabel|Tabela|Таблица)\s*[\dIVXivx]+[.:]?(?:\s|$)")
"""A table's caption: ``Table 1: ...``, ``Tableau 2.``..."""


@dataclass
class Found:
    """A table on a page: its cells' lines, row by row."""

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[list[Line]]]
    """Each row's cells, each cell's lines (top to bottom)."""
    head: int = 0
    """How many leading rows are the head."""
    n: int = 0
    """The reader's number of the table's first line."""
    anchor: float = 0.0
    """Its place among the text's lines: between two line numbers."""
    spans: list[Span] = field(default_factory=list)
    stand_in: Span | None = None
    guessed: str = ""
    """How a table without vertical rules was told (``PDF016``), or ''."""


def _inside(s: Span, box) -> bool:
    cx, cy = (s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def find(page, lines: list[Line], info: PageInfo
         ) -> tuple[list[Found], list[str]]:
    """The tables of one page (PyMuPDF page, its lines), and why each grid
    that was not taken was not (for ``PDF015``)."""
    try:
        found = page.find_tables(strategy="lines").tables
    except Exception:  # the finder is a help, never a failure
        return [], []
    out: list[Found] = []
    doubts: list[str] = []
    spans = [(s, ln) for ln in lines for s in ln.spans]
    for t in found:
        bbox = tuple(t.bbox)
        inside = [(s, ln) for s, ln in spans if _inside(s, bbox)]
        if not inside:
            continue
        cells = [[c for c in row.cells] for row in t.rows]
        ncol = max(len(r) for r in cells)
        if ncol < 2:
            continue
        grid, crossing = _fill(cells, inside, info.index)
        if crossing:
            if len(crossing.split()) < 6 and len(cells) >= 3:
                # (else prose in a ruled box, words of a line boxed)
                doubts.append("text runs across the cells of a ruled grid "
                              f"({crossing!r})")
            continue
        grid = _no_empty_columns(grid)
        rows, heads = _split_rows(grid)
        why = _not_a_table(rows)
        if why:
            if why != "one row":  # (a box, a highlight: no table)
                doubts.append(why)
            continue
        head = 1 if heads or _bold_head(rows) else 0
        out.append(Found(info.index, bbox, rows, head,
                         spans=[s for s, _ in inside]))
    return out, doubts


def _fill(cells, inside, page: int):
    """Each cell's lines (spans grouped by baseline), and the text of a
    span that lies in no cell or runs across a cell's border."""
    grid: list[list[list[Span]]] = [[[] for _ in r] for r in cells]
    for s, _ln in inside:
        hit = None
        for i, row in enumerate(cells):
            for j, c in enumerate(row):
                if c is not None and _inside(s, c):
                    hit = (i, j, c)
                    break
            if hit:
                break
        if hit is None:
            return [], s.text
        c = hit[2]
        if s.x0 < c[0] - 1.5 or s.x1 > c[2] + 1.5:
            return [], s.text
        grid[hit[0]][hit[1]].append(s)
    out = [[_lines(cell, page) for cell in row] for row in grid]
    return out, ""


def _broken(a: Found, b: Found) -> bool:
    """``b`` goes on from ``a`` on the next page or in the next column
    (two tables one under the other on a page are two)."""
    return b.page == a.page + 1 or b.page == a.page and \
        b.bbox[0] >= a.bbox[2] - 1


def _no_empty_columns(grid):
    """The grid without columns and rows empty all through (Word draws a
    table's rules in pieces, which the finder reads as columns)."""
    ncol = max(len(r) for r in grid)
    used = [j for j in range(ncol) if any(j < len(r) and r[j] for r in grid)]
    return [[r[j] if j < len(r) else [] for j in used] for r in grid
            if any(r)]


def _lines(spans: list[Span], page: int) -> list[Line]:
    """Spans grouped into lines by baseline, top to bottom, left to right."""
    out: list[list[Span]] = []
    for s in sorted(spans, key=lambda s: (s.base, s.x0)):
        if out and abs(out[-1][0].base - s.base) < 0.5 * s.size:
            out[-1].append(s)
        else:
            out.append([s])
    return [Line(page, sorted(group, key=lambda s: s.x0)) for group in out]


def _split_rows(grid):
    """Ruled rows holding several rows: split where two cells or more
    have lines on shared baselines.  Returns the rows and whether the
    first row stood ruled off above rows so split (a head)."""
    rows: list[list[list[Line]]] = []
    split_any = False
    for r, row in enumerate(grid):
        multi = [c for c in row if len(c) > 1]
        if len(multi) < 2:
            rows.append(row)
            continue
        bases: list[float] = []
        size = min(ln.size for c in row for ln in c)
        for c in row:
            for ln in c:
                if not any(abs(b - ln.base) < 0.5 * size for b in bases):
                    bases.append(ln.base)
        bases.sort()
        # each cell's lines each on a shared baseline, one at most a cell
        slots: list[list[list[Line]]] = [[[] for _ in row] for _ in bases]
        for j, c in enumerate(row):
            for ln in c:
                k = min(range(len(bases)),
                        key=lambda k: abs(bases[k] - ln.base))
                slots[k][j].append(ln)
        if sum(1 for s in slots for c in s if c) < \
                0.75 * len(bases) * len(row):
            rows.append(row)  # wrapped text in some cells: one row
            continue
        split_any = split_any or r > 0
        rows += slots
    return rows, split_any and len(grid[0]) > 0 and \
        sum(1 for c in grid[0] if len(c) > 1) < 2


def _not_a_table(rows) -> str:
    if len(rows) < 2:
        return "one row"
    ncol = max(len(r) for r in rows)
    filled = [c for r in rows for c in r if c]
    if len(filled) < 0.5 * len(rows) * ncol:
        return "a ruled grid with most cells empty"
    for j in range(ncol):
        if not any(j < len(r) and r[j] for r in rows):
            return "a ruled grid with an empty column"
    words = sum(len(ln.text.split()) for c in filled for ln in c)
    if words > MAX_CELL_WORDS * len(filled):
        return "a ruled box of prose"
    full = [r for r in rows if sum(1 for c in r if c) >= 2]
    if len(full) < 2 or 2 * len(full) < len(rows):
        # (boxes drawn round words of a paragraph, a highlight, make a
        # "grid" of its lines)
        return "one row"
    gaps = [min(ln.x0 for ln in b) - max(ln.x1 for ln in a)
            for r in full for a, b in zip([c for c in r if c],
                                          [c for c in r if c][1:])]
    size = min(ln.size for c in filled for ln in c)
    if sum(1 for g in gaps if g < 0.5 * size) * 2 > len(gaps):
        return "one row"  # cells a word space apart: a line of prose
    return ""


def _bold_head(rows) -> bool:
    """The first row set in bold and the rest not."""
    def bold(row) -> bool | None:
        # (nine letters in ten: a flag set beside a name is no letter)
        sp = [s for c in row for ln in c for s in ln.spans
              if any(ch.isalnum() for ch in s.text)]
        n = sum(len(s.text) for s in sp)
        return sum(len(s.text) for s in sp if s.bold) >= 0.9 * n \
            if sp else None
    return bold(rows[0]) is True and not all(bold(r) for r in rows[1:]
                                             if bold(r) is not None)


PLACE = "\ue3ff"
"""The character of a table's stand-in line (private use, never text)."""


def take(page_lines: list[Line], tables: list[Found]) -> list[Line]:
    """The page's lines without the tables' spans; in their place a
    stand-in line each, as wide and as tall as its table, which the
    reading order puts where the table is read (a table in one column of
    two stays in it) and :func:`number` takes out again."""
    taken = {id(s) for t in tables for s in t.spans}
    out: list[Line] = []
    for ln in page_lines:
        keep = [s for s in ln.spans if id(s) not in taken]
        if len(keep) == len(ln.spans):
            out.append(ln)
        elif keep:
            ln.spans = keep
            out.append(ln)
    for t in tables:
        x0, y0, x1, y1 = t.bbox
        sizes = sorted(s.size for s in t.spans)
        size = sizes[len(sizes) // 2]
        t.stand_in = Span(PLACE * max(1, round((x1 - x0) / (0.5 * size))),
                          "", size, x0, y0, x1, y1, y1)
        out.append(Line(t.page, [t.stand_in]))
    return out


def number(found: list[Found], pages: list[list[Line]],
           raw_lines: list[str], lines_in: list) -> list[list[Line]]:
    """The pages without the tables' stand-ins, each table's ``anchor``
    its stand-in's place in the reading order; the tables' lines numbered
    after the text's and counted in what came in."""
    mine = {id(t.stand_in): t for t in found}
    for i, (text, spans) in enumerate(lines_in):
        if PLACE in text:
            raw_lines[i] = text.replace(PLACE, "").strip()
            lines_in[i] = (raw_lines[i], [s for s in spans
                                          if id(s) not in mine])
    out_pages = []
    for p in pages:
        kept = []
        for ln in p:
            spans = [s for s in ln.spans if id(s) not in mine]
            for s in ln.spans:
                if id(s) in mine:
                    mine[id(s)].anchor = ln.n + 0.5 if spans else ln.n
            if spans:
                ln.spans = spans
                kept.append(ln)
        out_pages.append(kept)
    for t in found:
        for row in t.rows:
            for cell in row:
                for ln in cell:
                    raw_lines.append(ln.text)
                    lines_in.append((ln.text, list(ln.spans)))
                    ln.n = len(raw_lines)
        t.n = min((ln.n for r in t.rows for c in r for ln in c), default=0)
    return out_pages


def guessed(found: list[Found], report) -> None:
    """``PDF016`` for each table told by its alignment alone."""
    for t in found:
        if t.guessed:
            ncol = max(len(r) for r in t.rows)
            report.problem(
                "PDF016", f"page {t.page + 1}: a table with no vertical "
                f"rules ({t.guessed}) read from its lined-up words as "
                f"{len(t.rows)} rows of {ncol} columns, each printed line a "
                "row (a cell wrapped over two lines makes two): check it",
                t.n)


def rules_outside(info: PageInfo, tables: list[Found]) -> None:
    """The page's rules without those of its tables (a table's rule low
    on a page is no footnote separator)."""
    def within(r, b) -> bool:
        return b[0] - 2 <= r[0] and r[1] <= b[2] + 2 and \
            b[1] - 2 <= r[2] <= b[3] + 2
    info.rules = [r for r in info.rules
                  if not any(within(r, t.bbox) for t in tables)]


def _ruled(page) -> bool:
    """Two horizontal and two vertical strokes or edges drawn at least:
    a grid may be there."""
    h = v = 0
    try:
        paths = page.get_cdrawings()
    except Exception:
        return False
    for d in paths:
        for it in d.get("items", ()):
            if it[0] == "l":
                (ax, ay), (bx, by) = it[1][:2], it[2][:2]
                h += abs(ay - by) < 1 and abs(ax - bx) >= 5
                v += abs(ax - bx) < 1 and abs(ay - by) >= 5
            elif it[0] == "re":
                x0, y0, x1, y1 = it[1][:4]
                w, t = abs(x1 - x0), abs(y1 - y0)
                h += 2 if w >= 5 and t >= 5 else (t <= 3 and w >= 5)
                v += 2 if w >= 5 and t >= 5 else (w <= 3 and t >= 5)
        if h >= 2 and v >= 2:
            return True
    return False


def take_all(doc, pages: list[list[Line]], infos: list[PageInfo],
             report) -> tuple[list[list[Line]], list[Found]]:
    """Every page's tables taken out of its lines (before the reading
    order is found: a table's columns are no text columns), ``PDF015``
    for each grid seen but not read as a table."""
    from . import aligned
    from .layout import body_size

    out_pages: list[list[Line]] = []
    tables: list[Found] = []
    size = body_size(pages)
    for lines, info in zip(pages, infos):
        found: list[Found] = []
        if _ruled(doc[info.index]):  # (the finder takes 0.1-1 s a page)
            found, doubts = find(doc[info.index], lines, info)
            for why in doubts:
                report.problem("PDF015", f"page {info.index + 1}: {why}; "
                               "read as text: check this page", 0)
        # Tables ruled only across, or lined up with no rule.
        taken = {id(s) for t in found for s in t.spans}
        rest = [ln for ln in lines if not any(id(s) in taken
                                               for s in ln.spans)]
        for bbox, rows, head, spans, how in aligned.find(
                doc[info.index], rest, info, size):
            found.append(Found(info.index, bbox, rows, head, spans=spans,
                               guessed=how))
        if found:
            lines = take(lines, found)
            rules_outside(info, found)
            tables += found
            report.counts["tables"] += len(found)
        out_pages.append(lines)
    return out_pages, tables


def place(out_blocks: list, found: list[Found], cell_inlines, src: str,
          report) -> list:
    """The tables as :class:`Table` blocks among the text's blocks, each
    before the first block that starts after its first line; a paragraph
    just before or after it that reads as its caption (``Table 1: ...``)
    becomes the caption; a table right after another of as many columns,
    with no head or the same head, is its rest.  ``cell_inlines(lines,
    head)`` makes a cell's inlines (a head's bold is the head's)."""
    from ...model import Paragraph, Source, Table, TableCell, inline_text

    def _texts(rows) -> list:
        return [[inline_text(c.children) for c in r] for r in rows]

    res = list(out_blocks)
    placed: dict[int, Found] = {}
    for t in sorted(found, key=lambda t: t.anchor):
        k = next((i for i, b in enumerate(res)
                  if getattr(b, "source", None) is not None and
                  not isinstance(b, Table) and b.source.line > t.anchor),
                 len(res))
        ncol = max(len(r) for r in t.rows)
        rows = tuple(tuple(TableCell(cell_inlines(r[j], i < t.head)
                                     if j < len(r) and r[j] else ())
                           for j in range(ncol))
                     for i, r in enumerate(t.rows))
        prev = res[k - 1] if k else None
        was = placed.get(id(prev))
        if isinstance(prev, Table) and was is not None and \
                prev.columns == ncol and _broken(was, t) and \
                (not t.head or _texts(rows[:t.head]) == _texts(prev.head)):
            # The rest of a table broken by a column or a page (its head
            # set again over it, as browsers and word processors do).
            res[k - 1] = replace(prev, body=prev.body + rows[t.head:])
            placed[id(res[k - 1])] = t
            report.counts["tables-continued"] += 1
            report.counts["tables"] -= 1
            if t.head:
                for r in rows[:t.head]:
                    for c in r:
                        report.remove("table-head-repeated",
                                      inline_text(c.children), t.n)
            continue
        caption: tuple = ()
        for at in (k - 1, k):
            b = res[at] if 0 <= at < len(res) else None
            if isinstance(b, Paragraph) and \
                    CAPTION.match(inline_text(b.children)):
                caption = b.children
                del res[at]
                k = min(k, at) if at < k else k
                break
        table = Table(rows[:t.head], rows[t.head:], ("",) * ncol, caption,
                      Source(src, t.n))
        res.insert(k if k <= len(res) else len(res), table)
        placed[id(table)] = t
        if caption:
            report.counts["table-captions"] += 1
    return res


def calls(found: list[Found], find_calls) -> tuple[list, dict[int, float]]:
    """The note calls in the tables' cells, and each cell line's place in
    the reading order (its table's)."""
    place: dict[int, float] = {}
    lines: list[Line] = []
    for t in sorted(found, key=lambda t: t.anchor):
        for row in t.rows:
            for cell in row:
                for ln in cell:
                    place[id(ln)] = t.anchor
                    lines.append(ln)
    return find_calls(lines), place
