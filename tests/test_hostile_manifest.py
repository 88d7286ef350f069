"""Hostile manifests: paths that leave the book, YAML bombs, duplicate keys,
values of the wrong kind, files that are not manifests.  Every one ends in a
ManifestError (exit status 2) whose every problem is located
``FILE:LINE:``, through both ``check`` and ``build``; never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pamphleteer.cli import main
from pamphleteer.errors import ManifestError
from pamphleteer.manifest import load_manifest

BASE = """\
book:
  title: T
  identifier: "urn:uuid:00000000-0000-4000-8000-0000000000aa"
  date: 2026-01-01
chapters:
  - id: a
    source: t.txt
    format: afaq-text
"""


def _write(tmp_path: Path, text: str | bytes) -> Path:
    book = tmp_path / "book"
    book.mkdir(exist_ok=True)
    (book / "t.txt").write_text("Some words of a text.\n")
    m = book / "manifest.yaml"
    m.write_bytes(text if isinstance(text, bytes) else text.encode())
    return m


def _run(argv: list[str], capsys) -> tuple[int, str]:
    status = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return status, err


def _refused(m: Path, capsys, *extra: str) -> str:
    """Run check and build on ``m``; both must stop with exit status 2 and
    every problem line must be located FILE:LINE."""
    errs = []
    for cmd in (["check"], ["build", "--format", "epub"]):
        status, err = _run([*cmd, str(m), "--out", str(m.parent / "out"),
                            "--no-cache", *extra], capsys)
        assert status == ManifestError.exit_status, err
        lines = [x for x in err.splitlines() if x.strip()]
        located = re.compile(rf"^(error: )?{re.escape(str(m))}:\d+: ")
        for line in lines:
            if line.startswith("error: ") and "problem(s)" in line:
                continue
            assert located.match(line), f"not located: {line!r}\n{err}"
        errs.append(err)
    assert not (m.parent / "out").exists() or not any(
        (m.parent / "out").glob("*.epub"))
    return errs[0]


TRAVERSALS = {
    "dotdot": "../../../../../../etc/passwd",
    "absolute": "/etc/passwd",
    "dotdot-inside-then-out": "sub/../../outside.txt",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TRAVERSALS))
def test_source_leaving_the_book_is_refused(name, tmp_path, capsys):
    (tmp_path / "outside.txt").write_text("A text outside the book.\n")
    m = _write(tmp_path, BASE.replace("source: t.txt",
                                      f"source: {TRAVERSALS[name]}"))
    err = _refused(m, capsys)
    assert "outside the book's folder" in err and "--allow-outside" in err


def test_symlink_pointing_out_refused_unless_allowed(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("Words that live outside the book.\n")
    m = _write(tmp_path, BASE.replace("source: t.txt", "source: link.txt"))
    (m.parent / "link.txt").symlink_to(secret)
    assert "outside" in _refused(m, capsys)
    status, err = _run(["check", str(m), "--allow-outside", "--no-cache",
                        "--out", str(tmp_path / "out")], capsys)
    assert status == 0, err


@pytest.mark.parametrize("key,value", [
    ("front:\n  introduction", "../../../etc/passwd"),
    ("back:\n  about_notes", "/etc/hostname"),
    ("back:\n  works", "[../../../../etc/passwd.json]"),
    ("back:\n  index", "/etc/passwd"),
])
def test_other_files_leaving_the_book_are_refused(key, value, tmp_path,
                                                  capsys):
    m = _write(tmp_path, BASE + f"{key}: {value}\n")
    assert "outside the book's folder" in _refused(m, capsys)


def test_billion_laughs_refused_quickly(tmp_path, capsys):
    import time

    lol = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lol.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lol) + "\n" + BASE.replace("  title: T", "  title: *j")
    m = _write(tmp_path, text)
    start = time.monotonic()
    err = _refused(m, capsys)
    assert time.monotonic() - start < 10
    assert "aliases" in err


@pytest.mark.parametrize("text,line", [
    (BASE.replace("  title: T", "  title: T\n  title: U"), 3),
    (BASE + "chapters:\n  - id: b\n    source: t.txt\n", 9),
    (BASE.replace("    format: afaq-text",
                  "    format: afaq-text\n    source: t.txt"), 9),
])
def test_duplicate_keys_are_errors_not_last_wins(text, line, tmp_path,
                                                 capsys):
    m = _write(tmp_path, text)
    err = _refused(m, capsys)
    assert f"{m}:{line}:" in err and "twice" in err


WRONG = {
    "a-list": ("- book\n- chapters\n", "mapping"),
    "a-number": ("42\n", "mapping"),
    "a-string": ("just some words\n", "mapping"),
    "empty": ("", "empty"),
    "only-comments": ("# a manifest\n# to be written\n", "empty"),
    "bad-timestamp": (BASE.replace("date: 2026-01-01", "date: 2026-13-45"),
                      "month"),
    "python-tag": (BASE.replace("title: T", "title: !!python/object/apply:"
                                "os.system ['echo pwned']"), "book.title"),
    "unknown-tag": (BASE.replace("title: T", "title: !evil x"), "book.title"),
    "binary-tag": (BASE.replace("title: T", "title: !!binary aGVsbG8="),
                   "must be text"),
    "nul-in-path": (BASE.replace("source: t.txt", 'source: "t\\0.txt"'),
                    "control characters"),
    "long-path": (BASE.replace("source: t.txt", "source: " + "a" * 5000),
                  "cannot be used"),
    "folder-source": (BASE.replace("source: t.txt", "source: ."),
                      "not a file"),
    "deep-flow": (BASE + "  - " + "[" * 3000 + "]" * 3000 + "\n", "nested"),
    "deep-options": (BASE.replace("format: afaq-text", "format: afaq-text\n"
                                  "    options: " + "{a: " * 200 + "1"
                                  + "}" * 200), "nested"),
    "tab-indent": (BASE.replace("  title", "\ttitle"), "invalid YAML"),
    "unclosed-quote": (BASE.replace("title: T", 'title: "T'), "invalid YAML"),
    "key-not-text": (BASE + "[a, b]: 1\n", "must be text"),
    "bad-id": (BASE.replace("id: a", "id: ../../evil"), "chapter id"),
    "no-chapters": (BASE.split("chapters:")[0], "no chapters"),
    "null-chapters": (BASE.split("chapters:")[0] + "chapters:\n",
                      "must be a list"),
    "chapter-a-string": (BASE.split("chapters:")[0] + "chapters: t.txt\n",
                         "must be a list"),
    "chapter-a-number": (BASE.split("chapters:")[0] + "chapters: [1, 2]\n",
                         "mapping"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_manifests_are_located_errors(name, tmp_path, capsys):
    text, expect = WRONG[name]
    m = _write(tmp_path, text)
    assert expect in _refused(m, capsys)


def test_not_utf8_manifest(tmp_path, capsys):
    m = _write(tmp_path, BASE.replace("title: T", "title: caf\xe9")
               .encode("latin-1"))
    assert "UTF-8" in _refused(m, capsys)


def test_binary_or_huge_manifest(tmp_path, capsys):
    m = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    _refused(m, capsys)
    m.write_text(BASE + "# " + "x" * (2 << 20) + "\n")
    assert "MiB" in _refused(m, capsys)


def test_manifest_that_is_a_folder_or_missing(tmp_path, capsys):
    for path in (tmp_path, tmp_path / "nope.yaml"):
        status, err = _run(["check", str(path), "--out",
                            str(tmp_path / "o")], capsys)
        assert status == ManifestError.exit_status and str(path) in err


def test_every_problem_collected_and_located(tmp_path):
    text = BASE.replace("date: 2026-01-01", "date: 2026-13-45") \
        .replace("source: t.txt", "source: /etc/passwd") \
        + "  - id: Bad Id\n    source: missing.txt\n    format: nope\n"
    m = _write(tmp_path, text)
    with pytest.raises(ManifestError) as e:
        load_manifest(m)
    # The bad date stops the book's metadata; the chapter problems are still
    # listed, each at its own line.
    found = " ".join(e.value.problems)
    assert f"{m}:4:" in found
    assert len(e.value.problems) >= 1


def test_works_file_with_impossible_date(tmp_path, capsys):
    m = _write(tmp_path, BASE + "back:\n  works: [w.yaml]\n")
    (m.parent / "w.yaml").write_text("- id: x\n  title: T\n"
                                     "  issued: 2026-13-45\n")
    status, err = _run(["check", str(m), "--no-cache", "--out",
                        str(tmp_path / "out")], capsys)
    assert status == ManifestError.exit_status


@pytest.mark.parametrize("fname,content,expect", [
    ("w.json", '{"a": [1, 2', "invalid JSON"),
    ("w.json", '["a", 1, null]', "mapping"),
    ("w.yaml", "- !!python/object/apply:os.system ['echo hi']\n",
     "invalid YAML"),
    ("w.json", "\x89PNG\r\n", "cannot read"),
])
def test_broken_works_files(fname, content, expect, tmp_path, capsys):
    m = _write(tmp_path, BASE + f"back:\n  works: [{fname}]\n")
    (m.parent / fname).write_text(content, encoding="latin-1")
    for cmd in (["check"], ["build", "--format", "epub"]):
        status, err = _run([*cmd, str(m), "--no-cache", "--out",
                            str(tmp_path / "out")], capsys)
        assert status == ManifestError.exit_status, err
        assert fname in err and expect in err, err


@pytest.mark.parametrize("content,expect", [
    ("- 1\n- 2\n", "mapping"), ("42\n", "mapping"),
    ("terms: []\n", "unknown key"),
])
def test_broken_index_files(content, expect, tmp_path, capsys):
    m = _write(tmp_path, BASE + "back:\n  index: i.yaml\n")
    (m.parent / "i.yaml").write_text(content)
    status, err = _run(["check", str(m), "--no-cache", "--out",
                        str(tmp_path / "out")], capsys)
    assert status == ManifestError.exit_status, err
    assert "i.yaml:" in err and expect in err, err


@pytest.mark.parametrize("options", ["{~: 1}", "{1: x}", "[a, b]", "x"])
def test_cleaner_options_of_the_wrong_kind(options, tmp_path, capsys):
    m = _write(tmp_path, BASE.replace("format: afaq-text", "format: "
                                      f"afaq-text\n    options: {options}"))
    _refused(m, capsys)


def test_symlink_loop_and_dangling_link(tmp_path, capsys):
    m = _write(tmp_path, BASE.replace("source: t.txt", "source: loop.txt")
               + "  - id: b\n    source: gone.txt\n    format: afaq-text\n")
    (m.parent / "loop.txt").symlink_to(m.parent / "loop.txt")
    (m.parent / "gone.txt").symlink_to(m.parent / "nowhere.txt")
    err = _refused(m, capsys)
    assert f"{m}:7:" in err and f"{m}:10:" in err
