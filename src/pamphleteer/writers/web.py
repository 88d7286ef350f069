"""The web edition writer (:mod:`pamphleteer.render.web` makes the pages).

The pages go into the folder ``<slug>-web/`` (open ``index.html``); the
same folder as one ZIP, ``<slug>-web.zip``, is the file the build records
(a release lists it among the downloads).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from . import writer

if TYPE_CHECKING:
    from ..render.job import WriteJob


def describe(kind: str, profile: str, tail: str, name: str,
             profile_kinds: dict[str, str]) -> tuple[str, str, str]:
    """The web edition on a release's page."""
    return ("Web edition (ZIP)", "read", "HTML pages to read in a browser, "
            "also offline: unpack the archive and open index.html.")


@writer("web", description="HTML pages to read online or from the files: "
        "notes beside their calls, dark mode", files="<slug>-web/index.html, "
        "<slug>-web.zip", describe=describe, stage=90, release_order=50)
def write(job: WriteJob) -> None:
    """Write the pages, then the ZIP of them."""
    from ..render import web  # see the writers' package doc

    job.say("writing the web edition")
    folder = job.out_dir / f"{job.book.slug}{web.WEB_FOLDER_SUFFIX}"
    web.write_web_edition(job.book, folder, book_dir=job.book_dir,
                          artifacts=list(job.artifacts))
    when = _dt.datetime.strptime(job.book.modified, "%Y-%m-%dT%H:%M:%SZ")
    job.write(f"{folder.name}.zip", web.zip_folder(folder, when.timetuple()),
              "web", "", "The web edition: HTML pages to read in a browser, "
              "also offline (unpack and open index.html)")
