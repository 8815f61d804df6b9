"""The MkDocs side of the preview: one full build, then single pages re-rendered.

The first build is a real `mkdocs build` (Material, mkdocs-static-i18n and our plugin)
into the served folder, during which each language's files, navigation and template
environment are kept. After a save the model is reloaded (cheaply: hooks/model/memo.py),
every page is assembled again, and only the pages whose staged Markdown changed are
rendered again, through MkDocs' own page steps, with the configuration mkdocs-static-i18n
makes for their language. The server and the watching are hooks/preview/.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import pipeline
from ..model import memo
from ..model.sources import relpath
from ..postbuild import links, search
from ..preview.updates import Update
from .plugin import SolidarityPlugin

# (level, message), as the pipeline reports.
Report = Callable[[str, str], None]

# MkDocs' messages reach the terminal through each update's problems only.
logging.getLogger("mkdocs").addHandler(logging.NullHandler())


@dataclass
class LanguageBuild:
    """What one language's build made that a page needs to be rendered again."""

    files: Files
    nav: Navigation
    env: Environment


class Keeper(BasePlugin):
    """Keeps each language's files, navigation and environment as the build makes them.

    It also makes the first build lighter than a published one, without changing a
    page: the templates are compiled once for all languages, and Material's search
    notes each page for finish() instead of indexing it (a sixth of the build, and
    the Chinese word list loaded), so the site is served before its indexes are made."""

    def __init__(self, templates: BytecodeCache, unindexed: list[tuple[Page, str]]) -> None:
        super().__init__()
        self.builds: dict[str, LanguageBuild] = {}
        self._nav: dict[str, Navigation] = {}
        self.finisher: pipeline.Finisher | None = None
        self.language: Callable[[], str] = lambda: ""
        self.templates = templates
        self.unindexed = unindexed

    @event_priority(-300)  # after Material's search has made this language's index
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        theme = config.theme
        # mkdocs-static-i18n puts its sitemap folder in front again for each language:
        # the copies change no lookup, only make each one slower.
        theme.dirs[:] = list(dict.fromkeys(theme.dirs))
        if not isinstance(theme.get_env, _ListedOnce):
            theme.get_env = _ListedOnce(theme.get_env)  # type: ignore[method-assign]
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if index is not None:
            search.search_index = _Later(self.unindexed, **index.config)  # type: ignore[union-attr]

    @event_priority(-300)  # after mkdocs-static-i18n has made the language's navigation
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav[self.language()] = nav
        return nav

    @event_priority(-300)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # Each language's build makes a new environment, and Jinja caches per environment.
        env.bytecode_cache = env.bytecode_cache or self.templates
        lang = self.language()
        self.builds[lang] = LanguageBuild(files, self._nav[lang], env)
        return env

    @event_priority(-190)  # before our plugin's site step lets go of its Finisher
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        ours = config.plugins["solidarity"]
        assert isinstance(ours, SolidarityPlugin)
        if ours.finisher is not None:
            self.finisher = ours.finisher


