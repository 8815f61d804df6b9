"""Workshop plans and curricula: the schema, loading and validation."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from .knowledge import ID, check_id
from .memo import remembered
from .schedule import DEFAULT_START, Slot, clock, lay_out, parse_clock
from .sources import Problems, Source, check_fields, front, record, schema, suggest

R = TypeVar("R")
ItemKind = Literal["workshop", "break", "lunch"]

Level = Literal["introductory", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = get_args(Level)

Format = Literal["in-person", "online", "both"]
FORMATS: tuple[Format, ...] = get_args(Format)

Per = Literal["participant", "group", "room"]
PER: tuple[Per, ...] = get_args(Per)

# Who a handout is printed for (`for:`): everyone, or only the facilitator (answers a group must
# find for itself, a sheet to copy onto a flipchart), kept out of the participants' PDF.
Audience = Literal["participants", "facilitator"]
AUDIENCES: tuple[Audience, ...] = get_args(Audience)

MAX_FACILITATORS = 4
MAX_SPACE = 8


# Each record's front matter is declared on its attributes (sources.front): the schema
# checked and the structural keys every translation must keep (all others are what
# translators translate, and the PO bridge exports) come from these classes.


@record
class Segment:
    id: str = front(str, structural=True)
    title: str = front(str)
    minutes: int = front(int, structural=True)
    method: str = front(str, required=False, default="")
    purpose: str = front(str, required=False, default="")
    is_break: bool = front(bool, keys=("break",), required=False, structural=True, default=False)
    script: str = ""
    script_line: int = 0  # line of the section heading in the source
    # The fewest minutes the segment can shrink to when the session runs late.
    min_minutes: int | None = front(int, required=False, structural=True, default=None)

    @property
    def floor(self) -> int:
        """The fewest minutes this segment may be shortened to (its length if no minimum)."""
        return self.minutes if self.min_minutes is None else self.min_minutes


@record
class Material:
    item: str = front(str)
    quantity: int = front(int, structural=True)
    per: Per = front(str, choices=PER, structural=True)


# How many people run the plan: the fewest who can run it safely, how many it is
# written for, and what the second one does (said on the page and in the packet).
@record
class Facilitators:
    needed: int = front(int, structural=True, default=1)
    recommended: int = front(int, structural=True, default=1)
    second: str = front(str, required=False, default="")
    stated: bool = False  # False when the plan has no `facilitators:` field


# `space`: a handout people write on, and how many ruled lines each prompt gets in print
# (which parts are prompts: postbuild.writing.writing_space, for packets and pages).
@record
class Handout:
    id: str = front(str, structural=True)
    title: str = front(str)
    content: str = front(str)
    line: int = 0
    # Ruled lines per prompt in print; 0: a handout to read, not to fill in.
    space: int = front(int, required=False, structural=True, default=0)
    audience: Audience = front(
        str,
        keys=("for",),
        required=False,
        choices=AUDIENCES,
        structural=True,
        default="participants",
    )


@record
class Workshop:
    id: str = front(str, structural=True)
    title: str = front(str)
    summary: str = front(str)
    minutes: int = front(int, structural=True)
    # `group_size: [min, max]` gives both group_min and group_max.
    group_min: int = front(list, keys=("group_size",), items=int, structural=True)
    group_max: int
    level: Level = front(str, choices=LEVELS, structural=True)
    format: Format = front(str, choices=FORMATS, structural=True)
    principles: list[str] = front(list, items=str, structural=True)
    cases: list[str] = front(list, items=str, structural=True)
    requires: list[str] = front(list, required=False, items=str, structural=True)
    objectives: list[str] = front(list, items=str)
    materials: list[Material] = front(list, items=dict)
    preparation: list[str] = front(list, items=str)
    room: str = front(str)
    agenda: list[Segment] = front(list, items=dict)
    handouts: list[Handout] = front(list, items=dict)
    accessibility: list[str] = front(list, items=str)
    safety: list[str] = front(list, items=str)
    online: str = front(str)
    evaluation: list[str] = front(list, items=str)
    source: Source
    facilitators: Facilitators = front(dict, required=False, default_factory=Facilitators)

    @property
    def page(self) -> str:
        return f"workshops/{self.id}.md"

    @property
    def translated(self) -> bool:
        """Whether this is a translation's plan (its English source is at `page`)."""
        return self.source.rel != self.page

    def schedule(self, start: int = 0) -> list[tuple[int, Segment]]:
        """Each segment with its start, in minutes from midnight (or from 0:00)."""
        return [(slot.start, slot.item) for slot in lay_out(self.agenda, start, _minutes)]


