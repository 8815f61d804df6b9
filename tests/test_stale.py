"""Staleness judged on meaning: a change in the English's form keeps translations current,
a change in its text names the field or paragraph and its line; every heading problem is
reported at its line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import solidarity as cli
from hooks.cli.common import configured_languages
from hooks.model.project import load_project
from hooks.model.translations import content_hash

INDEX = "docs/index.md"
PARAGRAPH = (
    "Read about [sharing](principles/sharing.md) and the [strike](cases/strike.md#what-happened)."
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def es_page(project: Path, page: str = "index.md") -> dict:
    proc = cli(project, "translations", "status", "es", "--json")
    assert proc.returncode == 0, proc.stderr
    return next(d for d in json.loads(proc.stdout)[0]["details"] if d["page"] == page)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def assert_current(project: Path) -> None:
    """The English file changed (its version differs), yet the translation is current."""
    translation = load_project(project, configured_languages(project)).translations["es"][
        "index.md"
    ]
    assert translation.source_hash != content_hash(translation.english.text)
    assert translation.stale is False
    page = es_page(project)
    assert page["state"] == "draft" and page["changes"] == []
    assert "stale" not in cli(project, "translations", "status", "es").stdout.split("\n", 1)[1]


def test_quoting_and_key_order_are_not_a_change(mini: Path) -> None:
    english = mini / INDEX
    english.write_text(
        "---\nsummary: 'A small project for tests.'\ntitle:   \"Mini home\"\n---\n\n"
        "## Welcome\n\n" + PARAGRAPH + "\n",
        encoding="utf-8",
    )
    assert_current(mini)


def test_rewrapping_and_whitespace_are_not_a_change(mini: Path) -> None:
    edit(
        mini / INDEX,
        PARAGRAPH,
        "Read about   [sharing](principles/sharing.md)\n  and the\n"
        "[strike](cases/strike.md#what-happened).   \n\n\n",
    )
    edit(mini / INDEX, "## Welcome", "##   Welcome  ")
    assert_current(mini)


def test_one_changed_field_is_named_with_its_line(mini: Path) -> None:
    english = mini / INDEX
    # The quoting change on `summary` must not be reported; the new `title` must.
    edit(english, "title: Mini home", 'title: "Mini start"')
    edit(english, "summary: A small project for tests.", "summary: 'A small project for tests.'")
    page = es_page(mini)
    assert page["state"] == "stale"
    assert page["changes"] == [
        {"field": "title", "kind": "changed", "line": 2, "old": "Mini home", "new": "Mini start"}
    ]
    text = cli(mini, "translations", "status", "es").stdout
    assert "`title` changed at line 2 of the English:" in text
    assert "- Mini home" in text and "+ Mini start" in text
    assert "line 1 " not in text and "summary" not in text


def test_a_nested_workshop_field_is_named_by_its_path(mini: Path) -> None:
    assert cli(mini, "translations", "start", "es", "workshops/circle.md").returncode == 0
    english = mini / "workshops/circle.md"
    edit(english, "method: Pairs", "method: Pairs, then the whole group")
    edit(english, "title: Story circle", 'title: "Story circle"')  # form only
    page = es_page(mini, "workshops/circle.md")
    assert page["state"] == "stale"
    assert page["changes"] == [
        {
            "field": "agenda[2].method",
            "kind": "changed",
            "line": line_of(english, "method: Pairs, then"),
            "old": "Pairs",
            "new": "Pairs, then the whole group",
        }
    ]


def test_one_changed_paragraph_is_shown_alone_with_its_line(mini: Path) -> None:
    english = mini / INDEX
    long_tail = " and what the strike won, told at length" * 10
    edit(english, "title: Mini home", "title: 'Mini home'")  # form only
    edit(english, "## Welcome", "## Welcome\n\nA new first paragraph.")
    edit(english, "the [strike](cases/strike.md#what-happened).", "the strike" + long_tail + ".")
    page = es_page(mini)
    assert [(c.get("field"), c["kind"], c["line"]) for c in page["changes"]] == [
        (None, "added", line_of(english, "A new first paragraph.")),
        (None, "changed", line_of(english, "Read about")),
    ]
    assert page["changes"][1]["new"].endswith(long_tail + ".")  # JSON has it all
    text = cli(mini, "translations", "status", "es").stdout
    shown = [line for line in text.split("\n") if line.lstrip().startswith("+ Read about")]
    assert len(shown) == 1 and shown[0].endswith("…") and len(shown[0]) < 200
    assert f"changed at line {line_of(english, 'Read about')} of the English" in text


def test_every_heading_problem_is_reported_at_its_line(mini: Path) -> None:
    (mini / "docs/guide.md").write_text(
        "---\ntitle: Guide\nsummary: A guide.\n---\n\n## One\n\nText one.\n\n"
        "### One detail\n\nDetail.\n\n## Two\n\nText two.\n\n## Three\n\nText three.\n",
        encoding="utf-8",
    )
    assert cli(mini, "translations", "start", "es", "docs/guide.md").returncode == 0
    path = mini / "translations/es/docs/guide.md"
    edit(path, "### One detail {#one-detail}", "## Detalle {#one-detail}")
    edit(
        path,
        "## Two {#two}\n\nText two.\n\n## Three {#three}\n\nText three.\n",
        "## Tres {#three}\n\nTres.\n\n## Dos {#two}\n\nDos.\n\n## Extra {#extra}\n\nMás.\n",
    )
    proc = cli(mini, "translations", "check", "translations/es/docs/guide.md")
    assert proc.returncode == 1
    rel = "translations/es/docs/guide.md"
    found = {
        (int(m.group(1)), m.group(2))
        for m in re.finditer(rf"^error: {re.escape(rel)}:(\d+): (.*)$", proc.stderr, re.M)
    }
    detail = line_of(path, "## Detalle")
    expected = {
        (detail, "the English has 4 headings"),
        (detail, "heading level ## where the English has ###"),
        (line_of(path, "## Tres"), "heading `{#three}` is out of order"),
        (line_of(path, "## Extra"), "heading `## Extra` is not in the English"),
    }
    for line, message in expected:
        assert any(n == line and m.startswith(message) for n, m in found), (line, message, found)
    assert len(found) == len(expected), found
