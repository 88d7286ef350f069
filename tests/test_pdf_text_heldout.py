"""``pdf-text`` on pages of real texts it was not tuned on (issue 18).

``tests/fixtures/pdf_text/heldout/layout/`` holds pages of ``pdftotext
-layout`` output of three Project Gutenberg books laid out by WeasyPrint
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
from pamphleteer.model import Heading, Paragraph, block_text

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
