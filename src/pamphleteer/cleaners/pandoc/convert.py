"""pandoc's JSON AST (API 1.23) into the document model.

Every pandoc element has a place here, in the model or in the report:

======================  ==================================================
pandoc                  model
======================  ==================================================
``Para``, ``Plain``     :class:`Paragraph`
``Header``              :class:`Heading` (levels shifted so the highest
                        used is 1)
``BlockQuote``          :class:`BlockQuote`
``LineBlock``           ``Division(role="verse")``: one paragraph per
                        stanza, lines split by :class:`LineBreak`
``Div`` of class
``verse``/``poem``      the same verse division
``Div`` ``center``,
``right``               ``Division(role="center"/"right")``
``BulletList``,
``OrderedList``         :class:`BulletList`, :class:`OrderedList`
``DefinitionList``      each term a strong paragraph, then its definitions
``CodeBlock``           ``Division(role="example")`` holding its lines as
                        code
``Table``               :class:`Table` (head, bodies and foot, spans,
                        alignments, caption; see :mod:`.table`); blocks a
                        cell cannot hold are set as its lines
                        (``PANDOC001``)
``Figure``, ``Image``   the image is left out (reported, kind ``image``),
                        its description and caption kept as text
``HorizontalRule``      :class:`ThematicBreak`
``Note``                :class:`NoteRef` and a :class:`Note`
``Emph``, ``Underline`` :class:`Emph`
``Strong``              :class:`Strong`
``SmallCaps``           :class:`SmallCaps` (also spans of class
                        ``smallcaps`` or ``font-variant: small-caps``)
``Superscript``         :class:`Sup`
``Subscript``,
``Strikeout``           their text (reported)
``Quoted``              the text between curly quotation marks
``Link``                :class:`Link` for ``http``/``https``/``mailto``;
                        links inside the source's own files keep their
                        text only (reported)
``Span``, ``Div``       their content: classes, ids and styles are
                        presentation (calibre's ``calibre1``, empty anchors)
                        and are dropped, counted in the report (kind
                        ``markup``)
``RawInline``/``Block`` HTML tags read as emphasis, strong, superscript,
                        links and line breaks; any other raw markup is
                        left out and listed (kind ``markup``)
======================  ==================================================

Text goes through the same typography as every reader (:mod:`text`),
across inline boundaries.
"""

from __future__ import annotations

import re
from collections import Counter

from ...model import (Block, BlockQuote, BulletList, Code, Division, Emph,
                      Heading, Inline, LineBreak, Link, Note, NoteRef,
                      OrderedList, Paragraph, SmallCaps, Source, Strong, Sup,
                      Text, ThematicBreak, replace)
from ...report import CleaningReport
from ...text import typography
from .lines import STANZA_CLASSES, join_line_divs as _join_line_divs
from .table import convert_table
from .tidy import (_clean, _collect, _first_source, _glue_calls, _rebuild,
                   _shift_headings, _tidy_breaks, _trim)
from .tree import (Converted, Json, LineFinder, PandocNode, _attr, ast_text,
                   meta_text, plain)

__all__ = ["Converter", "Converted", "LineFinder", "NOTE_CALL_CLASS",
           "NOTE_CLASS", "ast_text", "meta_text", "plain"]
SEP = "\ue000"
"""Stands for an inline boundary while typography runs over a paragraph:
not a space, not a letter, never matched by a rule."""

NOTE_CALL_CLASS = "pmph-call"
"""Class of the empty span a pre-pass (HTML, EPUB) leaves where a note call
was; its ``n`` attribute names the note."""
NOTE_CLASS = "pmph-note"
"""Class of the div holding a note's text found by a pre-pass."""

VERSE_CLASSES = STANZA_CLASSES
ALIGN_CLASSES = {"center": "center", "centre": "center", "right": "right",
                 "aligncenter": "center", "alignright": "right"}
_SAFE_URL = re.compile(r"(?i)^(?:https?://|mailto:)")
# What a note call's link says: a number, a letter or a mark.
_CALL_LABEL = re.compile(r"^\s*(?:\d{1,4}|[a-z]|[*†‡§¶]{1,3})\s*$")
# ... and the id of the note it leads to ("footnote-053", "fn12", "ftn3",
# "n7", "endnote_2").
_NOTE_ID = re.compile(r"(?i)note|^fn|[-_]fn|ftn|^n\d|^ref")
_LINE_NUMBER_CLASS = re.compile(
    r"(?:l|line)[-_]?(?:num|number|no|nr)s?$|lineno$")
