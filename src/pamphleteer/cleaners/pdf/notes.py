"""Note calls and notes of a PDF, linked by page and numbered.

A *call* is a run of digits or reference symbols (``*``, ``†``...) in a
body line that is raised above the line's baseline, or flagged as
superscript, and set smaller than the line.  A *note* opens a line of the
page's note zone with its label (raised, or followed by a full stop, a
parenthesis or a space); lines without a label carry on the note before,
and a page whose zone begins without a label carries on the last note of
the page before.  End notes (a ``Notes`` section after the text) are found
when calls lack notes on their pages.

Calls are paired with notes of the same label on the call's page (or the
next, where a layout pushed the note on); end notes by their order.  The
pairs are then numbered (the printed numbers when they rise through the
text, else 1, 2, 3... in the order of the calls, reported) and linked by
:func:`pamphleteer.cleaners.pdf_text.link_notes`, the same rule as
``pdf-text``: missing notes, notes without calls and title notes are
reported with the same codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...report import CleaningReport
from .extract import Line, Span
from .layout import SYMBOLS, glued_label, label_of, lone_label

_CALL_TEXT = re.compile(r"^[\d" + re.escape(SYMBOLS) + r"]{1,3}$")
ENDNOTES_HEADING = re.compile(r"^\s*(?:end\s*)?notes\s*:?\s*$|"
                              r"^\s*notes?\s+(?:to|on)\b.{0,60}$", re.I)


@dataclass
class Call:
    """A note call in a body line."""

    line: Line
    span: Span
    label: str
    """As printed."""
    value: int = 0
    """Its number once numbered (what ``link_notes`` reads)."""

    @property
    def page(self) -> int:
        return self.line.page


@dataclass
class PdfNote:
    """A note as printed: its label, its lines and where it starts."""

    label: str
    page: int
    lines: list[Line] = field(default_factory=list)
    skip: int = 0
    """Characters of the first line taken by the label."""
    value: int = 0
    called: bool = False


def raised(span: Span, line: Line) -> bool:
    """Is ``span`` set raised and smaller than its line?"""
    size = line.size
    return span.size < 0.9 * size and (
        span.superscript or span.base < line.base - 0.12 * size)


def find_calls(lines: list[Line]) -> list[Call]:
    """Raised digits or symbols in body lines, in reading order."""
    out: list[Call] = []
    for ln in lines:
        for k, s in enumerate(ln.spans):
            t = s.text.strip()
            after = ln.spans[k + 1].text[:1] if k + 1 < len(ln.spans) else ""
            # At a line's start only when a space follows: the call of the
            # line before, pushed down ("13 The experiment").
            if _CALL_TEXT.match(t) and raised(s, ln) and (
                    k > 0 or len(ln.spans) == 1 or after.isspace()):
                out.append(Call(ln, s, t))
    return out


def gather(zones: list[tuple[int, list[Line]]], size: float,
           calls_on: dict[int, set[str]]) -> list[PdfNote]:
    """Notes of every page's note zone, followed across pages."""
    notes: list[PdfNote] = []
    for page, lines in zones:
        near = calls_on.get(page, set()) | calls_on.get(page - 1, set())
        # Where the zone's labels are raised (LaTeX's), a number opening a
        # line at the text's height is the note's text ("14 to 19.").
        high = any(label_of(ln, size) and raised(ln.spans[0], ln)
                   for ln in lines)
        for ln in lines:
            lab = label_of(ln, size) or _glued(ln, notes, near, high) or \
                lone_label(ln, size)
            if lab and _label_ok(lab[0], ln, notes, near, high):
                notes.append(PdfNote(lab[0], page, [ln], lab[1]))
            elif notes:
                notes[-1].lines.append(ln)
            else:
                notes.append(PdfNote("", page, [ln]))
    return notes


def _glued(line: Line, notes: list[PdfNote], near: set[str],
           high: bool) -> tuple[str, int] | None:
    """A label set in the note's type with no space after it (``10The
    rota...``: a word processor's tab after the label, which a wider label
    fills): only the next label (or the zone's first), called on the page
    (or the one before), before a capital or an opening quotation mark,
    among unraised labels."""
    lab = glued_label(line)
    last = notes[-1].label if notes else ""
    if not lab or high or notes and not last.isdigit():
        return None
    if last and int(lab[0]) != int(last) + 1 or lab[0] not in near:
        return None
    return lab


def _label_ok(label: str, line: Line, notes: list[PdfNote],
              near: set[str], high: bool = False) -> bool:
    """A label starts a note when raised, called nearby, or next in line;
    among raised labels (``high``), an unraised one only when next."""
    if raised(line.spans[0], line):
        return True
    last = notes[-1].label if notes else ""
    following = label.isdigit() and (not last or last.isdigit() and
                                     int(label) == int(last) + 1)
    if high:
        return following and label in near
    return label in near or following


