"""Limits of the readers through pandoc on hostile input: the depth of
pandoc's tree is measured without reading it (so that a tree too deep for
Python's stack is refused, not a crash), and a text nested too deeply is
refused with a message saying so."""

from __future__ import annotations

import json
import os
import random

import pytest

from pamphleteer.cleaners import load_all
from pamphleteer.cleaners.pandoc.runner import MAX_DEPTH, json_depth
from pamphleteer.errors import InputError


def _depth(x) -> int:
    if isinstance(x, list):
        return 1 + max([_depth(v) for v in x] + [0])
    if isinstance(x, dict):
        return 1 + max([_depth(v) for v in x.values()] + [0])
    return 0


def _random_value(rng: random.Random, k: int):
    """Nested lists and objects whose strings hold brackets, quotation
    marks, backslashes and line breaks (escaped in the JSON)."""
    if k == 0:
        return "".join(rng.choice('ab[]{}"\\\n“') for _ in range(6))
    kind = rng.randrange(3)
    if kind == 0:
        return [_random_value(rng, k - 1) for _ in range(rng.randint(0, 3))]
    if kind == 1:
        return {_random_value(rng, 0): _random_value(rng, k - 1)}
    return _random_value(rng, 0)


def test_json_depth_matches_the_parsed_tree():
    rng = random.Random(17)
    for _ in range(2_000):
        value = _random_value(rng, rng.randint(0, 8))
        for ascii_only in (True, False):
            text = json.dumps(value, ensure_ascii=ascii_only).encode()
            assert json_depth(text) == _depth(value), text


def test_json_depth_of_a_very_deep_tree_is_read_without_recursion():
    text = b"[" * 100_000 + b"]" * 100_000
    assert json_depth(text) == 100_000


@pytest.mark.parametrize("fmt", ["pandoc-markdown", "rst"])
def test_lists_nested_past_the_limit_are_refused(fmt):
    raw = "1. " * (MAX_DEPTH // 3) + "end\n"   # lists inside lists
    with pytest.raises(InputError, match="too deeply"):
        load_all()[fmt].clean(raw, source="deep.txt", options={})


def test_lists_nested_a_few_levels_are_read():
    raw = "1. " * 8 + "end\n"
    result = load_all()["pandoc-markdown"].clean(raw, source="x.md",
                                                 options={})
    assert result.report.conservation["lost"] == []


def test_pandoc_running_out_of_its_memory_cap_is_refused_clearly(monkeypatch):
    """pandoc 3.9's Muse reader grows without end on an unclosed
    ``<verse>`` (24 GB in three minutes, until the system killed it): its
    heap is capped, and running into the cap is a refusal naming the file
    and the cap, not a machine out of memory.  (The Muse reader closes
    such a tag itself; the raw runner is tested here.)"""
    from pamphleteer.cleaners.pandoc import runner

    path, _ = runner.pandoc()
    if not runner._takes_rts(path):
        pytest.skip("this pandoc takes no +RTS options")
    monkeypatch.setattr(runner, "MEMORY_FLOOR_MB", 200)
    assert runner.memory_mb(19) == 200
    with pytest.raises(InputError, match=r"x\.muse: pandoc ran out of "
                       r"memory \(at most 200 MB\)"):
        runner.to_ast("a\n\n<verse>\nline\n\nb\n", "muse", source="x.muse")


def test_the_memory_cap_grows_with_the_input_and_stays_below_the_machine():
    from pamphleteer.cleaners.pandoc import runner

    assert runner.memory_mb(0) == runner.MEMORY_FLOOR_MB
    assert runner.memory_mb(1_000_000) > runner.memory_mb(1_000)
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    assert runner.memory_mb(10**12) <= max(runner.MEMORY_FLOOR_MB, total // 2)
