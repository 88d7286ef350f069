"""The typed, immutable document model every stage speaks.

Cleaners (readers) produce a :class:`Document` per source text; assembly turns
the documents of a manifest into one :class:`Book`; renderers (writers) read
only the model.  Nothing here holds HTML or Markdown: the model is data.

All classes are frozen dataclasses; sequences are tuples so that a model can
be hashed, compared and cached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence, Union

from .text import slugify, words

__all__ = [
    "Source", "Text", "Emph", "Strong", "Sup", "SmallCaps", "Code",
    "LineBreak", "NoteRef", "CiteItem", "Citation", "Link", "IndexMark",
    "Inline", "Heading", "Paragraph", "BlockQuote", "BulletList",
    "OrderedList", "ThematicBreak", "Lacuna", "Division", "TableCell",
    "Table", "Block", "Note", "block_inlines", "map_block_inlines",
    "Metadata", "Document", "replace", "inline_text", "block_text",
    "walk_inlines", "walk_blocks", "document_words",
]


@dataclass(frozen=True)
class Source:
    """Where a block came from in its raw file."""

    file: str
    """Path of the raw file, as named by the manifest or the command line."""
    line: int
    """1-based line number of the first raw line of the block."""


# --------------------------------------------------------------------------
# Inlines
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """A run of plain text (already typographically cleaned)."""

    text: str
    """The characters, never containing markup."""


@dataclass(frozen=True)
class Emph:
    """Emphasis, usually italic (``*x*``, ``<i>x</i>``)."""

    children: tuple["Inline", ...]
    """The emphasised inlines."""


@dataclass(frozen=True)
class Strong:
    """Strong emphasis, usually bold (``**x**``)."""

    children: tuple["Inline", ...]
    """The inlines set strong."""


@dataclass(frozen=True)
class Sup:
    """Superscript that is not a note call (``24<sup>th</sup>``)."""

    children: tuple["Inline", ...]
    """The raised inlines."""


@dataclass(frozen=True)
class SmallCaps:
    """Small capitals (title pages, acronyms)."""

    children: tuple["Inline", ...]
    """The inlines set in small capitals."""


@dataclass(frozen=True)
class Code:
    """Literal, monospaced text."""

    text: str
    """The characters."""


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a block (verse, addresses)."""


@dataclass(frozen=True)
class NoteRef:
    """A note call: a reference to the note with this label."""

    label: str
    """The note's label within its document ("1", "15"); see :class:`Note`."""


@dataclass(frozen=True)
class CiteItem:
    """One cited work inside a bracketed citation.

    ``[quoted by David P. Perrin, The Socialist Party of Great Britain, p. 64]``
    gives ``prefix="quoted by"``, ``title="David P. Perrin, The Socialist Party
    of Great Britain"``, ``locator="p. 64"``.
    """

    raw: str
    """The item exactly as written (after typography), for display."""
    title: str = ""
    """The work as named: a short title, or author and title; empty if none."""
    locator: str = ""
    """Pages or other locator (``p. 301, p. 302 and p. 276``), as written."""
    prefix: str = ""
    """Words before the work: ``quoted by``, ``our emphasis,``, ``as cited in``."""
    op_cit: bool = False
    """True when the item says ``Op. Cit.`` (the work cited just before)."""
    ibid: bool = False
    """True when the item says ``Ibid.``."""
    work: str | None = None
    """Id of the bibliography work it resolves to; set by assembly."""


@dataclass(frozen=True)
class Citation:
    """A bracketed inline citation (``[Bakunin on Anarchism, p. 263]``)."""

    items: tuple[CiteItem, ...]
    """The works cited, in order (separated by ``;`` in the source)."""
    raw: str
    """The whole text between the brackets, as displayed."""
    bracketed: bool = True
    """True for an inline ``[...]`` citation; False for a citation found in
    the running text of a note (displayed without brackets)."""
    id: str = ""
    """Anchor id of this occurrence (bibliography back-links); assigned by
    assembly when empty."""
    children: tuple["Inline", ...] = ()
    """The citation as displayed, with its emphasis (``*Ibid.*``), for a
    citation found in note text; empty means display ``raw``.  Its plain
    text always equals ``raw``."""


@dataclass(frozen=True)
class Link:
    """A hyperlink."""

    url: str
    """The target URL (http, https or mailto), or ``#id`` inside the book."""
    children: tuple["Inline", ...]
    """The link text."""


@dataclass(frozen=True)
class IndexMark:
    """An anchor placed by the index stage where a term occurs."""

    entry: str
    """Id of the index entry (or sub-entry) that matched."""
    id: str
    """Unique anchor id of this occurrence in the book."""


