"""Read the title block of an Anarchist Library export into metadata.

The block looks like this (every part optional but the ``# Title``)::

    The Anarchist Library          <- library name (extra "library")
    Anti-Copyright                 <- licence (extra "license")
    # When Kropotkin met Lenin     <- title
    ## A subtitle                  <- subtitle, when present
    Ruth Kinna                     <- author(s)
    Ruth Kinna / When .. / 2017    <- repeated author, title, date
    Retrieved on ... from [..](..) <- source line (extra "retrieved")
    Source: ... / Also published in ... / Translated by ...
    [theanarchistlibrary.org](..)  <- site link (extra "library-url")
    2017                           <- date

Every word of it ends in :class:`~pamphleteer.model.Metadata` or in a
removal of the report (repeated lines, markup).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...text import collapse_space, words
from .blocks import RawPara, heading_of

# A Markdown link "[text](url)": group 1 the text, group 2 the URL.
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)\s*\)")
# An inline HTML tag such as "<sup>", "</i>" or "<br/>".
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Markdown emphasis marks: runs of "*" or "_" (at most three).
_EMPH = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")
# A date alone: a year ("1871"), an ISO date ("2011-04-07"), or a date in
# words with a year ("7 April 2011", "April 7, 2011", "Spring 1920").
_DATE = re.compile(r"^(?:c\.\s*)?(?:\d{4}(?:[-–/]\d{1,4}){0,2}|"
                   r"(?:\d{1,2}\s+)?[A-Z][a-z]+\.?(?:\s+\d{1,2},?)?\s+\d{4})$")
# The name of the library on the first lines.
_LIBRARY = re.compile(r"anarchist\s+librar|bibliot|anarchistische|librairie", re.I)
# The licence line.
_LICENSE = re.compile(r"^(anti-?copyright|copyleft|public domain|no copyright)\b",
                      re.I)
# Labelled provenance lines: "Retrieved on ...", "Source: ...", "Also
# published in ...", "Translated by ...", "Original title: ...", etc.
_LABELLED = [
    ("retrieved", re.compile(r"^retrieved\s+(?:on\s+)?(.*)$", re.I | re.S)),
    ("source", re.compile(r"^source\s*:\s*(.*)$", re.I | re.S)),
    ("also-published", re.compile(r"^also\s+published\s+(?:in|as|by)?\s*(.*)$",
                                  re.I | re.S)),
    ("translated", re.compile(r"^translat(?:ed|ion)\b\s*(?:by|:)?\s*(.*)$",
                              re.I | re.S)),
    ("original", re.compile(r"^original(?:ly)?\s+(?:title|published)?\s*:?\s*(.*)$",
                            re.I | re.S)),
    ("published", re.compile(r"^(?:first\s+)?published\s+(?:in|by|on)?\s*:?\s*(.*)$",
                             re.I | re.S)),
    ("notes", re.compile(r"^notes?\s*:\s*(.*)$", re.I | re.S)),
]
# "translated [and edited] by NAME" inside a source line; group 1 the name,
# up to a comma, a full stop or the end.
_TRANSLATOR = re.compile(r"translated(?:\s+and\s+edited)?\s+by\s+([^,.;]+)", re.I)
# A trailing "  " or "\" marking a hard line break in Markdown.
_HARD_BREAK = re.compile(r"(?:  +|\\)$")
# Separators between several authors.
_AUTHOR_SEP = re.compile(r"\s*(?:;|&|\band\b)\s*")


@dataclass
class TitleBlock:
    """What the title block gave."""

    title: str = ""
    """The ``# Title``."""
    subtitle: str = ""
    """A ``##`` line right after the title."""
    authors: list[str] = field(default_factory=list)
    """Authors as named."""
    translators: list[str] = field(default_factory=list)
    """Translators named by a source line."""
    date: str = ""
    """Year or date."""
    source_lines: list[str] = field(default_factory=list)
    """Provenance lines as printed (markup removed)."""
    extra: list[tuple[str, str]] = field(default_factory=list)
    """Key/value facts."""
    removals: list[tuple[str, str, int]] = field(default_factory=list)
    """(kind, raw text, line) of what was dropped."""
    consumed: int = 0
    """How many raw paragraphs the block took."""
    title_line: int = 0
    """Raw line of the title (0 when there is none)."""


def plain(md: str) -> tuple[str, list[str], list[str]]:
    """Markdown to plain text; also return link URLs and removed tags."""
    urls = [m.group(2) for m in _LINK.finditer(md)]
    text = _LINK.sub(r"\1", md)
    tags = _TAG.findall(text)
    text = _TAG.sub("", text)
    text = _EMPH.sub("", text)
    return collapse_space(text), urls, tags


def _logical_lines(p: RawPara) -> list[tuple[str, int]]:
    """Join soft-wrapped lines; hard breaks ("  " at the end) separate."""
    out: list[tuple[str, int]] = []
    cur: list[str] = []
    start = p.line
    for k, line in enumerate(p.lines):
        if not cur:
            start = p.line + k
        cur.append(line.strip().rstrip("\\"))
        if _HARD_BREAK.search(line):
            out.append((" ".join(cur), start))
            cur = []
    if cur:
        out.append((" ".join(cur), start))
    return out


