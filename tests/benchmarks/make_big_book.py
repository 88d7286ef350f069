"""Make a self-contained copy of a book, its chapters repeated N times.

    python tests/benchmarks/make_big_book.py DEST [--manifest M] [--factor N]

Copies the manifest, every file it names (sources, introduction, works,
index, about-notes) and its ``templates/`` and ``styles/`` folders into
DEST, with every path made relative to DEST (``book.root`` becomes ``.``).
With ``--factor N`` the chapters (and parts) are repeated N times: copy
``k`` gets ids ``<id>-k``, titles ending in ``(k)``, and its own copy of
each source file (so the stage cache cannot share entries between copies).
``--factor 1`` is an exact copy to edit without touching the original.
Run by hand by ``bench.py``; not part of the test suite.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

FILE_KEYS = {"front": ("introduction",), "back": ("about_notes", "index")}
"""Section keys naming one file each (``back.works`` names a list)."""


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(src, dest)
    except OSError as e:  # a script: say which file, without a traceback
        raise SystemExit(f"cannot copy {src}, named in the manifest: "
                         f"{e.strerror or e}") from None


def _chapter(spec: dict, k: int, folder: Path, dest: Path) -> dict:
    """Copy ``k`` of a chapter entry, with its source copied under dest."""
    spec = copy.deepcopy(spec)
    src = (folder / spec["source"]).resolve()
    rel = Path("sources") / f"copy-{k}" / src.name
    _copy(src, dest / rel)
    spec["source"] = rel.as_posix()
    if k > 1:
        spec["id"] = f"{spec['id']}-{k}"
        for key in ("title", "short_title"):
            if spec.get(key):
                spec[key] = f"{spec[key]} ({k})"
        # Only the first copy is the reprinted work itself.
        spec.pop("work", None)
    return spec


def make_big_book(manifest: Path, dest: Path, factor: int = 10) -> Path:
    """Write the repeated book into ``dest``; return its manifest's path."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    manifest = Path(manifest).resolve()
    folder = manifest.parent
    data: dict[str, Any] = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "styles"):
        if (folder / name).is_dir():
            shutil.copytree(folder / name, dest / name, dirs_exist_ok=True)
    data.setdefault("book", {})["root"] = "."
    for section, keys in FILE_KEYS.items():
        for key in keys:
            rel = (data.get(section) or {}).get(key)
            if rel:
                _copy(folder / rel, dest / Path(rel).name)
                data[section][key] = Path(rel).name
    back = data.get("back") or {}
    if back.get("works"):
        for rel in back["works"]:
            _copy(folder / rel, dest / Path(rel).name)
        back["works"] = [Path(rel).name for rel in back["works"]]
    if data.get("parts"):
        parts = []
        for k in range(1, factor + 1):
            for part in data["parts"]:
                p = copy.deepcopy(part)
                if k > 1:
                    p["title"] = f"{p['title']} ({k})"
                    if p.get("id"):
                        p["id"] = f"{p['id']}-{k}"
                p["chapters"] = [_chapter(c, k, folder, dest)
                                 for c in part.get("chapters", [])]
                parts.append(p)
        data["parts"] = parts
    else:
        data["chapters"] = [_chapter(c, k, folder, dest)
                            for k in range(1, factor + 1)
                            for c in data.get("chapters", [])]
    target = dest / "manifest.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dest", type=Path, help="folder to write (created)")
    p.add_argument("--manifest", type=Path, default=Path("book/manifest.yaml"))
    p.add_argument("--factor", type=int, default=10)
    args = p.parse_args(argv)
    print(make_big_book(args.manifest, args.dest, args.factor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
