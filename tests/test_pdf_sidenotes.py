"""The ``pdf`` reader on layouts :mod:`pdfgen` does not make: LibreOffice
from a flat ODT (page-foot notes, running header and footer) and
WeasyPrint with Tufte-style sidenotes, in four languages
(:mod:`pdfgen_unseen`); and the rules they called for, on made-up lines."""

from __future__ import annotations

import shutil

import pytest

from pamphleteer.cleaners import load_all, run
from pamphleteer.cleaners.pdf import blocks, extract
from pamphleteer.cleaners.pdf.layout import Geometry
from pamphleteer.model import BlockQuote, LineBreak, Paragraph, walk_inlines

from pdfgen_unseen import render_libreoffice, render_tufte, score

BARS = {"words": 0.995, "paragraphs": 0.97, "notes": 0.98, "headings": 0.95,
        "quotes": 0.9, "emphasis": 0.95}


def _clean(path):
    load_all()
    return run("pdf", path.read_bytes(), source=str(path), options={})


def _meets_bars(result, truth):
    sc = score(result.document, truth)
    for key, bar in BARS.items():
        assert sc[key] >= bar, (key, sc)
    assert sc["lost"] == [] and sc["extra"] == [], sc
    assert sc["title"], sc
    assert result.report.conservation["ok"], result.report.conservation
    return sc


# -- Tufte-style sidenotes (WeasyPrint) --------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("lang,seed,side", [("en", 11, "right"),
                                            ("es", 14, "right"),
                                            ("fr", 15, "left")])
def test_sidenotes_become_notes_linked_to_their_calls(tmp_path, lang, seed,
                                                     side):
    path = tmp_path / "t.pdf"
    truth = render_tufte(lang, seed, path, side=side)
    result = _clean(path)
    _meets_bars(result, truth)
    doc = result.document
    assert len(doc.notes) == len(truth.notes) >= 10
    # The author's name set flush left under the title is the byline.
    assert doc.meta.authors == (truth.author,)
    assert not any(isinstance(b, Paragraph) and truth.author in
                   "".join(str(x) for x in b.children) for b in doc.blocks)


@pytest.mark.slow
def test_a_margin_gloss_without_a_label_stays_in_the_text(tmp_path):
    """Small type in the margin that opens with no note label answering a
    call (a gloss) is not taken for a note."""
    from weasyprint import HTML

    body = " ".join(f"Sentence {k} of a paragraph that runs on and on."
                    for k in range(30))
    html = (
        "<style>@page{size:A4;margin:2cm} body{width:62%;font:11pt serif}"
        ".g{float:right;margin-right:-60%;width:50%;font-size:8.5pt}</style>"
        f"<p><span class='g'>A gloss in the margin, no label.</span>{body}</p>"
        f"<p>{body}</p>")
    path = tmp_path / "g.pdf"
    HTML(string=html).write_pdf(str(path))
    result = _clean(path)
    assert not result.document.notes
    assert not [p for p in result.report.problems if p.code == "PDF010"]
    from pamphleteer.model import block_text
    text = " ".join(block_text(b) for b in result.document.blocks)
    # Where it stands, beside the first paragraph: not note text put last.
    assert -1 < text.find("A gloss in the margin") < text.find("Sentence 29")
    assert result.report.conservation["ok"]


# -- LibreOffice: labels glued to their notes --------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"),
                    reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("lang,seed", [("fr", 12), ("de", 13)])
def test_libreoffice_notes_numbered_past_nine(tmp_path, lang, seed):
    """LibreOffice sets a note's label and a tab to the text's indent: a
    label of two digits fills the tab, and the text follows it with no
    space ("10The rota ...")."""
    path, truth = render_libreoffice(lang, seed, tmp_path)
    assert len(truth.notes) >= 10
    result = _clean(path)
    _meets_bars(result, truth)
    assert not [p for p in result.report.problems if p.code == "PDF009"]


# -- Rules, on made-up lines -------------------------------------------------

def _line(text: str, x0: float, x1: float, base: float, size: float = 10.5,
          page: int = 0) -> extract.Line:
    span = extract.Span(text, "Serif", size, x0, base - 0.8 * size, x1,
                        base + 0.2 * size, base)
    return extract.Line(page, [span])


def test_a_justified_line_given_word_by_word_is_one_line():
    above = [_line("Als der Vermieter die Miete erhöhte, bezahlte die Küche",
                   51.1, 368.1, 461.7),
             _line("sie aus einer Sammlung. Die Kinder aßen zuerst, dann",
                   51.1, 368.2, 477.0)]
    words = ["Einrichtung", "unregelmäßig", "und", "verlangte", "eine"]
    xs = [(51.1, 114.3), (135.8, 210.2), (231.7, 251.9), (273.4, 324.1),
          (345.6, 368.1)]
    row = [_line(w, a, b, 507.6) for w, (a, b) in zip(words, xs)]
    out = extract.merge_lines(above + row)
    assert [ln.text for ln in out][-1] == " ".join(words)
    # Gaps of unequal widths are no justified line's spaces.
    row = [_line(w, a + (9 if k == 2 else 0), b + (9 if k == 2 else 0),
                 507.6) for k, (w, (a, b)) in enumerate(zip(words, xs))]
    assert len(extract.merge_lines(above + row)) > 3


