"""Shared fixtures: the real site built once per run, and small fixture projects.

The whole site (six languages, packets, offline zips) is built once, the way
`make site` builds it; tests that need a failing or altered build use copies
of tests/fixtures/mini, which builds in a few seconds.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
LANGUAGES = ["en", "es", "fr", "pl", "ar", "zh-Hant"]


@dataclass
class Build:
    site: Path
    log: str
    returncode: int
    seconds: float


def mkdocs_build(
    project: Path,
    site: Path,
    *,
    offline: bool = False,
    check: bool = True,
    env: dict[str, str] | None = None,
) -> Build:
    """A real `mkdocs build --strict` in a subprocess, as a contributor runs it."""
    environ = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    if offline:
        environ["SOLIDARITY_OFFLINE"] = "true"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=3000,
        check=False,
    )
    build = Build(site, proc.stdout + proc.stderr, proc.returncode, time.monotonic() - started)
    if check and proc.returncode != 0:
        pytest.fail(f"build of {project} failed:\n{build.log[-6000:]}")
    return build


def solidarity(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The `solidarity` command run in a project folder, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "hooks.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built like `make site`: the offline variant (zips) first, then the site."""
    reuse = os.environ.get(
        "SOLIDARITY_TEST_SITE"
    )  # for working on tests: a site built by `make site`
    if reuse and not os.environ.get("CI"):
        return Build(Path(reuse), (Path(reuse) / ".build.log").read_text(encoding="utf-8"), 0, 0.0)
    out = tmp_path_factory.mktemp("real")
    mkdocs_build(ROOT, out / "offline", offline=True)
    return mkdocs_build(ROOT, out / "site")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small fixture project, free to break."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns(".cache"))
    return target


# --- The built site in real Chromium (Debian's, never a download) ---------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Installed by a page's init script: every CSP violation the page meets.
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


def require_browser_tools() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is missing: install it with `sudo apt-get install chromium` (make test does this as root)"
        )
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `cd tests/browser && npm ci` (make test does this)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site over local HTTP, as a reader's browser gets it; yields its address."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def served(site: Build) -> Iterator[str]:
    """The real site over local HTTP."""
    require_browser_tools()
    with serve(site.site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the run; each test opens its own context."""
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def pages(site: Path) -> list[Path]:
    """Every HTML page of a built site except the 404 page."""
    return sorted(
        p for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.parts
    )


def word_tops(pdf: Path | bytes) -> list[tuple[str, float]]:
    """Each word of a PDF (a file, or its bytes) with the top of its box, in points, in
    reading order (pdftotext -bbox)."""
    source, data = ("-", pdf) if isinstance(pdf, bytes) else (str(pdf), None)
    out = subprocess.run(
        ["pdftotext", "-bbox", source, "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [
        (html.unescape(m.group(2)), float(m.group(1)))
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)
    ]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }
