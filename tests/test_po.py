"""The PO bridge for Weblate: `solidarity translations export` and `import`.

Round trips on every real translation (in-process, no build), and on copies of the
mini fixture through the real command: fuzzy units after an English edit, a
translated unit reaching the built page, and each kind of bad PO refused with its
file and line and nothing written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, ROOT, mkdocs_build, snapshot, solidarity
from hooks.cli.bridge import page_sides
from hooks.cli.common import configured_languages
from hooks.model import plurals
from hooks.model.project import load_project
from hooks.model.sources import markdown_files
from hooks.model.status import fallback_summary, translation_statuses
from hooks.model.translations import content_hash, site_path_of, source_path_of
from hooks.pages.status import status_page
from hooks.po.gettext import parse_po, write_po
from hooks.po.pages import export_catalog, import_catalog, parse_page, render
from hooks.po.strings import PLURAL_FORMS, categories, export_strings, import_strings

# ---------------------------------------------------------------- the real translations


def test_every_real_translation_round_trips_byte_for_byte() -> None:
    """Export then import of each page in each language gives the same bytes, through
    the written PO text, with the pairing English/translation checked on the way."""
    project = load_project(ROOT, configured_languages(ROOT))
    count = 0
    for lang in LANGUAGES[1:]:
        folder = ROOT / "translations" / lang
        for path in markdown_files(folder):
            page = path.relative_to(folder).as_posix()
            side = page_sides(ROOT, lang, page, project)
            text = path.read_text(encoding="utf-8")
            english_rel = source_path_of(site_path_of(page) or "")
            rel = f"translations/{lang}/{page}"
            catalog, kept = export_catalog(side, lang, english_rel, rel, None)
            assert kept == 0
            written = parse_po(write_po(catalog))
            result = import_catalog(side, written, lang, text)
            assert result.text == text, f"{rel} changed on the round trip"
            # Not trivially: every unit of the English has its place in the PO.
            assert len(written.entries) == len(side.english.units)  # type: ignore[attr-defined]
            # And every unit's text can change without moving the page's structure.
            page_units = parse_page(text)
            edited = render(page_units, [u.raw + " (x)" for u in page_units.units])
            assert parse_page(edited).shapes == page_units.shapes, rel
            count += 1
    assert count >= 200  # the five languages are (nearly) complete


def test_real_strings_round_trip_with_plural_forms() -> None:
    english = (ROOT / "translations" / "strings.yml").read_text(encoding="utf-8")
    plural_units = 0
    for lang in LANGUAGES[1:]:
        path = ROOT / "translations" / lang / "strings.yml"
        text = path.read_text(encoding="utf-8")
        catalog, _ = export_strings(english, text, lang, content_hash(text), None)
        written = parse_po(write_po(catalog))
        assert written.header["Plural-Forms"].startswith(f"nplurals={len(categories(lang))};")
        for entry in written.entries:
            if entry.msgid_plural is not None:
                plural_units += 1
                assert len(entry.msgstr_plural) == len(categories(lang))
        new, _, notes = import_strings(written, lang, english, text, content_hash(text))
        assert new == text, f"{lang}/strings.yml changed on the round trip"
        assert not notes
    assert plural_units > 0


def _c_plural(expression: str, n: int) -> int:
    """Evaluate a gettext plural expression (the C subset gettext uses)."""
    body = expression.split("plural=", 1)[1].rstrip(";").strip()

    def ternary(text: str) -> int:
        text = text.strip()
        while text.startswith("(") and _closes_at(text) == len(text) - 1:
            text = text[1:-1].strip()
        depth, at = 0, -1
        for index, char in enumerate(text):
            depth += char == "("
            depth -= char == ")"
            if char == "?" and depth == 0:
                at = index
                break
        if at < 0:
            py = text.replace("&&", " and ").replace("||", " or ")
            return int(eval(py, {"__builtins__": {}}, {"n": n}))  # noqa: S307
        depth, colon = 0, -1
        nested = 0
        for index in range(at + 1, len(text)):
            char = text[index]
            depth += char == "("
            depth -= char == ")"
            if depth == 0 and char == "?":
                nested += 1
            elif depth == 0 and char == ":":
                if nested == 0:
                    colon = index
                    break
                nested -= 1
        condition = ternary(text[:at])
        return ternary(text[at + 1 : colon]) if condition else ternary(text[colon + 1 :])

    return ternary(body)


def _closes_at(text: str) -> int:
    depth = 0
    for index, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return index
    return -1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header_agrees_with_the_cldr_rules(lang: str) -> None:
    order = categories(lang)
    assert PLURAL_FORMS[lang].startswith(f"nplurals={len(order)};")
    for n in (*range(0, 1001), 1_000_000, 2_000_000):
        assert order[_c_plural(PLURAL_FORMS[lang], n)] == plurals.category(lang, n), (lang, n)


# ---------------------------------------------------------------- the command, on mini


def _po(mini: Path, rel: str = "docs/index.po") -> Path:
    return mini / "translations" / "es" / "po" / rel


def _entry_block(text: str, msgctxt: str) -> str:
    found = re.search(rf'(?:^#.*\n)*msgctxt "{re.escape(msgctxt)}"\n(?:.+\n?)*', text, re.M)
    assert found, msgctxt
    return found.group(0)


def test_export_then_import_changes_nothing(mini: Path) -> None:
    before = snapshot(mini / "translations" / "es" / "docs")
    out = solidarity(mini, "translations", "export", "es")
    assert out.returncode == 0, out.stderr
    text = _po(mini).read_text(encoding="utf-8")
    assert '"Language: es\\n"' in text
    # The link targets are placeholders; the anchor is structure, not text.
    assert (
        'msgid "Read about [sharing](%(link1)s) and the [strike](%(link2)s)."' in text
        and "{#welcome}" not in text
    )
    assert 'msgctxt "title"\nmsgid "Mini home"\nmsgstr "Inicio mini"' in text
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    assert snapshot(mini / "translations" / "es" / "docs") == before


def test_an_english_edit_fuzzes_only_its_units(mini: Path) -> None:
    english = mini / "docs" / "index.md"
    old = english.read_text(encoding="utf-8")
    english.write_text(old.replace("Read about", "Read more about"), encoding="utf-8")
    out = solidarity(mini, "translations", "export", "es", "docs/index.md")
    assert out.returncode == 0, out.stderr
    catalog = parse_po(_po(mini).read_text(encoding="utf-8"))
    fuzzy = [e for e in catalog.entries if e.fuzzy]
    assert [e.msgid for e in fuzzy] == [
        "Read more about [sharing](%(link1)s) and the [strike](%(link2)s)."
    ]
    assert fuzzy[0].previous == "Read about [sharing](%(link1)s) and the [strike](%(link2)s)."
    assert fuzzy[0].msgstr.startswith("Lee sobre [compartir](%(link1)s)")
    assert all(e.previous is None for e in catalog.entries if not e.fuzzy)
    # A stale page's PO imports back to the same page while the unit stays fuzzy.
    before = snapshot(mini / "translations" / "es")
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    assert snapshot(mini / "translations" / "es") == before
    # The translator updates the unit and clears the flag: the page now translates
    # today's English, as `translations mark` would record.
    fuzzy[0].flags.remove("fuzzy")
    fuzzy[0].previous = None
    fuzzy[0].msgstr = fuzzy[0].msgstr.replace("Lee sobre", "Lee más sobre")
    _po(mini).write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    page = (mini / "translations" / "es" / "docs" / "index.md").read_text(encoding="utf-8")
    new_hash = content_hash(english.read_text(encoding="utf-8"))
    assert f"  source: {new_hash}\n" in page and "Lee más sobre [compartir]" in page
    assert (mini / "translations" / "_sources" / f"{new_hash}.md").is_file()
    status = solidarity(mini, "translations", "status", "es", "--json")
    assert '"page": "index.md",\n        "state": "draft"' in status.stdout, status.stdout


def test_a_translated_unit_reaches_the_built_page(mini: Path) -> None:
    assert solidarity(mini, "translations", "export", "es").returncode == 0
    po = _po(mini)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Bienvenida"', 'msgstr "Te damos la bienvenida"')
    text = text.replace(
        'msgstr "A small project for tests."', 'msgstr "Un proyecto pequeño para pruebas."'
    )
    po.write_text(text, encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    page = (mini / "translations" / "es" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "## Te damos la bienvenida {#welcome}\n" in page
    assert "summary: Un proyecto pequeño para pruebas.\n" in page
    check = solidarity(mini, "translations", "check", "translations/es/docs/index.md")
    assert check.returncode == 0, check.stderr
    # A second import of the same PO changes nothing.
    again = snapshot(mini / "translations")
    assert solidarity(mini, "translations", "import", "es").returncode == 0
    assert snapshot(mini / "translations") == again
    build = mkdocs_build(mini, mini / "site")
    html = (build.site / "es" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="welcome">Te damos la bienvenida', html)


def _edit(po: Path, old: str, new: str) -> int:
    """Replace one msgstr line; the PO line it is on."""
    text = po.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


BAD = {
    "broken syntax": ('msgstr "Inicio mini"', 'msgstr "Inicio mini', "PO syntax"),
    "wrong language": ('"Language: es\\n"', '"Language: fr\\n"', "not `es`"),
    "placeholders": (
        'msgstr "Lee sobre [compartir](%(link1)s)',
        'msgstr "Lee sobre [compartir](%(link3)s)',
        "placeholders differ",
    ),
    "raw html": (
        'msgstr "Bienvenida"',
        'msgstr "Bienvenida <img src=x onerror=alert(1)>"',
        "raw HTML",
    ),
    "javascript link": (
        'msgstr "Bienvenida"',
        'msgstr "[Bienvenida](javascript:alert(1))"',
        "link that is not in the English",
    ),
    "javascript text": ('msgstr "Bienvenida"', 'msgstr "javascript:alert(1)"', "javascript:"),
    "new heading": (
        'msgstr "Lee sobre',
        'msgstr "## Otro\\n\\nLee sobre',
        "changes the page's blocks",
    ),
    "plain-text field": ('msgstr "Inicio mini"', 'msgstr "Inicio <mini>"', "raw HTML"),
    "quote in a title": ('msgstr "Inicio mini"', 'msgstr "Inicio \\"mini\\""', "must be plain"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_po_is_refused_at_its_line_and_nothing_is_written(mini: Path, case: str) -> None:
    assert solidarity(mini, "translations", "export", "es", "docs/index.md").returncode == 0
    old, new, message = BAD[case]
    line = _edit(_po(mini), old, new)
    if case == "wrong language":
        line = 1  # the header
    before = snapshot(mini / "translations" / "es" / "docs") | snapshot(mini / "docs")
    out = solidarity(mini, "translations", "import", "es", str(_po(mini)))
    assert out.returncode == 1
    assert f"translations/es/po/docs/index.po:{line}: " in out.stderr, out.stderr
    assert message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert snapshot(mini / "translations" / "es" / "docs") | snapshot(mini / "docs") == before


def test_a_po_for_no_page_is_refused(mini: Path) -> None:
    assert solidarity(mini, "translations", "export", "es").returncode == 0
    stray = _po(mini, "docs/nowhere.po")
    stray.write_text(_po(mini).read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot(mini / "translations" / "es" / "docs")
    out = solidarity(mini, "translations", "import", "es", str(stray))
    assert out.returncode == 1
    assert "translations/es/po/docs/nowhere.po:1: there is no English page" in out.stderr
    assert snapshot(mini / "translations" / "es" / "docs") == before


def test_export_keeps_work_not_yet_imported_and_refuses_a_double_edit(mini: Path) -> None:
    assert solidarity(mini, "translations", "export", "es").returncode == 0
    _edit(_po(mini), 'msgstr "Bienvenida"', 'msgstr "Hola"')
    out = solidarity(mini, "translations", "export", "es")
    assert out.returncode == 0 and "kept 1 unit" in out.stdout, out
    assert 'msgstr "Hola"' in _po(mini).read_text(encoding="utf-8")
    # Someone also edits the Markdown: neither change may silently win.
    page = mini / "translations" / "es" / "docs" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Inicio mini", "Inicio"), encoding="utf-8"
    )
    po_before = _po(mini).read_bytes()
    out = solidarity(mini, "translations", "export", "es")
    assert out.returncode == 1 and "changed both here and in" in out.stderr
    assert _po(mini).read_bytes() == po_before
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 1 and "changed since this PO was exported" in out.stderr
    assert "Inicio mini" not in page.read_text(encoding="utf-8")


def test_strings_po_round_trip_with_plurals(mini: Path) -> None:
    english = mini / "translations" / "strings.yml"
    text = english.read_text(encoding="utf-8")
    assert '  hours: "{hours} h"\n' in text
    english.write_text(
        text.replace(
            '  hours: "{hours} h"\n',
            '  hours:\n    one: "{hours} hour"\n    other: "{hours} hours"\n',
        ),
        encoding="utf-8",
    )
    assert solidarity(mini, "translations", "export", "es").returncode == 0
    po = _po(mini, "strings.po")
    catalog = parse_po(po.read_text(encoding="utf-8"))
    assert catalog.header["Plural-Forms"] == PLURAL_FORMS["es"]
    plural = [e for e in catalog.entries if e.msgid_plural is not None]
    assert plural and all(len(e.msgstr_plural) == 3 for e in plural)
    for entry in catalog.entries:
        if entry.msgid_plural is not None:
            # one, many, other: the translator leaves `many` (whole millions) to `other`.
            entry.msgstr_plural = {0: "ES " + entry.msgid, 1: "", 2: "ES " + entry.msgid_plural}
        else:
            entry.msgstr = "ES " + entry.msgid
    po.write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es", str(po))
    assert out.returncode == 0, out.stderr
    strings = mini / "translations" / "es" / "strings.yml"
    data = yaml.safe_load(strings.read_text(encoding="utf-8"))
    key = plural[0].msgctxt or ""
    node = data
    for part in key.split("."):
        node = node[part]
    assert node == {"one": "ES " + plural[0].msgid, "other": "ES " + plural[0].msgid_plural}
    assert data["site"]["name"] == "ES Solidarity Commons"
    # Round trip: export again gives the same PO, import again changes nothing.
    po_text = po.read_text(encoding="utf-8")
    assert solidarity(mini, "translations", "export", "es").returncode == 0
    assert po.read_text(encoding="utf-8") == po_text
    written = strings.read_bytes()
    assert solidarity(mini, "translations", "import", "es").returncode == 0
    assert strings.read_bytes() == written
    # A form with a placeholder the English lacks is refused at its line.
    line = _edit(po, 'msgstr[2] "ES ', 'msgstr[2] "{nope} ES ')
    out = solidarity(mini, "translations", "import", "es", str(po))
    assert out.returncode == 1
    assert re.search(rf"strings\.po:{line}: .*placeholders", out.stderr), out.stderr
    assert strings.read_bytes() == written


def test_closed_pipe_ends_quietly(mini: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "hooks.cli", "translations", "export", "es"],
        cwd=mini,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err
    assert proc.returncode in (0, 141)


def test_page_units_leave_structure_out() -> None:
    page = parse_page(
        "---\nid: x\ntitle: A page\nminutes: 10\n---\n\n"
        "## Heading {#anchor}\n\n!!! note\n    Text with <abbr>HTML</abbr> and "
        "[a link](https://example.org).\n\n| A | B |\n| --- | --- |\n| one | 2 |\n"
    )
    texts = [u.raw or u.default for u in page.units]
    assert texts == [
        "A page",
        "Heading",
        "Note",
        "Text with <abbr>HTML</abbr> and [a link](https://example.org).",
        "A",
        "B",
        "one",
    ]
    from hooks.po.pages import protect

    assert protect(texts[3])[0] == "Text with %(tag1)sHTML%(tag2)s and [a link](%(link1)s)."


def test_a_page_translated_in_full_in_the_po_becomes_a_new_translation(mini: Path) -> None:
    assert solidarity(mini, "translations", "export", "es", "docs/cases/strike.md").returncode == 0
    po = _po(mini, "docs/cases/strike.po")
    catalog = parse_po(po.read_text(encoding="utf-8"))
    page = mini / "translations" / "es" / "docs" / "cases" / "strike.md"
    # Half done: nothing is written, the page stays in English on the site.
    catalog.entries[0].msgstr = "Una huelga"
    po.write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es", str(po))
    assert out.returncode == 0 and "the page is written once all are" in out.stdout, out
    assert not page.exists()
    for entry in catalog.entries[1:]:
        entry.msgstr = "ES " + entry.msgid
    po.write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es", str(po))
    assert out.returncode == 0, out.stderr
    text = page.read_text(encoding="utf-8")
    english = (mini / "docs" / "cases" / "strike.md").read_text(encoding="utf-8")
    assert f"  source: {content_hash(english)}\n" in text
    assert "title: Una huelga\n" in text and "## ES What happened {#what-happened}\n" in text
    assert "places: [ES Gdańsk, ES Poland]" in text and "years: [1980, 1981]" in text
    check = solidarity(mini, "translations", "check", "translations/es/docs/cases/strike.md")
    assert check.returncode == 0, check.stderr
    status = solidarity(mini, "translations", "status", "es", "--json")
    assert '"page": "cases/strike.md",\n        "state": "draft"' in status.stdout


def _wrap_like_weblate(text: str) -> str:
    """A PO as a tool that wraps long strings at 77 columns and adds its headers writes it."""
    out = []
    for line in text.split("\n"):
        match = re.match(r'^(msgid|msgstr) "(.{70,})"$', line)
        if not match:
            out.append(line)
            continue
        body = match.group(2)
        words = re.findall(r"\S+\s*", body)
        chunks, chunk = [], ""
        for word in words:
            if len(chunk) + len(word) > 70 and chunk:
                chunks.append(chunk)
                chunk = ""
            chunk += word
        chunks.append(chunk)
        out.append(f'{match.group(1)} ""')
        out += [f'"{c}"' for c in chunks]
    wrapped = "\n".join(out)
    return wrapped.replace(
        '"Language: es\\n"\n',
        '"Language: es\\n"\n"PO-Revision-Date: 2026-01-01 10:00+0000\\n"\n'
        '"Last-Translator: A Translator <a@example.org>\\n"\n"X-Generator: Weblate\\n"\n',
    )


def test_a_po_as_weblate_writes_it_imports_the_same(mini: Path) -> None:
    english = mini / "docs" / "index.md"
    english.write_text(
        english.read_text(encoding="utf-8")
        + "\nA long paragraph that goes on and on, with words enough to pass seventy "
        "columns and be wrapped by the tool, and a [link](principles/sharing.md).\n",
        encoding="utf-8",
    )
    assert solidarity(mini, "translations", "export", "es", "docs/index.md").returncode == 0
    po = _po(mini)
    text = po.read_text(encoding="utf-8")
    # The new paragraph is the last unit, untranslated.
    assert text.endswith('msgstr ""\n')
    text = text[: -len('msgstr ""\n')] + (
        'msgstr "Un párrafo largo que sigue y sigue, con palabras suficientes para pasar '
        'de setenta columnas, y un [enlace](%(link1)s)."\n'
    )
    wrapped = _wrap_like_weblate(text)
    assert wrapped != text and '"X-Generator: Weblate\\n"' in wrapped
    po.write_text(wrapped, encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es", str(po))
    assert out.returncode == 0, out.stderr
    page = (mini / "translations" / "es" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "y un [enlace](principles/sharing.md).\n" in page
    assert "Lee sobre [compartir](principles/sharing.md)" in page


# ---------------------------------------------------------------- stale English


def _set(catalog: object, msgctxt: str, msgstr: str | None = None) -> None:
    """Translate one unit (or keep its text with None) and clear its fuzzy flag."""
    entry = next(e for e in catalog.entries if e.msgctxt == msgctxt)  # type: ignore[attr-defined]
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous = None
    if msgstr is not None:
        entry.msgstr = msgstr


def test_stale_interface_strings_are_reported_fuzzy_and_brought_up_to_date(mini: Path) -> None:
    """The strings record: stale keys in status, fuzzy in strings.po with the old English,
    one key brought up to date by an import while another stays stale; then prune.

    Over 60 lines because it follows one record through mark, export, import and prune,
    each step reading what the one before it left."""
    english = mini / "translations" / "strings.yml"
    strings = mini / "translations" / "es" / "strings.yml"
    strings.write_text(english.read_text(encoding="utf-8"), encoding="utf-8")
    assert solidarity(mini, "translations", "mark", str(strings)).returncode == 0
    first = content_hash(english.read_text(encoding="utf-8"))
    assert f"translation:\n  source: {first}\n" in strings.read_text(encoding="utf-8")
    text = english.read_text(encoding="utf-8")
    english.write_text(
        text.replace('  home: "Home"', '  home: "Start"').replace(
            '  learn: "Learn"', '  learn: "Study"'
        ),
        encoding="utf-8",
    )
    lines = english.read_text(encoding="utf-8").split("\n")
    home = lines.index('  home: "Start"') + 1
    out = solidarity(mini, "translations", "status", "es", "--json")
    status = json.loads(out.stdout)[0]
    assert status["pages"]["stale"] == 2 and status["pages"]["stale_strings"] == 2
    assert status["strings"]["stale"][0] == {
        "key": "nav.home",
        "kind": "changed",
        "line": home,
        "old": "Home",
        "new": "Start",
    }
    text_out = solidarity(mini, "translations", "status", "es").stdout
    assert "2 stale (2 of them interface strings)" in text_out
    # The site's status page counts them with the stale pages, and says so in Spanish.
    project = load_project(mini, configured_languages(mini))
    es = next(st for st in translation_statuses(project) if st.lang == "es")
    titles = {code: {sp: sp for sp in project.english} for code in ("en", "es")}
    html = status_page([es], project.strings["es"], "es", "en", titles)
    assert "<dt>Stale</dt><dd>2</dd>" in html  # mini's es strings are English copies
    assert "(counted as stale): 2</p>" in html
    # The build's one-line summary counts them by the same rule.
    summary = fallback_summary(translation_statuses(project))
    assert re.search(r"es \d+/\d+ translated \(2 stale, 2 of them interface strings\)", summary)
    assert f"`nav.home` changed at line {home} of the English:" in text_out
    assert solidarity(mini, "translations", "export", "es", "strings.yml").returncode == 0
    po = _po(mini, "strings.po")
    catalog = parse_po(po.read_text(encoding="utf-8"))
    fuzzy = {e.msgctxt: e.previous for e in catalog.entries if e.fuzzy}
    assert fuzzy == {"nav.home": "Home", "nav.learn": "Learn"}
    # One translated, one left fuzzy: only the first stops being stale.
    _set(catalog, "nav.home", "Inicio")
    po.write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es", str(po))
    assert out.returncode == 0, out.stderr
    status = json.loads(solidarity(mini, "translations", "status", "es", "--json").stdout)[0]
    assert [c["key"] for c in status["strings"]["stale"]] == ["nav.learn"]
    assert 'home: "Inicio"' in strings.read_text(encoding="utf-8")
    check = solidarity(mini, "translations", "check", str(strings))
    assert check.returncode == 0 and "0 error(s), 0 warning(s)" in check.stderr, check.stderr
    assert solidarity(mini, "translations", "export", "es", "strings.yml").returncode == 0
    again = parse_po(po.read_text(encoding="utf-8"))
    assert [e.msgctxt for e in again.entries if e.fuzzy] == ["nav.learn"]
    # The first record is no longer named by any translation: prune drops it alone.
    sources = mini / "translations" / "_sources"
    assert (sources / f"{first}.yml").is_file()
    named = set(
        re.findall(
            r"source: ([0-9a-f]{12})",
            "".join(
                p.read_text(encoding="utf-8") for p in (mini / "translations" / "es").rglob("*.yml")
            )
            + "".join(
                p.read_text(encoding="utf-8") for p in (mini / "translations" / "es").rglob("*.md")
            ),
        )
    )
    out = solidarity(mini, "translations", "prune")
    assert out.returncode == 0, out.stderr
    assert {p.stem for p in sources.iterdir()} == named and len(named) == 2
    assert f"removed translations/_sources/{first}.yml" in out.stdout


def test_a_stale_page_imported_in_parts_keeps_every_translation(mini: Path) -> None:
    """An English edit (a title, and a paragraph whose link moved); the translator updates
    the title and leaves the paragraph fuzzy: the page stays stale, keeps its paragraph,
    passes the check; the confirmed title stays confirmed; then the rest, and it is current."""
    english = mini / "docs" / "index.md"
    page = mini / "translations" / "es" / "docs" / "index.md"
    text = english.read_text(encoding="utf-8")
    english.write_text(
        text.replace("title: Mini home", "title: Mini start").replace(
            "Read about [sharing](principles/sharing.md)",
            "Read first about [standing](principles/standing.md)",
        ),
        encoding="utf-8",
    )
    assert solidarity(mini, "translations", "export", "es", "docs/index.md").returncode == 0
    catalog = parse_po(_po(mini).read_text(encoding="utf-8"))
    assert sorted(e.msgctxt or "" for e in catalog.entries if e.fuzzy) == ["#welcome.1", "title"]
    _set(catalog, "title", "Comienzo mini")
    _po(mini).write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    written = page.read_text(encoding="utf-8")
    assert "title: Comienzo mini\n" in written and "  source: bf2deb93bc9e\n" in written
    assert "Lee sobre [compartir](principles/sharing.md)" in written
    assert es_state(mini) == "stale"
    check = solidarity(mini, "translations", "check", str(page))
    assert check.returncode == 0 and "0 error(s), 0 warning(s)" in check.stderr, check.stderr
    assert solidarity(mini, "translations", "export", "es", "docs/index.md").returncode == 0
    catalog = parse_po(_po(mini).read_text(encoding="utf-8"))
    assert [e.msgctxt for e in catalog.entries if e.fuzzy] == ["#welcome.1"]
    _set(
        catalog, "#welcome.1", "Lee primero sobre [la postura](%(link1)s) y la [huelga](%(link2)s)."
    )
    _po(mini).write_text(write_po(catalog), encoding="utf-8")
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    written = page.read_text(encoding="utf-8")
    assert f"  source: {content_hash(english.read_text(encoding='utf-8'))}\n" in written
    assert "Lee primero sobre [la postura](principles/standing.md)" in written
    assert "title: Comienzo mini\n" in written and es_state(mini) == "draft"
    check = solidarity(mini, "translations", "check", str(page))
    assert check.returncode == 0 and "0 error(s), 0 warning(s)" in check.stderr, check.stderr


def es_state(mini: Path, page: str = "index.md") -> str:
    out = solidarity(mini, "translations", "status", "es", "--json")
    return next(d["state"] for d in json.loads(out.stdout)[0]["details"] if d["page"] == page)


def test_a_rebuild_never_drops_text_the_translation_has_outside_its_units(mini: Path) -> None:
    """The English gains a paragraph (a rebuild on its skeleton) while the translation has
    a code block of its own: the PO's units are complete, yet the page keeps its code
    block and stays stale, and the import says why."""
    english = mini / "docs" / "index.md"
    page = mini / "translations" / "es" / "docs" / "index.md"
    english.write_text(english.read_text(encoding="utf-8") + "\n```\ncode\n```\n", "utf-8")
    page.write_text(page.read_text(encoding="utf-8") + "\n```\ncódigo\n```\n", "utf-8")
    assert solidarity(mini, "translations", "mark", str(page)).returncode == 0
    edit = english.read_text(encoding="utf-8").replace("## Welcome", "## Welcome\n\nNew text.")
    english.write_text(edit, encoding="utf-8")
    assert solidarity(mini, "translations", "export", "es", "docs/index.md").returncode == 0
    catalog = parse_po(_po(mini).read_text(encoding="utf-8"))
    for entry in catalog.entries:
        _set(catalog, entry.msgctxt or "", entry.msgstr or "Texto nuevo.")
    _po(mini).write_text(write_po(catalog), encoding="utf-8")
    before = page.read_bytes()
    out = solidarity(mini, "translations", "import", "es")
    assert out.returncode == 0, out.stderr
    assert "still stale" in out.stdout and "translations mark" in out.stdout, out.stdout
    assert page.read_bytes() == before and es_state(mini) == "stale"
