"""The small pieces of a Chicago citation: dates, publication facts,
locators.

``(London: George Allen and Unwin, [1870] 1971)`` gives a place, a
publisher, an original date and an edition date; ``p., 178`` and
``pp. 214 et seq.`` are locators.  Each function is pure and returns
CSL-JSON fields.
"""

from __future__ import annotations

import re

_MONTHS = ["january", "february", "march", "april", "may", "june", "july",
           "august", "september", "october", "november", "december"]
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|" \
         r"October|November|December)"

# A date as written: "1971", "October 1953", "22 December 1917",
# "November 15, 2008", or "n.d." (no date).
DATE = (r"(?:(?:\d{1,2}\s+)?" + _MONTH + r"\s+\d{4}|" + _MONTH
        + r"\s+\d{1,2},\s*\d{4}|\d{4}|n\.\s?d\.?)")
_DATE_RE = re.compile(
    r"^(?:(?P<d1>\d{1,2})\s+)?(?P<m1>" + _MONTH + r")?\s*(?P<y>\d{4})$"
    r"|^(?P<m2>" + _MONTH + r")\s+(?P<d2>\d{1,2}),\s*(?P<y2>\d{4})$",
    re.IGNORECASE)
# The dates ending publication facts: "[1870] 1971", "1975 [1970]",
# "n.d. [1925]", "[1938, 1978] n.d.", "[22 December 1917] 1973", "[1938]".
_TRAILING_DATES = re.compile(
    r"(?:\[(?P<orig1>[^\]]*)\]\s*)?(?P<date>" + DATE + r")"
    r"(?:\s*\[(?P<orig2>[^\]]*)\])?\s*$|\[(?P<orig3>[^\]]*\d{4}[^\]]*)\]\s*$",
    re.IGNORECASE)
# ", accessed 15 November 2008" at the end of facts or after a URL.
_ACCESSED = re.compile(r",?\s*\(?accessed\s+(?P<date>" + DATE + r")\)?\s*$",
                       re.IGNORECASE)

# One page number: arabic (maybe with a small letter, "56a"; a capital
# after it is the next citation's initial: "p. 65V. Richards"), or a small
# roman numeral ("vii", "xiv", "xxxv"; never a word such as "mid").
_PAGE = (r"(?:\d+(?-i:[a-z])?(?!(?-i:[a-z])|\d)"
         r"|(?=[ivx])x{0,4}(?:ix|iv|v?i{0,3})\b)")
# A page or a range: "132", "328-9", "pp. 250-A" stops at the letter.
_RANGE = _PAGE + r"(?:\s*[-–—]\s*" + _PAGE + r")?"
# A list of pages and ranges ("136, 139, 142", "755; 770", "2,54"), with
# trailing "f", "ff", "et seq.", "note 88" or "n. 3".
PAGES = (r"-?" + _RANGE + r"(?:\s*(?:,|;|and|&)\s*(?:pp?\.\s*)?" + _RANGE
         + r")*(?:\s*(?:ff?\b\.?|et\s+seq\.?|note\s+\d+|n\.\s*\d+))?")
# A locator after a citation: "p. 132", "pp. 221-222", "p., 178",
# "p,. 139", "Pp. 29-30", "vol. 1, p. 167", "appendix d, p. 324",
# "Chapter 5", "not paginated".
LOCATOR = re.compile(
    r"(?P<loc>(?:(?:vol\.|volume)\s*[\divxlc]+,?\s*)?"
    r"(?:appendix\s+\w+,\s*)?pp?\s*[.,]{1,3}\s*" + PAGES
    + r"|chapter\s+\d+|ch\.\s*\d+|not\s+paginated)",
    re.IGNORECASE)
# Bare pages right after publication facts: "1976, 51-61", "12-17, 311-354".
BARE_PAGES = re.compile(r"(?P<loc>\d+(?:\s*[-–]\s*\d+)?"
                        r"(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*)(?![\d\w])")
# What may stand between a citation and its locator: ".", ",", "., ",
# "." + space, a stray space.
LOCATOR_GAP = re.compile(r"[\s.,]*")


