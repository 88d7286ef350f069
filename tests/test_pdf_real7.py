"""Round 7 of issue 18 (real PDFs from public test sets: an OpenOffice
anthology of public-domain texts, a book exported by Acrobat Distiller, a
court judgment from iText): each rule on the smallest page that shows it,
and the public-domain anthology's cut pages.  Sources and licences in
``tests/fixtures/pdf/README.md``."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from pamphleteer.cleaners import load_all, run
from pamphleteer.model import BlockQuote, Heading, Paragraph, block_text

FIX = Path(__file__).parent / "fixtures" / "pdf"
_WORDS = ("the law of the land was read to the people of the town who "
          "heard it out in silence and went home to think on what it "
          "meant for them and for their children in the years to come "
          ).split()


def _read(path: Path):
    load_all()
    return run("pdf", path.read_bytes(), source=str(path), options={})


def _body_lines(seed: int, n: int) -> list[str]:
    """``n`` full lines of plain words (about 60 letters each)."""
    out, k = [], seed
    for _ in range(n):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < 58:
            words.append(_WORDS[k % len(_WORDS)])
            k += 1
        out.append(" ".join(words))
    return out


def _book(tmp_path: Path, notes: bool) -> Path:
    """Eight pages of a small book (the size of a trade paperback): on
    even pages the folio and the book's title at the foot, with a
    download stamp under them; on odd pages the chapter's title and the
    folio.  With ``notes``, pages 2 and 4 (index 1 and 3) end with a
    one-line note "1 Ibid." above the foot, and pages 3 and 6 (folios 19
    and 22) with one ending in 19."""
    doc = pymupdf.open()
    for p in range(8):
        page = doc.new_page(width=396, height=594)
        folio = 17 + p
        lines = _body_lines(7 * p, 30)
        y = 62.0
        for k, line in enumerate(lines):
            text = line + ("\u00b9" if notes and p in (1, 2, 3, 5) and k == 5
                           else "")
            page.insert_text((54, y), text, fontsize=10.5,
                             fontname="Times-Roman")
            y += 14.5
        if notes and p in (1, 3):
            page.insert_text((54, 505), "1 Ibid.", fontsize=8,
                             fontname="Times-Roman")
        if notes and p in (2, 5):  # (on page 19, its last number 19)
            page.insert_text((54, 505), "1. See the minutes, pages 14 to 19.",
                             fontsize=8, fontname="Times-Roman")
        if p % 2:
            page.insert_text((54, 548), f"{folio} A SMALL BOOK",
                              fontsize=7.5, fontname="Courier")
            page.insert_text((121, 580), "<http://example.org/get-it>",
                              fontsize=8, fontname="Courier")
        else:
            page.insert_text((290, 548), f"PIRACY {folio}", fontsize=7.5,
                             fontname="Courier")
    path = tmp_path / "book.pdf"
    doc.save(str(path))
    return path


def test_a_foot_of_two_lines_loses_both(tmp_path):
    # Free Culture (Lessig, Penguin 2004, Acrobat Distiller): the even
    # pages' foot "18 FREE CULTURE" stands over the download stamp
    # "<http://free-culture.org/get-it>".  Only the stamp was at the
    # page's edge: "18 FREE CULTURE" was read as note 18 (seven notes
    # "FREE CULTURE" given to the title, the title's words in the text).
    result = _read(_book(tmp_path, notes=False))
    removed = [(r.kind, r.text) for r in result.report.removals]
    for folio in (18, 20, 22, 24):
        assert ("running-foot", f"{folio} A SMALL BOOK") in removed
    assert not result.document.notes
    text = " ".join(block_text(b) for b in result.document.blocks)
    assert "SMALL BOOK" not in text and "PIRACY" not in text
    assert result.report.conservation["ok"], result.report.conservation


def test_a_note_exposed_at_the_foot_is_no_running_foot(tmp_path):
    # Once the foot's lines are gone, a page's last note stands at its
    # edge: "1 Ibid." on two pages repeats, digits ignored, but its
    # number is no folio of the page, so it stays a note; and a note
    # ending in its page's folio ("pages 14 to 19." on page 19: a
    # generated text's note "1. See ..." on page 1 was removed) is no
    # running foot on one page.
    result = _read(_book(tmp_path, notes=True))
    removed = [r.text for r in result.report.removals]
    assert "1 Ibid." not in removed
    bodies = [" ".join(block_text(b) for b in n.blocks)
              for n in result.document.notes]
    assert bodies.count("Ibid.") == 2, bodies
    assert sum("pages 14 to 19" in b for b in bodies) == 2, bodies


def _wrap(text: str, width: float, size: float, first: float = 0.0
          ) -> list[str]:
    """``text`` broken into lines of ``width`` points in Helvetica."""
    lines: list[str] = []
    cur = ""
    for w in text.split():
        room = width - (first if not lines else 0.0)
        trial = f"{cur} {w}".strip()
        if cur and pymupdf.get_text_length(trial, "helv", size) > room:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    lines.append(cur)
    return lines


_PARAS = [
    "The first of these cases arises from the hard fate which has "
    "marked the life of the Plaintiff, and from the response of the "
    "State to it. The trial judge made declarations and orders, and "
    "adjourned the case for further consideration in the next year.",
    "If the result of the appeal depended on whether the regime set by "
    "the order was, on the evidence, the best prescription for the "
    "Plaintiff, I would agree that it is. But that is not the issue.",
    "The State has conceded that the rights of the Plaintiff to free "
    "primary education as a child were breached, at least for long "
    "periods of time.",
    "Each party has by deliberate steps arranged that specific issues "
    "do not arise on this appeal, and the Court approaches the case on "
    "that basis alone, as it must.",
]


def test_numbered_paragraphs_run_on_under_their_numbers(tmp_path):
    # A judgment of the Irish Supreme Court (iText): numbered paragraphs
    # set ragged right, their run-on lines flush with the number, not
    # under the text.  The first line of each was read as a list item of
    # its own and the rest as a paragraph ("... at least for long periods
    # of" / "time."): six paragraphs cut in two on one page.
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 80.0
    for k, para in enumerate(_PARAS, 1):
        for line in _wrap(f"{k}. {para}", 470, 10):
            page.insert_text((54, y), line, fontsize=10, fontname="helv")
            y += 12
        y += 12
    # A numbered list with hanging indents and a paragraph flush under
    # it: the paragraph is no item's run-on.
    for k, item in enumerate(("Buy bread.", "Buy milk for the week."), 1):
        page.insert_text((54, y), f"{k}.", fontsize=10, fontname="helv")
        page.insert_text((72, y), item, fontsize=10, fontname="helv")
        y += 12
    page.insert_text((54, y), "Then go home and rest.", fontsize=10,
                     fontname="helv")
    path = tmp_path / "judgment.pdf"
    doc.save(str(path))
    result = _read(path)
    items = [" ".join(block_text(x) for x in item)
             for b in result.document.blocks if hasattr(b, "items")
             for item in b.items]
    texts = [block_text(b) for b in result.document.blocks]
    for para in _PARAS:
        assert any(para in t for t in items + texts), (para, items, texts)
    assert "Then go home and rest." in texts
    assert not any(t == "time." for t in texts)
    assert result.report.conservation["ok"], result.report.conservation


def test_prose_set_flush_right_is_read_in_paragraphs():
    # PD Kids (OpenOffice.org 3.1 Writer), pages 1 and 3: fairy tales set
    # flush right and ragged on the left, a blank line between
    # paragraphs.  Each line starting at another place was read as an
    # indented paragraph's first line or a quotation: 46 paragraphs cut
    # in mid-sentence on eight pages ("Carland was just a" / "collection
    # of bogs.").  Facts read off the page images.
    result = _read(FIX / "openoffice-flush-right-p1-3.pdf")
    doc = result.document
    assert not any(isinstance(b, BlockQuote) for b in doc.blocks)
    paras = [block_text(b) for b in doc.blocks if isinstance(b, Paragraph)]
    openings = [
        "In my old Granny’s days", "Now, I’ve heard my Granny",
        "On some nights the beautiful Moon", "When the Moon learned",
        "So, when the dark end", "At that moment, just as suddenly",
        "‘Hell roast thee!’", "‘Out on thee!’",
        "And there was a great clamour", "‘Burn her with corpse-lights!’",
        "‘Ha, ha! He, he!’", "‘Truss her up", "‘Sting her to death!’",
        "‘Ho, ho! He, he!’", "The dim grey light"]
    for start in openings:
        assert sum(p.startswith(start) for p in paras) == 1, (start, paras)
    text = "\n".join(paras)
    for joined in ("Carland was just a collection of bogs",
                   "before her day the Moon got trapped",
                   "by her wonderful light they could find",
                   "so dark that the traveller could not",
                   "‘thou’rt the meddlesome body",
                   "shone out before, the darkness came down",
                   "covered her shining hair."):
        assert joined in text, joined
    assert result.report.conservation["ok"], result.report.conservation


def test_an_abstract_justified_on_both_sides_is_no_ragged_prose(tmp_path):
    # A paper's abstract indented on both sides and justified (its lines
    # centred on the page, but starting together) under a centred
    # address block stays a quotation of one paragraph: only prose whose
    # lines start at changing places is ragged on the left.
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 80.0
    for line in ("Université de Tours", "Laboratoire d’Informatique",
                 "3 place Jean Jaurès", "41000 Blois"):
        w = pymupdf.get_text_length(line, "helv", 10)
        page.insert_text(((595 - w) / 2, y), line, fontsize=10,
                         fontname="helv")
        y += 12
    y += 12
    words = " ".join(_body_lines(3, 6)).split()
    lines = _wrap(" ".join(words), 360, 10)
    for line in lines[:-1]:
        # Justified: the words spread to fill 360 points.
        parts = line.split()
        gap = (360 - pymupdf.get_text_length("".join(parts), "helv", 10)) \
            / max(1, len(parts) - 1)
        x = 117.5
        for w in parts:
            page.insert_text((x, y), w, fontsize=10, fontname="helv")
            x += pymupdf.get_text_length(w, "helv", 10) + gap
        y += 12
    page.insert_text((117.5, y), lines[-1], fontsize=10, fontname="helv")
    y += 30
    for line in _body_lines(11, 12):
        page.insert_text((72, y), line, fontsize=10, fontname="helv")
        y += 12
    path = tmp_path / "abstract.pdf"
    doc.save(str(path))
    result = _read(path)
    quoted = [p for b in result.document.blocks if isinstance(b, BlockQuote)
              for p in b.blocks]
    # The abstract: one paragraph of the quotation, its first line to its
    # last.
    assert any(block_text(p).startswith(lines[0]) and
               block_text(p).endswith(lines[-1]) for p in quoted), quoted
    assert result.report.conservation["ok"], result.report.conservation


def test_a_section_number_set_a_quad_before_its_title_is_one_heading(
        tmp_path):
    # A French paper (pdfTeX, `\\subsection`): "3.1" and "Définitions
    # préliminaires" on one baseline, a quad apart, both bold, larger
    # than the text.  No line of their size runs across the gap, so they
    # were two headings, "3.1" and the title (seven numbers read as
    # headings of their own).
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 60), "Résumés de logs", fontsize=16,
                     fontname="hebo")
    y = 100.0
    for number, title in (("3.1", "Définitions préliminaires"),
                          ("3.2", "Les opérateurs du langage")):
        page.insert_text((72, y), number, fontsize=12, fontname="hebo")
        page.insert_text((72 + pymupdf.get_text_length(number, "hebo", 12)
                          + 12, y), title, fontsize=12, fontname="hebo")
        y += 24
        for line in _body_lines(len(title), 5):
            page.insert_text((72, y), line, fontsize=10, fontname="helv")
            y += 12
        y += 12
    path = tmp_path / "sections.pdf"
    doc.save(str(path))
    result = _read(path)
    heads = [block_text(b) for b in result.document.blocks
             if isinstance(b, Heading)]
    assert heads == ["3.1 Définitions préliminaires",
                     "3.2 Les opérateurs du langage"], heads
    assert result.report.conservation["ok"], result.report.conservation
