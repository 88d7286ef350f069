"""Notes on their call's page (and headings without space at a page
top): found after layout, mended by a re-layout.

WeasyPrint (70) floats a note to the foot of the page of its call when it
fits, and otherwise *reports* it to the next page, leaving the call where
it is (``footnote-policy: auto``, ``weasyprint/layout/block.py``).  It
also reports the notes already placed on a page to make room for one
more line of text when widows and orphans forbid breaking before it, and
once one note is reported every later note of the page follows it.  A
LaTeX book never does this: a note starts on its call's page.

:func:`displaced` reads the laid-out page boxes: on which page every note
call landed (the ``::footnote-call`` box, which knows its note) and on
which page the note's first part sits (the page's footnote area).  The
segment is then laid out again with a nudge for each displaced note
(:func:`nudge_css`):

1. ``footnote-policy: line`` on the note (the default in print.css: when
   the note does not fit, the line of its call goes to the next page with
   it), and ``widows: 1; orphans: 1`` on the paragraph of the call and
   the last block of its page, so that WeasyPrint has no reason to push
   notes away to keep a paragraph's lines together; when a later block
   than the call's still pushes the note away, ``orphans`` one more than
   the lines it has on the page send it to the next page instead
   (:func:`_mend`);
2. then ``footnote-policy: block``: the whole paragraph moves.

:class:`NoteGuard` does this around a WeasyPrint render (it sees the page
boxes before the margin boxes are made, so a segment whose page count
is reported early reports the mended count).  The same re-layout takes
the space off a section heading that lands at the top of a page
(:func:`headings_at_top`), and mends a paragraph that WeasyPrint (70) set
with one short word alone on a line that is not its last
(:func:`lone_lines`: "in the / the / hands of the State", at a page end
or mid-page).  That happens when a line must break inside a nested inline
box (an index mark's or a citation's span): WeasyPrint's
``_break_waiting_children`` keeps a failed attempt.  Word spaces a
hundredth of an em tighter than the book's in that paragraph (print.css
sets them 0.02 em under the font's; then letters a five-hundredth of an
em tighter) move the break points, and the line comes out whole.
Paragraphs set unevenly (three hyphens in a row, a wide line, a fragment
last line: :mod:`.evenness`) are nudged in the same re-layouts; when the
caller gives the document's HTML, their nudges (and the lone words') are
chosen by trial layouts of those paragraphs alone (:mod:`.trial`), so
that one re-layout applies them all.  A heading at a page top mostly
never needs one: :func:`.hooks.heading_space_at_page_top` takes its space
off in the first layout.  What is still displaced after the nudges is
reported by :func:`problems`, and the build fails.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from .evenness import Evener, ParaLine, paragraph_lines, uneven_lines

log = logging.getLogger(__name__)

MAX_ROUNDS = 4
"""Re-layouts tried before giving up."""
NOTE_ROUNDS = 2
"""Re-layouts tried beyond ``MAX_ROUNDS`` while notes are still displaced
(each nudge moves the pages after it, where another note may then be
pushed away: a long text can need a cascade of them)."""
BLOCK_TAGS = ("p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
              "section", "div", "ul", "ol", "dd", "dt")


@dataclass(frozen=True)
class Displaced:
    """A note whose first part is not on its call's page."""

    note: str
    """The note element's id (``n-chapter-12``)."""
    label: str
    """The note's label as printed."""
    call_page: int
    """Index (0-based) of the page of the call, in the laid-out document."""
    note_page: int | None
    """Index of the page where the note begins (None: nowhere)."""
    paragraph: str
    """Id of the block holding the call ('' when it has none)."""
    bottom: str = ""
    """Id of the last block on the call's page (the one whose lines
    WeasyPrint may make room for by pushing notes away)."""
    bottom_lines: int = 0
    """How many lines of ``bottom`` are on the call's page."""


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


def _element_id(box: Any) -> str:
    el = getattr(box, "element", None)
    return el.get("id", "") if el is not None else ""


