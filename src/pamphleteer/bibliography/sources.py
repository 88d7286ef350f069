"""Works files from where users keep them: CSL-JSON, YAML, BibTeX, RIS.

A Zotero, Calibre or JabRef export is read as it is:

- ``.json``: CSL-JSON (Zotero's "CSL JSON" export, pandoc-citeproc's);
- ``.yaml``/``.yml``: a YAML list of CSL items (pandoc's ``references:``
  mapping also accepted);
- ``.bib``/``.bibtex``: BibTeX or BibLaTeX, read by pybtex (LaTeX accents
  decoded, names split by BibTeX's own rules: ``von Last, First``);
- ``.ris``: RIS (EndNote, Zotero, Mendeley), read by rispy.

Every entry becomes a CSL-JSON item with an ``id``.  Several files are
merged in the order given (:func:`load_works_files`): an id already taken
keeps its first entry and the later one is reported; two entries that are
one work under two ids (same title, creators and year) are kept and
reported, so the editor can delete one.  Why these libraries: both are the
maintained parsers of their formats (BibTeX's name and accent rules and
RIS's tag table are not worth writing again).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from ..errors import ManifestError
from .facts import date_year
from .merge import make_id
from .names import fold, looks_corporate, name_key
from .works import check_item, load_works as load_csl

SUFFIXES = (".json", ".yaml", ".yml", ".bib", ".bibtex", ".ris")

_BIB_TYPES = {
    "book": "book", "mvbook": "book", "booklet": "pamphlet",
    "article": "article-journal", "periodical": "periodical",
    "incollection": "chapter", "inbook": "chapter", "inproceedings":
    "paper-conference", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report",
    "online": "webpage", "www": "webpage", "electronic": "webpage",
    "unpublished": "manuscript", "misc": "document", "collection": "book",
    "proceedings": "book", "newspaper": "article-newspaper",
    "magazine": "article-magazine",
}
_RIS_TYPES = {
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter",
    "ECHAP": "chapter", "JOUR": "article-journal", "EJOUR":
    "article-journal", "MGZN": "article-magazine", "NEWS":
    "article-newspaper", "THES": "thesis", "RPRT": "report", "ELEC":
    "webpage", "WEB": "webpage", "BLOG": "post-weblog", "PAMP": "pamphlet",
    "UNPB": "manuscript", "MANSCPT": "manuscript", "CONF":
    "paper-conference", "CPAPER": "paper-conference", "GEN": "document",
}


def load_works(path: Path) -> list[dict]:
    """Read one works file of any supported format as CSL-JSON items."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        return load_csl(path)
    if suffix not in SUFFIXES:
        raise ManifestError(
            f"{path}: a works file must end in .json (CSL-JSON), .yaml or "
            ".yml (YAML), .bib (BibTeX) or .ris (RIS); export it from your "
            "reference manager in one of these")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the works file ({exc}); "
                            "check the path in the manifest and that it is "
                            "UTF-8") from None
    items, problems = (_from_bibtex(text, path) if suffix in (".bib",
                                                              ".bibtex")
                       else _from_ris(text, path))
    for item, line in items:
        problems += [f"{path}:{line}: {p}" for p in check_item(item)]
    if problems:
        raise ManifestError(f"{path}: invalid works file", problems=problems)
    return [item for item, _ in items]


# --------------------------------------------------------------------------
# BibTeX
# --------------------------------------------------------------------------

# The opening of an entry: "@book{key," (comments and strings excepted).
_BIB_ENTRY = re.compile(r"^\s*@(?!comment|string|preamble)(\w+)\s*[{(]\s*"
                        r"([^,\s]*)", re.IGNORECASE | re.MULTILINE)


