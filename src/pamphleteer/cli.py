"""The command line: thin, callable from tests as ``main(argv) -> int``.

The library raises typed errors and records warnings; this module prints
them and turns them into exit statuses.  No traceback reaches the user for
a known failure; an unexpected one is reported as a bug with its summary.

Start-up is kept light, because a warm rebuild with nothing changed is
mostly start-up: the modules imported here load the manifest, choose the
cache and tell whether the last build still stands (:mod:`.uptodate`).
Each command imports what does its work (the build, the assembly, the
index) inside its function, and the commands defined in their own modules
(``cite``, ``add``, ``release``, ``watch``, ``catalogue``) are imported only
when named on the command line; the top-level help lists them from their
one-line summaries in :data:`COMMANDS`, as pip lists its commands.
``tests/test_startup.py`` checks what a no-op rebuild and ``--help``
import, and that the summaries are the modules' own.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from rich.console import Console

from . import __version__, writers
from .console import (
    DEFAULT_MANIFEST,
    Progress,
    Subcommands,
    add_common_options,
    load,
    make_console,
    report_warnings,
    stage_cache,
)
from .errors import Diagnostics, PamphleteerError, RenderError
from .uptodate import up_to_date

COMMANDS = (
    ("cite", "pamphleteer.cite", "citation tools: `cite review`"),
    ("add", "pamphleteer.adding", "add a text (file or URL) to the manifest"),
    ("release", "pamphleteer.release",
     "build every format into a release folder"),
    ("watch", "pamphleteer.watch",
     "rebuild on every save and serve a live preview"),
    ("catalogue", "pamphleteer.catalogue.command",
     "build every text of a library as a pamphlet, with an OPDS catalogue "
     "and a web site"),
)
"""The commands defined in their own modules (each has
``add_parser(subparsers)``), in the order of the help, with the one-line
summary the module gives its parser (a test keeps them equal): a module is
imported only when the command line names its command."""

OWN_COMMANDS = frozenset({"build", "clean", "check", "index", "formats",
                          "manifest-reference"})
"""The commands defined in this module (:func:`parser`)."""

HELP_FLAGS = frozenset({"-h", "--help"})

EPILOG = """\
commands:
  build      clean every text, assemble the book and write EPUB and PDF
  clean      write the cleaned Markdown and cleaning report of every text,
             or clean one raw file with --format FORMAT FILE
  check      validate the manifest and sources and report every problem,
             building nothing
  index      `index suggest`: propose index entries from the book's texts
  cite       `cite review`: write the doubtful and unresolved citations,
             with candidates, as YAML for the editor to answer
  release    build every format into build/release/<slug>-<version>/ with
             checksums, release.json and a download page
  watch      rebuild on every save and serve a live preview on localhost
  catalogue  build every text of a library as a pamphlet on a Dask
             cluster, with an OPDS catalogue, a web site and a report
  formats    list the source formats (readers) and outputs (writers)
  manifest-reference
             print the manifest reference (Markdown) from the schema

