"""Markdown dialects read before pandoc's reader (issue 17): Obsidian's
links, embeds, comments, callouts and tags; MultiMarkdown's metadata
lines; kramdown's attribute lists and extensions; Quarto's callout
titles; a ``---`` rule that opens no YAML; front-matter keys that are not
metadata (fixtures/markdown_wild, SOURCES in its README)."""

from __future__ import annotations

from pathlib import Path

from pamphleteer.cleaners import load_all
from pamphleteer.cleaners.registry import MARGIN, THRESHOLD
from pamphleteer.model import (
    BlockQuote, LineBreak, Paragraph, block_text)

FIX = Path(__file__).resolve().parent / "fixtures" / "markdown_wild"


def _clean(text: str, source: str = "t.md"):
    return load_all()["pandoc-markdown"].clean(text, source=source,
                                               options={})


def _fix(name: str):
    return _clean((FIX / name).read_text(encoding="utf-8"), name)


def _scores(text: str) -> dict[str, float]:
    readers = load_all()
    return {n: r.detect(text) for n, r in readers.items() if not r.binary}


def _text(result) -> str:
    """The document's text as written (case and signs kept)."""
    return " ".join(" ".join(block_text(b).split())
                    for b in result.document.blocks)


def _removed(result) -> list[tuple[str, str, int]]:
    return [(r.kind, r.text, r.line) for r in result.report.removals]


def _codes(result) -> list[str]:
    return [p.code for p in result.report.problems]


def test_obsidian_links_keep_their_labels_markup_is_listed():
    result = _fix("obsidian_callouts.md")
    text = _text(result)
    # a label is the text; a link without one shows its page (and part)
    assert "The argument of Kropotkin rests" in text
    assert "see Mutual Aid > Among Animals and the swallows" in text
    assert "Mutual Aid: A Factor" in text           # in a table cell
    prose = text.split("In code")[0]     # code follows
    for gone in ("Peter", "c41f2a", "draft", "swallows.jpg", "reading-group",
                 "ffe", "[!quote]", "%%", "[["):
        assert gone not in prose, gone
    # a number is no tag; code is left as it is
    assert "Issue #17" in text
    assert "#not-a-tag [[not a link]] %% not a comment %%" in text
    assert "`[[Page]]`" in text or "[[Page]]" in text
    removed = _removed(result)
    for item in (("wikilink-target", "Peter Kropotkin", 8),
                 ("wikilink-target", "Mutual Aid#^c41f2a", 9),
                 ("comment",
                  "%% draft: check the dates against the first edition %%", 7),
                 ("callout", "[!quote]", 12), ("callout", "[!note]-", 15),
                 ("tag", "#reading-group", 16),
                 ("embed", "![[swallows.jpg]]", 18),
                 ("front-matter", "tags: [essay, mutual-aid]", 2)):
        assert item in removed, item
    assert _codes(result).count("PANDOC015") == 1
    assert result.report.conservation["ok"]


def test_a_callout_title_is_a_line_of_its_own():
    result = _fix("obsidian_callouts.md")
    quote = next(b for b in result.document.blocks
                 if isinstance(b, BlockQuote))
    first = quote.blocks[0]
    assert isinstance(first, Paragraph)
    assert any(isinstance(x, LineBreak) for x in first.children)
    # a callout without a title keeps its text only
    result = _clean("> [!warning]\n> Mind the gap.\n\n[[A]] text.\n")
    assert _text(result).startswith("Mind the gap.")
    # a link to a block without a label shows its page; the block's id
    # is listed
    result = _clean("See [[Mutual Aid#^c41f2a]] and [[#Notes]].\n")
    assert _text(result) == "See Mutual Aid and Notes."
    assert ("wikilink-target", "^c41f2a", 1) in _removed(result)


