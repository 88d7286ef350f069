"""``library-md``: Markdown exports of The Anarchist Library, pages restored.

The export has a title block (library name, "Anti-Copyright", ``# Title``,
author, year, "Retrieved on ...", "Source: ...", "Also published in ...",
the site's link), a ``Contents`` list with dot leaders, ``##`` headings,
``*italic*``, ``**bold**``, ``<i>...</i>`` and note calls ``<sup>N</sup>``
whose texts follow each page's ``---`` line.  Exports of this family often
have their pages shuffled: paragraphs stop mid-sentence or mid-word and go
on elsewhere in the file, and some pages are missing.

What the cleaner does:

1. The title block becomes :class:`~pamphleteer.model.Metadata` (title,
   subtitle, authors, date, translators, provenance lines, and ``extra``
   pairs ``library``, ``license``, ``retrieved``, ``retrieved-url``,
   ``source``, ``also-published``, ``library-url``...).  The contents list is
   removed but gives the order of the section headings.
2. The body is cut into fragments at every possible page break
   (:mod:`.fragments`), and the fragments are ordered by an exact
   branch-and-bound search (:mod:`.ordering`): each cut is continued by one
   fragment, headings follow the contents, note calls rise, and joins are
   scored by words split across the break (``imposi-`` + ``tions``, ``the`` +
   ``oretical``, checked with wordfreq), by phrases found elsewhere in the
   text, and by the file's own order.  The file's order is scored too, and
   kept unless it shows a cut not continued in place that another fragment
   continues well (or headings or notes out of order) and the best order
   beats it by a clear margin; moving more than a few fragments is a
   problem ``LIB009``.  Every join is reported (``fragment-join``,
   ``page-order``) with its evidence and confidence.
3. Where a cut has no continuation, a :class:`~pamphleteer.model.Lacuna`
   ("Text missing in the source.") is set and a problem ``LIB001`` reported.
4. Notes are attached to their calls; missing (``LIB002``), orphan
   (``LIB003``) and doubled (``LIB004``) notes are reported.
5. Words mixing scripts are repaired (:mod:`.confusables`), reported as
   ``confusable`` changes; typography follows :func:`pamphleteer.text.typography`.

Options (the manifest chapter's ``options:``; see :mod:`.options`):

* ``joins: [{after: "words", next: "words"}]`` pins a join;
* ``order: ["words", ...]`` pins a relative order of fragments;
* ``editorial: [{heading: "Introduction", credit: "Sam Dolgoff"}]`` marks a
  section as a :class:`~pamphleteer.model.Division` (role ``editorial``).
* ``reorder: false`` keeps the file's order of the fragments.

Unknown keys raise :class:`~pamphleteer.errors.ManifestError`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from ...errors import InputError, ManifestError
from ...model import Document, Metadata, document_words
from ...report import CleaningReport, check_conservation
from ...text import typography, words
from ..registry import CleanResult, cleaner
from .assemble import (Draft, build_blocks, build_notes, join_fragments,
                       mark_editorial)
from .blocks import Item, RawNote, classify, split_paragraphs
from .confusables import dominant_script, repair_text
from .fragments import Fragment, Unit, build_fragments
from .options import Options, parse_options
from .ordering import Constraints, OrderResult, find_order
from .scoring import LACUNA, Arc, Scorer
from .titleblock import TitleBlock, leftover_words, plain, read_title_block

__all__ = ["clean", "detect"]

# The contents list's dot leaders followed by a tab and a page number.
# A line that ends in a page number: the digits and the space before them.
_PAGE_AT_END = re.compile(r"[ \t]*(\d+)\s*$")


def has_leaders(raw: str) -> bool:
    """Does a line end in dot leaders and a page number (a contents list)?
    Checked from each line's end, in linear time."""
    for line in raw.splitlines():
        if not line.rstrip().endswith(tuple("0123456789")):
            continue
        m = _PAGE_AT_END.search(line, max(0, len(line.rstrip()) - 12))
        if m and line[:m.start()].rstrip(" \t").rstrip(".").endswith(". . "):
            return True
    return False
# A note call or a note opening as the export writes them.
_SUP_CALL = re.compile(r"<sup>\d+</sup>")


