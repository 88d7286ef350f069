"""Finishing runs of inlines and lists of blocks after conversion:
white space folded and trimmed, empty containers dropped, note calls glued
to their word, section breaks tidied, heading levels shifted."""

from __future__ import annotations

import re
from typing import Any, Iterable

from ...model import (CONTAINER_INLINES, Block, Heading, Inline, LineBreak,
                      NoteRef, Source, Text, ThematicBreak, replace)
from ...report import CleaningReport

_WS = re.compile(r"[ \t\r\n]+")


def _glue_calls(nodes: list[Inline]) -> list[Inline]:
    """A note call follows its word: spaces before it go."""
    out = list(nodes)
    for i in range(1, len(out)):
        if isinstance(out[i], NoteRef):
            before = out[i - 1]
            if isinstance(before, Text) and before.text.endswith(" "):
                out[i - 1] = Text(before.text.rstrip(" "))
    return out


def _first_source(blocks: Any) -> Source | None:
    for b in blocks:
        src = getattr(b, "source", None)
        if src is not None:
            return src
    return None


def _clean(items: list[Inline] | tuple[Inline, ...]) -> list[Inline]:
    """Merge adjacent texts, fold white space, drop empty containers."""
    out: list[Inline] = []
    run: list[str] = []  # texts waiting to be merged (joined once: linear)

    def flush() -> None:
        if run:
            merged = _WS.sub(" ", "".join(run))
            run.clear()
            if merged:
                if out and isinstance(out[-1], Text):
                    merged = _WS.sub(" ", out[-1].text + merged)
                    out[-1] = Text(merged)
                else:
                    out.append(Text(merged))

    for node in items:
        if isinstance(node, Text):
            if node.text:
                run.append(node.text)
            continue
        flush()
        if isinstance(node, CONTAINER_INLINES):
            kids = _clean(node.children)
            if not kids:
                continue
            if all(isinstance(k, Text) and not k.text.strip() for k in kids):
                # an emphasised space: keep the space, drop the emphasis
                if out and isinstance(out[-1], Text):
                    out[-1] = Text(_WS.sub(" ", out[-1].text + " "))
                else:
                    out.append(Text(" "))
                continue
            out.append(replace(node, children=tuple(kids)))
        else:
            out.append(node)
    flush()
    return out


def _trim(nodes: list[Inline]) -> list[Inline]:
    """Strip spaces at both ends and around line breaks."""
    nodes = list(nodes)
    for i, node in enumerate(nodes):
        if isinstance(node, LineBreak):
            if i > 0:
                nodes[i - 1] = _strip_edge(nodes[i - 1], right=True)
            if i + 1 < len(nodes):
                nodes[i + 1] = _strip_edge(nodes[i + 1], right=False)
    if nodes:
        nodes[0] = _strip_edge(nodes[0], right=False)
        nodes[-1] = _strip_edge(nodes[-1], right=True)
        # "&nbsp; " opening a paragraph is HTML spacing, not indentation
        if isinstance(nodes[0], Text):
            nodes[0] = Text(re.sub(r"^(?:\u00a0+ +| +\u00a0+)[ \u00a0]*", "",
                                   nodes[0].text))
    while nodes and isinstance(nodes[0], LineBreak):
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], LineBreak):
        nodes.pop()
    return _clean(nodes)


def _strip_edge(node: Inline, right: bool) -> Inline:
    if isinstance(node, Text):
        return Text(node.text.rstrip(" ") if right else node.text.lstrip(" "))
    if isinstance(node, CONTAINER_INLINES) and node.children:
        kids = list(node.children)
        j = -1 if right else 0
        kids[j] = _strip_edge(kids[j], right)
        return replace(node, children=tuple(kids))
    return node


def _collect(nodes: Iterable[Inline], out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, CONTAINER_INLINES):
            _collect(node.children, out)


def _rebuild(nodes: list[Inline], it: Any) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(next(it)))
        elif isinstance(node, CONTAINER_INLINES):
            out.append(replace(node, children=tuple(_rebuild(
                list(node.children), it))))
        else:
            out.append(node)
    return out


def _tidy_breaks(blocks: list[Block], report: CleaningReport) -> list[Block]:
    """No section break at the very start or end, nor two in a row."""
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, ThematicBreak) and (
                not out or isinstance(out[-1], (ThematicBreak, Heading))):
            report.counts["breaks-dropped"] += 1
            continue
        out.append(b)
    while out and isinstance(out[-1], ThematicBreak):
        out.pop()
        report.counts["breaks-dropped"] += 1
    return out


def _shift_headings(blocks: list[Block]) -> list[Block]:
    """Shift heading levels so that the highest level used is 1."""
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if not levels or min(levels) == 1:
        return blocks
    shift = min(levels) - 1
    return [replace(b, level=b.level - shift) if isinstance(b, Heading) else b
            for b in blocks]
