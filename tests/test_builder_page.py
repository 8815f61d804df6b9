"""The programme builder page (/plan/), in real Chromium on the real built site.

A request in the page must give the programme `solidarity curriculum` gives for the same
constraints, and an impossible one the same reason; the programme must travel by the
address's fragment and by a saved file that `solidarity curriculum --from` reads back; it
must work from the keyboard, pass axe, print as one document, and its script must stay
off every other page. One browser context serves the whole file (the suite's time budget).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AXE, ROOT, WATCH_CSP, WCAG, Build, pages, solidarity
from hooks.cli.common import configured_languages
from hooks.model.catalog import catalog, titles
from hooks.model.planner import Constraints, Infeasible, plan
from hooks.model.project import load_project

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT, configured_languages(ROOT))
RANK = {p.id: p.order for p in PROJECT.principles.values()}
FEASIBLE = "sessions=3&minutes=150&cover=mutual-aid,resistance-to-division&size=12&format=in-person&start=18:30&date=2027-03-01"
FEASIBLE_ARGS = (
    *("--sessions", "3", "--minutes", "150", "--cover", "mutual-aid", "resistance-to-division"),
    *("--group-size", "12", "--format", "in-person", "--start", "18:30", "--date", "2027-03-01"),
)


class Tab:
    def __init__(self, page: object) -> None:
        self.page: object = page
        self.foreign: list[str] = []
        self.errors: list[str] = []


@pytest.fixture(scope="module")
def tab(served: str, browser: object) -> Iterator[Tab]:
    """One page in one context for the whole file, recording foreign requests and errors."""
    host = urlsplit(served).netloc
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    t = Tab(page)
    page.add_init_script(WATCH_CSP)
    # The browser's print dialog would hold the page (headless, page.pdf() then fails);
    # the test prints with page.pdf(), and records each request and what it would print.
    page.add_init_script(
        """window.__parts = [];
        window.print = () => {
          window.__parts.push(document.querySelectorAll('.sc-bprint:not([hidden]) > *').length);
          dispatchEvent(new Event('afterprint')); };"""
    )

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).netloc != host and not url.startswith(("data:", "blob:")):
            t.foreign.append(url)
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.on("pageerror", lambda e: t.errors.append(str(e)))
    yield t
    assert t.foreign == [], f"requests to another host: {t.foreign}"
    assert t.errors == []
    context.close()


def open_plan(tab: Tab, served: str, lang: str = "en", fragment: str = "") -> object:
    page = tab.page
    prefix = "" if lang == "en" else f"{lang}/"
    # Away first: a new address differing only in its fragment would not load the page anew.
    page.goto("about:blank")  # type: ignore[attr-defined]
    page.goto(f"{served}{prefix}plan/" + (f"#{fragment}" if fragment else ""))  # type: ignore[attr-defined]
    page.wait_for_selector("form.sc-builder[data-sc-ready]")  # type: ignore[attr-defined]
    assert page.evaluate("window.__csp") == []  # type: ignore[attr-defined]
    return page


def shown_programme(page: object) -> list[str]:
    """The programme's lines as the page shows them (without the PDF links), spaces folded."""
    lines = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.sc-builder__sessions h3, .sc-builder__sessions li li')]
        .map(e => { const c = e.cloneNode(true); c.querySelectorAll('.sc-builder__pdf').forEach(x => x.remove());
                    return c.textContent; })"""
    )
    return [" ".join(line.split()) for line in lines]


def command_programme(*args: str) -> list[str]:
    proc = solidarity(ROOT, "curriculum", *args)
    assert proc.returncode == 0, proc.stderr
    return [
        " ".join(line.split())
        for line in proc.stdout.splitlines()
        if line.startswith(("Session ", "  "))
    ]


@pytest.mark.parametrize("lang", ["es", "ar", "zh-Hant"])
def test_the_command_prints_a_programme_in_the_words_of_the_builders_page(
    tab: Tab, served: str, lang: str
) -> None:
    """A facilitator who asks the command in their language reads what the page shows,
    and the principles covered by name (with the ids --cover takes)."""
    args = ("--sessions", "3", "--minutes", "150", "--cover", "mutual-aid")
    args += ("resistance-to-division", "--group-size", "12", "--format", "in-person")
    proc = solidarity(
        ROOT, "curriculum", *args, "--start", "18:30", "--date", "2027-03-01", "--lang", lang
    )
    assert proc.returncode == 0, proc.stderr
    lines = [" ".join(line.split()) for line in proc.stdout.splitlines()]
    page = open_plan(tab, served, lang, FEASIBLE)
    assert lines[:-1] == shown_programme(page)
    names = catalog(PROJECT, lang).principles
    assert f"{names['mutual-aid']} (mutual-aid)" in lines[-1]
    assert lines[-1].startswith(PROJECT.strings[lang].t("builder.covers").split("{")[0].strip())


def save_programme(page: object, path: Path, shown: list[str]) -> dict[str, object]:
    """The page's programme saved as a file at `path` (its Save button): one of ours, which
    the command reads back into the programme the page shows. Returns the file's JSON."""
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click(".sc-builder__export")  # type: ignore[attr-defined]
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["solidarity"] == "programme" and data["version"] == 1
    assert command_programme("--from", str(path)) == shown
    return data


