"""Assembly: the manifest and the cleaned texts become one :class:`Book`.

Gather everything first, then hand the whole book to the renderers: the
bibliography and the index need every text.  Each step is a pure
``Document -> Document`` transform; this module only sequences them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Any, Callable

import yaml

from . import __version__
from .bibliography import (
    ChapterInput,
    build_bibliography,
    citations_json,
    csl_json,
    load_works_files,
    source_work,
)
from .bibliography.csl import style_path
from .bibliography.review import load_answers
from .bibliography.titles import mark_titles
from .book import AboutItem, Book, Chapter, Contributor, Part
from .cache import StageCache
from .cleaners import (LANGUAGE_DETECTION, CleanResult, clean_in_language,
                       load_all, load_source)
from .dates import build_date
from .errors import Diagnostics, ManifestError
from .index import Occurrence, load_index, mark_document
from .index import check as index_check
from .manifest import ChapterSpec, Manifest
from .markdown_read import read_markdown
from .model import (
    Block,
    block_inlines,
    Document,
    Heading,
    Lacuna,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    Text,
    block_text,
    inline_text,
    walk_blocks,
    walk_inlines,
)
from .sources import read_source
from .text import collapse_space, slugify, typography

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cleaned:
    """A chapter's cleaning result with what reading the file said."""

    spec: ChapterSpec
    """The manifest entry."""
    format: str
    """The cleaner used."""
    result: CleanResult
    """Document and report."""
    read_warnings: tuple[str, ...]
    """Encoding guesses and repairs."""


# --------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------

def clean_chapter(manifest: Manifest, spec: ChapterSpec,
                  cache: StageCache | None = None) -> Cleaned:
    """Read and clean one chapter's source (through the cache if given)."""
    path = manifest.resolve(spec.source)
    loaded = load_source(path, spec.source, spec.format, spec.id)
    fmt = loaded.format
    info = load_all()[fmt]

    def compute() -> CleanResult:
        # the manifest's languages choose quotation marks and dashes; a
        # text that declares none is read in the one it plainly reads as
        return clean_in_language(info, loaded.raw, source=spec.source,
                                 options=spec.options, chapter=spec.language,
                                 book=manifest.book.language)

    if cache is not None:
        # the languages are part of what the result depends on
        key = {**spec.options, " languages": [spec.language,
                                              manifest.book.language],
               " language-detection": LANGUAGE_DETECTION}
        result = cache.clean(info, loaded.raw, spec.source, key, compute)
    else:
        result = compute()
    return Cleaned(spec, fmt, result, loaded.warnings)


# --------------------------------------------------------------------------
# Ids
# --------------------------------------------------------------------------

def assign_heading_ids(doc: Document, scope: str) -> Document:
    """Give every heading a book-wide unique id prefixed with ``scope``."""
    used: set[str] = set()

    def fix(blocks: tuple) -> tuple:
        out = []
        for b in blocks:
            if isinstance(b, Heading):
                base = f"{scope}-{slugify(b.id or inline_text(b.children))[:48]}"
                hid, k = base, 1
                while hid in used:
                    k += 1
                    hid = f"{base}-{k}"
                used.add(hid)
                b = replace(b, id=hid)
            elif hasattr(b, "blocks") and not isinstance(b, Note):
                b = replace(b, blocks=fix(b.blocks))
            out.append(b)
        return tuple(out)

    return replace(doc, blocks=fix(doc.blocks))


def answer_every_call(doc: Document) -> Document:
    """Give every note call without a note (a hand-edited Markdown text's
    ``[^7]`` with no ``[^7]:``, already reported by its cleaner) a note
    marked missing, so that no call links to nothing."""
    labels = {n.label for n in doc.notes}
    blocks = list(walk_blocks(doc.blocks))
    blocks += [b for n in doc.notes for b in walk_blocks(n.blocks)]
    added: list[Note] = []
    for b in blocks:
        for node in (n for run in block_inlines(b) for n in walk_inlines(run)):
            if isinstance(node, NoteRef) and node.label not in labels:
                labels.add(node.label)
                added.append(Note(node.label, (), True, None))
    if not added:
        return doc
    return replace(doc, notes=doc.notes + tuple(added))


RUNNING_HEAD = 48
"""Characters a running head holds beside its folio (an A5 page's head in
italic at 0.8 em; a longer one ran into the folio)."""


