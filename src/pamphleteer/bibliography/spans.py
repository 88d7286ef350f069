"""A note paragraph's inlines as one flat text, and back.

:func:`.resolve.rewrite_paragraph` finds citations in the plain text of a
note (:mod:`.parse` reads text, not inlines), then rebuilds the paragraph:
the text before, between and after the citations as the original inlines,
each citation's stretch as the children of a :class:`Citation`.  Plain and
italic runs of plain text may be cut at any offset; any other inline (a
link, a note call, a citation) is kept whole, the stretch widened to hold
it.
"""

from __future__ import annotations

from ..model import Citation, Emph, Inline, Text, inline_text

Atom = tuple[int, int, Inline, bool]
"""(start, end, inline, splittable): one inline's place in the flat text."""


def flatten(inlines: tuple[Inline, ...]
            ) -> tuple[str, list[tuple[int, int]], list[Atom]]:
    """Flatten note inlines: (flat text, italic spans, atoms).  Each atom is
    (start, end, inline, splittable)."""
    atoms: list[Atom] = []
    italics: list[tuple[int, int]] = []
    pos = 0
    for node in inlines:
        text = inline_text((node,))
        splittable = isinstance(node, Text) or (
            isinstance(node, Emph) and all(isinstance(c, Text)
                                           for c in node.children))
        if isinstance(node, Emph):
            italics.append((pos, pos + len(text)))
        atoms.append((pos, pos + len(text), node, splittable))
        pos += len(text)
    return "".join(inline_text((n,)) for n in inlines), italics, atoms


def cut(node: Inline, a: int, b: int) -> Inline | None:
    """The part [a, b) of a splittable inline's text, same kind."""
    if isinstance(node, Text):
        return Text(node.text[a:b]) if b > a else None
    assert isinstance(node, Emph)  # the only other splittable inline
    text = inline_text(node.children)[a:b]
    return Emph((Text(text),)) if text else None


def slice_flat(atoms: list[Atom], s: int, e: int) -> tuple[Inline, ...]:
    """Inlines covering flat text [s, e)."""
    out: list[Inline] = []
    for a, b, node, splittable in atoms:
        if b <= s or a >= e:
            continue
        if a >= s and b <= e:
            out.append(node)
        elif splittable:
            piece = cut(node, max(s, a) - a, min(e, b) - a)
            if piece:
                out.append(piece)
    return tuple(out)


def widen(atoms: list[Atom], s: int, e: int) -> tuple[int, int]:
    """Widen [s, e) so that it does not cut an unsplittable inline."""
    for a, b, _node, splittable in atoms:
        if not splittable and a < e and b > s:
            s, e = min(s, a), max(e, b)
    return s, e


def unwrap_citations(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Note citations found by an earlier run back to their text, so that
    reading a document twice gives the same result."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Citation) and not node.bracketed:
            out.extend(node.children or (Text(node.raw),))
        else:
            out.append(node)
    merged: list[Inline] = []
    for node in out:
        if merged and isinstance(node, Text) and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)
