"""The cover writer: the front cover, and a wrap per press profile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import writer

if TYPE_CHECKING:
    from ..render.job import WriteJob

IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG",
               ".webp": "WebP", ".svg": "SVG", ".gif": "GIF"}
"""Image kinds named on a release's page, by file extension."""


def describe(kind: str, profile: str, tail: str, name: str,
             profile_kinds: dict[str, str]) -> tuple[str, str, str]:
    """A cover on a release's page: a press profile's wrap or the front."""
    if profile_kinds.get(profile) == "press":
        return (f"Cover wrap ({profile})", "press", "Back, spine and front "
                "in one sheet for the printed book.")
    ext = Path(name).suffix.lower()
    image = IMAGE_TYPES.get(ext, ext.lstrip(".").upper())
    return (f"Cover{f' ({image})' if image else ''}", "other",
            "The front cover.")


@writer("cover", description="front cover PDF and PNG, and a wrap with "
        "spine per press profile",
        files="<slug>-cover.pdf, <slug>-cover.png, <slug>-<profile>-cover.pdf",
        describe=describe, stage=30, release_order=60)
def write(job: WriteJob) -> None:
    """The front cover (PDF and PNG) and, for every press profile laid out,
    the full wrap with a spine as wide as its page count asks."""
    from ..render.cover import (  # see the writers' package doc
        front_cover_pdf, front_cover_png, wrap_cover_pdf)

    job.say("making the covers")
    book, out = job.book, job.output
    slug = book.slug
    width, height = out.trim()
    # Both made before either is written: a missing rasteriser for the PNG
    # must not leave a new PDF behind (a failed build writes nothing).
    front_pdf = front_cover_pdf(book, width=width, height=height)
    front_png = front_cover_png(book)
    job.write(f"{slug}-cover.pdf", front_pdf, "cover", "",
              "The front cover, for the screen PDF and sharing")
    job.write(f"{slug}-cover.png", front_png, "cover", "",
              "The front cover as an image")
    for p in job.all_profiles:
        if p.kind != "press" or p.name not in job.layouts:
            continue
        w, h = out.trim(p)
        pages = job.layouts[p.name].pages
        data = wrap_cover_pdf(book, trim_width=w, trim_height=h, pages=pages,
                              paper_thickness_mm=p.paper_thickness_mm,
                              bleed=p.bleed if p.bleed_mm else "3mm")
        job.write(f"{slug}-{p.name}-cover.pdf", data, "cover", p.name,
                  "Full cover wrap (back, spine, front) for the "
                  f"{p.name} PDF, spine sized for {pages} pages")
