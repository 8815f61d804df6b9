"""Which source files changed since the last look: a poll of their times and sizes.

Polling a few hundred files costs milliseconds and sees every editor's way of saving
(in place, or a new file renamed over the old one), with no dependency.
"""

from __future__ import annotations

from pathlib import Path

Signature = dict[Path, tuple[int, int]]

WATCHED = ("docs", "workshops", "translations", "overrides", "mkdocs.yml")


def signature(root: Path) -> Signature:
    out: Signature = {}
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in paths:
            try:
                stat = file.stat()
            except OSError:
                continue  # removed while we looked
            if file.is_file() and not file.name.startswith(".") and not file.name.endswith("~"):
                out[file] = (stat.st_mtime_ns, stat.st_size)
    return out


def changed(before: Signature, after: Signature) -> list[Path]:
    """Files added, removed or changed between two signatures."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
