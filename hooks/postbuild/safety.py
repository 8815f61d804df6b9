"""What may reach a page: checks on rendered HTML.

Translator files are untrusted. Checking the HTML that Markdown produced,
rather than the Markdown, catches every route at once: raw HTML blocks,
inline tags, attribute lists, autolinks, reference links and entity-encoded
schemes all end up as elements and attributes here.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "noscript",
    "template",
    "portal",
    "math",
    # SVG that runs, fetches or rewrites attributes: animation can set `href` or an
    # event attribute after every check has passed; these load other documents.
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
    "set",
    "discard",
    "image",
    "feimage",
    "use",
    "foreignobject",
    "handler",
    "listener",
    "audio",
    "video",
    "track",
    "picture",
}


# Attributes whose value is a URL the browser follows or fetches.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "imagesrcset",
    "ping",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "codebase",
    "manifest",
    "icon",
}


# A reader's click may take them elsewhere; nothing else may.
LINK_SCHEMES = {"", "http", "https", "mailto"}


# Attributes the browser fetches on its own, with no click: only the site's own files.
FETCH_ATTRIBUTES = URL_ATTRIBUTES - {"href", "cite", "action", "formaction"}


NEVER_ATTRIBUTES = {"ping", "xlink:href", "srcdoc", "formaction", "srcset", "imagesrcset"}


# Characters a browser drops or ignores inside a URL's scheme: C0 controls, space,
# DEL, and the invisible format characters that editors let through.
_URL_INVISIBLE = re.compile(
    "[\x00-\x20\x7f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would give this URL: "" for a relative one, None when unsure.

    One reading for pages, packets and search. It does not use `urlsplit`, which
    raises on unbalanced brackets (`javascript://[/%0Aalert(1)`): every character a
    browser ignores is removed first, entities are already decoded by the caller,
    and a colon before the first `/`, `?` or `#` that does not end a well-formed
    scheme is refused as unparseable rather than taken for a relative path.
    """
    cleaned = _URL_INVISIBLE.sub("", value).replace("\\", "/").lower()
    head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
    if "%" in head and ":" in unquote(head):
        return None  # a percent-encoded scheme: no honest link needs one
    match = _SCHEME.match(cleaned)
    if match:
        return match.group(1)
    return None if ":" in head else ""


def is_local(value: str) -> bool:
    """A URL that stays on this site: no scheme and no host (`//host`, `/\\host`)."""
    if url_scheme(value) != "":
        return False
    cleaned = _URL_INVISIBLE.sub("", value).replace("\\", "/")
    return not cleaned.startswith("//")


# CSS that fetches: `url(`, `image-set(`, `@import`, and the old script hooks, in any
# spelling CSS allows (escapes such as `u\72l(`, comments inside the word).
_CSS_FETCH = re.compile(r"url\(|image-set\(|image\(|@import|expression|behavior|binding|src\(")


_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)


def css_fetches(value: str) -> bool:
    text = re.sub(r"/\*.*?(\*/|$)", "", value, flags=re.S)
    text = _CSS_ESCAPE.sub(
        lambda m: (
            chr(int(m.group(1), 16))
            if m.group(1) and int(m.group(1), 16) < 0x110000
            else (m.group(2) or "")
        ),
        text,
    )
    return bool(_CSS_FETCH.search(_URL_INVISIBLE.sub("", text).lower()))


def attribute_problem(tag: str, name: str, value: str) -> str | None:
    """What is unsafe about one attribute, or None."""
    if name.startswith("on"):
        return f"event-handler attribute `{name}` on <{tag}>"
    if name in NEVER_ATTRIBUTES:
        return f"attribute `{name}` on <{tag}>"
    if name == "style" and css_fetches(value):
        return f"style attribute loading a resource on <{tag}>"
    if name not in URL_ATTRIBUTES:
        return None
    scheme = url_scheme(value)
    if scheme is None:
        return f"a link that cannot be read safely in `{name}` of <{tag}>"
    if name in FETCH_ATTRIBUTES or (name == "href" and tag not in ("a", "area")):
        if not is_local(value):
            what = f"`{scheme}:` address" if scheme else "another host"
            return f"{what} fetched by `{name}` of <{tag}> (only the site's own files)"
        return None
    if scheme not in LINK_SCHEMES:
        return f"`{scheme}:` link in `{name}` of <{tag}>"
    return None


