"""The site around a page's text, left out and listed: landmarks and
blocks named as navigation, share bars, comments..., the main text found,
blocks made mostly of links (see :mod:`.html`; the rest of what a page
holds around its text is :mod:`.boiler`'s)."""

from __future__ import annotations

import re
from typing import Any

from ...report import CleaningReport
from .boiler import _NEVER_TEXT, _preceding_and_self
from .convert import NOTE_CALL_CLASS
from .notes import _NOTE_KIND
from .page import (_classes, _text_len, attr, detach_tail, drop, local,
                   _OWN_WORD, sentences_of_links, text_of)

_NAV_ALTS = (
    r"nav|navbar|navigation|menu|breadcrumbs?|sidebar|"
    r"side-bar|site-?footer|site-?header|masthead|skip(?:-?link)?|share|"
    r"sharing|social|related|advert|ads|adsense|cookie|comments?|"
    r"comments?(?:list|links|area|section|thread|block|box|wrap)|"
    r"related(?:posts?|articles?|stories|links|content)|"
    r"pagination|pager|toolbar|widget|subscribe|newsletter|donate|"
    r"screen-reader-text|sr-only|visually-hidden")
_NAV_WORDS = re.compile(r"(?:^|[-_\s])(?:" + _NAV_ALTS + r")(?:$|[-_\s])",
                        re.I)
_LANDMARKS = {"navigation", "banner", "contentinfo", "search",
              "complementary"}
_COMMENTS = re.compile(r"(?:^|[-_\s])comments?(?:list|links|area|section|"
                       r"thread|block|box|wrap)?(?:$|[-_\s])", re.I)

# --------------------------------------------------------------------------
# Boilerplate and main text
# --------------------------------------------------------------------------

def _prose(el: Any) -> int:
    """Characters of text inside ``el`` outside links (a blog's post is
    often ``<div>`` and ``<br>``, not paragraphs)."""
    n = 0
    for x in el.iter():
        if not isinstance(x.tag, str) or local(x.tag) in _NEVER_TEXT:
            continue
        if local(x.tag) != "a":
            n += len((x.text or "").strip())
        n += sum(len((c.tail or "").strip()) for c in x)
    return n


