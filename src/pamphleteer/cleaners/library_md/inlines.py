"""Markdown inline text to the model's inlines, with typography.

Parsing is done by markdown-it-py (CommonMark, inline HTML on): ``*x*`` and
``<i>x</i>`` become :class:`Emph`, ``**x**`` and ``<b>x</b>`` :class:`Strong`,
``<sup>15</sup>`` a :class:`NoteRef` when it holds only a number, any other
``<sup>`` (``24<sup>th</sup>``) a :class:`Sup`, ``[text](url)`` a
:class:`Link`.  Tags are markup: their names are returned so that the
cleaner can account for them as removed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from markdown_it import MarkdownIt

from ...model import (
    CONTAINER_INLINES,
    Code,
    Emph,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    SmallCaps,
    Strong,
    Sup,
    Text,
    inline_text,
    walk_inlines,
)
from ...text import typography, word_counter

# An HTML tag: group 1 "/" for a closing tag, group 2 the tag name.
_TAG = re.compile(r"^<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
# A note call's content: digits only (spaces allowed around).
_CALL = re.compile(r"^\s*(\d+)\s*$")

_CONTAINERS = {"i": Emph, "em": Emph, "cite": Emph, "b": Strong,
               "strong": Strong, "sup": Sup, "small": SmallCaps}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def parse_inlines(md: str, calls: bool = True) -> tuple[tuple[Inline, ...], list[str]]:
    """Parse Markdown inline text; return inlines and removed markup.

    With ``calls`` False (inside a note) a numeric ``<sup>`` stays a
    :class:`Sup`: notes do not call notes."""
    markup: list[str] = []
    if not md.strip():
        return (), markup
    tokens = _parser().parseInline(md)
    children = tokens[0].children or [] if tokens else []
    # A stack of open containers: (kind, payload, inlines so far).
    stack: list[tuple[str, str, list[Inline]]] = [("root", "", [])]

    def close(kind: str) -> None:
        # Close the innermost container of ``kind``; containers opened after
        # it and never closed are flattened into it.
        idx = max((i for i, s in enumerate(stack) if s[0] == kind), default=0)
        if idx == 0:
            return
        while len(stack) > idx + 1:
            _, _, kids = stack.pop()
            stack[-1][2].extend(kids)
        k, payload, kids = stack.pop()
        stack[-1][2].append(_build(k, payload, tuple(kids), calls))

    for tok in children:
        t = tok.type
        if t == "text":
            stack[-1][2].append(Text(tok.content))
        elif t in ("softbreak", "hardbreak"):
            stack[-1][2].append(Text(" "))
        elif t == "code_inline":
            stack[-1][2].append(Code(tok.content))
        elif t in ("em_open", "strong_open"):
            stack.append((t[:-5], "", []))
        elif t in ("em_close", "strong_close"):
            close(t[:-6])
        elif t == "link_open":
            href = str(tok.attrs.get("href", ""))
            if href:
                markup.append(href)
            stack.append(("link", href, []))
        elif t == "link_close":
            close("link")
        elif t == "image":
            stack[-1][2].append(Text(tok.content))
            src = str(tok.attrs.get("src", ""))
            if src:
                markup.append(src)
        elif t == "html_inline":
            markup.append(tok.content)
            m = _TAG.match(tok.content)
            if not m:
                continue
            closing, name = m.group(1) == "/", m.group(2).lower()
            if name == "br":
                stack[-1][2].append(LineBreak())
            elif name in _CONTAINERS:
                if closing:
                    close(name)
                elif not tok.content.rstrip().endswith("/>"):
                    stack.append((name, "", []))
        else:
            stack[-1][2].append(Text(tok.content))
    while len(stack) > 1:
        _, _, kids = stack.pop()
        stack[-1][2].extend(kids)
    return merge_text(tuple(stack[0][2])), markup


def _build(kind: str, payload: str, kids: tuple[Inline, ...],
           calls: bool = True) -> Inline:
    kids = merge_text(kids)
    if kind == "em" or kind in ("i", "cite"):
        return Emph(kids)
    if kind in ("strong", "b"):
        return Strong(kids)
    if kind == "link":
        return Link(payload, kids)
    if kind == "small":
        return SmallCaps(kids)
    if kind == "sup":
        if calls and len(kids) == 1 and isinstance(kids[0], Text):
            m = _CALL.match(kids[0].text)
            if m:
                return NoteRef(m.group(1))
        return Sup(kids)
    return Emph(kids)


def merge_text(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Join adjacent :class:`Text` runs."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif isinstance(node, Text) and not node.text:
            continue
        else:
            out.append(node)
    return tuple(out)


def _texts(inlines: tuple[Inline, ...]) -> list[str]:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, CONTAINER_INLINES):
            out.extend(_texts(node.children))
    return out


def _replace(inlines: tuple[Inline, ...], new: list[str]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(Text(new.pop(0)))
        elif isinstance(node, CONTAINER_INLINES):
            kids = _replace(node.children, new)
            if isinstance(node, Link):
                out.append(Link(node.url, kids))
            else:
                out.append(type(node)(kids))
        else:
            out.append(node)
    return tuple(out)


def _context(ch: str) -> str:
    """A stand-in for the neighbouring character: a letter or a space."""
    if not ch or ch.isspace() or ch in "([{—–-“‘":
        return " "
    return "x"


def smarten(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], Counter[str]]:
    """Typography on every text run, each seen with its neighbours' edges."""
    texts = _texts(inlines)
    counts: Counter[str] = Counter()
    new: list[str] = []
    for k, text in enumerate(texts):
        before = _context(texts[k - 1][-1:] if k else "")
        after = _context(texts[k + 1][:1] if k + 1 < len(texts) else "")
        out, c = typography(before + text + after)
        counts.update(c)
        if out.startswith(before):
            out = out[len(before):]
        if after and out.endswith(after):
            out = out[:-len(after)]
        new.append(out)
    return _replace(inlines, new), counts


def glued_words(inlines: tuple[Inline, ...], md: str,
                markup: list[str]) -> tuple[str, str] | None:
    """Words the parse changed: markup inside a word glues its halves
    (``un*believ*able``, ``a<sup>3</sup>b``), an entity becomes a sign.
    Returns ``(raw words, cleaned words)`` for the report, or None."""
    apart = word_counter(md) - word_counter(" ".join(markup))
    labels = " ".join(n.label for n in walk_inlines(inlines) if isinstance(n, NoteRef))
    joined = word_counter(inline_text(inlines) + " " + labels)
    if apart == joined:
        return None
    return (" ".join(sorted((apart - joined).elements())),
            " ".join(sorted((joined - apart).elements())))
