"""The build's checks on a handful of translation files, without a build.

`solidarity translations check FILES` gives a translator, or a pull request,
the same messages the build would give, in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..mkdocs.config import markdown_renderer
from ..model.sources import Problems, read_source, relpath
from ..model.translations import Language, check_translation, site_path_of


@dataclass
class _Checking:
    """What checking each named file needs: the project, its languages and its English."""

    root: Path
    default: str  # the English code: not a translation's
    codes: set[str]
    english: dict[str, Any]  # the English sources, by site path
    base: Any  # the English strings
    problems: Problems
    projects: dict[str, Any] = field(default_factory=dict)  # per language, for PO files
    markdown: Any = None  # made for the first page, then reused

    def renderer(self) -> Any:
        if self.markdown is None:
            self.markdown = markdown_renderer(self.root)
        return self.markdown


def check_files(root: Path, languages: list[Language], files: list[Path]) -> Problems:
    from ..model.project import load_project

    problems = Problems()
    codes = {lang.code for lang in languages}
    english_project = load_project(root, languages[:1])
    base = english_project.strings[languages[0].code]
    checking = _Checking(root, languages[0].code, codes, english_project.english, base, problems)
    for path in files or _translation_files(root):
        path = path if path.is_absolute() else (Path.cwd() / path)
        rel = relpath(path, root)
        parts = rel.split("/")
        lang = _language_of(checking, path, rel, parts)
        if lang is None:
            continue
        if parts[2] == "po" and path.suffix == ".po":
            from .po_check import po_step_problems

            for line, message, hint in po_step_problems(root, lang, path, rel, checking.projects):
                problems.add(rel, line, message, hint)
            continue
        _check_file(checking, path, rel, parts, lang)
    return problems


def _translation_files(root: Path) -> list[Path]:
    """What `translations check` checks when no file is named: every translated page and
    language's strings and terms."""
    files = sorted(
        p
        for p in (root / "translations").rglob("*")
        if p.is_file() and p.suffix in (".md", ".yml") and "_sources" not in p.parts
    )
    # Files directly under translations/ (the English strings, WEBLATE.md) are not
    # translations; PO files are checked when named (they exist once Weblate is in use).
    return [p for p in files if p.parent != root / "translations"]


def _language_of(checking: _Checking, path: Path, rel: str, parts: list[str]) -> str | None:
    """The language of a translation file that exists; None (the problem added) otherwise."""
    problems = checking.problems
    if len(parts) < 3 or parts[0] != "translations":
        problems.add(
            rel, 1, "not a translation file", "translations live under translations/<lang>/"
        )
        return None
    lang = parts[1]
    if lang not in checking.codes or lang == checking.default:
        problems.add(
            rel,
            1,
            f"unknown language code `{lang}`",
            f"declared: {', '.join(sorted(checking.codes - {checking.default}))}",
        )
        return None
    if not path.is_file():
        problems.add(rel, 1, "file not found")
        return None
    return lang


def _check_file(checking: _Checking, path: Path, rel: str, parts: list[str], lang: str) -> None:
    """The checks of a language's terms, strings or translated page (not a PO file)."""
    from ..model.strings import load_strings
    from ..model.terms import check_terms, load_terms, texts_of_strings

    root, problems, english = checking.root, checking.problems, checking.english
    terms = load_terms(root / "translations" / lang / "terms.yml", root, Problems())
    if parts[2:] == ["terms.yml"]:
        load_terms(path, root, problems)
        return
    if parts[2:] == ["strings.yml"]:
        strings = load_strings(path, root, lang, problems, english=checking.base)
        if terms is not None:
            check_terms(terms, texts_of_strings(strings), problems)
        return
    site_path = site_path_of("/".join(parts[2:]))
    if site_path is None or site_path not in english or path.suffix != ".md":
        problems.add(
            rel,
            1,
            "this file has no English source",
            "translations mirror docs/ and workshops/ with the same file names",
        )
        return
    source = read_source(path, root, problems)
    if source is None or source.broken:
        return
    renderer = checking.renderer()
    check_page(root, source, english[site_path], lang, site_path, terms, renderer, problems)


def check_page(
    root: Path,
    source: Any,
    english: Any,
    lang: str,
    site_path: str,
    terms: Any,
    renderer: Any,
    problems: Problems,
) -> None:
    """Every check of one translated page that has been read (from its file or not)."""
    from ..model.terms import check_terms, texts_of
    from ..model.workshops import load_workshop
    from ..postbuild.safety import unsafe_html

    rel = source.rel
    check_translation(source, english, lang, site_path, problems, root)
    if terms is not None:
        check_terms(terms, texts_of(source), problems)
    if site_path.startswith("workshops/") and site_path.count("/") == 1:
        load_workshop(source, problems)
    html = renderer.reset().convert(source.body)
    for found in dict.fromkeys(unsafe_html(html)):
        problems.add(
            rel,
            _line_hint(source.body, found, source.body_line),
            f"unsafe HTML: {found}",
            "remove it; translations may not contain scripts, styles, frames, forms, "
            "event handlers or javascript:/data: links",
        )


def check_text(
    root: Path, lang: str, rel: str, text: str, english: dict[str, Any], renderer: Any
) -> Problems:
    """The checks of `translations check` on a translation not written yet (as `rel`)."""
    from ..model.sources import decode, split_source
    from ..model.terms import load_terms

    problems = Problems()
    path = root / rel
    decoded = decode(text.encode("utf-8"), rel, problems)
    if decoded is None:
        return problems
    source = split_source(decoded, path, rel, problems)
    if source.broken:
        return problems
    site_path = site_path_of(rel.split("/", 2)[2])
    if site_path is None or site_path not in english:
        problems.add(rel, 1, "this file has no English source")
        return problems
    terms = load_terms(root / "translations" / lang / "terms.yml", root, Problems())
    check_page(root, source, english[site_path], lang, site_path, terms, renderer, problems)
    return problems


def _line_hint(body: str, found: str, first: int) -> int:
    """Best guess at the line of an unsafe construct, from the tag or attribute it names."""
    needles = [w.strip("`<>:") for w in found.split() if w.startswith(("`", "<"))]
    for number, line in enumerate(body.split("\n"), first):
        lowered = line.lower()
        if any(n and n.lower() in lowered for n in needles):
            return number
    return first
