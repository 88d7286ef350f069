"""DOCX and ODT made the way people write them: no heading styles, the
headings typed in bold and a larger size (or in bold only), the title a
large centred line.  Written by ``tests/fixtures/office_direct/
make_direct.py`` (Word's XML), saved as ODT and again as DOCX by
LibreOffice."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from pamphleteer.cleaners import load_all
from pamphleteer.cleaners.pandoc.formats import _document_text
from pamphleteer.model import (BlockQuote, BulletList, Heading, OrderedList, Paragraph,
                              ThematicBreak, inline_text, walk_blocks)

FIX = Path(__file__).resolve().parent / "fixtures" / "office_direct"

# the title, the one line larger than every heading, is the metadata's
VILLAGE = [(1, "Introduction"), (1, "The Harvest Days"), (1, "Conclusion")]
BAKERIES = [(1, "Why bakeries"), (2, "The first oven"), (2, "The members"),
            (1, "The song")]


def _edited(name: str, old: bytes, new: bytes) -> bytes:
    """The fixture with its document's ``old`` bytes replaced by ``new``."""
    with zipfile.ZipFile(FIX / name) as z:
        members = {n: z.read(n) for n in z.namelist()}
    assert old in members["word/document.xml"]
    members["word/document.xml"] = members["word/document.xml"].replace(
        old, new)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    return out.getvalue()


def _clean(name: str, data: bytes | None = None):
    fmt = name.rsplit(".", 1)[1]
    return load_all()[fmt].clean(data or (FIX / name).read_bytes(),
                                 source=name, options={})


def _heads(doc) -> list[tuple[int, str]]:
    return [(b.level, inline_text(b.children))
            for b in walk_blocks(doc.blocks) if isinstance(b, Heading)]


@pytest.mark.parametrize("name", ["village.docx", "village.odt",
                                  "lo/village.docx"])
def test_bold_larger_lines_are_headings_leveled_by_size(name):
    result = _clean(name)
    assert _heads(result.document) == VILLAGE
    # a heading in bold is a heading, not a heading holding bold text
    assert all(type(b.children[0]).__name__ == "Text"
               for b in result.document.blocks if isinstance(b, Heading))
    assert result.report.counts["direct-headings"] == 4
    assert not [p for p in result.report.problems if p.code == "PANDOC018"]
    meta = result.document.meta
    assert meta.title == "On Mutual Aid in the Village"
    assert meta.authors == ("Maria Lindqvist",)
    assert result.report.conservation["ok"]


@pytest.mark.parametrize("name", ["bakeries.docx", "bakeries.odt",
                                  "lo/bakeries.docx"])
def test_bold_lines_at_the_texts_size_are_said_headings(name):
    result = _clean(name)
    assert _heads(result.document) == BAKERIES
    paras = [inline_text(b.children) for b in walk_blocks(
        result.document.blocks) if isinstance(b, Paragraph)]
    # a bold sentence, a bold label opening a paragraph, a long bold and
    # large line stay paragraphs; the subtitle, larger but not in bold, is
    # no heading (the metadata's subtitle, below)
    assert "This point cannot be stressed enough." in paras
    assert any(p.startswith("Note: the verse") for p in paras)
    assert any(p.startswith("An Afterword Longer") for p in paras)
    said = [p for p in result.report.problems if p.code == "PANDOC018"]
    assert len(said) == 1
    assert "“The first oven”" in said[0].message and \
        "“The members”" in said[0].message
    assert "Why bakeries" not in said[0].message
    # each named with the line of its paragraph in the reader's text
    lines = [int(x) for x in re.findall(r"line (\d+) “", said[0].message)]
    assert said[0].line == lines[0]
    member = "content.xml" if name.endswith(".odt") else "word/document.xml"
    text = _document_text((FIX / name).read_bytes(), member).split("\n")
    assert [re.sub(r"<[^>]+>", "", text[n - 1]) for n in lines] == [
        "The first oven", "The members"]
    assert result.report.conservation["ok"]


