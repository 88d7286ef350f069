"""The cleaning report: what a cleaner did, removed, doubted and kept.

Every cleaner fills one :class:`CleaningReport` while it works and returns it
beside the document.  The report proves conservation: every word of the input
is in the output, or listed as deliberately removed, or accounted for by a
recorded rewrite (a hyphen joined, a confusable letter repaired).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from .text import words


@dataclass(frozen=True)
class Removal:
    """Raw text deliberately left out of the document."""

    kind: str
    """Why: ``page-number``, ``running-head``, ``contents``, ``blank``,
    ``note-number``, ``title-block``, ``markup``, ..."""
    text: str
    """The removed text, as in the raw file."""
    line: int
    """1-based raw line where it stood."""


@dataclass(frozen=True)
class Change:
    """An edit of the text that a reader may want to check."""

    kind: str
    """``hyphen-joined``, ``hyphen-kept``, ``confusable``, ``fragment-join``,
    ``encoding``, ``page-order``, ..."""
    before: str
    """The raw form."""
    after: str
    """The cleaned form."""
    line: int
    """1-based raw line."""
    detail: str = ""
    """Evidence and confidence, in words."""
    rewrite: bool = False
    """True when the words of ``before`` become those of ``after`` (for the
    conservation check): a hyphen join, a repaired word."""


@dataclass(frozen=True)
class Problem:
    """Something the cleaner could not resolve (a warning with a code)."""

    code: str
    """Stable code a user can look up or silence (``PDF003``)."""
    message: str
    """What is wrong and, if it can, what to do."""
    line: int
    """1-based raw line, 0 when the whole file is concerned."""


@dataclass
class CleaningReport:
    """Everything one cleaner run did, for ``<chapter>.report.json``."""

    cleaner: str
    """Registered name of the cleaner."""
    file: str
    """Raw file cleaned."""
    counts: Counter[str] = field(default_factory=Counter)
    """Tallies: ``lines-in``, ``paragraphs``, ``notes``, ``quote``, ..."""
    removals: list[Removal] = field(default_factory=list)
    """Text deliberately removed."""
    changes: list[Change] = field(default_factory=list)
    """Edits worth listing one by one."""
    problems: list[Problem] = field(default_factory=list)
    """Unresolved matters, reported with their lines."""
    conservation: dict[str, Any] = field(default_factory=dict)
    """Result of :func:`check_conservation`."""

    def remove(self, kind: str, text: str, line: int) -> None:
        """Record a deliberate removal."""
        self.removals.append(Removal(kind, text, line))
        self.counts[f"removed-{kind}"] += 1

    def change(self, kind: str, before: str, after: str, line: int,
               detail: str = "", rewrite: bool = False) -> None:
        """Record an edit."""
        self.changes.append(Change(kind, before, after, line, detail, rewrite))
        self.counts[kind] += 1

    def problem(self, code: str, message: str, line: int = 0) -> None:
        """Record something left unresolved."""
        self.problems.append(Problem(code, message, line))

    def add_counts(self, counts: Counter[str]) -> None:
        """Add typography or other tallies."""
        self.counts.update(counts)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, keys sorted for stable output."""
        return {
            "cleaner": self.cleaner,
            "file": self.file,
            "counts": dict(sorted(self.counts.items())),
            "conservation": self.conservation,
            "problems": [asdict(p) for p in self.problems],
            "removals": [asdict(r) for r in self.removals],
            "changes": [asdict(c) for c in self.changes],
        }


def check_conservation(raw: str, out_words: list[str],
                       report: CleaningReport) -> dict[str, Any]:
    """Check that every word of ``raw`` is in the output or accounted for.

    ``out_words`` are the document's words (:func:`model.document_words`).
    Removals take their words out of the input; rewrites replace the words
    of ``before`` with those of ``after``.  The result is stored in the
    report and returned: ``lost`` lists words of the input found nowhere.
    """
    have = Counter(words(raw))
    words_in = sum(have.values())
    removed = Counter(w for r in report.removals for w in words(r.text))
    for c in report.changes:
        if c.rewrite:
            have.subtract(words(c.before))
            have.update(words(c.after))
    out = Counter(out_words)
    lost = have - removed - out
    added = out - (have - removed)
    result = {
        "words-in": words_in,
        "words-out": sum(out.values()),
        "words-removed": sum(removed.values()),
        "lost": sorted(lost.elements()),
        "added": sorted(added.elements())[:200],
        "ok": not lost,
    }
    report.conservation = result
    if lost:
        sample = ", ".join(sorted(lost)[:20])
        report.problem("CONS001", f"{sum(lost.values())} word(s) of the input "
                       f"are missing from the output: {sample}")
    return result
