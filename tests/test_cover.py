"""Covers: sizes and boxes, embedded fonts, the wrap's spine, the PNG, and
type that stays inside the safe area on books of different shapes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pamphleteer.book import Book, Chapter, Part
from pamphleteer.errors import MissingToolError, RenderError
from pamphleteer.model import Document, Metadata
from pamphleteer.pdfcheck import MM, check_pdf, size_pt
from pamphleteer.render import cover
from pamphleteer.render.cover import (back_type, cover_text, front_cover_pdf,
                                      front_cover_png, spine_direction,
                                      spine_width_mm, text_width_em,
                                      title_size_pt, wrap_cover_pdf,
                                      wrap_lines)

A5 = ("148mm", "210mm")


def make_book(title: str, subtitle: str, texts: list[tuple[str, list[str]]],
              *, editors: tuple[str, ...] = ("The Pamphleteer Editors",),
              publisher: str = "Pamphleteer Editions", language: str = "en",
              description: str = "", identifier: str = "urn:x:test",
              page_size: str = "A5") -> Book:
    """A Book with just what a cover reads."""
    chapters = tuple(
        Chapter(id=f"t{i}", number=i, title=t, subtitle="", short_title=t,
                authors=tuple(a), date="", translators=(), editors=(),
                original_publication=(), source_used="", license="",
                document=Document(meta=Metadata(), blocks=()), format="",
                source_file="", report_summary="")
        for i, (t, a) in enumerate(texts, start=1))
    return Book(
        title=title, subtitle=subtitle, contributors=(), editors=editors,
        language=language, identifier=identifier, date="2026-11-22",
        modified="2026-11-22T00:00:00Z", version="1", rights="",
        publisher=publisher, description=description, subjects=(),
        slug="test", introduction=None, introduction_title="",
        parts=(Part(id="main", title="", number=1, chapters=chapters),),
        about=(), bibliography=(), index=None,
        options={"output": SimpleNamespace(page_size=page_size)},
        tool_version="0")


ANTHOLOGY = make_book(
    "Only from Below", "Anarchist Critiques of Marxism, 1871–2017",
    [("On the Program of the Alliance", ["Mikhail Bakunin"]),
     ("What was Bakunin's critique of Marxism?",
      ["The Anarchist FAQ Editorial Collective"]),
     ("When Kropotkin met Lenin", ["Ruth Kinna"]),
     ("Reply to the International Socialist Tendency",
      ["Lucien van der Walt"])],
    description="Four anarchist critiques of Marxism across a century and a "
    "half: Bakunin in the First International, the Anarchist FAQ's account "
    "of his critique, Ruth Kinna on Kropotkin's meeting with Lenin, and "
    "Lucien van der Walt's reply to the International Socialist Tendency.",
    identifier="urn:uuid:5b0f3c1e-8d3a-4c61-9a57-3e8f3c2a7d41")

# Made-up books of other shapes: a long title, many authors, German.
LONG = make_book(
    "Die Eroberung des Brotes und andere Schriften über gegenseitige Hilfe, "
    "Föderalismus und den Staat", "",
    [(f"Über die Frage der Organisation, Teil {i}", [name])
     for i, name in enumerate(["Errico Malatesta", "Emma Goldman",
                               "Peter Kropotkin", "Voltairine de Cleyre",
                               "Rudolf Rocker", "Lucy Parsons",
                               "Nestor Makhno", "Ricardo Flores Magón",
                               "Kōtoku Shūsui"], start=1)],
    editors=("Gruppe Freie Presse",), publisher="Edition Unten",
    language="de", identifier="urn:x:long",
    description=" ".join(["Neun Texte über Organisation und Freiheit."] * 12))

CROWDED = make_book(
    "Mutual Aid, Federation and Freedom: Writings from the Long Nineteenth "
    "Century", "Essays, Letters, Speeches and Manifestos from the First "
    "International to the Spanish Revolution, with Notes on their Sources",
    [(f"Text {i}", [name]) for i, name in enumerate(
        ["Pierre-Joseph Proudhon", "Mikhail Aleksandrovich Bakunin",
         "Pyotr Alexeyevich Kropotkin", "Louise Michel",
         "Ricardo Flores Magón", "Emma Goldman", "Alexander Berkman"])],
    editors=("Maria Antonietta Berneri-Rossi", "Jean-Christophe Angaut",
             "The Kate Sharpley Library Collective"),
    publisher="Freedom Press and the Kate Sharpley Library",
    identifier="urn:x:crowded", description="Writings. " * 20)

PAMPHLET = make_book("Anarchy", "", [("Anarchy", ["Errico Malatesta"])],
                     editors=(), publisher="", identifier="urn:x:pamphlet",
                     description="Malatesta's classic pamphlet.")


def boxes(data: bytes) -> list[dict[str, tuple[float, ...]]]:
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        out.append({k: tuple(float(v) for v in page[k])
                    for k in ("/MediaBox", "/TrimBox", "/BleedBox") if k in page})
    return out


def words(data: bytes, tmp_path) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) in mm from the MediaBox's top left (poppler)."""
    path = tmp_path / "cover.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    # <word xMin=".." yMin=".." xMax=".." yMax="..">text</word>
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                       r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    return [(w, float(a) / MM, float(b) / MM, float(c) / MM, float(d) / MM)
            for a, b, c, d, w in found]


