"""The words a workshop page and its packet share: durations, material lines,
the at-a-glance rows, in the reader's language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .strings import Strings
from .workshops import Material, Segment, Workshop

if TYPE_CHECKING:  # only a type: the catalog would bring in the whole project model
    from .catalog import LanguageCatalog


def duration(minutes: int, s: Strings) -> str:
    """ "2 h 30 min", "ساعتان و30 دقيقة": each part takes its own plural form."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return s.t(
            "time.hours_minutes",
            hours=s.t("time.hours", hours=hours),
            minutes=s.t("time.minutes", minutes=rest),
        )
    if hours:
        return s.t("time.hours", hours=hours)
    return s.t("time.minutes", minutes=minutes)


def segment_length(seg: Segment, s: Strings) -> str:
    """ "30 min", or "30 min (can shrink to 25 min if running late)" where the plan allows."""
    if seg.floor >= seg.minutes:
        return duration(seg.minutes, s)
    shorter = s.t("workshop.can_shorten", duration=duration(seg.floor, s))
    return f"{duration(seg.minutes, s)} ({shorter})"


def facilitators_line(w: Workshop, s: Strings) -> str:
    """ "2 facilitators", or "2 recommended; 1 can run it"."""
    f = w.facilitators
    if f.needed == f.recommended:
        return s.t("workshop.facilitators_count", count=f.needed)
    return s.t("workshop.facilitators_fewer", recommended=f.recommended, needed=f.needed)


def material_line(material: Material, s: Strings) -> str:
    return s.t(f"workshop.per_{material.per}", quantity=material.quantity, item=material.item)


def glance_rows(
    w: Workshop, s: Strings, names: LanguageCatalog | None = None, prefix: str = "../"
) -> list[tuple[str, str]]:
    """The at-a-glance facts, shared by the page and the packet cover; with `names`,
    also the principles, cases and prerequisites as links (the page's rows)."""
    rows = [
        (s.t("workshop.duration"), duration(w.minutes, s)),
        (s.t("workshop.group_size"), s.t("workshop.group_range", min=w.group_min, max=w.group_max)),
        (s.t("workshop.level"), s.t(f"level.{w.level}")),
        (s.t("workshop.format"), s.t(f"format.{w.format}")),
    ]
    if w.facilitators.stated:
        rows.append((s.t("workshop.facilitators"), facilitators_line(w, s)))
        if w.facilitators.second:
            rows.append((s.t("workshop.second_facilitator"), w.facilitators.second))
    if names is not None:
        rows.append(
            (
                s.t("workshop.principles"),
                s.join(f"[{names.principles[p]}]({prefix}principles/{p}.md)" for p in w.principles),
            )
        )
        if w.cases:
            rows.append(
                (
                    s.t("workshop.cases"),
                    s.join(f"[{names.cases[c]}]({prefix}cases/{c}.md)" for c in w.cases),
                )
            )
        if w.requires:
            rows.append(
                (
                    s.t("workshop.requires"),
                    s.join(f"[{names.workshops[r]}]({r}.md)" for r in w.requires),
                )
            )
    return rows


# `!!! tip` or `??? warning "..."`: an admonition; group 3 is its title, if it has one.
_ADMONITION = re.compile(
    r'^(\s*(?:!!!|\?\?\?\+?)[ \t]+)([\w-]+(?:[ \t]+[\w-]+)*)[ \t]*("[^"]*")?[ \t]*$'
)


def admonition_title(line: str, s: Strings) -> str:
    """An untitled admonition's first line with its title in the page's language.

    Python-Markdown would title `!!! tip` "Tip", in English, whatever the page's
    language. The line is changed in place, so line numbers still point at the source.
    A translated page and a translated plan's packet both use it.
    """
    match = _ADMONITION.match(line)
    if match is None or match.group(3) is not None:
        return line
    key = f"admonition.{match.group(2).split()[0].lower()}"
    if not s.english().has(key):
        return line
    return f'{match.group(1)}{match.group(2)} "{s.t(key)}"'


def admonition_titles(text: str, s: Strings) -> str:
    """admonition_title on every line of a text (a segment's script, a handout)."""
    return "\n".join(admonition_title(line, s) for line in text.split("\n"))
