"""Web pages and saved articles (``html``): the main text, its notes and
metadata, through a pre-pass of our own (lxml) and pandoc's HTML reader.

The pre-pass, in order (every word it leaves out is listed in the report
with its kind):

1. **Charset**: a byte-order mark, ``<meta charset>``, ``http-equiv``
   content type or the XML declaration, else UTF-8, else Windows-1252
   (reported as a guess).
2. **Metadata**: ``<title>``, ``og:title``, ``DC.title``,
   ``citation_title``; authors from ``author``, ``DC.creator``,
   ``citation_author``; the date; the language from ``<html lang>``,
   ``xml:lang``, ``Content-Language`` or ``DC.language``.  A Project
   Gutenberg page gives title, author, translator and language from its
   header block.
3. **Never text**: scripts, styles, forms, embedded objects.
4. **Project Gutenberg**: the header and the licence (``pg-header``,
   ``pg-footer``, the ``*** START``/``*** END OF THE PROJECT GUTENBERG``
   lines and everything before/after them): kind ``licence``.
5. **Notes**: links ``href="#x"`` whose text is a note label (``1``,
   ``[2]``, ``*``, a superscript), or marked ``noteref``, whose target is a
   block elsewhere: the target block becomes the note, the link its call,
   the note's link back to its call is dropped (kinds ``note-call``,
   ``note-backlink``, ``note-number``).  Notes may sit in another file of
   an EPUB.
6. **Page furniture**: page numbers of printed editions
   (``span.pagenum``), kind ``page-number``.
7. **Boilerplate**: ``nav``, page ``header``/``footer``, ``aside`` (unless a
   note), ARIA landmarks other than the main one, blocks whose class or id
   says navigation, menu, breadcrumbs, sidebar, share, comments...;
   then the main text: ``<main>``, the single or largest ``<article>``, or
   the element holding most paragraph text (when it holds most of the
   page's); inside it, blocks made mostly of links (tables of contents,
   "next/previous" bars).  Kind ``boilerplate``.
8. **The title repeated**: a first heading equal to the page's title is
   the title (kind ``title``).

These rules are ours rather than a boilerplate library's: trafilatura and
readability-lxml return the main text without the notes (which sit outside
it) and flatten verse and headings, and they cannot say what they removed;
here every removal is listed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from lxml import etree
from lxml import html as lhtml

from ...errors import InputError
from ...model import Metadata
from ...report import CleaningReport
from .. import CleanResult, cleaner
from . import runner
from .common import check_options, finish, fix, language_tag, names
from .convert import NOTE_CALL_CLASS, NOTE_CLASS, Converter, ast_text

NAME = "html"

_BLOCK = {"p", "div", "li", "dd", "dt", "blockquote", "aside", "section",
          "article", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
          "table", "ul", "ol", "dl", "figure", "footer", "header", "body",
          "main", "nav", "tr"}
_NEVER_TEXT = ("script", "style", "template", "noscript", "svg", "canvas",
               "iframe", "object", "embed", "form", "button", "select",
               "textarea", "input", "video", "audio", "map")
_NAV_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|"
    r"side-bar|site-?footer|site-?header|masthead|skip(?:-?link)?|share|"
    r"sharing|social|related|advert|ads|adsense|cookie|comments?|"
    r"pagination|pager|toolbar|widget|subscribe|newsletter|donate|"
    r"screen-reader-text|sr-only|visually-hidden)(?:$|[-_\s])", re.I)
_LANDMARKS = {"navigation", "banner", "contentinfo", "search",
              "complementary"}
_LABEL = re.compile(r"^[\[(]?\s*(\d{1,4}|[*†‡§¶]{1,3}|[a-z]|[ivxlc]{1,6})"
                    r"\s*[\])]?\.?$", re.I)
_NOTE_KIND = re.compile(r"foot-?note|end-?note|rear-?note|\bnote|\bfn\d*\b",
                        re.I)
_PAGENUM = re.compile(r"\bpage-?num|\bpageno\b|\bpagenumber\b", re.I)
_PG_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG",
                       re.I)
_PG_END = re.compile(r"\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_PG_CREDIT = re.compile(r"^(?:Produced|Transcribed|Prepared|E-?text prepared|"
                        r"This e-?(?:text|book) was (?:produced|prepared))\b"
                        r".{0,300}\bby\b", re.I | re.S)
_PG_TITLE = re.compile(r"^The Project Gutenberg e-?Book of (.+?)"
                       r"(?:,\s+by\s+(.+))?$", re.I | re.S)
_LANG_NAMES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es",
    "italian": "it", "portuguese": "pt", "russian": "ru", "dutch": "nl",
    "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi",
    "polish": "pl", "czech": "cs", "greek": "el", "latin": "la",
    "hungarian": "hu", "catalan": "ca", "esperanto": "eo", "ukrainian": "uk",
    "bulgarian": "bg", "serbian": "sr", "macedonian": "mk", "chinese": "zh",
    "japanese": "ja", "hebrew": "he", "arabic": "ar", "yiddish": "yi",
    "welsh": "cy", "irish": "ga", "tagalog": "tl", "romanian": "ro",
}


# --------------------------------------------------------------------------
# Charset
# --------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def decode_html(data: bytes, source: str,
                report: CleaningReport | None = None) -> str:
    """The page's text in its declared charset (a BOM, ``<meta charset>``,
    ``http-equiv``, the XML declaration), else UTF-8, else Windows-1252."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE,
                     "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    head = data[:4096]
    declared = None
    for rx in (_XML_DECL, _META_CHARSET):
        m = rx.search(head)
        if m:
            declared = m.group(1).decode("ascii").lower()
            break
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
            if report:
                report.problem("HTML001", f"unknown charset {declared!r} "
                               f"declared; read as UTF-8 or Windows-1252")
        if codec:
            if codec in ("latin-1", "iso8859-1", "ascii"):
                codec = "cp1252"  # as browsers do (WHATWG)
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                if report:
                    report.problem("HTML001", f"the page declares {declared} "
                                   f"but is not valid {declared}; bad bytes "
                                   f"replaced")
                return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if report:
            report.problem("HTML001", "no charset declared and not UTF-8; "
                           "read as Windows-1252")
        return data.decode("cp1252", "replace")


