"""The head and foot of a page's text that are the page's, not the text's:
the author's name, the title and the date set as headings above the text
(as marxists.org and many archives print them), a "Last updated" line,
"Top of the page" links, empty paragraphs and rules at the text's edges.
Every word left out is listed in the report with its kind; the title, the
author and the date go to the metadata (see :mod:`.html`)."""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import unquote

from lxml import etree

from ...report import CleaningReport
from ...text import TITLE_PAGE_SIGN, TITLE_PAGE_WORDS, words
from .common import names
from .page import PageMeta, _text_len, detach_tail, drop, local, text_of

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MONTHS = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|"
           r"february|march|april|june|july|august|september|october|"
           r"november|december|spring|summer|autumn|fall|winter|early|late|"
           r"mid|circa|c\.|ca\.")
_DATE_LINE = re.compile(
    rf"^[(\[]?\s*(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\.?\s+"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?)?"
    r"\d{4}(?:\s*[-–—/]\s*\d{2,4})?\s*[)\]]?\.?$"
    r"|^\(\s*[A-Za-z.]{3,12}\s+\d{4}\s*\)$", re.I)
_UPDATED = re.compile(
    r"^\W*(?:(?:page\s+)?(?:last\s+(?:updated|modified|revised)|updated)"
    r"(?:\s+(?:on|at))?|dernière mise à jour|zuletzt (?:aktualisiert|"
    r"geändert)|última (?:actualización|modificación)|ultimo aggiornamento)"
    r"\s*:?\s*[\w .,/:-]{0,40}$", re.I)
_BACK_LINK = re.compile(r"^\W*(?:(?:return|back|go|up)\s+to\b|next\b|"
                        r"previous\b|prev\b|retour\b|zurück\b|volver\b)",
                        re.I)
_TOP_LINK = re.compile(r"^\W*(?:(?:back\s+)?to\s+(?:the\s+)?top(?:\s+of"
                       r"\s+(?:the\s+)?page)?|top(?:\s+of\s+(?:the\s+)?"
                       r"page)?|haut de (?:la )?page|nach oben|arriba)\W*$",
                       re.I)


_MONTH_NO = {m: i for i, ms in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
     "nov", "dec"), 1) for m in (ms,)}


def iso_date(text: str) -> str:
    """A date as a page prints it ("(22 December 1922)", "September 1939",
    "Autumn 1958") in ISO form ("1922-12-22", "1939-09", "1958"), which is
    what the book prints from ("" when it holds no year)."""
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    if not year:
        return ""
    month = re.search(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
                      r"dec)[a-z]*\.?\b", text)
    if not month:
        return year.group(1)
    out = f"{year.group(1)}-{_MONTH_NO[month.group(1).lower()]:02d}"
    day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", text[:year.start()]
                    .replace(month.group(0), " "))
    if day and 1 <= int(day.group(1)) <= 31:
        out += f"-{int(day.group(1)):02d}"
    return out


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _lead(root: Any) -> list[Any]:
    """Headings and short lines above the text's first paragraph."""
    out: list[Any] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        if el.get("class") == "transcriber-note" or any(
                x.get("class") == "transcriber-note" for x in el.iterancestors()):
            continue  # set apart before (a Gutenberg page's)
        tag = local(el.tag)
        if tag in _HEADINGS:
            out.append(el)
        elif tag in ("p", "div", "blockquote", "li", "pre", "table"):
            n = _text_len(el)
            if tag == "div" and any(local(c.tag) in ("p", "div") + _HEADINGS
                                    for c in el if isinstance(c.tag, str)):
                continue
            if n > 120 or tag in ("li", "pre", "table", "blockquote"):
                break
            if n:
                out.append(el)
        if len(out) >= 8:
            break
    return out


def _author_names(pm: PageMeta, page_title: str) -> set[str]:
    out = {_norm(a) for a in pm.authors}
    m = re.match(r"^\s*([^:]{3,60}?)\s*:\s+\S", page_title)
    if m:
        out.add(_norm(m.group(1)))
    return {a for a in out if a}


