"""The glossary's terms as abbreviations: a tooltip on each use in the pages."""

from __future__ import annotations

import re

from ..model.project import Project

# Glossary terms so common on this site that a tooltip on each would be noise.
PLAIN_TERMS = {
    "solidarity",
    "union",
    "strike",
    "demand",
    "organizing",
    "facilitator",
    "grievance",
    "boycott",
    "ally",
    "coalition",
    "collective-action",
}


def glossary_terms(project: Project, lang: str) -> list[tuple[str, str]]:
    """(term, first sentence) from the glossary as readers of `lang` see it."""
    english = project.english.get("glossary.md")
    if english is None:
        return []
    translation = project.translations.get(lang, {}).get("glossary.md")
    source = translation.source if translation else english
    from ..model.knowledge import headings_of
    from ..model.translations import english_anchor

    english_ids = [english_anchor(text) for level, text, _ in headings_of(english) if level == 2]
    lines = source.body.split("\n")
    terms = []
    heads = [(text, line) for level, text, line in headings_of(source) if level == 2]
    for index, (text, line) in enumerate(heads):
        term = re.sub(r"\s*\{#[\w-]+\}\s*$", "", text).strip()
        if index < len(english_ids) and english_ids[index] in PLAIN_TERMS:
            continue
        para = []
        for raw in lines[line - source.body_line + 1 :]:
            if raw.startswith("#"):
                break
            if raw.strip():
                para.append(raw.strip())
            elif para:
                break
        sentence = re.split(r"(?<=[.!?。！？؟])\s*", " ".join(para), maxsplit=1)[0]
        sentence = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", sentence).replace("*", "")
        if term and sentence:
            terms.append((term, sentence))
    return terms


def abbreviations(terms: list[tuple[str, str]]) -> str:
    out = [""]
    for term, sentence in terms:
        for variant in dict.fromkeys((term, term[0].lower() + term[1:])):
            out.append(f"*[{variant}]: {sentence}")
    return "\n".join(out) + "\n"


_TERM = re.compile(r"^## +(.*?)(?:\s*\{#[\w-]+\})?\s*$")


def ordered_sections(body: str, first_line: int, lang: str) -> list[tuple[str, int]]:
    """The glossary's text as (chunk, first line): its introduction, then one chunk per
    term (each `##` heading with what follows), in the alphabetical order of `lang`."""
    from ..model.collation import sort_key

    lines = body.split("\n")
    starts = [i for i, line in enumerate(lines) if _TERM.match(line)]
    if not starts:
        return [(body, first_line)]
    intro = ("\n".join(lines[: starts[0]]), first_line)
    chunks = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        text = "\n".join(lines[start:end]).rstrip("\n") + "\n"
        term = _TERM.match(lines[start]).group(1)  # type: ignore[union-attr]
        chunks.append((sort_key(term, lang), text, first_line + start))
    chunks.sort(key=lambda c: c[0])
    return [intro] + [(text, line) for _, text, line in chunks]
