"""The ``pdf`` reader on PDFs made by LaTeX the way Amusewiki (The Anarchist
Library) makes them: XeLaTeX, KOMA-Script classes, raised note marks, a
short footnote rule, running heads, folios, ligatures, hyphenated line ends.

The PDFs are committed (``fixtures/pdf/latex/``, written by hand with
``make_latex.py``: CI needs no TeX).  The known texts of ``pdfgen`` are
scored against their truth; the real Muse texts are compared with the
Muse reader's reading of the same file.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from pamphleteer.cleaners import load_all, run
from pamphleteer.model import (Division, Heading, Metadata, Paragraph,
                               block_text, document_words, walk_blocks)
from pamphleteer.text import words

from pdfgen import _plain as truth_text
from pdfgen import score

FIX = Path(__file__).parent / "fixtures"
LATEX = FIX / "pdf" / "latex"
# The bars the issue sets for PDFs kept apart from the project; every
# known LaTeX PDF measured 1.0 on each (docs/formats/pdf.md).
BARS = {"words": 0.995, "paragraphs": 0.97, "notes": 0.98, "headings": 0.95,
        "quotes": 0.9, "emphasis": 0.95}


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_latex", LATEX / "make_latex.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GEN = _generator()


def clean_pdf(path: Path):
    load_all()
    return run("pdf", path.read_bytes(), source=str(path), options={})


_CACHE: dict = {}


def cleaned(name: str):
    if name not in _CACHE:
        _CACHE[name] = clean_pdf(LATEX / name)
    return _CACHE[name]


def _kinds(result) -> Counter:
    return Counter(r.kind for r in result.report.removals)


# -- Known texts --------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(GEN.KNOWN))
def test_known_latex_texts_meet_the_bars(name):
    seed, long_note, opts, _heading = GEN.KNOWN[name]
    _spec, truth, _notes = GEN.known(seed, long_note)
    result = cleaned(name)
    sc = score(result.document, truth)
    for key, bar in BARS.items():
        assert sc[key] >= bar, (key, sc)
    # No running head or folio left; only the metadata the truth lacks.
    printed = f"{opts.get('subtitle', '')} {opts.get('date', '')}"
    assert sc["extra"] == sorted(w.casefold() for w in words(printed)), sc
    assert sc["title"], sc
    assert result.document.meta.authors == (truth.author,)
    assert result.document.meta.subtitle == opts.get("subtitle", "")
    assert result.document.meta.date == opts.get("date", "")
    assert result.report.conservation["ok"], result.report.conservation
    kinds = _kinds(result)
    assert kinds["page-number"] >= 2
    if opts.get("heads"):
        assert kinds["running-head"] >= 2


@pytest.mark.parametrize("name", sorted(GEN.HELD_OUT))
def test_held_out_classes_meet_the_bars(name):
    """``memoir`` (ruled heads, italic title, folio top and foot) and
    ``article`` (fancyhdr, small-capital author's name, \\section*):
    made after the reader was fixed and scored once, without tuning."""
    seed = GEN.HELD_OUT[name][0]
    _spec, truth, _notes = GEN.known(seed)
    result = cleaned(name)
    sc = score(result.document, truth)
    for key, bar in BARS.items():
        assert sc[key] >= bar, (key, sc)
    assert sc["extra"] == [], sc
    assert result.report.conservation["ok"]


@pytest.mark.parametrize("name", ["known-a5-scrbook-contents.pdf",
                                  "heldout-memoir-contents-63.pdf"])
def test_table_of_contents_leaves_the_text(name):
    """KOMA's contents (no leaders for chapters) and memoir's (dot
    leaders): each heading once, as a heading; the entries removed."""
    result = cleaned(name)
    doc = result.document
    heads = [block_text(b) for b in doc.blocks if isinstance(b, Heading)]
    gone = [r.text for r in result.report.removals if r.kind == "contents"]
    assert len(gone) >= len(heads)
    assert len(heads) == len(set(heads))
    paras = " ".join(block_text(b) for b in doc.blocks
                     if isinstance(b, Paragraph))
    assert "Contents" not in paras


def test_running_heads_beside_the_folio_and_chapter_titles_go():
    """scrbook, two-sided: the even head is the folio and the book's title,
    the odd head the chapter's title and the folio; a chapter's first page
    has none."""
    result = cleaned("known-a4-scrbook-chapters.pdf")
    heads = [r.text for r in result.report.removals
             if r.kind == "running-head"]
    chapters = [block_text(b) for b in result.document.blocks
                if isinstance(b, Heading)]
    assert any(h in chapters for h in heads)
    # Each chapter title is a heading once, never a paragraph.
    assert len(chapters) == len(set(chapters))
    paras = {block_text(b) for b in result.document.blocks
             if isinstance(b, Paragraph)}
    assert not paras & set(chapters)


def test_long_note_carries_on_over_the_page():
    seed, long_note, _opts, _h = GEN.KNOWN["known-a6-longnote-smallcaps.pdf"]
    _spec, truth, _notes = GEN.known(seed, long_note)
    label = next(k for k, v in truth.notes.items() if v == GEN.LONG_NOTE)
    doc = cleaned("known-a6-longnote-smallcaps.pdf").document
    note = next(n for n in doc.notes if n.label == label)
    text = " ".join(block_text(b) for b in note.blocks)
    assert words(text) == words(GEN.LONG_NOTE)
    assert "people" in text  # "peo-" at one page's foot, "ple" on the next


def test_two_column_notes_sit_under_their_columns():
    result = cleaned("known-generic-twocolumn.pdf")
    assert result.report.counts["calls-linked"] == len(result.document.notes)
    assert not result.report.problems


@pytest.mark.parametrize("name", sorted(GEN.KNOWN) + sorted(GEN.MUSE))
def test_ligatures_spelled_out_and_hyphens_joined(name):
    doc = cleaned(name).document
    text = " ".join(document_words(doc))
    assert not set(text) & set("\ufb00\ufb01\ufb02\ufb03\ufb04\u00ad")
    for w in document_words(doc):
        # A word broken at a line's end is joined: no half-word stays
        # with its hyphen.
        assert not w.endswith("-"), w


# -- Real Muse texts, against the Muse reader -----------------------------------

# An imposed booklet of a Muse PDF reads as the PDF it was imposed from.
IMPOSED_FROM = {name: src for src, name, _sig in GEN.IMPOSED}


def _muse(name: str):
    rel = GEN.MUSE[IMPOSED_FROM.get(name, name)][0]
    src = FIX / rel
    load_all()
    return run("muse", src.read_text(encoding="utf-8"), source=str(src),
               options={}).document


def _body_words(doc) -> Counter:
    """The words of the text and its notes (not the metadata: Muse keeps
    #source, #date and topics there, the PDF prints them on its colophon)."""
    bare = replace(doc, meta=Metadata())
    return Counter(w.casefold() for w in document_words(bare))


def _headings(doc) -> list[str]:
    return [" ".join(words(block_text(b))) for b in walk_blocks(doc.blocks)
            if isinstance(b, Heading)]


def _paragraphs(doc) -> int:
    return sum(1 for b in doc.blocks if isinstance(b, (Paragraph, Division)))


@pytest.mark.parametrize("name", sorted(GEN.MUSE) + [
    n for n in sorted(IMPOSED_FROM) if IMPOSED_FROM[n] in GEN.MUSE])
def test_muse_texts_read_back_as_the_muse_reader_reads_them(name):
    muse = _muse(name)
    result = cleaned(name)
    doc = result.document
    want, got = _body_words(muse), _body_words(doc)
    assert want - got == Counter(), "words lost"
    assert got - want == Counter(), "words added (running heads, folios?)"
    assert _headings(doc) == _headings(muse)
    assert len(doc.notes) == len(muse.notes)
    for a, b in zip(muse.notes, doc.notes):
        assert words(" ".join(block_text(x) for x in a.blocks)) == words(
            " ".join(block_text(x) for x in b.blocks))
    assert _paragraphs(doc) == _paragraphs(muse)
    assert doc.meta.title.replace("*", "") == muse.meta.title.replace("*", "")
    assert result.report.conservation["ok"]


def test_real_hyphens_are_kept():
    doc = cleaned("muse-perlman-ten-theses-a5.pdf").document
    text = " ".join(block_text(b) for b in doc.blocks)
    assert "self-portrait" in text


def test_amusewiki_colophon_page_leaves_the_text():
    result = cleaned("muse-perlman-ten-theses-a5.pdf")
    doc = result.document
    assert _kinds(result)["colophon"] >= 3
    extra = dict(doc.meta.extra)
    assert "The Anarchist Library" in extra["pdf-colophon"]
    assert "theanarchistlibrary.org" not in " ".join(
        block_text(b) for b in doc.blocks)


def test_french_text():
    doc = cleaned("muse-vos-entre-nous-fr-a5.pdf").document
    assert doc.meta.title == "Entre nous"
    assert doc.meta.subtitle.startswith("Lectures françaises")
    assert doc.meta.authors == ("Lucie Vos",)
    paras = [block_text(b) for b in doc.blocks if isinstance(b, Paragraph)]
    # One-line dialogue paragraphs, each set at the paragraph indent.
    assert "«Paul, viens ici!»" in paras


# -- Imposed booklets -----------------------------------------------------------

def test_booklet_order():
    from pamphleteer.cleaners.pdf.imposed import booklet_order

    # One signature of 8 pages: sheet 1 front 8|1, back 2|7; sheet 2
    # front 6|3, back 4|5.
    assert booklet_order(4, 8) == [8, 1, 2, 7, 6, 3, 4, 5]
    # Signatures of 4: each sheet is its own booklet.
    assert booklet_order(4, 4) == [4, 1, 2, 3, 8, 5, 6, 7]


def test_imposed_booklet_reads_in_page_order():
    """Signatures of four pages: read left half before right, the text
    would run 4, 1, 2, 3 (paragraphs 0.89, notes 0.33 measured)."""
    name = "imposed-known-a5-sig4.pdf"
    src = IMPOSED_FROM[name]
    seed, long_note, _opts, _h = GEN.KNOWN[src]
    _spec, truth, _notes = GEN.known(seed, long_note)
    result = cleaned(name)
    sc = score(result.document, truth)
    for key, bar in BARS.items():
        assert sc[key] >= bar, (key, sc)
    assert sc["extra"] == [] and sc["title"], sc
    assert result.report.counts["imposed-sheets"] == 4
    assert not result.report.problems


def test_landscape_pages_across_the_middle_are_not_a_booklet(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    for k in range(2):
        page = doc.new_page(width=842, height=595)
        page.insert_text((72, 100), "A landscape page whose title runs "
                         "across the middle of the sheet, " + str(k),
                         fontsize=14)
        page.insert_text((72, 140), "left half", fontsize=10)
        page.insert_text((500, 140), "right half", fontsize=10)
    path = tmp_path / "landscape.pdf"
    doc.save(str(path))
    result = clean_pdf(path)
    assert "imposed-sheets" not in result.report.counts


def test_select_a_chapter_by_the_latex_outline():
    """hyperref's bookmarks (Amusewiki's PDFs have them) give `select:`
    one chapter: its text, its notes (numbered again from 1 by scrbook),
    nothing of the chapters around it."""
    seed, long_note, _opts, _h = GEN.KNOWN["known-a4-scrbook-chapters.pdf"]
    spec, truth, _notes = GEN.known(seed, long_note)
    name = "Quarrels about Principle"
    k = truth.blocks.index(("heading", name))
    end = next((j for j in range(k + 1, len(truth.blocks))
                if truth.blocks[j][0] == "heading"), len(truth.blocks))
    want_paras = [t for kind, t in truth.blocks[k + 1:end] if kind == "para"]
    calls = sum(len(re.findall(r"\[\^\d+\]", v))
                for kind, v in spec if kind == "para" and
                truth_text(v) in want_paras)
    load_all()
    path = LATEX / "known-a4-scrbook-chapters.pdf"
    result = run("pdf", path.read_bytes(), source=str(path),
                 options={"select": name})
    doc = result.document
    assert doc.meta.title == name
    paras = [" ".join(words(block_text(b))) for b in doc.blocks
             if isinstance(b, Paragraph)]
    assert paras[0] == " ".join(words(want_paras[0]))
    assert len(paras) == len(want_paras)
    assert len(doc.notes) == calls
    assert all(n.blocks for n in doc.notes)
    assert not result.report.problems
