"""PDF/X preflight: what ISO 15930 asks of a file, checked after writing.

No free PDF/X validator can run here (veraPDF checks PDF/A and PDF/UA,
not PDF/X, and is a Java program outside PyPI and Debian), so
:func:`check_press` checks the requirements a print shop's preflight
(Acrobat's, callas pdfToolbox, PitStop) tests first, read with pikepdf:

- the catalog's ``OutputIntents`` holds a ``/GTS_PDFX`` intent with an
  ``OutputConditionIdentifier`` and a ``DestOutputProfile`` (an embedded
  ICC output profile whose component count matches the condition: 4 for
  CMYK);
- the document information's ``GTS_PDFXVersion`` names the variant (X-4:
  also the XMP packet's ``pdfxid:GTS_PDFXVersion``), ``Trapped`` is
  ``/True`` or ``/False``, a ``Title``, ``CreationDate`` and ``ModDate``;
  the trailer has an ``/ID``; the file is not encrypted; X-1a: PDF 1.4 at
  most;
- every page has a TrimBox (or an ArtBox, not both), inside its BleedBox,
  inside its MediaBox;
- no colour in device RGB anywhere in page content (``rg``/``RG``, a
  ``/DeviceRGB`` colour space, image, shading or inline image): with a
  CMYK output intent, device RGB has no defined meaning.  X-1a allows
  device CMYK, grey, ``Separation`` and ``DeviceN`` only (no ICC-based
  or Lab colour) and no transparency (soft masks, constant alpha below
  1, blend modes, transparency groups);
- no JavaScript, no actions, and no annotation inside the BleedBox but
  printer's marks and trap networks.

With ``marks`` expected, the MediaBox must be larger than the BleedBox
(the marks are outside the bleed).  The fonts are checked by
:mod:`pamphleteer.pdfcheck` with the other print checks.
"""

from __future__ import annotations

import io
from typing import Any, Iterator

from .colour import icc_info
from .pdfwalk import ResourceWalk

TOL = 0.5
"""Points a box may be off."""

_PAINT_ALLOWED_X1A = ("/DeviceCMYK", "/DeviceGray", "/Separation",
                      "/DeviceN", "/Pattern", "/Indexed")


def _space_kind(space: Any) -> str:
    import pikepdf

    if isinstance(space, pikepdf.Name):
        return str(space)
    if isinstance(space, pikepdf.Array) and len(space):
        return str(space[0])
    return "?"


def _space_label(space: Any) -> str:
    import pikepdf

    kind = _space_kind(space)
    if kind == "/ICCBased" and isinstance(space, pikepdf.Array):
        n = int(space[1].get("/N", 0))
        return {1: "ICC-based grey", 3: "ICC-based RGB",
                4: "ICC-based CMYK"}.get(n, "ICC-based")
    if kind == "/Indexed" and isinstance(space, pikepdf.Array):
        return "indexed " + _space_label(space[1])
    return {"/DeviceRGB": "device RGB", "/CalRGB": "CalRGB", "/Lab": "Lab",
            "/CalGray": "CalGray"}.get(kind, kind.lstrip("/"))


def _bad_space(space: Any, x1a: bool) -> str | None:
    """Why a colour space is not allowed (None: it is)."""
    import pikepdf

    kind = _space_kind(space)
    if kind == "/Indexed" and isinstance(space, pikepdf.Array):
        return _bad_space(space[1], x1a)
    if kind in ("/DeviceRGB", "/RGB"):
        return "device RGB"
    if x1a and kind not in _PAINT_ALLOWED_X1A + ("/G", "/CMYK"):
        return _space_label(space) + " (PDF/X-1a allows CMYK, grey and " \
                                     "spot colours only)"
    if kind in ("/Separation", "/DeviceN") and isinstance(space, pikepdf.Array):
        alt = space[2]
        if _space_kind(alt) in ("/DeviceRGB",):
            return f"{kind.lstrip('/')} with a device RGB alternate"
    return None


