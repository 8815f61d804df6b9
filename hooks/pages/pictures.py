"""Pictures made at build time: timelines, the agenda's time bar, duration bars.

Every picture is plain HTML whose words are real text (so they stay readable at
any width, wrap instead of shrinking, flow right to left, and reach screen
readers), with shapes drawn in small SVGs that hold no text at all. The CSP
forbids inline styles, so lengths to scale live in SVG coordinates, stretched to
the box's width (preserveAspectRatio="none"); colours come from CSS variables
in extra.css, so the dark palette applies. The pictures are emitted as raw HTML
blocks, which Markdown leaves alone: the glossary's abbreviations never reach them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from ..model.schedule import elapsed
from ..model.strings import Strings
from ..model.wording import duration
from ..model.workshops import Workshop


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Span:
    """One row of a timeline: a link, its label, and the years it covers (inclusive)."""

    href: str
    label: str
    years: str
    start: int
    end: int


def decades(first: int, last: int) -> tuple[int, int]:
    """The axis: whole decades around the years `first` to `last` (inclusive)."""
    return first // 10 * 10, (last // 10 + 1) * 10


def _track(lo: int, hi: int, bars: list[tuple[float, float, str]]) -> str:
    """A text-free SVG strip, `hi - lo` units wide, with decade lines and bars."""
    span = hi - lo
    parts = [
        f'<svg class="sc-pic-track" viewBox="0 0 {span} 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">'
    ]
    for decade in range(lo + 10, hi, 10):
        parts.append(
            f'<line class="sc-pic-grid" x1="{decade - lo}" x2="{decade - lo}" y1="0" y2="10" '
            'vector-effect="non-scaling-stroke"/>'
        )
    for start, width, cls in bars:
        parts.append(
            f'<rect class="{cls}" x="{start - lo:g}" y="1.5" width="{width:g}" height="7"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline(spans: list[Span], caption: str, axis: tuple[int, int] | None = None) -> str:
    """Rows of labelled bars on one year axis, each row a link; one line of raw HTML.

    `axis` (first and last year) lets a partial timeline share the whole site's scale.
    """
    first = axis[0] if axis else min(s.start for s in spans)
    last = axis[1] if axis else max(s.end for s in spans)
    lo, hi = decades(first, last)
    # A one-year case is still a bar a reader can see and a pointer can hit.
    least = (hi - lo) / 60
    out = [
        '<figure class="sc-pic sc-timeline" data-search-exclude>',
        f'<figcaption class="sc-pic-caption">{esc(caption)}</figcaption>',
        '<div class="sc-tl-axis" aria-hidden="true">',
        "".join(f"<span>{d}</span>" for d in range(lo, hi, 10)),
        "</div>",
        '<ol class="sc-tl-rows">',
    ]
    for s in spans:
        width = max(s.end + 1 - s.start, least)
        out.append(
            f'<li><a class="sc-tl-row" href="{esc(s.href)}">'
            f'<span class="sc-tl-text"><span class="sc-tl-name">{esc(s.label)}</span> '
            f'<span class="sc-tl-years">{esc(s.years)}</span></span>'
            f"{_track(lo, hi, [(s.start, width, 'sc-pic-bar')])}</a></li>"
        )
    out.append("</ol></figure>")
    return "".join(out)


@dataclass(frozen=True)
class Slot:
    """One part of an agenda: where it links, its title, start and length in minutes."""

    href: str
    title: str
    start: str
    minutes: int
    is_break: bool


def time_bar(slots: list[Slot], caption: str, length_of: Callable[[int], str]) -> str:
    """A session's agenda as one bar cut to scale, and the same parts as a legend.

    The bar's parts alternate in shade and breaks are hatched, so neighbours stay
    apart without colour alone; the numbered legend carries every word.
    `length_of` words a length in minutes in the page's language.
    """
    total = sum(slot.minutes for slot in slots)
    bar = [
        f'<svg class="sc-pic-timebar" viewBox="0 0 {total} 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">',
        '<defs><pattern id="sc-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="sc-tb-hatch-bg" width="6" height="6"/>'
        '<line class="sc-tb-hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>',
    ]
    at, number = 0, 0
    legend = ['<ol class="sc-tb-legend">']
    for slot in slots:
        if slot.is_break:
            cls = "sc-tb-break"
        else:
            number += 1
            cls = "sc-tb-seg sc-tb-seg--" + ("odd" if number % 2 else "even")
        bar.append(
            f'<rect class="{cls}" x="{at}" y="0" width="{slot.minutes}" height="10" '
            'vector-effect="non-scaling-stroke"/>'
        )
        at += slot.minutes
        length = esc(length_of(slot.minutes))
        if slot.is_break:
            legend.append(
                f'<li class="sc-tb-item sc-tb-item--break"><span class="sc-tb-key" aria-hidden="true">'
                f'</span><span class="sc-tb-start">{esc(slot.start)}</span> '
                f'<span class="sc-tb-title">{esc(slot.title)}</span> '
                f'<span class="sc-tb-length">{length}</span></li>'
            )
        else:
            legend.append(
                f'<li class="sc-tb-item sc-tb-item--{"odd" if number % 2 else "even"}">'
                f'<span class="sc-tb-key" aria-hidden="true"></span>'
                f'<span class="sc-tb-start">{esc(slot.start)}</span> '
                f'<a class="sc-tb-title" href="{esc(slot.href)}">{esc(slot.title)}</a> '
                f'<span class="sc-tb-length">{length}</span></li>'
            )
    bar.append("</svg>")
    legend.append("</ol>")
    return (
        '<figure class="sc-pic sc-timebar" data-search-exclude>'
        f'<figcaption class="sc-pic-caption">{esc(caption)}</figcaption>'
        + "".join(bar)
        + "".join(legend)
        + "</figure>"
    )


def duration_bars(rows: list[tuple[str, str, str, int]], caption: str, longest: int) -> str:
    """Links with bars to scale of their length: (href, title, length label, minutes)."""
    out = [
        '<figure class="sc-pic sc-durations" data-search-exclude>',
        f'<figcaption class="sc-pic-caption">{esc(caption)}</figcaption>',
        '<ol class="sc-tl-rows">',
    ]
    for href, title, label, minutes in rows:
        out.append(
            f'<li><a class="sc-tl-row" href="{esc(href)}">'
            f'<span class="sc-tl-text"><span class="sc-tl-name">{esc(title)}</span> '
            f'<span class="sc-tl-years">{esc(label)}</span></span>'
            f'<svg class="sc-pic-track" viewBox="0 0 {longest} 10" preserveAspectRatio="none" '
            'aria-hidden="true" focusable="false">'
            f'<rect class="sc-pic-bar sc-pic-bar--time" x="0" y="1.5" width="{minutes}" height="7"/>'
            "</svg></a></li>"
        )
    out.append("</ol></figure>")
    return "".join(out)


def agenda_picture(w: Workshop, s: Strings) -> str:
    """A workshop's agenda as a time bar, in the page's language."""
    schedule = w.schedule()
    slots = [
        Slot(f"#{seg.id}", seg.title, elapsed(start), seg.minutes, seg.is_break)
        for start, seg in schedule
    ]
    breaks = sum(1 for slot in slots if slot.is_break)
    caption = s.t(
        "pictures.agenda",
        parts=len(slots) - breaks,
        breaks=breaks,
        duration=duration(w.minutes, s),
    )
    return time_bar(slots, caption, lambda minutes: duration(minutes, s))
