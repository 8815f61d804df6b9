"""The preview (issue #22) on the mini project: a save renders only what it changed,
and the result is the page a fresh build of the same sources makes.

The strongest check is the last one of each edit: the site the preview brought up to
date, page by page, is byte for byte the site a new preview build makes from the
edited sources.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from conftest import snapshot
from hooks.mkdocs.preview import Preview
from hooks.postbuild import search
from hooks.preview.updates import Update

# The commit this work started from: the published build must not change because of it.
BEFORE_PREVIEW = "c47f52cb7135818a86499546866ce7ac58ba896e"


def fresh_site(project: Path, tmp_path: Path, **kwargs: object) -> Path:
    site = tmp_path / "fresh"
    preview = Preview(project / "mkdocs.yml", site, **kwargs)  # type: ignore[arg-type]
    update = preview.build_all()
    assert not update.failed, update.problems
    finished(preview)  # the search indexes, as the server makes them once it serves
    return site


def finished(preview: Preview) -> list[Update]:
    """What finish() did, called as the server calls it until nothing is left."""
    out: list[Update] = []
    while (later := preview.finish()) is not None:
        out.append(later)
        if not later.more:
            break
    return out


def saved(preview: Preview, paths: list[Path]) -> tuple[Update, list[str]]:
    """A save as the server handles it: the update (the saved page), then finish()
    (the rest of its pages, then search); the update and every page rendered."""
    update = preview.update(paths)
    return update, update.pages + [p for later in finished(preview) for p in later.pages]


def html_of(site: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(site).items() if k.endswith(".html")}


def same_as_fresh(site: Path, project: Path, tmp_path: Path) -> None:
    ours, fresh = html_of(site), html_of(fresh_site(project, tmp_path))
    assert sorted(ours) == sorted(fresh)
    differ = [name for name in fresh if ours[name] != fresh[name]]
    assert differ == [], f"pages that differ from a fresh build: {differ}"


def started(mini: Path, tmp_path: Path) -> tuple[Preview, Path]:
    site = tmp_path / "served"
    preview = Preview(mini / "mkdocs.yml", site)
    first = preview.build_all()
    assert first.full and not first.failed, first.problems
    later = finished(preview)
    assert len(later) == 1 and later[0].indexed and not later[0].problems, later
    return preview, site


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_english_edit_renders_the_page_its_fallbacks_and_the_pages_listing_its_title(
    mini: Path, tmp_path: Path
) -> None:
    preview, site = started(mini, tmp_path)
    source = mini / "docs" / "cases" / "strike.md"
    save(source, "title: A strike", "title: A long strike")
    save(source, "Text about the", "Words about the")
    update, pages = saved(preview, [source])
    assert not update.failed and not update.full, update.problems
    # English first, with the English pages that show its title; then the rest.
    assert "en/cases/strike.md" in update.pages and "en/cases/index.md" in update.pages
    assert all(page.startswith("en/") for page in update.pages), update.pages
    # The page in every language (es and ar show the English under a notice) ...
    for lang in ("en", "es", "ar"):
        assert f"{lang}/cases/strike.md" in pages
    for page in ("cases/strike", "es/cases/strike", "ar/cases/strike"):
        assert "Words about the" in (site / page / "index.html").read_text(encoding="utf-8")
    # ... and the index that lists its title, in every language.
    for page in ("cases", "es/cases", "ar/cases"):
        assert "A long strike" in (site / page / "index.html").read_text(encoding="utf-8")
    same_as_fresh(site, mini, tmp_path)


def test_english_body_edit_renders_only_that_page_and_its_fallbacks(
    mini: Path, tmp_path: Path
) -> None:
    preview, _ = started(mini, tmp_path)
    source = mini / "docs" / "cases" / "strike.md"
    save(source, "Text about the", "Words about the")
    update, pages = saved(preview, [source])
    assert update.pages == ["en/cases/strike.md"]  # served before its fallbacks
    assert update.addresses == ["/cases/strike/"]
    assert sorted(pages) == [
        "ar/cases/strike.md",
        "en/cases/strike.md",
        "es/cases/strike.md",
    ]


def test_translated_edit_renders_that_language_only(mini: Path, tmp_path: Path) -> None:
    preview, site = started(mini, tmp_path)
    source = mini / "translations" / "es" / "docs" / "index.md"
    save(source, "## Bienvenida {#welcome}", "## Bienvenida {#welcome}\n\nUna frase nueva.")
    update, pages = saved(preview, [source])
    assert update.pages == pages == ["es/index.md"], update.problems
    assert update.addresses == ["/es/"]
    assert "Una frase nueva." in (site / "es" / "index.html").read_text(encoding="utf-8")
    same_as_fresh(site, mini, tmp_path)


def test_agenda_minutes_edit_renders_the_workshop_in_every_language(
    mini: Path, tmp_path: Path
) -> None:
    preview, site = started(mini, tmp_path)
    source = mini / "workshops" / "circle.md"
    before = (site / "workshops" / "circle" / "index.html").read_bytes()
    text = source.read_text(encoding="utf-8")
    text = text.replace("    minutes: 10\n", "    minutes: 15\n", 1)
    text = text.replace("    minutes: 45\n", "    minutes: 40\n", 1)
    source.write_text(text, encoding="utf-8")
    update, pages = saved(preview, [source])
    assert not update.failed, update.problems
    assert update.pages == ["en/workshops/circle.md"]
    for lang in ("en", "es", "ar"):
        assert f"{lang}/workshops/circle.md" in pages
    html = (site / "workshops" / "circle" / "index.html").read_text(encoding="utf-8")
    assert html.encode("utf-8") != before
    # No packets in a preview unless asked for: the page says so and links no PDF.
    assert "make serve PACKETS=1" in html and ".pdf" not in html
    same_as_fresh(site, mini, tmp_path)


def test_a_save_during_the_first_indexing_is_served_first_and_the_index_completes(
    mini: Path, tmp_path: Path
) -> None:
    """The server indexes the first build's pages after it serves them; a save made
    meanwhile is rendered first, and the indexing then resumes where it stopped."""
    from hooks.preview.server import State, finish

    site = tmp_path / "served"
    preview = Preview(mini / "mkdocs.yml", site)
    assert not preview.build_all().failed
    waiting = len(preview.unindexed)
    asked: list[int] = []

    def save_comes(after: int) -> Any:
        return lambda: asked.append(1) or len(asked) > after  # type: ignore[func-returns-value]

    state, said = State(), []
    state.indexed.clear()
    assert finish(preview, state, said.append, save_comes(5)) is False
    assert 0 < len(preview.unindexed) < waiting and not state.indexed.is_set()
    assert said == []  # nothing to say yet
    source = mini / "docs" / "cases" / "strike.md"
    save(source, "Text about the", "Interrupting words about the")
    update = preview.update([source])
    assert update.pages == ["en/cases/strike.md"], update.problems
    assert "Interrupting" in (site / "cases/strike/index.html").read_text(encoding="utf-8")
    state.publish(update)
    assert finish(preview, state, said.append, lambda: False) is True
    assert state.indexed.is_set() and preview.unindexed == []
    assert any("then rendered 2 page(s) in ar, es" in line for line in said), said
    # Every language's index, as a fresh build of the edited sources makes it.
    fresh = fresh_site(mini, tmp_path)
    for folder in (Path(), Path("es"), Path("ar")):
        ours = (site / folder / "search" / "search_index.json").read_bytes()
        assert ours == (fresh / folder / "search" / "search_index.json").read_bytes(), folder
    same_as_fresh(site, mini, tmp_path)


def test_a_save_made_as_the_site_comes_up_is_rendered_before_the_first_indexing(
    mini: Path, tmp_path: Path
) -> None:
    """A writer who saves the moment the preview says it serves sees the page then,
    not after the first build's search indexes (seconds on a big site): the server
    watches from before the build, so the save is known at once."""
    from hooks.preview.server import serve

    source = mini / "docs" / "cases" / "strike.md"
    said: list[str] = []

    def out(line: str) -> None:
        said.append(line)
        if line.startswith("preview: search index of "):
            raise KeyboardInterrupt  # the first indexing is over: stop the server

    def ready(address: str) -> None:
        save(source, "Text about the", "Words saved at once about the")

    site = tmp_path / "served"
    serve(Preview(mini / "mkdocs.yml", site), mini, site, port=0, out=out, ready=ready)
    lines = [line for line in said if not line.startswith("preview: serving")]
    assert lines[0].startswith("preview: built the whole site"), said
    assert lines[1].startswith("preview: rendered 1 page(s) in en"), said
    assert lines[-1].startswith("preview: search index of en"), said
    assert "Words saved at once" in (site / "cases/strike/index.html").read_text("utf-8")


def test_a_browser_reloads_only_for_an_update_that_rendered_its_page() -> None:
    from hooks.preview.server import State

    state = State()
    state.publish(Update(full=True))  # the first build
    served = state.version
    state.publish(Update(pages=["en/cases/strike.md"], addresses=["/cases/strike/"]))
    assert state.wait(served, path="/cases/strike/")["reload"] is True
    assert state.wait(served, path="/cases/strike/index.html")["reload"] is True
    assert state.wait(served, path="/es/cases/strike/")["reload"] is False
    later = Update(pages=["es/cases/strike.md"], addresses=["/es/cases/strike/"], continues=True)
    later.problems = ["WARNING translations/es/docs/cases/strike.md:3: a link"]
    state.publish(later)
    answer = state.wait(served, path="/es/cases/strike/")
    assert answer["reload"] is True and answer["problems"] == later.problems
    # Missed updates count too, and one that failed or built everything reloads all.
    assert state.wait(served, path="/cases/strike/")["reload"] is True
    assert state.wait(state.version, path="/cases/strike/", timeout=0)["reload"] is False
    state.publish(Update(problems=["ERROR docs/x.md:1: YAML"]))
    assert state.wait(state.version - 1, path="/anything/")["reload"] is True


def test_a_broken_edit_is_reported_at_its_line_and_fixing_it_recovers(
    mini: Path, tmp_path: Path
) -> None:
    preview, site = started(mini, tmp_path)
    page = site / "workshops" / "circle" / "index.html"
    good = page.read_bytes()
    source = mini / "workshops" / "circle.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("minutes: 60", "minutes: [60", 1), encoding="utf-8")
    broken = preview.update([source])
    assert broken.failed
    assert any("workshops/circle.md:" in p and "YAML" in p for p in broken.problems), broken
    assert page.read_bytes() == good  # the last good page is still served
    source.write_text(text, encoding="utf-8")
    fixed, _ = saved(preview, [source])
    assert not fixed.failed and fixed.problems == [], fixed.problems
    same_as_fresh(site, mini, tmp_path)


def test_a_broken_link_is_reported_at_its_line_and_the_page_still_updates(
    mini: Path, tmp_path: Path
) -> None:
    preview, site = started(mini, tmp_path)
    source = mini / "docs" / "cases" / "strike.md"
    save(source, "Text about the", "A [gone](../nowhere.md) link and the")
    update = preview.update([source])
    assert not update.failed
    line = next(
        n for n, t in enumerate(source.read_text(encoding="utf-8").split("\n"), 1) if "gone" in t
    )
    assert any(f"docs/cases/strike.md:{line}:" in p and "nowhere" in p for p in update.problems), (
        update.problems
    )
    assert "A " in (site / "cases" / "strike" / "index.html").read_text(encoding="utf-8")
    save(source, "A [gone](../nowhere.md) link and the", "Text about the")
    assert preview.update([source]).problems == []


def test_one_language_keeps_its_own_addresses(mini: Path, tmp_path: Path) -> None:
    site = fresh_site(mini, tmp_path, language="ar")
    assert (site / "ar" / "cases" / "strike" / "index.html").is_file()
    assert not (site / "es" / "index.html").exists()  # built: English and Arabic only
    html = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'lang="ar"' in html and 'dir="rtl"' in html


def test_an_unknown_language_is_refused_with_the_known_ones(mini: Path, tmp_path: Path) -> None:
    update = Preview(mini / "mkdocs.yml", tmp_path / "s", language="xx").build_all()
    assert update.failed and "en, es, ar" in update.problems[0]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode("utf-8"))


def _wait(check: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except Exception:  # noqa: BLE001 - the server or the page may be mid-reload
            pass
        time.sleep(0.05)
    pytest.fail("timed out")


def test_the_server_serves_reloads_and_survives_a_broken_save(mini: Path) -> None:
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hooks.mkdocs.serve", "--port", str(port)],
        cwd=mini,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(lambda: "<html" in _get(base + "cases/strike/"))
        page = _get(base + "cases/strike/")
        version = int(re.search(r"/_preview/reload\.js\?v=(\d+)", page).group(1))  # type: ignore[union-attr]
        assert "location.reload" in _get(base + "_preview/reload.js")
        source = mini / "docs" / "cases" / "strike.md"
        save(source, "Text about the", "Served words about the")
        _wait(lambda: "Served words" in _get(base + "cases/strike/"))
        # Made after the page, but asked for now it waits for the new words.
        assert "Served words" in _get(base + "search/search_index.json")
        assert f'"version": {version}' not in _get(base + f"_preview/wait?since={version}")
        save(source, "title: A strike", "title: [A strike")  # a YAML error
        _wait(lambda: "YAML" in _get(base + "_preview/wait?since=-1"))
        assert "Served words" in _get(base + "cases/strike/")  # still serving the last good page
        save(source, "title: [A strike", "title: A strike")
        _wait(lambda: '"problems": []' in _get(base + "_preview/wait?since=-1"))
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "docs/cases/strike.md:" in output and "YAML" in output, output


@pytest.mark.browser
def test_the_browser_reloads_on_a_save_and_shows_a_broken_one(mini: Path, browser: object) -> None:
    """Real Chromium on the served page: a save reloads it, a broken save shows its
    problem at file:line on the page, and neither breaks the page's CSP."""
    from conftest import WATCH_CSP

    port = _port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hooks.mkdocs.serve", "--port", str(port)],
        cwd=mini,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    source = mini / "docs" / "cases" / "strike.md"
    try:
        _wait(lambda: "<html" in _get(base + "cases/strike/"))
        context = browser.new_context()  # type: ignore[attr-defined]
        try:
            page = context.new_page()
            page.add_init_script(WATCH_CSP)
            page.goto(base + "cases/strike/")
            page.wait_for_load_state("load")
            time.sleep(0.5)  # the reload script is waiting for the next update
            save(source, "Text about the", "Reloaded words about the")
            # Polled from here: the page's CSP forbids the evaluated code of wait_for_function.
            _wait(lambda: "Reloaded words" in page.inner_text("article"))
            save(source, "title: A strike", "title: [A strike")
            _wait(lambda: "YAML" in page.inner_text("#sc-preview-problems"))
            box = page.query_selector("#sc-preview-problems")
            assert box is not None
            assert "docs/cases/strike.md:" in box.inner_text()
            assert box.get_attribute("role") == "alert" and box.get_attribute("lang") == "en"
            save(source, "title: [A strike", "title: A strike")

            _wait(lambda: page.query_selector("#sc-preview-problems") is None)
            # The mini theme's web font and stylesheet are refused as in any build of it;
            # the preview's script and its problem box must not be.
            refused = page.evaluate("window.__csp")
            assert [v for v in refused if v.startswith(("script-src", "style-src-attr"))] == []
        finally:
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _own_strings(mini: Path, lang: str) -> dict[str, str]:
    """Give the mini project a strings file for `lang`: its English strings with the
    real site's translated `preview:` section. Returns that section."""
    import yaml

    english = yaml.safe_load((mini / "translations" / "strings.yml").read_text(encoding="utf-8"))
    root = Path(__file__).resolve().parent.parent
    real = yaml.safe_load(
        (root / "translations" / lang / "strings.yml").read_text(encoding="utf-8")
    )
    english["preview"] = real["preview"]
    target = mini / "translations" / lang / "strings.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    return dict(real["preview"])