@pytest.fixture(scope="module")
def front_a5() -> bytes:
    return front_cover_pdf(ANTHOLOGY, width=A5[0], height=A5[1], bleed="3mm")


@pytest.fixture(scope="module")
def wrap_240() -> bytes:
    return wrap_cover_pdf(ANTHOLOGY, trim_width=A5[0], trim_height=A5[1],
                          pages=240)


# --- sizes and boxes ------------------------------------------------------

@pytest.mark.slow
def test_front_cover_trim_and_bleed(front_a5):
    assert check_pdf(front_a5, expect_size=size_pt(*A5), bleed_pt=3 * MM,
                     press=True) == []
    (b,) = boxes(front_a5)
    media = b["/MediaBox"]
    assert (media[2] - media[0]) / MM == pytest.approx(148 + 6, abs=0.05)
    assert (media[3] - media[1]) / MM == pytest.approx(210 + 6, abs=0.05)


def test_front_cover_without_bleed_is_the_trim():
    data = front_cover_pdf(PAMPHLET, width="105mm", height="148mm")
    assert check_pdf(data, expect_size=size_pt("105mm", "148mm")) == []
    (b,) = boxes(data)
    assert b["/MediaBox"] == pytest.approx(b["/TrimBox"])


@pytest.mark.slow
def test_cover_fonts_are_the_shipped_ones_embedded(front_a5, wrap_240):
    for data in (front_a5, wrap_240):
        names = set()
        for page in PdfReader(io.BytesIO(data)).pages:
            for font in page["/Resources"]["/Font"].values():
                names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        assert names and all(n.startswith(("Libertine", "Biolinum"))
                             for n in names), names


@pytest.mark.slow
def test_pdffonts_sees_every_font_embedded(wrap_240, tmp_path):
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "wrap.pdf"
    path.write_bytes(wrap_240)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True,
                          text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows)


@pytest.mark.slow
def test_wrap_width_is_two_covers_and_the_spine(wrap_240):
    """240 pages on 0.1 mm paper: 120 leaves, a 12 mm spine."""
    trim = (2 * 148 + 12) * MM, 210 * MM
    assert check_pdf(wrap_240, expect_size=trim, bleed_pt=3 * MM,
                     press=True) == []
    (b,) = boxes(wrap_240)
    media = b["/MediaBox"]
    assert (media[2] - media[0]) / MM == pytest.approx(2 * 148 + 12 + 2 * 3,
                                                       abs=0.05)


@pytest.mark.parametrize("pages,thickness,spine", [
    (240, 0.1, 12.0), (241, 0.1, 12.1), (96, 0.125, 6.0), (1, 0.1, 0.1)])
def test_spine_width_formula(pages, thickness, spine):
    assert spine_width_mm(pages, thickness) == pytest.approx(spine)


@pytest.mark.parametrize("pages,thickness", [(0, 0.1), (-4, 0.1), (100, 0),
                                             (100, -0.1)])
def test_spine_width_refuses_nonsense(pages, thickness):
    with pytest.raises(RenderError):
        spine_width_mm(pages, thickness)


