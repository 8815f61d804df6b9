"""Files a translator's commands write: a new language, a page to translate,
and the record that a translation matches the current English."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..model.knowledge import HEADING
from ..model.strings import with_record
from ..model.translations import (
    english_anchor,
    is_language_name,
    save_snapshot,
    site_path_of,
    source_path_of,
)


def with_anchors(body: str) -> str:
    """Give every heading an explicit `{#id}` equal to its English anchor."""
    out, fence = [], None
    for line in body.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence == stripped[:3] else (fence or stripped[:3])
        match = HEADING.match(line) if fence is None else None
        if match and not match.group(3):
            line = f"{match.group(1)} {match.group(2)} {{#{english_anchor(match.group(2))}}}"
        out.append(line)
    return "\n".join(out)


def scaffold_page(root: Path, lang: str, site_path: str) -> Path:
    """Copy an English page to a language as a draft to translate.

    Raises FileExistsError rather than touch an existing translation.
    """
    english_path = root / source_path_of(site_path)
    text = english_path.read_text(encoding="utf-8")
    digest = save_snapshot(root, text)
    match = re.match(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", text, re.S)
    meta_text = match.group(1) or "" if match else ""
    body = text[match.end() :] if match else text
    block = f"translation:\n  source: {quote_digest(digest)}\n  state: draft\n"
    target = root / "translations" / lang / source_path_of(site_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    content = f"---\n{block}{meta_text}---\n{with_anchors(body)}"
    with open(target, "x", encoding="utf-8") as handle:  # "x": fail if it exists
        handle.write(content)
    return target


def quote_digest(digest: str) -> str:
    """A version as YAML keeps it text: quoted when it is all digits (or it reads as a number)."""
    return f'"{digest}"' if digest.isdigit() else digest


def mark_current(root: Path, path: Path) -> str:
    """Record that a translation now matches the current English (only the `source:` line changes)."""
    try:
        rel = path.resolve().relative_to((root / "translations").resolve()).as_posix()
    except ValueError:
        raise ValueError(
            f"{path} is not a translation; name the translated file under translations/, "
            "for example translations/es/docs/faq.md"
        ) from None
    if not path.is_file():
        raise ValueError(f"{path}: no such file; check the path (`solidarity translations status`)")
    lang, _, rest = rel.partition("/")
    if rest == "strings.yml":
        return mark_strings(root, path)
    site_path = site_path_of(rest)
    if site_path is None:
        raise ValueError(
            f"{path} is not under translations/<lang>/docs or translations/<lang>/workshops"
        )
    english = root / source_path_of(site_path)
    if not english.is_file():
        raise ValueError(
            f"{path}: there is no English {source_path_of(site_path)} for it to translate; "
            "check the path"
        )
    english_text = english.read_text(encoding="utf-8")
    digest = save_snapshot(root, english_text)
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(
        r"^(  source:\s*)([\"']?)[0-9a-f]{12}\2\s*$",
        lambda m: str(m.group(1)) + quote_digest(digest),
        text,
        count=1,
        flags=re.M,
    )
    if count != 1:
        raise ValueError(f"{path}: no `translation.source:` line to update")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)
    return digest


def mark_strings(root: Path, path: Path) -> str:
    """Record that a language's interface strings all translate today's English."""
    english_text = (root / "translations" / "strings.yml").read_text(encoding="utf-8")
    digest = save_snapshot(root, english_text, ".yml")
    new = with_record(path.read_text(encoding="utf-8"), digest)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)
    return digest


def scaffold_language(root: Path, code: str, name: str) -> list[str]:
    """Add a language: its folder, a strings file to translate, and its mkdocs.yml entry.

    Refuses (FileExistsError) when the folder or the config entry already exists,
    so running it twice can never replace anyone's work.
    """
    if not is_language_name(name):
        raise ValueError(
            f"`{name}` is not a language name: use letters, spaces and hyphens only, "
            "up to 40 characters (for example Deutsch or Português do Brasil)"
        )
    folder = root / "translations" / code
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if folder.exists():
        raise FileExistsError(f"translations/{code} already exists")
    if re.search(rf"^\s*-\s*locale:\s*{re.escape(code)}\s*$", text, re.M):
        raise FileExistsError(f"mkdocs.yml already declares `{code}`")
    entries = list(re.finditer(r"^(\s*)- locale: [\w-]+\n(?:\1  .*\n)*", text, re.M))
    if not entries:
        raise FileExistsError("mkdocs.yml has no i18n `languages:` list to extend")
    last = entries[-1]
    indent = last.group(1)
    # Quoted as JSON, which YAML reads as a plain string: no key, tag or comment can hide in it.
    quoted = json.dumps(name, ensure_ascii=False)
    entry = f"{indent}- locale: {code}\n{indent}  name: {quoted}\n{indent}  build: true\n"
    folder.mkdir(parents=True)
    strings = (root / "translations" / "strings.yml").read_text(encoding="utf-8")
    digest = save_snapshot(root, strings, ".yml")
    with open(folder / "strings.yml", "x", encoding="utf-8") as handle:
        handle.write(
            with_record(
                f"# {name} strings: translate the text, keep keys and {{placeholders}}.\n{strings}",
                digest,
            )
        )
    tmp = config.with_name("mkdocs.yml.tmp")
    tmp.write_text(text[: last.end()] + entry + text[last.end() :], encoding="utf-8")
    tmp.replace(config)
    return [
        f"created: translations/{code}/strings.yml",
        f"added: `{code}` ({name}) to mkdocs.yml",
        f"next: solidarity translations start {code} docs/index.md",
    ]