_BY_TAIL = re.compile(r"^(?:by|par|von|por|di|door|av|af)\s+(.+)$")


def _by_author(tail: str, authors: set[str]) -> bool:
    """``tail`` (normalized), what a heading adds to the title, is "by"
    and a known author ("On Liberty. By John Stuart Mill."): a byline,
    no part of the title."""
    m = _BY_TAIL.match(tail.strip())
    return m is not None and m.group(1) in authors


def strip_head(root: Any, pm: PageMeta, report: CleaningReport,
               page_title: str = "") -> None:
    """Above the text: the heading that gives the title (equal to the
    page's title, or standing inside it with the author's name or a date
    around it) is the title; a heading or short line naming the author is
    the byline; one that is only a date is the date.  Nothing is taken
    when no heading gives the title (a page whose first heading is the
    text's own first section keeps it)."""
    lead = _lead(root)
    ntitle, npage = _norm(pm.title), _norm(page_title)
    authors = _author_names(pm, page_title)
    title_el = None
    for el in lead:
        if local(el.tag) not in _HEADINGS:
            continue
        nt = _norm(text_of(el))
        if not nt or nt in authors or _DATE_LINE.match(text_of(el)):
            continue
        if not pm.title:
            pm.title = text_of(el)
            title_el = el
        elif nt == ntitle or nt.startswith(ntitle) or (
                ntitle.startswith(nt) and 2 * len(nt) >= len(ntitle)):
            if len(nt) > len(ntitle) and not _by_author(nt[len(ntitle):],
                                                        authors):
                pm.title = text_of(el)
            title_el = el
        elif len(nt.split()) >= 2 and f" {nt} " in f" {npage} " and \
                ntitle == npage:
            pm.title = text_of(el)  # "Author: Title (1873)" in <title>
            title_el = el
        if title_el is not None:
            break
    index = lead.index(title_el) if title_el is not None else -1
    block = _title_block(title_el, root)
    if title_el is not None:
        drop(title_el, "title", report)
    named: set[str] = set()
    for k, el in enumerate(lead):
        if el is title_el or el.getparent() is None:
            continue
        text = text_of(el)
        nt = _norm(text)
        if _author_and_title(el, authors, ntitle, npage):
            drop(el, "byline", report)
            continue
        listed = {_norm(n) for n in names(text)}
        if len(listed) > 1 and listed <= authors:
            drop(el, "byline", report)  # "Lucía Ejemplo y Tomás Prueba"
            continue
        near = title_el is not None and (abs(k - index) <= 2 or any(
            a is block for a in el.iterancestors()))
        if near and block is not None and not pm.subtitle and \
                _SUBTITLE.search(el.get("class") or "") and \
                any(a is block for a in el.iterancestors()):
            pm.subtitle = text  # (pandoc's title block, a post's deck)
            drop(el, "subtitle", report)
            continue
        if near and _DATE_LINE.match(text):
            if not pm.date and iso_date(text):
                pm.date = iso_date(text)
                drop(el, "date", report)
            elif pm.date and iso_date(text)[:4] == pm.date[:4]:
                drop(el, "date", report)
            continue
        dated = [nt[len(a):].strip() for a in authors
                 if nt.startswith(a + " ")]
        if dated and _DATE_LINE.match(dated[0]):
            if not pm.date:
                pm.date = iso_date(dated[0])
            drop(el, "byline", report)
            continue
        by = re.match(r"(?i)^(?:by|par|por|von|di|de|автор)\s+(.+)$", text)
        name = _norm(by.group(1)) if by else nt
        words_ = name.split()
        if not 1 < len(words_) <= 8 or re.search(r"\d", text):
            continue
        if name in authors:
            # the author's name as the page's meta or <title> gives it;
            # once: the name again, further on, heads a part of the text
            # (a biographical sketch's "EMMA GOLDMAN")
            if name in named:
                continue
            named.add(name)
            if not pm.authors:
                pm.authors = [by.group(1) if by else text]
            drop(el, "byline", report)
        elif not near:
            continue
        elif authors and all(w in " ".join(authors).split() for w in words_):
            drop(el, "byline", report)
        elif not pm.authors and k < index and by:
            pm.authors = [by.group(1)]
            drop(el, "byline", report)
        elif not pm.authors and abs(k - index) == 1 and len(words_) <= 6 \
                and not re.search(r"[.!?:;]$", text) and \
                words_[-1] in (npage or ntitle).split():
            pm.authors = [by.group(1) if by else text]  # "Bakunin: ..."
            drop(el, "byline", report)
        elif not pm.authors and k == index - 1 and local(el.tag) in \
                _HEADINGS and not re.search(r"[.!?:;]$", text) and all(
                w[:1].isupper() for w in text.split() if w.isalpha()
                and len(w) > 3):
            pm.authors = [text]  # a name set as a heading above the title
            drop(el, "byline", report)
    _title_without_author(pm, page_title)


