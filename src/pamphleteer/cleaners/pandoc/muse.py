"""Muse, the source format of Amusewiki and The Anarchist Library (``muse``).

The header directives are read here (pandoc's Muse reader would drop most
of them and fails on some real headers); the body goes through pandoc's
Muse reader, after a few repairs of what it misses on real files:

- ``<center>`` and ``<right>`` blocks (pandoc reads them as plain
  paragraphs) become centred or right-aligned divisions;
- ``<sc>`` small capitals (pandoc leaves the tags as text) become small
  capitals;
- ``; comments`` and ``<comment>`` blocks, which pandoc drops silently, are
  listed in the report (kind ``comment``);
- a note call ``[N]`` or ``{N}`` whose note is missing, which pandoc leaves
  as text, is reported (``MUSE001``); a note that no call in the text
  points to, which pandoc drops silently (and Amusewiki's PDF too), is
  reported with its line and listed as removed (``MUSE007``); a label
  defined more than once has its calls and definitions paired in order
  (``MUSE008``; pandoc kept one definition and dropped the others): see
  :mod:`.muse_notes`;
- block tags left open are closed where Amusewiki closes them, closing
  tags that close nothing left out, an inline ``<code>`` never closed made
  text (``MUSE003``..``MUSE005``: pandoc fails or runs out of memory on
  them).

Header: ``#title``, ``#subtitle``, ``#author`` (split into names at ``;``
and `` and ``), ``#date``, ``#lang``, ``#source`` (a provenance line),
``#notes`` (a provenance line), ``#translator``, ``#pubdate``,
``#topics``/``#SORTtopics`` and the index's authors ``#SORTauthors`` or
``#authors`` (kept as further facts).  ``#LISTtitle``, ``#cover`` and
other display directives are listed in the report as removed (kind
``header``).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ...model import Metadata, Text, block_inlines, walk_blocks, walk_inlines
from ...errors import InputError
from ...report import CleaningReport
from ...text import source_language
from ..registry import CleanResult, cleaner
from . import runner
from .common import check_options, finish, fix, language_tag, names
from .convert import Converter, ast_text
from .muse_notes import (CALL_LEFT, COMMENT_LINE, calls_in_notes_as_text,
                         pair_repeated_labels, relink_notes, uncalled_notes)

NAME = "muse"

_DIRECTIVE = re.compile(r"^#([^\s#]+)(?:[ \t]+(.*?))?[ \t]*$")
_HEAD_START = re.compile(r"\A\ufeff?(?:[ \t]*\n)*#(title|author|lang|subtitle|"
                         r"date|source|SORT\w+|LIST\w+|pubdate|notes)\b", re.I)
_MUSE_HEADING = re.compile(r"^\*{1,5} \S", re.M)
_MUSE_TAGS = re.compile(r"^<(quote|verse|example|center|right|biblio|play|"
                        r"comment|src)(?:[ \t]+[^<>\n]*)?>\s*$", re.M)
_MUSE_NOTE = re.compile(r"^(?:\[\d+\]|\{\d+\}) \S", re.M)
# no '[' inside a link's parts: a line of '[' is then read in linear time
_MUSE_LINK = re.compile(r"\[\[[^\[\]\n]+\](?:\[[^\[\]\n]*\])?\]")
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_HTML = re.compile(r"<(?:html|body|div|p|span|table)\b", re.I)

KEEP = {"title", "subtitle", "author", "authors", "date", "lang", "source", "notes",
        "translator", "translators", "pubdate", "topics", "sorttopics",
        "teaser"}


def detect(raw: str) -> float:
    """Score that ``raw`` is an Amusewiki Muse text."""
    head = raw[:4000]
    score = 0.0
    if _HEAD_START.match(head) or _header_block(head):
        score += 0.6
    directives = len(re.findall(r"^#(?:title|author|lang|source|date|"
                                r"SORTauthors|SORTtopics|pubdate|notes)[ \t]",
                                head, re.M | re.I))
    score += min(directives, 4) * 0.07
    sample = raw[:200000]
    if _MUSE_HEADING.search(sample):
        score += 0.1
    if _MUSE_TAGS.search(sample):
        score += 0.15
    if _MUSE_NOTE.search(sample):
        score += 0.05
    if _MUSE_LINK.search(sample):
        score += 0.05
    if _MD_HEADING.search(head):
        score -= 0.3
    if _HTML.search(head):
        score -= 0.3
    return round(max(0.0, min(score, 1.0)), 3)


_KNOWN = re.compile(r"#(?:title|author|lang|subtitle|date|source|notes|"
                    r"pubdate|SORTauthors|SORTtopics|LISTtitle)\b", re.I)


def _header_block(head: str) -> bool:
    """The text opens with a block of ``#key value`` lines (in any order:
    ``#cover`` may come first) naming at least a title or an author."""
    lines = head.lstrip("\ufeff").split("\n")[:30]
    directives = [x for x in lines if re.match(r"#[A-Za-z][\w-]*[ \t]+\S", x)]
    if len(directives) < 2 or not lines[0].startswith("#"):
        return False
    return any(re.match(r"#(?:title|author)\b", x, re.I) for x in directives) \
        and sum(bool(_KNOWN.match(x)) for x in directives) >= 2


