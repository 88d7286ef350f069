"""The ``pdf`` reader on real Anarchist Library PDFs (Spanish, made by
Amusewiki; ``fixtures/pdf/library``), read as a user would: no
``--format``, no language given."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # two real PDFs, 3.4 s of CPU for the longer

from pamphleteer.cleaners import choose_format, clean_in_language, load_all
from pamphleteer.model import OrderedList, block_text, walk_blocks

LIB = Path(__file__).parent / "fixtures" / "pdf" / "library"
MANERAS = "50-maneras-para-prepararse-para-la-revolucion.pdf"
KUHN = "gabriel-kuhn-revolucion-es-mas-que-una-palabra.pdf"

_CACHE: dict = {}


def cleaned(name: str):
    if name not in _CACHE:
        data = (LIB / name).read_bytes()
        fmt, _ = choose_format(data, None, name)
        assert fmt == "pdf"
        _CACHE[name] = clean_in_language(load_all()[fmt], data, source=name,
                                         options={})
    return _CACHE[name]


def _text(result) -> str:
    doc = result.document
    blocks = list(walk_blocks(doc.blocks))
    blocks += [b for n in doc.notes for b in walk_blocks(n.blocks)]
    return "\n".join(block_text(b) for b in blocks
                     if not isinstance(b, OrderedList))


@pytest.mark.parametrize("name", [MANERAS, KUHN])
def test_closing_page_is_metadata_not_text(name):
    """The closing page, "Biblioteca anarquista / Anti-Copyright" with a
    title line that fills the measure, was kept as block quotes."""
    result = cleaned(name)
    extra = dict(result.document.meta.extra)
    assert extra["pdf-colophon"].startswith(
        "Biblioteca anarquista / Anti-Copyright")
    text = _text(result)
    for gone in ("Biblioteca anarquista", "Anti-Copyright",
                 "theanarchistlibrary.org"):
        assert gone not in text
    kinds = Counter(r.kind for r in result.report.removals)
    assert kinds["colophon"] >= 5
    assert result.report.conservation["ok"]


@pytest.mark.parametrize("name, title, author", [
    (MANERAS, "50 maneras para prepararse para la revolución",
     "Stephanie McMillan"),
    (KUHN, "Revolución es más que una palabra: 23 tesis sobre el anarquismo",
     "Gabriel Kuhn")])
def test_title_author_and_language_from_the_file(name, title, author):
    result = cleaned(name)
    meta = result.document.meta
    assert meta.title == title and meta.authors == (author,)
    # no /Lang in the file: the language the text plainly reads as, said
    assert meta.language == "es"
    assert "LANG003" in [p.code for p in result.report.problems]


def test_a_list_of_fifty_stays_a_list():
    doc = cleaned(MANERAS).document
    items = [len(b.items) for b in walk_blocks(doc.blocks)
             if isinstance(b, OrderedList)]
    assert sum(items) == 50


def test_contents_headings_and_notes():
    result = cleaned(KUHN)
    doc = result.document
    heads = [block_text(b) for b in walk_blocks(doc.blocks)
             if type(b).__name__ == "Heading"]
    assert heads[:6] == [
        "Prólogo", "¿Qué es el anarquismo?",
        "El anarquismo y la izquierda: socialdemocracia y leninismo",
        "Anarquismo y revolución", "Los problemas del anarquismo hoy",
        "¿Qué hay que hacer?"]
    assert "Índice general" not in _text(result)
    assert len(doc.notes) == 1 and block_text(
        doc.notes[0].blocks[0]).startswith("Hemos pretendido evitar")


def test_the_colophon_gives_licence_translator_and_source():
    meta = cleaned(MANERAS).document.meta
    assert dict(meta.extra)["license"] == "Anti-Copyright"
    assert meta.translators == ("Arturo Bustos",)
    assert meta.source_lines[0] == ("Recuperado el 20 de julio de 2020 "
                                    "desde theanarchistlibrary.org")
