"""Cut the held-out texts of ``pdf_text_heldout.py`` from Gutenberg HTML.

Run by hand, once, from the project folder, with the GITenberg
repositories named in ``tests/fixtures/pdf_text/heldout/SOURCES.md``
fetched (their HTML files given on the command line)::

    PYTHONPATH=src .venv/bin/python tests/benchmarks/pdf_text_heldout_sources.py \\
        NAME HTML FIRST_HEADING LAST_HEADING

It writes ``tests/fixtures/pdf_text/heldout/NAME.md`` in the small
Markdown of ``tests/fixtures/pdf_text/sources`` (``# heading``,
``> quotation``, ``[^n]`` calls and ``[^n]: note`` lines), with one
addition: ``>+ text`` is a further paragraph of the quotation above.  The
text runs from the heading whose text starts with FIRST_HEADING up to
(not including) the one that starts with LAST_HEADING; the notes are
those called in it, numbered again from 1.  Verse, tables, figures and
music are left out (they are no part of what is measured).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import html as lhtml

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "pdf_text" / "heldout"


def _text(el, calls: dict[str, str], order: list[str]) -> str:
    """The plain text of ``el``, note anchors as ``[^n]``."""
    out: list[str] = []

    def walk(e) -> None:
        if e.tag == "a" and (e.get("href") or "").startswith("#") and \
                re.fullmatch(r"\s*\[?\d+\]?\s*", e.text_content() or ""):
            target = e.get("href")[1:]
            if target not in order:
                order.append(target)
            out.append(f"[^{order.index(target) + 1}]")
            if e.tail:
                out.append(e.tail)
            return
        if e.tag == "br":
            out.append(" ")
        elif e.text:
            out.append(e.text)
        for c in e:
            walk(c)
        if e.tail and e is not el:
            out.append(e.tail)

    walk(el)
    return " ".join("".join(out).replace("\xa0", " ").split())


def convert(path: Path, first: str, last: str) -> str:
    raw = path.read_bytes()
    tree = lhtml.fromstring(raw)
    body = tree.find("body")
    order: list[str] = []
    calls: dict[str, str] = {}
    blocks: list[str] = []
    on = False
    for el in body.iter("h2", "h3", "h4", "p", "blockquote"):
        if el.getparent() is not None and el.getparent().tag == "blockquote":
            continue
        cls = el.get("class") or ""
        if el.tag in ("h2", "h3", "h4"):
            t = _text(el, calls, order)
            if on and t.startswith(last):
                break
            if t.startswith(first):
                on = True
            if on and t and blocks and blocks[-1].startswith("# ") and \
                    len(blocks[-1].split()) <= 3:
                blocks[-1] += " " + t  # CHAPTER I / INTRODUCTORY: one heading
            elif on and t:
                blocks.append("# " + t)
            continue
        if not on or "fn" in cls.split() or "stanza" in cls or \
                el.getparent().get("class") in ("footnote", "stanza", "poem"):
            continue
        if el.tag == "blockquote":
            paras = [_text(p, calls, order) for p in el.iter("p")
                     if "stanza" not in (p.get("class") or "")]
            # A music example's caption and the link to its sound.
            paras = [p for p in paras if p and "[MIDI" not in p]
            for k, p in enumerate(paras):
                blocks.append(("> " if k == 0 else ">+ ") + p)
            continue
        t = _text(el, calls, order)
        if "click here" in t:  # links to the music's sound and source
            continue
        t = re.sub(r"\s*\[MIDI[^]]*\]", "", t)  # links to a music example's sound
        if t and len(t.split()) > 2:
            blocks.append(t)
    notes = []
    for k, target in enumerate(order, 1):
        found = tree.xpath(f'//*[@id="{target}" or @name="{target}"]')
        if not found:
            raise SystemExit(f"no note {target}")
        el = found[0]
        while el.tag not in ("p", "div"):
            el = el.getparent()
        t = _text(el, calls, [])
        t = re.sub(r"^(\[\^\d+\]|\[?\d+\]?)\s*", "", t)
        notes.append(f"[^{k}]: {t}")
    return "\n\n".join(blocks + ["\n".join(notes)]) + "\n"


def main(argv: list[str]) -> int:
    name, path, first, last = argv
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.md").write_text(convert(Path(path), first, last), "utf-8")
    print("wrote", OUT / f"{name}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
