"""``pdf-text`` on pages of real texts it was not tuned on (issue 18).

``tests/fixtures/pdf_text/heldout/layout/`` holds pages of ``pdftotext
-layout`` output of four Project Gutenberg books laid out by WeasyPrint
(``tests/benchmarks/pdf_text_heldout.py``; sources and licences in
``tests/fixtures/pdf_text/heldout/SOURCES.md``).  Each test checks one
rule of ``reflow.py`` that the held-out set showed missing: a chapter's
label and its title as one heading, quoted speech never a heading,
paragraphs' indented first lines no quotation, a quotation indented by two
columns, a page that ``pdftotext`` shifted by a column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners import pdf_text
from pamphleteer.cleaners.pdf_text.reflow import ends_sentence
from pamphleteer.model import BlockQuote, Heading, Paragraph, block_text

HERE = Path(__file__).resolve().parent / "fixtures" / "pdf_text" / "heldout" \
    / "layout"


def _clean(name: str):
    result = pdf_text.clean((HERE / name).read_text("utf-8"), source=name,
                            options={})
    assert result.report.conservation["ok"]
    return result.document


def _kinds(doc, kind) -> list[str]:
    return [block_text(b) for b in doc.blocks if isinstance(b, kind)]


@pytest.mark.parametrize("name, heading", [
    ("news-from-nowhere.indent.p4-8.txt", "CHAPTER II: A MORNING BATH"),
    # The title wraps: label, two lines of title.
    ("news-from-nowhere.indent.p12-17.txt",
     "CHAPTER III: THE GUEST HOUSE AND BREAKFAST THEREIN"),
    ("dickens-music.slight.p1-3.txt", "CHAPTER I DICKENS AS A MUSICIAN"),
    # A wrapped title's first line ends with a comma.
    ("dickens-music.slight.p11-16.txt",
     "CHAPTER II INSTRUMENTAL COMBINATIONS VIOLIN, VIOLONCELLO, HARP, PIANO"),
])
def test_chapter_label_and_its_title_are_one_heading(name, heading):
    """``CHAPTER II:`` centred over ``A MORNING BATH`` is one heading, not
    a label and a paragraph (nor two headings)."""
    heads = _kinds(_clean(name), Heading)
    assert heads[0] == heading
    paras = _kinds(_clean(name), Paragraph)
    assert not any(heading.endswith(p) for p in paras)


def test_a_line_of_dialogue_is_no_heading():
    """``“How old am I, do you think?”`` ends a page after ``She blushed
    and said:``: short, no full stop, but quoted speech."""
    doc = _clean("news-from-nowhere.indent.p12-17.txt")
    assert _kinds(doc, Heading) == [
        "CHAPTER III: THE GUEST HOUSE AND BREAKFAST THEREIN"]
    assert any(p.endswith("She blushed and said: “How old am I, do you "
                          "think?”") for p in _kinds(doc, Paragraph))


def test_a_line_ending_in_a_dash_is_no_heading():
    """``And the two Italians—`` introduces the list under it; a heading
    never ends with a dash."""
    doc = _clean("pianoforte-sonata.slight.p14-16.txt")
    assert _kinds(doc, Heading) == []
    assert any(p.endswith("And the two Italians—")
               for p in _kinds(doc, Paragraph))


def test_quoted_speech_is_no_heading():
    """Short lines ending in punctuation and a closing quotation mark
    (``Blacksmith.”’``, ``‘Ring in the orchestra, Grudden.’``, ``eh, Mr.
    Richard?’``) are quoted speech: the only headings are the chapter's
    and its section's."""
    doc = _clean("dickens-music.slight.p11-16.txt")
    assert _kinds(doc, Heading) == [
        "CHAPTER II INSTRUMENTAL COMBINATIONS VIOLIN, VIOLONCELLO, HARP, "
        "PIANO", "Violin and Kit"]
    quotes = _kinds(doc, BlockQuote)
    assert any(q.startswith("‘Would you mind Handel") and
               q.endswith("‘I should like it very much.’") for q in quotes)
    assert any(q.startswith("‘Ring in the orchestra, Grudden.’") for q in
               quotes)


def test_indented_first_lines_of_dialogue_are_no_quotation():
    """One-line paragraphs of dialogue, each indented, then a paragraph
    whose indented first line runs on at the margin (``flood-tide al‐`` /
    ``ways thickens it a bit.”``): paragraphs, no quotation."""
    doc = _clean("news-from-nowhere.indent.p4-8.txt")
    assert _kinds(doc, BlockQuote) == []
    paras = _kinds(doc, Paragraph)
    assert "“How clear the water is this morning!”" in paras
    assert "“Is it?” said he; “I didn’t notice it. You know the flood-tide " \
        "always thickens it a bit.”" in paras
    assert "“H’m,” said I, “I have seen it pretty muddy even at " \
        "half-ebb.”" in paras
    assert any(p.startswith("He said nothing in answer") for p in paras)


def test_quotation_indented_by_two_columns():
    """Quotations set in by 1.2em in the body's type (two columns of
    ``-layout`` output) in a text whose paragraphs are not indented."""
    doc = _clean("dickens-music.slight.p1-3.txt")
    quotes = _kinds(doc, BlockQuote)
    assert [q[:30] for q in quotes] == [
        "The steward lent me one on the", "One played the accordion, anot",
        "The knives and forks form a pl", "I am somehow reminded of a goo",
        "There is a beautiful little th"]
    assert quotes[2].endswith("if you could hear anything besides the "
                              "cymbals.")


def test_quotation_closing_with_two_marks():
    """``May 1962.””`` ends its sentence: the inscription is a quotation
    and the paragraph after it opens at the margin."""
    assert ends_sentence("Drink a glass to the memory! May 1962.””")
    assert ends_sentence("the “Harmonious Blacksmith.”’")
    assert not ends_sentence("a ‘kit’ that dancing-masters used”")
    doc = _clean("news-from-nowhere.indent.p12-17.txt")
    quotes = _kinds(doc, BlockQuote)
    assert len(quotes) == 1
    assert quotes[0].startswith("“Guests and neighbours, on the site of this")


def test_page_shifted_by_one_column():
    """``pdftotext -layout`` sets some pages one column to the right: the
    paragraph above a quotation there is body text (a line at the margin
    plus one is no quotation's), and the quotation is its own."""
    doc = _clean("dickens-music.indent.p6-7+17-19.txt")
    quotes = _kinds(doc, BlockQuote)
    paras = _kinds(doc, Paragraph)
    assert any(p.startswith("On one of his explorations he met a landsman")
               for p in paras)
    assert any(q.startswith("that steady snore of yours") for q in quotes)
    assert not any("On one of his explorations" in q for q in quotes)
    # Two short paragraphs whose indented first lines stand together (the
    # verse between them left out), the second running on at the margin.
    assert "In a letter to Maclise he says:" in paras
    assert not any(q.startswith("In a letter to Maclise") for q in quotes)


def test_roman_numeral_alone_over_a_title_is_a_chapter_label():
    """``XII`` centred over ``THE TROUBADOURS, MINNESINGERS AND`` /
    ``MASTERSINGERS`` (MacDowell's essays): one heading of three lines."""
    heads = _kinds(_clean("macdowell-essays.indent.p9-11.txt"), Heading)
    assert "XII THE TROUBADOURS, MINNESINGERS AND MASTERSINGERS" in heads
    assert "XII" not in heads
