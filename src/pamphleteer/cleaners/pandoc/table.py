"""pandoc's ``Table`` (API 1.23, pandoc 3) into the model's :class:`Table`.

pandoc gives ``[attr, caption, colspecs, head, bodies, foot]``: column
alignments in ``colspecs``; rows of cells ``[attr, alignment, rowspan,
colspan, blocks]`` in the head, in each body (its own head rows, then its
rows) and in the foot.  The model keeps the head rows, then every body and
foot row in order, each cell's spans, the column alignments and the caption.

A cell of the model holds inlines.  A cell of one paragraph (pandoc's
``Plain`` or ``Para``) is its inlines; a cell of several paragraphs holds
them one per line (:class:`LineBreak`).  Other blocks in a cell (a list, a
quotation, a heading) are flattened to their lines the same way, and
reported (``PANDOC001``): the words stay, their structure does not.

A table that lays out a page rather than tabulating (old HTML pages set
whole texts in one cell) is not a table: when a cell holds a heading or
another table, or a table of one row or one column holds a cell of several
blocks, the cells' blocks are read in order as blocks of the text
(counted as ``layout-tables``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ...model import (Block, Inline, LineBreak, Strong, Table, TableCell,
                      TableRow, Text, block_inlines, inline_text, walk_blocks)
from .tree import Json, PandocNode, ast_text

if TYPE_CHECKING:
    from .convert import Converter

ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center",
         "AlignDefault": ""}
"""pandoc's alignments as the model names them."""

_LAYOUT_BLOCKS = {"Header", "Table", "Figure", "HorizontalRule"}
"""Blocks no data table holds in a cell: a table holding them is layout."""


def _cells(row: Json) -> list[Json]:
    return list(row[1]) if isinstance(row, list) and len(row) > 1 else []


def _cell_blocks(cell: Json) -> list[PandocNode]:
    return list(cell[4]) if isinstance(cell, list) and len(cell) > 4 else []


def _span(value: Json) -> int:
    return value if isinstance(value, int) and value > 0 else 1


