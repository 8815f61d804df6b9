"""The generated parts of principle and case pages: back-links, the timeline,
the principle x case matrix, the cases index."""

from __future__ import annotations

import html

from ..model.catalog import LanguageCatalog
from ..model.knowledge import Case, Principle
from ..model.strings import Strings
from ..model.wording import duration
from .pictures import Span, duration_bars, timeline


def principle_sections(
    principle: Principle,
    cases: dict[str, Case],
    names: LanguageCatalog,
    workshop_minutes: dict[str, int] | None = None,
    directory_urls: bool = True,
) -> str:
    """ "Cases that show this principle" and "Workshops that teach it", as pictures:
    the cases on the whole site's time axis, the workshops as bars of their length."""
    s = names.strings
    up, suffix = ("../../", "/") if directory_urls else ("../", ".html")
    out = [f"\n\n## {s.t('principle.cases_heading')} {{#cases-that-show-this-principle}}\n"]
    if principle.cases:
        axis = (min(c.start for c in cases.values()), max(c.end for c in cases.values()))
        spans = [
            Span(f"{up}cases/{cid}{suffix}", names.cases[cid], c.years_label, c.start, c.end)
            for cid, c in ((cid, cases[cid]) for cid in principle.cases)
        ]
        out.append(timeline(spans, s.t("pictures.principle_cases"), axis) + "\n")
    out.append(f"\n## {s.t('principle.workshops_heading')} {{#workshops-that-teach-it}}\n")
    if principle.workshops:
        minutes = workshop_minutes or {}
        rows = [
            (
                f"{up}workshops/{wid}{suffix}",
                names.workshops[wid],
                duration(minutes.get(wid, 0), s),
                minutes.get(wid, 0),
            )
            for wid in principle.workshops
        ]
        longest = max([m for *_, m in rows] + [1])
        out.append(duration_bars(rows, s.t("pictures.workshop_lengths"), longest) + "\n")
    else:
        out.append(s.t("principle.no_workshops"))
    return "\n".join(out) + "\n"


def case_facts(case: Case, s: Strings) -> str:
    """Years and places at the top of a case page, before its text."""
    years = s.label(
        f"<strong>{html.escape(s.t('case.years'))}</strong>", html.escape(case.years_label)
    )
    places = s.label(
        f"<strong>{html.escape(s.t('case.places'))}</strong>", html.escape(s.join(case.places))
    )
    return f'<p class="sc-case-facts"><span>{years}</span> <span>{places}</span></p>\n'


def case_sections(case: Case, names: LanguageCatalog) -> str:
    """A short generated block that links a case back to its principles and workshops
    (its years and places lead the page: case_facts)."""
    s = names.strings
    links = s.join(f"[{names.principles[p]}](../principles/{p}.md)" for p in case.principles)
    out = [
        f"\n\n## {s.t('case.about_heading')} {{#about-this-case}}\n",
        "- " + s.label(f"**{s.t('case.principles')}**", links),
    ]
    if case.workshops:
        wlinks = s.join(f"[{names.workshops[w]}](../workshops/{w}.md)" for w in case.workshops)
        out.append("- " + s.label(f"**{s.t('case.workshops')}**", wlinks))
    return "\n".join(out) + "\n"


def cases_index(
    cases: dict[str, Case],
    principles: dict[str, Principle],
    names: LanguageCatalog,
    directory_urls: bool = True,
) -> str:
    """Timeline picture, a text list of the same cases, and the principle-by-case matrix
    (a table where it fits, a list of each case's principles on narrow screens)."""
    s, case_titles, principle_titles = names.strings, names.cases, names.principles
    ordered = sorted(cases.values(), key=lambda c: (c.start, c.end, c.id))
    ordered_principles = sorted(principles.values(), key=lambda p: p.order)
    suffix = "/" if directory_urls else ".html"
    out = [
        f"## {s.t('cases.timeline_heading')} {{#timeline}}\n",
        cases_timeline(ordered, case_titles, s, suffix) + "\n",
        f"## {s.t('cases.list_heading')} {{#all-cases}}\n",
    ]
    for case in ordered:
        out.append(
            "- "
            + s.label(
                f"[{case_titles[case.id]}]({case.id}.md) ({case.years_label})", s.join(case.places)
            )
        )
    out.append(f"\n## {s.t('cases.matrix_heading')} {{#principles-by-case}}\n")
    out.append('<div class="sc-matrix-table" markdown="1">\n')
    header = [s.t("cases.matrix_case")] + [principle_titles[p.id] for p in ordered_principles]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join([" --- "] + [" :---: "] * len(ordered_principles)) + "|")
    mark = s.t("cases.matrix_yes")
    for case in ordered:
        cells = [f"[{case_titles[case.id]}]({case.id}.md)"]
        cells += [mark if p.id in case.principles else "" for p in ordered_principles]
        out.append("| " + " | ".join(cells) + " |")
    out.append("\n</div>\n")
    # The same facts for phones, where six columns do not fit: each case with its principles.
    items = []
    for case in ordered:
        shown = s.join(
            f'<a href="../principles/{p.id}{suffix}">{html.escape(principle_titles[p.id])}</a>'
            for p in ordered_principles
            if p.id in case.principles
        )
        items.append(
            f'<dt><a href="{case.id}{suffix}">{html.escape(case_titles[case.id])}</a></dt>'
            f"<dd>{shown}</dd>"
        )
    out.append('<dl class="sc-matrix-list">' + "".join(items) + "</dl>\n")
    return "\n".join(out) + "\n"


def cases_timeline(
    ordered: list[Case], titles: dict[str, str], s: Strings, suffix: str = "/"
) -> str:
    """The cases timeline: one linked row per case, its bar on a shared year axis.

    Words are HTML text and bars are text-free SVG (hooks/pages/pictures.py), so the
    labels keep their size at every width; right to left, the page's direction flows
    the axis and CSS mirrors the bars.
    """
    caption = s.t(
        "cases.timeline_desc",
        count=len(ordered),
        first=ordered[0].start,
        last=max(c.end for c in ordered),
    )
    spans = [Span(f"{c.id}{suffix}", titles[c.id], c.years_label, c.start, c.end) for c in ordered]
    return timeline(spans, caption)