Inline = Union[Text, Emph, Strong, Sup, SmallCaps, Code, LineBreak, NoteRef,
               Citation, Link, IndexMark]

CONTAINER_INLINES = (Emph, Strong, Sup, SmallCaps, Link)


# --------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """A section heading inside a text (the text's own title is metadata)."""

    level: int
    """1 for a section of the text, 2 for a subsection, and so on."""
    children: tuple[Inline, ...]
    """The heading's inlines."""
    id: str = ""
    """Anchor id; assigned by assembly when empty."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    children: tuple[Inline, ...]
    """The paragraph's inlines."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class BlockQuote:
    """A quotation set apart from the text."""

    blocks: tuple["Block", ...]
    """The quoted blocks."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class BulletList:
    """An unordered list."""

    items: tuple[tuple["Block", ...], ...]
    """Each item's blocks."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class OrderedList:
    """A numbered list."""

    items: tuple[tuple["Block", ...], ...]
    """Each item's blocks."""
    start: int = 1
    """Number of the first item."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class ThematicBreak:
    """A section break without a heading."""

    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class Lacuna:
    """A visible mark where text is missing from the source."""

    reason: str
    """What is missing, for the reader (``Pages missing in the source.``)."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class Division:
    """A group of blocks with a role, such as an editor's introduction."""

    role: str
    """``editorial`` (set apart and credited), or another class name."""
    blocks: tuple["Block", ...]
    """The grouped blocks."""
    credit: str = ""
    """Who wrote it, when it is not the text's author (``Sam Dolgoff``)."""
    source: Source | None = None
    """Origin in the raw file."""


@dataclass(frozen=True)
class TableCell:
    """One cell of a :class:`Table`."""

    children: tuple[Inline, ...]
    """The cell's inlines (a cell of several paragraphs holds them apart
    with :class:`LineBreak`); empty for an empty cell."""
    colspan: int = 1
    """How many columns the cell covers (1 or more)."""
    rowspan: int = 1
    """How many rows of its part (head or body) the cell covers."""


TableRow = tuple[TableCell, ...]


@dataclass(frozen=True)
class Table:
    """A table: head rows, body rows, an optional caption.

    A row lists only the cells that start in it: a cell spanning rows
    covers the same columns of the rows below, which leave them out (as
    HTML does).  Every row covers ``len(aligns)`` columns.
    """

    head: tuple[TableRow, ...]
    """Header rows (set as ``th``); empty when the table has none."""
    body: tuple[TableRow, ...]
    """Body rows, in order (a table's several bodies and foot joined)."""
    aligns: tuple[str, ...] = ()
    """Alignment of each column: ``""`` (default), ``left``, ``right`` or
    ``center``; its length is the number of columns."""
    caption: tuple[Inline, ...] = ()
    """The caption's inlines; empty when the table has none."""
    source: Source | None = None
    """Origin in the raw file."""
    row_heads: int = 0
    """How many leading columns of the body head their rows (set as
    ``th scope="row"``: a country's name before its figures)."""

    @property
    def columns(self) -> int:
        """Number of columns."""
        return len(self.aligns)

    def rows(self) -> tuple[TableRow, ...]:
        """Head rows then body rows."""
        return self.head + self.body


Block = Union[Heading, Paragraph, BlockQuote, BulletList, OrderedList,
              ThematicBreak, Lacuna, Division, Table]


@dataclass(frozen=True)
class Note:
    """A footnote or endnote of a document."""

    label: str
    """Label as numbered in the source ("1"); unique within the document."""
    blocks: tuple[Block, ...]
    """The note's text; empty when ``missing``."""
    missing: bool = False
    """True when the source has a call but lost the note's text."""
    source: Source | None = None
    """Origin in the raw file."""


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Metadata:
    """What a source says about itself (the front matter of cleaned text)."""

    title: str = ""
    """The work's title."""
    subtitle: str = ""
    """Its subtitle, if any."""
    authors: tuple[str, ...] = ()
    """Authors, as named (``Ruth Kinna``)."""
    date: str = ""
    """Date or year of the work (``1871``, ``2011-04-07``)."""
    translators: tuple[str, ...] = ()
    """Translators."""
    editors: tuple[str, ...] = ()
    """Editors of this text."""
    source_lines: tuple[str, ...] = ()
    """Provenance lines as printed (``Retrieved on ...``, ``Source: ...``)."""
    extra: tuple[tuple[str, str], ...] = ()
    """Other key/value facts found in the source (``publisher``, ``url``)."""
    language: str = ""
    """BCP 47 tag of the text's language as the source declares it
    (``fr``, ``mk``), or '' when it does not say."""

    def get(self, key: str, default: str = "") -> str:
        """Return the value of an ``extra`` key."""
        for k, v in self.extra:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Document:
    """One cleaned text: what a cleaner returns and a renderer reads."""

    meta: Metadata
    """Metadata found in the source."""
    blocks: tuple[Block, ...]
    """The body, in reading order."""
    notes: tuple[Note, ...] = ()
    """Notes, in order of their labels' first call."""
    title_notes: tuple[str, ...] = ()
    """Labels of notes whose call belongs to the title (lost with it)."""


