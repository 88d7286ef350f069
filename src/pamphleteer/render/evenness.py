"""Even type: paragraphs set badly, found after layout, mended by a
re-layout of that paragraph alone.

WeasyPrint (70) breaks lines first-fit, one line at a time: it never
looks back, so a paragraph can come out with three hyphenated lines in a
row ("ladder"), with a line whose word spaces stretch wide because the
next word could not be split (a name, a number, a short word), or, rarely,
ending on a piece of a word (the paragraph's last word is kept whole by
:func:`.hyphenation.protect_last_word`, but a note call or a closing mark
after it can leave a hyphenated word last).  A designer mends such a
paragraph by hand with a hair more or less space between its words or
letters, which moves the breaks; this module does the same:

- :func:`paragraph_lines` reads the laid-out page boxes (as
  :func:`.notecheck.lone_lines` does): every justified paragraph's lines,
  with how many words each holds, whether it ends in a hyphen, and its
  word space in ems (the font's space, the ``word-spacing`` and what
  justification added);
- :func:`uneven` names the paragraphs with a run of three hyphenated
  lines, a wide line (word space above ``WIDE_EM``) or a last line that
  is the end of a hyphenated word, and how many such faults each has;
- :func:`even_css` is the nudge of a paragraph at a given round: word
  spaces three hundredths of an em tighter, then letters four
  thousandths of an em looser, then five thousandths tighter
  (:data:`NUDGES`).  The
  text is untouched; only where its lines break moves.

:class:`.notecheck.NoteGuard` runs :func:`uneven` with its other checks
and lays the segment out again; a paragraph keeps the nudge under which
it had the fewest faults (:class:`Evener`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

JUSTIFIED_TAGS = ("p", "li", "dd")
WIDE_EM = 0.58
"""Word space (in ems, as laid out) above which a full line is called
wide.  The type check (:mod:`.typecheck`) reads gaps between printed
glyphs and counts from 0.5 "em" of the size pdfium reports (pixels, a
third more than points); over paragraphs of Libertine set at various
widths its figure is 0.035 + 0.75 times the layout's, so its 0.5 is
0.62 em laid out (a little under it here, to be sure)."""
HYPHEN_ENDS = "-\u2010\u00ad"
NUDGES = (
    "word-spacing: -0.05em",
    "letter-spacing: 0.004em",
    "letter-spacing: -0.005em",
)
"""The nudges tried on a paragraph, in turn (print.css sets the body's
word spaces at -0.02 em).  Chosen on 400 paragraphs of the Anarchist FAQ
(sections A5, C2, G1, none of them in the book) set as the book is:
under the best of these three, 52 faults were left of 167 (lines in
runs of three hyphens 18 to 5, wide lines 145 to 47; each nudge alone
left 80 to 100).  Word spaces a hundredth of an em apart rarely move a
break at all."""
VARIANTS = NUDGES + (
    "letter-spacing: 0.008em",
    "word-spacing: -0.07em",
    "word-spacing: -0.03em; letter-spacing: -0.002em",
)
"""Every nudge a trial layout (:mod:`.trial`) tries on a paragraph, in
the order of :data:`TRIAL_ORDER`: the three above (which the
round-by-round fallback tries in turn), letters and word spaces nudged
further, and the lone-word nudge of :func:`.notecheck.nudge_css`.  On the
default book's 126 uneven paragraphs, the first variant that left no
fault was, in this order: 64, 21, 10, 7, 3 and 2; 18 kept a fault under
all (a wide line before a long unbreakable word), and no paragraph was
mended by fewer break points (``hyphenate-limit-chars: 8 4 4``), nor
by word spaces 0.03 em tighter alone, which were tried and dropped."""
TRIAL_ORDER = (1, 2, 4, 3, 5, 6)
"""The variants in the order a trial tries them (1-based)."""


@dataclass(frozen=True)
class ParaLine:
    """One laid-out line of a justified paragraph."""

    words: int
    fill: float
    """Share of the measure its text covers (1.0 when justified full)."""
    hyphen: bool
    """It ends in a hyphen (an automatic, soft or hard one)."""
    space_em: float
    """Its word space in ems (0 when it has no word space)."""


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


_SPACES: dict[tuple[Any, ...], float] = {}


def _space_width(style: Any) -> float:
    """The width of one word space of ``style`` (its word-spacing and
    letter-spacing included), from Pango."""
    key = (tuple(style["font_family"]), style["font_size"],
           style["font_style"], style["font_weight"], style["word_spacing"],
           str(style["letter_spacing"]), style["lang"])
    if key not in _SPACES:
        from weasyprint.text.line_break import Layout, line_size

        widths = []
        for text in ("n n", "nn"):
            layout = Layout(style)
            layout.set_text(text)
            line, _ = layout.get_first_line()
            widths.append(line_size(line, style)[0])
        _SPACES[key] = widths[0] - widths[1]
    return _SPACES[key]


def _line(box: Any, width: float) -> ParaLine:
    words, right, last, spread, text_style = 0, None, "", 0.0, None
    for d in _descendants(box):
        if type(d).__name__ != "TextBox":
            continue
        words += len(d.text.split())
        end = d.position_x + d.width
        right = end if right is None else max(right, end)
        if d.text.strip():
            last = d.text.rstrip()
        if " " in d.text.strip() and (text_style is None or
                                      d.style["font_size"] >=
                                      text_style["font_size"]):
            text_style = d.style
            spread = float(getattr(d, "justification_spacing", 0) or 0)
    fill = ((right - box.position_x) / width
            if right is not None and width else 1.0)
    space = 0.0
    if text_style is not None and words > 1:
        size = float(text_style["font_size"]) or 1.0
        space = (_space_width(text_style) + spread) / size
    return ParaLine(words, fill, last[-1:] in HYPHEN_ENDS and len(last) > 1,
                    space)


def paragraph_lines(page_boxes: list[Any], forced: set[str] | None = None
                    ) -> dict[str, list[ParaLine]]:
    """The lines of every justified paragraph (``p``, ``li``, ``dd`` with
    an id) of a laid-out document, in order, across its pages; the ids of
    those with a forced line break (``br``) are added to ``forced``."""
    lines: dict[str, list[ParaLine]] = {}

    def walk(box: Any, block: str, width: float) -> None:
        tag = getattr(box, "element_tag", "") or ""
        el = getattr(box, "element", None)
        bid = el.get("id", "") if el is not None else ""
        if bid and tag in JUSTIFIED_TAGS and \
                type(box).__name__ == "BlockBox":
            style = getattr(box, "style", None)
            if style is not None and style["text_align_all"] == "justify":
                block, width = bid, float(getattr(box, "width", 0) or 0)
                if forced is not None and el is not None and any(
                        getattr(e, "tag", "") == "br" for e in el.iter()):
                    forced.add(bid)
            else:
                block = ""
        if type(box).__name__ == "LineBox":
            if block:
                lines.setdefault(block, []).append(_line(box, width))
            return
        for child in getattr(box, "children", None) or ():
            walk(child, block, width)

    for page in page_boxes:
        children = list(getattr(page, "children", None) or ())
        if children:
            walk(children[0], "", 0.0)
    return lines


LONE = 3
"""A line of one word mid-paragraph (:func:`.notecheck.lone_lines`) is
worse than any other fault: a nudge that makes one is never kept."""


def faults(lines: list[ParaLine], wide_em: float = WIDE_EM,
           lone: bool = True) -> int:
    """How many faults a paragraph's lines have: each line that makes a
    run of three or more hyphenated lines, each wide full line (not the
    last), a last line that finishes a hyphenated word, and (``lone``:
    the paragraph has no forced line break) :data:`LONE` for each line of
    one short word that is not the last."""
    count, run = 0, 0
    for k, line in enumerate(lines):
        run = run + 1 if line.hyphen else 0
        if run >= 3:
            count += 1
        if k < len(lines) - 1 and line.space_em > wide_em and \
                line.fill > 0.97:
            count += 1
        if lone and k < len(lines) - 1 and line.words == 1 and \
                line.fill < 0.5:
            count += LONE
    if len(lines) > 1 and lines[-1].words == 1 and lines[-2].hyphen:
        count += 1
    return count


def uneven(page_boxes: list[Any], wide_em: float = WIDE_EM
           ) -> dict[str, int]:
    """Paragraph id -> faults (:func:`faults`), for every paragraph with
    at least one."""
    forced: set[str] = set()
    return uneven_lines(paragraph_lines(page_boxes, forced), forced, wide_em)


def uneven_lines(lines: dict[str, list[ParaLine]], forced: set[str],
                 wide_em: float = WIDE_EM) -> dict[str, int]:
    """:func:`uneven` of paragraphs' lines already read."""
    out = {}
    for pid, found in lines.items():
        n = faults(found, wide_em, lone=pid not in forced)
        if n:
            out[pid] = n
    return out


