"""Citations of this volume's own texts: the page in this volume in the
PDF, a link in the EPUB; the bibliography's "Reprinted in this volume"
only for what the volume reprints (a collection one of whose texts it
reprints names that text)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from helpers import ROOT, epub_files
from pamphleteer.model import Citation, CiteItem

sys.path.insert(0, str(ROOT / "tests"))
from test_hostile_size import markdown  # noqa: E402

MANIFEST = """\
book:
  title: "The Ferry Papers"
  editors: ["T. Editor"]
  identifier: "urn:uuid:00000000-0000-4000-8000-00000000f312"
  date: 2026-02-02
  slug: ferry-volume
front:
  introduction: introduction.md
back:
  bibliography: true
  works: [works.json]
parts:
  - title: "Writings from the Quay"
    chapters:
      - {id: rota, work: ferry-rota, source: rota.md, format: markdown,
         title: "The Rota", authors: ["Ada Llewelyn"], date: "1921",
         license: "CC0"}
      - {id: fares, work: fares-chapter, source: fares.md,
         format: markdown, title: "On the Fares",
         authors: ["Ada Llewelyn"], date: "1921", license: "CC0"}
      - {id: council, source: council.md, format: markdown,
         title: "The Council", authors: ["Cai Morgan"], date: "1922",
         license: "CC0"}
output:
  page_size: A5
  profiles:
    - {name: screen, kind: screen}
