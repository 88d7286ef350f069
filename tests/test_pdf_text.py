"""``pdf-text`` on seed 001: structure, notes, calls, hyphens, conservation.

The expected headings and quotations below were checked by reading the seed
(see docs/formats/pdf-text.md): the seed has 15 section headings (the issue
said 14; "In conclusion: ..." on the last page is the fifteenth) and 13
block quotations.  Notes 80-81, 84-86, 88-101 and 107-210 are lost with the
pages' lower halves, 217-243 with the last pages.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from pamphleteer.cleaners import REGISTRY, pdf_text
from pamphleteer.errors import InputError, ManifestError
from pamphleteer.markdown_io import write_markdown
from pamphleteer.model import (BlockQuote, Heading, NoteRef, Paragraph, Text,
                               block_text, inline_text, walk_blocks,
                               walk_inlines)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_a0ee4bd712006198.txt"
GOLDEN = ROOT / "tests" / "fixtures" / "pdf_text" / "goldens" / "seed_001.md"

HEADINGS = [
    "Marxism and anarchism/ syndicalism: convergence and blurred lines",
    "Presence: the historical impact of anarchism and syndicalism",
    "On sources: avoiding misreadings",
    "Some misunderstandings: anarchism and the armed defence of the "
    "revolution",
    "Setting the record straight: the Spanish anarchists versus the Popular "
    "Front",
    "Again: power, freedom and anarchist revolution",
    "Black Flame, debates within anarchism/ syndicalism and the question of "
    "specifically anarchist political organisations",
    "Some clarity: the relation between anarchism, syndicalism and “real "
    "democracy”",
    "The interplay of anarchist democracy and armed defence of the "
    "revolution",
    "Some clarity: the Paris Commune, the anarchists, and “the state”",
    "Judgement: do anarchists have a “massive misunderstanding” of the "
    "“Marxist tradition”?",
    "Track record: the Soviet Union, 1917–1928 and the Bolshevik myth",
    "Explanations: once more, did Lenin lead to “Stalinism”?",
    "Lenin and Trotsky’s ambiguous legacy",
    "In conclusion: to which tradition should we look for 21st century "
    "resistance?",
]

QUOTE_STARTS = [
    "Dictatorship of the proletariat is a term",
    "We can oppose with force",
    "I am truly free only when",
    "We are firmly convinced",
    "We shall be merciless",
    "When we are reproached",
    "… the dictatorship of the proletariat cannot",
    "They place the workers’ right",
    "The revolutionary dictatorship of a proletarian party",
    "We must raise the question of piece-work",
    "… study the state capitalism of the Germans",
    "… if the civil war had not plundered",
    "… the working masses cannot be left wandering",
]

PRESENT_NOTES = (set(range(1, 80)) | {82, 83, 87} | set(range(102, 107))
                 | set(range(211, 217)))

# A letter or closing mark glued to digits: a note call left in the text
# ("syndicalist2", "127).3", "debate”.4").
GLUED = re.compile(r"[^\W\d_]\d|[”’\"')\]]\.?\d{1,3}\b")
# A word broken by a line-end hyphen and a space ("imposi- tions").
BROKEN = re.compile(r"[^\W\d_][-\u2010\u00ad]\s+[^\W\d_]")


@pytest.fixture(scope="module")
def result():
    return pdf_text.clean(SEED.read_text("utf-8"), source=str(SEED),
                          options={})


@pytest.fixture(scope="module")
def doc(result):
    return result.document


def body_texts(doc):
    for b in walk_blocks(doc.blocks):
        if isinstance(b, (Heading, Paragraph)):
            for node in walk_inlines(b.children):
                if isinstance(node, Text):
                    yield b, node.text


def test_registered():
    assert REGISTRY["pdf-text"].clean.__wrapped__ is pdf_text.clean


@pytest.mark.slow
def test_headings(doc):
    found = [inline_text(b.children) for b in doc.blocks
             if isinstance(b, Heading)]
    assert found == HEADINGS
    assert all(b.level == 1 for b in doc.blocks if isinstance(b, Heading))


@pytest.mark.slow
def test_headings_followed_by_body(doc):
    for a, b in zip(doc.blocks, doc.blocks[1:]):
        if isinstance(a, Heading):
            assert isinstance(b, Paragraph), inline_text(a.children)


@pytest.mark.slow
def test_block_quotes(doc):
    quotes = [block_text(b) for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == len(QUOTE_STARTS)
    for text, start in zip(quotes, QUOTE_STARTS):
        assert text.startswith(start), text[:60]
    # "And Trotsky:" stands between two quotations as its own paragraph.
    assert any(isinstance(b, Paragraph) and block_text(b) == "And Trotsky:"
               for b in doc.blocks)


@pytest.mark.slow
def test_calls_run_2_to_243(doc):
    refs = [n.label for b in walk_blocks(doc.blocks)
            if isinstance(b, (Paragraph, Heading))
            for n in walk_inlines(b.children) if isinstance(n, NoteRef)]
    assert refs == [str(k) for k in range(2, 244)]


@pytest.mark.slow
def test_notes_linked_and_missing(doc, result):
    by = {n.label: n for n in doc.notes}
    assert set(by) == {str(k) for k in range(1, 244)}
    present = {int(k) for k, n in by.items() if not n.missing}
    assert present == PRESENT_NOTES
    for k in range(217, 244):
        assert by[str(k)].missing and by[str(k)].blocks == ()
    missing_reports = {p.message.split()[1]: p.line
                       for p in result.report.problems if p.code == "PDF001"}
    assert set(missing_reports) == {str(k) for k in range(2, 244)
                                    if k not in PRESENT_NOTES}
    assert all(line > 0 for line in missing_reports.values())
    assert result.report.counts["calls-linked"] == len(PRESENT_NOTES) - 1
    assert result.report.counts["calls-without-notes"] == 242 - 92


@pytest.mark.slow
def test_note_1_belongs_to_title(doc, result):
    assert doc.title_notes == ("1",)
    note = {n.label: n for n in doc.notes}["1"]
    assert block_text(note.blocks[0]).startswith("I would like to thank")
    assert any(p.code == "PDF002" for p in result.report.problems)


@pytest.mark.slow
def test_notes_full_text(doc):
    by = {n.label: block_text(n.blocks[0]) for n in doc.notes
          if not n.missing}
    assert by["2"].endswith("to include both anarchism and syndicalism.")
    assert "anarchist-led unions in Spain (1870)" in by["2"]
    assert by["4"].endswith("no. 125 (2010)., p. 132")
    assert by["3"].endswith("More at http://black-flame-anarchism.blogspot"
                            ".com/")
    assert ("http://www.marxists.org/archive/morrow-felix/1938/revolution-"
            "spain/ch17.htm.") in by["58"]
    assert "http://www.cnt-f.org/spip.php?article345" in by["27"]
    # A wrapped line that begins with a number is not a new note.
    assert by["5"].endswith("no. 127 (2010)., p. 177")
    # Stray lines of the lost notes stay with the note before them.
    assert "347–348, 574–577, 609–610" in by["72"]
    assert by["73"] == "Rocker, Anarcho-Syndicalism, Chapter 5., emphasis " \
                       "in the original"


@pytest.mark.slow
def test_calls_after_space_and_glued_to_next_word(doc):
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    text = {}
    for p in paras:
        for a, b in zip(p.children, p.children[1:]):
            if isinstance(b, NoteRef) and isinstance(a, Text):
                text[b.label] = a.text
    assert text["58"].endswith("the Trotskyite Felix Morrow,")
    assert text["2"].endswith("syndicalist")
    assert text["3"].endswith("(also issue 127).")
    assert text["4"].endswith("rather than a useful discussion.")
    assert text["5"].endswith("are often blurred.”")
    para112 = next(p for p in paras if NoteRef("112") in p.children)
    k = para112.children.index(NoteRef("112"))
    assert para112.children[k + 1].text.startswith(" This is social")


@pytest.mark.slow
def test_no_glued_digits_page_numbers_or_broken_words(doc):
    for _block, text in body_texts(doc):
        assert not GLUED.search(text), text
        assert not BROKEN.search(text), text
        assert not re.search("[\ue000-\uf8ff]", text)
    for b in doc.blocks:
        assert not re.fullmatch(r"\s*\d{1,4}\s*", block_text(b))
    assert "16" not in {block_text(b) for b in doc.blocks}


@pytest.mark.slow
def test_page_numbers_removed_and_reported(result):
    nums = [(r.text, r.line) for r in result.report.removals
            if r.kind == "page-number"]
    assert nums == [("16", 946), ("23", 1344), ("46", 2603)]


@pytest.mark.slow
def test_paragraph_continues_across_pages(doc):
    first = block_text(doc.blocks[0])
    assert "In Black Flame, besides a wealth of historical material" in first
    assert first.endswith("specifically anarchist political organisations.")
    texts = [block_text(b) for b in doc.blocks]
    assert any("created a Committee of Public Safety" in t or
               "managed to create a Committee of Public Safety" in t
               for t in texts)


@pytest.mark.slow
def test_paragraph_boundaries(doc):
    starts = [block_text(b)[:40] for b in doc.blocks
              if isinstance(b, Paragraph)]
    for s in ("Paul’s discussion of what Marxists view",
              "This goodwill is to be commended",
              "The point of Black Flame (and of the larger",
              "I suggest, however, that there is no contradiction",
              "If anything, the Bolshevik regime seems far",
              "When in 1921 the Kronstadt sailors took up",
              "There is no doubt in my mind that the conditions",
              "Democracy through “organs of self-organisation”"):
        assert any(x.startswith(s[:40]) for x in starts), s
    assert 130 <= len(starts) <= 150


@pytest.mark.slow
def test_hyphens_kept(result):
    kept = {c.after for c in result.report.changes if c.kind == "hyphen-kept"}
    assert {"one-party", "counter-revolutionary", "self-emancipation",
            "anarchist-identified"} <= kept
    assert not any(c.kind == "hyphen-joined" for c in result.report.changes)
    for c in result.report.changes:
        assert c.detail and c.line > 0


@pytest.mark.slow
def test_report_counts(result, doc):
    c = result.report.counts
    for key in ("lines-in", "pages", "paragraphs", "headings", "block-quotes",
                "notes", "calls-linked", "calls-without-notes",
                "notes-without-calls", "hyphens-kept", "hyphens-joined",
                "lines-removed"):
        assert key in c, key
    assert c["lines-in"] == 3039
    assert c["headings"] == 15 and c["block-quotes"] == 13
    assert c["notes"] == len(PRESENT_NOTES)
    assert c["notes-without-calls"] == 1
    assert c["quote"] > 0 and c["dash"] > 0


@pytest.mark.slow
def test_conservation(result):
    cons = result.report.conservation
    assert cons["ok"] and cons["lost"] == []
    assert cons["words-in"] > 19000


@pytest.mark.slow
def test_golden_markdown(doc, request):
    text = write_markdown(doc)
    update = request.config.getoption("--update-goldens")
    if update or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
        if not update:
            pytest.fail(f"wrote new golden {GOLDEN}; review and commit it")
        return
    want = GOLDEN.read_text("utf-8")
    if text != want:
        diff = "\n".join(difflib.unified_diff(
            want.splitlines(), text.splitlines(), "golden", "now",
            lineterm=""))
        pytest.fail(f"seed 001 differs from {GOLDEN.name} (run pytest "
                    f"--update-goldens if intended):\n{diff[:6000]}")


# -- detection and options --------------------------------------------------

@pytest.mark.slow
def test_detect_scores():
    seeds = {p.name[:3]: p.read_text("utf-8")
             for p in (ROOT / "seeds").glob("*.txt")}
    assert pdf_text.detect(seeds["001"]) >= 0.7
    for other in ("000", "003", "004"):
        assert pdf_text.detect(seeds[other]) < 0.3, other
    assert pdf_text.detect("") == 0.0
    from pamphleteer.cleaners import detect_format
    assert detect_format(seeds["001"])[0] == "pdf-text"


def test_unknown_option_names_key():
    with pytest.raises(ManifestError) as err:
        pdf_text.clean("text\n", source="x", options={"reflow_width": 80})
    assert "reflow_width" in str(err.value)


@pytest.mark.parametrize("options", [
    {"first_note_belongs_to_title": "yes"},
    {"running_heads": "Page"},
    {"running_heads": ["("]},
])
def test_bad_option_values(options):
    with pytest.raises(ManifestError):
        pdf_text.clean("text\n", source="x", options=options)


@pytest.mark.slow
def test_first_note_not_title():
    r = pdf_text.clean(SEED.read_text("utf-8"), source="s",
                       options={"first_note_belongs_to_title": False})
    assert r.document.title_notes == ()
    assert any(p.code == "PDF003" and "note 1 " in p.message
               for p in r.report.problems)


@pytest.mark.slow
def test_running_heads_option_removes_lines():
    raw = SEED.read_text("utf-8")
    r = pdf_text.clean(raw, source="s", options={
        "running_heads": [r"^Marxism and anarchism/ syndicalism:"]})
    heads = [x.text for x in r.report.removals if x.kind == "running-head"]
    assert heads == ["Marxism and anarchism/ syndicalism: convergence and "
                     "blurred lines"]
    assert r.report.conservation["ok"]


def test_binary_input_is_input_error():
    with pytest.raises(InputError):
        pdf_text.clean("abc\x00def", source="x", options={})


# -- notes carried over to the next page ------------------------------------

CARRIED_LAYOUT = (
    "  The cooperative stores began as small affairs in the back rooms of\n"
    "  public houses, where weavers met after work to share the little\n"
    "  they had.1 Their founders wanted cheap flour and honest weights, and\n"
    "  a share in the wealth that their own labour produced. In 1844 they\n"
    "  opened a shop with a capital of twenty-eight pounds.2 Within a decade\n"
    "\n\n"
    "1 On the company shops see the evidence given to the select committee.\n"
    "2 The figure is taken from the society's own almanac for 1855, which "
    "lists the members by\n"
    "\n"
    "                                 1\n"
    "\f"
    "  the society counted more than a thousand members, and its example\n"
    "  was copied in every mill town of the district.3\n"
    "\n\n"
    "trade and by street, and which is now kept with the minute books in the "
    "town library.\n"
    "3 Minutes of the general meeting, 3 March 1851.\n"
    "\n"
    "                                 2\n"
)


def test_note_carried_over_to_next_page_layout():
    r = pdf_text.clean(CARRIED_LAYOUT, source="carried", options={})
    doc = r.document
    notes = {n.label: block_text(n.blocks[0]) for n in doc.notes}
    assert set(notes) == {"1", "2", "3"}
    assert notes["2"].endswith("lists the members by trade and by street, "
                               "and which is now kept with the minute books "
                               "in the town library.")
    body = " ".join(block_text(b) for b in doc.blocks)
    assert "minute books" not in body
    assert "Within a decade the society counted" in body
    assert r.report.conservation["ok"]


def test_note_carried_over_to_next_page_spaced():
    raw = (" The cooperative stores began as small affairs in the back rooms "
           "of \n\npublic houses, where weavers met after work to share the "
           "little \n\nthey had.1 Their founders wanted cheap flour and honest "
           "weights, and \n\nopened a shop with a capital of twenty-eight "
           "pounds.2 Within a decade \n\n" + " " * 49 + "\n"
           "1 On the company shops see the evidence given to the select "
           "committee. \n"
           "2 The figure is taken from the society's own almanac for 1855, "
           "which lists the members by \n"
           " the society counted more than a thousand members, and its "
           "example \n\nwas copied in every mill town of the district.3 \n\n"
           + " " * 49 + "\n"
           "trade and by street, and which is now kept with the minute books "
           "in the town library. \n"
           "3 Minutes of the general meeting, 3 March 1851. \n")
    r = pdf_text.clean(raw, source="carried", options={})
    notes = {n.label: block_text(n.blocks[0]) for n in r.document.notes}
    assert notes["2"].endswith("by trade and by street, and which is now "
                               "kept with the minute books in the town "
                               "library.")
    assert [block_text(b) for b in r.document.blocks][0].endswith(
        "Within a decade the society counted more than a thousand members, "
        "and its example was copied in every mill town of the district.")
    assert r.report.conservation["ok"]


# -- regressions, one per bug -----------------------------------------------

def _clean(raw):
    return pdf_text.clean(raw, source="regression", options={})


def test_form_feed_inside_a_line_keeps_both_words():
    r = _clean("0\f0")
    assert r.report.conservation["lost"] == []


@pytest.mark.parametrize("raw", ["0²", "¼²", "¹0", ":꩑"])
def test_digits_that_normalise_into_one_number_are_not_calls(raw):
    r = _clean(raw)
    assert r.report.conservation["lost"] == []
    assert not r.document.notes


def test_call_pushed_to_a_line_of_its_own():
    raw = ("  The Second World War brought the campaign to dig for victory,\n"
           "  with posters and talks, and the number of plots rose to one and\n"
           "  a half million, as the returns of the ministry record in full.\n"
           "  1\n"
           "    After 1945 the decline resumed, more slowly at first and then\n"
           "  quickly, as gardens at home made the old plots seem needless.\n"
           "\n\n"
           "1. Returns of the ministry, 1944.\n"
           "\f")
    r = _clean(raw)
    para = r.document.blocks[0]
    assert NoteRef("1") in para.children
    assert len([b for b in r.document.blocks if isinstance(b, Paragraph)]) \
        == 1
    assert block_text(para).startswith("The Second World War")
    assert "record in full. After 1945" in block_text(para)


def test_typography_sees_through_a_call_before_a_dash():
    raw = ("They spoke of “the workers and the peasants”1– the popular "
           "classes, who would\nrise together.\n\n1 Bakunin, Letters.\n")
    r = _clean(raw)
    kids = r.document.blocks[0].children
    k = kids.index(NoteRef("1"))
    assert kids[k - 1].text.endswith("peasants”")
    assert kids[k + 1].text.startswith("—the popular")


def test_superscript_calls_and_labels():
    raw = ("The stores began in back rooms of public houses, where weavers "
           "met after\nwork to share the little they had.¹ Their founders "
           "wanted flour.²\n\n¹ On the company shops.\n² The almanac.\n\n"
           "- 1 -\n")
    r = _clean(raw)
    assert [n.label for n in r.document.notes] == ["1", "2"]
    assert not any(n.missing for n in r.document.notes)
    assert [x.text for x in r.report.removals] == ["- 1 -"]


def test_bullet_lists():
    raw = ("The programme had three points, which the congress adopted in "
           "full after a\nlong debate on the wording of each:\n"
           "• common ownership of the land and of the means of production,\n"
           "with the management of each works by those who work in it;\n"
           "• federation from below;\n"
           "• no state.\n"
           "The debate went on into the night, and the vote was close.\n")
    r = _clean(raw)
    from pamphleteer.model import BulletList
    lists = [b for b in r.document.blocks if isinstance(b, BulletList)]
    assert len(lists) == 1
    items = [block_text(item[0]) for item in lists[0].items]
    assert items == ["common ownership of the land and of the means of "
                     "production, with the management of each works by "
                     "those who work in it;", "federation from below;",
                     "no state."]
    assert block_text(r.document.blocks[-1]).startswith("The debate")
    assert [x.kind for x in r.report.removals] == ["bullet"] * 3


def test_spaced_page_start_without_leading_space_after_notes():
    body = "".join(f"line {k} of the running text goes on and on here \n\n"
                   for k in range(8))
    raw = (body.replace("here \n\n", "here.1 \n\n", 1) + " " * 49 + "\n"
           "1 The note, on one line. \n"
           "The next page begins without its leading space and goes on \n\n"
           "with more of the running text of the paper. \n\n")
    r = _clean(raw)
    notes = {n.label: block_text(n.blocks[0]) for n in r.document.notes}
    assert notes == {"1": "The note, on one line."}
    assert "The next page begins" in " ".join(block_text(b)
                                               for b in r.document.blocks)


def test_endnotes_after_the_text():
    body = ("The stores began in back rooms of public houses, where weavers "
            "met after\nwork to share the little they had.1 Their founders "
            "wanted cheap flour and\nhonest weights.2 In 1844 they opened a "
            "shop with a capital of twenty-eight\npounds, and within a decade "
            "the society counted a thousand members.3\n\n")
    more = ("Their example was copied in every mill town of the district, "
            "and by the\nend of the century the movement counted more than a "
            "million members in\nsocieties large and small.\n\n")
    raw = (body + "\f" + more + "\fNotes\n\n"
           "1 On the company shops see the select committee of 1842.\n"
           "2 The almanac for 1855, which lists the members by trade and by\n"
           "street.\n3 Minutes of the general meeting, 3 March 1851.\n")
    r = _clean(raw)
    notes = {n.label: block_text(n.blocks[0]) for n in r.document.notes}
    assert notes == {"1": "On the company shops see the select committee of "
                          "1842.",
                     "2": "The almanac for 1855, which lists the members by "
                          "trade and by street.",
                     "3": "Minutes of the general meeting, 3 March 1851."}
    assert [block_text(b) for b in r.document.blocks][-1].endswith(
        "societies large and small.")
    assert [(x.kind, x.text) for x in r.report.removals] == [
        ("notes-heading", "Notes")]
    assert r.report.conservation["ok"]


def test_quotation_of_two_paragraphs():
    body = "".join(f"line {k} of the running text goes on and on until it "
                   f"is full \n\n" for k in range(6))
    raw = (body + "and the writer said: \n\n \n\n"
           "We have learned to buy together and to sell together; we \n\n"
           "have not yet learned to produce together. \n\n"
           "Until we do, the store is only a better kind of shop, and \n\n"
           "the worker remains a hired hand. \n\n \n\n" + body)
    r = _clean(raw)
    quotes = [b for b in r.document.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1
    assert [block_text(p) for p in quotes[0].blocks] == [
        "We have learned to buy together and to sell together; we have not "
        "yet learned to produce together.",
        "Until we do, the store is only a better kind of shop, and the "
        "worker remains a hired hand."]


def _form_feeds_at_page_starts(raw: str) -> str:
    """Seed 001 as if its extractor had put a form feed before each page."""
    lines = raw.split("\n")
    return "\n".join(
        "\f" + x if x.startswith(" ") and x.strip() and k and
        lines[k - 1].strip() and k + 1 < len(lines) and lines[k + 1] == ""
        else x for k, x in enumerate(lines))


@pytest.mark.slow
@pytest.mark.parametrize("change", [
    lambda raw: "\n".join(x.rstrip(" ") if x.strip() else x
                          for x in raw.split("\n")),
    lambda raw: raw.replace("\n", "\r\n"),
    _form_feeds_at_page_starts,
], ids=["trailing-spaces-stripped", "crlf", "form-feeds"])
def test_seed_cleaning_does_not_depend_on_line_ends_or_feeds(doc, change):
    other = pdf_text.clean(change(SEED.read_text("utf-8")), source=str(SEED),
                           options={}).document
    assert write_markdown(other) == write_markdown(doc)


# -- hyphen decisions, one by one ----------------------------------------------

@pytest.mark.parametrize("left,right,mark,join", [
    ("imposi", "tions", "-", True),        # not words apart: joined
    ("af", "ford", "\u2010", True),         # a common word when joined
    ("self", "emancipation", "-", False),  # compound prefix
    ("one", "party", "-", False),          # compound prefix
    ("anti", "imperialism", "-", False),   # compound prefix
    ("counter", "revolutionary", "-", False),
    ("Anarcho", "Syndicalism", "-", False),  # capital after the break
    ("weed", "choked", "-", False),        # two words, rare joined
    ("Jao", "jin", "-", False),            # a name, unknown joined
    ("organi", "sation", "\u00ad", True),  # soft hyphen
])
def test_hyphen_decisions(left, right, mark, join):
    from pamphleteer.cleaners.pdf_text.hyphens import Vocabulary, decide
    from collections import Counter

    got, why = decide(left, right, mark, Vocabulary(Counter(), Counter()))
    assert got is join, why
    assert why


def test_hyphen_decided_by_the_texts_own_vocabulary():
    from pamphleteer.cleaners.pdf_text.hyphens import decide, vocabulary

    vocab = vocabulary(["the coordinated action of the coordinated unions",
                        "a well-known and well-known case"])
    assert decide("co", "ordinated", "-", vocab)[0] is True
    assert decide("well", "known", "-", vocab)[0] is False
    assert "elsewhere" in decide("well", "known", "-", vocab)[1]


@pytest.mark.slow
def test_url_wrapped_in_a_note_is_rejoined_and_reported(result):
    joined = [c for c in result.report.changes if c.kind == "url-joined"]
    assert any(c.after.startswith("http://www.marxists.org/archive/morrow-"
                                  "felix/") for c in joined)


def test_note_carried_over_without_a_blank_line():
    page1 = ("The cooperative stores began as small affairs in the back\n"
             "rooms of public houses, where weavers met after work to\n"
             "share the little they had.1 Their founders wanted cheap\n"
             "flour and honest weights, and a share in the wealth that\n"
             "their labour produced. In 1844 they opened a shop with a\n"
             "capital of twenty-eight pounds.2 Within a decade the\n"
             "1 On the company shops see the evidence given to the select "
             "committee of 1842.\n"
             "2 The figure is taken from the society's own almanac for 1855, "
             "which lists the\n")
    page2 = ("society counted more than a thousand members, and its\n"
             "example was copied in every mill town of the district, so\n"
             "that by the end of the century the movement had spread far\n"
             "beyond the valleys where it began and into the cities of\n"
             "the south, where it met a very different kind of trade.3\n"
             "Its leaders were proud of the growth, and said so often.\n"
             "members by trade and by street, and which is now kept with the "
             "minute books in the\ntown library.\n"
             "3 Minutes of the general meeting, 3 March 1851.\n")
    r = _clean(page1 + "\f" + page2)
    notes = {n.label: block_text(n.blocks[0]) for n in r.document.notes}
    assert notes["2"].endswith("which lists the members by trade and by "
                               "street, and which is now kept with the "
                               "minute books in the town library.")
    body = " ".join(block_text(b) for b in r.document.blocks)
    assert "minute books" not in body and "said so often." in body


_RUN_ON_PAGE1 = (
    "The cooperative stores began as small affairs in the back\n"
    "rooms of public houses, where weavers met after work to\n"
    "share the little they had.1 Their founders wanted cheap\n"
    "flour and honest weights, and a share in the wealth that\n"
    "their labour produced. In 1844 they opened a shop with a\n"
    "capital of twenty-eight pounds.2 Within a decade the\n"
    "1 On the company shops see the evidence given to the select "
    "committee of 1842.\n"
    "2 The figure is taken from the society's own almanac for 1855, "
    "which lists the\n")


def _run_on_page2(second_line: str) -> str:
    """A page whose body has a blank line between two paragraphs and whose
    last paragraph runs on, with no blank line, into the note carried over
    from the page before (smaller type: wider lines)."""
    return ("society counted more than a thousand members, and its\n"
            + second_line +
            "that by the end of the century the movement had spread far.\n"
            "\n"
            "Beyond the valleys where it began and into the cities of\n"
            "the south, where it met a very different kind of trade.3\n"
            "Its leaders were proud of the growth, and said so often.\n"
            "members by trade and by street, and which is now kept with the "
            "minute books in the\ntown library.\n"
            "3 Minutes of the general meeting, 3 March 1851.\n")


@pytest.mark.parametrize("second_line", [
    # The paragraph above the blank line is as wide as the note: the block
    # below it is wide, yet only its foot is the note.
    "example was copied in every mill town of the district, so\n",
    # A long line (a URL) in the paragraph above: the block below is not
    # wider than the body, and the note is found by its wide lines alone.
    "example was copied in every mill town of the district (see "
    "http://www.example.org/history/cooperatives/1855),\n",
], ids=["wide-block", "long-body-line"])
def test_note_carried_over_below_a_paragraph_after_a_blank_line(second_line):
    r = _clean(_RUN_ON_PAGE1 + "\f" + _run_on_page2(second_line))
    notes = {n.label: block_text(n.blocks[0]) for n in r.document.notes}
    assert notes["2"].endswith("which lists the members by trade and by "
                               "street, and which is now kept with the "
                               "minute books in the town library."), notes
    body = [block_text(b) for b in r.document.blocks]
    assert body[-1] == ("Beyond the valleys where it began and into the "
                        "cities of the south, where it met a very different "
                        "kind of trade. Its leaders were proud of the "
                        "growth, and said so often."), body
    assert r.report.conservation["ok"]


@pytest.mark.slow
def test_seed_markdown_round_trip(doc):
    from pamphleteer.markdown_io import read_markdown, strip_sources

    back = read_markdown(write_markdown(doc), source="x")
    assert strip_sources(back) == strip_sources(doc)


def test_quotation_opening_with_its_mark_after_a_sentence():
    """A narrow run that opens with a quotation mark right after a
    sentence's end (no colon, no blank line) is a block quotation."""
    body = ("The argument of the pamphlet ran along these lines and it was put to the\n"
            "meeting by the delegates of the bakery at some length that evening.\n"
            "“We do not ask for the earth; we ask only for the right to\n"
            "work it in common, and to share what it gives without a\n"
            "master standing over the harvest,” said the first of them.\n"
            "The meeting agreed with both of them after a long discussion of the matter\n"
            "and went home late in the evening when the ovens were already cold again.\n")
    more = ("Cooperatives were founded for bread, for coal, for the schooling of the\n"
            "children and the care of the sick, and each of them kept its own accounts\n"
            "and sent delegates to a council that had no power to command anybody at\n"
            "all, which historians have often described as a fragile arrangement.\n") * 3
    result = pdf_text.clean((more + body) * 3, source="q.txt", options={})
    quotes = [b for b in result.document.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 3
    assert block_text(quotes[0]).startswith("“We do not ask")
    assert result.report.conservation["ok"]


# A number set off by spaces between words or after a sentence's end is a
# call only when a note of its label answers it (issue 18, round 2).

_COMMITTEE = [
    "The committee met on the first day of the session and read the Annual",
    "Reports 1 from every branch of the union, one after the other, until the",
    "evening came and the chairman called for a vote on the question of the",
    "budget, which took the whole of the next morning as well. Then the 2",
    "delegates from the north rose and spoke against the motion, since it left",
    "nothing at all for the schools of their region, which had waited years."]


def _clean_text(raw):
    return pdf_text.clean(raw, source="t.txt", options={})


def _calls(doc):
    return [x.label for b in doc.blocks for x in walk_inlines(b.children)
            if isinstance(x, NoteRef)]


def test_spaced_numbers_without_notes_stay_text():
    raw = ("The committee met on the first day of the session. It read the "
           "Reports. 1 From\nthere it moved to the question of the budget, "
           "which took the whole morning and\nmuch of the afternoon, since "
           "nobody agreed on anything at all that day.\n\nThe second meeting "
           "was shorter. Its members voted twice, 2 times in all, and\nthen "
           "went home to their families, who had waited for them since the "
           "morning.\n")
    result = _clean_text(raw)
    doc = result.document
    assert _calls(doc) == [] and not doc.notes
    text = " ".join(block_text(b) for b in doc.blocks)
    assert "Reports. 1 From there" in text and "twice, 2 times" in text
    assert [(p.code, p.line) for p in result.report.problems
            if p.code.startswith("PDF")] == [("PDF015", 1), ("PDF015", 5)]


def test_spaced_call_between_words_links_to_its_page_note():
    page1 = "\n".join(_COMMITTEE) + (
        "\n\n1 Printed in Manchester by the union's own press.\n\n"
        + " " * 35 + "1\n")
    page2 = ("The second meeting was shorter. Its members voted twice and "
             "then went\nhome to their families.\n\n" + " " * 35 + "2\n")
    result = _clean_text(page1 + "\f" + page2 + "\f")
    doc = result.document
    assert _calls(doc) == ["1"]
    assert block_text(doc.notes[0].blocks[0]).startswith("Printed in")
    text = " ".join(block_text(b) for b in doc.blocks)
    assert "Reports from every" in text
    assert "Then the 2 delegates" in text
    assert [p.code for p in result.report.problems].count("PDF015") == 1


def test_glued_call_wins_over_a_spaced_number_of_its_label():
    lines = list(_COMMITTEE)
    lines[1] = "Reports from every branch of the union, one after 1 other, until the"
    lines[2] = "evening came and the chairman called1 for a vote on the question of the"
    page = "\n".join(lines) + (
        "\n\n1 As the minutes say.\n\n" + " " * 35 + "1\n")
    doc = _clean_text(page + "\f").document
    assert _calls(doc) == ["1"]
    text = " ".join(block_text(b) for b in doc.blocks)
    assert "after 1 other" in text
