"""The one XHTML rendering of the model, shared by the EPUB and the PDF.

Blocks and inlines are written here (like pandoc's HTML writer, which its
EPUB writer reuses); whole documents come from the Jinja2 templates.  Every
piece of text passes through :func:`markupsafe.escape`: no text of a source
can become markup.  The only difference between outputs is the note mode:
``"aside"`` (EPUB: calls link to notes collected at the end of the section)
or ``"footnote"`` (PDF: the note is written at its call and floated to the
foot of the page by CSS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup, escape

from ..model import (
    BlockQuote,
    BulletList,
    Citation,
    Code,
    Division,
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
    note_id,
    noteref_id,
)
from ..text import slugify

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def bib_id(work: str) -> str:
    """Anchor of a bibliography entry."""
    return f"bib-{slugify(work)}"


@dataclass
class Context:
    """How to render one document (a chapter, the introduction)."""

    scope: str
    """Id prefix of the document (chapter id, ``intro``)."""
    notes: dict[str, Note]
    """The document's notes by label."""
    mode: str
    """``aside`` (EPUB) or ``footnote`` (PDF)."""
    href: Callable[[str], str]
    """Turns an anchor id into a link target (``ch.xhtml#id`` or ``#id``)."""
    heading_offset: int = 1
    """Added to a heading's level: section headings under the chapter h1
    (for headings missing from ``heading_levels``)."""
    heading_levels: dict[int, int] = field(default_factory=dict)
    """HTML level of each heading of the document, by ``id()`` of the
    Heading object (see :func:`heading_levels`)."""
    calls: dict[str, int] = field(default_factory=dict)
    """How often each note label has been called so far."""
    used_notes: list[str] = field(default_factory=list)
    """Labels in order of first call (for the aside list)."""
    page_marks: Callable[[str], Markup] | None = None
    """Returns the markup to put before the body block with this anchor:
    the PDF's invisible anchor, or the EPUB's print page-break markers."""
    blocks_seen: int = 0
    """Body blocks rendered so far (numbers the block anchors)."""
    in_note: int = 0
    """Depth of note rendering (note blocks get no block anchor)."""
    cite_label: Callable[[str], str] = lambda work: work
    """Author-date label of a work (``Kinna 2017``), for citations written
    by key (``[@kinna-kropotkin-lenin]``)."""
    reprint: Callable[[str, str], list[tuple[str, str, str]]] = \
        lambda work, locator: []
    """Where this volume reprints a work cited with a locator: (anchor of
    its text, its first page or ``""`` when the layout is not known, the
    part's title or ``""`` when the text is the whole work), for each text
    (:meth:`.views.Renderer.reprint`)."""
    inner_marks: Callable[[str], list] | None = None
    """EPUB: the page-break markers of pages that begin inside the block
    with this anchor, as (character offset, markup) (render/pagelist.py)."""


def heading_levels(nodes: tuple, top: int = 2) -> dict[int, int]:
    """The HTML level of every heading of a document whose title is the
    h1: the shallowest level used becomes ``top`` (h2), levels the source
    skips close up, and no heading is more than one level below the one
    before it, so the outline has no gaps (WCAG 1.3.1; Ace's heading-order
    rule).  A text whose sections start at ``##`` gets h2 sections.  Keyed
    by ``id()`` of each Heading: two headings can be equal as values."""
    found = list(_headings(nodes))
    rank = {lvl: i for i, lvl in enumerate(sorted({h.level for h in found}))}
    out: dict[int, int] = {}
    prev = top - 1
    for h in found:
        level = min(6, top + rank[h.level], prev + 1)
        out[id(h)] = prev = level
    return out


def _headings(nodes: tuple):
    """Every Heading among the blocks, in document order (also inside
    quotations, divisions and list items)."""
    for b in nodes:
        if isinstance(b, Heading):
            yield b
        elif isinstance(b, (BlockQuote, Division)):
            yield from _headings(b.blocks)
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                yield from _headings(item)


def block_anchor(scope: str, n: int) -> str:
    """Anchor of the ``n``-th body block of a document (print pages)."""
    return f"{scope}-b{n}"


# An abbreviation and its number are never parted at a line's end ("p." at
# one line's end and "565]" alone on the next): a no-break space between
# them, as a typesetter ties them.  Set where text is written out, so the
# cleaned text (and the EPUB's search) keep the source's plain space.
_TIE = re.compile(r"(?<![^\s(\[])(pp?|vols?|nos?|ch|chs|fig|n)\. (?=\d)",
                  re.IGNORECASE)


