"""The build as a pipeline that a site engine only calls.

    stage(root, languages, options)   sources -> model -> packets -> every language's
                                      pages, written to a docs folder per language
    Finisher                          per built page: the safety and link scan of its
                                      content, then its final HTML; then the whole site
    finish(site_dir, staged)          the Finisher over a site that an engine built
                                      without this package (plain `mkdocs build`)

The MkDocs plugin (hooks/mkdocs/plugin.py) calls `stage` from on_config and the
Finisher from its page and post-build events. Nothing here imports MkDocs:
`python -m hooks.pipeline stage` and `finish` run without it, so the checks keep
working under another engine.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .model.catalog import PacketFile
from .model.config import configured_languages, read_config
from .model.project import Project, load_project
from .model.status import fallback_summary, translation_statuses
from .model.translations import Language
from .pages.assemble import assemble
from .pages.contribute import Repository
from .pages.stage import Stage, link_or_copy, write_stage
from .postbuild import links, search
from .postbuild.head import absolute_alternates, headerlink_titles, name_search_dialog
from .postbuild.notfound import NotFound, write_not_found_pages
from .postbuild.safety import (
    add_csp,
    line_of_text,
    scan,
    set_direction,
    unknown_scripts,
    without_unknown_scripts,
)
from .postbuild.theme import (
    focusable_code,
    patch_bundles,
    planner_in_place,
    start_theme_on_interaction,
    wrap_tables,
)
from .postbuild.valid import valid_html
from .postbuild.weight import (
    Vocabulary,
    compact_html,
    compact_own_scripts,
    compact_own_stylesheets,
    slim_stylesheets,
)
from .postbuild.writing import writing_room

# How the pipeline speaks to whoever runs it: (level, message), level one of
# error | warning | info | debug. Under --strict an engine fails on a warning.
Report = Callable[[str, str], None]

WITHHELD = "<p>This page was withheld because its source contains unsafe HTML.</p>"


class PipelineError(Exception):
    """The build cannot go on; the problems were reported before this is raised."""


@dataclass(frozen=True)
class Options:
    packets: bool = True
    packet_workers: int = 0  # 0: one per core
    check_links: bool = True
    offline: bool = True  # publish and link the offline zips when they exist
    offline_build: bool = False  # this build is the offline variant
    offline_dir: str = ".cache/solidarity/offline"
    per_language_search: bool = True
    cache_dir: str = ".cache/solidarity"
    site_url: str = ""
    repo_url: str = ""  # for the edit, translate and report links on every page
    edit_uri: str = ""
    preview: bool = False  # the preview (hooks/preview/): pages are rendered again one by one

    def docs_dir(self, root: Path) -> Path:
        return root / self.cache_dir / ("docs-offline" if self.offline_build else "docs")


@dataclass
class Staged:
    """What staging made: the model, the assembled pages, and where they were written."""

    root: Path
    options: Options
    project: Project
    stage: Stage
    docs_dir: Path


def stage(
    root: Path,
    languages: list[Language],
    options: Options,
    report: Report,
    previous: Stage | None = None,
) -> Staged:
    """Load and validate every source once, render the packets that are due, and write
    every language's pages; raises PipelineError after reporting what is wrong.
    `previous`: the stage this process wrote last (the preview's), compared in memory."""
    project = load_project(root, languages)
    for problem in project.problems:
        report(problem.severity, str(problem))
    if project.problems.errors:
        count = len(project.problems.errors)
        raise PipelineError(
            f"{count} problem{'s' if count > 1 else ''} in the sources (listed above); "
            "fix them and build again"
        )
    packets = render_packets(root, project, options, report) if options.packets else {}
    statuses = translation_statuses(project)
    stage = assemble(
        project,
        packets,
        offline=offline_zips(root, project.languages, options, report),
        # The offline variant uses file names (Material's offline plugin turns directory URLs off).
        directory_urls=not options.offline_build,
        repo=Repository(
            options.repo_url, options.edit_uri, options.site_url, not options.offline_build
        ),
        preview_without_packets=options.preview and not options.packets,
        statuses=statuses,
    )
    if len(languages) > 1:
        report("info", fallback_summary(statuses))
    docs_dir = options.docs_dir(root)
    written = write_stage(stage, docs_dir, previous)
    report("debug", f"staged {len(stage.pages)} pages ({written} changed)")
    return Staged(root, options, project, stage, docs_dir)


def render_packets(
    root: Path, project: Project, options: Options, report: Report
) -> dict[tuple[str, str, str], PacketFile]:
    from .packets.jobs import unsafe_packet_content
    from .packets.paper import PacketError
    from .packets.render import render_all

    unsafe = unsafe_packet_content(project)
    if unsafe:
        for message in unsafe:
            report("error", message)
        raise PipelineError(
            f"{len(unsafe)} packet text(s) with unsafe HTML (listed above); no packet was rendered"
        )
    try:
        packets, rendered = render_all(
            project,
            root / options.cache_dir / "packets",
            workers=options.packet_workers or os.cpu_count() or 1,
            site_url=options.site_url,
        )
    except PacketError as exc:
        raise PipelineError(f"packets failed: {exc}") from None
    report("info", f"packets: {rendered} rendered, {len(packets) - rendered} from the cache")
    return packets


def offline_zips(
    root: Path, languages: list[Language], options: Options, report: Report
) -> dict[str, Path]:
    """The offline zips to link from the facilitators page: all languages', or none."""
    if not options.offline or options.offline_build:
        return {}
    from .postbuild.offline import zip_name

    found = {}
    for lang in languages:
        path = root / options.offline_dir / zip_name(lang.code)
        if path.exists():
            found[lang.code] = path
    if len(found) != len(languages):
        report(
            "info",
            "offline zips not found (made by `make site`): the facilitators page will not link them",
        )
        return {}
    return found


@dataclass
class Finisher:
    """The checks and changes made to each built page, and to the site once it is built.

    `deferred` collects the engine's own link findings (the MkDocs plugin feeds it
    from MkDocs' log); problems found on pages are reported by `site`, once every
    language is built, so one bad page does not hide the others.
    """

    staged: Staged
    report: Report
    collector: links.Collector = field(default_factory=links.Collector)
    deferred: links.Deferred = field(default_factory=links.Deferred)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    rendered: set[Path] = field(default_factory=set)
    page_problems: list[str] = field(default_factory=list)

    @property
    def default(self) -> str:
        return self.staged.project.default.code

    def content(self, html: str, source: str, src_uri: str, url: str, ids: Iterable[str]) -> str:
        """A page's content as the engine rendered it: withheld if unsafe, links recorded,
        room to write in its fill-in handouts.

        `source` is the file a problem is reported at; `src_uri` the staged page."""
        scanned = scan(html)  # one pass serves the safety check and the link check
        if scanned.found:
            try:
                text = (self.staged.root / source).read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                text = ""
            for problem in dict.fromkeys(scanned.found):
                line = line_of_text(text, scanned.needles.get(problem, ""))
                self.page_problems.append(
                    f"{source}:{line}: unsafe HTML removed from the page: {problem} "
                    "(translator files may not contain scripts, frames, forms, event handlers, "
                    "javascript:/data: links or anything fetched from another host)"
                )
            self.collector.unsafe += 1
            # Nothing unsafe reaches a page, even in a non-strict preview.
            return WITHHELD
        if self.staged.options.check_links:
            started = time.perf_counter()
            self.collector.add_page(src_uri, url, scanned, ids)
            self.collector.seconds += time.perf_counter() - started
        # A fill-in handout's prompts get the packet's ruled lines (shown in print only).
        return writing_room(html)

    @staticmethod
    def template(output: str, name: str) -> str:
        """A page made from a template alone (the 404 page): valid HTML all the same."""
        return valid_html(output) if name.endswith(".html") else output

    def page(self, output: str, lang: str, canonical_url: str, dest: Path, source: str) -> str:
        """A built page's final HTML: direction, the theme's start, alternates, CSP."""
        direction = Language(lang, "").dir
        output = compact_html(name_search_dialog(set_direction(valid_html(output), direction)))
        output = focusable_code(wrap_tables(planner_in_place(start_theme_on_interaction(output))))
        strings = self.staged.project.strings
        if lang in strings and lang != self.default and "site.permalink" in strings[lang].values:
            output = headerlink_titles(
                output,
                html.escape(strings[self.default].values.get("site.permalink", "")),
                html.escape(strings[lang].t("site.permalink")),
            )
        offline_build = self.staged.options.offline_build
        if canonical_url and not offline_build:
            output = absolute_alternates(output, canonical_url, self.default)
        if not self.staged.options.preview:  # for slim_stylesheets, which the preview skips
            self.vocabulary.add_html(output)
            self.rendered.add(dest)
        unknown = unknown_scripts(output)
        if unknown:
            self.page_problems.extend(
                f"{source}: an inline script the build did not write reached the page "
                f"(`{text}`) and was removed"
                for text in unknown
            )
            output = without_unknown_scripts(output)
        # file:// has no origin for 'self' to name, so the offline copy goes without.
        return output if offline_build else add_csp(output)

    def not_found_pages(self, site_dir: Path) -> None:
        """Each language's not-found page, made from its home page as built."""
        project, options = self.staged.project, self.staged.options
        if not options.offline_build:
            write_not_found_pages(
                site_dir,
                urlsplit(options.site_url).path or "/",
                [not_found_words(project, lang) for lang in project.languages],
                self.default,
            )

    def site(self, site_dir: Path) -> None:
        """Once every language is built: report page problems, slim the theme, split
        search per language, check links, bundle the offline zips."""
        project, options = self.staged.project, self.staged.options
        for problem in dict.fromkeys(self.page_problems):
            self.report("error", problem)
        # Before the stylesheets are slimmed: they read every page, these too.
        self.not_found_pages(site_dir)
        for problem in patch_bundles(site_dir):
            self.report("warning", problem)
        saved = compact_own_stylesheets(site_dir)
        self.report("debug", f"own stylesheets: {saved} bytes of comments and layout left out")
        scripts = {
            rel.rsplit("/", 1)[1]
            for rel in self.staged.stage.assets
            if rel.startswith("assets/javascripts/") and rel.count("/") == 2 and rel.endswith(".js")
        }
        saved = compact_own_scripts(site_dir, scripts)
        self.report("debug", f"own scripts: {saved} bytes of comments and indentation left out")
        # A page rendered again in the preview may use a rule no page used before.
        slimmed = (
            {} if options.preview else slim_stylesheets(site_dir, self.vocabulary, self.rendered)
        )
        for name, (before, after) in slimmed.items():
            self.report(
                "debug", f"{name}: {before} bytes, {after} after removing rules no page uses"
            )
        codes = [lang.code for lang in project.languages]
        if options.per_language_search:
            search.split_index(site_dir, codes)
        if options.check_links:
            started = time.perf_counter()
            reports = links.check(
                self.collector, self.staged.stage, site_dir, self.default, self.deferred
            )
            self.collector.seconds += time.perf_counter() - started
            for found in reports:
                self.report("warning", str(found))
            # The time is what checking adds to the build (the page scan is shared with
            # the safety check); the benchmark compares it with lychee.
            self.report(
                "info",
                f"checked {self.collector.link_count} links on {len(self.collector.pages)} pages "
                f"in {self.collector.seconds:.2f} s: "
                f"{len(reports)} problem{'s' if len(reports) != 1 else ''}",
            )
        if options.offline_build:
            from .postbuild.offline import bundle_all, inline_search_indexes

            inline_search_indexes(site_dir, codes)
            made = bundle_all(
                site_dir,
                self.staged.root / options.offline_dir,
                codes,
                project.build_time,
                options.site_url,
                {code: project.strings[code].t("offline.online") for code in codes},
            )
            where = ", ".join(str(p.relative_to(self.staged.root)) for p in made.values())
            self.report("info", f"offline zips: {where}")


def not_found_words(project: Project, lang: Language) -> NotFound:
    strings = project.strings[lang.code]
    return NotFound(
        lang.code,
        lang.dir,
        strings.t("not_found.title"),
        strings.t("not_found.text"),
        strings.t("not_found.home"),
        strings.label(strings.t("not_found.title"), "\x01"),
    )


# ---------------------------------------------------------------------------
# Finishing a site built without this package
# ---------------------------------------------------------------------------

# What overrides/main.html adds after a page's content, inside its article.
TEMPLATE_PARTS = (
    '<form class="sc-builder"',
    '<form class="sc-planner"',
    '<nav class="sc-contribute"',
)

_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)


