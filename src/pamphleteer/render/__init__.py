"""Writers: the shared XHTML rendering, the EPUB and the PDF."""