def tied(text: str) -> Markup:
    """``text`` escaped, an abbreviation tied to its number."""
    return escape(_TIE.sub("\\1.\u00a0", text) if ". " in text else text)


def inlines(nodes: tuple[Inline, ...], ctx: Context) -> Markup:
    """Render inlines to XHTML.  Index marks put their anchor on the first
    word that follows them (an empty element before a word disturbs line
    breaking and hyphenation in the PDF)."""
    out: list[Markup] = []
    pending: list[str] = []
    for n in nodes:
        if isinstance(n, IndexMark):
            pending.append(n.id)
            continue
        if pending and isinstance(n, Text) and n.text.strip():
            text = n.text
            lead = len(text) - len(text.lstrip())
            end = lead + next((i for i, ch in enumerate(text[lead:])
                               if ch.isspace()), len(text) - lead)
            word = escape(text[lead:end])
            for mark in reversed(pending):
                word = Markup('<span class="ix" id="%s">%s</span>') % (mark, word)
            out.append(escape(text[:lead]) + word + tied(text[end:]))
            pending = []
            continue
        out += [Markup('<span class="ix" id="%s"></span>') % m for m in pending]
        pending = []
        out.append(inline(n, ctx))
    out += [Markup('<span class="ix" id="%s"></span>') % m for m in pending]
    return Markup("").join(out)


def inline(n: Inline, ctx: Context) -> Markup:
    """Render one inline."""
    if isinstance(n, Text):
        return tied(n.text)
    if isinstance(n, Emph):
        return Markup("<em>%s</em>") % inlines(n.children, ctx)
    if isinstance(n, Strong):
        return Markup("<strong>%s</strong>") % inlines(n.children, ctx)
    if isinstance(n, Sup):
        return Markup("<sup>%s</sup>") % inlines(n.children, ctx)
    if isinstance(n, SmallCaps):
        return Markup('<span class="sc">%s</span>') % inlines(n.children, ctx)
    if isinstance(n, Code):
        return Markup("<code>%s</code>") % n.text
    if isinstance(n, LineBreak):
        return Markup("<br/>")
    if isinstance(n, Link):
        url = n.url
        if url.startswith("#"):
            url = ctx.href(url[1:])
        elif not url.startswith(SAFE_SCHEMES):
            return inlines(n.children, ctx)
        return Markup('<a href="%s">%s</a>') % (url, inlines(n.children, ctx))
    if isinstance(n, IndexMark):
        return Markup('<span class="ix" id="%s"></span>') % n.id
    if isinstance(n, NoteRef):
        return note_call(n.label, ctx)
    if isinstance(n, Citation):
        return citation(n, ctx)
    raise TypeError(f"cannot render {n!r}")


def citation(c: Citation, ctx: Context) -> Markup:
    """A citation: each resolved item links to its bibliography entry."""
    if any(i.work and "@" in i.raw for i in c.items):
        return keyed_citation(c, ctx)
    attrs = Markup(' id="%s"') % c.id if c.id else Markup("")
    # Where this volume reprints a cited work, said after the citation as
    # written (an ``Ibid.`` follows a citation that said it already).
    here = Markup("").join(in_volume(places, ctx) for i, places in
                           zip(c.items, _pointers(c, ctx)) if not i.ibid)
    if c.children:
        # A citation in a note's running text, with its own emphasis.
        body = inlines(c.children, ctx)
        works = {i.work for i in c.items if i.work}
        if len(works) == 1:
            body = Markup('<a class="cite" href="%s">%s</a>') % (
                ctx.href(bib_id(works.pop())), body)
        return Markup('<span class="citation"%s>%s%s</span>') % (
            attrs, body, here)
    parts = []
    for item in c.items:
        if item.work:
            parts.append(Markup('<a class="cite" href="%s">%s</a>')
                         % (ctx.href(bib_id(item.work)), tied(item.raw)))
        else:
            parts.append(tied(item.raw))
    body = Markup("; ").join(parts) if parts else tied(c.raw)
    # Keep the exact wording when the items do not add up to the raw text
    # (a citation whose separators were not "; ").
    if not c.items or "; ".join(i.raw for i in c.items) != c.raw.strip():
        body = tied(c.raw) if not any(i.work for i in c.items) else body
    body += here
    if c.bracketed:
        body = Markup("[%s]") % body
    return Markup('<span class="citation"%s>%s</span>') % (attrs, body)


