"""`solidarity curriculum`, `solidarity packet` and `solidarity links`: the facilitator commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    """Filled in with the planner and packets."""
    _ = argparse
