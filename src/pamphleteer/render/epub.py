"""The EPUB 3 writer: complete XHTML documents packaged with ebooklib.

Every content document is rendered by our templates and added as a plain
``EpubItem`` (ebooklib's ``EpubHtml`` re-parses and rebuilds ``<head>``).
The nav document is ours too.  ebooklib writes the package; we then rewrite
the zip in a fixed order with fixed times, ``mimetype`` first and stored, so
that two builds with the same SOURCE_DATE_EPOCH are byte-identical.
"""

from __future__ import annotations

import datetime as _dt
import io
import logging
import zipfile
from pathlib import Path

from ebooklib import epub
from markupsafe import Markup

from .. import __version__
from ..book import Book
from ..digests import digest, package_version, tree_digest
from ..errors import PamphleteerError, RenderError
from ..model import inline_text
from . import cover
from .cover import cover_text
from .store import LayoutStore
from .views import STYLES, TEMPLATES, Renderer, Section

FONT_FILES = ()  # the EPUB leaves the typeface to the reader
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COVER_IMAGE = "images/cover.png"
log = logging.getLogger(__name__)


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with the book's language on the package element
    (``xml:lang``, which Ace and EPUB Accessibility ask for: it is the
    language of the metadata)."""

    def _write_opf_file(self, root):
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def _document(renderer: Renderer, sec: Section, css: list[str]) -> bytes:
    html = renderer.env.get_template("base.xhtml.j2").render(
        book=renderer.book, title=sec.title, stylesheets=css,
        body=sec.body, body_type="", page_kind=False)
    return html.encode("utf-8")


def _nav(renderer: Renderer, sections: list[Section],
         page_list: list[tuple[str, str]]) -> bytes:
    toc = _toc_items(sections)
    landmarks = [(s.file + "#" + s.id, s.kind, s.title) for s in sections
                 if s.kind in ("cover", "titlepage", "copyright-page",
                               "introduction", "bibliography", "index")]
    first_chapter = next((s for s in sections if s.kind in ("part", "chapter")),
                         None)
    if first_chapter is not None:
        landmarks.insert(0, (first_chapter.file + "#" + first_chapter.id,
                             "bodymatter", "Start of the texts"))
    landmarks.insert(0, ("nav.xhtml#toc", "toc", "Contents"))
    body = renderer.env.get_template("nav.xhtml.j2").render(
        book=renderer.book, toc=toc, landmarks=landmarks, page_list=page_list)
    return body.encode("utf-8")


def _cover_png(book: Book, cache: LayoutStore | None = None) -> bytes | None:
    """The front cover as a PNG (render/cover.py), or None with a warning
    when it cannot be made (a script no shipped font has, no rasteriser):
    the EPUB is still worth having without its cover.  With a stage
    ``cache``, a cover made before from the same words, page size,
    templates, styles and versions is reused (making it takes 0.5 s)."""
    store = key = None
    if cache is not None:
        store, key = cache, _cover_key(book)
        hit = store.get(key)
        if hit is not None:
            return hit[0]
    try:
        png = cover.front_cover_png(book)
    except PamphleteerError as err:
        log.warning("the EPUB has no cover image: %s", err)
        return None
    if store is not None and key is not None:
        store.put(key, png, {"kind": "epub-cover"})
    return png


def _cover_key(book: Book) -> str:
    """Everything the EPUB's cover image is made from."""
    output = book.options.get("output") if book.options else None
    return digest("epub-cover", __version__, package_version("weasyprint"),
                  package_version("pypdfium2"), repr(cover_text(book)),
                  getattr(output, "page_size", ""),
                  tree_digest(TEMPLATES, STYLES))


def _cover_section(renderer: Renderer) -> Section:
    """The cover page: the cover image, its words as the alt text."""
    t = cover_text(renderer.book)
    names = t.byline or ", ".join(t.authors)
    words = [t.title, t.subtitle, names, t.editors, t.publisher]
    alt = ""
    for w in (" ".join(w.split()) for w in words if w.strip()):
        # a full stop between the cover's lines, unless one ends a sentence
        alt += ("" if not alt else " " if alt[-1] in ".?!…" else ". ") + w
    body = renderer.env.get_template("epub-cover.xhtml.j2").render(
        title="Cover", src=COVER_IMAGE, alt=alt)
    return Section(id="cover", file="cover.xhtml", title="Cover",
                   kind="cover", body=Markup(body), toc=False)


