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
        )
        target.write_text(data, encoding="utf-8")
        counts[lang] = len(docs)
    return counts
