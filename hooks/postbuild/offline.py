"""Offline bundles: one zip per language that works opened from disk.

The offline variant of the site is a separate build (`SOLIDARITY_OFFLINE=true`,
with Material's offline plugin: file names instead of directory URLs, search
index inlined as a script, and the iframe-worker shim shipped from this
project rather than a CDN). Its output is zipped here, one language per zip;
the normal build then publishes the zips and links them.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def zip_name(lang: str) -> str:
    return f"solidarity-commons-{lang}.zip"


def language_files(site_dir: Path, lang: str, default: str, languages: list[str]) -> list[Path]:
    """Files a reader of one language needs: that language's pages and the shared assets."""
    others = {code for code in languages if code != default}
    out = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir)
        first = rel.parts[0]
        if first == "offline" or rel.suffix == ".gz" or rel.name == "404.html":
            continue  # a not-found page is for a web server; opened from disk it is never shown
        if lang == default:
            if first in others:
                continue
        elif first in others and first != lang:
            continue
        elif first not in others and first not in ("assets",):
            continue  # the default language's pages and index
        if first == lang and len(rel.parts) > 1 and rel.parts[1] == "assets":
            continue  # i18n copies theme assets per language; pages use the shared ones
        out.append(path)
    return out


_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_LINK_TAG = re.compile(r"<link\b[^>]*>")
_HREF = re.compile(r'\bhref="([^"]*)"')


def online_address(site_url: str, rel: str) -> str:
    """The online page for an offline file name: `cases/x.html` -> `<site>/cases/x/`."""
    path = rel.removesuffix("index.html")
    if path.endswith(".html"):
        path = path.removesuffix(".html") + "/"
    return site_url.rstrip("/") + "/" + path


def online_links(page: str, rel: str, kept: set[str], site_url: str, mark: str, lang: str) -> str:
    """A page of the zip with its links to pages outside the zip (the other languages)
    sent to the online site, and each such link saying so in the page's language."""

    def target(href: str) -> str | None:
        if not href or re.match(r"[a-z][a-z0-9+.-]*:|[/#]", href):
            return None
        path, _, fragment = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
        if not resolved.endswith(".html") or resolved in kept or resolved.startswith(".."):
            return None
        return online_address(site_url, resolved) + (f"#{fragment}" if fragment else "")

    def anchor(match: re.Match[str]) -> str:
        found = _HREF.search(match.group(1))
        online = target(html.unescape(found.group(1))) if found else None
        if online is None:
            return match.group(0)
        attrs = _HREF.sub(lambda _: f'href="{html.escape(online)}"', match.group(1), 1)
        note = f' <span class="sc-online" lang="{lang}">{html.escape(mark)}</span>'
        return f"<a{attrs}>{match.group(2)}{note}</a>"

    def link_tag(match: re.Match[str]) -> str:
        found = _HREF.search(match.group(0))
        online = target(html.unescape(found.group(1))) if found else None
        if online is None:
            return match.group(0)
        return _HREF.sub(lambda _: f'href="{html.escape(online)}"', match.group(0), 1)

    return _LINK_TAG.sub(link_tag, _ANCHOR.sub(anchor, page))


def write_zip(
    site_dir: Path,
    files: list[Path],
    target: Path,
    when: datetime,
    start_page: str,
    rewrite: Callable[[str, str], str] | None = None,
) -> None:
    """A reproducible zip: sorted entries, fixed times and permissions; renamed into place when whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        readme = (
            f"Solidarity Commons, offline copy.\n\nOpen {start_page} in a web browser. "
            "No connection is needed; search works too. The other languages' pages\n"
            "are not in this copy: their links open the online site and say so.\n"
        )
        info = zipfile.ZipInfo("README.txt", stamp)
        info.external_attr = 0o644 << 16
        archive.writestr(info, readme, zipfile.ZIP_DEFLATED)
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site_dir).as_posix(), stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            if rewrite is not None and path.suffix == ".html":
                data = rewrite(data.decode("utf-8"), info.filename).encode("utf-8")
            archive.writestr(info, data)
    tmp.replace(target)


def bundle_all(
    site_dir: Path,
    out_dir: Path,
    languages: list[str],
    when: datetime,
    site_url: str = "",
    marks: dict[str, str] | None = None,
) -> dict[str, Path]:
    """One zip per language; `marks` is each language's "(online)" for the links that
    leave the zip for the online site at `site_url`."""
    made = {}
    default = languages[0]
    for lang in languages:
        files = language_files(site_dir, lang, default, languages)
        start = "index.html" if lang == default else f"{lang}/index.html"
        target = out_dir / zip_name(lang)
        rewrite = None
        if site_url and urlsplit(site_url).scheme in ("http", "https"):
            kept = {path.relative_to(site_dir).as_posix() for path in files}
            mark = (marks or {}).get(lang, "(online)")

            def rewrite(
                page: str, rel: str, kept: set[str] = kept, mark: str = mark, lang: str = lang
            ) -> str:
                return online_links(page, rel, kept, site_url, mark, lang)

        write_zip(site_dir, files, target, when, start, rewrite)
        made[lang] = target
    return made


def inline_search_indexes(site_dir: Path, languages: list[str]) -> None:
    """file:// cannot fetch JSON: each language's index also as a script (what the theme loads offline)."""
    default = languages[0]
    for lang in languages:
        folder = site_dir / ("" if lang == default else lang) / "search"
        index = folder / "search_index.json"
        if index.exists():
            (folder / "search_index.js").write_text(
                "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8"
            )
