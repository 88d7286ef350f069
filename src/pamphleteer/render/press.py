"""The press PDF made ready for a print shop, after layout.

:func:`finish_press` takes the joined PDF of a ``press`` profile and, with
pikepdf:

- converts every colour to CMYK (:mod:`.colour`: black text and rules on
  the black plate only);
- for a PDF/X variant, gives it what the standard asks of the file: an
  ``OutputIntent`` (``/S /GTS_PDFX``) carrying the CMYK output profile
  (``DestOutputProfile``) and its ``OutputConditionIdentifier``; the
  document information's ``GTS_PDFXVersion`` (and for X-1a
  ``GTS_PDFXConformance``), ``Trapped /False``, the title and dates (the
  XMP packet WeasyPrint wrote says the same);
- draws crop marks (``marks: crop``) and registration marks
  (``crop+registration``) outside the bleed: the MediaBox grows by a slug
  around the BleedBox, the page's own drawing is clipped to the BleedBox,
  and the marks are drawn in the registration colour (``Separation /All``).
  ``marks: none`` (the default, what most online printers ask) leaves the
  MediaBox at the BleedBox.

Then :func:`.preflight.check_press` checks the result; a violation fails
the build.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ManifestError, RenderError
from .colour import DEFAULT_PROFILE, Converter, convert_pdf, icc_info

MM = 72 / 25.4

MARKS = ("none", "crop", "crop+registration")
"""The values of a profile's ``marks``."""

MARK_GAP_MM = 1.0
"""How far beyond the bleed the marks begin."""
MARK_LENGTH_MM = 5.0
"""Length of a crop mark."""
SLUG_MM = MARK_GAP_MM + MARK_LENGTH_MM + 1.0
"""Room added around the BleedBox for the marks."""

DEFAULT_CONDITION = ("FOGRA39", "http://www.color.org",
                     "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 "
                     "(FOGRA39L characterization data)")
"""(OutputConditionIdentifier, RegistryName, Info) of the shipped profile:
FOGRA39 is a registered characterization, so a print shop may use its own
profile for it."""


@dataclass(frozen=True)
class PressOptions:
    """What a press profile asks of its PDF."""

    variant: str = ""
    """``pdf/x-4``, ``pdf/x-1a`` (or another PDF/X), or empty."""
    marks: str = "none"
    """``none``, ``crop`` or ``crop+registration``."""
    icc_profile: Path = DEFAULT_PROFILE
    """The CMYK output profile."""
    title: str = ""

    @property
    def pdfx(self) -> bool:
        return self.variant.startswith("pdf/x")


def profile_marks(profile: Any) -> str:
    """A manifest profile's marks: ``marks``, or ``crop`` for the older
    ``crop_marks: true``."""
    marks = getattr(profile, "marks", "") or ""
    if not marks:
        return "crop" if getattr(profile, "crop_marks", False) else "none"
    return marks


def press_options(profile: Any, *, book_dir: Path | None, title: str
                  ) -> PressOptions:
    """The press options of a manifest profile."""
    marks = profile_marks(profile)
    if marks not in MARKS:
        raise ManifestError(f"profile `{profile.name}`: marks must be one of "
                            f"{', '.join(MARKS)}, not `{marks}`")
    icc = getattr(profile, "icc_profile", "") or ""
    path = DEFAULT_PROFILE
    if icc:
        path = Path(icc) if book_dir is None else (book_dir / icc)
        if not path.is_file():
            raise ManifestError(f"profile `{profile.name}`: icc_profile "
                                f"{icc} not found (relative to the manifest)")
    return PressOptions(variant=profile.variant or "", marks=marks,
                        icc_profile=path, title=title)


def wants_finish(profile: Any) -> bool:
    """Does this profile's PDF go through :func:`finish_press`?"""
    return profile.kind == "press" or (profile.variant or "").startswith(
        "pdf/x") or profile_marks(profile) != "none"


