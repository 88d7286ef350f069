"""The ``afaq-text`` cleaner on seed 000 and on FAQ-family texts of our own.

Fixtures in ``tests/fixtures/afaq/`` are made-up sections in the FAQ's style
(not taken from the seed): ``i_9_4_disputes.txt`` opens with a question
heading, ``j_6_2_workplace.txt`` has sub-headings and no title, and
``f_3_4_wrapped.txt`` is wrapped at seventy columns with CRLF line ends and
carries deliberate faults (an unclosed bracket, an Op. Cit. with nothing
before it, a quotation that never closes).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_refused_rightly
from pamphleteer.cleaners import REGISTRY
from pamphleteer.cleaners.afaq_text import (clean, detect, heading_of,
                                            quote_shape, to_afaq_text)
from pamphleteer import markdown_io
from pamphleteer.errors import InputError, PamphleteerError
from pamphleteer.model import (BlockQuote, Citation, Heading, Paragraph, Text,
                               block_text, walk_blocks, walk_inlines)
from pamphleteer.text import typography, words

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_d300c5b3b0d7c642.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "afaq"
OTHER_SEEDS = ["001_a0ee4bd712006198.txt", "003_891f92dcb2d1c4e0.txt",
               "004_659b57149f17aa97.txt"]


def read(path: Path) -> str:
    """A raw file exactly as stored (CRLF kept)."""
    return path.read_bytes().decode("utf-8")


def run(path: Path, **options):
    return clean(read(path), source=path.name, options=options)


def citations(doc) -> list[Citation]:
    """Every citation of a document, in reading order."""
    return [node for b in walk_blocks(doc.blocks)
            if isinstance(b, (Paragraph, Heading))
            for node in walk_inlines(b.children) if isinstance(node, Citation)]


def without_sources(node):
    """A model value with every ``source`` field emptied (for comparison)."""
    if dataclasses.is_dataclass(node):
        return dataclasses.replace(node, **{
            f.name: None if f.name == "source" else without_sources(getattr(node, f.name))
            for f in dataclasses.fields(node)})
    if isinstance(node, tuple):
        return tuple(without_sources(x) for x in node)
    return node


def assert_clean_idempotent(result) -> None:
    """Cleaning the cleaned text again gives the same model, no new edits."""
    again = clean(to_afaq_text(result.document), source="again.txt", options={})
    assert without_sources(again.document) == without_sources(result.document)
    for kind in ("quote", "apostrophe", "dash", "ellipsis", "space"):
        assert again.report.counts[kind] == 0, kind
    assert again.report.conservation["ok"]


# --------------------------------------------------------------------------
# Seed 000
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed():
    return run(SEED)


def test_seed_loses_no_word(seed):
    cons = seed.report.conservation
    assert cons["ok"] and cons["lost"] == [] and cons["added"] == []
    assert cons["words-in"] == cons["words-out"] > 6000


def test_seed_removes_only_blank_lines(seed):
    assert {r.kind for r in seed.report.removals} == {"blank"}
    assert all(not r.text.strip() for r in seed.report.removals)
    assert seed.report.problems == []


def test_seed_paragraphs_keep_their_lines(seed):
    blocks = seed.document.blocks
    assert len(blocks) == 46
    assert sum(isinstance(b, Paragraph) for b in blocks) == 42
    assert [b.source.line for b in blocks[:3]] == [1, 3, 5]
    assert all(b.source.file == SEED.name for b in walk_blocks(blocks))
    assert seed.report.counts["lines-in"] == 91
    assert seed.report.counts["paragraphs"] == 46
    assert seed.document.meta.title == ""  # no title line: the manifest's


def test_seed_block_quotes(seed):
    quotes = [b for b in seed.document.blocks if isinstance(b, BlockQuote)]
    assert [q.source.line for q in quotes] == [39, 51, 67, 81]
    for q in quotes:
        (para,) = q.blocks
        text = block_text(para)
        assert not text.startswith(("“", '"')) and "”  [" not in text
        # The citation stays with its quotation, at the end.
        assert isinstance(para.children[-1], Citation)
    first = quotes[0].blocks[0]
    assert block_text(first).startswith("On three occasions")
    cite = first.children[-1]
    assert cite.items[0].title == "Thomas F. Remington, Building Socialism in Bolshevik Russia"
    assert cite.items[0].locator == "p. 38"
    assert seed.report.counts["block-quotes"] == 4
    assert seed.report.counts["block-quote-marks"] == 4


def test_seed_quotation_then_prose_is_not_a_block_quote(seed):
    # Line 11 opens with prose; line 73's quotations are inside prose.
    texts = [block_text(b) for b in seed.document.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("As Engels put it in a latter letter") for t in texts)


def test_seed_citations(seed):
    cites = citations(seed.document)
    assert len(cites) == seed.report.counts["citations"] == 46
    assert all(c.bracketed for c in cites)
    first = cites[0]
    assert first.raw == "Marx, Engels, Lenin, Anarchism and Anarcho-Syndicalism, p. 85"
    by_prefix = {i.prefix: i for c in cites for i in c.items if i.prefix}
    assert by_prefix["quoted by"].title == "David P. Perrin, The Socialist Party of Great Britain"
    assert by_prefix["our emphasis"].locator == "p. 173"
    assert by_prefix["as cited in"].locator == "p. 438, p. 439 and p. 438"
    ops = [i for c in cites for i in c.items if i.op_cit]
    assert len(ops) == 9 == seed.report.counts["op-cit"]
    resolved = [c.after for c in seed.report.changes if c.kind == "op-cit"]
    assert resolved[0] == "Bakunin on Anarchism"
    assert resolved[-1] == "Michael Bakunin: Selected Writings"


def test_seed_editorial_brackets_stay_text(seed):
    texts = " ".join(n.text for b in walk_blocks(seed.document.blocks)
                     if isinstance(b, Paragraph)
                     for n in walk_inlines(b.children) if isinstance(n, Text))
    for editorial in ("“[i]n its struggle", "their [sic!] state", "the [factory] committees",
                      "com[ing] into power", "itself, [that is, by] the"):
        assert editorial in texts
    assert seed.report.counts["editorial-brackets"] == 21


def test_seed_cross_references_listed(seed):
    xrefs = [c for c in seed.report.changes if c.kind == "cross-reference"]
    assert all(c.before == c.after for c in xrefs)
    assert [(c.line, c.before) for c in xrefs][:4] == [
        (19, "section J.2.6"), (21, "section J.2.10"), (23, "section J.3.7"),
        (23, "Section J.2")]
    found = {c.before for c in xrefs}
    assert "sections H.2.1, I.5.14 and J.7.6" in found
    assert "appendix on “What happened during the Russian Revolution?”" in found
    assert "next section" in found
    assert seed.report.counts["cross-reference"] == len(xrefs) == 9


def test_seed_typography(seed):
    counts = seed.report.counts
    assert counts["quote"] == 258 and counts["apostrophe"] == 58
    assert counts["ellipsis"] == 31 and counts["dash"] == 21
    words = to_afaq_text(seed.document)
    assert '"' not in words and "'" not in words and ". . ." not in words
    assert "“[w]hat does it mean, ‘the proletariat raised to a governing class?’" in words


def test_seed_is_idempotent(seed):
    assert_clean_idempotent(seed)


# --------------------------------------------------------------------------
# Our own fixtures
# --------------------------------------------------------------------------

def test_fixture_with_title_heading():
    result = run(FIXTURES / "i_9_4_disputes.txt")
    doc, report = result.document, result.report
    assert doc.meta.title == "How would an anarchist society settle disputes between communes?"
    assert doc.meta.get("section") == "I.9.4"
    assert not any(isinstance(b, Heading) for b in doc.blocks)
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert [(q.source.line, len(q.blocks)) for q in quotes] == [(9, 1), (17, 2)]
    # A quotation of two paragraphs: each opened with a quote, only the last
    # closes; its citation has two items.
    last = quotes[1].blocks[-1].children[-1]
    assert [(i.title, i.locator, i.prefix) for i in last.items] == [
        ("Errico Malatesta, Anarchy", "pp. 42–3", ""),
        ("Life and Ideas", "p. 53", "compare")]
    assert "between them. … The judge" in block_text(quotes[0].blocks[0])
    # A paragraph opening with a quotation followed by the author's prose.
    prose = [b for b in doc.blocks if isinstance(b, Paragraph) and b.source.line == 13]
    assert block_text(prose[0]).startswith("“The federation has no other power")
    assert report.counts["quotation-then-prose"] == 1
    cites = citations(doc)
    assert len(cites) == 9
    ops = [(c.line, c.before, c.after) for c in report.changes if c.kind == "op-cit"]
    assert ops == [(5, "Op. Cit., pp. 45–6", "The Principle of Federation"),
                   (9, "Op. Cit., p. 181", "Mutual Aid"),
                   (21, "our emphasis, Op. Cit., p. 122",
                    "Gaston Leval, Collectives in the Spanish Revolution")]
    xrefs = [c.before for c in report.changes if c.kind == "cross-reference"]
    assert xrefs == ["section I.5.8", "sections I.5.2 and I.5.4",
                     "appendix on “The Spanish Revolution”", "next section"]
    assert report.problems == []
    assert report.conservation["ok"]
    text = to_afaq_text(doc)
    assert "workers’ movement of the 1870s" in text and "late ’60s" in text
    assert "The ‘experts’ of the old regime" in text
    assert "assumption—not because" in text
    assert_clean_idempotent(result)


def test_fixture_with_sub_headings():
    result = run(FIXTURES / "j_6_2_workplace.txt")
    doc = result.document
    assert doc.meta.title == ""
    heads = [b for b in doc.blocks if isinstance(b, Heading)]
    assert [(h.level, h.source.line, block_text(h)) for h in heads] == [
        (1, 3, "J.6.2.1 Why do anarchists favour workplace assemblies?"),
        (1, 13, "J.6.2.2 What about the objection that workers are too busy to manage?")]
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert [q.source.line for q in quotes] == [7]
    # "Direct action," wrote Pouget, "..." is a quotation inside prose.
    para = next(b for b in doc.blocks if b.source.line == 11)
    assert isinstance(para, Paragraph)
    assert block_text(para).startswith("“Direct action,” wrote Emile Pouget")
    items = [i for c in citations(doc) for i in c.items]
    assert ("see also", "Joyce L. Kornbluh, Rebel Voices", "p. 12") in [
        (i.prefix, i.title, i.locator) for i in items]
    assert "1936–1939" in to_afaq_text(doc)
    assert "“[i]nstead of the conservative motto, ‘A fair day’s wage" in to_afaq_text(doc)
    assert result.report.problems == [] and result.report.conservation["ok"]
    assert_clean_idempotent(result)


def test_fixture_wrapped_with_faults():
    result = run(FIXTURES / "f_3_4_wrapped.txt")
    doc, report = result.document, result.report
    assert doc.meta.get("section") == "F.3.4"
    assert report.counts["lines-joined"] == 5
    assert [(p.code, p.line) for p in report.problems] == [
        ("AFAQ002", 3), ("AFAQ001", 15), ("AFAQ003", 18)]
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert [(q.source.line, len(q.blocks)) for q in quotes] == [(9, 2), (18, 1)]
    assert block_text(quotes[0].blocks[0]).startswith("Liberty insists")
    assert "\r" not in to_afaq_text(doc)
    assert report.conservation["ok"]
    assert_clean_idempotent(result)


def test_keep_quote_marks_option():
    result = run(FIXTURES / "i_9_4_disputes.txt", keep_quote_marks=True)
    quotes = [b for b in result.document.blocks if isinstance(b, BlockQuote)]
    assert block_text(quotes[0].blocks[0]).startswith("“The medieval city")
    assert result.report.counts["block-quote-marks"] == 0


# --------------------------------------------------------------------------
# Detection, registry, errors
# --------------------------------------------------------------------------

def test_detect_scores_the_family_high_and_others_low():
    assert detect(read(SEED)) >= 0.9
    for path in FIXTURES.glob("*.txt"):
        assert detect(read(path)) >= 0.6, path.name
    for name in OTHER_SEEDS:
        assert detect(read(ROOT / "seeds" / name)) < 0.3, name
    assert detect("") == 0.0


def test_registered():
    info = REGISTRY["afaq-text"]
    assert info.clean.__wrapped__ is clean and info.version == "1" and \
        info.description


@pytest.mark.parametrize("raw, options", [
    ("", {}), ("  \n\n \t\n", {}), ("text\x00more", {}), (b"bytes", {}),
    ("A paragraph.", {"no_such_option": 1})])
def test_bad_input_raises_input_error(raw, options):
    with pytest.raises(InputError):
        clean(raw, source="bad.txt", options=options)


def test_clean_reads_no_file():
    result = clean("One paragraph [Some Book, p. 3].\n", source="no/such/file.txt",
                   options={})
    assert result.document.blocks[0].source.file == "no/such/file.txt"


def test_control_characters_become_spaces_and_are_listed():
    result = clean("one\x0ctwo [Book, p. 1]\n", source="c.txt", options={})
    assert block_text(result.document.blocks[0]).startswith("one two")
    assert [(r.kind, r.line) for r in result.report.removals] == [("control", 1)]


def test_heading_of_refuses_sentences():
    assert heading_of("H.1.1 What was Bakunin’s critique of Marxism?") == (
        "H.1.1", "What was Bakunin’s critique of Marxism?")
    assert heading_of("J.2 discusses direct action, as we said.") is None
    assert heading_of("H.2.2 Why? [Book, p. 2]") is None


def test_quote_shape():
    assert quote_shape("“All of it.” [Book, p. 1]").kind == "closed"
    assert quote_shape("“Some,” he said, “not all.”").kind == "prose"
    assert quote_shape("“Never closes").kind == "open"
    assert quote_shape("No quote.").kind == "none"
    # A quotation within the quotation does not close it.
    assert quote_shape("“The so-called “workers’ state” is a lie.” [B, p. 2]").kind == "closed"


# --------------------------------------------------------------------------
# Typography regressions found on this family (pamphleteer.text)
# --------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ('He said "stop--" and left.', "He said “stop—” and left."),       # quote after dash
    ('a --"quote" b', "a—“quote” b"),
    ("in the '1870s' and the '60s", "in the ‘1870s’ and the ’60s"),  # years
    ("'tis the 'em", "’tis the ’em"),                                   # elisions
    ("the end. . . . Then", "the end. … Then"),                         # four dots
    ("the end.... Then", "the end. … Then"),
    ("circumstances... . This", "circumstances… . This"),              # as before
    ('". . . the power . . ."', "“… the power …”"),                     # in quotes
    ("the 1870s-80s", "the 1870s–80s"),                                 # decades
    ('["Letter," X, p. 3] ("so")', "[“Letter,” X, p. 3] (“so”)"),      # after [ (
    ("workers' \"control\"", "workers’ “control”"),
])
def test_typography_regressions(raw, expected):
    assert typography(raw)[0] == expected


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 .-–—\"'“”‘’[](…s0")), max_size=30))
def test_typography_is_idempotent(text):
    once, _ = typography(text)
    again, counts = typography(once)
    assert again == once and not counts


def test_typography_counts_no_zero_kinds():
    assert "quote" not in typography("it's")[1]


# --------------------------------------------------------------------------
# Properties on generated texts of the family
# --------------------------------------------------------------------------

WORDS = st.sampled_from(
    "the workers state Bakunin Marx revolution power commune federation "
    "workers' Bakunin's it's 1871 '60s 1870s class people from below and of "
    "a to in freedom capital".split())
TITLES = st.sampled_from(["Bakunin on Anarchism", "Statism and Anarchy",
                          "The Marx-Engels Reader", "Mutual Aid",
                          "Anarchy", "No Gods, No Masters"])


@st.composite
def citation_text(draw) -> str:
    page = draw(st.integers(1, 999))
    form = draw(st.sampled_from(["plain", "op", "quoted", "range", "vol"]))
    title = draw(TITLES)
    return {"plain": f"[{title}, p. {page}]",
            "op": f"[Op. Cit., p. {page}]",
            "quoted": f"[quoted by Jane Doe, {title}, p. {page}]",
            "range": f"[{title}, pp. {page}-{page + 3}]",
            "vol": f"[{title}, vol. 2, p. {page}]"}[form]


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(WORDS, min_size=2, max_size=12))
    text = " ".join(words)
    extra = draw(st.sampled_from(["", "dash", "ellipsis", "quote", "editorial", "xref"]))
    if extra == "dash":
        text = text.replace(" ", " -- ", 1)
    elif extra == "ellipsis":
        text = text.replace(" ", " . . . ", 1)
    elif extra == "quote":
        text = f'"{text}"'
    elif extra == "editorial":
        text = "[t]he " + text
    elif extra == "xref":
        text += " (see section J.2.6)"
    return text[0].upper() + text[1:] + "."


@st.composite
def paragraph(draw) -> str:
    kind = draw(st.sampled_from(["prose", "cited", "colon", "quote", "quote-prose",
                                 "heading", "long-quote", "cite-alone", "wrapped"]))
    body = " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))
    if kind == "long-quote":  # a quotation of two paragraphs after a colon
        return f'In his words:\n\n"{body}\n\n"{body}" {draw(citation_text())}'
    if kind == "cite-alone":
        return f'Thus:\n\n"{body}"\n\n{draw(citation_text())}'
    if kind == "wrapped":  # an older release wrapped at a few words a line
        words = body.split(" ")
        return "\n".join(" ".join(words[i:i + 5]) for i in range(0, len(words), 5))
    if kind == "cited":
        return f"{body} {draw(citation_text())}"
    if kind == "colon":
        return body.rstrip(".") + ":"
    if kind == "quote":
        return f'"{body}" {draw(citation_text())}'
    if kind == "quote-prose":
        return f'"{body}" he wrote. {body}'
    if kind == "heading":
        return f"H.{draw(st.integers(1, 9))}.{draw(st.integers(1, 9))} What is {body.rstrip('.')}?"
    return body


FAMILY = st.lists(paragraph(), min_size=1, max_size=8).map("\n\n".join)
NOISE = st.sampled_from(['"', "'", "[", "]", "--", ". . .", "\n", "\n\n", ":",
                         "[Op. Cit., p. 2]", "\r\n", "\t", "\x0c", "“", "”"])


@st.composite
def noisy_family(draw) -> str:
    text = draw(FAMILY)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(NOISE) + text[pos:]
    return text


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def clean_or_refuse(raw: str):
    """Clean ``raw``; None when it is refused, and rightly (empty, or NUL
    bytes: not a text)."""
    try:
        return clean(raw, source="gen.txt", options={})
    except PamphleteerError as err:
        assert_refused_rightly(err, raw, "gen.txt")
        return None


@pytest.mark.slow
@PROPERTY
@given(FAMILY)
def test_property_family_texts_lose_no_word_and_are_idempotent(raw):
    result = clean(raw, source="gen.txt", options={})
    assert result.report.conservation["ok"], result.report.conservation["lost"]
    assert_clean_idempotent(result)
    # Every block starts on the raw line its source names.
    lines = raw.split("\n")
    for block in walk_blocks(result.document.blocks):
        if isinstance(block, (Paragraph, Heading)) and words(block_text(block)):
            assert words(block_text(block))[0] == words(lines[block.source.line - 1])[0]


@pytest.mark.slow
@PROPERTY
@given(st.one_of(noisy_family(), st.text(max_size=300)))
def test_property_never_crashes_never_loses_a_word(raw):
    result = clean_or_refuse(raw)
    if result is not None:
        assert result.report.conservation["ok"], result.report.conservation["lost"]


@pytest.mark.slow
@PROPERTY
@given(noisy_family())
def test_property_noisy_texts_without_problems_are_idempotent(raw):
    result = clean_or_refuse(raw)
    if result is not None and not result.report.problems:
        assert_clean_idempotent(result)


def test_block_quote_with_punctuation_after_its_citation_round_trips():
    # Found by hypothesis: the closing quote went after the final colon.
    raw = 'Lead in:\n\n"All of it." [Book, p. 4]:\n'
    result = clean(raw, source="r.txt", options={})
    assert isinstance(result.document.blocks[1], BlockQuote)
    assert to_afaq_text(result.document).endswith("“All of it.” [Book, p. 4]:\n")
    assert_clean_idempotent(result)


# --------------------------------------------------------------------------
# Cleaned Markdown: golden file of seed 000, round trip of the fixtures
# --------------------------------------------------------------------------

GOLDENS = ROOT / "tests" / "goldens"


def assert_matches_golden(text: str, name: str, request) -> None:
    """Compare ``text`` with ``tests/goldens/name`` (``--update-goldens``
    rewrites it), showing a readable diff on failure."""
    import difflib

    path = GOLDENS / name
    if request.config.getoption("--update-goldens") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not request.config.getoption("--update-goldens"):
            pytest.fail(f"{path} did not exist: written; check it and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True),
            f"{name} (golden)", f"{name} (now)", n=1))
        pytest.fail(f"cleaned Markdown differs from {path} "
                    f"(run pytest --update-goldens if intended):\n{diff[:6000]}")


def test_seed_markdown_golden(seed, request):
    assert_matches_golden(markdown_io.write_markdown(seed.document), "afaq_000.md",
                          request)


@pytest.mark.parametrize("name", ["i_9_4_disputes.txt", "j_6_2_workplace.txt",
                                  "f_3_4_wrapped.txt"])
def test_fixture_markdown_round_trip(name):
    doc = run(FIXTURES / name).document
    markdown = markdown_io.write_markdown(doc)
    back = markdown_io.read_markdown(markdown, source=name)
    assert markdown_io.strip_sources(back) == markdown_io.strip_sources(doc)
    assert "> " in markdown  # the block quotations are Markdown block quotes


def test_citation_on_its_own_line_joins_the_block_quote():
    raw = 'Lead in:\n\n"Quoted words here."\n\n[Some Book, p. 4]\n\nAfter.\n'
    result = clean(raw, source="c.txt", options={})
    quote = result.document.blocks[1]
    assert isinstance(quote, BlockQuote) and len(result.document.blocks) == 3
    assert isinstance(quote.blocks[0].children[-1], Citation)
    assert [c.kind for c in result.report.changes].count("citation-joined") == 1
    assert_clean_idempotent(result)


def test_bracketed_pointer_to_a_section_is_not_a_citation():
    raw = "As we argued. [See section J.2 for more.] As H.2.2 shows, not 1.2.3.\n"
    result = clean(raw, source="x.txt", options={})
    assert not citations(result.document)
    xrefs = [c.before for c in result.report.changes if c.kind == "cross-reference"]
    assert xrefs == ["section J.2", "H.2.2"]


def test_keep_quote_marks_round_trips():
    result = run(FIXTURES / "i_9_4_disputes.txt", keep_quote_marks=True)
    again = clean(to_afaq_text(result.document), source="k.txt",
                  options={"keep_quote_marks": True})
    assert without_sources(again.document) == without_sources(result.document)


def test_fixture_written_after_the_code():
    # b_1_3_hierarchy.txt was written once the cleaner was done, and passed
    # unchanged: consecutive block quotes ("And:"), Ibid., a quotation opening
    # with an ellipsis, a citation naming no page, a dash glued to a quote.
    result = run(FIXTURES / "b_1_3_hierarchy.txt")
    doc, report = result.document, result.report
    assert doc.meta.title == "What kind of society do anarchists oppose?"
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert [q.source.line for q in quotes] == [7, 11, 19]
    assert block_text(quotes[2]).startswith("… the foreman")
    ibid = [(c.before, c.after) for c in report.changes if c.kind == "ibid"]
    assert ibid == [("Ibid., p. 294", "General Idea of the Revolution")]
    last = citations(doc)[-1]
    assert (last.items[0].title, last.items[0].locator) == (
        "Marx, The Civil War in France", "")
    text = to_afaq_text(doc)
    assert "power—“the one we accept" in text and "two kinds of ‘authority’" in text
    assert "the idea—common among liberals—that" in text
    assert [c.before for c in report.changes if c.kind == "cross-reference"] == [
        "section B.4", "section B.2", "appendix on “The Symbols of Anarchy”",
        "section B.1.2"]
    assert report.problems == [] and report.conservation["ok"]
    assert_clean_idempotent(result)


def test_unpaired_quotation_marks_are_reported():
    raw = ('He called it "socialism and left it there.\n\n'
           'Fine "words" here.\n\nIt said:\n\n"One\n\n"Two." [Book, p. 2]\n')
    report = clean(raw, source="q.txt", options={}).report
    assert [(p.code, p.line) for p in report.problems] == [("AFAQ005", 1)]


def test_report_is_json_ready(seed):
    import json

    data = json.loads(json.dumps(seed.report.to_json()))
    assert data["cleaner"] == "afaq-text" and data["conservation"]["ok"]
    assert data["counts"]["block-quotes"] == 4