class _Walker(ResourceWalk):
    """Every content stream and resource a page prints with."""

    def __init__(self, x1a: bool):
        super().__init__()
        self.x1a = x1a
        self.found: dict[str, list[int]] = {}
        self.page = 0

    def fault(self, message: str) -> None:
        pages = self.found.setdefault(message, [])
        if not pages or pages[-1] != self.page:
            pages.append(self.page)

    def content(self, owner: Any, resources: Any) -> None:
        import pikepdf

        try:
            ops = pikepdf.parse_content_stream(owner)
        except pikepdf.PdfError as err:
            self.fault(f"a content stream cannot be read ({err})")
            return
        for instruction in ops:
            operands, op = instruction.operands, instruction.operator
            name = str(op)
            if name in ("rg", "RG"):
                self.fault("device RGB colour in page content (rg/RG)")
            elif name in ("cs", "CS") and operands:
                space = _lookup(resources, operands[0])
                why = _bad_space(space, self.x1a)
                if why:
                    self.fault(f"{why} colour in page content")
            elif name == "gs" and operands and self.x1a:
                states = resources.get("/ExtGState") if resources else None
                if states is not None and operands[0] in states:
                    self.ext_state(states[operands[0]])
            elif name == "INLINE IMAGE":
                img = operands[0] if operands else None
                cs = None
                if img is not None:
                    try:
                        cs = img.obj.get("/CS") or img.obj.get("/ColorSpace")
                    except Exception:
                        cs = None
                if cs is not None:
                    if isinstance(cs, pikepdf.Name) and \
                            str(cs) in ("/RGB", "/DeviceRGB"):
                        self.fault("device RGB inline image")
        self.resources(resources)

    def ext_state(self, gs: Any) -> None:
        import pikepdf

        smask = gs.get("/SMask")
        if smask is not None and not (isinstance(smask, pikepdf.Name)
                                      and str(smask) == "/None"):
            self.fault("transparency (soft mask) in PDF/X-1a")
        for key in ("/CA", "/ca"):
            if key in gs and float(gs[key]) < 1:
                self.fault("transparency (alpha below 1) in PDF/X-1a")
        bm = gs.get("/BM")
        if bm is not None and str(bm if not isinstance(bm, pikepdf.Array)
                                  else bm[0]) not in ("/Normal", "/Compatible"):
            self.fault("transparency (blend mode) in PDF/X-1a")

    def form(self, xobj: Any) -> None:
        self.group(xobj)
        self.content(xobj, xobj.get("/Resources"))

    def tiling(self, pattern: Any) -> None:
        self.content(pattern, pattern.get("/Resources"))

    def glyph(self, proc: Any, resources: Any) -> None:
        self.content(proc, resources)

    def group(self, obj: Any) -> None:
        group = obj.get("/Group")
        if group is None:
            return
        if self.x1a and str(group.get("/S")) == "/Transparency":
            self.fault("transparency group in PDF/X-1a")
        if "/CS" in group:
            why = _bad_space(group.CS, self.x1a)
            if why:
                self.fault(f"transparency group blending in {why}")

    def image(self, img: Any) -> None:
        if img.get("/ImageMask"):
            return
        space = img.get("/ColorSpace")
        if space is not None:
            why = _bad_space(space, self.x1a)
            if why:
                self.fault(f"{why} image")
        elif str(img.get("/Filter")) != "/JPXDecode":
            self.fault("image without a colour space")
        if self.x1a and "/SMask" in img:
            self.fault("transparency (image soft mask) in PDF/X-1a")

    def shading(self, sh: Any) -> None:
        why = _bad_space(sh.get("/ColorSpace"), self.x1a)
        if why:
            self.fault(f"{why} shading")


def _lookup(resources: Any, name: Any) -> Any:
    import pikepdf

    if str(name) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
        return pikepdf.Name(str(name))
    spaces = resources.get("/ColorSpace") if resources is not None else None
    if spaces is not None and name in spaces:
        return spaces[name]
    return pikepdf.Name(str(name))


def _rect(obj: Any) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in obj)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner: tuple, outer: tuple) -> bool:
    return (inner[0] >= outer[0] - TOL and inner[1] >= outer[1] - TOL and
            inner[2] <= outer[2] + TOL and inner[3] <= outer[3] + TOL)


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] - TOL and b[0] < a[2] - TOL and \
        a[1] < b[3] - TOL and b[1] < a[3] - TOL


def _pages_text(pages: list[int]) -> str:
    from ..pdfcheck import _pages_text as text

    return text(pages)


def _xmp_version(pdf: Any) -> str:
    import re

    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return ""
    xml = meta.read_bytes().decode("utf-8", "replace")
    m = re.search(r"pdfxid:GTS_PDFXVersion(?:>|=\")([^<\"]*)", xml)
    return m[1].strip() if m else ""


