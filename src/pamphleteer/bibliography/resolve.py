"""Resolve every citation of one chapter, in reading order.

The body is read block by block; a note is read at its first call, so
``Ibid.`` in a note follows the citation read just before it, in the body
or in an earlier note.  Citations in note text become :class:`Citation`
inlines (``bracketed=False``) that keep the exact wording; bracketed
citations keep theirs.  Every item gets the key of the work it resolves
to: a works-file id, or a chapter-local key (``chapter#3``) of a work
parsed from a full citation, which :mod:`.merge` later maps to the book's
id.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from ..model import (CONTAINER_INLINES, BlockQuote, BulletList, Citation,
                     CiteItem, Division, Document, Heading, Inline, Note,
                     NoteRef, OrderedList, Paragraph, Table, Text,
                     map_block_inlines)
from .match import (Catalogue, Context, Decision, context_names,
                    named_in_order, names_meet, volume_of)
from .review import answer_key
from .spans import flatten, slice_flat, unwrap_citations, widen
from .names import fold, name_keys
from .parse import Parsed, find_citations
from .works import WorksIndex, creator_keys, main_title, norm_title


@dataclass(frozen=True)
class Found:
    """One citation item resolved (or not) in a chapter."""

    chapter: str
    """Chapter id."""
    note: str | None
    """Label of the note it stands in, or None in the body."""
    raw: str
    """The item as written."""
    work: str | None
    """Work key (works-file id or chapter-local key), or None."""
    locator: str
    """Pages or other locator."""
    method: str
    """``full``, ``ibid``, ``op-cit``, ``short-form`` or ``works-file``."""
    anchor: str
    """Id of the Citation inline holding the item."""
    doubt: str = ""
    """Why the work taken is not certain (reported), or empty."""
    candidates: tuple = ()
    """Ids of the works it may name, best first, for a doubtful or
    unresolved citation (the editor's review file)."""
    context: str = ""
    """The words before the citation in its sentence (for review)."""
    problem: str = ""
    """Why it is unresolved, or empty."""


@dataclass
class _State:
    """What a chapter has cited so far (mutable while reading)."""

    chapter: str
    index: WorksIndex
    catalogue: Catalogue
    """The works file ranked as a librarian would (:mod:`.match`)."""
    works: dict[str, dict] = field(default_factory=dict)
    """Chapter-local key -> CSL fields of works parsed from full citations."""
    history: list[str] = field(default_factory=list)
    """Keys of works cited, most recent last (repeats kept)."""
    last: str | None = None
    """Key of the work of the previous citation item."""
    found: list[Found] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    count: int = 0
    after_missing: bool = False
    """True after a missing note, until the next resolved citation."""
    text_before: str = ""
    """Running text read since the previous citation (its sentence)."""
    spoken: list = field(default_factory=list)
    """(work or None, name keys) of every citation in order: its work's
    creators, the people the citation names and the person the sentence
    names last (``As Peirats put it``); None for an unresolved one."""
    quoting: bool = False
    """True inside a block quotation."""
    answers: Mapping = field(default_factory=dict)
    """The editor's answers: (chapter, words, occurrence) -> work id or
    ``"none"`` (:func:`.review.load_answers`)."""
    seen_raw: dict = field(default_factory=dict)
    """How often each citation's words have been read in the chapter."""

    def csl(self, key: str) -> Mapping:
        """CSL fields of a work key (local or works file)."""
        return self.works.get(key) or self.index.by_id.get(key) or {}

    def next_anchor(self) -> str:
        self.count += 1
        return f"{self.chapter}-cite-{self.count}"

    def where(self, note: str | None) -> str:
        return f"{self.chapter} note {note}" if note else self.chapter

    def record(self, note, raw, work, locator, method, anchor, doubt="",
               candidates=(), context="", problem=""):
        self.found.append(Found(self.chapter, note, raw, work, locator,
                                method, anchor, doubt, tuple(candidates),
                                context, problem))
        self.after_missing = False
        if work:
            self.last = work
            self.history.append(work)
        else:
            # A citation that names an unknown work breaks an Ibid. chain.
            self.last = None


# --------------------------------------------------------------------------
# Matching a short form against earlier works
# --------------------------------------------------------------------------

def _title_matches(short: str, csl: Mapping) -> bool:
    """True when ``short`` names the work ``csl``: its title, short title,
    main title, or (for ``In Miller``) its container's."""
    wanted = norm_title(short)
    if not wanted:
        return False
    for fld in ("title", "title-short"):
        value = csl.get(fld) or ""
        if value and wanted in (norm_title(value), main_title(value)):
            return True
        # A truncated title: "Rethinking Anarchism and Syndicalism".
        full = norm_title(value)
        if value and len(wanted.split()) >= 3 and full.startswith(wanted + " "):
            return True
        # Chicago's short title of key words: "Future of Revolution" for
        # "Anarchism and the Future of Revolution".
        if value and _key_words_in_order(wanted, full):
            return True
    return False


_MINOR = {"the", "a", "an", "of", "and", "in", "on", "to", "for", "at", "by"}


def _key_words_in_order(short: str, full: str) -> bool:
    """True when the key words of ``short`` (at least two) occur in
    ``full`` in the same order."""
    keys = [w for w in short.split() if w not in _MINOR]
    if len(keys) < 2:
        return False
    words = iter(w for w in full.split() if w not in _MINOR)
    return all(any(w == k for w in words) for k in keys)


def match_earlier(state: _State, short: Mapping) -> tuple[str | None, str]:
    """The earlier work a short form abbreviates: (key, problem)."""
    creators = name_keys(short.get("author") or ())
    title = short.get("title") or ""
    seen: list[str] = []
    for key in reversed(state.history):
        if key not in seen:
            seen.append(key)
    hits = []
    for key in seen:
        csl = state.csl(key)
        if creators and not creators <= creator_keys(csl):
            continue
        if title and not _title_matches(title, csl):
            continue
        hits.append(key)
    if title and hits:
        return hits[0], ""
    if not title and len(hits) == 1:
        return hits[0], ""
    if not title and len(hits) > 1:
        return None, "ambiguous: the author alone names several works"
    found = state.index.find(title, creators) if title else []
    if len(found) == 1:
        return found[0], "works-file"
    if title:
        # The works file read as a librarian would (a title cut short by
        # the source: "John Crump, Hatta Shuzo and Pure"); only a sure
        # match, a note's short form has no sentence to go on.
        names = ", ".join(n.get("literal") or " ".join(
            p for p in (n.get("given"), n.get("family")) if p)
            for n in short.get("author") or ())
        decision = state.catalogue.decide(f"{names}, {title}" if names
                                          else title)
        if decision.work and not decision.doubt:
            return decision.work, "works-file"
    return None, "no earlier full citation or works-file entry matches"


# --------------------------------------------------------------------------
# Bracketed citations (seed 000, the introduction)
# --------------------------------------------------------------------------

def resolve_bracketed(state: _State, cit: Citation, note: str | None):
    """Resolve the items of a bracketed citation; return it with ids."""
    anchor = state.next_anchor()
    items = []
    before = _sentence_before(state.text_before)
    carried = state.text_before
    state.text_before = ""
    skipped = 0
    for item in cit.items:
        work, method, problem, decision = _resolve_item(state, item, before)
        doubt = decision.doubt if decision and work else ""
        cands = tuple(c.id for c in decision.candidates) if decision else ()
        if problem:
            state.problems.append(("CITE001", f"unresolved citation "
                                   f"{item.raw!r}: {problem}"
                                   + _candidates_text(state, decision),
                                   state.where(note)))
        elif doubt:
            state.problems.append(("CITE004", f"doubtful citation "
                                   f"{item.raw!r} taken as {work!r}: {doubt}"
                                   + _candidates_text(state, decision),
                                   state.where(note)))
        keep_last = state.last if (
            not work and not item.locator and not cands
            and len(item.raw.split()) <= 3
            and not state.catalogue.cited_names(item.title or "")) else None
        state.record(note, item.raw, work, item.locator, method, anchor,
                     doubt, cands if (problem or doubt) else (), before,
                     problem)
        if not keep_last:
            _remember(state, item, work, before)
        if keep_last:
            # "[Moreover]" inside a quotation: no page and no candidate,
            # likely an editor's insertion; it does not break the chain.
            state.last = keep_last
            skipped += 1
        items.append(replace(item, work=work))
    if skipped == len(cit.items):
        # Not a citation after all: the sentence goes on.
        state.text_before = carried + "[" + cit.raw + "]"
    return replace(cit, items=tuple(items), id=anchor)


def _sentence_before(text: str) -> str:
    """The running text before a citation, since the citation before it,
    quotations left out (the citer's words name the author: ``As Malatesta
    put it, "..."``): its last 300 characters."""
    import re as _re

    text = " ".join(text.split())
    # Quotations, curly or straight, and an unclosed one at the end.
    outside = _re.sub(r"“[^”]*”?|\"[^\"]*\"?", " … ", text)
    return " ".join(outside.split())[-300:]


def _candidates_text(state: _State, decision: Decision | None) -> str:
    if not decision or not decision.candidates:
        return ""
    shown = [c.describe(state.catalogue.by_id[c.id])
             for c in decision.candidates[:3]]
    return "; candidates: " + " | ".join(shown) + \
        " (answer in the review file: pamphleteer cite review)"


def _answered(state: _State, item: CiteItem):
    """The editor's answer for this citation (:mod:`.review`), or None."""
    words = " ".join(item.raw.split())
    state.seen_raw[words] = state.seen_raw.get(words, 0) + 1
    if not state.answers:
        return None
    for key in (answer_key(state.chapter, words, state.seen_raw[words]),
                answer_key(state.chapter, words, 0)):
        if key in state.answers:
            return state.answers[key]
    return None


def _last_by(state: _State, names: frozenset[str]) -> str | None:
    """The most recent resolved work of one of ``names``: credited to them,
    or cited naming them (``Souchy, The Anarchist Collectives``; ``As
    Peirats put it, ... [The Anarchist Collectives, p. 116]``)."""
    entry = _last_entry(state, names)
    return entry[0] if entry else None


def _last_entry(state: _State, names: frozenset[str]):
    """The most recent citation (work or None, names) that names one of
    ``names``, or None."""
    for work, keys in reversed(state.spoken):
        if names_meet(names, keys):
            return work, keys
    return None


def _speaker(state: _State, before: str) -> str | None:
    """The person the sentence before a citation names last (not as an
    owner), when the works file knows them as a creator or an earlier
    citation named them."""
    for who in reversed(named_in_order(before, owners=False)):
        if state.catalogue.is_creator(who) or _last_entry(
                state, frozenset([who])):
            return who
    return None


def _remember(state: _State, item: CiteItem, work: str | None,
              before: str) -> None:
    """Note who a citation speaks for (see ``_State.spoken``)."""
    keys = set(state.catalogue.cited_names(item.title or ""))
    if work:
        keys |= creator_keys(state.csl(work)) | state.catalogue.creators(work)
    named = frozenset(named_in_order(before, owners=False))
    if not (work and names_meet(named, frozenset(keys))):
        # The sentence does not name the work's creator ("Here are a few
        # examples provided by Jose Peirats: [The Anarchist Collectives]"):
        # the person it names last speaks through this work.
        speaker = _speaker(state, before)
        if speaker:
            keys.add(speaker)
    state.spoken.append((work, frozenset(keys)))


def _resolve_item(state: _State, item: CiteItem, before: str = ""):
    """(work, method, problem, decision) for one bracketed item."""
    answer = _answered(state, item)
    if answer == "none":
        return None, "editor", "", None
    if answer:
        if answer in state.index.by_id:
            return answer, "editor", "", None
        return None, "editor", (f"the review file pins {answer!r}, which "
                                "is no works-file id"), None
    catalogue = state.catalogue
    names = context_names(before)
    named = catalogue.named_backref(item.title) if item.title else None
    if named and named[1]:
        kind, who = named
        entry = _last_entry(state, who)
        if entry and entry[0]:
            return entry[0], kind, "", None
        if entry:
            return None, kind, ("the last citation of this author is "
                                "unresolved"), None
        own = catalogue.works_by(who)
        if len(own) == 1:
            return own[0], kind, "", Decision(own[0], doubt=(
                "no earlier citation of this author; their only work in "
                "the works file was taken"))
        return None, kind, ("no earlier citation of this author"
                            + (" and several of their works in the works "
                               "file" if own else "")), Decision(
            None, candidates=tuple(catalogue.rank(w)[0] for w in
                                   (catalogue.by_id[i]["title"]
                                    for i in own[:5])))
    op_cit = item.op_cit or bool(named and named[0] == "op-cit")
    ibid = item.ibid or bool(named and named[0] == "ibid")
    if op_cit or ibid or (not item.title and item.locator
                          and not item.work):
        method = "op-cit" if op_cit else "ibid"
        speaker = _speaker(state, before) if op_cit else None
        last_csl = state.csl(state.last) if state.last else {}
        last_words = set(fold(str(last_csl.get("title", ""))).split())
        if speaker and not (state.last and speaker in last_words):
            # "As Maximoff argued, ... [Op. Cit., p. 18]": the work of the
            # person the sentence names.
            entry = _last_entry(state, frozenset([speaker]))
            name = speaker.title()
            if entry and entry[0] and entry[0] != state.last:
                return entry[0], method, "", Decision(entry[0], doubt=(
                    f"the sentence names {name}: their last work cited "
                    "was taken, not the work cited just before"))
            if entry and not entry[0]:
                return None, method, (f"the sentence names {name}, whose "
                                      "last citation is unresolved"), None
            if not entry and state.last:
                return state.last, method, "", Decision(state.last, doubt=(
                    f"the sentence names {name}, who is not known as the "
                    "author of the work cited just before, which was "
                    "taken"))
        if state.last:
            return state.last, method, "", None
        # After an unresolved citation: the work of the author the
        # sentence names, cited last.
        work = _last_by(state, names) if names else None
        if work:
            return work, method, "", Decision(work, doubt=(
                "the citation before it is unresolved; the last work "
                "cited of the author named in the sentence was taken"))
        return None, method, ("the citation before it is unresolved"
                              if state.found else
                              "no citation before it in this chapter"), None
    # A work given by key ("@kinna-kropotkin-lenin") is the editor's; one
    # left by an earlier reading of the same document is found again from
    # the words, so that a second reading reports the same doubts.
    if item.work and item.work in state.index.by_id and (
            "@" in item.raw or not item.title):
        return item.work, "works-file", "", None
    if not item.title and item.work:
        return None, "works-file", (f"the works file has no id "
                                    f"{item.work!r}; add it to the works "
                                    "file"), None
    if not item.title:
        return None, "works-file", "it names no work", None
    previous: frozenset[str] = frozenset()
    if state.last:
        previous = creator_keys(state.csl(state.last)) | \
            catalogue.creators(state.last)
    voices: dict[str, frozenset[str]] = {}
    for work, keys in state.spoken:
        if work:
            voices[work] = voices.get(work, frozenset()) | keys
    context = Context(names=names, previous=previous,
                      volume=_volume_in(item.locator), voices=voices)
    decision = catalogue.decide(item.title, context)
    if decision.work:
        return decision.work, "works-file", "", decision
    for key in reversed(state.history):
        if _title_matches(item.title, state.csl(key)):
            if decision.candidates:
                # Several works file entries have this title: the one cited
                # last under it is a guess.
                return key, "short-form", "", Decision(
                    key, doubt=("several works have this title; the one "
                                "cited last under it was taken"),
                    candidates=decision.candidates)
            return key, "short-form", "", None
    return None, "works-file", decision.problem, decision


def _volume_in(locator: str) -> str:
    return volume_of(locator)


# --------------------------------------------------------------------------
# Citations in note text
# --------------------------------------------------------------------------

def _resolve_parsed(state: _State, hit: Parsed, note: str | None):
    """(work, method) for a citation found in note text."""
    if hit.kind == "ibid":
        if state.last:
            return state.last, "ibid"
        why = ("the note before it is missing from the source"
               if state.after_missing else
               "the citation before it is unresolved" if state.found
               else "no citation before it")
        state.problems.append(("CITE002", f"Ibid. not resolved ({why}): "
                               f"{hit.raw!r}", state.where(note)))
        return None, "ibid"
    if hit.kind == "op-cit":
        creators = name_keys(hit.csl.get("author") or ())
        for key in reversed(state.history):
            if not creators or creators <= creator_keys(state.csl(key)):
                return key, "op-cit"
        state.problems.append(("CITE003", f"Op. Cit. names no earlier work: "
                               f"{hit.raw!r}", state.where(note)))
        return None, "op-cit"
    if hit.kind == "full":
        key = f"{state.chapter}#{len(state.works) + 1}"
        csl = dict(hit.csl)
        csl["_raw"] = hit.raw
        csl["_where"] = state.where(note)
        state.works[key] = csl
        return key, "full"
    work, how = match_earlier(state, hit.csl)
    if work:
        return work, "works-file" if how == "works-file" else "short-form"
    state.problems.append(("CITE001", f"unresolved short citation "
                           f"{hit.raw!r}: {how}", state.where(note)))
    return None, "short-form"


def rewrite_paragraph(state: _State, para: Paragraph, note: str | None):
    """Replace the citation stretches of a note paragraph by Citations."""
    para = replace(para, children=unwrap_citations(para.children))
    if any(isinstance(n, Citation) for n in para.children):
        return replace(para, children=_body_inlines(state, para.children,
                                                    note, {}))
    flat, italics, atoms = flatten(para.children)
    try:
        hits = find_citations(flat, italics)
    except (ValueError, IndexError, KeyError) as exc:  # pragma: no cover
        state.problems.append(("CITE009", f"could not read note text ({exc})",
                               state.where(note)))
        hits = []
    out: list[Inline] = []
    pos = 0
    for hit in hits:
        s, e = widen(atoms, hit.start, hit.end)
        if s < pos:
            continue
        if hit.tentative and not match_earlier(state, hit.csl)[0]:
            continue  # discussion that only looks like a short form
        out.extend(slice_flat(atoms, pos, s))
        work, method = _resolve_parsed(state, hit, note)
        anchor = state.next_anchor()
        raw = flat[s:e]
        item = CiteItem(raw=raw, title=hit.csl.get("title", ""),
                        locator=hit.locator, op_cit=hit.kind == "op-cit",
                        ibid=hit.kind == "ibid", work=work)
        state.record(note, raw, work, hit.locator, method, anchor)
        out.append(Citation(items=(item,), raw=raw, bracketed=False,
                            id=anchor, children=slice_flat(atoms, s, e)))
        pos = e
    out.extend(slice_flat(atoms, pos, len(flat)))
    return replace(para, children=tuple(out))


# --------------------------------------------------------------------------
# Walking a chapter
# --------------------------------------------------------------------------

def _body_inlines(state, inlines, note, notes):
    """Resolve bracketed citations and read notes at their calls."""
    out = []
    for node in inlines:
        if isinstance(node, Text) and not state.quoting:
            state.text_before += node.text
        if isinstance(node, Citation):
            out.append(resolve_bracketed(state, node, note))
        elif isinstance(node, NoteRef):
            _read_note(state, notes, node.label)
            out.append(node)
        elif isinstance(node, CONTAINER_INLINES):
            out.append(replace(node, children=tuple(
                _body_inlines(state, node.children, note, notes))))
        else:
            out.append(node)
    return tuple(out)


def _blocks(state, blocks, note, notes):
    """Rewrite blocks in reading order (body when ``note`` is None)."""
    out = []
    for block in blocks:
        if isinstance(block, Paragraph) and note is not None:
            out.append(rewrite_paragraph(state, block, note))
        elif isinstance(block, (Paragraph, Heading, Table)):
            out.append(map_block_inlines(block, lambda run: _body_inlines(
                state, run, note, notes)))
        elif isinstance(block, BlockQuote):
            # Quoted words name no citer: left out of a citation's context.
            quoting, state.quoting = state.quoting, True
            out.append(replace(block, blocks=tuple(
                _blocks(state, block.blocks, note, notes))))
            state.quoting = quoting
            state.text_before += " “…” "
        elif isinstance(block, Division):
            out.append(replace(block, blocks=tuple(
                _blocks(state, block.blocks, note, notes))))
        elif isinstance(block, (BulletList, OrderedList)):
            out.append(replace(block, items=tuple(
                tuple(_blocks(state, item, note, notes))
                for item in block.items)))
        else:
            out.append(block)
    return out


def _read_note(state, notes: dict, label: str):
    """Read note ``label`` once, at its first call."""
    entry = notes.get(label)
    if entry is None or entry[1] is not None:
        return
    original = entry[0]
    if original.missing:
        # The lost note may have cited another work: an Ibid. after it
        # cannot be trusted to mean the work read before.
        state.last = None
        state.after_missing = True
    notes[label] = (original, replace(original, blocks=tuple(
        _blocks(state, original.blocks, label, notes))))


def resolve_chapter(chapter: str, document: Document, index: WorksIndex,
                    catalogue: Catalogue | None = None,
                    answers: Mapping | None = None):
    """Resolve a chapter: (document with Citations, local works, found,
    problems)."""
    state = _State(chapter=chapter, index=index,
                   catalogue=catalogue or Catalogue(list(
                       index.by_id.values())),
                   answers=answers or {})
    notes: dict[str, tuple[Note, Note | None]] = {
        n.label: (n, None) for n in document.notes}
    for label in document.title_notes:
        _read_note(state, notes, label)
    blocks = _blocks(state, document.blocks, None, notes)
    for n in document.notes:  # notes never called, in label order
        _read_note(state, notes, n.label)
    new_notes: list[Note] = []
    for n in document.notes:
        done = notes[n.label][1]
        assert done is not None  # every note was read above
        new_notes.append(done)
    doc = replace(document, blocks=tuple(blocks), notes=tuple(new_notes))
    return doc, state.works, state.found, state.problems


# --------------------------------------------------------------------------
# Renaming works after merging
# --------------------------------------------------------------------------

def _rename_inlines(inlines, rename):
    out = []
    for node in inlines:
        if isinstance(node, Citation):
            node = replace(node, items=tuple(
                replace(i, work=rename(i.work)) if i.work else i
                for i in node.items))
        elif isinstance(node, CONTAINER_INLINES):
            node = replace(node, children=_rename_inlines(node.children,
                                                          rename))
        out.append(node)
    return tuple(out)


def _rename_blocks(blocks, rename):
    out = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading, Table)):
            block = map_block_inlines(block, lambda run: _rename_inlines(
                run, rename))
        elif isinstance(block, (BlockQuote, Division)):
            block = replace(block, blocks=_rename_blocks(block.blocks,
                                                         rename))
        elif isinstance(block, (BulletList, OrderedList)):
            block = replace(block, items=tuple(_rename_blocks(item, rename)
                                               for item in block.items))
        out.append(block)
    return tuple(out)


def rename_works(document: Document, rename) -> Document:
    """``document`` with every CiteItem.work passed through ``rename``."""
    return replace(document,
                   blocks=_rename_blocks(document.blocks, rename),
                   notes=tuple(replace(n, blocks=_rename_blocks(n.blocks,
                                                                rename))
                               for n in document.notes))