def _pointers(c: Citation, ctx: Context) -> list[list[tuple[str, str, str]]]:
    """For each item of a citation, where this volume reprints its work:
    each text once in the citation, and a text one item cites as a whole
    work not named again as part of a collection another item cites."""
    found = [ctx.reprint(i.work, i.locator) if i.work else [] for i in c.items]
    whole = {a for places in found for a, _, part in places if not part}
    done: set[str] = set()
    out = []
    for places in found:
        keep = [p for p in places if p[0] not in done
                and not (p[2] and p[0] in whole)]
        done.update(p[0] for p in keep)
        out.append(keep)
    return out


def in_volume(places: list[tuple[str, str, str]], ctx: Context) -> Markup:
    """``; this volume, p. 73`` after a citation of a work this volume
    reprints (``; “On the Program of the Alliance” in this volume, p. 21``
    for a collection one of whose texts it reprints), a link to the text;
    empty for any other work.  The page is the text's first: a locator
    into the original edition is kept as written before it."""
    out = []
    for anchor, page, part in places:
        # The page is not known in every output (the EPUB made without
        # the PDF): the page lists count the text outside ``volume-page``
        # only, so it is in a span of its own.
        where = (Markup("“%s” in this volume") % part if part
                 else Markup("this volume")) + (
            Markup('<span class="volume-page">, p.\u00a0%s</span>') % page
            if page else Markup(""))
        out.append(Markup('; <a class="in-volume" href="%s">%s</a>')
                   % (ctx.href(anchor), where))
    return Markup("").join(out)


def keyed_citation(c: Citation, ctx: Context) -> Markup:
    """A citation written by key, shown author-date: ``(Kinna 2017, 4)``."""
    parts = []
    for item, places in zip(c.items, _pointers(c, ctx)):
        label = ctx.cite_label(item.work) if item.work else item.raw
        bits = [escape(item.prefix + " ")] if item.prefix else []
        if item.work:
            bits.append(Markup('<a class="cite" href="%s">%s</a>')
                        % (ctx.href(bib_id(item.work)), label))
        else:
            bits.append(escape(label))
        if item.locator:
            bits.append(escape(", " + item.locator))
        bits.append(in_volume(places, ctx))
        parts.append(Markup("").join(bits))
    attrs = Markup(' id="%s"') % c.id if c.id else Markup("")
    return Markup('<span class="citation"%s>(%s)</span>') % (
        attrs, Markup("; ").join(parts))


def note_call(label: str, ctx: Context) -> Markup:
    """A note call: a link (EPUB) or a floated footnote (PDF)."""
    k = ctx.calls.get(label, 0) + 1
    ctx.calls[label] = k
    note = ctx.notes.get(label)
    nid, rid = note_id(ctx.scope, label), noteref_id(ctx.scope, label, k)
    if k == 1:
        ctx.used_notes.append(label)
    if note is None or note.missing:
        from .missing import missing_call

        return missing_call(label)
    if ctx.mode == "footnote" and k == 1 and note is not None:
        return Markup('<span class="footnote%s" id="%s" data-label="%s">'
                      '%s</span>') % (" missing" if note.missing else "",
                                      nid, label, note_body(note, ctx, inline_only=True))
    title = "Note missing in the source" if note is None or note.missing \
        else f"Note {label}"
    return Markup('<a class="noteref" epub:type="noteref" role="doc-noteref" '
                  'id="%s" href="%s" title="%s">%s</a>') % (
        rid, ctx.href(nid), title, label)


def note_body(note: Note, ctx: Context, *, inline_only: bool = False) -> Markup:
    """The text of a note; an honest statement when the source lost it."""
    ctx.in_note += 1
    try:
        return _note_body(note, ctx, inline_only)
    finally:
        ctx.in_note -= 1


_BLOCK_TAG = re.compile(
    r"<(/?)(table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|ul|ol|li"
    r"|dl|dt|dd|blockquote|p|div|section|aside|figure|figcaption|pre|hr"
    r"|h[1-6])\b([^>]*?)(/?)>")


def as_spans(markup: Markup) -> Markup:
    """A block's XHTML with every block element made a ``span`` of class
    ``n-<tag>`` (print.css gives each the display of its tag).

    A note at the page foot is a ``span`` floated from its call's
    paragraph; an HTML parser (WeasyPrint's) closes the paragraph at a
    ``<table>``, ``<ul>`` or ``<blockquote>`` start tag, so a table in a
    note was set in the text, away from its note.  Spans keep it in."""
    def span(m: re.Match[str]) -> str:
        close, tag, attrs, void = m.groups()
        if close:
            return "</span>"
        cls = re.search(r'\sclass="([^"]*)"', attrs)
        attrs = re.sub(r'\sclass="[^"]*"', "", attrs)
        classes = f"n-{tag}" + (f" {cls.group(1)}" if cls else "")
        return f'<span class="{classes}"{attrs}>' + ("</span>" if void or
                                                    tag in ("hr", "col")
                                                    else "")

    return Markup(_BLOCK_TAG.sub(span, str(markup)))


