"""Verse lines set each as a division of their own (``<div
class="linegroup"><div>line</div>...``, IDPF's and many converters'
markup), which pandoc reads as a paragraph a line: made one stanza."""

from __future__ import annotations

from typing import Any

PandocNode = dict[str, Any]

STANZA_CLASSES = {"verse", "poem", "poetry", "stanza", "lg", "poem-verse",
                  "verse-block", "linegroup", "line-group"}
"""Classes of a division holding verse (a poem, or one of its stanzas)."""


def _line_div(b: PandocNode) -> list[PandocNode] | None:
    """The inlines of a verse line set as a division of its own (``<div>
    April is the cruellest month, breeding</div>``), else None."""
    if b.get("t") != "Div" or len(b["c"][1]) != 1:
        return None
    classes = {x.lower() for x in b["c"][0][1]}
    only = b["c"][1][0]
    if classes & STANZA_CLASSES or only.get("t") not in ("Plain", "Para") \
            or _breaks(only["c"]):
        return None     # a stanza, or lines of their own
    return list(only["c"])


def _breaks(node: Any) -> bool:
    if isinstance(node, list):
        return any(_breaks(x) for x in node)
    if isinstance(node, dict):
        return node.get("t") == "LineBreak" or _breaks(node.get("c"))
    return False


def join_line_divs(body: list[PandocNode]) -> list[PandocNode]:
    """In a verse division, a run of lines set each as a division of its
    own made one stanza, its lines parted by line breaks (they were read
    as a paragraph each)."""
    out: list[PandocNode] = []
    run: list[tuple[PandocNode, list[PandocNode]]] = []

    def flush() -> None:
        if len(run) >= 2:
            joined: list[PandocNode] = []
            for n, (_, line) in enumerate(run):
                if n:
                    joined.append({"t": "LineBreak"})
                joined.extend(line)
            out.append({"t": "Plain", "c": joined})
        else:
            out.extend(b for b, _ in run)
        run.clear()

    for b in body:
        line = _line_div(b)
        if line is None:
            flush()
            out.append(b)
        else:
            run.append((b, line))
    flush()
    return out
