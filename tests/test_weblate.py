"""The PO files as Weblate sees them: through translate-toolkit, which Weblate reads
and writes every gettext file with, and GNU msgfmt.

The real project is copied once and exported in every language, after an English
paragraph and two English interface strings (one plural) changed, so every language
has units fuzzed by an English edit. Each PO file is loaded with translate-toolkit's
`pofile` and must show the units we wrote; then it is saved back as Weblate saves a
translator's work (one msgstr changed through the toolkit, Weblate's headers set,
the file serialized by the toolkit, long lines wrapped), and `solidarity
translations import` must take it into the Markdown, while a save that changes no
unit must import to the very same bytes. `solidarity translations check` refuses a
PO file that is out of step (work not imported, English changed since export).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from translate.storage.po import pofile, pounit

from conftest import LANGUAGES, ROOT, snapshot, solidarity
from hooks.model.translations import content_hash
from hooks.po.gettext import Catalog, parse_po, write_po
from hooks.po.pages import PLACEHOLDER
from hooks.po.strings import PLURAL_FORMS, categories

TRANSLATED = LANGUAGES[1:]
# The English edits made before the export (file, old, new).
PARAGRAPH = (
    "docs/faq.md",
    "Most people have little power on their own.",
    "Alone, most people have little power.",
)
STRINGS = [
    ('  learn: "Learn"', '  learn: "Study"'),
    ('    one: "A group of {count} person"', '    one: "A group of just {count} person"'),
]
FUZZY_STRINGS = {"nav.learn": "Learn", "workshop.group_of": "A group of {count} person"}
NPLURALS = {"en": 2, "es": 3, "fr": 3, "pl": 4, "ar": 6, "zh-Hant": 1}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project with every language exported to PO."""
    root = tmp_path_factory.mktemp("weblate") / "project"
    root.mkdir()
    for name in ("docs", "workshops", "translations", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("po", ".cache"))
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    page = root / PARAGRAPH[0]
    text = page.read_text(encoding="utf-8")
    assert PARAGRAPH[1] in text
    page.write_text(text.replace(PARAGRAPH[1], PARAGRAPH[2]), encoding="utf-8")
    strings = root / "translations" / "strings.yml"
    text = strings.read_text(encoding="utf-8")
    for old, new in STRINGS:
        assert old in text
        text = text.replace(old, new)
    strings.write_text(text, encoding="utf-8")
    for lang in TRANSLATED:
        out = solidarity(root, "translations", "export", lang)
        assert out.returncode == 0, out.stderr
    return root


@pytest.fixture
def project(exported: Path, tmp_path: Path) -> Path:
    """A private copy of the exported project, free to change."""
    target = tmp_path / "project"
    shutil.copytree(exported, target)
    return target


def _po_files(root: Path, lang: str) -> list[Path]:
    files = sorted((root / "translations" / lang / "po").rglob("*.po"))
    assert len(files) > 40, lang  # every English page, and the strings
    return files


def _units(store: pofile) -> list[pounit]:
    return [u for u in store.units if not u.isheader()]


def _forms(entry: object) -> list[str]:
    plural = entry.msgstr_plural  # type: ignore[attr-defined]
    return [plural[i] for i in sorted(plural)]


def _same_units(store: pofile, ours: Catalog, where: str) -> None:
    """translate-toolkit sees each unit as our parser does: context, English,
    translation (each plural form), fuzzy flag, previous English, file and line,
    the comment saying where the unit is, and the flags."""
    units = _units(store)
    assert len(units) == len(ours.entries), where
    for unit, entry in zip(units, ours.entries, strict=True):
        at = f"{where} {entry.msgctxt}"
        assert unit.getcontext() == entry.msgctxt, at
        if entry.msgid_plural is not None:
            assert unit.hasplural(), at
            assert list(unit.source.strings) == [entry.msgid, entry.msgid_plural], at
            assert list(unit.target.strings) == _forms(entry), at
        else:
            assert not unit.hasplural(), at
            assert (unit.source, unit.target) == (entry.msgid, entry.msgstr), at
        assert unit.isfuzzy() == entry.fuzzy, at
        assert (unit.prev_source or None) == entry.previous, at
        assert unit.getlocations() == entry.references, at
        assert unit.getnotes("developer") == "\n".join(entry.comments), at
        assert unit.getnotes("translator") == "", at
        flags = "".join(unit.typecomments)
        assert _flag_names(flags) == entry.flags, at


