"""Workshop plans and curricula: the schema, validation, schedules with clock
times, and the Markdown of workshop, curriculum and index pages."""

from __future__ import annotations

import re

CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


DEFAULT_START = 18 * 60


def clock(minutes: int) -> str:
    """Clock time, wrapping past midnight."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def elapsed(minutes: int) -> str:
    """Running clock from 0:00."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def parse_clock(value: str) -> int | None:
    match = CLOCK.match(value.strip()) if isinstance(value, str) else None
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None