def displaced(page_boxes: list[Any]) -> list[Displaced]:
    """Every displaced note of a laid-out document's page boxes
    (``PageBox`` objects; ``document.pages[i]._page_box`` or those
    WeasyPrint's layout yields)."""
    calls: dict[str, tuple[int, str, str]] = {}
    notes: dict[str, int] = {}
    bottoms: dict[int, str] = {}
    lines: dict[tuple[int, str], int] = {}
    for index, page in enumerate(page_boxes):
        children = list(getattr(page, "children", None) or ())
        if not children:
            continue
        flow, areas = children[0], children[1:]

        def walk(box: Any, block: str, index: int = index) -> None:
            tag = getattr(box, "element_tag", "") or ""
            bid = _element_id(box)
            if bid and tag in BLOCK_TAGS:
                block = bid
                bottoms[index] = bid
            if type(box).__name__ == "LineBox" and block:
                lines[index, block] = lines.get((index, block), 0) + 1
            if tag.endswith("::footnote-call"):
                note = _element_id(box)
                if note and note not in calls:
                    el = box.element
                    calls[note] = (index, el.get("data-label", ""), block)
                return
            for child in getattr(box, "children", None) or ():
                walk(child, block, index)

        walk(flow, "")
        for area in areas:
            if type(area).__name__ != "FootnoteAreaBox":
                continue
            for note_box in getattr(area, "children", None) or ():
                nid = _element_id(note_box)
                if nid and nid not in notes:
                    notes[nid] = index
    out = []
    for nid, (page, label, block) in calls.items():
        where = notes.get(nid)
        if where != page:
            bottom = bottoms.get(page, "")
            out.append(Displaced(nid, label, page, where, block, bottom,
                                 lines.get((page, bottom), 0)))
    return out


HEADINGS = ("h2", "h3", "h4", "h5", "h6")
JUSTIFIED_TAGS = ("p", "li", "dd")


def lone_lines(page_boxes: list[Any]) -> list[str]:
    """Ids of the justified paragraphs that have a line holding one word
    and filling less than half the measure which is not their last line
    (across pages) nor followed by a forced line break."""
    lines: dict[str, list[tuple[int, float]]] = {}
    forced: dict[str, bool] = {}

    def walk(box: Any, block: str, width: float) -> None:
        tag = getattr(box, "element_tag", "") or ""
        bid = _element_id(box)
        if bid and tag in JUSTIFIED_TAGS and \
                type(box).__name__ == "BlockBox":
            style = getattr(box, "style", None)
            if style is not None and style["text_align_all"] == "justify":
                block, width = bid, float(getattr(box, "width", 0) or 0)
                if bid not in forced:
                    forced[bid] = any(getattr(e, "tag", "") == "br"
                                      for e in box.element.iter())
            else:
                block = ""
        if type(box).__name__ == "LineBox":
            if block:
                words, right = 0, None
                for d in _descendants(box):
                    if type(d).__name__ == "TextBox":
                        words += len(d.text.split())
                        end = d.position_x + d.width
                        right = end if right is None else max(right, end)
                fill = ((right - box.position_x) / width
                        if right is not None and width else 1.0)
                lines.setdefault(block, []).append((words, fill))
            return
        for child in getattr(box, "children", None) or ():
            walk(child, block, width)

    for page in page_boxes:
        children = list(getattr(page, "children", None) or ())
        if children:
            walk(children[0], "", 0.0)
    return [bid for bid, found in lines.items() if not forced.get(bid)
            and any(words == 1 and fill < 0.5 for words, fill in found[:-1])]


def headings_at_top(page_boxes: list[Any]) -> list[str]:
    """Ids of the headings (h2-h6) that open a page (not the first of the
    document) with space above them: WeasyPrint (70) truncates the margin
    at an unforced page break only for children of the root element
    (``weasyprint/layout/block.py``, "this condition is wrong"), so a
    section heading at the top of a page keeps its space and the page's
    text starts lower than its neighbours'."""
    out = []
    for page in page_boxes[1:]:
        children = list(getattr(page, "children", None) or ())
        if not children:
            continue
        box = children[0]
        while True:
            kids = [k for k in getattr(box, "children", None) or ()
                    if type(k).__name__ not in ("AbsolutePlaceholder",)]
            if not kids or type(box).__name__ == "LineBox":
                break
            box = kids[0]
            tag = getattr(box, "element_tag", "") or ""
            if tag in HEADINGS:
                if (box.margin_top or 0) > 0.5 and _element_id(box):
                    out.append(_element_id(box))
                break
            if type(box).__name__ == "LineBox":
                break
    return out


