"""One search index per language.

mkdocs-static-i18n merges every language into one index at the site root,
so a Spanish reader's results mix in English fallbacks and other languages.
After all languages are built, the merged index is split by location prefix
into `<lang>/search/search_index.json`, each with its own language settings;
the theme override points each language's pages at their own index.

What a page says about itself rather than its subject stays out of every index:
the draft-translation and fallback notices (which would otherwise be the excerpt
of every translated page) and pictures (their words are the page's own, listed
again beside them). Assembly marks them `data-search-exclude`, which Material's
search skips, so any engine that indexes the pages leaves them out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# What each language's search does. Material turns every query into a prefix
# search ("apoyo*"), and lunr skips the pipeline for such terms, so a stemmer
# would make indexed words unreachable: like Material's own defaults, no
# language stems. English, Spanish and French drop their own stop words (lunr's
# language support); Polish and Arabic match words as written. Chinese text is
# segmented into words at build time (jieba, through Material's search plugin)
# and split on those boundaries; the theme splits a Chinese query against them.
SEARCH_LANGS: dict[str, dict[str, Any]] = {
    "en": {"lang": ["en"], "pipeline": ["stopWordFilter"]},
    "es": {"lang": ["es"], "pipeline": ["stopWordFilter"]},
    "fr": {"lang": ["fr"], "pipeline": ["stopWordFilter"]},
    "pl": {"lang": ["en"], "pipeline": []},
    "ar": {"lang": ["ar"], "pipeline": []},
    "zh-Hant": {
        "lang": ["en"],
        "pipeline": [],
        "separator": "[\\s\\u200b\\u3000\\-、。，．？！；：「」（）]+",
    },
}


DEFAULT_SEPARATOR = "[\\s\\-]+"


# Not words in any script: Arabic question mark, comma, semicolon, full stop and
# guillemets; CJK and full-width punctuation. Added to every language's separator so
# that "التضامن؟" in the text or the query is the word "التضامن".
PUNCTUATION = "\u060c\u061b\u061f\u06d4\u00ab\u00bb\u3001\u3002\uff0c\uff0e\uff1f\uff01\uff1b\uff1a\u300c\u300d\u300e\u300f\uff08\uff09"


def with_punctuation(separator: str) -> str:
    """The separator, splitting also on the punctuation above (a character class is extended)."""
    if separator.startswith("[") and "]+" in separator:
        head, _, tail = separator.partition("]+")
        return head + PUNCTUATION + "]+" + tail
    return f"[{PUNCTUATION}]+|" + separator


def split_index(site_dir: Path, languages: list[str]) -> dict[str, int]:
    """Write one index per language (the first is the default, at the root, in place
    of the merged one); returns the number of entries in each."""
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.exists():
        return {}
    return write_indexes(site_dir, json.loads(merged_path.read_text(encoding="utf-8")), languages)


def write_indexes(
    site_dir: Path, merged: dict[str, Any], languages: list[str], only: set[str] | None = None
) -> dict[str, int]:
    """Each language's index from a merged one as Material's search makes it, or only
    those in `only` (the preview's changed languages); returns the entries in each."""
    default, others = languages[0], languages[1:]
    buckets: dict[str, list[dict[str, Any]]] = {lang: [] for lang in languages}
    for doc in merged.get("docs", []):
        location = doc.get("location", "")
        lang = next((code for code in others if location.startswith(code + "/")), default)
        if lang != default:
            doc = dict(doc, location=location[len(lang) + 1 :])
        buckets[lang].append(doc)
    counts = {}
    for lang, docs in buckets.items():
        if only is not None and lang not in only:
            continue
        # Keep the theme's settings (field boosts and the rest); set only what is per language.
        settings = dict(merged.get("config", {}))
        settings.setdefault("separator", DEFAULT_SEPARATOR)
        settings.update(SEARCH_LANGS.get(lang, {"lang": ["en"], "pipeline": ["trimmer"]}))
        settings["separator"] = with_punctuation(settings["separator"])
        target = site_dir / ("" if lang == default else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(
            {"config": settings, "docs": docs},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            default=str,  # as Material writes the merged index the build reads
        )
        target.write_text(data, encoding="utf-8")
        counts[lang] = len(docs)
    return counts


def drop_duplicates(entries: list[dict[str, Any]], languages: list[str]) -> bool:
    """mkdocs-static-i18n's `reconfigure_search_duplicates`, in linear time: drop
    each entry under a language prefix that repeats an unprefixed (default language)
    entry's title and text at a location ending in the default one's. Returns False,
    changing nothing, for a list where its exact result is not certain here (then the
    caller runs the library's own step).

    The library compares every default entry with every other entry (quadratic: on
    the real site about a second for each preview save) through a lazy filter over
    the list it removes from, so the entry just after a removed one is not looked at
    for that default entry. That is kept here: the result is the same list."""
    prefixes = tuple(f"{lang}/" for lang in languages)
    defaults: list[int] = []
    targets: list[int] = []  # positions in `entries`, in order
    seen: set[tuple[Any, ...]] = set()
    buckets: dict[tuple[Any, Any], list[int]] = {}  # (title, text) -> positions in targets
    try:
        for i, entry in enumerate(entries):
            if not entry["location"].startswith(prefixes):
                if targets:  # a removal before the library's outer position skips one
                    return False
                defaults.append(i)
                continue
            key = (entry["location"], entry["title"], entry["text"])
            if key in seen:  # list.remove would take the first equal entry, not this one
                return False
            seen.add(key)
            buckets.setdefault(key[1:], []).append(len(targets))
            targets.append(i)
    except (KeyError, TypeError, AttributeError):  # unusual entries: the library's step
        return False
    following = list(range(1, len(targets) + 1))  # the next target still in the list
    before = list(range(-1, len(targets) - 1))
    gone: set[int] = set()
    for i in defaults:
        entry = entries[i]
        bucket = buckets.get((entry["title"], entry["text"]))
        if not bucket:
            continue
        location, skipped = entry["location"], -1
        for t in bucket:
            if t in gone or t == skipped:
                continue
            if entries[targets[t]]["location"].endswith(location):
                gone.add(t)
                skipped = following[t]  # the filter's next look is one further on
                if before[t] >= 0:
                    following[before[t]] = following[t]
                if following[t] < len(targets):
                    before[following[t]] = before[t]
        buckets[(entry["title"], entry["text"])] = [t for t in bucket if t not in gone]
    dropped = {targets[t] for t in gone}
    entries[:] = [entry for i, entry in enumerate(entries) if i not in dropped]
    return True
