"""The ``pdf`` reader: generated PDFs scored against their truth, real PDFs
with facts checked by eye, refusals, options and detection."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pamphleteer.cleaners import choose_format, load_all, run
from pamphleteer.errors import InputError, ManifestError
from pamphleteer.model import (BlockQuote, BulletList, Heading, LineBreak,
                               Table, inline_text,
                               OrderedList, Paragraph, block_text,
                               walk_blocks, walk_inlines)

from pdfgen import LAYOUTS, make_text, render_weasyprint, score

FIX = Path(__file__).parent / "fixtures" / "pdf"
BARS = {"words": 0.995, "paragraphs": 0.97, "notes": 0.98, "headings": 0.95,
        "quotes": 0.9, "emphasis": 0.95}


def clean(path: Path, **options):
    load_all()
    return run("pdf", path.read_bytes(), source=str(path), options=options)


GENERATED = FIX / "generated"


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """One text per layout (seeds 21-24, not ones the reader was developed
    on), rendered by WeasyPrint: the committed copies in
    ``fixtures/pdf/generated/`` (made by ``python tests/pdfgen.py``), or
    rendered now when one is missing."""
    d = tmp_path_factory.mktemp("pdfgen")
    out = {}
    for k, layout in enumerate(LAYOUTS):
        path = GENERATED / f"{layout}.pdf"
        if path.exists():
            spec, truth = make_text(21 + k, with_bold=(21 + k) % 2 == 0)
        else:
            path = d / f"{layout}.pdf"
            truth = render_weasyprint(21 + k, layout, path)
        out[layout] = (path, truth)
    return out


def _check_scores(result, truth):
    sc = score(result.document, truth)
    for key, bar in BARS.items():
        assert sc[key] >= bar, (key, sc)
    assert sc["extra"] == [], sc  # no running head, folio or foot left
    assert sc["title"], sc
    assert result.report.conservation["ok"], result.report.conservation
    return sc


@pytest.mark.slow
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_generated_layouts_meet_the_bars(generated, layout):
    path, truth = generated[layout]
    result = clean(path)
    _check_scores(result, truth)
    kinds = {r.kind for r in result.report.removals}
    assert "page-number" in kinds and "running-head" in kinds


@pytest.mark.slow
@pytest.mark.parametrize("seed", [31, 32, 33])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_more_generated_texts(tmp_path, seed, layout):
    path = tmp_path / "x.pdf"
    truth = render_weasyprint(seed, layout, path)
    _check_scores(clean(path), truth)


@pytest.mark.slow
def test_verse_keeps_its_lines_and_notes_their_emphasis(generated):
    found_verse = False
    for path, truth in generated.values():
        doc = clean(path).document
        for b in walk_blocks(doc.blocks):
            if isinstance(b, BlockQuote) and any(
                    isinstance(x, LineBreak) for p in b.blocks
                    for x in walk_inlines(p.children)):
                found_verse = True
        assert doc.meta.authors == (truth.author,)
        assert doc.meta.language == "en"
    assert found_verse


# -- LibreOffice (DOCX made by pandoc) -------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"),
                    reason="LibreOffice (soffice) is not installed")
def test_libreoffice_docx_export(tmp_path):
    pypandoc = pytest.importorskip("pypandoc")
    spec, truth = make_text(41)
    from pdfgen import markdown_of
    md = tmp_path / "t.md"
    md.write_text(markdown_of(spec, truth), encoding="utf-8")
    docx = tmp_path / "t.docx"
    pypandoc.convert_file(str(md), "docx", outputfile=str(docx))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True,
                   capture_output=True, timeout=180)
    result = clean(tmp_path / "t.pdf")
    # LibreOffice sets the notes in the body's size under a drawn rule,
    # bullets in OpenSymbol (U+F0B7), and numbers notes again on each page.
    _check_scores(result, truth)
    assert result.report.counts["note-renumbered"] > 0


# -- Real PDFs ---------------------------------------------------------------

def _texts(doc, kind):
    return [block_text(b) for b in walk_blocks(doc.blocks)
            if isinstance(b, kind)]


def test_libreoffice_writer_pdf():
    result = clean(FIX / "libreoffice-structure-fr.pdf")
    doc = result.document
    assert doc.meta.title == "Titre du document"
    assert doc.meta.language == "fr-CA"
    assert _texts(doc, Heading)[:2] == ["Titre 1", "Titre 2"]
    lists = [b for b in doc.blocks if isinstance(b, OrderedList)]
    assert lists and [block_text(i[0]) for i in lists[0].items][:2] == [
        "Énumération 1", "Énumération 2"]
    assert result.report.conservation["ok"]


def test_latex_article_dated_by_today_in_two_columns():
    """pdflatex's ``\\maketitle`` with ``\\today`` ("January 3, 2024")
    under the author: the date is the date, not a heading; the two
    columns read in order."""
    result = clean(FIX / "latex-twocolumn-date-p1.pdf")
    doc = result.document
    assert doc.meta.title == "Two-Column Document with Lorem Ipsum"
    assert list(doc.meta.authors) == ["Your Name"]
    assert doc.meta.date == "January 3, 2024"
    assert _texts(doc, Heading) == ["Abstract"]
    paras = _texts(doc, Paragraph)
    assert paras[1].startswith("Lorem ipsum dolor sit amet")
    assert paras[2].startswith("Nam dui ligula")  # (left column)
    assert paras[4].startswith("Quisque ullamcorper")  # (right column)
    assert result.report.conservation["ok"]


def test_wordperfect_pdf_bullets_and_a_call_in_mid_line():
    """A WordPerfect document through Acrobat PDFWriter (1998): its
    bullets are "!" in the WPTypographicSymbols font, and its call is a
    line of its own set inside the sentence's line, just above it."""
    result = clean(FIX / "wordperfect-dmca-p1-2.pdf")
    doc = result.document
    items = [block_text(i[0]) for b in doc.blocks
             if isinstance(b, BulletList) for i in b.items]
    assert len(items) == 5 and items[0].startswith("Title I, the")
    assert "!" not in " ".join(block_text(b) for b in doc.blocks)
    first = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert block_text(first).startswith(
        "The Digital Millennium Copyright Act (DMCA) was signed")
    refs = [x.label for x in walk_inlines(first.children)
            if type(x).__name__ == "NoteRef"]
    assert refs == ["1"]
    assert block_text(doc.notes[0].blocks[0]).startswith("Pub. L. No. 105")
    assert not doc.title_notes
    assert result.report.counts["symbol-bullets"] == 5
    assert result.report.conservation["ok"]


