"""Works files in the formats reference managers export: BibTeX, RIS,
CSL-JSON; several merged, duplicates reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.bibliography import load_works, load_works_files
from pamphleteer.bibliography.match import Catalogue
from pamphleteer.errors import ManifestError

HELDOUT = Path(__file__).parent / "fixtures" / "bibliography" / "heldout"

BIB = r"""
% A JabRef export
@book{gomez-casas-fai,
  author    = {G{\'o}mez Casas, Juan},
  title     = {Anarchist Organisation: The History of the {FAI}},
  publisher = {Black Rose Books},
  address   = {Montr{\'e}al},
  year      = 1986,
}
@incollection{vdw-counterpower,
  author    = {van der Walt, Lucien},
  title     = {Counterpower, Participatory Democracy, Revolutionary Defence},
  booktitle = {International Socialism},
  pages     = {193--207},
  year      = {2011},
}
@book{platform,
  author = {{Dielo Trouda}},
  title  = {The Organisational Platform of the Libertarian Communists},
  year   = {1989},
}
"""

RIS = """TY  - BOOK
AU  - Ciliga, Ante
TI  - The Russian Enigma
PB  - Ink Links
CY  - London
PY  - 1979
ER  - 

TY  - JOUR
AU  - Kinna, Ruth
TI  - When Kropotkin met Lenin
T2  - Socialist History
VL  - 52
SP  - 1
EP  - 20
PY  - 2017
ER  - 
"""


def test_bibtex_names_accents_and_corporate_authors(tmp_path):
    path = tmp_path / "works.bib"
    path.write_text(BIB, encoding="utf-8")
    works = {w["id"]: w for w in load_works(path)}
    fai = works["gomez-casas-fai"]
    assert fai["author"] == [{"family": "Gómez Casas", "given": "Juan"}]
    assert fai["title"] == "Anarchist Organisation: The History of the FAI"
    assert fai["publisher-place"] == "Montréal"
    assert fai["issued"] == {"date-parts": [[1986]]}
    vdw = works["vdw-counterpower"]
    assert vdw["author"][0]["family"] == "Walt"
    assert vdw["author"][0]["non-dropping-particle"] == "van der"
    assert vdw["type"] == "chapter" and vdw["page"] == "193–207"
    assert works["platform"]["author"] == [{"literal": "Dielo Trouda"}]


def test_a_broken_bibtex_entry_is_reported_with_its_line(tmp_path):
    path = tmp_path / "works.bib"
    path.write_text(BIB + "\n@book{broken, title = {X}, year = 1990\n"
                    "@book{after, title = {Y}}\n", encoding="utf-8")
    with pytest.raises(ManifestError) as err:
        load_works(path)
    line = (BIB + "\n@book{broken, ...\n@book").count("\n") + 1
    assert f"works.bib:{line}:" in str(err.value)
    path.write_text(BIB + "\n@book{platform, title = {Y}}\n",
                    encoding="utf-8")
    with pytest.raises(ManifestError, match="used twice"):
        load_works(path)


def test_ris_records(tmp_path):
    path = tmp_path / "works.ris"
    path.write_text(RIS, encoding="utf-8")
    works = load_works(path)
    assert [w["type"] for w in works] == ["book", "article-journal"]
    assert works[0]["author"] == [{"family": "Ciliga", "given": "Ante"}]
    assert works[1]["container-title"] == "Socialist History"
    assert works[1]["page"] == "1–20"
    assert len({w["id"] for w in works}) == 2
    # The resolver finds the RIS work by author and short title.
    decision = Catalogue(works).decide("Ante Ciliga, The Russian Enigma")
    assert decision.work == works[0]["id"] and not decision.doubt


def test_not_ris(tmp_path):
    path = tmp_path / "works.ris"
    path.write_text("this is not RIS\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="no RIS record"):
        load_works(path)


def test_unknown_format(tmp_path):
    path = tmp_path / "works.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ManifestError, match="BibTeX"):
        load_works(path)


def test_several_files_merged_duplicates_reported(tmp_path):
    bib = tmp_path / "a.bib"
    bib.write_text(BIB, encoding="utf-8")
    ris = tmp_path / "b.ris"
    ris.write_text(RIS, encoding="utf-8")
    again = tmp_path / "c.json"
    again.write_text('[{"id": "platform", "type": "book", "title": "X"},'
                     ' {"id": "fai-again", "type": "book", "title": '
                     '"Anarchist Organisation: the History of the FAI", '
                     '"author": [{"literal": "Gómez Casas, Juan"}], '
                     '"issued": {"date-parts": [[1986]]}}]',
                     encoding="utf-8")
    works, warnings = load_works_files([(bib, "a.bib"), (ris, "b.ris"),
                                        (again, "c.json")])
    ids = [w["id"] for w in works]
    assert ids.count("platform") == 1 and "fai-again" in ids
    assert len(works) == 3 + 2 + 1
    codes = sorted(w[0] for w in warnings)
    assert codes == ["WORKS001", "WORKS002"]
    assert any("fai-again" in w[1] and "gomez-casas-fai" in w[1]
               for w in warnings)


@pytest.mark.slow
def test_held_out_works_files_agree():
    json_works = load_works(HELDOUT / "works.json")
    bib_works = load_works(HELDOUT / "works.bib")
    assert len(json_works) == len(bib_works) > 900
    # BibTeX's "--" is an en dash.
    assert [w["title"].replace("--", "–") for w in json_works] == [
        w["title"] for w in bib_works]


def test_entries_through_a_shipped_csl_style(tmp_path):
    from pamphleteer.bibliography import ChapterInput, build_bibliography
    from pamphleteer.bibliography.csl import shipped_styles, style_path
    from pamphleteer.citation import parse_citation
    from pamphleteer.model import (Document, Emph, Metadata, Paragraph,
                                   inline_text)

    works = load_works(Path(__file__).parent.parent / "book" / "works.json")
    doc = Document(Metadata(), (Paragraph((parse_citation(
        "Bakunin on Anarchism, p. 263"),)),))
    assert {"apa", "chicago-notes-bibliography-16th-edition",
            "modern-language-association"} <= set(shipped_styles())
    assert style_path("chicago", tmp_path) is None
    apa = build_bibliography([ChapterInput("ch", doc)], works,
                             style=style_path("apa", tmp_path))
    [entry] = apa.entries
    text = inline_text(entry.formatted)
    assert text.startswith("Bakunin, M. (1980). Bakunin on Anarchism")
    assert any(isinstance(n, Emph) for n in entry.formatted)
    own = build_bibliography([ChapterInput("ch", doc)], works)
    assert inline_text(own.entries[0].formatted).startswith(
        "Bakunin, Michael. Bakunin on Anarchism. Edited by Sam Dolgoff.")
    with pytest.raises(ManifestError, match="shipped style"):
        style_path("no-such-style", tmp_path)
