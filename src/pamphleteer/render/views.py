"""The book as a sequence of rendered sections, for any output.

Both writers call :func:`sections`: the EPUB wraps each section in its own
XHTML document; the PDF joins them into one HTML document.  Templates come
from one Jinja2 environment (autoescape, StrictUndefined) whose loader looks
in the book's own ``templates/`` folder first, then in the project's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2
from markupsafe import Markup, escape

from ..book import Book
from ..index import ViewEntry, build_view
from ..model import (
    Citation,
    Document,
    Heading,
    IndexMark,
    NoteRef,
    note_id,
    noteref_id,
    block_inlines,
    walk_blocks,
    walk_inlines,
)
from ..text import slugify
from . import xhtml

from .paths import PROJECT, STYLES, TEMPLATES  # noqa: F401 (re-exported)

END_ANCHOR = "end-of-book"
"""Page-map key of the pages after the last anchor."""

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """Upper-case roman numeral (parts)."""
    out = ""
    for v, s in _ROMAN:
        while n >= v:
            out, n = out + s, n - v
    return out


def environment(book_dir: Path | None = None) -> jinja2.Environment:
    """The one Jinja2 environment: book templates override the project's."""
    loaders: list[jinja2.BaseLoader] = []
    if book_dir is not None and (book_dir / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(book_dir / "templates"))
    loaders.append(jinja2.FileSystemLoader(TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), autoescape=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=False)
    env.filters["links"] = links
    return env


_MD_LINK = re.compile(r"\[([^\[\]]+)\]\((https?://[^\s()]+)\)")


def links(text: str) -> Markup:
    """A metadata value with its Markdown links (``[CC0 1.0](https://...)``,
    as Standard Ebooks write their ``dc:rights``) made links, the rest
    escaped."""
    out, pos = [], 0
    for m in _MD_LINK.finditer(text or ""):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<a href="{}">{}</a>').format(m.group(2),
                                                        m.group(1)))
        pos = m.end()
    out.append(escape((text or "")[pos:]))
    return Markup("").join(out)


@dataclass
class Section:
    """One rendered unit of the book (a file of the EPUB)."""

    id: str
    """Anchor id of the section element."""
    file: str
    """EPUB file name."""
    title: str
    """Title for the nav and the document's <title>."""
    kind: str
    """Landmark / epub:type (``chapter``, ``bibliography``, ...)."""
    body: Markup
    """The section's XHTML."""
    anchors: set[str] = field(default_factory=set)
    """Ids defined in it (to resolve cross-file links)."""
    toc: bool = True
    """Listed in the contents."""
    byline: str = ""
    """Author line in the contents."""
    children: list["Section"] = field(default_factory=list)
    """Chapters of a part, for the nested contents."""
    linear: bool = True
    """In the EPUB reading order."""


