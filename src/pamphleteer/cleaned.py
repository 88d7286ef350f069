"""What a reader returns: the cleaned document and its cleaning report.

Below the readers (``cleaners/``) and the stage cache's serial form
(:mod:`pamphleteer.serial`), which both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: checking a manifest's reader names
    # imports the registry, hence this module, but needs no model (a big
    # module of dataclasses, 15 to 40 ms of a warm no-op rebuild).
    from .model import Document
    from .report import CleaningReport


@dataclass(frozen=True)
class CleanResult:
    """What a cleaner returns."""

    document: Document
    """The cleaned text."""
    report: CleaningReport
    """What was done, removed and left unresolved."""