_ANTI_COPYRIGHT_LINE = re.compile(r"^[ \t]*anti-?copyright[ \t\\]*$", re.I | re.M)
_LIBRARY_LINE = re.compile(r"^[ \t]*(?:the[ \t]+)?anarchist[ \t]+library[ \t\\]*$",
                           re.I | re.M)


def detect(raw: str) -> float:
    """Score in [0, 1] that ``raw`` is an Anarchist Library Markdown export."""
    head = raw[:3000]
    score = 0.0
    # The export's title block: "The Anarchist Library" and
    # "Anti-Copyright", each a line of its own (an article that mentions
    # the library or anti-copyright in its prose is no export).
    if _ANTI_COPYRIGHT_LINE.search(head):
        score += 0.3
    if _LIBRARY_LINE.search(head):
        score += 0.3
    if re.search(r"^# \S", head, re.M):
        score += 0.1
    if has_leaders(raw):
        score += 0.15
    if re.search(r"^retrieved on\b", head, re.I | re.M):
        score += 0.1
    if _SUP_CALL.search(raw):
        score += 0.05
    return min(score, 1.0)


def _repair(text: str, line: int, report: CleaningReport,
            prefer: str = "latin") -> str:
    """Repair mixed-script words of ``text`` and report each repair."""
    fixed, repairs = repair_text(text, prefer)
    for r in repairs:
        report.change("confusable", r.before, r.after, line, r.detail,
                      rewrite=True)
    return fixed


def _metadata(tb: TitleBlock, report: CleaningReport, prefer: str) -> Metadata:
    def fix(s: str) -> str:
        s = _repair(s, tb.title_line, report, prefer)
        # ISO dates ("2020-05-05") keep their hyphens; typography elsewhere.
        parts = re.split(r"(\d{4}-\d{2}-\d{2})", s)
        for k in range(0, len(parts), 2):
            parts[k], c = typography(parts[k])
            report.add_counts(c)
        return "".join(parts)

    return Metadata(
        title=fix(tb.title), subtitle=fix(tb.subtitle),
        authors=tuple(fix(a) for a in tb.authors), date=tb.date,
        translators=tuple(fix(t) for t in tb.translators),
        source_lines=tuple(fix(s) for s in tb.source_lines),
        extra=tuple((k, v if k.endswith("url") else fix(v)) for k, v in tb.extra))


def _locate(units: list[Unit], quote: str, where: str, prefer: str) -> int:
    """Index of the one unit whose words contain ``quote``'s words."""
    want = words(quote)
    if not want:
        raise ManifestError(f"library-md option {where}: {quote!r} has no words")
    hits: list[tuple[int, bool]] = []
    for k, u in enumerate(units):
        ws = words(u.text)
        for i in range(len(ws) - len(want) + 1):
            if ws[i:i + len(want)] == want:
                edge = (i == 0) if prefer == "start" else (i + len(want) == len(ws))
                hits.append((k, edge))
    if not hits:
        raise ManifestError(f"library-md option {where}: no paragraph contains "
                            f"{quote!r}")
    units_hit = sorted({k for k, _ in hits})
    if len(units_hit) > 1:
        at_edge = sorted({k for k, e in hits if e})
        if len(at_edge) != 1:
            lines = ", ".join(str(units[k].line) for k in units_hit[:5])
            raise ManifestError(f"library-md option {where}: {quote!r} is "
                                f"ambiguous (lines {lines})")
        return at_edge[0]
    return units_hit[0]