def test_word_365_pdf():
    result = clean(FIX / "word365-structure-fr.pdf")
    doc = result.document
    assert doc.meta.title == "Titre"
    assert doc.meta.language == "fr"
    bl = [b for b in doc.blocks if isinstance(b, BulletList)]
    assert [block_text(i[0]) for i in bl[0].items] == [
        "Liste", "Liste 2", "Liste 3"]
    ol = [b for b in doc.blocks if isinstance(b, OrderedList)]
    assert len(ol[0].items) == 2
    # The file's structure tree (pdfplumber's test of it) tags a Table:
    # a head of three TH, two rows of three TD; no heading among them.
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [[inline_text(c.children) for c in r] for r in tables[0].head] \
        == [["En-tête 1", "En-tête 2", "En-tête 3"]]
    assert [[inline_text(c.children) for c in r] for r in tables[0].body] \
        == [["Ligne 1", "Alouette", "Farfadet"],
            ["Linge 2", "Belette", "Bibitte"]]
    assert not [h for h in _texts(doc, Heading) if "En-tête" in h]
    assert result.report.conservation["ok"]


def test_word_minutes_pdf():
    result = clean(FIX / "word-proces-verbal-fr.pdf")
    doc = result.document
    assert doc.meta.title == "COMITÉ DE DÉMOLITION"
    assert doc.meta.subtitle == "PROCÈS-VERBAL"
    assert doc.meta.language.lower() == "fr-ca"
    heads = _texts(doc, Heading)
    assert "1. Ouverture de la séance" in heads
    assert "3. Période de question du public" in heads
    assert result.report.conservation["ok"]


# -- Refusals ------------------------------------------------------------------

def test_encrypted_pdf_is_refused_clearly():
    with pytest.raises(InputError, match="encrypted.*password"):
        clean(FIX / "encrypted-rc4-40.pdf")


def test_scan_is_refused_naming_ocr(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page()
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), 0)
        pix.clear_with(200)
        page.insert_image(page.rect, pixmap=pix)
    path = tmp_path / "scan.pdf"
    doc.save(str(path))
    with pytest.raises(InputError, match="OCR") as e:
        clean(path)
    assert "scan" in str(e.value) and str(path) in str(e.value)
    if shutil.which("ocrmypdf"):
        assert "ocrmypdf" in str(e.value)


def test_bad_options(generated):
    path = generated["a5-foot"][0]
    with pytest.raises(ManifestError, match="unknown option"):
        clean(path, colour="red")
    with pytest.raises(ManifestError, match="pages"):
        clean(path, pages="twelve")
    with pytest.raises(InputError, match="has .* pages"):
        clean(path, pages="1-400")
    with pytest.raises(InputError, match="outline"):
        clean(path, select="Nothing")


