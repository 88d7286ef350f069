"""The PDF laid out in segments and joined is the one-pass layout.

A generated book (new texts of two families, parts, an introduction, an
index) is laid out twice: in one WeasyPrint document (the reference,
:func:`pamphleteer.render.pdf.build_pdf`) and in segments joined with
pypdf.  Both must have the same pages with the same text, the same page of
every anchor, outline entry and link, and the same page boxes; the joined
file must carry one valid structure tree.  Then the cache: an edit lays
out only the edited text again; an edit that changes a text's page count
moves the texts after it, and the result is still the one-pass layout.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from pamphleteer.assembly import assemble
from pamphleteer.cache import LayoutCache, StageCache
from pamphleteer.manifest import load_manifest
from pamphleteer.render.pdf import build_pdf
from pamphleteer.render.segments import (build_pdf_segmented, join_job,
                                          lay_out_segments)

sys.path.insert(0, str(ROOT / "tests"))
from test_hostile_size import library_md, markdown  # noqa: E402

pytestmark = pytest.mark.slow  # every test lays a book out, some twice

MANIFEST = """\
book:
  title: "The Ferry Papers"
  editors: ["T. Editor"]
  identifier: "urn:uuid:00000000-0000-4000-8000-00000000f311"
  date: 2026-02-02
  slug: ferry-papers
front:
  introduction: introduction.md
back:
  index: index.yaml
parts:
  - title: "The Rota"
    chapters:
      - {id: rota, source: rota.md, format: markdown, title: "The Rota",
         authors: ["Ada Llewelyn"], date: "1921"}
      - {id: fares, source: fares.txt, format: library-md,
         title: "The Ferrymen’s Rota", authors: ["Ada Llewelyn"],
         date: "1921"}
  - title: "The Council"
    chapters:
      - {id: council, source: council.md, format: markdown,
         title: "The Council", authors: ["B. Jones"], date: "1922"}
output:
  page_size: A5
  profiles:
    - {name: screen, kind: screen, variant: pdf/ua-1}
    - {name: press, kind: press, bleed: 3mm, bleed_edges: outer,
       crop_marks: true, variant: pdf/x-4, gutter_per_100_pages: 1mm}
"""

INDEX = """\
entries:
  - heading: ferrymen
    forms: [ferrymen]
  - heading: rota
    forms: [rota]
  - heading: fares
    forms: [fares]
