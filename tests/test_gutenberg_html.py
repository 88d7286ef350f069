"""Project Gutenberg's HTML books as users download them
(tests/fixtures/gutenberg_html/, see the README there): the title page set
apart, the contents and the list of illustrations left out, the printed
edition's index and page links never taken for notes, notes whose way
back leads to an anchor a few words before the call, transcriber's notes
set apart.  Each is read as ``pamphleteer clean FILE`` reads it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from helpers import read_as_user
from pamphleteer.cleaners import load_all
from pamphleteer.cleaners.registry import CleanResult
from pamphleteer.errors import InputError
from pamphleteer.model import (Division, Heading, NoteRef, Paragraph,
                               block_inlines, block_text, inline_text,
                               walk_blocks, walk_inlines)

HERE = Path(__file__).parent / "fixtures" / "gutenberg_html"
FILES = ("walton_angler_9198_cut.htm", "macdowell_essays_16351_cut.htm",
         "clark_minstrel_22089_cut.htm", "goldman_essays_2162_cut.htm",
         "kropotkin_bread_23428_cut.htm", "stirner_ego_34580_cut.htm",
         "proudhon_property_360_cut.htm", "gibbon_decline_731_cut.htm")


@lru_cache(maxsize=None)
def read(name: str) -> tuple[str, CleanResult]:
    return read_as_user(HERE / name)


def body_text(result: CleanResult) -> str:
    return "\n".join(block_text(b) for b in walk_blocks(
        result.document.blocks))


def headings(result: CleanResult) -> list[str]:
    return [inline_text(b.children) for b in walk_blocks(
        result.document.blocks) if isinstance(b, Heading)]


def divisions(result: CleanResult, role: str) -> list[str]:
    return ["\n".join(block_text(x) for x in walk_blocks(b.blocks))
            for b in walk_blocks(result.document.blocks)
            if isinstance(b, Division) and b.role == role]


def removed(result: CleanResult, kind: str) -> str:
    return "\n".join(r.text for r in result.report.removals
                     if r.kind == kind)


@pytest.mark.parametrize("name", FILES)
def test_read_whole_as_html_without_the_licence(name):
    fmt, result = read(name)
    assert fmt == "html"
    assert result.report.conservation["lost"] == []
    text = body_text(result)
    assert "Project Gutenberg" not in text
    assert "START OF TH" not in text
    assert result.document.meta.language == "en"
    # the licence the About page prints, as the plain-text reader says it
    number = name.split("_")[-2]
    assert dict(result.document.meta.extra)["license"] == (
        "Public domain in the USA; distributed by Project Gutenberg "
        f"(eBook #{number})")


def test_title_page_set_apart_contents_and_pictures_list_left_out():
    _, r = read("walton_angler_9198_cut.htm")
    meta = r.document.meta
    assert meta.title == "The Complete Angler, 1653"
    assert meta.authors == ("Isaak Walton",)
    heads = headings(r)
    # The title page's lines are no sections of the text.
    assert heads[0] == "PREFACE."
    assert not {"By", "OR,", "ISAAK WALTON."} & set(heads)
    page = divisions(r, "title-page")
    assert len(page) == 1 and "CONTEMPLATIVE MAN’S RECREATION" in page[0]
    assert "By" in removed(r, "title-block")
    text = body_text(r)
    for gone in ("CONTENTS", "CHAP. II.", "List of Illustrations",
                 "F a Trout", "(155K)"):
        assert gone not in text, gone
    assert "CHAP. XIII." in removed(r, "contents")
    assert "F a Trout" in removed(r, "contents")


def test_typography_runs_across_emphasis():
    # A paragraph with straight quotes and italics: curled like any other
    # (the inline boundaries once turned into opening quotes, and the
    # paragraph kept its straight ones).
    _, r = read("walton_angler_9198_cut.htm")
    para = next(block_text(b) for b in walk_blocks(r.document.blocks)
                if block_text(b).startswith("Such interest"))
    assert "“The Compleat Angler” after “Robinson Crusoe”" in para
    assert '"' not in para and "Walton’s death" in para


def test_page_links_are_no_notes_and_the_way_back_is_no_call():
    _, r = read("macdowell_essays_16351_cut.htm")
    notes = r.document.notes
    # One note in the cut: its way back leads to an anchor a few words
    # before the call ("<a name=ft01></a>All that aims ... rhythm.<a
    # href=#fn01>1</a>"); the body's paragraph stays in the body.
    assert len(notes) == 1
    note = block_text(notes[0].blocks[0])
    assert note.startswith("The strength of the “Fate” motive")
    calls = [x for b in walk_blocks(r.document.blocks)
             for run in block_inlines(b) for x in walk_inlines(run)
             if isinstance(x, NoteRef)]
    assert [c.label for c in calls] == [notes[0].label]
    assert "All that aims to be dramatic" in body_text(r)
    # The printed edition's index and its page links: left out, and no
    # note made of the paragraphs its numbers point to.
    text = body_text(r)
    assert "Accents, 92" not in text and "INDEX" not in text
    assert "Accents" in removed(r, "contents")
    assert "A." not in headings(r)


def test_transcribers_notes_set_apart():
    _, r = read("macdowell_essays_16351_cut.htm")
    (tn,) = divisions(r, "transcriber-note")
    assert tn.startswith("Most of the musical examples")
    assert "Transcriber’s Note" not in headings(r)
    _, m = read("clark_minstrel_22089_cut.htm")
    first = m.document.blocks[0]
    assert isinstance(first, Division) and first.role == "transcriber-note"
    assert first.credit == "Transcriber’s note"
    # the title, above the text, once the note is set apart
    assert m.document.meta.title == "The Liberty Minstrel"
    assert "THE LIBERTY MINSTREL." not in " ".join(headings(m))


def test_too_deep_nesting_is_refused_with_its_line(tmp_path):
    raw = ("<html><body><p>Hello.</p>\n<p>" + "<sup>" * 300 +
           " end</p></body></html>").encode()
    with pytest.raises(InputError) as err:
        load_all()["html"].clean(raw, source="deep.html", options={})
    assert "deep.html: line 2" in str(err.value)
    assert "too deeply" in str(err.value)


def test_no_paragraph_is_a_title_page_outside_gutenberg():
    raw = ("<html><head><title>Essay</title></head><body>"
           "<h1>Essay</h1><h3>OR,</h3><p>Short line.</p>"
           "<p>" + "A long paragraph of the essay itself. " * 10 + "</p>"
           "</body></html>").encode()
    r = load_all()["html"].clean(raw, source="e.html", options={})
    assert not any(isinstance(b, Division) and b.role == "title-page"
                   for b in walk_blocks(r.document.blocks))
    assert all(isinstance(b, (Heading, Paragraph))
               for b in r.document.blocks)


def test_links_to_a_sections_anchor_are_contents_not_notes():
    # The Devil's Dictionary (PG #972): a contents of one-letter links
    # ("A", "B") to anchors set alone in a paragraph, or at the end of the
    # paragraph before the section's heading ("A.B. <a name=...>"): no
    # note is made of them, and the signature stays in the text
    para = ("<p>An entry of the dictionary, with enough words in it to be "
            "a paragraph of the text and not a line of a title page.</p>")
    page = ("<html><head><title>The Devil's Dictionary</title></head><body>"
            "<h1>THE DEVIL'S DICTIONARY</h1><blockquote><p class='toc'>"
            "<b>CONTENTS</b></p><p class='toc'><a href='#s1'> PREFACE </a>"
            "</p><p class='toc'><a href='#s2'> A </a></p><p class='toc'>"
            "<a href='#s3'> B </a></p></blockquote>"
            "<p><a name='s1'></a></p><div><br></div><h2>PREFACE</h2>"
            + para * 2 + "<p>A.B. <a name='s2'></a></p><h2>A</h2>" + para
            + "<p>G.J. <a name='s3'></a></p><div><br></div><h2>B</h2>"
            + para + "</body></html>").encode()
    r = load_all()["html"].clean(page, source="d.html", options={})
    assert r.document.notes == ()
    assert not any(p.code == "PANDOC002" for p in r.report.problems)
    text = body_text(r)
    assert "A.B." in text and "G.J." in text and "CONTENTS" not in text
    assert headings(r)[:1] == ["PREFACE"]



def test_a_poem_set_in_pre_is_verse():
    # The Devil's Dictionary and The Complete Angler (David Widger's HTML)
    # set their poems in <pre>: verse, lines, stanzas and indents kept,
    # typography as in the rest of the text (not code)
    poem = ("<pre>\n  Poor Isabella's Dead, whose abdication\n  Set all "
            "tongues wagging in the Spanish nation.\n\n    For that "
            "performance 'twere unfair to scold her:\n  She wisely left a "
            "throne too hot to hold her.\n</pre>")
    page = ("<html><head><title>D</title></head><body><pre>Title: The "
            "Devil's Dictionary\n\n*** START OF THIS PROJECT GUTENBERG "
            "EBOOK THE DEVIL'S DICTIONARY ***\n</pre><h2>A</h2><p>ABDICATION,"
            " n. An act whereby a sovereign attests his sense of the high "
            "temperature of the throne.</p>" + poem + "<p>G.J.</p><pre>*** "
            "END OF THIS PROJECT GUTENBERG EBOOK THE DEVIL'S DICTIONARY ***"
            "</pre></body></html>").encode()
    r = load_all()["html"].clean(page, source="d.html", options={})
    (verse,) = [b for b in walk_blocks(r.document.blocks)
                if isinstance(b, Division) and b.role == "verse"]
    stanzas = [block_text(b) for b in verse.blocks]
    assert len(stanzas) == 2
    assert stanzas[0].startswith("Poor Isabella’s Dead, whose abdication\n")
    assert stanzas[1].lstrip("\u00a0").startswith("For that performance ’twere")
    assert r.report.counts["verse-pre"] == 1
    assert r.report.conservation["ok"]


def _calls_in_order(result: CleanResult) -> list[tuple[str, str]]:
    """(label, the three words before the call) of every call of the
    text."""
    out = []
    for b in walk_blocks(result.document.blocks):
        for run in block_inlines(b):
            for i, x in enumerate(run):
                if isinstance(x, NoteRef):
                    words = inline_text(run[:i]).split()[-3:]
                    out.append((x.label, " ".join(words)))
    return out


def test_notes_set_as_text_are_linked_to_their_bracketed_calls():
    """An older file's notes: plain "[1]" in the text, and after each
    essay its notes as ``<P CLASS="footnote">[1] ...`` without a link.
    Numbers start again in each essay; each note goes to the call of its
    own essay, and a note whose call is not in the text stays in it,
    said with its line (HTML004)."""
    _, r = read("goldman_essays_2162_cut.htm")
    notes = {n.label: " ".join(block_text(b) for b in n.blocks)
             for n in r.document.notes}
    assert list(notes.values()) == [
        "The intellectuals.",
        "A revolutionist committing an act of political violence.",
        "PARIS AND THE SOCIAL REVOLUTION."]
    calls = _calls_in_order(r)
    assert [label for label, _ in calls] == list(notes)
    assert "white hands" in calls[0][1]
    assert "ATTENTATER" in calls[1][1]
    text = body_text(r)
    assert "[1]" not in text and "[2]" not in text
    # The two notes whose calls the cut left out stay, said.
    assert "[3] From a pamphlet" in text and "[4] THE FREE HINDUSTAN" in text
    lines = sorted(p.line for p in r.report.problems if p.code == "HTML004")
    assert len(lines) == 2 and all(lines)
    assert r.report.conservation["lost"] == []


def test_a_linked_note_holding_a_heading_and_a_table_is_a_note():
    """The Conquest of Bread's last note holds a heading and a table
    (its figures for the Seine): still the note of its call, the heading
    a paragraph of it, the table kept; "NOTES" and the linked labels go."""
    from pamphleteer.model import Table

    _, r = read("kropotkin_bread_23428_cut.htm")
    notes = r.document.notes
    assert len(notes) == 3
    last = notes[-1]
    assert block_text(last.blocks[0]).startswith("Summing up the figures")
    assert any(isinstance(b, Table) for b in last.blocks)
    assert any(block_text(b) == "Departments of Seine and Seine-et-Oise"
               for b in last.blocks)
    calls = _calls_in_order(r)
    assert [label for label, _ in calls] == [n.label for n in notes]
    text = body_text(r)
    assert "[13]" not in text and "NOTES" not in headings(r)
    assert r.report.conservation["lost"] == []


def test_an_older_files_contents_of_linked_headings_and_the_sketchs_heading():
    """Anarchism and Other Essays lists its contents as headings, each one
    link ("<H4><A HREF=#bio>Biographic Sketch</A></H4>"): contents, left
    out, not fifteen empty sections (a selected essay was its contents
    entry alone).  Its biographical sketch is headed with the author's
    name: the heading of a part of the text, not a second byline, nor a
    line of the title page."""
    _, r = read("goldman_essays_2162_cut.htm")
    heads = headings(r)
    assert "Biographic Sketch" not in heads and "Preface" not in heads
    assert "Minorities Versus Majorities" not in heads
    assert "Biographic Sketch" in removed(r, "contents")
    assert heads[0] == "EMMA GOLDMAN"
    assert "EMMA GOLDMAN" not in "\n".join(divisions(r, "title-page"))
    assert r.document.meta.authors == ("Emma Goldman",)


def test_a_title_page_credit_and_the_pages_parted_by_rules():
    """The Ego and His Own: "With an Introduction by J. L. WALKER" on the
    title page credits someone, it does not open the text; the copyright
    and the dedication, parted from the title page by rules, are title
    page too.  The text begins at the publisher's preface."""
    _, r = read("stirner_ego_34580_cut.htm")
    page = "\n".join(divisions(r, "title-page"))
    for line in ("STEVEN T. BYINGTON", "With an Introduction by",
                 "BENJ. R. TUCKER", "Copyright. 1907", "TO MY SWEETHEART",
                 "MARIE DÄHNHARDT"):
        assert line in page, line
    assert headings(r)[0] == "PUBLISHER’S PREFACE"
    assert r.document.meta.translators == ("Steven T. Byington",)


