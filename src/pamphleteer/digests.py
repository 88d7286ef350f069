"""Content digests for cache keys: of values, of folders, of versions.

Below the stage cache and the writers: a writer keys what it keeps by these
without knowing how the build stores it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any


def digest(*parts: Any) -> str:
    """SHA-256 of the JSON form of ``parts``."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False,
                      default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


@functools.lru_cache(maxsize=None)
def package_version(name: str) -> str:
    """An installed distribution's version, for cache keys, read from its
    metadata (importing WeasyPrint to ask takes 0.4 s); ``none`` when it is
    not installed."""
    # Imported here: a warm no-op rebuild hashes files with this module and
    # never asks a version (importlib.metadata costs it 40 ms or more).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def tree_digest(*folders: Path) -> str:
    """Digest of every file under ``folders`` (templates, styles, fonts,
    the package's code), but Python's compiled files (``__pycache__``):
    they follow from the sources, and are written whenever a module is
    first imported, so a command that imports a module the build did not
    (``watch``, ``release``) must not make the next build a rebuild."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.relative_to(folder).parts or \
                    path.suffix in (".pyc", ".pyo"):
                continue
            if path.is_file():
                h.update(str(path.relative_to(folder)).encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
