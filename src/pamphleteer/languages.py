"""Languages: names to BCP 47 tags, quotation marks, and a small detector.

- :func:`tag_for` turns a language as sources name it (``English``,
  ``Français``, ``German``, ``pt-BR``) into a BCP 47 tag;
- :data:`QUOTES` gives each language's quotation marks (primary and
  secondary) and whether French spacing applies;
- :func:`guess` tells which language a text is in, from its script and the
  share of each language's commonest words (stop-word profiles written for
  this project: a few dozen words each, the most frequent in running text).
  It is meant for one question only: does the text plainly differ from the
  language it is declared in?  It answers "" when it cannot tell.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Language names as Project Gutenberg headers, OPF files and users write
# them (English and native names), lower case, to their tags.
NAMES: dict[str, str] = {
    "english": "en", "french": "fr", "français": "fr", "francais": "fr",
    "german": "de", "deutsch": "de", "spanish": "es", "español": "es",
    "espanol": "es", "castellano": "es", "italian": "it", "italiano": "it",
    "portuguese": "pt", "português": "pt", "dutch": "nl", "nederlands": "nl",
    "russian": "ru", "русский": "ru", "latin": "la", "finnish": "fi",
    "suomi": "fi", "swedish": "sv", "svenska": "sv", "danish": "da",
    "dansk": "da", "norwegian": "no", "norsk": "no", "polish": "pl",
    "polski": "pl", "greek": "el", "ελληνικά": "el", "chinese": "zh",
    "japanese": "ja", "esperanto": "eo", "catalan": "ca", "català": "ca",
    "hungarian": "hu", "magyar": "hu", "czech": "cs", "čeština": "cs",
    "tagalog": "tl", "welsh": "cy", "irish": "ga", "macedonian": "mk",
    "македонски": "mk", "bulgarian": "bg", "български": "bg",
    "ukrainian": "uk", "українська": "uk", "serbian": "sr", "српски": "sr",
    "croatian": "hr", "hrvatski": "hr", "hebrew": "he", "arabic": "ar",
    "yiddish": "yi", "romanian": "ro", "română": "ro", "turkish": "tr",
    "türkçe": "tr", "icelandic": "is", "galician": "gl", "basque": "eu",
    "euskara": "eu", "occitan": "oc", "slovenian": "sl", "slovak": "sk",
    "lithuanian": "lt", "latvian": "lv", "estonian": "et", "persian": "fa",
    "hindi": "hi", "bengali": "bn", "korean": "ko", "vietnamese": "vi",
    "indonesian": "id", "afrikaans": "af", "frisian": "fy", "breton": "br",
    "scots": "sco", "old english": "ang", "middle english": "enm",
}
# A BCP 47 tag: a primary subtag and optional subtags (en, pt-BR, sr-Latn).
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def tag_for(name: str) -> str:
    """The BCP 47 tag of a language name or tag, '' when unknown."""
    text = " ".join(name.strip().split()).casefold()
    if not text:
        return ""
    if text in NAMES:
        return NAMES[text]
    if _TAG.match(text) and (text.split("-")[0] in NAMES.values()):
        parts = name.strip().split("-")
        return "-".join([parts[0].lower()] + [
            p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p
            for p in parts[1:]])
    return ""


def primary(tag: str) -> str:
    """The primary subtag of a BCP 47 tag (``pt-BR`` gives ``pt``)."""
    return (tag or "").split("-")[0].lower()


# --------------------------------------------------------------------------
# Quotation marks
# --------------------------------------------------------------------------

# The quotation marks of each language live beside the typography that
# uses them (text.py imports nothing of the project).
from .text import QUOTES, QuoteStyle, quote_style  # noqa: E402,F401


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------

# The commonest words of running text in each language (written for this
# project from general knowledge of the languages; no list was copied).
STOP_WORDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "the of and to a in that is was he for it with as his on be at by "
          "i this had not are but from or have an they which one you were "
          "her all she there would their we him been has when who will more",
    "fr": "le la les de des du et un une est en que qui dans pour pas sur "
          "au aux il elle ne se ce son sa ses avec plus par nous vous je mais "
          "ou était sont cette comme leur lui été tout bien sans",
    "de": "der die das und ist in zu den von nicht mit sich des auf für dem "
          "ein eine er sie es ich auch als an wie war so aus bei noch nach "
          "einer einen wird hat sind um wir ihr aber wenn oder nur",
    "es": "el la los las de del y en que un una es por con para no se su sus "
          "al lo como más pero le ya o fue este ha sí porque esta entre "
          "cuando muy sin sobre también me hasta hay donde quien",
    "it": "il lo la gli le di del della e è un una che in per non con si da "
          "al alla dei delle sono come ma più anche questo ha era nel nella "
          "ci mi se io lui lei tutto quando",
    "pt": "o a os as de do da dos das e é um uma que em no na por para com "
          "não se seu sua mais como mas foi ao ele ela isso são pelo pela "
          "já também quando muito há",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er die "
          "als ook door maar om hij zij bij was nog wel dan uit of wordt "
          "naar al deze ze",
    "la": "et in est non ad cum quod ut sed qui quae per de ex enim esse sunt "
          "nec hoc atque aut etiam si quam tamen ab ille eius",
    "sv": "och i att det som en på är av för med till den har de inte om ett "
          "var jag men så han hon vi kan från",
    "da": "og i at det en den til er som på de med han af for ikke der var "
          "mig sig men et har om vi min havde",
    "pl": "i w na z że nie się to do jest o jak co ale po od za tak przez "
          "jego ich tylko już może być",
    "ru": "и в не на что я с он как а то все она так его но да ты к у же вы "
          "за бы по только ее мне было вот от меня о из",
    "uk": "і в не на що я з він як а то все вона так його але та ти до у же "
          "ви за би по тільки її мені було від це є",
    "mk": "и во не на што јас со тој како а тоа се таа така неговиот но да "
          "ти кон за би по само ја ми од е ги ќе",
    "bg": "и в не на че аз с той като а то се тя така но да ти към за би по "
          "само я ми от е ги ще това са",
    "sr": "и у не на да је се за од са као а то али из по што ће би они "
          "ми он она",
}.items()}
# Unicode scripts by the name prefix of their letters.
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "CJK",
            "HIRAGANA", "KATAKANA", "HANGUL", "DEVANAGARI", "THAI",
            "ARMENIAN", "GEORGIAN")
SCRIPT_OF_LANGUAGE = {
    "ru": "CYRILLIC", "uk": "CYRILLIC", "mk": "CYRILLIC", "bg": "CYRILLIC",
    "be": "CYRILLIC", "el": "GREEK", "ar": "ARABIC", "fa": "ARABIC",
    "he": "HEBREW", "yi": "HEBREW", "zh": "CJK", "ja": "CJK", "ko": "HANGUL",
    "hi": "DEVANAGARI", "th": "THAI", "hy": "ARMENIAN", "ka": "GEORGIAN",
}
# The other scripts a language is written in: Japanese mixes kanji (CJK)
# with its two kana, so that a Japanese text may hold more kana than kanji;
# Korean may carry Chinese characters (hanja); Serbian is written in both
# alphabets.
OTHER_SCRIPTS = {"ja": ("HIRAGANA", "KATAKANA"), "ko": ("CJK",),
                 "sr": ("LATIN",)}
_WORD = re.compile(r"[^\W\d_]+")


def script_counts(text: str, sample: int = 20000) -> Counter[str]:
    """How many of the letters of ``text`` each script writes."""
    counts: Counter[str] = Counter()
    for ch in text[:sample]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for s in _SCRIPTS:
                if name.startswith(s):
                    counts[s] += 1
                    break
    return counts


def script_of(text: str, sample: int = 20000) -> str:
    """The script most of the letters of ``text`` are written in."""
    counts = script_counts(text, sample)
    return counts.most_common(1)[0][0] if counts else ""


@dataclass(frozen=True)
class Guess:
    """What :func:`guess` found."""

    language: str
    """Tag of the likeliest language, '' when unsure."""
    script: str
    """Script of most letters (``LATIN``, ``CYRILLIC``...)."""
    share: float
    """Share of the text's words that are that language's stop words."""
    runner_up: str
    """The next likeliest language."""
    runner_share: float
    """Its share."""


def guess(text: str, sample_words: int = 5000) -> Guess:
    """The language of ``text`` by stop-word shares, within its script."""
    script = script_of(text)
    tokens = [w.casefold() for w in _WORD.findall(text)[:sample_words]]
    if not tokens:
        return Guess("", script, 0.0, "", 0.0)
    shares = []
    for lang, stops in STOP_WORDS.items():
        lang_script = SCRIPT_OF_LANGUAGE.get(lang, "LATIN")
        if script and lang_script != script:
            continue
        hits = sum(1 for t in tokens if t in stops)
        shares.append((hits / len(tokens), lang))
    shares.sort(reverse=True)
    if not shares:
        return Guess("", script, 0.0, "", 0.0)
    best, lang = shares[0]
    runner, second = shares[1] if len(shares) > 1 else (0.0, "")
    # Running text of any of these languages has a quarter or more of its
    # words among its commonest; require that and a clear lead.
    sure = len(tokens) >= 40 and best >= 0.15 and best >= 1.5 * runner
    return Guess(lang if sure else "", script, round(best, 3), second,
                 round(runner, 3))


def plainly_differs(text: str, declared: str) -> str:
    """A sentence saying how the text's language plainly differs from the
    declared one, or '' when it agrees or the detector is unsure."""
    want = primary(declared)
    if not want:
        return ""
    g = guess(text)
    want_scripts = (SCRIPT_OF_LANGUAGE.get(want, "LATIN"),
                    *OTHER_SCRIPTS.get(want, ()))
    counts = script_counts(text)
    # a language written in several scripts counts them together: Japanese
    # in kanji, hiragana and katakana, each behind the Latin letters of
    # its English terms (five letters a word against one or two a kanji
    # word), is still written in Japanese
    if g.script and g.script not in want_scripts and \
            counts[g.script] > sum(counts[s] for s in want_scripts) and \
            (want in STOP_WORDS or want in SCRIPT_OF_LANGUAGE):
        return (f"the text is written in {g.script.title()} script, but its "
                f"language is declared as `{declared}`")
    if g.language and want in STOP_WORDS and g.language != want:
        return (f"the text reads as `{g.language}` ({g.share:.0%} of its words "
                f"are among that language's commonest), but its language is "
                f"declared as `{declared}`")
    return ""
