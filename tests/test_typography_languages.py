"""Typography follows the text's language: quotation marks, the form of a
parenthetical dash, French spacing; the manifest's language wins over the
source's, and the book's stands in when the source declares none."""

from __future__ import annotations

import pytest

from pamphleteer.cleaners import load_all
from pamphleteer.markdown_write import write_markdown
from pamphleteer.text import (declared_language, source_language,
                              typography, word_counter)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("lang,expected", [
    ("en", "power—and then—more"),
    ("fr", f"power{NBSP}— and then{NBSP}— more"),
    ("ru", f"power{NBSP}— and then{NBSP}— more"),
    ("de", f"power{NBSP}– and then{NBSP}– more"),
    ("es", "power — and then — more"),
])
def test_parenthetical_dash_per_language(lang, expected):
    assert typography("power -- and then -- more", lang)[0] == expected


def test_spanish_keeps_dashes_against_the_words_they_enclose():
    text = "dijo —y luego— se fue; el lugar --que digo-- era"
    assert typography(text, "es")[0] == \
        "dijo —y luego— se fue; el lugar —que digo— era"


def test_dialogue_dash_opens_a_line_without_a_space_before():
    assert typography("-- Bonjour, dit-il.", "fr")[0] == "— Bonjour, dit-il."
    assert typography("-- Привет!\n-- Пока.", "ru")[0] == \
        "— Привет!\n— Пока."
    # a dash ending a line keeps no space after it
    assert typography("il dit --\npuis", "de")[0] == f"il dit{NBSP}–\npuis"


def test_french_high_punctuation_is_held_to_its_word():
    out = typography('Le mot : oui ! Quoi ? "Non" ; bien.', "fr")[0]
    assert out == (f"Le mot{NBSP}: oui{NNBSP}! Quoi{NNBSP}? "
                   f"«{NNBSP}Non{NNBSP}»{NNBSP}; bien.")
    # no space is added where the source has none
    assert typography("Quoi? Non!", "fr")[0] == "Quoi? Non!"


@pytest.mark.parametrize("lang", ["en", "fr", "ru", "de", "es", "it", "pl"])
def test_typography_is_idempotent_and_keeps_every_word(lang):
    text = ('He said "yes" -- then "no" - and left... Le mot : oui ! '
            "pp. 12-15, --- fin")
    once = typography(text, lang)[0]
    assert typography(once, lang)[0] == once
    assert word_counter(once) == word_counter(text)


def test_the_manifest_language_wins_and_the_book_language_stands_in():
    text = 'She said "yes" -- then left'
    with source_language("de"):
        assert "„yes“" in typography(text)[0]
        with declared_language(chapter="fr", book="en"):
            assert "«\u202fyes\u202f»" in typography(text)[0]
            assert "«\u202fyes\u202f»" in typography(text, "de")[0]
    with declared_language(book="fr"):
        assert "«\u202fyes\u202f»" in typography(text)[0]
        assert "„yes“" in typography(text, "de")[0]  # the source's wins
    assert "“yes”" in typography(text)[0]  # nothing declared: English


def _muse(lang: str) -> str:
    return (f"#title Essai\n#lang {lang}\n\n"
            'Il dit "bonjour" -- puis il part - enfin. Le mot : oui !\n')


def test_a_muse_text_is_set_in_its_own_language():
    muse = load_all()["muse"]
    fr = write_markdown(muse.clean(_muse("fr"), source="a.muse",
                                   options={}).document)
    assert f"«{NNBSP}bonjour{NNBSP}»{NBSP}— puis il part{NBSP}— enfin" in fr
    en = write_markdown(muse.clean(_muse("en"), source="a.muse",
                                   options={}).document)
    assert "“bonjour”—puis il part—enfin" in en
    # the manifest's language wins over the source's #lang
    with declared_language(chapter="de"):
        de = write_markdown(muse.clean(_muse("fr"), source="a.muse",
                                       options={}).document)
    assert f"„bonjour“{NBSP}– puis" in de