def unfinished(note: PdfNote | None, right: float) -> bool:
    """Does a note look cut off at the page's foot?"""
    if note is None or not note.lines:
        return False
    last = note.lines[-1]
    end = last.text.rstrip()
    return end[-1:] not in ".!?)”’\"" or last.x1 >= right - 3


def endnotes(body: list[Line], last_call: int, wanted: list[str],
             size: float) -> tuple[list[PdfNote], list[Line], int]:
    """Notes printed together after the text.

    From the line after the last call, the first line opening with the
    first label still without a note starts the section if at least two
    more labels follow; every line from there on is note text.  Returns
    the notes, a ``Notes`` heading line just above them (if any) and the
    index in ``body`` where the section starts (``len(body)`` if none).
    """
    if not wanted:
        return [], [], len(body)
    for i in range(last_call + 1, len(body)):
        lab = label_of(body[i], size)
        if not lab or lab[0] != wanted[0]:
            continue
        notes: list[PdfNote] = []
        for ln in body[i:]:
            lab = label_of(ln, size)
            if lab and (not notes or _follows(lab[0], notes[-1].label)):
                notes.append(PdfNote(lab[0], ln.page, [ln], lab[1]))
            else:
                notes[-1].lines.append(ln)
        if len(notes) < min(3, len(wanted)):
            continue
        heading = [body[i - 1]] if i and ENDNOTES_HEADING.match(
            body[i - 1].text) else []
        return notes, heading, i - len(heading)
    return [], [], len(body)


def _follows(label: str, last: str) -> bool:
    if label.isdigit() and last.isdigit():
        return int(label) == int(last) + 1 or label == "1"
    return label[0] in SYMBOLS and last[:1] in SYMBOLS


def pair(calls: list[Call], notes: list[PdfNote], ends: list[PdfNote],
         report: CleaningReport, ends_later: list[PdfNote]) -> None:
    """Give every call and note its number (``value``).

    A call takes the first unused note with its label on its page, or the
    next page; then the first unused note with its label further on (put
    in ``ends_later``); then the end notes in order.  Numbers are the printed ones
    when the calls' labels are digits rising through the text and no two
    notes share one; otherwise 1, 2, 3... in reading order (reported).
    """
    by_page: dict[tuple[int, str], list[PdfNote]] = {}
    for nt in notes:
        by_page.setdefault((nt.page, nt.label), []).append(nt)
    owner: dict[int, PdfNote] = {}
    pending: list[Call] = []
    for k, c in enumerate(calls):
        for p in (c.page, c.page + 1):
            cands = [nt for nt in by_page.get((p, c.label), ())
                     if not nt.called]
            if cands:
                cands[0].called = True
                owner[k] = cands[0]
                break
        else:
            pending.append(c)
    # Notes printed further on (a notes section after the text, set in
    # small type at the pages' feet): the first unused one with the label,
    # after the call.
    still: list[Call] = []
    for c in pending:
        k = calls.index(c)
        cands = [nt for nt in notes if not nt.called and nt.label == c.label
                 and nt.page >= c.page]
        if cands:
            cands[0].called = True
            owner[k] = cands[0]
            ends_later.append(cands[0])
        else:
            still.append(c)
    pending = still
    # End notes: in order, by label.
    free = [nt for nt in ends]
    idx = {id(c): k for k, c in enumerate(calls)}
    j = 0
    for c in pending:
        for jj in range(j, len(free)):
            if free[jj].label == c.label:
                free[jj].called = True
                owner[idx[id(c)]] = free[jj]
                j = jj + 1
                break
    printed = [c.label for c in calls]
    rising = all(x.isdigit() for x in printed) and all(
        int(a) < int(b) for a, b in zip(printed, printed[1:]))
    labels = [nt.label for nt in notes + ends if nt.label]
    unique = all(x.isdigit() for x in labels) and len(set(labels)) == len(
        labels)
    if rising and unique:
        for c in calls:
            c.value = int(c.label)
        for nt in notes + ends:
            nt.value = int(nt.label) if nt.label.isdigit() else 0
        return
    # Renumber in reading order: calls, with notes without calls where
    # they stand.
    n = 0
    order = sorted(range(len(calls)), key=lambda k: k)
    for k in order:
        n += 1
        calls[k].value = n
        if k in owner:
            owner[k].value = n
        if calls[k].label != str(n):
            report.change("note-renumbered", calls[k].label, str(n),
                          calls[k].line.n, detail="the printed numbers "
                          "restart or repeat; notes are numbered through "
                          "the text", rewrite=True)
            if k in owner:
                report.change("note-renumbered", owner[k].label, str(n),
                              owner[k].lines[0].n, detail="the note of "
                              "that call", rewrite=True)
    for nt in notes + ends:
        if not nt.called and nt.label:
            n += 1
            nt.value = n
            if nt.label != str(n):
                report.change("note-renumbered", nt.label, str(n),
                              nt.lines[0].n, detail="a note without a "
                              "call, numbered where it stands",
                              rewrite=True)
