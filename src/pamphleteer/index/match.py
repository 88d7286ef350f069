"""Placing index marks: find each entry's forms in a document's text.

Matching works block by block (a paragraph, a heading, a list item's
paragraph, a note's paragraph).  A block's inlines are flattened to one
string; inlines that are not running text (note calls, citations, links,
code, superscripts) become a barrier character that no form can match, so
a term is never found inside a citation or across a note call.  Among all
candidate matches the longest wins, then the leftmost; matches never
overlap.  A mark is a point: an :class:`~pamphleteer.model.IndexMark`
inserted right before the matched text, splitting only the Text node in
which the match starts.  The words are never altered.
"""

from __future__ import annotations

import bisect
import difflib
import functools
from dataclasses import dataclass, field, replace

from ..model import (BlockQuote, BulletList, Division, Document, Emph, Heading,
                     IndexMark, LineBreak, OrderedList, Paragraph,
                     SmallCaps, Strong, Table, Text,
                     map_block_inlines)
from .spec import Entry, Form, IndexSpec, fold

__all__ = ["Occurrence", "mark_document", "strip_marks", "check"]

BARRIER = "\x00"
"""Stands for an inline that is not running text (never matched)."""
_TRANSPARENT = (Emph, Strong, SmallCaps)
# Looking back from a capitalised word for the start of its sentence, skip
# spaces, quotes, brackets and barriers (a note call after a full stop).
_SKIP_BACK = set("“”‘’\"'([)]*" + BARRIER)
_SENTENCE_END = set(".!?:…")


@dataclass(frozen=True)
class Occurrence:
    """One place where an entry occurs: the mark and what it marks."""

    entry: str
    """Id of the entry or sub-entry."""
    mark_id: str
    """Id of the :class:`~pamphleteer.model.IndexMark` (``ch-ix-3``)."""
    chapter: str
    """Id of the chapter (document) it is in."""
    in_note: bool
    """True when it is in the text of a note."""
    snippet: str
    """The matched text in its context, for reports (``…the Paris Commune
    was…``)."""
    block: int = 0
    """Running number (from 1) of the text block within its chapter: body
    blocks first, then notes' blocks; marks in one block share it."""
    text: str = ""
    """The matched text exactly as it stands."""


@dataclass
class _Pass:
    """Mutable state of one marking pass over a document (internal)."""

    chapter: str
    body_forms: list[tuple[Form, str | None]]
    note_forms: list[tuple[Form, str | None]]
    occurrences: list[Occurrence] = field(default_factory=list)
    count: int = 0
    blocks: int = 0


# --------------------------------------------------------------------------
# Flattening and rebuilding inlines
# --------------------------------------------------------------------------

def _flatten(inlines: tuple, out: list[str], segs: list[tuple[int, int]],
             size: list[int]) -> None:
    """Append the matchable text of inlines; record Text segments.

    ``size`` holds the length of ``out`` so far (one-item list).
    """
    for node in inlines:
        if isinstance(node, IndexMark):
            continue
        if isinstance(node, _TRANSPARENT):
            _flatten(node.children, out, segs, size)
            continue
        if isinstance(node, Text):
            piece = node.text
            segs.append((size[0], size[0] + len(piece)))
        elif isinstance(node, LineBreak):
            piece = "\n"
        else:
            piece = BARRIER
        out.append(piece)
        size[0] += len(piece)


def _rebuild(inlines: tuple, marks: dict[int, list[IndexMark]],
             pos: list[int]) -> tuple:
    """Inlines with marks inserted at their offsets (old marks dropped)."""
    out: list = []
    for node in inlines:
        if isinstance(node, Text):
            start, text = pos[0], node.text
            cuts = sorted(p for p in marks if start <= p < start + len(text))
            last = 0
            for p in cuts:
                if p - start > last:
                    out.append(Text(text[last:p - start]))
                    last = p - start
                out.extend(marks[p])
            out.append(Text(text[last:]) if last else node)
            pos[0] += len(text)
        elif isinstance(node, _TRANSPARENT):
            out.append(replace(node, children=_rebuild(node.children, marks,
                                                       pos)))
        elif isinstance(node, IndexMark):
            continue
        else:
            pos[0] += 1  # a line break or a barrier: one character
            out.append(node)
    return tuple(out)


# --------------------------------------------------------------------------
# Finding matches in one block
# --------------------------------------------------------------------------

def _sentence_start(text: str, i: int) -> bool:
    """True when position ``i`` begins a sentence (or the block)."""
    j = i - 1
    while j >= 0 and (text[j].isspace() or text[j] in _SKIP_BACK):
        j -= 1
    return j < 0 or text[j] in _SENTENCE_END


def _in_segment(segs: list[tuple[int, int]], starts: list[int], p: int) -> bool:
    k = bisect.bisect_right(starts, p) - 1
    return k >= 0 and segs[k][0] <= p < segs[k][1]


def find_matches(text: str, segs: list[tuple[int, int]],
                 forms: list[tuple[Form, str | None]], heading: bool
                 ) -> list[tuple[int, int, str | None]]:
    """Chosen (start, end, entry id or None for ignored) of one block."""
    folded = fold(text)
    lowered = folded.lower()
    starts = [s for s, _ in segs]
    cands: list[tuple[int, int, int, str | None]] = []
    for order, (form, eid) in enumerate(forms):
        if form.anchor and form.anchor not in lowered:
            continue
        for m in form.pattern.finditer(text if form.regex else folded):
            s, e = m.start(), m.end()
            if e <= s or not _in_segment(segs, starts, s):
                continue
            if (form.lowercase_initial and text[s].isupper() and not heading
                    and not _sentence_start(text, s)):
                continue
            cands.append((s, e, order, eid))
    # Longest first, then leftmost, then the form listed first.
    cands.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken: list[tuple[int, int, str | None]] = []
    for s, e, _, eid in cands:
        if all(e <= ts or s >= te for ts, te, _ in taken):
            taken.append((s, e, eid))
    return sorted(taken)


