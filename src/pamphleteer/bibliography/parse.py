"""Find and parse Chicago-style citations in the running text of a note.

A note mixes citations and discussion::

    Eric Hobsbawm, Revolutionaries (London: Abacus, 1993). pp. 72-3. The
    unusual spelling of "marxism" appears in Hobsbawm's text.

:func:`find_citations` returns the stretches that are citations, each
parsed into CSL-JSON fields (:class:`Parsed`), and leaves the rest as
discussion.  It recognises full citations (books, chapters in books,
journal articles, theses, web pages), short forms (``Blackledge, "Marxism
and Anarchism.", p. 132``; ``Brinton, p. vii.``; ``In Miller, pp.
328-9.``), ``Ibid.`` and ``Op. Cit.``.  Identifying the work a short form
or ``Ibid.`` stands for is :mod:`.resolve`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from .facts import match_locator, parse_date, parse_facts
from .names import is_name_like, looks_corporate, parse_names, split_names


@dataclass(frozen=True)
class Parsed:
    """One citation found in note text."""

    kind: str
    """``full``, ``short``, ``ibid`` or ``op-cit``."""
    start: int
    """Offset of the citation's first character in the searched text."""
    end: int
    """Offset just past its last character (locator and final period)."""
    raw: str
    """The citation exactly as written."""
    csl: dict = field(default_factory=dict)
    """CSL-JSON fields parsed from a full citation; for a short form the
    ``author`` and ``title`` it gives."""
    locator: str = ""
    """Pages or other locator, normalised (``p. 178``)."""
    tentative: bool = False
    """A short form without a locator inside discussion ("a good start is
    Woodcock, "Syndicalism Defined.""): a citation only if it names a work
    cited before."""


# Characters that open a quoted title, and the closers they pair with.
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}
# "Ibid." / "ibid" / "Ibidem" / "Ibid.," at a citation's start.
_IBID = re.compile(r"ibid(?:em)?\b\.?", re.IGNORECASE)
# "Op. Cit." / "op. cit." / "Op Cit" at a citation's start.
_OP_CIT = re.compile(r"op\.?\s*cit\b\.?", re.IGNORECASE)
# A publication parenthesis right after a title: "(London: Virus, 1925)",
# also with a comma before it: ", (Moscow: ...)".
_PAREN = re.compile(r",?\s*\((?P<inner>[^()]*)\)")
# Words after a title that describe the edition or the people involved:
# ", ed. Sam Dolgoff", ", trans. T. Waldinger", ", trans Max Eastman",
# ", edited by", ", third English ed.", ", revised ed.", " vol. II".
_ROLE = re.compile(
    r"(?:,\s*|\s+)(?:(?P<ed>eds?\.|edited\s+by)\s+(?P<editors>[^,(]+?)"
    r"|(?P<tr>trans\.?|translated\s+by)\s+(?P<translators>[^,(]+?)"
    r"|(?P<edition>[\w\s]{1,40}?)\s+ed(?:ition)?\.?"
    r"|(?P<volume>(?:vol\.|volume)\s*[\w.]+)"
    r"|(?P<chapter>chapter\s+\d+)"
    r"|introduction\s+by\s+[^,(]+?)(?=\s*[,(]|\s*$)",
    re.IGNORECASE)
# A role after the creators: "G.P. Maximoff, ed., The Political ..."
_CREATOR_ROLE = re.compile(r"\s*(?P<role>eds?\.|trans\.|comp\.)\s*,\s*",
                           re.IGNORECASE)
# A journal's volume and number after its name: " 67, no. 2",
# ", no. 125", ", 12: 4", " 10/ 3 and 11/ 1" (volume/number pairs).
_JOURNAL_NUMBERS = re.compile(
    r"^(?P<journal>[^()\"“”]+?)(?:,?\s*(?:vol\.\s*)?(?P<volume>\d+"
    r"(?:/\s*\d+(?:\s+and\s+\d+/\s*\d+)?)?))?"
    r"(?:,?\s*no\.\s*(?P<issue>\d+)|\s*:\s*(?P<issue2>\d+))?,?\s*$",
    re.IGNORECASE)
