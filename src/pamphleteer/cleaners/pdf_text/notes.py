"""Footnotes: find each page's notes, rejoin their lines, follow them across
pages, and number them.

A note opens with its label at the start of a line (``12 text``).  Labels
rise through the text; a line that starts with a number which does not
continue the labels (``125 (2010)., p. 132`` inside note 4) is a wrapped
line of the note before.  A page whose notes begin without a label carries
on the last note of the page before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .calls import candidates
from .pages import NOTE_START, SEP, Line, Page, label_of, raised_label


@dataclass
class RawNote:
    """A note as gathered from the pages, before cleaning its text."""

    label: int
    """The note's number."""
    lines: list[Line] = field(default_factory=list)
    """Its printed lines, in order (the first holds the label)."""
    page: int = 0
    """Index of the page where it starts."""
    printed: int = 0
    """The label as printed, when numbering began again (per chapter) and
    :attr:`label` runs on from the chapters before; 0 otherwise."""


def _label_ok(label: int, last: int | None, near_calls: set[int],
              restart: bool = False) -> bool:
    """Does ``label`` continue the notes after ``last``?

    The next label always does; a jump forward (notes lost in the source)
    is allowed when a call with that number stands on this page or the one
    before.
    """
    if last is None or restart and label == 1 and last >= 2 and \
            1 in near_calls:
        # The first note, or (``restart``: where a page's notes begin)
        # numbering begun again per chapter; :func:`gather` decides that by
        # the calls.
        return label == 1 or label in near_calls
    if label == last + 1:
        return True
    return label > last and label in near_calls


def gather(pages: list[Page], calls_by_page: list[set[int]]
           ) -> tuple[list[RawNote], list[Line]]:
    """Notes of every page, and orphan lines that belong to no note."""
    notes: list[RawNote] = []
    orphans: list[Line] = []
    last: int | None = None  # the last label as printed
    offset = 0  # labels of the chapters before a restart (see calls)
    for p, page in enumerate(pages):
        near = calls_by_page[p] | (calls_by_page[p - 1] if p else set())
        for line in page.notes:
            m = NOTE_START.match(line.text)
            if m and last is not None and label_of(m) == 1 and last >= 2 \
                    and offset + last + 1 in near:
                # The labels begin again where the calls did.
                offset += last
                last = 1
                notes.append(RawNote(offset + 1, [line], p, 1))
            elif m and _label_ok(label_of(m), last,
                                 {v - offset for v in near}):
                last = label_of(m)
                notes.append(RawNote(offset + last, [line], p,
                                     last if offset else 0))
            elif notes:
                notes[-1].lines.append(line)
            else:
                orphans.append(line)
    return notes, orphans


# A heading over endnotes: "Notes", "Endnotes", "NOTES".
ENDNOTES_HEADING = re.compile(r"^\s*(?:end\s*)?notes\s*:?\s*$", re.I)

MIN_ENDNOTES = 3
"""Fewest numbered lines that make an endnote section."""


def endnotes(pages: list[Page], called: set[int], last_call_line: int,
             have: set[int]) -> tuple[list[RawNote], list[Line]]:
    """Notes printed together after the text, taken out of the body.

    Looked for when calls lack their notes: from the last call on, the
    first line that opens with the lowest such label starts the section,
    provided the labels that follow rise one by one over at least
    :data:`MIN_ENDNOTES` notes.  Returns the notes and a ``Notes`` heading
    line above them, if any (both removed from the pages).
    """
    wanted = sorted(called - have)
    if len(wanted) < MIN_ENDNOTES:
        return [], []
    flat = [(p, k, x) for p, page in enumerate(pages)
            for k, x in enumerate(page.body)
            if isinstance(x, Line) and x.n > last_call_line]
    for i, (p, _k, x) in enumerate(flat):
        m = NOTE_START.match(x.text)
        if not m or label_of(m) != wanted[0]:
            continue
        found: list[RawNote] = [RawNote(wanted[0], [x], p)]
        for q, _, y in flat[i + 1:]:
            m = NOTE_START.match(y.text)
            if m and label_of(m) == found[-1].label + 1:
                found.append(RawNote(found[-1].label + 1, [y], q))
            else:
                found[-1].lines.append(y)
        if len(found) < MIN_ENDNOTES:
            return [], []
        heading = [y for _, _, y in flat[max(0, i - 1):i]
                   if ENDNOTES_HEADING.match(y.text)]
        taken = {id(y) for _, _, y in flat[i:]} | {id(y) for y in heading}
        for page in pages:
            page.body = [y for y in page.body if id(y) not in taken]
        return found, heading
    return [], []


