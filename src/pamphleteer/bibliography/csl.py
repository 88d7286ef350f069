"""Bibliography entries through a CSL style (citeproc-py), for a book that
wants a style other than pamphleteer's own Chicago.

``back.citation_style`` in the manifest:

- ``chicago`` (the default): :mod:`.chicago`, pamphleteer's own Chicago
  notes-bibliography formatter;
- the name of a style shipped in ``src/pamphleteer/data/csl/``
  (``chicago-notes-bibliography-16th-edition``, ``apa``,
  ``modern-language-association``; from the CSL project's repository,
  under CC BY-SA 3.0, see ``data/csl/README.md``);
- a ``.csl`` file relative to the manifest (any style of the CSL
  repository, or the editor's own).

citeproc-py renders HTML; its ``<i>`` and ``<b>`` become the model's
emphasis, the rest text, with curly quotes.  The default stays the own
formatter: on this book's works citeproc-py 0.11 with the repository's
Chicago styles puts the period outside closing quotes (``“On the Program
of the Alliance”.``), prints an editor twice (``Tucker, Robert C., ed.
… Edited by Robert C. Tucker``), keeps straight apostrophes and
cannot keep an East Asian name uninverted (docs/bibliography.md).
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import ManifestError
from ..model import Emph, Inline, Strong, Text
from ..text import typography

BUILTIN = "chicago"
STYLES = Path(__file__).resolve().parent.parent / "data" / "csl"


def shipped_styles() -> list[str]:
    """Names of the CSL styles shipped with pamphleteer."""
    return sorted(p.stem for p in STYLES.glob("*.csl"))


def style_path(value: str, folder: Path) -> Path | None:
    """The .csl file a ``back.citation_style`` names, or None for the
    built-in formatter.  Refuses a name that is neither."""
    value = (value or BUILTIN).strip()
    if value == BUILTIN:
        return None
    if value in shipped_styles():
        return STYLES / f"{value}.csl"
    path = (folder / value)
    if path.suffix.lower() == ".csl" and path.is_file():
        return path
    raise ManifestError(
        f"back.citation_style: {value!r} is neither `chicago`, a shipped "
        f"style ({', '.join(shipped_styles())}) nor a .csl file next to the "
        "manifest; download one from the CSL style repository "
        "(github.com/citation-style-language/styles)")


_TAG = re.compile(r"<(/?)(i|b|em|strong|span[^>]*)>", re.IGNORECASE)


def html_inlines(markup: str) -> tuple[Inline, ...]:
    """citeproc-py's HTML as model inlines: italics as Emph, bold as
    Strong, text typographic."""
    out: list[Inline] = []
    stack: list[tuple[str, list[Inline]]] = []
    pos = 0

    def add(node: Inline) -> None:
        (stack[-1][1] if stack else out).append(node)

    for m in _TAG.finditer(markup):
        text = html.unescape(markup[pos:m.start()])
        if text:
            add(Text(typography(text)[0]))
        pos = m.end()
        closing, tag = m.group(1), m.group(2).lower()
        kind = "b" if tag in ("b", "strong") else "i" if tag in (
            "i", "em") or "italic" in tag else "span"
        if not closing:
            stack.append((kind, []))
        elif stack:
            kind, children = stack.pop()
            if kind == "i" and children:
                add(Emph(tuple(children)))
            elif kind == "b" and children:
                add(Strong(tuple(children)))
            else:
                for child in children:
                    add(child)
    tail = html.unescape(markup[pos:])
    if tail:
        add(Text(typography(tail)[0]))
    while stack:  # unclosed tags: keep their text
        for child in stack.pop()[1]:
            out.append(child)
    return tuple(out)


def format_with_style(path: Path, items: Sequence[Mapping]
                      ) -> dict[str, tuple[Inline, ...]]:
    """Entry id -> formatted entry, every item through the CSL style."""
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON

    clean = []
    keys: dict[str, str] = {}
    for item in items:
        data = {k: v for k, v in item.items()
                if not k.startswith("_") and k != "static-ordering"}
        # citeproc-py compares ids in lower case.
        keys[str(item["id"]).lower()] = item["id"]
        data["id"] = str(item["id"]).lower()
        for role in ("author", "editor", "translator"):
            if data.get(role):
                data[role] = [{k: v for k, v in n.items()
                               if k != "static-ordering"}
                              for n in data[role]]
        clean.append(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unsupported CSL features
        try:
            style = CitationStylesStyle(str(path), validate=False)
        except Exception as exc:  # lxml or citeproc parse errors
            raise ManifestError(f"{path}: cannot read the CSL style ({exc})"
                                ) from None
        bib = CitationStylesBibliography(style, CiteProcJSON(clean),
                                         formatter.html)
        for data in clean:
            bib.register(Citation([CitationItem(data["id"])]))
        rendered = bib.bibliography()
    out: dict[str, tuple[Inline, ...]] = {}
    for key, entry in zip(bib.keys, rendered):
        out[keys.get(key, key)] = html_inlines(str(entry))
    return out