def nudge_css(nudges: dict[str, int], blocks: dict[str, set[str]],
              tops: set[str] | None = None,
              lone: dict[str, int] | None = None,
              holds: dict[str, int] | None = None) -> str:
    """The CSS of the nudges: note id -> round (1, 2, 3), and the blocks
    (the call's, the last of its page) to relax widows and orphans in;
    the headings at a page top; the paragraphs with a lone
    word's line (id -> round); the blocks that pushed a note away to
    keep lines on its page (id -> the orphans that keep them off it)."""
    rules = []
    for nid, level in sorted(nudges.items()):
        policy = "block" if level >= 2 else "line"
        rules.append(f'[id="{nid}"] {{ footnote-policy: {policy} }}')
        for block in sorted(blocks.get(nid, ())):
            rules.append(f'[id="{block}"] {{ widows: 1; orphans: 1 }}')
    # After the relaxations: a block both relaxed and held is held.
    for bid, orphans in sorted((holds or {}).items()):
        rules.append(f'[id="{bid}"] {{ orphans: {orphans} }}')
    for hid in sorted(tops or ()):
        rules.append(f'[id="{hid}"] {{ margin-top: 0 }}')
    for pid, level in sorted((lone or {}).items()):
        rules.append(f'[id="{pid}"] {{ word-spacing: -0.03em'
                     + ("; letter-spacing: -0.002em" if level >= 2 else "")
                     + " }")
    return "\n".join(rules)


class NoteGuard:
    """Watches WeasyPrint's pagination for displaced notes.

    Inside :meth:`watch`, the pages WeasyPrint lays out are kept, and at
    the first margin box (pagination is over) they are checked; a
    displaced note raises :class:`Renudge` before anything else sees the
    page count.
    """

    def __init__(self) -> None:
        self.found: list[Displaced] = []
        self.tops: list[str] = []
        self.nudged_tops: set[str] = set()
        self.lone: list[str] = []
        self.lone_rounds: dict[str, int] = {}
        """Paragraph id -> nudges given (two at most: a lone word that
        two nudges leave, such as one before an unbreakable URL, stays)."""
        self.evener = Evener()
        """The nudges of paragraphs set unevenly (:mod:`.evenness`)."""
        self.uneven: dict[str, int] = {}
        self.pages: list[Any] = []
        """The page boxes of the last round checked."""
        self.lines: dict[str, list[ParaLine]] = {}
        """The lines of every justified paragraph of that round."""
        self.forced: set[str] = set()
        """The paragraphs with a forced line break."""
        self.trialled: set[str] = set()
        """Paragraphs a trial layout (:mod:`.trial`) was tried for."""
        self.expected: dict[str, tuple[int, Any]] = {}
        """Paragraph id -> the faults and lines a trial layout expects of
        it under the variant it chose."""
        self.trim: Any = None
        """``trim(page_boxes)``: the pages to check (None: all)."""

    @contextlib.contextmanager
    def watch(self, enabled: bool = True) -> Iterator[None]:
        import weasyprint.layout as wl

        if not enabled:
            yield
            return
        pages: list[Any] = []
        make_all, margin = wl.make_all_pages, wl.make_margin_boxes
        checked = [False]

        def all_pages(*args: Any, **kw: Any) -> Iterator[Any]:
            pages.clear()
            for page in make_all(*args, **kw):
                pages.append(page)
                yield page

        def margin_boxes(context: Any, page: Any, state: Any) -> Any:
            if not checked[0]:
                checked[0] = True
                mine = self.trim(pages) if self.trim else pages
                self.found = displaced(mine)
                self.tops = [h for h in headings_at_top(mine)
                             if h not in self.nudged_tops]
                self.pages = list(mine)
                self.forced = set()
                self.lines = paragraph_lines(mine, self.forced)
                self._check_expected()
                chosen = self.evener.settled & self.trialled
                self.lone = [p for p in lone_lines(mine)
                             if self.lone_rounds.get(p, 0) < 2
                             and p not in chosen]
                self.uneven = self.evener.pending(
                    uneven_lines(self.lines, self.forced))
                if self.found or self.tops or self.lone or self.uneven:
                    raise Renudge(self.found, self.tops, self.lone,
                                  self.uneven)
            return margin(context, page, state)

        wl.make_all_pages, wl.make_margin_boxes = all_pages, margin_boxes
        try:
            yield
        finally:
            wl.make_all_pages, wl.make_margin_boxes = make_all, margin


    def _check_expected(self) -> None:
        """A paragraph the trial layout set otherwise than the segment
        does, and worse, goes back to the round-by-round nudges."""
        from .evenness import faults
        from .trial import signature

        for pid, (n, lines) in list(self.expected.items()):
            got = self.lines.get(pid)
            if got is None or signature(got) == lines:
                continue
            del self.expected[pid]
            log.debug("trial layout set %s otherwise", pid)
            if faults(got, lone=pid not in self.forced) > n:
                log.debug("trial layout mistook %s", pid)
                self.evener.settled.discard(pid)
                self.evener.levels.pop(pid, None)
                self.evener.seen.pop(pid, None)