def test_translate_toolkit_reads_every_po_as_we_wrote_it(exported: Path) -> None:
    files = 0
    for lang in TRANSLATED:
        for path in _po_files(exported, lang):
            data = path.read_bytes()
            where = path.relative_to(exported).as_posix()
            store = pofile(data)
            ours = parse_po(data.decode("utf-8"))
            assert store.parseheader() == ours.header, where
            # (The toolkit's language-code pattern has no room for a script subtag.)
            assert store.gettargetlanguage() == (None if lang == "zh-Hant" else lang), where
            _same_units(store, ours, where)
            # A save that changes nothing writes our bytes back: no re-wrapping, no
            # reordering, so Weblate's first commit of a file is only the translators' work.
            assert bytes(store) == data, where
            files += 1
    assert files >= 5 * 45


def test_every_language_sees_its_plural_forms(exported: Path) -> None:
    for lang in TRANSLATED:
        store = pofile((exported / "translations" / lang / "po" / "strings.po").read_bytes())
        nplurals, _ = store.getheaderplural()
        assert store.parseheader()["Plural-Forms"] == PLURAL_FORMS[lang]
        assert int(nplurals) == NPLURALS[lang] == len(categories(lang)), lang
        plural = [u for u in _units(store) if u.hasplural()]
        assert len(plural) >= 10, lang
        for unit in plural:
            assert len(unit.target.strings) == NPLURALS[lang], (lang, unit.getcontext())
            assert len(unit.source.strings) == 2, (lang, unit.getcontext())
        # Page POs hold no plural units.
        page = pofile((exported / "translations" / lang / "po" / "docs" / "faq.po").read_bytes())
        assert not any(u.hasplural() for u in _units(page))


def test_an_english_edit_reaches_weblate_as_fuzzy_with_the_previous_english(
    exported: Path,
) -> None:
    for lang in TRANSLATED:
        po = exported / "translations" / lang / "po"
        store = pofile((po / "docs" / "faq.po").read_bytes())
        fuzzy = [u for u in _units(store) if u.isfuzzy()]
        assert len(fuzzy) == 1, lang
        assert fuzzy[0].source.startswith(PARAGRAPH[2]), lang
        assert fuzzy[0].prev_source.startswith(PARAGRAPH[1]), lang
        assert fuzzy[0].prev_source[len(PARAGRAPH[1]) :] == fuzzy[0].source[len(PARAGRAPH[2]) :]
        assert fuzzy[0].target  # the old translation stays, for the translator to update
        strings = pofile((po / "strings.po").read_bytes())
        previous = {u.getcontext(): u.prev_source for u in _units(strings) if u.isfuzzy()}
        assert previous == FUZZY_STRINGS, lang


# ---------------------------------------------------------------- Weblate's flag syntax

# Weblate's documented flag syntax (docs.weblate.org, "Customizing behavior using
# flags"): flags are comma-separated, parameters follow a colon, a parameter may be
# quoted with " or ' (a backslash escapes the quote or a backslash) and `r"..."` is a
# regular expression.
_FLAG_TOKEN = re.compile(
    r"""\s*(?:(?P<sep>[,:])|r"(?P<regex>(?:[^"\\]|\\.)*)"|"(?P<dq>(?:[^"\\]|\\.)*)"|"""
    r"""'(?P<sq>(?:[^'\\]|\\.)*)'|(?P<bare>[^,:"'\\\s](?:[^,:"'\\]*[^,:"'\\\s])?))\s*"""
)


def _weblate_flags(text: str) -> dict[str, list[object]]:
    """Flag name -> its parameters (str, or re.Pattern for `r"..."`); AssertionError
    when the text is not in Weblate's syntax."""
    flags: dict[str, list[object]] = {}
    name = ""
    expect = "name"  # then "after" (a comma or a colon), then "param"
    pos = 0
    while pos < len(text):
        match = _FLAG_TOKEN.match(text, pos)
        assert match and match.end() > pos, f"not Weblate flag syntax at {text[pos:]!r}"
        pos = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if expect == "name":
            assert kind == "bare" or value == ",", f"a flag name expected in {text!r}"
            if kind == "bare":
                name, expect = value, "after"
                flags[name] = []
        elif expect == "after":
            assert kind == "sep", f"a comma or colon expected in {text!r}"
            expect = "param" if value == ":" else "name"
        elif kind == "sep":  # an empty parameter
            flags[name].append("")
            expect = "param" if value == ":" else "name"
        else:
            unquoted = re.sub(r"""\\(["'\\])""", r"\1", value)
            flags[name].append(re.compile(unquoted) if kind == "regex" else unquoted)
            expect = "after"
    return flags