def strip_landmarks(body: Any, report: CleaningReport) -> None:
    total = _prose(body)
    densest = _densest(body)
    around = set(densest.iterancestors()) | {densest} \
        if densest is not None else set()

    def main_text_inside(el: Any) -> bool:
        # A container whose class says "sidebar" or "share" but that holds
        # most of the page's paragraphs, or its densest block of them, is
        # the page's frame (ACLU's "panel-two-col-sidebar-right-mix" held
        # the whole article, Dalloz's "with-navigation" most of it): it
        # stays, and its own boilerplate goes block by block.
        n = _prose(el)
        if _COMMENTS.search(_naming(el)) and total - n >= 500:
            return False  # readers' comments, longer than the article
        return n >= 500 and (n >= 0.5 * total or el in around)

    for el in list(body.iter()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        tag = local(el.tag)
        role = (el.get("role") or "").lower()
        typ = attr(el, "type").lower()
        if tag == "aside" and (_NOTE_KIND.search(typ + " " + role + " "
                                                 + _classes(el))):
            continue
        if (tag in ("nav", "aside") or role in _LANDMARKS or
                "toc" in typ.split() or "landmarks" in typ.split()) and \
                not main_text_inside(el):
            drop(el, "boilerplate", report)
        elif tag in ("header", "footer") and not _inside(el, ("article",))\
                and (not _inside(el, ("main",)) or
                     (tag == "footer" and _beside_an_article(el))) \
                and not main_text_inside(el) and not _headline(el):
            drop(el, "boilerplate", report)
        elif tag in ("div", "section", "ul", "ol", "li", "p", "span",
                     "table", "td", "footer", "header", "form", "dl") and \
                _NAV_WORDS.search(_naming(el)) and not main_text_inside(el) \
                and not _a_wrapper_of_prose(el):
            drop(el, "boilerplate", report)


def _headline(el: Any) -> bool:
    """A ``<header>`` holding an article's headline (a heading of four
    words or more, not a link) and its standfirst, not the site's logo and
    menu: most of its words are not links."""
    heads = [h for h in el.iter("h1", "h2") if not _inside(h, ("a",))
             and h.find(".//a") is None
             and len(_OWN_WORD.findall(text_of(h))) >= 4]
    whole = _text_len(el)
    linked = sum(_text_len(a) for a in el.iter("a"))
    return bool(heads) and linked < 0.5 * whole


_WRAPPER_WORDS = {"ads", "advert", "adsense", "widget"}
_NAV_WORD = re.compile(r"(?<![^-_\s])(" + _NAV_ALTS + r")(?![^-_\s])", re.I)


def _a_wrapper_of_prose(el: Any) -> bool:
    """A block named only for the ads it has slots for ("Section--Ads",
    "o-section--has-ads") or as a page builder's widget (Elementor sets
    each block of a post in an "elementor-widget") that holds running
    text of its own (200 characters outside links, most of its text): an
    ad slot or a widget of links has none. A name that says navigation,
    comments, share... still goes, whatever it holds."""
    words = {w.lower() for w in _NAV_WORD.findall(_naming(el))}
    if not words or not words <= _WRAPPER_WORDS:
        return False
    prose = len(" ".join("".join(el.xpath(
        ".//text()[not(ancestor::*[local-name()='a'])]")).split()))
    return prose >= 200 and prose >= 0.6 * _text_len(el)


_SLUG_WORD = re.compile(r"[^\W_]+")


def _naming(el: Any) -> str:
    """``el``'s class and id, but not an id that only spells its own
    heading (Sphinx's and pandoc's sections are given the slug of their
    heading: "sharing-with-a-single-developer" names a section of the
    text, not a share bar). A one-word id ("comments") still names."""
    ident = el.get("id") or ""
    words = _SLUG_WORD.findall(ident.lower())
    if len(words) >= 2:
        for h in el.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            if _SLUG_WORD.findall(text_of(h).lower()) == words:
                ident = ""
            break
    return f"{el.get('class') or ''} {ident}"


def _beside_an_article(el: Any) -> bool:
    """A ``<footer>`` inside ``<main>`` but outside the ``<article>`` that
    ``<main>`` holds (a theme that sets the whole page in ``<main>``: the
    site's credits and its next/previous links after the post) is the
    page's footer, not the article's."""
    node = el.getparent()
    while node is not None and local(node.tag) != "main":
        node = node.getparent()
    return node is not None and any(
        True for a in node.iter("{*}article")
        if not _inside(a, ("footer",)))


def _inside(el: Any, tags: tuple[str, ...]) -> bool:
    node = el.getparent()
    while node is not None:
        if local(node.tag) in tags:
            return True
        node = node.getparent()
    return False


LINKED_PAGE = 0.3
"""Share of a page's words in links above which a page without a main
text is said to be a list of links, not an article."""


def main_text(body: Any, report: CleaningReport) -> Any:
    """The element holding the main text; what is outside it is removed."""
    mains = [el for el in body.iter() if isinstance(el.tag, str) and (
        local(el.tag) == "main" or (el.get("role") or "") == "main")]
    chosen = None
    if len(mains) == 1 and (_text_len(mains[0]) >= 500 or
                            _text_len(mains[0]) >= 0.1 * _text_len(body)):
        chosen = mains[0]  # (a theme's <main> may hold nothing of it)
    else:
        arts = [el for el in body.iter("article")]
        if arts:
            # the largest, not counting the lists of stories (an author's
            # other articles in an <article> of their own)
            stories = _story_items(body)
            own = {a: 0 if a in stories or any(x in stories for x in
                                                a.iterancestors())
                   else _text_len(a) - _told(stories, a) for a in arts}
            chosen = max(arts, key=lambda a: own[a])
            if own[chosen] < 0.4 * (_text_len(body) - _told(stories, body)):
                chosen = None
    if chosen is None:
        best = _densest(body)
        if best is not None and best is not body and \
                _text_len(best) >= 0.75 * _text_len(body):
            chosen = best
    inner = _beside_stories(body if chosen is None else chosen)
    if inner is not None:
        _say_stories(body if chosen is None else chosen, inner, report)
        chosen = inner
    if chosen is None or chosen is body:
        whole = _text_len(body)
        linked = sum(_text_len(a) for a in body.iter("a")
                     if not _inside(a, ("a",)))
        if whole and linked >= LINKED_PAGE * whole:
            report.problem(
                "HTML006", f"no main text stands out on this page, and "
                f"{linked / whole:.0%} of its words are links (a front page, "
                "a list of articles?): the whole page is kept; save the "
                "article's own page, or take the part you want with "
                "`select:`", 0)
        return body
    _take_headline(chosen, body, report)
    for el in _preceding_and_self(chosen, body, True)[1:] + \
            _preceding_and_self(chosen, body, False)[1:]:
        if el.getparent() is not None and el is not chosen:
            drop(el, "boilerplate", report)
    return chosen


def _take_headline(chosen: Any, body: Any, report: CleaningReport) -> None:
    """The article's ``<header>`` (:func:`_headline`) set just before the
    main text, outside it (PCMag's, Infobae's): moved to its head, the
    text's headline and standfirst, rather than left out."""
    near = 0
    for el in _preceding_and_self(chosen, body, True)[1:]:
        if not isinstance(el.tag, str) or not _text_len(el):
            continue
        heads = [h for h in el.iter("header") if _headline(h)]
        if heads:
            head = heads[-1]
            detach_tail(head)
            head.getparent().remove(head)
            head.tail, chosen.text = chosen.text, None
            chosen.insert(0, head)
            report.counts["headline-taken-in"] += 1
            return
        near += 1
        if near >= 3:
            return


_SCORED = ("p", "blockquote", "pre", "li", "h2", "h3", "h4")


def _densest(root: Any) -> Any:
    """The element holding most of the text of the paragraphs under
    ``root`` (each paragraph counts for its parent, half for its
    grandparent), with the running paragraphs beside it; the items of a
    list of stories (:func:`_story_items`) count for nothing: a long list
    of headlines and their summaries is no article, however short the
    article beside it."""
    teasers = _story_items(root)
    score: dict[Any, float] = {}
    for p in root.iter(*_SCORED):
        n = _text_len(p)
        if not n or p in teasers or any(
                a in teasers for a in p.iterancestors()):
            continue
        parent = p.getparent()
        if parent is not None:
            score[parent] = score.get(parent, 0) + n
            grand = parent.getparent()
            if grand is not None:
                score[grand] = score.get(grand, 0) + n / 2
    if not score:
        return None
    return _with_its_paragraphs(max(score, key=lambda e: score[e]), root)


STORIES = 0.25
"""Share of a page's (or its main element's) text in lists of stories
above which the main text is looked for beside them."""


def _beside_stories(root: Any) -> Any:
    """The article beside the lists of stories that hold a quarter or more
    of ``root``'s text (a news site's stream of headlines and summaries,
    "most read", "related"): the densest element once the stories are not
    counted, when it holds four fifths of the paragraphs' text outside
    them. A short article beside a long stream is the page's text; the
    stream is not, however long."""
    stories = _story_items(root)
    whole = _text_len(root)
    if not whole or sum(map(_text_len, stories)) < STORIES * whole:
        return None  # (a quick look: nested items count twice)
    best = _densest(root)
    if best is None or best is root or _text_len(best) < 200:
        return None
    told = sum(_text_len(li) for li in stories
               if not any(a in stories or a is best
                          for a in li.iterancestors()))
    if told < STORIES * whole:
        return None  # the stories are the article's (a list of works)
    inside = total = 0
    for p in root.iter(*_SCORED):
        ancestors = list(p.iterancestors())
        if p in stories or any(a in stories or (isinstance(a.tag, str) and
                                                local(a.tag) in _SCORED)
                               for a in ancestors):
            continue
        n = _text_len(p)
        total += n
        inside += n if any(a is best for a in ancestors) else 0
    if inside < 0.8 * total:
        return None
    # then out to what holds the article's pictures and captions, its
    # headline: the largest element round it holding no story, unless
    # what it adds is long and mostly links
    ancestry = [set(li.iterancestors()) for li in stories]
    while True:
        parent = best.getparent()
        if parent is None or parent is root or any(
                parent in up and best not in up for up in ancestry):
            return best
        extra = _text_len(parent) - _text_len(best)
        linked = sum(_text_len(a) for a in parent.iter("a")
                     if not any(x is best for x in a.iterancestors()))
        if extra > 0.5 * _text_len(best) and linked >= 0.5 * extra:
            return best  # (a line of the article's tags may be links)
        best = parent


def _say_stories(root: Any, inner: Any, report: CleaningReport) -> None:
    """A guess said: the lists of stories left out beside the main text
    (a blog's post of the week's links would be such a list)."""
    stories = [li for li in _story_items(root)
               if inner not in li.iterancestors() and li is not inner]
    if stories:
        first = min(stories, key=lambda li: li.sourceline or 0)
        report.problem(
            "HTML007", f"{len(stories)} items of headlines linked to other "
            "pages (a stream of stories, \"most read\", \"related\"?) left "
            "out beside a shorter main text (listed as boilerplate); if they "
            "are the text, write `main: whole` or take them with `select:`",
            first.sourceline or 0)


def _told(stories: set[Any], within: Any) -> int:
    """The text of the stories inside ``within`` (an item inside another
    counted once)."""
    return sum(_text_len(li) for li in stories
               if within in li.iterancestors()
               and not any(a in stories for a in li.iterancestors()))


def _story_items(root: Any) -> set[Any]:
    """The items of lists of stories under ``root``: three or more items
    of a list (``li``), or sibling ``div``s, ``article``s or
    ``section``s, two thirds of them stories (:func:`_story`). A "most
    read" or "related stories" list, a news site's stream of headlines and
    summaries."""
    out: set[Any] = set()  # the elements themselves: lxml keeps one
    # proxy per node only while it is referenced, so an id() may be reused
    for parent in root.iter():
        kids: dict[str, list[Any]] = {}
        for c in parent:
            if isinstance(c.tag, str) and local(c.tag) in (
                    "li", "div", "article", "section"):
                kids.setdefault(local(c.tag), []).append(c)
        for items in kids.values():
            if len(items) >= 3 and \
                    sum(map(_story, items)) * 3 >= len(items) * 2:
                out.update(items)
    return out


def _story(item: Any) -> bool:
    """A short item (under 1000 characters) whose headline, a link of four
    words or more to another page, begins within its first 100 characters
    (after a section's name, a source, a count of comments)."""
    total = _text_len(item)
    if not total or total >= 1000:
        return False
    seen = 0
    for node in item.iter():
        if not isinstance(node.tag, str):
            continue
        if local(node.tag) == "a" and not (node.get("href") or "#"
                                           ).startswith("#") and \
                len(_OWN_WORD.findall(text_of(node))) >= 4:
            return True
        seen += len((node.text or "").strip())
        if seen > 100:
            return False
        seen += len((node.tail or "").strip()) if node is not item else 0
    return False


def _with_its_paragraphs(best: Any, body: Any) -> Any:
    """``best``'s parent when what the parent holds besides ``best`` is
    mostly paragraphs of running text beside it (Salon's article: its
    first paragraphs, then a ``<div>`` holding the rest), as readability
    takes in a candidate's sibling paragraphs, or is short (a quarter of
    ``best``) and not mostly links."""
    while best is not body:
        parent = best.getparent()
        if parent is None or parent is body:
            return best
        prose = 0
        for sib in parent:
            if sib is best or not isinstance(sib.tag, str) or \
                    local(sib.tag) not in ("p", "blockquote"):
                continue
            n = _text_len(sib)
            linked = sum(_text_len(a) for a in sib.iter("a"))
            if n >= 80 and linked < 0.25 * n:
                prose += n
        other = _text_len(parent) - _text_len(best)
        linked = sum(_text_len(a) for a in parent.iter("a")) - sum(
            _text_len(a) for a in best.iter("a"))
        after = sum(_text_len(x) - _linked(x) for x in best.itersiblings())
        above = other - linked - after
        if (prose < 200 or prose < 0.5 * other) and not (
                other <= 0.25 * _text_len(best) and linked < 0.5 * other
                and after <= above):
            # (a little more above it, not mostly links: its headline,
            # its intro, a picture's caption, in an element round it; not
            # one holding more words after the text than above it, its
            # colophon, an archive's publication line)
            return best
        best = parent
    return best


def _linked(el: Any) -> int:
    return sum(_text_len(a) for a in el.iter("a"))


def strip_link_blocks(root: Any, report: CleaningReport) -> None:
    """Blocks made mostly of links: contents, next/previous bars."""
    candidates = [el for el in root.iter("p", "ul", "ol", "div", "table",
                                         "dl", "center")
                  if el.getparent() is not None]
    children = [c for c in root if isinstance(c.tag, str)]
    edges = set(map(id, children[:4] + children[-4:]))
    for el in candidates:
        if el.getparent() is None:
            continue
        total = _text_len(el)
        if not total:
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        if not links or any(a.get("class") == NOTE_CALL_CLASS for a in links):
            continue
        if el.find(f".//span[@class='{NOTE_CALL_CLASS}']") is not None:
            continue
        link_len = sum(_text_len(a) for a in links)
        density = link_len / total
        if ((len(links) >= 2 and density >= 0.6 and
                (total < 400 or density >= 0.85)) or
                (id(el) in edges and density >= 0.9 and total < 80)) and \
                not sentences_of_links(el):
            drop(el, "boilerplate", report)
