"""Adjustments to the theme's shipped JavaScript after a build.

Material's bundle reaches outside the site in three places. Each is replaced
here; if a Material release changes one of them, the build says so instead of
silently shipping the request again.

- It looks up `sitemap.xml` next to every `<link rel=alternate>` on each page
  load, to make its language selector contextual. mkdocs-static-i18n already
  gives every page per-page language links, so those lookups only produce
  failed requests (one per language per page): the call is removed.
- Browsers without ResizeObserver (old phones) load a polyfill from unpkg: the
  same polyfill is shipped from this site instead, resolved next to the bundle.
- Pages with Mermaid diagrams load Mermaid from unpkg. No page uses Mermaid,
  so the address is replaced by a local one that is never requested.
"""

from __future__ import annotations

from pathlib import Path

# Resolve the polyfill next to the bundle, whatever the page's depth.
_NEXT_TO_BUNDLE = (
    'new URL("vendor/resize-observer-polyfill.js",[...document.scripts]'
    ".map(s=>s.src).find(s=>/bundle\\.[0-9a-f]+\\.min\\.js/.test(s))).href"
)

PATCHES = [
    ("ui({document$:ct});", ""),
    ('_t("https://unpkg.com/resize-observer-polyfill")', f"_t({_NEXT_TO_BUNDLE})"),
    ('"https://unpkg.com/mermaid@11/dist/mermaid.min.js"', '"mermaid-is-not-shipped.js"'),
]


def patch_bundles(site_dir: Path) -> list[str]:
    """Apply every patch to every copy of the bundle; returns problems."""
    bundles = sorted(site_dir.glob("**/assets/javascripts/bundle.*.min.js"))
    if not bundles:
        return ["no Material bundle found to patch"]
    problems = []
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        for old, new in PATCHES:
            if old in text:
                text = text.replace(old, new, 1)
            elif new not in text:
                problems.append(
                    f"{bundle.relative_to(site_dir)}: `{old[:40]}` not found in Material's bundle; "
                    "update hooks/theme.py for this Material release"
                )
        if "unpkg.com" in text:
            problems.append(
                f"{bundle.relative_to(site_dir)}: Material's bundle loads from unpkg.com again"
            )
        bundle.write_text(text, encoding="utf-8")
    return problems
