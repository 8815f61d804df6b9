"""The real site: strict build, languages, privacy, generated structure, search, reproducibility."""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from conftest import LANGUAGES, ROOT, Build, mkdocs_build, pages


def read(site: Build, path: str) -> str:
    return (site.site / path).read_text(encoding="utf-8")


def test_strict_build_succeeds_with_every_link_checked(site: Build) -> None:
    assert site.returncode == 0
    match = re.search(r"checked (\d+) links on (\d+) pages in [\d.]+ s: (\d+) problem", site.log)
    assert match, site.log[-2000:]
    links, page_count, problems = map(int, match.groups())
    assert problems == 0
    assert page_count == len(pages(site.site)) and links > 5000


def test_every_language_home_has_lang_and_direction(site: Build) -> None:
    for lang in LANGUAGES:
        html = read(site, "index.html" if lang == "en" else f"{lang}/index.html")
        tag = re.search(r"<html[^>]*>", html).group(0)
        assert f'lang="{lang}"' in tag
        assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in tag
        assert f'<body dir="{"rtl" if lang == "ar" else "ltr"}"' in html


def test_every_language_has_its_own_not_found_page_that_works_at_any_depth(
    site: Build,
) -> None:
    """GitHub Pages serves the root 404 for every address; other hosts serve the nearest."""
    import yaml

    titles = {}
    for lang in LANGUAGES:
        strings = "translations/strings.yml" if lang == "en" else f"translations/{lang}/strings.yml"
        titles[lang] = yaml.safe_load((ROOT / strings).read_text(encoding="utf-8"))["not_found"]
    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        html = read(site, f"{prefix}404.html")
        tag = re.search(r"<html[^>]*>", html).group(0)
        assert f'lang="{lang}"' in tag and f'dir="{"rtl" if lang == "ar" else "ltr"}"' in tag
        assert f'<h1 id="not-found">{escape(titles[lang]["title"])}</h1>' in html
        assert f'<a href="/{prefix}">{escape(titles[lang]["home"])}</a>' in html
        assert '<meta name="robots" content="noindex">' in html
        assert "md-nav--secondary" not in html and "md-footer__inner" not in html
        assert 'rel="canonical"' not in html
        # Served at /<lang>/any/depth/: no address may be relative.
        relative = [
            v
            for v in re.findall(r'(?:href|src)="([^"]*)"', html)
            if not v.startswith(("/", "#", "https:"))
        ]
        assert not relative, (lang, relative[:5])
        config = json.loads(
            re.search(r'<script id="__config"[^>]*>(.*?)</script>', html, re.S).group(1)
        )
        assert config["base"].startswith("/") and config["search"].startswith("/assets/")
    root = read(site, "404.html")
    for lang in LANGUAGES[1:]:
        line = re.search(rf'<li lang="{lang}" dir="(\w+)">(.*?)</li>', root).groups()
        assert line[0] == ("rtl" if lang == "ar" else "ltr")
        assert escape(titles[lang]["title"]) in line[1] and f'href="/{lang}/"' in line[1]


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"] or "")
        if (
            tag == "link"
            and a.get("href")
            and set((a.get("rel") or "").split())
            & {
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "prefetch",
                "preconnect",
                "dns-prefetch",
                "manifest",
            }
        ):
            self.urls.append(a["href"] or "")


EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def test_no_third_party_resources_anywhere(site: Build) -> None:
    offenders = []
    for path in sorted(site.site.rglob("*")):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            offenders += [f"{path}: {u}" for u in parser.urls if EXTERNAL.match(u)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(
                r"@import\s+['\"]([^'\"]+)", text
            ):
                if EXTERNAL.match(url):
                    offenders.append(f"{path}: {url}")
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8")
            offenders += [
                f"{path}: {u}" for u in re.findall(r"https://(?:unpkg|cdn|fonts)\.[\w./-]+", text)
            ]
    assert not offenders, offenders[:10]


def test_every_page_has_a_csp_allowing_only_the_site(site: Build) -> None:
    for page in pages(site.site):
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert match, page
        policy = match.group(1)
        assert (
            "default-src 'self'" in policy
            and "object-src 'none'" in policy
            and "base-uri 'self'" in policy
        )
        assert (
            "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
        )
        # The policy is the first thing after the charset, before any script.
        assert html.index("Content-Security-Policy") < html.index("<script")


INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)


