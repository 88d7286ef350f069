"""Balanced titles: a title that takes two lines gets two lines of about
the same length, not a full line and one word.

CSS has ``text-wrap: balance`` for this; WeasyPrint (70) does not carry
it.  So the PDF's chapter titles and subtitles are broken here before
layout: the words are measured in the typeface they are set in (the
shipped Linux Libertine's advance widths, by fontTools), the fewest lines
that fit the text block are taken, and among the ways to break into that
many lines the one whose longest line is shortest is chosen (every split
is tried: a title has a handful of words).  The break is a ``<br/>`` after
a space, so the heading's text (running heads, bookmarks) is unchanged.
The EPUB reflows on every screen: its titles are left as they are.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from markupsafe import Markup, escape

from .metrics import text_width_em

SAFETY = 0.96
"""Part of the measure a line may fill (kerning and letter-spacing are
not counted)."""

STYLES = {"title": ("LinLibertine_R.otf", 1.6),
          "subtitle": ("LinLibertine_RI.otf", 1.0)}
"""Font file and size (in body ems) of each kind of heading, as
``styles/base.css`` sets them."""


def balanced_lines(words: list[str], width: Any, measure: float
                   ) -> list[list[str]]:
    """``words`` in the fewest lines no wider than ``measure`` (by
    ``width(text)``), the longest line as short as it can be."""
    if not words:
        return []
    whole = width(" ".join(words))
    if whole <= measure or len(words) == 1:
        return [words]
    best: tuple[float, list[list[str]]] | None = None
    for n in range(2, len(words) + 1):
        for cuts in combinations(range(1, len(words)), n - 1):
            bounds = (0, *cuts, len(words))
            lines = [words[a:b] for a, b in zip(bounds, bounds[1:])]
            widest = max(width(" ".join(line)) for line in lines)
            if widest > measure:
                continue
            # Prefer no one-word last line when another split is as good.
            score = widest + (measure * 0.05 if len(lines[-1]) == 1 else 0)
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None or n > 6:
            break
    return best[1] if best else [words]


def balance(text: str, *, kind: str, font_size_pt: float,
            measure_pt: float) -> Markup:
    """``text`` with ``<br/>`` where balanced lines break."""
    font, em = STYLES[kind]
    size = font_size_pt * em

    def width(s: str) -> float:
        return text_width_em(s, font) * size

    lines = balanced_lines(str(text).split(), width, measure_pt * SAFETY)
    if len(lines) <= 1:
        return escape(text)
    return Markup(" <br/>").join(escape(" ".join(line)) for line in lines)


def balancer(book: Any, mode: str) -> Any:
    """The ``balance`` template filter for a book: identity in the EPUB."""
    from ..paper import mm, page_size

    if mode != "footnote":
        return lambda text, kind="title": escape(text)
    out = book.options["output"]
    width_mm = mm(page_size(out.page_size)[0])
    measure_pt = width_mm * (111 / 148) * 72 / 25.4  # see pdf.page_css
    font_pt = mm(out.font_size) * 72 / 25.4

    def apply(text: str, kind: str = "title") -> Markup:
        return balance(text, kind=kind, font_size_pt=font_pt,
                       measure_pt=measure_pt)
    return apply
