"""``select:``: one text taken out of a source that holds several, by its
headings (a section, or a range from heading A to the end of heading B's
section).

Shared by every reader: the pandoc-based readers call
:func:`select_headings` on what they converted, and the registry applies
it after the others (:func:`select_document`: Project Gutenberg files,
Markdown, extracted text), so that an essay can be taken out of a
collection in any format.  What is left out is listed in the report
(``not-selected``), with its source line; notes called only from the part
left out go with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any, Mapping

from ..errors import InputError
from ..model import (Block, Heading, Note, NoteRef, block_inlines,
                     block_text, document_words, inline_text, walk_blocks,
                     walk_inlines)
from ..report import CleaningReport, words
from ..cleaned import CleanResult

_RANGE = re.compile(r"\s*\.\.\s*")


def norm_title(text: str) -> str:
    """A title as `select:` compares it: case, punctuation and spacing
    folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def parse_select(value: Any, source: str) -> tuple[str, str]:
    """``select:`` as (first, last): ``"Title"``, ``"A .. B"``, a list of
    two, or ``{from: A, to: B}``."""
    if isinstance(value, str) and value.strip():
        parts = _RANGE.split(value.strip(), maxsplit=1)
        return (parts[0], parts[1] if len(parts) > 1 else parts[0])
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, str) for v in value):
        return value[0], value[1]
    if isinstance(value, Mapping) and set(value) <= {"from", "to"} and \
            isinstance(value.get("from"), str):
        first = value["from"]
        last = value.get("to", first)
        if isinstance(last, str):
            return first, last
    raise InputError(f"{source}: `select:` takes a heading's title "
                     f"(\"Chapter 3\"), a range (\"Chapter 3 .. Chapter 5\"), "
                     f"or {{from: ..., to: ...}}; got {value!r}")


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_NUMBERED = re.compile(
    r"^(?:(?:chapter|part|book|section|lecture|letter|essay|chapitre|"
    r"partie|livre|kapitel|teil|buch|cap[ií]tulo|parte|libro)\s+)?"
    r"(\d+|[ivxlcdm]+)(?:\s|$)")


def _number(title: str) -> int | None:
    """The number a normalised title opens with, a roman numeral read
    ("chapter iii ..." and "iii" are 3); None when it opens with none."""
    m = _NUMBERED.match(title)
    if not m:
        return None
    token = m.group(1)
    if token in ("i", "d", "l", "m", "c") and m.end() < len(title) and \
            not title.startswith(("chap", "part", "book", "sec", "lec",
                                  "let", "ess", "liv", "kap", "teil",
                                  "buch", "cap", "lib")):
        return None  # "I am...", "d'un...": a word, not a numeral
    if token.isdigit():
        return int(token)
    total = 0
    for a, b in zip(token, token[1:] + " "):
        v = _ROMAN[a]
        total += -v if _ROMAN.get(b, 0) > v else v
    return total


def find_heading(titles: list[str], wanted: str, what: str,
                 source: str) -> int:
    """Index of the title matching ``wanted``: equal once normalised, else
    the only one starting with it, else the only one holding it, else the
    only one with the same number ("Chapter 3" for "III"); refuse
    otherwise, listing them."""
    w = norm_title(wanted)
    exact = [i for i, t in enumerate(titles) if norm_title(t) == w]
    if len(exact) >= 1:
        return exact[0]
    starts = [i for i, t in enumerate(titles) if norm_title(t).startswith(w)]
    if len(starts) == 1:
        return starts[0]
    if not starts:
        # "The Speckled Band" for "The Adventure of the Speckled Band"
        starts = [i for i, t in enumerate(titles)
                  if f" {w} " in f" {norm_title(t)} "]
        if len(starts) == 1:
            return starts[0]
    if not starts:
        # "Chapter 3" for "III", "III" for "Chapter the Third"...: the
        # number alone, when one title alone has it
        n = _number(w)
        if n is not None:
            starts = [i for i, t in enumerate(titles)
                      if _number(norm_title(t)) == n]
            if len(starts) == 1:
                return starts[0]
    listing = "; ".join(f"“{t}”" for t in titles[:40]) or "none"
    why = "several match" if starts else "none matches"
    raise InputError(f"{source}: `select: {wanted}`: {why} among the "
                     f"{what}: {listing}")


