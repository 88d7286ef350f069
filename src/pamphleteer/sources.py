"""Reading raw source files: bytes in, normalised text out, with warnings.

Decoding is explicit: UTF-8 (with or without BOM), UTF-16 with BOM, and as a
last resort Windows-1252 (a superset of Latin-1 for printable text), which is
reported.  Line ends become ``\\n``.  A file that looks binary is refused
with a message naming it.  Mojibake (UTF-8 read as Windows-1252, ``â€™``) is
repaired with ftfy and reported.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

MAX_BYTES = 64 * 1024 * 1024  # refuse anything larger than 64 MiB

# C0 controls other than tab, line feed, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Classic mojibake: UTF-8 bytes of punctuation and Latin letters decoded as
# Windows-1252 ("â€™", "â€œ", "Ã©").
_MOJIBAKE = re.compile(r"â€[™œ\x9d˜”“–—¦]|Ã[\xa0-\xbf©¨§¼½¶]")


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


def decode(data: bytes, name: str) -> RawText:
    """Decode raw bytes; raise InputError for binary or undecodable data."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, enc = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-16 byte-order mark "
                             "but is not valid UTF-16; re-save it as UTF-8") \
                from None
    else:
        if b"\x00" in data[:65536]:
            raise InputError(f"{name}: looks like a binary file (it contains "
                             "NUL bytes), not text; give the text itself, "
                             "for example extracted with pdftotext")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            text, enc = data.decode("cp1252", errors="replace"), "cp1252"
            warnings.append(f"not valid UTF-8 (byte {e.start}); read as "
                            "Windows-1252/Latin-1: check accented letters")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise InputError(f"{name}: contains {controls} control characters; "
                         "this is not a text file")
    if controls:
        text = _CONTROL.sub("", text)
        warnings.append(f"removed {controls} control character(s)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _MOJIBAKE.search(text):
        import ftfy

        fixed = ftfy.fix_text(text, normalization="NFC",
                              uncurl_quotes=False, fix_line_breaks=False)
        if fixed != text:
            warnings.append("repaired mojibake (UTF-8 read as Windows-1252)")
            text = fixed
    return RawText(name, text, enc, tuple(warnings))


def read_source(path: Path, name: str | None = None) -> RawText:
    """Read and decode a raw file, refusing what is not text."""
    name = name or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{name}: larger than {MAX_BYTES >> 20} MiB; "
                             "split the text into several chapters")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a text file") from None
    except OSError as e:
        raise InputError(f"{name}: cannot be read ({e.strerror})") from None
    return decode(data, name)