# A URL in a note.
_URL = re.compile(r"https?://[^\s,;)\]]+[^\s,;.)\]]")
# Words that introduce a citation inside discussion: "see", "see also",
# "Cf.", "quoted in", "taken from", "in", "by", "also see", and the colon
# of "See inter alia:".
_LEAD_IN = re.compile(
    r"(?:\b(?:see(?:\s+also)?|cf\.|compare|quoted\s+in|cited\s+in|"
    r"taken\s+from|reprinted\s+in|in|by|is|inter\s+alia|for\s+example|"
    r"for\s+instance|e\.g\.)|:)[,:]?\s+",
    re.IGNORECASE)
# Where an unquoted book title ends before its facts: a role (", ed.",
# ", trans.", ", introduction by"), a volume or chapter, an edition
# (", revised ed."), or the facts' parenthesis.
_BOOK_TITLE_END = re.compile(
    r",\s*(?:eds?\.|edited|trans\b|translated|introduction|vol\.|volume\s+\d"
    r"|chapter)|,\s+[^,()]{1,80}?\s+ed\.\s*\(|,?\s*\(", re.IGNORECASE)
# A web page after its title (Chicago 17): "Site, accessed May 1, 2015,
# https://...", the site optional.
_WEB_PAGE = re.compile(
    r"(?:(?P<site>[A-Z][^,()\"“”]{1,60}),\s*)?(?:last\s+modified\s+[^,]+,"
    r"\s*[^,]*,\s*)?accessed\s+(?P<date>[^;]{3,30}?\d{4}),\s*"
    r"(?P<url>https?://[^\s,;)\]]+[^\s,;.)\]])", re.IGNORECASE)
# A magazine and its date after an article's title, without parentheses:
# "Alternative Libertaire, November 2004" (a repeated year is swallowed).
_MAGAZINE = re.compile(
    r"(?P<journal>[A-Z][^,()\"“”]{1,60}),\s*(?P<date>(?:\d{1,2}\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{4})(?:\s+\d{4})?(?=[.,;]|\s*$)")
# A book's title and its publication facts without parentheses: "Title,
# Place: Publisher, 1976".
_OPEN_FACTS = re.compile(
    r"(?P<title>[^()\"“”]+?),\s*(?P<facts>[A-Z][^,:;()]{1,40}:\s*"
    r"[^,:;()]{2,60},\s*(?:\[\d{4}\]\s*)?(?:\d{4}|n\.\s?d\.))(?=[,.;]|\s*$)")
# Bare pages ending a citation (Chicago 17: "Marshall, Demanding the
# Impossible, 45."): numbers and ranges, then the end of the piece.
_BARE_END = r"\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*\.?\s*$"
# Where a short form's title ends: a period before a locator or the end,
# ", p." or a period and space.
_SHORT_TITLE_END = re.compile(
    r"\.(?=\s*[,.]?\s*(?:pp?\s*[.,]|$))|\.\s|[.;]?$|,\s*(?=pp?\s*[.,]|"
    r"chapter\s+\d|" + _BARE_END + ")", re.IGNORECASE)
# A sentence ending between a title and its facts (a period after a word,
# not after an initial or "ed."/"trans."): the facts belong elsewhere.
_SENTENCE_IN_FACTS = re.compile(
    r"(?<!\btrans)(?<!\bed)(?<!\beds)(?<!\b[A-Z])(?<!\bvol)\.\s+[A-Z]")
# What cannot stand between a book title and its facts: a page locator
# ("Syndicalism. pp. -4, 20-26, Kubo ...") or a quoted title.
_NOT_BEFORE_FACTS = re.compile(r"[.,]\s*pp?\s*[.,]|,\s*[\"“]", re.IGNORECASE)
# A sentence boundary inside a note: ". " before a capital or a quote.
_SENTENCE = re.compile(r"(?<=[a-z0-9)\"”’]{2}[.?!])\s+(?=[A-Z\"“‘'])")
# The "pseud." or bracketed real name after a pen name: "Voline, pseud.
# Vsevolod Eichenbaum" and "G. Lapot' [G.P. Maximoff]".
_PSEUDONYM = re.compile(r",?\s*pseud\..*$|\s*\[[^\]]*\]")
# An acronym in brackets after a corporate author: " (CNT)".
_ACRONYM = re.compile(r"\s*\([A-Z]{2,}\)")


