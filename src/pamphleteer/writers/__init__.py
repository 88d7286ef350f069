"""Writers: one registered writer per output format, as pandoc has Writers.

A writer is a module in this package that registers itself with
:func:`writer`: its name (``epub``, ``pdf``...), a one-line description
(``--help``, the manifest reference, the README), how its files are named,
whether it lays out PDF profiles, where the build runs it and where a
release lists its files, and the functions that do the work::

    @writer("epub", description="...", files="<slug>.epub", stage=10,
            release_order=10)
    def write(job: WriteJob) -> None: ...

Every list of output formats (the manifest's check and reference, the
``--format`` help of ``build`` and ``watch``, the build's dispatch, the
release's formats and the order of its download page) reads this registry.
Adding a format is one new module here, its tests and its docs.

The registry itself is light and sits below the manifest: it finds its
built-in writers by listing this folder and importing each module by name
(:func:`load_all`), and third-party writers through the
``pamphleteer.writers`` entry point group, so that importing it never
drags the renderers into the manifest.  A writer module imports its
renderer (WeasyPrint, ebooklib, Jinja...) inside the functions that write,
never at its top: registering the five built-in writers then costs a few
milliseconds where importing the renderers cost 0.3 s, and a warm no-op
rebuild, a manifest's check and ``--help`` only list them
(``tests/test_startup.py`` checks that no renderer is imported).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    from ..manifest import ProfileSpec
    from ..render.job import WriteJob

log = logging.getLogger(__name__)


class Describe(Protocol):
    """How a writer's file is shown on a release's download page."""

    def __call__(self, kind: str, profile: str, tail: str, name: str,
                 profile_kinds: dict[str, str]) -> tuple[str, str, str]:
        """(label, group, purpose) of a file of artifact ``kind`` made for
        PDF ``profile`` (or ""), whose release name is ``name`` and ends
        with ``tail`` (``booklet-a4``); ``profile_kinds`` maps the
        manifest's profiles to ``screen`` or ``press``.  ``group`` is an
        id of the download page's groups: ``read``, ``home``, ``press``,
        ``texts`` or ``other``."""
        ...


@dataclass(frozen=True)
class WriterInfo:
    """A registered writer."""

    name: str
    """Format name used in manifests (``output.formats``) and ``--format``."""
    description: str
    """One line for ``--help``, the manifest reference and the README."""
    files: str
    """How its files are named (``<slug>.epub``)."""
    write: Callable[[WriteJob], None]
    """Writes the format's files for an assembled book and records them."""
    describe: Describe
    """Label, group and purpose of its files on a release's page."""
    pdf_profile: bool = False
    """True when it writes from laid-out PDF profiles (``pdf``,
    ``booklet``): the build lays their pages out first."""
    profiles: Callable[[WriteJob], list[ProfileSpec]] | None = None
    """The profiles it needs laid out (None: none)."""
    page_list: bool = False
    """True when it lists the first profile's print pages (the EPUB): it
    is written as soon as they are known, while the PDF is still joined."""
    stage: int = 50
    """When the build runs it, lowest first (a booklet after the PDFs: it
    reuses their single pages)."""
    release_order: int = 50
    """Where its files come within their group on a release's page."""


REGISTRY: dict[str, WriterInfo] = {}


def writer(name: str, *, description: str, files: str, describe: Describe,
           pdf_profile: bool = False,
           profiles: Callable[[WriteJob], list[ProfileSpec]] | None = None,
           page_list: bool = False, stage: int = 50,
           release_order: int = 50
           ) -> Callable[[Callable[[WriteJob], None]],
                         Callable[[WriteJob], None]]:
    """Register a writing function under ``name`` (refuses duplicates)."""

    def register(fn: Callable[[WriteJob], None]) -> Callable[[WriteJob], None]:
        if name in REGISTRY:
            raise ValueError(f"writer {name!r} is already registered")
        REGISTRY[name] = WriterInfo(name, description, files, fn, describe,
                                    pdf_profile, profiles, page_list, stage,
                                    release_order)
        return fn

    return register


_LOADED = False
_PLUGINS_LOADED = False


def load_all(plugins: bool = True) -> dict[str, WriterInfo]:
    """Import every writer module of this package and, unless ``plugins``
    is false, the ``pamphleteer.writers`` entry points; return the
    registry, in release order.

    The built-in modules are light (each imports its renderer only when it
    writes), so listing them costs little; scanning the installed
    distributions for plug-ins costs 40 to 100 ms, which the parsing of a
    command line and the check of a manifest naming only built-in writers
    do not pay (``plugins=False``, :func:`is_known`)."""
    global _LOADED, _PLUGINS_LOADED
    loaded = False
    if not _LOADED:
        _LOADED = loaded = True
        for mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
            importlib.import_module(f"{__name__}.{mod}")
    if plugins and not _PLUGINS_LOADED:
        _PLUGINS_LOADED = loaded = True
        _load_entry_points()
    if loaded:
        ordered = sorted(REGISTRY.values(),
                         key=lambda w: (w.release_order, w.name))
        REGISTRY.clear()
        REGISTRY.update((w.name, w) for w in ordered)
    return REGISTRY


def _load_entry_points() -> None:
    """Import third-party writer modules (each registers itself)."""
    from importlib.metadata import entry_points

    for ep in entry_points(group="pamphleteer.writers"):
        try:
            ep.load()
        except Exception as e:  # a broken plug-in must not stop the build
            log.warning("writer plug-in %s could not be loaded: %s",
                        ep.name, e)


def is_known(name: str) -> bool:
    """Whether ``name`` is an output format, looking for plug-ins only
    when no built-in or registered writer has that name."""
    return name in load_all(plugins=False) or name in load_all()


def names() -> list[str]:
    """Every output format, in release order."""
    return list(load_all())


def by_stage() -> list[WriterInfo]:
    """The writers in the order the build runs them."""
    return sorted(load_all().values(), key=lambda w: (w.stage, w.name))


def spoken(words: list[str], last: str = "or") -> str:
    """``a, b, c or d``."""
    return (", ".join(words[:-1]) + f" {last} " + words[-1]
            if len(words) > 1 else "".join(words))


def help_text() -> str:
    """``epub (...), pdf (...)``: the formats for ``--help``, from the
    writers registered so far (the command line loads the plug-ins first
    when help is asked for: parsing a command needs no scan of them)."""
    return ", ".join(f"{w.name} ({w.description})"
                     for w in load_all(plugins=False).values())
