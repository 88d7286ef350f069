"""Paragraphs of an ODT set with a hanging indentation (the first line at
the margin, the others indented: a bibliography's entries, a numbered
paragraph typed with a tab) are no quotations.  Pandoc's ODT reader makes
a quotation of any paragraph whose style, or a style it derives from,
sets a left margin over 5 mm, whatever the first line's indentation; its
DOCX reader takes the hanging indentation off first.  Such a paragraph
is given copies of its styles without the left margin, which is all the
change (counted, ``hanging-indents``)."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

from ...report import CleaningReport

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"

_LENGTH = re.compile(r"(-?[\d.]+)\s*(mm|cm|in|pt|pc|px)")
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6,
       "px": 25.4 / 96}
QUOTE_MM = 5.0          # pandoc's least indentation of a quotation


def _mm(value: str | None) -> float | None:
    m = _LENGTH.fullmatch((value or "").strip())
    return float(m.group(1)) * _MM[m.group(2)] if m else None


def _props(st: Any, name: str) -> float | None:
    pp = st.find(f"{STYLE}paragraph-properties")
    return _mm(pp.get(f"{FO}{name}")) if pp is not None else None


def odt_hanging(data: bytes, report: CleaningReport) -> bytes:
    """The ODT with its hanging paragraphs' styles copied without their
    left margins, so that pandoc reads them as paragraphs."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            content = z.read("content.xml")
            named = z.read("styles.xml") if "styles.xml" in z.namelist() \
                else None
        parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
        root = etree.fromstring(content, parser)
        roots = [root] + ([etree.fromstring(named, parser)] if named else [])
    except Exception:   # a broken file is pandoc's to refuse, naming it
        return data
    styles: dict[str, Any] = {}
    for r in reversed(roots):      # the content's automatic styles last
        for st in r.iter(f"{STYLE}style"):
            if st.get(f"{STYLE}family") == "paragraph":
                styles[st.get(f"{STYLE}name", "")] = st
    auto = root.find(f"{OFFICE}automatic-styles")
    body = root.find(f"{OFFICE}body")
    if auto is None or body is None:
        return data

    def chain(name: str) -> list[Any]:
        out: list[Any] = []
        while name in styles and styles[name] not in out and len(out) < 30:
            out.append(styles[name])
            name = styles[name].get(f"{STYLE}parent-style-name", "")
        return out

    clones: dict[str, str] = {}
    count = 0
    for p in body.iter(f"{TEXT}p", f"{TEXT}h"):
        if any(a.tag == f"{TEXT}list" for a in p.iterancestors()):
            continue          # pandoc leaves a list's indentation alone
        name = p.get(f"{TEXT}style-name", "")
        if name not in clones:
            clones[name] = _unhung(name, chain(name), auto, etree)
        if clones[name] != name:
            p.set(f"{TEXT}style-name", clones[name])
            count += 1
    if not count:
        return data
    report.counts["hanging-indents"] += count
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            z.writestr(info, etree.tostring(root, xml_declaration=True,
                                            encoding="UTF-8")
                       if info.filename == "content.xml"
                       else src.read(info.filename),
                       compress_type=info.compress_type)
    return out.getvalue()


def _unhung(name: str, styles: list[Any], auto: Any, etree: Any) -> str:
    """The name of a copy of the style ``name`` (and of those it derives
    from, up to the last setting a quotation's margin) without the left
    margin, when its first line starts at the margin; else ``name``."""
    margins = [_props(st, "margin-left") for st in styles]
    quoted = [k for k, m in enumerate(margins) if m is not None and
              m > QUOTE_MM]
    if not quoted:
        return name
    margin = next((m for m in margins if m is not None), 0.0)
    indent = next((i for st in styles
                   if (i := _props(st, "text-indent")) is not None), 0.0)
    if margin + indent > QUOTE_MM:
        return name           # indented: a quotation as pandoc reads it
    top = max(quoted)
    parent = styles[top].get(f"{STYLE}parent-style-name")
    new = ""
    for k in range(top, -1, -1):
        st = copy.deepcopy(styles[k])
        new = f"PamphleteerUnhung{len(auto)}"
        st.set(f"{STYLE}name", new)
        st.attrib.pop(f"{STYLE}display-name", None)
        if parent:
            st.set(f"{STYLE}parent-style-name", parent)
        pp = st.find(f"{STYLE}paragraph-properties")
        if pp is not None and pp.get(f"{FO}margin-left") is not None:
            pp.set(f"{FO}margin-left", "0mm")
        auto.append(st)
        parent = new
    return new
