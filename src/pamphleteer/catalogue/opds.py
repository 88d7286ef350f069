"""The OPDS 1.2 catalogue: Atom feeds e-reader apps browse and download from.

``opds/root.xml`` is the catalogue root, a navigation feed leading to:

- ``opds/titles.xml``: every text by title (an acquisition feed);
- ``opds/new.xml``: the newest texts first (``http://opds-spec.org/sort/new``);
- ``opds/authors.xml``, ``opds/topics.xml``, ``opds/languages.xml``:
  navigation feeds with one acquisition feed per author, topic and language
  (``opds/author/<slug>.xml``...).

Every entry carries the text's title, authors, language (``dc:language``),
its date (``dc:issued``), the time it was published in its library
(``atom:published``, the date apps show), topics (``atom:category``),
summary, cover and thumbnail
(``http://opds-spec.org/image``), its web edition (``alternate``) and an
open-access acquisition link for every format built (``http://opds-spec.org/
acquisition/open-access``).  Acquisition feeds are paged
(:data:`PAGE_SIZE` entries, ``first``/``previous``/``next``/``last`` links).
Links are relative to each feed unless the catalogue has a ``base_url``.
The feeds validate against the OPDS 1.2 RELAX NG schema (with the Atom
schema of RFC 4287 it includes), and the tests browse them with the OPDS
parsers of reading apps (``scripts/opds-client.sh``, docs/catalogue.md).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from lxml import etree

from ..files import atomic_write
from ..text import slugify
from .web import label_of, sort_key

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
THR = "http://purl.org/syndication/thread/1.0"
NSMAP = {None: ATOM, "dc": DC, "opds": OPDS, "thr": THR}

NAV = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQ = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ENTRY = "application/atom+xml;type=entry;profile=opds-catalog"
REL_ACQ = "http://opds-spec.org/acquisition/open-access"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMB = "http://opds-spec.org/image/thumbnail"
REL_NEW = "http://opds-spec.org/sort/new"

PAGE_SIZE = 100
"""Entries per page of an acquisition feed."""
NEWEST = 100
"""Texts in the newest feed."""

_MEDIA = {".epub": "application/epub+zip", ".pdf": "application/pdf",
          ".png": "image/png", ".html": "text/html"}


def _a(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


@dataclass
class _Feed:
    path: str
    """Relative to the output folder (``opds/titles.xml``)."""
    title: str
    kind: str
    """``navigation`` or ``acquisition``."""


class Writer:
    """Builds the feeds of one catalogue."""

    def __init__(self, out: Path, meta: Any, updated: str):
        self.out = out
        self.meta = meta
        self.updated = updated
        self.base = meta.base_url.rstrip("/") + "/" if meta.base_url else ""
        self.ns = meta.identifier or meta.title or "pamphleteer"

    # ---- links
    def href(self, target: str, feed: str) -> str:
        """``target`` (relative to the output folder) as seen from the feed
        at ``feed``: absolute with a base URL, else relative."""
        if self.base:
            return self.base + target
        depth = feed.count("/")
        return "../" * depth + target

    def feed_id(self, path: str) -> str:
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL,
                                            f"{self.ns}/opds/{path}"))

    # ---- elements
    def feed(self, path: str, title: str, kind: str, *,
             up: str | None = None, subtitle: str = "") -> etree._Element:
        # lxml-stubs 0.5 types nsmap keys as str, but lxml takes None for
        # the default namespace (Atom here).
        f = etree.Element(_a("feed"), nsmap=NSMAP)  # type: ignore[arg-type]
        etree.SubElement(f, _a("id")).text = self.feed_id(path)
        etree.SubElement(f, _a("title")).text = title
        if subtitle:
            etree.SubElement(f, _a("subtitle")).text = subtitle
        etree.SubElement(f, _a("updated")).text = self.updated
        author = etree.SubElement(f, _a("author"))
        etree.SubElement(author, _a("name")).text = \
            self.meta.publisher or self.meta.title
        self.link(f, "self", path, path, NAV if kind == "navigation" else ACQ)
        self.link(f, "start", "opds/root.xml", path, NAV, title=self.meta.title)
        if up:
            self.link(f, "up", up, path, NAV)
        self.link(f, "alternate", "index.html", path, "text/html",
                  title="The catalogue's web site")
        return f

    def link(self, parent: etree._Element, rel: str, target: str, feed: str,
             type_: str, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, _a("link"), rel=rel,
                              href=self.href(target, feed), type=type_)
        for k, v in attrs.items():
            if v:
                el.set(k, v)
        return el

    def nav_entry(self, feed: etree._Element, feed_path: str, title: str,
                  target: str, kind: str, content: str, rel: str = "subsection",
                  count: int | None = None) -> None:
        e = etree.SubElement(feed, _a("entry"))
        etree.SubElement(e, _a("title")).text = title
        etree.SubElement(e, _a("id")).text = self.feed_id(target)
        etree.SubElement(e, _a("updated")).text = self.updated
        link = self.link(e, rel, target, feed_path,
                         NAV if kind == "navigation" else ACQ)
        if count is not None:
            link.set(f"{{{THR}}}count",
                     str(count))
        etree.SubElement(e, _a("content"), type="text").text = content

    def book_entry(self, parent: etree._Element, feed_path: str,
                   m: dict) -> None:
        e = etree.SubElement(parent, _a("entry"))
        title = m["title"] + (f": {m['subtitle']}" if m.get("subtitle")
                              else "")
        etree.SubElement(e, _a("title")).text = title
        etree.SubElement(e, _a("id")).text = m["identifier"]
        etree.SubElement(e, _a("updated")).text = m.get("updated") or \
            self.updated
        if m.get("published"):
            # The date apps show (Thorium reads atom:published, not
            # dc:issued): when the text was published in its library.
            etree.SubElement(e, _a("published")).text = m["published"]
        for name in m.get("authors", []):
            a = etree.SubElement(e, _a("author"))
            etree.SubElement(a, _a("name")).text = name
        if m.get("language"):
            etree.SubElement(e, f"{{{DC}}}language").text = m["language"]
        issued = _issued(m.get("date", ""))
        if issued:
            etree.SubElement(e, f"{{{DC}}}issued").text = issued
        if self.meta.publisher:
            etree.SubElement(e, f"{{{DC}}}publisher").text = \
                self.meta.publisher
        for t in m.get("topics", []):
            etree.SubElement(e, _a("category"), term=t, label=t)
        if m.get("summary"):
            etree.SubElement(e, _a("summary"), type="text").text = m["summary"]
        base = f"texts/{m['id']}/"
        web = None
        for f in m.get("files", []):
            name, kind = f["name"], f["kind"]
            media = _MEDIA.get(Path(name).suffix.lower())
            if kind == "web":
                web = base + name
            elif kind == "cover" and media == "image/png":
                self.link(e, REL_IMAGE, base + name, feed_path, media)
                self.link(e, REL_THUMB, base + name, feed_path, media)
            elif kind in ("epub", "pdf", "pamphlet", "booklet") and media:
                self.link(e, REL_ACQ, base + name, feed_path, media,
                          title=_acq_title(kind, name), length=str(f["size"]))
        if web:
            self.link(e, "alternate", web, feed_path, "text/html",
                      title="Read online")
        else:
            etree.SubElement(e, _a("content"), type="text").text = \
                m.get("summary") or title

    # ---- writing
    def write(self, path: str, feed: etree._Element) -> Path:
        data = etree.tostring(feed, xml_declaration=True, encoding="utf-8",
                              pretty_print=True)
        target = self.out / path
        atomic_write(target, data)
        return target

    def acquisition(self, path: str, title: str, items: list[dict], *,
                    up: str, sort_new: bool = False) -> int:
        """An acquisition feed, paged; returns its number of pages."""
        pages = [items[i:i + PAGE_SIZE]
                 for i in range(0, len(items), PAGE_SIZE)] or [[]]
        names = [path if i == 0 else re.sub(r"\.xml$", f"-{i + 1}.xml", path)
                 for i in range(len(pages))]
        for i, chunk in enumerate(pages):
            label = title if len(pages) == 1 else \
                f"{title} ({i + 1} of {len(pages)})"
            f = self.feed(names[i], label, "acquisition", up=up)
            if sort_new:
                self.link(f, REL_NEW, path, names[i], ACQ)
            if len(pages) > 1:
                self.link(f, "first", names[0], names[i], ACQ)
                self.link(f, "last", names[-1], names[i], ACQ)
                if i:
                    self.link(f, "previous", names[i - 1], names[i], ACQ)
                if i + 1 < len(pages):
                    self.link(f, "next", names[i + 1], names[i], ACQ)
            for m in chunk:
                self.book_entry(f, names[i], m)
            self.write(names[i], f)
        return len(pages)


def _acq_title(kind: str, name: str) -> str:
    return label_of(kind, name)


def _release_label(rf: Any) -> str:
    """A release file's download label: the format's name, as in the
    catalogue's feeds ("EPUB", "PDF (screen)", "Booklet (A4)"); apps show
    it on a button, where the download page's sentence does not fit."""
    label = label_of(rf.format, rf.name)
    if label == "PDF" and rf.profile:
        return f"PDF ({rf.profile})"
    return label


