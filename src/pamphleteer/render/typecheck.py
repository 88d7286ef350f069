"""Even type: a measure of every page of a PDF, as a designer reads it.

Read from the written PDF with pypdfium2 (every character and its box),
so it measures what prints, whatever made it:

- **word space** of each full justified line of body text (the average
  gap between its words, in ems of its font size): a line reaching the
  text block's right edge that is not the last of its paragraph;
- **hyphens**: lines of body text ending in a hyphen, and runs of three
  or more such lines in a row;
- **fragments**: a paragraph's last line holding one piece of a word
  hyphenated on the line before ("gath-/ering.");
- **split names**: a line ending in a hyphen inside a word that starts
  with a capital ("Bak-/unin");
- **lonely lines**: a page whose body text ends with a line of one word.

Body text is the page's most common font size; running heads, folios and
notes are set smaller and are left out.  :func:`measure` returns a
:class:`TypeReport`; ``python -m pamphleteer.render.typecheck BOOK.pdf``
prints it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HYPHENS = "-\u2010\u00ad\x02"


@dataclass
class Line:
    page: int
    text: str
    left: float
    right: float
    size: float
    gaps: list[float]
    main: str = ""
    """The text without characters set much smaller (note calls)."""


@dataclass
class TypeReport:
    """What :func:`measure` found (pages are 1-based)."""

    justified: int = 0
    """Full justified lines of body text."""
    spaces_em: list[float] = field(default_factory=list)
    """Average word space of each, in ems."""
    wide: list[tuple[int, float]] = field(default_factory=list)
    """(page, word space) of the lines above ``wide_em``."""
    lines: int = 0
    """Lines of body text."""
    hyphenated: int = 0
    runs3: list[int] = field(default_factory=list)
    """Pages where three or more hyphenated lines follow one another."""
    fragments: list[tuple[int, str]] = field(default_factory=list)
    split_names: list[tuple[int, str]] = field(default_factory=list)
    lonely: list[tuple[int, str]] = field(default_factory=list)

    @property
    def wide_share(self) -> float:
        return len(self.wide) / self.justified if self.justified else 0.0

    def summary(self) -> str:
        med = statistics.median(self.spaces_em) if self.spaces_em else 0
        worst = max(self.spaces_em, default=0)
        return (f"{self.justified} full justified lines: median word space "
                f"{med:.3f} em, worst {worst:.3f} em, {len(self.wide)} above "
                f"0.5 em ({100 * self.wide_share:.1f}%); "
                f"{self.hyphenated} of {self.lines} lines end in a hyphen, "
                f"{len(self.runs3)} runs of three or more; "
                f"{len(self.fragments)} paragraph-ending fragments; "
                f"{len(self.split_names)} split names; "
                f"{len(self.lonely)} one-word lines ending a page")


def _lines(page: Any, number: int) -> list[Line]:
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    n = tp.count_chars()
    out: list[Line] = []
    cur: list[tuple[str, float, float, float, float, float]] = []

    def flush() -> None:
        if not cur:
            return
        chars = [c for c in cur if not c[0].isspace()]
        if not chars:
            cur.clear()
            return
        text = "".join(c[0] for c in cur).strip()
        gaps = []
        prev_right = None
        in_gap = False
        for ch, x0, _y0, x1, _y1, size in cur:
            if ch.isspace():
                in_gap = prev_right is not None
                continue
            if in_gap and prev_right is not None:
                gaps.append((x0 - prev_right) / size if size else 0)
            in_gap = False
            prev_right = x1
        size = Counter(round(c[5], 1) for c in chars).most_common(1)[0][0]
        main = "".join(c[0] for c in cur
                       if c[0].isspace() or c[5] >= 0.75 * size).strip()
        out.append(Line(number, text, min(c[1] for c in chars),
                        max(c[3] for c in chars), size, gaps, main))
        cur.clear()

    last_y = last_x = None
    broken = False
    for i in range(n):
        ch = tp.get_text_range(i, 1)
        if ch in ("\r", "\n"):
            broken = True
            continue
        x0, y0, x1, y1 = tp.get_charbox(i)
        size = raw.FPDFText_GetFontSize(tp.raw, i)
        if ch.isspace():
            if not broken:
                cur.append((ch, x0, y0, x1, y1, size))
            continue
        # The text going on to the right, close by, is the same line
        # (pdfium breaks a line after a raised note call: "ted,'4 rather").
        goes_on = last_x is not None and last_y is not None and \
            0 <= x0 - last_x < 2 * max(size, 1) and \
            abs(y0 - last_y) < max(size, 1)
        if broken and not goes_on:
            flush()
        elif broken and last_x is not None and last_y is not None:
            cur.append((" ", last_x, last_y, x0, last_y, size))
        elif last_y is not None and abs(y0 - last_y) > max(size, 1) * 0.6 \
                and not goes_on:
            flush()
        broken = False
        last_y, last_x = y0, x1
        cur.append((ch, x0, y0, x1, y1, size))
    flush()
    return out


def measure(pdf: bytes | str, *, wide_em: float = 0.5,
            first: int = 1, last: int | None = None) -> TypeReport:
    """The type measures of a PDF's pages ``first``..``last``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    report = TypeReport()
    last = last or len(doc)
    for number in range(first, last + 1):
        lines = _lines(doc[number - 1], number)
        if not lines:
            continue
        body_size = Counter(l.size for l in lines
                            if len(l.text) > 20).most_common(1)
        if not body_size:
            continue
        size = body_size[0][0]
        body = [l for l in lines if abs(l.size - size) < 0.3]
        if len(body) < 3:
            continue
        right = max(l.right for l in body)
        run = 0
        for k, line in enumerate(body):
            report.lines += 1
            full = right - line.right < 1.0
            nxt = body[k + 1] if k + 1 < len(body) else None
            hyph = line.text[-1:] in HYPHENS and len(line.text) > 1
            if full and line.gaps and (nxt is not None and
                                       abs(nxt.left - line.left) < 1.0
                                       or hyph):
                report.justified += 1
                avg = sum(line.gaps) / len(line.gaps)
                report.spaces_em.append(avg)
                if avg > wide_em:
                    report.wide.append((number, round(avg, 3)))
            if hyph:
                report.hyphenated += 1
                run += 1
                if run == 3:
                    report.runs3.append(number)
                word = line.text.split()[-1] if line.text.split() else ""
                if word[:1].isupper() and word[:-1].isalpha():
                    report.split_names.append((number, word))
                if nxt is not None and len(nxt.text.split()) == 1 and \
                        right - nxt.right > 20:
                    report.fragments.append((number, word + nxt.text))
            else:
                run = 0
        tail = body[-1]
        if len(tail.text.split()) == 1 and right - tail.right > 20 and \
                len(body) > 5 and not tail.text[-1:] in ".?!:;”’)" and \
                not tail.text.isdigit():
            report.lonely.append((number, tail.text))
    return report


if __name__ == "__main__":  # pragma: no cover - a tool for people
    import sys

    rep = measure(open(sys.argv[1], "rb").read())
    print(rep.summary())
    for name in ("wide", "runs3", "fragments", "split_names", "lonely"):
        print(f"{name}: {getattr(rep, name)[:30]}")
