"""Booklet imposition: folding the printed stack gives the pages in order."""

from __future__ import annotations

import io

import pytest

from pamphleteer.render.booklet import impose, signature_order


def fold(order, pages):
    """Simulate printing each sheet duplex (flip on the short edge),
    stacking the sheets of a signature, folding, and reading the pages."""
    # Group sheets by signature (depth restarts at 0).
    signatures, current = [], []
    for front, back, depth in order:
        if depth == 0 and current:
            signatures.append(current)
            current = []
        current.append((front, back))
    signatures.append(current)
    read = []
    for sig in signatures:
        # Reading a folded signature: the outer sheet's front right, then
        # inward on the right halves, back out on the left halves.
        fronts = [f for f, _ in sig]
        backs = [b for _, b in sig]
        seq = []
        for f, b in zip(fronts, backs):
            seq.append(f.right)
            seq.append(b.left)
        for f, b in reversed(list(zip(fronts, backs))):
            seq.append(b.right)
            seq.append(f.left)
        read += seq
    return [p for p in read if p is not None]


@pytest.mark.parametrize("pages,per", [(4, 0), (8, 0), (13, 0), (32, 0),
                                       (40, 2), (61, 4), (100, 8)])
def test_folded_pages_in_order(pages, per):
    order = signature_order(pages, per)
    assert fold(order, pages) == list(range(1, pages + 1))
    total = -(-pages // 4) * 4
    assert len(order) == total // 4


def test_impose_makes_landscape_sheets():
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for _ in range(6):
        w.add_blank_page(width=419.53, height=595.28)
    buf = io.BytesIO()
    w.write(buf)
    out = PdfReader(io.BytesIO(impose(buf.getvalue())))
    assert len(out.pages) == 4  # 6 pages -> 8 -> 2 sheets, 4 sides
    for p in out.pages:
        assert abs(float(p.mediabox.width) - 839.06) < 0.5
        assert abs(float(p.mediabox.height) - 595.28) < 0.5
