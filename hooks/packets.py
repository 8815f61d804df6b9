"""Printable packets: facilitator packets, participant handouts and curriculum
packets, in every language, rendered with WeasyPrint from the model.

Packets are built from the validated model, not from the web pages, with a
stylesheet made for paper. Each PDF is cached under the hash of everything
that goes into it (its HTML, which holds the text, the strings, the styles and
the build date, plus the engine's version), so an unchanged packet is never
rendered twice. Packets that are due are rendered in parallel, each to a
temporary file that is renamed into place only when complete.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import markdown

from .project import Project
from .safety import unsafe_html
from .site import PacketFile, titles
from .strings import PLACEHOLDER, Strings
from .translations import content_hash
from .workshops import (
    DEFAULT_START,
    Curriculum,
    Workshop,
    clock,
    duration,
    elapsed,
    glance_rows,
    material_line,
)

VERSION = "0.1.0"
PAPER = {"a4": "A4", "letter": "letter"}
FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
    "zh-Hant": '"Noto Sans CJK TC", "Noto Sans", "DejaVu Sans", sans-serif',
}
DEFAULT_FONT = '"Noto Sans", "DejaVu Sans", "Noto Sans CJK TC", "Noto Naskh Arabic", sans-serif'


class PacketError(Exception):
    """A packet could not be made; the message names the packet and the cause."""


@dataclass(frozen=True)
class Options:
    start: int | None = None  # minutes after midnight; None: the plan's or curriculum's default
    date: str = ""  # the day it runs, shown on the cover
    paper: str = "a4"


@dataclass(frozen=True)
class Job:
    key: tuple[str, str, str]  # (lang, kind, id); kind: workshop | handouts | curriculum
    title: str
    lang: str
    html: str

    @property
    def digest(self) -> str:
        engine = _versions()["weasyprint"]
        return hashlib.sha256(f"{engine}\n{self.html}".encode()).hexdigest()[:24]


@functools.cache
def _versions() -> dict[str, str]:
    """Versions of what turns a plan into a PDF (without importing WeasyPrint: half a second)."""
    from importlib.metadata import version

    names = ("weasyprint", "pydyf", "markdown", "pymdown-extensions", "segno")
    return {name: version(name) for name in names} | {"python": sys.version}


def inputs_key(project: Project, site_url: str) -> str:
    """Everything every packet's HTML is made from, hashed without making the HTML.

    The sources' texts (English and translations), the interface strings, the
    languages, the build date, the address of the site, this package's code and
    the versions of the libraries involved. When it matches the last build's, the
    packets are the ones already in the cache.
    """
    code = "".join(
        content_hash(path.read_text(encoding="utf-8"))
        for path in sorted(Path(__file__).parent.glob("*.py"))
    )
    strings = json.dumps(
        {lang: s.values for lang, s in sorted(project.strings.items())}, sort_keys=True
    )
    parts = [
        project.fingerprint,
        content_hash(strings),
        ",".join(f"{lang.code}={lang.name}" for lang in project.languages),
        project.build_time.isoformat(),
        site_url,
        VERSION,
        code,
        json.dumps(_versions(), sort_keys=True),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


# ---------------------------------------------------------------------------
# HTML for paper
# ---------------------------------------------------------------------------


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


_MD = markdown.Markdown(
    extensions=[
        "tables",
        "attr_list",
        "admonition",
        "def_list",
        "md_in_html",
        "sane_lists",
        "pymdownx.tasklist",
    ]
)


# The same script and handouts go into a workshop's packet, its handouts and every
# curriculum that holds it: convert each text once.
@functools.lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Markdown to HTML for paper: links become plain text (a PDF cannot follow a relative link).

    The same safety rules as pages apply: anything unsafe raises, so it never reaches a
    packet or the packet cache (`unsafe_packet_content` reports it with file and line first).
    """
    out = _MD.reset().convert(text)
    found = unsafe_html(out)
    if found:
        raise PacketError("unsafe HTML in packet content: " + "; ".join(dict.fromkeys(found)))
    return re.sub(r"<a\b[^>]*>(.*?)</a>", r'<span class="ref">\1</span>', out, flags=re.S)