def test_bold_lines_at_the_texts_size_stay_paragraphs_beside_styled_headings():
    # the same document with one heading given Word's heading style: the
    # writer knew the styles, so a bold line at the text's size is not a
    # heading left unstyled
    with zipfile.ZipFile(FIX / "bakeries.docx") as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["word/styles.xml"] = members["word/styles.xml"].replace(
        b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="Heading1">'
        b'<w:name w:val="heading 1"/></w:style></w:styles>')
    members["word/document.xml"] = members["word/document.xml"].replace(
        b'<w:p><w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr>'
        b'<w:t xml:space="preserve">Why bakeries',
        b'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:b/>'
        b'<w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Why bakeries')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    result = _clean("bakeries.docx", out.getvalue())
    heads = [t for _, t in _heads(result.document)]
    assert "Why bakeries" in heads and "The song" in heads
    assert "The first oven" not in heads and "The members" not in heads
    assert not [p for p in result.report.problems if p.code == "PANDOC018"]


@pytest.mark.parametrize("name", ["drop_cap.docx", "definition_list.docx"])
def test_drop_caps_and_definition_terms_are_no_headings(name):
    # pandoc's own test files: a drop cap is a large letter in a frame, a
    # definition list's terms are bold lines of a "Definition Term" style
    result = _clean(name)
    assert _heads(result.document) == []
    assert not result.report.counts["direct-headings"]


@pytest.mark.parametrize("name", ["bakeries.docx", "bakeries.odt",
                                  "lo/bakeries.docx"])
def test_a_typed_title_page_is_the_metadata(name):
    result = _clean(name)
    meta = result.document.meta
    assert meta.title == "The Bread Book Revisited"
    assert meta.subtitle == "Notes on the Cooperative Bakeries of Ghent"
    assert meta.authors == ("Ada Brennan",)
    removed = [r.text for r in result.report.removals if r.kind == "title"]
    assert removed == ["The Bread Book Revisited",
                       "Notes on the Cooperative Bakeries of Ghent",
                       "Ada Brennan"]
    said = [p for p in result.report.problems if p.code == "PANDOC019"]
    assert len(said) == 1 and "Ada Brennan" in said[0].message
    assert said[0].line > 0
    assert result.report.conservation["ok"]


def test_a_by_line_gives_its_names_and_keeps_its_words():
    data = _edited("bakeries.docx", b">Ada Brennan<", b">by Ada Brennan<")
    result = _clean("bakeries.docx", data)
    assert result.document.meta.authors == ("Ada Brennan",)
    assert "by Ada Brennan" in [r.text for r in result.report.removals]
    assert result.report.conservation["ok"]


def test_a_centred_line_of_no_names_is_no_author():
    data = _edited("bakeries.docx", b">Ada Brennan<",
                   b">A pamphlet in three parts<")
    result = _clean("bakeries.docx", data)
    assert result.document.meta.authors == ()
    assert not [p for p in result.report.problems if p.code == "PANDOC019"]
    paras = [inline_text(b.children) for b in result.document.blocks
             if isinstance(b, Paragraph)]
    assert paras[0] == "A pamphlet in three parts"


@pytest.mark.parametrize("name", ["village.docx", "village.odt",
                                  "lo/village.docx", "bakeries.odt"])
def test_typed_lists_and_breaks_are_lists_and_breaks(name):
    result = _clean(name)
    blocks = result.document.blocks
    ordered = [b for b in blocks if isinstance(b, OrderedList)]
    assert len(ordered) == 1 and ordered[0].start == 1
    texts = [inline_text(item[0].children) for item in ordered[0].items]
    assert texts[0].split()[0] in ("Every", "a")
    assert not any(t[:1].isdigit() for t in texts)
    assert sum(isinstance(b, ThematicBreak) for b in blocks) == 1
    kinds = {r.kind: r.text for r in result.report.removals}
    assert kinds["list-marker"] == "1. 2. 3."
    assert kinds["section-break"] in ("* * *", "#")
    if name.startswith(("village", "lo/village")):
        bullets = [b for b in blocks if isinstance(b, BulletList)]
        assert [inline_text(i[0].children) for i in bullets[0].items] == [
            "the weather does not wait;",
            "the mill cannot grind for two at once."]
    assert result.report.conservation["ok"]


