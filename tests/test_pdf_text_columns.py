"""``pdftotext -layout`` output of pages in columns, read one column
after the other (``cleaners/pdf_text/columns.py``): a known text laid
out in two and three columns here, and the Federal Register's three
columns (``fixtures/pdf_text/columns``)."""

from __future__ import annotations

import difflib
import re
import textwrap
from pathlib import Path

import pytest

from pamphleteer.cleaners import detect_format, load_all
from pamphleteer.cleaners.pdf_text.columns import gutters
from pamphleteer.model import Paragraph, block_text, walk_blocks

READER = load_all()["pdf-text"]
FR = (Path(__file__).parent / "fixtures" / "pdf_text" / "columns" /
      "federal-register-2020-17221-p1-3-layout.txt")

KNOWN = [
    "The council met every evening in the back room of the bakery, where "
    "the ovens kept the winter out and the bakers could listen while they "
    "worked. Nobody chaired the meetings for long; the chair passed from "
    "hand to hand, and a speaker who went on too long was asked, kindly, "
    "to let the bread speak for a while.",
    "Their first demand was simple: the hours of work should be fixed by "
    "those who did the work, in common. The owners replied that such a "
    "thing had never been done and therefore could never be done, which "
    "was an argument that had served them well for a very long time.",
    "Within a week every household in the district had read the minutes, "
    "or had heard them read aloud at the pump, at the school gate, in the "
    "queue for coal. The newspapers of the capital ignored the experiment "
    "until it was too large to ignore, and then misreported it.",
    "The schools taught reading, arithmetic, geography and the history of "
    "the district's own struggles, and the children taught their parents "
    "in the evenings what they had learnt in the mornings.",
    "What followed was not a revolution but something slower and perhaps "
    "more durable: a habit of meeting, of keeping accounts in the open, "
    "and of asking every delegate, every month, whom she spoke for.",
]
# three rounds of the story, each told of another year (distinct lines:
# lines that came back at the same place on every page would be taken
# for running heads, as they should)
KNOWN = [f"In {1919 + k}, the {w} time. {p}" for k, w in
         enumerate(("first", "second", "third")) for p in KNOWN]


def _layout(columns: int, width: int = 34, height: int = 24,
            gutter: int = 4) -> str:
    """The known text as ``-layout`` prints a page of ``columns``
    columns: each paragraph's first line indented, columns side by side,
    pages ending with a form feed."""
    lines: list[str] = []
    for para in KNOWN:
        wrapped = textwrap.wrap(para, width - 3)
        lines.append("   " + wrapped[0])
        lines.extend(textwrap.wrap(" ".join(wrapped[1:]), width))
    pages = []
    per_page = columns * height
    for p in range(0, len(lines), per_page):
        chunk = lines[p:p + per_page]
        cols = [chunk[c * height:(c + 1) * height] for c in range(columns)]
        rows = []
        for r in range(height):
            row = "      "
            for c in range(columns):
                cell = cols[c][r] if r < len(cols[c]) else ""
                row += cell.ljust(width + gutter)
            rows.append(row.rstrip())
        pages.append("\n".join(rows))
    return "\f".join(pages) + "\n"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.mark.parametrize("columns", [2, 3])
def test_known_text_in_columns_reads_in_order(columns):
    raw = _layout(columns)
    assert detect_format(raw)[0] == "pdf-text"
    result = READER.clean(raw, source="x.txt", options={})
    doc = result.document
    got = _words(" ".join(block_text(b) for b in walk_blocks(doc.blocks)))
    want = _words(" ".join(KNOWN))
    ratio = difflib.SequenceMatcher(None, want, got, autojunk=False).ratio()
    assert ratio >= 0.995
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert len(paras) == len(KNOWN)
    assert [p.code for p in result.report.problems].count("PDF013") == 1
    assert result.report.counts["columns-split"] == raw.count("\f") + 1