class PageScan(HTMLParser):
    """One pass over a rendered page: what is unsafe, and the ids and links the link check needs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        # For each problem, a piece of text to find it by in the source (its line).
        self.needles: dict[str, str] = {}
        self.ids: set[str] = set()
        self.links: list[str] = []
        # Links that say which language they lead to (`hreflang`): href -> language.
        self.hreflang: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "checkbox" and "disabled" in values:
            pass  # task-list tick boxes: inert
        elif tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}> element")
            self.needles.setdefault(self.found[-1], f"<{tag}")
        for name, value in attrs:
            problem = attribute_problem(tag, name, value or "")
            if problem:
                self.found.append(problem)
                self.needles.setdefault(problem, (value or name)[:40])
                continue
            if not value:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "area")) or (
                name == "src" and tag in ("img", "source")
            ):
                self.links.append(value)
        if tag == "a" and values.get("href") and values.get("hreflang"):
            self.hreflang[values["href"] or ""] = values["hreflang"] or ""

    handle_startendtag = handle_starttag


# What Markdown renders is regular: start tags with double- or single-quoted values or
# none, no comments, no declarations. Such a page is read with two regular expressions;
# anything else in it (a comment, an unquoted value, `<` inside a value, a tag that does
# not close as expected) sends the whole page to HTMLParser. Every `<` followed by a
# letter starts a tag for a browser, so every one must be a tag read here, or the page
# goes to the parser: nothing a browser would see as a tag is skipped.
_TAG_OPEN = re.compile(r"<(?=[a-zA-Z!?])")


_PLAIN_TAG = re.compile(
    r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*"|='[^'<]*')?)*)\s*/?>"""
)


_PLAIN_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<]*)"|='([^'<]*)')?""")


def _fast_scan(html: str) -> PageScan | None:
    scanner = PageScan()
    for opening in _TAG_OPEN.finditer(html):
        tag = _PLAIN_TAG.match(html, opening.start())
        if tag is None:
            return None
        attrs: list[tuple[str, str | None]] = []
        for attr in _PLAIN_ATTR.finditer(tag.group(2)):
            value = attr.group(2) if attr.group(2) is not None else attr.group(3)
            if value is not None and "&" in value:
                value = html_unescape(value)
            attrs.append((attr.group(1).lower(), value))
        scanner.handle_starttag(tag.group(1).lower(), attrs)
    return scanner


_SPACE = " \t\n\f\r"


