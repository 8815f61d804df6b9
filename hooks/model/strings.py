"""The interface strings that generated pages and packets use, per language.

English strings live in `translations/strings.yml`; each language has
`translations/<lang>/strings.yml` with the same keys. A key missing from a
language's strings file is an error naming the file: no page may show English
interface text in another language. (A language with no strings file at all,
as in a small test project, shows English.)

A string that meets a number may be plural: a mapping of CLDR categories
(zero, one, two, few, many, other) to text, `other` always present. The form
is chosen by the language's rule (`plurals.py`) applied to `{count}` if the
string has it, else to its last placeholder, in the English text's order, whose
value is a whole number: `{min}–{max} people` by {max}, `{pages} pages` by
{pages}. Forms other than `other` may leave the number out ("ساعتان"). So that a
section is never read as a plural, no section has a key named like a category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import plurals
from .sources import PLAIN_HINT, Problems, decode, load_yaml, plain_text_problem, relpath

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@dataclass
class Strings:
    lang: str
    values: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict)
    fallback: Strings | None = None
    rel: str = ""
    # Plural strings: key -> category -> text; `values` holds their `other` form.
    forms: dict[str, dict[str, str]] = field(default_factory=dict)
    # The English these strings were translated from (`translation: {source: …}`, a
    # snapshot in translations/_sources), as pages record theirs; None: not on record.
    source: str | None = None
    source_line: int = 1

    def has(self, key: str) -> bool:
        return key in self.values

    def english(self) -> Strings:
        return self if self.fallback is None else self.fallback.english()

    def t(self, key: str, **params: Any) -> str:
        """The string for `key` with `{name}` placeholders filled in."""
        text = self.values.get(key)
        if text is None:
            if self.fallback is None:
                raise KeyError(f"no string `{key}` in translations/strings.yml")
            return self.fallback.t(key, **params)
        if key in self.forms:
            n = self.number(key, params)
            if n is not None:
                text = self.forms[key].get(plurals.category(self.lang, n), text)
        if not params:
            return text
        # Only `{name}` is replaced: no format specs, conversions or attribute access,
        # so a translated string can neither crash a build nor read the interpreter.
        # A placeholder without a value stays visible.
        return PLACEHOLDER.sub(
            lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text
        )

    def number(self, key: str, params: dict[str, Any]) -> int | None:
        """The number that chooses a plural form: {count}, else the last whole number."""
        template = self.english().values.get(key, self.values[key])
        names = PLACEHOLDER.findall(template)
        for name in ["count", *reversed(names)] if "count" in names else reversed(names):
            value = params.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None

    def join(self, items: Any) -> str:
        """Items as a list in this language's punctuation ("、" in Chinese, "، " in Arabic)."""
        return self._or("punctuation.list_separator", ", ").join(str(item) for item in items)

    def between_sentences(self) -> str:
        """What follows one sentence before the next: a space in English, nothing in
        Chinese (whose "。" carries its own)."""
        return (
            self._or("punctuation.sentences", "{first} {next}")
            .replace("{first}", "")
            .replace("{next}", "")
        )

    @staticmethod
    def mid_sentence(label: str) -> str:
        """A capitalised label used inside a sentence: "En ligne" -> "en ligne".

        Only a capital followed by a small letter is lowered, so "PDF" stays; scripts
        without case (Arabic, Chinese) are unchanged.
        """
        if len(label) > 1 and label[0].isupper() and label[1].islower():
            return label[0].lower() + label[1:]
        return label

    def label(self, label: str, value: str) -> str:
        """ "Durée : 2 h" in French, "時間：2 小時" in Chinese, "Duration: 2 h" in English."""
        return (
            self._or("punctuation.label", "{label}: {value}")
            .replace("{label}", "\x00")
            .replace("{value}", value)
            .replace("\x00", label)
        )

    def _or(self, key: str, default: str) -> str:
        # A project whose English strings predate the key (a small test project) gets the
        # English punctuation; translations/strings.yml has it.
        return self.t(key) if self.english().has(key) else default


def format_problem(text: str) -> str | None:
    """What is wrong with the braces of a string, or None: only `{name}` placeholders."""
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        return "a `{` or `}` that is not a `{placeholder}`"
    return None


def is_plural(value: Any) -> bool:
    """A mapping with a CLDR category among its keys is a plural string, not a section."""
    return isinstance(value, dict) and any(k in plurals.CATEGORIES for k in value)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(data, dict) and not (prefix and is_plural(data)):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    else:
        out[prefix[:-1]] = data
    return out


