"""The book manifest: schema declared once, loaded with every error located.

The schema is the dataclasses below: each field's ``doc`` metadata is its
documentation (the README's manifest reference is generated from it by
``pamphleteer manifest-reference``).  Loading walks PyYAML's node tree so that
every problem carries its line; all problems are collected, then reported
once as a :class:`~pamphleteer.errors.ManifestError` (exit status 2).
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import writers
from .cleaners import is_known as known_reader
from .cleaners import known_names as reader_names
from .errors import ManifestError
from .paper import PAGE_SIZES, PDF_VARIANTS, page_size, page_size_ok, parse_length
from .text import slugify
from .yamlschema import MAX_DEPTH, check_yaml_tree, doc
from .yamlschema import Problems as _Problems
from .yamlschema import build as _build
from .yamlschema import key_node as _key_node
from .yamlschema import reference as _reference
from .yamlschema import value_node as _value_node

# --------------------------------------------------------------------------
# The schema
# --------------------------------------------------------------------------

def _parsed() -> Any:
    """A length in millimetres parsed from its key when the manifest is
    loaded (not a key itself: not in the reference, the repr or equality);
    NaN until then, or when the key is not a length, which the loader
    refuses with its line."""
    return field(init=False, default=math.nan, repr=False, compare=False,
                 metadata={"internal": True})


def _set_lengths(spec: object, **keys: str) -> None:
    """Parse the length keys of a frozen ``spec`` into their fields."""
    for key, target in keys.items():
        value = parse_length(getattr(spec, key))
        object.__setattr__(spec, target,
                           math.nan if value is None else value)


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
    source: str = doc("Raw source file, relative to the manifest, or an "
                      "`https://` URL: downloaded once into `sources/` and "
                      "recorded in `sources.lock.json` (read offline after; "
                      "`--refresh` fetches it again).")
    format: str = doc("Reader to use ({source_formats}); detected when "
                      "empty.", "")
    title: str = doc("Title; taken from the source's metadata when empty.",
                     "")
    subtitle: str = doc("Subtitle.", "")
    short_title: str = doc("Short title for running heads and index "
                           "locators; the title when empty (a title over 48 "
                           "characters is shortened: the part before its "
                           "colon, or its first words, and TITLE002 says "
                           "so).", "")
    authors: tuple[str, ...] = doc("Authors; from the source when empty.",
                                   factory=tuple)
    date: str = doc("Date of the work (`1871`, `2011-04-07`).", "")
    translators: tuple[str, ...] = doc("Translators.", factory=tuple)
    editors: tuple[str, ...] = doc("Editors of this text.", factory=tuple)
    work: str = doc("Id of this text's own entry in the works file (its "
                    "bibliography entry); matched by title, authors and "
                    "year when empty.  Citations of that work give this "
                    "text's page (PDF) and a link (EPUB); a `chapter` entry "
                    "of a collection in the works file makes the "
                    "collection name this text, its `page` range choosing "
                    "which citations of the collection point here "
                    "(docs/bibliography.md).", "")
    original_publication: str = doc("Where the text first appeared, as a "
                                    "citation (shown on the About page and "
                                    "in the bibliography).", "")
    source_used: str = doc("The copy this edition was made from.", "")
    license: str = doc("Licence or anti-copyright status of the text.", "")
    license_checked: bool = doc(
        "The editor checked the rights of this text, whose licence is not "
        "stated, and accepts releasing it (`release` refuses it "
        "otherwise).", False)
    language: str = doc("BCP 47 tag of the text's language (`fr`, "
                        "`pt-BR`); from the source when empty, else the "
                        "book's. Sets the chapter's `lang`, hyphenation, "
                        "quotation marks and dashes.", "")
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
    works: tuple[str, ...] = doc("Works files that complete or correct "
                                 "parsed citations: CSL-JSON (`.json`), "
                                 "YAML, BibTeX (`.bib`) or RIS (`.ris`), "
                                 "merged in order (docs/bibliography.md).",
                                 factory=tuple)
    citations: str = doc("The editor's answers to doubtful and unresolved "
                         "citations (`cite-review.yaml`, written by "
                         "`pamphleteer cite review`); none when empty.", "")
    citation_style: str = doc("Style of the bibliography's entries: "
                              "`chicago` (pamphleteer's own Chicago "
                              "notes-bibliography), a shipped CSL style "
                              "(`chicago-notes-bibliography-16th-edition`, "
                              "`apa`, `modern-language-association`) or a "
                              "`.csl` file relative to the manifest "
                              "(docs/bibliography.md).", "chicago")
    italic_titles: bool = doc("Italicise (or quote, for an article) the "
                              "titles of works the bibliography cites where "
                              "a plain-text source names them in running "
                              "text; each change is logged (`-v`).", True)
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
    crop_marks: bool = doc("Older spelling of `marks: crop`.", False)
    marks: str = doc("Printer's marks, drawn outside the bleed (the "
                     "MediaBox grows around the BleedBox): `none` (what "
                     "most online printers ask), `crop`, or "
                     "`crop+registration`; `crop` when empty and "
                     "`crop_marks` is true, else `none`.", "")
    icc_profile: str = doc("CMYK output profile (an ICC file, relative to "
                           "the manifest) a press PDF is converted to and "
                           "names in its PDF/X output intent; the shipped "
                           "FOGRA39 (coated offset) profile when empty.",
                           "")
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
    bleed_mm: float = _parsed()
    """``bleed`` in millimetres."""
    gutter_mm: float = _parsed()
    """``gutter_per_100_pages`` in millimetres."""
    paper_thickness_mm: float = _parsed()
    """``paper_thickness`` in millimetres."""

    def __post_init__(self) -> None:
        _set_lengths(self, bleed="bleed_mm",
                     gutter_per_100_pages="gutter_mm",
                     paper_thickness="paper_thickness_mm")


@dataclass(frozen=True, kw_only=True)
class BookletSpec:
    """``output.booklet``: saddle-stitched booklets for home printing."""

    profile: str = doc("Profile whose pages are imposed; the first screen "
                       "profile with an A5, A6 or 5.5x8.5in page when "
                       "empty.", "")
    sheets_per_signature: int = doc("Sheets folded together in one "
                                    "signature; 0 chooses: one "
                                    "saddle-stitched signature when the "
                                    "book takes at most `saddle_max_sheets` "
                                    "sheets, else signatures of about 8 "
                                    "sheets, stacked and sewn or glued.", 0)
    saddle_max_sheets: int = doc("Most sheets one stapled (saddle-stitched)"
                                 " booklet takes (12 sheets of 80 g/m² "
                                 "paper: 48 pages).", 12)
    creep: str = doc("Creep compensation per sheet from the outside of a "
                     "signature (`0.1mm`); `0mm` for none.", "0mm")
    creep_mm: float = _parsed()
    """``creep`` in millimetres."""

    def __post_init__(self) -> None:
        _set_lengths(self, creep="creep_mm")


@dataclass(frozen=True, kw_only=True)
class OutputSpec:
    """``output:`` what to build and how."""

    formats: tuple[str, ...] = doc("Formats built by default: "
                                   "{output_formats}.",
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

    def trim(self, profile: ProfileSpec | None = None) -> tuple[str, str]:
        """Width and height of ``profile``'s page (the output's page size
        when it gives none), as CSS lengths."""
        return page_size((profile.page_size if profile else "")
                         or self.page_size)


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
        """Resolve a path written in the manifest (a URL source: its local
        copy, see :mod:`pamphleteer.urlsources`)."""
        from .urlsources import is_url, local_path

        if is_url(rel):
            return local_path(self.folder, rel)
        return (self.folder / rel).resolve()


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # chapter ids: safe in file names
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # 2026, 2026-11, 2026-11-22
MAX_MANIFEST_BYTES = 1 << 20  # one MiB of YAML is far beyond any book



def _semantic_checks(m: Manifest, node: yaml.Node, probs: _Problems,
                     allow_outside: bool) -> None:
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

        def at(key: str, line_node: yaml.Node = line_node) -> yaml.Node:
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
        if ch.format and not known_reader(ch.format):
            probs.add(at("format"), f"unknown format `{ch.format}` for "
                      f"`{ch.id}`; known formats: "
                      f"{', '.join(reader_names())}")
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
        if not writers.is_known(fmt):
            probs.add(out_node, f"unknown output format "
                      f"`{fmt}`; use {writers.spoken(writers.names())}")
    _check_output(m.output, _value_node(node, "output"), probs)


def _path_problem(m: Manifest, root: Path, rel: str,
                  allow_outside: bool) -> str:
    """Why the file ``rel`` named in the manifest cannot be used, or ``""``:
    outside the book's root (``../../etc/passwd``, an absolute path
    elsewhere, a symbolic link pointing out) unless allowed, unusable as a
    path, or not an existing regular file.  An absolute path inside the
    root is accepted: it names the same file as the relative one."""
    if not rel.strip() or any(ord(c) < 32 for c in rel):
        return "is not a usable file name (empty or with control characters)"
    from .urlsources import is_url, url_problem

    if is_url(rel):
        return url_problem(m.folder, rel)  # downloaded once, then offline
    try:
        path = m.resolve(rel)
        inside = path == root or root in path.parents
        if not allow_outside and not inside:
            return (f"is outside the book's folder {root}; move it inside, "
                    "set `book.root`, or pass --allow-outside")
        if not path.is_file():
            return f"does not exist or is not a file (looked for {path})"
    except (OSError, ValueError, RuntimeError) as e:
        why = getattr(e, "strerror", None) or str(e)
        return f"cannot be used as a file name ({why})"
    return ""


def _check_output(out: "OutputSpec", node: yaml.Node | None,
                  probs: _Problems) -> None:
    """Values of the output settings that a type cannot check."""
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
            if parse_length(getattr(p, key)) is None:
                probs.add(at, f"profile `{p.name}`: {key} must be a length "
                          f"such as 3mm or 0.125in, not `{getattr(p, key)}`")
        if p.page_size and not page_size_ok(p.page_size):
            probs.add(at, f"profile `{p.name}`: unknown page size "
                      f"`{p.page_size}`; use {', '.join(PAGE_SIZES)} or "
                      "WIDTHxHEIGHTmm")
        if p.marks and p.marks not in ("none", "crop", "crop+registration"):
            probs.add(at, f"profile `{p.name}`: marks must be none, crop or "
                      f"crop+registration, not `{p.marks}`")
        if p.icc_profile and p.kind != "press" and \
                not p.variant.startswith("pdf/x"):
            probs.add(at, f"profile `{p.name}`: icc_profile is for press "
                      "profiles (kind: press) or PDF/X variants")
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
    if b.sheets_per_signature < 0 or b.saddle_max_sheets < 1:
        probs.add(_key_node(node, "booklet") or node, "booklet."
                  "sheets_per_signature must be 0 or more and "
                  "saddle_max_sheets 1 or more")
    if parse_length(b.creep) is None:
        probs.add(_key_node(node, "booklet") or node, "booklet.creep must be "
                  f"a length such as 0.1mm, not `{b.creep}`")


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
    _semantic_checks(manifest, node, probs, allow_outside)
    probs.raise_if_any()
    return manifest


# --------------------------------------------------------------------------
# Reference documentation
# --------------------------------------------------------------------------

def reference() -> str:
    """The manifest reference, in Markdown, generated from the schema (the
    lists of formats from the reader and writer registries)."""
    readers = reader_names()
    outputs = writers.load_all().values()
    return _reference(Manifest).replace(
        "{source_formats}", ", ".join(f"`{r}`" for r in readers)).replace(
        "{output_formats}", ", ".join(f"`{w.name}` ({w.description})"
                                      for w in outputs))
