"""``pamphleteer cite review``: write the citation review file.

A command, like ``release`` and ``watch``; the work is in
:mod:`.bibliography.review`.  It assembles the book (cleaning through the cache), then writes
the doubtful and unresolved citations with their candidates
(:mod:`.review`) to the file the manifest names under
``back.citations``, or to ``cite-review.yaml`` beside the manifest, keeping
the answers already given.  ``--output -`` prints it instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

from .assembly import Diagnostics, assemble
from .bibliography.review import load_answers, review_yaml
from .bibliography.sources import load_works_files
from .console import add_common_options, load, stage_cache

DEFAULT_NAME = "cite-review.yaml"


def add_parser(subparsers: Any) -> None:
    """Add ``cite review`` to ``pamphleteer``'s parser."""
    c = subparsers.add_parser(
        "cite", help="citation tools: `cite review`",
        description="`pamphleteer cite review` writes the citations the "
        "bibliography is unsure of (doubtful or unresolved), each with its "
        "sentence and candidate works, as YAML for the editor to answer "
        "(`work:` a works-file id, or `none` when the brackets are not a "
        "citation). The answers already in the file are kept. Name the file "
        "in the manifest under back: as `citations: cite-review.yaml` and "
        "the next build reads them.")
    c.add_argument("action", choices=["review"])
    add_common_options(c)
    c.add_argument("-o", "--output", metavar="FILE",
                   help="where to write (default: back.citations of the "
                   "manifest, else cite-review.yaml beside it; `-` prints)")
    c.set_defaults(func=cmd_cite)


def cmd_cite(args: argparse.Namespace, console: Console) -> int:
    """Run ``cite review``."""
    manifest = load(args)
    rel = manifest.back.citations or DEFAULT_NAME
    target = Path(args.output) if args.output and args.output != "-" \
        else manifest.resolve(rel)
    answers = load_answers(target, str(target)) if args.output != "-" \
        else {}
    if manifest.back.citations and not answers:
        answers = load_answers(manifest.resolve(manifest.back.citations),
                               manifest.back.citations)
    book = assemble(manifest, cache=stage_cache(args, Path(args.out)),
                    diagnostics=Diagnostics())
    works, _ = load_works_files([(manifest.resolve(r), r)
                                 for r in manifest.back.works])
    text = review_yaml(book.citations, works, answers, name=rel)
    count = text.count("\n  - chapter:") + text.count("\n- chapter:")
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".cite-review-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, target)
    console.print(f"{count} citation(s) to review written to {target}")
    if not manifest.back.citations:
        console.print(f"add `citations: {target.name}` under `back:` in the "
                      "manifest so that builds read the answers")
    return 0
