"""``pdf``: PDF files with a text layer, rebuilt from their layout.

PyMuPDF reads each line's spans with font, size, flags, box and baseline
(:mod:`.extract`); the document is rebuilt from that geometry, not from
guesses about plain text:

* :mod:`.imposed` cuts an imposed booklet's sheets (two pages a side, in
  folding order) into pages in reading order;
* :mod:`.layout` measures the body type, margins and columns, removes page
  furniture (running heads, feet, folios, printer's marks) and finds each
  page's footnote zone; :mod:`.columns` reads pages of three or more
  columns;
* :mod:`.tables` takes ruled tables out of the lines, to be set as
  tables where they stood;
* :mod:`.contents` takes a printed table of contents out;
* :mod:`.margins` takes sidenotes (notes in the outer margin) out;
* :mod:`.notes` finds raised calls and the notes' labels, follows notes
  across pages, finds end notes and numbers the pairs; linking is
  ``pdf-text``'s (:func:`pamphleteer.cleaners.pdf_text.link_notes`);
* :mod:`.blocks` makes headings, paragraphs, quotations, verse and lists;
* :mod:`.inlines` carries italics, bold, small capitals, superscripts and
  calls through hyphen decisions (``pdf-text``'s) and typography;
* :mod:`.meta` reads the info dictionary, XMP, ``/Lang``, the title block
  and a closing colophon page.

Options: ``pages`` (``"12-40"``: one text out of a collection) and
``select`` (the title of an outline entry).  Problem codes are those of
``pdf-text`` (``PDF001``-``PDF006``) plus ``PDF009`` (raised digits kept as
superscripts: the file has no notes), ``PDF010`` (note text before any
labelled note, kept as a paragraph at the end), ``PDF011`` (an imposed
booklet whose page order could not be proven), ``PDF012`` (page N:
columns seen but not told apart with confidence; read in rows) and
``PDF015`` (page N: a ruled grid not read as a table), ``PDF016`` (page
N: a table without vertical rules guessed from its words' positions),
``PDF017`` (page N: letter-spaced text read as words), ``PDF018`` (page
N: characters with no Unicode mapping removed).
"""

from __future__ import annotations

from typing import Any, Mapping

from ... import languages
from ...errors import InputError, ManifestError
from ...text import typography_language
from ...model import (BlockQuote, BulletList, Code, Division, Document,
                      Heading, LineBreak, Note,
                      OrderedList, Paragraph, Source, document_words)
from ...report import CleaningReport, check_conservation
from ..registry import CleanResult, cleaner
from ..pdf_text import link_notes
from ..pdf_text.hyphens import vocabulary
from . import (blocks, columns, contents, extract, imposed, inlines, layout,
               margins, meta, notes, tables)

OPTIONS = {
    "pages": "page range of the text in the file (\"12-40\", \"5-\")",
    "select": "title of the outline entry (bookmark) holding the text",
    "first_note_belongs_to_title": "bool: notes before the first call "
                                   "belong to the title",
}

MIN_CHARS_PER_PAGE = 40
"""Fewer characters per page than this, on average, is a scan."""


def detect(data: bytes) -> float:
    """A PDF (its header in the first KiB); higher when it has text."""
    if not isinstance(data, (bytes, bytearray)) or b"%PDF-" not in data[:1024]:
        return 0.0
    try:
        import pymupdf

        doc = pymupdf.open(stream=bytes(data), filetype="pdf")
        if doc.needs_pass:
            return 0.9
        for page in doc.pages(stop=8):
            if page.get_text("text").strip():
                return 0.95
        return 0.6  # a scan: chosen all the same, so clean() can explain
    except Exception:
        return 0.6


def parse_options(options: Mapping[str, Any]) -> dict:
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise ManifestError(
            f"pdf: unknown option(s): {', '.join(unknown)}",
            problems=[f"supported: {k} ({v})" for k, v in OPTIONS.items()])
    if "pages" in options and "select" in options:
        raise ManifestError("pdf: give `pages` or `select`, not both")
    sel = options.get("select")
    if sel is not None and (not isinstance(sel, str) or not sel.strip()):
        raise ManifestError("pdf: select must be the title of an outline "
                            "entry")
    t = options.get("first_note_belongs_to_title")
    if t is not None and not isinstance(t, bool):
        raise ManifestError("pdf: first_note_belongs_to_title must be true "
                            "or false")
    return dict(options)


