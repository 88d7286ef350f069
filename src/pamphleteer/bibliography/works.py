"""The works file, and how a title as cited finds a work.

``book/works.json`` (CSL-JSON) or ``book/works.yaml`` (a YAML list of the
same items) holds entries an editor supplies or corrects.  Each needs an
``id`` and a ``title``; ``title-short`` names a work cited by short title
only (``[Bakunin on Anarchism, p. 263]``).  The works file wins over what
was parsed from the texts.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

from ..errors import ManifestError
from .facts import parse_date
from .names import (fold, is_name_like, name_keys, parse_name, split_names,
                    text_name_keys)

# CSL-JSON name variables and date variables we read.
NAME_FIELDS = ("author", "editor", "translator")
DATE_FIELDS = ("issued", "original-date", "accessed")
# A CSL id: letters, digits, "-", "_", ".", ":".
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
# Leading articles dropped when comparing titles.
_ARTICLES = {"the", "a", "an"}
# Spelling variants folded together when comparing titles.
_VARIANTS = {"programme": "program", "organisation": "organization",
             "defence": "defense", "labour": "labor"}


@functools.lru_cache(maxsize=8192)
def norm_title(title: str) -> str:
    """A title folded for comparison: no case, accents, punctuation,
    leading article or "and" (``The Marx-Engels Reader`` and ``Marx and
    Engels Reader`` agree)."""
    words = fold(title.replace("&", " and ")).split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(_VARIANTS.get(w, w) for w in words if w != "and")


def main_title(title: str) -> str:
    """The title before its subtitle (``Black Flame: The ...`` -> ``Black
    Flame``), folded."""
    # Cut at the first colon, period, question or exclamation mark.
    return norm_title(re.split(r"[:.?!]\s", title + " ", maxsplit=1)[0])


def creator_keys(csl: Mapping) -> frozenset[str]:
    """Keys of everyone credited in a CSL item (authors, editors,
    translators)."""
    keys: set[str] = set()
    for field in NAME_FIELDS:
        keys |= name_keys(csl.get(field) or ())
    return frozenset(keys)


def title_keys(csl: Mapping) -> set[str]:
    """Every folded form under which a work may be cited by title."""
    keys = set()
    for field in ("title", "title-short"):
        value = csl.get(field)
        if value:
            keys.add(norm_title(value))
            keys.add(main_title(value))
    return {k for k in keys if k}


def _first_line_with(text: str, exc: Exception) -> int:
    """The line of the first date-like value YAML could not build."""
    import re

    for number, line in enumerate(text.splitlines(), start=1):
        # An unquoted YYYY-MM-DD value that is not a real date.
        m = re.search(r":\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", line)
        if m and not (1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31):
            return number
    return 1


def load_works(path: Path) -> list[dict]:
    """Read a works file (``.json`` CSL-JSON or ``.yaml``/``.yml`` list).

    Raises :class:`ManifestError` naming ``file:line`` and what to do for
    unreadable files, malformed JSON or YAML, and invalid entries (all
    entry problems are collected first, then reported once).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the works file ({exc}); "
                            "check the path in the manifest") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(
                f"{path}:{exc.lineno}: invalid JSON in the works file "
                f"({exc.msg}); fix the syntax (a CSL-JSON list of "
                "objects)") from None
        lines = _json_item_lines(text)
    elif path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            raise ManifestError(
                f"{path}:{line}: invalid YAML in the works file; fix the "
                "syntax (a list of CSL items)") from None
        except ValueError as exc:  # e.g. an impossible date: 2026-13-45
            raise ManifestError(
                f"{path}:{_first_line_with(text, exc)}: a value in the works "
                f"file is not valid ({exc}); write dates as CSL date-parts "
                "or quote them as text") from None
        lines = _yaml_item_lines(text)
    else:
        raise ManifestError(f"{path}: a works file must end in .json, .yaml "
                            "or .yml")
    if not isinstance(data, list):
        raise ManifestError(f"{path}:1: the works file must be a list of "
                            "CSL items, one per work")
    problems = []
    seen: dict[str, int] = {}
    for i, item in enumerate(data):
        line = lines[i] if i < len(lines) else 1
        where = f"{path}:{line}"
        problems += [f"{where}: {p}" for p in check_item(item)]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in seen:
                problems.append(f"{where}: duplicate id {item['id']!r} (first "
                                f"at line {seen[item['id']]}); give each "
                                "work its own id")
            seen.setdefault(item["id"], line)
    if problems:
        raise ManifestError(f"{path}: invalid works file", problems=problems)
    return [dict(item) for item in data]


