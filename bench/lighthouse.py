"""Lighthouse scores for the built site, page by page, with the audits that fail.

    npm ci --prefix bench/lighthouse          # once: Lighthouse, pinned by the lockfile
    python bench/lighthouse.py [--site site] [--out bench/lighthouse.json] [--runs 3] [--pages / /ar/ ...]

Serves the built site from a local static server (127.0.0.1, a free port, a background
thread) and runs the Lighthouse CLI on one page at a time with Debian's Chromium
(CHROME_PATH, no browser download), mobile form factor and Lighthouse's default simulated
throttling. Each page is measured --runs times and the median run is reported: on a
noisy two-core machine one run's Total Blocking Time can double the next one's. Writes
every page's four category scores (0-100), its metrics, every run's performance score and
its failing audits (id, title, display value and the elements or files concerned) to
--out, and prints a table.

The server sends text with gzip when asked, as any static host does; --no-gzip serves the
files as they are (Lighthouse then also reports "Enable text compression"). It sends no
Cache-Control header, so cache lifetimes are the host's business, not the site's.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_CLI = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_PATH = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
NOT_SCORED = {"informative", "notApplicable", "manual", "error"}
MAX_ITEMS = 10  # elements or files kept per failing audit

CONTENT_TYPES = {
    "": "application/octet-stream",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
}
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "image/svg+xml",
)


# ---------------------------------------------------------------------------
# Static server
# ---------------------------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory: `/ar/` gives `ar/index.html`, `/ar` redirects to `/ar/`."""

    extensions_map = CONTENT_TYPES
    gzip_text = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (
            self.gzip_text and accepts_gzip and path.is_file() and ctype.startswith(COMPRESSIBLE)
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, for `SimpleHTTPRequestHandler.copyfile`."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data

    def read(self, _size: int = -1) -> bytes:
        data, self._data = self._data or b"", None
        return data

    def close(self) -> None:
        self._data = None


@contextlib.contextmanager
def serve(site_dir: Path, *, gzip_text: bool = True) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    handler = type("Handler", (SiteHandler,), {"gzip_text": gzip_text})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------


def default_pages(site_dir: Path) -> list[str]:
    """Home, the first case and the first workshop (alphabetically), in English and Arabic."""

    def first(section: str) -> str:
        slugs = sorted(p.name for p in (site_dir / section).iterdir() if p.is_dir())
        if not slugs:
            raise SystemExit(f"no page directories in {site_dir / section}")
        return f"/{section}/{slugs[0]}/"

    english = ["/", first("cases"), first("workshops")]
    return english + ["/ar" + page for page in english]


def _node_label(node: dict[str, Any]) -> str:
    """An element: its selector, its opening tag and axe's explanation (e.g. the contrast)."""
    parts = [node.get("selector") or node.get("nodeLabel") or ""]
    snippet = node.get("snippet")
    if snippet and snippet != parts[0]:
        parts.append(snippet[:200])
    explanation = node.get("explanation") or ""
    explanation = explanation.replace("Fix any of the following:", "").replace(
        "Fix all of the following:", ""
    )
    if explanation.strip():
        parts.append("— " + " ".join(explanation.split())[:300])
    return " ".join(p for p in parts if p)


def _label(item: dict[str, Any]) -> str | None:
    """What a details row is about: an element, a file (with line), or a short text."""
    for key in ("node", "source", "relatedNode", "location", "sourceLocation", "url", "entity"):
        value = item.get(key)
        if isinstance(value, dict):
            if value.get("type") == "node":
                return _node_label(value)
            if value.get("type") == "source-location":
                where = (
                    f"{value.get('url', '')}:{value.get('line', 0) + 1}:{value.get('column', 0)}"
                )
                original = value.get("original")
                if isinstance(original, dict) and original.get("file"):
                    where += f" ({original['file']}:{original.get('line', 0) + 1})"
                return where
            value = value.get("url") or value.get("value") or value.get("text")
        if isinstance(value, str) and value:
            return value[:300]
    for key in ("groupLabel", "signal", "reason", "description", "label", "name", "phase"):
        if isinstance(item.get(key), str) and item[key]:
            return str(item[key])[:300]
    return None


NUMBERS = ("totalBytes", "wastedBytes", "wastedMs", "duration", "reflowTime", "total", "timing")


def _rows(details: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a table, opportunity or list of tables (insights), flattened."""
    rows: list[dict[str, Any]] = []
    for item in details.get("items") or []:
        if not isinstance(item, dict):
            continue
        if item.get("type") in ("table", "opportunity", "list"):
            rows.extend(_rows(item))
        elif item.get("type") == "list-section":
            value = item.get("value") or {}
            if value.get("type") == "network-tree":
                rows.extend(_chains(value.get("chains") or {}))
        else:
            rows.append(item)
    return rows


def _chains(chains: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """A network dependency tree as rows: each request, indented by depth, with its end time."""
    rows: list[dict[str, Any]] = []
    for chain in chains.values():
        rows.append(
            {
                "url": "  " * depth + chain.get("url", ""),
                "endMs": round(chain.get("navStartToEndTime", 0)),
                "transferSize": chain.get("transferSize", 0),
            }
        )
        rows.extend(_chains(chain.get("children") or {}, depth + 1))
    return rows


def _summarize_items(details: dict[str, Any], base_url: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in _rows(details):
        row: dict[str, Any] = {}
        label = _label(item)
        if label:
            row["what"] = label.replace(base_url, "")
        for key in (*NUMBERS, "endMs", "transferSize"):
            if isinstance(item.get(key), (int, float)) and item[key]:
                row[key] = round(item[key])
        sub = item.get("subItems")
        if isinstance(sub, dict) and sub.get("items"):
            nested = []
            for s in sub["items"]:
                if not isinstance(s, dict):
                    continue
                text = _label(s) or ""
                signal = s.get("signal")
                if signal and not text.startswith(str(signal)):
                    text = f"{signal} at {text}" if text else str(signal)
                if text and text not in nested:
                    nested.append(text.replace(base_url, ""))
            if nested:
                row["related"] = nested[:MAX_ITEMS]
        if row and row not in out:
            out.append(row)
        if len(out) >= MAX_ITEMS:
            break
    return out


def failing_audits(report: dict[str, Any], base_url: str) -> list[dict[str, Any]]:
    """Audits in the four categories with a score below 1 (not informative or not applicable).

    Each keeps its category, weight in the category score and group; group "hidden" marks
    audits the Lighthouse report does not show (12.x's insight previews of the classic
    audits, TTI, max potential FID). They are listed last.
    """
    refs = {
        ref["id"]: (name, ref)
        for name, category in report.get("categories", {}).items()
        for ref in category.get("auditRefs", [])
    }
    failing = []
    for audit_id, audit in report.get("audits", {}).items():
        score = audit.get("score")
        if score is None or score >= 1 or audit.get("scoreDisplayMode") in NOT_SCORED:
            continue
        entry: dict[str, Any] = {
            "id": audit_id,
            "title": audit.get("title", ""),
            "category": refs.get(audit_id, ("", {}))[0],
            "score": score,
            "weight": refs.get(audit_id, ("", {}))[1].get("weight", 0),
            "group": refs.get(audit_id, ("", {}))[1].get("group", ""),
        }
        if audit.get("displayValue"):
            entry["displayValue"] = audit["displayValue"]
        details = audit.get("details") or {}
        for key in ("overallSavingsMs", "overallSavingsBytes"):
            if details.get(key):
                entry[key] = round(details[key])
        items = _summarize_items(details, base_url)
        if items:
            entry["items"] = items
        failing.append(entry)
    order = {name: i for i, name in enumerate(CATEGORIES)}
    failing.sort(
        key=lambda a: (
            a["group"] == "hidden",
            order.get(a["category"], len(order)),
            -a["weight"],
            a["score"],
            a["id"],
        )
    )
    return failing


def _lighthouse(url: str, output: Path) -> dict[str, Any]:
    if not LIGHTHOUSE_CLI.is_file():
        raise SystemExit(f"{LIGHTHOUSE_CLI} missing: run `npm ci --prefix bench/lighthouse`")
    env = dict(os.environ, CHROME_PATH=CHROME_PATH, PUPPETEER_SKIP_DOWNLOAD="1")
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--no-enable-error-reporting",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not output.is_file():
        raise RuntimeError(
            f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-2000:]}"
        )
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    return report


def _performance(report: dict[str, Any]) -> int:
    return round((report["categories"]["performance"].get("score") or 0) * 100)


def _tbt(report: dict[str, Any]) -> float:
    return float(report["audits"]["total-blocking-time"].get("numericValue") or 0)


def run_lighthouse(
    site_dir: Path,
    pages: list[str],
    out: Path,
    *,
    gzip_text: bool = True,
    keep_reports: Path | None = None,
    runs: int = 3,
) -> dict[str, dict[str, int]]:
    """Run Lighthouse on each page of `site_dir`; write the details to `out`, return scores.

    Each page is measured `runs` times and the median run (by performance score, then
    Total Blocking Time) is reported, as Lighthouse's own guidance on variability
    advises; every run's performance score and TBT are kept alongside. With
    `keep_reports`, each page's median Lighthouse JSON report is kept there too.

    Over 60 lines because it is one pass over the pages inside one served site and one
    temporary folder, and the record of that pass; split, both would be handed around.
    """
    scores: dict[str, dict[str, int]] = {}
    results: dict[str, Any] = {}
    version = browser = ""
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    built = site_dir / "index.html"
    with serve(site_dir, gzip_text=gzip_text) as base, tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            t0 = time.monotonic()
            measured = []
            for run in range(max(1, runs)):
                run_path = Path(tmp) / f"report-{run}.json"
                measured.append((_lighthouse(base + page, run_path), run_path))
            ranked = sorted(measured, key=lambda m: (_performance(m[0]), -_tbt(m[0])))
            report, report_path = ranked[len(ranked) // 2]
            if keep_reports is not None:
                keep_reports.mkdir(parents=True, exist_ok=True)
                name = page.strip("/").replace("/", "_") or "home"
                shutil.copyfile(report_path, keep_reports / f"{name}.json")
            page_scores = {
                name: round((report["categories"][name].get("score") or 0) * 100)
                for name in CATEGORIES
            }
            audits = report["audits"]
            scores[page] = page_scores
            results[page] = {
                "scores": page_scores,
                "metrics": {
                    short: audits[long].get("displayValue", "").replace("\xa0", " ")
                    for short, long in METRICS.items()
                    if long in audits
                },
                "runs": [
                    {"performance": _performance(r), "TBT ms": round(_tbt(r))} for r, _ in measured
                ],
                "failing": failing_audits(report, base),
                "warnings": report.get("runWarnings", []),
                "seconds": round(time.monotonic() - t0, 1),
            }
            version = report.get("lighthouseVersion", "")
            browser = report.get("environment", {}).get("hostUserAgent", "")
            print(f"  {page}: {results[page]['seconds']} s", file=sys.stderr)
    data = {
        "lighthouse": version,
        "browser": browser,
        "settings": "mobile form factor, Lighthouse's default simulated throttling",
        "runs": max(1, runs),
        "gzip": gzip_text,
        "site": str(site_dir),
        "site_built": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(built.stat().st_mtime)),
        "seconds": round(time.monotonic() - started, 1),
        # Other work on the machine shows in TBT and the performance score.
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
        "pages": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return scores


def table(data: dict[str, Any]) -> str:
    """Scores and metrics per page, the number of failing audits, and the failing ids
    outside performance (performance's own list is long and the same on every page)."""
    heads = [
        "page",
        "perf",
        "a11y",
        "bp",
        "seo",
        *METRICS,
        "perf runs",
        "fails",
        "a11y/bp/seo failing",
    ]
    # "fails" counts the audits the Lighthouse report shows (not the hidden group).
    rows = [heads]
    for page, result in data["pages"].items():
        s, m, failing = result["scores"], result["metrics"], result["failing"]
        rows.append(
            [
                page,
                *(str(s[c]) for c in CATEGORIES),
                *(m.get(k, "") for k in METRICS),
                "/".join(str(r["performance"]) for r in result.get("runs", [])),
                str(sum(a["group"] != "hidden" for a in failing)),
                " ".join(a["id"] for a in failing if a["category"] != "performance") or "-",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
        for r in rows
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site directory")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "lighthouse.json", help="JSON results"
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PATH",
        help="site paths such as / or /ar/cases/baltic-way/ (default: home, first case, "
        "first workshop, in English and Arabic)",
    )
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page; the median run is reported (default 3)"
    )
    parser.add_argument(
        "--keep-reports", type=Path, metavar="DIR", help="also keep each page's full report here"
    )
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        parser.error(f"{site} is not a built site (no index.html)")
    pages = args.pages or default_pages(site)
    pages = [p if p.startswith("/") else "/" + p for p in pages]
    run_lighthouse(
        site,
        pages,
        args.out,
        gzip_text=not args.no_gzip,
        keep_reports=args.keep_reports,
        runs=args.runs,
    )
    data = json.loads(args.out.read_text(encoding="utf-8"))
    print(table(data))
    load = data["load_average_1min"]
    print(
        f"\n{len(pages)} pages in {data['seconds']} s (Lighthouse {data['lighthouse']}, "
        f"load {load[0]} -> {load[1]} on {data['cpus']} CPUs); details in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
