"""The ``options:`` of a ``library-md`` chapter in the manifest.

Keys (all optional)::

    options:
      joins:                      # pin a join a human sees better
        - after: "We want only the abolition"   # words of the fragment that
          next: "tions. If the Church"          # ends, and of the one after
      order:                      # these fragments come in this relative
        - "The State is the organized"          # order (each quoted by words
        - "But in order that this rebellion"    # of its first paragraph)
      editorial:                  # a section by someone other than the author
        - heading: "Introduction"
          credit: "Sam Dolgoff"
          role: "editorial"       # optional, default "editorial"
      reorder: false              # keep the file's order of the pages
                                  # (default true: move only on evidence)

A quote is matched word by word (case, punctuation and markup ignored)
against the body's blocks and must match exactly one of them.  When the
``after`` quote lies in a paragraph that is not the last of its fragment,
the fragment is cut after that paragraph (a page break the file hides); a
``next`` or ``order`` quote cuts before its paragraph likewise.  Any other
key, or a value of the wrong type, raises :class:`ManifestError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ...errors import ManifestError

KNOWN = ("joins", "order", "editorial", "reorder")
"""Keys accepted under ``options:``."""


@dataclass(frozen=True)
class Join:
    """A pinned join."""

    after: str
    """Words of the paragraph that ends before the join."""
    next: str
    """Words of the paragraph that starts after it."""


@dataclass(frozen=True)
class Editorial:
    """A section marked as someone else's."""

    heading: str
    """The heading's words, as printed."""
    credit: str
    """Who wrote it."""
    role: str = "editorial"
    """The division's role."""


@dataclass(frozen=True)
class Options:
    """Validated options."""

    joins: tuple[Join, ...] = ()
    """Pinned joins."""
    order: tuple[str, ...] = ()
    """Pinned relative order of fragments."""
    editorial: tuple[Editorial, ...] = ()
    """Sections marked as editorial."""
    reorder: bool = True
    """False: the file's order of the fragments is kept as it is."""


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"library-md option {where} must be a non-empty string")
    return value


def _mapping(value: object, where: str, keys: tuple[str, ...],
             required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ManifestError(f"library-md option {where} must be a mapping")
    for k in value:
        if k not in keys:
            raise ManifestError(f"library-md option {where} has an unknown key "
                                f"{k!r} (known: {', '.join(keys)})")
    for k in required:
        if k not in value:
            raise ManifestError(f"library-md option {where} lacks {k!r}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise ManifestError(f"library-md option {where} must be a list")
    return list(value)


def parse_options(raw: Mapping[str, Any] | None) -> Options:
    """Validate the options mapping; raise :class:`ManifestError` on error."""
    if raw is None:
        return Options()
    if not isinstance(raw, Mapping):
        raise ManifestError("library-md options must be a mapping")
    for key in raw:
        if key not in KNOWN:
            raise ManifestError(f"unknown library-md option {key!r} "
                                f"(known: {', '.join(KNOWN)})")
    joins = []
    for i, j in enumerate(_list(raw.get("joins", []), "joins")):
        m = _mapping(j, f"joins[{i}]", ("after", "next"), ("after", "next"))
        joins.append(Join(_text(m["after"], f"joins[{i}].after"),
                          _text(m["next"], f"joins[{i}].next")))
    order = tuple(_text(q, f"order[{i}]")
                  for i, q in enumerate(_list(raw.get("order", []), "order")))
    eds = []
    for i, e in enumerate(_list(raw.get("editorial", []), "editorial")):
        m = _mapping(e, f"editorial[{i}]", ("heading", "credit", "role"),
                     ("heading",))
        credit = m.get("credit", "")
        if credit and not isinstance(credit, str):
            raise ManifestError(f"library-md option editorial[{i}].credit "
                                "must be a string")
        role = m.get("role", "editorial")
        eds.append(Editorial(_text(m["heading"], f"editorial[{i}].heading"),
                             credit or "", _text(role, f"editorial[{i}].role")))
    reorder = raw.get("reorder", True)
    if not isinstance(reorder, bool):
        raise ManifestError("library-md option reorder must be true or false, "
                            f"not {reorder!r}")
    if not reorder and (joins or order):
        raise ManifestError("library-md option reorder: false keeps the "
                            "file's order; it cannot be used with joins or "
                            "order")
    return Options(tuple(joins), order, tuple(eds), reorder)
