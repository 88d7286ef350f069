"""Placing index marks: which text matches, where marks go, what is kept."""

from __future__ import annotations

import pytest

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pamphleteer.index import (check, load_index, mark_document, parse_index,
                               strip_marks)
from pamphleteer.markdown_io import read_markdown
from pamphleteer.model import (BlockQuote, Citation, CiteItem, Document, Emph,
                               Heading, IndexMark, Link, Metadata, Note,
                               NoteRef, Paragraph, Text, block_text,
                               inline_text,
                               walk_blocks, walk_inlines)

FIXTURES = Path(__file__).parent / "fixtures" / "index"

SPEC = parse_index("""
ignore: ["re:International Socialis[mt]s?"]
entries:
  - heading: Bakunin, Mikhail
    forms: [Bakunin, Mikhail Bakunin]
  - heading: First International
    forms: [First International, "re:\\\\b[Tt]he International\\\\b"]
  - heading: Paris Commune
    forms: [Paris Commune, Commune]
  - heading: syndicalism
    forms: [syndicalism, syndicalist]
  - heading: Lenin, V. I.
    forms: [Lenin, V.I. Lenin]
    notes: false
  - heading: workers' control
  - heading: Marx-Engels Reader
  - heading: Guérin, Daniel
    forms: [Guérin]
""", "spec.yaml")


def para(*inlines) -> Paragraph:
    return Paragraph(tuple(Text(i) if isinstance(i, str) else i
                           for i in inlines))


def doc(*blocks, notes=()) -> Document:
    return Document(Metadata(), tuple(blocks), tuple(notes))


def matched(text: str, spec=SPEC) -> list[tuple[str, str]]:
    _, occs = mark_document(doc(para(text)), spec, "c")
    return [(o.entry, o.text) for o in occs]


def all_text(d: Document) -> list[str]:
    return ([block_text(b) for b in d.blocks]
            + [block_text(b) for n in d.notes for b in n.blocks])


def marks(d: Document) -> list[IndexMark]:
    blocks = list(walk_blocks(d.blocks))
    blocks += [b for n in d.notes for b in walk_blocks(n.blocks)]
    return [i for b in blocks if isinstance(b, (Paragraph, Heading))
            for i in walk_inlines(b.children) if isinstance(i, IndexMark)]


# --------------------------------------------------------------------------
# What matches
# --------------------------------------------------------------------------

def test_longest_match_wins_and_matches_do_not_overlap():
    assert matched("Mikhail Bakunin spoke.") == [
        ("bakunin-mikhail", "Mikhail Bakunin")]
    assert matched("the First International met") == [
        ("first-international", "First International")]
    assert matched("the Paris Commune fell; the Commune was crushed") == [
        ("paris-commune", "Paris Commune"), ("paris-commune", "Commune")]


def test_ignored_forms_hide_shorter_forms_inside_them():
    assert matched("in the International Socialism journal") == []
    assert matched("the International Socialists and the International") == [
        ("first-international", "the International")]


def test_possessives_match_the_bare_name():
    assert matched("Bakunin's critique and Bakunin’s heirs") == [
        ("bakunin-mikhail", "Bakunin's"), ("bakunin-mikhail", "Bakunin’s")]


def test_whole_words_only():
    assert matched("Bakuninism and syndicalists and Communes") == []
    assert matched("anti-syndicalist") == [("syndicalism", "syndicalist")]


def test_capitalised_forms_are_case_sensitive():
    assert matched("the commune of Paris") == []
    assert matched("BAKUNIN") == []


def test_lowercase_forms_take_a_capital_only_at_a_sentence_start():
    assert matched("Syndicalism grew.") == [("syndicalism", "Syndicalism")]
    assert matched("It grew. “Syndicalism,” he said") == [
        ("syndicalism", "Syndicalism")]
    assert matched("the Syndicalism of Spain") == []
    _, occs = mark_document(doc(Heading(2, (Text("Revolutionary "
                                                  "Syndicalism"),))),
                            SPEC, "c")
    assert [o.text for o in occs] == ["Syndicalism"]


def test_punctuation_variants():
    assert matched("workers’ control and workers' control") == [
        ("workers-control", "workers’ control"),
        ("workers-control", "workers' control")]
    assert matched("the Marx–Engels Reader") == [
        ("marx-engels-reader", "Marx–Engels Reader")]
    assert matched("V. I. Lenin wrote") == [("lenin-v-i", "V. I. Lenin")]
    assert matched("Paris\u00a0Commune") == [("paris-commune",
                                              "Paris\u00a0Commune")]


