"""The ``html`` reader on trafilatura's evaluation pages, held out (none
was looked at to write a rule before it was measured): 990 real pages
(news, blogs, shops, institutions, in a dozen languages), each with up to
six chunks of its main text ("with") and up to six of its boilerplate
("without"), as adbar/trafilatura's ``tests/evaldata.json`` gives them
(the pages in its ``tests/cache`` and ``tests/eval``). Run by hand (not a
test):

    .venv/bin/python tests/benchmarks/html_trafilatura.py TESTS [JOBS]

where TESTS is a checkout's ``tests`` folder (the pages are their
publishers', so none is committed here). A chunk is found when it stands,
spaces and quotation marks and dashes made plain, in the text and notes
we keep; a text chunk we moved to the metadata (title, byline, date,
provenance) counts as kept. Recall: text chunks kept; precision: kept
chunks that are text (trafilatura's way of counting). trafilatura keeps
readers' comments as text; we leave them out (listed), so some text
chunks are comments.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor

_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2039": "'",
    "\u203a": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2026": "...", "\u00ad": ""})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_PLAIN)
    text = text.replace('"', "").replace("'", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def measure(job: tuple[str, str, dict]) -> dict:
    here, url, item = job
    from pamphleteer.cleaners import load_all
    from pamphleteer.errors import PamphleteerError
    from pamphleteer.model import block_text, walk_blocks
    path = next((os.path.join(here, d, item["file"]) for d in
                 ("cache", "eval")
                 if os.path.isfile(os.path.join(here, d, item["file"]))),
                None)
    row = {"url": url, "file": item["file"]}
    if path is None:
        return {**row, "absent": True}
    with open(path, "rb") as f:
        raw = f.read()
    try:
        result = load_all()["html"].clean(raw, source=item["file"],
                                          options={})
    except PamphleteerError as e:
        return {**row, "refused": str(e)[:200], "kept": 0, "moved": 0,
                "missing": item["with"], "boilerplate": []}
    doc = result.document
    blocks = list(walk_blocks(doc.blocks))
    blocks += [b for n in doc.notes for b in walk_blocks(n.blocks)]
    body = norm(" ".join(block_text(b) for b in blocks))
    meta = norm(" ".join(
        [doc.meta.title or "", " ".join(doc.meta.authors)]
        + [r.text for r in result.report.removals
           if r.kind in ("title", "byline", "date", "provenance")]))
    kept = [w for w in item["with"] if norm(w) in body]
    moved = [w for w in item["with"] if w not in kept and norm(w) in meta]
    return {**row, "kept": len(kept), "moved": len(moved),
            "missing": [w for w in item["with"]
                        if w not in kept and w not in moved],
            "boilerplate": [w for w in item["without"] if norm(w) in body],
            "left-out": sum(norm(w) not in body for w in item["without"])}


def main(here: str, jobs: int = 2) -> None:
    with open(os.path.join(here, "evaldata.json"), encoding="utf-8") as f:
        data = json.load(f)
    with ProcessPoolExecutor(jobs) as ex:
        rows = list(ex.map(measure, [(here, u, i) for u, i in
                                     sorted(data.items())], chunksize=8))
    rows = [r for r in rows if not r.get("absent")]
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    kept = sum(r["kept"] for r in rows)
    moved = sum(r["moved"] for r in rows)
    missing = sum(len(r["missing"]) for r in rows)
    kept_bp = sum(len(r["boilerplate"]) for r in rows)
    out_bp = sum(r.get("left-out", 0) for r in rows)
    print(f"pages {len(rows)}, refused "
          f"{sum('refused' in r for r in rows)}")
    print(f"text chunks: {kept} kept, {moved} in the metadata, {missing} "
          f"missing: recall {(kept + moved) / (kept + moved + missing):.4f}")
    print(f"boilerplate chunks: {kept_bp} kept, {out_bp} left out: precision "
          f"{(kept + moved) / (kept + moved + kept_bp):.4f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2)