class Renderer:
    """Renders a book's sections for one output mode."""

    def __init__(self, book: Book, *, mode: str, book_dir: Path | None = None,
                 index_pages: dict[str, int] | None = None,
                 page_breaks: dict[str, list[str]] | None = None,
                 stage: str = "all",
                 volume_pages: dict[str, int] | None = None):
        self.book = book
        self.volume_pages = volume_pages
        """PDF body: the page each text reprinted in this volume starts on
        (a guess on the first layout, see :func:`reprinted_texts`), for
        the citations of those texts; None: ``index_pages``."""
        self.stage = stage
        """Which sections to render (PDF segments): ``all``; ``body`` (the
        bibliography and index as headings only, to learn every page);
        ``tail`` (only bibliography and index, with literal page numbers
        from ``index_pages``); ``front`` (only title and copyright pages)."""
        self.mode = mode  # "aside" (EPUB) or "footnote" (PDF)
        self.env = environment(book_dir)
        from .balance import balancer

        self.env.filters["balance"] = balancer(book, mode)
        self.index_pages = index_pages
        self.file_of: dict[str, str] = {}
        self.page_breaks = page_breaks
        """EPUB: anchor -> print page labels whose page begins there."""
        self.anchor_order: list[str] = []
        """PDF: every page-mark anchor in document order."""
        self.page_list: list[tuple[str, str]] = []
        """EPUB: (href, label) of every print page-break marker written."""
        self.current_file = ""
        self._labels: dict[str, str] | None = None
        self._inner: dict[str, list] | None = None
        self._reprints: dict[str, list[tuple[str, str, str]]] | None = None

    def reprint(self, work: str, locator: str = "",
                scope: str = "") -> list[tuple[str, str, str]]:
        """Where this volume reprints a work cited with ``locator`` in the
        text ``scope``: (chapter anchor, its first page or ``""`` when the
        layout is not known, the part's title or ``""`` for the whole
        work), for each text; empty when it does not (or when the citation
        is in that very text).  A collection one of whose texts this volume
        reprints points to that text when the citation gives no locator or
        one inside the text's pages (its ``page`` in the works file)."""
        if self._reprints is None:
            self._reprints = reprints(self.book)
        pages = self.volume_pages if self.volume_pages is not None \
            else (self.index_pages or {})
        out = []
        for chapter, part, span in self._reprints.get(work, ()):
            if chapter == scope:
                continue
            if part and locator and not within(locator, span):
                continue
            page = pages.get(chapter)
            out.append((chapter, str(page) if page else "", part))
        return out

    def cite_label(self, work: str) -> str:
        """Author-date label of a bibliography work."""
        if self._labels is None:
            self._labels = {e.id: author_date(e.csl) for e in self.book.bibliography}
        return self._labels.get(work, work)

    def page_mark(self, anchor: str, has_id: bool = False) -> Markup:
        """PDF: an anchor (nothing to write when an element already has
        this id); EPUB: the print page-break markers of the pages that
        begin at this anchor."""
        if self.mode == "footnote":
            self.anchor_order.append(anchor)
            if has_id:
                return Markup("")
            return Markup('<span class="pm" id="%s"></span>') % anchor
        if not self.page_breaks:
            return Markup("")
        labels = self.page_breaks.get(anchor, ())
        self.page_list += [(f"{self.current_file}#page-{l}", l) for l in labels]
        return Markup("").join(
            Markup('<span epub:type="pagebreak" role="doc-pagebreak" '
                   'id="page-%s" aria-label="%s"></span>') % (label, label)
            for label in labels)

    def inner_marks(self, anchor: str) -> list[tuple[int, Markup]]:
        """EPUB: markers of the pages that begin inside the block with this
        anchor (keys ``anchor@offset`` of ``page_breaks``), in order."""
        if not self.page_breaks:
            return []
        if self._inner is None:
            from .pagelist import split_key

            self._inner = {}
            for key, labels in self.page_breaks.items():
                base, offset = split_key(key)
                if offset:
                    self._inner.setdefault(base, []).append((offset, labels))
        out = []
        for offset, labels in sorted(self._inner.get(anchor, ())):
            self.page_list += [(f"{self.current_file}#page-{l}", l)
                               for l in labels]
            out.append((offset, Markup("").join(
                Markup('<span epub:type="pagebreak" role="doc-pagebreak" '
                       'id="page-%s" aria-label="%s"></span>') % (l, l)
                for l in labels)))
        return out

    def section_mark(self, section_id: str) -> Markup:
        """Page marks for the start of a section (its id is the anchor)."""
        if self.mode == "footnote":
            self.anchor_order.append(section_id)
            return Markup("")
        return self.page_mark(section_id)

    # Links: in the EPUB an id lives in some file; in the PDF all is one.
    def href(self, anchor: str) -> str:
        """Link target of an anchor id."""
        if self.mode == "footnote":
            return f"#{anchor}"
        return f"{self.file_of.get(anchor, '')}#{anchor}"

    def render(self, name: str, **kw: Any) -> Markup:
        """Render a template to markup."""
        return Markup(self.env.get_template(name).render(book=self.book, **kw))

    # ------------------------------------------------------------------
    def document_body(self, doc: Document, scope: str,
                      title_notes: tuple[str, ...] = ()) -> tuple[Markup, Markup, Markup]:
        """Body, notes and title calls of a document."""
        ctx = xhtml.Context(scope=scope, notes={n.label: n for n in doc.notes},
                            mode=self.mode, href=self.href,
                            page_marks=self.page_mark,
                            inner_marks=self.inner_marks
                            if self.mode == "aside" else None,
                            cite_label=self.cite_label,
                            reprint=functools.partial(self.reprint,
                                                      scope=scope),
                            heading_levels=xhtml.heading_levels(doc.blocks))
        from .missing import head_notes, summary

        # A note on the title is an unnumbered note (render/missing.py).
        title_set = set(title_notes)
        ctx.notes = {k: v for k, v in ctx.notes.items() if k not in title_set}
        heads = [xhtml.note_body(n, ctx, inline_only=True) for n in doc.notes
                 if n.label in title_set and not n.missing]
        body = xhtml.blocks(doc.blocks, ctx)
        lost = [n.label for n in doc.notes if n.missing and n.label not in
                title_set] + [l for l in ctx.calls if l not in ctx.notes
                              and l not in title_set]
        lost = list(dict.fromkeys(lost))
        if lost:
            heads.append(Markup('<span class="missing-summary">%s</span>')
                         % summary(lost))
        calls = head_notes(heads, mode=self.mode, scope=scope)
        notes = Markup("")
        if self.mode == "aside":
            notes = xhtml.notes_aside(ctx)
        else:
            # Notes never called in the text still reach the reader.
            unused = [n for n in doc.notes if n.label not in ctx.calls
                      and n.label not in title_set and not n.missing]
            if unused:
                notes = Markup('<section class="notes uncalled"><h2 class='
                               '"notes-title">Notes without a call</h2>%s'
                               '</section>') % Markup("").join(
                    Markup('<p class="note"><span class="label">%s.</span> %s</p>')
                    % (n.label, xhtml.note_body(n, ctx, inline_only=True))
                    for n in unused)
        return body, notes, calls

    def sections(self) -> list[Section]:
        """Every section of the book in reading order."""
        b, opts = self.book, self.book.options
        front, back = opts["front"], opts["back"]
        out: list[Section] = []
        # Anchor -> file map first (links may point forward).
        plan = self._plan()
        for _sec_id, file, anchors in plan:
            for a in anchors:
                self.file_of[a] = file
        def add(sec_id: str, file: str, title: str, kind: str,
                render: Callable[[], Markup], **kw: Any) -> Section:
            if not self._wanted(kind):
                sec = Section(sec_id, file, title, kind, Markup(""), **kw)
                out.append(sec)
                return sec  # planned, not rendered
            self.current_file = file
            mark = self.section_mark(sec_id)  # before the body's own marks
            sec = Section(sec_id, file, title, kind, mark + render(), **kw)
            out.append(sec)
            return sec

        if front.title_page:
            add("titlepage", "titlepage.xhtml", b.title, "titlepage",
                lambda: self.render("titlepage.xhtml.j2",
                                    authors=self._authors()), toc=False)
        if front.copyright:
            add("copyright", "copyright.xhtml", "Copyright", "copyright-page",
                lambda: self.render("copyright.xhtml.j2",
                                    printed=self.mode == "footnote"),
                toc=False)
        if b.introduction is not None:
            introduction = b.introduction

            def intro() -> Markup:
                body, notes, _ = self.document_body(introduction, "intro")
                return self.render("introduction.xhtml.j2",
                                   title=b.introduction_title, body=body,
                                   notes=notes)
            add("introduction", "introduction.xhtml", b.introduction_title,
                "introduction", intro)
        for part in b.parts:
            part_sec = None
            if part.title:
                part_sec = add(
                    f"part-{part.id}", f"part-{part.id}.xhtml",
                    f"Part {roman(part.number)}: {part.title}", "part",
                    functools.partial(self.render, "part.xhtml.j2",
                                      part=part, roman=roman(part.number)))
            for ch in part.chapters:
                def chapter(ch=ch) -> Markup:
                    body, notes, calls = self.document_body(
                        ch.document, ch.id, ch.document.title_notes)
                    return self.render("chapter.xhtml.j2", chapter=ch,
                                       body=body, notes=notes,
                                       title_calls=calls)
                sec = add(ch.id, f"{ch.id}.xhtml", ch.title, "chapter",
                          chapter, byline=", ".join(ch.authors))
                if part_sec is not None:
                    part_sec.children.append(sec)
        if back.about and b.chapters:
            add("about", "about.xhtml", "About the Texts", "appendix",
                self._about)
        if back.bibliography and b.bibliography:
            add("bibliography", "bibliography.xhtml", "Bibliography",
                "bibliography", self._bibliography)
        if b.index is not None:
            add("index", "index.xhtml", "Index", "index", self._index)
        if self.mode == "aside" and self.page_breaks and out:
            # Pages after the last anchor (blank last pages) end the book.
            out[-1].body += self.page_mark(END_ANCHOR)
        return out

    def _wanted(self, kind: str) -> bool:
        tail = kind in ("bibliography", "index")
        front = kind in ("titlepage", "copyright-page")
        return {"all": True, "body": True, "tail": tail,
                "front": front}[self.stage]

    def _authors(self) -> list[str]:
        seen: list[str] = []
        for ch in self.book.chapters:
            for a in ch.authors:
                if a not in seen:
                    seen.append(a)
        return seen

    def _plan(self) -> list[tuple[str, str, set[str]]]:
        """Which anchors each EPUB file will hold."""
        b = self.book
        plan: list[tuple[str, str, set[str]]] = []
        if b.introduction is not None:
            plan.append(("introduction", "introduction.xhtml",
                         {"introduction"} | _doc_anchors(b.introduction, "intro")))
        for part in b.parts:
            if part.title:
                plan.append((f"part-{part.id}", f"part-{part.id}.xhtml",
                             {f"part-{part.id}"}))
            for ch in part.chapters:
                plan.append((ch.id, f"{ch.id}.xhtml",
                             {ch.id} | _doc_anchors(ch.document, ch.id)))
        plan.append(("about", "about.xhtml", {"about"}))
        plan.append(("bibliography", "bibliography.xhtml",
                     {"bibliography"} | {xhtml.bib_id(e.id) for e in b.bibliography}))
        plan.append(("index", "index.xhtml", {"index"}))
        return plan

    def _about(self) -> Markup:
        ctx = xhtml.Context(scope="about", notes={}, mode=self.mode,
                            href=self.href)
        items = []
        notes = {a.chapter: a.note for a in self.book.about}
        for ch in self.book.chapters:
            items.append({"chapter": ch, "href": self.href(ch.id),
                          "pb": self.page_mark(f"about-{ch.id}",
                                               has_id=True),
                          "original": xhtml.inlines(ch.original_publication, ctx),
                          "note": notes.get(ch.id, "")})
        return self.render("about.xhtml.j2", items=items)

    def _bibliography(self) -> Markup:
        ctx = xhtml.Context(scope="bib", notes={}, mode=self.mode,
                            href=self.href)
        if self.stage == "body":
            return self.render("bibliography.xhtml.j2", entries=[])
        entries = []
        for e in self.book.bibliography:
            entries.append({
                "pb": self.page_mark(xhtml.bib_id(e.id), has_id=True),
                "id": xhtml.bib_id(e.id),
                "text": xhtml.inlines(e.formatted, ctx),
                "cited_in": self._cited_in(e.cited_in, e.id)})
        return self.render("bibliography.xhtml.j2", entries=entries)

    def _cited_in(self, cited_in: tuple[tuple[str, str], ...],
                  work: str = "") -> Markup:
        """``Reprinted in this volume, p. 21. Cited in Bakunin's critique,
        pp. 41, 45–46; ...``: page numbers when the layout is known (PDF,
        and the EPUB made with it), else numbered links.  A collection one
        of whose texts this volume reprints names that text: ``“On the
        Program of the Alliance” reprinted in this volume, p. 21.``"""
        titles = {c.id: c.short_title for c in self.book.chapters}
        titles["intro"] = self.book.introduction_title
        pages = self.index_pages
        groups: dict[str, list[str]] = {}
        itself: list[str] = []
        for chapter_id, cite_id in cited_in:
            if not cite_id:
                itself.append(chapter_id)
            else:
                groups.setdefault(chapter_id, []).append(cite_id)
        parts: list[Markup] = []
        for chapter_id in itself:
            where = Markup('<a href="%s">this volume</a>') % self.href(chapter_id)
            if pages and chapter_id in pages:
                where += Markup(", p.\u00a0%s") % pages[chapter_id]
            parts.append(Markup("Reprinted in %s.") % where)
        if self._reprints is None:
            self._reprints = reprints(self.book)
        for chapter_id, part, _ in self._reprints.get(work, ()):
            if not part:
                continue
            where = Markup('<a href="%s">this volume</a>') % self.href(chapter_id)
            if pages and chapter_id in pages:
                where += Markup(", p.\u00a0%s") % pages[chapter_id]
            parts.append(Markup("“%s” reprinted in %s.") % (part, where))
        cites = []
        for chapter_id, ids in groups.items():
            title = titles.get(chapter_id, chapter_id)
            if pages is not None:
                nums = sorted({pages[i] for i in ids if i in pages})
                refs = [{"href": f"#{a}"} for a in ids]
                ranges = page_ranges(nums, refs, pages)
                links = Markup(", ").join(
                    Markup('<a href="%s">%s</a>') % (self.href(a), label)
                    for a, label in ranges)
                single = len(ranges) == 1 and "–" not in ranges[0][1]
                # No line break between "p." and its number.
                cites.append(Markup("%s, %s\u00a0%s") % (
                    title, "p." if single else "pp.", links))
            else:
                links = Markup(", ").join(
                    Markup('<a href="%s">%d</a>') % (self.href(a), n)
                    for n, a in enumerate(ids, start=1))
                cites.append(Markup("%s (%s)") % (title, links))
        if cites:
            parts.append(Markup("Cited in %s.") % Markup("; ").join(cites))
        return Markup(" ").join(parts)

    def _index(self) -> Markup:
        assert self.book.index is not None  # (called only when there is one)
        spec, occurrences = self.book.index
        labels = {c.id: c.short_title for c in self.book.chapters}
        labels["intro"] = self.book.introduction_title
        if self.stage == "body":
            return self.render("index.xhtml.j2", groups=[])
        view = build_view(spec, occurrences, pages=self.index_pages,
                          labels=labels)
        groups = [{"letter": g.letter,
                   "id": "index-" + slugify(g.letter or "x"),
                   "pb": self.page_mark("index-" + slugify(g.letter or "x"),
                                        has_id=True),
                   "entries": [self._index_entry(e) for e in g.entries]}
                  for g in view.groups]
        return self.render("index.xhtml.j2", groups=groups)

    def _index_entry(self, e: ViewEntry) -> dict[str, Any]:
        return {"heading": e.heading,
                "locators": [{"href": self.href(l.mark_id), "label": l.label}
                             for l in e.locators],
                "see": list(e.see), "see_also": list(e.see_also),
                "subentries": [self._index_entry(s) for s in e.subentries]}


