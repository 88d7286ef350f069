"""Chicago bibliography entries (notes-bibliography system) as model inlines.

Why not citeproc-py: version 0.11 bundles a single CSL style (Harvard
"cite them right"), not Chicago, and renders to HTML or plain strings,
while the book needs model inlines (titles as :class:`Emph`) so that the
EPUB and PDF writers can link and style them.  The subset of Chicago (17th
ed., 14.68-14.206) we need is small: books, chapters in edited books,
journal and magazine articles, theses, web pages and manuscripts.

    Bakunin, Mikhail. *Bakunin on Anarchy*. Edited by Sam Dolgoff. London:
    George Allen and Unwin, 1971.
    Blackledge, Paul. "Marxism and Anarchism." *International Socialism*,
    no. 125 (2010).
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from ..model import Emph, Inline, Text
from ..text import typography
from .facts import date_year
from .names import fold

_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"]
_ORDINALS = {"1": "1st", "2": "2nd", "3": "3rd"}


def _name(name: Mapping, *, inverted: bool) -> str:
    """A CSL name as printed: ``Family, Given`` or ``Given Family``."""
    if "literal" in name:
        return name["literal"]
    family, given = name.get("family", ""), name.get("given", "")
    particle = name.get("non-dropping-particle", "")
    if particle:
        family = f"{particle} {family}"
    given = _space_initials(given)
    if not given:
        return family
    if name.get("static-ordering"):
        # "Shin Chae-ho": an East Asian name, family first, never inverted
        # (Chicago 8.14, 14.83).
        return f"{family} {given}"
    return f"{family}, {given}" if inverted else f"{given} {family}"


def _space_initials(given: str) -> str:
    """``G.P.`` -> ``G. P.`` (Chicago spaces initials)."""
    # An initial's period directly followed by another capital.
    return re.sub(r"(?<=[A-Z]\.)(?=[A-Z])", " ", given)


def names_list(names: Sequence[Mapping], *, invert_first: bool) -> str:
    """``Family, Given, Given Family, and Given Family``."""
    printed = [_name(n, inverted=invert_first and i == 0)
               for i, n in enumerate(names)]
    if len(printed) == 1:
        return printed[0]
    if len(printed) == 2:
        sep = ", and " if invert_first and "," in printed[0] else " and "
        return printed[0] + sep + printed[1]
    return ", ".join(printed[:-1]) + ", and " + printed[-1]


def _date(date: Mapping | None) -> str:
    """A CSL date as printed (``7 April 2011``, ``October 1953``, ``n.d.``)."""
    if not date:
        return ""
    if "literal" in date:
        return str(date["literal"])
    parts = (date.get("date-parts") or [[]])[0]
    if not parts:
        return ""
    if len(parts) >= 3:
        return f"{parts[2]} {_MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _edition(edition) -> str:
    """``2`` -> ``2nd ed.``; ``revised`` -> ``Revised ed.``."""
    text = str(edition).strip()
    if text.isdigit():
        return _ORDINALS.get(text, f"{text}th") + " ed."
    # A trailing "ed.", "edition" as a whole word.
    text = re.sub(r"(?:^|\s+)ed(?:ition)?\.?$", "", text)
    return text[:1].upper() + text[1:] + " ed."


def _sentence(parts: list[list[Inline]]) -> list[Inline]:
    """Join parts as sentences: each ends with a period."""
    out: list[Inline] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append(Text(" "))
        out.extend(part)
        last = part[-1]
        text = last.text if isinstance(last, Text) else ""
        if isinstance(last, Emph):
            tail = last.children[-1]
            text = tail.text if isinstance(tail, Text) else ""
        if not text.endswith((".", "?", "!", ".”", "?”", "!”")):
            out.append(Text("."))
    return out


def _creators(csl: Mapping) -> tuple[str, bool]:
    """(lead names as printed, whether they are editors)."""
    if csl.get("author"):
        return names_list(csl["author"], invert_first=True), False
    if csl.get("editor"):
        eds = csl["editor"]
        return names_list(eds, invert_first=True) + (
            ", eds" if len(eds) > 1 else ", ed"), True
    return "", False


def _roles(csl: Mapping, *, editors_led: bool) -> list[str]:
    """``Edited by X``, ``Translated by Y`` (or ``Edited and translated
    by Z``)."""
    eds = [] if editors_led else list(csl.get("editor") or [])
    trs = list(csl.get("translator") or [])
    if eds and trs and eds == trs:
        return ["Edited and translated by "
                + names_list(eds, invert_first=False)]
    out = []
    if eds:
        out.append("Edited by " + names_list(eds, invert_first=False))
    if trs:
        out.append("Translated by " + names_list(trs, invert_first=False))
    return out


def _publication(csl: Mapping) -> str:
    """``Place: Publisher, Year`` (with ``n.d.`` when no year)."""
    place, publisher = csl.get("publisher-place"), csl.get("publisher")
    year = _date(csl.get("issued"))
    if not year and csl.get("original-date") and not (place or publisher):
        return ""
    head = ": ".join(p for p in (place, publisher) if p)
    year = year or "n.d."
    return f"{head}, {year}" if head else year


def _cross_reference(csl: Mapping, book: Mapping) -> list[list[Inline]]:
    """``In Dolgoff, *Bakunin on Anarchy*, 185–89.``: a chapter whose
    collection has its own entry (Chicago 14.108)."""
    people = book.get("editor") or book.get("author") or []
    who = " and ".join(n.get("family") or n.get("literal", "")
                       for n in people[:3])
    title = book.get("title-short") or _short_title(book.get("title", ""))
    inner: list[Inline] = [Text("In " + (who + ", " if who else "")),
                           Emph((Text(title),))]
    if csl.get("page"):
        inner.append(Text(", " + _pages(csl["page"])))
    return [inner]


def _short_title(title: str) -> str:
    """The main title; one word alone keeps its subtitle's first clause
    (``Anarchism: A Documentary History of Libertarian Ideas``)."""
    # The title before a colon and space (its subtitle).
    main = re.split(r":\s", title)[0]
    if len(main.split()) > 1:
        return main
    return title.split(", ")[0]


# Acronyms that read as words when a source title-cases them ("The Abc of
# Anarchism", "Una Historia De Fau"); the book's own all-capital words are
# added by the caller.
ACRONYMS = frozenset("""ABC CNT FAI CGT UGT POUM IWW IWA AIT FAU FORA FAF
USSR USA UK SPGB SWP ISO IMF KPD SPD RSDLP PCE PSOE ZACF AFL CIO NATO UN
EU BBC""".split())
# Abbreviations without vowels that are not acronyms.
_NOT_ACRONYMS = {"mr", "mrs", "dr", "st", "jr", "sr", "ltd", "bros", "pp",
                 "vs", "nd", "th", "cf", "pbk", "hb", "ms"}
_TEXT_FIELDS = ("title", "container-title", "collection-title", "publisher",
                "publisher-place", "title-short", "genre")


def title_words(text: str, acronyms: frozenset[str] = frozenset()) -> str:
    """A title as printed: acronyms a source title-cased restored (``Cgt``
    -> ``CGT``: a word without vowels; ``Abc`` -> ``ABC``: a known
    acronym or one the book writes in capitals), the rest kept as given."""
    known = ACRONYMS | acronyms

    def fix(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if low in _NOT_ACRONYMS or not word[1:].islower():
            return word
        if word.upper() in known or (2 <= len(word) <= 5 and not re.search(
                r"[aeiouy]", low)):
            return word.upper()
        return word

    # A capitalised word of letters only.
    return re.sub(r"\b[A-Z][a-z]+\b", fix, text)


def typeset(csl: Mapping, acronyms: frozenset[str] = frozenset()) -> dict:
    """The CSL item with its printed text made typographic: curly quotes
    and apostrophes (``Workers' Power`` -> ``Workers’ Power``), dashes, and
    acronyms in titles restored."""
    out = dict(csl)
    for fld in _TEXT_FIELDS:
        if isinstance(out.get(fld), str):
            text = typography(out[fld])[0]
            if "title" in fld:
                text = title_words(text, acronyms)
            out[fld] = text
    for fld in ("author", "editor", "translator"):
        if isinstance(out.get(fld), list):
            out[fld] = [{k: (typography(v)[0] if isinstance(v, str) else v)
                         for k, v in n.items()} if isinstance(n, dict) else n
                        for n in out[fld]]
    return out


def format_entry(csl: Mapping, container: Mapping | None = None,
                 acronyms: frozenset[str] = frozenset()
                 ) -> tuple[Inline, ...]:
    """One Chicago bibliography entry as inlines; ``container`` is the
    entry of the collection a chapter appeared in, when it has one."""
    csl = typeset(csl, acronyms)
    if container is not None:
        container = typeset(container, acronyms)
    lead, editors_led = _creators(csl)
    kind = csl.get("type", "book")
    title = csl.get("title", "")
    parts: list[list[Inline]] = []
    if lead:
        parts.append([Text(lead)])
    if kind in ("chapter", "article-journal", "article-magazine",
                "article-newspaper", "article", "webpage", "thesis",
                "manuscript", "paper-conference"):
        end = "" if title.endswith(("?", "!")) else "."
        parts.append([Text(f"“{title}{end}”")])
    else:
        parts.append([Emph((Text(title),))])
    if kind == "chapter" and container:
        parts += _cross_reference(csl, container)
        original = csl.get("original-date")
        if original and _date(original) not in ("", "n.d."):
            parts.append([Text("Written " + _date(original))])
    elif kind == "chapter" and csl.get("container-title"):
        inner: list[Inline] = [Text("In "),
                               Emph((Text(csl["container-title"]),))]
        roles = [r[0].lower() + r[1:] for r in _roles(csl,
                                                     editors_led=editors_led)]
        if roles:
            inner.append(Text(", " + ", ".join(roles)))
        if csl.get("page"):
            inner.append(Text(", " + _pages(csl["page"])))
        parts.append(inner)
        parts += _tail(csl)
    elif kind in ("article-journal", "article-magazine", "article-newspaper",
                  "article"):
        journal: list[Inline] = []
        if csl.get("container-title"):
            journal.append(Emph((Text(csl["container-title"]),)))
        numbers = []
        if csl.get("volume"):
            numbers.append(str(csl["volume"]))
        if csl.get("issue"):
            numbers.append(f"no. {csl['issue']}")
        if numbers:
            journal.append(Text((" " if csl.get("volume") else ", ")
                                + ", ".join(numbers)))
        date = _date(csl.get("issued"))
        if date:
            journal.append(Text(f" ({date})" if numbers else f", {date}"))
        if csl.get("page"):
            journal.append(Text(": " + _pages(csl["page"])))
        parts.append(journal)
    elif kind == "webpage":
        if csl.get("container-title"):
            parts.append([Text(csl["container-title"])])
        if csl.get("accessed"):
            parts.append([Text("Accessed " + _date(csl["accessed"]))])
        if csl.get("URL"):
            parts.append([Text(csl["URL"])])
    elif kind == "thesis":
        parts.append([Text(", ".join(p for p in (
            csl.get("genre") or "Thesis", csl.get("publisher"),
            _date(csl.get("issued")) or "n.d.") if p))])
    else:
        for role in _roles(csl, editors_led=editors_led):
            parts.append([Text(role)])
        parts += _tail(csl)
    if csl.get("URL") and kind != "webpage":
        if csl.get("accessed"):
            parts.append([Text("Accessed " + _date(csl["accessed"]))])
        parts.append([Text(csl["URL"])])
    if csl.get("note"):
        parts.append([Text(str(csl["note"]).rstrip("."))])
    return tuple(_merge_text(_sentence(parts)))


def _tail(csl: Mapping) -> list[list[Inline]]:
    """Edition, volume, publication facts, original date of a book."""
    parts: list[list[Inline]] = []
    if csl.get("edition"):
        parts.append([Text(_edition(csl["edition"]))])
    if csl.get("volume"):
        parts.append([Text(f"Vol. {csl['volume']}")])
    elif csl.get("number-of-volumes"):
        parts.append([Text(f"{csl['number-of-volumes']} vols")])
    if csl.get("section"):
        parts.append([Text(f"Section {csl['section']}")])
    publication = _publication(csl)
    if publication:
        parts.append([Text(publication)])
    original = csl.get("original-date")
    if original and date_year(original) != date_year(csl.get("issued")):
        printed = _date(original)
        if printed and printed != "n.d.":
            parts.append([Text(("First published " if csl.get("issued")
                                else "Written ") + printed)])
    return parts


def _pages(page: str) -> str:
    """A page range with an en dash."""
    # A hyphen between page numbers, with any spaces.
    return re.sub(r"\s*-\s*", "–", str(page))


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    """Join adjacent Text inlines."""
    out: list[Inline] = []
    for node in inlines:
        if out and isinstance(node, Text) and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out


def sort_key(csl: Mapping) -> str:
    """Sort by lead creator's family name, given name, then title, year."""
    names = csl.get("author") or csl.get("editor") or []
    if names:
        first = names[0]
        lead = fold(first.get("literal") or (first.get("family", "") + " "
                                             + first.get("given", "")))
    else:
        lead = ""
    title = fold(csl.get("title", ""))
    # A leading article, ignored in sorting.
    title = re.sub(r"^(?:the|a|an) ", "", title)
    year = date_year(csl.get("issued")) or 0
    return f"{lead or title}\x00{title}\x00{year:04d}"
