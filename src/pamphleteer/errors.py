"""Typed errors, one exit status each, and located warnings.

The library raises these; the command line prints them and exits with
their status.  No traceback ever reaches a user for a known failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class PamphleteerError(Exception):
    """Base of every error the tool reports to a user."""

    exit_status = 1

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join([self.message, *self.problems])


class ManifestError(PamphleteerError):
    """The manifest (or a file it names) is invalid."""

    exit_status = 2


class InputError(PamphleteerError):
    """A raw source cannot be read or cleaned (encoding, binary, format)."""

    exit_status = 3


class RenderError(PamphleteerError):
    """An output could not be written."""

    exit_status = 4


class MissingToolError(PamphleteerError):
    """A required external program or font is missing."""

    exit_status = 5


class StrictError(PamphleteerError):
    """``--strict`` turned warnings into failure."""

    exit_status = 6


@dataclass(frozen=True)
class Warning_:
    """A located, coded warning a user can look up or silence."""

    code: str
    """Stable code (``CITE001``)."""
    message: str
    """What is wrong and what to do."""
    location: str = ""
    """``file:line`` or a chapter id."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}warning[{self.code}]: {self.message}"


@dataclass
class Diagnostics:
    """Warnings gathered while a command runs (cleaning, assembling,
    writing), each coded and located."""

    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, code: str, message: str, location: str = "") -> None:
        """Record a warning."""
        self.warnings.append(Warning_(code, message, location))
