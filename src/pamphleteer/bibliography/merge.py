"""Merge the works cited across chapters into one set of entries.

Two citations name the same work when their titles agree (full, short or
main title), their creators overlap and nothing tells them apart:
different editions, publishers, containers or years keep works apart.  A
year that differs for the same journal issue (``no. 127 (2009)`` and ``no.
127 (2010)``) merges with a doubt flag.  The works file wins over parsed
fields; parsed fields fill its gaps.  Every merge is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .facts import date_year
from .names import fold, name_key, name_keys
from .works import creator_keys, main_title, norm_title


@dataclass(frozen=True)
class Merge:
    """One merge of a cited work into an entry."""

    work: str
    """Id of the entry the work joined."""
    sources: tuple[str, ...]
    """Where the merged citations were (``chapter note 4``,
    ``works file``), first the entry's own."""
    raw: str
    """The merged citation as written."""
    doubt: bool
    """True when the merge rests on a guess (years disagree)."""
    reason: str
    """Why the two were taken for one work."""


def _words(text: str) -> set[str]:
    """Folded words of a publisher or place, minus filler."""
    return set(fold(text).split()) - {"the", "and", "press", "publishers",
                                      "books", "ltd", "co", "inc"}


def _titles_agree(a: Mapping, b: Mapping) -> bool:
    """Titles agree: equal when folded, or one is the other's short or
    main title."""
    ka = {norm_title(a.get("title", ""))} | {norm_title(a.get("title-short",
                                                                 "") or "")}
    kb = {norm_title(b.get("title", ""))} | {norm_title(b.get("title-short",
                                                                 "") or "")}
    ka.discard("")
    kb.discard("")
    if ka & kb:
        return True
    ma, mb = main_title(a.get("title", "")), main_title(b.get("title", ""))
    return bool(ma) and len(ma.split()) >= 2 and (ma == mb or ma in kb
                                                 or mb in ka)


def same_work(a: Mapping, b: Mapping) -> tuple[bool, bool, str]:
    """(same, doubt, reason) for two CSL items."""
    if not _titles_agree(a, b):
        return False, False, ""
    ca, cb = creator_keys(a), creator_keys(b)
    if ca and cb and not ca & cb:
        return False, False, ""
    authors_a, authors_b = (name_keys(a.get("author") or ()),
                            name_keys(b.get("author") or ()))
    if authors_a and authors_b and not authors_a & authors_b:
        # Two authors in one collection are two works, whoever edited it.
        return False, False, ""
    oa, ob = date_year(a.get("original-date")), date_year(b.get(
        "original-date"))
    if oa and ob and oa != ob:
        return False, False, ""
    chapter_a = a.get("type") == "chapter"
    chapter_b = b.get("type") == "chapter"
    if a.get("type") and b.get("type") and chapter_a != chapter_b:
        return False, False, ""
    if chapter_a and a.get("container-title") and b.get("container-title") \
            and main_title(a["container-title"]) != main_title(
                b["container-title"]):
        return False, False, ""
    if a.get("edition") and b.get("edition") and \
            fold(str(a["edition"])) != fold(str(b["edition"])):
        return False, False, ""
    pa, pb = a.get("publisher"), b.get("publisher")
    if pa and pb and not _words(pa) & _words(pb):
        return False, False, ""
    ya, yb = date_year(a.get("issued")), date_year(b.get("issued"))
    if ya and yb and ya != yb and (ya == ob or yb == oa):
        # One gives the year of writing, the other of the edition.
        return True, False, (f"same title and creators; {min(ya, yb)} is "
                             "the original date of the other")
    if ya and yb and ya != yb:
        same_issue = (a.get("issue") and a.get("issue") == b.get("issue")
                      and a.get("container-title") and b.get(
                          "container-title") and main_title(
                          a["container-title"]) == main_title(
                          b["container-title"]))
        if same_issue:
            return True, True, (f"same title, author and journal issue "
                                f"{a.get('issue')}, but years {ya} and {yb}")
        return False, False, ""
    reason = "same title and creators"
    if ya and yb:
        reason += f", year {ya}"
    elif ya or yb:
        reason += ", year given by one citation only"
    return True, False, reason


def _slug(text: str, words: int) -> str:
    """A short id part from text."""
    stop = {"the", "a", "an", "of", "and", "on", "in", "to", "for"}
    parts = [w for w in fold(text).split() if w not in stop][:words]
    return "-".join(parts)


def make_id(csl: Mapping, taken: set[str]) -> str:
    """A readable unique id: ``family-title-words-year``."""
    names = (csl.get("author") or csl.get("editor") or [])
    family = ""
    if names:
        lead = names[0]
        family = (_slug(lead["literal"], 2) if "literal" in lead
                  else name_key(lead))[:24]
    year = date_year(csl.get("issued")) or ""
    parts = [p for p in (family, _slug(csl.get("title", "work"), 3),
                         str(year)) if p]
    base = "-".join(parts) or "work"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def combine(base: Mapping, extra: Mapping) -> dict:
    """``base`` with the fields it lacks taken from ``extra``."""
    out = dict(base)
    for key, value in extra.items():
        if key.startswith("_"):
            continue
        if key not in out or out[key] in ("", None, [], {}):
            out[key] = value
    return out


