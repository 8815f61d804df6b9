"""Assemble the pages of every language from the model, ready for MkDocs.

The result is one folder per language (mkdocs-static-i18n's folder layout):
every page exists in every language, translated where a translation exists,
otherwise the English text under a notice in the reader's language.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .knowledge import case_sections, cases_index, principle_sections
from .pagetext import PageText
from .project import Project
from .sources import Source
from .strings import Strings
from .translations import Language, LanguageStatus, language_status
from .workshops import curricula_index, curriculum_page, workshop_page, workshops_index

# Glossary terms so common on this site that a tooltip on each would be noise.
PLAIN_TERMS = {
    "solidarity",
    "union",
    "strike",
    "demand",
    "organizing",
    "facilitator",
    "grievance",
    "boycott",
    "ally",
    "coalition",
    "collective-action",
}


@dataclass(frozen=True)
class PacketFile:
    path: Path
    pages: int


@dataclass
class Stage:
    """What the build needs from assembly: page texts (for line mapping) and the nav."""

    pages: dict[tuple[str, str], PageText] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)  # staged path -> file to copy
    # Packets: published beside their language's pages without passing through the
    # staged docs folder, so each language build handles its own and no others.
    downloads: dict[str, Path] = field(default_factory=dict)  # staged path -> cached file
    nav: list[Any] = field(default_factory=list)
    nav_translations: dict[str, dict[str, str]] = field(default_factory=dict)


def titles(project: Project, lang: str) -> dict[str, str]:
    """Title of every page in one language, keyed by site path."""
    out = {}
    for site_path, source in project.english.items():
        translation = project.translations.get(lang, {}).get(site_path)
        meta = translation.source.meta if translation else source.meta
        out[site_path] = str(meta.get("title", site_path))
    return out


def assemble(
    project: Project,
    packets: dict[tuple[str, str, str], PacketFile],
    offline: dict[str, Path] | None = None,
    directory_urls: bool = True,
) -> Stage:
    stage = Stage()
    statuses = translation_statuses(project)
    for lang in project.languages:
        s = project.strings[lang.code]
        names = titles(project, lang.code)
        principle_titles = {pid: names[p.page] for pid, p in project.principles.items()}
        case_titles = {cid: names[c.page] for cid, c in project.cases.items()}
        workshop_titles = {wid: names[w.page] for wid, w in project.workshops.items()}
        curriculum_titles = {cid: names[c.page] for cid, c in project.curricula.items()}
        glossary = glossary_terms(project, lang.code)
        for site_path, english in sorted(project.english.items()):
            translation = project.translations.get(lang.code, {}).get(site_path)
            source = translation.source if translation else english
            page = PageText(default_origin=(source.rel, 1))
            meta = page_meta(project, lang, site_path, source)
            page.add(front_matter(meta))
            page.add(notice(project, lang, site_path, s))
            kind, _, name = site_path.partition("/")
            key = name[:-3]
            if kind == "workshops" and key in project.workshops:
                plan = project.plans[lang.code][key]
                wp = packets.get((lang.code, "workshop", key))
                hp = packets.get((lang.code, "handouts", key))
                link = (
                    (f"{key}-packet.pdf", wp.pages, f"{key}-handouts.pdf", hp.pages)
                    if wp and hp
                    else None
                )
                if wp and hp:
                    stage.downloads[f"{lang.code}/workshops/{key}-packet.pdf"] = wp.path
                    stage.downloads[f"{lang.code}/workshops/{key}-handouts.pdf"] = hp.path
                merge(
                    page,
                    workshop_page(plan, s, principle_titles, case_titles, workshop_titles, link),
                )
            elif kind == "curricula" and key in project.curricula:
                programme = project.programmes[lang.code][key]
                cp = packets.get((lang.code, "curriculum", key))
                if cp:
                    stage.downloads[f"{lang.code}/curricula/{key}-packet.pdf"] = cp.path
                merge(
                    page,
                    curriculum_page(
                        programme,
                        project.workshops,
                        s,
                        workshop_titles,
                        (f"{key}-packet.pdf", cp.pages) if cp else None,
                    ),
                )
            else:
                page.add_source(source.body, source.rel, source.body_line)
                if kind == "principles" and key in project.principles:
                    page.add(
                        principle_sections(
                            project.principles[key], project.cases, workshop_titles, case_titles, s
                        )
                    )
                elif kind == "cases" and key in project.cases:
                    page.add(
                        case_sections(project.cases[key], principle_titles, workshop_titles, s)
                    )
                elif site_path == "cases/index.md":
                    page.add(
                        "\n"
                        + cases_index(
                            project.cases,
                            project.principles,
                            case_titles,
                            principle_titles,
                            s,
                            lang.rtl,
                            directory_urls,
                        )
                    )
                elif site_path == "facilitators.md" and offline:
                    page.add(offline_section(project, lang, s, offline))
            if site_path != "glossary.md":
                page.add(abbreviations(glossary))
            stage.pages[(lang.code, site_path)] = page
        generated = {
            "workshops/index.md": (
                s.t("nav.workshops"),
                workshops_index(
                    project.workshops,
                    s,
                    principle_titles,
                    workshop_titles,
                    {w: plan.summary for w, plan in project.plans[lang.code].items()},
                    [p.id for p in sorted(project.principles.values(), key=lambda p: p.order)],
                ),
            ),
            "curricula/index.md": (
                s.t("nav.curricula"),
                curricula_index(
                    project.curricula,
                    project.workshops,
                    s,
                    curriculum_titles,
                    {c: prog.summary for c, prog in project.programmes[lang.code].items()},
                ),
            ),
            "status.md": (s.t("status.title"), status_page(statuses, s)),
        }
        for site_path, (title, text) in generated.items():
            page = PageText()
            page.add(front_matter({"title": title, "sc_generated": True}))
            page.add(text)
            stage.pages[(lang.code, site_path)] = page
    for code, path in (offline or {}).items():
        # In the default language's folder: published once at /offline/, not copied per language.
        stage.assets[f"{project.default.code}/offline/solidarity-commons-{code}.zip"] = path
    for path in sorted((project.root / "docs").rglob("*")):
        if path.is_file() and path.suffix != ".md" and not path.is_symlink():
            stage.assets[path.relative_to(project.root / "docs").as_posix()] = path
    stage.nav = navigation(project)
    stage.nav_translations = {
        lang.code: {
            project.strings[project.default.code].t(k): project.strings[lang.code].t(k)
            for k in NAV_KEYS
        }
        for lang in project.languages[1:]
    }
    return stage


def merge(page: PageText, other: PageText) -> None:
    page.lines.extend(other.lines)
    page.origin.extend(other.origin)


# Characters a YAML reader refuses or reads as a line break, even inside quotes.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def front_matter(meta: dict[str, Any]) -> str:
    """Front matter for a staged page, written as JSON, one key a line for review.

    YAML reads JSON; PyYAML's dump of it took a seventh of our share of the build.
    """
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1)
    text = _NOT_YAML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return "---\n" + text + "\n---\n"


def page_meta(project: Project, lang: Language, site_path: str, source: Source) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": str(source.meta.get("title", ""))}
    if source.meta.get("summary"):
        meta["description"] = str(source.meta["summary"])
    if isinstance(source.meta.get("hide"), list):
        meta["hide"] = [h for h in source.meta["hide"] if h in ("toc", "navigation", "footer")]
    # Languages in which this page is still English, for the language selector.
    meta["sc_missing"] = [
        other.code
        for other in project.languages[1:]
        if site_path not in project.translations.get(other.code, {})
    ]
    meta["sc_marker"] = project.strings[lang.code].t("notice.not_translated_marker")
    meta["sc_source"] = source.rel
    return meta


def notice(project: Project, lang: Language, site_path: str, s: Strings) -> str:
    if lang == project.default:
        return ""
    translation = project.translations.get(lang.code, {}).get(site_path)
    link = (
        f"[{s.t('notice.help_translate')}]({'../' * site_path.count('/')}translators.md)"
        if "translators.md" in project.english
        else ""
    )
    if translation is None:
        text, kind = s.t("notice.untranslated", language=lang.name), "info"
    elif translation.stale:
        text, kind = s.t("notice.stale"), "warning"
    elif translation.state == "draft":
        text, kind = s.t("notice.draft"), "note"
    else:
        return ""
    return f'!!! {kind} sc-notice ""\n    {text} {link}\n'


def glossary_terms(project: Project, lang: str) -> list[tuple[str, str]]:
    """(term, first sentence) from the glossary as readers of `lang` see it."""
    english = project.english.get("glossary.md")
    if english is None:
        return []
    translation = project.translations.get(lang, {}).get("glossary.md")
    source = translation.source if translation else english
    from .knowledge import headings_of
    from .translations import english_anchor

    english_ids = [english_anchor(text) for level, text, _ in headings_of(english) if level == 2]
    lines = source.body.split("\n")
    terms = []
    heads = [(text, line) for level, text, line in headings_of(source) if level == 2]
    for index, (text, line) in enumerate(heads):
        term = re.sub(r"\s*\{#[\w-]+\}\s*$", "", text).strip()
        if index < len(english_ids) and english_ids[index] in PLAIN_TERMS:
            continue
        para = []
        for raw in lines[line - source.body_line + 1 :]:
            if raw.startswith("#"):
                break
            if raw.strip():
                para.append(raw.strip())
            elif para:
                break
        sentence = re.split(r"(?<=[.!?。！？؟])\s*", " ".join(para), maxsplit=1)[0]
        sentence = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", sentence).replace("*", "")
        if term and sentence:
            terms.append((term, sentence))
    return terms


def abbreviations(terms: list[tuple[str, str]]) -> str:
    out = [""]
    for term, sentence in terms:
        for variant in dict.fromkeys((term, term[0].lower() + term[1:])):
            out.append(f"*[{variant}]: {sentence}")
    return "\n".join(out) + "\n"


def offline_section(project: Project, lang: Language, s: Strings, zips: dict[str, Path]) -> str:
    """Links to each language's offline zip, with its size.

    Plain HTML: the zips live once at /offline/ for all languages, which MkDocs'
    per-language link resolution cannot see; the site's link check verifies them.
    """
    out = [
        f"\n## {s.t('offline.heading')} {{#offline-copies}}\n",
        s.t("offline.intro") + "\n",
        "<ul>",
    ]
    prefix = "../" * (1 + (lang != project.default))
    for other in project.languages:
        size = f"{zips[other.code].stat().st_size / 1_000_000:.1f} MB"
        label = html.escape(s.t("offline.download", language=other.name, size=size))
        out.append(
            f'<li><a href="{prefix}offline/solidarity-commons-{other.code}.zip" hreflang="{other.code}" '
            f"download>{label}</a></li>"
        )
    return "\n".join(out) + "\n</ul>\n"


def translation_statuses(project: Project) -> list[LanguageStatus]:
    """Every translation's progress: computed once, shown on each language's status page."""
    return [
        language_status(
            project.root, lang, project.english, project.translations.get(lang.code, {})
        )
        for lang in project.languages[1:]
    ]


def status_page(statuses: list[LanguageStatus], s: Strings) -> str:
    out = [
        s.t("status.intro") + "\n",
        f"| {s.t('status.language')} | {s.t('status.words')} | {s.t('status.translated')} "
        f"| {s.t('status.stale')} | {s.t('status.missing')} |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for st in statuses:
        bar = (
            f'<progress max="100" value="{st.percent}" aria-label="{html.escape(st.name)}: '
            f'{st.percent}%">{st.percent}%</progress> {st.percent}%'
        )
        out.append(
            f"| {st.name} | {bar} | {st.count('reviewed', 'draft')} | {st.count('stale')} "
            f"| {st.count('missing')} |"
        )
    for st in statuses:
        out.append(f"\n## {st.name} {{#lang-{st.lang}}}\n")
        out.append(f"| {s.t('status.page')} | {s.t('status.state')} |")
        out.append("| --- | --- |")
        for p in st.pages:
            out.append(f"| [{p.site_path}]({p.site_path}) | {s.t('status.state_' + p.state)} |")
    return "\n".join(out) + "\n"


NAV_KEYS = (
    "nav.learn",
    "nav.principles",
    "nav.cases",
    "nav.facilitate",
    "nav.workshops",
    "nav.curricula",
    "nav.about",
)


def navigation(project: Project) -> list[Any]:
    """The site's navigation, ordered by the model (principle order, case years)."""
    s = project.strings[project.default.code]
    principles = [p.page for p in sorted(project.principles.values(), key=lambda p: p.order)]
    cases = [c.page for c in sorted(project.cases.values(), key=lambda c: (c.start, c.end, c.id))]
    workshops = [w.page for w in sorted(project.workshops.values(), key=lambda w: w.id)]
    curricula = [c.page for c in sorted(project.curricula.values(), key=lambda c: c.id)]
    have = set(project.english)

    def only(*paths: str) -> list[str]:
        return [p for p in paths if p in have]

    learn: list[Any] = only("what-is-solidarity.md")
    learn.append({s.t("nav.principles"): only("principles/index.md") + principles})
    learn += only("faq.md", "glossary.md")
    return [
        *only("index.md"),
        {s.t("nav.learn"): learn},
        {s.t("nav.cases"): only("cases/index.md") + cases},
        {
            s.t("nav.facilitate"): only("facilitators.md")
            + [
                {s.t("nav.workshops"): ["workshops/index.md", *workshops]},
                {s.t("nav.curricula"): ["curricula/index.md", *curricula]},
            ]
        },
        {s.t("nav.about"): only("about.md", "translators.md") + ["status.md"]},
    ]


def same_bytes(staged: Path, source: Path) -> bool:
    """Whether a staged asset already holds the source's bytes (a hard link to it does)."""
    if staged.samefile(source):
        return True
    return (
        staged.stat().st_size == source.stat().st_size
        and staged.read_bytes() == source.read_bytes()
    )


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to the source where the file system allows one, a copy otherwise.

    A warm build then publishes every packet without reading or copying a byte of it.
    Cached files are replaced, never written in place, so a link cannot change under
    the site.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    tmp.replace(target)


def write_stage(stage: Stage, folder: Path) -> int:
    """Write the staged tree, touching only files whose bytes change; returns files written.

    Unchanged files keep their timestamps so `mkdocs serve` does not loop, and
    files no longer produced are removed so a deleted page disappears.
    """
    wanted: dict[Path, bytes | Path] = {}
    for (lang, site_path), page in stage.pages.items():
        wanted[folder / lang / site_path] = page.text().encode("utf-8")
    for rel, src in stage.assets.items():
        wanted[folder / rel] = src
    written = 0
    for path, content in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            if path.exists() and same_bytes(path, content):
                continue
            link_or_copy(content, path)
        else:
            if path.exists() and path.read_bytes() == content:
                continue
            path.write_bytes(content)
        written += 1
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written
