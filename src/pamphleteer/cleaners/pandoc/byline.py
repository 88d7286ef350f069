"""A news site's byline set as a list above the article: the author's
name, the author's addresses (a handle, a mail address, "Biography") and
the date with its time and reading time, one item each::

    <ul><li>by Bryan DeArdo</li><li><a>@BryanDeArdo</a></li>
        <li>Nov 18, 2019 at 9:24 pm ET • 2 min read</li></ul>

The list is the byline (kind ``byline``) when it stands above the text's
first paragraph of running text, holds an item naming an author the page
gives (its meta or its ``<title>``), and every other item is one of those
(or a picture, the author's portrait); its date becomes the page's date
when the page gave none.  A list holding anything else stays."""

from __future__ import annotations

import re
from typing import Any

from ...report import CleaningReport
from .lead import _DATE_LINE, _norm, iso_date
from .page import PageMeta, _text_len, drop, local, text_of

_TIME_TAIL = re.compile(
    r"(?i)[\s,]*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s+[A-Z]{2,4})?\s*$")
_READ_TAIL = re.compile(r"(?i)\s*[•·|–—-]?\s*\d{1,3}\s+min(?:ute)?s?\.?"
                        r"(?:\s+read)?\s*$")
_BY = re.compile(r"(?i)^(?:by|par|por|von|di|door|av)\s+")


def date_time(text: str) -> str:
    """The date of a line that is only a date, with a time and a reading
    time after it ("Nov. 19, 2019 8:03 am ET"), or ''."""
    t = _READ_TAIL.sub("", text.strip()).strip()
    t = _TIME_TAIL.sub("", t).strip(" ,")
    return t if t and _DATE_LINE.match(t) else ""


def _contact(item: Any, text: str) -> bool:
    """An item that is one short link of its own (a handle, a mail
    address, "Biography"): three words at most, all of them the link's."""
    links = [a for a in item.iter("a") if a.get("href")]
    return len(links) == 1 and len(text.split()) <= 3 and \
        _text_len(links[0]) >= 0.9 * _text_len(item)


def strip_byline_lists(root: Any, pm: PageMeta,
                       report: CleaningReport) -> None:
    authors = {_norm(a) for a in pm.authors}
    if not authors:
        return
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = local(el.tag)
        if tag in ("p", "blockquote") and _text_len(el) > 120:
            return  # the text has begun
        if tag not in ("ul", "ol"):
            continue
        items = [li for li in el if isinstance(li.tag, str)]
        if len(items) < 2 or any(local(li.tag) != "li" for li in items):
            continue
        named, dates = False, []
        for li in items:
            text = " ".join(text_of(li).split())
            if not text:
                continue  # the author's portrait
            name = _norm(_BY.sub("", text))
            if len(name.split()) >= 2 and any(
                    a == name or a.startswith(name + " ") for a in authors):
                named = True  # (the page's author may still carry its
                # handle and date: "Bryan DeArdo @BryanDeArdo Nov 18...")
            elif date_time(text):
                dates.append(date_time(text))
            elif not _contact(li, text):
                break
        else:
            if named:
                if dates and not pm.date and iso_date(dates[0]):
                    pm.date = iso_date(dates[0])
                drop(el, "byline", report)
                return
        if _text_len(el) > 120:
            return  # a list of running text: the text has begun
