"""The bibliography on the seeds' real citations.

Seed 000's bracketed citations come from the raw file; the notes of seeds
001 and 004 are copied into tests/fixtures/bibliography (the cleaners that
extract them are tested elsewhere).  Every Ibid., Op. Cit. and short form
must resolve to the right work; works cited in several chapters appear
once; no entry is a fragment or a duplicate.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from pamphleteer.bibliography import (ChapterInput, build_bibliography,
                                      citations_json, csl_json, load_works)
from pamphleteer.bibliography.names import name_keys
from pamphleteer.bibliography.works import norm_title
from pamphleteer.model import (Citation, CiteItem, Document, Metadata,
                               Paragraph, Text, block_text, inline_text,
                               walk_blocks, walk_inlines)

pytestmark = pytest.mark.slow  # every test here takes seconds

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location(
    "bib_docs", HERE / "fixtures" / "bibliography" / "docs.py")
docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(docs)

WORKS = load_works(HERE.parent / "book" / "works.json")

INTRO = Document(Metadata(), (
    Paragraph((Text("Dolgoff's collection "),
               Citation((CiteItem("@bakunin-on-anarchy, p. 5", "", "p. 5",
                                  work="bakunin-on-anarchy"),),
                        "@bakunin-on-anarchy, p. 5"),
               Text(" and Blackledge's article "),
               Citation((CiteItem("@blackledge-marxism-anarchism", "",
                                  work="blackledge-marxism-anarchism"),
                         CiteItem("@no-such-work", "", work="no-such-work")),
                        "@blackledge-marxism-anarchism; @no-such-work"))),))


def chapters():
    """The three cited seeds, their sources, and an introduction."""
    return [
        ChapterInput("introduction", INTRO, None),
        ChapterInput("bakunins-critique",
                     docs.bracketed_document(docs.seed_text("000")),
                     {"id": "faq-h11", "title": "What was Bakunin's "
                      "critique of Marxism?"}),
        ChapterInput("detailed-reply", docs.notes_document(
            docs.read_notes("seed001_notes.tsv")),
            {"id": "vdwalt-detailed-reply", "title": "Detailed reply to "
             "International Socialism"}),
        ChapterInput("kropotkin-met-lenin", docs.notes_document(
            docs.read_notes("seed004_notes.tsv")),
            # No id: it must merge with the works file's entry by its facts.
            {"type": "article-journal", "title": "When Kropotkin met Lenin",
             "author": [{"family": "Kinna", "given": "Ruth"}],
             "issued": {"date-parts": [[2017]]}}),
    ]


@pytest.fixture(scope="module")
def bib():
    return build_bibliography(chapters(), WORKS)


def _occ(bib, chapter, note):
    return [o for o in bib.occurrences
            if o.chapter == chapter and o.note == note]


def _work_of(bib, chapter, note, raw_start):
    """The work of the occurrence in ``note`` whose text starts so."""
    hits = [o for o in _occ(bib, chapter, note) if o.raw.startswith(raw_start)]
    assert hits, f"no citation {raw_start!r} in {chapter} note {note}"
    return hits[0].work


# Seed 001: each note's Ibid./short forms, in order, and the work they
# must reach: a works-file id, or (note, start of the full citation).
EXPECTED_001 = {
    "7": ["blackledge-marxism-anarchism"],
    "8": ["zeilig-contesting"],
    "21": [("19", "Lucien van der Walt and Steven J. Hirsch")],
    "24": [("23", "Juan Carlos Mechoso")],
    "29": ["blackledge-marxism-anarchism"],
    "31": ["birchall-another-side"],
    "33": ["birchall-another-side"],
    "37": ["blackledge-marxism-anarchism"],
    "38": ["blackledge-marxism-anarchism"],
    "39": ["blackledge-marxism-anarchism", "zeilig-contesting"],
    "40": ["blackledge-marxism-anarchism"],
    "41": [("9", "Mikhail Bakunin")],
    "43": [("42", "Mikhail Bakunin")],
    "46": [("36", "Wayne Thorpe")],
    "48": ["blackledge-marxism-anarchism"],
    "52": [("51", "Juan Gómez Casas")],
    "53": [("51", "Juan Gómez Casas")],
    "57": [("46", "The Friends of Durruti")],
    "60": [("46", "The Friends of Durruti")],
    "61": ["blackledge-marxism-anarchism"],
    "62": ["blackledge-marxism-anarchism"],
    "63": [("61", "Mikhail Bakunin")],
    "64": ["black-flame"],
    "65": [("64", "Friedrich Engels")],
    "66": [("46", "The Friends of Durruti")],
    "70": ["blackledge-marxism-anarchism"],
    "71": [("46", "R. Rocker")],
    "72": [("46", "A. Berkman"), ("46", "E. C. Ford")],
    "73": [("46", "R. Rocker")],
    "77": [("9", "Mikhail Bakunin")],
}

EXPECTED_004 = {
    "3": [("1", "Maurice Brinton")],
    "4": [("1", "Maurice Brinton")],
    "8": [("5", "P.A. Kropotkin")],
    "10": [("9", "Emma Goldman")],
    "11": [("9", "Emma Goldman")],
    "12": [("9", "Emma Goldman")],
    "13": [("9", "Emma Goldman")],
    "14": [("5", "P.A. Kropotkin")],
    "17": [("5", "P.A. Kropotkin")],
}


@pytest.mark.parametrize("chapter,expected", [
    ("detailed-reply", EXPECTED_001), ("kropotkin-met-lenin", EXPECTED_004)])
def test_every_ibid_and_short_form_resolves_to_the_right_work(bib, chapter,
                                                             expected):
    for note, wanted in expected.items():
        got = [o.work for o in _occ(bib, chapter, note)
               if o.method != "full"]
        want = [w if isinstance(w, str) else _work_of(bib, chapter, *w)
                for w in wanted]
        assert got == want, f"{chapter} note {note}"


def test_every_note_ibid_and_short_form_is_checked(bib):
    """No Ibid. or short form of the notes escapes the expectations."""
    for chapter, expected in (("detailed-reply", EXPECTED_001),
                              ("kropotkin-met-lenin", EXPECTED_004)):
        notes = {o.note for o in bib.occurrences
                 if o.chapter == chapter and o.method != "full"
                 and o.work is not None}
        assert notes <= set(expected), notes - set(expected)


def test_seed_000_op_cit_follows_the_last_work_cited(bib):
    items = [o for o in bib.occurrences if o.chapter == "bakunins-critique"]
    assert len(items) == 46
    for before, item in zip(items, items[1:]):
        if item.method == "op-cit":
            assert item.work == before.work and item.work
    op_cits = [o.work for o in items if o.method == "op-cit"]
    assert op_cits == [
        "bakunin-on-anarchism", "political-philosophy-of-bakunin",
        "marx-engels-reader", "political-philosophy-of-bakunin",
        "bakunin-selected-writings", "bakunin-selected-writings",
        "bakunin-selected-writings", "bakunin-selected-writings",
        "bakunin-selected-writings"]


def test_seed_000_short_titles_find_the_works_file(bib):
    items = [o for o in bib.occurrences if o.chapter == "bakunins-critique"]
    by_raw = {o.raw: o.work for o in items}
    assert by_raw["Marx and Engels Reader, p. 728"] == "marx-engels-reader"
    assert by_raw["Marx, Engels, Lenin, Anarchism and Anarcho-Syndicalism, "
                  "p. 85"] == "anarchism-and-anarcho-syndicalism"
    assert by_raw["C. Schorske, German Social Democracy, p. 38"] == \
        "schorske-german-social-democracy"
    unresolved = [o.raw for o in items if o.work is None]
    assert unresolved == []
    # A misremembered title ("Selected Writings" for their *Selected
    # Works*): the named authors' one close title, taken with a doubt that
    # is reported, never silently.
    [slip] = [o for o in items
              if o.raw == "Marx and Engels, Selected Writings, p. 290"]
    assert slip.work == "marx-engels-selected-works" and slip.doubt
    assert any(p.code == "CITE004" and "Selected Writings" in p.message
               and p.location == "bakunins-critique" for p in bib.problems)


def test_introduction_ids_are_checked_against_the_works_file(bib):
    intro = [o for o in bib.occurrences if o.chapter == "introduction"]
    assert [(o.work, o.method) for o in intro] == [
        ("bakunin-on-anarchy", "works-file"),
        ("blackledge-marxism-anarchism", "works-file"),
        (None, "works-file")]
    assert any("no-such-work" in p.message for p in bib.problems)


def test_works_cited_in_several_chapters_appear_once(bib):
    entries = {e.id: e for e in bib.entries}
    chapters_of = {e.id: {c for c, _ in e.cited_in} for e in bib.entries}
    assert chapters_of["blackledge-marxism-anarchism"] == {
        "introduction", "detailed-reply"}
    assert chapters_of["political-philosophy-of-bakunin"] == {
        "bakunins-critique", "detailed-reply"}
    # Chapters of collections that seed 000 cites as books link to them.
    for book in ("no-gods-no-masters", "marxism-freedom-and-the-state",
                 "bakunin-on-anarchy"):
        assert {"bakunins-critique", "detailed-reply"} & chapters_of[book]
        assert any(e.container == book for e in bib.entries)
    # The texts themselves are entries, once.
    assert ("kropotkin-met-lenin", "") in entries[
        "kinna-kropotkin-lenin"].cited_in
    assert ("bakunins-critique", "") in entries["faq-h11"].cited_in
    assert any(m.work == "kinna-kropotkin-lenin" for m in bib.merges)


def test_no_duplicate_or_fragment_entries(bib):
    keys = Counter()
    for e in bib.entries:
        csl = e.csl
        assert csl.get("title"), e.id
        assert len(norm_title(csl["title"])) > 2, e.id
        assert not csl["title"].startswith(("p.", "pp.", "Ibid", "Op."))
        assert csl.get("author") or csl.get("editor") or csl.get("URL") \
            or csl.get("container-title"), e.id
        assert e.formatted and inline_text(e.formatted).endswith("."), e.id
        creators = name_keys((csl.get("author") or csl.get("editor") or []))
        year = (csl.get("issued") or {}).get("date-parts", [[None]])[0][0]
        keys[(norm_title(csl["title"]), creators, year,
              csl.get("container-title"))] += 1
    assert [k for k, n in keys.items() if n > 1] == []
    ids = [e.id for e in bib.entries]
    assert len(ids) == len(set(ids))
    assert [e.sort_key for e in bib.entries] == sorted(
        e.sort_key for e in bib.entries)


def test_doubtful_merge_is_reported(bib):
    """Seed 001 dates Zeilig's article 2009 once and 2010 twice."""
    doubtful = [m for m in bib.merges if m.doubt]
    assert [m.work for m in doubtful] == ["zeilig-contesting"]
    assert any(p.code == "CITE010" and p.location == "detailed-reply note 6"
               for p in bib.problems)


