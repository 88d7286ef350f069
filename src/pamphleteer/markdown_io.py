"""Cleaned text as Markdown: the writer and the reader, in one name.

A thin re-export of :mod:`pamphleteer.markdown_write` (``write_markdown``)
and :mod:`pamphleteer.markdown_read` (``read_markdown``,
``parse_markdown``), kept because tests and third-party readers import
``pamphleteer.markdown_io``; the project's own modules import the half they
need.
"""

from __future__ import annotations

from .markdown_common import (
                              FRONT_MATTER_KEYS,
                              boundary_text,
                              pandoc_citation,
                              strip_sources,
)
from .markdown_read import (
                              MarkdownProblem,
                              MarkupRemoval,
                              ParsedMarkdown,
                              parse_markdown,
                              read_markdown,
)
from .markdown_write import write_markdown

__all__ = ["write_markdown", "read_markdown", "parse_markdown",
           "strip_sources", "pandoc_citation", "boundary_text",
           "MarkdownProblem", "MarkupRemoval", "ParsedMarkdown",
           "FRONT_MATTER_KEYS"]
