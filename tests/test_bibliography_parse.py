"""Parsing Chicago citations: facts, dates, locators, names, note text."""

from __future__ import annotations

import pytest

from pamphleteer.bibliography.facts import (clean_locator, match_locator,
                                            parse_date, parse_facts)
from pamphleteer.bibliography.names import (is_name_like, name_key,
                                            parse_name, parse_names)
from pamphleteer.bibliography.parse import find_citations, split_pieces


@pytest.mark.parametrize("inner,expected", [
    ("London: George Allen and Unwin, [1870] 1971",
     {"publisher-place": "London", "publisher": "George Allen and Unwin",
      "original-date": {"date-parts": [[1870]]},
      "issued": {"date-parts": [[1971]]}}),
    ("London: Virus, n.d. [1925]",
     {"publisher-place": "London", "publisher": "Virus",
      "issued": {"literal": "n.d."},
      "original-date": {"date-parts": [[1925]]}}),
    ("Montreal: Black Rose, 1975 [1970]",
     {"publisher-place": "Montreal", "publisher": "Black Rose",
      "issued": {"date-parts": [[1975]]},
      "original-date": {"date-parts": [[1970]]}}),
    ("London: Thames and Hudson, [22 December 1917] 1973",
     {"publisher-place": "London", "publisher": "Thames and Hudson",
      "issued": {"date-parts": [[1973]]},
      "original-date": {"date-parts": [[1917, 12, 22]]}}),
    ("n.d., accessed 15 June 2005",
     {"issued": {"literal": "n.d."},
      "accessed": {"date-parts": [[2005, 6, 15]]}}),
    ("October 1953", {"issued": {"date-parts": [[1953, 10]]}}),
    ("Verso, 2006", {"publisher": "Verso",
                     "issued": {"date-parts": [[2006]]}}),
])
def test_publication_facts(inner, expected):
    assert parse_facts(inner) == expected


def test_facts_need_a_date():
    assert parse_facts("as opposed to its pejorative") is None
    assert parse_date("sometime") is None


@pytest.mark.parametrize("text,locator", [
    ("., p. 132", "p. 132"), ("., p., 178, notably", "p. 178"),
    (", p,. 139", "p. 139"), (". Pp. 29-30", "pp. 29-30"),
    ("., pp. 214 et seq.", "pp. 214 et seq"),
    (", pp. 755; 770.", "pp. 755; 770"), (". not paginated;", "not paginated"),
    (", pp. 143-144, 151 note 88", "pp. 143-144, 151 note 88"),
    (", p. vii.", "p. vii"), (" Chapter 5.", "Chapter 5"),
    (", vol. 1, p. 167", "vol. 1, p. 167"),
])
def test_locators(text, locator):
    assert match_locator(text, 0)[0] == locator


def test_locator_stops_before_words():
    loc, end = match_locator(", pp. 19-20, my emphasis", 0)
    assert loc == "pp. 19-20"
    assert clean_locator("Pp., 3") == "pp. 3"


def test_names():
    assert parse_name("Lucien van der Walt") == {"family": "van der Walt",
                                                 "given": "Lucien"}
    assert name_key(parse_name("Van der Walt")) == "vanderwalt"
    assert parse_name("Miller") == {"family": "Miller"}
    assert parse_name("The Friends of Durruti") == {
        "literal": "The Friends of Durruti"}
    assert [n["family"] for n in parse_names(
        "Lucien van der Walt and Michael Schmidt")] == ["van der Walt",
                                                        "Schmidt"]
    assert is_name_like("G.P. Maximoff") and is_name_like("van der Walt")
    assert not is_name_like("Cf. Charlie Hore")
    assert not is_name_like("I would like to thank Shawn")


def test_semicolons_split_works_but_not_page_lists():
    text = "Ibid., p. 132; Zeilig, \"Contesting.\", p. 2"
    assert len(split_pieces(text)) == 2
    assert len(split_pieces("Ibid., pp. 755; 770.")) == 1
    assert len(split_pieces("A (B; C) D")) == 1


