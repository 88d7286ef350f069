"""A long text laid out in pieces (:mod:`pamphleteer.render.pieces`).

The documents of the pieces (unit tests), then a generated book with one
long text: laid out whole once and cut; after an edit only its piece is
laid out again, and the book is the one a build without the cache makes;
a cut that no longer begins a page is forgotten and the two pieces are
laid out as one, with the same result.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from helpers import ROOT
from pamphleteer.assembly import assemble
from pamphleteer.cache import LayoutCache, StageCache
from pamphleteer.manifest import load_manifest
from pamphleteer.render import pieces
from pamphleteer.render.scheduler import cuts_key
from pamphleteer.render.segments import join_job, lay_out_segments

sys.path.insert(0, str(ROOT / "tests"))
from test_hostile_size import markdown  # noqa: E402
from test_segments import assert_one_structure_tree  # noqa: E402

DOC = """<!DOCTYPE html>
<html lang="en"><head><title>t</title></head><body>
<section class="chapter" id="t" data-short-title="T">
<header class="chapter-head"><h1 class="chapter-title">T</h1></header>
<p id="t-b1">One.</p>
<p id="t-b2">Two.</p>
<h2 id="t-h">Heading</h2>
<p id="t-b3">Three.</p>
<blockquote id="t-b4"><p>Four.</p></blockquote>
<p id="t-b5">Five.</p>
</section></body></html>"""


def _ids(html: str) -> list[str]:
    root = lxml.html.document_fromstring(html)
    return [el.get("id") for el in root.iter() if el.get("id")]


def _hidden(html: str) -> list[str]:
    root = lxml.html.document_fromstring(html)
    return [el.get("id") for el in root.iter()
            if "display: none" in (el.get("style") or "")]


def test_the_first_piece_ends_with_the_next_ones_first_block():
    first = pieces.piece_html(DOC, ["t-b2", "t-b4"], 0)
    assert _ids(first) == ["t", "t-b1", "t-b2"]
    assert _hidden(first) == []
    assert pieces.CONTINUED not in first


def test_a_heading_is_carried_with_the_block_after_it():
    first = pieces.piece_html(DOC, ["t-h"], 0)
    assert _ids(first) == ["t", "t-b1", "t-b2", "t-h", "t-b3"]


def test_a_later_piece_keeps_its_section_and_the_block_before_it_hidden():
    middle = pieces.piece_html(DOC, ["t-b2", "t-b4"], 1)
    assert _ids(middle) == ["t", "t-b1", "t-b2", "t-h", "t-b3", "t-b4"]
    assert _hidden(middle) == ["t-b1"]
    root = lxml.html.document_fromstring(middle)
    assert "break-before: auto" in root.get_element_by_id("t").get("style")
    assert root.get(pieces.CONTINUED) is not None
    last = pieces.piece_html(DOC, ["t-b2", "t-b4"], 2)
    assert _ids(last) == ["t", "t-b3", "t-b4", "t-b5"]
    assert _hidden(last) == ["t-b3"]


@pytest.mark.parametrize("cuts", [["t-b9"], ["t-b4", "t-b2"], ["t"]])
def test_cuts_that_do_not_cut_the_text_are_refused(cuts):
    # unknown, out of order, not a block of the text's section
    assert pieces.piece_html(DOC, cuts, 0) is None


def test_cuts_are_about_a_piece_apart():
    tops = [(i, f"b{i}") for i in range(1, 60, 3)]
    cuts = pieces.choose_cuts(tops, 60, every=12)
    assert [i for i, _ in cuts] == [13, 25, 37, 49]
    assert pieces.choose_cuts(tops, pieces.MIN_PAGES - 1) == []


MANIFEST = """\
book:
  title: "The Long Rota"
  editors: ["T. Editor"]
  identifier: "urn:uuid:00000000-0000-4000-8000-00000000f312"
  date: 2026-02-02
  slug: long-rota
chapters:
  - {id: rota, source: rota.md, format: markdown, title: "The Rota",
     authors: ["Ada Llewelyn"], date: "1921"}
  - {id: short, source: short.md, format: markdown, title: "Short",
     authors: ["B. Jones"], date: "1922"}
output:
  page_size: A5
  profiles:
    - {name: screen, kind: screen, variant: pdf/ua-1}
