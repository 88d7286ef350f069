"""Cleaner for pamphleteer's own cleaned-text Markdown (``markdown``).

An editor can freeze a hand-corrected text by saving the cleaned Markdown
(``build/clean/<id>.md``) beside the book and naming it with
``format: markdown`` in the manifest.  Reading is done by
:func:`pamphleteer.markdown_io.parse_markdown` (markdown-it-py and its
plugins); this module adds the report: counts, problems with their lines,
markup removed, and the conservation check.  The syntax is described in
``docs/formats/markdown.md``.

Problem codes (each with its line in the Markdown file):

- ``MD001`` a note is defined but never called (and is not a title note);
- ``MD002`` a note call ``[^x]`` has no definition (kept as a call);
- ``MD003`` raw HTML other than ``<i> <em> <b> <strong> <sup> <br>`` (kept
  as literal text), or such a tag unclosed or unmatched;
- ``MD004`` a construct the model has no place for (left out);
- ``MD005`` an indented or fenced code block (read as a plain paragraph);
- ``MD006`` attributes or a span class the format does not know;
- ``MD007`` an image (its description kept as text);
- ``MD008`` a second note with a label already defined (left out, listed
  in the removals);
- ``MD009`` ``title_notes`` names a label that no note has;
- ``MD010`` plain brackets that look like a citation (``[Title, p. 5]``),
  kept as text: a citation is written ``[Title, p. 5]{.cite}``.

Report counts: ``lines-in``, ``paragraphs``, ``headings``, ``block-quotes``,
``lists``, ``list-items``, ``thematic-breaks``, ``lacunae``, ``divisions``,
``notes``, ``notes-missing``, ``note-calls``, ``citations``, ``links``,
``index-marks``, ``emphasis``, ``strong``, ``line-breaks`` and
``removed-<kind>`` for the markup removed.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping

from ..errors import InputError
from ..markdown_common import boundary_text
from ..markdown_read import parse_markdown
from ..model import (
    BlockQuote, BulletList, Citation, Division, Document, Emph, Heading,
    IndexMark, Lacuna, LineBreak, Link, Note, NoteRef, OrderedList,
    Block, Inline, Paragraph, Strong, Table, ThematicBreak, block_inlines,
    block_text,
    document_words, inline_text, replace, walk_blocks, walk_inlines)
from ..text import words
from ..report import CleaningReport, check_conservation
from .registry import CleanResult, cleaner

NAME = "markdown"

# A YAML front-matter block at the very start: "---", then a "key:" line.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:#[^\n]*\n)*[\w\"'-]+[ \t]*:")
# A footnote definition at the start of a line: "[^12]: ".
_NOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:", re.M)
# An ATX heading line: "# Title", "## Section".
_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
# The format's own extensions: attribute spans with its classes, and
# ":::" containers.
_EXTENSION = re.compile(
    r"\]\{\.(?:cite|sup|smallcaps|index|missing)\b|^:::+[ \t]*(?:lacuna|\{)",
    re.M)
# Signs of another family that happens to use "#" headings: an Anarchist
# Library title block, or <sup>N</sup> note calls.
_OTHER_FAMILY = re.compile(r"^[ \t]*(?:anti-?copyright|(?:the[ \t]+)?anarchist"
                           r"[ \t]+library)[ \t\\]*$|<sup>\d+</sup>",
                           re.I | re.M)


# Constructs this format does not read but other Markdown dialects do:
# raw HTML links, pandoc's inline notes (^[...]), pipe tables, fenced
# code, Obsidian's links and callouts, kramdown's attribute lists (read
# by pandoc-markdown).
_FOREIGN = re.compile(r"<a\s[^>]*href\s*=|(?<![\\\]])\^\[[^\]\n]|"
                      r"^\|?[ \t]*:?-{3,}:?[ \t]*\||^(?:```|~~~)|"
                      # Obsidian's [[links]] and callouts, kramdown's
                      # attribute lists (which the writer escapes or
                      # never writes)
                      r"(?<!\\)\[\[[^\[\]\n]+\]\](?![(\[])|"
                      r"^(?:[ \t]*>)+[ \t]*\[![\w-]+\]|"
                      r"^[ \t]{0,3}\{:(?!:)[^{}\n]*\}[ \t]*$|"
                      # Quarto's callouts, a heading's class
                      # ({.unnumbered}: the writer gives headings ids only)
                      r"^:::+[ \t]*\{[^}\n]*\.callout-|"
                      # (the attributes' braces hold none: a heading of
                      # 40,000 "{" took 8 s with [^}] here)
                      r"^#{1,6}[ \t][^\n]*?\{[^{}\n]*\.[\w-]+[^{}\n]*\}[ \t]*$",
                      re.I | re.M)


# Front-matter keys of site generators and note-taking tools (Jekyll,
# Hugo, Obsidian, R Markdown, Quarto), which this format's writer never
# writes
_SITE_KEYS = re.compile(
    r"^(?:layout|permalink|tags|categories|draft|slug|aliases|output|weight|"
    r"cssclasses|menu|toc|excerpt|published|lastmod|summary|description|"
    r"keywords|series|type|"
    # Quarto's and R Markdown's
    r"format|execute|bibliography|csl|editor|jupyter|knitr|engine|filters|"
    r"params|description-meta|toc-title|number-sections|crossref)[ \t]*:",
    re.M)
# Template tags: Liquid's and Hugo's (left out by pandoc-markdown)
_TEMPLATE = re.compile(r"\{%-?[ \t]*\w+[^\n%]*%\}|\{\{[<%][^\n]*[>%]\}\}|"
                       r"\{\{[ \t]*[\w.]+[ \t|][^\n}]*\}\}")


def foreign_front(raw: str) -> bool:
    """Whether ``raw`` opens with the front matter of a site generator
    or a note-taking tool (its keys), or holds template tags: Markdown
    another tool wrote, not this format."""
    m = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$",
                 raw[:20000], re.S | re.M)
    return bool(m and _SITE_KEYS.search(m.group(1))) or \
        bool(_TEMPLATE.search(raw[:200000]))


def detect(raw: str) -> float:
    """Score in [0, 1] that ``raw`` is cleaned-text Markdown."""
    if _FRONT_MATTER.match(raw):
        if foreign_front(raw):
            # a Jekyll post, a Hugo page, an Obsidian note: their keys
            # (lists of tags) are errors here, their tags printed text
            return 0.3
        # front matter, but a body only other dialects read: less sure
        return 0.5 if _FOREIGN.search(raw[:200000]) else 0.95
    score = 0.0
    notes = len(_NOTE_DEF.findall(raw))
    if notes:
        score += 0.5 if notes >= 2 else 0.35
    marks = len(_EXTENSION.findall(raw))
    if marks >= 3:
        return 1.0   # the format's own spans: no raw family writes them
    if marks:
        score += 0.3
    if _HEADING.match(raw.lstrip("\ufeff\n")):
        score += 0.4   # opens with a heading
    elif _HEADING.search(raw):
        score += 0.2
    if _OTHER_FAMILY.search(raw[:3000]):
        score *= 0.3
    if _FOREIGN.search(raw[:200000]):
        # raw HTML links or fenced code: constructs this format does not
        # read, and which pandoc's Markdown reader turns into links and
        # code (a wiki's Markdown scored 0.9 here for its headings and
        # notes, as much as for pandoc's reader, and was refused as a tie)
        score *= 0.3
    if not marks:
        # Neither front matter (which `clean` always writes) nor one of
        # the format's own spans: Markdown as anyone writes it, which
        # pandoc's reader reads (a project's CONTRIBUTING.md was refused
        # as a tie, 0.65 against 0.70)
        score *= 0.6
    return round(min(score, 0.9), 3)


def _count(doc: Document, report: CleaningReport) -> None:
    c = report.counts
    every = list(walk_blocks(doc.blocks))
    every += [b for n in doc.notes for b in walk_blocks(n.blocks)]
    kinds = {Paragraph: "paragraphs", Heading: "headings",
             BlockQuote: "block-quotes", BulletList: "lists",
             OrderedList: "lists", ThematicBreak: "thematic-breaks",
             Lacuna: "lacunae", Division: "divisions", Table: "tables"}
    for b in every:
        c[kinds[type(b)]] += 1
        if isinstance(b, (BulletList, OrderedList)):
            c["list-items"] += len(b.items)
        for run in block_inlines(b):
            for node in walk_inlines(run):
                name = {NoteRef: "note-calls", Citation: "citations",
                        Link: "links", IndexMark: "index-marks",
                        Emph: "emphasis", Strong: "strong",
                        LineBreak: "line-breaks"}.get(type(node))
                if name:
                    c[name] += 1
    c["notes"] += len(doc.notes)
    c["notes-missing"] += sum(n.missing for n in doc.notes)


def _joins(doc: Document, report: CleaningReport) -> None:
    """Record, as rewrites, words the model joins across markup: in
    ``*Kro*potkin`` or ``24[th]{.sup}`` the raw words are split by the
    markup, the document's word is whole."""
    blocks = list(walk_blocks(doc.blocks))
    blocks += [b for n in doc.notes for b in walk_blocks(n.blocks)]
    for b in blocks:
        for run in block_inlines(b):
            _join_run(run, b, report)