@record
class Item:
    """One row of a curriculum session: a workshop, or a break at an optional fixed time.

    In front matter exactly one of `workshop: ID`, `break: MINUTES`, `lunch: MINUTES`
    (the kind), with `at` on a break or lunch."""

    kind: ItemKind
    minutes: int = front(int, keys=("break", "lunch"), required=False, structural=True)
    workshop: str = front(str, required=False, structural=True, default="")
    at: int | None = front(str, required=False, structural=True, default=None)
    line: int = 0


@record
class Session:
    title: str = front(str)
    start: int = front(str, required=False, structural=True)
    items: list[Item] = front(list, items=dict)
    between: str = front(str, required=False, default="")
    line: int = 0

    def slots(self) -> list[Slot[Item]]:
        """Each item placed in time; a break with `at` starts then, if the previous item has ended."""
        return lay_out(self.items, self.start, _minutes, lambda item: item.at)

    def timeline(self) -> list[tuple[int, Item]]:
        """Clock time of each item."""
        return [(slot.start, slot.item) for slot in self.slots()]

    def end(self) -> int:
        slots = self.slots()
        return slots[-1].end if slots else self.start


@record
class Curriculum:
    id: str = front(str, structural=True)
    title: str = front(str)
    summary: str = front(str)
    audience: str = front(str)
    rationale: str = front(str)
    session_limit: int | None = front(int, required=False, structural=True)
    # When a session starts if it does not say (`start: "HH:MM"`).
    start: int = front(str, required=False, structural=True, default=DEFAULT_START, kw_only=True)
    sessions: list[Session] = front(list, items=dict)
    source: Source

    @property
    def page(self) -> str:
        return f"curricula/{self.id}.md"

    def workshop_ids(self) -> list[str]:
        return [i.workshop for s in self.sessions for i in s.items if i.kind == "workshop"]


# No segment or break of a plan is longer than a working day; a bigger number is a typo.
MAX_SEGMENT_MINUTES = 8 * 60


def split_sections(source: Source) -> tuple[dict[str, tuple[str, str, int]], list[tuple[str, int]]]:
    """Body sections keyed by their `{#id}`: (heading text, body, heading line).

    Also returns any text before the first section, or sections without an id,
    as (description, line) problems for the caller to report: one problem for each
    stretch of stray text (at its first line), none for the text under a heading
    already reported for its missing id.
    """
    sections: dict[str, tuple[str, str, int]] = {}
    stray: list[tuple[str, int]] = []
    current: str | None = None
    buffer: list[str] = []
    heading_line = source.body_line
    title = ""
    pattern = re.compile(r"^##\s+(.+?)\s*\{#([\w-]+)\}\s*$")

    def flush() -> None:
        if current is not None:
            sections[current] = (title, "\n".join(buffer).strip("\n"), heading_line)

    fence = None
    reported = False  # the stray stretch we are in has its problem already
    for number, line in enumerate(source.body.split("\n"), source.body_line):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence == stripped[:3] else (fence or stripped[:3])
        if fence is None and line.startswith("## "):
            match = pattern.match(line)
            flush()
            buffer = []
            if match:
                title, current, heading_line = match.group(1), match.group(2), number
                reported = False
                if current in sections:
                    stray.append((f"two sections with id `{current}`", number))
            else:
                current, reported = None, True
                stray.append((f"section `{line[3:].strip()}` has no `{{#segment-id}}`", number))
            continue
        if current is None and line.strip():
            if not reported:
                stray.append(("text outside a segment section", number))
                reported = True
            continue
        buffer.append(line)
    flush()
    return sections, stray


def load_workshop(source: Source, problems: Problems) -> Workshop | None:
    """A validated plan, or None after every problem with it has been reported.

    Kept by the preview while its file's text is unchanged: a plan depends on its own
    file only, and no step changes a plan once it is made."""
    return remembered("workshop", (source.rel, source.text), problems, partial(_workshop, source))


