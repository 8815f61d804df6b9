"""Golden files: the Markdown generated for a workshop page and a curriculum page.

Set UPDATE_GOLDEN=1 to write them after an intended change, then review the diff;
without it, a missing golden file is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import MINI
from hooks.model.project import load_project
from hooks.model.translations import Language
from hooks.pages.assemble import assemble

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    "lang, page",
    [
        ("en", "workshops/circle.md"),
        ("en", "curricula/two-days.md"),
        ("es", "workshops/circle.md"),
        ("en", "cases/index.md"),
    ],
)
def test_generated_markdown_matches_golden(lang: str, page: str) -> None:
    project = load_project(
        MINI, [Language("en", "English"), Language("es", "Español"), Language("ar", "العربية")]
    )
    stage = assemble(project, {})
    text = stage.pages[(lang, page)].text()
    golden = GOLDEN / f"{lang}-{page.replace('/', '-')}"
    assert_golden(golden, text)


def assert_golden(golden: Path, text: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing: run with UPDATE_GOLDEN=1, then review it"
    assert text == golden.read_text(encoding="utf-8")
