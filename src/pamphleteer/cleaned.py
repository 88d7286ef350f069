"""What a reader returns: the cleaned document and its cleaning report.

Below the readers (``cleaners/``) and the stage cache's serial form
(:mod:`pamphleteer.serial`), which both use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Document
from .report import CleaningReport


@dataclass(frozen=True)
class CleanResult:
    """What a cleaner returns."""

    document: Document
    """The cleaned text."""
    report: CleaningReport
    """What was done, removed and left unresolved."""
