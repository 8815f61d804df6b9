"""Packets read back as a facilitator would use them: pages, times, fonts, QR code, failures."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, Build, solidarity, word_tops


def text_pages(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [encoding...] emb sub uni object ID
        rows.append((parts[0], parts[-5] == "yes"))
    return rows


def test_workshop_packet_pages_times_and_metadata(site: Build) -> None:
    pdf = site.site / "workshops" / "finding-common-ground-packet.pdf"
    reader = PdfReader(pdf)
    html = (site.site / "workshops/finding-common-ground/index.html").read_text(encoding="utf-8")
    advertised = int(re.search(r"facilitator packet \(PDF, (\d+) pages\)", html).group(1))
    assert len(reader.pages) == advertised
    assert reader.metadata.title == "Finding common ground: Facilitator packet"
    assert reader.trailer["/Root"].get("/Lang") == "en"
    pages = text_pages(pdf)
    assert "Facilitator packet" in pages[0] and "Shared goals and values" in pages[0]
    agenda = next(p for p in pages if "Agenda with clock times" in p)
    for clock in ("18:00", "18:10", "18:40", "18:50", "20:00"):
        assert clock in agenda
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
    # Materials come as a checklist and every segment's script is there.
    assert any("Materials" in p and "Preparation" in p for p in pages)
    script = "\n".join(pages)
    assert "Debrief questions" in script and "Closing round" in script


@pytest.mark.parametrize(
    "lang, tip, warning", [("es", "Consejo", "Atención"), ("zh-Hant", "提示", "警告")]
)
def test_a_translated_packet_titles_its_tips_and_warnings_in_its_language(
    site: Build, lang: str, tip: str, warning: str
) -> None:
    """The script's untitled `!!! tip` and `!!! warning` are titled as on the page, not
    in Python-Markdown's English."""
    pdf = site.site / lang / "workshops" / "finding-common-ground-packet.pdf"
    lines = {line.strip() for page in text_pages(pdf) for line in page.splitlines()}
    assert {tip, warning} <= lines
    assert not {"Tip", "Warning"} & lines


def test_no_heading_or_last_step_is_left_alone_on_a_page(site: Build) -> None:
    pages = text_pages(site.site / "workshops" / "finding-common-ground-packet.pdf")
    heading = next(p for p in pages if "Participant handouts" in p.split("\n", 1)[1])
    assert "Values cards" in heading  # the first handout under its heading
    last = next(p for p in pages if "5. Keep the values flipcharts" in p)
    assert "4. Thank the storytellers" in last  # a list's last step keeps the one before


def test_handouts_each_start_their_own_page(site: Build) -> None:
    pdf = site.site / "workshops" / "history-jigsaw-handouts.pdf"
    pages = text_pages(pdf)
    titles = [
        "Three case summaries",
        "Extra case summaries (stations D to F)",
        "Expert questions and comparison grid",
        "Evaluation form",
    ]
    starts = []
    for page in pages[1:]:
        header, _, body = page.strip().partition("\n")
        assert "Participant handouts" in header  # the running header
        starts += [t for t in titles if body.strip().startswith(t)]
    assert starts == titles  # each handout from the top of its own page, in order
    # Participants' copies carry no facilitator labels: no "For copying", no page count.
    text = "\n".join(pages)
    assert "For copying" not in text and "Page 1 of" not in text


@pytest.mark.parametrize("lang, family", [("ar", "NotoNaskhArabic"), ("zh-Hant", "NotoSansCJK")])
def test_fonts_for_the_script_are_embedded(site: Build, lang: str, family: str) -> None:
    pdf = site.site / lang / "workshops" / "finding-common-ground-packet.pdf"
    found = fonts(pdf)
    assert found and all(embedded for _, embedded in found)
    assert any(family in name.replace("-", "") for name, _ in found), found
    # No slanted face forced on a script that has no italics.
    assert not [name for name, _ in found if "Oblique" in name or "Italic" in name], found
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"].get("/Lang") == lang
    text = "\n".join(text_pages(pdf))
    assert "\ufffd" not in text  # no missing-glyph replacement
    # The cover is in the packet's language: its title and the language's name.
    title = {"ar": "إيجاد أرضية مشتركة", "zh-Hant": "尋找共同點"}[lang]
    name = {"ar": "العربية", "zh-Hant": "繁體中文"}[lang]
    assert title in text.replace("\n", " ") and name in text


