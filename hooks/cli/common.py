"""What every `solidarity` command needs: the project folder, its languages,
the model, and printing problems."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import yaml

from ..model.sources import Problems


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest parent holding mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise SystemExit("solidarity: no mkdocs.yml here or above; run this inside the project folder")


class _MkDocsYaml(yaml.SafeLoader):
    """Safe loader that ignores MkDocs' own tags (!ENV, !!python/name): their values do not matter here."""


_MkDocsYaml.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict[str, Any]:
    data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYaml)  # noqa: S506
    return data if isinstance(data, dict) else {}


def configured_languages(root: Path) -> list[Any]:
    """Languages declared for mkdocs-static-i18n in mkdocs.yml, default first."""
    from ..model.translations import Language

    for plugin in read_config(root).get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = sorted(
                plugin["i18n"]["languages"], key=lambda lang: not lang.get("default", False)
            )
            return [Language(lang["locale"], lang["name"]) for lang in langs]
    return [Language("en", "English")]


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
