"""``pdf-text``: text extracted from a PDF, reflowed into a document.

Reads the text that PDF extractors produce (seed 001's extractor, or
``pdftotext`` with and without ``-layout``): printed lines with page
furniture, footnotes at the foot of each page, note calls glued to words,
and hyphens added by the layout.  The stages, one module each:

* :mod:`.pages` splits pages into body and note lines and removes page
  numbers and running heads or feet;
* :mod:`.title` takes the title block (title, subtitle, author, date)
  into the metadata, and a closing colophon page out of the text (into
  ``extra`` as ``pdf-colophon``, as the ``pdf`` reader does);
* :mod:`.contents` removes a printed table of contents;
* :mod:`.calls` finds note calls by the sequence 1, 2, 3, ...;
* :mod:`.notes` gathers the notes, following them across pages;
* :mod:`.reflow` rebuilds headings, block quotations and paragraphs from the
  text's own line lengths;
* :mod:`.hyphens` decides each line-end hyphen;
* :mod:`.build` applies typography and makes the model blocks.

Options (the chapter's ``options:`` mapping in the manifest):

``first_note_belongs_to_title`` (bool, default: decided from the text)
    True: notes whose label comes before the first call found in the text
    belong to the lost title (``Document.title_notes``).  False: they are
    kept as notes without calls.  Unset: as True when such notes exist.
``running_heads`` (list of regular expressions, default ``[]``)
    Extra patterns; a body line matching one is removed as a running head
    (for heads that do not repeat exactly, such as chapter titles).

Problem codes: ``PDF001`` call without note, ``PDF002`` note belongs to the
title, ``PDF003`` note without call, ``PDF004`` note far from its call,
``PDF005`` note lines before any note, ``PDF006`` labels skipped by the
calls, ``PDF007`` private-use characters replaced, ``PDF008`` a note
label printed twice, ``PDF009`` note numbers begin again at 1 (per
chapter, as KOMA-Script's ``scrbook`` and ``memoir`` number them): the
labels run on through the text, each change recorded, ``PDF013`` pages
in columns side by side (``-layout``) read one column after the other
(:mod:`.columns`).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ...errors import InputError, ManifestError
from ...model import (BlockQuote, BulletList, Document, Heading, Metadata,
                      Note, Paragraph, Source, Text, document_words)
from ...report import CleaningReport, check_conservation
from ..registry import CleanResult, cleaner
from . import (build, calls, columns, contents, hyphens, notes, pages, reflow,
               title)

OPTIONS = {
    "first_note_belongs_to_title": "bool: leading notes without calls "
                                   "belong to the title",
    "running_heads": "list of regular expressions: extra running heads",
}
"""Supported chapter options, with a one-line description each."""


def parse_options(options: Mapping[str, Any]) -> tuple[bool | None,
                                                       list[re.Pattern[str]]]:
    """Validate the options; raise :class:`ManifestError` on a bad one."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise ManifestError(
            f"pdf-text: unknown option(s): {', '.join(unknown)}",
            problems=[f"supported: {k} ({v})" for k, v in OPTIONS.items()])
    title = options.get("first_note_belongs_to_title")
    if title is not None and not isinstance(title, bool):
        raise ManifestError("pdf-text: first_note_belongs_to_title must be "
                            "true or false")
    heads = options.get("running_heads", [])
    if not isinstance(heads, list) or not all(isinstance(h, str)
                                              for h in heads):
        raise ManifestError("pdf-text: running_heads must be a list of "
                            "regular expressions")
    try:
        patterns = [re.compile(h) for h in heads]
    except re.error as exc:
        raise ManifestError(
            f"pdf-text: bad running_heads pattern: {exc}") from None
    return title, patterns


# A note line at the start of a line ("12 Author, Title"), for detection.
_NOTE_LINE = re.compile(r"^[0-9]{1,3}\.? [^\W\d_]", re.M)
# A word glued to a short number and a space ("syndicalist2 presence").
_GLUED = re.compile(r"[^\W\d_][”’\".,)]{0,2}\d{1,3}(?=[\s–—-])")
# Private-use characters the cleaner uses to carry note calls.
_PRIVATE = re.compile("[\ue000-\ue3ff]")
# Markdown or HTML markers that belong to other families.
_MARKUP = re.compile(r"^#{1,6} |<sup>|^\*\*|\]\(http", re.M)