def detect(data: bytes) -> float:
    """Score that ``data`` is an HTML page."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:1024]:
        return 0.0
    score = 0.0
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        score += 0.7
    elif head.startswith(b"<?xml") and b"<html" in head:
        score += 0.7
    if b"<body" in head or b"<head" in head:
        score += 0.15
    tags = len(re.findall(rb"<(?:p|div|br|h[1-6]|span)\b", data[:200000],
                          re.I))
    lines = data[:200000].count(b"\n") + 1
    if tags >= 5 and tags / lines > 0.2:
        score += 0.15
    if score and re.match(rb"^(?:#title|---\s*\n|\\documentclass)", head):
        score = 0.0
    return round(min(score, 1.0), 3)


# --------------------------------------------------------------------------
# Parsing and metadata
# --------------------------------------------------------------------------

def parse(text: str) -> Any:
    """An lxml HTML document of ``text`` (XHTML accepted)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lhtml.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise InputError(f"cannot parse the HTML: {e}") from None


def local(tag: Any) -> str:
    """An element's tag without namespace, lower case ('' for comments)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def attr(el: Any, name: str) -> str:
    """An attribute, also under a namespace prefix (``epub:type``)."""
    for k, v in el.attrib.items():
        kk = k.rsplit("}", 1)[-1]
        if kk == name or kk.endswith(":" + name):
            return v
    return ""


def text_of(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _metas(doc: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in doc.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("http-equiv")
               or "").strip().lower()
        val = (m.get("content") or "").strip()
        if key and val:
            out.setdefault(key, []).append(val)
    return out


@dataclass
class PageMeta:
    """What a page says about itself."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    date: str = ""
    language: str = ""
    extra: list[tuple[str, str]] = field(default_factory=list)


def page_meta(doc: Any) -> PageMeta:
    m = _metas(doc)
    pm = PageMeta()

    def first(*keys: str) -> str:
        for k in keys:
            if m.get(k):
                return m[k][0]
        return ""

    title_el = doc.find(".//title")
    title = text_of(title_el) if title_el is not None else ""
    pm.title = first("citation_title", "dc.title", "og:title") or title
    authors = (m.get("citation_author") or m.get("dc.creator")
               or m.get("author") or m.get("article:author") or [])
    pm.authors = [n for a in authors for n in names(a)]
    pm.date = first("citation_publication_date", "citation_date", "dc.date",
                    "article:published_time", "date")
    html_el = doc.getroot() if hasattr(doc, "getroot") else doc
    lang = (html_el.get("lang") or attr(html_el, "lang")
            or first("content-language", "dc.language", "language"))
    pm.language = language_tag(lang or "")
    publisher = first("citation_publisher", "dc.publisher", "og:site_name")
    if publisher:
        pm.extra.append(("publisher", publisher))
    if not pm.authors or not pm.date:
        _byline(doc, pm)
    pg = _PG_TITLE.match(title)
    if pg:
        pm.title = pg.group(1).strip()
        if pg.group(2):
            pm.authors = list(names(pg.group(2).strip()))
    return pm


_AUTHOR_CLASS = re.compile(r"(?:^|[-_\s])(?:author|byline|by-line|creator|"
                           r"author-name)(?:$|[-_\s])", re.I)
