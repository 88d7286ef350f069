"""Readers whose whole work is pandoc's reader and :mod:`.convert`:
``docx``, ``odt`` (binary), ``pandoc-markdown``, ``rst``, ``org`` and
``latex`` (text).  Metadata comes from pandoc's (the document properties
of DOCX and ODT, the YAML block of Markdown, ``#+TITLE:`` of Org, the
docinfo of reStructuredText, ``\\title``/``\\author`` of LaTeX)."""

from __future__ import annotations

import io
from dataclasses import replace
import re
import zipfile
from typing import Any, Mapping

from ...errors import InputError
from ...model import Metadata
from ...report import CleaningReport
from ...text import ACCOUNT, person_like, source_language
from ..markdown_src import foreign_front
from ..registry import CleanResult, cleaner
from . import direct, hanging, odt_unseen, office, office_unseen, runner, typed
from .common import check_options, finish, fix, language_tag, names
from .convert import Converter, ast_text, meta_text, plain
from .dialects import KRAMDOWN, OBSIDIAN, mmd_metadata, read_dialects
from .templates import strip_templates


def zip_names(data: bytes) -> tuple[list[str], bytes]:
    """Member names of a ZIP file and its ``mimetype`` member ('' when not
    a ZIP)."""
    if not data.startswith(b"PK\x03\x04"):
        return [], b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.namelist()
            mime = z.read("mimetype")[:100] if "mimetype" in members else b""
            return members, mime.strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return [], b""


def pandoc_metadata(meta: dict[str, Any], report: CleaningReport
                    ) -> tuple[Metadata, list[str]]:
    """Our metadata from pandoc's, and the words kept from it."""
    def get(*keys: str) -> str | list[str]:
        for k in keys:
            if k in meta:
                return meta_text(meta[k])
        return ""

    def one(*keys: str) -> str:
        v = get(*keys)
        return "; ".join(v) if isinstance(v, list) else v

    def many(*keys: str) -> tuple[str, ...]:
        v = get(*keys)
        if isinstance(v, list):
            return tuple(x for item in v for x in names(item, report))
        return names(v, report) if v else ()

    title, subtitle, date = one("title"), one("subtitle"), one("date")
    raw_names = [one("author", "authors", "creator"),
                 one("translator", "translators")]
    authors = many("author", "authors", "creator")
    translators = many("translator", "translators")
    lang = one("lang", "language")
    extra = [(k, one(k)) for k in ("publisher", "source", "description",
                                   "abstract", "subject", "keywords")
             if one(k)]
    licence = one("license", "licence", "rights", "copyright")
    if licence:
        extra.append(("license", licence))  # shown in "About the texts"
    kept = [title, subtitle, date, *raw_names, *(v for _, v in extra)]
    return Metadata(
        title=fix(title, report), subtitle=fix(subtitle, report),
        authors=tuple(fix(a, report) for a in authors),
        date=" ".join(date.split()),
        translators=tuple(fix(a, report) for a in translators),
        extra=tuple((k, fix(v, report)) for k, v in extra),
        language=language_tag(lang)), kept


def odf_meta(data: bytes) -> dict[str, Any]:
    """pandoc-style metadata from an ODF file's meta.xml (pandoc's ODT
    reader does not read it): title, subject, creator, language, date."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("meta.xml"),
                                    etree.XMLParser(resolve_entities=False))
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        return {}
    out: dict[str, Any] = {}
    for key, tag in (("title", "title"), ("author", "creator"),
                     ("lang", "language"), ("description", "description"),
                     ("subject", "subject")):
        el = root.find(f".//{{http://purl.org/dc/elements/1.1/}}{tag}")
        if el is not None and (el.text or "").strip():
            out[key] = {"t": "MetaString", "c": (el.text or "").strip()}
    if "author" not in out:
        el = root.find(".//{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
                       "initial-creator")
        if el is not None and (el.text or "").strip():
            out["author"] = {"t": "MetaString", "c": (el.text or "").strip()}
    # The title page's paragraphs by their styles (LibreOffice's and
    # pandoc's Title, Subtitle, Author, Date), which pandoc reads as text.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            content = etree.fromstring(z.read("content.xml"), etree.XMLParser(
                resolve_entities=False, huge_tree=True))
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        return out
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    for p in content.iter(f"{ns}p"):
        style = p.get(f"{ns}style-name", "")
        field = {"Title": "title", "Subtitle": "subtitle",
                 "Author": "author", "Date": "date"}.get(style)
        # lxml-stubs types itertext() as str | bytes; lxml yields str
        text = " ".join("".join(p.itertext()).split())  # type: ignore[arg-type]
        if field and text and field not in out:
            out[field] = {"t": "MetaString", "c": text}
    return out


def docx_meta(data: bytes) -> dict[str, Any]:
    """The language of a Word document (core properties, else the default
    run language of its styles), which pandoc's reader leaves out."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace") \
                if "docProps/core.xml" in z.namelist() else ""
            styles = z.read("word/styles.xml").decode("utf-8", "replace") \
                if "word/styles.xml" in z.namelist() else ""
    except (zipfile.BadZipFile, OSError):
        return {}
    m = re.search(r"<dc:language>([^<]+)</dc:language>", core)
    if not m:
        defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles,
                             re.S)
        m = re.search(r'<w:lang\b[^>]*\bw:val="([^"]+)"',
                      defaults.group(0)) if defaults else None
    return {"lang": {"t": "MetaString", "c": m.group(1)}} if m else {}