"""


def write_book(root: Path, sizes: tuple[int, int, int] = (44, 57, 38)) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "rota.md").write_text(markdown(sizes[0]))
    (root / "fares.txt").write_text(library_md(sizes[1]))
    (root / "council.md").write_text(markdown(sizes[2]))
    (root / "introduction.md").write_text(
        "The ferrymen kept a rota.\n\nThey fixed their own fares.\n")
    (root / "index.yaml").write_text(INDEX)
    (root / "manifest.yaml").write_text(MANIFEST)
    return root / "manifest.yaml"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    manifest = load_manifest(write_book(tmp_path_factory.mktemp("ferry")))
    return manifest, assemble(manifest)


def pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline entry, in order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title,
                            reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def dests(pdf: bytes) -> dict[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name: reader.get_destination_page_number(d)
            for name, d in reader.named_destinations.items()}


def links(pdf: bytes) -> list[tuple[int, str]]:
    """(page index, destination name) of every internal link."""
    from pypdf import PdfReader

    out = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for a in page.get("/Annots", []):
            a = a.get_object()
            if "/Dest" in a:
                out.append((n, str(a["/Dest"])))
    return sorted(out)


def boxes(pdf: bytes) -> list[tuple]:
    from pypdf import PdfReader

    return [tuple(tuple(round(float(v), 2) for v in page[k])
                  for k in ("/MediaBox", "/TrimBox", "/BleedBox") if k in page)
            for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("name", ["screen", "press"])
def test_joined_pdf_is_the_one_pass_layout(book, name):
    manifest, b = book
    profile = next(p for p in manifest.output.all_profiles() if p.name == name)
    hint = 100 if profile.gutter_per_100_pages != "0mm" else 0
    one = build_pdf(b, book_dir=manifest.folder, profile=profile,
                    pages_hint=hint)
    seg = lay_out_segments(b, book_dir=manifest.folder, profile=profile,
                           pages_hint=hint, workers=2)
    joined = build_pdf_segmented(b, book_dir=manifest.folder, profile=profile,
                                 pages_hint=hint, workers=2).pdf
    # The fixture has a text that opens after a blank verso.
    assert any(lay.start % 2 == 0 for lay in seg.chain[1:])
    assert seg.pages == one.pages == len(pages_text(joined))
    assert pages_text(joined) == pages_text(one.pdf)
    assert seg.anchors == one.anchors
    assert seg.breaks == one.breaks
    assert outline(joined) == outline(one.pdf)
    assert len(outline(joined)) >= 8
    assert dests(joined) == dests(one.pdf)
    assert links(joined) == links(one.pdf)
    assert boxes(joined) == boxes(one.pdf)
    if name == "press":
        assert links(joined) == []
    else:
        assert links(joined), "the screen PDF links notes, index and contents"


def test_joined_pdf_has_one_structure_tree(book):
    manifest, b = book
    assert_one_structure_tree(
        build_pdf_segmented(b, book_dir=manifest.folder, workers=2).pdf)


def assert_one_structure_tree(pdf: bytes) -> None:
    """One structure tree, its parent tree numbered as WeasyPrint numbers
    it, every element leading up to the one root."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert str(root["/Lang"]) == "en"
    struct_ref = root.raw_get("/StructTreeRoot")
    struct = struct_ref.get_object()
    (document,) = struct["/K"]
    assert document.get_object()["/S"] == "/Document"
    nums = struct["/ParentTree"]["/Nums"]
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == list(range(len(keys)))
    pages = reader.pages
    assert [int(p["/StructParents"]) for p in pages] == keys[:len(pages)]
    assert int(struct["/ParentTreeNextKey"]) == len(keys)
    annots = {int(a.get_object()["/StructParent"]): a.idnum
              for p in pages for a in p.get("/Annots", [])}
    assert sorted(annots) == keys[len(pages):]
    for key, idnum in annots.items():
        elem = nums[2 * key + 1].get_object()
        objr = [k.get_object() for k in elem["/K"]
                if isinstance(k.get_object(), dict)
                and k.get_object().get("/Type") == "/OBJR"]
        assert [o.raw_get("/Obj").idnum for o in objr] == [idnum]
    # Every element of the parent tree leads up to the one root.
    for i in range(1, len(nums), 2):
        value = nums[i].get_object()
        for elem in value if isinstance(value, list) else [value]:
            node, hops = elem.get_object(), 0
            while node.get("/Type") != "/StructTreeRoot" and hops < 100:
                ref = node.raw_get("/P")
                node, hops = ref.get_object(), hops + 1
            assert node.indirect_reference.idnum == struct_ref.idnum


def test_an_edit_lays_out_only_that_text_again(tmp_path):
    path = write_book(tmp_path / "book")
    cache = LayoutCache(StageCache(tmp_path / "cache"))
    m = load_manifest(path)
    first = lay_out_segments(assemble(m), book_dir=m.folder, cache=cache,
                             workers=2)
    assert first.laid_out == len(first.chain) + 1  # the front twice
    text = (path.parent / "council.md").read_text()
    assert " kept " in text
    (path.parent / "council.md").write_text(
        text.replace(" kept ", " keptt ", 1))
    b = assemble(m)
    second = lay_out_segments(b, book_dir=m.folder, cache=cache, workers=2)
    assert second.laid_out == 1
    assert second.pages == first.pages
    edited = [lay for lay in second.chain if lay.name == "council"][0]
    joined, _ = join_job(*second.join_args())
    pages = pages_text(joined)[edited.start - 1:edited.start - 1 + edited.pages]
    assert any("keptt" in t for t in pages)
    again = lay_out_segments(b, book_dir=m.folder, cache=cache, workers=1)
    assert again.laid_out == 0


