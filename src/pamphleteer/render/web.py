"""The web edition: a book or pamphlet as HTML pages to read online.

The pages are the EPUB's sections (:class:`~pamphleteer.render.views.Renderer`
in ``aside`` mode: the same templates, the same XHTML from
:mod:`pamphleteer.render.xhtml`), each wrapped in an HTML5 page
(``templates/web.html.j2``) with ``styles/base.css`` and ``styles/web.css``
and one small script (``web.js``): notes open beside their call and link
back; without the script a note call is a link to the note and the note's
label a link back.  Nothing is fetched from elsewhere: the pages work opened
from the files.
"""

from __future__ import annotations

import io
import re
import zipfile
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterable

from markupsafe import Markup

from ..files import atomic_write, part_prefix
from .cover import cover_text
from .views import STYLES, Renderer, environment

HOME: ContextVar[str | None] = ContextVar("web_home", default=None)
"""Relative address of a catalogue site above the web edition being
written (set by the catalogue's task); None for a book of its own."""

WEB_FOLDER_SUFFIX = "-web"
PAGE_CONTENTS = "index.html"

_EPUB_ATTR = re.compile(r' epub:type="[^"]*"')
"""Our templates' ``epub:type`` attributes (EPUB vocabulary; the HTML pages
keep the equivalent ARIA roles)."""

_MEDIA = {".epub": "application/epub+zip", ".pdf": "application/pdf",
          ".png": "image/png", ".json": "application/json"}


def page_name(xhtml_file: str) -> str:
    """The web page of an EPUB file: ``x.xhtml`` -> ``x.html``; the book's
    index becomes ``book-index.html`` (``index.html`` is the contents)."""
    stem = xhtml_file.rsplit(".", 1)[0]
    if stem == "index":
        return "book-index.html"
    if stem == "nav":
        return PAGE_CONTENTS
    return stem + ".html"


class _WebRenderer(Renderer):
    """The EPUB's renderer with links between the web pages."""

    def href(self, anchor: str) -> str:
        file = self.file_of.get(anchor, "")
        if not file or file == self.current_file:
            return f"#{anchor}"
        return f"{page_name(file)}#{anchor}"


def _html(markup: str) -> Markup:
    return Markup(_EPUB_ATTR.sub("", str(markup)))


def _downloads(artifacts: Iterable[Any], folder: Path) -> list[dict]:
    """The build's other files, linked from the web edition."""
    out = []
    for a in artifacts:
        p = Path(a.path)
        if a.kind in ("web", "json") or p.suffix not in _MEDIA:
            continue
        rel = "../" + p.name if p.parent == folder.parent else p.name
        out.append({"href": rel, "label": label_of(a.kind, p.name),
                    "purpose": a.purpose, "size": _size(p)})
    return out


def label_of(kind: str, name: str) -> str:
    """What a download is called on a page."""
    if kind == "epub":
        return "EPUB"
    if kind == "booklet":
        sheet = re.search(r"booklet-([a-z0-9]+)\.pdf$", name)
        return f"Booklet ({sheet.group(1).upper()})" if sheet else "Booklet"
    if kind == "cover":
        return "Cover image" if name.endswith(".png") else "Cover (PDF)"
    if kind in ("pdf", "pamphlet"):
        return "PDF (booklet pages)" if "booklet-pages" in name else "PDF"
    return name


def _size(p: Path) -> str:
    try:
        n = float(p.stat().st_size)
    except OSError:
        return ""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return ""


def write_web_edition(book: Any, folder: Path, *, book_dir: Path | None,
                      artifacts: Iterable[Any] = ()) -> Path:
    """Write the web edition of ``book`` into ``folder``; return its
    contents page.  The pages are written into a temporary folder beside
    it, which then takes its place whole (no page of an earlier build is
    left behind, and a failed build leaves the earlier folder as it was)."""
    import os
    import shutil
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=part_prefix(folder.name),
                                suffix=".part", dir=folder.parent))
    try:
        _write_pages(book, tmp, book_dir=book_dir, artifacts=artifacts,
                     downloads_from=folder)
        os.chmod(tmp, 0o755)
        old = None
        if folder.exists():
            old = folder.with_name(tmp.name + ".old")
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder / PAGE_CONTENTS


def _write_pages(book: Any, folder: Path, *, book_dir: Path | None,
                 artifacts: Iterable[Any], downloads_from: Path) -> None:
    """Every page, the style sheets and the script into ``folder``."""
    renderer = _WebRenderer(book, mode="aside", book_dir=book_dir)
    sections = renderer.sections()
    env = environment(book_dir)
    page = env.get_template("web.html.j2")
    home = HOME.get()
    downloads = _downloads(artifacts, downloads_from)
    cover = next((d for d in downloads if d["href"].endswith(".png")), None)
    shown = [s for s in sections if s.kind != "titlepage"]
    names = [page_name(s.file) for s in shown]
    authors = []
    for ch in book.chapters:
        authors += [a for a in ch.authors if a not in authors]
    common = {"book": book, "home": home, "contents_href": PAGE_CONTENTS,
              "language": book.language, "downloads": downloads}
    for i, sec in enumerate(shown):
        prev = {"href": names[i - 1], "title": shown[i - 1].title} if i else \
            {"href": PAGE_CONTENTS, "title": "Contents"}
        nxt = {"href": names[i + 1], "title": shown[i + 1].title} \
            if i + 1 < len(shown) else None
        body = _html(sec.body)
        html = page.render(page_title=sec.title, body=body, kind=sec.kind,
                           prev=prev, next=nxt,
                           heading="<h1" not in body, **common)
        atomic_write(folder / names[i], html)
    t = cover_text(book)
    alt = ". ".join(x for x in (t.title, t.subtitle, t.byline
                                or ", ".join(t.authors)) if x.strip())
    contents = [{"href": n, "title": s.title, "byline": s.byline,
                 "kind": s.kind} for n, s in zip(names, shown)
                if s.kind != "copyright-page"]
    colophon = next((n for n, s in zip(names, shown)
                     if s.kind == "copyright-page"), None)
    html = env.get_template("web-contents.html.j2").render(
        page_title=book.title, authors=authors, contents=contents,
        colophon=colophon, cover=cover, cover_alt=alt, kind="contents",
        prev=None, next={"href": names[0], "title": shown[0].title}
        if names else None, **common)
    atomic_write(folder / PAGE_CONTENTS, html)
    for name in ("base.css", "web.css"):
        atomic_write(folder / "css" / name, (STYLES / name).read_bytes())
    atomic_write(folder / "js" / "web.js", (STYLES / "web.js").read_bytes())




def zip_folder(folder: Path, when: tuple[int, ...]) -> bytes:
    """The web edition as one ZIP (for a release's downloads): names in
    order under the folder's name, fixed times, so that two builds with
    the same SOURCE_DATE_EPOCH give the same bytes."""
    buf = io.BytesIO()
    y, mo, d, h, mi, s = (max(a, b) for a, b in
                          zip(when[:6], (1980, 1, 1, 0, 0, 0)))
    stamp = (y, mo, d, h, mi, s)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                info = zipfile.ZipInfo(f"{folder.name}/"
                                       f"{p.relative_to(folder).as_posix()}",
                                       date_time=stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, p.read_bytes())
    return buf.getvalue()
