"""Markdown dialects pandoc's reader does not know, read before it.

- **MultiMarkdown metadata**: ``Title: ...``, ``Author: ...`` lines at the
  very top, up to the first blank line (indented lines continue a value).
  Read as the text's metadata (``PANDOC014``, naming the lines); keys
  that are not metadata (``CSS``, ``Base Header Level``) are listed in
  the removals (kind ``metadata``).
- **Obsidian**: ``[[Page|label]]`` keeps its label as text, ``[[Page]]``
  its page name (``[[Page#Part]]`` reads ``Page > Part``); the targets
  left out are listed (kind ``wikilink-target``).  ``![[picture.png]]``
  embeds (kind ``embed``), ``%%comments%%`` (kind ``comment``) and the
  ``[!note]`` marker of a callout (kind ``callout``; its title stays, in
  bold, on a line of its own) are
  left out; in a note that shows these signs, ``#tags`` too (kind
  ``tag``).
- **HTML comments** (``<!-- ... -->``): left out with their words (kind
  ``html-comment``); pandoc kept them as raw HTML, out of the text, and
  their words were lost unseen.
- **Link reference definitions** (``[id]: target "title"``, and
  MultiMarkdown's ``[#key]: a bibliographic entry``): kept for pandoc,
  their words listed (kind ``link-definition``), as pandoc's text holds
  none of them.
- **kramdown**: attribute lists (``{: .class}``, ``{:toc}``,
  ``**word**{:itemprop="name"}``, kind ``kramdown-attributes``), the
  one-item list a ``{:toc}`` replaces with the contents (kind ``toc``),
  ``{::comment}...{:/comment}`` with its words (kind ``kramdown-comment``),
  ``{::options .../}`` and the tags of other extensions (kind
  ``kramdown-extension``; what they wrap is kept).
- **Quarto**: a callout's ``title="..."`` attribute, which pandoc's reader
  keeps out of the text, becomes the callout's first paragraph (in bold;
  a change, kind ``callout-title``).
- **A ``---`` line in the body** that opens no YAML mapping (Obsidian's
  rule before a line of inline fields): pandoc's reader would take it for
  a metadata block and refuse the file; it is read as a thematic break
  (``PANDOC016``).
- **Front-matter keys** that are not metadata (``layout``, ``aliases``,
  ``tags``), in the block at the top or in a later YAML block pandoc
  reads: listed (kind ``front-matter``, ``PANDOC017``), not lost
  unseen.

Markup removed (except MultiMarkdown keys, front matter and link
definitions) is said once (``PANDOC015``).  Code (fenced, indented, between backticks) is left as
it is, every line stays where it was.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import yaml

from ...report import CleaningReport
from .templates import split_code

__all__ = ["read_dialects", "META_GROUPS", "OBSIDIAN", "mmd_metadata",
           "KRAMDOWN"]

META_GROUPS: tuple[tuple[str, ...], ...] = (
    ("title",), ("subtitle",), ("date",), ("author", "authors", "creator"),
    ("translator", "translators"), ("lang", "language"), ("publisher",),
    ("source",), ("description",), ("abstract",), ("subject",),
    ("keywords",), ("license", "licence", "rights", "copyright"))
"""The metadata keys the ``pandoc-markdown`` reader takes (of each group,
the first present), as :func:`.formats.pandoc_metadata` reads them."""

# --------------------------------------------------------------------------
# MultiMarkdown metadata
# --------------------------------------------------------------------------

# (a key of at most 80 characters, a value to the line's end: neither
# lazy run may meet a run of spaces it would scan again at each step)
_MMD_LINE = re.compile(r"([A-Za-z0-9][\w \t-]{0,80}?)[ \t]*:(?:[ \t]+(.*))?$")
# keys MultiMarkdown or its users write; one of them is needed to take
# the top lines for metadata (a paragraph "Note: ..." is text)
_MMD_KNOWN = frozenset({
    "title", "subtitle", "author", "authors", "translator", "date", "language",
    "copyright", "license", "keywords", "affiliation", "css", "baseheaderlevel",
    "latexconfig", "latexinput", "latexmode", "mmdheader", "mmdfooter",
    "quoteslanguage", "revised", "version", "format", "xhtmlheader",
    "htmlheader", "htmlfooter", "latexfooter", "latexheader",
    "transcludebase", "xmp", "latexxslt", "uuid"})
# an MMD key and the pandoc metadata key it gives
_MMD_META = {"title": "title", "subtitle": "subtitle", "author": "author",
             "authors": "author", "translator": "translator", "date": "date",
             "language": "lang", "copyright": "copyright",
             "license": "license", "keywords": "keywords"}


def _mmd_entries(raw: str) -> tuple[int, list[tuple[int, str, list[str]]]]:
    """The MultiMarkdown metadata block at the top of ``raw``: its number
    of lines and its entries (line, key, values); ``(0, [])`` when there
    is none."""
    lines = raw[:20000].lstrip("\ufeff").split("\n")
    entries: list[tuple[int, str, list[str]]] = []   # line, key, values
    n = 0
    while n < len(lines) and lines[n].strip():
        m = _MMD_LINE.match(lines[n])
        if m and not lines[n][:1].isspace():
            entries.append((n + 1, m.group(1), [(m.group(2) or "").strip()]))
        elif entries and lines[n][:1].isspace():
            entries[-1][2].append(lines[n].strip())
        else:
            return 0, []
        n += 1
    keys = {re.sub(r"\s+", "", k).lower() for _, k, _ in entries}
    if not entries or not keys & _MMD_KNOWN or \
            not (len(entries) >= 2 or keys & set(_MMD_META)):
        return 0, []
    return n, entries


def mmd_metadata(raw: str) -> bool:
    """Whether ``raw`` opens with a MultiMarkdown metadata block (for
    detection)."""
    return bool(_mmd_entries(raw)[0])


def _mmd_metadata(raw: str, report: CleaningReport
                  ) -> tuple[str, dict[str, Any]]:
    """``raw`` without its MultiMarkdown metadata block (blank lines in
    its place), and the block as pandoc metadata."""
    n, entries = _mmd_entries(raw)
    if not n:
        return raw, {}
    lines = raw.lstrip("\ufeff").split("\n")
    meta: dict[str, Any] = {}
    left: list[str] = []
    for line, key, values in entries:
        norm = re.sub(r"\s+", "", key).lower()
        value = " ".join(v for v in values if v)
        target = _MMD_META.get(norm)
        if target and value and target not in meta:
            meta[target] = {"t": "MetaString", "c": value}
        else:
            report.remove("metadata", f"{key}: {value}".strip(), line)
            left.append(key)
    report.counts["mmd-metadata-lines"] += n
    report.problem(
        "PANDOC014", f"lines 1-{n} read as a MultiMarkdown metadata block "
        f"(`Key: value` lines at the top): "
        + ", ".join(sorted(meta)) + " taken as metadata"
        + (f"; left out and listed (kind `metadata`): {', '.join(left)}"
           if left else ""), 1)
    return "\n" * n + "\n".join(lines[n:]), meta


# --------------------------------------------------------------------------
# YAML blocks: a --- in the body, and keys that are not metadata
# --------------------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)")
_KEY_LINE = re.compile(r"^(['\"]?)([^\s#'\"][^:\n]{0,200}?)\1[ \t]*:(?:[ \t]|$)")


def _yaml_blocks(text: str, report: CleaningReport
                 ) -> tuple[str, list[tuple[int, list[str], dict[Any, Any]]]]:
    """``text`` with every ``---`` line that would open a YAML block pandoc
    refuses turned into a thematic break, and the blocks pandoc reads
    (first line, lines, mapping)."""
    lines = text.split("\n")
    blocks: list[tuple[int, list[str], dict[Any, Any]]] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            i += 1
            continue
        if m:
            fence = m.group(1)
            i += 1
            continue
        opens = (line.rstrip() == "---" and i + 1 < len(lines)
                 and lines[i + 1].strip()
                 and (i == 0 or not lines[i - 1].strip()))
        if not opens:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines))
                    if lines[j].rstrip() in ("---", "...")), None)
        body = lines[i + 1:end] if end is not None else []
        try:
            value = yaml.safe_load("\n".join(body)) if end else None
        except yaml.YAMLError:
            value = None
        if isinstance(value, dict):
            blocks.append((i + 2, body, value))
            assert end is not None
            i = end + 1
            continue
        if i == 0:
            i += 1    # the top: pandoc reports it as the file's error
            continue
        lines[i] = "***"
        report.change("yaml-rule", "---", "***", i + 1,
                      "a --- line opening no YAML mapping: a thematic break")
        report.problem(
            "PANDOC016", "a `---` line opens no YAML mapping (what follows "
            "is text): read as a thematic break, not as a metadata block",
            i + 1)
        i += 1
    return "\n".join(lines), blocks


def _front_leftovers(blocks: list[tuple[int, list[str], dict[Any, Any]]],
                     report: CleaningReport) -> None:
    """List the keys of YAML blocks that are not metadata."""
    left: list[str] = []
    for first, body, value in blocks:
        present = {str(k) for k in value}
        taken = {next(k for k in g if k in present) for g in META_GROUPS
                 if any(k in present for k in g)}
        cur: tuple[int, str, list[str]] | None = None
        entries: list[tuple[int, str, list[str]]] = []
        for n, line in enumerate(body):
            m = _KEY_LINE.match(line)
            if m and not line[:1].isspace():
                cur = (first + n, m.group(2), [line.strip()])
                entries.append(cur)
            elif cur is not None and line.strip():
                cur[2].append(line.strip())
        for line_no, key, text in entries:
            if key in taken:
                continue
            words = " ".join(text)
            report.remove("front-matter", words, line_no)
            left.append(key)
    if left:
        report.problem(
            "PANDOC017", f"front-matter key(s) that are not metadata left "
            f"out and listed (kind `front-matter`): {', '.join(left[:12])}"
            + (" ..." if len(left) > 12 else ""), blocks[0][0] - 1)


# --------------------------------------------------------------------------
# Obsidian and kramdown
# --------------------------------------------------------------------------

_OB_COMMENT = re.compile(r"%%(.*?)%%", re.S)
_OB_EMBED = re.compile(r"!\[\[([^\[\]\n]+)\]\]")
_OB_LINK = re.compile(r"(?<![\\!])\[\[([^\[\]\n|\\]+?)(?:\\?\|([^\[\]\n]*))?"
                      r"\]\](?![(\[])")
_OB_CALLOUT = re.compile(r"^((?:[ \t]*>)+[ \t]*)(\[![\w-]+\][+-]?)([^\n]*)",
                         re.M)
# a line that continues a quotation with text
_QUOTED = re.compile(r"\n(?:[ \t]*>)+[ \t]*[^\s>]")
_OB_TAG = re.compile(r"(?<!\S)#(?=[\w/-]*[^\W\d])\w[\w/-]*")
OBSIDIAN = re.compile(r"(?<!\\)\[\[[^\[\]\n]+\]\](?![(\[])|^(?:[ \t]*>)+[ \t]*\[![\w-]+"
                      r"\]|(?<!%)%%[^%\n]*%%", re.M)
"""Signs of an Obsidian note (for detection and for reading tags)."""

# a link reference definition ([id]: target "title"; not a note's
# "[^1]:"): pandoc keeps it out of the text; MultiMarkdown's citations
# put a whole bibliographic entry there ("[#doe2006]: John Doe. A Book.")
_LINK_DEF = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]{1,999}\]:[ \t]+\S[^\n]*$", re.M)
_KD_OPEN = re.compile(r"\{::(comment|nomarkdown)\b[^}\n]*\}")
_KD_CLOSE = re.compile(r"\{:/(?:comment|nomarkdown)?\}")
_KD_EMPTY = re.compile(r"\{::\w+\b[^}\n]*/\}")
_KD_TOC = re.compile(r"^[ \t]*(?:[*+-]|\d+\.)[ \t]+([^\n]*)\n[ \t]{0,3}"
                     r"\{:[ \t]*(?:\.[\w-]+[ \t]*)*toc\b[^}\n]*\}[ \t]*$", re.M)
_KD_IAL = re.compile(r"\{:(?!:|/)[^{}\n]*\}")
# a Quarto callout's title given as an attribute, which pandoc's reader
# keeps out of the text
_QUARTO_TITLE = re.compile(r"^(:::+[ \t]*\{[^}\n]{0,300}\.callout-[\w-]+"
                           r"[^}\n]{0,300}?)[ \t]+"
                           r"title=([\"'])(.*?)\2([^}\n]*\}[ \t]*)$", re.M)
KRAMDOWN = re.compile(r"^[ \t]{0,3}\{:(?!:)[^{}\n]*\}[ \t]*$|"
                      r"\{::(?:comment|nomarkdown|options)\b", re.M)
"""Signs of kramdown's syntax (for detection)."""


