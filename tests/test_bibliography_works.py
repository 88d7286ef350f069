"""The works file: loading, errors with file:line, the anthology's ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.bibliography import load_works
from pamphleteer.bibliography.works import WorksIndex
from pamphleteer.errors import ManifestError

BOOK_WORKS = Path(__file__).parent.parent / "book" / "works.json"

REQUIRED_IDS = [
    "bakunin-on-anarchism", "political-philosophy-of-bakunin",
    "bakunin-selected-writings", "statism-and-anarchy", "marx-engels-reader",
    "anarchist-faq-vol2", "faq-h11", "bakunin-on-anarchy",
    "program-of-the-alliance", "vdwalt-detailed-reply", "vdwalt-counterpower",
    "kinna-kropotkin-lenin", "blackledge-marxism-anarchism",
    "birchall-another-side", "zeilig-contesting", "black-flame"]


def test_book_works_file_has_the_introductions_ids():
    works = load_works(BOOK_WORKS)
    ids = {w["id"] for w in works}
    assert set(REQUIRED_IDS) <= ids
    by_id = {w["id"]: w for w in works}
    assert by_id["marx-engels-reader"]["edition"] == "2"
    assert by_id["statism-and-anarchy"]["translator"][0]["family"] == "Shatz"
    assert by_id["vdwalt-counterpower"]["page"] == "193-207"


def test_yaml_works_file(tmp_path):
    path = tmp_path / "works.yaml"
    path.write_text("- id: mutual-aid\n  title: Mutual Aid\n"
                    "  title-short: Mutual Aid\n"
                    "  author: [{family: Kropotkin, given: Peter}]\n",
                    encoding="utf-8")
    [work] = load_works(path)
    assert WorksIndex([work]).find_cited("Kropotkin, Mutual Aid") == [
        "mutual-aid"]


@pytest.mark.parametrize("name,text,where,what", [
    ("w.json", '[{"id": "a", "title": "A"},\n {"id": "b" "title": "B"}]',
     "w.json:2", "invalid JSON"),
    ("w.json", '{"id": "a"}', "w.json:1", "must be a list"),
    ("w.yaml", "- id: a\n  title: [unclosed\n", "w.yaml:", "invalid YAML"),
    ("w.txt", "[]", "w.txt", "must end in"),
])
def test_syntax_errors_name_file_and_line(tmp_path, name, text, where, what):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as err:
        load_works(path)
    assert where in str(err.value) and what in str(err.value)


def test_invalid_entries_are_all_reported(tmp_path):
    path = tmp_path / "works.json"
    path.write_text('[\n  {"id": "a", "title": "A"},\n'
                    '  {"title": "No id"},\n'
                    '  {"id": "a", "title": "Again"},\n'
                    '  {"id": "c", "title": "C", "author": ["Kropotkin"]},\n'
                    '  {"id": "d", "title": "D", "issued": "1902"}\n]\n',
                    encoding="utf-8")
    with pytest.raises(ManifestError) as err:
        load_works(path)
    text = str(err.value)
    assert "works.json:3" in text and "needs an \"id\"" in text
    assert "works.json:4" in text and "duplicate id 'a'" in text
    assert "works.json:5" in text and "\"author\" must be" in text
    assert "works.json:6" in text and "\"issued\" must be" in text


def test_missing_file(tmp_path):
    with pytest.raises(ManifestError) as err:
        load_works(tmp_path / "nope.json")
    assert "cannot read" in str(err.value)


def test_find_cited_forms():
    index = WorksIndex(load_works(BOOK_WORKS))
    assert index.find_cited("Marx and Engels Reader") == [
        "marx-engels-reader"]
    assert index.find_cited("Marx and Engels, Selected Works") == [
        "marx-engels-selected-works"]
    assert index.find_cited('"Letter to F. Domela-Nieuwenhuis," Eugene '
                            "Schulkind (ed.), The Paris Commune of 1871: "
                            "The View from the Left") == [
        "marx-letter-domela-nieuwenhuis"]
    assert index.find_cited("Nothing We Know") == []


def test_manifest_sources_merge_with_their_works_file_entries():
    """The four texts, described as the manifest does, find their entries."""
    from pamphleteer.bibliography import (ChapterInput, build_bibliography,
                                          source_work)
    from pamphleteer.model import Document, Metadata
    sources = {
        "program-of-the-alliance": source_work(
            title="On the Program of the Alliance", authors=["Mikhail Bakunin"],
            date="1871", translators=["Sam Dolgoff"], editors=["Sam Dolgoff"]),
        "bakunins-critique": source_work(
            title="What was Bakunin’s critique of Marxism?",
            authors=["The Anarchist FAQ Editorial Collective"], date="1996"),
        "kropotkin-met-lenin": source_work(
            title="When Kropotkin met Lenin", authors=["Ruth Kinna"],
            date="2017"),
        "reply": source_work(
            title="Detailed Reply to International Socialism",
            subtitle="Debating power and revolution in anarchism, Black "
                     "Flame and historical Marxism",
            authors=["Lucien van der Walt"], date="2011-04-07"),
    }
    empty = Document(Metadata(), ())
    bib = build_bibliography([ChapterInput(k, empty, v)
                              for k, v in sources.items()],
                             load_works(BOOK_WORKS))
    found = {c: e.id for e in bib.entries for c, _ in e.cited_in}
    assert found == {"program-of-the-alliance": "program-of-the-alliance",
                     "bakunins-critique": "faq-h11",
                     "kropotkin-met-lenin": "kinna-kropotkin-lenin",
                     "reply": "vdwalt-detailed-reply"}
    assert len(bib.merges) == 4


def test_a_note_short_form_cut_short_by_the_source_finds_the_works_file():
    """Seed 001's notes 79 and 87 end mid-citation in the source (the
    PDF's text stops there); the works file completes them."""
    import importlib.util

    from pamphleteer.bibliography import ChapterInput, build_bibliography

    spec = importlib.util.spec_from_file_location(
        "bib_docs", Path(__file__).parent / "fixtures" / "bibliography"
        / "docs.py")
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    rows = [("79", "Pyotr Kropotkin, The Great French Revolution, "
             "1789–1973, Volume 1, introduction by Alfredo M. Bonanno ed."),
            ("87", "John Crump, Hatta Shuzo and Pure")]
    works = load_works(Path(__file__).parent.parent / "book" / "works.json")
    bib = build_bibliography([ChapterInput("x", docs.notes_document(rows))],
                             works)
    assert [o.work for o in bib.occurrences] == [
        "kropotkin-great-french-revolution", "crump-hatta-shuzo"]