def test_the_packet_note_speaks_the_page_language(mini: Path, tmp_path: Path) -> None:
    words = {lang: _own_strings(mini, lang) for lang in ("es", "ar")}
    site = fresh_site(mini, tmp_path)
    for lang, direction in (("es", "ltr"), ("ar", "rtl")):
        html = (site / lang / "workshops" / "circle" / "index.html").read_text(encoding="utf-8")
        note = re.search(r'<p ([^>]*class="sc-preview-note"[^>]*)>(.*?)</p>', html)
        assert note is not None, lang
        # Its own language and direction, even where the page around it is English.
        assert f'lang="{lang}"' in note.group(1) and f'dir="{direction}"' in note.group(1)
        text = re.sub(r"<[^>]+>", "", note.group(2))
        before, _, after = words[lang]["no_packets"].partition("{command}")
        assert words[lang]["label"] in text and before in text and after in text
        assert "make serve PACKETS=1" in text
    english = (site / "workshops" / "circle" / "index.html").read_text(encoding="utf-8")
    note = re.search(r'<p ([^>]*class="sc-preview-note"[^>]*)><strong>Preview:</strong>', english)
    assert note is not None and 'lang="en"' in note.group(1) and 'dir="ltr"' in note.group(1)


def _index(site: Path, lang: str) -> list[dict[str, object]]:
    """The entries of one language's search index as the site serves it."""
    folder = site if lang == "en" else site / lang
    data = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    return list(data["docs"])


