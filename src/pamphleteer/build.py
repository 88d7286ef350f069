"""Build orchestration: manifest -> assembly -> writers -> files in build/.

Every output is written to a temporary file beside its target and renamed
into place only when complete, so a failed or killed build never leaves a
partial file and never damages the previous output.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .assembly import Diagnostics, assemble, clean_chapter
from .manifest import Manifest


# A temporary output: ".<name>.<pid>.<random>.part", named by part_prefix.
_PART = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")


def part_prefix(name: str) -> str:
    """Prefix of the temporary file an output is written to before its
    rename: it carries the writer's process id, so that the file left by a
    killed build can be told from one another build is writing."""
    return f".{name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_partial(folder: Path) -> list[Path]:
    """Remove the temporary files that killed builds left in ``folder``
    (their process is gone); leave those of running builds alone."""
    removed = []
    if not folder.is_dir():
        return removed
    for p in folder.glob(".*.part"):
        m = _PART.match(p.name)
        if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=part_prefix(path.name),
                                   suffix=".part", dir=path.parent)
    except OSError as e:
        raise _unwritable(path, e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError):
            raise _unwritable(path, e) from None
        raise


def _unwritable(path: Path, e: OSError) -> Exception:
    """The RenderError for an output that cannot be written."""
    from .errors import RenderError

    return RenderError(f"{path}: cannot be written ({e.strerror or e}); "
                       "check the output folder (--out or -o) and the free "
                       "space")


def json_text(data: Any) -> str:
    """Stable, readable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@dataclass(frozen=True)
class Artifact:
    """One file a build wrote, described for releases and download pages."""

    path: Path
    """Where it was written."""
    kind: str
    """``epub``, ``pdf``, ``booklet``, ``pamphlet``, ``cover``, ``json``."""
    profile: str = ""
    """Print profile name for PDFs (``screen``, ``press-a5``...)."""
    purpose: str = ""
    """What it is for, for a reader choosing a download."""


@dataclass
class BuildResult:
    """What a build wrote and said."""

    outputs: list[Path] = field(default_factory=list)
    """Files written."""
    artifacts: list[Artifact] = field(default_factory=list)
    """The same files, described."""
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    """Warnings."""
    pages: int = 0
    """PDF page count."""


def write_clean(manifest: Manifest, out_dir: Path,
                progress: Callable[[str], None] | None = None,
                cache: Any = None) -> BuildResult:
    """Write ``clean/<id>.md`` and ``clean/<id>.report.json`` per chapter."""
    from .markdown_io import write_markdown

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


FORMATS = ("epub", "pdf", "booklet", "cover")
"""Every output format ``build`` can make."""


def build(manifest: Manifest, out_dir: Path, formats: list[str], *,
          progress: Callable[[str], None] | None = None,
          cache: Any = None, profiles: list[str] | None = None,
          chapter: str | None = None) -> BuildResult:
    """Build the book's outputs into ``out_dir`` (or, with ``chapter``, the
    pamphlet of one text)."""
    from .errors import ManifestError

    result = BuildResult()
    sweep_partial(out_dir)
    known = {c.id for _, c in manifest.all_chapters()}
    if chapter is not None and chapter not in known:
        raise ManifestError(f"no chapter `{chapter}` in {manifest.path}; "
                            f"chapters: {', '.join(sorted(known))}")
    for f in formats:
        if f not in FORMATS:
            raise ManifestError(f"unknown format `{f}`; use "
                                f"{', '.join(FORMATS)}")
    key = None
    if cache is not None:
        key = inputs_digest(manifest, formats, profiles, chapter)
        if _unchanged(cache, key, out_dir, result):
            if progress:
                progress("nothing changed since the last build: outputs kept")
            return result
    with contextlib.ExitStack() as stack:
        workers = None
        if ("pdf" in formats or "booklet" in formats) and WORKERS > 1:
            from .render.segments import Workers

            if "epub" in formats and (cache is None
                                      or not cache.holds("pdf")):
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
        if "pdf" in formats or "booklet" in formats:
            warn_missing_glyphs(book, result.diagnostics)
        result = _build_book(book, manifest, out_dir, formats, result,
                             progress=progress, cache=cache,
                             profiles=profiles, chapter=chapter,
                             workers=workers)
    if key is not None:
        _remember(cache, key, result)
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


