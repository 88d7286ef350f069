"""The command line: thin, callable from tests as ``main(argv) -> int``.

The library raises typed errors and records warnings; this module prints
them and turns them into exit statuses.  No traceback reaches the user for
a known failure; an unexpected one is reported as a bug with its summary.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import PamphleteerError, StrictError

DEFAULT_MANIFEST = Path("book/manifest.yaml")

EPILOG = """\
commands:
  build      clean every text, assemble the book and write EPUB and PDF
  clean      write the cleaned Markdown and cleaning report of every text,
             or clean one raw file with --format FORMAT FILE
  check      validate the manifest and sources and report every problem,
             building nothing
  index      `index suggest`: propose index entries from the book's texts
  release    build every format into build/release/<slug>-<version>/ with
             checksums, release.json and a download page
  watch      rebuild on every save and serve a live preview on localhost
  manifest-reference
             print the manifest reference (Markdown) from the schema

exit status: 0 ok, 1 unexpected error, 2 bad manifest, 3 bad input file,
4 output could not be written, 5 missing tool, 6 warnings under --strict.
"""


def _console(quiet: bool):
    from rich.console import Console

    return Console(stderr=True, quiet=quiet, highlight=False)


class _Progress:
    """Shows the stage being worked on, with elapsed time."""

    def __init__(self, console):
        self.console = console
        self.start = time.monotonic()
        self.status = None

    def __enter__(self) -> Callable[[str], None]:
        if self.console.is_terminal:
            self.status = self.console.status("starting")
            self.status.__enter__()

        def step(msg: str) -> None:
            elapsed = time.monotonic() - self.start
            if self.status is not None:
                self.status.update(f"{msg}…")
            self.console.print(f"{elapsed:5.1f}s {msg}", markup=False,
                               style="dim")

        return step

    def __exit__(self, *exc) -> None:
        if self.status is not None:
            self.status.__exit__(*exc)


SHOWN_PER_CODE = 6
"""Warnings of one code printed before the rest are summed up (``-v``
prints them all)."""


def _report_warnings(console, diagnostics, strict: bool,
                     verbose: bool = False) -> None:
    from collections import Counter

    seen: Counter[str] = Counter()
    for w in diagnostics.warnings:
        seen[w.code] += 1
        if verbose or seen[w.code] <= SHOWN_PER_CODE:
            console.print(str(w), style="yellow", markup=False, soft_wrap=True)
    for code, count in sorted(seen.items()):
        if not verbose and count > SHOWN_PER_CODE:
            console.print(f"… and {count - SHOWN_PER_CODE} more warning(s) "
                          f"[{code}] (run with -v to see them all)",
                          style="yellow", markup=False)
    n = len(diagnostics.warnings)
    if n:
        summary = ", ".join(f"{c} {k}" for k, c in sorted(seen.items()))
        console.print(f"{n} warning(s): {summary}.", markup=False)
        if strict:
            raise StrictError(f"{n} warning(s) and --strict was given")


def _load(args) -> "Manifest":  # noqa: F821
    from .manifest import load_manifest

    return load_manifest(Path(args.manifest),
                         allow_outside=getattr(args, "allow_outside", False))


def _cache(args, out: Path):
    if getattr(args, "no_cache", False):
        return None
    try:
        from .cache import StageCache
    except ImportError:
        return None
    return StageCache(out / ".cache")


def cmd_build(args, console) -> int:
    from .build import build

    manifest = _load(args)
    formats = args.format.split(",") if args.format else list(
        manifest.output.formats)
    out = Path(args.out)
    profiles = args.profile.split(",") if args.profile else None
    with _Progress(console) as step:
        result = build(manifest, out, formats, progress=step,
                       cache=_cache(args, out), profiles=profiles,
                       chapter=args.chapter)
    for p in result.outputs:
        size = p.stat().st_size
        console.print(f"wrote {p} ({size / 1024:.0f} KiB)")
    if result.pages:
        console.print(f"PDF: {result.pages} pages")
    _report_warnings(console, result.diagnostics, args.strict, args.verbose)
    return 0


def cmd_clean(args, console) -> int:
    if args.file:
        return _clean_one(args, console)
    from .build import write_clean

    manifest = _load(args)
    out = Path(args.out)
    with _Progress(console) as step:
        result = write_clean(manifest, out, progress=step,
                             cache=_cache(args, out))
    for p in result.outputs:
        console.print(f"wrote {p}")
    _report_warnings(console, result.diagnostics, args.strict, args.verbose)
    return 0


def _clean_one(args, console) -> int:
    from .build import atomic_write, json_text
    from .cleaners import load_all, load_source
    from .markdown_io import write_markdown

    path = Path(args.file)
    loaded = load_source(path, args.file, args.format_name or "")
    fmt = loaded.format
    if not args.format_name:
        console.print(f"detected format {fmt} (score {loaded.score:.2f})")
    result = load_all()[fmt].clean(loaded.raw, source=args.file, options={})
    md = write_markdown(result.document)
    for w in loaded.warnings:
        console.print(f"{args.file}: warning[READ001]: {w}", style="yellow",
                      markup=False, soft_wrap=True)
    if args.output and args.output != "-":
        atomic_write(Path(args.output), md)
        report_path = Path(args.output).with_suffix(".report.json")
        report = result.report.to_json()
        report["format"] = fmt
        atomic_write(report_path, json_text(report))
        console.print(f"wrote {args.output} and {report_path}")
    else:
        sys.stdout.write(md)
    from .assembly import Diagnostics

    diagnostics = Diagnostics()
    for p in result.report.problems:
        diagnostics.warn(p.code, p.message,
                         f"{args.file}:{p.line}" if p.line else args.file)
    cons = result.report.conservation
    if cons:
        console.print(f"words: {cons.get('words-in')} in, "
                      f"{cons.get('words-out')} out, "
                      f"{cons.get('words-removed')} removed, "
                      f"{len(cons.get('lost', []))} lost")
    _report_warnings(console, diagnostics, args.strict, args.verbose)
    return 0


def cmd_check(args, console) -> int:
    from .assembly import Diagnostics, assemble

    manifest = _load(args)
    console.print(f"{args.manifest}: manifest is valid "
                  f"({len(manifest.all_chapters())} chapters)")
    diagnostics = Diagnostics()
    with _Progress(console) as step:
        assemble(manifest, diagnostics=diagnostics, progress=step,
                 cache=_cache(args, Path(args.out)))
    if not diagnostics.warnings:
        console.print("no problems found")
    _report_warnings(console, diagnostics, args.strict, args.verbose)
    return 0


def cmd_index(args, console) -> int:
    from .assembly import clean_chapter
    from .index import load_index, suggest

    manifest = _load(args)
    docs = {}
    for _, spec in manifest.all_chapters():
        docs[spec.id] = clean_chapter(manifest, spec).result.document
    existing = None
    if manifest.back.index and not args.all:
        existing = load_index(manifest.resolve(manifest.back.index))
    sys.stdout.write(suggest(docs, existing=existing, limit=args.limit))
    return 0


def cmd_reference(args, console) -> int:
    from .manifest import reference

    sys.stdout.write(reference())
    return 0


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
    sp.add_argument("--out", default="build", metavar="DIR", help=out_help)
    sp.add_argument("--strict", action="store_true", help=strict_help)
    sp.add_argument("--no-cache", action="store_true",
                    help="ignore and do not update the stage cache")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="print only errors")
    sp.add_argument("-v", "--verbose", action="store_true",
                    help="log what every stage does")


def parser() -> argparse.ArgumentParser:
    """The argument parser (documented: ``pamphleteer --help``)."""
    p = argparse.ArgumentParser(
        prog="pamphleteer",
        description="Turn raw, messy source texts into a finished anthology: "
        "cleaned texts, an EPUB 3, a print-ready PDF, with one bibliography "
        "and one index.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version",
                   version=f"pamphleteer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    common = add_common_options

    b = sub.add_parser("build", help="build the book (EPUB, PDF)",
                       description="Clean every text, assemble the book and "
                       "write its outputs into --out, named from the book's "
                       "slug.")
    common(b)
    b.add_argument("--format", metavar="LIST",
                   help="comma-separated outputs: epub, pdf (every profile), "
                   "booklet (default: the manifest's output.formats)")
    b.add_argument("--profile", metavar="LIST",
                   help="comma-separated PDF profiles to make (default: all "
                   "of output.profiles)")
    b.add_argument("--chapter", metavar="ID",
                   help="make the pamphlet of one text: its own title page, "
                   "notes and bibliography, named <slug>-<ID>.*")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("clean", help="write cleaned Markdown and reports",
                       description="Without --format: write build/clean/"
                       "<id>.md and <id>.report.json for every chapter of the "
                       "manifest. With --format FORMAT FILE: clean one raw "
                       "file outside any manifest, to -o OUT or stdout.")
    c.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    c.add_argument("--format", dest="format_name", metavar="FORMAT",
                   help="the raw file's format: afaq-text, pdf-text, "
                   "library-md, markdown (detected when omitted)")
    c.add_argument("-o", "--output", metavar="OUT",
                   help="with FILE: write the Markdown here (and the report "
                   "beside it) instead of standard output")
    c.add_argument("--manifest", default=str(DEFAULT_MANIFEST),
                   help="the book's manifest (default: %(default)s)")
    c.add_argument("--allow-outside", action="store_true",
                   help="allow source files outside the book's root")
    common(c, manifest=False)
    c.set_defaults(func=cmd_clean)

    k = sub.add_parser("check", help="validate manifest and sources",
                       description="Validate the manifest, clean every text "
                       "and assemble the book, reporting every problem "
                       "(unresolved citations, notes without calls, index "
                       "entries that never match); write nothing but cache.")
    common(k)
    k.set_defaults(func=cmd_check)

    i = sub.add_parser("index", help="index tools: `index suggest`",
                       description="`pamphleteer index suggest` prints "
                       "candidate index entries (YAML) ranked by frequency "
                       "and spread, leaving out those already in the index.")
    i.add_argument("action", choices=["suggest"])
    common(i)
    i.add_argument("--limit", type=int, default=150,
                   help="how many suggestions (default: %(default)s)")
    i.add_argument("--all", action="store_true",
                   help="include entries already in the index file")
    i.set_defaults(func=cmd_index)

    from .release import add_parser as add_release
    from .watch import add_parser as add_watch

    add_release(sub)
    add_watch(sub)

    r = sub.add_parser("manifest-reference",
                       help="print the manifest reference (Markdown)")
    r.set_defaults(func=cmd_reference, quiet=False, verbose=False,
                   strict=False)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    if not getattr(args, "command", None):
        parser().print_help()
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    console = _console(args.quiet)
    try:
        return args.func(args, console)
    except PamphleteerError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_status
    except KeyboardInterrupt:
        print("interrupted; no partial output was left", file=sys.stderr)
        return 130
    except OSError as e:  # a file or folder the system refused
        from .errors import RenderError

        where = f"{e.filename}: " if e.filename else ""
        print(f"error: {where}{e.strerror or e}; check the paths given and "
              "the output folder (--out)", file=sys.stderr)
        return RenderError.exit_status
    except Exception as e:  # a bug: say so plainly, without a traceback
        if args.verbose:
            raise
        print(f"pamphleteer: internal error ({type(e).__name__}: {e}). This "
              "is a bug; run again with --verbose for the details and "
              "report it.", file=sys.stderr)
        return 1