def _value_text(value: str) -> str:
    """A header value without Muse inline markup."""
    value = re.sub(r"\[\[([^\]]+)\]\[([^\]]*)\]\]", r"\2", value)
    value = re.sub(r"\[\[([^\]]+)\]\]", r"\1", value)
    value = re.sub(r"<br\s*/?>", " ", value, flags=re.I)
    value = re.sub(r"</?[A-Za-z][^>]*>", "", value)
    value = re.sub(r"(?<!\w)[*=]+|[*=]+(?!\w)", "", value)
    value = value.replace("~~", "\u00a0")
    return " ".join(value.split())


def split_header(raw: str) -> tuple[list[tuple[str, str, int]], str]:
    """The header's directives (key, value, line) and the body, with the
    header's lines left blank so that line numbers stay those of the
    file."""
    lines = raw.split("\n")
    directives: list[tuple[str, str, int]] = []
    i = 0
    prev_directive = False
    while i < len(lines):
        line = lines[i].lstrip("\ufeff")
        m = _DIRECTIVE.match(line)
        if m:
            directives.append((m.group(1), m.group(2) or "", i + 1))
            prev_directive = True
        elif not line.strip():
            prev_directive = False
        elif prev_directive and directives:
            key, value, ln = directives[-1]
            directives[-1] = (key, (value + " " + line.strip()).strip(), ln)
        else:
            break
        i += 1
    body = "\n" * i + "\n".join(lines[i:])
    return directives, body


# An opening tag may carry attributes (``<quote author="...">``, Emacs
# Muse's): pandoc reads it as the block all the same, so the balancing
# below must too (a ``</quote>`` taken for a stray one and left out would
# leave pandoc an unclosed quote, which it reads in exponential time).
_BLOCK_TAG = re.compile(r"^[ \t]*<(/?)(quote|verse|center|right|biblio|play|"
                        r"comment|example)((?:[ \t]+[^<>]*)?)>[ \t]*$")
_LITERAL_OPEN = {"{{{": "}}}", "<example>": "</example>",
                 "<literal>": "</literal>", "<src>": "</src>"}
_HEADING_LINE = re.compile(r"^\*{1,5} ")
_LANG_TAG = re.compile(r"</?\[[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*\]>")
_EQ_CODE = re.compile(r"(?<![\w=])=[^\s=](?:[^=\n]*[^\s=])?=(?![\w=])")


