"""A second held-out sweep of the EPUB reader (IDPF's, pandoc's, Standard
Ebooks', epub.js's test books): what was wrong in general, each on a
real file (tests/fixtures/realweb/README.md)."""

from __future__ import annotations

from pathlib import Path

from helpers import read_as_user
from pamphleteer.cleaners.pandoc.convert import _NO_ALT
from pamphleteer.model import (Division, Heading, LineBreak, Paragraph,
                               document_words, inline_text, walk_blocks)

HERE = Path(__file__).parent / "fixtures" / "realweb"


def _wasteland():
    return read_as_user(HERE / "idpf_wasteland.epub")[1]


def _removed(result, kind: str) -> list[str]:
    return [r.text for r in result.report.removals if r.kind == kind]


def test_a_title_pages_epigraph_and_dedication_are_kept():
    # the title page goes (its title and author are the metadata), but
    # the epigraph and dedication it holds are the poet's: they were
    # left out with it as "front-matter"
    result = _wasteland()
    words = " ".join(document_words(result.document))
    assert "nam sibyllam quidem cumis" in words
    assert "for ezra pound il miglior fabbro" in words
    assert _removed(result, "front-matter") == ["The Waste Land T.S. Eliot"]
    first = result.document.blocks[0]
    assert not isinstance(first, Heading)   # before the first part
    assert result.report.counts["front-matter-kept"] == 2
    assert result.report.conservation["ok"]


def test_verse_lines_set_as_divisions_are_one_stanza():
    # <div class="linegroup"><div>line</div>... was a paragraph a line
    result = _wasteland()
    verse = [b for b in walk_blocks(result.document.blocks)
             if isinstance(b, Division) and b.role == "verse"]
    assert len(verse) >= 10
    [stanza] = verse[0].blocks
    assert isinstance(stanza, Paragraph)
    breaks = sum(isinstance(x, LineBreak) for x in stanza.children)
    assert breaks == 17                     # eighteen lines
    assert inline_text(stanza.children).startswith(
        "April is the cruellest month, breeding")


def test_line_numbers_in_the_margin_are_not_words_of_the_line():
    # <span class="lnum">10</span> ran into the line: "Hofgarten,10"
    result = _wasteland()
    words = document_words(result.document)
    assert "hofgarten" in words and not any(
        w.startswith("hofgarten") and w != "hofgarten" for w in words)
    nums = _removed(result, "line-number")
    assert nums[:3] == ["10", "20", "30"] and len(nums) == 17  # all
    assert result.report.conservation["ok"]


def test_placeholder_alts_say_nothing_of_the_picture():
    # epub.js's Alice: alt="Illo1", alt="Cover Image" were kept as text
    for alt in ("Illo1", "Cover Image", "Fig. 3", "illus 12", "Image",
                "title image"):
        assert _NO_ALT.match(alt), alt
    for alt in ("A white rabbit with a watch", "Figure skating in 1908",
                "Cover of the first edition"):
        assert not _NO_ALT.match(alt), alt