def test_accents_are_optional_in_the_text():
    assert matched("Daniel Guerin and Daniel Guérin") == [
        ("guerin-daniel", "Guerin"), ("guerin-daniel", "Guérin")]


def test_regex_forms():
    assert matched("The International grew; the International split") == [
        ("first-international", "The International"),
        ("first-international", "the International")]


def test_notes_false_skips_note_text_only():
    d = doc(para("Lenin and Bakunin."),
            notes=(Note("1", (para("Lenin and Bakunin."),)),))
    _, occs = mark_document(d, SPEC, "c")
    assert [(o.entry, o.in_note) for o in occs] == [
        ("lenin-v-i", False), ("bakunin-mikhail", False),
        ("bakunin-mikhail", True)]


def test_citations_links_and_note_calls_are_never_matched_inside():
    cite = Citation((CiteItem("Bakunin on Anarchism, p. 3"),),
                    "Bakunin on Anarchism, p. 3")
    link = Link("https://example.org", (Text("Bakunin"),))
    d = doc(para("See ", cite, " and ", link, " and Bakunin", NoteRef("1"),
                 "."))
    out, occs = mark_document(d, SPEC, "c")
    assert [o.text for o in occs] == ["Bakunin"]
    assert out.blocks[0].children[1] == cite
    assert out.blocks[0].children[3] == link


def test_marks_go_right_before_the_match_inside_emphasis():
    d = doc(para("Read ", Emph((Text("the Paris Commune"),)), " again"))
    out, occs = mark_document(d, SPEC, "ch")
    assert out.blocks[0].children == (
        Text("Read "),
        Emph((Text("the "), IndexMark("paris-commune", "ch-ix-1"),
              Text("Paris Commune"))),
        Text(" again"))
    assert occs[0].mark_id == "ch-ix-1"


def test_ids_are_numbered_in_reading_order_body_then_notes():
    d = doc(para("Bakunin"), BlockQuote((para("Lenin"),)),
            notes=(Note("1", (para("Bakunin"),)),))
    _, occs = mark_document(d, SPEC, "k")
    assert [(o.mark_id, o.block, o.in_note) for o in occs] == [
        ("k-ix-1", 1, False), ("k-ix-2", 2, False), ("k-ix-3", 3, True)]


def test_snippet_shows_the_context():
    text = ("Long before the split, " * 3 + "Bakunin argued that the state "
            "must be destroyed by the workers themselves, at once.")
    _, occs = mark_document(doc(para(text)), SPEC, "c")
    snip = occs[0].snippet
    assert "Bakunin argued" in snip and snip.startswith("…")
    assert len(snip) < 110


def test_marking_twice_is_marking_once_and_strip_restores_the_text():
    d = read_markdown((FIXTURES / "barcelona-essay.md").read_text("utf-8"),
                      source="essay.md")
    spec = load_index(FIXTURES / "barcelona-index.yaml")
    once, occ1 = mark_document(d, spec, "e")
    twice, occ2 = mark_document(once, spec, "e")
    assert once == twice and occ1 == occ2
    assert all_text(strip_marks(once)) == all_text(d)
    assert marks(strip_marks(once)) == []


def test_fixture_essay_marks():
    d = read_markdown((FIXTURES / "barcelona-essay.md").read_text("utf-8"),
                      source="essay.md")
    spec = load_index(FIXTURES / "barcelona-index.yaml")
    out, occs = mark_document(d, spec, "essay")
    by = {}
    for o in occs:
        by.setdefault(o.entry, []).append(o)
    # Malatesta is in the body only; notes: false for him.
    assert [o.text for o in by["malatesta-errico"]] == [
        "Malatesta", "Errico Malatesta's", "Malatesta's"]
    # The sub-entry takes its longer match from the parent.
    assert [o.text for o in by["cnt--entry-into-the-government"]] == [
        "CNT's entry into the government"]
    # "Friends of Durruti" is never also counted as Durruti.
    assert len(by["friends-of-durruti"]) == 3
    assert [o.text for o in by["durruti-buenaventura"]] == [
        "Buenaventura Durruti", "Durruti's", "Durruti"]
    assert by["durruti-buenaventura"][-1].in_note
    # The ignored title in note 2 hides nothing else but is not indexed.
    assert all("Amigo" not in o.text for o in occs)
    assert all_text(out) == all_text(d)
    assert [m.id for m in marks(out)] == [o.mark_id for o in occs]
    codes = sorted(c for c, _, _ in check(spec, occs))
    assert codes == ["IDX001", "IDX001"]  # Zaragoza (note only), Ávila


# --------------------------------------------------------------------------
# check()
# --------------------------------------------------------------------------