def split_paged(pages: list[list[Line | None]]) -> list[Page]:
    """Pages of ``pdftotext`` output, their note lines set apart.

    The notes of a page begin at the first line that opens with the next
    label (or a later one) whose call stands above it on the page or on the
    page before; every line from there to the page's end is note text.
    When the last note of the page before looks unfinished, the block of
    wide lines set off by a blank line just above those notes (or at the
    page's foot) is taken as its continuation.  Blank lines in the body
    become :data:`SEP` markers, except at the top and bottom of a page.
    """
    out: list[Page] = []
    last: int | None = None
    prev_calls: set[int] = set()
    prev_open = False
    for raw in pages:
        calls_here: set[int] = set()
        start = len(raw)
        seen: set[int] = set(prev_calls)
        # A raised label alone on its line is read with the line below
        # (its note's first line); only the notes' part is joined so.
        joined = _join_labels(raw)
        for k, x in enumerate(raw):
            if x is None:
                continue
            read = joined[k]
            m = NOTE_START.match((read or x).text)
            if m and label_of(m) in seen and _label_ok(
                    label_of(m), last, seen, restart=True):
                start = k
                break
            found = {c.value for c in candidates(x.text, x.n)}
            seen |= found
            calls_here |= found
        if prev_open:
            start = _continuation(raw, start)
        page = _page(raw[:start], [x for x in joined[start:]
                                   if x is not None and x is not _GONE])
        for x in page.notes:
            m = NOTE_START.match(x.text)
            if m and _label_ok(label_of(m), last, seen, restart=True):
                last = label_of(m)
        prev_open = _unfinished(page.notes)
        prev_calls = calls_here
        out.append(page)
    return out


def _join_labels(raw: list[Line | None]) -> list[Line | None]:
    """Lone numbers in a page's lower part joined to the line below.

    A raised note mark is printed a little above its note, so ``pdftotext``
    gives it a line of its own (``1`` / ``Quoted in ...``).  A lone number
    followed straight (no blank line) by a text line that opens with no
    number, below the page's first third, is read as that note's label;
    whether it really opens a note is left to the label sequence, as for
    any other note line.  The list keeps its length: a line taken into the
    one above is :data:`_GONE`.
    """
    lines = [k for k, x in enumerate(raw) if x is not None]
    out = list(raw)
    if len(lines) < 2:
        return out
    floor = lines[len(lines) // 3]
    for k in lines:
        x = out[k]
        if k < floor or k + 1 >= len(out) or x is None or x is _GONE:
            continue
        nxt = out[k + 1]
        if not raised_label(x, nxt):
            continue
        assert nxt is not None
        out[k] = Line(x.n, f"{x.text} {nxt.text}", min(x.indent, nxt.indent))
        out[k + 1] = _GONE
    return out


_GONE = Line(0, "")


def _page(body_raw: list[Line | None], notes: list[Line]) -> Page:
    page = Page(notes=notes)
    first = True
    for k, x in enumerate(body_raw):
        if x is None:
            if not first and any(y is not None for y in body_raw[k:]):
                if not page.body or page.body[-1] is not SEP:
                    page.body.append(SEP)
            continue
        page.body.append(Line(x.n, x.text, x.indent, page_start=first))
        first = False
    return page


def _unfinished(notes: list[Line]) -> bool:
    """Does the last note line look cut off by the page's end?"""
    if not notes:
        return False
    widest = max(len(x.text) for x in notes)
    end = notes[-1].text
    return len(end) >= 0.85 * widest and end[-1:] not in ".!?)”"


def _continuation(raw: list[Line | None], start: int) -> int:
    """Where a note carried over from the page before begins, or ``start``.

    The carried lines are the block just above ``start`` after a blank
    line, printed wider (a smaller type) or less indented than the body.
    """
    j = start
    while j > 0 and raw[j - 1] is None:
        j -= 1
    k = j
    while k > 0 and raw[k - 1] is not None:
        k -= 1
    block = [x for x in raw[k:j] if x is not None]
    body = [x for x in raw[:k] if x is not None]
    if not block or not body or k == 0:
        return _wide_tail(raw, j, start)
    widths = sorted(len(x.text) for x in body)
    median = widths[len(widths) // 2]
    wide = max(len(x.text) for x in block) > 1.08 * max(widths)
    outdented = max(x.indent for x in block) < min(x.indent for x in body)
    if (wide or outdented) and median > 0:
        if not outdented:
            # A wide block may be a body paragraph with the note run on
            # below it: the note starts where the wide lines do.
            tail = _wide_tail(raw, j, start)
            if k < tail < j:
                return tail
        return k
    # The block after the last blank line is no note by itself (a body
    # paragraph, with the carried note run on below it): look for the note's
    # wider lines at its foot, as when there is no blank line at all.
    return _wide_tail(raw, j, start)


def _wide_tail(raw: list[Line | None], end: int, start: int) -> int:
    """Where a run of wide lines ending at ``end`` begins, or ``start``.

    Without a blank line between body and notes (plain ``pdftotext``), the
    carried-over note is told by its smaller type: its lines hold at least
    15% more characters than the body's median line (the last may be
    short); five body lines at least must stand above it.
    """
    lines = [x for x in raw[:end] if x is not None]
    if len(lines) < 7:
        return start
    widths = sorted(len(x.text) for x in lines)
    median = widths[len(widths) // 2]
    k = len(lines) - 1
    if k >= 0 and len(lines[k].text) <= 1.15 * median:
        k -= 1  # the note's last line may be short
    first = None
    while k >= 5 and len(lines[k].text) > 1.15 * median:
        first = k
        k -= 1
    if first is None or first < 5:
        return start
    return raw.index(lines[first])
