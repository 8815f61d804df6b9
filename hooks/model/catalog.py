"""What each language publishes, by page: titles, and the packet files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .project import Project


@dataclass(frozen=True)
class PacketFile:
    path: Path
    pages: int


def titles(project: Project, lang: str) -> dict[str, str]:
    """Title of every page in one language, keyed by site path."""
    out = {}
    for site_path, source in project.english.items():
        translation = project.translations.get(lang, {}).get(site_path)
        meta = translation.source.meta if translation else source.meta
        out[site_path] = str(meta.get("title", site_path))
    return out
