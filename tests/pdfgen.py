"""Generated PDFs with known ground truth, and the scorer for the ``pdf``
reader (test helpers).

A text is made from a pool of sentences, shuffled by a seed into sections
of paragraphs with emphasis, strong words, note calls, block quotations,
verse and lists.  :func:`html_of` writes it as HTML for WeasyPrint in one of
several layouts (page size, footnotes at the page foot or as end notes, one
or two columns, justified or ragged, indented or spaced paragraphs);
:func:`score` compares what the reader made of the PDF with the truth.
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter
from dataclasses import dataclass, field

from pamphleteer.model import (BlockQuote, BulletList, Emph, Heading,
                               OrderedList, Paragraph, block_text,
                               inline_text, walk_blocks, walk_inlines)
from pamphleteer.text import words

SENTENCES = [
    "The workers of the town met every evening in the back room of the bakery, where the ovens kept the winter out.",
    "Nobody had asked them to organise, and nobody could have stopped them once they had begun.",
    "Their first demand was simple: the hours of work should be fixed by those who did the work.",
    "The owners replied that such a thing had never been done and therefore could never be done.",
    "It was an argument that had served the owners well for a very long time.",
    "A pamphlet was printed on borrowed paper and handed out at the factory gates before dawn.",
    "Within a week every household in the district had read it, or had heard it read aloud.",
    "The police arrived on the tenth day, looking for a printing press that had already been moved twice.",
    "What followed was not a revolution but something slower and perhaps more durable.",
    "Cooperatives were founded for bread, for coal, for the schooling of children and the care of the sick.",
    "Each of them kept its own accounts, and each sent delegates to a council that had no power to command.",
    "Historians have often described this arrangement as fragile, yet it outlasted three governments.",
    "The delegates were recalled whenever their neighbours thought they had forgotten whom they spoke for.",
    "Meetings were long, sometimes tedious, and almost always ended with an agreement of some kind.",
    "The council published its minutes, which survive in an archive that few scholars have visited.",
    "Reading them today, one is struck by how ordinary the questions were and how carefully they were answered.",
    "There were disputes about the price of flour, the repair of a roof, the route of a new road.",
    "There were also quarrels about principle, and these were settled less easily.",
    "Some members wished to seek recognition from the state; others regarded any such request as surrender.",
    "The compromise they reached was characteristically practical and left both parties unsatisfied.",
    "Mutual aid, in this account, is not a sentiment but a habit acquired through long and patient practice.",
    "Those who praise spontaneity often forget how much preparation makes a spontaneous act possible.",
    "The newspapers of the capital ignored the experiment until it was too large to ignore.",
    "When they finally sent correspondents, the reports were contradictory and frequently invented.",
    "One journalist claimed that the cooperatives abolished money; in fact they kept careful ledgers in the national currency.",
    "Another insisted that the movement was directed from abroad by agents whom no one ever identified.",
    "The truth was less dramatic and more interesting than either story.",
    "Women held most of the offices of the bread cooperative from the beginning, a fact the newspapers never mentioned.",
    "The schools taught reading, arithmetic, geography and the history of the district's own struggles.",
    "Teachers were paid in kind as often as in coin, and nobody seems to have complained about it.",
    "By the end of the second year the council had established a library of some four thousand volumes.",
    "Its catalogue, still preserved, includes novels, manuals of agriculture, and a great many political tracts.",
    "The library lent books to anyone who asked, without deposit and without inquiry into opinions.",
    "Such generosity was not universal, and the records also show expulsions, grudges and petty thefts.",
    "An honest history must include these failures alongside the achievements.",
    "The experiment ended not in defeat but in gradual absorption into institutions it had inspired.",
    "Several of its founders lived long enough to see their methods adopted by people who had never heard their names.",
    "Whether that counts as success depends on what one expected from them in the first place.",
    "The question remains open, as such questions usually do, and it is worth asking again in every generation.",
    "Perhaps the most remarkable thing about the whole affair is how little violence it involved.",
]

QUOTES = [
    "We do not ask for the earth; we ask only for the right to work it in common, and to share what it gives without a master standing over the harvest.",
    "Freedom is not a gift that can be handed down from a balcony. It is a practice, learned in common, and it is lost the moment it is delegated to others.",
    "Let no one tell you that the people cannot govern themselves, for they have been governing themselves in a thousand small matters since long before any government existed.",
    "The council has no authority except the authority of its arguments, and its arguments are worth exactly as much as the trust of those who hear them.",
]

VERSE = [
    ["The bread is baked before the sun,", "The ovens glow in the cold,", "And what the many hands have done", "No single hand can hold."],
    ["We walked the road from mill to mine", "With lanterns in the rain;", "We carried neither flag nor sign,", "And we will walk again."],
]

NOTES = [
    "See the minutes of the council, volume two, pages 14 to 19.",
    "The figure is given in the annual report of the bread cooperative.",
    "On this point the older histories are unreliable; compare the account in the *Bulletin* of that year.",
    "Quoted in a letter from one of the founders to her sister, written in the spring.",
    "The archive is held in the municipal library; its catalogue was published only recently.",
    "This is disputed. Some witnesses remembered the meeting differently, and their accounts cannot be reconciled without further evidence.",
    "A full list of the delegates is printed in the appendix to the second edition.",
    "The phrase was common in the pamphlets of the period and need not be attributed to any one author.",
]

EMPH = ["*mutual aid*", "*in common*", "*Bulletin of the Council*", "*not*", "*de facto*", "*ad hoc*"]

HEADINGS = ["The Bakery Meetings", "Councils and Cooperatives", "What the Newspapers Said",
            "The Library and the Schools", "Quarrels about Principle", "An Unfinished Ending",
            "Sources and Silences", "The Long Absorption"]


@dataclass
class Truth:
    """What the generated text holds."""

    title: str
    author: str
    blocks: list = field(default_factory=list)
    """(kind, text) with kind heading, para, quote, verse, item."""
    notes: dict = field(default_factory=dict)
    """label -> plain text."""
    emph: list = field(default_factory=list)
    """plain texts of emphasised runs."""


def _plain(s: str) -> str:
    return re.sub(r"\[\^\d+\]", "", s).replace("*", "")


def make_text(seed: int, n_sections: int = 4, with_notes: bool = True,
              with_bold: bool = False) -> tuple[list, Truth]:
    """A text (its spec) and its truth."""
    rnd = random.Random(seed)
    sents = SENTENCES[:]
    rnd.shuffle(sents)
    heads = rnd.sample(HEADINGS, n_sections)
    truth = Truth(title=rnd.choice(["On Mutual Aid in a Small Town",
                                    "The Bakery Council: A History",
                                    "Notes on a Forgotten Experiment"]),
                  author=rnd.choice(["Ada Marlowe", "Tomas Ferrer",
                                     "Ruth Ellery"]))
    spec: list = []
    label = 0
    pos = 0
    note_pool = NOTES[:]
    rnd.shuffle(note_pool)
    for head in heads:
        spec.append(("heading", head))
        truth.blocks.append(("heading", head))
        for _ in range(rnd.randint(3, 5)):
            k = rnd.randint(3, 6)
            chosen = [sents[(pos + i) % len(sents)] for i in range(k)]
            pos += k
            parts = []
            for sent in chosen:
                if rnd.random() < 0.3:
                    e = rnd.choice(EMPH)
                    sent = sent[:-1] + ", " + e + "."
                    truth.emph.append(e.strip("*"))
                if with_bold and rnd.random() < 0.15:
                    w = sent.split()[2]
                    if w.isalpha():
                        sent = sent.replace(" " + w + " ", f" **{w}** ", 1)
                if with_notes and rnd.random() < 0.25 and label < 24:
                    label += 1
                    sent = sent + f"[^{label}]"
                    truth.notes[str(label)] = _plain(note_pool[label % len(note_pool)])
                    if "*" in note_pool[label % len(note_pool)]:
                        truth.emph.append("Bulletin")
                parts.append(sent)
            text = " ".join(parts)
            spec.append(("para", text))
            truth.blocks.append(("para", _plain(text)))
            r = rnd.random()
            if r < 0.18:
                q = rnd.choice(QUOTES)
                spec.append(("quote", q))
                truth.blocks.append(("quote", q))
            elif r < 0.26:
                v = rnd.choice(VERSE)
                spec.append(("verse", v))
                truth.blocks.append(("verse", " ".join(v)))
            elif r < 0.30:
                items = rnd.sample(SENTENCES, 3)
                spec.append(("list", items))
                for it in items:
                    truth.blocks.append(("item", it))
    return spec, truth


def _inl(s: str, layout: str, notes: dict) -> str:
    s = html.escape(s, quote=False)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"\*(.+?)\*", r"<em>\1</em>", s)

    def call(m):
        n = m.group(1)
        body = _inl_plain(NOTES_BY_TEXT[notes[n]])
        if layout == "foot":
            return f'<span class="fn">{body}</span>'
        return f'<sup class="call">{n}</sup>'

    return re.sub(r"\[\^(\d+)\]", call, s)


def _inl_plain(s: str) -> str:
    s = html.escape(s, quote=False)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", s)


NOTES_BY_TEXT = {_plain(n): n for n in NOTES}

PAGE = {"a5": "A5", "letter": "letter"}


def html_of(spec: list, truth: Truth, *, page: str = "a5",
            notes: str = "foot", columns: int = 1, justify: bool = True,
            indent: bool = True, font: str = "serif", size: str = "10.5pt",
            span: bool = False, gap: str = "1.2em") -> str:
    """The HTML of a text in one layout (``span``: the section headings
    run across all the columns; ``gap``: the gutter between columns)."""
    body = [f"<h1>{html.escape(truth.title)}</h1>",
            f'<p class="author">{html.escape(truth.author)}</p>',
            '<div class="text">']
    for kind, val in spec:
        if kind == "heading" and span:
            # Each section its own set of columns, its heading above them
            # (WeasyPrint's column-span sets footnotes over the columns).
            body.append(f'</div><h2>{html.escape(val)}</h2><div class="text">')
        elif kind == "heading":
            body.append(f"<h2>{html.escape(val)}</h2>")
        elif kind == "para":
            body.append(f"<p>{_inl(val, notes, truth.notes)}</p>")
        elif kind == "quote":
            body.append(f"<blockquote><p>{html.escape(val)}</p></blockquote>")
        elif kind == "verse":
            body.append('<blockquote class="verse"><p>' + "<br>".join(
                html.escape(x) for x in val) + "</p></blockquote>")
        elif kind == "list":
            body.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>"
                                         for x in val) + "</ul>")
    body.append("</div>")
    if notes == "end" and truth.notes:
        body.append("<h2>Notes</h2><ol class=\"notes\">")
        for t in truth.notes.values():
            body.append(f"<li>{_inl_plain(NOTES_BY_TEXT[t])}</li>")
        body.append("</ol>")
    css = f"""
