"""The preview: serve the built site, watch the sources, reload the browser.

Engine-free: the renderer that builds the site and brings it up to date after a save
is handed in (hooks/mkdocs/preview.py is MkDocs' one; `python -m hooks.mkdocs.serve`
runs them together, and `make serve` runs that).
"""