def form_values(page: object) -> dict[str, object]:
    return page.evaluate(  # type: ignore[attr-defined]
        """() => { const f = document.querySelector('form.sc-builder');
        const o = {}; for (const n of ['sessions','minutes','size','format','level','break','start','date']) o[n] = f.elements[n].value;
        o.cover = [...f.querySelectorAll('input[name=cover]:checked')].map(b => b.value); return o; }"""
    )


def axe(page: object) -> list[str]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `cd tests/browser && npm ci` (make test does this)")
    # Evaluated, not added as a script tag: the page's policy refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + ";0")  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))",
        WCAG,
    )
    return list(found)


def test_a_feasible_request_gives_the_commands_programme_and_passes_axe(
    tab: Tab, served: str
) -> None:
    page = open_plan(tab, served, fragment=FEASIBLE)
    expected = command_programme(*FEASIBLE_ARGS)
    assert expected and expected[0].startswith("Session 1 (2027-03-01): 18:30")
    assert shown_programme(page) == expected
    status = page.locator(".sc-builder__status").inner_text()  # type: ignore[attr-defined]
    assert status.startswith("Programme built. Sessions: 3.")
    # Materials for the real group size: a "per participant" line counts twelve people.
    materials = page.locator(".sc-builder__materials li").all_inner_texts()  # type: ignore[attr-defined]
    assert materials and all(re.match(r"\d+ × ", m) for m in materials)
    assert (
        page.locator(".sc-builder__materials-heading").inner_text() == "Materials for a group of 12"
    )  # type: ignore[attr-defined]
    # Every workshop link opens that workshop's page.
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".sc-builder__sessions li li > a:not(.sc-builder__pdf)", "as => as.map(a => a.href)"
    )
    assert hrefs and all(re.search(r"/workshops/[a-z-]+/$", h) for h in hrefs)
    assert axe(page) == []


def refusal_in(lang: str, c: Constraints) -> str:
    """The command's reason in `lang`, ids named by their titles as the page names them."""
    names = titles(PROJECT, lang)
    ids = {p.id: names[p.page] for p in PROJECT.principles.values()}
    ids.update({w.id: names[w.page] for w in PROJECT.workshops.values()})
    with pytest.raises(Infeasible) as caught:
        plan(PROJECT.workshops, c, RANK)
    return caught.value.message(PROJECT.strings[lang], ids)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_impossible_request_shows_the_commands_reason_and_the_nearest_one_works(
    tab: Tab, served: str, lang: str
) -> None:
    page = open_plan(
        tab, served, lang, "sessions=2&minutes=90&cover=mutual-aid&size=12&start=18:00"
    )
    reason = page.locator(".sc-builder__reason").inner_text()  # type: ignore[attr-defined]
    expected = refusal_in(lang, Constraints(2, 90, ("mutual-aid",), 12))
    assert expected in reason
    assert page.locator(".sc-builder__programme li").count() == 0  # type: ignore[attr-defined]
    if lang == "en":
        proc = solidarity(
            ROOT,
            "curriculum",
            "--sessions",
            "2",
            "--minutes",
            "90",
            "--cover",
            "mutual-aid",
            "--group-size",
            "12",
        )
        assert proc.returncode == 1
        # The command words it the same way (there with ids rather than titles).
        assert (
            "the shortest workshop on “mutual-aid” (safety-and-care) needs 120 minutes"
            in proc.stderr
        )
        assert "needs 120 minutes; ask for 120 minutes per session or more" in reason
    else:
        assert page.evaluate("document.documentElement.dir") == "rtl"  # type: ignore[attr-defined]
        # Numbers stay left to right inside the Arabic sentence.
        assert page.locator(".sc-builder__reason bdi[dir=ltr]").first.inner_text() == "120"  # type: ignore[attr-defined]
        assert "؛" in reason
        assert axe(page) == []
    page.click(".sc-builder__nearest")  # type: ignore[attr-defined]
    assert page.input_value("#sc-builder-minutes") == "120"  # type: ignore[attr-defined]
    assert page.locator(".sc-builder__sessions > li").count() == 2  # type: ignore[attr-defined]
    if lang == "ar":  # a range reads start first: on the right
        ends = page.locator(".sc-builder__sessions h3").first.locator("bdi")  # type: ignore[attr-defined]
        texts = ends.all_inner_texts()
        start, end = (ends.nth(texts.index(t)).bounding_box() for t in ("18:00", "20:00"))
        assert start and end and start["x"] > end["x"], texts