def _book_characters(book: Any) -> dict[str, str]:
    """Every character of the book's text, with the first chapter (or
    ``book``) where it stands."""
    from .model import block_text

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


def warn_missing_glyphs(book: Any, diagnostics: Diagnostics) -> None:
    """Warn (FONT001) about characters that neither the shipped fonts nor
    any installed font has: the PDF would print them as empty boxes."""
    import shutil

    from .render.cover import _shipped_characters, _system_has

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


def inputs_digest(manifest: Manifest, formats: list[str],
                  profiles: list[str] | None, chapter: str | None) -> str:
    """Digest of everything a build reads: the manifest and every file it
    names, templates, styles, the package's own code, the build date."""
    import hashlib

    from .assembly import build_date
    from .cache import digest, tree_digest
    from .render.views import PROJECT, STYLES, TEMPLATES

    files = [manifest.path] + [manifest.resolve(c.source)
                               for _, c in manifest.all_chapters()]
    files += [manifest.resolve(r) for r in (
        manifest.front.introduction, manifest.back.about_notes,
        manifest.back.index, *manifest.back.works) if r]
    sums = []
    for f in files:
        try:
            sums.append(hashlib.sha256(f.read_bytes()).hexdigest())
        except OSError:
            sums.append("missing")
    code = tree_digest(Path(__file__).resolve().parent)
    return digest("build", sums, code, tree_digest(
        TEMPLATES, STYLES, manifest.folder / "templates",
        manifest.folder / "styles"), sorted(formats), profiles, chapter,
        build_date().strftime("%Y-%m-%d"), os.environ.get("SOURCE_DATE_EPOCH"),
        str(PROJECT))


def _unchanged(cache: Any, key: str, out_dir: Path,
               result: BuildResult) -> bool:
    """Fill ``result`` from the last build when nothing changed and its
    outputs are still there, unmodified."""
    import hashlib

    from .errors import Warning_

    entry = cache.get("build", key)
    if not isinstance(entry, dict):
        return False
    try:
        for item in entry["artifacts"]:
            path = out_dir / item["name"]
            if hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
                return False
        for item in entry["artifacts"]:
            path = out_dir / item["name"]
            result.outputs.append(path)
            result.artifacts.append(Artifact(path, item["kind"],
                                             item["profile"], item["purpose"]))
        result.diagnostics.warnings += [Warning_(*w) for w in
                                        entry["warnings"]]
        result.pages = int(entry["pages"])
    except (OSError, KeyError, TypeError, ValueError):
        result.outputs.clear()
        result.artifacts.clear()
        return False
    return True


def _remember(cache: Any, key: str, result: BuildResult) -> None:
    import hashlib

    cache.put("build", key, {
        "artifacts": [{"name": a.path.name, "kind": a.kind,
                       "profile": a.profile, "purpose": a.purpose,
                       "sha256": hashlib.sha256(a.path.read_bytes()).hexdigest()}
                      for a in result.artifacts],
        "warnings": [[w.code, w.message, w.location]
                     for w in result.diagnostics.warnings],
        "pages": result.pages})


