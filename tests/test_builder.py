"""The programme builder: its JavaScript algorithm against model/planner.py, and `--from`.

The parity test runs builder-core.js (and clock.js) in one node process on a few hundred seeded
constraint sets, fed the workshop data the /plan/ page carries, and requires the same
programmes, the same clock times (breaks included) and the same refusals (kind and numbers)
as the Python. Besides the real workshops it uses two copies with levels raised, so that a
principle can exist only above the level asked for, and no workshop at all at or below it.
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
from pathlib import Path
from typing import Any

from conftest import ROOT, solidarity
from hooks.cli.common import configured_languages
from hooks.model.catalog import titles
from hooks.model.planner import Constraints, Infeasible, plan
from hooks.model.project import load_project
from hooks.model.schedule import clock, elapsed, lay_out, parse_clock
from hooks.model.workshops import LEVELS, Workshop
from hooks.pages.builder import builder_for

CORE = ROOT / "docs" / "assets" / "javascripts" / "builder-core.js"
CLOCK = ROOT / "docs" / "assets" / "javascripts" / "clock.js"
PROJECT = load_project(ROOT, configured_languages(ROOT)[:1])
RANK = {p.id: p.order for p in PROJECT.principles.values()}

# Runs every constraint set given on stdin through the page's algorithm.
NODE = """
const core = require(process.argv[1]);
const time = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const sets = input.sets.map((set) => set.map(core.fromData));
const out = input.cases.map((c) => {
  const list = sets[c.set];
  const got = core.build(list, c, input.rank, input.levels);
  const minutes = (id) => list.find((w) => w.id === id).minutes;
  if (got.sessions) {
    got.times = got.sessions.map((s) =>
      time.layOut(s, c.start, minutes, c.break_minutes).map((x) => [x.start, x.end, x.item])
    );
  }
  return got;
});
const clocks = input.minutes.map((m) => [time.clock(m), time.elapsed(Math.abs(m))]);
const parsed = input.texts.map(time.parseClock);
process.stdout.write(JSON.stringify({ out, clocks, parsed }));
"""

# The shared clock (clock.js) against schedule.py: wrapping both ways, and what parses.
MINUTES = [0, 1, 59, 60, 599, 1439, 1440, 1441, 2000, 2 * 1440 + 5, -1, -61, -1440, -1500]
TEXTS = ["18:30", "8:05", "08:05", " 9:00 ", "23:59", "24:00", "7:60", "18.30", "", "1830", "0:00"]


# The workshop sets: the real ones; those teaching resistance to division raised above
# introductory (one of them to advanced); and none introductory at all.
RAISED = {"spotting-divide-and-rule": "intermediate", "history-jigsaw": "advanced"}


def levelled(workshops: dict[str, Workshop], which: int) -> dict[str, Workshop]:
    def level(w: Workshop) -> str:
        if which == 1:
            return RAISED.get(w.id, w.level)
        if which == 2:
            return max(w.level, "intermediate", key=LEVELS.index)
        return w.level

    return {wid: dataclasses.replace(w, level=level(w)) for wid, w in workshops.items()}


SETS = [levelled(PROJECT.workshops, n) for n in range(3)]


def constraint_sets(count: int, seed: int = 18) -> list[tuple[int, int, Constraints]]:
    """(workshop set, start time, constraints), seeded."""
    rng = random.Random(seed)
    principles = sorted(RANK)
    out = []
    for n in range(count):
        cover = tuple(p for p in principles if rng.random() < 0.3)
        if n % 40 == 7:
            cover += ("no-such-principle",)
        c = Constraints(
            sessions=rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 13]) if n % 50 else 0,
            minutes=rng.choice([30, 45, 60, 75, 90, 100, 120, 150, 180, 240, 300]),
            cover=cover,
            group_size=rng.choice([None, None, 1, 2, 3, 4, 6, 8, 12, 16, 20, 25, 30, 40, 60]),
            format=rng.choice([None, None, "in-person", "online"]),
            level=rng.choice([None, None, *LEVELS]),
            break_minutes=rng.choice([0, 0, 0, 5, 10, 15, 30, 45]),
        )
        which = rng.choice([0, 0, 1, 2])
        out.append((which, rng.choice([0, 9 * 60, 18 * 60, 23 * 60 + 30]), c))
    return out


def python_result(which: int, start: int, c: Constraints) -> dict[str, object]:
    workshops = SETS[which]
    try:
        result = plan(workshops, c, RANK)
    except Infeasible as exc:
        return {"kind": exc.kind, "params": exc.params}
    times = [
        [
            [s.start, s.end, s.item]
            for s in lay_out(ids, start, lambda w: workshops[w].minutes, gap=c.break_minutes)
        ]
        for ids in result.sessions
    ]
    return {"sessions": result.sessions, "covered": sorted(result.covered), "times": times}


def page_data(which: int) -> list[dict[str, Any]]:
    """The workshops as the /plan/ page carries them, at the set's levels."""
    records = builder_for(PROJECT, "en", titles(PROJECT, "en"), True, set())["workshops"]
    return [dict(r, level=SETS[which][r["id"]].level) for r in records]