def _drop_title_block(ast: dict[str, Any], meta: Any, kept: list[str],
                      report: CleaningReport) -> None:
    """Leading paragraphs repeating the title, subtitle or authors (a
    document's title page) are the metadata: listed as removed."""
    said = {" ".join(x.casefold().split()) for x in
            (meta.title, meta.subtitle, *meta.authors, meta.date, *kept)
            if x}
    blocks = ast["blocks"]
    while blocks and blocks[0].get("t") in ("Para", "Plain", "Header"):
        inl = blocks[0]["c"][2] if blocks[0]["t"] == "Header" else \
            blocks[0]["c"]
        from .convert import plain

        text = " ".join(plain(inl).split())
        if not text or text.casefold() not in said:
            break
        report.remove("title", text, 0)
        blocks.pop(0)


def _unread_pictures(raw: bytes, report: CleaningReport) -> None:
    """Say so when the file shows more pictures than pandoc read (the
    converter counts those as ``images``): those in text boxes and shapes
    never reach the text, not even as a removal."""
    read = report.counts["images"]
    shown = office.docx_pictures(raw)
    if shown > read:
        report.counts["pictures-unread"] += shown - read
        report.problem(
            "PANDOC009", f"{shown - read} picture(s) of the file are not in "
            "what pandoc read (in a text box or a shape): they are left out "
            "like every image, but not listed; a caption beside one may "
            "stand alone in the text", 0)


def read(name: str, fmt: str, raw: str | bytes, source: str,
         options: Mapping[str, Any], text: str = "") -> CleanResult:
    """Read ``raw`` with pandoc's ``fmt`` reader into a document."""
    opts = check_options(options, {"select"}, name, source)
    report = CleaningReport(cleaner=name, file=source)
    if isinstance(raw, str):
        report.counts["lines-in"] = raw.count("\n") + 1
    extras: list[str] = []
    head: direct.Head | None = None
    if fmt == "odt" and isinstance(raw, bytes):
        raw, styled = odt_heading_paragraphs(raw)
        report.counts["styled-headings"] += styled
        raw, head = direct.odt_direct_headings(raw, report)
        raw = hanging.odt_hanging(raw, report)
        extras = office.odt_extras(raw, report)
        raw, unseen = odt_unseen.odt_unseen(raw, report)
        extras += unseen
        raw, back = office.odt_link_notes(raw, report)
        extras += back
    original = raw
    if fmt == "docx" and isinstance(raw, bytes):
        raw, extras = office_unseen.docx_unseen(raw, report)
        raw, more = office.docx_extras(raw, report)
        extras += more
        raw, head = direct.docx_direct_headings(raw, report)
    ast = runner.to_ast(raw, fmt, source=source)
    if fmt in ("docx", "odt"):
        direct.unwrap_strong_headings(ast["blocks"], plain)
    if fmt == "docx":
        extras += office.ast_link_notes(ast["blocks"], report)
    if fmt == "odt" and isinstance(raw, bytes):
        ast["meta"] = {**odf_meta(raw), **ast.get("meta", {})}
    if fmt == "docx" and isinstance(raw, bytes):
        ast["meta"] = {**docx_meta(raw), **ast.get("meta", {})}
    meta, kept = pandoc_metadata(ast.get("meta", {}), report)
    if fmt in ("docx", "odt"):
        meta = _named_authors(meta, ast_text(ast["blocks"][:4]), report)
    printed: list[str] = []
    if head is not None:
        meta = _typed_title_page(meta, head, kept, printed, report)
    base_all = ast_text(ast["blocks"])
    _drop_title_block(ast, meta, kept + printed, report)
    if fmt in ("docx", "odt"):
        ast["blocks"] = typed.typed_breaks(
            typed.typed_lists(ast["blocks"], report), plain, report)
    with source_language(meta.language):
        conv = Converter(report, source, text or (
            raw if isinstance(raw, str) else "")).convert(ast["blocks"])
    if fmt == "docx" and isinstance(raw, bytes):
        _unread_pictures(raw, report)
    base = " ".join([base_all, *kept, *extras])
    if fmt == "docx" and isinstance(original, bytes):
        office_unseen.unaccounted(original, base, report)
    if fmt == "odt" and isinstance(raw, bytes):
        office_unseen.unaccounted(raw, base, report, odt_unseen.odt_words)
    return finish(name, report, meta, conv, base, select=opts.get("select"),
                  source=source)


