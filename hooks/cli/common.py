"""What every `solidarity` command needs: the project folder, its languages,
the model, and printing problems."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

# The settings are read by the model (pipeline and command alike); named here too for the commands.
from ..model.config import configured_languages, read_config
from ..model.sources import Problems

__all__ = ["configured_languages", "find_root", "load", "print_problems", "read_config"]


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest parent holding mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise SystemExit("solidarity: no mkdocs.yml here or above; run this inside the project folder")


def load(root: Path) -> Any:
    from ..model.project import load_project

    return load_project(root, configured_languages(root))


def print_problems(problems: Problems, out: Any = sys.stderr) -> None:
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=out)


def missing_folder(target: Path, hint: str = "") -> str | None:
    """Why the file the user named cannot be written where they said: its folder is not
    there. Folders are made only when asked for (an -o ending in /), never by surprise."""
    folder = target.parent
    if folder.is_dir():
        return None
    state = "is not a folder" if folder.exists() else "does not exist"
    return (
        f"solidarity: cannot write {target}: the folder {folder} {state}; "
        f"create it first (mkdir -p {shlex.quote(str(folder))}){hint}"
    )
