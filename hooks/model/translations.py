"""Translations: where they live, how they are checked against their English
source, when they go stale, and how much of each language is done."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, cast, get_args

from markdown.extensions.toc import slugify

from .knowledge import HEADING, Case, Principle, headings_of
from .memo import kept, remembered
from .sources import (
    Problems,
    Source,
    content_hash,
    markdown_files,
    read_source,
    relpath,
    structural_keys,
)
from .workshops import (
    Curriculum,
    Facilitators,
    Handout,
    Item,
    Material,
    Segment,
    Session,
    Workshop,
)

RTL = {"ar", "he", "fa", "ur"}
# Scripts without italics, whose pages load upright.css (it names the same languages).
UPRIGHT = {"ar", "zh"}


# What a translator says of a translated page, in its `translation:` block.
ReviewState = Literal["draft", "reviewed"]
STATES: tuple[ReviewState, ...] = get_args(ReviewState)


# Front-matter values that are structure, not text: they must equal the English.
# Declared on each record's attributes; `hide` is a page setting every page may carry.
STRUCTURAL_KEYS = structural_keys(
    Principle,
    Case,
    Workshop,
    Facilitators,
    Segment,
    Material,
    Handout,
    Curriculum,
    Session,
    Item,
) | {"hide"}


SNAPSHOTS = "translations/_sources"


@dataclass(frozen=True)
class Language:
    code: str
    name: str

    @property
    def rtl(self) -> bool:
        return self.code.split("-")[0] in RTL

    @property
    def upright(self) -> bool:
        return self.code.split("-")[0] in UPRIGHT

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


@dataclass
class Translation:
    lang: str
    site_path: str
    english: Source
    source: Source
    state: ReviewState
    source_hash: str
    # The English this translation was made from, when it is not today's and is on record.
    recorded: Source | None = None

    @property
    def stale(self) -> bool:
        """The English changed in meaning since: quoting, key order or re-wrapping do not count."""
        if self.source_hash == self.english.version:
            return False
        return self.recorded is None or not same_meaning(self.recorded, self.english)


def site_path_of(rel_to_lang: str) -> str | None:
    """Where a file under translations/<lang>/ lands in the site namespace."""
    if rel_to_lang.startswith("docs/"):
        return rel_to_lang[len("docs/") :]
    if rel_to_lang.startswith("workshops/curricula/"):
        return "curricula/" + rel_to_lang[len("workshops/curricula/") :]
    if rel_to_lang.startswith("workshops/"):
        return rel_to_lang
    return None


def source_path_of(site_path: str) -> str:
    """The English source file (relative to the project root) of a site page."""
    if site_path.startswith("curricula/"):
        return "workshops/" + site_path
    if site_path.startswith("workshops/"):
        return site_path
    return "docs/" + site_path


def load_language(
    root: Path, lang: str, english: dict[str, Source], problems: Problems
) -> dict[str, Translation]:
    """Every translated page of one language, checked against its English source."""
    folder = root / "translations" / lang
    found: dict[str, Translation] = {}
    for path in markdown_files(folder, problems, root):
        rel_to_lang = path.relative_to(folder).as_posix()
        rel = relpath(path, root)
        site_path = site_path_of(rel_to_lang)
        if site_path is None or site_path not in english:
            problems.add(
                rel,
                1,
                "this file has no English source",
                f"translations mirror docs/ and workshops/; check the path "
                f"(expected e.g. translations/{lang}/docs/faq.md)",
            )
            continue
        source = read_source(path, root, problems)
        if source is None:
            continue
        original = english[site_path]
        # The preview keeps the result while neither file changes (sources are kept too).
        translation = remembered(
            "translation",
            (id(source), id(original), lang, site_path),
            problems,
            partial(_check_translation, source, original, lang, site_path, root),
        )
        if translation:
            found[site_path] = translation
    return found


def _check_translation(
    source: Source, english: Source, lang: str, site_path: str, root: Path, problems: Problems
) -> Translation | None:
    return check_translation(source, english, lang, site_path, problems, root)


def check_translation(
    source: Source,
    english: Source,
    lang: str,
    site_path: str,
    problems: Problems,
    root: Path | None = None,
) -> Translation | None:
    block = _translation_block(source, english, problems)
    if block is None:
        return None
    state, source_hash = block
    reference = _reference(source, english, source_hash, root, problems)
    if reference is not None:
        meta = {k: v for k, v in source.meta.items() if k != "translation"}
        compare_meta(reference.meta, meta, source, (), problems)
        compare_body(reference, source, problems)
    recorded = reference if reference is not english else None
    return Translation(lang, site_path, english, source, state, source_hash, recorded)


def _translation_block(
    source: Source, english: Source, problems: Problems
) -> tuple[ReviewState, str] | None:
    """The state and source hash of the front matter's `translation:` block; None (the
    problems added) when it is missing or either is not allowed."""
    rel = source.rel
    block = source.meta.get("translation")
    if not isinstance(block, dict):
        problems.add(
            rel,
            1,
            "missing `translation:` block in the front matter",
            f"add `translation: {{source: {english.version}, state: draft}}`",
        )
        return None
    state = block.get("state")
    source_hash = block.get("source")
    ok = True
    if state not in STATES:
        problems.add(
            rel,
            source.line_of("translation", "state")
            if "state" in block
            else source.line_of("translation"),
            f"translation state `{state}` is not allowed",
            "use `draft` or `reviewed`",
        )
        ok = False
    if not isinstance(source_hash, str) or not re.fullmatch(r"[0-9a-f]{12}", source_hash):
        problems.add(
            rel,
            source.line_of("translation"),
            "`translation.source` must be the 12-character "
            "version of the English file it translates",
            f"the current English version is {english.version}",
        )
        ok = False
    if not ok or not isinstance(source_hash, str):
        return None
    return cast(ReviewState, state), source_hash  # one of STATES: checked above


def _reference(
    source: Source, english: Source, source_hash: str, root: Path | None, problems: Problems
) -> Source | None:
    """The English the translation is compared with: the one it was made from (a stale
    translation matches that, not today's); None, said as info, when that is not on record."""
    if source_hash == english.version:
        return english
    reference = snapshot_source(root, source_hash) if root else None
    if reference is None:
        problems.add(
            source.rel,
            source.line_of("translation"),
            "stale, and the English it translates is not on "
            "record, so its structure was not compared",
            "update it to the current English, then run `solidarity translations mark`",
            info=True,
        )
    return reference


def snapshot_source(root: Path, source_hash: str) -> Source | None:
    """The English text a translation was made from, parsed, if it was kept."""
    from .sources import split_source

    path = snapshot_path(root, source_hash)
    if not path.is_file():
        return None
    quiet = Problems()
    source = split_source(path.read_text(encoding="utf-8"), path, relpath(path, root), quiet)
    return None if source.broken else source


def compare_meta(
    english: Any,
    translated: Any,
    source: Source,
    key: tuple[Any, ...],
    problems: Problems,
    structural: bool = False,
) -> None:
    """Same keys and list lengths as English; structural values equal to English."""
    line = source.line_of(*key)
    where = ".".join(str(k) for k in key) or "front matter"
    if isinstance(english, dict):
        if not isinstance(translated, dict):
            problems.add(source.rel, line, f"`{where}` should be a mapping, as in English")
            return
        for k in english:
            if k not in translated:
                problems.add(
                    source.rel, line, f"missing `{k}` in {where}", "copy it from the English file"
                )
        for k in translated:
            if k not in english:
                problems.add(
                    source.rel,
                    source.line_of(*key, k),
                    f"`{k}` is not in the English file",
                    "remove it, or check for a typo in the key (keys are never translated)",
                )
            else:
                compare_meta(
                    english[k],
                    translated[k],
                    source,
                    key + (k,),
                    problems,
                    structural or k in STRUCTURAL_KEYS,
                )
    elif isinstance(english, list):
        if not isinstance(translated, list) or len(translated) != len(english):
            problems.add(
                source.rel, line, f"`{where}` should have {len(english)} items, as in English"
            )
            return
        for index, (e, t) in enumerate(zip(english, translated, strict=True)):
            compare_meta(e, t, source, key + (index,), problems, structural)
    elif structural or not isinstance(english, str):
        if translated != english:
            problems.add(
                source.rel,
                line,
                f"`{where}` is `{translated}` but must stay `{english}`",
                "ids, numbers and other structural values are never translated",
            )
    elif not isinstance(translated, str):
        problems.add(source.rel, line, f"`{where}` should be text")


LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.M
)