def _units(items: list[Item], report: CleaningReport, prefer: str
           ) -> tuple[list[Unit], set[int], set[int], list[tuple[str, ...]],
                      list[RawNote], dict[int, tuple[int, ...]]]:
    """Body units, page breaks, contents entries and raw notes."""
    units: list[Unit] = []
    page_notes: dict[int, tuple[int, ...]] = {}
    breaks: set[int] = set()
    hard: set[int] = set()
    contents: list[tuple[str, ...]] = []
    notes: list[RawNote] = []
    soft = hard_next = False
    for it in items:
        if it.kind == "contents":
            for line, text in it.raw_lines:
                report.remove("contents", text, line)
            contents += [tuple(words(plain(t)[0])) for t, _, _ in it.entries]
            hard_next = True
            continue
        if it.kind == "notes":
            report.remove("markup", it.text, it.line)
            if units:
                page_notes[len(units) - 1] = tuple(
                    int(rn.label) for rn in it.notes if rn.label.isdigit())
            for rn in it.notes:
                notes.append(RawNote(rn.label, _repair(rn.text, rn.line, report, prefer),
                                     rn.line, rn.raw))
            soft = True
            continue
        kind = it.kind if it.kind in ("para", "heading") else "break"
        text = _repair(it.text, it.line, report, prefer) if kind != "break" else it.text
        k = len(units)
        if hard_next:
            hard.add(k)
        if soft or it.gap_before >= 2:
            breaks.add(k)
        units.append(Unit(kind, text, it.line, it.level))
        soft = hard_next = False
    return units, breaks, hard, contents, notes, page_notes


def _ranks(frags: list[Fragment], contents: list[tuple[str, ...]]) -> list[int]:
    """Rank of each fragment's heading in the contents, or -1."""
    heads = {f.index: tuple(words(plain(f.units[0].text)[0]))
             for f in frags if f.start == "heading"}
    ranks = [-1] * len(frags)
    r = 0
    for entry in contents:
        hit = next((i for i, h in sorted(heads.items())
                    if h == entry and ranks[i] < 0), -1)
        if hit >= 0:
            ranks[hit] = r
            r += 1
    return ranks


MARGIN = 3.0
"""How much better (in join-score units; a lacuna costs 2) the best order
must be than the file's own before any fragment is moved."""
WEAK_JOIN = 0.0
"""A join of the file's order scoring below this does not continue its
cut in place: evidence that a page was moved."""
VIOLATION = 2 * LACUNA
"""Score lost by the file's order for each heading out of the contents'
order and each note call lower than the one before (counted only when the
best order keeps that constraint)."""
STRONG_JOIN = 4.0
"""An alternative continuation this good (a word made whole across the
break, a phrase found elsewhere with matching note numbers) is evidence
that a weak join of the file's order is a moved page; an ordinary join
between two common words scores about 1 to 3."""
PROOF_JOINS = ("hyphen", "split")
"""Joins that prove a continuation: the word halves on either side of the
break make a known word."""
PROOF_SCORE = 7.5
"""A word made whole scores 6 plus half its zipf frequency: 7.5 is a word
of zipf 3 (once in a million words) or commoner."""
MANY_MOVES = 3
"""More fragments moved than this (or more than a tenth of them): LIB009."""


def _pair_score(a: Fragment, b: Fragment, links: frozenset[tuple[int, int]],
                arcs: list[list[Arc]]) -> float:
    """Score of ``b`` right after ``a`` as :func:`.assemble.join_fragments`
    lays them out: the join when linked, a lacuna at an unlinked cut."""
    if (a.index, b.index) in links:
        return arcs[a.index][b.index].score
    if a.end != "clean" or b.start == "lower":
        return -LACUNA
    return arcs[a.index][b.index].score


def _order_score(order: tuple[int, ...], links: frozenset[tuple[int, int]],
                 frags: list[Fragment], arcs: list[list[Arc]], start: list[Arc],
                 end: list[Arc]) -> float:
    """One score for any order, with the same join scores for all."""
    if not order:
        return 0.0
    s = start[order[0]].score + end[order[-1]].score
    for x, y in zip(order, order[1:]):
        s += _pair_score(frags[x], frags[y], links, arcs)
    return s


def _file_links(frags: list[Fragment], arcs: list[list[Arc]]
                ) -> frozenset[tuple[int, int]]:
    """Joins of the file's own order: each cut continued by the fragment
    after it, where that fragment can continue it at all."""
    return frozenset((a.index, b.index) for a, b in zip(frags, frags[1:])
                     if a.end != "clean" and b.start != "heading"
                     and arcs[a.index][b.index].join not in ("lacuna", "new"))


def _violations(order: tuple[int, ...], frags: list[Fragment],
                ranks: list[int]) -> tuple[int, int]:
    """Headings out of the contents' order, note calls falling: in ``order``."""
    heads = [ranks[i] for i in order if ranks[i] >= 0]
    calls = [x for i in order for x in frags[i].calls]
    return (sum(1 for p, q in zip(heads, heads[1:]) if q <= p),
            sum(1 for p, q in zip(calls, calls[1:]) if q <= p))


