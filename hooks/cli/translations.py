"""`solidarity translations new`, `start`, `mark`, `status` and `check`."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bridge import page_sides, project_for, strings_catalog
from .common import configured_languages, find_root, load, print_problems

if TYPE_CHECKING:
    from ..model.project import Project
    from ..po.gettext import Catalog, PoError
    from ..po.pages import Imported


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


def cmd_translations_prune(args: argparse.Namespace) -> int:
    """Drop the English snapshots in translations/_sources that no translation names."""
    from ..model.translations import SNAPSHOTS, unreferenced_snapshots

    root = find_root()
    unused = unreferenced_snapshots(root)
    size = 0
    for path in unused:
        size += path.stat().st_size
        if not args.dry_run:
            path.unlink()
        print(f"{'would remove' if args.dry_run else 'removed'} {SNAPSHOTS}/{path.name}")
    folder = root / SNAPSHOTS
    left = sum(1 for p in folder.iterdir() if p.is_file()) if folder.is_dir() else 0
    done = "would remove" if args.dry_run else "removed"
    print(
        f"{done} {len(unused)} snapshot(s) no translation names ({size // 1024} KiB); "
        f"{left} in {SNAPSHOTS}",
        file=sys.stderr,
    )
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
        language_status(
            root,
            lang,
            project.english,
            project.translations.get(lang.code, {}),
            project.strings.get(lang.code),
        )
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
        strings = f" ({st.stale_strings} of them interface strings)" if st.stale_strings else ""
        print(
            f"{st.name} ({st.lang}): {done}/{len(st.pages)} pages translated "
            f"({st.count('reviewed')} reviewed, {st.count('draft')} draft), "
            f"{st.count('stale')} stale{strings}, "
            f"{st.count('missing')} missing; {st.words_done}/{st.words_total} words ({st.percent}%)"
        )
        if st.strings and not st.strings.source_hash:
            print(
                f"  {st.strings.rel}: records no English version, so its staleness is unknown; "
                f"run `solidarity translations mark {st.strings.rel}` once it matches the English"
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
    for st in statuses:
        if st.strings and (st.strings.changes or st.strings.snapshot_missing):
            groups.setdefault(("strings.yml", st.strings.source_hash), []).append(
                (st.lang, st.strings)
            )
    for (site_path, version), found in sorted(groups.items()):
        page = found[0][1]
        langs = ", ".join(lang for lang, _ in found)
        if site_path == "strings.yml":
            print(
                f"\nstale interface strings in {langs} (translations/<lang>/strings.yml, "
                f"made from English version {version}; lines of translations/strings.yml):"
            )
        else:
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


def _changes_json(changes: list[Any], name: str = "field") -> list[dict[str, Any]]:
    # `field` only for front-matter changes: a body paragraph has none.
    return [
        ({name: c.field} if c.field else {})
        | {"kind": c.kind, "line": c.line, "old": c.old, "new": c.new}
        for c in changes
    ]


def status_json(st: Any) -> dict[str, Any]:
    strings = None
    if st.strings is not None:
        strings = {
            "file": st.strings.rel,
            "source": st.strings.source_hash or None,
            "snapshot_missing": st.strings.snapshot_missing,
            "stale": _changes_json(st.strings.changes, "key"),
        }
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
            "stale_strings": st.stale_strings,
        },
        "strings": strings,
        "details": [
            {
                "page": p.site_path,
                "state": p.state,
                "words": p.words,
                "source": p.source_hash or None,
                "untranslated_fields": p.missing_fields,
                "snapshot_missing": p.snapshot_missing,
                "changes": _changes_json(p.changes),
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


def _po_pages(root: Path, lang: str, files: list[str], suffix: str) -> list[str] | None:
    """Paths relative to translations/<lang>/ (docs/faq.md) of the pages named, or all."""
    from ..model.translations import site_path_of

    out = []
    for name in files:
        path = Path(name) if Path(name).is_absolute() else Path.cwd() / name
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = name
        for prefix in (f"translations/{lang}/po/", f"translations/{lang}/"):
            if rel.startswith(prefix):
                rel = rel[len(prefix) :]
                break
        if rel.endswith(".po"):
            rel = rel[:-3] + ".md"
        if site_path_of(rel) is None:
            print(f"solidarity: `{name}` is not a page of this project", file=sys.stderr)
            return None
        out.append(rel)
    return out


def _bridge_project(root: Path, lang: str) -> Project | int:
    """The project with English and `lang` loaded, or the exit code after saying why not."""
    codes = {x.code for x in configured_languages(root)[1:]}
    if lang not in codes:
        print(
            f"solidarity: unknown language `{lang}` (declared: {', '.join(sorted(codes))})",
            file=sys.stderr,
        )
        return 2
    project = project_for(root, lang)
    return 1 if project is None else project


def cmd_translations_export(args: argparse.Namespace) -> int:
    from ..model.translations import site_path_of, source_path_of

    root = find_root()
    loaded = _bridge_project(root, args.lang)
    if isinstance(loaded, int):
        return loaded
    project = loaded
    strings = not args.files or any(
        Path(f).name in ("strings.yml", "strings.po") for f in args.files
    )
    named = [f for f in args.files if Path(f).name not in ("strings.yml", "strings.po")]
    pages = _po_pages(root, args.lang, named, ".md")
    if pages is None:
        return 1
    if not args.files:
        pages = sorted(source_path_of(sp) for sp in project.english)
    status = _export_strings(root, args.lang) if strings else 0
    for rel in pages:
        if site_path_of(rel) not in project.english:
            print(f"solidarity: no English page for `{rel}`", file=sys.stderr)
            status = 1
            continue
        status = _export_page(root, args.lang, rel, project) or status
    return status


def _export_page(root: Path, lang: str, rel: str, project: Project) -> int:
    """Write the PO of one page (docs/faq.md) unless it would not change; 1 after an error."""
    from ..model.translations import site_path_of, source_path_of
    from ..po.gettext import PoError, parse_po
    from ..po.pages import BridgeError, export_catalog

    english_rel = source_path_of(site_path_of(rel) or "")
    po_path = root / "translations" / lang / "po" / (rel[:-3] + ".po")
    po_rel = po_path.relative_to(root).as_posix()
    previous = None
    try:
        if po_path.is_file():
            previous = parse_po(po_path.read_text(encoding="utf-8"))
        catalog, kept = export_catalog(
            page_sides(root, lang, rel, project),
            lang,
            english_rel,
            f"translations/{lang}/{rel}",
            previous,
        )
    except PoError as exc:
        return _unreadable_po(po_rel, exc)
    except (BridgeError, ValueError) as exc:
        line = getattr(exc, "line", 0)
        print(f"error: {po_rel}{f':{line}' if line else ''}: {exc}", file=sys.stderr)
        return 1
    return _write_catalog(po_path, po_rel, catalog, kept, "unit(s)")


def _unreadable_po(po_rel: str, exc: PoError) -> int:
    """The PO file there cannot be read: it is named and left as it is."""
    print(
        f"error: {po_rel}:{exc.line}: {exc.message} (fix or remove it; it was not overwritten)",
        file=sys.stderr,
    )
    return 1


def _write_catalog(po_path: Path, po_rel: str, catalog: Catalog, kept: int, noun: str) -> int:
    """Write an exported catalog unless the file already says the same; `kept` counts
    the translator's entries carried over that are not imported yet."""
    from ..po.gettext import write_po

    text = write_po(catalog)
    kept_note = f" (kept {kept} {noun} not imported yet)" if kept else ""
    if po_path.is_file() and po_path.read_text(encoding="utf-8") == text:
        if kept:
            print(f"unchanged {po_rel}{kept_note}")
        return 0
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po_path.write_text(text, encoding="utf-8")
    print(f"wrote {po_rel}{kept_note}")
    return 0


