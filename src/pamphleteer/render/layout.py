"""The PDF policy: which layouts to reuse, lay out, join, check and keep.

A profile's whole PDF comes from the layout store when nothing that shapes
it changed; otherwise it is laid out in segments on every core, reusing the
unchanged segments (:mod:`.segments`), then joined, checked and kept.  Every
PDF is checked (:mod:`pamphleteer.pdfcheck`) before it is written: a
violation fails the build.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .. import __version__
from ..book import Book
from ..digests import digest, package_version, tree_digest
from ..errors import ManifestError, RenderError
from ..paper import mm
from ..pdfcheck import check_pdf
from .booklet import SHEETS
from .pdf import Layout
from . import segments
from .segments import Segmented, Workers, join_job
from .store import LayoutStore
from .views import STYLES, TEMPLATES

if TYPE_CHECKING:
    from ..manifest import OutputSpec, ProfileSpec

Placed = Callable[[dict[str, int], dict[str, list[str]]], None]
"""Told ``(anchors, breaks)`` of the first profile as soon as its pages are
known (the EPUB's page list is written then)."""


def layout_key(book: Book, profile: ProfileSpec, book_dir: Path,
               hint: int) -> str:
    """Everything that shapes a profile's PDF."""
    stable = replace(book, modified=book.modified[:10])
    return digest("pdf", __version__, package_version("weasyprint"),
                  repr(stable), repr(profile), hint,
                  tree_digest(TEMPLATES, STYLES, book_dir / "templates",
                              book_dir / "styles"),
                  # the code that lays out and finishes the PDF
                  tree_digest(Path(__file__).resolve().parent))


Pending = dict[str, tuple[Segmented, str]]
"""Profiles laid out now, by name: their segments and their store key."""


def lay_out(book: Book, profiles: list[ProfileSpec], *, book_dir: Path,
            store: LayoutStore | None = None,
            progress: Callable[[str], None] | None = None,
            check: Callable[[ProfileSpec], dict[str, Any]] | None = None,
            placed: Placed | None = None, workers: int = 1,
            shared: Workers | None = None
            ) -> tuple[dict[str, Layout], Pending]:
    """Every profile's layout: the whole PDF from the store when nothing
    that shapes it changed; else laid out in segments, on ``workers``
    processes (``shared``: a pool forked before), reusing the unchanged
    segments.

    Returns the finished layouts and, for the profiles laid out now, the
    segments still to be joined (:func:`join_pending`).  ``placed`` is
    called for the first profile laid out now, as soon as its pages are
    known.  A profile whose gutter grows with the page count waits for the
    first layout to know the count.
    """
    layouts: dict[str, Layout] = {}
    pending: Pending = {}

    def one(profile: ProfileSpec, hint: int) -> None:
        key = layout_key(book, profile, book_dir, hint)
        hit = store.get(key) if store else None
        if hit is not None:
            data, meta = hit
            layouts[profile.name] = Layout(
                pdf=data, pages=meta["pages"], anchors=meta["anchors"],
                breaks=meta["breaks"])
            if progress:
                progress(f"PDF ({profile.name}) unchanged: from the cache")
            return
        if progress:
            progress(f"laying out the PDF ({profile.name})")
        seg = segments.lay_out_segments(
            book, book_dir=book_dir, profile=profile, pages_hint=hint, cache=store, workers=workers, shared=shared,
            check=check(profile) if check else None, progress=progress,
            on_placed=placed if profile is profiles[0] and hint == 0
            else None)
        layouts[profile.name] = Layout(pdf=b"", pages=seg.pages,
                                       anchors=seg.anchors, breaks=seg.breaks)
        pending[profile.name] = (seg, key)

    plain = [p for p in profiles if not p.gutter_mm]
    growing = [p for p in profiles if p.gutter_mm]
    for p in plain:
        one(p, 0)
    hint = next(iter(layouts.values())).pages if layouts else 0
    if growing and not layouts:
        # The page count comes from a layout without gutter growth.
        zero = replace(growing[0], gutter_per_100_pages="0mm")
        one(zero, 0)
        hint = layouts.pop(zero.name).pages
        pending.pop(zero.name, None)
    for p in growing:
        one(p, hint)
    return layouts, pending


def join_pending(layouts: dict[str, Layout], pending: Pending, *,
                 store: LayoutStore | None = None,
                 progress: Callable[[str], None] | None = None,
                 finish: Callable[[str, bytes], bytes] | None = None
                 ) -> None:
    """Join the segments of every new PDF (prepared, and their pages
    checked, in the workers that laid them out), put the PDF into
    ``layouts`` and keep it in ``store``.  ``finish(profile name, pdf)``
    makes the joined PDF final (the press PDF: render/press.py)."""
    for name, (seg, key) in pending.items():
        try:
            pdf, problems = join_job(*seg.join_args())
        except RenderError:
            raise
        except Exception as err:  # a cache entry of the wrong shape
            raise RenderError(f"could not join the {name} PDF's segments "
                              f"({err}); rebuild with --no-cache") from err
        if problems:
            raise RenderError(f"the {name} PDF fails its checks and was not "
                              "written", problems=problems)
        if finish is not None:
            pdf = finish(name, pdf)
        lay = layouts[name] = replace(layouts[name], pdf=pdf)
        if progress:
            progress(f"PDF ({name}): {len(seg.chain)} segments joined")
        if store is not None:
            store.put(key, lay.pdf, {
                "pages": lay.pages, "anchors": lay.anchors,
                "breaks": lay.breaks})


def check_kwargs(profile: ProfileSpec, out: OutputSpec,
                 booklet: bool = False) -> dict[str, Any]:
    """What a profile's PDF is checked against."""
    w, h = (mm(x) * 72 / 25.4 for x in out.trim(profile))
    return {"expect_size": (w, h),
            "bleed_pt": 0 if booklet else profile.bleed_mm * 72 / 25.4,
            "bleed_edges": profile.bleed_edges, "booklet": booklet,
            "press": profile.kind == "press"}


def check(pdf: bytes, profile: ProfileSpec, out: OutputSpec, target: Path,
          booklet: bool = False) -> None:
    """Check a PDF before it is written; a violation fails the build."""
    problems = check_pdf(pdf, **check_kwargs(profile, out, booklet))
    if problems:
        raise RenderError(f"{target.name} fails its checks and was not "
                          "written", problems=problems)


def booklet_profile(out: OutputSpec) -> ProfileSpec:
    """The profile whose pages a booklet imposes."""
    profiles = out.all_profiles()
    if out.booklet.profile:
        return next(p for p in profiles if p.name == out.booklet.profile)
    for p in profiles:
        if p.kind == "screen" and (p.page_size or out.page_size).lower() \
                in SHEETS:
            return p
    raise ManifestError("no profile can make a booklet: add a screen profile "
                        "with an A5, A6 or 5.5x8.5in page, or set "
                        "output.booklet.profile")


def purpose(profile: ProfileSpec) -> str:
    """What a profile's PDF is for, for a reader choosing a download."""
    if profile.kind == "press":
        extra = f", {profile.bleed} bleed" \
            if profile.bleed not in ("0mm", "0in") else ""
        return ("Print shop / print on demand "
                f"({profile.page_size or 'trim'}{extra})")
    return "Reading on screen and printing single pages"
