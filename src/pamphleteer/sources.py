"""Reading raw source files: bytes in, normalised text out, with warnings.

Decoding is explicit and every guess is reported:

- UTF-8, with or without a byte-order mark;
- UTF-16 and UTF-32 with a byte-order mark, and UTF-16 without one when
  every other byte is NUL (reported);
- otherwise ISO-8859-1 (Latin-1) when no byte is in 0x80-0x9F, else
  Windows-1252, reported as a warning naming the encoding chosen.

Line ends (CRLF, CR) become ``\\n``; letters are composed (NFC).  Mojibake
(UTF-8 read as Windows-1252, ``â€™``) is repaired with ftfy and reported.
Control characters are removed (or, for the ones used as line separators,
turned into line ends) and counted in a warning.  A file that is empty, is not a regular file, is too
large, or looks binary (a PDF, an image, an archive, NUL bytes) is refused
with an :class:`~pamphleteer.errors.InputError` naming it.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

MAX_BYTES = 64 * 1024 * 1024  # refuse anything larger than 64 MiB

# C0 controls other than tab, line feed, carriage return, form feed and the
# separators below; DEL; and C1 controls (U+0080-U+009F, never text).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\x80-\x9f]")
# Controls that separate lines in some exports: vertical tab (Word's manual
# line break) and the file/group/record/unit separators.
_SEPARATOR = re.compile(r"[\x0b\x1c-\x1f]")
# Byte-order marks (U+FEFF) left inside a text where files were joined.
_INNER_BOM = re.compile("\ufeff")
# Classic mojibake: UTF-8 bytes of punctuation and Latin letters decoded as
# Windows-1252 ("â€™", "â€œ", "Ã©") or as Latin-1 ("â\x80\x99").
_MOJIBAKE = re.compile(r"â€[™œ\x9d˜”“–—¦]|â\x80[\x90-\x9f]|"
                       r"Ã[\xa0-\xbf©¨§¼½¶]")

# Signatures of binary formats someone may give as a text, with advice.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "give it to the `pdf` reader (`format: pdf` in "
     "the manifest, `--format pdf` on the command line, or leave the "
     "format out: a .pdf is detected); text already extracted from a PDF "
     "is format pdf-text"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "give the text, not a picture"),
    (b"\xff\xd8\xff", "a JPEG image", "give the text, not a picture"),
    (b"GIF8", "a GIF image", "give the text, not a picture"),
    (b"PK\x03\x04", "a ZIP archive (an EPUB, DOCX or ODT?)",
     "give it `format: epub`, `docx` or `odt` (or no format, to detect "
     "it), or export its text first"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (a .doc?)",
     "export the text as plain text first"),
    (b"{\\rtf", "an RTF document", "export the text as plain text first"),
)


@dataclass(frozen=True)
class RawText:
    """A decoded source file."""

    path: str
    """The file as named by the user."""
    text: str
    """The decoded text, line ends normalised to ``\\n``."""
    encoding: str
    """The encoding used to decode it."""
    warnings: tuple[str, ...]
    """What was guessed or repaired while reading."""


def _refuse_binary(data: bytes, name: str) -> None:
    """Raise InputError when ``data`` starts like a known binary format or
    holds too many NUL bytes to be text."""
    for magic, what, advice in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: is {what}, not a text file; {advice}")
    head = data[:65536]
    if head.count(b"\x00") > max(8, len(head) // 100):
        raise InputError(f"{name}: looks like a binary file (it contains "
                         "NUL bytes), not text; give the text itself, "
                         "for example extracted with pdftotext")


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` is UTF-16 without a BOM
    (mostly Latin script: the high bytes are mostly NUL, the low bytes
    almost never), else None."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    for high, low, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if high.count(0) >= 0.6 * len(high) and low.count(0) <= 0.05 * len(low):
            return enc
    return None


def _decode_bytes(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings) for raw bytes; raise InputError."""
    warnings: list[str] = []
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, enc in boms:  # UTF-32 LE before UTF-16 LE: same first bytes
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, warnings
            except UnicodeDecodeError as e:
                raise InputError(
                    f"{name}: starts with a {enc.upper().replace('-SIG', '')} "
                    f"byte-order mark but is not valid "
                    f"{enc.upper().replace('-SIG', '')} (byte {e.start}:"
                    f" {e.reason}); re-save it as UTF-8") from None
    enc16 = _bomless_utf16(data)
    if enc16:
        try:
            text = data.decode(enc16)
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(f"no byte-order mark; read as {enc16.upper()} "
                            "(every other byte is NUL)")
            return text, enc16, warnings
    _refuse_binary(data, name)
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as e:
        bad = e.start
    declared = _declared(data)
    if declared:
        return declared[0], declared[1], warnings
    line = data.count(b"\n", 0, bad) + 1
    if any(0x80 <= b <= 0x9f for b in data):
        try:
            text, enc = data.decode("cp1252"), "windows-1252"
            label = "Windows-1252"
        except UnicodeDecodeError:
            # Bytes Windows-1252 leaves undefined: Latin-1 keeps every byte.
            text, enc = data.decode("latin-1"), "iso-8859-1"
            label = "ISO-8859-1 (Latin-1), with C1 control bytes"
    else:
        text, enc, label = data.decode("latin-1"), "iso-8859-1", \
            "ISO-8859-1 (Latin-1)"
    letters = [c for c in text if c.isalpha()]
    accented = sum(1 for c in letters if not c.isascii())
    hint = ""
    if letters and accented > 0.3 * len(letters):
        hint = (f" ({accented} of {len(letters)} letters came out accented: "
                "the file is probably in another encoding, such as Cyrillic, "
                "Greek or a CJK one)")
    warnings.append(f"not valid UTF-8 (first bad byte {data[bad]:#04x} on "
                    f"line {line}); read as {label}{hint}: check accented "
                    "letters and quotes, or re-save the file as UTF-8")
    return text, enc, warnings


