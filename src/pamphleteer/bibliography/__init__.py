"""One bibliography for the whole book.

:func:`build_bibliography` reads every chapter's citations in reading
order (bracketed inline citations, Chicago notes, the introduction's
pandoc-style citations), resolves ``Ibid.``, ``Op. Cit.`` and short forms,
merges the same work cited in several chapters into one entry (the works
file wins), and returns the documents with every citation linked, the
entries formatted in Chicago style, every occurrence, the problems and the
merges.  It is pure: it reads no file and renders nothing.

Stages: :mod:`.parse` (note text -> citations), :mod:`.resolve` (one
chapter; :mod:`.spans` maps note text back to its inlines), :mod:`.merge`
(across chapters), :mod:`.chicago` (formatting), :mod:`.works` (the works
file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence

from ..errors import ManifestError
from ..model import Document, Inline, block_text, walk_blocks
from .chicago import format_entry, sort_key, typeset
from .csl import format_with_style
from .match import Catalogue
from .merge import Merge, link_containers, merge_works
from .names import fold
from .resolve import rename_works, resolve_chapter
from .sources import load_works, load_works_files
from .works import WorksIndex, source_work

__all__ = ["ChapterInput", "Entry", "Occurrence", "Problem", "Bibliography",
           "Merge", "load_works", "load_works_files", "source_work",
           "build_bibliography",
           "csl_json",
           "citations_json"]


@dataclass(frozen=True)
class ChapterInput:
    """One chapter as the bibliography needs it."""

    id: str
    """Chapter id, unique in the book (prefix of citation anchor ids)."""
    document: Document
    """The cleaned chapter."""
    source_work: Mapping | None = None
    """CSL-JSON of the text itself (its original publication), or None.
    An ``id`` equal to a works-file id makes it that entry."""


@dataclass(frozen=True)
class Entry:
    """One work of the bibliography."""

    id: str
    """The work's id (works-file id, or made from author, title, year)."""
    csl: Mapping
    """The CSL-JSON item, with ``id``."""
    formatted: tuple[Inline, ...]
    """Chicago bibliography entry; titles of books and journals in Emph."""
    sort_key: str
    """Key that sorts entries by author, then title."""
    cited_in: tuple[tuple[str, str], ...]
    """(chapter id, citation anchor id) of every citation of the work;
    anchor ``""`` when the chapter is the work itself."""
    container: str | None = None
    """Id of the entry of the collection a chapter appeared in (its
    citations are also listed under the collection), or None."""


@dataclass(frozen=True)
class Occurrence:
    """One citation item as it occurs in the book."""

    chapter: str
    """Chapter id."""
    note: str | None
    """Note label, or None for a citation in the body."""
    raw: str
    """The item as written."""
    work: str | None
    """Id of the entry it resolves to, or None when unresolved."""
    locator: str
    """Pages or other locator."""
    method: str
    """How it was resolved: full, ibid, op-cit, short-form, works-file,
    editor (answered in the review file)."""
    doubt: str = ""
    """Why the work taken is not certain (also a CITE004 warning)."""
    candidates: tuple[str, ...] = ()
    """Works it may name, best first, when doubtful or unresolved."""
    context: str = ""
    """The words before it since the previous citation (quotations left
    out), shown in the review file."""
    problem: str = ""
    """Why it is unresolved, or empty."""


class Problem(NamedTuple):
    """Something the editor should look at (``pamphleteer check``); a
    (code, message, location) tuple."""

    code: str
    """Stable code: CITE001 unresolved, CITE002 Ibid. without antecedent,
    CITE003 Op. Cit. without antecedent, CITE010 doubtful merge, CITE011
    entry without a title."""
    message: str
    """What is wrong and what to do."""
    location: str
    """``chapter-id note N``, ``chapter-id``, or ``file:line``."""