def _broken(a: Fragment, b: Fragment, frags: list[Fragment],
            file_links: frozenset[tuple[int, int]], arcs: list[list[Arc]]) -> bool:
    """Is the file's join of ``a`` and ``b`` a cut not continued in place,
    that another fragment continues well?"""
    return bool(_rivals(a, b, frags, file_links, arcs))


def _rivals(a: Fragment, b: Fragment, frags: list[Fragment],
            file_links: frozenset[tuple[int, int]], arcs: list[list[Arc]]
            ) -> list[int]:
    """The fragments that continue ``a``'s cut well where ``b``, after it
    in the file, does not (or that ``b``, starting mid-sentence after a
    clean end, continues well): the evidence of a moved page."""
    if a.end != "clean":
        here = _pair_score(a, b, file_links, arcs)
        if here >= WEAK_JOIN:
            return []
        need = max(STRONG_JOIN, here + MARGIN)
        # Proof, not likelihood: a rival that makes a word whole across
        # the break (bigram and phrase counts reach the same scores by
        # chance in a long text: "Well," / "I nodded" for "Well," / "I
        # awoke").
        return [c.index for c in frags if c is not a and c is not b
                and arcs[a.index][c.index].score >= need
                and _proof(a, c, arcs)]
    if b.start == "lower":
        return [c.index for c in frags
                if c is not a and c is not b and c.end != "clean"
                and _proof(c, b, arcs)]
    return []


def _proof(a: Fragment, b: Fragment, arcs: list[list[Arc]]) -> bool:
    """Does ``b`` after ``a`` prove itself: the halves on either side of
    the break, of two letters or more each, make a common word (zipf 3 or
    more: "idiosyn-" + "or" making a word of zipf 1.6, or "so-" + a list's
    "b." making "sob", is chance, not proof)?"""
    arc = arcs[a.index][b.index]
    return arc.join in PROOF_JOINS and arc.score >= PROOF_SCORE and \
        min(len(a.tail_word), len(b.head_word)) >= 2


def _moves(order: tuple[int, ...]) -> list[tuple[int, int]]:
    """``(before, fragment)`` for each fragment that no longer follows the
    one it follows in the file (``before`` -1: it now opens the text)."""
    out = []
    for k, i in enumerate(order):
        prev = order[k - 1] if k else -1
        if prev != i - 1:
            out.append((prev, i))
    return out


