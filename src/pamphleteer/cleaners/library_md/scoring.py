"""How well one fragment continues another: the scores of the joins.

Every piece of evidence is a small number added to a join's score (a
log-odds-like plausibility): words split across the break that form a word,
how common the two words across the break are in English, phrases and
topic words shared with the rest of the text, note numbers, the file's own
order.  :class:`Scorer` gives an :class:`Arc` for every ordered pair of
fragments; :mod:`.ordering` chooses among them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ...text import words
from .fragments import Fragment

# A run of letters: a word or a piece of one.
_LETTERS = re.compile(r"[^\W\d_]+")

LACUNA = 2.0
"""Cost of declaring text missing after a cut (or before a continuation)."""
NO_WORD = 5.0
"""Penalty for a join leaving half a word that forms no word."""
BASE_JOIN = 1.0
"""Score of a plain join before any evidence."""
FILE_ADJ = 1.0
"""Bonus for keeping two fragments in their file order."""
HEAD_ADJ = 1.5
"""Value of keeping a heading after the paragraph it follows in the file
when nothing marks a page break between them (a page may well start with
a heading, so this is a mild preference, weaker than a good join)."""
NOTE_JOIN = 0.5
"""Bonus for a join where the first call after the break is the number
after the page's last note (weak: pages without notes come between)."""

_DET = frozenset("the a an this that these those his her its their our my your "
                 "every each no some any all".split())
_PREP = frozenset("of in on at by for with from to into upon over under between "
                  "against about through without within as up down out off".split())
_CONJ = frozenset("and or but nor yet so than which who whom whose while when "
                  "where if because though although".split())
_AUX = frozenset("is are was were be been being has have had could would should "
                 "will shall may might must can do does did".split())
_FUNCTION = _DET | _PREP | _CONJ | _AUX
# Words that commonly open a sentence (capitalised there only).
_SENTENCE_OPENERS = frozenset("i it he she we they you there here yet however "
                              "thus then now hence indeed also moreover still "
                              "is are was were do does did not".split())


@lru_cache(maxsize=1)
def _bigrams() -> tuple[dict[str, float], dict[str, float], float, float]:
    """English unigram and bigram counts shipped with wordsegment (from the
    Google Web 1T corpus): unigrams, bigrams, total, smallest bigram kept."""
    import wordsegment

    wordsegment.load()
    uni, bi = wordsegment.UNIGRAMS, wordsegment.BIGRAMS
    return uni, bi, float(sum(uni.values())), float(min(bi.values()))


