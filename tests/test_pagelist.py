"""The EPUB's print page list at the exact word where each PDF page
begins."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from pamphleteer.render.pagelist import (insert_marks, page_starts,
                                         split_key, starts_by_page)
from pamphleteer.render.pdf import page_map

M = Markup("<b/>")


def test_marks_go_before_the_word():
    html = ('<p>The quick <em>brown</em> fox<a class="noteref" href="#n">12'
            '</a> jumps over</p>')
    assert insert_marks(html, [(8, M)]) == (
        '<p>The quick <em><b/>brown</em> fox<a class="noteref" href="#n">12'
        '</a> jumps over</p>')
    # Mid-word (a page beginning with the end of a hyphenated word).
    assert "<em>br<b/>own</em>" in insert_marks(html, [(10, M)])
    # The note call is not counted.
    assert "</a> <b/>jumps" in insert_marks(html, [(16, M)])
    # A page number only the EPUB knows is not counted.
    vol = ('<p>see (Kinna; <a class="in-volume" href="#k">this volume<span '
           'class="volume-page">, p. 61</span></a>) and more</p>')
    assert "</a>) <b/>and" in insert_marks(vol, [(21, M)])
    # Several, and entities count as one character.
    two = insert_marks("<p>a &amp; b c</p>", [(2, M), (3, M)])
    assert two == "<p>a &amp; <b/>b <b/>c</p>"


def test_keys():
    assert split_key("ch-b12@345") == ("ch-b12", 345)
    assert split_key("ch-b12") == ("ch-b12", 0)
    assert starts_by_page({"page-start:ch-b3:40": 7, "ch-b3": 6}) == \
        {7: ("ch-b3", 40)}


def test_page_map_marks_pages_at_their_word():
    order = ["ch", "ch-b1", "ch-b2"]
    pages = {"ch": 1, "ch-b1": 1, "ch-b2": 3,
             "page-start:ch-b1:0": 1, "page-start:ch-b1:2000": 2,
             "page-start:ch-b2:900": 4}
    assert page_map(order, pages, 5) == {
        "ch": ["1"], "ch-b1@2000": ["2"], "ch-b2": ["3"],
        "ch-b2@900": ["4"], "end-of-book": ["5"]}


WORDS = ("Kropotkin met Lenin in May nineteen nineteen and wrote to him "
         "again on the twenty-first of December about the cooperatives ")


@pytest.mark.slow
def test_page_starts_name_the_first_word_of_every_page():
    from weasyprint import CSS, HTML

    paras = "".join(f'<p id="s-b{i}">{WORDS * (3 + i % 5)}</p>'
                    for i in range(1, 25))
    html = f"<html><body>{paras}</body></html>"
    doc = HTML(string=html).render(stylesheets=[CSS(string=(
        "@page { size: 105mm 148mm; margin: 12mm } body { hyphens: auto;"
        " text-align: justify; font-size: 10pt }"))])
    boxes = [p._page_box for p in doc.pages]
    starts = starts_by_page(page_starts(boxes, 1))
    assert len(starts) == len(doc.pages)
    mid = 0
    for page, (anchor, offset) in starts.items():
        # The page's first word, from its boxes.
        def first_text(box):
            if type(box).__name__ == "TextBox" and box.text.strip():
                return box.text
            for c in getattr(box, "children", None) or ():
                t = first_text(c)
                if t:
                    return t
        first = first_text(boxes[page - 1].children[0]).split()[0]
        block = re.search(rf'<p id="{anchor}">(.*?)</p>', html)[1]
        marked = insert_marks(f"<p>{block}</p>", [(offset, M)])
        after = marked.split("<b/>", 1)[1].split()[0]
        assert after.rstrip("\u2010-") == first.rstrip("\u2010-"), \
            (page, first, after)
        mid += offset > 0
    assert mid >= len(starts) // 2  # most pages begin mid-paragraph


@pytest.mark.slow
def test_epub_markers_are_at_the_first_words_of_their_pdf_pages(tmp_path):
    """The check a reader of the page list makes: every EPUB page marker
    is followed by the first words of its PDF page (>= 99%)."""
    import sys

    from helpers import ROOT

    sys.path.insert(0, str(ROOT / "tests"))
    from test_segments import write_book

    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest
    from pamphleteer.render.pagelist import compare

    manifest = load_manifest(write_book(tmp_path / "book"))
    out = tmp_path / "out"
    build(manifest, out, ["epub", "pdf"], profiles=["screen"])
    epub = next(out.glob("*.epub"))
    pdf = next(p for p in out.glob("*.pdf"))
    # The printed contents (page 3) has no page of its own in the EPUB,
    # whose navigation document replaces it.
    from pypdf import PdfReader

    contents = [str(n) for n, page in enumerate(PdfReader(pdf).pages, 1)
                if (page.extract_text() or "").lstrip().startswith("Contents")]
    exact, compared, misses = compare(str(epub), pdf.read_bytes(),
                                      skip=tuple(contents))
    assert compared >= 20
    assert exact / compared >= 0.99, misses[:10]
