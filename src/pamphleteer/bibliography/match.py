"""Find the work a citation names in anyone's works file, as a librarian
would.

A citation names a work loosely: a short title (``Anarchy``), a title
without its subtitle (``The Soviets``), a slip (``No God, No Masters``,
``Propert is Theft!``), an author and a title (``Ante Ciliga, The
Russian Enigma``), a chapter inside a collection (``"The Reply by Several
Russian Anarchists", pp. 32-6, Constructive Anarchism``).  The works file
names it another way: CSL names as ``family``/``given`` or one ``literal``
string (``Ciliga, Ante``), with or without ``title-short``.

:class:`Catalogue` ranks every candidate work by evidence, in order of
weight:

1. the title: exact (folded: case, accents, punctuation, leading article,
   ``&``/``and``, British/American spellings, plural and singular), then
   without the subtitle, the ``title-short``, a title cut short, and last
   a fuzzy match (:data:`FUZZY_THRESHOLD`, measured: see
   docs/bibliography.md);
2. the creators named in the citation itself (``Malatesta, The Anarchist
   Revolution``);
3. the creators named in the sentence that carries the citation (``As
   Malatesta put it, ...``) and of the work cited just before;
4. the volume and year, to choose between editions and volumes.

:meth:`Catalogue.decide` resolves only when the best candidate is good
enough and clearly ahead of the next; a close call between two editions of
one work, or a title matched only fuzzily, resolves with a *doubt* that is
reported; anything else stays unresolved with its candidates, for the
editor (``pamphleteer cite review``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process

from .facts import date_year
from .names import fold, is_name_like, name_keys, split_names, text_name_keys

# The lowest fuzzy ratio (rapidfuzz ``fuzz.ratio`` on folded titles, 0-100)
# accepted as the same title.  Measured on the held-out FAQ sections
# (tests/fixtures/bibliography/heldout, docs/bibliography.md): the slips
# to catch score 89-97 ("political philosophy of michael bakunin" / "...
# of bakunin" 89, "propert is theft" / "property is theft" 97), but two
# different works' titles score as high ("anarchists in the spanish
# revolution" / "... russian revolution" 88.6), so a fuzzy match never
# decides alone: it ranks below every exact form and is always reported
# as a doubt.
FUZZY_THRESHOLD = 88
# The lowest score a candidate needs to be taken at all.
ACCEPT = 0.80
# The lead the best candidate needs over the next to be taken outright.
MARGIN = 0.06

_ARTICLES = {"the", "a", "an", "le", "la", "les", "el", "los", "las", "il",
             "der", "die", "das"}
_VARIANTS = {"programme": "program", "organisation": "organization",
             "organise": "organize", "organised": "organized",
             "defence": "defense", "labour": "labor", "behaviour": "behavior",
             "centre": "center", "socialisme": "socialism"}
# "Op. Cit." or "Ibid." after names: "Malatesta, Op. Cit.".
_NAMED_BACKREF = re.compile(
    r"^(?:.*,\s*)?(?:(?:quoted|cited)\s+(?:by|in)\s+)?(?P<names>[^\"“”,]+?),?"
    r"\s+(?P<kind>opt?\.?\s*cit\.?|ibid(?:em)?\.?)"
    r"(?:,?\s*(?:pp?\.?\s*)?[0-9ivxlc]+\b.*)?$",
    re.IGNORECASE)
# "Op. Cit. p. 67", "Op. Cit., p 95": a back-reference with a locator the
# citation syntax left in the title.
_BARE_BACKREF = re.compile(
    r"^(?P<kind>opt?\.?\s*cit\.?|ibid(?:em)?\.?),?\s*(?:pp?\.?\s*)?"
    r"[0-9ivxlc]+\b.*$", re.IGNORECASE)
# A volume in a locator or title: "vol. 2", "volume II".
_VOLUME = re.compile(r"\bvol(?:ume)?s?\.?\s*(?P<v>[0-9]+|[ivxlc]+)\b",
                     re.IGNORECASE)
# A year in parentheses or alone after a comma: "(1991)", ", 1991".
_YEAR = re.compile(r"(?:\(|,\s*)(?P<y>1[5-9]\d\d|20\d\d)\)?\s*$")
# Quoted titles inside an item.
_QUOTED = re.compile(r"[\"“]([^\"“”]+?)[,.]?[\"”]")
# An editor's role after names: "G. P. Maximoff (ed.)", "(eds.)", "ed.".
_ROLE = re.compile(r"\s*\(?\b(?:eds?|trans|comp)\.?\)?\s*$", re.IGNORECASE)
# Capitalised words of running text that may be names.
_CAPWORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7,
          "viii": 8, "ix": 9, "x": 10}


# Words that open sentences and are never the people a sentence names.
_COMMON = set("""the this that these those there their they then thus
hence for from with without when where while which what who whom whose why
how and but nor yet also again after before since until unless although
though because however moreover indeed rather instead here such some many
most more much few all any each every other another both either neither
one two first second third last finally similarly likewise therefore
according given unlike like even only just yes not now today its our his
her him she you your we in on at by as of to into under over between
within against during about above below upon""".split()) | {
    "in", "it", "if", "so", "or", "an", "a", "no", "is", "was", "be"}


def _singular(word: str) -> str:
    """A plural slip folded away: ``gods`` -> ``god``, ``masters`` ->
    ``master``; ``ss``, ``us``, ``is`` endings kept (``class``, ``thesis``)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(
            ("ss", "us", "is", "ys")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=16384)