IMAGE = re.compile(r"!\[[^\]]*\]\(")


ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*([\w-]+)", re.M)


TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


FENCE = re.compile(r"^\s*(```|~~~)", re.M)


def body_features(source: Source) -> dict[str, Any]:
    body = source.body
    return {
        "links": sorted(a or b for a, b in LINK.findall(body)),
        "images": len(IMAGE.findall(body)),
        "admonitions": ADMONITION.findall(body),
        "tables": len(TABLE_RULE.findall(body)),
        "code blocks": len(FENCE.findall(body)) // 2,
    }


def english_anchor(text: str) -> str:
    return slugify(re.sub(r"\s*\{#[\w-]+\}\s*$", "", text), "-")


def compare_headings(english: Source, translated: Source, problems: Problems) -> None:
    """Every heading problem, each at its line: count, level, order and anchor."""
    headings = _Headings.of(english, translated)
    headings.align()
    e_heads, t_heads = headings.english, headings.translated
    if len(e_heads) != len(t_heads):
        first = min((p.line for p in headings.found), default=translated.body_line)
        problems.add(
            translated.rel,
            first,
            f"the English has {len(e_heads)} headings "
            f"({', '.join('#' * lvl for lvl, _, _ in e_heads)}); this file has {len(t_heads)}",
            "translate each heading in place; do not add or remove headings",
        )
    problems.extend(sorted(headings.found, key=lambda p: p.line))


