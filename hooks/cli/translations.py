"""`solidarity translations new`, `start`, `mark`, `status` and `check`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import configured_languages, find_root, load, print_problems


def cmd_translations_start(args: argparse.Namespace) -> int:
    from .scaffold import scaffold_page

    root = find_root()
    codes = {lang.code for lang in configured_languages(root)}
    if args.lang not in codes:
        print(
            f"solidarity: unknown language `{args.lang}` (declared: {', '.join(sorted(codes))})",
            file=sys.stderr,
        )
        return 2
    status = 0
    for page in args.pages:
        site_path = english_site_path(root, page)
        if site_path is None:
            print(
                f"solidarity: `{page}` is not an English page of this project "
                "(give a path such as docs/faq.md or workshops/finding-common-ground.md)",
                file=sys.stderr,
            )
            status = 1
            continue
        try:
            target = scaffold_page(root, args.lang, site_path)
        except FileExistsError:
            print(f"kept: translations/{args.lang}/{page} already exists (nothing changed)")
            continue
        except FileNotFoundError:
            print(f"solidarity: no English page `{page}`", file=sys.stderr)
            status = 1
            continue
        print(
            f"created: {target.relative_to(root)} (a draft: translate the text, keep ids and {{#anchors}})"
        )
    return status


def english_site_path(root: Path, page: str) -> str | None:
    """The site path of an English page named on the command line, or None when the
    name leads anywhere but a real Markdown file under docs/ or workshops/."""
    from ..model.translations import site_path_of

    given = Path(page)
    path = given if given.is_absolute() else Path.cwd() / given
    if not path.exists():
        path = root / given  # a path relative to the project, from a subfolder
    for top in ("docs", "workshops"):
        folder = (root / top).resolve()
        try:
            rel = path.resolve().relative_to(folder)
        except (ValueError, OSError):
            continue
        if path.is_symlink() or not path.is_file() or path.suffix != ".md":
            return None
        return site_path_of(f"{top}/{rel.as_posix()}")
    return None


def cmd_translations_new(args: argparse.Namespace) -> int:
    from ..model.translations import RE_LANG
    from .scaffold import scaffold_language

    root = find_root()
    if not RE_LANG.match(args.lang):
        print(
            f"solidarity: `{args.lang}` is not a language code like `de` or `pt-BR`",
            file=sys.stderr,
        )
        return 2
    try:
        created = scaffold_language(root, args.lang, args.name)
    except (FileExistsError, ValueError) as exc:
        print(f"solidarity: {exc}; nothing was changed", file=sys.stderr)
        return 1
    for line in created:
        print(line)
    return 0


def cmd_translations_mark(args: argparse.Namespace) -> int:
    from .scaffold import mark_current

    root = find_root()
    for name in args.files:
        try:
            digest = mark_current(root, Path(name))
        except (OSError, ValueError) as exc:
            print(f"solidarity: {exc}", file=sys.stderr)
            return 1
        print(f"{name}: now translates English version {digest}")
    return 0


def cmd_translations_status(args: argparse.Namespace) -> int:
    from ..model.status import language_status

    root = find_root()
    project = load(root)
    langs = [lang for lang in project.languages[1:] if not args.lang or lang.code == args.lang]
    if args.lang and not langs:
        print(f"solidarity: unknown language `{args.lang}`", file=sys.stderr)
        return 2
    statuses = [
        language_status(root, lang, project.english, project.translations.get(lang.code, {}))
        for lang in langs
    ]
    if args.json:
        # default=str: YAML reads `2024-01-01` as a date, which JSON has no type for.
        json.dump(
            [status_json(st) for st in statuses],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
            default=str,
        )
        print()
        return 0
    for st in statuses:
        done = st.count("reviewed", "draft")
        print(
            f"{st.name} ({st.lang}): {done}/{len(st.pages)} pages translated "
            f"({st.count('reviewed')} reviewed, {st.count('draft')} draft), {st.count('stale')} stale, "
            f"{st.count('missing')} missing; {st.words_done}/{st.words_total} words ({st.percent}%)"
        )
        for page in st.pages:
            if page.state == "missing" and args.verbose:
                print(f"  missing: {page.site_path}")
            if page.missing_fields and page.state != "missing":
                print(f"  {page.site_path}: still in English: {', '.join(page.missing_fields)}")
    print_stale(statuses)
    return 0


# A change is shown in a few lines; `--json` has the full text.
SHOWN_CHARS = 160


def print_stale(statuses: list[Any]) -> None:
    """Stale pages, each once: languages made from the same English share one list of changes."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for st in statuses:
        for page in st.pages:
            if page.state == "stale":
                groups.setdefault((page.site_path, page.source_hash), []).append((st.lang, page))
    for (site_path, version), found in sorted(groups.items()):
        page = found[0][1]
        langs = ", ".join(lang for lang, _ in found)
        print(f"\nstale: {site_path} in {langs} (made from English version {version})")
        if page.snapshot_missing:
            print("  (the English it was translated from is not on record; compare with git log)")
        for change in page.changes:
            what = f"`{change.field}` " if change.field else ""
            print(f"  {what}{change.kind} at line {change.line} of the English:")
            if change.kind != "added":
                print("    - " + shown(change.old))
            if change.kind != "removed":
                print("    + " + shown(change.new))


def shown(value: Any) -> str:
    """A value on one line, cut with … when long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1].rstrip() + "…"


def status_json(st: Any) -> dict[str, Any]:
    return {
        "lang": st.lang,
        "name": st.name,
        "percent": st.percent,
        "words": {"translated": st.words_done, "total": st.words_total},
        "pages": {
            "reviewed": st.count("reviewed"),
            "draft": st.count("draft"),
            "stale": st.count("stale"),
            "missing": st.count("missing"),
            "total": len(st.pages),
        },
        "details": [
            {
                "page": p.site_path,
                "state": p.state,
                "words": p.words,
                "source": p.source_hash or None,
                "untranslated_fields": p.missing_fields,
                "snapshot_missing": p.snapshot_missing,
                "changes": [
                    # `field` only for front-matter changes: a body paragraph has none.
                    ({"field": c.field} if c.field else {})
                    | {"kind": c.kind, "line": c.line, "old": c.old, "new": c.new}
                    for c in p.changes
                ],
            }
            for p in st.pages
        ],
    }


def cmd_translations_check(args: argparse.Namespace) -> int:
    from .checks import check_files

    root = find_root()
    problems = check_files(root, configured_languages(root), [Path(f) for f in args.files])
    print_problems(problems, sys.stdout if args.github else sys.stderr)
    if args.github:
        for p in problems:
            kind = {"error": "error", "warning": "warning"}.get(p.severity, "notice")
            print(
                f"::{kind} file={p.path},line={p.line}::{p.message}"
                + (f" ({p.hint})" if p.hint else "")
            )
    errors = len(problems.errors)
    warnings = sum(1 for p in problems if p.severity == "warning")
    print(
        f"{len(args.files) or 'all'} file(s) checked: {errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    return 1 if errors else 0
