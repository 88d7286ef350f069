"""The reader registry: what a reader declares and how it registers.

Reader modules import :func:`cleaner` and :class:`CleanResult` from here
(not from the package, whose :func:`~pamphleteer.cleaners.load_all`
imports them: no import circle).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..cleaned import CleanResult

__all__ = ["CleanResult", "CleanFn", "CleanerInfo", "REGISTRY", "cleaner",
           "THRESHOLD", "MARGIN", "EXTENSION_BONUS", "BUILTIN_NAMES"]

THRESHOLD = 0.3
"""Lowest detection score accepted without ``format:``."""
MARGIN = 0.1
"""How far the best score must lead the next one."""
EXTENSION_BONUS = 0.25
"""Added to a reader's score when the file's extension is one of its own."""


CleanFn = Callable[..., CleanResult]
"""``clean(raw: str | bytes, *, source: str, options: Mapping[str, Any])
-> CleanResult``: ``raw`` is the decoded text, or the file's bytes for a
``binary`` reader."""


@dataclass(frozen=True)
class CleanerInfo:
    """A registered reader."""

    name: str
    """Format name used in manifests and ``--format``."""
    clean: CleanFn
    """The cleaning function."""
    detect: Callable[[Any], float]
    """Score in [0, 1] that a source is of this family: given the decoded
    text (``str``), or the file's bytes for a ``binary`` reader."""
    description: str
    """One line for ``--help`` and the README."""
    version: str
    """Bumped whenever the output may change (keys the stage cache)."""
    extensions: tuple[str, ...] = ()
    """File name endings this family usually has (``.muse``), lower case."""
    binary: bool = False
    """True when ``clean`` and ``detect`` take the file's bytes."""
    docs: str = ""
    """Path of the format's reference page in the repository."""


REGISTRY: dict[str, CleanerInfo] = {}

BUILTIN_NAMES = frozenset({
    "afaq-text", "docx", "epub", "gutenberg", "html", "latex", "library-md",
    "markdown", "muse", "odt", "org", "pandoc-markdown", "pdf", "pdf-text",
    "rst",
})
"""The names the built-in readers register, known without importing them.

Checking a manifest's ``format:`` lines needs only the names, and importing
the fifteen reader modules to learn them (numpy, PyMuPDF, wordsegment...)
cost a warm no-op rebuild 0.3 s of its 1 s.  The registry stays the truth:
a name missing here is still accepted once the readers are imported
(:func:`~pamphleteer.cleaners.is_known`), only more slowly, and
``tests/test_startup.py`` compares this set with the registry (a new reader
adds its name here)."""


def cleaner(name: str, *, detect: Callable[[Any], float], description: str,
            version: str = "1", extensions: tuple[str, ...] = (),
            binary: bool = False, docs: str = "",
            select: bool = False) -> Callable[[CleanFn], CleanFn]:
    """Register a cleaning function under ``name`` (refuses duplicates).

    ``select``: the registry takes the ``select:`` option for the reader
    (which never sees it) and keeps the part it names of what the reader
    made (:func:`.selecting.select_document`); readers that choose parts
    their own way (an EPUB's files, a PDF's outline) leave it False."""

    def register(fn: CleanFn) -> CleanFn:
        if name in REGISTRY:
            raise ValueError(f"cleaner {name!r} is already registered")
        REGISTRY[name] = CleanerInfo(
            name, _selecting(fn) if select else fn, detect, description,
            version, tuple(e.lower() for e in extensions), binary, docs)
        return fn

    return register


def _selecting(fn: CleanFn) -> CleanFn:
    """``fn`` taking the shared ``select:`` option (see :func:`cleaner`)."""

    @functools.wraps(fn)
    def clean(raw: Any, *, source: str, options: Mapping[str, Any]
              ) -> CleanResult:
        opts = dict(options or {})
        value = opts.pop("select", None)
        result = fn(raw, source=source, options=opts)
        if value is None:
            return result
        from .selecting import select_document

        return select_document(result, value, source)

    return clean
