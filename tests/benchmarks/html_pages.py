"""The ``html`` reader on real web pages with a known main text: the 130
test pages of mozilla/readability (``test/test-pages/*/source.html``, with
readability's ``expected.html`` and ``expected-metadata.json``), read as
``pamphleteer clean FILE`` reads them.  Run by hand (not a test):

    .venv/bin/python tests/benchmarks/html_pages.py PAGES

where PAGES is a checkout's ``test/test-pages`` folder (the pages are news
sites' own, so none is committed here).  Per page: recall (the share of
readability's main text found, in order, in ours), precision (the share of
ours that is in readability's), whether the title, the language and the
byline agree, CPU seconds; then medians and counts.  Words are runs of
letters, each Chinese, Japanese or Korean character a word.  readability
keeps less than we do (it leaves out captions, notes and a page's list of
stories), so precision under 1 is not all boilerplate.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

from lxml import html as lhtml

from pamphleteer.cleaners import load_all
from pamphleteer.errors import PamphleteerError
from pamphleteer.model import block_text, walk_blocks

_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def measure(page: Path) -> dict:
    meta = {}
    if (page / "expected-metadata.json").is_file():
        meta = json.loads((page / "expected-metadata.json").read_text())
    want = words(lhtml.fromstring((page / "expected.html").read_text(
        "utf-8", "replace")).text_content())
    start = time.process_time()
    try:
        result = load_all()["html"].clean(
            (page / "source.html").read_bytes(), source=page.name,
            options={})
    except PamphleteerError as e:
        return {"page": page.name, "refused": str(e)}
    doc = result.document
    blocks = list(walk_blocks(doc.blocks))
    blocks += [b for n in doc.notes for b in walk_blocks(n.blocks)]
    got = words(" ".join(block_text(b) for b in blocks))
    same = sum(b.size for b in SequenceMatcher(
        None, want, got, autojunk=False).get_matching_blocks())
    by = (meta.get("byline") or "").strip()
    return {
        "page": page.name,
        "recall": same / max(1, len(want)),
        "precision": same / max(1, len(got)),
        "title": doc.meta.title.strip().casefold()
        == (meta.get("title") or "").strip().casefold(),
        "language": None if not meta.get("lang") else
        doc.meta.language[:2] == meta["lang"][:2],
        "byline": None if not by else any(
            a.casefold() in by.casefold() or by.casefold() in a.casefold()
            for a in doc.meta.authors),
        "seconds": time.process_time() - start,
        "conserved": result.report.conservation.get("ok", True),
    }


def main(folder: str) -> None:
    rows = [measure(p) for p in sorted(Path(folder).iterdir())
            if (p / "source.html").is_file()
            and (p / "expected.html").is_file()]
    read = [r for r in rows if "recall" in r]
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    print(f"pages {len(rows)}, read {len(read)}, refused "
          f"{len(rows) - len(read)}")
    print(f"recall: median {statistics.median(r['recall'] for r in read):.3f},"
          f" >= 0.9 on {sum(r['recall'] >= 0.9 for r in read)}")
    print(f"precision: median "
          f"{statistics.median(r['precision'] for r in read):.3f}, >= 0.9 on "
          f"{sum(r['precision'] >= 0.9 for r in read)}")
    for key in ("title", "language", "byline"):
        known = [r[key] for r in read if r[key] is not None]
        print(f"{key}: {sum(known)} of {len(known)}")
    print(f"every word accounted for (no CONS001): "
          f"{sum(r['conserved'] for r in read)} of {len(read)}")
    print(f"CPU per page: median "
          f"{statistics.median(r['seconds'] for r in read):.3f} s")


if __name__ == "__main__":
    main(sys.argv[1])
