"""Small pure text functions shared by every cleaner.

Each typographic fix is a ``str -> str`` function paired with a counter, so a
cleaner can report how many changes of each kind it made.  Every regular
expression says what it catches.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# A word, for conservation checks: a run of letters, or a run of digits.
# Letters and digits are split so that a glued note call (``syndicalist2``)
# counts as the word and the call's number.
_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    """Normalised words of ``text`` (NFKC, case-folded, letters or digits)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def word_counter(text: str) -> Counter[str]:
    """Multiset of the normalised words of ``text``."""
    return Counter(words(text))


# --------------------------------------------------------------------------
# Typography.  Each rule: (kind, pattern, replacement).  Order matters.
# --------------------------------------------------------------------------

_RULES: list[tuple[str, re.Pattern[str], str]] = [
    # Several spaces between two characters become one (first, so that the
    # rules below see the spacing they will leave: "..  ." is an ellipsis).
    ("space", re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)"), " "),
    # "--" or "---" between words or spaces: a typed em dash.
    ("dash", re.compile(r"\s*-{2,3}\s*"), "—"),
    # An en or em dash (or a lone hyphen) with spaces on both sides, used as
    # a parenthetical dash: house style is an unspaced em dash.
    ("dash", re.compile(r"(?<=\S) +[-–—] +(?=\S)"), "—"),
    # A spaced em dash on one side only ("power— we", "power —we").
    ("dash", re.compile(r"(?<=\S) +— *(?=\S)|(?<=\S) *— +(?=\S)"), "—"),
    # An en dash glued to a letter on one side and a space on the other
    # ("power”– we"): a parenthetical dash set carelessly.
    ("dash", re.compile(r"(?<=[^\W\d_”’\"')\]]|[”’\"')\]])– +(?=\S)"), "—"),
    # A hyphen between two numbers (page and year ranges): an en dash.
    ("dash", re.compile(r"(?<=\d)-(?=\d)"), "–"),
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

# Straight double quote opening: at the start, or after space or an opening
# bracket; after a dash only when a word follows ("--\"word" opens, while
# "stop--\" and" closes an interrupted quotation).
_DQ_OPEN = re.compile(r'(^|[\s(\[{]|[—–-](?=["][^\s.,;:!?)\]]))"')
# Straight single quote opening a quotation (not an apostrophe): after
# space, opening bracket, dash or opening double quote, and before a letter
# or a four-digit year ("'1870s'"); a word of the elision list ("'tis",
# "'em") keeps its apostrophe, and so does a short year ("'60s", "'68").
_SQ_OPEN = re.compile(r"(^|[\s(\[{—–“])'(?=[^\W\d_]|\d{4})"
                      r"(?!(?:tis|twas|twere|em|til|cos|n)\b)", re.IGNORECASE)


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
_OPEN, _CLOSE = "\ue000", "\ue001"


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
        counts["quote"] += n
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


def typography(text: str, language: str = "en") -> tuple[str, Counter[str]]:
    """Apply every typographic rule; return the text and counts per kind.
    ``language`` (a BCP 47 tag) chooses the quotation marks."""
    text, counts = smarten_quotes(text, language)
    for kind, pattern, repl in _RULES:
        text, n = pattern.subn(repl, text)
        if n:
            counts[kind] += n
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
