"""Pictures a reader can read, and pages with a clear way in.

Renderer tests run on the mini fixture's model and on the picture makers'
own output; browser tests look at the real site in Chromium at a phone's and a
desktop's width in English, Arabic and Traditional Chinese, and leave
screenshots under test-artifacts/pictures/ for a reviewer.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import MINI, ROOT, Build
from hooks.model.project import load_project
from hooks.model.translations import Language
from hooks.pages.assemble import assemble
from hooks.pages.pictures import Slot, Span, time_bar, timeline

ARTIFACTS = ROOT / "test-artifacts" / "pictures"
WIDTHS = {"phone": 390, "desktop": 1366}
LANGS = ["en", "ar", "zh-Hant"]


class Tree(HTMLParser):
    """Elements with their attributes, text and the chain of open tags around them."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.texts: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes, [t for t, _ in self.stack]))
        if tag not in ("rect", "line", "br", "img", "hr", "input", "meta", "link"):
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, [t for t, _ in self.stack]))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data, [t for t, _ in self.stack]))


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    return tree


@pytest.fixture(scope="module")
def mini_stage() -> object:
    project = load_project(MINI, [Language("en", "English"), Language("ar", "العربية")])
    return project, assemble(project, {})


# Renderers ---------------------------------------------------------------------------------


def test_time_bar_segments_are_to_scale_and_breaks_are_marked() -> None:
    slots = [
        Slot("#a", "Opening", "0:00", 10, False),
        Slot("#b", "Break", "0:10", 15, True),
        Slot("#c", "Long talk", "0:25", 45, False),
    ]
    markup = time_bar(slots, "caption", lambda m: f"{m} min")
    rects = re.findall(r'<rect class="(sc-tb-[^"]*)" x="(\d+)" y="0" width="(\d+)"', markup)
    assert [(int(x), int(w)) for _, x, w in rects] == [(0, 10), (10, 15), (25, 45)]
    assert 'viewBox="0 0 70 10"' in markup  # the whole bar is the session's 70 minutes
    assert [cls for cls, _, _ in rects] == [
        "sc-tb-seg sc-tb-seg--odd",
        "sc-tb-break",
        "sc-tb-seg sc-tb-seg--even",
    ]
    legend = parse(markup)
    items = [a for tag, a, _ in legend.elements if tag == "li"]
    assert [a["class"] for a in items][1] == "sc-tb-item sc-tb-item--break"
    assert [a["href"] for tag, a, _ in legend.elements if tag == "a"] == ["#a", "#c"]
    words = " ".join(text for text, stack in legend.texts if "svg" not in stack)
    for expected in ("Opening", "Long talk", "Break", "0:25", "45 min", "caption"):
        assert expected in words
    assert not [text for text, stack in legend.texts if "svg" in stack]  # no words to shrink


def test_workshop_page_has_its_agenda_as_a_time_bar(mini_stage: object) -> None:
    project, stage = mini_stage  # type: ignore[misc]
    workshop = project.workshops["circle"]
    text = stage.pages[("en", "workshops/circle.md")].text()
    bar = next(line for line in text.split("\n") if 'class="sc-pic sc-timebar"' in line)
    widths = [
        int(w) for w in re.findall(r'<rect class="sc-tb-[^"]*" x="\d+" y="0" width="(\d+)"', bar)
    ]
    assert widths == [seg.minutes for seg in workshop.agenda]
    assert f'viewBox="0 0 {workshop.minutes} 10"' in bar
    assert bar.count("sc-tb-break") >= sum(seg.is_break for seg in workshop.agenda)
    for seg in workshop.agenda:
        if not seg.is_break:
            assert f'href="#{seg.id}"' in bar
    arabic = stage.pages[("ar", "workshops/circle.md")].text()
    assert 'class="sc-pic sc-timebar"' in arabic


def test_cases_timeline_has_every_case_whole_and_linked(mini_stage: object) -> None:
    project, stage = mini_stage  # type: ignore[misc]
    for lang in ("en", "ar"):
        text = stage.pages[(lang, "cases/index.md")].text()
        line = next(line for line in text.split("\n") if 'class="sc-pic sc-timeline"' in line)
        tree = parse(line)
        names = [text for text, stack in tree.texts if "a" in stack and "svg" not in stack]
        links = [a["href"] for tag, a, _ in tree.elements if tag == "a"]
        for case in project.cases.values():
            assert f"{case.id}/" in links
            assert any(case.years_label in n for n in names)
        assert not [text for text, stack in tree.texts if "svg" in stack]


