"""Split raw PDF-extracted text into pages of body lines and note lines.

Two layouts of the family are read:

* **spaced** (seed 001's extractor): every printed body line is followed by an
  empty line; a line of many spaces ends the page's body and opens its notes,
  which are printed without blank lines; the next page begins with a single
  leading space; lines holding one or two spaces set off headings and block
  quotations.
* **paged** (``pdftotext`` with or without ``-layout``): pages end with a form
  feed; notes sit at the foot of each page; blank lines separate blocks.

Both give :class:`Page` objects whose body items are :class:`Line` or the
:data:`SEP` marker.  Page furniture (lone page numbers, running heads and
feet) is removed here and recorded in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...report import CleaningReport


@dataclass(frozen=True)
class Line:
    """One printed line of the raw text."""

    n: int
    """1-based raw line number."""
    text: str
    """The line without leading and trailing white space."""
    indent: int = 0
    """Leading spaces in the raw line (meaningful in ``-layout`` output)."""
    page_start: bool = False
    """True for the first body line of a page."""


class _Sep:
    """Marker for a separator line (block boundary)."""

    def __repr__(self) -> str:
        return "SEP"


SEP = _Sep()
"""A separator between blocks: a line of one space, or a blank line."""


@dataclass
class Page:
    """One page: its body items and its note lines."""

    body: list = field(default_factory=list)
    """:class:`Line` objects and :data:`SEP` markers, in order."""
    notes: list[Line] = field(default_factory=list)
    """The lines of the notes printed at the foot of the page."""


# A line holding only a page number: arabic digits or lowercase roman,
# perhaps between dashes ("- 12 -"), or "Page 3", "page 3 of 40".
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:[0-9]{1,4}|[ivxlc]{1,7})(?:\s*[-–—])?\s*$"
    r"|^\s*(?:[Pp]age|p\.)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?\s*$")
# A page number alone (arabic), for guessing page breaks.
_FOLIO = re.compile(r"[0-9]{1,4}")
# A run of digits anywhere, to compare running heads whose numbers change.
_DIGITS = re.compile(r"\d+")
# A note line's label at its start: "12 text", "12. text", "12: text",
# "¹² text" (superscript digits), or a raised label glued to a capitalised
# word ("1On this point", pdftotext -raw of memoir's notes; not "3D").
NOTE_START = re.compile(r"^\s{0,3}([0-9]{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
                        r"(?:[.:)]?\s+|\s*:\s*|(?=[A-ZÀ-ÖØ-ÞА-Я“‘][a-zß-öø-ÿа-я]))"
                        r"(?=\S)")

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
"""Superscript digits to ASCII, for labels and calls."""


# A note label printed alone on its line: LaTeX's raised footnote marks
# (KOMA-Script's ``\deffootnote``, memoir) sit above the note's first line.
_LONE_LABEL = re.compile(r"[0-9]{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}")


def raised_label(line: Line, nxt: Line | None) -> bool:
    """Is ``line`` a lone note label printed above its note's text?

    A lone number followed straight (no blank line) by a text line that
    opens with a letter or an opening quote, not with a number.
    """
    return nxt is not None and bool(_LONE_LABEL.fullmatch(line.text)) and \
        not _LONE_LABEL.match(nxt.text) and (
            nxt.text[:1].isalpha() or nxt.text[:1] in "“‘\"'([«¿¡")


def label_of(match: re.Match[str]) -> int:
    """The number of a :data:`NOTE_START` match."""
    return int(match.group(1).translate(SUPERSCRIPTS))

LONG_SPACELINE = 10
"""A white-space-only line at least this long ends a page body (spaced)."""


def split_lines(raw: str) -> list[tuple[int, str, bool]]:
    """Raw text as ``(line number, text, form feed before)`` triples."""
    out: list[tuple[int, str, bool]] = []
    for i, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n")
                             .split("\n"), 1):
        parts = line.split("\f")
        if parts[0] or len(parts) == 1:
            out.append((i, parts[0], False))
        # Text after a form feed starts a new page, on the same raw line.
        out.extend((i, part, True) for part in parts[1:])
    return out


def is_spaced(lines: list[tuple[int, str, bool]]) -> bool:
    """True when most text lines are followed by exactly one empty line."""
    texts = followed = 0
    for k, (_, text, _) in enumerate(lines[:-1]):
        if text.strip():
            texts += 1
            if lines[k + 1][1] == "" and (
                    k + 2 >= len(lines) or lines[k + 2][1] != ""):
                followed += 1
    return texts >= 6 and followed / texts >= 0.55


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def pages_spaced(lines: list[tuple[int, str, bool]],
                 report: CleaningReport) -> list[Page]:
    """Pages of the spaced layout (see the module docstring)."""
    pages = [Page()]
    in_notes = False
    blanks = 0
    prev_text = False  # the physical line before was a text line
    for k, (n, text, ff) in enumerate(lines):
        nxt = lines[k + 1][1] if k + 1 < len(lines) else ""
        if ff and (pages[-1].body or pages[-1].notes):
            pages.append(Page())
            in_notes = False
        if text == "":
            blanks += 1
            prev_text = False
            if in_notes and blanks >= 2:
                in_notes = False
                pages.append(Page())
            continue
        stripped = text.strip()
        if not stripped:  # a line of spaces
            blanks = 0
            prev_text = False
            if len(text) >= LONG_SPACELINE:
                in_notes = True
            else:
                pages[-1].body.append(SEP)
            continue
        lead = text[:1].isspace()
        if in_notes:
            if _PAGE_NUMBER.match(text) and lead:
                report.remove("page-number", stripped, n)
                in_notes = False
                pages.append(Page())
                blanks = 0
                prev_text = True
                continue
            after = lines[k + 2][1] if k + 2 < len(lines) else ""
            # A line set double-spaced (one empty line, then text) is body,
            # even without the leading space of a page start.
            spaced_body = nxt == "" and after.strip() != ""
            if not (lead and nxt == "") and not spaced_body and blanks < 2:
                pages[-1].notes.append(Line(n, stripped, _indent(text)))
                blanks = 0
                prev_text = True
                continue
            in_notes = False
            pages.append(Page())
        elif lead and prev_text and pages[-1].body:
            # A leading-space line glued to the line before: a page turned
            # without notes on the page that ended.
            pages.append(Page())
        blanks = 0
        prev_text = True
        if _PAGE_NUMBER.match(text) and lead and nxt == "" and not in_notes:
            # A lone number with the leading space of a page start.
            report.remove("page-number", stripped, n)
            if pages[-1].body:
                pages.append(Page())
            continue
        page = pages[-1]
        first = not any(isinstance(x, Line) for x in page.body)
        page.body.append(Line(n, stripped, 0, page_start=first))
    return [p for p in pages if p.body or p.notes]


def pages_paged(lines: list[tuple[int, str, bool]]) -> list[list[Line | None]]:
    """Raw pages of ``pdftotext`` output: lines, ``None`` for blank lines.

    Without form feeds (``pdftotext -nopgbrk``, other extractors), a page
    ends after a lone page number, and begins at a line repeated on many
    pages (a running head).
    """
    if not any(ff for _, _, ff in lines):
        lines = _guess_page_breaks(lines)
    pages: list[list[Line | None]] = [[]]
    for n, text, ff in lines:
        if ff:
            pages.append([])
        if text.strip():
            pages[-1].append(Line(n, text.strip(), _indent(text)))
        else:
            pages[-1].append(None)
    # Blank pages are kept: the page count tells folios (see furniture).
    while pages and not any(x is not None for x in pages[-1]):
        pages.pop()
    return pages


def _guess_page_breaks(lines: list[tuple[int, str, bool]]
                       ) -> list[tuple[int, str, bool]]:
    """Mark page breaks after lone page numbers and before running heads."""
    texts = [t.strip() for _, t, _ in lines if t.strip()]
    counts = Counter(_norm_head(t) for t in texts)
    variants: dict[str, set[str]] = {}
    near_number: set[str] = set()
    for k, t in enumerate(texts):
        variants.setdefault(_norm_head(t), set()).add(" ".join(t.split()))
        around = texts[max(0, k - 1):k] + texts[k + 1:k + 2]
        if any(_FOLIO.fullmatch(x) for x in around):
            near_number.add(_norm_head(t))
    # A running head: three times or more; or twice, with a changing
    # number ("Title   1", "Title   2") or beside a lone page number.
    heads = {k for k, c in counts.items() if len(k) <= 80
             and (c >= 3 or c >= 2 and ("#" in k and len(variants[k]) == c
                                        or k in near_number))
             and k.strip("# ") and not NOTE_START.match(k)
             and k[-1:] not in ".,;:"}
    out: list[tuple[int, str, bool]] = []
    after_number = False
    folio: int | None = None  # the last page number seen
    # Heads that carry the page number leave lone numbers to note calls.
    numbered = any("#" in k for k in heads)
    for n, text, ff in lines:
        if not text.strip():
            out.append((n, text, ff))
            continue
        head = _norm_head(text) in heads
        out.append((n, text, ff or after_number or (head and bool(out))))
        # A lone number is a page number when it follows the last one (a
        # note call pushed onto a line of its own does not).
        value = text.strip()
        after_number = bool(_FOLIO.fullmatch(value)) and not numbered and (
            folio is None or int(value) == folio + 1)
        if after_number:
            folio = int(value)
    return out


def _norm_head(text: str) -> str:
    """A running head's comparison key: numbers and spacing ignored."""
    return _DIGITS.sub("#", " ".join(text.split()))