def _version_strings(variant: str) -> tuple[str, str]:
    """(GTS_PDFXVersion, GTS_PDFXConformance or '') for a variant."""
    return {"pdf/x-1a": ("PDF/X-1a:2003", "PDF/X-1a:2003"),
            "pdf/x-3": ("PDF/X-3:2003", "PDF/X-3:2003"),
            "pdf/x-4": ("PDF/X-4", ""),
            "pdf/x-5g": ("PDF/X-5g", "")}.get(variant, ("", ""))


def finish_press(data: bytes, options: PressOptions) -> bytes:
    """The press-ready PDF (see the module's text)."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as err:
        raise RenderError(f"cannot read the PDF to finish it for the press "
                          f"({err})") from err
    icc = options.icc_profile.read_bytes()
    try:
        cls, n, desc = icc_info(icc)
    except ValueError as err:
        raise ManifestError(f"{options.icc_profile}: {err}") from err
    if n != 4 or cls != "prtr":
        raise ManifestError(f"{options.icc_profile} is not a CMYK output "
                            "profile (a press PDF is converted to CMYK)")
    convert_pdf(pdf, Converter(options.icc_profile))
    if options.pdfx:
        _output_intent(pdf, icc, options, desc)
        _info(pdf, options)
    for page in pdf.pages:
        for key in ("/AA",):
            if key in page.obj:
                del page.obj[key]
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root:
            del pdf.Root[key]
    if options.marks != "none":
        _draw_marks(pdf, options.marks)
    version = pdf.pdf_version
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True,
             object_stream_mode=(pikepdf.ObjectStreamMode.generate
                                 if version >= "1.5" else
                                 pikepdf.ObjectStreamMode.disable),
             force_version=version)
    return out.getvalue()


def _output_intent(pdf: Any, icc: bytes, options: PressOptions,
                   desc: str) -> None:
    import pikepdf

    stream = pdf.make_stream(icc)
    stream.N = 4
    if options.icc_profile.resolve() == DEFAULT_PROFILE.resolve():
        ident, registry, info = DEFAULT_CONDITION
    else:
        ident, registry, info = "Custom", "", desc or options.icc_profile.name
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(ident),
        OutputCondition=pikepdf.String(info), Info=pikepdf.String(info),
        DestOutputProfile=stream)
    if registry:
        intent.RegistryName = pikepdf.String(registry)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def _info(pdf: Any, options: PressOptions) -> None:
    import pikepdf

    version, conformance = _version_strings(options.variant)
    info = pdf.docinfo
    if version:
        info[pikepdf.Name.GTS_PDFXVersion] = pikepdf.String(version)
    if conformance:
        info[pikepdf.Name.GTS_PDFXConformance] = pikepdf.String(conformance)
    info[pikepdf.Name.Trapped] = pikepdf.Name("/False")
    if not str(info.get("/Title", "")).strip() and options.title:
        info[pikepdf.Name.Title] = pikepdf.String(options.title)


def _rect(obj: Any) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in obj)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r
    return (f"{cx + r:.3f} {cy:.3f} m "
            f"{cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} "
            f"{cx:.3f} {cy + r:.3f} c "
            f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} "
            f"{cx - r:.3f} {cy:.3f} c "
            f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} "
            f"{cx:.3f} {cy - r:.3f} c "
            f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} "
            f"{cx + r:.3f} {cy:.3f} c S")


def mark_paths(trim: tuple[float, float, float, float],
               bleed: tuple[float, float, float, float], marks: str
               ) -> list[str]:
    """The marks of one page as path operators (points): each crop mark
    on the line of a trim edge, starting :data:`MARK_GAP_MM` beyond the
    bleed (or the trim where that side has none)."""
    tx0, ty0, tx1, ty1 = trim
    bx0, by0, bx1, by1 = bleed
    gap = MARK_GAP_MM * MM
    length = MARK_LENGTH_MM * MM
    # Where the marks start on each side: beyond the bleed.
    left, right = bx0 - gap, bx1 + gap
    bottom, top = by0 - gap, by1 + gap
    out = []
    for y in (ty0, ty1):
        out.append(f"{left - length:.3f} {y:.3f} m {left:.3f} {y:.3f} l S")
        out.append(f"{right:.3f} {y:.3f} m {right + length:.3f} {y:.3f} l S")
    for x in (tx0, tx1):
        out.append(f"{x:.3f} {bottom - length:.3f} m {x:.3f} {bottom:.3f} l S")
        out.append(f"{x:.3f} {top:.3f} m {x:.3f} {top + length:.3f} l S")
    if marks == "crop+registration":
        r = length * 0.3
        cx, cy = (tx0 + tx1) / 2, (ty0 + ty1) / 2
        for x, y in ((cx, bottom - length / 2), (cx, top + length / 2),
                     (left - length / 2, cy), (right + length / 2, cy)):
            out.append(_circle(x, y, r))
            out.append(f"{x - r * 1.6:.3f} {y:.3f} m {x + r * 1.6:.3f} "
                       f"{y:.3f} l S {x:.3f} {y - r * 1.6:.3f} m {x:.3f} "
                       f"{y + r * 1.6:.3f} l S")
    return out


def _draw_marks(pdf: Any, marks: str) -> None:
    import pikepdf

    tint = pdf.make_indirect(pikepdf.Dictionary(
        FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1))
    registration = pdf.make_indirect(pikepdf.Array(
        [pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK,
         tint]))
    slug = SLUG_MM * MM
    for page in pdf.pages:
        obj = page.obj
        trim = _rect(obj.TrimBox if "/TrimBox" in obj else obj.MediaBox)
        bleed = _rect(obj.BleedBox if "/BleedBox" in obj else trim)
        gap = MARK_GAP_MM * MM + MARK_LENGTH_MM * MM
        # The slug: room for marks beyond the bleed on every side (and at
        # least beyond the trim where a side has no bleed).
        media = (min(bleed[0], trim[0]) - max(slug, gap),
                 min(bleed[1], trim[1]) - max(slug, gap),
                 max(bleed[2], trim[2]) + max(slug, gap),
                 max(bleed[3], trim[3]) + max(slug, gap))
        res = obj.get("/Resources")
        if res is None:
            obj.Resources = res = pikepdf.Dictionary()
        if "/ColorSpace" not in res:
            res.ColorSpace = pikepdf.Dictionary()
        res.ColorSpace.PamphleteerAll = registration
        clip = (f"q {bleed[0]:.3f} {bleed[1]:.3f} {bleed[2] - bleed[0]:.3f} "
                f"{bleed[3] - bleed[1]:.3f} re W n\n")
        page.contents_add(pdf.make_stream(clip.encode("ascii")), prepend=True)
        drawn = "\n".join(mark_paths(trim, bleed, marks))
        tail = (f"\nQ\nq /PamphleteerAll CS 1 SCN 0.25 w 0 J [] 0 d\n"
                f"{drawn}\nQ\n")
        page.contents_add(pdf.make_stream(tail.encode("ascii")))
        page.contents_coalesce()
        obj.MediaBox = pikepdf.Array([round(v, 3) for v in media])
        if "/CropBox" in obj:
            del obj["/CropBox"]
        obj.BleedBox = pikepdf.Array([round(v, 3) for v in bleed])
        obj.TrimBox = pikepdf.Array([round(v, 3) for v in trim])


def press_pdf(data: bytes, profile: Any, *, book_dir: Path | None,
              title: str) -> bytes:
    """A profile's joined PDF, finished for the press when the profile
    asks (:func:`wants_finish`) and preflighted: a PDF/X violation raises
    :class:`~pamphleteer.errors.RenderError` (the build fails, nothing is
    written)."""
    from .preflight import check_press

    if not wants_finish(profile):
        return data
    options = press_options(profile, book_dir=book_dir, title=title)
    done = finish_press(data, options)
    problems = check_press(done, variant=options.variant,
                           marks=options.marks != "none")
    if problems:
        raise RenderError(f"the {profile.name} PDF fails its PDF/X preflight "
                          "and was not written",
                          problems=[f"  - {p}" for p in problems])
    return done
