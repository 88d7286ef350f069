"""``select:`` for every reader: the registry takes one text out of a
collection read by a reader that has no parts of its own (a Project
Gutenberg book of essays, Markdown, extracted text), and ``add`` and
``clean FILE`` name it well."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.adding import part_title, title_case
from pamphleteer.cleaners import run
from pamphleteer.cli import main
from pamphleteer.errors import InputError
from pamphleteer.model import Heading, Paragraph, Text, inline_text

FIX = Path(__file__).parent / "fixtures"
ESSAYS = FIX / "gutenberg_select" / "en_goldman_essays_cut.txt"


def _raw() -> str:
    return ESSAYS.read_bytes().decode("ascii")


def _headings(doc) -> list[str]:
    return [inline_text(b.children) for b in doc.blocks
            if isinstance(b, Heading)]


def test_gutenberg_takes_one_essay_and_reports_the_rest():
    whole = run("gutenberg", _raw(), source="e.txt")
    assert len(_headings(whole.document)) == 3
    part = run("gutenberg", _raw(), source="e.txt",
               options={"select": "minorities versus majorities"})
    assert _headings(part.document) == ["MINORITIES VERSUS MAJORITIES"]
    text = " ".join(inline_text(b.children) for b in part.document.blocks
                    if isinstance(b, Paragraph))
    assert "If I were to give a summary of the tendency" in text
    assert "PSYCHOLOGY" not in text and "Preface" not in text
    # what was left out is in the report, with its line, and the proof of
    # conservation counts it as removed, not lost
    left = [r for r in part.report.removals if r.kind == "not-selected"]
    assert any("PREFACE" in r.text and r.line > 0 for r in left)
    assert any("PSYCHOLOGY OF POLITICAL VIOLENCE" in r.text for r in left)
    cons = part.report.conservation
    assert cons["ok"] and not cons["lost"]
    assert cons["words-out"] < whole.report.conservation["words-out"]
    assert cons["words-removed"] > whole.report.conservation["words-removed"]
    # the metadata stays the book's
    assert part.document.meta.authors == ("Emma Goldman",)


def test_gutenberg_range_and_refusal():
    part = run("gutenberg", _raw(), source="e.txt",
               options={"select": "Preface .. Minorities versus majorities"})
    assert _headings(part.document) == ["PREFACE",
                                        "MINORITIES VERSUS MAJORITIES"]
    with pytest.raises(InputError) as err:
        run("gutenberg", _raw(), source="e.txt",
            options={"select": "The Traffic in Women"})
    # the message names the headings there are
    assert "PSYCHOLOGY OF POLITICAL VIOLENCE" in str(err.value)
    # the reader's own unknown options are still refused
    with pytest.raises(InputError):
        run("gutenberg", _raw(), source="e.txt", options={"pages": "1-2"})


def test_markdown_takes_a_section():
    raw = ("# One\n\nFirst text.[^1]\n\n# Two\n\nSecond text.\n\n"
           "[^1]: A note of the first.\n")
    part = run("markdown", raw, source="m.md", options={"select": "Two"})
    assert _headings(part.document) == ["Two"]
    assert not part.document.notes
    left = " ".join(r.text for r in part.report.removals
                    if r.kind == "not-selected")
    assert "First text" in left and "A note of the first" in left


def test_clean_file_takes_select(capsys, tmp_path):
    out = tmp_path / "e.md"
    assert main(["clean", str(ESSAYS), "--select", "Psychology of Political",
                 "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "# THE PSYCHOLOGY OF POLITICAL VIOLENCE" in md
    assert "MINORITIES" not in md


def test_title_case_of_a_title_in_capitals():
    assert title_case("MINORITIES VERSUS MAJORITIES", "en") == \
        "Minorities versus Majorities"
    assert title_case("PATRIOTISM: A MENACE TO LIBERTY", "en") == \
        "Patriotism: A Menace to Liberty"
    assert title_case("THE TRAGEDY OF WOMAN'S EMANCIPATION", "en-GB") == \
        "The Tragedy of Woman's Emancipation"
    assert title_case("CHAPTER IV. OF THE STATE", "en") == \
        "Chapter IV. Of the State"
    assert title_case("A SELF-MADE MAN", "en") == "A Self-Made Man"
    # not in capitals, or not English (proper names cannot be told): kept
    assert title_case("Minorities Versus Majorities", "en") == ""
    assert title_case("LA COMMUNE DE PARIS", "fr") == ""


def test_a_numbered_heading_takes_the_line_under_it():
    blocks = (Heading(2, (Text("IV"),)),
              Paragraph((Text("Observations on the state of degradation "
                               "to which woman is reduced."),)),
              Paragraph((Text("That woman is naturally weak..."),)))
    assert part_title(blocks) == (
        "IV: Observations on the state of degradation to which woman is "
        "reduced", "Observations on the state of degradation to which "
        "woman is reduced.")
    named = (Heading(2, (Text("The Conquest"),)),) + blocks[1:]
    assert part_title(named) == ("The Conquest", "")


def test_add_writes_a_title_in_title_case(tmp_path, monkeypatch, capsys):
    (tmp_path / "manifest.yaml").write_text(
        "book:\n  title: T\n  identifier: \"urn:uuid:00000000-0000-4000-"
        "8000-000000000009\"\n  date: 2026-01-01\n\nchapters: []\n",
        encoding="utf-8")
    (tmp_path / "e.txt").write_bytes(ESSAYS.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["add", "e.txt", "--manifest", "manifest.yaml", "--select",
                 "Minorities versus majorities"]) == 0
    import yaml

    entry = yaml.safe_load((tmp_path / "manifest.yaml").read_text())[
        "chapters"][-1]
    assert entry["title"] == "Minorities versus Majorities"
    assert entry["options"] == {"select": "Minorities versus majorities"}
    out = capsys.readouterr()
    assert "title case" in out.out + out.err


def test_the_opener_is_not_printed_twice():
    # the title add wrote from a numbered heading and its line: both left
    # out of the body, as a heading repeating the title is
    from pamphleteer.assembly import drop_title_heading
    from pamphleteer.model import Document, Metadata

    blocks = (Heading(2, (Text("IV"),)),
              Paragraph((Text("Observations on the state of degradation."),)),
              Paragraph((Text("That woman is naturally weak."),)))
    doc = Document(meta=Metadata(title="T"), blocks=blocks, notes=())
    title, _ = part_title(blocks)
    assert drop_title_heading(doc, title).blocks == blocks[2:]
    # another title: nothing is left out
    assert drop_title_heading(doc, "IV: Of something else") is doc
    assert drop_title_heading(doc, "IV").blocks == blocks[1:]


def test_a_chapter_is_found_by_its_number():
    from pamphleteer.cleaners.selecting import find_heading

    titles = ["I", "II", "III", "IV. Of the State"]
    assert find_heading(titles, "Chapter III", "headings", "s") == 2
    assert find_heading(titles, "Chapter 4", "headings", "s") == 3
    assert find_heading(["Chapter I", "Chapter II"], "2", "h", "s") == 1
    assert find_heading(["I Am Not a Number", "II"], "2", "h", "s") == 1
    with pytest.raises(InputError):
        find_heading(["I Am Not a Number", "II"], "1", "h", "s")
    # a number two titles have, or none has: refused, not guessed
    with pytest.raises(InputError):
        find_heading(["Part I", "Chapter I"], "1", "headings", "s")
    with pytest.raises(InputError):
        find_heading(titles, "Chapter 9", "headings", "s")


def test_a_title_that_only_numbers_takes_the_first_line():
    # an EPUB chapter taken alone: the reader made its heading the title
    line = Paragraph((Text("Observations on the state of degradation."),))
    body = Paragraph((Text("That woman is naturally weak, or degraded by "
                           "a concurrence of circumstances."),))
    assert part_title((line, body), "IV") == (
        "IV: Observations on the state of degradation",
        "Observations on the state of degradation.")
    assert part_title((line, body), "Of the State") == ("", "")


def test_the_first_line_in_the_title_is_not_printed_twice():
    from pamphleteer.assembly import drop_title_heading
    from pamphleteer.model import Document, Metadata

    line = Paragraph((Text("Observations on the state of degradation."),))
    body = Paragraph((Text("That woman is naturally weak."),))
    doc = Document(meta=Metadata(title="IV"), blocks=(line, body), notes=())
    title, _ = part_title((line, body), "IV")
    assert drop_title_heading(doc, title).blocks == (body,)
    # a title that merely ends with the same words, without a numeral
    assert drop_title_heading(
        doc, "Against: Observations on the state of degradation") is doc


def test_a_long_title_gets_a_running_head_that_fits():
    # "IV: Observations on the state of degradation to which woman is
    # reduced by various causes" ran into the folio of every right-hand
    # page
    from pamphleteer.assembly import RUNNING_HEAD, running_title

    long = ("IV: Observations on the state of degradation to which woman "
            "is reduced by various causes")
    head = running_title(long)
    assert head == "IV: Observations on the state of degradation…"
    assert len(head) <= RUNNING_HEAD
    assert running_title("Contesting the Revolutionary Tradition: A Reply "
                         "to International Socialism") == \
        "Contesting the Revolutionary Tradition"
    cut = running_title("The Conquest of the State and of the Church in "
                        "the Age of the Great Revolution")
    assert cut == "The Conquest of the State and of the Church…"
    assert running_title("When Kropotkin met Lenin") == \
        "When Kropotkin met Lenin"


def test_the_shortened_running_head_is_said(tmp_path):
    from pamphleteer.assembly import assemble
    from pamphleteer.manifest import load_manifest

    src = tmp_path / "t.md"
    src.write_text("A text whose title is long.\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "book:\n  title: T\n  identifier: \"urn:uuid:00000000-0000-4000-"
        "8000-000000000011\"\n  date: 2026-01-01\n  language: en\n"
        "chapters:\n  - id: long\n    source: t.md\n    format: markdown\n"
        "    title: \"IV: Observations on the state of degradation to which "
        "woman is reduced by various causes\"\n"
        "  - id: short\n    source: t.md\n    format: markdown\n"
        "    title: \"IV: Observations on the state of degradation to which "
        "woman is reduced by various causes\"\n"
        "    short_title: Observations\n",
        encoding="utf-8")
    from pamphleteer.errors import Diagnostics

    diag = Diagnostics()
    book = assemble(load_manifest(tmp_path / "manifest.yaml"),
                    diagnostics=diag)
    heads = {c.id: c.short_title for c in book.chapters}
    assert heads == {"long": "IV: Observations on the state of degradation…",
                     "short": "Observations"}
    codes = [(d.code, d.message) for d in diag.warnings]
    said = [m for c, m in codes if c == "TITLE002"]
    assert len(said) == 1 and "`long`" in said[0]


def _se_epub() -> bytes:
    """An EPUB 3 shaped as Standard Ebooks writes a chapter with unnamed
    subchapters (their ``<header><p>Section 5.1</p></header>``, from
    *A Vindication of the Rights of Woman*'s chapter V)."""
    import io
    import zipfile

    opf = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>A Vindication of the Rights of Woman</dc:title>
<dc:creator>Mary Wollstonecraft</dc:creator><dc:language>en-GB</dc:language>
<dc:identifier id="id">x</dc:identifier></metadata>
<manifest><item id="c5" href="text/chapter-5.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest>
<spine><itemref idref="c5"/></spine></package>"""
    nav = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head>
<body><nav epub:type="toc"><ol><li><a href="text/chapter-5.xhtml">V</a></li></ol></nav></body></html>"""
    chapter = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>V</title></head>
<body epub:type="bodymatter z3998:fiction">
<section id="chapter-5" epub:type="chapter"><header><h2 epub:type="ordinal z3998:roman">V</h2>
<p epub:type="se:bridgehead">Animadversions on some of the writers who have rendered women objects of pity.</p></header>
<section id="chapter-5-1" epub:type="z3998:subchapter"><header><p>Section 5.1</p></header>
<p>I shall begin with Rousseau, and give a sketch of his character of woman.</p></section>
<section id="chapter-5-2" epub:type="z3998:subchapter"><header><p>Section 5.2</p></header>
<p>Dr. Fordyce’s sermons have long made a part of a young woman’s library.</p></section>
</section></body></html>"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>""")
        z.writestr("content.opf", opf)
        z.writestr("toc.xhtml", nav)
        z.writestr("text/chapter-5.xhtml", chapter)
    return buf.getvalue()


