"""The cleaned text's Markdown form, read back into a :class:`Document`.

Reading uses markdown-it-py and its plugins; nothing here parses Markdown by
hand.  The contract with :mod:`pamphleteer.markdown_write`:
``strip_sources(read_markdown(write_markdown(d), source=f)) ==
strip_sources(d)`` for every document a cleaner produces.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

import yaml
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs

from .citation import looks_like_citation
from .errors import InputError
from .markdown_common import (
    _ALIASES,
    _ATTR_COMMENT,
    _LIST_KEYS,
    _MD,
    FRONT_MATTER_KEYS,
    _boundary_block_text,
    _derived_items,
    _label_ok,
    pandoc_citation,
)
from .model import (
    Block,
    block_inlines,
    BlockQuote,
    BulletList,
    Citation,
    CiteItem,
    Code,
    Division,
    Document,
    Emph,
    Heading,
    IndexMark,
    Inline,
    Lacuna,
    LineBreak,
    Link,
    Metadata,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    SmallCaps,
    Source,
    Strong,
    Sup,
    Text,
    ThematicBreak,
    block_text,
    inline_text,
    walk_blocks,
    walk_inlines,
)
from .markdown_table import is_caption, read_table
from .text import words


@dataclass(frozen=True)
class MarkdownProblem:
    """Something in a Markdown source the reader could not take as meant."""

    code: str
    """``MD003``...; see docs/formats/markdown.md."""
    message: str
    """What is wrong and what to do."""
    line: int
    """1-based line in the Markdown file."""


@dataclass(frozen=True)
class MarkupRemoval:
    """Source text that is markup, not content (for conservation)."""

    kind: str
    """``markup``, ``front-matter-key``, ``link-url``, ``html-tag``, ..."""
    text: str
    """The markup as written (its words are not words of the text)."""
    line: int
    """1-based line in the Markdown file."""


@dataclass(frozen=True)
class ParsedMarkdown:
    """A document read from Markdown, with what the reader noticed."""

    document: Document
    """The document."""
    problems: tuple[MarkdownProblem, ...]
    """Constructs kept as text or dropped, each with its line."""
    removals: tuple[MarkupRemoval, ...]
    """Markup whose words are not part of the text."""
    call_lines: tuple[tuple[str, int], ...] = ()
    """Every note call (label, line), in reading order."""
    splits: tuple[tuple[str, str, int], ...] = ()
    """Words markup split in the source but whole in the text: (as split,
    as joined, line), for the conservation check."""



@dataclass
class _Chars:
    """A run of literal characters; ``escaped`` marks those written escaped."""

    text: str
    escaped: bool


class _Cut:
    """Where markup that leaves no node stood inside a character run."""


@dataclass
class _Reader:
    source: str
    problems: list[MarkdownProblem] = field(default_factory=list)
    removals: list[MarkupRemoval] = field(default_factory=list)
    calls: list[tuple[str, int]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    splits: list[tuple[str, str, int]] = field(default_factory=list)
    line: int = 0

    # ---------------------------------------------------------------- utils
    def problem(self, code: str, message: str) -> None:
        self.problems.append(MarkdownProblem(code, message, self.line))

    def removed(self, kind: str, text: str) -> None:
        if text:
            self.removals.append(MarkupRemoval(kind, text, self.line))

    def src(self, node: SyntaxTreeNode) -> Source:
        if node.map:
            self.line = node.map[0] + 1
        return Source(self.source, self.line)

    # --------------------------------------------------------------- blocks
    def blocks(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Block, ...]:
        out: list[Block] = []
        caption: SyntaxTreeNode | None = None
        for k, node in enumerate(nodes):
            if node is caption:
                continue
            if node.type == "table":
                after = nodes[k + 1] if k + 1 < len(nodes) else None
                caption = after if is_caption(after) else None
                out.append(read_table(self, node, caption, self.src(node)))
                continue
            block = self.block(node)
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, node: SyntaxTreeNode) -> Block | None:
        t = node.type
        source = self.src(node)
        if t == "paragraph":
            children = self.inlines(node.children[0].children)
            if not children:
                return None
            return Paragraph(children, source)
        if t == "heading":
            children, ident = self.heading_inlines(node.children[0].children)
            return Heading(int(node.tag[1]), children, ident, source)
        if t == "blockquote":
            return BlockQuote(self.blocks(node.children), source)
        if t == "bullet_list":
            return BulletList(self.items(node), source)
        if t == "ordered_list":
            for item in node.children:
                self.removed("list-number", item.info)
            start = int(node.attrs.get("start", 1))
            return OrderedList(self.items(node), start, source)
        if t == "hr":
            return ThematicBreak(source)
        if t == "container_lacuna":
            self.removed("markup", "lacuna")
            inner = self.blocks(node.children)
            reason = "\n\n".join(block_text(b) for b in inner)
            self.removed("lacuna-reason",
                         " ".join(_boundary_block_text(b) for b in inner))
            calls = [n.label for b in walk_blocks(inner)
                     for run in block_inlines(b)
                     for n in walk_inlines(run) if isinstance(n, NoteRef)]
            if calls:
                self.problem("MD004", f"note call(s) inside a lacuna mark "
                             f"dropped: {', '.join(calls)}")
                self.removed("note-call", " ".join(calls))
            return Lacuna(reason, source)
        if t == "container_division":
            return self.division(node, source)
        if t in ("code_block", "fence"):
            self.problem("MD005", "code block read as a paragraph of plain "
                         "text; remove the indentation or the fence if it is "
                         "running text")
            self.removed("markup", node.info)
            text = node.content.rstrip("\n")
            return Paragraph((Text(text),), source) if text else None
        if t == "html_block":
            # Read as a paragraph: the few tags that map to the model do,
            # any other tag stays literal text (and is reported).
            env: dict[str, Any] = {}
            inline = SyntaxTreeNode(_MD.parseInline(node.content.strip(), env))
            children = self.inlines(inline.children[0].children)
            return Paragraph(children, source) if children else None
        if t == "footnote_reference":
            # A definition inside a quote or list is a note all the same.
            self.notes.append(self.note(node))
            return None
        self.problem("MD004", f"unsupported construct {t!r} left out")
        return None

    def items(self, node: SyntaxTreeNode) -> tuple[tuple[Block, ...], ...]:
        out = []
        for item in node.children:
            self.src(item)
            out.append(self.blocks(item.children))
        return tuple(out)

    def division(self, node: SyntaxTreeNode, source: Source) -> Division:
        info = node.info.strip()
        attrs = self.attrs(info)
        classes = str(attrs.pop("class", "")).split()
        role = str(attrs.pop("role", "")) or (classes[0] if classes else "")
        credit = str(attrs.pop("credit", ""))
        self.removed("markup", info)
        if len(classes) > 1 or attrs:
            self.problem("MD006", f"division attributes ignored: {info}")
        return Division(role, self.blocks(node.children), credit, source)

    def attrs(self, text: str) -> dict[str, str]:
        try:
            _, attrs = parse_attrs(text)
        except ParseError as exc:
            self.problem("MD006", f"bad attributes {text!r}: {exc}")
            return {}
        return {k: _unescape_attr(str(v)) for k, v in attrs.items()}

    def note(self, node: SyntaxTreeNode) -> Note:
        source = self.src(node)
        label = node.meta["label"]
        if _is_missing_mark(node):
            self.removed("markup", ".missing")
            return Note(label, (), True, source)
        return Note(label, self.blocks(node.children), False, source)

    # -------------------------------------------------------------- inlines
    def heading_inlines(self, nodes: Sequence[SyntaxTreeNode]
                        ) -> tuple[tuple[Inline, ...], str]:
        items = self.items_of(nodes)
        ident = ""
        # A trailing, unescaped "{#id}" after a space is the heading's id.
        if items and isinstance(items[-1], _Chars) and not items[-1].escaped:
            m = re.search(r"(^|[ \t]+)(\{[^{}]*\})[ \t]*$", items[-1].text)
            if m:
                attrs = self.attrs(m.group(2))
                ident = attrs.pop("id", "")
                if attrs:
                    self.problem("MD006", f"heading attributes ignored: "
                                 f"{m.group(2)}")
                self.removed("markup", m.group(2))
                items[-1] = _Chars(items[-1].text[:m.start()], False)
        return self.finish(items), ident

    def inlines(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Inline, ...]:
        return self.finish(self.items_of(nodes))

    def items_of(self, nodes: Sequence[SyntaxTreeNode]) -> list[Any]:
        """Convert nodes into model inlines and literal character runs,
        resolving the HTML tags that map to the model."""
        frames: list[tuple[str, str, list[Any]]] = [("", "", [])]
        for node in nodes:
            t = node.type
            if t == "softbreak" and frames[-1][2] \
                    and isinstance(frames[-1][2][-1], LineBreak):
                continue   # the line end after a "<br>" is no space
            if t == "html_inline":
                self.html_tag(node.content, frames)
                continue
            frames[-1][2].extend(self.inline(node))
        # Unclosed tags stay literal text, each followed by what it held.
        # Flattened in one pass: unwinding frame by frame copied the inner
        # items once per level, quadratic on ``<sup>`` repeated.
        out = frames[0][2]
        for _, raw, _ in reversed(frames[1:]):
            self.problem("MD003", f"unclosed HTML tag {raw} kept as text")
        for _, raw, items in frames[1:]:
            out.append(_Chars(raw, True))
            out.extend(items)
        return out

    def html_tag(self, raw: str, frames: list[tuple[str, str, list[Any]]]
                 ) -> None:
        # An opening or closing tag of the few HTML elements that map to the
        # model: i, em, b, strong, sup; and br (with or without a slash).
        m = re.fullmatch(r"<(/?)(i|em|b|strong|sup|br)\s*(/?)>", raw.strip(),
                         re.IGNORECASE)
        if not m:
            self.problem("MD003", f"raw HTML {raw.strip()!r} kept as text")
            frames[-1][2].append(_Chars(raw, True))
            return
        closing, name = m.group(1), m.group(2).lower()
        name = {"i": "em", "b": "strong"}.get(name, name)
        if name == "br":
            self.removed("html-tag", raw)
            frames[-1][2].append(LineBreak())
        elif not closing:
            frames.append((name, raw, []))
        elif len(frames) > 1 and frames[-1][0] == name:
            _, opening, items = frames.pop()
            self.removed("html-tag", opening + " " + raw)
            wrap = {"em": Emph, "strong": Strong, "sup": Sup}[name]
            frames[-1][2].append(wrap(self.finish(items)))
        else:
            self.problem("MD003", f"unmatched HTML tag {raw} kept as text")
            frames[-1][2].append(_Chars(raw, True))

    def inline(self, node: SyntaxTreeNode) -> list[Any]:
        t = node.type
        if t == "text":
            return [_Chars(node.content, False)]
        if t == "text_special":
            if node.info == "entity":
                self.removed("entity", node.markup)
                return [_Cut(), _Chars(node.content, True), _Cut()]
            return [_Chars(node.content, True)]
        if t == "softbreak":
            return [_Chars(" ", True)]
        if t == "hardbreak":
            return [LineBreak()]
        if t == "em":
            return [Emph(self.inlines(node.children))]
        if t == "strong":
            return [Strong(self.inlines(node.children))]
        if t == "code_inline":
            return [Code(node.content)]
        if t == "footnote_ref":
            self.calls.append((node.meta["label"], self.line))
            return [NoteRef(node.meta["label"])]
        if t == "link":
            url = str(node.attrs.get("href", ""))
            if node.markup != "autolink":
                self.removed("link-url", url)
            self.removed("link-title", str(node.attrs.get("title", "")))
            return [Link(url, self.inlines(node.children))]
        if t == "image":
            self.problem("MD007", "image left out; its description is kept "
                         "as text")
            self.removed("link-url", str(node.attrs.get("src", "")))
            return [_Cut(), _Chars(node.content, True), _Cut()]
        if t == "span":
            return self.span(node)
        self.problem("MD004", f"unsupported inline {t!r} left out")
        return []

    def span(self, node: SyntaxTreeNode) -> list[Any]:
        unsafe = node.meta.get("insecure_attrs") if node.meta else None
        if unsafe:
            text = _attr_words([], "", {k: str(v) for k, v in unsafe.items()})
            self.problem("MD006", f"unsafe attributes dropped: {text}")
            self.removed("markup", text)
        attrs = {k: _unescape_attr(str(v)) for k, v in node.attrs.items()}
        classes = attrs.pop("class", "").split()
        ident = attrs.pop("id", "")
        self.removed("markup", _attr_words(classes, ident, attrs))
        source = str((node.meta or {}).get("source", ""))
        braces = source[source.rfind("]{") + 1:] if "]{" in source else ""
        for m in _ATTR_COMMENT.finditer(braces):
            self.problem("MD006", f"attribute comment left out: {m.group(0)}")
            self.removed("attribute-comment", m.group(1).strip())
        kind = classes[0] if classes else ""
        children = self.inlines(node.children)
        if kind == "cite":
            raw = inline_text(children)
            if "items" in attrs:
                items = self.json_items(attrs.pop("items"), raw)
            else:
                items = _derived_items(raw)
            # Display inlines are kept only when they are more than text.
            shown = () if children in ((), (Text(raw),)) else children
            return [Citation(items, raw, "nb" not in classes[1:], ident,
                             shown)]
        if kind == "index":
            return [IndexMark(attrs.get("entry", ""), ident),
                    *_relax(children)]
        simple = {"sup": Sup, "smallcaps": SmallCaps, "em": Emph,
                  "strong": Strong}
        if not kind and "href" in attrs:
            return [Link(attrs["href"], children)]
        if kind in simple:
            return [simple[kind](children)]
        if kind == "code":
            return [Code(inline_text(children))]
        self.problem("MD006", f"span with unknown class {kind!r}: its text "
                     f"is kept, the span dropped")
        return _relax(children)

    def json_items(self, text: str, raw: str) -> tuple[CiteItem, ...]:
        try:
            return tuple(CiteItem(**d) for d in json.loads(text))
        except (ValueError, TypeError) as exc:
            self.problem("MD006", f"citation items unreadable ({exc}); "
                         f"derived from the text instead")
            return _derived_items(raw)

    def finish(self, items: list[Any]) -> tuple[Inline, ...]:
        """Join character runs into Text, finding pandoc citations and note
        calls without a definition in the unescaped brackets."""
        out: list[Any] = []
        run: list[Any] = []
        for item in items + [None]:
            if isinstance(item, (_Chars, _Cut)):
                run.append(item)
                continue
            if run:
                out.extend(self.scan(run))
                run = []
            if item is not None:
                out.append(item)
        merged: list[Any] = []
        for x in out:
            if isinstance(x, Text) and merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + x.text)
            elif not (isinstance(x, Text) and not x.text):
                merged.append(x)
        return tuple(merged)

    def scan(self, run: list[Any]) -> list[Inline]:
        chars = [c for c in run if isinstance(c, _Chars)]
        text = "".join(c.text for c in chars)
        literal = [not c.escaped for c in chars for _ in c.text]
        self.cuts(run, text)
        out: list[Inline] = []
        pos = 0
        # A bracketed run without nested brackets: "[@key, p. 5]" or "[^7]".
        for m in re.finditer(r"\[([^\[\]]*)\]", text):
            if not (literal[m.start()] and literal[m.end() - 1]):
                continue
            inner = m.group(1)
            node: Inline | None = None
            if inner.startswith("^") and literal[m.start() + 1] \
                    and _label_ok(inner[1:]):
                node = NoteRef(inner[1:])
                self.calls.append((inner[1:], self.line))
            else:
                node = pandoc_citation(inner)
            if node is None:
                if looks_like_citation(inner):
                    self.problem("MD010", f"[{inner}] looks like a citation "
                                 f"but is plain text; write it as "
                                 f"[{inner}]{{.cite}} to make it one")
                continue
            out.append(Text(text[pos:m.start()]))
            out.append(node)
            pos = m.end()
        out.append(Text(text[pos:]))
        return out


    def cuts(self, run: list[Any], text: str) -> None:
        """Note the words joined where markup that left no node stood (an
        entity inside a word, an image, a dropped span)."""
        cuts: list[int] = []
        pos = 0
        for item in run:
            if isinstance(item, _Chars):
                pos += len(item.text)
            elif 0 < pos < len(text) and (not cuts or cuts[-1] != pos):
                cuts.append(pos)
        if not cuts:
            return
        # The region around the cuts, split at each of them: the words as
        # the source has them, then as the text has them.
        bounds = [max(0, cuts[0] - 40), *cuts, min(len(text), cuts[-1] + 40)]
        split = " ".join(text[a:b] for a, b in zip(bounds, bounds[1:]))
        joined = text[bounds[0]:bounds[-1]]
        if words(split) != words(joined):
            self.splits.append((split, joined, self.line))


def _relax(children: Sequence[Inline]) -> list[Any]:
    """Inlines of a construct that leaves no node: their text joins the
    text around, with the cuts noted."""
    return [_Cut(), *(_Chars(c.text, True) if isinstance(c, Text) else c
                      for c in children), _Cut()]


def _is_missing_mark(note: SyntaxTreeNode) -> bool:
    """True when a note definition holds only ``[]{.missing}``."""
    if len(note.children) != 1 or note.children[0].type != "paragraph":
        return False
    inline = note.children[0].children[0].children
    return (len(inline) == 1 and inline[0].type == "span"
            and not inline[0].children
            and str(inline[0].attrs.get("class", "")) == "missing"
            and set(inline[0].attrs) == {"class"})


def _unescape_attr(value: str) -> str:
    # A backslash escape inside a quoted attribute value ("\"", "\\").
    return re.sub(r"\\(.)", r"\1", value, flags=re.S)


def _attr_words(classes: list[str], ident: str, attrs: dict[str, str]) -> str:
    parts = ["." + c for c in classes]
    parts += ["#" + ident] if ident else []
    parts += [f'{k}="{v}"' for k, v in attrs.items()]
    return " ".join(parts)


def _metadata(content: str, reader: _Reader) -> tuple[Metadata, tuple[str, ...]]:
    """Metadata and title-note labels from the front matter's YAML."""
    reader.line = 2
    try:
        data = yaml.safe_load(content) if content.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        raise InputError(f"{reader.source}:{line}: the front matter is not "
                         f"valid YAML ({getattr(exc, 'problem', exc)}); fix "
                         f"the block between the '---' lines") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # A value YAML recognises but cannot build ("date: 2026-13-45"), or
        # brackets nested past Python's recursion limit.
        what = "nested too deeply" if isinstance(exc, RecursionError) \
            else str(exc)
        raise InputError(f"{reader.source}:2: the front matter has a value "
                         f"YAML cannot read ({what}); quote it or fix it") \
            from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{reader.source}:2: the front matter must be a "
                         f"mapping of keys to values (title: ..., authors: "
                         f"[...])")
    # Line of each top-level key, for located messages ("---" is line 1).
    root = yaml.compose(content, Loader=yaml.SafeLoader)
    key_lines: dict[str, int] = {}
    for k, _ in getattr(root, "value", []):
        if not isinstance(k, yaml.ScalarNode):
            continue
        if str(k.value) in key_lines:  # YAML would keep the last silently
            raise InputError(f"{reader.source}:{k.start_mark.line + 2}: front "
                             f"matter key {str(k.value)!r} is given twice "
                             f"(first on line {key_lines[str(k.value)]}); "
                             "keep one")
        key_lines[str(k.value)] = k.start_mark.line + 2
    errors: list[str] = []
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    title_notes: tuple[str, ...] = ()
    for raw_key, value in data.items():
        key = str(raw_key)
        name = _ALIASES.get(key, key)
        where = (f"{reader.source}:{key_lines.get(key, 2)}: front matter "
                 f"key {key!r}")
        if name in _LIST_KEYS or name == "title_notes":
            values = _str_list(value)
            if values is None:
                errors.append(f"{where}: expected text or a list of texts")
                continue
            if name == "title_notes":
                title_notes = values
            else:
                fields[name] = fields.get(name, ()) + values
        elif name == "extra":
            pairs = _pairs(value)
            if pairs is None:
                errors.append(f"{where}: expected a list of [key, value] "
                              f"pairs")
                continue
            extra += pairs
        else:
            text = _scalar(value)
            if text is None:
                errors.append(f"{where}: expected a single text value")
                continue
            if name in FRONT_MATTER_KEYS:
                fields[name] = text
            else:
                extra.append((key, text))
    if errors:
        raise InputError(f"{reader.source}: the front matter has "
                         f"{len(errors)} problem(s)", problems=errors)
    meta = Metadata(**fields, extra=tuple(extra))
    # What the block holds beyond the values read (keys, quotes, escapes,
    # comments, title-note labels) is syntax, not text.
    kept = [*(v for k in FRONT_MATTER_KEYS for v in (
        getattr(meta, k) if k in _LIST_KEYS else [getattr(meta, k)])),
        *(v for _, v in meta.extra)]
    syntax = Counter(words(content)) - Counter(w for v in kept
                                               for w in words(v))
    reader.removed("front-matter-syntax", " ".join(sorted(syntax.elements())))
    return meta, title_notes