_SUBTITLE = re.compile(r"(?:^|[-_\s])sub-?title(?:$|[-_\s])", re.I)


def _title_block(title_el: Any, root: Any) -> Any:
    """The ``<header>`` round the title heading (pandoc's
    ``#title-block-header``, an article's header taken in): its short lines
    are the title's (subtitle, byline, date), however many."""
    if title_el is None:
        return None
    for a in title_el.iterancestors():
        if a is root:
            return None
        if isinstance(a.tag, str) and local(a.tag) == "header":
            return a
    return None


def _author_and_title(el: Any, authors: set[str], ntitle: str,
                      npage: str) -> bool:
    """A line above the text giving the author and, after a line break,
    the title the page's <title> holds ("Karl Marx / Wage Labour and
    Capital")."""
    from .page import _lines
    lines = [_norm(x) for x in _lines(el)]
    if len(lines) != 2 or not authors:
        return False
    who, what = (lines if lines[0] in authors else lines[::-1])
    return who in authors and len(what.split()) >= 2 and (
        f" {what} " in f" {npage} " or f" {what} " in f" {ntitle} ")


def _title_without_author(pm: PageMeta, page_title: str) -> None:
    """A title taken from ``<title>`` as "Author: Title (1930)" when the
    author is known: the title alone."""
    if not pm.title or pm.title != page_title or not pm.authors:
        return
    m = re.match(r"^\s*([^:]{3,60}?)\s*:\s+(\S.*)$", pm.title)
    if not m:
        return
    who = _norm(m.group(1))
    known = " ".join(_norm(a) for a in pm.authors).split()
    if not who or not all(w in known or (len(w) == 1 and any(
            k.startswith(w) for k in known)) for w in who.split()):
        return  # (an initial stands for a name: "E. Belfort Bax")
    rest = m.group(2).strip()
    date = re.search(r"\s*\(([^()]*\d{4}[^()]*)\)\s*$", rest)
    if date and _DATE_LINE.match(date.group(1)):
        if not pm.date:
            pm.date = iso_date(date.group(1))
        if iso_date(date.group(1))[:4] == pm.date[:4]:
            rest = rest[:date.start()].strip()
    pm.title = rest


_FOOTER_CLASS = re.compile(r"(?:^|[-_\s])(?:footer|foot|page-?footer|"
                           r"updat|lastmod|last-?modified)(?:$|[-_\s])",
                           re.I)


