"""The book manifest: schema declared once, loaded with every error located.

The schema is the dataclasses below: each field's ``doc`` metadata is its
documentation (the README's manifest reference is generated from it by
``pamphleteer manifest-reference``).  Loading walks PyYAML's node tree so that
every problem carries its line; all problems are collected, then reported
once as a :class:`~pamphleteer.errors.ManifestError` (exit status 2).
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from .errors import ManifestError
from .text import slugify


def doc(text: str, default: Any = dataclasses.MISSING, *,
        factory: Any = dataclasses.MISSING) -> Any:
    """A schema field with its documentation."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"doc": text})
    if default is dataclasses.MISSING:
        return field(metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


# --------------------------------------------------------------------------
# The schema
# --------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class BookMeta:
    """``book:`` the anthology's metadata."""

    title: str = doc("Title of the book.")
    subtitle: str = doc("Subtitle, shown on the title page and cover.", "")
    editors: tuple[str, ...] = doc("Editors of the anthology, as credited.",
                                   factory=tuple)
    language: str = doc("BCP 47 language tag of the book (`en`, `fr-CA`).",
                        "en")
    identifier: str = doc("Unique identifier (`urn:uuid:...` or an ISBN "
                          "as `urn:isbn:...`).")
    date: str = doc("Publication date, `YYYY-MM-DD`.")
    version: str = doc("Edition version, used in release names (`1.0.0`).",
                       "0.1.0")
    rights: str = doc("Rights statement for the edition.", "")
    publisher: str = doc("Publisher or imprint.", "")
    description: str = doc("A paragraph describing the book (EPUB metadata, "
                           "back cover, download page).", "")
    subjects: tuple[str, ...] = doc("Subject keywords.", factory=tuple)
    slug: str = doc("File name stem of the outputs; derived from the title "
                    "when empty.", "")
    root: str = doc("Folder (relative to the manifest) that every source "
                    "path must stay inside; the manifest's folder when "
                    "empty. Our book keeps its seeds in `..`.", "")


@dataclass(frozen=True, kw_only=True)
class LacunaSpec:
    """An item of a chapter's ``lacunae``: a gap the editor marks by hand."""

    after: str = doc("Where: `start`, `end`, or the first words of the "
                     "paragraph after which text is missing.")
    reason: str = doc("What the reader is told.",
                      "Pages are missing from the source here.")


@dataclass(frozen=True, kw_only=True)
class ChapterSpec:
    """One text of the anthology (an item of ``chapters:`` or of a part)."""

    id: str = doc("Unique id: lowercase letters, digits and hyphens. Used "
                  "in file names and anchors.")
    source: str = doc("Raw source file, relative to the manifest.")
    format: str = doc("Cleaner to use (`afaq-text`, `pdf-text`, "
                      "`library-md`, `markdown`); detected when empty.", "")
    title: str = doc("Title; taken from the source's metadata when empty.",
                     "")
    subtitle: str = doc("Subtitle.", "")
    short_title: str = doc("Short title for running heads and index "
                           "locators; the title when empty.", "")
    authors: tuple[str, ...] = doc("Authors; from the source when empty.",
                                   factory=tuple)
    date: str = doc("Date of the work (`1871`, `2011-04-07`).", "")
    translators: tuple[str, ...] = doc("Translators.", factory=tuple)
    editors: tuple[str, ...] = doc("Editors of this text.", factory=tuple)
    work: str = doc("Id of this text's own entry in the works file (its "
                    "bibliography entry); matched by title, authors and "
                    "year when empty.", "")
    original_publication: str = doc("Where the text first appeared, as a "
                                    "citation (shown on the About page and "
                                    "in the bibliography).", "")
    source_used: str = doc("The copy this edition was made from.", "")
    license: str = doc("Licence or anti-copyright status of the text.", "")
    lacunae: tuple[LacunaSpec, ...] = doc(
        "Gaps to mark that the cleaner cannot see (pages lost between "
        "whole paragraphs, or at the end).", factory=tuple)
    options: dict[str, Any] = doc("Options for the cleaner; each format "
                                  "documents its own (docs/formats/).",
                                  factory=dict)


@dataclass(frozen=True, kw_only=True)
class PartSpec:
    """An item of ``parts:``: a titled group of chapters."""

    title: str = doc("Title of the part.")
    id: str = doc("Unique id; derived from the title when empty.", "")
    chapters: tuple[ChapterSpec, ...] = doc("The part's chapters.",
                                            factory=tuple)


@dataclass(frozen=True, kw_only=True)
class FrontSpec:
    """``front:`` front matter."""

    title_page: bool = doc("Include a title page.", True)
    copyright: bool = doc("Include a copyright page.", True)
    introduction: str = doc("Markdown file of the editorial introduction, "
                            "relative to the manifest; none when empty.", "")
    introduction_title: str = doc("Heading of the introduction.",
                                  "Introduction")
    contents: bool = doc("Include a table of contents.", True)


@dataclass(frozen=True, kw_only=True)
class BackSpec:
    """``back:`` back matter."""

    about: bool = doc("Include the generated 'About the texts' page.", True)
    about_notes: str = doc("YAML file (relative to the manifest) mapping "
                           "chapter ids to a note on each source, shown on "
                           "the About page.", "")
    bibliography: bool = doc("Include the combined bibliography.", True)
    works: tuple[str, ...] = doc("CSL-JSON (or YAML) works files that "
                                 "complete or correct parsed citations.",
                                 factory=tuple)
    index: str = doc("Index terms file (`index.yaml`); no index when "
                     "empty.", "")


@dataclass(frozen=True, kw_only=True)
class ProfileSpec:
    """An item of ``output.profiles``: one PDF of the book."""

    name: str = doc("Name: lowercase letters, digits and hyphens. The "
                    "first profile's PDF is `<slug>.pdf`, the others "
                    "`<slug>-<name>.pdf`.")
    kind: str = doc("`screen` (links and bookmarks kept) or `press` (for "
                    "the printer: link annotations dropped).", "screen")
    page_size: str = doc("Trim size (`A5`, `A6`, `5.5x8.5in`, `6x9in`, "
                         "`WIDTHxHEIGHTmm`); `output.page_size` when "
                         "empty.", "")
    bleed: str = doc("Bleed beyond the trim on each side: `0mm`, `3mm`, "
                     "`0.125in`.", "0mm")
    bleed_edges: str = doc("`all`, or `outer` (no bleed at the spine, for "
                           "the inner pages of a bound book).", "all")
    crop_marks: bool = doc("Draw crop marks in the bleed.", False)
    variant: str = doc("PDF variant: `pdf/a-3b` (archive), `pdf/ua-1` "
                       "(accessible screen copy), `pdf/x-4` or `pdf/x-1a` "
                       "(press), or empty for plain PDF.", "")
    gutter_per_100_pages: str = doc("Inner margin added per 100 pages, "
                                    "as print-on-demand services ask of "
                                    "thick books; taken from the outer "
                                    "margin so the text block keeps its "
                                    "width.", "0mm")
    paper_thickness: str = doc("Thickness of a leaf of the paper, for the "
                               "cover's spine (`0.1mm`).", "0.1mm")


@dataclass(frozen=True, kw_only=True)
class BookletSpec:
    """``output.booklet``: saddle-stitched booklets for home printing."""

    profile: str = doc("Profile whose pages are imposed; the first screen "
                       "profile with an A5, A6 or 5.5x8.5in page when "
                       "empty.", "")
    sheets_per_signature: int = doc("Sheets folded together in one "
                                    "signature; 0 makes one signature of "
                                    "the whole book.", 0)
    creep: str = doc("Creep compensation per sheet from the outside of a "
                     "signature (`0.1mm`); `0mm` for none.", "0mm")


@dataclass(frozen=True, kw_only=True)
class OutputSpec:
    """``output:`` what to build and how."""

    formats: tuple[str, ...] = doc("Formats built by default: `epub`, "
                                   "`pdf` (every profile), `booklet`, "
                                   "`cover` (front cover PDF and PNG, and "
                                   "a wrap with spine per press profile).",
                                   factory=lambda: ("epub", "pdf"))
    page_size: str = doc("PDF page size: `A5`, `A6`, `5.5x8.5in`, "
                         "`6x9in`, or `WIDTHxHEIGHTmm`.", "A5")
    font_size: str = doc("Body font size of the PDF (`10.5pt`).", "10.5pt")
    hyphenate: bool = doc("Hyphenate the PDF's text.", True)
    profiles: tuple[ProfileSpec, ...] = doc(
        "The PDFs to make; one `screen` profile at `page_size` when empty.",
        factory=tuple)
    booklet: BookletSpec = doc("Booklet imposition.", factory=BookletSpec)
    pamphlets: bool = doc("Also make a pamphlet of each text in releases.",
                          False)

    def all_profiles(self) -> tuple[ProfileSpec, ...]:
        """The profiles, or the default screen profile."""
        return self.profiles or (ProfileSpec(name="screen",
                                             page_size=self.page_size),)


@dataclass(frozen=True, kw_only=True)
class Manifest:
    """The whole manifest file."""

    book: BookMeta = doc("The book's metadata.")
    chapters: tuple[ChapterSpec, ...] = doc("The texts, in order (or use "
                                            "`parts:`).", factory=tuple)
    parts: tuple[PartSpec, ...] = doc("Parts grouping the texts, in order "
                                      "(instead of `chapters:`).",
                                      factory=tuple)
    front: FrontSpec = doc("Front matter.", factory=FrontSpec)
    back: BackSpec = doc("Back matter.", factory=BackSpec)
    output: OutputSpec = doc("Output settings.", factory=OutputSpec)
    path: Path = field(default=Path("manifest.yaml"),
                       metadata={"internal": True})
    """Where the manifest was read from (not a key)."""

    @property
    def folder(self) -> Path:
        """The manifest's folder, against which paths are resolved."""
        return self.path.parent

    @property
    def slug(self) -> str:
        """File stem of the outputs."""
        return self.book.slug or slugify(self.book.title)

    def all_chapters(self) -> list[tuple[PartSpec | None, ChapterSpec]]:
        """Every chapter in reading order, with its part."""
        if self.parts:
            return [(p, c) for p in self.parts for c in p.chapters]
        return [(None, c) for c in self.chapters]

    def resolve(self, rel: str) -> Path:
        """Resolve a path written in the manifest."""
        return (self.folder / rel).resolve()


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

class _Problems:
    """Collects located problems."""

    def __init__(self, path: Path):
        self.path = path
        self.items: list[tuple[int, str]] = []

    def add(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.items.append((line, message))

    def raise_if_any(self) -> None:
        if self.items:
            lines = [f"{self.path}:{line}: {msg}"
                     for line, msg in sorted(self.items)]
            raise ManifestError(
                f"{self.path}: {len(lines)} problem(s) in the manifest",
                problems=lines)


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # chapter ids: safe in file names
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # 2026, 2026-11, 2026-11-22
MAX_NODES = 20_000  # a manifest is small: refuse anything larger
MAX_DEPTH = 32  # nor is it deep: the schema nests six levels at most
MAX_MANIFEST_BYTES = 1 << 20  # one MiB of YAML is far beyond any book


def _fields(cls: type) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")}


class _Unreadable(Exception):
    """A YAML value the safe loader cannot turn into Python (a timestamp
    like ``2026-13-45``, an unknown ``!!tag``)."""


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except RecursionError:
        raise _Unreadable(f"nested more than {MAX_DEPTH} levels deep") \
            from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        what = getattr(e, "problem", None) or str(e)
        raise _Unreadable(f"cannot read the value {node.value!r}: {what}"
                          if isinstance(node, yaml.ScalarNode) else
                          f"cannot read this value: {what}") from None
    finally:
        loader.dispose()


def _convert(node: yaml.Node, tp: Any, where: str, probs: _Problems) -> Any:
    """Check ``node`` against the type ``tp``; return the value or None."""
    try:
        return _convert_node(node, tp, where, probs)
    except _Unreadable as e:
        probs.add(node, f"`{where}`: {e}")
        return None


def _convert_node(node: yaml.Node, tp: Any, where: str,
                  probs: _Problems) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _build(tp, node, where, probs)
    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if isinstance(node, yaml.ScalarNode) and item_tp is str:
            value = _construct(node)
            if isinstance(value, str) and value:
                return (value,)  # a single string where a list is expected
        if not isinstance(node, yaml.SequenceNode):
            probs.add(node, f"`{where}` must be a list; write it as "
                      f"`- item` lines or `[a, b]`")
            return None
        out = []
        for i, sub in enumerate(node.value):
            v = _convert(sub, item_tp, f"{where}[{i + 1}]", probs)
            if v is not None:
                out.append(v)
        return tuple(out)
    if origin is dict:
        if not isinstance(node, yaml.MappingNode):
            probs.add(node, f"`{where}` must be a mapping of keys to values")
            return None
        value = _construct(node)
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            probs.add(node, f"`{where}`: keys must be text, not {bad[0]!r}")
            return None
        return value
    if not isinstance(node, yaml.ScalarNode):
        probs.add(node, f"`{where}` must be a single value, not a "
                  f"{'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
        return None
    value = _construct(node)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            probs.add(node, f"`{where}` must be a whole number, not {value!r}")
            return None
        return value
    if tp is bool:
        if not isinstance(value, bool):
            probs.add(node, f"`{where}` must be true or false, not {value!r}")
            return None
        return value
    if tp is str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
            return str(value)
        if not isinstance(value, str):
            probs.add(node, f"`{where}` must be text, not {value!r}")
            return None
        return value
    raise TypeError(tp)


def _build(cls: type, node: yaml.Node, where: str, probs: _Problems) -> Any:
    """Build dataclass ``cls`` from a mapping node, locating every problem."""
    if not isinstance(node, yaml.MappingNode):
        probs.add(node, f"`{where or 'the manifest'}` must be a mapping of "
                  f"keys to values")
        return None
    known = _fields(cls)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    seen: dict[str, yaml.Node] = {}
    ok = True
    for key_node, val_node in node.value:
        try:
            key = _construct(key_node)
        except _Unreadable as e:
            probs.add(key_node, str(e))
            ok = False
            continue
        name = f"{where}.{key}" if where else str(key)
        if not isinstance(key, str):
            probs.add(key_node, f"key {key!r} must be text")
            ok = False
            continue
        if key in seen:
            probs.add(key_node, f"`{name}` is given twice (first on line "
                      f"{seen[key].start_mark.line + 1}); keep one")
            ok = False
            continue
        seen[key] = key_node
        f = known.get(key)
        if f is None:
            close = [k for k in known if k.replace("_", "") ==
                     key.replace("-", "").replace("_", "").lower()]
            hint = f"; did you mean `{close[0]}`?" if close else \
                f"; known keys: {', '.join(sorted(known))}"
            probs.add(key_node, f"unknown key `{name}`{hint}")
            ok = False
            continue
        v = _convert(val_node, hints[key], name, probs)
        if v is None:
            ok = False
            continue
        values[key] = v
    for fname, f in known.items():
        required = (f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING)
        if required and fname not in values and fname not in seen:
            probs.add(node, f"`{where + '.' if where else ''}{fname}` is "
                      f"required: {f.metadata['doc']}")
            ok = False
    if not ok:
        return None
    return cls(**values)


def check_yaml_tree(node: yaml.Node, probs: Any, what: str = "a manifest",
                    max_nodes: int | None = None) -> bool:
    """Refuse aliases (billion-laughs), oversized and too deeply nested YAML
    documents (the manifest's and the index file's).  ``probs`` collects
    located problems (``add(node, message)``)."""
    max_nodes = max_nodes or MAX_NODES
    count = 0
    stack = [(node, 1)]
    seen: set[int] = set()
    while stack:
        n, depth = stack.pop()
        if id(n) in seen:
            probs.add(n, "YAML anchors and aliases (`&name`, `*name`) are "
                      f"not allowed in {what}; write the value out")
            return False
        seen.add(id(n))
        count += 1
        if count > max_nodes:
            probs.add(node, f"{what} is too large (over {max_nodes} values)")
            return False
        if depth > MAX_DEPTH:
            probs.add(n, f"values nested more than {MAX_DEPTH} levels deep")
            return False
        if isinstance(n, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend(((k, depth + 1), (v, depth + 1)))
    return True


def _semantic_checks(m: Manifest, node: yaml.Node, probs: _Problems,
                     allow_outside: bool, known_formats: set[str]) -> None:
    """Checks that need the whole manifest: ids, files, formats, dates."""
    lines = _chapter_lines(node)
    book_line = _key_node(node, "book")
    if not _DATE.match(m.book.date):
        probs.add(_key_node(_value_node(node, "book"), "date") or book_line,
                  f"`book.date` must be a date like 2026-11-22, not "
                  f"{m.book.date!r}")
    if m.chapters and m.parts:
        probs.add(_key_node(node, "parts"), "give either `chapters:` or "
                  "`parts:`, not both")
    chapters = m.all_chapters()
    if not chapters:
        probs.add(node, "the manifest lists no chapters; add a `chapters:` "
                  "list with at least one `- id: ... source: ...` item")
    root = m.resolve(m.book.root or ".")
    ids: dict[str, int] = {}
    for i, (_, ch) in enumerate(chapters):
        line_node = lines[i] if i < len(lines) else node

        def at(key: str) -> yaml.Node:
            return _key_node(line_node, key) or line_node
        if not _ID.match(ch.id):
            probs.add(at("id"), f"chapter id {ch.id!r} must be lowercase "
                      "letters, digits and hyphens (`kropotkin-met-lenin`)")
        if ch.id in ids:
            probs.add(at("id"), f"duplicate chapter id `{ch.id}` (also on "
                      f"line {ids[ch.id]}); give each chapter its own id")
        else:
            ids[ch.id] = at("id").start_mark.line + 1
        where = _path_problem(m, root, ch.source, allow_outside)
        if where:
            probs.add(at("source"), f"source `{ch.source}` of `{ch.id}`: "
                      f"{where}")
        if ch.format and ch.format not in known_formats:
            probs.add(at("format"), f"unknown format `{ch.format}` for "
                      f"`{ch.id}`; known formats: "
                      f"{', '.join(sorted(known_formats))}")
    for rel, key in ([(m.front.introduction, "front.introduction"),
                      (m.back.about_notes, "back.about_notes"),
                      (m.back.index, "back.index")]
                     + [(w, "back.works") for w in m.back.works]):
        where = _path_problem(m, root, rel, allow_outside) if rel else ""
        if where:
            section, _, sub = key.partition(".")
            probs.add(_key_node(_value_node(node, section), sub) or node,
                      f"`{key}` names `{rel}`: {where}")
    out_node = _key_node(node, "output")
    for fmt in m.output.formats:
        if fmt not in ("epub", "pdf", "booklet", "cover"):
            probs.add(out_node, f"unknown output format "
                      f"`{fmt}`; use epub, pdf, booklet or cover")
    _check_output(m.output, _value_node(node, "output"), probs)


def _path_problem(m: Manifest, root: Path, rel: str,
                  allow_outside: bool) -> str:
    """Why the file ``rel`` named in the manifest cannot be used, or ``""``:
    outside the book's root (``../../etc/passwd``, an absolute path, a
    symbolic link pointing out) unless allowed, unusable as a path, or not
    an existing regular file."""
    if not rel.strip() or any(ord(c) < 32 for c in rel):
        return "is not a usable file name (empty or with control characters)"
    try:
        path = m.resolve(rel)
        inside = path == root or root in path.parents
        if not allow_outside and (Path(rel).is_absolute() or not inside):
            return (f"is outside the book's folder {root}; move it inside, "
                    "set `book.root`, or pass --allow-outside")
        if not path.is_file():
            return f"does not exist or is not a file (looked for {path})"
    except (OSError, ValueError, RuntimeError) as e:
        why = getattr(e, "strerror", None) or str(e)
        return f"cannot be used as a file name ({why})"
    return ""


_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|in|pt)$")  # 3mm, 0.125in


def _check_output(out: "OutputSpec", node: yaml.Node | None,
                  probs: _Problems) -> None:
    """Values of the output settings that a type cannot check."""
    from .render.pdf import PAGE_SIZES, PDF_VARIANTS, page_size_ok

    prof_nodes = _value_node(node, "profiles") if node is not None else None
    nodes = list(prof_nodes.value) if isinstance(prof_nodes, yaml.SequenceNode) \
        else []
    names: set[str] = set()
    for i, p in enumerate(out.profiles):
        at = nodes[i] if i < len(nodes) else node
        if not _ID.match(p.name):
            probs.add(at, f"profile name {p.name!r} must be lowercase "
                      "letters, digits and hyphens")
        if p.name in names:
            probs.add(at, f"duplicate profile name `{p.name}`")
        names.add(p.name)
        if p.kind not in ("screen", "press"):
            probs.add(at, f"profile `{p.name}`: kind must be screen or "
                      f"press, not `{p.kind}`")
        if p.bleed_edges not in ("all", "outer"):
            probs.add(at, f"profile `{p.name}`: bleed_edges must be all or "
                      f"outer, not `{p.bleed_edges}`")
        for key in ("bleed", "gutter_per_100_pages", "paper_thickness"):
            if not _LENGTH.match(getattr(p, key)):
                probs.add(at, f"profile `{p.name}`: {key} must be a length "
                          f"such as 3mm or 0.125in, not `{getattr(p, key)}`")
        if p.page_size and not page_size_ok(p.page_size):
            probs.add(at, f"profile `{p.name}`: unknown page size "
                      f"`{p.page_size}`; use {', '.join(PAGE_SIZES)} or "
                      "WIDTHxHEIGHTmm")
        if p.variant and p.variant not in PDF_VARIANTS:
            probs.add(at, f"profile `{p.name}`: unknown PDF variant "
                      f"`{p.variant}`; use one of {', '.join(PDF_VARIANTS)}")
    if not page_size_ok(out.page_size):
        probs.add(_key_node(node, "page_size") or node, f"unknown page size "
                  f"`{out.page_size}`; use {', '.join(PAGE_SIZES)} or "
                  "WIDTHxHEIGHTmm")
    b = out.booklet
    if b.profile and b.profile not in {p.name for p in out.all_profiles()}:
        probs.add(_key_node(node, "booklet") or node, f"booklet.profile "
                  f"`{b.profile}` is not a profile name")
    if not _LENGTH.match(b.creep):
        probs.add(_key_node(node, "booklet") or node, "booklet.creep must be "
                  f"a length such as 0.1mm, not `{b.creep}`")


def _value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k
    return None


def _chapter_lines(node: yaml.Node) -> list[yaml.Node]:
    """The node of every chapter item, in reading order."""
    out: list[yaml.Node] = []
    chs = _value_node(node, "chapters")
    if isinstance(chs, yaml.SequenceNode):
        out.extend(chs.value)
    parts = _value_node(node, "parts")
    if isinstance(parts, yaml.SequenceNode):
        for p in parts.value:
            pc = _value_node(p, "chapters")
            if isinstance(pc, yaml.SequenceNode):
                out.extend(pc.value)
    return out


def load_manifest(path: Path | str, *, allow_outside: bool = False) -> Manifest:
    """Read and validate a manifest; raise ManifestError listing every
    problem with its line."""
    from .cleaners import load_all

    path = Path(path)
    probs = _Problems(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ManifestError(f"{path}:1: over {MAX_MANIFEST_BYTES >> 20} "
                                "MiB; this is not a manifest")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest; create it or name "
                            "another with `pamphleteer build PATH`") from None
    except OSError as e:
        raise ManifestError(f"{path}: cannot read the manifest "
                            f"({e.strerror or e})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ManifestError(f"{path}:{line}: not UTF-8 text (byte "
                            f"{data[e.start]:#04x}); save the manifest as "
                            "UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(e, "problem", None) or str(e)
        raise ManifestError(f"{path}:{line}: invalid YAML: {what}; check "
                            "the indentation and quoting near this line") \
            from None
    except RecursionError:
        raise ManifestError(f"{path}:1: values nested too deeply (over "
                            f"{MAX_DEPTH} levels); this is not a manifest") \
            from None
    if node is None:
        raise ManifestError(f"{path}:1: the manifest is empty; see the "
                            "README's manifest reference")
    if not check_yaml_tree(node, probs):
        probs.raise_if_any()
    manifest = _build(Manifest, node, "", probs)
    if manifest is None:
        probs.raise_if_any()
    manifest = dataclasses.replace(manifest, path=path.resolve())
    _semantic_checks(manifest, node, probs, allow_outside,
                     set(load_all()))
    probs.raise_if_any()
    return manifest


# --------------------------------------------------------------------------
# Reference documentation
# --------------------------------------------------------------------------

def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is tuple:
        return f"list of {_type_name(typing.get_args(tp)[0])}"
    if origin is dict:
        return "mapping"
    if dataclasses.is_dataclass(tp):
        return "mapping"
    return {str: "text", bool: "true/false", int: "whole number"}.get(
        tp, getattr(tp, "__name__", str(tp)))


def reference() -> str:
    """The manifest reference, in Markdown, generated from the schema."""
    out: list[str] = []

    def section(cls: type, prefix: str) -> None:
        hints = typing.get_type_hints(cls)
        out.append(f"### `{prefix or '(top level)'}`\n")
        out.append((cls.__doc__ or "").strip() + "\n")
        out.append("| key | type | default | meaning |")
        out.append("| --- | --- | --- | --- |")
        nested = []
        for name, f in _fields(cls).items():
            tp = hints[name]
            if f.default is not dataclasses.MISSING:
                default = repr(f.default) if f.default != "" else "(empty)"
            elif f.default_factory is not dataclasses.MISSING:
                v = f.default_factory()
                default = "(empty)" if v in ((), {}) else (
                    "see below" if dataclasses.is_dataclass(v) else repr(list(v)))
            else:
                default = "**required**"
            out.append(f"| `{name}` | {_type_name(tp)} | {default} | "
                       f"{f.metadata['doc']} |")
            inner = typing.get_args(tp)[0] if typing.get_origin(tp) is tuple \
                else tp
            if dataclasses.is_dataclass(inner):
                nested.append((inner, f"{prefix + '.' if prefix else ''}{name}"))
        out.append("")
        for inner, p in nested:
            section(inner, p)

    section(Manifest, "")
    return "\n".join(out)
