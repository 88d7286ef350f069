"""The web edition: a book or pamphlet as HTML pages, and the catalogue site.

The pages are the EPUB's sections (:class:`~pamphleteer.render.views.Renderer`
in ``aside`` mode: the same templates, the same XHTML from
:mod:`pamphleteer.render.xhtml`), each wrapped in an HTML5 page
(``templates/web.html.j2``) with ``styles/base.css`` and ``styles/web.css``
and one small script (``web.js``): notes open beside their call and link
back; without the script a note call is a link to the note and the note's
label a link back.  Nothing is fetched from elsewhere: the pages work opened
from the files.

The catalogue site (``index.html`` of a catalogue's output) lists every text
with its downloads, and a search by title, author and topic that runs in the
browser on an index kept in a script file (``catalogue-data.js``), so that it
works without a server.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterable

from markupsafe import Markup

from ..render.views import STYLES, Renderer, Section, environment

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
        n = p.stat().st_size
    except OSError:
        return ""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return ""


def write_web_edition(book: Any, folder: Path, *, book_dir: Path | None,
                      artifacts: Iterable[Any] = ()) -> Path:
    """Write the web edition of ``book`` into ``folder`` (each file through
    a temporary name and a rename); return its contents page."""
    from ..build import atomic_write
    from ..render.cover import cover_text

    renderer = _WebRenderer(book, mode="aside", book_dir=book_dir)
    sections = renderer.sections()
    env = environment(book_dir)
    page = env.get_template("web.html.j2")
    home = HOME.get()
    downloads = _downloads(artifacts, folder)
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
    index = folder / PAGE_CONTENTS
    atomic_write(index, html)
    for name in ("base.css", "web.css"):
        atomic_write(folder / "css" / name, (STYLES / name).read_bytes())
    atomic_write(folder / "js" / "web.js", (STYLES / "web.js").read_bytes())
    return index


# --------------------------------------------------------------------------
# The catalogue site
# --------------------------------------------------------------------------

def site_entries(markers: list[dict], out: Path) -> list[dict]:
    """Every built text as the site and its search index see it."""
    entries = []
    for m in markers:
        base = f"texts/{m['id']}/"
        files = m.get("files", [])
        web = next((f for f in files if f["kind"] == "web"), None)
        cover = next((f for f in files if f["kind"] == "cover"
                      and f["name"].endswith(".png")), None)
        downloads = [{"href": base + f["name"],
                      "label": label_of(f["kind"], f["name"]),
                      "size": _size(out / "texts" / m["id"] / f["name"]),
                      "purpose": f.get("purpose", "")}
                     for f in files if f["kind"] in ("epub", "pdf", "pamphlet",
                                                      "booklet", "cover")]
        entries.append({
            "id": m["id"], "title": m["title"], "subtitle": m.get("subtitle", ""),
            "authors": m.get("authors", []), "topics": m.get("topics", []),
            "language": m.get("language", ""), "date": m.get("date", ""),
            "summary": m.get("summary", ""), "updated": m.get("updated", ""),
            "read": base + web["name"] if web else "",
            "cover": base + cover["name"] if cover else "",
            "downloads": downloads})
    entries.sort(key=lambda e: (sort_key(e["title"]), e["id"]))
    return entries


def sort_key(text: str) -> str:
    """Titles and names sorted without case, accents or a leading
    article."""
    import unicodedata

    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore") \
        .decode().lower().strip() or text.lower()
    return re.sub(r"^(the|a|an|le|la|les|el|il|lo|der|die|das)\s+", "", t)


def write_site(out: Path, meta: Any, entries: list[dict], *,
               opds: str | None, report: str | None) -> Path:
    """The catalogue's ``index.html`` with its search (``site.js``) and
    index (``catalogue-data.js``)."""
    from ..build import atomic_write

    env = environment(None)
    languages = sorted({e["language"] for e in entries if e["language"]})
    topics = sorted({t for e in entries for t in e["topics"]}, key=sort_key)
    authors = sorted({a for e in entries for a in e["authors"]}, key=sort_key)
    html = env.get_template("web-catalogue.html.j2").render(
        meta=meta, entries=entries, languages=languages, topics=topics,
        authors=authors, opds=opds, report=report,
        language=meta.language or "en")
    data = [{"id": e["id"], "t": e["title"], "s": e["subtitle"],
             "a": e["authors"], "k": e["topics"], "l": e["language"]}
            for e in entries]
    script = ("/* The catalogue's search index, generated by pamphleteer. */\n"
              "window.PAMPHLETEER_CATALOGUE = "
              + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
              + ";\n")
    atomic_write(out / "catalogue-data.js", script)
    atomic_write(out / "site.js", (STYLES / "site.js").read_bytes())
    atomic_write(out / "css" / "web.css", (STYLES / "web.css").read_bytes())
    target = out / "index.html"
    atomic_write(target, html)
    return target