class Renudge(Exception):
    """Displaced notes were found: lay out again with nudges."""

    def __init__(self, found: list[Displaced], tops: Sequence[str] = (),
                 lone: Sequence[str] = (),
                 uneven: dict[str, int] | None = None):
        super().__init__(f"{len(found)} displaced note(s)")
        self.found = found
        self.tops = list(tops)
        self.lone = list(lone)
        self.uneven = dict(uneven or {})


def render_with_notes(render: Any, *, rounds: int = MAX_ROUNDS,
                      html: str | None = None, trim: Any = None,
                      seeds: dict[str, tuple[int, int, Any]] | None = None,
                      chosen: dict[str, tuple[int, int, Any]] | None = None
                      ) -> tuple[Any, list[Displaced]]:
    """``render(extra_css)`` until no note is displaced (or ``rounds``
    re-layouts were tried, and :data:`NOTE_ROUNDS` more when notes are
    still displaced after them).  Returns the document and the notes still
    displaced (empty: every note starts on its call's page).

    With ``html`` (the document ``render`` lays out), the nudges of uneven
    paragraphs and lone words are chosen by a trial layout
    (:mod:`.trial`, ``render(extra_css, trial_html)``) instead of a round
    per nudge.

    ``trim(page_boxes)``, when given, is the pages to check (a piece of a
    text checks those before the next piece's).

    ``seeds`` (paragraph id -> variant, faults, lines) are the trial
    layout's choices for paragraphs set before, taken as if a trial had
    just made them (and checked as its choices are); ``chosen``, when
    given, is filled with every choice the final layout kept."""
    nudges: dict[str, int] = {}
    blocks: dict[str, set[str]] = {}
    holds: dict[str, int] = {}
    guard = NoteGuard()
    guard.trim = trim
    if seeds:
        guard.trialled.update(seeds)
        guard.evener.settle({p: k for p, (k, _, _) in seeds.items()})
        guard.expected.update({p: (n, lines) for p, (_, n, lines)
                               in seeds.items()})
    lone = guard.lone_rounds
    spent = rounds
    for attempt in range(rounds + NOTE_ROUNDS + 1):
        last = attempt == spent
        try:
            with guard.watch(enabled=not last):
                # The even-type nudges first: a lone word's, after them,
                # wins where both set the same property.
                document = render("\n".join(filter(None, (
                    guard.evener.css(),
                    nudge_css(nudges, blocks, guard.nudged_tops, lone,
                              holds)))))
        except Renudge as again:
            log.debug("re-layout %d: %d note(s) displaced, %d heading(s) "
                      "at a page top, %d lone word(s), %d uneven "
                      "paragraph(s)", attempt + 1, len(again.found),
                      len(again.tops), len(again.lone), len(again.uneven))
            if html is not None:
                _trial(render, html, guard, again)
            # The round's page boxes go before the next layout (a long
            # text's are a few hundred megabytes).
            guard.pages = []
            guard.evener.update(again.uneven)
            guard.nudged_tops.update(again.tops)
            for pid in again.lone:
                lone[pid] = lone.get(pid, 0) + 1
            for d in again.found:
                nudges[d.note] = nudges.get(d.note, 0) + 1
                _mend(d, nudges[d.note], blocks, holds)
            if attempt + 1 == spent and again.found and \
                    spent < rounds + NOTE_ROUNDS:
                spent += 1
            continue
        if chosen is not None:
            chosen.update({p: (guard.evener.levels.get(p, 0), n, lines)
                           for p, (n, lines) in guard.expected.items()
                           if p in guard.evener.settled})
        if last:
            boxes = [p._page_box for p in document.pages]
            left = displaced(trim(boxes) if trim else boxes)
            return document, left
        return document, []
    raise AssertionError("unreachable")