def _workshop(source: Source, problems: Problems) -> Workshop | None:
    if not check_fields(
        source, schema(Workshop), problems, "a workshop plan", optional_extra=("translation",)
    ):
        return None
    if check_id(source, problems) is None:
        return None
    m = source.meta
    # Each part reports its own problems; all are checked before giving up.
    size = _group_size(source, problems)
    agenda, timed = _agenda(source, problems)
    materials = _records(source, problems, "materials", Material, "material", _material)
    handouts = _records(source, problems, "handouts", Handout, "handout", _handout)
    if handouts is not None and not _check_space(source, problems):
        handouts = None
    scripts = _scripts(source, agenda, problems)
    facilitators = _facilitators(source, problems)
    if (
        size is None
        or not timed
        or materials is None
        or handouts is None
        or not scripts
        or facilitators is None
    ):
        return None
    return Workshop(
        id=m["id"],
        title=m["title"],
        summary=m["summary"],
        minutes=m["minutes"],
        group_min=size[0],
        group_max=size[1],
        level=m["level"],
        format=m["format"],
        principles=list(m["principles"]),
        cases=list(m["cases"]),
        requires=list(m.get("requires") or []),
        objectives=list(m["objectives"]),
        materials=materials,
        preparation=list(m["preparation"]),
        room=m["room"],
        agenda=agenda,
        handouts=handouts,
        accessibility=list(m["accessibility"]),
        safety=list(m["safety"]),
        online=m["online"],
        evaluation=list(m["evaluation"]),
        source=source,
        facilitators=facilitators,
    )


def _group_size(source: Source, problems: Problems) -> tuple[int, int] | None:
    size = source.meta["group_size"]
    if len(size) != 2 or size[0] < 2 or size[0] > size[1] or size[1] > 500:
        problems.add(
            source.rel,
            source.line_of("group_size"),
            f"impossible group size {size}",
            "write [min, max] with 2 <= min <= max, e.g. [6, 24]",
        )
        return None
    return size[0], size[1]


def _facilitators(source: Source, problems: Problems) -> Facilitators | None:
    raw = source.meta.get("facilitators")
    if raw is None:
        return Facilitators()
    if not check_fields(
        source, schema(Facilitators), problems, "`facilitators`", prefix=("facilitators",), data=raw
    ):
        return None
    needed, recommended, second = raw["needed"], raw["recommended"], raw.get("second") or ""
    line = source.line_of("facilitators", "needed")
    if not 1 <= needed <= recommended <= MAX_FACILITATORS:
        problems.add(
            source.rel,
            line,
            f"facilitators needed {needed}, recommended {recommended}",
            f"use 1 <= needed <= recommended <= {MAX_FACILITATORS}, e.g. needed: 1, recommended: 2",
        )
        return None
    if recommended > 1 and not second.strip():
        problems.add(
            source.rel,
            source.line_of("facilitators", "recommended"),
            f"the plan recommends {recommended} facilitators but does not say what the second does",
            "add `second:` with the second facilitator's tasks, segment by segment",
        )
        return None
    if recommended == 1 and second.strip():
        problems.add(
            source.rel,
            source.line_of("facilitators", "second"),
            "`second:` describes a second facilitator, but `recommended` is 1",
            "set `recommended: 2` or remove `second:`",
        )
        return None
    return Facilitators(needed, recommended, second, stated=True)


def _agenda(source: Source, problems: Problems) -> tuple[list[Segment], bool]:
    """The segments that could be read, and whether all are valid and add up to the
    plan's `minutes` (the script is checked against the segments either way)."""
    rel, m = source.rel, source.meta
    ok = True
    agenda: list[Segment] = []
    seen: set[str] = set()
    for index, raw in enumerate(m["agenda"]):
        if not check_fields(
            source,
            schema(Segment),
            problems,
            f"agenda segment {index + 1}",
            prefix=("agenda", index),
            data=raw,
        ):
            ok = False
            continue
        ok = _segment_valid(source, index, raw, seen, problems) and ok
        seen.add(raw["id"])
        agenda.append(
            Segment(
                raw["id"],
                raw["title"],
                raw["minutes"],
                raw.get("method", ""),
                raw.get("purpose", ""),
                bool(raw.get("break", False)),
                min_minutes=raw.get("min_minutes"),
            )
        )
    if not agenda:
        problems.add(rel, source.line_of("agenda"), "the agenda is empty", "add timed segments")
        return agenda, False
    total = sum(s.minutes for s in agenda)
    if ok and total != m["minutes"]:
        problems.add(
            rel,
            source.line_of("minutes"),
            f"agenda segments add up to {total} minutes but `minutes` says {m['minutes']}",
            f"change `minutes` to {total} or adjust the segments by {m['minutes'] - total:+d}",
        )
        ok = False
    return agenda, ok