def _sub(piece: str, line: int, rx: re.Pattern[str],
         fn: Any) -> str:
    """``piece`` with each match of ``rx`` replaced by ``fn(match,
    line)``, the line numbers counted from ``line``."""
    out: list[str] = []
    pos = 0
    at = line    # counted on from the last match (not from the start)
    for m in rx.finditer(piece):
        at += piece.count("\n", pos, m.start())
        out += [piece[pos:m.start()], fn(m, at)]
        at += m.group(0).count("\n")
        pos = m.end()
    out.append(piece[pos:])
    return "".join(out)


class _Pass:
    """One text's Obsidian and kramdown markup, left out and listed."""

    def __init__(self, report: CleaningReport, tags: bool):
        self.report = report
        self.tags = tags
        self.kinds: Counter[str] = Counter()
        self.first = 0
        self.removed: list[str] = []

    def remove(self, kind: str, text: str, line: int) -> None:
        text = " ".join(text.split())
        if text:
            self.report.remove(kind, text, line)
            self.removed.append(text)
        self.kinds[kind] += 1
        self.first = min(self.first or line, line)

    def html_comments(self, text: str, line: int) -> str:
        """``text`` without its HTML comments (``<!-- ... -->``), which
        pandoc keeps as raw HTML out of the text: left out with their
        words (kind ``html-comment``)."""
        out: list[str] = []
        pos = 0
        at = line
        while True:
            start = text.find("<!--", pos)
            end = text.find("-->", start + 4) if start >= 0 else -1
            if end < 0:
                break
            whole = text[start:end + 3]
            at += text.count("\n", pos, start)
            self.remove("html-comment", whole, at)
            out += [text[pos:start], "\n" * whole.count("\n")]
            at += whole.count("\n")
            pos = end + 3
        out.append(text[pos:])
        return "".join(out)

    def kd_blocks(self, text: str, line: int) -> str:
        """``text`` without kramdown's comments (and their words) and the
        tags of its ``nomarkdown`` blocks (their content kept); each
        closing tag found once (a regular expression spanning lines would
        scan the rest of the text again at each opening left unclosed)."""
        out: list[str] = []
        pos = 0
        at = line
        while True:
            m = _KD_OPEN.search(text, pos)
            if not m:
                break
            close = _KD_CLOSE.search(text, m.end())
            if not close:
                break   # no closing tag after this one: none after others
            at += text.count("\n", pos, m.start())
            out.append(text[pos:m.start()])
            inner = text[m.end():close.start()]
            if m.group(1) == "comment":
                whole = text[m.start():close.end()]
                self.remove("kramdown-comment", whole, at)
                out.append("\n" * whole.count("\n"))
            else:
                self.remove("kramdown-extension", m.group(0), at)
                self.remove("kramdown-extension", close.group(0),
                            at + text.count("\n", m.start(), close.start()))
                out.append(inner)
            at += text.count("\n", m.start(), close.end())
            pos = close.end()
        out.append(text[pos:])
        return "".join(out)

    def piece(self, text: str, line: int) -> str:
        def gone(kind: str, keep: str = "") -> Any:
            def fn(m: re.Match[str], at: int) -> str:
                self.remove(kind, m.group(0), at)
                return keep or "\n" * m.group(0).count("\n")
            return fn

        def toc(m: re.Match[str], at: int) -> str:
            self.remove("toc", m.group(1), at)
            self.remove("kramdown-attributes", m.group(0).split("\n")[1],
                        at + 1)
            return "\n"

        def link(m: re.Match[str], at: int) -> str:
            target, label = m.group(1).strip(), m.group(2)
            if label is not None and label.strip():
                self.remove("wikilink-target", target, at)
                return label.strip()
            page, _, part = target.partition("#")
            part, caret, block = part.partition("^")
            if caret:
                self.remove("wikilink-target", "^" + block, at)
            shown = [x.strip() for x in (page, *part.split("#")) if x.strip()]
            self.kinds["wikilinks"] += 1
            return " > ".join(shown) or target

        text = self.html_comments(text, line)
        text = self.kd_blocks(text, line)
        text = _sub(text, line, _KD_EMPTY, gone("kramdown-extension"))
        text = _sub(text, line, _KD_TOC, toc)
        text = _sub(text, line, _KD_IAL, gone("kramdown-attributes"))
        text = _sub(text, line, _OB_COMMENT, gone("comment"))
        text = _sub(text, line, _OB_EMBED, gone("embed"))
        text = _sub(text, line, _OB_LINK, link)
        def callout(m: re.Match[str], at: int) -> str:
            self.remove("callout", m.group(2), at)
            title = m.group(3).strip()
            if title and _QUOTED.match(m.string, m.end()):
                # the title stands on a line of its own, as Obsidian
                # shows it, not run into the callout's first sentence
                return f"{m.group(1)}**{title}**\\"
            return m.group(1) + title

        text = _sub(text, line, _OB_CALLOUT, callout)
        if self.tags:
            text = _sub(text, line, _OB_TAG, gone("tag"))

        def definition(m: re.Match[str], at: int) -> str:
            # kept for pandoc, which resolves links by it; its words are
            # listed, as pandoc leaves them out of the text
            self.report.remove("link-definition", " ".join(m.group(0).split()),
                               at)
            self.removed.append(m.group(0))
            self.report.counts["link-definitions"] += 1
            return m.group(0)
        text = _sub(text, line, _LINK_DEF, definition)

        def callout_title(m: re.Match[str], at: int) -> str:
            # last: the lines it adds would shift the others' numbers
            self.report.change("callout-title", m.group(0), m.group(3), at,
                               "a Quarto callout's title, kept as its "
                               "first paragraph")
            self.report.counts["callout-titles"] += 1
            return f"{m.group(1)}{m.group(4)}\n\n**{m.group(3)}**\n"
        return _sub(text, line, _QUARTO_TITLE, callout_title)


