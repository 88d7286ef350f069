"""Rejoin printed lines: hyphens at line ends, and URLs broken by wrapping.

A hyphen at a line's end either belongs to the word (``self-emancipation``,
``one-party``) or was added by the layout (``imposi-`` ``tions``).  The
decision uses, in order: a capital after the break (kept), a soft hyphen
(joined), the text's own vocabulary (the word written elsewhere with or
without its hyphen), the word list of :mod:`wordfreq`, and the shape of the
two halves.  Every decision is recorded in the report with its evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ...report import CleaningReport

# Hyphens a layout may print at a line's end: ASCII, U+2010, soft hyphen.
HYPHENS = "-\u2010\u00ad"
# The word fragment before a line-end hyphen (letters, possibly after an
# earlier hyphen: "counter-revolution‐" gives "revolution").
_LEFT = re.compile(r"([^\W\d_]+)[" + HYPHENS + r"]$")
# The first word of the next line (letters only).
_RIGHT = re.compile(r"^([^\W\d_]+)")
# A word of the text with an inner hyphen ("self-emancipation"), for the
# vocabulary count.
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
# Any plain word, for the vocabulary count.
_WORD = re.compile(r"[^\W\d_]+")
# A URL (http, https, or www.) up to white space.
URL = re.compile(r"(?:https?://|www\.)\S+")

# Prefixes that make compounds and are rarely split inside a word.
PREFIXES = frozenset({
    "self", "anti", "non", "post", "pre", "semi", "multi", "neo", "quasi",
    "pseudo", "ultra", "well", "ill", "one", "two", "three", "half", "mid",
    "cross", "counter",
})


# Endings that are words of their own but, after a break, end the word
# before ("characteristic-ally", "govern-ment").
SUFFIXES = frozenset({
    "ally", "ment", "ments", "ness", "less", "ship", "ships", "able",
    "ible", "ing", "ings", "ion", "ions", "tion", "tions", "ly", "ed", "er",
    "ers", "est", "ism", "isms", "ist", "ists", "ity", "ities", "ous",
    "ful", "ize", "ise", "ized", "ised", "ance", "ence", "ant", "ent",
})
# Prefixes that are not words on their own in English ("un-satisfied").
BOUND_PREFIXES = frozenset({"un", "re", "dis", "mis", "im", "in", "ir",
                            "de", "sub", "inter", "trans", "over", "under"})


@dataclass(frozen=True)
class Vocabulary:
    """How often the text writes each word, whole or hyphenated."""

    plain: Counter
    """Case-folded plain words (hyphenated words count as their parts too)."""
    hyphenated: Counter
    """Case-folded hyphenated words written inside a line."""
    lang: str = "en"
    """The text's language (a primary tag): whose word list judges a
    split word when the text itself does not say."""
    break_marks: frozenset = frozenset()
    """The typesetter's hyphenation mark: a hyphen character (U+2010)
    that ends lines between letters but is written inside none, while the
    text's own compounds are written with another (``-``): WeasyPrint
    breaks words with U+2010."""


def vocabulary(lines: list[str], lang: str = "en") -> Vocabulary:
    """Count the words of the text's lines, leaving out line-end fragments;
    ``lang`` (a BCP 47 tag) chooses the word list of :func:`zipf`."""
    plain: Counter = Counter()
    hyph: Counter = Counter()
    ends: Counter = Counter()
    inside: Counter = Counter()
    for line in lines:
        body = line.rstrip()
        if len(body) > 1 and body[-1] in HYPHENS and body[-2].isalpha():
            ends[body[-1]] += 1
        for c in HYPHENS:
            if c in body[:-1]:
                inside[c] += 1
        if body and body[-1] in HYPHENS:
            body = body[: body.rfind(" ") + 1] if " " in body else ""
        first = True
        for w in body.split():
            if first:  # a line's first word may be the end of a split word
                first = False
                continue
            for h in _HYPHENATED.findall(w):
                hyph[h.casefold()] += 1
            for p in _WORD.findall(w):
                plain[p.casefold()] += 1
    marks = frozenset(
        c for c in "\u2010" if ends[c] >= 2 and not inside[c] and
        inside["-"])
    return Vocabulary(plain, hyph, (lang or "en").split("-")[0].casefold(),
                      marks)


@lru_cache(maxsize=20000)
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of a word of the language ``lang`` (0 when unknown,
    or when wordfreq has no list for the language)."""
    try:
        from wordfreq import available_languages, zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    if lang not in _wordfreq_languages(available_languages):
        return 0.0
    return zipf_frequency(word, lang)


@lru_cache(maxsize=1)
def _wordfreq_languages(available) -> frozenset:
    return frozenset(available())


