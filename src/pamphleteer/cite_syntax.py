"""Parse the words inside a bracketed inline citation into :class:`Citation`.

``[quoted by David P. Perrin, The Socialist Party of Great Britain, p. 64]``
becomes one :class:`CiteItem` with its prefix, work and locator.  Only the
surface is parsed here; identifying the work belongs to the bibliography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Citation, CiteItem

# Words that may open an item before the work is named.  Longest first so
# that "as cited in" wins over "cited in".
_PREFIXES = sorted([
    "quoted by", "quoted in", "as quoted in", "as cited in", "cited in",
    "cited by", "our emphasis", "my emphasis", "emphasis added",
    "emphasis in original", "original emphasis", "see also", "see", "in",
    "compare", "cf.", "also", "translation altered", "our translation",
], key=len, reverse=True)
_PREFIX = re.compile(
    r"^(?P<prefix>(?:" + "|".join(re.escape(p) for p in _PREFIXES)
    + r"))(?:\s*,\s*|\s+)(?=\S)", re.IGNORECASE)

# One locator term: "p. 301", "pp. 262-3", "p. 510f", "vol. 1", "col. 3",
# "section 4", "chapter 2".
_LOC_TERM = (r"(?:pp?|vols?|cols?|nos?|sections?|chapters?|ch)\.?\s*"
             r"[0-9ivxlcdm]+(?:\s*[-–]\s*[0-9ivxlcdm]+)?f{0,2}\.?")
# The trailing run of locator terms, joined by commas or "and", at the end of
# an item and after a comma: ", p. 301, p. 302 and p. 276".
_LOCATOR = re.compile(
    r",\s*(?P<loc>(?:vols?\.\s*\d+\s*,\s*)?(?:pp?|cols?|sections?|chapters?)\.?\s*"
    r"[0-9ivxlcdm]+(?:\s*[-–]\s*[0-9ivxlcdm]+)?f{0,2}\.?"
    r"(?:\s*(?:,|and|&)\s*" + _LOC_TERM + r")*)\s*$", re.IGNORECASE)
# A whole item that is only a locator ("p. 12"), continuing the last work.
_ONLY_LOCATOR = re.compile(r"^" + _LOC_TERM + r"(?:\s*(?:,|and|&)\s*"
                           + _LOC_TERM + r")*$", re.IGNORECASE)
# "Op. Cit." / "op. cit." / "Op Cit" / "Op.Cit.".
_OP_CIT = re.compile(r"^op\.?\s*cit\.?$", re.IGNORECASE)
# "Ibid." / "ibid" / "Ibidem".
_IBID = re.compile(r"^ibid(?:em)?\.?$", re.IGNORECASE)
# A page locator anywhere, or Op. Cit./Ibid.: what makes a bracket a citation.
_CITATION_CLUE = re.compile(
    r"\b(?:pp?\.\s*[0-9ivxlc]|op\.?\s*cit|ibid|quoted by|cited in|quoted in)",
    re.IGNORECASE)


def looks_like_citation(inner: str) -> bool:
    """True when the text between brackets is a citation, not an editorial
    insertion such as ``[sic!]``, ``[i]n`` or ``[that is, by]``."""
    return bool(_CITATION_CLUE.search(inner))


def parse_item(raw: str) -> CiteItem:
    """Parse one ``;``-separated item of a citation."""
    rest = raw.strip()
    prefix = ""
    m = _PREFIX.match(rest)
    if m and not _ONLY_LOCATOR.match(rest[m.end():]):
        prefix = m.group("prefix")
        rest = rest[m.end():]
    locator = ""
    if _ONLY_LOCATOR.match(rest):
        locator, rest = rest, ""
    else:
        lm = _LOCATOR.search(rest)
        if lm:
            locator = lm.group("loc").strip()
            rest = rest[:lm.start()]
    title = rest.strip().rstrip(",").strip()
    return CiteItem(raw=raw.strip(), title=title, locator=locator,
                    prefix=prefix, op_cit=bool(_OP_CIT.match(title)),
                    ibid=bool(_IBID.match(title)))


def parse_citation(inner: str) -> Citation:
    """Parse the text between the brackets of an inline citation."""
    parts = [p for p in inner.split(";") if p.strip()]
    return Citation(items=tuple(parse_item(p) for p in parts), raw=inner)


# --------------------------------------------------------------------------
# Finding brackets in running text, and telling citations from editorial
# insertions by where they stand.
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class BracketScan:
    """The square brackets of a run of text."""

    spans: tuple[tuple[int, int], ...]
    """``(start, end)`` of each outermost balanced ``[...]``: ``text[start]``
    is the ``[`` and ``text[end - 1]`` its ``]``."""
    unclosed: tuple[int, ...]
    """Offsets of ``[`` that never close."""
    stray: tuple[int, ...]
    """Offsets of ``]`` that close nothing."""


def _scan(text: str, skip: frozenset[int]) -> tuple[list[tuple[int, int]],
                                                   list[int], list[int]]:
    """Pair brackets, ignoring the offsets in ``skip``: spans, open, stray."""
    spans: list[tuple[int, int]] = []
    stray: list[int] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if i in skip:
            continue
        if ch == "[":
            stack.append(i)
        elif ch == "]":
            if not stack:
                stray.append(i)
                continue
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans, stack, stray


def find_brackets(text: str) -> BracketScan:
    """Find the outermost balanced square brackets of ``text``.

    Nested brackets (``[quoted by X [ed.], p. 3]``) belong to their outer
    pair.  A ``[`` left open when the text ends is reported in ``unclosed``,
    and the balanced pairs after it still count as spans; a ``]`` with no
    ``[`` before it is reported in ``stray``.
    """
    spans, unclosed, stray = _scan(text, frozenset())
    if unclosed:
        # Pairing does not depend on the unclosed "[": scan again without
        # them so that the pairs they swallowed become outermost.
        spans, _, _ = _scan(text, frozenset(unclosed))
    return BracketScan(tuple(spans), tuple(unclosed), tuple(stray))


# What may stand just before a citation that names no page: a closing quote,
# sentence punctuation or a closing parenthesis, possibly then spaces.
_CITE_BEFORE = re.compile(r"(?:[.!?”\"’')]|…)\s*$")
# What may follow it: the end, spaces, or punctuation closing the sentence.
_CITE_AFTER = re.compile(r"^(?:$|\s|[.,;:!?)])")
# Editorial words that are never citations even after a quotation: "[sic]",
# "[Emphasis added]", "[Our emphasis]", "[Translation altered]".
_EDITORIAL = re.compile(
    r"^(?:sic|emphasis|original|etc|ed|trans|(?:our|my|original) emphasis"
    r"|translation altered|our translation)\b", re.IGNORECASE)
# The first character of a work's name: a capital letter, a digit, or an
# opening quote around an article's title.
_WORK_START = re.compile(r"^[\"“‘'(]?[^\W\d_a-z]|^\d")


def is_citation_at(inner: str, before: str, after: str) -> bool:
    """Whether ``[inner]`` is a citation, given the text ``before`` and
    ``after`` it in its paragraph.

    A bracket with a page, ``Op. Cit.``, ``Ibid.`` or ``quoted by`` is a
    citation wherever it stands (:func:`looks_like_citation`).  Without such
    a clue, it is a citation only where the FAQ family puts one: after a
    closing quote or the end of a sentence, before the end or a space, and
    naming a work (``[Marx, The Civil War in France]``); glued to a word
    (``[i]n``, ``com[ing]``) or inside a sentence (``[factory]``) it is an
    editor's insertion.
    """
    if looks_like_citation(inner):
        return True
    text = inner.strip()
    return bool(text and _CITE_BEFORE.search(before) and _CITE_AFTER.match(after)
                and _WORK_START.match(text) and not _EDITORIAL.match(text))
