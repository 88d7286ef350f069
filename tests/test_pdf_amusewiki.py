"""The ``pdf`` reader on PDFs made by Amusewiki's own compiler, read as a
user would (no ``--format``, no language), against the Muse sources they
were made from (``fixtures/pdf/amusewiki``), and on a third real Spanish
Anarchist Library PDF (``fixtures/pdf/library``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from pamphleteer.cleaners import choose_format, clean_in_language, load_all, run
from pamphleteer.cleaners.pdf_text.hyphens import decide, vocabulary
from pamphleteer.model import (BlockQuote, Code, Division, Heading,
                               LineBreak, Metadata, NoteRef, Paragraph,
                               block_text, document_words, walk_blocks,
                               walk_inlines)
from pamphleteer.text import words

pytestmark = pytest.mark.slow  # four real PDFs, about 2 s of CPU each

FIX = Path(__file__).parent / "fixtures"
AMW = FIX / "pdf" / "amusewiki"
LIB = FIX / "pdf" / "library"
KIDS = LIB / "jose-antonio-emmanuel-la-anarquia-explicada-a-los-ninos.pdf"
KUHN = LIB / "gabriel-kuhn-revolucion-es-mas-que-una-palabra.pdf"

_CACHE: dict = {}


def cleaned(path: Path):
    if path not in _CACHE:
        data = path.read_bytes()
        fmt, _ = choose_format(data, None, path.name)
        assert fmt == "pdf"
        _CACHE[path] = clean_in_language(load_all()[fmt], data,
                                         source=path.name, options={})
    return _CACHE[path]


def muse(path: Path):
    load_all()
    return run("muse", path.read_text(encoding="utf-8"), source=path.name,
               options={}).document


def body_words(doc) -> Counter:
    """Words of the text and notes; labels and calls not counted."""
    labels = Counter(n.label.casefold() for n in doc.notes
                     for _ in (0, 1))
    return Counter(w.casefold() for w in document_words(
        replace(doc, meta=Metadata()))) - labels


def headings(doc) -> list[str]:
    return [" ".join(words(block_text(b))) for b in walk_blocks(doc.blocks)
            if isinstance(b, Heading)]


def body_text(doc) -> str:
    return "\n".join(block_text(b) for b in walk_blocks(doc.blocks))


def no_furniture(doc) -> None:
    text = body_text(doc)
    for gone in ("Anti-Copyright", "theanarchistlibrary.org",
                 "Biblioteca anarquista", "amusewiki.org"):
        assert gone not in text
    lone = [ln for ln in text.split("\n") if re.fullmatch(r"\s*\d{1,3}\s*",
                                                           ln)]
    assert lone == [], "folios left in the text"
    assert not any(h in ("contents", "índice general")
                   for h in headings(doc))


def test_release_notes_headings_that_differ_by_numbers_alone():
    """Amusewiki's own PDF: section headings "2.226 2018-08-16" and
    "2.203 2018-04-23" open pages 3 and 4; read as one running head (the
    digits ignored) they were removed, and with them their contents
    entries' match."""
    result = cleaned(AMW / "amw-version-22.pdf")
    doc, want = result.document, muse(AMW / "amw-version-22.muse")
    assert headings(doc) == headings(want)
    assert body_words(doc) == body_words(want)
    assert doc.meta.title == "Version 2.2"
    assert doc.meta.date == "2018-08-16"
    assert dict(doc.meta.extra)["pdf-colophon"].startswith("AMuseWiki")
    no_furniture(doc)
    assert result.report.conservation["ok"]


def test_code_in_typewriter_type_is_one_preformatted_block():
    """Lines of code (Muse's {{{ }}}) are set larger than the body in
    typewriter type: they were read as headings; they are one block of
    lines, as the Muse reader makes them."""
    doc = cleaned(AMW / "amw-version-22.pdf").document
    want = muse(AMW / "amw-version-22.muse")

    def code_lines(d):
        return [[x.text for x in walk_inlines(p.children)
                 if isinstance(x, Code)]
                for b in d.blocks if isinstance(b, Division)
                and b.role == "example"
                for p in b.blocks if isinstance(p, Paragraph)]
    assert code_lines(doc) == code_lines(want)
    assert code_lines(doc)[0][0] == "$ cd /tmp/"


