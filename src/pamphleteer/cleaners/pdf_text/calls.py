"""Note calls: digits glued to a word or punctuation, or set after a space.

A call is told from a year, an issue number, a page range, a count or an
ordinal by what calls must satisfy: they run 1, 2, 3, ... through the text.
Every digit run that *could* be a call is a :class:`Candidate`; the sequence
walk (:func:`choose_calls`) keeps those that continue the numbering.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

# A run of digits, or of superscript digits (candidate calls are 1-3
# digits long).
_DIGIT_RUN = re.compile(r"[0-9]+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# Closing punctuation after which a glued number is a call ("127).3",
# "non-debate”.4", "blurred.”5", "well-known,82").
_CLOSERS = set(".,;:!?)]”’\"'…")

MAX_SKIP = 3
"""How many labels the walk may skip when a call's digits were not found."""


MAX_RUN_ON = 900
"""Labels numbered on across restarts stay below this (calls are carried as
one private-use character each, labels 1 to 999)."""


@dataclass(frozen=True)
class Candidate:
    """A digit run that may be a note call."""

    line: int
    """Raw line number."""
    start: int
    """Offset of the first digit in the line's text."""
    end: int
    """Offset after the last digit."""
    value: int
    """The number."""
    glued: bool
    """True when glued to the preceding word or punctuation (strong)."""
    printed: int = 0
    """The number as printed, when :attr:`value` was renumbered (a
    numbering begun again per chapter); 0 otherwise."""
    between: bool = False
    """True for a number standing alone between two words ("Reports 1
    from"): a call only with its note on the same page or the next (see
    :func:`needs_note`)."""


def candidates(text: str, line: int) -> list[Candidate]:
    """Digit runs of one body line that may be note calls."""
    out: list[Candidate] = []
    for m in _DIGIT_RUN.finditer(text):
        digits = m.group().translate(_SUPERSCRIPTS)
        if len(digits) > 3 or digits.startswith("0"):
            continue
        s, e = m.start(), m.end()
        prev = text[s - 1] if s else ""
        prev2 = text[s - 2] if s >= 2 else ""
        nxt = text[e] if e < len(text) else ""
        if nxt and (_digit_start(nxt) or nxt in "/%" or (
                nxt in ".,:" and text[e + 1:e + 2].isdigit())):
            continue
        if prev and _digit_end(prev):
            continue  # part of a longer number once normalised ("¼2", "10²")
        if not m.group().isascii():
            # Superscript digits are a call wherever they stand.
            out.append(Candidate(line, s, e, int(digits),
                                 bool(prev) and not prev.isspace()))
            continue
        if s == 0 and (not nxt or nxt == " " and text[e + 1:e + 2].isupper()):
            # A call pushed to the start of the next line (" 5" alone, or
            # "5 After 1945 ..."): weak, the sequence decides.
            out.append(Candidate(line, s, e, int(digits), False))
        elif prev.isalpha():
            # "syndicalist2": a letter then digits; not "B52s" or "i07".
            if nxt.isalpha():
                continue
            out.append(Candidate(line, s, e, int(digits), True))
        elif prev in _CLOSERS:
            # "127).3", "history.”6"; not "1,400" or "2.5".
            if nxt.isalpha() and nxt.islower() or prev2.isspace() \
                    and prev in ".,":
                continue
            # "in 1917.50 Victor": a year, its full stop and a call; weak,
            # since "10.8" and "1,400" look the same.
            strong = not (prev2.isdigit() and prev in ".,:")
            out.append(Candidate(line, s, e, int(digits), strong))
        elif prev.isspace():
            # "Morrow, 58 this", "vision. 61 Anarchism", "” 112This".
            before = text[:s].rstrip()
            if before and before[-1] in _CLOSERS and (
                    not nxt or nxt.isspace() or nxt.isupper()):
                out.append(Candidate(line, s, e, int(digits), False))
            elif before and before[-1].isalpha() and (
                    not nxt or nxt == " " and text[e + 1:e + 2].isalpha()):
                # "Reports 1 from": a raised call the extractor set off by
                # spaces, or a count ("chapter 1 explains"); only a note
                # of its label on its page tells (see needs_note).
                out.append(Candidate(line, s, e, int(digits), False,
                                     between=True))
    return out


def needs_note(c: Candidate) -> bool:
    """Is ``c`` a call only if a note of its label is found?

    Every candidate not glued to its word: a number set off by spaces
    reads as a count or a number in the text as well as a call, and is
    kept as text when no note answers it.
    """
    return not c.glued


def _digit_end(ch: str) -> bool:
    """Does ``ch`` end with a digit once normalised (``¼`` does)?"""
    return unicodedata.normalize("NFKC", ch)[-1:].isdigit()


def _digit_start(ch: str) -> bool:
    """Does ``ch`` start with a digit once normalised (``½`` does)?"""
    return unicodedata.normalize("NFKC", ch)[:1].isdigit()


def choose_calls(cands: list[Candidate], first: int = 1) -> list[Candidate]:
    """The candidates that continue the sequence 1, 2, 3, ... in order.

    A candidate equal to the expected label is taken.  When the expected
    label's call was lost (the title holding call 1, digits misread), a
    glued candidate up to :data:`MAX_SKIP` labels ahead is taken, provided
    the expected label does not turn up among the next candidates.
    """
    chosen: list[Candidate] = []
    expected = first
    offset = 0  # labels of the chapters before a restart
    for k, c in enumerate(cands):
        if c.value == expected and not (
                c.between and _glued_ahead(c.value, cands[k + 1:k + 40])):
            chosen.append(_renumber(c, offset))
            expected += 1
            continue
        if c.value == 1 and c.glued and expected > 2 and \
                offset + expected <= MAX_RUN_ON and \
                _restarts(expected, cands[k + 1:k + 40]):
            # Numbering restarted (per chapter, as KOMA-Script's scrbook
            # and memoir number notes): the labels run on across the text.
            offset += expected - 1
            chosen.append(_renumber(c, offset))
            expected = 2
            continue
        if c.glued and expected < c.value <= expected + MAX_SKIP:
            ahead = cands[k + 1:k + 40]
            if not any(a.value == expected for a in ahead) and \
                    _continues(c.value, ahead):
                chosen.append(_renumber(c, offset))
                expected = c.value + 1
    return chosen


def _glued_ahead(value: int, ahead: list[Candidate]) -> bool:
    """Does a glued call ``value`` follow before the next label does?"""
    for a in ahead:
        if a.value == value + 1:
            return False
        if a.value == value and a.glued:
            return True
    return False


def _renumber(c: Candidate, offset: int) -> Candidate:
    """``c`` numbered after the ``offset`` labels of earlier chapters."""
    if not offset:
        return c
    return replace(c, value=c.value + offset, printed=c.value)


def _restarts(expected: int, ahead: list[Candidate]) -> bool:
    """Does a call 1 begin the numbering again, rather than stray?

    Glued calls 2 and 3 follow, in order, before the label expected next
    turns up; or a glued call 2 follows and the expected label never does
    (a last chapter of two notes).
    """
    want = 2
    for a in ahead:
        if a.value == expected:
            return False
        if a.glued and a.value == want:
            want += 1
            if want > 3:
                return True
    return want > 2


def _continues(value: int, ahead: list[Candidate]) -> bool:
    """True when the next labels after ``value`` follow among ``ahead``."""
    return not ahead or any(a.value in (value + 1, value + 2) for a in ahead)
