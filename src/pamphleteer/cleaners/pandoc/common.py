"""What every pandoc-based reader does after conversion: metadata cleaned
by the same typography, an optional ``select:`` of part of the text, the
report's counts and the conservation proof."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any, Mapping

from ...errors import InputError
from ...model import (Block, Document, Heading, Metadata, Note, NoteRef,
                      Paragraph, block_inlines, block_text, document_words, inline_text,
                      walk_blocks, walk_inlines)
from ...report import CleaningReport, check_conservation
from ...text import collapse_space, typography
from ..registry import CleanResult
from .convert import Converted

_RANGE = re.compile(r"\s*\.\.\s*")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def check_options(options: Mapping[str, Any], allowed: set[str], name: str,
                  source: str) -> dict[str, Any]:
    """Refuse unknown options, naming the ones the format takes."""
    opts = dict(options or {})
    unknown = sorted(set(opts) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        raise InputError(f"{source}: the {name} format does not take the "
                         f"option(s) {', '.join(unknown)} (it takes: {known})")
    return opts


def language_tag(value: str) -> str:
    """A BCP 47 tag from a declared language (``fr``, ``en_US`` ->
    ``en-US``), or '' when it is not one."""
    value = value.strip().split()[0] if value.strip() else ""
    if not _LANG.match(value):
        return ""
    parts = value.replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p
                                          for p in parts[1:]])


def fix(text: str, report: CleaningReport | None = None) -> str:
    """A metadata value: space folded, typography applied."""
    text, counts = typography(collapse_space(text))
    if report is not None:
        report.add_counts(counts)
    return text


_AND = re.compile(r"\s+(?:and|&|et|y|und|e|и|i|og|en)\s+")


def names(value: str, report: CleaningReport | None = None
          ) -> tuple[str, ...]:
    """Names split at ``;``, and at `` and ``, ``&`` (and their French,
    Spanish, German, Italian, Russian... forms) when every part is a name
    of two words or more: "José Ortega y Gasset" and "Marx and Engels" stay
    whole.  The joining words are listed in ``report`` (kind
    ``name-separator``)."""
    out: list[str] = []
    for chunk in re.split(r"\s*;\s*", value.strip()):
        chunk = chunk.strip(" ,")
        if not chunk:
            continue
        parts = [p.strip(" ,") for p in _AND.split(chunk)]
        if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
            out.extend(parts)
            if report is not None:
                for m in _AND.finditer(chunk):
                    report.remove("name-separator", m.group(0).strip(), 0)
        else:
            out.append(chunk)
    return tuple(out)


def _norm(text: str) -> str:
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


def find_heading(titles: list[str], wanted: str, what: str,
                 source: str) -> int:
    """Index of the title matching ``wanted``: equal once normalised, else
    the only one starting with it; refuse otherwise, listing them."""
    w = _norm(wanted)
    exact = [i for i, t in enumerate(titles) if _norm(t) == w]
    if len(exact) >= 1:
        return exact[0]
    starts = [i for i, t in enumerate(titles) if _norm(t).startswith(w)]
    if len(starts) == 1:
        return starts[0]
    if not starts:
        # "The Speckled Band" for "The Adventure of the Speckled Band"
        starts = [i for i, t in enumerate(titles)
                  if f" {w} " in f" {_norm(t)} "]
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
    from ...model import (BlockQuote, BulletList, Division, OrderedList,
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
    same = [j for j, t in enumerate(titles) if _norm(t) == _norm(titles[k])]
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


def finish(name: str, report: CleaningReport, meta: Metadata,
           conv: Converted, base_text: str, *,
           select: Any = None, source: str = "") -> CleanResult:
    """Build the document, select, count, and prove conservation against
    ``base_text`` (the words of the source as pandoc or the pre-pass read
    them, before anything was left out)."""
    blocks, notes = conv.blocks, conv.notes
    if select is not None:
        blocks, notes = select_headings(blocks, notes, select, report, source)
    doc = Document(meta=meta, blocks=tuple(blocks), notes=tuple(notes))
    if not doc.blocks:
        where = source or "the source"
        report.problem("PANDOC004", f"no text was found in {where}: is it "
                       f"the right file, or is its text in images? (what was "
                       f"left out is listed in the report)")
    every = list(walk_blocks(doc.blocks))
    report.counts["paragraphs"] = sum(isinstance(b, Paragraph) for b in every)
    report.counts["notes"] = len(doc.notes)
    calls = [n.label for b in every for run in block_inlines(b)
             for n in walk_inlines(run) if isinstance(n, NoteRef)]
    for note in doc.notes:
        for b in walk_blocks(note.blocks):
            for run in block_inlines(b):
                for n in walk_inlines(run):
                    if isinstance(n, NoteRef):
                        report.remove("note-call-in-note", n.label, 0)
    report.counts["note-calls"] = len(calls)
    check_conservation(base_text, document_words(doc), report)
    return CleanResult(doc, report)
