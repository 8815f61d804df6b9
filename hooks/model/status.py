"""How much of each language is done: per page reviewed, draft, stale or missing,
counted in words. The status page, the command and the build's summary all count here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from .memo import kept
from .project import Project
from .sources import Source
from .strings import Strings
from .translations import (
    STRUCTURAL_KEYS,
    Change,
    Language,
    Translation,
    english_changes,
    recorded_strings,
    strings_changes,
)

PageState = Literal["reviewed", "draft", "stale", "missing"]


@dataclass
class PageStatus:
    site_path: str
    state: PageState
    words: int
    missing_fields: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    snapshot_missing: bool = False
    source_hash: str = ""  # the English version the translation was made from


@dataclass
class StringsStatus:
    """The interface strings of one language against the English they were translated from."""

    rel: str  # translations/<lang>/strings.yml
    source_hash: str  # "" when the file records no English version
    changes: list[Change]  # the strings whose English changed since (`field` is the key)
    snapshot_missing: bool = False  # a version is recorded, but its English is not kept


@dataclass
class LanguageStatus:
    lang: str
    name: str
    pages: list[PageStatus]
    strings: StringsStatus | None = None  # None: the language has no strings file

    def count(self, *states: str) -> int:
        """Pages in these states; `stale` also counts each interface string whose English
        changed, since each is something to bring up to date."""
        stale = len(self.strings.changes) if self.strings and "stale" in states else 0
        return sum(1 for p in self.pages if p.state in states) + stale

    @property
    def stale_strings(self) -> int:
        return len(self.strings.changes) if self.strings else 0

    @property
    def words_total(self) -> int:
        return sum(p.words for p in self.pages)

    @property
    def words_done(self) -> int:
        return sum(p.words for p in self.pages if p.state in ("reviewed", "draft"))

    @property
    def percent(self) -> int:
        return round(100 * self.words_done / self.words_total) if self.words_total else 0


WORD = re.compile(r"\w+", re.UNICODE)


def word_count(source: Source) -> int:
    return kept("words", source.text, partial(_words, source))


def _words(source: Source) -> int:
    return len(WORD.findall(_text_values(source.meta))) + len(WORD.findall(source.body))


def _text_values(value: Any, key: str = "") -> str:
    if isinstance(value, dict):
        return " ".join(_text_values(v, k) for k, v in value.items() if k not in STRUCTURAL_KEYS)
    if isinstance(value, list):
        return " ".join(_text_values(v, key) for v in value)
    return value if isinstance(value, str) and key not in STRUCTURAL_KEYS else ""


def untranslated_fields(english: Source, translated: Source | None) -> list[str]:
    """Workshop fields whose text is still the English text (or absent)."""
    out = []
    for key, value in english.meta.items():
        if key in STRUCTURAL_KEYS:
            continue
        other = translated.meta.get(key) if translated else None
        if (
            _text_values(value, key)
            and _text_values(value, key) == _text_values(other, key)
            or translated is None
            and _text_values(value, key)
        ):
            out.append(_field_label(key))
    if english.body.strip() and (
        translated is None or translated.body.strip() == english.body.strip()
    ):
        out.append("script")
    return out


def _field_label(key: str) -> str:
    return {"agenda": "agenda labels"}.get(key, key)


def strings_status(root: Path, strings: Strings | None) -> StringsStatus | None:
    """Which interface strings of a language are stale, from the record in its file."""
    if strings is None or not strings.rel or strings.fallback is None:
        return None
    if strings.source is None:
        return StringsStatus(strings.rel, "", [])
    recorded = recorded_strings(root, strings.source)
    if recorded is None:
        return StringsStatus(strings.rel, strings.source, [], snapshot_missing=True)
    return StringsStatus(strings.rel, strings.source, strings_changes(strings.fallback, recorded))


def language_status(
    root: Path,
    lang: Language,
    english: dict[str, Source],
    translations: dict[str, Translation],
    strings: Strings | None = None,
) -> LanguageStatus:
    pages = []
    for site_path, source in sorted(english.items()):
        translation = translations.get(site_path)
        # The preview keeps sources and translations while their files are unchanged:
        # after a save only the saved page's status is counted again.
        pages.append(
            kept(
                "page-status",
                (site_path, id(source), id(translation)),
                partial(page_status, site_path, source, translation),
            )
        )
    return LanguageStatus(lang.code, lang.name, pages, strings_status(root, strings))


def page_status(site_path: str, source: Source, translation: Translation | None) -> PageStatus:
    """One English page's translation state in one language."""
    words = word_count(source)
    is_plan = site_path.startswith(("workshops/", "curricula/"))
    if translation is None:
        fields = untranslated_fields(source, None) if is_plan else []
        return PageStatus(site_path, "missing", words, fields)
    fields = untranslated_fields(source, translation.source) if is_plan else []
    recorded = translation.recorded
    if translation.stale:
        changes = english_changes(recorded, source) if recorded else []
        return PageStatus(
            site_path,
            "stale",
            words,
            fields,
            changes,
            recorded is None,
            translation.source_hash,
        )
    return PageStatus(
        site_path,
        "reviewed" if translation.state == "reviewed" else "draft",
        words,
        fields,
        source_hash=translation.source_hash,
    )


def translation_statuses(project: Project) -> list[LanguageStatus]:
    """Every translation's progress: computed once, shown on each language's status page."""
    out = []
    for lang in project.languages[1:]:
        translations = project.translations.get(lang.code, {})
        # The preview keeps sources and translations while their files are unchanged, so
        # the same objects mean the same status.
        key = (
            project.root,
            lang,
            tuple((k, id(v)) for k, v in project.english.items()),
            tuple((k, id(v)) for k, v in translations.items()),
            id(project.strings.get(lang.code)),
        )
        out.append(
            kept(
                "status",
                key,
                partial(
                    language_status,
                    project.root,
                    lang,
                    project.english,
                    translations,
                    project.strings.get(lang.code),
                ),
            )
        )
    return out


def fallback_summary(statuses: list[LanguageStatus]) -> str:
    """Per language, pages translated and pages falling back to English: one message for
    all, counted by LanguageStatus.count as everywhere (stale interface strings too)."""
    parts = []
    for status in statuses:
        total = len(status.pages)
        missing = status.count("missing")
        stale = status.count("stale")
        strings = status.stale_strings
        parts.append(
            f"{status.lang} {total - missing}/{total} translated"
            + (f" ({stale} stale" if stale else "")
            + (f", {strings} of them interface strings" if strings else "")
            + (")" if stale else "")
            + f", {missing} in English"
        )
    return "translations (missing pages are shown in English under a notice): " + "; ".join(parts)
