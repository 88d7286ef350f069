"""Manifest loading: a valid manifest loads; every problem is located."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pamphleteer.errors import ManifestError
from pamphleteer.manifest import load_manifest, reference

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "books" / "minimal"

GOOD = """\
book:
  title: "T"
  identifier: "urn:uuid:1"
  date: 2026-01-01
chapters:
  - id: one
    source: text.txt
    format: afaq-text
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "text.txt").write_text("A paragraph of text.\n")
    p = tmp_path / "manifest.yaml"
    p.write_text(text)
    return p


def problems(path: Path) -> list[str]:
    with pytest.raises(ManifestError) as e:
        load_manifest(path)
    return e.value.problems or [e.value.message]


@pytest.mark.slow
def test_book_manifest_loads():
    m = load_manifest(ROOT / "book" / "manifest.yaml")
    ids = [c.id for _, c in m.all_chapters()]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert m.slug == "only-from-below"


def test_good_minimal(tmp_path):
    m = load_manifest(write(tmp_path, GOOD))
    assert m.all_chapters()[0][1].id == "one"


def test_unknown_key_located(tmp_path):
    p = write(tmp_path, GOOD.replace('  date: 2026-01-01\n',
                                     '  date: 2026-01-01\n  titel: x\n'))
    (msg,) = problems(p)
    assert msg.startswith(f"{p}:5: unknown key `book.titel`")


def test_all_problems_collected(tmp_path):
    text = GOOD + """\
  - id: one
    source: missing.txt
    format: nonsense
  - id: Bad Id
    source: text.txt
    extra: 1
"""
    msgs = problems(write(tmp_path, text))
    joined = "\n".join(msgs)
    assert "duplicate chapter id `one`" in joined
    assert "missing.txt" in joined and "does not exist" in joined
    assert "unknown format `nonsense`" in joined
    assert "unknown key `chapters[4].extra`" in joined or "extra" in joined
    # Every message is located by file and line.
    assert all(re.match(rf"{re.escape(str(tmp_path))}/manifest.yaml:\d+: ", m)
               for m in msgs)


def test_bad_yaml_located(tmp_path):
    p = write(tmp_path, GOOD + "  - id: [unclosed\n")
    with pytest.raises(ManifestError) as e:
        load_manifest(p)
    assert re.match(rf"{re.escape(str(p))}:\d+: invalid YAML", str(e.value))


def test_duplicate_key_is_error(tmp_path):
    p = write(tmp_path, GOOD.replace('  title: "T"\n',
                                     '  title: "T"\n  title: "U"\n'))
    (msg,) = problems(p)
    assert ":3: `book.title` is given twice" in msg


def test_wrong_type(tmp_path):
    p = write(tmp_path, GOOD + "front:\n  contents: maybe\n")
    (msg,) = problems(p)
    assert "`front.contents` must be true or false" in msg


def test_missing_required(tmp_path):
    p = write(tmp_path, GOOD.replace('  identifier: "urn:uuid:1"\n', ""))
    (msg,) = problems(p)
    assert "`book.identifier` is required" in msg


def test_aliases_refused(tmp_path):
    text = GOOD.replace('  title: "T"', '  title: &t "T"\n  subtitle: *t')
    (msg,) = problems(write(tmp_path, text))
    assert "anchors and aliases" in msg


def test_source_outside_refused(tmp_path):
    for src in ("../../etc/passwd", "/etc/passwd"):
        msgs = problems(write(tmp_path, GOOD.replace("text.txt", src)))
        assert any("outside the book's folder" in m for m in msgs)


def test_symlink_out_refused(tmp_path):
    (tmp_path / "link.txt").symlink_to("/etc/hostname")
    msgs = problems(write(tmp_path, GOOD.replace("text.txt", "link.txt")))
    assert any("outside the book's folder" in m for m in msgs)


@pytest.mark.slow
def test_cli_exit_status_2_without_traceback(tmp_path):
    p = write(tmp_path, GOOD.replace("format: afaq-text", "format: bogus"))
    proc = subprocess.run([sys.executable, "-m", "pamphleteer", "check",
                           str(p)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{p}:8: unknown format `bogus`" in proc.stderr


def test_readme_reference_in_step():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("<!-- manifest-reference")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- end manifest-reference -->")
    assert readme[start:end].strip() == reference().strip(), (
        "README's manifest reference is stale: paste the output of "
        "`pamphleteer manifest-reference`")


def test_minimal_fixture_loads():
    m = load_manifest(MINIMAL / "manifest.yaml")
    assert m.all_chapters()[0][1].id == "only-text"


@pytest.mark.slow
def test_pdf_variants_are_weasyprints():
    """The manifest checks variants against a list of its own (WeasyPrint
    is slow to import): the list must be WeasyPrint's."""
    from weasyprint.pdf import VARIANTS

    from pamphleteer.paper import PDF_VARIANTS

    assert sorted(PDF_VARIANTS) == sorted(v for v in VARIANTS if v != "debug")


def test_unknown_pdf_variant_refused(tmp_path):
    p = write(tmp_path, GOOD + "output:\n  profiles:\n"
              "    - {name: screen, kind: screen, variant: pdf/z-9}\n")
    (msg,) = problems(p)
    assert "unknown PDF variant `pdf/z-9`" in msg
    assert "pdf/ua-1" in msg


def test_absolute_source_inside_the_book_is_accepted(tmp_path):
    """An absolute path to a file inside the book's folder names the same
    file as the relative path: accepted, not called "outside"."""
    p = write(tmp_path, GOOD.replace("source: text.txt",
                                     f"source: {tmp_path / 'text.txt'}"))
    m = load_manifest(p)
    assert m.resolve(m.chapters[0].source) == (tmp_path / "text.txt").resolve()


def test_absolute_source_outside_the_book_is_refused(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "elsewhere.txt").write_text("A text outside.\n")
    p = write(book, GOOD.replace("source: text.txt",
                                 f"source: {tmp_path / 'elsewhere.txt'}"))
    [problem] = problems(p)
    assert "is outside the book's folder" in problem
    assert "--allow-outside" in problem