# --------------------------------------------------------------------------
# DOCX and ODT
# --------------------------------------------------------------------------

def _typed_title_page(meta: Metadata, head: direct.Head, kept: list[str],
                      printed: list[str], report: CleaningReport
                      ) -> Metadata:
    """The title, subtitle and author a document typed at its head (a
    large centred line, the lines centred under it), where its
    properties give none: the metadata, their words kept (``kept``) and
    the lines as printed to leave out (``printed``).  The author, read
    from a line of names, is said (``PANDOC019``)."""
    if not meta.title and head.title:
        meta = replace(meta, title=head.title)
        kept.append(head.title)
        report.counts["title-from-text"] += 1
        if head.subtitle and not meta.subtitle:
            meta = replace(meta, subtitle=head.subtitle)
            kept.append(head.subtitle)
    if not meta.authors and head.author:
        authors = names(head.author, report)
        meta = replace(meta, authors=authors)
        kept.extend(authors)
        printed.append(head.author_line)
        report.problem(
            "PANDOC019", f"the centred line under the title (“"
            f"{head.author_line}”) read as the author: the document's "
            f"properties name none; write `authors:` if that is wrong",
            head.line)
    return meta


def _named_authors(meta: Metadata, head: str, report: CleaningReport
                   ) -> Metadata:
    """A word processor fills the document's author from the computer's
    account ("Administrator", "User", "jsmith42"): such a name is no
    author, unless the document prints it at its head (a one-word
    collective, "AnarWiki").  Said with PANDOC005; kept in the metadata
    as ``document-author``."""
    printed = " ".join(head.split()).casefold()
    keep = [a for a in meta.authors
            if person_like(a) or (" " not in a.strip() and
                                  a.strip().casefold() in printed and
                                  not ACCOUNT.match(a.strip()))]
    gone = [a for a in meta.authors if a not in keep]
    if not gone:
        return meta
    report.problem("PANDOC005", "the document's author property (“"
                   + "; ".join(gone) + "”) reads as the computer's account, "
                   "not a name: left out; write `authors:`")
    return replace(meta, authors=tuple(keep),
                   extra=meta.extra + (("document-author", "; ".join(gone)),))


def detect_docx(data: bytes) -> float:
    members, _ = zip_names(data)
    return 0.95 if "word/document.xml" in members else 0.0


def detect_odt(data: bytes) -> float:
    members, mime = zip_names(data)
    if mime == b"application/vnd.oasis.opendocument.text":
        return 0.95
    return 0.5 if "content.xml" in members and "meta.xml" in members and \
        not mime.startswith(b"application/vnd.oasis.opendocument.") else 0.0


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_HEADING_STYLE = re.compile(r"Heading_20_([1-9])|Heading ([1-9])")


