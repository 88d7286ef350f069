"""Failures mid-build and missing tools.

- A build killed (SIGKILL) while it lays out leaves the previous outputs
  byte for byte and no partial file; the next build sweeps the temporary
  files of killed builds and never touches those of a running one.
- Two builds into the same folder (same cache) at once both succeed, and
  what is left is a valid EPUB and PDF.
- The build needs no Java, pandoc, Chromium, fontconfig tools, poppler or
  system fonts: it runs with an empty PATH and a fontconfig that knows no
  font folder; the cover image without pypdfium2 and
  pdftoppm stops with MissingToolError (exit 5) saying what to install.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT
from pamphleteer.build import part_prefix, sweep_partial
from pamphleteer.errors import MissingToolError

SLUG = "hostile-build"
MANIFEST = f"""\
book:
  title: "Hostile Build"
  slug: {SLUG}
  identifier: "urn:uuid:00000000-0000-4000-8000-0000000000bb"
  date: 2026-01-01
chapters:
  - id: long-text
    source: text.txt
    format: afaq-text
    title: "A Long Text"
    authors: ["A. Writer"]
"""


def _text(paragraphs: int, tag: str) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_hostile_size import afaq_text

    return afaq_text(paragraphs) + f"\nThe last paragraph, {tag}.\n"


def _book(root: Path, paragraphs: int = 120) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "text.txt").write_text(_text(paragraphs, "first"))
    (root / "manifest.yaml").write_text(MANIFEST)
    return root / "manifest.yaml"


def _cmd(manifest: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pamphleteer", "build", str(manifest),
            "--out", str(out), *extra]


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.iterdir()) if p.is_file()}


def _valid_outputs(out: Path) -> None:
    from pypdf import PdfReader

    epub = out / f"{SLUG}.epub"
    with zipfile.ZipFile(epub) as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "mimetype"
    assert len(PdfReader(str(out / f"{SLUG}.pdf")).pages) > 1
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


@pytest.mark.slow
def test_killed_build_leaves_previous_outputs_intact(tmp_path):
    manifest = _book(tmp_path / "book")
    out = tmp_path / "out"
    first = subprocess.run(_cmd(manifest, out, "--format", "epub,pdf"),
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = _digests(out)
    (manifest.parent / "text.txt").write_text(_text(240, "second"))
    proc = subprocess.Popen(_cmd(manifest, out, "--format", "epub,pdf",
                                 "--no-cache"),
                            stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    seen = []
    deadline = time.monotonic() + 240
    try:
        for line in proc.stderr:
            seen.append(line)
            if "laying out" in line or time.monotonic() > deadline:
                break
        time.sleep(0.2)  # inside WeasyPrint
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    assert any("laying out" in x for x in seen), "".join(seen)
    assert _digests(out) == before
    _valid_outputs(out)


def test_leftovers_of_killed_builds_are_swept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c",
                              "import time; time.sleep(60)"])
    try:
        stale = out / f".{SLUG}.pdf.{dead.pid}.x1y2z3.part"
        live = out / f".{SLUG}.pdf.{alive.pid}.a1b2c3.part"
        other = out / "notes.part"
        for p in (stale, live, other):
            p.write_bytes(b"%PDF-1.7 half")
        assert sweep_partial(out) == [stale]
        assert live.exists() and other.exists()
    finally:
        alive.kill()
        alive.wait()
    assert part_prefix("x.pdf") == f".x.pdf.{os.getpid()}."


@pytest.mark.slow
def test_a_build_sweeps_the_leftovers(tmp_path):
    manifest = _book(tmp_path / "book", paragraphs=10)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".{SLUG}.epub.{dead.pid}.q9w8e7.part"
    stale.write_bytes(b"PK\x03\x04 half an epub")
    proc = subprocess.run(_cmd(manifest, out, "--format", "epub"),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists()


@pytest.mark.slow
def test_two_builds_at_once_share_folder_and_cache(tmp_path):
    manifest = _book(tmp_path / "book", paragraphs=60)
    out = tmp_path / "out"
    procs = [subprocess.Popen(_cmd(manifest, out, "--format", "epub,pdf"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    _valid_outputs(out)
    # The cache both wrote is whole: a third build takes everything from it
    # and writes the same bytes.
    before = _digests(out)
    third = subprocess.run(_cmd(manifest, out, "--format", "epub,pdf"),
                           capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr
    assert _digests(out) == before


def _no_tools_env(tmp_path: Path) -> dict[str, str]:
    """No program on PATH at all (no java, pandoc, chromium, fc-list,
    pdftoppm), and pypdfium2 unimportable."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    block = tmp_path / "block"
    block.mkdir(exist_ok=True)
    (block / "pypdfium2.py").write_text(
        "raise ImportError('pypdfium2 hidden by the test')\n")
    # A fontconfig that knows no folder of fonts: only the fonts the book
    # ships (styles/fonts) can be used.
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>'
                    f'{tmp_path / "fc-cache"}</cachedir></fontconfig>\n')
    return _env(PATH=str(empty), PYTHONPATH=str(block),
                JAVA_HOME=str(empty), FONTCONFIG_FILE=str(conf))


