"""Covers made from the book's metadata: typography, rules, a colour field.

Three outputs, all laid out by WeasyPrint from ``templates/cover.html.j2``
(the front) or ``templates/cover-wrap.html.j2`` (the print wrap) with
``styles/cover.css`` and the shipped Linux Libertine / Biolinum fonts:

- :func:`front_cover_pdf`: the front cover at a trim size, with bleed;
- :func:`front_cover_png`: the same cover as a PNG (the EPUB's cover image,
  the download page), rasterised with pypdfium2, or poppler's ``pdftoppm``
  when pypdfium2 is not installed;
- :func:`wrap_cover_pdf`: back, spine and front on one sheet for
  print-on-demand, the spine as wide as the book block is thick.

Geometry (sizes, bleed, the title's font size) is computed here and handed
to the templates; the look is in the stylesheet.  The colour scheme is
chosen from the book's identifier, so a book keeps its colours from build
to build and different books get different ones.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..book import Book
from ..errors import MissingToolError, RenderError
from ..paper import MM_PER_PT, page_size, to_mm
from ..text import collapse_space, typography
from .metrics import TITLE_FONT, _advances, text_width_em  # noqa: F401
from .views import STYLES, environment

log = logging.getLogger(__name__)


PALETTES = ("vermilion", "ink", "moss", "ochre", "plum", "black")
"""Colour schemes defined in ``styles/cover.css`` (``.palette-NAME``)."""

FIELD_SHARE = 0.58
"""The colour field's share of a panel's height (from the head); the
stylesheet's positions (the band at 58 %, the title's foot at 47 % from
the bottom, the type below from 64 %) are set around it."""

SPINE_TEXT_MIN_MM = 6.0
"""Narrower spines carry no text: a press's fold may drift by 1-2 mm, and
type smaller than about 7 pt is not legible on a spine."""

TOP_TO_BOTTOM_LANGUAGES = frozenset({"en", "nl", "da", "sv", "no", "nb",
                                      "nn", "fi", "is"})
"""Languages whose books run the spine title top to bottom (readable when
the book lies face up: ANSI/NISO Z39.41, ISO 6357).  Most of continental
Europe and Latin America run it bottom to top."""

TEXT_FONT = "LinLibertine_R.otf"
"""The font of the back-cover description; measured."""
ITALIC_FONT = "LinLibertine_RI.otf"
"""The font of the back cover's text titles; measured."""
LABEL_FONT = "LinBiolinum_RB.otf"
"""The publisher's name on the spine (upper case, tracked 0.18 em)."""
MIN_TYPE_PT = 6.5
"""Smallest type a cover is allowed."""
SPINE_LABEL_EM = 0.62
"""The publisher's size on the spine, in ems of the spine title."""
MIN_LABEL_PT = 5.0
"""Smallest publisher's name on a spine (tracked capitals read smaller
than their size)."""

MAX_AUTHORS = 6
"""Authors named on the front before "and N others"."""

def spine_width_mm(pages: int, paper_thickness_mm: float) -> float:
    """Spine width: leaves x paper thickness.

    A leaf carries two pages, so ``pages`` pages make ``ceil(pages / 2)``
    leaves; each is one sheet of paper ``paper_thickness_mm`` thick (the
    paper's caliper: about 0.1 mm for 80 g/m2 offset, 0.125 mm for cream
    book paper).  A 240-page book on 0.1 mm paper has a 12 mm spine.
    """
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
        raise RenderError(f"a cover needs a page count of at least 1, "
                          f"not {pages!r}")
    if not paper_thickness_mm > 0:
        raise RenderError(f"paper thickness must be positive, not "
                          f"{paper_thickness_mm!r}")
    return math.ceil(pages / 2) * paper_thickness_mm


def palette(book: Book) -> str:
    """The book's colour scheme, stable across builds: from a hash of its
    identifier (or its title when it has none)."""
    key = (book.identifier or book.title).encode("utf-8")
    return PALETTES[hashlib.sha256(key).digest()[0] % len(PALETTES)]


