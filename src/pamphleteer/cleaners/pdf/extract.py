"""Read a PDF's text layer with PyMuPDF: lines of styled spans, per page.

Each printed line becomes a :class:`Line` of :class:`Span` objects with
their font name, size, flags, box and baseline.  Ligature characters
(``ﬁ``, ``ﬂ``...) are spelled out and soft hyphens inside a line removed
(counted in the report); a soft hyphen at a line's end is left for the
hyphen decision.  Text set at an angle (margin notes such as "Downloaded
from ...") is not part of the running text and is reported as removed.

Also here: opening the file (encrypted and damaged files refused with a
clear message), the page range of the ``pages:`` and ``select:`` options,
and the scan check (pages without a text layer).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ...errors import InputError, ManifestError
from ...report import CleaningReport
from .spacing import letterspaced

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
             "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_LIG = re.compile("[\ufb00-\ufb06]")
SOFT = "\u00ad"
# A list's marker standing alone before a tab ("•", "1.", "a)").
_MARKER = re.compile(r"^\s*(?:[•●▪■◦‣∙➢►–\uf0b7\uf0a7\uf0d8\uf0fc\uf076-]"
                     r"|\d{1,2}[.)]|\d{1,3}|[a-z][.)])\s*$")
_SECTION = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){1,3}\.?\s*$")
# Fonts of pictures, not letters: a lone mark in one is a bullet however
# it is encoded (WordPerfect's "!" in WPTypographicSymbols, Wingdings' "§").
_SYMBOL_FONT = re.compile(r"(?i)symbol|dingbat|wingding|webding|sorts")
# Private-use characters the reader carries its marks with.
_PRIVATE = re.compile("[\ue000-\ue408]")

# Font-name signs of a style, when the flags do not say it.
_ITALIC_NAME = re.compile(r"italic|oblique|slant|[-,](?:it|i|bi|boldit)$"
                          r"|-(?:Semibold|Bold|Medium|Light)?It\b", re.I)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|[-,](?:b|bd|bi)$"
                        r"|-(?:Sb|SmBd)", re.I)
_MONO_NAME = re.compile(r"mono|courier|cursor|typewriter|consol|menlo"
                        r"|CMTT|LMMono", re.I)
_SMALLCAPS_NAME = re.compile(r"smallcaps|small-caps|[-+]sc\b|caps$|SC\d*$"
                             r"|-Sc|Capitals", re.I)


@dataclass
class Span:
    """A run of text in one font."""

    text: str
    font: str
    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    base: float
    """Baseline (the origin's y)."""
    italic: bool = False
    bold: bool = False
    smallcaps: bool = False
    superscript: bool = False
    """The PDF (or the extractor) marks it as raised."""
    mono: bool = False
    """Set in a monospaced (typewriter) font."""


@dataclass
class Line:
    """One printed line."""

    page: int
    """0-based index of the page in the file."""
    spans: list[Span]
    n: int = 0
    """1-based number of the line in the reader's text of the file (the
    ``line`` of reports and sources)."""
    col: int = 0
    """0 full width (or one column), else the column counted from the
    left (1, 2, ...)."""
    spaced_from: str = ""
    """The line as printed when its letter-spaced words were joined
    (``spacing.py``)."""

    @property
    def text(self) -> str:
        """The line's characters; a space where spans stand apart."""
        cached = self.__dict__.get("_text")
        if cached and cached[0] == len(self.spans):
            return cached[1]
        value = self._text_of()
        self.__dict__["_text"] = (len(self.spans), value)
        return value

    def _text_of(self) -> str:
        out: list[str] = []
        prev = None
        for s in self.spans:
            if prev is not None and spaced(prev, s):
                out.append(" ")
            out.append(s.text)
            prev = s
        return "".join(out)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.spans)

    @property
    def y0(self) -> float:
        return min(s.y0 for s in self.main_spans())

    @property
    def y1(self) -> float:
        return max(s.y1 for s in self.main_spans())

    @property
    def base(self) -> float:
        return max(self.main_spans(), key=lambda s: len(s.text)).base

    @property
    def size(self) -> float:
        """The size most of its letters are set in (kept until the line
        gains or loses a span)."""
        cached = self.__dict__.get("_size")
        if cached and cached[0] == len(self.spans):
            return cached[1]
        value = self._size_of()
        self.__dict__["_size"] = (len(self.spans), value)
        return value

    def _size_of(self) -> float:
        count: dict[float, int] = {}
        big = max(s.size for s in self.spans)
        # Raised note calls do not count: a short heading with its calls
        # ("III 4 5 6 7") is set in the heading's size.
        plain = [s for s in self.spans if not (
            s.size < 0.85 * big and (s.superscript or s.base < max(
                x.base for x in self.spans) - 0.12 * big) and
            all(c.isdigit() or c in "*†‡§¶, " for c in s.text))]
        prev = None
        for s in plain or self.spans:
            # (a word's smaller capitals count in its capital's size)
            k = round(prev.size if prev is not None and caps_piece(prev, s)
                      else s.size, 1)
            count[k] = count.get(k, 0) + len(s.text.strip())
            prev = s if prev is None or not caps_piece(prev, s) else \
                replace(s, size=prev.size)
        return max(count, key=lambda k: (count[k], k))

    def main_spans(self) -> list[Span]:
        """The spans in the line's largest type (not its raised calls)."""
        cached = self.__dict__.get("_main")
        if cached and cached[0] == len(self.spans):
            return cached[1]
        big = max(s.size for s in self.spans)
        value = [s for s in self.spans if s.size >= 0.85 * big] or self.spans
        self.__dict__["_main"] = (len(self.spans), value)
        return value


