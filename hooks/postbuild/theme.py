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

One more leaves alone the tables the build has already wrapped for scrolling
(see "The theme's script starts when the reader does", below).
"""

from __future__ import annotations

import re
from pathlib import Path

from .weight import PRESERVED

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
    # Tables arrive wrapped for scrolling (see `wrap_tables`); wrap only the others.
    ('M("table:not([class])",e)', 'M(":not(.md-typeset__table)>table:not([class])",e)'),
    # Phone keyboards and input methods deliver text as `input` events with no `keyup`:
    # the query follows the box's value however it got there (and a value already in
    # the box when the index is ready is searched, as before).
    ('h(e,"keyup"),o).pipe(m(()=>e.value)', 'h(e,"keyup"),h(e,"input"),o).pipe(m(()=>e.value)'),
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
                    "update hooks/postbuild/theme.py for this Material release"
                )
        if "unpkg.com" in text:
            problems.append(
                f"{bundle.relative_to(site_dir)}: Material's bundle loads from unpkg.com again"
            )
        bundle.write_text(text, encoding="utf-8")
    return problems


_STARTER = (
    "(function(){"
    "var src=document.currentScript.getAttribute('data-bundle'),"
    "kinds=['pointerdown','pointermove','touchstart','keydown','wheel','scroll','focusin'],"
    "notes=['keydown','pointerdown','change','focusin','focusout'],"
    "parsed=document.readyState!=='loading',started=false,keyboard=false,key=null,changed=[];"
    "document.addEventListener('DOMContentLoaded',function(){parsed=true});"
    # Until the theme's focus-visible takes over, focus reached by keyboard is marked
    # as it would mark it (its styles hide the ring on unmarked header buttons).
    "function note(e){var t=e.target;"
    "if(e.type==='keydown')keyboard=true;else if(e.type==='pointerdown')keyboard=false;"
    "else if(e.type==='change')changed.push(t);"
    "else if(!t.classList);"
    "else if(e.type==='focusin'&&keyboard){t.classList.add('focus-visible');"
    "t.setAttribute('data-focus-visible-added','')}"
    "else if(e.type==='focusout'&&t.hasAttribute('data-focus-visible-added')){"
    "t.classList.remove('focus-visible');t.removeAttribute('data-focus-visible-added')}}"
    "function start(e){"
    "if(started)return;started=true;"
    "if(e&&e.type==='keydown')key=e;"
    "var script=document.createElement('script');script.src=src;"
    "script.onload=function(){"
    "kinds.forEach(function(k){removeEventListener(k,start,true)});"
    "notes.forEach(function(k){removeEventListener(k,note,true)});"
    # The theme waits for DOMContentLoaded, which is long past.
    "if(parsed)document.dispatchEvent(new Event('DOMContentLoaded'));"
    "changed.forEach(function(t){t.dispatchEvent(new Event('change',{bubbles:true}))});"
    "if(key)key.target.dispatchEvent(new KeyboardEvent('keydown',{key:key.key,code:key.code,"
    "shiftKey:key.shiftKey,altKey:key.altKey,ctrlKey:key.ctrlKey,metaKey:key.metaKey,"
    "bubbles:true,cancelable:true}))};"
    "document.body.appendChild(script)}"
    # Firefox restores a checkbox's state on reload unless it has autocomplete="off",
    # which HTML allows only on text-like inputs (hooks/postbuild/valid.py removes it):
    # a page reloaded or reached through history starts with the drawer and search
    # closed, as the attribute kept them (a tap during a first load is left alone).
    "var nav=performance.getEntriesByType('navigation')[0];"
    "if(nav&&nav.type!=='navigate')['__drawer','__search'].forEach(function(id){"
    "var c=document.getElementById(id);if(c)c.checked=false});"
    # Opening search focuses its box within the tap itself, so a phone shows its keyboard
    # (focus given later, when a script has loaded, does not); before and after the theme.
    "addEventListener('change',function(e){var t=e.target;if(t.id==='__search'&&t.checked){"
    "var q=document.querySelector('.md-search__input');if(q)q.focus()}},true);"
    "kinds.forEach(function(k){addEventListener(k,start,{capture:true,passive:true})});"
    "notes.forEach(function(k){addEventListener(k,note,true)});"
    "if(/[?&]h=/.test(location.search))start();"
    "addEventListener('load',function(){"
    "var c=navigator.connection;if(started||(c&&c.saveData))return;"
    "var l=document.createElement('link');l.rel='prefetch';l.as='script';l.href=src;"
    "document.head.appendChild(l)})"
    "})()"
)


# Before any stylesheet, so the class is right for the first style of the page.
_JS_CLASS = "<script>document.documentElement.classList.replace('no-js','js')</script>"


# Right after Material's own palette script, which restores only a stored choice:
# without one, the palette whose media query matches (dark, say) is shown from the
# start, and its toggle with it, as the theme's script would do later.
# Only inputs: with a stored choice, Material's script has given <body> the same
# `data-md-color-media` attribute.
# No "<" before a letter in the scripts below: a tokenizer that does not know script
# content is text (lychee's does not) would read "i<inputs" as a tag and lose the page.
_PALETTE = (
    "<script>(function(){"
    "var inputs=document.querySelectorAll('input[data-md-color-media]'),stored=__md_get('__palette'),"
    "index=-1,i;"
    "function show(input,store){"
    "input.checked=true;"
    "for(var i=0;inputs.length>i;i++){var label=inputs[i].nextElementSibling;"
    "if(label)label.hidden=inputs[i]!==input}"
    "var color={};['media','scheme','primary','accent'].forEach(function(k){"
    "color[k]=input.getAttribute('data-md-color-'+k);"
    "document.body.setAttribute('data-md-color-'+k,color[k])});"
    "if(store)__md_set('__palette',{index:[].indexOf.call(inputs,input),color:color})}"
    "if(stored&&typeof stored.index==='number')index=stored.index;"
    "else for(i=0;inputs.length>i;i++)"
    "if(matchMedia(inputs[i].getAttribute('data-md-color-media')).matches){index=i;break}"
    "var input=inputs[Math.max(0,Math.min(index,inputs.length-1))];if(!input)return;"
    "show(input,false);"
    # A toggle used before the theme's script runs takes effect at once; after, the
    # script does it (and this does the same again, harmlessly).
    "input.form.addEventListener('change',function(e){"
    "if(typeof document$==='undefined'&&e.isTrusted)show(e.target,true)})"
    "})()</script>"
)


_THEME_SCRIPT = re.compile(
    r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"(?: defer)?></script>'
)


_FIRST_STYLESHEET = re.compile(r'<link rel="stylesheet"')


_MATERIAL_PALETTE = re.compile(r'<script>var palette=__md_get\("__palette"\).*?</script>', re.S)


_TABLE_TAG = re.compile(r"<(/?)table\b([^>]*)>", re.I)


_CLASS = re.compile(r"\bclass\s*=", re.I)


_SCROLL_WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'


_CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?<code\b)(?![^>]*\btabindex=)")


def start_theme_on_interaction(html: str) -> str:
    """The page with Material's script started by the loader instead of at load."""
    html, found = _THEME_SCRIPT.subn(
        lambda m: f'<script data-bundle="{m.group(1)}">{_STARTER}</script>', html, count=1
    )
    if not found:
        return html  # a page without the theme (a redirect stub): nothing to start
    html = _FIRST_STYLESHEET.sub(lambda m: _JS_CLASS + m.group(0), html, count=1)
    return _MATERIAL_PALETTE.sub(lambda m: m.group(0) + _PALETTE, html, count=1)


