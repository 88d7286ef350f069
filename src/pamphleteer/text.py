"""Small pure text functions shared by every cleaner.

Each typographic fix is a ``str -> str`` function paired with a counter, so a
cleaner can report how many changes of each kind it made.  Every regular
expression says what it catches.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# A word, for conservation checks: a run of letters, or a run of digits.
# Letters and digits are split so that a glued note call (``syndicalist2``)
# counts as the word and the call's number.
_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    """Normalised words of ``text`` (NFKC, case-folded, letters or digits)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


# Words a title page sets around the title and the author's name ("by",
# "translated from the German"): a block made of these and the metadata's
# words says nothing the metadata does not.
TITLE_PAGE_WORDS = frozenset(
    "by von par de por di translated from the traduit aus dem englischen "
    "übersetzt traducido traduction translation edited with an introduction "
    "and et und y e illustrations illustrated or ou oder o".split())


# What only a title page prints: "BY" alone or opening a name ("TRANSLATED
# BY", "Edited by" too), a city before its publisher ("NEW-YORK:"), a year
# alone (in Roman numerals too:
# "MCMXXVI"), a copyright or printer's line ("PRINTED IN THE UNITED
# STATES", "All rights reserved"), a publisher's "& CO.", a press or a
# company named in capitals or title case ("VANGUARD PRESS", "American
# Book Company", "The Merrymount Press . Boston").
TITLE_PAGE_SIGN = re.compile(
    r"^(?:(?:translated|edited|illustrated|compiled|selected|arranged|"
    r"traduit|übersetzt|traducido)\s+)?"
    r"(?:by|par|von|por|di)(?:\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z]"
    r"[\w.'’-]*)|\s+(?:de|von|van|da|la|le)){0,5}\.?)?$|"
    r"^(?-i:[A-Z][A-Z .'-]{2,30}):$|"
    r"^\d{4}\.?$|^M[DCLXVI]{2,}\.?$|^M\s?DCC[CLXVI\s]*\.?$|"
    r"^(?-i:(?=[MDCLXVI]{4,}\.?$)M{1,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})"
    r"(?:IX|IV|V?I{0,3}))\.?$|"
    r"^(?:entered\s+according\s+to|copyright\b|"
    r"(?:printed|published)\s+(?:by|for|in)\b)|&\s*co\b\.?|"
    r"\ball\s+rights\s+reserved\b|"
    r"^(?:(?:(?-i:[A-Z&][\w.'’&-]*)|of|and|the),?\s+){1,6}"
    r"(?-i:PRESS|Press|COMPANY|Company)\.?$|"
    r"(?-i:\bPress\s*[.,·]\s+[A-Z])|"
    r"\b(?:printers?|publishers?|stereotypers?)\b[,.]?$", re.IGNORECASE)


# An account, not a person: "Administrator", "JOHNSCA", "e516160".
ACCOUNT = re.compile(r"(?i)^(?:admin(?:istrator)?|user|owner|unknown|"
                      r"author|default|guest|staff|[a-z]*\d[\w.-]*)$")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\uac00-\ud7af]{2,4}$")


def person_like(name: str) -> bool:
    """Could ``name``, from a file's Author field (a PDF's info, a Word
    document's properties), be a person's or a body's name?  A single word is taken only as a CJK name of two to four
    characters; an account name, an address or a number is not."""
    name = " ".join(name.split())
    if not name or re.search(r"[@\\/]|\.exe\b", name) or \
            ACCOUNT.match(name):
        return False
    if " " not in name.replace(",", " ").strip():
        return bool(_CJK_NAME.match(name))
    return any(ch.isupper() for ch in name) or bool(
        re.search(r"[\u3400-\u9fff\uac00-\ud7af]", name))


def word_counter(text: str) -> Counter[str]:
    """Multiset of the normalised words of ``text``."""
    return Counter(words(text))


# --------------------------------------------------------------------------
# Typography.  Each rule: (kind, pattern, replacement).  Order matters.
# --------------------------------------------------------------------------

# A parenthetical dash, before the language's form is put in its place.
# (Unicode noncharacters, for internal use: the private-use characters
# \ue000-\ue408 mark note calls, emphasis and inline boundaries in readers
# that run this module's typography over text carrying them.)
_PAREN = "\ufdd2"
# One em dash of a long dash (put in its place at the end, so that the
# rules for a parenthetical dash never see it).
_LONG = "\ufdd3"


