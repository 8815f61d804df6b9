"""HTML for paper: the cover, agenda, checklist, script and handouts of a packet,
and the stylesheet WeasyPrint prints them with."""

from __future__ import annotations

import base64
import functools
import html
import io
import re

import markdown

from ..model.project import Project
from ..model.schedule import clock, elapsed
from ..model.strings import PLACEHOLDER, Strings
from ..model.translations import content_hash
from ..model.wording import (
    admonition_titles,
    facilitators_line,
    material_line,
    segment_length,
)
from ..model.workshops import Material, Workshop, group_of
from ..postbuild.safety import unsafe_html
from ..postbuild.writing import EVALUATION_LINES, ruled, writing_space

VERSION = "0.1.0"


PAPER = {"a4": "A4", "letter": "letter"}


FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
    "zh-Hant": '"Noto Sans CJK TC", "Noto Sans", "DejaVu Sans", sans-serif',
}


DEFAULT_FONT = '"Noto Sans", "DejaVu Sans", "Noto Sans CJK TC", "Noto Naskh Arabic", sans-serif'


class PacketError(Exception):
    """A packet could not be made; the message names the packet and the cause."""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


_EXTENSIONS = (
    "tables",
    "attr_list",
    "admonition",
    "def_list",
    "md_in_html",
    "sane_lists",
    "pymdownx.tasklist",
)


# The same script and handouts go into a workshop's packet, its handouts and every
# curriculum that holds it: convert each text once.
@functools.lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Markdown to HTML for paper: links become plain text (a PDF cannot follow a relative link).

    The same safety rules as pages apply: anything unsafe raises, so it never reaches a
    packet or the packet cache (`unsafe_packet_content` reports it with file and line first).
    """
    # A converter of its own each time (about a millisecond): a shared one carries state
    # from one text to the next, and the cache above makes each text's conversion once.
    out = markdown.Markdown(extensions=list(_EXTENSIONS)).convert(text)
    found = unsafe_html(out)
    if found:
        raise PacketError("unsafe HTML in packet content: " + "; ".join(dict.fromkeys(found)))
    return re.sub(r"<a\b[^>]*>(.*?)</a>", r'<span class="ref">\1</span>', out, flags=re.S)


# Inside a CSS string in a <style> element: quotes and backslashes end or escape the
# string, newlines end it, and `<` could start `</style>`; write them as CSS escapes.
_CSS_STRING = re.compile(r'[\\"\'<>&\x00-\x1f\x7f\u2028\u2029]')


def css_text(template: str, **counters: str) -> str:
    """A translated string with {placeholders} as a CSS `content` value."""
    parts = []
    for piece in re.split(r"(\{\w+\})", template):
        match = PLACEHOLDER.fullmatch(piece)
        if match and match.group(1) in counters:
            parts.append(counters[match.group(1)])
        elif piece:
            parts.append('"' + _CSS_STRING.sub(lambda m: f"\\{ord(m.group()):x} ", piece) + '"')
    return " ".join(parts) or '""'


def stylesheet(
    lang: str, rtl: bool, paper: str, header: str, s: Strings, page_numbers: bool = True
) -> str:
    """The packet's CSS; participants' handouts go without "Page 2 of 4" (`page_numbers`).

    Over 60 lines because it is one stylesheet, kept whole so it reads as CSS."""
    font = FONTS.get(lang, DEFAULT_FONT)
    page_of = (
        css_text(s.t("packet.page_of"), page="counter(page)", pages="counter(pages)")
        if page_numbers
        else "none"
    )
    start, end = ("right", "left") if rtl else ("left", "right")
    return f"""
