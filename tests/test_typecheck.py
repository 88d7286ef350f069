"""The type measure reads what prints: hyphens, split names, fragments,
word spaces."""

from __future__ import annotations

import pytest

from pamphleteer.render.typecheck import measure

TEXT = ("Bakunin and Kropotkin answered Trotsky and Malatesta in London and "
        "Petrograd; the internationalists reorganised the revolutionary "
        "federations of the workers ")


def _pdf(width: int) -> bytes:
    from weasyprint import CSS, HTML

    paras = "".join(f"<p>{TEXT * (2 + i % 3)} gathering.</p>"
                    for i in range(6))
    html = f'<html lang="en"><body>{paras}</body></html>'
    css = CSS(string=f"@page {{ size: {width}mm 297mm; margin: 8mm }} "
                     "body { hyphens: auto; text-align: justify; "
                     "font-size: 10pt } p { margin: 0; text-indent: 1em }")
    return HTML(string=html).write_pdf(stylesheets=[css])


@pytest.mark.slow
def test_measure_finds_split_names():
    for width in range(40, 80, 4):
        plain = measure(_pdf(width))
        if plain.split_names:
            break
    else:
        pytest.fail("no width split a name")
    assert plain.lines > 20 and plain.justified > 5
    assert plain.hyphenated >= len(plain.split_names)
    assert all(0.1 < s < 3 for s in plain.spaces_em)
    assert "split names" in plain.summary()