_CAPS_WORD = re.compile(r"^[^\W\d_a-z]+(?:['’.-][^\W\d_a-z]*)*(?=[\s,.;:!?’'\")\]]|$)")


def caps_piece(prev: Span, s: Span) -> bool:
    """Does ``s`` go on the word ``prev`` began, in faked small capitals:
    a capital in the text's size, the rest of the word in capitals set
    smaller on its baseline (``T`` + ``HE``, ``S`` + ``TATE``)?"""
    a = prev.text
    if not a or a[-1:].isspace() or not a[-1].isupper() or \
            not (0.55 * prev.size <= s.size <= 0.92 * prev.size) or \
            abs(s.base - prev.base) > 0.12 * prev.size:
        return False
    last = a.split()[-1] if a.split() else ""
    # the capital opens its word; the smaller piece is all capitals
    return len(last.lstrip("(“‘\"'")) == 1 and \
        bool(_CAPS_WORD.match(s.text)) and \
        s.x0 - prev.x1 < 0.35 * prev.size


def spaced(prev: Span, s: Span) -> bool:
    """Does a space stand between two spans of a line: a gap wider than
    0.18 of their size, no space written at either side, and not a faked
    small capital's word (``T HE`` is ``THE``)?"""
    return s.x0 - prev.x1 > 0.18 * min(s.size, prev.size) and \
        not prev.text[-1:].isspace() and not s.text[:1].isspace() and \
        not caps_piece(prev, s)


@dataclass
class PageInfo:
    """A page's geometry and rules drawn on it."""

    index: int
    width: float
    height: float
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    """Horizontal rules: (x0, x1, y)."""
    images: int = 0


