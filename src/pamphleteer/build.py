"""Build orchestration: manifest -> assembly -> writers -> files in build/.

Every output is written to a temporary file beside its target and renamed
into place only when complete, so a failed or killed build never leaves a
partial file and never damages the previous output.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .assembly import Diagnostics, assemble, clean_chapter
from .manifest import Manifest


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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


def build(manifest: Manifest, out_dir: Path, formats: list[str], *,
          progress: Callable[[str], None] | None = None,
          cache: Any = None) -> BuildResult:
    """Build the book's outputs into ``out_dir``."""
    from .bibliography import citations_json, csl_json  # noqa: F401

    result = BuildResult()
    book = assemble(manifest, cache=cache, diagnostics=result.diagnostics,
                    progress=progress)
    slug = book.slug
    book_dir = manifest.folder
    breaks = pages = None
    if "pdf" in formats:
        from .render.pdf import build_pdf

        if progress:
            progress("laying out the PDF")
        layout = build_pdf(book, book_dir=book_dir)
        target = out_dir / f"{slug}.pdf"
        atomic_write(target, layout.pdf)
        result.outputs.append(target)
        result.artifacts.append(Artifact(target, "pdf", "screen",
                                         "Reading on screen and printing "
                                         "single pages"))
        result.pages = layout.pages
        breaks, pages = layout.breaks, layout.anchors
    if "epub" in formats:
        from .render.epub import build_epub

        if progress:
            progress("writing EPUB" + (" with the PDF's page numbers"
                                       if breaks else ""))
        target = out_dir / f"{slug}.epub"
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                   dir=_ensure(out_dir))
        os.close(fd)
        try:
            build_epub(book, Path(tmp), book_dir=book_dir, page_breaks=breaks,
                       pages=pages)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        result.outputs.append(target)
        result.artifacts.append(Artifact(target, "epub", "",
                                         "E-readers, phones and tablets"))
    return result


def _ensure(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    return d
