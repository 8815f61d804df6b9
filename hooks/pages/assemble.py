"""Assemble the pages of every language from the model, ready for a site engine.

The result is one folder per language (mkdocs-static-i18n's folder layout):
every page exists in every language, translated where a translation exists,
otherwise the English text under a notice in the reader's language."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..model import memo
from ..model.catalog import LanguageCatalog, PacketFile, catalog
from ..model.project import Project
from ..model.sources import Source
from ..model.status import LanguageStatus, translation_statuses
from ..model.strings import Strings
from ..model.translations import Language, content_hash
from ..model.wording import admonition_title
from .builder import PAGE as BUILDER_PAGE
from .builder import builder_for, builder_page, has_builder
from .contribute import Repository, meta_links, report_routes
from .glossary import abbreviations, glossary_terms, ordered_sections
from .knowledge import case_facts, case_sections, cases_index, principle_sections
from .navigation import NAV_KEYS, navigation
from .pagetext import PageText
from .planner import planner_for
from .stage import Stage
from .status import status_page
from .workshops import curricula_index, curriculum_page, workshop_page, workshops_index


@dataclass
class _Assembly:
    """What every page of one assembly shares: the inputs, and the stage it fills."""

    project: Project
    packets: dict[tuple[str, str, str], PacketFile]
    offline: dict[str, Path] | None
    directory_urls: bool
    repo: Repository
    preview_without_packets: bool
    catalogs: dict[str, LanguageCatalog]
    stage: Stage = field(default_factory=Stage)
    # Each language's glossary abbreviations, the same text on nearly every page.
    glossary: dict[str, str] = field(default_factory=dict)

    def packet(self, lang: str, kind: str, key: str) -> PacketFile | None:
        return self.packets.get((lang, kind, key))

    def publish(self, lang: str, path: str, packet: PacketFile) -> None:
        """A packet of this build, downloadable at `<lang>/<path>`."""
        self.stage.downloads[f"{lang}/{path}"] = packet.path


def assemble(
    project: Project,
    packets: dict[tuple[str, str, str], PacketFile],
    offline: dict[str, Path] | None = None,
    directory_urls: bool = True,
    repo: Repository | None = None,
    preview_without_packets: bool = False,
    statuses: list[LanguageStatus] | None = None,
) -> Stage:
    """Every language's pages, generated pages, assets and navigation; `statuses`, when
    the caller has them already (translation_statuses), are not computed again."""
    job = _Assembly(
        project,
        packets,
        offline,
        directory_urls,
        repo or Repository(directory_urls=directory_urls),
        preview_without_packets,
        {lang.code: catalog(project, lang.code) for lang in project.languages},
    )
    if statuses is None:
        statuses = translation_statuses(project)
    shared = shared_inputs(job) if memo.active() else Shared("", "")
    for lang in project.languages:
        names = job.catalogs[lang.code]
        for site_path, english in sorted(project.english.items()):
            job.stage.pages[(lang.code, site_path)] = kept_page(
                job, names, site_path, english, shared
            )
        for site_path, page in generated_pages(job, names, statuses, shared).items():
            job.stage.pages[(lang.code, site_path)] = page
    stage_assets(project, offline, job.stage)
    job.stage.nav = navigation(project)
    job.stage.nav_translations = {
        lang.code: {
            project.strings[project.default.code].t(k): project.strings[lang.code].t(k)
            for k in NAV_KEYS
        }
        for lang in project.languages[1:]
    }
    return job.stage


def kept_page(
    job: _Assembly, names: LanguageCatalog, site_path: str, english: Source, shared: Shared
) -> PageText:
    """source_page(), or in the preview the page made at an earlier save when neither
    its own sources nor anything else it may read (`shared`) changed since."""
    translation = job.project.translations.get(names.code, {}).get(site_path)
    plans = shared.plans if site_path.startswith("curricula/") else ""
    key = (english.text, translation.source.text if translation else None, shared.pages, plans)

    def make() -> tuple[PageText, dict[str, Path]]:
        before = set(job.stage.downloads)
        page = source_page(job, names, site_path, english)
        return page, {k: v for k, v in job.stage.downloads.items() if k not in before}

    page, downloads = memo.latest("page", (names.code, site_path), key, make)
    job.stage.downloads.update(downloads)  # the packets it links, as when it was made
    return page


# A plan's fields that only its own page and the programme pages read: an agenda edit
# leaves every other page as it was (a programme page reads its workshops' agendas).
PLAN_ONLY = frozenset(
    {"agenda", "objectives", "materials", "preparation", "room", "handouts", "accessibility"}
    | {"safety", "online", "evaluation", "facilitators", "audience", "rationale"}
)


@dataclass(frozen=True)
class Shared:
    """Hashes of what a page may read besides its own sources (the preview's keys)."""

    # Every source's front matter (a plan's without PLAN_ONLY), the glossary whole (its
    # terms are on every page), the strings and the options; a knowledge page's body
    # is read by that page alone, a plan's by its own page and the programmes.
    pages: str
    plans: str  # every plan and programme, whole: what a programme page reads


def shared_inputs(job: _Assembly) -> Shared:
    project = job.project
    pages = [
        repr((job.packets, job.offline, job.directory_urls, job.repo)),
        repr((job.preview_without_packets, project.languages)),
    ]
    plans = []
    sources = [(p, s) for p, s in sorted(project.english.items())] + [
        (p, t.source)
        for _, translated in sorted(project.translations.items())
        for p, t in sorted(translated.items())
    ]
    for site_path, source in sources:
        if site_path == "glossary.md":
            pages.append(f"{source.rel}\0{source.text}")
        elif site_path.startswith(("workshops/", "curricula/")):
            header = {k: v for k, v in source.meta.items() if k not in PLAN_ONLY}
            pages.append(f"{source.rel}\0{header!r}")
            plans.append(f"{source.rel}\0{source.text}")
        else:
            pages.append(f"{source.rel}\0{source.meta!r}")
    pages += [repr((s.values, s.forms, s.source)) for _, s in sorted(project.strings.items())]
    return Shared(content_hash("\n".join(pages)), content_hash("\n".join(plans)))


def source_page(
    job: _Assembly, names: LanguageCatalog, site_path: str, english: Source
) -> PageText:
    """One page of docs/ or workshops/ in one language: its translation, or the English
    under a notice, with the sections generated from the model."""
    project, lang, s = job.project, names.language, names.strings
    translation = project.translations.get(lang.code, {}).get(site_path)
    source = translation.source if translation else english
    page = PageText(default_origin=(source.rel, 1))
    meta = page_meta(project, lang, site_path, source)
    links = meta_links(project, job.repo, meta, site_path, lang.code)
    if links:
        meta["sc_contribute"] = links
    if pictured(project, site_path, source.body):
        meta["sc_pictures"] = True
    # The facilitator's planner: its form, script and print sheets (workshop pages).
    planner = planner_for(project, lang.code, site_path)
    if planner:
        meta["sc_planner"] = asdict(planner)
    page.add(front_matter(meta))
    page.add(notice(project, lang, site_path, s))
    # English shown in another language is marked as English, left to right, so
    # its punctuation, "#MeToo" and a screen reader's voice come out right.
    fallback = translation is None and lang != project.default
    if fallback:
        page.add(ENGLISH_OPEN)
    kind, _, name = site_path.partition("/")
    key = name[:-3]
    if kind == "workshops" and key in project.workshops:
        plan_page(job, names, key, page)
    elif kind == "curricula" and key in project.curricula:
        programme_page(job, names, key, page)
    elif site_path == "glossary.md" and not fallback:
        for text, line in ordered_sections(source.body, source.body_line, lang.code):
            page.add_source(report_routes(text, links), source.rel, line)
            if line == source.body_line and s.english().has("glossary.order"):
                page.add(f"*{s.t('glossary.order')}*\n")
    else:
        if kind == "cases" and key in project.cases:
            page.add(case_facts(project.cases[key], s))
        page.add_source(report_routes(source.body, links), source.rel, source.body_line)
        if fallback:
            # What follows is generated in the reader's language.
            page.add(ENGLISH_CLOSE)
            fallback = False
        sections = knowledge_sections(job, names, site_path)
        if sections:
            page.add(sections)
    if fallback:
        page.add(ENGLISH_CLOSE)
    elif lang != project.default and translation is not None:
        page.lines = [admonition_title(line, s) for line in page.lines]
    if site_path != "glossary.md":
        if lang.code not in job.glossary:
            job.glossary[lang.code] = abbreviations(glossary_terms(project, lang.code))
        page.add(job.glossary[lang.code])
    return page


def plan_page(job: _Assembly, names: LanguageCatalog, key: str, page: PageText) -> None:
    """A workshop page's generated body, with its two packets when the build has them."""
    code, s = names.code, names.strings
    wp, hp = job.packet(code, "workshop", key), job.packet(code, "handouts", key)
    link = None
    if wp and hp:  # a page links both packets or neither
        link = (f"{key}-packet.pdf", wp.pages, f"{key}-handouts.pdf", hp.pages)
        job.publish(code, f"workshops/{key}-packet.pdf", wp)
        job.publish(code, f"workshops/{key}-handouts.pdf", hp)
    if job.preview_without_packets:
        page.add(preview_no_packets(s, names.language))
    plan = job.project.plans[code][key]
    merge(page, workshop_page(plan, names, link))


def programme_page(job: _Assembly, names: LanguageCatalog, key: str, page: PageText) -> None:
    """A curriculum page's generated body, with its packet when the build has it."""
    code, s = names.code, names.strings
    cp = job.packet(code, "curriculum", key)
    if cp:
        job.publish(code, f"curricula/{key}-packet.pdf", cp)
    if job.preview_without_packets:
        page.add(preview_no_packets(s, names.language))
    programme = job.project.programmes[code][key]
    link = (f"{key}-packet.pdf", cp.pages) if cp else None
    merge(page, curriculum_page(programme, job.project.workshops, names, link))


def knowledge_sections(job: _Assembly, names: LanguageCatalog, site_path: str) -> str:
    """What the model adds under a principle, a case, the cases index or the
    facilitators' page (in the reader's language, also under an English page)."""
    project, s = job.project, names.strings
    kind, _, name = site_path.partition("/")
    key = name[:-3]
    if kind == "principles" and key in project.principles:
        return principle_sections(
            project.principles[key],
            project.cases,
            names,
            {wid: w.minutes for wid, w in project.workshops.items()},
            job.directory_urls,
        )
    if kind == "cases" and key in project.cases:
        return case_sections(project.cases[key], names)
    if site_path == "cases/index.md":
        return "\n" + cases_index(project.cases, project.principles, names, job.directory_urls)
    if site_path == "facilitators.md" and job.offline:
        return offline_section(project, names.language, s, job.offline)
    return ""


def generated_pages(
    job: _Assembly, names: LanguageCatalog, statuses: list[LanguageStatus], shared: Shared
) -> dict[str, PageText]:
    """The pages made from the model alone: the indexes, the status page, the builder.

    In the preview each is kept while what it reads is unchanged: every source's front
    matter, the strings and the options (`shared.pages`); the builder also every
    plan whole, and the status page the statuses (kept themselves, model/status.py)."""
    project, s, code = job.project, names.strings, names.code
    order = [p.id for p in sorted(project.principles.values(), key=lambda p: p.order)]
    # Each page's inputs, and its title, meta description (in its language, else
    # MkDocs would use the English site_description) and text.
    made: dict[str, tuple[Hashable, Callable[[], tuple[str, str, str]]]] = {
        "workshops/index.md": (
            shared.pages,
            lambda: (
                s.t("nav.workshops"),
                s.t("workshops.intro"),
                workshops_index(project.workshops, names, order),
            ),
        ),
        "curricula/index.md": (
            shared.pages,
            lambda: (
                s.t("nav.curricula"),
                s.t("curricula.intro"),
                curricula_index(project.curricula, project.workshops, names),
            ),
        ),
        "status.md": (
            (shared.pages, tuple(id(status) for status in statuses)),
            partial(_status_text, job, names, statuses),
        ),
    }
    if has_builder(project):
        made[BUILDER_PAGE] = (
            (shared.pages, shared.plans),
            lambda: (
                s.t("builder.title"),
                s.t("builder.description"),
                builder_page(s, job.directory_urls),
            ),
        )
    pages = {}
    for site_path, (key, text_of) in made.items():
        pages[site_path] = memo.latest(
            "generated",
            (code, site_path),
            key,
            partial(_generated_page, job, names, site_path, text_of),
        )
    return pages


def _status_text(
    job: _Assembly, names: LanguageCatalog, statuses: list[LanguageStatus]
) -> tuple[str, str, str]:
    s = names.strings
    titles = {c: n.titles for c, n in job.catalogs.items()}
    text = status_page(
        statuses, s, names.code, job.project.default.code, titles, job.directory_urls
    )
    return s.t("status.title"), s.t("status.intro"), text


def _generated_page(
    job: _Assembly,
    names: LanguageCatalog,
    site_path: str,
    text_of: Callable[[], tuple[str, str, str]],
) -> PageText:
    project, code = job.project, names.code
    title, description, text = text_of()
    page = PageText()
    meta: dict[str, Any] = {"title": title, "description": description, "sc_generated": True}
    meta.update(language_meta(names.language))
    if site_path == "status.md":
        meta["sc_status"] = True  # loads status.css (overrides/main.html)
    if site_path == BUILDER_PAGE:
        published = {k for (c, kind, k) in job.packets if c == code and kind == "workshop"}
        meta["sc_builder"] = builder_for(project, code, names.titles, job.directory_urls, published)
    links = meta_links(project, job.repo, meta, site_path, code)
    if links:
        meta["sc_contribute"] = links
    page.add(front_matter(meta))
    if not re.search(r"^#", text, re.MULTILINE):
        # Material's "skip to content" link goes to the page's first heading: a page of
        # no headings (the builder, the curricula) has its title as one, so it has the link.
        page.add(f"# {title} {{#{TITLE_ID}}}\n")
    page.add(text)
    return page


# The id of the title of a generated page that has no other heading.
TITLE_ID = "sc-title"


def stage_assets(project: Project, offline: dict[str, Path] | None, stage: Stage) -> None:
    """The offline zips, and docs/'s files that are not pages (figures in every language)."""
    for code, path in (offline or {}).items():
        # In the default language's folder: published once at /offline/, not copied per language.
        stage.assets[f"{project.default.code}/offline/solidarity-commons-{code}.zip"] = path
    for path in sorted((project.root / "docs").rglob("*")):
        if path.is_file() and path.suffix != ".md" and not path.is_symlink():
            rel = path.relative_to(project.root / "docs").as_posix()
            if rel.startswith(FIGURES):
                # In every language's folder: a page in any language shows it by the path
                # its English source uses, and each language's build (and zip) has it.
                for lang in project.languages:
                    stage.assets[f"{lang.code}/{rel}"] = path
            else:
                stage.assets[rel] = path


# Pictures that pages show as Markdown images (`![words](assets/figures/x.svg)`).
FIGURES = "assets/figures/"


def preview_no_packets(s: Strings, lang: Language) -> str:
    """Said instead of the packet links in a preview that renders no packets (a stale
    PDF would mislead); only the preview asks for it, so it never reaches a published
    page. In the page's language and direction, also inside an English fallback."""
    words = html.escape(s.t("preview.no_packets"), quote=False).replace(
        "{command}", '<code dir="ltr">make serve PACKETS=1</code>'
    )
    # A language without its own strings file shows the English words: marked so.
    code, direction = (s.lang, lang.dir) if s.has("preview.no_packets") else ("en", "ltr")
    return (
        f'\n<p lang="{code}" dir="{direction}" class="sc-preview-note">'
        f"<strong>{html.escape(s.t('preview.label'), quote=False)}</strong> {words}</p>\n"
    )


# md_in_html (mkdocs.yml) reads the Markdown inside the wrapper.
ENGLISH_OPEN = '\n<div lang="en" dir="ltr" class="sc-english" markdown>\n'
ENGLISH_CLOSE = "\n</div>\n"


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
    elif lang != project.default and project.strings[lang.code].english().has("site.description"):
        # Not the English site_description of mkdocs.yml.
        meta["description"] = project.strings[lang.code].t("site.description")
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
    meta.update(language_meta(lang))
    return meta


def language_meta(lang: Language) -> dict[str, Any]:
    """What every page of a language tells its template: upright.css where its script
    has no italics (overrides/main.html)."""
    return {"sc_upright": True} if lang.upright else {}


def pictured(project: Project, site_path: str, body: str = "") -> bool:
    """Pages with pictures, doors or a figure of docs/assets/figures/, which load
    pictures.css (overrides/main.html)."""
    kind, _, name = site_path.partition("/")
    return (
        site_path in ("index.md", "cases/index.md")
        or FIGURES in body
        or (kind == "workshops" and name[:-3] in project.workshops)
        or (kind == "principles" and name[:-3] in project.principles)
    )


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
    # Written as the admonition's HTML so the mark that keeps it out of the search
    # index is in the page itself, whichever engine renders and indexes it.
    return (
        f'<div class="admonition {kind} sc-notice" data-search-exclude markdown>\n'
        f"{text} {link}\n</div>\n"
    )


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