def title_key(title: str) -> str:
    """A title folded as a librarian compares titles."""
    words = fold(title.replace("&", " and ")).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(_singular(_VARIANTS.get(w, w)) for w in words
                    if w != "and")


def _main(title: str) -> str:
    """The title before its subtitle (a colon, ``--``, period or question
    mark and a space), as a key."""
    # Not at the period of an initial ("Benjamin R. Tucker and ...").
    return title_key(re.split(r"\s*(?::|--|—|[?!]|(?<!\b[A-Z])\.)\s",
                              title + " ", maxsplit=1)[0])


def creator_keys_of(csl: Mapping) -> frozenset[str]:
    """Keys of every creator of a CSL item, also every word of a literal
    person's name (so that ``Shin Chae-ho`` is found as ``Shin``)."""
    keys: set[str] = set()
    for fld in ("author", "editor", "translator", "container-author"):
        names = csl.get(fld) or ()
        keys |= name_keys(names)
        for n in names:
            if isinstance(n, Mapping) and "literal" in n and "," not in \
                    n["literal"] and len(n["literal"].split()) <= 4:
                keys |= {w for w in fold(n["literal"]).split() if len(w) > 2}
    return frozenset(keys)


def volume_of(text: str) -> str:
    """The volume a locator or title gives (``vol. II`` -> ``2``), or
    empty."""
    m = _VOLUME.search(text or "")
    if not m:
        return ""
    v = m.group("v").lower()
    return str(_ROMAN.get(v, v))


def names_meet(named: frozenset[str], creators: frozenset[str]) -> bool:
    """True when a name as cited is one of the creators, allowing a slip
    of one or two letters in a long name (``Kropotkon``, ``Walters``)."""
    if named & creators:
        return True
    for a in named:
        for b in creators:
            short, long_ = sorted((a, b), key=len)
            if len(short) < 4:
                continue
            # A slip, or one part of a double family name ("Gomez Casas"
            # cited, "Casa, Juan Gomez" in the works file; "Walt" for
            # "van der Walt").
            if fuzz.ratio(a, b) >= 85 or short in long_ or (
                    len(long_) > len(short) + 2
                    and fuzz.partial_ratio(short, long_) >= 88):
                return True
    return False


@dataclass(frozen=True)
class Candidate:
    """One work a citation may name, with its score and why."""

    id: str
    score: float
    why: str

    def describe(self, csl: Mapping) -> str:
        """``id: Title (Author, year)`` for reports."""
        who = ", ".join(sorted(creator_keys_of(csl)))[:40]
        year = date_year(csl.get("issued")) or "n.d."
        return f"{self.id}: {csl.get('title', '')} ({who}, {year})"


