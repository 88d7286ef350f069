"""The assembled book: what assembly produces and every renderer reads.

Built from the manifest and the cleaned documents by
:mod:`pamphleteer.assembly`; never holds markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from .model import Document, Inline

if TYPE_CHECKING:  # (types only: the book is below what it carries)
    from .bibliography import Entry
    from .index import IndexSpec, Occurrence


@dataclass(frozen=True)
class Contributor:
    """A person or body credited with a role."""

    name: str
    """As credited (``Sam Dolgoff``)."""
    role: str
    """MARC relator code: ``aut``, ``edt``, ``trl``."""


@dataclass(frozen=True)
class Chapter:
    """One text of the anthology, cleaned and given its place."""

    id: str
    """Manifest id, also the stem of its EPUB file and the prefix of ids."""
    number: int
    """1-based position in reading order."""
    title: str
    """Title as shown."""
    subtitle: str
    """Subtitle, or empty."""
    short_title: str
    """For running heads and index locators."""
    authors: tuple[str, ...]
    """Authors."""
    date: str
    """Date of the work."""
    translators: tuple[str, ...]
    """Translators."""
    editors: tuple[str, ...]
    """Editors of this text."""
    original_publication: tuple[Inline, ...]
    """Where the text first appeared, as inlines (may hold emphasis)."""
    source_used: str
    """The copy the edition was made from."""
    license: str
    """Licence or anti-copyright status."""
    document: Document
    """The cleaned text with book-wide unique ids."""
    format: str
    """Cleaner that produced it."""
    source_file: str
    """Raw file, relative to the manifest."""
    report_summary: str
    """What the edition did to the text, in a sentence or two."""
    part: str = ""
    """Id of its part, or empty."""
    source_url: str = ""
    """The URL the source was downloaded from, or empty for a file."""
    retrieved: str = ""
    """The date it was downloaded (``2026-12-06``), from the lock."""
    language: str = ""
    """BCP 47 tag of the text's language (the manifest's, the source's,
    else the book's)."""


@dataclass(frozen=True)
class Part:
    """A titled group of chapters."""

    id: str
    """Unique id."""
    title: str
    """Title; empty for the implicit single part of a book without parts."""
    number: int
    """1-based."""
    chapters: tuple[Chapter, ...]
    """Its chapters in order."""


@dataclass(frozen=True)
class AboutItem:
    """One text's entry on the 'About the texts' page."""

    chapter: str
    """Chapter id."""
    note: str
    """The editor's note on the source (from ``about_notes``)."""


@dataclass(frozen=True)
class Book:
    """The whole assembled anthology."""

    title: str
    """Book title."""
    subtitle: str
    """Book subtitle."""
    contributors: tuple[Contributor, ...]
    """Editors of the anthology, then every text's authors and translators."""
    editors: tuple[str, ...]
    """Editors of the anthology."""
    language: str
    """BCP 47 tag."""
    identifier: str
    """Unique identifier."""
    date: str
    """Publication date."""
    modified: str
    """Build timestamp (``YYYY-MM-DDThh:mm:ssZ``), from SOURCE_DATE_EPOCH."""
    version: str
    """Edition version."""
    rights: str
    """Rights statement."""
    publisher: str
    """Publisher."""
    description: str
    """Description."""
    subjects: tuple[str, ...]
    """Subjects."""
    slug: str
    """File stem."""
    introduction: Document | None
    """Editorial introduction, ids prefixed ``intro``."""
    introduction_title: str
    """Its heading."""
    parts: tuple[Part, ...]
    """Parts in order (one untitled part when the manifest has none)."""
    about: tuple[AboutItem, ...]
    """About-the-texts notes, one per chapter."""
    bibliography: tuple[Entry, ...]
    """Bibliography entries (:class:`pamphleteer.bibliography.Entry`)."""
    index: tuple[IndexSpec, tuple[Occurrence, ...]] | None
    """Index spec and occurrences, or None (rendered per output)."""
    options: Mapping[str, Any]
    """Front/back switches and output settings from the manifest."""
    tool_version: str
    """pamphleteer's version, for the colophon."""
    csl: tuple[dict[str, Any], ...] = ()
    """Every work cited, as CSL-JSON items (``<slug>.bibliography.json``)."""
    citations: tuple[dict[str, Any], ...] = ()
    """Every citation occurrence (``<slug>.citations.json``)."""
    pamphlet_of: str = ""
    """For a pamphlet of one text: the anthology's title (colophon)."""

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        """Every chapter in reading order."""
        return tuple(c for p in self.parts for c in p.chapters)

    def chapter(self, chapter_id: str) -> Chapter:
        """The chapter with this id."""
        for c in self.chapters:
            if c.id == chapter_id:
                return c
        raise KeyError(chapter_id)
