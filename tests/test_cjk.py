"""Chinese, Japanese and Korean are set in the serif face of Noto CJK, in
the glyph forms of the text's language (styles/print.css), not in the
first CJK face fontconfig finds (the Japanese sans serif, for all four).
fonts-noto-cjk is a Debian package scripts/dev.sh installs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

STYLES = Path(__file__).resolve().parent.parent / "styles"

SAMPLES = {
    "zh": ("Noto-Serif-CJK-SC", "满洲朝鲜无政府主义联合会"),
    "zh-Hant": ("Noto-Serif-CJK-TC", "無政府主義者聯合會"),
    "ja": ("Noto-Serif-CJK-JP", "無政府主義の思想"),
    "ko": ("Noto-Serif-CJK-KR", "아나키즘 연합회"),
}


def _fonts(lang: str, text: str) -> set[str]:
    import pikepdf
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = (f'<html lang="en"><body><p>Latin words, then '
            f'<span lang="{lang}">{text}</span>.</p></body></html>')
    fonts = FontConfiguration()
    pdf = HTML(string=html, base_url=str(STYLES)).write_pdf(
        stylesheets=[CSS(filename=str(STYLES / "print.css"),
                         font_config=fonts)], font_config=fonts)
    names: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.Font.values():
                names.add(str(font.BaseFont).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_each_language_gets_its_own_serif_cjk_face(lang):
    face, text = SAMPLES[lang]
    names = _fonts(lang, text)
    assert any(n.startswith(face) for n in names), (
        f"{names}: is fonts-noto-cjk installed? (apt-get install "
        "fonts-noto-cjk; scripts/dev.sh installs it)")
    assert not any("Sans-CJK" in n for n in names), names
    assert any(n.startswith("Libertine") for n in names), names
