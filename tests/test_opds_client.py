"""The OPDS feeds as reading apps read them (docs/catalogue.md, "What an
app sees").

``scripts/opds-client.sh`` serves a catalogue over HTTP and browses it from
its root with the OPDS parsers of real apps (``tools/opds/browse.js``:
Readium's r2-opds-js, the parser of Thorium Reader, read with Thorium's and
KOReader's rules, and NYPL's opds-feed-parser): every navigation feed,
page, download, cover and thumbnail.  These tests run it on small
catalogues and a release; they skip without node and npm, unless the
environment variable CI is set (then they fail), as the Ace tests do.

The tests at the top need no node: they check the XML that made the
client's findings go away.
"""

from __future__ import annotations

import io
import re
import shutil
import socket
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import ROOT, opds_client
from pamphleteer.catalogue import engine, opds, spec, tasks
from pamphleteer.release import ReleaseFile

MUSE = ROOT / "tests" / "fixtures" / "catalogue" / "muse"
A = f"{{{opds.ATOM}}}"

PEOPLE = [("Peter Kropotkin", "The Conquest of Bread", ["economics"], "en",
           "2019-03-18 10:00:00 +0100"),
          ("Errico Malatesta", "At the Café", ["dialogue"], "it", ""),
          ("Emma Goldman", "Anarchism & Other Essays <1910>",
           ["feminism", "economics"], "en", "2020-05-01")]


def _rng() -> etree.RelaxNG:
    """The OPDS 1.2 schema (tests/fixtures/opds)."""
    return etree.RelaxNG(etree.parse(str(ROOT / "tests" / "fixtures" / "opds"
                                         / "opds.rng")))


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


def _epub() -> bytes:
    """A ZIP whose first entry, stored, is the EPUB's mimetype."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", "<container/>",
                   compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


FILES = {"epub": _epub, "pamphlet": _pdf, "booklet": _pdf, "cover": _png}


def _markers(out: Path, n: int) -> list[dict]:
    """``n`` texts as a run leaves them: folders with real file types and
    done-markers' fields."""
    markers = []
    for i in range(n):
        author, title, topics, lang, pubdate = PEOPLE[i % 3]
        tid = f"text-{i}"
        folder = out / "texts" / tid
        files = []
        for name, kind in ((f"lib-{tid}.epub", "epub"),
                           (f"lib-{tid}.pdf", "pamphlet"),
                           (f"lib-{tid}-booklet-a4.pdf", "booklet"),
                           (f"lib-{tid}-cover.png", "cover"),
                           (f"lib-{tid}-web/index.html", "web")):
            data = FILES[kind]() if kind in FILES else b"<!doctype html>"
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
            files.append({"name": name, "kind": kind, "size": len(data),
                          "purpose": ""})
        markers.append({
            "id": tid, "title": f"{title} {i}" if i >= 3 else title,
            "subtitle": "", "authors": [author], "language": lang,
            "topics": topics, "summary": f"What {title} says.",
            "identifier": f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
            "updated": f"2026-01-{(i % 28) + 1:02d}T00:00:00Z",
            "published": tasks._published(pubdate),
            "built": "2026-02-01T00:00:00Z", "date": "1892",
            "files": files})
    return markers


def _release(folder: Path, *, date: str = "2026-01-01") -> dict:
    """A release folder of one book (real file types) with its opds.xml;
    returns the release's data."""
    data = {"title": "Only from Below", "subtitle": "Critiques",
            "version": "1.0.0", "identifier": "urn:uuid:1234",
            "language": "en", "publisher": "P",
            "editors": ["Ann Editor", "Bo Editor"],
            "description": "A book.", "published": date,
            "rights": "Anti-copyright"}
    folder.mkdir(parents=True)
    files = []
    for name, fmt, profile, purpose, make in (
            ("b-1.0.0.epub", "epub", "", "E-readers, phones and tablets.",
             _epub),
            ("b-1.0.0.pdf", "pdf", "screen",
             "Reading on screen and printing single pages.", _pdf),
            ("b-1.0.0-booklet-a4.pdf", "booklet", "",
             "Home printing: 3 sheets of A4 paper, duplex, flip on the "
             "short edge; fold together and staple (the first sheet says "
             "how).", _pdf),
            ("b-1.0.0-cover.png", "cover", "", "", _png)):
        (folder / name).write_bytes(make())
        files.append(ReleaseFile(name, len(make()), "0" * 64, fmt, profile,
                                 purpose))
    (folder / "index.html").write_text("<!doctype html>")
    (folder / "opds.xml").write_bytes(
        opds.release_feed(data, files, "2026-02-01T00:00:00Z"))
    return data


# --------------------------------------------------------------------------
# The XML (no node needed)
# --------------------------------------------------------------------------

