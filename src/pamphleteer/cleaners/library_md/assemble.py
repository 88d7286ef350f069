"""Put ordered fragments together into the model's blocks and notes.

Joins decided by the ordering are carried out here: two halves of a
paragraph are merged (with a space, or into one word for ``imposi-`` +
``tions``), a :class:`~pamphleteer.model.Lacuna` is set where text is
missing, and every join is reported with its evidence and confidence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...errors import ManifestError
from ...model import (
    Block,
    Division,
    Heading,
    Lacuna,
    Note,
    NoteRef,
    Paragraph,
    Source,
    ThematicBreak,
    inline_text,
    walk_blocks,
    walk_inlines,
)
from ...report import CleaningReport
from ...text import words
from .blocks import NOTE_OPEN, RawNote
from .fragments import Fragment, Unit
from .inlines import glued_words, parse_inlines, smarten
from .options import Editorial
from .scoring import LACUNA, Arc, confidence

LACUNA_TEXT = "Text missing in the source."
"""What the reader sees where a page is missing."""


@dataclass
class Draft:
    """A block being assembled: raw Markdown, not yet parsed."""

    kind: str
    """``para``, ``heading``, ``break`` or ``lacuna``."""
    text: str
    """Raw Markdown."""
    line: int
    """Raw line of its first part."""
    level: int = 0
    """Heading level as written."""


def _edge(text: str, n: int, last: bool) -> str:
    parts = text.split()
    return " ".join(parts[-n:] if last else parts[:n])


def join_fragments(frags: list[Fragment], order: tuple[int, ...],
                   links: frozenset[tuple[int, int]], arcs: list[list[Arc]],
                   start: list[Arc], end: list[Arc],
                   report: CleaningReport, lost_notes=None) -> list[Draft]:
    """Lay out the fragments in ``order``, carrying out every join.

    ``links`` are the joins decided by the ordering; any other pair of
    neighbours is a new block, or a lacuna when one side is cut or when
    note numbers are missing between them (``lost_notes(last, b)``)."""
    drafts: list[Draft] = []
    n = len(order)

    def add_units(units: tuple[Unit, ...]) -> None:
        for u in units:
            drafts.append(Draft(u.kind, u.text, u.line, u.level))

    def lacuna(line: int, message: str) -> None:
        drafts.append(Draft("lacuna", "", line))
        report.problem("LIB001", message, line)
        report.counts["lacuna"] += 1

    if not order:
        return drafts
    first = frags[order[0]]
    if start[order[0]].join == "lacuna":
        lacuna(first.line, "the text starts mid-sentence ('"
               + _edge(first.units[0].text, 6, False) + " …'): its beginning "
               "is missing from the source")
    add_units(first.units)
    last_note = first.last_note
    for pos in range(1, n):
        a, b = frags[order[pos - 1]], frags[order[pos]]
        arc = arcs[a.index][b.index]
        if (a.index, b.index) not in links:
            if a.end != "clean" or b.start == "lower":
                arc = Arc(-LACUNA, "lacuna", "no continuation found")
            elif arc.join != "new":
                arc = Arc(arc.score, "new", arc.evidence)
        lost = lost_notes(last_note, b) if lost_notes else []
        last_note = max(last_note, b.last_note)
        if lost and arc.join != "lacuna":
            arc = Arc(-LACUNA, "lacuna", f"notes {lost[0]}–{lost[-1]} are missing")
        alts = [arcs[a.index][c].score for c in range(len(frags))
                if c not in (a.index, b.index)]
        alts += [arcs[c][b.index].score for c in range(len(frags))
                 if c not in (a.index, b.index)]
        alts += [end[a.index].score, start[b.index].score]
        conf = confidence(arc.score, alts)
        a_end = _edge(a.units[-1].text, 6, True)
        b_start = _edge(b.units[0].text, 6, False)
        detail = f"{arc.evidence}; confidence {conf:.2f}"
        if arc.join == "lacuna":
            lacuna(b.line, f"no continuation of '… {a_end}' (line {a.end_line})"
                   f" before '{b_start} …': text is missing from the source")
            add_units(b.units)
            continue
        if arc.join == "new":
            if b.index != a.index + 1:
                report.change("page-order", a_end, b_start, b.line, detail)
            add_units(b.units)
            continue
        last, head = drafts[-1], b.units[0]
        if arc.join == "hyphen" and last.text.rstrip().endswith("-"):
            stem = last.text.rstrip()[:-1]
            last.text = stem + head.text.lstrip()
            report.change("fragment-join", f"{a.tail_word}- {b.head_word}",
                          a.tail_word + b.head_word, b.line,
                          f"'… {a_end}' + '{b_start} …': {detail}", rewrite=True)
        elif arc.join == "split":
            last.text = last.text.rstrip() + head.text.lstrip()
            report.change("fragment-join", f"{a.tail_word} {b.head_word}",
                          a.tail_word + b.head_word, b.line,
                          f"'… {a_end}' + '{b_start} …': {detail}", rewrite=True)
        elif arc.join == "hyphen-keep" or arc.join == "hyphen":
            last.text = last.text.rstrip() + head.text.lstrip()
            report.change("fragment-join", a_end, b_start, b.line, detail)
        else:
            last.text = last.text.rstrip() + " " + head.text.lstrip()
            report.change("fragment-join", a_end, b_start, b.line, detail)
        add_units(b.units[1:])
    tail = frags[order[-1]]
    if end[order[-1]].join == "lacuna":
        lacuna(tail.end_line, f"the text ends mid-sentence ('… "
               f"{_edge(tail.units[-1].text, 6, True)}'): its end is missing "
               "from the source")
    return drafts


def build_blocks(drafts: list[Draft], source: str,
                 report: CleaningReport) -> tuple[Block, ...]:
    """Parse every draft's inlines; normalise heading levels."""
    levels = [d.level for d in drafts if d.kind == "heading"]
    top = min(levels) if levels else 1
    out: list[Block] = []
    counts: Counter[str] = Counter()
    for d in drafts:
        src = Source(source, d.line)
        if d.kind == "lacuna":
            out.append(Lacuna(LACUNA_TEXT, src))
            continue
        if d.kind == "break":
            out.append(ThematicBreak(src))
            continue
        inlines, markup = parse_inlines(d.text)
        inlines, c = smarten(inlines)
        counts.update(c)
        if markup:
            report.remove("markup", " ".join(markup), d.line)
        glued = glued_words(inlines, d.text, markup)
        if glued:
            report.change("markup-join", glued[0], glued[1], d.line,
                          "markup inside a word removed", rewrite=True)
        if not inlines:
            if d.text.strip():
                report.remove("markup", d.text, d.line)
            continue
        if d.kind == "heading":
            out.append(Heading(d.level - top + 1, inlines, source=src))
            report.counts["headings"] += 1
        else:
            out.append(Paragraph(inlines, src))
            report.counts["paragraphs"] += 1
    report.add_counts(counts)
    return tuple(out)


