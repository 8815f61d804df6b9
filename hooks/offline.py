"""Offline bundles: placeholder until the offline build lands."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def bundle_all(site_dir: Path, project: Any) -> None:
    return None
