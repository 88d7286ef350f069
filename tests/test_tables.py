"""Tables end to end: one known table written as HTML, pipe Markdown, Muse,
DOCX and ODT reads back into the same :class:`Table`; cleaned Markdown
round-trips it; no word is lost; the EPUB and the PDF set it as a table.

Ground truth is :data:`KNOWN`, written here by hand; the DOCX and ODT forms
are made from the pipe Markdown by the pandoc of pypandoc-binary.  The real
text is a cut of Project Gutenberg's *Infantry Drill Regulations* (1911),
see tests/fixtures/tables/README.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import epub_files, epubcheck
from pamphleteer.cleaners import load_all
from pamphleteer.errors import RenderError
from pamphleteer.markdown_io import (parse_markdown, read_markdown,
                                     strip_sources, write_markdown)
from pamphleteer.model import (Document, Emph, LineBreak, Metadata, NoteRef,
                               Paragraph, Table, TableCell, Text,
                               document_words, walk_blocks)
from pamphleteer.render.xhtml import Context, blocks as render_blocks

FIX = Path(__file__).parent / "fixtures" / "tables"


def c(*inlines, colspan=1, rowspan=1) -> TableCell:
    return TableCell(tuple(Text(x) if isinstance(x, str) else x
                           for x in inlines), colspan, rowspan)


KNOWN = Table(
    head=((c("Year"), c("Members"), c("Notes")),),
    body=((c("1905"), c("3,000"), c("First ", Emph((Text("congress"),)))),
          (c("1906"), c("5,000"), c("Growth after the strikes")),
          (c("1907"), c("9,000"), c())),
    aligns=("left", "right", ""),
    caption=(Text("Membership by year"),))

PIPE = """Before the table.

| Year | Members | Notes |
|:-----|--------:|-------|
| 1905 | 3,000   | First *congress* |
| 1906 | 5,000   | Growth after the strikes |
| 1907 | 9,000   |  |

Table: Membership by year

After the table.
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Membership</title></head>
<body><p>Before the table.</p>
<table>
<caption>Membership by year</caption>
<thead><tr><th style="text-align:left">Year</th>
<th style="text-align:right">Members</th><th>Notes</th></tr></thead>
<tbody>
<tr><td style="text-align:left">1905</td><td style="text-align:right">3,000</td>
<td>First <em>congress</em></td></tr>
<tr><td style="text-align:left">1906</td><td style="text-align:right">5,000</td>
<td>Growth after the strikes</td></tr>
<tr><td style="text-align:left">1907</td><td style="text-align:right">9,000</td>
<td>&nbsp;</td></tr>
</tbody></table>
<p>After the table.</p>
</body></html>
"""

MUSE = """#title Membership
#lang en

Before the table.

 Year || Members || Notes
 1905 | 3,000 | First <em>congress</em>
 1906 | 5,000 | Growth after the strikes
 1907 | 9,000 |
 |+ Membership by year +|