class Preview:
    """A site built once and kept in memory, then brought up to date page by page."""

    def __init__(
        self,
        config_file: Path,
        site_dir: Path,
        *,
        packets: bool = False,
        language: str | None = None,
    ) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.site_dir = site_dir.resolve()
        self.packets = packets
        self.language = language
        self.texts: dict[tuple[str, str], str] = {}
        self.config: MkDocsConfig | None = None
        # Search entries of the pages rendered since the last finish(), by address.
        self.entries: dict[str, list[dict[str, Any]]] = {}
        # The pages rendered since the last finish(), with their content as Material's
        # search would have read it, for finish() to index.
        self.unindexed: list[tuple[Page, str]] = []
        # A save's pages left for finish(): all but the saved page itself (_saved_first).
        self.pending: list[tuple[str, str]] = []
        # Every language's search entries as the merged index last held them.
        self.search_docs: list[dict[str, Any]] | None = None
        self.templates = _Templates()
        self.keeper = Keeper(self.templates, self.unindexed)
        self.memo = memo.Memo()  # the model's per-file results, kept between saves

    # -- the first build, and any build of the whole site ---------------------------

    def build_all(self) -> Update:
        started = time.perf_counter()
        update = Update(full=True)
        try:
            config = self._config()
        except MkDocsException as exc:  # mkdocs.yml cannot be read, or LANG is not a language
            update.problems.append(f"ERROR {exc}")
            self.config = None
            return update
        ours = config.plugins["solidarity"]
        assert isinstance(ours, SolidarityPlugin)
        i18n = config.plugins.get("i18n")
        # The pages are indexed by finish(), once the site is served.
        self.search_docs, self.entries, self.unindexed = None, {}, []
        self.pending = []
        keeper = Keeper(self.templates, self.unindexed)
        default = i18n.default_language if i18n is not None else "en"
        keeper.language = (lambda: i18n.current_language or default) if i18n else (lambda: "en")
        config.plugins["solidarity-preview"] = keeper
        with _collecting(update):
            try:
                with memo.using(self.memo):
                    build(config)
            except (MkDocsException, pipeline.PipelineError) as exc:
                update.problems.append(f"ERROR {exc}")
                update.seconds = time.perf_counter() - started
                self.config = None  # the next save builds everything again
                self.unindexed.clear()
                return update
        self.config, self.keeper = config, keeper
        if any(code.startswith("zh") for code in keeper.builds):
            _load_segmenter()
        assert ours.staged is not None
        self.texts = {key: page.text() for key, page in ours.staged.stage.pages.items()}
        update.pages = [f"{lang}/{path}" for lang, path in sorted(self.texts)]
        update.labels = _labels(ours.staged.project)
        update.seconds = time.perf_counter() - started
        return update

    def _config(self) -> MkDocsConfig:
        """The project's configuration, set for the preview."""
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        config.strict = False  # a broken link is reported, and the preview goes on
        ours = config.plugins["solidarity"]
        assert isinstance(ours, SolidarityPlugin)
        ours.config.packets = self.packets
        ours.config.preview = True
        ours.config.offline = False  # the zips are made by `make site`, not for a preview
        i18n = config.plugins.get("i18n")
        if i18n is not None and self.language:
            known = [lang.locale for lang in i18n.config.languages]
            if self.language not in known:
                raise MkDocsException(
                    f"LANG={self.language} is not a language of this site; "
                    f"choose one of {', '.join(known)}"
                )
            # Its own addresses (/ar/...), unlike build_only_locale: the default
            # language is built too, at the root, as always.
            for lang in i18n.config.languages:
                lang.build = lang.default or lang.locale == self.language
        return config

    # -- after a save ---------------------------------------------------------------

    def update(self, changed: list[Path]) -> Update:
        """Bring the site up to date with the sources after `changed` were saved."""
        if self.config is None or any(not self._is_content(p) for p in changed):
            return self.build_all()  # the configuration, theme or code: everything again
        started = time.perf_counter()
        update = Update()
        config = self.config
        ours = config.plugins["solidarity"]
        assert isinstance(ours, SolidarityPlugin) and ours.staged is not None
        old = ours.staged
        try:
            with _collecting(update), memo.using(self.memo):
                staged = pipeline.stage(
                    self.root,
                    ours.languages(config),
                    old.options,
                    self._quiet(update),
                    previous=old.stage,
                )
        except pipeline.PipelineError as exc:
            update.problems.append(f"ERROR {exc}")
            update.seconds = time.perf_counter() - started
            return update
        texts = {key: page.text() for key, page in staged.stage.pages.items()}
        if set(texts) != set(self.texts) or staged.stage.nav != old.stage.nav:
            return self.build_all()  # a page came or went: the navigation changes
        keys = {key for key, text in texts.items() if self.texts.get(key) != text}
        first, self.pending = self._saved_first(staged, changed, keys | set(self.pending))
        ours.staged, self.texts = staged, texts
        update.labels = _labels(staged.project)
        ours.signature = None  # a later full build stages again
        finisher = self.keeper.finisher
        assert finisher is not None
        finisher.staged = staged
        ours.finisher = finisher  # the page events need it; the first build let go of it
        self._render_pages(first, update)
        update.seconds = time.perf_counter() - started
        return update

    def _saved_first(
        self, staged: pipeline.Staged, saved: list[Path], keys: set[tuple[str, str]]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The pages to render at once, and those finish() renders after the browser has
        them: first the saved files' own pages in the first of their languages (the page
        its writer looks at), then the rest (fallback copies, lists showing its title,
        the other languages of a plan), in language order."""
        order = {code: n for n, code in enumerate(self.keeper.builds)}
        ranked = sorted(keys, key=lambda key: (order.get(key[0], len(order)), key[1]))
        rels = {relpath(path, self.root) for path in saved}

        def own(key: tuple[str, str]) -> bool:
            origin = staged.stage.pages[key].default_origin
            return origin is not None and origin[0] in rels

        mine = [key for key in ranked if own(key)]
        if not mine:
            return ranked, []
        first = [key for key in mine if key[0] == mine[0][0]]
        return first, [key for key in ranked if key not in first]

    def _render_pages(self, keys: list[tuple[str, str]], update: Update) -> None:
        """Render these staged pages again, then check what they hold, into `update`."""
        finisher = self.keeper.finisher
        assert finisher is not None and finisher.staged is not None
        finisher.page_problems.clear()
        finisher.deferred.clear()
        rendered: list[Page] = []
        with _collecting(update):
            by_language: dict[str, list[str]] = {}
            for lang, site_path in keys:
                if lang in self.keeper.builds:
                    by_language.setdefault(lang, []).append(site_path)
            for lang, paths in by_language.items():
                rendered += self._render(lang, paths)
            if rendered:
                # Made from the home pages, whose navigation may show a changed title.
                finisher.not_found_pages(self.site_dir)
            for problem in dict.fromkeys(finisher.page_problems):
                update.problems.append(f"ERROR {problem}")
            if finisher.staged.options.check_links:
                for found in links.check(
                    finisher.collector,
                    finisher.staged.stage,
                    self.site_dir,
                    finisher.default,
                    finisher.deferred,
                    only={page.url for page in rendered},
                ):
                    update.problems.append(f"WARNING {found}")
        update.pages = [page.file.src_uri for page in rendered]
        update.addresses = ["/" + unquote(page.url) for page in rendered]

    def _render(self, lang: str, site_paths: list[str]) -> list[Page]:
        """Render staged pages of one language again into the served folder, as its
        language's build did, with the pages whose navigation shows a changed title."""
        kept = self.keeper.builds[lang]
        config = self._for_language(lang)
        pages: dict[str, Page] = {}
        retitled = False
        for site_path in site_paths:
            file = kept.files.get_file_from_path(f"{lang}/{site_path}")
            if file is None or file.page is None:
                continue
            page = pages[site_path] = file.page
            title = page.title
            _populate_page(page, config, kept.files)
            retitled = retitled or page.title != title
        # Every page's content is ready before any is written: a page shows the
        # others' titles in its navigation.
        if retitled:
            for page in self._showing_titles(kept.nav, list(pages.values())):
                pages.setdefault(page.file.src_uri.partition("/")[2], page)
        doc_files = kept.files.documentation_pages()
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        # Material's search reads each page's sections as it is built; that waits for
        # finish(), after the browser has the page (about a tenth of a page's time).
        if index is not None:
            search.search_index = _Later(self.unindexed, **index.config)  # type: ignore[union-attr]
        try:
            for file in doc_files:  # in the build's order
                if file.page is not None and file.page in pages.values():
                    _build_page(file.page, config, doc_files, kept.nav, kept.env)
        finally:
            if index is not None:
                search.search_index = index  # type: ignore[union-attr]
        return [pages[path] for path in sorted(pages)]

    def _index_pages(self, stop: Callable[[], bool]) -> bool:
        """Material's search entries of the pages rendered since the last finish(),
        each from its content as it was when the page was built; False if `stop()`
        asked to stop first (those done are kept, the rest wait for the next call)."""
        assert self.config is not None
        kept = getattr(self.config.plugins.get("material/search"), "search_index", None)
        if kept is None:
            self.unindexed.clear()
            return True
        index = SearchIndex(**kept.config)
        for done, (page, content) in enumerate(self.unindexed):
            if stop():
                del self.unindexed[:done]
                return False
            built, page.content = page.content, content
            try:
                index.add_entry_from_context(page)
            finally:
                page.content = built
            # A page rendered again since replaces its entries where they stood.
            self.entries[page.url] = index.entries
            index.entries = []
        self.unindexed.clear()
        return True

    def finish(self, stop: Callable[[], bool] = lambda: False) -> Update | None:
        """What a save left for after the browser has the saved page: the rest of its
        pages, then the search indexes of all it rendered. The server holds a reloaded
        page's request for its index until they are written; indexing the first
        build's pages (a sixth of its time) gives way to a save made meanwhile."""
        if self.pending and self.config is not None:
            started = time.perf_counter()
            update = Update(continues=True, more=True)
            keys, self.pending = self.pending, []
            self._render_pages(keys, update)
            update.seconds = time.perf_counter() - started
            return update
        if not self.entries and not self.unindexed:
            return None
        started = time.perf_counter()
        if not self._index_pages(stop):
            return Update(more=True)
        update = Update(indexed=self._reindex())
        self.entries = {}
        update.search_seconds = update.seconds = time.perf_counter() - started
        return update if update.indexed else None  # no language's entries changed

    def _reindex(self) -> list[str]:
        """Bring the search indexes up to date with the pages just rendered; returns
        the languages whose index was written again.

        As the full build does: mkdocs-static-i18n keeps every language's entries as
        Material's search made them (`search_entries`), and drops the copies that
        repeat an English entry. Here the rendered pages' entries are replaced in that
        list, where they stood, the same step makes the merged index again, and only
        the languages whose entries changed are written again (postbuild/search.py)."""
        assert self.config is not None
        plugin = self.config.plugins.get("material/search")
        i18n = self.config.plugins.get("i18n")
        if not self.entries or plugin is None or i18n is None:
            return []
        raw: list[dict[str, Any]] = i18n.search_entries
        if self.search_docs is None:  # the first save: what the full build wrote
            self.search_docs = list(raw)
            i18n.reconfigure_search_duplicates(self.search_docs)  # linear: plugin.py
        out: list[dict[str, Any]] = []
        placed: set[str] = set()
        for doc in raw:
            url = doc.get("location", "").partition("#")[0]
            if url not in self.entries:
                out.append(doc)
            elif url not in placed:  # the page's new entries where its old ones stood
                placed.add(url)
                out += self.entries[url]
        out += [e for url, entries in self.entries.items() if url not in placed for e in entries]
        raw[:] = out  # kept for the next save
        docs = list(out)
        i18n.reconfigure_search_duplicates(docs)
        default = i18n.default_language
        codes = [default] + [c for c in i18n.build_languages if c != default]
        before, self.search_docs = self.search_docs, docs
        changed = [
            lang
            for lang in codes
            if _of_language(before, lang, codes) != _of_language(docs, lang, codes)
        ]
        # The settings as Material's search writes them, then split as the build does.
        settings = plugin.search_index.config
        merged = {
            "config": {k: settings[k] for k in ("lang", "separator", "pipeline", "fields")},
            "docs": docs,
        }
        ours = self.config.plugins["solidarity"]
        assert isinstance(ours, SolidarityPlugin) and ours.staged is not None
        if not ours.staged.options.per_language_search:
            # As Material writes it (json's default=str).
            text = json.dumps(merged, separators=(",", ":"), default=str)
            (self.site_dir / "search" / "search_index.json").write_text(text, encoding="utf-8")
            return codes if changed else []
        # Split as the build splits Material's file, without writing and reading back
        # the merged index (write_indexes turns what JSON lacks into text, as Material).
        search.write_indexes(self.site_dir, merged, codes, only=set(changed))
        return changed

    def _showing_titles(self, nav: Navigation, changed: list[Page]) -> list[Page]:
        """The pages whose navigation lists one of these pages' titles.

        With Material's navigation.prune a page's sidebar holds only its own top-level
        section; the tabs name every top-level page, and the footer the pages before and
        after. Without it, every page lists every title."""
        assert self.config is not None
        everything = [p for p in nav.pages if isinstance(p, Page)]
        if "navigation.prune" not in (self.config.theme.get("features") or []):
            return everything
        out: list[Page] = []
        for page in changed:
            top = page
            while top.parent is not None:
                top = top.parent  # type: ignore[assignment]
            if top is page:
                return everything  # a top-level page: a tab on every page
            out += [p for p in everything if _under(p, top)]
            out += [p for p in (page.previous_page, page.next_page) if isinstance(p, Page)]
        return out

    def _for_language(self, lang: str) -> MkDocsConfig:
        """The configuration as mkdocs-static-i18n sets it for one language's build."""
        assert self.config is not None
        config = self.config
        i18n = config.plugins.get("i18n")
        if i18n is None or i18n.current_language == lang:
            return config
        dirs = list(config.theme.dirs)
        i18n.current_language = lang
        config = i18n.on_config(config)
        config.theme.dirs[:] = dirs  # it adds its sitemap folder again on every call
        return config

    def _is_content(self, path: Path) -> bool:
        try:
            rel = path.resolve().relative_to(self.root)
        except ValueError:
            return False
        return rel.parts[:1] in (("docs",), ("workshops",), ("translations",))

    def _quiet(self, update: Update) -> Report:
        """Report problems; other messages only the first build needed to say."""

        def report(level: str, message: str) -> None:
            if level in ("error", "warning"):
                update.problems.append(f"{level.upper()} {message}")

        return report


