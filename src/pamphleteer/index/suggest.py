"""Candidate index entries, proposed from the book itself.

Two kinds of candidates:

* **names**: runs of capitalised words inside a sentence (``Paris
  Commune``, ``Council of People's Commissars``, ``Bakunin``).  A
  sentence's first word counts only when it is not an ordinary word of the
  book (it also occurs in lower case) or a function word.  Variants are
  grouped: possessives (``Bakunin's``), full names with the bare surname
  (``Mikhail Bakunin`` / ``Bakunin``, when the surname never occurs in lower
  case), plurals and ``-ist``/``-ism`` (``Marxists`` / ``Marxism``).
* **concepts**: lower-case words and phrases (``syndicalism``, ``direct
  action``, ``dictatorship of the proletariat``) that occur far more often
  here than in general English (wordfreq), grouped the same way.

Candidates are ranked by occurrences × number of chapters and written as
YAML in the format of ``index.yaml``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping


from ..model import (Document, Metadata, Paragraph, Table, Text, block_inlines,
                     walk_blocks)
from .match import BARRIER, _flatten, mark_document
from .spec import IndexSpec, parse_index

__all__ = ["suggest", "Candidate", "candidates"]

# Function words never start or end a phrase and never make a candidate.
STOPWORDS = frozenset("""
a about above after again against all also although am among an and any are
as at be because been before being below between both but by can could did do
does doing down during each either else even ever every few for from further
had has have having he her here hers herself him himself his how however i if
in into is it its itself just least less let like many may me might more most
much must my myself neither no nor not now of off often on once one only or
other others our ours ourselves out over own per perhaps quite rather same
shall she should since so some still such than that the their theirs them
themselves then there therefore these they this those though through thus to
too towards under until up upon us very via was we were what whatever when
where whether which while who whom whose why will with within without would
yet you your yours yourself first second third firstly secondly thirdly
fourthly fifthly later latter former finally indeed instead moreover
hence meanwhile nevertheless nonetheless otherwise
""".split())

# Calendar words are capitalised but never index entries.
CALENDAR = frozenset("""january february march april may june july august
september october november december monday tuesday wednesday thursday
friday saturday sunday""".split())

# Words of citations and notes that are capitalised but never entries.
BIBLIOGRAPHIC = frozenset("""ibid op cit press volume vol chapter
retrieved anti-copyright ed eds trans letter letters introduction""".split())

# Lower-case words inside a capitalised name (Council of People's
# Commissars, Lucien van der Walt).
CONNECTORS = frozenset("of the de van der von du la del".split())

# A word: letters, with inner apostrophes or hyphens (Bakunin's,
# Bonch-Bruevich, self-management); or one punctuation mark.
_TOKEN = re.compile(r"(?P<w>[^\W\d_]+(?:['’\-‐][^\W\d_]+)*)|(?P<p>[^\w\s])")
# A possessive ending ('s or ’s) on a word.
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_END = set(".!?:;" + BARRIER)
# Quotes keep a sentence start (“Kropotkin…); brackets end a run of words.
_TRANSPARENT = set("“”‘’\"'*")
_BRACKETS = set("()[]{}")
# Single words ending like verbs, adverbs or adjectives are not concepts
# (argued, organised, precisely, political, economic, revolutionary).
_NOT_NOUN = re.compile(r"(?:ed|ly|ing|al|ic|ary|ive|ous|ful|ble)$")
_ARTICLE = frozenset({"The", "A", "An"})


@dataclass
class Candidate:
    """A proposed entry and the evidence for it."""

    heading: str
    """Suggested heading (people inverted: ``Bakunin, Mikhail``)."""
    forms: Counter = field(default_factory=Counter)
    """Each form and how often it occurs."""
    chapters: set = field(default_factory=set)
    """Chapters it occurs in."""
    kind: str = "name"
    """``name`` or ``concept``."""
    in_body: int = 0
    """Occurrences outside notes (names cited only in notes, like
    publishers, are not proposed)."""

    @property
    def count(self) -> int:
        """Occurrences of all its forms."""
        return sum(self.forms.values())

    @property
    def score(self) -> int:
        """Ranking score: occurrences × chapters."""
        return self.count * len(self.chapters)


# --------------------------------------------------------------------------
# Reading the book
# --------------------------------------------------------------------------

def _units(doc: Document) -> Iterable[tuple[str, bool]]:
    """Running text of each body and note block, and whether it is in a
    note (headings left out: their title case would make every word look
    like a name)."""
    blocks = [(b, False) for b in walk_blocks(doc.blocks)]
    blocks += [(b, True) for n in doc.notes for b in walk_blocks(n.blocks)]
    for b, in_note in blocks:
        if isinstance(b, (Paragraph, Table)):
            # a table's caption and each of its cells are units of their own
            for run in block_inlines(b):
                parts: list[str] = []
                _flatten(run, parts, [], [0])
                yield "".join(parts), in_note


def _sentences(text: str) -> Iterable[list[str]]:
    """Runs of words between punctuation; a run starting a sentence is
    flagged by a leading ``None``."""
    run: list = [None]
    for m in _TOKEN.finditer(text):
        w, p = m.group("w"), m.group("p")
        if w is not None:
            run.append(w)
        elif p in _TRANSPARENT or p in "-–—":
            # A quote or a dash ends a run of words, but a sentence that
            # starts with a quote still starts a sentence.
            if run not in ([], [None]):
                yield run
                run = []
        else:
            if run not in ([], [None]):
                yield run
            run = [] if p in _BRACKETS or p not in _SENTENCE_END else [None]
    if run not in ([], [None]):
        yield run


def _is_cap(w: str) -> bool:
    return w[0].isupper()


@dataclass
class _Tally:
    """Counts gathered over the book (internal)."""

    names: Counter = field(default_factory=Counter)
    name_chapters: dict = field(default_factory=lambda: defaultdict(set))
    phrases: Counter = field(default_factory=Counter)
    phrase_chapters: dict = field(default_factory=lambda: defaultdict(set))
    lower: Counter = field(default_factory=Counter)
    midcap: Counter = field(default_factory=Counter)
    in_body: Counter = field(default_factory=Counter)
    total: int = 0


def zipf_frequency(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of ``word``, imported when first needed:
    importing wordfreq takes over a second, and assembling a book imports
    this module without suggesting entries."""
    from wordfreq import zipf_frequency as frequency

    return float(frequency(word, lang))


