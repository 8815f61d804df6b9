"""Solidarity Commons build: sources -> validated model -> pages -> HTML -> checks; model -> packets.

Wings, in the order data flows through them (imports run the same way):

- model: reading files safely, interface strings, principles and cases, workshops
  and curricula, the clock, translations and their status, the planner. Imports no
  other wing.
- pages: every language's pages as Markdown from the model, staged for a site engine.
- packets: printable PDFs from the model.
- postbuild: checks and changes to the built HTML (safety, links, search, weight,
  offline); imports no other wing, so pages and packets share its safety and
  writing-room rules.
- mkdocs: the MkDocs plugin, thin event methods over the wings above.
- cli: the `solidarity` command.
"""