def select_headings(blocks: list[Block], notes: list[Note], value: Any,
                    report: CleaningReport,
                    source: str) -> tuple[list[Block], list[Note]]:
    """Keep the section(s) from heading A to the end of heading B's
    section; what is left out is listed in the report (``not-selected``)."""
    first, last = parse_select(value, source)
    heads = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)]
    titles = [inline_text(b.children) for _, b in heads]
    a = _with_text(find_heading(titles, first, "headings", source), heads,
                   blocks, titles, first, report)
    b = _with_text(find_heading(titles, last, "headings", source), heads,
                   blocks, titles, last, report) if last != first else a
    if b < a:
        raise InputError(f"{source}: `select:` “{last}” comes before "
                         f"“{first}” in the text")
    start = heads[a][0]
    level = heads[b][1].level
    end = len(blocks)
    for i, h in heads[b + 1:]:
        if h.level <= level:
            end = i
            break
    kept = blocks[start:end]
    for blk in blocks[:start] + blocks[end:]:
        text = block_text(blk)
        if text.strip():
            src = getattr(blk, "source", None)
            report.remove("not-selected", text, src.line if src else 0)
    called = {n.label for blk in walk_blocks(tuple(kept))
              for run in block_inlines(blk)
              for n in walk_inlines(run) if isinstance(n, NoteRef)}
    kept_notes = []
    for n in notes:
        if n.label in called:
            kept_notes.append(n)
        else:
            text = "\n\n".join(block_text(x) for x in n.blocks)
            report.remove("not-selected", f"{n.label} {text}",
                          n.source.line if n.source else 0)
    report.counts["selected-blocks"] = len(kept)
    return _renumbered(kept, kept_notes, report)


def _renumbered(blocks: list[Block], notes: list[Note],
                report: CleaningReport) -> tuple[list[Block], list[Note]]:
    """The notes of a part taken out of a collection numbered from 1, in
    the order of their first call, as the part's own edition numbers them
    (an essay's notes were 2 to 5 of the whole book's); labels that are
    not numbers, or already 1 to n, are kept."""
    labels = [n.label for n in notes]
    if not labels or not all(x.isdigit() for x in labels) or \
            labels == [str(k) for k in range(1, len(labels) + 1)]:
        return blocks, notes
    new = {old: str(k) for k, old in enumerate(labels, start=1)}
    from ..model import (BlockQuote, BulletList, Division, OrderedList,
                          map_block_inlines)

    def run(inlines: tuple[Any, ...]) -> list[Any]:
        out = []
        for node in inlines:
            if isinstance(node, NoteRef) and node.label in new:
                node = NoteRef(new[node.label])
            elif hasattr(node, "children") and \
                    isinstance(node.children, tuple):
                node = replace(node, children=tuple(run(node.children)))
            out.append(node)
        return out

    def block(b: Any) -> Any:
        if isinstance(b, (BlockQuote, Division)):
            return replace(b, blocks=tuple(block(x) for x in b.blocks))
        if isinstance(b, (BulletList, OrderedList)):
            return replace(b, items=tuple(tuple(block(x) for x in item)
                                          for item in b.items))
        return map_block_inlines(b, run)

    blocks = [block(b) for b in blocks]
    notes = [replace(n, label=new[n.label],
                     blocks=tuple(block(b) for b in n.blocks))
             for n in notes]
    report.counts["notes-renumbered"] = len(new)
    return blocks, notes


def _with_text(k: int, heads: list[tuple[int, Heading]], blocks: list[Block],
               titles: list[str], wanted: str,
               report: CleaningReport) -> int:
    """Of the headings titled as heading ``k`` is, the first with text
    under it before the next heading of its level or above (a contents
    set as headings gives each title once more, with nothing under it);
    a choice among several is said (PANDOC006)."""
    same = [j for j, t in enumerate(titles) if norm_title(t) == norm_title(titles[k])]
    if len(same) < 2:
        return k

    def has_text(j: int) -> bool:
        start, level = heads[j][0], heads[j][1].level
        for blk in blocks[start + 1:]:
            if isinstance(blk, Heading) and blk.level <= level:
                return False
            if not isinstance(blk, Heading) and block_text(blk).strip():
                return True
        return False

    chosen = next((j for j in same if has_text(j)), k)
    src = getattr(heads[chosen][1], "source", None)
    where = f"the one at line {src.line}" if src and src.line else \
        f"number {same.index(chosen) + 1} of them"
    report.problem("PANDOC006", f"`select: {wanted}`: {len(same)} headings "
                   f"read “{titles[k]}”; {where} was taken, the first with "
                   "text under it (write a range from a heading near the "
                   "one you want to choose another)",
                   src.line if src else 0)
    return chosen




def select_document(result: CleanResult, value: Any,
                    source: str) -> CleanResult:
    """``result`` with only the part ``select:`` names (see
    :func:`select_headings`); the document's metadata stays the source's."""
    doc, report = result.document, result.report
    before = len(report.removals)
    blocks, notes = select_headings(list(doc.blocks), list(doc.notes),
                                    value, report, source)
    doc = replace(doc, blocks=tuple(blocks), notes=tuple(notes))
    cons = report.conservation
    if cons:
        # The reader's proof, with the words left out moved from the
        # output to the removals (every block left out is listed).
        report.conservation = dict(
            cons, **{"words-out": len(document_words(doc)),
                     "words-removed": cons["words-removed"] + sum(
                         len(words(r.text))
                         for r in report.removals[before:])})
    return replace(result, document=doc)