def _order(frags: list[Fragment], scorer: Scorer, ranks: list[int],
           pins: dict[int, int], order_pos: list[int], report: CleaningReport,
           reorder: bool = True
           ) -> tuple[OrderResult, list[list[Arc]], list[Arc], list[Arc]]:
    """The order of the fragments: the file's own unless a better order is
    better by :data:`MARGIN` and the file's order shows a cut not continued
    in place that another fragment continues well (:func:`_broken`), or
    breaks the contents' or the notes' order."""
    arcs = [[scorer.arc(a, b) if a is not b else Arc(float("-inf"), "new", "")
             for b in frags] for a in frags]
    start = [scorer.start_arc(f, ranks[f.index] == 0) for f in frags]
    end = [scorer.end_arc(f) for f in frags]
    n = len(frags)
    file_links = _file_links(frags, arcs)
    file_order = tuple(range(n))
    file_score = _order_score(file_order, file_links, frags, arcs, start, end)
    kept = OrderResult(file_order, file_links, True, True, True, 0)
    report.counts["fragments"] = n
    if not reorder:
        report.counts["fragments-moved"] = 0
        report.change("page-order", "file order", "file order",
                      frags[0].line if frags else 0,
                      "reorder: false: the file's order of the pages is kept "
                      f"(score {file_score:.1f})")
        return kept, arcs, start, end
    result = find_order(frags, arcs, start,
                        Constraints(tuple(ranks), pins, tuple(order_pos),
                                    scorer.missing_notes))
    best_score = _order_score(result.order, result.links, frags, arcs, start, end)
    bad_heads, bad_calls = _violations(file_order, frags, ranks)
    penalty = VIOLATION * ((bad_heads if result.headings_kept else 0)
                           + (bad_calls if result.notes_kept else 0))
    broken = [(a, b) for a, b in zip(frags, frags[1:])
              if _broken(a, b, frags, file_links, arcs)]
    margin = best_score - (file_score - penalty)
    pinned = bool(pins) or any(p >= 0 for p in order_pos)
    evidence = bool(broken) or penalty > 0
    move = result.order != file_order and (
        pinned or (evidence and margin >= MARGIN))
    why = (f"best order {best_score:.1f}, file's order {file_score:.1f}"
           + (f" less {penalty:.1f} for {bad_heads} heading(s) out of the "
              f"contents' order and {bad_calls} falling note call(s)"
              if penalty else "")
           + f": margin {margin:.1f} (needed {MARGIN:.1f}); "
           f"{len(broken)} cut(s) of the file's order not continued in place "
           "that another fragment continues well"
           + (" (first at line " + str(broken[0][0].end_line) + ")" if broken else ""))
    report.counts["order-search-steps"] = result.steps
    if not move:
        decision = ("the file's order is kept" if result.order != file_order
                    else "the best order is the file's own")
        report.change("page-order", "file order", "file order",
                      frags[0].line if frags else 0,
                      f"{decision}: {why}")
        report.counts["fragments-moved"] = 0
        return kept, arcs, start, end
    if not result.notes_kept:
        report.problem("LIB006", "note numbers cannot rise through the text; "
                       "the order was found without them")
    if not result.headings_kept:
        report.problem("LIB005", "no order of the pages keeps the headings in "
                       "the contents' order; they were ordered freely")
    if not result.proven:
        report.problem("LIB007", f"the page order search stopped after "
                       f"{result.steps} steps: the order found may not be "
                       "the best")
    moves = _moves(result.order)
    report.counts["fragments-moved"] = len(moves)
    report.change("page-order", "file order", "best order",
                  frags[moves[0][1]].line if moves else 0,
                  f"{len(moves)} of {n} fragments moved{' (pinned by the options)' if pinned else ''}: {why}")
    if len(moves) > MANY_MOVES or 10 * len(moves) > n:
        shown = "; ".join(
            f"line {frags[i].line} ('{' '.join(frags[i].units[0].text.split()[:5])} …')"
            + (f" now after line {frags[p].end_line}" if p >= 0 else " now opens the text")
            for p, i in moves[:4])
        report.problem("LIB009", f"{len(moves)} of {n} fragments were moved "
                       f"from the file's order ({why}); first moves: {shown}"
                       f"{' …' if len(moves) > 4 else ''}. Check them, pin "
                       "joins, or set 'reorder: false' in the chapter's "
                       "options to keep the file's order",
                       frags[moves[0][1]].line)
    return result, arcs, start, end


def _missing_sections(drafts: list[Draft], contents: list[tuple[str, ...]],
                      lines: list[int], report: CleaningReport) -> list[Draft]:
    """A contents entry without its heading lost its page: make sure a
    lacuna stands between the headings around it."""
    def key(d: Draft) -> tuple[str, ...]:
        return tuple(words(plain(d.text)[0]))

    heads = {key(d): k for k, d in enumerate(drafts) if d.kind == "heading"}
    out = list(drafts)
    for p, entry in enumerate(contents):
        if entry in heads:
            continue
        title = " ".join(entry)
        report.problem("LIB008", f"the contents list '{title}' but the text "
                       "has no such heading: its page is missing", lines[p])
        before = [heads[e] for e in contents[:p] if e in heads]
        after = [heads[e] for e in contents[p + 1:] if e in heads]
        lo = max(before, default=-1)
        hi = min(after, default=len(drafts))
        if lo > hi:
            continue
        pos = {id(d): k for k, d in enumerate(out)}
        lo_k = pos[id(drafts[lo])] if lo >= 0 else -1
        hi_k = pos[id(drafts[hi])] if hi < len(drafts) else len(out)
        if any(d.kind == "lacuna" for d in out[lo_k + 1:hi_k]):
            continue
        line = out[hi_k].line if hi_k < len(out) else (out[-1].line if out else 0)
        out.insert(hi_k, Draft("lacuna", "", line))
        report.counts["lacuna"] += 1
    return out


