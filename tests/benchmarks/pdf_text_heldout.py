"""``pdf-text`` on real texts it was not tuned on (issue 18, held out).

The texts of ``tests/fixtures/pdf_text/heldout/*.md`` (chapters of four
Project Gutenberg books, cut by ``pdf_text_heldout_sources.py``: headings,
block quotations, one quotation of several paragraphs, footnotes, numbered by
the text, not by WeasyPrint's counter, which skips numbers when a note
is carried over) are laid
out by WeasyPrint in three styles of quotation, then extracted with
``pdftotext -layout`` and plain ``pdftotext``, cleaned by the ``pdf-text``
reader and scored against the text:

* ``indent``: A5, serif, indented paragraphs; quotations indented 2em on
  both sides in smaller type; chapters open on a new page (under the
  running head), their two-line titles (``CHAPTER I`` / ``TITLE``).
* ``slight``: 5.5x8.5in, sans, paragraphs spaced; quotations indented
  1.2em on the left only, in the body's type (lines a little shorter
  than the body's).
* ``marks``: A5, serif, indented paragraphs; each quotation paragraph in
  quotation marks, indented 1.5em both sides, in the body's type.

Scores: ``words`` (the smaller of recall and precision of the words of
body and notes), ``paras`` (F1 over exact normalised paragraph texts),
``heads`` (F1 over headings), ``quotes`` (F1 over whole quotations, all
their paragraphs together), ``qparas`` (F1 over quotation paragraphs,
each read as one), ``notes`` (share of notes present under their label
with their full text and called).  ``--show`` prints the quotations and
headings missed and made up.

Run by hand from the project folder (WeasyPrint and poppler-utils)::

    PYTHONPATH=src .venv/bin/python tests/benchmarks/pdf_text_heldout.py
    PYTHONPATH=src .venv/bin/python tests/benchmarks/pdf_text_heldout.py --show dickens-music.indent.layout

Not part of the test suite (pytest collects only ``test_*.py``).
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdfgen import _f1  # noqa: E402  (the tests' own F1)

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "pdf_text" / "heldout"
_CALL = re.compile(r"\[\^(\d+)\]")
_NOTE = re.compile(r"^\[\^(\d+)\]:\s*(.*)$")

STYLES = {
    "indent": dict(page="A5", font="DejaVu Serif", size="10pt",
                   indent=True, quote="margin: 0.6em 2em; font-size: 0.9em",
                   marks=False),
    "slight": dict(page="5.5in 8.5in", font="DejaVu Sans", size="9.5pt",
                   indent=False, quote="margin: 0.6em 0 0.6em 1.2em",
                   marks=False),
    "marks": dict(page="A5", font="DejaVu Serif", size="10pt", indent=True,
                  quote="margin: 0.6em 1.5em", marks=True),
}
MODES = ("layout", "plain")


def parse(text: str):
    """``(blocks, notes)``: blocks ``(kind, text)`` with kind ``h``, ``p``,
    ``q`` (a quotation's first paragraph) or ``q+`` (a further one)."""
    blocks, notes = [], {}
    for chunk in re.split(r"\n\s*\n", text.strip()):
        for line in chunk.splitlines():
            m = _NOTE.match(line)
            if m:
                notes[m.group(1)] = m.group(2)
        if re.match(r"\[\^\d+\]:", chunk):
            continue
        chunk = " ".join(chunk.split())
        if chunk.startswith("# "):
            blocks.append(("h", chunk[2:]))
        elif chunk.startswith(">+ "):
            blocks.append(("q+", chunk[3:]))
        elif chunk.startswith("> "):
            blocks.append(("q", chunk[2:]))
        else:
            blocks.append(("p", chunk))
    return blocks, notes


def to_html(blocks, notes, style: dict, title: str) -> str:
    def inline(t: str) -> str:
        t = html.escape(t, quote=False)
        return _CALL.sub(lambda m: f'<span class="fn" data-n="{m.group(1)}">'
                         + html.escape(
            notes[m.group(1)], quote=False) + "</span>", t)

    out, open_q = [], False
    for kind, text in blocks:
        if open_q and kind != "q+":
            out.append("</blockquote>")
            open_q = False
        if kind == "h":
            m = re.match(r"(CHAPTER [IVXLC]+:?|[IVXLC]+) ([A-Z].*)", text)
            if m:
                out.append(f'<h1 class="chapter">{inline(m.group(1))}<br>'
                           f"{inline(m.group(2))}</h1>")
            else:
                out.append(f"<h2>{inline(text)}</h2>")
        elif kind in ("q", "q+"):
            if kind == "q":
                out.append("<blockquote>")
                open_q = True
            body = inline(text)
            if style["marks"]:
                body = "\u201c" + body + "\u201d"
            out.append(f"<p>{body}</p>")
        else:
            out.append(f"<p>{inline(text)}</p>")
    if open_q:
        out.append("</blockquote>")
    css = f"""
@page {{ size: {style['page']}; margin: 16mm 14mm 18mm;
  @top-center {{ content: "{title}"; font-size: 8pt }}
  @bottom-center {{ content: counter(page); font-size: 8pt }} }}
body {{ font-family: "{style['font']}"; font-size: {style['size']};
  line-height: 1.3; text-align: justify; hyphens: auto }}
p {{ margin: 0 0 {'0' if style['indent'] else '0.6em'};
  text-indent: {'1.5em' if style['indent'] else '0'} }}
h1 + p, h2 + p, blockquote + p {{ text-indent: 0 }}
h1.chapter {{ page-break-before: always; font-size: 1.3em;
  text-align: center; margin: 0 0 1.2em; hyphens: manual }}
h2 {{ font-size: 1.1em; margin: 1em 0 0.5em; hyphens: manual }}
blockquote {{ {style['quote']} }}
blockquote p {{ text-indent: 0; margin: 0 0 0.4em }}
.fn {{ float: footnote; font-size: 0.75em; text-indent: 0;
  text-align: left; hyphens: manual }}
.fn::footnote-call {{ content: attr(data-n); vertical-align: super;
  font-size: 65% }}
.fn::footnote-marker {{ content: attr(data-n) ". "; }}
"""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<style>{css}</style></head><body>{''.join(out)}</body></html>")


def extract(pdf: Path, mode: str) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if mode == "layout"
                                             else [])
    return subprocess.run(args + [str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _norm(text: str) -> str:
    from pamphleteer.text import words
    return " ".join(words(_CALL.sub("", text)))


def truth_of(blocks):
    heads = [_norm(t) for k, t in blocks if k == "h"]
    paras = [_norm(t) for k, t in blocks if k == "p"]
    qparas = [_norm(t) for k, t in blocks if k in ("q", "q+")]
    quotes: list[str] = []
    for k, t in blocks:
        if k == "q":
            quotes.append(_norm(t))
        elif k == "q+":
            quotes[-1] += " " + _norm(t)
    return heads, paras, quotes, qparas


def score(doc, blocks, notes) -> dict:
    from dataclasses import replace

    from pamphleteer.model import (BlockQuote, Heading, NoteRef, Paragraph,
                                   block_text, document_words, walk_blocks,
                                   walk_inlines)
    from pamphleteer.text import words

    heads_t, paras_t, quotes_t, qparas_t = truth_of(blocks)
    heads_g, paras_g, quotes_g, qparas_g = [], [], [], []
    for b in doc.blocks:
        if isinstance(b, Heading):
            heads_g.append(_norm(block_text(b)))
        elif isinstance(b, Paragraph):
            paras_g.append(_norm(block_text(b)))
        elif isinstance(b, BlockQuote):
            quotes_g.append(_norm(block_text(b)))
            qparas_g += [_norm(block_text(x)) for x in b.blocks]
    want = Counter(w for _k, t in blocks for w in words(_CALL.sub("", t)))
    want += Counter(w for t in notes.values() for w in words(t))
    got = Counter(document_words(replace(doc, meta=replace(doc.meta,
                                                           extra=()))))
    refs = [x.label for b in walk_blocks(doc.blocks)
            if isinstance(b, (Heading, Paragraph))
            for x in walk_inlines(b.children)
            if isinstance(x, NoteRef)]
    got -= Counter(n.label.casefold() for n in doc.notes)
    got -= Counter(r.casefold() for r in refs)
    hit = sum((want & got).values())
    by_label = {n.label: n for n in doc.notes}
    ok = sum(1 for label, text in notes.items()
             if label in by_label and not by_label[label].missing
             and label in refs and _norm(" ".join(
                 block_text(b) for b in by_label[label].blocks)) == _norm(text))
    return {
        "words": round(min(hit / max(1, sum(want.values())),
                           hit / max(1, sum(got.values()))), 4),
        "paras": round(_f1(paras_t, paras_g), 3),
        "heads": round(_f1(heads_t, heads_g), 3),
        "quotes": round(_f1(quotes_t, quotes_g), 3),
        "qparas": round(_f1(qparas_t, qparas_g), 3),
        "notes": round(ok / len(notes), 3) if notes else 1.0,
        "_lists": (heads_t, heads_g, quotes_t, quotes_g),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="append", default=[],
                        help="TEXT.STYLE.MODE whose misses to print")
    parser.add_argument("--keep", help="folder to keep the extractions in")
    parser.add_argument("--text", action="append", default=[],
                        help="only this text (file stem; default: all)")
    args = parser.parse_args(argv)
    import weasyprint

    from pamphleteer.cleaners import pdf_text

    keys = ("words", "paras", "heads", "quotes", "qparas", "notes")
    totals: dict[str, list[float]] = {f"{m}.{k}": [] for m in MODES
                                      for k in keys}
    print(f"{'text.style.mode':40}" + "".join(f"{k:>8}" for k in keys))
    with tempfile.TemporaryDirectory() as tmp:
        keep = Path(args.keep) if args.keep else Path(tmp)
        keep.mkdir(parents=True, exist_ok=True)
        for src in sorted(p for p in HELDOUT.glob("*.md")
                          if p.name != "SOURCES.md"
                          and (not args.text or p.stem in args.text)):
            blocks, notes = parse(src.read_text("utf-8"))
            for sname, style in STYLES.items():
                pdf = Path(tmp) / f"{src.stem}.{sname}.pdf"
                weasyprint.HTML(string=to_html(
                    blocks, notes, style, src.stem.replace("-", " ").title())
                ).write_pdf(pdf)
                for mode in MODES:
                    name = f"{src.stem}.{sname}.{mode}"
                    raw = extract(pdf, mode)
                    (keep / f"{name}.txt").write_text(raw, "utf-8")
                    doc = pdf_text.clean(raw, source=name,
                                         options={}).document
                    s = score(doc, blocks, notes)
                    for k in keys:
                        totals[f"{mode}.{k}"].append(s[k])
                    print(f"{name:40}" + "".join(f"{s[k]:8}" for k in keys),
                          flush=True)
                    if name in args.show:
                        ht, hg, qt, qg = s["_lists"]
                        for label, t, g in (("heading", ht, hg),
                                            ("quote", qt, qg)):
                            for x in sorted((Counter(t) - Counter(g)).elements()):
                                print(f"  missed {label}: {x[:110]}")
                            for x in sorted((Counter(g) - Counter(t)).elements()):
                                print(f"  made-up {label}: {x[:110]}")
    for mode in MODES:
        print(f"{'mean ' + mode:40}" + "".join(
            f"{sum(totals[f'{mode}.{k}']) / len(totals[f'{mode}.{k}']):8.3f}"
            for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
