"""Benchmark pamphleteer against pandoc + WeasyPrint (issue 10), by hand.

    .venv/bin/python tests/benchmarks/bench.py [--runs 3] [--big-runs 1]

Not part of the test suite (pytest collects only ``test_*.py``).  In one run
it times, as the median of ``--runs`` runs of ``python -m pamphleteer``
started afresh (so start-up counts):

1. a cold full build, EPUB and PDF (the ``screen`` profile unless
   ``--profile`` says otherwise), into an empty output folder (no cache);
2. a warm rebuild with nothing changed (the cache of 1.);
3. a rebuild after one paragraph of one chapter was edited (in a copy of
   the book, a different edit each run, after a priming build);
4. pandoc on the same texts, from the cleaned Markdown of
   ``pamphleteer clean`` (with the introduction), to EPUB, and to PDF with
   ``--pdf-engine=weasyprint`` and the same stylesheets (``base.css`` and
   ``print.css``, plus the manifest's page size);
5. a cold build of a ten-times larger book (``make_big_book.py``);
6. ``pamphleteer --help`` (start-up alone: the command line's imports).

For each it prints the median, fastest and slowest wall time, the CPU time
(user + system of the whole process tree: the machine may be shared), the
peak resident memory of the largest process (``getrusage`` through
``wait4``) and the sampled peak of the whole process tree (``/proc``:
summed resident sets, the target's measure, which counts a page a forked
child shares with its parent in both; and summed PSS, which counts it once),
then the ratios against the issue's targets.  pandoc comes from Debian
(``apt-get install pandoc``); without it the pandoc rows are skipped and the
script says so.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from make_big_book import make_big_book  # noqa: E402

STYLES = PROJECT / "styles"
EDIT_WORDS = ["very", "whole", "same", "said", "entire", "present"]
"""Words inserted after a ``the`` of the edited paragraph, one per run."""


@dataclass(frozen=True)
class Run:
    """One timed command."""

    wall: float
    """Elapsed seconds."""
    cpu: float
    """User + system seconds of the process and its waited-for children."""
    peak_mb: float
    """Largest resident set of any one process of the tree (MiB)."""
    tree_mb: float
    """Sampled peak of the summed resident sets of the tree (MiB): pages a
    forked process shares with its parent are counted in each."""
    pss_mb: float = 0.0
    """Sampled peak of the summed proportional set sizes of the tree (MiB):
    each shared page counted once, split among its sharers."""
    error: str = ""
    """The end of stderr when the command failed."""


@dataclass
class Row:
    """The runs of one measurement."""

    name: str
    """What was measured."""
    runs: list[Run] = field(default_factory=list)
    """Every run, failed ones included."""
    note: str = ""
    """Why nothing was measured, when so."""
    pages: int = 0
    """Pages of the PDF made (0: none or not counted)."""

    @property
    def ok(self) -> list[Run]:
        return [r for r in self.runs if not r.error]

    def median(self) -> float | None:
        ok = self.ok
        return statistics.median(r.wall for r in ok) if ok else None

    def cpu(self) -> float | None:
        ok = self.ok
        return statistics.median(r.cpu for r in ok) if ok else None

    def line(self) -> str:
        ok = self.ok
        if not ok:
            why = self.note or (self.runs[0].error if self.runs else "not run")
            return f"{self.name:<52} FAILED: {why}"
        walls = [r.wall for r in ok]
        failed = len(self.runs) - len(ok)
        return (f"{self.name:<52} {statistics.median(walls):7.2f} s "
                f"[{min(walls):6.2f}–{max(walls):6.2f}] "
                f"cpu {statistics.median(r.cpu for r in ok):6.2f} s  "
                f"peak {max(r.peak_mb for r in ok):5.0f} MiB  "
                f"tree {_mib(max(r.tree_mb for r in ok))} "
                f"(pss {_mib(max(r.pss_mb for r in ok))})  n={len(ok)}"
                + (f" ({failed} failed)" if failed else "")
                + (f"  {self.pages} pages" if self.pages else ""))


def _mib(value: float) -> str:
    """A sampled size, or ``n/a`` when the run ended before a sample."""
    return f"{value:5.0f} MiB" if value else "  n/a    "


# --------------------------------------------------------------------------
# Running and measuring one command
# --------------------------------------------------------------------------

def _tree(root: int) -> dict[int, int]:
    """``root`` and its descendants, from /proc: pid -> VmRSS (KiB)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii",
                      errors="replace") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            pid = int(entry.name)
            parents[pid] = int(fields["PPid"])
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
        except (OSError, ValueError, KeyError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    return {p: rss.get(p, 0) for p in tree}


def _pss_kib(pid: int) -> int:
    """The process's proportional set size (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run(cmd: list[str], *, cwd: Path = PROJECT,
        env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``, measuring time, CPU and memory; never raises on failure."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        peak = [0, 0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                tree = _tree(proc.pid)
                peak[0] = max(peak[0], sum(tree.values()))
                peak[1] = max(peak[1], sum(_pss_kib(p) for p in tree))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        error = ""
        if proc.returncode != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            error = f"exit {proc.returncode}: " + (lines[-1] if lines else "")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
               peak_mb=usage.ru_maxrss / 1024, tree_mb=peak[0] / 1024,
               pss_mb=peak[1] / 1024, error=error)


def pamphleteer(*args: str) -> list[str]:
    """The command line of ``python -m pamphleteer ARGS``."""
    return [sys.executable, "-m", "pamphleteer", *args]


Builder = Callable[[Path, Path], list[str]]
"""Makes the build command line for a manifest and an output folder."""


def build_cmd(manifest: Path, out: Path, profile: str = "") -> list[str]:
    """``pamphleteer build`` of EPUB and PDF (of one PDF profile if given)."""
    extra = ["--profile", profile] if profile else []
    return pamphleteer("build", str(manifest), "--out", str(out),
                       "--format", "epub,pdf", *extra, "-q")


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# The measurements
# --------------------------------------------------------------------------

def cold_and_warm(build: Builder, manifest: Path, work: Path, runs: int,
                  name: str = "",
                  warm_runs: int | None = None) -> tuple[Row, Row]:
    """Cold builds into fresh folders, then warm rebuilds of the last
    (``warm_runs`` of them, ``runs`` by default)."""
    cold = Row(f"cold build, EPUB+PDF{name}")
    out = work
    for k in range(runs):
        out = work / f"cold-{k}"
        say(f"  {cold.name}: run {k + 1}/{runs}")
        cold.runs.append(run(build(manifest, out)))
    cold.pages = pdf_pages(out)
    warm = Row(f"warm rebuild, nothing changed{name}")
    if not cold.ok:
        warm.note = "no cold build succeeded"
        return cold, warm
    warm_runs = runs if warm_runs is None else warm_runs
    for k in range(warm_runs):
        say(f"  {warm.name}: run {k + 1}/{warm_runs}")
        warm.runs.append(run(build(manifest, out)))
    return cold, warm


def paragraph_to_edit(text: str) -> int:
    """Index of the line to edit: the middle one of those with 8 words or
    more and a `` the `` to insert a word after."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines)
                  if len(line.split()) >= 8 and " the " in line]
    if not candidates:
        raise SystemExit("no paragraph to edit in the chosen chapter")
    return candidates[len(candidates) // 2]


def edited(build: Builder, manifest: Path, work: Path, runs: int,
           chapter: str) -> Row:
    """Rebuilds of a copy of the book, each after one paragraph changed."""
    copy = make_big_book(manifest, work / "copy", factor=1)
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    specs = [c for p in data.get("parts") or [{"chapters": data.get(
        "chapters", [])}] for c in p["chapters"]]
    # By default the longest text (its source the largest): the issue's
    # measure, and the dearest edit (its text is laid out on one core).
    spec = next((c for c in specs if c["id"] == chapter), None) if chapter \
        else max(specs, key=lambda c: (copy.parent / c["source"]).stat().st_size)
    if spec is None:
        raise SystemExit(f"no chapter {chapter!r} in {manifest}")
    source = copy.parent / spec["source"]
    original = source.read_text(encoding="utf-8")
    index = paragraph_to_edit(original)
    row = Row(f"rebuild, one paragraph of {spec['id']} edited")
    out = work / "edit-out"
    say(f"  {row.name}: priming build")
    prime = run(build(copy, out))
    if prime.error:
        row.note = f"priming build failed: {prime.error}"
        return row
    for k in range(runs):
        lines = original.split("\n")
        lines[index] = lines[index].replace(
            " the ", f" the {EDIT_WORDS[k % len(EDIT_WORDS)]} ", 1)
        source.write_text("\n".join(lines), encoding="utf-8")
        say(f"  {row.name}: run {k + 1}/{runs}")
        row.runs.append(run(build(copy, out)))
    return row


FOOTNOTE_FILTER = """\
-- Each note becomes <span class="footnote" data-label="N">, which the
-- project's print.css floats to the page foot (WeasyPrint's float: footnote).
local n = 0
function Note(el)
  n = n + 1
  return pandoc.Span(pandoc.utils.blocks_to_inlines(el.content),
                     {class = "footnote", ["data-label"] = tostring(n)})
end
"""


def find_pandoc() -> str | None:
    """A pandoc program: the system's, else the one pypandoc-binary ships."""
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


def pandoc_rows(manifest: Path, work: Path, runs: int) -> list[Row]:
    """pandoc to EPUB and to PDF (WeasyPrint) from the cleaned Markdown:
    the fair PDF row (notes at the page foot through a Lua filter, the
    project's CSS and page size) and, for reference, issue 10's row (end
    notes)."""
    epub = Row("pandoc EPUB")
    fair = Row("pandoc PDF, page-foot notes (fair)")
    pdf = Row("pandoc PDF, end notes (issue 10's row)")
    rows = [epub, fair, pdf]
    pandoc = find_pandoc()
    if not pandoc:
        for r in rows:
            r.note = ("pandoc is not installed; install it with "
                      "`apt-get install pandoc` (Debian) or "
                      "`pip install pypandoc-binary`")
        return rows
    clean_out = work / "clean-out"
    say("  pamphleteer clean (the Markdown pandoc reads)")
    cleaned = run(pamphleteer("clean", "--manifest", str(manifest), "--out",
                              str(clean_out), "-q"))
    if cleaned.error:
        for r in rows:
            r.note = f"`pamphleteer clean` failed: {cleaned.error}"
        return rows
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    folder = manifest.parent
    inputs = []
    intro = (data.get("front") or {}).get("introduction")
    if intro:
        inputs.append(str((folder / intro).resolve()))
    specs = [c for p in data.get("parts") or [{"chapters": data.get(
        "chapters", [])}] for c in p["chapters"]]
    inputs += [str(clean_out / "clean" / f"{c['id']}.md") for c in specs]
    book = data.get("book") or {}
    size = str((data.get("output") or {}).get("page_size", "A5"))
    page_css = work / "page.css"
    # "148x210mm" -> "148mm 210mm"; named sizes (A5) and "6x9in" likewise.
    page_css.write_text("@page { size: %s; }\n" % _css_size(size))
    common = [pandoc, "--file-scope", "-s", "--metadata",
              f"title={book.get('title', 'Book')}", "--toc"]
    lua = work / "footnotes.lua"
    lua.write_text(FOOTNOTE_FILTER)
    env = dict(os.environ)
    # pandoc runs the `weasyprint` program: the one of this venv.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    print_css = ["--pdf-engine=weasyprint", "--css", str(STYLES / "base.css"),
                 "--css", str(STYLES / "print.css"), "--css", str(page_css)]
    for k in range(runs):
        say(f"  pandoc: run {k + 1}/{runs}")
        epub.runs.append(run(common + [
            "--css", str(STYLES / "base.css"), "--css", str(STYLES / "epub.css"),
            "-o", str(work / "pandoc.epub"), *inputs], env=env))
        fair.runs.append(run(common + print_css + [
            "--lua-filter", str(lua), "-o", str(work / "pandoc-fair.pdf"),
            *inputs], env=env))
        pdf.runs.append(run(common + print_css + [
            "-o", str(work / "pandoc.pdf"), *inputs], env=env))
    fair.pages = pdf_pages(work / "pandoc-fair.pdf")
    pdf.pages = pdf_pages(work / "pandoc.pdf")
    return rows


