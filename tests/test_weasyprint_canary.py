"""A canary for the WeasyPrint internals pamphleteer relies on.

``render/hooks.py``, ``render/segment_job.py`` and ``render/pdf.py`` patch
or read private parts of WeasyPrint (pinned in pyproject to the 70 series,
the one tested):

- ``weasyprint.pdf.resolve_links`` (``hooks.keep_links``: links into other
  segments are kept as named destinations);
- ``weasyprint.layout.make_margin_boxes`` and ``context.page_maker``
  (``hooks.numbered_later``: a segment is paginated before its first page
  number is known);
- ``weasyprint.layout.block.block_level_layout``, called by that module's
  name from ``_in_flow_layout``, ``context.forced_break`` and
  ``context.page_maker[i][1]["break"]`` (``hooks.heading_space_at_page_top``);
- ``weasyprint.layout.make_all_pages`` (``notecheck.NoteGuard`` and
  ``trial.paginate_only`` read the page boxes as they are made);
- ``weasyprint.pdf.metadata.uuid4`` (``fixed_xmp_ids``: reproducible
  PDF/X ids);
- ``weasyprint.layout.page._update_page_groups`` (``hooks.
  continued_page_group``: a piece of a long text continues its section's
  page group);
- ``Page.anchors``, ``Page.links``, ``Page.bookmarks``, ``Page._page_box``
  (its ``descendants()`` and ``style["break_before"]``), ``Document.copy``,
  ``Document.metadata`` and the finisher's pydyf ``pdf.pages["Kids"]`` and
  ``pdf.objects``.

When a WeasyPrint upgrade changes any of them, these tests fail naming the
function to look at, before a book comes out subtly wrong (links dropped,
folios off by a segment, PDFs that differ between builds).
"""

from __future__ import annotations

import inspect
import io
import uuid

import pypdf
import weasyprint
import weasyprint.layout as wlayout
from weasyprint import HTML
from weasyprint import pdf as wpdf
from weasyprint.document import Document, Page
from weasyprint.pdf import metadata as wmeta

from pamphleteer.render import hooks, segment_job
from pamphleteer.render.pdf import fixed_xmp_ids

# Two pages: an anchor on the first, a link to it on the second, a link to
# an anchor no page holds (as a segment links into another), a heading (an
# outline entry) and a folio in the bottom margin.
TINY = """<!DOCTYPE html><html><head><style>
@page { size: A6; margin: 20mm 15mm;
        @bottom-center { content: "folio " counter(page) } }
h1 { break-before: right }
</style></head><body>
<h1 id="top">Tiny</h1><p>First page.</p>
<p style="break-before: page"><a href="#top">back</a>
<a href="#elsewhere">away</a></p>
</body></html>"""


def _params(func) -> list[str]:
    return list(inspect.signature(func).parameters)


def _calls(func, name: str) -> bool:
    """Does ``func`` look ``name`` up as a module global (so that setting
    the module's attribute reaches it)?"""
    return name in func.__code__.co_names


def _pdf_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_weasyprint_is_the_tested_series():
    assert weasyprint.__version__.split(".")[0] == "70", (
        f"WeasyPrint {weasyprint.__version__} is installed; pamphleteer is "
        "tested with 70.x (pyproject pins weasyprint>=70,<71): check every "
        "function this file names before widening the pin")


def test_resolve_links_signature_and_caller():
    func = getattr(wpdf, "resolve_links", None)
    assert func is not None, \
        "weasyprint.pdf.resolve_links is gone: hooks.keep_links patches it"
    assert _params(func) == ["pages"], (
        f"weasyprint.pdf.resolve_links{inspect.signature(func)} changed: "
        "hooks.keep_links replaces it with resolve(pages)")
    assert _calls(wpdf.generate_pdf, "resolve_links"), (
        "weasyprint.pdf.generate_pdf no longer calls resolve_links by its "
        "module name: hooks.keep_links' patch would not reach it")


def test_make_margin_boxes_signature_and_caller():
    func = getattr(wlayout, "make_margin_boxes", None)
    assert func is not None, "weasyprint.layout.make_margin_boxes is gone: " \
        "hooks.numbered_later patches it"
    assert _params(func) == ["context", "page", "state"], (
        f"weasyprint.layout.make_margin_boxes{inspect.signature(func)} "
        "changed: hooks.numbered_later's hook takes (context, page, state)")
    assert _calls(wlayout.layout_document, "make_margin_boxes"), (
        "weasyprint.layout.layout_document no longer calls make_margin_boxes "
        "by its module name: hooks.numbered_later's patch would not "
        "reach it")


