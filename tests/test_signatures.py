"""Booklets that bind: the signatures chosen, the instructions, and a
simulation of printing, folding and stacking as the instructions say."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from pamphleteer.render.signatures import (SADDLE_MAX_SHEETS,
                                           booklet_with_marks, instructions,
                                           mark_top_mm, plan, sheet_counts)

PW, PH = 419.53, 595.28  # A5


def _pages_pdf(n: int) -> bytes:
    w = PdfWriter()
    for _ in range(n):
        w.add_blank_page(width=PW, height=PH)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _imposed(pages: int, per: int) -> bytes:
    """The imposed booklet, with blank stand-ins for the marks' pages (the
    real ones, laid out by WeasyPrint, are tested below)."""
    from pamphleteer.render.booklet import impose

    sigs = plan(pages, per)
    w = PdfWriter()
    for _ in range(len(sigs) + 1):
        w.add_blank_page(width=2 * PW, height=PH)
    buf = io.BytesIO()
    w.write(buf)
    return impose(_pages_pdf(pages), counts=[s.sheets for s in sigs],
                  marks=buf.getvalue())


def _sides(imposed: bytes) -> list[tuple[int | None, int | None, bool]]:
    """Each sheet side of the imposed PDF: (left page, right page, carries
    a signature overlay), read from its content stream."""
    out = []
    for page in PdfReader(io.BytesIO(imposed)).pages:
        data = page.get_contents().get_data().decode("latin-1") \
            if page.get_contents() is not None else ""
        left = right = None
        for x, n in re.findall(r"1 0 0 1 (-?[\d.]+) 0 cm /P(\d+) Do", data):
            if float(x) < PW / 2:
                left = int(n)
            else:
                right = int(n)
        out.append((left, right, "/Signature Do" in data))
    return out


def _sheet_ranges(paragraphs: list[str], total_sheets: int) -> list[range]:
    """The sheets of each signature, as the instructions give them."""
    text = " ".join(paragraphs)
    found = re.findall(r"signature (\d+): sheets (\d+)(?:–(\d+))?", text)
    if not found:
        assert "one signature" in text
        return [range(1, total_sheets + 1)]
    return [range(int(a), int(b or a) + 1) for _, a, b in found]


def fold_and_stack(sides, ranges):
    """Print duplex (flip on the short edge: the back's left half is behind
    the front's right half); for each signature, nest its sheets in printing
    order (the first outside), fold in half with the first sheet's front
    outside; then STACK the signatures, the first on top.  Returns the page
    numbers in reading order."""
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    read = []
    for r in ranges:
        sig = [sheets[i - 1] for i in r]
        first_leaves, second_leaves = [], []
        for front, back in sig:
            # Right half: recto front-right, verso back-left.
            first_leaves.append((front[1], back[0]))
            # Left half: recto back-right, verso front-left.
            second_leaves.append((back[1], front[0]))
        for recto, verso in first_leaves + list(reversed(second_leaves)):
            read += [recto, verso]
    return read


@pytest.mark.parametrize("pages,per", [(150, 10), (150, 0), (40, 0),
                                       (48, 0), (52, 0), (9, 0), (97, 3)])
def test_printed_folded_stacked_as_told_reads_in_order(pages, per):
    imposed = _imposed(pages, per)
    sigs = plan(pages, per)
    paragraphs = instructions(sigs, pages=pages, sheet="A4", page_size="A5")
    sides = _sides(imposed)
    # The first sheet is the instructions (set aside, as they say).
    assert sides[0][:2] == (None, None) and sides[1][:2] == (None, None)
    book = sides[2:]
    total = sum(s.sheets for s in sigs)
    assert len(book) == 2 * total
    read = fold_and_stack(book, _sheet_ranges(paragraphs, total))
    assert [p for p in read if p is not None] == list(range(1, pages + 1))
    # Blanks only after the last page.
    assert all(p is None for p in read[pages:])
    # Every signature's outer sheet carries its marks, on its outside.
    marked = [i // 2 + 1 for i, side in enumerate(book) if side[2]]
    firsts = [1 + sum(s.sheets for s in sigs[:k]) for k in range(len(sigs))]
    assert marked == firsts
    assert all(i % 2 == 0 for i, side in enumerate(book) if side[2])


def test_nesting_the_signatures_would_misorder():
    """The old instructions ("nest them") give a wrong book: the check
    above is one that can fail."""
    pages, per = 80, 10
    book = _sides(_imposed(pages, per))[2:]
    nested = fold_and_stack(book, [range(1, 21)])  # all as one signature
    assert [p for p in nested if p] != list(range(1, pages + 1))


def test_thin_books_are_one_saddle_stitched_signature():
    assert sheet_counts(48) == [12]
    assert len(plan(4 * SADDLE_MAX_SHEETS)) == 1
    text = " ".join(instructions(plan(40), pages=40, sheet="A4",
                                 page_size="A5"))
    assert "one signature of 10 sheets" in text and "staple" in text


def test_thick_books_are_balanced_signatures_stacked_not_nested():
    counts = sheet_counts(150)  # 38 sheets
    assert sum(counts) == 38 and len(counts) == 5
    assert max(counts) - min(counts) <= 1 and max(counts) <= 8
    text = " ".join(instructions(plan(150), pages=150, sheet="A4",
                                 page_size="A5"))
    assert "STACK" in text and "do not nest" in text
    assert "38 sheets are too many to staple" in text
    assert "80 g/m²" in text
    assert "sew" in text and "glue" in text
    assert "2 blank pages" in text


def test_explicit_signature_size_is_kept():
    assert sheet_counts(150, 10) == [10, 10, 10, 8]


def test_collation_marks_step_down():
    tops = [mark_top_mm(n, 210) for n in range(1, 8)]
    assert tops == sorted(tops) and len(set(tops)) == 7
    assert all(12 <= t <= 210 - 12 for t in tops)


def test_instruction_sheet_and_marks_use_embedded_fonts():
    from pamphleteer.pdfcheck import check_pdf

    imposed, how = booklet_with_marks(_pages_pdf(150), sheet="A4",
                                      page_size="A5", title="Only from Below")
    assert "5 signatures" in how and "not nested" in how
    sides = _sides(imposed)
    assert sum(1 for s in sides if s[2]) == 5
    assert check_pdf(imposed, expect_size=(PW, PH), booklet=True) == []
    text = PdfReader(io.BytesIO(imposed)).pages[0].extract_text()
    assert "How to print and bind" in text
