"""Check a written PDF the way a press (or a home printer) would.

:func:`check_pdf` reads a PDF with pypdf and returns every violation in
plain words (an empty list when the file is fine):

- every page's TrimBox (its MediaBox when it has none and no bleed is
  asked) is the trim size; with bleed, a BleedBox the trim plus the bleed
  on every side, inside the MediaBox;
- all pages the same size;
- every font embedded (a FontFile, FontFile2 or FontFile3 in its
  descriptor, the descendant's for a Type0 font; Type3 fonts are drawn by
  the file itself, so they count as embedded), on pages, in form XObjects
  and in annotation appearances;
- for a booklet (imposed two pages to a sheet side): sheets twice the
  page width, and a page count that is a multiple of 4;
- for a press PDF: no link annotations.

A page-level fault is reported once with the pages it was found on
(``... (pages 1-3, 7)``); the build fails on any
(:mod:`pamphleteer.render.layout`).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Iterator, Sequence, TypedDict, cast

from .errors import RenderError
from .paper import to_mm

if TYPE_CHECKING:  # pypdf is imported when a PDF is checked
    from pypdf import PageObject
    from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

MM = 72 / 25.4
"""Points per millimetre."""

TOLERANCE_PT = 0.5
"""How far (in points, about 0.18 mm) a box may be off and still pass:
lengths given in mm or inches are rounded when a PDF is written."""

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
"""Descriptor keys that hold an embedded font program (Type 1, TrueType,
CFF/OpenType)."""


def size_pt(width: str | float, height: str | float) -> tuple[float, float]:
    """A trim size (CSS lengths such as ``"148mm"``, ``"5.5in"``, or
    millimetres) in points, for ``expect_size``."""
    return to_mm(width) * MM, to_mm(height) * MM


def _fmt(w: float, h: float) -> str:
    """``419.5 x 595.3 pt (148.0 x 210.0 mm)``."""
    return f"{w:.1f} x {h:.1f} pt ({w / MM:.1f} x {h / MM:.1f} mm)"


def _pages_text(pages: list[int], most: int = 8) -> str:
    """``page 4`` / ``pages 1-3, 7`` / ``pages 1, 3, 5, ... (77 pages)``:
    at most ``most`` runs of pages, then the count."""
    runs: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if p is not None:
            start = prev = p
    if len(pages) == 1:
        return f"page {runs[0]}"
    if len(runs) > most:
        return f"pages {', '.join(runs[:most])}, ... ({len(pages)} pages)"
    return "pages " + ", ".join(runs)


def _rect(obj: PdfObject) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a PDF rectangle, normalised."""
    x0, y0, x1, y1 = (float(v) for v in cast("ArrayObject", obj))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _size(rect: tuple[float, float, float, float], rotate: int
          ) -> tuple[float, float]:
    """Width and height as the page is shown (``/Rotate`` applied)."""
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    return (h, w) if rotate % 180 else (w, h)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE_PT


def _same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return _near(a[0], b[0]) and _near(a[1], b[1])


def bleed_sides(bleed_pt: float, edges: str, page_no: int
                ) -> tuple[float, float, float, float]:
    """The bleed a page should have on its (left, bottom, right, top):
    ``edges="all"``, or ``"outer"`` for none at the spine (the left of a
    right-hand, odd-numbered page; the right of a left-hand one)."""
    if edges == "all":
        return bleed_pt, bleed_pt, bleed_pt, bleed_pt
    if page_no % 2:
        return 0.0, bleed_pt, bleed_pt, bleed_pt
    return bleed_pt, bleed_pt, 0.0, bleed_pt