def page_ranges(nums: list[int], refs: list[dict],
                pages: dict[str, int]) -> list[tuple[str, str]]:
    """Collapse sorted page numbers into ranges (``41``, ``45–46``), each
    with the anchor of a reference on its first page."""
    first_anchor: dict[int, str] = {}
    for r in refs:
        a = r["href"][1:]
        if a in pages:
            first_anchor.setdefault(pages[a], a)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        label = str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}"
        out.append((first_anchor[nums[i]], label))
        i = j + 1
    return out


def reprints(book: Book) -> dict[str, list[tuple[str, str, str]]]:
    """Work id -> (chapter id, part title, part pages) of every text of
    this volume that reprints it: the work a chapter is (part title and
    pages empty), and the collection it is a chapter of (the chapter's
    title in this volume, its pages in the collection as the works file
    gives them, else empty)."""
    titles = {c.id: c.title for c in book.chapters}
    out: dict[str, list[tuple[str, str, str]]] = {}
    for e in book.bibliography:
        for chapter, anchor in e.cited_in:
            if anchor or chapter not in titles:
                continue
            out.setdefault(e.id, []).append((chapter, "", ""))
            if e.container:
                out.setdefault(e.container, []).append(
                    (chapter, titles[chapter], str(e.csl.get("page") or "")))
    return out


