"""Watch mode: rebuild on every save and serve a live HTML preview.

``pamphleteer watch`` builds the preview once, then watches (with
watchfiles) every file the book is made of: the manifest, each chapter's
source, the introduction, the works, index and about-notes files, and the
``templates/`` and ``styles/`` folders of the project and of the book.  On
every save it assembles the book again (through the stage cache, so only
the changed texts are cleaned again) and renders the XHTML sections the
EPUB is made of into one HTML page, served on localhost by a small
``http.server`` in a thread.  The page reloads itself when a rebuild is
published (server-sent events, with polling as a fallback), keeping its
scroll position, and shows the build's warnings at the top.  A failed
rebuild shows an error banner over the last good preview; nothing crashes.
EPUB and PDF are rebuilt too only when ``--format`` asks for them.
"""

from __future__ import annotations

import argparse
import html
import logging
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup
from rich.console import Console

from . import writers
from .assembly import Diagnostics, assemble
from .build import build
from .cache import StageCache
from .console import Subcommands, add_common_options
from .errors import ManifestError, PamphleteerError, Warning_
from .manifest import Manifest, load_manifest
from .render.views import STYLES, TEMPLATES, Renderer, environment

log = logging.getLogger(__name__)

TEMPLATE = "preview.html.j2"
"""The page template (a book may override it in its own ``templates/``)."""

KEEPALIVE = 10.0
"""Seconds between keep-alive comments on an idle event stream."""


# --------------------------------------------------------------------------
# The preview page
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Preview:
    """A successfully rendered preview of the book."""

    title: str
    """The book's title."""
    language: str
    """The book's language (the page's ``lang``)."""
    sections: tuple[tuple[str, str, Markup], ...]
    """(anchor id, menu title, XHTML body) of every section, in order."""
    warnings: tuple[Warning_, ...]
    """What cleaning and assembly warned about."""
    css: str
    """The EPUB's stylesheets (``base.css`` then ``epub.css``), inlined."""
    built: str
    """Wall-clock time (``HH:MM:SS``) the preview was built."""
    seconds: float
    """How long the rebuild took."""


def _preview_renderer():
    """A renderer whose links all point into the one preview page."""
    class PreviewRenderer(Renderer):
        """The EPUB's renderer (notes as asides), linking to ``#anchor``."""

        def href(self, anchor: str) -> str:
            return f"#{anchor}"

    return PreviewRenderer


def render_preview(manifest: Manifest, cache: StageCache | None = None
                   ) -> Preview:
    """Assemble ``manifest``'s book and render its sections for the page.

    Raises the project's errors (manifest, input) unchanged."""
    start = time.monotonic()
    diagnostics = Diagnostics()
    book = assemble(manifest, cache=cache, diagnostics=diagnostics)
    renderer = _preview_renderer()(book, mode="aside",
                                   book_dir=manifest.folder)
    sections = tuple((s.id, s.title, s.body) for s in renderer.sections()
                     if s.body)
    css = "\n".join((STYLES / name).read_text(encoding="utf-8")
                    for name in ("base.css", "epub.css"))
    return Preview(title=book.title, language=book.language or "en",
                   sections=sections, warnings=tuple(diagnostics.warnings),
                   css=css, built=time.strftime("%H:%M:%S"),
                   seconds=time.monotonic() - start)


def _warning_groups(warnings: Any) -> list[dict]:
    """The warnings per chapter, runs folded (see :mod:`warngroups`)."""
    from .warngroups import group

    return [{"where": g.where or "the book", "count": g.count,
             "rows": [{"code": r.code, "count": r.count,
                       "location": r.items[0].location,
                       "message": r.items[0].message if r.count == 1
                       else r.summary()} for r in g.runs]}
            for g in group(list(warnings))]


def compose(preview: Preview | None, *, error: str, status: str,
            generation: int, book_dir: Path | None) -> bytes:
    """The whole HTML page: banner, warnings, menu and sections.

    Falls back to a plain page naming the problem when the template itself
    cannot be rendered (a template being edited is one of the watched
    files)."""
    context = dict(
        title=preview.title if preview else "Preview",
        language=preview.language if preview else "en",
        sections=[{"id": i, "title": t, "body": b}
                  for i, t, b in (preview.sections if preview else ())],
        warnings=[{"code": w.code, "location": w.location,
                   "message": w.message}
                  for w in (preview.warnings if preview else ())],
        groups=_warning_groups(preview.warnings if preview else ()),
        css=Markup(preview.css.replace("</", "<\\/")) if preview else "",
        error=error, status=status, generation=generation,
        has_preview=preview is not None)
    try:
        page = environment(book_dir).get_template(TEMPLATE).render(**context)
    except Exception as e:  # a broken template must not stop the preview
        log.warning("cannot render %s: %s", TEMPLATE, e)
        page = _plain_page(f"{error}\n\nThe preview template cannot be "
                           f"rendered: {type(e).__name__}: {e}", generation)
    return page.encode("utf-8")


