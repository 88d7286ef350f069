"""``library-md`` on real texts it was not tuned on (issue 18, held out).

The texts of ``tests/fixtures/pdf_text/heldout/*.md`` (chapters of
Project Gutenberg books) are written as clean Anarchist Library exports
(title block, ``##`` sections, paragraphs with ``<sup>N</sup>`` calls,
the notes after ``---``; a quotation becomes a paragraph) and damaged by
``tests/fixtures/library_md/generate.py`` the way its fixtures are
(pages cut between words and inside words, each page's notes after it,
a third of the pages moved, one dropped, a name with Cyrillic letters),
with seeds the fixtures do not use; and once with no page moved or
dropped (nothing may move then).  Each is cleaned by the ``library-md``
reader and scored: ``words`` (the smaller of recall and precision of the
body's words against the text's, page dropped aside), ``in_place``
(share of pages after the right page), ``exact`` (every word in order),
``moved`` (fragments the reader moved), the ``page-order`` change's
margin (best order over the file's) and ``probs`` (problems reported).

Run by hand from the project folder::

    PYTHONPATH=src .venv/bin/python tests/benchmarks/library_md_heldout.py

Not part of the test suite (pytest collects only ``test_*.py``).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
HELDOUT = TESTS / "fixtures" / "pdf_text" / "heldout"
SEEDS = (101, 202, 303, 404)
_CALL = re.compile(r"\[\^(\d+)\]")
_NOTE = re.compile(r"^\[\^(\d+)\]:\s*(.*)$", re.M)


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate", TESTS / "fixtures" / "library_md" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


def export_of(path: Path) -> str:
    """A clean Anarchist Library export of a held-out text."""
    text = path.read_text("utf-8")
    notes = dict(_NOTE.findall(text))
    title = path.stem.replace("-", " ").title()
    out = ["The Anarchist Library", "Anti-Copyright", "", "", "",
           f"# {title}", "", "A. Writer", "",
           f"A. Writer  \n{title}  \n1900", "",
           "Retrieved on 2020-01-01 from [www.gutenberg.org]"
           "(http://www.gutenberg.org)", "",
           "[theanarchistlibrary.org](http://theanarchistlibrary.org)", "",
           "1900", ""]
    for chunk in re.split(r"\n\s*\n", text.strip()):
        if re.match(r"\[\^\d+\]:", chunk):
            continue
        chunk = " ".join(chunk.split())
        chunk = _CALL.sub(lambda m: f"<sup>{m.group(1)}</sup>", chunk)
        if chunk.startswith("# "):
            out += ["## " + chunk[2:], ""]
        else:
            out += [re.sub(r"^>\+? ", "", chunk), ""]
    if notes:
        out += ["---", ""]
        out += [f"<sup>{k}</sup> {v}\n" for k, v in notes.items()]
    return "\n".join(out) + "\n"


def main() -> int:
    gen = _generator()
    # --file-order: the file's own order kept (``reorder: false``), the
    # baseline a reordering must beat
    options = {"reorder": False} if "--file-order" in sys.argv else {}
    from pamphleteer.cleaners import library_md
    from pamphleteer.model import block_text

    print(f"{'text.seed':28}{'pages':>6}{'words':>8}{'in_place':>9}"
          f"{'exact':>6}{'moved':>6}{'margin':>8}{'probs':>6}")
    for path in sorted(p for p in HELDOUT.glob("*.md")
                       if p.name != "SOURCES.md"):
        orig = gen.parse_original(export_of(path))
        for seed in SEEDS + (0,):
            raw, expect = (gen.generate(orig, 5, drop=False, moves=0)
                           if seed == 0 else gen.generate(orig, seed))
            res = library_md.clean(raw, source=f"{path.stem}_{seed}",
                                   options=options)
            m = gen.measure(res.document, expect)
            got = Counter(w for b in res.document.blocks
                          for w in gen._words(block_text(b)))
            want = Counter(expect["expected_words"])
            hit = sum((got & want).values())
            words = min(hit / max(1, sum(want.values())),
                        hit / max(1, sum(got.values())))
            order = [c for c in res.report.changes if c.kind == "page-order"
                     and c.before == "file order"]
            margin = re.search(r"margin (-?[\d.]+)",
                               order[0].detail if order else "")
            moved = res.report.counts.get("fragments-moved", 0)
            conf = len(res.report.problems)
            name = f"{path.stem}.{seed or 'unmoved'}"
            print(f"{name:28}{m['pages']:>6}{words:>8.4f}"
                  f"{m['share']:>9.3f}{str(m['exact'])[0]:>6}{moved:>6}"
                  f"{margin.group(1) if margin else '-':>8}"
                  f"{conf:>6}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
