"""Reading pandoc's JSON syntax tree: plain text of inlines, every word of
a tree (the conservation check's start), metadata values, and a guess of
the raw line each block came from."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ...model import Block, Note
from ...text import words

Json = Any
"""A value of pandoc's JSON AST: untyped JSON, its shape given by the
element's ``t`` (see pandoc-types' ``Text.Pandoc.Definition``)."""
PandocNode = dict[str, Json]
"""One element of the AST: ``{"t": tag, "c": contents}`` (``c`` is absent
for elements without contents, such as ``Space``)."""

_WS = re.compile(r"[ \t\r\n]+")


class LineFinder:
    """Best guess of the raw line a block came from: the next occurrence
    of its first word after the previous block's (pandoc keeps no
    positions)."""

    def __init__(self, raw: str):
        self.low = raw.casefold()
        self.pos = 0
        self.lines_before = 0  # line breaks before ``pos``

    def line(self, text: str) -> int:
        for w in words(text)[:4]:
            if len(w) < 3 and not w.isdigit():
                continue
            at = self.low.find(w, self.pos)
            if at >= 0:
                # counted from the last find, not from the start: linear
                self.lines_before += self.low.count("\n", self.pos, at)
                self.pos = at
                return self.lines_before + 1
            return 0
        return 0


@dataclass
class Converted:
    """The body and notes read from an AST, before typography of
    metadata and any selection."""

    blocks: list[Block]
    notes: list[Note]
    dropped: Counter[str] = field(default_factory=Counter)


def plain(inlines: Iterable[PandocNode]) -> str:
    """Plain text of pandoc inlines (JSON), notes left out."""
    out: list[str] = []
    for node in inlines:
        t = node.get("t")
        c: Json = node.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Code", "Math"):
            out.append(c[1])
        elif t == "Quoted":
            q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
            out.append(q[0] + plain(c[1]) + q[1])
        elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript",
                   "Subscript", "SmallCaps"):
            out.append(plain(c))
        elif t in ("Span", "Cite"):
            out.append(plain(c[1] if t == "Span" else c[1]))
        elif t in ("Link", "Image"):
            out.append(plain(c[1]))
    return "".join(out)


def ast_text(node: Json) -> str:
    """Every word pandoc read, notes, metadata and table cells included:
    the text the conservation check starts from.  Blocks are separated by
    spaces, inlines are not (a link inside a run of Chinese is one word
    with it, as in the text)."""
    out: list[str] = []
    notes: list[Json] = []

    def inl(nodes: Json) -> None:
        for n in nodes or ():
            t, c = n.get("t"), n.get("c")
            if t == "Str":
                out.append(c)
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t in ("Code", "Math"):
                out.append(c[1])
            elif t == "Note":
                notes.append(c)  # read after: a call joins the run it is in
            elif t in ("Quoted", "Cite", "Link", "Image", "Span"):
                inl(c[1])
            elif t in ("Emph", "Strong", "Underline", "Strikeout",
                       "Superscript", "Subscript", "SmallCaps"):
                inl(c)

    def blk(nodes: Json) -> None:
        for b in nodes or ():
            t, c = b.get("t"), b.get("c")
            out.append(" ")
            if t in ("Para", "Plain"):
                inl(c)
            elif t == "Header":
                inl(c[2])
            elif t == "LineBlock":
                for line in c:
                    inl(line)
                    out.append(" ")
            elif t == "CodeBlock":
                out.append(c[1])
            elif t == "BlockQuote":
                blk(c)
            elif t == "BulletList":
                for item in c:
                    blk(item)
            elif t == "OrderedList":
                for item in c[1]:
                    blk(item)
            elif t == "DefinitionList":
                for term, defs in c:
                    inl(term)
                    for d in defs:
                        blk(d)
            elif t == "Div":
                blk(c[1])
            elif t == "Figure":
                blk(c[1][1])
                blk(c[2])
            elif t == "Table":
                _attr, caption, _specs, head, bodies, foot = c
                blk(caption[1])
                rows = list(head[1])
                for body in bodies:
                    rows += list(body[2]) + list(body[3])
                rows += list(foot[1])
                for row in rows:
                    for cell in row[1]:
                        blk(cell[4])
            out.append(" ")

    if isinstance(node, dict) and "blocks" in node:
        blk(node["blocks"])
    elif isinstance(node, list) and node and isinstance(node[0], dict) \
            and node[0].get("t") in _INLINE_TYPES:
        inl(node)
    else:
        blk(node if isinstance(node, list) else [node])
    done = 0
    while done < len(notes):  # notes inside notes are appended meanwhile
        blk(notes[done])
        done += 1
    return _WS.sub(" ", "".join(out)).strip()


_INLINE_TYPES = {"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math",
                 "Note", "Quoted", "Cite", "Link", "Image", "Span", "Emph",
                 "Strong", "Underline", "Strikeout", "Superscript",
                 "Subscript", "SmallCaps", "RawInline"}


def meta_text(value: PandocNode) -> str | list[str]:
    """A pandoc metadata value as text, or a list of texts for a list."""
    t = value.get("t")
    c: Json = value.get("c")
    if t == "MetaString":
        return c
    if t == "MetaInlines":
        return " ".join(plain(c).split())
    if t == "MetaBlocks":
        return " ".join(" ".join(plain(b.get("c") or []).split())
                        for b in c if b.get("t") in ("Para", "Plain"))
    if t == "MetaBool":
        return "true" if c else "false"
    if t == "MetaList":
        out: list[str] = []
        for v in c:
            x = meta_text(v)
            out.extend(x if isinstance(x, list) else [x])
        return out
    if t == "MetaMap":
        name = c.get("name") or c.get("text")
        if name:
            return meta_text(name)
        return ""
    return ""


def _attr(a: Json) -> tuple[str, list[str], dict[str, str]]:
    ident, classes, kvs = a
    return ident, list(classes), {k: v for k, v in kvs}
