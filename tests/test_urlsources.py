"""URL sources: downloaded once, locked, read offline, refreshed on demand.

Every test talks to an HTTP server of its own on 127.0.0.1 (no other
network is touched).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pamphleteer.assembly import assemble
from pamphleteer.errors import InputError, ManifestError
from pamphleteer.manifest import load_manifest
from pamphleteer.urlsources import (LOCK_NAME, download, ensure, is_url,
                                    read_lock, refresh_all)

FIXTURE = Path(__file__).parent / "fixtures" / "gutenberg" / \
    "en_nowhere_2007.txt"


class _Handler(SimpleHTTPRequestHandler):
    slow = 0.0

    def do_GET(self):  # noqa: N802
        if self.path.startswith("/slow"):
            time.sleep(2)
        return super().do_GET()

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    (root / "nowhere.txt").write_bytes(FIXTURE.read_bytes())

    def handler(*a, **k):
        return _Handler(*a, directory=str(root), **k)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _manifest(folder: Path, url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.yaml"
    path.write_text(f"""book:
  title: "Remote"
  identifier: "urn:uuid:00000000-0000-4000-8000-000000000002"
  date: 2026-01-01
chapters:
  - id: nowhere
    source: {url}
back:
  index: ""
  bibliography: false
""", encoding="utf-8")
    return path


def test_is_url():
    assert is_url("https://example.org/a.txt")
    assert is_url("HTTP://example.org")
    assert not is_url("texts/a.txt")
    assert not is_url("ftp://example.org/a.txt")


@pytest.mark.slow
def test_downloaded_once_then_offline(server, tmp_path):
    root, base = server
    url = f"{base}/nowhere.txt"
    path = _manifest(tmp_path / "book", url)
    m = load_manifest(path)
    lock = json.loads((tmp_path / "book" / LOCK_NAME).read_text())
    (entry,) = lock["sources"]
    data = FIXTURE.read_bytes()
    assert entry["url"] == url
    assert entry["size"] == len(data)
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["file"].startswith("sources/nowhere-")
    assert entry["retrieved"].endswith("Z")
    local = m.resolve(url)
    assert local.read_bytes() == data
    # The server goes away: the book still builds from the local copy.
    (root / "nowhere.txt").unlink()
    m2 = load_manifest(path)
    book = assemble(m2)
    ch = book.chapters[0]
    assert ch.title == "News from Nowhere"
    assert ch.source_url == url
    assert ch.retrieved == entry["retrieved"][:10]
    assert ch.language == "en"


def test_refresh_says_what_changed(server, tmp_path):
    root, base = server
    url = f"{base}/nowhere.txt"
    folder = tmp_path / "book"
    folder.mkdir()
    first = ensure(folder, url)
    assert first.action == "downloaded"
    (again,) = refresh_all(folder, [url])
    assert again.action == "unchanged" and "unchanged" in again.message
    (root / "nowhere.txt").write_bytes(FIXTURE.read_bytes() + b"\r\nMore.\r\n")
    (changed,) = refresh_all(folder, [url])
    assert changed.action == "changed"
    assert "changed since" in changed.message
    assert read_lock(folder)[url].size == FIXTURE.stat().st_size + 9
    # Without --refresh, the copy is read as it is; an edited copy is said.
    local = folder / read_lock(folder)[url].file
    local.write_bytes(b"edited")
    kept = ensure(folder, url)
    assert kept.action == "kept" and "differs" in kept.message


def test_http_error_is_clear(server, tmp_path):
    _, base = server
    path = _manifest(tmp_path / "book", f"{base}/missing.txt")
    with pytest.raises(ManifestError) as e:
        load_manifest(path)
    text = str(e.value) + " ".join(getattr(e.value, "problems", []) or [])
    assert "404" in text
    assert not (tmp_path / "book" / LOCK_NAME).exists()


def test_refused_and_timeout(server, tmp_path):
    _, base = server
    with pytest.raises(InputError, match="cannot be reached"):
        download("http://127.0.0.1:9/none.txt", timeout=2)
    with pytest.raises(InputError, match="no answer within"):
        download(f"{base}/slow/nowhere.txt", timeout=0.5)


def test_bad_url_refused():
    with pytest.raises(InputError, match="http or https"):
        download("https:///nohost")


@pytest.mark.slow
def test_clean_a_url(server, tmp_path, capsys):
    from pamphleteer.cli import main

    _, base = server
    out = tmp_path / "n.md"
    assert main(["clean", f"{base}/nowhere.txt", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: News from Nowhere")
    assert "detected format gutenberg" in capsys.readouterr().err


def test_add_a_url(server, tmp_path):
    from pamphleteer.adding import add_source

    _, base = server
    url = f"{base}/nowhere.txt"
    folder = tmp_path / "book"
    path = _manifest(folder, url)
    path.write_text(path.read_text().replace(
        f"  - id: nowhere\n    source: {url}\n", "  - id: other\n"
        "    source: other.txt\n"), encoding="utf-8")
    (folder / "other.txt").write_text("x", encoding="utf-8")
    added = add_source(url, path)
    assert added.entry["source"] == url
    assert added.entry["title"] == "News from Nowhere"
    assert any("downloaded" in line for line in added.found)
    assert url in read_lock(folder)
