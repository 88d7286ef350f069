"""A Gutenberg text's title page: where it ends, a half-title above the
first part, and the margin of a poem (read line by line like a title
page's)."""

from __future__ import annotations

import re

from ...model import Metadata
from ...text import TITLE_PAGE_SIGN, TITLE_PAGE_WORDS, words
from . import body as B
from .edition import unheaded_note
from .state import State


def title_page_end(items: list[B.Chunk], state: State,
                   skip: list[tuple[int, int]] | None = None) -> int:
    """Where the title page ends: after its last chunk holding a line only
    a title page prints ("BY", "NEW-YORK:", "1844.", "Entered according
    to act of Congress", a printer's name), when that comes before the
    text opens (a numbered or named heading, or a paragraph of wrapped
    prose); 0 when there is no such line.  What stands between the title
    and that line (an epigraph, the publishers) is the title page's.
    The chunks in ``skip`` (a publisher's pages found before) are passed
    over."""
    last = -1
    past = 0
    for i, c in enumerate(items):
        if c.kind == "note":
            break
        if i < past or any(a <= i < b for a, b in skip or ()):
            continue
        if last < 0 and (n := unheaded_note(items, i, state)):
            past = i + n  # the transcriber's, above the title page
            continue
        head = c.lines[0].strip()
        if (i < 15 and B.NOTICE.search(c.text)) or B.CREDITS.match(head) \
                or B.ILLUSTRATION.match(head) or B.TRANSCRIBER.match(head):
            continue  # the producers' credits, an edition's notice
        found = B.heading_kind(c, state.typical_gap)
        if found and found[1] in ("keyword", "named"):
            break
        # (the marks of italics and bold, even inside a line: "_By_ PETER
        # KROPOTKIN" is a byline)
        lines = [re.sub(r"[_=]", "", s).strip() for s in c.lines
                 if s.strip()]
        listed = B.is_verse(c.lines, state.width)
        if len(lines) > (40 if listed else 12) or \
                len(c.text) > (1500 if listed else 700):
            break
        letters = [ch for ch in c.text if ch.isalpha()]
        upper = sum(ch.isupper() for ch in letters) > 0.6 * len(letters)
        sign = any(TITLE_PAGE_SIGN.search(s) for s in lines)
        prose = len(lines) >= 3 and not upper and \
            B.broken_early(c.lines, state.width) < 0.5
        if prose and not sign:
            break
        if sign:
            last = i
    return last + 1


def half_title(items: list[B.Chunk], i: int, state: State,
                meta: Metadata) -> int:
    """How many chunks from ``i`` are a half-title: one to three lines of
    their own that together say the whole title and nothing else, right
    above a heading.  0 when they are not."""
    title = set(words(" ".join([meta.title, meta.subtitle])))
    if not title:
        return 0
    said: set[str] = set()
    for k in range(i, min(i + 3, len(items))):
        c = items[k]
        ws = set(words(c.text))
        if len(c.lines) != 1 or c.kind or not ws or \
                not ws <= title | TITLE_PAGE_WORDS:
            return 0
        said |= ws
        nxt = items[k + 1] if k + 1 < len(items) else None
        if set(words(meta.title)) <= said and nxt is not None and \
                B.heading_kind(nxt, state.typical_gap) is not None and \
                not half_title_words(nxt, title):
            return k - i + 1
    return 0


def half_title_words(c: B.Chunk, title: set[str]) -> bool:
    ws = set(words(c.text))
    return bool(ws) and ws <= title | TITLE_PAGE_WORDS


def verse_base(items: list[B.Chunk], i: int, state: State) -> int:
    """The margin of the poem starting at chunk ``i``: the least indent of
    its stanzas (the chunks of verse that follow it), so that a stanza set
    further in keeps its place against the others.  An indent only one
    line has (a stray line, such as a heading run into the poem's last
    stanza) sets no margin when the poem is longer."""
    indents = [B.indent_of(s) for s in items[i].lines if s.strip()]
    j = i + 1
    while j < len(items) and items[j].kind == "" and \
            B.is_verse(items[j].lines, state.width) and \
            B.heading_kind(items[j], state.typical_gap) is None:
        indents.extend(B.indent_of(s) for s in items[j].lines if s.strip())
        j += 1
    indents.sort()
    return indents[1] if len(indents) >= 4 else indents[0]


def title_page_like(c: B.Chunk, state: State) -> bool:
    """A chunk of the title page: short lines, not wrapped prose."""
    if len(c.lines) == 1:
        return len(c.lines[0].strip()) < 0.75 * state.width
    if B.broken_early(c.lines, state.width) < 0.5 or len(c.lines) > 6:
        return False
    # A stanza of four lines or more whose lines end in punctuation is a
    # poem (a dedication), not a title page.
    ends = sum(1 for s in c.lines if re.search(r"[,;:.!?—-]$", s.strip()))
    return len(c.lines) <= 3 or ends < len(c.lines) / 2
