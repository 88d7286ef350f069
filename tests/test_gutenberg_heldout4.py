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


_STORY = ("The boys planted the elm by the school-house gate, and every "
          "spring\nafter that they came back to see how it had grown, "
          "until they were\nold men and the elm was the tallest tree in "
          "the county.")
_CATALOGUE = """SOME MUSICAL BOOKS


THE LETTERS OF FRANZ LISZT. Edited and collected by LA MARA.
With portraits. Crown 8vo, 2 vols., $6.00.

RICHARD WAGNER'S LETTERS to his Dresden Friends. Translated by
J.S. SHEDLOCK. Crown 8vo, $3.50.

A favourite with students of the music-drama, now in its third
edition.

JOHONNOT'S HISTORICAL READERS. Seven books.

  Grandfather's Stories                          27 cents
  Stories of Heroic Deeds                        30 cents

_A Descriptive List of Musical Books (112 pages) sent upon
application._

Charles Scribner's Sons, Publishers,

153-157 Fifth Ave., New York."""


def test_a_publishers_catalogue_ending_the_book_is_marked_and_said():
    """How to Listen to Music (PG 17474), Arbor Day Leaves (PG 17645):
    the publisher's list of other books, with formats and prices, ran on
    as the text's last chapter ("# SOME MUSICAL BOOKS")."""
    res = _clean("CHAPTER I.\n\n\n" + _STORY + "\n\n\n\n\n" + _CATALOGUE)
    blocks = res.document.blocks
    assert isinstance(blocks[-1], Division) and \
        blocks[-1].role == "advertisement"
    assert "SOME MUSICAL BOOKS" in block_text(blocks[-1])
    assert "Fifth Ave." in block_text(blocks[-1])
    assert not any(isinstance(b, Heading) and "MUSICAL" in block_text(b)
                   for b in walk_blocks(blocks))
    assert "tallest tree" in _text(res)  # the text's last paragraph stays
    said = [p for p in res.report.problems if p.code == "GUT011"]
    assert len(said) == 1 and said[0].line == 15  # the heading's line
    # titles each with its price keep their lines
    listed = [block_text(b) for b in blocks[-1].blocks
              if "Grandfather" in block_text(b)]
    assert listed == ["Grandfather’s Stories 27 cents\n"
                      "Stories of Heroic Deeds 30 cents"]
    assert res.report.conservation["lost"] == []


def test_drop_removes_the_catalogue_each_paragraph_reported():
    res = _clean("CHAPTER I.\n\n\n" + _STORY + "\n\n\n\n\n" + _CATALOGUE,
                 options={"advertisements": "drop"})
    assert "LISZT" not in _text(res) and "tallest tree" in _text(res)
    gone = [r for r in res.report.removals if r.kind == "advertisement"]
    assert gone[0].line == 15 and any("Fifth Ave." in r.text for r in gone)
    assert len(gone) == 9
    assert res.report.conservation["lost"] == []
    assert [p.code for p in res.report.problems if p.code != "GUT007"] \
        == ["GUT011"]


def test_prices_in_the_text_itself_are_not_a_catalogue():
    """A story that ends by counting money (prices, but no book's format
    nor publisher's phrase), or a catalogue of two entries: text."""
    shop = ("The calico was 27 cents a yard, and the boots $3.50.\n\n"
            "Mother paid $1.25 for the flour, and 30 cents for tea.\n\n"
            "The whole came to $6.00, which was more than a week's wage.")
    res = _clean("CHAPTER I.\n\n\n" + _STORY + "\n\n" + shop)
    assert not any(isinstance(b, Division) for b in res.document.blocks)
    assert not [p for p in res.report.problems if p.code == "GUT011"]
    two = _CATALOGUE.split("JOHONNOT")[0]
    res = _clean("CHAPTER I.\n\n\n" + _STORY + "\n\n\n\n\n" + two)
    assert not any(isinstance(b, Division) for b in res.document.blocks)


def test_an_unknown_advertisements_choice_is_refused():
    import pytest
    from pamphleteer.errors import InputError
    with pytest.raises(InputError, match="not one of keep, drop"):
        _clean(_STORY, options={"advertisements": "hide"})


def test_arbor_day_leaves_catalogue_is_the_last_division():
    """The fixture (PG 17645, trimmed): the American Book Company's
    catalogue after the last exercise, two of its pages kept."""
    from pathlib import Path
    from pamphleteer.sources import decode
    path = Path(__file__).parent / "fixtures" / "gutenberg" / \
        "en_arbor_day_2006.txt"
    res = clean(decode(path.read_bytes(), path.name).text,
                source=path.name, options={})
    last = res.document.blocks[-1]
    assert isinstance(last, Division) and last.role == "advertisement"
    text = block_text(last)
    assert text.startswith("Popular Books for Young Readers.")
    assert "MONTEITH" in text and "on receipt of price" in text
    assert "DISMISSAL" not in text  # the programme's last step stays
    said = [p for p in res.report.problems if p.code == "GUT011"]
    # (line 52: the rates and catalogue before the title page, round 5)
    assert [p.line for p in said] == [52, 229]
    assert res.report.conservation["lost"] == []