def test_a_rule_before_inline_fields_is_no_yaml_block():
    # pandoc's reader refused this note (a "---" line opening a YAML
    # block that is not YAML); its front-matter keys were lost unseen
    result = _fix("obsidian_term.md")
    text = _text(result)
    assert "A Digital Garden (or Knowledge Garden)" in text
    assert "Zettelkasten" in text and "Status::" not in text
    assert ("yaml-rule", "---", "***", 10) in [
        (c.kind, c.before, c.after, c.line) for c in result.report.changes]
    assert "PANDOC016" in _codes(result)
    removed = _removed(result)
    assert ("front-matter", "type: term", 3) in removed
    assert ("comment", "%% Status:: #in-progress %%", 6) in removed
    assert ("tag", "#knowledge-management", 11) in removed
    # an HTML comment's words were lost unseen (pandoc keeps it as raw
    # HTML, out of the text)
    assert ("html-comment", "<!-- Provide some example uses of the term, "
            "or where it may be used -->", 26) in removed
    assert result.document.meta.extra == (
        ("description", "Description of a Knowledge Garden or Digital "
                        "Garden"),)
    assert result.report.conservation["ok"]


def test_front_matter_keys_that_are_not_metadata_are_listed():
    text = ("---\ntitle: Bread\nlayout: post\nauthor: Sam Doe\n"
            "authors: [Other One]\n---\n\nSome *text* here.\n")
    result = _clean(text)
    removed = _removed(result)
    assert ("front-matter", "layout: post", 3) in removed
    # of author/authors the reader takes the first: the other is listed
    assert ("front-matter", "authors: [Other One]", 5) in removed
    assert result.document.meta.authors == ("Sam Doe",)
    assert "PANDOC017" in _codes(result)


def test_multimarkdown_metadata_is_metadata():
    result = _fix("mmd_sample.md")
    meta = result.document.meta
    assert meta.title == "Sample MultiMarkdown Document"
    assert meta.authors == ("Fletcher T. Penney",)
    assert dict(meta.extra)["license"].startswith("2006")
    assert "creativecommons.org/licenses/by-sa/3.0/" in dict(meta.extra)[
        "license"]
    text = _text(result)
    for gone in ("XSLT", "Base Header Level", "styles.css", "Title:"):
        assert gone not in text, gone
    assert text.startswith("Introduction As I add")
    removed = _removed(result)
    assert ("metadata", "CSS: styles.css", 4) in removed
    assert ("metadata", "XHTML Header:", 2) in removed
    assert "PANDOC014" in _codes(result)
    assert result.report.conservation["ok"]


def test_multimarkdown_is_detected_and_its_language_read():
    raw = (FIX / "mmd_french.text").read_text(encoding="utf-8")
    s = _scores(raw)
    best = max(s, key=lambda n: s[n])
    assert best == "pandoc-markdown", s
    assert s[best] >= THRESHOLD and all(
        s[best] >= v + MARGIN for n, v in s.items() if n != best), s
    result = _clean(raw, "mmd_french.text")
    assert result.document.meta.language == "fr"
    assert result.document.meta.title == "French"
    assert ("metadata", "latexconfig: article", 2) in _removed(result)


def test_a_paragraph_with_a_colon_is_no_metadata():
    result = _clean("Note: the text below is a draft.\n\nIt *begins* here.\n")
    assert result.document.meta.title == ""
    assert "Note: the text below" in _text(result)
    assert "PANDOC014" not in _codes(result)


def test_kramdown_attribute_lists_and_extensions():
    result = _fix("kramdown_quickref.page")
    text = _text(result)
    for gone in ("{:", "Blockquote title", "class1", "with-an-id",
                 "completely ignored", "{::", "{:/"):
        assert gone not in text, gone
    assert "A nice blockquote" in text
    assert "inline see!" in text          # what nomarkdown wraps is kept
    removed = _removed(result)
    assert ("kramdown-attributes", '{: title="Blockquote title"}', 18) \
        in removed
    assert any(k == "kramdown-comment" and "completely ignored" in t
               and line == 50 for k, t, line in removed)
    assert ("front-matter", "in_menu: true", 3) in removed
    assert result.report.conservation["ok"]
    # a {:toc} replaces the one-item list before it with the contents
    result = _clean("* Contents\n{:toc}\n\n# One\n\nText **word**"
                    "{:itemprop=\"name\"} here.\n")
    text = _text(result)
    assert "Contents" not in text and "itemprop" not in text
    assert "Text word here." in text
    removed = _removed(result)
    assert ("toc", "Contents", 1) in removed
    assert ("kramdown-attributes", "{:toc}", 2) in removed