def _note_body(note: Note, ctx: Context, inline_only: bool) -> Markup:
    if note.missing or not note.blocks:
        return Markup('<span class="note-missing">[This note is missing '
                      'from the source.]</span>')
    if inline_only:
        paras = []
        for b in note.blocks:
            if isinstance(b, (Paragraph, Heading)):
                para = inlines(b.children, ctx)
                if ctx.mode == "footnote":
                    # A note's paragraph, like the text's, never ends on
                    # a piece of a word ("syn-/dicalism.").
                    from .hyphenation import protect_last_word

                    para = protect_last_word(str(para))
                paras.append(para)
            else:
                paras.append(Markup('<span class="nb">%s</span>')
                             % as_spans(_block(b, ctx)))
        return Markup('<br class="np"/>').join(paras)
    return blocks(note.blocks, ctx)


def notes_aside(ctx: Context, extra: tuple[str, ...] = ()) -> Markup:
    """Every note of the document as EPUB footnotes with back-links."""
    labels = list(extra) + [l for l in ctx.used_notes if l not in extra]
    labels += [l for l in ctx.notes if l not in labels]
    out = []
    for label in labels:
        note = ctx.notes.get(label)
        if note is None or note.missing:
            continue  # listed once at the head (render/missing.py)
        back = Markup("")
        if ctx.calls.get(label):
            back = Markup('<a class="backlink" role="doc-backlink" href="%s" '
                          'title="Back to the text">%s.</a> ') % (
                ctx.href(noteref_id(ctx.scope, label)), label)
        else:
            back = Markup('<span class="label">%s.</span> ') % label
        body = note_body(note, ctx)
        if body.startswith("<p>"):
            body = Markup(str(body).replace("<p>", "<p>" + str(back), 1))
        else:
            body = Markup("<p>%s%s</p>") % (back, body)
        out.append(Markup('<aside class="note" epub:type="footnote" '
                          'role="doc-footnote" id="%s">%s</aside>') % (
            note_id(ctx.scope, label), body))
    if not out:
        return Markup("")
    return Markup('<section class="notes" aria-label="Notes">'
                  '<h2 class="notes-title">Notes</h2>%s</section>') % Markup(
        "\n").join(out)


def blocks(nodes: tuple, ctx: Context) -> Markup:
    """Render blocks to XHTML, one per line."""
    return Markup("\n").join(block(b, ctx) for b in nodes)


def block(b, ctx: Context) -> Markup:
    """Render one block with its page anchor: in the PDF the block's own id
    (an empty element would disturb line breaking), in the EPUB the print
    page-break markers that precede it."""
    if ctx.page_marks is None or ctx.in_note:
        return _block(b, ctx)
    ctx.blocks_seen += 1
    anchor = block_anchor(ctx.scope, ctx.blocks_seen)
    mark = ctx.page_marks(anchor)
    if ctx.mode == "footnote":
        if isinstance(b, Paragraph):
            from .hyphenation import protect_last_word

            return protect_last_word(str(_block(b, ctx, anchor)))
        return _block(b, ctx, anchor)
    html = _block(b, ctx)
    inner = ctx.inner_marks(anchor) if ctx.inner_marks is not None else None
    if inner:
        from .pagelist import insert_marks

        html = insert_marks(str(html), inner)
    return mark + html


def _id(bid: str) -> Markup:
    return Markup(' id="%s"') % bid if bid else Markup("")


PLAIN_DIVISIONS = frozenset({"verse", "center", "right", "table", "example",
                             "uncalled-note"})
"""Division roles written as a plain ``div`` (the readers through pandoc
make them; docs/formats/pandoc.md)."""


def _cell(c: TableCell, tag: str, align: str, ctx: Context,
          scope: str = "col") -> Markup:
    attrs = Markup("")
    if tag == "th":
        attrs += Markup(' scope="%s"') % (
            scope if (c.colspan if scope == "col" else c.rowspan) == 1
            else scope + "group")
    if c.colspan != 1:
        attrs += Markup(' colspan="%d"') % c.colspan
    if c.rowspan != 1:
        attrs += Markup(' rowspan="%d"') % c.rowspan
    if align:
        attrs += Markup(' class="al-%s"') % align
    return Markup("<%s%s>%s</%s>") % (tag, attrs, inlines(c.children, ctx),
                                      tag)


