"""A held-out sweep of the DOCX and ODT readers on real Word and
LibreOffice files (pandoc's and python-docx's test files, and
LibreOffice's conversions of them; see fixtures/office_sweep/README.md):
what pandoc's readers drop without a word is listed in the report."""

from __future__ import annotations

from pathlib import Path

from pamphleteer.cleaners import load_all
from pamphleteer.model import document_words

FIX = Path(__file__).resolve().parent / "fixtures" / "office_sweep"
PANDOC_FIX = Path(__file__).resolve().parent / "fixtures" / "pandoc"


def _read(name: str, folder: Path = FIX):
    fmt = name.rsplit(".", 1)[1]
    return load_all()[fmt].clean((folder / name).read_bytes(), source=name,
                                 options={})


def _removed(result, kind: str) -> list[str]:
    return [r.text for r in result.report.removals if r.kind == kind]


def _codes(result) -> list[str]:
    return [p.code for p in result.report.problems]


def _text(result) -> str:
    return " ".join(document_words(result.document))


def test_docx_tracked_deletion_is_reported_not_read():
    result = _read("track_changes_deletion.docx")
    assert "excessively" not in _text(result)
    assert _removed(result, "tracked-deletion") == ["n excessively modified"]
    assert "PANDOC008" in _codes(result)
    assert result.report.conservation["ok"]


def test_docx_paragraph_mark_changes_are_said():
    # a paragraph split and two joined: no words deleted, still changes
    result = _read("paragraph_insertion_deletion.docx")
    assert "PANDOC008" in _codes(result)


def test_odt_tracked_deletion_is_reported_not_read():
    result = _read("odt_trackedChanges.odt")
    assert _text(result).split()[:4] == ["some", "text", "with", "and"]
    assert _removed(result, "tracked-deletion") == ["deleted"]
    assert "PANDOC008" in _codes(result)


def test_comments_are_reported_not_read():
    for name in ("comments.docx", "lo_comments.odt"):
        result = _read(name)
        comments = _removed(result, "comment")
        assert "Jesse Rosenthal: I left a comment." in comments, name
        assert "Jesse Rosenthal: Do something else." in comments, name
        assert len(comments) == 5, name
        assert "left" not in _text(result).split(), name
        assert "PANDOC008" not in _codes(result), name
        assert result.report.conservation["ok"], name


def test_headers_and_footers_are_reported_not_read():
    for name in ("sct-first-page-hdrftr.docx", "lo_hdrftr.odt"):
        result = _read(name)
        assert _removed(result, "header-footer") == [
            "Default (odd, primary) Header",
            "First Page Header (section 2)"], name
        assert "header" not in _text(result).split(), name


def test_table_of_contents_entries_are_left_out_and_reported():
    # Word's TOC field (French styles, "TM1"): its entries repeat the
    # headings with their page numbers; LibreOffice's index likewise
    for name in ("pageref.docx", "lo_pageref.odt"):
        result = _read(name)
        assert _text(result).split()[:3] == ["title", "title", "2"], name
        assert _removed(result, "contents") == ["Title 2", "Title2 2"], name
        assert result.report.conservation["ok"], name


def test_libreoffice_odt_of_html_notes_links_become_notes():
    # LibreOffice opened pandoc's HTML of a known text (three notes) and
    # saved it as ODT: each note a superscript link to a paragraph of a
    # list at the end, which links back with "↩︎"
    result = _read("commons_lo.odt", PANDOC_FIX)
    notes = result.document.notes
    assert len(notes) == 3
    assert result.report.counts["note-calls"] == 3
    words = " ".join(document_words(result.document))
    assert "↩" not in words
    assert _removed(result, "note-back-link") == ["↩︎"] * 3
    assert result.report.conservation["ok"]


def test_libreoffice_docx_of_html_notes_links_become_notes():
    # the same HTML saved as DOCX by LibreOffice: the call's bookmark is
    # inside its link, the note a list item with a back link
    result = _read("lo_commons_notes.docx")
    notes = result.document.notes
    assert len(notes) == 3
    assert result.report.counts["note-calls"] == 3
    assert "stranger was a surveyor" in " ".join(
        document_words(result.document))
    assert _removed(result, "note-back-link") == ["↩︎"] * 3
    assert result.report.conservation["ok"]