def ask_by_keyboard(page: object) -> None:
    """From the top of the page, with the keyboard only: 2 sessions of 180 minutes for 16
    people from 19:00, covering mutual aid, then Enter."""
    page.evaluate("document.activeElement && document.activeElement.blur()")  # type: ignore[attr-defined]
    for _ in range(120):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.id") == "sc-builder-sessions":  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("Tab never reached the number of sessions")
    keys = page.keyboard  # type: ignore[attr-defined]
    for value in ("2", "180", "16"):  # sessions, minutes, group size
        keys.press("Control+a")
        keys.type(value)
        keys.press("Tab")
    for _ in range(3):  # past the format, the level and the break
        keys.press("Tab")
    keys.type("1900")  # the time field takes hours then minutes
    page.focus("#sc-builder-cover-mutual-aid")  # type: ignore[attr-defined]
    keys.press("Space")
    keys.press("Enter")


def test_keyboard_only_then_the_fragment_and_a_saved_file_carry_the_programme(
    tab: Tab, served: str, tmp_path: Path
) -> None:
    page = open_plan(tab, served)
    ask_by_keyboard(page)
    values = form_values(page)
    assert values["sessions"] == "2" and values["minutes"] == "180" and values["size"] == "16"
    assert values["start"] == "19:00" and values["cover"] == ["mutual-aid"]
    shown = shown_programme(page)
    assert shown == command_programme(
        "--sessions",
        "2",
        "--minutes",
        "180",
        "--cover",
        "mutual-aid",
        "--group-size",
        "16",
        "--start",
        "19:00",
    )
    # The address now holds the request: opened afresh, it gives the same form and programme.
    fragment = urlsplit(page.url).fragment  # type: ignore[attr-defined]
    assert set(fragment.split("&")) >= {
        "sessions=2",
        "minutes=180",
        "size=16",
        "start=19:00",
        "cover=mutual-aid",
    }
    page = open_plan(tab, served, fragment=fragment)
    assert form_values(page) == values
    assert shown_programme(page) == shown
    # Saved as a file, it reads back into the command.
    saved = tmp_path / "programme.json"
    save_programme(page, saved, shown)
    # A file that is not ours: a clear message in the page, the form untouched.
    other = tmp_path / "notes.json"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    page.set_input_files("#sc-builder-file", str(other))  # type: ignore[attr-defined]
    page.wait_for_selector(".sc-builder__problems:not([hidden])")  # type: ignore[attr-defined]
    assert (
        "notes.json is not a programme saved by this builder"
        in page.locator(".sc-builder__problems").inner_text()
    )  # type: ignore[attr-defined]
    assert form_values(page) == values
    proc = solidarity(ROOT, "curriculum", "--from", str(other))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{other} is not a saved programme" in proc.stderr
    # And the saved file loads back into a page that had other values.
    page = open_plan(tab, served, fragment=FEASIBLE)
    page.set_input_files("#sc-builder-file", str(saved))  # type: ignore[attr-defined]
    from playwright.sync_api import expect

    # Polled by Playwright's own script: a string predicate would need eval, which the CSP forbids.
    expect(page.locator("#sc-builder-sessions")).to_have_value("2")  # type: ignore[attr-defined]
    assert form_values(page) == values
    assert shown_programme(page) == shown


LEVEL_BREAK = "sessions=2&minutes=240&size=12&level=introductory&break=15&start=09:00"
LEVEL_BREAK_ARGS = (
    *("--sessions", "2", "--minutes", "240", "--group-size", "12"),
    *("--level", "introductory", "--break-minutes", "15", "--start", "09:00"),
)


