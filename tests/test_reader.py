"""The reader's header and search in real Chromium, on a 390 px phone and a 1366 px desktop.

No page logs a JavaScript error, first visit or with a palette chosen; the palette
toggle is there from the start; the language menu shows every language whole and
marks the current one; tapping search focuses its box; a query that arrives at once
(as a phone keyboard or input method inserts it) finds what the same query typed
later finds. The search index keeps notices and pictures out.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from test_browser import wait_until

from conftest import LANGUAGES, WATCH_CSP, Build

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
WIDTHS = {"390": PHONE, "1366": DESKTOP}

# One page of each kind that carries its own scripts: home (doors), a case, a workshop (planner).
PAGES = ["", "cases/lgsm/", "workshops/mutual-aid-network/"]

QUERIES = {
    "en": "solidarity",
    "es": "solidaridad",
    "fr": "solidarité",
    "pl": "solidarność",
    "ar": "تضامن",
    "zh-Hant": "團結",
}

SEARCH_INPUT = "input.md-search__input"
IS_SEARCH_FOCUSED = (
    "!!document.activeElement && document.activeElement.matches('input.md-search__input')"
)
INDEX_FETCHED = (
    "performance.getEntriesByType('resource').some(r => /search_index\\.json$/.test(r.name))"
)
# Material renders ten results at a time and the next ten only when the list's end scrolls
# into view, so what is compared is the count it reports and the first ten results' links.
RESULT_LINKS = """[
  (document.querySelector('.md-search-result__meta') || {}).textContent || '',
  ...[...document.querySelectorAll('.md-search-result__item')].slice(0, 10)
    .flatMap(item => [...item.querySelectorAll('.md-search-result__link')].map(e => e.href)),
]"""


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def new_tab(browser: Any, width: str, scheme: str = "light") -> tuple[Any, Any, list[str]]:
    context = browser.new_context(**WIDTHS[width], color_scheme=scheme)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.add_init_script(WATCH_CSP)
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(f"{tab.url}: {e}"))
    tab.on("console", lambda m: m.type == "error" and errors.append(f"{tab.url}: {m.text}"))
    return context, tab, errors


def settled_results(tab: Any, timeout: float = 20.0) -> list[str]:
    """The reported count, then the first results' links, once they have stopped changing."""
    deadline = time.monotonic() + timeout
    last: list[str] | None = None
    while time.monotonic() < deadline:
        found = tab.evaluate(RESULT_LINKS)
        if len(found) > 1 and found == last:
            return list(found)
        last = found
        tab.wait_for_timeout(400)
    return list(last or [])


