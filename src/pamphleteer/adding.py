"""``pamphleteer add SOURCE``: a new text into the manifest, in one step.

The source (a file, or a URL downloaded into ``sources/`` first) is read by
the one detection rule, cleaned, and its metadata become a complete chapter
entry (id, source, format, title, subtitle, authors, translators, date,
language, licence) appended to ``chapters:`` (or to a part's chapters)
as text: every comment, blank line and quoting style of the manifest stays
as it was.  A text append keeps a hand-written manifest byte for byte
outside the new lines, which a YAML round trip (ruamel.yaml) does not
promise for every style; the result is parsed again and checked before it
is written, atomically.

What the entry took from the source, and what the user should check, is
printed.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, ManifestError
from .text import slugify


@dataclass(frozen=True)
class Added:
    """What :func:`add_source` did."""

    id: str
    """The new chapter's id."""
    entry: dict[str, Any]
    """The keys written."""
    text: str
    """The manifest's new text."""
    found: list[str]
    """Lines saying what was found."""
    check: list[str]
    """Lines saying what the user should check."""


def _q(value: Any) -> str:
    """A YAML value: strings as JSON strings (a valid YAML double-quoted
    scalar, whatever they hold), lists in flow style."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_q(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _entry_lines(entry: dict[str, Any], dash_col: int) -> list[str]:
    pad = " " * dash_col
    lines = []
    for k, (key, value) in enumerate(entry.items()):
        lead = f"{pad}- " if k == 0 else f"{pad}  "
        lines.append(f"{lead}{key}: {_q(value)}")
    return lines


def _value(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _chapter_list(root: yaml.Node, part: str, path: Path
                  ) -> tuple[yaml.Node | None, yaml.Node]:
    """``(sequence node, mapping that holds it)`` where a chapter goes."""
    parts = _value(root, "parts")
    if part or (isinstance(parts, yaml.SequenceNode) and parts.value):
        if not isinstance(parts, yaml.SequenceNode) or not parts.value:
            raise InputError(f"{path}: --part {part!r} given, but the "
                             "manifest has no `parts:`")
        names = []
        for p in parts.value:
            pid = _value(p, "id")
            ptitle = _value(p, "title")
            ids = {getattr(pid, "value", ""), getattr(ptitle, "value", ""),
                   slugify(getattr(ptitle, "value", "") or "")}
            names.append(getattr(pid, "value", "") or
                         getattr(ptitle, "value", ""))
            if not part or part in ids:
                if not part and len(parts.value) > 1:
                    continue  # several parts: the user must choose
                return _value(p, "chapters"), p
        raise InputError(f"{path}: the manifest has parts; name one with "
                         f"--part (its id or title): {', '.join(names)}")
    return _value(root, "chapters"), root


def _insert(text: str, root: yaml.Node, part: str, entry: dict[str, Any],
            path: Path) -> str:
    """The manifest text with ``entry`` appended to the right list."""
    lines = text.split("\n")
    seq, holder = _chapter_list(root, part, path)
    if seq is None:
        # No `chapters:` key: add one at the end of its mapping (top level,
        # or the part).
        if holder is root:
            new = ["chapters:"] + _entry_lines(entry, 2)
            body = text.rstrip("\n")
            return body + "\n" + "\n".join(new) + "\n"
        col = holder.start_mark.column
        end = holder.end_mark.line if holder.end_mark.column == 0 \
            else holder.end_mark.line + 1
        new = [" " * col + "chapters:"] + _entry_lines(entry, col + 2)
        return "\n".join(lines[:end] + new + lines[end:])
    if not isinstance(seq, yaml.SequenceNode):
        raise InputError(f"{path}:{seq.start_mark.line + 1}: `chapters` is "
                         "not a list; fix it before adding a text")
    if seq.flow_style and not seq.value and \
            seq.end_mark.line == seq.start_mark.line:
        # `chapters: []`, a new manifest's empty list: the entry replaces it
        ln = seq.start_mark.line
        rest = lines[ln][seq.end_mark.column:].strip()
        if not rest or rest.startswith("#"):
            lines[ln] = lines[ln][:seq.start_mark.column].rstrip() + (
                f"  {rest}" if rest else "")
            col = 0 if holder is root else holder.start_mark.column
            return "\n".join(lines[:ln + 1] + _entry_lines(entry, col + 2)
                             + lines[ln + 1:])
    if seq.flow_style or not seq.value:
        raise InputError(f"{path}:{seq.start_mark.line + 1}: `chapters` is "
                         "written in flow style (`[...]`); write it as a "
                         "block list (`- id: ...` lines) to add a text")
    first = seq.value[0]
    row = lines[first.start_mark.line]
    dash = row.rfind("-", 0, first.start_mark.column)
    dash_col = dash if dash >= 0 else max(0, first.start_mark.column - 2)
    last = seq.value[-1]
    # The last item ends before the first line set at the list's dash or
    # further left (the next part's "- title:", the next key): a node's
    # end mark is the next token's place, which on such a line is not at
    # its start, and an entry put after it went into the next part.
    end = last.start_mark.line + 1
    while end < len(lines):
        row = lines[end]
        if row.strip() and not row.lstrip().startswith("#") and \
                len(row) - len(row.lstrip()) <= dash_col:
            break
        end += 1
    # Blank lines and comments after the last item stay after the new one.
    def outside(row: str) -> bool:
        stripped = row.strip()
        return not stripped or (stripped.startswith("#") and
                                len(row) - len(row.lstrip()) <= dash_col)

    while end > last.start_mark.line + 1 and outside(lines[end - 1]):
        end -= 1
    new = _entry_lines(entry, dash_col)
    return "\n".join(lines[:end] + new + lines[end:])


def _used_ids(root: yaml.Node) -> set[str]:
    ids: set[str] = set()

    def scan(seq: yaml.Node | None) -> None:
        if isinstance(seq, yaml.SequenceNode):
            for item in seq.value:
                v = _value(item, "id")
                if isinstance(v, yaml.ScalarNode):
                    ids.add(v.value)

    scan(_value(root, "chapters"))
    parts = _value(root, "parts")
    if isinstance(parts, yaml.SequenceNode):
        for p in parts.value:
            scan(_value(p, "chapters"))
    return ids


def _source_name(manifest_path: Path, source: str) -> str:
    """The source as the manifest should name it: relative to its folder."""
    folder = manifest_path.resolve().parent
    path = Path(source).resolve()
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return os.path.relpath(path, folder).replace(os.sep, "/")


def _short_slug(text: str, limit: int = 40) -> str:
    """A chapter id from a title: its slug, cut at a word's end when
    longer than ``limit`` ("50-maneras-para-prepararse-para-la", not
    "...-para-la-revol")."""
    slug = slugify(text)
    if len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-") or "text"


SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over per the to "
    "upon versus via vs with".split())
"""Words an English title keeps in lower case (but first and last)."""

_NUMBER_TITLE = re.compile(
    r"^(?:(?:chapter|book|part|section|letter|essay|lecture)\s+)?"
    r"(?:[ivxlcdm]+|\d+|[a-z]+)?[.:]?$", re.I)
"""A heading that only numbers its text ("IV", "Chapter 3", "Part One")."""


def title_case(title: str, language: str) -> str:
    """A title written all in capitals ("MINORITIES VERSUS MAJORITIES", as
    Project Gutenberg and old HTML set them) in title case, for English
    (small words lower, roman numerals kept); '' for another language or a
    title not in capitals (its capitals cannot be told from proper names).
    """
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 4 or any(c.islower() for c in letters) or \
            not (language or "en").lower().startswith("en"):
        return ""
    words = title.split()
    out = []
    for i, w in enumerate(words):
        core = w.strip("\"'“”‘’(),.:;!?")
        if re.fullmatch(r"[IVXLCDM]+", core) and len(core) > 1 or \
                core in ("I", "A") and i == 0 and core == "I":
            out.append(w)
            continue
        low = w.lower()
        if 0 < i < len(words) - 1 and core.lower() in SMALL_WORDS and \
                not words[i - 1].endswith((":", ".", "—")):
            out.append(low)
            continue
        # Capitalise after an opening mark and each part of a compound.
        out.append(re.sub(r"(^[(“‘\"']*|[-–—/])([a-zà-ÿ])",
                          lambda m: m.group(1) + m.group(2).upper(), low))
    return " ".join(out)


def part_title(blocks: tuple, title: str = "") -> tuple[str, str]:
    """The title of a part taken out of a source (its first heading), and
    what it was made from when that heading only numbers the part ("IV")
    and a short line under it names it (Standard Ebooks' bridgehead, a
    Gutenberg chapter's title line): "IV: Observations on the state of
    degradation..."."""
    from .model import Heading, Paragraph, block_text, inline_text

    def named(head: str, nxt: object) -> tuple[str, str]:
        if _NUMBER_TITLE.match(head) and isinstance(nxt, Paragraph):
            line = block_text(nxt).strip()
            if line and len(line.split()) <= 25 and "\n" not in line:
                return f"{head}: {line.rstrip('.')}", line
        return head, ""

    for i, b in enumerate(blocks):
        if isinstance(b, Heading):
            return named(inline_text(b.children).strip(),
                         blocks[i + 1] if i + 1 < len(blocks) else None)
    # A reader that made the part's heading its title (an EPUB chapter):
    # ``title``, over the part's first block.
    if title and blocks:
        got = named(title.strip(), blocks[0])
        return got if got[1] else ("", "")
    return "", ""


def add_source(source: str, manifest_path: Path, *, part: str = "",
               chapter_id: str = "", fmt: str = "",
               options: dict[str, Any] | None = None) -> Added:
    """Read ``source``, and return the manifest's text with its chapter
    entry appended (nothing is written).  ``options``: the reader's
    (``select:`` one text of a collection, ``pages:`` of a PDF), written
    into the entry; the title is then the part's own first heading."""
    from .cleaners import clean_in_language, load_all, load_source
    from .languages import plainly_differs
    from .model import block_text
    from .urlsources import ensure, is_url

    path = Path(manifest_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such manifest; create one first (see "
                         "the README's manifest reference)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot be read ({e})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise ManifestError(f"{path}: invalid YAML ({e}); fix it before "
                            "adding a text") from None
    if not isinstance(root, yaml.MappingNode):
        raise ManifestError(f"{path}: not a manifest (no `book:` mapping)")
    found: list[str] = []
    check: list[str] = []
    if is_url(source):
        done = ensure(path.resolve().parent, source)
        local = done.path
        name = source
        found.append(done.message or f"local copy {done.entry.file} "
                     f"(downloaded {done.entry.date})")
    else:
        local = Path(source)
        name = _source_name(path, source)
        if name.startswith("../"):
            check.append("the source is outside the manifest's folder: "
                         "set `book.root` or build with --allow-outside")
    loaded = load_source(local, source, fmt)
    info = load_all()[loaded.format]
    options = dict(options or {})
    result = clean_in_language(info, loaded.raw, source=name,
                               options=options)
    meta = result.document.meta
    first_heading, named_by = "", ""
    if options:
        from .model import walk_blocks
        first_heading, named_by = part_title(
            tuple(walk_blocks(result.document.blocks)), meta.title)
    report = result.report
    found.append(f"format: {loaded.format}" + (
        f" (detected, score {loaded.score:.2f})" if not fmt else ""))
    used = _used_ids(root)
    base = chapter_id or _short_slug(first_heading or meta.title or
                                     Path(name).stem)
    cid, k = base, 1
    while cid in used:
        k += 1
        cid = f"{base}-{k}"
    if chapter_id and cid != chapter_id:
        raise InputError(f"{path}: a chapter `{chapter_id}` is already "
                         "there; choose another --id")
    entry: dict[str, Any] = {"id": cid, "source": name,
                             "format": loaded.format}
    if options:
        entry["options"] = options
        found.append("options: " + ", ".join(f"{k}: {v}"
                                              for k, v in options.items()))
    title = first_heading or meta.title
    if first_heading and meta.title and first_heading != meta.title:
        check.append(f"the title is the part's first heading "
                     f"(“{first_heading}”), not the source's "
                     f"(“{meta.title}”)")
    if named_by:
        check.append(f"the part's heading only numbers it: the line under "
                     f"it (“{named_by}”) was added to the title")
    cased = title_case(title, meta.language)
    if cased:
        check.append(f"the title was all in capitals (“{title}”): it was "
                     "written in title case; check its proper names")
        title = cased
    if not title:
        title = Path(name).stem.replace("_", " ").replace("-", " ")
        check.append(f"no title in the source: the file name “{title}” "
                     "was written; correct `title:`")
    entry["title"] = title
    for key, value in (("subtitle", meta.subtitle),
                       ("authors", list(meta.authors)),
                       ("translators", list(meta.translators)),
                       ("editors", list(meta.editors)),
                       ("date", meta.date), ("language", meta.language),
                       ("license", meta.get("license"))):
        if value:
            entry[key] = value
    for key in ("title", "subtitle", "authors", "translators", "date",
                "language", "license"):
        if key in entry:
            found.append(f"{key}: {entry[key] if not isinstance(entry[key], list) else ', '.join(entry[key])}")
    if not meta.authors:
        check.append("no author in the source: add `authors:`")
    if not meta.language:
        check.append("the source does not declare its language: the "
                     "book's is used; add `language:` if it differs")
    else:
        sample = " ".join(block_text(b) for b in
                          result.document.blocks[:200])
        differs = plainly_differs(sample, meta.language)
        if differs:
            check.append(differs)
    if not meta.get("license"):
        check.append("no licence in the source: add `license:` (it is "
                     "printed on the About page)")
    cons = report.conservation
    if cons and not cons.get("ok", True):
        check.append(f"{len(cons.get('lost', []))} word(s) of the source "
                     "are missing from the cleaned text: run `pamphleteer "
                     f"clean {source}` and read its report")
    if report.problems:
        codes = sorted({p.code for p in report.problems})
        check.append(f"{len(report.problems)} problem(s) while cleaning "
                     f"({', '.join(codes)}): `pamphleteer clean {source}` "
                     "lists them with their lines")
    for w in loaded.warnings:
        check.append(f"reading: {w}")
    new_text = _insert(text, root, part, entry, path)
    # Parse the result again: the new chapter must be there as written.
    try:
        check_root = yaml.safe_load(new_text)
    except yaml.YAMLError:
        check_root = {}  # refused below, with the entry to write by hand
    chapters = list(check_root.get("chapters") or [])
    for p in check_root.get("parts") or []:
        chapters += list((p or {}).get("chapters") or [])
    got = [c for c in chapters if isinstance(c, dict) and c.get("id") == cid]
    if len(got) != 1 or any(got[0].get(k) != v for k, v in entry.items()):
        raise InputError(f"{path}: could not append the entry safely (the "
                         "manifest's layout is unusual); add it by hand:\n"
                         + "\n".join(_entry_lines(entry, 2)))
    return Added(cid, entry, new_text, found, check)


def cmd_add(args, console) -> int:
    """The ``add`` command."""
    from .files import atomic_write

    options = {k: v for k, v in (("select", args.select),
                                 ("pages", args.pages)) if v}
    added = add_source(args.source, Path(args.manifest), part=args.part or "",
                       chapter_id=args.id or "", fmt=args.format_name or "",
                       options=options)
    console.print(f"{args.source}:", markup=False)
    for line in added.found:
        console.print(f"  {line}", markup=False, soft_wrap=True)
    if args.dry_run:
        console.print("\n".join(_entry_lines(added.entry, 2)), markup=False,
                      soft_wrap=True)
    else:
        atomic_write(Path(args.manifest), added.text)
        console.print(f"added chapter `{added.id}` to {args.manifest}",
                      markup=False)
    if added.check:
        console.print("check:", style="yellow", markup=False)
        for line in added.check:
            console.print(f"  - {line}", style="yellow", markup=False,
                          soft_wrap=True)
    return 0


def add_parser(sub: Any) -> None:
    """Register ``add`` on the command line."""
    from .console import DEFAULT_MANIFEST

    a = sub.add_parser(
        "add", help="add a text (file or URL) to the manifest",
        description="Detect the source's format, read its metadata by "
        "cleaning it, and append a complete chapter entry to the manifest "
        "(its comments and layout kept). A URL is downloaded into sources/ "
        "first and locked. Prints what was found and what to check.")
    a.add_argument("source", help="a file, or an http(s) URL")
    a.add_argument("--manifest", default=str(DEFAULT_MANIFEST),
                   help="the book's manifest (default: %(default)s)")
    a.add_argument("--part", metavar="PART",
                   help="the part (id or title) to add the text to")
    a.add_argument("--id", metavar="ID",
                   help="the chapter's id (default: from its title)")
    a.add_argument("--format", dest="format_name", metavar="FORMAT",
                   help="the source's format (detected when omitted)")
    a.add_argument("--select", metavar="TITLE",
                   help="take one text of a collection: a chapter or "
                   "heading's title, or 'A .. B' (written as the entry's "
                   "`options: select:`)")
    a.add_argument("--pages", metavar="PAGES",
                   help="a PDF's pages, as '12-30' (written as `options: "
                   "pages:`)")
    a.add_argument("-n", "--dry-run", action="store_true",
                   help="print the entry instead of writing the manifest")
    a.add_argument("-q", "--quiet", action="store_true",
                   help="print only errors")
    a.add_argument("-v", "--verbose", action="store_true",
                   help="log what every stage does")
    a.set_defaults(func=cmd_add, strict=False)
