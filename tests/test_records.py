"""The front-matter schema, derived from each record's dataclass fields."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_validation import PLAN, edit, line_of, problems_of

from conftest import solidarity as cli
from hooks.model.sources import schema
from hooks.model.translations import STRUCTURAL_KEYS
from hooks.model.workshops import Segment, Workshop


def test_structural_keys_come_from_the_records_including_renamed_keys() -> None:
    assert {"group_size", "years", "break", "lunch", "for", "id", "start", "at"} <= STRUCTURAL_KEYS
    assert (
        not {"title", "summary", "content", "is_break", "group_min", "audience"} & STRUCTURAL_KEYS
    )


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_declared_key_is_accepted_and_an_unknown_one_gets_the_allowed_list(
    mini: Path,
) -> None:
    plan = mini / PLAN
    meta = _front(plan)
    # The fixture plan writes every key of a plan and of a segment, and is clean.
    assert set(meta) == set(schema(Workshop))
    assert set().union(*meta["agenda"]) == set(schema(Segment))
    assert problems_of(mini) == []
    edit(plan, "room: A circle", "zzz: 1\nroom: A circle")
    allowed = ", ".join(sorted(schema(Workshop)))
    assert problems_of(mini) == [
        f"{PLAN}:{line_of(plan, 'zzz:')}: unknown field `zzz` in a workshop plan (allowed: {allowed})"
    ]


def test_a_translation_changing_a_structural_value_is_reported(mini: Path) -> None:
    # `group_size` is declared on `group_min`: the check compares the front-matter key.
    assert cli(mini, "translations", "start", "es", PLAN).returncode == 0
    plan = mini / "translations/es" / PLAN
    edit(plan, "group_size: [4, 12]", "group_size: [4, 10]")
    proc = cli(mini, "translations", "check", f"translations/es/{PLAN}")
    assert proc.returncode == 1
    assert f"translations/es/{PLAN}:9: `group_size.1` is `10` but must stay `12`" in proc.stderr, (
        proc.stderr
    )
