"""The book as a sequence of rendered sections, for any output.

Both writers call :func:`sections`: the EPUB wraps each section in its own
XHTML document; the PDF joins them into one HTML document.  Templates come
from one Jinja2 environment (autoescape, StrictUndefined) whose loader looks
in the book's own ``templates/`` folder first, then in the project's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from ..book import Book, Chapter
from ..model import Document, Heading, inline_text
from . import xhtml

PROJECT = Path(__file__).resolve().parents[3]
TEMPLATES = PROJECT / "templates"
STYLES = PROJECT / "styles"

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
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), autoescape=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=False)


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
                 index_pages: dict[str, int] | None = None):
        self.book = book
        self.mode = mode  # "aside" (EPUB) or "footnote" (PDF)
        self.env = environment(book_dir)
        self.index_pages = index_pages
        self.file_of: dict[str, str] = {}

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
                            mode=self.mode, href=self.href)
        calls = Markup("").join(xhtml.note_call(l, ctx) for l in title_notes)
        body = xhtml.blocks(doc.blocks, ctx)
        notes = Markup("")
        if self.mode == "aside":
            notes = xhtml.notes_aside(ctx)
        else:
            # Notes never called in the text still reach the reader.
            unused = [n for n in doc.notes if n.label not in ctx.calls]
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
        for sec_id, file, anchors in plan:
            for a in anchors:
                self.file_of[a] = file
        if front.title_page:
            out.append(Section("titlepage", "titlepage.xhtml", b.title,
                               "titlepage", self.render(
                                   "titlepage.xhtml.j2"), toc=False))
        if front.copyright:
            out.append(Section("copyright", "copyright.xhtml", "Copyright",
                               "copyright-page",
                               self.render("copyright.xhtml.j2"), toc=False))
        if b.introduction is not None:
            body, notes, _ = self.document_body(b.introduction, "intro")
            out.append(Section("introduction", "introduction.xhtml",
                               b.introduction_title, "introduction",
                               self.render("introduction.xhtml.j2",
                                           title=b.introduction_title,
                                           body=body, notes=notes)))
        for part in b.parts:
            part_sec = None
            if part.title:
                part_sec = Section(f"part-{part.id}", f"part-{part.id}.xhtml",
                                   f"Part {roman(part.number)}: {part.title}",
                                   "part", self.render(
                                       "part.xhtml.j2", part=part,
                                       roman=roman(part.number)))
                out.append(part_sec)
            for ch in part.chapters:
                body, notes, calls = self.document_body(
                    ch.document, ch.id, ch.document.title_notes)
                sec = Section(ch.id, f"{ch.id}.xhtml", ch.title, "chapter",
                              self.render("chapter.xhtml.j2", chapter=ch,
                                          body=body, notes=notes,
                                          title_calls=calls),
                              byline=", ".join(ch.authors))
                out.append(sec)
                if part_sec is not None:
                    part_sec.children.append(sec)
        if back.about and b.chapters:
            out.append(Section("about", "about.xhtml", "About the Texts",
                               "appendix", self._about()))
        if back.bibliography and b.bibliography:
            out.append(Section("bibliography", "bibliography.xhtml",
                               "Bibliography", "bibliography",
                               self._bibliography()))
        if b.index is not None:
            out.append(Section("index", "index.xhtml", "Index", "index",
                               self._index()))
        return out

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
                          "original": xhtml.inlines(ch.original_publication, ctx),
                          "note": notes.get(ch.id, "")})
        return self.render("about.xhtml.j2", items=items)

    def _bibliography(self) -> Markup:
        ctx = xhtml.Context(scope="bib", notes={}, mode=self.mode,
                            href=self.href)
        titles = {c.id: c.short_title for c in self.book.chapters}
        titles["intro"] = self.book.introduction_title
        entries = []
        for e in self.book.bibliography:
            groups: dict[str, list] = {}
            for chapter_id, cite_id in e.cited_in:
                refs = groups.setdefault(chapter_id, [])
                refs.append({"href": self.href(cite_id),
                             "label": str(len(refs) + 1)})
            entries.append({
                "id": xhtml.bib_id(e.id),
                "text": xhtml.inlines(e.formatted, ctx),
                "cited_in": [{"title": titles.get(c, c), "refs": r}
                             for c, r in groups.items()]})
        return self.render("bibliography.xhtml.j2", entries=entries,
                           pdf=self.mode == "footnote")

    def _index(self) -> Markup:
        from ..index import build_view

        spec, occurrences = self.book.index
        labels = {c.id: c.short_title for c in self.book.chapters}
        labels["intro"] = self.book.introduction_title
        view = build_view(spec, occurrences, pages=self.index_pages,
                          labels=labels)
        groups = [{"letter": g.letter,
                   "entries": [self._index_entry(e) for e in g.entries]}
                  for g in view.groups]
        return self.render("index.xhtml.j2", groups=groups)

    def _index_entry(self, e: Any) -> dict:
        return {"heading": e.heading,
                "locators": [{"href": self.href(l.mark_id), "label": l.label}
                             for l in e.locators],
                "see": list(e.see), "see_also": list(e.see_also),
                "subentries": [self._index_entry(s) for s in e.subentries]}


def _doc_anchors(doc: Document, scope: str) -> set[str]:
    """Every anchor id a rendered document defines."""
    from ..assembly import note_id, noteref_id
    from ..model import (Citation, IndexMark, NoteRef, walk_blocks,
                         walk_inlines)

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
        children = getattr(b, "children", ())
        for node in walk_inlines(children):
            if isinstance(node, IndexMark):
                ids.add(node.id)
            elif isinstance(node, Citation) and node.id:
                ids.add(node.id)
            elif isinstance(node, NoteRef):
                counts[node.label] = counts.get(node.label, 0) + 1
                ids.add(noteref_id(scope, node.label, counts[node.label]))
    return ids
