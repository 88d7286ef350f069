"""Real PDFs of round 4 (documents users bring: a LaTeX thesis, a
calibre book, a pamphlet): facts read off the pages by eye.  Sources and
licences in ``tests/fixtures/pdf/README.md``."""

from __future__ import annotations

from pathlib import Path

from pamphleteer.cleaners import load_all, run
from pamphleteer.model import BlockQuote, Paragraph, block_text

FIX = Path(__file__).parent / "fixtures" / "pdf"


def _read(name: str):
    load_all()
    path = FIX / name
    return run("pdf", path.read_bytes(), source=str(path), options={})


def test_folio_in_a_deep_bottom_margin_is_removed():
    # A thesis template on A4 with wide margins: the roman folios (vi,
    # vii, viii) stand at 0.78 of the page's height, above its last
    # fifth, on the baseline every page ends on.
    result = _read("latex-thesis-deep-margin-p7-9.pdf")
    doc = result.document
    removed = [(r.kind, r.text) for r in result.report.removals]
    assert ("page-number", "vi") in removed
    assert ("page-number", "vii") in removed
    assert ("page-number", "viii") in removed
    assert not any(isinstance(b, BlockQuote) for b in doc.blocks)
    paras = [block_text(b) for b in doc.blocks if isinstance(b, Paragraph)]
    # the paragraph across the foot of page vii runs on
    assert any("Morbi vel justo vitae lacus tincidunt ultrices." in p
               for p in paras)
    assert not any(p.strip() in {"vi", "vii", "viii"} for p in paras)
    assert result.report.conservation["ok"]


def test_glyphs_without_unicode_are_removed_and_said():
    # The thesis's title page draws its school's logo as text in an
    # Arial subset without a ToUnicode map: MuPDF gives U+FFFD for each.
    result = _read("latex-thesis-logo-p1.pdf")
    doc = result.document
    text = "\n".join(block_text(b) for b in doc.blocks)
    assert "\ufffd" not in text and "\ufffd" not in (doc.meta.title or "")
    assert "University Institute of College" in text
    said = [p for p in result.report.problems if p.code == "PDF018"]
    assert len(said) == 1 and said[0].message.startswith("page 1: ")
    assert any(r.kind == "unmapped-glyphs" for r in result.report.removals)
    assert result.report.conservation["ok"]
