"""Finding and running pandoc: bytes in, pandoc's JSON AST out.

A system pandoc (on ``PATH``, or named by ``PAMPHLETEER_PANDOC``) is used
when it is at least :data:`MIN_VERSION`; otherwise the one shipped inside
the ``pypandoc-binary`` wheel, a dependency, so that ``pip install`` brings
a working pandoc on any machine.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ...errors import InputError, MissingToolError

MIN_VERSION = (3, 1)
"""Oldest pandoc accepted (the JSON API 1.23 and the Muse, HTML and EPUB
readers this package was checked against)."""
TIMEOUT = 180
"""Seconds one pandoc run may take at most."""
MAX_DEPTH = 200
"""Deepest nesting of pandoc's JSON accepted (its arrays and objects): a
list inside a list costs 4 levels, a quotation or an emphasis inside
another 2, a real text needs 10 to 60.  Deeper trees (a line of 20,000
"1. " is 6,666 lists, each inside the one before) would overflow Python's
stack in the JSON reader and in every walk of the tree after it."""
_NOISE = bytes(b for b in range(256) if b not in b'[]{}"')


def json_depth(data: bytes) -> int:
    """Deepest nesting of arrays and objects in a JSON text, in linear
    time and in C: escaped backslashes and quotation marks are dropped,
    then everything but brackets and quotation marks; a bracket counts
    when an even number of quotation marks comes before it (it is not
    inside a string)."""
    import numpy as np

    bare = np.frombuffer(data.replace(b"\\\\", b"").replace(b'\\"', b"")
                         .translate(None, _NOISE), dtype=np.uint8)
    if not bare.size:
        return 0
    inside = np.cumsum(bare == ord('"'), dtype=np.int32) & 1
    step = ((bare == ord("[")) | (bare == ord("{"))).astype(np.int32) - (
        (bare == ord("]")) | (bare == ord("}")))
    step[inside == 1] = 0
    return int(np.cumsum(step, dtype=np.int32).max())


def budget(size: int) -> float:
    """Seconds a pandoc run on ``size`` bytes may take: 5 s, and 1 s more
    for every 20 KB (pandoc reads about 1 MB a second; some of its readers
    are quadratic on runs of one character, 36 s for 20,000 "&" in
    Markdown), at most :data:`TIMEOUT`."""
    return min(TIMEOUT, 5 + size / 20_000)


MEMORY_FLOOR_MB = 1024
"""Memory (MB) every pandoc run may use at least: a 90 KB Muse text takes
170 MB, 1.8 MB of it 2.3 GB (about 1.3 KB of memory per byte read)."""


def memory_mb(size: int) -> int:
    """MB of memory a pandoc run on ``size`` bytes may use: 1 GB and 2 KB
    for every byte, at most half of the machine's memory.  Without a cap,
    21 bytes of Muse with an unclosed ``<verse>`` made pandoc 3.9 grow to
    24 GB in three minutes, until the system's out-of-memory killer
    stopped it (or another program)."""
    mb = MEMORY_FLOOR_MB + size * 2 // 1024
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        mb = min(mb, max(MEMORY_FLOOR_MB, total // 2 // 2**20))
    except (ValueError, OSError, AttributeError):
        pass
    return mb


@functools.lru_cache(maxsize=4)
def _takes_rts(path: str) -> bool:
    """Whether this pandoc takes the options of its Haskell runtime
    (``+RTS -M...``, the cap on its heap): the builds of pandoc.org and
    of pypandoc-binary do; one built without ``-rtsopts`` refuses them."""
    try:
        return subprocess.run([path, "+RTS", "-M64m", "-RTS", "--version"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _command(path: str, size: int, args: list[str]) -> list[str]:
    """pandoc's command line, with its heap capped when it takes the cap."""
    if _takes_rts(path):
        return [path, "+RTS", f"-M{memory_mb(size)}m", "-RTS", *args]
    return [path, *args]


def _out_of_memory(proc: subprocess.CompletedProcess[bytes]) -> bool:
    return proc.returncode == 251 or b"Heap exhausted" in proc.stderr


def _limited(limit: float) -> Any:
    """A ``preexec_fn`` giving pandoc ``limit`` seconds of CPU time: a
    budget in CPU seconds holds on a crowded machine, where a wall-clock
    one stopped a 4 KB Muse text's pandoc at 5 s (load 17 on two cores)."""
    import resource

    secs = max(1, math.ceil(limit))

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (secs, secs + 2))
    return set_limit


def _run(cmd: list[str], data: bytes | None, limit: float
         ) -> subprocess.CompletedProcess[bytes]:
    """Run pandoc within ``limit`` seconds of CPU time (and, for a pandoc
    that waits without computing, ten times that of wall time); raises
    :class:`subprocess.TimeoutExpired` when it runs out of either."""
    proc = subprocess.run(cmd, input=data, capture_output=True,
                          timeout=max(60.0, 10 * limit),
                          preexec_fn=_limited(limit))
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise subprocess.TimeoutExpired(cmd, limit)
    return proc