def test_inline_scripts_look_like_text_to_any_html_tokenizer(site: Build) -> None:
    """Link checkers and crawlers that do not treat script content as text still see every link.

    lychee reads "i<inputs" inside a script as a tag and silently checks nothing after it.
    """
    offenders = []
    for page in pages(site.site):
        for script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            offenders += [f"{page}: {m}" for m in re.findall(r"<[A-Za-z!?/].{0,20}", script)]
    assert not offenders, offenders[:5]


def test_hreflang_alternates_on_every_page(site: Build) -> None:
    html = read(site, "es/cases/baltic-way/index.html")
    alternates = {
        lang: href
        for href, lang in re.findall(
            r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)"', html
        )
    }
    assert set(alternates) == {*LANGUAGES, "x-default"}
    # Search engines take hreflang from absolute addresses only.
    base = "https://solidarity-commons.github.io/"
    assert alternates["fr"] == base + "fr/cases/baltic-way/"
    assert alternates["x-default"] == alternates["en"] == base + "cases/baltic-way/"
    for page in pages(site.site):
        if page.name == "index.html" and "offline" not in page.parts:
            found = re.findall(
                r'<link rel="alternate" href="([^"]+)" hreflang', page.read_text("utf-8")
            )
            assert len(found) == len(LANGUAGES) + 1 and all(h.startswith(base) for h in found), page


def test_untranslated_page_shows_english_with_notice_in_reader_language(
    mini: Path, tmp_path: Path
) -> None:
    # Every page of the real site is translated, so the fixture project has the missing page;
    # it gets the real interface strings, English and Spanish.
    for rel in ("translations/strings.yml", "translations/es/strings.yml"):
        (mini / rel).write_bytes((ROOT / rel).read_bytes())
    site = mkdocs_build(mini, tmp_path / "site").site
    html = (site / "es/cases/strike/index.html").read_text(encoding="utf-8")
    notice = html[html.index("sc-notice") :]
    notice = notice[: notice.index("</div>")]
    expected = (
        "Esta página todavía no tiene versión en este idioma (Español), "
        "así que se muestra en inglés."
    )
    assert expected in notice
    english = (site / "cases/strike/index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", english, re.S)
    assert h1 and h1.group(1).split("<")[0].strip() in html  # the English text follows


def test_language_selector_marks_untranslated_languages(site: Build) -> None:
    html = read(site, "es/cases/baltic-way/index.html")
    selector = html[html.index("md-select__list") :]
    selector = selector[: selector.index("</ul>")]
    # Every language without its own Baltic Way page is marked, and only those
    # (English is the source, so it is never marked).
    missing = [
        lang
        for lang in LANGUAGES[1:]
        if not (ROOT / "translations" / lang / "docs/cases/baltic-way.md").exists()
    ]
    for lang in LANGUAGES[1:]:
        item = re.search(rf'<a [^>]*hreflang="{lang}"[^>]*>(.*?)</a>', selector, re.S)
        assert item, lang
        assert ("sc-untranslated" in item.group(1)) == (lang in missing), lang
    assert selector.count("sc-untranslated") == len(missing)
    home = read(site, "es/index.html")
    home_selector = home[home.index("md-select__list") :]
    assert "sc-untranslated" not in home_selector[: home_selector.index("</ul>")]


