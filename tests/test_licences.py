"""A release never goes out with a text whose licence nobody knows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pamphleteer.errors import ManifestError
from pamphleteer.licences import check_release_licences, is_unknown
from pamphleteer.manifest import load_manifest

MINIMAL = Path(__file__).parent / "fixtures" / "books" / "minimal"


@pytest.mark.parametrize("text,unknown", [
    ("", True), ("  ", True), ("Not stated in the source.", True),
    ("unknown", True), ("?", True), ("No licence given", True),
    ("Anti-copyright (The Anarchist Library).", False),
    ("CC BY-SA 4.0", False), ("GNU FDL 1.3", False),
])
def test_unknown_licences(text, unknown):
    assert is_unknown(text) is unknown


def _book(tmp_path, licence_lines: str) -> Path:
    book = tmp_path / "book"
    shutil.copytree(MINIMAL, book)
    path = book / "manifest.yaml"
    text = path.read_text(encoding="utf-8")
    text = "\n".join(ln for ln in text.splitlines()
                     if not ln.strip().startswith("license:"))
    path.write_text(text.replace('    date: "1999"',
                                 '    date: "1999"\n' + licence_lines),
                    encoding="utf-8")
    return path


@pytest.mark.slow
def test_release_refuses_a_text_without_licence(tmp_path):
    path = _book(tmp_path, "")
    with pytest.raises(ManifestError) as err:
        check_release_licences(load_manifest(path))
    assert "only-text" in str(err.value)
    assert "license_checked: true" in str(err.value)


def test_the_editor_can_accept_a_checked_text(tmp_path):
    path = _book(tmp_path, '    license: "Not stated in the source."\n'
                 "    license_checked: true")
    check_release_licences(load_manifest(path))


def test_a_stated_licence_passes(tmp_path):
    path = _book(tmp_path, '    license: "CC0 1.0"')
    check_release_licences(load_manifest(path))
