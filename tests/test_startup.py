"""Start-up stays light: what a warm no-op rebuild and ``--help`` import.

A warm rebuild with nothing changed is mostly Python's start-up and the
imports of the command line, so the no-op path must import no reader, no
renderer, no assembly, and none of the heavy libraries behind them.  These
tests run the command line in a fresh process and read its ``sys.modules``:
structural checks, not timings (the machine may be loaded).  The cold build
before the no-op is checked to import some of the same modules, so that the
lists below name what a build really loads and the check can fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from pamphleteer import cli, writers
from pamphleteer.cleaners import BUILTIN_NAMES, REGISTRY, cleaner, is_known
from pamphleteer.cleaners import load_all as load_readers
from pamphleteer.cleaners.registry import CleanResult

MINIMAL = ROOT / "tests" / "fixtures" / "books" / "minimal"

HEAVY_LIBRARIES = ("weasyprint", "pydyf", "fitz", "pymupdf", "citeproc",
                   "pypandoc", "ebooklib", "lxml", "jinja2", "markdown_it",
                   "nameparser", "rapidfuzz", "numpy", "wordfreq",
                   "wordsegment", "lap", "PIL", "fontTools", "dask",
                   "distributed", "importlib.metadata", "http.client")
"""Libraries a build uses and a no-op rebuild must not import."""

HEAVY_STAGES = ("pamphleteer.assembly", "pamphleteer.build",
                "pamphleteer.bibliography", "pamphleteer.index",
                "pamphleteer.markdown_read", "pamphleteer.markdown_write",
                "pamphleteer.model", "pamphleteer.serial",
                "pamphleteer.release", "pamphleteer.watch", "pamphleteer.cite",
                "pamphleteer.catalogue")
"""The project's stages past the manifest (and the other commands)."""

ALLOWED = {"pamphleteer.cleaners.registry", "pamphleteer.render.paths"}
"""Light modules inside packages whose other modules are heavy: the
reader registry (the manifest checks names) and the folders of the
templates and styles (hashed for the build's key)."""

PROBE = """\
import json, sys
from pamphleteer.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as e:  # --help exits
    status = e.code
sys.stdout.flush()
print("\\n" + json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def heavy(modules: list[str], allowed: frozenset[str] = frozenset()
          ) -> list[str]:
    """The modules of ``modules`` a light start-up must not import."""
    out = []
    for m in modules:
        if m in ALLOWED or any(m == a or m.startswith(a + ".")
                               for a in allowed):
            continue
        if any(m == h or m.startswith(h + ".")
               for h in HEAVY_LIBRARIES + HEAVY_STAGES):
            out.append(m)
        elif m.startswith(("pamphleteer.cleaners.", "pamphleteer.render.")):
            out.append(m)  # a reader or a renderer
    return out


def probe(*args: str, cwd: Path) -> tuple[int, list[str], str]:
    """Run the command line in a fresh process: (status, modules, stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd,
                          env=env, capture_output=True, text=True,
                          timeout=600)
    last = proc.stdout.rstrip().rsplit("\n", 1)[-1]
    try:
        report = json.loads(last)
    except ValueError:
        pytest.fail(f"the probe said nothing readable: {proc.stdout[-500:]}"
                    f"\n{proc.stderr[-2000:]}")
    return report["status"], report["modules"], proc.stderr


def test_a_warm_no_op_rebuild_imports_no_reader_renderer_or_heavy_library(
        tmp_path):
    from pamphleteer.build import build
    from pamphleteer.cache import StageCache
    from pamphleteer.manifest import load_manifest

    book = tmp_path / "book"
    shutil.copytree(MINIMAL, book)
    out = tmp_path / "out"
    # The cold build here (the web edition: no WeasyPrint, so the test
    # stays fast), with the cache the command line chooses for --out.
    build(load_manifest(book / "manifest.yaml"), out, ["web"],
          cache=StageCache(out / ".cache"))
    # The lists name what a build really imports: the check can fail.
    loaded = heavy(sorted(sys.modules))
    for name in ("pamphleteer.assembly", "pamphleteer.build", "jinja2",
                 "pamphleteer.cleaners.afaq_text", "pamphleteer.render.web"):
        assert name in loaded
    status, warm, err = probe("build", str(book / "manifest.yaml"), "--out",
                              str(out), "--format", "web", cwd=tmp_path)
    assert status == 0
    assert "nothing changed since the last build" in err
    assert heavy(warm) == []


def test_compiled_python_is_not_part_of_the_code_digest(tmp_path):
    """A module compiled for the first time (a command that imports what
    the build did not) leaves the build's key, hence a no-op, alone; a
    change of a source changes it."""
    from pamphleteer.digests import tree_digest

    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    before = tree_digest(tmp_path)
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    (cache / "a.cpython-311.pyc").write_bytes(b"\x00compiled")
    (tmp_path / "b.pyc").write_bytes(b"\x00compiled")
    assert tree_digest(tmp_path) == before
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert tree_digest(tmp_path) != before