def _said_spaced(pages: list, report: CleaningReport) -> None:
    """``PDF017`` and a change for each line whose letter-spaced words
    were joined (``spacing.py``): a guess from the letters' gaps."""
    for p in pages:
        for ln in p:
            if ln.spaced_from:
                report.change("letterspaced-joined", ln.spaced_from,
                              ln.text, ln.n, "letters set apart by "
                              "tracking read as words", rewrite=True)
                report.problem(
                    "PDF017", f"page {ln.page + 1}: letter-spaced text "
                    f"“{ln.spaced_from}” read as “{ln.text}” from the "
                    "gaps between its letters: check it", ln.n)


@cleaner("pdf", detect=detect, version="1", extensions=(".pdf",),
         binary=True, docs="docs/formats/pdf.md",
         description="PDF with a text layer, rebuilt from its layout: "
                     "running heads and folios removed, footnotes and end "
                     "notes linked, headings, quotations, verse, lists, "
                     "italics and bold, two to four columns, contents "
                     "pages, "
                     "imposed booklets (The Anarchist Library's LaTeX "
                     "PDFs); pages: or select: takes one text; scans "
                     "refused with OCR advice")
def clean(raw: bytes, *, source: str, options: Mapping[str, Any]
          ) -> CleanResult:
    """Clean a PDF's text layer into a :class:`Document`."""
    if isinstance(raw, str):
        raise InputError(f"{source}: the pdf reader needs the file's bytes")
    opts = parse_options(options)
    report = CleaningReport("pdf", source)
    doc = extract.open_pdf(bytes(raw), source)
    if "pages" in opts:
        indexes = extract.parse_pages(opts["pages"], doc.page_count, source)
    elif "select" in opts:
        indexes = extract.outline_pages(doc, opts["select"], source)
    else:
        indexes = list(range(doc.page_count))
    pages, infos = extract.read_pages(doc, indexes, report)
    trims = [_trim(doc[i]) for i in indexes]
    sheets = imposed.imposed(pages, infos)
    found_tables: list[tables.Found] = []
    if not sheets:  # (a table of digits is no vertical writing)
        pages, found_tables = tables.take_all(doc, pages, infos, report)
    _refuse_scan(pages, infos, source, report)
    if sheets:
        # An imposed booklet: the sheets' halves, in reading order.
        pages, infos = imposed.unimpose(pages, infos, report)
        trims = [None] * len(pages)
    report.counts["pages"] = len(pages)
    size = layout.body_size(pages)
    pages, unclear = _read_order(pages, infos, size)
    raw_lines: list[str] = []
    lines_in: list = []  # (what conservation counts)
    for p in pages:
        for ln in p:
            raw_lines.append(ln.text)
            # (conservation counts the printed line: the join is a rewrite)
            lines_in.append((ln.spaced_from or ln.text, list(ln.spans)))
            ln.n = len(raw_lines)
    pages = tables.number(found_tables, pages, raw_lines, lines_in)
    _said_spaced(pages, report)
    tables.guessed(found_tables, report)
    for k, why in unclear:
        report.problem("PDF012", f"page {infos[k].index + 1}: columns not "
                       f"told apart with confidence ({why}); read in rows, "
                       "which may interleave them: check this page",
                       pages[k][0].n if pages[k] else 0)
    report.counts["lines-in"] = len(raw_lines)
    pages = layout.furniture(pages, infos, size, trims, report)
    pages, sidenotes = margins.take(pages, size)
    geo = layout.geometry(pages, size)
    facts = meta.pdf_facts(doc)
    # The language line-end hyphens are judged in: the manifest's or the
    # file's; else the text's own words, when they say it plainly (LaTeX,
    # Amusewiki's PDFs among them, writes no /Lang).  The metadata's is
    # left to the file: a guess there is clean_in_language's, reported.
    hy_lang = typography_language(facts["language"])
    if not facts["language"] and hy_lang == "en":
        g = languages.guess("\n".join(raw_lines))
        if g.language and g.language != "en":
            hy_lang = g.language
            report.change("hyphen-language", "", g.language, 1,
                          detail=f"the file names no language; {g.share:.0%}"
                          f" of its words are {g.language} stop words "
                          f"({g.runner_up or 'none'} {g.runner_share:.0%}): "
                          "line-end hyphens judged by its word list")
    closing = meta.colophon(pages, geo, facts,
                            infos[-1].width if infos else 0.0)
    if closing:
        facts["colophon"] = " / ".join(ln.text.strip() for ln in closing)
        facts["colophon-lines"] = [ln.text for ln in closing]
        for ln in closing:
            report.remove("colophon", ln.text.strip(), ln.n)
        pages = pages[:-1] + [[]]
    pages = contents.remove_contents(pages, geo, report)

    # Note zones, page by page; calls in the body.
    body: list = []
    zones: list[tuple[int, list]] = []
    last_note: notes.PdfNote | None = None
    calls_on: dict[int, set[str]] = {}
    # Calls in tables' cells (a figure's note), in the tables' places.
    t_calls, place_of = tables.calls(found_tables, notes.find_calls)
    for c in t_calls:
        calls_on.setdefault(c.page, set()).add(c.label)
    gathered: list[notes.PdfNote] = []
    for lines, info, margin in (
            (run, info, sidenotes.get(k, []) if j == len(runs) - 1 else [])
            for k, (runs, info) in enumerate(zip(
                map(layout.column_runs, pages), infos))
            for j, run in enumerate(runs)):
        # Each column of a two-column page has its own foot (LaTeX sets
        # notes under the column that calls them).
        right = geo.edges(last_note.lines[-1])[1] if last_note is not None \
            else info.width
        carried = last_note.lines[-1].size if last_note is not None and \
            notes.unfinished(last_note, right) else None
        split = layout.split_notes(lines, info, geo, carried)
        split.notes[:0] = margin  # sidenotes before the foot's notes
        page_body = _attach_lone_calls(split.body, size)
        found = notes.find_calls(page_body)
        calls_on.setdefault(info.index, set()).update(
            c.label for c in found)
        body += page_body
        if split.notes:
            zones.append((info.index, split.notes))
            new = notes.gather([(info.index, split.notes)], size, calls_on)
            if new and not new[0].label and gathered:
                gathered[-1].lines += new[0].lines
                new = new[1:]
            gathered += new
            last_note = gathered[-1] if gathered else None
    calls = sorted(notes.find_calls(body) + t_calls,
                   key=lambda c: place_of.get(id(c.line), c.line.n))
    # End notes when calls lack notes on their pages.
    have = {(n.page, n.label) for n in gathered}
    wanted = [c.label for c in calls if (c.page, c.label) not in have and
              (c.page + 1, c.label) not in have]
    last_call = max((body.index(c.line) for c in calls
                     if id(c.line) not in place_of), default=-1)
    ends, heading, cut = notes.endnotes(body, last_call, wanted, size)
    for ln in heading:
        report.remove("notes-heading", ln.text.strip(), ln.n)
    if ends:
        body = body[:cut]
        report.counts["endnotes"] = len(ends)
    orphans = [n for n in gathered if not n.label]
    gathered = [n for n in gathered if n.label]
    no_notes = not gathered and not ends
    sups: set[int] = set()
    if no_notes and calls:
        for c in calls:
            sups.add(id(c.span))
        report.problem("PDF009", f"{len(calls)} raised number(s) kept as "
                       "superscripts: the file has no notes", calls[0].line.n)
        calls = []
    elif calls:
        calls = _answered(calls, gathered, ends, sups, report)
    far: list[notes.PdfNote] = []
    notes.pair(calls, gathered, ends, report, far)
    call_of = {id(c.span): c.value for c in calls}
    for ln in body:
        for s in ln.spans:
            if id(s) not in call_of and notes.raised(s, ln) and \
                    s.text.strip() and not s.text.strip().isdigit():
                sups.add(id(s))
            elif id(s) not in call_of and id(s) not in sups and \
                    notes.raised(s, ln) and s.text.strip().isdigit():
                sups.add(id(s))
    renumbered = any(c.kind == "note-renumbered" for c in report.changes)

    # Blocks.
    units = blocks.segment(body, geo)
    title, authors, subtitle, units = meta.title_block(
        units, infos[0].index if infos else 0, geo, facts)
    while units and units[-1].kind == "heading" and \
            notes.ENDNOTES_HEADING.match(_unit_text(units[-1])) and \
            (gathered or ends):
        for ln in units[-1].lines:
            report.remove("notes-heading", ln.text.strip(), ln.n)
        units = units[:-1]
    blocks.levels(units)
    vocab = vocabulary(raw_lines, hy_lang)
    src = source

    def runs_of(ln, drop=frozenset(), skip=0):
        rs = inlines.line_runs(ln, call_of, sups, drop)
        return _skip(rs, skip)

    out_blocks: list = []
    for u in units:
        out_blocks.append(_block(u, runs_of, vocab, report, src))
    out_blocks = _lists(out_blocks, units)
    if found_tables:
        out_blocks = tables.place(
            out_blocks, found_tables,
            lambda cell, head: inlines.to_inlines(inlines.join(
                [(ln.n, runs_of(ln, frozenset({"b"} if head else ())))
                 for ln in cell], vocab, report), report), src, report)
    title_text = _plain(title, runs_of, vocab, report)
    sub_text = _plain(subtitle, runs_of, vocab, report)
    side = len(authors) > 1 and len({ln.page for ln in authors}) == 1 and \
        max(ln.base for ln in authors) - min(ln.base for ln in authors) \
        < 0.2 * authors[0].size
    # (names side by side on one line, each line its own: "Yusuke
    # Shinyama    Satoshi Sekine", LaTeX's \And)
    author_names = [n for group in ([[ln] for ln in authors] if side
                                    else [authors])
                    for n in meta.split_names(_plain(group, runs_of, vocab,
                                                     report))]
    for ln in authors:
        if meta._BY.match(ln.text):
            report.remove("byline", "by", ln.n)
    for ln in title + subtitle + authors:
        for s in ln.spans:
            if id(s) in call_of:
                call_of.pop(id(s))
    calls = [c for c in calls if id(c.span) in call_of or c.line not in
             title + subtitle + authors]

    # Notes.
    note_by: dict[int, Note] = {}
    note_page: dict[int, int] = {}
    for nt in gathered + ends:
        if not nt.value:
            orphans.append(nt)  # kept as text, never dropped
            continue
        joined = inlines.join([(ln.n, runs_of(ln, skip=nt.skip if k == 0
                                               else 0))
                               for k, ln in enumerate(nt.lines)],
                              vocab, report)
        kids = inlines.to_inlines(joined, report)
        note = Note(str(nt.value), (Paragraph(kids, Source(src, nt.lines[0].n)),),
                    source=Source(src, nt.lines[0].n))
        if nt.value in note_by:
            first = note_by[nt.value]
            note = Note(first.label, first.blocks + note.blocks,
                        source=first.source)
            report.problem("PDF008", f"note {nt.label} is printed twice; "
                           "both texts kept in one note", nt.lines[0].n)
        note_by[nt.value] = note
        note_page[nt.value] = -1 if any(nt is e for e in ends + far) \
            else nt.page
        if renumbered or nt.label != str(nt.value):
            report.remove("note-label", nt.label, nt.lines[0].n)
    page_of = {}
    for c in calls:
        page_of[c.line.n] = c.page
        if renumbered or c.label != str(c.value):
            report.remove("note-call", c.label, c.line.n)
    for v, pg in list(note_page.items()):
        if pg == -1:  # end notes stand apart from their calls by design
            owner = next((c for c in calls if c.value == v), None)
            note_page[v] = owner.page if owner else 0
    linked = [_Chosen(c.value, c.line.n) for c in calls]
    doc_notes, title_notes = link_notes(
        linked, note_by, note_page, page_of,
        opts.get("first_note_belongs_to_title"), src, report)
    if orphans:
        for nt in orphans:
            joined = inlines.join([(ln.n, runs_of(ln)) for ln in nt.lines],
                                  vocab, report)
            out_blocks.append(Paragraph(inlines.to_inlines(joined, report),
                                        Source(src, nt.lines[0].n)))
            report.problem("PDF010", "note text stands before any labelled "
                           "note; kept as a paragraph at the end",
                           nt.lines[0].n)
    printed = {meta._squash(a) for a in author_names}
    unsure = [a for a in facts["not-names"] if meta._squash(a) not in printed]
    if unsure:
        report.problem("PDF014", "the file's Author field (“"
                       + "; ".join(unsure) + "”) reads as an account or a "
                       "file, not a name, and the first page does not "
                       "print it under the title: left out; write "
                       "`authors:`", 1)
    md = meta.metadata(title_text, sub_text, author_names, facts)
    document = Document(md, tuple(out_blocks), tuple(doc_notes),
                        tuple(title_notes))
    _count(document, report)
    check_conservation("\n".join(_words_text(t, sp, call_of)
                                  for t, sp in lines_in),
                       document_words(document), report)
    return CleanResult(document, report)