def _scalar(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if hasattr(value, "isoformat"):   # dates YAML read as dates
        return value.isoformat()
    return None


def _str_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list):
        items = [_scalar(v) for v in value]
        return None if None in items else tuple(items)  # type: ignore[arg-type]
    one = _scalar(value)
    if one is None:
        return None
    return (one,) if one else ()


def _pairs(value: Any) -> list[tuple[str, str]] | None:
    if isinstance(value, dict):
        value = list(value.items())
    if not isinstance(value, list):
        return None
    out = []
    for pair in value:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return None
        k, v = _scalar(pair[0]), _scalar(pair[1])
        if k is None or v is None:
            return None
        out.append((k, v))
    return out


def _refuse_too_deep(tokens: Sequence[Any], source: str) -> None:
    """markdown-it stops reading a container nested ``maxNesting`` deep and
    drops the rest of it without a word: refuse such a text instead (no
    cleaned text nests lists or quotations anywhere near that deep)."""
    limit = _MD.options["maxNesting"] - 1
    for tok in tokens:  # a container opened where nothing more is read
        if (tok.nesting == 1 and tok.level >= limit and tok.map
                and tok.type not in ("paragraph_open", "heading_open")):
            raise InputError(f"{source}:{tok.map[0] + 1}: lists or "
                             f"quotations nested {limit} levels deep or "
                             "more; the Markdown reader would drop what "
                             "they hold: flatten them")