def box_faults(page: PageObject, *, trim: tuple[float, float], bleed_pt: float,
               bleed_edges: str = "all", page_no: int = 1) -> list[str]:
    """What is wrong with one page's boxes, for a trim size (points, as
    shown) and a bleed on ``bleed_edges`` (see :func:`bleed_sides`)."""
    rotate = int(page.get("/Rotate", 0) or 0)
    media = _rect(page.mediabox)
    out: list[str] = []
    has_trim = "/TrimBox" in page
    trim_rect = _rect(page["/TrimBox"]) if has_trim else media
    if bleed_pt > 0 and not has_trim:
        out.append("no TrimBox (a PDF with bleed must say where to cut)")
    got = _size(trim_rect, rotate)
    if not _same_size(got, trim):
        which = "TrimBox" if has_trim else "page (MediaBox)"
        out.append(f"{which} is {_fmt(*got)}, not the trim size "
                   f"{_fmt(*trim)}")
    if bleed_pt <= 0:
        return out
    if "/BleedBox" not in page:
        out.append(f"no BleedBox (asked for {bleed_pt / MM:.2f} mm bleed)")
        return out
    bleed = _rect(page["/BleedBox"])
    sides = (trim_rect[0] - bleed[0], trim_rect[1] - bleed[1],
             bleed[2] - trim_rect[2], bleed[3] - trim_rect[3])
    want = bleed_sides(bleed_pt, bleed_edges, page_no)
    where = "every side" if bleed_edges == "all" else "the outer edges"
    if not all(_near(a, b) for a, b in zip(sides, want)):
        shown = ", ".join(f"{s / MM:.2f}" for s in sides)
        if all(_near(s, 0) for s in sides):
            out.append(f"no bleed: the BleedBox is the trim (asked for "
                       f"{bleed_pt / MM:.2f} mm on {where})")
            return out
        out.append(f"BleedBox is not the trim plus {bleed_pt / MM:.2f} mm on "
                   f"{where} (left, bottom, right, top: {shown} mm)")
    if not (media[0] <= bleed[0] + TOLERANCE_PT and
            media[1] <= bleed[1] + TOLERANCE_PT and
            media[2] >= bleed[2] - TOLERANCE_PT and
            media[3] >= bleed[3] - TOLERANCE_PT):
        out.append("the MediaBox is smaller than the BleedBox: the bleed is "
                   "not in the file")
    return out


def _resources_fonts(resources: PdfObject | None, seen: set[int]
                     ) -> Iterator[DictionaryObject]:
    """Every font dictionary reachable from a resource dictionary: its
    fonts, and those of its form XObjects and Type3 fonts, once each."""
    if resources is None:
        return
    resources = cast("DictionaryObject", resources.get_object())
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            yield font
            if font.get("/Subtype") == "/Type3":
                yield from _resources_fonts(font.get("/Resources"), seen)
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobj = ref.get_object()
            if id(xobj) in seen or xobj.get("/Subtype") != "/Form":
                continue
            seen.add(id(xobj))
            yield from _resources_fonts(xobj.get("/Resources"), seen)


def _appearance_streams(page: PageObject) -> Iterator[DictionaryObject]:
    """Appearance streams of a page's annotations (their fonts print)."""
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        ap = annot.get("/AP")
        if ap is None:
            continue
        for key in ("/N", "/R", "/D"):
            stream = ap.get_object().get(key)
            if stream is None:
                continue
            stream = stream.get_object()
            if hasattr(stream, "get_data"):
                yield stream
            else:  # a dictionary of appearance states
                yield from (s.get_object() for s in stream.values())


def page_fonts(page: PageObject) -> Iterator[DictionaryObject]:
    """Every font a page uses: its own, its forms', its annotations'."""
    seen: set[int] = set()
    yield from _resources_fonts(page.get("/Resources"), seen)
    for stream in _appearance_streams(page):
        yield from _resources_fonts(stream.get("/Resources"), seen)