_SMALLCAPS_STYLE = re.compile(r"(?i)font-variant\s*:\s*small-caps")
_WS = re.compile(r"[ \t\r\n]+")


class Converter:
    """One AST's conversion; collects notes and the markup dropped."""

    def __init__(self, report: CleaningReport, file: str, raw: str = ""):
        self.report = report
        self.file = file
        self.lines = LineFinder(raw)
        self.notes: list[Note] = []
        self.labels: dict[str, str] = {}
        self.marked_notes: dict[str, list[PandocNode]] = {}
        self.dropped: Counter[str] = Counter()
        self.foreign_calls: dict[str, list[tuple[str, int]]] = {}
        """File -> the note calls linking into it: (label, line)."""
        self.line = 0
        self.note_depth = 0
        self.last_label = 0

    # -- the whole document ------------------------------------------------

    def convert(self, blocks: list[PandocNode]) -> Converted:
        body = self._take_marked_notes(blocks)
        out = self.blocks(body)
        out = _shift_headings(out)
        out = _tidy_breaks(out, self.report)
        for what, n in sorted(self.dropped.items()):
            self.report.remove("markup", what, 0)
            self.report.counts["markup-dropped"] += n
        for path, calls in self.foreign_calls.items():
            label, line = calls[0]
            at = self.lines.low.find(path.casefold())
            if at >= 0:  # the link as the source writes it
                line = self.lines.low.count("\n", 0, at) + 1
            self.report.problem(
                "PANDOC007", f"{len(calls)} note call(s) link to notes in "
                f"another file, {path} (the first, {label!r}): those notes are "
                f"not in this text, and the calls are kept as text; give that "
                f"file's notes with the text (or leave the calls out by hand)",
                line)
        left = [n for n in self.marked_notes if n not in self.labels]
        for key in left:
            text = ast_text(self.marked_notes[key])
            self.report.problem(
                "PANDOC002", f"note {key} is never called in the text; it is "
                f"kept at the end of the text", 0)
            out.append(Division("uncalled-note", tuple(
                self.blocks(self.marked_notes[key]))))
            del text
        return Converted(out, self.notes, self.dropped)

    def _take_marked_notes(
            self, blocks: list[PandocNode]) -> list[PandocNode]:
        """Lift the pre-pass's note divs out of the body, anywhere."""
        kept: list[PandocNode] = []
        for b in blocks:
            if b.get("t") == "Div":
                _, classes, kv = _attr(b["c"][0])
                if NOTE_CLASS in classes:
                    self.marked_notes[kv.get("n", str(len(self.marked_notes)))] = b["c"][1]
                    continue
                b = {"t": "Div", "c": [b["c"][0],
                                       self._take_marked_notes(b["c"][1])]}
            elif b.get("t") == "BlockQuote":
                b = {"t": "BlockQuote", "c": self._take_marked_notes(b["c"])}
            kept.append(b)
        return kept

    # -- blocks -----------------------------------------------------------

    def blocks(self, nodes: list[PandocNode]) -> list[Block]:
        out: list[Block] = []
        for n in nodes:
            out.extend(self.block(n))
        return out

    def _src(self, text: str) -> Source:
        line = self.lines.line(text) if self.note_depth == 0 else 0
        if line:
            self.line = line
        return Source(self.file, line or self.line)

    def para(self, inlines: list[PandocNode]) -> list[Block]:
        children = self.finish(self.inlines(inlines))
        if not children:
            return []
        return [Paragraph(children, self._src(plain(inlines)))]

    def prose_paragraphs(self, lines: list[list[PandocNode]],
                         texts: list[str]) -> list[Block]:
        out: list[Block] = []
        group: list[PandocNode] = []
        for line, text in [*zip(lines, texts), ([], "")]:
            if text.strip():
                if group:
                    group.append({"t": "LineBreak"})
                group.extend(line)
                continue
            if group:
                out.extend(self.para(group))
                self.report.counts["paragraphs-split-at-empty-lines"] += 1
            group = []
        return out

    def block(self, node: PandocNode) -> list[Block]:
        t = node.get("t")
        c: Json = node.get("c")
        if t in ("Para", "Plain"):
            lines = _split_lines(c)
            texts = [plain(x) for x in lines]
            full = [x for x in texts if x.strip()]
            if len(lines) >= 3 and any(not x.strip() for x in texts[1:-1]) \
                    and sum(len(x) > 150 for x in full) * 2 >= len(full):
                # paragraphs of prose set apart by empty lines (<br><br>,
                # as blogs and some archives write them), not stanzas
                return self.prose_paragraphs(lines, texts)
            if len(lines) >= 4 and (
                    any(not x.strip() for x in texts[1:-1])
                    or any(x[:1] == "\u00a0" for x in texts[1:])):
                # lines with an empty one between them (stanzas), or lines
                # indented by hand: a word processor's verse, which has no
                # verse of its own
                return self.verse_lines(lines)
            return self.para(c)
        if t == "Header":
            level, attr, inl = c
            children = self.finish(self.inlines(inl))
            if not children:
                return []
            self.report.counts["headings"] += 1
            return [Heading(level, children, "", self._src(plain(inl)))]
        if t == "BlockQuote":
            inner = self.blocks(c)
            if not inner:
                return []
            self.report.counts["block-quotes"] += 1
            return [BlockQuote(tuple(inner), _first_source(inner))]
        if t == "LineBlock":
            return self.verse_lines(c)
        if t == "BulletList":
            items = [tuple(self.blocks(item)) for item in c]
            items = [i for i in items if i]
            if not items:
                return []
            self.report.counts["lists"] += 1
            return [BulletList(tuple(items), _first_source(items[0]))]
        if t == "OrderedList":
            (start, _style, _delim), raw_items = c
            items = [tuple(self.blocks(item)) for item in raw_items]
            items = [i for i in items if i]
            if not items:
                return []
            self.report.counts["lists"] += 1
            return [OrderedList(tuple(items), int(start),
                                _first_source(items[0]))]
        if t == "DefinitionList":
            out: list[Block] = []
            for term, defs in c:
                children = self.finish(self.inlines(term))
                if children:
                    out.append(Paragraph((Strong(children),),
                                         self._src(plain(term))))
                for d in defs:
                    out.extend(self.blocks(d))
            self.report.counts["definition-lists"] += 1
            return out
        if t == "CodeBlock":
            return self.example(c[1])
        if t == "RawBlock":
            return self.raw_block(c[0], c[1])
        if t == "HorizontalRule":
            self.report.counts["thematic-breaks"] += 1
            return [ThematicBreak(Source(self.file, self.line))]
        if t == "Table":
            return self.table(c)
        if t == "Figure":
            _attr_, caption, body = c
            out = self.blocks(body)
            cap = self.blocks(caption[1]) if caption and caption[1] else []
            return out + [self._emph_block(b) for b in cap]
        if t == "Div":
            return self.div(c)
        if t == "Null":
            return []
        self.dropped[f"unknown pandoc block {t}"] += 1
        return []

    def _emph_block(self, b: Block) -> Block:
        if isinstance(b, Paragraph):
            return replace(b, children=(Emph(b.children),))
        return b

    def verse_lines(self, lines: list[list[PandocNode]]) -> list[Block]:
        stanzas: list[list[list[PandocNode]]] = [[]]
        for line in lines:
            if not line or not plain(line).strip():
                if stanzas[-1]:
                    stanzas.append([])
                continue
            stanzas[-1].append(line)
        paras: list[Block] = []
        for st in stanzas:
            if not st:
                continue
            inl: list[PandocNode] = []
            for i, line in enumerate(st):
                if i:
                    inl.append({"t": "LineBreak"})
                inl.extend(line)
            paras.extend(self.para(inl))
        if not paras:
            return []
        self.report.counts["verse"] += 1
        return [Division("verse", tuple(paras), "", _first_source(paras))]

    def example(self, text: str) -> list[Block]:
        lines = text.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        inl: list[Inline] = []
        for i, line in enumerate(lines):
            if i:
                inl.append(LineBreak())
            if line:
                inl.append(Code(line))
        if not inl:
            return []
        self.report.counts["examples"] += 1
        return [Division("example", (Paragraph(tuple(inl), self._src(text)),),
                         "", Source(self.file, self.line))]

    def raw_block(self, fmt: str, text: str) -> list[Block]:
        if fmt == "html":
            from lxml import html as lhtml

            stripped = text.strip()
            if not stripped or stripped.startswith("<!--"):
                if stripped:
                    self.report.remove("comment", stripped, self.line)
                return []
            try:
                frag = lhtml.fragment_fromstring(stripped, create_parent="div")
                content = " ".join(frag.text_content().split())
            except Exception:  # lxml raises several kinds on bad HTML
                content = ""
            tag = re.match(r"</?\s*([A-Za-z][\w:-]*)", stripped)
            self.dropped[f"html <{tag.group(1).lower() if tag else '?'}>"] += 1
            if content:
                return [Paragraph((Text(content),), self._src(content))]
            return []
        self.report.remove("markup", f"{fmt}: {text}", self.line)
        return []

    def table(self, c: Json) -> list[Block]:
        return convert_table(self, c)

    def div(self, c: Json) -> list[Block]:
        attr, body = c
        ident, classes, kv = _attr(attr)
        low = {x.lower() for x in classes}
        if low & VERSE_CLASSES:
            inner: list[Block] = []
            for b in self.blocks(_join_line_divs(body)):
                # a poem's stanzas, each marked verse: one verse division
                if isinstance(b, Division) and b.role == "verse":
                    inner.extend(b.blocks)
                    self.report.counts["verse"] -= 1
                else:
                    inner.append(b)
            heads: list[Block] = []
            while inner and isinstance(inner[0], Heading):
                heads.append(inner.pop(0))  # a poem's title stays a heading
            if not inner:
                return heads
            self.report.counts["verse"] += 1
            return heads + [Division("verse", tuple(inner), "",
                                     _first_source(inner))]
        align = next((ALIGN_CLASSES[x] for x in low if x in ALIGN_CLASSES), "")
        if "pmph-file" in low:
            return self.blocks(body)
        if low & {"title-page", "transcriber-note"}:
            # a Gutenberg page's, set apart (.lead)
            role = "title-page" if "title-page" in low else "transcriber-note"
            inner = self.blocks(body)
            credit = "Transcriber’s note" if role != "title-page" else ""
            return [Division(role, tuple(inner), credit,
                             _first_source(inner))] if inner else []
        if ident.startswith("pmph-align-"):
            align, ident = ident.split("-")[2], ""
        elif low & {"biblio", "play"}:
            self.report.counts[f"muse-{sorted(low & {'biblio', 'play'})[0]}"] += 1
            return self.blocks(body)
        if align:
            inner = self.blocks(body)
            if not inner:
                return []
            self.report.counts[f"align-{align}"] += 1
            return [Division(align, tuple(inner), "", _first_source(inner))]
        if ident or classes or kv:
            self._drop_attr("div", classes, kv, ident)
        return self.blocks(body)

    def _drop_attr(self, what: str, classes: list[str], kv: dict[str, str],
                   ident: str = "") -> None:
        parts = [what]
        parts += ["." + x for x in classes]
        if "style" in kv:
            parts.append("[style]")
        parts += [f"[{k}]" for k in sorted(kv) if k != "style"]
        if ident and not classes and not kv:
            parts.append("#id")
        self.dropped[" ".join(parts)] += 1

    # -- inlines ----------------------------------------------------------

    def inlines(self, nodes: list[PandocNode]) -> list[Inline]:
        out: list[Inline] = []
        raw_stack: list[tuple[str, str, list[Inline]]] = []
        for n in nodes:
            if n.get("t") == "RawInline" and n["c"][0] == "html":
                self._raw_inline(n["c"][1], out, raw_stack)
                continue
            target = raw_stack[-1][2] if raw_stack else out
            target.extend(self.inline(n))
        while raw_stack:  # unclosed raw tags: their content stays
            tag, _, items = raw_stack.pop()
            self.dropped[f"html <{tag}> never closed"] += 1
            (raw_stack[-1][2] if raw_stack else out).extend(items)
        return out

    _RAW_TAG = re.compile(r"(?is)^<\s*(/)?\s*([a-z][\w:-]*)([^>]*?)(/)?\s*>$")

    def _raw_inline(self, text: str, out: list[Inline],
                    stack: list[tuple[str, str, list[Inline]]]) -> None:
        """Raw HTML inside another format (a wiki's ``<a href>``)."""
        target = stack[-1][2] if stack else out
        m = self._RAW_TAG.match(text.strip())
        if not m:
            if text.strip().startswith("<!--"):
                self.report.remove("comment", text, self.line)
            else:
                self.dropped["raw html"] += 1
            return
        closing, tag, attrs, selfclose = m.groups()
        tag = tag.lower()
        if tag == "br":
            target.append(LineBreak())
            return
        if tag in ("img", "wbr", "hr") or selfclose:
            if tag == "img":
                alt = re.search(r'(?i)\balt\s*=\s*"([^"]*)"', attrs)
                src = re.search(r'(?i)\bsrc\s*=\s*"([^"]*)"', attrs)
                self.report.remove("image", src.group(1) if src else text,
                                   self.line)
                if alt and not _NO_ALT.match(alt.group(1)):
                    target.append(Emph((Text(alt.group(1)),)))
                elif alt and alt.group(1).strip():
                    self.report.remove("image", alt.group(1), self.line)
            else:
                self.dropped[f"html <{tag}>"] += 1
            return
        if not closing:
            stack.append((tag, attrs, []))
            return
        # A closing tag: close the innermost open one of that name.
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == tag:
                break
        else:
            self.dropped[f"html </{tag}> closing nothing"] += 1
            return
        while len(stack) > i + 1:  # tags left open inside: unwrap them
            t2, _, items = stack.pop()
            self.dropped[f"html <{t2}> never closed"] += 1
            stack[-1][2].extend(items)
        t2, attrs, items = stack.pop()
        parent = stack[-1][2] if stack else out
        href = re.search(r'(?i)\bhref\s*=\s*["\']([^"\']*)["\']', attrs)
        if tag in ("i", "em", "cite", "u"):
            parent.append(Emph(tuple(items)))
        elif tag in ("b", "strong"):
            parent.append(Strong(tuple(items)))
        elif tag == "sup":
            parent.append(Sup(tuple(items)))
        elif tag == "a" and href:
            parent.extend(self._link(href.group(1), items))
        else:
            self.dropped[f"html <{tag}>"] += 1
            parent.extend(items)

    def _link(self, url: str, children: list[Inline]) -> list[Inline]:
        if not children:
            self.dropped["empty link"] += 1
            return []
        if _SAFE_URL.match(url):
            self.report.counts["links"] += 1
            return [Link(url, tuple(children))]
        self.dropped["link inside the source (text kept)"] += 1
        path, _, fragment = url.partition("#")
        label = "".join(x.text for x in children if isinstance(x, Text))
        if path and _NOTE_ID.search(fragment) and len(children) == 1 and \
                _CALL_LABEL.match(label):
            self.foreign_calls.setdefault(path, []).append((label, self.line))
        return children

    def new_label(self) -> str:
        self.last_label += 1
        return str(self.last_label)

    def inline(self, node: PandocNode) -> list[Inline]:
        t = node.get("t")
        c: Json = node.get("c")
        if t == "Str":
            return [Text(c)]
        if t in ("Space", "SoftBreak"):
            return [Text(" ")]
        if t == "LineBreak":
            return [LineBreak()]
        if t in ("Emph", "Underline"):
            if t == "Underline":
                self.report.counts["underline-as-emphasis"] += 1
            return [Emph(tuple(self.inlines(c)))]
        if t == "Strong":
            return [Strong(tuple(self.inlines(c)))]
        if t == "SmallCaps":
            return [SmallCaps(tuple(self.inlines(c)))]
        if t == "Superscript":
            return [Sup(tuple(self.inlines(c)))]
        if t in ("Subscript", "Strikeout"):
            self.report.counts[f"{t.lower()}-as-text"] += 1
            return self.inlines(c)
        if t == "Quoted":
            q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
            return [Text(q[0]), *self.inlines(c[1]), Text(q[1])]
        if t == "Cite":
            return self.inlines(c[1])
        if t == "Code":
            return [Code(c[1])]
        if t == "Math":
            # TeX source, kept as written: set as text, typography made its
            # minus signs dashes ("b^2 - 4ac" read "b^2—4ac").
            self.report.counts["math-as-code"] += 1
            return [Code(c[1])]
        if t == "RawInline":
            fmt, text = c
            if text.strip():
                self.report.remove("markup", f"{fmt}: {text}", self.line)
            return []
        if t == "Link":
            attr, children, (url, _title) = c
            return self._link(url, self.inlines(children))
        if t == "Image":
            attr, alt, (url, _title) = c
            self.report.counts["images"] += 1
            self.report.remove("image", url, self.line)
            if _NO_ALT.match(plain(alt)):
                if plain(alt).strip():  # "Image": says nothing of it
                    self.report.remove("image", plain(alt), self.line)
                return []
            kids = self.inlines(alt)
            return [Emph(tuple(kids))]
        if t == "Note":
            return [self.note_call(None, c)]
        if t == "Span":
            return self.span(c)
        self.dropped[f"unknown pandoc inline {t}"] += 1
        return []

    def note_call(self, key: str | None, blocks: list[PandocNode]) -> NoteRef:
        if key is not None and key in self.labels:
            return NoteRef(self.labels[key])
        label = self.new_label()
        if key is not None:
            self.labels[key] = label
        line = self.line
        self.note_depth += 1
        inner = self.blocks(blocks)
        self.note_depth -= 1
        self.notes.append(Note(label, tuple(inner), missing=not inner,
                               source=Source(self.file, line)))
        if not inner:
            self.report.problem("PANDOC003", f"note {label} has no text",
                                line)
        self.report.counts["notes"] += 1
        return NoteRef(label)

    def span(self, c: Json) -> list[Inline]:
        attr, children = c
        ident, classes, kv = _attr(attr)
        low = {x.lower() for x in classes}
        if NOTE_CALL_CLASS in low:
            key = kv.get("n", "")
            if key in self.marked_notes:
                return [self.note_call(key, self.marked_notes[key])]
            return []
        if any(_LINE_NUMBER_CLASS.match(x) for x in low) and \
                plain(children).strip().isdigit():
            # a verse line's number, set in the margin ("lnum", Project
            # Gutenberg's "linenum"): not a word of the line it ends
            self.report.remove("line-number", plain(children).strip(),
                               self.line)
            return []
        kids = self.inlines(children)
        if "smallcaps" in low or "small-caps" in low or \
                _SMALLCAPS_STYLE.search(kv.get("style", "")):
            return [SmallCaps(tuple(kids))]
        if "underline" in low or "ul" in low:
            return [Emph(tuple(kids))]
        if ident or classes or kv:
            self._drop_attr("span", classes, kv, ident)
        return kids

    # -- finishing a run of inlines ----------------------------------------

    def finish(self, items: list[Inline]) -> tuple[Inline, ...]:
        """Whitespace folded and trimmed, typography applied across inline
        boundaries, empty containers dropped."""
        nodes = _clean(items)
        nodes = _trim(nodes)
        if not nodes:
            return ()
        # Typography per line (a verse line's indentation stays), across
        # the inline boundaries within it.
        segments: list[list[Inline]] = [[]]
        for node in nodes:
            if isinstance(node, LineBreak):
                segments.append([])
            else:
                segments[-1].append(node)
        out: list[Inline] = []
        for i, seg in enumerate(segments):
            if i:
                out.append(LineBreak())
            leaves: list[str] = []
            _collect(seg, leaves)
            if leaves:
                fixed, counts = typography(SEP.join(leaves))
                self.report.add_counts(counts)
                parts = fixed.split(SEP)
                if len(parts) == len(leaves):
                    seg = _rebuild(seg, iter(parts))
            out.extend(seg)
        return tuple(_clean(_glue_calls(out)))


_NO_ALT = re.compile(r"(?i)^\s*(?:(?:an?\s+)?(?:(?:cover|title|front|book)\s+)?"
                     r"(?:image|img|picture|pic|photo|figure|fig\.?|graphic|"
                     r"illustration|illus\.?|illo|cover|logo|icon|decoration|"
                     r"ornament)(?:\s*[-_]?\s*\d+)?|[\w-]+\.(?:jpe?g|png|gif|svg|webp)"
                     r"|[\w-]+\s*\(\d{1,6}\s?K\))?\s*$")
"""An image's ``alt`` that says nothing of it ("Image", "image1.png",
calibre's and word processors' defaults, Project Gutenberg's file name and
size "titlepage (155K)"): not kept as text."""


def _split_lines(inlines: list[PandocNode]) -> list[list[PandocNode]]:
    """pandoc inlines cut at their line breaks."""
    lines: list[list[PandocNode]] = [[]]
    for node in inlines:
        if node.get("t") == "LineBreak":
            lines.append([])
        else:
            lines[-1].append(node)
    return lines
