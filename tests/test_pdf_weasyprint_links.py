"""The ``pdf`` reader on what a browser engine (WeasyPrint) makes of a real
article's HTML: notes full of underlined web addresses, addresses wrapped
and hyphenated by the engine, words broken with U+2010, and two columns
one of which is mostly a quotation in smaller type.

Found by a held-out sweep (a Muse text through pandoc and WeasyPrint,
scored against the ``muse`` reader's reading): the underline of a wrapped
address's last line was taken for the footnote separator, so the notes
above it were read into the text; an address wrapped over two lines kept a
space in its middle; a column of quotation was not seen as a column, and
the page was read in rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners import load_all, run
from pamphleteer.cleaners.pdf import extract
from pamphleteer.cleaners.pdf_text.hyphens import (decide, url_goes_on,
                                                   vocabulary)
from pamphleteer.model import BlockQuote, Paragraph, block_text
from pamphleteer.text import words

PARA = ("On the sixth day the assembly of the occupied school decided to "
        "open its kitchen to anyone who came, and the neighbours brought "
        "bread, oil and the news of the other towns.")

NOTES = [
    "Tasos Sagris, “Nothing Changed, Everything is Different”, in "
    "<i>We Are an Image from the Future</i> (Oakland: AK Press, 2010), "
    "358–363.",
    "“How to Organize an Insurrection”, <i>Crimethinc</i>, 25 December "
    "2008, <a href=\"https://crimethinc.com/2008/12/25/how-to-organize-an"
    "-insurrection\">https://crimethinc.com/2008/12/25/how-to-organize-an"
    "-insurrection</a>.",
    "“A tribute to Loukanikos, the legendary riot dog”, <i>Roar</i>, "
    "<a href=\"https://web.archive.org/web/20141010101950/https://roarmag"
    ".org/2014/10/loukanikos-riot-dog-dies/\">https://web.archive.org/web/"
    "20141010101950/https://roarmag.org/2014/10/loukanikos-riot-dog-dies/"
    "</a>.",
]

CSS = """
@page { size: A5; margin: 2cm 1.8cm 2.2cm 1.8cm;
  @bottom-center { content: counter(page); font: 9pt serif; }
  @footnote { border-top: 0.5pt solid black; padding-top: 4pt; } }
body { font-family: serif; font-size: 10.5pt; line-height: 1.3;
  text-align: justify; hyphens: auto; }
