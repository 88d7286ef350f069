"""Round 5 of the held-out Project Gutenberg sweep: rules found on texts
kept apart from the fixtures (Bach, PG 43650; The Beggar's Opera, PG
25063; The Ego and His Own, PG 34580; Modern Icelandic Plays, PG 21937;
Der Fliegende Holländer, PG 31963; Ancient Art of Chiriqui, PG 30621; The
Conquest of Bread, PG 23428; Ontboezemingen, PG 24675; see
docs/formats/gutenberg.md), each tried on a trimmed fixture of the text
(tests/fixtures/gutenberg/README.md) or on a cut that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners.gutenberg import clean
from pamphleteer.model import (Division, Emph, Heading, Paragraph, Strong,
                               Text, ThematicBreak, block_text, walk_blocks)
from pamphleteer.sources import decode

FIXTURES = Path(__file__).parent / "fixtures" / "gutenberg"


def _fixture(name: str):
    path = FIXTURES / f"{name}.txt"
    return clean(decode(path.read_bytes(), path.name).text,
                 source=path.name, options={})


def _clean(body: str, header: str = "", options: dict | None = None):
    raw = (header + "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n\n\n"
           + body + "\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n")
    return clean(raw, source="x.txt", options=options or {})


def _text(res) -> str:
    return "\n".join(block_text(b) for b in walk_blocks(res.document.blocks))


def _heads(res) -> list[tuple[int, str]]:
    return [(b.level, block_text(b)) for b in walk_blocks(res.document.blocks)
            if isinstance(b, Heading)]


def _divisions(res, role: str) -> list[Division]:
    return [b for b in res.document.blocks
            if isinstance(b, Division) and b.role == role]


def _codes(res, code: str) -> list:
    return [p for p in res.report.problems if p.code == code]


# -- A publisher's pages before the title page -----------------------------

def test_rates_and_a_catalogue_before_the_title_page_are_marked():
    """Arbor Day Leaves (PG 17645): the cover, then the publisher's rates
    ("WILL BE SUPPLIED TO ... 10 cents") and "OUR COMPLETE DESCRIPTIVE
    LIST", then the real title page: the rates were the book's first
    paragraphs and the title page a heading ("## Arbor Day Leaves") over
    paragraphs."""
    res = _fixture("en_arbor_day_2006")
    roles = [b.role if isinstance(b, Division) else type(b).__name__
             for b in res.document.blocks[:5]]
    assert roles == ["title-page", "advertisement", "title-page",
                     "ThematicBreak", "Heading"]
    ad = block_text(res.document.blocks[1])
    assert ad.startswith("Arbor Day Leaves\n\nWILL BE SUPPLIED TO")
    assert "OUR COMPLETE DESCRIPTIVE LIST" in ad and "On application" in ad
    page = block_text(res.document.blocks[2])
    assert "A COMPLETE PROGRAMME" in page and "COPYRIGHT, 1893" in page
    assert _heads(res)[0][1] == "INTRODUCTION."
    assert [p.line for p in _codes(res, "GUT011")][0] == 52
    assert res.report.conservation["lost"] == []


def test_a_price_on_an_opera_librettos_cover_is_no_catalogue():
    """Der Fliegende Holländer (PG 31963): "PRICE 65 CENTS" on the cover is
    one priced line, not a catalogue; the producers' credits ("pgdp.net")
    are no price ("net")."""
    res = _fixture("de_dutchman_2010")
    assert not _divisions(res, "advertisement") and not _codes(res, "GUT011")
    page = block_text(_divisions(res, "title-page")[0])
    assert page.startswith("PRICE 65 CENTS")


# -- Lists of other books, prices or none ----------------------------------

def test_a_series_list_of_volumes_without_prices_is_front_matter():
    """Bach (PG 43650, The Master Musicians): "LIST OF VOLUMES." and its
    twelve titles under the series' title page, no price among them."""
    res = _fixture("en_bach_2013")
    ads = _divisions(res, "advertisement")
    assert len(ads) == 1
    listed = block_text(ads[0])
    assert listed.startswith("LIST OF VOLUMES.")
    assert "WAGNER. By C. A. LIDGEY." in listed
    assert "All rights reserved" not in listed  # the title page's
    said = _codes(res, "GUT011")
    assert len(said) == 1 and "list of other books" in said[0].message
    assert not any("VOLUMES" in t for _, t in _heads(res))