def spine_direction(language: str) -> str:
    """``"down"`` (top to bottom) or ``"up"`` (bottom to top): the usual
    direction of spine titles for books in ``language``."""
    primary = (language or "en").split("-")[0].lower()
    return "down" if primary in TOP_TO_BOTTOM_LANGUAGES else "up"


@dataclass(frozen=True)
class Labels:
    """The few words a cover adds to the metadata, in one language."""

    edited_by: str
    """``Edited by {}``."""
    and_: str
    """The word joining the last two names."""
    others: str
    """``{} others`` (more authors than the front names)."""
    more_text: str
    """``and {} more text`` (one text the back cover has no room for)."""
    more_texts: str
    """``and {} more texts``."""


LABELS = {
    "en": Labels("Edited by {}", "and", "{} others", "and {} more text",
                 "and {} more texts"),
    "de": Labels("Herausgegeben von {}", "und", "{} weitere",
                 "und {} weiterer Text", "und {} weitere Texte"),
    "fr": Labels("Édité par {}", "et", "{} autres", "et {} autre texte",
                 "et {} autres textes"),
    "es": Labels("Edición de {}", "y", "{} más", "y {} texto más",
                 "y {} textos más"),
    "it": Labels("A cura di {}", "e", "altri {}", "e un altro testo",
                 "e altri {} testi"),
    "nl": Labels("Samengesteld door {}", "en", "{} anderen",
                 "en {} andere tekst", "en {} andere teksten"),
    "pt": Labels("Organização de {}", "e", "{} outros", "e mais {} texto",
                 "e mais {} textos"),
}
"""Cover words by primary language subtag."""


_WARNED: set[str] = set()


def labels(language: str) -> Labels:
    """The cover's words for ``language`` (English, with a warning, for a
    language we have none for)."""
    primary = (language or "en").split("-")[0].lower()
    if primary not in LABELS:
        if primary in _WARNED:
            return LABELS["en"]
        # once per language and process: a cover is drawn several times
        # (PDF, PNG, the EPUB's, the web edition's), and a catalogue's
        # worker draws hundreds
        _WARNED.add(primary)
        log.warning("no cover wording for language %r: the cover's few "
                    "added words are in English", language)
        return LABELS["en"]
    return LABELS[primary]