def _segment_valid(
    source: Source, index: int, raw: dict[str, Any], seen: set[str], problems: Problems
) -> bool:
    """Whether one segment's fields, already of the right types, make sense: every
    problem is reported, not only the first."""
    sid, minutes, low = raw["id"], raw["minutes"], raw.get("min_minutes")
    # (wrong, the field it is at (None: the segment), message, hint)
    checks = [
        (
            not ID.match(sid) or sid in seen,
            "id",
            f"segment id `{sid}` is {'repeated' if sid in seen else 'not a slug'}",
            "give each segment a unique lowercase-hyphen id",
        ),
        (
            not 0 < minutes <= MAX_SEGMENT_MINUTES,
            "minutes",
            f"segment `{sid}` has {minutes} minutes",
            f"use a positive number up to {MAX_SEGMENT_MINUTES} (split a longer segment)",
        ),
        (
            low is not None and not 0 < low <= minutes,
            "min_minutes",
            f"segment `{sid}` has min_minutes {low} but minutes {minutes}",
            f"use a number from 1 to {minutes}, or remove `min_minutes`",
        ),
        (
            not raw.get("break", False) and not (raw.get("method") and raw.get("purpose")),
            None,
            f"segment `{sid}` needs a method and a purpose",
            "add `method:` and `purpose:` (or `break: true` for a break)",
        ),
    ]
    for wrong, key, message, hint in checks:
        if wrong:
            at = source.line_of("agenda", index, key) if key else source.line_of("agenda", index)
            problems.add(source.rel, at, message, hint)
    return not any(wrong for wrong, *_ in checks)


def _records(
    source: Source,
    problems: Problems,
    key: str,
    cls: type,
    what: str,
    make: Callable[[Source, int, dict[str, Any]], R],
) -> list[R] | None:
    """One record per entry of a front-matter list, each checked against its schema."""
    out, ok = [], True
    fields = schema(cls)
    for index, raw in enumerate(source.meta[key]):
        if check_fields(
            source, fields, problems, f"{what} {index + 1}", prefix=(key, index), data=raw
        ):
            out.append(make(source, index, raw))
        else:
            ok = False
    return out if ok else None


def _material(source: Source, index: int, raw: dict[str, Any]) -> Material:
    return Material(raw["item"], raw["quantity"], raw["per"])


def _handout(source: Source, index: int, raw: dict[str, Any]) -> Handout:
    line = source.line_of("handouts", index, "content") + 1
    return Handout(
        raw["id"],
        raw["title"],
        raw["content"],
        line,
        raw.get("space") or 0,
        raw.get("for") or "participants",
    )


def _check_space(source: Source, problems: Problems) -> bool:
    """`space` is a number of ruled lines: at least one, few enough to fit a page."""
    ok = True
    for index, raw in enumerate(source.meta["handouts"]):
        space = raw.get("space")
        if space is None:
            continue
        if isinstance(space, bool) or not 1 <= space <= MAX_SPACE:
            problems.add(
                source.rel,
                source.line_of("handouts", index, "space"),
                f"handout `{raw.get('id')}` has `space: {space}`",
                f"give the ruled lines per prompt as a whole number from 1 to {MAX_SPACE}, "
                "e.g. `space: 2`, or leave `space` out for a handout people only read",
            )
            ok = False
    return ok


def _scripts(source: Source, agenda: list[Segment], problems: Problems) -> bool:
    """The script: one `## Title {#id}` section per segment that is not a break,
    attached to its segment; False when any section is missing, stray or unknown."""
    rel, ok = source.rel, True
    sections, stray = split_sections(source)
    for what, line in stray:
        problems.add(rel, line, what, "each body section is `## Segment title {#segment-id}`")
        ok = False
    ids = {s.id for s in agenda}
    for segment in agenda:
        if segment.is_break:
            continue
        if segment.id not in sections:
            problems.add(
                rel,
                source.line_of("agenda"),
                f"segment `{segment.id}` has no script section",
                f"add `## {segment.title} {{#{segment.id}}}` with its steps to the body",
            )
            ok = False
            continue
        _, segment.script, segment.script_line = sections[segment.id]
    for sid, (_, _, line) in sections.items():
        if sid not in ids or any(s.id == sid and s.is_break for s in agenda):
            problems.add(
                rel,
                line,
                f"script section `{sid}` matches no agenda segment",
                suggest(sid, ids) or "add it to the agenda or remove it",
            )
            ok = False
    return ok