def _read_order(pages, infos, size):
    """Each page's lines in reading order (three or more columns by
    :mod:`.columns`, one or two by :func:`.layout.columns`), and the pages
    (index, why) whose columns could not be told apart."""
    out = []
    unclear: list[tuple[int, str]] = []
    for k, (p, info) in enumerate(zip(pages, infos)):
        gut = columns.find(p, info, size)
        if gut.cuts:
            lines = extract.merge_lines(columns.split(p, gut, size),
                                        gut.cuts)
            out.append(columns.order(lines, gut, size))
            continue
        if gut.unclear:
            unclear.append((k, gut.unclear))
        out.append(layout.columns(extract.merge_lines(p), info, size))
    return out, unclear


def _unit_text(u: blocks.Unit) -> str:
    return " ".join(ln.text.strip() for ln in u.lines)


class _Chosen:
    """A call as :func:`link_notes` reads it."""

    def __init__(self, value: int, line: int):
        self.value = value
        self.line = line


def _refuse_scan(pages, infos, source: str, report) -> None:
    chars = sum(len(ln.text.strip()) for p in pages for ln in p)
    stacked = _stacked(pages)
    if 2 * stacked > chars:
        # (vertical writing set one character to a line, top to bottom)
        raise InputError(
            f"{source}: its text runs vertically ({stacked} of {chars} "
            "characters stand one to a line in columns read top to bottom, "
            "as Japanese or Chinese is written), which the pdf reader does "
            "not read; extract the text with a tool that does and give it "
            "as text")
    if chars >= MIN_CHARS_PER_PAGE * len(pages) / 4 and chars > 0:
        return
    angled = sum(len(r.text.strip()) for r in report.removals
                 if r.kind == "rotated-text")
    if angled > chars:
        raise InputError(f"{source}: its text runs vertically or at an "
                         "angle (vertical CJK writing, turned pages), which "
                         "the pdf reader does not read; extract the text "
                         "with a tool that does and give it as text")
    images = sum(i.images for i in infos)
    what = ("its pages are images (a scan) with no text layer"
            if images else "it has no text layer")
    raise InputError(f"{source}: {what}; pamphleteer reads the text of a "
                     f"PDF and cannot read pictures of text; "
                     f"{extract.ocr_advice(source)}")


