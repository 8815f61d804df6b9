"""The curriculum generator: a programme from a facilitator's constraints.

With a dozen plans, every subset can be tried: for each, add its
prerequisites, check the requested principles are covered, and pack it into
the sessions in an order that keeps prerequisites first. The best fit wins
(covers what was asked, then the most principles, then the best use of the
time), with ties broken by id so the same constraints always give the same
plan. When nothing fits, the constraint that fails is named with what would work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from .schedule import clock, lay_out
from .strings import Strings
from .workshops import LEVELS, Workshop


@dataclass(frozen=True)
class Constraints:
    sessions: int
    minutes: int
    cover: tuple[str, ...] = ()
    group_size: int | None = None
    format: str | None = None  # in-person | online
    level: str | None = None  # the highest level allowed, one of workshops.LEVELS
    break_minutes: int = 0  # between two workshops of a session, counted in its minutes


@dataclass
class Plan:
    sessions: list[list[str]]  # workshop ids per session, in order
    covered: set[str]

    def minutes(self, workshops: dict[str, Workshop]) -> list[int]:
        return [sum(workshops[w].minutes for w in s) for s in self.sessions]


class Infeasible(Exception):
    """The constraints cannot be met: `kind` names which one, `params` what would work.

    The wording lives in the strings (`builder.refuse.<kind>` in translations/strings.yml),
    so the command and the builder page (docs/assets/javascripts/builder-core.js) word a
    refusal the same way, in any language.
    """

    def __init__(self, kind: str, **params: Any) -> None:
        super().__init__(kind, params)
        self.kind = kind
        self.params = params

    def __str__(self) -> str:
        return f"{self.kind} {self.params}"

    def message(self, strings: Strings, names: dict[str, str] | None = None) -> str:
        """The refusal in the strings' language; ids become `names` where given."""
        names = names or {}
        separator = strings.t("punctuation.list_separator")
        values: dict[str, Any] = {}
        for key, value in self.params.items():
            if key == "format":
                value = strings.t(f"format.{value}")
            elif key in ("level", "asked"):
                value = strings.t(f"level.{value}")
            elif isinstance(value, list):
                value = separator.join(str(names.get(str(v), v)) for v in value)
            elif isinstance(value, str):
                value = names.get(value, value)
            values[key] = value
        return strings.t(f"builder.refuse.{self.kind}", **values)


def at_level(w: Workshop, level: str | None) -> bool:
    return level is None or LEVELS.index(w.level) <= LEVELS.index(level)


def lowest_level(workshops: list[Workshop]) -> str:
    return min((w.level for w in workshops), key=LEVELS.index)


def eligible(workshops: dict[str, Workshop], c: Constraints) -> dict[str, Workshop]:
    out = {}
    for wid, w in workshops.items():
        if not at_level(w, c.level):
            continue
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
    """Split the ordered workshops into exactly `c.sessions` non-empty runs that each fit,
    with a break between two workshops of a run.

    Contiguous runs keep prerequisites before what needs them; among the splits
    that fit, the most even one (smallest longest session) is chosen.
    """
    minutes = [workshops[w].minutes for w in sequence]
    gap = c.break_minutes
    best: tuple[int, list[list[str]]] | None = None

    def split(start: int, left: int, acc: list[list[str]], longest: int) -> None:
        nonlocal best
        if left == 1:
            total = sum(minutes[start:]) + gap * (len(sequence) - start - 1)
            if start < len(sequence) and total <= c.minutes:
                candidate = (max(longest, total), acc + [sequence[start:]])
                if best is None or candidate[0] < best[0]:
                    best = candidate
            return
        total = 0
        for end in range(start + 1, len(sequence) - left + 2):
            total += minutes[end - 1] + (gap if end - 1 > start else 0)
            if total > c.minutes:
                break
            split(end, left - 1, acc + [sequence[start:end]], max(longest, total))

    if len(sequence) >= c.sessions:
        split(0, c.sessions, [], 0)
    return best[1] if best else None


