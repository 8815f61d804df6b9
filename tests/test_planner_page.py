"""The facilitator's planner on workshop pages, in real Chromium on the real built site.

Start time, paper, group size and format recompute the page: the agenda's clock must be
the packets' clock (hooks/packets/paper.py `agenda_table`), print must give pages of the
chosen paper holding those times, the choice must survive in the fragment and in local
storage, a bad fragment must say what is wrong in the page's language, and the script
must stay off every other page, under 30 KB, with no request to another host.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AXE, ROOT, WATCH_CSP, WCAG, Build, pages, word_tops
from hooks.cli.common import configured_languages
from hooks.model.catalog import PacketFile
from hooks.model.project import load_project
from hooks.model.schedule import clock
from hooks.packets.paper import agenda_table
from hooks.pages.assemble import assemble

pytestmark = pytest.mark.browser

WORKSHOP = "finding-common-ground"
OTHER = "mutual-aid-network"
PROJECT = load_project(ROOT, configured_languages(ROOT))
PREFIX = {"en": "", "ar": "ar/", "zh-Hant": "zh-Hant/", "fr": "fr/"}


def packet_clock(workshop: str, start: int) -> list[str]:
    """The clock column of the packet's agenda for this start: the times the page must show."""
    table = agenda_table(PROJECT.workshops[workshop], start, PROJECT.strings["en"])
    return re.findall(r'<tr[^>]*><td class="num">(\d\d:\d\d)</td>', table)


class Tab:
    """A page in a fresh context that records every request to another host."""

    def __init__(self, browser: object, served: str, **options: object) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            **{"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
        )
        self.context.set_default_timeout(10_000)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        host = urlsplit(served).netloc
        self.page = self.context.new_page()
        self.page.add_init_script(WATCH_CSP)

        def route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if urlsplit(url).netloc != host and not url.startswith("data:"):
                self.foreign.append(url)
                route.abort()  # type: ignore[attr-defined]
            else:
                route.continue_()  # type: ignore[attr-defined]

        self.page.route("**/*", route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def clocks(self) -> list[str]:
        return self.page.locator("table[data-sc-agenda] td[data-sc-clock]").all_inner_texts()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: object, served: str) -> Iterator[Tab]:
    t = Tab(browser, served)
    yield t
    assert t.foreign == [], f"requests to another host: {t.foreign}"
    assert t.page.evaluate("window.__csp") == []
    t.close()


def url(served: str, lang: str, workshop: str = WORKSHOP, fragment: str = "") -> str:
    return f"{served}{PREFIX[lang]}workshops/{workshop}/{fragment}"