def _ordinary_first(word: str, t: "_Tally") -> bool:
    """A sentence's first word that is an ordinary word, not a name: a
    function word, a word also written in lower case here, or a common
    English adverb, verb form or adjective (Hence, Visiting, Ironically)
    never capitalised inside a sentence here."""
    low = word.lower()
    return (low in STOPWORDS or low in CALENDAR or t.lower[low] > 0
            or (not t.midcap[word] and _NOT_NOUN.search(low) is not None
                and zipf_frequency(low, "en") >= 3.5))


def _names_in(run: list, t: "_Tally") -> Iterable[str]:
    """Capitalised names in one run of words."""
    start = run[0] is None
    words = [w for w in run if w is not None]
    i = 0
    while i < len(words):
        if not _is_cap(words[i]):
            i += 1
            continue
        j = i + 1
        while j < len(words):
            # A possessive ends a one-word name (Bakunin's Alliance) but not
            # a longer one (Council of People's Commissars).
            stop = j - i == 1 and _POSSESSIVE.search(words[j - 1])
            if _is_cap(words[j]) and not stop:
                j += 1
            elif (words[j] in CONNECTORS and j + 1 < len(words)
                  and _is_cap(words[j + 1]) and not stop):
                j += 2
            else:
                break
        name = words[i:j]
        if i == 0 and start:
            # A sentence's first word: drop it if it is an ordinary word.
            if _ordinary_first(_POSSESSIVE.sub("", name[0]), t):
                name = name[1:]
                while name and name[0] in CONNECTORS:
                    name = name[1:]
        while name and name[0] in _ARTICLE:
            name = name[1:]
        if name:
            name[-1] = _POSSESSIVE.sub("", name[-1])
            if not (len(name) == 1 and name[0].lower() in CALENDAR | BIBLIOGRAPHIC):
                yield " ".join(name)
        i = j


def _phrases_in(run: list) -> Iterable[str]:
    """Lower-case words and phrases (``A B``, ``A of B``, ``A of the B``)."""
    words = [w for w in run if w is not None]
    n = len(words)
    for i, w in enumerate(words):
        if not w.islower() or w in STOPWORDS or len(w) < 4:
            continue
        yield w
        if i + 1 < n and _content(words[i + 1]):
            yield f"{w} {words[i + 1]}"
        for k in (2, 3):
            if (i + k < n and words[i + 1] == "of"
                    and (k == 2 or words[i + 2] == "the")
                    and _content(words[i + k])):
                yield " ".join(words[i:i + k + 1])