def _browser_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Start tags as a browser's tokenizer reads them, from every `<letter` in the text.

    Also inside comments, declarations and attribute values: comments and CDATA end
    differently for browsers (`<!-->`, `--!>`, the first `>` of `<![CDATA[`) than for
    HTMLParser, and reading too much can only report too much.
    """
    tags = []
    n = len(html)
    for opening in re.finditer(r"<[a-zA-Z]", html):
        i = j = opening.start() + 1
        while j < n and html[j] not in _SPACE + "/>":
            j += 1
        tag, i = html[i:j].lower(), j
        attrs: list[tuple[str, str | None]] = []
        while i < n and html[i] != ">":
            if html[i] in _SPACE + "/":
                i += 1
                continue
            j = i + 1  # a name may start with `=`
            while j < n and html[j] not in _SPACE + "/>=":
                j += 1
            name, i = html[i:j].lower(), j
            while i < n and html[i] in _SPACE:
                i += 1
            value = None
            if i < n and html[i] == "=":
                i += 1
                while i < n and html[i] in _SPACE:
                    i += 1
                if i < n and html[i] in "\"'":
                    end = html.find(html[i], i + 1)
                    end = n if end < 0 else end
                    value, i = html[i + 1 : end], end + 1
                else:
                    j = i
                    while j < n and html[j] not in _SPACE + ">":
                        j += 1
                    value, i = html[i:j], j
            attrs.append((name, html_unescape(value) if value else value))
        tags.append((tag, attrs))
    return tags


def scan(html: str) -> PageScan:
    """Unsafe content, ids and links of a page, read fast when the page is regular.

    Otherwise HTMLParser reads the ids and links, and a browser-like reading of every
    tag-like run of text adds whatever unsafe thing HTMLParser did not see.
    """
    fast = _fast_scan(html)
    if fast is not None:
        return fast
    scanned = parse_scan(html)
    lenient = PageScan()
    for tag, attrs in _browser_tags(html):
        lenient.handle_starttag(tag, attrs)
    scanned.found.extend(found for found in lenient.found if found not in scanned.found)
    for found, needle in lenient.needles.items():
        scanned.needles.setdefault(found, needle)
    return scanned


def parse_scan(html: str) -> PageScan:
    """The same, always with HTMLParser: the authority the fast path must agree with."""
    scanner = PageScan()
    scanner.feed(html)
    scanner.close()
    return scanner


def line_of_text(text: str, needle: str) -> int:
    """The line of `text` on which `needle` first stands (any case, entities ignored); 1 if none."""
    lowered, wanted = text.lower(), needle.lower()
    at = lowered.find(wanted)
    if at < 0:
        at = html_unescape(lowered).find(wanted)
        lowered = html_unescape(lowered)
    return lowered.count("\n", 0, at) + 1 if at >= 0 else 1


def unsafe_html(html: str) -> list[str]:
    """Descriptions of everything unsafe in an HTML fragment; empty when it is clean."""
    return scan(html).found


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S
)


CHARSET = re.compile(r"<meta charset=\"utf-8\">", re.I)


# Where a theme script takes the site's base path: `.`, `..`, `../..` or `/`.
_BASE_PATH = r"(?:/|\.|\.\.(?:/\.\.)*)"


@functools.lru_cache(maxsize=1)
def known_scripts() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The inline scripts the build itself writes: ours exactly, and the theme's as its
    templates spell them, with only the base path free. Nothing found in a finished
    page is trusted for being there."""
    from .theme import own_scripts

    patterns = []
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.origin:
        partials = Path(spec.origin).parent / "templates" / "partials" / "javascripts"
        for name in ("base.html", "palette.html", "content.html"):
            path = partials / name
            if not path.is_file():
                continue
            for script in re.findall(r"<script>(.*?)</script>", path.read_text("utf-8"), re.S):
                pieces = re.split(r"\{\{.*?\}\}", script)
                patterns.append(re.compile(_BASE_PATH.join(re.escape(p) for p in pieces)))
    return frozenset(own_scripts()), tuple(patterns)


def is_known_script(text: str) -> bool:
    exact, patterns = known_scripts()
    return text in exact or any(p.fullmatch(text) for p in patterns)


def unknown_scripts(html: str) -> list[str]:
    """Inline scripts of a page that the build did not write (each shortened for a message)."""
    return [
        m.group(1)[:60] for m in INLINE_SCRIPT.finditer(html) if not is_known_script(m.group(1))
    ]


def without_unknown_scripts(html: str) -> str:
    """The page with every inline script the build did not write removed (the offline
    copy has no policy to stop one)."""
    return INLINE_SCRIPT.sub(lambda m: m.group(0) if is_known_script(m.group(1)) else "", html)


def csp_for(html: str) -> str:
    """A policy allowing only this site, plus the build's own inline scripts (by hash).

    An inline script the build did not write gets no hash, so the browser refuses it.
    """
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode()
            + "'"
            for m in INLINE_SCRIPT.finditer(html)
            if is_known_script(m.group(1))
        }
    )
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_csp(html: str) -> str:
    """Insert the policy as the first thing after the charset, before any script runs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">'
    return CHARSET.sub(lambda m: m.group(0) + meta, html, count=1)


def set_direction(html: str, direction: str) -> str:
    """Material puts `dir` on <body>; readers' tools and tests look at <html> too."""
    return re.sub(
        r"<html lang=\"([^\"]+)\"",
        lambda m: f'<html lang="{m.group(1)}" dir="{direction}"',
        html,
        count=1,
    )
