"""What a catalogue is made of: its texts and the settings they share.

SOURCE is either a folder of texts (an Amusewiki checkout: ``a/ab/slug.muse``
files, or any folder of files a reader knows by their extension) or a
catalogue YAML file::

    catalogue:
      title: The Anarchist Library
      publisher: A distro
      language: en          # when a text does not say its own
      base_url: https://example.org/library/   # absolute OPDS links
    sources:
      - folder: texts/      # every text under it
      - file: extra/one.md
        format: markdown
        id: one
    output:                 # the manifest's output settings, shared
      page_size: A5
      booklet: {sheets_per_signature: 0}
    formats: [epub, pdf, booklet, cover, web]

The YAML is read with the manifest's loader: every problem is reported with
its line, all at once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..cleaners import load_all as load_readers
from ..errors import InputError, ManifestError
from ..manifest import OutputSpec, _check_output
from .. import writers
from ..text import slugify
from ..yamlschema import Problems, build, check_yaml_tree, doc, value_node

def catalogue_formats() -> tuple[str, ...]:
    """What every text of a catalogue can be made into: every registered
    writer (the writer registry is the one list of output formats)."""
    return tuple(writers.names())

SITE_FOLDERS = frozenset({"specials", "site_files", "uploads"})
"""Folders of an Amusewiki checkout that hold the site's own pages and
files, not texts of the library: skipped, and said so in the report."""

MAX_CATALOGUE_BYTES = 4 << 20


@dataclass(frozen=True, kw_only=True)
class CatalogueMeta:
    """``catalogue:`` the library's own metadata."""

    title: str = doc("Name of the library (the site's and the OPDS "
                     "catalogue's title; named in every pamphlet's "
                     "colophon).", "Library")
    description: str = doc("A sentence or two about the library.", "")
    publisher: str = doc("Who publishes the catalogue.", "")
    language: str = doc("BCP 47 tag used for a text that does not declare "
                        "its language.", "en")
    identifier: str = doc("URN the texts' identifiers are derived from "
                          "(`urn:uuid:...`); derived from the title when "
                          "empty.", "")
    base_url: str = doc("Address the output folder is published at "
                        "(`https://example.org/library/`): OPDS links are "
                        "made absolute with it; relative when empty.", "")
    rights: str = doc("Rights statement printed in every pamphlet.", "")


@dataclass(frozen=True, kw_only=True)
class SourceSpec:
    """An item of ``sources:``: a folder of texts or one file."""

    folder: str = doc("Folder of texts, relative to the YAML file.", "")
    file: str = doc("One text, relative to the YAML file.", "")
    format: str = doc("Reader of the file (or of every file of the "
                      "folder); detected when empty.", "")
    id: str = doc("Id of a single file's text; from its name when empty.",
                  "")
    options: dict[str, Any] = doc("Options for the reader.", factory=dict)


@dataclass(frozen=True, kw_only=True)
class CatalogueFile:
    """A catalogue YAML file."""

    catalogue: CatalogueMeta = doc("The library's metadata.",
                                   factory=CatalogueMeta)
    sources: tuple[SourceSpec, ...] = doc("Folders and files of texts.",
                                          factory=tuple)
    output: OutputSpec = doc("Output settings shared by every text (as in "
                             "a manifest: page size, profiles, booklet).",
                             factory=OutputSpec)
    formats: tuple[str, ...] = doc("What every text is made into.",
                                   factory=catalogue_formats)


@dataclass(frozen=True)
class Text:
    """One text of the catalogue."""

    id: str
    """Unique id: lowercase letters, digits, hyphens (its folder's name)."""
    path: Path
    """The source file (absolute)."""
    rel: str
    """Its path relative to the catalogue's root, for people."""
    format: str = ""
    """Reader; detected when empty."""
    options: tuple[tuple[str, Any], ...] = ()
    """Reader options."""


@dataclass(frozen=True)
class Skipped:
    """A file or folder deliberately left out, and why."""

    path: str
    why: str