def test_internal_links_without_an_answer_stay_links_text():
    # links to bookmarks that do not link back (pandoc's links.docx, a
    # cross-reference to a heading) are no notes
    for name in ("pageref.docx",):
        result = _read(name)
        assert not result.document.notes
        assert "notes-linked" not in result.report.counts


def test_a_picture_in_a_text_box_pandoc_never_reads_is_said():
    """pandoc's own test file: a picture in a text box with its caption.
    pandoc reads the caption but not the picture, which then was in
    neither the text nor the report (PANDOC009 now); a picture pandoc
    reads is listed as an image and gets no such warning."""
    result = _read("image_with_textbox_caption.docx")
    assert "PANDOC009" in _codes(result)
    assert result.report.counts["pictures-unread"] == 1
    from pamphleteer.cleaners.pandoc import office

    assert office.docx_pictures(
        (FIX / "lo_commons_notes.docx").read_bytes()) == 0
    assert "PANDOC009" not in _codes(_read("lo_commons_notes.docx"))


def test_docx_hidden_text_is_left_out_and_listed():
    # Word neither shows nor prints text of its Hidden font setting
    # (w:vanish), on the run or by its character style; pandoc read it
    # as text, in the middle of the sentence it was hidden in
    result = _read("unseen.docx")
    text = _text(result)
    assert "each family cut one strip of grass" in text
    assert "the upper meadow stayed open" in text
    for gone in ("marta", "draft", "unclear"):
        assert gone not in text
    assert _removed(result, "hidden-text") == [
        "check this with Marta", "Draft paragraph nobody was meant to print.",
        "[source unclear]"]
    assert "PANDOC010" in _codes(result)
    assert result.report.conservation["ok"]


def test_docx_shapes_pandoc_does_not_read_keep_their_text():
    # a text box Word wrote in DrawingML only (no VML copy, all pandoc
    # reads of a shape), one outside any mc:AlternateContent and a VML
    # WordArt (its words an attribute) were lost without a word
    result = _read("unseen.docx")
    text = _text(result)
    for title in ("commons papers", "valley series", "number four",
                  "fiery banner press"):
        assert text.count(title) == 1, title
    assert text.index("fiery banner press") < text.index("the valley kept")
    assert result.report.counts["shape-texts"] == 3
    assert "PANDOC011" in _codes(result)
    assert "PANDOC012" not in _codes(result)


def test_docx_words_pandoc_never_read_are_said(monkeypatch):
    # the conservation proof starts from what pandoc read; the words of
    # the file it did not read are counted against it (here, with the
    # shapes left as pandoc finds them)
    from pamphleteer.cleaners.pandoc import office_unseen

    monkeypatch.setattr(office_unseen, "_lift_shapes", lambda part: [])
    result = _read("unseen.docx")
    assert "valley series" not in _text(result)
    [msg] = [p.message for p in result.report.problems
             if p.code == "PANDOC012"]
    assert msg.startswith("7 word(s)")
    assert "“valley”" in msg and "“banner”" in msg
    # a file pandoc reads whole is not said to lose words
    assert "PANDOC012" not in _codes(_read("comments.docx"))
    assert "PANDOC012" not in _codes(_read("pageref.docx"))


def test_odt_hidden_text_is_left_out_and_listed():
    result = _read("unseen.odt")
    text = _text(result)
    hidden = " ".join(_removed(result, "hidden-text"))
    for word in ("bravo", "deltahiddentext", "kilohiddenspan",
                 "novembernamedstyle", "papahiddenparastyle",
                 "sierrahiddensection"):
        assert word not in text, word
        assert word in hidden.casefold(), word
    assert "PANDOC010" in _codes(result)
    # shown: the conditional text's current value, the other one listed
    assert "golftrue" in text and "india" in text
    assert _removed(result, "conditional-text") == ["hotelfalse"]
    # a section hidden or not by a condition: kept, and said
    assert "tangoconditionsection" in text
    assert result.report.conservation["ok"]


def test_odt_frames_and_shapes_keep_their_text():
    result = _read("unseen.odt")
    text = _text(result)
    for word in ("victorframetext", "yankeeparaframe", "fontworkshape",
                 "rectangletext"):
        assert word in text, word
    assert "PANDOC011" in _codes(result)
    assert "PANDOC012" not in _codes(result)


def test_odt_caption_in_a_shape_is_kept_with_its_number():
    result = _read("lo_textbox_caption.odt")
    assert _text(result).startswith("1 daniel schliebner")
    assert "PANDOC011" in _codes(result)
    assert "PANDOC012" not in _codes(result)