def test_the_page_and_the_command_choose_the_same_programmes(tmp_path: Path) -> None:
    cases = constraint_sets(320)
    data = builder_for(PROJECT, "en", titles(PROJECT, "en"), True, set())
    payload = {
        "sets": [page_data(n) for n in range(len(SETS))],
        "levels": [level for level, _ in data["levels"]],
        "rank": {p["id"]: p["rank"] for p in data["principles"]},
        "minutes": MINUTES,
        "texts": TEXTS,
        "cases": [
            {
                "set": which,
                "start": start,
                "sessions": c.sessions,
                "minutes": c.minutes,
                "cover": list(c.cover),
                "group_size": c.group_size,
                "format": c.format,
                "level": c.level,
                "break_minutes": c.break_minutes,
            }
            for which, start, c in cases
        ],
    }
    proc = subprocess.run(
        ["node", "-e", NODE, str(CORE), str(CLOCK)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    answer = json.loads(proc.stdout)
    assert answer["clocks"] == [[clock(m), elapsed(abs(m))] for m in MINUTES]
    assert answer["parsed"] == [parse_clock(t) for t in TEXTS]
    browser = answer["out"]
    python = [python_result(*case) for case in cases]
    kinds = {r["kind"] for r in python if "kind" in r}
    feasible = sum("sessions" in r for r in python)
    # The sets reach both outcomes and many kinds of refusal, or the test proves little.
    assert feasible >= 40 and len(python) - feasible >= 40, (feasible, kinds)
    assert len(kinds) >= 8 and {"principle_level", "level"} <= kinds, kinds
    # Programmes with a level and breaks laid out between two workshops, and some refused.
    both = [r for (_, _, c), r in zip(cases, python, strict=True) if c.level and c.break_minutes]
    assert sum("sessions" in r for r in both) >= 10 and sum("kind" in r for r in both) >= 10
    assert any(
        len(s) > 1
        for (_, _, c), r in zip(cases, python, strict=True)
        if c.break_minutes
        for s in r.get("sessions", [])
    )
    for case, mine, theirs in zip(cases, python, browser, strict=True):
        assert theirs == mine, case


def saved(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def test_from_reads_a_saved_programme_as_the_same_options(mini: Path, tmp_path: Path) -> None:
    flags = solidarity(
        mini,
        "curriculum",
        "--sessions",
        "1",
        "--minutes",
        "90",
        "--group-size",
        "6",
        "--start",
        "19:00",
    )
    assert flags.returncode == 0, flags.stderr
    data = {"solidarity": "programme", "version": 1, "sessions": 1, "minutes": 90}
    data.update({"cover": [], "size": 6, "format": "", "start": "19:00", "date": ""})
    path = saved(tmp_path, "ours.json", json.dumps(data))
    loaded = solidarity(mini, "curriculum", "--from", str(path))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == flags.stdout
    # An option given on the command line wins over the file's.
    later = solidarity(mini, "curriculum", "--from", str(path), "--start", "08:00")
    assert "08:00" in later.stdout and "19:00" not in later.stdout


def test_from_refuses_a_file_that_is_not_ours_naming_it(mini: Path, tmp_path: Path) -> None:
    cases = {
        "notes.txt": ("hello", "is not JSON"),
        "other.json": ('{"name": "x"}', 'no "solidarity": "programme" marker'),
        "future.json": ('{"solidarity": "programme", "version": 9}', "has version 9"),
        "bad.json": (
            '{"solidarity": "programme", "version": 1, "sessions": 2, "minutes": "long"}',
            "has a bad `minutes`",
        ),
        "start.json": (
            '{"solidarity": "programme", "version": 1, "sessions": 2, "minutes": 90, "start": "25:99"}',
            "has a bad `start`",
        ),
    }
    for name, (content, why) in cases.items():
        path = saved(tmp_path, name, content)
        proc = solidarity(mini, "curriculum", "--from", str(path))
        assert proc.returncode == 2, (name, proc.stderr)
        assert f"solidarity curriculum: {path} " in proc.stderr and why in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    missing = solidarity(mini, "curriculum", "--from", str(tmp_path / "gone.json"))
    assert missing.returncode == 2 and "gone.json cannot be read" in missing.stderr
    neither = solidarity(mini, "curriculum")
    assert neither.returncode == 2 and "give --sessions and --minutes" in neither.stderr