# -- Options: one text out of a collection -------------------------------------

@pytest.fixture(scope="session")
def collection(generated, tmp_path_factory):
    """Two texts bound in one PDF, with an outline naming each."""
    import pymupdf

    a_path, a_truth = generated["a5-foot"]
    b_path, b_truth = generated["a5-end-sans"]
    book = pymupdf.open()
    a = pymupdf.open(str(a_path))
    b = pymupdf.open(str(b_path))
    book.insert_pdf(a)
    book.insert_pdf(b)
    book.set_toc([[1, a_truth.title, 1],
                  [1, b_truth.title, a.page_count + 1]])
    path = tmp_path_factory.mktemp("coll") / "collection.pdf"
    book.save(str(path))
    return path, a.page_count, b.page_count, a_truth, b_truth


def test_pages_takes_one_text(collection):
    path, na, nb, a_truth, b_truth = collection
    result = clean(path, pages=f"{na + 1}-{na + nb}")
    sc = score(result.document, b_truth)
    assert sc["words"] >= 0.995 and sc["notes"] >= 0.98, sc
    assert result.document.meta.title == b_truth.title


def test_select_takes_an_outline_entry(collection):
    path, na, nb, a_truth, b_truth = collection
    result = clean(path, select=a_truth.title)
    assert result.report.counts["pages"] == na
    sc = score(result.document, a_truth)
    assert sc["words"] >= 0.995 and sc["paragraphs"] >= 0.97, sc


# -- Detection and the command line -------------------------------------------

def test_detection_by_content(generated):
    data = generated["a5-foot"][0].read_bytes()
    assert choose_format(data, None, "book.pdf")[0] == "pdf"
    assert choose_format(data, None, "book.bin")[0] == "pdf"
    info = load_all()["pdf"]
    for other in (Path(__file__).parent / "fixtures").rglob("*.txt"):
        assert info.detect(other.read_bytes()) == 0.0
        break
    assert info.detect(b"# A heading\n\nText.\n") == 0.0


