"""The interface strings (strings.yml) as one PO file per language, with plural forms.

Each string is a unit (msgctxt: its key, `site.name`); a string that is plural in
English or in the translation is a gettext plural unit whose forms are the
language's CLDR categories in order (plurals.py), so the Plural-Forms header and
the YAML say the same thing. Import rewrites only the YAML values that changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import plurals
from ..model.sources import _Loader
from ..model.strings import RECORD, flatten, is_plural
from ..model.translations import normal_value
from .gettext import Catalog, Entry, base_header, confirmed, in_language, msgstrs
from .pages import BridgeError, yaml_scalar

# The gettext form of each rule in plurals.py: form i is the i-th category of
# `categories(lang)`. tests/test_po.py checks each against plurals.category.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
    "fr": "nplurals=3; plural=(n == 0 || n == 1 ? 0 : n % 1000000 == 0 ? 1 : 2);",
    "pl": (
        "nplurals=4; plural=(n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
        "(n % 100 < 12 || n % 100 > 14) ? 1 : 2);"
    ),
    "ar": (
        "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : "
        "n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5);"
    ),
    "zh-Hant": "nplurals=1; plural=0;",
}


def categories(lang: str) -> list[str]:
    """The plural categories of a language in gettext form order."""
    return [c for c in plurals.CATEGORIES if c in plurals.used(lang)]


def plural_forms_header(lang: str) -> str:
    known = PLURAL_FORMS.get(lang) or PLURAL_FORMS.get(lang.split("-")[0])
    if known:
        return known
    # A language without a formula here uses English's rule (as plurals.rule does).
    return PLURAL_FORMS["en"]


def _flat(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    data = yaml.safe_load(text)
    return flatten(data) if isinstance(data, dict) else {}


def recorded_version(text: str | None) -> str | None:
    """The English version a translated strings file records, if it records one."""
    data = yaml.safe_load(text) if text is not None else None
    block = data.get(RECORD) if isinstance(data, dict) else None
    source = block.get("source") if isinstance(block, dict) else None
    return source if isinstance(source, str) else None


def export_strings(
    english_text: str,
    translation_text: str | None,
    lang: str,
    translation_hash: str,
    previous: Catalog | None,
    recorded: dict[str, Any] | None = None,
) -> tuple[Catalog, int]:
    """strings.po: every English string, with this language's translation as msgstr.

    `recorded` is the English the translation was made from (flat, as in the record of
    its strings.yml): a string whose English changed since is fuzzy, with the old English
    as `#| msgid`, as Weblate expects."""
    english = _flat(english_text)
    translated = _flat(translation_text)
    order = categories(lang)
    old = {e.msgctxt: e for e in previous.entries} if previous else {}
    moved = (
        previous is not None
        and previous.header.get("X-Translation-Version", translation_hash) != translation_hash
    )
    kept = 0
    entries = []
    for key, value in english.items():
        entry = _string_entry(key, value, translated.get(key), order, recorded)
        before = old.get(key)
        if before is not None and msgstrs(before) != msgstrs(entry) and any(msgstrs(before)):
            if moved:
                raise BridgeError(
                    before.msgstr_line,
                    f"`{key}` was changed both here and in translations/{lang}/strings.yml "
                    "since the last export; import this PO first",
                )
            kept += 1
            entry.msgstr, entry.msgstr_plural = before.msgstr, dict(before.msgstr_plural)
            # The work waiting in the PO keeps its own state against today's English.
            entry.flags, entry.previous = [], None
            if before.msgid != entry.msgid or before.fuzzy:
                entry.flags.append("fuzzy")
                entry.previous = before.previous if before.msgid == entry.msgid else before.msgid
        elif confirmed(before, entry):
            entry.flags, entry.previous = [], None
        if "{" in entry.msgid:
            entry.flags.append('placeholders:r"\\{\\w+\\}"')
        entries.append(entry)
    header = base_header(lang) | {
        "Plural-Forms": plural_forms_header(lang),
        "X-Source-File": "translations/strings.yml",
        "X-Translation-File": f"translations/{lang}/strings.yml",
        "X-Translation-Version": translation_hash,
    }
    return Catalog(header, entries), kept


def _string_entry(
    key: str, value: Any, mine: Any, order: list[str], recorded: dict[str, Any] | None
) -> Entry:
    """The entry of one string as the translation has it (`mine`), plural when either side
    is; fuzzy, with the old English, when the English changed since it was translated."""
    entry = Entry("", msgctxt=key)
    entry.comments.append(f"interface string `{key}` in translations/strings.yml")
    if is_plural(value) or is_plural(mine):
        forms = value if is_plural(value) else {"other": value}
        entry.msgid = forms.get("one", forms["other"])
        entry.msgid_plural = forms["other"]
        for index, category in enumerate(order):
            if isinstance(mine, dict):
                entry.msgstr_plural[index] = mine.get(category, "")
            else:
                entry.msgstr_plural[index] = mine if isinstance(mine, str) else ""
    else:
        entry.msgid = value
        entry.msgstr = mine if isinstance(mine, str) else ""
    was = recorded.get(key) if recorded is not None and mine is not None else None
    if was is not None and normal_value(was) != normal_value(value):
        entry.flags.append("fuzzy")
        entry.previous = was.get("one", was.get("other", "")) if isinstance(was, dict) else was
    return entry


@dataclass
class Node:
    start: int
    end: int
    flow: bool
    quoted: bool
    column: int  # of the key that holds it
    mapping: bool  # a plural mapping


def _nodes(text: str) -> dict[str, Node]:
    """Each string's value node in a strings file, by flat key (`time.hours`, `time.hours.one`)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    out: dict[str, Node] = {}

    def walk(node: yaml.Node, prefix: str, column: int, flow: bool) -> None:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            plural = bool(prefix) and any(k in plurals.CATEGORIES for k in keys)
            if plural:
                # From the first category's key to the end of the last form's line.
                end = max(v.end_mark.index for _, v in node.value)
                end = len(text) if text.find("\n", end) < 0 else text.find("\n", end)
                out[prefix[:-1]] = Node(
                    node.value[0][0].start_mark.index, end, False, False, column, True
                )
            for k, v in node.value:
                walk(v, f"{prefix}{k.value}.", k.start_mark.column, flow or bool(node.flow_style))
        elif isinstance(node, yaml.ScalarNode):
            out[prefix[:-1]] = Node(
                node.start_mark.index,
                node.end_mark.index,
                flow,
                bool(node.style and node.style in "'\""),
                column,
                False,
            )

    if root is not None:
        walk(root, "", 0, False)
    return out


