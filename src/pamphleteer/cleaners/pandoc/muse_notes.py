"""Muse notes where pandoc's reader and Amusewiki part ways (see
:mod:`.muse`):

- a label defined more than once (chapters that each number their notes
  from ``[1]``, a text pasted with its notes unrenumbered): pandoc binds
  every call of the label to one of its definitions and drops the others
  without a word; here the calls and the definitions of that label are
  paired in order, as Amusewiki's footnote fixer (Text::Amuse::Preprocessor)
  pairs them ("only order matters"), and reported (``MUSE008``);
- inside a note, the marks Text::Amuse prints as text (another ``[M]`` in a
  note ``[N]``, any mark in a secondary note ``{N}``) are text: pandoc
  called them and copied the note called into the note calling it;
- a note that no call points to, which pandoc drops without a word, is
  reported and listed as removed (``MUSE007``); a call inside a verse is a
  call (the verse's lines are text, calls too);
- a note pandoc missed altogether (the call and its paragraph both left as
  text) is linked again.
"""

from __future__ import annotations

import bisect
import functools
import re

from ...model import (Block, Heading, Inline, Note, NoteRef, Paragraph,
                      Table, Text, map_block_inlines, replace)
from ...report import CleaningReport
from .convert import Converted

COMMENT_LINE = re.compile(r"^;(?:[ \t].*)?$")
CALL_LEFT = re.compile(r"\[(\d{1,4})\]|\{(\d{1,4})\}")
DEF_START = re.compile(r"^([\[{])(\d{1,4})([\]}]) ")
_DEF_AT = re.compile(r"([\[{])(\d{1,4})([\]}]) ")   # at a line's start
_VERBATIM = re.compile(r"<verbatim>.*?</verbatim>", re.S)
# a paragraph indented under a note goes on with it; a list item does not
_GOES_ON = re.compile(r"^[ \t]{2,}(?!(?:[-*]|\d+\.|[a-zA-Z]\.|[ivxlcIVXLC]+\.)"
                      r"[ \t])\S")
_MARK_AS_TEXT = re.compile(r"<verbatim>(\[\d{1,4}\]|\{\d{1,4}\})</verbatim>")


