"""Translator files are untrusted: hostile inputs, class by class, through every route.

Each class has a table of inputs written for it. Every input goes through the loader
(what the build and `solidarity translations check` run first) or the page and packet
scanner; one build per class then puts the inputs through a real strict and a real
non-strict `mkdocs build` of the small fixture project, and the output (HTML, the
search index, packets) is read back: nothing of the payload may be there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, pages, snapshot, solidarity
from hooks.model.project import load_project
from hooks.model.strings import Strings
from hooks.model.translations import Language
from hooks.packets.jobs import unsafe_packet_content
from hooks.packets.paper import PacketError, css_text, md
from hooks.packets.render import render_to_file
from hooks.postbuild.safety import (
    csp_for,
    is_known_script,
    unknown_scripts,
    unsafe_html,
    url_scheme,
)

LANGS = [Language("en", "English"), Language("es", "Español"), Language("ar", "العربية")]
TR = "translations/es/docs/index.md"
STR = "translations/es/strings.yml"
AR_STR = "translations/ar/strings.yml"
PLAN = "workshops/circle.md"
CSS_PAYLOAD = "PWNED"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_strings(project: Path, rel: str, body: str) -> None:
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / rel).write_text(body, encoding="utf-8")


def problems_of(project: Path) -> list[str]:
    return [str(p) for p in load_project(project, LANGS).problems if p.severity != "info"]


def everything_built(site: Path) -> str:
    """Every text file the build wrote, pages and search index included."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".txt")
    )


# ---------------------------------------------------------------------------
# 1. Everything that reaches a template or the search index: plain text only
# ---------------------------------------------------------------------------

TEMPLATE_TEXT = [
    "<script>alert(1)</script>",
    "Inicio</title><script>alert(1)</script>",
    'x" onmouseover="alert(1)',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "&#60;script&#62;alert(1)",
    "&#x3C;b&#x3E;",
    "a > b",
    "Inicio\x1b[31m",
    "<ScRiPt>alert(1)</sCrIpT>",
    "&quot;&gt;&lt;script&gt;",
]


@pytest.mark.parametrize("payload", TEMPLATE_TEXT)
@pytest.mark.parametrize(
    "rel, where",
    [
        (TR, "title: Inicio mini"),
        (TR, "summary: A small project for tests."),
        (PLAN, "title: Story circle"),
        (PLAN, "    method: Round"),
    ],
)
def test_markup_in_a_plain_text_field_is_refused_with_file_and_line(
    mini: Path, rel: str, where: str, payload: str
) -> None:
    key, _, _ = where.partition(":")
    edit(mini, rel, where, f"{key}: {json.dumps(payload)}")
    line = (
        (mini / rel).read_text(encoding="utf-8").split("\n").index(f"{key}: {json.dumps(payload)}")
    )
    found = [p for p in problems_of(mini) if "must be plain" in p or "control character" in p]
    assert found and found[0].startswith(f"{rel}:{line + 1}:"), problems_of(mini)


@pytest.mark.parametrize("payload", TEMPLATE_TEXT)
@pytest.mark.parametrize("key", ["nav.home", "site.name", "time.minutes"])
def test_markup_in_an_interface_string_is_refused(mini: Path, key: str, payload: str) -> None:
    group, name = key.split(".")
    value = payload + (" {minutes}" if key == "time.minutes" else "")
    write_strings(mini, STR, f"{group}:\n  {name}: {json.dumps(value)}\n")
    found = [p for p in problems_of(mini) if p.startswith(f"{STR}:2:")]
    assert found, problems_of(mini)


def test_hostile_titles_and_strings_in_two_languages_fail_one_build_and_publish_nothing(
    mini: Path,
) -> None:
    edit(mini, TR, "title: Inicio mini", 'title: "Inicio</title><script>alert(101)</script>"')
    write_strings(mini, AR_STR, 'nav:\n  home: "<img src=x onerror=alert(102)>"\n')
    for strict in (True, False):
        site = mini / ("strict" if strict else "loose")
        build = run_build(mini, site, strict=strict)
        assert build.returncode != 0
        assert f"{TR}:5:" in build.stdout + build.stderr
        assert f"{AR_STR}:2:" in build.stdout + build.stderr
        assert "Traceback" not in build.stdout + build.stderr
        assert "alert(10" not in (everything_built(site) if site.exists() else "")