"""

WORKS = [
    {"id": "ferry-rota", "type": "article-journal",
     "author": [{"family": "Llewelyn", "given": "Ada"}],
     "title": "The Rota", "container-title": "Ferry Review", "issue": "3",
     "issued": {"date-parts": [[1921]]}},
    {"id": "ferry-papers", "type": "book",
     "author": [{"family": "Llewelyn", "given": "Ada"}],
     "editor": [{"family": "Jones", "given": "Bryn"}],
     "title": "Papers of the Ferry: Collected Writings",
     "publisher": "Quay Press", "issued": {"date-parts": [[1930]]}},
    {"id": "fares-chapter", "type": "chapter",
     "author": [{"family": "Llewelyn", "given": "Ada"}],
     "editor": [{"family": "Jones", "given": "Bryn"}],
     "title": "On the Fares",
     "container-title": "Papers of the Ferry: Collected Writings",
     "page": "40-52", "publisher": "Quay Press",
     "issued": {"date-parts": [[1930]]}},
    {"id": "other", "type": "book",
     "author": [{"family": "Smith", "given": "Jo"}],
     "title": "Rivers and Rates", "issued": {"date-parts": [[1950]]}},
]

INTRO = """\
The rota was the ferrymen's own [@ferry-rota, p. 4]. Their fares were
set in common [@ferry-papers, p. 45], as the collected papers show
[@ferry-papers]; the later pages are another matter [@ferry-papers,
p. 90]. Others wrote about rivers [@other, p. 3].
"""


def _council() -> str:
    text = markdown(30)
    # A chapter that cites another text of this volume.
    return text + "\nAs the rota had it [@ferry-rota, p. 2].\n"


def write_book(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "rota.md").write_text(markdown(40).replace(
        "The Ferrymen’s Rota", "The Rota"))
    (root / "fares.md").write_text(markdown(35).replace(
        "The Ferrymen’s Rota", "On the Fares"))
    (root / "council.md").write_text(_council().replace(
        "The Ferrymen’s Rota", "The Council"))
    (root / "introduction.md").write_text(INTRO)
    (root / "works.json").write_text(json.dumps(WORKS))
    (root / "manifest.yaml").write_text(MANIFEST)
    return root / "manifest.yaml"


def _start_page(pages: list[str], title: str) -> int:
    """1-based page of the PDF on which a chapter's title stands alone on
    a line (its opening page; the contents list it with a leader)."""
    for n, text in enumerate(pages, start=1):
        lines = [l.strip() for l in text.splitlines()]
        if title in lines and "Contents" not in text:
            return n
    raise AssertionError(f"{title!r} opens no page")


@pytest.mark.slow
def test_citations_of_this_volumes_texts_give_page_and_link(tmp_path):
    import pymupdf as fitz

    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest

    manifest = load_manifest(write_book(tmp_path / "book"))
    out = tmp_path / "out"
    build(manifest, out, ["pdf", "epub"])
    with fitz.open(out / "ferry-volume.pdf") as doc:
        pages = [p.get_text() for p in doc]
    rota, fares = _start_page(pages, "The Rota"), _start_page(pages,
                                                              "On the Fares")
    assert rota > 2 and fares > rota
    flat = [re.sub(r"\s+", " ", p) for p in pages]
    intro = next(p for p in flat if "was the ferrymen" in p)
    # The locator into the original is kept; the page is where the text
    # starts in this volume.
    assert f"(Llewelyn 1921, p. 4; this volume, p. {rota})" in intro
    # A collection: its text in this volume, when the pages cited are in
    # it (40–52) or none are given; not for pages outside it.
    assert (f"(Llewelyn 1930, p. 45; “On the Fares” in this volume, "
            f"p. {fares})") in intro
    assert (f"(Llewelyn 1930; “On the Fares” in this volume, p. {fares})"
            in intro)
    assert "(Llewelyn 1930, p. 90)" in intro
    assert "(Smith 1950, p. 3)" in intro
    council = next(p for p in flat if "As the rota had it" in p)
    assert f"(Llewelyn 1921, p. 2; this volume, p. {rota})" in council

    bib = " ".join(p for p in flat if "Reprinted in this volume" in p)
    assert f"Reprinted in this volume, p. {rota}." in bib
    assert f"Reprinted in this volume, p. {fares}." in bib
    assert f"“On the Fares” reprinted in this volume, p. {fares}." in bib
    # Only the three texts and the collection say so.
    council_start = _start_page(pages, "The Council")
    assert f"Reprinted in this volume, p. {council_start}." in bib
    assert sum(p.count("eprinted in this volume") for p in flat) == 4
    assert "Rivers and Rates. 1950. Cited in" in bib

    # The PDF's links go to the texts' first pages.
    with fitz.open(out / "ferry-volume.pdf") as doc:
        intro_no = next(n for n, p in enumerate(flat) if "was the ferrymen" in p)
        targets = {l["page"] + 1 for l in doc[intro_no].get_links()
                   if l.get("page", -1) >= 0}
    assert {rota, fares} <= targets

    # The one-pass layout (render/pdf.py) settles on the same pages.
    from pamphleteer.assembly import assemble
    from pamphleteer.render.pdf import build_pdf

    one = build_pdf(assemble(manifest), book_dir=manifest.folder)
    with fitz.open(stream=one.pdf, filetype="pdf") as doc:
        assert [re.sub(r"\s+", " ", p.get_text()) for p in doc] == flat

    files = epub_files(out / "ferry-volume.epub")
    xhtml = {n: b.decode() for n, b in files.items() if n.endswith(".xhtml")}
    intro_x = next(v for n, v in xhtml.items() if n.endswith("introduction.xhtml"))
    assert re.search(r'<a class="in-volume" href="rota\.xhtml#rota">this '
                     r'volume', intro_x)
    assert re.search(r'<a class="in-volume" href="fares\.xhtml#fares">“On the'
                     r' Fares” in this volume', intro_x)
    assert intro_x.count('class="in-volume"') == 3
    council_x = next(v for n, v in xhtml.items() if n.endswith("council.xhtml"))
    assert 'href="rota.xhtml#rota">this volume' in council_x
    # The rota does not point to itself.
    rota_x = next(v for n, v in xhtml.items() if n.endswith("/rota.xhtml")
                  or n == "rota.xhtml")
    assert "in-volume" not in rota_x


def _ctx(reprint):
    from pamphleteer.render import xhtml

    return xhtml.Context(scope="ch", notes={}, mode="aside",
                         href=lambda a: f"x.xhtml#{a}",
                         cite_label=lambda w: w, reprint=reprint)


def test_a_bracketed_citation_says_where_this_volume_reprints_it():
    from pamphleteer.render import xhtml

    places = {"sa": [("statism", "21", "")],
              "boa": [("program", "30", "On the Program")]}
    ctx = _ctx(lambda w, loc: places.get(w, []))
    cit = Citation((CiteItem("Statism and Anarchy, p. 4", "Statism and "
                             "Anarchy", "p. 4", work="sa"),
                    CiteItem("Ibid.", ibid=True, work="sa")),
                   "Statism and Anarchy, p. 4; Ibid.")
    html = str(xhtml.citation(cit, ctx))
    # Once, after the citation as written, inside its brackets.
    assert html.count("in-volume") == 1
    assert html.endswith('Ibid.</a>; <a class="in-volume" href="x.xhtml#statism">'
                         'this volume<span class="volume-page">, p.\u00a021'
                         '</span></a>]</span>')
    # A collection and the text itself cited together: the text once.
    both = Citation((CiteItem("@boa", work="boa"),
                     CiteItem("@program", work="program")),
                    "@boa; @program")
    places["program"] = [("program", "30", "")]
    html = str(xhtml.citation(both, ctx))
    assert html.count("in-volume") == 1
    assert "On the Program" not in html


def test_within_reads_page_locators_only():
    from pamphleteer.render.views import within

    assert within("pp. 152–54", "136-156")
    assert within("p. 185", "185–89")
    assert within("pp. 40, 45–6", "40-52")
    assert not within("p. 160", "136-56")
    assert not within("vol. 2, p. 4", "1-10")
    assert not within("ch. 3", "1-10")
    assert not within("p. 4", "")
