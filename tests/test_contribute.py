"""Every page's way in for contributors: edit, translate or report, in the page's language.

One real build of the mini fixture, set up as the real site is (repository address,
the theme overrides, the `contribute:` strings of the real translations).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from conftest import MINI, ROOT, mkdocs_build, pages, solidarity

REPO = "https://github.com/solidarity-commons/solidarity-commons"
NAV = re.compile(r'<nav class="sc-contribute" aria-label="([^"]+)">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)" class="sc-contribute__(\w+)">([^<]+)</a>')


def contribute_group(lang: str) -> dict[str, str]:
    """The real `contribute:` strings of a language (English when lang is empty)."""
    path = (
        ROOT / "translations" / lang / "strings.yml" if lang else ROOT / "translations/strings.yml"
    )
    group = yaml.safe_load(path.read_text(encoding="utf-8"))["contribute"]
    assert isinstance(group, dict)
    return group


def append_group(path: Path, group: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "\ncontribute:\n" in text:  # the fixture's strings have their own: use the real ones
        head, _, rest = text.partition("\ncontribute:\n")
        kept = rest.split("\n")
        while kept and kept[0].startswith("  "):
            kept.pop(0)
        text = head + "\n" + "\n".join(kept)
    lines = "".join(f"  {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in group.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "contribute:\n" + lines, encoding="utf-8")


def every_plural_form(strings: object, lang: str) -> object:
    """English strings as another language's: a plural string gets every form that
    language has (the English text in each), as a complete translation would."""
    from hooks.model.plurals import used

    if isinstance(strings, dict):
        if "other" in strings and set(strings) <= {"zero", "one", "two", "few", "many", "other"}:
            return {form: strings.get(form, strings["other"]) for form in sorted(used(lang))}
        return {key: every_plural_form(value, lang) for key, value in strings.items()}
    return strings


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mini = tmp_path_factory.mktemp("contribute") / "mini"
    shutil.copytree(MINI, mini, ignore=shutil.ignore_patterns(".cache"))
    config = mini / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "repo_url" not in text and "custom_dir" not in text
    text = text.replace(
        "site_url: https://example.org/\n",
        f"site_url: https://example.org/\nrepo_url: {REPO}\nedit_uri: edit/main/\n",
    ).replace("  name: material\n", f"  name: material\n  custom_dir: {ROOT / 'overrides'}\n")
    config.write_text(text, encoding="utf-8")
    for lang in ("es", "ar"):
        # A language's strings file must have every key (a missing one is a build error):
        # start from the small project's English ones.
        (mini / "translations" / lang).mkdir(parents=True, exist_ok=True)
        english = yaml.safe_load((mini / "translations/strings.yml").read_text(encoding="utf-8"))
        copy = every_plural_form(english, lang)
        (mini / "translations" / lang / "strings.yml").write_text(
            yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    sharing = mini / "docs/principles/sharing.md"
    sharing.write_text(
        sharing.read_text(encoding="utf-8") + "\nIf this is wrong, [tell us](#report-a-problem).\n",
        encoding="utf-8",
    )
    append_group(mini / "translations/strings.yml", contribute_group(""))
    for lang in ("es", "ar"):
        append_group(mini / "translations" / lang / "strings.yml", contribute_group(lang))
    mkdocs_build(mini, mini / "site")
    return mini / "site"


def contribute(page: Path) -> tuple[str, dict[str, tuple[str, str]]]:
    """A page's contribution links: the group's name, and kind -> (label, address)."""
    found = NAV.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page}: {len(found)} contribution blocks"
    name, body = found[0]
    return name, {
        kind: (label, href.replace("&amp;", "&")) for href, kind, label in LINK.findall(body)
    }


def test_an_english_page_links_to_editing_its_source(built: Path) -> None:
    name, links = contribute(built / "cases/strike/index.html")
    assert name == "Help improve this site"
    assert links["edit"] == ("Edit this page", f"{REPO}/edit/main/docs/cases/strike.md")
    assert set(links) == {"edit", "report"}
    # Workshops come from their own folder, not docs/.
    _, links = contribute(built / "workshops/circle/index.html")
    assert links["edit"][1] == f"{REPO}/edit/main/workshops/circle.md"


def test_a_translated_page_links_to_improving_its_translation(built: Path) -> None:
    strings = contribute_group("es")
    name, links = contribute(built / "es/index.html")
    assert name == strings["label"]
    assert links["improve"] == (
        strings["improve"],
        f"{REPO}/edit/main/translations/es/docs/index.md",
    )
    assert "edit" not in links and "translate" not in links


def test_a_page_still_in_english_links_to_starting_its_translation(built: Path) -> None:
    strings = contribute_group("es")
    _, links = contribute(built / "es/cases/strike/index.html")
    assert links["translate"] == (
        strings["translate"],
        f"{REPO}/new/main/translations/es/docs/cases?filename=strike.md",
    )
    assert "improve" not in links and "edit" not in links


def test_arabic_pages_have_arabic_labels_and_run_right_to_left(built: Path) -> None:
    strings = contribute_group("ar")
    page = built / "ar/cases/strike/index.html"
    name, links = contribute(page)
    assert name == strings["label"] and links["translate"][0] == strings["translate"]
    assert links["report"][0] == strings["report"]
    assert re.search(r'<html[^>]* dir="rtl"', page.read_text(encoding="utf-8"))


def test_the_report_link_names_the_page_by_its_address(built: Path) -> None:
    _, links = contribute(built / "es/cases/strike/index.html")
    label, href = links["report"]
    assert label == contribute_group("es")["report"]
    assert href.startswith(f"{REPO}/issues/new?title=")
    assert href.endswith("&body=" + quote("https://example.org/es/cases/strike/", safe=""))
    assert "%C2%AB" in href  # the title is the Spanish one, «…» encoded


def test_generated_pages_only_offer_a_report(built: Path) -> None:
    for page in ("status/index.html", "es/workshops/index.html"):
        _, links = contribute(built / page)
        assert set(links) == {"report"}, page


def test_every_page_has_the_links_and_nothing_is_fetched_from_github(built: Path) -> None:
    fetching = re.compile(r"<(?:img|script|link|iframe|source|video|audio)\b[^>]*github", re.I)
    for page in pages(built):
        html = page.read_text(encoding="utf-8")
        assert NAV.search(html), page
        assert not fetching.search(html), page
        # Material's repository widget asks api.github.com for stars on load: not here.
        assert 'data-md-component="source"' not in html, page


def test_a_tell_us_link_in_a_page_leads_to_its_report_route(built: Path) -> None:
    for page in ("principles/sharing/index.html", "es/principles/sharing/index.html"):
        html = (built / page).read_text(encoding="utf-8")
        _, links = contribute(built / page)
        told = re.findall(r'<a href="([^"]+)">tell us</a>', html)
        assert [h.replace("&amp;", "&") for h in told] == [links["report"][1]], page
        assert "#report-a-problem" not in html, page


def test_without_a_repository_a_tell_us_sentence_keeps_its_words_without_a_link(
    mini: Path,
) -> None:
    sharing = mini / "docs/principles/sharing.md"
    sharing.write_text(
        sharing.read_text(encoding="utf-8") + "\nIf this is wrong, [tell us](#report-a-problem).\n",
        encoding="utf-8",
    )
    site = mkdocs_build(mini, mini / "site").site
    html = (site / "principles/sharing/index.html").read_text(encoding="utf-8")
    assert "If this is wrong, tell us." in html and "report-a-problem" not in html


ROW = re.compile(
    r'<tr><td lang="([^"]+)" dir="auto">([^<]*)</td><td><span class="sc-state sc-state--(\w+)">'
    r"([^<]*)</span></td><td class=\"sc-status-links\">(.*?)</td></tr>"
)
HREF = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)">([^<]*)</a>')


def section(html: str, lang: str) -> str:
    start = html.index(f'id="lang-{lang}"')
    end = html.find('<h2 id="lang-', start + 1)
    return html[start : end if end > 0 else len(html)]


def test_the_status_page_lists_titles_states_and_both_links(built: Path) -> None:
    project = built.parent
    report = json.loads(solidarity(project, "translations", "status", "--json").stdout)
    for status_page in ("status/index.html", "es/status/index.html"):
        html = (built / status_page).read_text(encoding="utf-8")
        for st in report:
            rows = ROW.findall(section(html, st["lang"]))
            states = {d["page"]: d["state"] for d in st["details"]}
            assert len(rows) == len(states) and len(rows) > 3
            assert sorted(state for _, _, state, _, _ in rows) == sorted(states.values())
            for title_lang, title, state, label, links in rows:
                assert not title.endswith(".md") and title.strip()
                assert label == state  # the mini project's strings are English
                found = {lang: href for href, lang, _ in HREF.findall(links)}
                english = (built / status_page).parent / found["en"] / "index.html"
                assert english.resolve().is_file(), (status_page, title, found)
                if state == "missing":
                    assert set(found) == {"en"} and title_lang == "en"
                else:
                    assert set(found) == {"en", st["lang"]} and title_lang == st["lang"]
                    own = (built / status_page).parent / found[st["lang"]] / "index.html"
                    assert own.resolve().is_relative_to((built / st["lang"]).resolve())
                    assert own.resolve().is_file()
                    page_title = re.search(r"<h1[^>]*>([^<]+)", own.read_text(encoding="utf-8"))
                    assert page_title and page_title.group(1) == title
        bars = re.findall(r'<progress max="100" value="(\d+)"', html)
        assert bars == [str(st["percent"]) for st in report]
        assert ' style="' not in html.split("<article", 1)[1].split("</article>", 1)[0]