def test_long_labels_stay_whole_and_years_keep_their_place() -> None:
    spans = [
        Span("a/", "March on Washington for Jobs and Freedom", "1963", 1963, 1963),
        Span("b/", "Intersectionality", "1989", 1989, 1989),
        Span("c/", "Just <transition> & more", "1970–2015", 1970, 2015),
    ]
    markup = timeline(spans, "All cases")
    tree = parse(markup)
    names = [t for t, stack in tree.texts if stack[-1:] == ["span"] and "a" in stack]
    assert "March on Washington for Jobs and Freedom" in names
    assert "Intersectionality" in names
    assert "Just <transition> & more" in names  # escaped in the markup, whole in the text
    assert "<transition>" not in markup
    axis = re.search(r'<div class="sc-tl-axis"[^>]*>(.*?)</div>', markup)
    assert axis and re.findall(r"<span>(\d+)</span>", axis.group(1)) == [
        "1960",
        "1970",
        "1980",
        "1990",
        "2000",
        "2010",
    ]
    # Bars on one scale: 1960 to 2020 is 60 units; 1970–2015 starts at 10 and is 46 long.
    assert 'x="10" y="1.5" width="46"' in markup


def test_principle_page_shows_its_cases_and_workshops_as_pictures(mini_stage: object) -> None:
    project, stage = mini_stage  # type: ignore[misc]
    for pid, principle in project.principles.items():
        text = stage.pages[("en", f"principles/{pid}.md")].text()
        if principle.cases:
            assert 'class="sc-pic sc-timeline"' in text
            for cid in principle.cases:
                assert f'href="../../cases/{cid}/"' in text
        if principle.workshops:
            assert 'class="sc-pic sc-durations"' in text
            for wid in principle.workshops:
                assert f'href="../../workshops/{wid}/"' in text


def test_case_page_says_years_and_places_first(mini_stage: object) -> None:
    project, stage = mini_stage  # type: ignore[misc]
    for cid, case in project.cases.items():
        text = stage.pages[("en", f"cases/{cid}.md")].text()
        body = text.split("\n---\n", 1)[1]
        facts = body.index('class="sc-case-facts"')
        assert case.years_label in body[facts : facts + 400]
        assert ", ".join(case.places) in body[facts : facts + 400]
        first_heading = re.search(r"^## ", body, flags=re.M)
        assert first_heading is None or facts < first_heading.start()


# The real site -------------------------------------------------------------------------------


def built(site: Build, lang: str, path: str) -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    return (site.site / prefix / path).read_text(encoding="utf-8")


