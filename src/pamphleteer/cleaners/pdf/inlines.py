"""Styled runs of printed lines into model inlines.

Each line's spans become runs of text with a style (italic, bold, small
capitals, raised) or a note call.  Lines are joined with their line-end
hyphens decided as ``pdf-text`` decides them
(:func:`pamphleteer.cleaners.pdf_text.hyphens.decide`).  Styles and calls
are carried through typography as private-use characters
(:func:`pamphleteer.cleaners.pdf_text.build.typeset_marked`), then parsed
into :class:`~pamphleteer.model.Emph`, ``Strong``, ``SmallCaps``, ``Sup``
and ``NoteRef`` inlines.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from ...model import Emph, LineBreak, NoteRef, SmallCaps, Strong, Sup, Text
from ...report import CleaningReport
from ..pdf_text.build import typeset_marked
from ..pdf_text.hyphens import HYPHENS, Vocabulary, decide, url_goes_on
from ..pdf_text.reflow import CALL_BASE
from .extract import Line, spaced

# Style marks: (open, close) per style, in nesting order.
STYLES = ("i", "b", "c", "s")
OPEN = {"i": "\ue400", "b": "\ue402", "c": "\ue404", "s": "\ue406"}
CLOSE = {"i": "\ue401", "b": "\ue403", "c": "\ue405", "s": "\ue407"}
BREAK = "\ue408"
MARKS = re.compile("[\ue000-\ue408]")
_KIND = {"i": Emph, "b": Strong, "c": SmallCaps, "s": Sup}
_LEFT = re.compile(r"([^\W\d_]+)[" + HYPHENS + r"]$")
_RIGHT = re.compile(r"^([^\W\d_]+)")


def line_runs(line: Line, calls: dict[int, int], sups: set[int],
              drop: AbstractSet[str] = frozenset()) -> list[tuple[str, frozenset]]:
    """(text, styles) runs of a line; a call is ``(mark, {"call"})``."""
    runs: list[tuple[str, frozenset]] = []
    prev = None
    for s in line.spans:
        if prev is not None and spaced(prev, s) and id(s) not in calls:
            runs.append((" ", frozenset()))
        prev = s
        if id(s) in calls:
            runs.append((chr(CALL_BASE + calls[id(s)]), frozenset({"call"})))
            continue
        style = set()
        if s.italic and "i" not in drop:
            style.add("i")
        if s.bold and "b" not in drop:
            style.add("b")
        if s.smallcaps:
            style.add("c")
        if id(s) in sups:
            style.add("s")
        runs.append((s.text, frozenset(style)))
    return runs


def join(lines: list[tuple[int, list]], vocab: Vocabulary,
         report: CleaningReport, breaks: bool = False) -> list:
    """Runs of several lines joined: a space, a decided hyphen, or (verse)
    a line break between them."""
    out: list = []
    for n, runs in lines:
        runs = [list(r) for r in runs]
        if not out:
            out = runs
            continue
        while out and not out[-1][0].strip() and "call" not in out[-1][1]:
            out.pop()
        while runs and not runs[0][0].strip():
            runs.pop(0)
        if not out:  # the lines before held nothing but spaces
            out = runs
            continue
        if runs and "call" in runs[0][1] and not breaks:
            # A call pushed to the start of the next line: it ends this one.
            out[-1][0] = out[-1][0].rstrip()
            out.append(runs.pop(0))
            while runs and not runs[0][0].strip():
                runs.pop(0)
        if not runs:
            continue
        if breaks:
            out.append([BREAK, frozenset({"call"})])
            out.extend(runs)
            continue
        tail = out[-1][0].rstrip() if "call" not in out[-1][1] else ""
        runs[0][0] = runs[0][0].lstrip()
        m = _LEFT.search(tail)
        r = _RIGHT.match(runs[0][0])
        # The word before the line's end, over the runs (a link set
        # apart from the sentence, a URL already joined from lines above).
        word_end = "".join(x[0] for x in out[-8:-1]) + tail
        if tail and url_goes_on(word_end, runs[0][0]):
            # A URL wrapped at a slash or a hyphen: one word again, its
            # hyphen kept.
            # (The typesetter's hyphen, WeasyPrint breaking an address,
            # was never part of it.)
            if tail[-1] in vocab.break_marks or tail[-1] == "\u00ad":
                tail = tail[:-1]
                word_end = word_end[:-1]
            out[-1][0] = tail
            word = runs[0][0].split()[0]
            report.change("url-joined", f"{word_end.split()[-1]}\n{word}",
                          word_end.split()[-1] + word, n,
                          detail="a URL continues on the next line",
                          rewrite=True)
        elif m and r and tail[-1] in HYPHENS:
            left, right, mark = m.group(1), r.group(1), tail[-1]
            ok, why = decide(left, right, mark, vocab)
            before = f"{left}{mark}\n{right}"
            if ok:
                out[-1][0] = tail[:-1]
                report.change("hyphen-joined", before, left + right, n,
                              detail=why, rewrite=True)
            else:
                out[-1][0] = tail[:-1] + "-"
                report.change("hyphen-kept", before, f"{left}-{right}", n,
                              detail=why)
        elif tail[-1:] in HYPHENS and runs[0][0][:1].isdigit():
            out[-1][0] = tail[:-1] + "-"
        else:
            if "call" not in out[-1][1]:
                out[-1][0] = out[-1][0].rstrip()
            out.append([" ", frozenset()])
        out.extend(runs)
    return out


def marked(runs: list) -> str:
    """One string of the runs with style marks, well nested."""
    # White space takes the style of its neighbours when both share it.
    items = [(t, set(st)) for t, st in runs if t]
    for k, (t, st) in enumerate(items):
        if not t.strip() and "call" not in st:
            before = items[k - 1][1] if k else set()
            after = items[k + 1][1] if k + 1 < len(items) else set()
            items[k] = (t, (before & after) - {"call"})
    out: list[str] = []
    open_: list[str] = []
    for t, st in items:
        if "call" in st:
            out.append(t)
            continue
        want = [s for s in STYLES if s in st]
        # Close down to the common prefix, then open the rest.
        keep = 0
        while keep < len(open_) and keep < len(want) and \
                open_[keep] == want[keep]:
            keep += 1
        lead = t[:len(t) - len(t.lstrip())]
        if len(open_) > keep or len(want) > keep:
            out.append(lead)
            t = t[len(lead):]
        while len(open_) > keep:
            out.append(CLOSE[open_.pop()])
        for s in want[keep:]:
            out.append(OPEN[s])
            open_.append(s)
        out.append(t)
    while open_:
        out.append(CLOSE[open_.pop()])
    return "".join(out)


def to_inlines(runs: list, report: CleaningReport) -> tuple:
    """Model inlines of joined runs, typography applied."""
    text = marked(runs)
    text = " ".join(text.split()) if BREAK not in text else "".join(
        " ".join(x.split()) for x in re.split(f"({BREAK})", text))
    done, counts = typeset_marked(text, MARKS)
    report.add_counts(counts)
    return _parse(done)


def _parse(text: str) -> tuple:
    stack: list[tuple[str, list]] = [("", [])]
    buf: list[str] = []

    def flush():
        if buf:
            stack[-1][1].append(Text("".join(buf)))
            buf.clear()

    for ch in text:
        o = ord(ch)
        if 0xE000 <= o < 0xE400:
            flush()
            stack[-1][1].append(NoteRef(str(o - CALL_BASE)))
        elif ch == BREAK:
            flush()
            stack[-1][1].append(LineBreak())
        elif ch in OPEN.values():
            flush()
            stack.append((ch, []))
        elif ch in CLOSE.values():
            flush()
            if len(stack) > 1:
                mark, kids = stack.pop()
                style = next(k for k, v in OPEN.items() if v == mark)
                _wrap(stack[-1][1], _KIND[style], kids)
        else:
            buf.append(ch)
    flush()
    while len(stack) > 1:
        mark, kids = stack.pop()
        style = next(k for k, v in OPEN.items() if v == mark)
        _wrap(stack[-1][1], _KIND[style], kids)
    return _tidy(tuple(stack[0][1]))


def _wrap(into: list, kind, kids: list) -> None:
    """Append ``kind(kids)`` with white space at its edges moved out."""
    if not kids:
        return
    lead = trail = ""
    if isinstance(kids[0], Text) and kids[0].text[:1].isspace():
        lead = " "
        kids[0] = Text(kids[0].text.lstrip())
    if isinstance(kids[-1], Text) and kids[-1].text[-1:].isspace():
        trail = " "
        kids[-1] = Text(kids[-1].text.rstrip())
    kids = [k for k in kids if not (isinstance(k, Text) and not k.text)]
    if lead:
        into.append(Text(lead))
    if kids:
        if all(isinstance(k, Text) and not k.text.strip(" ") for k in kids):
            into.extend(kids)
        else:
            into.append(kind(tuple(kids)))
    if trail:
        into.append(Text(trail))


def _tidy(inl: tuple) -> tuple:
    """Adjacent texts merged; the ends stripped."""
    out: list = []
    for x in inl:
        if isinstance(x, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + x.text)
        elif isinstance(x, (Emph, Strong, SmallCaps, Sup)):
            out.append(type(x)(_tidy(x.children)))
        else:
            out.append(x)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return tuple(x for x in out if not (isinstance(x, Text) and not x.text))