def test_a_texts_library_publication_date_is_in_utc():
    """Amusewiki's #pubdate, with or without time and offset, as the RFC
    3339 time atom:published needs; a year alone, or no date, is none."""
    assert tasks._published("2014-11-25 11:06:58 +0100") == \
        "2014-11-25T10:06:58Z"
    assert tasks._published("2017-05-24 11:03:41 +0200") == \
        "2017-05-24T09:03:41Z"
    assert tasks._published("2018-05-06") == "2018-05-06T00:00:00Z"
    assert tasks._published("2022-01-04T13:09:00") == "2022-01-04T13:09:00Z"
    assert tasks._published("2007") == ""
    assert tasks._published("2020-02-30") == ""
    assert tasks._published("") == ""


def test_entries_say_when_the_text_was_published(tmp_path):
    """Thorium shows atom:published as a publication's date and ignores
    dc:issued: an entry has it when its text says the day it was
    published, and no other."""
    out = tmp_path / "out"
    opds.write_catalogue(out, spec.CatalogueMeta(title="T"), _markers(out, 3))
    doc = etree.parse(str(out / "opds" / "titles.xml"))
    published = {e.findtext(f"{A}title"): e.findtext(f"{A}published")
                 for e in doc.iter(f"{A}entry")}
    assert published == {
        "Anarchism & Other Essays <1910>": "2020-05-01T00:00:00Z",
        "At the Café": None,
        "The Conquest of Bread": "2019-03-18T09:00:00Z"}
    assert _rng().validate(doc), _rng().error_log


def test_release_entry_names_its_editors_as_authors_with_short_labels(
        tmp_path):
    folder = tmp_path / "b-1.0.0"
    _release(folder)
    entry = etree.parse(str(folder / "opds.xml")).find(f"{A}entry")
    assert [a.findtext(f"{A}name") for a in entry.iter(f"{A}author")] == \
        ["Ann Editor", "Bo Editor"]
    assert entry.findtext(f"{A}published") == "2026-01-01T00:00:00Z"
    assert _rng().validate(etree.parse(str(folder / "opds.xml")))
    labels = [link.get("title") for link in entry.iter(f"{A}link")
              if link.get("rel") == opds.REL_ACQ]
    assert labels == ["EPUB", "PDF (screen)", "Booklet (A4)"]
    # A year alone is no day: dc:issued says it, atom:published is left out.
    folder2 = tmp_path / "b-2"
    _release(folder2, date="1892")
    entry = etree.parse(str(folder2 / "opds.xml")).find(f"{A}entry")
    assert entry.find(f"{{{opds.DC}}}issued").text == "1892"
    assert entry.find(f"{A}published") is None


# --------------------------------------------------------------------------
# The apps' parsers
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    """Runs scripts/opds-client.sh on a folder (tests/helpers.py)."""
    return opds_client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_app_browses_the_whole_catalogue(client, tmp_path, monkeypatch):
    """Five texts, pages of two: from the root, the apps' parsers reach
    every text by title, newest, author, topic and language, page after
    page, and see in each what an app shows and downloads."""
    monkeypatch.setattr(opds, "PAGE_SIZE", 2)
    out = tmp_path / "out"
    markers = _markers(out, 5)
    opds.write_catalogue(out, spec.CatalogueMeta(title="T", publisher="D"),
                         markers)
    (out / "index.html").write_text("<!doctype html>")
    rc, report, err = client(out)
    assert rc == 0, err
    assert report["problems"] == []
    feeds = report["feeds"]
    assert feeds["root.xml"]["kind"] == "navigation"
    assert feeds["root.xml"]["navigation"] == 5
    # Every page of every list was reached through next links.
    assert {"titles.xml", "titles-2.xml", "titles-3.xml", "new-3.xml",
            "topic/economics.xml", "topic/economics-2.xml",
            "language/en-2.xml", "author/peter-kropotkin.xml"} <= set(feeds)
    assert feeds["titles.xml"]["next"] == ["titles-2.xml"]
    pubs = report["publications"]
    assert sorted(pubs) == sorted(m["identifier"] for m in markers)
    bread = pubs["urn:uuid:00000000-0000-4000-8000-000000000000"]
    assert bread["title"] == "The Conquest of Bread"
    assert bread["authors"] == ["Peter Kropotkin"]
    assert bread["languages"] == ["en"]
    assert bread["published"] == "2019-03-18T09:00:00.000Z"
    assert bread["tags"] == ["economics"]
    assert [d["type"] for d in bread["downloads"]] == [
        "application/epub+zip", "application/pdf", "application/pdf"]
    assert [d["title"] for d in bread["downloads"]] == [
        "EPUB", "PDF", "Booklet (A4)"]
    assert bread["thumbnail"]["url"].endswith("/texts/text-0/lib-text-0-cover.png")
    assert len(bread["cover"]) == 1
    assert sorted(bread["feeds"]) == sorted([
        "titles-2.xml", "new-3.xml", "author/peter-kropotkin.xml",
        "topic/economics.xml", "language/en.xml"])
    # Malatesta's texts say no day of publication: no date, said as a note.
    assert any("At the Café" in n and "no date" in n for n in report["notes"])


