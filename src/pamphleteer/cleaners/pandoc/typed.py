"""Lists and section breaks a writer typed in a word processor rather
than made with its tools, which pandoc's DOCX and ODT readers read as
paragraphs:

- paragraphs in a row, two or more, each opening with a typed bullet
  ("• ", "▪ ", "* "...) or with the numbers 1., 2., 3. (or 1), 2), 3)),
  counting up by one, are a list (counted, ``typed-lists``); the typed
  numbers are listed as removed (kind ``list-marker``), the list keeps
  the first;
- a paragraph of nothing but a few stars, hashes, asterisms, fleurons
  or the like ("* * *", "#", "⁂", "❧") is a section break (counted,
  ``typed-breaks``; the marks listed, kind ``section-break``).

Dashes are not taken for bullets: a row of paragraphs opening with "–"
or "—" is as often a dialogue."""

from __future__ import annotations

import re
from typing import Any, Callable

from ...report import CleaningReport

_BULLETS = "•◦▪▫●○■□➢►‣∙·*"
_NUMBER = re.compile(r"(\d{1,3})([.)])")
_BREAK = re.compile(r"[*#~⁂❧☙✻✽✦✧◆◇※§•·∗⁕=+\s]{1,15}")


def _marker(inl: list[Any]) -> tuple[str, int, str] | None:
    """("bullet", 0, mark) or ("number", n, delimiter) for a paragraph
    opening with a typed list marker and a space."""
    if len(inl) < 3 or inl[0].get("t") != "Str" or \
            inl[1].get("t") not in ("Space", "SoftBreak"):
        return None
    first = inl[0]["c"]
    if len(first) == 1 and first in _BULLETS:
        return ("bullet", 0, first)
    m = _NUMBER.fullmatch(first)
    if m:
        return ("number", int(m.group(1)), m.group(2))
    return None


def _item(block: dict[str, Any]) -> dict[str, Any]:
    return {"t": "Para", "c": block["c"][2:]}


def typed_lists(blocks: list[Any], report: CleaningReport) -> list[Any]:
    """``blocks`` with the runs of paragraphs typed as list items made
    lists (and inside quotations)."""
    out: list[Any] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.get("t") == "BlockQuote":
            b = {"t": "BlockQuote", "c": typed_lists(b["c"], report)}
        mark = _marker(b["c"]) if b.get("t") in ("Para", "Plain") else None
        run = [b]
        if mark is not None:
            j = i + 1
            while j < len(blocks) and blocks[j].get("t") in ("Para", "Plain"):
                nxt = _marker(blocks[j]["c"])
                if nxt is None or nxt[0] != mark[0] or nxt[2] != mark[2] or \
                        (mark[0] == "number" and
                         nxt[1] != mark[1] + len(run)):
                    break
                run.append(blocks[j])
                j += 1
        if len(run) < 2 or mark is None:
            out.append(b)
            i += 1
            continue
        items = [[_item(x)] for x in run]
        if mark[0] == "bullet":
            out.append({"t": "BulletList", "c": items})
        else:
            report.remove("list-marker", " ".join(x["c"][0]["c"] for x in run),
                          0)
            out.append({"t": "OrderedList", "c": [
                [mark[1], {"t": "Decimal"},
                 {"t": "Period" if mark[2] == "." else "OneParen"}], items]})
        report.counts["typed-lists"] += 1
        i += len(run)
    return out


def typed_breaks(blocks: list[Any], plain: Callable[[Any], str],
                 report: CleaningReport) -> list[Any]:
    """``blocks`` with the paragraphs of nothing but break marks made
    section breaks."""
    out: list[Any] = []
    for b in blocks:
        if b.get("t") in ("Para", "Plain"):
            text = plain(b["c"])
            if text.strip() and _BREAK.fullmatch(text.strip()):
                report.remove("section-break", text.strip(), 0)
                report.counts["typed-breaks"] += 1
                out.append({"t": "HorizontalRule"})
                continue
        out.append(b)
    return out