def test_real_text_set_by_amusewiki_two_sided_a5():
    """AnarWiki's article set by Text::Amuse::Compile: contents page with
    no leaders, two-sided margins, 14 notes, two long quotations (one
    broken over a page, one with a line opening on a dash)."""
    result = cleaned(AMW / "greek-insurrection-a5.pdf")
    doc, want = result.document, muse(AMW / "greek-insurrection.muse")
    got_w, want_w = body_words(doc), body_words(want)
    hit = sum((got_w & want_w).values())
    # Five addresses in notes ran past the paper's edge and were cut by
    # LaTeX: those words are not in the file.
    assert hit / sum(want_w.values()) >= 0.97
    assert hit / sum(got_w.values()) >= 0.995
    assert headings(doc) == [h for h in headings(want) if h]
    quotes = [" ".join(words(block_text(b))) for b in doc.blocks
              if isinstance(b, BlockQuote)]
    assert quotes == [" ".join(words(block_text(b))) for b in want.blocks
                      if isinstance(b, BlockQuote)]
    calls = {x.label for b in walk_blocks(doc.blocks)
             for x in walk_inlines(getattr(b, "children", ()) or ())
             if isinstance(x, NoteRef)}
    assert len(doc.notes) == 14 and {n.label for n in doc.notes} <= calls
    full = {n.label: " ".join(words(block_text(n.blocks[0])))
            for n in want.notes}
    same = sum(1 for n in doc.notes
               if " ".join(words(block_text(n.blocks[0]))) == full[n.label])
    assert same >= 9  # the five cut addresses aside
    assert doc.meta.title == "The 2008 Greek insurrection"
    assert doc.meta.language == "en"
    no_furniture(doc)


def test_libreoffice_notes_with_their_number_set_off_by_a_tab():
    """LibreOffice sets a note's number apart from its text by a tab: the
    two were read as separate lines and no note was found."""
    doc = cleaned(AMW / "greek-insurrection-libreoffice.pdf").document
    want = muse(AMW / "greek-insurrection.muse")
    assert body_words(doc) == body_words(want)
    full = {n.label: " ".join(words(block_text(n.blocks[0])))
            for n in want.notes}
    assert {n.label: " ".join(words(block_text(n.blocks[0])))
            for n in doc.notes} == full
    assert headings(doc) == [h for h in headings(want) if h]
    # Its quotations are indented on the left only, ragged on the right.
    quotes = [" ".join(words(block_text(b))) for b in doc.blocks
              if isinstance(b, BlockQuote)]
    assert quotes == [" ".join(words(block_text(b))) for b in want.blocks
                      if isinstance(b, BlockQuote)]


def test_verse_and_closing_page_of_a_short_two_sided_text():
    """Its odd pages hold only the title and closing pages: the closing
    page is centred on the mirrored margins, not on the odd pages' own."""
    result = cleaned(AMW / "known-de-a5.pdf")
    doc, want = result.document, muse(FIX / "pandoc" / "known_de.muse")
    assert body_words(doc) == body_words(want)
    assert headings(doc) == headings(want)
    verse = [b for b in walk_blocks(doc.blocks) if "Wir bauen" in
             block_text(b) and not isinstance(b, BlockQuote)]
    assert verse and any(isinstance(x, LineBreak)
                         for x in walk_inlines(verse[0].children))
    meta = doc.meta
    assert (meta.title, meta.subtitle, meta.authors, meta.date) == (
        "Über die Werkstatt der Zukunft", "Ein kleiner Versuch",
        ("Anna Beispiel",), "1921")
    assert meta.language == "de"
    no_furniture(doc)


def test_title_page_with_a_picture_and_larger_part_headings():
    result = cleaned(KIDS)
    doc = result.document
    meta = doc.meta
    assert (meta.title, meta.authors, meta.date, meta.language) == (
        "La Anarquía explicada a los niños", ("José Antonio Emmanuel",),
        "1931", "es")
    heads = headings(doc)
    assert heads[0] == "nbp"  # the text's first heading, not its title
    assert "1 ayuda" in heads and "nota a esta edición" in heads
    text = body_text(doc)
    # Spanish words broken by LaTeX joined by the Spanish word list.
    assert "formulado" in text and "formula-do" not in text
    no_furniture(doc)
    assert result.report.conservation["ok"]


def test_spanish_line_end_hyphens():
    text = body_text(cleaned(KUHN).document)
    for joined in ("formaban", "ensancha", "generalizaciones"):
        assert joined in text
    assert not re.search(r"\b(?:forma-ban|en-sancha)\b", text)


@pytest.mark.parametrize("left, right, lang, join", [
    ("forma", "ban", "es", True),      # a Spanish word when joined
    ("peut", "être", "fr", False),     # a French compound: no word joined
    ("imposi", "tions", "en", True),
    ("self", "government", "en", False),
    ("zusammen", "arbeit", "de", True),
])
def test_hyphen_decided_in_the_texts_language(left, right, lang, join):
    vocab = vocabulary([], lang)
    assert decide(left, right, "-", vocab)[0] is join
