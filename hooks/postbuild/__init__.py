"""Checks and changes to the built HTML: safety, links, head, theme, weight, search, offline.

Nothing here imports MkDocs or the pages wing: it reads what any engine wrote.
"""
