"""Even type: ladders of hyphens, wide lines and fragments found after
layout and mended by a nudge of the paragraph (render/evenness.py)."""

from __future__ import annotations

import re

import pytest

from pamphleteer.render.evenness import (NUDGES, WIDE_EM, Evener, ParaLine,
                                         faults, paragraph_lines)


def _para(pattern: str, wide: str = "") -> list[ParaLine]:
    """Lines from a pattern: ``h`` a hyphenated line, ``.`` a plain one,
    ``w`` a wide one, ``1`` a last line of one word."""
    out = []
    for k, c in enumerate(pattern):
        out.append(ParaLine(words=1 if c == "1" else 9,
                            fill=0.3 if k == len(pattern) - 1 else 1.0,
                            hyphen=c == "h",
                            space_em=WIDE_EM + 0.1 if c == "w" else 0.3))
    return out


def test_faults_counts_ladders_wide_lines_and_fragments():
    assert faults(_para("..h.h.h..")) == 0
    assert faults(_para("..hh.hh..")) == 0
    assert faults(_para(".hhh...")) == 1
    assert faults(_para(".hhhh..")) == 2  # each line past the second
    assert faults(_para("..w..w.")) == 2
    assert faults(_para("....h1")) == 1  # ends on a word's end
    assert faults(_para("....1")) == 0
    # A short last line is never wide, however its spaces.
    assert faults(_para("....w")) == 0
    # A line of one word mid-paragraph outweighs the rest, but not where
    # the paragraph has a forced line break.
    lone = [ParaLine(1, 0.2, False, 0.0), ParaLine(9, 0.4, False, 0.3)]
    assert faults(lone) == 3 and faults(lone, lone=False) == 0


def test_evener_tries_each_nudge_then_keeps_the_best():
    ev = Evener()
    ev.update({"a": 3, "b": 1})
    assert ev.levels == {"a": 1, "b": 1}
    ev.update({"a": 1})  # b came out even under its first nudge
    assert ev.levels == {"a": 2, "b": 1} and "b" in ev.settled
    assert ev.pending({"a": 1, "b": 2}) == {"a": 1}
    for n in range(3, len(NUDGES) + 1):
        ev.update({"a": 2})
        assert ev.levels["a"] == n
    ev.update({"a": 2})
    # Every nudge tried: the one with the fewest faults (the first) stays.
    assert ev.levels["a"] == 1 and "a" in ev.settled
    css = ev.css()
    assert css.count('[id="a"]') == 1 and NUDGES[0] in css
    assert '[id="b"]' not in ev.css(skip={"b"})
    # The last nudge, when it is the best, stays without another round.
    ev = Evener(levels={"c": len(NUDGES)},
                seen={"c": {k: 4 for k in range(len(NUDGES))}})
    assert ev.pending({"c": 2}) == {} and "c" in ev.settled
    assert ev.levels["c"] == len(NUDGES)


TEXT = ("The organisation of production and distribution by the workers "
        "themselves, federated freely from below, was the programme of the "
        "international labour movement's revolutionary wing; its "
        "administrative apparatus was deliberately decentralised, and the "
        "communities governed themselves through assemblies, delegations "
        "and revocable mandates, notwithstanding extraordinary "
        "circumstances, unprecedented difficulties and considerable "
        "misunderstandings about responsibilities.")


def _runs(lines: list[ParaLine]) -> int:
    """Lines that make a run of three or more hyphenated lines."""
    count = run = 0
    for line in lines:
        run = run + 1 if line.hyphen else 0
        count += run >= 3
    return count


def _words(doc) -> list[str]:
    """The words of a laid-out document, hyphenated ones joined again."""
    lines = []

    def walk(box):
        if type(box).__name__ == "LineBox":
            lines.append("".join(d.text for d in _texts(box)).strip())
            return
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in doc.pages:
        walk(page._page_box)
    return re.sub("\u2010\n", "", "\n".join(lines)).split()


def _texts(box):
    if type(box).__name__ == "TextBox":
        yield box
    for child in getattr(box, "children", None) or ():
        yield from _texts(child)


