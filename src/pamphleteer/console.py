"""What the commands share: progress, loading, cache choice, warnings.

``cli``, ``release`` and ``watch`` import this module (the commands depend
downward on it; nothing here imports a command).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Callable

from rich.console import Console

from .cache import StageCache
from .errors import Diagnostics, StrictError
from .manifest import Manifest, load_manifest

if TYPE_CHECKING:
    from rich.status import Status

Subcommands = argparse._SubParsersAction
"""What ``add_subparsers()`` returns: where a command adds its parser."""

DEFAULT_MANIFEST = Path("book/manifest.yaml")
"""The manifest a command reads when none is named."""


def make_console(quiet: bool) -> Console:
    """The console messages go to (standard error)."""
    return Console(stderr=True, quiet=quiet, highlight=False)


class Progress:
    """Shows the stage being worked on, with elapsed time."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.start = time.monotonic()
        self.status: Status | None = None

    def __enter__(self) -> Callable[[str], None]:
        if self.console.is_terminal:
            # rich's Status (a table and spinners, 15 ms) is imported by
            # console.status() only when there is a terminal to show it.
            self.status = self.console.status("starting")
            self.status.__enter__()

        def step(msg: str) -> None:
            elapsed = time.monotonic() - self.start
            if self.status is not None:
                self.status.update(f"{msg}…")
            self.console.print(f"{elapsed:5.1f}s {msg}", markup=False,
                               style="dim")

        return step

    def __exit__(self, kind: type[BaseException] | None,
                 error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.status is not None:
            self.status.__exit__(kind, error, trace)


def report_warnings(console: Console, diagnostics: Diagnostics,
                    strict: bool, verbose: bool = False) -> None:
    """Print the warnings grouped per chapter, a run of one warning in one
    line (every warning when ``verbose``), and their summary; raise
    StrictError under ``strict``."""
    from .warngroups import lines

    # Grouped per chapter; a warning repeated in a chapter is one line
    # with its numbers and lines as ranges (-v lists every one).
    seen: Counter[str] = Counter(w.code for w in diagnostics.warnings)
    for line in lines(list(diagnostics.warnings), verbose):
        heading = not line.startswith(" ")
        console.print(line, style=None if heading else "yellow",
                      markup=False, soft_wrap=True)
    n = len(diagnostics.warnings)
    if n:
        summary = ", ".join(f"{c} {k}" for k, c in sorted(seen.items()))
        console.print(f"{n} warning(s): {summary}.", markup=False)
        if strict:
            raise StrictError(f"{n} warning(s) and --strict was given")


def load(args: argparse.Namespace) -> Manifest:
    """The manifest named on the command line (with ``--refresh``, every
    URL source downloaded again, what changed said on standard error)."""
    import sys

    manifest = load_manifest(Path(args.manifest), allow_outside=getattr(
        args, "allow_outside", False))
    if getattr(args, "refresh", False):
        from .urlsources import is_url, refresh_all

        urls = [c.source for _, c in manifest.all_chapters()
                if is_url(c.source)]
        for done in refresh_all(manifest.folder, urls):
            print(done.message, file=sys.stderr)
        if not urls:
            print("--refresh: no chapter has a URL source", file=sys.stderr)
    return manifest


def stage_cache(args: argparse.Namespace, out: Path) -> StageCache | None:
    """The stage cache under ``out``, or None with ``--no-cache``."""
    if getattr(args, "no_cache", False):
        return None
    return StageCache(out / ".cache")


def add_common_options(sp: argparse.ArgumentParser, manifest: bool = True, *,
                       out_help: str = "output folder (default: %(default)s)",
                       strict_help: str = "fail (exit 6) when there are "
                       "warnings") -> None:
    """The options every command shares (one definition for all of them;
    ``release`` and ``watch`` reword --out and --strict)."""
    if manifest:
        sp.add_argument("manifest", nargs="?", default=str(DEFAULT_MANIFEST),
                        help="the book's manifest (default: %(default)s)")
        sp.add_argument("--allow-outside", action="store_true",
                        help="allow source files outside the book's root")
        sp.add_argument("--refresh", action="store_true",
                        help="download every URL source again and say what "
                        "changed (otherwise the copies in sources/ are read)")
    sp.add_argument("--out", default="build", metavar="DIR", help=out_help)
    sp.add_argument("--strict", action="store_true", help=strict_help)
    sp.add_argument("--no-cache", action="store_true",
                    help="ignore and do not update the stage cache")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="print only errors")
    sp.add_argument("-v", "--verbose", action="store_true",
                    help="log what every stage does")


