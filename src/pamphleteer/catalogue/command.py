"""``pamphleteer catalogue``: the command line of :mod:`pamphleteer.catalogue`
(wired into :mod:`pamphleteer.cli` by ``add_parser(sub)``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..console import add_common_options
from ..errors import ManifestError, RenderError, StrictError
from .engine import DEFAULT_MEMORY_LIMIT, run
from .spec import catalogue_formats, load_catalogue, replace_meta


def cmd_catalogue(args: argparse.Namespace, console: Any) -> int:
    """``pamphleteer catalogue SOURCE --out DIR``."""
    cat = load_catalogue(Path(args.source))
    replace_meta(cat, title=args.title, base_url=args.base_url)
    if args.format:
        formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
        bad = [f for f in formats if f not in catalogue_formats()]
        if bad:
            raise ManifestError(f"unknown format(s) {', '.join(bad)}; use "
                                f"{', '.join(catalogue_formats())}")
        cat.formats = formats
    out = Path(args.out)
    console.print(f"{len(cat.texts)} texts in {args.source}"
                  + (f" ({len(cat.skipped)} left out: see the report)"
                     if cat.skipped else ""), markup=False)
    cache = None if args.no_cache else (Path(args.cache) if args.cache
                                        else out / ".cache")
    result = run(cat, out, scheduler=args.scheduler, workers=args.workers,
                 memory_limit=args.memory_limit, cache_dir=cache,
                 force=args.force or args.no_cache,
                 console=None if args.quiet else console)
    failed = [o for o in result.outcomes if o.status == "failed"]
    for o in failed[:20 if not args.verbose else None]:
        console.print(f"failed: {o.source}: {o.why}", markup=False)
    if len(failed) > 20 and not args.verbose:
        console.print(f"… and {len(failed) - 20} more (see the report)",
                      markup=False)
    console.print(f"{result.count('built')} built, {result.count('cached')} "
                  f"unchanged, {len(failed)} failed in {result.seconds:.1f} s; "
                  f"site {result.site}, OPDS {result.opds}, report "
                  f"{result.report}", markup=False)
    warned = sum(len((o.marker or {}).get("warnings", []))
                 for o in result.outcomes if o.status == "built")
    if failed:
        raise RenderError(f"{len(failed)} of {len(result.outcomes)} texts "
                          f"failed; the others were built (see {result.report})")
    if args.strict and warned:
        raise StrictError(f"{warned} warning(s) in the texts built and "
                          "--strict was given (see the report)")
    return 0


def add_parser(subparsers: Any) -> None:
    """Add the ``catalogue`` sub-command to ``pamphleteer``'s parser."""
    c = subparsers.add_parser(
        "catalogue", help="build every text of a library as a pamphlet, "
        "with an OPDS catalogue and a web site",
        description="Build every text of SOURCE (a folder of texts, such as "
        "an Amusewiki checkout, or a catalogue YAML) as a pamphlet: EPUB, "
        "screen PDF, booklet for home printing, cover and web edition, each "
        "a task on a Dask cluster (a local one by default). Texts whose "
        "inputs did not change are kept; one text's failure is reported and "
        "the others go on. Writes DIR/texts/<id>/, DIR/opds/root.xml (OPDS "
        "1.2), DIR/index.html (the site, searchable offline) and "
        "DIR/report.json and report.html. See docs/catalogue.md.")
    c.add_argument("source", help="folder of texts, or a catalogue YAML")
    add_common_options(c, manifest=False, out_help="output folder (default: "
                       "%(default)s)", strict_help="fail (exit 6) when a "
                       "text built has warnings")
    c.set_defaults(out="catalogue")
    c.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running Dask scheduler "
                   "(tcp://host:8786); default: a local cluster")
    c.add_argument("--workers", type=int, metavar="N",
                   help="worker processes of the local cluster (default: "
                   "the number of cores)")
    c.add_argument("--memory-limit", default=DEFAULT_MEMORY_LIMIT,
                   metavar="SIZE", help="memory of each local worker; a "
                   "worker over it is restarted and its text tried again "
                   "(default: %(default)s)")
    c.add_argument("--cache", metavar="DIR",
                   help="the stage cache, on a folder every worker sees "
                   "(default: DIR/.cache)")
    c.add_argument("--format", metavar="LIST",
                   help="what to make of every text: epub, pdf, booklet, "
                   "cover, web (default: all, or the catalogue YAML's "
                   "formats)")
    c.add_argument("--title", help="the library's name (default: the "
                   "folder's name, or the catalogue YAML's title)")
    c.add_argument("--base-url", metavar="URL",
                   help="address DIR is published at: OPDS links become "
                   "absolute")
    c.add_argument("--force", action="store_true",
                   help="build every text again, changed or not")
    c.set_defaults(func=cmd_catalogue)