def test_a_call_right_after_the_previous_essays_notes_is_found():
    """Essays of one paragraph each, each followed by its note: the call
    in the paragraph right after a note was looked for only past it (one
    note of three linked); a page of thousands links them all."""
    import lxml.html

    from pamphleteer.cleaners.pandoc.notes import bracket_notes
    from pamphleteer.report import CleaningReport

    def linked(n: int) -> int:
        body = "".join(f"<p>Essay {k} says [1] this.</p>"
                       f"<p class='footnote'>[1] Note {k}.</p>"
                       for k in range(n))
        doc = lxml.html.document_fromstring(f"<html><body>{body}</body>"
                                            "</html>")
        notes = bracket_notes(doc.find("body"), CleaningReport("html", "x"))
        texts = [" ".join(w.itertext()).split() for w in notes]
        assert texts == [["Note", f"{k}."] for k in range(n)]
        return len(notes)

    assert linked(3) == 3
    assert linked(3000) == 3000


def test_a_title_page_in_a_box_with_its_epigraph_and_publishers():
    """The Liberty Minstrel: the whole title page stands in a box
    (``div.bbox``) holding an epigraph in verse and the publishers'
    addresses, both longer than a title page's line; "BY", "NEW-YORK:"
    and "1844." below them say they are the title page's, as the
    plain-text reader reads them.  The copyright under the box is the title
    page's too; the text begins at the preface."""
    _, r = read("clark_minstrel_22089_cut.htm")
    page = "\n".join(divisions(r, "title-page"))
    for line in ("When the striving of surges", "nation when free?",
                 "GEO. W. CLARK.", "NEW-YORK:", "LEAVITT & ALDEN", "1844.",
                 "Entered according to act of Congress",
                 "MUSIC STEREOTYPERS AND PRINTERS"):
        assert line in page, line
    assert headings(r)[0] == "PREFACE."
    assert "All creation is musical" not in page


