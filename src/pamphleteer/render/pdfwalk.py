"""Every content stream and resource a PDF page prints with, visited once.

A page paints through its own content stream and, through its resources,
through form XObjects (recursively), tiling patterns, shadings, images and
the glyph procedures of Type 3 fonts.  Converting colours for the press
(:mod:`.colour`) and checking the result (:mod:`.preflight`) walk the same
tree; :class:`ResourceWalk` walks it once for both, and each says what it
does at a form, an image, a shading or a glyph procedure.
"""

from __future__ import annotations

from typing import Any


class ResourceWalk:
    """A walk over resources (pikepdf objects); each object visited once
    (objects shared by many pages or forms are seen the first time only).
    Subclasses override the visits; the defaults do nothing."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()

    def once(self, obj: Any) -> bool:
        """True the first time an indirect object is met (a direct one,
        which cannot be shared, is always new)."""
        og = obj.objgen
        if og == (0, 0):
            return True
        if og in self.seen:
            return False
        self.seen.add(og)
        return True

    def resources(self, resources: Any) -> None:
        """Visit what a resource dictionary holds, then its children."""
        if resources is None:
            return
        for xobj in (resources.get("/XObject") or {}).values():
            if not self.once(xobj):
                continue
            sub = str(xobj.get("/Subtype"))
            if sub == "/Form":
                self.form(xobj)
            elif sub == "/Image":
                self.image(xobj)
        for pat in (resources.get("/Pattern") or {}).values():
            if not self.once(pat):
                continue
            if int(pat.get("/PatternType", 0)) == 1:
                self.tiling(pat)
            elif "/Shading" in pat:
                self.shading(pat.Shading)
        for sh in (resources.get("/Shading") or {}).values():
            if self.once(sh):
                self.shading(sh)
        for font in (resources.get("/Font") or {}).values():
            if str(font.get("/Subtype")) == "/Type3" and self.once(font):
                res = font.get("/Resources")
                for proc in (font.get("/CharProcs") or {}).values():
                    self.glyph(proc, res)
                self.resources(res)

    # -- the visits ---------------------------------------------------------

    def form(self, xobj: Any) -> None:
        """A form XObject (its content and its own resources)."""

    def tiling(self, pattern: Any) -> None:
        """A tiling pattern: a content stream, like a form."""
        self.form(pattern)

    def image(self, xobj: Any) -> None:
        """An image XObject."""

    def shading(self, sh: Any) -> None:
        """A shading (on its own or a shading pattern's)."""

    def glyph(self, proc: Any, resources: Any) -> None:
        """A Type 3 font's glyph procedure (the font's resources given)."""
