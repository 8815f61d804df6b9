"""The Markdown of workshop, curriculum and index pages."""

from __future__ import annotations

import html
import re

from ..model.catalog import LanguageCatalog
from ..model.schedule import DEFAULT_START, clock, elapsed
from ..model.strings import Strings
from ..model.wording import duration, glance_rows, material_line, segment_length
from ..model.workshops import FORMATS, Curriculum, Workshop
from ..postbuild.writing import EVALUATION_LINES, fill_in
from .pagetext import PageText
from .pictures import agenda_picture
from .planner import packet_uses


def workshop_page(
    w: Workshop, names: LanguageCatalog, packet: tuple[str, int, str, int] | None
) -> PageText:
    """The facilitator's page for one plan. `packet` is (file, pages, handout file, pages)."""
    s = names.strings
    page = PageText(default_origin=(w.source.rel, 1))
    _at_a_glance(page, w, names)
    if packet:
        _downloads(page, s, packet)
    _preparing(page, w, s)
    _segments(page, w, s)
    if w.handouts:
        _handouts(page, w, s)
    _closing(page, w, s)
    return page


def _at_a_glance(page: PageText, w: Workshop, names: LanguageCatalog) -> None:
    s = names.strings
    page.add(w.summary + "\n")
    page.add(f'!!! abstract "{s.t("workshop.at_a_glance")}"\n')
    for label, value in glance_rows(w, s, names):
        page.add(f"    - {s.label(f'**{label}**', value)}")
    page.add("")
    if w.facilitators.needed >= 2:
        # Before anything else a facilitator plans: this plan is not run alone.
        page.add(f'!!! warning "{s.t("workshop.facilitators")}"\n')
        page.add(f"    {s.t('workshop.facilitators_needed', count=w.facilitators.needed)}\n")


def _downloads(page: PageText, s: Strings, packet: tuple[str, int, str, int]) -> None:
    name, pages, handout_name, handout_pages = packet
    # The published packets' own clock and paper, so a reader knows what each PDF holds.
    uses = packet_uses(s)
    paper = f"; {s.t('planner.a4')}" if uses else ""
    page.add(
        f":material-file-pdf-box: [{s.t('packet.download', pages=pages)}"
        f"{'; ' + uses if uses else ''}]({name}){{ .sc-download }}  "
    )
    page.add(
        f":material-file-pdf-box: [{s.t('packet.download_handouts', pages=handout_pages)}"
        f"{paper}]({handout_name}){{ .sc-download }}\n"
    )


def _preparing(page: PageText, w: Workshop, s: Strings) -> None:
    """Agenda, objectives, materials, preparation and room: what comes before the session."""
    # The agenda first, as in the packet: the planner's form sits just above it.
    page.add(f"## {s.t('workshop.agenda')} {{#agenda}}\n")
    page.add(s.t("workshop.agenda_intro") + "\n")
    page.add(agenda_picture(w, s) + "\n")
    page.add(agenda_table(w, s))
    page.add(f"## {s.t('workshop.objectives')} {{#objectives}}\n")
    page.add("\n".join(f"- {o}" for o in w.objectives) + "\n")
    page.add(f"## {s.t('workshop.materials')} {{#materials}}\n")
    # A list styled as a checklist: inert form controls would need labels and add nothing on screen.
    page.add('<ul class="sc-checklist">')
    # The planner's script rescales each line to the group size from these numbers.
    page.add(
        "\n".join(
            f'<li data-sc-quantity="{m.quantity}" data-sc-per="{m.per}" '
            f'data-sc-item="{html.escape(m.item)}">{html.escape(material_line(m, s))}</li>'
            for m in w.materials
        )
    )
    page.add("</ul>\n")
    page.add(f"## {s.t('workshop.preparation')} {{#preparation}}\n")
    page.add("\n".join(f"{i}. {p}" for i, p in enumerate(w.preparation, 1)) + "\n")
    page.add(f"## {s.t('workshop.room')} {{#room}}\n")
    page.add(w.room + "\n")


def _segments(page: PageText, w: Workshop, s: Strings) -> None:
    """Each segment's script under its own heading, with its time from the start."""
    for start, seg in w.schedule():
        if seg.is_break:
            continue
        page.add(f"## {seg.title} {{#{seg.id}}}\n")
        page.add(
            f'<p class="sc-segment-meta" data-sc-at="{start}" data-sc-minutes="{seg.minutes}">'
            f"{elapsed(start)}–{elapsed(start + seg.minutes)} · "
            f"{segment_length(seg, s)} · {s.label(s.t('workshop.purpose'), seg.purpose)}</p>\n"
        )
        page.add_source(seg.script, w.source.rel, seg.script_line + 1)
        page.add("")


