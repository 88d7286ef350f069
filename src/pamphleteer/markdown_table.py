"""Tables in the cleaned text's Markdown: pipe tables, as GitHub and pandoc
write them, with a caption line pandoc also reads.

::

    | Year | Members |
    |------|--------:|
    | 1905 |   3,000 |
    | [Total unknown]{colspan=2} | |

    Table: Membership by year

- The alignment row gives each column's alignment (``:--`` left, ``--:``
  right, ``:-:`` centre, ``---`` none).
- A ``|`` in a cell is written ``\\|`` (also inside code: a pipe table splits
  its cells before anything else is read).
- A line break in a cell is ``<br>``.
- A cell spanning columns or rows wraps its content in a span with
  ``colspan``/``rowspan`` attributes; a row lists only the cells that start
  in it, as HTML does, and is filled up to the table's width with empty
  cells, which the reader drops.
- A table without a head row has one of empty cells.
- The caption is a paragraph right after the table opening with
  ``Table:``; a head of other than one row (or a head row of empty cells)
  is said by ``{head=N}`` at its end (``Table: Votes {head=2}``): the head's
  first row stands in the header line, the others open the body.  Leading
  columns that head the body's rows are said by ``{rowheads=N}`` there.

Reading uses markdown-it-py's table rule (GitHub's pipe tables); nothing
here splits cells by hand.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from markdown_it.tree import SyntaxTreeNode

from .errors import RenderError
from .model import Source, Table, TableCell, TableRow, inline_text

CAPTION_START = "Table:"
"""What opens a table's caption line."""

HEAD_ATTR = re.compile(r"(^|[ \t]+)\{((?:head|rowheads)=\d{1,3}"
                       r"(?:[ \t]+(?:head|rowheads)=\d{1,3})?)\}[ \t]*$")
"""A caption line's ``{head=N rowheads=M}`` at its end (on the unescaped
text)."""

_ALIGN_MARK = {"": "---", "left": ":--", "right": "--:", "center": ":-:"}
_ALIGN_STYLE = {"text-align:left": "left", "text-align:right": "right",
                "text-align:center": "center"}


class Grid:
    """Places the rows of one part of a table (head or body) in its ``n``
    columns, row after row, remembering only the spans that reach down
    (linear in the cells, however many rows)."""

    def __init__(self, n: int):
        self.n = n
        self.above: dict[int, int] = {}   # column -> rows it stays covered
        self.below: dict[int, int] = {}
        self.col = 0
        self.overlap = False

    def start_row(self) -> None:
        self.below = {c: k - 1 for c, k in self.above.items() if k > 1}
        self.col = 0
        self.skip()

    def skip(self) -> None:
        while self.above.get(self.col, 0) > 0:
            self.col += 1

    def full(self) -> bool:
        """The row's columns are all taken."""
        return self.col >= self.n

    def place(self, colspan: int, rowspan: int) -> None:
        for dc in range(colspan):
            if self.above.get(self.col + dc, 0) > 0:
                self.overlap = True
            if rowspan > 1:
                self.below[self.col + dc] = rowspan - 1
        self.col += colspan
        self.skip()

    def end_row(self) -> int:
        """Columns the row filled (``n`` when sound; -1 on an overlap)."""
        width = -1 if self.overlap else self.col
        self.above, self.overlap = self.below, False
        return width


def check_shape(table: Table) -> str:
    """What makes a table's rows not fill its columns, or ''."""
    n = table.columns
    if n < 1:
        return "a table needs at least one column"
    if not 0 <= table.row_heads <= n:
        return f"{table.row_heads} row-heading columns of {n}"
    for part, rows in (("head", table.head), ("body", table.body)):
        grid = Grid(n)
        for i, row in enumerate(rows):
            if any(c.colspan < 1 or c.rowspan < 1 for c in row):
                return f"{part} row {i + 1} has a span below 1"
            grid.start_row()
            for c in row:
                grid.place(c.colspan, c.rowspan)
            width = grid.end_row()
            if width != n:
                return (f"{part} row {i + 1} fills {max(width, 0)} of {n} "
                        f"columns")
    return ""


def write_table(table: Table, cell: Callable[[TableCell], str],
                caption: Callable[[tuple], str]) -> list[str]:
    """Lines of a pipe table; ``cell`` renders a cell's content on one line
    (with its spans), ``caption`` the caption's inlines."""
    problem = check_shape(table)
    if problem:
        raise RenderError(f"cannot write the table: {problem}")
    n = table.columns

    def line(row: TableRow) -> str:
        cells = [cell(c).replace("|", "\\|") for c in row]
        cells += [""] * (n - len(cells))
        return "| " + " | ".join(cells) + " |"

    head = list(table.head)
    first: TableRow = head[0] if head else tuple(TableCell(()) for _ in
                                                 range(n))
    lines = [line(first), "|" + "|".join(_ALIGN_MARK[a] for a in
                                         table.aligns) + "|"]
    lines += [line(r) for r in head[1:] + list(table.body)]
    empty_first = bool(head) and not any(c.children for c in head[0])
    pairs = [f"head={len(head)}"] if len(head) > 1 or empty_first else []
    if table.row_heads:
        pairs.append(f"rowheads={table.row_heads}")
    if table.caption or pairs:
        text = caption(table.caption) if table.caption else ""
        if pairs:
            text = (text + " " if text else "") + "{" + " ".join(pairs) + "}"
        lines += ["", (CAPTION_START + " " + text).rstrip()]
    return lines


