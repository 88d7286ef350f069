"""How a catalogue run's own work grows with the number of texts, by hand.

    .venv/bin/python tests/benchmarks/catalogue_growth.py [--sizes 100,1000,10000]

Building the texts is the workers' part and grows with their count and
size (``catalogue_scale.py`` measures it).  This measures the part every
run does on the machine that starts it, whatever changed: reading the
catalogue, the input digest of every text against its done-marker (the
whole cost of a run where nothing changed), and writing the OPDS feeds,
the site and the report from every marker.  The texts are made up (a
paragraph each) and their markers written as a finished build leaves them,
so that the figures are those of N unchanged texts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from pamphleteer.catalogue import engine, spec, tasks  # noqa: E402
from pamphleteer.catalogue.report import write_report  # noqa: E402


def _library(root: Path, n: int) -> Path:
    lib = root / "lib"
    for i in range(n):
        d = lib / f"t{i % 26:02d}" / f"{i % 97:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"text-{i}.md").write_text(
            f"---\ntitle: Text number {i}\nauthors:\n- Author {i % 300}\n"
            f"---\n\nThe paragraph of text {i}, about topic {i % 40}.\n")
    return lib


def _mark_built(cat: spec.Catalogue, out: Path) -> None:
    todo, _ = engine.plan(cat, out)
    for i, (text, digest) in enumerate(todo):
        folder = tasks.text_folder(out, text.id)
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for name, kind in ((f"x-{text.id}.epub", "epub"),
                           (f"x-{text.id}.pdf", "pamphlet"),
                           (f"x-{text.id}-booklet-a4.pdf", "booklet"),
                           (f"x-{text.id}-cover.png", "cover"),
                           (f"x-{text.id}-web/index.html", "web")):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"x" * 100)
            files.append({"name": name, "kind": kind, "size": 100,
                          "purpose": ""})
        (folder / tasks.DONE).write_text(json.dumps({
            "format": tasks.MARKER_FORMAT, "id": text.id, "digest": digest,
            "title": f"Text number {i}", "subtitle": "",
            "authors": [f"Author {i % 300}"], "language": "en",
            "topics": [f"topic {i % 40}"], "summary": "A paragraph.",
            "identifier": f"urn:uuid:{i:08d}-0000-4000-8000-000000000000",
            "updated": "2026-01-01T00:00:00Z", "built": "2026-01-01T00:00:00Z",
            "date": "", "pages": 4, "files": files, "warnings": []}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    args = ap.parse_args()
    print("texts   read  plan(unchanged)  feeds+site+report   feed files")
    for n in (int(x) for x in args.sizes.split(",")):
        root = Path(tempfile.mkdtemp(prefix="growth-"))
        try:
            lib = _library(root, n)
            out = root / "out"
            cat = spec.load_catalogue(lib)
            _mark_built(cat, out)
            t0 = time.perf_counter()
            cat = spec.load_catalogue(lib)
            t1 = time.perf_counter()
            todo, done = engine.plan(cat, out)
            t2 = time.perf_counter()
            assert not todo and len(done) == n
            result = engine.RunResult(outcomes=done)
            engine._publish(cat, out, result)
            write_report(cat, out, result)
            t3 = time.perf_counter()
            feeds = len(list((out / "opds").rglob("*.xml")))
            print(f"{n:6d} {t1 - t0:6.2f}s {t2 - t1:10.2f}s {t3 - t2:14.2f}s "
                  f"{feeds:12d}")
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
