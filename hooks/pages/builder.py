"""The programme builder page, /plan/: the labels, messages and workshop numbers its form needs.

As with the workshop planner (planner.py), the form is drawn by the theme
(overrides/partials/builder.html) from the page's front matter, since page content may
hold no form controls. The workshops' numbers reach the browser as data-* attributes
on elements the theme renders, never as inline JSON, so the page works from file://.
docs/assets/javascripts/builder-core.js runs the same algorithm as model/planner.py
(tests/test_builder.py holds them to the same programmes and the same refusals).
"""

from __future__ import annotations

from typing import Any

from ..model.project import Project
from ..model.schedule import DEFAULT_START, clock
from ..model.strings import Strings
from ..model.workshops import LEVELS
from .planner import MAX_GROUP, SMALL_GROUP, SMALL_GROUPS_FROM

PAGE = "plan.md"

# Refusal kinds of model/planner.py's Infeasible; each has `builder.refuse.<kind>`.
REFUSALS = (
    "at_least_one",
    "unknown_principle",
    "nobody_teaches",
    "principle_format",
    "principle_group_large",
    "principle_group_small",
    "principle_minutes",
    "principle_level",
    "group_small",
    "group_large",
    "group_between",
    "minutes_all",
    "level",
    "together",
    "sessions_fewer",
    "sessions_more",
    "sessions_more_all",
    "arrange",
)

LABELS = (
    "sessions",
    "minutes",
    "cover",
    "size",
    "format",
    "any_format",
    "level",
    "any_level",
    "break",
    "date",
    "start",
    "build",
    "export",
    "load",
    "print",
    "nearest",
    "programme",
    "packets",
    "print_all",
)

TEMPLATES = (
    "session",
    "session_dated",
    "workshop_line",
    "break_line",
    "covers",
    "materials",
    "material",
    "built",
    "refused",
    "bad_number",
    "bad_start",
    "bad_date",
    "bad_break",
    "bad_fragment",
    "bad_file",
    "loaded",
    # The print with every workshop's pages (builder-print.js): its progress and outcome.
    "print_gathering",
    "print_ready",
    "print_failed",
    "print_offline",
)

# Largest number of sessions, minutes per session and minutes of break the form accepts.
MAX_SESSIONS = 20
MAX_MINUTES = 600
MAX_BREAK = 120


def has_builder(project: Project) -> bool:
    """Whether the project's strings carry the builder's (a small project's may not)."""
    return project.strings[project.default.code].english().has("builder.title")


def builder_for(
    project: Project,
    lang: str,
    names: dict[str, str],
    directory_urls: bool,
    packets: set[str],
) -> dict[str, Any]:
    """What the theme's builder form needs, in `lang`: `names` maps page paths to titles,
    `packets` holds the workshops whose facilitator packet (PDF) is published."""
    s = project.strings[lang]
    workshops = _builder_workshops(project, lang, names, directory_urls, packets)
    principles = [
        {"id": p.id, "rank": p.order, "title": names[p.page]}
        for p in sorted(project.principles.values(), key=lambda p: p.order)
    ]
    return {
        "labels": {name: s.t(f"builder.{name}") for name in LABELS},
        "templates": {name: s.t(f"builder.{name}") for name in TEMPLATES},
        "refusals": {kind: s.t(f"builder.refuse.{kind}") for kind in REFUSALS},
        "formats": {f: s.t(f"format.{f}") for f in ("in-person", "online", "both")},
        # The workshop planner's words for the paper the workshops' pages print on.
        "papers": {k: s.t(f"planner.{k}") for k in ("paper", "a4", "letter")},
        "separator": s.t("punctuation.list_separator"),
        "sentence": s.between_sentences(),
        "default_start": clock(DEFAULT_START),
        "max_size": MAX_GROUP,
        "max_sessions": MAX_SESSIONS,
        "max_minutes": MAX_MINUTES,
        "max_break": MAX_BREAK,
        # The form's choice of highest level, lowest first (the order model/planner.py uses
        # and builder.js reads from the form): pairs, as front matter sorts a mapping's keys.
        "levels": [[level, s.t(f"level.{level}")] for level in LEVELS],
        "small_group": SMALL_GROUP,
        "small_groups_from": SMALL_GROUPS_FROM,
        "principles": principles,
        "workshops": workshops,
    }


def _builder_workshops(
    project: Project,
    lang: str,
    names: dict[str, str],
    directory_urls: bool,
    packets: set[str],
) -> list[dict[str, Any]]:
    """Each workshop as the form chooses among them: its constraints, its page and packet
    in `lang`, and its materials to count."""
    plans = project.plans[lang]
    # From plan/ (or plan.html) to a workshop page of the same language.
    up = "../" if directory_urls else ""

    def href(wid: str) -> str:
        return f"{up}workshops/{wid}/" if directory_urls else f"workshops/{wid}.html"

    workshops = []
    for wid, w in project.workshops.items():
        plan = plans.get(wid, w)
        workshops.append(
            {
                "id": wid,
                "title": names[w.page],
                "href": href(wid),
                "packet": f"{up}workshops/{wid}-packet.pdf" if wid in packets else "",
                "minutes": w.minutes,
                "group_min": w.group_min,
                "group_max": w.group_max,
                "format": w.format,
                "level": w.level,
                "principles": " ".join(w.principles),
                "requires": " ".join(w.requires),
                # The item's words in the page's language; the numbers are the model's.
                "materials": [
                    {"item": m.item, "quantity": e.quantity, "per": e.per}
                    for m, e in zip(plan.materials, w.materials, strict=False)
                ],
            }
        )
    return workshops


def builder_page(s: Strings, directory_urls: bool) -> str:
    """The page's own text: what the builder does, and without JavaScript, where to go instead."""
    curricula = "curricula/index.md"
    return (
        f"{s.t('builder.intro')}\n\n"
        '<div class="sc-builder-nojs" markdown>\n\n'
        f"{s.t('builder.nojs')} [{s.t('builder.nojs_curricula')}]({curricula})\n\n"
        f"{s.t('builder.nojs_command')}\n\n"
        "```\nsolidarity curriculum --sessions 3 --minutes 120 --cover mutual-aid "
        "--group-size 14\n```\n\n"
        "</div>\n"
    )