def _build_book(book: Any, manifest: Manifest, out_dir: Path,
                formats: list[str], result: BuildResult, *,
                progress: Callable[[str], None] | None, cache: Any,
                profiles: list[str] | None, chapter: str | None,
                workers: Any = None) -> BuildResult:
    """Write the outputs of an assembled book."""
    from .errors import ManifestError, RenderError

    slug, book_dir = book.slug, manifest.folder
    out = manifest.output
    all_profiles = out.all_profiles()
    chosen = [p for p in all_profiles if profiles is None or p.name in profiles]
    if profiles is not None:
        unknown = set(profiles) - {p.name for p in all_profiles}
        if unknown:
            raise ManifestError(f"unknown profile(s) {', '.join(sorted(unknown))}"
                                f"; the manifest has "
                                f"{', '.join(p.name for p in all_profiles)}")
    booklet_profile = _booklet_profile(out) if "booklet" in formats else None
    layouts: dict[str, Any] = {}
    breaks = pages = None
    pending: dict[str, Any] = {}
    done: list[str] = []
    if "pdf" in formats or booklet_profile is not None:
        wanted = chosen if "pdf" in formats else []
        if booklet_profile is not None and booklet_profile not in wanted:
            wanted = wanted + [booklet_profile]
        def epub_now(anchors: dict, page_breaks: dict) -> None:
            # The EPUB lists the first profile's print pages: written while
            # the workers finish that PDF.
            _write_epub(book, out_dir, slug, book_dir, page_breaks, anchors,
                        result, progress, cache)
            done.append("epub")

        first_profile = all_profiles[0]
        if "epub" in formats and wanted and wanted[0] is not first_profile \
                and first_profile in wanted:
            wanted = [first_profile] + [p for p in wanted
                                        if p is not first_profile]
        layouts, pending = lay_out(
            book, wanted, book_dir=book_dir, cache=cache, progress=progress,
            check=lambda p: _check_kwargs(p, out), workers=workers,
            placed=epub_now if "epub" in formats and wanted
            and wanted[0] is first_profile else None)
        if workers is not None:
            workers.close()  # every page is laid out: their memory is freed
        first = layouts.get(all_profiles[0].name) or next(iter(layouts.values()))
        breaks, pages = first.breaks, first.anchors
        for profile in wanted:
            if result.pages == 0 or profile is all_profiles[0]:
                result.pages = layouts[profile.name].pages
    # The segments of every new PDF (prepared, and their pages checked, in
    # the workers that laid them out) are joined.
    from .render.segments import join_job

    for name, (seg, key) in pending.items():
        try:
            pdf, problems = join_job(*seg.join_args())
        except RenderError:
            raise
        except Exception as err:  # a cache entry of the wrong shape
            raise RenderError(f"could not join the {name} PDF's segments "
                              f"({err}); rebuild with --no-cache") from err
        if problems:
            raise RenderError(f"the {name} PDF fails its checks and was not "
                              "written", problems=problems)
        lay = layouts[name] = replace(layouts[name], pdf=pdf)
        if progress:
            progress(f"PDF ({name}): {len(seg.chain)} segments joined")
        if cache is not None:
            from .cache import LayoutCache

            LayoutCache(cache).put(key, lay.pdf, {
                "pages": lay.pages, "anchors": lay.anchors,
                "breaks": lay.breaks})
    if "epub" in formats and "epub" not in done:
        _write_epub(book, out_dir, slug, book_dir, breaks, pages, result,
                    progress, cache)
    if layouts and "pdf" in formats:
        for profile in chosen:
            layout = layouts[profile.name]
            name = slug if profile is all_profiles[0] else \
                f"{slug}-{profile.name}"
            target = out_dir / f"{name}.pdf"
            atomic_write(target, layout.pdf)
            result.outputs.append(target)
            result.artifacts.append(Artifact(
                target, "pamphlet" if chapter else "pdf", profile.name,
                _purpose(profile)))
    if "cover" in formats:
        _write_covers(book, out, all_profiles, layouts, out_dir, result,
                      progress)
    if booklet_profile is not None:
        _write_booklet(layouts[booklet_profile.name].pdf, booklet_profile,
                       out, out_dir, slug, result, progress)
    if book.csl and chapter is None:
        for name, data in ((f"{slug}.bibliography.json", list(book.csl)),
                           (f"{slug}.citations.json", list(book.citations))):
            target = out_dir / name
            atomic_write(target, json_text(data))
            result.outputs.append(target)
            result.artifacts.append(Artifact(target, "json", "",
                                             "Bibliography data (CSL-JSON)"
                                             if "bibliography" in name else
                                             "Every citation and the work "
                                             "it resolves to"))
    return result


def _write_epub(book: Any, out_dir: Path, slug: str, book_dir: Path,
                breaks: Any, pages: Any, result: BuildResult,
                progress: Callable[[str], None] | None,
                cache: Any = None) -> None:
    """Write the EPUB through a temporary file and a rename."""
    from .render.epub import build_epub

    if progress:
        progress("writing EPUB" + (" with the PDF's page numbers"
                                   if breaks else ""))
    target = out_dir / f"{slug}.epub"
    try:
        fd, tmp = tempfile.mkstemp(prefix=part_prefix(target.name),
                                   suffix=".part", dir=_ensure(out_dir))
    except OSError as e:
        raise _unwritable(target, e) from None
    os.close(fd)
    try:
        build_epub(book, Path(tmp), book_dir=book_dir, page_breaks=breaks,
                   pages=pages, cache=cache)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError) and e.filename in (tmp, str(target)):
            raise _unwritable(target, e) from None
        raise
    result.outputs.append(target)
    result.artifacts.append(Artifact(target, "epub", "",
                                     "E-readers, phones and tablets"))