def load_strings(
    path: Path, root: Path, lang: str, problems: Problems, english: Strings | None = None
) -> Strings:
    """Load one strings file; problems are reported, never raised."""
    rel = relpath(path, root)
    loaded = _read_mapping(path, root, rel, problems)
    if loaded is None:
        return Strings(lang, {}, fallback=english, rel=rel)
    data, lines = loaded
    source, source_line = None, 1
    if english is not None and RECORD in data:
        data = dict(data)
        source, source_line = _record(data.pop(RECORD), rel, lines, problems)
    values, line_of, forms = _values(data, lines, lang, rel, english, problems)
    if english is not None:
        _check_missing(english, values, lang, rel, problems)
    return Strings(lang, values, line_of, english, rel, forms, source, source_line)


def _read_mapping(
    path: Path, root: Path, rel: str, problems: Problems
) -> tuple[dict[Any, Any], dict[tuple[Any, ...], int]] | None:
    """The strings file's mapping and the line of each key path; None, with the problem
    reported, when it is not a readable YAML mapping (an empty file is no problem)."""
    if path.is_symlink() or (root.resolve() / rel) != path.resolve():
        # The file, or a folder on its way (a symlinked language folder), links elsewhere.
        problems.add(rel, 1, "symbolic links are not accepted as sources", "commit a real file")
        return None
    if path.is_dir():
        problems.add(rel, 1, "a folder where the strings file should be", "make it a YAML file")
        return None
    try:
        text = decode(path.read_bytes(), rel, problems)
    except OSError as exc:
        problems.add(rel, 1, f"cannot read: {exc.strerror}")
        return None
    loaded = load_yaml(text, rel, problems) if text is not None else None
    if loaded is None or loaded[0] is None:
        return None
    data, lines = loaded
    if not isinstance(data, dict):
        problems.add(rel, 1, "a strings file must be a mapping of keys to text")
        return None
    return data, lines


def _values(
    data: dict[Any, Any],
    lines: dict[tuple[Any, ...], int],
    lang: str,
    rel: str,
    english: Strings | None,
    problems: Problems,
) -> tuple[dict[str, str], dict[str, int], dict[str, dict[str, str]]]:
    """Each valid string's text and line, and the plural forms of those that have them;
    against the English, an unknown key or a changed placeholder is left out."""
    values: dict[str, str] = {}
    forms: dict[str, dict[str, str]] = {}
    line_of: dict[str, int] = {}
    flat_lines = {".".join(str(k) for k in key): line for key, line in lines.items()}
    for key, value in flatten(data).items():
        line = flat_lines.get(key, 1)
        if english is not None and key not in english.values:
            problems.add(
                rel,
                line,
                f"unknown string `{key}`",
                "it is not in translations/strings.yml",
                warn=True,
            )
            continue
        want = placeholders(english.values[key]) if english is not None else None
        if is_plural(value):
            found = plural_forms(key, value, lang, rel, line, flat_lines, want, problems)
            if found is None:
                continue
            forms[key] = found
            value = found["other"]
        elif not text_ok(key, value, rel, line, problems):
            continue
        elif want is not None and placeholders(value) != want:
            placeholder_problem(key, want, placeholders(value), rel, line, problems)
            continue
        values[key] = value
        line_of[key] = line
    return values, line_of, forms


def _check_missing(
    english: Strings, values: dict[str, str], lang: str, rel: str, problems: Problems
) -> None:
    missing = sorted(set(english.values) - set(values))
    if missing:
        # An error: a page would show English interface text in this language.
        problems.add(
            rel,
            1,
            f"{len(missing)} interface string(s) not translated, so pages in `{lang}` "
            "would show them in English: "
            + ", ".join(f"`{m}`" for m in missing[:8])
            + (" ..." if len(missing) > 8 else ""),
            f"copy them from translations/strings.yml into {rel} and translate them",
        )


# The top-level key of a translated strings file that records its English, never a string.
RECORD = "translation"

HASH = re.compile(r"[0-9a-f]{12}")


def _record(
    block: Any, rel: str, lines: dict[tuple[Any, ...], int], problems: Problems
) -> tuple[str | None, int]:
    """The English version a strings file records (`translation: {source: …}`), checked."""
    line = lines.get((RECORD, "source"), lines.get((RECORD,), 1))
    value = block.get("source") if isinstance(block, dict) else None
    if (
        isinstance(block, dict)
        and set(block) == {"source"}
        and isinstance(value, str)
        and HASH.fullmatch(value)
    ):
        return value, line
    problems.add(
        rel,
        line,
        "`translation:` must be `translation: {source: <12-character English version>}`",
        f"run `solidarity translations mark {rel}` once the strings match today's English",
    )
    return None, line


