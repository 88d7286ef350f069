"""The Gutenberg reader's state while it reads a body: the note
definitions found, the calls met, the poem's margin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...report import CleaningReport
from . import body as B


@dataclass
class NoteDef:
    """A note definition found in the body."""

    raw_label: str
    chunk: B.Chunk
    text_lines: list[str]
    label: str = ""
    called: bool = False


@dataclass
class State:
    report: CleaningReport
    width: int
    typical_gap: int
    language: str
    defs: dict[str, list[NoteDef]] = field(default_factory=dict)
    uses: Counter = field(default_factory=Counter)
    missing: list[tuple[str, int, str]] = field(default_factory=list)
    numeric_max: int = 0
    label_widths: set[int] = field(default_factory=set)
    credits: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    verse_base: int = 0
    """The margin of the poem being read (its stanzas' least indent)."""
    tilde_bold: bool = False
    """The transcriber's note says that ``~text~`` is bold."""
    no_calls: bool = False
    """True while reading a transcriber's note (its brackets explain the
    notation: "[01] through [15]" are not calls)."""

    def call_label(self, raw: str, _offset: int, line: int) -> str | None:
        """The note label a call ``[raw]`` links to, or None (text)."""
        if self.no_calls:
            return None
        defs = self.defs.get(raw)
        if defs:
            k = self.uses[raw]
            self.uses[raw] += 1
            d = defs[min(k, len(defs) - 1)]
            d.called = True
            if d.label != raw:
                self.report.change("note-renumbered", raw, d.label, line,
                                   detail="call renumbered with its note",
                                   rewrite=True)
            return d.label
        if raw.isdigit() and 0 < int(raw) <= self.numeric_max and \
                len(raw) in self.label_widths:
            # Inside the range of the notes the text has: a note lost.  Its
            # call keeps the source's number (primed if a renumbered note
            # has taken it), and a second call of it links the same note.
            for got_raw, _, label in self.missing:
                if got_raw == raw:
                    return label
            taken = {d.label for v in self.defs.values() for d in v}
            label = raw if raw not in taken else raw + "′"
            self.missing.append((raw, line, label))
            return label
        return None