def check_references(
    workshops: dict[str, Workshop],
    principles: set[str],
    cases: set[str],
    problems: Problems,
    unread: frozenset[str] = frozenset(),
) -> None:
    """References from plans to principles, cases and other plans must exist. A plan in
    `unread` exists but could not be read: its own problem is named, not each reference."""
    for w in workshops.values():
        for key, known, what in (
            ("principles", principles, "principle"),
            ("cases", cases, "case"),
            ("requires", set(workshops) | unread, "workshop"),
        ):
            for index, ref in enumerate(getattr(w, key)):
                if ref not in known:
                    problems.add(
                        w.source.rel,
                        w.source.line_of(key, index),
                        f"unknown {what} `{ref}`",
                        suggest(ref, known) or f"known: {', '.join(sorted(known))}",
                    )
        if w.id in w.requires:
            problems.add(
                w.source.rel, w.source.line_of("requires"), "a workshop cannot require itself"
            )
    # A cycle of prerequisites can never be scheduled.
    for w in workshops.values():
        seen: set[str] = set()
        stack = list(w.requires)
        while stack:
            current = stack.pop()
            if current == w.id:
                problems.add(
                    w.source.rel,
                    w.source.line_of("requires"),
                    "prerequisites form a cycle",
                    "remove one of the `requires` entries",
                )
                break
            if current in seen or current not in workshops:
                continue
            seen.add(current)
            stack.extend(workshops[current].requires)


def load_curriculum(
    source: Source,
    workshops: dict[str, Workshop],
    problems: Problems,
    unread: frozenset[str] = frozenset(),
) -> Curriculum | None:
    """A curriculum, or None if it cannot be used. One naming a plan in `unread` (whose
    file has its own problem) is not loaded, and that plan is not called unknown."""
    rel = source.rel
    if not check_fields(
        source, schema(Curriculum), problems, "a curriculum", optional_extra=("translation",)
    ):
        return None
    if check_id(source, problems) is None:
        return None
    m = source.meta
    default_start = _default_start(source, problems)
    if default_start is None:
        return None
    ok = True
    sessions: list[Session] = []
    for s_index, raw in enumerate(m["sessions"]):
        session, valid = _session(source, s_index, raw, default_start, workshops, problems, unread)
        ok = ok and valid
        if session is not None:
            sessions.append(session)
    if not sessions:
        problems.add(rel, source.line_of("sessions"), "a curriculum needs at least one session")
        ok = False
    if not ok:
        return None
    curriculum = Curriculum(
        m["id"],
        m["title"],
        m["summary"],
        m["audience"],
        m["rationale"],
        m.get("session_limit"),
        sessions,
        source,
        start=default_start,
    )
    check_curriculum(curriculum, workshops, problems)
    return curriculum


def _default_start(source: Source, problems: Problems) -> int | None:
    """When the curriculum's sessions start unless one says otherwise (None: not a time)."""
    start = source.meta.get("start")
    if start is None:
        return DEFAULT_START
    parsed = parse_clock(start)
    if parsed is None:
        problems.add(
            source.rel,
            source.line_of("start"),
            f"start `{start}` is not a clock time",
            'write it as "HH:MM" in quotes, e.g. "09:30"',
        )
    return parsed


def _session(
    source: Source,
    s_index: int,
    raw: Any,
    default_start: int,
    workshops: dict[str, Workshop],
    problems: Problems,
    unread: frozenset[str],
) -> tuple[Session | None, bool]:
    """One session, with the items that could be read (None when it cannot be read at
    all), and whether all of it was valid."""
    rel, where = source.rel, ("sessions", s_index)
    if not check_fields(
        source, schema(Session), problems, f"session {s_index + 1}", prefix=where, data=raw
    ):
        return None, False
    start = default_start
    if raw.get("start") is not None:
        parsed = parse_clock(raw["start"])
        if parsed is None:
            problems.add(
                rel,
                source.line_of(*where, "start"),
                f"start `{raw['start']}` is not a clock time",
                'write it as "HH:MM" in quotes',
            )
            return None, False
        start = parsed
    ok = True
    items: list[Item] = []
    for i_index, entry in enumerate(raw["items"]):
        line = source.line_of(*where, "items", i_index)
        item = _curriculum_item(entry, workshops, rel, line, problems, unread)
        if item is None:
            ok = False
        else:
            items.append(item)
    session = Session(raw["title"], start, items, raw.get("between") or "", source.line_of(*where))
    return session, ok


