"""Solidarity Commons build: sources → validated model → pages → HTML → checks and packets.

Modules, in the order data flows through them:

- sources: reading files safely; front matter with line numbers; problems.
- strings: interface strings per language.
- knowledge: principles and cases, their graph, timeline and matrix.
- workshops: plans and curricula, schedules, their pages.
- translations: translated pages, checks against English, staleness, status.
- project: loads all of the above once into one model.
- site: assembles every language's pages from the model.
- packets: printable PDFs from the model.
- safety, links, search, theme, offline: checks and output after rendering.
- plugin: the thin MkDocs layer; cli, cli_facilitate, planner, checks, external: the `solidarity` tool.
"""