def test_a_save_brings_the_search_index_up_to_date(mini: Path, tmp_path: Path) -> None:
    preview, site = started(mini, tmp_path)
    english = mini / "docs" / "cases" / "strike.md"
    spanish = mini / "translations" / "es" / "docs" / "index.md"
    save(english, "Text about the", "Quetzalword about the")
    update = preview.update([english])
    assert not update.failed and not update.full, update.problems
    # The page is written first; its search entries are read after the reload is sent.
    assert "Quetzalword" in (site / "cases/strike/index.html").read_text(encoding="utf-8")
    assert not any("Quetzalword" in str(d["text"]) for d in _index(site, "en"))
    # The server calls it once the browser is told to reload: the fallbacks, then search.
    rest, later = finished(preview)
    assert rest.continues and sorted(rest.pages) == ["ar/cases/strike.md", "es/cases/strike.md"]
    assert "en" in later.indexed and not later.more
    print(f"English edit: {update.summary()}; {rest.summary()}; {later.summary()}")
    found = [d["location"] for d in _index(site, "en") if "Quetzalword" in str(d["text"])]
    assert found and all(str(loc).startswith("cases/strike/") for loc in found)
    # Then a Spanish page alone: only its language's index is written again.
    save(spanish, "## Bienvenida {#welcome}", "## Bienvenida {#welcome}\n\nPalabraquetzal nueva.")
    english_index = (site / "search" / "search_index.json").read_bytes()
    update = preview.update([spanish])
    later = preview.finish()
    assert not update.failed and later is not None and later.indexed == ["es"], update.problems
    assert not later.more
    print(f"Spanish edit: {update.summary()}; {later.summary()}")
    assert preview.finish() is None  # nothing left to do
    assert any("Palabraquetzal" in str(d["text"]) for d in _index(site, "es"))
    assert (site / "search" / "search_index.json").read_bytes() == english_index
    # Our linear duplicate step keeps exactly what mkdocs-static-i18n's own keeps,
    # on this site's entries and on entries built to hit its lazy filter's skip.
    assert preview.config is not None
    i18n = preview.config.plugins["i18n"]
    langs = list(i18n.build_languages)
    row = {"title": "T", "text": "same"}
    tricky = [dict(row, location="a/"), dict(row, location="b/")] + [
        dict(row, location=f"{lang}/{page}")
        for lang in ("es", "ar")
        for page in ("a/", "x/a/", "b/")
    ]
    assert i18n.reconfigure_search_duplicates.linear  # what the build and the preview run
    for docs in (list(i18n.search_entries), tricky):
        ours, theirs = list(docs), list(docs)
        assert search.drop_duplicates(ours, langs)
        type(i18n).reconfigure_search_duplicates(i18n, theirs)  # the library's own
        assert ours == theirs and len(ours) < len(docs)
    # Every language's index is the one a fresh build of the edited sources makes.
    fresh = fresh_site(mini, tmp_path)
    for lang in ("en", "es", "ar"):
        folder = Path() if lang == "en" else Path(lang)
        ours = (site / folder / "search" / "search_index.json").read_bytes()
        assert ours == (fresh / folder / "search" / "search_index.json").read_bytes(), lang