@dataclass
class _Headings:
    """A translation's headings held against the English ones, and what is wrong with them."""

    rel: str
    english: list[tuple[int, str, int]]  # (level, text, line)
    translated: list[tuple[int, str, int]]
    wants: list[str]  # the anchor each English heading gives its translation
    gots: list[str | None]  # the anchor each translated heading has, if any
    end: int  # the translation's last line
    found: Problems = field(default_factory=Problems)

    @classmethod
    def of(cls, english: Source, translated: Source) -> _Headings:
        def anchors(source: Source, heads: list[tuple[int, str, int]]) -> list[str | None]:
            lines = source.body.split("\n")
            matches = (HEADING.match(lines[line - source.body_line]) for _, _, line in heads)
            return [match.group(3) if match else None for match in matches]

        e_heads, t_heads = headings_of(english), headings_of(translated)
        wants = [
            anchor or english_anchor(text)
            for anchor, (_, text, _) in zip(anchors(english, e_heads), e_heads, strict=True)
        ]
        return cls(
            translated.rel,
            e_heads,
            t_heads,
            wants,
            anchors(translated, t_heads),
            translated.body_line + translated.body.count("\n"),
        )

    def align(self) -> None:
        """Aligned on the English anchors a translation keeps, so a moved heading is one
        problem at its line; what is left is aligned on levels."""
        wanted = set(self.wants)
        matcher = difflib.SequenceMatcher(
            a=self.wants,
            b=[g if g in wanted else f"\0{j}" for j, g in enumerate(self.gots)],
            autojunk=False,
        )
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                for i, j in zip(range(a1, a2), range(b1, b2), strict=True):
                    self.pair(i, j)
                continue
            self.out_of_order(b1, b2)
            self.align_levels(a1, a2, b1, b2)

    def where(self, index: int) -> str:
        level, text, line = self.english[index]
        return f"`{'#' * level} {text}` (line {line} of the English)"

    def pair(self, i: int, j: int) -> None:
        """English heading i and translated heading j stand for each other."""
        (e_level, _, e_line), (t_level, _, t_line) = self.english[i], self.translated[j]
        if t_level != e_level:
            self.found.add(
                self.rel,
                t_line,
                f"heading level {'#' * t_level} where the English has {'#' * e_level} "
                f"(line {e_line} of the English)",
                f"start the heading with {'#' * e_level}",
            )
        if self.gots[j] != self.wants[i]:
            want, got = self.wants[i], self.gots[j]
            self.found.add(
                self.rel,
                t_line,
                f"heading needs the English anchor `{{#{want}}}`"
                + (f" (has `{{#{got}}}`)" if got else ""),
                f"end the heading with {{#{want}}} so links to #{want} work in every language",
            )

    def out_of_order(self, b1: int, b2: int) -> None:
        """English anchors among translated headings b1..b2 that stand elsewhere in the English."""
        wanted = set(self.wants)
        for j in range(b1, b2):
            if self.gots[j] in wanted:
                self.found.add(
                    self.rel,
                    self.translated[j][2],
                    f"heading `{{#{self.gots[j]}}}` is out of order: in the English it is "
                    f"{self.where(self.wants.index(str(self.gots[j])))}",
                    "keep the headings in the English order",
                )

    def align_levels(self, a1: int, a2: int, b1: int, b2: int) -> None:
        """Pair what is left of English a1..a2 and translated b1..b2 by level; the rest is
        missing or added."""
        wanted, got_set = set(self.wants), set(self.gots)
        e_left = [i for i in range(a1, a2) if self.wants[i] not in got_set]
        t_left = [j for j in range(b1, b2) if self.gots[j] not in wanted]
        levels = difflib.SequenceMatcher(
            a=[self.english[i][0] for i in e_left],
            b=[self.translated[j][0] for j in t_left],
            autojunk=False,
        )
        for _, c1, c2, d1, d2 in levels.get_opcodes():
            pairs = min(c2 - c1, d2 - d1)
            for k in range(pairs):
                self.pair(e_left[c1 + k], t_left[d1 + k])
            for k in range(c1 + pairs, c2):
                self.found.add(
                    self.rel,
                    self.translated[b1][2] if b1 < len(self.translated) else self.end,
                    f"missing the heading {self.where(e_left[k])}",
                    "translate each heading in place; do not remove headings",
                )
            for k in range(d1 + pairs, d2):
                level, text, line = self.translated[t_left[k]]
                self.found.add(
                    self.rel,
                    line,
                    f"heading `{'#' * level} {text}` is not in the English",
                    "translate each heading in place; do not add headings",
                )


