"""The house: no import circle, format lists from the registries, a new
writer is one module.

The layer rules themselves are import-linter contracts in pyproject.toml
(``lint-imports``, run by scripts/dev.sh before the tests); here the import
graph is drawn with grimp (import-linter's own graph builder) and held to
have no circle at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

from helpers import ROOT
from pamphleteer import writers
from pamphleteer.build import build
from pamphleteer.format_tables import tables
from pamphleteer.cleaners import load_all as load_readers
from pamphleteer.cli import parser
from pamphleteer.errors import ManifestError
from pamphleteer.manifest import load_manifest, reference
from pamphleteer.release import release_formats
from pamphleteer.render.job import WriteJob

SRC = ROOT / "src"
MINIMAL = ROOT / "tests" / "fixtures" / "books" / "minimal" / "manifest.yaml"


def _graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(SRC))
    try:
        return grimp.build_graph("pamphleteer", cache_dir=None,
                                 exclude_type_checking_imports=True)
    finally:
        sys.path.remove(str(SRC))


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph.modules):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_import_circle():
    graph = _graph()
    assert len(graph.modules) > 50  # the whole package was read
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for m in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(m)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_model_imports_only_text():
    graph = _graph()
    assert graph.find_modules_directly_imported_by("pamphleteer.model") <= {
        "pamphleteer.text"}
    assert graph.find_modules_directly_imported_by("pamphleteer.text") == set()


def test_no_module_over_700_lines():
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert long == {}


def test_readme_format_tables_in_step():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- formats:")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- end formats -->")
    assert readme[start:end] == tables(), (
        "README's format tables are stale: paste the output of "
        "`pamphleteer formats`")


def test_every_list_of_formats_reads_the_registries():
    outputs = writers.names()
    assert outputs == ["epub", "pdf", "booklet", "web", "cover"]
    assert release_formats() == outputs
    help_text = parser().format_help()
    build_help = next(a for a in parser()._subparsers._group_actions
                      ).choices["build"].format_help()
    for name in outputs:
        assert f"{name} (" in " ".join(build_help.split())
    for name in load_readers():
        assert f"`{name}`" in reference()
    assert "formats" in help_text


def _toy(job: WriteJob) -> None:
    job.write(f"{job.book.slug}.toy.txt", job.book.title + "\n", "toy", "",
              "A toy format")


@pytest.fixture
def toy_writer():
    """A writer registered as a third-party module would register it."""
    registered = writers.writer(
        "toy", description="the title in a text file",
        files="<slug>.toy.txt", stage=60, release_order=70,
        describe=lambda *a: ("Toy", "other", "A toy."))(_toy)
    assert registered is _toy
    yield writers.load_all()["toy"]
    del writers.REGISTRY["toy"]


def test_a_new_writer_is_one_registration(toy_writer, tmp_path):
    m = load_manifest(MINIMAL)
    assert "toy" in writers.names()
    assert "toy (the title in a text file)" in " ".join(
        next(a for a in parser()._subparsers._group_actions
             ).choices["build"].format_help().split())
    assert "`toy` (the title in a text file)" in reference()
    assert "toy" in release_formats()
    result = build(m, tmp_path, ["toy"])
    toy = tmp_path / "a-minimal-book.toy.txt"
    assert toy.read_text(encoding="utf-8").strip() == m.book.title
    assert [a.kind for a in result.artifacts if a.path == toy] == ["toy"]


def test_unknown_output_format_lists_the_registry(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    for p in MINIMAL.parent.iterdir():
        if p.is_file() and p.name != "manifest.yaml":
            (tmp_path / p.name).write_bytes(p.read_bytes())
    manifest.write_text(text.replace("book:\n", "output:\n  formats: [zine]\n"
                                     "book:\n", 1), encoding="utf-8")
    with pytest.raises(ManifestError) as e:
        load_manifest(manifest, allow_outside=True)
    assert "unknown output format `zine`; use epub, pdf, booklet, web or " \
        "cover" \
        in "\n".join(e.value.problems)


def test_writer_names_are_unique():
    with pytest.raises(ValueError, match="already registered"):
        writers.writer("epub", description="again", files="x",
                       describe=lambda *a: ("", "", ""))(_toy)
    assert Path(writers.__file__).name == "__init__.py"