def _plain_page(message: str, generation: int) -> str:
    """A minimal page showing ``message`` and reloading like the real one."""
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            "Preview error</title></head><body><pre role='alert'>"
            f"{html.escape(message.strip())}</pre><script>"
            "const es = new EventSource('/events'); es.onmessage = e => {"
            f"if (Number(e.data) !== {generation}) location.reload(); }};"
            "</script></body></html>")


# --------------------------------------------------------------------------
# Shared state between the builder and the server threads
# --------------------------------------------------------------------------

class PageState:
    """The page currently served, and a generation count readers wait on."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.generation = 0
        """Incremented on every publish."""
        self.page = _plain_page("Building the preview…", 0).encode("utf-8")
        """The HTML served at ``/``."""
        self.closed = False
        """Set when the server stops: event streams end."""

    def publish(self, make: Callable[[int], bytes]) -> int:
        """Publish the page ``make(generation)``; wake every waiting stream."""
        with self._cond:
            generation = self.generation + 1
            self.page = make(generation)
            self.generation = generation
            self._cond.notify_all()
            return generation

    def wait(self, seen: int, timeout: float) -> int:
        """The generation once it differs from ``seen`` (or on timeout)."""
        with self._cond:
            self._cond.wait_for(lambda: self.generation != seen or
                                self.closed, timeout)
            return self.generation

    def close(self) -> None:
        """End every event stream."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def make_server(state: PageState, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for ``state`` (``port`` 0 picks a free port).

    ``/`` is the page, ``/events`` a server-sent event stream giving the
    generation after each publish, ``/generation`` the current one."""

    class Handler(BaseHTTPRequestHandler):
        """Serves the preview page and its reload signals."""

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", state.page)
            elif path == "/generation":
                self._send(200, "text/plain", str(state.generation).encode())
            elif path == "/events":
                self._events()
            else:
                self._send(404, "text/plain", b"not found\n")

        def _send(self, code: int, kind: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = state.generation
            try:
                self.wfile.write(f"retry: 1000\ndata: {seen}\n\n".encode())
                self.wfile.flush()
                while not state.closed:
                    now = state.wait(seen, KEEPALIVE)
                    if state.closed:
                        break
                    if now == seen:  # also notices a closed connection
                        self.wfile.write(b": keep-alive\n\n")
                    else:
                        seen = now
                        self.wfile.write(f"data: {now}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("preview server: " + format, *args)

    try:
        server = ThreadingHTTPServer((host, port), Handler)
    except OSError as e:
        raise PamphleteerError(f"cannot serve the preview on {host}:{port} "
                               f"({e.strerror or e}); choose another "
                               "--port") from None
    server.daemon_threads = True
    return server


# --------------------------------------------------------------------------
# What to watch
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Targets:
    """The files and folders a rebuild depends on."""

    files: frozenset[Path]
    """Single files (manifest, sources, introduction, works, index...)."""
    folders: frozenset[Path]
    """Folders any file of which counts (templates and styles, nested)."""

    def wants(self, path: str) -> bool:
        """Whether a change to ``path`` calls for a rebuild."""
        p = Path(path).resolve()
        return p in self.files or p.parent in self.folders

    def watched(self) -> list[Path]:
        """The existing folders to give the watcher (non-recursively)."""
        dirs = {f.parent for f in self.files} | set(self.folders)
        return sorted(d for d in dirs if d.is_dir())

    def stamps(self) -> dict[Path, tuple[int, int] | None]:
        """(mtime, size) of every file, None when missing."""
        out: dict[Path, tuple[int, int] | None] = {}
        for f in sorted(self.files) + [p for d in sorted(self.folders)
                                       for p in sorted(d.iterdir())
                                       if d.is_dir()]:
            try:
                st = f.stat()
                out[f] = (st.st_mtime_ns, st.st_size)
            except OSError:
                out[f] = None
        return out


def targets(manifest_path: Path, manifest: Manifest | None) -> Targets:
    """What to watch for ``manifest`` (only the manifest itself and the
    project's folders when it could not be read)."""
    files = {manifest_path.resolve()}
    roots = [TEMPLATES, STYLES]
    if manifest is not None:
        files |= {manifest.resolve(spec.source)
                  for _, spec in manifest.all_chapters()}
        back, front = manifest.back, manifest.front
        named = [front.introduction, back.about_notes, back.index,
                 back.citations, *back.works]
        files |= {manifest.resolve(rel) for rel in named if rel}
        for name in ("templates", "styles"):
            folder = manifest.folder / name
            files.add(folder.resolve())  # its creation counts
            roots.append(folder)
    folders: set[Path] = set()
    for root in roots:
        if root.is_dir():
            root = root.resolve()
            folders.add(root)
            folders |= {d for d in root.rglob("*") if d.is_dir()}
    return Targets(frozenset(files), frozenset(folders))


# --------------------------------------------------------------------------
# Rebuilding
# --------------------------------------------------------------------------

class Session:
    """One watched book: rebuilds it and publishes the page.

    Keeps the last good preview: a failed rebuild only changes the banner.
    """

    def __init__(self, manifest_path: Path, state: PageState, *,
                 out: Path = Path("build"), formats: tuple[str, ...] = (),
                 profiles: tuple[str, ...] = (), use_cache: bool = True,
                 allow_outside: bool = False, strict: bool = False,
                 say: Callable[[str], None] = lambda msg: None):
        self.manifest_path = Path(manifest_path)
        self.state = state
        self.out = Path(out)
        self.formats = tuple(formats)
        self.profiles = tuple(profiles)
        self.allow_outside = allow_outside
        self.strict = strict
        self.say = say
        self.cache = None
        if use_cache:
            self.cache = StageCache(self.out / ".cache")
        self.good: Preview | None = None
        """The last preview that built."""
        self.book_dir: Path | None = None
        """The manifest's folder (its templates override the page's)."""
        self.targets = targets(self.manifest_path, None)
        """What the last rebuild read (what to watch now)."""
        self.stamps = self.targets.stamps()
        """The targets' state just before the last rebuild read them."""
        self.rebuilds = 0
        """Rebuilds attempted."""

    def rebuild(self) -> bool:
        """Rebuild the preview (and the asked formats); True on success."""
        self.rebuilds += 1
        manifest = None
        error = status = ""
        failed = False
        try:
            manifest = load_manifest(self.manifest_path,
                                     allow_outside=self.allow_outside)
            self._retarget(manifest)
            self.book_dir = manifest.folder
            self.good = render_preview(manifest, self.cache)
            status = (f"rebuilt at {self.good.built} in "
                      f"{self.good.seconds:.2f} s")
            n = len(self.good.warnings)
            if self.strict and n:
                error = f"{n} warning(s) and --strict was given"
        except Exception as e:  # noqa: BLE001 (shown on the page instead)
            if manifest is None:
                self._retarget(None)
            error, failed = _describe(e), True
        self._publish(error, status, stale=failed)
        if failed:
            self.say(f"rebuild failed: {error}")
        elif self.good is not None:
            self.say(f"{status}; {len(self.good.warnings)} warning(s)"
                     + (f"\nerror: {error}" if error else ""))
        if failed or not self.formats or manifest is None:
            return not error
        return self._build_formats(manifest, status, error) and not error

    def _build_formats(self, manifest: Manifest, status: str,
                       error: str) -> bool:
        start = time.monotonic()
        try:
            result = build(manifest, self.out, list(self.formats),
                           cache=self.cache,
                           profiles=list(self.profiles) or None)
        except Exception as e:  # noqa: BLE001 (shown on the page instead)
            self._publish(f"{'/'.join(self.formats).upper()} not written: "
                          f"{_describe(e)}", status)
            self.say(f"error: {'/'.join(self.formats).upper()} not written: "
                     f"{_describe(e)}")
            return False
        names = ", ".join(p.name for p in result.outputs)
        status += (f"; wrote {names} in {time.monotonic() - start:.1f} s")
        self._publish(error, status)
        self.say(f"wrote {names}")
        return True

    def _retarget(self, manifest: Manifest | None) -> None:
        if manifest is not None or not self.good:
            self.targets = targets(self.manifest_path, manifest)
        self.stamps = self.targets.stamps()

    def _publish(self, error: str, status: str, stale: bool = False) -> None:
        """Publish the page; ``stale``: the rebuild failed, so the preview
        shown is the last good one."""
        if stale and self.good:
            status = (f"showing the last good preview, built at "
                      f"{self.good.built}")
        self.state.publish(lambda generation: compose(
            self.good, error=error, status=status, generation=generation,
            book_dir=self.book_dir))

    def changed(self) -> list[Path]:
        """The targets changed since the last rebuild read them."""
        now = self.targets.stamps()
        return sorted(p for p in now.keys() | self.stamps.keys()
                      if now.get(p) != self.stamps.get(p))


def _describe(e: BaseException) -> str:
    """A user-facing description of a failed rebuild."""
    if isinstance(e, PamphleteerError):
        return str(e)
    log.debug("rebuild failed", exc_info=e)
    return (f"internal error ({type(e).__name__}: {e}). This is a bug; run "
            "`pamphleteer build --verbose` for the details and report it.")


def _filter(targets: Targets) -> Callable[[Any, str], bool]:
    """watchfiles' filter: the changes to ``targets``' files only."""
    return lambda _change, path: targets.wants(path)


def watch_loop(session: Session, stop: threading.Event) -> None:
    """Rebuild on every change of the session's targets until ``stop``.

    The watcher is restarted whenever a rebuild changes what to watch (a
    new source in the manifest); a change made meanwhile is caught by
    comparing file stamps."""
    import watchfiles

    while not stop.is_set():
        changed = session.changed()
        if changed:
            log.info("changed meanwhile: %s", ", ".join(map(str, changed)))
            session.rebuild()
            continue
        current = session.targets
        # Every second without events the stamps are compared too: a file
        # written in a folder created a moment before (a new styles/) can
        # land between the check above and the new watcher's start, and no
        # event would ever tell of it.
        for changes in watchfiles.watch(
                *current.watched(), stop_event=stop, recursive=False,
                watch_filter=_filter(current), yield_on_timeout=True,
                debounce=400, step=50, rust_timeout=1000):
            if changes:
                log.info("changed: %s",
                         ", ".join(sorted(p for _, p in changes)))
            if session.changed():  # one save can come as several events
                session.rebuild()
            if session.targets != current:
                break


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def serve(session: Session, host: str,
          port: int) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Start serving ``session``'s page in a thread; return both."""
    server = make_server(session.state, host, port)
    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"poll_interval": 0.2},
                              name="pamphleteer-preview", daemon=True)
    thread.start()
    return server, thread


