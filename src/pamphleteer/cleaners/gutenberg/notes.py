"""Note definitions among a Gutenberg body's chunks: ``[Footnote 1:
...]`` blocks, ``[1] text`` end-notes, and a label alone on its line with
its text in the blocks after it; labelled in order (a numbering that
restarts is numbered through, and says so)."""

from __future__ import annotations

import re
from collections import Counter

from typing import Any

from ...model import (Block, Heading, Note, NoteRef, Paragraph, walk_blocks,
                      walk_inlines)
from . import body as B
from .inline import CALL
from .state import NoteDef, State


def find_notes(items: list[B.Chunk], state: State) -> None:
    """Mark note definitions among the chunks and label them."""
    body_text: list[str] = []
    called: Counter = Counter()
    for k, c in enumerate(items):
        if c.kind == "note-part":
            continue
        head = c.lines[0].lstrip()
        m = B.FOOTNOTE.match(head)
        if m and (c.text.rstrip().endswith("]") or c.info.get("unclosed")):
            c.kind = "note"
            first = head[m.end():]
            lines = [first] + [s.strip() for s in c.lines[1:]]
            last = lines[-1].rstrip()
            lines[-1] = last[:-1] if last.endswith("]") else last
            c.info = {"label": m.group("label"), "lines": lines,
                      "removed": head[:m.end()] + " ]"}
        else:
            m2 = B.LABEL_DEF.match(head)
            raw = (m2.group("b") or m2.group("c")) if m2 else ""
            alone = _LABEL_ALONE.match(head) if len(c.lines) == 1 else None
            if m2 and called[raw]:
                c.kind = "note"
                lines = [head[m2.end():]] + [s.strip() for s in c.lines[1:]]
                c.info = {"label": raw, "lines": lines,
                          "removed": head[:m2.end()]}
            elif alone and called[alone.group(1)]:
                _label_alone(items, k, alone.group(1), state)
        if c.kind != "note":
            for m3 in CALL.finditer(c.text):
                called[m3.group("b") or m3.group("c")] += 1
            body_text.append(c.text)
        else:
            d = NoteDef(c.info["label"], c, c.info["lines"])
            state.defs.setdefault(d.raw_label, []).append(d)
    # Labels: as in the source, unless a label repeats (numbering restarts
    # per section): then every note is numbered in order, and says so.
    all_defs = [d for c in items if c.kind == "note"
                for d in state.defs[c.info["label"]] if d.chunk is c]
    repeated = any(len(v) > 1 for v in state.defs.values())
    for n, d in enumerate(all_defs, 1):
        # (the renumbering is reported with the note, when it is called:
        # a note nothing calls stays a paragraph with its own label)
        d.label = str(n) if repeated else d.raw_label
    state.repeated = repeated
    _place_sets(items, state)
    nums = [int(k) for k in state.defs if k.isdigit()]
    state.numeric_max = max(nums) if nums else 0
    # "[01]" notes: a call "[1]" is another thing (a call of the same
    # width is a note lost; "[1]" beside "01".."15" is not).
    state.label_widths = {len(k) for k in state.defs if k.isdigit()}
    if any(k.startswith("0") for k in state.defs):
        state.label_widths = {len(k) for k in state.defs if k.isdigit()}
    else:
        state.label_widths = set(range(1, 4))


def renumbered(d: NoteDef, state: State) -> None:
    """Report a called note's new number (its numbering restarted)."""
    if d.label != d.raw_label:
        state.report.change("note-renumbered", d.raw_label, d.label,
                            d.chunk.line, detail="the text's notes restart "
                            "their numbering; numbered in order through "
                            "the whole text", rewrite=True)


def _place_sets(items: list[B.Chunk], state: State) -> None:
    """Each note's ``after`` line: the last note of the notes set before
    its own, a set being the notes between two passages of text with
    calls (a chapter's notes at its end, a paragraph's after it; the
    notes of a whole book gathered at its end under chapter headings
    are one set)."""
    by_chunk = {id(d.chunk): d for v in state.defs.values() for d in v}
    window = last = 0
    text_since = False
    for c in items:
        if c.kind == "note":
            if text_since:
                window, text_since = last, False
            if (d := by_chunk.get(id(c))) is not None:
                d.after = window
            last = c.line
        elif c.kind != "note-part" and CALL.search(c.text):
            text_since = True


# A note's label on a line of its own ("[14]"), its text in the blocks
# after it (verse, then paragraphs: Guernsey Folk-Lore, PG 52834).
_LABEL_ALONE = re.compile(r"^\[(\d{1,3})\]\s*$")


def _label_alone(items: list[B.Chunk], k: int, label: str,
                 state: State) -> None:
    """Make the chunk at ``k``, a called note's label alone, a note whose
    text is the chunks after it, up to the next note, heading or wider
    gap; the extent is a guess, so it is reported with its lines."""
    c = items[k]
    parts: list[B.Chunk] = []
    j = k + 1
    gap = c.gap_after
    while j < len(items) and gap <= state.typical_gap:
        nxt = items[j]
        head = nxt.lines[0].lstrip()
        if B.FOOTNOTE.match(head) or B.LABEL_DEF.match(head) or \
                _LABEL_ALONE.match(head) or \
                B.heading_rank(nxt, state.typical_gap) is not None:
            break
        parts.append(nxt)
        gap = nxt.gap_after
        j += 1
    if not parts:
        return
    lines: list[str] = []
    for part in parts:
        part.kind = "note-part"
        if B.broken_early(part.lines, state.width) >= 0.5:
            # verse keeps its lines (one entry: _note_paras joins entries)
            lines += ["\n".join(" ".join(s.split()) for s in part.lines), ""]
        else:
            lines += [s.strip() for s in part.lines] + [""]
    c.kind = "note"
    c.info = {"label": label, "lines": lines, "removed": f"[{label}]"}
    last = parts[-1].line + len(parts[-1].lines) - 1
    state.report.problem(
        "GUT008", f"note {label}'s label stands alone; its text was taken "
        f"as the {len(parts)} block(s) after it, lines {parts[0].line} to "
        f"{last}: check where the note ends", c.line)


def plain(b: Any) -> str:
    from ...model import block_text

    try:
        return block_text(b)
    except TypeError:
        return ""


def is_notes_heading(b: Any) -> bool:
    if not isinstance(b, (Heading, Paragraph)):
        return False
    return bool(B.NOTES_HEAD.match(plain(b).strip())) and \
        len(plain(b)) <= 50


def in_call_order(blocks: list[Block], notes: list[Note]) -> list[Note]:
    """Notes in order of their first call (the model's order)."""
    order: dict[str, int] = {}
    for b in walk_blocks(tuple(blocks)):
        if isinstance(b, (Heading, Paragraph)):
            for node in walk_inlines(b.children):
                if isinstance(node, NoteRef) and node.label not in order:
                    order[node.label] = len(order)
    return sorted(notes, key=lambda n: order.get(n.label, len(order)))
