"""The EPUB 3 writer (:mod:`pamphleteer.render.epub` makes the book)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import ensure, part_prefix, unwritable
from . import writer

if TYPE_CHECKING:
    from ..render.job import WriteJob


def describe(kind: str, profile: str, tail: str, name: str,
             profile_kinds: dict[str, str]) -> tuple[str, str, str]:
    """The EPUB on a release's page."""
    return ("EPUB", "read", "E-readers, phones and tablets: the text "
            "reflows to any screen.")


@writer("epub", description="EPUB 3 for e-readers, with the print "
        "edition's page list when a PDF is made", files="<slug>.epub",
        describe=describe, page_list=True, stage=10, release_order=10)
def write(job: WriteJob) -> None:
    """Write the EPUB through a temporary file and a rename."""
    from ..render import epub  # see the writers' package doc

    job.say("writing EPUB" + (" with the PDF's page numbers"
                              if job.breaks else ""))
    target = job.out_dir / f"{job.book.slug}.epub"
    try:
        fd, tmp = tempfile.mkstemp(prefix=part_prefix(target.name),
                                   suffix=".part", dir=ensure(job.out_dir))
    except OSError as e:
        raise unwritable(target, e) from None
    os.close(fd)
    try:
        epub.build_epub(job.book, Path(tmp), book_dir=job.book_dir,
                   page_breaks=job.breaks, pages=job.anchors,
                   cache=job.store)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError) and e.filename in (tmp, str(target)):
            raise unwritable(target, e) from None
        raise
    job.record(target, "epub", "", "E-readers, phones and tablets")
