"""Headings a book's style sheet makes, not its markup: calibre and
LibreOffice set a heading as a paragraph of a class (or a span) in bold
and larger type.  The classes are read from the CSS, and such paragraphs
become headings, their levels from their sizes."""

from __future__ import annotations

import re
from typing import Any


from ...report import CleaningReport
from .page import text_of


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(em|rem|%|pt)|"
                   r"font-size\s*:\s*(large|x-large|xx-large|larger)", re.I)
_BODY_PT = re.compile(r"(?:^|[},\s])(?:body|p)\s*\{[^}]*?font-size\s*:\s*"
                      r"([\d.]+)\s*pt", re.I)
_NAMED = {"larger": 1.2, "large": 1.15, "x-large": 1.5, "xx-large": 2.0}


def heading_classes(css: str) -> dict[str, float]:
    """Classes a style sheet sets in bold and larger than the text
    (calibre keeps a book's headings so, as paragraphs): class -> size."""
    out: dict[str, float] = {}
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    # sizes in points against the text's (LibreOffice's EPUB gives none:
    # 12 pt, its default and CSS's "medium")
    body_pt = _BODY_PT.search(css)
    base = float(body_pt.group(1)) if body_pt else 12.0
    for selectors, body in _RULE.findall(css):
        m = _SIZE.search(body)
        if not m or not re.search(r"font-weight\s*:\s*(?:bold|[6-9]00)",
                                  body, re.I):
            continue
        unit = (m.group(2) or "").lower()
        size = (float(m.group(1)) / {"%": 100, "pt": base}.get(unit, 1)
                if m.group(1) else _NAMED[m.group(3).lower()])
        if size < 1.15:
            continue
        for sel in selectors.split(","):
            # a paragraph's class, or a span's (LibreOffice's EPUB sets a
            # heading's size on the one span inside its paragraph)
            k = re.fullmatch(r"\s*(?:p|div|span)?\.([\w-]+)\s*", sel)
            if k:
                out[k.group(1)] = max(size, out.get(k.group(1), 0))
    return out


def _size_steps(sizes: Any) -> list[float]:
    """The heading sizes used, largest first, those within 5% of a larger
    one taken as the same step (115% and 14 pt over 12 pt are one level,
    not two in the wrong order)."""
    steps: list[float] = []
    for v in sorted(set(sizes), reverse=True):
        if not steps or v < steps[-1] * 0.95:
            steps.append(v)
    return steps


def styled_headings(body: Any, classes: dict[str, float],
                    report: CleaningReport) -> None:
    """Short paragraphs of a class set bold and large become headings, the
    largest first level (counted, ``styled-headings``): calibre writes a
    book's headings as such paragraphs."""
    if not classes:
        return
    used = _size_steps(classes.values())
    for el in list(body.iter("p", "div")):
        names_ = (el.get("class") or "").split()
        sizes = [classes[c] for c in names_ if c in classes]
        text = text_of(el)
        inner = None
        if not sizes and el.tag == "p" and not (el.text or "").strip():
            spans = [c for c in el if isinstance(c.tag, str)]
            if len(spans) == 1 and spans[0].tag == "span" and \
                    not (spans[0].tail or "").strip():
                sizes = [classes[c] for c in (spans[0].get("class") or
                                              "").split() if c in classes]
                inner = spans[0] if sizes else None
        if not sizes or not text or len(text) > 150 or \
                len(text.split()) > 20 or el.find(".//p") is not None or \
                el.find(".//div") is not None or \
                re.search(r"[,;]$", text):
            continue
        level = min(next((k for k, v in enumerate(used, 1)
                          if max(sizes) >= v * 0.95), len(used)), 4)
        el.tag = f"h{level}"
        if inner is not None:   # its weight and style are the heading's
            inner.attrib.pop("class", None)
        report.counts["styled-headings"] += 1
