"""What the Markdown reader and writer share: front-matter keys, sources
stripped, pandoc-style citations, the text at a note's boundary.

See :mod:`pamphleteer.markdown_write` and :mod:`pamphleteer.markdown_read`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Sequence

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .citation import parse_citation
from .model import (
    Block,
    block_inlines,
    Citation,
    CiteItem,
    Document,
    Emph,
    Heading,
    Inline,
    Link,
    Paragraph,
    SmallCaps,
    Source,
    Strong,
    Sup,
    inline_text,
    walk_blocks,
)

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
    return " ".join(boundary_text(run) for b in walk_blocks((block,))
                    for run in block_inlines(b))


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


def _label_ok(label: str) -> bool:
    # White space, "]" or "\\" would end or escape the label.
    return bool(label) and not re.search(r"[\s\]\\]", label)


def _validate_division(params: str, *_: Any) -> bool:
    return params.strip().startswith("{")


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.use(front_matter_plugin)
    md.enable("table")   # pipe tables (markdown_table.py)
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
    md.normalizeLinkText = lambda url: url  # type: ignore[method-assign, assignment]
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