"""


def pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def _book(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "rota.md").write_text(markdown(220))
    (root / "short.md").write_text(markdown(6))
    (root / "manifest.yaml").write_text(MANIFEST)
    return root / "manifest.yaml"


def _reference(m) -> list[str]:
    """The book laid out without a cache: each text whole, never cut."""
    seg = lay_out_segments(assemble(m), book_dir=m.folder, workers=2)
    assert all(not lay.parts for lay in seg.chain)
    return pages_text(join_job(*seg.join_args())[0])


def test_a_paragraphs_key_is_its_words_and_its_place_not_its_number():
    from pamphleteer.render.trial import paragraph_keys

    page = ('<html><body><section class="chapter">{}</section></body>'
            '</html>')
    a = paragraph_keys(page.format(
        '<p id="x-b1">First.</p><p id="x-b2">A <span class="ix" '
        'id="x-ix-1">word</span> here.</p>'))
    # The same paragraph, numbered otherwise after an edit before it.
    b = paragraph_keys(page.format(
        '<p id="x-b1">First, longer.</p><p id="x-b2">More.</p>'
        '<p id="x-b3">A <span class="ix" id="x-ix-7">word</span> here.</p>'))
    assert a["x-b2"] == b["x-b3"]
    assert a["x-b1"] != b["x-b1"]  # its words changed
    c = paragraph_keys(page.format(
        '<h2 id="h">Head</h2><p id="x-b2">A <span class="ix" '
        'id="x-ix-1">word</span> here.</p>'))
    assert c["x-b2"] != a["x-b2"]  # after a heading: another indent


@pytest.mark.slow
def test_an_edit_lays_out_only_its_piece_again(tmp_path):
    path = _book(tmp_path / "book")
    cache = LayoutCache(StageCache(tmp_path / "cache"))
    m = load_manifest(path)
    first = lay_out_segments(assemble(m), book_dir=m.folder, cache=cache,
                             workers=2)
    (rota,) = [lay for lay in first.chain if lay.name == "rota"]
    assert rota.pages >= pieces.MIN_PAGES
    assert len(rota.parts) == len(rota.cuts) + 1 >= 2
    assert sum(p.pages for p in rota.parts) == rota.pages
    pdf = join_job(*first.join_args())[0]
    assert pages_text(pdf) == _reference(m)
    assert_one_structure_tree(pdf)

    # One word more in a paragraph of the last piece.
    text = (path.parent / "rota.md").read_text()
    at = text.rindex(" kept ", 0, len(text) * 3 // 4)
    (path.parent / "rota.md").write_text(
        text[:at] + " kept kept " + text[at + len(" kept "):])
    second = lay_out_segments(assemble(m), book_dir=m.folder, cache=cache,
                              workers=2)
    names = [lay.name for lay in second.chain]
    assert names.count("rota") == 1 and any(n.startswith("rota@")
                                            for n in names)
    assert second.laid_out <= 2  # its piece (and the next, if it moved)
    joined = pages_text(join_job(*second.join_args())[0])
    assert joined == _reference(m)
    assert any("kept kept" in " ".join(t.split()) for t in joined)


@pytest.mark.slow
def test_a_cut_that_no_longer_begins_a_page_is_forgotten(tmp_path):
    path = _book(tmp_path / "book")
    cache = LayoutCache(StageCache(tmp_path / "cache"))
    m = load_manifest(path)
    first = lay_out_segments(assemble(m), book_dir=m.folder, cache=cache,
                             workers=2)
    (rota,) = [lay for lay in first.chain if lay.name == "rota"]
    good = list(rota.cuts)
    # A block that begins no page: the one after the first cut.
    html = rota_html(m)
    ids = [el.get("id") for el in lxml.html.document_fromstring(html).iter("p")
           if el.get("id")]
    bad = ids[ids.index(good[0]) + 1]
    job = pieces_job(m, html)
    cache.put_value("cuts", cuts_key(job), [bad] + good[1:])
    messages: list[str] = []
    again = lay_out_segments(assemble(m), book_dir=m.folder, cache=cache,
                             workers=2, progress=messages.append)
    assert any(bad in msg and "no longer begins a page" in msg
               for msg in messages)
    assert bad not in (cache.get_value("cuts", cuts_key(job)) or [])
    assert pages_text(join_job(*again.join_args())[0]) == _reference(m)


def rota_html(m) -> str:
    from pamphleteer.render.pdf import html_document
    from pamphleteer.render.views import Renderer
    from pamphleteer.render.segments import _stylesheets  # noqa: F401

    b = assemble(m)
    renderer = Renderer(replace(b, modified=b.modified[:10]),
                        mode="footnote", book_dir=m.folder, stage="body")
    (sec,) = [s for s in renderer.sections() if s.id == "rota"]
    return html_document(replace(b, modified=b.modified[:10]), [sec],
                         renderer, None)


def pieces_job(m, html: str):
    """The whole text's job as the build makes it (for its cuts' key)."""
    from pamphleteer.render import segments as S
    from pamphleteer.render.segment_job import SegmentJob
    from pamphleteer.render.views import STYLES, Renderer

    b = assemble(m)
    profile = m.output.all_profiles()[0]
    renderer = Renderer(b, mode="footnote", book_dir=m.folder, stage="body")
    css = S._stylesheets(b, renderer, profile, 0, m.folder)
    seed = f"{b.identifier}/{b.slug}/{profile.name}"
    return SegmentJob(name="rota", html=html, css=css,
                      base_url=str(STYLES) + "/", start=0,
                      variant=profile.variant or "",
                      seed=seed + "|" + S._salt(m.folder),
                      modified=b.modified, press=False, bleed_outer_pt=0.0,
                      check=())


@pytest.mark.parametrize("sheet,allowed", [
    ("h2 + p { text-indent: 0 } section > p:first-child { margin: 0 }",
     True),
    ("@page :right { @top-center { content: string(chapshort) } }", True),
    ("[lang~=en] { hyphens: auto }", True),
    ("h2 { counter-increment: section }", False),
    ("p:nth-child(odd) { color: red }", False),
    ("p:first-of-type::first-letter { font-size: 3em }", False),
    ("h2 ~ p { margin: 0 }", False),
    ("@page { @top-center { content: string(chaptitle) } }", False),
])
def test_stylesheets_that_count_siblings_keep_a_text_whole(sheet, allowed):
    # A piece holds only the element before its first block: a counter,
    # a selector counting siblings or a running string set by a heading
    # would come out otherwise than in the whole text.
    assert pieces.css_allows((sheet,)) is allowed


def test_the_books_own_stylesheets_allow_pieces():
    from pamphleteer.render.views import STYLES

    assert pieces.css_allows((f"path:{STYLES / 'base.css'}",
                              f"path:{STYLES / 'print.css'}",
                              (ROOT / "templates" / "page.css.j2")
                              .read_text()))
