"""Opt-in online check of external links, with a cache so a re-run only asks
about links that are new or whose last answer is old.

The build never calls this: a site must not fail to build because a remote
site is down. Requests are limited in number, time and retries.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

USER_AGENT = "solidarity-commons-linkcheck/1.0"


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and value.startswith(("http://", "https://")):
                self.found.add(value.split("#")[0])


def external_links(site: Path) -> dict[str, list[str]]:
    """External URL -> pages that link to it, from the built site's content."""
    out: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        start = text.find("<article")
        parser = _Hrefs()
        parser.feed(text[start:] if start >= 0 else text)
        for url in parser.found:
            out.setdefault(url, []).append(page.relative_to(site).as_posix())
    return out


def probe(url: str, timeout: float, retries: int = 2) -> dict[str, Any]:
    """One URL: HEAD first, GET when HEAD is refused; a few retries with back-off."""
    error = ""
    for attempt in range(retries + 1):
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    return {"ok": True, "status": response.status, "error": ""}
            except urllib.error.HTTPError as exc:
                if method == "HEAD" and exc.code in (403, 405, 501):
                    continue
                if exc.code < 500 and exc.code != 429:
                    return {"ok": False, "status": exc.code, "error": exc.reason or ""}
                error = f"HTTP {exc.code}"
                break
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                error = str(getattr(exc, "reason", exc))
                break
        if attempt < retries:
            time.sleep(0.2 * 2**attempt)
    return {"ok": False, "status": None, "error": error}


@dataclass
class Report:
    results: dict[str, dict[str, Any]]
    pages: dict[str, list[str]]
    checked: int = 0
    cached: int = 0
    broken: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"broken: {url} ({r['status'] or r['error']}) on {', '.join(self.pages[url][:3])}"
            for url, r in sorted(self.results.items())
            if url in self.broken
        ]
        out.append(
            f"{len(self.pages)} external links: {self.checked} checked now, {self.cached} from the "
            f"cache, {len(self.broken)} broken"
        )
        return out


def check_external(
    site: Path,
    cache_file: Path,
    timeout: float = 10.0,
    concurrency: int = 4,
    max_age_days: float = 7,
    now: float | None = None,
) -> Report:
    now = time.time() if now is None else now
    pages = external_links(site)
    cache: dict[str, dict[str, Any]] = {}
    if cache_file.exists():
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
    due = [
        url
        for url in sorted(pages)
        if url not in cache or now - cache[url].get("checked", 0) > max_age_days * 86400
    ]
    report = Report({}, pages, checked=len(due), cached=len(pages) - len(due))
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, 8))) as pool:
        for url, result in zip(due, pool.map(lambda u: probe(u, timeout), due), strict=True):
            cache[url] = dict(result, checked=now)
    for url in pages:
        report.results[url] = cache[url]
        if not cache[url]["ok"]:
            report.broken.append(url)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(cache_file)
    return report
