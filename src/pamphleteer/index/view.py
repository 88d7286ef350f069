"""The index as renderers read it: letter groups, entries, locators.

:func:`build_view` is pure data: the PDF renderer calls it with the page of
every mark (from the laid-out document) and gets page ranges; the EPUB
renderer calls it without pages and gets one readable, linked locator per
paragraph that mentions the entry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..text import typography
from .match import Occurrence
from .spec import Entry, IndexSpec

__all__ = ["Locator", "ViewEntry", "LetterGroup", "IndexView", "build_view",
           "sort_key", "group_letter"]

EN_DASH = "–"


@dataclass(frozen=True)
class Locator:
    """A page, a page range or a passage where the entry occurs."""

    label: str
    """What the reader sees: ``12``, ``12–14`` or ``Kinna 3``."""
    mark_id: str
    """Id of the IndexMark to link to (the first one of the range)."""
    chapter: str
    """Chapter id of the target mark."""
    in_note: bool = False
    """True when every mark behind the locator is in a note."""
    first_page: int | None = None
    """First page of the locator (PDF); None without pages."""
    last_page: int | None = None
    """Last page of the locator (PDF); None without pages."""
    marks: tuple[str, ...] = ()
    """Every mark id the locator stands for."""


def _typeset(text: str) -> str:
    """An index heading as printed: typographic quotes and apostrophes."""
    return typography(text)[0]


@dataclass(frozen=True)
class ViewEntry:
    """An entry (or sub-entry) ready to print."""

    id: str
    """The entry's id (anchor of the entry itself: ``ix-`` + id is
    suggested for the renderer)."""
    heading: str
    """The heading as printed."""
    locators: tuple[Locator, ...]
    """Locators in page or reading order."""
    subentries: tuple["ViewEntry", ...]
    """Sub-entries, sorted, indented under the entry."""
    see: tuple[str, ...]
    """Headings of ``see`` targets (set in italics: *see* X)."""
    see_also: tuple[str, ...]
    """Headings of ``see also`` targets."""
    see_ids: tuple[str, ...] = ()
    """Ids of the ``see`` targets, parallel to ``see`` (empty string when a
    target names no entry)."""
    see_also_ids: tuple[str, ...] = ()
    """Ids of the ``see also`` targets, parallel to ``see_also``."""


@dataclass(frozen=True)
class LetterGroup:
    """Entries sharing an initial letter."""

    letter: str
    """``A``…``Z``, another letter, or ``#`` for digits and symbols."""
    entries: tuple[ViewEntry, ...]
    """Entries sorted by sort key."""


@dataclass(frozen=True)
class IndexView:
    """The whole index."""

    groups: tuple[LetterGroup, ...]
    """Letter groups in order (``#`` first)."""
    unplaced: tuple[str, ...] = ()
    """Mark ids missing from ``pages`` (a renderer should warn)."""

    def entries(self) -> Iterable[ViewEntry]:
        """Every top-level entry in order."""
        for g in self.groups:
            yield from g.entries


# --------------------------------------------------------------------------
# Sorting
# --------------------------------------------------------------------------

# A leading English article, dropped for sorting ("The Hague" sorts as Hague).
_ARTICLE = re.compile(r"^(?:the|an|a)\s+(?=\S)", re.IGNORECASE)
# A comma (an inverted name: "Marx, Karl") sorts before any word after it.
_COMMA = re.compile(r"\s*,\s*")
# Anything but letters, digits, spaces and the comma mark is ignored.
_PUNCT = re.compile(r"[^\w\s\x00]|_")


