"""DOCX, ODT and EPUB files written by LibreOffice from a known text
(tests/fixtures/pandoc/commons_known.md, read back to compare): what a
held-out sweep found LibreOffice writes that pandoc's readers miss."""

from __future__ import annotations

from pathlib import Path

from pamphleteer.cleaners import load_all
from pamphleteer.model import Heading, inline_text, walk_blocks

FIX = Path(__file__).resolve().parent / "fixtures" / "pandoc"

KNOWN_HEADS = [(1, "The Meadow Agreement"), (2, "Who Kept the Book"),
               (2, "The Harvest Days"), (1, "A Later Dispute")]


def _heads(doc) -> list[tuple[int, str]]:
    return [(b.level, inline_text(b.children))
            for b in walk_blocks(doc.blocks) if isinstance(b, Heading)]


def _read(name: str, fmt: str):
    return load_all()[fmt].clean((FIX / name).read_bytes(), source=name,
                                 options={})


def test_libreoffice_odt_heading_paragraphs_are_headings():
    # LibreOffice opened pandoc's HTML of the known text and saved it as
    # ODT: two of its four headings are text:p of style Heading_20_1
    result = _read("commons_lo.odt", "odt")
    assert _heads(result.document) == KNOWN_HEADS
    # and the title, a Heading 1 paragraph too (then read as the title)
    assert result.report.counts["styled-headings"] == 3
    assert result.document.meta.title == "The Commons of the Valley"
    assert result.report.conservation["ok"]


def test_libreoffice_epub_headings_styled_on_their_span_are_headings():
    # LibreOffice's EPUB export writes a heading as <p class="para2"><span
    # class="span2">...</span></p>, its size and weight on the span, in
    # per cent or points (".span6 {font-size: 14pt; font-weight: bold}")
    result = _read("commons_lo.epub", "epub")
    heads = _heads(result.document)
    # the sizes (115% and 14 pt) put both levels on one step: flat, never
    # inverted
    assert [t for _, t in heads] == [t for _, t in KNOWN_HEADS]
    assert len({lvl for lvl, _ in heads}) == 1
    assert len(result.document.notes) == 3
    assert result.report.conservation["ok"]
