"""``pamphleteer add``: a source's chapter entry appended to the manifest,
comments and layout kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pamphleteer.adding import add_source
from pamphleteer.cli import main
from pamphleteer.errors import InputError
from pamphleteer.manifest import load_manifest

FIX = Path(__file__).parent / "fixtures"
MANIFEST = """# My anthology  (a comment that must stay)
book:
  title: 'Texts'   # single quotes, kept
  identifier: "urn:uuid:00000000-0000-4000-8000-000000000003"
  date: 2026-01-01

chapters:
    - id: first       # an unusual indentation
      source: texts/first.txt
      format: afaq-text
      title: First

# after the chapters
back:
  index: ""
"""


@pytest.fixture
def book(tmp_path):
    (tmp_path / "texts").mkdir()
    shutil.copy(FIX / "afaq" / "i_9_4_disputes.txt",
                tmp_path / "texts" / "first.txt")
    shutil.copy(FIX / "gutenberg" / "de_alice_zimmermann.txt",
                tmp_path / "texts" / "alice.txt")
    (tmp_path / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_appends_a_complete_entry_keeping_the_rest(book, monkeypatch):
    monkeypatch.chdir(book)
    added = add_source("texts/alice.txt", book / "manifest.yaml")
    old_lines = MANIFEST.split("\n")
    new_lines = added.text.split("\n")
    # Every old line is still there, in order, unchanged.
    it = iter(new_lines)
    assert all(line in it for line in old_lines)
    inserted = [l for l in new_lines if l not in old_lines]
    assert inserted[0].startswith("    - id: ")  # the list's indentation
    data = yaml.safe_load(added.text)
    entry = data["chapters"][-1]
    assert entry == {
        "id": "alice-s-abenteuer-im-wunderland",
        "source": "texts/alice.txt", "format": "gutenberg",
        "title": "Alice's Abenteuer im Wunderland",
        "authors": ["Lewis Carroll"], "translators": ["Antonie Zimmermann"],
        "language": "de",
        "license": "Public domain in the USA; distributed by Project "
                   "Gutenberg (eBook #19778)"}
    assert "# after the chapters" in added.text.split(entry["id"])[1]


@pytest.mark.slow
def test_command_writes_and_the_book_loads(book, monkeypatch, capsys):
    monkeypatch.chdir(book)
    assert main(["add", "texts/alice.txt", "--manifest", "manifest.yaml",
                 "--id", "alice"]) == 0
    out = capsys.readouterr()
    assert "format: gutenberg" in out.out + out.err
    m = load_manifest(book / "manifest.yaml")
    assert [c.id for _, c in m.all_chapters()] == ["first", "alice"]
    assert m.all_chapters()[1][1].language == "de"
    # The same id again is refused, and the manifest is left alone.
    before = (book / "manifest.yaml").read_text()
    with pytest.raises(InputError, match="already there"):
        add_source("texts/alice.txt", book / "manifest.yaml", chapter_id="alice")
    assert (book / "manifest.yaml").read_text() == before


@pytest.mark.slow
def test_parts_need_a_part(book, monkeypatch):
    monkeypatch.chdir(book)
    (book / "manifest.yaml").write_text(MANIFEST.replace(
        "chapters:\n", "parts:\n  - title: One\n    chapters:\n").replace(
        "    - id: first", "      - id: first").replace(
        "      source: texts", "        source: texts").replace(
        "      format: afaq", "        format: afaq").replace(
        "      title: First", "        title: First") .replace(
        "back:", "  - title: Two Texts\n    chapters:\n      - id: x\n"
        "        source: texts/first.txt\nback:"), encoding="utf-8")
    with pytest.raises(InputError, match="--part"):
        add_source("texts/alice.txt", book / "manifest.yaml")
    added = add_source("texts/alice.txt", book / "manifest.yaml",
                       part="two-texts")
    data = yaml.safe_load(added.text)
    assert [c["id"] for c in data["parts"][1]["chapters"]][-1] == \
        "alice-s-abenteuer-im-wunderland"


def test_unreadable_source_is_refused(book, monkeypatch):
    monkeypatch.chdir(book)
    (book / "texts" / "odd.txt").write_text("\n \n", encoding="utf-8")
    before = (book / "manifest.yaml").read_text()
    with pytest.raises(InputError, match="cannot tell its format|empty"):
        add_source("texts/odd.txt", book / "manifest.yaml")
    assert (book / "manifest.yaml").read_text() == before


def test_an_empty_flow_list_takes_the_first_text(tmp_path, monkeypatch):
    """A new manifest's `chapters: []` was refused as flow style; the
    first text replaces the empty list.  A wiki article's first heading is
    its title, and a long title gives an id cut at a word's end."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "texts").mkdir()
    shutil.copy(FIX / "wiki" / "CrimethInc.md",
                tmp_path / "texts" / "crimethinc.md")
    (tmp_path / "texts" / "long.md").write_text(
        "---\ntitle: Fifty ways to prepare for the revolution, and more\n"
        "---\n\n# One\n\nText of the pamphlet.\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "book:\n  title: T\n  identifier: urn:uuid:1\n  date: 2026-01-01\n"
        "chapters: []   # none yet\n", encoding="utf-8")
    added = add_source("texts/crimethinc.md", tmp_path / "manifest.yaml")
    assert added.entry["title"] == "CrimethInc."
    assert added.entry["format"] == "pandoc-markdown"
    (tmp_path / "manifest.yaml").write_text(added.text, encoding="utf-8")
    data = yaml.safe_load(added.text)
    assert [c["id"] for c in data["chapters"]] == ["crimethinc"]
    assert "# none yet" in added.text
    added = add_source("texts/long.md", tmp_path / "manifest.yaml")
    assert added.id == "fifty-ways-to-prepare-for-the-revolution"
    data = yaml.safe_load(added.text)
    assert len(data["chapters"]) == 2