_DATE_CLASS = re.compile(r"(?:^|[-_\s])(?:date|pubdate|published|"
                         r"publication-date)(?:$|[-_\s])", re.I)


def _byline(doc: Any, pm: PageMeta) -> None:
    """The author and date a page prints by its title (``class="author"``,
    ``rel="author"``, ``itemprop="author"``, ``<time>``)."""
    body = doc.find(".//body")
    if body is None:
        return
    for el in body.iter():
        if not isinstance(el.tag, str) or local(el.tag) in ("a", "meta"):
            if not (isinstance(el.tag, str) and el.get("rel") == "author"):
                continue
        what = f"{el.get('class') or ''} {el.get('itemprop') or ''} " \
               f"{el.get('rel') or ''}"
        text = text_of(el)
        if not text or len(text) > 100:
            continue
        if not pm.authors and _AUTHOR_CLASS.search(what):
            pm.authors = list(names(re.sub(r"(?i)^(?:by|par|por|von|de)\s+",
                                           "", text)))
        elif not pm.date and (_DATE_CLASS.search(what) or (
                local(el.tag) == "time" and el.get("datetime"))):
            if re.search(r"\d{3,4}", text):
                pm.date = text
        if pm.authors and pm.date:
            return


def gutenberg_header(text: str, pm: PageMeta) -> None:
    """Title, author, translator and language from a Gutenberg header."""
    for key, value in re.findall(r"(?m)^\s*(Title|Author|Translator|"
                                 r"Language|Release [Dd]ate|Editor)\s*:\s*(.+)$",
                                 text):
        value = value.strip()
        if key == "Title":
            pm.title = value
        elif key == "Author":
            pm.authors = list(names(value))
        elif key == "Translator":
            pm.translators = list(names(value))
        elif key == "Language":
            pm.language = _LANG_NAMES.get(value.split()[0].lower(),
                                          pm.language)
        elif key == "Editor":
            pm.extra.append(("editor", value))


# --------------------------------------------------------------------------
# Removal helpers
# --------------------------------------------------------------------------

