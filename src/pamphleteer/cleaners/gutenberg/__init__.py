"""Reader for Project Gutenberg plain text (``gutenberg``).

What it does, in order (docs/formats/gutenberg.md has the user's view):

1. finds the body between the start and end markers of any era
   (:mod:`.frame`), and records the header, the licence and the footer as
   removed (``gutenberg-header``, ``gutenberg-licence``);
2. reads ``Title:``, ``Author:``, ``Translator:``, ``Editor:``,
   ``Language:``, ``Release Date:`` and ``Original publication:`` into the
   metadata (the production credits go to ``extra``);
3. cuts the body into chunks (:mod:`.body`) and makes headings, verse,
   block quotations, prose paragraphs (hard-wrapped lines joined),
   section breaks, illustrations, sidenotes and transcriber's notes;
4. links note calls (``[1]``, ``{1}``) to ``[Footnote 1: ...]`` blocks or
   end-notes, in order (a text whose notes restart their numbering per
   section is renumbered, and says so);
5. applies the shared typography (in the text's language) and proves that
   every word is kept, in the document or the report.

Problem codes: ``GUT001`` no start marker, ``GUT002`` no end marker,
``GUT003`` a call whose note is missing, ``GUT004`` a note nothing calls
(kept as a paragraph), ``GUT005`` a language the header names that we have
no tag for, ``GUT006`` a bracket that never closes, ``GUT007`` the header
gives no title, ``GUT008`` a note whose label stands alone, its text taken
from the blocks after it (where it ends is a guess), ``GUT009`` an
underscore that pairs with none (kept as text; the italics around it may
be wrong), ``GUT010`` unheaded paragraphs taken as the transcriber's note
(or the edition's notice), ``GUT011`` a publisher's catalogue (at the end
or before the title page) or a list of other books (:mod:`.ads`),
``GUT012`` letter-spaced words read as words (:mod:`.spacing`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import AbstractSet, Any, Mapping

from ...errors import InputError
from ...model import (Block, BlockQuote, Division, Document, Heading, Metadata,
                      Note, Paragraph, Source, Text, ThematicBreak,
                      document_words)
from ...report import CleaningReport, check_conservation
from ...text import TITLE_PAGE_SIGN, TITLE_PAGE_WORDS, typography, words
from ..registry import CleanResult, cleaner
from . import ads, body as B
from .edition import unheaded_note
from .notes import find_notes as _find_notes
from .notes import in_call_order as _in_call_order, plain as _plain
from .notes import is_notes_heading as _is_notes_heading
from .notes import renumbered as _renumbered
from .frame import FIRST_LINE, Frame, split_frame
from .state import NoteDef, State
from .titlepage import (half_title, title_page_end, title_page_like,
                        verse_base)
from .meta import read_metadata
from .inline import TILDE_BOLD, lone_underscores, parse
from .spacing import join_spaced

NAME = "gutenberg"
_KNOWN_OPTIONS = frozenset({"keep_contents", "keep_title_block",
                            ads.OPTION})
# A PG HTML file holds the same markers: leave it to the HTML reader.
_HTML = re.compile(r"<(?:html|body|p|div|h[1-6]|br)\b", re.IGNORECASE)


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------

def detect(raw: str) -> float:
    """Score in [0, 1] that ``raw`` is a Project Gutenberg plain text."""
    head = raw[:60000]
    if len(_HTML.findall(head)) >= 5:
        return 0.02  # Gutenberg HTML: for the HTML reader
    lines = raw.replace("\r\n", "\n").split("\n")
    frame = split_frame(lines)
    score = 0.0
    if frame.era == "start-marker":
        score = 0.75
    elif frame.era == "small-print":
        score = 0.7
    elif frame.era == "header-only":
        score = 0.55 if frame.end_marker >= 0 else 0.4
    if frame.end_marker >= 0:
        score += 0.15
    top = "\n".join(lines[:80])
    if FIRST_LINE.search(top.strip().split("\n", 1)[0] if top.strip() else ""):
        score += 0.1
    elif "Project Gutenberg" in top:
        score += 0.05
    if score == 0.0 and "Project Gutenberg" in raw:
        score = 0.1  # mentions the project, but has no frame
    return round(min(1.0, score), 3)


# --------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------

def _typo(text: str, state: State) -> str:
    out, counts = typography(text, state.language or "")
    state.report.add_counts(counts)
    return out


# A call inside italics whose closing underscore got into the bracket
# ("the sign of the Macrocosm.[_6]"): the underscore belongs before it.
_CALL_IN_ITALICS = re.compile(r"\[_(\d{1,3})\]")


def _inlines(text: str, line: int, state: State) -> tuple:
    text = _CALL_IN_ITALICS.sub(r"_[\1]", text)
    out = parse(_typo(text, state),
                lambda raw, off: state.call_label(raw, off, line),
                state.tilde_bold)
    lone_underscores(out, line, state.report)
    return out


def _title_cased(line: str) -> bool:
    """A chapter's title in title case under its number ("Festival
    Customs.", "Natural Objects and their Superstitions.", "Fairies."):
    it opens with a capital and two thirds of its longer words are
    capitalised; no words spoken (a quotation mark), no question or cry:
    a one-line first paragraph is none of these."""
    if re.search(r"[\"“”‘?!]", line) or not line[:1].isupper():
        return False
    long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return bool(long) and \
        sum(w[0].isupper() for w in long) >= 2 / 3 * len(long)


def _src(state: State, line: int) -> Source:
    return Source(state.report.file, line)


def _prose(c: B.Chunk, state: State) -> Paragraph:
    if len(c.lines) > 1:
        state.report.counts["lines-joined"] += len(c.lines) - 1
    state.report.counts["paragraphs"] += 1
    return Paragraph(_inlines(c.text, c.line, state), _src(state, c.line))


# A verse line's indentation: no-break spaces at the line's start, as the
# pandoc readers carry a line block's (Muse, Gutenberg HTML's ``span.i2``).
INDENT = "\u00a0"


def _verse(c: B.Chunk, state: State, base: int | None = None) -> Paragraph:
    """A chunk kept line by line (typography per line: a dash at a line's
    end must not swallow the line break).  With ``base`` (the poem's
    margin), each line keeps its indent beyond it as no-break spaces."""
    indents = B.verse_indents(c.lines, base, state.width) \
        if base is not None else [0] * len(c.lines)
    text = "\n".join(INDENT * n + _typo(" ".join(s.split()), state)
                     for n, s in zip(indents, c.lines))
    if any(indents):
        state.report.counts["verse-lines-indented"] += sum(
            1 for n in indents if n)
    text = _CALL_IN_ITALICS.sub(r"_[\1]", text)
    state.report.counts["verse-lines"] += len(c.lines)
    line = c.line
    out = parse(text, lambda raw, off: state.call_label(raw, off, line),
                state.tilde_bold)
    lone_underscores(out, line, state.report)
    return Paragraph(out, _src(state, c.line))


def build(items: list[B.Chunk], state: State, meta: Metadata,
          options: Mapping[str, Any]) -> tuple[list[Block], list[Note]]:
    """Blocks and notes from the body's chunks."""
    report = state.report
    _find_notes(items, state)
    meta_words = set(words(" ".join([meta.title, meta.subtitle,
                                     *meta.authors, *meta.translators,
                                     *meta.editors])))
    ranks = [r for c in items if c.kind != "note"
             and (r := B.heading_rank(c, state.typical_gap)) is not None]
    # A volume's number standing once, before the text opens, is the
    # title page's ("SCANDINAVIAN CLASSICS / VOLUME VI"), not a division
    # of the text: the text's own parts rank below nothing.
    lone = None
    if ranks.count(0) == 1:
        lone = next(k for k, c in enumerate(items) if c.kind != "note" and
                    B.heading_rank(c, state.typical_gap) == 0)
        if ads.front_limit(items[:lone], state.typical_gap,
                           state.width) < lone:
            lone = None  # the text opened above it
        else:
            ranks.remove(0)
    levels = {r: i + 1 for i, r in enumerate(sorted(set(ranks)))}
    out: list[tuple[str, Any]] = []  # (kind, block or chunk)
    seen_content = False
    # A publisher's pages: a notice and catalogue before the title page,
    # a catalogue ending the book, lists of other books under their
    # heading ("BY THE SAME AUTHOR").
    found_ads: dict[int, tuple[int, str]] = {}
    if at := ads.find_front(items, state.typical_gap, state.width):
        found_ads[at[0]] = (at[1], "a publisher's notice or catalogue "
                            "before the text (prices, formats, ordering)")
    if at := ads.find_tail(items):
        found_ads[at[0]] = (at[1], "")
    for a, b in ads.find_lists(items, state.typical_gap, state.width,
                               [(a, b) for a, (b, _) in found_ads.items()]):
        head = re.sub(r"[_=]", "", " ".join(items[a].text.split()))
        found_ads[a] = (b, f"a list of other books (“{head}”)")
    front = title_page_end(items, state, [(a, b) for a, (b, _)
                                           in found_ads.items()])
    i = 0
    while i < len(items):
        c = items[i]
        head = c.lines[0].strip()
        if i in found_ads:
            end, what = found_ads[i]
            state.no_calls = True
            div = ads.advertisement(
                items[i:end], ads.choice(options, report.file), report,
                state.width, lambda g: _verse(g, state),
                lambda g: _prose(g, state), what)
            state.no_calls = False
            out += [("block", div)] if div else []
            i = end
            continue
        if c.kind == "note":
            out.append(("note", c))
            i += 1
            continue
        if c.kind == "note-part":  # in the note before it
            i += 1
            continue
        # Production credits at the very top: metadata.
        if not seen_content and B.CREDITS.match(head):
            out.append(("credits", c))
            i += 1
            continue
        # A producer's notice near either end of the body ("Project
        # Gutenberg also has an HTML version...", "in the present Project
        # Gutenberg edition"), or a web address above the text ("Images of
        # the original pages are available through Internet Archive": a
        # printed book has none): the edition's, not the text's; kept in
        # the metadata, out of the text.
        if ((i < 15 or i >= len(items) - 5) and B.NOTICE.search(c.text)) \
                or (i < 15 and not seen_content and B.URL.search(c.text)):
            out.append(("notice", c))
            i += 1
            continue
        if B.CONTENTS.match(head) and len(c.lines) == 1 and \
                not options.get("keep_contents"):
            j = i + 1
            removed = [c]
            while j < len(items) and items[j].kind != "note":
                prev = items[j - 1]
                if prev.gap_after >= 3 and j > i + 1:
                    break
                if B.broken_early(items[j].lines, state.width) < 0.5 and \
                        len(items[j].lines) > 2 and \
                        not B.entries(items[j].lines):
                    break
                removed.append(items[j])
                if prev is not c and items[j].gap_after >= 2 and \
                        items[j].gap_after > state.typical_gap:
                    j += 1
                    break
                j += 1
            for gone in removed:
                report.remove("contents", "\n".join(gone.lines), gone.line)
            report.counts["contents-removed"] += 1
            i = j
            continue
        run = 0 if seen_content or B.TRANSCRIBER.match(head) else \
            unheaded_note(items, i, state)
        if i < front and c.kind == "" and not B.ILLUSTRATION.match(head) \
                and not B.TRANSCRIBER.match(head) and not run:
            # The title page, down to its last line that only a title page
            # prints (an epigraph between its lines is the title page's).
            # Only the lines above the title page's first other line that
            # merely repeat the title and the author are left out: further
            # down, a name is part of what the page says ("Entered ...
            # by / GEORGE W. CLARK, / In the Clerk's office").
            ws = set(words(c.text))
            if ws and ws <= meta_words | TITLE_PAGE_WORDS and \
                    not options.get("keep_title_block") and \
                    not any(k == "title-page" for k, _ in out):
                report.remove("title-block", "\n".join(c.lines), c.line)
            else:
                out.append(("title-page", c))
            i += 1
            continue
        if seen_content and (run := half_title(items, i, state, meta)):
            # The title again on a page of its own before the text's first
            # part (a half-title): the book prints its own title.
            for gone in items[i:i + run]:
                report.remove("half-title", "\n".join(gone.lines), gone.line)
            i += run
            continue
        if all(B.BREAK.match(s.strip()) for s in c.lines):
            # (rows of stars set as a figure, "* * * * *" over "* * * *"
            # over "* * * * *", are one break)
            report.remove("break-mark", "\n".join(c.lines), c.line)
            out.append(("block", ThematicBreak(_src(state, c.line))))
            i += 1
            continue
        if m := B.ILLUSTRATION.match(head):
            caption_lines = [head[m.end():]] + [s.strip() for s in c.lines[1:]]
            caption = " ".join(caption_lines).strip()
            if caption.endswith("]"):
                caption = caption[:-1].strip()
            report.remove("illustration-mark", head[:m.end()] + "]", c.line)
            report.counts["illustrations"] += 1
            if caption:
                para = Paragraph(_inlines(caption, c.line, state),
                                 _src(state, c.line))
                out.append(("block", Division("illustration", (para,),
                                              source=_src(state, c.line))))
            i += 1
            continue
        if m := B.SIDENOTE.match(head):
            text = (head[m.end():] + " " + " ".join(
                s.strip() for s in c.lines[1:])).strip().rstrip("]")
            report.remove("sidenote-mark", head[:m.end()] + "]", c.line)
            para = Paragraph(_inlines(text, c.line, state), _src(state, c.line))
            out.append(("block", Division("sidenote", (para,),
                                          source=_src(state, c.line))))
            i += 1
            continue
        if B.TRANSCRIBER.match(head) or run:
            group = [c]
            bracketed = head.startswith("[") and not run
            # A "Transcriber's Notes" line alone heads paragraphs that run
            # to a wider gap than the text's paragraphs have.
            alone = not bracketed and len(c.text.split()) <= 4
            gap = max(3, state.typical_gap + 2) if alone else \
                state.typical_gap + 1
            j = i + (run or 1)
            if run:
                group = _unbracket(items[i:j])
            while not run and not bracketed and j < len(items) and \
                    items[j - 1].gap_after < gap and \
                    items[j].kind != "note" and \
                    not (B.heading_rank(items[j], state.typical_gap)
                         in (0, 1, 2) and not alone):
                group.append(items[j])
                j += 1
            if re.search(r"\blilypond\b", c.text, re.IGNORECASE):
                # "[Note Project Gutenberg: music transcribed in Lilypond
                # format]" over the music's source: the producers' too
                while j < len(items) and not items[j].kind and \
                        B.lilypond(items[j].lines):
                    group.append(items[j])
                    j += 1
            state.no_calls = True
            paras = []
            # A paragraph about the e-text file itself ("consult the Latin-1
            # file at gutenberg.org", "This text uses UTF-8 (Unicode) file
            # encoding", "omitted from this Project Gutenberg text") is the
            # edition's notice, with the list it introduces; an unheaded
            # note holding one is the edition's altogether.
            def about_file(g: B.Chunk) -> bool:
                return bool(B.NOTICE.search(g.text) or B.URL.search(g.text)
                            or B.ENCODING.search(g.text))
            whole = bool(run) and any(about_file(g) for g in group)
            if run:
                report.problem(
                    "GUT010", "paragraphs above the title page, lines "
                    f"{c.line} to {items[j - 1].line}, speak of the "
                    "transcription: taken as " + (
                        "the edition's notice (in the metadata: they speak "
                        "of the e-text file)" if whole else
                        "the transcriber's note") + "; check where it ends",
                    c.line)
            lead = False
            for g in group:
                if whole or about_file(g) or (lead and B.broken_early(
                        g.lines, state.width) >= 0.5):
                    out.append(("notice", g))
                    lead = g.text.rstrip().endswith(":")
                    continue
                lead = False
                text = g.text
                if bracketed and text.startswith("[") and text.endswith("]"):
                    text = text[1:-1]
                code = B.lilypond(g.lines)
                para = _verse(g, state) if code or B.broken_early(
                    g.lines, state.width) >= 0.5 else _prose(g, state)
                if bracketed and not code:
                    para = Paragraph(_inlines(text, g.line, state),
                                     _src(state, g.line))
                paras.append(para)
            state.no_calls = False
            if paras:
                report.counts["transcriber-notes"] += 1
                out.append(("block", Division(
                    "transcriber-note", tuple(paras),
                    credit="Transcriber’s note", source=_src(state, c.line))))
            i = j
            continue
        found = B.heading_kind(c, state.typical_gap)
        if found and found[1] == "section" and i + 1 < len(items) and any(
                TITLE_PAGE_SIGN.search(re.sub(r"[_=]", "", s).strip())
                for s in items[i + 1].lines):
            found = None  # "LONDON" over its publishers' addresses
        rank = found[0] if found else None
        if i == lone:
            out.append(("title-page", c))
            i += 1
            continue
        if found and found[1] == "wide" and not seen_content:
            # Before the text, a title with a wide gap above it heads the
            # prose under it; above other short lines it is the title
            # page's (a publisher's list, the title set on three lines).
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is None or (nxt.kind == "" and
                               title_page_like(nxt, state) and
                               not B.is_verse(nxt.lines, state.width)):
                out.append(("title-page", c))
                i += 1
                continue
        if found and found[1] in ("apart", "section") and not seen_content:
            # Before the text, a line set apart that heads nothing (another
            # heading follows) belongs to the title page or an unlabelled
            # table of contents: not a heading.
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is None or B.heading_rank(nxt, state.typical_gap) \
                    is not None:
                out.append(("title-page", c))
                i += 1
                continue
        if rank is not None:
            text = c.text
            # "CHAPTER I." then the chapter's title on a line of its own.
            nxt = items[i + 1] if i + 1 < len(items) else None
            # (only a number alone waits for its title: "SCENE V. _The
            # Condemn'd Hold_." has one, and the stage direction under it
            # is not)
            m = B._KEYWORD_HEAD[rank].match(head) if rank < 3 else \
                B._ROMAN_ALONE.match(head) if rank == 3 else None
            # (a heading with its title already takes a second title line
            # only in capitals or with every longer word capitalised: "The
            # Chest--The Shoulders.", not a stage direction)
            numbered = m is not None and (
                not re.search(r"[^\W_]", head[m.end():]) or
                (nxt is not None and (nxt.text.isupper() or
                                      B.titled(nxt.text.strip("_*")))))
            nk = B.heading_kind(nxt, state.typical_gap) if nxt else None
            if numbered and len(c.lines) == 1 and nxt is not None and \
                    nxt.kind != "note" and len(nxt.lines) == 1 and \
                    not nxt.info.get("label") and \
                    c.gap_after <= 2 and len(nxt.text) <= 70 and \
                    (nk is None or nk[0] == 2 or nk == (3, "section")) and \
                    not B._KEYWORD_HEAD[2].match(nxt.text) and \
                    (nxt.text.isupper() or nxt.gap_after > state.typical_gap
                     or _title_cased(nxt.text)):
                sep = " " if re.search(r"[.:—–-]$", text) else ". "
                text = text + sep + nxt.text
                i += 1
            report.counts["headings"] += 1
            seen_content = True
            out.append(("block", Heading(
                levels[rank], _inlines(text, c.line, state),
                source=_src(state, c.line))))
            i += 1
            continue
        # Title block before any heading or text: the title and author again.
        if not seen_content and not options.get("keep_title_block"):
            ws = set(words(c.text))
            if ws and ws <= meta_words | TITLE_PAGE_WORDS:
                report.remove("title-block", "\n".join(c.lines), c.line)
                i += 1
                continue
        if not seen_content and title_page_like(c, state):
            out.append(("title-page", c))
            i += 1
            continue
        seen_content = True
        indented = all(B.indent_of(s) >= 2 for s in c.lines)
        verse = B.is_verse(c.lines, state.width)
        if B.entries(c.lines):
            # an index's entries with their page numbers: line by line
            out.append(("block", _verse(c, state)))
        elif verse:
            if not out or out[-1][0] != "verse":
                state.verse_base = verse_base(items, i, state)
            out.append(("verse", _verse(c, state, state.verse_base)))
        elif indented and len(c.lines) > 1:
            out.append(("quote", _prose(c, state)))
        else:
            out.append(("block", _prose(c, state)))
        i += 1
    return _assemble(out, state, meta)