def shutdown(server: ThreadingHTTPServer, thread: threading.Thread,
             state: PageState) -> None:
    """Stop the server: end the event streams, the loop, the socket."""
    state.close()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def cmd_watch(args: argparse.Namespace, console: Console) -> int:
    """``pamphleteer watch``: serve a live preview until Ctrl-C."""
    manifest_path = Path(args.manifest)
    # A missing manifest leaves nothing to watch; a broken one is shown.
    if not manifest_path.is_file():
        raise ManifestError(f"{manifest_path}: no such manifest; name "
                            "another with `pamphleteer watch PATH`")
    if getattr(args, "refresh", False):
        from .console import load

        load(args)  # downloads every URL source again, says what changed
    formats = tuple(f for f in (args.format or "").split(",") if f)
    profiles = tuple(f for f in (args.profile or "").split(",") if f)
    state = PageState()
    session = Session(manifest_path, state, out=Path(args.out),
                      formats=formats, profiles=profiles,
                      use_cache=not args.no_cache,
                      allow_outside=args.allow_outside, strict=args.strict,
                      say=lambda msg: console.print(msg, markup=False,
                                                    highlight=False))
    stop = threading.Event()
    server, thread = serve(session, args.host, args.port)
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    console.print(f"preview: http://{host}:{port}/  (Ctrl-C to stop)",
                  markup=False)
    try:
        session.rebuild()
        watch_loop(session, stop)
    except KeyboardInterrupt:
        console.print("stopped", markup=False)
    finally:
        stop.set()
        shutdown(server, thread, state)
    return 0