@dataclass(frozen=True)
class Bibliography:
    """The result of :func:`build_bibliography`."""

    documents: Mapping[str, Document]
    """Chapter id -> document with Citations linked (CiteItem.work) and
    given anchor ids; note citations are Citation(bracketed=False)."""
    entries: tuple[Entry, ...]
    """Every work cited, once, sorted by author."""
    occurrences: tuple[Occurrence, ...]
    """Every citation item in reading order."""
    problems: tuple[Problem, ...]
    """Unresolved citations, doubtful merges, fragments."""
    merges: tuple[Merge, ...]
    """Every merge of a cited work into an entry."""


def build_bibliography(chapters: Sequence[ChapterInput],
                       works: Sequence[Mapping],
                       answers: Mapping | None = None,
                       style: Path | None = None) -> Bibliography:
    """Resolve, merge and format the citations of every chapter.
    ``answers`` are the editor's (:func:`.review.load_answers`); ``style``
    a CSL style file (:mod:`.csl`), None for the own Chicago formatter."""
    ids = [c.id for c in chapters]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ManifestError("chapter ids must be unique for citation "
                            f"anchors: {', '.join(dupes)}")
    index = WorksIndex(works)
    catalogue = Catalogue(works)
    resolved = []
    parsed: list[tuple[str, str, Mapping]] = []
    problems: list[Problem] = []
    for chapter in chapters:
        doc, local, found, probs = resolve_chapter(
            chapter.id, chapter.document, index, catalogue, answers)
        resolved.append((chapter.id, doc, found))
        problems += [Problem(*p) for p in probs]
        for key, csl in local.items():
            parsed.append((key, csl.get("_where", chapter.id), csl))
        if chapter.source_work:
            source = dict(chapter.source_work)
            source.setdefault("_raw", source.get("title", ""))
            parsed.append((f"{chapter.id}#source", f"{chapter.id} (the text)",
                           source))
    mapping, entries_csl, merges, taken = merge_works(works, parsed)

    def final(key: str | None) -> str | None:
        return mapping.get(key, key) if key else None

    documents: dict[str, Document] = {}
    occurrences: list[Occurrence] = []
    cited_in: dict[str, list[tuple[str, str]]] = {}
    for chapter_id, doc, found in resolved:
        documents[chapter_id] = rename_works(doc, final)
        for f in found:
            work = final(f.work)
            occurrences.append(Occurrence(
                f.chapter, f.note, f.raw, work, f.locator, f.method,
                f.doubt, tuple(final(c) or c for c in f.candidates),
                f.context, f.problem))
            if work and (chapter_id, f.anchor) not in cited_in.get(work, []):
                cited_in.setdefault(work, []).append((chapter_id, f.anchor))
    for spec in chapters:
        if spec.source_work:
            work = mapping[f"{spec.id}#source"]
            cited_in.setdefault(work, []).append((spec.id, ""))
    acronyms = book_acronyms(chapters)
    unify_names(entries_csl, list(cited_in))
    links, made = link_containers(entries_csl, list(cited_in), taken)
    for chapter_id, container_id in links.items():
        places = cited_in.setdefault(container_id, [])
        # The collection lists its chapters' citations, but it is not
        # "reprinted in this volume" because one of its chapters is.
        places += [p for p in cited_in[chapter_id]
                   if p not in places and p[1]]
    merges += made
    entries = []
    for work_id, places in cited_in.items():
        csl = {k: v for k, v in entries_csl[work_id].items()
               if not k.startswith("_")}
        # CSL requires a type; a text known only from the manifest has none.
        csl.setdefault("type", "document")
        if not csl.get("title"):
            problems.append(Problem("CITE011", f"work {work_id!r} has no "
                                    "title; add it to the works file",
                                    places[0][0]))
            continue
        book_id = links.get(work_id)
        book = entries_csl[book_id] if book_id else None
        entries.append(Entry(work_id, csl, format_entry(csl, book,
                                                        acronyms),
                             sort_key(csl), tuple(places), book_id))
    if style is not None and entries:
        styled = format_with_style(style, [typeset(dict(e.csl, id=e.id),
                                                   acronyms)
                                           for e in entries])
        entries = [replace(e, formatted=styled.get(e.id, e.formatted))
                   for e in entries]
    entries.sort(key=lambda e: (e.sort_key, e.id))
    problems += [Problem("CITE010", f"doubtful merge into {m.work!r}: "
                         f"{m.reason} ({m.raw!r})", m.sources[-1])
                 for m in merges if m.doubt]
    return Bibliography(documents, tuple(entries), tuple(occurrences),
                        tuple(problems), tuple(merges))


