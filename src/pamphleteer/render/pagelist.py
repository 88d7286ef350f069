"""The EPUB's print page list at the exact word.

A print page often begins inside a paragraph.  Marking it at the
paragraph's start puts the marker on the page before (87 of 141 pages in
the first book).  Instead, after layout, :func:`page_starts` reads each
page's boxes: the first piece of text in the page's flow (not a running
head, a folio, a footnote or a note call), the body block it belongs to
(the nearest element with a block anchor id, ``<scope>-b<n>``), and how
many characters of that block came before it on earlier pages.  These go
into the layout's anchors as ``page-start:<anchor>:<offset>`` keys, and
:func:`.pdf.page_map` gives the page to ``<anchor>@<offset>``.  The EPUB
writer (:func:`insert_marks`) counts the same characters in the block's
XHTML and puts the page-break marker where the page begins, mid-paragraph
and mid-sentence (mid-word when the page begins with the second half of a
hyphenated word).

Characters are counted without white space (a line end has none in the
PDF), without the hyphens hyphenation adds (U+2010) or soft hyphens, and
without note calls (a footnote call in the PDF, a ``noteref`` link in the
EPUB), so both sides count the same text.  A page with no text (a blank
verso) or whose text is outside the body blocks (titles, contents) keeps
the marker at the next anchor, as before.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterator

from markupsafe import Markup

START = "page-start:"
"""Prefix of the anchors keys that say where a page's text begins."""

_BLOCK_ID = re.compile(r".+-b\d+$")
_SKIP = "\u2010\u00ad"


def _count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace() and ch not in _SKIP)


def page_starts(page_boxes: list[Any], first_page: int) -> dict[str, int]:
    """``page-start:<anchor>:<offset>`` -> page number, for every page of
    a laid-out document whose text begins in a body block."""
    seen: dict[str, int] = {}
    out: dict[str, int] = {}
    for index, page in enumerate(page_boxes):
        children = list(getattr(page, "children", None) or ())
        if not children:
            continue
        first = [True]

        def walk(box: Any, anchor: str | None, index: int = index,
                 first: list[bool] = first) -> None:
            tag = getattr(box, "element_tag", "") or ""
            if "::" in tag:
                return  # note calls, list markers, generated text
            el = getattr(box, "element", None)
            if el is not None and "volume-page" in (el.get("class") or ""):
                return  # text one output has and the other may not
            if el is not None and type(box).__name__ != "TextBox":
                bid = el.get("id", "")
                if bid and _BLOCK_ID.match(bid):
                    anchor = bid
            if type(box).__name__ == "TextBox":
                n = _count(box.text)
                if not n:
                    return
                if first[0]:
                    first[0] = False
                    if anchor is not None:
                        out[f"{START}{anchor}:{seen.get(anchor, 0)}"] = \
                            index + first_page
                if anchor is not None:
                    seen[anchor] = seen.get(anchor, 0) + n
                return
            for child in getattr(box, "children", None) or ():
                walk(child, anchor, index, first)

        walk(children[0], None)
    return out


def starts_by_page(anchors: dict[str, int]) -> dict[int, tuple[str, int]]:
    """Page -> (anchor, offset) from the ``page-start:`` keys."""
    out: dict[int, tuple[str, int]] = {}
    for key, page in anchors.items():
        if key.startswith(START):
            anchor, _, offset = key[len(START):].rpartition(":")
            out.setdefault(page, (anchor, int(offset)))
    return out


def split_key(key: str) -> tuple[str, int]:
    """``anchor@offset`` -> (anchor, offset); a plain anchor -> offset 0."""
    anchor, sep, offset = key.rpartition("@")
    if sep and offset.isdigit():
        return anchor, int(offset)
    return key, 0


_TOKEN = re.compile(r"<[^>]*>|&[^;\s]*;|[^<&]+")


def insert_marks(html: str, marks: list[tuple[int, Markup]]) -> Markup:
    """``html`` (a block's XHTML) with each mark put where ``offset``
    characters (counted as :func:`page_starts` counts them) have passed:
    before the character the page begins with; EPUB note calls are not
    counted."""
    if not marks:
        return Markup(html)
    marks = sorted(marks, key=lambda m: m[0])
    out: list[str] = []
    count = 0
    skip_depth = 0  # inside <a class="noteref">
    i = 0

    def emit_marks_upto(limit: int) -> Iterator[str]:
        nonlocal i
        while i < len(marks) and marks[i][0] <= limit:
            yield str(marks[i][1])
            i += 1

    for m in _TOKEN.finditer(html):
        tok = m.group(0)
        if tok.startswith("<"):
            if skip_depth:
                if tok.startswith("<a") or tok.startswith("<span"):
                    skip_depth += 1
                elif tok.startswith("</a") or tok.startswith("</span"):
                    skip_depth -= 1
            elif (tok.startswith("<a ") and 'class="noteref"' in tok) or \
                    (tok.startswith("<span") and 'class="volume-page"' in tok):
                skip_depth = 1
            out.append(tok)
            continue
        if skip_depth:
            out.append(tok)
            continue
        if tok.startswith("&"):
            if i < len(marks) and marks[i][0] <= count:
                out.extend(emit_marks_upto(count))
            out.append(tok)
            count += 1
            continue
        # Plain text: walk it character by character.  The marker goes
        # before the very character the page begins with: inside a word
        # when the page begins with the second part of a hyphenated word,
        # as a print page does.
        buf: list[str] = []
        for ch in tok:
            if not ch.isspace() and ch not in _SKIP:
                if i < len(marks) and marks[i][0] <= count:
                    buf.extend(emit_marks_upto(count))
                count += 1
            buf.append(ch)
        out.append("".join(buf))
    out.extend(emit_marks_upto(10 ** 12))  # past the end: at the end
    return Markup("".join(out))