def test_an_unnamed_subchapters_header_line_is_its_heading():
    # "Section 5.1" was a paragraph; it heads its section (SE sets it
    # centred as the section's head), one level under the chapter's
    res = run("epub", _se_epub(), source="se.epub")
    heads = [(b.level, inline_text(b.children)) for b in res.document.blocks
             if isinstance(b, Heading)]
    assert [t for _, t in heads][-2:] == ["Section 5.1", "Section 5.2"]
    levels = dict((t, lv) for lv, t in heads)
    assert levels["Section 5.1"] == levels["Section 5.2"]
    # the bridgehead, a sentence, stays a line of text
    paras = [inline_text(b.children) for b in res.document.blocks
             if isinstance(b, Paragraph)]
    assert any(p.startswith("Animadversions") for p in paras)
    assert res.report.conservation["ok"]


def test_a_note_on_the_repeated_heading_becomes_the_titles():
    # Kingsley's "SUPERSTITION[201]" (a Gutenberg collection): the heading
    # repeating the title was kept because of its note call, and the
    # title was printed twice; the call now goes to the title
    from pamphleteer.assembly import drop_title_heading
    from pamphleteer.model import Document, Metadata, Note, NoteRef

    head = Heading(2, (Text("SUPERSTITION"), NoteRef("1")))
    body = Paragraph((Text("Having accepted the very great honour."),))
    note = Note("1", (Paragraph((Text("A Lecture delivered at the Royal "
                                      "Institution, 1867."),)),))
    doc = Document(meta=Metadata(title="T"), blocks=(head, body),
                   notes=(note,))
    out = drop_title_heading(doc, "Superstition")
    assert out.blocks == (body,)
    assert out.title_notes == ("1",) and out.notes == (note,)
    # another heading with a call stays, call and all
    assert drop_title_heading(doc, "Science") is doc
