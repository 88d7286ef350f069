"""Letter-spaced text in the ``pdf`` reader: a heading set with wide
tracking (``D e r  S t a a t``) and a word spaced out in a paragraph
(German *Sperrsatz*) read as words, each said with ``PDF017``; words of
one letter in a row set as far apart as the line's other words stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.cleaners import load_all, run
from pamphleteer.model import Heading, Paragraph, block_text

PARA = ("Die Versammlung der Bäcker tagte am ersten Dienstag jedes Monats "
        "und führte sorgfältig Protokoll über alles, was sie beschloss, und "
        "jedes Mitglied brachte die Fragen seines Handwerks mit.")


def _render(tmp_path: Path) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    body = (f"<h1 style='letter-spacing:0.4em'>Der Staat</h1><p>{PARA}</p>"
            f"<p>{PARA}</p>"
            "<h2 style='letter-spacing:0.35em'>Die Freiheit und ihr "
            f"Eigentum</h2><p>{PARA}</p>"
            "<p>Wir nennen das <span style='letter-spacing:0.3em'>"
            f"gesperrte Wort</span> eine Betonung. {PARA}</p>"
            f"<p>Die Unbekannten heißen x y z w und u v, sagte er. {PARA}</p>")
    css = ("@page{size:A5;margin:18mm} body{font:10pt serif} "
           "h1{font-size:16pt} h2{font-size:13pt}")
    path = tmp_path / "spaced.pdf"
    weasyprint.HTML(string=f"<html lang='de'><head><style>{css}</style>"
                    f"</head><body>{body}</body></html>").write_pdf(str(path))
    return path


def test_letter_spaced_headings_and_sperrsatz_read_as_words(tmp_path):
    load_all()
    path = _render(tmp_path)
    result = run("pdf", path.read_bytes(), source=str(path), options={})
    doc = result.document
    assert doc.meta.title == "Der Staat"
    heads = [block_text(b) for b in doc.blocks if isinstance(b, Heading)]
    assert heads == ["Die Freiheit und ihr Eigentum"]
    paras = [block_text(b) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras[3].startswith("Wir nennen das gesperrte Wort eine Betonung.")
    # one-letter words as far apart as the line's other words: unchanged
    assert paras[4].startswith("Die Unbekannten heißen x y z w und u v,")
    said = [p for p in result.report.problems if p.code == "PDF017"]
    assert len(said) == 4  # the title, the heading's two lines, Sperrsatz
    assert "“D e r S t a a t” read as “Der Staat”" in said[0].message
    assert all(p.line > 0 and "page 1" in p.message for p in said)
    assert result.report.conservation["ok"]