def cmd_translations_import(args: argparse.Namespace) -> int:
    root = find_root()
    loaded = _bridge_project(root, args.lang)
    if isinstance(loaded, int):
        return loaded
    project = loaded
    folder = root / "translations" / args.lang / "po"
    if args.files:
        paths = [Path(f) if Path(f).is_absolute() else Path.cwd() / f for f in args.files]
    else:
        paths = sorted(folder.rglob("*.po")) if folder.is_dir() else []
    renderers: list[Any] = []
    status = 0
    for path in paths:
        try:
            po_rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            po_rel = str(path)
        failures = _import_one(root, args.lang, path, po_rel, project, renderers)
        for line, message in failures:
            print(
                f"error: {po_rel}:{line}: {message} (nothing written for this page)",
                file=sys.stderr,
            )
        status = status or (1 if failures else 0)
    return status


def _import_one(
    root: Path, lang: str, path: Path, po_rel: str, project: Any, renderers: list[Any]
) -> list[tuple[int, str]]:
    """Import one PO file; the problems, each at its PO line (none: written or unchanged)."""
    from ..model.translations import save_snapshot, site_path_of
    from ..po.pages import set_source

    prefix = f"translations/{lang}/po/"
    decoded = _read_po(lang, prefix, path, po_rel)
    if isinstance(decoded, list):
        return decoded
    if po_rel == prefix + "strings.po":
        return _import_strings(root, lang, path, po_rel, decoded)
    rel = po_rel[len(prefix) : -3] + ".md"
    site_path = site_path_of(rel)
    if site_path is None or site_path not in project.english:
        return [(1, f"there is no English page for this PO (no {rel} under docs/ or workshops/)")]
    target = root / "translations" / lang / rel
    old_text = target.read_text(encoding="utf-8") if target.is_file() else None
    result = _bridge_page(root, lang, rel, project, decoded, old_text)
    if isinstance(result, list):
        return result
    if result.text is None:
        print(f"{po_rel}: {result.note}")
        return []
    text = result.text
    english_text = project.english[site_path].text
    if result.advanced:
        text = set_source(text, _hash(english_text))
    if text == old_text:
        if result.held:
            print(f"{po_rel}: translations/{lang}/{rel} unchanged; {result.held}")
        return []
    failures = _check_page(root, lang, rel, po_rel, text, project, renderers, result)
    if failures:
        return failures
    if result.advanced:
        save_snapshot(root, english_text)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _record_version(path, decoded, text)
    print(f"wrote translations/{lang}/{rel} ({result.note})")
    return []