def test_translated_page_is_in_its_language(site: Build) -> None:
    html = read(site, "fr/faq/index.html")
    meta = (ROOT / "translations/fr/docs/faq.md").read_text("utf-8").split("---")[1]
    state = re.search(r"\bstate: (\w+)", meta)
    draft = "Cette traduction est un brouillon"
    # A draft says so, in French; a reviewed translation carries no notice.
    assert (draft in html) == (state is not None and state.group(1) == "draft")
    assert "This page has not been translated" not in html
    assert 'id="why-does-solidarity-matter"' in html  # language-neutral anchors


def test_principle_pages_list_cases_and_workshops_from_front_matter(site: Build) -> None:
    html = read(site, "principles/mutual-aid/index.html")
    section = html[html.index('id="cases-that-show-this-principle"') :]
    for case in ("black-panther-survival-programs", "montgomery-bus-boycott"):
        assert f"../../cases/{case}/" in section
    assert "../../workshops/mutual-aid-network/" in section
    spanish = read(site, "es/principles/mutual-aid/index.html")
    assert '<h2 id="cases-that-show-this-principle">Casos que muestran este principio' in spanish


def test_graph_is_consistent_both_ways(site: Build) -> None:
    from hooks.cli.common import configured_languages
    from hooks.model.project import load_project

    project = load_project(ROOT, configured_languages(ROOT)[:1])
    for case in project.cases.values():
        for pid in case.principles:
            assert case.id in project.principles[pid].cases
        html = read(site, f"cases/{case.id}/index.html")
        for pid in case.principles:
            assert f"../../principles/{pid}/" in html
    for principle in project.principles.values():
        for cid in principle.cases:
            assert principle.id in project.cases[cid].principles


def test_timeline_lists_every_case_accessibly(site: Build) -> None:
    html = read(site, "cases/index.html")
    start = html.index('<figure class="sc-pic sc-timeline"')
    figure = html[start : html.index("</figure>", start)]
    assert "<figcaption" in figure  # the picture says what it shows
    cases = sorted(p.stem for p in (ROOT / "docs" / "cases").glob("*.md") if p.stem != "index")
    assert len(cases) >= 14
    for case in cases:
        assert f'href="{case}/"' in figure
        assert f'href="{case}/"' in html[html.index('id="all-cases"') :]  # the same links as text
    # Words are HTML text; the SVGs hold shapes only, hidden from screen readers.
    for svg in re.findall(r"<svg\b.*?</svg>", figure, flags=re.S):
        assert 'aria-hidden="true"' in svg and "<text" not in svg


def test_workshop_page_agenda_has_running_clock(site: Build) -> None:
    html = read(site, "workshops/finding-common-ground/index.html")
    agenda = html[html.index('id="agenda"') :]
    agenda = agenda[: agenda.index("</table>")]
    starts = re.findall(r"<td class=\"sc-cell-end\">(\d+:\d\d)</td>", agenda)
    assert starts[:3] == ["0:00", "0:10", "0:40"]
    assert starts[-1] == "2:00"
    assert "-packet.pdf" in html and "-handouts.pdf" in html
    assert re.search(r"PDF, \d+ pages", html)


def test_the_workshops_index_writes_formats_in_lower_case_inside_a_sentence(site: Build) -> None:
    """A format is a capitalised label in the table and a heading, lower case after a
    duration in brackets ("(2 h, en présentiel ou en ligne)"), in every cased language."""
    for lang, label in [
        ("", "In person or online"),
        ("fr/", "En présentiel ou en ligne"),
        ("es/", "Presencial o en línea"),
        ("pl/", "Stacjonarnie lub online"),
    ]:
        html = read(site, f"{lang}workshops/index.html")
        inline = label[0].lower() + label[1:]
        assert re.search(rf"\([^()<]+, {re.escape(inline)}\)", html), lang
        assert f", {label})" not in html, lang
        assert f"<td>{label}</td>" in html, lang  # the table keeps the label as it is


