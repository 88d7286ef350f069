"""Accessibility of the EPUB (issue 8).

DAISY Ace, run by ``scripts/ace.sh`` with the system's Chromium, must
report no violations on two small books: the minimal fixture book, and
``tests/fixtures/accessibility/book`` (an introduction whose headings start
at ``###`` and skip a level, footnotes, a library-md chapter with sections
and notes).  The Ace tests skip when node, npm or Chromium are missing,
unless the environment variable CI is set: then they run and fail.

The other tests need no browser: they read the EPUBs as XML and check what
the accessibility metadata claims (language everywhere, headings without
gaps, notes that pop up and link back, styles that leave colours, fonts and
line spacing to the reader, a cover with alt text).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import ROOT, epub_files
from pamphleteer.build import build
from pamphleteer.manifest import load_manifest
from pamphleteer.model import BlockQuote, Heading, Paragraph, Text
from pamphleteer.render.xhtml import heading_levels

ACE = ROOT / "scripts" / "ace.sh"
BOOKS = {
    "minimal": ROOT / "tests" / "fixtures" / "books" / "minimal" / "manifest.yaml",
    "water": ROOT / "tests" / "fixtures" / "accessibility" / "book" / "manifest.yaml",
}
CHROMES = ("chromium", "chromium-browser", "google-chrome")
NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf",
      "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def epubs(tmp_path_factory) -> dict[str, Path]:
    """Each fixture book built with its PDF (for the page list)."""
    out = {}
    for name, manifest in BOOKS.items():
        tmp = tmp_path_factory.mktemp(name)
        result = build(load_manifest(manifest), tmp, ["pdf", "epub"])
        out[name] = next(p for p in result.outputs if p.suffix == ".epub")
    return out


def _documents(epub: Path) -> dict[str, etree._Element]:
    """Every XHTML document of the EPUB, parsed."""
    return {n: etree.fromstring(data) for n, data in epub_files(epub).items()
            if n.endswith(".xhtml")}


def _opf(epub: Path) -> etree._Element:
    return etree.fromstring(epub_files(epub)["EPUB/content.opf"])


# --- heading levels (pure) ---------------------------------------------

def _h(level: int, name: str) -> Heading:
    return Heading(level=level, children=(Text(name),), id=name)


def _levels(blocks) -> list[int]:
    table = heading_levels(tuple(blocks))
    return [table[id(b)] for b in blocks if isinstance(b, Heading)]


def test_heading_levels_start_under_the_title():
    assert _levels([_h(2, "a"), _h(3, "b"), _h(2, "c")]) == [2, 3, 2]
    assert _levels([_h(1, "a"), _h(2, "b")]) == [2, 3]


def test_heading_levels_close_gaps():
    assert _levels([_h(1, "a"), _h(3, "b"), _h(1, "c")]) == [2, 3, 2]
    assert _levels([_h(2, "a"), _h(5, "b"), _h(6, "c")]) == [2, 3, 4]


def test_heading_levels_never_jump_down_two():
    # a subsection before any section: h3 cannot follow the h1 directly
    assert _levels([_h(3, "a"), _h(2, "b"), _h(3, "c")]) == [2, 2, 3]


def test_heading_levels_inside_quotations_and_deep_outlines():
    inner = _h(2, "inner")
    quote = BlockQuote(blocks=(Paragraph(children=(Text("x"),)), inner))
    table = heading_levels((_h(1, "a"), quote))
    assert table[id(inner)] == 3
    deep = [_h(n, f"h{n}") for n in range(1, 9)]
    assert max(_levels(deep)) == 6


def test_equal_headings_keep_their_own_levels():
    a, b = _h(3, "same"), _h(3, "same")
    table = heading_levels((a, _h(1, "x"), b))
    assert (table[id(a)], table[id(b)]) == (2, 3)


# --- the built EPUBs ----------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("name", BOOKS)
def test_language_on_the_package_and_every_document(epubs, name):
    opf = _opf(epubs[name])
    lang = opf.findtext("opf:metadata/dc:language", namespaces=NS)
    assert lang and opf.get(XML_LANG) == lang
    for file, doc in _documents(epubs[name]).items():
        assert doc.get("lang") == lang and doc.get(XML_LANG) == lang, file


@pytest.mark.slow
@pytest.mark.parametrize("name", BOOKS)
def test_one_h1_per_document_and_no_skipped_heading_level(epubs, name):
    for file, doc in _documents(epubs[name]).items():
        levels = [int(h.tag[-1]) for h in doc.iter()
                  if isinstance(h.tag, str) and re.fullmatch(r"\{[^}]*\}h[1-6]", h.tag)]
        types = {e.get(EPUB_TYPE) for e in doc.iter("{*}section")}
        if types & {"cover", "copyright-page"}:  # labelled, no heading
            assert 1 not in levels[1:], (file, levels)
            continue
        assert levels.count(1) == 1 and levels[0] == 1, (file, levels)
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (file, levels)


@pytest.mark.slow
def test_introduction_sections_are_h2(epubs):
    intro = _documents(epubs["water"])["EPUB/introduction.xhtml"]
    heads = [(h.tag.split("}")[1], "".join(h.itertext()))
             for h in intro.iter("{*}h2", "{*}h3", "{*}h4")]
    assert heads[:3] == [("h2", "Why the river"), ("h3", "A note on the sources"),
                         ("h2", "Reading this edition")]


@pytest.mark.slow
@pytest.mark.parametrize("name", BOOKS)
def test_no_layout_tables(epubs, name):
    for file, doc in _documents(epubs[name]).items():
        for table in doc.iter("{*}table"):
            assert table.get("role") != "presentation", file
            assert next(table.iter("{*}th"), None) is not None, file


@pytest.mark.slow
def test_notes_pop_up_and_link_back(epubs):
    docs = _documents(epubs["water"])
    calls = 0
    for file, doc in docs.items():
        asides = {a.get("id"): a for a in doc.iter("{*}aside")}
        ids = {e.get("id") for e in doc.iter() if e.get("id")}
        for a in doc.iter("{*}a"):
            if a.get(EPUB_TYPE) != "noteref":
                continue
            calls += 1
            assert a.get("role") == "doc-noteref", file
            target_file, _, target = a.get("href").partition("#")
            assert file.endswith(target_file), (file, a.get("href"))
            aside = asides[target]
            assert aside.get(EPUB_TYPE) == "footnote"
            assert aside.get("role") == "doc-footnote"
            back = [b for b in aside.iter("{*}a") if b.get("role") == "doc-backlink"]
            assert back and back[0].get("href").partition("#")[2] in ids
    assert calls >= 7  # 2 in the introduction, 5 in the essay


def _declarations(css: str) -> list[tuple[str, str]]:
    """(property, value) of every declaration of a stylesheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments
    out = []
    for body in re.findall(r"\{([^{}]*)\}", css):  # a rule's declarations
        for decl in body.split(";"):
            prop, _, value = decl.partition(":")
            if value.strip():
                out.append((prop.strip().lower(), value.strip().lower()))
    return out