def pdf_pages(pdf: bytes) -> tuple[list[tuple[float, float]], str]:
    """Each page's size in points, and the text (pdftotext) of the whole PDF."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return sizes, text


@pytest.mark.parametrize("lang", ["en", "ar", "zh-Hant"])
def test_start_and_letter_give_the_packets_clock_on_screen_and_letter_pages_in_print(
    tab: Tab, served: str, lang: str
) -> None:
    page = tab.page
    page.goto(url(served, lang))
    assert page.locator("form.sc-planner").is_visible()
    default = packet_clock(WORKSHOP, 18 * 60)
    assert tab.clocks() == default  # the published packets' 18:00 until a choice is made
    page.fill("#sc-planner-start", "18:30")
    page.select_option("#sc-planner-paper", "letter")
    expected = packet_clock(WORKSHOP, 18 * 60 + 30)
    assert expected[0] == "18:30" and expected != default
    assert tab.clocks() == expected
    end = expected[-1]
    assert end in page.locator(".sc-planner__summary").inner_text()
    # The segment headings' times follow too (the script's own clock, not only the table).
    assert page.locator(".sc-segment-meta .sc-clock-range").first.inner_text().startswith("18:30")
    page.emulate_media(media="print")
    assert page.locator("form.sc-planner").evaluate("e => getComputedStyle(e).display") == "none"
    for selector in (".md-header", ".md-footer", ".sc-contribute"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none"
    sizes, text = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert len(sizes) > 3
    assert all(round(w) == 612 and round(h) == 792 for w, h in sizes), sizes
    for time in expected:
        assert time in text, f"{time} missing from the printed packet"
    # Back to A4: the other paper sheet applies.
    page.emulate_media(media="screen")
    page.select_option("#sc-planner-paper", "a4")
    page.emulate_media(media="print")
    sizes, _ = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert all(round(w) == 595 and round(h) == 842 for w, h in sizes), sizes
    assert tab.errors == []


def test_the_fragment_carries_the_choice_to_another_browser(
    browser: object, tab: Tab, served: str
) -> None:
    page = tab.page
    page.goto(url(served, "en"))
    page.fill("#sc-planner-start", "09:15")
    page.fill("#sc-planner-size", "14")
    page.select_option("#sc-planner-format", "online")
    page.fill("#sc-planner-date", "2027-03-01")
    fragment = urlsplit(page.url).fragment
    assert set(fragment.split("&")) >= {
        "start=09:15",
        "size=14",
        "format=online",
        "date=2027-03-01",
    }
    # A co-facilitator opens the link in a browser that has never seen the site.
    other = Tab(browser, served)
    try:
        other.page.goto(page.url)
        # On a loaded machine the deferred script may still be running at "load".
        from playwright.sync_api import expect

        # Polled by Playwright's own script: a string predicate would need eval (CSP).
        expect(other.page.locator("#sc-planner-start")).to_have_value("09:15", timeout=15_000)
        assert other.page.input_value("#sc-planner-start") == "09:15"
        assert other.page.input_value("#sc-planner-size") == "14"
        assert other.page.input_value("#sc-planner-format") == "online"
        assert other.page.input_value("#sc-planner-date") == "2027-03-01"
        assert other.clocks() == packet_clock(WORKSHOP, 9 * 60 + 15)
        assert other.page.locator(".sc-planner-online").is_visible()  # the online notes
        assert other.page.locator(".sc-planner__problems").is_hidden()
        assert other.foreign == []
    finally:
        other.close()


def test_materials_follow_the_group_size(tab: Tab, served: str) -> None:
    page = tab.page
    page.goto(url(served, "en"))
    w = PROJECT.workshops[WORKSHOP]
    page.fill("#sc-planner-size", "14")
    lines = page.locator("li[data-sc-per]").all_inner_texts()
    assert len(lines) == len(w.materials)
    for line, m in zip(lines, w.materials, strict=True):
        if m.per == "participant":
            assert line.startswith(f"{m.quantity * 14} × {m.item}")
        elif m.per == "group":
            assert line.startswith(f"{m.quantity * 4} × {m.item}")  # 14 people: 4 groups of about 4
        else:
            assert line.startswith(f"{m.quantity} × {m.item}")
    page.fill("#sc-planner-size", "3")  # too few to split: the whole-group wording
    group = [i for i, m in enumerate(w.materials) if m.per == "group"]
    assert group
    assert "whole group" in page.locator("li[data-sc-per]").nth(group[0]).inner_text()


def test_the_choice_is_the_default_on_the_next_workshop_page(tab: Tab, served: str) -> None:
    page = tab.page
    page.goto(url(served, "fr"))
    page.fill("#sc-planner-start", "19:45")
    page.select_option("#sc-planner-paper", "letter")
    page.goto(url(served, "en", OTHER))
    assert urlsplit(page.url).fragment == ""
    assert page.input_value("#sc-planner-start") == "19:45"
    assert page.input_value("#sc-planner-paper") == "letter"
    assert tab.clocks() == packet_clock(OTHER, 19 * 60 + 45)
    # A fragment wins over the stored default.
    page.goto(url(served, "en", OTHER, "#start=07:00"))
    assert tab.clocks()[0] == "07:00"


def test_printed_fill_in_handouts_have_the_packets_room_to_write(tab: Tab, served: str) -> None:
    """The page's print gives a `space:` handout's prompts ruled lines and its grid boxes,
    and each evaluation question two lines (hooks/postbuild/writing.py, the packet's rules),
    which the screen does not show."""
    page = tab.page
    page.goto(url(served, "en", OTHER))
    rules = page.locator("#handout-needs-offers-card ~ .sc-fill-in .sc-write")
    assert rules.count() >= 5
    assert rules.first.evaluate("e => getComputedStyle(e).display") == "none"
    page.emulate_media(media="print")
    assert rules.first.evaluate("e => getComputedStyle(e).display") == "block"
    words = word_tops(page.pdf(prefer_css_page_size=True))
    at = {word: top for word, top in reversed(words)}  # each word's first place
    matcher = [w for w, _ in words].index("Matcher")  # the rota grid's second row
    line, box = 9 * 72 / 25.4, 14 * 72 / 25.4
    # `space: 2`: two lines of 9 mm under the prompt "Something regular (weekly ...):".
    assert at["(moving"] - at["(weekly"] >= 2 * line
    assert words[matcher][1] - words[matcher - 1][1] >= box - 1  # empty cells: 14 mm boxes
    # The evaluation questions, as on the packet's form: two lines under every one.
    questions = page.locator("#evaluation ~ .sc-fill-in li")
    assert questions.count() == len(PROJECT.workshops[OTHER].evaluation)
    for i in range(questions.count()):
        room = questions.nth(i).locator(".sc-write")
        assert room.locator(".sc-rule").count() == 2
        assert room.is_visible()
        assert room.evaluate("e => e.getBoundingClientRect().height") >= 2 * 9 * 96 / 25.4 - 1
    assert tab.errors == []


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ["is not a start time", "whole number from 1 to 500"]),
        ("ar", ["ليس وقت بدء", "عددًا صحيحًا"]),
        ("zh-Hant", ["不是開始時間", "整數"]),
    ],
)
def test_a_bad_fragment_is_explained_in_the_page_language_and_defaults_apply(
    tab: Tab, served: str, lang: str, words: list[str]
) -> None:
    page = tab.page
    page.goto(url(served, lang, fragment="#start=25:99&size=100000&colour=red&paper=letter"))
    problems = page.locator(".sc-planner__problems")
    assert problems.is_visible()
    text = problems.inner_text()
    for piece in [*words, "25:99", "100000", "colour=red"]:
        assert piece in text
    assert page.input_value("#sc-planner-start") == "18:00"
    assert page.input_value("#sc-planner-size") == str(PROJECT.workshops[WORKSHOP].group_max)
    assert page.input_value("#sc-planner-paper") == "letter"  # the good part is kept
    assert tab.clocks() == packet_clock(WORKSHOP, 18 * 60)
    assert problems.get_attribute("role") == "status"
    # A bad number typed into the field is reported and left for the facilitator to correct.
    page.fill("#sc-planner-size", "-3")
    assert page.input_value("#sc-planner-size") == "-3"
    assert "-3" in problems.inner_text()
    assert "size=-3" not in page.url  # a bad value never reaches the shared address
    assert tab.errors == []


def test_keyboard_alone_sets_the_plan(tab: Tab, served: str) -> None:
    page = tab.page
    page.goto(url(served, "en"))
    # Start from the planner's heading (made focusable by the test only) and walk with Tab.
    page.evaluate("document.querySelector('.sc-planner h2').setAttribute('tabindex', '-1')")
    page.focus(".sc-planner h2")
    order = []
    # A time or date field takes one Tab per part (hours, minutes; day, month, year).
    while len(order) < 6:
        page.keyboard.press("Tab")
        at = page.evaluate("document.activeElement.id || document.activeElement.className")
        if not order or order[-1] != at:
            order.append(at)
    assert order[:5] == [
        "sc-planner-start",
        "sc-planner-size",
        "sc-planner-paper",
        "sc-planner-format",
        "sc-planner-date",
    ]
    assert "sc-planner__print" in order[5]
    page.focus("#sc-planner-start")
    page.keyboard.type("0730A")  # hours, minutes, and "AM" where the field shows a 12-hour clock
    assert tab.clocks()[0] == "07:30"
    page.focus("#sc-planner-size")
    page.keyboard.press("Control+A")
    page.keyboard.type("9")
    page.focus("#sc-planner-paper")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#sc-planner-paper") == "letter"
    assert set(urlsplit(page.url).fragment.split("&")) >= {"start=07:30", "size=9", "paper=letter"}
    # Every control has a visible focus indicator.
    outline = page.locator("#sc-planner-paper").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_planner_is_axe_clean(tab: Tab, served: str, lang: str) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `cd tests/browser && npm ci` (make test does this)")
    page = tab.page
    page.goto(url(served, lang, fragment="#format=online&size=0"))  # notes and a message shown
    assert page.locator(".sc-planner-online").is_visible()
    assert page.locator(".sc-planner__problems").is_visible()
    page.click(".sc-planner__run")  # the run view too
    assert page.locator(".sc-run").is_visible()
    page.evaluate(AXE.read_text(encoding="utf-8") + ";0")
    violations = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')) }",
        WCAG,
    )
    assert violations == []


def test_arabic_clock_times_are_isolated(tab: Tab, served: str) -> None:
    page = tab.page
    page.goto(url(served, "ar", fragment="#start=18:30"))
    assert page.get_attribute("html", "dir") == "rtl"
    summary = page.locator(".sc-planner__summary")
    times = summary.locator("bdi").all_inner_texts()
    assert "18:30" in times  # each time and number in its own isolate
    assert page.locator("td[data-sc-clock] bdi").first.inner_text() == "18:30"
    # A range reads start first: on the right in Arabic, on the print cover as in the segments.
    page.emulate_media(media="print")
    try:
        for where in (".sc-clock-range", ".sc-print-cover dd"):
            ends = page.locator(where).first.locator("bdi")
            start, end = (ends.nth(i).bounding_box() for i in (0, 1))
            assert start and end and start["x"] > end["x"], where
        assert page.locator(".sc-print-cover dd bdi").first.inner_text() == "18:30"
    finally:
        page.emulate_media(media="screen")


def test_without_javascript_the_page_is_as_before(browser: object, served: str) -> None:
    t = Tab(browser, served, java_script_enabled=False)
    try:
        t.page.goto(url(served, "en"))
        assert t.page.locator("form.sc-planner").is_hidden()  # no dead form
        assert t.page.locator("td[data-sc-clock]").first.is_hidden()
        assert t.page.locator("table[data-sc-agenda]").is_visible()
        assert t.foreign == []
    finally:
        t.close()


LAYOUT_SHIFT = """() => new Promise(done => {
  new PerformanceObserver(list => done(list.getEntries().reduce((s, e) => s + e.value, 0)))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(0), 500);  // no entry at all: nothing moved
})"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_nothing_moves_when_the_planner_starts(browser: object, served: str, lang: str) -> None:
    """The build puts the form above the agenda and it shows from the first paint, so the
    script only fills it in (moving it there from the page's end shifted 0.09 on a phone)."""
    t = Tab(browser, served, viewport={"width": 390, "height": 800})
    try:
        from playwright.sync_api import expect

        t.page.goto(url(served, lang, OTHER), wait_until="load")
        expect(t.page.locator("td[data-sc-clock]").first).to_have_text("18:00")
        form, agenda = (
            t.page.locator(sel).bounding_box() for sel in ("form.sc-planner", "#agenda")
        )
        assert form and agenda and form["y"] < agenda["y"]
        assert t.page.evaluate(LAYOUT_SHIFT) < 0.01
        assert t.errors == []
    finally:
        t.close()


