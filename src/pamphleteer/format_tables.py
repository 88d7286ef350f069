"""The tables of source and output formats, from the two registries.

``pamphleteer formats`` prints them; the README's "Formats" section is this
output (a test keeps it in step), so a new reader or writer appears there
without editing the README by hand.
"""

from __future__ import annotations

from . import writers
from .cleaners import load_all as load_readers


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def source_table() -> str:
    """Markdown table of the readers (``format:`` in the manifest)."""
    rows = ["| format | extensions | what it reads | reference |",
            "| --- | --- | --- | --- |"]
    for name, info in sorted(load_readers().items()):
        exts = ", ".join(f"`{e}`" for e in info.extensions) or "(any)"
        kind = " (binary)" if info.binary else ""
        ref = f"`{info.docs}`" if info.docs else \
            f"`src/{info.clean.__module__.replace('.', '/')}.py`"
        rows.append(f"| `{name}` | {exts}{kind} | {_cell(info.description)} "
                    f"| {ref} |")
    return "\n".join(rows) + "\n"


def output_table() -> str:
    """Markdown table of the writers (``output.formats``, ``--format``)."""
    rows = ["| format | files | what it makes |", "| --- | --- | --- |"]
    for info in writers.load_all().values():
        files = ", ".join(f"`{f.strip()}`" for f in info.files.split(","))
        rows.append(f"| `{info.name}` | {files} | "
                    f"{_cell(info.description)} |")
    return "\n".join(rows) + "\n"


def tables() -> str:
    """Both tables under their headings (the README's generated part)."""
    return ("### Source formats (readers)\n\n" + source_table()
            + "\n### Output formats (writers)\n\n" + output_table())
