"""The site's Markdown as mkdocs.yml configures it, for checks made without a build."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def markdown_renderer(root: Path) -> Any:
    """A Markdown converter with the site's own extensions, so HTML checks see what the site would."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
