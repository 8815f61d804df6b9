"""Offline bundles: one zip per language that works opened from disk.

The offline variant of the site is a separate build (`SOLIDARITY_OFFLINE=true`,
with Material's offline plugin: file names instead of directory URLs, search
index inlined as a script, and the iframe-worker shim shipped from this
project rather than a CDN). Its output is zipped here, one language per zip;
the normal build then publishes the zips and links them.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def zip_name(lang: str) -> str:
    return f"solidarity-commons-{lang}.zip"


def language_files(site_dir: Path, lang: str, default: str, languages: list[str]) -> list[Path]:
    """Files a reader of one language needs: that language's pages and the shared assets."""
    others = {code for code in languages if code != default}
    out = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir)
        first = rel.parts[0]
        if first == "offline" or rel.suffix == ".gz":
            continue
        if lang == default:
            if first in others:
                continue
        elif first in others and first != lang:
            continue
        elif first not in others and first not in ("assets",):
            continue  # the default language's pages and index
        if first == lang and len(rel.parts) > 1 and rel.parts[1] == "assets":
            continue  # i18n copies theme assets per language; pages use the shared ones
        out.append(path)
    return out


def write_zip(
    site_dir: Path, files: list[Path], target: Path, when: datetime, start_page: str
) -> None:
    """A reproducible zip: sorted entries, fixed times and permissions; renamed into place when whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        readme = (
            f"Solidarity Commons, offline copy.\n\nOpen {start_page} in a web browser. "
            "No connection is needed; search works too.\n"
        )
        info = zipfile.ZipInfo("README.txt", stamp)
        info.external_attr = 0o644 << 16
        archive.writestr(info, readme, zipfile.ZIP_DEFLATED)
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site_dir).as_posix(), stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)


def bundle_all(
    site_dir: Path, out_dir: Path, languages: list[str], when: datetime
) -> dict[str, Path]:
    made = {}
    default = languages[0]
    for lang in languages:
        files = language_files(site_dir, lang, default, languages)
        start = "index.html" if lang == default else f"{lang}/index.html"
        target = out_dir / zip_name(lang)
        write_zip(site_dir, files, target, when, start)
        made[lang] = target
    return made


def inline_search_indexes(site_dir: Path, languages: list[str]) -> None:
    """file:// cannot fetch JSON: each language's index also as a script (what the theme loads offline)."""
    default = languages[0]
    for lang in languages:
        folder = site_dir / ("" if lang == default else lang) / "search"
        index = folder / "search_index.json"
        if index.exists():
            (folder / "search_index.js").write_text(
                "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8"
            )
