"""No paragraph ending on a word fragment."""

from __future__ import annotations

from pamphleteer.render.hyphenation import protect_last_word


def test_last_word_protected_outside_notes():
    html = ('<p id="a-b1">The masses gathered.<span class="footnote" '
            'id="n1" data-label="1">See <em>Bakunin</em> p. 3</span></p>')
    out = str(protect_last_word(html))
    assert '<span class="nh">gathered.</span><span class="footnote"' in out
    assert "See <em>Bakunin</em> p. 3" in out
    missing = ('<p>The militias.<span class="noteref-missing" title="x">'
               '[130]</span></p>')
    assert '<span class="nh">militias.</span><span class="noteref-missing"' \
        in str(protect_last_word(missing))
    short = '<p>It is so.</p>'
    assert str(protect_last_word(short)) == short  # too short to split