def open_pdf(data: bytes, source: str):
    """The PyMuPDF document, or InputError for a damaged or locked file."""
    import pymupdf

    # MuPDF's own messages go to standard error; its errors reach us as
    # exceptions, and repairs of damaged files are not the user's concern.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:  # MuPDF raises its own error types
        raise InputError(f"{source}: is not a readable PDF ({e}); check that "
                         "the download is complete, or re-save it from a "
                         "PDF viewer") from None
    if doc.needs_pass:
        raise InputError(f"{source}: the PDF is encrypted and needs a "
                         "password to open; decrypt it first (for example "
                         "`qpdf --decrypt --password=PASSWORD IN.pdf "
                         "OUT.pdf`) and give the decrypted file")
    if doc.page_count == 0:
        raise InputError(f"{source}: the PDF has no pages")
    return doc


def parse_pages(spec: object, count: int, source: str) -> list[int]:
    """0-based page indexes of a ``pages:`` option (``12-40``, ``5``,
    ``3-``, ``1-4, 9-12``), checked against the file's page count."""
    if isinstance(spec, int) and not isinstance(spec, bool):
        spec = str(spec)
    if not isinstance(spec, str) or not spec.strip():
        raise ManifestError("pdf: pages must be a range such as \"12-40\"")
    out: list[int] = []
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?", part)
        if not m:
            raise ManifestError(f"pdf: bad pages range {part.strip()!r}; "
                                "write FIRST-LAST (\"12-40\"), one page "
                                "(\"5\") or FIRST- (\"3-\")")
        a = int(m.group(1))
        b = int(m.group(3)) if m.group(3) else (count if m.group(2) else a)
        if a < 1 or b < a:
            raise ManifestError(f"pdf: bad pages range {part.strip()!r}")
        if b > count:
            raise InputError(f"{source}: pages {part.strip()} asked for, but "
                             f"the PDF has {count} pages")
        out.extend(range(a - 1, b))
    return sorted(set(out))


def outline_pages(doc, title: str, source: str) -> list[int]:
    """Pages of the outline entry titled ``title``: from its page to the
    page before the next entry at its level or above."""
    toc = doc.get_toc(simple=False)
    if not toc:
        raise InputError(f"{source}: `select: {title}` needs an outline "
                         "(bookmarks), and this PDF has none; use `pages:` "
                         "with the page numbers of the text instead")
    want = " ".join(title.split()).casefold()
    hits = [k for k, e in enumerate(toc)
            if " ".join(e[1].split()).casefold() == want]
    if not hits:
        hits = [k for k, e in enumerate(toc)
                if " ".join(e[1].split()).casefold().startswith(want)]
    if len(hits) != 1:
        names = "; ".join(e[1] for e in toc[:30])
        what = "no outline entry" if not hits else "several outline entries"
        raise InputError(f"{source}: {what} titled {title!r}; the outline "
                         f"has: {names}")
    k = hits[0]
    level, _, first = toc[k][:3]
    end = doc.page_count
    for e in toc[k + 1:]:
        if e[0] <= level and e[2] >= 1:
            end = max(first, e[2] - 1)
            break
    if first < 1:
        raise InputError(f"{source}: outline entry {title!r} points nowhere")
    return list(range(first - 1, max(first, end)))


def ocr_advice(source: str) -> str:
    """How to give a scan a text layer."""
    if shutil.which("ocrmypdf"):
        return (f"run OCR first: `ocrmypdf --output-type pdf {source} "
                f"OCR.pdf` (add `-l LANG` for a language other than "
                "English, e.g. `-l fra`), then clean OCR.pdf")
    return ("run OCR on it first (for example with OCRmyPDF: `apt-get "
            "install ocrmypdf`, then `ocrmypdf --output-type pdf IN.pdf "
            "OUT.pdf`), then clean the result")


def _style(span: dict) -> tuple[bool, bool, bool]:
    font = span["font"]
    flags = span["flags"]
    italic = bool(flags & 2) or bool(_ITALIC_NAME.search(font))
    bold = bool(flags & 16) or bool(_BOLD_NAME.search(font))
    caps = bool(_SMALLCAPS_NAME.search(font.split("+")[-1]))
    return italic, bold, caps