def compare_body(english: Source, translated: Source, problems: Problems) -> None:
    """Same headings (with the English anchors), links, admonitions, tables, code and images."""
    compare_headings(english, translated, problems)
    rel = translated.rel
    e_feat, t_feat = body_features(english), body_features(translated)
    for name in e_feat:
        if e_feat[name] != t_feat[name]:
            if name == "links":
                missing = sorted(set(e_feat[name]) - set(t_feat[name]))
                extra = sorted(set(t_feat[name]) - set(e_feat[name]))
                detail = (
                    f"missing {missing[0]}"
                    if missing
                    else f"not in English: {extra[0]}"
                    if extra
                    else "a link appears a different number of times"
                )
                line = _line_of(translated, extra[0]) if extra else translated.body_line
                problems.add(
                    rel,
                    line,
                    f"link targets differ from English ({detail})",
                    "keep every link target exactly as in English; translate only the link text",
                )
            else:
                problems.add(
                    rel,
                    translated.body_line,
                    f"{name} differ from English ({e_feat[name]} in English, {t_feat[name]} here)",
                    f"keep the same {name} as the English page",
                )


def _line_of(source: Source, needle: str) -> int:
    for number, line in enumerate(source.body.split("\n"), source.body_line):
        if needle in line:
            return number
    return source.body_line


