"""Measure the catalogue at scale (issue 22), by hand: not part of the suite.

    nice .venv/bin/python tests/benchmarks/catalogue_scale.py FOLDER \
        [--texts 300] [--workers 2] [--out /tmp/scale] [--seed 22]

FOLDER holds real texts (an Amusewiki checkout, or any folder of texts a
reader knows).  ``--texts`` of them, chosen at random with ``--seed`` (so
that sizes are as in the collection), are copied into a work folder; then:

1. a cold build of all of them (an empty output folder and cache);
2. a rerun with nothing changed;
3. a rerun after one text (the median-sized one) was changed.

Each run goes through ``python -m pamphleteer catalogue`` started afresh,
and the script prints its wall time, texts per minute, the per-text seconds
(median, 90th percentile, largest), the workers' peak memory, and, for the
cold run, when each tenth of the texts was done (the growth with the number
of texts), from ``report.json``, with the machine's load average and the
CPU seconds of the whole run (the command, its workers and what they ran).
``--growth 50,100,200`` instead makes a cold run of the first N texts for
each N.  The figures go into docs/catalogue.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _texts(folder: Path) -> list[Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from pamphleteer.catalogue.spec import load_catalogue

    return [t.path for t in load_catalogue(folder).texts]


def _run(lib: Path, out: Path, workers: int, extra: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve()
                                          .parents[2] / "src"))
    import resource

    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pamphleteer", "catalogue",
                           str(lib), "--out", str(out), "--workers",
                           str(workers), "-q", *extra], env=env,
                          capture_output=True, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_all = (after.ru_utime + after.ru_stime - before.ru_utime
               - before.ru_stime)
    if not (out / "report.json").is_file():
        raise SystemExit(f"the run wrote no report (exit {proc.returncode}):"
                         f"\n{proc.stderr[-3000:]}")
    report = json.loads((out / "report.json").read_text())
    report["wall"] = wall
    report["cpu_all"] = cpu_all  # the command, its workers and their pandoc
    report["exit"] = proc.returncode
    report["stderr_tail"] = proc.stderr[-2000:]
    # the machine's load while measuring (other work inflates wall time;
    # the CPU seconds of each text do not depend on it)
    report["load"] = [round(load, 2), round(os.getloadavg()[0], 2),
                      round(os.getloadavg()[2], 2)]
    return report


def _describe(name: str, r: dict) -> None:
    c = r["counts"]
    built = [t for t in r["texts"] if t["status"] == "built"]
    secs = sorted(t["seconds"] for t in built if t["seconds"])
    rss = sorted(t["peak_rss_mib"] for t in r["texts"] if t["peak_rss_mib"])
    print(f"\n== {name}: {r['wall']:.1f} s wall (engine {r['seconds']} s), "
          f"exit {r['exit']}; {r['cpu_all']:.0f} CPU seconds in all (the "
          f"command, its workers and what they ran)")
    print(f"   {c['built']} built, {c['cached']} unchanged, {c['failed']} "
          f"failed of {c['texts']}; load average {r['load'][0]} at the "
          f"start, {r['load'][1]} at the end (15 min: {r['load'][2]})")
    cpu = sorted(t.get("cpu_seconds", 0) for t in built if t.get("cpu_seconds"))
    if cpu:
        print(f"   CPU per text: median {statistics.median(cpu):.1f} s, "
              f"largest {cpu[-1]:.1f} s, total {sum(cpu):.0f} s")
    if built:
        print(f"   {len(built) / r['wall'] * 60:.2f} texts a minute (wall)")
    if secs:
        p90 = secs[int(len(secs) * 0.9) - 1] if len(secs) >= 10 else secs[-1]
        print(f"   per text: median {statistics.median(secs):.1f} s, 90th "
              f"percentile {p90:.1f} s, largest {secs[-1]:.1f} s, total "
              f"{sum(secs):.0f} s of worker time")
    if rss:
        print(f"   worker peak memory: median {statistics.median(rss):.0f} "
              f"MiB, largest {rss[-1]:.0f} MiB")
    ats = sorted(t["at"] for t in built if t.get("at"))
    if len(ats) >= 10:
        marks = [ats[int(len(ats) * k / 10) - 1] for k in range(1, 11)]
        print("   done after (each tenth of the texts): "
              + ", ".join(f"{m:.0f}" for m in marks) + " s")
    failed = [t for t in r["texts"] if t["status"] == "failed"]
    for t in failed[:10]:
        print(f"   failed {t['source']}: {t['why'][:160]}")


def _growth(args: argparse.Namespace, texts: list[Path],
            counts: list[int]) -> int:
    """A cold run (empty output folder and cache) for each count."""
    extra = ["--format", args.format] if args.format else []
    rows = []
    for n in counts:
        base = args.out / f"growth-{n}"
        shutil.rmtree(base, ignore_errors=True)
        for p in texts[:n]:
            q = base / "lib" / p.relative_to(args.folder.resolve())
            q.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, q)
        r = _run(base / "lib", base / "out", args.workers, extra)
        _describe(f"cold, {n} texts", r)
        c = r["counts"]
        rows.append((n, c["built"], c["failed"], r["wall"], r["cpu_all"],
                     r["load"]))
    print("\ntexts  built  failed   wall s  CPU s  CPU s/text  load (start, "
          "end)")
    for n, b, f, wall, cpu, load in rows:
        print(f"{n:5d}  {b:5d}  {f:6d}  {wall:7.0f}  {cpu:5.0f}  "
              f"{cpu / max(n, 1):10.2f}  {load[0]}, {load[1]}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--texts", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/catalogue-scale"))
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--format", default="", help="formats (default: all)")
    ap.add_argument("--growth", default="", metavar="N,N,...",
                    help="instead: a cold run of the first N texts (the "
                    "same shuffled order, so each set holds the smaller "
                    "ones) for each N, to see how time grows with N")
    args = ap.parse_args()
    texts = _texts(args.folder)
    random.Random(args.seed).shuffle(texts)
    if args.growth:
        return _growth(args, texts,
                       [int(n) for n in args.growth.split(",") if n])
    chosen = sorted(texts[:args.texts])
    shutil.rmtree(args.out, ignore_errors=True)
    lib = args.out / "lib"
    for p in chosen:
        rel = p.relative_to(args.folder.resolve())
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, lib / rel)
    sizes = sorted(p.stat().st_size for p in chosen)
    print(f"{len(chosen)} texts from {args.folder}: {sum(sizes) / 1e6:.1f} MB,"
          f" median {statistics.median(sizes) / 1e3:.1f} KB, largest "
          f"{sizes[-1] / 1e3:.0f} KB; {args.workers} workers on "
          f"{os.cpu_count()} cores")
    extra = ["--format", args.format] if args.format else []
    out = args.out / "out"
    results = {}
    results["cold"] = _run(lib, out, args.workers, extra)
    _describe("cold", results["cold"])
    results["unchanged"] = _run(lib, out, args.workers, extra)
    _describe("rerun, nothing changed", results["unchanged"])
    median = sorted(lib.rglob("*"), key=lambda p: p.stat().st_size
                    if p.is_file() else -1)
    median = [p for p in median if p.is_file()]
    one = median[len(median) // 2]
    with open(one, "a", encoding="utf-8") as f:
        f.write("\n\nA paragraph added to measure an incremental build.\n")
    results["one-changed"] = _run(lib, out, args.workers, extra)
    _describe(f"rerun, one text changed ({one.name})", results["one-changed"])
    (args.out / "scale.json").write_text(json.dumps(
        {k: {kk: vv for kk, vv in v.items() if kk != "texts"} | {
            "texts": [{"id": t["id"], "status": t["status"],
                       "seconds": t["seconds"], "at": t.get("at"),
                       "peak_rss_mib": t["peak_rss_mib"],
                       "pages": t["pages"]} for t in v["texts"]]}
         for k, v in results.items()}, indent=1))
    print(f"\nfigures kept in {args.out / 'scale.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