def _load_segmenter() -> None:
    """Load the Chinese word segmenter's dictionary before the site is served. Its first
    use takes one to two seconds in one call, which no save can interrupt: in the first
    indexing it held up a save made just then by that much. (Idempotent after.)"""
    from material.plugins.search import plugin as search

    if search.jieba is not None:
        search.jieba.initialize()


def _labels(project: Any) -> dict[str, dict[str, str]]:
    """The problem box's words in each language, with the language they are in."""
    out: dict[str, dict[str, str]] = {}
    for lang in project.languages:
        s = project.strings[lang.code]
        own = s.has("preview.problems")
        out[lang.code] = {
            "lang": lang.code if own else project.default.code,
            "dir": lang.dir if own else "ltr",
            "problems": s.t("preview.problems"),
            "close": s.t("preview.close"),
        }
    return out


def _of_language(docs: list[dict[str, Any]], lang: str, codes: list[str]) -> list[dict[str, Any]]:
    """The entries of one language in a merged index (the first code is the default's)."""
    others = tuple(f"{c}/" for c in codes[1:])
    if lang == codes[0]:
        return [d for d in docs if not d.get("location", "").startswith(others)]
    return [d for d in docs if d.get("location", "").startswith(lang + "/")]


def _under(page: Page, top: Any) -> bool:
    item: Any = page
    while item is not None:
        if item is top:
            return True
        item = item.parent
    return False


