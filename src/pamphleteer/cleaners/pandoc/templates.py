"""Template tags of site generators in Markdown: Jekyll's Liquid
(``{% include toc.html %}``, ``{{ page.title }}``, ``{% raw %}``,
``{% comment %}...{% endcomment %}``) and Hugo's shortcodes
(``{{< figure ... >}}``, ``{{% notice %}}``).  The site prints something
in their place (an included file, a page's title, a figure) that the
Markdown file does not hold, and pandoc's reader would print the tags
as text.  They are left out, each listed in the report's removals with
its line (kind ``template-tag``; a Liquid comment with its words, kind
``template-comment``) and said once (``PANDOC013``).  What a ``{% raw %}``
block holds is the text, kept as written; code (fenced, indented or
between backticks) is left as it is."""

from __future__ import annotations

import re

from ...report import CleaningReport

# a tag: Liquid's {% ... %} and {{ ... }}, Hugo's {{< ... >}} and
# {{% ... %}} (the longer forms first); at most 500 characters, on one
# line or a few
_TAG = re.compile(r"\{\{<.{0,500}?>\}\}|\{\{%.{0,500}?%\}\}|"
                  r"\{%-?.{0,500}?-?%\}|\{\{(?!\{).{0,500}?\}\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}",
                      re.S)
# code: a fenced block, an indented block after a blank line, a span
_CODE = re.compile(r"^(```+|~~~+)[^\n]*\n.*?^\1[ \t]*$|"
                   r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*\n?)+|"
                   r"(`+)(?!`).+?(?<!`)\2(?!`)", re.S | re.M)


def split_code(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is code)."""
    out: list[tuple[str, bool]] = []
    at = 0
    for m in _CODE.finditer(text):
        out += [(text[at:m.start()], False), (m.group(0), True)]
        at = m.end()
    out.append((text[at:], False))
    return out


def strip_templates(text: str, report: CleaningReport) -> str:
    """``text`` without its template tags (listed in ``report``), every
    line where it was."""
    out: list[str] = []
    line = 1
    count = 0
    first = 0

    def blank(s: str) -> str:
        return "\n" * s.count("\n")

    for piece, code in split_code(text):
        if code:
            out.append(piece)
            line += piece.count("\n")
            continue
        spans = sorted(
            [(m.start(), m.end(), "comment") for m in _COMMENT.finditer(piece)]
            + [(m.start(), m.end(), "raw") for m in _RAW.finditer(piece)])
        pos = 0
        for start, end, kind in spans:
            if start < pos:
                continue
            counter: list[int] = []
            out.append(_tags(piece[pos:start], line, report, counter))
            count += len(counter)
            first = first or (counter[0] if counter else 0)
            line += piece[pos:start].count("\n")
            whole = piece[start:end]
            if kind == "comment":
                report.remove("template-comment", " ".join(whole.split()),
                              line)
                out.append(blank(whole))
            else:
                m = _RAW.match(whole)
                assert m is not None
                opening = whole[:m.start(1)]
                report.remove("template-tag", opening.strip(), line)
                report.remove("template-tag", whole[m.end(1):].strip(),
                              line + whole[:m.end(1)].count("\n"))
                out.append(blank(opening) + m.group(1)
                           + blank(whole[m.end(1):]))
            count += 1
            first = first or line
            line += whole.count("\n")
            pos = end
        counter = []
        out.append(_tags(piece[pos:], line, report, counter))
        count += len(counter)
        first = first or (counter[0] if counter else 0)
        line += piece[pos:].count("\n")
    if count:
        report.counts["template-tags"] += count
        report.problem(
            "PANDOC013", f"{count} template tag(s) of a site generator "
            "(Jekyll's Liquid, Hugo's shortcodes): left out and listed in "
            "the report (kind `template-tag`); what the site prints in "
            "their place (an included file, a page's title, a figure) is "
            "not in the file, and not in the text", first)
    return "".join(out)


def _tags(piece: str, line: int, report: CleaningReport,
          lines: list[int]) -> str:
    """``piece`` without its tags, each listed with its line (appended
    to ``lines``)."""
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(piece):
        at = line + piece[:m.start()].count("\n")
        report.remove("template-tag", " ".join(m.group(0).split()), at)
        lines.append(at)
        out += [piece[pos:m.start()], "\n" * m.group(0).count("\n")]
        pos = m.end()
    out.append(piece[pos:])
    return "".join(out)
