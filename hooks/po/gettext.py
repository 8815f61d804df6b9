"""Gettext PO files: reading and writing them, with the line of every entry kept.

A small reader and writer of our own rather than a library: errors must name the PO
file and line, output must be the same bytes for the same sources (no dates, no
wrapping), and the subset Weblate writes for bilingual PO is small.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class PoError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)  # `#.` lines: where it is used
    references: list[str] = field(default_factory=list)  # `#:` lines
    flags: list[str] = field(default_factory=list)  # `#,`
    previous: str | None = None  # `#| msgid`: the English a fuzzy translation was made from
    line: int = 0  # line of msgid
    msgstr_line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


@dataclass
class Catalog:
    header: dict[str, str]
    entries: list[Entry]
    header_line: int = 0


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoError(line, f"expected a string in double quotes, found `{text[:40]}`")
    out = []
    body = text[1:-1]
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise PoError(line, 'unknown escape in a string (use \\n, \\t, \\" or \\\\)')
            out.append(_ESCAPES[body[i + 1]])
            i += 2
            continue
        if char == '"':
            raise PoError(line, 'a `"` inside a string must be written \\"')
        out.append(char)
        i += 1
    return "".join(out)


def parse_po(text: str) -> Catalog:
    """Parse a PO file; a PoError names the line of the first syntax error."""
    reader = _Reader()
    for number, raw in enumerate(text.split("\n"), 1):
        reader.feed(raw.strip(), number)
    reader.finish()
    return _catalog(reader.entries)


@dataclass
class _Reader:
    """A PO file being read: the entries so far, the open one, and the comments read for
    the next one."""

    entries: list[Entry] = field(default_factory=list)
    current: Entry | None = None
    target: str | None = None  # which field continuation strings extend
    seen: set[str] = field(default_factory=set)  # the keywords of the open entry
    pending_comments: list[str] = field(default_factory=list)
    pending_refs: list[str] = field(default_factory=list)
    pending_flags: list[str] = field(default_factory=list)
    pending_previous: str | None = None

    def finish(self) -> None:
        if self.current is not None:
            if "msgstr" not in self.seen and not self.current.msgstr_plural:
                raise PoError(self.current.line, "entry has a msgid but no msgstr")
            self.entries.append(self.current)
        self.current, self.seen = None, set()

    def feed(self, line: str, number: int) -> None:
        """One line, stripped."""
        if not line:
            self.finish()
            self.target = None
        elif line.startswith("#~"):
            pass  # obsolete entries: kept by tools, ignored here
        elif line.startswith("#"):
            self.comment(line, number)
        elif line.startswith('"'):
            if self.current is None or self.target is None:
                raise PoError(number, "a string continues nothing (is a keyword missing?)")
            _append(self.current, self.target, _unquote(line, number))
            if self.target == "msgstr" or self.target.startswith("msgstr["):
                self.current.msgstr_line = self.current.msgstr_line or number
        else:
            self.keyword(line, number)

    def comment(self, line: str, number: int) -> None:
        """A `#.`, `#:`, `#,` or `#|` line: kept for the entry that follows."""
        seen = self.seen
        if self.current is not None and seen & {"msgstr"} | {k for k in seen if k[:7] == "msgstr["}:
            self.finish()
        kind, rest = line[:2], line[2:].strip()
        if kind == "#.":
            self.pending_comments.append(rest)
        elif kind == "#:":
            self.pending_refs.append(rest)
        elif kind == "#,":
            self.pending_flags.extend(f.strip() for f in rest.split(",") if f.strip())
        elif kind == "#|":
            word, _, value = rest.partition(" ")
            if word == "msgid":
                self.pending_previous = _unquote(value, number)
            elif word in ("msgctxt", "msgid_plural"):
                pass
            elif word.startswith('"') and self.pending_previous is not None:
                self.pending_previous += _unquote(rest, number)
        self.target = None

    def keyword(self, line: str, number: int) -> None:
        """A line that starts with a keyword (`msgid "…"`): a field, maybe of a new entry."""
        keyword, _, value = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not (
            keyword.startswith("msgstr[") and keyword.endswith("]") and keyword[7:-1].isdigit()
        ):
            raise PoError(number, f"unknown keyword `{keyword[:30]}`")
        if (
            keyword in ("msgctxt", "msgid")
            and self.current is not None
            and (keyword in self.seen or any(k.startswith("msgstr") for k in self.seen))
        ):
            self.finish()
        entry = self.current if self.current is not None else self.start(keyword, number)
        if keyword in self.seen:
            raise PoError(number, f"`{keyword}` twice in one entry")
        if keyword == "msgid":
            entry.line = number
        if keyword.startswith("msgstr"):
            if "msgid" not in self.seen:
                raise PoError(number, f"`{keyword}` before `msgid`")
            entry.msgstr_line = number
        self.seen.add(keyword)
        self.target = keyword
        if keyword == "msgctxt":
            entry.msgctxt = ""
        elif keyword == "msgid_plural":
            entry.msgid_plural = ""
        _append(entry, keyword, _unquote(value, number))

    def start(self, keyword: str, number: int) -> Entry:
        """A new entry, with the comments read before it."""
        if keyword not in ("msgctxt", "msgid"):
            raise PoError(number, f"`{keyword}` before `msgid`")
        self.current = Entry(
            "",
            comments=self.pending_comments,
            references=self.pending_refs,
            flags=self.pending_flags,
            previous=self.pending_previous,
            line=number,
        )
        self.pending_comments, self.pending_refs, self.pending_flags = [], [], []
        self.pending_previous = None
        return self.current


def _append(entry: Entry, name: str, value: str) -> None:
    if name.startswith("msgstr["):
        index = int(name[7:-1])
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value
    else:
        setattr(entry, name, (getattr(entry, name) or "") + value)


def _catalog(entries: list[Entry]) -> Catalog:
    """The entries read, the first as the header when it is one."""
    header: dict[str, str] = {}
    header_line = 0
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
        first = entries.pop(0)
        header_line = first.line
        for item in first.msgstr.split("\n"):
            name, sep, value = item.partition(":")
            if sep:
                header[name.strip()] = value.strip()
    for entry in entries:
        if entry.msgid == "":
            raise PoError(entry.line, "an empty msgid is only allowed for the header")
    return Catalog(header, entries, header_line)


def _quote(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
        + '"'
    )


def _field(name: str, value: str) -> list[str]:
    """One field; text with line breaks is written one line per string, as gettext does."""
    if "\n" not in value.rstrip("\n") or value == "":
        return [f"{name} {_quote(value)}"]
    parts = value.split("\n")
    lines = [f'{name} ""']
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if last and part == "":
            break
        lines.append(_quote(part + ("" if last else "\n")))
    return lines


def write_po(catalog: Catalog) -> str:
    out = ['msgid ""', 'msgstr ""']
    out += [_quote(f"{k}: {v}\n") for k, v in catalog.header.items()]
    for entry in catalog.entries:
        out.append("")
        out += [f"#. {c}" for c in entry.comments]
        out += [f"#: {r}" for r in entry.references]
        if entry.flags:
            out.append("#, " + ", ".join(entry.flags))
        if entry.previous is not None:
            out += ["#| " + line for line in _field("msgid", entry.previous)]
        if entry.msgctxt is not None:
            out += _field("msgctxt", entry.msgctxt)
        out += _field("msgid", entry.msgid)
        if entry.msgid_plural is not None:
            out += _field("msgid_plural", entry.msgid_plural)
            for index in sorted(entry.msgstr_plural):
                out += _field(f"msgstr[{index}]", entry.msgstr_plural[index])
        else:
            out += _field("msgstr", entry.msgstr)
    return "\n".join(out) + "\n"


def base_header(lang: str) -> dict[str, str]:
    """The header fields every PO file of the project starts with, in their order."""
    return {
        "Project-Id-Version": "Solidarity Commons",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }


def in_language(catalog: Catalog, lang: str) -> bool:
    """Whether the PO's `Language:` header names `lang`. Weblate may write a gettext
    file's code POSIX-style (`zh_Hant` for `zh-Hant`): the same language."""
    found = catalog.header.get("Language", "")
    return found.replace("_", "-").lower() == lang.lower()


def msgstrs(entry: Entry) -> list[str]:
    if entry.msgid_plural is not None:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def confirmed(before: Entry | None, entry: Entry) -> bool:
    """Whether a translator cleared `fuzzy` on this very unit (same English, same text) in
    the PO, not imported yet: the next export must not take that back."""
    return (
        before is not None
        and entry.fuzzy
        and not before.fuzzy
        and before.msgid == entry.msgid
        and msgstrs(before) == msgstrs(entry)
        and any(msgstrs(entry))
    )