def test_dialogue_dashes_and_numbers_out_of_order_stay_paragraphs():
    # paragraphs opening with a dash are as often a dialogue
    data = _edited("village.docx", b">\xe2\x80\xa2 ", b">\xe2\x80\x93 ")
    result = _clean("village.docx", data)
    assert not [b for b in result.document.blocks
                if isinstance(b, BulletList)]
    assert sum(inline_text(b.children).startswith("\u2013 ")
               for b in result.document.blocks
               if isinstance(b, Paragraph)) == 2
    # 1., 5., 3.: no count, no list
    data = _edited("village.docx", b">2. The mill", b">5. The mill")
    result = _clean("village.docx", data)
    assert not [b for b in result.document.blocks
                if isinstance(b, OrderedList)]
    assert result.report.conservation["ok"]


@pytest.mark.parametrize("name", ["references.odt", "references.docx"])
def test_hanging_paragraphs_are_no_quotations(name):
    # a bibliography set with a hanging indentation (LibreOffice: a left
    # margin and a negative first-line indent): pandoc's ODT reader made
    # each entry a quotation, its DOCX reader did not
    result = _clean(name)
    blocks = result.document.blocks
    quotes = [b for b in blocks if isinstance(b, BlockQuote)]
    assert [inline_text(q.blocks[0].children)[:20] for q in quotes] == [
        "I have written down ", "The common pasture i"]
    entries = [inline_text(b.children) for b in blocks
               if isinstance(b, Paragraph)][-4:-1]
    assert [e.split(",")[0] for e in entries] == ["Aubert", "Morel",
                                                  "Ostrom"]
    assert result.report.counts["hanging-indents"] == (
        3 if name.endswith(".odt") else 0)
    assert result.report.conservation["ok"]



@pytest.mark.parametrize("name", ["references.docx", "references.odt"])
def test_a_passage_typed_smaller_between_paragraphs_is_a_quotation(name):
    result = _clean(name)
    blocks = result.document.blocks
    quotes = [inline_text(b.blocks[0].children) for b in blocks
              if isinstance(b, BlockQuote)]
    assert any(q.startswith("The common pasture is the ruin") for q in quotes)
    paras = [inline_text(b.children) for b in blocks
             if isinstance(b, Paragraph)]
    # a caption and the colophon ending the document, small too, stay
    assert any(p.startswith("Figure 1.") for p in paras)
    assert paras[-1].startswith("Printed by the author")
    said = [p for p in result.report.problems if p.code == "PANDOC020"]
    assert len(said) == 1 and "“The common pasture is the ruin…”" in \
        said[0].message
    assert said[0].line > 0 and f"line {said[0].line} " in said[0].message
    assert result.report.counts["small-quotations"] == 1
    assert result.report.conservation["ok"]


def test_one_bold_line_at_the_texts_size_makes_no_headings():
    # "The members" no longer bold: "The first oven" is the only bold line
    # at the text's size left, no system of headings (a letter's bold
    # addressee, a bold sentence of a test page)
    data = _edited("bakeries.docx", b'<w:b/><w:sz w:val="24"/></w:rPr>'
                   b'<w:t xml:space="preserve">The members',
                   b'<w:sz w:val="24"/></w:rPr>'
                   b'<w:t xml:space="preserve">The members')
    result = _clean("bakeries.docx", data)
    heads = [t for _, t in _heads(result.document)]
    assert heads == ["Why bakeries", "The song"]
    assert not [p for p in result.report.problems if p.code == "PANDOC018"]


def test_small_print_opening_as_a_note_is_no_quotation():
    data = _edited("references.docx", b">The common pasture is the ruin",
                   b">Note: the common pasture is the ruin")
    result = _clean("references.docx", data)
    quotes = [b for b in result.document.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1
    assert not [p for p in result.report.problems if p.code == "PANDOC020"]
