"""`solidarity translations check` on a committed PO file: is it in step?

A PO file is in step when `translations export` would write the same units and
versions into it and it holds no work the Markdown lacks. Checked on the pull
requests that change PO files (Weblate's among them), this refuses one merged
before a maintainer imported it: its work would be in the repository and not on
the site, and only an import runs the checks on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

Found = list[tuple[int, str, str]]  # line, message, hint


def po_step_problems(
    root: Path, lang: str, path: Path, rel: str, projects: dict[str, Any]
) -> Found:
    """Why the PO file at `rel` (translations/<lang>/po/...) is not in step; [] if it is."""
    from ..model.sources import Problems, decode
    from ..po.gettext import PoError, in_language, parse_po
    from ..po.pages import BridgeError

    problems = Problems()
    text = decode(path.read_bytes(), rel, problems)
    if text is None or problems.errors:
        return [(p.line, p.message, p.hint) for p in problems.errors]
    try:
        catalog = parse_po(text)
    except PoError as exc:
        return [(exc.line, f"PO syntax: {exc.message}", "")]
    at = catalog.header_line or 1
    if not in_language(catalog, lang):
        return [
            (at, f"the PO says it is in `{catalog.header.get('Language', '')}`, not `{lang}`", "")
        ]
    try:
        fresh, waiting = _fresh(root, lang, rel, catalog, projects)
    except BridgeError as exc:
        return [(exc.line or at, exc.message, "")]
    except ValueError as exc:
        return [(at, str(exc), "")]
    if waiting:
        return [
            (
                waiting[0],
                f"{len(waiting)} unit(s) translated here are not in the Markdown yet",
                f"run `solidarity translations import {lang}`, which checks them, and commit "
                "what it writes; a unit it refuses must be fixed, or emptied, here first",
            )
        ]
    if _units(catalog) != _units(fresh) or _versions(catalog) != _versions(fresh):
        return [
            (
                at,
                "this PO file is out of date with the English or the Markdown translation",
                f"run `solidarity translations export {lang}` and commit what it writes",
            )
        ]
    return []


def _fresh(
    root: Path, lang: str, rel: str, catalog: Any, projects: dict[str, Any]
) -> tuple[Any, list[int]]:
    """What export would write over `catalog` now, and the PO line of each unit whose
    translation is in `catalog` and not in the Markdown."""
    from ..model.translations import site_path_of, source_path_of
    from ..po.pages import export_catalog
    from .bridge import page_sides, project_for, strings_catalog

    prefix = f"translations/{lang}/po/"
    if rel == prefix + "strings.po":
        fresh, _ = strings_catalog(root, lang, catalog)
        bare, _ = strings_catalog(root, lang, None)
    else:
        page = rel[len(prefix) : -3] + ".md"
        if lang not in projects:
            projects[lang] = project_for(root, lang)
        project = projects[lang]
        site_path = site_path_of(page)
        if project is None or site_path is None or site_path not in project.english:
            raise ValueError(
                f"there is no English page for this PO (no {page} under docs/ or workshops/)"
            )
        side = page_sides(root, lang, page, project)
        names = (source_path_of(site_path), f"translations/{lang}/{page}")
        fresh, _ = export_catalog(side, lang, *names, catalog)
        bare, _ = export_catalog(side, lang, *names, None)
    from ..po.gettext import msgstrs

    markdown = {e.msgctxt: e for e in bare.entries}
    waiting = [
        e.msgstr_line
        for e in catalog.entries
        if any(msgstrs(e))
        and (had := markdown.get(e.msgctxt)) is not None
        # Another text, or the same text confirmed (no longer fuzzy) in the PO alone.
        and (msgstrs(had) != msgstrs(e) or (had.fuzzy and not e.fuzzy and had.msgid == e.msgid))
    ]
    return fresh, waiting


def _units(catalog: Any) -> list[tuple[Any, ...]]:
    from ..po.gettext import msgstrs

    return [
        (e.msgctxt, e.msgid, e.msgid_plural, msgstrs(e), e.fuzzy, e.previous, e.references)
        for e in catalog.entries
    ]


def _versions(catalog: Any) -> dict[str, str]:
    """Our own header fields; Weblate's (translator, date, language spelling) may differ."""
    return {k: v for k, v in catalog.header.items() if k.startswith("X-") and k != "X-Generator"}
