"""Faked small capitals in the ``pdf`` reader: a heading set in capitals
of two sizes (``T`` + ``HE``), a hair apart, reads as whole words."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners import load_all, run
from pamphleteer.model import Heading, Paragraph, block_text

PARA = ("The committee of the {} branch met on the first Tuesday of every "
        "month and kept careful minutes of what it decided, and each member "
        "brought the questions of a trade.")


def _caps(words: str) -> str:
    """Capitals of two sizes, as a word processor fakes small capitals: a
    word's first capital in the type's size, its other letters (and a
    word all in lower case) in capitals 0.8 of it, set 2.5 pt apart."""
    out = []
    for w in words.split():
        if w.islower():
            out.append(f'<span style="font-size:0.8em">{w.upper()}</span>')
        elif len(w) == 1:
            out.append(w)
        else:
            out.append(f'{w[0]}<span style="font-size:0.8em;'
                       f'margin-left:2.5pt">{w[1:].upper()}</span>')
    return " ".join(out)


def _render(tmp_path: Path) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    body = (f"<h1>{_caps('The State and Its Role')}</h1>"
            f"<p>{PARA.format('first')}</p><p>{PARA.format('second')}</p>"
            f"<h2>{_caps('Chapter I of the Bakers')}</h2>"
            f"<p>{PARA.format('third')}</p>"
            f"<p>{_caps('Emma Goldman')} wrote of the fourth branch, and "
            "A NATO man came.</p>")
    css = ("@page{size:A5;margin:18mm} body{font:10pt serif} "
           "h1,h2{font-weight:normal} h1{font-size:16pt} h2{font-size:13pt}")
    path = tmp_path / "caps.pdf"
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head>"
                    f"<body>{body}</body></html>").write_pdf(str(path))
    return path


def test_faked_small_capitals_are_whole_words(tmp_path):
    load_all()
    path = _render(tmp_path)
    result = run("pdf", path.read_bytes(), source=str(path), options={})
    doc = result.document
    # (MuPDF reads "T" and " HE": the space it writes is no word space)
    assert doc.meta.title == "THE STATE AND ITS ROLE"
    heads = [block_text(b) for b in doc.blocks if isinstance(b, Heading)]
    # a real space after a one-letter word stays: "I OF", not "IOF"
    assert heads == ["CHAPTER I OF THE BAKERS"]
    paras = [block_text(b) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras[-1].startswith("EMMA GOLDMAN wrote")
    assert "and A NATO man" in paras[-1]
    assert result.report.conservation["ok"]
