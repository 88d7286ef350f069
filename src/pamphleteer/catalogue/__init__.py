"""``pamphleteer catalogue``: a whole library, built on a Dask cluster.

Every text of a folder (an Amusewiki checkout, or any folder of texts a
reader knows) or of a catalogue YAML becomes a pamphlet as ``build
--chapter`` makes it (EPUB, screen PDF, booklet, cover, web edition), each a
task on Dask distributed; an OPDS 1.2 catalogue, a site with a search that
works offline, and a report of every text follow.  See docs/catalogue.md.

Modules: :mod:`.spec` (what a catalogue is), :mod:`.engine` (the run),
:mod:`.tasks` (one text, on a worker), :mod:`.opds`, :mod:`.web`,
:mod:`.report`.
"""
