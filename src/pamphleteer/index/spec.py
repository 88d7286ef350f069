"""The index terms file (``book/index.yaml``): schema, loading, validation.

Loading walks PyYAML's node tree (never ``safe_load``) so that every problem
carries its line, duplicate keys are caught, and every problem of the file is
collected before one :class:`~pamphleteer.errors.ManifestError` is raised.
The keys are documented once, in :data:`ENTRY_KEYS` and :data:`TOP_KEYS`
(``docs/index-yaml.md`` is the long form).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ManifestError
from ..text import slugify
from ..yamlschema import check_yaml_tree

__all__ = ["Form", "Entry", "IndexSpec", "load_index", "parse_index",
           "TOP_KEYS", "ENTRY_KEYS", "REGEX_PREFIX"]

REGEX_PREFIX = "re:"
"""A form starting with this is a Python regular expression."""

TOP_KEYS: dict[str, str] = {
    "entries": "List of index entries (required).",
    "ignore": "Forms that are never indexed; they hide the shorter forms "
              "inside them (``International Socialism`` hides "
              "``International``).",
}

ENTRY_KEYS: dict[str, str] = {
    "heading": "The entry as printed in the index (required).",
    "forms": "Texts that mark the entry: plain strings or ``re:`` regular "
             "expressions. Default: the heading itself.",
    "sort": "Sort key, when the heading does not sort as written.",
    "id": "Explicit anchor id, to keep links stable when a heading changes.",
    "subentries": "Sub-entries (same keys, one level deep).",
    "see": "Headings this entry refers to instead of having locators.",
    "see_also": "Headings of related entries.",
    "notes": "false: do not index occurrences in note text.",
}


@dataclass(frozen=True)
class Form:
    """One way an entry is written in the text."""

    text: str
    """The form as written in the file (with its ``re:`` prefix, if any)."""
    pattern: re.Pattern[str]
    """Compiled pattern, matched against the accent-folded text."""
    regex: bool
    """True for a ``re:`` form, False for a plain form."""
    lowercase_initial: bool
    """A plain form starting with a lowercase letter: it also matches with a
    capital at the start of a sentence or in a heading."""
    line: int
    """Line of the form in the file."""
    anchor: str = ""
    """Lower-case first word of a plain form (accents stripped): a block
    whose lower-cased text lacks it cannot match (a fast pre-check)."""


@dataclass(frozen=True)
class Entry:
    """An index entry or sub-entry."""

    id: str
    """Unique anchor id: a slug of the heading; ``parent--child`` for a
    sub-entry."""
    heading: str
    """The entry as printed."""
    forms: tuple[Form, ...]
    """Forms that mark it; empty for a cross-reference-only entry."""
    sort_key: str
    """Sort key as written (the heading unless ``sort`` is given)."""
    subentries: tuple["Entry", ...]
    """Sub-entries, in file order (the view sorts them)."""
    see: tuple[str, ...]
    """Headings this entry points to (``see``)."""
    see_also: tuple[str, ...]
    """Headings of related entries (``see also``)."""
    notes: bool
    """False when note text is not indexed for this entry."""
    parent: str
    """Id of the parent entry; empty for a top-level entry."""
    line: int
    """Line of the entry in the file."""


@dataclass(frozen=True)
class IndexSpec:
    """A loaded, validated index terms file."""

    entries: tuple[Entry, ...]
    """Top-level entries, in file order."""
    ignore: tuple[Form, ...]
    """Forms that are never indexed and hide the shorter forms inside them."""
    path: str
    """The file, as named when loading (for warnings' locations)."""

    def all_entries(self) -> tuple[Entry, ...]:
        """Every entry and sub-entry, parents before their children."""
        out: list[Entry] = []
        for e in self.entries:
            out.append(e)
            out.extend(e.subentries)
        return tuple(out)

    def by_id(self) -> dict[str, Entry]:
        """Entries and sub-entries by id."""
        return {e.id: e for e in self.all_entries()}

    def by_heading(self) -> dict[str, Entry]:
        """Top-level entries by heading."""
        return {e.heading: e for e in self.entries}


# --------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------

# Characters a form's apostrophe, hyphen or space may stand for in the text.
_APOSTROPHES = "'’ʼ‘"
_HYPHENS = "-‐‑–"
# After a match: an optional possessive ('s, ’s, or a bare ' after s).
_POSSESSIVE = r"(?:[" + _APOSTROPHES + r"]s(?!\w)|(?<=s)[" + _APOSTROPHES + r"](?!\w))?"


def fold(text: str) -> str:
    """Strip diacritics, keeping one character per character (offsets hold)."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def plain_pattern(form: str) -> str:
    """Regular expression source for a plain form.

    Spaces match any run of white space; an apostrophe any apostrophe; a
    hyphen any hyphen or en dash; a full stop may be followed by a space or
    not (``V.I.`` and ``V. I.``); a lowercase first letter may be capital
    (the caller restricts that to sentence starts).  The form must stand
    as whole words, and swallows a possessive after it.
    """
    out: list[str] = []
    text = fold(form)
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] == r"\.\s*":
                continue
            out.append(r"\s+")
        elif ch in _APOSTROPHES:
            out.append("[" + _APOSTROPHES + "]")
        elif ch in _HYPHENS:
            out.append("[" + _HYPHENS + "]")
        elif ch == ".":
            out.append(r"\.\s*" if i < len(text) - 1 else r"\.")
        elif i == 0 and ch.islower():
            out.append("[" + re.escape(ch) + re.escape(ch.upper()) + "]")
        else:
            out.append(re.escape(ch))
    # Whole words only: no letter or digit right before or after.
    return r"(?<![\w])" + "".join(out) + r"(?![\w])" + _POSSESSIVE


def compile_form(raw: str, line: int) -> tuple[Form | None, str]:
    """Compile one form; return (form, "") or (None, problem)."""
    text = raw.strip()
    if text.startswith(REGEX_PREFIX):
        source = text[len(REGEX_PREFIX):]
        try:
            pattern = re.compile(source)
        except re.error as e:
            return None, (f"bad regular expression {source!r}: {e.msg} "
                          f"(at position {e.pos}); fix it or write a plain "
                          "form without the `re:` prefix")
        if pattern.match(""):
            return None, (f"regular expression {source!r} matches the empty "
                          "string; make it require at least one character")
        return Form(text, pattern, True, False, line), ""
    # A plain form needs at least one letter or digit to be a word.
    if not re.search(r"\w", text):
        return None, (f"form {raw!r} has no letter or digit; give the words "
                      "that mark the entry")
    # The leading letters and digits: the form's first word.
    lead = re.match(r"\w*", fold(text).lower())
    anchor = lead.group(0) if lead else ""  # (\w* matches everywhere)
    return Form(text, re.compile(plain_pattern(text)), False,
                text[0].islower(), line, anchor), ""


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
             "tag:yaml.org,2002:float"}
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Problems:
    """Collects located problems; ``raise_if_any`` raises them at once."""

    def __init__(self, path: str):
        self.path = path
        self.items: list[str] = []

    def add(self, node: yaml.Node | int | None, message: str) -> None:
        """A problem at ``node`` (or a line number; None: the whole file,
        told at line 1)."""
        line = node if isinstance(node, int) else \
            node.start_mark.line + 1 if node is not None else 1
        self.items.append(f"{self.path}:{line}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            n = len(self.items)
            raise ManifestError(
                f"{self.path}: {n} problem{'s' if n > 1 else ''} in the "
                "index file", problems=self.items)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, what: str, keys: dict[str, str],
             probs: _Problems) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Check a mapping node's keys; return key -> (key node, value node)."""
    if not isinstance(node, yaml.MappingNode):
        hint = ""
        if "heading" in keys and isinstance(node, yaml.ScalarNode):
            hint = f"; write `- heading: {node.value}`"
        probs.add(node, f"{what} must be a mapping of keys "
                        f"({', '.join(keys)}), not {_kind(node)}{hint}")
        return {}
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = knode.value if isinstance(knode, yaml.ScalarNode) else None
        if not isinstance(key, str):
            probs.add(knode, f"a key of {what} is not a plain name; "
                             f"use one of {', '.join(keys)}")
            continue
        if key in out:
            probs.add(knode, f"duplicate key {key!r} in {what} (first at "
                             f"line {_line(out[key][0])}); keep only one")
            continue
        if key not in keys:
            near = difflib.get_close_matches(key, keys, n=1)
            hint = f"did you mean {near[0]!r}?" if near else \
                f"known keys: {', '.join(keys)}"
            probs.add(knode, f"unknown key {key!r} in {what}; {hint}")
            continue
        out[key] = (knode, vnode)
    return out


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _BOOL_TAG:
        return f"the boolean {node.value}"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing (null)"
    return f"{node.value!r}"


def _string(node: yaml.Node, key: str, probs: _Problems) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag in _STR_TAGS:
        value = str(node.value).strip()
        if value:
            return value
        probs.add(node, f"{key} is empty; write a text or remove the key")
        return None
    probs.add(node, f"{key} must be a text, not {_kind(node)}")
    return None


def _strings(node: yaml.Node, key: str, probs: _Problems
             ) -> list[tuple[str, int]]:
    """A text or a list of texts, with their lines."""
    if isinstance(node, yaml.ScalarNode):
        s = _string(node, key, probs)
        return [(s, _line(node))] if s is not None else []
    if not isinstance(node, yaml.SequenceNode):
        probs.add(node, f"{key} must be a text or a list of texts, "
                        f"not {_kind(node)}")
        return []
    if not node.value:
        probs.add(node, f"{key} is an empty list; list at least one text or "
                        "remove the key")
    out = []
    for item in node.value:
        s = _string(item, f"an item of {key}", probs)
        if s is not None:
            out.append((s, _line(item)))
    return out


def _forms(node: yaml.Node, key: str, probs: _Problems) -> list[Form]:
    out: list[Form] = []
    seen: dict[str, int] = {}
    for text, line in _strings(node, key, probs):
        if text in seen:
            probs.add(line, f"form {text!r} listed twice (first at line "
                            f"{seen[text]}); keep only one")
            continue
        seen[text] = line
        form, problem = compile_form(text, line)
        if form is None:
            probs.add(line, problem)
        else:
            out.append(form)
    return out


def _entry(node: yaml.Node, parent: Entry | None, probs: _Problems,
           ids: dict[str, int]) -> Entry | None:
    what = f"a sub-entry of {parent.heading!r}" if parent else "an entry"
    keys = _mapping(node, what, ENTRY_KEYS, probs)
    if not keys and not isinstance(node, yaml.MappingNode):
        return None
    if "heading" not in keys:
        probs.add(node, f"{what} has no heading; add `heading: ...`")
        return None
    heading = _string(keys["heading"][1], "heading", probs)
    if heading is None:
        return None
    line = _line(node)
    see = tuple(s for s, _ in _strings(keys["see"][1], "see", probs)) \
        if "see" in keys else ()
    see_also = tuple(s for s, _ in _strings(keys["see_also"][1], "see_also",
                                            probs)) if "see_also" in keys else ()
    notes = True
    if "notes" in keys:
        vnode = keys["notes"][1]
        if isinstance(vnode, yaml.ScalarNode) and vnode.tag == _BOOL_TAG:
            notes = vnode.value.lower() in ("true", "yes", "on")
        else:
            probs.add(vnode, f"notes must be true or false, not {_kind(vnode)}")
    sort_key = heading
    if "sort" in keys:
        sort_key = _string(keys["sort"][1], "sort", probs) or heading
    if "forms" in keys:
        forms = _forms(keys["forms"][1], "forms", probs)
    elif see:
        forms = []
    else:
        forms = [f for f in _forms(keys["heading"][1], "heading", probs)]
    if see and "forms" in keys:
        probs.add(keys["see"][0], f"entry {heading!r} has both `see` and "
                  "`forms`; a `see` entry has no locators of its own: move "
                  "its forms to the entry it points to")
    # The id: explicit, or a slug of the heading; sub-entries parent--child.
    if "id" in keys:
        own = _string(keys["id"][1], "id", probs) or slugify(heading)
        if slugify(own) != own or not own[0].isalpha():
            probs.add(keys["id"][1], f"id {own!r} must be lowercase letters, "
                      "digits and hyphens, starting with a letter (like "
                      f"{_entry_slug(own)!r})")
    else:
        own = _entry_slug(heading)
    eid = f"{parent.id}--{own}" if parent else own
    if eid in ids:
        # An explicit id must be unique; a derived one gets a number.
        if "id" in keys:
            probs.add(keys["id"][1], f"id {eid!r} already used at line "
                      f"{ids[eid]}; choose another id")
        n = 2
        while f"{eid}-{n}" in ids:
            n += 1
        eid = f"{eid}-{n}"
    ids[eid] = line
    entry = Entry(eid, heading, tuple(forms), sort_key, (), see, see_also,
                  notes, parent.id if parent else "", line)
    if "subentries" in keys:
        knode, vnode = keys["subentries"]
        if parent is not None:
            probs.add(knode, f"sub-entry {heading!r} has sub-entries; the "
                      "index has two levels: make it a top-level entry")
        elif not isinstance(vnode, yaml.SequenceNode):
            probs.add(vnode, f"subentries must be a list of entries, not "
                      f"{_kind(vnode)}")
        else:
            if see:
                probs.add(knode, f"entry {heading!r} has both `see` and "
                          "`subentries`; put the sub-entries under the entry "
                          "it points to")
            subs = _entry_list(vnode.value, entry, probs, ids)
            entry = Entry(eid, heading, tuple(forms), sort_key, tuple(subs),
                          see, see_also, notes, "", line)
    return entry


def _entry_list(items: list[yaml.Node], parent: "Entry | None",
                probs: "_Problems", ids: dict[str, int]) -> list["Entry"]:
    """Entries (or a parent's sub-entries), a repeated heading refused."""
    out: list[Entry] = []
    headings: dict[str, int] = {}
    for item in items:
        entry = _entry(item, parent, probs, ids)
        if entry is None:
            continue
        if entry.heading in headings:
            what = "sub-entry" if parent is not None else "heading"
            probs.add(item, f"{what} {entry.heading!r} repeated (first at "
                      f"line {headings[entry.heading]}); merge them")
            continue
        headings[entry.heading] = entry.line
        out.append(entry)
    return out


def _entry_slug(heading: str) -> str:
    """Slug of a heading, usable as an XML id (starts with a letter)."""
    slug = slugify(heading)
    return slug if slug[0].isalpha() else f"entry-{slug}"


def parse_index(text: str, path: str) -> IndexSpec:
    """Parse and validate index YAML; ``path`` names it in messages."""
    probs = _Problems(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        raise ManifestError(f"{path}:{line}: invalid YAML: {e.problem}; "
                            "fix the syntax (indentation, quotes, colons)"
                            ) from None
    except yaml.YAMLError as e:
        raise ManifestError(f"{path}:1: invalid YAML: {e}") from None
    if root is None:
        raise ManifestError(f"{path}:1: the index file is empty; add "
                            "`entries:` with a list of entries")
    if not check_yaml_tree(root, probs, "an index file", max_nodes=200_000):
        probs.raise_if_any()
    top = _mapping(root, "the index file", TOP_KEYS, probs)
    entries: list[Entry] = []
    ignore: list[Form] = []
    if isinstance(root, yaml.MappingNode) and "entries" not in top:
        probs.add(root, "the index file has no `entries:` list; add one")
    if "entries" in top:
        vnode = top["entries"][1]
        if not isinstance(vnode, yaml.SequenceNode):
            probs.add(vnode, f"entries must be a list of entries, not "
                             f"{_kind(vnode)}")
        else:
            entries = _entry_list(vnode.value, None, probs, {})
    if "ignore" in top:
        ignore = _forms(top["ignore"][1], "ignore", probs)
    probs.raise_if_any()
    return IndexSpec(tuple(entries), tuple(ignore), path)


def load_index(path: Path) -> IndexSpec:
    """Load ``book/index.yaml``; raise ManifestError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}:1: index file not found; create it or "
                            "remove `index:` from the manifest") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}:1: cannot read the index file: {e}"
                            ) from None
    return parse_index(text, str(path))