exit status: 0 ok, 1 unexpected error, 2 bad manifest, 3 bad input file,
4 output could not be written, 5 missing tool, 6 warnings under --strict.
"""


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    manifest = load(args)
    formats = args.format.split(",") if args.format else list(
        manifest.output.formats)
    out = Path(args.out)
    profiles = args.profile.split(",") if args.profile else None
    cache = stage_cache(args, out)
    with Progress(console) as step:
        # Asked before the build is imported (0.6 s of modules): when
        # nothing changed, the last build's outputs stand.  build() asks
        # again (hashing the inputs once more, a few milliseconds).
        _, result = up_to_date(manifest, out, formats, cache=cache,
                               profiles=profiles, chapter=args.chapter,
                               progress=step)
        if result is None:
            from .build import build

            result = build(manifest, out, formats, progress=step,
                           cache=cache, profiles=profiles,
                           chapter=args.chapter)
    for p in result.outputs:
        size = p.stat().st_size
        console.print(f"wrote {p} ({size / 1024:.0f} KiB)")
    if result.pages:
        console.print(f"PDF: {result.pages} pages")
    report_warnings(console, result.diagnostics, args.strict, args.verbose)
    return 0


def cmd_clean(args: argparse.Namespace, console: Console) -> int:
    if args.file:
        return _clean_one(args, console)

    from .build import write_clean

    manifest = load(args)
    out = Path(args.out)
    with Progress(console) as step:
        result = write_clean(manifest, out, progress=step,
                             cache=stage_cache(args, out))
    for p in result.outputs:
        console.print(f"wrote {p}")
    report_warnings(console, result.diagnostics, args.strict, args.verbose)
    return 0


def _clean_one(args: argparse.Namespace, console: Console) -> int:
    from .cleaners import clean_in_language, load_all, load_source
    from .files import atomic_write, json_text
    from .markdown_write import write_markdown
    from .urlsources import download, is_url

    path = Path(args.file)

    if is_url(args.file):  # cleaned from memory: nothing is kept
        import tempfile

        from .urlsources import default_name

        data, ctype, _ = download(args.file)
        tmp = Path(tempfile.mkdtemp(prefix="pamphleteer-"))
        path = tmp / Path(default_name(args.file, ctype)).name
        path.write_bytes(data)
    loaded = load_source(path, args.file, args.format_name or "")
    fmt = loaded.format
    if not args.format_name:
        console.print(f"detected format {fmt} (score {loaded.score:.2f})")
    options = {k: v for k, v in (("select", args.select),
                                 ("pages", args.pages)) if v}
    result = clean_in_language(load_all()[fmt], loaded.raw,
                               source=args.file, options=options)
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
    report_warnings(console, diagnostics, args.strict, args.verbose)
    return 0


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    from .assembly import assemble

    manifest = load(args)
    console.print(f"{args.manifest}: manifest is valid "
                  f"({len(manifest.all_chapters())} chapters)")
    diagnostics = Diagnostics()
    with Progress(console) as step:
        assemble(manifest, diagnostics=diagnostics, progress=step,
                 cache=stage_cache(args, Path(args.out)))
    if not diagnostics.warnings:
        console.print("no problems found")
    report_warnings(console, diagnostics, args.strict, args.verbose)
    return 0


def cmd_index(args: argparse.Namespace, console: Console) -> int:
    from .assembly import clean_chapter
    from .index import load_index, suggest

    manifest = load(args)
    docs = {}
    for _, spec in manifest.all_chapters():
        docs[spec.id] = clean_chapter(manifest, spec).result.document
    existing = None
    if manifest.back.index and not args.all:
        existing = load_index(manifest.resolve(manifest.back.index))
    sys.stdout.write(suggest(docs, existing=existing, limit=args.limit))
    return 0


def cmd_formats(args: argparse.Namespace, console: Console) -> int:
    """``pamphleteer formats``: the readers and writers, as Markdown."""
    from .format_tables import tables

    sys.stdout.write(tables())
    return 0


def cmd_reference(args: argparse.Namespace, console: Console) -> int:
    from .manifest import reference

    sys.stdout.write(reference())
    return 0


def parser(command: str | None = None, *,
           full: bool = False) -> argparse.ArgumentParser:
    """The argument parser (documented: ``pamphleteer --help``).

    The commands of :data:`COMMANDS` get their module's parser when
    ``command`` names them or ``full`` is set; the others a stand-in with
    their summary, which is all the top-level help and the error for an
    unknown command show (a stand-in that is chosen all the same is
    parsed again by :func:`main`, with the real parser)."""
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
                   help="comma-separated outputs: " + writers.help_text()
                   + " (default: the manifest's output.formats)")
    b.add_argument("--profile", metavar="LIST",
                   help="comma-separated PDF profiles to make (default: all "
                   "of output.profiles)")
    b.add_argument("--chapter", metavar="ID",
                   help="make the pamphlet of one text: its own title page, "
                   "notes and bibliography, named <slug>-<ID>.*")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("clean", help="write cleaned Markdown and reports",
                       description="Without FILE: write build/clean/"
                       "<id>.md and <id>.report.json for every chapter of the "
                       "manifest. With FILE (and --format FORMAT when it cannot "
                       "be detected): clean one raw file outside any "
                       "manifest, to -o OUT or stdout.")
    c.add_argument("file", nargs="?", metavar="FILE",
                   help="a raw file (or an http(s) URL) to clean alone")
    # The reader's name is checked when the file is read (an unknown one is
    # refused with the list of readers): listing the choices here would
    # import every reader module to parse any command line (0.37 s).
    c.add_argument("--format", dest="format_name", metavar="FORMAT",
                   help="the raw file's reader (`pamphleteer formats` lists "
                   "them; detected when omitted)")
    c.add_argument("-o", "--output", metavar="OUT",
                   help="with FILE: write the Markdown here (and the report "
                   "beside it) instead of standard output")
    c.add_argument("--select", metavar="TITLE",
                   help="with FILE: take one text of a collection, a "
                   "heading's (or an EPUB chapter's, a PDF bookmark's) title "
                   "or 'A .. B', as a chapter's `options: select:` does")
    c.add_argument("--pages", metavar="PAGES",
                   help="with FILE: a PDF's pages, as '12-30' (`options: "
                   "pages:`)")
    c.add_argument("--manifest", default=str(DEFAULT_MANIFEST),
                   help="the book's manifest (default: %(default)s)")
    c.add_argument("--allow-outside", action="store_true",
                   help="allow source files outside the book's root")
    c.add_argument("--refresh", action="store_true",
                   help="download every URL source again")
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

    for name, module, summary in COMMANDS:
        if full or command == name:
            add_command(sub, module)
        else:
            stand_in = sub.add_parser(name, help=summary, add_help=False)
            stand_in.add_argument("rest", nargs=argparse.REMAINDER)
            stand_in.set_defaults(func=None)

    f = sub.add_parser("formats", help="list the source and output formats "
                       "(Markdown tables from the registries)")
    f.set_defaults(func=cmd_formats, quiet=False, verbose=False, strict=False)

    r = sub.add_parser("manifest-reference",
                       help="print the manifest reference (Markdown)")
    r.set_defaults(func=cmd_reference, quiet=False, verbose=False,
                   strict=False)
    return p


def add_command(sub: Subcommands, module: str) -> None:
    """Add the parser of a command defined in its own module."""
    importlib.import_module(module).add_parser(sub)


def named_command(argv: list[str]) -> str | None:
    """The command a command line names, when it is one of
    :data:`COMMANDS` or of :data:`OWN_COMMANDS`; None when no command's
    parser is needed: help asked for before any command (the stand-ins'
    summaries make it), no command, or a name that is no command (the
    error lists the names)."""
    for arg in argv:
        if arg in HELP_FLAGS:
            return None
        if not arg.startswith("-"):
            known = arg in OWN_COMMANDS or arg in {n for n, *_ in COMMANDS}
            return arg if known else None
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = named_command(argv)
    if command is not None and HELP_FLAGS & set(argv):
        writers.load_all()  # the plug-in writers too, for a complete help
    args = parser(command).parse_args(argv)
    if not getattr(args, "command", None):
        parser().print_help()
        return 2
    if args.func is None:  # a stand-in: parse with the command's parser
        args = parser(args.command).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    console = make_console(args.quiet)
    try:
        return args.func(args, console)
    except PamphleteerError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_status
    except KeyboardInterrupt:
        print("interrupted; no partial output was left", file=sys.stderr)
        return 130
    except OSError as e:  # a file or folder the system refused

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
