"""Personal and corporate names: parse with nameparser, compare by key.

A citation names its creators as written (``G.P. Maximoff``, ``Lucien van
der Walt and Michael Schmidt``, ``The Friends of Durruti``).  Here they
become CSL-JSON name objects (``{"family": ..., "given": ...}`` or
``{"literal": ...}``) and comparison keys that ignore case, accents,
punctuation and initials.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from nameparser import HumanName

# Lower-case particles that belong to the family name ("van der Walt").
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da",
              "la", "le", "du", "des", "ter", "ten", "y"}
# Words that mark a corporate author rather than a person.
_CORPORATE = {"association", "collective", "committee", "party", "federation",
              "confederation", "union", "library", "group", "friends",
              "conference", "council", "league", "libertaire", "institute",
              "movement", "society", "press", "organisation", "organization",
              "editorial", "international", "national", "people's",
              "workers", "congress", "university"}
# Words that open discussion or a lead-in, never a name ("Cf. Charlie
# Hore", "See Paul Avrich").
_NOT_NAMES = {"see", "cf.", "cf", "for", "in", "quoted", "also", "taken", "on",
              "an", "as", "compare", "thus", "but", "and", "this", "that",
              "it", "i", "we", "he", "she", "they", "these", "there", "if",
              "when", "where", "what", "who", "how", "why", "a", "reprinted",
              "resolutions", "from", "to", "by", "with", "at", "is", "was"}
# One word of a person's name: capitalised (possibly hyphenated or with an
# apostrophe: "López-Trujillo", "Lapot'"), an initial or run of initials
# ("G.P.", "E."), or a particle.
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|(?:[A-Z]\.)+|" + "|".join(sorted(_PARTICLES))
    + r")$")
# The joints between several names: " and ", " & ", ", and ", ", ".
_NAME_JOINT = re.compile(r"\s*,\s*and\s+|\s+and\s+|\s*&\s*|\s*,\s*")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents and anything but letters,
    digits and single spaces (for comparison only)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Any run of characters that are not letters or digits: a separator.
    return re.sub(r"[^0-9a-z]+", " ", plain.lower()).strip()


def looks_corporate(text: str) -> bool:
    """True when ``text`` names an organisation rather than a person."""
    words = fold(text).split()
    if not words:
        return False
    if text.strip().lower().startswith("the "):
        return True
    if any(w in _CORPORATE for w in words):
        return True
    if len(words) <= 5:
        return False
    # Many words: several people ("A and B"), or an organisation.
    parts = [p for p in _NAME_JOINT.split(text) if p.strip()]
    return not (len(parts) > 1 and all(len(p.split()) <= 5 for p in parts))


def is_name_like(text: str, *, max_words: int = 6) -> bool:
    """True when ``text`` could be one person's or organisation's name:
    capitalised words, initials and particles only, at most ``max_words``."""
    words = text.replace("[", " ").replace("]", " ").split()
    if not words or len(words) > max_words:
        return False
    if words[0].lower().rstrip(",:") in _NOT_NAMES:
        return False
    if not words[0][:1].isupper() and words[0] not in _PARTICLES:
        return False
    return all(_NAME_WORD.match(w) or w.lower() in {"and", "of", "the", "&"}
               for w in words)


def split_names(text: str) -> list[str]:
    """Split ``A, B and C`` into names; a corporate name stays whole."""
    text = text.strip().strip(",").strip()
    if not text:
        return []
    if looks_corporate(text):
        return [text]
    parts = [p.strip() for p in _NAME_JOINT.split(text) if p.strip()]
    # "Hirsch, Steven J." style inversion would split into a family and a
    # given name: keep such a pair whole.
    if len(parts) == 2 and all(len(p.split()) == 1 for p in parts) \
            and "," in text and " and " not in text:
        return [text]
    return parts


# Family names that open an East Asian name written in its own order
# ("Shin Chae-ho", "Kubo Yuzuru", "Li Pei Kan"): printed as written, never
# inverted.  Only the commonest; a hyphenated Korean or Chinese given name
# ("Chae-ho") also marks the order.
_EAST_ASIAN_FAMILY = set("""
shin kim lee yi park pak choi choe jung jeong kang cho yoon yun jang lim
han oh seo kwon hwang ahn song hong jeon ko moon son yang bae baek heo nam
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin
gao luo zheng liang xie tang feng deng cao peng zeng xiao tian dong pan
yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin fu
kubo osugi kotoku ishikawa yamakawa hatta iwasa itō ito sakai kanno
""".split())
# East Asian family names that are also Western given or family names:
# family-first only with a hyphenated or syllabic given name.
_WESTERN_TOO = {"lee", "park", "song", "han", "long", "young", "ma", "he",
                "su", "lu", "du", "ye", "yu", "ko", "oh", "nam", "son",
                "jung", "kim", "moon", "cho"}
# Spanish and Portuguese family names that, before another family name,
# make a double family name ("Juan Gómez Casas", "J. Romero Maura").
_IBERIAN_FAMILY = set("""
gomez garcia fernandez lopez martinez sanchez perez gonzalez rodriguez
diaz alvarez ruiz moreno munoz jimenez hernandez gutierrez navarro torres
dominguez vazquez ramos gil ramirez serrano blanco molina morales suarez
ortega delgado castro ortiz rubio marin sanz iglesias nunez medina garrido
cortes castillo santos lozano guerrero cano prieto mendez cruz calvo
gallego vidal leon marquez herrera pena flores cabrera campos vega fuentes
carrasco diez caballero reyes nieto aguilar pascual santana herrero
lorenzo montero hidalgo gimenez ibanez ferrer duran santiago benitez mora
vicente vargas arias carmona crespo roman pastor soto saez velasco moya
soler parra esteban bravo gallardo rojas romero abad souto silva pereira
oliveira costa sousa ferreira alves ribeiro carvalho
""".split())


CslName = dict[str, str | bool]
"""A CSL-JSON name object: strings (``family``, ``given``, ``literal``...)
and boolean flags (``static-ordering``)."""


def _fold_word(word: str) -> str:
    return fold(word).replace(" ", "")


def _ordered_name(text: str) -> CslName | None:
    """A name whose order nameparser gets wrong: East Asian (family first,
    printed as written) or Spanish with two family names.  None when the
    ordinary rules apply."""
    words = text.split()
    head = _fold_word(words[0]) if words else ""
    if head in _EAST_ASIAN_FAMILY and not any(w.endswith(".")
                                              for w in words):
        # "Shin Chae-ho" (a hyphenated given name), "Li Pei Kan" (two
        # syllables), "Kubo Yuzuru"; not "Lee Harvey Oswald" or "Park
        # Smith" (Western names whose first word is also an Asian family
        # name).
        hyphenated = len(words) == 2 and re.fullmatch(
            r"[A-Z][a-z]+-[a-z]+", words[1])
        syllables = len(words) == 3 and all(len(w) <= 4 for w in words[1:])
        plain = (len(words) == 2 and head not in _WESTERN_TOO
                 and len(words[1]) <= 8)
        if hyphenated or syllables or plain:
            return {"family": words[0], "given": " ".join(words[1:]),
                    "static-ordering": True}
    if len(words) >= 3:
        # "Ortega y Gasset", "Abad de Santillán": joined family names.
        for i in range(1, len(words) - 1):
            if words[i] in ("y", "i", "e") and words[i - 1][:1].isupper() \
                    and i >= 2:
                return {"family": " ".join(words[i - 1:]),
                        "given": " ".join(words[:i - 1])}
        if _fold_word(words[-2]) in _IBERIAN_FAMILY and \
                words[-1][:1].isupper() and not words[-1].endswith("."):
            return {"family": " ".join(words[-2:]),
                    "given": " ".join(words[:-2])}
        if len(words) >= 4 and words[-2] in ("de", "del") and \
                _fold_word(words[-3]) in _IBERIAN_FAMILY:
            # "Diego Abad de Santillán".
            return {"family": " ".join(words[-3:]),
                    "given": " ".join(words[:-3])}
    return None


def parse_name(text: str) -> CslName:
    """One name as written -> a CSL-JSON name object."""
    text = " ".join(text.split()).strip(" ,.;:") or text.strip()
    if looks_corporate(text):
        return {"literal": text}
    first = text.split()[0].lower() if text.split() else ""
    if first in _PARTICLES:
        # "Van der Walt": a family name standing alone.
        return {"family": text}
    ordered = _ordered_name(text)
    if ordered:
        return ordered
    human = HumanName(text)
    family = human.last
    given = " ".join(p for p in (human.first, human.middle) if p)
    if not family:
        family, given = given, ""
    name: CslName = {"family": family}
    if given:
        name["given"] = given
    if human.suffix:
        name["suffix"] = human.suffix
    return name


def parse_names(text: str) -> list[CslName]:
    """Several names as written (``A and B``) -> CSL-JSON name objects."""
    return [parse_name(p) for p in split_names(text)]


def name_key(name: Mapping[str, Any]) -> str:
    """Comparison key of a CSL name: its folded family name without
    spaces (``van der Walt`` -> ``vanderwalt``), or its folded literal."""
    if "literal" in name:
        text = name["literal"]
        if not looks_corporate(text):
            # A person's name exported as one string: "Ciliga, Ante" (family
            # first) or "Ante Ciliga": key it by the family name.
            if text.count(",") == 1:
                return fold(text.split(",")[0]).replace(" ", "")
            if 1 < len(text.split()) <= 5:
                return name_key(parse_name(text))
        # "The" before a corporate name, ignored ("The Anarchist FAQ ...").
        literal = re.sub(r"^the\s+", "", fold(text))
        return literal.replace(" ", "")
    return fold(name.get("family", "")).replace(" ", "")


def name_keys(names) -> frozenset[str]:
    """Keys of several CSL names (empty keys dropped)."""
    return frozenset(k for k in (name_key(n) for n in names or ()) if k)


def text_name_keys(text: str) -> frozenset[str]:
    """Keys of the names written in ``text`` (``Van der Walt and Hirsch``)."""
    return name_keys(parse_names(text))
