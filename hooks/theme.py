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

Two more patches keep search off the first load. Material starts the search
worker and downloads the whole search index (hundreds of kilobytes) on every
page load, before anyone searches; on a slow or metered phone that is most of
what a page costs. Both now wait until the reader opens search (the behaviour
Material already has for pages opened from disk): the index is requested when
the search toggle first turns on (or, for highlighting, when a page is opened
from a search result), and the worker is created when the first message is
sent to it.
"""

from __future__ import annotations

from pathlib import Path

# Resolve the polyfill next to the bundle, whatever the page's depth.
_NEXT_TO_BUNDLE = (
    'new URL("vendor/resize-observer-polyfill.js",[...document.scripts]'
    ".map(s=>s.src).find(s=>/bundle\\.[0-9a-f]+\\.min\\.js/.test(s))).href"
)

# A stand-in for `new Worker(url)` that creates the worker on the first message;
# listeners added before then are attached when it is created.
_LAZY_WORKER = (
    "((u,w,l=[])=>({"
    "addEventListener:(...a)=>{l.push(a);w&&w.addEventListener(...a)},"
    "removeEventListener:(...a)=>{l=l.filter(b=>b[0]!==a[0]||b[1]!==a[1]);"
    "w&&w.removeEventListener(...a)},"
    "postMessage:m=>{if(!w){w=new Worker(u);l.forEach(a=>w.addEventListener(...a))}"
    "w.postMessage(m)}}))(e)"
)

PATCHES = [
    ("ui({document$:ct});", ""),
    ('_t("https://unpkg.com/resize-observer-polyfill")', f"_t({_NEXT_TO_BUNDLE})"),
    ('"https://unpkg.com/mermaid@11/dist/mermaid.min.js"', '"mermaid-is-not-shipped.js"'),
    # The index is requested when search opens, not on load.
    ('location.protocol!=="file:"),', "!1/* search opens first */),"),
    ("t=new Worker(e)){", f"t={_LAZY_WORKER}){{"),
    # search.highlight waits for the index only on pages opened from a result (`?h=`).
    (
        'z([t,r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))])',
        'r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")),b(n=>t.pipe(m(o=>[o,n]))))',
    ),
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
