"""The book's own index (book/index.yaml) against the four seed texts.

The seeds are split into documents crudely here (the real cleaners live
elsewhere): paragraphs by blank lines, Markdown headings and note blocks
recognised, PDF-text lines joined.  That is enough to check that the index
file loads, that every entry matches somewhere, and to run ``suggest``.
Run as a script to print suggestions: ``python tests/test_index_seeds.py``.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from pamphleteer.index import (build_view, check, load_index, mark_document,
                               suggest)
from pamphleteer.index.spec import fold
from pamphleteer.model import (Document, Heading, Metadata, Note, NoteRef,
                               Paragraph, Text, block_text)

pytestmark = pytest.mark.slow  # every test here takes seconds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {
    "bakunins-critique": "000_d300c5b3b0d7c642.txt",
    "reply-to-international-socialism": "001_a0ee4bd712006198.txt",
    "program-of-the-alliance": "003_891f92dcb2d1c4e0.txt",
    "kropotkin-met-lenin": "004_659b57149f17aa97.txt",
}
INDEX = ROOT / "book" / "index.yaml"

# A note call in Markdown exports: <sup>12</sup>.
_SUP = re.compile(r"<sup>(\d+)</sup>")
# Markdown emphasis markers, HTML italics and links ([text](url)).
_MARKUP = re.compile(r"\*+|</?i>|\[([^\]]*)\]\([^)]*\)")
# A note call glued to a word or punctuation in PDF text (syndicalist2).
_GLUED = re.compile(r"(?<=[^\W\d_]|[.,;:”’\"')])\d{1,3}\b")


def _inlines(text: str) -> tuple:
    """Text with <sup>N</sup> calls as NoteRefs."""
    out: list = []
    last = 0
    for m in _SUP.finditer(text):
        if m.start() > last:
            out.append(Text(text[last:m.start()]))
        out.append(NoteRef(m.group(1)))
        last = m.end()
    if last < len(text):
        out.append(Text(text[last:]))
    return tuple(out)


def markdown_document(raw: str) -> Document:
    """Library Markdown export: headings, paragraphs, note blocks."""
    blocks: list = []
    notes: list = []
    for chunk in re.split(r"\n\s*\n", raw):
        chunk = " ".join(chunk.split())
        if not chunk or chunk == "---":
            continue
        chunk = _MARKUP.sub(lambda m: m.group(1) or "", chunk)
        note = re.match(r"<sup>(\d+)</sup>\s*(.*)", chunk)
        if note:
            notes.append(Note(note.group(1),
                              (Paragraph(_inlines(note.group(2))),)))
        elif chunk.startswith("#"):
            blocks.append(Heading(1, (Text(chunk.lstrip("# ")),)))
        else:
            blocks.append(Paragraph(_inlines(chunk)))
    return Document(Metadata(), tuple(blocks), tuple(notes))


def pdf_text_document(raw: str) -> Document:
    """PDF text: single lines are text (a short line ends a paragraph),
    runs of lines without blank lines between them are footnotes."""
    blocks: list = []
    notes: list = []
    para: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", raw):
        lines = [ln.strip() for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        if len(lines) > 1 or re.match(r"\d+ \S", lines[0]) and not para:
            text = " ".join(lines)
            for n, body in re.findall(r"(?:^| )(\d{1,3}) (.+?)(?= \d{1,3} [A-Z“\"]|$)",
                                      text):
                notes.append(Note(n, (Paragraph((Text(body),)),)))
            continue
        para.append(_GLUED.sub("", lines[0]))
        if len(lines[0]) < 60:
            blocks.append(Paragraph((Text(" ".join(para)),)))
            para = []
    if para:
        blocks.append(Paragraph((Text(" ".join(para)),)))
    return Document(Metadata(), tuple(blocks), tuple(notes))


def crude_documents() -> dict[str, Document]:
    """The four seeds as rough documents, by chapter id."""
    docs = {}
    for cid, name in SEEDS.items():
        raw = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        if name.startswith("001"):
            docs[cid] = pdf_text_document(raw)
        elif name.startswith("000"):
            docs[cid] = Document(Metadata(), tuple(
                Paragraph((Text(p.strip()),))
                for p in raw.split("\n\n") if p.strip()))
        else:
            docs[cid] = markdown_document(raw)
    return docs


@pytest.fixture(scope="module")
def seed_docs():
    return crude_documents()


@pytest.fixture(scope="module")
def marked(seed_docs):
    spec = load_index(INDEX)
    occs = []
    docs = {}
    for cid, doc in seed_docs.items():
        docs[cid], occ = mark_document(doc, spec, cid)
        occs.extend(occ)
    return spec, docs, occs


def test_book_index_loads_and_every_entry_matches(marked):
    spec, _, occs = marked
    assert 60 <= len(spec.entries) <= 150
    assert check(spec, occs) == []


def test_book_index_marks_keep_the_text(seed_docs, marked):
    _, docs, occs = marked
    for cid, doc in seed_docs.items():
        assert [block_text(b) for b in docs[cid].blocks] == \
            [block_text(b) for b in doc.blocks]
    assert len({o.mark_id for o in occs}) == len(occs)


def test_book_index_occurrences_show_their_forms(marked):
    """Every occurrence's text is one of its entry's plain forms (up to a
    possessive, case of the first letter and spacing) or a regex match in
    its context."""
    spec, _, occs = marked
    entries = spec.by_id()
    for o in occs:
        forms = entries[o.entry].forms
        assert any(
            # A regex form may look around its match: find it in context.
            any(m.group(0) == o.text for m in f.pattern.finditer(o.snippet))
            if f.regex else f.pattern.fullmatch(fold(o.text))
            for f in forms), o


def test_book_index_key_entries(marked):
    spec, _, occs = marked
    found = {o.entry for o in occs}
    for heading in ("Paris Commune", "First International", "Kronstadt",
                    "dictatorship of the proletariat", "syndicalism"):
        assert spec.by_heading()[heading].id in found
    view = build_view(spec, occs, pages={o.mark_id: i // 40 + 1
                                         for i, o in enumerate(occs)})
    assert [g.letter for g in view.groups] == sorted(g.letter
                                                     for g in view.groups)


@pytest.mark.timing
def test_suggest_on_seeds_is_fast_and_finds_the_names(seed_docs):
    start = time.perf_counter()
    text = suggest(seed_docs, limit=150)
    assert time.perf_counter() - start < 20
    for name in ("Bakunin", "Paris Commune", "Kropotkin", "Lenin"):
        assert f'"{name}' in text


if __name__ == "__main__":  # print suggestions for the editor
    existing = load_index(INDEX) if INDEX.exists() and "--new" in sys.argv \
        else None
    print(suggest(crude_documents(), existing=existing, limit=200))