def test_a_level_and_breaks_give_the_commands_programme_and_travel_with_it(
    tab: Tab, served: str, tmp_path: Path
) -> None:
    page = open_plan(tab, served, fragment=LEVEL_BREAK)
    shown = shown_programme(page)
    assert shown == command_programme(*LEVEL_BREAK_ARGS)
    # The break between two workshops, in clock times; intermediate workshops left out.
    assert "10:30–10:45 Break (15 min)" in shown
    assert not any("Allyship" in line or "Conflict inside" in line for line in shown)
    data = save_programme(page, tmp_path / "level-break.json", shown)
    assert data["level"] == "introductory" and data["break"] == 15
    # The choices lowest first, as the command ranks them; five sessions need more than
    # the introductory workshops a level-blind pick would take first.
    levels = page.eval_on_selector_all("#sc-builder-level option", "os => os.map(o => o.value)")  # type: ignore[attr-defined]
    assert levels == ["", "introductory", "intermediate", "advanced"]
    five = ("--sessions", "5", "--minutes", "120", "--level", "introductory")
    page = open_plan(tab, served, fragment="sessions=5&minutes=120&level=introductory")
    assert shown_programme(page) == command_programme(*five)
    assert not any(
        "Allyship" in line or "Conflict inside" in line for line in shown_programme(page)
    )
    # A level that does not exist is named; the break and the rest stay as given.
    page = open_plan(tab, served, fragment=LEVEL_BREAK.replace("introductory", "expert"))
    problems = page.locator(".sc-builder__problems").inner_text()  # type: ignore[attr-defined]
    assert "“expert”, which is not a valid choice" in problems
    values = form_values(page)
    assert values["level"] == "" and values["break"] == "15" and values["start"] == "09:00"
    # A break the form cannot take is named in the page's language, nothing built from it.
    page.fill("#sc-builder-break", "-5")  # type: ignore[attr-defined]
    page.dispatch_event("#sc-builder-break", "change")  # type: ignore[attr-defined]
    problems = page.locator(".sc-builder__problems").inner_text()  # type: ignore[attr-defined]
    assert "“-5” is not a whole number from 0 to 120" in problems
    # In Polish, the level's name and the break's words are the page's.
    page = open_plan(tab, served, "pl", LEVEL_BREAK)
    assert page.locator("#sc-builder-level option:checked").inner_text() == "Wprowadzający"  # type: ignore[attr-defined]
    assert "10:30–10:45 Przerwa (15 min)" in shown_programme(page)


def test_what_is_typed_before_the_script_arrives_is_kept(tab: Tab, served: str) -> None:
    """On a slow line the form shows before builder.js has arrived; a start time typed
    and a principle ticked then are what the programme is built with, over the address."""
    held: list[object] = []
    page = tab.page
    page.route("**/builder.js", lambda route: held.append(route))  # type: ignore[attr-defined]
    try:
        page.goto("about:blank")  # type: ignore[attr-defined]
        page.goto(f"{served}plan/#{FEASIBLE}", wait_until="commit")  # type: ignore[attr-defined]
        page.locator("#sc-builder-start").wait_for(state="visible")  # type: ignore[attr-defined]
        while not held:
            page.wait_for_timeout(50)  # type: ignore[attr-defined]
        page.fill("#sc-builder-start", "07:15")  # type: ignore[attr-defined]
        page.check('input[name="cover"][value="shared-goals"]')  # type: ignore[attr-defined]
        held[0].continue_()  # type: ignore[attr-defined]
        page.wait_for_selector("form.sc-builder[data-sc-ready]")  # type: ignore[attr-defined]
    finally:
        page.unroute("**/builder.js")  # type: ignore[attr-defined]
    values = form_values(page)
    # The boxes as they were ticked by hand; the fields not touched, from the address.
    assert values["start"] == "07:15" and values["sessions"] == "3" and values["size"] == "12"
    assert values["cover"] == ["shared-goals"]
    args = list(FEASIBLE_ARGS)
    at = args.index("--cover")
    args[at + 1 : at + 3] = ["shared-goals"]
    args[args.index("18:30")] = "07:15"
    expected = command_programme(*args)
    assert expected[0].startswith("Session 1 (2027-03-01): 07:15")
    assert shown_programme(page) == expected
    assert "cover=shared-goals&" in page.url and "start=07:15" in page.url  # type: ignore[attr-defined]


def test_a_malformed_fragment_is_named_in_the_pages_language_and_the_rest_kept(
    tab: Tab, served: str
) -> None:
    page = open_plan(
        tab, served, "es", "sessions=abc&minutes=150&cover=mutual-aid,nonsense&size=12"
    )
    problems = page.locator(".sc-builder__problems").inner_text()  # type: ignore[attr-defined]
    assert "«abc»" in problems and "«nonsense»" in problems
    assert "no es una opción válida" in problems
    values = form_values(page)
    assert (
        values["sessions"] == "3" and values["minutes"] == "150"
    )  # the default, and the valid value
    # The programme is built from what was valid, with Spanish labels.
    assert shown_programme(page)[0].startswith("Sesión 1:")


