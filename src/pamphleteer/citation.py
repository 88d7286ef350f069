"""Parse the words inside a bracketed inline citation into :class:`Citation`.

``[quoted by David P. Perrin, The Socialist Party of Great Britain, p. 64]``
becomes one :class:`CiteItem` with its prefix, work and locator.  Only the
surface is parsed here; identifying the work belongs to the bibliography.
Below the readers (:mod:`pamphleteer.cite_syntax` finds the brackets in
running text) and the Markdown form, which both parse citations.
"""

from __future__ import annotations

import re

from .model import Citation, CiteItem

# Words that may open an item before the work is named.  Longest first so
# that "as cited in" wins over "cited in".
_PREFIXES = sorted([
    "quoted by", "quoted in", "as quoted in", "as cited in", "cited in",
    "cited by", "our emphasis", "my emphasis", "emphasis added",
    "emphasis in original", "original emphasis", "see also", "see", "in",
    "compare", "cf.", "also", "translation altered", "our translation",
], key=len, reverse=True)
_PREFIX = re.compile(
    r"^(?P<prefix>(?:" + "|".join(re.escape(p) for p in _PREFIXES)
    + r"))(?:\s*,\s*|\s+)(?=\S)", re.IGNORECASE)

# One locator term: "p. 301", "pp. 262-3", "p. 510f", "vol. 1", "col. 3",
# "section 4", "chapter 2".
_LOC_TERM = (r"(?:pp?|vols?|cols?|nos?|sections?|chapters?|ch)\.?\s*"
             r"[0-9ivxlcdm]+(?:\s*[-–]\s*[0-9ivxlcdm]+)?f{0,2}\.?")
# The trailing run of locator terms, joined by commas or "and", at the end of
# an item and after a comma: ", p. 301, p. 302 and p. 276".
_LOCATOR = re.compile(
    r",\s*(?P<loc>(?:vols?\.\s*\d+\s*,\s*)?(?:pp?|cols?|sections?|chapters?)\.?\s*"
    r"[0-9ivxlcdm]+(?:\s*[-–]\s*[0-9ivxlcdm]+)?f{0,2}\.?"
    r"(?:\s*(?:,|and|&)\s*" + _LOC_TERM + r")*)\s*$", re.IGNORECASE)
# A whole item that is only a locator ("p. 12"), continuing the last work.
_ONLY_LOCATOR = re.compile(r"^" + _LOC_TERM + r"(?:\s*(?:,|and|&)\s*"
                           + _LOC_TERM + r")*$", re.IGNORECASE)
# "Op. Cit." / "op. cit." / "Op Cit" / "Op.Cit.".
_OP_CIT = re.compile(r"^op\.?\s*cit\.?$", re.IGNORECASE)
# "Ibid." / "ibid" / "Ibidem".
_IBID = re.compile(r"^ibid(?:em)?\.?$", re.IGNORECASE)
# A page locator anywhere, or Op. Cit./Ibid.: what makes a bracket a citation.
_CITATION_CLUE = re.compile(
    r"\b(?:pp?\.\s*[0-9ivxlc]|op\.?\s*cit|ibid|quoted by|cited in|quoted in)",
    re.IGNORECASE)


def looks_like_citation(inner: str) -> bool:
    """True when the text between brackets is a citation, not an editorial
    insertion such as ``[sic!]``, ``[i]n`` or ``[that is, by]``."""
    return bool(_CITATION_CLUE.search(inner))


def parse_item(raw: str) -> CiteItem:
    """Parse one ``;``-separated item of a citation."""
    rest = raw.strip()
    prefix = ""
    m = _PREFIX.match(rest)
    if m and not _ONLY_LOCATOR.match(rest[m.end():]):
        prefix = m.group("prefix")
        rest = rest[m.end():]
    locator = ""
    if _ONLY_LOCATOR.match(rest):
        locator, rest = rest, ""
    else:
        lm = _LOCATOR.search(rest)
        if lm:
            locator = lm.group("loc").strip()
            rest = rest[:lm.start()]
    title = rest.strip().rstrip(",").strip()
    return CiteItem(raw=raw.strip(), title=title, locator=locator,
                    prefix=prefix, op_cit=bool(_OP_CIT.match(title)),
                    ibid=bool(_IBID.match(title)))


def parse_citation(inner: str) -> Citation:
    """Parse the text between the brackets of an inline citation."""
    parts = [p for p in inner.split(";") if p.strip()]
    return Citation(items=tuple(parse_item(p) for p in parts), raw=inner)
