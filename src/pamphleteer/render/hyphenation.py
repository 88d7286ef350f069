"""Hyphenation rules a book designer would set, for WeasyPrint.

WeasyPrint hyphenates with pyphen's patterns, any word of enough letters
(``hyphenate-limit-chars``).  The first book split "Bak-unin" ten times,
"Trot-sky", "Lon-don", and ended paragraphs on fragments ("gath-/ering.").
CSS has no property for "never split a name" and WeasyPrint (70) carries
no ``hyphenate-limit-lines`` or ``hyphenate-limit-last``, so:

- :func:`book_hyphenation` (a context manager around a layout) gives
  WeasyPrint a pyphen dictionary that offers no break in a word that
  starts with a capital (names, places; sentence-initial words lose
  nothing worth having) or holds a digit (numbers, dates, units); WeasyPrint
  builds its dictionaries through ``pyphen.Pyphen``
  (``weasyprint/text/line_break.py``), which is what is swapped, and a
  test holds that it still does;
- :func:`protect_last_word` keeps the last word of a paragraph whole
  (``hyphens: manual`` on it), so no paragraph ends on a fragment; the
  PDF's notes, whose paragraphs are set inline in their footnote, have
  each paragraph's last word kept so too (``xhtml._note_body``).

A word with no break point at a line's end can make WeasyPrint 70 set the
line before it short, one word alone ("for the association / is / too
poor"): its line breaker keeps the layout of a failed attempt.  The same
happens around index marks and citations whatever the dictionary.  The
layout's guard (:func:`pamphleteer.render.notecheck.lone_lines`) finds
such a line after layout and lays the paragraph out again with its word
spaces a hair tighter, which moves the break points.
"""

from __future__ import annotations

import contextlib
import re
from typing import Iterator

from markupsafe import Markup


def _plain(word: str) -> bool:
    """May this word be hyphenated?"""
    stripped = word.lstrip("“‘\"'([")
    return not (stripped[:1].isupper() or any(c.isdigit() for c in word))


@contextlib.contextmanager
def book_hyphenation() -> Iterator[None]:
    """Within this block WeasyPrint's new pyphen dictionaries split no
    capitalised word and no word with a digit."""
    import pyphen

    original = pyphen.Pyphen

    class BookPyphen(original):  # type: ignore[misc, valid-type]
        def iterate(self, word: str):  # noqa: D401
            if not _plain(word):
                return iter(())
            return super().iterate(word)

        def positions(self, word: str):
            return super().positions(word) if _plain(word) else []

    pyphen.Pyphen = BookPyphen
    try:
        yield
    finally:
        pyphen.Pyphen = original


_TOKEN = re.compile(r"<[^>]*>|[^<]+")


def protect_last_word(html: str) -> Markup:
    """A paragraph's XHTML with its last word (outside any footnote span
    or missing note's call) wrapped in ``<span class="nh">`` (``hyphens:
    manual`` in print.css)."""
    tokens = _TOKEN.findall(html)
    depth, skip_from = 0, None
    last = None
    for i, tok in enumerate(tokens):
        if tok.startswith("<"):
            if skip_from is not None:
                if tok.startswith("<span") and not tok.endswith("/>"):
                    depth += 1
                elif tok.startswith("</span"):
                    depth -= 1
                    if depth == 0:
                        skip_from = None
            elif tok.startswith("<span") and ('class="footnote' in tok or
                                              'class="noteref' in tok):
                skip_from, depth = i, 1
            continue
        if skip_from is None and tok.strip():
            last = i
    if last is None:
        return Markup(html)
    text = tokens[last]
    m = re.search(r"(\S+)(\s*)$", text)
    if not m or len(m[1]) < 5:
        return Markup(html)
    tokens[last] = (text[:m.start(1)] + '<span class="nh">' + m[1]
                    + "</span>" + m[2])
    return Markup("".join(tokens))