def _stacked(pages) -> int:
    """Characters set one to a line with another just above or below at
    the same left edge: vertical writing, which MuPDF gives as a column
    of one-character lines."""
    n = 0
    for p in pages:
        single = [ln for ln in p if len(ln.text.strip()) == 1]
        at: dict[int, list] = {}
        for ln in single:
            at.setdefault(round(ln.x0), []).append(ln)
        for ln in single:
            near = [o for dx in (-1, 0, 1) for o in at.get(round(ln.x0) + dx,
                                                            ())]
            if any(o is not ln and abs(o.x0 - ln.x0) < 1 and
                   0 < abs(o.y0 - ln.y0) <= 1.5 * ln.size for o in near):
                n += 1
    return n


def _trim(page):
    """The page's trim box in text coordinates, when it is smaller than
    the page (text outside it is printer's marks)."""
    try:
        t, c = page.trimbox, page.cropbox
    except Exception:
        return None
    if abs(t.width - c.width) < 1 and abs(t.height - c.height) < 1:
        return None
    return (t.x0 - c.x0, t.y0 - c.y0, t.x1 - c.x0, t.y1 - c.y0)


def _words_text(text: str, spans: list, calls: dict[int, int]) -> str:
    """A line's text (as read, before any call was moved) for the
    conservation count: a call set against a number (``8,935,112³``)
    counted as a word of its own, as the call it becomes is (a
    superscript that is no call stays glued: ``10⁶``)."""
    if not any(id(s) in calls for s in spans[1:]):
        return text
    out = ""
    prev = None
    for s in spans:
        if prev is not None and (s.x0 - prev.x1 > 0.18 * min(
                s.size, prev.size) and not prev.text[-1:].isspace()
                and not s.text[:1].isspace() or out[-1:].isdigit()
                and s.text[:1].isdigit() and id(s) in calls):
            out += " "
        out += s.text
        prev = s
    return out