def read_pages(doc, indexes: list[int], report: CleaningReport
               ) -> tuple[list[list[Line]], list[PageInfo]]:
    """The lines of each page asked for, in the order MuPDF found them."""
    import pymupdf

    # Not clipped to the page: LaTeX lets a long address run past the
    # margin and the paper's edge (an overfull line), and its end is text
    # still.  Lines wholly off the page are removed and reported.
    flags = pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
    pages: list[list[Line]] = []
    infos: list[PageInfo] = []
    for i in indexes:
        page = doc[i]
        rect = page.rect
        info = PageInfo(i, rect.width, rect.height)
        lines: list[Line] = []
        unmapped = 0
        data = page.get_text("dict", flags=flags)
        for block in data["blocks"]:
            if block.get("type") != 0:
                info.images += 1
                continue
            for ln in block["lines"]:
                spans = [_span(s, report) for s in ln["spans"]]
                spans = [s for s in spans if s.text.strip()]
                if not spans:
                    continue
                glyphs = "".join(s.text for s in spans)
                if all(ord(c) < 32 or c in "\ufffd" or c.isspace()
                       for c in glyphs):
                    # Characters with no Unicode mapping (a logo drawn
                    # in a font without ToUnicode): nothing to read.
                    unmapped += sum(not c.isspace() for c in glyphs)
                    report.remove("unmapped-glyphs", glyphs, 0)
                    continue
                dx, dy = ln["dir"]
                if abs(dy) > 0.05:
                    report.remove("rotated-text",
                                  "".join(s.text for s in spans), 0)
                    continue
                if min(s.x0 for s in spans) >= rect.width or \
                        max(s.x1 for s in spans) <= 0 or \
                        min(s.y0 for s in spans) >= rect.height or \
                        max(s.y1 for s in spans) <= 0:
                    report.remove("off-the-page",
                                  "".join(s.text for s in spans), 0)
                    continue
                lines.append(Line(i, spans))
        if unmapped:
            report.problem("PDF018", f"page {i + 1}: {unmapped} characters "
                           "with no Unicode mapping (a logo, or letters "
                           "of a font that does not say what they are) "
                           "removed: check the page")
        _caps_spaces(page, lines)
        letterspaced(page, lines)
        info.images += len(page.get_images(full=False))
        try:
            for d in page.get_drawings():
                r = d["rect"]
                if r.height <= 2.5 and r.width >= 20:
                    info.rules.append((r.x0, r.x1, (r.y0 + r.y1) / 2))
                elif d.get("fill") is None and r.width >= 20 and r.height > 2.5:
                    # A box's top edge (a footnote area's border).
                    for it in d.get("items", []):
                        if it[0] == "l" and abs(it[1].y - it[2].y) < 0.5:
                            info.rules.append((min(it[1].x, it[2].x),
                                               max(it[1].x, it[2].x), it[1].y))
                else:
                    info.rules += _ring_edges(d)
        except Exception:  # drawings are a hint only
            pass
        info.rules = [r for r in info.rules if not _underline(r, lines)]
        pages.append(lines)
        infos.append(info)
    return pages, infos


