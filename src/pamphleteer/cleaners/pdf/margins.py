"""Sidenotes: notes set in the page's outer margin beside their calls.

A Tufte-style layout (tufte-latex, tufte-css printed by a browser or
WeasyPrint) sets each note in a wide outer margin, level with its call,
instead of at the page's foot.  Read as they stand, their lines fall
between the text's lines.  A page's *margin lines* are those set in
smaller type than the body and wholly outside its text block: left of the
left edge or right of the right edge of the lines in the body's type (nine
in ten of them, an overfull line left aside), by half an em at least.  They are the page's notes when the first of them on each side
opens with a note label that a call of the page's text (or of the page
before) answers; then they are taken out of the page, top to bottom, and
read as the page's note zone (before the notes at its foot, if any).
Margin lines over the first label are taken too when the page before had
sidenotes (a note the page broke off, carried on).  The lines are put in
order note by note (sidenotes set close may overlap).  Margin lines without
such a label (a marginal gloss, a figure's caption) are left where they
stand.
"""

from __future__ import annotations

from .extract import Line
from .layout import is_body, label_of
from .notes import find_calls


def take(pages: list[list[Line]], size: float
         ) -> tuple[list[list[Line]], dict[int, list[Line]]]:
    """The pages without their sidenotes, and the sidenotes of each page
    (by its place in ``pages``), top to bottom, left margin first."""
    out: list[list[Line]] = []
    side: dict[int, list[Line]] = {}
    called_before: set[str] = set()
    carried = False
    for k, page in enumerate(pages):
        body = [ln for ln in page if is_body(ln, size)]
        if len(body) < 3:
            out.append(page)
            called_before, carried = set(), False
            continue
        # The text block's edges, an overfull line (a long word the
        # typesetter could not break) left aside.
        x0s = sorted(ln.x0 for ln in body)
        x1s = sorted(ln.x1 for ln in body)
        left, right = x0s[len(x0s) // 10], x1s[-1 - len(x1s) // 10]
        gap = 0.5 * size
        margin = [ln for ln in page if ln.size < 0.95 * size and (
            ln.x0 >= right + gap or ln.x1 <= left - gap)]
        rest = [ln for ln in page if not any(ln is m for m in margin)]
        called = {c.label for c in find_calls(rest)}
        taken: list[Line] = []
        for lines in ([m for m in margin if m.x1 <= left - gap],
                      [m for m in margin if m.x0 >= right + gap]):
            lines.sort(key=lambda ln: (ln.base, ln.x0))
            first = next((i for i, ln in enumerate(lines) if (
                lab := label_of(ln, size)) and lab[0] in called |
                called_before), None)
            if first is None:
                continue
            # Lines over the first label carry on a sidenote the page
            # before broke off; else they are no note of this page's.
            taken += _by_note(lines if carried else lines[first:],
                              size, called | called_before)
        called_before = called
        carried = bool(taken)
        if taken:
            side[k] = taken
            out.append([ln for ln in page if not any(ln is t for t in taken)])
        else:
            out.append(page)
    return out, side


def _by_note(lines: list[Line], size: float, called: set[str]
             ) -> list[Line]:
    """Margin lines note by note: a line opening with a called label
    starts a note; any other goes on the note whose last line stands one
    line's pitch (0.8 to 1.6 of its size) above it, the nearest such, or
    else on the last note (sidenotes set close may overlap: a note's last
    line lower than the next note's label)."""
    notes: list[list[Line]] = [[]]
    for ln in lines:
        lab = label_of(ln, size)
        if lab and lab[0] in called:
            notes.append([ln])
            continue
        near = [n for n in notes if n and 0.8 * ln.size <=
                ln.base - n[-1].base <= 1.6 * ln.size and
                abs(n[-1].x0 - ln.x0) < ln.size]
        if near:
            min(near, key=lambda n: ln.base - n[-1].base).append(ln)
        else:
            notes[-1].append(ln)
    return [ln for n in notes for ln in n]
