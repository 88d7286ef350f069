"""What every pandoc-based reader does after conversion: metadata cleaned
by the same typography, an optional ``select:`` of part of the text, the
report's counts and the conservation proof."""

from __future__ import annotations

import re
from typing import Any, Mapping

from ...errors import InputError
from ...model import (Document, Metadata, NoteRef, Paragraph, block_inlines,
                      document_words, walk_blocks, walk_inlines)
from ...report import CleaningReport, check_conservation
from ...text import collapse_space, typography
from ..registry import CleanResult
from ..selecting import find_heading, parse_select, select_headings
from .convert import Converted

__all__ = ["check_options", "find_heading", "finish", "fix", "language_tag",
           "names", "parse_select"]

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
        if len(parts) > 1:
            # "A B, C D, and E F": the list's commas part names too, when
            # every part is a name of two words ("Marx, Karl and ..." is
            # one inverted name)
            parts = [q.strip() for p in parts for q in (
                p.split(",") if all(len(x.split()) >= 2
                                    for x in p.split(",")) else [p])]
        if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
            out.extend(parts)
            if report is not None:
                for m in _AND.finditer(chunk):
                    report.remove("name-separator", m.group(0).strip(), 0)
        else:
            out.append(chunk)
    return tuple(out)


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
