"""Languages: tags from names, quotation marks per language, and the small
detector measured on the real fixtures of four languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners.gutenberg import clean
from pamphleteer.languages import guess, plainly_differs, tag_for
from pamphleteer.model import block_text
from pamphleteer.sources import decode
from pamphleteer.text import typography

FIX = Path(__file__).parent / "fixtures"


def test_tags():
    assert tag_for("English") == "en"
    assert tag_for(" french ") == "fr"
    assert tag_for("Deutsch") == "de"
    assert tag_for("pt-br") == "pt-BR"
    assert tag_for("Macedonian") == "mk"
    assert tag_for("Klingon") == ""


@pytest.mark.parametrize("lang,expected", [
    ("en", "“Hi,” she said, “it’s me.”"),
    ("fr", "«\u202fHi,\u202f» she said, «\u202fit’s me.\u202f»"),
    ("de", "„Hi,“ she said, „it’s me.“"),
    ("es", "«Hi,» she said, «it’s me.»"),
    ("ru", "«Hi,» she said, «it’s me.»"),
])
def test_quotes_per_language(lang, expected):
    assert typography('"Hi," she said, "it\'s me."', lang)[0] == expected


def test_marks_already_curly_are_kept():
    assert typography("«Déjà» et \"là\"", "fr")[0] == \
        "«Déjà» et «\u202flà\u202f»"


def _body(name: str) -> str:
    raw = decode((FIX / "gutenberg" / f"{name}.txt").read_bytes(), name).text
    doc = clean(raw, source=name, options={}).document
    return " ".join(block_text(b) for b in doc.blocks)


@pytest.mark.parametrize("name,lang", [
    ("en_nowhere_2007", "en"), ("en_faust_brooks", "en"),
    ("fr_faust_stapfer", "fr"), ("de_alice_zimmermann", "de"),
    ("es_quijote", "es")])
def test_detector_on_real_texts(name, lang):
    body = _body(name)
    assert guess(body).language == lang
    assert plainly_differs(body, lang) == ""
    wrong = "de" if lang != "de" else "en"
    assert plainly_differs(body, wrong)


def test_script_mismatch():
    mk = ("Ова е кратка приказна за работниците во градот. Тие се "
          "собраа на плоштадот и зборуваа за слободата и за правдата. ") * 5
    assert "Cyrillic" in plainly_differs(mk, "en")
    assert plainly_differs(mk, "mk") == ""


def test_a_language_written_in_more_than_one_script():
    """Japanese with more kana than kanji is Japanese (a real text: the
    Japanese sample of Amusewiki's font preview, font-preview/ja.muse, CC
    BY-SA, Wikipedia's 紅葉), and Korean with hanja is Korean; but kana
    are not Chinese, nor Hangul Japanese."""
    ja = ("狭義には、赤色に変わるのを「紅葉（こうよう）」、黄色に変わるのを"
          "「黄葉（こうよう、おうよう）」、褐色に変わるのを「褐葉（かつよう）」"
          "と呼ぶが、これらを厳密に区別するのが困難な場合も多く、いずれも"
          "「紅葉」として扱われることが多い。")
    assert plainly_differs(ja, "ja") == ""
    assert "Hiragana" in plainly_differs(ja, "zh")
    ko_hanja = "國民議會 獨逸 革命 憲法 " * 5 + "국민의회는 헌법을 가결했다."
    assert plainly_differs(ko_hanja, "ko") == ""
    assert "Hangul" in plainly_differs("국민의회는 헌법을 가결했다. " * 5, "ja")


def test_unsure_on_little_text():
    assert guess("Hello there").language == ""
    assert plainly_differs("Hello there", "fr") == ""


SPANISH = ("# La revolución\n\n"
           "La gente en Estados Unidos está, actualmente, incapacitada para "
           "apropiarse de un momento revolucionario. Debemos solucionar eso, "
           "dijo la \"compañera\" que lo había escrito en la revista de los "
           "trabajadores. ¿Cómo podemos incrementar la conciencia "
           "revolucionaria, de organización y de lucha? Lee los trabajos "
           "históricos sobre la revolución hechos por aquellos que "
           "participaron en ella y las lideraron, y analiza el sistema "
           "actual y su trayectoria con los otros.\n")


def test_a_text_declaring_no_language_is_set_in_the_one_it_reads_as():
    """A Spanish PDF of The Anarchist Library has no /Lang: in an English
    book it was set as English (“compañera”, lang="en"), with only a
    warning that it plainly differs.  Now it is read again in Spanish, its
    metadata says `es`, and the guess is reported (LANG003)."""
    from pamphleteer.cleaners import clean_in_language, load_all

    reader = load_all()["afaq-text"]
    res = clean_in_language(reader, SPANISH, source="r.txt", options={},
                            book="en")
    assert res.document.meta.language == "es"
    text = block_text(res.document.blocks[1])
    assert "«compañera»" in text, text
    assert [p.code for p in res.report.problems] == ["LANG003"]
    # the manifest's language wins, and nothing is guessed
    res = clean_in_language(reader, SPANISH, source="r.txt", options={},
                            chapter="en", book="en")
    assert res.document.meta.language == "" and not res.report.problems
    # a text in the book's language: nothing to say
    english = ("The text\n\n" + "The people of the town said that it was "
               "the time for them to go to the hall and to have their say "
               "on all of it, as they had done in the past. " * 3)
    res = clean_in_language(reader, english, source="e.txt", options={},
                            book="en")
    assert res.document.meta.language == "" and not res.report.problems
    # without a book (clean FILE, add): English too goes into the metadata
    res = clean_in_language(reader, english, source="e.txt", options={})
    assert res.document.meta.language == "en"
    assert [p.code for p in res.report.problems] == ["LANG003"]


def test_a_text_too_short_to_tell_its_language_says_so():
    """A catalogue's Muse page without ``#lang`` and a few words only was
    set in the catalogue's `en` without a word; now the choice is
    reported (LANG004), naming the language it was set in."""
    from pamphleteer.cleaners import clean_in_language, load_all

    reader = load_all()["afaq-text"]
    res = clean_in_language(reader, "Title\n\nMerci, Kasia.\n",
                            source="s.txt", options={}, book="hr")
    assert [p.code for p in res.report.problems] == ["LANG004"]
    assert "`hr`, the book’s language" in res.report.problems[0].message
    res = clean_in_language(reader, "Title\n\nMerci, Kasia.\n",
                            source="s.txt", options={})
    assert "`en`, the default" in res.report.problems[0].message
    # declared by the manifest: nothing is guessed, nothing to say
    res = clean_in_language(reader, "Title\n\nMerci, Kasia.\n",
                            source="s.txt", options={}, chapter="fr")
    assert not res.report.problems


def test_japanese_with_english_terms_is_japanese():
    """Japanese counts its three scripts together: a real technical
    text (IDPF's epub3-samples @ 7651e20, ``30/internallinks/OEBPS/
    0001.xhtml``, CC BY-SA 3.0) has more Latin letters than hiragana,
    katakana or kanji alone (EPUB, MathML, Readium), and was said to be
    written in Latin script against its ``dc:language`` ``ja``."""
    ja = ("10月の主要EPUBリーダの新版登場でひとつ注目したいのが数式のサポート"
          "強化です。Readiumは3月にMathJaxを使ったMathML表示をサポートしました"
          "[1](Readium 0.19 update adds MathML support)。これに対して、iBooks"
          "はMathMLの直接レンダリングを強化したようです。表1･1 メジャーなEPUB"
          "リーダのMathJaxサポートは、主要なEPUBリーダのMathMLレンダリング"
          "サポート状況です。")
    assert plainly_differs(ja, "ja") == ""
    assert "Latin" in plainly_differs(ja, "zh")  # Chinese has no kana
    english = "The workers gathered in the square and spoke of freedom. " * 5
    assert "Latin" in plainly_differs(english + ja, "ja")
