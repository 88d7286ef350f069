"""Letter-spaced text read as words.

A heading set with wide tracking (``T H E  S T A T E``) or a word
emphasised by spacing its letters (German *Sperrsatz*: ``g e s p e r r t``)
reaches us with a space between every two letters: MuPDF writes one
wherever the gap is wide.  A run of four or more single letters (a word
of one letter is common, four in a row are not) is read again from the
characters' own positions: the gaps between letters of a word are the
tracking alone, those between words the tracking and a word space, a
fifth of an em or more wider.  The letters of a word are joined, one space
is left between words; where the line's other words stand as far apart
as the letters (``the variables x y z w``), the letters are words, unless
the run has wider gaps between its words too.  Each
such run is a guess: the line keeps its text
as printed in ``Line.spaced_from`` and the reader says it with
``PDF017``."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract import Line

_PUNCT = ",.;:!?’'\"»”)-–—"


def _single(tok: str) -> bool:
    """A letter alone, or with a punctuation mark after it (``S,``)."""
    return len(tok) == 1 or (len(tok) == 2 and tok[1] in _PUNCT)


def _runs(text: str) -> list[tuple[int, int]]:
    """Where letters stand one to a token, four letters or more in a row
    (a pair the tracking left close, ``TA`` kerned, may stand among
    them): start and end in ``text``."""
    toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    out = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks):
            t = text[toks[j][0]:toks[j][1]]
            if _single(t) or (len(t) == 2 and t.isalpha() and j > i and
                              j + 1 < len(toks) and _single(
                                  text[toks[j + 1][0]:toks[j + 1][1]])):
                j += 1
            else:
                break
        letters = sum(1 for k in range(i, j)
                      if text[toks[k][0]].isalpha())
        if j - i >= 4 and letters >= 4 and \
                all(text[toks[k][1]:toks[k + 1][0]] == " "
                    for k in range(i, j - 1)):
            out.append((toks[i][0], toks[j - 1][1]))
        i = max(j, i + 1)
    return out


def letterspaced(page, lines: list[Line]) -> None:
    """Join the letters of letter-spaced runs in ``lines`` (of ``page``),
    keeping one space between words; the line's printed text is kept in
    ``spaced_from``."""
    todo = [ln for ln in lines if _runs(ln.text)]
    if not todo:
        return
    chars = [(c["bbox"][0], c["bbox"][2], c["origin"][1], c["c"])
             for b in page.get_text("rawdict")["blocks"]
             for rl in b.get("lines", ()) for sp in rl["spans"]
             for c in sp["chars"] if not c["c"].isspace()]
    for ln in todo:
        _rejoin(ln, chars)


def _rejoin(ln: Line, chars) -> None:
    size = ln.size
    row = sorted((c for c in chars if abs(c[2] - ln.base) < 0.3 * size and
                  ln.x0 - 1 <= (c[0] + c[1]) / 2 <= ln.x1 + 1),
                 key=lambda c: c[0])
    text = ln.text
    # Where each character of the line's text comes from: (span, offset),
    # or None for a space put between two spans.
    where: list[tuple[int, int] | None] = []
    for k, s in enumerate(ln.spans):
        if k and len(where) < len(text) and text[len(where)] == " " and \
                not s.text.startswith(" ") and \
                not ln.spans[k - 1].text.endswith(" "):
            where.append(None)
        where += [(k, i) for i in range(len(s.text))]
    ink = [c for c in text if not c.isspace()]
    if len(where) != len(text) or "".join(ink) != "".join(c[3] for c in row):
        return  # (ligatures spelled out, overprinting: positions unsure)
    runs = _runs(text)
    # The line's own word spaces, outside the runs: single letters in a
    # row set that far apart are words of one letter (``x y z w``).
    inside = {i for a, b in runs for i in range(a, b)}
    spaces = []
    k = 0
    for i, c in enumerate(text):
        if c.isspace():
            if 0 < k < len(row) and i not in inside and \
                    not text[i - 1].isspace():
                spaces.append(row[k][0] - row[k - 1][1])
        else:
            k += 1
    spaces.sort()
    word = spaces[len(spaces) // 2] if spaces else None
    drop: set[int] = set()  # indexes in text of spaces to take out
    for a, b in runs:
        at = [i for i in range(a, b) if text[i] == " "]
        gaps = []
        for i in at:
            k = sum(1 for c in text[:i] if not c.isspace())
            gaps.append(row[k][0] - row[k - 1][1])
        if not gaps:
            continue
        track = sorted(gaps)[len(gaps) // 4]
        wide = any(g > track + 0.2 * size for g in gaps)
        if track < 0.08 * size or (
                word is not None and abs(track - word) < 0.06 * size and
                not wide):
            continue  # words of one letter, not letters spaced out
        drop.update(i for i, g in zip(at, gaps) if g <= track + 0.2 * size)
    if not drop:
        return
    printed = text
    cut: dict[int, set[int]] = {}
    move: set[int] = set()
    for i in drop:
        src = where[i]
        if src is None:
            nxt = where[i + 1]
            if nxt is not None:
                move.add(nxt[0])
        else:
            cut.setdefault(src[0], set()).add(src[1])
    spans = list(ln.spans)
    for k in sorted(move):
        if k:
            spans[k] = replace(spans[k], x0=min(spans[k].x0,
                                                spans[k - 1].x1))
    for k, offsets in cut.items():
        s = spans[k]
        spans[k] = replace(s, text="".join(
            c for i, c in enumerate(s.text) if i not in offsets))
    ln.spans = [s for s in spans if s.text]
    ln.__dict__.pop("_text", None)
    if ln.text != printed:
        ln.spaced_from = printed