After the table.
"""


def _clean(fmt: str, raw) -> object:
    return load_all()[fmt].clean(raw, source=f"known.{fmt}", options={})


def _table(doc) -> Table:
    tables = [b for b in walk_blocks(doc.blocks) if isinstance(b, Table)]
    assert len(tables) == 1, doc.blocks
    return strip_sources(Document(Metadata(), (tables[0],))).blocks[0]


def _made_by_pandoc(tmp_path: Path, fmt: str) -> bytes:
    import pypandoc

    out = tmp_path / f"known.{fmt}"
    pypandoc.convert_text(PIPE, fmt, format="markdown", outputfile=str(out))
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["html", "pandoc-markdown", "muse"])
def test_known_table_read_from_text_formats(fmt):
    raw = {"html": HTML.encode(), "pandoc-markdown": PIPE, "muse": MUSE}[fmt]
    result = _clean(fmt, raw)
    table = _table(result.document)
    if fmt == "muse":   # Muse has no alignment
        assert table == KNOWN.__class__(KNOWN.head, KNOWN.body, ("", "", ""),
                                        KNOWN.caption)
    else:
        assert table == KNOWN
    texts = [b for b in result.document.blocks if isinstance(b, Paragraph)]
    assert [t.children for t in texts] == [(Text("Before the table."),),
                                           (Text("After the table."),)]
    assert not [p for p in result.report.problems if p.code == "PANDOC001"]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_known_table_read_from_word_processors(fmt, tmp_path):
    result = _clean(fmt, _made_by_pandoc(tmp_path, fmt))
    table = _table(result.document)
    assert (table.head, table.body) == (KNOWN.head, KNOWN.body)
    assert table.columns == 3
    if fmt == "docx":
        assert table.caption == KNOWN.caption
    else:
        # pandoc's ODT reader gives the caption (a paragraph of style
        # "Table") as a paragraph before the table: its words stay there
        paras = [b for b in result.document.blocks
                 if isinstance(b, Paragraph)]
        assert paras[1].children == KNOWN.caption


SPANNED = ('<table><thead><tr><th colspan="2">Group</th><th>Votes</th></tr>'
           '</thead><tbody><tr><td rowspan="2">A</td><td>x</td><td>1</td>'
           '</tr><tr><td>y</td><td>2</td></tr></tbody></table>')


@pytest.mark.parametrize("fmt", ["html", "docx", "odt"])
def test_spans_survive_html_docx_and_odt(fmt, tmp_path):
    if fmt == "html":
        raw = f"<html><body>{SPANNED}</body></html>".encode()
    else:
        import pypandoc

        out = tmp_path / f"span.{fmt}"
        pypandoc.convert_text(SPANNED, fmt, format="html",
                              outputfile=str(out))
        raw = out.read_bytes()
    table = _table(_clean(fmt, raw).document)
    assert table.head == ((c("Group", colspan=2), c("Votes")),)
    assert table.body == ((c("A", rowspan=2), c("x"), c("1")),
                          (c("y"), c("2")))


def test_latex_column_alignment_survives_a_centred_spanning_cell():
    tex = ("\\documentclass{article}\\begin{document}\nText.\n"
           "\\begin{tabular}{lr}\nYear & Members\\\\\n\\hline\n"
           "1905 & 3,000\\\\\n\\multicolumn{2}{c}{Total}\\\\\n"
           "\\end{tabular}\n\\end{document}\n")
    table = _table(_clean("latex", tex).document)
    assert table.aligns == ("left", "right")
    assert table.body[-1] == (c("Total", colspan=2),)


def test_cleaned_markdown_round_trips_and_pandoc_reads_it_the_same():
    doc = Document(Metadata(title="Membership"), (
        Paragraph((Text("Before."),)), KNOWN, Paragraph((Text("After."),))))
    text = write_markdown(doc)
    assert "| Year | Members | Notes |\n|:--|--:|---|\n" in text
    assert "\n\nTable: Membership by year\n" in text
    assert strip_sources(read_markdown(text, source="x.md")) == doc
    # pandoc reads our pipe table and caption as the same table
    again = _clean("pandoc-markdown", text.split("---\n", 2)[2])
    assert _table(again.document) == KNOWN


def test_spans_line_breaks_pipes_and_heads_round_trip():
    table = Table(
        head=((c("Group", colspan=2), c("Votes")),
              (c("name"), c("place"), c())),
        body=((c("a | b", rowspan=2), c("x", LineBreak(), "y"), c("1")),
              (c("`code|pipe`"), c("2")),
              (c("Total", colspan=3),)),
        aligns=("", "center", "right"),
        caption=(Text("Table: with "), NoteRef("1")))
    doc = Document(Metadata(), (table, Paragraph((Text("Table: not a "
                                                       "caption"),))))
    text = write_markdown(doc)
    assert "{head=2}" in text and 'colspan="2"' in text
    assert "a \\\\| b" in text   # the pipe escaped for the text and the cell
    back = parse_markdown(text, source="x.md")
    assert back.problems == ()
    assert strip_sources(back.document) == doc


def test_row_headings_from_html_to_markdown_and_xhtml():
    html = ("<html><body><table><thead><tr><th>Country</th><th>Members</th>"
            "</tr></thead><tbody><tr><th>France</th><td>1,200</td></tr>"
            "<tr><th>Spain</th><td>900</td></tr></tbody></table>"
            "</body></html>")
    table = _table(_clean("html", html.encode()).document)
    assert table.row_heads == 1
    doc = Document(Metadata(), (table,))
    text = write_markdown(doc)
    assert "{rowheads=1}" in text
    assert strip_sources(read_markdown(text, source="x.md")) == doc
    # pandoc reads "{rowheads=1}" (and "{head=2}") as the table's
    # attributes, which its reader honours
    two = Document(Metadata(), (Table(((c("Land"), c("Members")),
                                       (c(), c("1906"))),
                                      table.body, ("", ""), (), None, 1),))
    text = write_markdown(two)
    assert "Table: {head=2 rowheads=1}" in text
    assert _table(_clean("pandoc-markdown", text).document) == two.blocks[0]
    ctx = Context(scope="ch", notes={}, mode="epub", href=lambda x: x)
    out = str(render_blocks((table,), ctx))
    assert '<tr><th scope="row">France</th><td>1,200</td></tr>' in out


def test_headless_table_and_empty_head_row():
    for head in ((), ((c(), c()),)):
        doc = Document(Metadata(), (Table(head, ((c("a"), c("b")),),
                                          ("", "")),))
        text = write_markdown(doc)
        assert strip_sources(read_markdown(text, source="x.md")) == doc


def test_unsound_table_is_refused_by_the_writer():
    bad = Table(((c("a"), c("b")),), ((c("only one"),),), ("", ""))
    with pytest.raises(RenderError, match="fills 1 of 2 columns"):
        write_markdown(Document(Metadata(), (bad,)))


def test_hand_written_table_with_too_many_cells_is_reported():
    text = "| a | b |\n|---|---|\n| [x]{colspan=2} | lost words |\n"
    parsed = parse_markdown(text, source="x.md")
    assert [p.code for p in parsed.problems] == ["MD011"]
    assert "lost words" in parsed.problems[0].message
    assert any(r.text == "lost words" for r in parsed.removals)


def test_no_word_lost_and_notes_in_cells_linked():
    muse = MUSE.replace("strikes", "strikes[1]") + "\n[1] In Petrograd.\n"
    result = _clean("muse", muse)
    table = _table(result.document)
    assert NoteRef("1") in table.body[1][2].children
    assert [n.label for n in result.document.notes] == ["1"]
    assert result.report.counts["tables"] == 1
    words = document_words(result.document)
    for w in ("year", "members", "1905", "congress", "membership",
              "petrograd"):
        assert w in words
    assert not [p for p in result.report.problems if p.code == "CONS001"]


def test_cell_with_a_list_is_set_as_lines_and_reported():
    html = HTML.replace("Growth after the strikes",
                        "<ul><li>Growth</li><li>strikes</li></ul>")
    result = _clean("html", html.encode())
    table = _table(result.document)
    assert table.body[1][2].children == (Text("Growth"), LineBreak(),
                                         Text("strikes"))
    assert [p.code for p in result.report.problems] == ["PANDOC001"]


def test_layout_table_is_not_a_table():
    html = ("<html><body><table><tr><td><h2>Chapter</h2><p>One.</p>"
            "<p>Two.</p></td></tr></table></body></html>")
    doc = _clean("html", html.encode()).document
    assert not [b for b in walk_blocks(doc.blocks) if isinstance(b, Table)]


def test_xhtml_of_a_table():
    ctx = Context(scope="ch", notes={}, mode="epub", href=lambda x: x)
    html = str(render_blocks((KNOWN,), ctx))
    assert "<caption>Membership by year</caption>" in html
    assert '<thead>\n<tr><th scope="col" class="al-left">Year</th>' in html
    assert '<td class="al-right">3,000</td>' in html
    assert "<td></td>" in html   # the empty cell stays a cell
    spanned = Table(((c("A", colspan=2),),), ((c("x", rowspan=2), c("y")),
                                              (c("z"),)), ("", "right"))
    html = str(render_blocks((spanned,), ctx))
    assert '<th scope="colgroup" colspan="2">A</th>' in html
    # the cell under a row span takes its own column's alignment
    assert '<tr><td class="al-right">z</td></tr>' in html


# --------------------------------------------------------------------------
# A real text: Project Gutenberg's Infantry Drill Regulations (1911)
# --------------------------------------------------------------------------

def test_gutenberg_tables():
    data = (FIX / "infantry_drill_1911.htm").read_bytes()
    result = load_all()["html"].clean(data, source="idr.htm", options={})
    tables = [b for b in walk_blocks(result.document.blocks)
              if isinstance(b, Table)]
    assert len(tables) == 2
    signals, scores = tables
    # the first row, in bold, is the head; the body is not centred as the
    # head's cells were
    assert [c_.children for c_ in signals.head[0]][0] == (
        Text("Letter of"), LineBreak(), Text("Alphabet."))
    assert signals.aligns == ("", "", "")
    assert len(signals.body) == 20
    assert signals.body[0] == (c("AM"), c("Ammunition going forward."),
                               c("Ammunition required."))
    assert result.report.counts["table-head-found"] == 1
    # a cell of only a no-break space is empty; the last row spans 4
    assert scores.body[1] == (c("Stomach"), c("4"), c(), c("1"))
    assert scores.body[-1] == (c("Stepping out of bounds, 4 points.",
                                 colspan=4),)
    assert scores.aligns == ("", "center", "center", "center")
    assert not [p for p in result.report.problems if p.code == "CONS001"]
    text = write_markdown(result.document)
    assert strip_sources(read_markdown(text, source="x.md")) == \
        strip_sources(result.document)


@pytest.mark.slow
def test_book_with_tables_epubcheck_and_pdf(tmp_path):
    """A book of the Gutenberg cut and a Markdown chapter: EPUBCheck clean,
    the EPUB's table has caption, thead, th scope=col and tbody; the PDF
    holds the table's words (look at it: pdftoppm -png -r 60)."""
    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest

    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(FIX / "infantry_drill_1911.htm", book / "idr.htm")
    (book / "members.md").write_text(
        "---\ntitle: Membership\n---\n\n" + PIPE.split("\n", 2)[2]
        .replace("the strikes |", "the strikes[^1] |")
        + "\n[^1]: The strikes of the spring of 1906.\n",
        encoding="utf-8")
    (book / "manifest.yaml").write_text(
        "book:\n  title: Tables\n  editors: [Fixture Editor]\n"
        "  language: en\n  identifier: urn:uuid:00000000-0000-4000-8000-"
        "0000000000b7\n  date: 2026-02-01\n  publisher: Fixture Press\n"
        "chapters:\n  - id: drill\n    source: idr.htm\n"
        "  - id: members\n    source: members.md\n    format: markdown\n"
        "    title: Membership\n", encoding="utf-8")
    result = build(load_manifest(book / "manifest.yaml"), tmp_path / "out",
                   ["pdf", "epub"])
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    assert epubcheck(epub) == []
    files = epub_files(epub)
    members = next(d for n, d in files.items() if n.endswith(".xhtml")
                   and b"Membership by year" in d)
    root = etree.fromstring(members)
    table = next(root.iter("{*}table"))
    assert [e.tag.split("}")[1] for e in table] == ["caption", "thead",
                                                   "tbody"]
    assert [th.get("scope") for th in table.iter("{*}th")] == ["col"] * 3
    assert shutil.which("pdftotext"), "apt-get install poppler-utils"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert re.search(r"Ammunition\s+required", text)
    assert "Membership by year" in text
    # the note called in a cell is set with the page's notes
    assert re.search(r"The strikes of the spring of 1906", text)
    with zipfile.ZipFile(epub) as z:
        assert any(n.endswith(".css") for n in z.namelist())


