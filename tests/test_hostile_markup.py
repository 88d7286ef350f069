"""Markup in text: ``<script>``, ``</p>``, ``&``, ``{{ }}``, ``{% %}``,
``]]>`` and Markdown-looking characters, in every format and in the
manifest's titles, come out as that literal text in the EPUB's XHTML and in
the PDF's text, and the EPUB still validates.  One combined book, built
once (EPUBCheck is slow)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from helpers import epub_files, epubcheck, pdf_pages_text
from pamphleteer.cli import main

# Literal strings every format must carry through to both outputs.
MARKUP = ["<script>alert(1)</script>", "</p>", "R&D", "{{ x }}",
          "{% y %}", "]]>", "<![CDATA[", "<!-c->", "&amp;", "&#169;"]
# Markdown-looking characters, literal in the plain-text formats.
PLAIN_MD = ["*stars*", "_under_", "`tick`", "# hash", "[^9]", "1. item",
            "| pipe |", "\\back"]

LINE = " ".join(MARKUP) + " end."
PLAIN_LINE = " ".join(PLAIN_MD) + " end."
TITLE = "Title <b>bold</b> & {{ t }} ]]> {% u %}"

SOURCES = {
    "afaq": ("afaq-text", f"H.1.1 Why {TITLE[:5]}?\n\nA first paragraph "
             f"of words with {LINE}\n\nAnd another with {PLAIN_LINE}\n"),
    "pdf": ("pdf-text", f" A first paragraph of words with\n {LINE}\n"
            f" And another with {PLAIN_LINE}\n\n\n                  1\n"),
    # The library's exports are HTML-flavoured: a tag is markup (removed
    # and reported), so literal text writes <, > and & as entities.
    "library": ("library-md", "The Anarchist Library\nAnti-Copyright\n\n\n\n"
                f"# Library text\n\nAda Writer\n\nA first paragraph with "
                f"{html.escape(LINE, quote=False)}<sup>1</sup>\n\n---\n\n"
                f"<sup>1</sup> A note with {html.escape(LINE, quote=False)}"
                "\n"),
    # In Markdown, Markdown is markup: the plain line is escaped as the
    # writer would; an unanswered call is reported and rendered honestly.
    "markdown": ("markdown", "---\ntitle: Markdown text\n---\n\nA first "
                 "paragraph with " + LINE.replace("&amp;", "&amp;amp;")
                 .replace("&#169;", "&amp;#169;").replace("<!", "\\<!")
                 + "[^1] and a call without a note.[^2]\n\n"
                 "[^1]: A note with " + LINE.replace("&amp;", "&amp;amp;")
                 .replace("&#169;", "&amp;#169;").replace("<!", "\\<!")
                 + "\n"),
}

INTRO = ("# Intro <script>x</script> & {{ i }}\n\nAn introduction with "
         + SOURCES["markdown"][1].split("paragraph with ")[1].split("[^1]")[0]
         + "\n")

MANIFEST = """\
front:
  introduction: intro.md
book:
  title: "Book {title}"
  subtitle: "Sub <i>x</i> & {{{{ s }}}}"
  editors: ["Ed <script>"]
  identifier: "urn:uuid:00000000-0000-4000-8000-0000000000ff"
  date: 2026-01-01
  description: "A description with <p> & ]]> {{% d %}}"
chapters:
{chapters}
output:
  hyphenate: false
  formats: [epub, pdf]
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    items = []
    for cid, (fmt, text) in SOURCES.items():
        (root / f"{cid}.txt").write_text(text, encoding="utf-8")
        items.append(f"  - id: {cid}\n    source: {cid}.txt\n    format: "
                     f"{fmt}\n    title: \"{cid} {TITLE}\"\n    authors: "
                     f"[\"A <u>Writer</u> & Co\"]")
    (root / "intro.md").write_text(INTRO, encoding="utf-8")
    (root / "manifest.yaml").write_text(MANIFEST.format(
        title=TITLE, chapters="\n".join(items)), encoding="utf-8")
    out = root / "out"
    status = main(["build", str(root / "manifest.yaml"), "--out", str(out),
                   "--no-cache", "-q"])
    assert status == 0
    epub = next(out.glob("*.epub"))
    pdf = next(p for p in out.glob("*.pdf"))
    return epub, pdf