def _flag_names(typecomments: str) -> list[str]:
    """The flags of a `#,` line as we write them (`placeholders:...` whole)."""
    body = typecomments.strip()
    if not body:
        return []
    assert body.startswith("#,")
    flags = _weblate_flags(body[2:])
    return [
        name if not params else f'{name}:r"{params[0].pattern}"'  # type: ignore[attr-defined]
        for name, params in flags.items()
    ]


def test_the_placeholders_flag_is_weblate_syntax_and_finds_each_placeholder(
    exported: Path,
) -> None:
    """The regular expression Weblate takes from `placeholders:` matches exactly the
    placeholders of each unit's English, so Weblate highlights them and flags a
    translation that drops or changes one."""
    assert _weblate_flags('placeholders:"special:value":"other value", regex:.*') == {
        "placeholders": ["special:value", "other value"],
        "regex": [".*"],
    }
    seen = 0
    for lang in TRANSLATED:
        for path in _po_files(exported, lang):
            for unit in _units(pofile(path.read_bytes())):
                flags = "".join(unit.typecomments).strip()
                parsed = _weblate_flags(flags[2:]) if flags else {}
                assert set(parsed) <= {"fuzzy", "placeholders"}, flags
                english = "\n".join(unit.source.strings if unit.hasplural() else [unit.source])
                if path.name == "strings.po":
                    wanted = re.findall(r"\{\w+\}", english)
                else:
                    wanted = [m.group(0) for m in PLACEHOLDER.finditer(english)]
                if "placeholders" not in parsed:
                    assert not wanted, (path, unit.getcontext())
                    continue
                (regex,) = parsed["placeholders"]
                assert isinstance(regex, re.Pattern)
                assert regex.findall(english) == wanted and wanted, (path, unit.getcontext())
                seen += 1
    assert seen > 500


# ---------------------------------------------------------------- GNU gettext

# msgfmt -c asks for these header fields, which name a person and a date: the export
# leaves them out (same sources, same bytes) and Weblate fills them in when it saves.
_LEFT_TO_WEBLATE = ("PO-Revision-Date", "Last-Translator", "Language-Team")


