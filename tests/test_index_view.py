"""The index view: letter groups, sorting, page ranges, passage labels."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from pamphleteer.index import (Occurrence, build_view, load_index,
                               mark_document, parse_index, sort_key)
from pamphleteer.markdown_io import read_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "index"

SPEC = parse_index("""
entries:
  - heading: The Hague
    forms: [The Hague]
  - heading: Ávila
  - heading: anarchism
  - heading: Bakunin, Mikhail
    forms: [Bakunin]
    see_also: [First International, Nowhere]
    subentries:
      - heading: on the state
        forms: ["re:Bakunin on the state"]
      - heading: critique of Marx
        forms: ["re:Bakunin's critique"]
  - heading: First International
  - heading: IWMA
    see: [First International]
  - heading: 1848 revolutions
    forms: ["1848"]
  - heading: Zapata
  - heading: Baku
  - heading: azure
""", "v.yaml")


def occ(entry: str, n: int, chapter: str = "a", block: int = 0,
        in_note: bool = False) -> Occurrence:
    return Occurrence(entry, f"{chapter}-ix-{n}", chapter, in_note, "",
                      block or n)


def test_sort_keys_ignore_case_accents_articles_and_punctuation():
    assert sort_key("The Hague") == "hague"
    assert sort_key("Ávila") == "avila"
    assert sort_key("Bonch-Bruevich, Vladimir") == "bonch bruevich\x00vladimir"
    # An inverted name before longer headings on the same word.
    names = ["Marxism", "Marx-Engels Reader", "Marx, Karl", "Marx"]
    assert sorted(names, key=sort_key) == ["Marx", "Marx, Karl",
                                           "Marx-Engels Reader", "Marxism"]
    assert sort_key("Theory") == "theory"
    assert sort_key("An Anarchist FAQ") == "anarchist faq"
    # Word by word: "New York" before "Newark".
    assert sort_key("New York") < sort_key("Newark")


def test_letter_groups_and_order():
    occs = [occ(e, i + 1) for i, e in enumerate(
        ["the-hague", "avila", "anarchism", "bakunin-mikhail",
         "first-international", "entry-1848-revolutions", "baku", "azure"])]
    view = build_view(SPEC, occs, pages={o.mark_id: 1 for o in occs})
    assert [g.letter for g in view.groups] == ["#", "A", "B", "F", "H", "I"]
    a = [e.heading for e in view.groups[1].entries]
    assert a == ["anarchism", "Ávila", "azure"]
    b = [e.heading for e in view.groups[2].entries]
    assert b == ["Baku", "Bakunin, Mikhail"]
    # Zapata never matched and has nothing to show: left out.
    assert "Zapata" not in [e.heading for e in view.entries()]
    assert [e.heading for e in view.groups[4].entries] == ["The Hague"]


def test_pages_collapse_into_ranges_each_page_once():
    pages = {"a-ix-1": 12, "a-ix-2": 12, "a-ix-3": 13, "a-ix-4": 14,
             "a-ix-5": 17, "b-ix-1": 19, "b-ix-2": 20, "a-ix-6": 3}
    occs = [occ("bakunin-mikhail", n) for n in range(1, 7)]
    occs += [occ("bakunin-mikhail", n, "b") for n in (1, 2)]
    view = build_view(SPEC, occs, pages=pages)
    entry = next(e for e in view.entries() if e.id == "bakunin-mikhail")
    assert [loc.label for loc in entry.locators] == ["3", "12–14", "17",
                                                     "19–20"]
    first = entry.locators[1]
    assert first.mark_id == "a-ix-1" and first.chapter == "a"
    assert (first.first_page, first.last_page) == (12, 14)
    assert first.marks == ("a-ix-1", "a-ix-2", "a-ix-3", "a-ix-4")
    assert entry.locators[3].mark_id == "b-ix-1"


def test_marks_without_a_page_are_reported_not_dropped_silently():
    occs = [occ("baku", 1), occ("baku", 2)]
    view = build_view(SPEC, occs, pages={"a-ix-1": 4})
    assert view.unplaced == ("a-ix-2",)
    assert [loc.label for loc in next(view.entries()).locators] == ["4"]


def test_note_only_locators_are_flagged():
    occs = [occ("baku", 1, in_note=True), occ("baku", 2),
            occ("baku", 3, in_note=True)]
    view = build_view(SPEC, occs, pages={"a-ix-1": 2, "a-ix-2": 2,
                                         "a-ix-3": 5})
    locs = next(view.entries()).locators
    assert [(loc.label, loc.in_note) for loc in locs] == [("2", False),
                                                          ("5", True)]


def test_passages_are_labelled_per_chapter_without_pages():
    occs = [occ("baku", 1, "kinna", block=3), occ("baku", 2, "kinna", block=3),
            occ("baku", 3, "kinna", block=7), occ("baku", 1, "faq", block=1),
            occ("baku", 4, "kinna", block=9)]
    view = build_view(SPEC, occs, labels={"kinna": "Kinna"})
    locs = next(view.entries()).locators
    # One locator per paragraph; numbering runs within each chapter; a
    # chapter without a label shows its id.
    assert [(loc.label, loc.mark_id) for loc in locs] == [
        ("Kinna 1", "kinna-ix-1"), ("Kinna 2", "kinna-ix-3"),
        ("faq 1", "faq-ix-1"), ("Kinna 3", "kinna-ix-4")]
    assert locs[0].marks == ("kinna-ix-1", "kinna-ix-2")
    per_mark = build_view(SPEC, occs, labels={"kinna": "Kinna"},
                          per_block=False)
    assert len(next(per_mark.entries()).locators) == 5


def test_subentries_and_references():
    occs = [occ("bakunin-mikhail--on-the-state", 1),
            occ("bakunin-mikhail--critique-of-marx", 2),
            occ("first-international", 3)]
    view = build_view(SPEC, occs, pages={"a-ix-1": 9, "a-ix-2": 8,
                                         "a-ix-3": 1})
    bak = next(e for e in view.entries() if e.id == "bakunin-mikhail")
    # Shown for its sub-entries although the bare name never matched.
    assert bak.locators == ()
    assert [s.heading for s in bak.subentries] == ["critique of Marx",
                                                   "on the state"]
    assert bak.subentries[0].locators[0].label == "8"
    assert bak.see_also == ("First International", "Nowhere")
    assert bak.see_also_ids == ("first-international", "")
    iwma = next(e for e in view.entries() if e.id == "iwma")
    assert iwma.see == ("First International",)
    assert iwma.see_ids == ("first-international",)
    assert iwma.locators == ()


def render(view) -> str:
    """The view as plain text, the way the PDF sets it."""
    out = []
    for g in view.groups:
        out.append(g.letter)
        for e in g.entries:
            out.extend(_render_entry(e, ""))
    return "\n".join(out) + "\n"


def _render_entry(e, indent: str) -> list[str]:
    parts = [", ".join(loc.label + ("n" if loc.in_note else "")
                       for loc in e.locators)]
    if e.see:
        parts.append("see " + "; ".join(e.see))
    if e.see_also:
        parts.append("see also " + "; ".join(e.see_also))
    lines = [f"{indent}{e.heading}  " + ". ".join(p for p in parts if p)]
    for s in e.subentries:
        lines.extend(_render_entry(s, indent + "  "))
    return lines


def test_fixture_essay_index_golden(request):
    """The Barcelona essay with two blocks a page: compare to a golden."""
    d = read_markdown((FIXTURES / "barcelona-essay.md").read_text("utf-8"),
                      source="essay.md")
    spec = load_index(FIXTURES / "barcelona-index.yaml")
    _, occs = mark_document(d, spec, "essay")
    pages = {o.mark_id: 1 + (o.block - 1) // 2 for o in occs}
    text = render(build_view(spec, occs, pages=pages))
    text += "\n" + render(build_view(spec, occs,
                                     labels={"essay": "Barcelona"}))
    golden = FIXTURES / "barcelona-view.txt"
    if request.config.getoption("--update-goldens"):
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "\n".join(difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "golden", "now",
            lineterm=""))
        pytest.fail(f"index view differs from {golden.name}:\n{diff}")


def test_headings_are_printed_with_curly_apostrophes():
    spec = parse_index("""
entries:
  - heading: People's Commissars
    see: [Workers' councils]
  - heading: Workers' councils
""", "q.yaml")
    view = build_view(spec, (), pages={}, labels={})
    [entry] = [e for g in view.groups for e in g.entries]
    assert entry.heading == "People’s Commissars"
    assert entry.see == ("Workers’ councils",)
