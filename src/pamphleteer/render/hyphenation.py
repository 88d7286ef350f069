"""Hyphenation rules a book designer would set, for WeasyPrint.

WeasyPrint hyphenates with pyphen's patterns, any word of enough letters
(``hyphenate-limit-chars``).  The first book split "Bak-unin" ten times,
"Trot-sky", "Lon-don", and ended paragraphs on fragments ("gath-/ering.").
CSS has no property for "never split a name" and WeasyPrint (70) carries
no ``hyphenate-limit-lines`` or ``hyphenate-limit-last``, so:

- :func:`protect_last_word` keeps the last word of a paragraph whole
  (``hyphens: manual`` on it), so no paragraph ends on a fragment.

Names are still split ("Bak-unin"): a pyphen dictionary that offered no
break in capitalised words was tried and removed, because WeasyPrint 70,
given a long word with no break point at a line's end, can set the line
before it short and alone ("for the association / is / too poor", p. 22
of the first book): its line breaker (``split_first_line``, step 4) keeps
the layout of the failed attempt.  Wrapping each name in a span would
avoid that path but costs an inline box per name (issue 21).
"""

from __future__ import annotations

import re

from markupsafe import Markup


_TOKEN = re.compile(r"<[^>]*>|[^<]+")


def protect_last_word(html: str) -> Markup:
    """A paragraph's XHTML with its last word (outside any footnote span
    or missing note's call) wrapped in ``<span class="nh">`` (``hyphens:
    manual`` in print.css)."""
    tokens = _TOKEN.findall(html)
    depth, skip_from = 0, None
    last = None
    for i, tok in enumerate(tokens):
        if tok.startswith("<"):
            if skip_from is not None:
                if tok.startswith("<span") and not tok.endswith("/>"):
                    depth += 1
                elif tok.startswith("</span"):
                    depth -= 1
                    if depth == 0:
                        skip_from = None
            elif tok.startswith("<span") and ('class="footnote' in tok or
                                              'class="noteref' in tok):
                skip_from, depth = i, 1
            continue
        if skip_from is None and tok.strip():
            last = i
    if last is None:
        return Markup(html)
    text = tokens[last]
    m = re.search(r"(\S+)(\s*)$", text)
    if not m or len(m[1]) < 5:
        return Markup(html)
    tokens[last] = (text[:m.start(1)] + '<span class="nh">' + m[1]
                    + "</span>" + m[2])
    return Markup("".join(tokens))
