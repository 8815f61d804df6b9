"""Preview benchmark (issue #22): our preview against plain `mkdocs serve`, same run, same content.

Run by bench/run.py (`python bench/run.py --preview-scales 1 4 --edits 3`; with
`--scales --keep` it runs the preview alone and keeps the other results).

For each scale, on a copy of the project (bench/run.py's corpus):

1. plain `mkdocs build` of the staged Markdown (Material + mkdocs-static-i18n, no plugin of
   ours), for the start-up target, and our preview's start-up, in turn, three times each
   (`--starts`);
2. our preview (`python -m hooks.mkdocs.serve`), the last one started: for each edit
   kind (an English page, a translated page, an agenda segment's minutes) the time from the
   save to the served page's new bytes, and what it rendered again;
3. plain `mkdocs serve` on the staged Markdown: time until it serves, then the same edit made
   to the staged page, to the served page's new bytes.

bench/run.py writes the results into bench/results.md. Absolute times on this shared
machine are noisy; the ratios are from the same run, and the load average is recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from scaled import ENV, PY, make_corpus  # noqa: E402

ENGLISH = "docs/cases/baltic-way.md"
TRANSLATED = "translations/es/docs/cases/baltic-way.md"
WORKSHOP = "workshops/mapping-interests.md"
PAGES = {  # the served page each edit shows on, and the staged page plain MkDocs renders
    "english": ("cases/baltic-way/", "en/cases/baltic-way.md"),
    "translated": ("es/cases/baltic-way/", "es/cases/baltic-way.md"),
    "minutes": ("workshops/mapping-interests/", "en/workshops/mapping-interests.md"),
}
SCRIPT_TAG = re.compile(rb"<script[^>]*(?:_preview/reload|livereload)[^>]*>(?:</script>)?")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return bytes(SCRIPT_TAG.sub(b"", answer.read()))
    except (urllib.error.URLError, OSError):
        return None


def until(check: Callable[[], bool], timeout: float = 600.0, step: float = 0.01) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("no change seen")
        time.sleep(step)
    return time.perf_counter() - started


def start(cmd: list[str], cwd: Path, url: str, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    until(lambda: proc.poll() is not None or fetch(url) is not None, step=0.05)
    if proc.poll() is not None:
        raise RuntimeError(f"{cmd} stopped: {log.read_text(errors='replace')[-2000:]}")
    return proc, time.perf_counter() - started


def marker(n: int, who: str = "Preview") -> str:
    # Each tool's own words: plain MkDocs runs on the pages our preview's edits left.
    return f"{who} benchmark edit {n}."


def edit_source(project: Path, kind: str, n: int) -> str | None:
    """One edit of the given kind to the project's sources; the text it adds, if any."""
    if kind == "minutes":
        path = project / WORKSHOP
        text = path.read_text(encoding="utf-8")
        # Move a minute from the second segment to the first: the total stays right.
        found = list(re.finditer(r"^(    minutes: )(\d+)$", text, re.M))
        a, b = found[0], found[1]
        delta = 1 if n % 2 else -1
        text = (
            text[: a.start(2)]
            + str(int(a.group(2)) + delta)
            + text[a.end(2) : b.start(2)]
            + str(int(b.group(2)) - delta)
            + text[b.end(2) :]
        )
    else:
        path = project / (ENGLISH if kind == "english" else TRANSLATED)
        text = path.read_text(encoding="utf-8") + f"\n{marker(n)}\n"
    path.write_text(text, encoding="utf-8")
    return None if kind == "minutes" else marker(n)


def edit_staged(docs: Path, kind: str, n: int) -> str:
    """The same edit as plain MkDocs sees it: its page's staged Markdown changes
    (`mkdocs serve` adds a script that differs on every request, so a text is looked for)."""
    path = docs / PAGES[kind][1]
    text = marker(n, "Plain")
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    return text


