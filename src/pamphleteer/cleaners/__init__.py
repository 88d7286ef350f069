"""Cleaners: one pure function per raw family, from text to the model.

A cleaner is registered with :func:`cleaner`; the registry refuses a second
cleaner under a name already taken.  ``detect`` functions score how likely a
raw text belongs to the family, for manifests that omit ``format``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..model import Document
from ..report import CleaningReport


@dataclass(frozen=True)
class CleanResult:
    """What a cleaner returns."""

    document: Document
    """The cleaned text."""
    report: CleaningReport
    """What was done, removed and left unresolved."""


CleanFn = Callable[..., CleanResult]
"""``clean(raw: str, *, source: str, options: Mapping[str, Any]) -> CleanResult``"""


@dataclass(frozen=True)
class CleanerInfo:
    """A registered cleaner."""

    name: str
    """Format name used in manifests and ``--format``."""
    clean: CleanFn
    """The cleaning function."""
    detect: Callable[[str], float]
    """Score in [0, 1] that a raw text is of this family."""
    description: str
    """One line for ``--help`` and the README."""
    version: str
    """Bumped whenever the output may change (keys the stage cache)."""


REGISTRY: dict[str, CleanerInfo] = {}


def cleaner(name: str, *, detect: Callable[[str], float], description: str,
            version: str = "1") -> Callable[[CleanFn], CleanFn]:
    """Register a cleaning function under ``name`` (refuses duplicates)."""

    def register(fn: CleanFn) -> CleanFn:
        if name in REGISTRY:
            raise ValueError(f"cleaner {name!r} is already registered")
        REGISTRY[name] = CleanerInfo(name, fn, detect, description, version)
        return fn

    return register


def load_all() -> dict[str, CleanerInfo]:
    """Import every built-in cleaner module and return the registry."""
    from . import afaq_text, library_md, markdown_src, pdf_text  # noqa: F401

    return REGISTRY


def detect_format(raw: str) -> tuple[str, float]:
    """Best-scoring format for ``raw`` and its score."""
    reg = load_all()
    scored = sorted(((info.detect(raw), name) for name, info in reg.items()),
                    reverse=True)
    score, name = scored[0]
    return name, score


def run(fmt: str, raw: str, *, source: str,
        options: Mapping[str, Any] | None = None) -> CleanResult:
    """Clean ``raw`` with the cleaner named ``fmt``."""
    reg = load_all()
    return reg[fmt].clean(raw, source=source, options=dict(options or {}))
