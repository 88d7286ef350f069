"""The anthology in book/, built once: what a reader and a press check."""

from __future__ import annotations

import re
import unicodedata

import pytest

from helpers import ROOT, epub_files, epubcheck, pdf_fonts, pdf_pages_text
from pamphleteer.assembly import assemble
from pamphleteer.build import build
from pamphleteer.cache import StageCache
from pamphleteer.manifest import load_manifest

pytestmark = pytest.mark.slow  # every test here takes seconds

MANIFEST = ROOT / "book" / "manifest.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    manifest = load_manifest(MANIFEST)
    result = build(manifest, out, ["pdf", "epub"], profiles=["screen"],
                   cache=StageCache(out / ".cache"))
    return out, result, manifest


def norm(text: str) -> str:
    """Page text folded for searching: hyphenation at line ends undone,
    white space and quotes folded."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2010-]\n\s*", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.replace("’", "'").casefold()


def test_epub_valid(built):
    out, _, _ = built
    assert epubcheck(out / "only-from-below.epub") == []


def test_pdf_a5_fonts_embedded(built):
    from pypdf import PdfReader

    out, _, _ = built
    pdf = out / "only-from-below.pdf"
    assert all(emb for _, emb in pdf_fonts(pdf))
    for page in PdfReader(str(pdf)).pages:
        assert abs(float(page.trimbox.width) - 419.53) < 0.5
        assert abs(float(page.trimbox.height) - 595.28) < 0.5


def test_pdf_is_the_one_pass_layout(built):
    """The build lays the book out in segments and joins them; a one-pass
    layout of the same book has the same pages with the same text."""
    import io

    from pypdf import PdfReader

    from pamphleteer.render.pdf import build_pdf

    out, result, manifest = built
    book = assemble(manifest, cache=StageCache(out / ".cache"))
    one = build_pdf(book, book_dir=manifest.folder)
    joined = PdfReader(str(out / "only-from-below.pdf")).pages
    assert len(joined) == one.pages == result.pages
    assert [p.extract_text() for p in joined] == [
        p.extract_text() for p in PdfReader(io.BytesIO(one.pdf)).pages]


def test_contents_numbers_point_at_titles(built):
    out, _, manifest = built
    pages = pdf_pages_text(out / "only-from-below.pdf")
    contents = next(p for p in pages if "Contents" in p[:400])
    titles = [c.title for _, c in manifest.all_chapters()] + [
        "Introduction", "About the Texts", "Bibliography", "Index"]
    found = 0
    for title in titles:
        key = norm(title)[:22]
        for line in contents.splitlines():
            m = re.search(r"(\d+)\s*$", line)
            if m and key in norm(line):
                target = norm(pages[int(m.group(1)) - 1])
                assert key in target, (title, m.group(1))
                found += 1
                break
    assert found == len(titles)


def test_index_pages_hold_their_terms(built):
    from pamphleteer.index import build_view
    from pamphleteer.render.pdf import anchor_pages  # noqa: F401

    out, result, manifest = built
    pages = [norm(p) for p in pdf_pages_text(out / "only-from-below.pdf")]
    book = assemble(manifest, cache=StageCache(out / ".cache"))
    spec, occurrences = book.index
    layout_anchors = _anchors(out)
    view = build_view(spec, occurrences, pages=layout_anchors)
    forms = {e.id: e for e in _spec_entries(spec)}
    checked, bad = 0, []
    for group in view.groups:
        for entry in group.entries[:3]:
            spec_entry = forms.get(entry.id)
            if spec_entry is None:
                continue
            # The entry's forms, and the words its marks matched in the
            # text (a short form such as "the Alliance").
            words = [norm(f).split()[0] for f in _plain_forms(spec_entry)]
            words += sorted({norm(o.text).split()[0] for o in occurrences
                             if o.entry == entry.id and o.text.strip()})
            for loc in entry.locators:
                for p in range(loc.first_page, loc.last_page + 1):
                    checked += 1
                    if not any(_on_page(w, pages[p - 1]) for w in words):
                        bad.append((entry.id, p, words))
    assert checked > 100
    assert bad == []


def _on_page(word: str, page: str) -> bool:
    """The word is on the page, or begins in its last line, hyphenated
    across the page break ("Gold-" / "man", "the “dic-" / "tatorship")."""
    tail = page.rstrip(" \u2010-")
    return word[:5] in page or any(
        re.search(r"(?:^|[^\w])" + re.escape(word[:k]) + "$", tail)
        for k in range(3, min(5, len(word)) + 1))


def _anchors(out):
    """Anchor -> page, from the layout cache written by the build (the
    whole book's entry, not a segment's)."""
    import json

    metas = [json.loads(p.read_text()) for p in (out / ".cache" / "pdf").rglob("*.json")]
    (book,) = [m for m in metas if "breaks" in m["payload"]]
    return book["payload"]["anchors"]


def _spec_entries(spec):
    for e in spec.entries:
        yield e
        yield from getattr(e, "subentries", ())


def _plain_forms(entry):
    """The words an entry's marks stand on (regular expressions give
    their anchor word)."""
    out = []
    for f in entry.forms:
        out.append(f.anchor if f.regex else f.text)
    return [o for o in out if o and o.strip()]


def test_epub_page_list_matches_pdf(built):
    out, result, _ = built
    files = epub_files(out / "only-from-below.epub")
    nav = files["EPUB/nav.xhtml"].decode()
    listed = re.findall(r'<a href="([^"#]+)#page-(\d+)">(\d+)</a>', nav)
    assert [int(n) for _, n, _ in listed] == list(range(1, result.pages + 1))
    def letters(text: str) -> str:
        return " ".join(re.findall(r"[^\W\d_]+", norm(text)))

    pages = [letters(p) for p in pdf_pages_text(out / "only-from-below.pdf")]
    checked = 0
    # The texts' pages (the back matter's two-column entries are read out
    # of order from the PDF, so they are not compared here).
    back = {"about.xhtml", "bibliography.xhtml", "index.xhtml"}
    for file, n, _ in listed[::5]:
        if file in back:
            continue
        xhtml = files[f"EPUB/{file}"].decode()
        after = xhtml.split(f'id="page-{n}"', 1)[1].split("</span>", 1)[1]
        # The marker stands where the print page begins, mid-paragraph too
        # (render/pagelist.py): the words after it, notes and markers of
        # later pages left out, begin that page of the PDF.
        after = re.sub(r"<a [^>]*noteref[^>]*>\d+</a>", " ", after[:3000])
        after = re.sub(r'<span epub:type="pagebreak"[^>]*></span>', "", after)
        words = letters(re.sub(r"<[^>]+>", " ", after)).split()[:4]
        # A blank verso before a text's opening page has its marker where
        # the next page's text begins: nothing of it to find on the page.
        if len(words) < 4 or int(n) > len(pages) or not pages[int(n) - 1]:
            continue
        assert " ".join(words) in pages[int(n) - 1], (n, words)
        checked += 1
    assert checked >= 8


def test_seed_000_loses_no_word(built):
    from pamphleteer.cleaners import run

    raw = (ROOT / "seeds" / "000_d300c5b3b0d7c642.txt").read_text()
    result = run("afaq-text", raw, source="000")
    assert result.report.conservation["lost"] == []


def test_pdf_type_is_even(built):
    """Even type, as the type check reads the printed pages: no page ends
    on a line of one word mid-paragraph, no paragraph (nor note) on a
    fragment, no split name, no run of three hyphenated lines, and no
    more than 2% of justified lines with word spaces above half an em
    (the measures of render/typecheck.py; render/evenness.py mends)."""
    from pamphleteer.render.typecheck import measure

    out, _, _ = built
    rep = measure((out / "only-from-below.pdf").read_bytes())
    print(rep.summary())
    assert rep.lonely == [], rep.lonely
    assert rep.fragments == [], rep.fragments
    assert rep.split_names == [], rep.split_names
    # Were 9, then 2; the trial layouts try every nudge on each paragraph.
    assert rep.runs3 == [], rep.summary()
    assert len(rep.wide) <= 0.02 * rep.justified, rep.summary()