def test_print_gives_the_programme_then_its_materials(tab: Tab, served: str) -> None:
    page = open_plan(tab, served, fragment=FEASIBLE)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert page.locator("form.sc-builder").evaluate("e => getComputedStyle(e).display") == "none"  # type: ignore[attr-defined]
    pdf = page.pdf()  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # The sessions are a numbered list: "1. Session 1 (...)".
    first = next(i for i, line in enumerate(lines) if "Session 1 (2027-03-01): 18:30" in line)
    assert any("Session 3 (2027-03-15): 18:30" in line for line in lines[first:])
    materials = lines.index("Materials for a group of 12")
    assert first < materials
    assert "Number of sessions" not in text  # the form is not printed
    # A break prints in its place between two workshops.
    page = open_plan(tab, served, fragment=LEVEL_BREAK)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    pdf = page.pdf()  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    printed = " ".join(text.split())
    between = (
        r"09:00–10:30 Accessible organising \(90 min\)\W*(PDF)?\W*10:30–10:45 Break \(15 min\)"
    )
    assert re.search(between, printed), printed[:2000]


# Two sessions of two workshops each: the second of a session starts at its slot's time.
TWO_SESSIONS = "sessions=2&minutes=240&cover=mutual-aid,resistance-to-division&size=12&start=18:00&date=2027-03-01"
TWO_SESSIONS_ARGS = (
    *("--sessions", "2", "--minutes", "240", "--cover", "mutual-aid", "resistance-to-division"),
    *("--group-size", "12", "--start", "18:00", "--date", "2027-03-01"),
)
MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")  # pdftotext's direction marks


def print_everything(page: object, lang: str) -> str:
    """The programme printed with every workshop's pages on Letter, from the keyboard;
    pdftotext's text of the PDF (its pages split by form feeds)."""
    page.focus("#sc-builder-paper")  # type: ignore[attr-defined]
    page.keyboard.press("End")  # type: ignore[attr-defined]  # Letter, the last option
    assert page.input_value("#sc-builder-paper") == "letter"  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.classList.contains('sc-builder__print-all')")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector(".sc-bprint[data-sc-ready]", state="attached")  # type: ignore[attr-defined]
    assert page.evaluate("window.__parts") == [4]  # type: ignore[attr-defined]  # the dialog was asked for
    ready = PROJECT.strings[lang].t("builder.print_ready", count=4)
    assert page.locator(".sc-builder__print-note").inner_text() == ready  # type: ignore[attr-defined]
    assert page.evaluate("window.__csp") == []  # type: ignore[attr-defined]
    pdf = printed(page)
    assert re.search(rb"/MediaBox \[0 0 612 792\]", pdf), "not on Letter"
    text = pdf_text(pdf)
    if lang == "en":  # the workshops' pages follow, so no "see each page for its PDF"
        assert "facilitator packet (PDF)" not in " ".join(text.split())
    return text


def printed(page: object) -> bytes:
    """The page as print gives it, at the page's own paper size."""
    # Print media for the PDF and screen again after it, whatever an earlier test emulated.
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    pdf = page.pdf(prefer_css_page_size=True)  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    return bytes(pdf)


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return MARKS.sub("", out.stdout.decode("utf-8"))


def agenda_rows(text: str) -> list[tuple[str, str]]:
    """Each agenda row's clock and elapsed time, in print order: the lines with exactly two
    times (the table's first columns; reading order aside, as Arabic reverses them)."""
    rows = []
    for line in text.splitlines():
        times = re.findall(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])", line)
        if len(times) == 2:
            clock, elapsed = sorted(times, key=lambda t: len(t.split(":")[0]) == 1)
            rows.append((clock, elapsed))
    return rows


def expected_rows() -> list[tuple[str, str]]:
    """Each workshop's first and last agenda rows as the command's programme times them."""
    rows = []
    for line in command_programme(*TWO_SESSIONS_ARGS):
        m = re.match(r"(\d\d:\d\d)–(\d\d:\d\d) .*\((\d+) min\)$", line)
        if m:
            minutes = int(m.group(3))
            rows += [(m.group(1), "0:00"), (m.group(2), f"{minutes // 60}:{minutes % 60:02d}")]
    return rows


def in_order(found: list[tuple[str, str]], wanted: list[tuple[str, str]]) -> bool:
    it = iter(found)
    return all(any(f == w for f in it) for w in wanted)


