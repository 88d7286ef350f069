"""The rules of ``direct.py``, on paragraphs as read from a DOCX or an
ODT (their letters' sizes and weights, their alignment): which are
headings typed by hand and of which level, and the title page typed at
the document's head."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...report import CleaningReport
from .styled import _size_steps

_LETTER = re.compile(r"[^\W\d_]")
_LEAD_IN = re.compile(r"[,;:]\s*$")
_SENTENCE_END = re.compile(r"[.,;:!]\s*$")

STRONG_BOLD = 1.15     # bold, and this much larger than the text
STRONG_PLAIN = 1.4     # not bold, and this much larger
MAX_WORDS, MAX_CHARS = 20, 150
WEAK_WORDS, WEAK_CHARS = 12, 100


@dataclass
class Par:
    """One paragraph as the reader sees it: its letters' sizes and
    weights, and whether it could be a heading at all (not in a table,
    a list, a note, a frame; not already a heading by its style)."""
    text: str
    sizes: list[tuple[float, int]]     # (points, letters) of each run
    bold: bool                         # every letter in bold
    eligible: bool
    line: int
    element: Any = None
    centred: bool = False
    indented: bool = False             # a quotation for pandoc already

    @property
    def size(self) -> float:
        """The smallest size any of its letters has (0: no letters)."""
        return min((s for s, n in self.sizes if n), default=0.0)

    @property
    def largest(self) -> float:
        """The largest size any of its letters has (0: no letters)."""
        return max((s for s, n in self.sizes if n), default=0.0)


def body_size(pars: list[Par]) -> float:
    """The size most of the document's letters are set in."""
    count: dict[float, int] = {}
    for p in pars:
        for s, n in p.sizes:
            count[s] = count.get(s, 0) + n
    return max(count, key=lambda s: count[s]) if count else 0.0


def _short(p: Par, words: int, chars: int) -> bool:
    text = " ".join(p.text.split())
    return bool(text) and len(text) <= chars and \
        len(text.split()) <= words and bool(_LETTER.search(text))


def decide(pars: list[Par], styled_headings: bool
           ) -> tuple[dict[int, int], list[int]]:
    """Paragraph index -> heading level for the paragraphs set as
    headings by hand, and which of them are the weaker guesses (bold at
    the text's size)."""
    body = body_size(pars)
    if not body:
        return {}, []
    strong: dict[int, float] = {}
    for i, p in enumerate(pars):
        if not p.eligible or not _short(p, MAX_WORDS, MAX_CHARS) or \
                _LEAD_IN.search(p.text):
            continue
        if (p.bold and p.size >= body * STRONG_BOLD) or \
                p.size >= body * STRONG_PLAIN:
            strong[i] = p.size
    steps = _size_steps(strong.values())
    levels = {i: min(next(k for k, v in enumerate(steps, 1)
                          if size >= v * 0.95), 4)
              for i, size in strong.items()}
    weak: list[int] = []
    if not styled_headings:
        texts = [k for k, p in enumerate(pars) if p.text.strip()]
        for pos, i in enumerate(texts):
            p = pars[i]
            if i in levels or not p.eligible or not p.bold or \
                    not _short(p, WEAK_WORDS, WEAK_CHARS) or \
                    _SENTENCE_END.search(p.text) or \
                    abs(p.size - body) > body * 0.05:
                continue
            # it heads something: the next paragraph is not bold, and the
            # one before is no bold line either (an address block, a
            # list of bold labels)
            after = pars[texts[pos + 1]] if pos + 1 < len(texts) else None
            before = pars[texts[pos - 1]] if pos else None
            if after is None or after.bold or (
                    before is not None and before.bold and
                    texts[pos - 1] not in levels):
                continue
            weak.append(i)
        if len(weak) < 2:     # one bold line makes no system of headings
            weak = []
        for i in weak:
            levels[i] = min(len(steps) + 1, 4)
    return levels, weak


@dataclass(frozen=True)
class Head:
    """A title page typed by hand: the title line, and the subtitle and
    author lines centred under it, as the document prints them."""
    title: str
    subtitle: str = ""
    author: str = ""          # the name(s)
    author_line: str = ""     # the line as printed ("by Ada Brennan")
    line: int = 0             # the author line's


_BY = re.compile(r"(?i)^(?:by|par|von|door|di|de|por|av|af)\s+")
_PARTICLE = {"de", "da", "di", "del", "della", "der", "den", "van", "von",
             "y", "e", "la", "le", "du", "dos", "das", "ten", "ter", "al",
             "bin", "ibn"}
_NAMES_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*")


def _name_like(text: str) -> bool:
    """A line that is nothing but one or a few people's names: two to
    five words each, every word capitalised (or a particle: "van",
    "de"), no digits."""
    parts = [x for x in _NAMES_SPLIT.split(text) if x]
    if not parts or re.search(r"[\d@:/;!?()\[\]]", text):
        return False
    for part in parts:
        words_ = part.split()
        if not 2 <= len(words_) <= 5 or not all(
                w[0].isupper() or w.lower() in _PARTICLE for w in words_) or \
                not words_[-1][0].isupper():
            return False
    return True