def test_notes_keep_their_wording_and_get_citations(bib):
    originals = {c.id: c.document for c in chapters()}
    for chapter, doc in bib.documents.items():
        before = originals[chapter]
        assert [block_text(b) for n in before.notes for b in n.blocks] == \
            [block_text(b) for n in doc.notes for b in n.blocks]
        assert [block_text(b) for b in before.blocks] == \
            [block_text(b) for b in doc.blocks]
    reply = bib.documents["detailed-reply"]
    note38 = next(n for n in reply.notes if n.label == "38")
    cits = [i for i in note38.blocks[0].children if isinstance(i, Citation)]
    assert [c.raw for c in cits] == ["Ibid., pp. 133-134"]
    assert not cits[0].bracketed
    assert cits[0].items[0].work == "blackledge-marxism-anarchism"
    # Discussion stays text.
    note18 = next(n for n in reply.notes if n.label == "18")
    tail = note18.blocks[0].children[-1]
    assert isinstance(tail, Text) and "unusual spelling" in tail.text


def test_emphasis_is_kept_inside_note_citations(bib):
    doc = bib.documents["kropotkin-met-lenin"]
    note11 = next(n for n in doc.notes if n.label == "11")
    cit = note11.blocks[0].children[0]
    assert isinstance(cit, Citation) and cit.raw == "Ibid., p. 770."
    assert inline_text(cit.children) == cit.raw
    assert cit.children[0].__class__.__name__ == "Emph"


