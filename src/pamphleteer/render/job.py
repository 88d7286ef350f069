"""What a writer is handed: the assembled book, where to write, the layouts.

The build fills one :class:`WriteJob` and runs every registered writer
(:mod:`pamphleteer.writers`) on it, in their stage order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..book import Book
from ..files import Artifact, atomic_write
from .pdf import Layout
from .store import LayoutStore

if TYPE_CHECKING:
    from ..manifest import OutputSpec, ProfileSpec


@dataclass
class WriteJob:
    """An assembled book on its way out, and what was written so far."""

    book: Book
    """The assembled book."""
    output: OutputSpec
    """The manifest's output settings."""
    out_dir: Path
    """The folder the files go to."""
    book_dir: Path
    """The manifest's folder (its ``templates/`` and ``styles/``)."""
    formats: list[str]
    """The formats asked for."""
    all_profiles: tuple[ProfileSpec, ...]
    """Every profile of the manifest, made once (the first names
    ``<slug>.pdf``; profiles are told apart by identity)."""
    chosen: list[ProfileSpec]
    """The PDF profiles asked for (``--profile``; all by default), from
    :attr:`all_profiles`."""
    chapter: str | None = None
    """The chapter of a pamphlet, or None for the whole book."""
    progress: Callable[[str], None] | None = None
    """Told what is being done."""
    store: LayoutStore | None = None
    """Where laid-out PDFs and images are kept between builds."""
    layouts: dict[str, Layout] = field(default_factory=dict)
    """Every laid-out profile by name (PDF bytes, pages, anchors)."""
    breaks: dict[str, list[str]] | None = None
    """The first profile's print pages by anchor (the EPUB's page list)."""
    anchors: dict[str, int] | None = None
    """The first profile's page of every anchor."""
    outputs: list[Path] = field(default_factory=list)
    """Files written, in order."""
    artifacts: list[Artifact] = field(default_factory=list)
    """The same files, described."""

    def say(self, message: str) -> None:
        """Report progress."""
        if self.progress:
            self.progress(message)

    def record(self, path: Path, kind: str, profile: str = "",
               purpose: str = "") -> None:
        """Note a file written (for the command's output and releases)."""
        self.outputs.append(path)
        self.artifacts.append(Artifact(path, kind, profile, purpose))

    def write(self, name: str, data: bytes | str, kind: str,
              profile: str = "", purpose: str = "") -> Path:
        """Write ``data`` atomically into the output folder and record it."""
        target = self.out_dir / name
        atomic_write(target, data)
        self.record(target, kind, profile, purpose)
        return target
