"""Properties: the bibliography never crashes on arbitrary note text, keeps
every character of a note, and gives unique anchors."""

from __future__ import annotations

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamphleteer.bibliography import ChapterInput, build_bibliography
from pamphleteer.bibliography.parse import find_citations
from pamphleteer.model import (Citation, Document, Emph, Metadata, Note,
                               NoteRef, Paragraph, Text, block_text)

# Fragments of real citations, mixed with arbitrary text, reach the parser's
# corners faster than random characters alone.
PIECES = st.sampled_from([
    "Ibid.", "Ibid., p. 3", "Op. Cit., p. 4", "; ", ", ", ". ", "(", ")",
    "[", "]", '"', "“", "”", "'", "p. ", "pp. 12-14", "n.d.", "[1870] 1971",
    "London: Verso, 2006", "ed. ", "trans. ", "in ", "See ", "Quoted in ",
    "Paul Blackledge", "Blackledge, ", '"Marxism and Anarchism," ',
    "International Socialism, no. 125 (2010)", "Miller", "http://x.org/a",
    "accessed 3 March 2012", "The Friends of Durruti, ", "van der Walt",
])
NOTE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=14) \
    .map("".join)


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(NOTE_TEXT)
def test_find_citations_never_crashes_and_stays_in_bounds(text):
    last = 0
    for c in find_citations(text):
        assert last <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.raw
        last = c.end


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(NOTE_TEXT, st.booleans()), min_size=1,
                max_size=5))
def test_build_never_crashes_and_keeps_every_character(notes):
    blocks, note_objs = [], []
    for i, (text, emph) in enumerate(notes, 1):
        label = str(i)
        blocks.append(Paragraph((Text("Body "), NoteRef(label))))
        half = len(text) // 2
        children = (Text(text[:half]), Emph((Text(text[half:]),))) if emph \
            else (Text(text),)
        note_objs.append(Note(label, (Paragraph(children),)))
    doc = Document(Metadata(), tuple(blocks), tuple(note_objs))
    bib = build_bibliography([ChapterInput("c", doc)], [])
    out = bib.documents["c"]
    for before, after in zip(doc.notes, out.notes):
        assert block_text(before.blocks[0]) == block_text(after.blocks[0])
    anchors = [n.id for note in out.notes for n in note.blocks[0].children
               if isinstance(n, Citation)]
    assert len(anchors) == len(set(anchors))
    assert len(bib.occurrences) == len(anchors)


def test_reading_the_result_again_changes_nothing():
    """Idempotent: the documents a build returns build to themselves."""
    import importlib.util
    from pathlib import Path
    from pamphleteer.bibliography import load_works
    fix = Path(__file__).parent / "fixtures" / "bibliography"
    spec = importlib.util.spec_from_file_location("bib_docs", fix / "docs.py")
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    works = load_works(fix.parents[2] / "book" / "works.json")
    chapters = [
        ChapterInput("a", docs.notes_document(docs.read_notes(
            "seed004_notes.tsv"))),
        ChapterInput("b", docs.bracketed_document(docs.seed_text("000")))]
    first = build_bibliography(chapters, works)
    again = build_bibliography([ChapterInput(c.id, first.documents[c.id])
                                for c in chapters], works)
    assert again.documents == first.documents
    assert again.occurrences == first.occurrences
    assert again.entries == first.entries


@pytest.mark.slow
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(PIECES, st.text(max_size=30)),
                          st.sampled_from(["", "p. 3", "pp. 4-5"]),
                          st.booleans(), st.booleans(),
                          st.sampled_from([None, "faq-h11", "nope"])),
                min_size=1, max_size=6))
def test_bracketed_items_never_crash_and_each_is_an_occurrence(items):
    from pamphleteer.model import CiteItem
    cits = tuple(Citation((CiteItem(raw=t + " " + loc, title=t, locator=loc,
                                    op_cit=op, ibid=ib, work=w),), t)
                 for t, loc, op, ib, w in items)
    doc = Document(Metadata(), (Paragraph(cits),))
    works = [{"id": "faq-h11", "title": "What was Bakunin's critique?"}]
    bib = build_bibliography([ChapterInput("c", doc)], works)
    assert len(bib.occurrences) == len(items)
    ids = [n.id for n in bib.documents["c"].blocks[0].children]
    assert ids == [f"c-cite-{i}" for i in range(1, len(items) + 1)]