def timed_edits(
    base: str, edit: Callable[[str, int], str | None], edits: int, log: Path | None
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for kind, (page, _) in PAGES.items():
        url = base + page
        seconds: list[float] = []
        for n in range(1, edits + 1):
            before = fetch(url)
            mark = said(log) if log else (0, 0)
            since = version(base) if log else None
            started = time.perf_counter()
            text = edit(kind, n)

            def shown(
                text: str | None = text,
                before: bytes | None = before,
                url: str = url,
                since: int | None = since,
                path: str = "/" + page,
            ) -> bool:
                now = fetch(url)
                if now is None:
                    return False
                new = text.encode("utf-8") in now if text else now != before
                # Ours: also told the browser showing it to reload (plain MkDocs tells
                # every browser once its whole build is done, after the page is written).
                return new and (since is None or reloads(base, since, path))

            until(shown, step=0.02)
            seconds.append(time.perf_counter() - started)
            if log:
                # The whole update, then its search index, before the next save: a save
                # made while the last update still renders would be timed with it.
                until(partial(more_said, log, mark, 0))
                with contextlib.suppress(TimeoutError):  # no language's entries changed
                    until(partial(more_said, log, mark, 1), timeout=120)
            time.sleep(0.5)  # let the watcher settle before the next save
        out[kind] = {"seconds": seconds, "rebuilt": []}
    return out


def version(base: str) -> int:
    """The preview's update number now (its reload channel answers at once for -1)."""
    return int(json.loads(fetch(base + "_preview/wait?since=-1") or b"{}")["version"])


def reloads(base: str, since: int, path: str) -> bool:
    """Whether an update after `since` told a browser at `path` to reload."""
    answer = fetch(base + f"_preview/wait?since={since}&path={path}")
    return bool(answer and json.loads(answer).get("reload"))


def said(log: Path) -> tuple[int, int]:
    """How many updates, and how many search index updates, the preview has reported."""
    lines = [
        line for line in log.read_text(errors="replace").split("\n") if line.startswith("preview: ")
    ]
    # A save's own update, and the line after all its work (the search index's).
    search = sum(1 for line in lines if line.startswith("preview: search index of "))
    updates = sum(
        1
        for line in lines
        if not line.startswith(("preview: search", "preview: serving", "preview: then "))
    )
    return updates, search


def more_said(log: Path, mark: tuple[int, int], which: int) -> bool:
    return said(log)[which] > mark[which]


def saves_in_log(log: Path) -> list[str]:
    """What the preview said it did after each save, in order: the update's line, then
    the rest of its pages and the search index's when they followed (they come after
    the page, so they can land after the next save's mark: counting lines alone mixed
    them up). The first build's indexing, before any save, is left out."""
    said = [
        line.removeprefix("preview: ")
        for line in log.read_text(errors="replace").split("\n")
        if line.startswith("preview: ") and not line.startswith("preview: serving")
    ][1:]  # the first is the first build
    out: list[str] = []
    for line in said:
        if line.startswith("search index of "):
            if out:
                out[-1] += f", then the {line}"
        elif line.startswith("then ") and out:
            out[-1] += f", {line}"
        else:
            out.append(line)
    return out


def label_saves(ours: dict[str, dict[str, Any]], log: Path) -> None:
    """Each timed save's `rebuilt`, from the whole log once the preview has stopped."""
    saves = iter(saves_in_log(log))
    for kind in PAGES:
        ours[kind]["rebuilt"] = [next(saves, "") for _ in ours[kind]["seconds"]]


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def stage_plain(project: Path, plain: Path) -> None:
    """Plain MkDocs' config for the staged pages (the project's own helper writes it)."""
    subprocess.run(
        [PY, "-m", "hooks.pipeline", "stage", "--no-packets", "--engine-config", str(plain)],
        cwd=project,
        env=ENV,
        check=True,
        capture_output=True,
    )


def plain_build(project: Path, plain: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [PY, "-m", "mkdocs", "build", "-q", "-f", str(plain), "-d", str(project / "_plain")],
        cwd=project,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def bench_scale(scale: int, edits: int, plain_edits: int, starts: int = 3) -> dict[str, object]:
    """One scale: `starts` start-ups of each, taken in turn (plain build, then ours), so
    a busy minute of the shared machine falls on both; the last preview does the edits."""
    project = make_corpus(scale)
    logs = project / "_logs"
    logs.mkdir(exist_ok=True)
    load = [os.getloadavg()[0]]
    plain = project / "plain.json"
    stage_plain(project, plain)
    docs = Path(json.loads(plain.read_text(encoding="utf-8"))["docs_dir"])
    builds: list[float] = []
    ups: list[float] = []
    log = logs / "preview.log"
    for turn in range(max(starts, 1)):
        builds.append(plain_build(project, plain))
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        cmd = [PY, "-m", "hooks.mkdocs.serve", "--port", str(port)]
        proc, up = start(cmd, project, base, log)
        ups.append(up)
        if turn < max(starts, 1) - 1:
            stop(proc)
    pages = sum(1 for _ in (project / "_plain").rglob("*.html"))
    load.append(os.getloadavg()[0])
    try:
        ours = timed_edits(base, lambda kind, n: edit_source(project, kind, n), edits, log)
    finally:
        stop(proc)
    label_saves(ours, log)
    load.append(os.getloadavg()[0])

    # The plain tools on the staged pages, as they are now (after our edits).
    stage_plain(project, plain)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [PY, "-m", "mkdocs", "serve", "-f", str(plain), "-a", f"127.0.0.1:{port}"]
    proc, plain_up = start(cmd, project, base, logs / "plain-serve.log")
    try:
        theirs = timed_edits(base, lambda kind, n: edit_staged(docs, kind, n), plain_edits, None)
    finally:
        stop(proc)
    load.append(os.getloadavg()[0])
    return {
        "scale": scale,
        "pages": pages,
        "plain_build": builds,
        "ours_up": ups,
        "plain_up": plain_up,
        "ours": ours,
        "plain": theirs,
        "load": load,
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def _samples(value: float | list[float]) -> list[float]:
    return value if isinstance(value, list) else [value]  # runs kept from before --starts


def section(rows: list[dict[str, Any]]) -> list[str]:
    """The preview's part of bench/results.md."""
    if not rows:
        return []
    loads = ", ".join(
        f"{row['scale']}x {min(row['load']):.1f}-{max(row['load']):.1f}" for row in rows
    )
    lines = [
        "",
        "## Preview: save to served page (bench/preview.py)",
        "",
        f"Run {rows[0]['when']} on {os.cpu_count()} cores shared with other work (load average "
        f"during each scale: {loads}): absolute times are noisy; the ratios compare runs made",
        "minutes apart on the same content. Times are medians (range) from the save until the",
        "served page's bytes changed (ours: and the browser showing it was told to reload).",
        "Plain is `mkdocs serve` (Material + mkdocs-static-i18n,",
        "no plugin of ours) on the staged Markdown, given the same edit to the staged page;",
        "each row says how many saves each side made.",
        "",
        "Start-up: each side started in turn, plain `mkdocs build` then our preview (until",
        "it serves the home page), medians (range); the ratio is of the medians.",
        "",
        "| scale | pages | plain build (s) | preview up (s) | plain serve up (s) | "
        "preview up / plain build |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        builds, ups = _samples(row["plain_build"]), _samples(row["ours_up"])
        lines.append(
            f"| {row['scale']}x | {row['pages']} | {spread(builds)} | {spread(ups)} | "
            f"{row['plain_up']:.1f} | "
            f"{statistics.median(ups) / statistics.median(builds):.2f} |"
        )
    lines += [
        "",
        "| scale | edit | saves | preview (s) | plain serve (s) | preview / plain "
        "| what the preview did after each save |",
        "| ---: | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        for kind in PAGES:
            ours, theirs = row["ours"][kind], row["plain"][kind]
            rebuilt = "; ".join(ours["rebuilt"])
            lines.append(
                f"| {row['scale']}x | {kind} | {len(ours['seconds'])} / "
                f"{len(theirs['seconds'])} | {spread(ours['seconds'])} | "
                f"{spread(theirs['seconds'])} | "
                f"{statistics.median(ours['seconds']) / statistics.median(theirs['seconds']):.2f} | "
                f"{rebuilt} |"
            )
    return lines
