"""Small pure pieces of assembly and rendering."""

from __future__ import annotations

import pytest

import json

from hypothesis import given, strategies as st

from pamphleteer.assembly import label_ranges
from pamphleteer.cache import LayoutCache, StageCache, digest
from pamphleteer.model import (Document, Metadata, Note, NoteRef, Paragraph,
                               Source, Text)
from pamphleteer.render.pdf import page_map
from pamphleteer.render.views import END_ANCHOR, author_date, page_ranges
from pamphleteer.serial import SerialError, from_data, to_data


def test_label_ranges():
    assert label_ranges(["80", "81", "84", "85", "86", "88", "217"]) == \
        "80–81, 84–86, 88, 217"
    assert label_ranges(["a", "1", "2"]) == "a, 1–2"


def test_page_map_covers_every_page_in_order():
    order = ["title", "copy", "ch", "ch-b1", "ch-b2", "ch-b3", "back"]
    pages = {"title": 1, "copy": 2, "ch": 5, "ch-b1": 5, "ch-b2": 7,
             "ch-b3": 7, "back": 9}
    m = page_map(order, pages, 11)
    labels = [l for a in order + [END_ANCHOR] for l in m.get(a, [])]
    assert labels == [str(p) for p in range(1, 12)]
    assert m["ch"] == ["3", "4", "5"]  # blank versos go with the next start
    assert m["ch-b2"] == ["6", "7"]  # page 6 lies inside block 1
    assert m[END_ANCHOR] == ["10", "11"]


def test_page_ranges_collapse_and_keep_first_anchor():
    pages = {"a": 3, "b": 4, "c": 4, "d": 9}
    refs = [{"href": f"#{k}"} for k in "abcd"]
    assert page_ranges([3, 4, 9], refs, pages) == [("a", "3–4"), ("d", "9")]


def test_author_date():
    assert author_date({"author": [{"family": "Kinna", "given": "Ruth"}],
                        "issued": {"date-parts": [[2017]]}}) == "Kinna 2017"
    assert author_date({"editor": [{"family": "Dolgoff"}]}) == "Dolgoff n.d."
    assert author_date({"author": [{"literal": "Anarchist FAQ Editorial "
                                                "Collective"}],
                        "issued": {"date-parts": [[1996]]}}) == \
        "Anarchist FAQ Editorial Collective 1996"


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                max_size=30)


@pytest.mark.slow
@given(st.lists(texts, min_size=1, max_size=5), texts)
def test_serial_round_trip(paras, title):
    doc = Document(Metadata(title=title, authors=(title,)),
                   tuple(Paragraph((Text(p), NoteRef("1")), Source("f", 3))
                         for p in paras),
                   (Note("1", (Paragraph((Text("n"),)),)),), ("1",))
    assert from_data(json.loads(json.dumps(to_data(doc)))) == doc


def test_serial_refuses_foreign_classes():
    import pytest

    with pytest.raises(SerialError):
        from_data({"_": "os.system", "command": "true"})
    with pytest.raises(SerialError):
        from_data({"_": "Text"})  # a required field missing


def test_stage_cache_ignores_corrupt_entries(tmp_path):
    cache = StageCache(tmp_path)
    cache.put("clean", "ab" * 32, {"x": 1})
    assert cache.get("clean", "ab" * 32) == {"x": 1}
    path = tmp_path / "clean" / "ab" / f"{'ab' * 32}.json"
    data = json.loads(path.read_text())
    data["payload"] = {"x": 2}  # tampered: checksum no longer matches
    path.write_text(json.dumps(data))
    assert cache.get("clean", "ab" * 32) is None
    path.write_text("{not json")
    assert cache.get("clean", "ab" * 32) is None
    # An entry stored under another key is not trusted either.
    cache.put("clean", "cd" * 32, {"y": 1})
    other = tmp_path / "clean" / "cd" / f"{'cd' * 32}.json"
    path.write_text(other.read_text())
    assert cache.get("clean", "ab" * 32) is None


def test_cache_prune_removes_the_entries_used_longest_ago(tmp_path):
    import os

    old = StageCache(tmp_path)
    keys = [digest("entry", i) for i in range(6)]
    for k in keys:
        old.put("clean", k, {"text": "x" * 10_000})
    LayoutCache(old).put(digest("pdf"), b"%PDF" + b"x" * 30_000, {})
    files = sorted(tmp_path.rglob("*.json")) + sorted(tmp_path.rglob("*.pdf"))
    for age, path in enumerate(files):  # older and older, the PDF oldest
        os.utime(path, (old.opened - 1000 - age * 10,) * 2)
    # A later build reads entry 0 (it becomes the newest) and writes one.
    later = StageCache(tmp_path)
    later.opened = old.opened
    assert later.get("clean", keys[0]) is not None
    later.put("clean", digest("new"), {"text": "y"})
    freed = later.prune(35_000)
    assert freed >= 30_000
    assert not list(tmp_path.rglob("*.pdf"))  # used longest ago: gone
    assert later.get("clean", keys[0]) is not None  # used by this build
    assert later.get("clean", digest("new")) is not None
    left = sum(p.stat().st_size for p in tmp_path.rglob("*.json"))
    assert left <= 35_000
    # What this build used stays even beyond the budget.
    later.prune(0)
    assert later.get("clean", keys[0]) is not None
    assert later.get("clean", digest("new")) is not None


def test_layout_cache_checks_the_pdf(tmp_path):
    store = LayoutCache(StageCache(tmp_path))
    key = digest("k")
    store.put(key, b"%PDF-1.7 data", {"pages": 1})
    assert store.get(key)[0] == b"%PDF-1.7 data"
    pdf = next(tmp_path.rglob("*.pdf"))
    pdf.write_bytes(b"%PDF-1.7 other")
    assert store.get(key) is None


def test_links_in_metadata_values():
    # Standard Ebooks write a Markdown link into dc:rights; the About page
    # prints it as a link, and everything else escaped.
    from pamphleteer.render.views import links
    got = str(links("the terms in the [CC0 1.0 Universal Public Domain "
                    "Dedication](https://creativecommons.org/publicdomain/"
                    "zero/1.0/). <b>& more</b>"))
    assert got == ('the terms in the <a href="https://creativecommons.org/'
                   'publicdomain/zero/1.0/">CC0 1.0 Universal Public Domain '
                   'Dedication</a>. &lt;b&gt;&amp; more&lt;/b&gt;')
    assert str(links("[not a link](javascript:alert(1))")) == \
        "[not a link](javascript:alert(1))"
