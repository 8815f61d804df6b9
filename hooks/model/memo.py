"""Results of pure per-file steps kept between loads, for the preview only.

The preview (hooks/preview/) reloads the whole model after every save, so every
rule keeps its one implementation; what makes that fast is that a step whose
inputs did not change (a file's bytes, a text checked against a term list)
returns its earlier result, and replays the problems it found then. A build
never turns this on: it loads once, and a cache would only cost memory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
P = TypeVar("P", bound=list[Any])  # sources.Problems, which imports this module

_entries: dict[tuple[str, Hashable], tuple[object, tuple[Any, ...]]] | None = None


def enable() -> None:
    """Keep results from now on (the preview calls this once, before its first load)."""
    global _entries
    if _entries is None:
        _entries = {}


def enabled() -> bool:
    return _entries is not None


def remembered(step: str, key: Hashable, problems: P, compute: Callable[[P], T]) -> T:
    """`compute(problems)`, or its earlier result for the same step and key, with the
    problems it reported then added to `problems` again."""
    if _entries is None:
        return compute(problems)
    found = _entries.get((step, key))
    if found is None:
        local = type(problems)()
        value = compute(local)
        found = _entries[(step, key)] = (value, tuple(local))
    problems.extend(found[1])
    return found[0]  # type: ignore[return-value]


def kept(step: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its earlier result for the same step and key (a step that
    reports no problems)."""
    return remembered(step, key, [], lambda _found: compute())
