"""Round 3 of the held-out Project Gutenberg sweep: rules found on texts
kept apart from the fixtures (Katrine, PG 14263; Guernsey Folk-Lore, PG
52834; Die Verwandlung, PG 22367; see docs/formats/gutenberg.md), each
tried here on a cut of the text that shows it."""

from __future__ import annotations

from pamphleteer.cleaners.gutenberg import clean
from pamphleteer.model import Division, Heading, block_text, walk_blocks


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


_GUERNSEY_NOTE = (
    "The listed errata have been corrected (although the list is by no\n"
    "means comprehensive), as have obvious typos. However, the original\n"
    "text contained inconsistencies in hyphenation, accents and sometimes\n"
    "spelling--these have been retained.\n\n"
    "Normal text within italic passages is denoted ~like this~.\n\n\n\n\n")
_TITLE_PAGE = ("                          GUERNSEY FOLK-LORE\n\n"
               "                                LONDON:\n"
               "                ELLIOT STOCK, 62, PATERNOSTER ROW, E.C.\n"
               "                                 1903.\n\n\n\n\n")


def test_paragraphs_on_the_transcription_above_the_title_page_are_its_note():
    """Guernsey Folk-Lore (PG 52834) and Entre Nous (PG 44157, "Au
    lecteur." over an indented note): the producers' words on the errata
    and the italics stood as the book's first paragraphs, and the title
    page under them was read as headings and verse."""
    res = _clean("Produced by MWS and the Online Distributed Proofreading\n"
                 "Team at http://www.pgdp.net\n\n\n\n\n" + _GUERNSEY_NOTE
                 + _TITLE_PAGE + "CHAPTER I.\n\nFestival Customs.\n\n"
                 + _PROSE)
    divs = {b.role: b for b in walk_blocks(res.document.blocks)
            if isinstance(b, Division)}
    note = " ".join(block_text(b) for b in divs["transcriber-note"].blocks)
    assert "errata" in note and "like this" in note
    assert "LONDON:" in " ".join(block_text(b)
                                for b in divs["title-page"].blocks)
    gut10 = [p for p in res.report.problems if p.code == "GUT010"]
    assert len(gut10) == 1 and "lines" in gut10[0].message

    res = _clean("  Au lecteur.\n\n"
                 "    Le texte en italiques dans l'original est indiqué ici "
                 "comme\n    _italiques_, le texte en gras comme =gras=. Dans "
                 "BERH{A} le A\n    est placé en exposant dans l'original.\n\n"
                 "    On trouvera d'autres précisions à la fin du texte.\n\n"
                 "\n\n\n" + _TITLE_PAGE + "CHAPTER I.\n\n" + _PROSE)
    divs = {b.role: b for b in walk_blocks(res.document.blocks)
            if isinstance(b, Division)}
    note = [block_text(b) for b in divs["transcriber-note"].blocks]
    assert note[0] == "Au lecteur." and "précisions" in note[-1]


def test_a_books_own_opening_paragraphs_are_no_transcribers_note():
    """Prose at the top that does not speak of the transcription, or a
    text that runs on without the wider gap that closes such a note,
    stays text, said nowhere."""
    author = ("The original of this story was told to me by an old "
              "fisherman,\nwho had corrected it many times in the telling "
              "and retained only\nwhat he believed; he had no HTML and no "
              "italics, being a fisherman.\n\n")
    res = _clean(author * 10 + "CHAPTER I.\n\n" + _PROSE)
    assert not [p for p in res.report.problems if p.code == "GUT010"]
    assert not [b for b in walk_blocks(res.document.blocks)
                if isinstance(b, Division)
                and b.role == "transcriber-note"]
    res = _clean(_PROSE + "\n\n" + _PROSE + "\n\n\n\n\n" + _TITLE_PAGE
                 + "CHAPTER I.\n\n" + _PROSE)
    assert not [p for p in res.report.problems if p.code == "GUT010"]


def test_a_headed_transcribers_note_of_two_paragraphs_leaves_the_title_page():
    """Beethoven, a Character Study (PG 15141): "Transcriber's Notes: 1.
    Corrected ..." and its second paragraph "2. In the index, ..." above
    the title page; the second paragraph was taken for the text's first,
    so the title page under it became a heading ("BEETHOVEN") and verse."""
    res = _clean(
        "Transcriber's Notes: 1. Corrected a name of Maelzel's invention "
        "in one\n                        place from 'Panharmonican' to "
        "'Panharmonicon'.\n\n"
        "                     2. In the index, made 'Krumpholtz' into\n"
        "                        'Krumpholz', 'Origen of the dance' into "
        "'Origin of\n                        the dance'.\n\n\n\n\n"
        + _TITLE_PAGE + "CHAPTER I\n\nEARLY PROMISE\n\n" + _PROSE)
    divs = {b.role: b for b in walk_blocks(res.document.blocks)
            if isinstance(b, Division)}
    assert "LONDON:" in " ".join(block_text(b)
                                for b in divs["title-page"].blocks)
    assert [t for _, t in _heads(res)] == ["CHAPTER I. EARLY PROMISE"]


def test_spanish_nota_de_transcripcion_is_a_transcribers_note_heading():
    """Fausto (PG 68566): "NOTA DE TRANSCRIPCIÓN" over its list; only
    "Nota del transcriptor" was known."""
    res = _clean("NOTA DE TRANSCRIPCIÓN\n\n* Las páginas en blanco han sido "
                 "eliminadas.\n\n\n\n\n" + _TITLE_PAGE + "CAPÍTULO I\n\n"
                 + _PROSE)
    divs = {b.role: b for b in walk_blocks(res.document.blocks)
            if isinstance(b, Division)}
    assert "en blanco" in block_text(divs["transcriber-note"].blocks[-1])
    assert not [p for p in res.report.problems if p.code == "GUT010"]


def test_html_a_chapters_number_alone_is_no_index_letter():
    """Katrine's HTML (PG 14263): each chapter's number a heading over its
    title's (<h3><a name=CH_I><b>I</b></a></h3><h3>UNDER THE ...</h3>);
    once the linked contents went, the one-letter numbers I, V and X were
    taken for an index's letters left empty and removed."""
    from pamphleteer.cleaners import load_all
    para = ("<p>Ravenel Plantation occupies a singular rise of wooded land "
            "in North Carolina, between Way-Home River and the Fork.</p>")
    toc = "".join(f"<tr><td><a href='#CH_{n}'>{n}.</a></td><td><a href="
                  f"'#CH_{n}'>THE CHAPTER {n}</a></td></tr>"
                  for n in ("I", "II", "III", "IV", "V"))
    chapters = "".join(f"<h3><a name='CH_{n}' id='CH_{n}'><b>{n}</b></a>"
                       f"</h3><h3>THE CHAPTER {n}</h3>" + para * 2
                       for n in ("I", "II", "III", "IV", "V"))
    page = ("<html><head><title>Katrine</title></head><body><h1>KATRINE"
            "</h1><h2>CONTENTS</h2><table>" + toc + "</table>" + chapters
            + "</body></html>").encode()
    r = load_all()["html"].clean(page, source="k.html", options={})
    heads = [block_text(b) for b in walk_blocks(r.document.blocks)
             if isinstance(b, Heading)]
    assert [h for h in heads if h in ("I", "V")] == ["I", "V"]
