"""The cleaned text's Markdown form, written from a :class:`Document`.

The cleaned-text Markdown is CommonMark with a YAML front-matter block,
``[^label]`` footnotes, and, for what CommonMark lacks, the attribute spans
and ``:::`` containers of ``mdit_py_plugins`` (the syntax reference for
editors is ``docs/formats/markdown.md``).  The writer escapes every literal
character that Markdown would read as markup; where the plain notation
cannot carry a construct exactly (emphasis beside punctuation, a code span
holding a line break) it falls back to an attribute span, which
:mod:`pamphleteer.markdown_read` reads back the same.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

import yaml
from markdown_it.common.utils import (
    MD_TRIM_CHARS,
    isMdAsciiPunct,
    isPunctChar,
    isWhiteSpace,
)

from .errors import RenderError
from .markdown_common import (
    _MD,
    _RESERVED,
    FRONT_MATTER_KEYS,
    _derived_items,
    _label_ok,
    pandoc_citation,
)
from .model import (
    Block,
    BlockQuote,
    BulletList,
    Citation,
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
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    SmallCaps,
    Strong,
    Sup,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from .markdown_table import CAPTION_START, check_aligns, write_table

# "|" too: a paragraph line holding one could open a pipe table.
_ALWAYS_ESCAPE = frozenset("\\`*_[]<&{}#|")
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
        # (the short form only where the reader takes it back: no bracket
        # of the text inside it, which pandoc's syntax would read as a
        # locator, "[@key\\[@key, p. 5\\]]")
        if (c.bracketed and not c.id and not c.children and pandoc is not None
                and pandoc.items == c.items and not raw.endswith("\\!")
                and "\\[" not in raw and "\\]" not in raw):
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
        out = _block(block, run, depth)
        if isinstance(prev, Table) and out[0].startswith(CAPTION_START):
            # a paragraph after a table that would read as its caption
            out[0] = out[0].replace(":", "\\:", 1)
        lines += out
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
    if isinstance(b, Table):
        check_aligns(b.aligns)
        return write_table(b, _cell, _caption)
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


def _cell(c: TableCell) -> str:
    """A table cell's content on one line (line breaks as ``<br>``), in a
    span saying its spans when it has any."""
    text = _inline_lines(c.children, heading=True)[0] if c.children else ""
    pairs = [(k, str(v)) for k, v in (("colspan", c.colspan),
                                      ("rowspan", c.rowspan)) if v != 1]
    if not pairs:
        return text
    inner = _finish_lines(_InlineWriter(True).render(c.children, "[", True)
                          )[0] if c.children else ""
    return _span(inner, (), "", pairs)


def _caption(inlines: tuple[Inline, ...]) -> str:
    return _inline_lines(inlines, heading=True)[0]


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
