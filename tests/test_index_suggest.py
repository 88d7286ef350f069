"""Suggesting index entries from texts the suggester was not tuned on."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pamphleteer.index import (check, load_index, mark_document, parse_index,
                               suggest)
from pamphleteer.index.suggest import candidates
from pamphleteer.markdown_io import read_markdown
from pamphleteer.model import Document, Metadata, Paragraph, Text

FIXTURES = Path(__file__).parent / "fixtures" / "index"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {name: read_markdown(
        (FIXTURES / f"{name}-essay.md").read_text("utf-8"), source=name)
        for name in ("barcelona", "kronstadt")}


def entries_of(text: str) -> dict[str, list[str]]:
    data = yaml.safe_load(text)
    return {e["heading"]: e["forms"] for e in data["entries"]}


@pytest.mark.slow
def test_names_people_and_organisations_are_found_and_grouped(docs):
    found = entries_of(suggest(docs))
    # Full name and bare surname grouped, heading inverted.
    assert sorted(found["Durruti, Buenaventura"]) == ["Buenaventura Durruti",
                                                      "Durruti"]
    assert sorted(found["Berkman, Alexander"]) == ["Alexander Berkman",
                                                   "Berkman"]
    assert sorted(found["Malatesta, Errico"]) == ["Errico Malatesta",
                                                  "Malatesta"]
    # A name with "of" inside stays one name, apart from the surname.
    assert found["Friends of Durruti"] == ["Friends of Durruti"]
    for name in ("CNT", "Kronstadt", "Popular Front", "Trotsky", "Lenin",
                 "Bolsheviks", "Barcelona"):
        assert name in found, name
    # A concept in lower case, its plural grouped.
    assert "soviets" in found


def test_sentence_initial_common_words_and_stopwords_are_skipped(docs):
    found = entries_of(suggest(docs, limit=500))
    words = {w for forms in found.values() for f in forms for w in f.split()}
    for common in ("However", "Some", "The", "When", "Others", "Either",
                   "Both", "Yet", "In", "By", "March", "May"):
        assert common not in words, common


def test_ranking_by_occurrences_and_chapters():
    para = lambda s: Paragraph((Text(s),))  # noqa: E731
    a = Document(Metadata(), (para("Kropotkin met Lenin. Lenin spoke "
                                   "first, and Lenin spoke last."),))
    b = Document(Metadata(), (para("Kropotkin wrote to Lenin again."),
                              para("Then Kropotkin left.")))
    ranked = [c.heading for c in candidates({"a": a, "b": b})]
    # Lenin: 4 times in 2 chapters; Kropotkin: 3 times in 2 chapters.
    assert ranked[:2] == ["Lenin", "Kropotkin"]
    cands = {c.heading: c for c in candidates({"a": a, "b": b})}
    assert cands["Lenin"].score == 8 and cands["Kropotkin"].score == 6


def test_existing_entries_are_left_out(docs):
    spec = load_index(FIXTURES / "barcelona-index.yaml")
    found = entries_of(suggest(docs, existing=spec))
    assert "CNT" not in found and "Durruti, Buenaventura" not in found
    assert "Malatesta, Errico" not in found and "Popular Front" not in found
    assert "Kronstadt" in found


def test_limit_and_header(docs):
    text = suggest(docs, limit=3)
    assert len(entries_of(text)) == 3
    assert text.startswith("# Index entries suggested from 2 chapters: 3 of")


def test_output_is_a_valid_index_whose_entries_all_match(docs, tmp_path):
    text = suggest(docs, limit=100)
    path = tmp_path / "index.yaml"
    path.write_text(text, encoding="utf-8")
    spec = load_index(path)
    occs = []
    for cid, d in docs.items():
        occs.extend(mark_document(d, spec, cid)[1])
    assert [w for w in check(spec, occs) if w[0] == "IDX001"] == []


def test_empty_book_gives_an_empty_valid_index():
    text = suggest({"a": Document(Metadata(), ())})
    assert parse_index(text, "s.yaml").entries == ()


# A vocabulary of names, common words, possessives and punctuation.
VOCAB = ["Kropotkin", "Kropotkin's", "Peter", "Lenin", "The", "the", "However",
         "Paris", "Commune", "commune", "of", "Friends", "Durruti", "soviets",
         "soviet", "syndicalism", "syndicalists", "direct", "action", ".",
         ",", "“", "”", "(", ")", ":", "—", "May", "CNT", "é", "Ávila", "x1"]


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VOCAB), max_size=40), max_size=6),
       st.integers(min_value=0, max_value=20))
def test_suggest_never_crashes_and_always_gives_a_valid_index(paras, limit):
    docs = {f"c{i % 2}": Document(Metadata(), ()) for i in range(2)}
    for i, words in enumerate(paras):
        cid = f"c{i % 2}"
        docs[cid] = Document(Metadata(), docs[cid].blocks + (
            Paragraph((Text(" ".join(words)),)),))
    text = suggest(docs, limit=limit)
    spec = parse_index(text, "s.yaml")
    assert len(spec.entries) <= limit
    occs = [o for cid, d in docs.items()
            for o in mark_document(d, spec, cid)[1]]
    assert [w for w in check(spec, occs) if w[0] == "IDX001"] == []