@pytest.mark.slow
def test_build_needs_no_external_program(tmp_path):
    manifest = _book(tmp_path / "book", paragraphs=10)
    out = tmp_path / "out"
    proc = subprocess.run(_cmd(manifest, out, "--format", "epub,pdf"),
                          capture_output=True, text=True, timeout=300,
                          env=_no_tools_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    _valid_outputs(out)
    from helpers import pdf_fonts

    fonts = pdf_fonts(out / f"{SLUG}.pdf")
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert all("Libertine" in name for name, _ in fonts), fonts


@pytest.mark.slow
def test_cover_image_without_a_rasteriser_says_what_to_install(tmp_path):
    manifest = _book(tmp_path / "book", paragraphs=10)
    out = tmp_path / "out"
    ok = subprocess.run(_cmd(manifest, out, "--format", "epub"),
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    before = _digests(out)
    proc = subprocess.run(_cmd(manifest, out, "--format", "cover"),
                          capture_output=True, text=True, timeout=300,
                          env=_no_tools_env(tmp_path))
    assert proc.returncode == MissingToolError.exit_status, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "pip install pypdfium2" in proc.stderr
    assert "apt-get install poppler-utils" in proc.stderr
    assert _digests(out) == before
    assert not list(out.glob(".*.part"))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_write_failure_keeps_previous_output(fmt, tmp_path, monkeypatch):
    """A renderer that fails half-way (after writing some bytes) leaves the
    previous file and no temporary one."""
    from pamphleteer.build import build
    from pamphleteer.manifest import load_manifest

    manifest = load_manifest(_book(tmp_path / "book", paragraphs=5))
    out = tmp_path / "out"
    build(manifest, out, [fmt])
    before = _digests(out)

    def half(*args, **kwargs):
        target = args[1] if len(args) > 1 else None
        if isinstance(target, Path):
            target.write_bytes(b"PK\x03\x04 half")
        raise OSError(28, "No space left on device")

    if fmt == "epub":
        import pamphleteer.render.epub as mod

        monkeypatch.setattr(mod, "build_epub", half)
    else:
        import pamphleteer.render.segments as mod

        monkeypatch.setattr(mod, "lay_out_segments", half)
    with pytest.raises(OSError):
        build(manifest, out, [fmt])
    assert _digests(out) == before
    assert not list(out.glob(".*.part"))


@pytest.mark.slow
@pytest.mark.parametrize("where", ["folder", "under-a-file", "proc"])
def test_unwritable_output_is_a_render_error(where, tmp_path, capsys):
    from pamphleteer.cli import main
    from pamphleteer.errors import RenderError

    src = tmp_path / "a.txt"
    src.write_text("Some words of a text.\n")
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    target = {"folder": tmp_path / "adir",
              "under-a-file": tmp_path / "afile" / "x.md",
              "proc": Path("/proc/version")}[where]
    status = main(["clean", "--format", "afaq-text", str(src), "-o",
                   str(target)])
    err = capsys.readouterr().err
    assert status == RenderError.exit_status, err
    assert str(target) in err and "internal error" not in err
    manifest = _book(tmp_path / "book", paragraphs=3)
    for cmd in (["build", str(manifest), "--format", "epub"],
                ["clean", "--manifest", str(manifest)]):
        status = main([*cmd, "--out", str(tmp_path / "afile"), "-q"])
        err = capsys.readouterr().err
        assert status == RenderError.exit_status, err
        assert "afile" in err and "internal error" not in err


@pytest.mark.slow
def test_characters_no_font_has_are_a_coded_warning(tmp_path):
    import shutil

    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    manifest = _book(tmp_path / "book", paragraphs=3)
    (manifest.parent / "text.txt").write_text(
        "H.1.1 What of other scripts?\n\nThe word 漢字 beside Greek "
        "ἀναρχία, which the shipped fonts have.\n")
    env = _no_tools_env(tmp_path)
    env["PATH"] = os.environ["PATH"]  # fc-list present, but no font folder
    out = tmp_path / "out"
    proc = subprocess.run(_cmd(manifest, out, "--format", "pdf"),
                          capture_output=True, text=True, timeout=300,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert "warning[FONT001]" in proc.stderr and "漢字" in proc.stderr
    assert "ἀ" not in proc.stderr.split("FONT001")[1].split("\n")[0]
    strict = subprocess.run(_cmd(manifest, out, "--format", "pdf",
                                 "--strict", "--no-cache"),
                            capture_output=True, text=True, timeout=300,
                            env=env)
    assert strict.returncode == 6, strict.stderr
