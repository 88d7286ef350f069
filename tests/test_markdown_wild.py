"""Markdown as site generators write it (Jekyll's Liquid, Hugo's
shortcodes): detected as `pandoc-markdown`, not as our own Markdown
(whose front matter refuses their lists of tags), and their template
tags left out and listed, never printed (fixtures/markdown_wild)."""

from __future__ import annotations

from pathlib import Path

from pamphleteer.cleaners import load_all
from pamphleteer.model import document_words

FIX = Path(__file__).resolve().parent / "fixtures" / "markdown_wild"


def _scores(text: str) -> dict[str, float]:
    readers = load_all()
    return {n: readers[n].detect(text) for n in ("markdown",
                                                 "pandoc-markdown")}


def _clean(name: str):
    return load_all()["pandoc-markdown"].clean(
        (FIX / name).read_text(encoding="utf-8"), source=name, options={})


def test_site_front_matter_is_not_our_markdown():
    for name in ("jekyll_post.md", "hugo_page.md"):
        s = _scores((FIX / name).read_text(encoding="utf-8"))
        assert s["pandoc-markdown"] >= s["markdown"] + 0.3, (name, s)


def test_our_own_front_matter_stays_ours():
    ours = ("---\ntitle: Bread\nauthors:\n- Peter Kropotkin\n---\n\n"
            "# One\n\nText.[^1]\n\n[^1]: A note.\n")
    s = _scores(ours)
    assert s["markdown"] > s["pandoc-markdown"] + 0.3, s


def test_liquid_tags_are_removed_and_listed():
    result = _clean("jekyll_post.md")
    words = " ".join(document_words(result.document))
    for gone in ("include", "toc.html", "page.title", "endraw", "highlight",
                 "endcomment", "hidden remark", "_posts"):
        assert gone not in words, gone
    # a raw block's words are the text; the note at its call
    assert "braces" in words and "bread is freedom" in words
    assert "the archive" in words
    removed = [r for r in result.report.removals
               if r.kind.startswith("template")]
    assert ("template-tag", "{% include toc.html %}", 8) in [
        (r.kind, r.text, r.line) for r in removed]
    assert any(r.kind == "template-comment" and "hidden remark" in r.text
               for r in removed)
    assert [p.code for p in result.report.problems].count("PANDOC013") == 1
    assert result.document.meta.title == "On Liberty and Bread"
    assert result.document.meta.authors == ("Sam Doe",)
    assert result.report.conservation["ok"]


def test_shortcodes_are_removed_code_is_kept():
    result = _clean("hugo_page.md")
    words = " ".join(document_words(result.document))
    assert "lead" not in words.split() and "barricade.jpg" not in words
    assert "seventy-two days" in words or "seventy two days" in words
    assert "youtube abc 123" in words        # in a fenced block: code
    assert "figure" in words                 # in inline code
    assert result.document.meta.title == "Notes on the Commune"
    assert result.report.conservation["ok"]