def running_title(title: str) -> str:
    """The title for running heads and index labels when the manifest
    gives no ``short_title``: the title, or when too long the words that
    fit (whole words, and an ellipsis)."""
    title = " ".join(title.split())
    if len(title) <= RUNNING_HEAD:
        return title
    head, colon, _ = title.partition(": ")
    if colon and 12 <= len(head) <= RUNNING_HEAD:
        return head  # "Contesting the Revolutionary Tradition"
    words = title[:RUNNING_HEAD - 1].rsplit(" ", 1)[0].split()
    while len(words) > 1 and (words[-1].lower() in _TRAILING
                              or not words[-1].strip(",;:—–-")):
        words.pop()  # never end on "a", "of", "the"...
    return " ".join(words).rstrip(",;:—–-") + "…"


_TRAILING = frozenset("a an and as at but by for from in into nor of on or "
                      "the to with".split())


def _title_key(text: str) -> str:
    return " ".join("".join(c for c in text.casefold()
                            if c.isalnum() or c.isspace()).split())


_NUMERAL = re.compile(r"^(?:(?:chapter|book|part|section|letter|essay|"
                      r"lecture) )?(?:[ivxlcdm]+|\d+)$")


def _numbered_by(para: Paragraph, title: str) -> bool:
    """Is ``title`` a numeral and this paragraph's words ("IV" and
    "Observations on ...")?"""
    if any(isinstance(n, NoteRef) for n in walk_inlines(para.children)):
        return False
    line = _title_key(block_text(para))
    key = _title_key(title)
    return bool(line) and key.endswith(" " + line) and \
        bool(_NUMERAL.match(key[:-len(line) - 1]))


def drop_title_heading(doc: Document, title: str) -> Document:
    """A text whose body opens with a heading that repeats its title (a
    part taken out of a collection with ``select:``: the essay's heading
    is the chapter's title) has that heading left out: the opener sets
    the title, and it was printed twice.  Only the first block, only when
    its words are the title's, case and punctuation aside; a note called
    from that heading becomes the title's note (``title_notes``)."""
    if not doc.blocks or not title:
        return doc
    first = doc.blocks[0]
    if isinstance(first, Paragraph) and _numbered_by(first, title):
        # An EPUB chapter's reader made "IV" the title: its first line is
        # in the title add wrote ("IV: Observations on ...").
        log.info("%s: its first line repeats its title: left out", title)
        return replace(doc, blocks=doc.blocks[1:])
    if not isinstance(first, Heading):
        return doc
    calls = tuple(n.label for n in walk_inlines(first.children)
                  if isinstance(n, NoteRef))
    head = _title_key(inline_text(first.children))
    if head == _title_key(title):
        # Its note calls go with it onto the title (a lecture's "Delivered
        # at ..." note on "SUPERSTITION¹"), printed as the opener's note.
        log.info("%s: its first heading repeats its title: left out",
                 title)
        return replace(doc, blocks=doc.blocks[1:],
                       title_notes=doc.title_notes + calls)
    if calls:
        return doc
    # A heading that only numbers the part ("IV") and the line under it
    # that names it, both in the title ``add`` wrote ("IV: Observations
    # on ..."): both left out.
    second = doc.blocks[1] if len(doc.blocks) > 1 else None
    if isinstance(second, Paragraph) and not any(
            isinstance(n, NoteRef) for run in block_inlines(second)
            for n in walk_inlines(run)) and \
            f"{head} {_title_key(block_text(second))}" == _title_key(title):
        log.info("%s: its first heading and the line under it repeat its "
                 "title: left out", title)
        return replace(doc, blocks=doc.blocks[2:])
    return doc


def mark_lacunae(doc: Document, spec: ChapterSpec,
                 diag: Diagnostics) -> Document:
    """Insert the lacunae the manifest declares for a chapter."""
    if not spec.lacunae:
        return doc

    blocks = list(doc.blocks)
    for lac in spec.lacunae:
        mark = Lacuna(typography(" ".join(lac.reason.split()))[0], None)
        if lac.after == "start":
            blocks.insert(0, mark)
            continue
        if lac.after == "end":
            blocks.append(mark)
            continue
        want = collapse_space(lac.after).casefold()
        for i, b in enumerate(blocks):
            if collapse_space(block_text_of(b)).casefold().startswith(want):
                blocks.insert(i + 1, mark)
                break
        else:
            diag.warn("LAC001", f"lacuna after {lac.after!r}: no paragraph of "
                      f"`{spec.id}` starts with these words; quote the first "
                      "words of a paragraph, or use start or end", spec.source)
    return replace(doc, blocks=tuple(blocks))


def block_text_of(b: Block) -> str:
    try:
        return block_text(b)
    except TypeError:
        return ""


# --------------------------------------------------------------------------
# Inline Markdown in manifest strings
# --------------------------------------------------------------------------

