"""Footnotes: find each page's notes, rejoin their lines, follow them across
pages, and number them.

A note opens with its label at the start of a line (``12 text``).  Labels
rise through the text; a line that starts with a number which does not
continue the labels (``125 (2010)., p. 132`` inside note 4) is a wrapped
line of the note before.  A page whose notes begin without a label carries
on the last note of the page before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .calls import candidates
from .pages import NOTE_START, Line, Page


@dataclass
class RawNote:
    """A note as gathered from the pages, before cleaning its text."""

    label: int
    """The note's number."""
    lines: list[Line] = field(default_factory=list)
    """Its printed lines, in order (the first holds the label)."""
    page: int = 0
    """Index of the page where it starts."""


def _label_ok(label: int, last: int | None, near_calls: set[int]) -> bool:
    """Does ``label`` continue the notes after ``last``?

    The next label always does; a jump forward (notes lost in the source)
    is allowed when a call with that number stands on this page or the one
    before.
    """
    if last is None:
        return label == 1 or label in near_calls
    if label == last + 1:
        return True
    return label > last and label in near_calls


def gather(pages: list[Page], calls_by_page: list[set[int]]
           ) -> tuple[list[RawNote], list[Line]]:
    """Notes of every page, and orphan lines that belong to no note."""
    notes: list[RawNote] = []
    orphans: list[Line] = []
    last: int | None = None
    for p, page in enumerate(pages):
        near = calls_by_page[p] | (calls_by_page[p - 1] if p else set())
        for line in page.notes:
            m = NOTE_START.match(line.text)
            if m and _label_ok(int(m.group(1)), last, near):
                last = int(m.group(1))
                notes.append(RawNote(last, [line], p))
            elif notes:
                notes[-1].lines.append(line)
            else:
                orphans.append(line)
    return notes, orphans


def split_paged(pages: list[list[Line | None]]) -> list[Page]:
    """Pages of ``pdftotext`` output, their note lines set apart.

    The notes of a page begin at the first line that opens with the next
    label (or a later one) whose call stands above it on the page or on the
    page before; every line from there to the page's end is note text.
    Blank lines in the body become :data:`SEP` markers, except at the top
    and bottom of a page.
    """
    from .pages import SEP

    out: list[Page] = []
    last: int | None = None
    prev_calls: set[int] = set()
    for raw in pages:
        calls_here: set[int] = set()
        start = len(raw)
        seen: set[int] = set(prev_calls)
        for k, x in enumerate(raw):
            if x is None:
                continue
            m = NOTE_START.match(x.text)
            if m:
                label = int(m.group(1))
                if label in seen and (last is None or label > last):
                    start = k
                    break
            found = {c.value for c in candidates(x.text, x.n)}
            seen |= found
            calls_here |= found
        body_raw, note_raw = raw[:start], raw[start:]
        page = Page()
        first = True
        for k, x in enumerate(body_raw):
            if x is None:
                if not first and any(y is not None for y in body_raw[k:]):
                    if not page.body or page.body[-1] is not SEP:
                        page.body.append(SEP)
                continue
            page.body.append(Line(x.n, x.text, x.indent, page_start=first))
            first = False
        page.notes = [x for x in note_raw if x is not None]
        for x in page.notes:
            m = NOTE_START.match(x.text)
            if m:
                label = int(m.group(1))
                if last is None or label > last:
                    last = label
        prev_calls = calls_here
        out.append(page)
    return out