@pytest.mark.slow
def test_wrap_at_another_size_and_bleed():
    """6 x 9 in, 0.125 in bleed, 300 pages on 0.0572 mm (50 lb) paper."""
    data = wrap_cover_pdf(PAMPHLET, trim_width="6in", trim_height="9in",
                          pages=300, paper_thickness_mm=0.0572,
                          bleed="0.125in")
    spine = 150 * 0.0572
    assert check_pdf(data, expect_size=(12 * 72 + spine * MM, 9 * 72),
                     bleed_pt=0.125 * 72) == []


def test_bad_sizes_are_render_errors():
    with pytest.raises(RenderError):
        front_cover_pdf(ANTHOLOGY, width="148", height="210mm")
    with pytest.raises(RenderError):
        front_cover_pdf(ANTHOLOGY, width="20mm", height="30mm")
    with pytest.raises(RenderError):
        wrap_cover_pdf(ANTHOLOGY, trim_width="148mm", trim_height="210mm",
                       pages=100, direction="sideways")


# --- the spine ------------------------------------------------------------

def _spine_words(data: bytes, tmp_path, trim_w: float, spine: float,
                 bleed: float = 3.0):
    lo, hi = bleed + trim_w, bleed + trim_w + spine
    return [w for w in words(data, tmp_path) if w[1] >= lo and w[3] <= hi]


@pytest.mark.slow
def test_spine_carries_the_title_when_wide_enough(wrap_240, tmp_path):
    on_spine = _spine_words(wrap_240, tmp_path, 148, 12)
    assert [w[0] for w in on_spine[:3]] == ["Only", "from", "Below"]
    # Top to bottom, as English books run it: each word below the last.
    assert on_spine[0][2] < on_spine[1][2] < on_spine[2][2]


@pytest.mark.slow
def test_narrow_spine_is_left_blank(tmp_path):
    data = wrap_cover_pdf(ANTHOLOGY, trim_width=A5[0], trim_height=A5[1],
                          pages=110)  # 5.5 mm
    assert _spine_words(data, tmp_path, 148, 5.5) == []


@pytest.mark.slow
def test_german_spine_runs_bottom_to_top(tmp_path):
    data = wrap_cover_pdf(LONG, trim_width="105mm", trim_height="148mm",
                          pages=320)  # 16 mm
    on_spine = _spine_words(data, tmp_path, 105, 16)
    title = [w for w in on_spine if w[0] in ("Die", "Eroberung", "des")]
    assert [w[0] for w in title] == ["Die", "Eroberung", "des"]
    assert title[0][2] > title[1][2] > title[2][2]  # rising


def test_spine_direction_by_language():
    assert spine_direction("en-GB") == "down"
    assert spine_direction("nl") == "down"
    assert spine_direction("de") == "up"
    assert spine_direction("fr-CA") == "up"


# --- type inside the safe area -----------------------------------------------

SAFE_MM = 5.0


def _overlaps(found):
    """Pairs of words whose boxes intersect (type set over type).  A word's
    box runs from the font's ascent to its descent, which tightly set lines
    share: each box is first cut to the middle 60 % of its height."""
    def core(w):
        cut = 0.2 * (w[4] - w[2])
        return w[1], w[2] + cut, w[3], w[4] - cut

    out = []
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = core(a), core(b)
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                out.append((a[0], b[0]))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("book,size", [
    (ANTHOLOGY, A5), (LONG, ("105mm", "148mm")), (PAMPHLET, ("6in", "9in")),
    (CROWDED, ("105mm", "148mm")), (CROWDED, ("6in", "9in"))])
def test_front_type_stays_inside_the_trim(book, size, tmp_path):
    data = front_cover_pdf(book, width=size[0], height=size[1], bleed="3mm")
    w, h = cover.to_mm(size[0]), cover.to_mm(size[1])
    found = words(data, tmp_path)
    assert len(found) >= 3
    for word, x0, y0, x1, y1 in found:
        assert 3 + SAFE_MM <= x0 and x1 <= 3 + w - SAFE_MM, word
        assert 3 + SAFE_MM <= y0 and y1 <= 3 + h - SAFE_MM, word
    assert _overlaps(found) == []