def pdf_pages(path: Path) -> int:
    """Pages of a PDF, or of the first PDF in a folder (0 when none)."""
    from pypdf import PdfReader

    found = sorted(path.glob("*.pdf")) if path.is_dir() else [path]
    try:
        return len(PdfReader(found[0]).pages) if found else 0
    except Exception:  # noqa: BLE001 (a count, not a check)
        return 0


def _css_size(size: str) -> str:
    """A manifest page size as a CSS ``size`` value."""
    if "x" in size:
        w, h = size.split("x", 1)
        unit = "".join(ch for ch in h if ch.isalpha())
        return f"{w}{unit if w[-1].isdigit() else ''} {h}"
    return size


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def verdict(value: float | None, target: float, text: str) -> str:
    if value is None:
        return f"  {text}: not measured"
    mark = "meets" if value <= target else "MISSES"
    return f"  {text}: {value:.2f} ({mark} the target {target:g})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--manifest", type=Path,
                   default=PROJECT / "book" / "manifest.yaml")
    p.add_argument("--runs", type=int, default=3,
                   help="runs per measurement, the median is reported "
                   "(default: %(default)s)")
    p.add_argument("--warm-runs", type=int, default=None,
                   help="runs of the warm rebuild and of --help (default: "
                   "--runs; they are short, so more runs are cheap)")
    p.add_argument("--big-runs", type=int, default=1,
                   help="runs of the ten-times larger book (each takes ten "
                   "times longer; default: %(default)s)")
    p.add_argument("--factor", type=int, default=10,
                   help="how many times larger the big book is (default: "
                   "%(default)s)")
    p.add_argument("--edit-chapter", default="",
                   help="id of the chapter to edit (default: the longest "
                   "text, the one issue 21 measures)")
    p.add_argument("--skip", action="append", default=[],
                   choices=["pandoc", "edit", "big"],
                   help="leave a measurement out (repeatable)")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary folder and print its path")
    p.add_argument("--profile", default="screen",
                   help="the PDF profile built (the one pandoc is compared "
                   "with); empty for every profile of the manifest "
                   "(default: %(default)s)")
    args = p.parse_args(argv)
    manifest = args.manifest.resolve()
    build: Builder = functools.partial(build_cmd, profile=args.profile)
    work = Path(tempfile.mkdtemp(prefix="pamphleteer-bench-"))
    rows: list[Row] = []
    try:
        say(f"benchmarking {manifest} ({args.runs} runs each) in {work}")
        cold, warm = cold_and_warm(build, manifest, work / "small",
                                   args.runs, warm_runs=args.warm_runs)
        rows += [cold, warm]
        start_up = Row("pamphleteer --help (start-up alone)")
        for k in range(args.warm_runs or args.runs):
            say(f"  {start_up.name}: run {k + 1}")
            start_up.runs.append(run(pamphleteer("--help")))
        rows.append(start_up)
        edit = None
        if "edit" not in args.skip:
            edit = edited(build, manifest, work / "edit", args.runs,
                          args.edit_chapter)
            rows.append(edit)
        pandoc = []
        if "pandoc" not in args.skip:
            pandoc = pandoc_rows(manifest, work / "pandoc", args.runs)
            rows += pandoc
        big = None
        if "big" not in args.skip:
            say(f"  making the {args.factor}x book")
            big_manifest = make_big_book(manifest, work / "big-book",
                                         args.factor)
            big, _ = cold_and_warm(build, big_manifest, work / "big",
                                   args.big_runs,
                                   f" ({args.factor}x book)", warm_runs=0)
            rows.append(big)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\npamphleteer benchmark, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'measurement':<52} {'median':>9} [fastest–slowest]")
    for row in rows:
        print(row.line())
    print("\ntargets (issues 10 and 21):")
    c = cold.median()
    # The fair comparison (issue 21): pandoc's EPUB plus its PDF with notes
    # at the page foot; issue 10's end-note PDF is kept for reference.
    for label, pair in (("fair: pandoc EPUB + PDF with page-foot notes",
                         pandoc[:2]),
                        ("issue 10: pandoc EPUB + PDF with end notes",
                         pandoc[::2])):
        if not pair or any(r.median() is None for r in pair):
            continue
        total = sum(r.median() for r in pair)
        print(verdict(c / total if c else None, 0.7,
                      f"cold build / {label}"))
        # CPU time does not depend on what else the machine runs, but
        # it counts both cores of a parallel layout: a hint, not the target.
        cpu = sum(r.cpu() for r in pair)
        if cold.cpu() and cpu:
            print(f"  (the same in CPU time: {cold.cpu() / cpu:.2f})")
    print(verdict(warm.median(), 1.0, "warm rebuild, seconds"))
    if edit is not None:
        e = edit.median()
        print(verdict(e / c if e and c else None, 0.4,
                      "one-paragraph rebuild / cold build"))
        if edit.cpu() and cold.cpu():
            print(f"  (the same in CPU time: {edit.cpu() / cold.cpu():.2f})")
    if big is not None:
        b = big.median()
        print(verdict(b / c if b and c else None, float(args.factor),
                      f"{args.factor}x book / cold build (linear)"))
        if big.cpu() and cold.cpu():
            print(f"  (the same in CPU time: {big.cpu() / cold.cpu():.2f})")
        peak = max((max(r.tree_mb, r.peak_mb) for r in big.ok), default=None)
        print(verdict(peak / 1024 if peak else None, 1.0,
                      f"{args.factor}x book peak memory (tree), GiB"))
        pss = max((r.pss_mb for r in big.ok), default=0)
        if pss:
            print(f"  (the same counting each shared page once, PSS: "
                  f"{pss / 1024:.2f} GiB)")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
