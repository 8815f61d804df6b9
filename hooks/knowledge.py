"""Principles and historical cases: loading, validation, the graph between them,
and the generated parts of their pages (back-links, timeline, matrix)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .sources import Field, Problems, Source, check_fields, suggest
from .strings import Strings

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PRINCIPLE_FIELDS = {
    "id": Field(str),
    "title": Field(str),
    "order": Field(int),
    "summary": Field(str),
}

CASE_FIELDS = {
    "id": Field(str),
    "title": Field(str),
    "summary": Field(str),
    "years": Field(list, items=int),
    "places": Field(list, items=str),
    "principles": Field(list, items=str),
}

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


@dataclass
class Principle:
    id: str
    title: str
    order: int
    summary: str
    source: Source
    cases: list[str] = field(default_factory=list)
    workshops: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"principles/{self.id}.md"


@dataclass
class Case:
    id: str
    title: str
    summary: str
    start: int
    end: int
    places: list[str]
    principles: list[str]
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
        source, PRINCIPLE_FIELDS, problems, "a principle", optional_extra=("hide",)
    ):
        return None
    if check_id(source, problems) is None:
        return None
    m = source.meta
    return Principle(m["id"], m["title"], m["order"], m["summary"], source)


def load_case(source: Source, principle_ids: set[str], problems: Problems) -> Case | None:
    if not check_fields(source, CASE_FIELDS, problems, "a case", optional_extra=("hide",)):
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


# ---------------------------------------------------------------------------
# Generated Markdown
# ---------------------------------------------------------------------------


def principle_sections(
    principle: Principle,
    cases: dict[str, Case],
    workshop_titles: dict[str, str],
    case_titles: dict[str, str],
    s: Strings,
) -> str:
    """ "Cases that show this principle" and "Workshops that teach it"."""
    out = [f"\n\n## {s.t('principle.cases_heading')} {{#cases-that-show-this-principle}}\n"]
    for cid in principle.cases:
        case = cases[cid]
        out.append(f"- [{case_titles[cid]}](../cases/{cid}.md) ({case.years_label})")
    out.append(f"\n## {s.t('principle.workshops_heading')} {{#workshops-that-teach-it}}\n")
    if principle.workshops:
        for wid in principle.workshops:
            out.append(f"- [{workshop_titles[wid]}](../workshops/{wid}.md)")
    else:
        out.append(s.t("principle.no_workshops"))
    return "\n".join(out) + "\n"


def case_sections(
    case: Case, principle_titles: dict[str, str], workshop_titles: dict[str, str], s: Strings
) -> str:
    """A short generated block that links a case back to its principles and workshops."""
    links = ", ".join(f"[{principle_titles[p]}](../principles/{p}.md)" for p in case.principles)
    out = [
        f"\n\n## {s.t('case.about_heading')} {{#about-this-case}}\n",
        f"- **{s.t('case.years')}**: {case.years_label}",
        f"- **{s.t('case.places')}**: {', '.join(case.places)}",
        f"- **{s.t('case.principles')}**: {links}",
    ]
    if case.workshops:
        wlinks = ", ".join(f"[{workshop_titles[w]}](../workshops/{w}.md)" for w in case.workshops)
        out.append(f"- **{s.t('case.workshops')}**: {wlinks}")
    return "\n".join(out) + "\n"


def cases_index(
    cases: dict[str, Case],
    principles: dict[str, Principle],
    case_titles: dict[str, str],
    principle_titles: dict[str, str],
    s: Strings,
    rtl: bool,
    directory_urls: bool = True,
) -> str:
    """Timeline picture, a text list of the same cases, and the principle-by-case matrix."""
    ordered = sorted(cases.values(), key=lambda c: (c.start, c.end, c.id))
    ordered_principles = sorted(principles.values(), key=lambda p: p.order)
    out = [
        f"## {s.t('cases.timeline_heading')} {{#timeline}}\n",
        '<figure class="sc-timeline" markdown="1">',
        timeline_svg(ordered, case_titles, s, rtl, "/" if directory_urls else ".html"),
        "</figure>\n",
        f"## {s.t('cases.list_heading')} {{#all-cases}}\n",
    ]
    for case in ordered:
        out.append(
            f"- [{case_titles[case.id]}]({case.id}.md) ({case.years_label}): "
            f"{', '.join(case.places)}"
        )
    out.append(f"\n## {s.t('cases.matrix_heading')} {{#principles-by-case}}\n")
    header = [s.t("cases.matrix_case")] + [principle_titles[p.id] for p in ordered_principles]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join([" --- "] + [" :---: "] * len(ordered_principles)) + "|")
    mark = s.t("cases.matrix_yes")
    for case in ordered:
        cells = [f"[{case_titles[case.id]}]({case.id}.md)"]
        cells += [mark if p.id in case.principles else "" for p in ordered_principles]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def timeline_svg(
    ordered: list[Case], titles: dict[str, str], s: Strings, rtl: bool, suffix: str = "/"
) -> str:
    """An SVG timeline: one bar per case on a shared year axis, each bar a link.

    Made at build time so the page needs no script; a title and description
    make it readable to screen readers, and the list after it carries the same
    links as text.
    """
    first = min(c.start for c in ordered) - 2
    last = max(c.end for c in ordered) + 2
    width, left, row, top = 760, 250, 26, 36
    height = top + row * len(ordered) + 20
    span = width - left - 20

    def x(year: float) -> float:
        pos = left + (year - first) / (last - first) * span
        return width - pos if rtl else pos

    anchor_label = "end" if not rtl else "start"
    label_x = left - 8 if not rtl else width - left + 8
    parts = [
        f'<svg class="sc-timeline__svg" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="sc-tl-title sc-tl-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="sc-tl-title">{html.escape(s.t("cases.timeline_title"))}</title>',
        f'<desc id="sc-tl-desc">{html.escape(s.t("cases.timeline_desc", count=len(ordered), first=ordered[0].start, last=max(c.end for c in ordered)))}</desc>',
    ]
    decade = (first // 10 + 1) * 10
    while decade < last:
        parts.append(
            f'<line class="sc-tl-grid" x1="{x(decade):.1f}" x2="{x(decade):.1f}" y1="{top - 14}" '
            f'y2="{height - 10}"/>'
        )
        parts.append(
            f'<text class="sc-tl-year" x="{x(decade):.1f}" y="{top - 18}" '
            f'text-anchor="middle">{decade}</text>'
        )
        decade += 10
    for index, case in enumerate(ordered):
        y = top + index * row
        x1, x2 = sorted((x(case.start), x(case.end + 1)))
        label = html.escape(titles[case.id])
        parts.append(
            f'<a href="{case.id}{suffix}" aria-label="{label}, {case.years_label}">'
            f'<text class="sc-tl-label" x="{label_x}" y="{y + 14}" text-anchor="{anchor_label}">'
            f"{label}</text>"
            f'<rect class="sc-tl-bar" x="{x1:.1f}" y="{y + 3}" width="{max(x2 - x1, 4):.1f}" '
            f'height="{row - 8}" rx="3"/></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


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