class _Balance:
    """Block tags (``<quote>``, ``<verse>``...) closed where Amusewiki
    closes them and pandoc does not.  pandoc's Muse reader leaves an
    unclosed ``<quote>`` as text, and on an unclosed ``<verse>`` it grows
    without end (24 GB for 21 bytes); Text::Amuse closes a block that is
    never closed before the next heading (an example, whose lines are
    literal, runs to the end of the text) and at the end of the text.  A
    closing tag that closes nothing is left out.  Inside a verse or a
    comment, only its own closing tag counts (a verse's lines are text,
    tags too, as pandoc reads them; comments do not nest).  ``closed``
    holds, per line number of the body, the tags closed just before it
    (the line after the last for the end); ``opaque``, the lines of the
    body pandoc reads as text whatever they hold (inside an example, a
    ``{{{`` block or a verse), of which ``verse`` those of a verse (whose
    note calls are calls); each repair is reported (``MUSE003``,
    ``MUSE004``)."""

    def __init__(self, body: str, report: CleaningReport) -> None:
        lines = body.split("\n")
        quiet = CleaningReport(cleaner=NAME, file="")
        closed_by_tag = self._scan(lines, quiet, never=None)
        opened = {n for n, line in enumerate(lines, 1)
                  if (m := _BLOCK_TAG.match(line)) and not m.group(1)}
        self.closed: dict[int, list[str]] = {}
        self.inserted: set[int] = set()   # indices in ``out`` of tags put in
        self.opaque: set[int] = set()
        self.verse: set[int] = set()
        self._scan(lines, report, never=opened - closed_by_tag)

    def _scan(self, lines: list[str], report: CleaningReport,
              never: set[int] | None) -> set[int]:
        """One pass over the lines: the opening lines closed by their tag.
        ``never`` (the opening lines no tag closes) is None on the first
        pass, which only finds them; the second closes those before the
        next heading and writes the text."""
        self.closed, self.inserted, self.opaque = {}, set(), set()
        self.verse = set()
        out: list[str] = []
        lit: set[int] = set()   # indices in ``out`` of literal lines
        stack: list[tuple[str, int]] = []
        literal = ""
        matched: set[int] = set()
        for n, line in enumerate(lines, 1):
            s = line.strip()
            if literal:
                if s == literal:
                    literal = ""
                    if stack and stack[-1][0] == "example" and s == "</example>":
                        matched.add(stack.pop()[1])
                else:
                    lit.add(len(out))
                    self.opaque.add(n)
                out.append(line)
                continue
            m = _BLOCK_TAG.match(line)
            if m and m.group(1) and m.group(3).strip():
                m = None  # a closing tag has no attributes: text
            inside = stack[-1][0] if stack and stack[-1][0] in (
                "verse", "comment") else ""
            if inside and m and (m.group(2) != inside or not m.group(1)):
                m = None
            if inside == "verse" and not m:
                self.opaque.add(n)
                self.verse.add(n)
            unclosed = [k for k, (_, start) in enumerate(stack)
                        if never is not None and start in never]
            if _HEADING_LINE.match(line) and unclosed:
                self._close(stack[unclosed[0]:], n, report, f"before the "
                            f"heading on line {n}", out)
                del stack[unclosed[0]:]
            elif m and not m.group(1):
                stack.append((m.group(2), n))
                if m.group(2) == "example":
                    literal = "</example>"
            elif m:
                tag = m.group(2)
                if any(t == tag for t, _ in stack):
                    while stack[-1][0] != tag:
                        self._close([stack.pop()], n, report,
                                    f"at the </{tag}> of line {n}", out)
                    matched.add(stack.pop()[1])
                else:
                    report.problem("MUSE004", f"“</{tag}>” closes no "
                                   f"<{tag}>: left out", n)
                    report.remove("markup", f"</{tag}>", n)
                    out.append("")
                    continue
            elif s in _LITERAL_OPEN and not inside:
                literal = _LITERAL_OPEN[s]
            out.append(line)
        if stack:
            self._close(stack, len(lines) + 1, report, "at the end of the "
                        "text", out)
        self.lines, self.literal = out, lit
        self.text = "\n".join(out)
        return matched

    def _close(self, stack: list[tuple[str, int]], n: int,
               report: CleaningReport, where: str, out: list[str]) -> None:
        """Close the open blocks of ``stack`` (innermost first) at the end
        of ``out``, reported."""
        for tag, start in reversed(stack):
            report.problem("MUSE003", f"<{tag}> opened on line {start} is "
                           f"never closed: closed {where}, as Amusewiki "
                           f"does; check where it should end", start)
            self.closed.setdefault(n, []).append(tag)
            self.inserted.add(len(out))
            out.append(f"</{tag}>")

    def drop_language_tags(self, report: CleaningReport) -> None:
        """Amusewiki's language switches, ``<[it]>`` ... ``</[it]>`` around
        a passage or a few words in another language, which pandoc prints
        as text: the tags are left out (the words kept, set in the text's
        language) and listed as removed with their line."""
        for i, line in enumerate(self.lines):
            if i in self.literal or "[" not in line:
                continue
            found = _LANG_TAG.findall(line)
            if not found:
                continue
            line_no = i + 1 - sum(k < i for k in self.inserted)
            for tag in found:
                report.remove("markup", tag, line_no)
                report.counts["language-switches"] += not tag.startswith("</")
            self.lines[i] = _LANG_TAG.sub("", line)
        self.text = "\n".join(self.lines)

    def inline_closed(self, report: CleaningReport) -> str:
        """The text with every inline ``<verbatim>`` or ``<code>`` never
        closed after it made text, as Amusewiki prints it (pandoc reads
        either up to its closing tag, across paragraphs, and fails on the
        whole file when there is none: "unexpected end of input"); a tag
        inside ``=...=`` (code already) is left alone."""
        out = list(self.lines)
        for tag in ("verbatim", "code"):
            op, cl = f"<{tag}>", f"</{tag}>"
            last = (-1, -1)
            for i, line in enumerate(out):
                if i not in self.literal and cl in line:
                    last = (i, line.rfind(cl))
            for i, line in enumerate(out):
                if i in self.literal or i < last[0] or op not in line:
                    continue
                cut = last[1] if i == last[0] else 0
                head, tail = line[:cut], line[cut:]
                bare = _EQ_CODE.sub(lambda m: "\0" * len(m.group(0)), tail)
                spots = [k for k in range(len(tail))
                         if bare.startswith(op, k)]
                if not spots:
                    continue
                line_no = i + 1 - sum(k < i for k in self.inserted)
                report.problem("MUSE005", f"“{op}” is never closed: left as "
                               f"text", line_no)
                for k in reversed(spots):
                    tail = (tail[:k] + f"<verbatim>{op}</verbatim>"
                            + tail[k + len(op):])
                out[i] = head + tail
        return "\n".join(out)