@pytest.mark.slow
def test_styles_leave_colours_fonts_and_spacing_to_the_reader(epubs):
    files = epub_files(epubs["water"])
    sheets = {n: d.decode() for n, d in files.items() if n.endswith(".css")}
    assert sheets
    absolute = re.compile(r"\d(px|pt|pc|cm|mm|in)\b")  # absolute lengths
    for name, css in sheets.items():
        for prop, value in _declarations(css):
            if prop in ("color", "background", "background-color"):
                assert value in ("inherit", "currentcolor", "transparent"), (name, prop, value)
            if "color" in prop:  # borders and the rest: the text's own colour
                assert "#" not in value and "rgb" not in value, (name, prop, value)
            assert prop != "font-family", (name, value)
            if prop in ("font-size", "line-height", "margin", "text-indent"):
                assert not absolute.search(value), (name, prop, value)
            if prop == "line-height":  # unitless, so it scales with the text
                assert re.fullmatch(r"[\d.]+|normal", value), (name, value)
        # notes stay in the text for the reading system to hide or pop up
        assert not re.search(r"aside[^{]*\{[^}]*display\s*:\s*none", css), name


@pytest.mark.slow
def test_metadata_claims_what_the_book_has(epubs):
    def meta(name: str, prop: str) -> list[str]:
        return [m.text for m in _opf(epubs[name]).iterfind(
            f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    for name in BOOKS:
        assert meta(name, "dcterms:conformsTo") == [
            "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
        assert meta(name, "schema:accessMode") == ["textual"]
        assert meta(name, "schema:accessibilityHazard") == ["none"]
        assert "printPageNumbers" in meta(name, "schema:accessibilityFeature")
    minimal = meta("minimal", "schema:accessibilityFeature")
    assert "index" not in minimal  # the minimal book has no index
    summary = meta("water", "schema:accessibilitySummary")[0]
    assert "notes linked both ways" in summary and "index" not in summary
    assert meta("water", "a11y:certifiedBy") == ["Fixture Press"]


@pytest.mark.slow
def test_cover_image_with_its_words_as_alt_text(epubs):
    files = epub_files(epubs["water"])
    opf = _opf(epubs["water"])
    item = opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert item is not None and item.get("media-type") == "image/png"
    assert files["EPUB/" + item.get("href")].startswith(b"\x89PNG")
    first = opf.find("opf:spine/opf:itemref", NS).get("idref")
    cover_doc = opf.find(f"opf:manifest/opf:item[@id='{first}']", NS).get("href")
    img = next(_documents(epubs["water"])["EPUB/" + cover_doc].iter("{*}img"))
    assert img.get("src") == item.get("href")
    alt = img.get("alt")
    assert alt.startswith("Water and Custom. A Fixture for Accessibility Checks.")
    assert "Fixture Press" in alt
    assert "alternativeText" in [m.text for m in opf.iterfind(
        "opf:metadata/opf:meta[@property='schema:accessibilityFeature']", NS)]
    nav = _documents(epubs["water"])["EPUB/nav.xhtml"]
    assert any(a.get(EPUB_TYPE) == "cover" for a in nav.iter("{*}a"))


# --- DAISY Ace ----------------------------------------------------------

def _missing_for_ace() -> list[str]:
    missing = [t for t in ("node", "npm") if shutil.which(t) is None]
    chrome = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if not (chrome and os.access(chrome, os.X_OK)) and \
            not any(shutil.which(c) for c in CHROMES):
        missing.append("chromium")
    return missing


@pytest.fixture(scope="module")
def ace():
    """Runs scripts/ace.sh; skips (outside CI) without node, npm or
    Chromium."""
    missing = _missing_for_ace()
    if missing and not os.environ.get("CI"):
        pytest.skip(f"DAISY Ace needs {', '.join(missing)} (apt-get install "
                    "npm chromium); with CI set this test fails instead")

    def run(epub: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(ACE), str(epub)], capture_output=True,
                              text=True, timeout=900)
    return run


@pytest.mark.slow
@pytest.mark.parametrize("name", BOOKS)
def test_ace_reports_no_violations(ace, epubs, name):
    proc = ace(epubs[name])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("0 violation(s)")


def _rewrite(epub: Path, out: Path, edits: dict[str, tuple[bytes, bytes]]) -> None:
    """A copy of the EPUB with one replacement in each named entry."""
    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in edits:
                old, new = edits[info.filename]
                assert old in data, info.filename
                data = data.replace(old, new, 1)
            dst.writestr(info, data)


@pytest.mark.slow
def test_ace_finds_a_missing_language(ace, epubs, tmp_path):
    broken = tmp_path / "broken.epub"
    _rewrite(epubs["minimal"], broken, {
        "EPUB/content.opf": (b' xml:lang="en"', b""),
        "EPUB/only-text.xhtml": (b' lang="en" xml:lang="en"', b"")})
    proc = ace(broken)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "epub-lang" in proc.stdout and "only-text.xhtml: html-has-lang" in proc.stdout
    assert re.search(r"^[1-9]\d* violation\(s\)$", proc.stdout, re.M)
