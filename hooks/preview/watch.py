"""Which source files changed since the last look: their times and sizes compared.

A scan of a few hundred files sees every editor's way of saving (in place, or a new
file renamed over the old one); `Wakeup` says when to make one.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

Signature = dict[Path, tuple[int, int]]

WATCHED = ("docs", "workshops", "translations", "overrides", "mkdocs.yml")


def signature(root: Path) -> Signature:
    out: Signature = {}
    for name in WATCHED:
        path = root / name
        if path.is_file():
            stat = path.stat()
            out[path] = (stat.st_mtime_ns, stat.st_size)
        elif path.is_dir():
            _scan(path, out)
    return out


def _scan(folder: Path, out: Signature) -> None:
    # os.scandir: one system call a folder, and the file kinds come with the names.
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # removed while we looked
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(Path(entry.path), out)
            else:
                stat = entry.stat(follow_symlinks=False)
                out[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue


def changed(before: Signature, after: Signature) -> list[Path]:
    """Files added, removed or changed between two signatures."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class Wakeup:
    """Wakes the preview when a watched folder changes: inotify through watchdog (which
    MkDocs depends on), else a plain timer, so a scan is made once per save rather than
    many times a second on a machine that others share."""

    def __init__(self, root: Path, fallback: float = 0.1) -> None:
        self.event = threading.Event()
        self.fallback = fallback
        self.observer: Any = None
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            return
        event = self.event

        class Handler(FileSystemEventHandler):
            def on_any_event(self, _: object) -> None:
                event.set()

        observer = Observer()
        for name in WATCHED:
            path = root / name
            if path.is_dir():
                observer.schedule(Handler(), str(path), recursive=True)
            elif path.is_file():
                observer.schedule(Handler(), str(root), recursive=False)
        observer.daemon = True
        observer.start()
        self.observer = observer

    def wait(self) -> None:
        """Until something may have changed (at most a few seconds, as a safety net)."""
        if self.observer is None:
            time.sleep(self.fallback)
            return
        self.event.wait(timeout=2.0)
        self.event.clear()

    def pending(self) -> bool:
        """Whether something changed since the last wait() (without inotify: never
        known early, so work in hand is finished first)."""
        return self.observer is not None and self.event.is_set()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
