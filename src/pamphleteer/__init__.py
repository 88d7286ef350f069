"""pamphleteer: raw texts in, a finished anthology out (EPUB, PDF, booklets)."""

__version__ = "0.1.0"
