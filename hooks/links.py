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
import logging
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .site import Stage

SKIP_SCHEMES = {"mailto", "tel"}


@dataclass
class PageLinks:
    src_uri: str  # staged path, e.g. "es/cases/baltic-way.md"
    url: str  # e.g. "es/cases/baltic-way/"
    ids: set[str]
    links: list[str]


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "area")) or (name == "src" and tag in ("img", "source")):
                self.links.append(value)


@dataclass
class Collector:
    pages: dict[str, PageLinks] = field(default_factory=dict)
    unsafe: int = 0

    def add_page(self, src_uri: str, url: str, html: str, toc: Any = None) -> None:
        parser = _LinkParser()
        parser.feed(html)
        ids = set(parser.ids)
        stack = list(toc or [])
        while stack:
            item = stack.pop()
            ids.add(item.id)
            stack.extend(item.children)
        self.pages[url] = PageLinks(src_uri, url, ids, parser.links)

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


def locate(stage: Stage, src_uri: str, needle: str, languages: set[str], default: str
           ) -> tuple[str, int]:
    """Source file and line of a link, found by its target text in the staged page."""
    lang = language_of(src_uri, languages, default)
    site_path = src_uri[len(lang) + 1:] if src_uri.startswith(lang + "/") else src_uri
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


def check(collector: Collector, stage: Stage, site_dir: Path, default: str,
          reported: set[tuple[str, str]] | None = None) -> list[Report]:
    """Every problem with the links collected from all pages, one report each."""
    languages = {lang for lang, _ in stage.pages}
    reported = reported if reported is not None else REPORTED
    by_url = collector.pages
    all_urls = sorted(by_url)
    reports: set[Report] = set()
    exists_cache: dict[str, bool] = {}

    def file_exists(path: str) -> bool:
        if path not in exists_cache:
            exists_cache[path] = (site_dir / path).is_file()
        return exists_cache[path]

    for page in by_url.values():
        page_lang = language_of(page.url, languages, default)
        for href in dict.fromkeys(page.links):
            parts = urlsplit(href)
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
            where = None
            if target is None:
                where = locate(stage, page.src_uri, href, languages, default)
                reports.add(Report(*where, f"link `{href}` leaves the site"))
                continue
            target_page = by_url.get(target)
            if target_page is None and not file_exists(target if target else "index.html"):
                if not (target.endswith("/") and file_exists(target + "index.html")):
                    where = locate(stage, page.src_uri, href, languages, default)
                    guess = closest(target, all_urls)
                    reports.add(Report(*where, f"link `{href}` points to `/{target}`, which does not exist",
                                       guess and "/" + guess))
                    continue
            if fragment and target_page is not None and fragment not in target_page.ids:
                where = locate(stage, page.src_uri, href, languages, default)
                guess = closest(fragment, sorted(target_page.ids))
                reports.add(Report(*where, f"link `{href}`: `/{target}` has no anchor `#{fragment}`",
                                   guess and "#" + guess))
                continue
            target_lang = language_of(target, languages, default)
            if target_page is not None and target_lang != page_lang:
                where = locate(stage, page.src_uri, href, languages, default)
                own = target if page_lang == default else f"{page_lang}/{target.split('/', 1)[1]}" \
                    if target_lang != default else f"{page_lang}/{target}"
                if own in by_url:
                    reports.add(Report(*where, f"link `{href}` leaves this language for `/{target}`, "
                                       f"but the page exists here", "/" + own))
    return sorted(reports)


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


# ---------------------------------------------------------------------------
# MkDocs' own validation messages, at the source line and said once
# ---------------------------------------------------------------------------

REPORTED: set[tuple[str, str]] = set()
MKDOCS_LINK = re.compile(r"^Doc file '([^']+)' contains (?:a link|an unrecognized relative link|an "
                         r"absolute link) '([^']+)'(.*)$", re.S)


class SourceLineFilter(logging.Filter):
    """Rewrites MkDocs link warnings to source file:line and drops repeats."""

    def __init__(self, stage: Stage, default: str) -> None:
        super().__init__()
        self.stage = stage
        self.default = default
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = MKDOCS_LINK.match(message)
        if not match:
            return True
        src_uri, target, rest = match.groups()
        REPORTED.add((src_uri, target))
        languages = {lang for lang, _ in self.stage.pages}
        path, line = locate(self.stage, src_uri, target, languages, self.default)
        text = f"{path}:{line}: link '{target}'{rest.replace(chr(10), ' ')}"
        if text in self.seen:
            return False
        self.seen.add(text)
        record.msg, record.args = text, ()
        return True


def install_filter(stage: Stage, default: str) -> SourceLineFilter:
    logger = logging.getLogger("mkdocs.structure.pages")
    for old in [f for f in logger.filters if isinstance(f, SourceLineFilter)]:
        logger.removeFilter(old)
    new = SourceLineFilter(stage, default)
    logger.addFilter(new)
    return new