def _curriculum_item(
    entry: dict[str, Any],
    workshops: dict[str, Workshop],
    rel: str,
    line: int,
    problems: Problems,
    unread: frozenset[str],
) -> Item | None:
    kinds: list[ItemKind] = [k for k in get_args(ItemKind) if k in entry]
    unknown = set(entry) - set(schema(Item))
    if len(kinds) != 1 or unknown:
        problems.add(
            rel,
            line,
            "each item is `workshop: ID`, `break: MINUTES` or `lunch: MINUTES`"
            ' (optionally with `at: "HH:MM"`)',
            suggest(sorted(unknown)[0], list(schema(Item))) if unknown else "",
        )
        return None
    kind = kinds[0]
    at = None
    if "at" in entry:
        at = parse_clock(str(entry["at"]))
        if at is None or kind == "workshop":
            problems.add(
                rel, line, f"`at: {entry['at']}` must be a quoted clock time on a break or lunch"
            )
            return None
    if kind == "workshop":
        wid = entry["workshop"]
        if wid not in workshops:
            if wid not in unread:
                hint = suggest(str(wid), workshops) or ""
                problems.add(rel, line, f"unknown workshop `{wid}`", hint)
            return None
        return Item("workshop", workshops[wid].minutes, wid, None, line)
    minutes = entry[kind]
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not 0 < minutes <= MAX_SEGMENT_MINUTES
    ):
        problems.add(
            rel, line, f"`{kind}` takes a positive number of minutes, at most {MAX_SEGMENT_MINUTES}"
        )
        return None
    return Item(kind, minutes, "", at, line)


def check_curriculum(c: Curriculum, workshops: dict[str, Workshop], problems: Problems) -> None:
    rel = c.source.rel
    done: set[str] = set()
    for session in c.sessions:
        slots = session.slots()
        for slot in slots:
            if slot.wanted is not None and slot.too_early:
                item, ready, wanted = slot.item, slot.ready, slot.wanted
                problems.add(
                    rel,
                    item.line,
                    f"in {session.title}, the {item.kind} at {clock(wanted)} starts before "
                    f"the previous item ends ({clock(ready)})",
                    f'move it to "{clock(ready)}" or later, or shorten what comes before '
                    f"by {ready - wanted} minutes",
                )
        length = (slots[-1].end if slots else session.start) - session.start
        if c.session_limit and length > c.session_limit:
            problems.add(
                rel,
                session.line,
                f"{session.title} lasts {length} minutes, over the "
                f"session limit of {c.session_limit}",
                f"move a workshop to another session or raise `session_limit` to {length}",
            )
        for item in session.items:
            if item.kind != "workshop":
                continue
            for need in workshops[item.workshop].requires:
                if need not in done:
                    later = need in c.workshop_ids()
                    problems.add(
                        rel,
                        item.line,
                        f"`{item.workshop}` requires `{need}`, which "
                        f"{'comes later' if later else 'is not in this curriculum'}",
                        f"put `{need}` in an earlier session",
                    )
            done.add(item.workshop)


def load_workshops(
    root: Path,
    sources: dict[str, Source],
    principles: set[str],
    cases: set[str],
    problems: Problems,
) -> tuple[dict[str, Workshop], dict[str, Curriculum]]:
    workshops: dict[str, Workshop] = {}
    curricula_sources = []
    unread: set[str] = set()  # plans whose file has a problem of its own (id = file name)
    for rel, source in sorted(sources.items()):
        if rel.startswith("curricula/"):
            curricula_sources.append(source)
            continue
        workshop = load_workshop(source, problems)
        if workshop:
            workshops[workshop.id] = workshop
        else:
            unread.add(source.path.stem)
    check_references(workshops, principles, cases, problems, frozenset(unread))
    for workshop in workshops.values():
        check_practice(workshop, problems)
    curricula: dict[str, Curriculum] = {}
    for source in curricula_sources:
        curriculum = load_curriculum(source, workshops, problems, frozenset(unread))
        if curriculum:
            curricula[curriculum.id] = curriculum
    return workshops, curricula


ROLE_PLAY = re.compile(r"\brole[- ]?plays?\b", re.I)
ROUND = re.compile(r"\b(?:name |go-)?rounds?\b", re.I)
SMALLER = re.compile(r"\b(?:pairs?|trios?|triads?|small groups?|groups of)\b", re.I)
HANDOUTS_NAMED = {"first": 1, "second": 2, "third": 3, "fourth": 4, "both": 2}
NAMED_HANDOUT = re.compile(r"\b(first|second|third|fourth|both)\s+handouts?\b", re.I)
# Going round the whole group takes about half a minute a person; above this many
# people, a round goes in pairs or trios instead (the script should say so).
SECONDS_A_PERSON = 30
ROUND_LIMIT = 15