def _trial(render: Any, html: str, guard: NoteGuard, again: Renudge) -> None:
    """Choose the nudges of the uneven and lone-word paragraphs of
    ``again`` not yet tried in one trial layout; those it settles leave
    ``again``."""
    from . import trial

    want = {p for p in (*again.uneven, *again.lone)
            if p not in guard.trialled and p not in guard.evener.levels
            and p in guard.lines}
    if not want:
        return
    guard.trialled.update(want)
    chosen = trial.choose(render, html, {p: guard.lines[p] for p in want},
                          trial.indents(guard.pages, want), guard.forced)
    guard.evener.settle({p: k for p, (k, _, _) in chosen.items()})
    guard.expected.update({p: (n, lines) for p, (_, n, lines)
                           in chosen.items()})
    log.debug("trial layout: %d paragraph(s), %d nudged", len(want),
              sum(1 for k, _, _ in chosen.values() if k))
    again.uneven = {p: n for p, n in again.uneven.items() if p not in chosen}
    again.lone = [p for p in again.lone if p not in chosen]


def _mend(d: Displaced, level: int, blocks: dict[str, set[str]],
          holds: dict[str, int]) -> None:
    """The widows and orphans nudges for one displaced note, at its
    ``level``-th round.

    WeasyPrint pushes a page's notes away when a line of the page's last
    block overflows that may end the page but whose block may not break
    before it (its first lines, under ``orphans``).  The first nudge
    relaxes widows and orphans in the call's paragraph and that last
    block: one line is enough on either side of a break.  When the note
    is pushed again by a later block than the call's, that block must not
    keep its lines on the page at the note's expense: ``orphans`` one
    more than the lines it kept send it (and a heading kept with it) to
    the next page, and the note stays.  (Relaxed, its first line alone
    may still push the note: could not break before it, can after.)
    """
    if level == 1 or d.bottom == d.paragraph or not d.bottom_lines:
        blocks.setdefault(d.note, set()).update(
            b for b in (d.paragraph, d.bottom) if b)
    else:
        holds[d.bottom] = max(holds.get(d.bottom, 0), d.bottom_lines + 1)


def problems(found: list[Displaced], first_page: int = 1) -> list[str]:
    """Plain-words report of displaced notes (pages numbered from
    ``first_page``)."""
    out = []
    for d in found:
        where = "nowhere" if d.note_page is None else \
            f"on page {d.note_page + first_page}"
        out.append(f"note {d.label or d.note} begins {where}, its call is "
                   f"on page {d.call_page + first_page}")
    return out


def record(prepared: dict[str, Any], document: Any, first_page: int) -> None:
    """Add the displaced notes of a segment's final layout to what its
    page checks found (the build fails on them like on any print check)."""
    state = prepared.get("check")
    if state is None:
        return
    found = displaced([p._page_box for p in document.pages])
    for message, d in zip(problems(found, first_page), found):
        state["found"].setdefault(
            "a note begins after its call's page: " + message, []).append(
            d.call_page + first_page)