def decide(left: str, right: str, mark: str, vocab: Vocabulary
           ) -> tuple[bool, str]:
    """Join ``left`` and ``right`` (True) or keep the hyphen; and why."""
    joined = (left + right).casefold()
    hyph = f"{left}-{right}".casefold()
    if right[:1].isupper():
        return False, "capital after the break: a compound or a name"
    if mark == "\u00ad":
        return True, "soft hyphen"
    if mark in vocab.break_marks:
        return True, (f"U+{ord(mark):04X} ends lines but is written inside "
                      "none, where the text's compounds have '-': the "
                      "typesetter's hyphenation")
    nj, nh = vocab.plain[joined], vocab.hyphenated[hyph]
    if nj != nh:
        return nj > nh, (f"the text writes {joined!r} {nj}x and {hyph!r} "
                         f"{nh}x elsewhere")
    lang = vocab.lang
    zj = zipf(joined, lang)
    zl, zr = zipf(left.casefold(), lang), zipf(right.casefold(), lang)
    evidence = ("zipf" if lang == "en" else f"zipf ({lang})") + \
        f" {joined}={zj:.2f}, {left}={zl:.2f}, {right}={zr:.2f}"
    if zj >= 3.0:
        return True, evidence + ": a common word when joined"
    english = lang == "en"  # the prefix and suffix lists are English
    if not english and zl >= 4.0 and zr >= 4.0 and zj < min(zl, zr) - 3:
        # Two common words, rare when joined: a compound (French
        # "peut-être", written "peutêtre" only by mistake).
        return False, evidence + ": two common words, rare when joined"
    if not english and zj >= 1.0:
        # Other languages hyphenate few compounds: a word the language
        # knows is one word.
        return True, evidence + ": a word of the language when joined"
    if english and left.casefold() in PREFIXES:
        return False, evidence + ": compound prefix"
    if english and zj > 0 and right.casefold() in SUFFIXES:
        return True, evidence + ": a word with its suffix"
    if english and zj >= 1.5 and left.casefold() in BOUND_PREFIXES:
        return True, evidence + ": a word with its prefix"
    if zl >= 2.5 and zr >= 2.5:
        return False, evidence + ": both halves are words"
    if left[:1].isupper() and zj == 0:
        return False, evidence + ": a name, unknown when joined"
    if mark == "\u2010" or zj > 0 or zl < 2.5 or zr < 2.5:
        return True, evidence + ": halves are not words"
    return False, evidence  # pragma: no cover - all cases return above


def ends_in_url(text: str) -> bool:
    """True when the line's last token is a URL that may continue."""
    tokens = text.split()
    return bool(tokens) and bool(URL.match(tokens[-1])) and \
        tokens[-1][-1] in "/-_.=?&#%" + HYPHENS


_URL_START = re.compile(r"(?:https?://|www\.)\S*$")


def url_goes_on(tail: str, text: str) -> bool:
    """Does a URL ending ``tail`` (the bare scheme, ``https://``, too) run
    on into ``text``, the next line?  Not when it ends a sentence (a full
    stop before a capital) or the next line opens with a space."""
    tokens = tail.split()
    if not tokens or not text[:1] or text[:1].isspace():
        return False
    last = tokens[-1]
    if not _URL_START.match(last) or last[-1] not in "/-_.=?&#%" + HYPHENS:
        return False
    return not (last[-1] == "." and text[:1].isupper())


def join_lines(lines: list[tuple[int, str]], vocab: Vocabulary,
               report: CleaningReport) -> str:
    """Join printed lines into one string, deciding line-end hyphens.

    Works on the last joined piece only, so a paragraph of many lines is
    joined in linear time.
    """
    pieces: list[str] = []
    last = ""
    for k, (_n, text) in enumerate(lines):
        if k == 0:
            last = text
            continue
        tail = last[-64:]
        m = _LEFT.search(tail)
        r = _RIGHT.match(text[:64])
        if ends_in_url(tail) and text[:1] and not text[:1].isspace():
            # A URL wrapped at a slash or hyphen: rejoined without a space.
            report.change("url-joined", f"{tail.split()[-1]}\n"
                          f"{text.split()[0]}", tail.split()[-1] +
                          text.split()[0], lines[k - 1][0],
                          detail="a URL continues on the next line")
            last += text
            continue
        if m and r and tail[-1] in HYPHENS:
            left, right, mark = m.group(1), r.group(1), tail[-1]
            join, why = decide(left, right, mark, vocab)
            before = f"{left}{mark}\n{right}"
            prev_n = lines[k - 1][0]
            if join:
                last = last[:-1] + text
                report.change("hyphen-joined", before, left + right, prev_n,
                              detail=why, rewrite=True)
            else:
                last = last[:-1] + "-" + text
                report.change("hyphen-kept", before, f"{left}-{right}",
                              prev_n, detail=why)
            continue
        if tail and tail[-1] in HYPHENS and text[:1].isdigit():
            last = last[:-1] + "-" + text  # "1900-" "1950": a range
            continue
        pieces.append(last)
        last = text
    pieces.append(last)
    return " ".join(pieces)
