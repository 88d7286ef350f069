"""Paper: page sizes, PDF variants and lengths, below the manifest and the
writers.

The manifest checks its output settings with these rules and the PDF, cover
and booklet writers use the same ones, so a size or length the manifest
accepts is one the writers can use.  Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import math
import re

from .errors import ManifestError, RenderError

PAGE_SIZES = {
    "a4": ("210mm", "297mm"), "a5": ("148mm", "210mm"),
    "a6": ("105mm", "148mm"), "5.5x8.5in": ("5.5in", "8.5in"),
    "6x9in": ("6in", "9in"), "letter": ("8.5in", "11in"),
}
"""Named trim sizes: (width, height) as CSS lengths."""

PDF_VARIANTS = ("pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u",
                "pdf/a-3a", "pdf/a-3b", "pdf/a-3u", "pdf/a-4e", "pdf/a-4f",
                "pdf/a-4u", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a", "pdf/x-3",
                "pdf/x-4", "pdf/x-5g")
"""The PDF variants WeasyPrint makes (``weasyprint.pdf.VARIANTS`` but
``debug``; a test keeps them the same), named here so that checking a
manifest does not import WeasyPrint."""

MM_PER_PT = 25.4 / 72
"""Millimetres in a PostScript point."""

UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": MM_PER_PT,
           "px": 25.4 / 96}
"""Millimetres per unit of the lengths we read."""

# The one length syntax: a number and a unit ("3mm", "0.125in", "0").
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt|px)?\s*$")

# A custom size: "120x190mm", "5x8in".
_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm|in|cm|pt)$")


def parse_length(text: str) -> float | None:
    """A manifest length (``3mm``, ``0.125in``, ``10pt``, ``1cm``: a
    number and one of mm, cm, in, pt, nothing around) in millimetres, or
    None when ``text`` is not one."""
    m = _LENGTH.match(text)
    if not m or m[2] in (None, "px") or text != f"{m[1]}{m[2]}":
        return None
    return float(m[1]) * UNIT_MM[m[2]]


def mm(length: str) -> float:
    """A manifest length in millimetres (:func:`parse_length`), or
    ManifestError."""
    value = parse_length(length)
    if value is None:
        raise ManifestError(f"bad length {length!r}")
    return value


def to_mm(length: str | float | int) -> float:
    """A length (``"148mm"``, ``"5.5in"``, ``"0"``, or a number of
    millimetres) in millimetres; spaces and ``px`` allowed, as in CSS."""
    if isinstance(length, (int, float)) and not isinstance(length, bool):
        value = float(length)
    else:
        m = _LENGTH.match(str(length))
        if not m or (m[2] is None and float(m[1]) != 0):
            raise RenderError(f"bad cover length {length!r}: give a number "
                              "with a unit (mm, cm, in, pt)")
        value = float(m[1]) * UNIT_MM[m[2] or "mm"]
    if value < 0 or math.isnan(value) or math.isinf(value):
        raise RenderError(f"bad cover length {length!r}: must be positive")
    return value


def page_size_ok(spec: str) -> bool:
    """Is ``spec`` a page size we know?"""
    key = spec.strip().lower()
    return key in PAGE_SIZES or bool(_CUSTOM.match(key))


def page_size(spec: str) -> tuple[str, str]:
    """Width and height of a page-size name or ``WxHunit``."""
    key = spec.strip().lower()
    if key in PAGE_SIZES:
        return PAGE_SIZES[key]
    m = _CUSTOM.match(key)
    if m:
        return f"{m[1]}{m[3]}", f"{m[2]}{m[3]}"
    raise ManifestError(f"unknown page size {spec!r}: use A4, A5, A6, "
                        "5.5x8.5in, 6x9in, letter or WIDTHxHEIGHTmm")