def test_msgfmt_accepts_every_exported_po(exported: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "install the Debian package gettext (make test does)"
    checked = 0
    for lang in TRANSLATED:
        for path in _po_files(exported, lang):
            out = subprocess.run(
                [msgfmt, "--check-format", "-c", "-o", "/dev/null", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert out.returncode == 0, out.stderr
            for line in out.stderr.splitlines():
                assert re.search(
                    rf"warning: header field '({'|'.join(_LEFT_TO_WEBLATE)})' missing in header$",
                    line,
                ), line
            checked += 1
    assert checked >= 5 * 45


# ---------------------------------------------------------------- saved by Weblate


def _weblate_save(
    path: Path, lang: str, edit: dict[str, list[str]] | None = None, width: int = 77
) -> bytes:
    """Save a PO file as Weblate does after a translator's change: each unit in `edit`
    (msgctxt -> its forms) gets that translation and is no longer fuzzy (Weblate clears
    the previous English with the flag); Weblate's headers are set; translate-toolkit
    serializes the file, wrapping changed units at `width` columns (Weblate's default,
    77; its "Customize gettext output" add-on's "only at newlines" is 65535)."""
    store = pofile(path.read_bytes())
    assert store.wrapper is not None
    store.wrapper.width = width  # as the add-on does, on the store every unit shares
    for unit in _units(store):
        forms = (edit or {}).get(unit.getcontext())
        if forms is None:
            continue
        unit.target = forms if unit.hasplural() else forms[0]
        unit.markfuzzy(False)
        unit.prev_msgid, unit.prev_msgid_plural, unit.prev_msgctxt = [], [], []
    header = store.parseheader()
    store.updateheader(
        add=True,
        language=lang.replace("-", "_"),  # POSIX style, as Weblate may write gettext codes
        last_translator="Ana Traductora <ana@example.org>",
        language_team=f"{lang} <https://weblate.example.org/projects/solidarity/>",
        plural_forms=header.get("Plural-Forms", PLURAL_FORMS[lang]),
        PO_Revision_Date="2026-12-02 18:30+0000",
        x_generator="Weblate 5.9",
    )
    data = bytes(store)
    path.write_bytes(data)
    return data


def _translations(root: Path) -> dict[str, bytes]:
    """The Markdown and strings files: everything but the PO files themselves."""
    return {k: v for k, v in snapshot(root / "translations").items() if "/po/" not in k}


def test_a_weblate_save_that_changes_no_unit_imports_to_the_same_bytes(project: Path) -> None:
    before = _translations(project)
    for lang in TRANSLATED:
        for path in _po_files(project, lang):
            assert b'"X-Generator: Weblate 5.9\\n"' in _weblate_save(path, lang)
        out = solidarity(project, "translations", "import", lang)
        assert out.returncode == 0, out.stderr
        assert "wrote" not in out.stdout, out.stdout
    assert _translations(project) == before


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_unit_translated_in_weblate_reaches_the_markdown(project: Path, lang: str) -> None:
    po = project / "translations" / lang / "po"
    page_po, strings_po = po / "docs" / "about.po", po / "strings.po"
    # A long paragraph with link placeholders, so the toolkit wraps it.
    entry = next(
        e
        for e in parse_po(page_po.read_text(encoding="utf-8")).entries
        if e.msgstr and len(e.msgstr) > 120 and "%(link1)s" in e.msgstr and not e.fuzzy
    )
    new_text = entry.msgstr.replace("%(link1)s)", "%(link1)s) (Weblate)", 1)
    plural = next(
        e for e in parse_po(strings_po.read_text(encoding="utf-8")).entries if e.msgid_plural
    )
    forms = [f"{form} ✓" if form else form for form in _forms(plural)]
    saved = _weblate_save(page_po, lang, {entry.msgctxt or "": [new_text]})
    assert b'"X-Generator: Weblate 5.9\\n"' in saved
    # The toolkit wrapped the changed unit at 77 columns (display width, in Chinese).
    block = saved.decode("utf-8").split(f'msgctxt "{entry.msgctxt}"\n', 1)[1].split("\n\n")[0]
    assert re.search(r'^msgstr ""\n(".*"\n){2,}', block + "\n", re.M), block
    _weblate_save(strings_po, lang, {plural.msgctxt or "": forms})
    page = project / "translations" / lang / "docs" / "about.md"
    strings = project / "translations" / lang / "strings.yml"
    out = solidarity(project, "translations", "import", lang, str(page_po), str(strings_po))
    assert out.returncode == 0, out.stderr
    assert f"wrote translations/{lang}/docs/about.md" in out.stdout, out.stdout
    assert f"wrote translations/{lang}/strings.yml" in out.stdout, out.stdout
    text = page.read_text(encoding="utf-8")
    # The translation reached the page, with the English link target put back.
    assert re.search(r"\]\([^()%\s]+\) \(Weblate\)", text), "the translation did not reach the page"
    assert all(form in strings.read_text(encoding="utf-8") for form in forms if form)
    check = solidarity(project, "translations", "check", str(page), str(strings))
    assert check.returncode == 0, check.stderr
    # The PO now records the Markdown it was imported into: the next export keeps
    # Weblate's file as it is, and a second import changes nothing.
    after = _translations(project)
    out = solidarity(project, "translations", "import", lang, str(page_po), str(strings_po))
    assert out.returncode == 0 and "wrote" not in out.stdout, out
    assert _translations(project) == after
    out = solidarity(project, "translations", "export", lang, "docs/about.md", "strings.yml")
    assert out.returncode == 0, out.stderr
    assert "kept" not in out.stdout, out.stdout


def test_wrapping_only_at_newlines_weblate_saves_in_our_own_layout(project: Path) -> None:
    """With the add-on set to wrap only at newlines, a file Weblate saves is laid out as
    our export lays it out, so its commits change only the lines translators changed."""
    for lang in TRANSLATED:
        po = project / "translations" / lang / "po"
        for path in (po / "docs" / "faq.po", po / "strings.po"):
            exported = path.read_text(encoding="utf-8")
            first = next(e for e in parse_po(exported).entries if e.msgid_plural is None)
            edit = {first.msgctxt or "": [first.msgid + "\nsecond line (Weblate)"]}
            saved = _weblate_save(path, lang, edit, width=65535).decode("utf-8")
            assert write_po(parse_po(saved)) == saved, path
            removed, added = _line_changes(exported, saved)
            # (zh-Hant's `Language:` is written zh_Hant, POSIX style.)
            removed = [line for line in removed if not line.startswith('"Language: ')]
            added = [line for line in added if not line.startswith('"Language: ')]
            assert len(removed) == 1 and removed[0].startswith("msgstr "), removed
            fields = [
                f'"{name}: ' for name in ("PO-Revision-Date", "Last-Translator", "X-Generator")
            ]
            unit = [
                line for line in added if not line.startswith(tuple(fields) + ('"Language-Team',))
            ]
            if path.name != "strings.po":
                unit = [line for line in unit if not line.startswith('"Plural-Forms: ')]
            assert unit[0] == 'msgstr ""' and unit[-1] == '"second line (Weblate)"', unit
            assert len(unit) == 3, unit  # the edited unit, now on two lines; nothing else moved


def _line_changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines a save removed and added, as a diff shows them."""
    removed: list[str] = []
    added: list[str] = []
    a, b = old.split("\n"), new.split("\n")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def _check(project: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return solidarity(project, "translations", "check", *(str(f) for f in files))


def test_translations_check_refuses_a_po_that_is_not_in_step(project: Path) -> None:
    """The check on pull requests that change PO files: a file saved by Weblate is in
    step until it holds work the Markdown lacks, then again once imported; an English
    edit puts it out of step until the next export."""
    po = project / "translations" / "pl" / "po"
    page_po, strings_po = po / "docs" / "faq.po", po / "strings.po"
    for path in (page_po, strings_po):
        _weblate_save(path, "pl")  # Weblate's headers and wrapping change nothing here
    out = _check(project, page_po, strings_po)
    assert out.returncode == 0 and "2 file(s) checked: 0 error(s)" in out.stderr, out.stderr
    title = next(e for e in parse_po(page_po.read_text(encoding="utf-8")).entries)
    saved = _weblate_save(page_po, "pl", {title.msgctxt or "": [title.msgstr + " (Weblate)"]})
    line = saved.decode("utf-8").split("\n").index(f'msgstr "{title.msgstr} (Weblate)"') + 1
    out = _check(project, page_po)
    assert out.returncode == 1, out.stderr
    assert (
        f"translations/pl/po/docs/faq.po:{line}: 1 unit(s) translated here are not in the Markdown yet"
        in out.stderr
    )
    assert solidarity(project, "translations", "import", "pl", str(page_po)).returncode == 0
    assert _check(project, page_po).returncode == 0
    english = project / "docs" / "faq.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")
    out = _check(project, page_po, strings_po)
    assert out.returncode == 1 and "faq.po:1: this PO file is out of date" in out.stderr, out.stderr
    assert "strings.po" not in out.stderr
    assert solidarity(project, "translations", "export", "pl", "docs/faq.md").returncode == 0
    assert _check(project, page_po).returncode == 0


def test_a_fuzzy_unit_updated_in_weblate_brings_the_page_up_to_date(project: Path) -> None:
    """The translator updates the unit the English edit fuzzed and Weblate clears its
    flag and previous English: the import records today's English for the page."""
    po = project / "translations" / "ar" / "po" / "docs" / "faq.po"
    fuzzy = next(e for e in parse_po(po.read_text(encoding="utf-8")).entries if e.fuzzy)
    assert fuzzy.msgstr and fuzzy.previous
    _weblate_save(po, "ar", {fuzzy.msgctxt or "": [fuzzy.msgstr.replace("معظم", "أغلب", 1)]})
    saved = po.read_text(encoding="utf-8")
    assert "#| msgid" not in saved and "#, fuzzy" not in saved
    out = solidarity(project, "translations", "import", "ar", str(po))
    assert out.returncode == 0, out.stderr
    assert "wrote translations/ar/docs/faq.md (translates the current English)" in out.stdout
    page = (project / "translations" / "ar" / "docs" / "faq.md").read_text(encoding="utf-8")
    english = (project / "docs" / "faq.md").read_text(encoding="utf-8")
    assert f"  source: {content_hash(english)}\n" in page and "أغلب" in page
    assert _check(project, po).returncode == 0