_BY_THE_SAME = """BY THE SAME AUTHOR

  THE SECRET GARDEN
  THE LITTLE PRINCESS
  A LITTLE PRINCESS OF THE DESERT
  THE LOST PRINCE


"""
_TITLE = """THE SHUTTLE

BY

FRANCES HODGSON BURNETT

NEW YORK
FREDERICK A. STOKES COMPANY
1907



"""
_CHAPTER = """CHAPTER I.

THE WEAVING OF THE SHUTTLE

No one knew when the Shuttle began to weave; it had been weaving for
years before the people who lived on either side of the water thought
of it at all, and they only noticed it when it had woven a fabric.
"""


def test_a_by_the_same_author_list_before_the_title_page():
    """A list of titles under "BY THE SAME AUTHOR" above the title page,
    no prices: kept as front matter (an advertisement division, said by
    GUT011), not the text's first paragraphs nor a chapter."""
    res = _clean(_BY_THE_SAME + _TITLE + _CHAPTER)
    first = res.document.blocks[0]
    assert isinstance(first, Division) and first.role == "advertisement"
    assert "THE LOST PRINCE" in block_text(first)
    assert isinstance(res.document.blocks[1], Division) and \
        res.document.blocks[1].role == "title-page"
    assert _heads(res) == [(1, "CHAPTER I. THE WEAVING OF THE SHUTTLE")]
    gone = _clean(_BY_THE_SAME + _TITLE + _CHAPTER,
                  options={"advertisements": "drop"})
    assert "SECRET GARDEN" not in _text(gone)
    assert gone.report.conservation["lost"] == []


def test_a_by_the_same_author_list_ending_the_book():
    res = _clean(_TITLE + _CHAPTER + "\n\n\n\n" + _BY_THE_SAME)
    last = res.document.blocks[-1]
    assert isinstance(last, Division) and last.role == "advertisement"
    assert block_text(last).startswith("BY THE SAME AUTHOR")
    # the chapter's prose stays the chapter's
    assert "woven a fabric" in block_text(res.document.blocks[-2])


def test_a_heading_of_books_over_prose_is_no_list():
    """"BOOKS BY THE WAYSIDE" over a paragraph at the end is the text's:
    a list needs lines of titles under its heading."""
    body = (_TITLE + _CHAPTER + "\n\n\n\nBOOKS BY THE WAYSIDE\n\n" +
            "The books we found by the wayside that summer were few, but "
            "we read\nthem over and over until the covers fell away and the "
            "pages were\nbrown with the sun and the rain.\n")
    res = _clean(body)
    assert not _divisions(res, "advertisement")


# -- A catalogue ending the book -------------------------------------------

def test_a_catalogue_in_pages_with_prices_in_words():
    """The Ego and His Own (PG 34580): Benj. R. Tucker's catalogue, a
    page per book between rows of stars, its prices in italics
    ("_Price, 10 cents_") or in words ("_PRICE, ONE DOLLAR_"), the
    transcriber's notes after it: it ran on as the text's last pages."""
    res = _fixture("en_ego_2010")
    ads = _divisions(res, "advertisement")
    assert len(ads) == 1
    text = block_text(ads[0])
    assert text.startswith("Send for") and "MAILED, POST-PAID, BY" in text
    assert "TRANSCRIBER" not in text
    assert any(isinstance(b, ThematicBreak) for b in ads[0].blocks)
    last = res.document.blocks[-1]
    assert isinstance(last, Division) and last.role == "transcriber-note"
    assert block_text(last).startswith("TRANSCRIBER’S NOTES:")
    assert res.report.conservation["lost"] == []


def test_a_catalogue_before_the_transcribers_errata():
    """Modern Icelandic Plays (PG 21937): the foundation's publications,
    then "Errata noted by transcriber:"; "Volume I, 1913. 192 pages. Price
    $5.00" over two more such lines was a first-level heading."""
    res = _fixture("en_icelandic_plays_2007")
    ads = _divisions(res, "advertisement")
    assert len(ads) == 1
    text = block_text(ads[0])
    assert text.startswith("PUBLICATIONS OF") and "Volume I, 1913" in text
    assert "Errata" not in text
    assert not any("Volume" in t or "PUBLICATIONS" in t
                   for _, t in _heads(res))
    notes = _divisions(res, "transcriber-note")
    assert block_text(notes[-1]).startswith("Errata noted by transcriber:")


# -- The title page --------------------------------------------------------

def test_a_volume_of_a_series_before_the_text_is_the_title_pages():
    """Modern Icelandic Plays: "SCANDINAVIAN CLASSICS / VOLUME VI" on a
    page of the front matter is no division of the book (it made every
    other heading a level lower), nor is the printer's line a paragraph
    ("D. B. Updike . The Merrymount Press . Boston")."""
    res = _fixture("en_icelandic_plays_2007")
    assert _heads(res)[0] == (1, "INTRODUCTION")
    pages = [block_text(d) for d in _divisions(res, "title-page")]
    assert any("VOLUME VI" in p and "SCANDINAVIAN CLASSICS" in p
               for p in pages)
    assert any("Merrymount Press" in p for p in pages)


