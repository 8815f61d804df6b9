"""The curriculum generator: choices for several constraint sets, and impossible ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, solidarity
from hooks.cli.common import configured_languages
from hooks.model.planner import Constraints, Infeasible, plan
from hooks.model.project import load_project
from hooks.model.workshops import LEVELS

PROJECT = load_project(ROOT, configured_languages(ROOT)[:1])
RANK = {p.id: p.order for p in PROJECT.principles.values()}
W = PROJECT.workshops


def check_plan(c: Constraints) -> list[list[str]]:
    result = plan(W, c, RANK)
    assert len(result.sessions) == c.sessions
    done: set[str] = set()
    for session in result.sessions:
        breaks = c.break_minutes * (len(session) - 1)  # between two workshops
        assert sum(W[w].minutes for w in session) + breaks <= c.minutes
        for wid in session:
            if c.level:
                assert LEVELS.index(W[wid].level) <= LEVELS.index(c.level)
            assert set(W[wid].requires) <= done  # prerequisites come first
            if c.group_size:
                assert W[wid].group_min <= c.group_size <= W[wid].group_max
            if c.format:
                assert W[wid].format in (c.format, "both")
            done.add(wid)
    assert set(c.cover) <= result.covered
    return result.sessions


def test_covers_requested_principles_within_the_limits() -> None:
    check_plan(Constraints(3, 150, ("mutual-aid", "resistance-to-division"), group_size=12))


def test_online_group_gets_online_or_both_only() -> None:
    check_plan(Constraints(4, 150, (), format="online"))


def test_a_level_and_breaks_are_kept_to() -> None:
    check_plan(Constraints(3, 200, ("cross-group-alliances",), level="introductory"))
    check_plan(Constraints(2, 240, ("mutual-aid",), break_minutes=20))
    # 90 and 150 minutes fill a session of 240, but not with a break between them.
    assert check_plan(Constraints(1, 240)) == [["accessible-organising", "history-jigsaw"]]
    assert check_plan(Constraints(1, 240, break_minutes=15)) == [["history-jigsaw"]]


def test_prerequisites_are_scheduled_first() -> None:
    sessions = check_plan(Constraints(2, 120, ("cross-group-alliances",)))
    flat = [w for s in sessions for w in s]
    if "allyship-without-takeover" in flat:
        assert flat.index("mapping-interests") < flat.index("allyship-without-takeover")


def test_same_constraints_give_the_same_plan() -> None:
    c = Constraints(3, 150, ("collective-action",), group_size=20)
    assert plan(W, c, RANK).sessions == plan(W, c, RANK).sessions


@pytest.mark.parametrize(
    "constraints, message",
    [
        (
            Constraints(2, 90, ("mutual-aid",)),
            "the shortest workshop on “mutual-aid” (safety-and-care) needs 120 minutes",
        ),
        (
            Constraints(2, 150, (), group_size=40),
            "no workshop suits a group of 40: the largest group any workshop takes is 30",
        ),
        (Constraints(1, 150, ("nonsense",)), "unknown principle “nonsense”"),
        (Constraints(13, 150), "leave too few workshops for 13 sessions; ask for at most"),
        (Constraints(1, 120, ("mutual-aid", "resistance-to-division")), "ask for 2 sessions"),
    ],
)
def test_impossible_constraints_say_what_would_work(constraints: Constraints, message: str) -> None:
    with pytest.raises(Infeasible) as caught:
        plan(W, constraints, RANK)
    assert message in caught.value.message(PROJECT.strings["en"])


def test_cli_prints_clock_times_and_writes_a_curriculum(tmp_path: Path) -> None:
    target = tmp_path / "autumn.md"
    proc = solidarity(
        ROOT,
        "curriculum",
        "--sessions",
        "2",
        "--minutes",
        "150",
        "--cover",
        "mutual-aid",
        "--start",
        "18:30",
        "--date",
        "2026-12-05",
        "--markdown",
        str(target),
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        "Session 1 (2026-12-05): 18:30–" in proc.stdout and "Session 2 (2026-12-12)" in proc.stdout
    )
    from hooks.model.sources import Problems, read_source
    from hooks.model.workshops import load_curriculum

    problems = Problems()
    source = read_source(target, tmp_path, problems)
    assert (
        source is not None
        and load_curriculum(source, W, problems) is not None
        and not problems.errors
    )


def test_cli_fails_with_the_reason() -> None:
    proc = solidarity(
        ROOT,
        "curriculum",
        "--sessions",
        "2",
        "--minutes",
        "60",
        "--cover",
        "mutual-aid",
    )
    assert proc.returncode == 1
    assert "needs 120 minutes; ask for 120 minutes per session or more" in proc.stderr