def test_block_level_layout_signature_and_caller():
    from weasyprint.layout import block

    func = getattr(block, "block_level_layout", None)
    assert func is not None, "weasyprint.layout.block.block_level_layout " \
        "is gone: hooks.heading_space_at_page_top patches it"
    assert _params(func)[:9] == [
        "context", "box", "bottom_space", "skip_stack", "containing_block",
        "page_is_empty", "absolute_boxes", "fixed_boxes",
        "adjoining_margins"], (
        f"block_level_layout{inspect.signature(func)} changed: "
        "hooks.heading_space_at_page_top passes its arguments on by place")
    assert _calls(block._in_flow_layout, "block_level_layout"), (
        "_in_flow_layout no longer calls block_level_layout by its module "
        "name: hooks.heading_space_at_page_top would not reach a heading")
    assert "forced_break" in inspect.getsource(func), (
        "block_level_layout no longer reads context.forced_break: see "
        "hooks.heading_space_at_page_top")
    assert _calls(wlayout.layout_document, "make_all_pages"), (
        "layout_document no longer calls make_all_pages by its module name: "
        "notecheck.NoteGuard and trial.paginate_only would see no page")


def test_page_maker_holds_the_page_counters():
    """``hooks.numbered_later`` adds an offset to ``entry[3][1]["page"]`` of
    every ``context.page_maker`` entry after the first."""
    seen: list = []
    breaks: list = []
    original = wlayout.make_margin_boxes

    def spy(context, page, state):
        if not seen:
            seen.append([entry[3][1].get("page") for entry in
                         context.page_maker])
            breaks.append([entry[1]["break"] for entry in
                           context.page_maker])
        return original(context, page, state)

    wlayout.make_margin_boxes = spy
    try:
        HTML(string=TINY).render()
    finally:
        wlayout.make_margin_boxes = original
    assert seen, "weasyprint.layout.make_margin_boxes was never called: " \
        "hooks.numbered_later would never learn the page count"
    counters = seen[0]
    assert all(isinstance(c, list) and all(isinstance(v, int) for v in c)
               for c in counters[1:]), (
        "context.page_maker entries no longer hold the page counter at "
        f"entry[3][1]['page'] (got {counters!r}): hooks.numbered_later "
        "shifts it")
    assert all(isinstance(b, str) for b in breaks[0]), (
        "context.page_maker entries no longer hold the break before a page "
        f"at entry[1]['break'] (got {breaks[0]!r}): "
        "hooks.heading_space_at_page_top reads it")


def test_uuid4_is_what_the_xmp_ids_come_from():
    assert getattr(wmeta, "uuid4", None) is uuid.uuid4, \
        "weasyprint.pdf.metadata.uuid4 is gone: render.pdf.fixed_xmp_ids " \
        "patches it for reproducible PDF/X ids"
    method = wmeta.DocumentMetadata.generate_rdf_metadata
    assert _calls(method, "uuid4"), (
        "weasyprint.pdf.metadata.DocumentMetadata.generate_rdf_metadata no "
        "longer calls uuid4: check render.pdf.fixed_xmp_ids")


def test_page_and_document_attributes():
    document = HTML(string=TINY).render()
    assert len(document.pages) == 2
    first, second = document.pages
    assert isinstance(first, Page)
    assert set(first.anchors) == {"top"} and \
        len(first.anchors["top"]) == 4, \
        f"Page.anchors is no longer name -> (x, y, w, h): {first.anchors!r}"
    kinds = sorted((kind, target) for kind, target, *_ in second.links)
    assert kinds == [("internal", "elsewhere"), ("internal", "top")], \
        f"Page.links changed shape: {second.links!r}"
    level, label, point, state = first.bookmarks[0]
    assert (level, label, len(point), state) == (1, "Tiny", 2, "open"), \
        f"Page.bookmarks changed shape: {first.bookmarks!r}"
    # segment_job._break_of reads the first boxes' break-before.
    breaks = [str(box.style["break_before"])
              for box in first._page_box.descendants()
              if box.element_tag == "h1"]
    assert breaks and breaks[0] == "right", \
        "Page._page_box.descendants() / style['break_before'] changed"
    assert segment_job._break_of([first._page_box]) == "right"
    assert _params(Document.copy) == ["self", "pages"], (
        "Document.copy(pages) changed: segment_job adds a blank lead page "
        "with it")
    assert hasattr(document.metadata, "created") and \
        hasattr(document.metadata, "modified")


def test_links_to_other_segments_are_kept_only_with_keep_links():
    document = HTML(string=TINY).render()
    plain = document.write_pdf(uncompressed_pdf=True)
    with hooks.keep_links():
        kept = document.write_pdf(uncompressed_pdf=True)
    assert b"elsewhere" not in plain, \
        "WeasyPrint now keeps links to missing anchors by itself"
    assert b"/Dest (elsewhere)" in kept, (
        "hooks.keep_links no longer keeps a link to an anchor in another "
        "segment: weasyprint.pdf.resolve_links changed")
    assert wpdf.resolve_links is not None and \
        wpdf.resolve_links.__name__ == "resolve_links", "patch not undone"