@pytest.mark.parametrize("lang", ["en", "ar", "zh-Hant"])
def test_print_gives_the_programme_then_each_workshops_pages_at_its_session_times(
    tab: Tab, served: str, lang: str
) -> None:
    page = open_plan(tab, served, lang, TWO_SESSIONS)
    # A bare build offers it; nothing is fetched before it is asked for.
    assert page.locator(".sc-builder__print-all").is_visible()  # type: ignore[attr-defined]
    assert page.evaluate("!!window.SolidarityBuilderPrint") is False  # type: ignore[attr-defined]
    text = print_everything(page, lang)
    wanted = expected_rows()
    assert len(wanted) == 8 and wanted[2] == ("19:30", "0:00"), wanted
    rows = agenda_rows(text)
    assert in_order(rows, wanted), rows
    # The programme first: the overview's first session is above every workshop's agenda.
    pages = text.split("\f")
    overview = next(i for i, p in enumerate(pages) if "2027-03-01" in p)
    first_agenda = next(i for i, p in enumerate(pages) if wanted[0] in agenda_rows(p))
    assert overview < first_agenda
    if lang == "en":
        programme = command_programme(*TWO_SESSIONS_ARGS)
        heads = [line for line in programme if line.startswith("Session")]
        titles = [re.sub(r"^\S+ ", "", x).rsplit(" (", 1)[0] for x in programme if x[0] != "S"]
        # Each workshop opens a page, in the programme's order: its session, as the overview
        # words it, then its title; its cover gives its session's date.
        tops = [[" ".join(x.split()) for x in p.splitlines() if x.strip()][:2] for p in pages]
        at = [
            tops.index([head, title])
            for head, title in zip(heads[:1] * 2 + heads[1:] * 2, titles, strict=True)
        ]
        assert at == sorted(at) and at[0] > overview, (titles, tops)
        assert "Monday, March 8, 2027" in pages[at[2]] + pages[at[2] + 1]
        assert "A group of 12 people" in text and "Letter" in text
        assert axe(page) == []
        # Asked for once, the workshops' pages follow the form: the browser's own print
        # then has them for the new group size, without the button.
        page.fill("#sc-builder-size", "14")  # type: ignore[attr-defined]
        page.dispatch_event("#sc-builder-size", "change")  # type: ignore[attr-defined]
        from playwright.sync_api import expect

        expect(page.locator(".sc-bprint__part").first).to_contain_text("A group of 14 people")  # type: ignore[attr-defined]
        again = pdf_text(printed(page))
        assert "A group of 14 people" in again and "A group of 12 people" not in again
        # "Print the programme" prints the overview alone; the parts stay for the next print.
        page.click(".sc-builder__print")  # type: ignore[attr-defined]
        assert page.evaluate("window.__parts") == [4, 0]  # type: ignore[attr-defined]
        assert page.locator(".sc-bprint:not([hidden])").count() == 1  # type: ignore[attr-defined]
    else:
        part = page.locator(".sc-bprint__part").first  # type: ignore[attr-defined]
        assert part.evaluate("e => e.dir") == ("rtl" if lang == "ar" else "ltr")
        assert part.evaluate("e => e.lang") == lang
        assert axe(page) == []


def test_a_workshop_page_that_cannot_be_fetched_is_named_and_nothing_half_printed(
    tab: Tab, served: str
) -> None:
    page = open_plan(tab, served, "fr", TWO_SESSIONS)
    missing = [w for w in PROJECT.workshops.values() if w.id == "history-jigsaw"]
    assert missing, "the programme's second workshop is history-jigsaw"
    gone = "**/fr/workshops/history-jigsaw/"
    page.route(gone, lambda route: route.fulfill(status=404, body="gone"))  # type: ignore[attr-defined]
    try:
        page.click(".sc-builder__print-all")  # type: ignore[attr-defined]
        title = titles(PROJECT, "fr")[missing[0].page]
        failed = PROJECT.strings["fr"].t("builder.print_failed", title=title)
        from playwright.sync_api import expect

        expect(page.locator(".sc-builder__print-note")).to_have_text(failed)  # type: ignore[attr-defined]
        assert page.locator(".sc-bprint").count() == 0  # type: ignore[attr-defined]
        assert page.evaluate("window.__parts") == []  # type: ignore[attr-defined]  # no dialog
    finally:
        page.unroute(gone)  # type: ignore[attr-defined]


