"""Signatures of a home-printed booklet, and how to bind them.

A sheet of A4 folded once carries four A5 pages.  A few sheets nested
inside one another and folded together make a *signature*.  One signature
can be saddle-stitched (stapled through the fold) only while it is thin:
past about :data:`SADDLE_MAX_SHEETS` sheets of 80 g/m² office paper the
fold springs open, a long-arm stapler no longer goes through, and the
inner sheets push out at the fore-edge (creep).  A longer book is made of
several signatures, each folded on its own, then STACKED one on top of
the next in order (never nested: nesting puts page 41 after page 20) and
sewn through their folds or glued at the spine.

So that a dropped stack can be put back in order, every signature
carries:

- a *signature mark*: its number and the book's title, small, at the foot
  of its first page near the spine;
- a *collation mark* (step mark): a short black bar printed across the
  spine fold of its outer sheet, one step lower for every signature.  On
  the stacked signatures the bars make a staircase down the spine; a
  signature out of order or upside down breaks it.

:func:`plan` chooses the signatures; :func:`instructions` says how to print,
fold, stack and bind them (printed on the booklet's first sheet and shown
in the README).
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4

SADDLE_MAX_SHEETS = 12
"""Most sheets (of 80 g/m² paper: 48 pages) one saddle-stitched signature
takes."""

SEWN_SHEETS = 8
"""Sheets per signature aimed at when a book needs several (32 pages: a
fold a bone folder makes crisp and a needle goes through)."""

PAPER = "80 g/m² office paper"

MARK_TOP_MM = 12.0
"""Top of the first collation mark, from the top of the sheet."""
MARK_STEP_MM = 7.0
"""Height of a collation mark and the step between signatures."""
MARK_WIDTH_MM = 3.0
"""Width of a collation mark, centred on the fold."""


@dataclass(frozen=True)
class Signature:
    """One signature of the booklet."""

    number: int
    """1-based."""
    sheets: int
    """Sheets folded together."""
    first_page: int
    """Its first page (1-based; pages past the book's end are blank)."""

    @property
    def last_page(self) -> int:
        return self.first_page + 4 * self.sheets - 1


def sheet_counts(pages: int, sheets_per_signature: int = 0,
                 saddle_max: int = SADDLE_MAX_SHEETS) -> list[int]:
    """Sheets in each signature of a book of ``pages`` pages.

    ``sheets_per_signature`` > 0 is the editor's choice (the last signature
    takes what is left).  0 chooses: one signature when the book takes at
    most ``saddle_max`` sheets (saddle-stitched), else as few signatures
    of about :data:`SEWN_SHEETS` sheets as will do, their sizes differing
    by one sheet at most (the larger first).
    """
    total = max(1, -(-pages // 4))
    if sheets_per_signature > 0:
        full, rest = divmod(total, sheets_per_signature)
        return [sheets_per_signature] * full + ([rest] if rest else [])
    if total <= saddle_max:
        return [total]
    count = -(-total // SEWN_SHEETS)
    size, extra = divmod(total, count)
    return [size + 1] * extra + [size] * (count - extra)


def plan(pages: int, sheets_per_signature: int = 0,
         saddle_max: int = SADDLE_MAX_SHEETS) -> list[Signature]:
    """The signatures of a book of ``pages`` pages (see :func:`sheet_counts`)."""
    out, first = [], 1
    for n, sheets in enumerate(sheet_counts(pages, sheets_per_signature,
                                            saddle_max), start=1):
        out.append(Signature(n, sheets, first))
        first += 4 * sheets
    return out


def saddle_stitched(signatures: list[Signature],
                    saddle_max: int = SADDLE_MAX_SHEETS) -> bool:
    """Is this one signature thin enough to staple?"""
    return len(signatures) == 1 and signatures[0].sheets <= saddle_max


def mark_top_mm(number: int, sheet_height_mm: float) -> float:
    """Top of signature ``number``'s collation mark, from the sheet's top:
    one step lower per signature, starting again at the top when the
    staircase reaches the foot."""
    room = sheet_height_mm - 2 * MARK_TOP_MM
    steps = max(1, int(room // MARK_STEP_MM))
    return MARK_TOP_MM + ((number - 1) % steps) * MARK_STEP_MM


def instructions(signatures: list[Signature], *, pages: int, sheet: str,
                 page_size: str, with_instruction_sheet: bool = True,
                 saddle_max: int = SADDLE_MAX_SHEETS) -> list[str]:
    """How to print, fold, stack and bind the booklet, as paragraphs."""
    sheets = sum(s.sheets for s in signatures)
    blank = 4 * sheets - pages
    first = ("Print the file on both sides of " + sheet + " paper, flipping "
             "on the short edge (" + PAPER + " assumed)")
    out = []
    if with_instruction_sheet:
        out.append(first + ". The first sheet is this page: set it aside; "
                   f"the book is the {sheets} sheets after it.")
    else:
        out.append(first + f": {sheets} sheets.")
    out.append(f"The book has {pages} {page_size} pages"
               + (f" and {blank} blank page{'s' if blank != 1 else ''} at "
                  "the end" if blank else "") + ".")
    if saddle_stitched(signatures, saddle_max):
        out.append(f"It is one signature of {sheets} sheets. Keep the sheets "
                   "in the order they were printed, the first on the "
                   "outside, each inside the one before; fold them together "
                   "in half, page 1 outside, and staple through the fold "
                   "(two staples; a long-arm stapler).")
        return out
    listing = "; ".join(
        f"signature {s.number}: sheets {_sheets_of(signatures, s)} "
        f"(pages {s.first_page}–{min(s.last_page, pages)})"
        for s in signatures)
    out.append(f"It is {len(signatures)} signatures: {listing}. "
               f"{sheets} sheets are too many to staple as one booklet "
               f"(at most {saddle_max}).")
    out.append("Fold each signature on its own: take its sheets in the order "
               "they were printed, the first on the outside, each inside the "
               "one before, and fold them together in half with its first "
               "page outside. Its number is printed at the foot of its "
               "first page, by the spine.")
    out.append("Then STACK the folded signatures, do not nest them: "
               "signature 1 on top, signature 2 under it, and so on, "
               "folds together on one side. The black bars printed across "
               "the folds then make a staircase down the spine, from the "
               "top down; a signature out of place or upside down breaks "
               "the staircase.")
    out.append("Bind: sew each signature through its fold (three or five "
               "holes pierced through the fold, a kettle stitch linking "
               "each signature to the one before), or clamp the stack, "
               "roughen the folds and glue the spine (PVA), then glue a "
               "cover around it.")
    return out


def _sheets_of(signatures: list[Signature], sig: Signature) -> str:
    start = 1 + sum(s.sheets for s in signatures if s.number < sig.number)
    end = start + sig.sheets - 1
    return str(start) if start == end else f"{start}–{end}"


def marks_pdf(signatures: list[Signature], *, page_w_pt: float,
              page_h_pt: float, title: str, paragraphs: list[str]) -> bytes:
    """The booklet's extra sheets, laid out by WeasyPrint (with the book's
    embedded typeface): page 1 the instructions; page ``1 + n`` what is
    drawn over the outside of signature ``n``'s outer sheet: its collation
    mark across the fold (one step lower per signature) and its signature
    mark at the foot of its first page (the right half), by the spine."""
    from html import escape

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .views import STYLES

    w_mm, h_mm = 2 * page_w_pt / MM, page_h_pt / MM
    fold = page_w_pt / MM
    many = len(signatures) > 1
    parts = ['<section class="how"><h1>How to print and bind this booklet'
             '</h1>', f'<p class="book">{escape(title)}</p>']
    parts += [f"<p>{escape(p)}</p>" for p in paragraphs]
    if many:
        parts.append('<div class="steps">' + "".join(
            f'<span style="top: {mark_top_mm(s.number, h_mm) - MARK_TOP_MM:.2f}mm; '
            f'left: {(s.number - 1) * 7}mm"></span>'
            for s in signatures) + "</div><p class=\"caption\">The collation "
            "marks on the spine of the stacked signatures.</p>")
    parts.append("</section>")
    for s in signatures:
        top = mark_top_mm(s.number, h_mm)
        bar = (f'<div class="bar" style="left: {fold - MARK_WIDTH_MM / 2:.2f}mm;'
               f' top: {top:.2f}mm"></div>') if many else ""
        parts.append(
            f'<section class="sig">{bar}<p class="mark" style="left: '
            f'{fold + 8:.2f}mm">{escape(title)} · {s.number}'
            f'{" / " + str(len(signatures)) if many else ""}</p></section>')
    css = f"""
@font-face {{ font-family: "Libertine"; src: url(fonts/LinLibertine_R.otf); }}
@font-face {{ font-family: "Libertine"; font-weight: bold;
             src: url(fonts/LinLibertine_RB.otf); }}
@page {{ size: {w_mm:.3f}mm {h_mm:.3f}mm; margin: 0; }}
html {{ font-family: "Libertine"; font-size: 10.5pt; }}
body {{ margin: 0; }}
section {{ page-break-after: always; position: relative;
          height: {h_mm:.3f}mm; }}
.how {{ padding: 15mm 20mm; box-sizing: border-box; columns: 2;
        column-gap: 20mm; }}
.how h1 {{ font-size: 15pt; margin: 0 0 3mm; }}
.how p {{ margin: 0 0 2.2mm; line-height: 1.3; hyphens: manual; }}
.how .book {{ font-style: italic; }}
.steps {{ position: relative; height: {7 * MARK_STEP_MM:.1f}mm;
          margin: 3mm 0 0; }}
.steps span {{ position: absolute; width: 5mm; height: {MARK_STEP_MM}mm;
               background: black; }}
.caption {{ font-size: 8.5pt; }}
.bar {{ position: absolute; width: {MARK_WIDTH_MM}mm;
        height: {MARK_STEP_MM}mm; background: black; }}
.mark {{ position: absolute; bottom: 8mm; margin: 0; font-size: 6.5pt; }}
"""
    html = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title></head><body>"
            + "".join(parts) + "</body></html>")
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(STYLES) + "/").write_pdf(
        stylesheets=[CSS(string=css, base_url=str(STYLES) + "/",
                         font_config=fonts)], font_config=fonts)


def booklet_with_marks(pdf: bytes, *, sheet: str, page_size: str, title: str,
                       sheets_per_signature: int = 0, creep_mm: float = 0.0,
                       saddle_max: int = SADDLE_MAX_SHEETS
                       ) -> tuple[bytes, str]:
    """The imposed booklet with its instruction sheet, signature marks and
    collation marks, and a one-paragraph summary of how to bind it (for
    the release page)."""
    import io

    from pypdf import PdfReader

    from .booklet import impose

    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    box = reader.pages[0].mediabox
    sigs = plan(pages, sheets_per_signature, saddle_max)
    paragraphs = instructions(sigs, pages=pages, sheet=sheet,
                              page_size=page_size, saddle_max=saddle_max)
    extra = marks_pdf(sigs, page_w_pt=float(box.width),
                      page_h_pt=float(box.height), title=title,
                      paragraphs=paragraphs)
    imposed = impose(pdf, creep_mm=creep_mm, counts=[s.sheets for s in sigs],
                     marks=extra)
    sheets = sum(s.sheets for s in sigs)
    if saddle_stitched(sigs, saddle_max):
        how = (f"Home printing: {sheets} sheets of {sheet} paper, duplex, "
               "flip on the short edge; fold together and staple (the first "
               "sheet says how)")
    else:
        how = (f"Home printing: {sheets} sheets of {sheet} paper, duplex, "
               f"flip on the short edge; {len(sigs)} signatures folded one "
               "by one, stacked in order (not nested), sewn or glued (the "
               "first sheet says how)")
    return imposed, how
