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


HEADING_CSS = """@page { size: 105mm 148mm; margin: 10mm; }
    section { page: body }
    body { font-size: 10pt } h2 { margin-top: 3em; break-after: avoid }"""
"""A named page, as the book's sections have: WeasyPrint (70) then keeps
a heading's margin at the top of a page."""


def _heading_at_page_top() -> str:
    """A section whose heading an unforced page break puts at the top of
    a page (its filler paragraph's length found by laying it out)."""
    from weasyprint import CSS, HTML

    from pamphleteer.render.notecheck import headings_at_top

    paras = "".join(f'<p id="p{i}">{WORDS * 4}</p>' for i in range(8))
    for extra in range(0, 14):
        filler = f'<p>{WORDS * extra}</p>'
        html = ("<html><body><section>" + filler + paras.replace(
            '<p id="p5">', '<h2 id="h5">A section</h2><p id="p5">')
            + "</section></body></html>")
        doc = HTML(string=html).render(stylesheets=[CSS(string=HEADING_CSS)])
        if headings_at_top([p._page_box for p in doc.pages]) == ["h5"]:
            return html
    pytest.fail("no layout put the heading at a page top")


@pytest.mark.slow
def test_heading_at_a_page_top_loses_its_space():
    from weasyprint import CSS, HTML

    from pamphleteer.render.notecheck import headings_at_top

    html = _heading_at_page_top()

    def render(nudges):
        sheets = [CSS(string=HEADING_CSS)] + (
            [CSS(string=nudges)] if nudges else [])
        return HTML(string=html).render(stylesheets=sheets)
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
    # The long word cannot move: two nudges, then the layout is kept
    # (the paragraph's wide lines may take more rounds: evenness.py,
    # whose nudges come first, the lone word's after them).
    from pamphleteer.render.notecheck import MAX_ROUNDS

    lone = [c.split("\n")[-1] for c in calls[1:]]
    assert lone[0] == '[id="u"] { word-spacing: -0.03em }'
    assert set(lone[1:]) == {'[id="u"] { word-spacing: -0.03em; '
                             'letter-spacing: -0.002em }'}
    assert 3 <= len(calls) <= MAX_ROUNDS + 1 and left == []
    assert NoteGuard().lone_rounds == {}
    assert doc.pages


# --------------------------------------------------------------------------
# A later block that pushes a note away to keep its first lines on the page
# (issue 19: AnarWiki's "Kibbutzim", note 41, at catalogue scale)
# --------------------------------------------------------------------------

PUSH_CSS = """@page { size: 105mm 148mm; margin: 10mm; }
body { font-size: 10pt; widows: 1; orphans: 1; text-align: justify }
h2 { font-size: 12pt; break-after: avoid }
.footnote { float: footnote; font-size: 8pt; footnote-policy: line }
.footnote::footnote-call { content: attr(data-label); vertical-align: super;
                           font-size: 6pt }"""


def _push_html(filler_mm: float) -> str:
    note = f'<span class="footnote" id="n1" data-label="1">{WORDS * 2}</span>'
    return (f'<html><body><div style="height: {filler_mm}mm"></div>'
            f'<p id="p">{WORDS * 2}{note}</p><h2 id="h">A section</h2>'
            f'<p id="r">{WORDS * 6}</p></body></html>')


def _push_render(filler_mm: float):
    from weasyprint import CSS, HTML

    def render(extra: str):
        sheets = [CSS(string=PUSH_CSS)] + ([CSS(string=extra)] if extra
                                           else [])
        return HTML(string=_push_html(filler_mm)).render(stylesheets=sheets)
    return render


def _pages_of(doc, ids):
    where = {}
    for n, page in enumerate(doc.pages):
        for box in page._page_box.descendants():
            el = getattr(box, "element", None)
            if el is not None and el.get("id") in ids:
                where.setdefault(el.get("id"), n)
    return where


@pytest.mark.slow
def test_a_later_block_keeping_its_first_lines_does_not_push_the_note():
    # WeasyPrint (70) reports the page's notes to the next page when a
    # line of the page's last block overflows that may end the page but
    # whose block cannot break before it (its first line, or its first
    # lines under `orphans`). Here that block comes after the call's
    # paragraph and a heading; the book's own stylesheet allows single
    # lines (orphans: 1), as the old nudge set on that block.
    for tenth in range(650, 1000, 15):
        render = _push_render(tenth / 10)
        found = displaced([p._page_box for p in render("").pages])
        if found and found[0].bottom == "r":
            break
    else:
        pytest.fail("no layout made the block after the call push its note")
    d = found[0]
    assert (d.note, d.paragraph, d.bottom) == ("n1", "p", "r")
    assert d.bottom_lines >= 1 and d.note_page == d.call_page + 1
    # Relaxing widows and orphans, or moving the call's paragraph with its
    # note (footnote-policy: block), does not help: the note fits when its
    # call is laid out; it is pushed away later, by the block after it.
    old = nudge_css({"n1": 2}, {"n1": {"p", "r"}})
    assert displaced([p._page_box for p in render(old).pages])
    mended, left = render_with_notes(render)
    assert left == []
    assert displaced([p._page_box for p in mended.pages]) == []
    where = _pages_of(mended, {"p", "h", "r"})
    # The block that pushed the note starts the next page, and its heading
    # goes with it (break-after: avoid).
    assert where["r"] == where["h"] == d.call_page + 1
    assert where["p"] <= d.call_page


