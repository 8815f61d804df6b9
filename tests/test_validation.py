"""Validation of cases, plans and curricula: every error names its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import mkdocs_build
from hooks.model.project import load_project
from hooks.model.translations import Language

LANGS = [Language("en", "English"), Language("es", "Español"), Language("ar", "العربية")]


def problems_of(project_dir: Path) -> list[str]:
    return [str(p) for p in load_project(project_dir, LANGS).problems if p.severity == "error"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """Line of the first occurrence; "LAST:" before the needle asks for the last one."""
    last = needle.startswith("LAST:")
    needle = needle.removeprefix("LAST:")
    found = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
        if needle in line
    ]
    assert found, needle
    return found[-1] if last else found[0]


def test_fixture_project_is_clean(mini: Path) -> None:
    assert problems_of(mini) == []


def test_unknown_principle_fails_the_build_with_file_and_line(mini: Path) -> None:
    case = mini / "docs/cases/strike.md"
    edit(case, "principles: [sharing, standing]", "principles:\n  - sharing\n  - standin")
    build = mkdocs_build(mini, mini / "site", check=False)
    assert build.returncode != 0
    assert (
        f"docs/cases/strike.md:{line_of(case, '- standin')}: unknown principle `standin`"
        in build.log
    )
    assert "did you mean `standing`?" in build.log
    assert "Traceback" not in build.log


PLAN = "workshops/circle.md"

# (replace this, with that, expected message, line holding this text after the edit)
PLAN_ERRORS = [
    ("minutes: 60", "duraton: 60", "unknown field `duraton` in a workshop plan", "duraton:"),
    (
        "    minutes: 45",
        "    minutes: 40",
        "agenda segments add up to 55 minutes but `minutes` says 60",
        "minutes: 60",
    ),
    ("cases: [strike]", "cases: [strik]", "unknown case `strik`", "cases: [strik]"),
    ("group_size: [4, 12]", "group_size: [12, 4]", "impossible group size [12, 4]", "group_size"),
    ("requires: []", "requires: [nothing-here]", "unknown workshop `nothing-here`", "requires:"),
    (
        "  - id: stories",
        "  - id: welcome",
        "segment id `welcome` is repeated",
        "LAST:  - id: welcome",
    ),
    (
        "level: introductory",
        "level: beginner",
        "`level: beginner` is not allowed",
        "level: beginner",
    ),
    (
        "    quantity: 1",
        "    quantity: one",
        "`quantity` should be a whole number",
        "quantity: one",
    ),
    (
        "## Stories {#stories}",
        "## Stories {#story}",
        "script section `story` matches no agenda segment",
        "{#story}",
    ),
    ("objectives:\n  - Tell a story.\n", "", "missing field `objectives` in a workshop plan", None),
    # `space` on a handout: ruled lines per prompt in print, a whole number from 1 to 8.
    ("    title: Guide\n", "    title: Guide\n    space: 0\n", "has `space: 0`", "space: 0"),
    ("    title: Guide\n", "    title: Guide\n    space: 40\n", "has `space: 40`", "space: 40"),
    (
        "    title: Guide\n",
        "    title: Guide\n    space: lines\n",
        "`space` should be a whole number",
        "space: lines",
    ),
    (
        "    title: Guide\n",
        "    title: Guide\n    spaces: 2\n",
        "unknown field `spaces`",
        "spaces:",
    ),
    (
        "    title: Guide\n",
        "    title: Guide\n    for: everyone\n",
        "`for: everyone` is not allowed",
        "for: everyone",
    ),
]


@pytest.mark.parametrize(
    "old, new, message, where", PLAN_ERRORS, ids=[e[2][:30] for e in PLAN_ERRORS]
)
def test_bad_plan_is_reported_at_its_line(
    mini: Path, old: str, new: str, message: str, where: str | None
) -> None:
    path = mini / PLAN
    edit(path, old, new)
    found = [p for p in problems_of(mini) if message in p]
    assert found, problems_of(mini)
    line = 1 if where is None else line_of(path, where)
    assert found[0].startswith(f"{PLAN}:{line}: "), found


def test_duplicate_id_is_caught(mini: Path) -> None:
    (mini / "workshops/circle-copy.md").write_text(
        (mini / PLAN).read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert any(
        "workshops/circle-copy.md:2: id `circle` differs from the file name" in p
        for p in problems_of(mini)
    )


def test_malformed_years_are_caught(mini: Path) -> None:
    edit(mini / "docs/cases/strike.md", "years: [1980, 1981]", "years: [1981, 198]")
    assert any(p.startswith("docs/cases/strike.md:5: malformed years") for p in problems_of(mini))


def test_curriculum_break_before_previous_item_ends(mini: Path) -> None:
    path = mini / "workshops/curricula/two-days.md"
    edit(path, 'at: "10:15"', 'at: "09:45"')
    found = [p for p in problems_of(mini) if "starts before the previous item ends (10:00)" in p]
    assert found and found[0].startswith(
        f"workshops/curricula/two-days.md:{line_of(path, '- break: 15')}:"
    )
    assert 'move it to "10:00" or later' in found[0]


def test_curriculum_session_over_its_limit(mini: Path) -> None:
    edit(
        mini / "workshops/curricula/two-days.md",
        'start: "09:00"',
        'start: "09:00"\nsession_limit: 60',
    )
    assert any(
        "Day 1 lasts 120 minutes, over the session limit of 60" in p for p in problems_of(mini)
    )


def test_curriculum_prerequisite_that_comes_later(mini: Path) -> None:
    path = mini / "workshops/curricula/two-days.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      - workshop: circle\n      - break: 15",
        "      - workshop: followup\n      - break: 15",
        1,
    )
    text = text.replace(
        "      - workshop: followup\n  - title: Day 2", "      - workshop: circle\n  - title: Day 2"
    )
    path.write_text(text, encoding="utf-8")
    assert any("`followup` requires `circle`, which comes later" in p for p in problems_of(mini))


def test_a_plan_that_cannot_be_read_is_named_once_not_as_unknown_where_it_is_used(
    mini: Path,
) -> None:
    """The writer fixes one YAML error; the plan that requires it and the curriculum that
    lists it do not add "unknown workshop" lines that send them looking elsewhere."""
    plan = mini / "workshops/circle.md"
    edit(plan, "minutes: 60", "minutes: [60")
    found = problems_of(mini)
    assert len(found) == 1, found
    # YAML names the line where it noticed: the one after the open bracket.
    assert found[0].startswith("workshops/circle.md:6: YAML error"), found
    # A misspelt plan is still unknown, with the nearest name.
    edit(mini / "workshops/followup.md", "requires: [circle]", "requires: [circel]")
    assert any("followup.md:" in p and "unknown workshop `circel`" in p for p in problems_of(mini))


def test_curriculum_clock_times_on_the_page(mini: Path) -> None:
    build = mkdocs_build(mini, mini / "site")
    html = (build.site / "curricula/two-days/index.html").read_text(encoding="utf-8")
    day1 = html[html.index('id="session-1"') : html.index('id="session-2"')]
    assert re.findall(r"(\d\d:\d\d)–(\d\d:\d\d)", day1) == [
        ("09:00", "10:00"),
        ("10:15", "10:30"),
        ("10:30", "11:00"),
    ]
    assert "resume at 10:30" in day1
    day2 = html[html.index('id="session-2"') :]
    assert re.findall(r"(\d\d:\d\d)–(\d\d:\d\d)", day2)[0] == ("10:00", "11:00")


def warnings_of(project_dir: Path) -> list[str]:
    return [str(p) for p in load_project(project_dir, LANGS).problems if p.severity == "warning"]


def test_a_role_play_with_no_step_out_of_role_is_a_warning_at_its_line(mini: Path) -> None:
    plan = mini / "workshops/circle.md"
    assert warnings_of(mini) == []
    edit(plan, "    method: Pairs", "    method: Role-play in pairs, with an observer option")
    line = line_of(plan, "method: Role-play")
    # (The plan also needs a second facilitator: tested below.)
    assert [w for w in warnings_of(mini) if "second facilitator" not in w] == [
        f"workshops/circle.md:{line}: segment `stories` is a role-play with no step out of "
        "role after it (add a short timed segment `de-role` (each person names their role "
        "and sets it down) after it)"
    ]


def test_a_round_the_time_or_the_room_cannot_hold_is_a_warning(mini: Path) -> None:
    plan = mini / "workshops/circle.md"
    line = line_of(plan, "method: Round")
    # 14 people at half a minute each fit the welcome's 10 minutes; 30 people would not,
    # and above 15 the script must say how to split the round.
    edit(plan, "group_size: [4, 12]", "group_size: [4, 14]")
    assert warnings_of(mini) == []
    edit(plan, "group_size: [4, 14]", "group_size: [4, 30]")
    assert warnings_of(mini) == [
        f"workshops/circle.md:{line}: segment `welcome` goes round the whole group: 30 people "
        "need about 15 minutes at 30 seconds each (above 15 people, say in its script to go "
        "round in pairs or trios, or give it 15 minutes)"
    ]
    edit(plan, "1. Say hello.", "1. Say hello. Above 15 people, go round in pairs first.")
    assert warnings_of(mini) == []
    # A small room whose round the time cannot hold.
    edit(plan, "group_size: [4, 30]", "group_size: [4, 15]")
    edit(plan, "    minutes: 10\n    method: Round", "    minutes: 5\n    method: Round")
    edit(plan, "minutes: 60", "minutes: 55")
    assert len(warnings_of(mini)) == 1


def test_a_script_naming_a_handout_the_plan_lacks_is_a_warning(mini: Path) -> None:
    plan = mini / "workshops/circle.md"
    edit(plan, "1. Tell stories.", "1. Tell stories.\n2. Give out the second handout.")
    line = line_of(plan, "second handout")
    assert warnings_of(mini) == [
        f"workshops/circle.md:{line}: the script names the second handout, but the plan has "
        "1 handout (add the handout under `handouts:` or change the script)"
    ]


FACILITATORS = (
    "facilitators:\n  needed: 1\n  recommended: 2\n  second: Keeps time and helps the pairs.\n"
)


def test_a_plan_that_needs_two_facilitators_but_states_one_is_a_warning(mini: Path) -> None:
    plan = mini / "workshops/circle.md"
    edit(plan, "    method: Pairs", "    method: Role-play in pairs, with an observer option")
    edit(
        plan,
        "handouts:",
        "  - id: de-role\n    title: Out of role\n    minutes: 5\n    method: Roles set down\n"
        "    purpose: Leave the role\nhandouts:",
    )
    edit(plan, "minutes: 60", "minutes: 65")
    edit(plan, "**Debrief questions**", "## Out of role {#de-role}\n\n1. Set roles down.\n\n**Q**")
    edit(plan, FACILITATORS, "")
    found = [w for w in warnings_of(mini) if "second facilitator" in w]
    assert found == [
        f"workshops/circle.md:{line_of(plan, 'LAST:  - id: stories')}: segment `stories` is a "
        "role-play, which needs a second facilitator, but the plan states no facilitators (set "
        "`facilitators:` with `needed: 2`, `recommended: 2` and `second:` saying what the second "
        "one does)"
    ]
    edit(plan, "requires: []", "requires: []\nfacilitators:\n  needed: 1\n  recommended: 1")
    assert [w for w in warnings_of(mini) if "second facilitator" in w] == [
        f"workshops/circle.md:{line_of(plan, '  needed: 1')}: segment `stories` is a role-play, "
        "which needs a second facilitator, but the plan says one can run it (set `needed: 2` "
        "under `facilitators:` (and say in `second:` what they do))"
    ]
    edit(plan, "  needed: 1\n  recommended: 1", "  needed: 2\n  recommended: 2\n  second: Watches.")
    assert warnings_of(mini) == [] and problems_of(mini) == []


@pytest.mark.parametrize(
    "block, message, where",
    [
        ("  needed: 2\n  recommended: 1", "facilitators needed 2, recommended 1", "needed: 2"),
        (
            "  needed: 1\n  recommended: 2",
            "recommends 2 facilitators but does not say what the second does",
            "recommended: 2",
        ),
        (
            "  needed: 1\n  recommended: 1\n  second: Helps.",
            "`second:` describes a second facilitator, but `recommended` is 1",
            "second: Helps.",
        ),
        ("  needed: one\n  recommended: 1", "`needed` should be a whole number", "needed: one"),
    ],
)
def test_bad_facilitators_are_errors_at_their_line(
    mini: Path, block: str, message: str, where: str
) -> None:
    plan = mini / "workshops/circle.md"
    edit(plan, FACILITATORS, f"facilitators:\n{block}\n")
    found = [p for p in problems_of(mini) if message in p]
    assert found and found[0].startswith(f"{PLAN}:{line_of(plan, where)}: "), problems_of(mini)


def test_segment_minimums_are_checked(mini: Path) -> None:
    plan = mini / "workshops/circle.md"
    edit(plan, "min_minutes: 35", "min_minutes: 50")
    found = [p for p in problems_of(mini) if "min_minutes 50 but minutes 45" in p]
    assert found and found[0].startswith(f"{PLAN}:{line_of(plan, 'min_minutes: 50')}: ")
    edit(plan, "min_minutes: 50", "min_minutes: 0")
    assert any("min_minutes 0 but minutes 45" in p for p in problems_of(mini))
    edit(plan, "min_minutes: 0", "min_minutes: 30")
    assert problems_of(mini) == [] and warnings_of(mini) == []
    assert load_project(mini, LANGS).workshops["circle"].agenda[2].floor == 30
    # A safety or de-role step keeps its time: a minimum below it is a warning.
    edit(plan, "    title: Stories", "    title: Safety check")
    assert [w for w in warnings_of(mini) if "keeps its" in w] == [
        f"{PLAN}:{line_of(plan, 'min_minutes: 30')}: segment `stories` is a safety or de-role "
        "step, so it keeps its 45 minutes when the session runs late (remove `min_minutes` or "
        "set it to 45)"
    ]


@pytest.mark.parametrize(
    "item, warned",
    [
        ("Printed guide (handout)", False),
        ("Guides handout", False),
        ("Printed handout set (both handouts)", True),  # the plan has one handout
        ("Cards cut from the first handout", False),
        ("Printed map, cut in four (handout)", True),
        ("Printed map", False),  # not described as a handout: not checked
    ],
)
def test_a_material_described_as_a_handout_needs_a_handout(
    mini: Path, item: str, warned: bool
) -> None:
    plan = mini / "workshops/circle.md"
    edit(plan, "  - item: Chair", f"  - item: {item}")
    expected = (
        [
            f"{PLAN}:{line_of(plan, item)}: material `{item}` is described as a handout, but no "
            "entry under `handouts:` matches it (add the handout under `handouts:` (its title "
            "naming the material) or describe the material without the word handout)"
        ]
        if warned
        else []
    )
    assert warnings_of(mini) == expected


def test_a_plan_that_needs_two_facilitators_says_so_on_its_page_and_checklist(mini: Path) -> None:
    from hooks.packets.paper import workshop_sections
    from hooks.pages.assemble import assemble

    edit(mini / PLAN, "  needed: 1\n", "  needed: 2\n")
    project = load_project(mini, LANGS)
    page = assemble(project, {}).pages[("en", PLAN)].text()
    note = "This plan needs 2 facilitators: do not run it alone."
    assert f'!!! warning "Facilitators"\n\n    {note}' in page
    assert "**Second facilitator**: Keeps time and helps the pairs." in page
    checklist = workshop_sections(project.workshops["circle"], 18 * 60, project.strings["en"])
    assert f"<li>{note}</li>" in checklist
