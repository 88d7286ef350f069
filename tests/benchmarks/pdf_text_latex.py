"""How well ``pdf-text`` reads ``pdftotext``'s output of LaTeX-made PDFs.

The PDFs of ``tests/fixtures/pdf/latex/`` whose true text is known (the
``known-*`` files, which the reader was fixed on, and the ``heldout-*``
files, made on other classes and kept as the check) are extracted with
poppler's ``pdftotext`` three ways (``-layout``, ``-raw``, plain), each
output is cleaned by the ``pdf-text`` reader, and the document is scored
against the text's truth (``make_latex.known(seed)``) by
``tests/pdfgen.py``'s ``score``: words (the smaller of recall and
precision), paragraphs, headings and quotations (F1 over exact normalised
texts), notes (share present under their label, full text, called), and
``extra``, the number of words left that the text does not have (running
heads, folios).  Emphasis is printed too; it is always 0, since plain text
carries none.

Run by hand from the project folder (poppler-utils must be installed;
``scripts/dev.sh test`` installs it):

    PYTHONPATH=src .venv/bin/python tests/benchmarks/pdf_text_latex.py
    PYTHONPATH=src .venv/bin/python tests/benchmarks/pdf_text_latex.py --mode layout --held-out

It is not part of the test suite (pytest collects only ``test_*.py``);
``tests/test_pdf_text_latex.py`` holds the ``-layout`` figures as bars.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
LATEX = TESTS / "fixtures" / "pdf" / "latex"
MODES = ("layout", "raw", "plain")
KEYS = ("words", "paragraphs", "notes", "headings", "quotes", "emphasis")


def _generator():
    spec = importlib.util.spec_from_file_location("make_latex",
                                                  LATEX / "make_latex.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases(gen) -> list[tuple[str, int, bool | None]]:
    """``(file, seed, long_note)``; ``long_note`` is None when held out."""
    out: list[tuple[str, int, bool | None]] = [
        (name, v[0], v[1]) for name, v in sorted(gen.KNOWN.items())]
    out += [(name, v[0], None) for name, v in sorted(gen.HELD_OUT.items())]
    return out


def extract(pdf: Path, mode: str) -> str:
    """``pdftotext``'s text of ``pdf``: ``layout`` and ``raw`` are its
    ``-layout`` and ``-raw``, ``plain`` is neither."""
    args = ["pdftotext"] + ([] if mode == "plain" else ["-" + mode])
    return subprocess.run(args + [str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=MODES, action="append",
                        help="pdftotext mode(s) to measure (default: all)")
    parser.add_argument("--held-out", action="store_true",
                        help="only the held-out files")
    args = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("pdftotext is not installed (Debian: poppler-utils)",
              file=sys.stderr)
        return 2
    sys.path.insert(0, str(TESTS))
    from pdfgen import score

    from pamphleteer.cleaners import load_all

    gen = _generator()
    reader = load_all()["pdf-text"]
    print(f"{'file':32} {'mode':8} " + " ".join(f"{k:>10}" for k in KEYS)
          + "  extra")
    status = 0
    for name, seed, long_note in cases(gen):
        if args.held_out and long_note is not None:
            continue
        truth = (gen.known(seed) if long_note is None
                 else gen.known(seed, long_note))[1]
        for mode in args.mode or MODES:
            text = extract(LATEX / name, mode)
            try:
                result = reader.clean(text, source=name, options={})
            except Exception as exc:  # noqa: BLE001 - reported, measured on
                print(f"{name[:32]:32} {mode:8} ERROR {exc}")
                status = 1
                continue
            sc = score(result.document, truth)
            print(f"{name[:32]:32} {mode:8} "
                  + " ".join(f"{sc[k]:10.3f}" for k in KEYS)
                  + f"  {len(sc['extra']):5d}")
    return status


if __name__ == "__main__":
    sys.exit(main())
