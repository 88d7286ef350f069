"""Repair words that mix scripts (``Bonch-Bruевич`` -> ``Bonch-Bruevich``).

A Latin word carrying a few Cyrillic or Greek letters is nearly always an
accident: a transliteration left half done, or letters that merely look
Latin.  The rule, applied word by word (a word is a run of letters):

* in a Latin text, a word (letters joined by hyphens count as one word, so
  that ``Bonch-Bruевич`` is judged as a whole) mixing Latin with Cyrillic
  or Greek letters gets those letters replaced: a *run* of two or more such letters is transliterated
  (``евич`` -> ``evich``, ``Ч`` -> ``Ch``), while a *single* letter standing
  among Latin ones takes the Latin letter it looks like (Cyrillic ``с`` ->
  ``c``, ``р`` -> ``p``), since that is what a reader saw when it was typed;
* the script of the whole text decides: in a Latin text every word mixing
  Latin with other letters goes to Latin, however few its Latin letters
  (``Edитор`` -> ``Editor``, ``Feрндале`` -> ``Ferndale``); in a Cyrillic
  (or Greek) text a mixed word gets its stray Latin letters replaced by the
  look-alike letter of that script, when there is one (``Mосква`` ->
  ``Москва``), and is otherwise left alone;
* a word in one script only is never touched.

Each repair is returned so that the cleaner can report it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Cyrillic lower-case letters transliterated (a simplified ISO 9 / BGN mix
# that English-language texts use: ч ch, ш sh, щ shch, ж zh, х kh, ц ts).
_CYR_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i",
    "ї": "i", "є": "ie", "ґ": "g", "ј": "j", "ѕ": "dz", "ў": "u",
}

# Cyrillic letters that look like a Latin letter (lower and upper case).
_CYR_LOOKALIKE = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J",
    "Ѕ": "S", "Һ": "H",
}

# Greek lower-case letters transliterated (ELOT 743, simplified).
_GREEK_TRANSLIT = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i",
    "θ": "th", "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x",
    "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y",
    "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}

# Greek letters that look like a Latin letter.
_GREEK_LOOKALIKE = {
    "ο": "o", "ν": "v", "α": "a", "ι": "i", "κ": "k", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Υ": "Y", "Χ": "X",
}

# Latin letters with a Cyrillic look-alike, for mostly Cyrillic words.
_LATIN_TO_CYR = {v: k for k, v in _CYR_LOOKALIKE.items() if len(v) == 1}
_LATIN_TO_GREEK = {v: k for k, v in _GREEK_LOOKALIKE.items() if len(v) == 1}

# A word: runs of letters of any script joined by single hyphens
# (``Bonch-Bruевич``); digits and other marks end it.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Repair:
    """One repaired word."""

    before: str
    """The word as found."""
    after: str
    """The repaired word."""
    detail: str
    """Which letters were replaced, and how."""


def script_of(ch: str) -> str:
    """``latin``, ``cyrillic``, ``greek`` or ``other`` for one letter."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "other"
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.lower()
    return "other"


def _transliterate(ch: str, table: dict[str, str]) -> str:
    low = ch.lower()
    out = table.get(low)
    if out is None:
        return ch
    if ch != low and out:
        return out[0].upper() + out[1:]
    return out


def repair_word(word: str, prefer: str = "latin") -> Repair | None:
    """Repair one word mixing scripts, or return None when it is clean.

    ``prefer`` is the script of the surrounding text: a mixed word holding
    letters of that script goes to it; otherwise to its majority script."""
    scripts = [script_of(c) for c in word]
    counts = {s: scripts.count(s) for s in ("latin", "cyrillic", "greek")}
    used = [s for s, n in counts.items() if n]
    if len(used) < 2:
        return None
    top = max(counts[s] for s in used)
    if prefer in used:
        major = prefer
    else:
        leaders = [s for s in used if counts[s] == top]
        if len(leaders) > 1:
            return None  # a tie without the text's script: leave it
        major = leaders[0]
    out: list[str] = []
    replaced: list[str] = []
    i = 0
    while i < len(word):
        s = scripts[i]
        if s == major or s == "other" or not word[i].isalpha():
            out.append(word[i])
            i += 1
            continue
        j = i
        while j < len(word) and scripts[j] == s:
            j += 1
        run = word[i:j]
        if major == "latin":
            translit = _CYR_TRANSLIT if s == "cyrillic" else _GREEK_TRANSLIT
            look = _CYR_LOOKALIKE if s == "cyrillic" else _GREEK_LOOKALIKE
            if len(run) == 1 and run in look:
                # A lone letter may be a look-alike (Cyrillic у typed for y)
                # or half a transliteration (у for u): the marker is
                # resolved below by the reading that makes a real word.
                out.append("\x00" + run)
                replaced.append(f"{s} {run} read as")
            else:
                new = "".join(_transliterate(c, translit) for c in run)
                out.append(new)
                replaced.append(f"{s} {run} transliterated {new}")
        else:
            back = _LATIN_TO_CYR if major == "cyrillic" else _LATIN_TO_GREEK
            if all(c in back for c in run):
                new = "".join(back[c] for c in run)
                replaced.append(f"latin {run} read as {major} {new}")
            else:
                new = run  # no look-alike: leave a real Latin insertion
            out.append(new)
        i = j
    after, replaced = _choose_readings(out, replaced)
    if after == word:
        return None
    return Repair(word, after, "; ".join(replaced))


def _choose_readings(out: list[str], notes: list[str]) -> tuple[str, list[str]]:
    """Resolve the lone letters marked in ``out``: each reads as its Latin
    look-alike or as its transliteration, whichever combination makes the
    most frequent word (wordfreq); the look-alike when none is a word."""
    import itertools

    from wordfreq import zipf_frequency

    slots = [i for i, piece in enumerate(out) if piece.startswith("\x00")]
    if not slots:
        return "".join(out), notes
    options = []
    for i in slots:
        ch = out[i][1:]
        cyr = script_of(ch) == "cyrillic"
        look = (_CYR_LOOKALIKE if cyr else _GREEK_LOOKALIKE)[ch]
        trans = _transliterate(ch, _CYR_TRANSLIT if cyr else _GREEK_TRANSLIT)
        options.append([look] if trans in ("", look) else [look, trans])
    best, best_score = None, -1.0
    for combo in itertools.islice(itertools.product(*options), 64):
        trial = list(out)
        for i, pick in zip(slots, combo):
            trial[i] = pick
        word = "".join(trial)
        score = sum(zipf_frequency(part.lower(), "en")
                    for part in re.split(r"[^\w]+", word) if part)
        if score > best_score:
            best, best_score = trial, score
    assert best is not None  # every slot has at least one option
    picked = iter(best[i] for i in slots)
    notes = [f"{n} {next(picked)}" if n.endswith(" read as") else n
             for n in notes]
    return "".join(best), notes


def dominant_script(text: str) -> str:
    """The script most letters of ``text`` are written in."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = script_of(ch)
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else "latin"


def repair_text(text: str, prefer: str = "latin") -> tuple[str, list[Repair]]:
    """Repair every mixed-script word of ``text``; return it and the repairs.

    ``prefer`` is the script of the whole document (see
    :func:`dominant_script`)."""
    repairs: list[Repair] = []

    def fix(m: re.Match[str]) -> str:
        rep = repair_word(m.group(0), prefer)
        if rep is None:
            return m.group(0)
        repairs.append(rep)
        return rep.after

    if text.isascii():
        return text, repairs
    return _WORD.sub(fix, text), repairs