def _handouts(page: PageText, w: Workshop, s: Strings) -> None:
    page.add(f"## {s.t('workshop.handouts')} {{#handouts}}\n")
    for handout in w.handouts:
        page.add(f"### {handout.title} {{#handout-{handout.id}}}\n")
        if handout.space:
            # Marked so that the Finisher gives its prompts the packet's ruled lines,
            # which the page's stylesheet shows in print only.
            page.add(fill_in(handout.space) + "\n")
        page.add_source(demote(handout.content), w.source.rel, handout.line)
        page.add("\n</div>\n" if handout.space else "")


def _closing(page: PageText, w: Workshop, s: Strings) -> None:
    """Accessibility, safety, running it online, and the evaluation questions."""
    for key, items in (("accessibility", w.accessibility), ("safety", w.safety)):
        page.add(f"## {s.t('workshop.' + key)} {{#{key}}}\n")
        page.add("\n".join(f"- {i}" for i in items) + "\n")
    page.add(f"## {s.t('workshop.online')} {{#online}}\n")
    page.add('<div class="sc-online" markdown="1">\n')
    page.add(w.online + "\n")
    page.add("</div>\n")
    page.add(f"## {s.t('workshop.evaluation')} {{#evaluation}}\n")
    # As in the packet's form: lines under each question, which print shows.
    page.add(fill_in(EVALUATION_LINES, each_item=True) + "\n")
    page.add("\n".join(f"{i}. {q}" for i, q in enumerate(w.evaluation, 1)) + "\n")
    page.add("\n</div>\n")


def agenda_table(w: Workshop, s: Strings) -> str:
    """The agenda from 0:00, as raw HTML so each row carries its minutes for the planner.

    Without a class, so the theme styles and wraps it like any table. The clock column
    is hidden until the planner's script fills it in with the chosen start time (the
    same arithmetic as the packet's `agenda_table`: start plus the segments before).
    """
    right = ' align="right"'
    head = (
        f"<thead><tr><th{right} data-sc-clock hidden>{html.escape(s.t('curriculum.time'))}</th>"
        f"<th{right}>{html.escape(s.t('workshop.start'))}</th>"
        f"<th>{html.escape(s.t('workshop.segment'))}</th>"
        f"<th{right}>{html.escape(s.t('workshop.minutes'))}</th>"
        f"<th>{html.escape(s.t('workshop.method'))}</th></tr></thead>"
    )
    rows = []
    for start, seg in w.schedule():
        title = html.escape(seg.title)
        cell = f"<em>{title}</em>" if seg.is_break else f'<a href="#{seg.id}">{title}</a>'
        method = "" if seg.is_break else html.escape(seg.method)
        rows.append(
            # data-sc-min: the fewest minutes the run view may propose to shorten it to.
            f'<tr data-sc-at="{start}" data-sc-min="{seg.floor}">'
            f"<td{right} data-sc-clock hidden></td>"
            f"<td{right}>{elapsed(start)}</td><td>{cell}</td>"
            f"<td{right}>{seg.minutes}</td><td>{method}</td></tr>"
        )
    rows.append(
        f'<tr data-sc-at="{w.minutes}"><td{right} data-sc-clock hidden></td>'
        f"<td{right}>{elapsed(w.minutes)}</td>"
        f"<td><strong>{html.escape(s.t('workshop.end'))}</strong></td><td></td><td></td></tr>"
    )
    return (
        f'<table data-sc-agenda data-sc-default-start="{DEFAULT_START}" '
        f'data-sc-minutes="{w.minutes}" data-sc-group-min="{w.group_min}" '
        f'data-sc-group-max="{w.group_max}">{head}<tbody>{"".join(rows)}</tbody></table>\n'
    )


def demote(markdown: str) -> str:
    """Handout headings sit under the handout's own heading."""
    return re.sub(
        r"^(#{1,5}) ", lambda m: "#" * max(len(m.group(1)) + 1, 4) + " ", markdown, flags=re.M
    )


