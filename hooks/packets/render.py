"""Rendering packets with WeasyPrint: in a pool of processes, into a cache keyed
by each packet's HTML, atomically, pruning what is no longer used."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

from ..model.catalog import PacketFile
from ..model.project import Project
from .jobs import Job, inputs_key, iter_jobs
from .paper import QR_PREFIX, PacketError


def render_to_file(job_html: str, digest: str, target: str) -> int:
    """Render one packet to `target` atomically; returns its page count."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    class OwnImages(URLFetcher):
        """Packets are self-contained: the build's own QR code, and nothing else, is fetched."""

        def fetch(self, url: str, headers: object = None) -> object:
            if not url.startswith(QR_PREFIX):
                raise ValueError(f"packets fetch nothing but their own images, not {url[:60]!r}")
            return super().fetch(url, headers)

    fetcher = OwnImages(allowed_protocols={"data"}, fail_on_errors=True)
    document_ = HTML(string=job_html, url_fetcher=fetcher).render()
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        # A fixed identifier (from the content hash) keeps the bytes reproducible.
        document_.write_pdf(tmp, pdf_identifier=digest.encode("ascii"), pdf_tags=True)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(document_.pages)


def render_all(
    project: Project,
    cache_dir: Path,
    workers: int,
    site_url: str,
    jobs: Iterable[Job] | None = None,
) -> tuple[dict[tuple[str, str, str], PacketFile], int]:
    """Every packet, from the cache where its inputs are unchanged, rendered otherwise.

    Returns the packets and how many had to be rendered.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    index_path = cache_dir / "pages.json"
    pages: dict[str, int] = json.loads(index_path.read_text()) if index_path.exists() else {}
    key = inputs_key(project, site_url) if jobs is None else ""
    if key:
        found = _last_build(cache_dir, key, pages)
        if found is not None:
            return found, 0
    made, rendered, failures = _render_due(
        jobs if jobs is not None else iter_jobs(project, site_url), cache_dir, pages, workers
    )
    if rendered:
        write_json(index_path, pages)
    if failures:
        raise PacketError("; ".join(sorted(failures)))
    if key:
        _record_build(cache_dir, key, made, pages)
    return {
        job.key: PacketFile(cache_dir / f"{job.digest}.pdf", pages[job.digest]) for job in made
    }, rendered


def _last_build(
    cache_dir: Path, key: str, pages: dict[str, int]
) -> dict[tuple[str, str, str], PacketFile] | None:
    """The last build's packets, if nothing they are made from has changed since (a warm
    build: neither the HTML nor its hashes need to be made again) and all are still cached."""
    manifest_path = cache_dir / "last-build.json"
    if not manifest_path.exists():
        return None
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("key") != key or not all(
        digest in pages and (cache_dir / f"{digest}.pdf").exists()
        for digest in manifest["packets"].values()
    ):
        return None
    found: dict[tuple[str, str, str], PacketFile] = {}
    for name, digest in manifest["packets"].items():
        lang, kind, ident = name.split("/")
        found[(lang, kind, ident)] = PacketFile(cache_dir / f"{digest}.pdf", pages[digest])
    return found


def _render_due(
    jobs: Iterable[Job], cache_dir: Path, pages: dict[str, int], workers: int
) -> tuple[list[Job], int, list[str]]:
    """Render in a pool each job whose PDF is not cached, its page count into `pages`.

    Returns every job, how many were rendered, and a line naming each that failed.
    """
    # Each due packet goes to the pool as soon as its HTML is made: the workers start
    # (and import WeasyPrint) while the main process makes the rest.
    made: list[Job] = []
    failures: list[str] = []
    futures: dict[Future[int], Job] = {}
    due: set[str] = set()
    progress = Progress()
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for job in jobs:
            made.append(job)
            target = cache_dir / f"{job.digest}.pdf"
            if job.digest in due or (target.exists() and job.digest in pages):
                continue  # cached, or the same HTML is already being rendered
            due.add(job.digest)
            futures[pool.submit(render_to_file, job.html, job.digest, str(target))] = job
            progress.total += 1
        for future in as_completed(futures):
            job = futures[future]
            try:
                pages[job.digest] = future.result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: B036 (WeasyPrint's fetch errors are BaseExceptions)
                # One packet's failure must name it, not hide it.
                failures.append(
                    f"packet {'/'.join(job.key)} ({job.title}): {type(exc).__name__}: {exc}"
                )
            progress.step(job)
    if futures:
        progress.done()
    return made, len(futures), failures


def _record_build(cache_dir: Path, key: str, made: list[Job], pages: dict[str, int]) -> None:
    """Note this full build's packets for the next warm build, and prune what it left unused."""
    manifest = {"key": key, "packets": {"/".join(job.key): job.digest for job in made}}
    write_json(cache_dir / "last-build.json", manifest)
    if prune(cache_dir, {job.digest for job in made}, pages, time.time()):
        write_json(cache_dir / "pages.json", pages)


# Every edit leaves the packet's old PDF behind: a few weeks of translating would
# fill the disk. Two weeks unused keeps what another branch still builds.
KEEP_UNUSED_DAYS = 14


def prune(cache_dir: Path, in_use: set[str], pages: dict[str, int], now: float) -> int:
    """Remove cached packets no full build has used for `KEEP_UNUSED_DAYS`; how many went.

    `used.json` records when each packet was last part of a build. A PDF from before
    that record counts from when it was rendered.
    """
    record = cache_dir / "used.json"
    used: dict[str, float] = json.loads(record.read_text()) if record.exists() else {}
    used.update(dict.fromkeys(in_use, now))
    cutoff = now - KEEP_UNUSED_DAYS * 86400
    removed, kept = 0, {}
    for pdf in cache_dir.glob("*.pdf"):
        last = used[pdf.stem] if pdf.stem in used else pdf.stat().st_mtime
        if last < cutoff:
            pdf.unlink()
            pages.pop(pdf.stem, None)
            removed += 1
        else:
            kept[pdf.stem] = last
    # Files a killed worker left half-written.
    for tmp in cache_dir.glob("*.pdf.*.tmp"):
        if tmp.stat().st_mtime < cutoff:
            tmp.unlink()
    write_json(record, kept)  # records of PDFs deleted by hand drop out too
    return removed


def write_json(path: Path, data: object) -> None:
    """Replace a cache record whole, so an interrupted build never leaves half of one."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, sort_keys=True))
    tmp.replace(path)


class Progress:
    """A one-line counter on a terminal; silent in logs and CI."""

    def __init__(self) -> None:
        self.total, self.count = 0, 0  # the total grows while jobs are still being made
        self.tty = sys.stderr.isatty()

    def step(self, job: Job) -> None:
        self.count += 1
        if self.tty:
            print(
                f"\rRendering packets {self.count}/{self.total} ({'/'.join(job.key)})\x1b[K",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def render_one(job: Job, target: Path) -> int:
    """One packet on demand (the CLI): written atomically, never a partial file, into a
    folder that is there (the CLI makes none unasked)."""
    return render_to_file(job.html, job.digest, str(target))