def odt_heading_paragraphs(data: bytes) -> tuple[bytes, int]:
    """The document with every paragraph of a "Heading N" style (by name,
    or through the automatic style it derives from) made a heading of
    level N, and how many.  LibreOffice writes some headings so (seen on
    an HTML page it opened and saved as ODT: two of its four ``h1``/``h2``
    became ``text:p`` of style ``Heading_20_1``), and pandoc's reader takes
    only ``text:h`` for a heading."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            members = {i.filename: z.read(i.filename) for i in infos}
        root = etree.fromstring(members["content.xml"], etree.XMLParser(
            resolve_entities=False, huge_tree=True))
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        return data, 0
    t, st = f"{{{_ODF_TEXT}}}", f"{{{_ODF_STYLE}}}"
    parents = {el.get(f"{st}name"): el.get(f"{st}parent-style-name", "")
               for el in root.iter(f"{st}style")}

    def level(style: str) -> int:
        for name in (style, parents.get(style, "")):
            m = _HEADING_STYLE.fullmatch(name or "")
            if m:
                return int(m.group(1) or m.group(2))
        return 0

    n = 0
    for p in list(root.iter(f"{t}p")):
        lvl = level(p.get(f"{t}style-name", ""))
        if lvl and "".join(p.itertext()).strip():
            p.tag = f"{t}h"
            p.set(f"{t}outline-level", str(lvl))
            n += 1
    if not n:
        return data, 0
    members["content.xml"] = etree.tostring(root, xml_declaration=True,
                                            encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:
            z.writestr(info, members[info.filename],
                       compress_type=info.compress_type)
    return out.getvalue(), n


def _document_text(data: bytes, member: str) -> str:
    """The XML text of a document's body, for line guesses in reports."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(member).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return ""
    return re.sub(r"(</w:p>|</text:p>|</text:h>)", r"\1\n", xml)


@cleaner("docx", detect=detect_docx, version=runner.READER_VERSION,
         extensions=(".docx",),
         binary=True, docs="docs/formats/docx.md",
         description="Word documents (.docx) through pandoc: headings, "
                     "quotations, lists, tables, notes, emphasis, "
                     "properties")
def clean_docx(raw: bytes, *, source: str,
               options: Mapping[str, Any]) -> CleanResult:
    return read("docx", "docx", raw, source, options,
                _document_text(raw, "word/document.xml"))


@cleaner("odt", detect=detect_odt, version=runner.READER_VERSION,
         extensions=(".odt",),
         binary=True, docs="docs/formats/odt.md",
         description="OpenDocument text (.odt, LibreOffice) through pandoc: "
                     "headings, quotations, lists, tables, notes, "
                     "emphasis")
def clean_odt(raw: bytes, *, source: str,
              options: Mapping[str, Any]) -> CleanResult:
    return read("odt", "odt", raw, source, options,
                _document_text(raw, "content.xml"))


# --------------------------------------------------------------------------
# Markdown as other tools write it
# --------------------------------------------------------------------------

_OUR_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?:.*\n){0,60}?(?:title_notes|"
                        r"source_lines|authors)[ \t]*:", re.M)
_OUR_SPANS = re.compile(r"\]\{\.(?:cite|sup|smallcaps|index|missing|em|strong)"
                        r"\b|^:::+[ \t]*(?:lacuna|\{\.editorial)", re.M)
# an Anarchist Library export's title block: each a line of its own
_LIBRARY = re.compile(r"^[ \t]*(?:anti-?copyright|(?:the[ \t]+)?anarchist[ \t]+"
                      r"library)[ \t\\]*$", re.I | re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_SETEXT = re.compile(r"^\S[^\n]*\n(?:={3,}|-{3,})[ \t]*$", re.M)
# no '[' inside the link text: a line of '[' is then read in linear time
_MD_LINK = re.compile(r"\[[^\[\]\n]+\]\((?:https?://|/|#|\.)[^)\s]*\)")
_RAW_LINK = re.compile(r"<a\s+[^>]*href\s*=", re.I)
_RAW_OTHER = re.compile(r"</?(?:div|span|font|p|table|center|img|h[1-6])\b",
                        re.I)
_PIPE_TABLE = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M)
_FENCE = re.compile(r"^(?:```|~~~)", re.M)
_PANDOC_ATTR = re.compile(r"\{[#.][\w-]+[^}\n]*\}|^:::+[ \t]*\{?[\w.#]", re.M)
_EMPH = re.compile(r"(?<![\w*])\*[^*\s][^*\n]*\*(?!\*)|(?<!\w)_[^_\s][^_\n]*_"
                   r"(?!\w)|\*\*[^*\n]+\*\*")
