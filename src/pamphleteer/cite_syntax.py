"""Inline citations in running text, for the readers: finding brackets and
telling citations from editorial insertions by where they stand.

The words inside one citation are parsed by :mod:`pamphleteer.citation`
(re-exported here), which the Markdown form uses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .citation import looks_like_citation, parse_citation, parse_item

__all__ = ["looks_like_citation", "parse_citation", "parse_item",
           "BracketScan", "find_brackets", "is_citation_at"]

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