def test_help_imports_no_stage():
    for args in (("--help",), ("build", "--help"), ("clean", "--help")):
        status, modules, _ = probe(*args, cwd=ROOT)
        assert status == 0
        # Help looks for plug-in writers (entry points) to list them.
        assert heavy(modules, frozenset({"importlib.metadata"})) == [], args


def test_a_manifest_check_imports_no_reader():
    """Loading a manifest whose texts name built-in readers imports none."""
    code = ("import sys; from pamphleteer.manifest import load_manifest; "
            f"load_manifest({str(MINIMAL / 'manifest.yaml')!r}); "
            "print([m for m in sys.modules if m.startswith("
            "('pamphleteer.cleaners.', 'pamphleteer.render.'))])")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == "['pamphleteer.cleaners.registry']"


def test_builtin_reader_names_are_the_registry():
    """``BUILTIN_NAMES`` (read without importing the readers) is exactly
    the set of readers the package's own modules register."""
    builtin = {name for name, info in load_readers().items()
               if info.clean.__module__.startswith("pamphleteer.cleaners.")}
    assert builtin == set(BUILTIN_NAMES), (
        "cleaners/registry.py BUILTIN_NAMES is out of step with the readers;"
        f" write: {sorted(builtin)}")


def _toy_clean(raw: str, *, source: str, options: object) -> CleanResult:
    raise AssertionError("never called")


def test_a_reader_missing_from_the_table_is_still_known():
    """The table only makes the common case fast: a registered reader it
    does not list (a plug-in's, or a new one) is found in the registry."""
    assert "toy-startup" not in BUILTIN_NAMES
    assert not is_known("toy-startup")
    cleaner("toy-startup", detect=lambda text: 0.0,
            description="a toy")(_toy_clean)
    try:
        assert is_known("toy-startup")
    finally:
        del REGISTRY["toy-startup"]
    assert not is_known("zine")


def test_writers_are_listed_without_their_renderers():
    """Writer modules register without importing the renderers."""
    code = ("import sys; from pamphleteer import writers; "
            "print(writers.names(), writers.is_known('pdf'), "
            "writers.is_known('zine'), "
            "[m for m in sys.modules if m.startswith('pamphleteer.render')])")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == ("['epub', 'pdf', 'booklet', 'web', 'cover'] "
                           "True False []")


def _sub_help(p, name: str) -> str:
    sub = next(a for a in p._subparsers._group_actions)
    return sub.choices[name].format_help()


def test_the_parser_of_one_command_is_the_full_parsers():
    """Leaving the other commands' modules out changes nothing of the
    named command's parser, and the top-level help made from the
    summaries in ``cli.COMMANDS`` is the one of the full parser (every
    command, the modules' own summaries)."""
    full = cli.parser(full=True)
    names = list(next(a for a in full._subparsers._group_actions).choices)
    assert set(names) == set(cli.OWN_COMMANDS) | {
        n for n, *_ in cli.COMMANDS}
    assert cli.parser().format_help() == full.format_help()
    for name in names:
        assert name in full.format_help()
        assert _sub_help(cli.parser(name), name) == _sub_help(full, name)
        assert cli.named_command([name, "--help"]) == name
    assert "output folder" in _sub_help(full, "release")


def test_a_stand_in_chosen_all_the_same_is_parsed_again(monkeypatch,
                                                         capsys):
    """The stand-in of a command is never used to run it: should one be
    chosen (named_command found no command), main() parses the command
    line again with the command's own parser."""
    args = cli.parser().parse_args(["cite", "review", "--help-me"])
    assert args.func is None and args.command == "cite"
    monkeypatch.setattr(cli, "named_command", lambda argv: None)
    with pytest.raises(SystemExit):
        cli.main(["cite", "review", "--help-me"])  # the real parser refuses
    assert "unrecognized arguments: --help-me" in capsys.readouterr().err


def test_which_commands_a_command_line_needs():
    assert cli.named_command(["build", "book/manifest.yaml"]) == "build"
    assert cli.named_command(["-v", "release"]) == "release"
    assert cli.named_command(["--help", "build"]) is None
    assert cli.named_command([]) is None
    assert cli.named_command(["biuld"]) is None  # the error lists them all


def test_an_unknown_command_is_refused_with_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["biuld"])
    err = capsys.readouterr().err
    for name, *_ in cli.COMMANDS:
        assert name in err


def test_help_lists_plug_in_writers(monkeypatch, capsys):
    """``--help`` loads the plug-in writers first (parsing a command does
    not scan for them)."""
    loaded = []
    monkeypatch.setattr(writers, "_load_entry_points",
                        lambda: loaded.append(True))
    monkeypatch.setattr(writers, "_PLUGINS_LOADED", False)
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert loaded == [True]
    assert "epub (" in " ".join(capsys.readouterr().out.split())
