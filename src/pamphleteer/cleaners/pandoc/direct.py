"""Headings a writer made by hand in a word processor: a short line typed
in bold and a larger size (or in a much larger size), not given a heading
style.  Pandoc's DOCX and ODT readers know a heading only by its style
and read such a line as a paragraph in bold (the size is lost), so the
file is read here first: every paragraph's letters, their size and
weight (direct formatting, character and paragraph styles, the
document's defaults), and the short lines set apart so become headings,
their levels from their sizes (counted, ``direct-headings``).

A short line wholly in bold at the text's own size is a weaker sign (a
label, an address, a line of emphasis are set so too): in a document
with no heading of any other kind, such lines standing alone between
paragraphs are read as headings and said (``PANDOC018``, naming them
with their lines).

A passage typed smaller than the text and not indented, between
paragraphs of the text's size, is indented here, so that pandoc reads it
as the quotation it is (said, ``PANDOC020``)."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any, Callable, Iterator

from ...report import CleaningReport
from .direct_rules import (_LETTER, Head, Par, decide, report_headings,
                           report_quotes, small_quotes, title_page)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"

# Word's and LibreOffice's names of styles pandoc or the ODT pre-pass
# already read as headings or as the title, or as something else (a
# definition list's term, a quotation, a caption, code, an abstract)
_HEADING_NAME = re.compile(r"(?i)heading[ _]?(?:20_)?\d|title|subtitle")
_MEANT = re.compile(r"(?i)(?:heading|title|subtitle|definition|quot|block ?text"
                    r"|caption|source ?code|abstract|author|date|"
                    r"bibliograph|list|toc|contents|index|header|footer|"
                    r"footnote|endnote|table|figure|drawing)")


# --------------------------------------------------------------------------
# reading the packages
# --------------------------------------------------------------------------

def _xml(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                  huge_tree=True))


def _rezip(data: bytes, changed: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            z.writestr(info, changed.get(info.filename) or
                       src.read(info.filename),
                       compress_type=info.compress_type)
    return out.getvalue()


def _first_line(xml: bytes, body_tag: bytes) -> int:
    """The line the body's first paragraph is on in the reader's text of
    the document (one line a paragraph, after the lines before the
    body)."""
    at = xml.find(body_tag)
    return xml[:at if at >= 0 else 0].count(b"\n") + 1


def _on(el: Any) -> bool | None:
    if el is None:
        return None
    return el.get(f"{W}val", "true").lower() not in ("0", "false", "off")


class _DocxStyles:
    def __init__(self, styles: Any):
        self.by_id: dict[str, Any] = {}
        self._found: dict[tuple[str, str], Any] = {}
        self._heading: dict[tuple[str, bool], bool] = {}
        self.default_para = ""
        self.size = 10.0
        self.headings = False
        if styles is None:
            return
        for st in styles.iter(f"{W}style"):
            sid = st.get(f"{W}styleId", "")
            self.by_id[sid] = st
            if st.get(f"{W}type") == "paragraph" and \
                    st.get(f"{W}default") in ("1", "true"):
                self.default_para = sid
        sz = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        if sz is not None and (sz.get(f"{W}val") or "").isdigit():
            self.size = int(sz.get(f"{W}val")) / 2

    def chain(self, sid: str) -> Iterator[Any]:
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(f"{W}basedOn")
            sid = based.get(f"{W}val", "") if based is not None else ""

    def find(self, sid: str, path: str) -> Any:
        key = (sid, path)
        if key not in self._found:
            self._found[key] = next((el for st in self.chain(sid)
                                     if (el := st.find(path)) is not None),
                                    None)
        return self._found[key]

    def is_heading(self, sid: str, meant: Any = _HEADING_NAME) -> bool:
        """Whether a paragraph style is a heading's (by its name or an
        outline level); given ``_MEANT``, also any style pandoc reads as
        something other than a paragraph."""
        key = (sid, meant is _MEANT)
        if key not in self._heading:
            self._heading[key] = self._is_heading(sid, meant)
        return self._heading[key]

    def _is_heading(self, sid: str, meant: Any) -> bool:
        for st in self.chain(sid):
            name = st.find(f"{W}name")
            value = name.get(f"{W}val", "") if name is not None else ""
            if _HEADING_NAME.fullmatch(value) or (
                    meant is _MEANT and _MEANT.search(value)):
                return True
            if st.find(f"{W}pPr/{W}outlineLvl") is not None:
                return True
        return False


def _docx_pars(doc: Any, styles: _DocxStyles, first: int) -> list[Par]:
    pars: list[Par] = []
    for n, p in enumerate(doc.iter(f"{W}p")):
        ppr = p.find(f"{W}pPr")
        pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
        sid = pstyle.get(f"{W}val", "") if pstyle is not None \
            else styles.default_para
        # not a drop cap nor any framed paragraph
        eligible = not styles.is_heading(sid, _MEANT) and \
            (ppr is None or (ppr.find(f"{W}numPr") is None and
                             ppr.find(f"{W}outlineLvl") is None and
                             ppr.find(f"{W}framePr") is None)) and \
            styles.find(sid, f"{W}pPr/{W}numPr") is None and \
            not any(a.tag in (f"{W}tbl", f"{W}txbxContent", f"{W}p")
                    for a in p.iterancestors())
        sizes: list[tuple[float, int]] = []
        bold, words = True, []
        for r in p.iter(f"{W}r"):
            if _in_textbox(r, p):
                continue
            text = "".join(t.text or "" for t in r.iter(f"{W}t"))
            words.append(text)
            letters = len(_LETTER.findall(text))
            if not letters:
                continue
            rpr = r.find(f"{W}rPr")
            rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
            rsid = rstyle.get(f"{W}val", "") if rstyle is not None else ""
            sz = _direct(rpr, "sz")
            if sz is None:
                el = styles.find(rsid, f"{W}rPr/{W}sz") if rsid else None
                el = el if el is not None else \
                    styles.find(sid, f"{W}rPr/{W}sz")
                sz = el.get(f"{W}val") if el is not None else None
            size = int(sz) / 2 if sz and sz.isdigit() else styles.size
            b = _on(rpr.find(f"{W}b")) if rpr is not None else None
            if b is None and rsid:
                b = _on(styles.find(rsid, f"{W}rPr/{W}b"))
            if b is None:
                b = _on(styles.find(sid, f"{W}rPr/{W}b"))
            bold = bold and bool(b)
            sizes.append((size, letters))
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        jc = jc if jc is not None else styles.find(sid, f"{W}pPr/{W}jc")
        ind = ppr.find(f"{W}ind") if ppr is not None else None
        ind = ind if ind is not None else styles.find(sid, f"{W}pPr/{W}ind")
        pars.append(Par("".join(words), sizes, bold and bool(sizes),
                        eligible, first + n, p,
                        jc is not None and jc.get(f"{W}val") == "center",
                        _twips(ind, "left", "start") -
                        _twips(ind, "hanging") > 0))
    return pars


def _twips(ind: Any, *names: str) -> int:
    for name in names:
        v = ind.get(f"{W}{name}") if ind is not None else None
        if v and v.lstrip("-").isdigit():
            return int(v)
    return 0


def _in_textbox(r: Any, p: Any) -> bool:
    for a in r.iterancestors():
        if a is p:
            return False
        if a.tag == f"{W}txbxContent":
            return True
    return False


def _direct(rpr: Any, name: str) -> str | None:
    if rpr is None:
        return None
    el = rpr.find(f"{W}{name}")
    return el.get(f"{W}val") if el is not None else None


def docx_direct_headings(data: bytes, report: CleaningReport
                         ) -> tuple[bytes, Head | None]:
    """The DOCX with the lines set as headings by hand given heading
    styles of their levels (styles named "heading N", added), so that
    pandoc reads them as headings."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
            styles_xml = z.read("word/styles.xml")
        doc, styles_root = _xml(xml), _xml(styles_xml)
    except Exception:   # a broken file is pandoc's to refuse, naming it
        return data, None
    styles = _DocxStyles(styles_root)
    pars = _docx_pars(doc, styles, _first_line(xml, b"<w:body"))
    styled = any(styles.is_heading(
        (p.element.find(f"{W}pPr/{W}pStyle").get(f"{W}val", "")
         if p.element.find(f"{W}pPr/{W}pStyle") is not None else
         styles.default_para)) and p.text.strip() for p in pars)
    levels, weak = decide(pars, styled)
    quotes = small_quotes(pars, levels)
    if not levels and not quotes:
        return data, None
    head = title_page(pars, levels) if levels else None
    from lxml import etree

    for run in quotes:        # indented, as pandoc reads a quotation
        for i in run:
            p = pars[i].element
            ppr = p.find(f"{W}pPr")
            if ppr is None:
                ppr = etree.Element(f"{W}pPr")
                p.insert(0, ppr)
            ind = ppr.find(f"{W}ind")
            if ind is None:
                ind = etree.SubElement(ppr, f"{W}ind")
            ind.set(f"{W}left", "720")
            ind.attrib.pop(f"{W}start", None)
            ind.attrib.pop(f"{W}hanging", None)
    report_quotes(pars, quotes, report)
    for level in sorted(set(levels.values())):
        st = etree.SubElement(styles_root, f"{W}style")
        st.set(f"{W}type", "paragraph")
        st.set(f"{W}customStyle", "1")
        st.set(f"{W}styleId", f"PamphleteerHeading{level}")
        etree.SubElement(st, f"{W}name").set(f"{W}val", f"heading {level}")
    for i, level in levels.items():
        p = pars[i].element
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.Element(f"{W}pPr")
            p.insert(0, ppr)
        ps = ppr.find(f"{W}pStyle")
        if ps is None:
            ps = etree.Element(f"{W}pStyle")
            ppr.insert(0, ps)
        ps.set(f"{W}val", f"PamphleteerHeading{level}")
    report_headings(pars, levels, weak, report)
    return _rezip(data, {
        "word/document.xml": etree.tostring(doc, xml_declaration=True,
                                            encoding="UTF-8",
                                            standalone=True),
        "word/styles.xml": etree.tostring(styles_root, xml_declaration=True,
                                          encoding="UTF-8", standalone=True)}
                  ), head