def _join_run(run: tuple[Inline, ...], b: Block, report: CleaningReport) -> None:
    split = words(boundary_text(run))
    joined = words(inline_text(run))
    if Counter(split) != Counter(joined):
        report.change("markup-split", " ".join(split), " ".join(joined),
                      b.source.line if b.source else 0,
                      "words split by inline markup, whole in the text",
                      rewrite=True)


def _calls_in_notes(doc: Document, report: CleaningReport) -> None:
    """List the calls that stand inside notes: the model's word count
    (:func:`document_words`) counts only the body's calls, so these labels
    are accounted for here."""
    for note in doc.notes:
        for b in walk_blocks(note.blocks):
            for run in block_inlines(b):
                for node in walk_inlines(run):
                    if isinstance(node, NoteRef):
                        line = b.source.line if b.source else _line(note)
                        report.remove("note-call-in-note", node.label, line)


def _line(note: Note) -> int:
    return note.source.line if note.source else 0


def _check_notes(doc: Document, calls: tuple[tuple[str, int], ...],
                 report: CleaningReport) -> Document:
    """Report notes without calls and calls without notes; leave out (and
    list) a second definition of a label."""
    kept: list[Note] = []
    seen: set[str] = set()
    for note in doc.notes:
        if note.label in seen:
            report.problem("MD008", f"note [^{note.label}] is defined twice; "
                           f"the second definition is left out (see the "
                           f"removals)", _line(note))
            text = "\n\n".join(block_text(b) for b in note.blocks)
            # the calls inside it too ("[^1]" in its own paragraph)
            refs = " ".join(f"[^{x.label}]" for b in walk_blocks(note.blocks)
                            for run in block_inlines(b)
                            for x in walk_inlines(run)
                            if isinstance(x, NoteRef))
            report.remove("duplicate-note",
                          " ".join(x for x in (note.label, text, refs) if x),
                          _line(note))
            continue
        seen.add(note.label)
        kept.append(note)
    called = {label for label, _ in calls}
    for note in kept:
        if note.label not in called and note.label not in doc.title_notes:
            report.problem("MD001", f"note [^{note.label}] is never called; "
                           f"add a call [^{note.label}] where it belongs, or "
                           f"list it under title_notes", _line(note))
    for label, line in calls:
        if label not in seen:
            report.problem("MD002", f"note call [^{label}] has no note; add "
                           f"\"[^{label}]: text\" (or \"[^{label}]: "
                           f"[]{{.missing}}\" when the source lost it)", line)
    for label in doc.title_notes:
        if label not in seen:
            report.problem("MD009", f"title_notes names [^{label}], which "
                           f"no note defines", 1)
    return replace(doc, notes=tuple(kept))