def _answered(calls: list, gathered: list, ends: list, sups: set[int],
              report: CleaningReport) -> list:
    """The calls some note could answer; the others are superscripts.

    A raised number or mark is a call when a note of its label is left
    for it as ``notes.pair`` pairs them, each note answering one call: on
    its page or the next, then further on, then among the end notes.  One
    that none answers is an exponent (``S²``, ``10⁶`` set twenty times),
    a unit or an ordinal: kept as a superscript with ``PDF009`` and its
    line, unless it stands in the numbering between two answered calls
    whose gap the calls between them fill exactly (3, 4, 5 with 4's note
    not found: a call, ``PDF001``).
    """
    used: set[int] = set()
    ok = [False] * len(calls)
    for k, c in enumerate(calls):
        nt = next((n for n in gathered if id(n) not in used and
                   n.label == c.label and n.page in (c.page, c.page + 1)),
                  None)
        if nt is not None:
            used.add(id(nt))
            ok[k] = True
    end_ids = {id(n) for n in ends}
    for k, c in enumerate(calls):
        if ok[k]:
            continue
        nt = next((n for n in gathered + ends if id(n) not in used and
                   n.label == c.label and (id(n) in end_ids or
                                           n.page >= c.page)), None)
        if nt is not None:
            used.add(id(nt))
            ok[k] = True
    keep = []
    answered = list(ok)
    for k, c in enumerate(calls):
        if not ok[k] and c.label.isdigit():
            j0 = next((j for j in range(k - 1, -1, -1) if answered[j]), None)
            j1 = next((j for j in range(k + 1, len(calls)) if answered[j]),
                      None)
            # the unanswered calls between two answered ones number
            # exactly the gap between them (3, [4], 5; not 4, [6, 10], 14)
            ok[k] = j0 is not None and j1 is not None and \
                calls[j0].label.isdigit() and calls[j1].label.isdigit() and \
                [x.label for x in calls[j0 + 1:j1]] == [
                    str(v) for v in range(int(calls[j0].label) + 1,
                                          int(calls[j1].label))]
        if ok[k]:
            keep.append(c)
            continue
        sups.add(id(c.span))
        report.problem("PDF009", f"raised {c.label} kept as a superscript "
                       f"(page {c.page + 1}): no note answers it", c.line.n)
    return keep