def test_folios_numbered_after_pagination():
    counts = []

    def on_paginated(count, page):
        counts.append(count)
        return 40  # the segment starts after 40 pages of others

    with hooks.numbered_later(on_paginated):
        document = HTML(string=TINY).render()
    assert counts == [2], (
        "weasyprint.layout.make_margin_boxes: hooks.numbered_later's "
        f"hook saw page counts {counts!r}, not [2] once")
    texts = _pdf_text(document.write_pdf())
    assert "folio 41" in texts[0] and "folio 42" in texts[1], (
        "weasyprint.layout.make_margin_boxes / context.page_maker: the "
        f"folios were not shifted by hooks.numbered_later: {texts!r}")
    assert wlayout.make_margin_boxes.__name__ == "make_margin_boxes"


def test_finisher_sees_kids_as_references():
    """The finishers (``segment_job._finisher``, ``pdf._finisher``) take
    every third item of ``Kids`` (pydyf
    writes each reference as ``n 0 R``) as a page object's number."""
    seen = []

    def finish(document, pdf):
        kids = pdf.pages["Kids"]
        refs = [kids[i] for i in range(0, len(kids), 3)]
        assert [kids[i] for i in range(1, len(kids), 3)] == [0, 0]
        assert [kids[i] for i in range(2, len(kids), 3)] == ["R", "R"]
        seen.extend(pdf.objects[ref]["Type"] for ref in refs)

    HTML(string=TINY).render().write_pdf(finisher=finish)
    assert seen == ["/Page", "/Page"], (
        f"the finisher's pdf.pages['Kids'] / pdf.objects changed ({seen!r}): "
        "the finishers strip links and bleed through them")


def test_fixed_xmp_ids_are_reproducible():
    seed = "book"
    dated = TINY.replace("<head>", '<head><meta name="dcterms.created" '
                         'content="2024-01-01T00:00:00Z"><meta name="dcterms.'
                         'modified" content="2024-01-01T00:00:00Z">')

    def build() -> bytes:
        with fixed_xmp_ids(seed):
            return HTML(string=dated).write_pdf(pdf_variant="pdf/x-4",
                                                pdf_identifier=b"fixed")
    one, two = build(), build()
    assert b"xmp.did:" in one
    assert one == two, "render.pdf.fixed_xmp_ids no longer makes PDF/X-4 " \
        "files reproducible: weasyprint.pdf.metadata changed how it makes ids"


def test_cached_page_references_write_the_same_bytes():
    """pydyf's ``page_references`` is still a property (the hook replaces
    it), and a tagged PDF with links written with it cached is the same,
    byte for byte, as without."""
    import pydyf

    assert isinstance(pydyf.PDF.__dict__.get("page_references"), property), \
        "pydyf.PDF.page_references is no longer a property: see " \
        "hooks.cached_page_references"
    body = "".join(f'<h2 id="s{k}">Part {k}</h2><p>{"word " * 300}'
                   f'<a href="#s{(k + 3) % 8}">see part {(k + 3) % 8}</a></p>'
                   for k in range(8))
    html = f"<html lang='en'><body>{body}</body></html>"

    def written() -> bytes:
        document = HTML(string=html).render()
        # (fixed dates: the bytes may differ by nothing else)
        document.metadata.created = document.metadata.modified = \
            "2026-01-01T00:00:00Z"
        with fixed_xmp_ids("canary"):
            return document.write_pdf(pdf_variant="pdf/ua-1",
                                      pdf_identifier=b"0" * 32)

    plain = written()
    with hooks.cached_page_references():
        cached = written()
    assert pydyf.PDF.__dict__["page_references"].fget.__name__ == \
        "page_references"
    assert len(pypdf.PdfReader(io.BytesIO(plain)).pages) > 4
    assert cached == plain


def test_update_page_groups_keeps_its_signature_and_counts_a_group():
    """``hooks.continued_page_group`` wraps
    ``weasyprint.layout.page._update_page_groups``: a piece of a text after
    its first (render/pieces.py) must not take its first page for the
    text's opening page (``@page body:nth(1 of body)``)."""
    from weasyprint.layout import page as wpage

    assert _params(wpage._update_page_groups) == [
        "page_groups", "resume_at", "next_page", "root_box", "blank"]
    doc = """<!DOCTYPE html><html><head><style>
    @page { size: A6; margin: 20mm 15mm;
            @top-center { content: "head" } }
    @page body:nth(1 of body) { @top-center { content: "opening" } }
    section { page: body }
    </style></head><body><section><p>One.</p>
    <p style="break-before: page">Two.</p></section></body></html>"""

    def heads(document):
        out = []
        for page in document.pages:
            texts = [b.text for b in page._page_box.descendants()
                     if type(b).__name__ == "TextBox"]
            out.append("opening" in texts)
        return out

    assert heads(HTML(string=doc).render()) == [True, False]
    with hooks.continued_page_group():
        assert heads(HTML(string=doc).render()) == [False, False]
    assert heads(HTML(string=doc).render()) == [True, False]