def test_quarto_chapter_is_not_our_markdown_and_keeps_callout_titles():
    raw = (FIX / "quarto_chapter.qmd").read_text(encoding="utf-8")
    s = _scores(raw)
    assert s["pandoc-markdown"] >= s["markdown"] + MARGIN, s
    result = _clean(raw, "quarto_chapter.qmd")
    text = _text(result)
    assert "A date to remember The Commune was proclaimed" in text
    assert result.document.meta.language == "fr"
    assert result.document.meta.authors == ("Sam Doe",)
    removed = _removed(result)
    assert ("front-matter", "format: html", 5) in removed
    assert ("front-matter", "execute: echo: false", 6) in removed
    assert result.report.conservation["ok"]


def test_our_own_markdown_with_escaped_brackets_stays_ours():
    ours = ("---\ntitle: Bread\nauthors:\n- Peter Kropotkin\n---\n\n"
            "# One\n\nText \\[\\[not a link\\]\\] and [x]{.sup}.[^1]\n\n"
            "[^1]: A note.\n")
    s = _scores(ours)
    assert s["markdown"] > s["pandoc-markdown"] + MARGIN, s


def test_hostile_runs_take_linear_time():
    # each took 1.6 to 11 s at 40,000 characters (lazy runs meeting runs
    # of spaces, a comment's end sought again from each opening, lines
    # counted from the start at each mark); about 0.1 s now
    import time

    from pamphleteer.cleaners.pandoc.dialects import read_dialects
    from pamphleteer.report import CleaningReport

    cases = {"callout": "> [!note] a" + " " * 100_000 + "b\n",
             "quarto": "::: {.callout-a" + " " * 100_000 + "\n",
             "kramdown": "{::comment}" * 10_000 + "\n",
             "mmd-key": "a" + " " * 100_000 + "x\n",
             "comments": "%% a " * 40_000,
             "html-comments": "<!--" * 40_000 + "-->" + "<!-- a -->" * 20_000,
             "definitions": "[a]: b c\n" * 40_000}
    for name, raw in cases.items():
        start = time.perf_counter()
        read_dialects(raw, CleaningReport(cleaner="t", file="t"))
        assert time.perf_counter() - start < 3.0, name
    # detection: a heading of braces took 8 s (14 s with dots) in our own
    # format's test for a heading's class
    readers = load_all()
    for raw in ("# " + "{" * 40_000 + "\n", "# " + "{." * 20_000 + "\n"):
        for fmt in ("markdown", "pandoc-markdown"):
            start = time.perf_counter()
            readers[fmt].detect(raw)
            assert time.perf_counter() - start < 2.0, fmt


def test_link_definitions_are_accounted_for():
    # MultiMarkdown's bibliography stands in link definitions, which
    # pandoc leaves out of the text: their words were lost unseen
    raw = ("A claim [p. 12][#doe2006] and a [link][w].\n\n"
           "[#doe2006]: John Doe. *A Totally Fake Book*. Vanity Press, 2006.\n"
           "[w]: https://example.org/ \"The example site\"\n")
    result = _clean(raw)
    removed = _removed(result)
    assert ("link-definition", "[#doe2006]: John Doe. *A Totally Fake "
            "Book*. Vanity Press, 2006.", 3) in removed
    assert any(k == "link-definition" and "example site" in t and line == 4
               for k, t, line in removed)
    assert "link" in _text(result)     # the link is still resolved
    assert result.report.conservation["words-in"] >= 20
    assert result.report.conservation["ok"]
