"""What the PO bridge reads for one language: the project, a page's three sides (English,
translation, the English it was made from) and the strings catalog export would write.

Shared by `translations export` and `import` (translations.py) and the PO step check
(po_check.py), so that the check compares a PO with exactly what export writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .common import configured_languages


def page_sides(root: Path, lang: str, rel: str, project: Any) -> Any:
    """English, translation and the English it was made from, for one page."""
    from ..model.translations import site_path_of, snapshot_path
    from ..po.pages import sides

    site_path = site_path_of(rel)
    english = project.english[site_path]
    translation = project.translations.get(lang, {}).get(site_path)
    path = root / "translations" / lang / rel
    translation_text = path.read_text(encoding="utf-8") if path.is_file() else None
    baseline = None
    stale = False
    if translation is not None:
        stale = translation.stale
        if translation.source_hash == english.version:
            baseline = english.text
        else:
            snap = snapshot_path(root, translation.source_hash)
            baseline = snap.read_text(encoding="utf-8") if snap.is_file() else None
    elif translation_text is not None:
        raise ValueError(
            f"translations/{lang}/{rel} has problems; run `solidarity translations check` on it first"
        )
    return sides(english.text, translation_text, baseline, stale, f"translations/{lang}/{rel}")


def project_for(root: Path, lang: str) -> Any:
    from ..model.project import load_project
    from ..model.sources import SourceError

    languages = configured_languages(root)
    try:
        return load_project(root, languages[:1] + [x for x in languages[1:] if x.code == lang])
    except SourceError as exc:
        for problem in exc.problems:
            print(f"{problem.severity}: {problem}", file=sys.stderr)
        return None


def strings_catalog(root: Path, lang: str, previous: Any) -> tuple[Any, int]:
    """strings.po as export writes it over `previous` (a Catalog or None), and how many
    strings of `previous` it kept (work not imported yet)."""
    from ..model.translations import content_hash, recorded_strings
    from ..po.strings import export_strings, recorded_version

    target = root / "translations" / lang / "strings.yml"
    old = target.read_text(encoding="utf-8") if target.is_file() else None
    version = recorded_version(old)
    recorded = recorded_strings(root, version) if version else None
    return export_strings(
        (root / "translations" / "strings.yml").read_text(encoding="utf-8"),
        old,
        lang,
        content_hash(old or ""),
        previous,
        recorded,
    )