def test_absolute_links_of_a_base_url_are_followed(client, tmp_path,
                                                   monkeypatch):
    monkeypatch.setattr(opds, "PAGE_SIZE", 2)
    port = _free_port()
    out = tmp_path / "out"
    meta = spec.CatalogueMeta(title="T", base_url=f"http://127.0.0.1:{port}/")
    opds.write_catalogue(out, meta, _markers(out, 3))
    (out / "index.html").write_text("<!doctype html>")
    rc, report, err = client(out, "opds/root.xml", "--port", str(port))
    assert rc == 0, err
    assert len(report["publications"]) == 3
    assert "titles-2.xml" in report["feeds"]


def test_the_client_finds_what_an_app_would_miss(client, tmp_path):
    """The check can fail: a download that is not what its type says, one
    whose file is gone, a link without a type, a count that lies, a page
    whose self link is another's, Atom under a prefix."""
    out = tmp_path / "out"
    opds.write_catalogue(out, spec.CatalogueMeta(title="T"), _markers(out, 3))
    (out / "index.html").write_text("<!doctype html>")
    (out / "texts" / "text-0" / "lib-text-0.epub").write_bytes(_pdf())
    (out / "texts" / "text-1" / "lib-text-1.pdf").unlink()
    titles = out / "opds" / "titles.xml"
    xml = titles.read_text()
    xml = xml.replace('type="image/png"/>', "/>", 1)
    titles.write_text(xml)
    root = out / "opds" / "root.xml"
    root.write_text(root.read_text().replace('thr:count="3"',
                                             'thr:count="4"'))
    topic = out / "opds" / "topic" / "dialogue.xml"
    topic.write_text(topic.read_text().replace(
        'rel="self" href="../../opds/topic/dialogue.xml"',
        'rel="self" href="../../opds/titles.xml"'))
    # The same feed with Atom under a prefix: valid XML, but KOReader reads
    # elements by their written names.
    authors = out / "opds" / "authors.xml"
    authors.write_text(re.sub(r"<(/?)([A-Za-z]+)(?=[\s>/])", r"<\1atom:\2",
                              authors.read_text().replace(
                                  'xmlns="', 'xmlns:atom="', 1)))
    assert etree.parse(str(authors)).getroot().tag == f"{A}feed"
    rc, report, err = client(out)
    assert rc == 1
    found = "\n".join(report["problems"])
    assert "authors.xml: the root element is atom:feed" in found
    assert "lib-text-0.epub: not a file of type application/epub+zip" in found
    assert "lib-text-1.pdf: HTTP 404" in found
    assert "has no type" in found
    assert "announces 4 items" in found
    assert "topic/dialogue.xml: its self link" in found


def test_an_app_reads_a_release(client, tmp_path):
    """`pamphleteer release`'s opds.xml: one book, its editors shown as its
    authors, its day of publication, every download with a short label."""
    folder = tmp_path / "b-1.0.0"
    data = _release(folder)
    rc, report, err = client(folder)
    assert rc == 0, err
    assert list(report["feeds"]) == ["opds.xml"]
    (book,) = report["publications"].values()
    assert book["title"] == "Only from Below: Critiques"
    assert book["authors"] == data["editors"]
    assert book["published"] == "2026-01-01T00:00:00.000Z"
    assert book["description"] == "A book."
    assert [d["title"] for d in book["downloads"]] == [
        "EPUB", "PDF (screen)", "Booklet (A4)"]
    assert book["thumbnail"]["url"].endswith("/b-1.0.0-cover.png")


@pytest.mark.slow
def test_an_app_browses_a_built_amusewiki_library(client, tmp_path):
    """Two real Muse texts built by `catalogue` on a local cluster: an app
    finds both, with their real files, authors and #pubdate; the text
    without #author is shown without one (a note, not invented)."""
    lib = tmp_path / "lib"
    for rel in ("w/ww/working-with-footnotes.muse", "m/mg/mirroring.muse"):
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MUSE / rel, lib / rel)
    out = tmp_path / "out"
    engine.run(spec.load_catalogue(lib), out, workers=1)
    rc, report, err = client(out)
    assert rc == 0, err
    pubs = {p["title"]: p for p in report["publications"].values()}
    assert set(pubs) == {"Working with footnotes",
                         "Mirroring a site running AmuseWiki"}
    notes = pubs["Working with footnotes"]
    assert notes["authors"] == ["Marco Pessotto"]
    # #pubdate 2017-05-24 11:03:41 +0200
    assert notes["published"] == "2017-05-24T09:03:41.000Z"
    assert [d["type"] for d in notes["downloads"]] == [
        "application/epub+zip", "application/pdf", "application/pdf"]
    assert notes["thumbnail"] and notes["languages"] == ["en"]
    mirror = pubs["Mirroring a site running AmuseWiki"]
    assert mirror["authors"] == []
    assert mirror["published"] == "2018-05-06T00:00:00.000Z"
    assert any("Mirroring" in n and "no author" in n for n in report["notes"])
