"""The one clock: clock times, and laying items out one after another in time.

Workshop agendas, curriculum sessions (with breaks at fixed times), the check
that a fixed break does not start before the previous item ends, the packets, the
planner's text and a generated programme (a break between workshops) all place items
in time with `lay_out`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

# When a plan or programme gives no start time: an evening meeting.
DEFAULT_START = 18 * 60
DAY = 24 * 60

T = TypeVar("T")


@dataclass(frozen=True)
class Slot(Generic[T]):
    """One item placed in time, in minutes from midnight (or from 0:00)."""

    start: int
    end: int
    item: T
    wanted: int | None = None  # the item's fixed time, when it has one
    ready: int = 0  # when the previous item ended

    @property
    def too_early(self) -> bool:
        """A fixed time before the previous item ends: the item starts late instead."""
        return self.wanted is not None and self.wanted < self.ready


def lay_out(
    items: Iterable[T],
    start: int,
    minutes: Callable[[T], int],
    fixed: Callable[[T], int | None] = lambda _: None,
    gap: int = 0,
) -> list[Slot[T]]:
    """Each item starts `gap` minutes (a break) after the previous one ends, or at its
    fixed time if that is later."""
    out: list[Slot[T]] = []
    at = start
    for item in items:
        wanted = fixed(item)
        free = at + gap if out else at
        begins = max(free, wanted) if wanted is not None else free
        out.append(Slot(begins, begins + minutes(item), item, wanted, at))
        at = begins + minutes(item)
    return out


def clock(minutes: int) -> str:
    """Clock time, wrapping past midnight."""
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def elapsed(minutes: int) -> str:
    """Running clock from 0:00."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def parse_clock(value: str) -> int | None:
    """Minutes after midnight of an "HH:MM" time, or None if it is not one."""
    match = CLOCK.match(value.strip()) if isinstance(value, str) else None
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None