def test_qr_code_opens_the_page_online(site: Build, tmp_path: Path) -> None:
    pdf = site.site / "es" / "workshops" / "mutual-aid-network-packet.pdf"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "cover")],
        check=True,
    )
    image = next(tmp_path.glob("cover*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True
    )
    assert (
        decoded.stdout.strip()
        == "https://solidarity-commons.github.io/es/workshops/mutual-aid-network/"
    )


def test_curriculum_packet_holds_sessions_in_order(site: Build) -> None:
    pdf = site.site / "curricula" / "weekend-intensive-packet.pdf"
    text = "\n".join(text_pages(pdf))
    day1, day2 = (
        text.index("Day 1: Saturday: Finding common ground"),
        text.index("Day 2: Sunday morning: "),
    )
    assert day1 < text.index("Day 1: Saturday: Deciding together") < day2
    assert "13:15–14:15" in text  # lunch at its fixed time in the schedule


def test_packet_on_demand_in_spanish_on_letter_paper(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    proc = solidarity(
        ROOT,
        "packet",
        "finding-common-ground",
        "--lang",
        "es",
        "--start",
        "18:30",
        "--date",
        "2026-12-05",
        "--paper",
        "letter",
        "-o",
        str(target),
    )
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(target)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    pages = text_pages(target)
    assert "2026-12-05" in pages[0]
    agenda = "\n".join(pages)
    assert "18:30" in agenda and "20:30" in agenda
    assert f"Página 1 de {len(pages)}" in pages[0]  # packet.page_of in Spanish
    again = solidarity(ROOT, "packet", "finding-common-ground", "-o", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr  # never overwritten silently


def test_same_inputs_give_identical_bytes_from_a_fresh_process(site: Build, tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from hooks.cli.common import configured_languages\nfrom hooks.model.project import load_project\n"
        "from hooks.packets.jobs import workshop_job, Options\nfrom hooks.packets.render import render_one\n"
        "p = load_project(Path('.'), configured_languages(Path('.')))\n"
        "render_one(workshop_job(p, 'ar', p.plans['ar']['deciding-together'], Options(), "
        "'https://solidarity-commons.github.io/'), Path(sys.argv[1]))\n"
    )
    target = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-c", code, str(target)], cwd=ROOT, check=True, timeout=300)
    assert (
        target.read_bytes()
        == (site.site / "ar/workshops/deciding-together-packet.pdf").read_bytes()
    )


def test_a_failing_packet_is_named_and_leaves_nothing(tmp_path: Path) -> None:
    from hooks.cli.common import configured_languages
    from hooks.model.project import load_project
    from hooks.packets.jobs import Job
    from hooks.packets.paper import PacketError
    from hooks.packets.render import render_all

    project = load_project(ROOT, configured_languages(ROOT)[:1])
    bad = Job(
        ("en", "workshop", "broken"),
        "Broken",
        "en",
        '<html><body><img src="https://tracker.invalid/x.png"></body></html>',
    )
    with pytest.raises(PacketError, match=r"packet en/workshop/broken \(Broken\)"):
        render_all(project, tmp_path, workers=1, site_url="", jobs=[bad])
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.tmp"))


def test_an_interrupted_render_leaves_no_partial_file(tmp_path: Path) -> None:
    """Killed while the PDF is being written, the packet already there stays whole."""
    target = tmp_path / "big.pdf"
    target.write_bytes(b"%PDF- the packet printed yesterday")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hooks.cli",
            "packet",
            "weekend-intensive",
            "--lang",
            "zh-Hant",
            "--force",
            "-o",
            str(target),
        ],
        cwd=ROOT,
        start_new_session=True,
    )
    # Kill at the moment the new file starts being written, however fast the machine is.
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob("big.pdf.*.tmp")):
        assert proc.poll() is None, "the render finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert target.read_bytes() == b"%PDF- the packet printed yesterday"