def finish(site_dir: Path, staged: Staged, report: Report) -> None:
    """Finish every page of a site an engine built from the staged folder, then the site."""
    finisher = Finisher(staged, report)
    languages = {lang.code for lang in staged.project.languages}
    base = staged.options.site_url
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.split("/", 1)[0] == "assets":
            continue
        if rel.endswith("404.html"):
            path.write_text(
                Finisher.template(path.read_text(encoding="utf-8"), "404.html"), encoding="utf-8"
            )
            continue
        url = rel.removesuffix("index.html")
        lang = links.language_of(url, languages, finisher.default)
        src_uri = staged_source(staged.stage, lang, url, finisher.default)
        source = staged_origin(staged.stage, lang, src_uri)
        text = path.read_text(encoding="utf-8")

        match = _ARTICLE.search(text)
        if match:
            # The page's own content ends where the theme's additions begin (the planner's
            # form and the contributor links are the build's template, not the page's).
            start, end = match.start(2), match.end(2)
            ends = [text.find(mark, start, end) for mark in TEMPLATE_PARTS]
            end = min([e for e in ends if e >= 0], default=end)
            ids = re.findall(r'\bid="([^"]+)"', text[start:end])
            body = finisher.content(text[start:end], source, src_uri, url, ids)
            text = text[:start] + body + text[end:]
        canonical = base.rstrip("/") + "/" + url if base else ""
        path.write_text(finisher.page(text, lang, canonical, path, source), encoding="utf-8")
    finisher.site(site_dir)


