"""Missing notes listed once at the head of the text, their calls set
apart; a note on the title an unnumbered note (PDF and EPUB)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.render.missing import label_ranges, summary

TEXT = """---
title: The Ferry Council
authors:
- Ada Llewelyn
title_notes:
- '1'
---

The council met on the quay.[^2] It fixed the fares.[^3] The rota was
kept by the oldest ferryman.[^4] Nobody else could read it.[^5] Then the
war came.[^6] After it, a new rota.[^8]

[^1]: First printed in the Ferry Gazette, 1921.

[^2]: Minutes of the council, p. 3.

[^3]: []{.missing}

[^4]: []{.missing}

[^5]: []{.missing}

[^6]: Gazette, 1922.

[^8]: []{.missing}
"""

MANIFEST = """\
book:
  title: "Ferry"
  identifier: "urn:uuid:00000000-0000-4000-8000-00000000f399"
  date: 2026-02-02
chapters:
  - {id: council, source: council.md, format: markdown}
back:
  about: false
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    from pamphleteer.assembly import assemble
    from pamphleteer.manifest import load_manifest

    root: Path = tmp_path_factory.mktemp("ferry")
    (root / "council.md").write_text(TEXT)
    (root / "manifest.yaml").write_text(MANIFEST)
    manifest = load_manifest(root / "manifest.yaml")
    return manifest, assemble(manifest)


def _chapter(book, mode):
    from pamphleteer.render.views import Renderer

    manifest, b = book
    renderer = Renderer(b, mode=mode, book_dir=manifest.folder)
    return next(s for s in renderer.sections() if s.kind == "chapter").body


def test_ranges():
    assert label_ranges(["3", "4", "5", "8", "x", "10", "11"]) == \
        ["3–5", "8", "x", "10–11"]
    assert summary(["3", "4", "5", "8"]).startswith(
        "Notes 3–5 and 8 are missing from the source")
    assert summary(["7"]).startswith("Note 7 is missing")
    assert summary([]) == ""


@pytest.mark.parametrize("mode", ["footnote", "aside"])
def test_missing_notes_listed_once_calls_set_apart(book, mode):
    html = str(_chapter(book, mode))
    assert "This note is missing" not in html
    assert html.count("missing from the source this edition") == 1
    assert "Notes 3–5 and 8 are missing" in html
    for label in ("3", "4", "5", "8"):
        assert f'<span class="noteref-missing" title="Note {label} is ' \
               f'missing from the source">[{label}]</span>' in html
    # The notes that exist are still notes (their words read without the
    # markup even type adds, such as the unbroken last word's span).
    import re

    words = re.sub(r"<[^>]+>", "", html)
    assert "Minutes of the council" in words and "Gazette, 1922" in words
    assert 'id="council-note-6"' in html


@pytest.mark.parametrize("mode", ["footnote", "aside"])
def test_title_note_is_unnumbered_and_not_in_the_heading(book, mode):
    import re

    html = str(_chapter(book, mode))
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]
    assert h1.strip() == "The Ferry Council"
    assert "First printed in the Ferry Gazette" in html
    head = html[html.index('class="head-notes"'):]
    assert head.index("First printed") < head.index("</div>")
    if mode == "footnote":
        assert 'class="footnote unnumbered"' in html
    else:
        assert 'id="council-note-1"' not in html or "noteref" not in html


@pytest.mark.slow
def test_pdf_has_no_empty_notes_and_a_clean_bookmark(book, tmp_path):
    import io

    from pypdf import PdfReader

    from pamphleteer.render.pdf import build_pdf

    manifest, b = book
    pdf = build_pdf(b, book_dir=manifest.folder).pdf
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "This note is missing" not in text
    assert "[3]" in text and "Notes 3–5 and 8 are missing" in text
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "The Ferry Council" in titles