def test_two_clean_builds_give_identical_bytes(mini: Path, tmp_path: Path) -> None:
    """Two builds from empty caches, packets and search index included, byte for byte."""
    from conftest import mkdocs_build

    config = mini / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("      packets: false\n", ""), encoding="utf-8"
    )
    first = mkdocs_build(mini, tmp_path / "one", env={"SOURCE_DATE_EPOCH": "1767225600"})
    shutil.rmtree(mini / ".cache")
    second = mkdocs_build(mini, tmp_path / "two", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert "packets: 15 rendered" in first.log and "packets: 15 rendered" in second.log
    one = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    two = {
        p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*") if p.is_file()
    }
    assert one.keys() == two.keys()
    assert any(k.suffix == ".pdf" for k in one) and Path("es/search/search_index.json") in one
    assert [str(k) for k in one if one[k] != two[k]] == []


def test_the_cache_forgets_packets_no_build_has_used_for_two_weeks(mini: Path) -> None:
    from hooks.model.project import load_project
    from hooks.model.translations import Language
    from hooks.packets import render as packets

    langs = [Language("en", "English")]
    cache = mini / ".cache" / "packets"
    first, _ = packets.render_all(load_project(mini, langs), cache, 2, "https://x.org/")
    month_ago = time.time() - 30 * 86400
    for packet in first.values():  # rendered long ago, but in use: kept
        os.utime(packet.path, (month_ago, month_ago))
    forgotten = cache / f"{'0' * 24}.pdf"  # an old edit's packet, unused for a month
    forgotten.write_bytes(b"%PDF-1.7 old")
    os.utime(forgotten, (month_ago, month_ago))
    other_branch = cache / f"{'1' * 24}.pdf"  # rendered last week on another branch
    other_branch.write_bytes(b"%PDF-1.7 recent")
    os.utime(other_branch, (time.time() - 7 * 86400,) * 2)

    plan = mini / "workshops" / "circle.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Take turns.", "Take turns slowly."))
    changed, rendered = packets.render_all(load_project(mini, langs), cache, 2, "https://x.org/")
    assert rendered > 0
    assert not forgotten.exists() and other_branch.exists()
    # The packets the edit replaced were in use a moment ago: kept for a branch switch back.
    assert all(p.path.exists() for p in [*first.values(), *changed.values()])