def cited_reprints(book: Book) -> set[str]:
    """Ids of the texts of this volume that a citation in another text (or
    the introduction) points to: their first pages appear in the body."""
    found = reprints(book)
    docs = [("intro", book.introduction)] if book.introduction else []
    docs += [(c.id, c.document) for c in book.chapters]
    out: set[str] = set()
    for scope, doc in docs:
        assert doc is not None
        blocks = list(walk_blocks(doc.blocks))
        for n in doc.notes:
            blocks += list(walk_blocks(n.blocks))
        for b in blocks:
            for node in walk_inlines(getattr(b, "children", ())):
                if isinstance(node, Citation):
                    out.update(ch for i in node.items if i.work
                               for ch, _, _ in found.get(i.work, ())
                               if ch != scope)
    return out


def volume_guess(book: Book) -> dict[str, int]:
    """First pages to lay the body out with before the real ones are
    known: as wide as most books' (a wrong guess costs a second layout of
    the texts that cite them, never a wrong page)."""
    return {ch: 888 for ch in sorted(cited_reprints(book))}


_PAGES_ONLY = re.compile(r"(?:pp?\.|pages?)?\s*\d+(?:\s*[-–—]\s*\d+)?"
                         r"(?:\s*(?:,|and|&)\s*\d+(?:\s*[-–—]\s*\d+)?)*",
                         re.IGNORECASE)
