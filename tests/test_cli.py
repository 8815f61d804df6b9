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


def test_a_translation_that_cannot_be_read_is_named_and_the_english_used(mini: Path) -> None:
    translate_circle(mini)
    plan = mini / "translations/es/workshops/circle.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("state:", "state: [", 1), "utf-8")
    proc = solidarity(mini, "workshops", "--lang", "es")
    assert proc.returncode == 0 and "Story circle" in proc.stdout, proc.stderr
    assert "translations/es/workshops/circle.md:" in proc.stderr
    assert "the English is used where a translation above cannot be read" in proc.stderr


def test_a_broken_plan_is_named_without_problems_of_languages_not_asked_for(mini: Path) -> None:
    plan = mini / "workshops/circle.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("minutes:", "minutes: [", 1), "utf-8")
    proc = solidarity(mini, "workshops")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: workshops/circle.md:"), proc.stderr
    assert "unknown language code" not in proc.stderr and "translations/" not in proc.stderr


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


def test_level_keeps_to_workshops_at_or_below_it_and_names_the_one_that_would_do(
    mini: Path,
) -> None:
    # `followup` (intermediate) is the only workshop on "standing".
    ask = ("curriculum", "--sessions", "1", "--minutes", "120", "--cover", "standing")
    low = solidarity(mini, *ask, "--level", "introductory")
    assert low.returncode == 1, low.stdout
    assert (
        "every workshop on “standing” is above the level “Introductory”; "
        "allow workshops up to the level “Intermediate”" in low.stderr
    )
    allowed = solidarity(mini, *ask, "--level", "intermediate")
    assert allowed.returncode == 0, allowed.stderr
    assert "Story circle" in allowed.stdout and "Follow-up" in allowed.stdout
    typo = solidarity(mini, *ask, "--level", "beginner")
    assert typo.returncode == 2 and "Traceback" not in typo.stderr
    assert "`beginner` is not a level: introductory, intermediate, advanced" in typo.stderr


def test_a_break_between_two_workshops_is_laid_out_and_counts_in_the_session(
    mini: Path, tmp_path: Path
) -> None:
    ask = ("curriculum", "--sessions", "1", "--minutes", "100", "--cover", "standing")
    markdown, packet = tmp_path / "with-break.md", tmp_path / "with-break.pdf"
    proc = solidarity(
        mini, *ask, "--break-minutes", "10", "--markdown", str(markdown), "--packet", str(packet)
    )
    assert proc.returncode == 0, proc.stderr
    lines = [" ".join(line.split()) for line in proc.stdout.splitlines()]
    assert lines[:4] == [
        "Session 1: 18:00–19:40, 100 min",
        "18:00–19:00 Story circle (60 min)",
        "19:00–19:10 Break (10 min)",
        "19:10–19:40 Follow-up (30 min)",
    ]
    # The curriculum file holds the break, and its session fits its own limit.
    text = markdown.read_text(encoding="utf-8")
    assert "- workshop: circle\n  - break: 10\n  - workshop: followup\n" in text
    assert "session_limit: 100\n" in text
    assert "19:00–19:10 Break 10" in text_of(packet)
    # A minute more of break and the two no longer fit in one session of 100 minutes.
    longer = solidarity(mini, *ask, "--break-minutes", "11")
    assert longer.returncode == 1 and "ask for 2 sessions" in longer.stderr
    for bad in ("-5", "ten"):
        refused = solidarity(mini, *ask, "--break-minutes", bad)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert f"`{bad}` is not a whole number of 0 or more" in refused.stderr


def test_from_reads_the_level_and_the_break(mini: Path, tmp_path: Path) -> None:
    flags = solidarity(
        mini, "curriculum", "--sessions", "1", "--minutes", "100", "--level", "intermediate",
        "--break-minutes", "10",
    )  # fmt: skip
    assert flags.returncode == 0, flags.stderr
    data = {"solidarity": "programme", "version": 1, "sessions": 1, "minutes": 100}
    data.update({"cover": [], "size": None, "format": "", "level": "intermediate", "break": 10})
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = solidarity(mini, "curriculum", "--from", str(path))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == flags.stdout and "Break (10 min)" in loaded.stdout
    for key, value in (("level", "expert"), ("break", -1), ("break", True), ("break", "long")):
        path.write_text(json.dumps(dict(data, **{key: value})), encoding="utf-8")
        bad = solidarity(mini, "curriculum", "--from", str(path))
        assert bad.returncode == 2 and "Traceback" not in bad.stderr, bad.stderr
        assert f"{path} has a bad `{key}`" in bad.stderr, bad.stderr


def _options_without_help(help_text: str) -> list[str]:
    """The options of a `--help` listing that have no words after them."""
    lines = help_text.split("options:", 1)[1].splitlines()
    bare = []
    for n, line in enumerate(lines):
        if not line.startswith("  -"):
            continue
        said = len(line.strip().split("  ")) > 1
        follows = n + 1 < len(lines) and lines[n + 1].startswith(" " * 8)
        if not said and not follows:
            bare.append(line.strip())
    return bare


@pytest.mark.parametrize(
    "command",
    [
        ("workshops",),
        ("curriculum",),
        ("packet",),
        ("links",),
        ("translations", "status"),
        ("translations", "check"),
        ("translations", "prune"),
    ],
)
def test_every_option_is_explained_in_help(mini: Path, command: tuple[str, ...]) -> None:
    proc = solidarity(mini, *command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert _options_without_help(proc.stdout) == []


def test_help_gives_the_paper_sizes_and_the_link_checks_defaults(mini: Path) -> None:
    for command in ("packet", "curriculum"):
        text = " ".join(solidarity(mini, command, "--help").stdout.split())
        assert "--paper {a4,letter} paper size of the PDF: a4 or letter (default: a4)" in text
    links = " ".join(solidarity(mini, "links", "--help").stdout.split())
    assert "(default: 10)" in links and "(default: 4)" in links
    assert "1 to 8" in links and "SECONDS" in links


def test_a_packet_into_a_folder_that_does_not_exist_is_refused(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "some" / "missing" / "dir" / "file.pdf"
    proc = solidarity(mini, "packet", "circle", "-o", str(target))
    assert proc.returncode == 2, proc.stderr
    assert f"cannot write {target}" in proc.stderr
    assert f"the folder {target.parent} does not exist" in proc.stderr
    assert f"mkdir -p {target.parent}" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "some").exists()


@pytest.mark.parametrize("option", ["--markdown", "--packet"])
def test_a_programme_file_into_a_folder_that_does_not_exist_is_refused(
    mini: Path, tmp_path: Path, option: str
) -> None:
    target = tmp_path / "missing" / "programme.out"
    proc = solidarity(mini, "curriculum", "--sessions", "1", "--minutes", "90", option, str(target))
    assert proc.returncode == 2, proc.stderr
    assert f"cannot write {target}: the folder {target.parent} does not exist" in proc.stderr
    assert "create it first" in proc.stderr and "Traceback" not in proc.stderr
    assert not target.parent.exists()
