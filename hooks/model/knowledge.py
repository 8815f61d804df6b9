"""Principles and historical cases: loading, validation and the graph between them."""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from .sources import Problems, Source, check_fields, front, record, schema, suggest

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


CASE_SECTIONS = (
    "Context",
    "What happened",
    "Tactics",
    "Principles it shows",
    "What was contested or went wrong",
    "Lessons",
    "Discussion questions",
    "Further reading",
)


@record
class Principle:
    id: str = front(str, structural=True)
    title: str = front(str)
    order: int = front(int, structural=True)
    summary: str = front(str)
    source: Source
    cases: list[str] = field(default_factory=list)
    workshops: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"principles/{self.id}.md"


@record
class Case:
    id: str = front(str, structural=True)
    title: str = front(str)
    summary: str = front(str)
    # `years: [start, end]` (or `[year]`) gives both start and end.
    start: int = front(list, keys=("years",), items=int, structural=True)
    end: int
    places: list[str] = front(list, items=str)
    principles: list[str] = front(list, items=str, structural=True)
    source: Source
    workshops: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"cases/{self.id}.md"

    @property
    def years_label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"


def check_id(source: Source, problems: Problems) -> str | None:
    """The `id` must be a slug and match the file name, so links and ids agree."""
    value = source.meta.get("id")
    if not isinstance(value, str):
        return None
    if not ID.match(value):
        problems.add(
            source.rel,
            source.line_of("id"),
            f"id `{value}` is not a lowercase-hyphen slug",
            "use letters, digits and single hyphens, e.g. `mutual-aid`",
        )
        return None
    if value != source.path.stem:
        problems.add(
            source.rel,
            source.line_of("id"),
            f"id `{value}` differs from the file name",
            f"rename the file to {value}.md or set `id: {source.path.stem}`",
        )
        return None
    return value


def load_principle(source: Source, problems: Problems) -> Principle | None:
    if not check_fields(
        source, schema(Principle), problems, "a principle", optional_extra=("hide",)
    ):
        return None
    if check_id(source, problems) is None:
        return None
    m = source.meta
    return Principle(m["id"], m["title"], m["order"], m["summary"], source)


def load_case(source: Source, principle_ids: set[str], problems: Problems) -> Case | None:
    if not check_fields(source, schema(Case), problems, "a case", optional_extra=("hide",)):
        return None
    if check_id(source, problems) is None:
        return None
    m = source.meta
    ok = True
    years = m["years"]
    if (
        len(years) not in (1, 2)
        or not all(1000 <= y <= 2100 for y in years)
        or years != sorted(years)
    ):
        problems.add(
            source.rel,
            source.line_of("years"),
            f"malformed years {years}",
            "write [start, end] with four-digit years, e.g. [1955, 1956], or [1989]",
        )
        ok = False
    if not m["principles"]:
        problems.add(
            source.rel, source.line_of("principles"), "a case must show at least one principle"
        )
        ok = False
    for index, pid in enumerate(m["principles"]):
        if pid not in principle_ids:
            problems.add(
                source.rel,
                source.line_of("principles", index),
                f"unknown principle `{pid}`",
                suggest(pid, principle_ids) or f"known: {', '.join(sorted(principle_ids))}",
            )
            ok = False
    headings = [h for level, h, _ in headings_of(source) if level == 2]
    if headings != list(CASE_SECTIONS):
        missing = [s for s in CASE_SECTIONS if s not in headings]
        what = f"missing section `## {missing[0]}`" if missing else "sections are out of order"
        problems.add(
            source.rel,
            source.body_line,
            f"case template: {what}",
            "use the eight sections of the case template, in order",
            warn=True,
        )
    if not ok:
        return None
    return Case(
        m["id"],
        m["title"],
        m["summary"],
        years[0],
        years[-1],
        list(m["places"]),
        list(m["principles"]),
        source,
    )


HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{#([\w-]+)\})?\s*#*\s*$")


def headings_of(source: Source) -> list[tuple[int, str, int]]:
    """(level, text, line) of each ATX heading in the body, outside code fences."""
    found = []
    fence = None
    for number, line in enumerate(source.body.split("\n"), source.body_line):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        match = HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2).strip(), number))
    return found


def link_graph(principles: dict[str, Principle], cases: dict[str, Case]) -> None:
    """Fill each principle's case list from the cases' front matter (one source of truth)."""
    for principle in principles.values():
        principle.cases = []
    for case in sorted(cases.values(), key=lambda c: (c.start, c.end, c.id)):
        for pid in case.principles:
            principles[pid].cases.append(case.id)


def load_knowledge(
    root: Path, sources: dict[str, Source], problems: Problems
) -> tuple[dict[str, Principle], dict[str, Case]]:
    """Principles and cases from their sources (keyed by docs-relative path)."""
    principles: dict[str, Principle] = {}
    for rel, source in sorted(sources.items()):
        if rel.startswith("principles/") and rel != "principles/index.md":
            principle = load_principle(source, problems)
            if principle:
                principles[principle.id] = principle
    cases: dict[str, Case] = {}
    for rel, source in sorted(sources.items()):
        if rel.startswith("cases/") and rel != "cases/index.md":
            case = load_case(source, set(principles), problems)
            if case:
                cases[case.id] = case
    link_graph(principles, cases)
    return principles, cases