def _read_po(lang: str, prefix: str, path: Path, po_rel: str) -> str | list[tuple[int, str]]:
    """The text of a PO file of `lang`, or why it cannot be imported."""
    from ..model.sources import Problems, decode

    if not po_rel.startswith(prefix) or not po_rel.endswith(".po"):
        return [(1, f"not a PO file of {lang}: they live under {prefix}")]
    if not path.is_file():
        return [(1, "file not found")]
    problems = Problems()
    decoded = decode(path.read_bytes(), po_rel, problems)
    if decoded is None or problems.errors:
        return [(p.line, p.message) for p in problems.errors]
    return decoded


def _bridge_page(
    root: Path, lang: str, rel: str, project: Any, decoded: str, old_text: str | None
) -> Imported | list[tuple[int, str]]:
    """The Markdown the PO gives for one page, or its syntax or bridge problem."""
    from ..po.gettext import PoError, parse_po
    from ..po.pages import BridgeError, import_catalog

    try:
        catalog = parse_po(decoded)
        return import_catalog(page_sides(root, lang, rel, project), catalog, lang, old_text)
    except PoError as exc:
        return [(exc.line, f"PO syntax: {exc.message}")]
    except BridgeError as exc:
        return [(exc.line or 1, exc.message)]
    except ValueError as exc:
        return [(1, str(exc))]


def _check_page(
    root: Path,
    lang: str,
    rel: str,
    po_rel: str,
    text: str,
    project: Any,
    renderers: list[Any],
    result: Imported,
) -> list[tuple[int, str]]:
    """The build's checks on the imported page: errors at their PO lines; warnings said."""
    from ..mkdocs.config import markdown_renderer
    from .checks import check_text

    if not renderers:
        renderers.append(markdown_renderer(root))
    found = check_text(
        root, lang, f"translations/{lang}/{rel}", text, project.english, renderers[0]
    )
    if found.errors:
        return [
            (result.po_line(p.line), p.message + (f" ({p.hint})" if p.hint else ""))
            for p in found.errors
        ]
    for p in found:
        if p.severity == "warning":
            # Written anyway, as the build would publish it; said at the PO line.
            hint = f" ({p.hint})" if p.hint else ""
            print(f"warning: {po_rel}:{result.po_line(p.line)}: {p.message}{hint}", file=sys.stderr)
    return []


def _record_version(path: Path, po_text: str, written: str) -> None:
    """The PO now matches the file it was written into: say so, or the next import or
    export would take that file for someone else's change."""
    version = f'"X-Translation-Version: {_hash(written)}\\n"'
    path.write_text(
        re.sub(
            r'^"X-Translation-Version: [^"\\]*\\n"$',
            lambda _: version,
            po_text,
            count=1,
            flags=re.M,
        ),
        encoding="utf-8",
    )


def _hash(text: str) -> str:
    from ..model.translations import content_hash

    return content_hash(text)