@pytest.mark.slow
def test_a_ladder_of_hyphens_is_mended_by_a_nudge_and_no_word_is_lost():
    """A paragraph laid out narrow in the book's face comes out with three
    hyphenated lines in a row; laid out again through the guard, the
    nudge of its word or letter spaces breaks the ladder, the paragraph
    has no more faults than before, and every word is still there."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from pamphleteer.render.hyphenation import book_hyphenation
    from pamphleteer.render.notecheck import render_with_notes
    from pamphleteer.render.views import STYLES

    fonts = FontConfiguration()
    mended = provoked = 0
    for width in range(60, 100, 2):
        html = (f'<html lang="en"><body><p id="p1" style="width:{width}mm">'
                f"{TEXT}</p></body></html>")
        css = CSS(string='@font-face { font-family: "Libertine"; '
                         'src: url(fonts/LinLibertine_R.otf); } '
                         "html { font-family: Libertine } "
                         "@page { size: A4; margin: 1cm } "
                         "body { text-align: justify; hyphens: auto; "
                         "font-size: 10pt; word-spacing: -0.02em } "
                         "p { hyphenate-limit-chars: 6 3 3 }",
                  base_url=str(STYLES) + "/", font_config=fonts)

        def render(extra: str, html: str = html, css: CSS = css):
            sheets = [css] + ([CSS(string=extra, font_config=fonts)]
                              if extra else [])
            return HTML(string=html, base_url=str(STYLES) + "/").render(
                stylesheets=sheets, font_config=fonts)

        with book_hyphenation():
            plain = render("")
            before = paragraph_lines([p._page_box for p in plain.pages])["p1"]
            if not _runs(before):
                continue
            provoked += 1
            doc = render_with_notes(render)[0]
        after = paragraph_lines([p._page_box for p in doc.pages])["p1"]
        assert faults(after) <= faults(before), width
        assert _words(doc) == _words(plain) == TEXT.split(), width
        if _runs(after) < _runs(before):
            mended += 1
        if mended >= 2:
            break
    assert provoked, "no width gave a ladder of hyphens: the test cannot fail"
    assert mended, "no nudge broke a ladder of hyphens"


SHEET = ('@font-face { font-family: "Libertine"; '
         'src: url(fonts/LinLibertine_R.otf); } '
         "html { font-family: Libertine } "
         "@page { size: A5; margin: 1cm } "
         "body { text-align: justify; hyphens: auto; "
         "font-size: 10pt; word-spacing: -0.02em } "
         "h2 + p { text-indent: 0 } p { text-indent: 1.2em; "
         "hyphenate-limit-chars: 6 3 3 } "
         "blockquote { font-size: 0.9em; margin: 0 2em }")
"""The book's face and measure for the trial tests."""


