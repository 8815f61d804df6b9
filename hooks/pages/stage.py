"""The staged docs folder: the pages and files a site engine builds, written
only where they changed, so the engine's own change detection stays useful."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pagetext import PageText


@dataclass
class Stage:
    """What the build needs from assembly: page texts (for line mapping) and the nav."""

    pages: dict[tuple[str, str], PageText] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)  # staged path -> file to copy
    # Packets: published beside their language's pages without passing through the
    # staged docs folder, so each language build handles its own and no others.
    downloads: dict[str, Path] = field(default_factory=dict)  # staged path -> cached file
    nav: list[Any] = field(default_factory=list)
    nav_translations: dict[str, dict[str, str]] = field(default_factory=dict)


def same_bytes(staged: Path, source: Path) -> bool:
    """Whether a staged asset already holds the source's bytes (a hard link to it does)."""
    if staged.samefile(source):
        return True
    return (
        staged.stat().st_size == source.stat().st_size
        and staged.read_bytes() == source.read_bytes()
    )


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to the source where the file system allows one, a copy otherwise.

    A warm build then publishes every packet without reading or copying a byte of it.
    Cached files are replaced, never written in place, so a link cannot change under
    the site.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    tmp.replace(target)


def write_stage(stage: Stage, folder: Path, previous: Stage | None = None) -> int:
    """Write the staged tree, touching only files whose bytes change; returns files written.

    Unchanged files keep their timestamps so `mkdocs serve` does not loop, and
    files no longer produced are removed so a deleted page disappears. `previous` is
    the stage this process last wrote to `folder` (the preview's, after a save): then
    a page is compared with it in memory, and the folder is not read back at all.
    """
    if previous is not None:
        return _write_changes(stage, folder, previous)
    wanted: dict[Path, bytes | Path] = {}
    for (lang, site_path), page in stage.pages.items():
        wanted[folder / lang / site_path] = page.text().encode("utf-8")
    for rel, src in stage.assets.items():
        wanted[folder / rel] = src
    written = 0
    for path, content in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            if path.exists() and same_bytes(path, content):
                continue
            link_or_copy(content, path)
        else:
            if path.exists() and path.read_bytes() == content:
                continue
            path.write_bytes(content)
        written += 1
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def _write_changes(stage: Stage, folder: Path, previous: Stage) -> int:
    """write_stage against the stage last written: what differs from it, and no more."""
    written = 0
    for key, page in stage.pages.items():
        before = previous.pages.get(key)
        # A page kept between saves is the same object (pages/assemble.py).
        if before is page or (before is not None and before.text() == page.text()):
            continue
        path = folder / key[0] / key[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.text().encode("utf-8"))
        written += 1
    for rel, src in stage.assets.items():
        path = folder / rel
        if path.exists() and same_bytes(path, src):
            continue
        link_or_copy(src, path)
        written += 1
    gone = [folder / lang / site_path for lang, site_path in previous.pages.keys() - stage.pages]
    gone += [folder / rel for rel in previous.assets.keys() - stage.assets]
    for path in gone:
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == folder or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()
    return written