def test_unchanged_sources_reuse_the_packets_without_remaking_them(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm build neither renders nor rebuilds packet HTML; one changed plan re-renders its own."""
    from hooks.model.project import load_project
    from hooks.model.translations import Language
    from hooks.packets import render as packets

    langs = [Language("en", "English"), Language("es", "Español")]
    cache = mini / ".cache" / "packets"
    first, rendered = packets.render_all(load_project(mini, langs), cache, 2, "https://x.org/")
    assert rendered == len(first) > 6

    def remade(*args: object, **kwargs: object) -> None:
        raise AssertionError("packet HTML was made again for unchanged sources")

    with monkeypatch.context() as patch:
        patch.setattr(packets, "iter_jobs", remade)
        again, rendered = packets.render_all(load_project(mini, langs), cache, 2, "https://x.org/")
    assert rendered == 0 and again == first

    plan = mini / "workshops" / "circle.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Take turns.", "Take turns slowly."))
    changed, rendered = packets.render_all(load_project(mini, langs), cache, 2, "https://x.org/")
    different = {key for key in changed if changed[key] != first[key]}
    assert different and rendered == len(different) < len(first)
    assert all(key[2] in ("circle", "two-days") for key in different), different
    # A different site address is a different QR code on every cover.
    _, rendered = packets.render_all(load_project(mini, langs), cache, 2, "https://y.org/")
    assert rendered > 0


def test_the_packet_key_follows_the_code_packets_are_made_by_and_no_other() -> None:
    """Editing a page renderer must not re-render 168 packets; editing the clock must."""
    from hooks.packets.jobs import _packet_code

    code = {p.relative_to(ROOT).as_posix() for p in _packet_code()}
    # Reached only through `from . import plurals` and imports inside functions.
    assert {"hooks/packets/paper.py", "hooks/model/schedule.py", "hooks/model/plurals.py"} <= code
    assert "hooks/postbuild/safety.py" in code
    assert not [p for p in code if p.startswith(("hooks/pages/", "hooks/mkdocs/", "hooks/cli/"))]
    assert "hooks/pipeline.py" not in code


def test_a_fill_in_handout_has_room_to_write_and_no_facilitator_labels(
    mini: Path, tmp_path: Path
) -> None:
    """One plan edited step by step (plain, `space: 3`, group materials, `for: facilitator`).

    Over 60 lines because each packet is measured against the one made before it.
    """
    plan = mini / "workshops/circle.md"
    text = plan.read_text(encoding="utf-8")
    worksheet = (
        "      - Your name:\n      - Your group:\n      - Bring a pen.\n      - Your wish:\n\n"
        "      | Week | Who |\n      | --- | --- |\n      | First |   |\n      | Second |   |\n"
    )
    text = text.replace("      Take turns.\n", worksheet, 1)
    assert worksheet in text
    gaps = {}
    for space in (None, 3):
        marked = (
            text
            if space is None
            else text.replace("    title: Guide\n", "    title: Guide\n    space: 3\n")
        )
        plan.write_text(marked, encoding="utf-8")
        pdf = tmp_path / f"handouts-{space}.pdf"
        proc = solidarity(mini, "packet", "circle", "--handouts", "-o", str(pdf))
        assert proc.returncode == 0, proc.stderr
        tops = dict(word_tops(pdf))
        # The prompt "Your name:" has ruled lines under it; "Bring a pen." is no prompt.
        gaps[space] = (
            tops["group:"] - tops["name:"],
            tops["wish:"] - tops["pen."],
            tops["Second"] - tops["First"],
        )
        words = " ".join(w for w, _ in word_tops(pdf))
        assert "copying" not in words and "Page 1 of" not in words, words
    plain, ruled = gaps[None], gaps[3]
    line_mm = 9 * 72 / 25.4
    assert ruled[0] >= plain[0] + 3 * line_mm - 1  # three lines of 9 mm for the prompt
    assert abs(ruled[1] - plain[1]) < 1  # a plain item gets no space
    assert ruled[2] >= 14 * 72 / 25.4 > plain[2]  # a table's empty cells are boxes to write in
    # The facilitator's packet of the same plan keeps its labels for copying and page numbers,
    # each saying how many to copy as the material printed from the handout says.
    group_material = (
        "  - item: Printed guide (handout; groups are four to six people)\n"
        "    quantity: 2\n    per: group\n"
    )
    plan.write_text(
        marked.replace("preparation:\n", group_material + "preparation:\n"), encoding="utf-8"
    )
    packet = tmp_path / "packet.pdf"
    proc = solidarity(mini, "packet", "circle", "-o", str(packet))
    assert proc.returncode == 0, proc.stderr
    pages = [" ".join(p.split()) for p in text_pages(packet)]
    mark = "For copying: 2 copies per small group of 4 to 6 people"
    assert any(mark in p and "Your name:" in p for p in pages), pages
    assert any("For copying: 1 copy per participant" in p and "Evaluation" in p for p in pages)
    assert f"Page 1 of {len(pages)}" in pages[0]
    # A handout `for: facilitator` (answers a group must find) stays out of participants' copies.
    plan.write_text(
        text.replace("    title: Guide\n", "    title: Guide\n    for: facilitator\n"),
        encoding="utf-8",
    )
    only = tmp_path / "without.pdf"
    proc = solidarity(mini, "packet", "circle", "--handouts", "-o", str(only))
    assert proc.returncode == 0, proc.stderr
    kept = "\n".join(text_pages(only))
    assert "Your name:" not in kept and "Evaluation form" in kept