_KROPOTKIN = """Produced by Steven desJardins, Martin Pettit and the Online
Distributed Proofreading Team at http://www.pgdp.net






The Conquest of Bread

_By_ PETER KROPOTKIN

_Author of "Fields, Factories, and Workshops"
"The Memoirs of a Revolutionist," Etc._

[Illustration]

NEW YORK
VANGUARD PRESS

MCMXXVI


PRINTED IN THE UNITED STATES OF AMERICA




THE MAN (1842-1921):


_Prince Peter Alexeivitch Kropotkin_, revolutionary and scientist, was
descended from the old Russian nobility, but decided, at the age of
thirty, to throw in his lot with the social rebels not only of his own
country, but of the entire world.
"""


def test_a_title_page_closed_by_a_year_in_roman_numerals():
    """The Conquest of Bread (PG 23428): "_By_ PETER KROPOTKIN" (italics
    round "By"), "VANGUARD PRESS", "MCMXXVI" and "PRINTED IN THE UNITED
    STATES OF AMERICA" are a title page's; the year was a heading joined
    to the printer's line ("## MCMXXVI. PRINTED IN THE UNITED STATES")."""
    res = _clean(_KROPOTKIN)
    assert not _heads(res)
    page = block_text(_divisions(res, "title-page")[0])
    for line in ("PETER KROPOTKIN", "VANGUARD PRESS", "MCMXXVI",
                 "PRINTED IN THE UNITED STATES OF AMERICA"):
        assert line in page, line
    assert "revolutionary and scientist" not in page


def test_a_web_address_above_the_text_is_the_editions():
    """Bach: "Images of the original pages are available through Internet
    Archive/American Libraries. See http://archive.org/..." stood as the
    book's first title page."""
    res = _fixture("en_bach_2013")
    notes = [v for k, v in res.document.meta.extra if k == "gutenberg-note"]
    assert any(v.startswith("Images of the original pages") for v in notes)
    assert "archive.org" not in _text(res)


# -- Plays with songs ------------------------------------------------------

_WINSOME = """_King_

  I have it now! This hour I'll send
  Swift heralds through my wide domains,
  To say the knight who rescues them
  Shall wed the Princess for his pains.


_Queen_


  Quick! Let us fly! I hear the sound of feet,
  As if some horseman were approaching nigher.
  'Twould not be seemly should he meet
  Our royal selves so near the Witch's fire.

_King_

  'Tis Feal the Faithful! Rise, Sir Knight,
  And tell us what thou doest here!

_Queen_

  Rise, Sir Knight, and ride away.

_King_

  Ride, and ride, and ride away.

_Queen_

  Ride the whole of night and day.


(_She sings._)



_Spinning Wheel Song_

  Come, Hero! Hear me, brother mine;
  Thy gladness must indeed be mute,


_Curtain._
"""


def test_a_speakers_name_spaced_like_a_song_title_is_no_heading():
    """The Rescue of the Princess Winsome (PG 18131, round 4's text): the
    Queen's name, two blank lines above and below it once (before a song),
    was a heading ("## *Queen*"); so were "(_She sings._)" and
    "_Curtain._".  A name standing alone three times or more, most often
    right above its speech, is a speaker's name wherever it stands; the
    song's title stays a heading."""
    res = _clean(_WINSOME)
    assert _heads(res) == [(1, "Spinning Wheel Song")]
    paras = [block_text(b) for b in res.document.blocks
             if isinstance(b, Paragraph)]
    assert "Queen" in paras and "(She sings.)" in paras
    assert "Curtain." in paras


def test_a_speakers_name_is_not_a_scenes_title():
    """Der Fliegende Holländer: "SCENE I." then "MATROSEN." (the sailors,
    who sing first) made one heading "SCENE I. MATROSEN."."""
    res = _fixture("de_dutchman_2010")
    heads = [t for _, t in _heads(res)]
    assert "SCENE I." in heads
    assert not any("MATROSEN" in t for t in heads)
    paras = [block_text(b) for b in res.document.blocks
             if isinstance(b, Paragraph)]
    assert paras.count("MATROSEN.") == 3