def even_css(pid: str, level: int) -> str:
    """The nudge of paragraph ``pid`` at round ``level`` (1-based)."""
    return f'[id="{pid}"] {{ {VARIANTS[level - 1]} }}'


@dataclass
class Evener:
    """The nudges of uneven paragraphs over the re-layouts of a segment:
    each round a paragraph still uneven takes the next nudge; when none
    is left it keeps the one (or none) under which it had the fewest
    faults."""

    levels: dict[str, int] = field(default_factory=dict)
    """Paragraph id -> nudge in force (0: none)."""
    seen: dict[str, dict[int, int]] = field(default_factory=dict)
    """Paragraph id -> nudge -> faults found under it."""
    settled: set[str] = field(default_factory=set)

    def pending(self, found: dict[str, int]) -> dict[str, int]:
        """What of ``found`` is worth another round: not a paragraph
        already settled, nor one under its last nudge when that is the
        best it had (it stays as it is, and no re-layout is spent)."""
        out = {}
        for pid, n in found.items():
            if pid in self.settled:
                continue
            level = self.levels.get(pid, 0)
            tried = self.seen.get(pid, {})
            if level == len(NUDGES) and all(n <= f for f in tried.values()):
                tried[level] = n
                self.settled.add(pid)
                continue
            out[pid] = n
        return out

    def update(self, found: dict[str, int]) -> None:
        """Record a round's faults and choose every paragraph's next
        nudge.  A nudged paragraph not in ``found`` is even: it keeps its
        nudge."""
        for pid, level in self.levels.items():
            if pid not in found and pid not in self.settled:
                self.seen.setdefault(pid, {})[level] = 0
                self.settled.add(pid)
        for pid, n in found.items():
            if pid in self.settled:
                continue
            level = self.levels.get(pid, 0)
            tried = self.seen.setdefault(pid, {})
            tried[level] = n
            if level < len(NUDGES):
                self.levels[pid] = level + 1
            else:
                self.levels[pid] = min(tried, key=lambda k: (tried[k], k))
                self.settled.add(pid)

    def settle(self, chosen: dict[str, int]) -> None:
        """Keep the variants a trial layout chose (id -> variant of
        :data:`VARIANTS`, 0 for none): those paragraphs take no more
        rounds."""
        for pid, level in chosen.items():
            self.levels[pid] = level
            self.settled.add(pid)

    def css(self, skip: set[str] | frozenset[str] = frozenset()) -> str:
        return "\n".join(even_css(pid, level)
                         for pid, level in sorted(self.levels.items())
                         if level and pid not in skip)
