"""Trial layouts: the nudges of uneven paragraphs chosen in one small
layout instead of a re-layout of the whole segment per nudge.

A paragraph's line breaks depend on its measure, its own style (font,
indent, spacing, hyphenation, language) and its words, not on the page
it falls on: WeasyPrint breaks lines first-fit, and a paragraph split by
a page break resumes at the same place it would have broken anyway.  So
the even-type nudges of :mod:`.evenness` (and the lone-word nudges of
:mod:`.notecheck`) need not be tried one whole re-layout at a time, four
layouts of a segment where one would do (a cold build of the default
book spent three fifths of its layout on them).

:func:`trial_document` keeps of the segment's document only the
paragraphs to mend, in their places (their sections, block quotes and
lists around them, so every inherited style is the same), under one
nudge of :data:`.evenness.VARIANTS`; every other paragraph, heading,
table and note body (a note's call stays) is taken out.  The indent each
paragraph had (``h2 + p`` and the like no longer select the same
elements) is written on it.  :func:`choose` lays such trials out, one
variant after another (:data:`.evenness.TRIAL_ORDER`), each holding only
the paragraphs still at fault, and keeps for each paragraph the variant
with the fewest faults (:func:`.evenness.faults`), none when none is
better.  The trials stop at pagination (:func:`paginate_only`): no page
is drawn.

On the default book this took a cold build's layouts of the four texts
and the introduction from five each to two (three for the longest,
whose nudges pushed a note away), the trials costing about a full
layout in all.

The trial is checked, not trusted: the segment's next layout compares
each paragraph's lines with those the trial expected
(:meth:`.notecheck.NoteGuard._check_expected`), and a paragraph set
otherwise, and worse, goes back to the round-by-round nudges (a user's
stylesheet that styles paragraphs by their position, a page reference
whose number the trial lacks).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

from .evenness import (JUSTIFIED_TAGS, TRIAL_ORDER, VARIANTS, ParaLine,
                       faults)

DROPPED = ("p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
           "table", "pre", "figure", "img", "hr")
"""The elements taken out of the trial unless they hold or are a
paragraph to mend."""


_ID = re.compile(r'\sid="[^"]*"')

CALL_STYLE = "vertical-align: super; font-size: 0.68em; line-height: 0"
"""print.css's ``.footnote::footnote-call``, which a test keeps in step."""

Signature = tuple[tuple[int, bool, float], ...]


def signature(lines: list[ParaLine]) -> Signature:
    """What must agree between a paragraph's lines in the segment and in
    the trial."""
    return tuple((line.words, line.hyphen, round(line.fill, 3))
                 for line in lines)


def trial_document(html: str, indents: dict[str, str], variant: int
                   ) -> tuple[str, str]:
    """The trial's HTML and CSS for the paragraphs ``indents`` names
    (id -> its laid-out ``text-indent``, as CSS), each under ``variant``
    of :data:`VARIANTS`."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    kept = {str(el.get("id")): el for el in root.iter(*JUSTIFIED_TAGS)
            if el.get("id") in indents}
    protect: set[Any] = set()
    for el in kept.values():
        protect.add(el)
        protect.update(el.iterancestors())
        protect.update(el.iterdescendants())
    for el in list(root.iter(*DROPPED)):
        parent = el.getparent()
        if el in protect or parent is None:
            continue
        parent.remove(el)
    # A note's body floats to the page foot: only its call takes room in
    # the line.  The call is set as print.css sets ``::footnote-call``, in
    # a span, and the note is no float: no footnote area is laid out (a
    # fifth of the trial's time).  A user's stylesheet that sets calls
    # otherwise makes the trial err, which the segment's next layout sees.
    for el in list(root.iter("span")):
        if "footnote" in (el.get("class") or "").split():
            for child in list(el):
                el.remove(child)
            label = el.get("data-label") or ""
            el.text = None
            el.set("style", "float: none")
            if label and "unnumbered" not in (el.get("class") or "").split():
                call = lxml.html.Element("span")
                call.set("style", CALL_STYLE)
                call.text = label
                el.append(call)
    rules = []
    nudge = VARIANTS[variant - 1]
    for pid, el in kept.items():
        style = el.get("style")
        el.set("style", (style + ";" if style else "")
                        + f"text-indent: {indents[pid]}")
        rules.append(f'[id="{pid}"] {{ {nudge} }}')
    return lxml.html.tostring(root, encoding="unicode"), "\n".join(rules)


def indent_of(box: Any) -> str:
    """A paragraph box's laid-out ``text-indent``, as CSS."""
    value = box.style["text_indent"]
    unit = getattr(value, "unit", None) or "px"
    return f"{getattr(value, 'value', 0)}{unit}"


