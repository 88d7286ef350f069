"""Readers (cleaners): one pure function per source family, into the model.

A reader is registered with :func:`cleaner`; the registry refuses a second
reader under a name already taken.  Each entry declares its name, the file
extensions it usually comes with, whether it reads bytes (``binary``: PDF,
EPUB, DOCX...) or decoded text, a ``detect`` function scoring how likely a
source belongs to the family, a description and a version.

Detection is one rule everywhere (:func:`choose_format`): every reader scores
the source's content, a matching extension adds to the score, and the best
is taken only when it reaches :data:`THRESHOLD` and leads the next by
:data:`MARGIN`; otherwise the source is refused with the candidates and the
``format:`` line to write.

Third-party readers register through the ``pamphleteer.readers`` entry point
group: each entry point names a module whose import registers its readers.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError
from .registry import (
    BUILTIN_NAMES,
    EXTENSION_BONUS,
    MARGIN,
    REGISTRY,
    THRESHOLD,
    CleanerInfo,
    CleanFn,
    CleanResult,
    cleaner,
)

__all__ = ["BUILTIN_NAMES", "EXTENSION_BONUS", "MARGIN", "REGISTRY",
           "THRESHOLD", "is_known", "known_names",
           "CleanerInfo", "CleanFn", "CleanResult", "cleaner", "load_all",
           "scores", "choose_format", "detect_format", "run", "Loaded",
           "load_source"]

log = logging.getLogger(__name__)

_LOADED = False
_PLUGINS_LOADED = False


def load_all() -> dict[str, CleanerInfo]:
    """Import every built-in reader module and the ``pamphleteer.readers``
    entry points, and return the registry."""
    global _LOADED
    if not _LOADED:
        _LOADED = True
        # Every module or package of this folder is a reader that registers
        # itself on import (adding a reader is adding its module).  Imported
        # here, not at the top: the readers import this package's registry,
        # and loading them (numpy, lap, wordsegment, PyMuPDF: 0.3 to 0.5 s)
        # is the registry's job, done once when a command first asks.
        for found in sorted(pkgutil.iter_modules(__path__),
                            key=lambda m: m.name):
            if found.name != "registry":
                importlib.import_module(f"{__name__}.{found.name}")
        _load_entry_points()
    return REGISTRY


def _load_entry_points() -> None:
    """Import third-party reader modules (each registers itself), once."""
    global _PLUGINS_LOADED
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    # Imported here: importlib.metadata and the scan of the installed
    # distributions cost 40 to 100 ms, which a command that names only
    # built-in readers (a warm no-op rebuild) should not pay.
    from importlib.metadata import entry_points

    for ep in entry_points(group="pamphleteer.readers"):
        try:
            ep.load()
        except Exception as e:  # a broken plug-in must not stop the build
            log.warning("reader plug-in %s could not be loaded: %s",
                        ep.name, e)


def is_known(name: str) -> bool:
    """Whether ``name`` is a reader's name, importing no reader when it is
    a built-in one (:data:`BUILTIN_NAMES`): the manifest's check of its
    ``format:`` lines stays cheap.  Other names are looked up among the
    readers already registered, then the plug-ins, then every module."""
    if name in BUILTIN_NAMES or name in REGISTRY:
        return True
    _load_entry_points()
    return name in REGISTRY or name in load_all()


def known_names() -> list[str]:
    """Every reader's name, sorted (imports them all: for messages and
    references, not for the fast path)."""
    return sorted(load_all())


def _extension(name: str) -> str:
    """The lower-case extension of a file name (``.txt``), '' when none."""
    return os.path.splitext(name)[1].lower()


def scores(data: bytes, text: str | None, name: str = "") -> list[
        tuple[float, str]]:
    """Every reader's detection score for a source, best first.

    ``text`` is the decoded text, or None when the bytes are not text; text
    readers are then not asked.  A reader whose extensions include the
    file's gains :data:`EXTENSION_BONUS` when its content score is above
    zero.  The sum is not capped at 1: two readers of one extension (our
    Markdown and pandoc's, both ``.md``) would otherwise both reach 1 and
    their content scores' difference be lost (a wiki's Markdown with raw
    HTML links, 0.95 for pandoc's reader against 0.8 for ours, was refused
    as a tie).
    """
    ext = _extension(name)
    out: list[tuple[float, str]] = []
    for reg_name, info in load_all().items():
        if info.binary:
            score = float(info.detect(data))
        elif text is None:
            continue
        else:
            score = float(info.detect(text))
        if score > 0 and ext and ext in info.extensions:
            score += EXTENSION_BONUS
        out.append((round(score, 4), reg_name))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


def choose_format(data: bytes, text: str | None, name: str,
                  chapter: str = "") -> tuple[str, float]:
    """The format of a source by one rule, or InputError listing the
    candidates with their scores and the ``format:`` line to write."""
    ranked = scores(data, text, name)
    if ranked:
        best, fmt = ranked[0]
        runner = ranked[1][0] if len(ranked) > 1 else 0.0
        if best >= THRESHOLD and best - runner >= MARGIN:
            return fmt, min(1.0, best)
    listing = ", ".join(f"{n} {s:.2f}" for s, n in ranked[:4]) or "none"
    where = f" for chapter `{chapter}`" if chapter else ""
    hint = (f"`format: {ranked[0][1]}`" if ranked else "`format: NAME`")
    raise InputError(
        f"{name}: cannot tell its format for sure (scores: {listing}); "
        f"write the format{where}, for example {hint} in the manifest or "
        f"`--format {ranked[0][1] if ranked else 'NAME'}` on the command "
        f"line; known formats: {', '.join(sorted(load_all()))}")


def detect_format(raw: str) -> tuple[str, float]:
    """Best-scoring text format for ``raw`` and its score (no extension,
    no threshold; :func:`choose_format` is the rule the commands use)."""
    ranked = scores(raw.encode("utf-8", "surrogatepass"), raw)
    score, name = ranked[0]
    return name, score


def run(fmt: str, raw: str | bytes, *, source: str,
        options: Mapping[str, Any] | None = None) -> CleanResult:
    """Clean ``raw`` with the cleaner named ``fmt``."""
    reg = load_all()
    return reg[fmt].clean(raw, source=source, options=dict(options or {}))


LANGUAGE_DETECTION = 1
"""Version of :func:`clean_in_language`'s rule (part of the stage cache's
key for a cleaned text)."""


def clean_in_language(info: CleanerInfo, raw: str | bytes, *, source: str,
                      options: Mapping[str, Any], chapter: str = "",
                      book: str = "") -> CleanResult:
    """Run a reader with the languages the manifest declares (``chapter``,
    ``book``).  When neither the manifest nor the source declares the
    text's language and the text plainly reads as another than the
    book's (a Spanish PDF without ``/Lang`` in an English book), it is read
    again in that language (quotation marks, dashes), the language goes
    into its metadata, and the guess is reported (``LANG003``).  Without a
    book (``clean FILE``, ``add``), any language the detector is sure of
    goes into the metadata, English too."""
    from dataclasses import replace

    from ..languages import guess, primary
    from ..model import block_text
    from ..text import declared_language

    with declared_language(chapter, book):
        result = info.clean(raw, source=source, options=dict(options))
    if chapter or result.document.meta.language:
        return result
    sample = " ".join(block_text(b) for b in result.document.blocks[:300])
    found = guess(sample[:60000])
    if not found.language:
        if sample.strip():
            result.report.problem(
                "LANG004", f"the source declares no language, and its words "
                f"do not plainly say which: it is set in "
                f"`{book or 'en'}`, {'the book’s language' if book else 'the default'}"
                " (quotation marks, hyphenation); write `language:` (or the "
                "source's own tag, such as Muse's `#lang`) if that is wrong",
                1)
        return result
    if book and primary(found.language) == primary(book):
        return result
    if primary(found.language) == primary(book or "en"):
        again = result  # already set in it
    else:
        with declared_language(found.language, book):
            again = info.clean(raw, source=source, options=dict(options))
    doc = again.document
    again = replace(again, document=replace(
        doc, meta=replace(doc.meta, language=found.language)))
    again.report.problem(
        "LANG003", f"the source declares no language; its text reads as "
        f"`{found.language}` ({found.share:.0%} of its words are among that "
        f"language's commonest, against {found.runner_share:.0%} for "
        f"`{found.runner_up}`), and is set in it: write `language:` if that "
        "is wrong", 1)
    return again


@dataclass(frozen=True)
class Loaded:
    """A source read for its reader: the format chosen and the input."""

    format: str
    """The reader's name."""
    score: float
    """Its detection score (1.0 when the format was given)."""
    raw: str | bytes
    """Decoded text for a text reader, the bytes for a binary one."""
    warnings: tuple[str, ...]
    """What decoding guessed or repaired."""


def load_source(path: Path | str, name: str, fmt: str = "",
                chapter: str = "") -> Loaded:
    """Read ``path`` and pick its reader by :func:`choose_format` unless
    ``fmt`` names one; refuse unknown formats and undecodable text."""
    # Imported here, as the readers are: the package itself is imported
    # to check a manifest's reader names, which reads no source.
    from ..sources import decode, read_bytes, try_decode

    data = read_bytes(Path(path), name)
    if not data.strip():
        raise InputError(f"{name}: the file is empty (nothing but white "
                         "space); give the text itself")
    registry = load_all()
    if fmt and fmt not in registry:
        raise InputError(f"unknown format {fmt!r}; known formats: "
                         f"{', '.join(sorted(registry))}")
    score = 1.0
    if not fmt:
        decoded = try_decode(data, name)
        fmt, score = choose_format(data, decoded.text if decoded else None,
                                   name, chapter)
    info = registry[fmt]
    if info.binary:
        return Loaded(fmt, score, data, ())
    text = decode(data, name)
    return Loaded(fmt, score, text.text, text.warnings)