def unsafe_packet_content(project: Project) -> list[str]:
    """Every script section and handout of every language's plans that would put unsafe
    HTML in a packet, as `file:line: what` messages."""
    found: list[str] = []
    for plans in project.plans.values():
        for w in plans.values():
            texts = [(seg.script, seg.script_line) for seg in w.agenda]
            texts += [(h.content, h.line) for h in w.handouts]
            for text, line in texts:
                try:
                    md(text)
                except PacketError as exc:
                    found.append(f"{w.source.rel}:{max(line, 1)}: {exc}")
    return sorted(dict.fromkeys(found))


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


def stylesheet(lang: str, rtl: bool, paper: str, header: str, s: Strings) -> str:
    font = FONTS.get(lang, DEFAULT_FONT)
    page_of = css_text(s.t("packet.page_of"), page="counter(page)", pages="counter(pages)")
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
.segment {{ break-inside: auto; }}
.copy-mark {{ border: 1pt dashed #5c1730; padding: 2pt 6pt; display: inline-block; font-size: 8.5pt;
  color: #5c1730; margin-bottom: 6pt; }}
.handout {{ break-before: page; }}
.answer {{ border-bottom: 0.6pt solid #999; height: 9mm; }}
.admonition {{ border-{start}: 2.5pt solid #5c1730; padding: 2pt 8pt; margin: 6pt 0; background: #faf5f7; }}
.admonition-title {{ font-weight: bold; margin: 0; }}
.task-list-item {{ list-style: none; }}
.ref {{ text-decoration: underline; text-decoration-color: #bbb; }}
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
) -> str:
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    built = s.t(
        "packet.built",
        date=project.build_time.strftime("%Y-%m-%d"),
        version=f"{VERSION}+{_CONTENT_ID}",
    )
    return (
        f'<section class="cover"><p class="kind">{esc(kind_label)}</p><h1>{esc(title)}</h1>'
        f'<p class="summary">{esc(summary)}</p><dl><dt>{esc(s.t("packet.language"))}</dt>'
        f"<dd>{esc(lang_name)}</dd>{facts}</dl>"
        f'<div class="qr"><img src="{qr_data_uri(qr_url)}" alt="{esc(qr_url)}">'
        f"<p>{esc(s.t('packet.scan'))}<br>{esc(qr_url)}</p></div>"
        f'<p class="built">{esc(built)}</p></section>'
    )


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
        f"<p>{esc(s.t('packet.start_time'))}: {clock(start)}</p>",
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
        f"<{h2}>{esc(s.t('workshop.room'))}</{h2}><p>{esc(w.room)}</p></section>",
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
            f'<p class="meta">{esc(duration(seg.minutes, s))} · {esc(s.t("workshop.method"))}: '
            f"{esc(seg.method)} · {esc(s.t('workshop.purpose'))}: {esc(seg.purpose)}</p>"
            f"{md(seg.script)}</div>"
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


def handout_sections(w: Workshop, s: Strings) -> str:
    """Each handout on its own page, marked for copying, then the evaluation form."""
    parts = []
    for handout in w.handouts:
        parts.append(
            f'<div class="handout"><p class="copy-mark">{esc(s.t("packet.for_copying"))}</p>'
            f"<h1>{esc(handout.title)}</h1>{md(handout.content)}</div>"
        )
    parts.append(
        f'<div class="handout evaluation"><p class="copy-mark">{esc(s.t("packet.for_copying"))}</p>'
        f"<h1>{esc(s.t('packet.evaluation_form'))}</h1><p>{esc(w.title)}</p><ol>"
        + "".join(
            f'<li>{esc(q)}<div class="answer"></div><div class="answer"></div></li>'
            for q in w.evaluation
        )
        + "</ol></div>"
    )
    return "".join(parts)


def workshop_job(project: Project, lang: str, wid: str, options: Options, site_url: str) -> Job:
    language = project.language(lang)
    s = project.strings[lang]
    w = project.plans[lang][wid]
    names = titles(project, lang)
    start = DEFAULT_START if options.start is None else options.start
    rows = [(k, esc(v)) for k, v in glance_rows(w, s, {}, {}, {}, None)]  # type: ignore[arg-type]
    rows.append((s.t("packet.start_time"), clock(start)))
    if options.date:
        rows.append((s.t("packet.date"), esc(options.date)))
    principles = ", ".join(names[f"principles/{p}.md"] for p in w.principles)
    rows.append((s.t("workshop.principles"), esc(principles)))
    url = page_url(site_url, lang, project.default.code, f"workshops/{wid}/")
    body = (
        cover(
            w.title,
            s.t("packet.facilitator_packet"),
            w.summary,
            rows,
            url,
            s,
            language.name,
            project,
        )
        + workshop_sections(w, start, s)
        + '<section class="handouts-all">'
        + f"<h1>{esc(s.t('workshop.handouts'))}</h1>"
        + handout_sections(w, s)
        + "</section>"
    )
    css = stylesheet(lang, language.rtl, options.paper, w.title, s)
    title = f"{w.title}: {s.t('packet.facilitator_packet')}"
    return Job(
        (lang, "workshop", wid),
        title,
        lang,
        document(lang, language.rtl, title, w.summary, project, body, css),
    )


def handouts_job(project: Project, lang: str, wid: str, options: Options) -> Job:
    language = project.language(lang)
    s = project.strings[lang]
    w = project.plans[lang][wid]
    title = f"{w.title}: {s.t('packet.participant_handouts')}"
    body = (
        f'<section class="cover"><h1>{esc(w.title)}</h1><p class="summary">'
        f"{esc(s.t('packet.participant_handouts'))}</p><p>{esc(w.summary)}</p></section>"
        + handout_sections(w, s)
    )
    css = stylesheet(lang, language.rtl, options.paper, title, s)
    return Job(
        (lang, "handouts", wid),
        title,
        lang,
        document(lang, language.rtl, title, w.summary, project, body, css),
    )


def curriculum_job(project: Project, lang: str, cid: str, options: Options, site_url: str) -> Job:
    language = project.language(lang)
    s = project.strings[lang]
    c: Curriculum = project.programmes[lang][cid]
    plans = project.plans[lang]
    total = sum(project.workshops[i].minutes for i in c.workshop_ids())
    rows = [
        (s.t("curriculum.sessions"), str(len(c.sessions))),
        (s.t("curriculum.total"), esc(duration(total, s))),
        (s.t("curriculum.audience"), esc(c.audience)),
    ]
    if options.date:
        rows.append((s.t("packet.date"), esc(options.date)))
    url = page_url(site_url, lang, project.default.code, f"curricula/{cid}/")
    parts = [
        cover(
            c.title,
            s.t("packet.curriculum_packet"),
            c.summary,
            rows,
            url,
            s,
            language.name,
            project,
        ),
        f"<section><h1>{esc(s.t('curriculum.rationale'))}</h1><p>{esc(c.rationale)}</p>",
    ]
    for session in c.sessions:
        shift = 0 if options.start is None else options.start - c.sessions[0].start
        parts.append(f"<h2>{esc(session.title)}</h2><table><tbody>")
        for at, item in session.timeline(project.workshops):
            label = (
                plans[item.workshop].title
                if item.kind == "workshop"
                else s.t("curriculum." + item.kind)
            )
            parts.append(
                f'<tr class="{"" if item.kind == "workshop" else "break"}"><td class="num">'
                f"{clock(at + shift)}–{clock(at + shift + item.minutes)}</td><td>{esc(label)}</td>"
                f'<td class="num">{item.minutes}</td></tr>'
            )
        parts.append("</tbody></table>")
        if session.between:
            parts.append(
                f"<p><strong>{esc(s.t('curriculum.between'))}:</strong> {esc(session.between)}</p>"
            )
    parts.append("</section>")
    for session in c.sessions:
        shift = 0 if options.start is None else options.start - c.sessions[0].start
        for at, item in session.timeline(project.workshops):
            if item.kind != "workshop":
                continue
            w = plans[item.workshop]
            parts.append(
                f'<section class="session-workshop"><h1>{esc(session.title)}: {esc(w.title)}</h1>'
                f"<p>{esc(w.summary)}</p></section>"
            )
            parts.append(workshop_sections(w, at + shift, s, heading="h2"))
            # Handouts are copied from each workshop's own handout PDF, not reprinted here.
            if w.handouts:
                parts.append(
                    f"<p><strong>{esc(s.t('workshop.handouts'))}:</strong> "
                    + esc(", ".join(h.title for h in w.handouts))
                    + "</p>"
                )
    css = stylesheet(lang, language.rtl, options.paper, c.title, s)
    title = f"{c.title}: {s.t('packet.curriculum_packet')}"
    return Job(
        (lang, "curriculum", cid),
        title,
        lang,
        document(lang, language.rtl, title, c.summary, project, "".join(parts), css),
    )


def iter_jobs(project: Project, site_url: str, options: Options | None = None) -> Iterator[Job]:
    """Every packet's job, one at a time, so rendering can start while the rest are made.

    Curriculum packets come first: they take longest to render, and a long one left
    for last would keep one core busy while the others wait.
    """
    options = options or Options()
    for lang in project.languages:
        for cid in sorted(project.curricula):
            yield curriculum_job(project, lang.code, cid, options, site_url)
    for lang in project.languages:
        for wid in sorted(project.workshops):
            yield workshop_job(project, lang.code, wid, options, site_url)
            yield handouts_job(project, lang.code, wid, options)


def all_jobs(project: Project, site_url: str, options: Options | None = None) -> list[Job]:
    return list(iter_jobs(project, site_url, options))


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def render_to_file(job_html: str, digest: str, target: str) -> int:
    """Render one packet to `target` atomically; returns its page count."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    class OwnImages(URLFetcher):
        """Packets are self-contained: the build's own QR code, and nothing else, is fetched."""

        def fetch(self, url: str, headers: object = None) -> object:
            if not url.startswith(QR_PREFIX):
                raise ValueError(f"packets fetch nothing but their own images, not {url[:60]!r}")
            return super().fetch(url, headers)

    fetcher = OwnImages(allowed_protocols={"data"}, fail_on_errors=True)
    document_ = HTML(string=job_html, url_fetcher=fetcher).render()
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        # A fixed identifier (from the content hash) keeps the bytes reproducible.
        document_.write_pdf(tmp, pdf_identifier=digest.encode("ascii"), pdf_tags=True)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(document_.pages)


def render_all(
    project: Project,
    cache_dir: Path,
    workers: int,
    site_url: str,
    jobs: Iterable[Job] | None = None,
) -> tuple[dict[tuple[str, str, str], PacketFile], int]:
    """Every packet, from the cache where its inputs are unchanged, rendered otherwise.

    Returns the packets and how many had to be rendered.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    index_path = cache_dir / "pages.json"
    pages: dict[str, int] = json.loads(index_path.read_text()) if index_path.exists() else {}
    # A warm build: nothing the packets are made from has changed since the last one,
    # so neither the HTML nor its hashes need to be made again.
    manifest_path = cache_dir / "last-build.json"
    key = inputs_key(project, site_url) if jobs is None else ""
    if key and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("key") == key and all(
            digest in pages and (cache_dir / f"{digest}.pdf").exists()
            for digest in manifest["packets"].values()
        ):
            found: dict[tuple[str, str, str], PacketFile] = {}
            for name, digest in manifest["packets"].items():
                lang, kind, ident = name.split("/")
                found[(lang, kind, ident)] = PacketFile(cache_dir / f"{digest}.pdf", pages[digest])
            return found, 0
    # Each due packet goes to the pool as soon as its HTML is made: the workers start
    # (and import WeasyPrint) while the main process makes the rest.
    made: list[Job] = []
    failures: list[str] = []
    futures: dict[Future[int], Job] = {}
    due: set[str] = set()
    progress = Progress()
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for job in jobs if jobs is not None else iter_jobs(project, site_url):
            made.append(job)
            target = cache_dir / f"{job.digest}.pdf"
            if job.digest in due or (target.exists() and job.digest in pages):
                continue  # cached, or the same HTML is already being rendered
            due.add(job.digest)
            futures[pool.submit(render_to_file, job.html, job.digest, str(target))] = job
            progress.total += 1
        for future in as_completed(futures):
            job = futures[future]
            try:
                pages[job.digest] = future.result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: B036 (WeasyPrint's fetch errors are BaseExceptions)
                # One packet's failure must name it, not hide it.
                failures.append(
                    f"packet {'/'.join(job.key)} ({job.title}): {type(exc).__name__}: {exc}"
                )
            progress.step(job)
    if futures:
        progress.done()
        write_json(index_path, pages)
    if failures:
        raise PacketError("; ".join(sorted(failures)))
    if key:
        manifest = {"key": key, "packets": {"/".join(job.key): job.digest for job in made}}
        write_json(manifest_path, manifest)
        if prune(cache_dir, {job.digest for job in made}, pages, time.time()):
            write_json(index_path, pages)
    return {
        job.key: PacketFile(cache_dir / f"{job.digest}.pdf", pages[job.digest]) for job in made
    }, len(futures)


# Every edit leaves the packet's old PDF behind: a few weeks of translating would
# fill the disk. Two weeks unused keeps what another branch still builds.
KEEP_UNUSED_DAYS = 14


def prune(cache_dir: Path, in_use: set[str], pages: dict[str, int], now: float) -> int:
    """Remove cached packets no full build has used for `KEEP_UNUSED_DAYS`; how many went.

    `used.json` records when each packet was last part of a build. A PDF from before
    that record counts from when it was rendered.
    """
    record = cache_dir / "used.json"
    used: dict[str, float] = json.loads(record.read_text()) if record.exists() else {}
    used.update(dict.fromkeys(in_use, now))
    cutoff = now - KEEP_UNUSED_DAYS * 86400
    removed, kept = 0, {}
    for pdf in cache_dir.glob("*.pdf"):
        last = used[pdf.stem] if pdf.stem in used else pdf.stat().st_mtime
        if last < cutoff:
            pdf.unlink()
            pages.pop(pdf.stem, None)
            removed += 1
        else:
            kept[pdf.stem] = last
    # Files a killed worker left half-written.
    for tmp in cache_dir.glob("*.pdf.*.tmp"):
        if tmp.stat().st_mtime < cutoff:
            tmp.unlink()
    write_json(record, kept)  # records of PDFs deleted by hand drop out too
    return removed


def write_json(path: Path, data: object) -> None:
    """Replace a cache record whole, so an interrupted build never leaves half of one."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, sort_keys=True))
    tmp.replace(path)


class Progress:
    """A one-line counter on a terminal; silent in logs and CI."""

    def __init__(self) -> None:
        self.total, self.count = 0, 0  # the total grows while jobs are still being made
        self.tty = sys.stderr.isatty()

    def step(self, job: Job) -> None:
        self.count += 1
        if self.tty:
            print(
                f"\rRendering packets {self.count}/{self.total} ({'/'.join(job.key)})\x1b[K",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def render_one(job: Job, target: Path) -> int:
    """One packet on demand (the CLI): written atomically, never a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return render_to_file(job.html, job.digest, str(target))
