"""What a page holds around its text, left out and listed: scripts, the
Project Gutenberg licence, navigation, page numbers, contents, icons; the
main text found; style sheets' italics read (see :mod:`.html`)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ...report import CleaningReport
from .convert import NOTE_CALL_CLASS
from .notes import _empty_headings
from .page import (PAGE_ANCHOR, PageMeta, _block_text, _block_text_list,
                   _classes, _lines, _text_len, attr, detach_tail, drop,
                   gutenberg_header, local, sentences_of_links, text_of)
_NEVER_TEXT = ("script", "style", "template", "noscript", "svg", "canvas",
               "iframe", "object", "embed", "form", "button", "select",
               "textarea", "input", "video", "audio", "map")
_PAGENUM = re.compile(r"\bpage-?num|\bpageno\b|\bpagenumber\b", re.I)
_PG_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG",
                       re.I)
_PG_END = re.compile(r"\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_PG_CREDIT = re.compile(r"^(?:Produced|Transcribed|Prepared|E-?text prepared|"
                        r"This e-?(?:text|book) was (?:produced|prepared))\b"
                        r".{0,300}\bby\b", re.I | re.S)


def strip_never_text(root: Any, report: CleaningReport) -> None:
    page = _paragraphs_text(root)
    for el in list(root.iter(*_NEVER_TEXT)):
        if el.getparent() is None:
            continue
        if local(el.tag) in ("script", "style", "template"):
            el.drop_tree()
            report.counts["removed-script-style"] += 1
        elif _holds_the_text(el, root, page):
            report.counts["text-in-" + local(el.tag)] += 1
            el.tag = "div"  # its controls still go, one by one
        else:
            drop(el, "boilerplate", report)
    for c in list(root.iter(etree.Comment)):
        if c.getparent() is not None:
            c.drop_tree()
    # What the page never shows: the `hidden` attribute, an inline style
    # that hides it, a short text hidden from screen readers too (a
    # decorative mark); listed as `hidden`.
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if el.get("hidden") is not None or "display:none" in style or                 "visibility:hidden" in style or (
                    (el.get("aria-hidden") or "").lower() == "true"
                    and _text_len(el) < 40 and local(el.tag) in (
                        "span", "i", "b", "em", "small", "sup", "div", "p")):
            drop(el, "hidden", report)


def _paragraphs_text(el: Any) -> int:
    return sum(_text_len(p) for p in el.iter("p", "blockquote", "li", "pre"))


def _holds_the_text(el: Any, root: Any, page: int) -> bool:
    """A ``<form>`` round the whole page (ASP.NET's ``aspnetForm``) holds
    half the page's paragraphs or more; a ``<noscript>`` holds a post the
    page's script would have shown (Blogger's), paragraphs of 200
    characters or more, said nowhere else on the page (not a picture's
    fallback, nor the same text again)."""
    tag = local(el.tag)
    if tag == "form":
        own = _paragraphs_text(el)
        return own >= 500 and own >= 0.5 * page
    if tag != "noscript":
        return False
    text = " ".join("".join(el.itertext()).split())
    if len(text) < 200 or el.find(".//p") is None or "<" in text:
        return False  # (an ad's markup read as text: no post)
    probe = text[len(text) // 3:len(text) // 3 + 60]
    outside = [t for t in root.xpath("//text()")
               if not any(a is el for a in t.getparent().iterancestors())
               and t.getparent() is not el]
    return probe not in " ".join(" ".join(outside).split())


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
            gutenberg_header(_block_text(el), pm, report)
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
                _preceding_and_self(hit, body, True)), pm, report)
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
    if found and not any(k == "license" for k, _ in pm.extra):
        # as the plain-text reader says it (the About page prints it)
        number = dict(pm.extra).get("ebook-number")
        pm.extra.append(("license", "Public domain in the USA; distributed "
                         "by Project Gutenberg" +
                         (f" (eBook #{number})" if number else "")))
    return found


def strip_pagenums(body: Any, report: CleaningReport) -> None:
    for el in list(body.iter("span", "div", "a", "p")):
        if el.getparent() is None:
            continue
        if _PAGENUM.search(_classes(el)) and len(text_of(el)) < 30:
            drop(el, "page-number", report)
        elif attr(el, "type") == "pagebreak" or el.get("role") == "doc-pagebreak":
            drop(el, "page-number", report)



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
    _link_runs(root, report)
    if not heads and not any(PAGE_ANCHOR.match(
            (a.get("href") or "").split("#")[-1]) for a in root.iter("a")):
        _empty_headings(root, _CONTENTS_HEADING, "contents", report)
        return
    removed = False
    for el in list(root.iter("ul", "ol", "table", "div", "p", "dl",
                             "section")):
        if el.getparent() is None:
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        # links to headings, or to the pages of the printed edition (a
        # Gutenberg contents or index: "Fear, <a href=#page2>2</a>")
        to_heads = [a for a in links if "#" in a.get("href", "") and (
                    a.get("href", "").split("#")[-1] in heads or
                    PAGE_ANCHOR.match(a.get("href", "").split("#")[-1]))]
        # links inside the text: to its headings, or to parts of it a
        # saved page no longer holds
        inner = [a for a in links if a.get("href", "").startswith("#")]
        if len(to_heads) < 3 or len(inner) < 0.6 * len(links):
            continue
        pages = sum(1 for a in to_heads if PAGE_ANCHOR.match(
            a.get("href", "").split("#")[-1]))
        if pages * 2 < len(to_heads) and sentences_of_links(el, blocks=True):
            # sentences that send the reader to other sections ("as
            # closing brackets (<a>cl-02</a>), in principle"): running
            # text with its cross-references, no contents; an index's
            # entries ("Labour, division of, <a>12</a>") lead to pages
            continue
        total = _text_len(el)
        dense = sum(_text_len(a) for a in inner) >= 0.4 * total or (
            len(inner) >= 5 and len(inner) >= 0.8 * len(links)
            and local(el.tag) in ("ul", "ol", "table", "dl"))
        if total and dense and \
                el.find(f".//span[@class='{NOTE_CALL_CLASS}']") is None and \
                not any(True for _ in el.iter("h1", "h2", "h3", "h4")):
            drop(el, "contents", report)
            removed = True
    if removed:  # an index's letters, with their entries gone: a run of
        # them (a chapter's number "I" right over its title is no letter)
        _empty_headings(root, _LETTER_HEADING, "contents", report, least=2)
    _empty_headings(root, _CONTENTS_HEADING, "contents", report)


_LETTER_HEADING = re.compile(r"^\W*[^\W\d_]\W*$")
_CONTENTS_HEADING = re.compile(
    r"^\W*(?:contents|table of contents|index|sommaire|table des mati[eè]res"
    r"|[íi]ndice|inhalt|inhaltsverzeichnis|содержание|оглавление)\W*$", re.I)
# The heading of a list of pictures ("List of Illustrations") or of the
# contents, written as a paragraph ("<p><b>CONTENTS</b></p>").
_LIST_HEADING = re.compile(
    r"^\W*(?:(?:list of )?(?:illustrations|plates|figures|maps)|contents"
    r"|table of contents|sommaire|table des mati[eè]res|[íi]ndice|inhalt"
    r"|inhaltsverzeichnis|содержание|оглавление|liste des (?:illustrations"
    r"|gravures))\W*$", re.I)
_RUN_BLOCKS = frozenset({"p", "div", "li", "dt", "dd", "center",
                         # an older file's contents: "<H4><A HREF=#bio>
                         # Biographic Sketch</A></H4>", one per entry
                         "h2", "h3", "h4", "h5", "h6"})


def _link_runs(root: Any, report: CleaningReport) -> None:
    """Three or more blocks in a row, each nothing but one link inside the
    page ("<p class=toc><a href=#chap2>CHAP. II.</a></p>", as Project
    Gutenberg's HTML lists chapters and pictures, or headings each of one
    link in older files): a contents or a list of illustrations, kind
    ``contents``, with the paragraph heading it."""
    def one_link(el: Any) -> bool:
        if local(el.tag) not in _RUN_BLOCKS:
            return False
        links = [a for a in el.iter("a") if a.get("href")]
        if len(links) != 1 or not links[0].get("href", "").startswith("#"):
            return False
        total = _text_len(el)
        return total > 0 and _text_len(links[0]) >= 0.9 * total and \
            el.find(f".//span[@class='{NOTE_CALL_CLASS}']") is None

    for parent in list(root.iter()):
        if not isinstance(parent.tag, str) or parent.getparent() is None \
                and parent is not root:
            continue
        run: list[Any] = []
        kids = [c for c in parent if isinstance(c.tag, str)]
        for c in [*kids, None]:
            if c is not None and one_link(c):
                run.append(c)
                continue
            if c is not None and not _text_len(c) and \
                    c.find(".//img") is None and run:
                continue  # an empty paragraph inside the list
            if len(run) >= 3:
                head = run[0].getprevious()
                while head is not None and isinstance(head.tag, str) and \
                        not _text_len(head) and head.find(".//img") is None:
                    head = head.getprevious()
                for el in run:
                    drop(el, "contents", report)
                if head is not None and isinstance(head.tag, str) and \
                        _LIST_HEADING.match(text_of(head)):
                    drop(head, "contents", report)
            run = []


def strip_title(root: Any, pm: PageMeta, report: CleaningReport,
                page_title: str = "") -> None:
    """A first heading that repeats the title (or gives it, or stands
    inside the page's ``<title>`` with the site's or author's name around
    it) is the title; a short line just before or after it naming the
    author is the byline."""
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())

    heads = [el for el in root.iter("h1", "h2", "h3")][:3]
    if not heads:
        return
    first = heads[0]
    t = text_of(first)
    nt, ntitle = norm(t), norm(pm.title)
    if not nt:
        return
    if not pm.title:
        pm.title = t
    elif nt == ntitle or ntitle.startswith(nt) or nt.startswith(ntitle):
        if len(nt) > len(ntitle):
            pm.title = t
    elif f" {nt} " in f" {norm(page_title)} " and ntitle == norm(page_title):
        pm.title = t  # "Author: Title 1873" in <title>, the title in <h1>
    else:
        return
    around = [first.getprevious(), first.getnext()]
    drop(first, "title", report)
    if pm.authors:
        return
    context = norm(page_title or pm.title)
    for el in around:
        if el is None or el.getparent() is None or local(el.tag) not in (
                "p", "div", "h2", "h3", "h4", "h5", "span"):
            continue
        text = text_of(el)
        words_ = norm(text).split()
        by = re.match(r"(?i)^(?:by|par|por|von|di|de|автор)\s+(.+)$", text)
        if 1 < len(words_) <= 6 and not re.search(r"\d|[.!?]$", text) and (
                by or words_[-1] in context.split()):
            pm.authors = [by.group(1) if by else text]
            drop(el, "byline", report)
            return


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


_PROVENANCE = re.compile(
    r"^\s*(?:written|source|sources|first published|published|"
    r"originally published|translated|translation|translated by|"
    r"transcribed|transcription|transcription/markup|html markup|markup|"
    r"html mark-up|mark-up|marked up|edited|editor|proofed|"
    r"e-?book prepared by|delivered|"
    r"proofread|proofreading|online version|retrieved|copyleft|"
    r"public domain|écrit|publié|source|traduction|fuente|traducción|"
    r"publicado|quelle|übersetzung|veröffentlicht|источник|перевод)"
    r"(?:\s+\w+){0,2}\s*[:：]", re.I)


def strip_provenance(root: Any, pm: PageMeta, report: CleaningReport) -> None:
    """A block of "Written: ... / Source: ... / Transcribed: ..." lines at
    the head or foot of the text (marxists.org's "information", a library's
    colophon) is provenance: its lines go to the metadata's source lines."""
    blocks = [el for el in root.iter("p", "div", "blockquote")
              if el.getparent() is not None and _text_len(el)]
    for el in blocks[:8] + blocks[-5:]:
        if el.getparent() is None or el.find(".//p") is not None:
            continue
        lines = _lines(el)
        if lines and sum(bool(_PROVENANCE.match(x)) for x in lines) >= max(
                1, (len(lines) + 1) // 2):
            pm.source_lines.extend(lines)
            report.remove("provenance", text_of(el), el.sourceline or 0)
            # its words are in the metadata: counted there, not lost
            parent = el.getparent()
            detach_tail(el)
            parent.remove(el)


def unwrap_layout_tables(root: Any, report: CleaningReport) -> None:
    """Tables that lay a page out rather than tabulate (a cell holding
    headings or a table, several blocks in a table of one row or column, a
    cell of running text, a table of one cell):
    their cells' contents take their place, in reading order."""
    tables = [t for t in root.iter("table")]
    for table in reversed(tables):  # innermost first
        if table.getparent() is None:
            continue
        cells = table.xpath("./tr/td|./tr/th|./*/tr/td|./*/tr/th")
        rows = table.xpath("./tr|./*/tr")
        width = max((len(r.xpath("./td|./th")) for r in rows), default=0)
        # A data table's cell may hold two paragraphs or a list; a heading
        # or a table inside a cell, or several blocks in a table of one row
        # or one column, is a page's layout.
        sections = any(x is not c for c in cells
                       for x in c.iter("h1", "h2", "h3", "h4", "h5", "h6",
                                       "table"))
        blocky = (len(rows) <= 1 or width <= 1) and any(
            sum(1 for x in c.iter("p", "div", "ul", "ol", "blockquote")
                if x is not c) > 1 for c in cells)
        long_cell = any(_text_len(c) > 400 for c in cells)
        if not (sections or blocky or long_cell or len(cells) <= 1):
            continue
        parent = table.getparent()
        index = parent.index(table)
        moved: list[Any] = []
        for c in cells:
            if not isinstance(c.tag, str) or not _text_len(c):
                continue
            c.tag = "div"
            for k in list(c.attrib):
                del c.attrib[k]
            moved.append(c)
        tail = table.tail
        parent.remove(table)
        for k, c in enumerate(moved):
            parent.insert(index + k, c)
        if tail:
            if moved:
                moved[-1].tail = (moved[-1].tail or "") + tail
        report.counts["layout-tables"] += 1
    head_rows_of_th(root, report)


def head_rows_of_th(root: Any, report: CleaningReport) -> None:
    """A data table without ``thead`` whose first row is all ``th`` (as
    Wikipedia and many sites write a head) gets that row as its head:
    pandoc would read it as a body row."""
    for table in root.iter("table"):
        if table.xpath("./thead"):
            continue
        rows = table.xpath("./tr|./tbody/tr")
        if len(rows) < 2:
            continue
        first = rows[0]
        cells = first.xpath("./td|./th")
        if not cells or any(local(c.tag) != "th" for c in cells):
            continue
        first.getparent().remove(first)
        thead = etree.Element("thead")
        thead.append(first)
        index = 0
        for i, child in enumerate(table):
            if isinstance(child.tag, str) and local(child.tag) in (
                    "caption", "colgroup", "col"):
                index = i + 1
        table.insert(index, thead)
        report.counts["table-heads-of-th"] += 1


def _span_of(el: Any, name: str) -> int:
    value = (el.get(name) or "1").strip()
    return min(int(value), 1000) if value.isdigit() and int(value) > 0 else 1


def complete_columns(root: Any, report: CleaningReport) -> None:
    """pandoc 3 makes a table as wide as its ``<col>`` elements say and
    drops, unsaid, the cells of its rows beyond them (a ``colgroup`` of
    two columns over rows of four lost the names and remarks of a
    specification's character tables), and counts ``<col span="2">`` as
    one column.  A column's span is written out as that many columns, and
    columns are added up to the widest row (counted, ``columns-added``),
    so that every cell is read; the given columns keep their alignment."""
    for table in root.iter("table"):
        cols = table.xpath("./col|./colgroup/col")
        if not cols:
            continue
        for col in cols:
            n = _span_of(col, "span")
            if n > 1:
                del col.attrib["span"]
                for _ in range(n - 1):
                    col.addnext(etree.Element("col"))
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        widest = max((sum(_span_of(c, "colspan") for c in r.xpath(
            "./td|./th")) for r in rows), default=0)
        cols = table.xpath("./col|./colgroup/col")
        missing = widest - len(cols)
        for _ in range(missing):
            cols[-1].addnext(etree.Element("col"))
        if missing > 0:
            report.counts["columns-added"] += missing