def _names_ok(text: str) -> bool:
    """True when ``text`` is a list of creators' names."""
    text = _ACRONYM.sub("", _PSEUDONYM.sub("", text)).strip()
    if not text:
        return False
    if looks_corporate(text) and is_name_like(text, max_words=9):
        return True
    parts = split_names(text)
    return bool(parts) and all(is_name_like(p, max_words=5) for p in parts)


def _creators(text: str) -> list[dict]:
    """Creators' names as written -> CSL names (pen names kept)."""
    return parse_names(_ACRONYM.sub(lambda m: m.group(0), _PSEUDONYM.sub(
        "", text)))


def _italic_at(italics: Sequence[tuple[int, int]], pos: int):
    """The italic span starting at ``pos`` (after spaces), or None."""
    for s, e in italics:
        if s == pos:
            return s, e
    return None


def _quoted(text: str, pos: int, limit: int):
    """A quoted title at ``text[pos:]``: (title, end past the closing
    quote) or None.  The closer is the first matching quote after a
    comma, period or question mark ("Marxism and Anarchism,"), else the
    first matching quote."""
    opener = text[pos:pos + 1]
    closer = _QUOTES.get(opener)
    if not closer:
        return None
    body_start = pos + 1
    best = None
    i = body_start
    if opener != closer:
        # A title never holds the opening of another quotation: with curly
        # quotes, '“Big Bill” Haywood (…). p. 65V. Richards, “Notes…,”'
        # must not run on to the second closer.
        again = text.find(opener, body_start, limit)
        if again >= 0:
            limit = again
    while True:
        j = text.find(closer, i, limit)
        if j < 0:
            break
        if j + 1 < limit and text[j + 1].isalnum():
            break  # another opening quote: the title did not close
        # A closer after punctuation, or before ",", ".", "(" or the end.
        if text[j - 1] in ",.?!" or re.match(r"\s*(?:[,.(]|$)",
                                              text[j + 1:limit]):
            best = j
            break
        i = j + 1
    if best is None:
        return None
    title = text[body_start:best].strip().rstrip(",.").strip()
    if not title or len(title.split()) > 40:
        return None
    return title, best + 1


def _title_words_ok(title: str) -> bool:
    """True when ``title`` can be a title: starts with a capital, digit or
    quote and is not a sentence."""
    title = title.strip()
    if not title or len(title.split()) > 30:
        return False
    return title[0].isupper() or title[0].isdigit() or title[0] in "\"“‘'¡¿"


def _roles(text: str) -> dict:
    """CSL fields from the words between a title and its facts."""
    fields: dict = {}
    for m in _ROLE.finditer(text):
        if m.group("editors"):
            fields.setdefault("editor", []).extend(
                parse_names(m.group("editors")))
        elif m.group("translators"):
            fields.setdefault("translator", []).extend(
                parse_names(m.group("translators")))
        elif m.group("edition"):
            fields["edition"] = " ".join(m.group("edition").split())
        elif m.group("volume"):
            # "vol." or "Volume" before the number.
            fields["volume"] = re.sub(r"(?i)^(?:vol\.|volume)\s*", "",
                                      m.group("volume")).strip()
    return fields


def _end_with_locator(text: str, pos: int, limit: int, fields: dict,
                      *, bare: bool):
    """Finish a citation at ``pos``: add its locator; return (end, loc)."""
    locator, end = match_locator(text[:limit], pos, bare=bare)
    if not locator and pos < limit and text[pos] == ".":
        end = pos + 1
    return end, locator


_GAP = re.compile(r"[\s,.]*")


