"""Turn reflowed units and gathered notes into model blocks and notes.

Typography is applied here, to the running text only: URLs are left as
they are, since a dash or quote rule would break them.
"""

from __future__ import annotations

from collections import Counter

from ...model import (BlockQuote, BulletList, Heading, Note, NoteRef,
                      Paragraph, Source, Text)
from ...report import CleaningReport
from ...text import typography
from .hyphens import URL, Vocabulary, join_lines
from .notes import RawNote
from .pages import NOTE_START
from .reflow import (BULLET, CALL_BASE, CALL_MARK, BodyLine, Unit,
                     ends_sentence, starts_upper)


def typeset(text: str) -> tuple[str, Counter]:
    """Apply typography outside URLs; collapse white space."""
    text = " ".join(text.split())
    counts: Counter = Counter()
    out: list[str] = []
    pos = 0
    for m in URL.finditer(text):
        seg, c = typography(text[pos:m.start()])
        out += [seg, m.group()]
        counts.update(c)
        pos = m.end()
    seg, c = typography(text[pos:])
    counts.update(c)
    out.append(seg)
    return "".join(out), counts


def typeset_marked(text: str, marks_re=CALL_MARK) -> tuple[str, Counter]:
    """:func:`typeset` a string carrying call marks, as if they were absent.

    The marks are taken out so that the typographic rules see the text as
    printed (``peasants”– the`` becomes ``peasants”—the``), then put back
    after the same number of letters and digits and of the punctuation that
    followed them.  Typography never changes a letter or a digit.
    ``marks_re`` matches the mark characters (the ``pdf`` reader carries
    emphasis marks too).
    """
    plain: list[str] = []
    marks: list[tuple[int, int, str]] = []
    alnum = punct = 0
    for ch in text:
        if marks_re.match(ch):
            marks.append((alnum, punct, ch))
        else:
            plain.append(ch)
            if ch.isalnum():
                alnum, punct = alnum + 1, 0
            elif not ch.isspace():
                punct += 1
    done, counts = typeset("".join(plain))
    if not marks:
        return done, counts
    out: list[str] = []
    k = seen = 0
    i = 0
    while i <= len(done):
        while k < len(marks) and marks[k][0] == seen:
            j, left = i, marks[k][1]
            while left and j < len(done) and not done[j].isalnum():
                if not done[j].isspace():
                    left -= 1
                j += 1
            out.append(done[i:j])
            i = j
            out.append(marks[k][2])
            k += 1
        if i == len(done):
            break
        out.append(done[i])
        if done[i].isalnum():
            seen += 1
        i += 1
    out.extend(m[2] for m in marks[k:])
    return "".join(out), counts


def inlines(text: str) -> tuple:
    """Text and NoteRef inlines of a string carrying call marks."""
    out: list = []
    pos = 0
    for m in CALL_MARK.finditer(text):
        before = text[pos:m.start()]
        if pos and before[:1].isalnum():
            before = " " + before  # "” 112This": the call was glued on
        before = before.rstrip() if before.strip() else ""
        if before:
            out.append(Text(before))
        out.append(NoteRef(str(ord(m.group()) - CALL_BASE)))
        pos = m.end()
    rest = text[pos:]
    if pos and rest[:1].isalnum():
        rest = " " + rest
    if rest:
        out.append(Text(rest))
    return tuple(out)


def unit_block(unit: Unit, file: str, vocab: Vocabulary,
               report: CleaningReport):
    """The model block of one reflowed unit."""
    if unit.kind == "quote":
        paras = tuple(unit_block(Unit("para", part), file, vocab, report)
                      for part in quote_paragraphs(unit.lines))
        return BlockQuote(paras, source=Source(file, unit.lines[0].n))
    text = join_lines([(x.n, x.text) for x in unit.lines], vocab, report)
    text, counts = typeset_marked(text)
    report.add_counts(counts)
    src = Source(file, unit.lines[0].n)
    if unit.kind == "heading":
        return Heading(1, inlines(text), source=src)
    if unit.kind == "item":
        m = BULLET.match(text)
        if m:
            report.remove("bullet", m.group().strip(), unit.lines[0].n)
            text = text[m.end():]
    return Paragraph(inlines(text), source=src)


def quote_paragraphs(lines: tuple[BodyLine, ...]
                     ) -> list[tuple[BodyLine, ...]]:
    """A quotation's lines split into its paragraphs.

    Measured against the quotation's own widest line: a line under 80% of
    it that ends a sentence, followed by a capital, ends a paragraph.
    """
    widest = max(x.width for x in lines)
    parts: list[tuple[BodyLine, ...]] = []
    start = 0
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if a.width < 0.8 * widest and ends_sentence(a.text) and \
                starts_upper(b.text):
            parts.append(lines[start:k + 1])
            start = k + 1
    parts.append(lines[start:])
    return parts


def group_lists(units: list[Unit], blocks: list) -> list:
    """Runs of consecutive list items become one :class:`BulletList`."""
    out: list = []
    for unit, block in zip(units, blocks):
        if unit.kind == "item":
            if out and isinstance(out[-1], BulletList):
                prev = out[-1]
                out[-1] = BulletList(prev.items + ((block,),), prev.source)
            else:
                out.append(BulletList(((block,),), block.source))
        else:
            out.append(block)
    return out


def note_model(raw: RawNote, file: str, vocab: Vocabulary,
               report: CleaningReport) -> Note:
    """The model note of a gathered note (its label line stripped)."""
    first = raw.lines[0]
    m = NOTE_START.match(first.text)
    head = first.text[m.end():] if m else first.text
    parts = [(first.n, head)] + [(x.n, x.text) for x in raw.lines[1:]]
    text = join_lines(parts, vocab, report)
    text, counts = typeset(text)
    report.add_counts(counts)
    return Note(str(raw.label), (Paragraph((Text(text),),
                                           source=Source(file, first.n)),),
                source=Source(file, first.n))
