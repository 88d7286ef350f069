"""End-to-end builds of a small fixture book: EPUB valid, PDF sound,
outputs reproducible and never half-written."""

from __future__ import annotations

import re
import zipfile

import pytest

from helpers import ROOT, epub_files, epubcheck, pdf_fonts, pdf_pages_text
from pamphleteer.build import build
from pamphleteer.cli import main
from pamphleteer.manifest import load_manifest

MINIMAL = ROOT / "tests" / "fixtures" / "books" / "minimal" / "manifest.yaml"


@pytest.fixture(scope="module")
def minimal_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("minimal")
    result = build(load_manifest(MINIMAL), out, ["epub", "pdf"])
    return out, result


@pytest.mark.slow
def test_outputs_named_from_slug(minimal_build):
    out, result = minimal_build
    assert sorted(p.name for p in result.outputs) == [
        "a-minimal-book.bibliography.json", "a-minimal-book.citations.json",
        "a-minimal-book.epub", "a-minimal-book.pdf"]
    kinds = sorted(a.kind for a in result.artifacts)
    assert kinds == ["epub", "json", "json", "pdf"]


@pytest.mark.slow
def test_bibliography_exports(minimal_build):
    import json

    out, _ = minimal_build
    works = json.loads((out / "a-minimal-book.bibliography.json").read_text())
    cites = json.loads((out / "a-minimal-book.citations.json").read_text())
    assert all("id" in w for w in works)
    assert {c["chapter"] for c in cites} == {"only-text"}
    assert set(cites[0]) >= {"chapter", "note", "raw", "work", "locator",
                             "method"}
    ids = {w["id"] for w in works}
    assert all(c["work"] in ids for c in cites if c["work"])


@pytest.mark.slow
def test_epub_passes_epubcheck(minimal_build):
    out, _ = minimal_build
    assert epubcheck(out / "a-minimal-book.epub") == []


@pytest.mark.slow
def test_epub_zip_layout(minimal_build):
    out, _ = minimal_build
    with zipfile.ZipFile(out / "a-minimal-book.epub") as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED


@pytest.mark.slow
def test_pdf_fonts_embedded_and_a5(minimal_build):
    from pypdf import PdfReader

    out, _ = minimal_build
    pdf = out / "a-minimal-book.pdf"
    fonts = pdf_fonts(pdf)
    assert fonts and all(emb for _, emb in fonts), fonts
    assert any("Libertine" in name for name, _ in fonts)
    for page in PdfReader(str(pdf)).pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 419.53) < 0.5 and abs(h - 595.28) < 0.5


@pytest.mark.slow
def test_contents_page_numbers_point_at_their_pages(minimal_build):
    out, _ = minimal_build
    pages = pdf_pages_text(out / "a-minimal-book.pdf")
    contents = next(p for p in pages if "Contents" in p)
    m = re.search(r"The Only Text[ .]*?(\d+)\s*$", contents, re.M)
    assert m, contents
    target = pages[int(m.group(1)) - 1]
    assert "The Only Text" in target and "A. Writer" in target.replace("A. W", "A. W")


@pytest.mark.slow
def test_epub_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    m = load_manifest(MINIMAL)
    a, b = tmp_path / "a", tmp_path / "b"
    build(m, a, ["epub"])
    build(m, b, ["epub"])
    assert (a / "a-minimal-book.epub").read_bytes() == \
        (b / "a-minimal-book.epub").read_bytes()


@pytest.mark.slow
def test_failed_build_leaves_no_partial_file(tmp_path, monkeypatch):
    import pamphleteer.render.segments as segments

    m = load_manifest(MINIMAL)
    build(m, tmp_path, ["pdf"])
    before = (tmp_path / "a-minimal-book.pdf").read_bytes()

    def boom(*a, **k):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(segments, "lay_out_segments", boom)
    with pytest.raises(RuntimeError):
        build(m, tmp_path, ["pdf"])
    assert (tmp_path / "a-minimal-book.pdf").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.slow
def test_cli_build_and_clean(tmp_path):
    assert main(["build", str(MINIMAL), "--out", str(tmp_path), "--format",
                 "epub", "-q"]) == 0
    assert (tmp_path / "a-minimal-book.epub").is_file()
    assert main(["clean", "--manifest", str(MINIMAL), "--out", str(tmp_path),
                 "-q"]) == 0
    md = (tmp_path / "clean" / "only-text.md").read_text()
    assert "The emancipation" in md or "the emancipation" in md
    assert (tmp_path / "clean" / "only-text.report.json").is_file()


