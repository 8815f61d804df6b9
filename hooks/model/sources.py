"""Reading source files safely and reporting problems with file and line.

Every source (English pages, workshop plans, translations, strings files) comes
through here, so the rules for untrusted text live in one place: strict UTF-8,
no bidirectional control characters, size limits, and YAML loaded with the safe
loader, without aliases, and with the line of every value kept for messages.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import yaml

from .memo import remembered

R = TypeVar("R")

if TYPE_CHECKING:  # typing has it from Python 3.11; only the type checker reads it
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[R], R]:
        return lambda f: f


# A page bigger than this is certainly a mistake (a pasted PDF, a log file).
MAX_SOURCE_BYTES = 512 * 1024


# Trojan-source characters: they reorder how text displays without changing it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


# A plain (unquoted) value with " #" inside: YAML silently cuts it there.
YAML_COMMENT = re.compile(r"""^\s*(?:-\s+|[\w-]+:\s+)(?!["'|>#])[^#\n]*\S\s+#""")


# The same characters written as character references, which Markdown passes through.
BIDI_ENTITIES = re.compile(
    r"&#0*(?:x0*(?:202[a-e]|206[6-9]|200[ef]|61c)|82(?:3[4-8])|829[4-7]|820[67]|1564);?"
    r"|&(?:lrm|rlm|lre|rle|lro|rlo|pdf|lri|rli|fsi|pdi|alm);",
    re.I,
)


# Text that reaches a template, an attribute or the search index: titles, summaries,
# interface strings. Markup there would be published unchecked, so none is allowed.
MARKUP = re.compile(
    r"[<>\"]|&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?|[\x00-\x08\x0b-\x1f\x7f]"
)


PLAIN_HINT = 'plain text only: no HTML, no `<`, `>`, `"` or `&name;`; use typographic quotes “ ”'


# Front-matter fields written in Markdown (rendered and checked as page content).
MARKDOWN_FIELDS = {"content"}


def plain_text_problem(value: str) -> str | None:
    """Why a value is not plain text, or None."""
    match = MARKUP.search(value)
    if match is None:
        return None
    char = match.group(0)
    if char[0] == "&":
        return f"character reference `{char}` in text that must be plain"
    if char in '<>"':
        return f"`{char}` in text that must be plain"
    return f"control character U+{ord(char):04X}"


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one source, said so that its author can fix it."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class SourceError(Exception):
    """Raised when sources cannot become a model; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems(list[Problem]):
    """A list of problems with shorthand for adding one."""

    def add(
        self,
        path: str,
        line: int,
        message: str,
        hint: str = "",
        *,
        warn: bool = False,
        info: bool = False,
    ) -> None:
        severity = "info" if info else "warning" if warn else "error"
        self.append(Problem(path, line, message, hint, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]


@dataclass
class Source:
    """A Markdown source split into front matter and body, with line numbers kept."""

    path: Path
    rel: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file on which the body starts
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    broken: bool = False  # front matter could not be read; already reported

    @cached_property
    def version(self) -> str:
        """The text's content_hash, the version a translation names: worked out once per
        read (the preview keeps an unchanged file's Source, so once per change)."""
        return content_hash(self.text)

    def line_of(self, *key: Any) -> int:
        """Line of a front-matter value, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """Decode UTF-8 (a BOM and Windows line endings are fine), or say where it is not."""
    if len(data) > MAX_SOURCE_BYTES:
        problems.add(
            rel,
            1,
            f"file is {len(data) // 1024} KiB, over the {MAX_SOURCE_BYTES // 1024} KiB limit",
            "split it into smaller pages",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(
            rel,
            line,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8 in your editor",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, line_text in enumerate(text.split("\n"), 1):
        match = BIDI_CONTROLS.search(line_text)
        if match:
            problems.add(
                rel,
                number,
                f"bidirectional control character U+{ord(match.group()):04X}",
                "remove it; the theme sets text direction for the whole page",
            )
        entity = BIDI_ENTITIES.search(line_text)
        if entity:
            problems.add(
                rel,
                number,
                f"bidirectional control character written as `{entity.group()}`",
                "remove it; the theme sets text direction for the whole page",
            )
        if "\x00" in line_text:
            problems.add(rel, number, "NUL byte in the text", "save the file as plain UTF-8 text")
    return text


def read_source(path: Path, root: Path, problems: Problems) -> Source | None:
    """Read and split one Markdown source; None when it cannot be used at all."""
    rel = relpath(path, root)
    if path.is_symlink():
        problems.add(rel, 1, "symbolic links are not accepted as sources", "commit a real file")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(rel, 1, f"cannot read: {exc.strerror}")
        return None

    def parse(found: Problems) -> Source | None:
        text = decode(data, rel, found)
        return None if text is None else split_source(text, path, rel, found)

    return remembered("source", (path, rel, data), problems, parse)


def split_source(text: str, path: Path, rel: str, problems: Problems) -> Source:
    source = Source(path=path, rel=rel, text=text, body=text)
    for line, target in unreadable_links(text):
        problems.add(
            rel,
            line,
            f"link `{target}` cannot be read as an address",
            "remove the `[` or `]` from the link target, or write it as %5B / %5D",
        )
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            problems.add(
                rel, 1, "front matter is not closed", "end it with a line of three dashes: ---"
            )
        return source
    yaml_text = match.group(1) or ""
    source.body = text[match.end() :]
    source.body_line = text[: match.end()].count("\n") + 1
    for number, line in enumerate(yaml_text.split("\n"), 2):
        if YAML_COMMENT.match(line):
            problems.add(
                rel,
                number,
                "` #` starts a YAML comment here, so the rest of the line is dropped",
                "put the whole value in double quotes",
                warn=True,
            )
    loaded = load_yaml(yaml_text, rel, problems, first_line=2)
    if loaded is None:
        source.broken = True
        return source
    meta, lines = loaded
    if not isinstance(meta, dict):
        problems.add(rel, 2, "front matter must be a mapping of `key: value` lines")
        source.broken = True
        return source
    source.meta, source.lines = meta, lines
    for key, value in strings_in(meta, ()):
        if key[-1] in MARKDOWN_FIELDS or key[:1] == ("translation",):
            continue
        wrong = plain_text_problem(value)
        if wrong:
            field_name = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in key)
            problems.add(
                rel, source.line_of(*key), f"`{field_name.replace('.[', '[')}`: {wrong}", PLAIN_HINT
            )
    return source


# Link targets as Markdown and raw HTML write them: inline links and images, reference
# definitions, autolinks, and href/src attributes.
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?([^)\s>]*)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)"
    r"|<((?:https?|mailto|ftp):[^>\s]*)>"
    r"|\b(?:href|src|srcset|poster|data)\s*=\s*[\"']?([^\"'\s>]*)",
    re.M | re.I,
)


def unreadable_links(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Link targets that an address parser cannot read (`http://[x`, `javascript://[/`).

    MkDocs' link rewriter raises on them with a traceback naming the staged copy, so
    they are refused here, at the line of the source file.
    """
    found = []
    for match in _LINK_TARGETS.finditer(text):
        target = next(g for g in match.groups() if g is not None)
        try:
            urlsplit(target)
        except ValueError:
            found.append((first_line + text.count("\n", 0, match.start()), target))
    return found


def strings_in(data: Any, key: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from strings_in(v, key + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from strings_in(v, key + (i,))


# libyaml when PyYAML has it: several times faster on hundreds of front matters.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _KeyNotText(_AliasFound):
    """A key that is a list or a mapping (`[a]: b`, `? {a: 1}`): no field is named so."""


def load_yaml(
    text: str, rel: str, problems: Problems, first_line: int = 1
) -> tuple[Any, dict[tuple[Any, ...], int]] | None:
    """Safe-load YAML once and map each key path to its line; aliases are refused.

    Aliases are the only way a few bytes of YAML expand into gigabytes (the
    "billion laughs"); no source here needs them, so any alias is an error.
    An alias shows up in the composed tree as a node met twice, found before
    anything is constructed.
    """
    offset = first_line - 1
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[tuple[Any, ...], int] = {}
        if node is not None:
            _map_lines(node, (), lines, offset, set())
        data = loader.construct_document(node) if node is not None else {}
    except _KeyNotText as bad:
        problems.add(
            rel,
            bad.line,
            "a key here is a list or a mapping, not a name",
            "write the field's name as plain text before the colon",
        )
        return None
    except _AliasFound as alias:
        problems.add(
            rel,
            alias.line,
            "YAML anchors and aliases (&name, *name) are not allowed",
            "write the value out in full",
        )
        return None
    except _DuplicateKey as dup:
        problems.add(
            rel,
            dup.line,
            f"key `{dup.key}` appears twice; YAML would silently keep only the last",
            "remove one of them",
        )
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 1 + offset) if mark else first_line
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        hint = "check indentation and quote values that contain a colon"
        if "could not determine a constructor" in str(exc):
            problem, hint = "unsafe or unknown YAML tag", "remove the !tag; plain values only"
        problems.add(rel, line, f"YAML error: {problem}", hint)
        return None
    finally:
        loader.dispose()
    return data, lines


def _map_lines(
    node: yaml.Node,
    key: tuple[Any, ...],
    lines: dict[tuple[Any, ...], int],
    offset: int,
    seen: set[int],
    at: int = 0,
) -> None:
    if id(node) in seen:
        raise _AliasFound(at or node.start_mark.line + 1 + offset)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        seen.add(id(node))
    lines[key] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _KeyNotText(key_node.start_mark.line + 1 + offset)
        names = [k.value for k, _ in node.value]
        for index, key_node in enumerate(k for k, _ in node.value):
            if key_node.value in names[:index]:
                raise _DuplicateKey(key_node.value, key_node.start_mark.line + 1 + offset)
        for key_node, value_node in node.value:
            child = key + (key_node.value,)
            lines[child] = key_node.start_mark.line + 1 + offset
            _map_lines(value_node, child, lines, offset, seen, lines[child])
            lines[child] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, key + (index,), lines, offset, seen, lines[key])


def relpath(path: Path, root: Path) -> str:
    """A path relative to the project, naming a symbolic link itself rather than its target."""
    # On the normalised strings first: a load asks this for every file, and Path's
    # parsing took a fifth of a preview's save. Resolved only when the plain paths
    # disagree: resolving asks the disk each time.
    a, b = os.path.abspath(path), os.path.abspath(root)
    if a == b:
        return "."
    top = b.rstrip(os.sep) + os.sep
    if a.startswith(top):
        return a[len(top) :].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def markdown_files(
    folder: Path, problems: Problems | None = None, root: Path | None = None
) -> Iterator[Path]:
    """Markdown files under a folder, in a stable order.

    A symbolic link (to a file or a folder, the folder itself included) and a hidden
    Markdown file are never read; with `problems`, each is reported instead of
    being skipped silently, since its author expects it to be published.
    """
    if not folder.is_dir():
        return
    base = root or folder

    def report(path: Path, message: str, hint: str) -> None:
        if problems is not None:
            problems.add(relpath(path, base), 1, message, hint)

    if folder.is_symlink():
        report(folder, "symbolic links are not accepted as sources", "commit a real folder")
        return
    found: list[Path] = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs):
            path = Path(here) / name
            if path.is_symlink():
                report(path, "symbolic links are not accepted as sources", "commit a real folder")
                dirs.remove(name)
            elif name.startswith("."):
                dirs.remove(name)  # .git, editor folders: never content
        for name in files:
            if not name.endswith(".md"):
                continue
            path = Path(here) / name
            if name.startswith("."):
                report(
                    path,
                    "hidden file: it would not be published",
                    "rename it without the leading dot",
                )
                continue
            found.append(path)
    yield from sorted(found)


def suggest(value: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt id or key."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


@dataclass(frozen=True)
class Field:
    """One front-matter field: its type, whether it is required, and allowed values.

    A structural field (an id, a number, a reference) is not translated: every
    translation must carry the English value (translations.STRUCTURAL_KEYS); every
    other field is what translators translate (the PO bridge's entries)."""

    kind: type | tuple[type, ...]
    required: bool = True
    choices: tuple[str, ...] = ()
    items: type | None = None  # for lists: the type of each item
    structural: bool = False


_FRONT = "front matter"  # the metadata key of a dataclass field read from front matter


def front(
    kind: type | tuple[type, ...],
    *,
    keys: tuple[str, ...] = (),
    required: bool = True,
    choices: tuple[str, ...] = (),
    items: type | None = None,
    structural: bool = False,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    kw_only: bool | Any = MISSING,
) -> Any:
    """A record's attribute read from front matter, declared with its rules.

    `keys`: the front-matter key(s) when they are not the attribute's name (`for`,
    `break`), or several keys that each give the attribute (`break:` or `lunch:`
    minutes). `kind` is the front matter's type, which may differ from the attribute's
    (`at: "10:30"` becomes minutes)."""
    spec = Field(kind, required, choices, items, structural)
    return field(
        default=default,
        default_factory=default_factory,
        kw_only=kw_only,
        metadata={_FRONT: (keys, spec)},
    )


@dataclass_transform(field_specifiers=(field, front))
def record(cls: type[R]) -> type[R]:
    """A dataclass whose attributes declared with `front` are read from front matter
    (their schema: `schema(cls)`)."""
    return dataclass(cls)


@cache
def schema(record: type) -> dict[str, Field]:
    """The front-matter fields of a record (a dataclass declared with `front`), in
    the order declared: the order its problems are reported in."""
    out: dict[str, Field] = {}
    for attribute in fields(record):
        if _FRONT in attribute.metadata:
            keys, spec = attribute.metadata[_FRONT]
            for key in keys or (attribute.name,):
                out[key] = spec
    return out


def structural_keys(*records: type) -> frozenset[str]:
    return frozenset(key for r in records for key, f in schema(r).items() if f.structural)


def check_fields(
    source: Source,
    schema: dict[str, Field],
    problems: Problems,
    what: str,
    prefix: tuple[Any, ...] = (),
    data: dict[str, Any] | None = None,
    optional_extra: Iterable[str] = (),
) -> bool:
    """Check one mapping against a schema; return True when it is usable."""
    if source.broken:
        return False
    data = source.meta if data is None else data
    ok = True
    allowed = set(schema) | set(optional_extra)
    for key in data:
        if key not in allowed:
            hint = suggest(key, allowed) or f"allowed: {', '.join(sorted(schema))}"
            problems.add(
                source.rel, source.line_of(*prefix, key), f"unknown field `{key}` in {what}", hint
            )
            ok = False
    for key, spec in schema.items():
        if key not in data or data[key] is None:
            if spec.required:
                problems.add(
                    source.rel,
                    source.line_of(*prefix) if prefix else 1,
                    f"missing field `{key}` in {what}",
                    f"add `{key}:`",
                )
                ok = False
            continue
        ok = _value_ok(source, key, spec, data[key], prefix, problems) and ok
    return ok


def _value_ok(
    source: Source, key: str, spec: Field, value: Any, prefix: tuple[Any, ...], problems: Problems
) -> bool:
    """Whether one present field has its kind, one of its choices and items of its kind."""
    # bool is an int in Python; a `minutes: true` is never meant.
    if not isinstance(value, spec.kind) or (
        isinstance(value, bool) and bool not in _kinds(spec.kind)
    ):
        problems.add(
            source.rel,
            source.line_of(*prefix, key),
            f"`{key}` should be {_kind_name(spec.kind)}, not {_kind_name(type(value))}",
        )
        return False
    ok = True
    if spec.choices and value not in spec.choices:
        problems.add(
            source.rel,
            source.line_of(*prefix, key),
            f"`{key}: {value}` is not allowed",
            suggest(str(value), spec.choices) or f"use one of: {', '.join(spec.choices)}",
        )
        ok = False
    if spec.items is not None and isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, spec.items) or isinstance(item, bool):
                hint = (
                    "a colon followed by a space starts a YAML mapping: put the whole item "
                    "in double quotes"
                    if isinstance(item, dict) and spec.items is str
                    else ""
                )
                problems.add(
                    source.rel,
                    source.line_of(*prefix, key, index),
                    f"item {index + 1} of `{key}` should be {_kind_name(spec.items)}",
                    hint,
                )
                ok = False
    return ok


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        list: "a list",
        dict: "a mapping",
        bool: "true or false",
        float: "a number",
        type(None): "empty",
    }
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))