@dataclass
class Catalogue:
    """Everything a catalogue run needs to know about its input."""

    root: Path
    meta: CatalogueMeta
    output: OutputSpec
    formats: tuple[str, ...]
    texts: list[Text] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    origin: Path | None = None
    """The catalogue YAML, when SOURCE was one."""


def _extensions() -> set[str]:
    return {e for info in load_readers().values() for e in info.extensions}


def _withdrawn(path: Path) -> bool:
    """Amusewiki marks a withdrawn text with a ``#DELETED`` header line."""
    if path.suffix.lower() != ".muse":
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    for line in head.decode("utf-8", "replace").splitlines():
        if not line.startswith("#"):
            break
        if line.split(maxsplit=1)[0].lower() == "#deleted":
            return True
    return False


def _unique_id(stem: str, path: Path, taken: set[str]) -> str:
    base = slugify(stem)
    if base == "untitled":  # a name with no Latin letters or digits
        base = "text-" + hashlib.sha256(str(path).encode()).hexdigest()[:10]
    tid, k = base, 1
    while tid in taken:
        k += 1
        tid = f"{base}-{k}"
    taken.add(tid)
    return tid


def scan_folder(folder: Path, cat: Catalogue, taken: set[str], *,
                fmt: str = "", options: dict | None = None) -> None:
    """Add every text under ``folder`` (files with a reader's extension;
    hidden entries and an Amusewiki site's own folders skipped)."""
    exts = _extensions()
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of texts")
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if d in SITE_FOLDERS:
                cat.skipped.append(Skipped(_rel(here / d, cat.root),
                                           "an Amusewiki site's own pages "
                                           "and files, not texts"))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            p = here / name
            if name.startswith("."):
                continue
            if p.suffix.lower() not in exts:
                continue
            found.append(p)
    opts = tuple(sorted((options or {}).items()))
    amusewiki = _amusewiki_checkout(folder, found)
    for p in sorted(found):
        why = _not_a_text(folder, p) if amusewiki else ""
        if why:
            cat.skipped.append(Skipped(_rel(p, cat.root), why))
            continue
        if _withdrawn(p):
            cat.skipped.append(Skipped(_rel(p, cat.root), "withdrawn "
                                       "(#DELETED)"))
            continue
        cat.texts.append(Text(_unique_id(p.stem, p, taken), p.resolve(),
                              _rel(p, cat.root), fmt, opts))


_LETTER_PATH = re.compile(r"^[0-9a-z]/[0-9a-z]{1,2}/[^/]+\.muse$")


def _amusewiki_checkout(folder: Path, found: list[Path]) -> bool:
    """Whether ``folder`` is an Amusewiki checkout: one of its site's own
    folders at the top, or its texts in ``a/ab/slug.muse`` folders."""
    if any((folder / d).is_dir() for d in SITE_FOLDERS):
        return True
    return any(_LETTER_PATH.match(p.relative_to(folder).as_posix())
               for p in found if p.suffix.lower() == ".muse")


def _not_a_text(folder: Path, p: Path) -> str:
    """Why a file of an Amusewiki checkout other than a Muse text is not a
    text of the library ('' when it may be one): the repository's own files
    at its top (README.md, a licence), and the attachments Amusewiki keeps
    beside the texts, named after their folder (``a/av/a-v-cat-1.png``,
    ``t/tt/t-t-scan.pdf``)."""
    if p.suffix.lower() == ".muse":
        return ""
    parts = p.relative_to(folder).parts
    if len(parts) == 1:
        return ("the repository's own file, not a text (an Amusewiki "
                "library's texts are its .muse files)")
    if len(parts) == 3 and len(parts[1]) == 2 and p.name.lower().startswith(
            f"{parts[1][0]}-{parts[1][1]}-".lower()):
        return ("an attachment of the Amusewiki site (named after its "
                "folder), not a text")
    return ""


