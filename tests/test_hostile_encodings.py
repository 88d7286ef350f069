"""Hostile bytes: every encoding, line end and broken file, through
``pamphleteer clean --format X FILE`` for each format and through a manifest
with ``check`` and ``build --format epub``.

Each case ends in the same cleaned text as the UTF-8 original (with a
warning naming what was guessed) or in a refusal naming the file: a
:class:`~pamphleteer.errors.PamphleteerError` exit status, never 1, never a
traceback.
"""

from __future__ import annotations

import codecs
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT, epub_files
from pamphleteer.cleaners import clean_in_language, load_all
from pamphleteer.cli import main
from pamphleteer.errors import InputError
from pamphleteer.markdown_io import write_markdown
from pamphleteer.sources import decode, read_source

FIX = ROOT / "tests" / "fixtures" / "hostile"
FAMILIES = {"afaq-text": "afaq.txt", "pdf-text": "pdftext.txt",
            "library-md": "library.md", "markdown": "cleaned.md",
            "muse": "muse.muse", "pandoc-markdown": "pandoc.md",
            "rst": "text.rst", "org": "text.org", "latex": "text.tex",
            "gutenberg": "gutenberg.txt"}
"""A hostile fixture per text reader; every text reader of the registry is
tested, and one without a fixture here fails (add its fixture)."""
TEXT_READERS = sorted(n for n, i in load_all().items() if not i.binary)

# Characters Windows-1252 or Latin-1 cannot hold, and their plain stand-ins.
_LATIN1_SAFE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"',
                              "—": "-", "–": "-", "…": "...", "‐": "-"})
_CP1252_SAFE = str.maketrans({"‐": "-"})


