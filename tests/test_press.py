"""The press PDF: CMYK colour, PDF/X output intent and information, marks
outside the bleed, and the preflight check that fails a build."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from pamphleteer.render.colour import DEFAULT_PROFILE, Converter
from pamphleteer.render.preflight import check_press
from pamphleteer.render.press import (MM, PressOptions, finish_press,
                                      icc_info, mark_paths)

HTML = """<html><head><title>Press test</title><style>
@page { size: 148mm 210mm; bleed: 3mm; margin: 15mm; }
body { font-family: serif; color: black; }
p.grey { color: #555; }
p.red { color: rgb(200, 30, 20); border-bottom: 1pt solid black; }
div.bg { background: linear-gradient(red, blue); height: 10mm; }
</style></head><body>
<p>Black text on the black plate.</p>
<p class="grey">Grey text.</p>
<p class="red">Red text over a black rule.</p>
<div class="bg"></div>
<img src="data:image/png;base64,{png}" style="width: 20mm"/>
</body></html>"""


def _png() -> str:
    import base64

    from PIL import Image

    img = Image.new("RGB", (8, 8), (30, 120, 200))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


@pytest.fixture(scope="module")
def raw_x4() -> bytes:
    from weasyprint import HTML as W

    return W(string=HTML.replace("{png}", _png())).write_pdf(
        pdf_variant="pdf/x-4")


@pytest.fixture(scope="module")
def raw_x1a() -> bytes:
    from weasyprint import HTML as W

    return W(string=HTML.replace("{png}", _png()).replace(
        "div.bg { background: linear-gradient(red, blue);",
        "div.bg { background: rgb(0, 90, 200);")).write_pdf(
        pdf_variant="pdf/x-1a")


def _ops(data: bytes) -> list[tuple[list, str]]:
    pdf = pikepdf.open(io.BytesIO(data))
    return [(list(o), str(op)) for o, op in
            pikepdf.parse_content_stream(pdf.pages[0])]


def test_shipped_profile_is_a_cmyk_output_profile():
    cls, n, desc = icc_info(DEFAULT_PROFILE.read_bytes())
    assert (cls, n) == ("prtr", 4)
    assert "FOGRA39" in desc
    assert (DEFAULT_PROFILE.parent / "README.md").is_file()


def test_weasyprint_press_pdf_fails_preflight(raw_x4):
    problems = check_press(raw_x4, variant="pdf/x-4")
    text = "\n".join(problems)
    assert "no GTS_PDFX OutputIntent" in text
    assert "device RGB colour in page content" in text


def test_finished_x4_passes_and_black_is_k_only(raw_x4):
    done = finish_press(raw_x4, PressOptions(variant="pdf/x-4",
                                             title="Press test"))
    assert check_press(done, variant="pdf/x-4") == []
    ops = _ops(done)
    names = [op for _, op in ops]
    assert "rg" not in names and "RG" not in names
    ks = {tuple(float(v) for v in o) for o, op in ops if op in ("k", "K")}
    assert (0.0, 0.0, 0.0, 1.0) in ks           # black: K only
    assert any(c == m == y == 0 and 0 < k < 1 for c, m, y, k in ks)  # grey
    assert any(c < 0.3 and m > 0.5 and y > 0.5 for c, m, y, k in ks)  # red
    pdf = pikepdf.open(io.BytesIO(done))
    intent = pdf.Root.OutputIntents[0]
    assert str(intent.S) == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert int(intent.DestOutputProfile.N) == 4
    assert str(pdf.docinfo.Trapped) == "/False"
    assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
    # The image is CMYK now.
    images = [x for x in pdf.pages[0].Resources.XObject.values()
              if x.Subtype == "/Image"]
    assert images and all(str(i.ColorSpace) == "/DeviceCMYK" for i in images)


def test_x1a_passes_and_stays_pdf_14(raw_x1a):
    done = finish_press(raw_x1a, PressOptions(variant="pdf/x-1a",
                                              title="Press test"))
    assert check_press(done, variant="pdf/x-1a") == []
    pdf = pikepdf.open(io.BytesIO(done))
    assert pdf.pdf_version <= "1.4"
    assert str(pdf.docinfo.GTS_PDFXConformance).startswith("PDF/X-1a")


def test_x1a_refuses_icc_based_rgb_and_transparency(raw_x1a):
    pdf = pikepdf.open(io.BytesIO(finish_press(raw_x1a, PressOptions(
        variant="pdf/x-1a", title="t"))))
    page = pdf.pages[0]
    icc = pdf.make_stream(b"x" * 10)
    icc.N = 3
    page.Resources.ColorSpace = pikepdf.Dictionary(CS9=pikepdf.Array(
        [pikepdf.Name.ICCBased, icc]))
    page.Resources.ExtGState = pikepdf.Dictionary(GS9=pikepdf.Dictionary(
        ca=0.5))
    page.contents_add(pdf.make_stream(b"/CS9 cs 1 0 0 sc /GS9 gs"))
    buf = io.BytesIO()
    pdf.save(buf)
    text = "\n".join(check_press(buf.getvalue(), variant="pdf/x-1a"))
    assert "ICC-based RGB" in text
    assert "transparency (alpha below 1)" in text


@pytest.mark.parametrize("marks", ["crop", "crop+registration"])
def test_marks_are_outside_the_bleed(raw_x4, marks):
    done = finish_press(raw_x4, PressOptions(variant="pdf/x-4", marks=marks,
                                             title="t"))
    assert check_press(done, variant="pdf/x-4", marks=True) == []
    pdf = pikepdf.open(io.BytesIO(done))
    page = pdf.pages[0].obj
    media = [float(v) for v in page.MediaBox]
    bleed = [float(v) for v in page.BleedBox]
    trim = [float(v) for v in page.TrimBox]
    assert media[0] < bleed[0] < trim[0] and media[2] > bleed[2] > trim[2]
    # Every point of every mark lies outside the BleedBox.
    stream = pdf.pages[0].Contents.read_bytes().decode("latin-1")
    tail = stream[stream.index("/PamphleteerAll CS"):]
    pts = [tuple(map(float, m)) for m in
           re.findall(r"(-?[\d.]+) (-?[\d.]+) [ml]\b", tail)]
    assert len(pts) >= 16
    for x, y in pts:
        assert not (bleed[0] < x < bleed[2] and bleed[1] < y < bleed[3])
    # The page's drawing is clipped to the BleedBox.
    assert stream.startswith("q %.3f %.3f" % (bleed[0], bleed[1]))
    if marks == "crop+registration":
        assert " c " in tail  # the registration circles


def test_no_marks_keeps_the_media_box_at_the_bleed(raw_x4):
    done = finish_press(raw_x4, PressOptions(variant="pdf/x-4", title="t"))
    pdf = pikepdf.open(io.BytesIO(done))
    page = pdf.pages[0].obj
    assert [float(v) for v in page.MediaBox] == \
        pytest.approx([float(v) for v in page.BleedBox], abs=0.01)
    assert "marks asked for" in "\n".join(
        check_press(done, variant="pdf/x-4", marks=True))


def test_crop_marks_start_beyond_the_bleed():
    trim = (0.0, 0.0, 100.0, 200.0)
    bleed = (-3 * MM, -3 * MM, 100 + 3 * MM, 200 + 3 * MM)
    for path in mark_paths(trim, bleed, "crop"):
        nums = [float(v) for v in re.findall(r"-?[\d.]+", path)]
        xs, ys = nums[0::2], nums[1::2]
        assert all(x <= bleed[0] or x >= bleed[2] for x in xs) or \
            all(y <= bleed[1] or y >= bleed[3] for y in ys)


def test_converter_neutral_colours_are_k_only():
    conv = Converter()
    assert conv.cmyk(0, 0, 0) == (0, 0, 0, 1)
    assert conv.cmyk(1, 1, 1) == (0, 0, 0, 0)
    c, m, y, k = conv.cmyk(0, 0, 1)
    assert c > 0.5 and m > 0.3 and y < 0.1
