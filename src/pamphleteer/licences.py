"""Every text states its licence; a release never goes out with a text
whose licence nobody knows.

A chapter's licence is the manifest's ``license:``, else the one its
source states (a reader's metadata).  It is *unknown* when empty or when
it says so ("Not stated in the source", "unknown", "?").  ``release``
refuses such a chapter unless the manifest says, for that chapter,
``license_checked: true``: the editor checked the rights and accepts them.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .assembly import clean_chapter
from .errors import ManifestError

# A licence that says it is not known.
_UNKNOWN = re.compile(r"^\s*(?:\?+|n/?a|none|unknown|unclear|not\s+(?:stated"
                      r"|known|given)\b.*|no\s+licen[cs]e\b.*)\s*$",
                      re.IGNORECASE)


def is_unknown(licence: str | None) -> bool:
    """True when a licence statement does not state a licence."""
    return not licence or not licence.strip() or bool(
        _UNKNOWN.match(licence))


def chapter_licences(manifest: Any, cache: Any = None
                     ) -> Iterable[tuple[Any, str]]:
    """(chapter spec, licence) of every chapter: the manifest's, else the
    source's (read through the cleaning cache)."""
    for _, spec in manifest.all_chapters():
        licence = spec.license
        if is_unknown(licence):
            meta = clean_chapter(manifest, spec, cache).result.document.meta
            licence = meta.get("license") or licence
        yield spec, licence or ""


def check_release_licences(manifest: Any, cache: Any = None) -> None:
    """Refuse (:class:`ManifestError`) a release with a chapter whose
    licence is unknown and not checked by the editor."""
    problems = []
    for spec, licence in chapter_licences(manifest, cache):
        if is_unknown(licence) and not spec.license_checked:
            problems.append(
                f"{manifest.path.name}: chapter `{spec.id}`: its licence is "
                f"not stated ({licence.strip() or 'empty'}); write it as "
                "`license:`, or, having checked the rights, add "
                "`license_checked: true` to the chapter")
    if problems:
        raise ManifestError("release refused: every text must state its "
                            "licence", problems=problems)