def _rows(rows: tuple, head: bool, aligns: tuple[str, ...],
          ctx: Context, row_heads: int = 0) -> Markup:
    out = []
    covered: dict[int, int] = {}   # column -> rows still covered from above
    for row in rows:
        cells, col = [], 0
        below = {c: left - 1 for c, left in covered.items() if left > 1}
        for c in row:
            while covered.get(col, 0) > 0:
                col += 1
            # the cell takes its own column's alignment
            align = aligns[col] if col < len(aligns) else ""
            # an empty head cell (a corner) is no header of anything
            heads_row = not head and col < row_heads
            tag = "th" if (head or heads_row) and c.children else "td"
            cells.append(_cell(c, tag, align, ctx,
                               "row" if heads_row else "col"))
            if c.rowspan > 1:
                for dc in range(c.colspan):
                    below[col + dc] = c.rowspan - 1
            col += c.colspan
        covered = below
        out.append(Markup("<tr>%s</tr>") % Markup("").join(cells))
    return Markup("\n").join(out)


def _table(t: Table, ctx: Context, bid: str) -> Markup:
    """A table: caption, head (``th scope="col"``), body; alignment as
    classes (``al-right``), no widths (the style sheets fit it)."""
    parts = []
    if t.caption:
        parts.append(Markup("<caption>%s</caption>") % inlines(t.caption,
                                                               ctx))
    if t.head:
        parts.append(Markup("<thead>\n%s\n</thead>") % _rows(
            t.head, True, t.aligns, ctx))
    if t.body:
        parts.append(Markup("<tbody>\n%s\n</tbody>") % _rows(
            t.body, False, t.aligns, ctx, t.row_heads))
    return Markup('<div class="table-wrap"%s><table>\n%s\n</table></div>'
                  ) % (_id(bid), Markup("\n").join(parts))


def _block(b, ctx: Context, bid: str = "") -> Markup:
    if isinstance(b, Paragraph):
        return Markup("<p%s>%s</p>") % (_id(bid), inlines(b.children, ctx))
    if isinstance(b, Heading):
        level = ctx.heading_levels.get(
            id(b), min(6, b.level + ctx.heading_offset))
        inner = inlines(b.children, ctx)
        if bid:  # the heading keeps its own id; the anchor goes inside
            inner = Markup('<span id="%s">%s</span>') % (bid, inner)
        return Markup('<h%d id="%s">%s</h%d>') % (level, b.id, inner, level)
    if isinstance(b, BlockQuote):
        return Markup("<blockquote%s>\n%s\n</blockquote>") % (
            _id(bid), blocks(b.blocks, ctx))
    if isinstance(b, BulletList):
        items = Markup("").join(Markup("<li>%s</li>") % blocks(i, ctx)
                                for i in b.items)
        return Markup("<ul%s>%s</ul>") % (_id(bid), items)
    if isinstance(b, OrderedList):
        items = Markup("").join(Markup("<li>%s</li>") % blocks(i, ctx)
                                for i in b.items)
        start = Markup(' start="%d"') % b.start if b.start != 1 else Markup("")
        return Markup("<ol%s%s>%s</ol>") % (_id(bid), start, items)
    if isinstance(b, ThematicBreak):
        return Markup('<hr class="break"%s/>') % _id(bid)
    if isinstance(b, Table):
        return _table(b, ctx, bid)
    if isinstance(b, Lacuna):
        return Markup('<p class="lacuna" role="note"%s><span class="lacuna-mark" '
                      'aria-hidden="true">[…]</span> %s</p>') % (_id(bid), b.reason)
    if isinstance(b, Division) and b.role in PLAIN_DIVISIONS and not b.credit:
        # a way of setting text (verse, centred lines, rows of a table the
        # book cannot lay out), not a part of the text: no landmark
        return Markup('<div class="division %s"%s>\n%s\n</div>') % (
            b.role, _id(bid), blocks(b.blocks, ctx))
    if isinstance(b, Division):
        credit = Markup("")
        if b.credit:
            credit = Markup('<p class="credit">%s</p>') % (
                f"By {b.credit}" if b.role == "editorial" else b.credit)
        label = "Editor’s introduction" if b.role == "editorial" else b.role
        return Markup('<section class="division %s" aria-label="%s"%s>\n%s\n%s'
                      '</section>') % (b.role, label, _id(bid),
                                       blocks(b.blocks, ctx), credit)
    raise TypeError(f"cannot render {b!r}")