def test_what_is_typed_before_the_script_arrives_is_kept(tab: Tab, served: str) -> None:
    """On a slow line the form shows before planner.js has arrived; a start time typed then
    is what the script computes with, not replaced by the default."""
    from playwright.sync_api import expect

    held: list[object] = []
    page = tab.page
    page.route("**/planner.js", lambda route: held.append(route))
    page.goto(url(served, "en", OTHER), wait_until="commit")
    page.locator("#sc-planner-start").wait_for(state="visible")
    while not held:
        page.wait_for_timeout(50)
    page.fill("#sc-planner-start", "07:45")
    page.fill("#sc-planner-size", "9")
    held[0].continue_()  # type: ignore[attr-defined]
    expect(page.locator("td[data-sc-clock]").first).to_have_text("07:45")
    assert page.input_value("#sc-planner-start") == "07:45"
    assert page.input_value("#sc-planner-size") == "9"
    assert tab.clocks() == packet_clock(OTHER, 7 * 60 + 45)
    assert "start=07:45" in page.url and "size=9" in page.url
    assert tab.errors == []


def test_packet_links_name_their_paper_and_clock(tmp_path: Path) -> None:
    """The links the build writes beside a workshop's packets (assembled as the build does)."""
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF")
    packets = {
        (lang.code, kind, WORKSHOP): PacketFile(pdf, 9)
        for lang in PROJECT.languages
        for kind in ("workshop", "handouts")
    }
    stage = assemble(PROJECT, packets)
    expected = {
        "en": "(PDF, 9 pages); A4, clock times from 18:00]",
        "ar": "A4، الأوقات ابتداءً من 18:00]",
        "zh-Hant": "A4，時間從 18:00 起算]",
    }
    for lang, words in expected.items():
        text = stage.pages[(lang, f"workshops/{WORKSHOP}.md")].text()
        assert words in text, lang
        assert f"({WORKSHOP}-packet.pdf)" in text


