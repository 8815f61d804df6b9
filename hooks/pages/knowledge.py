"""The generated parts of principle and case pages: back-links, the timeline,
the principle x case matrix, the cases index."""

from __future__ import annotations

import html

from ..model.knowledge import Case, Principle
from ..model.strings import Strings


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