def merge_works(works_file: Sequence[Mapping],
                parsed: Sequence[tuple[str, str, Mapping]]):
    """Cluster parsed works with the works file and with each other.

    ``parsed`` holds (key, where, csl) in reading order.  Returns (mapping
    from key to entry id, entries' CSL by id (works-file entries first, each
    only if used), merges).
    """
    entries: dict[str, dict] = {w["id"]: dict(w) for w in works_file}
    from_file = set(entries)
    origin: dict[str, str] = {w["id"]: "works file" for w in works_file}
    taken = set(entries)
    mapping: dict[str, str] = {}
    merges: list[Merge] = []
    for key, where, csl in parsed:
        if csl.get("id") in entries:
            target = csl["id"]
            mapping[key] = target
            entries[target] = combine(entries[target], csl)
            continue
        hit = None
        for entry_id, entry in entries.items():
            same, doubt, reason = same_work(csl, entry)
            if same:
                hit = (entry_id, doubt, reason)
                break
        if hit:
            entry_id, doubt, reason = hit
            mapping[key] = entry_id
            entries[entry_id] = combine(entries[entry_id], csl)
            merges.append(Merge(entry_id, (origin[entry_id], where),
                                str(csl.get("_raw", csl.get("title", ""))),
                                doubt, reason))
            continue
        new_id = make_id(csl, taken)
        clean = {k: v for k, v in csl.items() if not k.startswith("_")}
        clean["id"] = new_id
        entries[new_id] = clean
        origin[new_id] = where
        mapping[key] = new_id
    for entry_id in from_file:
        entries[entry_id]["id"] = entry_id
    return mapping, entries, merges, taken


_PUBLICATION = ("publisher", "publisher-place", "issued")


def _container_matches(chapter: Mapping, book: Mapping) -> bool:
    """True when ``book`` is the collection that ``chapter`` appeared in."""
    container = chapter.get("container-title") or ""
    title = book.get("title", "")
    full = {norm_title(title), norm_title(book.get("title-short", "") or "")}
    if norm_title(container) not in full - {""}:
        # Main titles alone ("Anarchism") match only when one of the two
        # has no subtitle: "Anarchism: A Documentary History" is not
        # "Anarchism: A History of Libertarian Ideas".
        a, b = norm_title(container), norm_title(title)
        both_subtitled = main_title(container) != a and main_title(title) != b
        one_extends = a.startswith(b) or b.startswith(a)
        if (both_subtitled and not one_extends) or not main_title(title) or \
                main_title(container) != main_title(title):
            return False
    eds_c = name_keys(chapter.get("editor") or ())
    eds_b = name_keys(book.get("editor") or ())
    if eds_c and eds_b and not eds_c & eds_b:
        return False
    yc, yb = date_year(chapter.get("issued")), date_year(book.get("issued"))
    return not (yc and yb and yc != yb)


def link_containers(entries: dict[str, dict], cited: Sequence[str],
                    taken: set[str]) -> tuple[dict[str, str], list[Merge]]:
    """Link cited chapters to the book they appeared in.

    A chapter whose collection is an entry (works file or cited) links to
    it; two or more cited chapters of the same collection that is not an
    entry make one (from the chapters' facts).  Returns (chapter id ->
    book id, reports of the books made).  ``entries`` gains the new books
    and the publication facts a works-file book lacked.
    """
    books = {i: c for i, c in entries.items()
             if c.get("type") not in ("chapter", "article-journal",
                                      "article-magazine", "webpage")}
    links: dict[str, str] = {}
    orphans: dict[tuple, list[str]] = {}
    for chapter_id in cited:
        chapter = entries[chapter_id]
        if chapter.get("type") != "chapter" or not chapter.get(
                "container-title"):
            continue
        for book_id, book in books.items():
            if _container_matches(chapter, book):
                links[chapter_id] = book_id
                for key in _PUBLICATION:
                    if not book.get(key) and chapter.get(key):
                        book[key] = chapter[key]
                break
        else:
            orphan = (main_title(chapter["container-title"]),
                      date_year(chapter.get("issued")))
            orphans.setdefault(orphan, []).append(chapter_id)
    made = []
    for chapter_ids in orphans.values():
        if len(chapter_ids) < 2:
            continue
        first = entries[chapter_ids[0]]
        book = {"type": "book", "title": first["container-title"]}
        for key in ("editor", "translator", *_PUBLICATION):
            if first.get(key):
                book[key] = first[key]
        book["id"] = make_id(book, taken)
        entries[book["id"]] = book
        for chapter_id in chapter_ids:
            links[chapter_id] = book["id"]
        made.append(Merge(book["id"], tuple(chapter_ids),
                          first["container-title"], False,
                          f"collection of {len(chapter_ids)} cited chapters"))
    return links, made