def test_an_html_page_is_set_in_its_lang():
    html = load_all()["html"]
    page = ('<html lang="ru"><head><title>T</title></head><body><h1>T</h1>'
            '<p>Он сказал "да" -- и ушёл.</p></body></html>').encode()
    doc = html.clean(page, source="a.html", options={}).document
    assert f"«да»{NBSP}— и ушёл" in write_markdown(doc)


def test_an_abbreviation_is_tied_to_its_number_where_text_is_written():
    from pamphleteer.render.xhtml import tied

    out = str(tied("[Selected Writings, p. 565], pp. 12–14, vol. 2, "
                   "no. 127 <b> P. Kropotkin, map. 3"))
    assert out == (f"[Selected Writings, p.{NBSP}565], pp.{NBSP}12–14, "
                   f"vol.{NBSP}2, no.{NBSP}127 &lt;b&gt; P. Kropotkin, "
                   "map. 3")


# --------------------------------------------------------------------------
# Long dashes and quotation marks inside emphasis (found on held-out
# Gutenberg texts; the rule is shared, so every reader is checked)
# --------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("Mr. B----, who", "Mr. B——, who"),            # a name left out
    ("he d----d it", "he d——d it"),                 # a word's letters
    ("a ------ long one", "a ——— long one"),       # a 3-em dash, spaces kept
    ("said B——— and —— he", "said B——— and —— he"),  # already set: kept
    ("well -- then --- so", "well—then—so"),        # em dashes as before
])
def test_a_long_dash_is_em_dashes_side_by_side(raw, expected):
    assert typography(raw)[0] == expected
    assert typography(raw, "es")[0] == expected.replace("well—then—so",
                                                        "well — then — so")


@pytest.mark.parametrize("raw,expected", [
    ('was _"at home"_ then', "was _“at home”_ then"),
    ("was _'so'_ then", "was _‘so’_ then"),
    ('(_"why"_) and *"so"* and ="bold"=', "(_“why”_) and *“so”* and =“bold”="),
    ('_"Italic_," she said', "_“Italic_,” she said"),
    ('the word _no_" ended', "the word _no_” ended"),   # a closing marker
    ("_'tis_ so", "_’tis_ so"),                          # an elision still
    ('said \ue000"at home"\ue000 then', 'said \ue000“at home”\ue000 then'),
])
def test_a_quote_after_an_opening_emphasis_mark_opens(raw, expected):
    assert typography(raw)[0] == expected


def test_every_reader_opens_a_quote_inside_emphasis():
    readers = load_all()
    gut = ("Title: T\n\n*** START OF THIS PROJECT GUTENBERG EBOOK T ***\n\n"
           'He was _"at home"_, Mr. B----.\n\n'
           "*** END OF THIS PROJECT GUTENBERG EBOOK T ***\n")
    cases = {
        "gutenberg": gut,
        "muse": '#title T\n\nHe was <em>"at home"</em>, Mr. B----.\n',
        "html": ('<html><body><p>He was <i>"at home"</i>, Mr. B----.</p>'
                 "</body></html>").encode(),
        "pandoc-markdown": '# T\n\nHe was *"at home"*, Mr. B----.\n',
    }
    for name, raw in cases.items():
        doc = readers[name].clean(raw, source="a", options={}).document
        md = write_markdown(doc)
        assert "“at home”" in md and "Mr. B——." in md, name


def test_an_elision_inside_emphasis_keeps_its_apostrophe():
    assert typography("consider _'im_! wot a lot o' good")[0] == \
        "consider _’im_! wot a lot o’ good"
    assert typography("_'so,' he said_")[0] == "_‘so,’ he said_"


@pytest.mark.parametrize("raw,expected", [
    ("pages 12-14 in 1914-1918", "pages 12–14 in 1914–1918"),   # ranges
    ("published 2025-09-12.", "published 2025-09-12."),  # an ISO date
    ("ISBN 978-3-16-148410-0", "ISBN 978-3-16-148410-0"),  # an ISBN
    ("in 1870s-80s", "in 1870s–80s"),                      # decades still
])
def test_a_hyphen_is_a_range_between_two_numbers_only(raw, expected):
    # a blog's date line ("metablog ::: 2025-09-12") came out "2025–09–12"
    text, counts = typography(raw)
    assert text == expected
    assert counts["dash"] == expected.count("–")
