"""Real pages and books as users have them (tests/fixtures/realweb/,
see the README there): marxists.org pages from the archive's own
repository and from a scraper's copy, and two EPUBs made by calibre (one
from 2011 with its notes in one file, one from 2022 split into
index_split_NNN.html files with a file per note).  Each is read as
``pamphleteer clean FILE`` reads it, with no format named."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from helpers import read_as_user
from pamphleteer.cleaners import clean_in_language, load_all
from pamphleteer.cleaners.registry import CleanResult
from pamphleteer.model import (Emph, Heading, NoteRef, block_inlines,
                               block_text, inline_text, walk_blocks,
                               walk_inlines)

HERE = Path(__file__).parent / "fixtures" / "realweb"


@lru_cache(maxsize=None)
def read(name: str) -> tuple[str, CleanResult]:
    return read_as_user(HERE / name)


def text(result: CleanResult) -> str:
    doc = result.document
    blocks = list(walk_blocks(doc.blocks))
    for n in doc.notes:
        blocks.extend(walk_blocks(n.blocks))
    return "\n".join(block_text(b) for b in blocks)


def headings(result: CleanResult) -> list[str]:
    return [inline_text(b.children) for b in walk_blocks(
        result.document.blocks) if isinstance(b, Heading)]


def calls(result: CleanResult) -> list[str]:
    out = []
    for b in walk_blocks(result.document.blocks):
        for run in block_inlines(b):
            out.extend(x.label for x in walk_inlines(run)
                       if isinstance(x, NoteRef))
    return out


def emphasised(result: CleanResult) -> list[str]:
    out = []
    for b in walk_blocks(result.document.blocks):
        for run in block_inlines(b):
            out.extend(inline_text(x.children) for x in walk_inlines(run)
                       if isinstance(x, Emph))
    return out


ALL = ["mia_hansen_fascism9.htm", "mia_johnstone_spain.htm",
       "mia_bax_babeuf_ch02.htm", "mia_marx_wage_labour_ch01.htm",
       "calibre_marx_value_price_profit.epub",
       "calibre_doj_computer_crimes.epub"]

# The sites' own words: navigation, headers, footers, contents pages
SITE_WORDS = re.compile(
    r"Last updated|Top of the page|MIA\s*>|Internet Archive|Archive Index|"
    r"Bax Archive|Capital Index|What are Wages|Table of Contents|"
    r"Study Guide|Economics Index|Marx Engels Archive|Transcri|Public Domain|"
    r"Source: (?:MECW|Marx, Karl|Socialist Appeal|Marxism Today)|^\W*(?:Foot)?[Nn]otes\W*$|Contents \|", re.M)


@pytest.mark.parametrize("name", ALL)
def test_detected_conserved_no_site_words_notes_linked(name):
    fmt, result = read(name)
    assert fmt == ("epub" if name.endswith(".epub") else "html")
    cons = result.report.conservation
    assert cons["ok"] and not cons["lost"], cons
    body = text(result)
    assert not SITE_WORDS.search(body), SITE_WORDS.search(body)
    assert "&#160;" not in body and "\u00a0\n" not in body
    # every call has its note and every note its call, none missing
    labels = calls(result)
    notes = [n.label for n in result.document.notes]
    assert sorted(set(labels)) == sorted(notes)
    assert not any(n.missing for n in result.document.notes)


def test_marxists_org_head_and_foot_to_metadata():
    """The author's heading, the title heading and the date heading above
    the text go to the metadata; the information block to the source
    lines; the footer, 'Last updated' and the emptied 'Notes' heading out;
    the note linked; the series heading and the sections kept; emphasis
    kept."""
    _, r = read("mia_hansen_fascism9.htm")
    meta = r.document.meta
    assert meta.title == "Stop Fascism in America!"
    assert meta.authors == ("Joseph Hansen",)
    assert meta.date == "1939-09"  # "September 1939" above the text
    assert meta.source_lines[0] == ("Source: Socialist Appeal, Vol. III "
                                    "No. 66, 6 September 1939, p. 3.")
    assert headings(r) == [
        "Will Father Coughlin Become Dictator of the United States?",
        "(Ninth Installment)\nWho Is This Father Coughlin?",
        "Coughlin’s Program"]
    assert calls(r) == ["1"]
    assert "Radio Priest" in emphasised(r)
    kinds = {x.kind for x in r.report.removals}
    assert {"title", "byline", "date", "boilerplate", "provenance"} <= kinds


def test_marxists_org_undeclared_language_is_reported():
    """A page without <html lang>: English read from its words (as
    ``clean FILE`` and ``add`` read it), and said."""
    _, r = read("mia_johnstone_spain.htm")
    meta = r.document.meta
    assert meta.language == "en"
    assert [p.code for p in r.report.problems] == ["LANG003"]
    assert "declares no language" in r.report.problems[0].message
    assert (meta.title, meta.authors, meta.date) == (
        "CPSU and Spanish Communists", ("Monty Johnstone",), "1984-05")
    first = block_text(r.document.blocks[0])
    assert first.startswith("The Spanish Communist Party has sent")
    assert calls(r) == ["1"]


def test_scraped_page_author_and_title_line():
    """A scraper's copy of a marxists.org page (HTML 4, iso-8859-1): the
    line 'Karl Marx / Wage Labour and Capital' above the chapter is the
    byline; the chapter heading kept; the footer's links out."""
    _, r = read("mia_marx_wage_labour_ch01.htm")
    meta = r.document.meta
    assert meta.authors == ("Karl Marx",)
    assert meta.title == "Wage Labour and Capital. Prelimary"  # as <title>
    assert headings(r) == ["Preliminary"]
    first = block_text(r.document.blocks[1])
    assert first.startswith("From various quarters we have been reproached")


