"""Cleaned-text Markdown: writing, reading, and the round trip between them."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pamphleteer.cite_syntax import parse_citation
from pamphleteer.errors import InputError, RenderError
from pamphleteer.markdown_io import (
    pandoc_citation, parse_markdown, read_markdown, strip_sources,
    write_markdown)
from pamphleteer.model import (
    BlockQuote, BulletList, Citation, CiteItem, Code, Division, Document,
    Emph, Heading, IndexMark, Lacuna, LineBreak, Link, Metadata, Note,
    NoteRef, OrderedList, Paragraph, SmallCaps, Source, Strong, Sup, Text,
    ThematicBreak)

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"

# --------------------------------------------------------------------------
# Strategies: documents a cleaner can produce, with hostile text
# --------------------------------------------------------------------------

HOSTILE = ["*", "_", "[", "]", "<", ">", "&", "{", "}", "#", "\\", "`", "!",
           "{{ ", " }}", "{% ", " %}", "]]>", "  ", "1.", "2)", "-", "+",
           "=", ":::", "---", "...", "~~~", "|", "&amp;", "&#32;", "&copy",
           "@key", "[@key, p. 5]", "[^1]", "[^x]:", "\t", "\n", "\r", "é",
           "“", "”", "—", "…", "\u00a0", "\u2028", "\U0001F600", "    ",
           "<i>", "</b>", "<br>", "<!--", "](", "![", "^[", "**", "***",
           "\\\n", "p. 12", "Op. Cit.", " ", "a", "word", "1871", ".", ","]
# Ordinary characters: no control characters (cleaners never produce
# them) and no lone surrogates.
CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(CHARS, max_size=3)),
                 max_size=6).map("".join)
nonempty_texts = texts.filter(bool)
# Ids and labels as cleaners and assembly make them.
ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
labels = st.from_regex(r"[0-9a-z]{1,3}", fullmatch=True)
urls = st.builds(lambda scheme, rest: scheme + rest,
                 st.sampled_from(["http://example.org/", "https://a.b/",
                                  "mailto:x@y.org", "#"]),
                 st.text(st.sampled_from("az09/?=&;()<> %#é\\"), max_size=8))


def normalise(inlines: list) -> tuple:
    """Merge adjacent texts and drop empty ones, as every reader does."""
    out: list = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


def citation(raw: str, bracketed: bool, ident: str, odd: bool) -> Citation:
    pandoc = pandoc_citation(raw)
    items = pandoc.items if pandoc else parse_citation(raw).items
    if odd:   # items set by assembly, differing from what the text says
        items = (CiteItem(raw=raw, title="T", work="w1"),)
    return Citation(items, raw, bracketed, ident)


citations = st.builds(citation,
                      st.one_of(texts, st.sampled_from(
                          ["Bakunin on Anarchism, p. 301", "Op. Cit., p. 3",
                           "see @kropotkin1902, pp. 3-4; @marx1875",
                           "@key", "quoted by X, p. 2"])),
                      st.booleans(), st.one_of(st.just(""), ids), st.booleans())


def inline_lists(labels_in_use: list[str], link_ok: bool = True):
    leaves = st.one_of(
        texts.map(Text), st.builds(Code, texts), st.just(LineBreak()),
        st.sampled_from(labels_in_use or ["9"]).map(NoteRef),
        citations, st.builds(IndexMark, texts.filter(lambda t: "\n" not in t
                                                    and "\r" not in t),
                              st.one_of(st.just(""), ids)))

    def extend(children):
        wraps = [st.builds(Emph, children), st.builds(Strong, children),
                 st.builds(Sup, children), st.builds(SmallCaps, children)]
        if link_ok:
            wraps.append(st.builds(Link, urls, inline_lists(labels_in_use,
                                                            False)))
        return st.one_of(*wraps).map(_normalise_node)

    nodes = st.recursive(leaves, lambda c: extend(st.lists(c, max_size=4)
                                                  .map(normalise)),
                         max_leaves=5)
    return st.lists(nodes, max_size=5).map(normalise)


def _normalise_node(node):
    return dataclasses.replace(node, children=normalise(list(node.children)))


def blocks(labels_in_use: list[str]):
    inl = inline_lists(labels_in_use)
    leaves = st.one_of(
        inl.filter(bool).map(Paragraph),
        st.builds(Heading, st.integers(1, 6), inl,
                  st.one_of(st.just(""), ids)),
        st.just(ThematicBreak()), st.builds(Lacuna, texts))
    block_lists = lambda c: st.lists(c, max_size=3).map(tuple)
    return st.recursive(leaves, lambda c: st.one_of(
        st.builds(BlockQuote, block_lists(c)),
        st.builds(BulletList, st.lists(block_lists(c), min_size=1,
                                       max_size=3).map(tuple)),
        st.builds(OrderedList, st.lists(block_lists(c), min_size=1,
                                        max_size=3).map(tuple),
                  st.integers(0, 2000)),
        st.builds(Division, st.one_of(st.sampled_from(["editorial", "preface"]),
                                      texts.filter(lambda t: "\n" not in t
                                                   and "\r" not in t)),
                  block_lists(c),
                  st.one_of(st.just(""), st.sampled_from(["Sam Dolgoff"]),
                            texts.filter(lambda t: "\n" not in t
                                         and "\r" not in t)))),
        max_leaves=4)


str_tuples = st.lists(texts, max_size=3).map(tuple)
metadata = st.builds(
    Metadata, title=texts, subtitle=texts, authors=str_tuples, date=texts,
    translators=str_tuples, editors=str_tuples, source_lines=str_tuples,
    extra=st.lists(st.tuples(st.one_of(st.sampled_from(
        ["publisher", "url", "title", "extra", "year"]), texts), texts),
        max_size=3).map(tuple))


@st.composite
def documents(draw):
    note_labels = draw(st.lists(labels, unique=True, max_size=4))
    called = note_labels + draw(st.lists(labels, max_size=1))  # + dangling
    body = tuple(draw(st.lists(blocks(called), max_size=5)))
    notes = []
    for label in note_labels:
        if draw(st.booleans()) and draw(st.booleans()):
            notes.append(Note(label, (), missing=True))
        else:
            notes.append(Note(label, tuple(draw(st.lists(blocks(called),
                                                         max_size=3)))))
    title_notes = tuple(draw(st.lists(st.sampled_from(note_labels or ["1"]),
                                      max_size=1, unique=True)))
    return Document(draw(metadata), body, tuple(notes), title_notes)


# More examples for a long search: PAMPHLETEER_EXAMPLES=2000 pytest ...
EXAMPLES = int(os.environ.get("PAMPHLETEER_EXAMPLES", "60"))
# No "explain" phase: its line tracing is slow on a parser.
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate,
                            Phase.shrink],
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


@SETTINGS
@given(documents())
def test_round_trip_gives_the_same_document(doc):
    text = write_markdown(doc)
    assert strip_sources(read_markdown(text, source="x.md")) == doc, text


@SETTINGS
@given(documents())
def test_writing_is_idempotent(doc):
    text = write_markdown(doc)
    again = write_markdown(read_markdown(text, source="x.md"))
    assert again == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_reading_any_text_never_crashes(text):
    try:
        doc = read_markdown(text, source="any.md")
    except InputError:
        return   # bad front matter: reported, not a crash
    again = write_markdown(doc)   # whatever was read can be written
    assert strip_sources(read_markdown(again, source="any.md")) \
        == strip_sources(doc)


@SETTINGS
@given(documents())
def test_cleaning_written_markdown_conserves_every_word(doc):
    from pamphleteer.cleaners.markdown_src import clean

    result = clean(write_markdown(doc), source="x.md", options={})
    assert result.report.conservation["ok"], result.report.conservation
    assert strip_sources(result.document) == doc
