"""Colour for the press: every colour of a laid-out PDF in CMYK.

WeasyPrint writes every colour as device RGB (``0 0 0 rg`` for black
text).  A print shop converts RGB to its four inks, and black becomes a
four-colour black that blurs when the plates are slightly off register:
fatal for 8.6 pt notes.  :func:`to_cmyk` rewrites the PDF after layout,
with pikepdf (qpdf's parser: made for rewriting content streams):

- a neutral RGB colour (red = green = blue, black and greys: the text,
  the rules, the running heads) becomes K only: ``0 0 0 rg`` ->
  ``0 0 0 1 k``, ``0.5 0.5 0.5 rg`` -> ``0 0 0 0.5 k``;
- any other RGB colour goes through the output profile (sRGB to the
  shipped CMYK profile, relative colorimetric with black-point
  compensation, by littleCMS through Pillow's ``ImageCms``);
- the same for the ``cs``/``sc``/``scn`` operators when they select an RGB
  space (``/DeviceRGB``, an ``ICCBased`` space of three components,
  ``CalRGB``), for axial and radial shadings with a simple (type 2)
  function, and for images (their pixels converted, written back as
  Flate-compressed CMYK);
- transparency groups blend in ``/DeviceCMYK``;
- grey stays grey (``g``, ``/DeviceGray``): it prints on the black plate.

Content streams are rewritten in pages, form XObjects (recursively),
tiling patterns and Type 3 glyph procedures.  What cannot be converted
(an exotic colour space) is left as it is, and the PDF/X check
(:mod:`.preflight`) names it.
"""

from __future__ import annotations

import functools
import io
import zlib
from pathlib import Path
from typing import Any, cast

from .pdfwalk import ResourceWalk

DATA = Path(__file__).resolve().parent.parent / "data" / "icc"
"""Where the shipped ICC profiles are."""

DEFAULT_PROFILE = DATA / "FOGRA39L-pamphleteer.icc"
"""The CMYK output profile used when a manifest names none."""

RGB_SPACES = ("/DeviceRGB", "/CalRGB")


@functools.lru_cache(maxsize=4)
def _transform(profile: str) -> Any:
    from PIL import ImageCms

    src = ImageCms.createProfile("sRGB")
    dst = ImageCms.getOpenProfile(profile)
    return ImageCms.buildTransform(
        src, dst, "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


class Converter:
    """RGB -> CMYK for one output profile (colours remembered)."""

    def __init__(self, profile: Path = DEFAULT_PROFILE):
        self.profile = str(profile)
        self._memo: dict[tuple[float, float, float], tuple[float, ...]] = {}
        self.colours = 0
        """Colour operators converted."""
        self.images = 0
        """Images converted."""

    def cmyk(self, r: float, g: float, b: float) -> tuple[float, ...]:
        """One colour (components 0..1) in CMYK; neutral greys on K only."""
        r, g, b = (min(1.0, max(0.0, v)) for v in (r, g, b))
        if abs(r - g) < 1e-4 and abs(g - b) < 1e-4:
            return (0.0, 0.0, 0.0, round(1.0 - r, 4))
        key = (r, g, b)
        if key not in self._memo:
            from PIL import Image, ImageCms

            img = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in key))
            out = ImageCms.applyTransform(img, _transform(self.profile))
            # applyTransform returns a new image (None only with inPlace).
            assert out is not None
            pixel = cast("tuple[int, ...]", out.getpixel((0, 0)))
            self._memo[key] = tuple(round(v / 255, 4) for v in pixel)
        return self._memo[key]

    def image(self, pil: Any) -> Any:
        """An RGB(A) Pillow image in CMYK (alpha dropped: the soft mask
        stays on the image)."""
        from PIL import ImageCms

        self.images += 1
        return ImageCms.applyTransform(pil.convert("RGB"),
                                       _transform(self.profile))


def _is_rgb_space(space: Any) -> bool:
    """Is a colour space (a name or an array, resolved) an RGB one?"""
    import pikepdf

    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_SPACES
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind in RGB_SPACES:
            return True
        if kind == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
    return False


def _space(resources: Any, name: Any) -> Any:
    """The colour space a ``cs`` operand names in ``resources``."""
    import pikepdf

    if str(name) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
        return pikepdf.Name(str(name))
    spaces = resources.get("/ColorSpace") if resources is not None else None
    if spaces is not None and name in spaces:
        return spaces[name]
    return pikepdf.Name(str(name))


def _num(v: float) -> Any:
    from decimal import Decimal

    return Decimal(f"{v:.4f}").normalize() if v else 0