def add_parser(subparsers: Subcommands) -> None:
    """Add the ``watch`` sub-command to the CLI's ``subparsers``."""
    w = subparsers.add_parser(
        "watch", help="rebuild on every save and serve a live preview",
        description="Build the book's preview, then rebuild it on every save "
        "of the manifest, a source, the introduction, the works, index or "
        "about-notes file, a template or a stylesheet, and serve it on "
        "http://HOST:PORT/ as one HTML page that reloads itself, with the "
        "warnings at the top and an error banner (over the last good "
        "preview) when a rebuild fails. EPUB and PDF are rebuilt too only "
        "with --format. Stop with Ctrl-C.")
    add_common_options(
        w, out_help="output folder, and the cache in DIR/.cache (default: "
        "%(default)s)", strict_help="show warnings as an error banner")
    w.add_argument("--format", metavar="LIST",
                   help="also rebuild these outputs on every save: "
                   f"{', '.join(writers.names())} (default: the preview "
                   "only)")
    w.add_argument("--profile", metavar="LIST",
                   help="with --format pdf: the PDF profiles to make "
                   "(default: all of output.profiles)")
    w.add_argument("--host", default="127.0.0.1",
                   help="address to serve on (default: %(default)s)")
    w.add_argument("--port", type=int, default=8000,
                   help="port to serve on; 0 picks a free one (default: "
                   "%(default)s)")
    w.set_defaults(func=cmd_watch)