def workshops_index(
    workshops: dict[str, Workshop], names: LanguageCatalog, principle_order: list[str]
) -> str:
    """All plans, grouped by principle, with a sortable-by-eye table of duration and format."""
    s, titles, summaries = names.strings, names.workshops, names.workshop_summaries
    ordered = sorted(workshops.values(), key=lambda w: (w.minutes, titles[w.id]))
    out = [
        s.t("workshops.intro") + "\n",
        f"## {s.t('workshops.all_heading')} {{#all-workshops}}\n",
        f"| {s.t('workshop.title')} | {s.t('workshop.duration')} | {s.t('workshop.group_size')} "
        f"| {s.t('workshop.level')} | {s.t('workshop.format')} |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for w in ordered:
        out.append(
            f"| [{titles[w.id]}]({w.id}.md) | {duration(w.minutes, s)} | "
            f"{s.t('workshop.group_range', min=w.group_min, max=w.group_max)} | "
            f"{s.t('level.' + w.level)} | {s.t('format.' + w.format)} |"
        )
    out.append(f"\n## {s.t('workshops.by_principle')} {{#by-principle}}\n")
    for pid in principle_order:
        out.append(f"### {names.principles[pid]} {{#principle-{pid}}}\n")
        for w in ordered:
            if pid in w.principles:
                fmt = s.mid_sentence(s.t("format." + w.format))
                facts = s.join([duration(w.minutes, s), fmt])
                out.append(
                    "- " + s.label(f"[{titles[w.id]}]({w.id}.md)", f"{summaries[w.id]} ({facts})")
                )
        out.append("")
    out.append(f"## {s.t('workshops.by_format')} {{#by-format}}\n")
    for fmt in FORMATS:
        out.append(f"### {s.t('format.' + fmt)} {{#format-{fmt}}}\n")
        for w in ordered:
            if w.format == fmt:
                out.append(f"- [{titles[w.id]}]({w.id}.md) ({duration(w.minutes, s)})")
        out.append("")
    out.append(f"## {s.t('workshops.by_duration')} {{#by-duration}}\n")
    for label, low, high in (("short", 0, 90), ("medium", 91, 120), ("long", 121, 10_000)):
        out.append(f"### {s.t('workshops.duration_' + label)} {{#duration-{label}}}\n")
        for w in ordered:
            if low <= w.minutes <= high:
                out.append(f"- [{titles[w.id]}]({w.id}.md) ({duration(w.minutes, s)})")
        out.append("")
    return "\n".join(out) + "\n"


def curriculum_page(
    c: Curriculum,
    workshops: dict[str, Workshop],
    names: LanguageCatalog,
    packet: tuple[str, int] | None,
) -> PageText:
    s, titles = names.strings, names.workshops
    page = PageText(default_origin=(c.source.rel, 1))
    total = sum(w.minutes for w in (workshops[i] for i in c.workshop_ids()))
    page.add(c.summary + "\n")
    page.add(f'!!! abstract "{s.t("workshop.at_a_glance")}"\n')
    facts = (
        ("curriculum.sessions", str(len(c.sessions))),
        ("curriculum.total", duration(total, s)),
        ("curriculum.workshops", str(len(c.workshop_ids()))),
    )
    for key, value in facts:
        page.add(f"    - {s.label('**' + s.t(key) + '**', value)}")
    page.add("")
    if packet:
        page.add(
            f":material-file-pdf-box: [{s.t('packet.download', pages=packet[1])}]({packet[0]})"
            "{ .sc-download }\n"
        )
    page.add(f"## {s.t('curriculum.audience')} {{#who-it-is-for}}\n")
    page.add(c.audience + "\n")
    page.add(f"## {s.t('curriculum.rationale')} {{#order-and-why}}\n")
    page.add(c.rationale + "\n")
    for number, session in enumerate(c.sessions, 1):
        page.add(f"## {session.title} {{#session-{number}}}\n")
        page.add(
            f"| {s.t('curriculum.time')} | {s.t('workshop.segment')} | {s.t('workshop.minutes')} |"
        )
        page.add("| ---: | --- | ---: |")
        for start, item in session.timeline():
            end = clock(start + item.minutes)
            if item.kind == "workshop":
                page.add(
                    f"| {clock(start)}–{end} | [{titles[item.workshop]}](../workshops/{item.workshop}.md)"
                    f" | {item.minutes} |"
                )
            else:
                page.add(
                    f"| {clock(start)}–{end} | *{s.t('curriculum.' + item.kind)}* "
                    f"({s.t('curriculum.resume', time=end)}) | {item.minutes} |"
                )
        page.add(f"| {clock(session.end())} | **{s.t('workshop.end')}** | |\n")
        if session.between:
            page.add(s.label(f"**{s.t('curriculum.between')}**", session.between) + "\n")
    return page


def curricula_index(
    curricula: dict[str, Curriculum], workshops: dict[str, Workshop], names: LanguageCatalog
) -> str:
    s, titles, summaries = names.strings, names.curricula, names.curriculum_summaries
    out = [
        s.t("curricula.intro") + "\n",
        f"| {s.t('workshop.title')} | {s.t('curriculum.sessions')} | {s.t('curriculum.total')} |",
        "| --- | ---: | ---: |",
    ]
    for c in sorted(curricula.values(), key=lambda c: c.id):
        total = sum(workshops[i].minutes for i in c.workshop_ids())
        out.append(f"| [{titles[c.id]}]({c.id}.md) | {len(c.sessions)} | {duration(total, s)} |")
    out.append("")
    for c in sorted(curricula.values(), key=lambda c: c.id):
        out.append("- " + s.label(f"**[{titles[c.id]}]({c.id}.md)**", summaries[c.id]))
    return "\n".join(out) + "\n"