def test_no_abbreviation_or_other_markup_reaches_svg_text(site: Build) -> None:
    offenders = []
    for page in sorted(site.site.rglob("*.html")):
        markup = page.read_text(encoding="utf-8")
        for svg in re.findall(r"<svg\b.*?</svg>", markup, flags=re.S):
            if "<abbr" in svg:
                offenders.append(page.relative_to(site.site).as_posix())
    assert not offenders, offenders[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_built_cases_timeline_and_home_doors(site: Build, lang: str) -> None:
    markup = built(site, lang, "cases/index.html")
    figure = markup[markup.index('class="sc-pic sc-timeline"') :]
    figure = figure[: figure.index("</figure>")]
    cases = sorted(p.stem for p in (ROOT / "docs" / "cases").glob("*.md") if p.stem != "index")
    for case in cases:
        assert f'href="{case}/"' in figure
    assert "Intersectionality" in built(site, "en", "cases/index.html")
    home = built(site, lang, "index.html")
    doors = re.findall(r"<div class=\"sc-door\">", home)
    assert len(doors) == 3
    assert home.count('class="twemoji sc-door-icon"') == 3
    for anchor in ("learn", "history", "facilitate"):
        assert f'id="{anchor}"' in home


# Browser -------------------------------------------------------------------------------------

SMALLEST_TEXT = """sel => {
  let least = Infinity, count = 0;
  for (const root of document.querySelectorAll(sel)) {
    if (!root.getClientRects().length) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      if (!el.getClientRects().length) continue;
      const box = el.getBoundingClientRect();
      let size = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg) {  // text in an SVG shrinks with the picture
        const vb = svg.viewBox.baseVal;
        if (vb && vb.width) size *= svg.getBoundingClientRect().width / vb.width;
      }
      least = Math.min(least, size); count++;
    }
  }
  return [least, count];
}"""

WIDER_THAN_VIEWPORT = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
    let clipped = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'hidden' || o === 'clip') { clipped = true; break; }
      if (o === 'auto' || o === 'scroll') {  // a scroller: what counts is the scroller itself
        if (p.scrollWidth > p.clientWidth + 1 && !p.closest('.md-sidebar, .md-search, .md-nav'))
          out.push('scrolls: ' + (p.className || p.tagName));
        clipped = true; break;
      }
    }
    if (clipped) continue;
    if (r.left < -1 || r.right > innerWidth + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  return [...new Set(out)].slice(0, 10);
}"""


PAGES = {
    "home": "",
    "cases": "cases/",
    "case": "cases/march-on-washington/",
    "principle": "principles/resistance-to-division/",
    "workshop": "workshops/finding-common-ground/",
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_pictures_are_readable_and_pages_fit(
    browser: object, served: str, lang: str, width: str
) -> None:
    phone = width == "phone"
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": WIDTHS[width], "height": 844 if phone else 900},
        is_mobile=phone,
        has_touch=phone,
    )
    tab = context.new_page()
    prefix = "" if lang == "en" else f"{lang}/"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in PAGES.items():
            tab.goto(served + prefix + path, wait_until="load")
            wide = tab.evaluate(WIDER_THAN_VIEWPORT)
            assert not wide, (lang, width, name, wide)
            if name in ("home", "cases", "case", "workshop"):
                tab.screenshot(path=str(ARTIFACTS / f"{name}-{lang}-{width}.png"), full_page=True)
            if name == "cases":
                least, count = tab.evaluate(SMALLEST_TEXT, ".sc-timeline")
                assert count >= 20 and least >= 12, (lang, width, "timeline", least, count)
                least, count = tab.evaluate(SMALLEST_TEXT, ".sc-matrix-table, .sc-matrix-list")
                assert count >= 20 and least >= 12, (lang, width, "matrix", least, count)
                # Phones get the list, desktops the table, never both.
                shown = tab.evaluate(
                    "[!!document.querySelector('.sc-matrix-table').getClientRects().length,"
                    " !!document.querySelector('.sc-matrix-list').getClientRects().length]"
                )
                assert shown == ([False, True] if phone else [True, False])
                # Every bar sits in its row, the row's label to its start or above it.
                rows = tab.evaluate(
                    """[...document.querySelectorAll('.sc-timeline a.sc-tl-row')].map(a => {
                      const t = a.querySelector('.sc-tl-name').getBoundingClientRect();
                      const s = a.querySelector('svg').getBoundingClientRect();
                      return [t.left, t.right, s.left, s.right, t.bottom, s.top];
                    })"""
                )
                for t_left, t_right, s_left, s_right, t_bottom, s_top in rows:
                    if phone:
                        assert t_bottom <= s_top + 1  # the label above its bar
                    elif lang == "ar":
                        assert t_left >= s_right - 1  # the label to the right of its bar
                    else:
                        assert t_right <= s_left + 1
            if name == "workshop":
                bar = tab.evaluate(
                    "(() => { const r = document.querySelector('.sc-pic-timebar').getBoundingClientRect();"
                    " return [r.width, innerWidth]; })()"
                )
                assert 0 < bar[0] <= bar[1]
                least, count = tab.evaluate(SMALLEST_TEXT, ".sc-timebar")
                assert count >= 5 and least >= 12, (lang, width, "time bar", least)
    finally:
        context.close()


@pytest.mark.browser
def test_dark_palette_colours_the_pictures_and_the_title_outweighs_headings(
    browser: object, served: str
) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        tab.goto(served + "cases/", wait_until="load")
        fill, background, scheme = tab.evaluate(
            "[getComputedStyle(document.querySelector('.sc-pic-bar')).fill,"
            " getComputedStyle(document.body).backgroundColor,"
            " document.body.getAttribute('data-md-color-scheme')]"
        )
        assert scheme == "slate"

        def luminance(colour: str) -> float:
            r, g, b = (int(v) / 255 for v in re.findall(r"\d+", colour)[:3])
            lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
            return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

        light, dark = sorted((luminance(fill), luminance(background)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 3  # bars stand out from the dark page
        weights = tab.evaluate(
            "[getComputedStyle(document.querySelector('.md-content h1')).fontWeight,"
            " getComputedStyle(document.querySelector('.md-content h2')).fontWeight]"
        )
        assert int(weights[0]) >= int(weights[1]) + 200
        tab.screenshot(path=str(ARTIFACTS / "cases-dark.png"), full_page=True)
        tab.click('.sc-timeline a[href="baltic-way/"] svg')
        tab.wait_for_load_state("load")
        assert tab.url.endswith("/cases/baltic-way/")
    finally:
        context.close()


def test_artifacts_folder_is_ignored_by_git() -> None:
    assert "test-artifacts/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
