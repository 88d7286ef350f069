"""The ``pdf`` reader on ground-truth PDFs of kinds the project's tests did
not make before (issue 18): LibreOffice from a flat ODT with page-foot
notes, running header and footer (paragraphs indented and justified, or
LibreOffice's own "Text Body": flush, ragged, spaced), and WeasyPrint in a
Tufte-style layout with sidenotes, in English, French, German and Spanish
(``tests/pdfgen_unseen.py``).  Run by hand:

    PYTHONPATH=src:tests .venv/bin/python tests/benchmarks/pdf_unseen.py [OUTDIR [SEEDS]]

(SEEDS: offsets, "0,30": the texts of seeds 1-4 and 31-34.)

Prints the six bars of issue 18 for each file; LibreOffice (``soffice``)
is needed for the first kind.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pamphleteer.cleaners import load_all, run

from pdfgen import overprinted
from pdfgen_unseen import render_libreoffice, render_tufte, score

KEYS = ("words", "paragraphs", "notes", "headings", "quotes", "emphasis")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    load_all()
    rows = []
    seeds = [int(x) for x in sys.argv[2].split(",")] if len(sys.argv) > 2 \
        else [0]
    for lang, seed in ((lang, k + 1 + s) for s in seeds
                       for k, lang in enumerate(("en", "fr", "de", "es"))):
        for style in ("indented", "spaced"):
            rows.append(render_libreoffice(lang, seed, out, style=style))
        path = out / f"tufte-{lang}-{seed}.pdf"
        rows.append((path, render_tufte(lang, seed, path)))
    print("file".ljust(22), *(k[:6].rjust(7) for k in KEYS), " title  lost / extra")
    # (WeasyPrint sometimes sets floats over one another, or a float's
    # line twice: such a file is no ground truth, and is marked "*")
    for path, truth in rows:
        res = run("pdf", path.read_bytes(), source=str(path), options={})
        sc = score(res.document, truth)
        mark = "*" if overprinted(path) else ""
        print((path.stem + mark).ljust(22), *(f"{sc[k]:7.3f}" for k in KEYS),
              str(sc["title"]).rjust(6), sc["lost"][:6], sc["extra"][:6])


if __name__ == "__main__":
    main()