def test_a_longer_text_moves_the_ones_after_it(tmp_path):
    path = write_book(tmp_path / "book")
    cache = LayoutCache(StageCache(tmp_path / "cache"))
    m = load_manifest(path)
    before = lay_out_segments(assemble(m), book_dir=m.folder, cache=cache,
                              workers=2)
    write_book(tmp_path / "book", sizes=(61, 57, 38))
    b = assemble(m)
    after = lay_out_segments(b, book_dir=m.folder, cache=cache, workers=2)
    assert after.pages > before.pages
    starts = {lay.name: lay.start for lay in after.chain}
    assert starts["fares"] > {lay.name: lay.start
                              for lay in before.chain}["fares"]
    joined = build_pdf_segmented(b, book_dir=m.folder, cache=cache,
                                 workers=2).pdf
    one = build_pdf(b, book_dir=m.folder)
    assert pages_text(joined) == pages_text(one.pdf)
    assert after.anchors == one.anchors


def _alone(lay):
    """A segment's PDF, joined to nothing."""
    pdf, _ = join_job([lay.prepared], [], "test")
    return pdf


def _jobs(manifest, b):
    """The fixture's segments as jobs from page 1 (start to be replaced)."""
    from pamphleteer.render import segments as S
    from pamphleteer.render.pdf import html_document
    from pamphleteer.render.views import STYLES, Renderer

    profile = manifest.output.all_profiles()[0]
    renderer = Renderer(b, mode="footnote", book_dir=manifest.folder,
                        stage="body")
    sections = renderer.sections()
    css = S._stylesheets(b, renderer, profile, 0, manifest.folder)
    return {s.id: S.SegmentJob(
        name=s.id, html=html_document(b, [s], renderer, None), css=css,
        base_url=str(STYLES) + "/", start=1, variant=profile.variant,
        seed="test", modified=b.modified) for s in sections}


@pytest.mark.parametrize("section,start", [
    ("fares", 9), ("fares", 10),          # opens on a right-hand page
    ("titlepage", 3), ("titlepage", 4)])  # no forced side: paginated again
def test_paginated_before_its_start_is_known(book, monkeypatch, section,
                                             start):
    """A job paginated first and numbered once its start page arrives is
    the job laid out from that page."""
    from dataclasses import replace

    from pamphleteer.render import segment_job as J
    from pamphleteer.render import segments as S

    manifest, b = book
    job = _jobs(manifest, b)[section]
    monkeypatch.setattr(J, "_STARTS", [start])
    reports = []
    later = S.lay_out_segment(replace(job, start=0, slot=0),
                              report=reports.append)
    known = S.lay_out_segment(replace(job, start=start))
    assert reports[0][:2] == ("count", 0)
    assert reports[-1][0] == "placed"
    assert reports[-1][1] == replace(job, start=start).key()
    assert (later.start, later.pages, later.anchors, later.bookmarks) == (
        known.start, known.pages, known.anchors, known.bookmarks)
    later_pages = pages_text(_alone(later))
    assert later_pages == pages_text(_alone(known))
    if section == "fares" and start % 2 == 0:
        assert later_pages[0].strip() == ""  # the blank verso


def test_a_dropped_job_stops(book, monkeypatch):
    from dataclasses import replace

    from pamphleteer.render import segment_job as J
    from pamphleteer.render import segments as S

    manifest, b = book
    monkeypatch.setattr(J, "_STARTS", [-1])
    job = _jobs(manifest, b)["rota"]
    assert S.lay_out_segment(replace(job, start=0, slot=0)) is None


def test_a_job_dropped_while_it_paginates_stops_at_its_next_page(
        book, monkeypatch):
    """A deferred job whose segment the parent no longer needs (it came
    out of the cache) stops at the next page it makes, not after all its
    re-layouts: the pool waited for it before."""
    import weasyprint.layout as wl

    from dataclasses import replace

    from pamphleteer.render import segment_job as J
    from pamphleteer.render import segments as S

    manifest, b = book
    starts = [0]
    monkeypatch.setattr(J, "_STARTS", starts)
    made = []
    original = wl.make_all_pages

    def counted(*args, **kw):
        for page in original(*args, **kw):
            made.append(page)
            if len(made) == 2:
                starts[0] = -1  # dropped by the parent, now
            yield page

    job = _jobs(manifest, b)["rota"]
    whole = S.lay_out_segment(replace(job, start=1))
    assert whole.pages > 2, "the segment is too short: the test cannot fail"
    monkeypatch.setattr(wl, "make_all_pages", counted)
    assert S.lay_out_segment(replace(job, start=0, slot=0)) is None
    assert len(made) == 2