def _text(xhtml: bytes) -> str:
    root = ET.fromstring(xhtml)
    return re.sub(r"\s+", " ", "".join(root.itertext()))


@pytest.mark.slow
def test_markup_is_text_in_every_chapter(book):
    files = epub_files(book[0])
    for cid in SOURCES:
        xhtml = files[f"EPUB/{cid}.xhtml"]
        root = ET.fromstring(xhtml)
        tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
        assert not tags & {"script", "b", "u", "i", "iframe"}, (cid, tags)
        text = _text(xhtml)
        for s in MARKUP:
            assert s in text, (cid, s)
        assert f"{cid} {TITLE}" in text, cid
        if SOURCES[cid][0] in ("afaq-text", "pdf-text"):
            for s in PLAIN_MD:
                assert s in text, (cid, s)


@pytest.mark.slow
def test_ids_unique_and_links_resolve(book):
    files = epub_files(book[0])
    ids: dict[str, set[str]] = {}
    for name, data in files.items():
        if name.endswith(".xhtml"):
            root = ET.fromstring(data)
            found = [el.get("id") for el in root.iter() if el.get("id")]
            assert len(found) == len(set(found)), name
            ids[name.rsplit("/", 1)[-1]] = set(found)
    for name, data in files.items():
        if not name.endswith(".xhtml"):
            continue
        for el in ET.fromstring(data).iter():
            href = el.get("href") or ""
            if "#" in href and not href.startswith(("http", "mailto")):
                file, frag = href.split("#", 1)
                target = file or name.rsplit("/", 1)[-1]
                assert frag in ids.get(target, set()), (name, href)


@pytest.mark.slow
def test_metadata_escaped_in_package_and_nav(book):
    files = epub_files(book[0])
    opf = next(v for k, v in files.items() if k.endswith(".opf"))
    root = ET.fromstring(opf)
    text = "".join(root.itertext())
    assert TITLE in text and "Ed <script>" in text
    assert "A description with <p> & ]]> {% d %}" in text
    nav = _text(files["EPUB/nav.xhtml"])
    assert f"library {TITLE}" in nav


@pytest.mark.slow
def test_markup_is_text_in_the_pdf(book):
    text = re.sub(r"\s+", " ", " ".join(pdf_pages_text(book[1])))
    for s in MARKUP:
        assert text.count(s) >= len(SOURCES), s
    for s in PLAIN_MD:
        assert text.count(s) >= 2, s
    assert TITLE in text


@pytest.mark.slow
def test_epub_validates(book):
    assert epubcheck(book[0]) == []


@pytest.mark.slow
def test_markup_is_text_in_the_introduction(book):
    files = epub_files(book[0])
    name = next(n for n, d in files.items() if n.endswith(".xhtml")
                and b"An introduction with" in d)
    root = ET.fromstring(files[name])
    assert "script" not in {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    text = _text(files[name])
    assert "Intro <script>x</script> & {{ i }}" in text
    for s in MARKUP:
        assert s in text, s


def test_introduction_problems_are_reported(tmp_path, capsys):
    root = tmp_path / "b"
    root.mkdir()
    (root / "a.txt").write_text(SOURCES["afaq"][1])
    (root / "intro.md").write_text("# Intro\n\nA call without a note.[^4] "
                                   "And [words]{% lost here %} in a span.\n")
    (root / "manifest.yaml").write_text(MANIFEST.format(
        title="T", chapters="  - id: afaq\n    source: a.txt\n    format: "
        "afaq-text"))
    status = main(["check", str(root / "manifest.yaml"), "--no-cache",
                   "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "intro.md:3: warning[MD002]" in err
    assert "intro.md:3: warning[MD006]: attribute comment left out" in err