def parse_markdown(text: str, *, source: str) -> ParsedMarkdown:
    """Read cleaned-text Markdown into a document, with the problems and
    markup the reader met (for the ``markdown`` cleaner's report)."""
    reader = _Reader(source)
    if text.startswith("\ufeff"):   # a byte-order mark would hide the front matter
        reader.line = 1
        reader.removed("byte-order-mark", "\ufeff")
        text = text[1:]
    env: dict[str, Any] = {}
    try:
        tokens = _MD.parse(text, env)
    except Exception as exc:  # markdown-it raises only on internal faults
        raise InputError(f"{source}: cannot parse as Markdown: {exc}") from exc
    _refuse_too_deep(tokens, source)
    root = SyntaxTreeNode(tokens)
    meta = Metadata()
    title_notes: tuple[str, ...] = ()
    front = [n for n in root.children if n.type == "front_matter"]
    for node in front:
        meta, title_notes = _metadata(node.content, reader)
    blocks = list(reader.blocks([n for n in root.children
                                 if n.type != "front_matter"]))
    # Link reference definitions ("[label]: url") are markup.
    for label, ref in env.get("references", {}).items():
        reader.line = 0
        reader.removed("link-definition",
                       f"{label} {ref.get('href', '')} {ref.get('title', '')}")
    doc = Document(meta, tuple(blocks), tuple(reader.notes), title_notes)
    return ParsedMarkdown(doc, tuple(reader.problems), tuple(reader.removals),
                          tuple(reader.calls), tuple(reader.splits))


def read_markdown(text: str, *, source: str) -> Document:
    """Read cleaned-text Markdown into a :class:`Document`; every block gets
    ``Source(file=source, line=...)`` with its line in the Markdown."""
    return parse_markdown(text, source=source).document