def _long_dash(m: re.Match[str]) -> str:
    """Four hyphens or more (Distributed Proofreaders' long dash, Project
    Gutenberg's "Mr. B----" and "d----d": a word or a name left out): one
    em dash per two hyphens, two at least (the 2-em and 3-em dashes;
    Libertine has no U+2E3A, so they are set as em dashes side by side),
    the author's spaces kept."""
    return _LONG * max(2, len(m.group()) // 2)


# A run of em dashes the source already has (a long dash set): kept as it
# is, out of the parenthetical dash's rules.
_EM_RUN = re.compile("—{2,}")

_Repl = str | Callable[[re.Match[str]], str]

_RULES: list[tuple[str, re.Pattern[str], _Repl]] = [
    # A long dash (before "--" is read as one em dash: "----" is not "—-").
    ("dash", re.compile(r"-{4,}"), _long_dash),
    # Several spaces between two characters become one (first, so that the
    # rules below see the spacing they will leave: "..  ." is an ellipsis).
    ("space", re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)"), " "),
    # "--" or "---" between words or spaces: a typed em dash.
    ("dash", re.compile(r"[ \t\u00a0]*-{2,3}[ \t\u00a0]*"), _PAREN),
    # An en or em dash (or a lone hyphen) with spaces on both sides, used as
    # a parenthetical dash.
    ("dash", re.compile(r"(?<=\S) +[-–—] +(?=\S)"), _PAREN),
    # A spaced em dash on one side only ("power— we", "power —we").
    ("dash", re.compile(r"(?<=\S) +— *(?=\S)|(?<=\S) *— +(?=\S)"), _PAREN),
    # An en dash glued to a letter on one side and a space on the other
    # ("power”– we"): a parenthetical dash set carelessly.
    ("dash", re.compile(r"(?<=[^\W\d_”’\"')\]]|[”’\"')\]])– +(?=\S)"), _PAREN),
    # A hyphen between two numbers (page and year ranges): an en dash; not
    # in a run of three numbers or more, which is no range (an ISO date,
    # "2025-09-12", an ISBN, "978-3-16-148410-0", a telephone number).
    ("dash", re.compile(r"(?<![\d-])\d+-\d+(?![\d-])"),
     lambda m: m.group().replace("-", "–")),
    # A hyphen between two decades ("1870s-80s", "1870s-1880s"): an en dash.
    ("dash", re.compile(r"(?<=\d0s)-(?=(?:\d\d)?\d0s\b)"), "–"),
    # Four evenly spaced dots glued to a word ("end. . . ." or "end...."):
    # the sentence's period, then an ellipsis ("end... ." is left to the next
    # rule: an ellipsis, then the period).
    ("ellipsis", re.compile(r"(?<=[^\s.])\.(?:(?: \.){3}|\.{3})(?![ .]*\.)"),
     ". …"),
    # Spaced or unspaced three dots (". . ." or "..."): one ellipsis char.
    ("ellipsis", re.compile(r"\.(?: ?\.){2}"), "…"),
]
# Where a language keeps the spacing its author gave a dash (Spanish and
# Catalan set a parenthetical dash against the words it encloses: "dijo
# —y luego— se fue"), only a typed "--" becomes a dash, its spaces kept.
_KEEP_RULES: list[tuple[str, re.Pattern[str], _Repl]] = [
    _RULES[0],
    ("dash", re.compile(r"-{2,3}"), "—"),
    *[rule for rule in _RULES[1:] if rule[2] != _PAREN]]


@dataclass(frozen=True)
class DashStyle:
    """How a language sets a parenthetical dash."""

    mid: str
    """The dash between two words, with its spaces (a no-break space
    before a spaced dash, so that no line starts with it)."""
    start: str
    """The dash opening a paragraph or line (dialogue)."""
    keep: bool = False
    """The author's spacing is kept (only "--" becomes a dash)."""


_CLOSED = DashStyle("—", "—")
_SPACED_EM = DashStyle("\u00a0— ", "— ")
_SPACED_EN = DashStyle("\u00a0– ", "– ")
_KEEP = DashStyle("—", "—", keep=True)
# English house style is the closed em dash; French, Russian and their
# neighbours space an em dash, German and the northern languages an en dash.
DASHES: dict[str, DashStyle] = {
    **{t: _SPACED_EM for t in ("fr", "ru", "uk", "be", "bg", "mk", "sr",
                               "it", "pt", "pl", "el", "ro", "tr", "eo")},
    **{t: _SPACED_EN for t in ("de", "nl", "da", "sv", "no", "nb", "nn",
                               "fi", "cs", "sk", "hu", "hr", "sl", "et",
                               "lv", "lt", "is")},
    **{t: _KEEP for t in ("es", "ca", "gl", "eu")},
}


def dash_style(tag: str) -> DashStyle:
    """The parenthetical dash of a language (the closed em dash of English
    house style when unknown)."""
    return DASHES.get((tag or "").split("-")[0].lower(), _CLOSED)


# French sets a no-break space before its high punctuation: a thin one
# before ; ! ? and a word space before : (only a space the source already
# has is made no-break; none is added).
_FR_HIGH = re.compile(r"(?<=[^\s\u00a0\u202f]) (?=[;!?](?:\s|$|[»”)\]]))")
_FR_COLON = re.compile(r"(?<=[^\s\u00a0\u202f]) (?=:(?:\s|$))")
_LINE_START = re.compile(r"(^|\n)[ \t]*" + _PAREN + r"[ \t]*")


# Markers that may stand between a quotation's opening context and its
# mark: a plain-text reader's emphasis (``_"at home"_``, ``*"so"*``,
# ``="bold"=``) and the private-use marks a reader puts at inline
# boundaries (``<i>"at home"</i>`` reaches typography as a boundary mark
# then the quote).  After space or a bracket they open a span, so the quote
# they hold opens too; after a word they close one ("_no_\"" closes).
_MARK = r"[_*=\ue000-\ue408]"
# Straight double quote opening: at the start, or after space or an opening
# bracket (and any opening marks); after a dash only when a word follows
# ("--\"word" opens, while "stop--\" and" closes an interrupted quotation).
_DQ_OPEN = re.compile(r'((?:^|[\s(\[{])' + _MARK + '*'
                      + r'|[—–-](?=["][^\s.,;:!?)\]]))"')
# Straight single quote opening a quotation (not an apostrophe): after
# space, opening bracket, dash or opening double quote, and before a letter
# or a four-digit year ("'1870s'"); a word of the elision list ("'tis",
# "'em") keeps its apostrophe, and so does a short year ("'60s", "'68").
_SQ_OPEN = re.compile(r"(^|[\s(\[{—–“])'(?=[^\W\d_]|\d{4})"
                      r"(?!(?:tis|twas|twere|em|til|cos|n)(?![^\W_]))", re.IGNORECASE)
# After opening marks, a single quote opens only when the next one, before
# the span's closing mark, closes (is followed by no letter): "_'so'_" is
# quoted, while "_'im_! ... o' good" elides a letter as "'im" does.
_SQ_OPEN_MARKED = re.compile(r"((?:^|[\s(\[{—–“])" + _MARK + "+"
                             + r")'(?=[^\W\d_]|\d{4})"
                             r"(?!(?:tis|twas|twere|em|til|cos|n)(?![^\W_]))"
                             r"(?=[^'\n_*=\ue000-\ue408]*'(?![^\W_]))",
                             re.IGNORECASE)


@dataclass(frozen=True)
class QuoteStyle:
    """How a language marks quotations."""

    open: str
    """Opening primary mark."""
    close: str
    """Closing primary mark."""
    open2: str
    """Opening secondary (nested) mark."""
    close2: str
    """Closing secondary mark."""
    inner_space: str = ""
    """Space set inside the marks (a narrow no-break space in French)."""


QUOTES: dict[str, QuoteStyle] = {
    "en": QuoteStyle("“", "”", "‘", "’"),
    "fr": QuoteStyle("«", "»", "“", "”", "\u202f"),
    "de": QuoteStyle("„", "“", "‚", "‘"),
    "es": QuoteStyle("«", "»", "“", "”"),
    "ru": QuoteStyle("«", "»", "„", "“"),
    "it": QuoteStyle("«", "»", "“", "”"),
    "pt": QuoteStyle("«", "»", "“", "”"),
    "nl": QuoteStyle("“", "”", "‘", "’"),
    "pl": QuoteStyle("„", "”", "«", "»"),
    "cs": QuoteStyle("„", "“", "‚", "‘"),
    "uk": QuoteStyle("«", "»", "„", "“"),
    "mk": QuoteStyle("„", "“", "’", "‘"),
    "bg": QuoteStyle("„", "“", "’", "‘"),
    "sv": QuoteStyle("”", "”", "’", "’"),
    "da": QuoteStyle("»", "«", "›", "‹"),
}


def quote_style(tag: str) -> QuoteStyle:
    """The quotation marks for a language (English ones when unknown)."""
    return QUOTES.get((tag or "").split("-")[0].lower(), QUOTES["en"])


# Placeholders for the double quotes this module curls, so that marks
# already curly in the source are never changed to another language's.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"


def smarten_quotes(text: str, language: str = "en") -> tuple[str, Counter[str]]:
    """Curl straight quotes and apostrophes; return the text and counts.

    Double quotes become the language's own (:data:`languages.QUOTES`:
    “ ” in English, « » with narrow no-break spaces in French, „ “ in
    German, « » in Spanish and Russian); single quotes and apostrophes are
    curled the English way in every language (a closing single quote cannot
    be told from an apostrophe)."""
    counts: Counter[str] = Counter()
    if '"' in text:
        text, n = _DQ_OPEN.subn(r"\1" + _OPEN, text)
        counts["quote"] += n
        n = text.count('"')
        text = text.replace('"', _CLOSE)
        counts["quote"] += n
        text = _localise(text, language)
    if "'" in text:
        text, n = _SQ_OPEN.subn(r"\1‘", text)
        text, m = _SQ_OPEN_MARKED.subn(r"\1‘", text)
        counts["quote"] += n + m
        n = text.count("'")
        text = text.replace("'", "’")
        counts["apostrophe"] += n
    return text, +counts  # unary plus drops kinds counted zero times


def _localise(text: str, language: str) -> str:
    """Put the language's double quotation marks for the placeholders."""
    style = quote_style(language)
    if style.inner_space:
        text = re.sub(_OPEN + r"[ \u00a0\u202f]*", _OPEN + style.inner_space,
                      text)
        text = re.sub(r"[ \u00a0\u202f]*" + _CLOSE, style.inner_space + _CLOSE,
                      text)
    return text.replace(_OPEN, style.open).replace(_CLOSE, style.close)


# The languages typography chooses from, most binding first: the chapter's
# own `language:` in the manifest (it wins over the source), the one the
# source declares (its Muse `#lang`, its `<html lang>`, its OPF), and the
# book's (used when the source declares none).  The cleaning stage sets the
# manifest's around a reader's run, a reader sets its source's around its
# conversion: no reader needs to know the manifest, and no helper of a
# reader needs the language passed down.
_DECLARED: ContextVar[tuple[str, str, str]] = ContextVar(
    "declared_language", default=("", "", ""))


@contextmanager
def declared_language(chapter: str = "", book: str = "") -> Iterator[None]:
    """Within the block, :func:`typography` sets text in ``chapter``'s
    language whatever the source says, else in the source's, else in
    ``book``'s."""
    _, source, _ = _DECLARED.get()
    token = _DECLARED.set((chapter or "", source, book or ""))
    try:
        yield
    finally:
        _DECLARED.reset(token)


@contextmanager
def source_language(tag: str) -> Iterator[None]:
    """Within the block, the source declares language ``tag`` (a reader
    sets it once it has read the source's metadata)."""
    chapter, _, book = _DECLARED.get()
    token = _DECLARED.set((chapter, tag or "", book))
    try:
        yield
    finally:
        _DECLARED.reset(token)


def typography_language(language: str = "") -> str:
    """The language typography uses for a text given ``language`` (see
    :func:`declared_language`)."""
    chapter, source, book = _DECLARED.get()
    return chapter or language or source or book or "en"


def typography(text: str, language: str = "") -> tuple[str, Counter[str]]:
    """Apply every typographic rule; return the text and counts per kind.
    ``language`` (a BCP 47 tag: the one the source declares) chooses the
    quotation marks, the form of a parenthetical dash (:data:`DASHES`) and
    French spacing; a language the book declares wins
    (:func:`declared_language`)."""
    language = typography_language(language)
    text, counts = smarten_quotes(text, language)
    style = dash_style(language)
    if "——" in text:
        text = _EM_RUN.sub(lambda m: _LONG * len(m.group()), text)
    for kind, pattern, repl in (_KEEP_RULES if style.keep else _RULES):
        text, n = pattern.subn(repl, text)
        if n:
            counts[kind] += n
    if _PAREN in text:
        text = _LINE_START.sub(lambda m: m.group(1) + style.start, text)
        # a dash ending a line or the text has no space after it
        text = re.sub(_PAREN + r"(?=\n|$)", style.mid.rstrip(), text)
        text = text.replace(_PAREN, style.mid)
    text = text.replace(_LONG, "—")
    if (language or "").split("-")[0].lower() == "fr" and " " in text:
        text, n = _FR_HIGH.subn("\u202f", text)
        text, m = _FR_COLON.subn("\u00a0", text)
        if n + m:
            counts["space"] += n + m
    return text, counts


def collapse_space(text: str) -> str:
    """Fold runs of white space into single spaces and strip the ends."""
    return " ".join(text.split())


def slugify(text: str) -> str:
    """A lowercase ASCII slug for file names and ids (``when-kropotkin``)."""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    # Anything that is not a letter or digit separates slug words.
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "untitled"