p { margin: 0; text-indent: 1.4em; }
.fn { float: footnote; font-size: 8pt; text-indent: 0; text-align: left; }
::footnote-call { font-size: 0.7em; vertical-align: super; line-height: 0; }
::footnote-marker { content: counter(footnote) ". "; }
"""


def _plain(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)


def clean(path):
    load_all()
    return run("pdf", path.read_bytes(), source=str(path), options={})


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from weasyprint import HTML

    body = "".join(f"<p>{PARA}<span class=\"fn\">{n}</span></p>"
                   for n in NOTES)
    path = tmp_path_factory.mktemp("links") / "links.pdf"
    HTML(string=f"<html lang=\"en\"><head><meta charset=\"utf-8\"><style>"
                f"{CSS}</style></head><body>{body}</body></html>"
         ).write_pdf(str(path))
    return path


def test_a_links_underline_is_no_footnote_rule(linked):
    import pymupdf

    # The page does hold what misled the reader: a short underline at
    # the text's left edge, over a note.
    doc = extract.open_pdf(linked.read_bytes(), str(linked))
    with pymupdf.open(str(linked)) as pdf:
        underlines = [d["rect"] for d in pdf[0].get_drawings()
                      if d["rect"].height < 1 and d["rect"].x0 < 60]
    assert underlines
    pages, infos = extract.read_pages(doc, [0], _report(linked))
    for x0, x1, y in infos[0].rules:
        # None of the rules read sits under a line of text (the footnote
        # area's top edge, drawn as a ring, is one).
        assert not any(0 <= y - ln.base <= 3 and x0 >= ln.x0 - 1 and
                       x1 <= ln.x1 + 1 for ln in pages[0])
    result = clean(linked)
    doc = result.document
    assert [n.label for n in doc.notes] == ["1", "2", "3"]
    for n, want in zip(doc.notes, NOTES):
        assert not n.missing
        assert words(" ".join(block_text(b) for b in n.blocks)) == \
            words(_plain(want))
    text = " ".join(block_text(b) for b in doc.blocks)
    assert "Sagris" not in text and "crimethinc" not in text
    assert [block_text(b) for b in doc.blocks
            if isinstance(b, Paragraph)] == [PARA] * 3
    assert not [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert result.report.conservation["ok"], result.report.conservation


def test_wrapped_addresses_are_one_word_again(linked):
    doc = clean(linked).document
    notes = [" ".join(block_text(b) for b in n.blocks) for n in doc.notes]
    assert "https://crimethinc.com/2008/12/25/how-to-organize-an-" \
           "insurrection." in notes[1]
    assert notes[2].endswith("https://web.archive.org/web/20141010101950/"
                             "https://roarmag.org/2014/10/loukanikos-riot-"
                             "dog-dies/.")


def _report(path):
    from pamphleteer.report import CleaningReport

    return CleaningReport("pdf", str(path))


def test_url_goes_on():
    assert url_goes_on("see https://roarmag.org/2014/", "loukanikos/")
    assert url_goes_on("Winter 2015, https://", "roarmag.org/x")
    assert url_goes_on("at www.example.org/a-", "b")
    # A sentence's end, a word that is no address, a space: no.
    assert not url_goes_on("at www.example.org.", "The next")
    assert not url_goes_on("the well-", "known")
    assert not url_goes_on("https://a.org/", " b")


def test_the_typesetters_hyphen_joins_a_name_broken_at_a_line_end():
    lines = ["the anti‐", "authoritarian first-time movement, Antiau‐",
             "thoritarian and Indy‐", "media were there"]
    vocab = vocabulary(lines)
    assert vocab.break_marks == frozenset("\u2010")
    assert decide("Antiau", "thoritarian", "\u2010", vocab)[0]
    # Written inside a line too, U+2010 is the text's own hyphen: a
    # capitalised word stays split (a name, unknown when joined).
    own = vocabulary(lines + ["the Indy‐media site"])
    assert own.break_marks == frozenset()
    assert not decide("Antiau", "thoritarian", "\u2010", own)[0]
    # No compound written with "-" anywhere: no evidence either way.
    assert vocabulary(["a b Antiau‐", "thoritarian c Indy‐", "media"]
                      ).break_marks == frozenset()


FIX = Path(__file__).parent / "fixtures" / "pdf" / "generated"


def test_a_column_of_smaller_quotation_is_still_a_column():
    # Pages 1-2 of greek-insurrection.muse through pandoc and WeasyPrint
    # in two columns (README): page 2's right column is mostly a
    # quotation set smaller than the body, its left column text.
    result = clean(FIX / "weasyprint-2col-quote-column.pdf")
    doc = result.document
    paras = [" ".join(words(block_text(b))) for b in doc.blocks
             if isinstance(b, Paragraph)]
    # A paragraph of the left column read whole, not interleaved with
    # the quotation's lines beside it.
    assert " ".join(words(
        "On 22 May 2017, the New York Times reported that, “Anarchists "
        "Fill Services Void Left by Faltering Greek Governance.” Anarchists "
        "were running some 250 community centers, providing homes to Syrian "
        "refugees, distributing food and medicine, and patrolling "
        "neighborhoods to stop drug sales.")) in paras
    quotes = [" ".join(words(block_text(b))) for b in doc.blocks
              if isinstance(b, BlockQuote)]
    assert len(quotes) == 2
    assert quotes[0].startswith("if you think of greece in 2011")
    assert quotes[0].endswith("will become more and more common and more "
                              "widespread throughout society")
    assert quotes[1].startswith("in greece after the 2008 insurrection")
    assert [n.label for n in doc.notes] == [str(k) for k in range(1, 14)]
    assert not [n for n in doc.notes if n.missing]
    assert result.report.conservation["ok"], result.report.conservation