def _after_quoted_title(text, pos, limit, fields, italics):
    """Parse what follows a quoted title: ``in Container, ed. X (facts)``,
    a journal ``Name 67, no. 2 (2003)``, a URL, or thesis facts.
    Returns the end of the facts, or None for a short form."""
    # Punctuation and spaces after the closing quote.
    spaces = _GAP.match(text, pos)
    gap = spaces.end() if spaces else pos  # (the pattern matches everywhere)
    rest = text[gap:limit]
    # "in" before the collection of a chapter.
    m = re.match(r"in\s+", rest, re.IGNORECASE)
    if m:
        start = gap + m.end()
        paren = _PAREN.search(text, start, limit)
        stop = paren.start() if paren else limit
        middle = text[start:stop]
        italic = _italic_at(italics, start)
        if italic:
            container = text[italic[0]:italic[1]]
            roles_text = text[italic[1]:stop]
        else:
            # Where the collection's title ends: its editors or translators.
            cut = re.search(r",?\s+(?:eds?\.|edited\s+by|trans\.)\s+|"
                            r"\s+ed\.\s+", middle, re.IGNORECASE)
            container = middle[:cut.start()] if cut else middle
            roles_text = middle[cut.start():] if cut else ""
        container = container.strip().rstrip(",.").strip()
        if not container or not paren:
            return None
        facts = parse_facts(paren.group("inner"))
        if not facts:
            return None
        fields.update({"type": "chapter", "container-title": container})
        fields.update(_roles(roles_text))
        fields.update(facts)
        return paren.end()
    url = _URL.match(rest)
    if url:
        fields.update({"type": "webpage", "URL": url.group(0)})
        after = gap + url.end()
        # ", accessed 15 November 2008" after a URL.
        acc = re.match(r",?\s*accessed\s+([^;.]*\d{4})", text[after:limit],
                       re.IGNORECASE)
        if acc:
            fields.update(parse_facts("accessed " + acc.group(1)) or {})
            after += acc.end()
        return after
    web = _WEB_PAGE.match(rest)
    if web:
        # '"Aims and Principles," Anarchist Federation, accessed May 1,
        # 2015, https://afed.org.uk/aims.' (Chicago 17).
        fields.update({"type": "webpage", "URL": web.group("url")})
        if web.group("site"):
            fields["container-title"] = web.group("site").strip()
        accessed = parse_date(web.group("date"))
        if accessed:
            fields["accessed"] = accessed
        return gap + web.end()
    magazine = _MAGAZINE.match(rest)
    if magazine:
        # '"Spain: Cgt Is Now ...," Alternative Libertaire, November 2004'
        fields.update({"type": "article-magazine",
                       "container-title": magazine.group("journal").strip(),
                       "issued": parse_date(magazine.group("date"))})
        return gap + magazine.end()
    paren = _PAREN.search(text, gap, limit)
    if not paren:
        return None
    before = text[gap:paren.start()]
    facts = parse_facts(paren.group("inner"))
    if not facts or "issued" not in facts and "original-date" not in facts:
        return None
    if not before.strip():
        if facts.get("publisher"):
            # ("Yale University, 2001"): a thesis.
            fields.update({"type": "thesis"})
            fields.update(facts)
            return paren.end()
        return None
    italic = _italic_at(italics, gap)
    jm = _JOURNAL_NUMBERS.match(before)
    if italic:
        journal = text[italic[0]:italic[1]]
        jm = _JOURNAL_NUMBERS.match("J" + text[italic[1]:paren.start()])
    elif jm:
        journal = jm.group("journal")
    else:
        return None
    if not jm or len(journal.split()) > 15:
        return None
    fields.update({"type": "article-journal",
                   "container-title": journal.strip().rstrip(",.")})
    if jm.group("volume"):
        fields["volume"] = jm.group("volume")
    if jm.group("issue") or jm.group("issue2"):
        fields["issue"] = jm.group("issue") or jm.group("issue2")
    fields["issued"] = facts.get("issued") or facts.get("original-date")
    # Article pages after the date: "(2011): 265-78".
    pages = re.compile(r"\s*:\s*(\d+\s*[-–]\s*\d+|\d+)").match(text,
                                                                  paren.end())
    if pages:
        fields["page"] = pages.group(1)
        return pages.end()
    return paren.end()