def parse_date(text: str) -> dict | None:
    """A date as written -> CSL date (``{"date-parts": [[1917, 12, 22]]}``);
    ``n.d.`` gives ``{"literal": "n.d."}``; anything else None."""
    text = " ".join(text.split()).strip(" ,.")
    if re.fullmatch(r"n\.\s?d", text, re.IGNORECASE):
        return {"literal": "n.d."}
    # An ISO date from a manifest: "2011-04-07", "2011-04", "2011".
    iso = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if iso:
        return {"date-parts": [[int(p) for p in iso.groups() if p]]}
    m = _DATE_RE.match(text)
    if not m:
        # A list of years ("1938, 1978"): keep the first.
        first = re.match(r"^(\d{4})\b", text)
        return {"date-parts": [[int(first.group(1))]]} if first else None
    year = int(m.group("y") or m.group("y2"))
    month_name = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    parts = [year]
    if month_name:
        parts.append(_MONTHS.index(month_name.lower()) + 1)
        if day:
            parts.append(int(day))
    return {"date-parts": [parts]}


def date_year(date) -> int | None:
    """The year of a CSL date, or None."""
    if not date or "date-parts" not in date:
        return None
    parts = date["date-parts"]
    return int(parts[0][0]) if parts and parts[0] else None


def parse_facts(inner: str) -> dict | None:
    """The inside of a publication parenthesis -> CSL fields, or None when
    it holds no date (then it is not publication facts)."""
    fields: dict = {}
    text = " ".join(inner.split())
    acc = _ACCESSED.search(text)
    if acc:
        fields["accessed"] = parse_date(acc.group("date"))
        text = text[:acc.start()]
    m = _TRAILING_DATES.search(text)
    if not m:
        return fields or None
    if m.group("orig3"):
        # "[1938]" alone: a date supplied by the citer, still the date.
        fields["issued"] = parse_date(m.group("orig3"))
    else:
        issued = parse_date(m.group("date"))
        if issued:
            fields["issued"] = issued
        original = m.group("orig1") or m.group("orig2")
        if original:
            orig = parse_date(original)
            if orig:
                fields["original-date"] = orig
    head = text[:m.start()].strip(" ,;")
    # "first published by Martin Secker and Warburg Ltd": a publisher.
    head = re.sub(r"^(?:first\s+)?published\s+by\s+", "", head,
                  flags=re.IGNORECASE)
    if ":" in head:
        place, publisher = head.split(":", 1)
        if place.strip():
            fields["publisher-place"] = place.strip()
        if publisher.strip():
            fields["publisher"] = publisher.strip()
    elif head:
        fields["publisher"] = head
    return {k: v for k, v in fields.items() if v}


def match_locator(text: str, pos: int, *, bare: bool = False):
    """Match a locator at ``text[pos:]`` (after stray ``.,`` and spaces).

    Returns ``(locator, end)`` with ``end`` past the locator and a final
    period, or ``("", pos)`` when there is none.  ``bare`` also accepts
    page numbers without ``p.`` (after publication facts).
    """
    gap = LOCATOR_GAP.match(text, pos)
    start = gap.end() if gap else pos  # (the pattern matches everywhere)
    m = LOCATOR.match(text, start)
    if not m and bare:
        m = BARE_PAGES.match(text, start)
    if not m:
        return "", pos
    end = m.end()
    locator = " ".join(m.group("loc").split()).rstrip(" ,;")
    # Trailing punctuation the locator swallowed (", ", "; ") goes back.
    while end > start and text[end - 1] in " ,;":
        end -= 1
    if end < len(text) and text[end] == ".":
        end += 1
    return clean_locator(locator), end


def clean_locator(locator: str) -> str:
    """Normalise stray punctuation in a locator: ``p., 178`` -> ``p. 178``,
    ``p,. 139`` -> ``p. 139``, ``Pp. 29-30`` -> ``pp. 29-30``."""
    # "p" or "pp" followed by any mix of "." and "," : one period.
    loc = re.sub(r"^(?P<p>pp?)\s*[.,]{1,3}\s*", lambda m: m.group("p").lower()
                 + ". ", locator, flags=re.IGNORECASE)
    return loc.strip().rstrip(".")
