"""The PO bridge: a page (English or translated) as translation units, and back.

A page is cut into a skeleton (everything a translator must not touch: Markdown
markers, indentation, YAML keys and quoting, ids, numbers, anchors, link targets)
and units (the text of each paragraph, list item, table cell, heading, admonition
title and translatable front-matter field). English and translation cut into the
same sequence of unit shapes, so their units pair by position; writing a
translation back fills the translation's own skeleton, which is why an export then
an import gives the same bytes.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model.sources import FRONT_MATTER, MARKDOWN_FIELDS, _Loader
from ..model.translations import STRUCTURAL_KEYS, english_anchor, field_name, normal_block
from .gettext import Catalog, Entry, base_header, confirmed, in_language

# ---------------------------------------------------------------- placeholders

# Syntax a translator must not be able to break: it leaves the unit's text as
# `%(kind1)s`, and import puts back the English value.
PROTECTED = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|\]\((?P<link>[^()\s]*(?:\s+\"[^\"]*\")?)\)"
    r"|(?P<auto><(?:https?|mailto|ftp):[^>\s]+>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<attr>\{\s*[:#.][^{}\n]*\})"
    r"|(?P<icon>:(?:material|fontawesome|octicons|simple)-[\w-]+:)"
    r"|(?P<entity>&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)"
)

PLACEHOLDER = re.compile(r"%\((\w+?)(\d+)\)s")

KINDS = ("code", "link", "auto", "comment", "tag", "attr", "icon", "entity")

# What may not appear in a translated unit outside its placeholders.
RAW_HTML = re.compile(r"<\s*[A-Za-z/!?]")
BAD_SCHEME = re.compile(r"(?:java|vb)script\s*:|data\s*:\s*text/html", re.I)
RAW_LINK = re.compile(r"\]\((?!%\(link\d+\)s\))|\]\[|^\s*\[[^\]]*\]:", re.M)
CODE_SPAN = re.compile(r"(`+).+?\1")
RAW_ATTR = re.compile(r"\{\s*[:#.]")


def protect(raw: str, names: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """Text with its protected syntax as placeholders, and each placeholder's value.

    With `names` (value -> placeholder of the English unit), a construct the English
    unit has gets the English placeholder; one it lacks stays as written.
    """
    counts: dict[str, int] = {}
    values: dict[str, str] = {}
    own = {} if names is None else names

    def replace(match: re.Match[str]) -> str:
        kind = next(k for k in KINDS if match.group(k) is not None)
        if kind == "code":
            # Code spans are text a translator may need to adapt (`translations/<idioma>/`);
            # matched only so that what is inside them is never taken for a tag or a link.
            return match.group(0)
        value = match.group(kind)
        if names is not None:
            name = own.get(value)
            if name is None:
                return match.group(0)
        else:
            counts[kind] = counts.get(kind, 0) + 1
            name = f"{kind}{counts[kind]}"
            if value in own:
                name = own[value]
            else:
                own[value] = name
        values[name] = value
        token = f"%({name})s"
        return f"]({token})" if kind == "link" else token

    return PROTECTED.sub(replace, raw), values


def restore(text: str, values: dict[str, str]) -> str:
    def back(match: re.Match[str]) -> str:
        return values.get(match.group(1) + match.group(2), match.group(0))

    return PLACEHOLDER.sub(back, text)


def placeholder_list(text: str) -> list[str]:
    return sorted(m.group(1) + m.group(2) for m in PLACEHOLDER.finditer(text))


# ---------------------------------------------------------------- units and skeletons


@dataclass
class Unit:
    key: str  # the msgctxt: `title`, `agenda[3].method`, `#context.2`
    shape: str  # what must match between English and translation: `agenda[].method`, `body:h2`
    raw: str  # the text as written in the file
    line: int  # line in the file
    kind: str  # `heading`, `paragraph`, `list item`, `table cell`, `title`, `field`
    one_line: bool = False
    default: str = ""  # what a reader sees when the text is empty (an untitled admonition)

    @property
    def shown(self) -> str:
        return self.raw or self.default


@dataclass
class Slot:
    """Where one unit's text goes when the file is written again."""

    unit: int
    prefixes: list[str]  # the structural start of each line of the text
    suffix: str = ""
    follow: str = ""  # the start of lines beyond the original count
    empty: str | None = None  # what is written for an empty text, when not prefix and suffix


