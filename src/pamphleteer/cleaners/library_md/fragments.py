"""Cut the body into fragments at every possible page break.

A *fragment* is a run of body blocks that the file itself proves
contiguous.  The body is cut:

* after a paragraph that ends without closing punctuation (a *cut*), or
  with a letter and a hyphen (a *hyphen cut*, ``imposi-``);
* before a paragraph that starts in lower case (a *continuation*);
* before every heading, after every notes block (a page ended there), at
  gaps of two blank lines or more, and around the contents list;
* where the manifest's options ask for it (see :mod:`.options`).

Only the cuts around the contents list lose the file's adjacency: the other
boundaries keep a bonus for the fragments' order in the file, since most
pages were not moved.  The scores of the joins are in :mod:`.scoring`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


# Markup and note calls that may close a paragraph after its last word:
# "<sup>17</sup>", tags, emphasis marks, closing quotes and brackets, space.
_TRAILING_TAG = re.compile(r"<sup>\s*\d+\s*</sup>|</?[A-Za-z][^<>]*>")
_TRAILING_MARKS = "*_ \t\n\r\f\v\u00a0\"'”’»)]"


def strip_trailing(md: str) -> str:
    """``md`` without the note calls, tags, emphasis marks, closing quotes
    and brackets after its last word.  Works from the end (linear time: a
    ``(...)+$`` pattern would retry from every position of a long run)."""
    end = len(md)
    while end:
        stripped = md[:end].rstrip(_TRAILING_MARKS)
        if len(stripped) != end:
            end = len(stripped)
            continue
        if md[end - 1] == ">":
            # A whole note call first ("<sup>12</sup>"), then any one tag.
            for start in (md.rfind("<sup>", 0, end), md.rfind("<", 0, end - 1)):
                if start >= 0 and _TRAILING_TAG.fullmatch(md, start, end):
                    end = start
                    break
            else:
                break
            continue
        break
    return md[:end]
# Markup that may open a paragraph before its first word: tags, emphasis
# marks, opening quotes and brackets, ellipses, dashes and space.
_LEADING = re.compile(r"^(?:</?[A-Za-z][^<>]*>|[*_\s\"'“‘«(\[]|\.\.\.|…|[-–—])+")
# A run of letters: a word or a piece of one.
_LETTERS = re.compile(r"[^\W\d_]+")
# The first word of a text: a run of letters or a run of digits.
_HEAD = re.compile(r"[^\W\d_]+|\d+")
# The last run of letters of a text.
_LAST_LETTERS = re.compile(r"([^\W\d_]+)[^\w]*$")
# A note call in raw Markdown: "<sup>15</sup>"; group 1 the number.
_CALL = re.compile(r"<sup>\s*(\d+)\s*</sup>")

CLOSING = ".!?…:"
"""Characters that end a sentence (a paragraph ending so is complete)."""


@dataclass(frozen=True)
class Unit:
    """One body block before inline parsing."""

    kind: str
    """``para``, ``heading`` or ``break``."""
    text: str
    """Raw Markdown text (heading text without ``#``)."""
    line: int
    """1-based raw line."""
    level: int = 0
    """Heading level as written."""


@dataclass(frozen=True)
class Fragment:
    """A run of units the file proves contiguous."""

    index: int
    """Position in file order."""
    units: tuple[Unit, ...]
    """Its blocks."""
    start: str
    """``heading``, ``lower`` (continues a sentence) or ``upper``."""
    end: str
    """``hyphen``, ``cut`` or ``clean``."""
    head_word: str
    """First run of letters of the first block."""
    tail_word: str
    """Last run of letters of the last block (before a final hyphen)."""
    calls: tuple[int, ...]
    """Note calls it holds, in order."""
    file_next: bool
    """True when the next fragment in the file follows it across a page
    break only (not across the contents list)."""
    page_notes: tuple[int, ...] = ()
    """Labels of the notes block printed right after it (its page's notes)."""
    soft_start: bool = False
    """True when only its heading cut it from the fragment before: nothing
    in the file marks a page break there."""

    @property
    def last_note(self) -> int:
        """Highest note number its page has shown (0 when none)."""
        return max((*self.calls, *self.page_notes), default=0)

    @property
    def line(self) -> int:
        """Raw line of its first block."""
        return self.units[0].line

    @property
    def end_line(self) -> int:
        """Raw line of its last block."""
        return self.units[-1].line


def end_kind(md: str) -> str:
    """``hyphen``, ``cut`` or ``clean`` for a paragraph's end."""
    core = strip_trailing(md)
    if not core:
        return "clean"
    if core.endswith("-") and len(core) > 1 and core[-2].isalpha():
        return "hyphen"
    # A closing quote or bracket may follow the full stop ("revolt.’").
    return "clean" if core[-1] in CLOSING else "cut"


def start_kind(md: str) -> str:
    """``lower`` when a paragraph starts mid-sentence, else ``upper``."""
    core = _LEADING.sub("", md)
    if core[:1].isalpha() and core[:1].islower():
        return "lower"
    return "upper"


def first_letters(md: str) -> str:
    """The first run of letters, or of digits, of ``md`` (tags skipped)."""
    m = _HEAD.match(_LEADING.sub("", md))
    return m.group(0) if m else ""


def last_letters(md: str) -> str:
    """The last run of letters of ``md`` (tags and calls skipped)."""
    m = _LAST_LETTERS.search(strip_trailing(md))
    return m.group(1) if m else ""


def calls_in(md: str) -> list[int]:
    """Note call numbers of a raw paragraph."""
    return [int(n) for n in _CALL.findall(md)]


def build_fragments(units: list[Unit], breaks: set[int], hard: set[int],
                    page_notes: dict[int, tuple[int, ...]] | None = None
                    ) -> list[Fragment]:
    """Cut ``units`` into fragments.

    ``breaks`` holds indexes of units that start a new fragment because of
    the file (a notes block, a gap) or of the options; ``hard`` those after
    which file adjacency is lost (the contents list); ``page_notes`` maps
    a unit's index to the note numbers printed right after it.
    """
    page_notes = page_notes or {}
    groups: list[list[int]] = []
    soft: set[int] = set()
    for k, u in enumerate(units):
        new = not groups or k in breaks or k in hard
        if groups and not new and u.kind == "heading":
            prev = units[k - 1]
            if prev.kind != "para" or end_kind(prev.text) == "clean":
                soft.add(len(groups))
            new = True
        if groups and not new:
            prev = units[k - 1]
            if prev.kind == "para" and end_kind(prev.text) != "clean":
                new = True
            if u.kind == "para" and start_kind(u.text) == "lower":
                new = True
        if new:
            groups.append([k])
        else:
            groups[-1].append(k)
    frags: list[Fragment] = []
    for gi, g in enumerate(groups):
        us = tuple(units[k] for k in g)
        first, last = us[0], us[-1]
        if first.kind == "heading":
            start = "heading"
        elif first.kind == "para":
            start = start_kind(first.text)
        else:
            start = "upper"
        end = end_kind(last.text) if last.kind == "para" else "clean"
        calls = tuple(c for u in us if u.kind == "para" for c in calls_in(u.text))
        nxt = gi + 1 < len(groups) and groups[gi + 1][0] not in hard
        frags.append(Fragment(gi, us, start, end,
                              first_letters(first.text) if first.kind == "para" else "",
                              last_letters(last.text) if last.kind == "para" else "",
                              calls, nxt, page_notes.get(g[-1], ()),
                              gi in soft))
    return frags