# --------------------------------------------------------------------------
# Traversal helpers (pure)
# --------------------------------------------------------------------------

def walk_inlines(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Yield every inline, depth first, containers before their children."""
    for node in inlines:
        yield node
        if isinstance(node, CONTAINER_INLINES):
            yield from walk_inlines(node.children)


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Yield every block, depth first, containers before their children."""
    for block in blocks:
        yield block
        if isinstance(block, (BlockQuote, Division)):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from walk_blocks(item)


def block_inlines(block: Block) -> Iterator[tuple[Inline, ...]]:
    """The runs of inlines a block holds itself (not in nested blocks): a
    heading's or paragraph's children, a table's caption and cells."""
    if isinstance(block, (Heading, Paragraph)):
        yield block.children
    elif isinstance(block, Table):
        if block.caption:
            yield block.caption
        for row in block.rows():
            for cell in row:
                yield cell.children


def map_block_inlines(block: Block, fn: Callable[[tuple[Inline, ...]],
                      Sequence[Inline]]) -> Block:
    """``block`` with each run of :func:`block_inlines` passed through
    ``fn`` (a function of a tuple of inlines, returning one); other blocks
    are returned as they are (nested blocks are the caller's to walk)."""
    if isinstance(block, (Heading, Paragraph)):
        return replace(block, children=tuple(fn(block.children)))
    if isinstance(block, Table):
        def rows(rs: tuple[TableRow, ...]) -> tuple[TableRow, ...]:
            return tuple(tuple(replace(c, children=tuple(fn(c.children)))
                               for c in r) for r in rs)
        return replace(block, head=rows(block.head), body=rows(block.body),
                       caption=tuple(fn(block.caption)) if block.caption
                       else ())
    return block


def table_text(table: Table) -> str:
    """Plain text of a table: caption, then each row's cells."""
    parts = [inline_text(table.caption)] if table.caption else []
    for row in table.rows():
        parts.append("\t".join(inline_text(c.children) for c in row))
    return "\n\n".join(parts)


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """Plain text of inlines: note calls and index marks give nothing."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Citation):
            out.append("[" + node.raw + "]" if node.bracketed else node.raw)
        elif isinstance(node, CONTAINER_INLINES):
            out.append(inline_text(node.children))
    return "".join(out)


def block_text(block: Block) -> str:
    """Plain text of one block and everything inside it."""
    if isinstance(block, (Heading, Paragraph)):
        return inline_text(block.children)
    if isinstance(block, Lacuna):
        return ""
    if isinstance(block, ThematicBreak):
        return ""
    if isinstance(block, (BlockQuote, Division)):
        return "\n\n".join(block_text(b) for b in block.blocks)
    if isinstance(block, (BulletList, OrderedList)):
        return "\n\n".join(block_text(b) for item in block.items for b in item)
    if isinstance(block, Table):
        return table_text(block)
    raise TypeError(f"not a block: {block!r}")


def document_words(doc: Document) -> list[str]:
    """Every word of a document's body, notes and metadata, in order."""
    parts = [block_text(b) for b in doc.blocks]
    parts += [block_text(b) for n in doc.notes for b in n.blocks]
    # Note labels and calls count as words: a raw "syndicalist2" is the word
    # and the call, and a raw note opens with its number.
    parts += [n.label for n in doc.notes]
    parts += [node.label for b in walk_blocks(doc.blocks)
              for run in block_inlines(b)
              for node in walk_inlines(run) if isinstance(node, NoteRef)]
    m = doc.meta
    parts += [m.title, m.subtitle, m.date, *m.authors, *m.translators,
              *m.editors, *m.source_lines, *(v for _, v in m.extra)]
    return [w for p in parts for w in words(p)]


def note_id(scope: str, label: str) -> str:
    """Anchor of a note (``scope`` is its chapter's id)."""
    return f"{scope}-note-{slugify(label)}"


def noteref_id(scope: str, label: str, k: int = 1) -> str:
    """Anchor of the ``k``-th call of a note."""
    return f"{scope}-ref-{slugify(label)}" + (f"-{k}" if k > 1 else "")
