"""The PDF writer: one PDF per profile of ``output.profiles``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import writer

if TYPE_CHECKING:
    from ..manifest import ProfileSpec
    from ..render.job import WriteJob


def describe(kind: str, profile: str, tail: str, name: str,
             profile_kinds: dict[str, str]) -> tuple[str, str, str]:
    """A PDF on a release's page: the booklet's single pages, a press
    profile's or a screen profile's."""
    if "booklet" in (tail.split("-") if tail else []):
        return ("Booklet pages, in reading order", "home",
                "For printers and programs that impose the booklet "
                "themselves.")
    if profile_kinds.get(profile) == "press":
        return (f"Print-ready PDF ({profile})", "press",
                "Pages with bleed and crop marks for a print shop.")
    shown = "" if profile in ("", "screen") else f" ({profile})"
    return (f"PDF{shown}", "read", "Reading on screen and printing "
            "single pages.")


def profiles(job: WriteJob) -> list[ProfileSpec]:
    """The profiles asked for."""
    return list(job.chosen)


@writer("pdf", description="a PDF for every profile of `output.profiles`, "
        "the first named `<slug>.pdf`",
        files="<slug>.pdf, <slug>-<profile>.pdf",
        describe=describe, pdf_profile=True, profiles=profiles, stage=20,
        release_order=20)
def write(job: WriteJob) -> None:
    """Write every chosen profile's laid-out PDF."""
    from ..render.layout import purpose  # see the writers' package doc

    if not job.layouts:
        return
    first = job.all_profiles[0]
    for profile in job.chosen:
        layout = job.layouts[profile.name]
        name = job.book.slug if profile is first else \
            f"{job.book.slug}-{profile.name}"
        job.write(f"{name}.pdf", layout.pdf,
                  "pamphlet" if job.chapter else "pdf", profile.name,
                  purpose(profile))