def _unbracket(group: list[B.Chunk]) -> list[B.Chunk]:
    """A passage in brackets without its brackets (the producers' note
    above the title page, "[This text uses UTF-8...]")."""
    first, last = group[0].lines[0], group[-1].lines[-1]
    if not (first.lstrip().startswith("[") and last.rstrip().endswith("]")):
        return group
    out = [B.Chunk(list(c.lines), c.line, c.gap_before, c.gap_after, c.kind,
                   dict(c.info)) for c in group]
    out[0].lines[0] = first.replace("[", "", 1)
    end = out[-1].lines[-1].rstrip()
    out[-1].lines[-1] = end[:-1]
    return out


def _assemble(out: list[tuple[str, Any]], state: State,
              meta: Metadata) -> tuple[list[Block], list[Note]]:
    """Group verse and quotes, turn note chunks into notes, report the
    notes heading."""
    report = state.report
    blocks: list[Block] = []
    notes: list[Note] = []
    credits: list[str] = []
    k = 0
    while k < len(out):
        kind, item = out[k]
        if kind in ("verse", "quote"):
            group = [item]
            while k + 1 < len(out) and out[k + 1][0] == kind:
                k += 1
                group.append(out[k][1])
            src = group[0].source
            if kind == "verse":
                report.counts["verse"] += 1
                blocks.append(Division("verse", tuple(group), source=src))
            else:
                report.counts["block-quotes"] += 1
                blocks.append(BlockQuote(tuple(group), src))
        elif kind == "note":
            c = item
            d = next(d for d in state.defs[c.info["label"]] if d.chunk is c)
            report.remove("note-label", c.info["removed"], c.line)
            # A notes section's heading just before the first note.
            while blocks and _is_notes_heading(blocks[-1]):
                gone = blocks.pop()
                report.remove("notes-heading", _plain(gone), c.line)
            if not d.called:
                report.problem("GUT004", f"note {d.raw_label} is never "
                               "called in the text; kept as a paragraph",
                               c.line)
                blocks.append(Paragraph(_inlines(c.text, c.line, state),
                                        Source(report.file, c.line)))
            else:
                _renumbered(d, state)
                paras = _note_paras(d, state)
                notes.append(Note(d.label, paras, source=Source(
                    report.file, c.line)))
                report.counts["notes"] += 1
        elif kind == "credits":
            if any(item.text in v or v in item.text
                   for k2, v in meta.extra if k2 == "credits"):
                report.remove("credits-repeated", item.text, item.line)
            else:
                credits.append(item.text)
        elif kind == "notice":
            state.notices.append(item.text)
            report.counts["gutenberg-notices"] += 1
        elif kind == "title-page":
            group = [item]
            while k + 1 < len(out) and out[k + 1][0] == "title-page":
                k += 1
                group.append(out[k][1])
            report.counts["title-page"] += 1
            blocks.append(Division("title-page", tuple(
                _verse(g, state) for g in group), source=_src(state, group[0].line)))
        else:
            # "FIN DES NOTES." right after the notes.
            if notes and out[k - 1][0] == "note" and \
                    _is_notes_heading(item):
                report.remove("notes-heading", _plain(item),
                              item.source.line if item.source else 0)
            else:
                blocks.append(item)
        k += 1
    for raw, line, label in state.missing:
        report.problem("GUT003", f"note {raw} is called but its text is "
                       "nowhere in the file", line)
        notes.append(Note(label, (), True, Source(report.file, line)))
    state.credits = credits
    return blocks, _in_call_order(blocks, notes)


