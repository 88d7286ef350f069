"""library-md property tests: never a bare traceback, never a lost word."""

from __future__ import annotations

import pytest

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_refused_rightly
from pamphleteer.cleaners import library_md
from pamphleteer.errors import ManifestError, PamphleteerError
from pamphleteer.model import document_words

HERE = Path(__file__).parent / "fixtures" / "library_md"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

# Pieces of an export: markup, notes, headings, contents lines, split words,
# mixed scripts, and plain words, glued in any order.
PIECES = st.sampled_from([
    "The", "the", "state", " ", " ", "\n", "\n\n", "\n\n\n", ".", ",", "-", "—",
    "*", "**", "<i>", "</i>", "<sup>", "</sup>", "<sup>3</sup>", "<sup>12</sup>",
    "24<sup>th</sup>", "\n\n---\n\n", "\n\n<sup>3</sup> Ibid., p. 4.", "## Part\n\n",
    "# Title\n\n", "# Contents\n\nPart . . . . .\t5\n\n", "imposi-", "tions.",
    "oretical", "Bonch-Bruевич", "Ελλάδα", "[x](http://y.z)", "'", '"', "...",
    "Anti-Copyright\n", "Retrieved on 2020-05-05 from x  \n", "1917\n\n",
])

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=list(HealthCheck))


@pytest.mark.slow
@SETTINGS
@given(st.lists(PIECES, max_size=60).map("".join))
def test_never_crashes_never_loses_a_word(raw):
    try:
        res = library_md.clean(raw, source="prop", options={})
    except PamphleteerError as err:
        assert_refused_rightly(err, raw, "prop")
        return
    assert res.report.conservation["ok"], res.report.conservation["lost"]
    words = document_words(res.document)
    assert res.report.conservation["words-out"] == len(words)


@pytest.mark.slow
@SETTINGS
@given(st.text(max_size=400))
def test_any_text(raw):
    try:
        res = library_md.clean(raw, source="prop", options={})
    except PamphleteerError as err:
        assert_refused_rightly(err, raw, "prop")
        return
    assert res.report.conservation["ok"], res.report.conservation["lost"]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 10_000), st.sampled_from(sorted(p.name for p in
                                                      (HERE / "originals").glob("*.md"))))
def test_random_shuffles_of_the_originals(seed, name):
    """Any shuffle: no lost word, every kept note at its call, every heading
    of the kept pages in the contents' order."""
    orig = generate.parse_original((HERE / "originals" / name).read_text("utf-8"))
    raw, expect = generate.generate(orig, seed)
    res = library_md.clean(raw, source=name, options={})
    assert res.report.conservation["ok"]
    assert [n.label for n in res.document.notes if not n.missing] == expect["notes"]
    from pamphleteer.model import Heading, inline_text, walk_blocks
    heads = [inline_text(b.children) for b in walk_blocks(res.document.blocks)
             if isinstance(b, Heading)]
    assert heads == expect["headings"]


@pytest.mark.slow
@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), max_size=3))
def test_options_errors_are_manifest_errors(options):
    try:
        library_md.clean("# T\n\nA text.\n", source="o", options=options)
    except ManifestError as err:
        bad = [k for k in options if k not in ("joins", "order", "editorial")]
        if bad:
            assert repr(bad[0]) in str(err) or repr(bad[-1]) in str(err) or any(
                repr(k) in str(err) for k in bad)


def test_note_opening_accounted_for_when_its_text_is_transliterated():
    """Found by the property above: a note whose text changes length (a
    Cyrillic ending transliterated) still accounts for its "<sup>N</sup>"."""
    for raw in ("\n\n---\n\n<sup>3</sup>Bonch-Bruевич",
                "Text<sup>3</sup>.\n\n---\n\n<sup>3</sup> Bonch-Bruевич said."):
        res = library_md.clean(raw, source="prop", options={})
        assert res.report.conservation["ok"], res.report.conservation["lost"]
