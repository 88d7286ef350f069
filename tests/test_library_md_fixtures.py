"""library-md on exports it was not tuned on: generated shuffles of clean
originals (tests/fixtures/library_md/), measured against the originals."""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from pamphleteer.cleaners import library_md
from pamphleteer.model import Heading, block_text, inline_text, walk_blocks

HERE = Path(__file__).parent / "fixtures" / "library_md"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

CASES = sorted(p.stem for p in (HERE / "generated").glob("*.txt"))


@lru_cache(maxsize=None)
def run(stem: str):
    raw = (HERE / "generated" / f"{stem}.txt").read_text("utf-8")
    expect = json.loads((HERE / "generated" / f"{stem}.json").read_text("utf-8"))
    res = library_md.clean(raw, source=stem, options={})
    return res, expect, generate.measure(res.document, expect)


def test_there_are_cases():
    assert len(CASES) >= 9


@pytest.mark.parametrize("stem", CASES)
def test_generated_files_match_the_generator(stem):
    name, seed = stem.rsplit("_", 1)
    orig = generate.parse_original((HERE / "originals" / f"{name}.md").read_text("utf-8"))
    raw, expect = generate.generate(orig, int(seed))
    assert raw == (HERE / "generated" / f"{stem}.txt").read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("stem", CASES)
def test_structure_restored(stem):
    res, expect, _ = run(stem)
    doc = res.document
    assert res.report.conservation["ok"], res.report.conservation["lost"]
    heads = [inline_text(b.children) for b in walk_blocks(doc.blocks)
             if isinstance(b, Heading)]
    assert heads == expect["headings"]
    labels = [n.label for n in doc.notes if not n.missing]
    assert labels == expect["notes"]
    text = "\n".join([block_text(b) for b in doc.blocks]
                     + [block_text(b) for n in doc.notes for b in n.blocks])
    assert not re.search("[\u0400-\u04ff]", text)
    if expect["confusable"]:
        assert expect["confusable"][0] in text + " ".join(heads)
    assert doc.meta.title and doc.meta.authors and doc.meta.date


def test_share_of_pages_put_back():
    """Most pages come back after the page that preceded them; the share
    is measured over every generated case (a third of the pages moved, one
    dropped, in each)."""
    right = total = exact = 0
    for stem in CASES:
        _, _, m = run(stem)
        right += m["in_place"]
        total += m["pages"]
        exact += m["exact"]
    share = right / total
    print(f"library-md fixtures: {right}/{total} pages in place ({share:.0%}), "
          f"{exact}/{len(CASES)} texts exactly restored")
    assert share >= 0.7
    assert exact >= 3


@pytest.mark.slow
def test_unshuffled_pages_come_back_exactly():
    """Pages cut but neither moved nor dropped: the text is restored word
    for word, every split word whole again."""
    for path in sorted((HERE / "originals").glob("*.md")):
        orig = generate.parse_original(path.read_text("utf-8"))
        raw, expect = generate.generate(orig, 5, drop=False, moves=0)
        res = library_md.clean(raw, source=path.name, options={})
        m = generate.measure(res.document, expect)
        assert m["exact"], path.name
        assert res.report.conservation["ok"]