class _ListedOnce:
    """A theme's get_env whose environments list the theme's files once: MkDocs walks
    the theme's folders for each language's build, the same folders six times."""

    def __init__(self, get_env: Callable[[], Environment]) -> None:
        self.get_env = get_env
        self.listed: dict[tuple[str, ...], list[str]] = {}

    def __call__(self) -> Environment:
        env = self.get_env()
        walk, paths = env.list_templates, tuple(getattr(env.loader, "searchpath", ()))

        # MkDocs' filter depends only on the theme's static templates, set once.
        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if paths not in self.listed:
                self.listed[paths] = walk(extensions, filter_func)
            return list(self.listed[paths])

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env


class _Later(SearchIndex):
    """Stands for Material's search index while pages are built: notes each page and
    its content at the moment the index would have read it, and holds no entries."""

    def __init__(self, pages: list[tuple[Page, str]], **config: Any) -> None:
        super().__init__(**config)
        self.pages = pages

    def add_entry_from_context(self, page: Page) -> None:
        self.pages.append((page, page.content or ""))


class _Templates(BytecodeCache):
    """Compiled templates in memory, for every language's environment; Jinja checks
    each against its source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _collecting:
    """Takes MkDocs' own warnings and errors during a build into the update's problems."""

    def __init__(self, update: Update) -> None:
        self.handler = _Handler(update)

    def __enter__(self) -> None:
        logging.getLogger("mkdocs").addHandler(self.handler)

    def __exit__(self, *exc: Any) -> None:
        logging.getLogger("mkdocs").removeHandler(self.handler)


class _Handler(logging.Handler):
    def __init__(self, update: Update) -> None:
        super().__init__(logging.WARNING)
        self.update = update

    def emit(self, record: logging.LogRecord) -> None:
        self.update.problems.append(f"{record.levelname} {record.getMessage()}")