def test_without_javascript_the_page_says_where_to_go_and_with_it_nothing_moves(
    browser: object, served: str, tab: Tab
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(f"{served}ar/plan/")
        assert page.locator("form.sc-builder").is_hidden()  # no dead form
        assert page.locator(".sc-builder-nojs").is_visible()
    finally:
        context.close()
    # With scripts, the form is laid out before the script runs (revealing it shifted 0.23),
    # and a bare visit computes nothing until asked, so nothing moves.
    page = open_plan(tab, served)
    assert page.locator(".sc-builder-nojs").is_hidden()  # type: ignore[attr-defined]
    shift = page.evaluate(  # type: ignore[attr-defined]
        """() => new Promise(done => new PerformanceObserver((list, o) => {
          done(list.getEntries().reduce((s, e) => s + e.value, 0)); o.disconnect();
        }).observe({type: 'layout-shift', buffered: true}) || setTimeout(() => done(0), 200))"""
    )
    assert shift < 0.01, shift
    assert page.locator(".sc-builder__result").is_hidden()  # type: ignore[attr-defined]


def test_the_builder_script_is_on_plan_pages_only_and_small(site: Build) -> None:
    with_script = sorted(
        p.relative_to(site.site).as_posix()
        for p in pages(site.site)
        if re.search(r"builder(-core)?\.js", p.read_text(encoding="utf-8"))
    )
    assert with_script == sorted(
        f"{lang}plan/index.html" for lang in ("", "es/", "fr/", "pl/", "ar/", "zh-Hant/")
    )
    scripts = site.site / "assets" / "javascripts"
    size = sum(
        (scripts / name).stat().st_size for name in ("builder.js", "builder-core.js", "clock.js")
    )
    assert size <= 30_000, size


def test_the_builder_works_from_the_offline_zip(site: Build, tab: Tab, tmp_path: Path) -> None:
    import zipfile

    archive = site.site / "offline" / "solidarity-commons-zh-Hant.zip"
    if not archive.is_file():  # test_site.py requires the zips of a real build
        pytest.skip("no offline zips in this site (SOLIDARITY_TEST_SITE without them)")
    zipfile.ZipFile(archive).extractall(tmp_path)
    # A page of the same context without the served site's request filter (file:// here).
    page = tab.page.context.new_page()  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    plan_page = tmp_path / "zh-Hant" / "plan.html"
    page.goto(plan_page.as_uri() + "#" + FEASIBLE)  # type: ignore[attr-defined]
    page.wait_for_selector(".sc-builder__sessions")  # type: ignore[attr-defined]
    first = shown_programme(page)[0]
    assert first.startswith("第 1 場（2027-03-01）：18:30")
    link = page.locator(".sc-builder__sessions li li > a").first  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    assert href and href.startswith("workshops/") and href.endswith(".html")
    assert (plan_page.parent / href).is_file()
    # A page opened from a file may not read the others: printing the workshops' pages with
    # the programme says so, in the page's language, and the links stay.
    links = page.locator(".sc-builder__sessions li li > a").count()  # type: ignore[attr-defined]
    page.click(".sc-builder__print-all")  # type: ignore[attr-defined]
    offline = PROJECT.strings["zh-Hant"].t("builder.print_offline")
    from playwright.sync_api import expect

    expect(page.locator(".sc-builder__print-note[role=status]")).to_have_text(offline)  # type: ignore[attr-defined]
    assert page.locator(".sc-bprint").count() == 0  # type: ignore[attr-defined]
    assert page.locator(".sc-builder__sessions li li > a").count() == links  # type: ignore[attr-defined]
    assert all(url.startswith(("file://", "data:", "blob:")) for url in requests), requests[:5]
    assert not any("/workshops/" in url for url in requests), requests
    page.close()


def test_the_page_skips_to_its_content_in_its_language_like_every_page(
    site: Build, tab: Tab, served: str
) -> None:
    skip = re.compile(r'<a href="([^"]*)" class="md-skip">\s*([^<]*?)\s*</a>')
    without = [
        p.relative_to(site.site).as_posix()
        for p in pages(site.site)
        if not skip.search(p.read_text(encoding="utf-8"))
    ]
    assert without == []
    for lang in ("en", "es", "fr", "pl", "ar", "zh-Hant"):
        home = site.site / ("" if lang == "en" else lang) / "index.html"
        found = skip.search(home.read_text(encoding="utf-8"))
        assert found is not None
        words = found.group(2)  # Material's words for it in this language
        page = open_plan(tab, served, lang)
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = page.evaluate(  # type: ignore[attr-defined]
            """() => [document.activeElement.classList.contains('md-skip'),
                      document.activeElement.textContent.trim()]"""
        )
        assert focused == [True, words], lang
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_function("location.hash !== ''")  # type: ignore[attr-defined]
        landed = page.evaluate(  # type: ignore[attr-defined]
            """() => { const t = document.getElementById(location.hash.slice(1));
            return t && [t.tagName, t.closest('.md-content') !== null,
                         document.querySelectorAll('h1').length]; }"""
        )
        assert landed == ["H1", True, 1], lang
        # A place on the page, not a programme: nothing refused, nothing built, still there.
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
        target = page.get_attribute("a.md-skip", "href")  # type: ignore[attr-defined]
        assert page.evaluate("location.hash") == target, lang  # type: ignore[attr-defined]
        assert page.locator(".sc-builder__problems").is_hidden()  # type: ignore[attr-defined]
        assert page.locator(".sc-builder__result").is_hidden()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "between"), [("en", " "), ("zh-Hant", "")])
