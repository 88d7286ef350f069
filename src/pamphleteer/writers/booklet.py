"""The booklet writer: a profile's pages imposed for saddle stitching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import writer

if TYPE_CHECKING:
    from ..manifest import ProfileSpec
    from ..render.job import WriteJob


def describe(kind: str, profile: str, tail: str, name: str,
             profile_kinds: dict[str, str]) -> tuple[str, str, str]:
    """A booklet on a release's page, named by its sheet."""
    words = tail.split("-") if tail else []
    sheet = " ".join(w.upper() for w in words[1:]) if \
        words[:1] == ["booklet"] else ""
    return (f"Booklet{f' on {sheet} sheets' if sheet else ''}", "home",
            "Print double-sided (flip on the short edge); the first sheet "
            "says how to fold, stack and bind the signatures.")


def profiles(job: WriteJob) -> list[ProfileSpec]:
    """The one profile whose pages are imposed."""
    from ..render.layout import booklet_profile  # see the package doc

    return [booklet_profile(job.output)]


@writer("booklet", description="the pages imposed two up for saddle "
        "stitching, as `output.booklet` sets",
        files="<slug>-booklet-<sheet>.pdf, <slug>-booklet-pages.pdf",
        describe=describe, pdf_profile=True, profiles=profiles, stage=40,
        release_order=30)
def write(job: WriteJob) -> None:
    """Impose the booklet profile's pages and write them, with the single
    pages unless this build wrote them as the profile's PDF."""
    from ..render.booklet import sheet_for  # see the writers' package doc
    from ..render.layout import booklet_profile, check
    from ..render.signatures import booklet_with_marks

    out = job.output
    profile = booklet_profile(out)
    pdf = job.layouts[profile.name].pdf
    slug = job.book.slug
    job.say("imposing the booklet")
    size = profile.page_size or out.page_size
    sheet = sheet_for(size)
    imposed, how = booklet_with_marks(
        pdf, sheet=sheet, page_size=size, title=job.book.title,
        sheets_per_signature=out.booklet.sheets_per_signature,
        creep_mm=out.booklet.creep_mm,
        saddle_max=out.booklet.saddle_max_sheets)
    target = job.out_dir / f"{slug}-booklet-{sheet.lower()}.pdf"
    check(imposed, profile, out, target, booklet=True)
    job.write(target.name, imposed, "booklet", profile.name, how)
    if not any(a.kind in ("pdf", "pamphlet") and a.profile == profile.name
               for a in job.artifacts):
        # The single pages it was imposed from, unless this build already
        # wrote them as the profile's PDF.
        job.write(f"{slug}-booklet-pages.pdf", pdf, "pdf", profile.name,
                  "The booklet's single pages, to check before printing "
                  "(the booklet adds blank pages to make a multiple of 4)")
