"""Sources given as URLs: downloaded once, locked, read offline after.

A chapter's ``source: https://...`` is fetched the first time the manifest
is read into ``sources/`` beside the manifest, and recorded in
``sources.lock.json`` (URL, local file, retrieval date, size, SHA-256,
content type).  From then on every command reads the local copy and never
touches the network; ``--refresh`` fetches every URL again and says what
changed.  A local copy that no longer matches its lock (edited by hand) is
reported, not silently replaced.

Downloads use the standard library (``urllib.request``) with a timeout, a
size limit and a clear :class:`~pamphleteer.errors.InputError` for every
failure (no such host, refused, timeout, HTTP error, too large).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import tempfile
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import InputError
from .sources import MAX_BYTES

LOCK_NAME = "sources.lock.json"
"""The lock file, beside the manifest."""
FOLDER = "sources"
"""Where downloaded copies go, beside the manifest."""
TIMEOUT = 30.0
"""Seconds to wait for a server before giving up."""
# Extensions a content type implies when the URL has none.
_EXT_OF_TYPE = {
    "text/plain": ".txt", "text/html": ".html", "application/xhtml+xml":
    ".xhtml", "application/epub+zip": ".epub", "application/pdf": ".pdf",
    "text/markdown": ".md", "text/x-markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml."
    "document": ".docx", "application/vnd.oasis.opendocument.text": ".odt",
}
_KNOWN_EXT = re.compile(r"\.(txt|html?|xhtml|epub|pdf|md|markdown|muse|docx|"
                        r"odt|rst|org|tex)$", re.IGNORECASE)


def is_url(text: str) -> bool:
    """True when a manifest's ``source`` is an http(s) URL."""
    return bool(re.match(r"^https?://", text.strip(), re.IGNORECASE))


def check_url(url: str) -> str:
    """Why ``url`` cannot be fetched ('' when it can)."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError as e:
        return f"is not a usable URL ({e})"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "is not an http or https URL with a host"
    if any(ord(c) < 33 for c in url.strip()):
        return "holds spaces or control characters; percent-encode them"
    return ""


@dataclass(frozen=True)
class Locked:
    """One downloaded source as the lock records it."""

    url: str
    """The URL as written in the manifest."""
    file: str
    """The local copy, relative to the manifest's folder."""
    retrieved: str
    """When it was downloaded, ``YYYY-MM-DDThh:mm:ssZ`` (UTC)."""
    size: int
    """Bytes."""
    sha256: str
    """SHA-256 of the bytes, hex."""
    content_type: str = ""
    """The server's Content-Type, without parameters."""
    final_url: str = ""
    """Where redirects ended, when elsewhere."""

    @property
    def date(self) -> str:
        """The retrieval date alone (``2026-12-06``)."""
        return self.retrieved[:10]


def _lock_path(folder: Path) -> Path:
    return folder / LOCK_NAME


def read_lock(folder: Path) -> dict[str, Locked]:
    """The lock beside a manifest (empty when there is none)."""
    path = _lock_path(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot be read ({e}); delete it to "
                         "download the sources again") from None
    out: dict[str, Locked] = {}
    try:
        for item in data.get("sources", []):
            entry = Locked(**item)
            out[entry.url] = entry
    except (TypeError, AttributeError) as e:
        raise InputError(f"{path}: not a pamphleteer lock file ({e}); "
                         "delete it to download the sources again") from None
    return out


def write_lock(folder: Path, entries: dict[str, Locked]) -> None:
    """Write the lock atomically, entries sorted by URL."""
    data = {"generator": f"pamphleteer {__version__}",
            "sources": [asdict(entries[u]) for u in sorted(entries)]}
    _atomic(_lock_path(folder), (json.dumps(data, indent=2,
                                            ensure_ascii=False) + "\n")
            .encode("utf-8"))


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                               suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_name(url: str, content_type: str = "") -> str:
    """The local file name of a URL: its last path segment (or host),
    made safe, then 8 hex digits of the URL's hash, keeping a known
    extension (or one from the content type)."""
    parts = urllib.parse.urlsplit(url)
    last = urllib.parse.unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    m = _KNOWN_EXT.search(last)
    ext = m.group(0).lower() if m else _EXT_OF_TYPE.get(content_type, "")
    stem = last[:m.start()] if m else last
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem or parts.netloc).strip(
        "-.")[:60] or "source"
    tag = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{FOLDER}/{stem}-{tag}{ext}"


def local_path(folder: Path, url: str) -> Path:
    """Where the copy of ``url`` is (or will be), by the lock if it
    knows the URL."""
    entry = read_lock(folder).get(url)
    rel = entry.file if entry else default_name(url)
    return (folder / rel).resolve()


