"""Reading a web page: its charset, its tree, what it says about itself
(title, authors, date, language, a Project Gutenberg header), and the
small helpers the HTML pre-pass shares (see :mod:`.html`)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lhtml

from ...errors import InputError
from ...report import CleaningReport
from .common import language_tag, names

_BLOCK = {"p", "div", "li", "dd", "dt", "blockquote", "aside", "section",
          "article", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
          "table", "ul", "ol", "dl", "figure", "footer", "header", "body",
          "main", "nav", "tr"}
# The empty anchor a printed page begins at (Gutenberg's "page141",
# "Page_12", "pg7"): links to it give a page number, never a note.
PAGE_ANCHOR = re.compile(r"(?i)^(?:page|pg|p)[-_.]?(?:[ivxlc]+|\d+)$")
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
            if codec not in ("utf-8", "utf-8-sig") and not data.isascii():
                # A page saved again (by a browser, a scraper) is often
                # UTF-8 under its old declaration; other encodings'
                # non-ASCII text is almost never valid UTF-8.
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    pass
                else:
                    if report:
                        report.problem(
                            "HTML001", f"the page declares {declared} but "
                            "its bytes are UTF-8 (a page saved again): "
                            "read as UTF-8")
                    return text
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


# --------------------------------------------------------------------------
# Parsing and metadata
# --------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse(text: str, lines: bool = True) -> Any:
    """An lxml HTML document of ``text`` (XHTML accepted); ``lines``: the
    text's lines are the source's, and an error may name them."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    # Control characters (a form feed between pages) are no XML: lxml
    # reads them but refuses them when a text is set again.
    text = _CONTROL.sub(" ", text)
    parser = lhtml.HTMLParser()
    try:
        doc = lhtml.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise InputError(f"cannot parse the HTML: {e}") from None
    for err in parser.error_log:
        if "Excessive depth" in err.message:
            # libxml2 stops at 256 levels and drops what lies deeper
            where = f"line {err.line}: " if lines else ""
            raise InputError(
                f"{where}its elements nest inside each other too deeply to "
                "be read whole (more than 255 levels); close the unclosed "
                "tags there, or give another `format:`")
    return doc


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
    source_lines: list[str] = field(default_factory=list)


def page_meta(doc: Any, report: CleaningReport | None = None) -> PageMeta:
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
    pm.authors = [n for a in authors for n in names(a, report)]
    pm.date = first("citation_publication_date", "citation_date", "dc.date",
                    "dcterms.date", "dcterms.created",
                    "article:published_time", "date")
    html_el = doc.getroot() if hasattr(doc, "getroot") else doc
    lang = (html_el.get("lang") or attr(html_el, "lang")
            or first("content-language", "dc.language", "language"))
    pm.language = language_tag(lang or "")
    publisher = first("citation_publisher", "dc.publisher", "og:site_name")
    if publisher:
        pm.extra.append(("publisher", publisher))
    licence = first("dc.rights", "dcterms.rights", "dcterms.license",
                    "copyright", "rights", "license")
    if licence:
        pm.extra.append(("license", licence))
    if not pm.authors or not pm.date:
        _byline(doc, pm, report)
    pg = _PG_TITLE.match(title)
    if pg:
        pm.title = pg.group(1).strip()
        if pg.group(2):
            pm.authors = list(names(pg.group(2).strip(), report))
    return pm


_AUTHOR_CLASS = re.compile(r"(?:^|[-_\s])(?:author|byline|by-line|creator|"
                           r"author-name)(?:$|[-_\s])", re.I)
_DATE_CLASS = re.compile(r"(?:^|[-_\s])(?:date|pubdate|published|"
                         r"publication-date)(?:$|[-_\s])", re.I)


def _byline(doc: Any, pm: PageMeta,
            report: CleaningReport | None = None) -> None:
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
        if any(local(a.tag) == "table" or a.get("hidden") is not None or
               "display:none" in (a.get("style") or "").replace(" ", "")
               for a in [el, *el.iterancestors()]):
            # a table's dates (Wikipedia's infobox: "Founded February 28,
            # 1998", marked "published") and what the page hides are no
            # byline
            continue
        if not pm.authors and _AUTHOR_CLASS.search(what):
            pm.authors = list(names(re.sub(r"(?i)^(?:by|par|por|von|de)\s+",
                                           "", text), report))
        elif not pm.date and (_DATE_CLASS.search(what) or (
                local(el.tag) == "time" and el.get("datetime"))):
            if re.search(r"\d{3,4}", text):
                pm.date = text
        if pm.authors and pm.date:
            return


def gutenberg_header(text: str, pm: PageMeta,
                     report: CleaningReport | None = None) -> None:
    """Title, author, translator and language from a Gutenberg header."""
    for key, value in re.findall(r"(?m)^\s*(Title|Author|Translator|"
                                 r"Language|Release [Dd]ate|Editor)\s*:\s*(.+)$",
                                 text):
        value = value.strip()
        if key == "Title":
            pm.title = value
        elif key == "Author":
            pm.authors = list(names(value, report))
        elif key == "Translator":
            pm.translators = list(names(value, report))
        elif key == "Language":
            pm.language = _LANG_NAMES.get(value.split()[0].lower(),
                                          pm.language)
        elif key == "Editor":
            pm.extra.append(("editor", value))
    number = re.search(r"(?i)\bE-?Book\s+#\s*(\d+)", text)
    if number and not any(k == "ebook-number" for k, _ in pm.extra):
        pm.extra.append(("ebook-number", number.group(1)))