def _rel(p: Path, root: Path) -> str:
    try:
        return str(p.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(p)


def load_catalogue(source: Path) -> Catalogue:
    """A folder or a catalogue YAML file, read into a :class:`Catalogue`."""
    source = Path(source)
    if source.is_dir():
        cat = Catalogue(root=source.resolve(), meta=CatalogueMeta(
            title=_folder_title(source)), output=OutputSpec(),
            formats=catalogue_formats())
        scan_folder(source, cat, set())
        _refuse_empty(cat, source)
        return cat
    if not source.is_file():
        raise InputError(f"{source}: no such folder or catalogue file; give "
                         "a folder of texts or a catalogue YAML")
    spec = _read_yaml(source)
    cat = Catalogue(root=source.parent.resolve(), meta=spec.catalogue,
                    output=spec.output, formats=spec.formats, origin=source)
    taken: set[str] = set()
    for s in spec.sources:
        if s.folder:
            scan_folder(source.parent / s.folder, cat, taken, fmt=s.format,
                        options=s.options)
        else:
            p = (source.parent / s.file)
            if not p.is_file():
                raise InputError(f"{source}: source file {s.file} does not "
                                 "exist")
            tid = s.id or _unique_id(p.stem, p, taken)
            taken.add(tid)
            cat.texts.append(Text(tid, p.resolve(), _rel(p, cat.root),
                                  s.format, tuple(sorted(s.options.items()))))
    _refuse_empty(cat, source)
    return cat


def _folder_title(folder: Path) -> str:
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return name.title() if name else "Library"


def _refuse_empty(cat: Catalogue, source: Path) -> None:
    if not cat.texts:
        raise InputError(f"{source}: no texts found (looked for files ending "
                         f"in {', '.join(sorted(_extensions()))}); check the "
                         "folder, or list the files in a catalogue YAML with "
                         "their format")


def _read_yaml(path: Path) -> CatalogueFile:
    probs = Problems(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ManifestError(f"{path}: cannot read the catalogue "
                            f"({e.strerror or e})") from None
    if len(data) > MAX_CATALOGUE_BYTES:
        raise ManifestError(f"{path}:1: over {MAX_CATALOGUE_BYTES >> 20} MiB;"
                            " this is not a catalogue file")
    try:
        node = yaml.compose(data.decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8 text; save it as UTF-8") \
            from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ManifestError(f"{path}:{mark.line + 1 if mark else 1}: invalid "
                            f"YAML: {getattr(e, 'problem', None) or e}") \
            from None
    if node is None:
        raise ManifestError(f"{path}:1: the catalogue file is empty; see "
                            "docs/catalogue.md")
    if not check_yaml_tree(node, probs, what="a catalogue"):
        probs.raise_if_any()
    spec = build(CatalogueFile, node, "", probs)
    if spec is None:
        probs.raise_if_any()
    _check_output(spec.output, value_node(node, "output"), probs)
    for f in spec.formats:
        if f not in catalogue_formats():
            probs.add(value_node(node, "formats") or node,
                      f"unknown format `{f}`; use "
                      f"{', '.join(catalogue_formats())}")
    readers = set(load_readers())
    nodes = value_node(node, "sources")
    items = list(nodes.value) if isinstance(nodes, yaml.SequenceNode) else []
    for i, s in enumerate(spec.sources):
        at = items[i] if i < len(items) else node
        if bool(s.folder) == bool(s.file):
            probs.add(at, "a source is either `folder:` or `file:`, one of "
                      "the two")
        if s.format and s.format not in readers:
            probs.add(at, f"unknown format `{s.format}`; known formats: "
                      f"{', '.join(sorted(readers))}")
        if s.id and s.folder:
            probs.add(at, "`id:` names a single file's text; a folder's "
                      "texts are named from their files")
    if not spec.sources:
        probs.add(node, "`sources:` lists no folder or file of texts")
    probs.raise_if_any()
    return spec


def replace_meta(cat: Catalogue, **kw: Any) -> Catalogue:
    """The catalogue with some of its metadata changed (command-line
    overrides such as ``--title``)."""
    kw = {k: v for k, v in kw.items() if v}
    if kw:
        cat.meta = dataclasses.replace(cat.meta, **kw)
    return cat