def download(url: str, timeout: float = TIMEOUT,
             max_bytes: int = MAX_BYTES) -> tuple[bytes, str, str]:
    """``(data, content_type, final_url)``; InputError on any failure."""
    # Imported here: urllib.request brings http.client, email and ssl
    # (40 ms), which a manifest's check (``is_url``) and a warm no-op
    # rebuild never use.
    import urllib.error
    import urllib.request

    why = check_url(url)
    if why:
        raise InputError(f"{url}: {why}")
    request = urllib.request.Request(url, headers={
        "User-Agent": f"pamphleteer/{__version__} (+anthology builder)",
        "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(f"{url}: the server announces "
                                 f"{int(length) >> 20} MiB, over the "
                                 f"{max_bytes >> 20} MiB limit")
            data = resp.read(max_bytes + 1)
            ctype = (resp.headers.get_content_type() or "").lower()
            final = resp.geturl()
    except urllib.error.HTTPError as e:
        raise InputError(f"{url}: the server answered {e.code} "
                         f"{e.reason}; check the address") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise InputError(f"{url}: no answer within {timeout:g} s; try "
                             "again later") from None
        raise InputError(f"{url}: cannot be reached ({reason}); check the "
                         "address and the network, or download the file "
                         "yourself and give its path") from None
    except TimeoutError:
        raise InputError(f"{url}: no answer within {timeout:g} s; try again "
                         "later") from None
    except (OSError, ValueError) as e:
        raise InputError(f"{url}: download failed ({e})") from None
    if len(data) > max_bytes:
        raise InputError(f"{url}: larger than {max_bytes >> 20} MiB; "
                         "split the text into several chapters")
    if not data:
        raise InputError(f"{url}: the server sent nothing")
    return data, ctype, final if final != url else ""


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Fetched:
    """What :func:`ensure` did for one URL."""

    entry: Locked
    """The lock's record."""
    path: Path
    """The local copy."""
    action: str
    """``downloaded``, ``kept`` (read offline), ``unchanged`` or
    ``changed`` (after a refresh)."""
    message: str = ""
    """A sentence for the user when something happened."""


def ensure(folder: Path, url: str, *, refresh: bool = False,
           timeout: float = TIMEOUT,
           fetch: Callable[..., tuple[bytes, str, str]] | None = None,
           ) -> Fetched:
    """The local copy of ``url``: downloaded when missing (or on
    ``refresh``), else read as it is; the lock kept up to date."""
    fetch = fetch or download
    lock = read_lock(folder)
    old = lock.get(url)
    if old is not None and not refresh:
        path = (folder / old.file).resolve()
        if path.is_file():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != old.sha256:
                return Fetched(old, path, "kept", (
                    f"{old.file}: the local copy of {url} differs from the "
                    f"one downloaded on {old.date} (edited by hand?); it is "
                    "used as it is; `--refresh` downloads it again"))
            return Fetched(old, path, "kept")
    data, ctype, final = fetch(url, timeout=timeout)
    rel = old.file if old else default_name(url, ctype)
    entry = Locked(url=url, file=rel, retrieved=_now(), size=len(data),
                   sha256=hashlib.sha256(data).hexdigest(),
                   content_type=ctype, final_url=final)
    path = (folder / rel).resolve()
    _atomic(path, data)
    lock[url] = entry
    write_lock(folder, lock)
    if old is None:
        return Fetched(entry, path, "downloaded",
                       f"downloaded {url} to {rel} ({len(data)} bytes)")
    if old.sha256 == entry.sha256:
        return Fetched(entry, path, "unchanged",
                       f"{url}: unchanged since {old.date}")
    return Fetched(entry, path, "changed", (
        f"{url}: changed since {old.date} ({old.size} bytes, now "
        f"{entry.size}; sha256 {old.sha256[:12]}… now "
        f"{entry.sha256[:12]}…); {rel} replaced"))


def url_problem(folder: Path, url: str) -> str:
    """Why a URL source cannot be used ('' when its local copy is there,
    downloading it the first time)."""
    import logging

    why = check_url(url)
    if why:
        return why
    try:
        done = ensure(folder, url)
    except InputError as e:
        return str(e)
    if done.message:
        logging.getLogger(__name__).warning("%s", done.message)
    return ""


def refresh_all(folder: Path, urls: list[str],
                fetch: Callable[..., tuple[bytes, str, str]] | None = None,
                ) -> list[Fetched]:
    """Fetch every URL again (``--refresh``) and say what changed."""
    return [ensure(folder, u, refresh=True, fetch=fetch) for u in urls]


def retrieval_date(folder: Path, url: str) -> str:
    """The date the lock says ``url`` was downloaded, '' when unknown."""
    entry = read_lock(folder).get(url)
    return entry.date if entry else ""