def _find_title(paras: list[RawPara]) -> int:
    """Index of the ``# Title`` paragraph, or -1 when there is none."""
    for i, p in enumerate(paras[:6]):
        head = heading_of(p.lines[0])
        if head and head[0] == 1 and len(p.lines) == 1:
            return i
        if len(p.lines) > 3 or any(len(l) > 80 for l in p.lines):
            return -1
    return -1


def _is_short_name(text: str) -> bool:
    """A line that can be an author's name."""
    return (0 < len(text) <= 100 and not text.endswith((".", ":", "?", "!"))
            and not _DATE.match(text) and len(text.split()) <= 12)


def read_title_block(paras: list[RawPara]) -> TitleBlock:
    """Read the title block at the top of ``paras``; see the module doc."""
    tb = TitleBlock()
    t = _find_title(paras)
    if t < 0:
        return tb
    for p in paras[:t]:
        for text, line in _logical_lines(p):
            value, _, tags = plain(text)
            if tags:
                tb.removals.append(("markup", " ".join(tags), line))
            if _LIBRARY.search(value):
                tb.extra.append(("library", value))
            elif _LICENSE.match(value):
                tb.extra.append(("license", value))
            else:
                tb.removals.append(("title-block", text, line))
    head = heading_of(paras[t].lines[0])
    assert head is not None
    tb.title, _, tags = plain(head[1])
    tb.title_line = paras[t].line
    if tags:
        tb.removals.append(("markup", " ".join(tags), paras[t].line))
    i = t + 1
    if i + 1 < len(paras):
        sub = heading_of(paras[i].lines[0])
        nxt = paras[i + 1]
        if (sub and sub[0] == 2 and len(paras[i].lines) == 1
                and not re.match(r"^\W*contents\W*$", sub[1], re.I)
                and len(nxt.lines) == 1 and _is_short_name(nxt.text)):
            tb.subtitle = plain(sub[1])[0]
            i += 1
    if i < len(paras) and len(paras[i].lines) == 1 and heading_of(paras[i].lines[0]) is None:
        name, _, tags = plain(paras[i].text)
        if _is_short_name(name) and not _LINK.search(paras[i].text):
            tb.authors = [a for a in _AUTHOR_SEP.split(name) if a]
            if tags:
                tb.removals.append(("markup", " ".join(tags), paras[i].line))
            i += 1
    while i < len(paras) and _read_meta_para(paras[i], tb):
        i += 1
    tb.consumed = i
    return tb


def _known_values(tb: TitleBlock) -> set[str]:
    vals = {tb.title, tb.subtitle, tb.date, " and ".join(tb.authors),
            ", ".join(tb.authors), *tb.authors}
    return {v.casefold() for v in vals if v}


def _read_meta_para(p: RawPara, tb: TitleBlock) -> bool:
    """Take one paragraph of provenance into ``tb``; False if it is not one."""
    if heading_of(p.lines[0]) is not None:
        return False
    logical = _logical_lines(p)
    plan: list[tuple[str, str, str, int, list[str], list[str]]] = []
    for text, line in logical:
        value, urls, tags = plain(text)
        if not value:
            plan.append(("empty", text, value, line, urls, tags))
            continue
        kind = ""
        if value.casefold() in _known_values(tb):
            kind = "repeat"
        elif _DATE.match(value):
            kind = "date"
        elif _LINK.fullmatch(text.strip()):
            kind = "link"
        else:
            for key, rx in _LABELLED:
                if rx.match(value):
                    kind = key
                    break
        if not kind and plan and plan[-1][0] in dict(_LABELLED):
            # A labelled line wrapped with a hard break ("... by Sam  " /
            # "Dolhoff, 1971."): the rest of the same line.
            k, t0, v0, l0, u0, g0 = plan[-1]
            plan[-1] = (k, t0 + " " + text, v0 + " " + value, l0, u0 + urls,
                        g0 + tags)
            continue
        if not kind:
            return False
        plan.append((kind, text, value, line, urls, tags))
    for kind, text, value, line, urls, tags in plan:
        if tags:
            tb.removals.append(("markup", " ".join(tags), line))
        if kind == "empty":
            continue
        if kind == "repeat":
            tb.removals.append(("title-block", text, line))
        elif kind == "date":
            if tb.date:
                tb.removals.append(("title-block", text, line))
            else:
                tb.date = value
        elif kind == "link":
            tb.extra.append(("library-url", urls[0] if urls else value))
            if value != (urls[0] if urls else value):
                tb.extra.append(("library-site", value))
        else:
            tb.source_lines.append(value)
            m = dict(_LABELLED)[kind].match(value)
            tb.extra.append((kind, m.group(1).strip() if m else value))
            for url in urls:
                tb.extra.append((f"{kind}-url", url))
            for name in _TRANSLATOR.findall(value):
                tb.translators.append(collapse_space(name))
    return True


def leftover_words(paras: list[RawPara], tb: TitleBlock) -> Counter[str]:
    """Words of the consumed paragraphs found neither in ``tb`` nor removed."""
    have = Counter(w for p in paras[:tb.consumed] for l in p.lines for w in words(l))
    kept = [tb.title, tb.subtitle, tb.date, *tb.authors, *tb.source_lines,
            *(v for _, v in tb.extra)]
    have -= Counter(w for s in kept for w in words(s))
    have -= Counter(w for _, s, _ in tb.removals for w in words(s))
    return have
