"""Inline conventions of Project Gutenberg plain text.

- ``_italics_`` (Distributed Proofreaders' convention, also the 1990s
  underscores) become emphasis;
- ``=bold=`` (DP's mark for bold, or for roman type inside a German text
  set in Fraktur) becomes strong;
- ``*bold*`` is NOT read as emphasis: in old files asterisks also stand for
  omitted letters (``d*mn``) and star separators, and DP texts use ``=``;
- note calls ``[1]``, ``[A]``, ``{1}`` become note references only when a
  note with that label exists in the text (:mod:`notes` decides).
"""

from __future__ import annotations

import re
from typing import Callable

from ...model import Emph, Inline, LineBreak, NoteRef, Strong, Text, walk_inlines
from ...report import CleaningReport

# _italic_: an underscore after a non-word character (or the start), text not
# starting or ending with a space, then an underscore before a non-word one.
EMPH = re.compile(r"(?<!\w)_(?=[^\s_])(?P<in>.+?)(?<=[^\s_])_(?!\w)", re.S)
# =bold=: the same shape with equals signs ("a = b" never matches: the sign
# must touch the word it opens).
STRONG = re.compile(r"(?<![\w=])=(?=[^\s=])(?P<in>[^=\n]+?)(?<=[^\s=])=(?![\w=])")
# A note call: [1], [12], [A], [a], [*], {1}.
CALL = re.compile(r"\[(?P<b>\d{1,3}|[A-Za-z]|[*†‡§])\]|\{(?P<c>\d{1,3})\}")


def parse(text: str, call_label: Callable[[str, int], str | None],
          ) -> tuple[Inline, ...]:
    """Inlines of ``text`` (typography already applied).

    ``call_label(label, offset)`` is asked for each possible call and
    returns the note's label to link, or None to keep the text as it is.
    Line breaks (``\\n``) become :class:`LineBreak`.
    """
    out: list[Inline] = []
    pos = 0
    while pos < len(text):
        best = None
        for kind, rx in (("emph", EMPH), ("strong", STRONG), ("call", CALL)):
            m = rx.search(text, pos)
            if m and (best is None or m.start() < best[1].start()):
                best = (kind, m)
        if best is None:
            break
        kind, m = best
        if kind == "call":
            raw = m.group("b") or m.group("c")
            label = call_label(raw, m.start())
            if label is None:
                _text(out, text[pos:m.end()])
                pos = m.end()
                continue
            # "elegantly {1} dressed": the call goes against its word.
            _text(out, text[pos:m.start()].rstrip(" "))
            out.append(NoteRef(label))
        else:
            _text(out, text[pos:m.start()])
            inner = parse(m.group("in"), call_label)
            out.append(Emph(inner) if kind == "emph" else Strong(inner))
        pos = m.end()
    _text(out, text[pos:])
    return tuple(out)


def _text(out: list[Inline], s: str) -> None:
    """Append text, turning newlines into line breaks."""
    if not s:
        return
    parts = s.split("\n")
    for k, part in enumerate(parts):
        if k:
            out.append(LineBreak())
        if part:
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + part)
            else:
                out.append(Text(part))


def lone_underscores(inlines: tuple[Inline, ...], line: int,
                     report: CleaningReport) -> None:
    """An underscore that pairs with none is kept as text, and said
    (``GUT009``): the italics around it are likely wrong ("worthy the_
    pens _and_ practices _of", where a transcriber set roman words inside
    an italic passage)."""
    for x in walk_inlines(inlines):
        if isinstance(x, Text) and "_" in x.text.replace("__", ""):
            at = x.text.index("_")
            report.problem(
                "GUT009", "an underscore pairs with no other "
                f"(“…{x.text[max(0, at - 20):at + 20].strip()}…”): it is "
                "kept as text, and the italics around it may be wrong; "
                "mend them in the source", line)
            return
