"""A word processor's note that opens with a quotation: its label alone on
the line above the quotation (LibreOffice from a DOCX that pandoc wrote,
notes set in the text's own size under a separator rule).  The label alone
was no label, so the page had no note zone, and the notes and their text
were read as body text ("no call and no note for label 6")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pamphleteer.cleaners import run
from pamphleteer.model import (BlockQuote, NoteRef, Paragraph, block_text,
                               walk_blocks, walk_inlines, block_inlines)

TEXT = """---
title: Notes that open with a quotation
lang: en
---

Whilst reason raises man above the brutal herd, and death is big with
promises, they alone are subject to blind authority who have no reliance
on their own strength. They are free who will be free.[^q]

Woman in particular, whose virtue[^v] is built on mutual prejudices,
seldom attains to this greatness of mind; so that, becoming the slave of
her own feelings, she is easily subjugated by those of others.

Indignantly have I heard women argue in the same track as men, and adopt
the sentiments that brutalize them with all the pertinacity of ignorance.

[^q]:
    > He is the free man, whom *truth* makes free!
    >
    > Cowper

[^v]: I mean to use a word that comprehends more than chastity, the sexual
    virtue.
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is named in the README's setup")
def test_a_note_opening_with_a_quotation_is_a_note(tmp_path: Path):
    import pypandoc

    md = tmp_path / "t.md"
    md.write_text(TEXT, encoding="utf-8")
    docx = tmp_path / "t.docx"
    pypandoc.convert_file(str(md), "docx", outputfile=str(docx))
    profile = (tmp_path / "lo").resolve().as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}",
                    "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(docx)], check=True,
                   capture_output=True, timeout=240)
    result = run("pdf", (tmp_path / "t.pdf").read_bytes(), source="t.pdf")
    doc = result.document
    assert [n.label for n in doc.notes] == ["1", "2"]
    first = " ".join(block_text(b) for b in doc.notes[0].blocks)
    assert "He is the free man" in first and "Cowper" in first
    assert "comprehends more than chastity" in " ".join(
        block_text(b) for b in doc.notes[1].blocks)
    calls = [n for b in walk_blocks(doc.blocks) for r in block_inlines(b)
             for n in walk_inlines(r) if isinstance(n, NoteRef)]
    assert len(calls) == 2
    body = " ".join(block_text(b) for b in doc.blocks)
    assert "free man" not in body and "chastity" not in body
    assert not [p for p in result.report.problems
                if p.code in ("PDF006", "PDF009")]
    assert result.report.conservation["ok"]
    assert all(isinstance(b, (Paragraph, BlockQuote)) for b in doc.blocks)
