"""Inline conventions of Project Gutenberg plain text.

- ``_italics_`` (Distributed Proofreaders' convention, also the 1990s
  underscores) become emphasis; italics inside italics (``_SCENE,
  _Peachum's_ House._``) are roman words inside an italic passage;
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
# Roman words inside an italic passage, marked by italics inside italics
# ("_SCENE, _Peachum's_ House._", "_To them, Enter _Player_ and
# _Beggar_._"): an inner pair opens after a space.  The passage is italic
# but for the inner words.
# (within one line: a verse line or a column's italics do not run on)
NESTED = re.compile(
    r"(?<!\w)_(?=[^\s_])(?P<in>(?:[^_\n]|(?<=[ \t])_(?=[^\s_])[^_\n]*?"
    r"(?<=[^\s_])_(?!\w))+?)(?<=[^\s_])_(?!\w)")
_INNER = re.compile(r"(?<=[ \t])_(?=[^\s_])(?P<in>[^_\n]*?)(?<=[^\s_])_"
                    r"(?!\w)")
# =bold=: the same shape with equals signs ("a = b" never matches: the sign
# must touch the word it opens).
STRONG = re.compile(r"(?<![\w=])=(?=[^\s=])(?P<in>[^=\n]+?)(?<=[^\s=])=(?![\w=])")
# ~bold~: a producer's mark for bold where the transcriber's note says so
# ("Text enclosed by tilde characters is in bold face"); elsewhere a tilde
# may mark roman type or be the text's own.
TILDE = re.compile(r"(?<![\w~])~(?=[^\s~])(?P<in>[^~\n]+?)(?<=[^\s~])~(?![\w~])")
# The closing marks alone (see parse).
_EMPH_CLOSE = re.compile(r"(?<=[^\s_])_(?!\w)")
_STRONG_CLOSE = re.compile(r"(?<=[^\s=])=(?![\w=])")
_TILDE_CLOSE = re.compile(r"(?<=[^\s~])~(?![\w~])")


def _last_end(rx: re.Pattern, text: str) -> int:
    """The end of the last match of ``rx`` in ``text``, -1 if none."""
    last = -1
    for m in rx.finditer(text):
        last = m.end()
    return last


# A transcriber's note declaring that tildes mark bold.
TILDE_BOLD = re.compile(r"~bold~|\btildes?\b[^.\n]{0,60}\bbold|\bbold\b[^.\n]"
                        r"{0,60}\btildes?\b", re.IGNORECASE)
# A note call: [1], [12], [A], [a], [AA], [Aa] (the labels after Z), [*], {1}.
CALL = re.compile(r"\[(?P<b>\d{1,3}|[A-Za-z]|[A-Z][A-Za-z]|[*†‡§])\]|"
                  r"\{(?P<c>\d{1,3})\}")


def parse(text: str, call_label: Callable[[str, int], str | None],
          tilde: bool = False) -> tuple[Inline, ...]:
    """Inlines of ``text`` (typography already applied).

    ``call_label(label, offset)`` is asked for each possible call and
    returns the note's label to link, or None to keep the text as it is.
    Line breaks (``\\n``) become :class:`LineBreak`.  With ``tilde``,
    ``~bold~`` is strong too (the text's transcriber says so).
    """
    out: list[Inline] = []
    pos = 0
    # The text is searched in linear time: a search for a pair need not
    # look past the last closing mark (an opening mark with no closer
    # after it scanned the rest of the text, once for each such mark:
    # "_a0 _a1 _a2 ..." took seconds a thousand words), and a kind's next
    # match is kept until the reading passes it (found none, it finds
    # none further on).
    ends = {"emph": _last_end(_EMPH_CLOSE, text),
            "strong": _last_end(_STRONG_CLOSE, text),
            "tilde": _last_end(_TILDE_CLOSE, text) if tilde else -1,
            "call": len(text)}
    ahead: dict[str, re.Match | None] = {}
    # italic passages with roman words inside, found once
    nested = [m for m in NESTED.finditer(text) if "_" in m.group("in")] \
        if text.count("_") >= 4 else []
    k_nested = 0
    while pos < len(text):
        best = None
        for kind, rx in (("nested", None), ("emph", EMPH),
                         ("strong", STRONG), ("tilde", TILDE if tilde else None),
                         ("call", CALL)):
            if kind == "nested":
                while k_nested < len(nested) and \
                        nested[k_nested].start() < pos:
                    k_nested += 1
                m = nested[k_nested] if k_nested < len(nested) else None
            elif rx is None or ends[kind] <= pos:
                continue
            else:
                m = ahead.get(kind)
                if kind not in ahead or (m is not None and m.start() < pos):
                    m = ahead[kind] = rx.search(text, pos, ends[kind])
            if m and (best is None or m.start() < best[1].start()):
                best = (kind, m)
        if best is None:
            break
        kind, m = best
        if kind == "nested":
            _text(out, text[pos:m.start()])
            for node in _italic_with_roman(m.group("in"), call_label, tilde):
                if isinstance(node, Text):
                    _text(out, node.text)
                else:
                    out.append(node)
            pos = m.end()
            continue
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
            # "in the [027]second": set before its word, the call keeps
            # the words apart (a space after it, not before).
            nxt = text[m.end():m.end() + 1]
            if m.start() > 0 and text[m.start() - 1] == " " and \
                    (nxt.isalnum() or nxt in "_=~\"“‘("):
                _text(out, " ")
        else:
            _text(out, text[pos:m.start()])
            inner = parse(m.group("in"), call_label, tilde)
            out.append(Emph(inner) if kind == "emph" else Strong(inner))
        pos = m.end()
    _text(out, text[pos:])
    return tuple(out)


def _italic_with_roman(inner: str, call_label: Callable[[str, int],
                                                       str | None],
                       tilde: bool = False) -> list[Inline]:
    """An italic passage whose inner pairs are roman: italics for the
    passage's pieces (the spaces at their edges outside them), the inner
    words plain."""
    out: list[Inline] = []

    def italic(piece: str) -> None:
        core = piece.strip()
        if not core:
            _text(out, piece)
            return
        lead = piece[:len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()):]
        _text(out, lead)
        out.append(Emph(parse(core, call_label, tilde)))
        _text(out, trail)

    pos = 0
    for m in _INNER.finditer(inner):
        italic(inner[pos:m.start()])
        for node in parse(m.group("in"), call_label, tilde):
            if isinstance(node, Text):
                _text(out, node.text)
            else:
                out.append(node)
        pos = m.end()
    italic(inner[pos:])
    return out


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
