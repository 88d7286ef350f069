"""Letter-spaced words in a Gutenberg text: display type set with a space
(or a no-break space) between its letters, "C H A P T E R  I", "K U R T
W O L F F", "T h e  E n d", and, inside German prose, the spaced type
(*gesperrt*) that stood for emphasis ("er war  g a n z  allein").

Read as the words they spell: a line made only of spaced words (a
heading, a title page's line) in a block of three lines at most is
joined word by word, a wider gap between two words; inside a line, a run
of four spaced letters or more is joined when the word it spells stands
elsewhere in the text unspaced, and set in italics as the spacing set it
off (so "the A B C of it" and the files' letters of a chessboard, "a b c
d e f g h", stay as they are).  Each
joining is a guess, said with its line (``GUT012``) and recorded as a
rewrite ("C H A P T E R" -> "CHAPTER"), so no word is lost.
"""

from __future__ import annotations

import re

from ...report import CleaningReport
from . import body as B

# One spaced letter: a letter then a space or a no-break space (the last
# letter of a word has none), with the punctuation a word carries.
_SEP = "[ \u00a0]"
# A spaced word: three letters or more, each parted by one space; or the
# word of one or two letters that follows a spaced word ("C H A P T E R
# I", "O F").
_SPACED_WORD = re.compile(rf"[^\W\d_](?:{_SEP}[^\W\d_]){{2,}}")
_SHORT_WORD = re.compile(rf"[^\W\d_](?:{_SEP}[^\W\d_])?")
# Between two spaced words: two spaces or more (a no-break space counts).
_WORD_GAP = re.compile(r"[ \u00a0]{2,}")
# Inside a line: a run of four spaced letters or more, standing as a word.
_RUN = re.compile(rf"(?<![^\W_])[^\W\d_](?:{_SEP}[^\W\d_]){{3,}}(?![^\W_])")
# Punctuation a spaced word may carry on either side.
_EDGE = "\"'“”‘’„‚»«›‹()[].,;:!?_*=-"


def _joined_line(line: str) -> str | None:
    """The line with its spaced words joined, or None when it is not made
    of spaced words only (one of three letters or more at least)."""
    body = line.strip()
    if not body:
        return None
    parts = _WORD_GAP.split(body)
    out = []
    letters = 0
    mixed = False
    for part in parts:
        core = part.strip(_EDGE)
        lead = part[:len(part) - len(part.lstrip(_EDGE))]
        trail = part[len(part.rstrip(_EDGE)):]
        word = re.sub(_SEP, "", core)
        if _SPACED_WORD.fullmatch(core):
            letters += len(word)
            mixed = mixed or (word[0].isupper() and word[1:].islower())
        elif not _SHORT_WORD.fullmatch(core) and not re.fullmatch(
                rf"[IVXLC]+|[\d/](?:{_SEP}?[\d/])*", core):
            return None  # ("2 2 / 2 3", a number spaced as the words are)
        out.append(lead + word + trail)
    # four letters spaced at least ("I N D E X"), or a word in lower case
    # after its capital ("T h e"): three capitals alone may be "A B C"
    if letters < 4 and not mixed:
        return None
    indent = line[:len(line) - len(line.lstrip())]
    return indent + " ".join(out)


def join_spaced(items: list[B.Chunk], report: CleaningReport) -> None:
    """Join the letter-spaced words of the body's chunks in place (see the
    module's docstring), each joining reported."""
    vocabulary: set[str] | None = None
    for c in items:
        if c.kind:
            continue
        changed = False
        for k, line in enumerate(c.lines):
            new = _joined_line(line) if len(c.lines) <= 3 else None
            if new is not None:
                _say(report, line.strip(), new.strip(), c.line + k)
            elif _RUN.search(line):
                if vocabulary is None:
                    vocabulary = {w.casefold() for x in items for s in x.lines
                                  for w in re.findall(r"[^\W\d_]{4,}", s)}
                new = _in_prose(line, vocabulary, report, c.line + k)
            if new is None or new == line:
                continue
            c.lines[k] = new
            changed = True
        if changed:
            c.__dict__.pop("text", None)  # the cached joined text


def _in_prose(line: str, vocabulary: set[str], report: CleaningReport,
              at: int) -> str:
    """A line of prose with its spaced runs joined where the text knows the
    word."""
    emphasis = "_" not in line
    return _RUN.sub(lambda m: _word(m.group(0), vocabulary, emphasis,
                                    report, at), line)


def _word(run: str, vocabulary: set[str], emphasis: bool,
          report: CleaningReport, line: int) -> str:
    """A spaced run inside a line: the word it spells, when the text has
    it unspaced, in italics (spaced type set a word off, as italics do)
    unless the line has italics of its own."""
    word = re.sub(_SEP, "", run)
    if word.casefold() not in vocabulary:
        return run
    new = f"_{word}_" if emphasis else word
    _say(report, run, word, line)
    return new


def _say(report: CleaningReport, before: str, after: str, line: int) -> None:
    report.change("letter-spacing", before, after, line,
                  detail="letter-spaced words joined", rewrite=True)
    report.problem("GUT012", f"letter-spaced words “{before}” read as "
                   f"“{after}”: check them", line)