# A first visit at both widths; the dark system palette and a saved palette each at one
# (the palette script does not depend on the width, the header's icons do).
@pytest.mark.parametrize(
    "width, saved, scheme",
    [
        ("390", False, "light"),
        ("1366", False, "light"),
        ("390", False, "dark"),
        ("1366", True, "light"),
    ],
    ids=[
        "first-visit-390",
        "first-visit-1366",
        "first-visit-dark-system-390",
        "saved-palette-1366",
    ],
)
def test_no_javascript_error_and_the_palette_toggle_is_there_from_the_start(
    browser: Any, served: str, width: str, saved: bool, scheme: str
) -> None:
    context, tab, errors = new_tab(browser, width, scheme)
    hidden_toggle = []
    for lang in LANGUAGES:
        for number, path in enumerate(PAGES):
            tab.goto(served + prefix(lang) + path, wait_until="load")
            if saved and lang == LANGUAGES[0] and number == 0:
                # As a reader does: one click on the toggle, before the theme's script has run.
                tab.locator("form[data-md-component=palette] label:not([hidden])").click()
                wait_until(tab, "document.body.getAttribute('data-md-color-scheme') === 'slate'")
                continue
            toggles = tab.evaluate(
                "[...document.querySelectorAll('form[data-md-component=palette] label')]"
                ".filter(l => !l.hidden && l.getBoundingClientRect().width > 0).length"
            )
            if toggles != 1:
                hidden_toggle.append(f"{tab.url}: {toggles} palette toggles shown")
            shown = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
            expected = "slate" if saved or scheme == "dark" else "default"
            assert shown == expected, f"{tab.url}: {shown}, not {expected}"
            csp = tab.evaluate("window.__csp")
            if csp:
                errors.append(f"{tab.url}: CSP {csp}")
        # A first interaction starts the theme's script: no error then either.
        tab.mouse.wheel(0, 60)
        tab.wait_for_timeout(300)
    context.close()
    assert not errors, "\n".join(errors[:20])
    assert not hidden_toggle, "\n".join(hidden_toggle[:20])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_language_menu_shows_every_language_whole_and_marks_the_current_one(
    browser: Any, served: str, width: str
) -> None:
    context, tab, errors = new_tab(browser, width)
    for lang in LANGUAGES:
        tab.goto(served + prefix(lang))
        if width == "390":
            tab.tap(".md-select button")
        else:
            tab.hover(".md-select")
        tab.wait_for_timeout(600)  # the menu's opening transition
        boxes = tab.evaluate(
            "(() => { const list = document.querySelector('.md-select__list').getBoundingClientRect();"
            "return [...document.querySelectorAll('.md-select__link')].map(a => {"
            "const r = a.getBoundingClientRect(); return {lang: a.lang,"
            "whole: r.top >= list.top - 0.5 && r.bottom <= list.bottom + 0.5"
            " && a.scrollWidth <= a.clientWidth && a.getClientRects().length === 1,"
            "current: a.getAttribute('aria-current')}})})()"
        )
        assert [b["lang"] for b in boxes] == LANGUAGES
        assert all(b["whole"] for b in boxes), (lang, boxes)
        assert [b["lang"] for b in boxes if b["current"] == "page"] == [lang]
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_opening_search_focuses_the_box_in_every_language(
    browser: Any, served: str, width: str
) -> None:
    context, tab, errors = new_tab(browser, width)
    for lang in LANGUAGES:
        for started in (False, True):  # before the theme's script has run, and after
            tab.goto(served + prefix(lang) + "cases/", wait_until="load")
            if started:
                tab.mouse.wheel(0, 40)
                wait_until(tab, "typeof document$ !== 'undefined'")
            if width == "390":
                tab.tap("label.md-header__button[for=__search]")
            else:
                tab.click(SEARCH_INPUT)
            # Within the tap itself: no waiting for a script.
            assert tab.evaluate(IS_SEARCH_FOCUSED), (lang, started)
            wait_until(tab, "document.getElementById('__search').checked")
    context.close()
    assert not errors, errors


def open_search(tab: Any, width: str) -> None:
    if width == "390":
        tab.tap("label.md-header__button[for=__search]")
    else:
        tab.click(SEARCH_INPUT)


# Every language on a phone, where keyboards insert text whole; on a desktop the
# scripts whose input methods do the same (and English as the reference).
@pytest.mark.parametrize(
    ("lang", "width"),
    [(lang, width) for width in ("390", "1366") for lang in LANGUAGES],
)
def test_a_query_inserted_at_once_finds_what_a_query_typed_later_finds(
    browser: Any, served: str, lang: str, width: str
) -> None:
    url = served + prefix(lang) + "cases/"
    # At once: search opened right after the page starts loading, the text inserted whole.
    context, tab, errors = new_tab(browser, width)
    tab.goto(url, wait_until="commit")
    tab.wait_for_selector(SEARCH_INPUT, state="attached")
    open_search(tab, width)
    tab.keyboard.insert_text(QUERIES[lang])
    at_once = settled_results(tab)
    context.close()
    # Later: the index loaded, then the query typed key by key.
    context, tab, later_errors = new_tab(browser, width)
    tab.goto(url, wait_until="load")
    open_search(tab, width)
    wait_until(tab, INDEX_FETCHED, timeout=20)
    tab.wait_for_timeout(1500)
    tab.keyboard.type(QUERIES[lang], delay=60)
    later = settled_results(tab)
    context.close()
    assert len(later) > 1, f"{lang}: the typed query found nothing"
    assert at_once == later
    assert all(link.startswith(served + prefix(lang)) for link in later[1:])
    assert not errors + later_errors, errors + later_errors


