"""Releases: every output built, named, checksummed and described.

``pamphleteer release`` builds every format the build module can make into a
staging folder, gives each file a predictable name, writes ``SHA256SUMS``
(accepted by ``sha256sum -c``), ``release.json`` and an offline
``index.html`` download page, and only then renames the folder into
``<out>/release/<slug>-<version>/``.  A failed release leaves nothing behind
and never damages an earlier one.

The version is taken, in this order, from:

1. the ``--version`` option (``version=`` here);
2. the manifest's ``book.version``;
3. when that is empty, the project's git tag on the current commit
   (``git describe --tags --exact-match``, a leading ``v`` dropped).

With ``SOURCE_DATE_EPOCH`` set, two releases of the same commit are identical
byte for byte, file modification times included.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from rich.console import Console

from . import __version__, writers
from .assembly import Diagnostics, build_date, clean_chapter
from .build import build
from .cache import StageCache
from .console import (
    Progress,
    Subcommands,
    add_common_options,
    load,
    report_warnings,
    stage_cache,
)
from .errors import ManifestError, PamphleteerError, RenderError, StrictError
from .files import Artifact, atomic_write, json_text
from .licences import check_release_licences
from .manifest import ChapterSpec, Manifest
from .render.pdf import fixed_xmp_ids
from .render.pieces import whole_texts
from .render.views import STYLES, environment
from .text import typography
from .writers.cover import IMAGE_TYPES

RELEASE_FOLDER = "release"
"""Sub-folder of the output folder that holds the releases."""

# A version safe in a file name: letters, digits, dots, plus, underscore and
# hyphen, starting with a letter or digit (``1.0.0``, ``2026.1-rc1``).
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]*$")

# The groups of the download page, in order: (id, heading, blurb).
GROUPS = (("read", "Read", "On an e-reader, a phone or a computer."),
          ("home", "Print at home", "On an ordinary printer, double-sided."),
          ("press", "Print shop", "Print-ready files for a printer, a copy "
           "shop or print on demand."),
          ("texts", "Each text on its own", "Pamphlets of the single texts, "
           "each with its own title page, notes and bibliography."),
          ("other", "Other files", "The cover on its own, and data for "
           "other programs."))
OWN_ORDER = {"pamphlet": 40, "json": 50}
"""Where the files that no writer makes go on the page, within their group
(among the writers' ``release_order``: EPUB 10, PDF 20, booklet 30, cover
60)."""


def _order(kind: str) -> int:
    """Where a kind of file goes on the page, first within its group."""
    info = writers.load_all().get(kind)
    return info.release_order if info else OWN_ORDER.get(kind, 1000)


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a release, as listed in ``release.json``."""

    name: str
    """File name inside the release folder."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex SHA-256 of its bytes."""
    format: str
    """The build's kind: ``epub``, ``pdf``, ``booklet``, ``cover``..."""
    profile: str
    """Print profile (``screen``, ``press-a5``, ``a4``...), or empty."""
    purpose: str
    """What it is for, for a reader choosing a download."""


# --------------------------------------------------------------------------
# Version, formats, names
# --------------------------------------------------------------------------