@dataclass(frozen=True)
class Decision:
    """What a citation resolves to."""

    work: str | None
    """The work taken, or None."""
    doubt: str = ""
    """Why the choice is not certain (reported), empty when sure."""
    problem: str = ""
    """Why nothing was taken, when ``work`` is None."""
    candidates: tuple[Candidate, ...] = ()
    """The ranked candidates (best first), for reports and review."""


@dataclass
class Context:
    """What a reader knows around a citation."""

    names: frozenset[str] = frozenset()
    """Keys of the capitalised words of the sentence carrying the citation
    (outside quotations)."""
    previous: frozenset[str] = frozenset()
    """Creator keys of the work cited just before."""
    volume: str = ""
    """Volume given in the locator (``vol. 2, p. 117``)."""
    year: int | None = None
    """Year given in the citation."""
    voices: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Work id -> people earlier citations of it named or spoke for
    (``Tucker, The Individualist Anarchists``)."""


def context_names(text: str) -> frozenset[str]:
    """Keys of the capitalised words of ``text`` outside quotations: the
    people a sentence names (``As Malatesta put it``, ``Lenin's``)."""
    return frozenset(named_in_order(text))


def named_in_order(text: str, owners: bool = True) -> list[str]:
    """Keys of the capitalised words of ``text`` outside quotations, the
    last mentioned last (each once, at its last mention); ``owners=False``
    leaves out names only used as owners (``Makhno's letter``)."""
    # Quoted material: “...” and "..." (the speaker's words, not the
    # citer's), dropped.
    outside = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)
    keys: list[str] = []
    owner_keys: list[str] = []
    for w in _CAPWORD.findall(outside):
        possessive = bool(re.search(r"['’]s$", w))
        key = fold(re.sub(r"['’]s$", "", w)).replace(" ", "")
        if len(key) <= 2 or key in _COMMON:
            continue
        for seen in (keys, owner_keys):
            if key in seen:
                seen.remove(key)
        # "his reply to Makhno's letter": an owner is named, not the
        # speaker; owners rank before the people named plainly.
        (owner_keys if possessive else keys).append(key)
    return (owner_keys + keys) if owners else keys


