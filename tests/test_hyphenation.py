"""No hyphen in names and numbers; no paragraph ending on a fragment."""

from __future__ import annotations

import pytest

from pamphleteer.render.hyphenation import book_hyphenation, protect_last_word

TEXT = ("Bakunin and Kropotkin answered Trotsky and Malatesta in London and "
        "Petrograd; the internationalists reorganised the revolutionary "
        "federations 1917kilometres ") * 6


def _lines(patch: bool, width: int = 60) -> list[str]:
    from weasyprint import CSS, HTML

    html = f'<html lang="en"><body><p>{TEXT}</p></body></html>'
    css = CSS(string=f"@page {{ size: {width}mm 400mm; margin: 5mm }} body {{ "
                     "hyphens: auto; text-align: justify; font-size: 10pt }}")
    if patch:
        with book_hyphenation():
            doc = HTML(string=html).render(stylesheets=[css])
    else:
        doc = HTML(string=html).render(stylesheets=[css])
    out = []

    def walk(box):
        if type(box).__name__ == "LineBox":
            out.append("".join(t.text for t in _texts(box)))
            return
        for c in getattr(box, "children", None) or ():
            walk(c)
    for page in doc.pages:
        walk(page._page_box)
    return out


def _texts(box):
    if type(box).__name__ == "TextBox":
        yield box
    for c in getattr(box, "children", None) or ():
        yield from _texts(c)


def _split_names(lines: list[str]) -> list[str]:
    ends = [l.rstrip().split()[-1] for l in lines if l.strip()]
    return [w for w in ends if w.endswith("\u2010")
            and (w[0].isupper() or any(c.isdigit() for c in w))]


@pytest.mark.slow
def test_names_and_numbers_are_never_split():
    provoked = 0
    for width in range(34, 62, 3):
        plain = _lines(False, width)
        if not _split_names(plain):
            continue
        provoked += 1  # WeasyPrint alone split a name here
        patched = _lines(True, width)
        assert _split_names(patched) == [], width
        assert any(l.rstrip().endswith("\u2010") for l in patched)
        if provoked >= 2:
            break
    assert provoked, "no width made WeasyPrint split a name: the test " \
                     "cannot fail"


def test_last_word_protected_outside_notes():
    html = ('<p id="a-b1">The masses gathered.<span class="footnote" '
            'id="n1" data-label="1">See <em>Bakunin</em> p. 3</span></p>')
    out = str(protect_last_word(html))
    assert '<span class="nh">gathered.</span><span class="footnote"' in out
    assert "See <em>Bakunin</em> p. 3" in out
    missing = ('<p>The militias.<span class="noteref-missing" title="x">'
               '[130]</span></p>')
    assert '<span class="nh">militias.</span><span class="noteref-missing"' \
        in str(protect_last_word(missing))
    short = '<p>It is so.</p>'
    assert str(protect_last_word(short)) == short  # too short to split


def test_last_word_of_a_printed_note_protected():
    """A note's paragraphs (set inline in the PDF's footnote) keep their
    last word whole too: the first book ended a note on "syn-/dicalism."."""
    from pamphleteer.model import Note, Paragraph, Text
    from pamphleteer.render import xhtml

    note = Note("2", (Paragraph((Text("Both are covered by anarchism and "
                                      "syndicalism."),)),
                      Paragraph((Text("See the second volume."),))))
    ctx = xhtml.Context(scope="ch", notes={"2": note}, mode="footnote",
                        href=lambda a: f"#{a}")
    out = str(xhtml.note_call("2", ctx))
    assert '<span class="nh">syndicalism.</span>' in out
    assert '<span class="nh">volume.</span>' in out
    ctx = xhtml.Context(scope="ch", notes={"2": note}, mode="aside",
                        href=lambda a: f"#{a}")
    assert "nh" not in str(xhtml.note_body(note, ctx))