def strip_furniture(root: Any, report: CleaningReport) -> None:
    """"Last updated" lines, "Top of the page" links, paragraphs with no
    words, and the page's footer: short blocks of class ``footer`` at the
    very end of the page (marxists.org's "Back to Archive Index | ..."),
    holding no note."""
    blocks = [el for el in root.iter("p", "div", "center")
              if el.getparent() is not None and _text_len(el)
              and el.find(".//p") is None and el.find(".//div") is None]
    last = {id(el) for el in blocks[-6:]}  # the foot of the page
    for el in blocks[-3:]:
        if _FOOTER_CLASS.search(el.get("class") or "") and \
                _text_len(el) <= 300 and el.getnext() is None or (
                    el.getnext() is not None and all(
                        _FOOTER_CLASS.search(x.get("class") or "") or
                        not _text_len(x) for x in el.itersiblings()
                        if isinstance(x.tag, str))
                    and _FOOTER_CLASS.search(el.get("class") or "")
                    and _text_len(el) <= 300):
            drop(el, "boilerplate", report)
    for el in list(root.iter("p", "div", "span", "center", "blockquote",
                             "pre", *_HEADINGS)):
        if el.getparent() is None:
            continue
        text = text_of(el)
        links = [a for a in el.iter("a")]
        if text and links and (_TOP_LINK.match(text) or (
                any(_TOP_LINK.match(text_of(a)) for a in links) and
                sum(_text_len(a) for a in links) >= 0.8 * len(text))):
            drop(el, "boilerplate", report)
        elif text and len(text) < 120 and links and _BACK_LINK.match(text) \
                and (sum(_text_len(a) for a in links) >= 0.8 * len(text) or
                     re.match(r"(?i)^\W*(?:next|previous|prev)\s*:", text)):
            drop(el, "boilerplate", report)
        elif text and len(text) < 80 and id(el) in last and \
                _UPDATED.match(text) and re.search(
                r"\d", text) and el.find(".//p") is None:
            drop(el, "boilerplate", report)
        elif not text.replace("\u00a0", "").strip() and local(el.tag) in (
                "p", "div", "center", "blockquote", "pre", *_HEADINGS) and el.find(".//img") is None:
            drop(el, "empty", report)


_INFO_CLASS = re.compile(r"(?:^|[-_\s])(?:info|information|infobox|"
                         r"source-?info|colophon|credits?|provenance)"
                         r"(?:$|[-_\s])", re.I)


def strip_info(root: Any, pm: PageMeta, report: CleaningReport) -> None:
    """A block near the head of the text whose class says it is the
    page's information (marxists.org's ``p.information``/``p.info``: where
    and when published, who transcribed it) is provenance: its lines go to
    the metadata's source lines."""
    from .page import _lines
    blocks = [el for el in root.iter("p", "div")
              if el.getparent() is not None and _text_len(el)
              and el.find(".//p") is None and el.find(".//div") is None]
    for el in blocks[:6]:
        if not _INFO_CLASS.search(el.get("class") or "") or \
                _text_len(el) > 1500:
            continue
        pm.source_lines.extend(_lines(el))
        report.remove("provenance", text_of(el), el.sourceline or 0)
        parent = el.getparent()
        detach_tail(el)
        parent.remove(el)


def trim_edges(root: Any, report: CleaningReport, rules: bool = True
               ) -> None:
    """Rules and line breaks at the very start or end of the text, and a
    line break that ends a paragraph (nothing follows it)."""
    for br in list(root.iter("br")):
        parent = br.getparent()
        if parent is None or local(parent.tag) not in (
                "p", "div", "li", "dd", "blockquote", "h1", "h2", "h3",
                "h4", "h5", "h6", "td"):
            continue
        if br.getnext() is None and not (br.tail or "").replace(
                "\u00a0", " ").strip():
            br.tail = None
            parent.remove(br)
            report.counts["trailing-breaks"] += 1
    for block in root.iter("p", "li", "dd", "blockquote", "td", *_HEADINGS):
        _rstrip_end(block)
        _lstrip_start(block)
    if not rules:
        return
    for forward in (True, False):
        while True:
            kids = [c for c in root if isinstance(c.tag, str)]
            if not kids:
                break
            edge = kids[-1] if forward else kids[0]
            if local(edge.tag) == "hr" or (local(edge.tag) in ("br",) and
                                           not (edge.tail or "").strip()):
                if (edge.tail or "").strip():
                    break
                root.remove(edge)
                report.counts["edge-rules"] += 1
                continue
            break


