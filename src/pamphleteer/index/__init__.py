"""The back-of-book index, as a data stage.

``book/index.yaml`` lists the entries (:func:`load_index`); assembly marks
every chapter (:func:`mark_document`, an IndexMark before each match) and
collects the occurrences; :func:`check` warns about entries that never
match and references that point nowhere; renderers turn the occurrences
into an index with :func:`build_view` (page ranges for the PDF, linked
passages for the EPUB).  :func:`suggest` proposes entries from the book.
"""

from __future__ import annotations

from .match import Occurrence, check, mark_document, strip_marks
from .spec import Entry, Form, IndexSpec, load_index, parse_index
from .suggest import suggest
from .view import (IndexView, LetterGroup, Locator, ViewEntry, build_view,
                   sort_key)

__all__ = ["load_index", "parse_index", "mark_document", "strip_marks",
           "build_view", "suggest", "check", "IndexSpec", "Entry", "Form",
           "Occurrence", "IndexView", "LetterGroup", "ViewEntry", "Locator",
           "sort_key"]