def test_anchor_ids_are_unique_and_back_links_resolve(bib):
    anchors = []
    for doc in bib.documents.values():
        blocks = list(doc.blocks) + [b for n in doc.notes for b in n.blocks]
        for block in walk_blocks(tuple(blocks)):
            for node in walk_inlines(getattr(block, "children", ())):
                if isinstance(node, Citation):
                    anchors.append(node.id)
    assert len(anchors) == len(set(anchors)) and all(anchors)
    for e in bib.entries:
        for chapter, anchor in e.cited_in:
            assert anchor == "" or anchor in anchors
            assert anchor == "" or anchor.startswith(chapter + "-cite-")


def test_exports(bib):
    items = csl_json(bib)
    assert all(i["id"] and i["title"] for i in items)
    assert {i["id"] for i in items} >= {o.work for o in bib.occurrences
                                        if o.work}
    rows = citations_json(bib)
    assert len(rows) == len(bib.occurrences)
    assert set(rows[0]) == {"chapter", "note", "raw", "work", "locator",
                            "method"}
    assert {r["method"] for r in rows} <= {"full", "ibid", "op-cit",
                                           "short-form", "works-file"}
    assert rows[-1]["note"] is not None and rows[0]["note"] is None


def test_share_resolved_on_the_seeds(bib):
    """Measured: 178 of 180 items resolve; the two left (an unknown short
    title in seed 000, a deliberately unknown id in the introduction) are
    reported."""
    resolved = sum(1 for o in bib.occurrences if o.work)
    total = len(bib.occurrences)
    assert resolved / total >= 0.98, (resolved, total)