def test_marxists_org_initials_in_title_and_footer_links():
    """<title> 'E. Belfort Bax: Babeuf (Chap.2)' with the author 'Ernest
    Belfort Bax': the title alone; the chapter heading kept; the 'Contents
    | MIA | Bax Archive' bar out."""
    _, r = read("mia_bax_babeuf_ch02.htm")
    meta = r.document.meta
    assert meta.title == "Babeuf (Chap.2)"
    assert meta.authors == ("Ernest Belfort Bax",)
    assert "II. The Revolutionary Drama Opens" in headings(r)
    assert "Ernest Belfort Bax" not in text(r)


def test_calibre_2011_epub():
    """calibre 0.7.55: a contents page and an index page of links to the
    book's files, marxists.org's provenance in each file, notes in a file
    of their own; the OPF's language (pt) contradicted by the words."""
    _, r = read("calibre_marx_value_price_profit.epub")
    meta = r.document.meta
    assert (meta.title, meta.authors) == ("Value, Price and Profit",
                                          ("Karl Marx",))
    assert meta.language == "pt"  # declared: kept, never silently changed
    assert [p.code for p in r.report.problems] == ["EPUB002"]
    assert "reads as `en`" in r.report.problems[0].message
    hs = headings(r)
    assert "I. Production and Wages" in hs
    assert "XIV. The Struggle Between Capital and Labour and its Results" \
        in hs
    assert calls(r) == ["1", "2", "3", "4", "5", "6", "7"]
    assert "Edited: by Eleanor Marx Aveling;" in meta.source_lines
    assert "contents" in {x.kind for x in r.report.removals}


def test_calibre_2022_split_epub_headings_and_notes():
    """calibre 5.36: headings written as bold, larger paragraphs
    (p.block_7, p.block_20), each note in its own index_split file."""
    _, r = read("calibre_doj_computer_crimes.epub")
    meta = r.document.meta
    assert meta.title == "Prosecuting Computer Crimes"
    assert meta.language == "en"
    hs = headings(r)
    assert "Chapter 3" in hs
    assert "A. Unlawful Access to Stored Communications: 18 U.S.C. § 2701" \
        in hs
    levels = {inline_text(b.children): b.level
              for b in walk_blocks(r.document.blocks)
              if isinstance(b, Heading)}
    assert levels["Chapter 3"] < levels[
        "A. Unlawful Access to Stored Communications: 18 U.S.C. § 2701"]
    # notes 12, 13, 14, 17, 18, 23, 24 of the book, each in its own file
    # after a "Notes" heading and a "[←12]" way back: numbered anew
    assert calls(r) == ["1", "2", "3", "4", "5", "6", "7"]
    first = [block_text(b) for b in r.document.notes[0].blocks]
    assert first[0].startswith("Similar language appears in the CFAA")
    assert r.report.counts["styled-headings"] >= 10
    # calibre's pictures with alt="Image": nothing said of them, not text
    assert "Image" not in [block_text(b) for b in r.document.blocks]
    assert "Image" in [x.text for x in r.report.removals if x.kind == "image"]