def test_a_quotations_first_line_given_word_by_word_is_one_line():
    """Four words or more at equal gaps: one line running across them is
    enough (a quotation's first line above, its short last line below)."""
    above = _line("„Es war das beste Essen jenes Jahres, und ich", 79.5,
                  340.0, 472.2, 9.5)
    words = ["bezahlte", "es", "nur", "mit", "einem", "Nachmittag"]
    xs = [(79.5, 120.4), (138.9, 149.7), (168.1, 184.1), (202.6, 218.2),
          (236.7, 266.3), (284.7, 340.1)]
    row = [_line(w, a, b, 483.3, 9.5) for w, (a, b) in zip(words, xs)]
    below = _line("Kartoffelschälen.“", 79.5, 164.3, 494.3, 9.5)
    out = extract.merge_lines([above] + row + [below])
    assert [ln.text for ln in out] == [above.text, " ".join(words),
                                       below.text]


def test_a_line_cut_short_after_a_comma_ends_no_paragraph():
    """A short line ending in a comma (a float beside it took its room),
    the next opening with a capital (a German noun): one paragraph."""
    geo = _geo()
    a = _line("der an der Tür hing, mittags. Man stritt über das", 62.7,
              341.5, 220.5, 11.0)
    b = _line("Salz,", 62.7, 89.6, 235.9, 11.0)
    c = _line("Zwiebeln, über die Größe der Portionen, gegenseitige", 62.7,
              359.5, 251.3, 11.0)
    assert not blocks.para_break(b, c, 62.7, 357.9, geo, geo.pitch)
    assert not blocks.para_break(a, b, 62.7, 357.9, geo, geo.pitch)
    # A short line ending a sentence still ends its paragraph.
    b2 = _line("Salz.", 62.7, 89.6, 235.9, 11.0)
    assert blocks.para_break(b2, c, 62.7, 357.9, geo, geo.pitch)


def test_overlapping_sidenotes_are_read_note_by_note():
    """Sidenotes set so close that the next one's label stands above the
    last line of the one before (WeasyPrint's floats): each line goes on
    the note whose last line is one line's pitch above it."""
    from pamphleteer.cleaners.pdf import margins

    def labelled(label, text, base):
        lab = extract.Span(label, "Serif", 5.5, 402.7, base - 6, 409.8,
                           base, base - 2.8, superscript=True)
        body = extract.Span(" " + text, "Serif", 8.5, 409.8, base - 7,
                            550.0, base + 2, base)
        return extract.Line(0, [lab, body])

    lines = [labelled("18", "Entrevista con una antigua coci‐", 367.6),
             _line("nera, grabada muchos años des‐", 402.7, 542.4, 378.6,
                   8.5),
             labelled("19", "El informe del funcionario nunca", 383.0),
             _line("pués.", 402.7, 425.8, 389.7, 8.5),
             _line("se publicó.", 402.7, 449.1, 394.0, 8.5)]
    out = margins._by_note(lines, 11.0, {"18", "19"})
    assert [ln.text.strip()[:8] for ln in out] == [
        "18 Entre", "nera, gr", "pués.", "19 El in", "se publi"]


def _geo() -> Geometry:
    return Geometry(11.0, 15.4, {(0, 0): 62.7, (1, 0): 62.7},
                    {(0, 0): 357.9, (1, 0): 357.9}, 5.2)


def test_verse_of_long_lines_in_a_narrow_measure():
    """Four lines of verse alone on a page, the longest filling over 0.7
    of the quotation's measure, all alike in length: verse, one
    paragraph with its line breaks, not prose split in two."""
    geo = _geo()
    verse = ["The pot is wide, the fire is low,", "The bread is cut in ten,",
             "And those who came an hour ago", "Will come tomorrow again."]
    ends = [256.2, 217.3, 270.8, 237.3]
    run_ = [_line(t, 94.0, x1, 511.5 + 14.6 * k, 10.4)
            for k, (t, x1) in enumerate(zip(verse, ends))]
    u = blocks._quote(run_, geo, False)
    assert u.kind == "verse" and len(u.parts) == 1
    # Longer lines, each opening with a capital: verse still.
    verse = ["La marmite est large, le feu est bas,", "Le pain est coupé "
             "en dix,", "Et ceux qui sont venus ce matin-là",
             "Reviendront demain aussi."]
    ends = [285.4, 226.4, 276.3, 235.2]
    run_ = [_line(t, 94.0, x1, 511.5 + 14.6 * k, 10.4)
            for k, (t, x1) in enumerate(zip(verse, ends))]
    u = blocks._quote(run_, geo, False)
    assert u.kind == "verse" and len(u.parts) == 1
    # Prose filling its measure stays prose.
    prose = [_line("word " * 12, 94.0, 335.0, 511.5 + 14.6 * k, 10.4)
             for k in range(3)] + [_line("end.", 94.0, 120.0, 555.3, 10.4)]
    assert blocks._quote(prose, geo, False).kind == "quote"


def test_generated_verse_keeps_its_breaks(tmp_path):
    """(A check of the generator: verse is rendered as one quotation with
    line breaks, which the scorer compares as one paragraph.)"""
    path = tmp_path / "v.pdf"
    truth = render_tufte("en", 11, path)
    doc = _clean(path).document
    verses = [b for b in doc.blocks if isinstance(b, BlockQuote) and any(
        isinstance(x, LineBreak) for p in b.blocks
        for x in walk_inlines(p.children))]
    assert len(verses) == sum(1 for k, _ in truth.blocks if k == "verse")