@lru_cache(maxsize=65536)
def pmi(w: str, v: str) -> float:
    """How much more often ``w v`` occurs in English than by chance (log).

    A pair missing from the bigram list is only known to be rarer than the
    list's smallest count: that bound counts as evidence only when it is
    below chance.  Unknown words give 0.
    """
    uni, bi, total, floor = _bigrams()
    cw, cv = uni.get(w.lower()), uni.get(v.lower())
    if not cw or not cv:
        return 0.0
    expected = cw * cv / total
    seen = bi.get(f"{w.lower()} {v.lower()}")
    if seen:
        return math.log(seen / expected)
    return min(0.0, math.log(floor / expected))


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Frequency of an English word on the Zipf scale (0 when unknown)."""
    from wordfreq import zipf_frequency  # (slow to import: when needed)

    return zipf_frequency(word.lower(), "en") if word else 0.0


@dataclass(frozen=True)
class Arc:
    """How fragment ``a`` may be followed by fragment ``b``."""

    score: float
    """Log-odds-like plausibility (higher is better)."""
    join: str
    """``new`` (b opens a new block), ``space`` (same paragraph),
    ``hyphen`` (word halves merged, hyphen dropped), ``hyphen-keep``
    (compound kept), ``split`` (word halves merged), or ``lacuna``."""
    evidence: str
    """Why, in words."""


def _long_word(w: str) -> bool:
    """A long word that is rare ("unsocial", "yeomen", "idiotic") is still
    a word: the pieces word lists hold by mistake are short ("ment",
    "wor")."""
    return len(w) >= 6 and zipf(w.lower()) >= 1.5


class Scorer:
    """Scores joins between fragments, using the document's own words."""

    def __init__(self, frags: list[Fragment], missing_notes: frozenset[int] = frozenset()):
        self.missing_notes = missing_notes
        """Note numbers below the highest that are neither called nor printed:
        text holding them is missing, so no join may skip over them."""
        vocab: Counter[str] = Counter()
        grams: Counter[tuple[str, ...]] = Counter()
        pieces: Counter[str] = Counter()
        proper: Counter[str] = Counter()
        for f in frags:
            if f.start == "lower":
                pieces[f.head_word.lower()] += 1
            if f.end != "clean":
                pieces[f.tail_word.lower()] += 1
            for u in f.units:
                ws = words(u.text)
                vocab.update(ws)
                grams.update(zip(ws, ws[1:]))
                grams.update(zip(ws, ws[1:], ws[2:]))
                # Capitalised words inside a sentence: proper nouns.
                for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)", u.text):
                    proper[m.group(1)] += 1
        self.vocab = vocab - pieces
        # Words written in lower case somewhere: common words, not names.
        self.lower = Counter(w for f in frags for u in f.units
                             for w in _LETTERS.findall(u.text) if w.islower())
        self.grams = grams
        self.proper = proper
        self.frags = frags

    def is_word(self, w: str, threshold: float = 2.0) -> bool:
        """A known word: frequent enough in English, or whole in the text."""
        w = w.lower()
        return bool(w) and (zipf(w) >= threshold or self.vocab[w] > 0)

    def _ngrams(self, a: Fragment, b: Fragment) -> tuple[float, str]:
        aw = words(a.units[-1].text)[-2:]
        bw = words(b.units[0].text)[:2]
        if not aw or not bw:
            return 0.0, ""
        s, ev = 0.0, []
        if self.grams[(aw[-1], bw[0])]:
            s += 1.5
            ev.append(f"'{aw[-1]} {bw[0]}' occurs elsewhere in the text")
        tri = [t for t in ((*aw[-2:], bw[0]), (aw[-1], *bw[:2])) if len(t) == 3]
        if any(self.grams[t] for t in tri):
            s += 1.5
            ev.append("a three-word phrase across the join occurs elsewhere")
        return s, "; ".join(ev)

    def arc(self, a: Fragment, b: Fragment) -> Arc:
        """Score ``b`` right after ``a``."""
        adj = FILE_ADJ if a.file_next and b.index == a.index + 1 else 0.0
        adj_ev = "; adjacent in the file" if adj else ""
        if a.end == "clean":
            if b.start == "lower":
                return Arc(-LACUNA + adj, "lacuna",
                           "a fragment starting mid-sentence after a complete"
                           " paragraph: text is missing" + adj_ev)
            base = 0.0 if b.start == "heading" else -0.5
            return Arc(base + adj, "new", "a complete paragraph, then a new one"
                       + adj_ev)
        if b.start == "heading" or b.units[0].kind != "para":
            return Arc(-LACUNA + adj, "lacuna",
                       "a sentence cut off before a heading" + adj_ev)
        arc = self._join(a, b)
        lost = self.lost_notes(a.last_note, b) if a.last_note else []
        if lost:
            return Arc(-LACUNA + adj, "lacuna",
                       f"notes {lost[0]}–{lost[-1]} are missing between "
                       "these pages: text is missing" + adj_ev)
        if a.last_note and b.calls:
            gap = b.calls[0] - a.last_note - 1
            if gap == 0:
                arc = Arc(arc.score + NOTE_JOIN, arc.join, arc.evidence +
                          f"; note {b.calls[0]} follows note {a.last_note}")
            elif gap < 0:
                arc = Arc(arc.score - 2 * LACUNA, arc.join, arc.evidence +
                          f"; but note {b.calls[0]} would follow note {a.last_note}")
            else:
                arc = Arc(arc.score - min(3.0, 0.5 * gap), arc.join, arc.evidence)
        if arc.score < -LACUNA:
            arc = Arc(-LACUNA, "lacuna", arc.evidence + ": text is missing")
        return Arc(arc.score + adj, arc.join, arc.evidence + adj_ev)

    def lost_notes(self, last: int, b: Fragment) -> list[int]:
        """Missing note numbers between note ``last`` and ``b``'s first call."""
        if not b.calls:
            return []
        return [n for n in range(last + 1, b.calls[0]) if n in self.missing_notes]

    def _join(self, a: Fragment, b: Fragment) -> Arc:
        w, v = a.tail_word, b.head_word
        joined = (w + v).lower()
        tail = a.units[-1].text.rstrip()
        if not (b.units[0].text.lstrip().startswith(v)
                and (tail.endswith(w) or tail.endswith(w + "-"))):
            # Markup or punctuation at the break: words are never merged.
            joined = "\x00"
        if a.end == "hyphen":
            if b.start == "upper":
                return Arc(1.0 if self.is_word(v) else -1.0, "hyphen-keep",
                           f"'{w}-' before the capitalised '{v}': a compound")
            if self.is_word(joined, 1.5):
                return Arc(6.0 + min(zipf(joined), 6.0) * 0.5, "hyphen",
                           f"'{w}-' and '{v}' form the word '{joined}' "
                           f"(zipf {zipf(joined):.1f})")
            if self.vocab[f"{w}-{v}".lower()] or (zipf(w) >= 3 and zipf(v) >= 3):
                return Arc(2.5, "hyphen-keep",
                           f"'{w}-{v}' is a hyphenated compound")
            return Arc(-2.5, "hyphen",
                       f"'{w}-' and '{v}' do not form a known word")
        if v.isdigit():
            # A number carries on a sentence as any word does ("In 1998").
            s = BASE_JOIN + 0.6 * max(-3.0, min(3.0, pmi(w, v)))
            return Arc(s, "space", f"'… {w}' continued by the number '{v}'")
        if b.start == "upper":
            # A capital inside a sentence: a name ("Germany, Switzerland"),
            # not an ordinary word opening a new sentence ("But", "The").
            low = v.lower()
            if tail.rstrip("”’\"'»)").endswith(("—", "–", ":")):
                # "… bowed to me and said—" + "“I see clearly …": speech
                # broken off, or a colon, may open a sentence
                return Arc(1.0, "space", f"'… {w}' ends with a dash or a "
                           f"colon: '{v}' may open what follows")
            if self.proper[v]:
                return Arc(1.8, "space", f"'{v}' is capitalised and used as "
                           "a name elsewhere in the text")
            if low in _FUNCTION or low in _SENTENCE_OPENERS:
                return Arc(-3.0, "space", f"'{v}' opens a sentence, but "
                           f"'… {w}' is unfinished")
            if self.lower[low]:
                return Arc(-1.0, "space", f"'{v}' is capitalised but written "
                           "in lower case elsewhere in the text")
            last_words = a.units[-1].text.split()[-4:]
            if a.units[-1].text.rstrip().endswith(",") and sum(
                    1 for t in last_words if t[:1].isupper()) >= 2:
                return Arc(2.0, "space", f"'{v}' continues a list of names")
            return Arc(0.3, "space", f"'{v}' is capitalised: perhaps a name")
        # Word pieces ("ment", "wor") are frequent noise in word lists: a
        # piece at a page break counts as a word only if it is common.
        v_word = self.is_word(v, 3.5) or _long_word(v)
        w_word = self.is_word(w, 3.5) or self.proper[w] > 0 or _long_word(w)
        if self.is_word(joined) and not (v_word and w_word):
            return Arc(6.0 + min(zipf(joined), 6.0) * 0.5, "split",
                       f"'{w}' and '{v}' form the word '{joined}' "
                       f"(zipf {zipf(joined):.1f})")
        if not v_word:
            return Arc(-NO_WORD, "space",
                       f"'{v}' is not a word, nor is '{joined}'")
        if not w_word:
            return Arc(-NO_WORD, "space",
                       f"'{w}' is not a word, nor is '{joined}'")
        s = BASE_JOIN + _grammar(w.lower(), v.lower())
        before = words(a.units[-1].text)[-2:-1]
        if before and before[0] in _DET and v.lower() in _FUNCTION:
            s -= 1.5  # "the internal" wants a noun, not "up"
        gs, gev = self._ngrams(a, b)
        cs, cev = self.cohesion(a, b)
        # A pair of common words that never occur together is strong
        # evidence against the join; a common pair is milder evidence for it.
        p = max(-6.0, min(3.0, pmi(w, v)))
        pev = f"'{w} {v}' is {'common' if p > 0 else 'rare'} in English" if abs(p) >= 0.5 else ""
        ev = f"'… {w}' continued by '{v} …'"
        extra = "; ".join(e for e in (gev, cev, pev) if e)
        return Arc(s + gs + cs + 0.6 * p, "space", ev + ("; " + extra if extra else ""))

    def cohesion(self, a: Fragment, b: Fragment) -> tuple[float, str]:
        """Shared uncommon words on both sides of the join (same topic)."""
        left = _content(" ".join(u.text for u in a.units)[-600:])
        right = _content(" ".join(u.text for u in b.units)[:600])
        shared = left & right
        weight = sum(max(0.0, 6.0 - zipf(x)) for x in shared)
        score = min(2.0, weight / 6.0)
        if score < 0.2:
            return 0.0, ""
        return score, "shared words: " + ", ".join(sorted(shared)[:5])

    def start_arc(self, b: Fragment, first_rank: bool) -> Arc:
        """Score ``b`` as the first fragment of the text."""
        bonus = 0.5 if b.index == 0 else 0.0
        if b.start == "lower":
            return Arc(-LACUNA + bonus, "lacuna",
                       "the text starts mid-sentence: its beginning is missing")
        if b.start == "heading":
            return Arc((1.0 if first_rank else 0.0) + bonus, "new", "first heading")
        return Arc(-0.5 + bonus, "new", "opening paragraph")

    def end_arc(self, a: Fragment) -> Arc:
        """Score ``a`` as the last fragment of the text."""
        if a.end != "clean":
            return Arc(-LACUNA, "lacuna",
                       "the text ends mid-sentence: its end is missing")
        return Arc(0.0, "new", "last paragraph")


def _content(text: str) -> set[str]:
    """Uncommon words of a text (four letters or more, not function words)."""
    return {x for x in words(text) if len(x) >= 4 and x not in _FUNCTION
            and zipf(x) < 5.5}


def _grammar(w: str, v: str) -> float:
    """Small penalty for impossible pairs of function words ("the of")."""
    if w in _DET and v in _AUX:
        return -2.5
    if w in _DET and v in _FUNCTION:
        return -1.5
    if w in (_PREP | _CONJ) and v in (_PREP | _CONJ):
        return -1.0
    if w in _FUNCTION and v not in _FUNCTION:
        return 0.5
    return 0.0


def confidence(chosen: float, alternatives: list[float]) -> float:
    """Logistic confidence from the margin over the best alternative."""
    if not alternatives:
        return 1.0
    margin = chosen - max(alternatives)
    return 1.0 / (1.0 + math.exp(-margin))