def paragraphs(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    """Blank-line separated blocks of a text with their first line."""
    out: list[tuple[str, int]] = []
    block: list[str] = []
    start = first_line
    for number, line in enumerate(text.split("\n"), first_line):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            out.append(("\n".join(block), start))
            block = []
    if block:
        out.append(("\n".join(block), start))
    return out


# A line that starts its own Markdown block: joining it to the line before would change
# the rendering, so re-wrapping never moves text across it.
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|>|\||#{1,6}\s|```|~~~|!!!|\?\?\?|<)")


FENCE_LINE = re.compile(r"^\s*(```|~~~)")


def normal_blocks(text: str) -> list[str]:
    """A Markdown text as its blocks, each with the whitespace and line wrapping that do
    not change what a reader sees taken out; code blocks are kept line for line."""
    # Kept in the preview: a save compares every stale translation's English and every
    # interface string with its record again, and an unchanged text is the same object.
    return list(kept("normal-blocks", text, partial(_normal_blocks, text)))


def _normal_blocks(text: str) -> tuple[str, ...]:
    return tuple(normal_block(block) for block, _ in paragraphs(text))


def normal_block(block: str) -> str:
    lines: list[str] = []
    fence = False
    for raw in block.split("\n"):
        if FENCE_LINE.match(raw):
            fence = not fence
            lines.append(raw.strip())
        elif fence:
            lines.append(raw.rstrip())
        elif lines and not BLOCK_START.match(raw) and not FENCE_LINE.match(lines[-1]):
            lines[-1] += " " + " ".join(raw.split())
        else:
            lines.append(" ".join(raw.split()))
    return "\n".join(lines)


def normal_value(value: Any) -> Any:
    """A front-matter value as it reads: mappings compare regardless of key order (dict
    equality), strings regardless of quoting (already parsed) and of wrapping."""
    if isinstance(value, dict):
        return {k: normal_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normal_value(v) for v in value]
    if isinstance(value, str):
        return kept("normal-text", value, partial(_normal_text, value))
    return value


def _normal_text(value: str) -> str:
    return "\n\n".join(normal_blocks(value))


def same_meaning(old: Source, new: Source) -> bool:
    """Whether two versions of an English page differ only in form."""
    if old.broken or new.broken:
        return old.text == new.text
    return normal_value(old.meta) == normal_value(new.meta) and normal_blocks(
        old.body
    ) == normal_blocks(new.body)


@dataclass
class Change:
    kind: Literal["changed", "added", "removed"]
    line: int  # line in the current English file (for removed text: where it was)
    old: Any  # text of a paragraph, or a front-matter value (None when added)
    new: Any
    field: str | None = None  # `agenda[3].method`; None for a paragraph of the body


def field_name(key: tuple[Any, ...]) -> str:
    """`agenda[3].method`: the key path as a translator finds it in the file."""
    out = ""
    for k in key:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def english_changes(old: Source, new: Source) -> list[Change]:
    """What changed in meaning between two versions of an English page: each front-matter
    field by name, then each body paragraph, with its line in the new version."""
    # Kept in the preview: after an English save, every language translated from the
    # same version asks for the same comparison (a diff of the page's paragraphs).
    key = (old.text, new.text)
    return list(kept("english-changes", key, partial(_english_changes, old, new)))


def _english_changes(old: Source, new: Source) -> list[Change]:
    changes: list[Change] = []
    _field_changes(old.meta, new.meta, (), new, changes)
    changes.extend(body_changes(old, new))
    return changes


def _field_changes(
    old: Any, new: Any, key: tuple[Any, ...], source: Source, out: list[Change]
) -> None:
    if normal_value(old) == normal_value(new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k, v in new.items():
            if k in old:
                _field_changes(old[k], v, key + (k,), source, out)
            else:
                out.append(
                    Change("added", source.line_of(*key, k), None, v, field_name(key + (k,)))
                )
        for k, v in old.items():
            if k not in new:
                out.append(Change("removed", source.line_of(*key), v, None, field_name(key + (k,))))
    elif isinstance(old, list) and isinstance(new, list):
        # Aligned like paragraphs, so one item inserted is one change, not every item after it.
        matcher = difflib.SequenceMatcher(
            a=[_canonical(v) for v in old], b=[_canonical(v) for v in new], autojunk=False
        )
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                continue
            canon_old = [_canonical(v) for v in old[a1:a2]]
            canon_new = [_canonical(v) for v in new[b1:b2]]
            for i, j in _pair(canon_old, canon_new):
                if i is not None and j is not None:
                    _field_changes(old[a1 + i], new[b1 + j], key + (b1 + j,), source, out)
                elif j is not None:
                    where = key + (b1 + j,)
                    out.append(
                        Change(
                            "added", source.line_of(*where), None, new[b1 + j], field_name(where)
                        )
                    )
                elif i is not None:
                    out.append(
                        Change(
                            "removed",
                            source.line_of(*key, min(b2, len(new) - 1))
                            if new
                            else source.line_of(*key),
                            old[a1 + i],
                            None,
                            field_name(key + (a1 + i,)),
                        )
                    )
    else:
        out.append(Change("changed", source.line_of(*key), old, new, field_name(key) or None))


def _canonical(value: Any) -> str:
    """A value as one comparable string, whatever its key order and wrapping."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ",".join(f"{k!r}:{_canonical(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    return repr(normal_value(value))


def _pair(olds: list[str], news: list[str]) -> list[tuple[int | None, int | None]]:
    """Old and new items of one differing stretch, in order: (i, j) where an old item became
    a new one, (None, j) added, (i, None) removed. An old item becomes the most similar new
    one still ahead, so an item added before an edited one is not shown as two edits."""
    steps: list[tuple[int | None, int | None]] = []
    j = 0
    for i, o in enumerate(olds):
        scores = [_overlap(o, n) for n in news[j:]]
        best = max(range(len(scores)), key=scores.__getitem__, default=-1)
        if best < 0 or scores[best] < 0.5:
            steps.append((i, None))
            continue
        steps.extend((None, k) for k in range(j, j + best))
        steps.append((i, j + best))
        j += best + 1
    steps.extend((None, k) for k in range(j, len(news)))
    return steps


def _overlap(a: str, b: str) -> float:
    """How much of the shorter text the longer one keeps: a paragraph that grew is the same one."""
    blocks = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / max(1, min(len(a), len(b)))


def body_changes(old: Source, new: Source) -> list[Change]:
    """The body paragraphs that differ in meaning, matched like a diff of paragraphs."""
    a = paragraphs(old.body, old.body_line)
    b = paragraphs(new.body, new.body_line)
    matcher = difflib.SequenceMatcher(
        a=[normal_block(p) for p, _ in a], b=[normal_block(p) for p, _ in b], autojunk=False
    )
    end = new.body_line + new.body.count("\n")
    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds = [p for p, _ in a[a1:a2]]
        news = b[b1:b2]
        # Removed text is shown where it was: before the paragraph that now follows it.
        here = b[b2][1] if b2 < len(b) else end
        for i, j in _pair(olds, [n for n, _ in news]):
            if i is not None and j is not None:
                changes.append(Change("changed", news[j][1], olds[i], news[j][0]))
            elif j is not None:
                changes.append(Change("added", news[j][1], "", news[j][0]))
            elif i is not None:
                changes.append(Change("removed", here, olds[i], ""))
    return changes


def snapshot_path(root: Path, source_hash: str, suffix: str = ".md") -> Path:
    """A kept English version: `.md` for a page, `.yml` for the interface strings."""
    return root / SNAPSHOTS / f"{source_hash}{suffix}"


def save_snapshot(root: Path, text: str, suffix: str = ".md") -> str:
    """Keep the English text a translation was made from (content-addressed, never overwritten)."""
    digest = content_hash(text)
    path = snapshot_path(root, digest, suffix)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return digest


# ---------------------------------------------------------------- interface strings
#
# A language's strings.yml records the English it was translated from as a page does
# (`translation: {source: <version>}`, the English kept in translations/_sources, as
# `<version>.yml`). When strings are brought up to date one at a time (a PO import),
# the record becomes a composed English: today's text for those keys, the old text for
# the others, so each key is judged against the English it was translated from.


def recorded_strings(root: Path, source_hash: str) -> dict[str, Any] | None:
    """The English strings (flat: `site.name` -> text or plural forms) of a record."""
    path = snapshot_path(root, source_hash, ".yml")
    if not path.is_file():
        return None
    # A record is named by its content: the preview reads each once (a copy each
    # time, for a caller that composes a new record from it).
    found = kept("recorded-strings", path, partial(_recorded_strings, path, root))
    return None if found is None else dict(found)


def _recorded_strings(path: Path, root: Path) -> dict[str, Any] | None:
    from .sources import load_yaml
    from .strings import flatten

    loaded = load_yaml(path.read_text(encoding="utf-8"), relpath(path, root), Problems())
    if loaded is None or not isinstance(loaded[0], dict):
        return None
    return flatten(loaded[0])


def english_strings(strings: Any) -> dict[str, Any]:
    """A loaded Strings' texts as a record holds them: plural strings as their forms."""
    return {key: strings.forms.get(key, value) for key, value in strings.values.items()}


def strings_changes(english: Any, recorded: dict[str, Any]) -> list[Change]:
    """The interface strings whose English changed in meaning since the record, in the
    English file's order. A key the record lacks came with its translation: current."""
    changes = []
    for key, new in english_strings(english).items():
        if key in recorded and normal_value(recorded[key]) != normal_value(new):
            changes.append(Change("changed", english.lines.get(key, 1), recorded[key], new, key))
    return changes


def record_text(english_text: str, english: dict[str, Any], record: dict[str, Any]) -> str:
    """The snapshot text of a strings record (flat `record`): today's English file itself
    when the record is all of today's English, else the composed English as YAML."""
    import yaml

    if {k: normal_value(v) for k, v in record.items() if k in english} == {
        k: normal_value(v) for k, v in english.items()
    }:
        return english_text
    nested: dict[str, Any] = {}
    for key, value in record.items():
        if key not in english:
            continue
        *parents, last = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    head = "# The English interface strings a translation was made from, key by key.\n"
    return head + yaml.safe_dump(nested, allow_unicode=True, sort_keys=False, width=10**6)


def referenced_snapshots(root: Path) -> set[str]:
    """Every English version a file under translations/<lang>/ names as its `source:`, read
    loosely (a line, not the parsed YAML), so that a file that does not parse today
    still keeps its snapshot."""
    found: set[str] = set()
    folder = root / "translations"
    if not folder.is_dir():
        return found
    for path in folder.rglob("*"):
        # The languages' folders only: not the snapshots, nor the English files beside them.
        parts = path.relative_to(folder).parts
        if len(parts) < 2 or parts[0] == SNAPSHOTS_NAME or path.suffix not in (".md", ".yml"):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found.update(SOURCE_LINE.findall(text))
    return found


SNAPSHOTS_NAME = SNAPSHOTS.rsplit("/", 1)[1]

# Looser than the YAML (any `source:` followed by a version): reading too much only keeps more.
SOURCE_LINE = re.compile(r"\bsource:[ \t]*[\"']?([0-9a-f]{12})(?![0-9a-f])")


def unreferenced_snapshots(root: Path) -> list[Path]:
    """Snapshots in translations/_sources that no translation (page or strings) names."""
    folder = root / SNAPSHOTS
    if not folder.is_dir():
        return []
    keep = referenced_snapshots(root)
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix in (".md", ".yml")
        and HASH12.fullmatch(path.stem)
        and path.stem not in keep
    )


HASH12 = re.compile(r"[0-9a-f]{12}")


def is_language_name(name: str) -> bool:
    """Letters and marks of any script with single spaces, hyphens, apostrophes or
    periods between them, up to 40 characters: what goes into mkdocs.yml and onto
    every page's language menu."""
    if not 0 < len(name) <= 40 or unicodedata.category(name[0])[0] != "L":
        return False
    previous = ""
    for char in name:
        kind = unicodedata.category(char)[0]
        if char in " -'’.":
            if previous in " -'’.":
                return False
        elif kind not in "LM" and char not in "\u200c\u200d":
            return False
        previous = char
    return previous not in " -'’"


RE_LANG = re.compile(r"^[a-z]{2}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")
