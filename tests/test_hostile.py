"""Malformed and hostile inputs: each gives a message with file and line, never a traceback,
and nothing of anyone's files changes."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, snapshot
from hooks.model.project import load_project
from hooks.model.translations import Language

LANGS = [Language("en", "English"), Language("es", "Español"), Language("ar", "العربية")]
BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
)


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def whole(text: str) -> Callable[[str], str]:
    return lambda _: text


CASE = "docs/cases/strike.md"
PLAN = "workshops/circle.md"
PROG = "workshops/curricula/two-days.md"
TR = "translations/es/docs/index.md"
STR = "translations/es/strings.yml"

# (file, change, expected words in the message)
INPUTS: list[tuple[str, Callable[[str], str] | bytes, str]] = [
    ("docs/principles/sharing.md", replace("title: Sharing", "title: [unclosed"), "YAML error"),
    (
        "docs/principles/sharing.md",
        replace("order: 1", 'order: !!python/object/apply:os.system ["touch /tmp/pwned"]'),
        "unsafe or unknown YAML tag",
    ),
    (
        "docs/principles/sharing.md",
        replace("order: 1\n", "order: 1\n" + BOMB),
        "anchors and aliases",
    ),
    (
        "docs/principles/sharing.md",
        whole("---\ntitle: No end\n\nBody\n"),
        "front matter is not closed",
    ),
    (
        "docs/principles/sharing.md",
        whole("---\n- a\n- b\n---\nBody\n"),
        "front matter must be a mapping",
    ),
    ("docs/principles/sharing.md", replace("order: 1", "ordre: 1"), "unknown field `ordre`"),
    (CASE, replace("years: [1980, 1981]", 'years: "1980"'), "`years` should be a list"),
    (CASE, replace("summary: Workers struck and won.\n", ""), "missing field `summary`"),
    (CASE, replace("id: strike", "id: other"), "differs from the file name"),
    (CASE, b"---\nid: strike\ntitle: \xff\xfe\n---\n", "not valid UTF-8"),
    (CASE, replace("Text.", "Te\u2066xt."), "bidirectional control character U+2066"),
    ("docs/cases/empty.md", whole(""), "missing field `id`"),
    (
        "docs/huge.md",
        whole("---\ntitle: Huge\n---\n" + "word " * 130_000),
        "over the 512 KiB limit",
    ),
    (PLAN, replace("minutes: 60", "minutes: sixty"), "`minutes` should be a whole number"),
    (PLAN, replace("minutes: 60", "minutes: true"), "`minutes` should be a whole number"),
    (PLAN, replace("group_size: [4, 12]", "group_size: [0, 5]"), "impossible group size"),
    (PLAN, replace("    minutes: 10", "    minutes: -10"), "has -10 minutes"),
    (PLAN, replace("    method: Round\n", ""), "needs a method and a purpose"),
    (PLAN, replace("    content: |\n      Take turns.\n", ""), "missing field `content`"),
    (PLAN, replace("## Stories {#stories}", "## Stories"), "has no `{#segment-id}`"),
    (PLAN, replace("requires: []", "requires: [followup]"), "prerequisites form a cycle"),
    (PLAN, replace("  - Offer seats.", "  - Offer seats: always."), "a colon followed by a space"),
    (PROG, replace("workshop: followup", "workshop: folowup"), "unknown workshop `folowup`"),
    (PROG, replace('at: "10:15"', 'at: "25:00"'), "must be a quoted clock time"),
    (
        PROG,
        replace("      - workshop: followup", "      - workshop: followup\n        break: 10"),
        "each item is `workshop: ID`",
    ),
    (PROG, replace('start: "09:00"', 'start: "9 am"'), "is not a clock time"),
    (
        TR,
        replace("translation:\n  source:", "translated:\n  source:"),
        "missing `translation:` block",
    ),
    (TR, replace("state: draft", "state: final"), "translation state `final` is not allowed"),
    (
        TR,
        replace("title: Inicio mini", "title: Inicio mini\nextra: 1"),
        "`extra` is not in the English file",
    ),
    (
        "translations/es/docs/ghost.md",
        whole("---\ntitle: Fantasma\n---\n"),
        "has no English source",
    ),
    (
        "translations/es/docs/cases/strike.md",
        whole("---\n" + BOMB + "---\n"),
        "anchors and aliases",
    ),
    (
        "translations/es/docs/cases/strike.md",
        whole("---\n[a]: b\ntitle: x\n---\n"),
        "a key here is a list or a mapping",
    ),
    (PLAN, replace("title: ", "? {a: 1}\n: x\ntitle: "), "a key here is a list or a mapping"),
    (STR, whole("? [site, name]\n: x\n"), "a key here is a list or a mapping"),
    (STR, whole("- just\n- a list\n"), "must be a mapping"),
    (STR, whole("packet:\n  page_of: 12\n"), "should be text"),
    (STR, whole("site:\n  name: [broken\n"), "YAML error"),
    (
        "translations/klingon/docs/index.md",
        whole("---\ntitle: x\n---\n"),
        "unknown language code `klingon`",
    ),
]


@pytest.mark.parametrize(
    "rel, change, words", INPUTS, ids=[f"{i:02d}-{x[2][:32]}" for i, x in enumerate(INPUTS)]
)
def test_bad_input_is_named_and_changes_nothing(
    mini: Path, rel: str, change: Callable[[str], str] | bytes, words: str
) -> None:
    path = mini / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(change, bytes):
        path.write_bytes(change)
    else:
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(change(original), encoding="utf-8")
    before = snapshot(mini)
    problems = load_project(mini, LANGS).problems  # must not raise
    matching = [p for p in problems if words in p.message or words in p.hint]
    assert matching, [str(p) for p in problems]
    top = (
        rel.split("/")[0] + "/" + rel.split("/")[1]
        if rel.startswith("translations/klingon")
        else rel
    )
    assert matching[0].path in (rel, top) and matching[0].line >= 1
    assert snapshot(mini) == before
    assert not Path("/tmp/pwned").exists()


def test_there_are_at_least_thirty_hostile_inputs() -> None:
    assert len(INPUTS) >= 30


def test_symbolic_link_is_refused(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nprivate\n", encoding="utf-8")
    os.symlink(secret, mini / "docs" / "linked.md")
    problems = load_project(mini, LANGS).problems
    assert any(
        p.path == "docs/linked.md" and "symbolic links are not accepted" in p.message
        for p in problems
    )


def test_unsafe_translation_fails_the_build_and_never_reaches_a_page(mini: Path) -> None:
    path = mini / TR
    text = path.read_text(encoding="utf-8") + '\n<script>alert("x")</script>\n'
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index('<script>alert("x")</script>') + 1
    build = mkdocs_build(mini, mini / "site", check=False)
    assert build.returncode != 0
    assert (
        f"translations/es/docs/index.md:{line}: unsafe HTML removed from the page: <script> element"
        in build.log
    )
    assert "Traceback" not in build.log
    if (mini / "site/es/index.html").exists():
        html = (mini / "site/es/index.html").read_text(encoding="utf-8")
        assert 'alert("x")' not in html


def test_a_failed_build_leaves_the_previous_site_intact(mini: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    make = ["make", "-f", str(ROOT / "Makefile"), "--no-print-directory", "site"]
    first = subprocess.run(
        make, cwd=mini, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(mini / "site")
    assert "index.html" in before
    case = mini / CASE
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "principles: [sharing, standing]", "principles: [nope]"
        ),
        encoding="utf-8",
    )
    second = subprocess.run(
        make, cwd=mini, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert second.returncode != 0
    assert "docs/cases/strike.md:7: unknown principle `nope`" in second.stdout + second.stderr
    assert snapshot(mini / "site") == before


@pytest.mark.parametrize(
    "title",
    [
        'Solidarność: "quoted" \\ and # not a comment',
        "- looks like a list: and a key",
        "line\u2028separator, next\u0085line, and \U0001f91d",
        "عربي 中文 true null 1e3",
    ],
)
def test_staged_front_matter_gives_mkdocs_the_same_values(title: str) -> None:
    """Whatever a translator puts in a title reaches MkDocs unchanged (staged as JSON, read as YAML)."""
    from mkdocs.utils.meta import get_data

    from hooks.pages.assemble import front_matter

    meta = {"title": title, "description": title + "\nmore", "hide": ["toc"], "sc_generated": True}
    body, read = get_data(front_matter(meta) + "\n# Body\n")
    assert read == meta and body.strip() == "# Body"