def test_the_status_sentences_are_joined_as_the_language_writes_them(
    tab: Tab, served: str, tmp_path: Path, lang: str, between: str
) -> None:
    """ "Loaded FILE." and the programme's sentence: after "。" no space, after "." one."""
    page = open_plan(tab, served, lang, FEASIBLE)
    saved = tmp_path / "programme.json"
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click(".sc-builder__export")  # type: ignore[attr-defined]
    download.value.save_as(saved)
    status = page.locator(".sc-builder__status")  # type: ignore[attr-defined]
    built = status.text_content()
    page.set_input_files("#sc-builder-file", str(saved))  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "b => document.querySelector('.sc-builder__status').textContent !== b", arg=built
    )
    strings = PROJECT.strings[lang]
    loaded = strings.t("builder.loaded", file=saved.name)
    assert status.text_content() == loaded + between + built
    assert strings.between_sentences() == between


def shown_once(page: object, box: str) -> dict[str, object]:
    """Where the page shows `box`'s text: the box's role, how often the text is in the
    page's visible text, what the status line says and whether the status line shows."""
    return page.evaluate(  # type: ignore[attr-defined]
        """box => { const b = document.querySelector(box), s = document.querySelector('.sc-builder__status');
        const said = b.innerText.trim(), r = s.getBoundingClientRect();
        const shows = r.width > 1 && r.height > 1, count = (text) => text.split(said).length - 1;
        const owner = b.closest('[role]');
        return { role: owner && owner.getAttribute('role'), said,
                 // Text clipped to nothing is not seen, though innerText holds it.
                 times: count(document.body.innerText) - (shows ? 0 : count(s.innerText)),
                 status: s.textContent, statusRole: s.getAttribute('role'),
                 statusShows: shows }; }""",
        box,
    )


def test_an_error_is_shown_once_and_announced_once(tab: Tab, served: str, tmp_path: Path) -> None:
    # A bad value in the address: named in the problem box (an alert), not again below it.
    page = open_plan(tab, served, "en", "sessions=abc&minutes=150&size=12")
    found = shown_once(page, ".sc-builder__problems")
    assert found["role"] == "alert" and "abc" in str(found["said"])
    assert found["times"] == 1 and "abc" not in str(found["status"])
    assert str(found["status"]).startswith("Programme built.")  # what the page did
    # A bad value typed: the problem box alone, the programme's status gone with it.
    page.fill("#sc-builder-size", "0")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    found = shown_once(page, ".sc-builder__problems")
    assert found["role"] == "alert" and found["said"] and found["times"] == 1
    assert found["status"] == ""
    # A file that is not a saved programme: the same.
    wrong = tmp_path / "notes.json"
    wrong.write_text("not a programme", encoding="utf-8")
    page.set_input_files("#sc-builder-file", str(wrong))  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('.sc-builder__problems').innerText.includes('notes.json')"
    )
    found = shown_once(page, ".sc-builder__problems")
    assert found["times"] == 1 and "notes.json" not in str(found["status"])
    # A request nothing meets: the reason in the result, and the status line (how it is
    # announced) for screen readers only.
    page = open_plan(tab, served, "en", "sessions=2&minutes=90&cover=mutual-aid&size=12")
    found = shown_once(page, ".sc-builder__reason")
    assert found["times"] == 1 and found["status"] == found["said"]
    assert found["statusRole"] == "status" and found["statusShows"] is False
    # A programme built: its status line shows again.
    page.click(".sc-builder__nearest")  # type: ignore[attr-defined]
    found = shown_once(page, ".sc-builder__covers")
    assert str(found["status"]).startswith("Programme built.") and found["statusShows"] is True