@dataclass
class Scalar:
    """A front-matter string in the YAML: rewritten only when its text changes."""

    original: str
    value: str
    flow: bool
    block: str | None  # the header of a block scalar (`|`, `|-`, `>`), or None
    indent: str
    slot: int | None = None  # the unit, for a one-unit string
    markdown: list[Any] | None = None  # the pieces of a Markdown field


@dataclass
class Page:
    pieces: list[Any] = field(default_factory=list)  # str, Slot or Scalar
    units: list[Unit] = field(default_factory=list)

    @property
    def shapes(self) -> list[str]:
        return [u.shape for u in self.units]


FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)([ \t]*\{[^{}]*\}[ \t]*|[ \t]*#+[ \t]*)?$")
ADMONITION = re.compile(
    r'^(\s*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]*)(?:"(.*)"([ \t]*))?$'
)
LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])[ \t]+)(.*)$")
QUOTE = re.compile(r"^(\s*>[ \t]?)(.*)$")
RULE_LINE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
HR = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
LITERAL_LINE = re.compile(r"^\s*(?:<|\[[^\]]+\]:\s|\{\s*[:#.][^{}]*\}\s*$|\*\[)")
LETTER = re.compile(r"[^\W\d_]")
CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _has_text(raw: str) -> bool:
    return bool(LETTER.search(PLACEHOLDER.sub("", protect(raw)[0])))


def _block_start(line: str) -> bool:
    return bool(
        FENCE.match(line)
        or HEADING.match(line)
        or ADMONITION.match(line)
        or LIST_ITEM.match(line)
        or QUOTE.match(line)
        or line.lstrip().startswith("|")
        or HR.match(line)
        or LITERAL_LINE.match(line)
    )


def parse_markdown(
    text: str, first_line: int, where: str, page: Page, where_shape: str = ""
) -> list[Any]:
    """Cut Markdown into pieces (literal text and slots), adding its units to `page`."""
    cut = _Cut(page, where, where_shape)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        cut.feed(line, first_line + index, "\n" if index < len(lines) - 1 else "")
    cut.close()
    return cut.pieces


@dataclass
class _Cut:
    """One Markdown text being cut: its pieces so far, and where the cutting stands."""

    page: Page
    where: str
    where_shape: str
    pieces: list[Any] = field(default_factory=list)
    section: str = "top"
    counter: int = 0
    used: set[str] = field(default_factory=set)
    fence: bool = False
    current: tuple[Slot, list[str]] | None = None  # the open unit and its lines of text

    def key(self) -> str:
        name = f"{self.where}#{self.section}.{self.counter}"
        self.counter += 1
        while name in self.used:
            name += "+"
        self.used.add(name)
        return name

    def close(self) -> None:
        if self.current is None:
            return
        slot, texts = self.current
        unit = self.page.units[slot.unit]
        unit.raw = "\n".join(texts)
        self.current = None

    def add(self, kind: str, shape: str, prefix: str, raw: str, number: int, **extra: Any) -> Slot:
        unit = Unit(self.key(), f"{self.where_shape}:{shape}", raw, number, kind, **extra)
        self.page.units.append(unit)
        slot = Slot(len(self.page.units) - 1, [prefix])
        self.pieces.append(slot)
        return slot

    def feed(self, line: str, number: int, newline: str) -> None:
        """One line: literal (in a fence, blank), more of the open unit, or a new block."""
        if self.fence or FENCE.match(line):
            self.close()
            if FENCE.match(line):
                self.fence = not self.fence
            self.pieces.append(line + newline)
            return
        if not line.strip():
            self.close()
            self.pieces.append(line + newline)
            return
        if self.current is not None and not _block_start(line):
            slot, texts = self.current
            if self.page.units[slot.unit].kind != "quote":
                indent = line[: len(line) - len(line.lstrip())]
                slot.prefixes.append(indent)
                texts.append(line[len(indent) :])
                self.pieces[-1] = newline  # the slot writes the breaks between its lines
                return
        self.close()
        self.block(line, number, newline)

    def block(self, line: str, number: int, newline: str) -> None:
        """A line that starts a block: its unit(s), or the line as it is."""
        heading = HEADING.match(line)
        admonition = ADMONITION.match(line)
        item = LIST_ITEM.match(line)
        opener = item or QUOTE.match(line)
        if heading and _has_text(heading.group(2)):
            self.heading(heading, number, newline)
        elif admonition and (admonition.group(2) is None or _has_text(admonition.group(2))):
            self.admonition(admonition, line, number, newline)
        elif line.lstrip().startswith("|") and not RULE_LINE.match(line):
            self.table_row(line, number, newline)
        elif opener and _has_text(opener.group(2)):
            kind = "list item" if item else "quote"
            slot = self.add(
                kind, "li" if item else "quote", opener.group(1), opener.group(2), number
            )
            slot.follow = " " * len(opener.group(1)) if item else opener.group(1)
            self.current = (slot, [opener.group(2)])
            self.pieces.append(newline)
        elif not _block_start(line) and _has_text(line):
            indent = line[: len(line) - len(line.lstrip())]
            slot = self.add("paragraph", "p", indent, line[len(indent) :], number)
            slot.follow = indent
            self.current = (slot, [line[len(indent) :]])
            self.pieces.append(newline)
        else:
            self.pieces.append(line + newline)

    def heading(self, heading: re.Match[str], number: int, newline: str) -> None:
        anchor = re.search(r"#([\w-]+)", heading.group(3) or "")
        # Named by the anchor, so a unit keeps its msgctxt when text moves elsewhere.
        self.section = anchor.group(1) if anchor else english_anchor(heading.group(2))
        self.counter = 0
        level = f"h{len(heading.group(1).strip())}"
        slot = self.add("heading", level, heading.group(1), heading.group(2), number, one_line=True)
        slot.suffix = (heading.group(3) or "") + newline

    def admonition(self, admonition: re.Match[str], line: str, number: int, newline: str) -> None:
        # An untitled admonition shows its type as the title, in English: a unit too.
        titled = admonition.group(2) is not None
        kind_name = re.split(r"\s+", admonition.group(1).strip())[1]
        slot = self.add(
            "admonition title",
            "title",
            (admonition.group(1) if titled else admonition.group(1).rstrip() + " ") + '"',
            admonition.group(2) or "",
            number,
            one_line=True,
            default=kind_name.replace("-", " ").capitalize(),
        )
        slot.suffix = '"' + (admonition.group(3) or "") + newline
        if not titled:
            slot.empty = line + newline

    def table_row(self, line: str, number: int, newline: str) -> None:
        for position, cell in enumerate(CELL_SPLIT.split(line)):
            if position:
                self.pieces.append("|")
            stripped = cell.strip()
            if stripped and _has_text(stripped):
                lead = cell[: len(cell) - len(cell.lstrip())]
                trail = cell[len(cell.rstrip()) :]
                self.pieces.append(lead)
                slot = self.add("table cell", "cell", "", stripped, number, one_line=True)
                slot.suffix = trail
            else:
                self.pieces.append(cell)
        self.pieces.append(newline)