def strip_book_links(body: Any, files: set[str], name: str,
                     report: CleaningReport) -> None:
    """In a file of a book: a line that is nothing but links to the book's
    own files (a contents page's entries, "Introduction", "Chapters 1-5")
    is the book's navigation, not its text (kind ``contents``); a heading
    left with nothing under it goes with them.  A relative link in an
    EPUB can lead nowhere but into the book, even to a file it no longer
    holds."""
    def internal(a: Any) -> bool:
        href = a.get("href") or ""
        if not href or href.startswith("#") or re.match(
                r"(?i)^[a-z][\w+.-]*:", href) or href.startswith("/"):
            return False
        path = href.split("#")[0]
        target = posixpath.normpath(posixpath.join(
            posixpath.dirname(name), unquote(path)))
        return target in files or not target.startswith("..")
    dropped = False
    for el in list(body.iter("p", "li", "div", "dt", "dd")):
        if el.getparent() is None or el.find(".//p") is not None or \
                el.find(".//div") is not None:
            continue
        text = text_of(el)
        links = [a for a in el.iter("a")]
        if not text or not links or not all(internal(a) for a in links):
            continue
        if sum(_text_len(a) for a in links) >= 0.7 * len(text):
            drop(el, "contents", report)
            dropped = True
    if dropped:
        from .boiler import _CONTENTS_HEADING
        rest = [el for el in body.iter("p", "div", *_HEADINGS)
                if el.getparent() is not None and text_of(el)
                and el.find(".//p") is None]
        if len(rest) == 1 and _CONTENTS_HEADING.match(text_of(rest[0])):
            drop(rest[0], "contents", report)  # "Table of Contents" alone
        for h in list(body.iter(*_HEADINGS)):
            sib = h.getnext()
            while sib is not None and not text_of(sib):
                sib = sib.getnext()
            if sib is None and not (h.tail or "").strip() and not any(
                    local(x.tag) in _HEADINGS for x in h.itersiblings()):
                # a heading with nothing after it in its file
                drop(h, "contents", report)


def _rstrip_end(block: Any) -> None:
    """The spaces (no-break spaces too) that end a block's last line."""
    node = block
    while True:
        kids = [c for c in node if isinstance(c.tag, str)]
        if len(node) and len(kids) == len(node) and not (
                node[-1].tail or "").strip():
            if node[-1].tail:
                node[-1].tail = None
            if local(node[-1].tag) in ("br", "img", "hr"):
                return
            node = node[-1]
            continue
        break
    if len(node):
        last = node[-1]
        if last.tail and last.tail.strip():
            last.tail = last.tail.rstrip(" \t\n\u00a0")
    elif node.text and node.text.strip():
        node.text = node.text.rstrip(" \t\n\u00a0")


def _lstrip_start(block: Any) -> None:
    """The spaces (no-break spaces too) that open a block's first line."""
    node = block
    for _ in range(20):
        if node.text and node.text.strip():
            node.text = node.text.lstrip(" \t\n\u00a0")
            return
        if node.text:
            node.text = None
        if not len(node) or not isinstance(node[0].tag, str) or local(
                node[0].tag) in ("br", "img", "hr"):
            return
        node = node[0]


# A heading that begins the text itself, not its title page.
_OPENING = re.compile(
    r"(?i)^\W*(?:preface|foreword|introduction|introductory|prologue|"
    r"contents|chapter|chap\.|book|part|canto|act|letter|dedication|"
    r"to the reader|avant-propos|préface|chapitre|vorwort|einleitung|"
    r"kapitel|prólogo|prefacio|introducción|capítulo|capitolo|prefazione|"
    r"[ivxlc]{1,7}\b\.?|\d{1,3}\b\.?)")
# ... or names such a part anywhere ("AUTHOR'S PREFACE").
_OPENING_WORD = re.compile(
    r"(?i)\b(?:preface|foreword|introduction|prologue|contents|chapter|"
    r"préface|avant-propos|vorwort|einleitung|prólogo|prefacio|"
    r"introducción|prefazione)\b")