@page {{
  size: {PAPER.get(paper, "A4")};
  margin: 20mm 18mm 22mm 18mm;
  @top-{start} {{ content: {css_text(header)}; font-size: 8pt; color: #555; }}
  @bottom-center {{ content: {page_of}; font-size: 8pt; color: #555; }}
}}
@page :first {{ @top-{start} {{ content: none; }} }}
html {{ font-family: {font}; font-size: 10.5pt; line-height: 1.45; color: #111; }}
body {{ margin: 0; }}
h1 {{ font-size: 18pt; margin: 0 0 8pt; color: #5c1730; break-after: avoid; }}
h2 {{ font-size: 13pt; margin: 14pt 0 4pt; color: #5c1730; break-after: avoid; }}
h3, h4 {{ font-size: 11pt; margin: 10pt 0 3pt; break-after: avoid; }}
p, li {{ orphans: 2; widows: 2; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; break-inside: auto; }}
th, td {{ border: 0.6pt solid #888; padding: 3pt 5pt; text-align: {start}; vertical-align: top; }}
th {{ background: #f1e6ea; }}
tr {{ break-inside: avoid; }}
td.num, th.num {{ text-align: {end}; white-space: nowrap; }}
tr.break td {{ font-style: italic; background: #f6f6f6; }}
section {{ break-before: page; }}
section.cover {{ break-before: auto; }}
.cover h1 {{ font-size: 26pt; margin-top: 30mm; }}
.cover .summary {{ font-size: 13pt; margin-bottom: 12pt; }}
.cover dl {{ display: block; }}
.cover dt {{ font-weight: bold; float: {start}; width: 38mm; clear: both; }}
.cover dd {{ margin-{start}: 40mm; margin-bottom: 3pt; }}
.cover .qr {{ margin-top: 14mm; }}
.cover .qr img {{ width: 32mm; height: 32mm; }}
.cover .built {{ margin-top: 16mm; font-size: 8.5pt; color: #555; }}
ul.checklist {{ list-style: none; padding-{start}: 0; }}
ul.checklist li::before {{ content: ""; display: inline-block; width: 3.2mm; height: 3.2mm;
  border: 0.8pt solid #111; margin-{end}: 2.5mm; vertical-align: -0.4mm; }}
.meta {{ color: #444; font-style: italic; margin: 0 0 4pt; }}
/* Arabic and Chinese have no italics (the face would be slanted by force): plain, and
   emphasis bold, as extra.css does on the site. */
:lang(ar) em, :lang(ar) i, :lang(zh) em, :lang(zh) i {{ font-style: normal; font-weight: bold; }}
:lang(ar) .meta, :lang(ar) tr.break td, :lang(zh) .meta, :lang(zh) tr.break td {{ font-style: normal; }}
.segment {{ break-inside: auto; }}
.copy-mark {{ border: 1pt dashed #5c1730; padding: 2pt 6pt; display: inline-block; font-size: 8.5pt;
  color: #5c1730; margin-bottom: 6pt; }}
.handout {{ break-before: page; }}
/* The handouts' heading is not left alone on a page, nor a list's last item. */
.handouts-all > h1 + .handout {{ break-before: auto; }}
li:last-child {{ break-before: avoid; }}
/* Room to write by hand: lines 9 mm apart, a table's empty cells as boxes (the same
   sizes as a workshop page's print, docs/assets/stylesheets/planner.css). */
.sc-write {{ margin: 1mm 0 3mm; break-inside: avoid; }}
.sc-rule {{ border-bottom: 0.6pt solid #999; height: 9mm; }}
.fill-in td:empty {{ height: 14mm; }}
.admonition {{ border-{start}: 2.5pt solid #5c1730; padding: 2pt 8pt; margin: 6pt 0; background: #faf5f7; }}
.admonition-title {{ font-weight: bold; margin: 0; }}
.task-list-item {{ list-style: none; }}
.ref {{ text-decoration: underline; text-decoration-color: #bbb; }}
bdi {{ direction: ltr; unicode-bidi: embed; unicode-bidi: isolate; }}
"""


QR_PREFIX = "data:image/svg+xml;base64,"


def qr_data_uri(url: str) -> str:
    """A QR code as an SVG data URI: vector, so it prints sharp, and deterministic.

    segno rather than qrcode: level M, the mask chosen by the standard's penalty rules,
    in half the time; a cold build makes one for every cover.
    """
    import segno

    symbol = segno.make(url, error="m", micro=False, boost_error=False)
    buffer = io.BytesIO()
    symbol.save(buffer, kind="svg", scale=10, border=2, xmldecl=False)
    return QR_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")


def page_url(site_url: str, lang: str, default: str, path: str) -> str:
    prefix = "" if lang == default else f"{lang}/"
    return site_url.rstrip("/") + "/" + prefix + path


# The cover names the packet's own content (not the whole project's), so that a change
# elsewhere in the project does not make every cover, and so every packet, new.
_CONTENT_ID = "@content-id@"


def document(
    lang: str, rtl: bool, title: str, summary: str, project: Project, body: str, css: str
) -> str:
    page = _document(lang, rtl, title, summary, project, body, css)
    return page.replace(_CONTENT_ID, content_hash(page)[:7])


def _document(
    lang: str, rtl: bool, title: str, summary: str, project: Project, body: str, css: str
) -> str:
    created = project.build_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<!doctype html>\n<html lang="{esc(lang)}" dir="{"rtl" if rtl else "ltr"}"><head>'
        f'<meta charset="utf-8"><title>{esc(title)}</title>'
        f'<meta name="author" content="Solidarity Commons contributors">'
        f'<meta name="description" content="{esc(summary)}">'
        f'<meta name="generator" content="Solidarity Commons {VERSION}">'
        f'<meta name="dcterms.created" content="{created}">'
        f'<meta name="dcterms.modified" content="{created}">'
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def cover(
    title: str,
    kind_label: str,
    summary: str,
    rows: list[tuple[str, str]],
    qr_url: str,
    s: Strings,
    lang_name: str,
    project: Project,
    scan: str = "packet.scan",
) -> str:
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    built = html_t(
        s,
        "packet.built",
        date=ltr(project.build_time.strftime("%Y-%m-%d")),
        version=ltr(f"{VERSION}+{_CONTENT_ID}"),
    )
    return (
        f'<section class="cover"><p class="kind">{esc(kind_label)}</p><h1>{esc(title)}</h1>'
        f'<p class="summary">{esc(summary)}</p><dl><dt>{esc(s.t("packet.language"))}</dt>'
        f"<dd>{esc(lang_name)}</dd>{facts}</dl>"
        f'<div class="qr"><img src="{qr_data_uri(qr_url)}" alt="{esc(qr_url)}">'
        f"<p>{esc(s.t(scan))}<br>{ltr(qr_url)}</p></div>"
        f'<p class="built">{built}</p></section>'
    )


def ltr(text: str) -> str:
    """Text that reads left to right (an address, a version, a date) isolated as such, so
    that in a right-to-left packet its slashes and dots stay where they belong: without
    it "https://…/" prints as "/https://…" and "0.1.0+abc" comes out reversed."""
    return f'<bdi dir="ltr">{esc(text)}</bdi>'


def html_t(s: Strings, key: str, **parts: str) -> str:
    """A string as HTML: its own text escaped, each placeholder filled with ready HTML."""
    marks = {name: f"\x00{name}\x00" for name in parts}
    out = esc(s.t(key, **marks))
    for name, mark in marks.items():
        out = out.replace(mark, parts[name])
    return out


def agenda_table(w: Workshop, start: int, s: Strings) -> str:
    rows = []
    for at, seg in w.schedule(start):
        cls = ' class="break"' if seg.is_break else ""
        rows.append(
            f'<tr{cls}><td class="num">{clock(at)}</td><td class="num">{elapsed(at - start)}</td>'
            f'<td>{esc(seg.title)}</td><td class="num">{seg.minutes}</td>'
            f"<td>{esc(seg.method)}</td></tr>"
        )
    rows.append(
        f'<tr><td class="num">{clock(start + w.minutes)}</td>'
        f'<td class="num">{elapsed(w.minutes)}</td>'
        f"<td><strong>{esc(s.t('workshop.end'))}</strong></td><td></td><td></td></tr>"
    )
    head = (
        f'<tr><th class="num">{esc(s.t("curriculum.time"))}</th><th class="num">{esc(s.t("packet.elapsed"))}</th>'
        f'<th>{esc(s.t("workshop.segment"))}</th><th class="num">{esc(s.t("workshop.minutes"))}</th>'
        f"<th>{esc(s.t('workshop.method'))}</th></tr>"
    )
    return f'<table class="agenda"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def workshop_sections(w: Workshop, start: int, s: Strings, heading: str = "h1") -> str:
    """Agenda, checklist, preparation, script, notes: the body of a facilitator packet."""
    h, h2 = heading, "h2" if heading == "h1" else "h3"
    parts = [
        f'<section class="agenda"><{h}>{esc(s.t("packet.agenda_clock"))}</{h}>',
        f"<p>{esc(s.label(s.t('packet.start_time'), clock(start)))}</p>",
        agenda_table(w, start, s),
        f"<{h2}>{esc(s.t('workshop.objectives'))}</{h2}><ul>",
        "".join(f"<li>{esc(o)}</li>" for o in w.objectives),
        "</ul></section>",
        f'<section class="prep"><{h}>{esc(s.t("packet.checklist"))}</{h}>',
        f'<{h2}>{esc(s.t("workshop.materials"))}</{h2}><ul class="checklist">',
        "".join(f"<li>{esc(material_line(m, s))}</li>" for m in w.materials),
        "</ul>",
        f'<{h2}>{esc(s.t("workshop.preparation"))}</{h2}><ul class="checklist">',
        "".join(f"<li>{esc(p)}</li>" for p in w.preparation),
        "</ul>",
        f"<{h2}>{esc(s.t('workshop.room'))}</{h2}><p>{esc(w.room)}</p>",
        facilitator_checklist(w, s, h2),
        "</section>",
        f'<section class="script"><{h}>{esc(s.t("packet.script"))}</{h}>',
    ]
    for at, seg in w.schedule(start):
        if seg.is_break:
            parts.append(
                f'<p class="meta">{clock(at)}–{clock(at + seg.minutes)} · {esc(seg.title)}</p>'
            )
            continue
        parts.append(
            f'<div class="segment"><{h2}>{clock(at)} · {esc(seg.title)}</{h2}>'
            f'<p class="meta">{esc(segment_length(seg, s))} · '
            f"{esc(s.label(s.t('workshop.method'), seg.method))} · "
            f"{esc(s.label(s.t('workshop.purpose'), seg.purpose))}</p>"
            f"{md(script(seg.script, w, s))}</div>"
        )
    parts.append("</section>")
    parts.append(f'<section class="notes"><{h}>{esc(s.t("packet.notes"))}</{h}>')
    for key, items in (("accessibility", w.accessibility), ("safety", w.safety)):
        parts.append(
            f"<{h2}>{esc(s.t('workshop.' + key))}</{h2}><ul>"
            + "".join(f"<li>{esc(i)}</li>" for i in items)
            + "</ul>"
        )
    parts.append(f"<{h2}>{esc(s.t('workshop.online'))}</{h2}><p>{esc(w.online)}</p></section>")
    return "".join(parts)


def script(text: str, w: Workshop, s: Strings) -> str:
    """A translated plan's Markdown with its untitled notes and tips titled in its
    language, as on its page (English text keeps Python-Markdown's English titles)."""
    return admonition_titles(text, s) if w.translated else text


def facilitator_checklist(w: Workshop, s: Strings, h2: str) -> str:
    """Who runs the session, on the checklist: a plan that needs two says so before the day."""
    f = w.facilitators
    if not f.stated:
        return ""
    items = [facilitators_line(w, s)]
    if f.needed >= 2:
        items.append(s.t("workshop.facilitators_needed", count=f.needed))
    if f.second:
        items.append(s.label(s.t("workshop.second_facilitator"), f.second))
    return (
        f'<{h2}>{esc(s.t("workshop.facilitators"))}</{h2}><ul class="checklist">'
        + "".join(f"<li>{esc(i)}</li>" for i in items)
        + "</ul>"
    )


def handout_sections(
    w: Workshop, s: Strings, copies: dict[str, list[Material]] | None = None
) -> str:
    """Each handout on its own page, then the evaluation form.

    In a facilitator packet (`copies`: the materials that name each handout, from
    `model.workshops.copies`) each is marked with how many to copy; the participants'
    own copies (`copies=None`) carry nothing meant for the facilitator: no marks, and
    no handout `for: facilitator`.
    """
    parts = []
    for handout in w.handouts:
        if copies is None and handout.audience == "facilitator":
            continue
        mark = copy_mark(copies.get(handout.id, []), s) if copies is not None else ""
        parts.append(
            f'<div class="handout{" fill-in" if handout.space else ""}">{mark}'
            f"<h1>{esc(handout.title)}</h1>"
            f"{writing_space(md(script(handout.content, w, s)), handout.space)}</div>"
        )
    # Everyone fills in an evaluation form of their own.
    mark = copy_mark([Material("", 1, "participant")], s) if copies is not None else ""
    parts.append(
        f'<div class="handout evaluation">{mark}'
        f"<h1>{esc(s.t('packet.evaluation_form'))}</h1><p>{esc(w.title)}</p><ol>"
        + "".join(f"<li>{esc(q)}{ruled(EVALUATION_LINES)}</li>" for q in w.evaluation)
        + "</ol></div>"
    )
    return "".join(parts)


def copy_mark(materials: list[Material], s: Strings) -> str:
    """ "For copying: 1 copy per small group of 4 to 6 people", from the materials that name
    the handout; without one, the mark says only that it is for copying."""
    counts = []
    for m in materials:
        size = group_of(m)
        if size is None:
            counts.append(s.t(f"packet.copies_{m.per}", count=m.quantity))
        else:
            low, high = size
            people = (
                s.t("packet.people", count=low)
                if low == high
                else s.t("packet.people_range", min=low, max=high)
            )
            counts.append(s.t("packet.copies_group_of", count=m.quantity, size=people))
    text = s.label(s.t("packet.copying"), s.join(counts)) if counts else s.t("packet.copying")
    return f'<p class="copy-mark">{esc(text)}</p>'