def focusable_code(html: str) -> str:
    """Code blocks reachable by keyboard, so one too wide for a phone can be scrolled.

    The theme's script makes only the overflowing ones focusable, once it runs; from
    the build, every block is, and the script takes the others out when it starts.
    """
    return _CODE_BLOCK.sub(r'\1 tabindex="0"', html)


def wrap_tables(html: str) -> str:
    """Tables without a class, wrapped for sideways scrolling as the theme's script would.

    Doing it in the build means no reflow of the article when the script starts (and
    the script is patched to leave wrapped tables alone). Nested tables keep their
    pairing; tables inside preformatted text are text and are left as they are.
    """
    out, position, stack = [], 0, []
    preserved = [(m.start(), m.end()) for m in PRESERVED.finditer(html)]
    for tag in _TABLE_TAG.finditer(html):
        if any(start <= tag.start() < end for start, end in preserved):
            continue
        out.append(html[position : tag.start()])
        position = tag.end()
        if not tag.group(1):
            bare = not _CLASS.search(tag.group(2))
            stack.append(bare)
            out.append((_SCROLL_WRAP if bare else "") + tag.group(0))
        else:
            bare = stack.pop() if stack else False
            out.append(tag.group(0) + ("</div></div>" if bare else ""))
    out.append(html[position:])
    return "".join(out)


_PLANNER = re.compile(
    r'<form class="sc-planner".*?</form>\s*(?:<section id="sc-run".*?</section>)?', re.S
)
_AGENDA = re.compile(r'<h2 id="agenda"')


def planner_in_place(html: str) -> str:
    """A workshop page with its planner just above the agenda it sets, as the planner's
    script would put it (overrides/partials/planner.html comes after the content).

    Placed by the build, the form is where it belongs at the first paint, so nothing
    below it moves when the script starts.
    """
    form, agenda = _PLANNER.search(html), _AGENDA.search(html)
    if not form or not agenda or agenda.start() > form.start():
        return html
    moved = form.group(0)
    return html[: agenda.start()] + moved + html[agenda.start() : form.start()] + html[form.end() :]


def own_scripts() -> set[str]:
    """The text of every inline script this module writes into a page (for the CSP)."""
    return {
        re.sub(r"^<script[^>]*>|</script>$", "", script) for script in (_JS_CLASS, _PALETTE)
    } | {_STARTER}
