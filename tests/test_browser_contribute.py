"""The way in for contributors, in a real browser: a few page loads, not a sweep.

On the translators' guide of every language the contribution links are there and name
the right file, the guide's "tell us" leads to the same report route, its picture shows,
and nothing is asked of another host until a link is clicked. The status page, on a
phone, lists titles with links to each translation and to the English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
import yaml
from test_browser import PHONE

from conftest import LANGUAGES, ROOT, require_browser_tools

pytestmark = pytest.mark.browser

REPO = re.search(
    r"^repo_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
).group(1)  # type: ignore[union-attr]
SITE_URL = re.search(
    r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
).group(1)  # type: ignore[union-attr]


def strings(lang: str) -> dict[str, dict[str, str]]:
    path = ROOT / "translations" / ("" if lang == "en" else lang) / "strings.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


class Watched:
    """A tab whose every request is recorded; those to another host are stopped there."""

    def __init__(self, instance: object, base: str, **options: object) -> None:
        self.host = urlsplit(base).netloc
        self.context = instance.new_context(**options)  # type: ignore[attr-defined]
        self.context.set_default_timeout(10_000)
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).netloc == self.host
                else route.abort()
            ),
        )
        self.tab = self.context.new_page()

    def foreign(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).netloc != self.host]


@pytest.fixture
def watched(
    browser: object,  # noqa: F811
    served: str,  # noqa: F811
) -> Iterator[Watched]:
    tab = Watched(browser, served, viewport={"width": 1280, "height": 900})
    yield tab
    tab.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_links_to_its_file_and_nothing_leaves_until_a_click(
    watched: Watched,
    served: str,  # noqa: F811
    lang: str,
) -> None:
    path = "translators/" if lang == "en" else f"{lang}/translators/"
    tab = watched.tab
    tab.goto(served + path, wait_until="load")
    tab.wait_for_load_state("networkidle")
    group = strings(lang)["contribute"]
    nav = tab.locator("nav.sc-contribute")
    assert nav.get_attribute("aria-label") == group["label"]
    kind, source = (
        ("edit", "docs/translators.md")
        if lang == "en"
        else ("improve", f"translations/{lang}/docs/translators.md")
    )
    link = nav.locator(f"a.sc-contribute__{kind}")
    assert link.inner_text() == group[kind]
    assert link.get_attribute("href") == f"{REPO}/edit/main/{source}"
    report = nav.locator("a.sc-contribute__report")
    assert report.inner_text() == group["report"]
    href = report.get_attribute("href") or ""
    assert href.startswith(f"{REPO}/issues/new?title=")
    assert href.endswith("&body=" + quote(SITE_URL + path, safe=""))
    # The guide's "tell us" sentence leads to the same route.
    told = tab.locator("article a[href^='https://']").evaluate_all("a => a.map(x => x.href)")
    assert href in told
    # The picture of the steps is the site's own, shown, with words in the page's language.
    picture = tab.locator("article img[src$='translate-steps.svg']")
    assert picture.evaluate("i => i.complete && i.naturalWidth > 0")
    alt = picture.get_attribute("alt") or ""
    assert len(alt) > 40 and (lang == "en" or alt != strings_alt_en())
    # Nothing has gone to GitHub (or anywhere else) on load, nor on pointing at a link.
    report.hover()
    link.focus()
    tab.wait_for_timeout(200)
    assert watched.foreign() == [], watched.foreign()
    assert all(urlsplit(u).netloc == watched.host for u in watched.requests)
    # A click is what goes there (stopped by the route, so no request really leaves).
    with tab.expect_request(lambda r: r.url.startswith(f"{REPO}/issues/new")):
        report.click(no_wait_after=True)


def strings_alt_en() -> str:
    text = (ROOT / "docs/translators.md").read_text(encoding="utf-8")
    found = re.search(r"!\[([^\]]+)\]\(assets/figures/translate-steps\.svg\)", text)
    assert found
    return found.group(1)


def test_the_status_page_on_a_phone_lists_titles_and_both_links(
    browser: object,  # noqa: F811
    served: str,  # noqa: F811
) -> None:
    require_browser_tools()
    watched = Watched(browser, served, **dict(PHONE, viewport={"width": 390, "height": 844}))
    tab = watched.tab
    try:
        tab.goto(served + "es/status/", wait_until="load")
        es = strings("es")["status"]
        # The summary: one card per language, all of it on a 390 px screen.
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        cards = tab.locator("ul.sc-status-summary > li")
        assert cards.count() == len(LANGUAGES) - 1
        for box in cards.evaluate_all("c => c.map(x => x.getBoundingClientRect().toJSON())"):
            assert box["left"] >= 0 and box["right"] <= 390, box
        first = cards.first
        labels = first.locator("dt").all_inner_texts()
        assert labels == [es["reviewed"], es["draft"], es["stale"], es["missing"]]
        assert first.locator("progress").get_attribute("aria-labelledby")
        assert tab.locator("h2#summary").inner_text().startswith(es["summary"])
        # Themed bars: the palette's colour, a different one in the dark palette.
        bar = first.locator("progress")
        light = bar.evaluate("p => getComputedStyle(p).color")
        tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        assert bar.evaluate("p => getComputedStyle(p).color") != light
        # The French section: titles, each state in Spanish, links to both pages.
        rows = tab.locator("h2#lang-fr + div.sc-status-pages tbody tr")
        assert rows.count() > 20
        row = rows.first
        title = row.locator("td").first.inner_text()
        assert title and not title.endswith(".md")
        state = row.locator(".sc-state").inner_text()
        assert state in {es[f"state_{s}"] for s in ("reviewed", "draft", "stale", "missing")}
        english = row.locator("a[hreflang='en']")
        assert english.inner_text() == es["english"]
        translation = row.locator("a[hreflang='fr']")
        assert translation.inner_text() == es["translation"]
        translation.click()
        tab.wait_for_load_state("load")
        assert tab.evaluate("document.documentElement.lang") == "fr"
        assert tab.locator("article h1").inner_text() == title
        tab.go_back(wait_until="load")
        tab.locator("h2#lang-fr + div.sc-status-pages tbody tr").first.locator(
            "a[hreflang='en']"
        ).click()
        tab.wait_for_load_state("load")
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert watched.foreign() == [], watched.foreign()
    finally:
        watched.context.close()