def _creators_end(text: str, pos: int, limit: int, italics):
    """Where the creators before a title end: (names text, title start) or
    None.  Tries each comma in turn ("Lucien van der Walt and Michael
    Schmidt, Black Flame"), skipping a role ("G.P. Maximoff, ed., ...")."""
    i = pos
    while True:
        comma = text.find(",", i, limit)
        if comma < 0 or comma - pos > 120:
            return None
        names = text[pos:comma]
        after = comma + 1
        role = _CREATOR_ROLE.match(text, after)
        role_name = ""
        if role:
            role_name = role.group("role").lower()
            after = role.end()
        while after < limit and text[after] == " ":
            after += 1
        nxt = text[after:after + 1]
        if nxt.isdigit() and re.compile(_BARE_END).match(text[:limit], after):
            return None  # "Kinna, 230.": a name and pages, no title
        if nxt and (nxt in _QUOTES or nxt.isupper() or nxt.isdigit()
                    or _italic_at(italics, after)
                    or text.startswith("in ", after)) and _names_ok(names):
            return names, after, role_name
        i = comma + 1


def parse_at(text: str, pos: int, limit: int,
             italics: Sequence[tuple[int, int]] = (), *,
             strict: bool = False) -> Parsed | None:
    """Parse one citation starting exactly at ``text[pos]`` and ending no
    later than ``limit``.  ``strict`` (a citation inside discussion) accepts
    only full citations, ``Ibid.``, ``Op. Cit.`` and short forms that end in
    a page locator."""
    m = _IBID.match(text, pos)
    if m and m.end() <= limit:
        locator, end = match_locator(text[:limit], m.end(), bare=True)
        return Parsed("ibid", pos, end, text[pos:end], {}, locator)
    author_text = ""
    # A name and a comma before "op. cit." ("Malatesta, op. cit.").
    mo = re.match(r"(?P<a>[^,;()]{1,60}),\s*", text[pos:limit])
    if mo and _names_ok(mo.group("a")) and _OP_CIT.match(text, pos + mo.end()):
        author_text = mo.group("a")
        m = _OP_CIT.match(text, pos + mo.end())
    else:
        m = _OP_CIT.match(text, pos)
    if m and m.end() <= limit:
        locator, end = match_locator(text[:limit], m.end(), bare=True)
        csl = {"author": parse_names(author_text)} if author_text else {}
        return Parsed("op-cit", pos, end, text[pos:end], csl, locator)
    fields: dict = {}
    # A title alone, in italics: "*Mutual Aid*, 14."
    creators = None if _italic_at(italics, pos) else _creators_end(
        text, pos, limit, italics)
    title_pos = pos
    if creators:
        names, title_pos, role = creators
        key = {"ed.": "editor", "eds.": "editor",
               "trans.": "translator"}.get(role, "author")
        fields[key] = _creators(names)
    parsed = _parse_title_on(text, pos, title_pos, limit, italics, fields,
                             has_creators=bool(creators), strict=strict)
    if parsed:
        return parsed
    return _author_only(text, pos, limit, strict=strict)