def staged_source(stage: Stage, lang: str, url: str, default: str) -> str:
    """The staged Markdown path of a built page's URL (e.g. es/cases/x.md)."""
    prefix = f"{lang}/"
    site = url[len(prefix) :] if url.startswith(prefix) else url
    for candidate in (f"{site.rstrip('/')}.md", f"{site}index.md", "index.md" if not site else ""):
        if candidate and (lang, candidate) in stage.pages:
            return f"{lang}/{candidate}"
    return f"{lang}/{site or 'index.md'}"


def staged_origin(stage: Stage, lang: str, src_uri: str) -> str:
    """The file a problem on a page is reported at: its source, else its staged path."""
    page = stage.pages.get((lang, src_uri.partition("/")[2]))
    origin = page.default_origin if page is not None else None
    return origin[0] if origin else src_uri


# ---------------------------------------------------------------------------
# Running without an engine: python -m hooks.pipeline stage|finish
# ---------------------------------------------------------------------------


def _print_report(level: str, message: str) -> None:
    if level != "debug":
        print(f"{level.upper():8} {message}", file=sys.stderr)


def _strict(report: Report, failures: list[str]) -> Report:
    def counting(level: str, message: str) -> None:
        if level in ("error", "warning"):
            failures.append(message)
        report(level, message)

    return counting


