"""Each language's terminology list, and the check that its pages and strings keep to it.

`translations/<lang>/terms.yml` records, for each English term, the rendering the
site uses and the forms to avoid. A page or string that uses an avoided form is a
warning at its file and line, so pages, menus, strings and packets say the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .memo import kept, remembered
from .sources import Problems, Source, decode, load_yaml, relpath, strings_in
from .strings import Strings


@dataclass(frozen=True)
class Term:
    en: str
    use: str
    avoid: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Terms:
    rel: str
    terms: tuple[Term, ...]


def load_terms(path: Path, root: Path, problems: Problems) -> Terms | None:
    """The terminology list of one language, or None when it has none."""
    rel = relpath(path, root)
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        problems.add(rel, 1, "the terminology list must be a plain file", "commit a real file")
        return None
    data = path.read_bytes()
    return remembered("terms-file", (rel, data), problems, partial(_parse_terms, rel, data))


def _parse_terms(rel: str, raw: bytes, problems: Problems) -> Terms | None:
    text = decode(raw, rel, problems)
    loaded = load_yaml(text, rel, problems) if text is not None else None
    if loaded is None:
        return None
    data, lines = loaded
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.add(
            rel, 1, "a terminology list is `terms:` followed by a list", "see docs/translators.md"
        )
        return None
    terms = []
    for index, entry in enumerate(entries):
        line = lines.get(("terms", index), 1)
        avoid = entry.get("avoid", []) if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("en"), str)
            or not isinstance(entry.get("use"), str)
            or not isinstance(avoid, list)
            or not all(isinstance(a, str) and a.strip() for a in avoid)
        ):
            problems.add(
                rel,
                line,
                "each term needs `en:`, `use:` and a list `avoid:` of texts",
                "see the first entry",
            )
            continue
        terms.append(Term(entry["en"], entry["use"], tuple(a.strip() for a in avoid), line))
    return Terms(rel, tuple(terms))


def _spaced(text: str) -> bool:
    """Whether words in this text are separated by spaces (not Chinese or Japanese)."""
    return not any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


_LITERAL = re.compile(r"`[^`\n]+`|\]\([^)\s]*\)|\{#[\w-]+\}")


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    term: Term
    form: str
    spaced: bool  # a form in a spaced script is a whole word: no letter just before it
    folded: str  # the form as _Folding writes it


class _Folding:
    """Writes a text so that a substring test rules a form out before its pattern runs.

    Each character that re.IGNORECASE takes for one of the forms' characters is written
    as the first such form character (so "İ", "ı" and "I" all become "I" when a form
    has an "I"; any other character stays). A pattern's match is a run of characters
    each taken for the form's, so a text whose folding lacks the folded form cannot
    match it; most texts hold no avoided form, and the check runs ten times faster.
    The characters met are remembered, on this object, for the next text."""

    def __init__(self, forms: Iterable[str]) -> None:
        self._forms = [(c, re.compile(re.escape(c), re.I)) for c in sorted(set("".join(forms)))]
        self._table: dict[int, str] = {}
        self._seen: set[str] = set()

    def __call__(self, text: str) -> str:
        for ch in set(text) - self._seen:
            self._seen.add(ch)
            same = next((c for c, pattern in self._forms if pattern.fullmatch(ch)), ch)
            if same != ch:
                self._table[ord(ch)] = same
        return text.translate(self._table)


@dataclass(frozen=True)
class _Rules:
    rules: list[_Rule]
    fold: _Folding


def _rules(terms: Terms) -> _Rules:
    # The "no letter before" test is made in _matches, not as a look-behind: a pattern
    # that starts with an assertion is tried at every position of the text, one that
    # starts with a letter lets the regex engine skip to where that letter is
    # (about three times faster over the whole site, the start-up's largest check).
    fold = _Folding(form for term in terms.terms for form in term.avoid)
    rules = []
    for term in terms.terms:
        for form in term.avoid:
            body = re.escape(form)
            spaced = _spaced(form)
            pattern = rf"{body}(?!\w)" if spaced else body
            rules.append(_Rule(re.compile(pattern, re.I), term, form, spaced, fold(form)))
    return _Rules(rules, fold)


def _matches(rule: _Rule, text: str) -> Iterator[re.Match[str]]:
    """What `(?<!\\w)form(?!\\w)` finds with finditer: the leftmost match not
    preceded by a word character, then the next one after its end."""
    if not rule.spaced:
        yield from rule.pattern.finditer(text)
        return
    at = 0
    while (match := rule.pattern.search(text, at)) is not None:
        start = match.start()
        before = text[start - 1] if start else ""
        if before.isalnum() or before == "_":  # what the regex `\w` matches
            at = start + 1
            continue
        yield match
        at = match.end() if match.end() > start else start + 1


def check_terms(terms: Terms, texts: Iterable[tuple[str, str, int]], problems: Problems) -> None:
    """Warn, at file and line, wherever a text uses a form its language's list avoids.

    `texts` holds (file, text, line of the text's first line). An avoided form that is
    part of the chosen rendering at that place (avoid "paquete", use "paquete de
    fichas") is not reported.
    """
    which = repr(terms)  # one string, hashed once: the key of every text below
    rules = kept("rules", which, partial(_rules, terms))
    for rel, original, first_line in texts:
        remembered(
            "terms",
            (which, rel, original, first_line),
            problems,
            partial(_check_text, terms, rules, rel, original, first_line),
        )


def check_page_terms(terms: Terms, sources: Iterable[Source], problems: Problems) -> None:
    """check_terms over each translated page's texts (texts_of), in order. The preview
    keeps each page's result while its text and the list are unchanged, so a save
    does not walk every page's front matter again."""
    which = repr(terms)
    for source in sources:
        remembered(
            "page-terms",
            (which, source.rel, source.text),
            problems,
            partial(check_terms, terms, texts_of(source)),
        )


def _check_text(
    terms: Terms, rules: _Rules, rel: str, original: str, first_line: int, problems: Problems
) -> None:
    # Code spans and link targets are literal (file names, English keys, addresses):
    # blank them out, keeping every line where it was.
    text = _LITERAL.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), original)
    lowered = text.lower()
    folded = rules.fold(text)
    for rule in rules.rules:
        if rule.folded not in folded:
            continue  # cannot match (see _Folding)
        for match in _matches(rule, text):
            use = rule.term.use.lower()
            start = max(0, match.start() - len(use))
            if use and use in lowered[start : match.end() + len(use)]:
                continue
            line = first_line + text.count("\n", 0, match.start())
            problems.add(
                rel,
                line,
                f"`{match.group()}` is a form to avoid for “{rule.term.en}” "
                f"({terms.rel}:{rule.term.line})",
                f"use “{rule.term.use}”",
                warn=True,
            )


def texts_of(source: Source) -> Iterator[tuple[str, str, int]]:
    """The words of a translated page a reader sees: front-matter values and the body."""
    for key, value in strings_in(source.meta, ()):
        if key[:1] != ("translation",):
            yield source.rel, value, source.line_of(*key)
    yield source.rel, source.body, source.body_line


def texts_of_strings(strings: Strings) -> Iterator[tuple[str, str, int]]:
    for key, value in strings.values.items():
        yield strings.rel, value, strings.lines.get(key, 1)