@pytest.mark.slow
def test_a_trial_layout_chooses_the_nudges_and_the_segment_agrees():
    """With the document's HTML at hand, the guard lays out only the
    uneven paragraphs, under each variant, instead of the whole document
    once per nudge: the document is laid out twice (as found, then
    nudged), the paragraph comes out with the lines the trial predicted
    (the trial sets paragraphs as the document does), with no more faults
    than before, and no word is lost."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from pamphleteer.render import trial
    from pamphleteer.render.hyphenation import book_hyphenation
    from pamphleteer.render.notecheck import render_with_notes
    from pamphleteer.render.views import STYLES

    fonts = FontConfiguration()
    css = CSS(string=SHEET, base_url=str(STYLES) + "/", font_config=fonts)
    # Paragraphs of several widths and contexts (first after a heading,
    # in a block quote, after another), some of them uneven.
    body = "".join(
        f'<h2>Part {k}</h2><p id="a{k}" style="width:{60 + 3 * k}mm">{TEXT}'
        f'</p><blockquote><p id="q{k}">{TEXT}</p></blockquote>'
        f'<p id="b{k}" style="width:{70 + 2 * k}mm">{TEXT} {TEXT}</p>'
        for k in range(8))
    html = f'<html lang="en"><body><section>{body}</section></body></html>'
    full = []

    def render(extra: str, doc: str | None = None):
        if doc is None:
            full.append(extra)
        sheets = [css] + ([CSS(string=extra, font_config=fonts)]
                          if extra else [])
        return HTML(string=html if doc is None else doc,
                    base_url=str(STYLES) + "/").render(
            stylesheets=sheets, font_config=fonts)

    with book_hyphenation():
        plain = render("")
        before = paragraph_lines([p._page_box for p in plain.pages])
        forced: set[str] = set()
        from pamphleteer.render.evenness import uneven
        bad = uneven([p._page_box for p in plain.pages])
        assert bad, "no paragraph came out uneven: the test cannot fail"
        chosen = trial.choose(
            render, html, {p: before[p] for p in bad},
            trial.indents([p._page_box for p in plain.pages], set(bad)),
            forced)
        full.clear()
        doc = render_with_notes(render, html=html)[0]
    after = paragraph_lines([p._page_box for p in doc.pages])
    assert len(full) == 2, full
    assert any(k for k, _, _ in chosen.values()), "nothing was nudged"
    for pid, (_, n, lines) in chosen.items():
        assert trial.signature(after[pid]) == lines, pid
        assert faults(after[pid]) == n <= faults(before[pid]), pid
    assert _words(doc) == _words(plain)


def test_a_trial_document_keeps_only_the_paragraphs_to_mend():
    from pamphleteer.render import trial

    html = ('<html><body><section><h2 id="h">T</h2><p id="a">alpha</p>'
            '<blockquote><p id="b">beta <span class="footnote" '
            'data-label="17"><p>note text</p></span></p></blockquote>'
            '<ul><li id="c">gamma</li></ul></section></body></html>')
    doc, css = trial.trial_document(html, {"b": "0px"}, 2)
    assert 'id="b"' in doc and "text-indent: 0px" in doc
    assert "alpha" not in doc and "gamma" not in doc and 'id="h"' not in doc
    # A note's body is gone; its call stays, set in the line.
    assert "note text" not in doc and ">17</span>" in doc
    # The call is set as print.css sets a note's call.
    from pamphleteer.render.views import STYLES

    sheet = (STYLES / "print.css").read_text()
    rule = sheet[sheet.index(".footnote::footnote-call"):]
    rule = rule[rule.index("{") + 1:rule.index("}")]
    declared = {d.split(":")[0].strip(): d.split(":")[1].strip()
                for d in rule.split(";") if ":" in d}
    declared.pop("content")
    assert declared == {d.split(":")[0].strip(): d.split(":")[1].strip()
                        for d in trial.CALL_STYLE.split(";")}
    assert "<blockquote>" in doc
    assert css == f'[id="b"] {{ {trial.VARIANTS[1]} }}'


def test_seeded_choices_spare_the_trial_and_set_the_same_lines():
    """The choices a layout kept (``chosen``), given back as ``seeds``
    under the same paragraph keys (an unchanged text in a later build),
    are taken as a trial's: one layout, no trial, the same lines."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from pamphleteer.render import trial
    from pamphleteer.render.hyphenation import book_hyphenation
    from pamphleteer.render.notecheck import render_with_notes
    from pamphleteer.render.views import STYLES

    fonts = FontConfiguration()
    css = CSS(string=SHEET, base_url=str(STYLES) + "/", font_config=fonts)
    body = "".join(f'<p id="a{k}" style="width:{60 + 3 * k}mm">{TEXT}</p>'
                   for k in range(8))
    html = f'<html lang="en"><body><section>{body}</section></body></html>'
    layouts: list[str] = []
    trials: list[str] = []

    def render(extra: str, doc: str | None = None):
        (layouts if doc is None else trials).append(extra)
        sheets = [css] + ([CSS(string=extra, font_config=fonts)]
                          if extra else [])
        return HTML(string=html if doc is None else doc,
                    base_url=str(STYLES) + "/").render(
            stylesheets=sheets, font_config=fonts)

    with book_hyphenation():
        chosen: dict = {}
        first, _ = render_with_notes(render, html=html, chosen=chosen)
        assert trials and len(layouts) == 2, "nothing uneven: cannot fail"
        assert any(k for k, _, _ in chosen.values())
        keys = trial.paragraph_keys(html)
        kept = {keys[p]: v for p, v in chosen.items()}
        layouts.clear()
        trials.clear()
        seeds = {p: kept[k] for p, k in keys.items() if k in kept}
        again, _ = render_with_notes(render, html=html, seeds=seeds)
    assert (len(layouts), trials) == (1, [])
    assert paragraph_lines([p._page_box for p in again.pages]) == \
        paragraph_lines([p._page_box for p in first.pages])
