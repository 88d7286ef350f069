"""The editor's loop: the review file out, the answers back in."""

from __future__ import annotations

import yaml

from pamphleteer.bibliography import (ChapterInput, build_bibliography,
                                      citations_json)
from pamphleteer.bibliography.review import load_answers, review_yaml
from pamphleteer.model import Citation, Document, Metadata, Paragraph, Text
from pamphleteer.citation import parse_citation

WORKS = [
    {"id": "malatesta-anarchy", "type": "book", "title": "Anarchy",
     "author": [{"literal": "Malatesta, Errico"}],
     "issued": {"date-parts": [[1974]]}},
    {"id": "harper-anarchy", "type": "book",
     "title": "Anarchy: A Graphic Guide",
     "author": [{"family": "Harper", "given": "Clifford"}]},
    {"id": "ward-anarchy", "type": "book", "title": "Anarchy in Action",
     "author": [{"family": "Ward", "given": "Colin"}]},
    {"id": "kropotkin-anarchy", "type": "book", "title": "Anarchy",
     "author": [{"family": "Kropotkin", "given": "Peter"}]},
]


def _doc(*parts):
    children = []
    for p in parts:
        if p.startswith("["):
            children.append(parse_citation(p[1:-1]))
        else:
            children.append(Text(p))
    return Document(Metadata(), (Paragraph(tuple(children)),))


def _build(answers=None):
    doc = _doc("Anarchists argue so. ", "[Anarchy, p. 3]",
               " More words. ", "[Moreover]",
               " As Malatesta put it, “words.” ", "[Anarchy, p. 40]")
    return build_bibliography([ChapterInput("ch", doc)], WORKS, answers)


def test_review_file_lists_doubtful_and_unresolved_with_candidates(tmp_path):
    bib = _build()
    works = {o.raw: o for o in bib.occurrences}
    # Two works are titled "Anarchy": without an author, unresolved.
    assert works["Anarchy, p. 3"].work is None
    # The sentence names Malatesta: his.
    assert works["Anarchy, p. 40"].work == "malatesta-anarchy"
    text = review_yaml(citations_json(bib), WORKS, {})
    rows = yaml.safe_load(text)["citations"]
    first = rows[0]
    assert first["citation"] == "Anarchy, p. 3"
    assert first["status"] == "unresolved"
    assert {c.split(":")[0] for c in first["candidates"]} >= {
        "malatesta-anarchy", "kropotkin-anarchy"}
    assert any(r["citation"] == "Moreover" for r in rows)
    # Answer: pin the first, mark "Moreover" as no citation.
    for r in rows:
        if r["citation"] == "Anarchy, p. 3":
            r["work"] = "kropotkin-anarchy"
        if r["citation"] == "Moreover":
            r["work"] = "none"
    path = tmp_path / "cite-review.yaml"
    path.write_text(yaml.safe_dump({"citations": rows}), encoding="utf-8")
    answers = load_answers(path)
    again = _build(answers)
    by_raw = {o.raw: o for o in again.occurrences}
    assert by_raw["Anarchy, p. 3"].work == "kropotkin-anarchy"
    assert by_raw["Anarchy, p. 3"].method == "editor"
    assert by_raw["Moreover"].work is None
    assert not [p for p in again.problems if "Moreover" in p.message
                or "Anarchy, p. 3" in p.message]
    # Writing the file again keeps the answers.
    kept = yaml.safe_load(review_yaml(citations_json(again), WORKS,
                                      answers))["citations"]
    assert {(r["citation"], r["work"]) for r in kept if r["work"]} == {
        ("Anarchy, p. 3", "kropotkin-anarchy"), ("Moreover", "none")}


def test_a_pinned_id_that_is_no_work_is_reported(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("citations:\n- chapter: ch\n  citation: Anarchy, p. 3\n"
                    "  occurrence: 1\n  work: no-such-id\n", encoding="utf-8")
    bib = _build(load_answers(path))
    assert any("no-such-id" in p.message for p in bib.problems)


def test_a_malformed_review_file_is_refused_with_its_line(tmp_path):
    import pytest

    from pamphleteer.errors import ManifestError

    path = tmp_path / "r.yaml"
    path.write_text("citations:\n- chapter: ch\n  citation: [x\n",
                    encoding="utf-8")
    with pytest.raises(ManifestError, match=r"r.yaml:\d+"):
        load_answers(path)
    path.write_text("citations:\n- chapter: ch\n", encoding="utf-8")
    with pytest.raises(ManifestError):
        load_answers(path)


def test_titles_in_plain_text_are_set_and_reported():
    from pamphleteer.bibliography.titles import mark_titles
    from pamphleteer.model import Emph, walk_inlines

    works = [{"id": "sa", "type": "book", "title": "Statism and Anarchy"},
             {"id": "gsd", "type": "book",
              "title": "German Social Democracy, 1905–1917: The Great Schism",
              "title-short": "German Social Democracy"},
             {"id": "art", "type": "article-journal",
              "title": "Marxism and Anarchism"}]
    doc = _doc("In Statism and Anarchy Bakunin wrote against German Social "
               "Democracy; see Marxism and Anarchism. ",
               "[Statism and Anarchy, p. 3]")
    marked, changes = mark_titles(doc, works, "ch")
    para = marked.blocks[0]
    emphs = [n for n in walk_inlines(para.children) if isinstance(n, Emph)]
    assert [e.children[0].text for e in emphs] == ["Statism and Anarchy"]
    text = "".join(getattr(n, "text", "") for n in para.children)
    assert "“Marxism and Anarchism”" in text
    assert "German Social Democracy;" in text  # a party, not the book
    assert [(c[1], c[2]) for c in changes] == [
        ("Statism and Anarchy", "italic"), ("Marxism and Anarchism",
                                            "quoted")]
    # The citation is untouched; a text with its own italics is left alone.
    assert isinstance(para.children[-1], Citation)
    again, more = mark_titles(marked, works, "ch")
    assert again == marked and more == []


def test_a_citation_of_a_text_of_this_volume_says_where_it_is():
    from pamphleteer.model import CiteItem
    from pamphleteer.render import xhtml

    cit = Citation((CiteItem("@vdw", "", "p. 4", work="vdw"),
                    CiteItem("@other", "", work="other")), "@vdw, p. 4; @other")
    ctx = xhtml.Context(scope="intro", notes={}, mode="aside",
                        href=lambda a: f"x.xhtml#{a}",
                        cite_label=lambda w: {"vdw": "van der Walt 2011",
                                              "other": "Kinna 2017"}[w],
                        reprint=lambda w, loc: [("reply", "95", "")]
                        if w == "vdw" else [])
    html = str(xhtml.citation(cit, ctx))
    assert "van der Walt 2011</a>, p. 4; <a class=\"in-volume\" " \
        "href=\"x.xhtml#reply\">this volume<span class=\"volume-page\">, " \
        "p.\u00a095</span></a>" in html
    assert html.count("in-volume") == 1
    # Without a layout, the link alone.
    ctx.reprint = lambda w, loc: [("reply", "", "")] if w == "vdw" else []
    assert ">this volume</a>" in str(xhtml.citation(cit, ctx))