_RANGE = re.compile(r"(\d+)(?:\s*[-–—]\s*(\d+))?")


def _ranges(text: str) -> list[tuple[int, int]]:
    """``pp. 262–3, 270`` -> [(262, 263), (270, 270)]."""
    out = []
    for m in _RANGE.finditer(text):
        a, b = m.group(1), m.group(2) or m.group(1)
        if len(b) < len(a):  # 185–89: the end abbreviated
            b = a[:len(a) - len(b)] + b
        out.append((int(a), int(b)))
    return out


def within(locator: str, span: str) -> bool:
    """Are the pages ``locator`` cites (``pp. 152–54``) all inside the
    page range ``span`` (``136-156``)?  False when either is not plain
    page numbers (``vol. 2, p. 4``, ``ch. 3``) or ``span`` is unknown."""
    if not _PAGES_ONLY.fullmatch(locator.strip()) or \
            not re.fullmatch(r"\s*\d+\s*(?:[-–—]\s*\d+\s*)?", span):
        return False
    (lo, hi), = _ranges(span)
    return all(lo <= a <= b <= hi for a, b in _ranges(locator))


def author_date(csl: Mapping[str, Any]) -> str:
    """``Kinna 2017``, ``Schmidt and van der Walt 2009``, ``Dolgoff 1980``
    (an editor when there is no author), or the short title."""
    def family(n: object) -> str:
        if not isinstance(n, dict):
            return str(n)
        if n.get("literal"):
            return str(n["literal"])
        particle = n.get("non-dropping-particle", "")
        return f"{particle} {n.get('family', '')}".strip()

    people = csl.get("author") or csl.get("editor") or []
    names = [family(n) for n in people]
    if not names:
        who = csl.get("title-short") or csl.get("title") or csl.get("id", "")
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    try:
        year = str(csl["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        year = "n.d."
    return f"{who} {year}"


def _doc_anchors(doc: Document, scope: str) -> set[str]:
    """Every anchor id a rendered document defines."""
    ids: set[str] = set()
    all_blocks = list(walk_blocks(doc.blocks))
    for n in doc.notes:
        ids.add(note_id(scope, n.label))
        all_blocks += list(walk_blocks(n.blocks))
    counts: dict[str, int] = {}
    for lbl in doc.title_notes:
        counts[lbl] = counts.get(lbl, 0) + 1
        ids.add(noteref_id(scope, lbl, counts[lbl]))
    for b in all_blocks:
        if isinstance(b, Heading) and b.id:
            ids.add(b.id)
        for node in (n for run in block_inlines(b) for n in walk_inlines(run)):
            if isinstance(node, IndexMark):
                ids.add(node.id)
            elif isinstance(node, Citation) and node.id:
                ids.add(node.id)
            elif isinstance(node, NoteRef):
                counts[node.label] = counts.get(node.label, 0) + 1
                ids.add(noteref_id(scope, node.label, counts[node.label]))
    return ids
