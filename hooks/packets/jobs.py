"""Packet jobs: for each language, the HTML of every facilitator packet,
participant handouts and curriculum packet, and the key that says when they
must be made again."""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model.catalog import LanguageCatalog, catalog
from ..model.project import Project
from ..model.schedule import DEFAULT_START, clock
from ..model.strings import Strings
from ..model.translations import content_hash
from ..model.wording import duration, glance_rows
from ..model.workshops import Curriculum, Session, Workshop, copies
from .paper import (
    VERSION,
    PacketError,
    cover,
    document,
    esc,
    handout_sections,
    md,
    page_url,
    stylesheet,
    workshop_sections,
)


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
    from ctypes.util import find_library
    from importlib.metadata import version

    names = ("weasyprint", "pydyf", "markdown", "pymdown-extensions", "segno")
    # WeasyPrint subsets fonts with HarfBuzz when the library is there, else with
    # fontTools: the two give different bytes.
    subsetter = find_library("harfbuzz-subset") or "fonttools"
    return {name: version(name) for name in names} | {"python": sys.version, "subset": subsetter}


@functools.cache
def _packet_code() -> frozenset[Path]:
    """The modules a packet's bytes can depend on: this wing and what it imports,
    followed through relative imports (those in functions too), so a change to the
    site's pages alone does not make every packet again."""
    package = Path(__file__).parents[1]
    found: set[Path] = set()
    todo = sorted(Path(__file__).parent.glob("*.py"))
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = path.parents[node.level - 1].joinpath(*(node.module or "").split("."))
            # `from . import plurals` imports a module; `from .x import y` a name of x.
            for target in [base] + [base / alias.name for alias in node.names]:
                for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                    if candidate.is_file() and package in candidate.parents:
                        todo.append(candidate)
    return frozenset(found)


def inputs_key(project: Project, site_url: str) -> str:
    """Everything every packet's HTML is made from, hashed without making the HTML.

    The sources' texts (English and translations), the interface strings, the
    languages, the build date, the address of the site, the code packets are made by and
    the versions of the libraries involved. When it matches the last build's, the
    packets are the ones already in the cache.
    """
    code = "".join(
        content_hash(path.read_text(encoding="utf-8")) for path in sorted(_packet_code())
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


def workshop_job(
    project: Project,
    lang: str,
    w: Workshop,
    options: Options,
    site_url: str,
    names: LanguageCatalog | None = None,
) -> Job:
    """A workshop's facilitator packet, from its plan in `lang`; `names` is the language's
    catalog where the caller makes many packets (built here otherwise)."""
    names = names if names is not None else catalog(project, lang)
    language, s = names.language, names.strings
    wid = w.id
    start = DEFAULT_START if options.start is None else options.start
    rows = [(k, esc(v)) for k, v in glance_rows(w, s)]
    rows.append((s.t("packet.start_time"), clock(start)))
    if options.date:
        rows.append((s.t("packet.date"), esc(options.date)))
    principles = s.join(names.principles[p] for p in w.principles)
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
        + handout_sections(w, s, copies(project.workshops[wid]))
        + "</section>"
    )
    key = (lang, "workshop", wid)
    return _packet(
        project, names, key, w.title, "packet.facilitator_packet", w.summary, body, options
    )


def handouts_job(
    project: Project, lang: str, w: Workshop, options: Options, names: LanguageCatalog | None = None
) -> Job:
    """A workshop's participants' handouts, from its plan in `lang`."""
    names = names if names is not None else catalog(project, lang)
    language, s = names.language, names.strings
    title = s.label(w.title, s.t("packet.participant_handouts"))
    body = (
        f'<section class="cover"><h1>{esc(w.title)}</h1><p class="summary">'
        f"{esc(s.t('packet.participant_handouts'))}</p><p>{esc(w.summary)}</p></section>"
        + handout_sections(w, s)
    )
    css = stylesheet(lang, language.rtl, options.paper, title, s, page_numbers=False)
    return Job(
        (lang, "handouts", w.id),
        title,
        lang,
        document(lang, language.rtl, title, w.summary, project, body, css),
    )