def _toc_items(sections: list[Section]) -> list[dict]:
    items = []
    children_ids = {c.id for s in sections for c in s.children}
    for s in sections:
        if not s.toc or s.id in children_ids:
            continue
        items.append({"title": s.title, "href": f"{s.file}#{s.id}",
                      "byline": s.byline, "kind": s.kind,
                      "children": [{"title": c.title, "href": f"{c.file}#{c.id}",
                                    "byline": c.byline, "kind": c.kind,
                                    "children": []} for c in s.children]})
    return items


def build_epub(book: Book, out: Path, *, book_dir: Path | None = None,
               page_breaks: dict[str, list[str]] | None = None,
               pages: dict[str, int] | None = None,
               cache: LayoutStore | None = None) -> None:
    """Write the book's EPUB to ``out``.  ``page_breaks`` (from the PDF's
    layout) adds the print edition's page-break markers and page list;
    ``cache`` (a stage cache) keeps the cover image."""
    renderer = Renderer(book, mode="aside", book_dir=book_dir,
                        page_breaks=page_breaks, index_pages=pages)
    sections = renderer.sections()
    page_list = renderer.page_list if page_breaks else None
    cover_png = _cover_png(book, cache)
    if cover_png is not None:
        sections.insert(0, _cover_section(renderer))
    e = epub.EpubBook()
    e.set_identifier(book.identifier)
    e.set_title(book.title)
    e.set_language(book.language)
    e.add_metadata("DC", "date", book.date)
    for i, c in enumerate(book.contributors, start=1):
        tag = "creator" if c.role in ("aut", "edt") else "contributor"
        e.add_metadata("DC", tag, c.name, {"id": f"contrib{i}"})
        e.add_metadata(None, "meta", c.role, {"refines": f"#contrib{i}",
                                              "property": "role",
                                              "scheme": "marc:relators"})
    if book.publisher:
        e.add_metadata("DC", "publisher", book.publisher)
    if book.rights:
        e.add_metadata("DC", "rights", book.rights)
    if book.description:
        e.add_metadata("DC", "description", book.description)
    for s in book.subjects:
        e.add_metadata("DC", "subject", s)
    for ch in book.chapters:
        src = inline_text(ch.original_publication)
        if src:
            e.add_metadata("DC", "source", " ".join(src.split()))
    docs = [ch.document for ch in book.chapters] + \
        ([book.introduction] if book.introduction else [])
    has_notes = any(d.notes for d in docs)
    if cover_png is not None:  # for EPUB 2 reading systems
        e.add_metadata(None, "meta", "", {"name": "cover",
                                          "content": "cover-image"})
    for prop, value in _accessibility({s.kind for s in sections}, has_notes,
                                      page_list is not None):
        e.add_metadata(None, "meta", value, {"property": prop})
    e.add_metadata(None, "meta", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
                   {"property": "dcterms:conformsTo"})
    if book.publisher:  # who stands behind the claim (checked by Ace)
        e.add_metadata(None, "meta", book.publisher,
                       {"property": "a11y:certifiedBy"})
    if page_list:
        e.add_metadata(None, "meta", f"{book.identifier} (print edition, "
                       f"{book.options['output'].page_size})",
                       {"property": "pageBreakSource"})

    css = []
    for name in ("base.css", "epub.css"):
        data = (STYLES / name).read_bytes()
        e.add_item(epub.EpubItem(uid=name.replace(".", "-"),
                                 file_name=f"css/{name}", media_type="text/css",
                                 content=data))
        css.append(f"css/{name}")
    if cover_png is not None:
        image = epub.EpubItem(uid="cover-image", file_name=COVER_IMAGE,
                              media_type="image/png", content=cover_png)
        image.properties = ["cover-image"]
        e.add_item(image)
    spine = []
    for sec in sections:
        item = epub.EpubItem(uid=f"doc-{sec.id}", file_name=sec.file,
                             media_type="application/xhtml+xml",
                             content=_document(renderer, sec, css))
        e.add_item(item)
        spine.append(item)
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml",
                        media_type="application/xhtml+xml",
                        content=_nav(renderer, sections, page_list or []))
    nav.properties = ["nav"]
    e.add_item(nav)
    e.add_item(epub.EpubNcx())
    # (the NCX's ids must be XML names: "50-ways" is not one)
    e.toc = [epub.Link(f"{s.file}#{s.id}", s.title, f"toc-{s.id}")
             for s in sections if s.toc]
    # Title page and copyright first, then the contents, then the text.
    front = [i for i, s in zip(spine, sections)
             if s.kind in ("cover", "titlepage", "copyright-page")]
    rest = [i for i, s in zip(spine, sections)
            if s.kind not in ("cover", "titlepage", "copyright-page")]
    e.spine = front + [nav] + rest
    mtime = _dt.datetime.strptime(book.modified, "%Y-%m-%dT%H:%M:%SZ")
    buf = io.BytesIO()
    try:
        writer = _Writer(buf, e, {"raise_exceptions": True, "mtime": mtime,
                                  "epub2_guide": False, "epub3_landmark": False,
                                  "play_order": {"enabled": True,
                                                 "start_from": 1}})
        writer.process()
        writer.write()
    except Exception as err:  # ebooklib raises bare exceptions
        raise RenderError(f"{out}: could not write the EPUB ({err})") from err
    out.write_bytes(normalise_zip(buf.getvalue(), mtime))


