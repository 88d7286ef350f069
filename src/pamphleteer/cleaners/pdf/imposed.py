"""Imposed booklets: two pages on each side of a sheet, in folding order.

Amusewiki (The Anarchist Library) offers every text as an *imposed* PDF:
A5 (or half-Letter) pages set two to a landscape A4 (or Letter) sheet so
that the printed, folded and stapled sheets read in order — sheet one
holds pages 16 and 1 on its front, 2 and 15 on its back, and so on, in
signatures of 4 to 80 pages or one for the whole text.

A file is read as imposed when its pages are landscape and no line of
text crosses the middle of any page (or one in a hundred at most, lines
too long for their page, when most sheets have text on both halves).  Each sheet side is cut into its two
halves (the right half's coordinates moved left), and the halves are put
back in reading order: the booklet order of the signature size that the
halves' printed folios agree with (a constant offset allowed: a folio
counts from the title page or not; nine in ten of ten or more folios
suffice, a date at a page's foot reading as one), or else by their folios when every
half with text has one.  Halves without text (blank pages) are dropped.
Otherwise the halves are read left before right, sheet by sheet, and the
report says the order could not be proven (``PDF011``).
"""

from __future__ import annotations

import re
from collections import Counter

from ...report import CleaningReport
from .extract import Line, PageInfo

_NUMBER = re.compile(r"^\s*[-–—\[(]?\s*(\d{1,4})\s*[-–—\])]?\s*$")


def imposed(pages: list[list[Line]], infos: list[PageInfo]) -> bool:
    """Landscape sheets (at least two), no line across the middle of any,
    text on both halves of one at least."""
    if len(pages) < 2 or any(i.width < 1.2 * i.height for i in infos):
        return False
    both = crossing = total = 0
    for lines, info in zip(pages, infos):
        mid = info.width / 2
        crossing += sum(1 for ln in lines if ln.x0 < mid - 2 and
                        ln.x1 > mid + 2)
        total += len(lines)
        left = any(ln.x1 <= mid for ln in lines)
        right = any(ln.x0 >= mid for ln in lines)
        both += left and right
    if not crossing:
        return both >= 1
    # A few overfull lines (code, an address) may run past a page's edge
    # into the next half: one in a hundred at most, on a file most of
    # whose sheets have text on both halves.
    return crossing <= 0.01 * total and 2 * both >= len(pages)


def _shift(ln: Line, dx: float, index: int) -> Line:
    for s in ln.spans:
        s.x0 -= dx
        s.x1 -= dx
    ln.__dict__.pop("_text", None)
    ln.page = index
    return ln


def _folio(lines: list[Line], height: float) -> int | None:
    """The printed page number of a half: a lone number at its top or
    foot."""
    for ln in lines:
        m = _NUMBER.match(ln.text)
        if m and (ln.y1 > 0.8 * height or ln.y0 < 0.2 * height):
            return int(m.group(1))
    return None


def booklet_order(sides: int, signature: int) -> list[int]:
    """The page number (1-based) of each half, side by side and left
    before right, for ``sides`` sheet sides imposed in signatures of
    ``signature`` pages."""
    out: list[int] = []
    per = signature // 2  # sides in a signature
    for k in range(sides):
        g, j = divmod(k, per)
        base = g * signature
        if j % 2 == 0:
            out += [base + signature - j, base + j + 1]
        else:
            out += [base + j + 1, base + signature - j]
    return out


def unimpose(pages: list[list[Line]], infos: list[PageInfo],
             report: CleaningReport
             ) -> tuple[list[list[Line]], list[PageInfo]]:
    """The halves of an imposed file's sheets, in reading order."""
    halves: list[tuple[list[Line], PageInfo]] = []
    for lines, info in zip(pages, infos):
        mid = info.width / 2
        for side in (0, 1):
            part = [ln for ln in lines if (ln.x0 >= mid) == bool(side)]
            rules = [(x0 - mid * side, x1 - mid * side, y)
                     for x0, x1, y in info.rules
                     if (x0 >= mid - 1) == bool(side)]
            half = PageInfo(info.index, mid, info.height, rules,
                            info.images)
            for ln in part:
                _shift(ln, mid * side, info.index)
            halves.append((part, half))
    folios = [_folio(p, i.height) for p, i in halves]
    n = len(halves)
    order = _proven_order(folios, n)
    if order is None:
        texts = [k for k in range(n) if halves[k][0]]
        if texts and all(folios[k] is not None for k in texts) and \
                len({folios[k] for k in texts}) == len(texts):
            order = sorted(texts, key=lambda k: folios[k] or 0)
        else:
            order = list(range(n))
            report.problem("PDF011", "the pages look imposed (two to a "
                           "sheet) but their order could not be proven "
                           "from their folios; read left half before "
                           "right, sheet by sheet", 0)
    report.counts["imposed-sheets"] = len(pages)
    out_pages: list[list[Line]] = []
    out_infos: list[PageInfo] = []
    for k in order:
        lines, info = halves[k]
        if not lines:
            continue
        index = len(out_pages)
        for ln in lines:
            ln.page = index
        info.index = index
        out_pages.append(lines)
        out_infos.append(info)
    return out_pages, out_infos


def _proven_order(folios: list[int | None], n: int) -> list[int] | None:
    """Halves in reading order when a booklet order agrees with every
    printed folio (at least two), up to a constant offset."""
    known = [(k, f) for k, f in enumerate(folios) if f is not None]
    if len(known) < 2 or n % 2:
        return None
    sides = n // 2
    sizes = [s for s in range(4, n + 1, 4)]
    if n % 4:
        sizes.append(n + 2)  # one signature with a last blank side
    for sig in sorted(set(sizes), key=lambda s: (s != n, s)):
        pos = booklet_order(sides, sig)
        offsets = Counter(f - pos[k] for k, f in known)
        off, agree = offsets.most_common(1)[0]
        # Every folio, or nine in ten of many: a date or a list's number
        # at a page's foot reads as a folio too.
        if agree == len(known) or (len(known) >= 10 and
                                   agree >= 0.9 * len(known)):
            return sorted(range(n), key=lambda k: pos[k])
    return None