class _Rewriter(ResourceWalk):
    """Rewrites every content stream and resource a page prints with."""

    def __init__(self, pdf: Any, conv: Converter):
        super().__init__()
        self.pdf, self.conv = pdf, conv

    def stream(self, contents: Any, resources: Any) -> bytes | None:
        """A content stream's operators with RGB made CMYK (None: none)."""
        import pikepdf

        ops = pikepdf.parse_content_stream(contents)
        changed = False
        fill_rgb = stroke_rgb = False
        stack: list[tuple[bool, bool]] = []
        out: list[tuple[Any, Any]] = []
        for instruction in ops:
            operands, op = instruction.operands, instruction.operator
            name = str(op)
            if name in ("rg", "RG") and len(operands) == 3:
                c = self.conv.cmyk(*(float(v) for v in operands))
                out.append(([_num(v) for v in c],
                            pikepdf.Operator("k" if name == "rg" else "K")))
                self.conv.colours += 1
                changed = True
                continue
            if name == "q":
                stack.append((fill_rgb, stroke_rgb))
            elif name == "Q" and stack:
                fill_rgb, stroke_rgb = stack.pop()
            elif name in ("cs", "CS") and operands:
                rgb = _is_rgb_space(_space(resources, operands[0]))
                if name == "cs":
                    fill_rgb = rgb
                else:
                    stroke_rgb = rgb
                if rgb:
                    out.append(([pikepdf.Name("/DeviceCMYK")], op))
                    changed = True
                    continue
            elif name in ("sc", "scn", "SC", "SCN") and len(operands) == 3 \
                    and (fill_rgb if name in ("sc", "scn") else stroke_rgb) \
                    and all(isinstance(v, (int, float)) or
                            type(v).__name__ == "Decimal" for v in operands):
                c = self.conv.cmyk(*(float(v) for v in operands))
                out.append(([_num(v) for v in c], op))
                self.conv.colours += 1
                changed = True
                continue
            out.append((operands, op))
        if not changed:
            return None
        return pikepdf.unparse_content_stream(out)

    def resources(self, resources: Any) -> None:
        """Forms, patterns, shadings, images and Type 3 fonts used here,
        then the colour spaces named here."""
        import pikepdf

        if resources is None:
            return
        super().resources(resources)
        spaces = resources.get("/ColorSpace")
        if spaces is not None:
            for key in list(spaces.keys()):
                if _is_rgb_space(spaces[key]):
                    spaces[key] = pikepdf.Name("/DeviceCMYK")

    def group(self, obj: Any) -> None:
        group = obj.get("/Group")
        if group is not None and "/CS" in group and _is_rgb_space(group.CS):
            group.CS = __import__("pikepdf").Name("/DeviceCMYK")

    def form(self, xobj: Any) -> None:
        res = xobj.get("/Resources")
        data = self.stream(xobj, res)
        if data is not None:
            xobj.write(data)
        self.group(xobj)
        self.resources(res)

    def glyph(self, proc: Any, resources: Any) -> None:
        data = self.stream(proc, resources)
        if data is not None:
            proc.write(data)

    def shading(self, sh: Any) -> None:
        import pikepdf

        if not _is_rgb_space(sh.get("/ColorSpace")):
            return
        fn = sh.get("/Function")
        fns = list(fn) if isinstance(fn, pikepdf.Array) else [fn]
        parts: list[Any] = []
        for f in fns:
            if f is None:
                return
            if int(f.get("/FunctionType", -1)) == 3:
                parts.extend(f.Functions)
            else:
                parts.append(f)
        if not all(int(p.get("/FunctionType", -1)) == 2 for p in parts):
            return  # left for the check to name
        for p in parts:
            for key in ("/C0", "/C1"):
                default = [0, 0, 0] if key == "/C0" else [1, 1, 1]
                rgb = [float(v) for v in p.get(key, default)]
                p[key] = pikepdf.Array([_num(v) for v in self.conv.cmyk(*rgb)])
        sh.ColorSpace = pikepdf.Name("/DeviceCMYK")
        self.conv.colours += 1

    def image(self, xobj: Any) -> None:
        import pikepdf

        if not _is_rgb_space(xobj.get("/ColorSpace")):
            return
        try:
            pil = pikepdf.PdfImage(xobj).as_pil_image()
        except Exception:  # an encoding Pillow cannot read: left as it is
            return
        cmyk = self.conv.image(pil)
        xobj.write(zlib.compress(cmyk.tobytes()), filter=pikepdf.Name.FlateDecode)
        xobj.ColorSpace = pikepdf.Name("/DeviceCMYK")
        xobj.BitsPerComponent = 8
        for key in ("/DecodeParms", "/Decode"):
            if key in xobj:
                del xobj[key]


def convert_pdf(pdf: Any, conv: Converter) -> None:
    """Rewrite an open :class:`pikepdf.Pdf`'s colours in place."""
    rw = _Rewriter(pdf, conv)
    for page in pdf.pages:
        res = page.obj.get("/Resources")
        contents = page.obj.get("/Contents")
        if contents is not None:
            data = rw.stream(page.obj, res)
            if data is not None:
                page.obj.Contents = pdf.make_stream(data)
        rw.group(page.obj)
        rw.resources(res)


def icc_info(data: bytes) -> tuple[str, int, str]:
    """(device class, components, description) of an ICC profile; raises
    :class:`ValueError` when it is not one."""
    if len(data) < 132 or data[36:40] != b"acsp":
        raise ValueError("not an ICC profile (no 'acsp' signature)")
    spaces = {b"CMYK": 4, b"RGB ": 3, b"GRAY": 1, b"Lab ": 3}
    space = data[16:20]
    if space not in spaces:
        raise ValueError(f"unknown colour space {space!r}")
    desc = ""
    try:
        from PIL import ImageCms

        prof = ImageCms.getOpenProfile(io.BytesIO(data))
        desc = ImageCms.getProfileDescription(prof).strip()
    except Exception:  # a description is only for people
        desc = ""
    return data[12:16].decode("latin-1"), spaces[space], desc