def test_one_column_and_a_contents_page_stay_whole():
    # a page of one column, and a contents page whose page numbers stand
    # in a column of their own: no gutter
    one = "\n".join("   " + x if k == 0 else x for para in KNOWN[:4]
                    for k, x in enumerate(textwrap.wrap(para, 70)))
    assert gutters(one.split("\n")) == []
    contents = ["Contents", ""] + [
        f" Chapter {k} of the history . . . . . . . . . .    {k * 7}"
        for k in range(1, 12)]
    assert gutters(contents) == []


def test_federal_register_three_columns():
    raw = FR.read_text(encoding="utf-8")
    result = READER.clean(raw, source=FR.name, options={})
    text = "\n".join(block_text(b) for b in walk_blocks(
        result.document.blocks))
    # a sentence across the page break (column 4 of p. 1 to column 1 of
    # p. 2), and one across a column break on p. 2
    assert "takeoff from Soekarno-Hatta International Airport in Jakarta" \
        in " ".join(text.split())
    assert ("airspeed disagree alert, and altitude disagree alert,"
            in " ".join(text.split()))
    # running heads and the printer's line at each foot: furniture
    assert "VerDate" not in text and "Frm 0000" not in text
    assert "Federal Register / Vol." not in text
    assert any(p.code == "PDF013" for p in result.report.problems)
    assert result.report.conservation["ok"]


def test_a_printers_line_cut_into_pieces_among_the_text_is_furniture():
    # plain pdftotext of the Federal Register sets the printer's line at
    # each page's foot as short lines in the middle of the page's text
    pages = []
    for k in range(1, 7):
        body = [f"Paragraph {k} opens here and goes on for a while, as "
                "paragraphs do,", "over several lines of the page, one",
                "after the other, and ends on this line of the page.", "",
                "VerDate Sep<11>2014", "", f"Frm 0000{k}", "",
                "A line that comes back on every page.", "",
                f"Another paragraph of page {k} follows, and it too goes",
                "on for a line or two before it ends."]
        pages.append("\n".join(body))
    raw = "\f".join(pages) + "\n"
    result = READER.clean(raw, source="x.txt", options={})
    text = " ".join(block_text(b) for b in walk_blocks(result.document.blocks))
    assert "VerDate" not in text and "Frm" not in text
    # a line without a number that comes back is text, not furniture
    assert text.count("A line that comes back on every page.") == 6
    assert result.report.conservation["ok"]


def _closed_gutter_layout(width: int = 36, height: int = 22) -> str:
    """Two columns whose gutter ``-layout`` closed to one space wherever
    the left column's line is full (LaTeX's narrow gutter): the right
    column always starts at one place, one space after the longest left
    line; a line broken at a hyphen runs a little short."""
    lines: list[str] = []
    for para in KNOWN:
        wrapped = textwrap.wrap(para, width - 3, break_on_hyphens=False)
        lines.append("   " + wrapped[0])
        lines.extend(textwrap.wrap(" ".join(wrapped[1:]), width,
                                   break_on_hyphens=False))
    pages = []
    for p in range(0, len(lines), 2 * height):
        left, right = lines[p:p + height], lines[p + height:p + 2 * height]
        rows = [(" " * 4 + (left[r] if r < len(left) else "")).ljust(
            4 + width + 1) + (right[r] if r < len(right) else "")
            for r in range(height)]
        pages.append("\n".join(r.rstrip() for r in rows))
    return "\f".join(pages) + "\n"


def test_gutter_closed_to_one_space_is_cut_at_the_columns_edge():
    raw = _closed_gutter_layout()
    # (the test's premise: many lines with one space between the columns)
    assert sum(1 for t in raw.split("\n") if len(t) > 41 and t[40] == " "
               and t[39] != " ") >= 6
    assert all(not gutters(p.split("\n")) for p in raw.split("\f"))
    result = READER.clean(raw, source="x.txt", options={})
    doc = result.document
    got = _words(" ".join(block_text(b) for b in walk_blocks(doc.blocks)))
    want = _words(" ".join(KNOWN))
    ratio = difflib.SequenceMatcher(None, want, got, autojunk=False).ratio()
    assert ratio >= 0.995
    assert len([b for b in doc.blocks if isinstance(b, Paragraph)]) == \
        len(KNOWN)
    assert [p.code for p in result.report.problems].count("PDF013") == 1