def furniture(pages: list[list[Line | None]], report: CleaningReport,
              extra: list[re.Pattern[str]]) -> list[list[Line | None]]:
    """Remove page numbers and running heads or feet from raw pages."""
    def edges(page: list[Line | None]) -> list[Line]:
        lines = [x for x in page if x is not None]
        return lines[:2] + lines[-2:] if lines else []

    keys: Counter[str] = Counter()
    for page in pages:
        keys.update({_norm_head(x.text) for x in edges(page)})
    printed = [p for p in pages if any(x is not None for x in p)]
    need = max(2, (len(printed) + 1) // 2)
    folio_heads = _folio_heads(pages)
    # (a longer line only when it comes back on nearly every page: the
    # Federal Register's printer's line, "VerDate Sep<11>2014 ... Frm
    # 00002 ...")
    heads = {k for k, c in keys.items() if c >= need and (
             len(k) <= 80 or c >= max(3, 0.8 * len(printed)))
             and k.strip("# ") and not NOTE_START.match(k)}
    # A short line with a number that comes back, numbers aside, on nearly
    # every page of five or more wherever it stands: a printer's line that
    # plain pdftotext cut into pieces and set among the text ("VerDate
    # Sep<11>2014", "Jkt 250001", "Frm 00001").
    anywhere: Counter[str] = Counter()
    for page in pages:
        anywhere.update({_norm_head(x.text) for x in page if x is not None
                         and len(x.text) <= 60})
    everywhere = {k for k, c in anywhere.items()
                  if len(printed) >= 5 and c >= 0.8 * len(printed)
                  and "#" in k and any(ch.isalpha() for ch in k)
                  and not NOTE_START.match(k)}
    out = []
    for page in pages:
        lines = [x for x in page if x is not None]
        edge_ids = {id(x) for x in lines[:2] + lines[-2:]}
        kept: list[Line | None] = []
        for k, x in enumerate(page):
            if x is not None and id(x) in edge_ids:
                if _PAGE_NUMBER.match(x.text) and not (
                        k + 1 < len(page) and raised_label(x, page[k + 1])):
                    report.remove("page-number", x.text, x.n)
                    continue
                above = page[k - 1] if k else None
                below_label = above is not None and raised_label(above, x)
                if (_norm_head(x.text) in heads and not below_label
                        or id(x) in folio_heads):
                    report.remove("running-head", x.text, x.n)
                    continue
            if x is not None and (any(p.search(x.text) for p in extra) or
                                  _norm_head(x.text) in everywhere):
                report.remove("running-head", x.text, x.n)
                continue
            kept.append(x)
        out.append(kept)
    return out


# A running head printed beside its folio, on one line: "Chapter title   5",
# "12   Book title" (LaTeX's heads: the folio at the outer edge).
_HEAD_FOLIO = re.compile(r"^(?P<a>\S.{0,79}?)\s+(?P<n>[0-9]{1,5})$"
                         r"|^(?P<m>[0-9]{1,5})\s+(?P<b>\S.{0,79})$")


def _folio_heads(pages: list[list[Line | None]]) -> set[int]:
    """Running heads that change from page to page, told by their folio.

    LaTeX's heads carry the chapter's title on one page and the book's on
    the other, or a new title with each chapter, so they need not repeat
    on half the pages.  What they share is the folio: on a page's first or
    last line, beside a short text or on a line of its own next to one, a
    number that rises with the page count (page index + a fixed offset, seen
    on two pages at least).  The text beside such a folio is a head; a
    text without a folio (a chapter's opening title) is not.  A text on a
    line of its own next to a folio must be found so on two pages.
    """
    found: list[tuple[int, int, list[Line]]] = []  # index, folio, lines
    for i, page in enumerate(pages):
        lines = [x for x in page if x is not None]
        if len(lines) < 3:
            continue
        for pair in ((lines[0], lines[1]), (lines[-1], lines[-2])):
            edge, inner = pair
            m = _HEAD_FOLIO.match(edge.text)
            if m and _head_text(m.group("a") or m.group("b")):
                found.append((i, int(m.group("n") or m.group("m")), [edge]))
            elif _FOLIO.fullmatch(edge.text) and _head_text(inner.text) and \
                    not _HEAD_FOLIO.match(inner.text):
                # Plain pdftotext: the head and its folio on lines of
                # their own ("Chapter title" / "5").
                found.append((i, int(edge.text), [edge, inner]))
    # A head on a line of its own must recur (a body line may stand next
    # to a lone folio at the page's foot).
    alone = Counter(_norm_head(lines[1].text) for _, _, lines in found
                    if len(lines) == 2)
    found = [f for f in found if len(f[2]) == 1
             or alone[_norm_head(f[2][1].text)] >= 2]
    offsets = Counter(n - i for i, n, _ in found)
    good = {o for o, c in offsets.items() if c >= 2}
    return {id(x) for i, n, lines in found if n - i in good
            for x in lines}


def _head_text(text: str) -> bool:
    """Could ``text`` be a running head (short, no sentence's end)?"""
    t = text.strip()
    return 0 < len(t) <= 80 and t[-1] not in ".,;:!?" and \
        not NOTE_START.match(t) and any(c.isalpha() for c in t)


def remove_spaced_furniture(pages: list[Page], report: CleaningReport,
                            extra: list[re.Pattern[str]]) -> None:
    """Running heads repeated at page starts, and option patterns (spaced)."""
    firsts: Counter[str] = Counter()
    for page in pages:
        lines = [x for x in page.body if isinstance(x, Line)]
        if lines:
            firsts[_norm_head(lines[0].text)] += 1
    need = max(3, len(pages) // 2)
    heads = {k for k, c in firsts.items() if c >= need}
    for page in pages:
        kept = []
        for x in page.body:
            if isinstance(x, Line) and (
                    (x.page_start and _norm_head(x.text) in heads)
                    or any(p.search(x.text) for p in extra)):
                report.remove("running-head", x.text, x.n)
                continue
            kept.append(x)
        if kept and isinstance(kept[0], Line) and not kept[0].page_start:
            kept[0] = Line(kept[0].n, kept[0].text, kept[0].indent, True)
        page.body = kept