def _layout_key(book: Any, profile: Any, book_dir: Path, hint: int) -> str:
    """Everything that shapes a profile's PDF."""
    from . import __version__
    from .cache import digest, package_version, tree_digest
    from .render.views import STYLES, TEMPLATES

    stable = replace(book, modified=book.modified[:10])
    return digest("pdf", __version__, package_version("weasyprint"),
                  repr(stable), repr(profile), hint,
                  tree_digest(TEMPLATES, STYLES, book_dir / "templates",
                              book_dir / "styles"))


def lay_out(book: Any, profiles: list[Any], *, book_dir: Path,
            cache: Any = None, progress: Callable[[str], None] | None = None,
            check: Callable[[Any], dict] | None = None,
            placed: Callable[[dict, dict], None] | None = None,
            workers: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every profile's layout: the whole PDF from the layout cache when
    nothing that shapes it changed; else laid out in segments, on every
    core, reusing the unchanged segments (:mod:`.render.segments`).

    Returns the finished layouts and, for the profiles laid out now, the
    :class:`~.render.segments.Segmented` layouts still to be joined (the
    caller joins and caches them).  ``placed(anchors, breaks)`` is called
    for the first profile laid out now, as soon as its pages are known
    (see :func:`~.render.segments.lay_out_segments`).  A profile whose
    gutter grows with the page count waits for the first layout to know
    the count.
    """
    from .cache import LayoutCache
    from .render.pdf import Layout, _mm
    from .render.segments import lay_out_segments

    layouts: dict[str, Any] = {}
    pending: dict[str, Any] = {}
    store = LayoutCache(cache) if cache is not None else None
    def one(profile: Any, hint: int) -> None:
        key = _layout_key(book, profile, book_dir, hint)
        hit = store.get(key) if store else None
        if hit is not None:
            data, meta = hit
            layouts[profile.name] = Layout(
                pdf=data, pages=meta["pages"], anchors=meta["anchors"],
                breaks=meta["breaks"])
            if progress:
                progress(f"PDF ({profile.name}) unchanged: from the cache")
            return
        if progress:
            progress(f"laying out the PDF ({profile.name})")
        seg = lay_out_segments(book, book_dir=book_dir, profile=profile,
                               pages_hint=hint, cache=cache, workers=WORKERS,
                               shared=workers,
                               check=check(profile) if check else None,
                               progress=progress,
                               on_placed=placed if profile is profiles[0]
                               and hint == 0 else None)
        layouts[profile.name] = Layout(pdf=b"", pages=seg.pages,
                                       anchors=seg.anchors, breaks=seg.breaks)
        pending[profile.name] = (seg, key)

    plain = [p for p in profiles if not _mm(p.gutter_per_100_pages)]
    growing = [p for p in profiles if _mm(p.gutter_per_100_pages)]
    for p in plain:
        one(p, 0)
    hint = next(iter(layouts.values())).pages if layouts else 0
    if growing and not layouts:
        # The page count comes from a layout without gutter growth.
        zero = replace(growing[0], gutter_per_100_pages="0mm")
        one(zero, 0)
        hint = layouts.pop(zero.name).pages
        pending.pop(zero.name, None)
    for p in growing:
        one(p, hint)
    return layouts, pending


def _write_covers(book: Any, out: Any, profiles: list[Any],
                  layouts: dict[str, Any], out_dir: Path, result: BuildResult,
                  progress: Callable[[str], None] | None) -> None:
    """The front cover (PDF and PNG) and, for every press profile laid out,
    the full wrap with a spine as wide as its page count asks."""
    from .render.cover import front_cover_pdf, front_cover_png, wrap_cover_pdf
    from .render.pdf import _mm, page_size

    if progress:
        progress("making the covers")
    slug = book.slug
    width, height = page_size(out.page_size)
    for name, data, purpose in (
            (f"{slug}-cover.pdf", front_cover_pdf(book, width=width,
                                                  height=height),
             "The front cover, for the screen PDF and sharing"),
            (f"{slug}-cover.png", front_cover_png(book),
             "The front cover as an image")):
        target = out_dir / name
        atomic_write(target, data)
        result.outputs.append(target)
        result.artifacts.append(Artifact(target, "cover", "", purpose))
    for p in profiles:
        if p.kind != "press" or p.name not in layouts:
            continue
        w, h = page_size(p.page_size or out.page_size)
        data = wrap_cover_pdf(book, trim_width=w, trim_height=h,
                              pages=layouts[p.name].pages,
                              paper_thickness_mm=_mm(p.paper_thickness),
                              bleed=p.bleed if _mm(p.bleed) else "3mm")
        target = out_dir / f"{slug}-{p.name}-cover.pdf"
        atomic_write(target, data)
        result.outputs.append(target)
        result.artifacts.append(Artifact(
            target, "cover", p.name, "Full cover wrap (back, spine, front) "
            f"for the {p.name} PDF, spine sized for "
            f"{layouts[p.name].pages} pages"))


def _purpose(profile: Any) -> str:
    if profile.kind == "press":
        extra = f", {profile.bleed} bleed" if profile.bleed not in ("0mm", "0in") \
            else ""
        return f"Print shop / print on demand ({profile.page_size or 'trim'}{extra})"
    return "Reading on screen and printing single pages"


def _booklet_profile(out: Any) -> Any:
    """The profile whose pages a booklet imposes."""
    from .errors import ManifestError
    from .render.booklet import SHEETS

    profiles = out.all_profiles()
    if out.booklet.profile:
        return next(p for p in profiles if p.name == out.booklet.profile)
    for p in profiles:
        if p.kind == "screen" and (p.page_size or out.page_size).lower() in SHEETS:
            return p
    raise ManifestError("no profile can make a booklet: add a screen profile "
                        "with an A5, A6 or 5.5x8.5in page, or set "
                        "output.booklet.profile")


def _write_booklet(pdf: bytes, profile: Any, out: Any, out_dir: Path,
                   slug: str, result: BuildResult,
                   progress: Callable[[str], None] | None) -> None:
    from .render.booklet import impose, sheet_for
    from .render.pdf import _mm

    if progress:
        progress("imposing the booklet")
    size = profile.page_size or out.page_size
    sheet = sheet_for(size)
    imposed = impose(pdf, sheets_per_signature=out.booklet.sheets_per_signature,
                     creep_mm=_mm(out.booklet.creep))
    target = out_dir / f"{slug}-booklet-{sheet.lower()}.pdf"
    pages_target = out_dir / f"{slug}-booklet-pages.pdf"
    _check(imposed, profile, out, target, booklet=True)
    atomic_write(target, imposed)
    result.outputs.append(target)
    result.artifacts.append(Artifact(
        target, "booklet", profile.name,
        f"Home printing: {sheet} paper, duplex, flip on the short edge, "
        "fold and staple"))
    if not any(a.kind in ("pdf", "pamphlet") and a.profile == profile.name
               for a in result.artifacts):
        # The single pages it was imposed from, unless this build already
        # wrote them as the profile's PDF.
        atomic_write(pages_target, pdf)
        result.outputs.append(pages_target)
        result.artifacts.append(Artifact(
            pages_target, "pdf", profile.name,
            "The booklet's single pages, to check before printing (the "
            "booklet adds blank pages to make a multiple of 4)"))


def _check_kwargs(profile: Any, out: Any, booklet: bool = False) -> dict:
    """What a profile's PDF is checked against."""
    from .render.pdf import _mm, page_size

    w, h = (_mm(x) * 72 / 25.4 for x in page_size(profile.page_size
                                                  or out.page_size))
    return {"expect_size": (w, h),
            "bleed_pt": 0 if booklet else _mm(profile.bleed) * 72 / 25.4,
            "bleed_edges": profile.bleed_edges, "booklet": booklet,
            "press": profile.kind == "press"}


def _check_job(pdf: bytes, kwargs: dict) -> list[str]:
    """Check one PDF (run in a worker process)."""
    from .pdfcheck import check_pdf

    return check_pdf(pdf, **kwargs)


def _check(pdf: bytes, profile: Any, out: Any, target: Path,
           booklet: bool = False) -> None:
    """Check a PDF before it is written; a violation fails the build."""
    from .errors import RenderError

    problems = _check_job(pdf, _check_kwargs(profile, out, booklet))
    if problems:
        raise RenderError(f"{target.name} fails its checks and was not "
                          "written", problems=problems)


def _ensure(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    return d
