"""Readers of structured formats through pandoc.

pandoc (https://pandoc.org/) has the most complete readers there are for
Muse, HTML, EPUB, DOCX, ODT, LaTeX, reStructuredText, Org and the Markdown
dialects; :mod:`.runner` runs it (a system pandoc when new enough, else the
one in the ``pypandoc-binary`` wheel), :mod:`.convert` turns its JSON AST
into the document model, and each module here registers readers:
:mod:`.muse`, :mod:`.html` (with :mod:`.epub`), :mod:`.formats` (docx, odt,
pandoc-markdown, rst, org, latex).
"""

from . import epub, formats, html, muse  # noqa: F401  (registration)