def _reader_version() -> str:
    """This package's readers' version for cache keys: ours, and the
    pandoc wheel's (without running pandoc; a system pandoc set by
    ``PAMPHLETEER_PANDOC`` or on ``PATH`` is named by its path)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        wheel = version("pypandoc-binary")
    except PackageNotFoundError:
        wheel = "none"
    system = os.environ.get("PAMPHLETEER_PANDOC") or shutil.which("pandoc")
    return f"7+pypandoc-binary-{wheel}" + (f"+{system}" if system else "")


READER_VERSION = _reader_version()
"""Version of every reader through pandoc (keys the stage cache)."""


def _version_of(path: str) -> tuple[int, ...] | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"\S+\s+(\d+(?:\.\d+)*)", out)
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


@functools.lru_cache(maxsize=1)
def pandoc() -> tuple[str, str]:
    """(path, version) of the pandoc to run, or MissingToolError."""
    tried: list[str] = []
    for cand in (os.environ.get("PAMPHLETEER_PANDOC", ""),
                 shutil.which("pandoc") or ""):
        if not cand:
            continue
        version = _version_of(cand)
        if version and version >= MIN_VERSION:
            return cand, ".".join(map(str, version))
        tried.append(f"{cand} ({'.'.join(map(str, version)) if version else 'unusable'})")
    try:
        import pypandoc  # type: ignore[import-untyped]

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as e:
        path = ""
        tried.append(f"pypandoc-binary ({e})")
    if path:
        version = _version_of(path)
        if version and version >= MIN_VERSION:
            return path, ".".join(map(str, version))
        tried.append(f"{path} (too old or unusable)")
    need = ".".join(map(str, MIN_VERSION))
    raise MissingToolError(
        f"pandoc {need} or newer is needed to read this format; tried: "
        f"{', '.join(tried) or 'nothing found'}. Install it with "
        f"`pip install pypandoc-binary` (or your system's pandoc package)")


def ast_to_html(ast: dict[str, Any], *, source: str) -> str:
    """pandoc's HTML5 of an AST (raw HTML passed through as it was)."""
    path, _ = pandoc()
    data = json.dumps(ast).encode("utf-8")
    limit = budget(len(data))  # its writer is slow on some runs too
    try:
        proc = _run(_command(path, len(data), ["-f", "json", "-t", "html5"]),
                    data, limit)
    except subprocess.TimeoutExpired:
        raise InputError(f"{source}: pandoc took more than {limit:.0f} s (of "
                         "CPU) to write its text as HTML and was stopped; pandoc "
                         "slows down on long runs of one character (a line "
                         "of 20,000 '\"'): remove them, or give another "
                         "`format:`") from None
    if _out_of_memory(proc):
        raise InputError(f"{source}: pandoc ran out of memory (at most "
                         f"{memory_mb(len(data)):,} MB) writing its text as "
                         f"HTML and was stopped; cut the file in parts")
    if proc.returncode != 0:
        raise InputError(f"{source}: pandoc could not write its text as "
                         f"HTML: {proc.stderr.decode('utf-8', 'replace')}")
    return proc.stdout.decode("utf-8")


def to_ast(data: bytes | str, fmt: str, *, source: str,
           args: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run ``pandoc -f FMT -t json`` on ``data`` and return the AST.

    Binary formats (docx, odt, epub) are passed as a temporary file, text as
    standard input (UTF-8).  A failure is an InputError naming the file."""
    path, _ = pandoc()
    binary = fmt.split("+")[0].split("-")[0] in ("docx", "odt", "epub")
    cmd = ["-f", fmt, "-t", "json", *args]
    tmp = None
    try:
        if binary:
            fd, tmp = tempfile.mkstemp(suffix="." + fmt.split("+")[0])
            with os.fdopen(fd, "wb") as fh:
                fh.write(data if isinstance(data, bytes) else data.encode())
            cmd.append(tmp)
            stdin = None
        else:
            stdin = data.encode("utf-8") if isinstance(data, str) else data
        size = len(data)
        limit = budget(size)
        proc = _run(_command(path, size, cmd), stdin, limit)
    except subprocess.TimeoutExpired:
        raise InputError(f"{source}: pandoc took more than {limit:.0f} s (of "
                         f"CPU) to read its {size:,} bytes as {fmt} and was stopped; "
                         "pandoc's readers slow down on long runs of one "
                         "character (a line of 20,000 '&' or '['): remove "
                         "them, or give another `format:`") from None
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
    if _out_of_memory(proc):
        raise InputError(f"{source}: pandoc ran out of memory (at most "
                         f"{memory_mb(size):,} MB) reading its {size:,} bytes "
                         f"as {fmt} and was stopped; a tag opened and never "
                         f"closed, or a very long run of one character, can "
                         f"do it: look for them, cut the file in parts, or "
                         f"give another `format:`")
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise InputError(f"{source}: pandoc could not read it as {fmt}: "
                         f"{err or 'exit status ' + str(proc.returncode)}; "
                         f"check that the file is a {fmt} file, or give "
                         f"another `format:`")
    depth = json_depth(proc.stdout)
    if depth > MAX_DEPTH:
        raise InputError(f"{source}: its text nests lists, quotations or "
                         f"emphasis inside each other too deeply for this "
                         f"reader (pandoc's tree of it is {depth} levels "
                         f"deep, {MAX_DEPTH} at most); flatten them, or give "
                         f"another `format:`")
    try:
        return json.loads(proc.stdout)
    except ValueError as e:
        raise InputError(f"{source}: pandoc's output could not be read "
                         f"({e})") from None
