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
8. **Furniture** (:mod:`.lead`): "Last updated" lines, "Top of the page"
   and "Back to..." links, a closing ``footer`` block, empty paragraphs,
   rules at the edges (kinds ``boilerplate``, ``empty``).
9. **The head of the text** (:mod:`.lead`): the heading giving the title
   (kind ``title``), the author's line (``byline``) and a date line
   (``date``, kept in ISO form) above the text; the page's information
   block (``provenance``) to the source lines, its "Public Domain:" line
   as the licence.
10. **Language**: a declared one the words plainly contradict is kept
    and reported (``HTML002``); a page declaring none is left to
    :func:`..clean_in_language` (``LANG003``).

These rules are ours rather than a boilerplate library's: trafilatura and
readability-lxml return the main text without the notes (which sit outside
it) and flatten verse and headings, and they cannot say what they removed;
here every removal is listed.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from lxml import etree

from ...errors import InputError
from ...languages import plainly_differs
from ...model import Metadata
from ...report import CleaningReport
from ...text import source_language
from ..registry import CleanResult, cleaner
from . import runner
from .boiler import (apply_classes, complete_columns, css_classes,
                     strip_contents,
                     strip_gutenberg, strip_image_links, strip_never_text,
                     strip_pagenums, strip_provenance, strip_title,
                     unwrap_layout_tables)
from .byline import strip_byline_lists
from .common import check_options, finish, fix
from .convert import Converter
from .lead import (gutenberg_title_page, strip_furniture, strip_head,
                   strip_info, title_without_site, trim_edges)
from .notes import bracket_notes, link_notes, strip_notes_headings
from .related import strip_related
from .site import main_text, strip_landmarks, strip_link_blocks
from .pg_html import gutenberg_pre_verse, transcriber_notes
from .page import (PageMeta, _block_text, attr, base_text, decode_html,
                   drop, local, page_meta, parse, text_of)

__all__ = ["PageMeta", "attr", "convert_html", "decode_html", "drop",
           "link_notes", "local", "metadata", "page_meta", "parse",
           "base_text", "prepare", "strip_contents", "strip_gutenberg",
           "strip_image_links", "strip_never_text", "strip_notes_headings",
           "strip_pagenums", "strip_title", "text_of", "_block_text"]
NAME = "html"


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
# The reader
# --------------------------------------------------------------------------

def body_of(doc: Any) -> Any:
    body = doc.find(".//body")
    if body is None:
        body = doc
    return body


_TEX_DELIMS = re.compile(r"^\s*(?:\$\$|\$|\\\[|\\\()(.*?)(?:\$\$|\$|\\\]|\\\))\s*$",
                         re.S)


def tex_as_code(body: Any, report: CleaningReport) -> None:
    """A formula left as TeX source (``span.math`` holding text only:
    pandoc's HTML of math it could not render, a page's MathJax source)
    becomes code, kept as written: read as prose, typography made its
    minus signs dashes ("b^2 - 4ac" read "b^2—4ac")."""
    for el in list(body.iter("span")):
        classes = (el.get("class") or "").split()
        if "math" not in classes or len(el) or not (el.text or "").strip():
            continue
        m = _TEX_DELIMS.match(el.text)
        el.tag = "code"
        el.text = m.group(1).strip() if m else el.text.strip()
        for key in list(el.attrib):
            del el.attrib[key]
        report.counts["math-as-code"] += 1


def prepare(doc: Any, report: CleaningReport, pm: PageMeta, *,
            page: bool = True, resolve: Any = None) -> tuple[Any, str]:
    """Run the pre-pass on a parsed page; return (body, base text)."""
    body = body_of(doc)
    css = "\n".join("".join(st.itertext()) for st in doc.iter("style"))
    apply_classes(body, css_classes(css), report)
    strip_never_text(body, report)
    unwrap_layout_tables(body, report)
    # Page numbers first (each reported as removed): the words a marker
    # sat inside ("beklim[Pg 143]men") are one word of the text, a note's
    # text keeps none, and the contents' and index's links to a page's
    # marker are no note calls.
    strip_pagenums(body, report)
    tex_as_code(body, report)
    base = base_text(body)
    gutenberg = strip_gutenberg(body, pm, report)
    notes = link_notes(body, report, resolve)
    notes += bracket_notes(body, report)
    strip_contents(body, report)
    strip_image_links(body, report)
    if page:
        strip_landmarks(body, report)
        main = main_text(body, report)
        strip_link_blocks(main, report)
        strip_related(main, report)
    else:
        main = body
    strip_furniture(main, report)
    if notes:
        strip_notes_headings(main, report)
    if gutenberg:
        transcriber_notes(main, report)
    title_el = doc.find(".//title")
    if not gutenberg:
        title_without_site(main, pm)
    strip_byline_lists(main, pm, report)
    strip_head(main, pm, report,
               text_of(title_el) if title_el is not None else "")
    if gutenberg:
        gutenberg_title_page(main, pm, report)
        gutenberg_pre_verse(main, report)
    strip_info(main, pm, report)
    strip_provenance(main, pm, report)
    trim_edges(main, report)
    for n in notes:
        trim_edges(n, report, rules=False)
        main.append(n)
    return main, base


