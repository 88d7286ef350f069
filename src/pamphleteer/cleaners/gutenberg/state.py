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
    after: int = 0
    """The line its call stands after: the last note of the notes set
    before its own (a call above that belongs to an earlier set's note)."""


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
    repeated: bool = False
    """A label stands for several notes (numbering restarts): a call
    links the first note of its label after it, in the notes set next
    below it."""
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
        if defs and self.repeated:
            d = _placed(defs, line)
            if d is None:
                return self._missing(raw, line, any_label=True)
            return self._called(d, raw, line)
        if defs:
            k = self.uses[raw]
            self.uses[raw] += 1
            return self._called(defs[min(k, len(defs) - 1)], raw, line)
        return self._missing(raw, line)

    def _called(self, d: NoteDef, raw: str, line: int) -> str:
        """The note ``d`` answers the call ``raw``: its label (said when
        the call is renumbered with it)."""
        d.called = True
        if d.label != raw:
            self.report.change("note-renumbered", raw, d.label, line,
                               detail="call renumbered with its note",
                               rewrite=True)
        return d.label

    def _missing(self, raw: str, line: int,
                 any_label: bool = False) -> str | None:
        """A call in the range of the text's notes whose note is lost."""
        if any_label or raw.isdigit() and 0 < int(raw) <= self.numeric_max \
                and len(raw) in self.label_widths:
            # Inside the range of the notes the text has: a note lost.  Its
            # call keeps the source's number (primed if a renumbered note
            # has taken it), and a second call of it links the same note.
            for got_raw, _, label in self.missing:
                if got_raw == raw and not any_label:
                    return label
            taken = {d.label for v in self.defs.values() for d in v} | \
                {label for _, _, label in self.missing}
            label = raw
            while label in taken:
                label += "′"
            self.missing.append((raw, line, label))
            return label
        return None


def _placed(defs: list[NoteDef], line: int) -> NoteDef | None:
    """The note of a call on ``line`` among notes sharing its label: the
    first after the call whose notes set is the next below it (its
    ``after`` line above the call), one not yet called first, else one
    called already (the same note called twice).  None when the notes
    set below the call has no note of that label: its note is lost, and
    no later chapter's note is taken for it."""
    fits = [d for d in defs if d.after < line < d.chunk.line]
    for d in fits:
        if not d.called:
            return d
    return fits[0] if fits else None
