"""Warnings grouped per chapter, and runs of one warning told in one line.

A book of a dozen texts can raise hundreds of warnings, most of them the
same one again (150 notes missing from one PDF): listed one per line they
hide the few that matter.  :func:`group` sorts the warnings by where they
are (the chapter's file or id, in the order first met) and, within each,
folds warnings of the same code whose messages differ only in their
numbers into a :class:`Run` that names the numbers and lines as ranges
(``notes 3–150, 152``).  The terminal (cli) and the live preview (watch)
both show this grouping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from .errors import Warning_

RUN_AT = 3
"""A warning repeated this many times in a chapter is summarised."""
_NUMBER = re.compile(r"\d+")
_LOCATION = re.compile(r"^(?P<file>.*?):(?P<line>\d+)$")


def ranges(numbers: Iterable[int], most: int = 6) -> str:
    """``3–5, 8, 10–12`` from numbers (sorted, duplicates dropped); more
    than ``most`` pieces are told as ``from 3 to 550``."""
    numbers = sorted(set(numbers))
    text = _ranges(numbers)
    if text.count(",") >= most:
        return f"from {numbers[0]} to {numbers[-1]}"
    return text


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    run: list[int] = []
    for n in numbers:
        if run and n != run[-1] + 1:
            out.append(str(run[0]) if len(run) == 1 else
                       f"{run[0]}–{run[-1]}")
            run = []
        run.append(n)
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(out)


@dataclass
class Run:
    """Warnings of one code and one message shape in one chapter."""

    code: str
    """The shared code."""
    shape: str
    """The message with its numbers replaced by ``N``."""
    items: list[Warning_] = field(default_factory=list)
    """The warnings, in order."""

    @property
    def count(self) -> int:
        return len(self.items)

    def summary(self) -> str:
        """The run in one sentence: the first message, how many, and the
        numbers and lines that vary, as ranges."""
        first = self.items[0]
        if self.count == 1:
            return first.message
        numbers = [[int(x) for x in _NUMBER.findall(w.message)]
                   for w in self.items]
        width = min(len(n) for n in numbers)
        varying = [k for k in range(width)
                   if len({n[k] for n in numbers}) > 1]
        bits = []
        if varying:
            k = varying[0]
            bits.append("N = " + ranges(n[k] for n in numbers))
        lines = [int(m.group("line")) for w in self.items
                 if (m := _LOCATION.match(w.location or ""))]
        if lines:
            bits.append("lines " + ranges(lines))
        shown = self.shape if varying else first.message
        return (f"{self.count} times: {shown}" +
                (f" ({'; '.join(bits)})" if bits else ""))


@dataclass
class Group:
    """The warnings of one chapter (or file, or the whole book)."""

    where: str
    """The chapter's file or id; '' for warnings about the whole book."""
    runs: list[Run] = field(default_factory=list)
    """Its warnings, runs folded, in the order first met."""

    @property
    def count(self) -> int:
        return sum(r.count for r in self.runs)


def _where(w: Warning_) -> str:
    m = _LOCATION.match(w.location or "")
    return m.group("file") if m else (w.location or "")


def group(warnings: Iterable[Warning_], run_at: int = RUN_AT) -> list[Group]:
    """Warnings grouped per chapter, repeated ones folded into runs."""
    groups: dict[str, Group] = {}
    for w in warnings:
        g = groups.setdefault(_where(w), Group(_where(w)))
        shape = _NUMBER.sub("N", w.message)
        for r in g.runs:
            if r.code == w.code and r.shape == shape:
                r.items.append(w)
                break
        else:
            g.runs.append(Run(w.code, shape, [w]))
    # Short runs are shown one by one.
    for g in groups.values():
        runs: list[Run] = []
        for r in g.runs:
            if r.count < run_at:
                runs.extend(Run(r.code, r.shape, [w]) for w in r.items)
            else:
                runs.append(r)
        g.runs = runs
    return list(groups.values())


def lines(warnings: list[Warning_], verbose: bool = False) -> list[str]:
    """The terminal's report: a heading per chapter, then one line per
    warning or run (every warning when ``verbose``)."""
    out: list[str] = []
    for g in group(warnings, run_at=10 ** 9 if verbose else RUN_AT):
        out.append(f"{g.where or 'the book'}: {g.count} warning(s)")
        for r in g.runs:
            if r.count == 1:
                out.append(f"  {r.items[0]}")
            else:
                out.append(f"  warning[{r.code}]: {r.summary()}")
    return out