def build_notes(blocks: tuple[Block, ...], raw_notes: list[RawNote],
                source: str, report: CleaningReport) -> tuple[Note, ...]:
    """Notes in the order of their first call; missing and orphan notes
    are kept and reported."""
    calls: list[str] = []
    for b in walk_blocks(blocks):
        if isinstance(b, (Paragraph, Heading)):
            for node in walk_inlines(b.children):
                if isinstance(node, NoteRef) and node.label not in calls:
                    calls.append(node.label)
    notes: dict[str, Note] = {}
    typo: Counter[str] = Counter()
    for rn in raw_notes:
        label = rn.label
        if label in notes:
            k = 2
            while f"{label}.{k}" in notes:
                k += 1
            report.problem("LIB004", f"note {label} is printed twice; the "
                           f"second is kept as note {label}.{k}", rn.line)
            label = f"{label}.{k}"
        # The note's opening "<sup>N</sup>", from the raw paragraph (its
        # text may have changed length: a transliterated word).
        m = NOTE_OPEN.match(rn.raw)
        opener = rn.raw[:m.start(3)] if m else rn.raw
        tags = [t for t in ("<sup>", "</sup>") if t in opener]
        if tags:
            report.remove("markup", " ".join(tags), rn.line)
        inlines, markup = parse_inlines(rn.text, calls=False)
        inlines, c = smarten(inlines)
        typo.update(c)
        glued = glued_words(inlines, rn.text, markup)
        if glued:
            report.change("markup-join", glued[0], glued[1], rn.line,
                          "markup inside a word removed", rewrite=True)
        if markup:
            report.remove("markup", " ".join(markup), rn.line)
        blocks_ = (Paragraph(inlines, Source(source, rn.line)),) if inlines else ()
        notes[label] = Note(label, blocks_, source=Source(source, rn.line))
    report.add_counts(typo)
    out: list[Note] = []
    for label in calls:
        if label in notes:
            out.append(notes.pop(label))
        else:
            report.problem("LIB002", f"note {label} is called but its text is "
                           "missing from the source")
            out.append(Note(label, (), missing=True))
            report.counts["notes-missing"] += 1
    for label, note in notes.items():
        line = note.source.line if note.source else 0
        report.problem("LIB003", f"note {label} has no call in the text; kept "
                       "after the others", line)
        out.append(note)
    report.counts["notes"] += len(out)
    return tuple(out)


def mark_editorial(blocks: tuple[Block, ...], eds: tuple[Editorial, ...],
                   report: CleaningReport) -> tuple[Block, ...]:
    """Wrap each named section (heading to next heading of its level or
    higher) in a :class:`Division`."""
    out = list(blocks)
    for ed in eds:
        want = words(ed.heading)
        idx = next((i for i, b in enumerate(out) if isinstance(b, Heading)
                    and words(inline_text(b.children)) == want), -1)
        if idx < 0:
            raise ManifestError(f"library-md option editorial: no heading "
                                f"{ed.heading!r} in the text")
        head = out[idx]
        assert isinstance(head, Heading)
        stop = idx + 1
        while stop < len(out):
            after = out[stop]
            if isinstance(after, Heading) and after.level <= head.level:
                break
            stop += 1
        div = Division(ed.role, tuple(out[idx:stop]), ed.credit, head.source)
        out[idx:stop] = [div]
        report.counts["editorial"] += 1
    return tuple(out)