def _initials(given: str) -> str:
    """``Benedict R.`` -> ``BR``; ``B. R.`` -> ``BR``."""
    return "".join(w[0] for w in given.replace(".", ". ").split()
                   if w[:1].isalpha()).upper()


def unify_names(entries: dict[str, dict], ids: Sequence[str]) -> None:
    """One person, one name form: ``Anderson, B.`` becomes ``Anderson,
    Benedict`` when another entry of the bibliography gives the full name
    and no other person of that family has those initials.  Changes
    ``entries`` in place (the cited ones)."""
    full: dict[tuple[str, str], set[str]] = {}
    for i in ids:
        for role in ("author", "editor", "translator"):
            for n in entries[i].get(role) or ():
                given = n.get("given", "")
                if "family" in n and given and not re.fullmatch(
                        r"(?:[A-Z]\.\s*-?)+", given):
                    key = (fold(n["family"]), _initials(given)[:1])
                    full.setdefault(key, set()).add(given)
    for i in ids:
        for role in ("author", "editor", "translator"):
            names = entries[i].get(role)
            if not names:
                continue
            fixed = []
            for n in names:
                given = n.get("given", "")
                if "family" in n and re.fullmatch(r"(?:[A-Z]\.\s*-?)+",
                                                  given or "-"):
                    forms = [g for g in full.get((fold(n["family"]),
                                                  _initials(given)[:1]), ())
                             if _initials(g).startswith(_initials(given))]
                    if len(forms) == 1:
                        n = dict(n, given=forms[0])
                fixed.append(n)
            entries[i] = dict(entries[i], **{role: fixed})


def book_acronyms(chapters: Sequence[ChapterInput]) -> frozenset[str]:
    """Words of three to six capitals the book's texts use (``CNT``,
    ``FAI``) and never write otherwise (a heading in capitals does not make
    ``BAKUNIN`` an acronym): a title that title-cases them gets them
    back."""

    found: set[str] = set()
    other: set[str] = set()
    for chapter in chapters:
        doc = chapter.document
        blocks = list(walk_blocks(doc.blocks))
        for note in doc.notes:
            blocks += list(walk_blocks(note.blocks))
        for block in blocks:
            try:
                text = block_text(block)
            except TypeError:
                continue
            # A word of capitals only, between word boundaries.
            found.update(re.findall(r"\b[A-Z]{3,6}\b", text))
            # The same word written with small letters.
            other.update(w.upper() for w in re.findall(
                r"\b[A-Za-z][a-z]{2,5}\b", text))
    return frozenset(found - other)


def csl_json(bib: Bibliography) -> list[dict]:
    """The bibliography as CSL-JSON: every work cited, each with its id."""
    return [dict(e.csl, id=e.id) for e in bib.entries]


def citations_json(bib: Bibliography) -> list[dict]:
    """One object per citation occurrence (chapter, note, raw, work,
    locator, method)."""
    out = []
    for o in bib.occurrences:
        row: dict[str, str | list[str] | None] = {
            "chapter": o.chapter, "note": o.note, "raw": o.raw,
            "work": o.work, "locator": o.locator, "method": o.method}
        if o.doubt:
            row["doubt"] = o.doubt
        if o.problem:
            row["problem"] = o.problem
        if o.candidates:
            row["candidates"] = list(o.candidates)
        if (o.doubt or not o.work) and o.context:
            row["context"] = o.context
        out.append(row)
    return out
