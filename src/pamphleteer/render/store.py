"""What the writers need from a cache: a Protocol the build's cache meets.

The writers never import the build's stage cache (:mod:`pamphleteer.cache`);
the build hands them an object with these methods
(:class:`pamphleteer.cache.LayoutCache` is one), or None for no cache.
"""

from __future__ import annotations

from typing import Any, Protocol


class LayoutStore(Protocol):
    """Keeps binary results (laid-out PDFs and segments, the EPUB's cover
    image) and small values (a segment's page count) by content key."""

    def get(self, key: str) -> tuple[bytes, dict[str, Any]] | None:
        """The bytes and metadata kept under ``key``, or None (a miss, or
        an entry that fails its checksum)."""
        ...

    def put(self, key: str, pdf: bytes, meta: dict[str, Any]) -> None:
        """Keep ``pdf`` and its JSON metadata under ``key``."""
        ...

    def get_value(self, stage: str, key: str) -> Any:
        """A JSON value kept under ``stage``/``key``, or None."""
        ...

    def put_value(self, stage: str, key: str, value: Any) -> None:
        """Keep a JSON value under ``stage``/``key``."""
        ...
