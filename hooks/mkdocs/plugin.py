"""The MkDocs side of the build: thin event functions over the modules that do the work.

Event order within one `mkdocs build`:

1. on_config (before mkdocs-static-i18n): load and validate all sources once,
   render packets that are due, assemble every language's pages into a staged
   docs folder and point MkDocs at it.
2. on_page_content: check each rendered page for unsafe HTML and record its
   links and anchors.
3. on_post_build (after i18n has built every language): per-language search
   indexes, the link check over all languages, offline bundles.

mkdocs-static-i18n runs a nested build per language, which calls these events
again; the model and the stage are built once per process and reused.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..model.catalog import PacketFile
from ..model.project import Project, load_project, source_files
from ..model.status import fallback_summary
from ..model.translations import RTL, Language
from ..pages.assemble import assemble
from ..pages.contribute import page_links
from ..pages.planner import planner_for
from ..pages.stage import Stage, link_or_copy, write_stage
from ..postbuild import links, search
from ..postbuild.head import absolute_alternates, name_search_dialog
from ..postbuild.safety import (
    add_csp,
    line_of_text,
    scan,
    set_direction,
    unknown_scripts,
    without_unknown_scripts,
)
from ..postbuild.theme import focusable_code, patch_bundles, start_theme_on_interaction, wrap_tables
from ..postbuild.weight import Vocabulary, compact_html, slim_stylesheets
from .logfilter import install_filter

log = get_plugin_logger("solidarity")


class SolidarityConfig(Config):
    # Settings for packets
    packets = c.Type(bool, default=True)
    packet_workers = c.Type(int, default=0)  # 0: one per core
    # Settings for checks
    check_links = c.Type(bool, default=True)
    # Settings for output
    offline = c.Type(bool, default=True)  # publish and link the offline zips when they exist
    offline_build = c.Type(bool, default=False)  # this build is the offline variant
    offline_dir = c.Type(str, default=".cache/solidarity/offline")
    per_language_search = c.Type(bool, default=True)
    # Settings for caching
    cache_dir = c.Type(str, default=".cache/solidarity")


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in source_files(root))


class SolidarityPlugin(BasePlugin[SolidarityConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.stage: Stage | None = None
        self.collector = links.Collector()
        # Classes on the rendered pages, and which pages they came from (see weight.py).
        self.vocabulary = Vocabulary()
        self.rendered: set[Path] = set()
        # Problems found while rendering pages, reported once every language is built:
        # a strict build would otherwise stop at the first language that has one.
        self.page_problems: list[str] = []
        # MkDocs' own link findings, taken from its log (logfilter.py).
        self.deferred = links.Deferred()
        # The model and stage, kept for i18n's nested builds (the same plugin object)
        # while no source file has changed.
        self.prepared: dict[str, Any] | None = None

    @property
    def options(self) -> tuple[bool, bool, bool]:
        return (self.config.packets, self.config.offline, self.config.offline_build)

    def _i18n(self, config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def languages(self, config: MkDocsConfig) -> list[Language]:
        i18n = self._i18n(config)
        if i18n is None:
            return [Language("en", "English")]
        langs = sorted(i18n.config.languages, key=lambda lang: not lang.default)
        return [Language(lang.locale, lang.name) for lang in langs]

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.config_file_path:
            self.root = Path(config.config_file_path).resolve().parent
        root = self.root
        cache = root / self.config.cache_dir
        signature = _signature(root)
        state = self.prepared
        if state is None or state["signature"] != signature or state["options"] != self.options:
            state = self.prepared = self._prepare(root, cache, config, signature)
        self.project, self.stage = state["project"], state["stage"]
        i18n = self._i18n(config)
        if i18n is None or not i18n.building:
            self.deferred = links.Deferred()  # the outer build starts afresh
        config.docs_dir = str(cache / ("docs-offline" if self.config.offline_build else "docs"))
        if self.config.offline_build:
            # Ship the iframe-worker shim ourselves: Material's offline plugin would load it from a CDN.
            from ..postbuild.offline import SHIM

            config.extra["polyfills"] = [SHIM]
        config.nav = self.stage.nav
        install_filter(self.deferred)
        if i18n is not None:
            for lang in i18n.config.languages:
                if lang.locale in self.stage.nav_translations:
                    lang.nav_translations = self.stage.nav_translations[lang.locale]
        return config

    def _prepare(
        self, root: Path, cache: Path, config: MkDocsConfig, signature: Any
    ) -> dict[str, Any]:
        languages = self.languages(config)
        project = load_project(root, languages)
        levels = {"error": log.error, "warning": log.warning, "info": log.info}
        for problem in project.problems:
            levels[problem.severity](str(problem))
        if project.problems.errors:
            count = len(project.problems.errors)
            raise PluginError(
                f"{count} problem{'s' if count > 1 else ''} in the sources (listed above); "
                "fix them and build again"
            )
        packets: dict[tuple[str, str, str], PacketFile] = {}
        if self.config.packets:
            from ..packets.jobs import unsafe_packet_content
            from ..packets.paper import PacketError
            from ..packets.render import render_all

            unsafe = unsafe_packet_content(project)
            if unsafe:
                for message in unsafe:
                    log.error(message)
                raise PluginError(
                    f"{len(unsafe)} packet text(s) with unsafe HTML (listed above); "
                    "no packet was rendered"
                )
            try:
                packets, rendered = render_all(
                    project,
                    cache / "packets",
                    workers=self.config.packet_workers or os.cpu_count() or 1,
                    site_url=config.site_url or "",
                )
            except PacketError as exc:
                raise PluginError(f"packets failed: {exc}") from None
            log.info(f"packets: {rendered} rendered, {len(packets) - rendered} from the cache")
        offline: dict[str, Path] = {}
        if self.config.offline and not self.config.offline_build:
            from ..postbuild.offline import zip_name

            for lang in languages:
                path = root / self.config.offline_dir / zip_name(lang.code)
                if path.exists():
                    offline[lang.code] = path
            if len(offline) != len(languages):
                log.info(
                    "offline zips not found (made by `make site`): the facilitators page will not link them"
                )
                offline = {}
        # The offline variant uses file names (Material's offline plugin turns directory URLs off).
        stage = assemble(
            project, packets, offline=offline, directory_urls=not self.config.offline_build
        )
        if len(languages) > 1:
            log.info(fallback_summary(project))
        written = write_stage(
            stage, cache / ("docs-offline" if self.config.offline_build else "docs")
        )
        log.debug(f"staged {len(stage.pages)} pages ({written} changed)")
        return {"signature": signature, "options": self.options, "project": project, "stage": stage}

    @event_priority(-150)  # after mkdocs-static-i18n has sorted the staged files by language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.stage is not None
        i18n = self._i18n(config)
        building = i18n.current_language if i18n is not None else self.project.default.code
        # mkdocs-static-i18n publishes the default language's folder at the site root.
        at_root = i18n is not None and building == i18n.default_language
        for staged, source in self.stage.downloads.items():
            if staged.partition("/")[0] == building:
                files.append(download_file(staged, source, config, at_root))
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("docs", "workshops", "translations", "hooks", "overrides"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        # The sitemap's dates (and its .gz stamp) are the sources' date, not today's,
        # so the same sources give the same bytes.
        if self.project is not None:
            page.update_date = self.project.build_time.strftime("%Y-%m-%d")
        return page

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        scanned = scan(html)  # one pass serves the safety check and the link check
        problems = scanned.found
        if problems:
            where = page.meta.get("sc_source", page.file.src_uri)
            try:
                text = (self.root / where).read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                text = ""
            for problem in dict.fromkeys(problems):
                line = line_of_text(text, scanned.needles.get(problem, ""))
                self.page_problems.append(
                    f"{where}:{line}: unsafe HTML removed from the page: {problem} "
                    "(translator files may not contain scripts, frames, forms, event handlers, "
                    "javascript:/data: links or anything fetched from another host)"
                )
            self.collector.unsafe += 1
            # Nothing unsafe reaches a page, even in a non-strict preview.
            return "<p>This page was withheld because its source contains unsafe HTML.</p>"
        if self.config.check_links:
            started = time.perf_counter()
            self.collector.add_page(page.file.src_uri, page.url, scanned, page.toc)
            self.collector.seconds += time.perf_counter() - started
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Edit, translate and report links in the page's language (partials/contribute.html).
        if self.project is not None:
            lang = getattr(page.file, "locale", None) or self.project.default.code
            context["sc_contribute"] = page_links(  # type: ignore[typeddict-unknown-key]
                self.project,
                config.repo_url or "",
                config.edit_uri or "",
                page.meta,
                page.canonical_url or page.abs_url or page.url,
                str(page.title or ""),
                lang,
            )
            # The facilitator's planner: its form, script and print sheets, on workshop pages only.
            context["sc_planner"] = planner_for(self.project, lang, page.file.src_uri)  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-200)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        lang = getattr(page.file, "locale", None) or (
            self.project.default.code if self.project else "en"
        )
        direction = "rtl" if lang.split("-")[0] in RTL else "ltr"
        output = compact_html(name_search_dialog(set_direction(output, direction)))
        output = focusable_code(wrap_tables(start_theme_on_interaction(output)))
        if page.canonical_url and not self.config.offline_build:
            default = self.project.default.code if self.project else "en"
            output = absolute_alternates(output, page.canonical_url, default)
        self.vocabulary.add_html(output)
        self.rendered.add(Path(page.file.abs_dest_path))
        unknown = unknown_scripts(output)
        if unknown:
            where = page.meta.get("sc_source", page.file.src_uri)
            self.page_problems.extend(
                f"{where}: an inline script the build did not write reached the page "
                f"(`{text}`) and was removed"
                for text in unknown
            )
            output = without_unknown_scripts(output)
        # file:// has no origin for 'self' to name, so the offline copy goes without.
        return output if self.config.offline_build else add_csp(output)

    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = self._i18n(config)
        if i18n is not None and i18n.building:
            return  # a nested per-language build; the outer build finishes the job
        site_dir = Path(config.site_dir)
        assert self.project is not None and self.stage is not None
        for problem in dict.fromkeys(self.page_problems):
            log.error(problem)
        self.page_problems = []
        for problem in patch_bundles(site_dir):
            log.warning(problem)
        for name, (before, after) in slim_stylesheets(
            site_dir, self.vocabulary, self.rendered
        ).items():
            log.debug(f"{name}: {before} bytes, {after} after removing rules no page uses")
        if self.config.per_language_search:
            search.split_index(site_dir, [lang.code for lang in self.project.languages])
        if self.config.check_links:
            started = time.perf_counter()
            reports = links.check(
                self.collector, self.stage, site_dir, self.project.default.code, self.deferred
            )
            self.collector.seconds += time.perf_counter() - started
            for report in reports:
                log.warning(str(report))
            # The time is what checking adds to the build (the page scan is shared with
            # the safety check); the benchmark compares it with lychee.
            log.info(
                f"checked {self.collector.link_count} links on {len(self.collector.pages)} pages "
                f"in {self.collector.seconds:.2f} s: "
                f"{len(reports)} problem{'s' if len(reports) != 1 else ''}"
            )
        if self.config.offline_build:
            from ..postbuild.offline import bundle_all, inline_search_indexes

            codes = [lang.code for lang in self.project.languages]
            inline_search_indexes(site_dir, codes)
            made = bundle_all(
                site_dir, self.root / self.config.offline_dir, codes, self.project.build_time
            )
            log.info(
                f"offline zips: {', '.join(str(p.relative_to(self.root)) for p in made.values())}"
            )
        self.collector = links.Collector()
        self.vocabulary, self.rendered = Vocabulary(), set()


class CachedFile(File):
    """A file published straight from a cache: hard-linked into the site, not copied."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


def download_file(staged: str, source: Path, config: MkDocsConfig, at_root: bool) -> File:
    """A packet as MkDocs sees it: beside its page's staged source, so Markdown links
    to it resolve and are checked, and under its language's pages in the site."""
    file = CachedFile(
        staged,
        src_dir=None,
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
        dest_uri=staged.partition("/")[2] if at_root else staged,
    )
    file.abs_src_path = str(source)
    return file


# Quiet a message that is expected here: every language has its own copy of the
# theme assets, which mkdocs-static-i18n reports at debug level only.
logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.INFO)
