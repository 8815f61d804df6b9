"""The one clock (hooks/model/schedule.py) and what stands on it: agendas, curriculum
sessions with fixed breaks, the check that a fixed break fits, section splitting, and
a packet's HTML with its clock times pinned by a golden file (no WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_golden import GOLDEN, assert_golden

from conftest import MINI
from hooks.model.project import load_project
from hooks.model.schedule import DEFAULT_START, clock, elapsed, lay_out, parse_clock
from hooks.model.sources import Problems, split_source
from hooks.model.translations import Language
from hooks.model.workshops import Item, Segment, Session, split_sections
from hooks.packets.jobs import Options, workshop_job


@pytest.mark.parametrize(
    "minutes, shown",
    [
        (0, "00:00"),
        (18 * 60, "18:00"),
        (18 * 60 + 30, "18:30"),
        (23 * 60 + 59, "23:59"),
        (24 * 60, "00:00"),  # past midnight wraps
        (24 * 60 + 75, "01:15"),
        (2 * 24 * 60 + 5, "00:05"),
    ],
)
def test_clock_times_wrap_past_midnight(minutes: int, shown: str) -> None:
    assert clock(minutes) == shown


@pytest.mark.parametrize(
    "minutes, shown", [(0, "0:00"), (5, "0:05"), (60, "1:00"), (135, "2:15"), (25 * 60, "25:00")]
)
def test_elapsed_time_counts_from_zero_and_does_not_wrap(minutes: int, shown: str) -> None:
    assert elapsed(minutes) == shown


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("18:00", 18 * 60),
        ("9:05", 9 * 60 + 5),
        (" 07:30 ", 7 * 60 + 30),
        ("00:00", 0),
        ("23:59", 23 * 60 + 59),
        ("24:00", None),
        ("25:99", None),
        ("18:60", None),
        ("18.30", None),
        ("1830", None),
        ("", None),
        ("-1:00", None),
    ],
)
def test_clock_times_are_read_strictly(text: str, minutes: int | None) -> None:
    assert parse_clock(text) == minutes


def agenda(*minutes: int) -> list[Segment]:
    return [Segment(f"s{i}", f"Segment {i}", m) for i, m in enumerate(minutes)]


@pytest.mark.parametrize(
    "minutes, start, starts, end",
    [
        ((10, 20, 30), 0, [0, 10, 30], 60),
        ((10, 20, 30), DEFAULT_START, [1080, 1090, 1110], 1140),
        ((45, 15, 60), 23 * 60, [1380, 1425, 1440], 1500),  # runs past midnight
        ((5,), 9 * 60, [540], 545),
        ((), 18 * 60, [], 18 * 60),
    ],
)
def test_agenda_segments_follow_one_another(
    minutes: tuple[int, ...], start: int, starts: list[int], end: int
) -> None:
    slots = lay_out(agenda(*minutes), start, lambda s: s.minutes)
    assert [s.start for s in slots] == starts
    assert (slots[-1].end if slots else start) == end
    assert [clock(s.start) for s in slots] == [clock(x) for x in starts]


def test_a_gap_is_a_break_between_two_items_not_before_the_first() -> None:
    slots = lay_out(agenda(10, 20, 30), 9 * 60, lambda s: s.minutes, gap=15)
    assert [(s.start, s.end) for s in slots] == [(540, 550), (565, 585), (600, 630)]


@pytest.mark.parametrize(
    "items, start, starts, end, too_early",
    [
        # A break at a fixed time after the previous item ends: a gap before it.
        ([Item("workshop", 90, "a"), Item("lunch", 60, at=12 * 60)], 9 * 60, [540, 720], 780, []),
        # Exactly when the previous item ends.
        (
            [Item("workshop", 90, "a"), Item("break", 15, at=10 * 60 + 30)],
            9 * 60,
            [540, 630],
            645,
            [],
        ),
        # Before the previous item ends: it starts when that item ends, and is flagged.
        ([Item("workshop", 120, "a"), Item("break", 15, at=10 * 60)], 9 * 60, [540, 660], 675, [1]),
        # Items after a fixed break follow it.
        (
            [Item("workshop", 60, "a"), Item("lunch", 45, at=12 * 60), Item("workshop", 30, "b")],
            10 * 60,
            [600, 720, 765],
            795,
            [],
        ),
    ],
)
def test_sessions_honour_fixed_breaks(
    items: list[Item], start: int, starts: list[int], end: int, too_early: list[int]
) -> None:
    session = Session("Day 1", start, items)
    assert [at for at, _ in session.timeline()] == starts
    assert session.end() == end
    assert [i for i, slot in enumerate(session.slots()) if slot.too_early] == too_early


def test_days_start_on_their_own_time_and_a_shift_moves_every_time_alike() -> None:
    day1 = Session("Day 1", 9 * 60, [Item("workshop", 90, "a"), Item("lunch", 60, at=12 * 60)])
    day2 = Session("Day 2", 10 * 60, [Item("workshop", 30, "b")])
    assert [at for at, _ in day1.timeline()] == [540, 720]
    assert [at for at, _ in day2.timeline()] == [600]
    # The curriculum packet moves every session by the same amount for another start.
    shift = 18 * 60 - day1.start
    assert [clock(at + shift) for at, _ in day1.timeline()] == ["18:00", "21:00"]


def sections_of(body: str) -> tuple[list[str], list[tuple[str, int]]]:
    text = "---\ntitle: T\n---\n" + body
    source = split_source(text, Path("w.md"), "workshops/w.md", Problems())
    sections, stray = split_sections(source)
    return list(sections), stray


@pytest.mark.parametrize(
    "body, ids, problems",
    [
        ("## Open {#open}\nSay hello.\n## Close {#close}\nBye.\n", ["open", "close"], []),
        # Three stray lines before the first section: one problem, at the first of them.
        (
            "one\ntwo\nthree\n## Open {#open}\nSay hello.\n",
            ["open"],
            [("text outside a segment section", 4)],
        ),
        # Two stretches of stray text: one problem each.
        (
            "one\n## Open {#open}\nhi\n## Note\nstray under a bad heading\n",
            ["open"],
            [("text outside a segment section", 4), ("section `Note` has no `{#segment-id}`", 7)],
        ),
        (
            "## Open {#open}\na\n## Open again {#open}\nb\n",
            ["open"],
            [("two sections with id `open`", 6)],
        ),
        # A heading inside a code fence is text, not a section.
        ("## Open {#open}\n```\n## not a heading\n```\n", ["open"], []),
    ],
)
def test_sections_split_by_their_ids(
    body: str, ids: list[str], problems: list[tuple[str, int]]
) -> None:
    found, stray = sections_of(body)
    assert found == ids
    assert stray == problems


@pytest.mark.parametrize("start", [None, 18 * 60 + 30])
def test_packet_html_clock_times_match_golden(
    start: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the cover's date, not the last commit's
    project = load_project(MINI, [Language("en", "English"), Language("es", "Español")])
    plan = project.plans["en"]["circle"]
    job = workshop_job(project, "en", plan, Options(start=start), "https://example.org/")
    name = f"en-circle-packet-{'default' if start is None else clock(start).replace(':', '')}.html"
    assert_golden(GOLDEN / name, job.html)
