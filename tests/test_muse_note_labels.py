"""Muse notes as Amusewiki numbers them, on what a sweep of real files
found: a note label defined more than once (chapters each numbering their
notes from [1], or a text pasted with its notes unrenumbered), which
pandoc's reader binds to one of the definitions, dropping the others
without a word; and notes called from inside a ``<verse>``, which were
reported as uncalled and listed as removed while they were linked."""

from __future__ import annotations

from pathlib import Path

from pamphleteer.cleaners import load_all
from pamphleteer.model import NoteRef, block_inlines, block_text, \
    walk_blocks, walk_inlines

FIX = Path(__file__).resolve().parent / "fixtures" / "pandoc"


def _clean(raw: str, source: str = "t.muse"):
    return load_all()["muse"].clean(raw, source=source, options={})


def _called_notes(result) -> list[str]:
    """The text of the note each call points to, in the order of the
    calls in the body."""
    doc = result.document
    by_label = {n.label: " ".join(block_text(b) for b in n.blocks)
                for n in doc.notes}
    out = []
    for block in walk_blocks(doc.blocks):
        for run in block_inlines(block):
            for node in walk_inlines(run):
                if isinstance(node, NoteRef):
                    out.append(by_label[node.label])
    return out


def _codes(result) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in result.report.problems]


def test_chapters_numbering_their_notes_from_one_each_keep_their_notes():
    raw = ("#title T\n#lang en\n\n** One\n\nA call [1] and [2].\n\n"
           "[1] One-one.\n\n[2] One-two.\n\n** Two\n\nAnother [1] here.\n\n"
           "[1] Two-one.\n")
    result = _clean(raw)
    # pandoc 3.9 alone gave the first call the note "Two-one." and the
    # words "One-one." were nowhere, with no word said
    assert _called_notes(result) == ["One-one.", "One-two.", "Two-one."]
    assert ("MUSE008", 16) in _codes(result)
    assert result.report.conservation["ok"]


def test_notes_gathered_at_the_end_are_paired_with_their_calls_in_order():
    raw = ("#title T\n\n* One\n\nFirst [1].\n\n* Two\n\nSecond [1].\n\n"
           "* Notes\n\n[1] For the first.\n\n[1] For the second.\n")
    result = _clean(raw)
    assert _called_notes(result) == ["For the first.", "For the second."]
    assert [c for c, _ in _codes(result)].count("MUSE008") == 1


def test_a_label_defined_more_often_than_called_loses_no_definition():
    """Amusewiki's own test of its footnote report: a canto of Dante with
    six calls [1] and ten notes [1] (and a {{{ }}} block showing a note,
    which is text). Each call takes the first note after it not yet
    taken; the four notes left have no call and are reported and listed,
    not dropped unseen (pandoc 3.9 gave every call the first note and
    nine notes vanished)."""
    raw = (FIX / "dante_footnotes_it.muse").read_text(encoding="utf-8")
    result = _clean(raw, "dante_footnotes_it.muse")
    called = _called_notes(result)
    assert [c for c in called if c != "Secondary"] == [
        "Ed elli a me: «Dopo lunga tencione",
        "Verranno al sangue, e la parte selvaggia",
        "Caccerà l’altra con molta offensione.",
        "Poi appresso convien che questa caggia",
        "Infra tre soli, e che l’altra sormonti",
        "Con La forza di tal che testé piaggia."]
    uncalled = [r.text for r in result.report.removals
                if r.kind == "note-uncalled"]
    assert len(uncalled) == 4 and "Giusti son due" in uncalled[-1]
    assert [line for code, line in _codes(result)
            if code == "MUSE007"] == [32, 34, 36, 38]
    assert ("MUSE008", 22) in _codes(result)
    # the note shown in the {{{ }}} block stays there, as text
    assert any("[1] pizza" in block_text(b)
               for b in walk_blocks(result.document.blocks))
    assert result.report.conservation["ok"]