def _content(w: str) -> bool:
    return w.islower() and w not in STOPWORDS and len(w) >= 3


def _tally(documents: Mapping[str, Document]) -> _Tally:
    t = _Tally()
    runs: list[tuple[str, list, bool]] = []
    for chapter, doc in documents.items():
        for unit, in_note in _units(doc):
            for run in _sentences(unit):
                runs.append((chapter, run, in_note))
                for k, w in enumerate(run):
                    if w is not None:
                        t.total += 1
                        if w.islower():
                            t.lower[_POSSESSIVE.sub("", w)] += 1
                        elif _is_cap(w) and k > (run[0] is None):
                            t.midcap[_POSSESSIVE.sub("", w)] += 1
    for chapter, run, in_note in runs:
        for name in _names_in(run, t):
            t.names[name] += 1
            t.name_chapters[name].add(chapter)
            t.in_body[name] += not in_note
        for phrase in _phrases_in(run):
            t.phrases[phrase] += 1
            t.phrase_chapters[phrase].add(chapter)
            t.in_body[phrase] += not in_note
    return t


# --------------------------------------------------------------------------
# Grouping and ranking
# --------------------------------------------------------------------------

def _canonical(word: str, vocab: Counter) -> str:
    """Plural and -ist forms to one key: Marxists → Marxist → Marxism."""
    if word.endswith("s") and vocab[word[:-1]]:
        word = word[:-1]
    if word.endswith("ist") and vocab[word[:-3] + "ism"]:
        word = word[:-3] + "ism"
    return word


def _keyness(phrase: str, count: int, total: int) -> float:
    """How much more often the phrase occurs here than in English."""
    expected: float = total
    for w in phrase.split():
        if w not in ("of", "the"):
            expected *= 10 ** (zipf_frequency(w, "en") - 9)
    return count / (expected + 0.1)


# Endings of adjectives of nationality or doctrine, which precede names
# without being given names (Spanish CNT, West European, Communist Party).
_ADJECTIVE = re.compile(r"(?:ish|ean|ern|ist|ic|ese|ian)$")


def _given_name_like(word: str, t: _Tally) -> bool:
    """Could ``word`` be a given name before a surname?"""
    low = word.lower()
    if t.lower[low] or any(p in CALENDAR for p in low.split("-")):
        return False
    return len(word) < 5 or not _ADJECTIVE.search(low)


def _name_groups(t: _Tally) -> list[Candidate]:
    groups: dict[str, Candidate] = {}
    single = {n for n in t.names if " " not in n}

    def key_of(name: str) -> str:
        words = name.split()
        last = words[-1]
        # Given names + a surname that stands alone in the book and is
        # never an ordinary (lower-case) word: group under the surname.
        if (1 < len(words) <= 3 and not set(words) & CONNECTORS
                and last in single and not t.lower[last.lower()]
                and all(_given_name_like(w, t) for w in words[:-1])):
            return _canonical(last, t.names)
        if len(words) == 1:
            return _canonical(name, t.names)
        return name

    for name, n in t.names.items():
        if len(name) < 2 or (" " not in name and t.lower[name.lower()] > n):
            continue  # mostly an ordinary word, capitalised here and there
        key = key_of(name)
        cand = groups.setdefault(key, Candidate(key))
        cand.forms[name] += n
        cand.chapters |= t.name_chapters[name]
        cand.in_body += t.in_body[name]
    for key, cand in groups.items():
        _fix_heading(cand)
        full = [f for f in cand.forms if " " in f and f.endswith(" " + key)
                and not set(f.split()) & CONNECTORS]
        if full and key in cand.forms:
            best = max(full, key=lambda f: (cand.forms[f], -len(f)))
            cand.heading = f"{key}, {best[:-len(key) - 1]}"
    return list(groups.values())