def detect(raw: str) -> float:
    """Score in [0, 1] that ``raw`` is text extracted from a PDF."""
    if not raw.strip():
        return 0.0
    sample = raw[:200_000]
    lines = pages.split_lines(sample)
    score = 0.0
    if "\f" in sample:
        score += 0.35
    texts = [t.strip() for _, t, _ in lines if t.strip()]
    typical = sorted(len(t) for t in texts)[len(texts) // 2]
    if pages.is_spaced(lines) and typical <= 120:
        score += 0.2  # printed lines, each followed by an empty line
    spacelines = sum(1 for _, t, _ in lines
                     if len(t) >= pages.LONG_SPACELINE and not t.strip())
    if spacelines >= 2:
        score += 0.25
    if len(_NOTE_LINE.findall(sample)) >= 3:
        score += 0.15
    words = max(1, len(sample.split()))
    if len(_GLUED.findall(sample)) / words > 0.001:
        score += 0.15
    printed = sum(1 for t in texts if 30 <= len(t) <= 110)
    if len(texts) >= 20 and printed / len(texts) >= 0.7:
        score += 0.2  # hard-wrapped printed lines
    if sum(1 for t in texts if t[-1] in "\u2010\u00ad-" and t[-2:-1].isalpha()
           ) >= 2:
        score += 0.1  # words broken at line ends
    if _MARKUP.search(sample):
        score -= 0.4
    return max(0.0, min(1.0, score))


def _split_pages(raw: str, report: CleaningReport,
                 extra: list[re.Pattern[str]]
                 ) -> tuple[list[pages.Page], bool, Metadata]:
    """The pages, whether indentation carries meaning (paged), and the
    title block's metadata."""
    lines = pages.split_lines(raw)
    report.counts["lines-in"] = len(lines)
    if pages.is_spaced(lines):
        result = pages.pages_spaced(lines, report)
        pages.remove_spaced_furniture(result, report, extra)
        return result, False, Metadata()
    lines = columns.split_columns(lines, report)
    paged = pages.pages_paged(lines)
    block = title.take_title(paged, report)
    closing = title.take_colophon(paged, block, report)
    meta = Metadata() if block is None else Metadata(
        title=block.title, subtitle=block.subtitle,
        authors=tuple(block.authors), date=block.date,
        extra=(("pdf-colophon", closing),) if closing else ())
    contents.remove_contents(paged, report)
    raw_pages = pages.furniture(paged, report, extra)
    raw_pages = [p for p in raw_pages if any(x is not None for x in p)]
    return notes.split_paged(raw_pages), True, meta


def _choose_calls(found: list[pages.Page],
                  unanswered: frozenset[tuple[int, int]] = frozenset()):
    """The calls, the labels called on each page, the calls' marks by line
    and the page of each line; ``unanswered`` (line, offset) are numbers
    set off by spaces that no note answers, kept as text."""
    cands: list[calls.Candidate] = []
    page_of: dict[int, int] = {}
    for p, page in enumerate(found):
        for x in page.body:
            if isinstance(x, pages.Line):
                page_of[x.n] = p
                cands.extend(c for c in calls.candidates(x.text, x.n)
                             if (c.line, c.start) not in unanswered)
    chosen = calls.choose_calls(cands)
    by_page: list[set[int]] = [set() for _ in found]
    marks: dict[int, list[tuple[int, int, int, int]]] = {}
    for c in chosen:
        by_page[page_of[c.line]].add(c.value)
        marks.setdefault(c.line, []).append((c.start, c.end, c.value,
                                             c.printed or c.value))
    return chosen, by_page, marks, page_of


@cleaner("pdf-text", detect=detect, version="3", extensions=(".txt",),
         docs="docs/formats/pdf-text.md", select=True,
         description="Text extracted from a PDF: reflow, page notes, "
                     "headings, quotations, hyphens")
def clean(raw: str, *, source: str, options: Mapping[str, Any]
          ) -> CleanResult:
    """Clean PDF-extracted text into a :class:`Document`."""
    if not isinstance(raw, str):
        raise InputError(f"{source}: pdf-text needs decoded text")
    if "\x00" in raw:
        raise InputError(f"{source}: NUL bytes; is this a binary file?")
    title_opt, extra = parse_options(options)
    report = CleaningReport("pdf-text", source)
    if _PRIVATE.search(raw):
        # The cleaner carries note calls as these characters.
        report.problem("PDF007", "private-use characters U+E000-U+E3FF "
                       "replaced by U+FFFD", 0)
        raw = _PRIVATE.sub("\ufffd", raw)
    found, layout, meta = _split_pages(raw, report, extra)
    report.counts["pages"] = len(found)
    chosen, by_page, marks, page_of = _choose_calls(found)
    raw_notes, orphans = notes.gather(found, by_page)
    ends: list[notes.RawNote] = []
    if chosen:
        ends, heading = notes.endnotes(found, {c.value for c in chosen},
                                       max(c.line for c in chosen),
                                       {n.label for n in raw_notes})
        for line in heading + _notes_headings(found):
            report.remove("notes-heading", line.text, line.n)
    unanswered = _unanswered(chosen, raw_notes, ends, page_of, report)
    if unanswered:
        chosen, by_page, marks, page_of = _choose_calls(found, unanswered)
        raw_notes, orphans = notes.gather(found, by_page)
    _renumbered(chosen, raw_notes, report)
    if ends:
        report.counts["endnotes"] = len(ends)
        raw_notes += ends
    items = _body_items(found, marks)
    st = reflow.compute_stats(items, layout)
    all_lines = [x.text for p in found for x in p.body
                 if isinstance(x, pages.Line)]
    all_lines += [x.text for p in found for x in p.notes]
    vocab = hyphens.vocabulary(all_lines)

    if layout:  # paged (pdftotext); rejoin_at_calls skips -layout itself
        items = reflow.rejoin_at_calls(items, st)
    units = reflow.reflow(items, st)
    blocks = build.group_lists(units, [build.unit_block(u, source, vocab,
                                                        report)
                                       for u in units])
    note_by_label, note_page = _notes(raw_notes, source, vocab, report)
    if orphans:
        text, counts = build.typeset(" ".join(x.text for x in orphans))
        report.add_counts(counts)
        blocks.append(Paragraph((Text(text),),
                                source=Source(source, orphans[0].n)))
        report.problem("PDF005", "note lines stand before any numbered note; "
                       "kept as a paragraph at the end", orphans[0].n)

    doc_notes, title_notes = link_notes(chosen, note_by_label, note_page,
                                        page_of, title_opt, source, report)
    doc = Document(meta, tuple(blocks), tuple(doc_notes),
                   tuple(title_notes))
    _count(doc, report)
    check_conservation(raw, document_words(doc), report)
    return CleanResult(doc, report)


def _unanswered(chosen: list[calls.Candidate], raw_notes: list[notes.RawNote],
                ends: list[notes.RawNote], page_of: dict[int, int],
                report: CleaningReport) -> frozenset[tuple[int, int]]:
    """Numbers set off by spaces taken for calls that nothing answers.

    A number between two words ("Reports 1 from") is a call only with a
    note of its label on its page or the next, or among the end notes.  A
    number after a sentence's end or at a line's start needs a note of its
    label anywhere, or else to stand in the calls' sequence between the
    calls one below and one above it, in a text where some calls are sure
    (glued to their word, or answered by their note): the calls of a text
    whose notes the extractor lost.  The others are text again, each with
    a ``PDF015`` and its line.
    """
    ends_labels = {n.label for n in ends}
    anywhere = {n.label for n in raw_notes} | ends_labels
    near: dict[int, set[int]] = {}
    for n in raw_notes:
        near.setdefault(n.label, set()).update((n.page, n.page - 1))
    firm = any(c.glued or c.value in anywhere for c in chosen)
    out = set()
    for k, c in enumerate(chosen):
        if not calls.needs_note(c):
            continue
        if c.between:
            ok = page_of[c.line] in near.get(c.value, ()) or \
                c.value in ends_labels
        else:
            ok = c.value in anywhere or firm and 0 < k < len(chosen) - 1 \
                and chosen[k - 1].value == c.value - 1 \
                and chosen[k + 1].value == c.value + 1
        if not ok:
            out.add((c.line, c.start))
            report.problem("PDF015", f"the number {c.printed or c.value} "
                           "set off by spaces reads as a note call, but no "
                           "note of that number answers it: kept as text",
                           c.line)
    return frozenset(out)


def _renumbered(chosen: list[calls.Candidate], raw_notes: list[notes.RawNote],
                report: CleaningReport) -> None:
    """Report calls and notes numbered on across a restart (per chapter)."""
    for c in chosen:
        if c.printed:
            if c.printed == 1:
                report.problem("PDF009", f"note numbers begin again at 1 "
                               f"here; numbered on from {c.value}", c.line)
            report.change("note-renumbered", str(c.printed), str(c.value),
                          c.line, "numbering begun again per chapter",
                          rewrite=True)
    for rn in raw_notes:
        if rn.printed:
            report.change("note-renumbered", str(rn.printed), str(rn.label),
                          rn.lines[0].n, "numbering begun again per chapter",
                          rewrite=True)


def _notes_headings(found: list[pages.Page]) -> list[pages.Line]:
    """``Notes`` headings standing right above a page's notes (removed)."""
    out = []
    for page in found:
        lines = [x for x in page.body if isinstance(x, pages.Line)]
        if page.notes and lines and notes.ENDNOTES_HEADING.match(
                lines[-1].text):
            page.body = [x for x in page.body if x is not lines[-1]]
            out.append(lines[-1])
    return out


def _body_items(found: list[pages.Page],
                marks: dict[int, list[tuple[int, int, int, int]]]) -> list:
    """Body lines (calls marked) and separators of all pages, in order.

    A call printed alone on its line is put back on the line before; the
    indent of the line after it is unknown (-1), since the layout moved it.
    """
    items: list = []
    shifted = False
    for page in found:
        for x in page.body:
            if x is pages.SEP:
                items.append(x)
                continue
            line = reflow.to_body_lines([x], marks)[0]
            if shifted:
                line = reflow.BodyLine(line.n, line.text, line.width, -1,
                                       line.page_start)
            shifted = False
            if not reflow.visible(line.text) and items and \
                    isinstance(items[-1], reflow.BodyLine):
                prev = items[-1]
                items[-1] = reflow.BodyLine(prev.n, prev.text + line.text,
                                            prev.width, prev.indent,
                                            prev.page_start)
                shifted = True
                continue
            items.append(line)
    return items


def _notes(raw_notes: list[notes.RawNote], source: str,
           vocab: hyphens.Vocabulary, report: CleaningReport
           ) -> tuple[dict[int, Note], dict[int, int]]:
    """Model notes by label, and the page where each starts."""
    by_label: dict[int, Note] = {}
    page: dict[int, int] = {}
    for rn in raw_notes:
        note = build.note_model(rn, source, vocab, report)
        if rn.label in by_label:  # a label printed twice: keep both texts
            first = by_label[rn.label]
            by_label[rn.label] = Note(first.label, first.blocks + note.blocks,
                                      source=first.source)
            report.problem("PDF008", f"note {rn.label} is printed twice; "
                           "both texts kept in one note", rn.lines[0].n)
            continue
        by_label[rn.label] = note
        page[rn.label] = rn.page
    return by_label, page


def link_notes(chosen, note_by_label, note_page, page_of, title_opt, source,
               report: CleaningReport):
    """Attach notes to calls; mark missing notes; find title notes.

    ``chosen``: calls in text order, each with ``value`` (its number) and
    ``line``; ``note_by_label``: number -> :class:`Note`; ``note_page``:
    number -> page index where the note starts; ``page_of``: line -> page
    index.  Shared with the ``pdf`` reader, so that both link and report
    notes alike.  Returns the notes in label order and the title notes.
    """
    called = {c.value: c for c in chosen}
    out: dict[int, Note] = {}
    for label, c in called.items():
        if label in note_by_label:
            out[label] = note_by_label[label]
            report.counts["calls-linked"] += 1
            p = note_page.get(label, 0)
            if p not in (page_of[c.line], page_of[c.line] + 1):
                report.problem("PDF004", f"note {label} is not on the page of "
                               f"its call or the next", c.line)
        else:
            out[label] = Note(str(label), (), missing=True,
                              source=Source(source, c.line))
            report.counts["calls-without-notes"] += 1
            report.problem("PDF001", f"call {label} has no note in the source "
                           "(the note text is missing)", c.line)
    first_call = min(called) if called else None
    title: list[str] = []
    for label, note in sorted(note_by_label.items()):
        if label in called:
            continue
        line = note.source.line if note.source else 0
        report.counts["notes-without-calls"] += 1
        lead = first_call is None or label < first_call
        if lead and title_opt is not False:
            title.append(str(label))
            report.problem("PDF002", f"note {label} has no call before the "
                           "text begins: it belongs to the title", line)
        else:
            report.problem("PDF003", f"note {label} has no call in the text",
                           line)
        out[label] = note
    labels = sorted(called)
    for a, b in zip(labels, labels[1:]):
        for skipped in range(a + 1, b):
            if skipped not in note_by_label:
                report.problem("PDF006", f"no call and no note for label "
                               f"{skipped}", called[b].line)
    return [out[k] for k in sorted(out)], title


def _count(doc: Document, report: CleaningReport) -> None:
    """The report's structural counts."""
    kinds = {"paragraphs": Paragraph, "headings": Heading,
             "block-quotes": BlockQuote, "lists": BulletList}
    for name, cls in kinds.items():
        report.counts[name] = sum(1 for b in doc.blocks if isinstance(b, cls))
    report.counts["list-items"] = sum(len(b.items) for b in doc.blocks
                                      if isinstance(b, BulletList))
    report.counts["notes"] = sum(1 for n in doc.notes if not n.missing)
    report.counts["lines-removed"] = sum(
        1 for r in report.removals if r.kind in ("page-number",
                                                 "running-head"))
    for key in ("calls-linked", "calls-without-notes", "notes-without-calls",
                "hyphen-kept", "hyphen-joined"):
        report.counts[key] += 0
    report.counts["hyphens-kept"] = report.counts["hyphen-kept"]
    report.counts["hyphens-joined"] = report.counts["hyphen-joined"]