def _fill_markdown(pieces: list[Any], texts: list[str]) -> str:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        if piece.empty is not None and texts[piece.unit] == "":
            out.append(piece.empty)
            continue
        lines = texts[piece.unit].split("\n")
        for index, text in enumerate(lines):
            if index < len(piece.prefixes):
                prefix = piece.prefixes[index]
            else:
                prefix = piece.follow if len(piece.prefixes) == 1 else piece.prefixes[-1]
            out.append(("\n" if index else "") + prefix + text)
        out.append(piece.suffix)
    return "".join(out)


def _translatable(key: tuple[Any, ...]) -> bool:
    return bool(key) and key[0] != "translation" and not any(k in STRUCTURAL_KEYS for k in key)


def _scalars(
    node: yaml.Node, key: tuple[Any, ...], out: list[tuple[tuple[Any, ...], Any, bool]], flow: bool
) -> None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):  # `? [a, b]`: no page means that
                raise ValueError(
                    f"front matter: a key must be a plain word (its line {k.start_mark.line + 1} of the front matter)"
                )
            _scalars(v, key + (k.value,), out, flow or bool(node.flow_style))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _scalars(item, key + (index,), out, flow or bool(node.flow_style))
    elif (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:str"
        and _translatable(key)
    ):
        out.append((key, node, flow))