def inline_markdown(text: str, where: str) -> tuple:
    """Parse a manifest string that may hold ``*emphasis*`` into inlines."""
    if not text.strip():
        return ()
    doc = read_markdown(text, source=where)
    blocks = [b for b in doc.blocks if isinstance(b, Paragraph)]
    if len(blocks) != 1:
        return (Text(" ".join(text.split())),)
    return blocks[0].children


# --------------------------------------------------------------------------
# The book
# --------------------------------------------------------------------------

def label_ranges(labels: list[str]) -> str:
    """``80–81, 84–86, 88`` from note labels (numeric runs collapsed)."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run.clear()

    for label in labels:
        if label.isdigit():
            n = int(label)
            if run and n != run[-1] + 1:
                flush()
            run.append(n)
        else:
            flush()
            out.append(label)
    flush()
    return ", ".join(out)


def _summary(c: Cleaned) -> str:
    """What the edition did to a text, in a sentence or two."""
    counts = c.result.report.counts
    doc = c.result.document
    bits = []
    if counts.get("removed-gutenberg-header"):
        bits.append("Project Gutenberg’s header, licence and footer left "
                    "out, its hard-wrapped lines joined")
    elif counts.get("removed-licence"):  # a Gutenberg HTML book's
        bits.append("Project Gutenberg’s header, licence and footer left "
                    "out")
    if counts.get("note-renumbered"):
        bits.append("notes whose numbering restarted numbered through")
    if counts.get("removed-contents"):
        bits.append("the source’s table of contents left out")
    if counts.get("fragment-join"):
        bits.append(f"{counts['fragment-join']} page breaks rejoined and "
                    "the shuffled pages put back in order")
    lacunae = sum(1 for b in walk_blocks(doc.blocks)
                  if type(b).__name__ == "Lacuna")
    if lacunae:
        bits.append(f"{lacunae} gap{'s' if lacunae > 1 else ''} where pages "
                    "are missing marked in the text")
    missing = [n.label for n in doc.notes if n.missing]
    if missing:
        bits.append(f"the text of note{'s' if len(missing) > 1 else ''} "
                    f"{label_ranges(missing)} "
                    f"{'are' if len(missing) > 1 else 'is'} missing from the "
                    "source, and the calls say so")
    found = len([n for n in doc.notes if not n.missing])
    if found and c.format == "pdf-text":
        bits.append(f"{found} footnotes recovered from the page feet and "
                    "attached to their calls")
    if counts.get("hyphen-joined"):
        bits.append(f"{counts['hyphen-joined']} words broken at line ends "
                    "rejoined")
    if counts.get("confusable"):
        bits.append(f"{counts['confusable']} word(s) mixing alphabets "
                    "repaired")
    typo = sum(counts.get(k, 0) for k in ("quote", "apostrophe", "dash",
                                           "ellipsis"))
    if typo:
        bits.append(f"{typo} quotation marks, dashes and ellipses made "
                    "consistent")
    if not bits:
        return "Printed as found."
    text = "; ".join(bits)
    return text[0].upper() + text[1:] + "."


def _about_notes(manifest: Manifest) -> dict[str, str]:
    rel = manifest.back.about_notes
    if not rel:
        return {}
    path = manifest.resolve(rel)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ManifestError(f"{rel}:{line}: invalid YAML: "
                            f"{getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ManifestError(f"{rel}:1: must map chapter ids to text")
    return data


def assemble(manifest: Manifest, *, cache: StageCache | None = None,
             diagnostics: Diagnostics | None = None,
             progress: Callable[[str], None] | None = None,
             chapter_ids: set[str] | None = None) -> Book:
    """Clean every text and assemble the book (or the chosen chapters)."""
    diag = diagnostics if diagnostics is not None else Diagnostics()
    cleaned: list[tuple[Any, Cleaned]] = []
    for part, spec in manifest.all_chapters():
        if chapter_ids is not None and spec.id not in chapter_ids:
            continue
        if progress:
            progress(f"cleaning {spec.id}")
        c = clean_chapter(manifest, spec, cache)
        for w in c.read_warnings:
            diag.warn("READ001", w, spec.source)
        for p in c.result.report.problems:
            loc = f"{spec.source}:{p.line}" if p.line else spec.source
            diag.warn(p.code, p.message, loc)
        cleaned.append((part, c))

    # Introduction.
    intro_doc = None
    if manifest.front.introduction and chapter_ids is None:
        rel = manifest.front.introduction
        raw = read_source(manifest.resolve(rel), rel)
        for w in raw.warnings:
            diag.warn("READ001", w, rel)
        # Read by the markdown cleaner, so that its problems (a call without
        # a note, words the reader would drop) are reported like a chapter's.
        intro = load_all()["markdown"].clean(raw.text, source=rel, options={})
        for p in intro.report.problems:
            diag.warn(p.code, p.message, f"{rel}:{p.line}" if p.line else rel)
        intro_doc = assign_heading_ids(answer_every_call(intro.document),
                                       "intro")

    docs: dict[str, Document] = {}
    for _, c in cleaned:
        doc = mark_lacunae(answer_every_call(drop_title_heading(
            c.result.document,
            c.spec.title or c.result.document.meta.title)), c.spec, diag)
        docs[c.spec.id] = assign_heading_ids(doc, c.spec.id)

    # Bibliography: resolve and merge every citation of the book.
    entries: tuple = ()
    if progress:
        progress("bibliography")
    works, works_warnings = load_works_files(
        [(manifest.resolve(rel), rel) for rel in manifest.back.works])
    for code, message, location in works_warnings:
        diag.warn(code, message, location)
    inputs = []
    if intro_doc is not None:
        inputs.append(ChapterInput("intro", intro_doc, None))
    for _, c in cleaned:
        inputs.append(ChapterInput(c.spec.id, docs[c.spec.id],
                                   _source_work(c)))
    answers = {}
    if manifest.back.citations:
        answers = load_answers(manifest.resolve(manifest.back.citations),
                               manifest.back.citations)
    bib = build_bibliography(inputs, works, answers,
                             style_path(manifest.back.citation_style,
                                        manifest.folder))
    for code, message, location in bib.problems:
        diag.warn(code, message, location)
    if intro_doc is not None:
        intro_doc = bib.documents["intro"]
    docs = {cid: bib.documents[cid] for cid in docs}
    if manifest.back.italic_titles:
        # Titles named in plain-text sources, set as the bibliography sets
        # them; every change reported.
        cited = [e.csl for e in bib.entries]
        for cid in docs:
            docs[cid], changes = mark_titles(docs[cid], cited, cid)
            for where, title, how in changes:
                log.info("%s: title %r set %s (back.italic_titles)", where,
                         title, "in quotation marks" if how == "quoted"
                         else "in italics")
    if manifest.back.bibliography:
        entries = bib.entries

    # Index marks.
    index_data = None
    if manifest.back.index and chapter_ids is None:
        if progress:
            progress("index")

        index_spec = load_index(manifest.resolve(manifest.back.index))
        occurrences: list[Occurrence] = []
        if intro_doc is not None:
            intro_doc, occ = mark_document(intro_doc, index_spec, "intro")
            occurrences.extend(occ)
        for cid in list(docs):
            docs[cid], occ = mark_document(docs[cid], index_spec, cid)
            occurrences.extend(occ)
        for code, message, location in index_check(index_spec, occurrences):
            diag.warn(code, message, location)
        index_data = (index_spec, tuple(occurrences))

    # Chapters and parts.
    about_notes = _about_notes(manifest)
    parts: list[Part] = []
    chapters_by_part: dict[int, list[Chapter]] = {}
    part_objs: dict[int, Any] = {}
    number = 0
    for part, c in cleaned:
        number += 1
        spec, meta = c.spec, c.result.document.meta
        key = id(part)
        part_objs[key] = part
        ch = Chapter(
            id=spec.id, number=number,
            title=spec.title or meta.title or spec.id,
            subtitle=spec.subtitle or meta.subtitle,
            short_title=spec.short_title or running_title(
                spec.title or meta.title),
            authors=spec.authors or meta.authors,
            date=spec.date or meta.date,
            translators=spec.translators or meta.translators,
            editors=spec.editors or meta.editors,
            original_publication=inline_markdown(
                spec.original_publication, f"{manifest.path.name}:{spec.id}"),
            source_used=spec.source_used or "; ".join(meta.source_lines),
            license=spec.license or meta.get("license"),
            document=docs[spec.id], format=c.format,
            source_file=spec.source, report_summary=_summary(c),
            part=(part.id or slugify(part.title)) if part else "",
            **_provenance(manifest, spec, meta))
        _check_chapter(ch, spec, meta, diag)
        chapters_by_part.setdefault(key, []).append(ch)
    for i, (key, chs) in enumerate(chapters_by_part.items(), start=1):
        p = part_objs[key]
        parts.append(Part(id=(p.id or slugify(p.title)) if p else "main",
                          title=p.title if p else "", number=i,
                          chapters=tuple(chs)))

    for cid in about_notes:
        if cid not in docs and chapter_ids is None:
            diag.warn("ABOUT001", f"note for unknown chapter `{cid}`",
                      manifest.back.about_notes)

    about = tuple(AboutItem(c.spec.id,
                            typography(about_notes.get(c.spec.id, ""))[0])
                  for _, c in cleaned)

    contributors: list[Contributor] = [Contributor(e, "edt")
                                       for e in manifest.book.editors]
    for book_part in parts:
        for text in book_part.chapters:
            contributors += [Contributor(a, "aut") for a in text.authors]
            contributors += [Contributor(t, "trl") for t in text.translators]
    seen: set[tuple[str, str]] = set()
    unique: list[Contributor] = []
    for person in contributors:
        if (person.name, person.role) not in seen:
            seen.add((person.name, person.role))
            unique.append(person)
    contributors = unique

    b = manifest.book
    built = build_date()
    title, subtitle, pamphlet_of, slug = b.title, b.subtitle, "", manifest.slug
    intro_title = manifest.front.introduction_title
    if chapter_ids is not None and len(parts) == 1 and \
            len(parts[0].chapters) == 1:
        # A pamphlet of one text: its own title page, the anthology named
        # in the colophon.
        ch = parts[0].chapters[0]
        title, subtitle = ch.title, ch.subtitle
        pamphlet_of = f"{b.title}: {b.subtitle}" if b.subtitle else b.title
        slug = f"{manifest.slug}-{ch.id}"
        parts = [replace(parts[0], title="")]
        index_data = None
    return Book(
        title=title, subtitle=subtitle, contributors=tuple(contributors),
        editors=b.editors, language=b.language, identifier=b.identifier,
        date=b.date, modified=built.strftime("%Y-%m-%dT%H:%M:%SZ"),
        version=b.version, rights=b.rights, publisher=b.publisher,
        description=b.description, subjects=b.subjects, slug=slug,
        introduction=intro_doc, introduction_title=intro_title,
        parts=tuple(parts), about=about, bibliography=entries,
        index=index_data,
        options={"front": manifest.front, "back": manifest.back,
                 "output": manifest.output},
        tool_version=__version__, csl=tuple(csl_json(bib)),
        citations=tuple(citations_json(bib)), pamphlet_of=pamphlet_of)


def _check_chapter(ch: Chapter, spec: ChapterSpec, meta: Metadata,
                   diag: Diagnostics) -> None:
    """Warn about a title that fell back to the id, and about a text whose
    language plainly differs from the one declared."""
    from .languages import plainly_differs
    from .model import block_text

    if not (spec.title or meta.title):
        diag.warn("TITLE001", f"`{spec.id}` has no title in the manifest nor "
                  "in its source; its id is printed as the title: write "
                  "`title:` for it", spec.source)
    if not spec.short_title and ch.short_title != ch.title:
        diag.warn("TITLE002", f"`{spec.id}`: its title is too long for a "
                  f"running head; “{ch.short_title}” is printed there: write "
                  "`short_title:` to choose another", spec.source)
    try:
        import pyphen

        known = {t.split("_")[0].lower() for t in pyphen.LANGUAGES}
    except ImportError:  # WeasyPrint's own dependency: always there
        known = set()
    primary = (ch.language or "").split("-")[0].lower()
    if known and primary and primary not in known:
        diag.warn("LANG002", f"`{spec.id}`: no hyphenation dictionary for "
                  f"`{ch.language}`; the PDF sets this text without "
                  "hyphenating it", spec.source)
    sample = " ".join(block_text(b) for b in ch.document.blocks[:300])
    differs = plainly_differs(sample[:60000], ch.language)
    if differs:
        diag.warn("LANG001", f"`{spec.id}`: {differs}; write the chapter's "
                  "`language:` (it sets hyphenation and quotation marks)",
                  spec.source)


def _provenance(manifest: Manifest, spec: ChapterSpec,
                meta: Metadata) -> dict[str, str]:
    """Where a chapter's text came from and in what language."""
    from .urlsources import is_url, retrieval_date

    out = {"language": spec.language or meta.language
           or manifest.book.language}
    if is_url(spec.source):
        out["source_url"] = spec.source
        out["retrieved"] = retrieval_date(manifest.folder, spec.source)
    return out


def _source_work(c: Cleaned) -> dict | None:
    """CSL-JSON of a text itself, from the manifest and its metadata."""
    spec, meta = c.spec, c.result.document.meta
    title = spec.title or meta.title
    if not title:
        return None
    return source_work(title=title, subtitle=spec.subtitle or meta.subtitle,
                       authors=spec.authors or meta.authors,
                       date=spec.date or meta.date,
                       translators=spec.translators or meta.translators,
                       editors=spec.editors or meta.editors,
                       id=spec.work or None)