def _parse_title_on(text, pos, title_pos, limit, italics, fields, *,
                    has_creators, strict):
    """Parse the title at ``title_pos`` and what follows it."""
    if has_creators:
        inside = _in_container(text, pos, title_pos, limit, italics, fields)
        if inside:
            return inside
    quoted = _quoted(text, title_pos, limit) if title_pos < limit else None
    italic = _italic_at(italics, title_pos)
    if quoted:
        title, after = quoted
        fields["title"] = title
        short_fields = dict(fields)
        end_facts = _after_quoted_title(text, after, limit, fields, italics)
        if end_facts is not None:
            fields.setdefault("type", "article")
            end, locator = _end_with_locator(text, end_facts, limit, fields,
                                             bare=True)
            return Parsed("full", pos, end, text[pos:end], fields, locator)
        if not has_creators and strict:
            return None
        # Bare pages after a quoted short title: '"Title," 272.'
        end, locator = _end_with_locator(text, after, limit, fields,
                                         bare=text[after - 2:after] in (
                                             ',"', ",”", ",'", ",’"))
        if not has_creators and not locator:
            return None
        return Parsed("short", pos, end, text[pos:end], short_fields,
                      locator, tentative=strict and not locator)
    if not has_creators and not italic:
        return None
    open_facts = None if italic else _OPEN_FACTS.match(text[:limit],
                                                       title_pos)
    if open_facts and _title_words_ok(open_facts.group("title")):
        # "Sam Dolgoff, The Cuban Revolution: a Critical Perspective,
        # Montréal: Black Rose, 1976, 51-61.": facts without parentheses.
        fields["title"] = open_facts.group("title").strip()
        fields.update(parse_facts(open_facts.group("facts")) or {})
        fields.setdefault("type", "book")
        end, locator = _end_with_locator(text, open_facts.end(), limit,
                                         fields, bare=True)
        return Parsed("full", pos, end, text[pos:end], fields, locator)
    # A book title: italic span, or up to its facts, a role or a period.
    paren = _facts_paren(text, italic[1] if italic else title_pos, limit)
    if italic:
        title = text[italic[0]:italic[1]]
        after = italic[1]
    else:
        stop = (_BOOK_TITLE_END if paren else _SHORT_TITLE_END).search(
            text, title_pos, paren.end() if paren else limit)
        after = stop.start() if stop else (paren.start() if paren else limit)
        title = text[title_pos:after]
    title = title.strip().rstrip(",.").strip()
    if not _title_words_ok(title):
        return None
    fields["title"] = title
    short_fields = dict(fields)
    if paren and paren.start() >= after:
        between = text[after:paren.start()]
        facts = parse_facts(paren.group("inner"))
        fields.update(_roles(between))
        fields.update(facts)
        fields.setdefault("type", "book")
        end, locator = _end_with_locator(text, paren.end(), limit,
                                         fields, bare=True)
        # "Chapter 5" between a title and its facts: the locator.
        chapter = re.search(r"(?i)chapter\s+\d+", between)
        if chapter and not locator:
            locator = chapter.group(0)
        return Parsed("full", pos, end, text[pos:end], fields, locator)
    # A comma and bare pages ending the piece: "Title, 45."
    bare = re.compile(r",\s*" + _BARE_END).match(text[:limit], after)
    end, locator = _end_with_locator(text, after, limit, fields,
                                     bare=bool(bare))
    if not locator:
        # Without a locator a short form ends its sentence or its piece:
        # "Mechoso, Acción Directa Anarquista: Una Historia De Fau."
        if not (text[after:after + 1] == "." or not text[after:limit].strip(
                " ;")) or len(title.split()) > 20:
            return None
    return Parsed("short", pos, end, text[pos:end], short_fields, locator,
                  tentative=strict and not locator)


def _facts_paren(text: str, pos: int, limit: int):
    """The first publication parenthesis after ``pos`` in this sentence,
    holding a publisher or an access date, or None."""
    for m in _PAREN.finditer(text, pos, limit):
        if _SENTENCE_IN_FACTS.search(text, pos, m.start()) or \
                _NOT_BEFORE_FACTS.search(text, pos, m.start()):
            return None
        facts = parse_facts(m.group("inner"))
        if facts and (facts.get("publisher") or facts.get("accessed")):
            return m
    return None


def _in_container(text, pos, title_pos, limit, italics, fields):
    """``Errico Malatesta, in Errico Malatesta: His Life and Ideas, ed. V.
    Richards (London: Freedom Press, 1965)``: an untitled piece in a book;
    the book is the work cited."""
    # "in" right after the creators: an untitled piece in a book.
    m = re.compile(r"in\s+", re.IGNORECASE).match(text, title_pos)
    if not m:
        return None
    probe = dict(fields)
    probe["title"] = ""
    end_facts = _after_quoted_title(text, title_pos, limit, probe, italics)
    if end_facts is None or probe.get("type") != "chapter":
        return None
    book = {k: v for k, v in probe.items()
            if k not in ("title", "type", "original-date")}
    book["title"] = book.pop("container-title")
    book["type"] = "book"
    end, locator = _end_with_locator(text, end_facts, limit, book, bare=True)
    return Parsed("full", pos, end, text[pos:end], book, locator)


