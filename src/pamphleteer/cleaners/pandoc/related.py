"""What a page sets after (or inside) an article to lead the reader to
other pages, left out and listed (kind ``related``): a heading such as
"Related posts", "Mehr zum Thema", "Zobacz także", "Tags" with the links
under it (or nothing under it: the list a script would have filled), and
a line "Read more: <a>another story</a>" (see :mod:`.html`)."""

from __future__ import annotations

import re
from typing import Any

from ...report import CleaningReport
from .convert import NOTE_CALL_CLASS
from .page import _text_len, drop, local, text_of

_HEADS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LABEL = (
    r"related(?: (?:posts?|articles?|stories|content|news|links))?"
    r"|more (?:on|about) (?:this|the) (?:topic|story|subject)"
    r"|you (?:may|might) also (?:like|enjoy|be interested in)"
    r"|recommended(?: for you| stories| articles| reading)?"
    r"|read (?:more|also|next)|also read|more stories|most (?:read|popular)"
    r"|(?:our )?latest (?:stories|news|articles|posts|headlines)"
    r"|popular (?:on|at) [\w.'’&-]+(?: [\w.'’&-]+){0,2}"
    r"|trending(?: now| stories| articles)?"
    r"|tags?|tagged(?: with)?|filed under"
    r"|ähnliche (?:beiträge|artikel)|mehr zum thema(?: auf [\w.-]+)?"
    r"|das könnte sie auch interessieren|auch interessant"
    r"|lesen sie auch|weitere (?:artikel|beiträge)|schlagw[oö]rte?r?"
    r"|zobacz (?:także|też)|czytaj (?:także|też|więcej)"
    r"|(?:notas|noticias|art[ií]culos) relacionad[oa]s"
    r"|lea (?:también|más|además)|vea también|le puede interesar"
    r"|(?:à )?lire aussi|sur le même sujet|articles similaires"
    r"|leggi anche|potrebbe interessarti")
_HEADING = re.compile(r"^\W*(?:" + _LABEL + r")\W*$", re.I)
_LINE = re.compile(r"^\W*(?:" + _LABEL + r")\s*[:：»>]\s*", re.I)


def strip_related(root: Any, report: CleaningReport) -> None:
    """A heading (or a short line standing as one) that says "related",
    "more on this", "tags"... and what follows it up to the next heading,
    when that is mostly links or nothing; a paragraph "Read more: ..."
    whose words after the label are a link. "See also" stays (an
    encyclopedia's list of its own articles)."""
    for el in list(root.iter(*_HEADS, "p", "div", "span", "strong", "b")):
        if el is root or root not in el.iterancestors():
            continue  # (or left out already, with what held it)
        text = text_of(el)
        if not text or len(text) > 80 or _calls(el):
            continue
        if _HEADING.match(text) and (local(el.tag) in _HEADS or
                                     not _has_blocks(el)):
            _heading(el, root, report)
    for el in list(root.iter("p", "div")):
        text = text_of(el)
        if root not in el.iterancestors() or not text or len(text) > 300 or \
                _has_blocks(el) or _calls(el):
            continue
        m = _LINE.match(text)
        rest = text[m.end():] if m else ""
        links = sum(_text_len(a) for a in el.iter("a") if a.get("href"))
        if rest and links >= 0.8 * len(rest):
            drop(el, "related", report)


def _heading(el: Any, root: Any, report: CleaningReport) -> None:
    # the element that stands as the heading: out through wrappers that
    # hold nothing else ("<div class=title-wrap><h2>Related</h2></div>")
    head = el
    while head.getparent() is not None and head.getparent() is not root \
            and text_of(head.getparent()) == text_of(el):
        head = head.getparent()
    under: list[Any] = []
    sib = head.getnext()
    while sib is not None:
        if isinstance(sib.tag, str):
            if local(sib.tag) in _HEADS or sib.find(".//h2") is not None \
                    or sib.find(".//h3") is not None:
                break
            under.append(sib)
        sib = sib.getnext()
    words = sum(map(_text_len, under)) + len((head.tail or "").strip())
    links = sum(_text_len(a) for x in under for a in x.iter("a")
                if a.get("href"))
    if any(_calls(x) for x in under):
        return
    if words and links < 0.6 * words:
        # not a list of links: a heading of its own ("Tags" over prose)
        return
    for x in under:
        drop(x, "related", report)
    drop(head, "related", report)


def _has_blocks(el: Any) -> bool:
    return any(isinstance(x.tag, str) and local(x.tag) in (
        "p", "div", "ul", "ol", "table", "blockquote", "section", *_HEADS)
        for x in el.iterdescendants())


def _calls(el: Any) -> bool:
    return el.find(f".//span[@class='{NOTE_CALL_CLASS}']") is not None or \
        any(a.get("class") == NOTE_CALL_CLASS for a in el.iter("a"))
