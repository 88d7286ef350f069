"""Split a raw export into raw paragraphs and classify them.

The Anarchist Library's Markdown export is simple: paragraphs separated by
blank lines, ``#`` headings, a ``Contents`` list with dot leaders, and after
each page that has notes a ``---`` line followed by the notes, one paragraph
each, opening with ``<sup>N</sup>``.  This module only cuts and labels; it
never reorders and never drops text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A heading line: one to six "#" then a space and the heading text.
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
# A thematic break / notes separator: three or more "-", "*" or "_" alone
# on a line (spaces allowed between them).
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# The opening of a note paragraph: "<sup>15</sup>" (or "[15]") and its text.
NOTE_OPEN = re.compile(r"^[ \t]*(?:<sup>\s*(\d+)\s*</sup>|\[(\d+)\])[ \t]*(.*)$",
                        re.S)
# One entry of the contents list: the title, dot leaders (". . . ." or
# "....", two dots at least), then a page number (arabic or roman).
_CONTENTS_ENTRY = re.compile(r"^(.*?)[ \t]*(?:\.[ \t]*){2,}[ \t]*([0-9]+|[ivxlcdm]+)[ \t]*$",
                             re.I)
# A heading naming the contents list.
_CONTENTS_TITLE = re.compile(r"^\W*(contents|table of contents)\W*$", re.I)


@dataclass(frozen=True)
class RawPara:
    """A run of non-blank raw lines."""

    lines: tuple[str, ...]
    """The raw lines, without their line ends."""
    line: int
    """1-based line number of the first line."""
    blank_before: int
    """How many blank lines precede it (0 for the first paragraph)."""

    @property
    def text(self) -> str:
        """The lines joined by single spaces, trailing spaces removed."""
        return " ".join(l.strip() for l in self.lines)


@dataclass(frozen=True)
class RawNote:
    """One note paragraph of a notes block."""

    label: str
    """The note's number as printed."""
    text: str
    """Its raw Markdown text, without the number."""
    line: int
    """Raw line of the note."""
    raw: str
    """The whole raw paragraph (for reports)."""


@dataclass(frozen=True)
class Item:
    """A classified piece of the body, in file order."""

    kind: str
    """``para``, ``heading``, ``notes``, ``break`` or ``contents``."""
    text: str
    """Raw Markdown text (heading text without its ``#`` marks)."""
    line: int
    """1-based raw line."""
    level: int = 0
    """Heading level as written (number of ``#``)."""
    notes: tuple[RawNote, ...] = ()
    """For ``notes``: the notes of the block."""
    entries: tuple[tuple[str, str, int], ...] = ()
    """For ``contents``: (title, page, line) of each entry."""
    gap_before: int = 0
    """Blank lines before the item in the raw file."""
    raw_lines: tuple[tuple[int, str], ...] = ()
    """The raw lines consumed, for removal reports."""


def split_paragraphs(raw: str) -> list[RawPara]:
    """Cut ``raw`` into runs of non-blank lines, keeping line numbers."""
    paras: list[RawPara] = []
    cur: list[str] = []
    start = 0
    blanks = 0
    pending_blank = 0
    for no, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            if not cur:
                start = no
                pending_blank = blanks
            cur.append(line)
            blanks = 0
        else:
            if cur:
                paras.append(RawPara(tuple(cur), start, pending_blank))
                cur = []
            blanks += 1
    if cur:
        paras.append(RawPara(tuple(cur), start, pending_blank))
    return paras


def heading_of(line: str) -> tuple[int, str] | None:
    """``(level, text)`` when ``line`` is a Markdown heading."""
    m = _HEADING.match(line.strip())
    if not m or not m.group(2):
        return None
    return len(m.group(1)), m.group(2)


def is_rule(line: str) -> bool:
    """True for a ``---`` line."""
    return bool(_RULE.match(line))


def note_open(text: str) -> tuple[str, str] | None:
    """``(label, rest)`` when a paragraph opens like a note."""
    m = NOTE_OPEN.match(text)
    if not m:
        return None
    return (m.group(1) or m.group(2)), m.group(3)


def contents_entry(line: str) -> tuple[str, str] | None:
    """``(title, page)`` when ``line`` is an entry of a contents list."""
    m = _CONTENTS_ENTRY.match(line.strip())
    if not m or not m.group(1).strip():
        return None
    return m.group(1).strip(), m.group(2)


def _explode(paras: list[RawPara]) -> list[RawPara]:
    """Give headings and rules a paragraph of their own."""
    out: list[RawPara] = []
    for p in paras:
        cur: list[str] = []
        cur_start = p.line
        gap = p.blank_before
        for k, line in enumerate(p.lines):
            single = heading_of(line) is not None or is_rule(line)
            if single:
                if cur:
                    out.append(RawPara(tuple(cur), cur_start, gap))
                    gap = 0
                out.append(RawPara((line,), p.line + k, gap))
                gap = 0
                cur = []
                cur_start = p.line + k + 1
            else:
                if not cur:
                    cur_start = p.line + k
                cur.append(line)
        if cur:
            out.append(RawPara(tuple(cur), cur_start, gap))
    return out


def classify(paras: list[RawPara]) -> list[Item]:
    """Label the body's paragraphs: text, headings, notes, contents."""
    paras = _explode(paras)
    items: list[Item] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        first = p.lines[0]
        lines = tuple((p.line + k, l) for k, l in enumerate(p.lines))
        head = heading_of(first)
        if head and _CONTENTS_TITLE.match(head[1]):
            entries: list[tuple[str, str, int]] = []
            consumed = list(lines)
            j = i + 1
            while j < len(paras):
                q = paras[j]
                parsed = [contents_entry(l) for l in q.lines]
                if not all(parsed):
                    break
                for k, e in enumerate(parsed):
                    assert e is not None
                    entries.append((e[0], e[1], q.line + k))
                consumed += [(q.line + k, l) for k, l in enumerate(q.lines)]
                j += 1
            if entries:
                items.append(Item("contents", head[1], p.line, head[0],
                                  entries=tuple(entries),
                                  gap_before=p.blank_before,
                                  raw_lines=tuple(consumed)))
                i = j
                continue
        if head:
            items.append(Item("heading", head[1], p.line, head[0],
                              gap_before=p.blank_before, raw_lines=lines))
            i += 1
            continue
        if is_rule(first):
            notes: list[RawNote] = []
            j = i + 1
            while j < len(paras):
                q = paras[j]
                opened = note_open(q.text)
                if opened is None or heading_of(q.lines[0]) or is_rule(q.lines[0]):
                    break
                notes.append(RawNote(opened[0], opened[1], q.line, q.text))
                j += 1
            kind = "notes" if notes else "break"
            items.append(Item(kind, first.strip(), p.line, notes=tuple(notes),
                              gap_before=p.blank_before, raw_lines=lines))
            i = j if notes else i + 1
            continue
        items.append(Item("para", p.text, p.line, gap_before=p.blank_before,
                          raw_lines=lines))
        i += 1
    return items