def _line_starts(body: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", body):
        starts.append(m.end())
    return starts


def _definitions(body: str, opaque: set[int]) -> list[tuple[int, int]]:
    """(line number, offset) of each note definition: ``[N]`` or ``{N}``
    and a space at the start of a line that is not text whatever it holds
    (an example's, a ``{{{`` block's or a verse's)."""
    out = []
    for n, start in enumerate(_line_starts(body), 1):
        if n not in opaque and _DEF_AT.match(body, start):
            out.append((n, start))
    return out


def _calls(body: str, literal: set[int],
           defs: list[tuple[int, int]]) -> list[re.Match[str]]:
    """Every ``[N]`` or ``{N}`` that calls a note: not a definition's own
    label, not inside ``<verbatim>``, a comment or a literal line (an
    example's, a ``{{{`` block's; a verse's lines do call)."""
    starts = _line_starts(body)
    masked: set[int] = set()
    for m in _VERBATIM.finditer(body):
        masked.update(range(m.start(), m.end()))
    own = {start for _, start in defs}
    out = []
    for m in CALL_LEFT.finditer(body):
        if m.start() in own or m.start() in masked:
            continue
        line_no = bisect.bisect_right(starts, m.start())
        end = body.find("\n", starts[line_no - 1])
        line = body[starts[line_no - 1]:end if end >= 0 else len(body)]
        if line_no in literal or COMMENT_LINE.match(line):
            continue
        out.append(m)
    return out


def pair_repeated_labels(body: str, opaque: set[int], literal: set[int],
                         report: CleaningReport) -> tuple[str, dict[str, str]]:
    """The body with each label defined more than once made unique, its
    calls and definitions paired in order: when the label is called as
    often as it is defined, the n-th call takes the n-th definition;
    otherwise each call takes the first definition after it not yet taken
    (a definition left over is then reported as uncalled, MUSE007, not
    lost).  Each such label is reported once (``MUSE008``, at its second
    definition).  Returns the body (lines unchanged in number) and the
    original mark of each new one, for the messages."""
    defs = _definitions(body, opaque)
    by_mark: dict[str, list[int]] = {}
    for _, start in defs:
        m = _DEF_AT.match(body, start)
        assert m is not None
        by_mark.setdefault(m.group(1) + m.group(2) + m.group(3),
                           []).append(start)
    repeated = {k: v for k, v in by_mark.items() if len(v) > 1}
    if not repeated:
        return body, {}
    calls = _calls(body, literal, defs)
    line_starts = _line_starts(body)
    used = {int(m.group(1) or m.group(2)) for m in calls}
    used |= {int(k[1:-1]) for k in by_mark}
    fresh = max(used) + 1
    calls_of: dict[str, list[re.Match[str]]] = {}
    for c in calls:
        calls_of.setdefault(c.group(0), []).append(c)
    edits: dict[int, tuple[int, str]] = {}   # offset -> (length, new mark)
    names: dict[str, str] = {}
    for mark, starts in repeated.items():
        open_, close = mark[0], mark[-1]
        labels = [mark]
        for _ in starts[1:]:
            new = f"{open_}{fresh}{close}"
            fresh += 1
            labels.append(new)
            names[new] = mark
        for start, label in zip(starts, labels):
            edits[start] = (len(mark), label)
        mine = calls_of.get(mark, [])
        taken = [False] * len(starts)
        for k, call in enumerate(mine):
            if len(mine) == len(starts):
                pick = k
            else:
                after = [i for i, s in enumerate(starts)
                         if s > call.start() and not taken[i]]
                pick = after[0] if after else max(
                    [i for i, s in enumerate(starts) if s < call.start()]
                    or [0])
            taken[pick] = True
            edits[call.start()] = (len(mark), labels[pick])
        lines = [bisect.bisect_right(line_starts, s) for s in starts]
        how = ("the n-th call taking the n-th note, as Amusewiki's footnote "
               "fixer pairs them" if len(mine) == len(starts) else
               "each call taking the first of them after it")
        report.problem("MUSE008", f"note {mark} is defined {len(starts)} "
                       f"times (lines {', '.join(map(str, lines))}) and "
                       f"called {len(mine)} times: paired in order, {how}; "
                       f"check the notes", lines[1])
    out = []
    last = 0
    for offset in sorted(edits):
        length, label = edits[offset]
        out.append(body[last:offset])
        out.append(label)
        last = offset + length
    out.append(body[last:])
    report.counts["notes-paired-in-order"] += len(edits)
    return "".join(out), names


def _note_spans(lines: list[str],
                opaque: set[int]) -> list[tuple[int, int, re.Match[str]]]:
    """(first, end) indices in ``lines`` of each note definition, with its
    label's match: its first line, its further lines, and its further
    paragraphs indented as they go on, as Text::Amuse reads them (an
    indented list item after a blank line is the text's again, not the
    note's: Text::Amuse's secondary-fn.muse, " - In a list {60} [50]"
    after the note {55})."""
    out = []
    n = 0
    while n < len(lines):
        m = DEF_START.match(lines[n]) if n + 1 not in opaque else None
        if not m:
            n += 1
            continue
        k = n + 1
        while k < len(lines) and not DEF_START.match(lines[k]) and (
                lines[k].strip() or (k + 1 < len(lines) and
                                     _GOES_ON.match(lines[k + 1]))):
            k += 1
        out.append((n, k, m))
        n = k
    return out


def calls_in_notes_as_text(body: str, opaque: set[int], literal: set[int],
                           report: CleaningReport) -> str:
    """The body with the marks inside a note that Text::Amuse prints as
    text made text (``<verbatim>``): in a note ``[N]``, another ``[M]``
    (Text::Amuse's tests: "[1] First footnote: [2] will no be a
    footnote"); in a secondary note ``{N}``, any ``[M]`` or ``{M}``.  Only
    a secondary ``{M}`` in a note ``[N]`` is a call.  pandoc read them all
    as calls and copied the note called into the note calling it (a note
    called from two notes printed three times; a note that calls itself
    left as a call with no note)."""
    lines = body.split("\n")
    for first, end, m in _note_spans(lines, opaque):
        kind = m.group(1)
        for i in range(first, end):
            if i + 1 in literal:
                continue
            line = lines[i]
            head = m.end() if i == first else 0
            spans = [(v.start(), v.end()) for v in _VERBATIM.finditer(line)]
            out, last = [], head
            for c in CALL_LEFT.finditer(line, head):
                if kind == "[" and c.group(2) is not None:
                    continue   # a secondary note called from a note
                if any(a <= c.start() < b for a, b in spans):
                    continue
                out.append(line[last:c.start()])
                out.append(f"<verbatim>{c.group(0)}</verbatim>")
                last = c.end()
                report.counts["note-marks-in-notes-as-text"] += 1
            if out:
                lines[i] = line[:head] + "".join(out) + line[last:]
    return "\n".join(lines)


def uncalled_notes(body: str, opaque: set[int], literal: set[int],
                   report: CleaningReport,
                   names: dict[str, str] | None = None) -> str:
    """Notes defined (``[N] text`` or ``{N} text`` at a line's start) that
    no ``[N]`` or ``{N}`` of the text calls: pandoc's reader drops them
    without a word.  Each is reported (``MUSE007``, its line) and its words
    listed as removed; returns those words, for the conservation check.
    A verse's lines (in ``opaque``, not in ``literal``) define no note but
    call them."""
    names = names or {}
    lines = body.split("\n")
    defs: list[tuple[str, int, str]] = []
    in_notes: set[int] = set()
    for first, end, m in _note_spans(lines, opaque):
        words = [lines[first][m.end():], *lines[first + 1:end]]
        in_notes.update(range(first, end))
        text = _MARK_AS_TEXT.sub(r"\1", " ".join(" ".join(words).split()))
        defs.append((m.group(1) + m.group(2) + m.group(3), first + 1, text))
    calls = [DEF_START.sub("", line) if n in in_notes else line
             for n, line in enumerate(lines)
             if n in in_notes or (n + 1 not in literal
                                  and not COMMENT_LINE.match(line))]
    called = set(CALL_LEFT.findall(_VERBATIM.sub(" ", "\n".join(calls))))
    found = {f"[{a}]" if a else f"{{{b}}}" for a, b in called}
    dropped = []
    for mark, line_no, text in defs:
        if mark in found:
            continue
        shown = names.get(mark, mark)
        report.problem("MUSE007", f"note {shown} has no call {shown} in the "
                       f"text: it is left out, as Amusewiki's PDF leaves it "
                       f"(“{text[:60]}”)", line_no)
        report.remove("note-uncalled", f"{shown} {text}", line_no)
        dropped.append(text)
    return " ".join(dropped)


def _place_call(run: tuple[Inline, ...], mark: str, label: str,
                done: list[bool]) -> tuple[Inline, ...]:
    """``run`` with its first text holding ``mark`` split around the call
    of note ``label``; only once per block (``done`` says so): a table's
    first cell holding the mark takes the call."""
    found = None if done else next(
        ((k, node) for k, node in enumerate(run)
         if isinstance(node, Text) and mark in node.text), None)
    if found is None:
        return run
    done.append(True)
    k, hit = found
    before, _, after = hit.text.partition(mark)
    pieces: list[Inline] = [Text(before)] if before else []
    pieces.append(NoteRef(label))
    if after:
        pieces.append(Text(after))
    return run[:k] + tuple(pieces) + run[k + 1:]


def relink_notes(conv: Converted, report: CleaningReport) -> None:
    """Notes pandoc's reader missed (seen on real texts: a call and its
    note both left as text, "…工作。[3]而且…" and a paragraph "[3] 欧洲…"):
    a paragraph of the body opening with ``[N]`` or ``{N}`` whose call
    ``[N]`` stands as text before it becomes the note of that call."""
    blocks: list[Block | None] = list(conv.blocks)
    for i in range(len(blocks)):
        para = blocks[i]
        if not isinstance(para, Paragraph) or not para.children:
            continue
        first = para.children[0]
        if not isinstance(first, Text):
            continue
        m = DEF_START.match(first.text)
        if not m:
            continue
        mark = m.group(1) + m.group(2) + m.group(3)
        label = str(max([int(n.label) for n in conv.notes
                         if n.label.isdigit()] + [0]) + 1)
        for j in range(i - 1, -1, -1):
            call = blocks[j]
            if not isinstance(call, (Paragraph, Heading, Table)):
                continue
            done: list[bool] = []
            relinked = map_block_inlines(call, functools.partial(
                _place_call, mark=mark, label=label, done=done))
            if not done:
                continue
            blocks[j] = relinked
            rest = first.text[m.end():]
            body = ((Text(rest),) if rest else ()) + para.children[1:]
            conv.notes.append(Note(label, (replace(para, children=body),),
                                   source=para.source))
            blocks[i] = None
            report.counts["notes-relinked"] += 1
            report.remove("note-number", mark, para.source.line
                          if para.source else 0)
            report.remove("note-number", mark, call.source.line
                          if call.source else 0)
            break
    conv.blocks[:] = [b for b in blocks if b is not None]