def drop(el: Any, kind: str, report: CleaningReport, line: int = 0) -> None:
    """Remove ``el`` (keeping its tail) and list its text as removed."""
    text = text_of(el)
    if text:
        report.remove(kind, text, line or (el.sourceline or 0))
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _classes(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def strip_never_text(root: Any, report: CleaningReport) -> None:
    for el in list(root.iter(*_NEVER_TEXT)):
        if el.getparent() is None:
            continue
        if local(el.tag) in ("script", "style", "template"):
            el.drop_tree()
            report.counts["removed-script-style"] += 1
        else:
            drop(el, "boilerplate", report)
    for c in list(root.iter(etree.Comment)):
        if c.getparent() is not None:
            c.drop_tree()


# --------------------------------------------------------------------------
# Project Gutenberg
# --------------------------------------------------------------------------

def _preceding_and_self(el: Any, body: Any, before: bool) -> list[Any]:
    """``el`` and everything before (or after) it in ``body``."""
    out = [el]
    node = el
    while node is not None and node is not body:
        sib = node.getprevious() if before else node.getnext()
        while sib is not None:
            out.append(sib)
            sib = sib.getprevious() if before else sib.getnext()
        node = node.getparent()
    return out


def strip_gutenberg(body: Any, pm: PageMeta, report: CleaningReport) -> bool:
    found = False
    for el in list(body.iter()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        cls = _classes(el)
        if re.search(r"\bpg-(?:header|footer|boilerplate)\b", cls) or \
                el.get("id") in ("pg-header", "pg-footer"):
            gutenberg_header(_block_text(el), pm)
            drop(el, "licence", report)
            found = True
    for rx, before in ((_PG_START, True), (_PG_END, False)):
        hit = None
        for el in body.iter():
            if not isinstance(el.tag, str):
                continue
            if rx.search(el.text or ""):
                hit = el
                break
        if hit is None:
            continue
        if before:
            gutenberg_header(_block_text_list(
                _preceding_and_self(hit, body, True)), pm)
            after = hit.getnext()
        for el in _preceding_and_self(hit, body, before):
            if el.getparent() is not None:
                drop(el, "licence", report)
        found = True
        if before:
            # "Produced by ...", "Transcribed from ... by ..." just after
            for _ in range(4):
                if after is None:
                    break
                nxt = after.getnext()
                if _PG_CREDIT.match(text_of(after)):
                    drop(after, "licence", report)
                after = nxt
    return found


def _block_text(el: Any) -> str:
    """Text with line breaks around blocks and at ``<br>`` (words of two
    paragraphs never run together; words split by inline tags do)."""
    out: list[str] = []

    def walk(node: Any, top: bool) -> None:
        if isinstance(node.tag, str):
            block = local(node.tag) in _BLOCK or local(node.tag) in (
                "br", "hr", "img")
            if block:
                out.append("\n")
            if node.text:
                out.append(node.text)
            for child in node:
                walk(child, False)
            if block:
                out.append("\n")
        if node.tail and not top:
            out.append(node.tail)

    walk(el, True)
    return "".join(out)


def _block_text_list(els: list[Any]) -> str:
    return "\n".join(_block_text(e) for e in reversed(els))


# --------------------------------------------------------------------------
# Notes
# --------------------------------------------------------------------------

def _is_block(el: Any) -> bool:
    return local(el.tag) in _BLOCK


def _note_block(target: Any, ids: set[str]) -> Any:
    """The block holding the note that ``target`` (an anchor) marks."""
    el = target
    while el is not None and not _is_block(el):
        el = el.getparent()
    if el is None:
        return None
    while True:
        parent = el.getparent()
        if parent is None or local(parent.tag) in ("body", "html", "main",
                                                   "article"):
            break
        inside = [x for x in parent.iter() if isinstance(x.tag, str)
                  and (x.get("id") or x.get("name")) in ids]
        if len(inside) > 1:
            break
        if local(parent.tag) in ("aside", "li", "dd") or \
                _NOTE_KIND.search(_classes(parent) + " " + attr(parent, "type")
                                  + " " + (parent.get("role") or "")):
            el = parent
            continue
        break
    return el


def _note_targets_in(el: Any, ids: set[str]) -> int:
    return sum(1 for x in el.iter() if isinstance(x.tag, str)
               and (x.get("id") or x.get("name")) in ids)


def link_notes(body: Any, report: CleaningReport,
               resolve: Any = None) -> list[Any]:
    """Find note calls and their notes; replace each call by a marker span
    and return the note blocks wrapped in marker divs (in call order), to
    be appended after the text.  ``resolve(href)`` maps an href to an
    element for links across files (EPUB); by default ``#id`` in ``body``."""
    by_id: dict[str, Any] = {}
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for key in ("id", "name"):
            v = el.get(key)
            if v and v not in by_id:
                by_id[v] = el

    def target_of(href: str) -> Any:
        if resolve is not None:
            return resolve(href)
        if href.startswith("#"):
            return by_id.get(href[1:])
        return None

    cands: list[tuple[Any, Any]] = []
    explicit_back: set[int] = set()
    explicit_call: set[int] = set()
    for a in list(body.iter("a")):
        href = a.get("href") or ""
        if "#" not in href:
            continue
        t = target_of(href)
        if t is None or t is a or _in_heading(t):
            continue  # a link to a heading: contents, not a note
        label = text_of(a)
        typ = f"{attr(a, 'type')} {a.get('role') or ''} {a.get('class') or ''}"
        marked = bool(re.search(r"noteref|footnote-?ref|fnref|footnote-?call"
                                r"|\bfn\b", typ, re.I))
        back = bool(re.search(r"backlink|footnote-?back|fnback|return",
                              typ, re.I))
        if not (marked or back or (_LABEL.match(label)
                                   and a.find(".//img") is None)):
            continue
        if back:
            explicit_back.add(id(a))
        elif marked:
            explicit_call.add(id(a))
        cands.append((a, t))
    if not cands:
        return []
    order = {id(el): i for i, el in enumerate(body.iter())}

    def host(x: Any) -> Any:
        """An empty anchor stands for the element right after it."""
        if len(x) == 0 and not (x.text or "").strip() and \
                not (x.tail or "").strip() and x.getnext() is not None:
            return x.getnext()
        return x

    def near(x: Any, y: Any) -> bool:
        x, y = host(x), host(y)
        return x is y or _contains(x, y) or _contains(y, x)

    # Two links pointing at each other: the later one is the note's way
    # back to its call (notes follow the text), unless marked otherwise.
    back = set(explicit_back)
    for a, t in cands:
        for b, u in cands:
            if b is a or not (near(t, b) and near(u, a)):
                continue
            later = a if order.get(id(a), 0) > order.get(id(b), 0) else b
            other = b if later is a else a
            if id(later) in explicit_call and id(other) not in explicit_call:
                later = other
            back.add(id(later))
    calls0 = [(a, t) for a, t in cands if id(a) not in back]
    target_ids = {(t.get("id") or t.get("name")) for _, t in calls0}
    calls: list[tuple[Any, Any]] = []
    for a, t in calls0:
        nb = _note_block(t, target_ids)
        if nb is None or _contains(nb, a) or local(nb.tag) in (
                "h1", "h2", "h3", "h4", "h5", "h6", "body") or \
                nb.find(".//h1") is not None or nb.find(".//h2") is not None \
                or nb.find(".//h3") is not None:
            continue
        calls.append((a, nb))
    for a, _ in cands:
        if id(a) in back and a.getparent() is not None:
            drop(a, "note-backlink", report)
    call_ids = set()
    for a, _ in calls:
        for el in (a, a.getparent()):
            if el is not None and el.get("id"):
                call_ids.add(el.get("id"))
    # Preserve order of first call; several calls to one note share it.
    notes: list[Any] = []
    emptied: list[Any] = []
    seen: dict[int, str] = {}
    for a, nb in calls:
        if a.getparent() is None:
            continue
        key = seen.get(id(nb))
        if key is None:
            key = str(len(seen) + 1)
            seen[id(nb)] = key
            wrapper = etree.Element("div")
            wrapper.set("class", NOTE_CLASS)
            wrapper.set("n", key)
            parent = nb.getparent()
            if parent is not None:
                emptied.append(parent)
                # keep the tail where it was
                if nb.tail and nb.tail.strip():
                    prev = nb.getprevious()
                    if prev is not None:
                        prev.tail = (prev.tail or "") + nb.tail
                    else:
                        parent.text = (parent.text or "") + nb.tail
                nb.tail = None
                parent.remove(nb)
            _strip_number(nb, text_of(a), report)
            wrapper.append(nb if local(nb.tag) not in ("li", "dd", "td", "tr")
                           else _as_div(nb))
            notes.append(wrapper)
        label = text_of(a)
        report.remove("note-call", label, a.sourceline or 0)
        span = etree.Element("span")
        span.set("class", NOTE_CALL_CLASS)
        span.set("n", key)
        host = a
        parent = a.getparent()
        if parent is not None and local(parent.tag) == "sup" and \
                text_of(parent) == label and len(parent) == 1:
            host = parent
        span.tail = host.tail
        host.getparent().replace(host, span)
        report.counts["note-links"] += 1
    for parent in emptied:
        # the list or section that held the notes, now without a word
        # (pandoc's and many sites' <section class="footnotes"><hr><ol>)
        while parent is not None and parent is not body and \
                parent.getparent() is not None and not text_of(parent):
            up = parent.getparent()
            drop(parent, "notes-heading", report)
            parent = up
    for wrapper in notes:
        for a in list(wrapper.iter("a")):
            href = a.get("href") or ""
            if "#" in href and href.rsplit("#", 1)[1] in call_ids:
                drop(a, "note-backlink", report)
    return notes


_NOTES_HEADING = re.compile(
    r"^\W*(?:foot-?notes?|end-?notes?|notes?|notas?|anmerkungen|fußnoten|"
    r"endnoten|примечания|сноски|notes de bas de page|note)\W*$", re.I)


def strip_notes_headings(root: Any, report: CleaningReport) -> None:
    """A "Notes" heading left with nothing under it once its notes moved
    to their calls."""
    _empty_headings(root, _NOTES_HEADING, "notes-heading", report)


def _empty_headings(root: Any, rx: Any, kind: str,
                    report: CleaningReport) -> None:
    for h in list(root.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        if h.getparent() is None or not rx.match(text_of(h)):
            continue
        sib = h.getnext()
        empty = True
        while sib is not None:
            if local(sib.tag) in ("h1", "h2", "h3", "h4", "h5", "h6"):
                break
            if text_of(sib):
                empty = False
                break
            sib = sib.getnext()
        if empty and not (h.tail or "").strip():
            drop(h, kind, report)


def _in_heading(el: Any) -> bool:
    node = el
    if local(node.tag) == "a" and not text_of(node) and \
            node.getnext() is not None:
        node = node.getnext()  # an empty anchor just before a heading
    while node is not None:
        if local(node.tag) in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return True
        node = node.getparent()
    return False


def _contains(outer: Any, el: Any) -> bool:
    node = el
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _is_note_like(target: Any, block: Any) -> bool:
    what = " ".join([_classes(target), attr(target, "type"),
                     target.get("role") or ""])
    if block is not None:
        what += " " + " ".join([_classes(block), attr(block, "type"),
                                block.get("role") or ""])
    return bool(_NOTE_KIND.search(what))


def _as_div(el: Any) -> Any:
    el.tag = "div"
    return el


def _strip_number(block: Any, label: str, report: CleaningReport) -> None:
    """Remove the note's own number at its start (``1.``, ``[1]``) when it
    repeats the call's label (its link back is already gone)."""
    core = re.sub(r"[\[\]().\s]", "", label)
    if not core:
        return
    first = next((n for n in block.iter() if isinstance(n.tag, str)
                  and n.text and n.text.strip()), None)
    if first is not None:
        m = re.match(r"^[\s\u00a0]*[.)\]:][\s\u00a0]+", first.text)
        # the rest of "1. " once the number (a link back) is gone
        if m and (first is block or first.getprevious() is None):
            report.remove("note-number", m.group(0).strip(), 0)
            first.text = first.text[m.end():]
    rx = re.compile(r"^\s*[\[(]?\s*" + re.escape(core) + r"\s*[\])]?\.?(?=\s|$)")
    for node in block.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and node.text.strip():
            m = rx.match(node.text)
            if m:
                report.remove("note-number", m.group(0).strip(),
                              node.sourceline or 0)
                node.text = node.text[m.end():].lstrip(" \t\n\u00a0")
            return
        if local(node.tag) in ("img",):
            return


# --------------------------------------------------------------------------
# Boilerplate and main text
# --------------------------------------------------------------------------

def strip_landmarks(body: Any, report: CleaningReport) -> None:
    for el in list(body.iter()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        tag = local(el.tag)
        role = (el.get("role") or "").lower()
        typ = attr(el, "type").lower()
        if tag == "aside" and (_NOTE_KIND.search(typ + " " + role + " "
                                                 + _classes(el))):
            continue
        if tag in ("nav", "aside") or role in _LANDMARKS or \
                "toc" in typ.split() or "landmarks" in typ.split():
            drop(el, "boilerplate", report)
        elif tag in ("header", "footer") and not _inside(el, ("article",
                                                               "main")):
            drop(el, "boilerplate", report)
        elif tag in ("div", "section", "ul", "ol", "p", "span", "table",
                     "td", "footer", "header", "form", "dl") and \
                _NAV_WORDS.search(_classes(el)):
            drop(el, "boilerplate", report)


def _inside(el: Any, tags: tuple[str, ...]) -> bool:
    node = el.getparent()
    while node is not None:
        if local(node.tag) in tags:
            return True
        node = node.getparent()
    return False


def strip_pagenums(body: Any, report: CleaningReport) -> None:
    for el in list(body.iter("span", "div", "a", "p")):
        if el.getparent() is None:
            continue
        if _PAGENUM.search(_classes(el)) and len(text_of(el)) < 30:
            drop(el, "page-number", report)
        elif attr(el, "type") == "pagebreak" or el.get("role") == "doc-pagebreak":
            drop(el, "page-number", report)


def _text_len(el: Any) -> int:
    return len(" ".join("".join(el.itertext()).split()))


def main_text(body: Any, report: CleaningReport) -> Any:
    """The element holding the main text; what is outside it is removed."""
    mains = [el for el in body.iter() if isinstance(el.tag, str) and (
        local(el.tag) == "main" or (el.get("role") or "") == "main")]
    chosen = None
    if len(mains) == 1:
        chosen = mains[0]
    else:
        arts = [el for el in body.iter("article")]
        if arts:
            chosen = max(arts, key=_text_len)
            if _text_len(chosen) < 0.4 * _text_len(body):
                chosen = None
    if chosen is None:
        score: dict[Any, float] = {}
        total = 0
        for p in body.iter("p", "blockquote", "pre", "li", "h2", "h3", "h4"):
            n = _text_len(p)
            if not n:
                continue
            total += n
            parent = p.getparent()
            if parent is not None:
                score[parent] = score.get(parent, 0) + n
                grand = parent.getparent()
                if grand is not None:
                    score[grand] = score.get(grand, 0) + n / 2
        if score:
            best = max(score, key=lambda e: score[e])
            if best is not body and _text_len(best) >= 0.75 * _text_len(body):
                chosen = best
    if chosen is None or chosen is body:
        return body
    for el in _preceding_and_self(chosen, body, True)[1:] + \
            _preceding_and_self(chosen, body, False)[1:]:
        if el.getparent() is not None and el is not chosen:
            drop(el, "boilerplate", report)
    return chosen


def strip_link_blocks(root: Any, report: CleaningReport) -> None:
    """Blocks made mostly of links: contents, next/previous bars."""
    candidates = [el for el in root.iter("p", "ul", "ol", "div", "table",
                                         "dl", "center")
                  if el.getparent() is not None]
    children = [c for c in root if isinstance(c.tag, str)]
    edges = set(map(id, children[:4] + children[-4:]))
    for el in candidates:
        if el.getparent() is None:
            continue
        total = _text_len(el)
        if not total:
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        if not links or any(a.get("class") == NOTE_CALL_CLASS for a in links):
            continue
        if el.find(f".//span[@class='{NOTE_CALL_CLASS}']") is not None:
            continue
        link_len = sum(_text_len(a) for a in links)
        density = link_len / total
        if (len(links) >= 2 and density >= 0.6 and
                (total < 400 or density >= 0.85)) or \
                (id(el) in edges and density >= 0.9 and total < 80):
            drop(el, "boilerplate", report)


_IMAGE_FILE = re.compile(r"(?i)\.(?:jpe?g|png|gif|svg|webp|tiff?|bmp)(?:[?#].*)?$")


def strip_image_links(root: Any, report: CleaningReport) -> None:
    """Links to a picture ("Enlarge", "[Illustration]") belong to the
    picture, which the book leaves out: kind ``image``."""
    for img in list(root.iter("img")):
        try:
            small = 0 < int(img.get("width", "0")) < 40 and \
                0 < int(img.get("height", "0")) < 40
        except ValueError:
            small = False
        if small and img.getparent() is not None:  # an icon
            report.remove("image", img.get("alt") or img.get("src") or "",
                          img.sourceline or 0)
            img.set("alt", "")
            drop(img, "image", report)
    for a in list(root.iter("a")):
        if a.getparent() is not None and _IMAGE_FILE.search(
                a.get("href") or "") and len(text_of(a)) < 40:
            if a.find(".//img") is not None:
                continue  # a linked picture: its description stays
            drop(a, "image", report)


def strip_contents(root: Any, report: CleaningReport) -> None:
    """A table of contents: a list, table or block whose links lead, three
    times or more, to the headings of the same text (kind ``contents``)."""
    heads: set[str] = set()
    for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        for el in [h, *h.iter(), h.getprevious(), h.getparent()]:
            if el is not None and isinstance(el.tag, str):
                for k in ("id", "name"):
                    if el.get(k):
                        heads.add(el.get(k))
        prev = h.getprevious()
        while prev is not None and local(prev.tag) == "a" and \
                not text_of(prev):
            heads.update(x for x in (prev.get("id"), prev.get("name")) if x)
            prev = prev.getprevious()
    if not heads:
        return
    for el in list(root.iter("ul", "ol", "table", "div", "p", "dl",
                             "section")):
        if el.getparent() is None:
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        to_heads = [a for a in links
                    if a.get("href", "").split("#")[-1] in heads
                    and "#" in a.get("href", "")]
        # links inside the text: to its headings, or to parts of it a
        # saved page no longer holds
        inner = [a for a in links if a.get("href", "").startswith("#")]
        if len(to_heads) < 3 or len(inner) < 0.6 * len(links):
            continue
        total = _text_len(el)
        dense = sum(_text_len(a) for a in inner) >= 0.4 * total or (
            len(inner) >= 5 and len(inner) >= 0.8 * len(links)
            and local(el.tag) in ("ul", "ol", "table", "dl"))
        if total and dense and \
                el.find(f".//span[@class='{NOTE_CALL_CLASS}']") is None and \
                not any(True for _ in el.iter("h1", "h2", "h3", "h4")):
            drop(el, "contents", report)
    _empty_headings(root, _CONTENTS_HEADING, "contents", report)


_CONTENTS_HEADING = re.compile(
    r"^\W*(?:contents|table of contents|index|sommaire|table des mati[eè]res"
    r"|[íi]ndice|inhalt|inhaltsverzeichnis|содержание|оглавление)\W*$", re.I)


def strip_title(root: Any, pm: PageMeta, report: CleaningReport) -> None:
    """A first heading that repeats the title (or gives it) is the title;
    a heading just after it that names the author is the byline."""
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())

    heads = [el for el in root.iter("h1", "h2", "h3")][:3]
    if not heads:
        return
    first = heads[0]
    t = text_of(first)
    if not pm.title:
        pm.title = t
        drop(first, "title", report)
        return
    if norm(t) and (norm(t) == norm(pm.title) or norm(pm.title).startswith(
            norm(t)) or norm(t).startswith(norm(pm.title))):
        if len(norm(t)) > len(norm(pm.title)):
            pm.title = t
        drop(first, "title", report)


# --------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------

def body_of(doc: Any) -> Any:
    body = doc.find(".//body")
    if body is None:
        body = doc
    return body


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def css_classes(css: str) -> dict[str, str]:
    """Classes a style sheet sets in italics, bold or small capitals
    (calibre and Gutenberg mark emphasis so): class -> em, strong or
    smallcaps."""
    out: dict[str, str] = {}
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for selectors, body in _CSS_RULE.findall(css):
        body = body.lower()
        kind = ""
        if re.search(r"font-variant\s*:\s*small-caps", body):
            kind = "smallcaps"
        elif re.search(r"font-style\s*:\s*(?:italic|oblique)", body):
            kind = "em"
        elif re.search(r"font-weight\s*:\s*(?:bold|[6-9]00)", body):
            kind = "strong"
        if not kind:
            continue
        for sel in selectors.split(","):
            m = re.fullmatch(r"\s*(?:span|i|em|b|strong)?\.([\w-]+)\s*", sel)
            if m:
                out.setdefault(m.group(1), kind)
    return out


def apply_classes(root: Any, classes: dict[str, str],
                  report: CleaningReport) -> None:
    """Spans whose class the style sheet sets in italics (bold, small
    capitals) become emphasis (strong, small capitals)."""
    small = {"smcap", "smallcaps", "small-caps", "sc", "smallcap"}
    for el in root.iter("span"):
        names_ = (el.get("class") or "").split()
        kinds = [classes.get(c) for c in names_ if classes.get(c)]
        if any(c.lower() in small for c in names_):
            kinds.append("smallcaps")
        if not kinds:
            continue
        kind = kinds[0]
        if kind == "em":
            el.tag = "em"
        elif kind == "strong":
            el.tag = "strong"
        else:
            el.set("class", "smallcaps")
            continue
        el.attrib.pop("class", None)
        el.attrib.pop("style", None)
        report.counts[f"css-{kind}"] += 1


def prepare(doc: Any, report: CleaningReport, pm: PageMeta, *,
            page: bool = True, resolve: Any = None) -> tuple[Any, str]:
    """Run the pre-pass on a parsed page; return (body, base text)."""
    body = body_of(doc)
    css = "\n".join("".join(st.itertext()) for st in doc.iter("style"))
    apply_classes(body, css_classes(css), report)
    strip_never_text(body, report)
    base = _block_text(body)
    strip_gutenberg(body, pm, report)
    notes = link_notes(body, report, resolve)
    if notes:
        strip_notes_headings(body, report)
    strip_pagenums(body, report)
    strip_contents(body, report)
    strip_image_links(body, report)
    if page:
        strip_landmarks(body, report)
        main = main_text(body, report)
        strip_link_blocks(main, report)
    else:
        main = body
    strip_title(main, pm, report)
    for n in notes:
        main.append(n)
    return main, base


_VERSE_TYPE = re.compile(r"z3998:(?:verse|poem|song|hymn|lyrics)\b")
_KEEP_ATTRS = {"href", "class", "n", "id", "src", "alt", "colspan", "rowspan",
               "start", "type", "lang", "style"}


def convert_html(main: Any, report: CleaningReport, source: str,
                 raw_text: str) -> Any:
    wrap_p: list[Any] = []
    for el in main.iter():
        if not isinstance(el.tag, str):
            continue
        if _VERSE_TYPE.search(attr(el, "type")) and local(el.tag) in (
                "div", "blockquote", "section", "p", "article"):
            el.set("class", ((el.get("class") or "") + " verse").strip())
        if ":" in el.tag or "}" in el.tag:
            el.tag = local(el.tag) or "span"
        if el.tag in ("article", "main", "header", "footer", "aside", "nav",
                      "hgroup"):
            el.tag = "div"  # pandoc drops these wrappers with their class
        if el.tag == "p" and "verse" in (el.get("class") or "").split():
            wrap_p.append(el)
        for k in list(el.attrib):
            if k not in _KEEP_ATTRS:
                # pandoc skips some (a title page's section) and keeps the
                # rest as presentation: what matters was read above
                del el.attrib[k]
    for el in wrap_p:
        div = etree.Element("div")
        div.set("class", "verse")
        el.addprevious(div)
        div.append(el)  # moves it (its tail stays with it, inside)
    html = etree.tostring(main, encoding="unicode", method="html")
    ast = runner.to_ast(html, "html", source=source)
    conv = Converter(report, source, raw_text).convert(ast["blocks"])
    return conv


def metadata(pm: PageMeta, report: CleaningReport) -> tuple[Metadata,
                                                            list[str]]:
    kept = [pm.title, pm.subtitle, pm.date, *pm.authors, *pm.translators,
            *(v for _, v in pm.extra)]
    meta = Metadata(
        title=fix(pm.title, report), subtitle=fix(pm.subtitle, report),
        authors=tuple(fix(a, report) for a in pm.authors),
        translators=tuple(fix(a, report) for a in pm.translators),
        date=" ".join(pm.date.split()),
        extra=tuple((k, v if k.endswith("date") else fix(v, report))
                    for k, v in pm.extra),
        language=pm.language)
    return meta, kept


@cleaner(NAME, detect=detect, version="1",
         extensions=(".html", ".htm", ".xhtml"), binary=True,
         docs="docs/formats/html.md",
         description="web pages and saved articles: main text, notes linked "
                     "by href, title/author/language from the page; "
                     "navigation and Gutenberg licence left out")
def clean(raw: bytes, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    opts = check_options(options, {"select", "main"}, NAME, source)
    report = CleaningReport(cleaner=NAME, file=source)
    text = decode_html(raw, source, report)
    report.counts["lines-in"] = text.count("\n") + 1
    try:
        doc = parse(text)
    except InputError as e:
        raise InputError(f"{source}: {e}") from None
    pm = page_meta(doc)
    main, base = prepare(doc, report, pm,
                         page=opts.get("main", "auto") != "whole")
    conv = convert_html(main, report, source, text)
    meta, kept = metadata(pm, report)
    return finish(NAME, report, meta, conv, " ".join([base, *kept]),
                  select=opts.get("select"), source=source)