# An encoding the file states in its first lines: Project Gutenberg's
# "Character set encoding: ISO-8859-1", an XML declaration, an HTML meta.
_DECLARED = re.compile(
    rb"Character set encoding:\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*encoding="
    rb"[\"']([A-Za-z0-9_.:-]+)|<meta[^>]*charset=[\"']?([A-Za-z0-9_.:-]+)",
    re.IGNORECASE)


def _declared(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` when the file declares an 8-bit encoding that
    decodes it (not a guess: no warning), else None.  A declared ISO-8859-1
    with bytes 0x80-0x9F (never Latin-1 text) is read as Windows-1252, as
    browsers do."""
    m = _DECLARED.search(data[:16384])
    if not m:
        return None
    name = next(g for g in m.groups() if g).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in ("utf-8", "utf-16", "utf-32") or codec.startswith("utf"):
        return None  # declared UTF but is not: the guess below says so
    if codec == "latin-1" or codec == "iso8859-1":
        if any(0x80 <= b <= 0x9f for b in data):
            codec = "cp1252"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _fix_mojibake(text: str) -> str:
    """Undo UTF-8 decoded as Windows-1252/Latin-1 with ftfy, and nothing
    else: no HTML unescaping, no ligature, width or quote changes (those
    would alter words without a report)."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False,
        fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False,
        normalization=None, explain=False, max_decode_length=10 ** 8)
    return ftfy.fix_text(text, config)


def decode(data: bytes, name: str) -> RawText:
    """Decode raw bytes; raise InputError for binary, empty or undecodable
    data."""
    text, enc, warnings = _decode_bytes(data, name)
    if "\r" in text:  # CRLF and CR line ends: lossless, not reported
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _MOJIBAKE.search(text):
        fixed = _fix_mojibake(text)
        if fixed != text:
            n = len(_MOJIBAKE.findall(text))
            warnings.append(f"repaired mojibake in about {n} place(s) "
                            "(UTF-8 read as Windows-1252, such as â€™ for ’)")
            text = fixed
    # Canonical composition (NFC): "e" + U+0301 becomes "é", the same text
    # to every reader, so that cleaners see one form of each letter.
    text = unicodedata.normalize("NFC", text)
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise InputError(f"{name}: contains {controls} control characters; "
                         "this is not a text file")
    if controls:
        text = _CONTROL.sub("", text)
        warnings.append(f"removed {controls} control character(s) "
                        "(NUL, backspace, escape, C1 controls...)")
    separators = len(_SEPARATOR.findall(text))
    if separators:
        text = _SEPARATOR.sub("\n", text)
        warnings.append(f"{separators} vertical tab(s) or separator "
                        "control(s) read as line ends")
    boms = len(_INNER_BOM.findall(text))
    if boms:
        text = _INNER_BOM.sub("", text)
        warnings.append(f"removed {boms} byte-order mark(s) (U+FEFF) "
                        "inside the text (were files joined?)")
    lost = text.count("\ufffd")
    if lost:
        warnings.append(f"contains {lost} replacement character(s) (�): "
                        "letters were lost before the file reached us; "
                        "compare with the original")
    if not text.strip():
        raise InputError(f"{name}: the file is empty (nothing but white "
                         "space); give the text itself")
    return RawText(name, text, enc, tuple(warnings))


def read_source(path: Path, name: str | None = None) -> RawText:
    """Read and decode a raw file, refusing what is not text."""
    name = name or str(path)
    return decode(read_bytes(path, name), name)


def try_decode(data: bytes, name: str) -> RawText | None:
    """``decode(data)``, or None when the bytes are not text (a PDF, an
    archive, binary data): for detection, which asks binary readers too."""
    try:
        return decode(data, name)
    except InputError:
        return None


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """A raw file's bytes, refusing folders, devices and files too large."""
    name = name or str(path)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a folder, not a text file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: is not a regular file (a device, "
                             "pipe or socket); give a text file")
        if st.st_size > MAX_BYTES:
            raise InputError(f"{name}: larger than {MAX_BYTES >> 20} MiB; "
                             "split the text into several chapters")
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a text file") from None
    except (OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise InputError(f"{name}: cannot be read ({why})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: larger than {MAX_BYTES >> 20} MiB; "
                         "split the text into several chapters")
    return data
