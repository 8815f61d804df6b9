"""The curriculum generator: a programme from a facilitator's constraints.

With a dozen plans, every subset can be tried: for each, add its
prerequisites, check the requested principles are covered, and pack it into
the sessions in an order that keeps prerequisites first. The best fit wins
(covers what was asked, then the most principles, then the best use of the
time), with ties broken by id so the same constraints always give the same
plan. When nothing fits, the constraint that fails is named with what would work.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from .schedule import clock, lay_out
from .workshops import Workshop


@dataclass(frozen=True)
class Constraints:
    sessions: int
    minutes: int
    cover: tuple[str, ...] = ()
    group_size: int | None = None
    format: str | None = None  # in-person | online


@dataclass
class Plan:
    sessions: list[list[str]]  # workshop ids per session, in order
    covered: set[str]

    def minutes(self, workshops: dict[str, Workshop]) -> list[int]:
        return [sum(workshops[w].minutes for w in s) for s in self.sessions]


class Infeasible(Exception):
    """The constraints cannot be met; the message says which one and what would work."""


def eligible(workshops: dict[str, Workshop], c: Constraints) -> dict[str, Workshop]:
    out = {}
    for wid, w in workshops.items():
        if c.group_size is not None and not (w.group_min <= c.group_size <= w.group_max):
            continue
        if c.format and w.format not in (c.format, "both"):
            continue
        if w.minutes > c.minutes:
            continue
        out[wid] = w
    return out


def closure(ids: set[str], workshops: dict[str, Workshop]) -> set[str]:
    out, stack = set(ids), list(ids)
    while stack:
        for need in workshops[stack.pop()].requires:
            if need not in out:
                out.add(need)
                stack.append(need)
    return out


def order(
    ids: set[str], workshops: dict[str, Workshop], principle_rank: dict[str, int]
) -> list[str]:
    """Prerequisites first; otherwise in the order of the principles they teach, then by id."""

    def key(wid: str) -> tuple[int, str]:
        return (
            min((principle_rank.get(p, 99) for p in workshops[wid].principles), default=99),
            wid,
        )

    done: list[str] = []
    remaining = sorted(ids, key=key)
    while remaining:
        for wid in remaining:
            if all(r in done or r not in ids for r in workshops[wid].requires):
                done.append(wid)
                remaining.remove(wid)
                break
        else:  # a cycle; validation reports it, do not loop
            done.extend(remaining)
            break
    return done


def pack(
    sequence: list[str], workshops: dict[str, Workshop], c: Constraints
) -> list[list[str]] | None:
    """Split the ordered workshops into exactly `c.sessions` non-empty runs that each fit.

    Contiguous runs keep prerequisites before what needs them; among the splits
    that fit, the most even one (smallest longest session) is chosen.
    """
    minutes = [workshops[w].minutes for w in sequence]
    best: tuple[int, list[list[str]]] | None = None

    def split(start: int, left: int, acc: list[list[str]], longest: int) -> None:
        nonlocal best
        if left == 1:
            total = sum(minutes[start:])
            if start < len(sequence) and total <= c.minutes:
                candidate = (max(longest, total), acc + [sequence[start:]])
                if best is None or candidate[0] < best[0]:
                    best = candidate
            return
        total = 0
        for end in range(start + 1, len(sequence) - left + 2):
            total += minutes[end - 1]
            if total > c.minutes:
                break
            split(end, left - 1, acc + [sequence[start:end]], max(longest, total))

    if len(sequence) >= c.sessions:
        split(0, c.sessions, [], 0)
    return best[1] if best else None


def plan(workshops: dict[str, Workshop], c: Constraints, principle_rank: dict[str, int]) -> Plan:
    if c.sessions < 1 or c.minutes < 1:
        raise Infeasible("--sessions and --minutes must be at least 1")
    unknown = [p for p in c.cover if p not in principle_rank]
    if unknown:
        raise Infeasible(
            f"unknown principle `{unknown[0]}`; choose from: {', '.join(sorted(principle_rank))}"
        )
    pool = eligible(workshops, c)
    explain_each_principle(workshops, pool, c)
    best: tuple[tuple[int, ...], list[str], list[list[str]]] | None = None
    ids = sorted(pool)
    for size in range(1, len(ids) + 1):
        for subset in combinations(ids, size):
            chosen = closure(set(subset), workshops)
            if not chosen <= set(pool) or len(chosen) != size:
                continue  # a prerequisite does not fit, or this set is counted at its own size
            taught = {p for w in chosen for p in workshops[w].principles}
            if not set(c.cover) <= taught:
                continue
            sessions = pack(order(chosen, workshops, principle_rank), workshops, c)
            if sessions is None:
                continue
            total = sum(workshops[w].minutes for w in chosen)
            score = (len(taught), total, -size)
            key = sorted(chosen)
            if best is None or score > best[0] or (score == best[0] and key < best[1]):
                best = (score, key, sessions)
    if best is None:
        raise Infeasible(explain_jointly(workshops, pool, c, principle_rank))
    sessions = best[2]
    return Plan(sessions, {p for s in sessions for w in s for p in workshops[w].principles})


def explain_each_principle(
    workshops: dict[str, Workshop], pool: dict[str, Workshop], c: Constraints
) -> None:
    """Name the first requested principle that no eligible workshop teaches, and why."""
    for principle in c.cover:
        teaching = [w for w in workshops.values() if principle in w.principles]
        if any(principle in w.principles for w in pool.values()):
            continue
        if not teaching:
            raise Infeasible(f"no workshop teaches `{principle}` yet")
        fits_format = [w for w in teaching if not c.format or w.format in (c.format, "both")]
        if not fits_format:
            raise Infeasible(
                f"no {c.format} workshop covers `{principle}`; "
                f"{', '.join(w.id for w in teaching)} run in person only: drop --format"
            )
        fits_group = [
            w
            for w in fits_format
            if c.group_size is None or w.group_min <= c.group_size <= w.group_max
        ]
        if not fits_group:
            largest = max(w.group_max for w in fits_format)
            smallest = min(w.group_min for w in fits_format)
            bound = (
                f"the largest group any of them takes is {largest}; split the group"
                if c.group_size and c.group_size > largest
                else f"the smallest group any of them needs is {smallest}; invite more people"
            )
            raise Infeasible(
                f"no workshop on `{principle}` suits a group of {c.group_size}: {bound}"
            )
        shortest = min(fits_group, key=lambda w: (w.minutes, w.id))
        raise Infeasible(
            f"the shortest workshop on `{principle}` ({shortest.id}) needs {shortest.minutes} "
            f"minutes; use --minutes {shortest.minutes} or more"
        )


def explain_jointly(
    workshops: dict[str, Workshop],
    pool: dict[str, Workshop],
    c: Constraints,
    principle_rank: dict[str, int],
) -> str:
    if not pool:
        plans = list(workshops.values())
        if c.group_size is not None and not any(
            w.group_min <= c.group_size <= w.group_max for w in plans
        ):
            largest = max(w.group_max for w in plans)
            smallest = min(w.group_min for w in plans)
            # Advice for a group too small is not advice for one too large: two people cannot split.
            if c.group_size < smallest:
                return (
                    f"no workshop suits a group of {c.group_size}: the smallest group any workshop "
                    f"needs is {smallest}; invite more people, or join a group that runs one"
                )
            if c.group_size > largest:
                return (
                    f"no workshop suits a group of {c.group_size}: the largest group any workshop "
                    f"takes is {largest}; split the group or use --group-size {largest}"
                )
            sizes = ", ".join(
                f"{low}–{high}" for low, high in sorted({(w.group_min, w.group_max) for w in plans})
            )
            return (
                f"no workshop suits a group of {c.group_size}: the workshops take groups of {sizes}"
            )
        if not any(w.minutes <= c.minutes for w in plans):
            shortest = min(w.minutes for w in plans)
            return (
                f"the shortest workshop needs {shortest} minutes; use --minutes {shortest} or more"
            )
        return "no workshop fits these constraints together; try more --minutes, another --format or --group-size"
    if c.sessions > len(pool):
        return (
            f"only {len(pool)} workshop{'s' if len(pool) != 1 else ''} fit these constraints, fewer than "
            f"{c.sessions} sessions; use --sessions {len(pool)} or fewer"
        )
    for more in range(c.sessions + 1, len(pool) + 1):
        try:
            plan(
                workshops,
                Constraints(more, c.minutes, c.cover, c.group_size, c.format),
                principle_rank,
            )
        except Infeasible:
            continue
        return (
            f"covering {', '.join(c.cover) or 'these principles'} in {c.sessions} session"
            f"{'s' if c.sessions != 1 else ''} of {c.minutes} minutes is not possible; "
            f"use --sessions {more}, or fewer --cover principles"
        )
    return "these workshops cannot be arranged into the sessions asked for; try more --minutes per session"


def describe(
    p: Plan,
    workshops: dict[str, Workshop],
    titles: dict[str, str],
    start: int,
    dates: list[str] | None = None,
) -> str:
    """The plan as text with clock times, one block per session."""
    lines = []
    for number, session in enumerate(p.sessions, 1):
        when = f" ({dates[number - 1]})" if dates else ""
        slots = lay_out(session, start, lambda wid: workshops[wid].minutes)
        total = slots[-1].end - start if slots else 0
        lines.append(f"Session {number}{when}: {clock(start)}–{clock(start + total)}, {total} min")
        for slot in slots:
            minutes = slot.end - slot.start
            lines.append(
                f"  {clock(slot.start)}–{clock(slot.end)}  {titles[slot.item]} ({minutes} min)"
            )
    return "\n".join(lines)