def test_curriculum_page_lays_out_days_with_breaks(site: Build) -> None:
    html = read(site, "curricula/weekend-intensive/index.html")
    day1 = html[html.index('id="session-1"') : html.index('id="session-2"')]
    times = re.findall(r"(\d\d:\d\d)–(\d\d:\d\d)", day1)
    assert times[0] == ("09:30", "11:30")
    assert ("11:30", "11:45") in times  # break at its fixed time
    assert ("13:15", "14:15") in times  # lunch at its fixed time, then resume
    assert "resume at 14:15" in day1
    day2 = html[html.index('id="session-2"') :]
    assert re.findall(r"(\d\d:\d\d)–", day2)[0] == "09:30"  # the clock resets each day


def test_search_index_is_per_language(site: Build) -> None:
    for lang in LANGUAGES:
        path = site.site / ("" if lang == "en" else lang) / "search" / "search_index.json"
        index = json.loads(path.read_text(encoding="utf-8"))
        locations = [d["location"] for d in index["docs"]]
        assert locations and not any(
            loc.startswith(tuple(f"{x}/" for x in LANGUAGES)) for loc in locations
        )
        assert len({d["location"].split("#")[0] for d in index["docs"]}) == len(
            pages(site.site / lang)
            if lang != "en"
            else [p for p in pages(site.site) if p.relative_to(site.site).parts[0] not in LANGUAGES]
        )
    spanish = json.loads((site.site / "es/search/search_index.json").read_text(encoding="utf-8"))
    assert spanish["config"]["lang"] == ["es"]
    assert any("apoyo mutuo" in d["text"].lower() for d in spanish["docs"])
    chinese = json.loads(
        (site.site / "zh-Hant/search/search_index.json").read_text(encoding="utf-8")
    )
    assert "\\u200b" in chinese["config"]["separator"]
    assert any("\u200b" in d["text"] for d in chinese["docs"])  # segmented into words


def test_status_page_shows_progress(site: Build) -> None:
    html = read(site, "status/index.html")
    bars = re.findall(r'<progress max="100" value="(\d+)"', html)
    assert len(bars) == len(LANGUAGES) - 1 and all(0 < int(v) <= 100 for v in bars)


def test_offline_zips_are_published_and_linked(site: Build) -> None:
    import zipfile

    html = read(site, "facilitators/index.html")
    for lang in LANGUAGES:
        assert f"offline/solidarity-commons-{lang}.zip" in html
        archive = zipfile.ZipFile(site.site / "offline" / f"solidarity-commons-{lang}.zip")
        names = set(archive.namelist())
        start = "index.html" if lang == "en" else f"{lang}/index.html"
        assert start in names and "README.txt" in names
        assert (
            "search/search_index.js" if lang == "en" else f"{lang}/search/search_index.js"
        ) in names
        assert any(n.endswith("-packet.pdf") for n in names)
        page = archive.read(start).decode("utf-8")
        assert "iframe-worker-shim.js" in page and "unpkg" not in page
        assert not any(
            n.startswith(tuple(f"{x}/" for x in LANGUAGES if x not in ("en", lang))) for n in names
        )
        # Links to pages the zip does not hold (the other languages) open the online site.
        base = "https://solidarity-commons.github.io/"
        for name in [n for n in sorted(names) if n.endswith(".html")][:40]:
            text = archive.read(name).decode("utf-8")
            folder = posixpath.dirname(name)
            for href in re.findall(r'<a\b[^>]*\bhref="([^"#:/][^"#:]*\.html)(?:#[^"]*)?"', text):
                resolved = posixpath.normpath(posixpath.join(folder, href))
                assert resolved in names, (lang, name, href)
        page = archive.read(
            "cases/baltic-way.html" if lang == "en" else f"{lang}/cases/baltic-way.html"
        )
        other = "es" if lang == "en" else "en"
        online = f"{base}{'' if other == 'en' else other + '/'}cases/baltic-way/"
        selector = re.search(
            rf'<a href="{online}" hreflang="{other}"[^>]*>(.*?)</a>', page.decode(), re.S
        )
        assert selector and 'class="sc-online"' in selector.group(1), lang
