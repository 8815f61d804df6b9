"""What each language publishes, by page: titles, summaries, and the packet files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .project import Project
from .strings import Strings
from .translations import Language


@dataclass(frozen=True)
class PacketFile:
    path: Path
    pages: int


@dataclass(frozen=True)
class LanguageCatalog:
    """One language's names for everything a page, a packet or the command links to.

    Built once per language (`catalog`) and passed whole, so a renderer never rebuilds
    title tables of its own and every one of them names a page the same way.
    """

    language: Language
    strings: Strings
    titles: dict[str, str]  # every page's title, by site path ("cases/lgsm.md")
    principles: dict[str, str]  # titles by id
    cases: dict[str, str]
    workshops: dict[str, str]
    curricula: dict[str, str]
    workshop_summaries: dict[str, str]  # the plan's summary in this language, by id
    curriculum_summaries: dict[str, str]

    @property
    def code(self) -> str:
        return self.language.code


def titles(project: Project, lang: str) -> dict[str, str]:
    """Title of every page in one language, keyed by site path."""
    out = {}
    for site_path, source in project.english.items():
        translation = project.translations.get(lang, {}).get(site_path)
        meta = translation.source.meta if translation else source.meta
        out[site_path] = str(meta.get("title", site_path))
    return out


def catalog(project: Project, lang: str) -> LanguageCatalog:
    names = titles(project, lang)
    return LanguageCatalog(
        language=project.language(lang),
        strings=project.strings[lang],
        titles=names,
        principles={i: names[p.page] for i, p in project.principles.items()},
        cases={i: names[c.page] for i, c in project.cases.items()},
        workshops={i: names[w.page] for i, w in project.workshops.items()},
        curricula={i: names[c.page] for i, c in project.curricula.items()},
        workshop_summaries={i: w.summary for i, w in project.plans.get(lang, {}).items()},
        curriculum_summaries={i: c.summary for i, c in project.programmes.get(lang, {}).items()},
    )