def test_check_reports_unmatched_entries_and_dangling_references():
    spec = parse_index("""
entries:
  - heading: Kronstadt
    see_also: [Cronstadt, Lenin]
  - heading: Lenin
  - heading: Makhno
    see: [Makhno]
  - heading: Tcheka
    see: [Cheka]
  - heading: Cheka
""", "ix.yaml")
    _, occs = mark_document(doc(para("Kronstadt and Kronstadt.")), spec, "c")
    found = check(spec, occs)
    assert ("IDX001", "ix.yaml:5") in [(c, loc) for c, _, loc in found]
    assert ("IDX001", "ix.yaml:10") in [(c, loc) for c, _, loc in found]
    messages = [m for c, m, _ in found if c == "IDX002"]
    assert any("'Cronstadt'" in m and "names no entry" in m
               and "did you mean 'Kronstadt'?" in m for m in messages)
    assert any("'Lenin'" in m and "never matches" in m for m in messages)
    assert any("refers to itself" in m for m in messages)
    assert any("'Cheka'" in m and "never matches" in m for m in messages)
    assert len(found) == 6


def test_check_is_quiet_when_all_is_well():
    spec = parse_index("entries:\n  - heading: Kronstadt\n"
                       "  - heading: Cronstadt\n    see: [Kronstadt]\n",
                       "ix.yaml")
    _, occs = mark_document(doc(para("Kronstadt")), spec, "c")
    assert check(spec, occs) == []


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

WORDS = ["Bakunin", "Bakunin's", "Mikhail", "the", "The", "International",
         "First", "Paris", "Commune", "syndicalism", "Syndicalism", "Lenin",
         "V.I.", "workers'", "control", "and", ".", ",", "“", "”", "Marx-",
         "Engels", "Reader", "Guérin", "Socialism", "\u00a0", "\n", "x"]

text_st = st.lists(st.sampled_from(WORDS), max_size=25).map(
    lambda ws: " ".join(ws))
inline_st = st.one_of(
    text_st.map(Text),
    text_st.map(lambda t: Emph((Text(t),))),
    st.just(NoteRef("1")),
    text_st.map(lambda t: Link("https://example.org", (Text(t),))),
)
para_st = st.lists(inline_st, max_size=6).map(lambda xs: Paragraph(tuple(xs)))
doc_st = st.builds(
    lambda body, notes: Document(Metadata(), tuple(body), tuple(
        Note(str(i + 1), (p,)) for i, p in enumerate(notes))),
    st.lists(st.one_of(para_st, para_st.map(lambda p: BlockQuote((p,)))),
             max_size=5),
    st.lists(para_st, max_size=3))


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(doc_st)
def test_marking_never_changes_the_text_and_ids_are_unique(d):
    out, occs = mark_document(d, SPEC, "ch")
    assert all_text(out) == all_text(d)
    ids = [m.id for m in marks(out)]
    assert len(ids) == len(set(ids)) == len(occs)
    assert ids == [o.mark_id for o in occs]
    assert mark_document(out, SPEC, "ch") == (out, occs)
    assert all_text(strip_marks(out)) == all_text(d)
    # Marking never creates an empty Text node.
    assert empty_texts(out) == empty_texts(d)
    # Each mark stands right before the text it marks.
    texts = {o.mark_id: o.text for o in occs}
    for mark_id, after in text_after_marks(out):
        assert after.startswith(texts[mark_id]), (mark_id, after)


def text_after_marks(d: Document) -> list[tuple[str, str]]:
    """(mark id, the block's plain text from the mark on) for every mark."""
    blocks = list(walk_blocks(d.blocks))
    blocks += [b for n in d.notes for b in walk_blocks(n.blocks)]
    out = []
    for b in blocks:
        if not isinstance(b, (Paragraph, Heading)):
            continue
        text = block_text(b)
        pos: list[tuple[str, int]] = []
        _positions(b.children, pos, [0])
        out.extend((mid, text[p:]) for mid, p in pos)
    return out


def _positions(inlines, pos, size) -> None:
    for i in inlines:
        if isinstance(i, IndexMark):
            pos.append((i.id, size[0]))
        elif isinstance(i, (Emph, Link)) or hasattr(i, "children"):
            _positions(i.children, pos, size)
        else:
            size[0] += len(inline_text((i,)))


def empty_texts(d: Document) -> int:
    blocks = list(walk_blocks(d.blocks))
    blocks += [b for n in d.notes for b in walk_blocks(n.blocks)]
    return sum(1 for b in blocks if isinstance(b, Paragraph)
               for i in walk_inlines(b.children)
               if isinstance(i, Text) and not i.text)