def main(argv: list[str] | None = None) -> int:

    parser = argparse.ArgumentParser(
        prog="python -m hooks.pipeline",
        description="Stage the site's sources, or finish a site built from them, without MkDocs.",
    )
    parser.add_argument("step", choices=("stage", "finish"))
    parser.add_argument("--site-dir", type=Path, help="finish: the site the engine built")
    parser.add_argument("--no-packets", action="store_true", help="stage without the PDF packets")
    parser.add_argument(
        "--engine-config",
        type=Path,
        help="stage: also write a config for plain `mkdocs build` of the staged pages here",
    )
    args = parser.parse_args(argv)
    root = Path.cwd()
    config = read_config(root)
    options = options_from(config)
    if args.no_packets:
        options = dataclasses.replace(options, packets=False)
    failures: list[str] = []
    report = _strict(_print_report, failures)
    try:
        staged = stage(root, configured_languages(root), options, report)
    except PipelineError as exc:
        print(f"ERROR    {exc}", file=sys.stderr)
        return 1
    if args.step == "stage":
        if args.engine_config:
            publish_downloads(staged)
            args.engine_config.write_text(
                json.dumps(engine_config(staged, config), ensure_ascii=False, indent=1),
                encoding="utf-8",
            )
        print(json.dumps(engine_settings(staged), ensure_ascii=False, indent=1))
    else:
        if args.site_dir is None or not args.site_dir.is_dir():
            parser.error("finish needs --site-dir, the folder the engine built")
        finish(args.site_dir, staged, report)
    return 1 if failures else 0