def test_a_long_block_without_a_title_page_line_after_it_is_text():
    """A poem in short lines above the first heading, with nothing a title
    page prints after it, is not taken into the title page."""
    poem = "<br/>\n".join(f"Line {i} of the poem that opens" for i in range(8))
    raw = ("<html><body><pre>\n*** START OF THIS PROJECT GUTENBERG EBOOK X "
           "***\n</pre><div class='box'><h1>X</h1><p>An Old Title</p>"
           f"<div class='cpoem'><p>{poem}</p></div></div>"
           "<h2>PREFACE</h2><p>" + "Prose of the preface. " * 20 + "</p>"
           "<pre>*** END OF THIS PROJECT GUTENBERG EBOOK X ***</pre>"
           "</body></html>").encode()
    r = load_all()["html"].clean(raw, source="x.htm", options={})
    page = "\n".join(divisions(r, "title-page"))
    assert "An Old Title" in page and "Line 0" not in page
    assert "Line 7 of the poem" in body_text(r)


def test_a_note_after_its_empty_anchor_is_the_note():
    """David Widger's layout (What is Property?, 2000s): each note's
    anchor alone in an empty paragraph, the note in the paragraph after
    it, "1 (<a>return</a>)<br> [ the note ]": that paragraph is the note,
    its number, the way back and the brackets round it gone."""
    _, r = read("proudhon_property_360_cut.htm")
    notes = [" ".join(block_text(b) for b in n.blocks)
             for n in r.document.notes]
    assert len(notes) == 2
    assert notes[0].startswith("[ In the French edition of Proudhon")
    assert notes[1].startswith("[ “An Inquiry into Grammatical")
    assert [label for label, _ in _calls_in_order(r)] == ["1", "2"]
    assert not any(p.code == "PANDOC003" for p in r.report.problems)
    text = body_text(r)
    assert "return" not in text and "French edition" not in text
    assert removed(r, "note-backlink").split("\n") == ["()", "return"] * 2
    assert r.report.counts["note-after-its-anchor"] == 2
    assert r.report.conservation["lost"] == []


def test_a_next_notes_anchor_at_the_end_of_a_note_and_a_lettered_label():
    """Gibbon's Decline and Fall in the same layout: the anchor of note
    21 set at the end of note 20 (``...] <a name="linknote-21"></a></p>``)
    stands for the paragraph after it, and "2a" (the editor's note beside
    the author's) is a label like "2"."""
    _, r = read("gibbon_decline_731_cut.htm")
    notes = [" ".join(block_text(b) for b in n.blocks)
             for n in r.document.notes]
    assert [n.lstrip("[ ").split()[0] for n in notes] == [
        "The", "Trajan’s", "Eutropius", "Dion"]
    calls = _calls_in_order(r)
    assert [words.split()[-1] for _, words in calls] == [
        "volume,", "Philip.", "India.", "provinces."]
    assert not any(p.code == "PANDOC003" for p in r.report.problems)
    assert "return" not in body_text(r)
    assert r.report.conservation["lost"] == []