def _sloppy_cp1252(data: bytes) -> str:
    """UTF-8 bytes misread as Windows-1252, undefined bytes as Latin-1
    (what a careless export does): the classic ``â€™`` mojibake."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                   for b in data)


def _controls(text: str) -> str:
    """Scatter NUL, BEL, ESC and DEL after some spaces between words."""
    out, k = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        if ch == " " and text[i - 1].isalpha():
            k += 1
            if k % 20 == 0:
                out.append("\x00\x07\x1b\x7f"[k % 4])
    return "".join(out)


# name: (transform of the UTF-8 text, encoder, warning expected or "")
VARIANTS = {
    "utf-8": (None, lambda t: t.encode(), ""),
    "utf-8-bom": (None, lambda t: codecs.BOM_UTF8 + t.encode(), ""),
    "utf-16-le-bom": (None, lambda t: t.encode("utf-16-le")
                      .join([codecs.BOM_UTF16_LE, b""]), ""),
    "utf-16-be-bom": (None, lambda t: codecs.BOM_UTF16_BE
                      + t.encode("utf-16-be"), ""),
    "utf-16-le-no-bom": (None, lambda t: t.encode("utf-16-le"), "UTF-16-LE"),
    "utf-32-bom": (None, lambda t: t.encode("utf-32"), ""),
    "windows-1252": (_CP1252_SAFE, lambda t: t.encode("cp1252"),
                     "Windows-1252"),
    "latin-1": (_LATIN1_SAFE, lambda t: t.encode("latin-1"), "ISO-8859-1"),
    "crlf": (None, lambda t: t.replace("\n", "\r\n").encode(), ""),
    "cr": (None, lambda t: t.replace("\n", "\r").encode(), ""),
    "mojibake": (None, lambda t: _sloppy_cp1252(t.encode()).encode(),
                 "mojibake"),
    "controls": (None, lambda t: _controls(t).encode(), "control"),
}


def _source(fmt: str) -> str:
    if fmt not in FAMILIES:
        pytest.fail(f"the reader {fmt} has no hostile fixture: add one to "
                    "tests/fixtures/hostile/ and to FAMILIES")
    return (FIX / FAMILIES[fmt]).read_text(encoding="utf-8")


def _reference(fmt: str, table) -> str:
    text = _source(fmt)
    if table is not None:
        text = text.translate(table)
    # the rule `clean FILE` follows: a detected language is written
    return write_markdown(clean_in_language(
        load_all()[fmt], text, source="ref", options={}).document)


def _cli(argv, capsys) -> tuple[int, str, str]:
    status = main(argv)
    cap = capsys.readouterr()
    return status, cap.out, cap.err


def _no_traceback(status: int, err: str) -> None:
    assert status != 1, err
    assert "Traceback" not in err and "internal error" not in err, err


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("fmt", TEXT_READERS)
def test_clean_each_encoding_gives_the_utf8_result(fmt, variant, tmp_path,
                                                  capsys):
    table, encode, warning = VARIANTS[variant]
    text = _source(fmt)
    if table is not None:
        text = text.translate(table)
    raw = tmp_path / f"in-{variant}.txt"
    raw.write_bytes(encode(text))
    out = tmp_path / "out.md"
    status, _, err = _cli(["clean", "--format", fmt, str(raw), "-o",
                           str(out)], capsys)
    _no_traceback(status, err)
    assert status == 0, err
    assert out.read_text(encoding="utf-8") == _reference(fmt, table)
    if warning:
        assert "warning[READ001]" in err and warning in err, err
        assert str(raw) in err
    else:
        assert "READ001" not in err, err
    assert " 0 lost" in err


BROKEN = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\n\r\n   \n", "empty"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "PNG"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"
            b"stream\n" + bytes(range(256)) * 4, "`pdf` reader"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    "nul-heavy": (b"text\x00" * 400, "binary"),
    "bom-then-garbage": (codecs.BOM_UTF8 + b"ok \xff\xfe bad", "UTF-8"),
    "utf-16-odd": (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "UTF-16"),
    "controls-only": (bytes(range(1, 9)) * 50, "control"),
}


def _zip_bytes(tmp_path: Path) -> bytes:
    z = tmp_path / "x.docx"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("word/document.xml", "<w:document/>")
    return z.read_bytes()


@pytest.mark.parametrize("case", sorted(BROKEN) + ["zip", "folder",
                                                   "missing", "device"])
@pytest.mark.parametrize("fmt", TEXT_READERS)
def test_broken_files_refused_naming_the_file(fmt, case, tmp_path, capsys):
    path = tmp_path / f"broken-{case}.txt"
    expect = {"zip": "ZIP", "folder": "folder", "missing": "no such file",
              "device": "regular"}.get(case)
    if case == "zip":
        path.write_bytes(_zip_bytes(tmp_path))
    elif case == "folder":
        path.mkdir()
    elif case == "device":
        if sys.platform != "linux":
            pytest.skip("character devices: Linux only")
        path = Path("/dev/zero")
    elif case != "missing":
        data, expect = BROKEN[case]
        path.write_bytes(data)
    status, out, err = _cli(["clean", "--format", fmt, str(path)], capsys)
    _no_traceback(status, err)
    assert status == InputError.exit_status, err
    assert str(path) in err and expect in err, err
    assert out == ""


def test_decode_names_every_guess():
    t = "Proudhon’s café — “naïve”\n"
    assert decode(t.encode("utf-16-be"), "x").encoding == "utf-16-be"
    assert decode(codecs.BOM_UTF32_BE + t.encode("utf-32-be"),
                  "x").text == t
    w = decode(t.encode("cp1252"), "x")
    assert w.encoding == "windows-1252" and w.text == t
    assert "line 1" in w.warnings[0] and "0x92" in w.warnings[0]
    w = decode("café\n".encode("latin-1"), "x")
    assert w.encoding == "iso-8859-1" and "ISO-8859-1" in w.warnings[0]
    # Bytes Windows-1252 leaves undefined (0x81) are kept by Latin-1 and
    # then removed as C1 controls: nothing is silently replaced by U+FFFD.
    w = decode(b"caf\xe9 \x81ok", "x")
    assert w.text == "café ok" and "\ufffd" not in w.text
    assert any("control" in x for x in w.warnings)


def test_decode_separators_and_inner_boms_keep_words_apart():
    w = decode(b"end of line\x0bstart of next\x1funit", "x")
    assert w.text == "end of line\nstart of next\nunit"
    w = decode("first file\n\ufeffsecond file\n".encode(), "x")
    assert w.text == "first file\nsecond file\n" and "U+FEFF" in w.warnings[0]
    w = decode("lost \ufffd letter\n".encode(), "x")
    assert "replacement" in w.warnings[0]


def test_mojibake_repair_touches_nothing_else():
    # Only the encoding is repaired: entities, ligatures, full-width
    # letters and straight quotes stay as written.
    original = "It’s &amp; ﬁne, ＡＢＣ, \"straight\"\n"
    broken = _sloppy_cp1252(original.encode()).encode()
    w = decode(broken, "x")
    assert w.text == original
    assert any("mojibake" in x for x in w.warnings)


def test_read_source_refuses_oversized(tmp_path, monkeypatch):
    import pamphleteer.sources as sources

    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 300)
    with pytest.raises(InputError, match="larger than"):
        read_source(p)


# --------------------------------------------------------------------------
# Through a manifest: check and build --format epub
# --------------------------------------------------------------------------

MANIFEST = """\
book:
  title: "Hostile Encodings"
  identifier: "urn:uuid:00000000-0000-4000-8000-00000000e0c0"
  date: 2026-01-01
chapters:
{chapters}
front:
  introduction: ""
back:
  index: ""
