"""Reflow printed body lines into headings, block quotations and paragraphs.

Nothing marks a paragraph but its layout, so the boundaries come from the
text's own line-length statistics (:class:`Stats`): a line that stops well
short of the measure, where the next word would have fitted, ends its
paragraph.  Separator lines (a line of one space, or a blank line) cut the
text into blocks; a block may open with a heading (short, no full stop,
followed by body text) or be a quotation (narrower lines ending like a
sentence, set off by separators or introduced by a colon).  In ``-layout``
output, indentation marks first lines and quotations as well.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .pages import SEP, SUPERSCRIPTS, Line

CALL_BASE = 0xE000
"""Note calls are carried through reflow as one private-use character each:
``chr(CALL_BASE + label)``, labels being 1 to 999."""

# A carried note call (private-use character).
CALL_MARK = re.compile("[\ue000-\ue3ff]")
# A bullet opening a list item ("• text", "▪ text").
BULLET = re.compile(r"^[•●▪■◦‣∙]\s+")
# The first word of a line, for the "would it have fitted" test.
_FIRST_WORD = re.compile(r"^\S+")

_SENTENCE_END = set(".?!…:")
_CLOSING = set("”’\"')]")
# A chapter's label on a line of its own: "CHAPTER I", "Part Two:",
# "BOOK 3." (the title follows on the next lines).
_CHAPTER_LABEL = re.compile(
    r"^(chapter|part|book|lecture|letter|canto|section)\s+"
    r"([ivxlcdm]+|\d{1,3}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|last)[.:]?$", re.IGNORECASE)
# A chapter's number alone, in capital roman numerals ("XII", "IV.").
_ROMAN_LABEL = re.compile(r"^[IVXLC]+\.?$")
# A title before a name, which a line may end with ("... what Mr." /
# "Boffin is?"): no sentence's end.
_ABBREVIATION = re.compile(r"\b(Mr|Mrs|Messrs|Dr|St|Mme|Mlle|Prof|Rev)\.$")
# A line ending in punctuation and a closing quotation mark ("...
# Grudden.’", "eh, Mr. Richard?’"): quoted speech, never a heading.
_QUOTED_END = re.compile(r"[.,;:?!…][’”\"']+$")

INDENT_GAP = 7
"""How much shorter than the next line an indented first line is."""

MAX_QUOTE_LINES = 80
"""Longest run of lines taken as one quotation (bounds the search)."""


@dataclass(frozen=True)
class BodyLine:
    """A body line with its note calls carried as marks."""

    n: int
    """Raw line number."""
    text: str
    """The text, calls replaced by marks."""
    width: int
    """Printed width in characters, note calls left out (they are printed
    small)."""
    indent: int
    """Leading spaces in ``-layout`` output (0 otherwise; -1 when unknown,
    after a note call printed on a line of its own)."""
    page_start: bool
    """First body line of a page."""


@dataclass(frozen=True)
class Stats:
    """Line-length statistics of the body text."""

    measure: float
    """Median length of lines known to be full (followed by a lowercase
    continuation)."""
    short: float
    """Lines shorter than this are not full (10th percentile of full
    lines)."""
    base_indent: int
    """Most common indentation (``-layout``); 0 otherwise."""
    layout: bool
    """True when indentation carries meaning (``-layout`` output)."""
    para_indent: int = 2
    """Smallest extra indentation that opens a paragraph (``-layout``):
    the least seen after a short line that ends a sentence."""


@dataclass(frozen=True)
class Unit:
    """A block of the reflowed text before it becomes a model block."""

    kind: str
    """``heading``, ``quote``, ``para`` or ``item`` (of a bulleted list)."""
    lines: tuple[BodyLine, ...]
    """Its printed lines."""


def visible(text: str) -> str:
    """Text without call marks, trailing space removed."""
    return CALL_MARK.sub("", text).rstrip()


def ends_sentence(text: str) -> bool:
    """Does the line end the way a sentence ends (calls ignored)?"""
    t = visible(text)
    if not t:
        return False
    if t[-1] in _SENTENCE_END:
        return True
    # Closing marks after the stop, one or more (``Blacksmith.”’``).
    core = t.rstrip("".join(_CLOSING))
    return core != t and bool(core) and core[-1] in _SENTENCE_END | {","}


def starts_upper(text: str) -> bool:
    """Does the line open a sentence (capital, quote, digit, dash)?"""
    t = visible(text).lstrip("“‘\"'(…[ ")
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def compute_stats(items: list, layout: bool) -> Stats:
    """Measure the text's lines (see :class:`Stats`)."""
    lines = [x for x in items if isinstance(x, BodyLine)]
    full: list[int] = []
    for a, b in zip(items, items[1:]):
        if isinstance(a, BodyLine) and isinstance(b, BodyLine):
            t = visible(b.text)
            if t[:1].islower():
                full.append(a.width)
    if len(full) < 5:
        full = sorted(x.width for x in lines)[len(lines) // 2:] or [60]
    full.sort()
    measure = statistics.median(full)
    short: float = full[len(full) // 10]
    indents = [x.indent for x in lines if x.indent >= 0]
    base = statistics.mode(indents) if indents else 0
    short = min(short, measure * 0.95)
    # Indents of lines that follow a clear paragraph end.
    seen = [b.indent - base for a, b in zip(items, items[1:])
            if isinstance(a, BodyLine) and isinstance(b, BodyLine)
            and a.width < 0.8 * short and ends_sentence(a.text)
            and 2 <= b.indent - base <= 8]
    return Stats(measure, short, base, layout and len(set(indents)) > 1,
                 max(2, min(seen) - 1) if seen else 2)


def para_end(a: BodyLine, b: BodyLine, st: Stats, first: bool = False,
             c: BodyLine | None = None) -> bool:
    """Does line ``a`` end its paragraph, ``b`` being the next line?

    ``first`` says ``a`` opens its paragraph: an indented first line is
    short without ending anything, so it needs a sentence end.  ``c``, the
    line after ``b``, shows whether ``b`` was indented: a first line is
    shorter than the full line after it.
    """
    if st.layout and a.indent >= 0 and \
            st.base_indent + st.para_indent <= b.indent and \
            b.indent - st.base_indent <= 8 and a.indent <= b.indent:
        return True
    # An indented line (a paragraph's first, in -layout text) had the
    # less room: its indent counts as printed width.
    a_width = a.width + (max(0, a.indent - st.base_indent)
                         if st.layout and a.indent >= 0 else 0)
    word = _FIRST_WORD.match(visible(b.text))
    fits = a_width + 1 + (len(word.group()) if word else 0) <= st.measure
    room = a_width + 1 + (len(word.group()) if word else 0)
    if a_width < st.short - 1 and fits and ends_sentence(a.text):
        return True
    # A sentence ends and the next one's first word would have fitted with
    # room to spare: the line was broken on purpose.
    if ends_sentence(a.text) and starts_upper(b.text) and \
            room <= st.measure - 4:
        return True
    # A sentence ends, the next word would have fitted, and the next line
    # is much shorter than the one after it (an indented first line).
    if ends_sentence(a.text) and starts_upper(b.text) and c is not None \
            and not ends_sentence(b.text) and (
                fits and c.width - b.width >= INDENT_GAP and
                c.width >= st.short or
                c.width - b.width >= 2 * INDENT_GAP and
                c.width >= st.measure):
        return True
    # Without a sentence end, the next word must fit with room to spare.
    if a_width < st.short - 1 and not first and starts_upper(b.text) and \
            a_width + 1 + (len(word.group()) if word else 0) <= \
            st.measure - 4:
        return True
    return a_width < 0.7 * st.short and starts_upper(b.text)


def _heading_line(line: BodyLine, limit: float) -> bool:
    t = visible(line.text)
    return (bool(t) and line.width < limit and t[-1] not in ".,;:-—–"
            and not _QUOTED_END.search(t)
            and not CALL_MARK.search(line.text) and len(t.split()) <= 20)


def _labelled_heading(lines: list[BodyLine], k: int, st: Stats) -> int:
    """Lines of a heading opened by a chapter's label (0 when none).

    ``CHAPTER I`` (``Part Two:``, ``BOOK III.``, or a roman numeral
    alone, ``XII``) on a line of its own,
    then the chapter's title on one or two lines (a line that wraps may
    end with a comma), then body text opening a sentence: one heading
    (``CHAPTER I: DISCUSSION AND BED``), not a label and a paragraph.
    """
    label = visible(lines[k].text).strip()
    if not (_CHAPTER_LABEL.match(label) or _ROMAN_LABEL.match(label)):
        return 0
    limit = 0.75 * st.measure
    for n in (1, 2):
        title = lines[k + 1:k + 1 + n]
        if len(title) < n:
            return 0
        if any(x.width >= limit or CALL_MARK.search(x.text) or
               visible(x.text)[-1:] not in ",;" and not _heading_line(x, limit)
               for x in title[:-1]):
            return 0
        if not starts_upper(title[0].text):
            return 0
        # The body follows (or the block ends: a blank line under it).
        after = lines[k + 1 + n] if k + 1 + n < len(lines) else None
        if _heading_line(title[-1], limit) and (after is None or (
                starts_upper(after.text) and
                after.width >= max(x.width for x in title))):
            return 1 + n
    return 0


def heading_at(lines: list[BodyLine], k: int, st: Stats, strict: bool
               ) -> int:
    """Number of lines of a heading starting at ``lines[k]`` (0 to 3)."""
    if k + 1 >= len(lines):
        return 0
    first = lines[k]
    if not starts_upper(first.text):
        return 0
    labelled = _labelled_heading(lines, k, st)
    if labelled:
        return labelled
    limit = 0.6 * st.measure if strict else st.short
    second = lines[k + 1]
    if (not strict and k + 2 < len(lines)
            and visible(second.text)[:1].islower()
            and _heading_line(second, 0.75 * st.measure)
            and first.width <= st.measure * 1.02
            and visible(first.text)[-1:] not in ".,;:"
            and not CALL_MARK.search(first.text)
            and starts_upper(lines[k + 2].text)):
        return 2
    if not strict:
        # After a separator a heading may be as long as a full line, but
        # the next line's first word would still have fitted after it.
        word = _FIRST_WORD.match(visible(second.text))
        room = first.width + 1 + (len(word.group()) if word else 0)
        limit = st.measure + 1 if room <= st.measure + 1 else st.short
    if _heading_line(first, limit) and starts_upper(second.text):
        return 1
    return 0


def _narrow_run(lines: list[BodyLine], k: int, st: Stats) -> int:
    """Length of a quotation-like run of narrow lines from ``lines[k]``."""
    j = k
    end = min(len(lines), k + MAX_QUOTE_LINES)
    while j < end and lines[j].width < 0.93 * st.measure:
        j += 1
        if lines[j - 1].width < 0.6 * st.measure or ends_sentence(
                lines[j - 1].text) and j < len(lines) and \
                lines[j].width >= 0.93 * st.measure:
            break
    run = lines[k:j]
    if len(run) < 2 or not ends_sentence(run[-1].text):
        return 0
    body = [x.width for x in run[:-1]]
    if statistics.mean(body) >= 0.9 * st.measure:
        return 0
    return len(run)


def _indented_runs(lines: list[BodyLine], st: Stats) -> list[bool]:
    """Lines in runs of two or more indented lines (``-layout`` quotes)."""
    marks = [False] * len(lines)
    if not st.layout:
        return marks
    deep = [x.indent >= st.base_indent + 2 for x in lines]
    # A list item's run-on lines are indented past its bullet: no quote.
    item = -1  # the column of the open list item's text
    for k, x in enumerate(lines):
        m = BULLET.match(visible(x.text))
        if m and x.indent >= 0:
            item = x.indent + m.end()
        elif item >= 0 and x.indent == item:
            deep[k] = False
        else:
            item = -1
    k = 0
    while k < len(lines):
        if deep[k]:
            j = k
            while j < len(lines) and deep[j] and \
                    abs(lines[j].indent - lines[k].indent) <= 1:
                j += 1
            if j - k >= 2 and not _runs_on_flush(lines, k, j, st):
                for i in range(k, j):
                    marks[i] = True
            k = max(j, k + 1)
        else:
            k += 1
    return marks


def _runs_on_flush(lines: list[BodyLine], k: int, j: int, st: Stats
                   ) -> bool:
    """Is the indented run ``lines[k:j]`` paragraphs' first lines?

    A quotation is indented as a whole: its last line ends a sentence or
    its text goes on at its own indent.  A run whose last line breaks off
    mid-sentence (``al‐`` / ``ways thickens it``) and goes on at the body's
    margin is paragraphs' first lines: one-line paragraphs of dialogue
    and the first line of the next, each indented (``“How clear the water
    is!”`` / ``“Is it?” said he; “You know the flood-tide al‐``).  Such a
    first line reaches the body's right margin (a quotation's line set in
    from both margins does not), and the lines above it are one-line
    paragraphs, each ending a sentence (or a dash) before a capital or
    where the next line's first word would have fitted (a quotation's
    lines are full).
    """
    last = lines[j - 1]
    if j >= len(lines) or not 0 <= lines[j].indent <= st.base_indent + 1:
        return False
    margin = lines[j].indent  # pdftotext may shift a page by a column
    if ends_sentence(last.text) and not _ABBREVIATION.search(last.text) \
            or last.indent - margin + last.width < 0.9 * st.measure:
        return False
    for a, b in zip(lines[k:j - 1], lines[k + 1:j]):
        if (ends_sentence(a.text) or visible(a.text)[-1:] in "—–") and \
                starts_upper(b.text):
            continue
        word = _FIRST_WORD.match(visible(b.text))
        if a.indent - margin + a.width + 1 + (
                len(word.group()) if word else 0) > st.measure:
            return False
    return True


def _indented_pair(lines: list[BodyLine]) -> bool:
    """Do the first two lines open a run indented alike (``-layout``)?

    Verse and quotations are indented as one; a heading is set flush left
    or centred above text that is not, so such a pair opens no heading.
    """
    return len(lines) >= 2 and lines[0].indent >= 3 and \
        abs(lines[1].indent - lines[0].indent) <= 1


def _flush_lines(lines: list[BodyLine], st: Stats) -> bool:
    """In ``-layout`` output, does the block hold a line set flush left?

    A quotation is indented on its left (LaTeX's ``quote`` and ``verse``,
    CSS margins), so a block with a line at the body's margin, other than
    its first, is body text, however short its lines.
    """
    return st.layout and any(0 <= x.indent <= st.base_indent + 1
                             for x in lines[1:])


def classify_block(lines: list[BodyLine], sep_before: bool, sep_after: bool,
                   st: Stats) -> list[Unit]:
    """Headings, quotations and paragraphs of one separator-bounded block."""
    units: list[Unit] = []
    h = 0 if _indented_pair(lines) and st.layout else heading_at(
        lines, 0, st, strict=not sep_before)
    if h:
        units.append(Unit("heading", tuple(lines[:h])))
        lines = lines[h:]
        sep_before = False
    if not lines:
        return units
    quote = _indented_runs(lines, st)
    if sep_before and sep_after and not h and ends_sentence(lines[-1].text)\
            and not visible(lines[-1].text).endswith(":") \
            and not BULLET.match(visible(lines[0].text)) \
            and not _flush_lines(lines, st) \
            and (len(lines) == 1 or statistics.mean(
                x.width for x in lines[:-1]) < 0.9 * st.measure):
        quote = [True] * len(lines)
    else:
        starts = [0] if sep_before else []
        starts += [k + 1 for k in range(len(lines) - 1)
                   if visible(lines[k].text).endswith(":")]
        # A quotation opening with its quotation mark after a sentence's
        # end (and each of several quoted paragraphs in a row): still
        # subject to the narrow-run test.
        starts += [k + 1 for k in range(len(lines) - 1)
                   if ends_sentence(lines[k].text) and
                   visible(lines[k + 1].text)[:1] in "“\"‘«"]
        starts = sorted(set(starts))
        for k in starts:
            run = _narrow_run(lines, k, st)
            if run and (k + run == len(lines) or
                        starts_upper(lines[k + run].text)):
                for i in range(k, k + run):
                    quote[i] = True
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and quote[j] == quote[k]:
            j += 1
        seg = lines[k:j]
        if quote[k]:
            units.append(Unit("quote", tuple(seg)))
        else:
            units.extend(_paragraphs(seg, st, after_quote=k > 0))
        k = j
    return units


def _paragraphs(lines: list[BodyLine], st: Stats,
                after_quote: bool = False) -> list[Unit]:
    """Split body lines into paragraphs, spotting headings between them
    (also at the start, after a quotation in the same block)."""
    units: list[Unit] = []
    cur: list[BodyLine] = []
    k = 0
    while k < len(lines):
        if cur and ends_sentence(cur[-1].text) and \
                heading_at(lines, k, st, strict=True):
            # A short line without a full stop after a sentence's end: a
            # heading printed without space around it.
            units.append(_para(cur))
            cur = []
        if not cur:
            h = heading_at(lines, k, st, strict=True) \
                if k or after_quote else 0
            if h:
                units.append(Unit("heading", tuple(lines[k:k + h])))
                k += h
                continue
        cur.append(lines[k])
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and (BULLET.match(visible(nxt.text)) or not
                                _item_runs_on(cur, nxt, st) and para_end(
                lines[k], nxt, st, first=len(cur) == 1,
                c=lines[k + 2] if k + 2 < len(lines) else None)):
            units.append(_para(cur))
            cur = []
        k += 1
    if cur:
        units.append(_para(cur))
    return units


def _item_runs_on(cur: list[BodyLine], nxt: BodyLine, st: Stats) -> bool:
    """Is ``nxt`` a run-on line of the list item ``cur`` (``-layout``)?

    A list item's lines after the first are indented under its text, past
    the bullet (to the column of its first word): not a new paragraph.
    """
    m = BULLET.match(visible(cur[0].text))
    return st.layout and cur[0].indent >= 0 and m is not None and \
        nxt.indent == cur[0].indent + m.end()


def _para(lines: list[BodyLine]) -> Unit:
    """A paragraph, or a list item when it opens with a bullet."""
    kind = "item" if BULLET.match(visible(lines[0].text)) else "para"
    return Unit(kind, tuple(lines))


def rejoin_at_calls(items: list, st: Stats) -> list:
    """Printed lines that the extractor broke after a raised note call.

    ``pdftotext -raw`` follows the baseline: a raised call ends its line
    (``in common.1`` / ``Their first demand was simple: the`` / ``hours of
    work ...``).  A line ending in a call is joined to the next when the
    two make one full line (85% to 108% of the measure) and the line after
    them carries on the sentence (opens in lowercase).  For ``pdftotext``
    output without indentation only: ``-layout`` output and the spaced
    layout keep printed lines whole.
    """
    if st.layout:
        return items
    out = list(items)
    k = 0
    while k + 2 < len(out):
        a, b, c = out[k], out[k + 1], out[k + 2]
        if isinstance(a, BodyLine) and isinstance(b, BodyLine) and \
                isinstance(c, BodyLine) and CALL_MARK.match(a.text[-1:]) \
                and not b.page_start and \
                0.85 * st.measure <= a.width + 1 + b.width <= \
                1.08 * st.measure and visible(c.text)[:1].islower():
            out[k] = BodyLine(a.n, f"{a.text} {b.text}", a.width + 1 + b.width,
                              a.indent, a.page_start)
            del out[k + 1]
            continue
        k += 1
    return out


def reflow(items: list, st: Stats) -> list[Unit]:
    """All units of the body, in order; paragraphs continue across pages."""
    blocks: list[tuple[list[BodyLine], bool, bool]] = []
    cur: list[BodyLine] = []
    sep_before = True
    for x in items:
        if x is SEP:
            if cur:
                blocks.append((cur, sep_before, True))
                cur = []
            sep_before = True
            continue
        cur.append(x)
    if cur:
        blocks.append((cur, sep_before, False))
    units: list[Unit] = []
    for lines, before, after in blocks:
        units.extend(classify_block(lines, before, after, st))
    return units


def to_body_lines(page_lines: list[Line],
                  marks: dict[int, list[tuple[int, int, int, int]]]
                  ) -> list[BodyLine]:
    """Body lines with their chosen calls marked.

    ``marks`` maps a raw line number to ``(start, end, label, printed)``
    spans (``printed``: the number as printed, which differs from the label
    when numbering began again per chapter).
    """
    out = []
    for line in page_lines:
        text = line.text
        for s, e, lab, printed in sorted(marks.get(line.n, ()),
                                         reverse=True):
            # A raw line split at a form feed gives two lines of the same
            # number: a span belongs to the one holding the label's digits.
            if text[s:e].translate(SUPERSCRIPTS) != str(printed):
                continue
            text = text[:s] + chr(CALL_BASE + lab) + text[e:]
        out.append(BodyLine(line.n, text, len(visible(text)), line.indent,
                            line.page_start))
    return out
