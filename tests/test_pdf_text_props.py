"""Properties of ``pdf-text``: never crashes, loses no word, never hangs."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_refused_rightly
from pamphleteer.cleaners import pdf_text
from pamphleteer.errors import PamphleteerError

pytestmark = pytest.mark.slow  # every test here takes seconds

WORDS = ["the", "anarchist", "imposi-", "tions", "self-", "emancipation",
         "Marxism", "1917", "issue", "125", "pp.", "14-15", "20th", "“quoted”",
         "state.”", "syndicalist2", "127).3", "Morrow,", "58", "http://x.org/a-",
         "b/c.html", "‐", "—", "…", "Ibid.,", "p.", "12", "(1870),", "un‐",
         "der", "A", "I"]

# One printed line: words, or a note line, or page furniture.
line = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join),
    st.builds(lambda n, ws: f"{n} " + " ".join(ws),
              st.integers(1, 30), st.lists(st.sampled_from(WORDS),
                                           min_size=1, max_size=10)),
    st.sampled_from(["", " ", "  ", " " * 49, "\f", " 16", "3", "Running Head",
                     " Heading without stop", "\x0c12"]),
    st.text(max_size=40),
)


@given(st.lists(line, max_size=80), st.booleans(), st.booleans())
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_never_crashes_never_loses_a_word(lines, spaced, lead):
    out = []
    for k, x in enumerate(lines):
        out.append((" " if lead and k % 7 == 0 else "") + x)
        if spaced:
            out.append("")
    raw = "\n".join(out)
    try:
        result = pdf_text.clean(raw, source="prop", options={})
    except PamphleteerError as err:
        assert_refused_rightly(err, raw, "prop")
        return
    assert result.report.conservation["lost"] == []
    for note in result.document.notes:
        assert note.label.isdigit()


@given(st.text(max_size=300))
@settings(max_examples=80, deadline=None)
def test_any_text(raw):
    try:
        result = pdf_text.clean(raw, source="prop", options={})
    except PamphleteerError as err:
        assert_refused_rightly(err, raw, "prop")
        return
    assert result.report.conservation["lost"] == []
    assert 0.0 <= pdf_text.detect(raw) <= 1.0


PATHOLOGICAL = {
    "letters": "a" * 100_000,
    "digits": "1" * 100_000,
    "hyphens": "-" * 50_000 + "\n" + "x" * 10,
    "spaces": " " * 100_000,
    "newlines": "\n" * 50_000,
    "hyphen-lines": "word-\n" * 20_000,
    "note-lines": "".join(f"{k} note text\n" for k in range(1, 20_000)),
    "colon-lines": "short line:\n" * 20_000,
    "calls": " ".join(f"w{k}" for k in range(1, 999)) * 20,
    "spaced-pages": ("text line here \n\n" * 30 + " " * 49 + "\n1 a note\n"
                     " next page \n\n") * 400,
    "url": "http://" + "a/" * 50_000,
    "form-feeds": "\f" * 20_000,
}


@pytest.mark.timing
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_do_not_hang(name):
    start = time.perf_counter()
    try:
        result = pdf_text.clean(PATHOLOGICAL[name], source=name, options={})
        assert result.report.conservation["lost"] == []
    except PamphleteerError:
        pass
    assert time.perf_counter() - start < 10, name