def _trim_cell(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A cell without the line breaks and spaces (no-break ones too) that
    pad it at either end: a cell of only ``&nbsp;`` is empty."""
    items = list(inlines)
    while items and (isinstance(items[-1], LineBreak) or (
            isinstance(items[-1], Text) and not items[-1].text.strip())):
        items.pop()
    while items and (isinstance(items[0], LineBreak) or (
            isinstance(items[0], Text) and not items[0].text.strip())):
        items.pop(0)
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    return tuple(items)


def _aligns(specs: tuple[str, ...], every: list[Json],
            rows: list[Json]) -> tuple[str, ...]:
    """Each column's alignment: the one most of its (body) cells have,
    empty cells and spanning cells aside.  A cell without an alignment of
    its own takes its column's, unless the column's came from the first
    row's cells: pandoc's HTML reader gives a column the alignment of the
    first row, often a head centred over plain columns."""
    if not any((cell[1] or {}).get("t", "AlignDefault") != "AlignDefault"
               for r in every for cell in _cells(r)):
        return specs   # a pipe table's, LaTeX's, a word processor's
    first = [ALIGN.get((cell[1] or {}).get("t", ""), "")
             for cell in (_cells(every[0]) if every else [])]
    derived = [i < len(first) and bool(a) and first[i] == a
               for i, a in enumerate(specs)]
    votes: list[Counter[str]] = [Counter() for _ in specs]
    covered: dict[int, int] = {}
    for r in rows:
        col = 0
        below = {c: k - 1 for c, k in covered.items() if k > 1}
        for cell in _cells(r):
            while covered.get(col, 0) > 0:
                col += 1
            if col < len(votes) and _span(cell[3]) == 1 and \
                    ast_text(_cell_blocks(cell)).strip():
                own = ALIGN.get((cell[1] or {}).get("t", ""), "")
                votes[col][own or ("" if derived[col] else specs[col])] += 1
            if _span(cell[2]) > 1:
                for dc in range(_span(cell[3])):
                    below[col + dc] = _span(cell[2]) - 1
            col += _span(cell[3])
        covered = below
    return tuple(v.most_common(1)[0][0] if v else a
                 for v, a in zip(votes, specs))


def _all_strong(row: TableRow) -> bool:
    """Every filled cell of the row is one strong run (and one is filled)."""
    filled = [c for c in row if c.children]
    return bool(filled) and all(len(c.children) == 1 and isinstance(
        c.children[0], Strong) for c in filled)


def _unstrong(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    first = inlines[0] if len(inlines) == 1 else None
    return first.children if isinstance(first, Strong) else inlines


def _is_layout(rows: list[Json], ncols: int) -> bool:
    cells = [cell for r in rows for cell in _cells(r)]
    for cell in cells:
        for b in _cell_blocks(cell):
            if b.get("t") in _LAYOUT_BLOCKS:
                return True
    if ncols <= 1 or len(rows) <= 1:
        return any(len(_cell_blocks(cell)) > 1 for cell in cells)
    return False


def convert_table(conv: Converter, c: Json) -> list[Block]:
    """The model's blocks for one pandoc ``Table`` node (a :class:`Table`,
    or the blocks of a layout table)."""
    attr, caption, specs, head, bodies, foot = c
    head_rows: list[Json] = list(head[1])
    body_rows: list[Json] = []
    row_heads = []
    # our cleaned Markdown's caption line "Table: ... {head=2 rowheads=1}",
    # which pandoc reads as the table's attributes
    kv = {k.removeprefix("data-"): v for k, v in (
        attr[2] if isinstance(attr, list) and len(attr) > 2 else [])}
    for body in bodies:
        body_rows += list(body[2]) + list(body[3])
        row_heads.append(body[1] if isinstance(body[1], int) else 0)
    body_rows += list(foot[1])
    aligns = tuple(ALIGN.get((s[0] or {}).get("t", ""), "") for s in specs)
    cap_blocks: list[PandocNode] = list(caption[1]) if caption else []

    if _is_layout(head_rows + body_rows, len(aligns)):
        out: list[Block] = []
        for b in cap_blocks:
            out.extend(conv.block(b))
        for r in head_rows + body_rows:
            for cell in _cells(r):
                out.extend(conv.blocks(_cell_blocks(cell)))
        conv.report.counts["layout-tables"] += 1
        return out

    first = next((b for r in head_rows + body_rows for cell in _cells(r)
                  for b in _cell_blocks(cell)), None)
    source = conv._src(" ".join(ast_text([first]).split()[:8])
                       if first else "")
    flattened: list[str] = []

    def cell_inlines(blocks: list[PandocNode]) -> tuple[Inline, ...]:
        items: list[Inline] = []
        for b in blocks:
            if b.get("t") in ("Plain", "Para"):
                run: list[Inline] = list(conv.inlines(b["c"]))
            else:
                flattened.append(str(b.get("t")))
                run = []
                for blk in walk_blocks(tuple(conv.block(b))):
                    for part in block_inlines(blk):
                        if run:
                            run.append(LineBreak())
                        run.extend(part)
            if not run:
                continue
            if items:
                items.append(LineBreak())
            items.extend(run)
        return conv.finish(items)

    def rows(raw: list[Json]) -> tuple[TableRow, ...]:
        return tuple(tuple(TableCell(_trim_cell(cell_inlines(
            _cell_blocks(cell))), _span(cell[3]), _span(cell[2]))
            for cell in _cells(r)) for r in raw)

    cap = cell_inlines(cap_blocks)
    t_head, t_body = rows(head_rows), rows(body_rows)
    every = head_rows + body_rows
    aligns = _aligns(aligns, every, body_rows or head_rows)
    # A head of empty cells is no head (pandoc gives one to headerless
    # pipe and grid tables).
    if not any(cell.children for r in t_head for cell in r):
        t_head = ()
    if not cap and not any(cell.children for r in t_head + t_body
                           for cell in r):
        return []
    if not t_head and len(t_body) > 2 and _all_strong(t_body[0]):
        # A first row all in bold over plain rows: the head as old HTML
        # (Project Gutenberg's) sets it, in td and b.
        t_head = (tuple(TableCell(_unstrong(c.children), c.colspan,
                                  c.rowspan) for c in t_body[0]),)
        t_body = t_body[1:]
        aligns = _aligns(tuple(ALIGN.get((s[0] or {}).get("t", ""), "")
                               for s in specs), every, body_rows[1:])
        text = " | ".join(inline_text(c.children) for c in t_head[0])
        conv.report.change("table-head-found", text, text, source.line,
                           "a first row all in bold read as the table's "
                           "head")
    if flattened:
        kinds = ", ".join(sorted(set(flattened)))
        conv.report.problem(
            "PANDOC001", f"a table cell held blocks a cell of the book cannot "
            f"carry ({kinds}): set as lines of the cell; check it reads well",
            source.line)
    conv.report.counts["tables"] += 1
    # leading columns heading the rows (HTML's th in the body), where every
    # body agrees
    heads = min(row_heads, default=0) if t_body else 0
    if str(kv.get("rowheads", "")).isdigit():
        heads = int(kv["rowheads"])
    if str(kv.get("head", "")).isdigit() and len(t_head) == 1:
        more = int(kv["head"]) - 1
        if more > 0:
            t_head, t_body = t_head + t_body[:more], t_body[more:]
    return [Table(t_head, t_body, aligns, cap, source,
                  max(0, min(heads, len(aligns))))]