_TITLE_PAGE_TAGS = _HEADINGS + ("p", "div", "center")


_CREDIT = re.compile(r"(?i)^\s*(?:by|von|de|par|por|di|da)\b")


def _opens_text(text: str) -> bool:
    """Does a heading reading ``text`` open the text itself ("PREFACE",
    "Chapter I", "AUTHOR'S PREFACE"), not credit someone on the title
    page ("With an Introduction by J. L. WALKER")?"""
    if _OPENING.match(text):
        return True
    return any(not _CREDIT.match(text[m.end():])
               for m in _OPENING_WORD.finditer(text))


def _heads_prose(heading: Any) -> bool:
    """Is the next block with words after ``heading`` a paragraph of prose
    (a section's first: "EMMA GOLDMAN" above her biographical sketch),
    not another short line of a title page?"""
    node = heading.getnext()
    while node is not None and (not isinstance(node.tag, str)
                                or not _text_len(node)):
        node = node.getnext()
    return node is not None and local(node.tag) in ("p", "div") and \
        _text_len(node) > 200


_BLOCK_TAGS = _HEADINGS + ("p", "div", "hr", "table", "blockquote", "ul",
                           "ol", "center", "pre")


def _wrapper(el: Any) -> bool:
    """Is ``el`` a box round several blocks and nothing else (Distributed
    Proofreaders' ``div.bbox`` round a whole title page), whose blocks are
    read one by one?"""
    if local(el.tag) != "div" or (el.text or "").strip() or \
            re.search(r"(?i)note|poem|verse|stanza",
                      el.get("class") or ""):
        return False
    kids = [c for c in el if isinstance(c.tag, str)]
    return sum(local(c.tag) in _BLOCK_TAGS for c in kids) >= 2 and \
        all(local(c.tag) in _BLOCK_TAGS and not (c.tail or "").strip()
            for c in kids)


def _leading_blocks(root: Any) -> list[Any]:
    """The page's blocks in order, a box round several blocks opened."""
    out: list[Any] = []
    for el in root:
        if not isinstance(el.tag, str):
            continue
        if _wrapper(el):
            out.extend(_leading_blocks(el))
        else:
            out.append(el)
    return out


def _br_lines(el: Any) -> list[str]:
    """The lines of a block set with ``<br>``, without their spacing."""
    parts: list[str] = []
    for node in el.iter():
        if node is not el and isinstance(node.tag, str) and \
                local(node.tag) == "br":
            parts.append("\n")
        elif node.text and isinstance(node.tag, str):
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return [" ".join(x.split()) for x in "".join(parts).split("\n")
            if x.strip()]


def _in_short_lines(el: Any) -> bool:
    """Is ``el`` set in short lines (an epigraph's verse, a publishers'
    list), not in a paragraph of prose?"""
    lines = _br_lines(el)
    return len(lines) >= 3 and max(len(x) for x in lines) <= 90


def _signed(blocks: list[Any]) -> bool:
    """Does a line only a title page prints ("BY", "NEW-YORK:", "1844.",
    "Entered according to act of Congress") stand in one of ``blocks``,
    before the text opens?"""
    for el in blocks:
        if not isinstance(el.tag, str) or not _text_len(el):
            continue
        if local(el.tag) in _HEADINGS and _opens_text(text_of(el)):
            return False
        if any(TITLE_PAGE_SIGN.search(x) for x in _br_lines(el)):
            return True
    return False