def read_dialects(raw: str, report: CleaningReport
                  ) -> tuple[str, dict[str, Any], list[str]]:
    """``raw`` as pandoc's Markdown reader can read it, the metadata found
    outside its YAML (MultiMarkdown's), and the words left out (listed in
    ``report``)."""
    at = len(report.removals)
    text, meta = _mmd_metadata(raw, report)
    text, blocks = _yaml_blocks(text, report)
    _front_leftovers(blocks, report)
    # the top YAML block is not the text
    skip = 0
    if blocks and blocks[0][0] == 2:
        skip = len(blocks[0][1]) + 2
    lines = text.split("\n")
    head, body = "\n".join(lines[:skip]), "\n".join(lines[skip:])
    work = _Pass(report, tags=bool(OBSIDIAN.search(body)))
    out: list[str] = []
    line = skip + 1
    for piece, code in split_code(body):
        out.append(piece if code else work.piece(piece, line))
        line += piece.count("\n")
    if work.first:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(work.kinds.items()))
        report.counts["dialect-marks"] += sum(work.kinds.values())
        report.problem(
            "PANDOC015", f"markup of Obsidian, kramdown or HTML comments "
            f"read ({kinds}): links keep their labels; comments, tags, "
            "embeds and attribute lists are left out and listed in the "
            "report", work.first)
    body = "".join(out)
    removed = [r.text for r in report.removals[at:]]
    return (head + "\n" + body if skip else body), meta, removed