@pytest.mark.slow
def test_cli_cleans_a_pdf_without_format(generated, tmp_path):
    import sys

    path = generated["letter-foot-ragged"][0]
    out = tmp_path / "x.md"
    proc = subprocess.run([sys.executable, "-m", "pamphleteer", "clean",
                           str(path), "-o", str(out)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "detected format pdf" in proc.stdout + proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle:") and "[^1]:" in text
    assert (tmp_path / "x.report.json").exists()


@pytest.mark.slow
def test_ligatures_and_soft_hyphens_mended(tmp_path):
    import pymupdf

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    assert font.exists(), "fonts-dejavu-core is a Debian dependency"
    doc = pymupdf.open()
    page = doc.new_page()
    for y, line in ((100, "The \ufb01rst \ufb02ower of the \ufb01eld."),
                    (114, "A line with a hy\u00adphen inside it.")):
        page.insert_text((72, y), line, fontsize=11, fontname="dv",
                         fontfile=str(font))
    path = tmp_path / "lig.pdf"
    doc.save(str(path))
    result = clean(path)
    text = " ".join(_texts(result.document, Paragraph))
    assert "first flower of the field" in text
    assert "hyphen inside" in text
    assert result.report.conservation["ok"]


def test_overprinted_text_read_once(tmp_path):
    """Fake bold (the same text drawn twice at one place) is read once."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for dx in (0, 0.3):
        page.insert_text((72 + dx, 100), "Drawn twice for a bolder look.",
                         fontsize=11)
    page.insert_text((72, 114), "Then a plain line of the same paragraph.",
                     fontsize=11)
    path = tmp_path / "over.pdf"
    doc.save(str(path))
    result = clean(path)
    text = " ".join(_texts(result.document, Paragraph))
    assert text.count("Drawn twice") == 1, text
    assert result.report.conservation["ok"]


def test_colophon_facts_in_the_languages_of_the_library():
    from pamphleteer.cleaners.pdf.meta import colophon_facts
    said = colophon_facts([
        "The Anarchist Library", "Anti-Copyright", "Errico Malatesta",
        "Anarchy", "1891", "Retrieved on 2 May 2011 from www.marxists.org",
        "Translated by Vernon Richards.", "theanarchistlibrary.org"])
    assert said["license"] == "Anti-Copyright"
    assert said["translators"] == ["Vernon Richards"]
    assert said["source"] == ["Retrieved on 2 May 2011 from www.marxists.org"]
    fr = colophon_facts(["Bibliothèque anarchiste", "Domaine public",
                         "Traduit par Jean Dupont et Marie Curie."])
    assert fr["license"] == "Domaine public"
    assert fr["translators"] == ["Jean Dupont", "Marie Curie"]
    # a title or an author is none of these
    assert colophon_facts(["Anarchy", "Errico Malatesta"]) == {"source": []}


def test_the_info_dictionary_gives_names_and_titles_not_accounts():
    # the Author and Title fields of real files (pdfplumber's test set):
    # accounts and file names are no author and no title
    from pamphleteer.cleaners.pdf.meta import _FILE_TITLE
    from pamphleteer.text import person_like
    for account in ("Administrator", "JOHNSCA", "office-2007", "e516160",
                    "Supreme", "user@example.org", "C:\\Users\\x"):
        assert not person_like(account), account
    for name in ("Martin Thoma", "Cuellar-Lopez, Monica", "David "
                 "Huggins-Daines", "CBA Forms Production", "鲁迅"):
        assert person_like(name), name
    for junk in ("10811.exe", "905_Precinct_NoOU", "line-char-render-example",
                 "88300 162..177", "3549"):
        assert _FILE_TITLE.match(junk), junk
    for title in ("Anarchy", "Creativity in Machine Learning",
                  "The 2008 Greek insurrection", "WARN Report*"):
        assert not _FILE_TITLE.match(title), title


_EXPONENTS = """<html lang="en"><head><meta charset="utf-8"><style>
@page { size: a5; margin: 2cm; @footnote { border-top: 0.5pt solid; } }
body { font: 11pt serif; } p { margin: 0; text-indent: 1.5em; }
sup { font-size: 0.7em; line-height: 0; }
.fn { float: footnote; font-size: 8pt; }
::footnote-call { font-size: 0.7em; vertical-align: super; line-height: 0; }
::footnote-marker { content: counter(footnote) ". "; }
</style></head><body><h1>Spheres and Planes</h1>
<p>The sphere S<sup>2</sup> cannot be flattened onto the plane R<sup>2</sup>
without tearing it somewhere, as every map maker knows.<span class="fn">Gauss
proved it in 1827.</span> A torus T<sup>2</sup> is flat, but it does not sit
in R<sup>3</sup> so; the volume grows as r<sup>3</sup> while the surface
grows as r<sup>2</sup>, and that is the whole of the argument here, which
the reader may check on any ball, loaf or orange at hand.</p>
</body></html>"""


def test_raised_numbers_no_note_answers_are_superscripts(tmp_path):
    """Exponents in a file that has notes are no calls: only the number a
    note answers links; the others stay superscripts, each said with its
    line (GeoTopo, a German LaTeX lecture script: 565 calls without a
    note before, 16 after)."""
    weasyprint = pytest.importorskip("weasyprint")
    path = tmp_path / "exponents.pdf"
    weasyprint.HTML(string=_EXPONENTS).write_pdf(str(path))
    result = clean(path)
    doc = result.document
    refs = [x.label for b in doc.blocks for x in walk_inlines(
        getattr(b, "children", ())) if type(x).__name__ == "NoteRef"]
    assert refs == ["1"]
    assert [n.missing for n in doc.notes] == [False]
    codes = [p.code for p in result.report.problems]
    assert "PDF001" not in codes
    assert codes.count("PDF009") == 6
    sups = [x for b in doc.blocks for x in walk_inlines(
        getattr(b, "children", ())) if type(x).__name__ == "Sup"]
    assert len(sups) == 6
    assert result.report.conservation["ok"], result.report.conservation


def test_a_call_after_a_number_is_no_word_lost(tmp_path):
    """A note called after a figure (``8,935,112³``, a Google Docs table)
    is counted as a word of its own in the text layer, as it is in the
    output: nothing reported lost."""
    weasyprint = pytest.importorskip("weasyprint")
    html = _EXPONENTS.replace(
        "as every map maker knows.<span",
        "as every one of the 8,935,112<span").replace(
        "Gauss\nproved it in 1827.", "A 2020 estimate.")
    path = tmp_path / "figure-call.pdf"
    weasyprint.HTML(string=html).write_pdf(str(path))
    result = clean(path)
    assert [n.missing for n in result.document.notes] == [False]
    assert result.report.conservation["lost"] == []


@pytest.mark.parametrize("names", [
    '<div class="by"><span>Ada Lovelace</span><span>Charles Babbage</span>'
    '</div>',
    '<p class="one">Ada Lovelace<span style="padding-left: 5em"></span>'
    'Charles Babbage</p>'])
def test_authors_set_side_by_side_are_two(tmp_path, names):
    """Two names on one line under the title, far apart (LaTeX's
    ``\\And`` in an ACL paper): two authors, not two headings nor one
    "Ada Lovelace Charles Babbage"."""
    weasyprint = pytest.importorskip("weasyprint")
    body = " ".join(["The engine was never finished, but its plans were "
                     "read and argued over for a century."] * 12)
    html = ('<html lang="en"><head><meta charset="utf-8"><style>'
            '@page { size: a5; margin: 2cm; } body { font: 10pt serif; }'
            'h1 { font-size: 16pt; text-align: center; }'
            '.by { display: flex; justify-content: space-around;'
            ' font-size: 12pt; margin-bottom: 2em; }'
            'p { margin: 0; text-indent: 1.5em; text-align: justify; }'
            '.one { text-indent: 0; text-align: center; font-size: 12pt;'
            ' margin-bottom: 2em; }'
            '</style></head><body><h1>Notes on the Analytical Engine</h1>'
            f'{names}<p>{body}</p><p>{body}</p></body></html>')
    path = tmp_path / "two-authors.pdf"
    weasyprint.HTML(string=html).write_pdf(str(path))
    result = clean(path)
    assert result.document.meta.title == "Notes on the Analytical Engine"
    assert list(result.document.meta.authors) == ["Ada Lovelace",
                                                  "Charles Babbage"]


def test_vertical_writing_one_character_to_a_line_is_refused(tmp_path):
    """Japanese set vertically, which MuPDF gives as columns of one-
    character lines (a 2008 government gazette read as 2,300 characters
    of shuffled headings and quotes): refused, naming vertical writing,
    never read as rows."""
    import pymupdf
    text = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=595)
    for col in range(12):
        for k, ch in enumerate(text[col % 5:col % 5 + 24]):
            page.insert_text((380 - col * 14, 60 + k * 12), ch,
                             fontname="japan", fontsize=11)
    path = tmp_path / "tategaki.pdf"
    doc.save(str(path))
    with pytest.raises(InputError, match="vertically"):
        clean(path)


def test_a_note_answers_one_call_and_a_repeated_exponent_is_none(tmp_path):
    """Note 2 answers call 2; the exponent ² set later on the same page
    is no second call to it (an astronomy paper's 10⁶, set twenty times
    beside a note 6: 25 calls without a note before, none after)."""
    weasyprint = pytest.importorskip("weasyprint")
    html = _EXPONENTS.replace(
        "A torus T<sup>2</sup> is flat",
        'A torus<span class="fn">Or a ring.</span> T<sup>2</sup> is flat')
    path = tmp_path / "repeated-exponent.pdf"
    weasyprint.HTML(string=html).write_pdf(str(path))
    result = clean(path)
    doc = result.document
    refs = [x.label for b in doc.blocks for x in walk_inlines(
        getattr(b, "children", ())) if type(x).__name__ == "NoteRef"]
    assert refs == ["1", "2"]
    assert [n.missing for n in doc.notes] == [False, False]
    assert "PDF001" not in [p.code for p in result.report.problems]
    assert result.report.conservation["ok"], result.report.conservation


def test_decimals_opening_small_lines_are_no_note_labels(tmp_path):
    """A table of scores in small type at a page's foot ("1.00 0.95 0.98
    ...", a language identification paper's appendix): no line of it is
    a note labelled 1 (42 notes without calls before)."""
    weasyprint = pytest.importorskip("weasyprint")
    body = " ".join(["The scores below were measured on every language of "
                     "the test set, one after the other."] * 14)
    rows = "".join(f"<div>{a}.{b:02d} 0.{95 - k} 0.{98 - k} lang{k}</div>"
                   for k, (a, b) in enumerate([(1, 0), (0, 88), (1, 0),
                                               (0, 97), (1, 0), (0, 91)]))
    html = ('<html lang="en"><head><meta charset="utf-8"><style>'
            '@page { size: a5; margin: 2cm; } body { font: 10pt serif; }'
            'p { margin: 0 0 14em 0; text-align: justify; }'
            '.t { font-size: 7pt; }</style></head><body>'
            f'<p>{body}</p><div class="t">{rows}</div></body></html>')
    path = tmp_path / "scores.pdf"
    weasyprint.HTML(string=html).write_pdf(str(path))
    result = clean(path)
    assert result.document.notes == ()
    assert "PDF003" not in [p.code for p in result.report.problems]
    text = " ".join(block_text(b) for b in walk_blocks(result.document.blocks))
    assert "1.00 0.95 0.98" in text