def title_page(pars: list[Par], levels: dict[int, int]) -> Head | None:
    """The document's title when it opens with a centred line typed
    larger than any other heading (the only one of the first level),
    with a centred line of a larger size under it as its subtitle and a
    centred line of names as its author.  The other headings move up a
    level."""
    body = body_size(pars)
    texts = [i for i, p in enumerate(pars) if _LETTER.search(p.text)]
    if not texts or levels.get(texts[0]) != 1 or \
            sum(1 for v in levels.values() if v == 1) != 1 or \
            not pars[texts[0]].centred:
        return None
    title = " ".join(pars[texts[0]].text.split())
    subtitle = author = author_line = ""
    line = 0
    rest = [pars[i] for i in texts[1:3] if i not in levels]
    if rest and rest[0].centred and rest[0].eligible and \
            rest[0].size >= body * 1.1 and _short(rest[0], MAX_WORDS,
                                                  MAX_CHARS):
        subtitle = " ".join(rest.pop(0).text.split())
    if rest and rest[0].centred and rest[0].eligible and \
            _short(rest[0], 12, 100):
        printed = " ".join(rest[0].text.split())
        name = _BY.sub("", printed)
        if _name_like(name):
            author, author_line, line = name, printed, rest[0].line
    for i in levels:
        levels[i] = max(levels[i] - 1, 1) if i != texts[0] else 1
    return Head(title, subtitle, author, author_line, line)


def report_headings(pars: list[Par], levels: dict[int, int],
                    weak: list[int], report: CleaningReport) -> None:
    report.counts["direct-headings"] += len(levels)
    if not weak:
        return
    named = "; ".join(f"line {pars[i].line} “{' '.join(pars[i].text.split())}”"
                      for i in weak[:8])
    more = f" and {len(weak) - 8} more" if len(weak) > 8 else ""
    report.problem(
        "PANDOC018", f"{len(weak)} short paragraph(s) wholly in bold, at "
        f"the text's size and standing alone, read as headings "
        f"(level {levels[weak[0]]}): {named}{more}; a guess, as the "
        f"document gives no heading a style: give them Word's or "
        f"LibreOffice's heading styles if they are not headings",
        pars[weak[0]].line)


SMALL = 0.92          # a quotation's size against the text's, at most
_CAPTION = re.compile(r"(?i)^\s*[*†‡]|^\W*(?:fig(?:ure)?|table|photo|image|"
                      r"source|plate|map|illustration|chart|credit|caption|"
                      r"notes?|n\.?b)\b")


def small_quotes(pars: list[Par], levels: dict[int, int]) -> list[list[int]]:
    """Runs of paragraphs typed in a smaller size than the text, set
    between paragraphs of the text's size (a quotation pasted into an
    essay and made smaller, not indented): each run's indexes.  Never a
    heading, a caption, nor small print that ends the document or a
    section (the next paragraph must be text)."""
    body = body_size(pars)
    texts = [i for i, p in enumerate(pars) if _LETTER.search(p.text)]

    def small(i: int) -> bool:
        p = pars[i]
        return p.eligible and not p.indented and i not in levels and \
            0 < p.largest <= body * SMALL and not _CAPTION.match(p.text)

    def text_size(i: int) -> bool:
        p = pars[i]
        return i not in levels and abs(p.size - body) <= body * 0.05 and \
            abs(p.largest - body) <= body * 0.05

    runs: list[list[int]] = []
    pos = 1
    while pos < len(texts) - 1:
        if not small(texts[pos]) or not text_size(texts[pos - 1]):
            pos += 1
            continue
        end = pos
        while end < len(texts) - 1 and small(texts[end]):
            end += 1
        run = texts[pos:end]
        if small(texts[end]) or not text_size(texts[end]) or \
                len(run) > 6 or \
                sum(len(pars[i].text.split()) for i in run) < 8:
            pos = end + 1
            continue
        runs.append(run)
        pos = end + 1
    return runs


def report_quotes(pars: list[Par], runs: list[list[int]],
                  report: CleaningReport) -> None:
    if not runs:
        return
    report.counts["small-quotations"] += len(runs)
    named = "; ".join(
        f"line {pars[r[0]].line} “{' '.join(pars[r[0]].text.split()[:6])}…”"
        for r in runs[:8])
    more = f" and {len(runs) - 8} more" if len(runs) > 8 else ""
    report.problem(
        "PANDOC020", f"{len(runs)} passage(s) typed smaller than the text, "
        f"between paragraphs of the text's size, read as quotations: "
        f"{named}{more}; a guess, as neither a style nor an indentation "
        f"says so: indent them or give them a quotation style if they are "
        f"not quotations", pars[runs[0][0]].line)