def _attach_lone_calls(lines: list, size: float) -> list:
    """A raised call the layout pushed onto a line of its own goes back to
    the end of the line before."""
    out: list = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and layout._lone_call(ln, size) and \
                ln.page == prev.page and layout.is_body(prev, size) and \
                0 < ln.base - prev.base < 1.6 * size:
            s = ln.spans[0]
            s.superscript = True
            prev.spans.append(s)
            continue
        out.append(ln)
    return out


def _skip(runs: list, skip: int) -> list:
    """Runs without their first ``skip`` characters (a note's label)."""
    out = []
    for t, st in runs:
        if skip <= 0:
            out.append((t, st))
        elif len(t) <= skip:
            skip -= len(t)
        else:
            out.append((t[skip:], st))
            skip = 0
    return out


def _plain(lines, runs_of, vocab, report) -> str:
    from ...model import inline_text

    if not lines:
        return ""
    joined = inlines.join([(ln.n, runs_of(ln, drop={"b", "i"}))
                           for ln in lines], vocab, report)
    return inline_text(inlines.to_inlines(joined, report))


def _block(u: blocks.Unit, runs_of, vocab, report, src: str):
    s = Source(src, u.lines[0].n)
    if u.kind == "heading":
        bold = all(sp.bold for ln in u.lines for sp in ln.spans
                   if sp.text.strip())
        italic = all(sp.italic for ln in u.lines for sp in ln.spans
                     if sp.text.strip())
        drop = {"b"} if bold else set()
        if italic:
            drop.add("i")
        joined = inlines.join([(ln.n, runs_of(ln, frozenset(drop)))
                               for ln in u.lines], vocab, report)
        return Heading(u.level, inlines.to_inlines(joined, report), source=s)
    if u.kind == "code":
        # One preformatted block, as the Muse reader makes {{{ }}}: its
        # lines as they are printed (no hyphen joined, no typography), a
        # blank line where the gap is wider than a line's.
        kids: list = []
        left: dict = {}  # each page's own (two-sided margins differ)
        for ln in u.lines:
            left[ln.page] = min(left.get(ln.page, ln.x0), ln.x0)
        for k, b in enumerate(u.lines):
            if k:
                a = u.lines[k - 1]
                kids.append(LineBreak())
                if blocks._same_flow(a, b) and \
                        b.base - a.base > 1.6 * (b.size or 1):
                    kids.append(LineBreak())
            # Typewriter letters are all one width: the indent in spaces.
            text = b.text.strip()
            per = (b.x1 - b.x0) / max(1, len(text))
            kids.append(Code(" " * round((b.x0 - left[b.page]) / per) + text))
        report.counts["code-blocks"] += 1
        return Division("example", (Paragraph(tuple(kids), s),), source=s)
    if u.kind in ("quote", "verse"):
        paras = []
        for part in u.parts:
            joined = inlines.join([(ln.n, runs_of(ln)) for ln in part],
                                  vocab, report, breaks=u.kind == "verse")
            paras.append(Paragraph(inlines.to_inlines(joined, report),
                                   Source(src, part[0].n)))
        if u.kind == "verse":
            report.counts["verse"] += 1
        return BlockQuote(tuple(paras), source=s)
    joined = inlines.join([(ln.n, runs_of(ln)) for ln in u.lines], vocab,
                          report)
    if u.kind in ("number", "item"):
        head = "".join(r[0] for r in joined)
        pattern = blocks.ORDINAL if u.kind == "number" else blocks.BULLET
        m = pattern.match(head)
        if m:
            report.remove("list-number" if u.kind == "number" else "bullet",
                          m.group().strip(), u.lines[0].n)
            joined = [list(r) for r in _skip(joined, m.end())]
    return Paragraph(inlines.to_inlines(joined, report), source=s)