def _accessibility(kinds: set[str], has_notes: bool,
                   page_list: bool) -> list[tuple[str, str]]:
    """The schema.org accessibility metadata, claiming only what this
    book has (``kinds`` of its sections: a cover, an index, a bibliography;
    notes; print page numbers).  The cover's artwork carries no information
    beyond its words, so it adds no visual access mode (DAISY Knowledge
    Base, accessMode ``visual``)."""
    feats = ["structuralNavigation", "tableOfContents", "readingOrder",
             "displayTransformability"]
    if "cover" in kinds:
        feats.append("alternativeText")
    if "index" in kinds:
        feats.append("index")
    if page_list:
        feats.append("printPageNumbers")
    out = [("schema:accessMode", "textual"),
           ("schema:accessModeSufficient", "textual")]
    out += [("schema:accessibilityFeature", f) for f in feats]
    out += [("schema:accessibilityHazard", "none")]
    out += [("schema:accessibilitySummary", _summary(
        kinds, has_notes=has_notes, page_list=page_list))]
    return out


def _summary(kinds: set[str], *, has_notes: bool, page_list: bool) -> str:
    """A sentence or two on what a reader can rely on."""
    extras = []
    if has_notes:
        extras.append("notes linked both ways (they open as pop-ups where "
                      "the reading system supports it)")
    if "bibliography" in kinds:
        extras.append("a linked bibliography")
    if "index" in kinds:
        extras.append("an index linked to the text")
    if page_list:
        extras.append("the page numbers of the print edition")
    first = ("This publication meets EPUB Accessibility 1.1 and WCAG 2.2 "
             "at level AA. It has a table of contents, landmarks and "
             "headings in logical order")
    if extras:
        first += ", " + ", ".join(extras[:-1]) + \
            (" and " if len(extras) > 1 else "") + extras[-1]
    images = ("The only image is the cover, whose words are its "
              "alternative text" if "cover" in kinds
              else "There are no images")
    return (f"{first}. Fonts and colours are left to the reading system "
            "and sizes are relative, so the text can be enlarged and read "
            f"in night mode. {images}. There are no hazards.")


def normalise_zip(data: bytes, when: _dt.datetime) -> bytes:
    """Rewrite an EPUB zip reproducibly: mimetype first and stored, then
    META-INF, then the rest in name order; fixed times and permissions."""
    stamp = max(when, _dt.datetime(1980, 1, 1)).timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = ["mimetype"] + sorted(n for n in names if n.startswith("META-INF/")) \
        + sorted(n for n in names if n != "mimetype"
                 and not n.startswith("META-INF/"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, src.read(name), compresslevel=9
                       if name != "mimetype" else None)
    return out.getvalue()
