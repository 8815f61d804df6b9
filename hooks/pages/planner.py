"""The facilitator's planner on a workshop page: the labels and numbers its form needs.

The form is drawn by the theme (overrides/partials/planner.html), not by the page's
Markdown: page content may hold no form controls (see postbuild/safety.py), so only
the build's own template can. Everything here is plain text in the page's language;
the template escapes it, and the script (docs/assets/javascripts/planner.js) fills
`{placeholders}` with text nodes, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..model.schedule import DEFAULT_START, clock
from ..model.strings import Strings

# Largest group the planner accepts; beyond it a number is a typing slip.
MAX_GROUP = 500
# Materials "per small group" are counted for groups of about this many people, and
# fewer people than SMALL_GROUPS_FROM stay one group (as `solidarity packet --group-size`).
SMALL_GROUP = 4
SMALL_GROUPS_FROM = 4


@dataclass(frozen=True)
class Planner:
    workshop: str
    labels: dict[str, str]  # form labels and option names
    templates: dict[str, str]  # messages and material lines with {placeholders}
    default_start: str
    default_size: int
    max_size: int = MAX_GROUP
    small_group: int = SMALL_GROUP
    small_groups_from: int = SMALL_GROUPS_FROM


LABELS = {
    "heading": "planner.heading",
    "intro": "planner.intro",
    "date": "packet.date",
    "start": "packet.start_time",
    "paper": "planner.paper",
    "a4": "planner.a4",
    "letter": "planner.letter",
    "size": "workshop.group_size",
    "format": "workshop.format",
    "in_person": "format.in-person",
    "online": "format.online",
    "print": "planner.print",
    "online_heading": "workshop.online",
    "clock": "curriculum.time",
    "elapsed": "packet.elapsed",
    "run": "planner.run",
    "run_heading": "planner.run_heading",
    "run_later": "planner.run_later",
}

TEMPLATES = {
    "ends": "planner.ends",
    "changed": "planner.changed",
    "participant": "planner.total_participant",
    "group": "planner.total_group",
    "group_whole": "workshop.per_group_whole",
    "room": "workshop.per_room",
    "bad_start": "planner.bad_start",
    "bad_size": "planner.bad_size",
    "bad_value": "planner.bad_value",
    "outside": "planner.outside",
    "group_of": "workshop.group_of",
    "run_now": "planner.run_now",
    "run_next": "planner.run_next",
    "run_before": "planner.run_before",
    "run_after": "planner.run_after",
    "run_shifted": "planner.run_shifted",
    "run_shorten": "planner.run_shorten",
    "run_shorten_item": "planner.run_shorten_item",
    "run_cannot": "planner.run_cannot",
}


def workshop_of(project: Any, src_uri: str) -> str | None:
    """The workshop a page presents (`workshops/<id>.md`, in any language's folder), or None."""
    path = PurePosixPath(src_uri)
    if path.parent.name == "workshops" and path.suffix == ".md" and path.stem in project.workshops:
        return path.stem
    return None


def planner_for(project: Any, lang: str, src_uri: str) -> Planner | None:
    """The planner of a workshop page; None on every other page (which loads none of it)."""
    wid = workshop_of(project, src_uri)
    if wid is None:
        return None
    s = project.strings.get(lang) or project.strings[project.default.code]
    w = project.workshops[wid]
    try:
        labels = {name: s.t(key) for name, key in LABELS.items()}
        templates = {name: s.t(key) for name, key in TEMPLATES.items()}
        # Between two sentences of the summary ("" in Chinese).
        templates["sentence"] = s.between_sentences()
    except KeyError:
        # A project whose strings.yml predates the planner: its pages stay as they were.
        return None
    return Planner(wid, labels, templates, clock(DEFAULT_START), w.group_max)


def packet_uses(s: Strings) -> str:
    """What the published packets hold ("A4, clock times from 18:00"), or "" for a
    strings.yml without the planner's strings."""
    try:
        return s.t("planner.packet_uses", paper=s.t("planner.a4"), start=clock(DEFAULT_START))
    except KeyError:
        return ""
