"""The body of a Project Gutenberg plain text, from lines to blocks.

The body is cut into chunks at blank lines (a bracketed block such as
``[Footnote 3: ...]`` or ``[Illustration: ...]`` runs on across blank lines
until its bracket closes).  Each chunk is then one of:

- a heading: ``CHAPTER I.``, ``BOOK II``, ``Capítulo primero. Que trata...``,
  a Roman numeral alone, a word such as ``PREFACE``, or a short line set
  apart by more blank lines than paragraphs are;
- a note definition: ``[Footnote 1: ...]``, ``[1] ...`` or ``{1} ...``
  (the last two only when the same label is called earlier);
- an illustration ``[Illustration: caption]``, a sidenote, or a
  transcriber's note (marked as divisions; a bare ``[Illustration]`` is
  reported as removed);
- a table of contents after a ``Contents`` heading (removed: the book makes
  its own), a row of stars (a section break);
- verse (lines broken before the wrap width: kept line by line), an
  indented block (a block quotation, reflowed, or verse), or prose
  (hard-wrapped lines joined).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

# Words that open a heading, by rank (0 is the largest division).
_KEYWORDS = {
    0: r"VOLUME|VOL\.|TOME|BAND",
    1: r"BOOK|PART|LIVRE|PARTIE|BUCH|TEIL|LIBRO|PARTE|ACT|AKT|ACTE|ACTO|"
       r"ATTO|CANTO|ЧАСТЬ|КНИГА",
    2: r"CHAPTER|CHAP\.|CHAPITRE|KAPITEL|CAP[IÍ]TULO|CAPITOLO|ГЛАВА|SCENE|"
       r"SC[EÈ]NE|SZENE|ESCENA|SCENA|LETTER|LETTRE|BRIEF|CARTA|SECTION|STAVE",
}
# Numbers as headings write them: Roman, Arabic, or a word.
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|"
    "the first|the second|the third|the last|"
    "premier|première|second|seconde|deuxième|troisième|quatrième|"
    "cinquième|sixième|septième|huitième|neuvième|dixième|"
    "primero|primera|segundo|segunda|tercero|tercera|cuarto|cuarta|quinto|"
    "quinta|sexto|sexta|séptimo|octavo|noveno|décimo|"
    "erstes|erster|erste|zweites|zweiter|zweite|drittes|dritter|dritte|"
    "viertes|vierter|fünftes|fünfter|"
    "primo|prima|secondo|terzo|terza|quarto")
_NUMBER = rf"(?:[IVXLCDM]+|\d{{1,3}}|{_NUMBER_WORDS})"
_KEYWORD_HEAD = {
    rank: re.compile(rf"^(?:{kw})\.?\s+{_NUMBER}\b\.?", re.IGNORECASE)
    for rank, kw in _KEYWORDS.items()}
# "ERSTER TEIL", "1. Akt--Anmutige Gegend", "II. Book: The Return": the
# number before the keyword, the line ending there or going on after a
# dash, a colon or a full stop.
_NUMBER_FIRST = {
    rank: re.compile(
        rf"^(?:(?:the\s+)?(?:{_NUMBER_WORDS})|\d{{1,3}}\.|[IVXLCDM]{{1,7}}\.)"
        rf"\s+(?:{kw})"
        r"\b\.?(?:\s*$|\s*(?:--|[-–—:.])\s*\S)", re.IGNORECASE)
    for rank, kw in _KEYWORDS.items()}
# A Roman numeral (or Arabic number) alone on its line: a section.
_ROMAN_ALONE = re.compile(r"^(?:[IVXLCDM]{1,8}|\d{1,3})\s*[.:]?\s*$")
# A Roman numeral, then a title after a full stop and a space or a dash.
_ROMAN_TITLE = re.compile(r"^[IVXLC]{1,7}\.(?:\s+|\s*(?:--|[—–])\s*)"
                          r"([^\W\d_][^\n]*)$")
# A word that names a part of a book, alone on its line.
_NAMED_PART = re.compile(
    r"^(?:(?:THE\s+)?(?:AUTHOR|TRANSLATOR|EDITOR|PUBLISHER|AUTHORS|"
    r"TRANSLATORS|EDITORS|PUBLISHERS)['’]?S?['’]?\s+(?:PREFACE|"
    r"INTRODUCTION|NOTE|FOREWORD|POSTSCRIPT)|PREFATORY NOTE|"
    r"INTRODUCTORY NOTE|TO THE READER|"
    r"PREFACE|PREFACE TO THE .{1,40}|INTRODUCTION|PROLOGUE|EPILOGUE|"
    r"CONCLUSION|APPENDIX|DEDICATION|AFTERWORD|FOREWORD|POSTSCRIPT|"
    r"PRÉFACE|AVANT-PROPOS|AVERTISSEMENT|INTRODUCTION|ÉPILOGUE|"
    r"PR[OÓ]LOGO|EP[IÍ]LOGO|INTRODUCCI[OÓ]N|DEDICATORIA|"
    r"VORWORT|VORREDE|EINLEITUNG|NACHWORT|ZUEIGNUNG|PROLOG|"
    r"PREFAZIONE|INTRODUZIONE|INDEX|GLOSSARY|BIBLIOGRAPHY)\.?$",
    re.IGNORECASE)
# An entry of a printed index or list that ends in its page number after a
# run of spaces ("Am I not a Sister?                     57").
LEADER_ENTRY = re.compile(r"\S\s{2,}(?:\d{1,4}|[ivxlcIVXLC]{1,7})\.?$")


def entries(lines: list[str]) -> bool:
    """Is a chunk a list of entries with their page numbers, to keep line
    by line (joined, an index reads as one run-on paragraph)?"""
    hits = sum(1 for s in lines if LEADER_ENTRY.search(s.rstrip()))
    return len(lines) >= 2 and hits >= 0.6 * len(lines)
# A table of contents' heading.
CONTENTS = re.compile(
    r"^(?:(?:TABLE\s+OF\s+)?CONTENTS(?:\s+OF\s+.{1,40}?)?|TABLE\s+DES\s+"
    r"MATI[EÈ]RES|SOMMAIRE|INHALT|INHALTSVERZEICHNIS|[IÍ]NDICE|CONTENIDO|"
    r"INDICE)\.?:?$",
    re.IGNORECASE)
# A row of stars or dashes: a section break.
BREAK = re.compile(r"^(?:\*\s*){3,}$|^(?:-\s*){5,}$|^(?:_\s*){5,}$")
# Bracketed blocks: footnotes, illustrations, sidenotes, transcriber's notes.
# (a colon typed before a footnote's number, "[Footnote: 2: ...",
# "[Footnote:3 The Abbey...", "[Footnote: 14. Unless...", is a typo of the
# same mark)
FOOTNOTE = re.compile(
    r"^\[\s*(?:(?P<fn>Footnote)|Footnotes|Note|Fn\.?|Fußnote|Anmerkung|Nota|"
    r"Variant)\s*(?(fn)(?P<pre>:\s*(?=\d{1,3}\b))?)"
    r"(?P<label>(?(pre)\d{1,3}|[^\]:\s]{1,4}))(?(pre)\s*[.:]?\s*|\s*:\s*)",
    re.IGNORECASE)
# (a picture's kind alone in brackets, "[Music]", "[Decoration]", "[Map]",
# stands where the picture was: an illustration with that word for its
# caption, as "[Illustration: Music notation]" is)
ILLUSTRATION = re.compile(
    r"^\[\s*(?:(?:Illustration|Ilustraci[oó]n|Abbildung|Bild|Gravure|Image)"
    r"\b\s*:?\s*|(?=(?:Music(?:al\s+(?:notation|example|score))?|"
    r"Decorations?|Ornament|Vignette|Tail-?piece|Head-?piece|Emblem|"
    r"(?:Printer|Publisher)['’]s\s+(?:mark|device|logo)|Device|Logo|"
    r"Picture|Map|Portrait|Plate|Diagram|Seal|Signature|Facsimile)\.?\]$))",
    re.IGNORECASE)
SIDENOTE = re.compile(r"^\[\s*Sidenote\s*:\s*", re.IGNORECASE)
TRANSCRIBER = re.compile(
    r"^\[?\s*(?:Transcriber['’]?s?\s+(?:Notes?|Errata|Corrections)|"
    r"(?:Errata|Errors?|Corrections?|Notes?|Changes)(?:\s+and\s+\w+)?\s+"
    r"\(?(?:(?:noted|made|listed)\s+)?by\s+(?:the\s+)?transcriber|"
    r"Note\s+(?:of\s+|by\s+|from\s+)?(?:the\s+)?Project\s+Gutenberg\b|"
    r"Project\s+Gutenberg['’]?s?\s+Note\b|"
    r"Note\s+(?:du|de\s+la)\s+"
    r"transcript(?:eur|rice)|Notes?\s+de\s+transcription|Anmerkungen?\s+"
    r"(?:zur|des|der)\s+Transkri|Notas?\s+del\s+transcriptor|Nota\s+del\s+"
    r"trascrittore|Notas?\s+de\s+(?:la\s+)?transcripci[oó]n)", re.IGNORECASE)
# A note defined by its label at the start of a line: "[1] text", "{1} text".
LABEL_DEF = re.compile(r"^(?:\[(?P<b>\d{1,3}|[A-Za-z*†])\]|\{(?P<c>\d{1,3})\})"
                       r"\s*(?=\S)")
# The heading of a notes section: "Footnotes:", "NOTES.", "Notes du texte".
NOTES_HEAD = re.compile(r"^(?:FOOT)?NOTES?\b.{0,40}$|^ANMERKUNGEN\b.{0,40}$|"
                        r"^NOTAS?\b.{0,40}$|^FIN DES NOTES\.?$",
                        re.IGNORECASE)
# What only Project Gutenberg's own notices say.
NOTICE = re.compile(r"Project\s+Gutenberg|gutenberg\.org|pgdp\.net|"
                    r"Distributed\s+Proofread", re.IGNORECASE)
# What a note about the e-text file's encoding says.
ENCODING = re.compile(r"\bUTF-?8\b|\bLatin-1\b|\bISO-8859|\bfile\s+encoding\b|"
                      r"\bcharacter\s+set\b|\b7-bit\s+ASCII\b", re.IGNORECASE)
# A web address.
URL = re.compile(r"https?://|\bwww\.\w", re.IGNORECASE)
# Production credits at the top of the body.
CREDITS = re.compile(
    r"^(?:Produced\s+by|This\s+(?:e-?text|e-?book|file)\s+was\s+(?:produced|"
    r"prepared|created)|E-?text\s+(?:prepared|scanned|produced)\s+by|"
    r"Transcribed\s+(?:from|by)|Prepared\s+by|Digitized\s+by|Scanned\s+by|"
    r"E-?book\s+(?:produced|prepared)\s+by|Produit\s+par|Erstellt\s+von)",
    re.IGNORECASE)


@dataclass
class Chunk:
    """Lines between blank lines (or a bracketed block)."""

    lines: list[str]
    """The raw lines (right-stripped)."""
    line: int
    """1-based raw line of the first."""
    gap_before: int
    """Blank lines before it."""
    gap_after: int = 0
    """Blank lines after it."""
    kind: str = ""
    """What :func:`classify` found."""
    info: dict = field(default_factory=dict)
    """Details of the kind (label, rank...)."""

    @cached_property
    def text(self) -> str:
        """The lines' stripped text joined with spaces (a line ending in a
        hyphen joins the next without one: Project Gutenberg never breaks a
        word at a line end, so the hyphen is the word's own)."""
        return join_lines([s.strip() for s in self.lines if s.strip()])


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines joined into one paragraph's text (a line ending
    with a hyphen after a letter, not a dash ``--``, joins without a
    space)."""
    parts: list[str] = []
    for s in lines:
        if parts:
            prev = parts[-1]
            hyphen = len(prev) > 1 and prev[-1] == "-" and prev[-2].isalpha()
            if not hyphen:
                parts.append(" ")
        parts.append(s)
    return "".join(parts)


def chunks(lines: list[str], first_line: int) -> tuple[list[Chunk], list[str]]:
    """Cut body lines into chunks; ``first_line`` is the 1-based number of
    ``lines[0]``.  Returns the chunks and problems (unclosed brackets)."""
    out: list[Chunk] = []
    problems: list[str] = []
    gap = 0
    cur: Chunk | None = None
    for k, raw in enumerate(lines):
        line = raw.rstrip()
        if not line.strip():
            if cur is not None:
                out.append(cur)
                cur = None
            gap += 1
            continue
        if cur is None:
            if out:
                out[-1].gap_after = gap
            cur = Chunk([line], first_line + k, gap)
            gap = 0
        else:
            cur.lines.append(line)
    if cur is not None:
        out.append(cur)
    if out:
        out[-1].gap_after = gap
    out = _split_closed(_join_brackets(out, problems))
    _mark_inset(out)
    return out, problems


def _mark_inset(items: list[Chunk]) -> None:
    """A line indented as far as the blocks on both sides of it, one blank
    line from each, is a line of their indented passage ("    Act v. Scene
    2." between two quoted lines), not a heading set there: marked
    ``inset``."""
    for prev, c, nxt in zip(items, items[1:], items[2:]):
        ind = indent_of(c.lines[0])
        if len(c.lines) == 1 and ind > 0 and c.gap_before <= 1 and \
                c.gap_after <= 1 and indent_of(prev.lines[-1]) == ind == \
                indent_of(nxt.lines[0]):
            c.info["inset"] = True


def _depth(text: str) -> int:
    return text.count("[") - text.count("]")


def _join_brackets(items: list[Chunk], problems: list[str]) -> list[Chunk]:
    """Join a bracketed block opened in one chunk and closed in a later
    one (a footnote of several paragraphs); an unclosed one stays split."""
    out: list[Chunk] = []
    i = 0
    while i < len(items):
        c = items[i]
        head = c.lines[0].lstrip()
        bracketed = (FOOTNOTE.match(head) or ILLUSTRATION.match(head)
                     or SIDENOTE.match(head)
                     or (head.startswith("[") and TRANSCRIBER.match(head)))
        depth = _depth("\n".join(c.lines))
        if bracketed and depth > 0:
            j = i + 1
            joined = list(c.lines)
            while j < len(items) and j - i <= 40 and depth > 0:
                if FOOTNOTE.match(items[j].lines[0].lstrip()):
                    break  # the next footnote: this one never closed
                joined.append("")
                joined.extend(items[j].lines)
                depth += _depth("\n".join(items[j].lines))
                j += 1
            if depth == 0:
                merged = Chunk(joined, c.line, c.gap_before,
                               items[j - 1].gap_after)
                out.append(merged)
                i = j
                continue
            if FOOTNOTE.match(head):
                problems.append(f"{c.line}:footnote “{head[:30]}” never "
                                "closes its bracket; taken to end with its "
                                "paragraph")
                c.info["unclosed"] = True
            else:
                problems.append(f"{c.line}:a bracket opened by "
                                f"“{head[:30]}” never closes; read as text")
        out.append(c)
        i += 1
    return out


def _opens_block(head: str) -> bool:
    return bool(FOOTNOTE.match(head) or ILLUSTRATION.match(head)
                or SIDENOTE.match(head)
                or (head.startswith("[") and TRANSCRIBER.match(head)))


def _close_at(lines: list[str]) -> tuple[int, int] | None:
    """Where the bracket opening ``lines[0]`` closes: (line, column)."""
    depth = 0
    for li, s in enumerate(lines):
        for ci, ch in enumerate(s):
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return li, ci
    return None


# Nothing but note calls: "[Illustration: PASCHAL GROUSSET.][73]".
_CALLS_ONLY = re.compile(
    r"^(?:\s*(?:\[(?:\d{1,3}|[A-Za-z]|[A-Z][A-Za-z])\]|\{\d{1,3}\}))+\s*$")


def _split_closed(items: list[Chunk]) -> list[Chunk]:
    """A bracketed block (footnote, illustration, sidenote) that closes
    inside a line, text after it ("...bleibt.\"] However, it may be
    asked", "...1841.] [Footnote B: Gioberti..."): the block ends at its
    bracket and what follows is a chunk of its own (the text again, or
    the next block); note calls right after the bracket
    ("[Illustration: CAPTION.][73]") go inside it, the caption's."""
    out: list[Chunk] = []
    todo = list(reversed(items))
    while todo:
        c = todo.pop()
        head = c.lines[0].lstrip()
        at = _close_at(c.lines) if _opens_block(head) else None
        if at is None:
            out.append(c)
            continue
        li, ci = at
        line = c.lines[li]
        rest = [line[ci + 1:].strip()] + c.lines[li + 1:]
        tail = " ".join(s.strip() for s in rest if s.strip())
        if not any(ch.isalnum() for ch in tail):
            out.append(c)
            continue
        if _CALLS_ONLY.match(tail):
            lines = c.lines[:li] + [line[:ci] + tail.strip() + "]"]
            out.append(Chunk(lines, c.line, c.gap_before, c.gap_after,
                             c.kind, dict(c.info)))
            continue
        out.append(Chunk(c.lines[:li] + [line[:ci + 1]], c.line,
                         c.gap_before, 1, c.kind, dict(c.info)))
        # the rest: its paragraphs (blank lines a joined block kept)
        parts: list[Chunk] = []
        first = c.line + li
        for k, s in enumerate(rest):
            if not s.strip():
                if parts and parts[-1].lines:
                    parts.append(Chunk([], 0, 1))
                continue
            if not parts:
                parts.append(Chunk([], 0, 1))
            if not parts[-1].lines:
                parts[-1].line = first + k
            parts[-1].lines.append(s)
        parts = [p for p in parts if p.lines]
        parts[-1].gap_after = c.gap_after
        todo.extend(reversed(parts))
    return out


def wrap_width(lines: list[str]) -> int:
    """The width the text was wrapped at: a high percentile of line
    lengths (a few overlong lines do not count)."""
    lengths = sorted(len(s.rstrip()) for s in lines if s.strip())
    if not lengths:
        return 72
    return max(40, lengths[int(0.95 * (len(lengths) - 1))])


def broken_early(lines: list[str], width: int) -> float:
    """Share of a chunk's lines (all but the last) that end well before the
    wrap width although the next line's first word would have fitted:
    verse, addresses and lists do, wrapped prose does not."""
    if len(lines) < 2:
        return 0.0
    early = 0
    for a, b in zip(lines, lines[1:]):
        nxt = b.strip().split(" ", 1)[0]
        if len(a.rstrip()) + 1 + len(nxt) <= width - 2:
            early += 1
    return early / (len(lines) - 1)


_LINE_OPENS_CAPITAL = re.compile(r"^\s*[\"'‘“(_]*[^\W\d_a-z]")


def capitalised_lines(lines: list[str]) -> bool:
    """Does every line of a chunk of six or more open with a capital, as
    verse set in long lines does (heroic couplets reach the wrap width,
    so no line ends early) and wrapped prose never does?"""
    rows = [s for s in lines if s.strip()]
    if len(rows) < 6:
        return False
    return all(_LINE_OPENS_CAPITAL.match(s) and
               not s.strip()[:1].islower() for s in rows)


def is_verse(lines: list[str], width: int) -> bool:
    """Lines kept line by line: broken early, or each opening with a
    capital."""
    return broken_early(lines, width) >= 0.5 or capitalised_lines(lines)


def indent_of(line: str) -> int:
    line = line.expandtabs(8)
    return len(line) - len(line.lstrip(" "))


def centred(lines: list[str], width: int) -> bool:
    """Are these lines set in the middle of the wrap width by spaces (a
    title, an inscription), not indented as verse is?  Their indents vary
    with their lengths, and their middles stand in one column near the
    middle of the text's width."""
    rows = [(indent_of(s), len(s.strip())) for s in lines if s.strip()]
    if len(rows) < 2 or len({i for i, _ in rows}) < 2:
        return False
    if max(i for i, _ in rows) - min(i for i, _ in rows) < 4:
        return False
    middles = sorted(i + n / 2 for i, n in rows)
    mid = middles[len(middles) // 2]
    near = sum(1 for m in middles if abs(m - mid) <= 2)
    return near >= 0.8 * len(rows) and abs(mid - width / 2) <= width / 6


def verse_indents(lines: list[str], base: int, width: int) -> list[int]:
    """Each line's indent beyond ``base`` (the poem's own margin): the
    source's relative indentation of verse (a refrain, every second line),
    kept; none for lines centred by spaces."""
    if centred(lines, width):
        return [0] * len(lines)
    return [max(0, indent_of(s) - base) if s.strip() else 0 for s in lines]


_TRAILING_CALL = re.compile(r"\s*(?:\[_?\d{1,3}\]|\{\d{1,3}\})$")


# The last line of a book (or of an act: "Curtain."), which heads nothing.
_THE_END = re.compile(r"^[\W_]*(?:THE\s+END|FINIS|FIN|ENDE|FINE|(?:QUICK\s+|"
                      r"SLOW\s+)?CURTAIN)[\W_]*$", re.IGNORECASE)


# A price, which no heading carries.
_PRICE = re.compile(r"\$\s?\d|\b\d+\s*cents\b|\bprice[,:]?\s+\$?\d",
                    re.IGNORECASE)


def mark_labels(items: list[Chunk], typical_gap: int) -> None:
    """A short line that stands alone three times or more, most often
    right above its text and not set apart by wider gaps (a speaker's name
    in a play: "_Queen_", "MATROSEN."), is a label wherever it stands, even
    where the spacing around it is wider (before a song): marked
    ``label``, never a heading of its own nor a heading's title.  Numbers,
    numerals and the words that open headings are not labels; nor is a
    name that signs a preface and heads a sketch (a wider gap under it)."""
    groups: dict[str, list[Chunk]] = {}
    for c in items:
        if len(c.lines) != 1 or c.kind or len(c.text) > 40:
            continue
        key = re.sub(r"[\W_]+", " ", c.text).strip().casefold()
        if key and len(key.split()) <= 4 and not re.search(r"\d", key) and \
                not _ROMAN_ALONE.match(key.upper()) and \
                not any(rx.match(c.text.strip())
                        for rx in _KEYWORD_HEAD.values()) and \
                not _NAMED_PART.match(c.text.strip().strip("_*")):
            groups.setdefault(key, []).append(c)
    where = {id(c): k for k, c in enumerate(items)}
    candidates = {id(c) for group in groups.values() if len(group) >= 3
                  for c in group}
    for group in groups.values():
        if len(group) < 3:
            continue
        apart = sum(1 for c in group if c.gap_before > typical_gap and
                    c.gap_after > typical_gap)
        close = sum(1 for c in group if c.gap_after <= typical_gap)
        # speakers answer each other: another name stands near most of
        # this one's lines (a poem's title "Epistle" heading poem after
        # poem has none)
        keys = {id(c) for c in group}
        near = sum(1 for c in group if any(
            id(x) in candidates and id(x) not in keys for x in
            items[max(0, where[id(c)] - 6):where[id(c)] + 7]))
        if 2 * apart < len(group) and 2 * close > len(group) and \
                2 * near > len(group):
            for c in group:
                c.info["label"] = True


# A line of LilyPond, the music typesetter's source ("\\clef treble",
# "}", "b'4. a'8 g'4").
_LILY = re.compile(r"\\[A-Za-z]+|^\s*[{}]+\s*$|^\s*%|"
                   r"^\s*[a-g](?:is|es)?['’,]*\d*\.?(?:\s|$|\[|\()")


def lilypond(lines: list[str]) -> bool:
    """Are half the lines of a chunk LilyPond source (music a producer
    transcribed, following a note that says so)?"""
    rows = [s for s in lines if s.strip()]
    return bool(rows) and 2 * sum(1 for s in rows if _LILY.search(s)) \
        >= len(rows)


def titled(line: str) -> bool:
    """Is ``line`` set as a title: in capitals, or its longer words all
    capitalised ("The Slave Boy's Wish.")?"""
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < 2:
        return False
    if line.isupper():
        return True
    long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return bool(long) and all(w[0].isupper() for w in long)


def heading_rank(c: Chunk, typical_gap: int) -> int | None:
    """The rank of a heading chunk (0 largest), or None."""
    found = heading_kind(c, typical_gap)
    return found[0] if found else None


def heading_kind(c: Chunk, typical_gap: int) -> tuple[int, str] | None:
    """``(rank, kind)`` of a heading chunk: kind ``keyword`` (CHAPTER I),
    ``roman`` (a numeral alone), ``named`` (PREFACE), ``apart`` (a short
    line set apart by blank lines) or ``wide`` (a title with a wide gap
    above it); None when it is no heading."""
    # A note call on a heading ("DEDICATION.[1]") does not make it text.
    first = _TRAILING_CALL.sub("", c.lines[0].strip())
    if len(c.lines) > 3 or len(c.text) > 220 or _THE_END.match(first) or \
            _PRICE.search(c.text):
        return None  # (a heading carries no price: "Volume I, $5.00")
    if len(c.lines) > 1 and any(
            sum(1 for s in c.lines if rx.match(s.strip())) > 1
            for rx in _KEYWORD_HEAD.values()):
        return None  # "Volume I, 1913. / Volume II, 1914.": a list
    for rank, rx in _KEYWORD_HEAD.items():
        if rx.match(first) and not c.info.get("inset"):
            return rank, "keyword"
    if len(c.lines) == 1 and not c.info.get("inset"):
        for rank, rx in _NUMBER_FIRST.items():
            if rx.match(first):
                return rank, "keyword"
    if len(c.lines) == 1 and _ROMAN_ALONE.match(first):
        if not first[0].isdigit() or c.gap_before > typical_gap:
            return 3, "roman"
    if len(c.lines) == 1 and _NAMED_PART.match(first):
        return 2, "named"
    # A Roman numeral and a title on one line, a wider gap above it than
    # paragraphs have ("I. Muzio Clementi", "II.--Mozart", "II. Papa se
    # fâche."): a section.
    m = _ROMAN_TITLE.match(first)
    if len(c.lines) == 1 and m and c.gap_before > typical_gap and \
            len(first) <= 60 and m.group(1)[0].isupper() and \
            not re.search(r"[,;:]$", first):
        return 3, "roman"
    if c.info.get("label"):
        return None  # a speaker's name, however it is spaced
    # A title set apart above its text by a wider gap than paragraphs have
    # (three blank lines or more), in capitals or with every longer word
    # capitalised: a song's or a poem's title ("GONE, SOLD AND GONE.",
    # "The Slave Boy's Wish.") with its text one blank line below.
    if len(c.lines) == 1 and c.gap_before >= max(3, typical_gap + 2) and \
            len(first) <= 60 and titled(first) and \
            not re.search(r"[,;:]$", first) and \
            not first.startswith(("[", "(")):
        return 2, "wide"
    apart = c.gap_before > typical_gap and c.gap_after > typical_gap
    if apart and len(c.lines) == 1 and len(first) <= 60 and \
            not re.search(r"[,;:]$", first) and \
            not first.lstrip("_*").startswith(("[", "(")) \
            and any(ch.isalpha() for ch in first) and \
            (first.isupper() or not first.endswith(".")):
        return 2, "apart"
    # A section's title in capitals, two blank lines above it and one
    # below, as Distributed Proofreaders set a heading within a chapter
    # ("THE GRAVES.", "HUMAN REMAINS.", "ORIGIN OF ARBOR DAY."): a
    # section, below the chapters.  An index's entry ("ALBERTI, 109, 112.")
    # or a date ("JUNE 1811.") ends in a number: no section.
    if len(c.lines) == 1 and c.gap_before >= 2 and \
            c.gap_before > typical_gap and len(first) <= 60 and \
            first.isupper() and len(re.findall(r"[^\W\d_]", first)) >= 4 \
            and not re.search(r"[,;:]$|\d\W*$|,\s*\d", first) and \
            not first.lstrip("_*").startswith(("[", "(")) and \
            not c.info.get("inset"):
        return 3, "section"
    return None
