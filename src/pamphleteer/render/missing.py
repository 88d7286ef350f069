"""Notes the source lost, and notes on a title: said once, at the head.

A text cleaned from a PDF whose page feet were cut off keeps the calls of
notes whose text is gone.  Printing "[This note is missing from the
source.]" at the foot for each of them fills pages with nothing (150 such
lines in the first book).  Instead:

- the call of a missing note is set apart: its number in brackets, not
  linked, not floated (``<span class="noteref-missing">``), so a reader
  sees at once that no note waits at the foot;
- one unnumbered note at the head of the text lists the missing ones,
  collapsed into ranges ("Notes 80–81, 84 and 102–110 ...").

A note on the text's title is an unnumbered note too (a numbered call in a
title would show in the PDF's bookmarks, the running heads and the EPUB's
navigation): it is printed at the foot of the text's first page without a
call, and in the EPUB at the head of the text.
"""

from __future__ import annotations

import re
from typing import Iterable

from markupsafe import Markup


def label_ranges(labels: Iterable[str]) -> list[str]:
    """Labels in order with runs of consecutive numbers collapsed:
    ``["80", "81", "84", "102", "103", "104"]`` -> ``["80–81", "84",
    "102–104"]``; a label that is not a number stays as it is."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run.clear()

    for label in labels:
        if re.fullmatch(r"\d+", label):
            n = int(label)
            if run and n == run[-1] + 1:
                run.append(n)
                continue
            flush()
            run.append(n)
        else:
            flush()
            out.append(label)
    flush()
    return out


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def summary(labels: list[str]) -> str:
    """The head note's text for the missing notes ``labels`` ('' for
    none)."""
    if not labels:
        return ""
    ranges = label_ranges(labels)
    one = len(labels) == 1
    what = f"Note {ranges[0]} is" if one else f"Notes {_join(ranges)} are"
    return (f"{what} missing from the source this edition was made from "
            f"({len(labels)} note{'' if one else 's'}). "
            f"{'Its call is' if one else 'Their calls are'} kept in the text "
            f"in brackets, as [{labels[0]}].")


def missing_call(label: str) -> Markup:
    """The set-apart call of a missing note."""
    return Markup('<span class="noteref-missing" title="Note %s is missing '
                  'from the source">[%s]</span>') % (label, label)


def head_notes(texts: list[Markup], *, mode: str, scope: str) -> Markup:
    """Unnumbered notes at the head of a text: floated to the foot of the
    first page (PDF), or shown at the head (EPUB)."""
    if not texts:
        return Markup("")
    if mode == "footnote":
        return Markup('<div class="head-notes">%s</div>') % Markup("").join(
            Markup('<span class="footnote unnumbered" id="%s-headnote-%d">'
                   '%s</span>') % (scope, i, t)
            for i, t in enumerate(texts, start=1))
    return Markup('<div class="head-notes" role="note">%s</div>') % Markup(
        "").join(Markup('<p class="head-note">%s</p>') % t for t in texts)
