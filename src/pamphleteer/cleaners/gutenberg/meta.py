"""Metadata of a Project Gutenberg text, from its header's fields."""

from __future__ import annotations

import re
from collections import Counter

from ...languages import tag_for
from ...model import Metadata
from ...report import CleaningReport
from ...text import words
from .frame import EBOOK_NUMBER, FIRST_LINE, header_fields


# --------------------------------------------------------------------------

_DATED_NUMBER = re.compile(
    r"^(?P<date>(?:[A-Z][a-z]+\.?,?\s+)?(?:\d{1,2},?\s+)?\d{4})\s*"
    r"\[\s*E-?(?:text|book)\s*#\s*(?P<n>\d+)\s*\]$", re.IGNORECASE)
_BYLINE = re.compile(r"^by\s+((?:[A-Z][\w.'’-]*\s*){1,5})$")


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _people(values: tuple[str, ...]) -> tuple[str, ...]:
    """Names from a field: one a line (today's headers set each author on
    a line of its own: "Author: Alexandre Dumas" then "Auguste Maquet"),
    a line that carries on the one before it (after a comma, "and" or
    "&", or beginning in lower case) joined to it; then split on ``;``,
    `` and ``, ``&``."""
    lines: list[str] = []
    for v in values:
        v = " ".join(v.split())
        if not v:
            continue
        if lines and (re.search(r"(?:,|\band|&|-)$", lines[-1], re.I)
                      or not v[:1].isupper()):
            lines[-1] += " " + v
        else:
            lines.append(v)
    parts = [x for line in lines
             for x in re.split(r"\s*;\s*|\s+and\s+|\s*&\s*", line)]
    return tuple(" ".join(p.split()).rstrip(",") for p in parts if p.strip())


def read_metadata(header: list[str], report: CleaningReport,
                  first_line: int = 1) -> tuple[Metadata, set[int]]:
    """Metadata from the header lines and the indices of lines used."""
    fields, used = header_fields(header)
    got: dict[str, list[tuple[str, ...]]] = {}
    for f in fields:
        got.setdefault(f.key, []).append(f.lines)
        key_text = header[f.line].split(":", 1)[0].strip()
        report.remove("header-key", key_text + ":", first_line + f.line)
        if f.key == "language":
            report.remove("language-name", " ".join(f.lines),
                          first_line + f.line)
    title = subtitle = ""
    if got.get("title"):
        parts = got["title"][0]
        title = parts[0] if parts else ""
        subtitle = " ".join(parts[1:])
    people: dict[str, tuple[str, ...]] = {}
    for f in fields:
        if f.key in ("author", "translator", "editor"):
            names = _people(f.lines)
            people[f.key] = people.get(f.key, ()) + names
            # "A and B" is two names: the "and" between them is said
            # removed, not lost.
            joined = Counter(words(" ".join(f.lines)))
            left = joined - Counter(words(" ".join(names)))
            if left:
                report.remove("name-separator", " ".join(left.elements()),
                              first_line + f.line)
    authors = people.get("author", ())
    translators = people.get("translator", ())
    editors = people.get("editor", ())
    from_first_line = False
    if not title or not authors:
        for line in header[:5]:
            m = FIRST_LINE.match(line.strip())
            if m:
                # The line stays in the header removed (its "The Project
                # Gutenberg Etext of" is no metadata's).
                if not title:
                    title = m.group("title").strip()
                author = m.group("author") or m.group("name")
                if not authors and author:
                    authors = _people((author.strip(),))
                    from_first_line = True
                break
    if title and (not authors or from_first_line):
        # The 1990s' header sets the title and "by" the author's full name
        # on lines of their own ("THE DEVIL'S DICTIONARY" / "by Ambrose
        # Bierce"), where its first line has the surname only.
        for k, line in enumerate(header[:60]):
            if _norm(line) != _norm(title):
                continue
            for nxt in header[k + 1:k + 4]:
                m = _BYLINE.match(nxt.strip())
                if m:
                    authors = _people((m.group(1),))
                    break
            break
    if not title:
        report.problem("GUT007", "the header gives no title; write "
                       "`title:` for this chapter in the manifest", 0)
    language = ""
    for v in got.get("language", []):
        name = " ".join(v)
        first = re.split(r"\s*(?:,|;|\band\b|&)\s*", name)[0]
        language = tag_for(first)
        if not language:
            report.problem("GUT005", f"the header's language “{name}” has no "
                           "tag we know; write `language:` for the chapter",
                           0)
        elif first.strip() != name.strip():
            report.problem("GUT005", f"the header names several languages "
                           f"(“{name}”); taken as `{language}`", 0)
        break
    extra: list[tuple[str, str]] = []
    date = ""
    for key in ("release-date", "first-posted", "posting-date",
                "last-updated", "original-publication", "credits",
                "illustrator", "edition", "series", "encoding",
                "contributor", "commentator"):
        for v in got.get(key, []):
            value = " ".join(v)
            if key == "release-date" and len(v) > 1:
                # "[Yes, we are about one year ahead of schedule]"...
                extra.append(("release-note", " ".join(v[1:])))
                value = v[0]
            value = " ".join(value.split())
            if key == "release-date":
                m = EBOOK_NUMBER.search(value)
                if m:
                    extra.append(("ebook-number", m.group(1)))
                    report.remove("header-key", m.group(0), 0)
                    value = EBOOK_NUMBER.sub("", value).strip()
            extra.append((key, value))
            if key == "original-publication":
                years = re.findall(r"\b(1[0-9]{3}|20[0-9]{2})\b", value)
                if years:
                    date = years[-1]
    if "release-date" not in got:
        # The 1990s' header: "July, 1997  [Etext #972]" on a line of its own.
        for k, line in enumerate(header[:60]):
            m = _DATED_NUMBER.match(line.strip())
            if m:
                extra.append(("ebook-number", m.group("n")))
                extra.append(("release-date", m.group("date")))
                report.remove("header-key", line.strip()[m.end("date"):]
                              .strip(), 0)
                used.add(k)
                break
    number = dict(extra).get("ebook-number")
    extra.append(("license", "Public domain in the USA; distributed by "
                  "Project Gutenberg" + (f" (eBook #{number})" if number
                                         else "")))
    meta = Metadata(title=title, subtitle=subtitle, authors=authors,
                    translators=translators, editors=editors, date=date,
                    language=language, extra=tuple(extra))
    return meta, used