@cleaner(NAME, detect=detect, version="2", extensions=(".md", ".markdown"),
         docs="docs/formats/markdown.md", select=True,
         description="pamphleteer's cleaned-text Markdown: YAML front "
                     "matter, [^n] notes, attribute spans (a frozen, "
                     "hand-corrected text)")
def clean(raw: str, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    """Read one cleaned-text Markdown file (pure: no file is read)."""
    unknown = sorted(set(options or {}))
    if unknown:
        raise InputError(f"{source}: the markdown format takes no options "
                         f"(got {', '.join(unknown)})")
    report = CleaningReport(cleaner=NAME, file=source)
    report.counts["lines-in"] = len(raw.splitlines())
    parsed = parse_markdown(raw, source=source)
    for p in parsed.problems:
        report.problem(p.code, p.message, p.line)
    for r in parsed.removals:
        report.remove(r.kind, r.text, r.line)
    for split, joined, line in parsed.splits:
        report.change("markup-split", split, joined, line,
                      "words split by markup, whole in the text", rewrite=True)
    doc = _check_notes(parsed.document, parsed.call_lines, report)
    _count(doc, report)
    _joins(doc, report)
    _calls_in_notes(doc, report)
    # the front matter's language is metadata the word count does not see
    check_conservation(raw, document_words(doc) + words(doc.meta.language),
                       report)
    return CleanResult(doc, report)

