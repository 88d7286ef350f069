"""The edition's words at the top of a Gutenberg body that no heading
marks: a transcriber's note set as plain paragraphs above the title page
("The listed errata have been corrected...", Dutch DP's "Au lecteur." over
"Le texte en italiques dans l'original est indiqué ici comme _italiques_").

A printed book has nothing in prose above its title page, so paragraphs
there that speak of the transcription (its errata, typos, italics, bold,
the original, the HTML version) are the producers', not the author's.
Where such a note ends is the first gap wider than its paragraphs'; it is
a guess, and the reader reports it (``GUT010``) with its lines."""

from __future__ import annotations

import re

from . import body as B
from .state import State

# What a transcriber's note speaks of, in the languages Gutenberg's
# producers wrote such notes in.
_EDITION_WORDS = re.compile(
    r"\b(typos?|typographi(?:cal|que|ques)|errat(?:a|um)|ital(?:ics?|iques?|"
    r"ique)|kursiv\w*|cursivas?|bold|gras|fett(?:druck)?|negritas?|HTML|"
    r"transcri\w*|denoted|indiqu[ée]e?s?|corrected|corrig[ée]e?s?|"
    r"korrigiert|corregid[oa]s?|original\w*|Fraktur|gesperrt|spelling|"
    r"orthograph\w*|hyphenation|retained|conserv[ée]e?s?|beibehalten|"
    r"unicode|utf-8|latin-1|ascii|e-?text|encoding|version)\b",
    re.IGNORECASE)
# How many different words of these a run must hold.
_ENOUGH = 3
# The most paragraphs such a note has before its wider gap.
_LONGEST = 8


def _prose_like(c: B.Chunk, state: State) -> bool:
    """A paragraph: wrapped lines, or one line of a sentence or more."""
    lines = [s for s in c.lines if s.strip()]
    if len(lines) == 1:
        return len(lines[0].split()) >= 6 and \
            lines[0].rstrip().endswith((".", ":", ")"))
    return B.broken_early(c.lines, state.width) < 0.5


def unheaded_note(items: list[B.Chunk], i: int, state: State) -> int:
    """How many chunks from ``i`` (the body's first, after the credits) are
    a transcriber's note without a "Transcriber's Note" heading: an
    optional short line over it ("Au lecteur."), then paragraphs up to a
    gap wider than theirs, holding three or more different words of the
    edition ("errata", "corrected", "typos", "italics"...).  0 when not.
    A note headed "Transcriber's Notes:" runs as far, whatever it says
    (the title page lies below all its paragraphs)."""
    if n := _bracketed(items, i):
        return n
    j = i
    if j < len(items) and len(items[j].lines) == 1 and \
            len(items[j].text.split()) <= 4 and items[j].kind == "":
        found = B.heading_kind(items[j], state.typical_gap)
        if found and found[1] == "keyword":
            return 0
        j += 1  # a short line over the note
    start = j
    while j < len(items) and j - start < _LONGEST and \
            items[j].kind == "" and _prose_like(items[j], state):
        j += 1
        if items[j - 1].gap_after > state.typical_gap:
            break
    else:
        return 0  # no wider gap closes it: the text itself
    if B.TRANSCRIBER.match(items[i].lines[0].strip()):
        return j - i  # headed: its paragraphs, whatever they say
    said = {m.group(1).lower()[:5] for c in items[start:j]
            for m in _EDITION_WORDS.finditer(c.text)}
    return j - i if len(said) >= _ENOUGH else 0


def _bracketed(items: list[B.Chunk], i: int) -> int:
    """How many chunks from ``i`` are a passage in brackets above the title
    page that speaks of the edition ("[This text is intended for users
    whose text readers cannot use the Unicode version...]", a list of
    the changes under it): its blocks up to the one closing the bracket,
    eight at most, with two different words of the edition.  0 if not."""
    if i >= len(items) or items[i].kind or \
            not items[i].lines[0].lstrip().startswith("[") or \
            B.ILLUSTRATION.match(items[i].lines[0].lstrip()) or \
            B.TRANSCRIBER.match(items[i].lines[0].lstrip()):
        return 0
    depth = 0
    for j in range(i, min(i + 8, len(items))):
        if items[j].kind:
            return 0
        text = "\n".join(items[j].lines)
        depth += text.count("[") - text.count("]")
        if depth <= 0:
            if not text.rstrip().endswith("]"):
                return 0
            said = {m.group(1).lower()[:5] for c in items[i:j + 1]
                    for m in _EDITION_WORDS.finditer(c.text)}
            return j - i + 1 if len(said) >= 2 else 0
    return 0
