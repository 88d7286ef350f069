"""Round 4 of the held-out Project Gutenberg sweep: rules found on texts
kept apart from the fixtures (The Rescue of the Princess Winsome, PG
18131; How to Listen to Music, PG 17474; Arbor Day Leaves, PG 17645; see
docs/formats/gutenberg.md), each tried here on a cut that shows it."""

from __future__ import annotations

from pamphleteer.cleaners.gutenberg import clean
from pamphleteer.model import Division, Heading, block_text, walk_blocks


def _clean(body: str, header: str = "", options: dict | None = None):
    raw = (header + "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n\n\n"
           + body + "\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n")
    return clean(raw, source="x.txt", options=options or {})


def _text(res) -> str:
    return "\n".join(block_text(b) for b in walk_blocks(res.document.blocks))


def test_the_and_between_two_authors_is_said_removed_not_lost():
    """Princess Winsome (PG 18131): "Author: Annie Fellows-Johnston and
    Albion Fellows Bacon" is two authors; the "and" between them was in
    neither the metadata nor the report (CONS001)."""
    header = ("Title: The Rescue\n\nAuthor: Annie Fellows-Johnston and "
              "Albion Fellows Bacon\n\nLanguage: English\n\n")
    res = _clean("PREFACE\n\n\nThe play was written for children.", header)
    assert res.document.meta.authors == ("Annie Fellows-Johnston",
                                         "Albion Fellows Bacon")
    assert res.report.conservation["lost"] == []
    gone = [r for r in res.report.removals if r.kind == "name-separator"]
    assert [r.text for r in gone] == ["and"] and gone[0].line == 3
