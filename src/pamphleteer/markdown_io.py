"""Cleaned text as Markdown: write a :class:`Document`, read it back.

The cleaned-text Markdown is CommonMark with a YAML front-matter block,
``[^label]`` footnotes, and, for what CommonMark lacks, the attribute spans
and ``:::`` containers of ``mdit_py_plugins`` (the syntax reference for
editors is ``docs/formats/markdown.md``).  Reading uses markdown-it-py and
its plugins; nothing here parses Markdown by hand.

The contract: ``strip_sources(read_markdown(write_markdown(d), source=f))
== strip_sources(d)`` for every document a cleaner produces, and writing is
idempotent.  The writer escapes every literal character that Markdown would
read as markup; where the plain notation cannot carry a construct exactly
(emphasis beside punctuation, a code span holding a line break) it falls
back to an attribute span, which reads back the same.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import (
    MD_TRIM_CHARS, isMdAsciiPunct, isPunctChar, isWhiteSpace)
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .cite_syntax import looks_like_citation, parse_citation
from .errors import InputError, RenderError
from .text import words
from .model import (
    Block, BlockQuote, BulletList, Citation, CiteItem, Code, Division,
    Document, Emph, Heading, IndexMark, Inline, Lacuna, LineBreak, Link,
    Metadata, Note, NoteRef, OrderedList, Paragraph, SmallCaps, Source,
    Strong, Sup, Text, ThematicBreak, block_text, inline_text, walk_blocks,
    walk_inlines)

__all__ = ["write_markdown", "read_markdown", "parse_markdown",
           "strip_sources", "pandoc_citation", "boundary_text", "MarkdownProblem",
           "MarkupRemoval", "ParsedMarkdown", "FRONT_MATTER_KEYS"]

FRONT_MATTER_KEYS = ("title", "subtitle", "authors", "date", "translators",
                     "editors", "source_lines", "language")
"""Front-matter keys of :class:`Metadata` fields, in the order written."""

_LIST_KEYS = ("authors", "translators", "editors", "source_lines")
# Singular spellings an editor may use by hand; read as the plural field.
_ALIASES = {"author": "authors", "translator": "translators",
            "editor": "editors", "source": "source_lines", "year": "date",
            "lang": "language"}
_RESERVED = frozenset(FRONT_MATTER_KEYS) | {"title_notes", "extra"} \
    | frozenset(_ALIASES)


# ==========================================================================
# Shared helpers
# ==========================================================================

def strip_sources(doc: Document) -> Document:
    """The same document with every :class:`Source` replaced by ``None``."""
    return _strip(doc)


def _strip(obj: Any) -> Any:
    if isinstance(obj, Source):
        return None
    if isinstance(obj, tuple):
        return tuple(_strip(x) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: _strip(getattr(obj, f.name))
                   for f in dataclasses.fields(obj)}
        return dataclasses.replace(obj, **changes)
    return obj


# One pandoc citation item: optional prefix words ending in a space, an
# optional "-" (author suppressed), "@key" or "@{key}", then the rest
# (", p. 5").  A key is word characters with internal punctuation
# (":.#$%&+?<>~/-") but never ending in it.
_PANDOC_ITEM = re.compile(
    r"^(?P<prefix>(?:.*?\s)?)-?@(?:\{(?P<bkey>[^{}]+)\}"
    r"|(?P<key>\w(?:[\w:.#$%&+?<>~/-]*\w)?))(?P<suffix>.*)$", re.S)


def pandoc_citation(inner: str) -> Citation | None:
    """Parse ``see @key, pp. 3-4; @other`` (the text between the brackets of
    a pandoc citation) into a :class:`Citation`, or ``None`` when some item
    names no ``@key``."""
    parts = [p for p in inner.split(";") if p.strip()]
    if not parts:
        return None
    items = []
    for part in parts:
        m = _PANDOC_ITEM.match(part.strip())
        if not m:
            return None
        locator = m.group("suffix").strip()
        locator = locator[1:].strip() if locator.startswith(",") else locator
        items.append(CiteItem(raw=part.strip(), prefix=m.group("prefix").strip(),
                              locator=locator,
                              work=m.group("bkey") or m.group("key")))
    return Citation(items=tuple(items), raw=inner)


def boundary_text(inlines: Sequence[Inline]) -> str:
    """Plain text of inlines with a space at every inline boundary: where
    markup stood in the Markdown, the raw words were split there (for the
    conservation check)."""
    out = []
    for node in inlines:
        if isinstance(node, (Emph, Strong, Sup, SmallCaps, Link)) or (
                isinstance(node, Citation) and node.children):
            out.append(" " + boundary_text(node.children) + " ")
        else:
            out.append(" " + inline_text((node,)) + " ")
    return "".join(out)


def _boundary_block_text(block: Block) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return boundary_text(block.children)
    return " ".join(_boundary_block_text(b) for b in walk_blocks((block,))
                    if b is not block and isinstance(b, (Paragraph, Heading)))


def _derived_items(raw: str) -> tuple[CiteItem, ...]:
    """The items a reader derives from a citation's raw text."""
    pandoc = pandoc_citation(raw)
    return pandoc.items if pandoc else parse_citation(raw).items