def test_the_script_is_on_workshop_pages_only_and_small(site: Build) -> None:
    # Everything of ours a workshop page loads for the planner, together.
    sample = (site.site / "workshops" / WORKSHOP / "index.html").read_text(encoding="utf-8")
    own = re.findall(r'<script src="(?:\.\./)+assets/javascripts/([a-z-]+\.js)"', sample)
    assert {"planner.js", "planner-sheet.js", "clock.js"} <= set(own), own
    scripts = site.site / "assets" / "javascripts"
    assert sum((scripts / name).stat().st_size for name in own) <= 30_000, own
    workshop_pages = 0
    for path in pages(site.site):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site.site).parts
        is_workshop = len(rel) >= 3 and rel[-3] == "workshops" and rel[-2] in PROJECT.workshops
        assert ("planner.js" in html) == is_workshop, path
        assert ("planner.css" in html) == is_workshop, path
        workshop_pages += is_workshop
    assert workshop_pages == len(PROJECT.workshops) * len(PROJECT.languages)


def test_the_run_view_follows_the_clock_and_five_minutes_late_shifts_the_rest(
    tab: Tab, served: str
) -> None:
    page = tab.page
    page.clock.install(time="2027-03-01T18:47:00")  # the device's local clock
    page.goto(url(served, "en", fragment="#start=18:30"))
    w = PROJECT.workshops[WORKSHOP]
    schedule = w.schedule(18 * 60 + 30)
    k = max(i for i, (at, _) in enumerate(schedule) if at <= 18 * 60 + 47)
    at, seg = schedule[k]
    end = at + seg.minutes
    page.click(".sc-planner__run")
    assert page.get_attribute(".sc-planner__run", "aria-expanded") == "true"
    now = page.locator(".sc-run__now").inner_text()
    assert seg.title in now and f"{end - (18 * 60 + 47)} min" in now
    # Said once on screen (the announcement of it is for screen readers), and the view's
    # heading is not under the sticky header.
    seen = page.eval_on_selector_all(
        ".sc-run p",
        "ps => ps.filter(p => p.getBoundingClientRect().width > 1).map(p => p.innerText)",
    )
    assert seen.count(now) == 1, seen
    assert page.locator(".sc-run__status").inner_text() == now  # the announcement
    header = page.locator(".md-header").bounding_box()
    heading = page.locator("#sc-run-heading").bounding_box()
    assert heading["y"] >= header["y"] + header["height"], (heading, header)
    assert schedule[k + 1][1].title in page.locator(".sc-run__next").inner_text()
    before = tab.clocks()
    page.click(".sc-run__later")
    after = tab.clocks()
    assert after[: k + 1] == before[: k + 1]  # what has started keeps its time
    assert after[k + 1 :] == packet_clock(WORKSHOP, 18 * 60 + 35)[k + 1 :]  # the rest, 5 min later
    assert f"{end - (18 * 60 + 47) + 5} min" in page.locator(".sc-run__now").inner_text()
    # It proposes which later segments to shorten, by the plan's own minimums, to end on time.
    spare = {s.title: s.minutes - s.floor for _, s in schedule[k + 1 :]}
    assert sum(spare.values()) > 5  # the plan can absorb five minutes
    advice = page.locator(".sc-run__advice").inner_text()
    finish = clock(18 * 60 + 30 + w.minutes)
    cuts = re.fullmatch(rf"To end at {finish}, shorten (.+)\.", advice)
    assert cuts, advice
    proposed = re.findall(r"(?:^|, | and |, and )(.+?) by (\d+) min", cuts.group(1))
    assert proposed and sum(int(n) for _, n in proposed) == 5, advice
    assert all(0 < int(n) <= spare[title] for title, n in proposed), (advice, spare)
    assert page.get_attribute(".sc-run__advice", "role") == "status"  # announced
    # Late beyond what the minimums allow: it says so, and by how much.
    presses = sum(spare.values()) // 5 + 1
    for _ in range(presses - 1):
        page.click(".sc-run__later")
    short = 5 * presses - sum(spare.values())
    assert (
        page.locator(".sc-run__advice")
        .inner_text()
        .startswith(
            f"Even with every later segment at its shortest, the session ends {short} min late, "
            f"at {clock(18 * 60 + 30 + w.minutes + short)}"
        )
    )
    # A reload (a phone waking a page it put to sleep) keeps the run as it was: open,
    # with its minutes; another session's start starts without them.
    shifted, advice = tab.clocks(), page.locator(".sc-run__advice").inner_text()
    page.reload()
    assert page.get_attribute(".sc-planner__run", "aria-expanded") == "true"
    assert tab.clocks() == shifted and page.locator(".sc-run__advice").inner_text() == advice
    page.goto(url(served, "en", fragment="#start=18:00"))
    page.reload()
    assert page.get_attribute(".sc-planner__run", "aria-expanded") == "false"
    assert tab.clocks() == packet_clock(WORKSHOP, 18 * 60)