def gutenberg_title_page(root: Any, pm: PageMeta,
                         report: CleaningReport) -> None:
    """A Project Gutenberg page's title page, the short lines above the
    text's first section (the title again, "OR,", the subtitle, "By", the
    author, the publisher, the copyright line): set apart as the title
    page (a ``title-page`` division of paragraphs, as the plain-text reader
    makes it), not as headings of the text; a line holding nothing but
    the metadata's words is left out (kind ``title-block``).  A box round
    the title page's blocks is opened; a long block set in short lines (an
    epigraph, the publishers' addresses) is the title page's when a line
    only a title page prints is in it or comes after it before the text
    opens (the plain-text reader's rule)."""
    lines: list[Any] = []
    blocks = _leading_blocks(root)
    for i, el in enumerate(blocks):
        if el.get("class") == "transcriber-note":
            if lines:
                break
            continue
        tag = local(el.tag)
        n = _text_len(el)
        if tag == "hr":
            # Rules part the title page, the copyright and the dedication:
            # what ends it is the text's first part (a heading that opens
            # it, or one with prose under it) or a long block.
            continue
        if not n:
            if el.find(".//img") is not None and lines:
                lines.append(el)  # the title page's picture
            continue
        text = text_of(el)
        if tag in _HEADINGS and (_opens_text(text) or _heads_prose(el)) \
                or "note" in (el.get("class") or ""):
            break
        if tag not in _TITLE_PAGE_TAGS or n > 200 or any(
                local(c.tag) in ("p", "div", "table", "ul", "ol",
                                 "blockquote") for c in el.iter()
                if c is not el and isinstance(c.tag, str) and
                _text_len(c) > 120):
            if not (tag in ("p", "div", "blockquote") and n <= 1500 and
                    _in_short_lines(el) and _signed(blocks[i:i + 6])):
                break
        lines.append(el)
    if not any(_text_len(el) for el in lines):
        return
    known = set(words(" ".join([pm.title, pm.subtitle, *pm.authors,
                                *pm.translators])))
    page = etree.Element("div")
    page.set("class", "title-page")
    top = lines[0]
    while top.getparent() is not root:
        top = top.getparent()
    top.addprevious(page)
    boxes = {el.getparent() for el in lines} - {root}
    for el in lines:
        ws = set(words(text_of(el)))
        if ws and known and ws <= known | TITLE_PAGE_WORDS:
            drop(el, "title-block", report)
            continue
        detach_tail(el)
        if local(el.tag) in _HEADINGS + ("center",):
            el.tag = "p"  # a line of the title page, not a section
        page.append(el)  # moves it
    for box in boxes:
        # a box its lines have left holds at most a picture or a rule
        if box.getparent() is not None and not _text_len(box) and \
                box.find(".//img") is None:
            box.getparent().remove(box)
    if len(page):
        report.counts["title-page"] += 1
    else:
        root.remove(page)


# A page's <title> is often the title and the site's name ("Mozilla -
# Wikipedia", "Whale strandings | Eleanor Ainge Roy | The Guardian").
_SITE_SEP = re.compile(r"\s+(?:[-|–—·•»]|::)\s+")
# A heading that is the site's name (its logo, its masthead).
_BRAND = re.compile(r"(?i)logo|brand|masthead|topbar|navbar|banner|"
                    r"site-?(?:name|title)")


def title_without_site(root: Any, pm: PageMeta) -> None:
    """The title without the site's name or the author's around it: the
    part of a title cut at " - ", " | ", " — "... that a heading of the
    page gives, or, failing that, the title without the part that is the
    site's name (``og:site_name``).  A colon never cuts (a subtitle)."""
    parts = [x.strip() for x in _SITE_SEP.split(pm.title) if x.strip()]
    if len(parts) < 2:
        return
    heads = {_norm(text_of(h)) for h in root.iter("h1", "h2")
             if not any(_BRAND.search(f"{x.get('class') or ''} "
                                      f"{x.get('id') or ''}")
                        for x in [h, *h.iterancestors()][:4])}
    for part in parts:
        if len(_norm(part)) >= 3 and _norm(part) in heads:
            pm.title = part
            return
    site = _norm(dict(pm.extra).get("publisher", ""))
    kept = [x for x in parts if _norm(x) != site]
    if site and kept and len(kept) < len(parts):
        pm.title = " – ".join(kept)