# --------------------------------------------------------------------------
# ODT
# --------------------------------------------------------------------------

_PT = re.compile(r"(-?[\d.]+)\s*(pt|%|in|cm|mm|px)?")
QUOTE_MM = 5.0     # pandoc's least left margin of a quotation
_TO_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4,
          "px": 0.75, None: 1.0}


class _OdfStyles:
    def __init__(self, roots: list[Any]):
        self.by_name: dict[tuple[str, str], Any] = {}
        self.size = 12.0
        self.bold = False
        for root in roots:
            for st in root.iter(f"{STYLE}style"):
                self.by_name[(st.get(f"{STYLE}family", ""),
                              st.get(f"{STYLE}name", ""))] = st
            for st in root.iter(f"{STYLE}default-style"):
                if st.get(f"{STYLE}family") == "paragraph":
                    tp = st.find(f"{STYLE}text-properties")
                    size = self._pt(tp.get(f"{FO}font-size") if tp is not
                                    None else None, 12.0)
                    self.size = size or 12.0

    @staticmethod
    def _pt(value: str | None, parent: float) -> float | None:
        m = _PT.fullmatch((value or "").strip())
        if not m:
            return None
        if m.group(2) == "%":
            return parent * float(m.group(1)) / 100
        return float(m.group(1)) * _TO_PT[m.group(2)]

    def _chain(self, family: str, name: str) -> list[Any]:
        out: list[Any] = []
        while name and (family, name) in self.by_name and len(out) < 30:
            st = self.by_name[(family, name)]
            if st in out:
                break
            out.append(st)
            name = st.get(f"{STYLE}parent-style-name", "")
        return out

    def text_props(self, family: str, name: str, size: float, bold: bool
                   ) -> tuple[float, bool]:
        """Size and weight of a style over the given inherited ones."""
        for st in reversed(self._chain(family, name)):
            tp = st.find(f"{STYLE}text-properties")
            if tp is None:
                continue
            size = self._pt(tp.get(f"{FO}font-size"), size) or size
            w = tp.get(f"{FO}font-weight")
            if w:
                bold = w == "bold" or (w.isdigit() and int(w) >= 600)
        return size, bold

    def margin(self, name: str) -> float:
        """A paragraph style's left margin in millimetres."""
        for st in self._chain("paragraph", name):
            pp = st.find(f"{STYLE}paragraph-properties")
            m = self._pt(pp.get(f"{FO}margin-left") if pp is not None
                         else None, 0.0)
            if m is not None:
                return m * 25.4 / 72
        return 0.0

    def indented_copy(self, name: str, auto: Any) -> str:
        """The name of a new automatic style: ``name`` with a left margin
        of 10 mm."""
        from lxml import etree

        st = self.by_name.get(("paragraph", name))
        new = etree.SubElement(auto, f"{STYLE}style")
        new.set(f"{STYLE}name", f"PamphleteerQuote{len(auto)}")
        new.set(f"{STYLE}family", "paragraph")
        if st is not None and st.getparent() is auto:
            for k, v in st.attrib.items():
                if k != f"{STYLE}name":
                    new.set(k, v)
            for child in st:
                new.append(copy.deepcopy(child))
        elif name:
            new.set(f"{STYLE}parent-style-name", name)
        pp = new.find(f"{STYLE}paragraph-properties")
        if pp is None:
            pp = etree.SubElement(new, f"{STYLE}paragraph-properties")
        pp.set(f"{FO}margin-left", "10mm")
        return str(new.get(f"{STYLE}name"))

    def centred(self, name: str) -> bool:
        for st in self._chain("paragraph", name):
            pp = st.find(f"{STYLE}paragraph-properties")
            align = pp.get(f"{FO}text-align") if pp is not None else None
            if align:
                return align == "center"
        return False

    def is_heading(self, name: str) -> bool:
        """Whether a paragraph style is a heading's, or one pandoc reads
        as something other than a paragraph (a quotation, a caption)."""
        for st in self._chain("paragraph", name):
            names = (st.get(f"{STYLE}name", ""),
                     st.get(f"{STYLE}display-name", ""))
            if any(_HEADING_NAME.fullmatch(n) or _MEANT.search(n)
                   for n in names) or \
                    st.get(f"{STYLE}default-outline-level"):
                return True
        return False