class _Paginated(Exception):
    """The trial is paginated: nothing after it is needed."""


@contextlib.contextmanager
def paginate_only(pages: list[Any]) -> Iterator[None]:
    """Within this block a WeasyPrint render stops once it has paginated
    (no margin boxes, no drawing), its page boxes in ``pages``; the
    render raises :class:`_Paginated`, which the block swallows."""
    import weasyprint.layout as wl

    make_all, margin = wl.make_all_pages, wl.make_margin_boxes

    def all_pages(*args: Any, **kw: Any) -> Iterator[Any]:
        for page in make_all(*args, **kw):
            pages.append(page)
            yield page

    def stop(context: Any, page: Any, state: Any) -> Any:
        raise _Paginated()

    wl.make_all_pages, wl.make_margin_boxes = all_pages, stop
    try:
        yield
    except _Paginated:
        pass
    finally:
        wl.make_all_pages, wl.make_margin_boxes = make_all, margin


def choose(render: Any, html: str, found: dict[str, list[ParaLine]],
           indents: dict[str, str], forced: set[str]
           ) -> dict[str, tuple[int, int, Signature]]:
    """Paragraph id -> the variant of :data:`VARIANTS` to keep (0: none),
    with the faults and the lines it is expected to have, for the
    paragraphs of ``found`` (id -> its lines in the segment).

    ``render(css, html)`` lays a trial out.  The first trial holds every
    paragraph under the first variant; each later one holds those still
    at fault under every variant tried, under the next variant.  The
    variant with the fewest faults wins, the earliest of equals.  (That
    the trial sets a paragraph as the segment would is checked in the
    segment's next layout: :meth:`.notecheck.NoteGuard.watch`.)"""
    from .evenness import paragraph_lines

    scores = {pid: {0: (faults(lines, lone=pid not in forced),
                        signature(lines))}
              for pid, lines in found.items()}
    pending = {p for p, tried in scores.items() if tried[0][0] > 0}
    for variant in TRIAL_ORDER:
        if not pending:
            break
        doc, css = trial_document(html, {p: indents[p] for p in pending
                                         if p in indents}, variant)
        pages: list[Any] = []
        with paginate_only(pages):
            render(css, doc)
        lines = paragraph_lines(pages)
        for pid in pending:
            got = lines.get(pid)
            if got is not None:
                scores[pid][variant] = (faults(got, lone=pid not in forced),
                                        signature(got))
        pending = {p for p in pending
                   if min(n for n, _ in scores[p].values()) > 0}
    out = {}
    for pid, tried in scores.items():
        best = min(tried, key=lambda k: (tried[k][0], k))
        out[pid] = (best, *tried[best])
    return out


def indents(page_boxes: list[Any], ids: set[str]) -> dict[str, str]:
    """The laid-out ``text-indent`` of the paragraphs ``ids`` (the first
    box of each)."""
    out: dict[str, str] = {}
    stack = [c for p in page_boxes for c in (getattr(p, "children", None)
                                             or ())][::-1]
    while stack and len(out) < len(ids):
        box = stack.pop()
        el = getattr(box, "element", None)
        bid = el.get("id", "") if el is not None else ""
        if bid in ids and bid not in out and \
                type(box).__name__ == "BlockBox":
            out[bid] = indent_of(box)
        if type(box).__name__ != "LineBox":
            stack.extend(reversed(list(getattr(box, "children", None)
                                       or ())))
    return out


def paragraph_keys(html: str) -> dict[str, str]:
    """Paragraph id -> what its trial choice depends on, as a digest: the
    paragraph as written (its id aside: ids are numbered in order, and an
    edit before it renumbers them), the element before it and its
    ancestors (the selectors of its indent and style).  A choice kept
    under the same key in an earlier build is the choice a trial would
    make again (:func:`.notecheck.render_with_notes` ``seeds``), and is
    checked as a trial's is."""
    import hashlib

    import lxml.html

    root = lxml.html.document_fromstring(html)
    out: dict[str, str] = {}
    for el in root.iter(*JUSTIFIED_TAGS):
        pid = el.get("id")
        if not pid:
            continue
        h = hashlib.sha256()
        prev = el.getprevious()
        context = [f"{prev.tag}.{prev.get('class', '')}" if prev is not None
                   else "-"]
        context += [f"{a.tag}.{a.get('class', '')}.{a.get('lang', '')}"
                    for a in el.iterancestors()]
        h.update("|".join(context).encode())
        h.update(b"\0")
        h.update(_ID.sub("", lxml.html.tostring(
            el, encoding="unicode", with_tail=False)).encode())
        out[pid] = h.hexdigest()[:32]
    return out
