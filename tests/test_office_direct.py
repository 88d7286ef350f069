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
from pamphleteer.model import Heading, Paragraph, inline_text, walk_blocks

FIX = Path(__file__).resolve().parent / "fixtures" / "office_direct"

VILLAGE = [(1, "On Mutual Aid in the Village"), (2, "Introduction"),
           (2, "The Harvest Days"), (2, "Conclusion")]
BAKERIES = [(1, "The Bread Book Revisited"), (2, "Why bakeries"),
            (3, "The first oven"), (3, "The members"), (2, "The song")]


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
    assert result.report.conservation["ok"]


@pytest.mark.parametrize("name", ["bakeries.docx", "bakeries.odt",
                                  "lo/bakeries.docx"])
def test_bold_lines_at_the_texts_size_are_said_headings(name):
    result = _clean(name)
    assert _heads(result.document) == BAKERIES
    paras = [inline_text(b.children) for b in walk_blocks(
        result.document.blocks) if isinstance(b, Paragraph)]
    # a bold sentence, a bold label opening a paragraph, a long bold and
    # large line and a subtitle not in bold stay paragraphs
    assert "This point cannot be stressed enough." in paras
    assert any(p.startswith("Note: the verse") for p in paras)
    assert any(p.startswith("An Afterword Longer") for p in paras)
    assert "Notes on the Cooperative Bakeries of Ghent" in paras
    said = [p for p in result.report.problems if p.code == "PANDOC018"]
    assert len(said) == 1
    assert "“The first oven”" in said[0].message and \
        "“The members”" in said[0].message
    assert "Why bakeries" not in said[0].message
    # each named with the line of its paragraph in the reader's text
    lines = [int(x) for x in re.findall(r"line (\d+) “", said[0].message)]
    assert said[0].line == lines[0]
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
