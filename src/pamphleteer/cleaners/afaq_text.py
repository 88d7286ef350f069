"""Cleaner for the *An Anarchist FAQ* plain-text family (``afaq-text``).

The family (seed 000) is plain text, one paragraph per line with blank lines
between, no markup, straight quotes, and citations by short title in square
brackets at the end of a quotation or paragraph (``[Bakunin on Anarchism,
p. 301]``, ``[Op. Cit., p. 174]``, ``[quoted by ...]``).  A long quotation
stands as its own paragraph after a paragraph ending in a colon.  Some
releases open with the section's question (``H.1.1 What was Bakunin's
critique of Marxism?``) and hold sub-headings of the same form.

:func:`clean` is pure: raw text in, :class:`CleanResult` out.  Every word of
the input stays in the document (paragraph, block quote, citation, heading or
metadata); only blank lines and control characters are removed, and they are
listed in the report.  :func:`to_afaq_text` writes a document back in the
family's form, so that cleaning can be shown to be idempotent.

Option: ``keep_quote_marks`` (default false) keeps the quotation marks
around a block quotation instead of dropping them.

Problem codes (each with the raw line):

- ``AFAQ001`` a ``[`` opens and never closes (kept as text);
- ``AFAQ002`` ``Op. Cit.``/``Ibid.`` (or a bare page) with no work cited
  before it in the text;
- ``AFAQ003`` a block quotation opens and never closes;
- ``AFAQ004`` a ``]`` closes nothing (kept as text);
- ``AFAQ005`` double quotation marks that do not pair up in a paragraph.

Report counts: ``lines-in``, ``lines-joined``, ``paragraphs`` (block
quotations' included), ``headings``, ``block-quotes``,
``block-quotes-without-colon``, ``block-quote-marks``,
``quotation-then-prose``, ``citations``, ``editorial-brackets``, ``op-cit``,
``ibid``, ``same-work``, ``cross-reference``, ``citation-joined``, the
typography kinds (``quote``, ``apostrophe``, ``dash``, ``ellipsis``,
``space``) and ``removed-blank``/``removed-control``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Any, Mapping

from ..cite_syntax import (find_brackets, is_citation_at, looks_like_citation,
                           parse_citation)
from ..errors import InputError
from ..model import (Block, BlockQuote, Citation, Document, Heading, Inline,
                     Metadata, Paragraph, Source, Text, document_words,
                     inline_text)
from ..report import CleaningReport, check_conservation
from ..text import collapse_space, typography
from .registry import CleanResult, cleaner

NAME = "afaq-text"

# A FAQ question heading: a section number ("H.1.1", "J.2") then its title
# ("What was Bakunin's critique of Marxism?"), on a line of its own.
_HEADING = re.compile(
    r"^(?P<id>[A-J](?:\.\d{1,3}){1,5})\.?\s+(?P<title>[\"“‘'(]?[A-Z0-9].*)$")
# Sentence-ending or running-text punctuation that a heading never ends with
# (a heading ends with "?", a word, or a closing quote).
_NOT_HEADING_END = re.compile(r"[.:;,]$")
# Cross-references to other sections of the FAQ, each alternative commented:
_XREF = re.compile(
    # "section J.2.6", "Section J.2", "sections H.2.1, I.5.14 and J.7.6"
    r"\b[Ss]ections?\s+[A-J](?:\.\d+)+"
    r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*&\s*)"
    r"[A-J](?:\.\d+)+)*"
    # "see J.2.6", "see also H.2" (a section number without the word)
    r"|\b[Ss]ee\s+(?:also\s+)?[A-J](?:\.\d+)+"
    # 'the appendix on "What happened during the Russian Revolution?"',
    # 'the section entitled "..."' (curly quotes: typography runs first)
    r"|\b(?:[Aa]ppendix|[Ss]ection)\s+(?:on\s+|entitled\s+|called\s+)?“[^”]{1,200}”"
    # "the next section", "the previous section", "following sections"
    r"|\b(?:the\s+)?(?:next|previous|preceding|following)\s+sections?\b"
    # a bare section number of three parts or more ("as H.2.2 shows"): too
    # specific to be anything else
    r"|(?<![\w.])[A-J]\.\d+\.\d+(?:\.\d+)*(?![\w]|\.\d)")
# What may follow the closing quote of a block quotation once its citations
# are taken out: spaces and closing punctuation only.
_QUOTE_TAIL = re.compile(r"[\s.,;:!?…]*")
# C0/C1 control characters other than tab and newline (form feeds, NULs
# are refused earlier): each becomes a space, listed as removed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A bracketed page citation, for detection: "[Bakunin on Anarchism, p. 3]".
_PAGE_CITE = re.compile(r"\[[^\]\n]{1,300}\bpp?\.\s*\d")
# Markup of other families: a Markdown heading, a note call in HTML, bold,
# a thematic break, The Anarchist Library's title block, or pamphleteer's
# own cleaned Markdown (attribute spans "]{.cite}", note definitions).
_MARKUP = re.compile(r"^(?:#{1,6}\s|---+\s*$|\*\*|\[\^[^\]\s]+\]:)|<sup>|"
                     r"Anti-Copyright|\]\{\.[a-z]", re.MULTILINE)
_KNOWN_OPTIONS = frozenset({"keep_quote_marks"})


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------

def detect(raw: str) -> float:
    """Score in [0, 1] that ``raw`` is a text of the FAQ family."""
    lines = raw.replace("\r\n", "\n").split("\n")
    full = [i for i, line in enumerate(lines) if line.strip()]
    if not full:
        return 0.0
    typical = median(len(lines[i]) for i in full)
    blank_after = [i + 1 >= len(lines) or not lines[i + 1].strip() for i in full]
    apart = sum(blank_after) / len(full)
    score = 0.0
    # Long lines: one paragraph per line; or a wrapped release, where
    # paragraphs of several lines are separated by blank lines.
    if typical >= 200:
        score += 0.35
    elif typical >= 100 or 0.1 <= apart <= 0.7:
        score += 0.15
    # Blank-line separated: text lines followed by a blank line.
    score += 0.2 * min(1.0, 2 * apart)
    # Bracketed page citations and Op. Cit.
    cites = len(_PAGE_CITE.findall(raw))
    score += 0.3 if cites >= 3 else 0.15 if cites else 0.0
    if "Op. Cit." in raw:
        score += 0.15
    if _MARKUP.search(raw):
        score *= 0.3
    if typical < 80 and apart > 0.9:
        score *= 0.4  # every short line then a blank: text from a PDF
    return round(min(1.0, score), 3)


# --------------------------------------------------------------------------
# Splitting into raw paragraphs
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class RawPara:
    """A paragraph of the raw text, before it becomes a block."""

    text: str
    """Its text: lines joined, space collapsed, typography applied."""
    line: int
    """1-based raw line where it starts."""


def _lines(raw: str, report: CleaningReport) -> list[str]:
    """Raw lines with control characters replaced by spaces (and listed)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
        report.remove("byte-order-mark", "\ufeff", 1)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line
    out = []
    for n, line in enumerate(lines, 1):
        for m in _CONTROL.finditer(line):
            report.remove("control", m.group(0), n)
        out.append(_CONTROL.sub(" ", line))
    return out


