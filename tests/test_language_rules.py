"""Each language's own rules: plural forms, list punctuation, alphabetical order,
and the validation of plural strings in translators' files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import LANGUAGES, ROOT
from hooks.model import plurals
from hooks.model.collation import sort_key, unknown_strokes
from hooks.model.sources import Problems
from hooks.model.strings import Strings, load_strings
from hooks.model.wording import duration

NUMBERS = (0, 1, 2, 3, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111)

# The category of each number, from CLDR's plural rules (cardinal, integers).
EXPECTED = {
    "en": "other one other other other other other other other other other other other other",
    "es": "other one other other other other other other other other other other other other",
    "fr": "one one other other other other other other other other other other other other",
    "pl": "many one few few many many many many few many many many few many",
    "ar": "zero one two few few many many many many many other other other many",
    "zh-Hant": "other other other other other other other other other other other other other other",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_categories(lang: str) -> None:
    got = [plurals.category(lang, n) for n in NUMBERS]
    assert got == EXPECTED[lang].split(), dict(zip(NUMBERS, got, strict=True))


def test_plural_millions_and_polish_teens() -> None:
    assert plurals.category("es", 1_000_000) == "many"
    assert plurals.category("fr", 2_000_000) == "many"
    assert plurals.category("fr", 1_000_001) == "other"
    assert [plurals.category("pl", n) for n in (12, 13, 14, 112, 104, 1)] == [
        "many",
        "many",
        "many",
        "many",
        "few",
        "one",
    ]
    assert plurals.needed("ar") == frozenset(plurals.CATEGORIES)
    assert plurals.needed("fr") == {"one", "other"}
    assert plurals.needed("zh-Hant") == {"other"}


def real_strings() -> dict[str, Strings]:
    problems = Problems()
    english = load_strings(ROOT / "translations" / "strings.yml", ROOT, "en", problems)
    out = {"en": english}
    for lang in LANGUAGES[1:]:
        path = ROOT / "translations" / lang / "strings.yml"
        out[lang] = load_strings(path, ROOT, lang, problems, english=english)
    assert not [p for p in problems if p.severity != "info"], [str(p) for p in problems]
    return out


# What the real strings files make of numbers: the forms a reader sees.
DURATIONS = {
    "pl": {2: "2 min", 150: "2 godz. 30 min"},
    "ar": {
        1: "دقيقة واحدة",
        2: "دقيقتان",
        5: "5 دقائق",
        11: "11 دقيقة",
        120: "ساعتان",
        180: "3 ساعات",
    },
    "fr": {120: "2\u00a0h", 150: "2\u00a0h\u00a030\u00a0min"},
    "zh-Hant": {150: "2 小時 30 分鐘"},
}


def test_durations_and_counts_take_each_languages_forms() -> None:
    strings = real_strings()
    for lang, cases in DURATIONS.items():
        for minutes, want in cases.items():
            assert duration(minutes, strings[lang]) == want, (lang, minutes)
    pl, ar, en = strings["pl"], strings["ar"], strings["en"]
    assert [pl.t("packet.download", pages=n).split("(PDF, ")[1] for n in (1, 2, 5, 22, 12)] == [
        "1 strona)",
        "2 strony)",
        "5 stron)",
        "22 strony)",
        "12 stron)",
    ]
    assert pl.t("workshop.group_range", min=6, max=24) == "6–24 osób"
    assert ar.t("workshop.group_range", min=6, max=24) == "من 6 إلى 24 شخصًا"
    assert ar.t("workshop.group_range", min=2, max=8) == "من 2 إلى 8 أشخاص"
    assert en.t("packet.download", pages=1).endswith("(PDF, 1 page)")
    assert en.t("packet.download", pages=12).endswith("(PDF, 12 pages)")
    # {count} chooses even where a later placeholder is a number too.
    assert en.t("cases.timeline_desc", count=1, first=1900, last=1901).startswith("1 case ")


def test_list_separators_and_labels() -> None:
    strings = real_strings()
    items = ["A", "B", "C"]
    assert strings["zh-Hant"].join(items) == "A、B、C"
    assert strings["ar"].join(items) == "A، B، C"
    for lang in ("en", "es", "fr", "pl"):
        assert strings[lang].join(items) == "A, B, C"
    assert strings["fr"].label("Durée", "2 h") == "Durée\u00a0: 2 h"
    assert strings["en"].label("Duration", "2 h") == "Duration: 2 h"
    assert strings["zh-Hant"].label("時間", "2 小時") == "時間：2 小時"


ORDER = {
    "pl": ["cel", "czas", "ćma", "lody", "łza", "mama", "nos", "ńa", "zebra", "źle", "żaba"],
    "es": ["nido", "niño", "nube", "ñandú", "oso"],
    "fr": ["cote", "Cote", "coté", "côte", "côté", "grève", "grief"],
    "en": ["coalition", "Coalition", "collective action", "consensus"],
    "ar": ["أمل", "باب", "تضامن", "ثورة", "الحليف", "خط", "النقابة", "هدف", "وحدة", "يد"],
    "zh-Hant": ["人鏈", "工會", "不滿", "互助", "互惠", "分化議題", "分而治之", "團結", "藍綠聯盟"],
}


@pytest.mark.parametrize("lang", sorted(ORDER))
def test_collation(lang: str) -> None:
    want = ORDER[lang]
    for shuffled in (list(reversed(want)), want[1::2] + want[::2]):
        assert sorted(shuffled, key=lambda t: sort_key(t, lang)) == want


def test_every_chinese_glossary_term_has_stroke_counts() -> None:
    text = (ROOT / "translations" / "zh-Hant" / "docs" / "glossary.md").read_text(encoding="utf-8")
    terms = re.findall(r"^## +(.+?)(?:\s*\{#[\w-]+\})?\s*$", text, re.M)
    assert terms
    missing = {t: unknown_strokes(t) for t in terms if unknown_strokes(t)}
    assert not missing, (
        f"add these characters' stroke counts to hooks/model/collation.py: {missing}"
    )


def strings_file(tmp_path: Path, english: str, lang: str, text: str) -> tuple[Strings, Problems]:
    (tmp_path / "translations" / lang).mkdir(parents=True)
    (tmp_path / "translations" / "strings.yml").write_text(english, encoding="utf-8")
    (tmp_path / "translations" / lang / "strings.yml").write_text(text, encoding="utf-8")
    problems = Problems()
    base = load_strings(tmp_path / "translations" / "strings.yml", tmp_path, "en", problems)
    path = tmp_path / "translations" / lang / "strings.yml"
    return load_strings(path, tmp_path, lang, problems, english=base), problems


ENGLISH = 'time:\n  hours:\n    one: "{hours} hour"\n    other: "{hours} hours"\n'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            'time:\n  hours:\n    one: "{hours} godzina"\n    plural: "x"\n',
            4,
            "not a plural category",
        ),
        ('time:\n  hours:\n    one: "{hours} godzina"\n    few: "{hours} godziny"\n', 2, "`other`"),
        ('time:\n  hours:\n    two: "dwie"\n    other: "{hours} godzin"\n', 3, "no number takes"),
        (
            'time:\n  hours:\n    one: "{hours} {x}"\n    other: "{hours} godzin"\n',
            3,
            "unknown {x}",
        ),
        ('time:\n  hours:\n    one: "godzina"\n    other: "godzin"\n', 4, "missing {hours}"),
    ],
)
def test_bad_plural_strings_are_errors_at_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    _, problems = strings_file(tmp_path, ENGLISH, "pl", text)
    errors = [p for p in problems if p.severity == "error"]
    assert any(
        p.path == "translations/pl/strings.yml" and p.line == line and message in p.message
        for p in errors
    ), [str(p) for p in problems]


def test_a_missing_form_is_a_warning_and_falls_back_to_other(tmp_path: Path) -> None:
    s, problems = strings_file(
        tmp_path,
        ENGLISH,
        "pl",
        'time:\n  hours:\n    one: "{hours} godzina"\n    other: "{hours} godzin"\n',
    )
    warnings = [p for p in problems if p.severity == "warning"]
    assert any("`few`" in p.message and "`many`" in p.message for p in warnings), warnings
    assert s.t("time.hours", hours=3) == "3 godzin"
    assert s.t("time.hours", hours=1) == "1 godzina"


def test_an_untranslated_string_is_an_error_naming_the_file(tmp_path: Path) -> None:
    english = ENGLISH + 'site:\n  name: "Site"\n'
    _, problems = strings_file(tmp_path, english, "es", 'site:\n  name: "Sitio"\n')
    errors = [p for p in problems if p.severity == "error"]
    assert any(
        p.path == "translations/es/strings.yml" and "`time.hours`" in p.message for p in errors
    ), [str(p) for p in problems]
    assert any("translations/es/strings.yml" in p.hint for p in errors)


def test_case_pages_list_and_label_in_the_languages_punctuation() -> None:
    from hooks.model.catalog import LanguageCatalog
    from hooks.model.knowledge import Case
    from hooks.model.sources import Source
    from hooks.model.translations import Language
    from hooks.pages.knowledge import case_facts, case_sections

    strings = real_strings()
    case = Case(
        "x", "X", "", 1989, 1989, ["台北", "台中"], ["a", "b"], Source(Path("x.md"), "x.md", "")
    )
    case.workshops = ["w"]
    facts = case_facts(case, strings["zh-Hant"])
    assert "台北、台中" in facts and "</strong>：" in facts

    def names(lang: str, principles: dict[str, str], workshops: dict[str, str]) -> LanguageCatalog:
        return LanguageCatalog(
            Language(lang, lang), strings[lang], {}, principles, {}, workshops, {}, {}, {}
        )

    links = case_sections(case, names("zh-Hant", {"a": "甲", "b": "乙"}, {"w": "丙"}))
    assert "[甲](../principles/a.md)、[乙](../principles/b.md)" in links
    assert "**：[丙]" in links
    french = case_sections(case, names("fr", {"a": "A", "b": "B"}, {"w": "W"}))
    assert "**\u00a0: [A]" in french