class Catalogue:
    """The works of a book's works files, indexed for :meth:`rank`."""

    def __init__(self, works: Sequence[Mapping]):
        self.by_id: dict[str, Mapping] = {w["id"]: w for w in works}
        self._forms: dict[str, list[tuple[str, str]]] = {}
        """Title key -> [(work id, which form)]."""
        self._creators: dict[str, frozenset[str]] = {}
        self._by_creator: dict[str, list[str]] = {}
        for w in works:
            wid = w["id"]
            title = str(w.get("title") or "")
            forms = {"full": title_key(title), "main": _main(title)}
            if w.get("title-short"):
                forms["short"] = title_key(str(w["title-short"]))
            for kind, key in forms.items():
                if key:
                    self._forms.setdefault(key, [])
                    if (wid, kind) not in self._forms[key]:
                        self._forms[key].append((wid, kind))
            keys = creator_keys_of(w)
            self._creators[wid] = keys
            for k in keys:
                self._by_creator.setdefault(k, []).append(wid)
        self._keys = list(self._forms)

    # ------------------------------------------------------------------
    def creators(self, work: str) -> frozenset[str]:
        return self._creators.get(work) or creator_keys_of(
            self.by_id.get(work, {}))

    def is_creator(self, key: str) -> bool:
        """True when ``key`` is (or is one slip from) a creator's name in
        the works file: a person the running text may name."""
        if key in self._by_creator:
            return True
        if len(key) < 5:
            return False
        return process.extractOne(key, list(self._by_creator),
                                  scorer=fuzz.ratio, score_cutoff=85) is not None

    def works_by(self, names: Iterable[str]) -> list[str]:
        """Works credited to any of ``names`` (keys)."""
        out: list[str] = []
        for n in names:
            for w in self._by_creator.get(n, ()):
                if w not in out:
                    out.append(w)
        return out

    def _title_hits(self, title: str) -> dict[str, tuple[float, str]]:
        """Work id -> (title score, how) for a title as cited."""
        hits: dict[str, tuple[float, str]] = {}

        def add(wid: str, score: float, how: str) -> None:
            if score > hits.get(wid, (0.0, ""))[0]:
                hits[wid] = (score, how)

        key, main = title_key(title), _main(title)
        if not key:
            return hits
        for wid, kind in self._forms.get(key, ()):
            add(wid, {"full": 1.0, "short": 0.98, "main": 0.94}[kind],
                f"title ({kind})")
        if main and main != key:
            # Cited with a subtitle the works file lacks.
            for wid, kind in self._forms.get(main, ()):
                if kind == "full":
                    add(wid, 0.9, "title without the cited subtitle")
                elif kind == "main":
                    # Both subtitled, differently: the same main title
                    # only ("Errico Malatesta: His Life and Ideas" is not
                    # "Errico Malatesta: The Biography of an Anarchist").
                    add(wid, 0.6, "main title only")
        if len(key.split()) >= 3:
            # A title cut short: "Rethinking Anarchism and Syndicalism".
            for k in self._keys:
                if k.startswith(key + " "):
                    for wid, kind in self._forms[k]:
                        add(wid, 0.85 if kind == "full" else 0.8,
                            "title cut short")
        if len(key.split()) >= 2:
            # The same words in another order ("Environment and Evolution"
            # for *Evolution and Environment*).
            for k, _, _ in process.extract(
                    key, self._keys, scorer=fuzz.token_sort_ratio,
                    score_cutoff=100, limit=4):
                if k != key and len(k.split()) == len(key.split()):
                    for wid, _kind in self._forms[k]:
                        add(wid, 0.82, f"title like {k!r} (words reordered)")
        for k, ratio, _ in process.extract(
                key, self._keys, scorer=fuzz.ratio,
                score_cutoff=FUZZY_THRESHOLD, limit=8):
            if k == key:
                continue
            for wid, _kind in self._forms[k]:
                add(wid, 0.8 + 0.1 * (ratio - FUZZY_THRESHOLD)
                    / (100 - FUZZY_THRESHOLD), f"title like {k!r} ({ratio:.0f})")
        return hits

    def rank(self, text: str, context: Context | None = None,
             ) -> list[Candidate]:
        """Candidates for a work as written in a citation (``title`` or
        ``names, title`` or ``"chapter", pages, Book``), best first."""
        context = context or Context()
        text = " ".join(text.split()).strip(" ,.;")
        # A locator the citation syntax left in ("Instead of a Book pp.
        # 299-300": no comma before it).
        text = re.sub(r"[,\s]+pp?\.\s*[0-9ivxlc]+(?:\s*[-–]\s*[0-9ivxlc]+)?"
                      r"(?:f{1,2}|fn)?\.?\s*$", "", text,
                      flags=re.IGNORECASE) or text
        readings: list[tuple[str, frozenset[str], float]] = [
            (text, frozenset(), 1.0)]
        # Names, then a title: try each comma.
        for m in re.finditer(r",\s+", text):
            names, title = text[:m.start()], text[m.end():]
            names = _ROLE.sub("", names)
            if names and all(is_name_like(p) for p in split_names(names)):
                readings.append((title, text_name_keys(names), 1.0))
        # A volume after the title: "Law, Legislation and Liberty, vol. III".
        vol_at_end = re.search(r",?\s*" + _VOLUME.pattern + r"\s*$", text,
                               re.IGNORECASE)
        if vol_at_end:
            readings.append((text[:vol_at_end.start()], frozenset(), 1.0))
        # A title with a year: "Title (1991)".
        year = _YEAR.search(text)
        if year:
            readings.append((text[:year.start()], frozenset(), 1.0))
        # A quoted title, and every other segment (a chapter's book).
        for q in _QUOTED.finditer(text):
            # A chapter's title: it names a work only in full ("The Paris
            # Commune," in an anthology is not *The Paris Commune: A
            # Revolutionary Democracy*).
            readings.append((q.group(1), frozenset(), -0.97))
        # "Martha A. Ackelsberg in Free Women of Spain": names, then "in".
        inside = re.match(r"^(?P<n>[^,]+?)\s+in\s+(?P<t>.+)$", text)
        if inside and is_name_like(inside.group("n")):
            readings.append((inside.group("t"),
                             text_name_keys(inside.group("n")), 1.0))
        # Segments between commas, a quoted title standing apart.
        unquoted = _QUOTED.sub(", ", text)
        segments = [s.strip() for s in re.split(r",\s+|,(?=\S)", unquoted)
                    if s.strip(" ,")]
        if len(segments) > 1 or unquoted != text:
            for i, seg in enumerate(segments):
                seg = _ROLE.sub("", seg.strip("\"“”"))
                if seg and not re.match(r"(?i)^(?:pp?\.|vol|no\.|\d)", seg):
                    before = ", ".join(segments[:i])
                    seg_names: frozenset[str] = frozenset()
                    if before and is_name_like(_ROLE.sub("", before)):
                        seg_names = text_name_keys(_ROLE.sub("", before))
                    readings.append((seg, seg_names, 0.93))
        volume = context.volume or volume_of(text)
        cited_year = context.year or (int(year.group("y")) if year else None)
        best: dict[str, Candidate] = {}
        for title, named, weight in readings:
            for wid, (score, how) in self._title_hits(title).items():
                why = [how]
                w = abs(weight)
                if weight < 0 and not how.startswith(("title (full)",
                                                      "title (short)")):
                    w *= 0.9  # a quoted title names a work in full only
                score *= w
                creators = self.creators(wid)
                csl = self.by_id[wid]
                collection = bool(csl.get("editor")) and not csl.get("author")
                if named:
                    if names_meet(named, creators):
                        score += 0.15
                        why.append("author named in the citation")
                    elif collection:
                        why.append("author named may be a contributor")
                    else:
                        # An anthology's contributor, or another work.
                        score -= 0.06
                        why.append("author named is not its creator")
                if named and not names_meet(named, creators):
                    pass  # the citation names someone else: the sentence's
                    # names do not speak for this work
                elif context.names & creators:
                    score += 0.12
                    why.append("author named in the sentence")
                elif context.names & context.voices.get(wid, frozenset()):
                    # An anthology earlier cited for the person named.
                    score += 0.08
                    why.append("cited before for the person named")
                if context.previous & creators:
                    score += 0.03
                    why.append("same author as the citation before")
                wvol = str(csl.get("volume") or "") or volume_of(
                    str(csl.get("title", "")))
                if volume and wvol:
                    if volume_of("vol " + wvol) == volume:
                        score += 0.04
                        why.append(f"volume {volume}")
                    else:
                        score -= 0.1
                        why.append(f"volume {wvol}, not {volume}")
                wyear = date_year(csl.get("issued"))
                if cited_year and wyear:
                    if cited_year == wyear:
                        score += 0.05
                        why.append(f"year {wyear}")
                    else:
                        score -= 0.03
                cand = Candidate(wid, round(score, 4), "; ".join(why))
                if wid not in best or cand.score > best[wid].score:
                    best[wid] = cand
        return sorted(best.values(), key=lambda c: (-c.score, c.id))

    def _by_named_author(self, text: str) -> Candidate | None:
        """A misremembered title of a named author (``Marx and Engels,
        Selected Writings`` for *Selected Works*; ``Lucy Parsons, Liberty,
        Equality & Solidarity`` for *Freedom, Equality & Solidarity*): the
        one work of theirs whose title shares most of the words."""
        named = self.cited_names(text)
        if not named:
            return None
        title = re.split(r",\s+", " ".join(text.split()), maxsplit=1)
        if len(title) < 2:
            return None
        key = title_key(_QUOTED.sub(" ", title[1]))
        if len(key.split()) < 2:
            return None
        own = [w for w in self.works_by(named)
               if names_meet(named, self.creators(w))]
        close = []
        for wid in own:
            work = self.by_id[wid]
            forms = {title_key(str(work.get("title", ""))),
                     _main(str(work.get("title", ""))),
                     title_key(str(work.get("title-short", "")))} - {""}
            score = max(fuzz.token_set_ratio(key, f) for f in forms)
            if score >= 70:
                close.append((score, wid))
        if len(close) != 1:
            return None
        score, wid = close[0]
        return Candidate(wid, round(0.7 + score / 1000, 4),
                         f"close title ({score:.0f}) of the named author")

    def same_work(self, a: str, b: str) -> bool:
        """Two entries of one work (editions): same title and creators."""
        wa, wb = self.by_id[a], self.by_id[b]
        same_title = _main(str(wa.get("title", ""))) == _main(
            str(wb.get("title", "")))
        if not same_title:
            return False
        if self.creators(a) == self.creators(b):
            return True
        # One book entered twice under different credits (a collective's
        # name and its members'): same title, year and publisher.
        return (date_year(wa.get("issued")) == date_year(wb.get("issued"))
                and bool(wa.get("publisher"))
                and fold(str(wa.get("publisher"))) == fold(
                    str(wb.get("publisher", ""))))

    def decide(self, text: str, context: Context | None = None) -> Decision:
        """Resolve a work as cited, or say why not."""
        ranked = self.rank(text, context)
        if not ranked or ranked[0].score < ACCEPT:
            guess = self._by_named_author(text)
            if guess:
                return Decision(guess.id, doubt=(
                    "the title is not in the works file, but it is close to "
                    "the only similar title of the author the citation "
                    "names"), candidates=(guess, *ranked[:4]))
            return Decision(None, problem=(
                "no works-file entry matches it" if not ranked else
                "no works-file entry matches it well enough"),
                candidates=tuple(ranked[:5]))
        best = ranked[0]
        rivals = [c for c in ranked[1:] if c.score > best.score - MARGIN
                  + 1e-9]
        doubt = ""
        if rivals:
            if all(self.same_work(best.id, c.id) for c in rivals):
                doubt = ("several editions match (" + ", ".join(
                    [best.id] + [c.id for c in rivals]) + "); the first "
                    "listed in the works file was taken")
                first = min([best] + rivals,
                            key=lambda c: list(self.by_id).index(c.id))
                return Decision(first.id, doubt, candidates=tuple(ranked[:5]))
            return Decision(None, problem="ambiguous: several works match "
                            "equally well", candidates=tuple(ranked[:5]))
        exact = [c for c in ranked if c.why.startswith("title (full)")]
        if exact and exact[0].id != best.id:
            doubt = (f"taken over the exact title {exact[0].id!r} because "
                     "its author is named")
        elif "title like" in best.why.split(";")[0]:
            doubt = "the title matches only approximately"
        elif "main title only" in best.why:
            doubt = "only the main title matches"
        elif "is not its creator" in best.why:
            doubt = "the author named is not the work's creator"
        return Decision(best.id, doubt, candidates=tuple(ranked[:5]))

    def cited_names(self, text: str) -> frozenset[str]:
        """Keys of the people a citation names before its work
        (``Malatesta, Op. Cit.``, ``Ante Ciliga, The Russian Enigma``,
        ``Martha A. Ackelsberg in Free Women of Spain``)."""
        text = " ".join(text.split())
        back = self.named_backref(text)
        if back:
            return back[1]
        inside = re.match(r"^(?P<n>[^,]+?)\s+in\s+", text)
        if inside and is_name_like(inside.group("n")):
            return text_name_keys(inside.group("n"))
        first = re.split(r",\s+", _QUOTED.sub(", ", text), maxsplit=1)[0]
        first = _ROLE.sub("", first).strip()
        if first and first != text.strip() and all(
                is_name_like(p) for p in split_names(first)):
            return text_name_keys(first)
        return frozenset()

    def named_backref(self, text: str) -> tuple[str, frozenset[str]] | None:
        """``Malatesta, Op. Cit.`` -> ("op-cit", {"malatesta"}); ``Op. Cit.
        p. 67`` (a locator the citation syntax did not split off) ->
        ("op-cit", {})."""
        text = " ".join(text.split())
        bare = _BARE_BACKREF.match(text)
        if bare:
            kind = "op-cit" if bare.group("kind").lower().startswith(
                "op") else "ibid"
            return kind, frozenset()
        m = _NAMED_BACKREF.match(text)
        if not m:
            return None
        names = _ROLE.sub("", m.group("names"))
        if not all(is_name_like(p) for p in split_names(names)):
            return None
        kind = "op-cit" if m.group("kind").lower().startswith("op") else "ibid"
        return kind, text_name_keys(names)
