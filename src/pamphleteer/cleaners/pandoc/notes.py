"""Notes of a web page or an EPUB: links to a note's text become a call
and a note; the note's way back to its call is dropped (see :mod:`.html`)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ...report import CleaningReport
from .convert import NOTE_CALL_CLASS, NOTE_CLASS
from .page import (PAGE_ANCHOR, _BLOCK, _classes, attr, detach_tail, drop,
                   local, text_of)
_LABEL = re.compile(r"^[\[(]?\s*(\d{1,4}[a-z]?|[*†‡§¶]{1,3}|[a-z]|[ivxlc]{1,6})"
                    r"\s*[\])]?\.?$", re.I)
# The blocks one note or one paragraph of text is (for links that point at
# each other's paragraph).
_LEAF = frozenset({"p", "li", "dd", "dt", "td", "th"})
_NOTE_KIND = re.compile(r"foot-?note|end-?note|rear-?note|\bnote|\bfn\d*\b",
                        re.I)


# --------------------------------------------------------------------------
# Notes
# --------------------------------------------------------------------------

def _is_block(el: Any) -> bool:
    return local(el.tag) in _BLOCK


class _Marks:
    """How many elements marked by one of ``ids`` each element holds
    (itself included), counted once per tree: asking is then constant
    time, where iterating an element's subtree for every note made pages
    with thousands of notes quadratic."""

    def __init__(self, ids: set[str]):
        self.ids = ids
        self.count: dict[Any, int] = {}
        self.roots: set[Any] = set()

    def inside(self, el: Any) -> int:
        root = el.getroottree().getroot()
        if root not in self.roots:
            self.roots.add(root)
            for x in root.iter():
                if isinstance(x.tag, str) and \
                        (x.get("id") or x.get("name")) in self.ids:
                    node = x
                    while node is not None:
                        self.count[node] = self.count.get(node, 0) + 1
                        node = node.getparent()
        return self.count.get(el, 0)


def _note_block(target: Any, ids: set[str] | _Marks) -> Any:
    """The block holding the note that ``target`` (an anchor) marks."""
    marks = ids if isinstance(ids, _Marks) else _Marks(ids)
    el = target
    while el is not None and not _is_block(el):
        el = el.getparent()
    if el is None:
        return None
    while True:
        parent = el.getparent()
        if parent is None or local(parent.tag) in ("body", "html", "main",
                                                   "article"):
            break
        if marks.inside(parent) > 1:
            break
        if re.search(r"notes\b", _classes(parent) + " " + attr(parent, "type")
                     + " " + (parent.get("role") or ""), re.I):
            break  # the section of all the notes, not one note
        if local(parent.tag) in ("aside", "li", "dd") or \
                _NOTE_KIND.search(_classes(parent) + " " + attr(parent, "type")
                                  + " " + (parent.get("role") or "")):
            el = parent
            continue
        break
    return el


def _note_targets_in(el: Any, ids: set[str]) -> int:
    return sum(1 for x in el.iter() if isinstance(x.tag, str)
               and (x.get("id") or x.get("name")) in ids)


def link_notes(body: Any, report: CleaningReport,
               resolve: Any = None) -> list[Any]:
    """Find note calls and their notes; replace each call by a marker span
    and return the note blocks wrapped in marker divs (in call order), to
    be appended after the text.  ``resolve(href)`` maps an href to an
    element for links across files (EPUB); by default ``#id`` in ``body``."""
    by_id: dict[str, Any] = {}
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("id", "name"):
            v = el.get(name)
            if v and v not in by_id:
                by_id[v] = el

    def target_of(href: str) -> Any:
        if resolve is not None:
            return resolve(href)
        if href.startswith("#"):
            return by_id.get(href[1:])
        return None

    cands: list[tuple[Any, Any]] = []
    explicit_back: set[int] = set()
    explicit_call: set[int] = set()
    for a in list(body.iter("a")):
        href = a.get("href") or ""
        if "#" not in href:
            continue
        t = target_of(href)
        if t is None or t is a or _in_heading(t):
            continue  # a link to a heading: contents, not a note
        if PAGE_ANCHOR.match(t.get("id") or t.get("name") or "") and \
                not text_of(t):
            continue  # a link to a printed page ("141" in the contents)
        label = text_of(a)
        typ = f"{attr(a, 'type')} {a.get('role') or ''} {a.get('class') or ''}"
        marked = bool(re.search(r"noteref|footnote-?ref|fnref|footnote-?call"
                                r"|\bfn\b", typ, re.I))
        is_back = bool(re.search(r"backlink|footnote-?back|fnback|return",
                                 typ, re.I))
        if not (marked or is_back or (_LABEL.match(label)
                                      and a.find(".//img") is None)):
            continue
        if is_back:
            explicit_back.add(id(a))
        elif marked:
            explicit_call.add(id(a))
        cands.append((a, t))
    if not cands:
        return []
    order = {id(el): i for i, el in enumerate(body.iter())}

    def host(x: Any) -> Any:
        """An empty anchor stands for the element right after it."""
        if len(x) == 0 and not (x.text or "").strip() and \
                not (x.tail or "").strip() and x.getnext() is not None:
            return x.getnext()
        return x

    def leaf(x: Any) -> Any:
        """The paragraph, list item or cell holding ``x`` (or None)."""
        node = host(x)
        while node is not None and local(node.tag) not in _LEAF:
            node = node.getparent()
        return node

    def near(x: Any, y: Any) -> bool:
        hx, hy = host(x), host(y)
        if hx is hy or _contains(hx, hy) or _contains(hy, hx):
            return True
        # Gutenberg's way back leads to an anchor a few words before the
        # call, in the same paragraph ("<a name=ft1></a>All that aims ...
        # music.<a href=#fn1>1</a>"): the same paragraph is near enough.
        lx = leaf(x)
        return lx is not None and lx is leaf(y)

    # Two links pointing at each other: the later one is the note's way
    # back to its call (notes follow the text), unless marked otherwise.
    # The links near a target are looked up, not searched for among all
    # the links (a page of 5,000 notes had 10,000 links, 10^8 pairs).
    hosts = [host(b) for b, _ in cands]
    at_host: dict[Any, list[int]] = {}  # links by their host
    under: dict[Any, list[int]] = {}  # links by every element holding them
    for j, h in enumerate(hosts):
        at_host.setdefault(h, []).append(j)
        node = h
        while node is not None:
            under.setdefault(node, []).append(j)
            node = node.getparent()
    back = set(explicit_back)
    for a, t in cands:
        ht = host(t)
        near_t = set(under.get(ht, ()))  # the target holds them
        lt = leaf(t)
        if lt is not None:  # or its paragraph does
            near_t.update(under.get(lt, ()))
        node = ht.getparent()
        while node is not None:  # or they hold the target
            near_t.update(at_host.get(node, ()))
            node = node.getparent()
        for j in sorted(near_t):
            b, u = cands[j]
            if b is a or not near(u, a):
                continue
            later = a if order.get(id(a), 0) > order.get(id(b), 0) else b
            other = b if later is a else a
            if id(later) in explicit_call and id(other) not in explicit_call:
                later = other
            back.add(id(later))
    calls0 = [(a, t) for a, t in cands if id(a) not in back]
    target_ids = _Marks({(t.get("id") or t.get("name")) for _, t in calls0})
    calls: list[tuple[Any, Any]] = []
    for a, t in calls0:
        nb = _note_block(t, target_ids)
        if nb is None or _contains(nb, a) or local(nb.tag) in (
                "h1", "h2", "h3", "h4", "h5", "h6", "body"):
            continue
        after = _text_after_empty_anchor(nb, t, a, target_ids)
        if after is not None:
            if not text_of(nb):
                drop(nb, "empty", report)
            report.counts["note-after-its-anchor"] += 1
            nb = after
        headed = [h for h in nb.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if headed and not _NOTE_KIND.search(_classes(nb)):
            # A section, not a note (a link to a chapter's first words).
            if _LABEL.match(text_of(a)) and id(a) not in explicit_call:
                continue
            report.problem("HTML005", f"the note call {text_of(a)!r} "
                           "links to a part with headings, not a note: "
                           "left as text", a.sourceline or 0)
            continue
        for h in headed:
            # A note of its own class may hold a heading (a table's title
            # in a long note): a paragraph of the note.
            report.remove("note-heading", f"<{local(h.tag)}>",
                          h.sourceline or 0)
            h.tag = "p"
        calls.append((a, nb))
    for a, _ in cands:
        if id(a) in back and a.getparent() is not None:
            drop(a, "note-backlink", report)
    call_ids = set()
    for a, _ in calls:
        for el in (a, a.getparent()):
            if el is not None and el.get("id"):
                call_ids.add(el.get("id"))
    # Preserve order of first call; several calls to one note share it.
    notes: list[Any] = []
    emptied: list[Any] = []
    seen: dict[int, str] = {}
    targets = {id(nb) for _, nb in calls}
    for a, nb in calls:
        if a.getparent() is None:
            continue
        key = seen.get(id(nb))
        if key is None:
            key = str(len(seen) + 1)
            seen[id(nb)] = key
            wrapper = etree.Element("div")
            wrapper.set("class", NOTE_CLASS)
            wrapper.set("n", key)
            more = _continued(nb, targets)
            parent = nb.getparent()
            if parent is not None:
                emptied.append(parent)
                detach_tail(nb)  # (the text after it stays there)
                parent.remove(nb)
            _strip_number(nb, text_of(a), report)
            wrapper.append(nb if local(nb.tag) not in ("li", "dd", "td", "tr")
                           else _as_div(nb))
            for extra in more:
                detach_tail(extra)
                wrapper.append(extra)  # moves it
                report.counts["note-paragraphs-continued"] += 1
            notes.append(wrapper)
        label = text_of(a)
        report.remove("note-call", label, a.sourceline or 0)
        span = etree.Element("span")
        span.set("class", NOTE_CALL_CLASS)
        span.set("n", key)
        holder = a
        parent = a.getparent()
        if parent is not None and local(parent.tag) == "sup" and \
                text_of(parent) == label and len(parent) == 1:
            holder = parent
        span.tail = holder.tail
        holder.getparent().replace(holder, span)
        report.counts["note-links"] += 1
    for parent in emptied:
        # the list or section that held the notes, now without a word
        # (pandoc's and many sites' <section class="footnotes"><hr><ol>)
        while parent is not None and parent is not body and \
                parent.getparent() is not None and not text_of(parent):
            up = parent.getparent()
            drop(parent, "notes-heading", report)
            parent = up
    for wrapper in notes:
        for a in list(wrapper.iter("a")):
            href = a.get("href") or ""
            if "#" in href and href.rsplit("#", 1)[1] in call_ids:
                parent = a.getparent()
                _drop_brackets_round(a, report)
                drop(a, "note-backlink", report)
                # the brackets the way back sat in ("[←12]" in a dt)
                if parent is not None and parent is not wrapper and \
                        parent.getparent() is not None and re.fullmatch(
                            r"[\[\]()\s↑↩^.:]*", text_of(parent)):
                    drop(parent, "note-backlink", report)
    return notes


def _drop_brackets_round(a: Any, report: CleaningReport) -> None:
    """The brackets a way back sits in, in running text ("1 (<a>return</a>)
    [the note]"): they go with it."""
    prev = a.getprevious()
    parent = a.getparent()
    before = prev.tail if prev is not None else parent.text
    m = re.search(r"([(\[])[\s\u00a0]*$", before or "")
    n = re.match(r"^[\s\u00a0]*([)\]])", a.tail or "")
    if m is None or n is None or "([".index(m.group(1)) != ")]".index(
            n.group(1)):
        return
    rest = (before or "")[:m.start()]
    if prev is not None:
        prev.tail = rest
    else:
        parent.text = rest
    a.tail = " " + (a.tail or "")[n.end():]
    report.remove("note-backlink", m.group(1) + n.group(1),
                  a.sourceline or 0)


def _text_after_empty_anchor(nb: Any, target: Any, call: Any,
                             marks: _Marks) -> Any:
    """The block after ``nb`` when the note's anchor ``target`` stands
    for it and that block is the note: David Widger's Gutenberg books set
    ``<p><a name="linknote-1"></a></p>`` and then ``<p class="foot">1
    (<a href="#linknoteref-1">return</a>) [the note]</p>``, and now and
    then the next note's anchor at the end of a note (``[...] <a
    name="linknote-21"></a></p><p class="foot">21 (...``).  ``nb`` holds
    no word but the anchor, or nothing after it; the block after it holds
    no other note's anchor but at its end, and begins with the call's
    label or holds a link back to the call; else None."""
    if local(nb.tag) not in ("p", "div") or nb.find(".//img") is not None \
            or not (not text_of(nb) or _trailing(target, nb)):
        return None
    sib = nb.getnext()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getnext()  # a comment
    if sib is None or not _is_block(sib) or not text_of(sib) or \
            local(sib.tag) in _HEADINGS or not all(
                _trailing(x, sib) for x in sib.iter()
                if isinstance(x.tag, str) and
                (x.get("id") or x.get("name")) in marks.ids):
        return None
    ids = {x for el in (call, call.getparent()) if el is not None
           for x in (el.get("id"), el.get("name")) if x}
    back = any((x.get("href") or "").rsplit("#", 1)[-1] in ids
               for x in sib.iter("a") if "#" in (x.get("href") or ""))
    core = re.sub(r"[\[\]().\s]", "", text_of(call))
    lead = re.match(r"^[\s\[(]*(\w+|[*†‡§¶]+)", text_of(sib))
    if back or (core and lead is not None and lead.group(1) == core):
        return sib
    return None


def _trailing(x: Any, block: Any) -> bool:
    """``x`` is an empty anchor with no text after it in ``block``."""
    if local(x.tag) != "a" or text_of(x) or x is block:
        return False
    node = x
    while node is not None and node is not block:
        if (node.tail or "").strip():
            return False
        sib = node.getnext()
        while sib is not None:
            if isinstance(sib.tag, str) and text_of(sib):
                return False
            if (sib.tail or "").strip():
                return False
            sib = sib.getnext()
        node = node.getparent()
    return node is block


def _continued(nb: Any, targets: set[int]) -> list[Any]:
    """The paragraphs that carry a note on after its first: the blocks
    following it of its own class (a note class: ``endnote``, ``note``,
    ``footnote``), up to the next note."""
    cls = (nb.get("class") or "").strip()
    if local(nb.tag) != "p" or not re.search(r"(?i)note", cls):
        return []
    out = []
    sib = nb.getnext()
    while sib is not None and isinstance(sib.tag, str) and \
            local(sib.tag) == "p" and (sib.get("class") or "").strip() == cls \
            and id(sib) not in targets and not any(
                id(x) in targets for x in sib.iter()):
        out.append(sib)
        sib = sib.getnext()
    return out


_NOTES_HEADING = re.compile(
    r"^\W*(?:foot-?notes?|end-?notes?|notes?|notas?|anmerkungen|fußnoten|"
    r"endnoten|примечания|сноски|notes de bas de page|note)\W*$", re.I)


def strip_notes_headings(root: Any, report: CleaningReport) -> None:
    """A "Notes" heading left with nothing under it once its notes moved
    to their calls."""
    _empty_headings(root, _NOTES_HEADING, "notes-heading", report)


def _empty_headings(root: Any, rx: Any, kind: str,
                    report: CleaningReport, least: int = 1) -> None:
    """Drop the headings matching ``rx`` left with nothing under them
    before the next heading, when there are ``least`` or more of them
    (and, when more than one is asked, not all Roman numerals)."""
    gone = []
    for h in list(root.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        if h.getparent() is None or not rx.match(text_of(h)):
            continue
        sib = h.getnext()
        empty = True
        while sib is not None:
            if local(sib.tag) in ("h1", "h2", "h3", "h4", "h5", "h6"):
                break
            if text_of(sib):
                empty = False
                break
            sib = sib.getnext()
        if empty and not (h.tail or "").strip():
            gone.append(h)
    letters = {re.sub(r"\W", "", text_of(h)).upper() for h in gone}
    if least > 1 and letters <= set("IVXLCDM"):
        return  # chapters' numbers (I, V, X) over their titles, no index
    if len(gone) >= least:
        for h in gone:
            drop(h, kind, report)


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _in_heading(el: Any) -> bool:
    """A heading, inside one, or an empty anchor that stands for the
    heading after it: just before it, or last in a paragraph followed by
    nothing but empty blocks and then the heading (Gutenberg's
    ``<p><a name="link2H_4_0003"></a></p><div><br></div><h1>``, or at
    the end of a paragraph so followed)."""
    node = el
    if local(node.tag) == "a" and not text_of(node):
        if node.getnext() is not None:
            node = node.getnext()  # an empty anchor just before a heading
        elif not (node.tail or "").strip():
            # the last thing in its paragraph ("A.B. <a name=...></a>",
            # a signature, then the next section's heading)
            block = node.getparent()
            if block is not None:
                sib = block.getnext()
                while sib is not None and isinstance(sib.tag, str) and \
                        local(sib.tag) not in _HEADINGS and \
                        not text_of(sib) and sib.find(".//img") is None:
                    sib = sib.getnext()
                if sib is not None and local(sib.tag) in _HEADINGS:
                    return True
    while node is not None:
        if local(node.tag) in _HEADINGS:
            return True
        node = node.getparent()
    return False


def _contains(outer: Any, el: Any) -> bool:
    node = el
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _is_note_like(target: Any, block: Any) -> bool:
    what = " ".join([_classes(target), attr(target, "type"),
                     target.get("role") or ""])
    if block is not None:
        what += " " + " ".join([_classes(block), attr(block, "type"),
                                block.get("role") or ""])
    return bool(_NOTE_KIND.search(what))


def _as_div(el: Any) -> Any:
    el.tag = "div"
    return el


def _strip_number(block: Any, label: str, report: CleaningReport) -> None:
    """Remove the note's own number at its start (``1.``, ``[1]``) when it
    repeats the call's label (its link back is already gone)."""
    core = re.sub(r"[\[\]().\s]", "", label)
    if not core:
        return
    first = next((n for n in block.iter() if isinstance(n.tag, str)
                  and n.text and n.text.strip()), None)
    if first is not None:
        m = re.match(r"^[\s\u00a0]*[.)\]:][\s\u00a0]+", first.text)
        # the rest of "1. " once the number (a link back) is gone
        if m and (first is block or first.getprevious() is None):
            report.remove("note-number", m.group(0).strip(), 0)
            first.text = first.text[m.end():]
    rx = re.compile(r"^\s*[\[(]?\s*" + re.escape(core) + r"\s*[\])]?\.?(?=\s|$)")
    for node in block.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and node.text.strip():
            m = rx.match(node.text)
            if m:
                report.remove("note-number", m.group(0).strip(),
                              node.sourceline or 0)
                node.text = node.text[m.end():].lstrip(" \t\n\u00a0")
                if not node.text.strip() and node is not block and node.tail:
                    # "<a>1</a>. Text": the number's period is in the tail
                    node.tail = re.sub(r"^[.)\]:]?[\s\u00a0]*", "",
                                       node.tail)
            return
        if local(node.tag) in ("img",):
            return


# --------------------------------------------------------------------------
# Notes without links: "[1]" in the text, a "footnote" paragraph "[1] ..."
# --------------------------------------------------------------------------

_BRACKET_NOTE = re.compile(r"^\s*\[(\d{1,3}|[*†‡])\]")
_BRACKET_CALL = re.compile(r"\[(\d{1,3}|[*†‡])\]")
_SKIP_CALLS_IN = frozenset({"a", "script", "style", "pre", "code", "h1",
                            "h2", "h3", "h4", "h5", "h6", "title"})


def _bracket_note_blocks(body: Any) -> list[Any]:
    """The paragraphs of a note class (``footnote``, ``note``...) that
    begin with a bracketed label and hold no link: notes an older
    Project Gutenberg file (and many a page typed by hand) sets after the
    text, their calls plain ``[1]`` in it."""
    out = []
    for el in body.iter("p", "div"):
        if el.get("class") is None or \
                not _NOTE_KIND.search(_classes(el)) or \
                el.find(".//a[@href]") is not None or \
                any(local(x.tag) in ("p", "div") for x in el.iter()
                    if x is not el and isinstance(x.tag, str)):
            continue
        if _BRACKET_NOTE.match(text_of(el)):
            out.append(el)
    return out


def _text_slots(body: Any, notes: set[int]) -> list[tuple[Any, str]]:
    """Every text of ``body`` a call may sit in, in reading order: (the
    element, "text" or "tail"), leaving out the notes, links, headings
    and code."""
    out: list[tuple[Any, str]] = []

    def walk(el: Any, skip: bool) -> None:
        inside = skip or id(el) in notes or \
            (isinstance(el.tag, str) and local(el.tag) in _SKIP_CALLS_IN)
        if isinstance(el.tag, str) and not inside and el.text:
            out.append((el, "text"))
        for child in el:
            walk(child, inside)
            if child.tail and not skip and id(el) not in notes:
                out.append((child, "tail"))

    walk(body, False)
    return out


def bracket_notes(body: Any, report: CleaningReport) -> list[Any]:
    """Link notes set as text: each note paragraph ``[N] ...`` of a note
    class (:func:`_bracket_note_blocks`) to the first ``[N]`` of the text
    after the previous notes' calls and before it (numbers start again
    after each group of notes: an essay's notes follow it).  Each call
    becomes a marker span and each note is returned wrapped as
    :func:`link_notes` wraps one (keys ``b1``, ``b2``...).  A note whose
    call is not found stays in the text, said (HTML004) with its line."""
    blocks = _bracket_note_blocks(body)
    if not blocks:
        return []
    ids = {id(b) for b in blocks}
    # (The elements are held, so that their proxies' ids stay theirs.)
    every = list(body.iter())
    order = {id(el): i for i, el in enumerate(every)}
    slots = _text_slots(body, ids)
    # Every "[N]" of the text, with where it is.
    found: list[tuple[int, int, Any, str, re.Match[str]]] = []
    for k, (el, which) in enumerate(slots):
        text = getattr(el, which) or ""
        for m in _BRACKET_CALL.finditer(text):
            pos = order[id(el)] if which == "text" else \
                order[id(el)] + sum(1 for _ in el.iter())
            found.append((pos, k, el, which, m))
    # The calls of each label, in reading order (looked up, not searched:
    # a page of thousands of notes).
    by_label: dict[str, list[int]] = {}
    for j, f in enumerate(found):
        by_label.setdefault(f[4].group(1), []).append(j)
    taken: set[int] = set()
    chosen: list[tuple[Any, tuple[int, int, Any, str, re.Match[str]]]] = []
    floor = -1  # calls lie after the previous group of notes
    last_call = -1
    prev_block = None
    for block in blocks:
        start = order[id(block)]
        if prev_block is not None and not _same_group(prev_block, block):
            # (the last place inside it: a call may follow at once)
            floor = order[id(prev_block)] + \
                sum(1 for _ in prev_block.iter()) - 1
            last_call = floor
        prev_block = block
        label = _BRACKET_NOTE.match(text_of(block)).group(1)  # type: ignore[union-attr]
        hit = _first_call(by_label.get(label, ()), found, taken,
                          max(floor + 1, last_call), start)
        if hit is None:
            report.problem("HTML004", f"note [{label}] has no call "
                           f"[{label}] before it: left in the text; mark "
                           "its call by hand", block.sourceline or 0)
            continue
        taken.add(hit)
        last_call = found[hit][0]
        chosen.append((block, found[hit]))
    # Replace the calls, the last of each text first (offsets hold).
    notes: list[Any] = []
    keys: dict[int, str] = {}
    for n, (block, _) in enumerate(chosen, start=1):
        keys[id(block)] = f"b{n}"
    by_slot: dict[int, list[tuple[Any, re.Match[str]]]] = {}
    for block, (_, k, _, _, m) in chosen:
        by_slot.setdefault(k, []).append((block, m))
    for k, hits in by_slot.items():
        el, which = slots[k]
        for block, m in sorted(hits, key=lambda h: -h[1].start()):
            text = getattr(el, which) or ""
            span = etree.Element("span")
            span.set("class", NOTE_CALL_CLASS)
            span.set("n", keys[id(block)])
            span.tail = text[m.end():]
            setattr(el, which, text[:m.start()])
            if which == "text":
                el.insert(0, span)
            else:
                el.addnext(span)
            report.remove("note-call", m.group(0), el.sourceline or 0)
            report.counts["note-brackets"] += 1
    for block, _ in chosen:
        wrapper = etree.Element("div")
        wrapper.set("class", NOTE_CLASS)
        wrapper.set("n", keys[id(block)])
        detach_tail(block)
        block.getparent().remove(block)
        label = _BRACKET_NOTE.match(text_of(block)).group(0)  # type: ignore[union-attr]
        _strip_number(block, label, report)
        wrapper.append(block)
        notes.append(wrapper)
    return notes


def _first_call(calls: Any, found: list[Any], taken: set[int], low: int,
                high: int) -> int | None:
    """The first of ``calls`` (indices into ``found``, in reading order)
    not taken whose place is at least ``low`` and before ``high``."""
    lo, hi = 0, len(calls)
    while lo < hi:  # the first at ``low`` or after
        mid = (lo + hi) // 2
        if found[calls[mid]][0] < low:
            lo = mid + 1
        else:
            hi = mid
    for j in calls[lo:]:
        if found[j][0] >= high:
            return None
        if j not in taken:
            return j
    return None


def _same_group(a: Any, b: Any) -> bool:
    """Are two note paragraphs of one group: nothing but line breaks and
    rules between them?"""
    node = a.getnext()
    while node is not None and node is not b:
        if not isinstance(node.tag, str) or local(node.tag) in ("br", "hr"):
            node = node.getnext()
            continue
        if text_of(node):
            return False
        node = node.getnext()
    return node is b
