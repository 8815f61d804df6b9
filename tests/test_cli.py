"""The `solidarity` command as a facilitator uses it, on copies of the mini fixture."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, solidarity


def text_of(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def translate_circle(mini: Path) -> None:
    """A Spanish plan for `circle`, made the way a translator starts one."""
    started = solidarity(mini, "translations", "start", "es", "workshops/circle.md")
    assert started.returncode == 0, started.stderr
    plan = mini / "translations" / "es" / "workshops" / "circle.md"
    text = plan.read_text(encoding="utf-8")
    assert "\ntitle: Story circle\n" in text
    plan.write_text(text.replace("\ntitle: Story circle\n", "\ntitle: Círculo de historias\n"))


def test_workshops_lists_each_plan_on_one_aligned_line(mini: Path) -> None:
    proc = solidarity(mini, "workshops")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["circle", "followup"]
    circle, followup = lines
    assert "Story circle" in circle and "60 min" in circle and "4–12" in circle
    assert "Introductory" in circle and "In person or online" in circle
    assert "Follow-up" in followup and "30 min" in followup and "Intermediate" in followup
    # Aligned: every column starts at the same place on both lines.
    for column in ("min", "4–12"):
        assert circle.index(column) == followup.index(column)


def test_workshops_in_spanish_use_the_translated_title_where_there_is_one(mini: Path) -> None:
    translate_circle(mini)
    proc = solidarity(mini, "workshops", "--lang", "es")
    assert proc.returncode == 0, proc.stderr
    circle, followup = proc.stdout.splitlines()
    assert circle.startswith("circle") and "Círculo de historias" in circle
    assert "Story circle" not in proc.stdout
    assert "Follow-up" in followup  # no Spanish plan: the English title


def test_workshops_as_json_for_scripts(mini: Path) -> None:
    translate_circle(mini)
    proc = solidarity(mini, "workshops", "--json", "--lang", "es")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[0] == {
        "id": "circle",
        "title": "Círculo de historias",
        "minutes": 60,
        "group_size": {"min": 4, "max": 12},
        "level": "introductory",
        "format": "both",
    }
    assert [row["id"] for row in rows] == ["circle", "followup"]
    assert rows[1]["format"] == "in-person" and rows[1]["title"] == "Follow-up"


def test_an_unknown_language_is_named_with_exit_2(mini: Path) -> None:
    proc = solidarity(mini, "workshops", "--lang", "esp")
    assert proc.returncode == 2
    assert "unknown language `esp`" in proc.stderr and "`es`" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_packet_into_a_folder_takes_its_own_name_and_never_overwrites(
    mini: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "packets"
    made = solidarity(mini, "packet", "circle", "-o", f"{folder}/")
    assert made.returncode == 0, made.stderr
    packet = folder / "circle-en.pdf"
    assert "Story circle" in text_of(packet)
    assert [p.name for p in folder.iterdir()] == ["circle-en.pdf"]

    packet.write_bytes(b"the facilitator's own notes")
    # The folder named with or without the slash: refused, nothing changed.
    for output in (f"{folder}/", str(folder)):
        again = solidarity(mini, "packet", "circle", "-o", output)
        assert again.returncode == 1 and "already exists" in again.stderr
        assert "--force" in again.stderr
        assert packet.read_bytes() == b"the facilitator's own notes"
    forced = solidarity(mini, "packet", "circle", "-o", str(folder), "--force")
    assert forced.returncode == 0, forced.stderr
    assert packet.read_bytes().startswith(b"%PDF")


def test_packet_into_a_folder_that_cannot_be_made_says_so(mini: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = solidarity(mini, "packet", "circle", "-o", f"{blocker}/packets/")
    assert proc.returncode == 1
    assert f"cannot make the folder {blocker}/packets/" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize(
    "args",
    [
        ("workshops",),
        ("workshops", "--json"),
        ("translations", "status", "--json"),
        ("translations", "status", "-v"),
        ("--help",),
    ],
)
def test_a_reader_that_stops_early_ends_the_command_quietly(mini: Path, args: tuple[str]) -> None:
    """`solidarity ... | head -1`: the pipe is closed before the command writes anything."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "hooks.cli", *args],
        cwd=mini,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    status = proc.wait(timeout=600)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert status in (0, 141)


def test_a_group_of_two_is_not_told_to_split(mini: Path) -> None:
    proc = solidarity(mini, "curriculum", "--sessions", "1", "--minutes", "90", "--group-size", "2")
    assert proc.returncode == 1
    assert "no workshop suits a group of 2" in proc.stderr
    assert "the smallest group any workshop needs is 4" in proc.stderr
    assert "invite more people" in proc.stderr and "split" not in proc.stderr
    too_many = solidarity(
        mini, "curriculum", "--sessions", "1", "--minutes", "90", "--group-size", "40"
    )
    assert "split the group or plan for a group of 12" in too_many.stderr


def test_a_packet_for_two_people_counts_materials_for_the_whole_group(
    mini: Path, tmp_path: Path
) -> None:
    # The project's current strings (the fixture's copy may predate the new keys).
    shutil.copy(ROOT / "translations" / "strings.yml", mini / "translations" / "strings.yml")
    plan = mini / "workshops" / "circle.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("group_size: [4, 12]", "group_size: [2, 12]").replace(
        "    per: participant\n",
        "    per: participant\n  - item: Card set\n    quantity: 1\n    per: group\n",
    )
    plan.write_text(text, encoding="utf-8")

    def packet(size: str) -> str:
        target = tmp_path / f"group-of-{size}.pdf"
        proc = solidarity(
            mini,
            "curriculum",
            "--sessions",
            "1",
            "--minutes",
            "60",
            "--group-size",
            size,
            "--cover",
            "sharing",
            "--packet",
            str(target),
        )
        assert proc.returncode == 0, proc.stderr
        return text_of(target)

    pair = packet("2")
    assert "A group of 2" in pair
    assert "1 × Card set for the whole group" in pair and "per small group" not in pair
    assert "1 × Card set per small group" in packet("8")


def test_unknown_ids_suggest_the_nearest(mini: Path) -> None:
    proc = solidarity(mini, "packet", "circel")
    assert proc.returncode == 2 and "did you mean `circle`?" in proc.stderr
    proc = solidarity(mini, "curriculum", "--sessions", "1", "--minutes", "90", "--cover", "sharng")
    assert proc.returncode == 2 and "no principle `sharng`; did you mean `sharing`?" in proc.stderr
    assert "Traceback" not in proc.stderr