def run_build(project: Path, site: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)]
    args.append("--strict" if strict else "--no-strict")
    return subprocess.run(
        args,
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


# ---------------------------------------------------------------------------
# 3, 4, 5. URL schemes, SVG and MathML, requests to other hosts: in page bodies
# ---------------------------------------------------------------------------

SCHEMES = [
    '<a href="javascript://[/%0Aalert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<a href="java\u200bscript:alert(1)">x</a>',
    '<a href="%6Aavascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="jav&Tab;ascript:alert(1)">x</a>',
]
SVG_MATH = [
    '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
    '<svg><a><animate attributeName="xlink:href" values="javascript:alert(1)"/></a></svg>',
    '<svg><image href="https://evil.example/x.png"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><use href="https://evil.example/s.svg#a"/></svg>',
    "<svg><foreignObject><p>x</p></foreignObject></svg>",
    '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    '<svg><animateTransform attributeName="transform" to="1"/></svg>',
    '<svg><feImage href="https://evil.example/x.png"/></svg>',
    '<svg><ANIMATE attributeName="href" to="javascript:alert(1)"/></svg>',
]
REQUESTS = [
    '<img src="https://evil.example/x.png" alt="x">',
    '<img src="//evil.example/x.png" alt="x">',
    '<img src="/\\evil.example/x.png" alt="x">',
    '<img srcset="https://evil.example/x.png 2x" alt="x">',
    '<picture><source srcset="https://evil.example/x.webp"></picture>',
    '<video poster="https://evil.example/x.png"></video>',
    '<audio src="https://evil.example/x.mp3"></audio>',
    '<a href="#top" ping="https://evil.example/p">x</a>',
    '<p style="background: url(https://evil.example/x.png)">x</p>',
    '<p style="background: u\\72l(https://evil.example/x.png)">x</p>',
    "<p style=\"background-image: image-set('https://evil.example/x.png' 1x)\">x</p>",
    '<p style="background: u/**/rl(//evil.example/x)">x</p>',
    '<table background="https://evil.example/x.png"><tr><td>x</td></tr></table>',
]
BODY_CLASSES = {"schemes": SCHEMES, "svg": SVG_MATH, "requests": REQUESTS}


@pytest.mark.parametrize(
    "fragment", [f for table in BODY_CLASSES.values() for f in table], ids=lambda f: f[:40]
)
def test_hostile_markup_is_found_by_the_page_and_packet_scanner(fragment: str) -> None:
    assert unsafe_html(fragment), fragment
    with pytest.raises(PacketError):
        md(f"Text\n\n{fragment}\n")


def test_every_class_has_at_least_ten_inputs() -> None:
    for table in (TEMPLATE_TEXT, *BODY_CLASSES.values(), PACKETS, FORMATS, LINKS, NAMES, PATHS):
        assert len(table) >= 10
    assert len(ODD_FILES) >= 10 and len(BIDI) >= 10


@pytest.mark.parametrize(
    "value, scheme",
    [
        ("https://example.org/a", "https"),
        ("../a.md#x", ""),
        ("mailto:a@example.org", "mailto"),
        ("javascript://[/%0Aalert(1)", "javascript"),
        ("%6Aavascript:alert(1)", None),
        ("fo%6F:bar", None),
        ("#a:b", ""),
        ("/path:with-colon", ""),
        ("\x00java\x0ascript:x", "javascript"),
    ],
)
def test_one_reading_of_a_link_scheme(value: str, scheme: str | None) -> None:
    assert url_scheme(value) == scheme


@pytest.mark.parametrize("name", sorted(BODY_CLASSES))
def test_hostile_page_bodies_fail_a_strict_build_and_never_reach_the_site(
    mini: Path, name: str
) -> None:
    marker = f"hostile-{name}"
    body = "\n\n".join(
        f'<div class="{marker}">\n{fragment}\n</div>' for fragment in BODY_CLASSES[name]
    )
    page = mini / "docs" / "principles" / "sharing.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + body + "\n", encoding="utf-8")
    strict = run_build(mini, mini / "strict", strict=True)
    assert strict.returncode != 0
    assert "docs/principles/sharing.md:" in strict.stdout + strict.stderr
    assert "Traceback" not in strict.stdout + strict.stderr
    loose = run_build(mini, mini / "loose", strict=False)
    # Refused at load (the schemes hold an unreadable link) or removed from the page, and
    # named at its file either way: never published.
    assert loose.returncode == (1 if name == "schemes" else 0)
    assert "docs/principles/sharing.md:" in loose.stdout + loose.stderr
    built = everything_built(mini / "loose") if (mini / "loose").exists() else ""
    assert marker not in built and "evil.example" not in built and "alert(1)" not in built


def test_unsafe_pages_in_two_languages_are_both_reported_by_one_strict_build(mini: Path) -> None:
    """Like Sphinx's --keep-going: the first language with a problem does not hide the next."""
    edit(
        mini,
        TR,
        "## Bienvenida {#welcome}\n",
        '## Bienvenida {#welcome}\n\n<span onclick="x()">Hola</span>\n',
    )
    ar = mini / "translations" / "ar" / "docs" / "index.md"
    ar.parent.mkdir(parents=True)
    ar.write_text(
        (mini / TR)
        .read_text(encoding="utf-8")
        .replace("Inicio mini", "بداية")
        .replace("onclick", "onmouseover"),
        encoding="utf-8",
    )
    build = run_build(mini, mini / "site", strict=True)
    log = build.stdout + build.stderr
    assert build.returncode != 0
    assert f"{TR}:11: unsafe HTML removed from the page: event-handler attribute `onclick`" in log
    assert (
        "translations/ar/docs/index.md:11: unsafe HTML removed from the page: event-handler attribute `onmouseover`"
        in log
    )


# ---------------------------------------------------------------------------
# 2. Packets: the same rules, CSS strings that cannot end, a fetcher that fetches nothing
# ---------------------------------------------------------------------------

PACKETS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt src=https://evil.example/x.js></ScRiPt>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="data:application/pdf;base64,JVBERi0=" rel="attachment">x</a>',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/passwd" alt="x">',
    "<style>@import url(https://evil.example/x.css);</style>",
    '<object data="https://evil.example/x.pdf"></object>',
    '<span onclick="alert(1)">x</span>',
    '<a href="ftp://evil.example/x">x</a>',
]


