"""Links and anchors in every language: seeded problems are each reported once, at the source line."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import mkdocs_build
from hooks.postbuild.external import check_external

SEEDED = """
See the [standing page](principles/standng.md) and [what happened](cases/strike.md#what-happend).

![A map](images/map.png)

<a href="nowhere/">Nowhere</a> and <a href="/cases/strike/">the strike</a>.

An [old address](http://example.org/page) and [outside](../../../../etc/passwd).
"""

EXPECTED = [
    (
        10,
        "link `cases/strike/#what-happend`: `/cases/strike/` has no anchor `#what-happend`; "
        "did you mean `#what-happened`?",
    ),
    (
        10,
        "link `principles/standng.md` points to a page or file that does not exist; "
        "did you mean `principles/standing.md`?",
    ),
    (12, "link `images/map.png` points to a page or file that does not exist"),
    (
        14,
        "link `/cases/strike/` leaves the page's language for another, but the page exists in its own "
        "language; did you mean `cases/strike/`?",
    ),
    (14, "link `nowhere/` points to `/nowhere/`, which does not exist"),
    (16, "external link `http://example.org/page` uses http; use https"),
    (
        16,
        "link `../../../../etc/passwd` is left as is: it is not a link to a page or file of the site",
    ),
]


def reports(log: str) -> list[str]:
    return re.findall(r"WARNING -  solidarity: (docs/\S+:\d+: .*)", log)


def test_clean_site_reports_nothing(mini: Path) -> None:
    build = mkdocs_build(mini, mini / "site")
    assert re.search(r"checked \d+ links on \d+ pages in [\d.]+ s: 0 problems", build.log)
    assert not reports(build.log)


def test_seeded_problems_are_each_reported_once_at_the_source_line(mini: Path) -> None:
    index = mini / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + SEEDED, encoding="utf-8")
    build = mkdocs_build(mini, mini / "site", check=False)
    assert build.returncode != 0  # strict: any problem fails the build
    found = reports(build.log)
    assert sorted(found) == sorted(f"docs/index.md:{line}: {message}" for line, message in EXPECTED)
    assert "Traceback" not in build.log


def test_translated_heading_without_the_english_anchor_is_caught(mini: Path) -> None:
    """Links into a translation rely on the English anchors; a heading that drops one fails with its line."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "hooks.cli", "translations", "start", "es", "docs/cases/strike.md"],
        cwd=mini,
        check=True,
        capture_output=True,
    )
    path = mini / "translations/es/docs/cases/strike.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "## What happened {#what-happened}", "## Qué pasó {#que-paso}"
        ),
        encoding="utf-8",
    )
    build = mkdocs_build(mini, mini / "site", check=False)
    assert build.returncode != 0
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
        if "{#que-paso}" in text
    )
    assert (
        f"translations/es/docs/cases/strike.md:{line}: heading needs the English anchor `{{#what-happened}}` "
        "(has `{#que-paso}`)"
    ) in build.log


# ---------------------------------------------------------------------------
# External links: opt-in, online, cached (a loopback server stands in for the web)
# ---------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_HEAD(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_external_links_are_checked_and_cached(tmp_path: Path, server: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        f'<article><a href="{server}/ok">ok</a> <a href="{server}/gone">gone</a></article>',
        encoding="utf-8",
    )
    cache = tmp_path / "cache.json"
    first = check_external(site, cache, timeout=5, concurrency=2, now=1_000_000)
    assert first.checked == 2 and first.broken == [f"{server}/gone"]
    hits = len(_Handler.hits)
    second = check_external(site, cache, timeout=5, concurrency=2, now=1_000_100)
    assert (
        second.checked == 0 and second.cached == 2 and len(_Handler.hits) == hits
    )  # nothing asked again
    (site / "new.html").write_text(
        f'<article><a href="{server}/ok?page=2">new</a></article>', encoding="utf-8"
    )
    third = check_external(site, cache, timeout=5, concurrency=2, now=1_000_200)
    assert third.checked == 1  # only what is new
    old = check_external(
        site, cache, timeout=5, concurrency=2, max_age_days=1, now=1_000_000 + 3 * 86400
    )
    assert old.checked == 3  # and what is old


def test_an_unreachable_host_is_reported_not_fatal(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<article><a href="http://127.0.0.1:9/x">x</a></article>', encoding="utf-8"
    )
    report = check_external(site, tmp_path / "cache.json", timeout=1, concurrency=1)
    assert report.broken == ["http://127.0.0.1:9/x"]
    assert any("broken: http://127.0.0.1:9/x" in line for line in report.lines())