def plan(workshops: dict[str, Workshop], c: Constraints, principle_rank: dict[str, int]) -> Plan:
    if c.sessions < 1 or c.minutes < 1:
        raise Infeasible("at_least_one")
    unknown = [p for p in c.cover if p not in principle_rank]
    if unknown:
        raise Infeasible("unknown_principle", principle=unknown[0], known=sorted(principle_rank))
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
        raise explain_jointly(workshops, pool, c, principle_rank)
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
            raise Infeasible("nobody_teaches", principle=principle)
        fits_format = [w for w in teaching if not c.format or w.format in (c.format, "both")]
        if not fits_format:
            raise Infeasible(
                "principle_format",
                format=c.format,
                principle=principle,
                workshops=[w.id for w in teaching],
            )
        fits_group = [
            w
            for w in fits_format
            if c.group_size is None or w.group_min <= c.group_size <= w.group_max
        ]
        if not fits_group:
            largest = max(w.group_max for w in fits_format)
            smallest = min(w.group_min for w in fits_format)
            if c.group_size and c.group_size > largest:
                raise Infeasible(
                    "principle_group_large", principle=principle, size=c.group_size, largest=largest
                )
            raise Infeasible(
                "principle_group_small", principle=principle, size=c.group_size, smallest=smallest
            )
        fits_level = [w for w in fits_group if at_level(w, c.level)]
        if not fits_level:
            raise Infeasible(
                "principle_level",
                principle=principle,
                asked=c.level,
                level=lowest_level(fits_group),
            )
        shortest = min(fits_level, key=lambda w: (w.minutes, w.id))
        raise Infeasible(
            "principle_minutes", principle=principle, shortest=shortest.id, minutes=shortest.minutes
        )


def explain_jointly(
    workshops: dict[str, Workshop],
    pool: dict[str, Workshop],
    c: Constraints,
    principle_rank: dict[str, int],
) -> Infeasible:
    if not pool:
        plans = [w for w in workshops.values() if at_level(w, c.level)]
        if not plans:
            level = lowest_level(list(workshops.values()))
            return Infeasible("level", asked=c.level, level=level)
        if c.group_size is not None and not any(
            w.group_min <= c.group_size <= w.group_max for w in plans
        ):
            largest = max(w.group_max for w in plans)
            smallest = min(w.group_min for w in plans)
            # Advice for a group too small is not advice for one too large: two people cannot split.
            if c.group_size < smallest:
                return Infeasible("group_small", size=c.group_size, smallest=smallest)
            if c.group_size > largest:
                return Infeasible("group_large", size=c.group_size, largest=largest)
            sizes = [
                f"{low}–{high}" for low, high in sorted({(w.group_min, w.group_max) for w in plans})
            ]
            return Infeasible("group_between", size=c.group_size, sizes=sizes)
        if not any(w.minutes <= c.minutes for w in plans):
            return Infeasible("minutes_all", minutes=min(w.minutes for w in plans))
        return Infeasible("together")
    if c.sessions > len(pool):
        return Infeasible("sessions_fewer", count=len(pool), sessions=c.sessions)
    for more in range(c.sessions + 1, len(pool) + 1):
        try:
            plan(workshops, replace(c, sessions=more), principle_rank)
        except Infeasible:
            continue
        if c.cover:
            return Infeasible(
                "sessions_more",
                cover=list(c.cover),
                sessions=c.sessions,
                minutes=c.minutes,
                more=more,
            )
        return Infeasible("sessions_more_all", sessions=c.sessions, minutes=c.minutes, more=more)
    return Infeasible("arrange")


def describe(
    p: Plan,
    workshops: dict[str, Workshop],
    titles: dict[str, str],
    start: int,
    strings: Strings,
    dates: list[str] | None = None,
    gap: int = 0,
) -> str:
    """The plan as text with clock times, one block per session, `gap` minutes of break
    between two workshops: in the strings' language, in the words the builder's page
    shows (builder.session, workshop_line, break_line), so the two read the same."""
    lines = []
    for number, session in enumerate(p.sessions, 1):
        slots = lay_out(session, start, lambda wid: workshops[wid].minutes, gap=gap)
        total = slots[-1].end - start if slots else 0
        times = {"number": number, "from": clock(start), "to": clock(start + total)}
        if dates:
            heading = strings.t(
                "builder.session_dated", date=dates[number - 1], **times, minutes=total
            )
        else:
            heading = strings.t("builder.session", **times, minutes=total)
        lines.append(heading)
        for before, slot in zip([None, *slots], slots, strict=False):
            if before and slot.start > before.end:
                pause = {"from": clock(before.end), "to": clock(slot.start)}
                minutes = slot.start - before.end
                lines.append("  " + strings.t("builder.break_line", **pause, minutes=minutes))
            span = {"from": clock(slot.start), "to": clock(slot.end)}
            minutes = slot.end - slot.start
            title = titles[slot.item]
            lines.append(
                "  " + strings.t("builder.workshop_line", **span, title=title, minutes=minutes)
            )
    return "\n".join(lines)