def _author_only(text: str, pos: int, limit: int, *, strict: bool):
    """``Brinton, p. vii.`` / ``Miller, pp. 328-9.`` / ``Miller ed. p.
    326.``: a name and a locator."""
    # A name (maybe "ed.") before "p."/"pp.".
    m = re.match(r"(?P<a>[^,.;()]{1,50}?)(?:\s+eds?\.)?\s*[,.]?\s*(?=p)",
                 text[pos:limit])
    bare = False
    if not m:
        # "Kinna, 115." (Chicago 17), but not "Kinna, 2016." (a year).
        m = re.match(r"(?P<a>[^,.;()]{1,50}?),\s*(?=" + _BARE_END + ")",
                     text[pos:limit])
        # A year (1500-2099) is not a page.
        if not m or re.match(r"(?:1[5-9]|20)\d\d\b",
                             text[pos + m.end():limit]):
            return None
        bare = True
    if not _names_ok(m.group("a")):
        return None
    locator, end = match_locator(text[:limit], pos + m.end(), bare=bare)
    if not locator:
        return None
    return Parsed("short", pos, end, text[pos:end],
                  {"author": parse_names(m.group("a"))}, locator)


def split_pieces(text: str) -> list[tuple[int, int]]:
    """Split note text at semicolons outside brackets and quotes; a piece
    that is only page numbers (``pp. 755; 770``) joins the one before."""
    pieces: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == ";" and depth == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(text)))
    joined: list[tuple[int, int]] = []
    for s, e in pieces:
        # A piece that is only a page or range ("770.").
        if joined and re.fullmatch(r"\s*\d+(?:\s*[-–]\s*\d+)?\.?\s*",
                                   text[s:e]):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    return joined


def _depths(text: str, start: int, end: int) -> list[int]:
    """Bracket depth before each character of ``text[start:end]``."""
    out, depth = [], 0
    for ch in text[start:end]:
        out.append(depth)
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
    return out


def _candidates(text: str, start: int, end: int, *, opening: bool):
    """Positions in ``text[start:end]`` where a citation may begin, with
    whether the citation there must be strict (inside discussion).  Only
    the ``opening`` of a piece may hold a loose short form."""
    first = start
    while first < end and text[first] in " :,.\t\n":
        first += 1
    yield first, not opening
    depths = _depths(text, first, end)
    seen = {first}
    found = sorted({m.end() for m in _LEAD_IN.finditer(text, first, end)} |
                   {m.end() for m in _SENTENCE.finditer(text, first, end)})
    for p in found:
        if p in seen or p >= end or depths[p - first]:
            continue
        seen.add(p)
        # A lone lead-in at the opening ("In Miller", "See also") is not
        # discussion: the citation after it may be a short form.
        lead = text[first:p]
        loose = opening and _LEAD_IN.fullmatch(lead) is not None
        yield p, not loose


def find_citations(text: str,
                   italics: Sequence[tuple[int, int]] = ()) -> list[Parsed]:
    """Every citation in note ``text``, in order, not overlapping.
    ``italics`` gives the (start, end) offsets of emphasised runs, which
    mark titles in Markdown notes."""
    found: list[Parsed] = []
    for start, end in split_pieces(text):
        pos = start
        opening = True
        while pos < end:
            hit = None
            for cand, strict in _candidates(text, pos, end, opening=opening):
                hit = parse_at(text, cand, end, italics, strict=strict)
                if hit and hit.end > hit.start:
                    break
                hit = None
            if not hit:
                break
            found.append(hit)
            pos = hit.end
            opening = False
    return found
