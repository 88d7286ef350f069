"""Tables in the ``pdf`` reader: ruled grids read as tables, prose not."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners import load_all, run
from pamphleteer.model import (Paragraph, Table, block_text, inline_text,
                               walk_blocks)

FIX = Path(__file__).parent / "fixtures" / "pdf"

ROWS = [["Branch", "Members", "Founded", "Paper"],
        ["Bakery", "42", "1901", "The Loaf"],
        ["Print shop", "17", "1898", "Ink and Type"],
        ["Dockyard", "230", "1905", "Tides"],
        ["Tailors", "8", "1911", "Needle"]]
PARA = ("The committee of the {} branch met on the first Tuesday of every "
        "month and kept careful minutes of what it decided, and each member "
        "brought the questions of a trade.")
CSS = {"grid": "table{border-collapse:collapse} "
               "td,th{border:1px solid #000;padding:3pt 6pt}",
       "booktabs": "table{border-collapse:collapse;"
                   "border-top:1.2pt solid #000;"
                   "border-bottom:1.2pt solid #000} "
                   "thead th{border-bottom:0.6pt solid #000} "
                   "td,th{padding:2pt 8pt}",
       "bare": "table{border-collapse:collapse} "
               "td,th{padding:1pt 14pt 1pt 0;text-align:left}"}


def clean(path: Path, **options):
    load_all()
    return run("pdf", path.read_bytes(), source=str(path), options=options)


def _render(tmp_path: Path, style: str, columns: int) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    words = ["first", "second", "third", "fourth", "fifth", "sixth"]
    table = ("<table><caption>Table 1: Branches of the federation</caption>"
             "<thead><tr>" + "".join(f"<th>{c}</th>" for c in ROWS[0])
             + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r)
                       + "</tr>" for r in ROWS[1:]) + "</tbody></table>")
    body = ("<h1>Report of the federation</h1>"
            + "".join(f"<p>{PARA.format(w)}</p>" for w in words[:3]) + table
            + "".join(f"<p>{PARA.format(w)}</p>" for w in words[3:]))
    css = ("@page{size:A5;margin:18mm} body{font:10pt serif} "
           "caption{caption-side:top;text-align:left;margin-bottom:4pt} "
           + CSS[style])
    if columns == 2:  # (the table breaks from one column into the next)
        css += " body{columns:2;column-gap:8mm;font-size:8pt} @page{size:A4}"
    path = tmp_path / f"{style}-{columns}.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head>"
                    f"<body>{body}</body></html>").write_pdf(str(path))
    return path


def _cells(rows) -> list[list[str]]:
    return [[inline_text(c.children) for c in r] for r in rows]


@pytest.mark.parametrize("columns", [1, 2])
def test_ruled_grid_is_a_table_in_its_place(tmp_path, columns):
    result = clean(_render(tmp_path, "grid", columns))
    blocks = result.document.blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1  # (its two parts joined when in two columns)
    t = tables[0]
    assert _cells(t.head) == [ROWS[0]]
    assert _cells(t.body) == ROWS[1:]
    assert inline_text(t.caption) == "Table 1: Branches of the federation"
    # between the third paragraph and the fourth
    texts = [block_text(b) for b in blocks]
    k = blocks.index(t)
    assert "third branch" in texts[k - 1] and "fourth branch" in texts[k + 1]
    # its words in it once, nowhere else; none lost
    prose = " ".join(block_text(b) for b in walk_blocks(blocks)
                     if isinstance(b, Paragraph))
    for word in ("Dockyard", "Needle", "1905", "Members", "Branches"):
        assert word not in prose
    assert result.report.conservation["ok"]
    assert not [p for p in result.report.problems
                if p.code in ("PDF012", "PDF015")]


@pytest.mark.parametrize("style,columns", [("booktabs", 1), ("bare", 1)])
def test_tables_without_vertical_rules_are_guessed_and_said(
        tmp_path, style, columns):
    """A table ruled only across (booktabs: above, under its head, below)
    or not at all (columns lined up) has no grid the finder sees: its
    cells are told by the words' positions, each printed line a row, and
    the guess is said (PDF016, its page and line).  Before, its cells were
    lines of their own: '42 / 1901 / The Loaf' read as a quotation."""
    result = clean(_render(tmp_path, style, columns))
    blocks = result.document.blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    t = tables[0]
    rows = _cells(t.rows())
    assert rows == ROWS
    if style == "booktabs":  # (the rule under the head says it is one)
        assert _cells(t.head) == [ROWS[0]]
    assert inline_text(t.caption) == "Table 1: Branches of the federation"
    texts = [block_text(b) for b in blocks]
    k = blocks.index(t)
    assert "third branch" in texts[k - 1] and "fourth branch" in texts[k + 1]
    said = [p for p in result.report.problems if p.code == "PDF016"]
    assert len(said) == 1 and said[0].message.startswith("page 1:")
    assert said[0].line > 0
    assert result.report.conservation["ok"]


def test_prose_lists_and_contents_are_no_guessed_tables(tmp_path):
    """Lines whose words leave wide gaps but are no table: a bulleted list
    with its marks set off, a contents list (titles and page numbers), a
    narrow justified paragraph: no table, no PDF016."""
    weasyprint = pytest.importorskip("weasyprint")
    items = "".join(f"<p style='margin:0 0 0 2em'>•<span style='margin-left:"
                    f"2em'>{w} item of the list</span></p>"
                    for w in ("First", "Second", "Third", "Fourth"))
    contents = "".join(
        f"<p style='margin:0'>{w} chapter<span style='position:absolute;"
        f"left:40mm'>{n}</span></p>"
        for w, n in (("First", 3), ("Second", 17), ("Third", 29)))
    body = (f"{items}{contents}"
            + "".join(f"<p style='text-align:justify;width:9em'>"
                      f"{PARA.format(w)}</p>" for w in ("one", "two")))
    path = tmp_path / "lists.pdf"
    weasyprint.HTML(string="<html><head><style>@page{size:A5;margin:18mm} "
                    "body{font:10pt serif}"
                    f"</style></head><body>{body}</body></html>"
                    ).write_pdf(str(path))
    result = clean(path)
    assert not [b for b in walk_blocks(result.document.blocks)
                if isinstance(b, Table)]
    assert not [p for p in result.report.problems if p.code == "PDF016"]
    assert result.report.conservation["ok"]


def test_google_docs_table_with_note_calls():
    """py-pdf/sample-files' Google Docs export: a table of five countries
    (a flag beside most names), row heads in bold, note calls in its
    cells linked to the notes under it."""
    result = clean(FIX / "google-docs-table.pdf")
    doc = result.document
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = _cells(tables[0].rows())
    assert len(rows) == 5 and all(len(r) == 6 for r in rows)
    assert rows[0][1].startswith("Indonesia")
    assert rows[2] == ["Capital", "Jakarta", "Berlin", "Vienna", "Paris",
                       "Vatican City"]
    assert [n.label for n in doc.notes] == ["1", "2", "3"]
    assert "2021 estimate" in block_text(doc.notes[0].blocks[0])
    assert not [p for p in result.report.problems
                if p.code in ("PDF001", "PDF003")]
    assert result.report.conservation["ok"]


def test_boxes_of_prose_are_no_tables():
    """An Anarchist Library PDF whose pages draw boxes round quotations:
    no table, no warning."""
    result = clean(FIX / "library" /
                   "gabriel-kuhn-revolucion-es-mas-que-una-palabra.pdf")
    assert not [b for b in walk_blocks(result.document.blocks)
                if isinstance(b, Table)]
    assert not [p for p in result.report.problems if p.code == "PDF015"]
    assert result.report.conservation["ok"]