@pytest.mark.slow
@pytest.mark.parametrize("book", [LONG, CROWDED, ANTHOLOGY])
def test_wrap_type_keeps_off_the_folds(book, tmp_path):
    """Back and front type keeps 5 mm from the trim and from the spine's
    folds; spine type stays on the spine; no type over other type."""
    data = wrap_cover_pdf(book, trim_width="105mm", trim_height="148mm",
                          pages=320)
    w, spine, b = 105, 16, 3
    panels = [(b, b + w), (b + w, b + w + spine), (b + w + spine, b + 2 * w + spine)]
    for word, x0, y0, x1, y1 in words(data, tmp_path):
        inside = [i for i, (lo, hi) in enumerate(panels)
                  if lo <= x0 and x1 <= hi]
        assert inside, f"{word!r} straddles a fold"
        lo, hi = panels[inside[0]]
        margin = 0.5 if inside[0] == 1 else SAFE_MM
        assert lo + margin <= x0 and x1 <= hi - margin, word
        assert b + SAFE_MM <= y0 and y1 <= b + 148 - SAFE_MM, word
    assert _overlaps(words(data, tmp_path)) == []


@pytest.mark.slow
def test_description_too_long_for_the_back_is_an_error():
    book = make_book("T", "", [("A", ["B"])],
                     description=" ".join(["word"] * 2000))
    with pytest.raises(RenderError, match="too long"):
        wrap_cover_pdf(book, trim_width=A5[0], trim_height=A5[1], pages=100)


def test_back_lists_what_fits_and_counts_the_rest():
    text = cover_text(LONG)
    fitted = back_type(text, 105, 148, 105 / 148 * 10.5)
    assert 1 <= len(fitted.texts) < 9
    listed = len(fitted.texts) - 1
    assert fitted.texts[-1] == (f"und {9 - listed} weitere Texte", "")


# --- words of the cover ------------------------------------------------------

def test_cover_text_from_metadata():
    text = cover_text(ANTHOLOGY)
    assert text.editors == "Edited by The Pamphleteer Editors"
    assert text.authors == ("Mikhail Bakunin",
                            "The Anarchist FAQ Editorial Collective",
                            "Ruth Kinna", "Lucien van der Walt")
    assert "FAQ’s" in text.description  # typeset quotes
    assert text.palette in cover.PALETTES


def test_many_authors_end_with_others_in_the_books_language():
    assert cover_text(LONG).authors[-1] == "4 weitere"
    assert len(cover_text(LONG).authors) == cover.MAX_AUTHORS
    assert cover_text(LONG).editors == "Herausgegeben von Gruppe Freie Presse"
    english = make_book("T", "", LONG.chapters and [
        (c.title, list(c.authors)) for c in LONG.chapters])
    assert cover_text(english).authors[-1] == "4 others"


def test_single_author_without_editors_is_a_byline():
    text = cover_text(PAMPHLET)
    assert text.byline == "Errico Malatesta" and text.authors == ()
    two = make_book("T", "", [("A", ["Ann One"]), ("B", ["Bo Two"])],
                    editors=(), language="fr")
    assert cover_text(two).byline == "Ann One et Bo Two"


def test_unknown_language_words_are_english_with_a_warning(caplog):
    book = make_book("T", "", [("A", ["Ann"])], language="eo")
    with caplog.at_level("WARNING"):
        assert cover_text(book).editors.startswith("Edited by")
    assert "no cover wording" in caplog.text


def test_editors_are_not_repeated_as_authors():
    book = make_book("T", "", [("A", ["Ann Editor", "Bo Writer"])],
                     editors=("Ann Editor",))
    assert cover_text(book).authors == ("Bo Writer",)


def test_palette_is_stable_and_varies_between_books():
    assert cover.palette(ANTHOLOGY) == cover.palette(ANTHOLOGY)
    names = {cover.palette(make_book("T", "", [], identifier=f"urn:x:{i}"))
             for i in range(40)}
    assert len(names) >= 4


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJK’–",
                        min_size=1, max_size=14), min_size=1, max_size=14),
       st.floats(min_value=60, max_value=200))
def test_title_size_fits_the_box(title_words, width):
    title = " ".join(title_words)
    box_h = width * 1.42 * 0.3
    try:
        size = title_size_pt(title, width, box_h)
    except RenderError:
        return  # said plainly: the title does not fit
    width_em = width / cover.MM_PER_PT / size
    lines = wrap_lines(title, width_em)
    assert all(text_width_em(line) <= width_em + 1e-9 for line in lines)
    assert len(lines) * size * 1.02 * cover.MM_PER_PT <= box_h + 1e-6
    assert " ".join(lines) == " ".join(title.split())  # no word lost