MIA_NOTE_OF_TWO_PARAGRAPHS = """<html lang="en"><head>
<title>Writer: A Text (1928)</title><meta name="author" content="A. Writer">
</head><body><h2>A. Writer</h2><h1>A Text</h1><h3>(May 1928)</h3>
<p>The first paragraph of the text says what it says.<span class="note">
<a id="f1" name="f1" href="#b1">[1]</a></span> And goes on.</p>
<p>The second one too.<span class="note"><a id="f2" href="#b2">[2]</a></span></p>
<h4>Notes</h4>
<p class="endnote"><a id="b1" href="#f1">1.</a> A note's first paragraph.</p>
<p class="endnote">“Its second paragraph, a quotation.</p>
<p class="endnote"><a id="b2" href="#f2">2.</a> Another note.</p>
<hr/><p class="next">Next: <a href="ch02.htm">II.</a> The Sequel</p>
</body></html>"""


def test_note_of_several_paragraphs_and_next_line():
    """(Made in the marxists.org manner, as its Mariátegui pages are.) A
    note's later paragraphs of the note's class stay with it; the
    'Next: II. The Sequel' line and the emptied 'Notes' heading go."""
    r = load_all()["html"].clean(MIA_NOTE_OF_TWO_PARAGRAPHS.encode(),
                                 source="m.htm", options={})
    doc = r.document
    assert [len(n.blocks) for n in doc.notes] == [2, 1]
    assert block_text(doc.notes[0].blocks[1]) == \
        "“Its second paragraph, a quotation."
    assert headings(r) == []
    assert "Next" not in text(r) and "Sequel" not in text(r)
    assert (doc.meta.title, doc.meta.date) == ("A Text", "1928-05")
    assert r.report.conservation["ok"]


def test_epub_without_language_read_from_its_words():
    """The 2022 calibre EPUB with its dc:language taken out: English read
    from its words and reported (LANG003), never silent."""
    import io
    import zipfile
    src = zipfile.ZipFile(HERE / "calibre_doj_computer_crimes.epub")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "content.opf":
                data = re.sub(rb"<dc:language>[^<]*</dc:language>", b"", data)
            z.writestr(info, data)
    r = clean_in_language(load_all()["epub"], out.getvalue(),
                          source="doj.epub", options={})
    assert r.document.meta.language == "en"
    assert [p.code for p in r.report.problems] == ["LANG003"]
    assert "declares no language" in r.report.problems[0].message


def test_news_post_without_related_stories_newsletter_or_donation():
    """A WordPress news post: the text, without its "Related" stories, its
    newsletter and donation boxes, its share buttons and menus, each
    listed as removed (the stories were kept before)."""
    fmt, result = read("wmf_turkey_news.html")
    assert fmt == "html"
    meta = result.document.meta
    assert meta.title == ("Access to Wikipedia restored in Turkey after "
                          "more than two and a half years")
    assert meta.language.startswith("en")
    body = text(result)
    assert body.startswith("Today, on Wikipedia’s 19th birthday")
    assert "We will keep this statement updated" in body
    for gone in ("Read further in the pursuit of knowledge",
                 "Stay up-to-date on our work", "Donate now", "Subscribe",
                 "Photo credits", "Skip to content", "Share"):
        assert gone not in body, gone
    removed = " ".join(r.text for r in result.report.removals)
    assert "Read further in the pursuit of knowledge" in removed
    cons = result.report.conservation
    assert cons["ok"] and not cons["lost"], cons