"""


SHORT = {"afaq-text": "afaq", "pdf-text": "pdf", "library-md": "lib",
         "markdown": "md", "gutenberg": "pg"}


def _book(tmp_path: Path, variants: list[str],
          formats: tuple[str, ...] = ("afaq-text",)) -> Path:
    book = tmp_path / "book"
    book.mkdir(exist_ok=True)
    items = []
    for fmt in formats:
        for v in variants:
            table, encode, _ = VARIANTS[v]
            text = _source(fmt)
            if table is not None:
                text = text.translate(table)
            cid = v if formats == ("afaq-text",) else f"{SHORT.get(fmt, fmt)}-{v}"
            (book / f"{cid}.txt").write_bytes(encode(text))
            items.append(f"  - id: {cid}\n    source: {cid}.txt\n    format: "
                         f"{fmt}\n    title: \"Text {cid}\"\n    authors: "
                         "[\"A. B.\"]")
    manifest = book / "manifest.yaml"
    manifest.write_text(MANIFEST.format(chapters="\n".join(items)))
    return manifest


def _body_text(xhtml: bytes, cid: str) -> str:
    """The chapter's text without its title (which names the variant)."""
    import re
    import xml.etree.ElementTree as ET

    text = " ".join(ET.fromstring(xhtml).itertext())
    text = re.sub(r"\s+", " ", text.replace(f"Text {cid}", "")).strip()
    return re.sub(r"^\d+ ", "", text)  # the chapter's number


@pytest.mark.slow
def test_manifest_check_and_epub_of_every_encoding(tmp_path, capsys):
    variants = sorted(VARIANTS)
    formats = tuple(TEXT_READERS)
    manifest = _book(tmp_path, variants, formats)
    status, _, err = _cli(["check", str(manifest), "--out",
                           str(tmp_path / "out"), "--no-cache", "-v"], capsys)
    _no_traceback(status, err)
    assert status == 0, err
    for fmt in formats:
        for v in variants:
            if VARIANTS[v][2]:
                assert f"{SHORT.get(fmt, fmt)}-{v}.txt: warning[READ001]" in err, (v, err)
                assert VARIANTS[v][2] in err
    status, _, err = _cli(["build", str(manifest), "--format", "epub",
                           "--out", str(tmp_path / "out"), "--no-cache"],
                          capsys)
    _no_traceback(status, err)
    assert status == 0, err
    files = epub_files(tmp_path / "out" / "hostile-encodings.epub")
    for fmt in formats:
        ref_id = f"{SHORT.get(fmt, fmt)}-utf-8"
        ref = _body_text(files[f"EPUB/{ref_id}.xhtml"], ref_id)
        # Every fixture has these two accented words (the UTF-8 reference).
        assert "café" in ref and "naïve" in ref, fmt
        for v in variants:
            cid = f"{SHORT.get(fmt, fmt)}-{v}"
            body = _body_text(files[f"EPUB/{cid}.xhtml"], cid)
            assert "\x00" not in body and "â€" not in body, cid
            if VARIANTS[v][0] is None:
                assert body == ref.replace(ref_id, cid), cid
            else:
                assert "café" in body and "naïve" in body, cid


@pytest.mark.parametrize("case", ["png", "empty", "bom-then-garbage"])
def test_manifest_with_a_broken_source(case, tmp_path, capsys):
    manifest = _book(tmp_path, ["utf-8"])
    (manifest.parent / "utf-8.txt").write_bytes(BROKEN[case][0])
    for cmd in (["check"], ["build", "--format", "epub"]):
        status, _, err = _cli([*cmd, str(manifest), "--out",
                               str(tmp_path / "out"), "--no-cache"], capsys)
        _no_traceback(status, err)
        assert status == InputError.exit_status, err
        assert "utf-8.txt" in err and BROKEN[case][1] in err, err
    assert not (tmp_path / "out" / "hostile-encodings.epub").exists()


def test_introduction_read_with_the_same_care(tmp_path, capsys):
    manifest = _book(tmp_path, ["utf-8"])
    (manifest.parent / "intro.md").write_bytes(
        "# Introduction\n\nCafé texts, naïvely gathered.\n".encode("latin-1"))
    manifest.write_text(manifest.read_text().replace(
        'introduction: ""', "introduction: intro.md"))
    status, _, err = _cli(["check", str(manifest), "--out",
                           str(tmp_path / "out"), "--no-cache"], capsys)
    _no_traceback(status, err)
    assert status == 0, err
    assert "intro.md: warning[READ001]" in err and "ISO-8859-1" in err
    (manifest.parent / "intro.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    status, _, err = _cli(["check", str(manifest), "--out",
                           str(tmp_path / "out"), "--no-cache"], capsys)
    _no_traceback(status, err)
    assert status == InputError.exit_status and "intro.md" in err


def test_other_eight_bit_encodings_are_flagged():
    w = decode("Анархия — это порядок без власти.\n".encode("cp1251"), "x")
    assert "another encoding" in w.warnings[0]
    w = decode("Proudhon’s café, naïve\n".encode("cp1252"), "x")
    assert "another encoding" not in w.warnings[0]