def _lists(out_blocks: list, units: list) -> list:
    res: list = []
    prev = ""
    for u, b in zip(units, out_blocks):
        if u.kind == "item":
            if res and prev == "item":
                res[-1] = BulletList(res[-1].items + ((b,),), res[-1].source)
            else:
                res.append(BulletList(((b,),), b.source))
        elif u.kind == "number":
            if res and prev == "number":
                res[-1] = OrderedList(res[-1].items + ((b,),), res[-1].start,
                                      res[-1].source)
            else:
                m = blocks.ORDINAL.match(u.lines[0].text)
                assert m is not None, "a numbered unit opens with its number"
                res.append(OrderedList(((b,),), int(m.group(1)), b.source))
        else:
            res.append(b)
        prev = u.kind
    res += out_blocks[len(units):]
    return res


def _count(doc: Document, report: CleaningReport) -> None:
    kinds = {"paragraphs": Paragraph, "headings": Heading,
             "block-quotes": BlockQuote, "lists": BulletList}
    for name, cls in kinds.items():
        report.counts[name] = sum(1 for b in doc.blocks if isinstance(b, cls))
    report.counts["notes"] = sum(1 for n in doc.notes if not n.missing)
    for key in ("calls-linked", "calls-without-notes", "notes-without-calls",
                "hyphen-kept", "hyphen-joined"):
        report.counts[key] += 0
