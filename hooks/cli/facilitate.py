"""`solidarity workshops`, `curriculum`, `packet` and `links`: commands for facilitators."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from ..model.planner import Constraints
    from ..model.workshops import Curriculum, Item, Session


def _clock(value: str) -> int:
    from ..model.schedule import parse_clock

    parsed = parse_clock(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"`{value}` is not a time like 18:30")
    return parsed


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` is not a date like 2026-12-05") from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"`{value}` is not a whole number of 1 or more")
    return number


def _minutes(value: str) -> int:
    """Minutes that may be none (a break): a whole number of 0 or more."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"`{value}` is not a whole number of 0 or more")
    return number


def _level(value: str) -> str:
    from ..model.workshops import LEVELS

    if value not in LEVELS:
        raise argparse.ArgumentTypeError(f"`{value}` is not a level: {', '.join(LEVELS)}")
    return value


def _project(lang: str | None) -> Any:
    from ..model.project import load_project
    from ..model.sources import Problems
    from .common import configured_languages, find_root, print_problems

    root = find_root()
    # Checked before loading: a typo should not cost the seconds a full load takes.
    languages = configured_languages(root)
    codes = [x.code for x in languages]
    if lang and lang not in codes:
        from ..model.sources import suggest

        hint = suggest(lang, codes)
        print(
            f"solidarity: unknown language `{lang}` (known: {', '.join(codes)})"
            + (f"; {hint}" if hint else ""),
            file=sys.stderr,
        )
        raise SystemExit(2)
    # English and the one language asked for: a packet or a listing needs no other,
    # and loading all six would triple the wait.
    project = load_project(root, languages[:1] + [x for x in languages[1:] if x.code == lang])
    # Only the languages loaded: the folders of the others are not this command's business.
    shown = Problems(
        p
        for p in project.problems
        if not p.path.startswith("translations/")
        or (lang and p.path.startswith((f"translations/{lang}/", "translations/_")))
        or p.path == "translations/strings.yml"
    )
    # A translator's unfinished file must not stop a facilitator: only English sources block.
    blocking = [p for p in shown.errors if not p.path.startswith("translations/")]
    if blocking:
        print_problems(shown)
        raise SystemExit("solidarity: fix the problems above first")
    unread = [p for p in shown.errors if p.path.startswith("translations/")]
    if unread:
        # Said, not silent: the paper would otherwise be English with no word why.
        print_problems(Problems(unread))
        print(
            "solidarity: the English is used where a translation above cannot be read; "
            "`solidarity translations check` lists every problem",
            file=sys.stderr,
        )
    return project


def _unknown_ids(kind: str, given: list[str], known: list[str]) -> str | None:
    """A message naming the first id that does not exist, with the nearest one; None if all exist."""
    from ..model.sources import suggest

    for value in given:
        if value not in known:
            hint = suggest(value, known) or f"known: {', '.join(known)}"
            return f"solidarity: no {kind} `{value}`; {hint}"
    return None