@pytest.mark.slow
def test_select_takes_one_text_and_its_title(book, monkeypatch, capsys):
    # one chapter of an EPUB: the entry keeps the option, and the title is
    # the part's own heading, not the book's
    shutil.copy(FIX / "pandoc" / "known_de.epub", book / "texts" / "de.epub")
    monkeypatch.chdir(book)
    assert main(["add", "texts/de.epub", "--manifest", "manifest.yaml",
                 "--select", "Zweiter Teil"]) == 0
    out = capsys.readouterr()
    assert "select: Zweiter Teil" in out.out + out.err
    entry = yaml.safe_load((book / "manifest.yaml").read_text())[
        "chapters"][-1]
    assert entry["options"] == {"select": "Zweiter Teil"}
    assert entry["title"] == "Zweiter Teil"
    assert entry["id"] == "zweiter-teil"
    m = load_manifest(book / "manifest.yaml")
    assert m.all_chapters()[-1][1].options == {"select": "Zweiter Teil"}
    # an option the reader does not know: refused, the manifest untouched
    before = (book / "manifest.yaml").read_text()
    with pytest.raises(InputError):
        add_source("texts/alice.txt", book / "manifest.yaml",
                   options={"pages": "1-2"})
    assert (book / "manifest.yaml").read_text() == before


def test_a_text_added_to_the_first_of_two_parts_stays_in_it(book,
                                                           monkeypatch):
    # the default book's layout: the first part's last chapter ends on a
    # scalar, the next part's "- title:" follows at the parts' dash
    monkeypatch.chdir(book)
    (book / "manifest.yaml").write_text(
        "book:\n  title: T\n  identifier: \"urn:uuid:00000000-0000-4000-"
        "8000-000000000004\"\n  date: 2026-01-01\nparts:\n"
        "  - title: \"One\"\n    chapters:\n      - id: first\n"
        "        source: texts/first.txt\n        format: afaq-text\n"
        "        title: First\n        license: \"\"\n"
        "  - title: \"Two\"\n    chapters:\n      - id: second\n"
        "        source: texts/first.txt\n        format: afaq-text\n"
        "        title: Second\nback:\n  index: \"\"\n", encoding="utf-8")
    added = add_source("texts/alice.txt", book / "manifest.yaml",
                       part="One")
    data = yaml.safe_load(added.text)
    assert [c["id"] for c in data["parts"][0]["chapters"]] == [
        "first", "alice-s-abenteuer-im-wunderland"]
    assert [c["id"] for c in data["parts"][1]["chapters"]] == ["second"]