def _missing_notes(frags: list[Fragment], notes: list[RawNote]) -> frozenset[int]:
    """Note numbers up to the highest that appear nowhere (call or text)."""
    seen = {c for f in frags for c in f.calls}
    seen |= {int(n.label) for n in notes if n.label.isdigit()}
    return frozenset(set(range(1, max(seen, default=0) + 1)) - seen)


def _pins(units: list[Unit], opts: Options, breaks: set[int]
          ) -> tuple[list[tuple[int, int]], list[int]]:
    """Locate pinned joins and orders; add the page breaks they imply."""
    joins: list[tuple[int, int]] = []
    for i, j in enumerate(opts.joins):
        a = _locate(units, j.after, f"joins[{i}].after", "end")
        b = _locate(units, j.next, f"joins[{i}].next", "start")
        if a == b:
            raise ManifestError(f"library-md option joins[{i}]: 'after' and "
                                "'next' quote the same paragraph")
        breaks.update({a + 1, b})
        joins.append((a, b))
    order = []
    for i, q in enumerate(opts.order):
        u = _locate(units, q, f"order[{i}]", "start")
        breaks.add(u)
        order.append(u)
    return joins, order


@cleaner("library-md", detect=detect, version="3", extensions=(".md",),
         docs="docs/formats/library-md.md", select=True,
         description="Markdown export of The Anarchist Library; shuffled "
                     "pages put back in order, notes attached")
def clean(raw: str, *, source: str, options: Mapping[str, Any]) -> CleanResult:
    """Clean one export; see the module documentation."""
    opts = parse_options(options)
    if not isinstance(raw, str):
        raise InputError(f"{source}: library-md needs text, not {type(raw).__name__}")
    report = CleaningReport("library-md", source)
    report.counts["lines-in"] = len(raw.splitlines())
    # Composed letters (NFC), so that a word split across a page break
    # ("e" + combining accent) joins as the reader sees it.
    composed = unicodedata.normalize("NFC", raw)
    if composed != raw:
        report.counts["unicode-composed"] += 1
        raw = composed
    paras = split_paragraphs(raw)
    tb = read_title_block(paras)
    for kind, text, line in tb.removals:
        report.remove(kind, text, line)
    left = leftover_words(paras, tb)
    if left:
        report.remove("title-block", " ".join(sorted(left.elements())),
                      tb.title_line)
    prefer = dominant_script(raw)
    meta = _metadata(tb, report, prefer)
    items = classify(paras[tb.consumed:])
    units, breaks, hard, contents, raw_notes, page_notes = _units(items, report, prefer)
    contents_lines = [e[2] for it in items if it.kind == "contents" for e in it.entries]
    join_pins, order_units = _pins(units, opts, breaks)
    frags = build_fragments(units, breaks, hard, page_notes)
    where: dict[int, int] = {}
    for f in frags:
        for u in f.units:
            where[id(u)] = f.index
    frag_of = [where[id(u)] for u in units]
    pins = {frag_of[a]: frag_of[b] for a, b in join_pins}
    if len(set(pins.values())) != len(pins):
        raise ManifestError("library-md option joins: two joins lead to the "
                            "same fragment")
    order_pos = [-1] * len(frags)
    for pos, unit in enumerate(order_units):
        if order_pos[frag_of[unit]] >= 0:
            raise ManifestError(f"library-md option order[{pos}] names a "
                                "fragment already in the order")
        order_pos[frag_of[unit]] = pos
    scorer = Scorer(frags, _missing_notes(frags, raw_notes))
    ranks = _ranks(frags, contents)
    result, arcs, start, end = _order(frags, scorer, ranks, pins, order_pos,
                                      report, opts.reorder)
    drafts = join_fragments(frags, result.order, result.links, arcs, start,
                            end, report, scorer.lost_notes)
    drafts = _missing_sections(drafts, contents, contents_lines, report)
    blocks = build_blocks(drafts, source, report)
    notes = build_notes(blocks, raw_notes, source, report)
    blocks = mark_editorial(blocks, opts.editorial, report)
    doc = Document(meta, blocks, notes)
    check_conservation(raw, document_words(doc), report)
    return CleanResult(doc, report)