def _display_width(text: str) -> int:
    """Columns a terminal gives the text: wide (Chinese) characters take two."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def cmd_workshops(args: argparse.Namespace) -> int:
    import json

    project = _project(args.lang)
    lang = args.lang or project.default.code
    s = project.strings[lang]
    # plans[lang] holds the translated plan where the language has one, English otherwise.
    plans = list(project.plans[lang].values())
    if args.json:
        rows = [
            {
                "id": w.id,
                "title": w.title,
                "minutes": w.minutes,
                "group_size": {"min": w.group_min, "max": w.group_max},
                "level": w.level,
                "format": w.format,
            }
            for w in plans
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    table = [
        [
            w.id,
            w.title,
            s.t("time.minutes", minutes=w.minutes),
            s.t("workshop.group_range", min=w.group_min, max=w.group_max),
            s.t(f"level.{w.level}"),
            s.t(f"format.{w.format}"),
        ]
        for w in plans
    ]
    widths = [max((_display_width(row[i]) for row in table), default=0) for i in range(6)]
    for row in table:
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    return 0


# What the builder page saves (docs/assets/javascripts/builder.js): its marker and version.
PROGRAMME_MARKER = "programme"
PROGRAMME_VERSION = 1


# The keys of a saved programme, in the order they are checked, and the options they give.
PROGRAMME_FIELDS = {
    "sessions": "sessions",
    "minutes": "minutes",
    "size": "group_size",
    "start": "start",
    "date": "date",
    "format": "format",
    "cover": "cover",
    "level": "level",
    "break": "break_minutes",
}


class _NotAProgramme(Exception):
    """Why a file given to --from is not a programme this command reads."""


def _read_programme(name: str) -> dict[str, Any] | None:
    """The constraints of a programme saved by the builder page, as curriculum options;
    None (after saying why, naming the file) for a file that is not one."""
    try:
        return _programme_options(_programme_data(name))
    except _NotAProgramme as exc:
        print(
            f"solidarity curriculum: {name} {exc}; save one from the site's programme builder "
            "page (Save as a file) and try again",
            file=sys.stderr,
        )
        return None


def _programme_data(name: str) -> dict[str, Any]:
    """The file's JSON, if it is a saved programme of the version this command reads."""
    import json

    try:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _NotAProgramme(f"cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _NotAProgramme(f"is not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("solidarity") != PROGRAMME_MARKER:
        raise _NotAProgramme(
            'is not a saved programme (it has no "solidarity": "programme" marker)'
        )
    if data.get("version") != PROGRAMME_VERSION:
        raise _NotAProgramme(
            f"has version {data.get('version')!r}; this command reads version {PROGRAMME_VERSION}"
        )
    return data


def _programme_options(data: dict[str, Any]) -> dict[str, Any]:
    """The options the programme sets (an empty value sets none), each checked."""
    out: dict[str, Any] = {}
    for key, option in PROGRAMME_FIELDS.items():
        value = data.get(key)
        if value in (None, "", []):
            continue
        try:
            out[option] = _programme_value(key, option, value)
        except argparse.ArgumentTypeError as exc:
            raise _NotAProgramme(f"has a bad `{key}`: {exc}") from None
    return out


def _programme_value(key: str, option: str, value: Any) -> Any:
    """One saved value as its option's, checked as the command line's parser checks it."""
    if option == "format":
        if value not in ("in-person", "online"):
            raise argparse.ArgumentTypeError(f"`{value}` is not in-person or online")
        return value
    if option == "level":
        return _level(str(value))
    if option == "cover":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise argparse.ArgumentTypeError("`cover` is not a list of principle ids")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise argparse.ArgumentTypeError(f"`{value}` is not a valid {key}")
    return _SAVED_CHECKS[option](value if isinstance(value, str) else str(value))


def _write_new(path: Path, data: bytes) -> None:
    """Write a file the user named; never replace one that exists."""
    with open(path, "xb") as handle:
        handle.write(data)


def cmd_curriculum(args: argparse.Namespace) -> int:
    from ..model.catalog import catalog
    from ..model.planner import Infeasible, describe, plan
    from ..model.schedule import DEFAULT_START

    if args.from_file and not _take_saved_options(args):
        return 2
    if args.sessions is None or args.minutes is None:
        print(
            "solidarity curriculum: give --sessions and --minutes, or --from a saved programme",
            file=sys.stderr,
        )
        return 2
    project = _project(args.lang)
    lang = args.lang or project.default.code
    taken = _existing_target(args)
    if taken:
        print(
            f"solidarity: {taken} already exists; choose another name (nothing was changed)",
            file=sys.stderr,
        )
        return 1
    missing = _missing_target_folder(args)
    if missing:
        print(missing, file=sys.stderr)
        return 2
    unknown = _unknown_ids("principle", list(args.cover or ()), sorted(project.principles))
    if unknown:
        print(unknown, file=sys.stderr)
        return 2
    rank = {p.id: p.order for p in project.principles.values()}
    gap = args.break_minutes or 0
    try:
        result = plan(project.workshops, _constraints(args), rank)
    except Infeasible as exc:
        reason = exc.message(_refusal_strings(project, lang, exc.kind))
        print(f"solidarity curriculum: cannot meet the constraints: {reason}", file=sys.stderr)
        return 1
    names = catalog(project, lang)
    start = args.start if args.start is not None else DEFAULT_START
    dates = _weekly_dates(args.date, len(result.sessions)) if args.date else None
    s = _strings_with(project, lang, PROGRAMME_KEYS)
    print(describe(result, project.workshops, names.workshops, start, s, dates, gap))
    # The principles by name, in the site's order; their ids are what --cover takes.
    covered = sorted(result.covered, key=lambda p: project.principles[p].order)
    named = [f"{names.principles[p]} ({p})" for p in covered]
    print(s.t("builder.covers", principles=s.join(named)))
    sessions = _sessions(project, result.sessions, start, dates, gap)
    if args.markdown:
        _write_markdown(args, sessions, start)
    if args.packet:
        _write_packet(args, project, lang, sessions, start)
    return 0


def _take_saved_options(args: argparse.Namespace) -> bool:
    """Fill the options not given on the command line from the programme named by --from;
    False (after saying why) for a file that is not one."""
    saved = _read_programme(args.from_file)
    if saved is None:
        return False
    for name, value in saved.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return True


def _existing_target(args: argparse.Namespace) -> str | None:
    """The first file asked for (--markdown, then --packet) that exists already."""
    for target in (args.markdown, args.packet):
        if target and Path(target).exists():
            return str(target)
    return None


def _missing_target_folder(args: argparse.Namespace) -> str | None:
    """Why the first file asked for (--markdown, then --packet) cannot be written: its
    folder is not there."""
    from .common import missing_folder

    for target in (args.markdown, args.packet):
        why = target and missing_folder(Path(target))
        if why:
            return why
    return None


def _constraints(args: argparse.Namespace) -> Constraints:
    from ..model.planner import Constraints

    return Constraints(
        args.sessions,
        args.minutes,
        tuple(args.cover or ()),
        args.group_size,
        args.format,
        args.level,
        args.break_minutes or 0,
    )


def _weekly_dates(first: str, count: int) -> list[str]:
    """The dates of `count` weekly sessions from `first` (YYYY-MM-DD)."""
    day = dt.date.fromisoformat(first)
    return [(day + dt.timedelta(weeks=i)).isoformat() for i in range(count)]


def _sessions(
    project: Any, planned: list[list[str]], start: int, dates: list[str] | None, gap: int
) -> list[Session]:
    """The planned sessions as a curriculum's, titled with their dates if given."""
    from ..model.workshops import Session

    return [
        Session(
            f"Session {n}" + (f" ({dates[n - 1]})" if dates else ""),
            start,
            _session_items(project, ids, gap),
        )
        for n, ids in enumerate(planned, 1)
    ]


def _session_items(project: Any, ids: list[str], gap: int) -> list[Item]:
    """The session's workshops, with the break between two of them."""
    from ..model.workshops import Item

    out: list[Item] = []
    for w in ids:
        if out and gap:
            out.append(Item("break", gap))
        out.append(Item("workshop", project.workshops[w].minutes, w))
    return out


def _write_markdown(args: argparse.Namespace, sessions: list[Session], start: int) -> None:
    """The programme as a curriculum file at --markdown."""
    from ..model.schedule import clock

    meta = {
        "id": Path(args.markdown).stem,
        "title": "Custom programme",
        "summary": f"{len(sessions)} sessions of up to {args.minutes} minutes, made by solidarity curriculum.",
        "audience": f"A group of {args.group_size or 'any size'}"
        + (f", meeting {args.format}" if args.format else "")
        + ".",
        "rationale": "Workshops are ordered so that prerequisites come first and principles follow the "
        "order of the site.",
        "session_limit": args.minutes,
        "start": clock(start),
        "sessions": [
            {
                "title": s.title,
                "items": [
                    {"workshop": i.workshop} if i.kind == "workshop" else {"break": i.minutes}
                    for i in s.items
                ],
            }
            for s in sessions
        ],
    }
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"
    _write_new(Path(args.markdown), text.encode("utf-8"))
    print(
        f"wrote {args.markdown} (a curriculum file: move it to workshops/curricula/ to publish it)"
    )


def _write_packet(
    args: argparse.Namespace, project: Any, lang: str, sessions: list[Session], start: int
) -> None:
    """The programme's packet (PDF) at --packet, in `lang`."""
    import dataclasses

    from ..model.catalog import catalog
    from ..packets.jobs import Options, curriculum_job
    from ..packets.render import render_one

    names = catalog(project, lang)
    strings = names.strings
    programme = _custom_curriculum(args, strings, sessions)
    small = args.group_size and args.group_size < SMALL_GROUPS_FROM
    if small and _has_string(strings, "workshop.per_group_whole"):
        names = dataclasses.replace(names, strings=_whole_group_strings(strings))
    options = Options(start, args.date or "", args.paper)
    job = curriculum_job(project, lang, programme, options, _site_url(project), names)
    pages = render_one(job, Path(args.packet))
    print(f"wrote {args.packet} ({pages} pages)")


def _custom_curriculum(
    args: argparse.Namespace, strings: Any, sessions: list[Session]
) -> Curriculum:
    """The programme as the curriculum its packet is made from, worded in the strings' language
    where the project's strings have the words."""
    from ..model.schedule import DEFAULT_START
    from ..model.sources import Source
    from ..model.workshops import Curriculum

    audience = (
        strings.t("workshop.group_of", count=args.group_size)
        if args.group_size and _has_string(strings, "workshop.group_of")
        else ""
    )
    return Curriculum(
        "custom",
        strings.t("programme.title")
        if _has_string(strings, "programme.title")
        else "Custom programme",
        strings.t("programme.summary", count=len(sessions))
        if _has_string(strings, "programme.summary")
        else f"{len(sessions)} sessions",
        audience,
        "",
        args.minutes,
        sessions,
        Source(Path(args.packet), args.packet, ""),
        start=sessions[0].start if sessions else DEFAULT_START,
    )


# Fewer people than this cannot form two small groups of two: materials counted
# "per small group" are for the whole group.
SMALL_GROUPS_FROM = 4


def _refusal_strings(project: Any, lang: str, kind: str) -> Any:
    return _strings_with(project, lang, (f"builder.refuse.{kind}", "punctuation.list_separator"))


# The words of a programme printed by the command: the builder page's.
PROGRAMME_KEYS = (
    "builder.session",
    "builder.session_dated",
    "builder.workshop_line",
    "builder.break_line",
    "builder.covers",
    "punctuation.list_separator",
)


def _strings_with(project: Any, lang: str, keys: tuple[str, ...]) -> Any:
    """The strings that word a refusal or a programme: the language's, or for a project
    whose strings.yml predates the builder (or one of `keys`), this package's own
    English (the site's wording)."""
    strings = project.strings[lang]
    if all(_has_string(strings, key) for key in keys):
        return strings
    from ..model.sources import Problems
    from ..model.strings import load_strings

    home = Path(__file__).resolve().parents[2]
    return load_strings(home / "translations" / "strings.yml", home, "en", Problems())


def _has_string(strings: Any, key: str) -> bool:
    """Whether the language or its English fallback has the key (a project's own,
    older strings.yml may lack a newer one)."""
    while strings is not None:
        if strings.has(key):
            return True
        strings = strings.fallback
    return False


def _whole_group_strings(strings: Any) -> Any:
    """The language's strings with "per small group" worded for a group too small to split."""
    from ..model.strings import Strings

    values = dict(strings.values, **{"workshop.per_group": strings.t("workshop.per_group_whole")})
    return Strings(
        strings.lang, values, strings.lines, strings.fallback, strings.rel, strings.forms
    )


def _site_url(project: Any) -> str:
    from .common import read_config

    return str(read_config(project.root).get("site_url") or "")


def _packet_target(args: argparse.Namespace, default_name: str) -> tuple[Path | None, int]:
    """Where `-o` asks the packet to go, or None and the exit code of a refusal said here:
    a folder it cannot make, a folder that is not there, a file it must not replace."""
    target = Path(args.output or default_name)
    if args.output and (args.output.endswith(("/", os.sep)) or target.is_dir()):
        # A folder: the packet goes in under its own name, the folder made if need be.
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            print(
                f"solidarity: cannot make the folder {args.output} ({reason}); "
                "name a folder you can write to, or a file such as packet.pdf",
                file=sys.stderr,
            )
            return None, 1
        target = target / default_name
    else:
        from .common import missing_folder

        missing = missing_folder(
            target,
            "; or end -o with / to have the folder made (the packet then takes its own name)",
        )
        if missing:
            print(missing, file=sys.stderr)
            return None, 2
    if (target.exists() or target.is_symlink()) and not args.force:
        print(f"solidarity: {target} already exists; use --force to replace it", file=sys.stderr)
        return None, 1
    return target, 0


def cmd_packet(args: argparse.Namespace) -> int:
    from ..packets.jobs import Options, curriculum_job, handouts_job, workshop_job
    from ..packets.paper import PacketError
    from ..packets.render import render_one

    project = _project(args.lang)
    lang = args.lang or project.default.code
    options = Options(args.start, args.date or "", args.paper)
    default_name = f"{args.name}-{lang}{'-handouts' if args.handouts else ''}.pdf"
    target, refused = _packet_target(args, default_name)
    if target is None:
        return refused
    if args.name in project.workshops:
        plan = project.plans[lang][args.name]
        job = (
            handouts_job(project, lang, plan, options)
            if args.handouts
            else workshop_job(project, lang, plan, options, _site_url(project))
        )
    elif args.name in project.curricula:
        programme = project.programmes[lang][args.name]
        job = curriculum_job(project, lang, programme, options, _site_url(project))
    else:
        from ..model.sources import suggest

        known = sorted(project.workshops) + sorted(project.curricula)
        hint = suggest(args.name, known)
        print(
            f"solidarity: no workshop or curriculum `{args.name}`{'; ' + hint if hint else ''}",
            file=sys.stderr,
        )
        return 2
    try:
        pages = render_one(job, target)
    except (PacketError, OSError, ValueError) as exc:
        print(f"solidarity: packet {args.name} ({lang}) failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {target} ({pages} pages)")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from ..postbuild.external import check_external
    from .common import find_root

    root = find_root()
    site = Path(args.site) if args.site else root / "site"
    if not site.is_dir():
        print(f"solidarity: build the site first ({site} is missing): make site", file=sys.stderr)
        return 2
    if not args.external:
        print(
            "solidarity links: internal links and anchors are checked by every build; "
            "add --external to check external links online",
            file=sys.stderr,
        )
        return 0
    report = check_external(
        site,
        root / ".cache" / "solidarity" / "external-links.json",
        timeout=args.timeout,
        concurrency=args.concurrency,
        max_age_days=args.max_age,
    )
    for line in report.lines():
        print(line)
    return 1 if report.broken else 0


PAPERS = ("a4", "letter")
PAPER_HELP = "paper size of the PDF: a4 or letter (default: a4)"


def add_commands(sub: Any) -> None:
    """The facilitators' commands, each declared by its own function."""
    _add_workshops(sub)
    _add_curriculum(sub)
    _add_packet(sub)
    _add_links(sub)


def _add_workshops(sub: Any) -> None:
    p = sub.add_parser("workshops", help="list the workshops: length, group size, level, format")
    p.add_argument("--lang", help="language of the titles (default: en)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_workshops)


def _add_curriculum(sub: Any) -> None:
    p = sub.add_parser("curriculum", help="build a programme of workshops from your constraints")
    p.add_argument("--sessions", type=_positive, help="number of sessions")
    p.add_argument("--minutes", type=_positive, help="longest session, in minutes")
    p.add_argument(
        "--cover", nargs="+", metavar="PRINCIPLE", help="principle ids the programme must cover"
    )
    p.add_argument("--group-size", type=_positive, help="number of participants")
    p.add_argument("--format", choices=("in-person", "online"), help="how the group meets")
    p.add_argument(
        "--level",
        type=_level,
        help="the highest workshop level to use, e.g. intermediate (introductory and "
        "intermediate workshops)",
    )
    p.add_argument(
        "--break-minutes",
        type=_minutes,
        metavar="N",
        help="a break of N minutes between two workshops of a session, within its minutes",
    )
    p.add_argument(
        "--lang", help="language of the programme printed, its titles and its packet (default: en)"
    )
    p.add_argument("--start", type=_clock, help="start time of each session, HH:MM (default 18:00)")
    p.add_argument("--date", type=_date, help="date of the first session, YYYY-MM-DD (then weekly)")
    p.add_argument(
        "--markdown", metavar="FILE", help="also write the programme as a curriculum file"
    )
    p.add_argument("--packet", metavar="FILE", help="also write its packet as a PDF")
    p.add_argument("--paper", choices=PAPERS, default="a4", help=PAPER_HELP)
    p.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="the constraints of a programme saved by the site's builder page (options given "
        "here override it)",
    )
    p.set_defaults(func=cmd_curriculum)


def _add_packet(sub: Any) -> None:
    p = sub.add_parser("packet", help="make one facilitator packet (PDF) on demand")
    p.add_argument("name", help="workshop or curriculum id, e.g. finding-common-ground")
    p.add_argument("--lang", help="language code (default: en)")
    p.add_argument("--start", type=_clock, help="start time, HH:MM")
    p.add_argument("--date", type=_date, help="the day it runs, YYYY-MM-DD")
    p.add_argument("--paper", choices=PAPERS, default="a4", help=PAPER_HELP)
    p.add_argument("--handouts", action="store_true", help="the participant handouts only")
    p.add_argument(
        "-o", "--output", help="output file, or a folder (ending in /) to write NAME-LANG.pdf into"
    )
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.set_defaults(func=cmd_packet)


def _add_links(sub: Any) -> None:
    p = sub.add_parser("links", help="check external links online (opt-in)")
    p.add_argument("--external", action="store_true", help="check external links over the network")
    p.add_argument("--site", help="built site folder (default: site/)")
    p.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for each link to answer (default: 10)",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=4,
        metavar="N",
        help="how many links to check at once, 1 to 8; more is taken as 8 (default: 4)",
    )
    p.add_argument(
        "--max-age", type=int, default=7, help="re-check cached results older than this (days)"
    )
    p.set_defaults(func=cmd_links)


# A saved programme's numbers, times and date, checked by the command line's own parsers.
_SAVED_CHECKS: dict[str, Any] = {
    "sessions": _positive,
    "minutes": _positive,
    "group_size": _positive,
    "start": _clock,
    "date": _date,
    "break_minutes": _minutes,
}