_SRC_OPEN = re.compile(r"^[ \t]*<src(?:[ \t]+[^<>]*)?>[ \t]*$")
_SRC_CLOSE = re.compile(r"^[ \t]*</src>[ \t]*$")
_CONTENTS = re.compile(r"^[ \t]*<contents(?:[ \t]+[^<>]*)?/?>[ \t]*$")
_LITERAL_START = re.compile(r"^[ \t]*(?:\{\{\{|<(example|literal)"
                            r"(?:[ \t]+[^<>]*)?>)[ \t]*$")


def emacs_muse(body: str, report: CleaningReport) -> str:
    """Emacs Muse's own block tags, which the Muse of Amusewiki and pandoc's
    reader do not know (blogs and sites written in Emacs Muse use them on
    every page): a ``<src lang="sql">`` ... ``</src>`` block is code, kept
    line for line as an example (pandoc would print the tags as words and
    run the code's lines into one paragraph, reading its ``*`` and ``=``
    as emphasis); a ``<contents>`` line, where Emacs Muse prints the
    page's table of contents, is left out (the pamphlet has its own) and
    listed as removed; a ``{{{`` ... ``}}}`` block, Text::Amuse's other
    way to write an example, is written ``<example>`` (pandoc reads a
    ``{{{`` block holding a line "{10} ..." as a note, and lost the block's
    lines after it).  Lines keep their numbers; what is inside an example
    or a literal block is left alone."""
    lines = body.split("\n")
    closer = ""
    n = 0
    while n < len(lines):
        line = lines[n]
        s = line.strip()
        if closer:
            if s == closer:
                closer = ""
        elif (m := _LITERAL_START.match(line)):
            closer = "}}}" if s.startswith("{{{") else f"</{m.group(1)}>"
            end = next((k for k in range(n + 1, len(lines))
                        if lines[k].strip() == closer), None) \
                if closer == "}}}" else None
            if end is not None and "</example>" not in (
                    x.strip() for x in lines[n + 1:end]):
                # {{{ }}} is Text::Amuse's other way to write <example>;
                # pandoc read a block holding "{10} ..." as a note and lost
                # its lines: as <example>, they are the block's
                lines[n], lines[end] = "<example>", "</example>"
                report.counts["code-blocks"] += 1
                closer, n = "", end
        elif _CONTENTS.match(line):
            report.remove("markup", s, n + 1)
            report.counts["contents-markers"] += 1
            lines[n] = ""
        elif _SRC_OPEN.match(line):
            end = next((k for k in range(n + 1, len(lines))
                        if _SRC_CLOSE.match(lines[k])), None)
            if end is not None:
                code = [x.strip() for x in lines[n + 1:end]]
                op, cl = (("{{{", "}}}") if "</example>" in code
                          and "}}}" not in code else ("<example>",
                                                      "</example>"))
                lines[n], lines[end] = op, cl
                report.counts["code-blocks"] += 1
                n = end
        n += 1
    return "\n".join(lines)


