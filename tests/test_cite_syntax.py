"""pamphleteer.cite_syntax: parsing bracket contents, finding brackets, and
telling citations from editorial insertions by where they stand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pamphleteer.cite_syntax import (find_brackets, is_citation_at,
                                     looks_like_citation, parse_citation)
from pamphleteer.text import typography

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_d300c5b3b0d7c642.txt"

# Every item of every citation of seed 000 as parsed when the cleaner was
# written: (prefix, title, locator, op_cit).  Changes to the parser must keep
# these.
SEED_ITEMS = [
    ('', 'Marx, Engels, Lenin, Anarchism and Anarcho-Syndicalism', 'p. 85', False),
    ('', 'Marx and Engels Reader', 'p. 566, p. 484, p. 490 and p. 565', False),
    ('', 'Marx and Engels, Selected Works', 'p. 287 and p. 285', False),
    ('quoted by', 'David P. Perrin, The Socialist Party of Great Britain', 'p. 64', False),
    ('our emphasis', 'Marx, Engels and Lenin, Anarchism and Anarcho-Syndicalism', 'p. 173', False),
    ('', 'Bakunin on Anarchism', 'pp. 262–3 and p. 270', False),
    ('', 'Op. Cit.', 'p. 174', True),
    ('', 'The Basic Bakunin', 'p. 108', False),
    ('', 'C. Schorske, German Social Democracy', 'p. 38', False),
    ('', 'Rosa Luxemburg Speaks', 'p. 36', False),
    ('', 'Bakunin on Anarchism', 'p. 301, p. 302 and p. 276', False),
    ('', 'The Political Philosophy of Bakunin', 'p. 376', False),
    ('', 'Bakunin on Anarchism', 'p. 255', False),
    ('', 'Michael Bakunin: Selected Writings', 'p. 170 and p. 171', False),
    ('', 'Marx and Engels Reader', 'p. 728', False),
    ('', 'The Political Philosophy of Bakunin', 'p. 294', False),
    ('', 'Op. Cit.', 'p. 289', True),
    ('', 'Marx and Engels, Selected Writings', 'p. 290', False),
    ('', 'The Marx-Engels Reader', 'p. 717', False),
    ('', 'Manifesto of the Communist Party', 'p. 52', False),
    ('', 'The Marx-Engels Reader', 'pp. 542–3', False),
    ('', 'Will the Bolsheviks Maintain Power?', 'p. 52', False),
    ('', 'John Rees, “In Defence of October”, pp. 3–82, International Socialism, no. 52', 'p. 42', False),
    ('', 'Thomas F. Remington, Building Socialism in Bolshevik Russia', 'p. 38', False),
    ('', 'The Marx-Engels Reader', 'p. 482', False),
    ('', 'Op. Cit.', 'p. 493, p. 536 and p. 543', True),
    ('', 'Statism and Anarchy', 'pp. 177–8', False),
    ('', 'The Political Philosophy of Bakunin', 'p. 401 and p. 300', False),
    ('', 'Op. Cit.', 'p. 378', True),
    ('as cited in', 'Bakunin on Anarchism', 'p. 438, p. 439 and p. 438', False),
    ('', 'Michael Bakunin: Selected Writings', 'pp. 253–4', False),
    ('', 'Op. Cit.', 'pp. 254–5', True),
    ('', 'Statism and Anarchy', 'p. 178', False),
    ('', 'The Marx-Engels Reader', 'p. 545 and p. 544', False),
    ('', '“Letter to F. Domela-Nieuwenhuis,” Eugene Schulkind (ed.), The Paris Commune of 1871: The View from the Left', 'p. 244', False),
    ('', 'Marxism, Freedom and the State', 'p. 63', False),
    ('', 'The Marx-Engels Reader', 'p. 509–10', False),
    ('', 'The Essential Works of Lenin', 'p. 310', False),
    ('', 'The Marx-Engels Reader', 'p. 510f', False),
    ('', 'Michael Bakunin: Selected Writings', 'p. 240', False),
    ('', 'Op. Cit.', 'pp. 179–80', True),
    ('', 'Op. Cit.', 'p. 179', True),
    ('', 'Op. Cit.', 'p. 237 and p. 172', True),
    ('', 'No Gods, No Masters', 'vol. 1, p. 167', False),
    ('', 'Michael Bakunin: Selected Writings', 'p. 261', False),
    ('', 'Op. Cit.', 'pp. 170–1', True),
]


def seed_brackets() -> list[tuple[str, str, str]]:
    """(inner, before, after) of every bracket of seed 000, typography done."""
    out = []
    for para in SEED.read_text(encoding="utf-8").split("\n"):
        text, _ = typography(para)
        for start, end in find_brackets(text).spans:
            out.append((text[start + 1:end - 1], text[:start], text[end:]))
    return out


def test_seed_citations_parse_as_before():
    items = [(i.prefix, i.title, i.locator, i.op_cit)
             for inner, before, after in seed_brackets()
             if is_citation_at(inner, before, after)
             for i in parse_citation(inner).items]
    assert items == SEED_ITEMS


def test_seed_position_rule_agrees_with_clues():
    # On seed 000 every citation names a page: the position rule adds none.
    for inner, before, after in seed_brackets():
        assert is_citation_at(inner, before, after) == looks_like_citation(inner), inner


@pytest.mark.parametrize("inner, before, after, expected", [
    ("Marx, The Civil War in France", "lay hold of it.”", "", True),
    ("Bakunin, Statism and Anarchy", "the state.", " Then he", True),
    ("“Letter to Nieuwenhuis,” Marx", "power.”", "", True),
    ("i", "“", "n its struggle", False),           # glued to a word
    ("ing", "com", " into power", False),
    ("factory", "the ", " committees", False),      # inside a sentence
    ("sic!", "their ", " state", False),
    ("sic", "state.”", "", False),                  # editorial even at the end
    ("Our emphasis", "state.”", "", False),
    ("Emphasis added", "state.”", " More", False),
    ("that is, by", "itself, ", " the trade", False),
    ("Op. Cit.", "the ", " word", True),            # a clue wins anywhere
])
def test_is_citation_at(inner, before, after, expected):
    assert is_citation_at(inner, before, after) is expected


def test_find_brackets_nested_unclosed_and_stray():
    assert find_brackets("a [b] c [d [e] f] g").spans == ((2, 5), (8, 17))
    scan = find_brackets("a [open and [closed] text")
    assert scan.unclosed == (2,) and scan.spans == ((12, 20),)
    scan = find_brackets("a ] b [c]")
    assert scan.stray == (2,) and scan.spans == ((6, 9),)
    assert find_brackets("no brackets").spans == ()


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab[] ", max_size=40))
def test_find_brackets_spans_are_balanced(text):
    scan = find_brackets(text)
    for start, end in scan.spans:
        inner = text[start:end]
        assert inner[0] == "[" and inner[-1] == "]"
        depth = 0
        for i, ch in enumerate(inner):
            depth += {"[": 1, "]": -1}.get(ch, 0) if start + i not in scan.unclosed else 0
            assert depth >= 0
        assert depth == 0
    # Every bracket is in a span, unclosed or stray.
    covered = {i for s, e in scan.spans for i in range(s, e)}
    for i, ch in enumerate(text):
        if ch in "[]":
            assert i in covered or i in scan.unclosed or i in scan.stray