def _kinds(text, italics=()):
    return [(c.kind, c.raw) for c in find_citations(text, italics)]


def test_full_chapter_citation():
    text = ('Mikhail Bakunin, "Letters to a Frenchman on the Current '
            'Crisis," in Bakunin on Anarchy: Selected Works by the '
            'Activist-Founder of World Anarchism, ed. Sam Dolgoff (London: '
            'George Allen and Unwin, [1870] 1971). pp. 185, 189, emphasis '
            'in the original')
    [c] = find_citations(text)
    assert c.kind == "full" and c.locator == "pp. 185, 189"
    assert c.raw.endswith("pp. 185, 189")
    assert c.csl["type"] == "chapter"
    assert c.csl["container-title"].startswith("Bakunin on Anarchy")
    assert c.csl["editor"] == [{"family": "Dolgoff", "given": "Sam"}]
    assert c.csl["original-date"] == {"date-parts": [[1870]]}


def test_discussion_around_citations():
    text = ("Eric Hobsbawm, Revolutionaries (London: Abacus, 1993). pp. "
            "72-3. The unusual spelling of “marxism” appears in Hobsbawm’s "
            "text.")
    assert _kinds(text) == [("full", "Eric Hobsbawm, Revolutionaries "
                             "(London: Abacus, 1993). pp. 72-3.")]
    assert _kinds("I would like to thank Shawn Hattingh, Ian Bekker, Iain "
                  "McKay and Wayne Price for feedback on an earlier "
                  "draft.") == []
    assert _kinds("Black Flame is volume one of our “Counter Power: new "
                  "perspectives” series. More at "
                  "http://black-flame-anarchism.blogspot.com/") == []


def test_lead_ins_stay_outside():
    assert _kinds("Quoted in Ibid., p. 154") == [("ibid", "Ibid., p. 154")]
    assert _kinds("Cf. Charlie Hore, Spain 1936 (London: SWP, 1986)., p. "
                  "17")[0][1].startswith("Charlie Hore")
    assert _kinds("In Miller, pp. 328–9.") == [("short",
                                                "Miller, pp. 328–9.")]


def test_italic_titles_from_markdown():
    text = ("Alexander Berkman, The Bolshevik Myth, Diary 1920–22 Extracts "
            "(London: Virus, n.d. [1925]), p. 28.")
    start = text.index("The Bolshevik")
    end = text.index(" (London")
    [c] = find_citations(text, [(start, end)])
    assert c.csl["title"] == "The Bolshevik Myth, Diary 1920–22 Extracts"
    assert c.locator == "p. 28"


def test_url_citation():
    [c] = find_citations("“i07: Consolidate international solidarity,” "
                         "http://www.cnt-f.org/spip.php?article345, "
                         "accessed 15 November 2008")
    assert c.csl["URL"] == "http://www.cnt-f.org/spip.php?article345"
    assert c.csl["accessed"] == {"date-parts": [[2008, 11, 15]]}


def test_op_cit_with_author():
    [c] = find_citations("Malatesta, op. cit., p. 35.")
    assert c.kind == "op-cit" and c.csl["author"][0]["family"] == \
        "Malatesta"


def test_curly_quotes_never_run_one_citation_into_the_next():
    """The real note of seed 001 after typography: a title opening with a
    quotation ("“Big Bill” Haywood") and a page glued to the next
    citation's initial ("p. 65V. Richards") make two works, not one."""
    text = ("M. Dubofsky, “Big Bill” Haywood (Manchester: Manchester "
            "University Press, 1987). p. 65V. Richards, “Notes for a "
            "Biography,” in Errico Malatesta: His Life and Ideas, ed. V. "
            "Richards (London: Freedom Press, 1965). pp. 283–284")
    first, second = find_citations(text)
    assert first.csl["title"] == "“Big Bill” Haywood"
    assert first.locator == "p. 65"
    assert second.csl["title"] == "Notes for a Biography"
    assert second.csl["author"] == [{"family": "Richards", "given": "V."}]