def test_a_scene_with_its_title_takes_no_stage_direction():
    """The Beggar's Opera: "SCENE V. _The _Condemn'd Hold_._" has its
    title; the stage direction under it ("_Macheath_, in a melancholy
    Posture.") was joined to the heading."""
    res = _fixture("en_beggars_opera_2008")
    heads = [t for _, t in _heads(res)]
    assert "SCENE V. The Condemn’d Hold." in heads
    assert any(block_text(b) == "Macheath, in a melancholy Posture."
               for b in res.document.blocks if isinstance(b, Paragraph))


# -- Inline marks ----------------------------------------------------------

def _inlines_of(res, start: str):
    for b in walk_blocks(res.document.blocks):
        if isinstance(b, (Paragraph, Heading)) and \
                block_text(b).startswith(start):
            return b.children
    raise AssertionError(start)


def test_roman_words_inside_an_italic_passage():
    """The Beggar's Opera: "_SCENE, _Peachum's_ House._" (italics inside
    italics: the name in roman) came out as "*SCENE, \\_Peachum’s* House.\\_"
    with an underscore left over (GUT009)."""
    res = _fixture("en_beggars_opera_2008")
    kids = _inlines_of(res, "SCENE, Peachum")
    assert kids == (Emph((Text("SCENE,"),)), Text(" Peachum’s "),
                    Emph((Text("House."),)))
    kids = _inlines_of(res, "To them, Enter Player")
    assert [type(k).__name__ for k in kids] == [
        "Emph", "Text", "Emph", "Text", "Emph"]
    assert not any("Peachum" in p.message or "Player" in p.message
                   for p in _codes(res, "GUT009"))


def test_tildes_are_bold_where_the_transcriber_says_so():
    """Bach: "Text enclosed by tilde characters is in bold face (~bold~)";
    the bibliography's names ("~Adlung~") kept their tildes."""
    res = _fixture("en_bach_2013")
    kids = _inlines_of(res, "Adlung")
    assert kids[0] == Strong((Text("Adlung"),))
    plain = _clean("The sign ~x~ stands for a wave, said the engineer in "
                   "his report to us.\n")
    assert "~x~" in _text(plain)


def test_music_and_decoration_in_brackets_are_illustrations():
    """The Beggar's Opera: "[Music]" before each air, "[Decoration]" on the
    title page: printed as text in brackets."""
    res = _fixture("en_beggars_opera_2008")
    caps = [block_text(d) for d in walk_blocks(res.document.blocks)
            if isinstance(d, Division) and d.role == "illustration"]
    assert caps.count("Music") == 3 and "Decoration" in caps
    assert "[Music]" not in _text(res)


# -- Letter-spaced words ---------------------------------------------------

_SPACED = ("C H A P T E R  I.\n\nT h e  B e g i n n i n g\n\n"
           "It was a dark night, and the A B C of the matter was plain to "
           "all; the\nfiles of the board, a b c d e f g h, were empty. Sie "
           "war  g a n z  allein,\nganz und gar allein.\n\n\n"
           "C H A P T E R   I I.\n\nMore of the text.\n\n"
           "  K\u00a0U\u00a0R\u00a0T\u00a0 W\u00a0O\u00a0L\u00a0F\u00a0F\u00a0 "
           "V\u00a0E\u00a0R\u00a0L\u00a0A\u00a0G\n")


def test_letter_spaced_words_are_read_as_words_and_said():
    """Display type set letter by letter ("C H A P T E R  I.", "T h e
    B e g i n n i n g", Die Verwandlung's "K U R T  W O L F F" with
    no-break spaces) stayed spaced, so a chapter's heading was a
    paragraph; spaced type inside prose (gesperrt) is emphasis.  "A B C"
    and a chessboard's files stay as they are.  Each joining is said
    (GUT012) and rewritten, no word lost."""
    res = _clean(_SPACED)
    assert _heads(res) == [(1, "CHAPTER I. The Beginning"),
                           (1, "CHAPTER II.")]
    text = _text(res)
    assert "A B C of the matter" in text and "a b c d e f g h" in text
    assert "KURT WOLFF VERLAG" in text
    kids = _inlines_of(res, "It was a dark night")
    assert Emph((Text("ganz"),)) in kids
    said = [(p.line, p.message) for p in _codes(res, "GUT012")]
    assert [line for line, _ in said] == [5, 7, 10, 14, 18]
    assert "“g a n z” read as “ganz”" in said[2][1]
    assert res.report.conservation["lost"] == []


# -- The producers' notes --------------------------------------------------