def align_of(style: str) -> str:
    """A column's alignment from markdown-it's ``style`` of a cell."""
    return _ALIGN_STYLE.get(style.replace(" ", ""), "")


def check_aligns(aligns: Sequence[str]) -> None:
    """Refuse an alignment the format has no mark for."""
    for a in aligns:
        if a not in _ALIGN_MARK:
            raise RenderError(f"cannot write a column aligned {a!r}")


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

def is_caption(node: SyntaxTreeNode | None) -> bool:
    """True for a paragraph opening with an unescaped ``Table:``."""
    if node is None or node.type != "paragraph" or not node.children:
        return False
    first = node.children[0].children[:1]
    return bool(first) and first[0].type == "text" and \
        first[0].content.startswith(CAPTION_START)


def _span_of(value: str) -> int:
    return int(value) if value.isdigit() and 1 <= int(value) <= 1000 else 0


def read_table(reader: Any, node: SyntaxTreeNode,
               caption: SyntaxTreeNode | None, source: Source) -> Table:
    """The :class:`Table` of a markdown-it ``table`` node and its caption
    paragraph (``reader`` is markdown_read's reader: its ``inlines``,
    ``items_of``, ``finish``, ``removed`` and ``problem``)."""
    raw_rows: list[list[SyntaxTreeNode]] = []
    for part in node.children:
        for tr in part.children:
            raw_rows.append(list(tr.children))
    header = raw_rows[0] if raw_rows else []
    n = len(header)
    aligns = tuple(align_of(str(c.attrs.get("style", ""))) for c in header)
    reader.removed("markup", "table")

    cap: tuple = ()
    head_count: int | None = None
    row_heads = 0
    if caption is not None:
        reader.src(caption)
        items = reader.items_of(caption.children[0].children)
        first = items[0]
        items[0] = type(first)(first.text[len(CAPTION_START):].lstrip(),
                               False)
        reader.removed("markup", CAPTION_START)
        last = items[-1] if items else None
        if last is not None and hasattr(last, "escaped") and not last.escaped:
            m = HEAD_ATTR.search(last.text)
            if m:
                found = dict(kv.split("=") for kv in m.group(2).split())
                if "head" in found:
                    head_count = int(found["head"])
                row_heads = int(found.get("rowheads", "0"))
                reader.removed("markup", m.group(0).strip())
                items[-1] = type(last)(last.text[:m.start()], False)
        cap = reader.finish(items)

    def read_cell(td: SyntaxTreeNode) -> TableCell:
        nodes = list(td.children[0].children) if td.children else []
        colspan = rowspan = 1
        if len(nodes) == 1 and nodes[0].type == "span" and nodes[0].attrs \
                and set(nodes[0].attrs) <= {"colspan", "rowspan"}:
            attrs = {k: str(v) for k, v in nodes[0].attrs.items()}
            colspan = _span_of(attrs.get("colspan", "1"))
            rowspan = _span_of(attrs.get("rowspan", "1"))
            reader.removed("markup", " ".join(f"{k}={v}" for k, v in
                                              attrs.items()))
            if not colspan or not rowspan:
                reader.problem("MD011", f"table cell span {attrs} is not a "
                               f"number from 1 to 1000; read as 1")
                colspan, rowspan = colspan or 1, rowspan or 1
            nodes = list(nodes[0].children)
        return TableCell(reader.inlines(nodes), colspan, rowspan)

    def read_part(rows: list[list[SyntaxTreeNode]]) -> tuple[TableRow, ...]:
        grid = Grid(n)
        out: list[TableRow] = []
        for i, raw in enumerate(rows):
            cells: list[TableCell] = []
            grid.start_row()
            for k, td in enumerate(raw):
                if grid.full():
                    rest = [reader.inlines(list(x.children[0].children))
                            for x in raw[k:] if x.children]
                    text = " ".join(inline_text(r) for r in rest).strip()
                    if text:
                        reader.problem("MD011", f"table row {i + 1} has "
                                       f"cells beyond its columns (spans "
                                       f"fill it): {text!r} left out")
                        reader.removed("table-overflow", text)
                    break
                cell = read_cell(td)
                cells.append(cell)
                grid.place(cell.colspan, cell.rowspan)
            if grid.end_row() != n:
                reader.problem("MD011", f"table row {i + 1}: its cells' "
                               f"spans overlap or overrun the columns")
            out.append(tuple(cells))
        return tuple(out)

    if head_count is None:
        head_count = 1 if raw_rows and any(
            c.children and c.children[0].children for c in header) else 0
        if head_count == 0:
            raw_rows = raw_rows[1:]
    head = read_part(raw_rows[:head_count])
    body = read_part(raw_rows[head_count:])
    return Table(head, body, aligns, cap, source, min(row_heads, n))