def curriculum_job(
    project: Project,
    lang: str,
    c: Curriculum,
    options: Options,
    site_url: str,
    names: LanguageCatalog | None = None,
) -> Job:
    """A curriculum's packet: cover, rationale and timetables, then each session's workshops.

    `c` is the programme in `lang` (one of `project.programmes[lang]`, or one made on
    demand, which the project need not hold)."""
    names = names if names is not None else catalog(project, lang)
    s = names.strings
    plans = project.plans[lang]
    # Every session moves by the same amount to start at the chosen time.
    shift = 0 if options.start is None else options.start - c.sessions[0].start
    parts = [
        _curriculum_cover(project, names, c, options, site_url),
        f"<section><h1>{esc(s.t('curriculum.rationale'))}</h1><p>{esc(c.rationale)}</p>",
    ]
    parts += [_timetable(session, plans, s, shift) for session in c.sessions]
    parts.append("</section>")
    for session in c.sessions:
        parts += _session_workshops(session, plans, s, shift)
    key = (lang, "curriculum", c.id)
    body = "".join(parts)
    return _packet(
        project, names, key, c.title, "packet.curriculum_packet", c.summary, body, options
    )


def _packet(
    project: Project,
    names: LanguageCatalog,
    key: tuple[str, str, str],
    heading: str,
    kind: str,
    summary: str,
    body: str,
    options: Options,
) -> Job:
    """A packet's whole document, titled `heading` and the kind of packet (a string key)."""
    s, lang, rtl = names.strings, names.code, names.language.rtl
    css = stylesheet(lang, rtl, options.paper, heading, s)
    title = s.label(heading, s.t(kind))
    return Job(key, title, lang, document(lang, rtl, title, summary, project, body, css))


def _curriculum_cover(
    project: Project, names: LanguageCatalog, c: Curriculum, options: Options, site_url: str
) -> str:
    s, lang = names.strings, names.code
    total = sum(project.workshops[i].minutes for i in c.workshop_ids())
    rows = [
        (s.t("curriculum.sessions"), str(len(c.sessions))),
        (s.t("curriculum.total"), esc(duration(total, s))),
        (s.t("curriculum.audience"), esc(c.audience)),
    ]
    if options.date:
        rows.append((s.t("packet.date"), esc(options.date)))
    # A programme made on demand has no page of its own: its code opens the curricula.
    mine = c.id in project.curricula
    page = f"curricula/{c.id}/" if mine else "curricula/"
    scan = "packet.scan_curriculum" if mine else "packet.scan_curricula"
    url = page_url(site_url, lang, project.default.code, page)
    return cover(
        c.title,
        s.t("packet.curriculum_packet"),
        c.summary,
        rows,
        url,
        s,
        names.language.name,
        project,
        scan if s.english().has(scan) else "packet.scan",
    )


def _timetable(session: Session, plans: dict[str, Workshop], s: Strings, shift: int) -> str:
    """One session's timetable, and what to do before the next."""
    parts = [f"<h2>{esc(session.title)}</h2><table><tbody>"]
    for at, item in session.timeline():
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
            "<p>"
            + s.label(f"<strong>{esc(s.t('curriculum.between'))}</strong>", esc(session.between))
            + "</p>"
        )
    return "".join(parts)


def _session_workshops(
    session: Session, plans: dict[str, Workshop], s: Strings, shift: int
) -> list[str]:
    """Each workshop of a session, at its time in the session."""
    parts = []
    for at, item in session.timeline():
        if item.kind != "workshop":
            continue
        w = plans[item.workshop]
        parts.append(
            f'<section class="session-workshop"><h1>{esc(s.label(session.title, w.title))}</h1>'
            f"<p>{esc(w.summary)}</p></section>"
        )
        parts.append(workshop_sections(w, at + shift, s, heading="h2"))
        # Handouts are copied from each workshop's own handout PDF, not reprinted here.
        if w.handouts:
            parts.append(
                "<p>"
                + s.label(
                    f"<strong>{esc(s.t('workshop.handouts'))}</strong>",
                    esc(s.join(h.title for h in w.handouts)),
                )
                + "</p>"
            )
    return parts


def iter_jobs(project: Project, site_url: str, options: Options | None = None) -> Iterator[Job]:
    """Every packet's job, one at a time, so rendering can start while the rest are made.

    Curriculum packets come first: they take longest to render, and a long one left
    for last would keep one core busy while the others wait.
    """
    options = options or Options()
    catalogs = [catalog(project, lang.code) for lang in project.languages]
    for names in catalogs:
        for cid in sorted(project.curricula):
            programme = project.programmes[names.code][cid]
            yield curriculum_job(project, names.code, programme, options, site_url, names)
    for names in catalogs:
        for wid in sorted(project.workshops):
            plan = project.plans[names.code][wid]
            yield workshop_job(project, names.code, plan, options, site_url, names)
            yield handouts_job(project, names.code, plan, options, names)


def all_jobs(project: Project, site_url: str, options: Options | None = None) -> list[Job]:
    return list(iter_jobs(project, site_url, options))