def _concept_groups(t: _Tally) -> list[Candidate]:
    groups: dict[str, Candidate] = {}
    for phrase, n in t.phrases.items():
        if n < 3 or _keyness(phrase, n, t.total) < 8:
            continue
        words = phrase.split()
        if len(words) == 1 and (len(phrase) < 5 or _NOT_NOUN.search(phrase)
                                or _keyness(phrase, n, t.total) < 30):
            continue
        key = " ".join(words[:-1] + [_canonical(words[-1], t.lower)])
        cand = groups.setdefault(key, Candidate(key, kind="concept"))
        cand.forms[phrase] += n
        cand.chapters |= t.phrase_chapters[phrase]
        cand.in_body += t.in_body[phrase]
    for cand in groups.values():
        _fix_heading(cand)
    return list(groups.values())


def _fix_heading(cand: Candidate) -> None:
    """A heading must be one of the forms: else the most frequent one."""
    if cand.heading not in cand.forms:
        cand.heading = max(cand.forms, key=lambda f: (cand.forms[f], -len(f)))


def candidates(documents: Mapping[str, Document],
               existing: IndexSpec | None = None) -> list[Candidate]:
    """Every candidate, best first (see :func:`suggest`)."""
    t = _tally(documents)
    cands = _name_groups(t) + _concept_groups(t)
    cands = [c for c in cands if c.count >= 2 and c.in_body]
    if existing is not None:
        cands = [c for c in cands if not _known(c, existing)]
    cands.sort(key=lambda c: (-c.score, -c.count, c.heading))
    return cands


def _known(cand: Candidate, spec: IndexSpec) -> bool:
    """True when the existing index already marks one of the forms."""
    heads = {e.heading.casefold() for e in spec.all_entries()}
    if cand.heading.casefold() in heads:
        return True
    blocks = tuple(Paragraph((Text(f),)) for f in cand.forms)
    doc = Document(Metadata(), blocks)
    _, occs = mark_document(doc, spec, "x")
    forms = list(cand.forms)
    for o in occs:
        form = forms[o.block - 1]
        if _POSSESSIVE.sub("", o.text).casefold() == form.casefold():
            return True
    return False


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def _render_entries(cands: list) -> list[str]:
    lines = []
    for c in cands:
        forms = sorted(c.forms, key=lambda f: (-len(f), f))
        lines.append(f"  - heading: {_q(c.heading)}")
        lines.append(f"    forms: [{', '.join(_q(f) for f in forms)}]")
    return lines


def _matching(cands: list, documents: Mapping[str, Document]) -> list:
    """Candidates that still match once all are marked together: a
    candidate whose every occurrence a longer one takes ("soviets soviet"
    inside "soviet soviets soviet") is dropped, never suggested dead."""
    while cands:
        text = "entries:\n" + "\n".join(_render_entries(cands)) + "\n"
        spec = parse_index(text, "<suggestions>")
        hit = {o.entry for cid, d in documents.items()
               for o in mark_document(d, spec, cid)[1]}
        kept = [c for c, e in zip(cands, spec.entries) if e.id in hit]
        if len(kept) == len(cands):
            return kept
        cands = kept
    return cands


def suggest(documents: Mapping[str, Document], *,
            existing: IndexSpec | None = None, limit: int = 150) -> str:
    """Candidate entries as YAML in the format of ``index.yaml``.

    ``documents`` maps chapter ids to documents; entries already in
    ``existing`` are left out; at most ``limit`` candidates, ranked by
    occurrences × chapters.
    """
    cands = candidates(documents, existing)
    shown = _matching(cands[:limit], documents)
    lines = [
        f"# Index entries suggested from {len(documents)} chapter"
        f"{'s' if len(documents) != 1 else ''}: {len(shown)} of "
        f"{len(cands)} candidates,",
        "# ranked by occurrences x chapters. Copy the ones a reader would "
        "look up",
        "# into index.yaml; check headings (people as \"Surname, Given\") and "
        "forms.",
        "entries:" if shown else "entries: []",
    ]
    for c in shown:
        forms = sorted(c.forms, key=lambda f: (-len(f), f))
        lines.append(f"  # {c.kind}: {c.count} occurrence"
                     f"{'s' if c.count != 1 else ''} in {len(c.chapters)} "
                     f"chapter{'s' if len(c.chapters) != 1 else ''}")
        lines.append(f"  - heading: {_q(c.heading)}")
        lines.append(f"    forms: [{', '.join(_q(f) for f in forms)}]")
    return "\n".join(lines) + "\n"