_VERSE_TYPE = re.compile(r"z3998:(?:verse|poem|song|hymn|lyrics)\b")
_KEEP_ATTRS = {"href", "class", "n", "id", "src", "alt", "colspan", "rowspan",
               "start", "type", "lang", "style"}


def _label_heading(header: Any) -> None:
    """A book's section whose header holds no heading but one short line
    (Standard Ebooks' unnamed subchapters: ``<section
    epub:type="z3998:subchapter"><header><p>Section 5.4</p></header>``,
    set centred as the section's head): that line is the section's
    heading, a level under the sections around it.  Only in a book's
    section (an EPUB's: a web article's header line is a byline), whose
    header is its first child."""
    parent = header.getparent()
    kids = [k for k in header if isinstance(k.tag, str)]
    if parent is None or local(parent.tag) != "section" or len(kids) != 1 or \
            local(kids[0].tag) != "p" or \
            next((k for k in parent if isinstance(k.tag, str)),
                 None) is not header:
        return
    text = " ".join("".join(kids[0].itertext()).split())
    if not text or len(text.split()) > 8 or text.endswith((".", ",", ";")):
        return
    box: Any = header
    depth = len([a for a in box.iterancestors()
                 if local(a.tag) in ("section", "article")])
    kids[0].tag = f"h{min(6, depth + 1)}"


def convert_html(main: Any, report: CleaningReport, source: str,
                 raw_text: str, *, book: bool = False) -> Any:
    """The page's main element through pandoc into the model.  ``book``:
    an EPUB's chapters, whose sections' headers may be set as a line
    (:func:`_label_heading`)."""
    wrap_p: list[Any] = []
    for el in main.iter():
        if not isinstance(el.tag, str):
            continue
        if _VERSE_TYPE.search(attr(el, "type")) and local(el.tag) in (
                "div", "blockquote", "section", "p", "article"):
            el.set("class", ((el.get("class") or "") + " verse").strip())
        if ":" in el.tag or "}" in el.tag:
            el.tag = local(el.tag) or "span"
        if book and el.tag == "header":
            _label_heading(el)
        if el.tag in ("article", "main", "header", "footer", "aside", "nav",
                      "hgroup"):
            el.tag = "div"  # pandoc drops these wrappers with their class
        if el.tag == "p" and "verse" in (el.get("class") or "").split():
            wrap_p.append(el)
        indent = re.fullmatch(r"i(\d{1,2})", (el.get("class") or "").strip())
        if indent and el.tag == "span":
            # Gutenberg's indented verse line (class "i2"): kept as spaces
            el.text = "\u00a0" * int(indent.group(1)) + (el.text or "")
        for k in list(el.attrib):
            if k not in _KEEP_ATTRS and not (
                    k == "align" and el.tag in ("td", "th", "col")) and not (
                    k in ("data-head", "data-rowheads") and el.tag == "table"):
                # (a column's alignment and our Markdown's table attributes
                # are read into the table)
                # pandoc skips some (a title page's section) and keeps the
                # rest as presentation: what matters was read above
                del el.attrib[k]
    complete_columns(main, report)
    for el in wrap_p:
        div = etree.Element("div")
        div.set("class", "verse")
        el.addprevious(div)
        div.append(el)  # moves it (its tail stays with it, inside)
    html = etree.tostring(main, encoding="unicode", method="html")
    ast = runner.to_ast(html, "html", source=source)
    conv = Converter(report, source, raw_text).convert(ast["blocks"])
    return conv


_RIGHTS_LINE = re.compile(r"^\s*(?:public domain|copyleft|licen[cs]e|"
                          r"copyright|rights|domaine public|dominio público|"
                          r"gemeinfrei)\s*:\s*\S", re.I)