def _snippet(text: str, s: int, e: int, width: int = 40) -> str:
    a, b = max(0, s - width), min(len(text), e + width)
    # Cut at spaces so no word is shown in part.
    if a > 0 and " " in text[a:s]:
        a = text.index(" ", a) + 1
    if b < len(text) and " " in text[e:b]:
        b = text.rindex(" ", e, b)
    core = " ".join(text[a:b].replace(BARRIER, "").split())
    return ("…" if a > 0 else "") + core + ("…" if b < len(text) else "")


def _mark_inlines(inlines: tuple, st: _Pass, in_note: bool,
                  heading: bool) -> tuple:
    parts: list[str] = []
    segs: list[tuple[int, int]] = []
    _flatten(inlines, parts, segs, [0])
    text = "".join(parts)
    st.blocks += 1
    forms = st.note_forms if in_note else st.body_forms
    marks: dict[int, list[IndexMark]] = {}
    for s, e, eid in find_matches(text, segs, forms, heading):
        if eid is None:
            continue
        st.count += 1
        mark = IndexMark(entry=eid, id=f"{st.chapter}-ix-{st.count}")
        marks.setdefault(s, []).append(mark)
        st.occurrences.append(Occurrence(
            eid, mark.id, st.chapter, in_note, _snippet(text, s, e),
            st.blocks, text[s:e]))
    return _rebuild(inlines, marks, [0])


def _mark_blocks(blocks: tuple, st: _Pass, in_note: bool) -> tuple:
    out = []
    for b in blocks:
        if isinstance(b, (Paragraph, Heading, Table)):
            b = map_block_inlines(b, functools.partial(
                _mark_inlines, st=st, in_note=in_note,
                heading=isinstance(b, Heading)))
        elif isinstance(b, (BlockQuote, Division)):
            b = replace(b, blocks=_mark_blocks(b.blocks, st, in_note))
        elif isinstance(b, (BulletList, OrderedList)):
            b = replace(b, items=tuple(_mark_blocks(item, st, in_note)
                                       for item in b.items))
        out.append(b)
    return tuple(out)


def _form_list(spec: IndexSpec, notes: bool) -> list[tuple[Form, str | None]]:
    forms: list[tuple[Form, str | None]] = [(f, None) for f in spec.ignore]
    for entry in spec.all_entries():
        if notes and not _notes_ok(spec, entry):
            continue
        forms.extend((f, entry.id) for f in entry.forms)
    return forms


def _notes_ok(spec: IndexSpec, entry: Entry) -> bool:
    """An entry is indexed in notes unless it (or its parent) says not."""
    if not entry.notes:
        return False
    if entry.parent:
        return spec.by_id()[entry.parent].notes
    return True


def mark_document(doc: Document, spec: IndexSpec, chapter_id: str
                  ) -> tuple[Document, tuple[Occurrence, ...]]:
    """Insert an IndexMark before every match; return the document and
    the occurrences in reading order (body, then notes).

    Marks already in the document are replaced, so marking twice gives
    the same result as marking once.
    """
    st = _Pass(chapter_id, _form_list(spec, False), _form_list(spec, True))
    blocks = _mark_blocks(doc.blocks, st, False)
    notes = tuple(replace(n, blocks=_mark_blocks(n.blocks, st, True))
                  for n in doc.notes)
    return (replace(doc, blocks=blocks, notes=notes),
            tuple(st.occurrences))


def strip_marks(doc: Document) -> Document:
    """The document without index marks (Text nodes stay split)."""
    empty = IndexSpec((), (), "")
    return mark_document(doc, empty, "")[0]


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def check(spec: IndexSpec, occurrences) -> list[tuple[str, str, str]]:
    """Warnings ``(code, message, location)`` about the index.

    IDX001: an entry (or sub-entry) with forms never matches in the book.
    IDX002: a ``see`` / ``see also`` names no entry, or one with nothing
    to show (no locators, sub-entries or references of its own).
    """
    found = {o.entry for o in occurrences}
    heads = spec.by_heading()
    warnings: list[tuple[str, str, str]] = []

    def has_content(entry: Entry) -> bool:
        return (entry.id in found or bool(entry.see)
                or any(s.id in found for s in entry.subentries))

    for entry in spec.all_entries():
        where = f"{spec.path}:{entry.line}"
        if entry.forms and entry.id not in found:
            forms = ", ".join(f.text for f in entry.forms)
            warnings.append(("IDX001", f"index entry {entry.heading!r} never "
                             f"matches the text (forms: {forms}); fix its "
                             "forms or remove it", where))
        for kind, targets in (("see", entry.see),
                              ("see also", entry.see_also)):
            for target in targets:
                dest = heads.get(target)
                if dest is None:
                    near = difflib.get_close_matches(target, heads, n=1)
                    hint = (f"did you mean {near[0]!r}?" if near else
                            "use the exact heading of a top-level entry")
                    warnings.append(("IDX002", f"{kind} {target!r} in "
                                     f"{entry.heading!r} names no entry; "
                                     f"{hint}", where))
                elif dest.id == entry.id:
                    warnings.append(("IDX002", f"{entry.heading!r} refers to "
                                     "itself; remove the reference", where))
                elif not has_content(dest):
                    warnings.append(("IDX002", f"{kind} {target!r} in "
                                     f"{entry.heading!r} points to an entry "
                                     "that never matches; fix that entry or "
                                     "drop the reference", where))
    return warnings