@pytest.mark.browser
def test_the_problem_box_speaks_the_page_language(mini: Path, browser: object) -> None:
    """On an Arabic page the box's own words are Arabic and right to left; the
    problems in it stay English, left to right, as the terminal shows them."""
    words = _own_strings(mini, "ar")
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hooks.mkdocs.serve", "--port", str(port)],
        cwd=mini,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    source = mini / "docs" / "cases" / "strike.md"
    try:
        _wait(lambda: "<html" in _get(base + "ar/cases/strike/"))
        context = browser.new_context()  # type: ignore[attr-defined]
        try:
            page = context.new_page()
            page.goto(base + "ar/cases/strike/")
            page.wait_for_load_state("load")
            time.sleep(0.5)  # the reload script is waiting for the next update
            save(source, "title: A strike", "title: [A strike")  # a YAML error
            _wait(lambda: "YAML" in page.inner_text("#sc-preview-problems ul"))
            box = page.query_selector("#sc-preview-problems")
            assert box is not None
            assert (box.get_attribute("lang"), box.get_attribute("dir")) == ("ar", "rtl")
            assert page.inner_text("#sc-preview-problems button") == words["close"]
            assert words["problems"] in box.inner_text()
            problems = page.query_selector("#sc-preview-problems ul")
            assert problems is not None
            assert (problems.get_attribute("lang"), problems.get_attribute("dir")) == ("en", "ltr")
            assert "docs/cases/strike.md:" in problems.inner_text()
            page.click("#sc-preview-problems button")  # the close button works
            assert page.query_selector("#sc-preview-problems") is None
        finally:
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_preview_words_never_reach_a_published_build(mini: Path, tmp_path: Path) -> None:
    """`mkdocs build` without packets, even with translated preview strings, shows no
    preview note: only the preview asks for it."""
    from conftest import mkdocs_build

    words = _own_strings(mini, "es")
    site = mkdocs_build(mini, tmp_path / "published", env={"SOLIDARITY_PACKETS": "false"}).site
    html = {name: data.decode("utf-8") for name, data in html_of(site).items()}
    assert "workshops/circle/index.html" in html and "es/workshops/circle/index.html" in html
    for name, text in html.items():
        assert "sc-preview-note" not in text and "make serve PACKETS=1" not in text, name
        assert words["label"] not in text, name