_ODF_OUT = {f"{TEXT}list", f"{TABLE}table-cell", f"{TEXT}note",
            f"{DRAW}frame", f"{DRAW}custom-shape", f"{OFFICE}annotation",
            f"{TEXT}index-body", f"{TEXT}h", f"{TEXT}p"}
_ODF_SKIP = {f"{TEXT}note", f"{DRAW}frame", f"{DRAW}custom-shape",
             f"{OFFICE}annotation", f"{TEXT}tracked-changes"}


def _odt_runs(el: Any, styles: _OdfStyles, size: float, bold: bool,
              out: list[tuple[str, float, bool]]) -> None:
    if el.text:
        out.append((el.text, size, bold))
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag not in _ODF_SKIP:
            s, b = size, bold
            if tag == f"{TEXT}span":
                s, b = styles.text_props(
                    "text", child.get(f"{TEXT}style-name", ""), size, bold)
            _odt_runs(child, styles, s, b, out)
        if child.tail:
            out.append((child.tail, size, bold))


def _odt_pars(root: Any, styles: _OdfStyles, first: int) -> list[Par]:
    pars: list[Par] = []
    for n, p in enumerate(root.iter(f"{TEXT}p", f"{TEXT}h")):
        name = p.get(f"{TEXT}style-name", "")
        size, bold = styles.text_props("paragraph", name, styles.size,
                                       styles.bold)
        runs: list[tuple[str, float, bool]] = []
        _odt_runs(p, styles, size, bold, runs)
        sizes = [(s, len(_LETTER.findall(t))) for t, s, _ in runs]
        lettered = [b for t, _, b in runs if _LETTER.search(t)]
        eligible = p.tag == f"{TEXT}p" and not styles.is_heading(name) and \
            not any(a.tag in _ODF_OUT for a in p.iterancestors())
        pars.append(Par("".join(t for t, _, _ in runs),
                        [x for x in sizes if x[1]],
                        bool(lettered) and all(lettered), eligible,
                        first + n, p, styles.centred(name),
                        styles.margin(name) > QUOTE_MM))
    return pars