def test_a_call_inside_a_verse_is_a_call():
    """Text::Amuse's verse test file: three notes called from inside a
    <verse>. They were linked, yet reported as having no call (MUSE007)
    and their words listed as removed."""
    raw = (FIX / "verse_notes.muse").read_text(encoding="utf-8")
    result = _clean(raw, "verse_notes.muse")
    assert _called_notes(result) == ["Another author", "This sucks",
                                     "The author"]
    assert not [c for c, _ in _codes(result) if c == "MUSE007"]
    assert not [r for r in result.report.removals
                if r.kind == "note-uncalled"]


def test_a_verse_line_opening_with_a_label_calls_it_and_defines_nothing():
    # inside a verse every line is text: "[1] ..." calls note 1 there
    # (pandoc reads it so), it is no second definition of note 1
    raw = ("#title V\n\nCalled [1].\n\n<verse>\n[1] a line of the poem\n"
           "</verse>\n\n[1] The note.\n")
    result = _clean(raw)
    assert _called_notes(result) == ["The note.", "The note."]
    assert not [c for c, _ in _codes(result) if c == "MUSE008"]


def test_marks_inside_a_note_are_text_as_text_amuse_prints_them():
    """Text::Amuse's secondary-fn-recursion.muse: in a note [N] another
    [M] is text, a secondary {M} a call; in a secondary note {N} every
    mark is text (its expected HTML: "{1} Rercursion Hello [1] there [2]
    {2}"). pandoc called them all and copied each note called into the
    note calling it: 41 notes printed for 10."""
    raw = (FIX / "secondary_fn_recursion.muse").read_text(encoding="utf-8")
    result = _clean(raw, "secondary_fn_recursion.muse")
    notes = {" ".join(block_text(b) for b in n.blocks)
             for n in result.document.notes}
    assert "Rercursion Hello [1] there [2] {2}" in notes
    assert "Recursion {1} [1]" in notes
    # the ten notes of the file, each once (pandoc's reading gave 41)
    assert len(result.document.notes) == 10
    assert result.report.conservation["ok"]
    assert not [code for code, _ in _codes(result) if code == "MUSE001"]


def test_a_note_citing_another_by_its_mark_keeps_the_mark():
    raw = ("#title C\n\nBody [1] and [2].\n\n[1] First, see [2] below; a "
           "secondary {1} is called.\n\n[2] Second.\n\n{1} Aside.\n")
    result = _clean(raw)
    assert _called_notes(result) == [
        "First, see [2] below; a secondary is called.", "Second."]
    assert len(result.document.notes) == 3


def test_a_note_called_only_from_itself_is_reported_in_its_own_words():
    # Text::Amuse's 10_theses.muse: "[2] [2] Footnote ...", called nowhere
    # else; Amusewiki prints no note 2, and pandoc dropped it unseen
    result = _clean("#title S\n\nBody [1].\n\n[1] One.\n\n[2] [2] Two.\n")
    assert ("MUSE007", 7) in _codes(result)
    assert [r.text for r in result.report.removals
            if r.kind == "note-uncalled"] == ["[2] [2] Two."]


def test_a_list_item_after_a_note_is_the_texts_with_its_calls():
    """Text::Amuse's secondary-fn.muse: " - In a list {60} [50]" after the
    note {55} (a blank line between) is a list item of the text, calling
    two notes; its calls were made text as if it went on with the note."""
    raw = ("#title L\n\n** Chapter [55] {55}\n\n[55] Here we are\n\n"
           "{55} Is it resetting?\n\n - In a list {60} [50]\n\n"
           "{60} Fn in a list\n\n     With the same indentation, it "
           "continues\n\n[50] Fn from list\n")
    result = _clean(raw)
    assert not [c for c, _ in _codes(result) if c in ("MUSE001", "MUSE007")]
    assert "Fn in a list With the same indentation, it continues" in (
        _called_notes(result))
