"""Results of pure per-file steps kept between loads, for the preview only.

The preview (hooks/preview/) reloads the whole model after every save, so every
rule keeps its one implementation; what makes that fast is that a step whose
inputs did not change (a file's bytes, a text checked against a term list)
returns its earlier result, and replays the problems it found then. A build
never turns this on: it loads once, and a cache would only cost memory.

The results live on a `Memo` the preview owns; `using(memo)` makes it the one the
steps see for the loads made inside it (a context variable, so another build in
the same process, a test's for one, never sees it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")
P = TypeVar("P", bound=list[Any])  # sources.Problems, which imports this module


class Memo:
    """Each step's results by its inputs, with the problems each reported."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, Hashable], tuple[object, tuple[Any, ...]]] = {}
        # One result a slot (see latest()), with the key it was made for.
        self.slots: dict[tuple[str, Hashable], tuple[Hashable, object]] = {}


_active: ContextVar[Memo | None] = ContextVar("memo", default=None)


def active() -> bool:
    """Whether results are kept: a caller may skip making keys when they are not."""
    return _active.get() is not None


@contextmanager
def using(memo: Memo) -> Iterator[None]:
    """Keep and reuse results in `memo` for the loads made inside this block."""
    token = _active.set(memo)
    try:
        yield
    finally:
        _active.reset(token)


def remembered(step: str, key: Hashable, problems: P, compute: Callable[[P], T]) -> T:
    """`compute(problems)`, or its earlier result for the same step and key, with the
    problems it reported then added to `problems` again."""
    memo = _active.get()
    if memo is None:
        return compute(problems)
    found = memo.entries.get((step, key))
    if found is None:
        local = type(problems)()
        value = compute(local)
        found = memo.entries[(step, key)] = (value, tuple(local))
    problems.extend(found[1])
    return found[0]  # type: ignore[return-value]


def kept(step: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its earlier result for the same step and key (a step that
    reports no problems)."""
    return remembered(step, key, [], lambda _found: compute())


def latest(step: str, slot: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the result last made for `slot` if it was made for this `key`.
    One result a slot: a long preview keeps one copy of each page, not one a save."""
    memo = _active.get()
    if memo is None:
        return compute()
    found = memo.slots.get((step, slot))
    if found is not None and found[0] == key:
        return found[1]  # type: ignore[return-value]
    value = compute()
    memo.slots[(step, slot)] = (key, value)
    return value