def test_errata_noted_by_the_transcriber_are_a_note():
    """"Errata Noted by Transcriber:" (Beggar's Opera), "Errors and
    Inconsistencies (noted by transcriber)" (Chiriqui): read as the book's
    last text."""
    for name, start in (("en_beggars_opera_2008", "Errata Noted by"),
                        ("en_chiriqui_2009", "Errors and Inconsistencies")):
        res = _fixture(name)
        notes = [block_text(d) for d in _divisions(res, "transcriber-note")]
        assert any(n.startswith(start) for n in notes), name
    # the notes on the music after the errata are the producers' too, and
    # their paragraph about "this Project Gutenberg text" the edition's
    res = _fixture("en_beggars_opera_2008")
    assert "Changing the Tempo" in block_text(
        _divisions(res, "transcriber-note")[-1])
    notes = [v for k, v in res.document.meta.extra if k == "gutenberg-note"]
    assert any("Typeset File" in v for v in notes)


def test_a_bracketed_note_on_the_etext_above_the_title_page():
    """Chiriqui (PG 30621): "[This text is intended for users whose text
    readers cannot use the "real" (Unicode/UTF-8) version ... Major
    changes include:" over a list closing the bracket: the book's first
    paragraph and verse, hiding the title page."""
    res = _fixture("en_chiriqui_2009")
    notes = [v for k, v in res.document.meta.extra if k == "gutenberg-note"]
    assert notes[0].startswith("This text is intended for users")
    assert "fractions have been unpacked" in notes[1]
    assert "Unicode" not in _text(res)
    said = _codes(res, "GUT010")
    assert len(said) == 1 and "edition's notice" in said[0].message
    assert isinstance(res.document.blocks[0], Division) and \
        res.document.blocks[0].role == "title-page"


def test_a_note_on_lilypond_takes_the_music_source_under_it():
    """Ontboezemingen (PG 24675): "[Note Project Gutenberg: Music
    transcribed in Lilypond format]" over the melody's LilyPond source,
    which came out as the text's verse.  (Deep in the text: a note of
    Project Gutenberg at its top is the edition's notice.)"""
    body = "".join(f"Regel {k} van den tekst, die hier voortgaat.\n\n"
                   for k in range(16))
    body += ("klinkt in de verte een _gamelan_--:\n\n"
            "[Note Project Gutenberg: Music transcribed in Lilypond format]\n"
            "\\layout {\n  \\context {\n    \\Score\n  }\n  indent = #0\n}\n\n"
            "{\n  \\clef treble\n  \\key d \\major\n\n"
            "  d'2 a'2 fis'4 e'8 fis'8 a'4 a'4 b'2 a'2\n}\n\n"
            "\\version \"2.7.39\" % necessary for upgrading.\n\n"
            "--door den afstand getemperd, ruischt mij de maatlooze, "
            "zinnelooze\nmelodie weemoedig tegen.\n\n")
    body += "".join(f"Regel {k} van den tekst, die hier eindigt.\n\n"
                    for k in range(6))
    res = _clean(body, "Language: Dutch\n\n")
    note = _divisions(res, "transcriber-note")
    assert len(note) == 1 and "\\version" in block_text(note[0])
    assert "clef" in block_text(note[0])
    after = [block_text(b) for b in res.document.blocks
             if isinstance(b, Paragraph)]
    assert any("door den afstand" in t for t in after), after
    assert not any("clef" in t or "version" in t for t in after)


# -- Headings and breaks ---------------------------------------------------

def test_a_sections_title_two_blank_lines_above_it():
    """Chiriqui: "GEOGRAPHY." and "THE GRAVES." in capitals, two blank
    lines above, one below (Distributed Proofreaders' section heading),
    stayed paragraphs; one blank line above is the text's own line."""
    res = _fixture("en_chiriqui_2009")
    assert _heads(res) == [(1, "INTRODUCTION."), (2, "GEOGRAPHY."),
                           (2, "THE GRAVES.")]
    one = _clean("CHAPTER I.\n\n\nThe text begins here, and it goes on for "
                 "a while.\n\nTHE END OF THE BEGINNING.\n\nMore text.\n")
    assert [t for _, t in _heads(one)] == ["CHAPTER I."]


def test_rows_of_stars_set_as_a_figure_are_one_break():
    res = _fixture("en_chiriqui_2009")
    assert not any("*" in block_text(b) for b in walk_blocks(
        res.document.blocks) if isinstance(b, Paragraph))
    assert any(isinstance(b, ThematicBreak) for b in res.document.blocks)


@pytest.mark.parametrize("name", ["en_bach_2013", "en_beggars_opera_2008",
                                  "en_ego_2010", "en_icelandic_plays_2007",
                                  "de_dutchman_2010", "en_chiriqui_2009"])
def test_round_five_fixtures_lose_no_word(name):
    res = _fixture(name)
    assert res.report.conservation["ok"], res.report.conservation["lost"][:20]