def engine_settings(staged: Staged) -> dict[str, Any]:
    """What an engine needs to build the staged pages: the docs folder, the navigation,
    the navigation's titles per language, and the packets to publish beside the pages."""
    return {
        "docs_dir": str(staged.docs_dir),
        # For the engine's own dates (MkDocs reads SOURCE_DATE_EPOCH): the sources' date.
        "source_date_epoch": int(staged.project.build_time.timestamp()),
        "nav": staged.stage.nav,
        "nav_translations": staged.stage.nav_translations,
        "downloads": {k: str(v) for k, v in sorted(staged.stage.downloads.items())},
    }


def options_from(config: dict[str, Any]) -> Options:
    """The pipeline's options as mkdocs.yml sets them for the `solidarity` plugin
    (a setting read from the environment, `!ENV`, takes its default here)."""
    ours: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "solidarity" in entry:
            ours = dict(entry["solidarity"] or {})
    names = {f.name for f in dataclasses.fields(Options)}
    settings = {k: v for k, v in ours.items() if k in names and v is not None}
    return Options(
        **settings,
        site_url=str(config.get("site_url") or ""),
        repo_url=str(config.get("repo_url") or ""),
        edit_uri=str(config.get("edit_uri") or ""),
    )


def publish_downloads(staged: Staged) -> None:
    """Put the packets beside their pages in the staged folder, for an engine that
    publishes only what is there (the MkDocs plugin adds them from the cache instead)."""
    for rel, source in staged.stage.downloads.items():
        target = staged.docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)


def engine_config(staged: Staged, config: dict[str, Any]) -> dict[str, Any]:
    """A config for plain MkDocs (no plugin of ours) that builds the staged pages:
    the project's own config inherited, with the staged folder, the navigation and
    its titles per language, and every plugin but ours. JSON, which YAML reads."""
    root = staged.root
    plugins: list[Any] = []
    for entry in config.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        settings = {} if isinstance(entry, str) else dict(entry[name] or {})
        if name == "solidarity":
            continue
        if name == "offline":
            settings["enabled"] = staged.options.offline_build
        if name == "i18n":
            settings["languages"] = [
                dict(lang, nav_translations=staged.stage.nav_translations.get(lang["locale"], {}))
                for lang in settings.get("languages", [])
            ]
        plugins.append({name: settings} if settings else name)
    theme = config.get("theme") or {}
    custom = {"custom_dir": str(root / theme["custom_dir"])} if theme.get("custom_dir") else {}
    return {
        "INHERIT": str(root / "mkdocs.yml"),
        "docs_dir": str(staged.docs_dir),
        "theme": custom,
        "nav": staged.stage.nav,
        "plugins": plugins,
    }


if __name__ == "__main__":
    sys.exit(main())