@pytest.mark.slow
def test_epub_escapes_markup_from_text(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "t.txt").write_text(
        'A text with <script>alert(1)</script> and </p> & {{ x }} {% y %} '
        ']]> *stars* in it.\n')
    (book / "manifest.yaml").write_text(MINIMAL.read_text().replace(
        "text.txt", "t.txt"))
    build(load_manifest(book / "manifest.yaml"), tmp_path / "out", ["epub"])
    files = epub_files(tmp_path / "out" / "a-minimal-book.epub")
    xhtml = files["EPUB/only-text.xhtml"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xhtml
    assert "<script>" not in xhtml
    assert "{{ x }}" in xhtml and "{% y %}" in xhtml and "&amp;" in xhtml
    assert epubcheck(tmp_path / "out" / "a-minimal-book.epub") == []


@pytest.mark.slow
def test_pdf_failing_its_checks_is_neither_written_nor_cached(tmp_path,
                                                             monkeypatch):
    import pamphleteer.pdfcheck as pdfcheck
    from pamphleteer.cache import StageCache
    from pamphleteer.errors import RenderError

    monkeypatch.setattr(pdfcheck.PageChecker, "problems",
                        lambda self: ["TrimBox is wrong (page 1)"])
    m = load_manifest(MINIMAL)
    with pytest.raises(RenderError) as err:
        build(m, tmp_path, ["pdf"], cache=StageCache(tmp_path / ".cache"))
    assert "TrimBox is wrong" in str(err.value)
    assert not (tmp_path / "a-minimal-book.pdf").exists()
    # Not cached as a book's PDF: the next build checks it again and fails
    # again (its segments, each fine, may be reused).
    with pytest.raises(RenderError):
        build(m, tmp_path, ["pdf"], cache=StageCache(tmp_path / ".cache"))
    assert not (tmp_path / "a-minimal-book.pdf").exists()


@pytest.mark.slow
def test_cache_kept_within_its_budget(tmp_path, monkeypatch):
    """After a build the cache is pruned to its budget, oldest entries
    first, never the ones the build used: with a budget of nothing, what
    is left is exactly what the last build used, and a rebuild with
    nothing changed still finds it."""
    import os

    import pamphleteer.build as B
    from pamphleteer.cache import StageCache

    monkeypatch.setattr(B, "CACHE_BUDGET", 0)
    m = load_manifest(MINIMAL)
    cache_dir = tmp_path / "out" / ".cache"
    stale = cache_dir / "clean" / "00" / ("00" * 32 + ".json")
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    os.utime(stale, (1_000_000_000,) * 2)
    build(m, tmp_path / "out", ["epub", "pdf"], cache=StageCache(cache_dir))
    assert not stale.exists()
    assert list(cache_dir.rglob("*.pdf"))
    said = []
    again = build(m, tmp_path / "out", ["epub", "pdf"],
                  cache=StageCache(cache_dir), progress=said.append)
    assert any("nothing changed" in s for s in said)
    assert sorted(p.name for p in again.outputs) == [
        "a-minimal-book.bibliography.json", "a-minimal-book.citations.json",
        "a-minimal-book.epub", "a-minimal-book.pdf"]


@pytest.mark.slow  # three covers laid out by WeasyPrint: 3 s of CPU
def test_epub_cover_image_made_once(tmp_path, monkeypatch):
    """The EPUB's cover image is kept in the stage cache: made again only
    when its words (or page size, styles, versions) change."""
    from dataclasses import replace

    import pamphleteer.render.cover as cover
    from pamphleteer.assembly import assemble
    from pamphleteer.cache import LayoutCache, StageCache
    from pamphleteer.render.epub import _cover_png

    made = []
    real = cover.front_cover_png

    def counting(book, **kw):
        made.append(book.title)
        return real(book, **kw)

    monkeypatch.setattr(cover, "front_cover_png", counting)
    book = assemble(load_manifest(MINIMAL))
    cache = LayoutCache(StageCache(tmp_path / ".cache"))
    first = _cover_png(book, cache)
    assert first.startswith(b"\x89PNG") and len(made) == 1
    assert _cover_png(book, cache) == first and len(made) == 1
    retitled = replace(book, title="Another Title")
    assert _cover_png(retitled, cache) != first and len(made) == 2
    assert _cover_png(book, None) == first and len(made) == 3


@pytest.mark.slow
def test_a_chapter_id_beginning_with_a_digit_is_valid_epub(tmp_path):
    # `add` makes ids from titles ("50 maneras para prepararse..."): the
    # NCX's navPoint ids must still be XML names.
    src = MINIMAL.parent
    (tmp_path / "text.txt").write_bytes((src / "text.txt").read_bytes())
    manifest = (src / "manifest.yaml").read_text().replace(
        "id: only-text", "id: 50-ways")
    assert "id: 50-ways" in manifest
    (tmp_path / "manifest.yaml").write_text(manifest)
    build(load_manifest(tmp_path / "manifest.yaml"), tmp_path / "out",
          ["epub"])
    assert epubcheck(tmp_path / "out" / "a-minimal-book.epub") == []


def test_a_first_heading_repeating_the_title_is_the_title():
    """A part taken out of a collection opens with its own heading, which
    the chapter's title repeats: the heading is left out (the opener sets
    the title), whatever its case; any other first heading stays."""
    from pamphleteer.assembly import drop_title_heading
    from pamphleteer.model import (Document, Heading, Metadata, NoteRef,
                                   Paragraph, Text)

    body = (Heading(1, (Text("THE PSYCHOLOGY OF POLITICAL VIOLENCE"),)),
            Paragraph((Text("To analyze the psychology..."),)))
    doc = Document(Metadata(title="Anarchism and Other Essays"), body)
    out = drop_title_heading(doc, "The Psychology of Political Violence")
    assert out.blocks == body[1:]
    assert drop_title_heading(doc, "Anarchism and Other Essays") is doc
    # Not the first block: kept.
    later = Document(doc.meta, body[::-1])
    assert drop_title_heading(
        later, "The Psychology of Political Violence") is later
    # A heading with a note: left out, its call on the title (the note
    # printed as the opener's), never lost.
    noted = Document(doc.meta, (Heading(1, (
        Text("The Psychology of Political Violence"), NoteRef("1"))),
        body[1]))
    out = drop_title_heading(noted, "The Psychology of Political Violence")
    assert out.blocks == (body[1],) and out.title_notes == ("1",)