def odt_direct_headings(data: bytes, report: CleaningReport
                        ) -> tuple[bytes, Head | None]:
    """The ODT with the lines set as headings by hand made headings
    (``text:h`` of their levels)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("content.xml")
            names = set(z.namelist())
            styles_xml = z.read("styles.xml") if "styles.xml" in names \
                else None
        root = _xml(xml)
        roots = [root] + ([_xml(styles_xml)] if styles_xml else [])
    except Exception:
        return data, None
    styles = _OdfStyles(roots)
    body = root.find(f"{OFFICE}body")
    if body is None:
        return data, None
    pars = _odt_pars(body, styles, _first_line(xml, b"<office:body"))
    styled = any(p.element.tag == f"{TEXT}h" and p.text.strip()
                 for p in pars)
    levels, weak = decide(pars, styled)
    quotes = small_quotes(pars, levels)
    if not levels and not quotes:
        return data, None
    head = title_page(pars, levels) if levels else None
    from lxml import etree

    auto = root.find(f"{OFFICE}automatic-styles")
    if auto is None:
        auto = etree.Element(f"{OFFICE}automatic-styles")
        body.addprevious(auto)
    for run in quotes:        # indented, as pandoc reads a quotation
        for i in run:
            p = pars[i].element
            p.set(f"{TEXT}style-name", styles.indented_copy(
                p.get(f"{TEXT}style-name", ""), auto))
    report_quotes(pars, quotes, report)
    for i, level in levels.items():
        p = pars[i].element
        p.tag = f"{TEXT}h"
        p.set(f"{TEXT}outline-level", str(level))
    report_headings(pars, levels, weak, report)
    return _rezip(data, {"content.xml": etree.tostring(
        root, xml_declaration=True, encoding="UTF-8")}), head


def unwrap_strong_headings(blocks: list[Any],
                           plain: Callable[[Any], str]) -> None:
    """A heading whose every word is in bold (typed so, by hand or by a
    character style) is a heading, not a heading in bold: pandoc's
    ``Header [Strong [...]]`` loses its ``Strong``."""
    for b in blocks:
        if b.get("t") != "Header":
            continue
        inl = b["c"][2]
        kids = [x for x in inl if x.get("t") not in ("Space", "SoftBreak")]
        if len(kids) == 1 and kids[0].get("t") == "Strong" and \
                plain(kids[0]["c"]).strip():
            b["c"][2] = kids[0]["c"]
