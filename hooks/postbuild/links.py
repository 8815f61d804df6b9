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
    languages = {lang for lang, _ in stage.pages}
    reported = {(src, target) for src, target, _ in deferred.found}
    by_url = collector.pages
    all_urls = sorted(by_url)
    reports: set[Report] = set(deferred_reports(deferred, stage, default))
    exists_cache: dict[str, bool] = {}

    def file_exists(path: str) -> bool:
        if path not in exists_cache:
            exists_cache[path] = (site_dir / path).is_file()
        return exists_cache[path]

    def neutral(url: str) -> str:
        """A site path without its language prefix: the same source line reads the same in every language."""
        lang = language_of(url, languages, default)
        return "/" + (
            url[len(lang) + 1 :] if lang != default and url.startswith(lang + "/") else url
        )

    for page in by_url.values():
        if only is not None and page.url not in only:
            continue
        page_lang = language_of(page.url, languages, default)
        for href in dict.fromkeys(page.links):
            try:
                parts = urlsplit(href)
            except ValueError:
                where = locate(stage, page.src_uri, href, languages, default)
                reports.add(Report(*where, f"link `{href}` cannot be read as an address"))
                continue
            if parts.scheme in SKIP_SCHEMES:
                continue
            if parts.scheme or parts.netloc:
                problem = external_problem(href)
                if problem:
                    where = locate(stage, page.src_uri, href, languages, default)
                    reports.add(Report(*where, problem))
                continue
            if (page.src_uri, href) in reported or href.split("#")[0].endswith(".md"):
                continue  # MkDocs' validation already said so, at this file and line
            target, fragment = resolve(page.url, parts.path), unquote(parts.fragment)
            if target is None:
                where = locate(stage, page.src_uri, href, languages, default)
                reports.add(Report(*where, f"link `{href}` leaves the site"))
                continue
            target_page = by_url.get(target)
            if (
                target_page is None
                and not file_exists(target or "index.html")
                and not (target.endswith("/") and file_exists(target + "index.html"))
            ):
                where = locate(stage, page.src_uri, href, languages, default)
                same_language = [
                    u for u in all_urls if language_of(u, languages, default) == page_lang
                ]
                guess = closest(target, same_language)
                reports.add(
                    Report(
                        *where,
                        f"link `{href}` points to `{neutral(target)}`, which does not exist",
                        guess and neutral(guess),
                    )
                )
                continue
            if fragment and target_page is not None and fragment not in target_page.ids:
                where = locate(stage, page.src_uri, href, languages, default)
                guess = closest(fragment, sorted(target_page.ids))
                reports.add(
                    Report(
                        *where,
                        f"link `{href}`: `{neutral(target)}` has no anchor `#{fragment}`",
                        guess and "#" + guess,
                    )
                )
                continue
            target_lang = language_of(target, languages, default)
            # A link that names the language it leads to (the status page's links to
            # each translation and to the English) means to leave: only a true name counts.
            if (
                target_page is not None
                and target_lang != page_lang
                and page.hreflang.get(href) != target_lang
            ):
                own = (f"{page_lang}/" if page_lang != default else "") + neutral(target)[1:]
                if own in by_url:
                    where = locate(stage, page.src_uri, href, languages, default)
                    relative = posixpath.relpath(
                        "/" + own,
                        "/" + page.url
                        if page.url.endswith("/")
                        else posixpath.dirname("/" + page.url),
                    )
                    reports.add(
                        Report(
                            *where,
                            f"link `{href}` leaves the page's language for another, "
                            "but the page exists in its own language",
                            relative + "/",
                        )
                    )
    # One report per source line and problem, however many languages show that line.
    unique: dict[tuple[str, int, str], Report] = {}
    for report in sorted(reports):
        unique.setdefault((report.path, report.line, report.message), report)
    return sorted(unique.values())


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