def _note_paras(d: NoteDef, state: State) -> tuple[Block, ...]:
    """A note's paragraphs (blank lines inside a footnote separate them)."""
    paras: list[Block] = []
    cur: list[str] = []
    for s in d.text_lines + [""]:
        if s.strip():
            cur.append(s.strip())
        elif cur:
            paras.append(Paragraph(_inlines(" ".join(cur), d.chunk.line, state),
                                   Source(state.report.file, d.chunk.line)))
            cur = []
    return tuple(paras) or (Paragraph((Text(""),)),)


# --------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------

def _check(raw: Any, options: Mapping[str, Any], source: str) -> None:
    if not isinstance(raw, str):
        raise InputError(f"{source}: expected text, got {type(raw).__name__}")
    if not raw.strip():
        raise InputError(f"{source}: the file is empty")
    unknown = sorted(set(options) - _KNOWN_OPTIONS)
    if unknown:
        raise InputError(f"{source}: unknown option(s) for {NAME}: "
                         f"{', '.join(unknown)} (known: "
                         f"{', '.join(sorted(_KNOWN_OPTIONS))})")
    ads.choice(options, source)


def _remove_lines(report: CleaningReport, kind: str, lines: list[str],
                  first: int, skip: AbstractSet[int] = frozenset()) -> None:
    """Record a run of raw lines as removed (one removal per paragraph)."""
    buf: list[str] = []
    start = first
    for k, line in enumerate(lines):
        if k in skip or not line.strip():
            if buf:
                report.remove(kind, "\n".join(buf), start)
                buf = []
            continue
        if not buf:
            start = first + k
        buf.append(line)
    if buf:
        report.remove(kind, "\n".join(buf), start)