# --- the PNG -------------------------------------------------------------------

@pytest.mark.slow
def test_png_decodes_at_the_width_and_the_page_shape():
    from PIL import Image

    data = front_cover_png(ANTHOLOGY, width_px=600)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.width == 600
    assert image.height == pytest.approx(600 * 210 / 148, abs=1)
    # The colour field on top, the paper below: not a blank page.
    top, bottom = image.getpixel((5, 5)), image.getpixel((5, image.height - 5))
    assert top != bottom
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50


@pytest.mark.slow
def test_png_is_deterministic():
    assert front_cover_png(PAMPHLET, width_px=400) == \
        front_cover_png(PAMPHLET, width_px=400)


@pytest.mark.slow
def test_pdf_is_deterministic():
    args = dict(width=A5[0], height=A5[1], bleed="3mm")
    assert front_cover_pdf(PAMPHLET, **args) == front_cover_pdf(PAMPHLET, **args)


def test_png_without_page_size_needs_one():
    book = make_book("T", "", [("A", ["B"])])
    object.__setattr__(book, "options", {})
    with pytest.raises(RenderError, match="page size"):
        front_cover_png(book)
    assert front_cover_png(book, width_px=200, size=("105mm", "148mm"))


def test_png_falls_back_to_pdftoppm(monkeypatch):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed")
    from PIL import Image

    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails
    data = front_cover_png(PAMPHLET, width_px=300)
    assert Image.open(io.BytesIO(data)).width == 300


def test_no_rasteriser_is_a_missing_tool_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    monkeypatch.setattr(cover.shutil, "which", lambda name: None)
    with pytest.raises(MissingToolError, match="pypdfium2.*pdftoppm"):
        front_cover_png(PAMPHLET, width_px=300)


def test_spine_type_sizes():
    """Title no smaller than the minimum; the publisher only when it is
    legible and fits."""
    wide = cover.spine_type("Only from Below", "Pamphleteer Editions", 210, 12)
    assert wide.publisher and wide.title_pt == 12.0
    narrow = cover.spine_type("Only from Below", "Pamphleteer Editions", 148, 6)
    assert not narrow.publisher  # 0.62 x 7.1 pt would be 4.4 pt
    assert narrow.title_pt >= cover.MIN_TYPE_PT
    long = cover.spine_type(CROWDED.title, CROWDED.publisher, 148, 16)
    assert not long.publisher and long.title_pt >= cover.MIN_TYPE_PT


def test_characters_no_font_has_are_refused(monkeypatch):
    """Boxes instead of letters would go to press: refuse, naming them."""
    book = make_book("幸徳秋水 Вся власть", "", [("A", ["B"])])
    monkeypatch.setattr(cover, "_system_has", lambda ch: False)
    with pytest.raises(MissingToolError, match="幸徳秋水"):
        front_cover_pdf(book, width=A5[0], height=A5[1])


def test_characters_in_a_system_font_are_used(monkeypatch):
    """Cyrillic and Greek are in Libertine; a character only a system font
    has is allowed (and that font embedded)."""
    book = make_book("Вся власть Ἀναρχία ✊", "", [("A", ["B"])])
    asked = []
    monkeypatch.setattr(cover, "_system_has",
                        lambda ch: asked.append(ch) or True)
    data = front_cover_pdf(book, width=A5[0], height=A5[1])
    assert asked == ["✊"]
    assert check_pdf(data, expect_size=size_pt(*A5)) == []


def test_a_language_without_cover_wording_is_warned_of_once(caplog):
    """A cover is drawn several times per book (and a catalogue's worker
    draws hundreds): the missing wording is said once per language, not
    six times per text (seen building Amusewiki's Croatian and Arabic
    pages)."""
    import logging

    from pamphleteer.render import cover

    cover._WARNED.discard("tlh")
    with caplog.at_level(logging.WARNING, logger=cover.log.name):
        for _ in range(3):
            assert cover.labels("tlh") == cover.LABELS["en"]
    assert [r.getMessage() for r in caplog.records].count(
        "no cover wording for language 'tlh': the cover's few added words "
        "are in English") == 1