def git_tag(folder: Path) -> str:
    """The git tag on ``folder``'s current commit, or ``""``."""
    try:
        out = subprocess.run(["git", "describe", "--tags", "--exact-match"],
                             cwd=folder, capture_output=True, text=True,
                             timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    tag = out.stdout.strip() if out.returncode == 0 else ""
    # "v1.2.0" -> "1.2.0": a leading v before a digit is the tag's habit.
    return re.sub(r"^v(?=\d)", "", tag)


def resolve_version(manifest: Manifest, override: str | None = None) -> str:
    """The release version: ``override``, else ``book.version``, else the
    git tag of the manifest's folder; checked to be safe in a file name."""
    version, where = (override or "").strip(), "--version"
    if not version:
        version, where = manifest.book.version.strip(), \
            f"{manifest.path}: book.version"
    if not version:
        version, where = git_tag(manifest.folder), "the git tag"
    if not version:
        raise ManifestError(
            f"{manifest.path}: no version for the release: set book.version, "
            "tag the commit (git tag v1.0.0) or give --version")
    if not _VERSION.match(version):
        raise ManifestError(
            f"version {version!r} from {where} cannot be used in a file name: "
            "use letters, digits, dots, hyphens, plus signs and underscores")
    return version


def release_formats() -> list[str]:
    """Every format the writers can make (:mod:`pamphleteer.writers`), in
    release order."""
    return writers.names()


@dataclass(frozen=True)
class Entry:
    """One built file on its way into a release."""

    artifact: Artifact
    """The build's :class:`~pamphleteer.build.Artifact`."""
    name: str
    """Its name in the release."""
    chapter: str = ""
    """For a pamphlet: the title of its text."""
    byline: str = ""
    """For a pamphlet: its authors."""
    label: str = ""
    """What the download page calls it (``EPUB``, ``Booklet on A4
    sheets``); set by :func:`described`."""
    group: str = "other"
    """The download page's group (an id of :data:`GROUPS`)."""
    purpose: str = ""
    """What it is for, one or two sentences."""


def release_name(slug: str, version: str, built: Path) -> str:
    """The release name of a built file: the version goes after the book's
    slug (``only-from-below.pdf`` -> ``only-from-below-1.0.0.pdf``,
    ``...-booklet-a4.pdf`` -> ``...-1.0.0-booklet-a4.pdf``); a file not
    named from the slug gets ``<slug>-<version>-`` in front."""
    name = built.name
    rest = name[len(slug):]
    if name.startswith(slug) and rest[:1] in ("", ".", "-"):
        return f"{slug}-{version}{rest}"
    return f"{slug}-{version}-{name}"


def _tail(e: Entry, slug: str, version: str) -> str:
    """The words of a release name after ``<slug>-<version>``, without the
    extension: ``booklet-a4``, ``bibliography``, ``press-a5``."""
    stem = e.name[:len(e.name) - len(Path(e.name).suffix)]
    return stem[len(f"{slug}-{version}"):].strip("-.")


def describe(e: Entry, tail: str, profile_kinds: dict[str, str]
             ) -> tuple[str, str, str]:
    """(label, group, purpose) of a release file for the download page.

    The build's own ``purpose`` is kept when it gives one; ``tail`` is the
    end of the file's name (``booklet-a4``) and ``profile_kinds`` maps the
    manifest's PDF profiles to ``screen`` or ``press``.
    """
    art = e.artifact
    kind, profile = art.kind, art.profile
    info = writers.load_all().get(kind)
    if kind == "pamphlet" or (e.chapter and kind != "epub"):
        by = f"By {e.byline}. " if e.byline else ""
        what = _sentence(art.purpose or "One text as a PDF of its own")
        return e.chapter or tail, "texts", by + what
    if info is not None:
        out = info.describe(kind, profile, tail, e.name, profile_kinds)
    elif kind == "json":
        out = (f"{(tail or 'data').replace('-', ' ').capitalize()} (JSON)",
               "other", "Data for other programs.")
    else:
        out = (tail or kind, "other", "")
    label, group, purpose = out
    return label, group, _sentence(art.purpose or purpose)


def described(entries: list[Entry], manifest: Manifest,
              version: str) -> list[Entry]:
    """The entries with their label, group and purpose filled in."""
    kinds = _profile_kinds(manifest)
    out = []
    for e in entries:
        label, group, purpose = describe(
            e, _tail(e, manifest.slug, version), kinds)
        out.append(replace(e, label=label, group=group, purpose=purpose))
    return out


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256sums(entries: Iterable[tuple[str, str]]) -> str:
    """``SHA256SUMS`` text for (name, digest) pairs: sorted by name, two
    spaces (text mode), as ``sha256sum`` writes it and ``-c`` reads it."""
    lines = []
    for name, digest in sorted(entries):
        if "\n" in name or "\\" in name:
            raise RenderError(f"file name {name!r} cannot go in SHA256SUMS")
        lines.append(f"{digest}  {name}\n")
    return "".join(lines)


def human_size(n: int) -> str:
    """``n`` bytes as ``812 KB`` or ``1.4 MB`` (decimal units)."""
    for unit, factor in (("MB", 1_000_000), ("KB", 1_000)):
        if n >= factor:
            value = n / factor
            return (f"{value:.1f} {unit}" if value < 10 else
                    f"{value:.0f} {unit}")
    return f"{n} bytes"


# --------------------------------------------------------------------------
# The release folder
# --------------------------------------------------------------------------

def _refuse_existing(target: Path, version: str, force: bool) -> None:
    if (target.exists() or target.is_symlink()) and not force:
        raise RenderError(
            f"{target} already exists: version {version} was released "
            "before. Give --force to replace it, or release a new version "
            "(--version or book.version).")


def _collect(entries: list[Entry], folder: Path) -> list[ReleaseFile]:
    """Move the built files into ``folder`` under their release names."""
    seen: dict[str, Path] = {}
    for e in entries:
        if e.name in seen:
            raise RenderError(f"two files of the build would both be released "
                              f"as {e.name}: {seen[e.name]} and "
                              f"{e.artifact.path}")
        seen[e.name] = e.artifact.path
    files = []
    for e in entries:
        target = folder / e.name
        os.replace(e.artifact.path, target)
        os.chmod(target, 0o644)
        files.append(ReleaseFile(
            name=e.name, size=target.stat().st_size, sha256=sha256_of(target),
            format=e.artifact.kind, profile=e.artifact.profile,
            purpose=e.purpose))
    return files


def _sentence(text: str) -> str:
    text = text.strip()
    return text + "." if text and text[-1] not in ".!?" else text


def release_data(manifest: Manifest, version: str, when: datetime,
                 files: list[ReleaseFile]) -> dict[str, Any]:
    """The content of ``release.json``."""
    b = manifest.book
    return {
        "title": b.title, "subtitle": b.subtitle, "version": version,
        "date": when.strftime("%Y-%m-%d"),
        "built": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "published": str(b.date), "slug": manifest.slug,
        "identifier": b.identifier, "language": b.language,
        "editors": list(b.editors), "publisher": b.publisher,
        "rights": b.rights, "description": b.description,
        "generator": f"pamphleteer {__version__}",
        "files": [asdict(f) for f in files],
    }


def _and(names: Iterable[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _keep_ranges(text: str) -> str:
    """Word joiners around the dash of a number range (``1871–2017``), so
    that a narrow screen does not break the line inside it."""
    # A digit, an en dash, a digit: a range of years or pages.
    return re.sub(r"(?<=\d)\u2013(?=\d)", "\u2060\u2013\u2060", text)


def _long_date(when: datetime) -> str:
    return f"{when.day} {when.strftime('%B %Y')}"


def _profile_kinds(manifest: Manifest) -> dict[str, str]:
    profiles = getattr(manifest.output, "all_profiles", None)
    return {p.name: p.kind for p in profiles()} if profiles else {}


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG (from its IHDR chunk), else None."""
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return (int.from_bytes(head[16:20], "big"),
            int.from_bytes(head[20:24], "big"))


def render_page(manifest: Manifest, version: str, when: datetime,
                entries: list[Entry], files: list[ReleaseFile],
                folder: Path) -> str:
    """``index.html``: the download page, styles inlined, nothing external.

    The template (``release.html.j2``) and style sheet (``release.css``) may
    be overridden by the book's own ``templates/`` and ``styles/``.
    """
    from markupsafe import Markup

    css_path = manifest.folder / "styles" / "release.css"
    if not css_path.is_file():
        css_path = STYLES / "release.css"
    css = css_path.read_text(encoding="utf-8")
    if re.search(r"</style", css, re.I):  # would end the inlined <style>
        raise RenderError(f"{css_path}: a style sheet cannot contain </style")
    groups: dict[str, list[dict[str, Any]]] = {g: [] for g, _, _ in GROUPS}
    cover = None
    for e, f in zip(entries, files):
        if e.artifact.kind == "cover" and cover is None and \
                Path(f.name).suffix.lower() in IMAGE_TYPES:
            cover = {"name": f.name, "size": png_size(folder / f.name)}
        groups[e.group if e.group in groups else "other"].append({
            "name": f.name, "label": e.label or f.name, "purpose": e.purpose,
            "size": f.size, "size_text": human_size(f.size),
            "sha256": f.sha256, "format": f.format, "profile": f.profile})
    for items in groups.values():
        items.sort(key=lambda i: _order(i["format"]))
    b = manifest.book
    # A blank line separates paragraphs of the description.
    description = [typography(" ".join(p.split()))[0]
                   for p in re.split(r"\n\s*\n", b.description) if p.strip()]
    return environment(manifest.folder).get_template(
        "release.html.j2").render(
        title=b.title, subtitle=_keep_ranges(b.subtitle),
        editors_text=_and(b.editors),
        publisher=b.publisher, rights=b.rights, language=b.language or "en",
        description=description, version=version,
        date=when.strftime("%Y-%m-%d"), date_text=_long_date(when),
        cover=cover, primary=groups["read"][:2], css=Markup(css),
        groups=[{"id": g, "title": t, "blurb": blurb, "files": groups[g]}
                for g, t, blurb in GROUPS if groups[g]],
        generator=f"pamphleteer {__version__}")


def _stamp(folder: Path, when: datetime) -> None:
    """Every file's and the folder's modification time set to ``when``."""
    t = int(when.timestamp())
    for p in sorted(folder.iterdir()):
        os.utime(p, (t, t))
    os.chmod(folder, 0o755)
    os.utime(folder, (t, t))


def _install(folder: Path, target: Path, version: str, force: bool,
             staging: Path) -> None:
    """Rename the finished folder into place (the old one out first)."""
    _refuse_existing(target, version, force)
    old = None
    try:
        if target.exists() or target.is_symlink():
            old = staging / "previous"
            os.replace(target, old)
        os.replace(folder, target)
    except OSError as err:
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)
        raise RenderError(f"could not move the release into {target} "
                          f"({err})") from err


def _pamphlet_profile(manifest: Manifest) -> list[str] | None:
    """The one PDF profile pamphlets are made with: the first screen one."""
    profiles = getattr(manifest.output, "all_profiles", None)
    if profiles is None:
        return None
    every = profiles()
    return [next((p for p in every if p.kind == "screen"), every[0]).name]


def _title_and_byline(manifest: Manifest, spec: ChapterSpec,
                      cache: StageCache | None) -> tuple[str, str]:
    """A text's title and ``Authors (date)``, from the manifest or, where
    it leaves them out, from the cleaned source's metadata."""
    title, authors, date = spec.title, spec.authors, spec.date
    if not (title and authors and date):
        meta = clean_chapter(manifest, spec, cache).result.document.meta
        title, authors = title or meta.title, authors or meta.authors
        date = date or meta.date
    byline = _and(authors) + (f" ({date})" if authors and date else "")
    return title or spec.id, byline


def _add_new(into: Diagnostics, found: Diagnostics) -> None:
    """Add a pamphlet's warnings that the whole book's build did not give.

    Index warnings are left out: a pamphlet has no index, yet assembling
    one text alone finds every entry that matches only elsewhere in the
    book "never matching".
    """
    seen = {(w.code, w.message, w.location) for w in into.warnings}
    for w in found.warnings:
        if not w.code.startswith("IDX") and \
                (w.code, w.message, w.location) not in seen:
            seen.add((w.code, w.message, w.location))
            into.warnings.append(w)


def build_all(manifest: Manifest, staging: Path, version: str, *,
              progress: Callable[[str], None] | None = None,
              cache: StageCache | None = None
              ) -> tuple[list[Entry], Diagnostics]:
    """Build every format, and the pamphlets when ``output.pamphlets`` is
    on, into ``staging``; return the entries and the build's diagnostics."""
    formats = release_formats()
    formats += [f for f in manifest.output.formats if f not in formats]
    seed = f"{manifest.book.identifier}/{version}"
    # Texts laid out whole: the same bytes whatever the cache holds.
    with fixed_xmp_ids(seed), whole_texts():
        result = build(manifest, staging / "book", formats,
                       progress=progress, cache=cache)
    slug = manifest.slug
    entries = [Entry(a, release_name(slug, version, Path(a.path)))
               for a in result.artifacts]
    if getattr(manifest.output, "pamphlets", False):
        for _, spec in manifest.all_chapters():
            if progress:
                progress(f"pamphlet of {spec.id}")
            with fixed_xmp_ids(f"{seed}/{spec.id}"), whole_texts():
                one = build(manifest, staging / "pamphlets" / spec.id,
                            ["pdf"], progress=progress, cache=cache,
                            chapter=spec.id,
                            profiles=_pamphlet_profile(manifest))
            _add_new(result.diagnostics, one.diagnostics)
            title, byline = _title_and_byline(manifest, spec, cache)
            entries += [Entry(a, release_name(slug, version, Path(a.path)),
                              chapter=title, byline=byline)
                        for a in one.artifacts]
    return described(entries, manifest, version), result.diagnostics


def make_release(manifest: Manifest, out_root: Path, *, force: bool = False,
                 version: str | None = None,
                 progress: Callable[[str], None] | None = None,
                 cache: StageCache | None = None,
                 diagnostics: Diagnostics | None = None,
                 strict: bool = False) -> Path:
    """Build every format into ``out_root/release/<slug>-<version>/`` with
    ``SHA256SUMS``, ``release.json`` and ``index.html``; return the folder.

    Refuses (:class:`RenderError`) when the folder exists, unless ``force``.
    The build's warnings are added to ``diagnostics`` when given; with
    ``strict``, a build with warnings raises :class:`StrictError` and
    releases nothing.
    """
    check_release_licences(manifest, cache)
    version = resolve_version(manifest, version)
    # The books' colophons show the version released.
    manifest = replace(manifest, book=replace(manifest.book, version=version))
    name = f"{manifest.slug}-{version}"
    root = Path(out_root) / RELEASE_FOLDER
    target = root / name
    _refuse_existing(target, version, force)
    when = build_date()
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".staging",
                                        dir=root))
    except OSError as err:
        raise RenderError(f"cannot write into {root} ({err})") from err
    try:
        entries, found = build_all(manifest, staging, version,
                                   progress=progress, cache=cache)
        if diagnostics is not None:
            diagnostics.warnings.extend(found.warnings)
        if strict and found.warnings:
            raise StrictError(f"{len(found.warnings)} warning(s) and --strict "
                              "was given; nothing was released")
        if progress:
            progress(f"writing the release {name}")
        folder = staging / name
        folder.mkdir()
        files = _collect(entries, folder)
        atomic_write(folder / "release.json",
                     json_text(release_data(manifest, version, when, files)))
        atomic_write(folder / "index.html",
                     render_page(manifest, version, when, entries, files,
                                 folder))
        data = release_data(manifest, version, when, files)
        from .catalogue.opds import release_feed

        # An OPDS entry of the book, for e-reader apps and catalogues.
        atomic_write(folder / "opds.xml", release_feed(
            data, files, when.strftime("%Y-%m-%dT%H:%M:%SZ")))
        listed = [(f.name, f.sha256) for f in files] + [
            (n, sha256_of(folder / n))
            for n in ("release.json", "index.html", "opds.xml")]
        atomic_write(folder / "SHA256SUMS", sha256sums(listed))
        _stamp(folder, when)
        _install(folder, target, version, force, staging)
    except PamphleteerError:
        raise
    except OSError as err:
        raise RenderError(f"could not write the release {name} ({err})") \
            from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


# --------------------------------------------------------------------------
# Command line (wired into pamphleteer.cli by ``add_parser(sub)``)
# --------------------------------------------------------------------------

def cmd_release(args: argparse.Namespace, console: Console) -> int:
    """``pamphleteer release``: build and publish a release folder."""
    manifest = load(args)
    out = Path(args.out)
    diagnostics = Diagnostics()
    try:
        with Progress(console) as step:
            folder = make_release(manifest, out, force=args.force,
                                  version=args.release_version, progress=step,
                                  cache=stage_cache(args, out),
                                  diagnostics=diagnostics, strict=args.strict)
    finally:
        report_warnings(console, diagnostics, strict=False)
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        file = folder / line.split("  ", 1)[1]
        console.print(f"  {file.name} ({human_size(file.stat().st_size)})",
                      markup=False)
    console.print(f"released {folder} (open {folder / 'index.html'})",
                  markup=False)
    return 0


def add_parser(subparsers: Subcommands) -> None:
    """Add the ``release`` sub-command to ``pamphleteer``'s parser."""
    r = subparsers.add_parser(
        "release", help="build every format into a release folder",
        description="Build every format (EPUB, PDFs, booklets...) into "
        "OUT/release/<slug>-<version>/ with SHA256SUMS, release.json and an "
        "index.html download page. The version is --version, else the "
        "manifest's book.version, else the git tag of the current commit. "
        "With SOURCE_DATE_EPOCH set, the release is reproducible byte for "
        "byte.")
    add_common_options(
        r, out_help="output folder; the release goes in DIR/release/ "
        "(default: %(default)s)", strict_help="fail (exit 6) and release "
        "nothing when there are warnings")
    r.add_argument("--version", dest="release_version", metavar="V",
                   help="release version (default: book.version, else the "
                   "git tag)")
    r.add_argument("--force", action="store_true",
                   help="replace an existing release of the same version")
    r.set_defaults(func=cmd_release)