def font_embedded(font: DictionaryObject) -> bool:
    """Does the PDF carry this font's program (or draw it, Type3)?"""
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return False
        font = descendants.get_object()[0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(k in descriptor for k in FONT_FILES)


def _font_name(font: DictionaryObject) -> str:
    name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
    return f"{name} ({str(font.get('/Subtype', '?')).lstrip('/')})"


_LINKS = " link annotation(s): a press PDF has none"


def _links(page: PageObject) -> int:
    """Link annotations on a page."""
    return sum(1 for ref in page.get("/Annots") or []
               if ref.get_object().get("/Subtype") == "/Link")


def check_pdf(data: bytes, *, expect_size: tuple[float, float],
              bleed_pt: float = 0, bleed_edges: str = "all",
              booklet: bool = False, press: bool = False) -> list[str]:
    """Every violation found in a PDF, in plain words (empty: it is fine).

    ``expect_size`` is the trim size of one page in points (width,
    height); for a ``booklet`` (the imposed file) each sheet side holds
    two pages side by side, so it should be twice as wide.  ``bleed_pt``
    is the bleed asked for on each side, on ``bleed_edges``: ``"all"``, or
    ``"outer"`` (none at the spine: the left of odd pages, the right of
    even ones).  ``press`` forbids link
    annotations.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = list(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        return [f"not a readable PDF ({err})"]
    if not pages:
        return ["the PDF has no pages"]
    checker = PageChecker(expect_size=expect_size, bleed_pt=bleed_pt,
                          bleed_edges=bleed_edges, booklet=booklet,
                          press=press)
    for number, page in enumerate(pages, start=1):
        checker.add(page, number)
    return checker.problems()


class CheckArgs(TypedDict):
    """:class:`PageChecker`'s arguments."""

    expect_size: Sequence[float]
    bleed_pt: float
    bleed_edges: str
    booklet: bool
    press: bool


class CheckerState(TypedDict):
    """What a :class:`PageChecker` found, as plain data (JSON turns the
    sizes' tuples into lists)."""

    args: CheckArgs
    found: dict[str, list[int]]
    first_size: Sequence[float] | None
    first_number: int
    links: int
    single_pages: int
    pages: int


class PageChecker:
    """The checks of :func:`check_pdf`, one page at a time (the joined PDF
    of a segmented layout is checked as its pages go by)."""

    def __init__(self, *, expect_size: tuple[float, float],
                 bleed_pt: float = 0, bleed_edges: str = "all",
                 booklet: bool = False, press: bool = False):
        width, height = expect_size
        if not (width > 0 and height > 0) or bleed_pt < 0 or \
                bleed_edges not in ("all", "outer"):
            raise RenderError(f"bad check: expected size {expect_size!r}, "
                              f"bleed {bleed_pt!r} on {bleed_edges!r}")
        self.width = width
        self.trim = (2 * width, height) if booklet else (width, height)
        self.bleed_pt, self.bleed_edges = bleed_pt, bleed_edges
        self.booklet, self.press = booklet, press
        self.found: dict[str, list[int]] = {}
        self.first_size: tuple[float, float] | None = None
        self.first_number = 0
        self.single_pages = self.links = self.pages = 0
        self.args = CheckArgs(expect_size=expect_size, bleed_pt=bleed_pt,
                              bleed_edges=bleed_edges, booklet=booklet,
                              press=press)

    def state(self) -> CheckerState:
        """What was found, as plain data (a worker checks part of a PDF;
        :meth:`merge` adds it to the rest)."""
        return {"args": self.args, "found": self.found,
                "first_size": self.first_size,
                "first_number": self.first_number, "links": self.links,
                "single_pages": self.single_pages, "pages": self.pages}

    @classmethod
    def from_state(cls, state: CheckerState) -> "PageChecker":
        args = state["args"]
        width, height = args["expect_size"]
        checker = cls(expect_size=(width, height), bleed_pt=args["bleed_pt"],
                      bleed_edges=args["bleed_edges"],
                      booklet=args["booklet"], press=args["press"])
        checker.merge(state)
        return checker

    def merge(self, state: CheckerState) -> None:
        """Add what another checker found in later pages."""
        for message, numbers in state["found"].items():
            self.found.setdefault(message, []).extend(numbers)
        if state["first_size"] is not None:
            width, height = state["first_size"]
            size = (width, height)
            if self.first_size is None:
                self.first_size = size
                self.first_number = state["first_number"]
            elif not _same_size(size, self.first_size):
                self.fault(f"page size {_fmt(*size)} differs from the first "
                           f"page's {_fmt(*self.first_size)}",
                           state["first_number"])
        self.links += state["links"]
        self.single_pages += state["single_pages"]
        self.pages += state["pages"]

    def fault(self, message: str, page_no: int) -> None:
        self.found.setdefault(message, []).append(page_no)

    def add(self, page: PageObject, number: int) -> None:
        """Check one page (``number``: its page number, for the report)."""
        self.pages += 1
        for message in box_faults(page, trim=self.trim, bleed_pt=self.bleed_pt,
                                  bleed_edges=self.bleed_edges,
                                  page_no=number):
            self.fault(message, number)
        rotate = int(page.get("/Rotate", 0) or 0)
        shown = _size(_rect(page.mediabox), rotate)
        if self.first_size is None:
            self.first_size, self.first_number = shown, number
        elif not _same_size(shown, self.first_size):
            self.fault(f"page size {_fmt(*shown)} differs from the first "
                       f"page's {_fmt(*self.first_size)}", number)
        for font in page_fonts(page):
            if not font_embedded(font):
                self.fault(f"font {_font_name(font)} is not embedded", number)
        if self.press and (n := _links(page)):
            self.links += n
            self.fault(_LINKS, number)
        if self.booklet:
            trim_rect = _rect(page["/TrimBox"]) if "/TrimBox" in page \
                else _rect(page.mediabox)
            if _near(_size(trim_rect, rotate)[0], self.width):
                self.single_pages += 1

    def problems(self) -> list[str]:
        """Every violation found so far, in plain words."""
        out = [f"{self.links if message == _LINKS else ''}{message} "
               f"({_pages_text(numbers)})"
               for message, numbers in self.found.items()]
        if self.booklet:
            sides = self.pages
            if self.single_pages:
                out.append(f"{self.single_pages} of {sides} pages are single "
                           "pages, not sheets of two: the booklet is not "
                           "imposed")
                book_pages = self.single_pages + 2 * (sides - self.single_pages)
            else:
                book_pages = 2 * sides
            if book_pages % 4:
                out.append(f"a booklet needs a multiple of 4 pages; this one "
                           f"has {book_pages} ({sides} sheet sides)")
        return out
