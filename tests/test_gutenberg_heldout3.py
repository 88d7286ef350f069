"""Round 3 of the held-out Project Gutenberg sweep: rules found on texts
kept apart from the fixtures (Katrine, PG 14263; Guernsey Folk-Lore, PG
52834; Die Verwandlung, PG 22367; see docs/formats/gutenberg.md), each
tried here on a cut of the text that shows it."""

from __future__ import annotations

from pamphleteer.cleaners.gutenberg import clean
from pamphleteer.model import Heading, block_text, walk_blocks


def _clean(body: str):
    raw = ("*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n\n\n"
           + body + "\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n")
    return clean(raw, source="x.txt", options={})


def _text(res) -> str:
    return "\n".join(block_text(b) for b in walk_blocks(res.document.blocks))


_PROSE = ("Ravenel Plantation occupies a singular rise of wooded land in "
          "North\nCarolina, between Way-Home River, Loon Mountain, and the "
          "Silver Fork.\nThe road which leads from Charlotte toward the "
          "south branches by the\nHaunted Hollow, the right fork going to "
          "Carlisle.")


def test_a_contents_list_run_on_under_its_column_heads_is_removed():
    """Katrine (PG 14263): "CONTENTS", then "CHAP.  PAGE" with the
    entries right under it, no blank line between, each entry ending in
    its page number.  The heading went, the 29 entries stayed as text."""
    rows = [
        "CHAP.                                                           PAGE",
        "         PREFACE                                                  vii",
        "      I. UNDER THE SOUTHERN PINES                                   1",
        "     II. THE MEETING IN THE WOODS                                  15",
        "    III. A KINDNESS WITH MIXED MOTIVES                             29",
        "     IV. THE PROMISE IN THE ROSE GARDEN                            43",
        "      V. FRANK FALLS FURTHER UNDER KATRINE'S INFLUENCE             50",
        "     VI. DERMOTT GIVES A DINNER AT THE OLD LODGE                   63"]
    body = ("CONTENTS\n\n" + "\n".join(rows) + "\n\n\n\n\nPREFACE\n\n\n"
            + _PROSE + "\n\n\n\n\nI\n\nUNDER THE SOUTHERN PINES\n\n\n"
            + _PROSE)
    res = _clean(body)
    text = _text(res)
    assert "KINDNESS" not in text and "CHAP." not in text
    gone = [r.text for r in res.report.removals if r.kind == "contents"]
    assert any("MIXED MOTIVES" in g for g in gone)
    heads = [block_text(b) for b in walk_blocks(res.document.blocks)
             if isinstance(b, Heading)]
    assert heads[-1] == "I. UNDER THE SOUTHERN PINES"


def _heads(res) -> list[tuple[int, str]]:
    return [(b.level, block_text(b)) for b in walk_blocks(
        res.document.blocks) if isinstance(b, Heading)]


def test_a_chapters_title_in_title_case_joins_its_number():
    """Guernsey Folk-Lore (PG 52834): "CHAPTER I." then "Festival
    Customs." one blank line below, then an epigraph; the title stayed a
    paragraph under a bare "CHAPTER I." in all twenty chapters.  A first
    paragraph of one line that is no title stays text."""
    body = ("CHAPTER I.\n\nFestival Customs.\n\n"
            "    \"Many precious rites\n    And customs of our rural "
            "ancestry\n    Are gone, or stealing from us.\"\n\n" + _PROSE +
            "\n\n\n\nCHAPTER II.\n\nIt was a dark night on the island.\n\n"
            + _PROSE + "\n\n\n\nCHAPTER III.\n\n\"Who Goes There?\"\n\n"
            + _PROSE + "\n\n\n\nCHAPTER IV.\n\nNatural Objects and their "
            "Superstitions.\n\n" + _PROSE + "\n\n\n\nCHAPTER VI.\n\n"
            "Fairies.\n\n" + _PROSE)
    heads = _heads(_clean(body))
    assert [t for _, t in heads] == [
        "CHAPTER I. Festival Customs.", "CHAPTER II.", "CHAPTER III.",
        "CHAPTER IV. Natural Objects and their Superstitions.",
        "CHAPTER VI. Fairies."]
