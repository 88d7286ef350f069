"""Warnings grouped per chapter, runs of one warning folded into a line."""

from __future__ import annotations

import pytest

from pamphleteer.errors import Warning_
from pamphleteer.warngroups import group, lines, ranges


def _many():
    ws = [Warning_("PDF003", f"note {n} is called but its text is missing",
                   f"texts/a.txt:{100 + 3 * n}") for n in range(1, 151)]
    ws.insert(5, Warning_("CITE001", "unresolved citation 'X'", "a"))
    ws.append(Warning_("GUT004", "note 7 is never called", "texts/b.txt:9"))
    ws.append(Warning_("BOOK001", "no cover image", ""))
    return ws


def test_ranges():
    assert ranges([5, 3, 4, 8, 10, 11, 12, 8]) == "3–5, 8, 10–12"


def test_runs_fold_per_chapter():
    groups = group(_many())
    assert [g.where for g in groups] == ["texts/a.txt", "a", "texts/b.txt",
                                         ""]
    (run,) = groups[0].runs
    assert run.count == 150
    assert run.summary() == ("150 times: note N is called but its text is "
                             "missing (N = 1–150; lines from 103 to 550)")


def test_terminal_lines_are_few_and_verbose_lists_all():
    out = lines(_many())
    assert len(out) == 8
    assert out[0] == "texts/a.txt: 150 warning(s)"
    assert out[1].startswith("  warning[PDF003]: 150 times:")
    assert len(lines(_many(), verbose=True)) == 153 + 4


def test_two_of_a_kind_stay_apart():
    ws = [Warning_("X1", f"thing {n}", "f:1") for n in (1, 2)]
    assert [r.count for r in group(ws)[0].runs] == [1, 1]


@pytest.mark.slow
def test_preview_is_not_flooded():
    """156 warnings, 150 of them the same: a few rows, folded away when
    long, above a menu that wraps instead of overflowing sideways."""
    import re

    from markupsafe import Markup

    from pamphleteer.watch import Preview, compose

    ws = _many() + [Warning_(f"X00{k}", f"other thing {k}", f"c{k}.txt")
                    for k in range(8)]
    sections = tuple((f"s{i}", f"Chapter {i}: a long title " * 3,
                      Markup("<p>text</p>")) for i in range(30))
    page = compose(Preview("Book", "en", sections, tuple(ws), "", "12:00",
                           1.0), error="", status="built", generation=1,
                   book_dir=None).decode("utf-8")
    rows = re.findall(r'<tr class="warning(?:-run)?">', page)
    assert len(rows) == 12
    assert '<details id="preview-warnings">' in page  # closed: many rows
    assert "×150" in page and "N = 1–150" in page
    assert "flex-wrap: wrap" in page and "overflow-x: hidden" in page