# ==========================================================================
# Writer
# ==========================================================================

# Characters escaped wherever they stand in text: each can open or close
# markup somewhere (emphasis, links, spans, code, entities, raw HTML,
# attributes, ATX headings).
_ALWAYS_ESCAPE = frozenset("\\`*_[]<&{}#")
# A numeric character reference is used for characters Markdown strips at
# the edge of a line (CommonMark white space) and for line breaks in text.
_TRIM = frozenset(MD_TRIM_CHARS)
# Characters that open a block when they start a line ("-", "+", "=", ">",
# "~", ":", "|"); they are escaped there.
_LINE_START = frozenset("-+=>~:|")
# Digits followed by "." or ")" at a line start: an ordered-list marker.
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")
# A name the attribute syntax accepts bare after "." or "#".
_ATTR_NAME = re.compile(r"^[A-Za-z0-9_:-]+$")
# An ampersand that would start an entity or numeric character reference.
_ENTITY_LIKE = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# A link destination that may stand bare between parentheses.
_PLAIN_URL = re.compile(r"^[^\s()<>\\\x00-\x1f\x7f]+$")


def _char_ref(ch: str) -> str:
    return f"&#{ord(ch)};"


def _check_chars(text: str) -> None:
    """Refuse NUL, which Markdown always reads as U+FFFD."""
    if "\x00" in text:
        raise RenderError(f"cannot write a NUL character: {text[:40]!r}")


def _escape_text(text: str) -> str:
    """Escape a text run so that Markdown reads it back as the same text."""
    _check_chars(text)
    out = []
    for ch in text:
        if ch in _ALWAYS_ESCAPE:
            out.append("\\" + ch)
        elif ch in "\n\r":
            out.append(_char_ref(ch))
        else:
            out.append(ch)
    s = "".join(out)
    # "!" before a following "[" would make an image of a link.
    if s.endswith("!"):
        s = s[:-1] + "\\!"
    return s


def _finish_lines(rendered: str) -> list[str]:
    """Make each line of inline content safe at the start of a block line:
    encode white space Markdown would strip at either end, and escape a
    character that would open a block (list, quote, setext line, fence)."""
    lines = []
    for line in rendered.split("\n"):
        start = 0
        while start < len(line) and line[start] in _TRIM:
            start += 1
        end = len(line)
        while end > start and line[end - 1] in _TRIM:
            end -= 1
        if "\x0b" in line[:start] + line[end:]:
            # Stripped at a line's ends, and no character reference
            # stands for it.
            raise RenderError(f"cannot write a vertical tab at the start or "
                              f"end of a line: {line[:40]!r}")
        head = "".join(_char_ref(c) for c in line[:start])
        tail = "".join(_char_ref(c) for c in line[end:])
        body = line[start:end]
        if not head and body:
            if body[0] in _LINE_START:
                body = "\\" + body
            else:
                body = _ORDERED_MARKER.sub(r"\1\\\2", body, count=1)
        lines.append(head + body + tail)
    return lines