@pytest.mark.parametrize("fragment", PACKETS, ids=lambda f: f[:40])
def test_unsafe_packet_content_is_named_with_file_and_line(mini: Path, fragment: str) -> None:
    edit(mini, PLAN, "      Take turns.\n", f"      Take turns.\n\n      {fragment}\n")
    found = unsafe_packet_content(load_project(mini, LANGS))
    assert found and found[0].startswith(f"{PLAN}:"), found


@pytest.mark.parametrize(
    "template",
    [
        'Página {page} de {pages}</style><script>alert("PWNED")</script>',
        'x"; } body { background: url(https://evil.example/x) } x { content: "',
        "x\\",
        "x\n} body { color: red }",
        "</STYLE><img src=x>",
        "\u2028x",
    ],
)
def test_strings_written_into_packet_css_cannot_leave_their_string(template: str) -> None:
    css = css_text(template, page="counter(page)", pages="counter(pages)")
    assert "<" not in css and "\n" not in css and "\u2028" not in css
    # Every quote inside is escaped: the value is one sequence of CSS strings and counters.
    assert re.fullmatch(r'(?:"(?:[^"\\]|\\.)*"|counter\(pages?\)|\s)+', css), css


@pytest.mark.parametrize(
    "src",
    [
        "file:///etc/passwd",
        "https://evil.example/x.png",
        "http://127.0.0.1:9/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
)
def test_the_packet_renderer_fetches_nothing_but_its_own_images(tmp_path: Path, src: str) -> None:
    html = f'<html><body><p>x</p><img src="{src}" alt="x"></body></html>'
    with pytest.raises(BaseException):  # noqa: B017 (WeasyPrint raises its own errors)
        render_to_file(html, "0" * 24, str(tmp_path / "out.pdf"))
    assert not (tmp_path / "out.pdf").exists()


# ---------------------------------------------------------------------------
# 6. Format strings
# ---------------------------------------------------------------------------

FORMATS = [
    "{}",
    "{",
    "}",
    "Página {page} de {pages} {",
    "{page.__class__}",
    "{page.__class__.__mro__}",
    "{page[0]}",
    "{page!r} de {pages}",
    "{page:>40000} de {pages}",
    "{page} de {pages:{pages}}",
    "{0}",
    "{{page}} de {pages}",
]


@pytest.mark.parametrize("value", FORMATS)
def test_format_strings_are_refused_with_file_and_line(mini: Path, value: str) -> None:
    write_strings(mini, STR, f"packet:\n  page_of: {json.dumps(value)}\n")
    found = [p for p in problems_of(mini) if p.startswith(f"{STR}:2:")]
    assert found, problems_of(mini)


@pytest.mark.parametrize("value", FORMATS)
def test_a_string_is_filled_in_without_evaluating_anything(value: str) -> None:
    s = Strings("es", {"k": value})
    out = s.t("k", page=1, pages=2)
    assert "class" not in out.replace("__class__", "") and len(out) < 100


# ---------------------------------------------------------------------------
# 7. Links that crashed the link rewriter
# ---------------------------------------------------------------------------

LINKS = [
    "[x](http://[evil)",
    "[x](https://example.org[/a)",
    "[x](javascript://[/%0Aalert(1))",
    "[x](http://]/)",
    "![x](http://[::1/x.png)",
    '<a href="http://[evil">x</a>',
    "<a href='https://[x'>x</a>",
    '<img src="http://[/x.png" alt="x">',
    "[x][ref]\n\n[ref]: http://[broken",
    "<http://[evil>",
    "[x](//[evil/a)",
]


@pytest.mark.parametrize("link", LINKS)
def test_an_unreadable_link_is_named_at_its_line_and_crashes_nothing(mini: Path, link: str) -> None:
    path = mini / TR
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n\n" + link + "\n", encoding="utf-8")
    line = (text + "\n\n").count("\n") + 1
    found = [p for p in problems_of(mini) if "cannot be read as an address" in p]
    lines = {f"{TR}:{n}:" for n in range(line, line + 3)}
    assert found and found[0][: found[0].index(":", len(TR) + 1) + 1] in lines, found


def test_an_unreadable_link_fails_the_build_without_a_traceback(mini: Path) -> None:
    path = mini / TR
    path.write_text(path.read_text(encoding="utf-8") + "\n\n[x](http://[evil)\n", encoding="utf-8")
    build = mkdocs_build(mini, mini / "site", check=False)
    assert build.returncode != 0
    assert f"{TR}:" in build.log and "cannot be read as an address" in build.log
    assert "Traceback" not in build.log


# ---------------------------------------------------------------------------
# 8. The command: no path outside the project, no YAML from a language name
# ---------------------------------------------------------------------------

NAMES = [
    "Deutsch\nfoo: bar",
    "Deutsch\n  default: true",
    "!!python/object/apply:os.system ['touch /tmp/pwned']",
    "Deutsch # comment",
    '"Deutsch',
    "Deutsch: x",
    "&anchor Deutsch",
    "<b>Deutsch</b>",
    "{Deutsch}",
    "Deutsch\u2028x",
    "a" * 41,
    "",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_language_name_changes_nothing(mini: Path, name: str) -> None:
    before = snapshot(mini)
    result = solidarity(mini, "translations", "new", "de", "--name", name)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "nothing was changed" in result.stderr
    assert snapshot(mini) == before and not (mini / "translations" / "de").exists()
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize("name", ["<b>Deutsch</b>", 'Deutsch" onclick="x', "Deutsch&lt;"])
def test_a_hostile_language_name_written_by_hand_fails_the_build(mini: Path, name: str) -> None:
    edit(mini, "mkdocs.yml", "name: Español", f"name: {json.dumps(name)}")
    build = run_build(mini, mini / "site", strict=False)
    assert build.returncode != 0 and "mkdocs.yml:" in build.stdout + build.stderr
    assert "not plain text" in build.stdout + build.stderr


def test_a_good_language_name_is_quoted_in_mkdocs_yml(mini: Path) -> None:
    result = solidarity(mini, "translations", "new", "de", "--name", "Deutsch")
    assert result.returncode == 0, result.stderr
    assert '  name: "Deutsch"\n' in (mini / "mkdocs.yml").read_text(encoding="utf-8")


PATHS = [
    "docs/../../outside.md",
    "../outside.md",
    "docs/../mkdocs.yml",
    "/etc/passwd",
    "docs/../translations/es/docs/index.md",
    "docs/../../../../../../etc/hostname",
    "docs/linked.md",
    "docs/missing.md",
    "docs/cases",
    "workshops/../../outside.md",
    "docs/index.md/../../outside.md",
]


@pytest.mark.parametrize("page", PATHS)
def test_translations_start_never_leaves_the_project(mini: Path, page: str) -> None:
    outside = mini.parent / "outside.md"
    outside.write_text("---\ntitle: Outside\n---\nsecret\n", encoding="utf-8")
    os.symlink(outside, mini / "docs" / "linked.md")
    before = snapshot(mini.parent)
    result = solidarity(mini, "translations", "start", "es", page)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert snapshot(mini.parent) == before


# ---------------------------------------------------------------------------
# 9. Symbolic links and odd files
# ---------------------------------------------------------------------------


def _symlinked_language(mini: Path) -> None:
    real = mini.parent / "elsewhere"
    (mini / "translations" / "es").rename(real)
    os.symlink(real, mini / "translations" / "es")


def _symlinked_strings(mini: Path) -> None:
    real = mini.parent / "strings.yml"
    real.write_text('nav:\n  home: "Inicio"\n', encoding="utf-8")
    os.symlink(real, mini / STR)


def _symlinked_subfolder(mini: Path) -> None:
    real = mini.parent / "more"
    real.mkdir()
    (real / "page.md").write_text("---\ntitle: More\n---\nx\n", encoding="utf-8")
    os.symlink(real, mini / "docs" / "more")


def _write(rel: str, data: bytes) -> object:
    def change(mini: Path) -> None:
        (mini / rel).parent.mkdir(parents=True, exist_ok=True)
        (mini / rel).write_bytes(data)

    return change


def _strings_folder(mini: Path) -> None:
    (mini / STR).mkdir(parents=True)


def _nul_in_body(mini: Path) -> None:
    path = mini / TR
    path.write_bytes(path.read_bytes() + b"\nHola\x00mundo\n")


ODD_FILES: list[tuple[str, object, str, str]] = [
    ("symlinked language folder", _symlinked_language, "translations/es", "symbolic links"),
    ("symlinked strings.yml", _symlinked_strings, STR, "symbolic links"),
    ("symlinked subfolder", _symlinked_subfolder, "docs/more", "symbolic links"),
    ("hidden page", _write("docs/..faq.md", b"---\ntitle: F\n---\n"), "docs/..faq.md", "hidden"),
    (
        "hidden translation",
        _write("translations/es/docs/.index.md", b"---\ntitle: F\n---\n"),
        "translations/es/docs/.index.md",
        "hidden",
    ),
    ("NUL in a body", _nul_in_body, TR, "NUL byte"),
    (
        "duplicate key",
        _write("docs/cases/strike.md", b"---\nid: strike\nid: other\ntitle: x\n---\n"),
        "docs/cases/strike.md",
        "appears twice",
    ),
    (
        "duplicate strings key",
        _write(STR, b'nav:\n  home: "a"\n  home: "b"\n'),
        STR,
        "appears twice",
    ),
    ("strings.yml as a folder", _strings_folder, STR, "a folder where the strings file"),
    (
        "a billion minutes",
        lambda mini: edit(mini, PLAN, "    minutes: 45", "    minutes: 1000000000"),
        PLAN,
        "1000000000 minutes",
    ),
    (
        "a billion minutes of break",
        lambda mini: edit(mini, PLAN, "    minutes: 5\n", "    minutes: 1000000000\n"),
        PLAN,
        "1000000000 minutes",
    ),
]


@pytest.mark.parametrize("what, change, rel, words", ODD_FILES, ids=[x[0] for x in ODD_FILES])
def test_odd_files_are_clear_errors(
    mini: Path, what: str, change: object, rel: str, words: str
) -> None:
    change(mini)  # type: ignore[operator]
    found = [p for p in problems_of(mini) if p.startswith(rel + ":") and words in p]
    assert found, problems_of(mini)


# ---------------------------------------------------------------------------
# 10. Bidirectional controls written as character references
# ---------------------------------------------------------------------------

BIDI = [
    "&#x202E;",
    "&#x202e;",
    "&#8238;",
    "&#X202D;",
    "&#x2066;",
    "&#x2069;",
    "&#0000008238;",
    "&rlm;",
    "&LRM;",
    "&#x61C;",
    "&#x200F;",
    "&#8294",
]


@pytest.mark.parametrize("entity", BIDI)
@pytest.mark.parametrize("rel", [TR, "docs/index.md", STR])
def test_bidi_controls_as_references_are_refused(mini: Path, rel: str, entity: str) -> None:
    if rel == STR:
        write_strings(mini, STR, f'nav:\n  home: "Ini{entity}cio"\n')
    else:
        path = mini / rel
        path.write_text(path.read_text(encoding="utf-8") + f"\nabc {entity} def\n", "utf-8")
    found = [p for p in problems_of(mini) if p.startswith(rel + ":") and "bidirectional" in p]
    assert found, problems_of(mini)


# ---------------------------------------------------------------------------
# The policy lists only the build's own scripts
# ---------------------------------------------------------------------------


def test_the_policy_of_a_page_hashes_only_scripts_the_build_wrote() -> None:
    injected = (
        '<html><head><meta charset="utf-8"></head><body><script>alert(1)</script></body></html>'
    )
    assert "'sha256-" not in csp_for(injected)
    assert unknown_scripts(injected) == ["alert(1)"]


def test_every_built_page_carries_only_known_scripts(site) -> None:  # type: ignore[no-untyped-def]
    policy = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')
    script = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S
    )
    for page in pages(site.site):
        html = page.read_text(encoding="utf-8")
        assert unknown_scripts(html) == [], page
        found = policy.search(html)
        assert found, page
        hashes = set(re.findall(r"'sha256-[^']+'", found.group(1)))
        inline = [m.group(1) for m in script.finditer(html)]
        assert all(is_known_script(text) for text in inline), page
        assert len(hashes) == len(set(inline)), page


def test_the_real_sources_have_no_problem() -> None:
    from hooks.cli.common import configured_languages

    problems = load_project(ROOT, configured_languages(ROOT)).problems
    assert [str(p) for p in problems if p.severity == "error"] == []


# ---------------------------------------------------------------------------
# The command a translator runs before submitting gives the same refusals
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    TEMPLATE_TEXT[:6] + [f for table in BODY_CLASSES.values() for f in table[:4]] + BIDI[:3],
    ids=lambda f: f[:30],
)
def test_translations_check_refuses_what_the_build_refuses(mini: Path, payload: str) -> None:
    from hooks.cli.checks import check_files

    if payload in TEMPLATE_TEXT:
        edit(mini, TR, "title: Inicio mini", f"title: {json.dumps(payload)}")
    else:
        path = mini / TR
        path.write_text(path.read_text(encoding="utf-8") + f"\n\n{payload}\n", encoding="utf-8")
    problems = check_files(mini, LANGS, [mini / TR])
    assert any(p.path == TR and p.line > 1 and p.severity == "error" for p in problems), [
        str(p) for p in problems
    ]