EDITS = [  # (file, replacements): each kind of save the kept pages must follow
    ("docs/cases/strike.md", [("Text.", "Text, changed.")]),  # an English body
    ("translations/es/docs/index.md", [("{#welcome}", "{#welcome}\n\nOtra frase.")]),
    ("docs/cases/strike.md", [("title: A strike", "title: A long strike")]),  # listed elsewhere
    ("docs/glossary.md", [("outside a workplace", "outside a factory")]),  # on every page
    (
        "workshops/circle.md",
        [("minutes: 10\n", "minutes: 15\n"), ("minutes: 45\n", "minutes: 40\n")],
    ),
    (
        "workshops/circle.md",
        [("minutes: 60\n", "minutes: 65\n"), ("minutes: 15\n", "minutes: 20\n")],
    ),
    ("translations/strings.yml", [('"Cases that show this principle"', '"Cases showing it"')]),
    ("docs/principles/sharing.md", [("title: ", "title: Sharing, ")]),
]


def test_pages_kept_between_saves_are_those_a_fresh_assembly_makes(mini: Path) -> None:
    """The preview re-assembles only pages whose inputs changed (pages/assemble.py
    `kept_page`); after every kind of save, every page and every packet it links is
    what assembling from scratch makes, and an unrelated page is not made again."""
    from hooks.cli.common import configured_languages
    from hooks.model.catalog import PacketFile
    from hooks.model.memo import Memo, using
    from hooks.model.project import load_project
    from hooks.pages.assemble import assemble

    languages = configured_languages(mini)
    kept = Memo()

    def staged(memo: Memo | None) -> Any:
        project = load_project(mini, languages)
        assert not project.problems.errors, project.problems
        packets = {
            (lang.code, kind, "circle"): PacketFile(Path(f"/p/{lang.code}-{kind}.pdf"), 3)
            for lang in project.languages
            for kind in ("workshop", "handouts")
        }
        if memo is None:
            return assemble(project, packets)
        with using(memo):
            return assemble(project, packets)

    before = staged(kept)
    sources = set(load_project(mini, languages).english)
    for rel, replacements in EDITS:
        for old, new in replacements:
            save(mini / rel, old, new)
        ours, fresh = staged(kept), staged(None)
        assert sorted(ours.pages) == sorted(fresh.pages)
        for key, page in fresh.pages.items():
            assert (ours.pages[key].lines, ours.pages[key].origin) == (page.lines, page.origin), (
                rel,
                key,
            )
        assert ours.downloads == fresh.downloads and fresh.downloads, rel
        made = {  # source pages made again (generated ones always are)
            key
            for key, page in ours.pages.items()
            if key[1] in sources and page is not before.pages.get(key)
        }
        generated = {  # the indexes, the status page, the builder made again
            key[1]
            for key, page in ours.pages.items()
            if key[1] not in sources and page is not before.pages.get(key)
        }
        if rel == "translations/es/docs/index.md":  # a body: that page alone
            assert made == {("es", "index.md")}
        if replacements in (EDITS[0][1], EDITS[1][1]):  # a body: counted on the status page
            assert generated == {"status.md"}, (rel, generated)
        if replacements == EDITS[4][1]:  # an agenda: the plan's pages and the programmes'
            assert {path for _, path in made} == {
                "workshops/circle.md",
                "curricula/two-days.md",
            }, made
        before = ours