def import_strings(
    catalog: Catalog,
    lang: str,
    english_text: str,
    template: str,
    translation_hash: str,
) -> tuple[str, dict[str, int], list[str]]:
    """The new strings file, the PO line of each key, and notes on strings not placed."""
    header = catalog.header
    at = catalog.header_line or 1
    if not in_language(catalog, lang):
        raise BridgeError(at, f"the PO says it is in `{header.get('Language', '')}`, not `{lang}`")
    if header.get("X-Translation-Version", translation_hash) != translation_hash:
        raise BridgeError(
            at,
            f"translations/{lang}/strings.yml changed since this PO was exported; "
            f"run `solidarity translations export {lang}` first, so neither change is lost",
        )
    english = _flat(english_text)
    order = categories(lang)
    nodes = _nodes(template)
    current = _flat(template)
    edits: list[tuple[int, int, str]] = []
    lines: dict[str, int] = {}
    notes: list[str] = []
    for entry in catalog.entries:
        key = entry.msgctxt or ""
        if key not in english:
            raise BridgeError(entry.line, f"`{key}` is not an interface string of this project")
        lines[key] = entry.msgstr_line
        forms = _forms(entry, lang, order)
        if not forms:
            continue
        if key not in nodes:
            notes.append(
                f"`{key}` is not in translations/{lang}/strings.yml yet: add it there "
                "(copied from the English) to import its translation"
            )
            continue
        edits += _placed(template, nodes, key, forms, current.get(key), order)
    out = template
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out, lines, notes


def _forms(entry: Entry, lang: str, order: list[str]) -> dict[str, str]:
    """The translated forms of one entry by category (`""` for a string that is not
    plural); BridgeError when they cannot be written."""
    if entry.msgid_plural is not None:
        forms = {
            order[i]: text for i, text in entry.msgstr_plural.items() if i < len(order) and text
        }
        if len(entry.msgstr_plural) > len(order):
            raise BridgeError(
                entry.msgstr_line,
                f"{len(entry.msgstr_plural)} plural forms; {lang} has {len(order)} "
                f"({', '.join(order)})",
            )
    else:
        forms = {"": entry.msgstr} if entry.msgstr else {}
    for text in forms.values():
        if "\n" in text:
            raise BridgeError(entry.msgstr_line, "an interface string stays on one line")
    return forms


def _placed(
    template: str,
    nodes: dict[str, Node],
    key: str,
    forms: dict[str, str],
    have: Any,
    order: list[str],
) -> list[tuple[int, int, str]]:
    """The edits that write one string's forms into the strings file (`have`: its value
    there now), as one value, a plural mapping, or changed forms of its mapping."""
    node = nodes[key]
    if not node.mapping:
        values = set(forms.values())
        if len(values) == 1 and ("" in forms or set(forms) >= set(order) or len(order) == 1):
            value = values.pop()
            if value != have:
                return [(node.start, node.end, yaml_scalar(value, node.flow, node.quoted))]
            return []
        return [(node.start, node.end, _mapping(forms, node.column + 2, "\n"))]
    if isinstance(have, dict) and set(have) == set(forms):
        edits = []
        for category, value in forms.items():
            child = nodes[f"{key}.{category}"]
            if value != have[category]:
                edits.append((child.start, child.end, yaml_scalar(value, child.flow, child.quoted)))
        return edits
    # Another set of forms: the mapping is written again, in category order.
    start = template.rfind("\n", 0, node.start) + 1
    return [(start, node.end, _mapping(forms, node.column + 2, ""))]


def _mapping(forms: dict[str, str], indent: int, lead: str) -> str:
    pad = " " * indent
    body = "".join(
        f"{pad}{c}: {json.dumps(forms[c], ensure_ascii=False)}\n"
        for c in plurals.CATEGORIES
        if c in forms
    )
    return lead + body.rstrip("\n")
