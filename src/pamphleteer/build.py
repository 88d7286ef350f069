"""Build orchestration: manifest -> assembly -> writers -> files in build/.

The build cleans and assembles the book, lays out the PDF profiles that the
asked formats need (:mod:`.render.layout`), then runs every registered
writer (:mod:`.writers`) that was asked for, in stage order.  Every output
is written to a temporary file beside its target and renamed into place
only when complete (:mod:`.files`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Callable

from . import writers
from .assembly import Diagnostics, assemble, clean_chapter
from .book import Book
from .cache import LayoutCache, StageCache
from .errors import ManifestError
from .files import (Artifact, atomic_write, json_text, part_prefix,
                    sweep_partial)
from .manifest import Manifest, ProfileSpec
from .markdown_write import write_markdown
from .model import block_text
from .render.cover import _shipped_characters, _system_has
from .render.job import WriteJob
from .render.layout import check_kwargs, join_pending, lay_out
from .render.press import press_pdf
from .render.segments import Workers
from .uptodate import BuildResult, remember, up_to_date

__all__ = ["Artifact", "BuildResult", "FORMATS", "atomic_write", "build",
           "json_text", "part_prefix", "sweep_partial", "write_clean"]


def write_clean(manifest: Manifest, out_dir: Path,
                progress: Callable[[str], None] | None = None,
                cache: StageCache | None = None) -> BuildResult:
    """Write ``clean/<id>.md`` and ``clean/<id>.report.json`` per chapter."""
    result = BuildResult()
    sweep_partial(out_dir / "clean")
    for _, spec in manifest.all_chapters():
        if progress:
            progress(f"cleaning {spec.id}")
        c = clean_chapter(manifest, spec, cache)
        md = out_dir / "clean" / f"{spec.id}.md"
        rep = out_dir / "clean" / f"{spec.id}.report.json"
        atomic_write(md, write_markdown(c.result.document))
        report = c.result.report.to_json()
        report["format"] = c.format
        report["read-warnings"] = list(c.read_warnings)
        atomic_write(rep, json_text(report))
        result.outputs += [md, rep]
        for w in c.read_warnings:
            result.diagnostics.warn("READ001", w, spec.source)
        for p in c.result.report.problems:
            loc = f"{spec.source}:{p.line}" if p.line else spec.source
            result.diagnostics.warn(p.code, p.message, loc)
    return result


def formats() -> tuple[str, ...]:
    """Every output format ``build`` can make (the writer registry)."""
    return tuple(writers.names())


FORMATS = formats()
"""Every output format ``build`` can make, in release order."""


def build(manifest: Manifest, out_dir: Path, formats: list[str], *,
          progress: Callable[[str], None] | None = None,
          cache: StageCache | None = None,
          profiles: list[str] | None = None,
          chapter: str | None = None) -> BuildResult:
    """Build the book's outputs into ``out_dir`` (or, with ``chapter``, the
    pamphlet of one text)."""
    key, kept = up_to_date(manifest, out_dir, formats, cache=cache,
                           profiles=profiles, chapter=chapter,
                           progress=progress)
    if kept is not None:
        return kept
    result = BuildResult()
    with contextlib.ExitStack() as stack:
        workers = None
        registry = writers.load_all()
        paged = any(registry[f].pdf_profile for f in formats)
        if paged and WORKERS > 1:
            if any(registry[f].page_list for f in formats) and (
                    cache is None or not cache.holds("pdf")):
                # A first build: the parent will make the EPUB's cover with
                # WeasyPrint; imported once, before the fork, for all (0.6 s
                # of CPU less than one import in each process).
                import weasyprint  # noqa: F401
            # Forked now, before the book is assembled: small processes
            # (they import WeasyPrint, if need be, while it is assembled).
            workers = stack.enter_context(Workers(WORKERS))
        book = assemble(manifest, cache=cache,
                        diagnostics=result.diagnostics, progress=progress,
                        chapter_ids={chapter} if chapter else None)
        if paged:
            warn_missing_glyphs(book, result.diagnostics)
        result = _build_book(book, manifest, out_dir, formats, result,
                             progress=progress, cache=cache,
                             profiles=profiles, chapter=chapter,
                             workers=workers)
    if key is not None and cache is not None:
        remember(cache, key, result)
        cache.prune(CACHE_BUDGET)
    return result


CACHE_BUDGET = 512 << 20
"""Bytes the stage cache keeps at most after a build: the entries used
longest ago go first (an editor's many rebuilds would fill the disk)."""

WORKERS = max(1, min(os.cpu_count() or 1, 4))
"""Worker processes that lay the PDF out."""

GLYPHS_CHECKED = 60
"""Characters outside the shipped fonts looked up in the system's fonts,
at most (one ``fc-list`` call each)."""


def _book_characters(book: Book) -> dict[str, str]:
    """Every character of the book's text, with the first chapter (or
    ``book``) where it stands."""
    where: dict[str, str] = {}

    def add(text: str, place: str) -> None:
        for ch in text:
            if not ch.isspace() and ch not in where:
                where[ch] = place

    for text in (book.title, book.subtitle, book.description, *book.editors):
        add(text, "book")
    docs = [("introduction", book.introduction)] if book.introduction else []
    for part in book.parts:
        add(part.title, part.id)
        for ch in part.chapters:
            for text in (ch.title, ch.subtitle, *ch.authors):
                add(text, ch.id)
            docs.append((ch.id, ch.document))
    for place, doc in docs:
        for b in doc.blocks:
            add(block_text(b), place)
        for n in doc.notes:
            for b in n.blocks:
                add(block_text(b), place)
    return where


def warn_missing_glyphs(book: Book, diagnostics: Diagnostics) -> None:
    """Warn (FONT001) about characters that neither the shipped fonts nor
    any installed font has: the PDF would print them as empty boxes."""
    shipped = _shipped_characters()
    foreign = {ch: place for ch, place in _book_characters(book).items()
               if ord(ch) not in shipped and ord(ch) >= 32}
    if not foreign:
        return
    if shutil.which("fc-list") is None:
        diagnostics.warn("FONT001", "the shipped fonts lack the characters "
                         f"{''.join(list(foreign)[:20])!r} and fontconfig's "
                         "fc-list is not installed to look for another font "
                         "(apt-get install fontconfig): check the PDF for "
                         "empty boxes")
        return
    missing: dict[str, list[str]] = {}
    for ch, place in list(foreign.items())[:GLYPHS_CHECKED]:
        if not _system_has(ch):
            missing.setdefault(place, []).append(ch)
    for place, chars in missing.items():
        diagnostics.warn("FONT001", f"no installed font has the characters "
                         f"{''.join(chars[:20])!r}: the PDF prints them as "
                         "empty boxes; install a font with them (for "
                         "Chinese or Japanese fonts-noto-cjk, for emoji "
                         "fonts-noto-color-emoji)", place)


def _build_book(book: Book, manifest: Manifest, out_dir: Path,
                formats: list[str], result: BuildResult, *,
                progress: Callable[[str], None] | None,
                cache: StageCache | None, profiles: list[str] | None,
                chapter: str | None,
                workers: Workers | None = None) -> BuildResult:
    """Write the outputs of an assembled book: lay out the profiles the
    asked writers need, then run them in stage order."""
    out = manifest.output
    all_profiles = out.all_profiles()
    chosen = [p for p in all_profiles if profiles is None or p.name in profiles]
    if profiles is not None:
        unknown = set(profiles) - {p.name for p in all_profiles}
        if unknown:
            raise ManifestError(f"unknown profile(s) {', '.join(sorted(unknown))}"
                                f"; the manifest has "
                                f"{', '.join(p.name for p in all_profiles)}")
    store = LayoutCache(cache) if cache is not None else None
    job = WriteJob(book=book, output=out, out_dir=out_dir,
                   book_dir=manifest.folder, formats=formats,
                   all_profiles=all_profiles, chosen=chosen,
                   chapter=chapter, progress=progress, store=store,
                   outputs=result.outputs, artifacts=result.artifacts)
    asked = [w for w in writers.by_stage() if w.name in formats]
    wanted: list[ProfileSpec] = []
    for w in asked:
        for p in (w.profiles(job) if w.profiles else []):
            if p not in wanted:
                wanted.append(p)
    done: set[str] = set()
    if wanted:
        early = [w for w in asked if w.page_list]

        def placed(anchors: dict[str, int],
                   page_breaks: dict[str, list[str]]) -> None:
            # The EPUB lists the first profile's print pages: written while
            # the workers finish that PDF.
            job.breaks, job.anchors = page_breaks, anchors
            for w in early:
                w.write(job)
                done.add(w.name)

        first_profile = all_profiles[0]
        if early and wanted[0] is not first_profile \
                and first_profile in wanted:
            wanted = [first_profile] + [p for p in wanted
                                        if p is not first_profile]
        layouts, pending = lay_out(
            book, wanted, book_dir=manifest.folder, store=store,
            progress=progress, check=lambda p: check_kwargs(p, out),
            workers=WORKERS, shared=workers,
            placed=placed if early and wanted[0] is first_profile else None)
        if workers is not None:
            workers.close()  # every page is laid out: their memory is freed
        first = layouts.get(all_profiles[0].name) or next(iter(layouts.values()))
        job.breaks, job.anchors = first.breaks, first.anchors
        for profile in wanted:
            if result.pages == 0 or profile is all_profiles[0]:
                result.pages = layouts[profile.name].pages
        by_name = {p.name: p for p in all_profiles}
        join_pending(layouts, pending, store=store, progress=progress,
                     finish=lambda name, pdf: press_pdf(
                         pdf, by_name[name], book_dir=manifest.folder,
                         title=book.title))
        job.layouts = layouts
    for w in asked:
        if w.name not in done:
            w.write(job)
    if book.csl and chapter is None:
        for name, data in ((f"{book.slug}.bibliography.json", list(book.csl)),
                           (f"{book.slug}.citations.json",
                            list(book.citations))):
            job.write(name, json_text(data), "json", "",
                      "Bibliography data (CSL-JSON)"
                      if "bibliography" in name else
                      "Every citation and the work it resolves to")
    return result
