"""EPUB files (``epub``, EPUB 2 and 3): the spine in order, notes in other
files linked back to their calls, the OPF's metadata, and ``select:`` to
take one chapter or a range of chapters of a collection.

The files of the spine are joined into one page (their ids and links made
unique), which then goes through the HTML pre-pass of :mod:`.html`
(Gutenberg licence, notes, page numbers; no search for a main text: an
EPUB holds nothing but its text) and pandoc's HTML reader.  pandoc's own
EPUB reader is not used: it does not link notes that sit in another file,
and it keeps calibre's class spans and empty anchors.

``select:`` names a chapter by its title in the table of contents (nav or
NCX), by the first heading of a file, or by file name
(``select: "text/ch03.xhtml"``); a range is ``"A .. B"``.  The files
outside the selection are left out (listed in the report as
``not-selected``), except the notes they hold for the selected files.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Any, Mapping
from urllib.parse import unquote

from lxml import etree

from ...errors import InputError
from ...languages import plainly_differs
from ...report import CleaningReport
from ...text import source_language
from ..registry import CleanResult, cleaner
from .common import check_options, find_heading, finish, language_tag, \
    names, parse_select
from . import runner
from .convert import NOTE_CALL_CLASS
from .formats import zip_names
from .boiler import (apply_classes, css_classes, strip_provenance,
                     unwrap_layout_tables)
from .lead import strip_book_links, strip_furniture, strip_info, trim_edges
from .notes import bracket_notes
from .page import detach_tail
from .site import strip_link_blocks
from .styled import heading_classes, styled_headings
from .html import (PageMeta, attr, base_text, strip_contents,
                   strip_image_links, strip_notes_headings, convert_html, decode_html, drop, link_notes,
                   local, metadata, parse, strip_gutenberg, strip_never_text,
                   strip_pagenums, strip_title, text_of)

NAME = "epub"

_NS = {"opf": "http://www.idpf.org/2007/opf",
       "dc": "http://purl.org/dc/elements/1.1/",
       "c": "urn:oasis:names:tc:opendocument:xmlns:container",
       "ncx": "http://www.daisy.org/z3986/2005/ncx/"}


_FRONT = {"titlepage", "halftitlepage", "imprint", "colophon",
          "copyright-page", "cover", "toc", "landmarks", "loi", "lot",
          "seriespage", "other-credits", "errata"}
"""``epub:type`` values of the publisher's pages, left out of the text
(kind ``front-matter``): title page, imprint, colophon, copyright page,
covers and lists."""

_AUTHORS_OWN = {"epigraph", "dedication"}
"""``epub:type`` values of the author's own words a title page may hold
(The Waste Land's epigraph and dedication): kept when the page goes."""


def _keep_authors_own(page: Any, report: CleaningReport) -> None:
    """Take the epigraphs and dedications out of a publisher's page about
    to be left out, to stand where it stood (counted,
    ``front-matter-kept``)."""
    own = [k for k in page.iterdescendants() if isinstance(k.tag, str)
           and set(attr(k, "type").lower().split()) & _AUTHORS_OWN]
    own = [k for k in own if not any(a in own for a in k.iterancestors())]
    for k in own:
        detach_tail(k)
        k.getparent().remove(k)
        k.tail = None
        page.addprevious(k)
    report.counts["front-matter-kept"] += len(own)


def detect(data: bytes) -> float:
    members, mime = zip_names(data)
    if mime == b"application/epub+zip":
        return 0.95
    if "META-INF/container.xml" in members:
        return 0.8
    return 0.0


def _xml(z: zipfile.ZipFile, name: str, source: str) -> Any:
    try:
        data = z.read(name)
    except KeyError:
        raise InputError(f"{source}: the EPUB has no {name}; it is damaged "
                         f"or not an EPUB") from None
    try:
        return etree.fromstring(data, etree.XMLParser(recover=True,
                                                      resolve_entities=False))
    except etree.XMLSyntaxError as e:
        raise InputError(f"{source}: {name} in the EPUB is not XML: {e}") \
            from None


def _opf(z: zipfile.ZipFile, source: str) -> tuple[str, Any]:
    container = _xml(z, "META-INF/container.xml", source)
    root = container.find(".//c:rootfile", _NS)
    if root is None or not root.get("full-path"):
        raise InputError(f"{source}: META-INF/container.xml names no "
                         f"package file")
    path = root.get("full-path")
    return path, _xml(z, path, source)


def _metadata(opf: Any, report: CleaningReport) -> PageMeta:
    pm = PageMeta()
    md = opf.find("opf:metadata", _NS)
    if md is None:
        md = opf.find(".//{*}metadata")
    if md is None:
        return pm
    roles: dict[str, set[str]] = {}
    for meta in md.findall("{*}meta"):
        if meta.get("property") == "role" and meta.get("refines"):
            roles.setdefault(meta.get("refines").lstrip("#"), set()).add(
                (meta.text or "").strip())
    title = md.find("dc:title", _NS)
    pm.title = " ".join((title.text or "").split()) if title is not None else ""
    for c in md.findall("dc:creator", _NS) + md.findall("dc:contributor", _NS):
        name = " ".join((c.text or "").split())
        if not name:
            continue
        given = c.get(f"{{{_NS['opf']}}}role")
        found = {given} if given else roles.get(c.get("id", ""), set())
        if not found and local(c.tag) == "creator":
            found = {"aut"}
        role = next((r for r in ("aut", "trl", "edt") if r in found), "")
        if role == "aut":
            pm.authors.extend(names(name, report))
        elif role == "trl":
            pm.translators.append(name)
        elif role == "edt":
            pm.extra.append(("editor", name))
    lang = md.find("dc:language", _NS)
    pm.language = language_tag(lang.text or "") if lang is not None else ""
    date = md.find("dc:date", _NS)
    if date is not None and date.text:
        # the edition's date (often the day the file was made), not the
        # work's: kept as a further fact, never as the chapter's date
        pm.extra.append(("edition-date", date.text.strip()[:10] if re.match(
            r"\d{4}-\d\d-\d\dT", date.text.strip()) else date.text.strip()))
    for key in ("publisher", "rights", "source", "description"):
        el = md.find(f"dc:{key}", _NS)
        if el is not None and (el.text or "").strip():
            value = " ".join(re.sub(r"<[^>]+>", " ", el.text).split())
            # dc:rights is the licence "About the texts" shows
            pm.extra.append(("license" if key == "rights" else key, value))
    return pm


def _toc(z: zipfile.ZipFile, opf_dir: str, opf: Any,
         items: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """File (zip path) -> first title the table of contents gives it."""
    titles: dict[str, str] = {}

    def add(href: str, base: str, title: str) -> None:
        path = posixpath.normpath(posixpath.join(base, unquote(
            href.split("#")[0])))
        title = " ".join(title.split())
        if title and path not in titles:
            titles[path] = title

    for _id, (href, _mt, props) in items.items():
        if "nav" in props.split():
            try:
                nav = parse(z.read(href).decode("utf-8", "replace"))
            except (KeyError, InputError):
                continue
            base = posixpath.dirname(href)
            for n in nav.iter("nav"):
                typ = " ".join(v for k, v in n.attrib.items()
                               if k.endswith("type"))
                if "toc" not in typ:
                    continue
                for a in n.iter("a"):
                    if a.get("href"):
                        add(a.get("href"), base, text_of(a))
    spine = opf.find("opf:spine", _NS)
    ncx_id = spine.get("toc") if spine is not None else None
    if ncx_id and ncx_id in items and not titles:
        href = items[ncx_id][0]
        try:
            ncx = etree.fromstring(z.read(href), etree.XMLParser(recover=True))
        except (KeyError, etree.XMLSyntaxError):
            ncx = None
        if ncx is not None:
            base = posixpath.dirname(href)
            for point in ncx.iter("{*}navPoint"):
                label = point.find("{*}navLabel/{*}text")
                content = point.find("{*}content")
                if label is not None and content is not None:
                    add(content.get("src", ""), base, label.text or "")
    return titles


def _select(files: list[str], titles: dict[str, str], heads: list[str],
            value: Any, source: str) -> tuple[int, int]:
    first, last = parse_select(value, source)

    def index(wanted: str) -> int:
        for i, f in enumerate(files):
            if wanted == f or f.endswith("/" + wanted) or \
                    posixpath.basename(f) == wanted:
                return i
        names_ = [titles.get(f) or heads[i] or posixpath.basename(f)
                  for i, f in enumerate(files)]
        return find_heading(names_, wanted, "chapters of the EPUB", source)

    a, b = index(first), index(last)
    if b < a:
        raise InputError(f"{source}: `select:` “{last}” comes before "
                         f"“{first}” in the EPUB")
    return a, b


def _style_sheets(z: zipfile.ZipFile, name: str, doc: Any) -> str:
    """The CSS a file of the book uses: its linked style sheets (calibre
    sets italics and bold by class there) and its own ``<style>``."""
    css: list[str] = []
    for link in doc.iter("link"):
        if "stylesheet" not in (link.get("rel") or "").lower():
            continue
        path = posixpath.normpath(posixpath.join(
            posixpath.dirname(name), unquote(link.get("href") or "")))
        try:
            css.append(z.read(path).decode("utf-8", "replace"))
        except KeyError:
            continue
    css.extend("".join(st.itertext()) for st in doc.iter("style"))
    return "\n".join(css)


@cleaner(NAME, detect=detect, version=runner.READER_VERSION,
         extensions=(".epub",),
         binary=True, docs="docs/formats/epub.md",
         description="EPUB 2 and 3: spine in order, notes in other files "
                     "linked to their calls, OPF metadata; select: takes "
                     "chapters")
def clean(raw: bytes, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    opts = check_options(options, {"select"}, NAME, source)
    report = CleaningReport(cleaner=NAME, file=source)
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise InputError(f"{source}: not a ZIP archive, so not an EPUB") \
            from None
    with z:
        opf_path, opf = _opf(z, source)
        opf_dir = posixpath.dirname(opf_path)
        pm = _metadata(opf, report)
        items: dict[str, tuple[str, str, str]] = {}
        for it in opf.iter("{*}item"):
            href = posixpath.normpath(posixpath.join(
                opf_dir, unquote(it.get("href", ""))))
            items[it.get("id", "")] = (href, it.get("media-type", ""),
                                       it.get("properties", ""))
        files: list[str] = []
        for ref in opf.iter("{*}itemref"):
            item = items.get(ref.get("idref", ""))
            if item and item[1] in ("application/xhtml+xml", "text/html"):
                if item[0] not in files:
                    files.append(item[0])
        if not files:
            raise InputError(f"{source}: the EPUB's spine lists no text")
        titles = _toc(z, opf_dir, opf, items)
        merged = etree.Element("body")
        docs: list[Any] = []
        styles: list[str] = []
        for f in files:
            try:
                data = z.read(f)
            except KeyError:
                report.problem("EPUB001", f"the spine names {f}, which the "
                               f"EPUB does not hold")
                docs.append(None)
                continue
            try:
                doc = parse(decode_html(data, f, report))
            except InputError as e:
                raise InputError(f"{source}: {f}: {e}") from None
            docs.append(doc)
            styles.append(_style_sheets(z, f, doc))
    heads: list[str] = []
    for doc in docs:
        h = None if doc is None else next(iter(doc.iter("h1", "h2", "h3")),
                                          None)
        heads.append(text_of(h) if h is not None else "")
    lo, hi = 0, len(files) - 1
    by_heading = None
    if opts.get("select") is not None:
        try:
            lo, hi = _select(files, titles, heads, opts["select"], source)
        except InputError as e:
            # not a chapter of the spine: a range of headings inside it
            by_heading, first_error = opts["select"], e
    base_parts: list[str] = []
    keys = {f: f"f{i}" for i, f in enumerate(files)}
    for i, (f, doc) in enumerate(zip(files, docs)):
        if doc is None:
            continue
        body = doc.find(".//body")
        if body is None:
            continue
        # headings first: LibreOffice sets a heading's size and weight on
        # the span inside its paragraph, which apply_classes rewrites
        styled_headings(body, heading_classes(styles[i]), report)
        apply_classes(body, css_classes(styles[i]), report)
        strip_never_text(body, report)
        unwrap_layout_tables(body, report)
        # page numbers first: a word a marker sat inside is one word
        strip_pagenums(body, report)
        if lo <= i <= hi:
            base_parts.append(base_text(body))
        strip_gutenberg(body, pm, report)
        for nav in list(body.iter("nav")):
            drop(nav, "boilerplate", report)
        for el in list(body.iter()):
            if not isinstance(el.tag, str) or el.getparent() is None:
                continue
            types = set(attr(el, "type").lower().split())
            if types & _FRONT:
                _keep_authors_own(el, report)
                drop(el, "front-matter", report)
        strip_book_links(body, set(files), f, report)
        strip_furniture(body, report)
        strip_info(body, pm, report)
        strip_provenance(body, pm, report)
        strip_link_blocks(body, report)
        trim_edges(body, report)
        key = keys[f]
        for el in body.iter():
            if not isinstance(el.tag, str):
                continue
            for k in ("id", "name"):
                if el.get(k):
                    el.set(k, f"{key}--{el.get(k)}")
            href = el.get("href")
            if href is not None and local(el.tag) == "a" and \
                    not re.match(r"(?i)^[a-z][\w+.-]*:", href):
                path, _, frag = href.partition("#")
                target = f if not path else posixpath.normpath(
                    posixpath.join(posixpath.dirname(f), unquote(path)))
                if target in keys and frag:
                    el.set("href", f"#{keys[target]}--{frag}")
                elif target in keys:
                    el.set("href", f"#{keys[target]}--")
        wrapper = etree.SubElement(merged, "div")
        wrapper.set("class", "pmph-file")
        wrapper.set("n", str(i))
        wrapper.text = body.text
        for child in list(body):
            wrapper.append(child)
    notes = link_notes(merged, report)
    notes += bracket_notes(merged, report)
    if notes:
        strip_notes_headings(merged, report)
    strip_contents(merged, report)
    strip_image_links(merged, report)
    for wrapper in list(merged):
        i = int(wrapper.attrib["n"])  # set on every wrapper above
        if not lo <= i <= hi:
            text = text_of(wrapper)
            if text:
                report.remove("not-selected", f"[{files[i]}] {text}", 0)
            merged.remove(wrapper)
    calls = {s.get("n") for s in merged.iter("span")
             if s.get("class") == NOTE_CALL_CLASS}
    for n in notes:
        if n.get("n") in calls:
            merged.append(n)
    if lo > 0 or hi < len(files) - 1:
        report.counts["files-selected"] = hi - lo + 1
        # A selected chapter's title is the chapter's, not the book's.
        chosen = titles.get(files[lo]) or heads[lo]
        if chosen and lo == hi:
            pm.extra.append(("book", pm.title))
            pm.title = chosen
    report.counts["files"] = len(files)
    strip_title(merged, pm, report)
    differs = plainly_differs(text_of(merged)[:60000], pm.language)
    if differs:
        report.problem("EPUB002", f"{differs} (the OPF's dc:language); the "
                       f"declared language is kept: write the chapter's "
                       f"`language:` to set the right one")
    html_doc = etree.Element("html")
    html_doc.append(merged)
    with source_language(pm.language):
        conv = convert_html(merged, report, source, "", book=True)
    meta, kept = metadata(pm, report)
    if by_heading is not None:
        try:
            return finish(NAME, report, meta, conv,
                          " ".join([*base_parts, *kept]), select=by_heading,
                          source=source)
        except InputError:
            raise InputError(f"{first_error}; nor does any heading inside "
                             f"the text match") from None
    return finish(NAME, report, meta, conv, " ".join([*base_parts, *kept]),
                  source=source)