_FOOTNOTE = re.compile(r"^\[\^[^\]\s]+\]:", re.M)
_INLINE_NOTE = re.compile(r"(?<![\\\]])\^\[[^\]\n]")
_NOT_MD = re.compile(r"^(?:#title |#author |\\documentclass|#\+TITLE:|"
                     r"<!DOCTYPE|<html)", re.I | re.M)


_FRONT_ANY = re.compile(r"\A\ufeff?---[ \t]*\n(?:#[^\n]*\n)*[\w\"'-]+[ \t]*:")
_THEIR_DIV = re.compile(r"^:::+[ \t]*\{?[ \t]*[.#]?(?!(?:editorial|lacuna)\b)"
                        r"[\w-]+", re.M)


def detect_markdown(raw: str) -> float:
    """Score that ``raw`` is Markdown as pandoc, GitHub or a wiki write it
    (and not pamphleteer's own cleaned Markdown, nor a library export)."""
    head = raw[:4000]
    sample = raw[:200000]
    foreign = foreign_front(raw)
    if not foreign and (_OUR_FRONT.match(raw) or
                        len(_OUR_SPANS.findall(sample)) >= 1):
        return 0.1
    if _NOT_MD.search(head):
        return 0.0
    score = 0.0
    if _MD_HEADING.search(sample) or _SETEXT.search(sample):
        score += 0.3
    if _MD_LINK.search(sample):
        score += 0.15
    if _EMPH.search(sample):
        score += 0.1
    if _FOOTNOTE.search(sample):
        score += 0.05
    mmd = mmd_metadata(raw)
    if mmd:
        score += 0.3   # MultiMarkdown's metadata lines open the text
    # What pamphleteer's own Markdown does not read: these decide.
    strong = 0.0
    if mmd or OBSIDIAN.search(sample) or KRAMDOWN.search(sample):
        # MultiMarkdown's metadata, Obsidian's [[links]], callouts and
        # %%comments%%, kramdown's {: attribute lists}: our writer
        # writes none of them
        strong += 0.2
    if _RAW_LINK.search(sample):
        strong += 0.3
    if _PIPE_TABLE.search(sample):
        strong += 0.2
    if _FENCE.search(sample):
        strong += 0.15
    if _THEIR_DIV.search(sample):
        strong += 0.2
    if foreign:
        strong += 0.3   # a site generator's front matter or tags
    if _INLINE_NOTE.search(sample):
        strong += 0.2   # pandoc's inline notes, which ours does not read
    weak = 0.15 if _RAW_OTHER.search(sample) else 0.0
    if score == 0.0:
        return round(min(strong + weak, 0.25), 3)
    if not strong:
        # plain CommonMark (with a tag or two): pamphleteer's own format
        # reads it as well, and is preferred when it has its front matter
        return round(min(score + weak, 0.5 if _FRONT_ANY.match(raw) else 0.6)
                     * (0.3 if _LIBRARY.search(head) else 1.0), 3)
    score += strong + weak
    if _LIBRARY.search(head):
        score *= 0.3
    return round(min(score, 0.95), 3)


@cleaner("pandoc-markdown", detect=detect_markdown,
         # +dialects: the pre-pass of Obsidian, MultiMarkdown, kramdown
         # and Quarto markup (.dialects) changes what this reader gives
         version=runner.READER_VERSION + "+dialects1",
         extensions=(".md", ".markdown", ".mdown", ".mkd"),
         docs="docs/formats/pandoc-markdown.md",
         description="Markdown as pandoc, GitHub and wikis write it "
                     "(attributes, divs, footnotes, tables, raw HTML links), "
                     "through pandoc")
