"""Property tests on hostile texts of every family, read the way the command
line reads them (bytes -> :func:`~pamphleteer.sources.decode` -> cleaner):

- no exception but the tool's own (PamphleteerError);
- no lost word (``report.conservation["lost"]`` empty);
- every heading id and note label unique, every note call answered by a note;
- the cleaned Markdown, cleaned again as ``markdown``, is unchanged;
- the Markdown reader itself never fails on any text but with InputError.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamphleteer.assembly import assign_heading_ids
from pamphleteer.cleaners import load_all, run
from pamphleteer.errors import InputError, PamphleteerError
from pamphleteer.markdown_io import read_markdown, write_markdown
from pamphleteer.model import (Heading, NoteRef, Paragraph, document_words,
                               walk_blocks, walk_inlines)
from pamphleteer.sources import decode

# Text that tries to escape into markup or confuse a reader, in any family.
HOSTILE = [
    "<script>alert(1)</script>", "</p>", "<p>", "&", "&amp;", "&#0;", "&lt;",
    "{{ x }}", "{% y %}", "]]>", "<![CDATA[", "<!-- c -->", "\\", "`", "``",
    "*", "_", "#", "|", "[", "]", "(", ")", "<", ">", "\x00", "\x1b", "\x0b",
    "\r\n", "\r", "\t", "\xa0", "\u202e", "\ufeff", "\u200b", "e\u0301",
    "𝔘", "😀", "ﬁ", "’", "“", "”", "—", "…", "â€™", "<sup>", "</sup>",
]
WORDS = ["the", "ferrymen", "kept", "Rota", "café", "naïve", "1911", "pp.",
         "estu-", "ary", "self-", "rule", "Noël’s", "I", "A"]

_common = st.sampled_from(HOSTILE + WORDS + [" ", " ", "\n", "\n\n"])

FAMILY = {
    "afaq-text": ["H.1.2 What is it?\n\n", "[Op. Cit., p. 4]",
                  "[Estuary Notes, p. 12]", '"', ":\n\n", "see section H.2.1",
                  "[quoted by Ada, p. 3]", "[Ibid.]", ". ", "\n\n"],
    "pdf-text": [" a line of words that runs on and on\n", "1 A note.\n",
                 "\f", " " * 34 + "12\n", " estu‐\n ary", " word3 ",
                 "\n\n\n", " Heading without stop\n", "2 Ibid., p. 4.\n"],
    "library-md": ["<sup>1</sup>", "<sup>2</sup>", "\n\n---\n\n",
                   "\n\n<sup>1</sup> A note.", "## Part\n\n", "# Title\n\n",
                   "The Anarchist Library\nAnti-Copyright\n\n", "<i>", "</i>",
                   "**", "[x](http://y.z)", "imposi-", "tions."],
    "markdown": ["[^1]", "[^2]", "\n\n[^1]: A note.\n\n", "*em*", "**b**",
                 "# H {#h}\n\n", "\n\n::: lacuna\n:::\n\n", "> quote\n\n",
                 "- item\n", "1. item\n", "[x]{.cite}", "24[th]{.sup}",
                 "\\*", "* * *\n\n", "[a](http://b.c)"],
}
FRONT = ["", "---\ntitle: T <b>&amp;</b> {{ x }}\nauthors:\n- A\n---\n\n"]


def texts(fmt: str):
    pieces = st.one_of(_common, st.sampled_from(FAMILY[fmt]))
    body = st.lists(pieces, max_size=50).map("".join)
    if fmt == "markdown":
        return st.tuples(st.sampled_from(FRONT), body).map("".join)
    return body


TEXT_READERS = sorted(n for n, i in load_all().items() if not i.binary)
"""Every registered reader of text (binary ones get bytes, not text)."""
ALWAYS_TAKE = {"afaq-text", "pdf-text", "library-md", "markdown"}
"""The hand-written readers: every text decoding lets through is taken."""

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=list(HealthCheck))


def _clean(fmt: str, raw: str):
    """Bytes through decode and the cleaner, as ``pamphleteer clean``: the
    result, or the tool's own error when it refuses. Only decoding may
    refuse, and only a text that is not one (see :func:`_refusal_reason`):
    every cleaner takes every text decoding lets through."""
    data = raw.encode("utf-8", "surrogatepass")
    try:
        decoded = decode(data, "prop")
    except PamphleteerError as err:
        _assert_rightly_refused(err, raw)
        return err
    # (Bytes that look like UTF-16, every other one NUL, are read as such,
    # with a warning: another text than ``raw``.)
    assert decoded.encoding != "utf-8" or _refusal_reason(raw) is None, \
        f"decode accepted a text it should refuse: {raw!r}"
    return run(fmt, decoded.text, source="prop")  # refusing fails the test


# Characters decode drops or reads as line ends (controls, byte-order marks),
# and the C0/C1 controls it counts against a text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f]")


def _refusal_reason(raw: str) -> str | None:
    """Why ``raw`` is not a text, worked out apart from the tool: nothing
    but white space, controls and byte-order marks; or more control
    characters than a text holds. None for a text the tool must take."""
    if all(c.isspace() or c == "\ufeff" or unicodedata.category(c) == "Cc"
           for c in raw):
        return "the file is empty"
    controls = len(_CONTROLS.findall(raw))
    if controls > max(8, len(raw) // 50):
        return f"contains {controls} control characters"
    return None


def _assert_rightly_refused(err: PamphleteerError, raw: str) -> None:
    """The refusal is an InputError naming the file and the same reason a
    reader would give for not calling ``raw`` a text."""
    assert isinstance(err, InputError), repr(err)
    reason = _refusal_reason(raw)
    assert reason is not None, f"refused a valid text {raw!r}: {err}"
    message = str(err)
    assert message.startswith(f"prop: {reason}") or (
        reason.startswith("contains") and  # NUL bytes are counted first
        message.startswith("prop: looks like a binary file")), (message, reason)


def _check_document(doc, report=None) -> None:
    """Unique ids and labels; every call answered by a note, or (in the
    ``markdown`` format, where the editor wrote the calls) reported as
    MD002 at its line."""
    # Heading ids as the book gives them (an editor's `{#id}` may repeat in
    # a Markdown source; assembly makes them unique and scoped).
    scoped = assign_heading_ids(doc, "chapter")
    ids = [b.id for b in walk_blocks(scoped.blocks) if isinstance(b, Heading)]
    assert all(ids) and len(ids) == len(set(ids)), ids
    labels = [n.label for n in doc.notes]
    assert len(labels) == len(set(labels)), labels
    calls = {node.label for b in walk_blocks(doc.blocks)
             if isinstance(b, (Heading, Paragraph))
             for node in walk_inlines(b.children) if isinstance(node, NoteRef)}
    for n in doc.notes:
        for b in walk_blocks(n.blocks):
            if isinstance(b, (Heading, Paragraph)):
                calls |= {x.label for x in walk_inlines(b.children)
                          if isinstance(x, NoteRef)}
    unanswered = calls - set(labels)
    if report is not None and report.cleaner == "markdown":
        told = {p.message.split("[^")[1].split("]")[0]
                for p in report.problems if p.code == "MD002" and p.line}
        unanswered -= told
    assert not unanswered, unanswered


def _property(fmt: str, raw: str) -> None:
    result = _clean(fmt, raw)
    if isinstance(result, PamphleteerError):
        return
    assert result.report.conservation["lost"] == [], result.report.conservation
    _check_document(result.document, result.report)
    md = write_markdown(result.document)
    again = run("markdown", md, source="again.md")
    assert again.report.conservation["lost"] == []
    assert write_markdown(again.document) == md


@pytest.mark.slow
@SETTINGS
@given(texts("afaq-text"))
def test_afaq_text(raw):
    _property("afaq-text", raw)


@pytest.mark.slow
@SETTINGS
@given(texts("pdf-text"))
def test_pdf_text(raw):
    _property("pdf-text", raw)


@pytest.mark.slow
@SETTINGS
@given(texts("library-md"))
def test_library_md(raw):
    _property("library-md", raw)


@pytest.mark.slow
@SETTINGS
@given(texts("markdown"))
def test_markdown(raw):
    _property("markdown", raw)


@pytest.mark.slow
@SETTINGS
@given(st.one_of(texts("markdown"), st.text(max_size=300)))
def test_markdown_reader_never_fails_but_with_input_error(raw):
    try:
        result = run("markdown", raw, source="prop.md")
        read_markdown(raw, source="prop.md")
    except PamphleteerError as err:
        # The reader refuses two things only: a broken front matter, and
        # containers nested deeper than markdown-it reads.
        assert isinstance(err, InputError), repr(err)
        message = str(err)
        assert message.startswith("prop.md:"), message
        if "front matter" in message:
            assert raw.lstrip("\ufeff").startswith("---"), message
        else:
            assert "nested" in message and \
                sum(raw.count(c) for c in ">-*+") >= 19, message
        return
    _check_document(result.document, result.report)


@pytest.mark.slow
@settings(max_examples=80, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=400), st.sampled_from(TEXT_READERS))
def test_any_bytes(data, fmt):
    try:
        text = decode(data, "prop").text
    except PamphleteerError as err:
        # Bytes that are no text are refused for a reason the message names.
        assert isinstance(err, InputError), repr(err)
        assert re.match(r"prop: (is an? |looks like a binary|contains \d+ "
                        r"control|the file is empty|starts with a )",
                        str(err)), str(err)
        return
    try:
        result = run(fmt, text, source="prop")
    except PamphleteerError as err:
        # The hand-written readers take every decoded text; a reader built
        # on a parser (pandoc's) may refuse what the format's syntax does
        # not allow, saying so and naming the format.
        assert fmt not in ALWAYS_TAKE, f"{fmt} refused a decoded text: {err}"
        assert isinstance(err, InputError) and str(err).startswith("prop:") \
            and fmt in str(err), repr(err)
        return
    assert result.report.conservation["lost"] == []


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from(TEXT_READERS), st.data())
def test_refusals_are_for_texts_that_are_none(fmt, data):
    """Blank and control-ridden inputs are refused, with the reason, by
    every reader; one word more makes them a text that is taken."""
    blank = data.draw(st.text(st.sampled_from(" \n\t\r\ufeff\x0b"),
                              max_size=40))
    controls = data.draw(st.text(st.sampled_from("\x01\x1b\x85"), max_size=8))
    junk = "".join(data.draw(st.permutations(blank + controls)))
    result = _clean(fmt, junk)
    assert isinstance(result, InputError), result
    word = data.draw(st.sampled_from(WORDS))
    taken = _clean(fmt, junk[:8] + word + junk[8:])
    assert not isinstance(taken, PamphleteerError)
    kept = "".join(document_words(taken.document)) + "".join(
        r.text for r in taken.report.removals)
    assert re.sub(r"\W", "", word).lower() in kept.lower(), (word, kept)


# --------------------------------------------------------------------------
# Regressions: failures these properties found once, each now fixed
# --------------------------------------------------------------------------



def test_library_md_fragment_join_with_combining_mark():
    result = run("library-md", "e\u0301\n\n---\n\nself-", source="x")
    assert result.report.conservation["lost"] == []


def test_markdown_attribute_comment_is_accounted_for():
    # mdit-py-plugins reads `[a]{% y %}` as a span whose attribute block
    # holds a comment, and drops it: the reader lists it as removed.
    result = run("markdown", "[a]{.cite % see y %}\n", source="x")
    assert result.report.conservation["lost"] == []
    assert ("attribute-comment", "see y") in {
        (r.kind, r.text) for r in result.report.removals}


@pytest.mark.slow
@pytest.mark.parametrize("front,line", [
    ("date: 2026-13-45\n", 2),
    ("title: " + "[" * 2000 + "]" * 2000 + "\n", 2),
    ("title: T\ntitle: U\n", 3),
    ("title: !!python/object/apply:os.system ['echo x']\n", 2),
    ("- a list\n", 2),
])
def test_markdown_front_matter_refused_with_its_line(front, line, tmp_path,
                                                     capsys):
    from pamphleteer.cli import main
    from pamphleteer.errors import InputError

    src = tmp_path / "text.md"
    src.write_text(f"---\n{front}---\n\nSome text.\n")
    status = main(["clean", "--format", "markdown", str(src)])
    err = capsys.readouterr().err
    assert status == InputError.exit_status, err
    assert f"{src}:{line}:" in err and "internal error" not in err, err


@pytest.mark.parametrize("fmt, raw", [
    # a second definition of a note, its call-only paragraph indented
    ("markdown", "\n\n[^1]: A note.\n\n\n\n[^1]: A note.\n\n\t[^1]"),
    # a form feed, which lxml reads but will not have set again
    ("pandoc-markdown", "\x0c!"),
    ("html", b"<p>Page one.\x0c</p><p>Page two.</p>"),
])
def test_examples_the_properties_found(fmt, raw):
    """Inputs the property tests above once found, kept as examples."""
    result = load_all()[fmt].clean(raw, source="prop", options={})
    assert result.report.conservation["lost"] == []