def _repair(body: str) -> str:
    """Rewrite what pandoc's Muse reader misses into what it reads."""
    out: list[str] = []
    n = 0
    stack: list[str] = []
    for line in body.split("\n"):
        s = line.strip()
        one = re.fullmatch(r"<(center|right)>(.+)</\1>", s)
        if one:
            n += 1
            out.append(f'<div id="pmph-align-{one.group(1)}-{n}">\n'
                       f"{one.group(2)}\n</div>")
            continue
        m = re.fullmatch(r"<(/)?(center|right)(?(1)|(?:[ \t]+[^<>]*)?)>", s)
        if m and not m.group(1):
            n += 1
            stack.append(m.group(2))
            out.append(f'<div id="pmph-align-{m.group(2)}-{n}">')
            continue
        if m and m.group(1) and stack and stack[-1] == m.group(2):
            stack.pop()
            out.append("</div>")
            continue
        out.append(line)
    text = "\n".join(out)
    text = re.sub(r"<sc>", '<class name="smallcaps">', text)
    text = re.sub(r"</sc>", "</class>", text)
    return text


def _comments(body: str, report: CleaningReport,
              closed: Mapping[int, list[str]], opaque: set[int]) -> None:
    """List the comments pandoc leaves out (``closed``: where
    :class:`_Balance` closed an unclosed ``<comment>``; ``opaque``: the
    lines pandoc keeps as text, comments or not)."""
    in_block = False
    block: list[str] = []
    start = 0
    lines = body.split("\n")
    for n, line in enumerate(lines + [""], 1):
        s = line.strip()
        if in_block and "comment" in closed.get(n, ()):
            report.remove("comment", "\n".join(block), start)
            in_block = False
            block = []
        if n > len(lines):
            break
        if in_block:
            if s == "</comment>":
                report.remove("comment", "\n".join(block), start)
                in_block = False
                block = []
            else:
                block.append(line)
            continue
        if n in opaque:
            continue
        if s == "<comment>":
            in_block, start = True, n
        elif COMMENT_LINE.match(line):
            report.remove("comment", line[1:].strip(), n)


def _last_of_each(directives: list[tuple[str, str, int]],
                  report: CleaningReport) -> list[tuple[str, str, int]]:
    """The directives with only the last of each name, as Text::Amuse
    reads a header ("Overwriting directive"; names compared without case,
    ``-`` and ``_``): a text pasted under another's header (seen on a
    real library file: "#title French ... #title Écoute, camarade !")
    is titled by its own.  Each directive dropped is reported with its
    line (``MUSE006`` when it is one read into the metadata and its value
    differs from the one kept)."""
    def name(key: str) -> str:
        return re.sub(r"[-_]", "", key).lower()

    last = {name(k): i for i, (k, _, _) in enumerate(directives)}
    out = []
    for i, (key, value, line) in enumerate(directives):
        if last[name(key)] == i:
            out.append((key, value, line))
            continue
        _, kept, kept_line = directives[last[name(key)]]
        report.remove("header", f"#{key} {value}".rstrip(), line)
        if name(key) in KEEP and " ".join(value.split()) != " ".join(
                kept.split()):
            report.problem("MUSE006", f"#{key} is given twice: “{value}” "
                           f"(line {line}) is left for “{kept}” (line "
                           f"{kept_line}), the last, as Amusewiki reads it",
                           line)
    return out


def metadata(directives: list[tuple[str, str, int]],
             report: CleaningReport) -> tuple[Metadata, list[str]]:
    """Metadata from the header, and the words it keeps (for the
    conservation check)."""
    kept: list[str] = []
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    index: dict[str, tuple[str, str, int, str]] = {}
    for key, value, line in _last_of_each(directives, report):
        low = key.lower()
        text = _value_text(value)
        if low == "lang":
            tag, _, rest = text.partition(" ")
            fields.setdefault("lang", tag)
            if rest.strip():
                report.remove("header", f"#lang … {rest}", line)
            continue
        if low in ("authors", "sortauthors") and text:
            index[low] = (key, value, line, text)
            continue
        if low in KEEP and text:
            kept.append(text)
            if low in ("topics", "sorttopics", "pubdate", "teaser"):
                extra.append(("topics" if "topics" in low else low, text))
            elif low == "translators":
                fields["translator"] = text
            else:
                fields.setdefault(low, text)
        elif value.strip():
            report.remove("header", f"#{key} {value}", line)
    _index_authors(index, fields, kept, extra, report)
    lang = language_tag(fields.get("lang", ""))
    if fields.get("lang") and not lang:
        report.problem("MUSE002", f"#lang {fields['lang']!r} is not a "
                       f"language tag; the language is left to the manifest")
    source_lines = tuple(fix(fields[k], report) for k in ("source", "notes")
                         if fields.get(k))
    meta = Metadata(
        title=fix(fields.get("title", ""), report),
        subtitle=fix(fields.get("subtitle", ""), report),
        authors=tuple(fix(a, report) for a in _authors(fields, report)),
        date=" ".join(fields.get("date", "").split()),
        translators=tuple(fix(a, report)
                          for a in names(fields.get("translator", ""), report)),
        source_lines=source_lines,
        extra=tuple((k, v if k.endswith("date") else fix(v, report))
                    for k, v in extra),
        language=lang)
    return meta, kept