def check_press(data: bytes, *, variant: str = "", marks: bool = False
                ) -> list[str]:
    """Every PDF/X violation found (empty: none).  ``variant`` is the one
    claimed (``pdf/x-4``, ``pdf/x-1a``...); without one only the colour,
    box and marks checks apply."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return ["the PDF is encrypted (PDF/X forbids it)"]
    except pikepdf.PdfError as err:
        return [f"not a readable PDF ({err})"]
    out: list[str] = []
    x1a = variant == "pdf/x-1a"
    pdfx = variant.startswith("pdf/x")
    if pdf.is_encrypted:
        out.append("the PDF is encrypted (PDF/X forbids it)")
    if pdfx:
        out.extend(_document_faults(pdf, variant))
    walker = _Walker(x1a)
    box_faults: dict[str, list[int]] = {}

    def box_fault(msg: str, n: int) -> None:
        box_faults.setdefault(msg, []).append(n)

    for n, page in enumerate(pdf.pages, start=1):
        walker.page = n
        obj = page.obj
        media = _rect(obj.MediaBox)
        has_trim, has_art = "/TrimBox" in obj, "/ArtBox" in obj
        if pdfx and not has_trim and not has_art:
            box_fault("no TrimBox", n)
        if has_trim and has_art:
            box_fault("both a TrimBox and an ArtBox", n)
        trim = _rect(obj.TrimBox) if has_trim else media
        bleed = _rect(obj.BleedBox) if "/BleedBox" in obj else trim
        if not _inside(trim, bleed):
            box_fault("TrimBox not inside the BleedBox", n)
        if not _inside(bleed, media):
            box_fault("BleedBox not inside the MediaBox", n)
        if marks and _inside(media, bleed):
            box_fault("marks asked for but the MediaBox is the BleedBox: "
                      "they would be drawn in the bleed", n)
        walker.group(obj)
        if "/Contents" in obj:
            walker.content(obj, obj.get("/Resources"))
        for annot in obj.get("/Annots") or []:
            sub = str(annot.get("/Subtype"))
            if sub in ("/PrinterMark", "/TrapNet"):
                continue
            rect = _rect(annot.Rect) if "/Rect" in annot else media
            if _overlaps(rect, bleed):
                box_fault(f"a {sub.lstrip('/')} annotation inside the "
                          "BleedBox", n)
            if "/A" in annot and str(annot.A.get("/S")) == "/JavaScript":
                box_fault("JavaScript action", n)
    for msg, pages in list(box_faults.items()) + list(walker.found.items()):
        out.append(f"{msg} ({_pages_text(pages)})")
    return out


def _document_faults(pdf: Any, variant: str) -> Iterator[str]:
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    pdfx_intents = [i for i in intents or []
                    if str(i.get("/S")) == "/GTS_PDFX"]
    if not pdfx_intents:
        yield (f"claims {variant.upper()} but has no GTS_PDFX OutputIntent")
    elif len(pdfx_intents) > 1:
        yield "more than one GTS_PDFX OutputIntent"
    else:
        intent = pdfx_intents[0]
        if not str(intent.get("/OutputConditionIdentifier", "")).strip():
            yield "the OutputIntent has no OutputConditionIdentifier"
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            yield "the OutputIntent has no DestOutputProfile (ICC profile)"
        else:
            try:
                cls, n, _ = icc_info(profile.read_bytes())
            except ValueError as err:
                yield f"the OutputIntent's DestOutputProfile: {err}"
            else:
                if cls != "prtr":
                    yield (f"the OutputIntent's profile is a {cls!r} "
                           "profile, not an output (printer) profile")
                if int(profile.get("/N", n)) != n:
                    yield "the OutputIntent's profile /N does not match it"
                if n != 4:
                    yield "the OutputIntent's profile is not CMYK"
    info = pdf.trailer.get("/Info")
    info = info if info is not None else pikepdf.Dictionary()
    want = {"pdf/x-1a": "PDF/X-1", "pdf/x-3": "PDF/X-3", "pdf/x-4": "PDF/X-4",
            "pdf/x-5g": "PDF/X-5"}.get(variant, "PDF/X")
    got = str(info.get("/GTS_PDFXVersion", ""))
    xmp = _xmp_version(pdf)
    if variant in ("pdf/x-4", "pdf/x-5g"):
        if not xmp.startswith(want):
            yield (f"the XMP metadata does not name {want} "
                   "(pdfxid:GTS_PDFXVersion)")
        if got and not got.startswith(want):
            yield f"GTS_PDFXVersion is {got!r}, not {want}"
    elif not got.startswith(want):
        yield f"GTS_PDFXVersion is {got or 'missing'!s}, not {want}"
    if variant == "pdf/x-1a" and not str(
            info.get("/GTS_PDFXConformance", "")).startswith("PDF/X-1a"):
        yield "GTS_PDFXConformance is not PDF/X-1a"
    trapped = str(info.get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        yield f"Trapped is {trapped or 'missing'}, not /True or /False"
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not str(info.get(key, "")).strip():
            yield f"the document information has no {key.lstrip('/')}"
    if "/ID" not in pdf.trailer:
        yield "the trailer has no /ID"
    if variant == "pdf/x-1a" and pdf.pdf_version > "1.4":
        yield f"PDF/X-1a is PDF 1.4 at most; this is PDF {pdf.pdf_version}"
    if "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
        yield "the document has actions (OpenAction/AA)"
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        yield "the document has JavaScript"
