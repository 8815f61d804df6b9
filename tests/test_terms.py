"""Each language's terminology list is enforced at file and line (translations/<lang>/terms.yml)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from hooks.model.project import load_project
from hooks.model.sources import Problems
from hooks.model.terms import Term, Terms, _matches, _Rule, _spaced, check_terms
from hooks.model.translations import Language

LANGS = [Language("en", "English"), Language("es", "Español"), Language("ar", "العربية")]
TR = "translations/es/docs/index.md"


def warnings(project: Path) -> list[str]:
    return [str(p) for p in load_project(project, LANGS).problems if "form to avoid" in p.message]


def test_an_avoided_form_in_a_page_or_a_string_is_a_warning_at_its_line(mini: Path) -> None:
    (mini / "translations/es/terms.yml").write_text(
        "terms:\n  - en: welcome\n    use: acogida\n    avoid: [bienvenida]\n"
        "  - en: home\n    use: portada\n    avoid: [Inicio]\n",
        encoding="utf-8",
    )
    (mini / "translations/es/strings.yml").write_text('nav:\n  home: "Inicio"\n', "utf-8")
    found = warnings(mini)
    lines = (mini / TR).read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines, 1) if line.startswith("## Bienvenida"))
    assert any(w.startswith(f"{TR}:{heading}: `Bienvenida`") for w in found), found
    assert any(w.startswith(f"{TR}:5: `Inicio`") for w in found), found  # the title
    assert any(w.startswith("translations/es/strings.yml:2: `Inicio`") for w in found), found
    assert all("translations/es/terms.yml:" in w for w in found)


def test_no_list_no_warning_and_a_broken_list_is_named(mini: Path) -> None:
    assert warnings(mini) == []
    (mini / "translations/es/terms.yml").write_text("terms:\n  - en: x\n    avoid: y\n", "utf-8")
    problems = [str(p) for p in load_project(mini, LANGS).problems]
    assert any(p.startswith("translations/es/terms.yml:2: each term needs") for p in problems)


def test_whole_words_for_spaced_scripts_substrings_for_chinese() -> None:
    terms = Terms(
        "terms.yml",
        (
            Term("packet", "dossier", ("paquete",), 3),
            Term("workshop", "工作坊", ("研習會",), 4),
            Term("handout", "ficha de trabajo", ("ficha",), 5),
        ),
    )
    problems = Problems()
    texts = [
        ("a.md", "Un paquetes no; el paquete sí.", 1),
        ("b.md", "第一次參加研習會的人", 7),
        ("c.md", "Lleva la ficha de trabajo y otra ficha.", 2),
        ("d.md", "El término inglés `paquete` y [un enlace](paquete.md) no cuentan.", 9),
    ]
    check_terms(terms, texts, problems)
    assert [(p.path, p.line, p.message.split("`")[1]) for p in problems] == [
        ("a.md", 1, "paquete"),
        ("b.md", 7, "研習會"),
        ("c.md", 2, "ficha"),
    ]
    assert all(p.severity == "warning" for p in problems)


def test_translations_check_reads_the_list_and_applies_it(mini: Path) -> None:
    from hooks.cli.checks import check_files

    terms = mini / "translations/es/terms.yml"
    terms.write_text("terms:\n  - en: home\n    use: portada\n    avoid: [Inicio]\n", "utf-8")
    problems = [str(p) for p in check_files(mini, LANGS, [mini / TR, terms])]
    assert any(p.startswith(f"{TR}:5: `Inicio`") for p in problems), problems
    assert not any(p.startswith("translations/es/terms.yml") for p in problems), problems


def _lookbehind_matches(form: str, text: str) -> list[tuple[int, int]]:
    """The spans the check found with a look-behind pattern, before it tested the
    letter before a match itself (hooks/model/terms.py `_matches`)."""
    pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.I)
    return [m.span() for m in pattern.finditer(text)]


def test_whole_word_matches_are_those_of_the_look_behind_pattern() -> None:
    root = Path(__file__).resolve().parents[1]
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(root.glob("translations/*/docs/**/*.md"))
    ]
    forms: list[str] = []
    for path in sorted(root.glob("translations/*/terms.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("terms", []):
            forms += entry["avoid"]
    # Cases a simpler loop gets wrong: a rejected match hiding a later one inside it,
    # a form that starts or ends with a non-letter, a match at the very start, `_`.
    crafted = [
        ("la la", "lala la la"),
        ("a-a", "xa-a-a a-a"),
        ("-x", "a-x -x"),
        ("Paquete", "paquete_paquete Paquete"),
        ("über", "Über überall ÜBER"),
        ("1", "11 1 a1"),
    ]
    found = 0
    for form, text in crafted + [(f, t) for f in forms for t in texts if _spaced(f)]:
        pattern = re.compile(rf"{re.escape(form)}(?!\w)", re.I)
        rule = _Rule(pattern, Term("", "", (), 1), form, True, form)
        ours = [m.span() for m in _matches(rule, text)]
        assert ours == _lookbehind_matches(form, text), (form, text[:80])
        found += len(ours)
    assert forms and found  # the real lists were read and some forms do occur


def test_the_quick_test_before_each_pattern_never_hides_a_match() -> None:
    """check_terms skips a form whose folded text is absent (hooks/model/terms.py
    `_Folding`); every span the plain case-blind patterns find is still reported,
    with characters that IGNORECASE matches in ways lower() and casefold() do not."""
    forms = [
        "Istanbul",
        "ıslak",
        "kelvin",
        "straße",
        "ſtrong",
        "ΣΟΦΊΑ",
        "µ-unit",
        "ǅemal",
        "研習會",
    ]
    # One spelling a text: the quick test is made once for a whole text.
    texts = [
        *("İstanbul", "ISTANBUL", "ıstanbul", "istanbul"),
        *("Islak", "ISLAK", "islak", "İslak"),
        *("\u212aelvin", "KELVIN"),
        *("STRASSE", "STRAẞE", "Straße"),
        *("strong", "STRONG", "Strong", "ſtrong"),
        *("σοφία", "ΣΟΦΊΑ", "σοφίας"),
        *("μ-unit", "Μ-UNIT", "µ-unit"),
        *("Ǆemal", "ǆemal", "DŽemal"),
        "第一次參加研習會的人",
    ]
    terms = Terms("t.yml", tuple(Term(f, "", (f,), n) for n, f in enumerate(forms, 1)))
    problems = Problems()
    check_terms(terms, [(f"{n}.md", text, 1) for n, text in enumerate(texts)], problems)
    reported = sorted((p.path, p.message.split("`")[1]) for p in problems)
    expected = sorted(
        (f"{n}.md", text[a:b])
        for form in forms
        for n, text in enumerate(texts)
        for a, b in (
            _lookbehind_matches(form, text)
            if _spaced(form)
            else [m.span() for m in re.finditer(re.escape(form), text, re.I)]
        )
    )
    assert reported == expected
    assert len(expected) > 20  # the strange cases do match, so the test can fail
