"""Notes start on their call's page: displaced notes found from
WeasyPrint's page boxes, mended by a re-layout with nudges."""

from __future__ import annotations

import pytest

from pamphleteer.render.notecheck import (displaced, nudge_css, problems,
                                          record, render_with_notes)

WORDS = ("the organisation of the masses is the strength of the workers "
         "and their unions ")


def _html(note_repeat: int, every: int = 3) -> str:
    paras = []
    for i in range(40):
        note = ""
        if i % every == every - 1:
            note = (f'<span class="footnote" id="n{i}" data-label="{i}">'
                    f'{WORDS * note_repeat}</span>')
        paras.append(f'<p id="p{i}">{WORDS * 3}{note} {WORDS * 2}</p>')
    return "<html><body>" + "".join(paras) + "</body></html>"


CSS_TEXT = """@page { size: 105mm 148mm; margin: 10mm; }
body { font-size: 10pt; widows: 2; orphans: 2; text-align: justify }
.footnote { float: footnote; font-size: 8pt }
.footnote::footnote-call { content: attr(data-label); vertical-align: super;
                           font-size: 6pt }"""


def _render(html: str):
    from weasyprint import CSS, HTML

    def render(extra: str):
        sheets = [CSS(string=CSS_TEXT)]
        if extra:
            sheets.append(CSS(string=extra))
        return HTML(string=html).render(stylesheets=sheets)
    return render


@pytest.mark.slow
@pytest.mark.parametrize("repeat", [4, 6])
def test_weasyprint_displaces_notes_and_the_nudges_mend_them(repeat):
    render = _render(_html(repeat))
    plain = render("")
    found = displaced([p._page_box for p in plain.pages])
    assert found, "the document should reproduce a displaced note"
    for d in found:
        assert d.note_page is not None and d.note_page > d.call_page
    mended, left = render_with_notes(render)
    assert left == []
    assert displaced([p._page_box for p in mended.pages]) == []
    # Every note is still there.
    placed = set()
    for page in mended.pages:
        for area in page._page_box.children[1:]:
            if type(area).__name__ == "FootnoteAreaBox":
                placed |= {b.element.get("id") for b in area.children}
    assert placed == {f"n{i}" for i in range(2, 40, 3)}


@pytest.mark.slow
def test_displaced_notes_fail_the_print_check():
    render = _render(_html(4))
    doc = render("")
    prepared = {"check": {"found": {}}}
    record(prepared, doc, first_page=70)
    messages = list(prepared["check"]["found"])
    assert messages and all("begins on page" in m for m in messages)
    assert "its call is on page 70" in messages[0]


def test_no_notes_no_problems():
    from weasyprint import HTML

    doc = HTML(string="<p>Plain.</p>").render()
    assert displaced([p._page_box for p in doc.pages]) == []
    assert problems([]) == []


def test_nudges_escalate():
    css = nudge_css({"n1": 1, "n2": 1, "n3": 2}, {"n2": {"p2", "p9"},
                                                  "n3": {"p3"}})
    assert '[id="n1"] { footnote-policy: line }' in css
    assert '[id="p9"] { widows: 1; orphans: 1 }' in css
    assert '[id="n3"] { footnote-policy: block }' in css
    assert 'p1' not in css


@pytest.mark.slow
def test_heading_at_a_page_top_loses_its_space():
    from weasyprint import CSS, HTML

    from pamphleteer.render.notecheck import headings_at_top

    paras = "".join(f'<p id="p{i}">{WORDS * 4}</p>' for i in range(8))
    html = ("<html><body><section>" + paras.replace(
        '<p id="p5">', '<h2 id="h5">A section</h2><p id="p5">')
        + "</section></body></html>")
    # A named page, as the book's sections have: WeasyPrint then keeps the
    # heading's margin at the top of a page.
    css = """@page { size: 105mm 148mm; margin: 10mm; }
    section { page: body }
    body { font-size: 10pt } h2 { margin-top: 3em; break-after: avoid }"""
    for extra in range(0, 14):
        # Find a filler length that puts the heading at the top of a page.
        filler = f'<p>{WORDS * extra}</p>'
        doc = HTML(string=html.replace("<section>", "<section>" + filler)
                   ).render(stylesheets=[CSS(string=css)])
        pages = [p._page_box for p in doc.pages]
        if headings_at_top(pages):
            break
    else:
        pytest.fail("no layout put the heading at a page top")
    assert headings_at_top(pages) == ["h5"]

    def render(nudges):
        sheets = [CSS(string=css)] + ([CSS(string=nudges)] if nudges else [])
        return HTML(string=html.replace("<section>", "<section>" + filler)
                    ).render(stylesheets=sheets)
    mended, left = render_with_notes(render)
    assert left == []
    assert headings_at_top([p._page_box for p in mended.pages]) == []


# --------------------------------------------------------------------------
# One word alone on a line that is not its paragraph's last
# --------------------------------------------------------------------------

URL = "Incomprehensibilities" * 2  # one word, no break in it, long
# enough that "see" and it do not fit on one line


def _lone_html(kind: str) -> str:
    body = {
        # a word before an unbreakable word longer than the rest of the line
        "url": f'<p id="u">see {URL} {WORDS}</p>',
        # the same, with a forced line break in the paragraph: left alone
        "br": f'<p id="b">see {URL}<br/>{WORDS}</p>',
        # ragged text: left alone
        "left": f'<p id="l" style="text-align: left">see {URL} {WORDS}</p>',
        "plain": f'<p id="p">{WORDS * 4}</p>',
    }[kind]
    return f"<html><body>{body}</body></html>"


@pytest.mark.parametrize("kind,found", [("url", ["u"]), ("br", []),
                                        ("left", []), ("plain", [])])
def test_lone_word_lines_are_found_in_justified_paragraphs(kind, found):
    from pamphleteer.render.notecheck import lone_lines

    doc = _render(_lone_html(kind))("")
    assert lone_lines([p._page_box for p in doc.pages]) == found


def test_lone_word_lines_are_nudged_twice_at_most():
    from pamphleteer.render.notecheck import NoteGuard

    css = nudge_css({}, {}, set(), {"u": 1, "v": 2})
    assert '[id="u"] { word-spacing: -0.03em }' in css
    assert '[id="v"] { word-spacing: -0.03em; letter-spacing: -0.002em }' \
        in css
    calls = []
    base = _render(_lone_html("url"))

    def render(extra: str):
        calls.append(extra)
        return base(extra)

    doc, left = render_with_notes(render)
    # The long word cannot move: two nudges, then the layout is kept.
    assert len(calls) == 3 and left == []
    assert 'letter-spacing' in calls[-1]
    assert NoteGuard().lone_rounds == {}
    assert doc.pages