def text_ok(key: str, value: Any, rel: str, line: int, problems: Problems) -> bool:
    """Whether one text is a string of plain text with only `{name}` braces; else reported."""
    if not isinstance(value, str):
        problems.add(rel, line, f"string `{key}` should be text", "put the text in quotes")
        return False
    wrong = format_problem(value)
    if wrong:
        problems.add(
            rel,
            line,
            f"string `{key}`: {wrong}",
            "write placeholders exactly as in English, e.g. {page}; no other braces",
        )
        return False
    wrong = plain_text_problem(value)
    if wrong:
        problems.add(rel, line, f"string `{key}`: {wrong}", PLAIN_HINT)
        return False
    return True


def placeholder_problem(
    key: str, want: set[str], got: set[str], rel: str, line: int, problems: Problems
) -> None:
    missing, extra = sorted(want - got), sorted(got - want)
    detail = (
        f"missing {', '.join('{' + m + '}' for m in missing)}"
        if missing
        else f"unknown {', '.join('{' + e + '}' for e in extra)}"
    )
    problems.add(
        rel,
        line,
        f"string `{key}`: placeholders differ from English ({detail})",
        "keep every {placeholder} exactly as in English; translate the words around it",
    )


def plural_forms(
    key: str,
    value: dict[Any, Any],
    lang: str,
    rel: str,
    line: int,
    flat_lines: dict[str, int],
    want: set[str] | None,
    problems: Problems,
) -> dict[str, str] | None:
    """The checked forms of one plural string, or None when it cannot be used."""
    used = plurals.used(lang)
    names = ", ".join(c for c in plurals.CATEGORIES if c in used)
    ok = True
    out: dict[str, str] = {}
    for category, text in value.items():
        at = flat_lines.get(f"{key}.{category}", line)
        if _form_ok(key, category, text, lang, used, names, want, rel, at, problems):
            out[category] = text
        else:
            ok = False
    if "other" not in value:
        problems.add(
            rel,
            line,
            f"string `{key}`: a plural string needs an `other` form",
            "add `other:`, the form for any number the other categories do not cover",
        )
        return None
    if not ok:
        return None
    lacking = [c for c in plurals.CATEGORIES if c in plurals.needed(lang) and c not in out]
    if lacking:
        problems.add(
            rel,
            line,
            f"string `{key}`: no form for {', '.join(f'`{c}`' for c in lacking)}",
            f"numbers of those categories would use the `other` form; {lang} uses {names}",
            warn=True,
        )
    return out


def _form_ok(
    key: str,
    category: Any,
    text: Any,
    lang: str,
    used: frozenset[str],
    names: str,
    want: set[str] | None,
    rel: str,
    at: int,
    problems: Problems,
) -> bool:
    """Whether one form of a plural string can be used (`used`: the language's categories,
    `names` as said to the translator); the problem added when not."""
    if category not in plurals.CATEGORIES:
        problems.add(
            rel,
            at,
            f"string `{key}`: `{category}` is not a plural category",
            f"use the categories of {lang}: {names}",
        )
        return False
    if category not in used:
        problems.add(
            rel,
            at,
            f"string `{key}`: no number takes the form `{category}` in {lang}",
            f"use the categories of {lang}: {names}",
        )
        return False
    if not text_ok(f"{key}.{category}", text, rel, at, problems):
        return False
    got = placeholders(text)
    if want is not None and (
        (category == "other" and got != want) or (category != "other" and not got <= want)
    ):
        placeholder_problem(f"{key}.{category}", want, got, rel, at, problems)
        return False
    return True


# Block (`translation:` then indented lines) or flow (`translation: {source: …}`) style.
RECORD_BLOCK = re.compile(r"^translation:[^\n]*\n(?:[ \t]+.*\n)*", re.M)


def with_record(text: str, digest: str) -> str:
    """A translated strings file recording English version `digest`: its `translation:`
    block replaced, or added after the file's opening comments."""
    # Quoted when all digits, or YAML would read the version as a number.
    version = f'"{digest}"' if digest.isdigit() else digest
    block = f"translation:\n  source: {version}\n"
    found = RECORD_BLOCK.search(text)
    if found:
        return text[: found.start()] + block + text[found.end() :]
    lines = text.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].lstrip().startswith("#"):
        head += 1
    return "".join(lines[:head]) + block + "".join(lines[head:])
