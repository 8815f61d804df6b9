"""The interface strings that generated pages and packets use, per language.

English strings live in `translations/strings.yml`; each language has
`translations/<lang>/strings.yml` with the same keys. A key a language lacks
falls back to English, so a half-translated strings file still builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

    def has(self, key: str) -> bool:
        return key in self.values

    def t(self, key: str, **params: Any) -> str:
        """The string for `key` with `{name}` placeholders filled in."""
        text = self.values.get(key)
        if text is None:
            if self.fallback is None:
                raise KeyError(f"no string `{key}` in translations/strings.yml")
            return self.fallback.t(key, **params)
        if not params:
            return text
        # Only `{name}` is replaced: no format specs, conversions or attribute access,
        # so a translated string can neither crash a build nor read the interpreter.
        # A placeholder without a value stays visible.
        return PLACEHOLDER.sub(
            lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text
        )


def format_problem(text: str) -> str | None:
    """What is wrong with the braces of a string, or None: only `{name}` placeholders."""
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        return "a `{` or `}` that is not a `{placeholder}`"
    return None


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(data, dict):
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
    empty = Strings(lang, {}, fallback=english, rel=rel)
    if path.is_symlink() or (root.resolve() / rel) != path.resolve():
        # The file, or a folder on its way (a symlinked language folder), links elsewhere.
        problems.add(rel, 1, "symbolic links are not accepted as sources", "commit a real file")
        return empty
    if path.is_dir():
        problems.add(rel, 1, "a folder where the strings file should be", "make it a YAML file")
        return empty
    try:
        text = decode(path.read_bytes(), rel, problems)
    except OSError as exc:
        problems.add(rel, 1, f"cannot read: {exc.strerror}")
        return empty
    if text is None:
        return empty
    loaded = load_yaml(text, rel, problems)
    if loaded is None:
        return empty
    data, lines = loaded
    if data is None:
        return empty
    if not isinstance(data, dict):
        problems.add(rel, 1, "a strings file must be a mapping of keys to text")
        return empty
    values: dict[str, str] = {}
    line_of: dict[str, int] = {}
    flat_lines = {".".join(str(k) for k in key): line for key, line in lines.items()}
    for key, value in flatten(data).items():
        line = flat_lines.get(key, 1)
        if not isinstance(value, str):
            problems.add(rel, line, f"string `{key}` should be text", "put the text in quotes")
            continue
        wrong = format_problem(value)
        if wrong:
            problems.add(
                rel,
                line,
                f"string `{key}`: {wrong}",
                "write placeholders exactly as in English, e.g. {page}; no other braces",
            )
            continue
        wrong = plain_text_problem(value)
        if wrong:
            problems.add(rel, line, f"string `{key}`: {wrong}", PLAIN_HINT)
            continue
        if english is not None:
            if key not in english.values:
                problems.add(
                    rel,
                    line,
                    f"unknown string `{key}`",
                    "it is not in translations/strings.yml",
                    warn=True,
                )
                continue
            want, got = placeholders(english.values[key]), placeholders(value)
            if want != got:
                missing = sorted(want - got)
                extra = sorted(got - want)
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
                continue
        values[key] = value
        line_of[key] = line
    if english is not None:
        missing = sorted(set(english.values) - set(values))
        if missing:
            # Not an error: a new English string must not break every language's build.
            problems.add(
                rel,
                1,
                f"{len(missing)} string(s) not translated yet, shown in English: "
                + ", ".join(f"`{m}`" for m in missing[:5])
                + (" ..." if len(missing) > 5 else ""),
                "copy them from translations/strings.yml and translate them",
                info=True,
            )
    return Strings(lang, values, line_of, english, rel)