def test_blocks_that_pushed_a_note_are_held_off_its_page():
    css = nudge_css({"n1": 1}, {"n1": {"p1"}}, holds={"p2": 3, "p1": 2})
    assert '[id="p2"] { orphans: 3 }' in css
    # A block both relaxed (as a call's paragraph) and held stays held.
    assert css.index('[id="p1"] { widows: 1; orphans: 1 }') < \
        css.index('[id="p1"] { orphans: 2 }')


def test_displaced_notes_get_more_rounds_than_other_nudges():
    from types import SimpleNamespace

    from pamphleteer.render.notecheck import (MAX_ROUNDS, NOTE_ROUNDS,
                                              Displaced, Renudge)

    calls = []
    # Each nudge moves the pages after it: a note displaced in every
    # layout of the usual rounds, mended in the last extra one.
    bad = MAX_ROUNDS + NOTE_ROUNDS

    def render(extra: str):
        calls.append(extra)
        if len(calls) <= bad:
            raise Renudge([Displaced(f"n{len(calls)}", "1", 3, 4, "p", "q",
                                     2)])
        return SimpleNamespace(pages=[])

    doc, left = render_with_notes(render)
    assert len(calls) == bad + 1 and left == [] and doc.pages == []
    assert '[id="n1"] { footnote-policy: line }' in calls[-1]


def test_a_heading_first_on_a_page_is_set_without_its_space_at_once():
    """WeasyPrint takes every page of a named page as begun by a forced
    break and keeps a heading's space at its top; within
    ``heading_space_at_page_top`` the space goes in the first layout (no
    re-layout), while a heading after a real forced break keeps it."""
    from weasyprint import CSS, HTML

    from pamphleteer.render.hooks import heading_space_at_page_top
    from pamphleteer.render.notecheck import headings_at_top

    def top_heading(doc):
        for page in doc.pages:
            box = page._page_box
            while getattr(box, "children", None):
                box = box.children[0]
                if getattr(box, "element_tag", "") == "h2":
                    return box
        return None

    html = _heading_at_page_top()
    with heading_space_at_page_top():
        doc = HTML(string=html).render(stylesheets=[CSS(string=HEADING_CSS)])
    assert headings_at_top([p._page_box for p in doc.pages]) == []
    assert top_heading(doc) is not None and top_heading(doc).margin_top == 0
    forced = HEADING_CSS + " h2 { break-before: page }"
    with heading_space_at_page_top():
        doc = HTML(string=html).render(stylesheets=[CSS(string=forced)])
    assert top_heading(doc).margin_top > 0


def test_a_table_in_a_note_stays_in_the_note_at_the_page_foot():
    """A note's table (The Conquest of Bread's figures for the Seine), as
    the PDF writes a note's blocks: spans of class ``n-<tag>``.  An HTML
    parser closes a paragraph at a ``<table>`` start tag, so the table
    was set in the text, away from its note; as spans it is laid out in
    the page's footnote area, as a table (its cells side by side)."""
    from weasyprint import CSS, HTML

    from pamphleteer.render.views import STYLES
    from pamphleteer.render.xhtml import as_spans

    table = as_spans('<div class="table-wrap"><table><tbody><tr><td>Area '
                     'in acres</td><td>1,507,300</td></tr><tr><td>Corn and '
                     'Cereals</td><td>494,000</td></tr></tbody></table>'
                     '</div>')
    assert "<table" not in table and "<td" not in table
    assert '<span class="n-td">' in table
    assert '<span class="n-div table-wrap">' in table
    html = (f'<html><body><p>{WORDS * 3}<span class="footnote" '
            f'data-label="13">Summing up the figures:<span class="nb">'
            f'{table}</span></span> {WORDS}</p></body></html>')
    doc = HTML(string=html, base_url=str(STYLES) + "/").render(
        stylesheets=[CSS(filename=str(STYLES / "print.css")),
                     CSS(string="@page { size: A5 }")])
    page = doc.pages[0]._page_box
    area = next(c for c in page.children
                if type(c).__name__ == "FootnoteAreaBox")

    def texts(box):
        if type(box).__name__ == "TextBox":
            yield box
        for child in getattr(box, "children", None) or ():
            yield from texts(child)

    in_note = {t.text.strip(): t for t in texts(area)}
    assert "1,507,300" in in_note and "Corn and Cereals" in in_note
    body = " ".join(t.text for c in page.children if c is not area
                    for t in texts(c))
    assert "1,507,300" not in body
    # Cells side by side: a row's figure to the right of its label.
    assert in_note["1,507,300"].position_y == \
        in_note["Area in acres"].position_y
    assert in_note["1,507,300"].position_x > \
        in_note["Area in acres"].position_x
