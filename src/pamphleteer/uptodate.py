"""Whether a build has anything to do: the key of everything it reads, and
the record of what the last build with that key wrote.

A warm rebuild with nothing changed ends here: the manifest is loaded, the
files it names, the package's code, templates and styles are hashed, and
the last build's outputs are checked on disk.  So this module, and what it
imports, stay light: no reader, renderer, assembly or bibliography module,
none of WeasyPrint, PyMuPDF, pandoc or citeproc (``tests/test_startup.py``
runs the no-op rebuild in a fresh process and checks what it imported).
The command line asks here before it imports the build (:mod:`.build`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import writers
from .cache import StageCache
from .dates import build_date
from .digests import digest, tree_digest
from .errors import Diagnostics, ManifestError, Warning_
from .files import Artifact, sweep_partial
from .manifest import Manifest
from .render.paths import PROJECT, STYLES, TEMPLATES

__all__ = ["BuildResult", "inputs_digest", "prepare", "remember",
           "unchanged", "up_to_date"]


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


def prepare(manifest: Manifest, out_dir: Path, formats: list[str],
            chapter: str | None) -> None:
    """What every build does first: sweep the partial files killed builds
    left in ``out_dir``, and refuse an unknown chapter or output format."""
    sweep_partial(out_dir)
    known = {c.id for _, c in manifest.all_chapters()}
    if chapter is not None and chapter not in known:
        raise ManifestError(f"no chapter `{chapter}` in {manifest.path}; "
                            f"chapters: {', '.join(sorted(known))}")
    for f in formats:
        if not writers.is_known(f):
            raise ManifestError(f"unknown format `{f}`; use "
                                f"{', '.join(writers.names())}")


def inputs_digest(manifest: Manifest, formats: list[str],
                  profiles: list[str] | None, chapter: str | None) -> str:
    """Digest of everything a build reads: the manifest and every file it
    names, templates, styles, the package's own code, the build date."""
    files = [manifest.path] + [manifest.resolve(c.source)
                               for _, c in manifest.all_chapters()]
    files += [manifest.resolve(r) for r in (
        manifest.front.introduction, manifest.back.about_notes,
        manifest.back.index, manifest.back.citations,
        *manifest.back.works) if r]
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


def unchanged(cache: StageCache, key: str, out_dir: Path,
              result: BuildResult) -> bool:
    """Fill ``result`` from the last build when nothing changed and its
    outputs are still there, unmodified."""
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


def remember(cache: StageCache, key: str, result: BuildResult) -> None:
    """Record what a build wrote under its key (the next :func:`unchanged`)."""
    cache.put("build", key, {
        "artifacts": [{"name": a.path.name, "kind": a.kind,
                       "profile": a.profile, "purpose": a.purpose,
                       "sha256": hashlib.sha256(a.path.read_bytes()).hexdigest()}
                      for a in result.artifacts],
        "warnings": [[w.code, w.message, w.location]
                     for w in result.diagnostics.warnings],
        "pages": result.pages})


def up_to_date(manifest: Manifest, out_dir: Path, formats: list[str], *,
               cache: StageCache | None,
               profiles: list[str] | None = None,
               chapter: str | None = None,
               progress: Callable[[str], None] | None = None
               ) -> tuple[str | None, BuildResult | None]:
    """:func:`prepare`, then the build's key (None without a cache) and the
    last build's result when nothing changed (None: build)."""
    prepare(manifest, out_dir, formats, chapter)
    if cache is None:
        return None, None
    key = inputs_digest(manifest, formats, profiles, chapter)
    result = BuildResult()
    if not unchanged(cache, key, out_dir, result):
        return key, None
    if progress:
        progress("nothing changed since the last build: outputs kept")
    return key, result