def _issued(date: str) -> str:
    """A W3C date (``1871``, ``1871-03``, ``1871-03-18``) from a text's
    date, or '' when it is not one."""
    m = re.match(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\b", date or "")
    if not m:
        m2 = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", date or "")
        return m2.group(1) if m2 else ""
    return "-".join(g for g in m.groups() if g)


def _group(markers: Iterable[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for m in markers:
        values = m.get(key) or []
        if isinstance(values, str):
            values = [values] if values else []
        for v in values:
            groups.setdefault(v, []).append(m)
    return groups


def _slug(text: str, used: set[str]) -> str:
    base = slugify(text)
    if base == "untitled":
        base = "x-" + hashlib.sha256(text.encode()).hexdigest()[:10]
    s, k = base, 1
    while s in used:
        k += 1
        s = f"{base}-{k}"
    used.add(s)
    return s


def write_catalogue(out: Path, meta: Any, markers: list[dict]) -> Path:
    """Write every feed into ``out/opds/``; return the root feed."""
    updated = max((m.get("built", "") for m in markers), default="") or \
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    # A run rewrites the whole catalogue: feeds of authors or topics that
    # are gone must not linger.
    staging_old = out / "opds"
    for sub in ("author", "topic", "language"):
        shutil.rmtree(staging_old / sub, ignore_errors=True)
    for old in staging_old.glob("*.xml") if staging_old.is_dir() else ():
        old.unlink(missing_ok=True)
    w = Writer(out, meta, updated)
    by_title = sorted(markers, key=lambda m: (sort_key(m["title"]), m["id"]))
    newest = sorted(markers, key=lambda m: (m.get("updated", ""), m["id"]),
                    reverse=True)[:NEWEST]
    root = "opds/root.xml"
    w.acquisition("opds/titles.xml", f"{meta.title}: all texts by title",
                  by_title, up=root)
    w.acquisition("opds/new.xml", f"{meta.title}: newest texts", newest,
                  up=root, sort_new=True)
    sections = []
    for key, plural, singular, label in (
            ("authors", "authors", "author", "By author"),
            ("topics", "topics", "topic", "By topic"),
            ("language", "languages", "language", "By language")):
        groups = _group(markers, key)
        nav_path = f"opds/{plural}.xml"
        nav = w.feed(nav_path, f"{meta.title}: {label.lower()}", "navigation",
                     up=root)
        used: set[str] = set()
        for name in sorted(groups, key=sort_key):
            items = sorted(groups[name], key=lambda m: (sort_key(m["title"]),
                                                        m["id"]))
            path = f"opds/{singular}/{_slug(name, used)}.xml"
            w.acquisition(path, name, items, up=nav_path)
            w.nav_entry(nav, nav_path, name, path, "acquisition",
                        f"{len(items)} text{'s' if len(items) != 1 else ''}",
                        count=len(items))
        w.write(nav_path, nav)
        sections.append((label, nav_path, len(groups), plural))
    top = w.feed(root, meta.title, "navigation",
                 subtitle=meta.description)
    w.nav_entry(top, root, "All texts by title", "opds/titles.xml",
                "acquisition", f"Every text of the library ({len(markers)}), "
                "by title.", count=len(markers))
    w.nav_entry(top, root, "Newest", "opds/new.xml", "acquisition",
                "The texts most recently added or corrected.", rel=REL_NEW)
    for label, path, n, plural in sections:
        w.nav_entry(top, root, label, path, "navigation",
                    f"{n} {plural}.")
    return w.write(root, top)


def release_feed(data: dict, files: list[Any], updated: str) -> bytes:
    """A release's OPDS acquisition feed of one book (``opds.xml`` beside
    its ``index.html``): the book's entry with every file of the release."""
    # lxml-stubs 0.5 types nsmap keys as str, but lxml takes None for the
    # default namespace (Atom here).
    f = etree.Element(_a("feed"), nsmap=NSMAP)  # type: ignore[arg-type]
    ident = data.get("identifier") or "urn:pamphleteer:release"
    etree.SubElement(f, _a("id")).text = f"{ident}/release/{data['version']}"
    etree.SubElement(f, _a("title")).text = \
        f"{data['title']} (edition {data['version']})"
    etree.SubElement(f, _a("updated")).text = updated
    author = etree.SubElement(f, _a("author"))
    etree.SubElement(author, _a("name")).text = \
        data.get("publisher") or ", ".join(data.get("editors") or []) or \
        data["title"]
    etree.SubElement(f, _a("link"), rel="self", href="opds.xml", type=ACQ)
    etree.SubElement(f, _a("link"), rel="start", href="opds.xml", type=ACQ)
    e = etree.SubElement(f, _a("entry"))
    title = data["title"] + (f": {data['subtitle']}" if data.get("subtitle")
                             else "")
    etree.SubElement(e, _a("title")).text = title
    etree.SubElement(e, _a("id")).text = ident
    etree.SubElement(e, _a("updated")).text = updated
    # The editors are the book's creators, as its EPUB says
    # (dc:creator, role edt): apps show atom:author alone.
    for name in data.get("editors") or []:
        c = etree.SubElement(e, _a("author"))
        etree.SubElement(c, _a("name")).text = name
    if data.get("language"):
        etree.SubElement(e, f"{{{DC}}}language").text = data["language"]
    if data.get("publisher"):
        etree.SubElement(e, f"{{{DC}}}publisher").text = data["publisher"]
    issued = _issued(str(data.get("published", "")))
    if issued:
        etree.SubElement(e, f"{{{DC}}}issued").text = issued
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):
        # A day: the date apps show (atom:published, an RFC 3339 time).
        etree.SubElement(e, _a("published")).text = f"{issued}T00:00:00Z"
    if data.get("rights"):
        etree.SubElement(e, _a("rights")).text = data["rights"]
    if data.get("description"):
        etree.SubElement(e, _a("summary"), type="text").text = \
            " ".join(data["description"].split())
    cover = None
    for rf in files:
        media = _MEDIA.get(Path(rf.name).suffix.lower())
        if rf.format == "cover" and media == "image/png" and cover is None:
            cover = rf.name
            continue
        if rf.format in ("epub", "pdf", "booklet", "pamphlet") and media:
            link = etree.SubElement(e, _a("link"), rel=REL_ACQ, href=rf.name,
                                    type=media, length=str(rf.size))
            link.set("title", _release_label(rf))
    if cover:
        etree.SubElement(e, _a("link"), rel=REL_IMAGE, href=cover,
                         type="image/png")
        etree.SubElement(e, _a("link"), rel=REL_THUMB, href=cover,
                         type="image/png")
    etree.SubElement(e, _a("link"), rel="alternate", href="index.html",
                     type="text/html", title="The release's download page")
    return etree.tostring(f, xml_declaration=True, encoding="utf-8",
                          pretty_print=True)