def check_practice(w: Workshop, problems: Problems) -> None:
    """What a first-time facilitator would trip over: warnings, at file and line.

    Checked on the English plan (translations share its structure): a role-play with
    no step out of role after it, a round of the whole group that its time cannot
    hold at the plan's largest size, a script or a material that names a handout the
    plan does not have, a plan that needs two facilitators but says one will do, and
    a safety or de-role step that could be cut short."""
    for index in range(len(w.agenda)):
        _check_role_play(w, index, problems)
        _check_round(w, index, problems)
        _check_kept_time(w, index, problems)
        _check_named_handouts(w, index, problems)
    _check_facilitators(w, problems)
    _check_material_handouts(w, problems)


def _check_role_play(w: Workshop, index: int, problems: Problems) -> None:
    """A role-play needs a step out of role after it."""
    segment = w.agenda[index]
    later = w.agenda[index + 1 :]
    if ROLE_PLAY.search(f"{segment.title} {segment.method}") and not any(
        s.id.startswith("de-role") for s in later
    ):
        problems.add(
            w.source.rel,
            w.source.line_of("agenda", index, "method"),
            f"segment `{segment.id}` is a role-play with no step out of role after it",
            "add a short timed segment `de-role` (each person names their role and sets it "
            "down) after it",
            warn=True,
        )


