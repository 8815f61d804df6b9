"""The project's settings as mkdocs.yml declares them, read as plain YAML (no MkDocs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .translations import Language


class _MkDocsYaml(yaml.SafeLoader):
    """Safe loader that ignores MkDocs' own tags (!ENV, !!python/name): their values do not matter here."""


_MkDocsYaml.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict[str, Any]:
    data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYaml)  # noqa: S506
    return data if isinstance(data, dict) else {}


def configured_languages(root: Path) -> list[Language]:
    """Languages declared for mkdocs-static-i18n in mkdocs.yml, default first."""
    from .translations import Language  # when asked: the command's start stays light

    for plugin in read_config(root).get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = sorted(
                plugin["i18n"]["languages"], key=lambda lang: not lang.get("default", False)
            )
            return [Language(lang["locale"], lang["name"]) for lang in langs]
    return [Language("en", "English")]