@cleaner(NAME, detect=detect, version="1", extensions=(".txt",),
         docs="docs/formats/gutenberg.md", select=True,
         description="Project Gutenberg plain text: header, licence and "
                     "footer removed, metadata from the header, lines "
                     "reflowed, _italics_, notes linked")
def clean(raw: str, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    """Clean one Project Gutenberg plain text (pure: no file is read)."""
    options = dict(options or {})
    _check(raw, options, source)
    report = CleaningReport(cleaner=NAME, file=source)
    text = raw[1:] if raw.startswith("\ufeff") else raw
    if text is not raw:
        report.remove("byte-order-mark", "\ufeff", 1)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    report.counts["lines-in"] = len(lines)
    frame: Frame = split_frame(lines)
    if frame.era == "header-only":
        report.problem("GUT001", "no “*** START OF THE PROJECT GUTENBERG "
                       "EBOOK” marker: the text is taken to start after the "
                       f"header's last line ({frame.body_start}); check its "
                       "beginning", frame.body_start)
    elif frame.start_marker < 0:
        report.problem("GUT001", "no “*** START OF THE PROJECT GUTENBERG "
                       "EBOOK” marker (nor the old “END THE SMALL PRINT” "
                       "line): the whole file is read as the text; check "
                       "its beginning", 1)
    if frame.end_marker < 0:
        report.problem("GUT002", "no “*** END OF THE PROJECT GUTENBERG "
                       "EBOOK” marker nor “End of the Project Gutenberg” "
                       "line: the whole end of the file is read as the "
                       "text; check its end", len(lines))
    header = lines[:frame.body_start]
    meta, used = read_metadata(header, report)
    _remove_lines(report, "gutenberg-header", header, 1, used)
    footer = lines[frame.body_end:]
    _remove_lines(report, "gutenberg-licence", footer, frame.body_end + 1)
    body_lines = lines[frame.body_start:frame.body_end]
    items, bracket_problems = B.chunks(body_lines, frame.body_start + 1)
    join_spaced(items, report)
    for p in bracket_problems:
        line, _, msg = p.partition(":")
        report.problem("GUT006", msg, int(line))
    gaps = Counter(c.gap_before for c in items[1:])
    typical = gaps.most_common(1)[0][0] if gaps else 1
    state = State(report, B.wrap_width(body_lines), max(1, typical),
                   meta.language)
    B.mark_labels(items, state.typical_gap)
    state.tilde_bold = bool(TILDE_BOLD.search("\n".join(
        body_lines[:300] + body_lines[-300:])))
    blocks, notes = build(items, state, meta, options)
    if state.credits or state.notices:
        meta = replace(meta, extra=meta.extra + tuple(
            ("produced-by", c) for c in state.credits) + tuple(
            ("gutenberg-note", c) for c in state.notices))
    report.counts["era-" + frame.era] += 1
    doc = Document(meta=meta, blocks=tuple(blocks), notes=tuple(notes))
    check_conservation(raw, document_words(doc), report)
    return CleanResult(doc, report)
