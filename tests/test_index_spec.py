"""Loading index.yaml: the schema, ids, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.errors import ManifestError
from pamphleteer.index import load_index, parse_index

FIXTURES = Path(__file__).parent / "fixtures" / "index"


def problems(text: str) -> list[str]:
    with pytest.raises(ManifestError) as info:
        parse_index(text, "ix.yaml")
    assert info.value.exit_status == 2
    return info.value.problems or [info.value.message]


def test_fixture_loads_with_ids_forms_and_references():
    spec = load_index(FIXTURES / "barcelona-index.yaml")
    ids = [e.id for e in spec.all_entries()]
    assert len(ids) == len(set(ids))
    by_heading = spec.by_heading()
    cnt = by_heading["CNT"]
    assert cnt.subentries[0].id == "cnt--entry-into-the-government"
    assert cnt.subentries[0].parent == "cnt"
    assert by_heading["García Oliver, Juan"].id == "garcia-oliver-juan"
    assert by_heading["García Oliver, Juan"].sort_key == "Garcia Oliver"
    # Without forms, the heading is the form; a see entry has none.
    assert [f.text for f in by_heading["Popular Front"].forms] == \
        ["Popular Front"]
    assert by_heading["National Confederation of Labour"].forms == ()
    assert by_heading["National Confederation of Labour"].see == ("CNT",)
    assert by_heading["Malatesta, Errico"].notes is False
    assert [f.text for f in spec.ignore] == ["El Amigo del Pueblo"]


def test_regex_and_plain_forms_are_told_apart():
    spec = parse_index("entries:\n"
                       "  - heading: Kronstadt\n"
                       "    forms: [Kronstadt, 're:Kron?stadt']\n", "ix.yaml")
    plain, regex = spec.entries[0].forms
    assert not plain.regex and regex.regex
    assert regex.pattern.pattern == "Kron?stadt"
    assert (plain.line, regex.line) == (3, 3)


def test_ids_stay_unique_when_headings_slug_alike():
    spec = parse_index("entries:\n"
                       "  - heading: Marx\n"
                       "  - heading: MARX!\n"
                       "  - heading: Engels\n"
                       "    id: fe\n", "ix.yaml")
    assert [e.id for e in spec.entries] == ["marx", "marx-2", "fe"]


def test_ids_are_xml_names():
    spec = parse_index("entries:\n  - heading: 1848 revolutions\n"
                       "    forms: ['1848']\n", "ix.yaml")
    assert spec.entries[0].id == "entry-1848-revolutions"
    found = problems("entries:\n  - heading: X\n    id: 9x\n"
                     "  - heading: Y\n    id: Y Y\n")
    assert found[0].startswith("ix.yaml:3:") and "starting with a letter" \
        in found[0]
    assert found[1].startswith("ix.yaml:5:") and "'y-y'" in found[1]


def test_every_problem_is_reported_with_its_line_at_once():
    text = (
        "entries:\n"                                   # 1
        "  - heading: Bakunin\n"                       # 2
        "    forms: [Bakunin, 're:Baku(nin']\n"        # 3  bad regex
        "    sees: [Marx]\n"                           # 4  unknown key
        "  - heading: Marx\n"                          # 5
        "    notes: maybe\n"                           # 6  wrong type
        "    heading: Karl Marx\n"                     # 7  duplicate key
        "  - forms: [Engels]\n"                        # 8  no heading
        "  - heading: Lenin\n"                         # 9
        "    subentries:\n"                            # 10
        "      - heading: in 1917\n"                   # 11
        "        subentries: []\n"                     # 12 too deep
        "  - heading: Commune\n"                       # 13
        "    forms: ['re:x*']\n"                       # 14 matches empty
        "    see: [Paris Commune]\n"                   # 15 see + forms
    )
    found = problems(text)
    expected = [
        ("ix.yaml:3:", "bad regular expression"),
        ("ix.yaml:4:", "unknown key 'sees'"),
        ("ix.yaml:4:", "did you mean 'see'"),
        ("ix.yaml:6:", "notes must be true or false"),
        ("ix.yaml:7:", "duplicate key 'heading'"),
        ("ix.yaml:8:", "has no heading"),
        ("ix.yaml:12:", "two levels"),
        ("ix.yaml:14:", "matches the empty string"),
        ("ix.yaml:15:", "both `see` and `forms`"),
    ]
    for where, what in expected:
        assert any(p.startswith(where) and what in p for p in found), \
            (where, what, found)
    assert len(found) == 8


def test_wrong_types_are_named():
    found = problems("entries:\n"
                     "  - heading: [a, b]\n"
                     "  - heading: X\n"
                     "    forms: {a: 1}\n"
                     "  - heading: Y\n"
                     "    see_also: []\n"
                     "  - heading: Z\n"
                     "    sort: ''\n"
                     "  - heading: Z\n")
    assert found[0].startswith("ix.yaml:2:") and "heading must be a text" \
        in found[0]
    assert found[1].startswith("ix.yaml:4:") and "text or a list" in found[1]
    assert found[2].startswith("ix.yaml:6:") and "empty list" in found[2]
    assert found[3].startswith("ix.yaml:8:") and "sort is empty" in found[3]
    assert found[4].startswith("ix.yaml:9:") and "repeated" in found[4]


def test_a_bare_string_entry_gets_a_hint():
    found = problems("entries:\n  - Cuba\n")
    assert found[0].startswith("ix.yaml:2:")
    assert "write `- heading: Cuba`" in found[0]


def test_top_level_problems():
    assert "ix.yaml:1:" in problems("- heading: a\n")[0]
    assert "no `entries:`" in problems("ignore: [x]\n")[0]
    assert "unknown key 'entry'" in problems("entry: []\nentries: []\n")[0]
    assert "empty" in problems("")[0]
    assert "duplicate key 'entries'" in problems("entries: []\n"
                                                 "entries: []\n")[0]


def test_yaml_syntax_error_is_located():
    msg = problems("entries:\n  - heading: a\n    forms: [b\n  - heading: c\n")
    assert msg[0].startswith("ix.yaml:") and "invalid YAML" in msg[0]


def test_forms_need_words_and_no_repeats():
    found = problems("entries:\n"
                     "  - heading: A\n"
                     "    forms: ['...', A, A]\n")
    assert any("no letter or digit" in p for p in found)
    assert any("listed twice" in p for p in found)


def test_missing_file(tmp_path):
    with pytest.raises(ManifestError, match="not found"):
        load_index(tmp_path / "index.yaml")


def test_empty_entries_list_is_valid():
    assert parse_index("entries: []\n", "ix.yaml").entries == ()


@pytest.mark.slow
def test_book_index_file_loads():
    spec = load_index(Path(__file__).parent.parent / "book" / "index.yaml")
    headings = {e.heading for e in spec.entries}
    assert {"Paris Commune", "Kronstadt", "Bolsheviks", "soviets",
            "dictatorship of the proletariat"} <= headings


def test_aliases_refused_like_the_manifest():
    """An index file is YAML from a user too: anchors and aliases (which can
    expand enormously) are refused with their line."""
    import pytest

    from pamphleteer.errors import ManifestError
    from pamphleteer.index import parse_index

    text = ("entries:\n  - heading: Bakunin\n    forms: &f [Bakunin]\n"
            "  - heading: Marx\n    forms: *f\n")
    with pytest.raises(ManifestError) as err:
        parse_index(text, "i.yaml")
    # Located at the anchored value (an alias is the same node).
    assert "i.yaml:3: YAML anchors and aliases" in str(err.value)