def test_the_offline_copy_plans_from_file_urls(browser: object, site: Build) -> None:
    """The offline variant (built beside the site by the `site` fixture), opened from disk."""
    offline = site.site.parent / "offline"
    if not offline.is_dir():
        pytest.skip("no offline variant beside this site (SOLIDARITY_TEST_SITE without one)")
    context = browser.new_context(locale="en-GB")  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        # Only this script's errors: the theme's palette script fails on a second page once
        # a palette is stored, with or without the planner (left to the theme's owners).
        page.on(
            "pageerror",
            lambda e: errors.append(e.stack or "") if "planner.js" in (e.stack or "") else None,
        )
        page.on("request", lambda r: requests.append(r.url))
        page.goto((offline / "ar" / "workshops" / f"{WORKSHOP}.html").as_uri())
        page.fill("#sc-planner-start", "18:30")
        clocks = page.locator("td[data-sc-clock]").all_inner_texts()
        assert clocks == packet_clock(WORKSHOP, 18 * 60 + 30)
        page.goto((offline / "workshops" / f"{OTHER}.html").as_uri())
        assert page.input_value("#sc-planner-start") == "18:30"  # storage works from disk too
        assert errors == []
        assert all(r.startswith(("file:", "data:")) for r in requests), requests
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "between"), [("en", " "), ("zh-Hant", "")])
def test_the_summarys_sentences_are_joined_as_the_language_writes_them(
    tab: Tab, served: str, lang: str, between: str
) -> None:
    """Chinese sentences follow "。" with no space; English ones with one."""
    page = tab.page
    # A group outside the workshop's range: three sentences.
    page.goto(url(served, lang, fragment="#start=18:30&size=40"))
    summary = page.locator(".sc-planner__summary")
    summary.locator("bdi").first.wait_for()
    spans = summary.locator(":scope > span").all_text_contents()
    assert len(spans) == 3
    assert summary.text_content() == between.join(spans)
    # The language's rule, in its strings.
    assert PROJECT.strings[lang].between_sentences() == between