def _small_pdf(text: str, variant: str | None) -> bytes:
    from weasyprint import HTML

    body = f"<h1>{text}</h1><p>" + f"{text} " * 40 + "</p>"
    return HTML(string=f"<html lang='en'><title>t</title>{body}</html>"
                ).write_pdf(pdf_variant=variant)


@pytest.mark.parametrize("variant,packed", [
    ("pdf/ua-1", True),     # PDF 1.7: objects in object streams
    ("pdf/a-1b", False)])   # PDF 1.4 has no object streams
def test_join_packs_objects_from_pdf_1_5(variant, packed):
    """From PDF 1.5 on, the joined file keeps its non-stream objects in
    compressed object streams (as WeasyPrint does) and its xref in a
    stream; before, plain objects and an xref table.  Either way every
    object is where the xref says."""
    from pypdf import PdfReader

    from pamphleteer.render.join import join_pdfs

    parts = [_small_pdf(w, variant) for w in ("Alpha", "Beta", "Gamma")]
    pdf, problems = join_pdfs(parts, [(1, "Alpha", 1, 0.0, 800.0, True),
                                      (1, "Gamma", 3, 0.0, 800.0, True)],
                              seed="test")
    assert problems == []
    assert (b"/ObjStm" in pdf) is packed
    assert (b"\nxref\n" in pdf) is not packed
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert [p.extract_text().split()[0] for p in reader.pages] == [
        "Alpha", "Beta", "Gamma"]
    assert [o.title for o in reader.outline] == ["Alpha", "Gamma"]
    size = int(reader.trailer["/Size"])
    for n in range(1, size):  # every object the xref lists can be read
        if reader.xref_objStm.get(n) is not None or any(
                n in t for t in reader.xref.values()):
            assert reader.get_object(n) is not None
    if packed:
        assert len(pdf) < sum(len(p) for p in parts)


@pytest.mark.parametrize("longer_guess", [False, True])
def test_the_epub_is_told_the_final_pages(book, monkeypatch, longer_guess):
    """``on_placed`` (the EPUB) hears the pages before the contents are
    laid out with their real numbers; when that moves pages (here: the
    guessed contents are made two pages longer), it hears them again, and
    what it heard last is the layout's."""
    from markupsafe import Markup

    from pamphleteer.render import pdf as P

    manifest, b = book
    if longer_guess:
        real = P._contents

        def contents(renderer, sections, pages=None):
            out = real(renderer, sections, pages)
            if pages and 888 in pages.values():
                out += Markup('<div style="break-before: page"></div>'
                              '<div style="break-before: page">x</div>')
            return out

        monkeypatch.setattr(P, "_contents", contents)
    heard = []
    seg = lay_out_segments(b, book_dir=manifest.folder, workers=2,
                           on_placed=lambda a, br: heard.append((a, br)))
    assert heard[-1] == (seg.anchors, seg.breaks)
    assert len(heard) == (2 if longer_guess else 1)
    if longer_guess:
        assert heard[0] != heard[-1]


def test_place_tells_the_first_starts_once_they_are_known(book):
    """``Scheduler.place(on_starts=..., starts_of=N)`` calls back once,
    with the start pages of the first N segments, before the later ones
    are laid out (the texts citing the first N are then laid out with
    their real pages while the last texts still are); the starts are
    those the chain gets."""
    from dataclasses import replace

    from pamphleteer.render.scheduler import Scheduler

    manifest, b = book
    jobs = list(_jobs(manifest, b).values())
    makers = [(lambda start, j=j: replace(j, start=start)) for j in jobs]
    told: list[tuple[dict[int, int], int]] = []
    with Scheduler(workers=1) as sched:
        def on_starts(starts):
            told.append((starts, len(sched.placed)))

        keys = sched.place(makers, on_starts=on_starts, starts_of=2)
        placed = [sched.placed[k] for k in keys]
    assert len(placed) >= 3, "too few segments: the test cannot fail"
    assert len(told) == 1
    starts, placed_then = told[0]
    assert starts == {0: placed[0].start, 1: placed[1].start}
    assert placed_then == 1  # the second segment was not laid out yet
