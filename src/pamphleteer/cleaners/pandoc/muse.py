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
  as text, is reported (``MUSE001``).

Header: ``#title``, ``#subtitle``, ``#author`` (split into names at ``;``
and `` and ``), ``#date``, ``#lang``, ``#source`` (a provenance line),
``#notes`` (a provenance line), ``#translator``, ``#pubdate``,
``#topics``/``#SORTtopics`` (kept as further facts).  ``#SORTauthors``,
``#LISTtitle``, ``#cover`` and other display directives are listed in the
report as removed (kind ``header``).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Mapping

from ...model import (Block, Heading, Inline, Metadata, Note, NoteRef,
                      Paragraph, Table, Text, block_inlines,
                      map_block_inlines, replace, walk_blocks, walk_inlines)
from ...report import CleaningReport
from ...text import source_language
from ..registry import CleanResult, cleaner
from . import runner
from .common import check_options, finish, fix, language_tag, names
from .convert import Converted, Converter, ast_text

NAME = "muse"

_DIRECTIVE = re.compile(r"^#([^\s#]+)(?:[ \t]+(.*?))?[ \t]*$")
_HEAD_START = re.compile(r"\A\ufeff?(?:[ \t]*\n)*#(title|author|lang|subtitle|"
                         r"date|source|SORT\w+|LIST\w+|pubdate|notes)\b", re.I)
_MUSE_HEADING = re.compile(r"^\*{1,5} \S", re.M)
_MUSE_TAGS = re.compile(r"^<(quote|verse|example|center|right|biblio|play|"
                        r"comment)>\s*$", re.M)
_MUSE_NOTE = re.compile(r"^(?:\[\d+\]|\{\d+\}) \S", re.M)
# no '[' inside a link's parts: a line of '[' is then read in linear time
_MUSE_LINK = re.compile(r"\[\[[^\[\]\n]+\](?:\[[^\[\]\n]*\])?\]")
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_HTML = re.compile(r"<(?:html|body|div|p|span|table)\b", re.I)
_COMMENT_LINE = re.compile(r"^;(?:[ \t].*)?$")
_CALL_LEFT = re.compile(r"\[(\d{1,4})\]|\{(\d{1,4})\}")

KEEP = {"title", "subtitle", "author", "authors", "date", "lang", "source", "notes",
        "translator", "translators", "pubdate", "topics", "sorttopics"}


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
        m = re.fullmatch(r"<(/?)(center|right)>", s)
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


def _comments(body: str, report: CleaningReport) -> None:
    """List the comments pandoc leaves out."""
    in_block = False
    block: list[str] = []
    start = 0
    for n, line in enumerate(body.split("\n"), 1):
        s = line.strip()
        if in_block:
            if s == "</comment>":
                report.remove("comment", "\n".join(block), start)
                in_block = False
                block = []
            else:
                block.append(line)
            continue
        if s == "<comment>":
            in_block, start = True, n
        elif _COMMENT_LINE.match(line):
            report.remove("comment", line[1:].strip(), n)


def metadata(directives: list[tuple[str, str, int]],
             report: CleaningReport) -> tuple[Metadata, list[str]]:
    """Metadata from the header, and the words it keeps (for the
    conservation check)."""
    kept: list[str] = []
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for key, value, line in directives:
        low = key.lower()
        text = _value_text(value)
        if low == "lang":
            tag, _, rest = text.partition(" ")
            fields.setdefault("lang", tag)
            if rest.strip():
                report.remove("header", f"#lang … {rest}", line)
            continue
        if low in KEEP and text:
            kept.append(text)
            if low in ("topics", "sorttopics", "pubdate"):
                extra.append(("topics" if "topics" in low else low, text))
            elif low == "translators":
                fields["translator"] = text
            else:
                fields.setdefault(low, text)
        elif value.strip():
            report.remove("header", f"#{key} {value}", line)
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


_DEF_START = re.compile(r"^([\[{])(\d{1,4})([\]}]) ")


def _place_call(run: tuple[Inline, ...], mark: str, label: str,
                done: list[bool]) -> tuple[Inline, ...]:
    """``run`` with its first text holding ``mark`` split around the call
    of note ``label``; only once per block (``done`` says so): a table's
    first cell holding the mark takes the call."""
    found = None if done else next(
        ((k, node) for k, node in enumerate(run)
         if isinstance(node, Text) and mark in node.text), None)
    if found is None:
        return run
    done.append(True)
    k, hit = found
    before, _, after = hit.text.partition(mark)
    pieces: list[Inline] = [Text(before)] if before else []
    pieces.append(NoteRef(label))
    if after:
        pieces.append(Text(after))
    return run[:k] + tuple(pieces) + run[k + 1:]


def _relink_notes(conv: Converted, report: CleaningReport) -> None:
    """Notes pandoc's reader missed (seen on real texts: a call and its
    note both left as text, "…工作。[3]而且…" and a paragraph "[3] 欧洲…"):
    a paragraph of the body opening with ``[N]`` or ``{N}`` whose call
    ``[N]`` stands as text before it becomes the note of that call."""
    blocks: list[Block | None] = list(conv.blocks)
    for i in range(len(blocks)):
        para = blocks[i]
        if not isinstance(para, Paragraph) or not para.children:
            continue
        first = para.children[0]
        if not isinstance(first, Text):
            continue
        m = _DEF_START.match(first.text)
        if not m:
            continue
        mark = m.group(1) + m.group(2) + m.group(3)
        label = str(max([int(n.label) for n in conv.notes
                         if n.label.isdigit()] + [0]) + 1)
        for j in range(i - 1, -1, -1):
            call = blocks[j]
            if not isinstance(call, (Paragraph, Heading, Table)):
                continue
            done: list[bool] = []
            relinked = map_block_inlines(call, functools.partial(
                _place_call, mark=mark, label=label, done=done))
            if not done:
                continue
            blocks[j] = relinked
            rest = first.text[m.end():]
            body = ((Text(rest),) if rest else ()) + para.children[1:]
            conv.notes.append(Note(label, (replace(para, children=body),),
                                   source=para.source))
            blocks[i] = None
            report.counts["notes-relinked"] += 1
            report.remove("note-number", mark, para.source.line
                          if para.source else 0)
            report.remove("note-number", mark, call.source.line
                          if call.source else 0)
            break
    conv.blocks[:] = [b for b in blocks if b is not None]


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
    _comments(body, report)
    ast = runner.to_ast(_repair(body), "muse", source=source)
    literal = set(re.findall(r"<verbatim>\s*([\[{]\d{1,4}[\]}])\s*</verbatim>",
                             body))
    with source_language(meta.language):
        conv = Converter(report, source, body).convert(ast["blocks"])
    _relink_notes(conv, report)
    for b in list(walk_blocks(tuple(conv.blocks))) + [
            x for n in conv.notes for x in walk_blocks(n.blocks)]:
        for run in block_inlines(b):
            for node in walk_inlines(run):
                if isinstance(node, Text):
                    for m in _CALL_LEFT.finditer(node.text):
                        if m.group(0) in literal:
                            continue  # written <verbatim>[1]</verbatim>
                        report.problem(
                            "MUSE001", f"“{m.group(0)}” looks like a note "
                            f"call but no note {m.group(1) or m.group(2)} is "
                            f"defined; it is left as text",
                            b.source.line if b.source else 0)
    base = " ".join([ast_text(ast["blocks"]), *kept])
    return finish(NAME, report, meta, conv, base, select=opts.get("select"),
                  source=source)