def names_list(names: list[str], and_: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 2:
        return f" {and_} ".join(names)
    return ", ".join(names[:-1]) + f" {and_} " + names[-1]


@dataclass(frozen=True)
class CoverText:
    """What a cover says, taken from the book."""

    title: str
    """The book's title."""
    subtitle: str
    """Its subtitle, or empty."""
    editors: str
    """``Edited by ...``, or empty."""
    byline: str
    """The author(s) of a book with no editors and one or two authors, set
    large under the title; empty otherwise."""
    authors: tuple[str, ...]
    """The texts' authors who are not its editors, in reading order (the
    last ``N others`` when there are more than :data:`MAX_AUTHORS`), named
    at the head of the front; empty when they are the byline."""
    publisher: str
    """The publisher, or empty."""
    description: str
    """The back-cover text."""
    contents: tuple[tuple[str, str], ...]
    """(title, authors) of every text, for the back cover."""
    language: str
    """BCP 47 tag, for the document's ``lang``."""
    palette: str
    """Colour scheme name (see :data:`PALETTES`)."""
    labels: Labels
    """The cover's own words in the book's language."""


def _typeset(text: str) -> str:
    """One line of metadata as it is printed: spaces folded, curly quotes,
    dashes."""
    return typography(collapse_space(text))[0]


def cover_text(book: Book) -> CoverText:
    """The words of the cover, from the book's metadata only."""
    editors = [_typeset(e) for e in book.editors if e.strip()]
    authors: list[str] = []
    for ch in book.chapters:
        for a in map(_typeset, ch.authors):
            if a and a not in authors and a not in editors:
                authors.append(a)
    words = labels(book.language)
    byline = ""
    if not editors and 1 <= len(authors) <= 2:
        byline, authors = names_list(authors, words.and_), []
    if len(authors) > MAX_AUTHORS:
        rest = len(authors) - (MAX_AUTHORS - 1)
        authors = authors[:MAX_AUTHORS - 1] + [words.others.format(rest)]
    contents = tuple((_typeset(ch.title),
                      names_list([_typeset(a) for a in ch.authors if a.strip()],
                                 words.and_))
                     for ch in book.chapters)
    if not book.title.strip():
        raise RenderError("the book has no title to put on its cover")
    return CoverText(
        title=_typeset(book.title), subtitle=_typeset(book.subtitle),
        editors=(words.edited_by.format(names_list(editors, words.and_))
                 if editors else ""),
        byline=byline, authors=tuple(authors),
        publisher=_typeset(book.publisher),
        description=_typeset(book.description),
        contents=contents, language=book.language or "en",
        palette=palette(book), labels=words)


def wrap_lines(text: str, width_em: float,
               font_file: str = TITLE_FONT) -> list[str]:
    """Greedy line breaking of ``text`` into lines at most ``width_em``
    wide (a word longer than a line gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width_em(f"{lines[-1]} {word}", font_file) <= width_em:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def title_size_pt(title: str, width_mm: float, height_mm: float, *,
                  leading: float = 1.02) -> float:
    """The largest title size (pt) at which the title fits a box
    ``width_mm`` x ``height_mm``: its longest word within the width, its
    lines within the height.  Capped so that a short title does not fill
    the cover edge to edge."""
    width_pt, height_pt = width_mm / MM_PER_PT, height_mm / MM_PER_PT
    size = min(width_pt * 0.2, 96.0)
    while size > 8:
        lines = wrap_lines(title, width_pt / size)
        widest = max(text_width_em(line) for line in lines) * size
        if widest <= width_pt and len(lines) * size * leading <= height_pt:
            # Rounded down: a size rounded up could overflow the box.
            return math.floor(size * 10) / 10
        size *= 0.95
    raise RenderError(f"the title {title!r} does not fit on a "
                      f"{width_mm:.0f} mm wide cover")


def fit_size_pt(text: str, width_mm: float, height_mm: float, *,
                start_pt: float, font_file: str, leading: float) -> float | None:
    """The largest size from ``start_pt`` down to :data:`MIN_TYPE_PT` at
    which ``text``, wrapped, fits ``width_mm`` x ``height_mm``; None when
    it does not fit even at the smallest."""
    width_pt, height_pt = width_mm / MM_PER_PT, height_mm / MM_PER_PT
    size = start_pt
    while size >= MIN_TYPE_PT:
        lines = wrap_lines(text, width_pt / size, font_file)
        if len(lines) * size * leading <= height_pt:
            return round(size, 2)
        size -= 0.25
    return None


@dataclass(frozen=True)
class SpineType:
    """How the spine's strip is set."""

    title_pt: float
    """Title size."""
    publisher: bool
    """Whether the publisher's name fits at the foot as well."""


def spine_type(title: str, publisher: str, length_mm: float,
               width_mm: float) -> SpineType:
    """The spine's title size: at most 42 % of the spine's width (and
    12 pt), small enough that title and publisher fit along 84 % of its
    length with two ems between them.  Without room for both at
    :data:`MIN_TYPE_PT`, or when the publisher's name would be smaller than
    :data:`MIN_LABEL_PT`, the publisher goes."""
    usable_pt = length_mm * 0.84 / MM_PER_PT
    start = min(width_mm / MM_PER_PT * 0.42, 12.0)
    title_em = text_width_em(title, TITLE_FONT)
    label = publisher.upper()
    label_em = ((text_width_em(label, LABEL_FONT) + 0.18 * len(label))
                * SPINE_LABEL_EM)
    for with_publisher in ((True, False) if publisher else (False,)):
        need_em = title_em + (label_em + 2 if with_publisher else 0)
        size = min(start, usable_pt / need_em)
        small = with_publisher and size * SPINE_LABEL_EM < MIN_LABEL_PT
        if size >= MIN_TYPE_PT and not small:
            return SpineType(round(size, 2), with_publisher)
    log.warning("the title %r is too long for a %.0f mm spine: it is set "
                "at %.1f pt and cut", title, length_mm, MIN_TYPE_PT)
    return SpineType(MIN_TYPE_PT, False)


@dataclass(frozen=True)
class BackType:
    """How the back cover is set."""

    description_pt: float
    """Size of the description."""
    texts: tuple[tuple[str, str], ...]
    """The texts listed (a last ``and N more`` line when not all fit)."""


def back_type(text: CoverText, width_mm: float, height_mm: float,
              base_pt: float) -> BackType:
    """Fit the description to its box on the field (44 % of the height)
    and as many of the texts as fit their box on the paper (24 %)."""
    inner = width_mm * 0.78
    size = base_pt * 1.05
    if text.description:
        fitted = fit_size_pt(text.description, inner, height_mm * 0.44,
                             start_pt=size, font_file=TEXT_FONT, leading=1.4)
        if fitted is None:
            raise RenderError(
                f"the book's description ({len(text.description.split())} "
                f"words) is too long for a {width_mm:.0f} x {height_mm:.0f} mm "
                "back cover: shorten it")
        size = fitted
    item_pt = base_pt * 0.85
    room_pt = height_mm * 0.24 / MM_PER_PT
    width_em = inner / MM_PER_PT / item_pt
    listed: list[tuple[str, str]] = []
    used = 0.0
    for i, (title, authors) in enumerate(text.contents):
        lines = len(wrap_lines(title, width_em, ITALIC_FONT))
        lines += len(wrap_lines(authors, width_em / 1.15, TEXT_FONT)) if authors else 0
        cost = (lines * 1.3 + 0.45) * item_pt
        left = len(text.contents) - i - 1
        reserve = (1.3 + 0.45) * item_pt if left else 0.0
        if used + cost + reserve > room_pt:
            more = len(text.contents) - i
            label = text.labels.more_texts if more > 1 else text.labels.more_text
            listed.append((label.format(more), ""))
            break
        listed.append((title, authors))
        used += cost
    return BackType(description_pt=size, texts=tuple(listed))


@dataclass(frozen=True)
class Panel:
    """One panel of a cover sheet (front, spine or back), in millimetres
    from the sheet's trim corner."""

    left: float
    """Distance from the sheet's left trim edge."""
    width: float
    """Width (trim)."""
    height: float
    """Height (trim)."""
    bleed_left: float
    """How far its colour runs past its left edge (bleed or 0)."""
    bleed_right: float
    """How far past its right edge."""
    bleed_y: float
    """How far past the top and bottom edges."""
    font_pt: float
    """Base font size: the type scales with the trim width."""
    title_pt: float
    """Title size (front panel; 0 elsewhere)."""


def _front_panel(text: CoverText, left: float, width: float, height: float,
                 bleed: float, *, bleed_left: float) -> Panel:
    """The front panel; the title measured to fit its colour field."""
    margin = width * 0.11
    # The title's box: the field's width inside the margins, and the field
    # less the head of names and the space under the title.
    title_pt = title_size_pt(text.title, width - 2 * margin,
                             height * (FIELD_SHARE - 0.28))
    return Panel(left=left, width=width, height=height, bleed_left=bleed_left,
                 bleed_right=bleed, bleed_y=bleed, font_pt=width / 148 * 10.5,
                 title_pt=title_pt)


@lru_cache(maxsize=1)
def _shipped_characters() -> frozenset[int]:
    """Code points every shipped font of the cover has (their union)."""
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for path in sorted((STYLES / "fonts").glob("*.otf")):
        codes.update(TTFont(str(path), lazy=True).getBestCmap())
    return frozenset(codes)


def _system_has(char: str) -> bool:
    """Does fontconfig (which WeasyPrint asks for fallbacks) know a font
    with ``char``?"""
    tool = shutil.which("fc-list")
    if tool is None:
        return True  # cannot tell; the caller has warned
    out = subprocess.run([tool, f":charset={ord(char):x}", "family"],
                         capture_output=True, text=True).stdout
    return bool(out.strip())


def require_glyphs(text: CoverText) -> None:
    """Refuse to print boxes: every character of the cover must be in the
    shipped fonts or in a system font WeasyPrint can fall back on."""
    words = [text.title, text.subtitle, text.editors, text.byline,
             text.publisher, text.description, *text.authors,
             *(t for pair in text.contents for t in pair)]
    chars = list(dict.fromkeys(ch for w in words for ch in w
                               if not ch.isspace()))  # in reading order
    shipped = _shipped_characters()
    foreign = [ch for ch in chars if ord(ch) not in shipped]
    if not foreign:
        return
    if shutil.which("fc-list") is None:
        log.warning("the cover has characters the shipped fonts lack (%s) "
                    "and fontconfig's fc-list is not installed to find "
                    "another font: check the cover", "".join(foreign[:20]))
        return
    missing = [ch for ch in foreign if not _system_has(ch)]
    if missing:
        raise MissingToolError(
            f"no font has the characters {''.join(missing[:20])!r} of the "
            f"cover ({len(missing)} in all): install one (for Chinese or "
            "Japanese, fonts-noto-cjk)")
    log.info("the cover's characters %r are set in a system font (the "
             "shipped fonts lack them)", "".join(foreign[:20]))


def _render_pdf(template: str, context: dict, book: Book) -> bytes:
    """Lay out a cover template with ``cover.css`` and the shipped fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    require_glyphs(context["c"])
    fonts = FontConfiguration()
    html = environment().get_template(template).render(**context)
    try:
        document = HTML(string=html, base_url=str(STYLES) + "/").render(
            stylesheets=[CSS(filename=str(STYLES / "cover.css"),
                             font_config=fonts)], font_config=fonts)
        document.metadata.title = book.title
        document.metadata.authors = list(book.editors)
        document.metadata.created = book.modified or None
        document.metadata.modified = book.modified or None
        ident = (book.identifier or book.title).encode("utf-8")
        return document.write_pdf(
            pdf_identifier=hashlib.md5(ident + template.encode()).hexdigest()
            .encode("ascii"))
    except Exception as err:  # WeasyPrint raises many kinds
        raise RenderError(f"could not lay out the cover ({err})") from err


def front_cover_pdf(book: Book, *, width: str | float, height: str | float,
                    bleed: str | float = "0mm") -> bytes:
    """The front cover as a one-page PDF of ``width`` x ``height`` (CSS
    lengths or millimetres) with ``bleed`` on every edge (its TrimBox is
    the trim, its BleedBox and MediaBox the trim plus bleed)."""
    w, h, b = to_mm(width), to_mm(height), to_mm(bleed)
    if w < 50 or h < 70:
        raise RenderError(f"a cover of {w:.0f} x {h:.0f} mm is too small")
    text = cover_text(book)
    front = _front_panel(text, 0.0, w, h, b, bleed_left=b)
    return _render_pdf("cover.html.j2", {
        "c": text, "field_share": FIELD_SHARE,
        "sheet": {"width": w, "height": h, "bleed": b},
        "front": front}, book)


def wrap_cover_pdf(book: Book, *, trim_width: str | float,
                   trim_height: str | float, pages: int,
                   paper_thickness_mm: float = 0.1,
                   bleed: str | float = "3mm",
                   direction: str | None = None) -> bytes:
    """The full wrap for print-on-demand: back, spine and front on one
    sheet of (2 x trim width + spine) x trim height, bleed on its outer
    edges (the TrimBox is the whole wrap's trim).

    The spine is :func:`spine_width_mm` wide (``ceil(pages / 2) x
    paper_thickness_mm``).  It carries the title (and the publisher) only
    when at least :data:`SPINE_TEXT_MIN_MM` wide, running ``direction``
    (``"down"``: top to bottom, ``"up"``: bottom to top; by default as
    books in the book's language do, see :func:`spine_direction`).
    """
    w, h, b = to_mm(trim_width), to_mm(trim_height), to_mm(bleed)
    if w < 50 or h < 70:
        raise RenderError(f"a cover of {w:.0f} x {h:.0f} mm is too small")
    spine = spine_width_mm(pages, paper_thickness_mm)
    direction = direction or spine_direction(book.language)
    if direction not in ("up", "down"):
        raise RenderError(f"spine direction must be 'up' or 'down', not "
                          f"{direction!r}")
    text = cover_text(book)
    base = w / 148 * 10.5
    back = Panel(left=0.0, width=w, height=h, bleed_left=b, bleed_right=0.0,
                 bleed_y=b, font_pt=base, title_pt=0.0)
    spine_panel = Panel(left=w, width=spine, height=h, bleed_left=0.0,
                        bleed_right=0.0, bleed_y=b, font_pt=base, title_pt=0.0)
    front = _front_panel(text, w + spine, w, h, b, bleed_left=0.0)
    return _render_pdf("cover-wrap.html.j2", {
        "c": text, "field_share": FIELD_SHARE,
        "sheet": {"width": 2 * w + spine, "height": h, "bleed": b},
        "back": back, "spine": spine_panel, "front": front,
        "spine_type": (spine_type(text.title, text.publisher, h, spine)
                       if spine >= SPINE_TEXT_MIN_MM else None),
        "back_type": back_type(text, w, h, base), "direction": direction},
        book)


def front_cover_png(book: Book, *, width_px: int = 1600,
                    size: tuple[str, str] | None = None) -> bytes:
    """The front cover as a PNG ``width_px`` wide, at the proportions of
    ``size`` (by default the book's PDF page size).  Same book, same bytes."""
    if size is None:
        output = book.options.get("output") if book.options else None
        if output is None or not getattr(output, "page_size", ""):
            raise RenderError("the book has no page size for its cover: "
                              "give size=(width, height)")
        size = page_size(output.page_size)
    if not isinstance(width_px, int) or not 100 <= width_px <= 10000:
        raise RenderError(f"cover width must be 100-10000 px, not {width_px!r}")
    pdf = front_cover_pdf(book, width=size[0], height=size[1])
    return pdf_page_png(pdf, width_px=width_px)


def pdf_page_png(pdf: bytes, *, width_px: int, page: int = 0) -> bytes:
    """One page of a PDF as a PNG ``width_px`` wide (pypdfium2, else
    poppler's ``pdftoppm``)."""
    try:
        import pypdfium2
    except ImportError:
        return _pdftoppm_png(pdf, width_px=width_px, page=page)
    from PIL import Image

    doc = pypdfium2.PdfDocument(pdf)
    try:
        p = doc[page]
        scale = width_px / p.get_width()
        image = p.render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    if image.width != width_px:  # rounding of the page width in pixels
        height = round(image.height * width_px / image.width)
        image = image.resize((width_px, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _pdftoppm_png(pdf: bytes, *, width_px: int, page: int) -> bytes:
    """The fallback rasteriser: poppler's ``pdftoppm``."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise MissingToolError(
            "making the cover image needs pypdfium2 (pip install pypdfium2) "
            "or poppler's pdftoppm (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "cover.pdf"
        src.write_bytes(pdf)
        n = str(page + 1)
        proc = subprocess.run(
            [tool, "-png", "-singlefile", "-f", n, "-l", n, "-scale-to-x",
             str(width_px), "-scale-to-y", "-1", str(src),
             str(Path(tmp) / "cover")], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RenderError(f"pdftoppm could not render the cover: "
                              f"{proc.stderr.strip()}")
        return (Path(tmp) / "cover.png").read_bytes()