def _index_authors(index: Mapping[str, tuple[str, str, int, str]],
                   fields: dict[str, str], kept: list[str],
                   extra: list[tuple[str, str]],
                   report: CleaningReport) -> None:
    """Amusewiki's list of authors for its index (``#SORTauthors``, or
    ``#authors``), kept as a further fact (``sortauthors``) for a
    catalogue's author pages: "#author Marco Pessotto, Alexander Krotov"
    prints one line but indexes two people.  ``#authors`` is the byline
    too when the text has no ``#author``.  When both are given,
    ``#SORTauthors`` wins and ``#authors`` is listed as removed."""
    chosen = index.get("sortauthors") or index.get("authors")
    for low, (key, value, line, text) in index.items():
        if low == "authors" and not fields.get("author"):
            fields["authors"] = text
        if chosen and chosen[2] == line:
            kept.append(text)
            extra.append(("sortauthors", text))
        elif not (low == "authors" and not fields.get("author")):
            report.remove("header", f"#{key} {value}", line)


def _authors(fields: dict[str, str], report: CleaningReport) -> list[str]:
    """The authors: ``#author`` as printed, else Amusewiki's ``#authors``
    (a list for sorting and indexing, its names parted by semicolons, or
    by commas when it has no semicolon)."""
    if fields.get("author") or not fields.get("authors"):
        return list(names(fields.get("author", ""), report))
    listed = fields["authors"]
    sep = ";" if ";" in listed else ","
    return [n for part in listed.split(sep)
            for n in names(part.strip(), report)]


@cleaner(NAME, detect=detect, version=runner.READER_VERSION,
         extensions=(".muse",),
         docs="docs/formats/muse.md",
         description="Muse (Amusewiki, The Anarchist Library's source): "
                     "#title/#author/#lang header, * headings, [1] notes, "
                     "<quote>, <verse>, read through pandoc")
def clean(raw: str, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    """Read one Muse text."""
    opts = check_options(options, {"select"}, NAME, source)
    report = CleaningReport(cleaner=NAME, file=source)
    report.counts["lines-in"] = raw.count("\n") + 1
    directives, body = split_header(raw)
    meta, kept = metadata(directives, report)
    body = emacs_muse(body, report)
    probe = _Balance(body, CleaningReport(cleaner=NAME, file=""))
    literal_lines = probe.opaque - probe.verse
    source_body = body
    body = calls_in_notes_as_text(body, probe.opaque, literal_lines, report)
    body, names = pair_repeated_labels(body, probe.opaque, literal_lines,
                                       report)
    balanced = _Balance(body, report)
    _comments(body, report, balanced.closed, balanced.opaque)
    balanced.drop_language_tags(report)
    try:
        ast = runner.to_ast(_repair(balanced.text), "muse", source=source)
    except InputError as e:
        if "unexpected end of input" not in str(e):
            raise
        ast = runner.to_ast(_repair(balanced.inline_closed(report)), "muse",
                            source=source)
    literal = set(re.findall(r"<verbatim>\s*([\[{]\d{1,4}[\]}])\s*</verbatim>",
                             body))
    with source_language(meta.language):
        conv = Converter(report, source, source_body).convert(ast["blocks"])
    relink_notes(conv, report)
    for b in list(walk_blocks(tuple(conv.blocks))) + [
            x for n in conv.notes for x in walk_blocks(n.blocks)]:
        for run in block_inlines(b):
            for node in walk_inlines(run):
                if isinstance(node, Text):
                    for m in CALL_LEFT.finditer(node.text):
                        if m.group(0) in literal:
                            continue  # written <verbatim>[1]</verbatim>
                        report.problem(
                            "MUSE001", f"“{m.group(0)}” looks like a note "
                            f"call but no note {m.group(1) or m.group(2)} is "
                            f"defined; it is left as text",
                            b.source.line if b.source else 0)
    base = " ".join([ast_text(ast["blocks"]), *kept,
                     uncalled_notes(body, balanced.opaque, literal_lines,
                                    report, names)])
    return finish(NAME, report, meta, conv, base, select=opts.get("select"),
                  source=source)