def test_index_marks_and_anchors_in_table_cells():
    from pamphleteer.index.match import mark_document
    from pamphleteer.index.spec import parse_index
    from pamphleteer.model import IndexMark

    spec = parse_index("entries:\n  - heading: Kronstadt\n", "ix.yaml")
    table = Table(((c("Place"),),), ((c("Kronstadt"),),), ("",),
                  (Text("Sailors of Kronstadt"),))
    marked, occs = mark_document(Document(Metadata(), (table,)), spec, "ch")
    assert len(occs) == 2   # the caption and the cell
    t = marked.blocks[0]
    assert isinstance(t.caption[-2], IndexMark)
    assert isinstance(t.body[0][0].children[0], IndexMark)
    ctx = Context(scope="ch", notes={}, mode="epub", href=lambda x: x)
    assert 'id="ch-ix-2"' in str(render_blocks((t,), ctx))


def test_first_row_of_th_is_the_head_and_th_in_rows_head_them():
    html = ("<html><body><p>Elections.</p><table class='wikitable'>"
            "<caption>Elections of 26 March 1871</caption><tbody>"
            "<tr><th>Arrondissement</th><th>Seats</th></tr>"
            "<tr><th scope='row'>I</th><td style='text-align:right'>4</td>"
            "</tr><tr><th scope='row'>XX</th>"
            "<td style='text-align:right'>4</td></tr></tbody></table>"
            "</body></html>")
    result = _clean("html", html.encode())
    table = _table(result.document)
    assert table.head == ((c("Arrondissement"), c("Seats")),)
    assert table.body == ((c("I"), c("4")), (c("XX"), c("4")))
    assert (table.row_heads, table.aligns) == (1, ("", "right"))
    assert result.report.counts["table-heads-of-th"] == 1