def _import_strings(
    root: Path, lang: str, path: Path, po_rel: str, text: str
) -> list[tuple[int, str]]:
    """strings.po into translations/<lang>/strings.yml, after the strings checks pass."""
    from ..model.strings import with_record
    from ..model.translations import save_snapshot
    from ..po.gettext import PoError, parse_po
    from ..po.pages import BridgeError
    from ..po.strings import import_strings

    english_path = root / "translations" / "strings.yml"
    target = root / "translations" / lang / "strings.yml"
    english_text = english_path.read_text(encoding="utf-8")
    old = target.read_text(encoding="utf-8") if target.is_file() else None
    try:
        catalog = parse_po(text)
        new, lines, notes = import_strings(
            catalog, lang, english_text, old if old is not None else english_text, _hash(old or "")
        )
    except PoError as exc:
        return [(exc.line, f"PO syntax: {exc.message}")]
    except BridgeError as exc:
        return [(exc.line, exc.message)]
    for note in notes:
        print(f"{po_rel}: {note}")
    record = _strings_record(root, catalog, english_text, old)
    if record is not None:
        new = with_record(new, _hash(record))
    if new == old:
        return []
    failures = _check_strings(root, lang, target, new, lines, catalog.header_line or 1)
    if failures:
        return failures
    if record is not None:
        save_snapshot(root, record, ".yml")
    target.write_text(new, encoding="utf-8")
    _record_version(path, text, new)
    print(f"wrote translations/{lang}/strings.yml")
    return []


def _check_strings(
    root: Path, lang: str, target: Path, new: str, lines: dict[str, int], at: int
) -> list[tuple[int, str]]:
    """The strings checks on the imported strings file: errors at their PO lines (`lines`:
    the PO line of each key; `at`: of the header, for the others)."""
    from ..model.sources import Problems
    from ..model.strings import load_strings
    from ..model.terms import check_terms, load_terms, texts_of_strings

    # The strings checks read a file: the candidate is checked beside the real one.
    check = target.with_name(".strings.yml.importing")
    target.parent.mkdir(parents=True, exist_ok=True)
    check.write_text(new, encoding="utf-8")
    try:
        problems = Problems()
        base = load_strings(root / "translations" / "strings.yml", root, "en", Problems())
        strings = load_strings(check, root, lang, problems, english=base)
        terms = load_terms(root / "translations" / lang / "terms.yml", root, Problems())
        if terms is not None:
            check_terms(terms, texts_of_strings(strings), problems)
    finally:
        check.unlink()
    if not problems.errors:
        return []
    by_line = {line: lines.get(key, 1) for key, line in strings.lines.items()}
    flat = _flat_lines(new)
    return [
        (
            lines.get(flat.get(p.line, ""), by_line.get(p.line, at)),
            p.message + (f" ({p.hint})" if p.hint else ""),
        )
        for p in problems.errors
    ]


def _strings_record(root: Path, catalog: Any, english_text: str, old: str | None) -> str | None:
    """The snapshot text of the English a strings file translates after this import, or
    None to leave its record alone: each string translated and not fuzzy in the PO now
    translates today's English; the others keep the English they were made from."""
    from ..model.translations import normal_value, record_text, recorded_strings
    from ..po.strings import _flat, recorded_version

    english = _flat(english_text)
    if old is None:
        base: dict[str, Any] | None = dict(english)  # a new file, made from today's English
    else:
        version = recorded_version(old)
        base = recorded_strings(root, version) if version else None
    if base is None:
        return None  # no record (or its English is not kept): `translations mark` makes one
    before = dict(base)
    for entry in catalog.entries:
        texts = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural is not None else [entry.msgstr]
        )
        if entry.msgctxt in english and any(texts) and not entry.fuzzy:
            base[entry.msgctxt] = english[entry.msgctxt]
    if old is not None and all(
        normal_value(before.get(k, v)) == normal_value(base.get(k, v)) for k, v in english.items()
    ):
        # No string moved on to today's English: a new snapshot of the same record
        # would only rewrite `source:` (an unchanged PO must import to the same bytes).
        return None
    return record_text(english_text, english, base)


def _flat_lines(text: str) -> dict[int, str]:
    """The flat key of a strings file at each line (`time.hours` for `one:` under it too)."""
    from ..model.sources import Problems, load_yaml

    loaded = load_yaml(text, "strings.yml", Problems())
    if loaded is None:
        return {}
    out: dict[int, str] = {}
    for key, line in loaded[1].items():
        name = ".".join(str(k) for k in key)
        if key and str(key[-1]) in ("zero", "one", "two", "few", "many", "other"):
            name = ".".join(str(k) for k in key[:-1])
        out.setdefault(line, name)
    return out


def _export_strings(root: Path, lang: str) -> int:
    from ..po.gettext import PoError, parse_po
    from ..po.pages import BridgeError

    po_path = root / "translations" / lang / "po" / "strings.po"
    po_rel = po_path.relative_to(root).as_posix()
    try:
        previous = parse_po(po_path.read_text(encoding="utf-8")) if po_path.is_file() else None
        catalog, kept = strings_catalog(root, lang, previous)
    except PoError as exc:
        return _unreadable_po(po_rel, exc)
    except BridgeError as exc:
        print(f"error: {po_rel}:{exc.line}: {exc.message}", file=sys.stderr)
        return 1
    return _write_catalog(po_path, po_rel, catalog, kept, "string(s)")