# --------------------------------------------------------------------------
# Removal helpers
# --------------------------------------------------------------------------

def detach_tail(el: Any) -> None:
    """Leave ``el``'s tail (the text after it) where it stands, so that
    ``el`` can be moved or removed without it."""
    if el.tail:
        prev = el.getprevious()
        parent = el.getparent()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        elif parent is not None:
            parent.text = (parent.text or "") + el.tail
    el.tail = None


def drop(el: Any, kind: str, report: CleaningReport, line: int = 0) -> None:
    """Remove ``el`` (keeping its tail) and list its text as removed (the
    words of two cells or paragraphs apart: "CHAPTER" and "PAGE", not
    "CHAPTERPAGE")."""
    text = " ".join(_block_text(el).split())
    if text:
        report.remove(kind, text, line or (el.sourceline or 0))
    parent = el.getparent()
    if parent is None:
        return
    detach_tail(el)
    parent.remove(el)


def _classes(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


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


def _lines(el: Any) -> list[str]:
    """The lines of a block as a reader sees them: broken at ``<br>`` and
    at inner blocks, not at the source's own line ends."""
    out: list[str] = []

    def walk(node: Any, top: bool) -> None:
        if isinstance(node.tag, str):
            block = local(node.tag) in _BLOCK or local(node.tag) in (
                "br", "hr")
            if block:
                out.append("\n")
            if node.text:
                out.append(node.text.replace("\n", " "))
            for child in node:
                walk(child, False)
            if block:
                out.append("\n")
        if node.tail and not top:
            out.append(node.tail.replace("\n", " "))

    walk(el, True)
    return [x for x in (" ".join(y.split()) for y in "".join(out).split(
        "\n")) if x]


def _block_text_list(els: list[Any]) -> str:
    return "\n".join(_block_text(e) for e in reversed(els))


def _text_len(el: Any) -> int:
    return len(" ".join("".join(el.itertext()).split()))


_CALL_LIKE = re.compile(r"^[\[(]?\s*(?:\d{1,4}|[*†‡§¶]{1,3}|[a-z]|[ivxlc]{1,6})"
                        r"\s*[\])]?\.?$", re.I)


def _word_goes_on(node: Any) -> bool:
    """Does a letter follow ``node`` straight on (a drop capital set as a
    link of its own, "<a>D</a><a>ata</a> model"): then it is part of a
    word, not a note's call."""
    after = node.tail
    sib = node.getnext()
    if not after and sib is not None and isinstance(sib.tag, str):
        after = "".join(sib.itertext())
    return bool(after) and after[:1].isalpha()


def base_text(el: Any) -> str:
    """The words of a page for the conservation check: its text with line
    breaks around blocks, and the labels of links that may be note calls
    set apart at the end (a call takes no room in the text it sits in,
    which matters in Chinese or Japanese, written without spaces)."""
    out: list[str] = []
    labels: list[str] = []
    # what a link inside the page can lead to (a call leads to its note;
    # "651" linked to a comment thread the page does not hold is text)
    ids = {v for x in el.iter() if isinstance(x.tag, str)
           for v in (x.get("id"), x.get("name")) if v}

    def walk(node: Any, top: bool) -> None:
        if isinstance(node.tag, str):
            tag = local(node.tag)
            href = node.get("href") or ""
            if tag == "a" and "#" in href and \
                    (href.rsplit("#", 1)[1] in ids or not
                     href.startswith("#")) and \
                    _CALL_LIKE.match(text_of(node)) and \
                    not _word_goes_on(node):
                labels.append(text_of(node))
            else:
                block = tag in _BLOCK or tag in ("br", "hr", "img")
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
    return "".join(out) + "\n" + " ".join(labels)


_OWN_WORD = re.compile(r"[^\W\d_]{2,}")


def sentences_of_links(el: Any, blocks: bool = False) -> bool:
    """Are ``el``'s items (a list's items, or the paragraph) sentences with
    links in them, as a changelog's "Neil has patches up to <a>improve the
    tab unloader</a>, and <a>...</a>"? Each has five words of its own
    outside its links, opening it; a bar of links ("Home | About") or a
    list of headlines has none, or a name after each.  With ``blocks``, a
    table's rows and a division's blocks are its items too (a
    specification's notes set in a table, "<td>(note 1)</td><td>In JIS X
    4051, <a>...</a>"), as a table of contents has none of them."""
    tag = local(el.tag)
    if blocks and tag == "table":
        items = el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    elif blocks and tag in ("div", "section"):
        items = [k for k in el if isinstance(k.tag, str)]
    elif tag in ("p", "ul", "ol", "dl"):
        items = [li for li in el if isinstance(li.tag, str)
                 and local(li.tag) in ("li", "dd")] or [el]
    else:
        return False  # a <div> opening with a line of its own is no item
    if not items:
        return False
    said = 0
    for item in items:
        own = opening = in_links = 0
        linked = False
        for t in item.xpath(".//text()"):
            in_link = bool(t.getparent().xpath(
                ("ancestor::" if t.is_tail else "ancestor-or-self::")
                + "*[local-name()='a']"))
            n = len(_OWN_WORD.findall(t))
            linked = linked or in_link
            in_links += n if in_link else 0
            if not in_link:
                own += n
                opening += 0 if linked else n
        # (with blocks: or a sentence opening with its link, "<a>After
        # commas</a> a half em space is added, in principle", twelve words
        # of its own and twice its links' words)
        if opening >= 2 and own >= 5 or blocks and own >= 12 and \
                own >= 2 * in_links:
            said += 1
    return said * 2 >= len(items)
