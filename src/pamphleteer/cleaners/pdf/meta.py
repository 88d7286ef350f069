"""Metadata of a PDF: its info dictionary, its XMP packet, its /Lang, and
the title block printed on its first page.

The printed title wins over the info dictionary's (which is often a file
name: ``Microsoft Word - essay.docx``, ``10811.exe``,
``905_Precinct_NoOU``); the info title is kept in ``extra`` as
``pdf-title`` when they differ, and a file name or a number is never a
title.  The Author field is often the computer's account
(``Administrator``, ``JOHNSCA``): a single word is an author only when the
first page prints it under the title, and an account name never (said
with ``PDF014``, kept as ``pdf-author``).  Authors come from the info
dictionary or XMP ``dc:creator``, or from a short centred line under the
printed title (``by`` taken off).  The language is the catalogue's
``/Lang`` or XMP ``dc:language``.

A closing colophon page (Amusewiki's last page: the site's name, then the
author, title, date and source, every line centred) is taken out of the
text into ``extra`` as ``pdf-colophon``; what it says of the licence
("Anti-Copyright"), the translators ("Translated by ...", when the words
read as names) and the source (the lines after the date, but the site's
address) goes to ``license``, ``translators`` and ``source_lines``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ...model import Metadata
from ...text import person_like
from .extract import Line

# A file name or a number given as the title ("10811.exe",
# "905_Precinct_NoOU", "line-char-render-example", "88300 162..177").
_FILE_TITLE = re.compile(r"^\S+\.[A-Za-z0-9]{2,4}$|^\S*_\S*$|"
                         r"^[a-z0-9]+(?:-[a-z0-9]+)+$|^[\d\s.,:;'\-]+$")
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|document\d*$)|"
                         r"\.(?:docx?|odt|pdf|indd|tex|rtf|qxd|p65)\s*$",
                         re.I)
_NS = {"dc": "http://purl.org/dc/elements/1.1/",
       "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
_BY = re.compile(r"^\s*by\s+", re.I)
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_DATE = re.compile(r"^\s*\d{4}-\d\d(?:-\d\d)?\s*$|"
                   r"^\s*(?:(?:\d{1,2}\.?\s+)?[^\W\d]{3,12}\.?\s+"
                   r"(?:\d{1,2}(?:st|nd|rd|th)?,\s+)?)?"
                   r"(?:1[5-9]|20)\d\d(?:\s*[-–]\s*(?:1[5-9]|20)?\d\d)?\s*$")
# ("1912", "March 1977", "3 March 1977", "3. März 1977", LaTeX's \today:
# "January 3, 2024")


def pdf_facts(doc) -> dict:
    """What the file says about itself: title, authors, language, dates."""
    info = doc.metadata or {}
    facts: dict = {"title": (info.get("title") or "").strip(),
                   "authors": [], "language": "", "subject":
                   (info.get("subject") or "").strip(),
                   "producer": (info.get("producer") or "").strip(),
                   "creator": (info.get("creator") or "").strip()}
    author = (info.get("author") or "").strip()
    if author:
        facts["authors"] = [a.strip() for a in re.split(r"\s*;\s*|\s+and\s+",
                                                        author) if a.strip()]
    try:
        xmp = doc.get_xml_metadata() or ""
    except Exception:
        xmp = ""
    if xmp:
        try:
            root = ET.fromstring(xmp.encode("utf-8", "replace"))
        except ET.ParseError:
            root = None
        if root is not None:
            def items(tag):
                out = []
                for el in root.iter(f"{{{_NS['dc']}}}{tag}"):
                    lis = [x.text.strip() for x in el.iter(
                        f"{{{_NS['rdf']}}}li") if x.text and x.text.strip()]
                    out += lis or ([el.text.strip()] if el.text and
                                   el.text.strip() else [])
                return out
            if not facts["title"] and items("title"):
                facts["title"] = items("title")[0]
            if not facts["authors"] and items("creator"):
                facts["authors"] = items("creator")
            if items("language"):
                facts["language"] = items("language")[0]
    try:
        kind, value = doc.xref_get_key(doc.pdf_catalog(), "Lang")
        if kind == "string" and value.strip():
            facts["language"] = value.strip()
    except Exception:
        pass
    if facts["language"].lower() in ("x-unknown", "und", "x-default"):
        facts["language"] = ""
    if _JUNK_TITLE.search(facts["title"]) or \
            _FILE_TITLE.match(facts["title"]):
        facts["info-title"] = facts["title"]
        facts["title"] = ""
    # (said by the reader: PDF014)
    facts["not-names"] = [a for a in facts["authors"] if not person_like(a)]
    facts["authors"] = [a for a in facts["authors"] if person_like(a)]
    return facts


def colophon(pages: list[list[Line]], geo, facts: dict,
             width: float = 0.0) -> list[Line]:
    """The lines of a closing colophon page: the last page, several lines
    of differing lengths all centred on one axis (the middle of the text,
    of a column, or of the paper ``width``), naming the text's title or
    author (from the file, or the largest line of the first page).  An
    address too long for the measure may run from the left edge."""
    if len(pages) < 2 or len(pages[-1]) < 2:
        return []
    last = pages[-1]
    first = [ln for ln in pages[0] if ln.text.strip()]
    names = {_squash(a) for a in facts.get("authors", [])}
    if facts.get("title"):
        names.add(_squash(facts["title"]))
    if first:  # the printed title, however it wraps
        big = max(ln.size for ln in first)
        names.add(_squash(" ".join(ln.text for ln in first
                                   if ln.size >= big - 0.1)))
    names.discard("")
    # The title may wrap over two lines of the closing page.
    said = f" {_squash(' '.join(ln.text for ln in last))} "
    if not any(f" {name} " in said for name in names):
        return []
    size = geo.size
    centres = sorted((ln.x0 + ln.x1) / 2 for ln in last)
    axis = centres[len(centres) // 2]
    widths = [ln.x1 - ln.x0 for ln in last]
    if max(widths) - min(widths) < 3 * size:
        return []  # lines of one length: a block of text, not centred
    left_most = min(ln.x0 for ln in last)
    for ln in last:
        if abs((ln.x0 + ln.x1) / 2 - axis) <= 0.5 * size:
            continue
        if " " not in ln.text.strip() and ln.x0 <= left_most + size and \
                ln.x1 - ln.x0 >= max(widths) - 0.5:
            continue  # an address too long for the measure
        return []
    # The axis: the middle of the text (on either kind of page: a short
    # text's odd or even pages may be few), of a column, or of the paper.
    mids = [(lft + rgt) / 2 for lft, rgt in
            [_page_edges(ln, geo) for ln in last[:1]] +
            [(geo.left[k], geo.right[k]) for k in geo.left if k in geo.right]]
    if width:  # the paper's middle; a two-sided book's mirrored margins
        mids += [width / 2] + [width - m for m in mids]
    if not any(abs(axis - m) <= 1.5 * size for m in mids):
        return []
    # A page of full lines with one short one is text, not a colophon.
    measure = max((rgt - lft for lft, rgt in
                   [(geo.left[k], geo.right[k]) for k in geo.left
                    if k in geo.right]), default=max(widths))
    full = sum(1 for w in widths if w > 0.85 * measure)
    if full and (len(last) - full < 3 or 3 * full > len(last)):
        return []
    return last


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def title_block(units, page0: int, geo, facts: dict):
    """(title lines, author lines, subtitle lines, units left) from the
    first units of the text: the largest heading on its first page, and
    centred lines under it before the text begins."""
    if not units or units[0].kind != "heading" or \
            units[0].lines[0].page != page0 or not any(
                ch.isalpha() for ln in units[0].lines for ch in ln.text):
        # (a number set large, "3549", is no title)
        return [], [], [], units
    sizes = [u.lines[0].size for u in units if u.kind == "heading"]
    first = units[0]
    named = _squash(" ".join(ln.text for ln in first.lines)) == \
        _squash(facts.get("title", "")) != ""
    if first.lines[0].size < max(sizes) - 0.1 and not named:
        # (A part's heading may be set larger than a title page's title:
        # the title the file's own metadata gives is the title still.)
        return [], [], [], units
    title = first.lines
    authors: list[Line] = []
    subtitle: list[Line] = []
    rest = units[1:]
    # (a one-word Author field, "AnarWiki", is a name when printed here)
    names = {_squash(a) for a in facts.get("authors", []) +
             facts.get("not-names", [])}
    while rest and rest[0].lines[0].page == page0 and len(rest[0].lines) <= 2:
        u = rest[0]
        row = _names_row(rest, geo, names)
        if row:
            # names set side by side on one line, centred together
            authors += [x.lines[0] for x in row]
            rest = rest[len(row):]
            continue
        text = " ".join(ln.text.strip() for ln in u.lines)
        if not _centred_unit(u, geo):
            if u is units[1] and len(u.lines) == 1 and \
                    _squash(_BY.sub("", text)) in names:
                # The file's author set flush under the title (a layout
                # with everything flush left): a byline all the same.
                authors += u.lines
                rest = rest[1:]
                continue
            break
        if _squash(_BY.sub("", text)) in names or (
                not names and _looks_like_names(text)):
            authors += u.lines
        elif not facts.get("printed-date") and (_DATE.match(text) or (
                _YEAR.search(text) and len(text.split()) <= 10 and
                (len(rest) == 1 or rest[1].lines[0].page != page0))):
            # A title page's date (Amusewiki sets it at the page's foot,
            # as the source writes it: "1977 Marxist.org", "Spring 2004"),
            # the last line of the title page.
            facts["printed-date"] = " ".join(text.split())
        elif not subtitle and not authors and u.lines[0].size > geo.size:
            subtitle += u.lines
        else:
            break
        rest = rest[1:]
    return title, authors, subtitle, rest


def _names_row(units, geo, names: set[str]) -> list:
    """Units of one line each that share a baseline, two or more, each a
    name, and centred together under the title (``Ada Lovelace   Charles
    Babbage``); empty when the first unit opens no such row."""
    first = units[0].lines[0]
    row = []
    for u in units:
        ln = u.lines[0]
        if len(u.lines) != 1 or ln.page != first.page or \
                abs(ln.base - first.base) > 0.2 * first.size:
            break
        text = _BY.sub("", ln.text.strip())
        if not (_squash(text) in names or _looks_like_names(text)):
            return []
        row.append(u)
    if len(row) < 2:
        return []
    left, right = _page_edges(first, geo)
    x0 = min(u.lines[0].x0 for u in row)
    x1 = max(u.lines[0].x1 for u in row)
    return row if abs((x0 + x1) / 2 - (left + right) / 2) <= \
        1.5 * geo.size and x0 > left + 0.5 * geo.size else []


def _centred_unit(u, geo) -> bool:
    return all(_centred_on(ln, geo, *edges) and (
        # A full line in the body's type is text, not a title's.
        ln.x0 >= edges[0] + 2 * geo.size or ln.size > 1.05 * geo.size or
        all(s.bold for s in ln.spans if s.text.strip()))
        for ln in u.lines
        for edges in [_page_edges(ln, geo)]) or all(
        any(_centred_on(ln, geo, *e) for e in _column_edges(ln, geo))
        for ln in u.lines)


def _column_edges(ln, geo) -> list[tuple[float, float]]:
    """The edges of each column of the line's kind of page (a title, or a
    closing page, set in the first column of a two-column text)."""
    par = ln.page % 2
    return [(geo.left[k], geo.right[k]) for k in geo.left
            if k[0] == par and k[1] and k in geo.right]


def _page_edges(ln, geo) -> tuple[float, float]:
    """The text's edges on the line's own page (a two-sided book's odd and
    even pages have different margins), across its columns."""
    par = ln.page % 2
    left = min((v for k, v in geo.left.items() if k[0] == par),
               default=min(geo.left.values(), default=0.0))
    right = max((v for k, v in geo.right.items() if k[0] == par),
                default=max(geo.right.values(), default=0.0))
    return left, right


def _centred_on(ln, geo, left: float, right: float) -> bool:
    """Centred between ``left`` and ``right`` (a column's own edges when
    a title is set at the head of the first column)."""
    return abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) <= 1.5 * geo.size \
        and ln.x0 > left + 0.5 * geo.size


def _looks_like_names(text: str) -> bool:
    text = _BY.sub("", text.strip())
    ws = text.replace(",", " ").split()
    return 1 < len(ws) <= 8 and text[-1:] not in ".:;" and all(
        w[:1].isupper() or w in ("and", "&", "de", "van", "von", "der")
        for w in ws)


# What a colophon's lines say (Amusewiki's closing page, in the languages
# its sites are in): the licence, who translated the text, where it came
# from.
_LICENCE_LINE = re.compile(
    r"(?i)^(?:anti-?copyright|copyleft|public domain|no copyright|"
    r"creative commons\b.*|cc[- ](?:by|0)\b.*|cc0\b.*|domaine public|"
    r"dominio p[uú]blico|gemeinfrei|kein copyright|sin copyright|"
    r"pubblico dominio)$")
_TRANSLATOR_LINE = re.compile(
    r"(?i)^(?:translated(?: from [\w ]+?)? by|translation(?: by)?:?|"
    r"traducido(?: del [\w ]+?)? por|traducci[oó]n(?: de)?:?|traduit(?: de "
    r"l[’'][\w ]+?)? par|traduction(?: de)?:?|[üu]bersetzt(?: aus dem "
    r"[\w ]+?)? von|[üu]bersetzung:?|tradotto(?: da[l]?[\w ]*?)? da|"
    r"traduzione(?: di)?:?)\s+(?P<who>[^.]+?)\.?$")
_SOURCE_LINE = re.compile(
    r"(?i)^(?:retrieved|recuperado|r[ée]cup[ée]r[ée]|abgerufen|recuperato|"
    r"source|fuente|quelle|fonte|originally|originalmente|publicado|"
    r"published|publi[ée]|ver[öo]ffentlicht|pubblicato|scanned|"
    r"transcribed|transcrit|from|tomado|extra[ií]do)\b")


_DATE_ONLY = re.compile(
    r"^\W*(?:(?:\d{1,2}\.?\s+)?[^\W\d]+\.?\s+(?:de\s+)?)?"
    r"(?:1[5-9]|20)\d\d(?:\s*[-–/]\s*\d{2,4})?\W*$")
_SITE_ONLY = re.compile(r"^(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*|de|del|da|di|van|von|der"
                        r"|la|le|y|e|et|und|and)$")


def colophon_facts(lines: list[str]) -> dict:
    """The licence, the translators and the source lines a colophon names
    (Amusewiki's closing page: the site, "Anti-Copyright", the author, the
    title, the date, then the source and notes, then the site's address):
    they go to the metadata, as the Muse source's ``#source`` and
    ``#notes`` do.  A translator is taken only when the words after
    "Translated by" read as names."""
    out: dict = {"source": []}
    texts = [t for t in (" ".join(x.split()) for x in lines) if t]
    after_date = next((k + 1 for k, t in enumerate(texts)
                       if _DATE_ONLY.match(t)), None)
    rest: list[str] = []
    for k, text in enumerate(texts):
        if "license" not in out and _LICENCE_LINE.match(text):
            out["license"] = text
            continue
        m = _TRANSLATOR_LINE.match(text)
        if m and "translators" not in out:
            who = [x for x in re.split(
                r"\s*(?:,|;|&|\band\b|\by\b|\bet\b|\bund\b|\be\b)\s*",
                m.group("who")) if x.strip()]
            if who and all(all(_NAME_WORD.match(w) for w in x.split())
                           and x[:1].isupper() for x in who):
                out["translators"] = who
                continue
        if after_date is not None:
            if k >= after_date and not (k == len(texts) - 1 and
                                        _SITE_ONLY.match(text)):
                rest.append(text)
        elif _SOURCE_LINE.match(text):
            out["source"].append(text)
    # Lines the page wrapped: one source line each sentence goes on.
    for text in rest:
        prev = out["source"][-1] if out["source"] else ""
        if prev and not re.search(r"[.!?»”)\]]$", prev) and \
                not text[:1].isupper():
            out["source"][-1] = prev + " " + text
        else:
            out["source"].append(text)
    return out


def metadata(title: str, subtitle: str, authors: list[str], facts: dict
             ) -> Metadata:
    extra = []
    if facts.get("title") and _squash(facts["title"]) != _squash(title):
        extra.append(("pdf-title", facts["title"]))
    for key in ("subject", "producer", "creator", "colophon"):
        if facts.get(key):
            extra.append((f"pdf-{key}", facts[key]))
    if facts.get("info-title"):
        extra.append(("pdf-title", facts["info-title"]))
    if facts.get("not-names"):
        extra.append(("pdf-author", "; ".join(facts["not-names"])))
    said = colophon_facts(facts.get("colophon-lines", []))
    if said.get("license"):
        extra.append(("license", said["license"]))
    return Metadata(title=title or facts.get("title", ""), subtitle=subtitle,
                    date=facts.get("printed-date", ""),
                    authors=tuple(authors or facts.get("authors", ())),
                    translators=tuple(said.get("translators", ())),
                    source_lines=tuple(said["source"]),
                    language=facts.get("language", ""), extra=tuple(extra))


def split_names(text: str) -> list[str]:
    text = _BY.sub("", " ".join(text.split()))
    return [a.strip() for a in re.split(r"\s*(?:,|;|&|\band\b)\s*", text)
            if a.strip()]
