"""library-md: seeds 003 and 004 cleaned, options, lacunas, detection."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from pamphleteer.cleaners import REGISTRY, library_md
from pamphleteer.errors import ManifestError
from pamphleteer.model import (Division, Heading, Lacuna, NoteRef, Paragraph,
                               block_text, inline_text, walk_blocks,
                               walk_inlines)

ROOT = Path(__file__).resolve().parents[1]
SEED3 = ROOT / "seeds" / "003_891f92dcb2d1c4e0.txt"
SEED4 = ROOT / "seeds" / "004_659b57149f17aa97.txt"


@lru_cache(maxsize=None)
def cleaned(path: Path, **_: object):
    return library_md.clean(path.read_text("utf-8"), source=path.name, options={})


def body_text(doc) -> str:
    return "\n\n".join(block_text(b) for b in doc.blocks)


def headings(doc) -> list[str]:
    return [inline_text(b.children) for b in walk_blocks(doc.blocks)
            if isinstance(b, Heading)]


def calls(doc) -> list[str]:
    return [n.label for b in walk_blocks(doc.blocks)
            if isinstance(b, (Paragraph, Heading))
            for n in walk_inlines(b.children) if isinstance(n, NoteRef)]


def test_registered_and_importable():
    assert REGISTRY["library-md"].clean.__wrapped__ is library_md.clean
    assert REGISTRY["library-md"].version == "3"


def test_detect_scores_the_family():
    for seed in (SEED3, SEED4):
        assert library_md.detect(seed.read_text("utf-8")) >= 0.8
    for other in ROOT.joinpath("seeds").glob("00[01]_*.txt"):
        assert library_md.detect(other.read_text("utf-8")) < 0.3


# --------------------------------------------------------------------------
# Seed 003: Bakunin, On the Program of the Alliance
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_003_sections_in_contents_order():
    doc = cleaned(SEED3).document
    assert headings(doc) == [
        "Introduction", "Union Bureaucracy", "The Structure of the International",
        "The Structure of the State Contrasted with That of the International"]
    levels = {b.level for b in walk_blocks(doc.blocks) if isinstance(b, Heading)}
    assert levels == {1}


def test_003_split_words_whole_again():
    text = body_text(cleaned(SEED3).document)
    for whole in ("official impositions. If the Church", "not by theoretical reasoning",
                  "based on humanistic principles", "economic oppression are felt",
                  "experience eventually teaches", "this destructive action. Destructive action",
                  "while the remaining millions", "France, Germany, Switzerland, and Belgium"):
        assert whole in text, whole
    assert "imposi-" not in text and "the oretical" not in text


def test_003_pages_joined_where_the_sentence_goes_on():
    text = body_text(cleaned(SEED3).document)
    for join in ("herds of human slaves … rise up at last to throw off their yoke",
                 "that they are actually working for the benefit",
                 "and by a species of fiction characteristic",
                 "always delegated to the Central Committee",
                 "the structure and the internal problems of the International",
                 "in the whole area; that this wider solidarity"):
        assert join in text, join
    # The last page of the text stood before the contents list.
    assert text.rstrip().endswith("will have become an invincible power.")
    intro = text.index("The overall theme")
    assert intro < text.index("Having convinced themselves") < text.index(
        "The rise of modern industry") < text.index("When the International has organized")


def test_003_metadata_and_removals():
    res = cleaned(SEED3)
    meta = res.document.meta
    assert meta.title == "On the Program of the Alliance"
    assert meta.authors == ("Michail Bakunin",)
    assert meta.date == "1871"
    assert meta.source_lines == (
        "Retrieved on February 24th, 2009 from www.marxists.org",
        "Source: Bakunin on Anarchy, translated and edited by Sam Dolhoff, 1971.")
    assert meta.get("library-url") == "http://en.anarchistlibraries.net"
    assert meta.get("retrieved-url") == "http://www.marxists.org"
    assert meta.translators == ("Sam Dolhoff",)
    text = body_text(res.document)
    assert "Anti-Copyright" not in text and "Contents" not in text
    kinds = {r.kind for r in res.report.removals}
    assert {"contents", "title-block"} <= kinds


def test_003_no_word_lost_and_joins_reported():
    rep = cleaned(SEED3).report
    assert rep.conservation["ok"] and rep.conservation["lost"] == []
    joins = [c for c in rep.changes if c.kind == "fragment-join"]
    merged = {c.after for c in joins if c.rewrite}
    assert {"impositions", "theoretical", "humanistic"} <= merged
    assert all("confidence" in c.detail and c.line > 0 for c in joins)
    # LIB009: the pages of this shuffled export were moved (said loudly).
    assert not [p for p in rep.problems if p.code not in ("LIB001", "LIB009")]


def test_003_editorial_introduction():
    res = library_md.clean(SEED3.read_text("utf-8"), source="003",
                           options={"editorial": [{"heading": "Introduction",
                                                   "credit": "Sam Dolgoff"}]})
    divs = [b for b in res.document.blocks if isinstance(b, Division)]
    assert len(divs) == 1 and divs[0].role == "editorial"
    assert divs[0].credit == "Sam Dolgoff"
    inner = divs[0].blocks
    assert isinstance(inner[0], Heading) and inline_text(inner[0].children) == "Introduction"
    assert "recurrent theme" in block_text(inner[-1])
    assert not any(isinstance(b, Heading) for b in inner[1:])
    assert res.report.conservation["ok"]


# --------------------------------------------------------------------------
# Seed 004: Ruth Kinna, When Kropotkin met Lenin
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_004_notes_1_to_17_at_their_calls():
    doc = cleaned(SEED4).document
    labels = [str(n) for n in range(1, 18)]
    assert calls(doc) == labels
    assert [n.label for n in doc.notes] == labels
    assert not any(n.missing for n in doc.notes)
    note17 = doc.notes[16]
    assert block_text(note17.blocks[0]) == "In Miller, pp. 328–9."
    # Emphasis in notes is kept.
    n15 = doc.notes[14].blocks[0]
    assert any(type(x).__name__ == "Emph" and "Bolshevik Myth" in inline_text(x.children)
               for x in walk_inlines(n15.children))


def test_004_sections_in_contents_order_and_pages_joined():
    doc = cleaned(SEED4).document
    assert headings(doc) == ["Introduction", "The context: revolution or betrayal?",
                             "Two concepts of revolution", "Anarchy and the revolution"]
    text = body_text(doc)
    for join in ("has cemented anarchism’s revival", "to probe revolutionary demands",
                 "party rule. In this sense prefiguration",
                 "back the Allies in their war against the Central Powers",
                 "roubles from the State Publishing Company",
                 "his earnest assessment of the book’s educational value",
                 "ethos, traditions and organisational conceptions"):
        assert join in text, join


def test_004_bonch_bruevich_repaired():
    res = cleaned(SEED4)
    text = body_text(res.document)
    assert text.count("Bonch-Bruevich") == 3
    assert not re.search("[\u0400-\u04ff]", text)
    reps = [c for c in res.report.changes if c.kind == "confusable"]
    assert len(reps) == 3 and all(c.rewrite and c.after == "Bonch-Bruevich" for c in reps)


def test_004_metadata_and_conservation():
    res = cleaned(SEED4)
    meta = res.document.meta
    assert (meta.title, meta.authors, meta.date) == (
        "When Kropotkin met Lenin", ("Ruth Kinna",), "2017")
    assert meta.get("also-published") == "Socialist History 52 edited by Kevin Morgan."
    assert meta.get("retrieved") == "2020-05-05 from www.academia.edu"
    assert meta.get("library") == "The Anarchist Library"
    assert meta.get("license") == "Anti-Copyright"
    assert res.report.conservation["ok"]


@pytest.mark.slow
def test_004_missing_page_marked_by_lacuna():
    """Drop one page of seed 004 (the one holding notes 6 and 7): the cuts
    around it find no continuation, and a lacuna is shown there."""
    raw = SEED4.read_text("utf-8")
    start = raw.index("in their war against the Central Powers")
    end = raw.index("of the book's educational value")
    damaged = raw[:start] + raw[end:]
    res = library_md.clean(damaged, source="004-damaged", options={})
    blocks = list(walk_blocks(res.document.blocks))
    lacunas = [k for k, b in enumerate(blocks) if isinstance(b, Lacuna)]
    assert lacunas, "no lacuna for the missing page"
    # Notes 6 and 7 are gone with the page: no join may skip them, so the
    # page after the gap opens behind a lacuna.
    after = [blocks[k + 1] for k in lacunas if k + 1 < len(blocks)]
    assert any(block_text(b).startswith("of the book’s educational value")
               for b in after)
    assert any(p.code == "LIB001" and p.line > 0 for p in res.report.problems)
    assert res.report.conservation["ok"]
    assert "6" not in calls(res.document)


# --------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------

def test_unknown_option_names_the_key():
    with pytest.raises(ManifestError, match="joinz"):
        library_md.clean(SEED3.read_text("utf-8"), source="x", options={"joinz": []})


@pytest.mark.slow
def test_bad_option_values():
    raw = SEED3.read_text("utf-8")
    with pytest.raises(ManifestError, match="no paragraph contains"):
        library_md.clean(raw, source="x", options={
            "joins": [{"after": "words nowhere in the text", "next": "tions. If"}]})
    with pytest.raises(ManifestError, match="lacks 'next'"):
        library_md.clean(raw, source="x", options={"joins": [{"after": "imposi"}]})
    with pytest.raises(ManifestError, match="no heading"):
        library_md.clean(raw, source="x", options={"editorial": [{"heading": "Preface"}]})


@pytest.mark.slow
def test_pinned_join_overrides_the_scores():
    """Pin 'actually' to the 'species of fiction' page: the pin holds and
    the page that did follow is still placed somewhere, nothing lost."""
    raw = SEED3.read_text("utf-8")
    res = library_md.clean(raw, source="x", options={"joins": [
        {"after": "deluding themselves that they are actually",
         "next": "species of fiction characteristic"}]})
    text = body_text(res.document)
    assert "that they are actually species of fiction" in text
    assert "that they are actually working" not in text
    assert res.report.conservation["ok"]


@pytest.mark.slow
def test_pinned_join_splits_a_hidden_page_break():
    """A quote inside a fragment cuts it there: the file's neighbours part."""
    raw = SEED3.read_text("utf-8")
    res = library_md.clean(raw, source="x", options={"joins": [
        {"after": "the destruction of the State*.",
         "next": "The State is the organized authority"}]})
    text = body_text(res.document)
    i = text.index("only one thing: the destruction of the State.")
    assert text[i:].split("\n\n")[1].startswith("The State is the organized authority")
    assert res.report.conservation["ok"]


@pytest.mark.slow
def test_pinned_order():
    raw = SEED3.read_text("utf-8")
    res = library_md.clean(raw, source="x", options={"order": [
        "Social science as a moral doctrine", "In these great meetings"]})
    text = body_text(res.document)
    assert text.index("Social science as a moral") < text.index("In these great meetings")
    assert res.report.conservation["ok"]
