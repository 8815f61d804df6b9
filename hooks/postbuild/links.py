"""Links and anchors across every language of the built site.

Links are collected from each page's rendered HTML as MkDocs produces it
(no second parse of the output files) and checked once all languages are
built, against the pages and anchors the site really has. Each problem is
reported once, at the Markdown source file and line, with the closest
existing target as a suggestion.

MkDocs' own validation also reports unresolved Markdown links; a log filter
rewrites those messages to the source file and line and drops repeats (an
English page's broken link would otherwise be reported once per language).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from .safety import PageScan


class SourceLines(Protocol):
    """A staged page that knows where each of its lines came from (pages.pagetext.PageText)."""

    lines: list[str]
    default_origin: tuple[str, int] | None

    def where(self, line: int) -> tuple[str, int] | None: ...


class Staged(Protocol):
    """What the check needs of the stage: every page, by (language, site path)."""

    @property
    def pages(self) -> Mapping[tuple[str, str], SourceLines]: ...


SKIP_SCHEMES = {"mailto", "tel"}


@dataclass
class PageLinks:
    src_uri: str  # staged path, e.g. "es/cases/baltic-way.md"
    url: str  # e.g. "es/cases/baltic-way/"
    ids: set[str]
    links: list[str]
    # Links marked with the language they lead to: a deliberate step into another language.
    hreflang: dict[str, str] = field(default_factory=dict)


@dataclass
class Collector:
    pages: dict[str, PageLinks] = field(default_factory=dict)
    unsafe: int = 0
    seconds: float = 0.0  # spent recording and checking links

    def add_page(self, src_uri: str, url: str, scanned: PageScan, ids: Iterable[str] = ()) -> None:
        """Record a page's anchors and links from the scan the safety check already made;
        `ids` adds anchors the engine knows of (its table of contents)."""
        self.pages[url] = PageLinks(
            src_uri, url, set(scanned.ids) | set(ids), scanned.links, scanned.hreflang
        )

    @property
    def link_count(self) -> int:
        return sum(len(p.links) for p in self.pages.values())


@dataclass(frozen=True, order=True)
class Report:
    path: str
    line: int
    message: str
    suggestion: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text}; did you mean `{self.suggestion}`?" if self.suggestion else text


def language_of(url: str, languages: set[str], default: str) -> str:
    first = url.split("/", 1)[0]
    return first if first in languages else default


def locate(
    stage: Staged, src_uri: str, needle: str, languages: set[str], default: str
) -> tuple[str, int]:
    """Source file and line of a link, found by its target text in the staged page."""
    lang = language_of(src_uri, languages, default)
    site_path = src_uri[len(lang) + 1 :] if src_uri.startswith(lang + "/") else src_uri
    page = stage.pages.get((lang, site_path))
    if page is None:
        return src_uri, 1
    candidates = [needle]
    path, _, fragment = needle.partition("#")
    stem = posixpath.basename(path.rstrip("/")).removesuffix(".md").removesuffix(".html")
    if fragment:
        candidates.append("#" + fragment)
    if stem:
        candidates.append(stem)
    for candidate in candidates:
        for number, line in enumerate(page.lines, 1):
            if candidate in line:
                where = page.where(number)
                if where:
                    return where
    return page.default_origin or (src_uri, 1)


def check(
    collector: Collector,
    stage: Staged,
    site_dir: Path,
    default: str,
    deferred: Deferred,
    only: set[str] | None = None,
) -> list[Report]:
    """Every problem with the links collected from all pages, one report each.

    `deferred` holds the site engine's own findings (unresolved Markdown links);
    `only`, the addresses of the pages whose links to check (the preview's edited
    pages), every collected page still being a target.
    """
    # MkDocs' validation already reported these, at their file and line.
    reported = {(src, target) for src, target, _ in deferred.found}
    site = _Site(collector, stage, site_dir, default, reported)
    reports: set[Report] = set(deferred_reports(deferred, stage, default))
    for page in collector.pages.values():
        if only is not None and page.url not in only:
            continue
        for href in dict.fromkeys(page.links):
            found = site.problem(page, href)
            if found:
                where = locate(stage, page.src_uri, href, site.languages, default)
                reports.add(Report(*where, *found))
    # One report per source line and problem, however many languages show that line.
    unique: dict[tuple[str, int, str], Report] = {}
    for report in sorted(reports):
        unique.setdefault((report.path, report.line, report.message), report)
    return sorted(unique.values())


class _Site:
    """The built site as links see it: its pages by address, its files, its languages."""

    def __init__(
        self,
        collector: Collector,
        stage: Staged,
        site_dir: Path,
        default: str,
        reported: set[tuple[str, str]],
    ):
        self.reported = reported
        self.languages = {lang for lang, _ in stage.pages}
        self.default = default
        self.by_url = collector.pages
        self.all_urls = sorted(self.by_url)
        self.site_dir = site_dir
        self._exists: dict[str, bool] = {}

    def file_exists(self, path: str) -> bool:
        if path not in self._exists:
            self._exists[path] = (self.site_dir / path).is_file()
        return self._exists[path]

    def language(self, url: str) -> str:
        return language_of(url, self.languages, self.default)

    def neutral(self, url: str) -> str:
        """A site path without its language prefix: the same source line reads the same in every language."""
        lang = self.language(url)
        return "/" + (
            url[len(lang) + 1 :] if lang != self.default and url.startswith(lang + "/") else url
        )

    def problem(self, page: PageLinks, href: str) -> tuple[str, str] | None:
        """What is wrong with one link of one page (the message, and a suggestion), if anything."""
        try:
            parts = urlsplit(href)
        except ValueError:
            return f"link `{href}` cannot be read as an address", ""
        if parts.scheme in SKIP_SCHEMES:
            return None
        if parts.scheme or parts.netloc:
            problem = external_problem(href)
            return (problem, "") if problem else None
        if (page.src_uri, href) in self.reported or href.split("#")[0].endswith(".md"):
            return None  # MkDocs' validation, which knows the source's links, says so
        target, fragment = resolve(page.url, parts.path), unquote(parts.fragment)
        if target is None:
            return f"link `{href}` leaves the site", ""
        page_lang = self.language(page.url)
        target_page = self.by_url.get(target)
        if (
            target_page is None
            and not self.file_exists(target or "index.html")
            and not (target.endswith("/") and self.file_exists(target + "index.html"))
        ):
            same_language = [u for u in self.all_urls if self.language(u) == page_lang]
            guess = closest(target, same_language)
            return (
                f"link `{href}` points to `{self.neutral(target)}`, which does not exist",
                self.neutral(guess) if guess else "",
            )
        if fragment and target_page is not None and fragment not in target_page.ids:
            guess = closest(fragment, sorted(target_page.ids))
            return (
                f"link `{href}`: `{self.neutral(target)}` has no anchor `#{fragment}`",
                "#" + guess if guess else "",
            )
        target_lang = self.language(target)
        # A link that names the language it leads to (the status page's links to
        # each translation and to the English) means to leave: only a true name counts.
        if (
            target_page is not None
            and target_lang != page_lang
            and page.hreflang.get(href) != target_lang
        ):
            own = (f"{page_lang}/" if page_lang != self.default else "") + self.neutral(target)[1:]
            if own in self.by_url:
                here = (
                    "/" + page.url if page.url.endswith("/") else posixpath.dirname("/" + page.url)
                )
                relative = posixpath.relpath("/" + own, here)
                return (
                    f"link `{href}` leaves the page's language for another, "
                    "but the page exists in its own language",
                    relative + "/",
                )
        return None


def resolve(page_url: str, path: str) -> str | None:
    """Site-relative target of a link on a page (directory URLs), or None outside the site."""
    if not path:
        return page_url
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        if page_url.endswith("/") or not page_url:
            base = page_url
        else:  # a file URL (offline build): links are relative to its folder
            folder = posixpath.dirname(page_url)
            base = folder + "/" if folder else ""
        joined = posixpath.normpath(base + path)
    if joined.startswith(".."):
        return None
    joined = "" if joined == "." else joined
    if path.endswith("/") and joined:
        joined += "/"
    if joined.endswith("index.html"):
        joined = joined[: -len("index.html")]
    return unquote(joined)


URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/[^\s]*)?$")


def external_problem(href: str) -> str:
    if href.startswith("http://"):
        return f"external link `{href}` uses http; use https"
    if not URL.match(href):
        return f"external link `{href}` is not a well-formed https address"
    return ""


def closest(value: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return match[0] if match else ""


@dataclass
class Deferred:
    """MkDocs' validation findings, held until every language is built."""

    found: list[tuple[str, str, str]] = field(default_factory=list)  # (src_uri, target, reason)

    def clear(self) -> None:
        self.found.clear()


def deferred_reports(deferred: Deferred, stage: Staged, default: str) -> list[Report]:
    languages = {lang for lang, _ in stage.pages}
    out = []
    for src_uri, target, reason in deferred.found:
        lang = language_of(src_uri, languages, default)
        here = posixpath.dirname(
            src_uri[len(lang) + 1 :] if src_uri.startswith(lang + "/") else src_uri
        )
        wanted = posixpath.normpath(posixpath.join(here, target.split("#")[0]))
        guess = closest(wanted, sorted(site for code, site in stage.pages if code == lang))
        suggestion = posixpath.relpath(guess, here or ".") if guess and "exist" in reason else ""
        out.append(
            Report(
                *locate(stage, src_uri, target, languages, default),
                f"link `{target}` {reason}",
                suggestion,
            )
        )
    return out