def _render(inlines) -> str:
    """Entry inlines as text with *emphasis*."""
    from pamphleteer.model import Emph
    return "".join("*" + inline_text(i.children) + "*" if isinstance(i, Emph)
                   else inline_text((i,)) for i in inlines)


def test_formatted_bibliography_matches_golden(bib, request):
    """The whole formatted bibliography of the seeds, one entry a line
    (``--update-goldens`` rewrites it; review the diff)."""
    golden = HERE / "fixtures" / "bibliography" / "seeds_bibliography.golden"
    text = "".join(f"{e.id}\t{_render(e.formatted)}\n" for e in bib.entries)
    if request.config.getoption("--update-goldens"):
        golden.write_text(text, encoding="utf-8")
    assert text.splitlines() == golden.read_text(
        encoding="utf-8").splitlines()


def _typographic_bibliography():
    """The seeds' notes as the book prints them: after typography (curly
    quotes and apostrophes, dashes), as the readers leave them."""
    from pamphleteer.text import typography

    chs = []
    for c in chapters():
        if c.id in ("detailed-reply", "kropotkin-met-lenin"):
            name = {"detailed-reply": "seed001_notes.tsv",
                    "kropotkin-met-lenin": "seed004_notes.tsv"}[c.id]
            rows = [(label, typography(text)[0])
                    for label, text in docs.read_notes(name)]
            c = ChapterInput(c.id, docs.notes_document(rows), c.source_work)
        chs.append(c)
    return build_bibliography(chs, WORKS)


@pytest.mark.parametrize("typographic", [False, True])
def test_no_entry_merges_two_works(bib, typographic):
    """Every entry has one set of creators and one title: no locator, year
    or second citation runs into a title or a name ("p. 65V. Richards"),
    with straight quotes or curly."""
    import re

    if typographic:
        bib = _typographic_bibliography()
    for e in bib.entries:
        title = e.csl.get("title", "")
        assert title and not re.search(r"\bpp?\.\s*\d|\d[A-Z]\.\s", title), e
        assert title.count("“") <= 1 and title.count('"') <= 2, e
        assert not re.search(r"\(\w[^()]*:\s[^()]*\d{4}\)", title), e
        for role in ("author", "editor", "translator"):
            for name in e.csl.get(role) or ():
                text = " ".join(str(v) for k, v in name.items()
                                if k in ("family", "given", "literal"))
                assert not re.search(r"\d", text), (e.id, name)
                assert len(text.split()) <= 8, (e.id, name)
                if "literal" not in name:
                    assert name.get("family", "")[:1].isupper() or \
                        name.get("family", "").split()[0] in (
                            "van", "von", "de", "der", "del", "la", "le",
                            "du", "di", "da"), (e.id, name)


def test_names_in_the_right_order(bib):
    """East Asian names stay as written; Spanish double family names and
    particles are kept whole."""
    printed = {e.id: _render(e.formatted) for e in bib.entries}
    text = "\n".join(printed.values())
    assert "Shin Chae-ho." in text and "Chae-ho, Shin" not in text
    assert "Gómez Casas, Juan" in text and "Casas, Juan Gómez" not in text
    assert "Romero Maura, J." in text and "Maura, J. Romero" not in text
    assert "Kubo Yuzuru." in text
    # One person, one name form across entries.
    assert "Anderson, B." not in text and "Anderson, Benedict. “Preface" \
        in text