@pytest.mark.parametrize("lang", ["ar", "zh-Hant"])
def test_a_query_ending_in_its_scripts_punctuation_finds_the_same(
    browser: Any, served: str, lang: str
) -> None:
    word, mark = {"ar": ("التضامن", "؟"), "zh-Hant": ("團結", "？")}[lang]
    found = {}
    for query in (word, word + mark):
        context, tab, _ = new_tab(browser, "1366")
        tab.goto(served + prefix(lang), wait_until="load")
        tab.click(SEARCH_INPUT)
        tab.keyboard.insert_text(query)
        found[query] = settled_results(tab)
        if query == word:
            suggestion = tab.evaluate(
                "(document.querySelector('.md-search__suggest') || {}).textContent || ''"
            )
            assert mark not in suggestion, suggestion
        context.close()
    assert len(found[word]) > 1, f"{lang}: nothing found for {word}"
    assert found[word] == found[word + mark]


NOTICE = re.compile(r'<div class="admonition [^"]*\bsc-notice\b[^"]*"[^>]*>\s*<p>(.*?)</p>', re.S)


def test_notices_and_pictures_stay_out_of_the_search_index(site: Build) -> None:
    looked_for = 0
    for lang in LANGUAGES:
        root = site.site / prefix(lang)
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        text = " ".join(doc["text"] for doc in index["docs"])
        notices = set()
        pages = [
            p
            for p in root.rglob("index.html")
            if lang != "en" or p.parts[len(root.parts)] not in LANGUAGES
        ]
        for page in pages:
            for found in NOTICE.findall(page.read_text(encoding="utf-8")):
                notices.add(re.sub(r"<[^>]+>", "", found).strip())
        looked_for += len(notices)
        for notice in notices:
            # The index keeps text with its own spacing (jieba for Chinese): compare letters.
            letters = re.sub(r"[\s\u200b]", "", notice)
            assert letters not in re.sub(r"[\s\u200b]", "", text), (lang, notice)
        assert "¶" not in text
        assert "<svg" not in text and "</text>" not in text
    assert looked_for, "no notice found on any page to look for in the index"


# Each agenda cell's text as lines on the screen: a clock time broken in two ("18:0" over
# "0") is read wrong at a glance.
AGENDA_CELL_LINES = """[...document.querySelectorAll('table[data-sc-agenda] .sc-cell-end')]
  .filter(cell => !cell.hidden && cell.textContent.trim())
  .map(cell => { const range = document.createRange(); range.selectNodeContents(cell);
    return [cell.textContent.trim(),
            new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]; })"""


@pytest.mark.parametrize("width", WIDTHS)
def test_agenda_times_stay_on_one_line_in_every_language(
    browser: Any, served: str, width: str
) -> None:
    context, tab, errors = new_tab(browser, width)
    for lang in LANGUAGES:
        for plan in ("finding-common-ground", "safety-and-care"):
            tab.goto(served + prefix(lang) + f"workshops/{plan}/", wait_until="load")
            # The planner fills the clock column from the plan's default start.
            wait_until(
                tab, "!document.querySelector('table[data-sc-agenda] [data-sc-clock]').hidden"
            )
            cells = tab.evaluate(AGENDA_CELL_LINES)
            assert len(cells) > 10, (tab.url, cells)
            broken = [text for text, lines in cells if lines != 1]
            assert broken == [], f"{tab.url} at {width} px: {broken}"
    context.close()
    assert not errors, errors


SLANTED = """[...document.querySelectorAll('.md-content *')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).fontStyle !== 'normal'
    && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => e.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("lang", ["en", "ar", "zh-Hant"])
def test_arabic_and_chinese_are_never_slanted(browser: Any, served: str, lang: str) -> None:
    """Neither script has italics: a browser would slant the face by force. English keeps
    its italic segment notes, which shows the check sees them."""
    context, tab, errors = new_tab(browser, "1366")
    slanted = []
    for path in ("workshops/finding-common-ground/", "cases/baltic-way/"):
        tab.goto(served + prefix(lang) + path, wait_until="load")
        slanted += tab.evaluate(SLANTED)
        # Only these languages' pages carry the upright sheet (the English case pages'
        # weight budget has no room for rules they never use).
        upright = tab.evaluate("!!document.querySelector('link[href$=\"upright.css\"]')")
        assert upright == (lang != "en"), (tab.url, upright)
    context.close()
    if lang == "en":
        assert slanted, "no italic text found on the English pages"
    else:
        assert slanted == [], slanted
    assert not errors, errors