@page {{ size: {PAGE[page]}; margin: 2cm 1.8cm 2.2cm 1.8cm;
  @top-center {{ content: "{html.escape(truth.title)}"; font: italic 8pt {font}; }}
  @bottom-center {{ content: counter(page); font: 9pt {font}; }}
  @footnote {{ border-top: 0.5pt solid black; padding-top: 4pt; }} }}
@page :first {{ @top-center {{ content: none; }} }}
body {{ font-family: {font}; font-size: {size}; line-height: 1.35;
  text-align: {'justify' if justify else 'left'}; hyphens: auto; }}
h1 {{ font-size: 20pt; text-align: center; }}
h2 {{ font-size: 13.5pt; margin: 1.2em 0 0.5em; }}
p {{ margin: {'0' if indent else '0 0 0.6em'}; text-indent: {'1.5em' if indent else '0'}; }}
h2 + p, blockquote + p, ul + p {{ text-indent: 0; }}
p.author {{ text-align: center; font-size: 12pt; margin: 0 0 2em; text-indent: 0; }}
blockquote {{ margin: 0.6em 2em; font-size: 0.92em; }}
blockquote p {{ text-indent: 0; }}
blockquote.verse {{ margin-left: 3em; text-align: left; }}
ul {{ margin: 0.5em 0 0.5em 1.5em; }}
.fn {{ float: footnote; font-size: 8pt; text-indent: 0; text-align: left; }}
::footnote-call {{ font-size: 0.7em; vertical-align: super; line-height: 0; }}
::footnote-marker {{ content: counter(footnote) ". "; }}
sup.call {{ font-size: 0.7em; line-height: 0; }}
ol.notes {{ font-size: 9pt; }}
.text {{ columns: {columns}; column-gap: {gap}; }}
"""
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(truth.title)}</title>"
            f"<meta name=\"author\" content=\"{html.escape(truth.author)}\">"
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(words(text))


def _f1(truth: list[str], got: list[str]) -> float:
    t, g = Counter(truth), Counter(got)
    hit = sum((t & g).values())
    if not t and not g:
        return 1.0
    if not hit:
        return 0.0
    p, r = hit / sum(g.values()), hit / sum(t.values())
    return 2 * p * r / (p + r)


def order_score(doc, truth: Truth) -> float:
    """How far the body's words come in the text's order: the similarity
    (difflib's ratio) of the two sequences of words, title, author, notes
    and note calls left out."""
    from difflib import SequenceMatcher

    from pamphleteer.model import NoteRef

    want = [w for _kind, text in truth.blocks for w in words(text)]
    got: list[str] = []
    for b in walk_blocks(doc.blocks):
        if isinstance(b, (Heading, Paragraph)):
            got += words(inline_text(tuple(
                x for x in b.children if not isinstance(x, NoteRef))))
    return round(SequenceMatcher(None, want, got, autojunk=False).ratio(), 4)


def score(doc, truth: Truth) -> dict:
    """Scores of a cleaned document against the truth of its text.

    ``words``: the smaller of recall and precision of the words of body,
    notes, title and author; ``order``: :func:`order_score`; ``extra``: words in the document that the text
    does not have (running heads, folios left behind); ``paragraphs``,
    ``headings``, ``quotes``, ``emphasis``: F1 over exact (normalised)
    texts; ``notes``: share of the text's notes present under their label
    with their full text and called in the body.
    """
    from pamphleteer.model import NoteRef, document_words

    want = []
    for _kind, text in truth.blocks:
        want += words(text)
    for t in truth.notes.values():
        want += words(t)
    want += words(truth.title) + words(truth.author)
    from dataclasses import replace as _replace

    got = document_words(_replace(doc, meta=_replace(doc.meta, extra=())))
    # Note labels and calls count as words in document_words.
    labels = Counter()
    for n in doc.notes:
        labels[n.label.casefold()] += 1
    refs = [x.label for b in walk_blocks(doc.blocks)
            if isinstance(b, (Heading, Paragraph))
            for x in walk_inlines(b.children) if isinstance(x, NoteRef)]
    for r in refs:
        labels[r.casefold()] += 1
    gotc = Counter(got) - labels
    wantc = Counter(want)
    hit = sum((wantc & gotc).values())
    recall = hit / max(1, sum(wantc.values()))
    precision = hit / max(1, sum(gotc.values()))
    extra = sorted((gotc - wantc).elements())
    paras_t = [_norm(t) for k, t in truth.blocks if k in ("para", "item")]
    quotes_t = [_norm(t) for k, t in truth.blocks if k in ("quote", "verse")]
    heads_t = [_norm(t) for k, t in truth.blocks if k == "heading"]
    paras_g, quotes_g, heads_g = [], [], []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            paras_g.append(_norm(block_text(b)))
        elif isinstance(b, (BulletList, OrderedList)):
            paras_g += [_norm(block_text(x)) for it in b.items for x in it]
        elif isinstance(b, BlockQuote):
            quotes_g.append(_norm(block_text(b)))
        elif isinstance(b, Heading):
            heads_g.append(_norm(block_text(b)))
    emph_g = []
    for b in list(walk_blocks(doc.blocks)) + [x for n in doc.notes
                                              for x in n.blocks]:
        if isinstance(b, (Heading, Paragraph)):
            emph_g += [_norm(inline_text(x.children))
                       for x in walk_inlines(b.children)
                       if isinstance(x, Emph)]
    emph_t = [_norm(t) for t in truth.emph]
    by_label = {n.label: n for n in doc.notes}
    ok = 0
    for label, text in truth.notes.items():
        n = by_label.get(label)
        if n and not n.missing and label in refs and _norm(
                " ".join(block_text(b) for b in n.blocks)) == _norm(text):
            ok += 1
    return {
        "words": round(min(recall, precision), 4),
        "order": order_score(doc, truth),
        "extra": extra[:20],
        "paragraphs": round(_f1(paras_t, paras_g), 4),
        "headings": round(_f1(heads_t, heads_g), 4),
        "quotes": round(_f1(quotes_t, quotes_g), 4),
        "emphasis": round(_f1(emph_t, emph_g), 4),
        "notes": round(ok / len(truth.notes), 4) if truth.notes else 1.0,
        "title": _norm(doc.meta.title) == _norm(truth.title),
    }


LAYOUTS = {
    "a5-foot": dict(page="a5", notes="foot"),
    "letter-foot-ragged": dict(page="letter", notes="foot", justify=False,
                               indent=False),
    "a5-end-sans": dict(page="a5", notes="end", font="sans-serif"),
    "letter-2col-end": dict(page="letter", notes="end", columns=2,
                            size="10pt"),
}
"""Layouts rendered by WeasyPrint for the tests (name -> html_of keywords)."""

MULTICOL = {
    "letter-3col-foot": dict(page="letter", notes="foot", columns=3,
                             size="9pt", span=True),
    "letter-3col-foot-ragged": dict(page="letter", notes="foot", columns=3,
                                    size="9pt", justify=False, gap="1em"),
    "letter-4col-foot": dict(page="letter", notes="foot", columns=4,
                             size="9pt", span=True, gap="1em"),
}
"""Three and four columns (footnotes at the page's foot, under all the
columns; section headings across the columns in the ``span`` ones): not
committed, rendered by the tests (tests/test_pdf_columns.py)."""


def render_weasyprint(seed: int, layout: str, path) -> Truth:
    """Write the text of ``seed`` in ``layout`` to ``path``; its truth."""
    from weasyprint import HTML

    spec, truth = make_text(seed, with_bold=seed % 2 == 0)
    kw = LAYOUTS[layout] if layout in LAYOUTS else MULTICOL[layout]
    HTML(string=html_of(spec, truth, **kw)).write_pdf(str(path))
    return truth


def overprinted(path) -> list[tuple[int, str, str]]:
    """Lines of a rendered PDF drawn over one another (page, text, text):
    WeasyPrint sometimes sets footnotes over the foot of columns, and such
    a page is no ground truth."""
    import pymupdf

    out = []
    with pymupdf.open(str(path)) as doc:
        for page in doc:
            boxes = [(pymupdf.Rect(ln["bbox"]), "".join(
                s["text"] for s in ln["spans"]))
                for b in page.get_text("dict")["blocks"] if b["type"] == 0
                for ln in b["lines"]]
            for k, (a, ta) in enumerate(boxes):
                for b, tb in boxes[k + 1:]:
                    cut = a & b
                    if not cut.is_empty and cut.width > 2 and \
                            cut.height > 0.4 * min(a.height, b.height):
                        out.append((page.number + 1, ta, tb))
    return out


def markdown_of(spec: list, truth: Truth) -> str:
    """The text as pandoc Markdown (for a DOCX made by pandoc): footnotes
    as ``[^n]``, quotations as ``>``, verse as line blocks."""
    out = [f"% {truth.title}", f"% {truth.author}", ""]
    for kind, val in spec:
        if kind == "heading":
            out += [f"# {val}", ""]
        elif kind == "para":
            out += [val, ""]
        elif kind == "quote":
            out += [f"> {val}", ""]
        elif kind == "verse":
            out += ["> | " + x for x in val] + [""]
        elif kind == "list":
            out += [f"- {x}" for x in val] + [""]
    for label, text in truth.notes.items():
        out += [f"[^{label}]: {NOTES_BY_TEXT[text]}", ""]
    return "\n".join(out)


if __name__ == "__main__":  # python tests/pdfgen.py: the committed copies
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "pdf" / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    for k, name in enumerate(LAYOUTS):
        render_weasyprint(21 + k, name, folder / f"{name}.pdf")
        print("wrote", folder / f"{name}.pdf")