def _check_round(w: Workshop, index: int, problems: Problems) -> None:
    """A round of the whole group must fit its time at the plan's largest size, or split."""
    segment = w.agenda[index]
    if not ROUND.search(segment.method) or SMALLER.search(segment.method):
        return
    needed = -(-w.group_max * SECONDS_A_PERSON // 60)
    split = SMALLER.search(segment.script)  # the script says how to split a big room
    if (w.group_max > ROUND_LIMIT and not split) or (
        w.group_max <= ROUND_LIMIT and needed > segment.minutes
    ):
        problems.add(
            w.source.rel,
            w.source.line_of("agenda", index, "method"),
            f"segment `{segment.id}` goes round the whole group: {w.group_max} people "
            f"need about {needed} minutes at {SECONDS_A_PERSON} seconds each",
            f"above {ROUND_LIMIT} people, say in its script to go round in pairs or "
            f"trios, or give it {needed} minutes",
            warn=True,
        )


def _check_kept_time(w: Workshop, index: int, problems: Problems) -> None:
    """A safety or de-role step keeps its time when a session runs late."""
    segment = w.agenda[index]
    if segment.floor < segment.minutes and KEEPS_ITS_TIME.search(f"{segment.id} {segment.title}"):
        problems.add(
            w.source.rel,
            w.source.line_of("agenda", index, "min_minutes"),
            f"segment `{segment.id}` is a safety or de-role step, so it keeps its "
            f"{segment.minutes} minutes when the session runs late",
            f"remove `min_minutes` or set it to {segment.minutes}",
            warn=True,
        )


def _check_named_handouts(w: Workshop, index: int, problems: Problems) -> None:
    """A script that names the second (third...) handout needs the plan to have it."""
    segment = w.agenda[index]
    for match in NAMED_HANDOUT.finditer(segment.script):
        wanted = HANDOUTS_NAMED[match.group(1).lower()]
        if wanted > len(w.handouts):
            problems.add(
                w.source.rel,
                _line_after(w.source, segment.script_line, match.group(0)),
                f"the script names the {match.group(0).lower()}, but the plan has "
                f"{len(w.handouts)} handout{'s' if len(w.handouts) != 1 else ''}",
                "add the handout under `handouts:` or change the script",
                warn=True,
            )


def _check_facilitators(w: Workshop, problems: Problems) -> None:
    """A plan that needs a second pair of eyes must say so."""
    if w.facilitators.needed >= 2:
        return
    for index, segment in enumerate(w.agenda):
        text = f"{segment.id} {segment.title} {segment.method}"
        why = next((why for pattern, why in NEEDS_TWO if pattern.search(text)), None)
        if why is None:
            continue
        stated = w.facilitators.stated
        problems.add(
            w.source.rel,
            w.source.line_of("facilitators", "needed")
            if stated
            else w.source.line_of("agenda", index),
            f"segment `{segment.id}` {why}, which needs a second facilitator, but the plan "
            f"{'says one can run it' if stated else 'states no facilitators'}",
            "set `facilitators:` with `needed: 2`, `recommended: 2` and `second:` saying what "
            "the second one does"
            if not stated
            else "set `needed: 2` under `facilitators:` (and say in `second:` what they do)",
            warn=True,
        )
        return


def _check_material_handouts(w: Workshop, problems: Problems) -> None:
    """A material described as a handout must be one of the plan's handouts."""
    for index, material in enumerate(w.materials):
        if named_handouts(w, material) == []:
            problems.add(
                w.source.rel,
                w.source.line_of("materials", index, "item"),
                f"material `{material.item}` is described as a handout, but no entry under "
                "`handouts:` matches it",
                "add the handout under `handouts:` (its title naming the material) or describe "
                "the material without the word handout",
                warn=True,
            )


def named_handouts(w: Workshop, material: Material) -> list[int] | None:
    """The handouts (by position) a material of the English plan is printed from: those
    its words name, the first or both by number, or all for "Printed handout set".

    None for a material not described as a handout; [] for one that matches none.
    """
    text = material.item
    if not HANDOUT_WORD.search(text):
        return None
    ordinal = NAMED_HANDOUT.search(text) or ORDINAL_HANDOUT.search(text)
    if ordinal:  # "both handouts", "cut from the first handout": counted, not named
        wanted = HANDOUTS_NAMED[ordinal.group(1).lower()]
        if wanted > len(w.handouts):
            return []
        both = ordinal.group(1).lower() == "both"
        return list(range(wanted)) if both else [wanted - 1]
    name = _words(text.split("(")[0].split(",")[0])
    if not name:  # "Printed handout set": the plan's handouts, whichever they are
        return list(range(len(w.handouts)))
    return [
        i
        for i, h in enumerate(w.handouts)
        if any(
            name <= t or (t and t <= name)
            for t in (_words(f"{h.title} {h.id.replace('-', ' ')}"), _words(h.title))
        )
    ]


# "(handout; groups are four to six people)": the group a per-group material is for.
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBER = "|".join([*_NUMBERS, r"\d+"])
GROUPS_ARE = re.compile(
    rf"\bgroups (?:are|of) ({_NUMBER})(?: (?:to|or) ({_NUMBER}))? people\b", re.I
)


def group_of(material: Material) -> tuple[int, int] | None:
    """The size of the small groups a per-group material says it is for, if it says."""
    match = GROUPS_ARE.search(material.item) if material.per == "group" else None
    if not match:
        return None
    low, high = (_NUMBERS.get(g.lower()) or int(g) for g in (match[1], match[2] or match[1]))
    return low, high


def copies(english: Workshop) -> dict[str, list[Material]]:
    """For each handout id, the materials of the English plan that say how many to copy.

    Read on the English plan (the words that name a handout are English); a translated
    plan has the same handouts and the same numbers (they are structural), so the mark
    on its handouts comes from these too.
    """
    out: dict[str, list[Material]] = {h.id: [] for h in english.handouts}
    for material in english.materials:
        for index in named_handouts(english, material) or []:
            out[english.handouts[index].id].append(material)
    return out


# What makes a plan need two facilitators, and how the warning says it.
NEEDS_TWO = (
    (ROLE_PLAY, "is a role-play"),
    (re.compile(r"\bde-?role\b", re.I), "steps people out of roles"),
    (re.compile(r"\b(?:stations?|breakouts?|in parallel)\b", re.I), "runs groups in parallel"),
    (re.compile(r"\bsafety\b", re.I), "is about safety"),
)
# Segments that keep their time when a session runs late.
KEEPS_ITS_TIME = re.compile(r"\b(?:de-?role|safety|safe)\b", re.I)
HANDOUT_WORD = re.compile(r"\bhandouts?\b", re.I)
ORDINAL_HANDOUT = re.compile(r"\b(first|second|third|fourth|both)\b.*\bhandouts?\b", re.I)
# Words that describe any printed material, not which one.
NOT_A_NAME = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "set",
        "printed",
        "print",
        "handout",
        "handouts",
        "copy",
        "copies",
        "cut",
        "sheet",
        "one",
        "per",
    ]
)


def _words(text: str) -> frozenset[str]:
    """The naming words of a material or handout title, singular, in lower case."""
    words = re.findall(r"[a-z]+", text.lower())
    return frozenset(w.removesuffix("s") if len(w) > 3 else w for w in words if w not in NOT_A_NAME)


def _line_after(source: Source, line: int, needle: str) -> int:
    """The first line at or after `line` of the source file that holds `needle`."""
    for number, text in enumerate(source.text.split("\n")[line - 1 :], line):
        if needle in text:
            return number
    return line


def _minutes(item: Segment | Item) -> int:
    return item.minutes
