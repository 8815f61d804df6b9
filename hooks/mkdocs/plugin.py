"""The MkDocs side of the build: event methods over the pipeline (hooks/pipeline.py).

Event order within one `mkdocs build`:

1. on_config (before mkdocs-static-i18n): `pipeline.stage` loads and validates all
   sources once, renders packets that are due and writes every language's pages;
   MkDocs is pointed at them.
2. on_files: each language build publishes its own packets from the cache.
3. on_page_content / on_post_page: the Finisher checks each page's content and
   makes its final HTML.
4. on_post_build (after i18n has built every language): the Finisher's site step.

mkdocs-static-i18n runs a nested build per language with this same plugin object,
which calls these events again; the staged model is kept on the object and reused.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .. import pipeline
from ..model.project import source_files
from ..model.translations import Language
from ..pages.stage import link_or_copy
from ..postbuild import search
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
    # Set by the preview (hooks/mkdocs/preview.py), never in mkdocs.yml
    preview = c.Type(bool, default=False)


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in source_files(root))


def _report(level: str, message: str) -> None:
    getattr(log, level)(message)


def _toc_ids(toc: TableOfContents) -> list[str]:
    ids, stack = [], list(toc or [])
    while stack:
        item = stack.pop()
        ids.append(item.id)
        stack.extend(item.children)
    return ids


class SolidarityPlugin(BasePlugin[SolidarityConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.staged: pipeline.Staged | None = None
        self.finisher: pipeline.Finisher | None = None
        self.signature: Any = None

    def _i18n(self, config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def languages(self, config: MkDocsConfig) -> list[Language]:
        i18n = self._i18n(config)
        if i18n is None:
            return [Language("en", "English")]
        langs = sorted(i18n.config.languages, key=lambda lang: not lang.default)
        return [Language(lang.locale, lang.name) for lang in langs]

    def pipeline_options(self, config: MkDocsConfig) -> pipeline.Options:
        ours = self.config
        return pipeline.Options(
            packets=ours.packets,
            packet_workers=ours.packet_workers,
            check_links=ours.check_links,
            offline=ours.offline,
            offline_build=ours.offline_build,
            offline_dir=ours.offline_dir,
            per_language_search=ours.per_language_search,
            cache_dir=ours.cache_dir,
            site_url=config.site_url or "",
            repo_url=config.repo_url or "",
            edit_uri=config.edit_uri or "",
            preview=ours.preview,
        )

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        options = self.pipeline_options(config)
        signature = _signature(root)
        staged = self.staged
        if staged is None or self.signature != signature or staged.options != options:
            try:
                staged = self.staged = pipeline.stage(
                    root, self.languages(config), options, _report
                )
            except pipeline.PipelineError as exc:
                raise PluginError(str(exc)) from None
            self.signature = signature
        i18n = self._i18n(config)
        if self.finisher is None or i18n is None or not i18n.building:
            self.finisher = pipeline.Finisher(staged, _report)  # the outer build starts afresh
        config.docs_dir = str(staged.docs_dir)
        if options.offline_build:
            # Ship the iframe-worker shim ourselves: Material's offline plugin would load it from a CDN.
            from ..postbuild.offline import SHIM

            config.extra["polyfills"] = [SHIM]
        config.nav = staged.stage.nav
        install_filter(self.finisher.deferred)
        if i18n is not None:
            _linear_duplicates(i18n)
            for lang in i18n.config.languages:
                if lang.locale in staged.stage.nav_translations:
                    lang.nav_translations = staged.stage.nav_translations[lang.locale]
        return config

    def _lang(self, page: Page) -> str:
        assert self.staged is not None
        return getattr(page.file, "locale", None) or self.staged.project.default.code

    @event_priority(-150)  # after mkdocs-static-i18n has sorted the staged files by language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.staged is not None
        i18n = self._i18n(config)
        default = self.staged.project.default.code
        building = i18n.current_language if i18n is not None else default
        # mkdocs-static-i18n publishes the default language's folder at the site root.
        at_root = i18n is not None and building == i18n.default_language
        for staged, source in self.staged.stage.downloads.items():
            if staged.partition("/")[0] == building:
                files.append(download_file(staged, source, config, at_root))
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.staged is not None
        for folder in ("docs", "workshops", "translations", "hooks", "overrides"):
            if (self.staged.root / folder).is_dir():
                server.watch(str(self.staged.root / folder))
        return server

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        # The sitemap's dates (and its .gz stamp) are the sources' date, not today's,
        # so the same sources give the same bytes.
        assert self.staged is not None
        page.update_date = self.staged.project.build_time.strftime("%Y-%m-%d")
        return page

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.finisher is not None
        source = page.meta.get("sc_source", page.file.src_uri)
        return self.finisher.content(html, source, page.file.src_uri, page.url, _toc_ids(page.toc))

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return pipeline.Finisher.template(output_content, template_name)

    @event_priority(-200)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.finisher is not None
        source = page.meta.get("sc_source", page.file.src_uri)
        return self.finisher.page(
            output,
            self._lang(page),
            page.canonical_url or "",
            Path(page.file.abs_dest_path),
            source,
        )

    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = self._i18n(config)
        if i18n is not None and i18n.building:
            return  # a nested per-language build; the outer build finishes the job
        assert self.finisher is not None
        self.finisher.site(Path(config.site_dir))
        self.finisher = None


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


def _linear_duplicates(i18n: Any) -> None:
    """mkdocs-static-i18n's search duplicate step, made linear (postbuild/search.py):
    the same entries kept, about 2 s less at the end of every real-site build."""
    own = type(i18n).reconfigure_search_duplicates
    if getattr(i18n.reconfigure_search_duplicates, "linear", False):
        return

    def drop(entries: list[dict[str, Any]]) -> None:
        if not search.drop_duplicates(entries, list(i18n.build_languages)):
            own(i18n, entries)

    drop.linear = True  # type: ignore[attr-defined]
    i18n.reconfigure_search_duplicates = drop


# Quiet a message that is expected here: every language has its own copy of the
# theme assets, which mkdocs-static-i18n reports at debug level only.
logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.INFO)