def split_paragraphs(lines: list[str], report: CleaningReport) -> list[RawPara]:
    """Group lines into paragraphs and apply typography to each.

    Paragraphs are separated by blank lines; lines of one paragraph (a text
    wrapped by a later release) are joined with a space.  A text with no
    blank line at all has one paragraph per line.  A heading line always
    stands alone.
    """
    one_per_line = len(lines) > 1 and all(line.strip() for line in lines)
    groups: list[tuple[int, list[str]]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            report.remove("blank", line, n)
            continue
        alone = one_per_line or heading_of(line.strip())
        if groups and not alone and groups[-1][0] + len(groups[-1][1]) == n \
                and not heading_of(groups[-1][1][-1].strip()):
            groups[-1][1].append(line)
        else:
            groups.append((n, [line]))
    paras = []
    for start, group in groups:
        if len(group) > 1:
            report.counts["lines-joined"] += len(group) - 1
        text, counts = typography(collapse_space(" ".join(group)))
        report.add_counts(counts)
        paras.append(RawPara(text, start))
    return paras


def heading_of(text: str) -> tuple[str, str] | None:
    """``(section, title)`` when ``text`` is a FAQ question heading."""
    m = _HEADING.match(text)
    if not m or len(text) > 200 or "[" in text:
        return None
    title = m.group("title")
    if _NOT_HEADING_END.search(title) or len(title.split()) > 30:
        return None
    return m.group("id"), title


# --------------------------------------------------------------------------
# Inlines: citations, editorial brackets, cross-references
# --------------------------------------------------------------------------

@dataclass
class _State:
    """What the cleaner carries from paragraph to paragraph."""

    report: CleaningReport
    """The report being filled."""
    last_work: str = ""
    """Title of the last work cited by name, for ``Op. Cit.``."""


def citation_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Bracket spans of ``text`` split into (citations, editorial)."""
    cites, editorial = [], []
    for start, end in find_brackets(text).spans:
        inner = text[start + 1:end - 1]
        # "[See section J.2 for more]" points within the FAQ: not a work.
        pointer = _XREF.search(inner) and not looks_like_citation(inner)
        if not pointer and is_citation_at(inner, text[:start], text[end:]):
            cites.append((start, end))
        else:
            editorial.append((start, end))
    return cites, editorial


def _resolve(citation: Citation, line: int, state: _State) -> None:
    """Follow ``Op. Cit.``/``Ibid.`` back to the last work cited by name."""
    report = state.report
    for item in citation.items:
        back = item.op_cit or item.ibid or not item.title
        if not back:
            state.last_work = item.title
            continue
        kind = "op-cit" if item.op_cit else "ibid" if item.ibid else "same-work"
        if not state.last_work:
            report.counts[kind] += 1
            report.problem("AFAQ002", f"[{item.raw}] refers to the work cited "
                           "before it, but no work is cited earlier in the text; "
                           "name the work in the chapter's corrections", line)
        else:
            report.change(kind, item.raw, state.last_work, line,
                          detail="taken as the work cited just before")


def _cross_refs(text: str, line: int, report: CleaningReport) -> None:
    """List the cross-references to other FAQ sections found in ``text``."""
    for m in _XREF.finditer(text):
        report.change("cross-reference", m.group(0), m.group(0), line,
                      detail="refers to a part of the FAQ outside this book; "
                             "kept as text")


def inlines_of(text: str, line: int, state: _State) -> tuple[Inline, ...]:
    """Inlines of one paragraph's text: text runs and citations."""
    report = state.report
    scan = find_brackets(text)
    for pos in scan.unclosed:
        report.problem("AFAQ001", "a bracket opens and never closes: "
                       f"“{text[pos:pos + 40]}…”; kept as text", line)
    for pos in scan.stray:
        report.problem("AFAQ004", "a closing bracket closes nothing: "
                       f"“…{text[max(0, pos - 40):pos + 1]}”; kept as text", line)
    cites, editorial = citation_spans(text)
    report.counts["editorial-brackets"] += len(editorial)
    out: list[Inline] = []
    pos = 0
    for start, end in cites:
        if start > pos:
            out.append(Text(text[pos:start]))
        citation = parse_citation(text[start + 1:end - 1])
        report.counts["citations"] += 1
        _resolve(citation, line, state)
        out.append(citation)
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    for node in out:
        if isinstance(node, Text):
            _cross_refs(node.text, line, report)
    return tuple(out)


# --------------------------------------------------------------------------
# Block quotations
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteShape:
    """How a paragraph that opens with a quotation mark goes on."""

    kind: str
    """``none`` (no opening quote), ``closed`` (the quotation runs to the
    end, followed at most by citations and punctuation), ``prose`` (it
    closes and the author's own words follow), ``open`` (it never closes)."""
    close: int = -1
    """Offset of the closing quote for ``closed`` and ``prose``."""
    cited: bool = False
    """True when a citation follows the closing quote."""


def quote_shape(text: str) -> QuoteShape:
    """Classify a paragraph by its opening quotation (curly quotes)."""
    if not text.startswith("“"):
        return QuoteShape("none")
    cites, editorial = citation_spans(text)
    inside = {i for s, e in cites + editorial for i in range(s, e)}

    def tail_ok(close: int) -> tuple[bool, bool]:
        rest = [(s, e) for s, e in cites if s > close]
        tail = text[close + 1:]
        for s, e in reversed(rest):
            tail = tail[:s - close - 1] + " " + tail[e - close - 1:]
        return bool(_QUOTE_TAIL.fullmatch(tail)), bool(rest)

    depth = 0
    last_close = -1
    for i, ch in enumerate(text):
        if i in inside:
            continue
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth -= 1
            last_close = i
            if depth == 0:
                ok, cited = tail_ok(i)
                return QuoteShape("closed" if ok else "prose", i, cited)
    # The nesting never came back to zero (a straight quote curled the wrong
    # way): a final closing quote followed only by citations still closes.
    if last_close >= 0:
        ok, cited = tail_ok(last_close)
        if ok:
            return QuoteShape("closed", last_close, cited)
    return QuoteShape("open")


def _unquote(para: RawPara, shape: QuoteShape) -> str:
    """The paragraph's text without its enclosing quotation marks."""
    text = para.text[1:]
    if shape.kind == "closed":
        close = shape.close - 1
        text = text[:close] + text[close + 1:]
    return text


def _block_quote(group: list[tuple[RawPara, QuoteShape]], state: _State,
                 keep_marks: bool) -> BlockQuote:
    """One block quotation from its paragraphs (the last may close it)."""
    report = state.report
    first, last = group[0][0], group[-1]
    if last[1].kind != "closed":
        report.problem("AFAQ003", "a block quotation opens here and never "
                       "closes; taken to end with its paragraph at line "
                       f"{last[0].line}", first.line)
    else:
        _check_quotes([p.text for p, _ in group], first.line, report)
    blocks = []
    for para, shape in group:
        text = para.text if keep_marks else _unquote(para, shape)
        # A paragraph of nothing but quotation marks keeps them: an empty
        # paragraph cannot be written.
        text = text.strip() or para.text.strip()
        report.counts["paragraphs"] += 1
        blocks.append(Paragraph(inlines_of(text, para.line, state),
                                Source(report.file, para.line)))
    if not keep_marks:
        report.change("block-quote-marks", "“…”", "…", first.line,
                      detail="enclosing quotation marks of a block quotation "
                             "dropped: the indentation marks it")
    report.counts["block-quotes"] += 1
    return BlockQuote(tuple(blocks), Source(report.file, first.line))


def _check_quotes(texts: list[str], line: int, report: CleaningReport) -> None:
    """Report double quotation marks that do not pair up in a paragraph (or
    a quotation of several paragraphs, where each paragraph but the last
    opens one more than it closes)."""
    opening = sum(t.count("“") for t in texts)
    closing = sum(t.count("”") for t in texts)
    if opening - closing != len(texts) - 1:
        report.problem("AFAQ005", f"double quotation marks do not pair up "
                       f"({opening} opening, {closing} closing): a quote may "
                       "be missing or curled the wrong way", line)


def _only_citation(text: str) -> bool:
    """True when a paragraph is nothing but one bracketed citation."""
    cites, _ = citation_spans(text)
    return len(cites) == 1 and cites[0] == (0, len(text))


def _attach(quote: BlockQuote, para: RawPara, state: _State) -> BlockQuote:
    """A block quotation with a citation standing on its own line after it
    moved to the end of its last paragraph (where the family puts it)."""
    *rest, last = quote.blocks
    if not isinstance(last, Paragraph):
        return quote
    cite = inlines_of(para.text, para.line, state)
    state.report.change("citation-joined", para.text, para.text, para.line,
                        detail="a citation standing alone after a block "
                               "quotation joined its last paragraph")
    children = list(last.children)
    if children and isinstance(children[-1], Text):
        children[-1] = Text(children[-1].text + " ")
    else:
        children.append(Text(" "))
    joined = Paragraph((*children, *cite), last.source)
    return BlockQuote((*rest, joined), quote.source)


# --------------------------------------------------------------------------
# The cleaner
# --------------------------------------------------------------------------

def _check(raw: object, options: Mapping[str, Any], source: str) -> None:
    """Refuse what is not a text of any family."""
    if not isinstance(raw, str):
        raise InputError(f"{source}: expected text, got {type(raw).__name__}")
    if "\x00" in raw:
        raise InputError(f"{source}: the file holds NUL bytes; it is binary, "
                         "not a plain-text FAQ section")
    if not raw.strip():
        raise InputError(f"{source}: the file is empty")
    unknown = sorted(set(options) - _KNOWN_OPTIONS)
    if unknown:
        raise InputError(f"{source}: unknown option(s) for {NAME}: "
                         f"{', '.join(unknown)} (known: "
                         f"{', '.join(sorted(_KNOWN_OPTIONS))})")


def _title(paras: list[RawPara]) -> tuple[Metadata, list[RawPara], int]:
    """Metadata from an opening question heading, the rest, its depth."""
    if paras:
        found = heading_of(paras[0].text)
        if found:
            section, title = found
            meta = Metadata(title=title, extra=(("section", section),))
            return meta, paras[1:], section.count(".") + 1
    return Metadata(), paras, 0


def build_blocks(paras: list[RawPara], state: _State, base_depth: int,
                 keep_marks: bool) -> list[Block]:
    """Turn raw paragraphs into headings, paragraphs and block quotes."""
    report = state.report
    depths = [h[0].count(".") + 1 for p in paras if (h := heading_of(p.text))]
    base = base_depth or (min(depths) - 1 if depths else 0)
    blocks: list[Block] = []
    prev = ""
    i = 0
    while i < len(paras):
        para = paras[i]
        found = heading_of(para.text)
        if found:
            level = max(1, min(6, found[0].count(".") + 1 - base))
            blocks.append(Heading(level, inlines_of(para.text, para.line, state),
                                  source=Source(report.file, para.line)))
            report.counts["headings"] += 1
            prev, i = "", i + 1
            continue
        if blocks and isinstance(blocks[-1], BlockQuote) and _only_citation(para.text):
            blocks[-1] = _attach(blocks[-1], para, state)
            prev, i = para.text, i + 1
            continue
        shape = quote_shape(para.text)
        after_colon = prev.rstrip().endswith(":")
        lone = shape.kind == "closed" and shape.cited
        if (shape.kind in ("closed", "open") and after_colon) or lone:
            if lone and not after_colon:
                report.counts["block-quotes-without-colon"] += 1
            group = [(para, shape)]
            while shape.kind == "open" and i + 1 < len(paras):
                shape = quote_shape(paras[i + 1].text)
                if shape.kind not in ("open", "closed"):
                    break
                i += 1
                group.append((paras[i], shape))
            blocks.append(_block_quote(group, state, keep_marks))
        else:
            if shape.kind == "prose":
                report.counts["quotation-then-prose"] += 1
            _check_quotes([para.text], para.line, report)
            report.counts["paragraphs"] += 1
            blocks.append(Paragraph(inlines_of(para.text, para.line, state),
                                    Source(report.file, para.line)))
        prev = paras[i].text
        i += 1
    return blocks


@cleaner(NAME, detect=detect, version="1", extensions=(".txt",),
         docs="src/pamphleteer/cleaners/afaq_text.py", select=True,
         description="An Anarchist FAQ plain text: a paragraph per line, "
                     "[Title, p. N] citations, quotations after colons")
def clean(raw: str, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    """Clean one text of the FAQ family (pure: no file is read)."""
    options = dict(options or {})
    _check(raw, options, source)
    report = CleaningReport(cleaner=NAME, file=source)
    lines = _lines(raw, report)
    report.counts["lines-in"] = len(lines)
    paras = split_paragraphs(lines, report)
    meta, body, depth = _title(paras)
    state = _State(report)
    blocks = build_blocks(body, state, depth,
                          bool(options.get("keep_quote_marks", False)))
    doc = Document(meta=meta, blocks=tuple(blocks))
    check_conservation(raw, document_words(doc), report)
    return CleanResult(doc, report)


# --------------------------------------------------------------------------
# Writing a document back in the family's form
# --------------------------------------------------------------------------

def _quoted(children: tuple[Inline, ...], close: bool) -> str:
    """A block quotation paragraph's text with its quotation marks restored."""
    if children and isinstance(children[0], Text) and children[0].text.startswith("“"):
        return inline_text(children)  # cleaned with keep_quote_marks
    tail: list[Inline] = []
    body = list(children)
    if close:
        # Trailing citations (and the spaces and punctuation around them)
        # stay outside the closing quote.
        while body and (isinstance(body[-1], Citation)
                        or (isinstance(body[-1], Text)
                            and _QUOTE_TAIL.fullmatch(body[-1].text)
                            and any(isinstance(n, Citation) for n in body))):
            tail.insert(0, body.pop())
    text = inline_text(tuple(body))
    if close:
        stripped = text.rstrip()
        text = stripped + "”" + text[len(stripped):]
    return "“" + text + inline_text(tuple(tail))


def to_afaq_text(doc: Document) -> str:
    """Write ``doc`` as a text of the family (the inverse of :func:`clean`).

    Headings and paragraphs become lines; a block quotation gets its
    quotation marks back (the FAQ's convention for a quotation of several
    paragraphs: each opens with a quote, only the last closes).
    """
    out: list[str] = []
    if doc.meta.title:
        section = doc.meta.get("section")
        out.append(f"{section} {doc.meta.title}" if section else doc.meta.title)
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(inline_text(block.children))
        elif isinstance(block, BlockQuote):
            paras = [b for b in block.blocks if isinstance(b, Paragraph)]
            for n, para in enumerate(paras):
                out.append(_quoted(para.children, n == len(paras) - 1))
    return "\n\n".join(out) + "\n"
