"""Advance widths of the shipped fonts, to measure text before layout (the
cover's title sizes, balanced headings).  Below the cover and the
balancer, which both measure."""

from __future__ import annotations

from functools import lru_cache

from .paths import STYLES

TITLE_FONT = "LinLibertine_RB.otf"
"""The font ``cover.css`` sets titles in (front and spine); measured."""


@lru_cache(maxsize=4)
def _advances(font_file: str) -> tuple[dict[str, int], int, int]:
    """(character -> advance width, units per em, advance of a missing
    character) for one of the shipped fonts."""
    from fontTools.ttLib import TTFont  # fontTools: only when measuring

    font = TTFont(str(STYLES / "fonts" / font_file), lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {chr(code): hmtx[glyph][0] for code, glyph in cmap.items()}
    upem = font["head"].unitsPerEm
    return widths, upem, hmtx[".notdef"][0] if ".notdef" in hmtx.metrics else upem // 2


def text_width_em(text: str, font_file: str = TITLE_FONT) -> float:
    """Width of ``text`` set in ``font_file``, in ems (no kerning)."""
    widths, upem, missing = _advances(font_file)
    return sum(widths.get(ch, missing) for ch in text) / upem
