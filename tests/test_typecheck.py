"""The type measure reads what prints: hyphens, split names, fragments,
word spaces."""

from __future__ import annotations

import pytest

from pamphleteer.render.hyphenation import book_hyphenation
from pamphleteer.render.typecheck import measure

TEXT = ("Bakunin and Kropotkin answered Trotsky and Malatesta in London and "
        "Petrograd; the internationalists reorganised the revolutionary "
        "federations of the workers ")


def _pdf(width: int, patch: bool) -> bytes:
    from weasyprint import CSS, HTML

    paras = "".join(f"<p>{TEXT * (2 + i % 3)} gathering.</p>"
                    for i in range(6))
    html = f'<html lang="en"><body>{paras}</body></html>'
    css = CSS(string=f"@page {{ size: {width}mm 297mm; margin: 8mm }} "
                     "body { hyphens: auto; text-align: justify; "
                     "font-size: 10pt } p { margin: 0; text-indent: 1em }")
    if patch:
        with book_hyphenation():
            return HTML(string=html).write_pdf(stylesheets=[css])
    return HTML(string=html).write_pdf(stylesheets=[css])


@pytest.mark.slow
def test_measure_finds_split_names_and_the_patch_removes_them():
    for width in range(40, 80, 4):
        plain = measure(_pdf(width, False))
        if plain.split_names:
            break
    else:
        pytest.fail("no width split a name")
    assert plain.lines > 20 and plain.justified > 5
    assert plain.hyphenated >= len(plain.split_names)
    assert all(0.1 < s < 3 for s in plain.spaces_em)
    patched = measure(_pdf(width, True))
    assert patched.split_names == []
    assert "split names" in patched.summary()
