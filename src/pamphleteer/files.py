"""Files out: atomic writes, temporary names, stable JSON, what was written.

Every output is written to a temporary file beside its target and renamed
into place only when complete, so a failed or killed build never leaves a
partial file and never damages the previous output.  Below the writers and
the build, which both write files.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import RenderError


# A temporary output: ".<name>.<pid>.<random>.part", named by part_prefix.
_PART = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")


def part_prefix(name: str) -> str:
    """Prefix of the temporary file an output is written to before its
    rename: it carries the writer's process id, so that the file left by a
    killed build can be told from one another build is writing."""
    return f".{name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs.  A zombie (killed, its parent
    gone too, and nobody reaping it: PID 1 in many containers) is dead."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): the signal's answer stands
    # the state follows the command name, which is in parentheses and may
    # itself hold spaces or parentheses
    state = stat[stat.rfind(")") + 2:stat.rfind(")") + 3]
    return state not in ("Z", "X")


def sweep_partial(folder: Path) -> list[Path]:
    """Remove the temporary files that killed builds left in ``folder``
    (their process is gone); leave those of running builds alone."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in folder.glob(".*.part"):
        m = _PART.match(p.name)
        if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=part_prefix(path.name),
                                   suffix=".part", dir=path.parent)
    except OSError as e:
        raise unwritable(path, e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError):
            raise unwritable(path, e) from None
        raise


def unwritable(path: Path, e: OSError) -> Exception:
    """The RenderError for an output that cannot be written."""
    return RenderError(f"{path}: cannot be written ({e.strerror or e}); "
                       "check the output folder (--out or -o) and the free "
                       "space")


def json_text(data: Any) -> str:
    """Stable, readable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@dataclass(frozen=True)
class Artifact:
    """One file a build wrote, described for releases and download pages."""

    path: Path
    """Where it was written."""
    kind: str
    """``epub``, ``pdf``, ``booklet``, ``pamphlet``, ``cover``, ``json``."""
    profile: str = ""
    """Print profile name for PDFs (``screen``, ``press-a5``...)."""
    purpose: str = ""
    """What it is for, for a reader choosing a download."""


def ensure(d: Path) -> Path:
    """``d``, created if need be."""
    d.mkdir(parents=True, exist_ok=True)
    return d