def check_item(item) -> list[str]:
    """What is wrong with one CSL item (empty when it is valid)."""
    if not isinstance(item, dict):
        return ["an entry must be a mapping of CSL fields"]
    problems = []
    if not isinstance(item.get("id"), str) or not _ID.match(item["id"]):
        problems.append("each entry needs an \"id\" of letters, digits and "
                        "-_.: (used to cite it)")
    if not isinstance(item.get("title"), str) or not item["title"].strip():
        problems.append(f"entry {item.get('id')!r} needs a \"title\"")
    for field in NAME_FIELDS:
        names = item.get(field)
        if names is None:
            continue
        if not isinstance(names, list) or not all(
                isinstance(n, dict) and (n.get("family") or n.get("literal"))
                for n in names):
            problems.append(f"entry {item.get('id')!r}: \"{field}\" must be a "
                            "list of {\"family\": ..., \"given\": ...} or "
                            "{\"literal\": ...}")
    for field in DATE_FIELDS:
        date = item.get(field)
        if date is None:
            continue
        if not isinstance(date, dict) or not (
                "literal" in date or _date_parts_ok(date.get("date-parts"))):
            problems.append(f"entry {item.get('id')!r}: \"{field}\" must be "
                            "{\"date-parts\": [[year, month, day]]}")
    return problems


def _date_parts_ok(parts) -> bool:
    """True for CSL ``date-parts``: a list of lists of integers."""
    return (isinstance(parts, list) and bool(parts) and all(
        isinstance(p, list) and p and all(isinstance(x, int) for x in p)
        for p in parts))


def _json_item_lines(text: str) -> list[int]:
    """Line of each top-level item of a JSON list (by its opening brace)."""
    lines, depth, line = [], 0, 1
    in_string = escape = False
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            if depth == 1:
                lines.append(line)
            depth += 1
        elif ch in "]}":
            depth -= 1
    return lines


def _yaml_item_lines(text: str) -> list[int]:
    """Line of each top-level ``- `` item of a YAML list."""
    # A line opening a top-level list item: "- ".
    return [i + 1 for i, ln in enumerate(text.splitlines())
            if re.match(r"^-\s", ln)]


class WorksIndex:
    """Look works up by id, by folded title and by creators."""

    def __init__(self, works: Sequence[Mapping]):
        self.by_id: dict[str, Mapping] = {w["id"]: w for w in works}
        self._by_title: dict[str, list[str]] = {}
        for w in works:
            for key in title_keys(w):
                self._by_title.setdefault(key, []).append(w["id"])

    def find(self, title: str, creators: Iterable[str] = ()) -> list[str]:
        """Ids of works whose title, short title or main title is
        ``title``, credited (if ``creators`` are given) to them all."""
        wanted = frozenset(creators)
        ids = []
        for key in {norm_title(title), main_title(title)} - {""}:
            for work_id in self._by_title.get(key, ()):
                if work_id in ids:
                    continue
                if wanted and not wanted <= creator_keys(self.by_id[work_id]):
                    continue
                ids.append(work_id)
        return ids

    def find_cited(self, text: str) -> list[str]:
        """Ids for a work as written in an inline citation: a title
        (``Bakunin on Anarchism``), creators and a title (``Marx and
        Engels, Selected Works``), or a quoted title first (``"Letter to F.
        Domela-Nieuwenhuis," Eugene Schulkind (ed.), ...``)."""
        text = text.strip()
        found = self.find(text)
        if found:
            return found
        # A quoted title anywhere: "Letter to ...,"
        quoted = re.search(r"[\"“]([^\"“”]+?)[,.]?[\"”]", text)
        if quoted:
            before = text[:quoted.start()].strip(" ,")
            creators = text_name_keys(before) if before else frozenset()
            found = self.find(quoted.group(1), creators)
            if found:
                return found
        # Each comma: creators before it, a title after it?
        for m in re.finditer(r",\s+", text):
            names, title = text[:m.start()], text[m.end():]
            if all(is_name_like(p) for p in split_names(names)):
                found = self.find(title, text_name_keys(names))
                if found:
                    return found
        return []


def source_work(*, title: str, subtitle: str = "",
                authors: Sequence[str] = (), date: str = "",
                translators: Sequence[str] = (),
                editors: Sequence[str] = (), id: str | None = None) -> dict:
    """CSL-JSON for a chapter's own text from the manifest's facts (for
    :class:`ChapterInput.source_work`).  ``id`` names its works-file entry
    when the editor knows it; otherwise the bibliography merges it with a
    works-file entry of the same title, creators and year.  No ``type``:
    the works-file entry it merges with gives one."""
    csl: dict = {"title": title.strip()}
    if subtitle.strip():
        csl["title"] = f"{csl['title']}: {subtitle.strip()}"
        csl["title-short"] = title.strip()
    for field, names in (("author", authors), ("translator", translators),
                         ("editor", editors)):
        if names:
            csl[field] = [parse_name(n) for n in names]
    issued = parse_date(date) if date else None
    if issued:
        csl["issued"] = issued
    if id:
        csl["id"] = id
    return csl