def _unbrace(text: str) -> str:
    """LaTeX to text: ``The {CGT} and {\\"U}ber`` -> ``The CGT and Über``,
    spaces collapsed."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    try:
        # typeshed allows a str argument only for the standard library's
        # own str-to-str codecs; latexcodec's "ulatex" decodes str to str.
        plain = codecs.decode(text, "ulatex")  # type: ignore[call-overload]
    except (ValueError, UnicodeDecodeError):  # odd LaTeX: keep the letters
        plain = text
    return " ".join(plain.replace("{", "").replace("}", "").split())


def _bib_person(person) -> dict:
    """A pybtex Person as a CSL name (``{Dielo Trouda}`` stays whole)."""
    last = " ".join(person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    if not given and last.startswith("{") and last.endswith("}"):
        return {"literal": _unbrace(last)}
    if not last:
        return {"literal": _unbrace(str(person))}
    name = {"family": _unbrace(last)}
    if given:
        name["given"] = _unbrace(given)
    particle = " ".join(person.prelast_names)
    if particle:
        name["non-dropping-particle"] = _unbrace(particle)
    if person.lineage_names:
        name["suffix"] = _unbrace(" ".join(person.lineage_names))
    return name


def _date(text: str) -> dict | None:
    """``1990``, ``1990-04``, ``1990-04-07``, ``1990/1991`` -> CSL date."""
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text or "")
    if not m:
        return {"literal": text.strip()} if text and text.strip() else None
    return {"date-parts": [[int(p) for p in m.groups() if p]]}


def _from_bibtex(text: str, path: Path):
    """Items and problems of a BibTeX file (pybtex: 2 s for 1,000 entries
    where bibtexparser 1.4 took 24 s)."""
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError

    lines: dict[str, int] = {}
    for m in _BIB_ENTRY.finditer(text):
        key = m.group(2).lower()
        if key in lines:
            raise ManifestError(
                f"{path}:{text.count(chr(10), 0, m.start()) + 1}: the key "
                f"{m.group(2)!r} is used twice (first at line {lines[key]}); "
                "give each entry its own key")
        lines[key] = text.count("\n", 0, m.start()) + 1
    try:
        # Strict: a syntax error is reported with its line, never skipped.
        db = parse_string(text, "bibtex")
    except PybtexError as exc:
        line = getattr(exc, "lineno", None) or 1
        raise ManifestError(f"{path}:{line}: cannot read the BibTeX file "
                            f"({exc}); check the braces and commas of the "
                            "entry there") from None
    problems = []
    parsed = {key.lower() for key in db.entries}
    for key, line in lines.items():
        if key not in parsed:
            problems.append(f"{path}:{line}: the entry {key or '(no key)'!r} "
                            "could not be read (a missing comma, brace or "
                            "key?); fix it or remove it")
    items = []
    for key, entry in db.entries.items():
        item = _bib_item(key, entry)
        items.append((item, lines.get(key.lower(), 1)))
    return items, problems


def _bib_item(key: str, entry) -> dict:
    kind = entry.type.lower()
    fields = {k.lower(): v for k, v in entry.fields.items()}
    item: dict = {"id": key, "type": _BIB_TYPES.get(kind, "document")}
    for role in ("author", "editor", "translator"):
        people = entry.persons.get(role)
        if people:
            item[role] = [_bib_person(p) for p in people]
    simple = {"title": "title", "shorttitle": "title-short",
              "publisher": "publisher", "address": "publisher-place",
              "location": "publisher-place", "volume": "volume",
              "number": "issue", "pages": "page", "edition": "edition",
              "url": "URL", "doi": "DOI", "isbn": "ISBN", "note": "note",
              "school": "publisher", "institution": "publisher",
              "organization": "publisher", "series": "collection-title",
              "type": "genre", "language": "language"}
    for bib, csl in simple.items():
        if fields.get(bib) and csl not in item:
            item[csl] = _unbrace(fields[bib])
    if fields.get("subtitle") and item.get("title"):
        item["title"] += ": " + _unbrace(fields["subtitle"])
    container = fields.get("journal") or fields.get("journaltitle") or \
        fields.get("booktitle")
    if container:
        item["container-title"] = _unbrace(container)
    if item.get("page"):
        item["page"] = item["page"].replace("--", "–")
    date = fields.get("date") or fields.get("year")
    if date:
        issued = _date(_unbrace(date))
        if issued:
            item["issued"] = issued
    if fields.get("origdate"):
        item["original-date"] = _date(fields["origdate"])
    if fields.get("urldate"):
        item["accessed"] = _date(fields["urldate"])
    return {k: v for k, v in item.items() if v not in (None, "", [])}


# --------------------------------------------------------------------------
# RIS
# --------------------------------------------------------------------------

def _ris_names(values) -> list[dict]:
    out = []
    for raw in values or ():
        raw = " ".join(str(raw).split())
        if not raw:
            continue
        if "," in raw and not looks_corporate(raw):
            family, given = [p.strip() for p in raw.split(",", 1)]
            out.append({"family": family, "given": given} if given
                       else {"family": family})
        else:
            out.append({"literal": raw})
    return out


def _from_ris(text: str, path: Path):
    import rispy

    starts = [i + 1 for i, ln in enumerate(text.splitlines())
              if re.match(r"^TY\s+-", ln)]
    if not starts:
        raise ManifestError(f"{path}:1: no RIS record (a record starts with "
                            "a 'TY  - ' line); is this an RIS export?")
    try:
        records = rispy.loads(text, skip_unknown_tags=True)
    except (ValueError, IOError) as exc:
        raise ManifestError(f"{path}: cannot parse the RIS file ({exc}); "
                            "each record must start with 'TY  - ' and end "
                            "with 'ER  - '") from None
    taken: set[str] = set()
    items = []
    for n, rec in enumerate(records):
        item: dict = {"type": _RIS_TYPES.get(rec.get("type_of_reference",
                                                     ""), "document")}
        authors = (rec.get("authors") or []) + (rec.get("first_authors")
                                                or [])
        if authors:
            item["author"] = _ris_names(authors)
        kind = rec.get("type_of_reference", "")
        seconds = _ris_names(rec.get("secondary_authors"))
        if seconds:
            item["editor"] = seconds
        if rec.get("translated_author"):
            item["translator"] = _ris_names(rec["translated_author"])
        title = rec.get("title") or rec.get("primary_title") or ""
        if title:
            item["title"] = " ".join(title.split())
        container = rec.get("secondary_title") or rec.get("journal_name") \
            or rec.get("alternate_title3") or rec.get("alternate_title1")
        if container and kind not in ("BOOK", "EBOOK"):
            item["container-title"] = container
        elif container and kind in ("BOOK", "EBOOK"):
            item["collection-title"] = container
        for ris, csl in (("short_title", "title-short"), ("publisher",
                          "publisher"), ("place_published",
                          "publisher-place"), ("volume", "volume"),
                         ("number", "issue"), ("edition", "edition"),
                         ("doi", "DOI")):
            if rec.get(ris):
                item[csl] = str(rec[ris]).strip()
        if rec.get("urls"):
            item["URL"] = rec["urls"][0]
        pages = "–".join(str(rec[k]) for k in ("start_page", "end_page")
                         if rec.get(k))
        if pages:
            item["page"] = pages
        date = rec.get("year") or rec.get("publication_year") or \
            rec.get("date") or ""
        issued = _date(str(date).replace("/", "-")) if date else None
        if issued:
            item["issued"] = issued
        given_id = str(rec.get("id") or "").strip()
        if given_id and re.match(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
                                 given_id) and given_id not in taken:
            item["id"] = given_id
            taken.add(given_id)
        else:
            item["id"] = make_id(item, taken)
        items.append((item, starts[n] if n < len(starts) else 1))
    return items, []


# --------------------------------------------------------------------------
# Several files
# --------------------------------------------------------------------------

def work_signature(item: dict) -> tuple:
    """(title, creators, year) folded: two entries with the same signature
    are one work entered twice."""
    title = fold(str(item.get("title", "")))
    people = []
    for fld in ("author", "editor"):
        people += [name_key(n) for n in item.get(fld) or ()
                   if isinstance(n, dict)]
    return title, tuple(sorted(people)), date_year(item.get("issued"))


def load_works_files(paths: Sequence[tuple[Path, str]]
                     ) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Read and merge works files (path, name as in the manifest), in
    order.  Returns (items, warnings as (code, message, location))."""
    works: list[dict] = []
    warnings: list[tuple[str, str, str]] = []
    where: dict[str, str] = {}
    signatures: dict[tuple, str] = {}
    for path, shown in paths:
        for item in load_works(path):
            wid = item["id"]
            if wid in where:
                warnings.append((
                    "WORKS002", f"id {wid!r} is already used in "
                    f"{where[wid]}; this entry ({item.get('title', '')!r}) "
                    "is left out: rename one of them", shown))
                continue
            sig = work_signature(item)
            if sig[0] and sig in signatures:
                warnings.append((
                    "WORKS001", f"{wid!r} and {signatures[sig]!r} are the "
                    f"same work ({item.get('title', '')!r}); both are kept, "
                    "and a citation of it takes the first: delete one",
                    shown))
            signatures.setdefault(sig, wid)
            where[wid] = shown
            works.append(item)
    return works, warnings