_DATE_TAIL = re.compile(
    r"[\s,|·•–—-]+(?:(?:updated|published|posted)\b.*|(?:mon|tue|wed|thu|"
    r"fri|sat|sun)\w*,?\s.*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}.*|\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r".*|\d{4}-\d{2}-\d{2}.*)$", re.I)
_BY_LEAD = re.compile(r"^(?:written\s+)?(?:by|par|por|von|di|door|av)\s+",
                      re.I)


def people(names: list[str], report: CleaningReport) -> tuple[list[str],
                                                              list[str]]:
    """Authors as a page gives them, made names: "By" and a date after
    the name taken off ("GILLIAN MOHNEY March 11, 2015 3:46 PM"), and a
    handle after it ("Bryan DeArdo @BryanDeArdo"), "Edited
    by ..." set apart as editors; an address (a profile's URL, as
    ``article:author`` often holds) is no name, and is said (HTML003).
    Returns (authors, editors)."""
    authors: list[str] = []
    editors: list[str] = []
    for raw in names:
        name = " ".join(raw.split())
        if re.match(r"(?i)^(?:https?:|www\.)|^\S*/\S*$", name):
            report.problem("HTML003", f"the author is given as an address "
                           f"({name}); left out: write `authors:`")
            report.remove("byline", name, 0)
            continue
        lead_by = _BY_LEAD.match(name)
        if lead_by:
            report.remove("byline", lead_by.group(0).strip(), 0)
            name = name[lead_by.end():]
        edited = re.split(r"(?i)\s+(edited\s+by)\s+", name, maxsplit=1)
        if len(edited) == 3:
            report.remove("byline", edited[1], 0)
            name, edited = edited[0], [edited[0], edited[2]]
            editors.extend(x.strip() for x in re.split(
                r"\s*(?:,|&|\band\b)\s*", edited[1]) if x.strip())
        tail = _DATE_TAIL.search(name)
        short = name[:tail.start()].strip(" ,|") if tail else name
        if short and short != name:
            # the date's words go to the report (the page's date is
            # read apart, from its <time> or meta)
            report.remove("byline-date", name[len(short):].strip(), 0)
            name = short
        handle = re.search(r"(?:\s+@\w{1,30})+$", name)
        if handle and handle.start() > 0:
            # "Bryan DeArdo @BryanDeArdo": the name's address on a social
            # site, not part of the name
            report.remove("byline", handle.group(0).strip(), 0)
            name = name[:handle.start()]
        if name and name not in authors:
            authors.append(name)
    return authors, editors


def metadata(pm: PageMeta, report: CleaningReport) -> tuple[Metadata,
                                                            list[str]]:
    if not any(k == "license" for k, _ in pm.extra):
        # a page's information block saying its terms ("Public Domain:
        # Marxists Internet Archive (2009). You may freely copy...")
        rights = [x for x in pm.source_lines if _RIGHTS_LINE.match(x)]
        if rights:
            pm.extra.append(("license", rights[0]))
    authors, editors = people(pm.authors, report)
    kept = [pm.title, pm.subtitle, pm.date, *pm.authors, *pm.translators,
            *(v for _, v in pm.extra), *pm.source_lines]
    meta = Metadata(
        title=fix(pm.title, report), subtitle=fix(pm.subtitle, report),
        authors=tuple(fix(a, report) for a in authors),
        editors=tuple(fix(a, report) for a in editors),
        translators=tuple(fix(a, report) for a in pm.translators),
        date=" ".join(pm.date.split()),
        source_lines=tuple(fix(x, report) for x in pm.source_lines),
        extra=tuple((k, v if k.endswith("date") else fix(v, report))
                    for k, v in pm.extra),
        language=pm.language)
    return meta, kept


@cleaner(NAME, detect=detect, version=runner.READER_VERSION,
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
    pm = page_meta(doc, report)
    main, base = prepare(doc, report, pm,
                         page=opts.get("main", "auto") != "whole")
    # (a page declaring no language: see cleaners.clean_in_language)
    differs = plainly_differs(text_of(main)[:60000], pm.language)
    if differs:
        report.problem("HTML002", f"{differs} (the page's lang); the "
                       f"declared language is kept: write the chapter's "
                       f"`language:` to set the right one")
    with source_language(pm.language):
        conv = convert_html(main, report, source, text)
    meta, kept = metadata(pm, report)
    return finish(NAME, report, meta, conv, " ".join([base, *kept]),
                  select=opts.get("select"), source=source)