def _norm_words(text: str, n: int) -> list[str]:
    import unicodedata

    text = unicodedata.normalize("NFKC", text).replace("\u2010", "-")
    words = []
    for w in text.split():
        w = "".join(ch for ch in w.casefold() if ch.isalnum())
        if w:
            words.append(w)
        if len(words) >= n:
            break
    return words


def epub_markers(epub: str) -> list[tuple[str, str]]:
    """(page label, the text after its marker) of every page-break marker
    of an EPUB, in reading order (note calls left out)."""
    import posixpath
    import zipfile
    from html.parser import HTMLParser
    from xml.etree import ElementTree as ET

    z = zipfile.ZipFile(epub)
    container = ET.fromstring(z.read("META-INF/container.xml"))
    rootfile = container.find(".//{*}rootfile")
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise ValueError(f"{epub}: META-INF/container.xml names no package")
    opf = ET.fromstring(z.read(opf_path))
    base = posixpath.dirname(opf_path)
    items = {i.get("id"): i.get("href", "") for i in opf.findall(".//{*}item")}
    spine = [items[r.get("idref")] for r in opf.findall(".//{*}itemref")]

    class P(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.chunks: list[str | tuple[str]] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if self.skip:
                self.skip += tag not in ("br", "img")
                return
            if a.get("role") == "doc-pagebreak":
                self.chunks.append((a.get("aria-label", ""),))
            elif a.get("role") in ("doc-noteref",) or tag == "aside" or \
                    a.get("aria-hidden") == "true" or \
                    "noteref-missing" in (a.get("class") or ""):
                self.skip = 1
            elif tag in ("p", "h1", "h2", "h3", "li", "br", "div"):
                self.chunks.append(" ")

        def handle_startendtag(self, tag, attrs):
            a = dict(attrs)
            if not self.skip and a.get("role") == "doc-pagebreak":
                self.chunks.append((a.get("aria-label", ""),))

        def handle_endtag(self, tag):
            if self.skip:
                self.skip -= 1
            elif tag in ("p", "h1", "h2", "h3", "li", "div"):
                self.chunks.append(" ")

        def handle_data(self, data):
            if not self.skip:
                self.chunks.append(data)

    chunks: list = []
    for href in spine:
        p = P()
        p.feed(z.read(posixpath.join(base, href)).decode("utf-8"))
        chunks += p.chunks + [" "]
    out = []
    for i, c in enumerate(chunks):
        if isinstance(c, tuple):
            after = "".join(x for x in chunks[i + 1:i + 200]
                            if isinstance(x, str))
            out.append((c[0], after))
    return out


def compare(epub: str, pdf: bytes | str, chars: int = 12,
            skip: tuple[str, ...] = ()
            ) -> tuple[int, int, list[tuple[str, str, str]]]:
    """Each EPUB page marker against the first words of its PDF page (their
    first ``chars`` letters and digits): (exact, compared, misses as
    (label, epub text, pdf text)).  A page with no text (a blank verso)
    and the pages labelled in ``skip`` are not compared."""
    import pypdfium2 as pdfium

    from .typecheck import _lines

    doc = pdfium.PdfDocument(pdf)
    exact, compared, misses = 0, 0, []
    for label, after in epub_markers(epub):
        if not label.isdigit() or int(label) > len(doc) or label in skip:
            continue
        lines = _lines(doc[int(label) - 1], int(label))
        if not lines:
            continue
        sizes = Counter(l.size for l in lines if len(l.text) > 20)
        body = sizes.most_common(1)[0][0] if sizes else lines[0].size
        # Running heads and folios are set smaller than the text, at the
        # top (and a drop folio at the foot).
        text_lines = [l for l in lines if not l.text.isdigit()]
        first = text_lines[0] if text_lines else None
        if first is not None and first.size < body - 0.6 and \
                any(ch.isdigit() for ch in first.text) and len(text_lines) > 1:
            text_lines = text_lines[1:]  # the running head, with its folio
        if not text_lines:
            continue
        # Compared letter by letter, spaces left out: letter-spaced small
        # capitals come out of a PDF as one letter a word.
        want = "".join(_norm_words(" ".join(l.main for l in text_lines[:3]),
                                   99))[:chars]
        got = "".join(_norm_words(after, 99))[:chars]
        compared += 1
        if want == got:
            exact += 1
        else:
            misses.append((label, got, want))
    return exact, compared, misses
