"""The translator workflow: status and staleness, checks on crafted files, scaffolding that never overwrites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import mkdocs_build, snapshot
from conftest import solidarity as cli


def status(project: Path, lang: str = "es") -> dict:
    proc = cli(project, "translations", "status", lang, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)[0]


def test_status_reports_the_changed_english_paragraph(mini: Path) -> None:
    before = status(mini)
    assert before["pages"]["draft"] == 1 and before["pages"]["stale"] == 0
    assert 0 < before["percent"] < 100
    english = mini / "docs/index.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace(
            "Read about [sharing]", "Start by reading about [sharing]"
        ),
        encoding="utf-8",
    )
    after = status(mini)
    assert after["pages"]["stale"] == 1
    page = next(d for d in after["details"] if d["page"] == "index.md")
    assert page["state"] == "stale"
    assert page["changes"] == [
        {
            "kind": "changed",
            "line": 8,
            "old": "Read about [sharing](principles/sharing.md) and the [strike]"
            "(cases/strike.md#what-happened).",
            "new": "Start by reading about [sharing](principles/sharing.md) and the "
            "[strike](cases/strike.md#what-happened).",
        }
    ]
    text = cli(mini, "translations", "status", "es").stdout
    assert "stale: index.md" in text and "changed at line 8 of the English" in text
    # After updating the translation, `mark` records the new English version: no longer stale.
    proc = cli(mini, "translations", "mark", "translations/es/docs/index.md")
    assert proc.returncode == 0, proc.stderr
    assert status(mini)["pages"]["stale"] == 0


@pytest.mark.parametrize(
    "given, says",
    [
        ("docs/index.md", "docs/index.md is not a translation; name the translated file under"),
        ("translations/es/docs/missing.md", "translations/es/docs/missing.md: no such file"),
        (
            "translations/es/docs/orphan.md",
            "there is no English docs/orphan.md for it to translate",
        ),
    ],
)
def test_mark_names_what_is_wrong_with_the_file_given(mini: Path, given: str, says: str) -> None:
    (mini / "translations/es/docs/orphan.md").write_text("Huérfana.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (mini / "translations").rglob("*") if p.is_file()}
    proc = cli(mini, "translations", "mark", given)
    assert proc.returncode == 1 and says in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "subpath" not in proc.stderr
    after = {p: p.read_bytes() for p in (mini / "translations").rglob("*") if p.is_file()}
    assert after == before  # nothing written, no snapshot made


def test_workshop_status_goes_down_to_the_field(mini: Path) -> None:
    assert cli(mini, "translations", "start", "es", "workshops/circle.md").returncode == 0
    plan = mini / "translations/es/workshops/circle.md"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "title: Story circle", "title: Círculo de historias"
        ),
        encoding="utf-8",
    )
    page = next(d for d in status(mini)["details"] if d["page"] == "workshops/circle.md")
    assert "title" not in page["untranslated_fields"]
    assert {"objectives", "agenda labels", "script"} <= set(page["untranslated_fields"])


def test_fallback_and_stale_notices_on_the_built_site(mini: Path) -> None:
    english = mini / "docs/index.md"
    english.write_text(
        english.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8"
    )
    build = mkdocs_build(mini, mini / "site")
    untranslated = (build.site / "es/cases/strike/index.html").read_text(encoding="utf-8")
    assert "admonition info sc-notice" in untranslated  # English text under a notice
    assert 'id="what-happened"' in untranslated and "What happened" in untranslated
    stale = (build.site / "es/index.html").read_text(encoding="utf-8")
    assert "admonition warning sc-notice" in stale
    # One summary message for fallbacks, not one per page and language.
    assert len(re.findall(r"shown in English under a notice", build.log)) == 1
    summary = re.search(
        r"es 1/(\d+) translated \(1 stale\), (\d+) in English; ar 0/(\d+)", build.log
    )
    assert summary
    total, english_pages, ar_total = (int(g) for g in summary.groups())
    assert total == english_pages + 1 == ar_total


CHECKS = [
    # (file under translations/es, content transform or full text, expected message)
    (
        "docs/index.md",
        lambda t: t.replace("{#welcome}", ""),
        "heading needs the English anchor `{#welcome}`",
    ),
    (
        "docs/index.md",
        lambda t: t.replace("(principles/sharing.md)", "(principles/standing.md)"),
        "link targets differ from English",
    ),
    (
        "docs/index.md",
        lambda t: t.replace(
            "## Bienvenida {#welcome}", "## Bienvenida {#welcome}\n\n## Extra {#extra}"
        ),
        "the English has 1 headings",
    ),
    (
        "docs/index.md",
        lambda t: t.replace("Lee sobre", "Lee\u202e sobre"),
        "bidirectional control character U+202E",
    ),
    (
        "docs/index.md",
        lambda t: t + "\n<script>alert(1)</script>\n",
        "unsafe HTML: <script> element",
    ),
    ("docs/index.md", lambda t: t + "\n[clic](javascript:alert(1))\n", "`javascript:` link"),
    ("docs/index.md", lambda t: t + "\n[clic](jav&#x61;script:alert(1))\n", "`javascript:` link"),
    (
        "docs/index.md",
        lambda t: t + "\n[clic][x]\n\n[x]: data:text/html;base64,PHNjcmlwdD4=\n",
        "`data:` link",
    ),
    (
        "docs/index.md",
        lambda t: t + '\nTexto\n{: onclick="alert(1)" }\n',
        "event-handler attribute `onclick`",
    ),
    (
        "docs/index.md",
        lambda t: t + '\n[x](principles/sharing.md){: onmouseover="alert(1)" }\n',
        "event-handler attribute `onmouseover`",
    ),
    (
        "docs/index.md",
        lambda t: t + '\n<img src="x.png" onerror="alert(1)">\n',
        "event-handler attribute `onerror`",
    ),
    (
        # A browser ends this comment at `<!-->`; HTMLParser alone read the image as comment.
        "docs/index.md",
        lambda t: t + "\nTexto <!--><img src=x onerror=alert(1)>--> más\n",
        "event-handler attribute `onerror`",
    ),
    (
        "docs/index.md",
        lambda t: t + "\n<![CDATA[ > <img src=x onerror=alert(1)> ]]>\n",
        "event-handler attribute `onerror`",
    ),
    (
        "docs/index.md",
        lambda t: t + '\n<iframe src="https://example.org"></iframe>\n',
        "<iframe> element",
    ),
    (
        "docs/index.md",
        lambda t: t + '\n<form action="/x"><input name="q"></form>\n',
        "<form> element",
    ),
    (
        "docs/index.md",
        lambda t: t.replace("source: ", "source: zz"),
        "`translation.source` must be",
    ),
    ("docs/nothing.md", lambda t: t, "this file has no English source"),
]


@pytest.mark.parametrize("rel, change, message", CHECKS, ids=[c[2][:40] for c in CHECKS])
def test_check_reports_each_problem_with_file_and_line(
    mini: Path, rel: str, change, message: str
) -> None:
    source = mini / "translations/es/docs/index.md"
    target = mini / "translations/es" / rel
    target.write_text(change(source.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(mini)
    proc = cli(mini, "translations", "check", str(target.relative_to(mini)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if message in line]
    assert lines, proc.stderr
    assert lines[0].startswith(f"error: translations/es/{rel}:")
    assert int(lines[0].split(":")[2]) >= 1
    assert snapshot(mini) == before  # a check never changes anyone's files


def test_check_accepts_bom_and_windows_line_endings(mini: Path) -> None:
    path = mini / "translations/es/docs/index.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    proc = cli(mini, "translations", "check", "translations/es/docs/index.md")
    assert proc.returncode == 0, proc.stderr


def test_check_rejects_invalid_utf8_with_its_line(mini: Path) -> None:
    path = mini / "translations/es/docs/index.md"
    path.write_bytes(path.read_bytes().replace(b"Lee sobre", b"Lee \xff sobre"))
    proc = cli(mini, "translations", "check", "translations/es/docs/index.md")
    assert proc.returncode == 1
    assert "translations/es/docs/index.md:11: not valid UTF-8" in proc.stderr


def test_check_structural_values_and_placeholders(mini: Path) -> None:
    assert cli(mini, "translations", "start", "es", "workshops/circle.md").returncode == 0
    plan = mini / "translations/es/workshops/circle.md"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("    minutes: 45", "    minutes: 40"),
        encoding="utf-8",
    )
    strings = mini / "translations/es/strings.yml"
    strings.write_text('packet:\n  page_of: "Página {page}"\n', encoding="utf-8")
    proc = cli(
        mini,
        "translations",
        "check",
        "translations/es/workshops/circle.md",
        "translations/es/strings.yml",
    )
    assert proc.returncode == 1
    assert "`agenda.2.minutes` is `40` but must stay `45`" in proc.stderr
    assert (
        "translations/es/strings.yml:2: string `packet.page_of`: placeholders differ from English "
        "(missing {pages})" in proc.stderr
    )


def test_unknown_language_folder_is_reported(mini: Path) -> None:
    (mini / "translations/xx/docs").mkdir(parents=True)
    (mini / "translations/xx/docs/index.md").write_text("hola\n", encoding="utf-8")
    proc = cli(mini, "translations", "check", "translations/xx/docs/index.md")
    assert proc.returncode == 1 and "unknown language code `xx`" in proc.stderr


def test_new_language_and_refusal_to_overwrite(mini: Path) -> None:
    proc = cli(mini, "translations", "new", "de", "--name", "Deutsch")
    assert proc.returncode == 0, proc.stderr
    assert (mini / "translations/de/strings.yml").exists()
    assert "locale: de" in (mini / "mkdocs.yml").read_text(encoding="utf-8")
    (mini / "translations/de/strings.yml").write_text(
        'site:\n  name: "Meine Arbeit"\n', encoding="utf-8"
    )
    before = snapshot(mini)
    again = cli(mini, "translations", "new", "de", "--name", "Deutsch")
    assert again.returncode == 1 and "already exists" in again.stderr
    existing = cli(mini, "translations", "new", "es", "--name", "Español")
    assert existing.returncode == 1
    start = cli(mini, "translations", "start", "es", "docs/index.md")
    assert start.returncode == 0 and "already exists (nothing changed)" in start.stdout
    assert snapshot(mini) == before