def _shape(key: tuple[Any, ...]) -> str:
    return "".join("[]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".")


def parse_page(text: str) -> Page:
    """A page as pieces and units. Raises ValueError when its front matter is unreadable."""
    page = Page()
    match = FRONT_MATTER.match(text)
    body_start = 0
    if match:
        yaml_text = match.group(1) or ""
        offset = match.start(1) if match.group(1) is not None else match.end()
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise ValueError(f"front matter: {exc}") from exc
        finally:
            loader.dispose()
        found: list[tuple[tuple[Any, ...], Any, bool]] = []
        if node is not None:
            _scalars(node, (), found, False)
        cursor = 0
        for key, scalar, flow in found:
            start, end = scalar.start_mark.index, scalar.end_mark.index
            page.pieces.append(text[cursor : offset + start])
            original = text[offset + start : offset + end]
            line = text.count("\n", 0, offset + start) + 1
            block = original.split("\n", 1)[0] if scalar.style in ("|", ">") else None
            indent = ""
            if block is not None:
                rest = original.split("\n", 1)[1] if "\n" in original else ""
                first = next((ln for ln in rest.split("\n") if ln.strip()), "")
                indent = first[: len(first) - len(first.lstrip())]
            piece = Scalar(original, scalar.value, flow, block, indent)
            if key[-1] in MARKDOWN_FIELDS and block is not None:
                first_line = line + 1
                piece.markdown = parse_markdown(
                    scalar.value, first_line, field_name(key), page, _shape(key)
                )
            elif LETTER.search(scalar.value):
                page.units.append(
                    Unit(
                        field_name(key),
                        _shape(key),
                        scalar.value,
                        line,
                        "field",
                        "\n" not in scalar.value,
                    )
                )
                piece.slot = len(page.units) - 1
            else:
                page.pieces.append(original)
                cursor = offset + end
                continue
            page.pieces.append(piece)
            cursor = offset + end
        page.pieces.append(text[cursor : match.end()])
        body_start = match.end()
    body_line = text.count("\n", 0, body_start) + 1
    page.pieces.extend(parse_markdown(text[body_start:], body_line, "", page))
    return page


def yaml_scalar(value: str, flow: bool, quoted: bool = False) -> str:
    """A YAML scalar that reads back as `value`: plain when that is safe (and the value it
    replaces was plain), else double-quoted."""
    if not quoted and value and "\n" not in value and value == value.strip():
        candidate = f"[{value}]" if flow else f"k: {value}"
        try:
            loaded = yaml.safe_load(candidate)
        except yaml.YAMLError:
            loaded = None
        if (loaded == [value] if flow else loaded == {"k": value}) and not any(
            c in value for c in "#\"'"
        ):
            return value
    return json.dumps(value, ensure_ascii=False)


def _block_scalar(piece: Scalar, value: str) -> str:
    header = piece.block or "|"
    indicator = header.strip()[0]
    if value.endswith("\n\n"):
        chomp = "+"
    elif value.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    lines = value.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    indent = piece.indent or "  "
    body = "".join((indent + ln if ln.strip() else "") + "\n" for ln in lines)
    trailing = piece.original[len(piece.original.rstrip("\n")) :]
    return (indicator + chomp + "\n" + body).rstrip("\n") + trailing


def render(page: Page, texts: list[str]) -> str:
    """The page with each unit's text replaced by `texts` (same order as `page.units`)."""
    out: list[str] = []
    for piece in page.pieces:
        if isinstance(piece, Scalar):
            if piece.markdown is not None:
                value = _fill_markdown(piece.markdown, texts)
                out.append(piece.original if value == piece.value else _block_scalar(piece, value))
            else:
                assert piece.slot is not None
                value = texts[piece.slot]
                if value == piece.value:
                    out.append(piece.original)
                elif piece.block is not None and "\n" in value:
                    out.append(_block_scalar(piece, value))
                else:
                    out.append(yaml_scalar(value, piece.flow, piece.original[:1] in "'\""))
        else:
            out.append(_fill_markdown([piece], texts))
    return "".join(out)


# ---------------------------------------------------------------- pairing


@dataclass
class Pairing:
    """How the units of the English a translation was made from became today's."""

    to_old: dict[int, int]  # today's unit -> the old English unit it came from
    changed: set[int]  # today's units whose English changed in meaning


def pair_versions(old: Page, new: Page) -> Pairing:
    """Align two versions of an English page unit by unit, like a diff of units."""
    a = [(u.shape, normal_block(u.raw)) for u in old.units]
    b = [(u.shape, normal_block(u.raw)) for u in new.units]
    to_old: dict[int, int] = {}
    changed: set[int] = set()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            to_old.update({b1 + k: a1 + k for k in range(a2 - a1)})
            continue
        # Within a differing stretch, units of the same shape in order are edits of each other.
        shapes = difflib.SequenceMatcher(
            a=[s for s, _ in a[a1:a2]], b=[s for s, _ in b[b1:b2]], autojunk=False
        )
        for op2, c1, c2, d1, _ in shapes.get_opcodes():
            if op2 == "equal":
                for k in range(c2 - c1):
                    to_old[b1 + d1 + k] = a1 + c1 + k
                    changed.add(b1 + d1 + k)
    return Pairing(to_old, changed)


def check_unit(msgid: str, msgstr: str, one_line: bool) -> str | None:
    """Why a translated unit cannot be written back, or None."""
    want, got = placeholder_list(msgid), placeholder_list(msgstr)
    if want != got:
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        detail = (
            f"missing %({missing[0]})s"
            if missing
            else f"%({extra[0]})s is not in the English"
            if extra
            else "a placeholder appears a different number of times"
        )
        return f"placeholders differ from the English ({detail}); keep each %(name)s exactly once"
    rest = CODE_SPAN.sub("", PLACEHOLDER.sub("", msgstr))
    if RAW_LINK.search(CODE_SPAN.sub("", msgstr)):
        return "a link that is not in the English; keep the English links as ](%(linkN)s)"
    if RAW_HTML.search(rest):
        return "raw HTML in the translation; write plain text (markup stays in the placeholders)"
    if BAD_SCHEME.search(rest):
        return "a javascript:, vbscript: or data: address in the translation"
    if RAW_ATTR.search(rest):
        return "an attribute list `{: …}` or `{#…}`; those stay in the placeholders"
    if one_line and "\n" in msgstr:
        return "this text must stay on one line (a heading, title or table cell)"
    if one_line and "|" in rest:
        return "a `|` would split the table cell; write it as \\|"
    return None


# ---------------------------------------------------------------- export and import

PLACEHOLDER_FLAG = 'placeholders:r"%\\(\\w+\\)s"'


class BridgeError(Exception):
    """A page cannot go through the bridge: `line` is in the PO file (0: the whole file)."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message)


@dataclass
class Sides:
    """The three versions a translated page is judged by."""

    english: Page
    english_hash: str
    translation: Page | None  # None: not translated yet
    translation_hash: str
    baseline: Page | None  # the English the translation was made from, when on record
    stale: bool  # the English changed in meaning since

    def pairing(self) -> Pairing:
        if self.translation is None:
            return Pairing({}, set())
        if self.baseline is not None:
            return pair_versions(self.baseline, self.english)
        # Stale with no record of the English it was made from: every unit is in doubt.
        count = len(self.english.units)
        return Pairing({i: i for i in range(count)}, set(range(count)))


def sides(
    english_text: str,
    translation_text: str | None,
    baseline_text: str | None,
    stale: bool,
    translation_rel: str,
) -> Sides:
    from ..model.translations import content_hash

    english = parse_page(english_text)
    translation = parse_page(translation_text) if translation_text is not None else None
    baseline = parse_page(baseline_text) if baseline_text is not None else None
    if translation is not None:
        reference = baseline or english
        if translation.shapes != reference.shapes:
            at = next(
                (
                    t.line
                    for t, e in zip(translation.units, reference.units, strict=False)
                    if t.shape != e.shape
                ),
                translation.units[-1].line if translation.units else 1,
            )
            raise BridgeError(
                0,
                f"{translation_rel}:{at}: the translation's blocks differ from the English "
                "it was made from (a paragraph, list item or heading added, removed or "
                "split); run `solidarity translations check` and fix that first",
            )
    return Sides(
        english,
        content_hash(english_text),
        translation,
        content_hash(translation_text) if translation_text is not None else "none",
        baseline,
        stale,
    )


def export_catalog(
    side: Sides, lang: str, english_rel: str, translation_rel: str, previous: Catalog | None
) -> tuple[Catalog, int]:
    """The PO of one page, and how many units of `previous` (work not yet imported) it kept.

    `previous` is the PO already there: where it differs from the Markdown and the
    Markdown has not changed since that PO was written, the PO holds someone's work.
    """
    pairing = side.pairing()
    old_entries = {e.msgctxt: e for e in previous.entries} if previous else {}
    markdown_moved = (
        previous is not None
        and previous.header.get("X-Translation-Version", side.translation_hash)
        != side.translation_hash
    )
    entries: list[Entry] = []
    kept = 0
    for index, unit in enumerate(side.english.units):
        entry, values = _markdown_entry(side, pairing, index, english_rel)
        before = old_entries.get(unit.key)
        if before is not None and before.msgstr and before.msgstr != entry.msgstr:
            if markdown_moved:
                raise BridgeError(
                    before.msgstr_line,
                    f"this unit was changed both here and in {translation_rel} since the "
                    "last export; import this PO first, or remove the file to start again "
                    "from the Markdown",
                )
            kept += 1
            _keep_work(entry, before)
        elif confirmed(before, entry):
            entry.flags, entry.previous = [f for f in entry.flags if f != "fuzzy"], None
        if values:
            entry.flags.append(PLACEHOLDER_FLAG)
        entries.append(entry)
    header = base_header(lang) | {
        "X-Source-File": english_rel,
        "X-Source-Version": side.english_hash,
        "X-Translation-File": translation_rel,
        "X-Translation-Version": side.translation_hash,
    }
    return Catalog(header, entries), kept


def _markdown_entry(
    side: Sides, pairing: Pairing, index: int, english_rel: str
) -> tuple[Entry, dict[str, str]]:
    """The entry of English unit `index` as the Markdown translation has it (fuzzy when
    the English changed since), and the values of its placeholders."""
    unit = side.english.units[index]
    msgid, values = protect(unit.shown)
    names = {v: k for k, v in values.items()}
    entry = Entry(msgid, msgctxt=unit.key)
    where = f"{unit.kind} at {english_rel}:{unit.line}"
    if unit.kind == "field":
        where = f"front-matter field `{unit.key}` at {english_rel}:{unit.line}"
    entry.comments.append(where)
    entry.references.append(f"{english_rel}:{unit.line}")
    if side.translation is not None and index in pairing.to_old:
        old = pairing.to_old[index]
        entry.msgstr = protect(side.translation.units[old].raw, names)[0]
        if index in pairing.changed:
            entry.flags.append("fuzzy")
            if side.baseline is not None:
                entry.previous = protect(side.baseline.units[old].shown)[0]
    return entry, values


def _keep_work(entry: Entry, before: Entry) -> None:
    """The msgstr of the PO already there, not imported yet, kept in `entry`; fuzzy as it
    was against the same English, fuzzy against its own English when that changed."""
    entry.msgstr = before.msgstr
    if before.msgid == entry.msgid:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous = None
        if before.fuzzy:
            entry.flags.append("fuzzy")
            entry.previous = before.previous
    else:
        entry.flags = [f for f in entry.flags if f != "fuzzy"] + ["fuzzy"]
        entry.previous = before.msgid


@dataclass
class Imported:
    text: str | None  # the new Markdown; None: nothing to write yet
    note: str  # what happened, for the command's output
    advanced: bool  # the page now translates today's English
    held: str = ""  # why the page stays stale though the PO is complete, said even if unchanged
    po_line_of: dict[int, int] = field(default_factory=dict)  # Markdown line -> PO line

    def po_line(self, markdown_line: int) -> int:
        lines = [md for md in self.po_line_of if md <= markdown_line]
        return self.po_line_of[max(lines)] if lines else 1


def import_catalog(
    side: Sides, catalog: Catalog, lang: str, translation_text: str | None
) -> Imported:
    """The Markdown a PO gives; BridgeError at the PO line of the first problem."""
    at = catalog.header_line or 1
    _check_header(side, catalog, lang, at)
    units = side.english.units
    pairing = side.pairing()
    chosen, unchanged = _chosen_entries(side, catalog, pairing)
    translated = {i: e for i, e in chosen.items() if e.msgstr and i not in unchanged}
    complete = (
        not unchanged
        and len(translated) == len(units)
        and not any(e.fuzzy for e in translated.values())
    )
    if side.translation is None and not complete:
        done = sum(1 for e in translated.values() if not e.fuzzy)
        return Imported(
            None,
            f"{done} of {len(units)} units translated; the page is written once all are",
            False,
        )
    new = {i: restore(e.msgstr, protect(units[i].shown)[1]) for i, e in translated.items()}
    plan = _plan(side, pairing, new, complete)
    template, text = _written(side, plan, translation_text)
    check = parse_page(text)
    if check.shapes != template.shapes:
        culprit = _culprit(template, plan, chosen)
        raise BridgeError(
            culprit.msgstr_line if culprit else at,
            "this translation changes the page's blocks (it starts a heading, list item, "
            "table or admonition of its own); keep Markdown markers out of the text",
        )
    po_lines: dict[int, int] = {}
    for k, unit in enumerate(check.units):
        used = chosen.get(plan.sources.get(k, -1))
        po_lines[unit.line] = used.msgstr_line if used else at
    waiting = sum(1 for i in range(len(units)) if i not in translated or chosen[i].fuzzy)
    note = (
        "translates the current English"
        if plan.advanced
        else (f"{waiting} unit(s) untranslated or fuzzy" if waiting else "complete")
    ) + (f"; {plan.held}" if plan.held else "")
    return Imported(text, note, plan.advanced, plan.held, po_lines)


def _check_header(side: Sides, catalog: Catalog, lang: str, at: int) -> None:
    """BridgeError when the PO is of another language, or either side changed since export."""
    header = catalog.header
    if not in_language(catalog, lang):
        raise BridgeError(
            at,
            f"the PO says it is in `{header.get('Language', '')}`, not `{lang}`; "
            f"put it under translations/{lang}/po/ only if it is {lang}",
        )
    if header.get("X-Source-Version") != side.english_hash:
        raise BridgeError(
            at,
            "the English page changed since this PO was exported; run "
            f"`solidarity translations export {lang}` (it keeps the work in this PO), then import",
        )
    if header.get("X-Translation-Version", side.translation_hash) != side.translation_hash:
        raise BridgeError(
            at,
            "the Markdown translation changed since this PO was exported; run "
            f"`solidarity translations export {lang}` first, so neither change is lost",
        )


def _chosen_entries(
    side: Sides, catalog: Catalog, pairing: Pairing
) -> tuple[dict[int, Entry], set[int]]:
    """The PO entry of each English unit, each checked, and the units left fuzzy as exported."""
    units = side.english.units
    by_key = {u.key: i for i, u in enumerate(units)}
    chosen: dict[int, Entry] = {}
    unchanged: set[int] = set()
    for entry in catalog.entries:
        if entry.msgid_plural is not None or entry.msgctxt not in by_key:
            raise BridgeError(
                entry.line,
                f"`{entry.msgctxt}` is not a unit of this page; export again to get the current units",
            )
        index = by_key[entry.msgctxt]
        if index in chosen:
            raise BridgeError(
                entry.line,
                f"`{entry.msgctxt}` appears twice (also at line {chosen[index].line}); keep one",
            )
        msgid, values = protect(units[index].shown)
        if entry.msgid != msgid:
            raise BridgeError(
                entry.line, "this msgid is not the page's English; do not edit msgid, only msgstr"
            )
        if (
            entry.fuzzy
            and entry.msgstr
            and _as_exported(side, pairing, index, values) == entry.msgstr
        ):
            # Left fuzzy as exported: the translation keeps its text, and is not checked
            # against an English it was not made from (a link target the English moved).
            unchanged.add(index)
        elif entry.msgstr:
            wrong = check_unit(msgid, entry.msgstr, units[index].one_line)
            if wrong:
                raise BridgeError(entry.msgstr_line, wrong)
        chosen[index] = entry
    return chosen, unchanged


@dataclass
class _Plan:
    """What an import writes: a skeleton and the text of each of its units."""

    template: Page  # the English or the translation, before anchors are written out
    texts: list[str]  # by unit of `template`
    sources: dict[int, int]  # unit of `template` -> the English unit whose msgstr it holds
    advanced: bool  # the page now translates today's English
    held: str = ""  # why it stays stale though the PO is complete


def _plan(side: Sides, pairing: Pairing, new: dict[int, str], complete: bool) -> _Plan:
    """The skeleton to fill and its texts, given the translated text of units (`new`)."""
    everything = [new[i] for i in range(len(side.english.units))] if complete else []
    every_source = {i: i for i in range(len(side.english.units))}
    if side.translation is None:
        return _Plan(side.english, everything, every_source, True)
    current = [u.raw for u in side.translation.units]
    work = any(i not in pairing.to_old or new[i] != current[pairing.to_old[i]] for i in new)
    own = _own_skeleton(side) if side.stale and complete and work else None
    if side.stale and complete and work and own is None:
        template = side.translation
        if template.shapes != side.english.shapes or _skeleton_moved(side):
            # Rebuilt on the English skeleton: safe, as the translation has nothing
            # of its own outside the units (checked just above).
            template = side.english
        return _Plan(template, everything, every_source, True)
    return _in_place(side.translation, pairing, new, current, own)


def _in_place(
    translation: Page, pairing: Pairing, new: dict[int, str], current: list[str], own: int | None
) -> _Plan:
    """The translation's own skeleton, with the units the PO translates replaced."""
    held = ""
    if own is not None:
        held = (
            f"still stale: the English changed around text the translation has of "
            f"its own outside the units (line {own}: code, HTML, abbreviations or "
            "YAML layout), which a rebuild on the English would lose; bring the "
            "English changes over by hand, then run `solidarity translations mark`"
        )
    new_units = sum(1 for i in new if i not in pairing.to_old)
    if new_units and not held:
        held = (
            f"{new_units} unit(s) new in the English wait in the PO until every "
            "unit is translated and none is fuzzy"
        )
    texts = current
    sources: dict[int, int] = {}
    for i in new:
        if i in pairing.to_old:
            texts[pairing.to_old[i]] = new[i]
            sources[pairing.to_old[i]] = i
    return _Plan(translation, texts, sources, False, held)


def _written(side: Sides, plan: _Plan, translation_text: str | None) -> tuple[Page, str]:
    """The skeleton as filled (the English with its anchors written out), and the text."""
    template = plan.template
    if template is side.english:
        template = _with_anchors(template)
    text = render(template, plan.texts)
    if template is not side.translation:
        text = _with_translation_block(text, translation_text)
    return template, text


def _culprit(template: Page, plan: _Plan, chosen: dict[int, Entry]) -> Entry | None:
    """The entry to blame for changed blocks: the first whose text alone changes them."""
    original = [u.raw for u in template.units]
    for k, index in sorted(plan.sources.items()):
        alone = list(original)
        alone[k] = plan.texts[k]
        if parse_page(render(template, alone)).shapes != template.shapes:
            return chosen.get(index)
    return None


def _as_exported(side: Sides, pairing: Pairing, index: int, values: dict[str, str]) -> str | None:
    """The msgstr export gives unit `index` from the Markdown translation, if it has one."""
    if side.translation is None or index not in pairing.to_old:
        return None
    names = {v: k for k, v in values.items()}
    return protect(side.translation.units[pairing.to_old[index]].raw, names)[0]


TRANSLATION_BLOCK = re.compile(r"^translation:.*\n(?:[ \t]+.*\n)*", re.M)


def _skeleton(page: Page) -> list[str]:
    """A page with every unit empty, and no `translation:` block: what is not text."""
    text = render(_with_anchors(page), [""] * len(page.units))
    return TRANSLATION_BLOCK.sub("", text, count=1).split("\n")


def _skeleton_moved(side: Sides) -> bool:
    """Whether the English changed outside its units (a number, an anchor, code)."""
    return side.baseline is not None and _skeleton(side.baseline) != _skeleton(side.english)


def _own_skeleton(side: Sides) -> int | None:
    """The line of the first text the translation has of its own outside its units, when
    the English skeleton changed since (so a rebuild on it would lose that text)."""
    if side.translation is None:
        return None
    reference = side.baseline or side.english
    if side.translation.shapes == side.english.shapes and not _skeleton_moved(side):
        return None
    mine, theirs = _skeleton(side.translation), _skeleton(reference)
    if mine == theirs:
        return None
    for line in (ln for ln in mine if ln not in theirs):
        text = render(side.translation, [u.raw for u in side.translation.units]).split("\n")
        return next((n for n, ln in enumerate(text, 1) if ln.strip() and ln.strip() in line), 1)
    return 1


def _with_anchors(page: Page) -> Page:
    """The English skeleton with each heading's anchor written out: a translated heading
    keeps the English anchor, which its own words would not give."""
    pieces: list[Any] = []
    for piece in page.pieces:
        if (
            isinstance(piece, Slot)
            and page.units[piece.unit].kind == "heading"
            and "{" not in piece.suffix
        ):
            anchor = english_anchor(page.units[piece.unit].raw)
            piece = Slot(
                piece.unit,
                piece.prefixes,
                f" {{#{anchor}}}" + piece.suffix.lstrip(" \t#"),
                piece.follow,
                piece.empty,
            )
        pieces.append(piece)
    return Page(pieces, page.units)


def _with_translation_block(text: str, translation_text: str | None) -> str:
    """An English skeleton made a translation: the `translation:` block first, kept from
    the translation when it had one (its `source:` is updated by the caller)."""
    state = "draft"
    if translation_text is not None:
        found = re.search(r"^translation:\n(?:[ \t]+.*\n)+", translation_text, re.M)
        if found:
            block = found.group(0)
            return "---\n" + block + text[4:] if text.startswith("---\n") else text
    block = f"translation:\n  source: 000000000000\n  state: {state}\n"
    if text.startswith("---\n"):
        return "---\n" + block + text[4:]
    return "---\n" + block + "---\n\n" + text


def set_source(text: str, digest: str) -> str:
    """The translation's `translation.source` set to `digest`."""
    return re.sub(
        r"(\A---\n(?:.*\n)*?translation:\n(?:[ \t]+.*\n)*?[ \t]+source:[ \t]*)['\"]?[0-9a-f]{12}['\"]?",
        lambda m: m.group(1) + digest,
        text,
        count=1,
    )