def clean_markdown(raw: str, *, source: str,
                   options: Mapping[str, Any]) -> CleanResult:
    """Markdown through pandoc, then through the HTML pre-pass: wiki
    conversions link their notes with raw HTML (``<sup><a href="#fn1">``),
    which only the pre-pass turns into notes."""
    from .html import convert_html, parse, prepare, PageMeta

    name = "pandoc-markdown"
    opts = check_options(options, {"select"}, name, source)
    report = CleaningReport(cleaner=name, file=source)
    report.counts["lines-in"] = raw.count("\n") + 1
    raw = strip_templates(raw, report)
    raw, mmd_meta, dropped = read_dialects(raw, report)
    ast = runner.to_ast(raw, "markdown-smart", source=source)
    meta, kept = pandoc_metadata({**mmd_meta, **ast.get("meta", {})}, report)
    try:
        page = parse("<html><body>" + runner.ast_to_html(
            {**ast, "meta": {}}, source=source) + "</body></html>",
            lines=False)
    except InputError as e:
        raise InputError(f"{source}: {e}") from None
    pm = PageMeta(title=meta.title)
    main, _ = prepare(page, report, pm, page=False)
    if not meta.title and pm.title:
        # the text's first heading, taken as its title ("# CrimethInc.")
        meta = replace(meta, title=pm.title,
                       authors=meta.authors or tuple(pm.authors))
    with source_language(meta.language):
        conv = convert_html(main, report, source, raw)
    # the words the pre-pass left out were in the file (and are listed)
    base = " ".join([ast_text(ast["blocks"]), *kept, *dropped])
    return finish(name, report, meta, conv, base, select=opts.get("select"),
                  source=source)


# --------------------------------------------------------------------------
# reStructuredText, Org, LaTeX
# --------------------------------------------------------------------------

_RST_UNDER = re.compile(r"^\S[^\n]*\n([=\-~^\"'`#*+])\1{2,}[ \t]*$", re.M)
_RST_DIRECTIVE = re.compile(r"^\.\. [\w-]+::", re.M)
_RST_ROLE = re.compile(r"`[^`\n]+ <[^>\n]+>`_|:[\w-]+:`[^`\n]+`")


def detect_rst(raw: str) -> float:
    sample = raw[:200000]
    score = 0.0
    if _RST_UNDER.search(sample):
        score += 0.25
    if _RST_DIRECTIVE.search(sample):
        score += 0.35
    if _RST_ROLE.search(sample):
        score += 0.2
    if re.search(r"^\.\. \[\d+\]|^\.\. _[\w -]+:", sample, re.M):
        score += 0.15
    if _MD_HEADING.search(sample) or _NOT_MD.search(raw[:4000]):
        score -= 0.3
    return round(max(0.0, min(score, 0.9)), 3)


def detect_org(raw: str) -> float:
    head = raw[:4000]
    score = 0.0
    if re.search(r"^#\+(?:TITLE|AUTHOR|LANGUAGE|DATE|OPTIONS):", head,
                 re.M | re.I):
        score += 0.6
    if re.search(r"^\*{1,6} \S", raw[:200000], re.M):
        score += 0.1
    if re.search(r"^#\+BEGIN_(?:QUOTE|VERSE|SRC|EXAMPLE)", raw[:200000],
                 re.M | re.I):
        score += 0.2
    if re.search(r"\[\[[^\[\]\n]+\]\[[^\[\]\n]+\]\]", raw[:200000]) and score:
        score += 0.05
    return round(min(score, 0.95), 3)


def detect_latex(raw: str) -> float:
    sample = raw[:200000]
    score = 0.0
    if re.search(r"\\documentclass\b", sample):
        score += 0.5
    if re.search(r"\\begin\{document\}", sample):
        score += 0.3
    if re.search(r"\\(?:section|chapter|emph|textit|footnote)\{", sample):
        score += 0.15
    return round(min(score, 0.95), 3)


@cleaner("rst", detect=detect_rst, version=runner.READER_VERSION,
         extensions=(".rst",),
         docs="docs/formats/rst.md",
         description="reStructuredText through pandoc")
def clean_rst(raw: str, *, source: str,
              options: Mapping[str, Any]) -> CleanResult:
    return read("rst", "rst", raw, source, options)


@cleaner("org", detect=detect_org, version=runner.READER_VERSION,
         extensions=(".org",),
         docs="docs/formats/org.md",
         description="Emacs Org documents through pandoc")
def clean_org(raw: str, *, source: str,
              options: Mapping[str, Any]) -> CleanResult:
    return read("org", "org", raw, source, options)


@cleaner("latex", detect=detect_latex, version=runner.READER_VERSION,
         extensions=(".tex",
                                                                ".latex"),
         docs="docs/formats/latex.md",
         description="LaTeX documents through pandoc (text, structure, "
                     "notes; commands pandoc does not know are reported)")
def clean_latex(raw: str, *, source: str,
                options: Mapping[str, Any]) -> CleanResult:
    return read("latex", "latex", raw, source, options)