def _caps_spaces(page, lines: list[Line]) -> None:
    """The space MuPDF writes between a capital and the smaller capitals
    that end its word (faked small capitals set a hair apart: ``T`` +
    `` HE``) taken out, when the characters' own positions show a gap
    under 0.7 of the line's word spaces; a real space (``I`` + `` OF``)
    stays."""
    todo = [(ln, k) for ln in lines for k in range(1, len(ln.spans))
            if ln.spans[k].text[:1] == " " and
            caps_piece(ln.spans[k - 1], replace(
                ln.spans[k], text=ln.spans[k].text[1:], x0=ln.spans[k - 1].x1))]
    if not todo:
        return
    chars = [(c["bbox"][0], c["bbox"][2], c["origin"][1], c["c"])
             for b in page.get_text("rawdict")["blocks"]
             for ln in b.get("lines", ()) for sp in ln["spans"]
             for c in sp["chars"]]
    for ln, k in todo:
        a, b = ln.spans[k - 1], ln.spans[k]
        row = sorted((c for c in chars if abs(c[2] - a.base) < 0.12 * a.size
                      and ln.x0 - 1 <= (c[0] + c[1]) / 2 <= ln.x1 + 1),
                     key=lambda c: c[0])
        ink = [c for c in row if not c[3].isspace()]
        joins = [ln.spans[j].x0 for m, j in todo if m is ln]
        # (the line's other word spaces: not those in question)
        gaps = [q[0] - p[1] for p, q in zip(ink, ink[1:])
                if any(p[1] - 0.5 <= c[0] and c[1] <= q[0] + 0.5
                       for c in row if c[3].isspace()) and
                not any(p[1] - 0.5 <= x <= q[0] + 0.5 for x in joins)]
        first = next((c for c in ink if c[0] >= b.x0 - 0.5), None)
        last = next((c for c in reversed(ink) if c[1] <= first[0] + 0.5),
                    None) if first else None
        if first is None or last is None or not gaps:
            continue
        gaps.sort()
        if first[0] - last[1] < 0.7 * gaps[len(gaps) // 2]:
            ln.spans[k] = replace(b, text=b.text[1:], x0=first[0])
            ln.__dict__.pop("_text", None)


def _ring_edges(d: dict) -> list[tuple[float, float, float]]:
    """The thin edges of a border drawn as a filled ring: two rectangles
    filled even-odd, one inside the other (WeasyPrint draws a box's
    ``border-top`` so, over a footnote area): the strip between them along
    the top or the foot, when it is 2.5 pt thick at most, is a rule."""
    items = [it for it in d.get("items", []) if it[0] == "re"]
    if not d.get("even_odd") or len(items) != 2:
        return []
    a, b = items[0][1], items[1][1]
    out = []
    if abs(a.x0 - b.x0) < 0.5 and abs(a.x1 - b.x1) < 0.5 and \
            a.width >= 20:
        if 0 < abs(a.y0 - b.y0) <= 2.5:
            out.append((a.x0, a.x1, (a.y0 + b.y0) / 2))
        if 0 < abs(a.y1 - b.y1) <= 2.5:
            out.append((a.x0, a.x1, (a.y1 + b.y1) / 2))
    return out


def _underline(rule: tuple[float, float, float], lines: list[Line]) -> bool:
    """Is the rule a line of text's underline (a link's, an emphasis's):
    just under its baseline, within its letters' width?  Such a rule is
    no footnote separator."""
    x0, x1, y = rule
    for ln in lines:
        if x0 >= ln.x0 - 1 and x1 <= ln.x1 + 1 and any(
                0 <= y - s.base <= 0.35 * s.size and x0 < s.x1 and
                x1 > s.x0 for s in ln.spans):
            return True
    return False


def _span(s: dict, report: CleaningReport) -> Span:
    text = s["text"].replace("\t", " ")
    if _PRIVATE.search(text):
        report.counts["private-use-replaced"] += len(_PRIVATE.findall(text))
        text = _PRIVATE.sub("\ufffd", text)
    if _LIG.search(text):
        report.counts["ligatures"] += len(_LIG.findall(text))
        text = _LIG.sub(lambda m: LIGATURES[m.group()], text)
    body = text.rstrip()
    if SOFT in body[:-1]:
        report.counts["soft-hyphens"] += body[:-1].count(SOFT)
        text = body[:-1].replace(SOFT, "") + text[len(body) - 1:]
    if _SYMBOL_FONT.search(s["font"]) and len(text.strip()) == 1 and \
            not text.strip().isalnum() and text.strip() not in "•\uf0b7":
        report.counts["symbol-bullets"] += 1
        text = text.replace(text.strip(), "•")
    italic, bold, caps = _style(s)
    x0, y0, x1, y1 = s["bbox"]
    mono = bool(s["flags"] & 8) or bool(_MONO_NAME.search(s["font"]))
    return Span(text, s["font"], s["size"], x0, y0, x1, y1, s["origin"][1],
                italic, bold, caps, bool(s["flags"] & 1), mono)


def _bridged(x0: float, x1: float, base: float, spans, size: float,
             both: bool = False, least: int = 2) -> bool:
    """Do other lines (``least`` of them) run across the gap [x0, x1] (a
    wide word space in a justified line), rather than leave it empty (a
    column's gutter)?  ``both``: lines above and lines below it do."""
    ys = [y for a, b, y, z in spans if abs(y - base) > 0.5 * size and
          a < x0 and b > x1 and abs(y - base) < 8 * size and
          abs(z - size) < 0.1 * size]
    if both:
        return any(y < base for y in ys) and any(y > base for y in ys)
    return len(ys) >= least


_LONE_CALL = re.compile(r"\d{1,3}|[*†‡§¶]")


def _calls_put_in(lines: list[Line]) -> list[Line]:
    """A raised call the extractor gave a line of its own, set within
    another line's width just above its baseline (a word processor's call
    in mid-sentence: ``Act (DMCA)¹ was signed``), put back into that line
    where it stands, between a word's end and a space or a stop.  Left
    alone when no such place is within three letters of it."""
    out: list[Line] = []
    for c in lines:
        t = c.text.strip()
        host = None
        if len(c.spans) == 1 and _LONE_CALL.fullmatch(t):
            host = next((ln for ln in lines if ln is not c and
                         ln.x0 < c.x0 and c.x1 < ln.x1 and
                         c.size < 0.9 * ln.size and
                         0.1 * ln.size < ln.base - c.base < 0.6 * ln.size),
                        None)
        if host is None or not _put_in(host, c.spans[0]):
            out.append(c)
    return out


def _put_in(line: Line, call: Span) -> bool:
    """Split the span of ``line`` under ``call`` where the call stands."""
    for k, s in enumerate(line.spans):
        if not s.x0 <= call.x0 <= s.x1 or not s.text:
            continue
        guess = round((call.x0 - s.x0) / max(s.x1 - s.x0, 1e-6) * len(s.text))
        at = [j for j in range(max(1, guess - 3), min(len(s.text), guess + 3)
                               + 1)
              if not s.text[j - 1].isspace() and (
                  j == len(s.text) or s.text[j].isspace())]
        if not at:
            return False
        j = min(at, key=lambda j: abs(j - guess))
        left = replace(s, text=s.text[:j], x1=call.x0)
        right = replace(s, text=s.text[j:], x0=call.x1)
        line.spans[k:k + 1] = [left, replace(call, superscript=True)] + (
            [right] if right.text else [])
        return True
    return False


def merge_lines(lines: list[Line],
                gutters: Sequence[tuple[float, float]] = (),
                ) -> list[Line]:
    """Lines split by the extractor at a style change or a raised call put
    back together: same baseline band, side by side, close together (a
    wider gap only when lines above or below run across it: a word space
    of a justified line, not a column's gutter).  Never across one of the
    ``gutters`` (x0, x1) found between columns."""
    lines = _calls_put_in(lines)
    lines = sorted(lines, key=lambda ln: (round(ln.base), ln.x0))
    spans = [(ln.x0, ln.x1, ln.base, ln.size) for ln in lines]
    lines = _spread_words(lines, spans)
    out: list[Line] = []
    for ln in lines:
        if any(abs(p.base - ln.base) < 1 and ln.x0 >= p.x0 - 1 and
               ln.x1 <= p.x1 + 1 and ln.text.strip() in p.text
               for p in out[-4:]):
            continue  # drawn again over itself (fake bold)
        for prev in reversed(out[-4:]):
            lo = max(prev.y0, ln.y0)
            hi = min(prev.y1, ln.y1)
            h = min(prev.y1 - prev.y0, ln.y1 - ln.y0)
            gap = ln.x0 - prev.x1
            small = min(prev.size, ln.size)
            if any(prev.x1 <= g[0] + 0.3 * small and
                   ln.x0 >= g[1] - 0.3 * small for g in gutters):
                continue
            marker = (_MARKER.match(prev.text) or _section_number(
                prev, ln)) and gap <= 4 * small
            if hi - lo >= 0.5 * h and -1 <= gap and (marker or (
                    gap <= 2 * small and (gap <= 0.5 * small or _bridged(
                        prev.x1, ln.x0, ln.base, spans, small))) or (
                    # A narrow justified column stretches a space wider:
                    # bridged then both above and below.
                    gap <= 4 * small and _bridged(
                        prev.x1, ln.x0, ln.base, spans, small, both=True))):
                if marker and not prev.text.endswith(" "):
                    prev.spans[-1].text += " "
                prev.spans.extend(ln.spans)
                break
        else:
            out.append(ln)
    for ln in out:
        ln.spans.sort(key=lambda s: s.x0)
        ln.spans = _no_overprint(ln.spans)
    return out


def _section_number(prev: Line, ln: Line) -> bool:
    """Is ``prev`` a heading's number set apart from its title (``3.1``
    a quad before ``Définitions préliminaires``: LaTeX's numbered
    subsections; a word processor's tab)?  Both wholly bold, in one
    size: a table's first cell of numbers is set in the text's type."""
    spans = [s for s in prev.spans + ln.spans if s.text.strip()]
    return bool(_SECTION.match(prev.text)) and bool(spans) and all(
        s.bold for s in spans) and abs(prev.size - ln.size) < 0.3 and \
        ln.text.lstrip()[:1].isalpha()


def _spread_words(lines: list[Line], spans) -> list[Line]:
    """A justified line the extractor gave word by word (LibreOffice sets
    each word of a line spread wide apart) joined: three words or more on
    one baseline, in one size, one word a piece, with equal gaps (within
    half a point) of up to 4 em, each run across by two lines of that size
    above or below (one, when the gaps are three or more: a quotation's
    first line over its short last): a justified line's spaces, which are
    all alike; a gutter between columns is one gap, and the lines beside
    it hold several words."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        row = [lines[k]]
        while k + len(row) < len(lines):
            nxt = lines[k + len(row)]
            if abs(nxt.base - row[0].base) >= 0.5 or \
                    abs(nxt.size - row[0].size) >= 0.1 or \
                    nxt.x0 <= row[-1].x1:
                break
            row.append(nxt)
        gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:])]
        size = row[0].size
        if len(row) >= 3 and all(
                len(ln.text.split()) == 1 for ln in row) and \
                0 < min(gaps) and max(gaps) - min(gaps) <= 0.5 and \
                max(gaps) <= 4 * size and all(
                    _bridged(a.x1, b.x0, row[0].base, spans, size,
                             least=1 if len(gaps) >= 3 else 2)
                    for a, b in zip(row, row[1:])):
            for ln in row[1:]:
                row[0].spans.extend(ln.spans)
            out.append(row[0])
        else:
            out += row
        k += len(row)
    return out


def _no_overprint(spans: list[Span]) -> list[Span]:
    """Spans drawn again over text already there (fake bold, a repeated
    glyph) left out: a span lying within another on the same baseline whose
    characters that one already holds."""
    keep: list[Span] = []
    for s in spans:
        t = s.text.strip()
        if any(o is not s and o.x0 - 0.5 <= s.x0 and s.x1 <= o.x1 + 0.5 and
               abs(o.base - s.base) < 1 and t and t in o.text and
               (o.x1 - o.x0) > (s.x1 - s.x0) for o in keep):
            continue
        keep.append(s)
    return keep