def sort_key(text: str) -> str:
    """Word-by-word sort key: no accents, no case, no leading article,
    punctuation ignored (``"The Hague"`` → ``"hague"``); a name before its
    comma sorts ahead of longer headings (``Marx, Karl`` before
    ``Marx-Engels Reader`` before ``Marxism``)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _ARTICLE.sub("", text.strip())
    text = _COMMA.sub("\x00", text)
    text = _PUNCT.sub("", text.replace("-", " "))
    return " ".join(text.casefold().split())


def group_letter(key: str) -> str:
    """The letter group of a sort key."""
    if key and key[0].isalpha():
        return key[0].upper()
    return "#"


# --------------------------------------------------------------------------
# Locators
# --------------------------------------------------------------------------

def _page_locators(occs: list[Occurrence], pages: Mapping[str, int],
                   unplaced: list[str]) -> tuple[Locator, ...]:
    by_page: dict[int, list[Occurrence]] = {}
    for o in occs:
        page = pages.get(o.mark_id)
        if page is None:
            unplaced.append(o.mark_id)
            continue
        by_page.setdefault(page, []).append(o)
    runs: list[list[int]] = []
    for page in sorted(by_page):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    out = []
    for run in runs:
        first, last = run[0], run[-1]
        occ = [o for p in run for o in by_page[p]]
        label = str(first) if first == last else f"{first}{EN_DASH}{last}"
        out.append(Locator(label, by_page[first][0].mark_id,
                           by_page[first][0].chapter,
                           all(o.in_note for o in occ), first, last,
                           tuple(o.mark_id for o in occ)))
    return tuple(out)


def _passage_locators(occs: list[Occurrence], labels: Mapping[str, str],
                      per_block: bool) -> tuple[Locator, ...]:
    groups: list[list[Occurrence]] = []
    for o in occs:
        if (per_block and groups and groups[-1][0].chapter == o.chapter
                and groups[-1][0].block == o.block):
            groups[-1].append(o)
        else:
            groups.append([o])
    counts: dict[str, int] = {}
    out = []
    for g in groups:
        chapter = g[0].chapter
        counts[chapter] = counts.get(chapter, 0) + 1
        name = labels.get(chapter, chapter)
        out.append(Locator(f"{name} {counts[chapter]}", g[0].mark_id, chapter,
                           all(o.in_note for o in g),
                           marks=tuple(o.mark_id for o in g)))
    return tuple(out)


# --------------------------------------------------------------------------
# The view
# --------------------------------------------------------------------------

def build_view(spec: IndexSpec, occurrences: Iterable[Occurrence], *,
               pages: Mapping[str, int] | None = None,
               labels: Mapping[str, str] | None = None,
               per_block: bool = True) -> IndexView:
    """The index to print.

    With ``pages`` (mark id → page number): page locators, each page once,
    consecutive pages collapsed into ``12–14``.  Without: one locator per
    block (paragraph) that mentions the entry — or per mark when
    ``per_block`` is False — labelled ``<chapter label> <n>``, ``n``
    counting the entry's locators within that chapter.

    Entries with nothing to show (no locator, sub-entry or reference) are
    left out; ``check`` reports them.
    """
    labels = labels or {}
    by_entry: dict[str, list[Occurrence]] = {}
    for o in occurrences:
        by_entry.setdefault(o.entry, []).append(o)
    heads = spec.by_heading()
    unplaced: list[str] = []

    def view(entry: Entry) -> ViewEntry | None:
        occs = by_entry.get(entry.id, [])
        if pages is not None:
            locs = _page_locators(occs, pages, unplaced)
        else:
            locs = _passage_locators(occs, labels, per_block)
        subs = [v for v in (view(s) for s in entry.subentries) if v]
        subs.sort(key=lambda v: _key_of[v.id])
        if not (locs or subs or entry.see):
            return None
        # Printed as the text is: curly apostrophes and quotes
        # ("People’s", "workers’"), whatever the index file wrote.
        return ViewEntry(entry.id, _typeset(entry.heading), locs,
                         tuple(subs),
                         tuple(_typeset(t) for t in entry.see),
                         tuple(_typeset(t) for t in entry.see_also),
                         tuple(heads[t].id if t in heads else ""
                               for t in entry.see),
                         tuple(heads[t].id if t in heads else ""
                               for t in entry.see_also))

    _key_of = {e.id: (sort_key(e.sort_key), e.heading)
               for e in spec.all_entries()}
    letters: dict[str, list[ViewEntry]] = {}
    for entry in spec.entries:
        v = view(entry)
        if v is None:
            continue
        letters.setdefault(group_letter(_key_of[entry.id][0]), []).append(v)
    groups = []
    for letter in sorted(letters, key=lambda c: (c != "#", sort_key(c))):
        entries = sorted(letters[letter], key=lambda v: _key_of[v.id])
        groups.append(LetterGroup(letter, tuple(entries)))
    return IndexView(tuple(groups), tuple(unplaced))