def _quote_attr(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise RenderError(f"cannot write an attribute holding a line break: "
                          f"{value!r}")
    # Backslash, quote and braces are escaped inside a quoted value.
    return '"' + re.sub(r'([\\"{}])', r"\\\1", value) + '"'


def _attrs(classes: Sequence[str] = (), ident: str = "",
           pairs: Sequence[tuple[str, str]] = ()) -> str:
    """``{.a .b #id key="value"}``; names that the syntax cannot carry bare
    are written as quoted values."""
    parts = []
    for c in classes:
        parts.append("." + c if _ATTR_NAME.match(c)
                     else "class=" + _quote_attr(c))
    for key, value in pairs:
        parts.append(f"{key}={_quote_attr(value)}")
    if ident:
        parts.append("#" + ident if _ATTR_NAME.match(ident)
                     else "id=" + _quote_attr(ident))
    return "{" + " ".join(parts) + "}"


def _span(content: str, classes: Sequence[str], ident: str = "",
          pairs: Sequence[tuple[str, str]] = ()) -> str:
    return "[" + content + "]" + _attrs(classes, ident, pairs)


def _url(url: str) -> str:
    if "\n" in url or "\r" in url:
        raise RenderError(f"cannot write a link target holding a line break: "
                          f"{url!r}")
    if not _MD.validateLink(url):
        raise RenderError(f"unsafe or unsupported link target: {url!r}")
    escaped = _ENTITY_LIKE.sub(r"\\&", url.replace("\\", "\\\\"))
    if _PLAIN_URL.match(url):
        return escaped
    return "<" + escaped.replace("<", "\\<").replace(">", "\\>") + ">"


def _label_ok(label: str) -> bool:
    # White space, "]" or "\\" would end or escape the label.
    return bool(label) and not re.search(r"[\s\]\\]", label)


def _note_ref(label: str) -> str:
    if not _label_ok(label):
        raise RenderError(f"cannot write note label {label!r}: a label must be "
                          f"non-empty, without spaces, ']' or '\\'")
    return f"[^{label}]"


def _code(text: str, prev: str) -> str:
    """A code span, or a ``.code`` span where backticks cannot carry it."""
    _check_chars(text)
    if (not text or "\n" in text or "\r" in text or text.strip(" ") == ""
            or prev.endswith("`")):
        return _span(_escape_text(text), ["code"])
    # Every run of backticks inside: the fence must differ from them all.
    runs = {len(r) for r in re.findall(r"`+", text)}
    n = 1
    while n in runs:
        n += 1
    fence = "`" * n
    pad = text[0] == "`" or text[-1] == "`" or (text[0] == " " and text[-1] == " ")
    return fence + (" " + text + " " if pad else text) + fence


def _char_before(ctx: str) -> str:
    """The raw character Markdown will see before what follows ``ctx``:
    a space at a line start; ";" when only white space stands before on
    the line (it is written as character references)."""
    line = ctx.rsplit("\n", 1)[-1]
    if not line:
        return " "
    if all(c in _TRIM for c in line):
        return ";"
    return line[-1]


def _char_after(rest: Sequence[Inline], top: bool) -> str:
    """The raw character Markdown will see after an inline followed by
    ``rest``: a space at the end of a line, ";" when only white space
    follows on the line (written as character references)."""
    if not rest or (top and isinstance(rest[0], LineBreak)):
        return " "
    first = _first_char(rest[0])
    if (top and isinstance(rest[0], Text) and all(c in _TRIM for c in rest[0].text)
            and (len(rest) == 1 or isinstance(rest[1], LineBreak))):
        return ";"
    return first


def _flanking_ok(p: str, content: str, f: str) -> bool:
    """True when ``*`` delimiters around ``content`` open and close emphasis
    in CommonMark, and nothing else, given the raw characters ``p`` before
    and ``f`` after them."""
    if not content:
        return False
    n, last = content[0], content[-1]
    if "*" in (p, n, last, f):
        return False

    def ws(c: str) -> bool:
        return isWhiteSpace(ord(c))

    def punct(c: str) -> bool:
        return isMdAsciiPunct(ord(c)) or isPunctChar(c)

    def left(before: str, after: str) -> bool:
        return not ws(after) and (not punct(after) or ws(before)
                                  or punct(before))

    def right(before: str, after: str) -> bool:
        return not ws(before) and (not punct(before) or ws(after)
                                   or punct(after))

    # The opening run may only open and the closing run only close: then
    # nested delimiters pair up like brackets, whatever stands inside.
    return (left(p, n) and not right(p, n)
            and right(last, f) and not left(last, f))


@dataclass
class _InlineWriter:
    """Renders inlines; ``heading`` writes line breaks as ``<br>``."""

    heading: bool = False

    def render(self, nodes: Sequence[Inline], before: str = "",
               top: bool = False) -> str:
        """Render ``nodes`` after the raw text ``before``; ``top`` when they
        are the whole content of a block."""
        out = ""
        for i, node in enumerate(nodes):
            ctx = before + out
            prev = nodes[i - 1] if i else None
            out += self.one(node, ctx, nodes[i + 1:], prev, top)
        return out

    def one(self, node: Inline, ctx: str, rest: Sequence[Inline],
            prev: Inline | None, top: bool) -> str:
        if isinstance(node, Text):
            s = _escape_text(node.text)
            # After a construct ending in "]", "(" would make a link and
            # ":" a definition.
            if s[:1] in ("(", ":") and (
                    isinstance(prev, NoteRef)
                    or (isinstance(prev, Citation) and ctx.endswith("]"))):
                s = "\\" + s
            return s
        if isinstance(node, (Emph, Strong)):
            mark = "*" if isinstance(node, Emph) else "**"
            inner = self.render(node.children, ctx + mark)
            if _flanking_ok(_char_before(ctx), inner,
                            _char_after(rest, top)):
                return mark + inner + mark
            inner = self.render(node.children, ctx + "[")
            return _span(inner, ["em" if mark == "*" else "strong"])
        if isinstance(node, (Sup, SmallCaps)):
            cls = "sup" if isinstance(node, Sup) else "smallcaps"
            return _span(self.render(node.children, ctx + "["), [cls])
        if isinstance(node, Code):
            return _code(node.text, ctx)
        if isinstance(node, LineBreak):
            # A backslash break cannot end a block: "<br>" there.
            return "<br>" if self.heading or (top and not rest) \
                else "\\\n"
        if isinstance(node, NoteRef):
            return _note_ref(node.label)
        if isinstance(node, Citation):
            return self.citation(node, ctx)
        if isinstance(node, Link):
            if any(isinstance(x, Link) for x in _walk(node.children)):
                raise RenderError("cannot write a link inside a link")
            inner = self.render(node.children, ctx + "[")
            # A link's text cannot hold a bracketed construct (a span, a
            # note call): such a link is written as a span with "href".
            if "[" in _unescaped(inner):
                return _span(inner, (), "", [("href", _url_attr(node.url))])
            return "[" + inner + "](" + _url(node.url) + ")"
        if isinstance(node, IndexMark):
            return _span("", ["index"], node.id, [("entry", node.entry)])
        raise RenderError(f"not an inline: {node!r}")

    def citation(self, c: Citation, ctx: str) -> str:
        raw = (self.render(c.children, ctx + "[") if c.children
               else _escape_text(c.raw))
        pandoc = pandoc_citation(c.raw)
        if (c.bracketed and not c.id and not c.children and pandoc is not None
                and pandoc.items == c.items and not raw.endswith("\\!")):
            return "[" + raw + "]"
        classes = ["cite"] if c.bracketed else ["cite", "nb"]
        pairs = []
        if c.items != _derived_items(c.raw):
            pairs.append(("items", json.dumps(
                [dataclasses.asdict(i) for i in c.items], ensure_ascii=False)))
        return _span(raw, classes, c.id, pairs)


def _first_char(node: Inline) -> str:
    """The first raw character ``node`` is written with, as far as emphasis
    flanking cares: ``*`` for emphasis, a bracket or other punctuation for
    every other construct."""
    if isinstance(node, Text):
        return _escape_text(node.text)[:1]
    if isinstance(node, (Emph, Strong)):
        return "*"
    return "["


def _unescaped(rendered: str) -> str:
    """``rendered`` without its backslash-escaped characters."""
    # A backslash and the character it escapes.
    return re.sub(r"\\.", "", rendered, flags=re.S)


def _url_attr(url: str) -> str:
    if not _MD.validateLink(url):
        raise RenderError(f"unsafe or unsupported link target: {url!r}")
    return url


def _walk(nodes: Sequence[Inline]) -> Iterator[Inline]:
    for n in nodes:
        yield n
        if isinstance(n, (Emph, Strong, Sup, SmallCaps, Link)):
            yield from _walk(n.children)


def _inline_lines(nodes: Sequence[Inline], heading: bool = False) -> list[str]:
    return _finish_lines(_InlineWriter(heading).render(nodes, top=True))


def _indent(lines: list[str], first: str, rest: str) -> list[str]:
    """Prefix the first line with ``first`` and the others with ``rest``
    (blank lines stay blank unless the prefix is a quote marker)."""
    out = []
    for i, line in enumerate(lines):
        prefix = first if i == 0 else rest
        out.append((prefix + line) if line or prefix.strip() else "")
    return [o.rstrip(" ") if not o.strip() else o for o in out]


def _container_depth(blocks: Iterable[Block]) -> int:
    depth = 0
    for b in blocks:
        if isinstance(b, Lacuna):
            depth = max(depth, 1)
        elif isinstance(b, Division):
            depth = max(depth, 1 + _container_depth(b.blocks))
        elif isinstance(b, BlockQuote):
            depth = max(depth, _container_depth(b.blocks))
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                depth = max(depth, _container_depth(item))
    return depth


def _blocks(blocks: Sequence[Block], depth: int = 0) -> list[str]:
    """Lines of ``blocks``; ``depth`` counts the lists they stand in."""
    lines: list[str] = []
    prev: Block | None = None
    run = 0   # lists of the same kind just before this block
    for block in blocks:
        if lines:
            lines.append("")
        run = run + 1 if prev is not None and type(prev) is type(block) else 0
        lines += _block(block, run, depth)
        prev = block
    return lines


def _block(b: Block, run: int, depth: int) -> list[str]:
    if isinstance(b, Paragraph):
        if not b.children:
            raise RenderError("cannot write an empty paragraph")
        return _inline_lines(b.children)
    if isinstance(b, Heading):
        if not 1 <= b.level <= 6:
            raise RenderError(f"heading level {b.level} is not 1 to 6")
        text = _inline_lines(b.children, heading=True)[0] if b.children else ""
        line = "#" * b.level + (" " + text if text else "")
        if b.id:
            line += " " + _attrs(ident=b.id)
        return [line]
    if isinstance(b, BlockQuote):
        inner = _blocks(b.blocks)
        return [(">" + (" " + x if x else "")) for x in inner] or [">"]
    if isinstance(b, BulletList):
        # Nested lists alternate "-" and "+" (so that "- - -" never makes
        # a thematic break); a list right after another takes the other
        # marker, so that the two stay apart.
        mark = "-+"[(depth + run) % 2]
        return _list_items(b.items, [mark] * len(b.items), depth)
    if isinstance(b, OrderedList):
        if b.start < 0 or b.start + len(b.items) > 999_999_999:
            raise RenderError(f"ordered list cannot start at {b.start}")
        delim = ".)"[run % 2]
        return _list_items(b.items, [f"{b.start + i}{delim}"
                                     for i in range(len(b.items))], depth)
    if isinstance(b, ThematicBreak):
        return ["* * *"]
    if isinstance(b, Lacuna):
        fence = ":::"
        body = _inline_lines((Text(b.reason),)) if b.reason else []
        return [fence + " lacuna", *body, fence]
    if isinstance(b, Division):
        fence = ":" * (3 + _container_depth(b.blocks))
        simple = bool(_ATTR_NAME.match(b.role))
        classes = [b.role] if simple else []
        pairs = [("role", b.role)] if b.role and not simple else []
        pairs += [("credit", b.credit)] if b.credit else []
        return [fence + " " + _attrs(classes, "", pairs), *_blocks(b.blocks),
                fence]
    raise RenderError(f"not a block: {b!r}")


def _list_items(items: Sequence[tuple[Block, ...]], marks: list[str],
                depth: int) -> list[str]:
    lines: list[str] = []
    for mark, item in zip(marks, items):
        if lines:
            lines.append("")
        inner = _blocks(item, depth + 1)
        if not inner:
            lines.append(mark)
            continue
        lines += _indent(inner, mark + " ", " " * (len(mark) + 1))
    return lines


def _note(n: Note) -> list[str]:
    head = _note_ref(n.label) + ":"
    if n.missing:
        return [head + " " + _span("", ["missing"])]
    inner = _blocks(n.blocks)
    if not inner:
        return [head]
    if isinstance(n.blocks[0], Paragraph):
        return _indent(inner, head + " ", "    ")
    # Other blocks start on the next line, so that every line of the note
    # stands at the same indentation (a list's items must line up).
    return [head, *_indent(inner, "    ", "    ")]


class _Dumper(yaml.SafeDumper):
    """YAML dumper that keeps every string on one line."""


# A character YAML would write raw but that could break the line or vanish:
# anything outside printable ASCII and the printable BMP, plus line and
# paragraph separators, NEL and the byte-order mark.
_YAML_ESCAPE = re.compile("[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]"
                          "|[\x85\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _YAML_ESCAPE.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _front_matter(doc: Document) -> list[str]:
    m = doc.meta
    data: dict[str, Any] = {}
    for key in FRONT_MATTER_KEYS:
        value = getattr(m, key)
        if value:
            data[key] = list(value) if isinstance(value, tuple) else value
    keys = [k for k, _ in m.extra]
    if m.extra:
        if (len(set(keys)) != len(keys)
                or any(k in _RESERVED or not k for k in keys)):
            data["extra"] = [[k, v] for k, v in m.extra]
        else:
            data.update(m.extra)
    if doc.title_notes:
        data["title_notes"] = list(doc.title_notes)
    if not data:
        return []
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, default_flow_style=False,
                     width=1_000_000_000)
    return ["---", *text.rstrip("\n").split("\n"), "---"]


def write_markdown(doc: Document) -> str:
    """The document as cleaned-text Markdown (see docs/formats/markdown.md).

    Raises :class:`RenderError` for what the format cannot hold: a heading
    level beyond 6, a note label with spaces, a link inside a link, an
    unsafe link target, an empty paragraph.
    """
    sections = [_front_matter(doc), _blocks(doc.blocks)]
    sections += [_note(n) for n in doc.notes]
    lines: list[str] = []
    for section in sections:
        if not section:
            continue
        if lines:
            lines.append("")
        lines += section
    return "\n".join(lines) + "\n" if lines else ""


# ==========================================================================
# Reader
# ==========================================================================

def _validate_division(params: str, *_: Any) -> bool:
    return params.strip().startswith("{")


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.use(front_matter_plugin)
    # Definitions stay where they stand (no move to the end), so that
    # notes without calls are read too.
    md.use(footnote_plugin, inline=False, move_to_end=False)
    md.use(attrs_plugin, spans=True, after=())
    _keep_span_source(md)
    md.use(container_plugin, name="lacuna")
    md.use(container_plugin, name="division", validate=_validate_division)
    # Keep escaped characters and entities as separate tokens, so that a
    # written "\[" is told apart from a bracket an editor typed.
    md.disable("text_join")
    # Link targets are kept as written (no percent-encoding).
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    return md


def _keep_span_source(md: MarkdownIt) -> None:
    """Wrap the attribute plugin's span rule so that each ``span_open``
    token keeps the span's Markdown (``meta["source"]``): the plugin drops
    ``{% comments %}`` inside the braces, and the reader must account for
    their words."""
    ruler = md.inline.ruler
    original = ruler.__rules__[ruler.__find__("span")].fn

    def span(state: Any, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        ok = original(state, silent)
        if ok and not silent:
            for tok in state.tokens[count:]:
                if tok.type == "span_open":
                    tok.meta = {**(tok.meta or {}),
                                "source": state.src[start:state.pos]}
                    break
        return ok

    ruler.at("span", span)


# A comment in an attribute block: "{.cite % a remark %}" (to the closing
# "%", or to the end of the block when none closes it).
_ATTR_COMMENT = re.compile(r"%([^%]*)%?")


_MD = _make_parser()


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
        for node in nodes:
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
                     if isinstance(b, (Paragraph, Heading))
                     for n in walk_inlines(b.children) if isinstance(n, NoteRef)]
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
        cuts, pos = [], 0
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
    values = [*(v for k in FRONT_MATTER_KEYS for v in (
        getattr(meta, k) if k in _LIST_KEYS else [getattr(meta, k)])),
        *(v for _, v in meta.extra)]
    syntax = Counter(words(content)) - Counter(w for v in values
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
    meta, title_notes = Metadata(), ()
    blocks: list[Block] = []
    for node in root.children:
        if node.type == "front_matter":
            meta, title_notes = _metadata(node.content, reader)
        else:
            block = reader.block(node)
            if block is not None:
                blocks.append(block)
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
