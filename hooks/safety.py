"""What may reach a page: checks on rendered HTML.

Translator files are untrusted. Checking the HTML that Markdown produced,
rather than the Markdown, catches every route at once: raw HTML blocks,
inline tags, attribute lists, autolinks, reference links and entity-encoded
schemes all end up as elements and attributes here.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

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
}
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
    "ping",
}
FORBIDDEN_SCHEMES = {"javascript", "data", "vbscript", "file"}


class PageScan(HTMLParser):
    """One pass over a rendered page: what is unsafe, and the ids and links the link check needs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "checkbox" and "disabled" in values:
            pass  # task-list tick boxes: inert
        elif tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event-handler attribute `{name}` on <{tag}>")
                continue
            if not value:
                continue
            if name == "style" and ("url(" in value.lower() or "expression" in value.lower()):
                self.found.append(f"style attribute loading a resource on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme in FORBIDDEN_SCHEMES:
                    self.found.append(f"`{scheme}:` link in `{name}` of <{tag}>")
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "area")) or (
                name == "src" and tag in ("img", "source")
            ):
                self.links.append(value)

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
    return scanned


def parse_scan(html: str) -> PageScan:
    """The same, always with HTMLParser: the authority the fast path must agree with."""
    scanner = PageScan()
    scanner.feed(html)
    scanner.close()
    return scanner


def url_scheme(value: str) -> str:
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    try:
        return urlsplit(cleaned).scheme
    except ValueError:
        return ""


def unsafe_html(html: str) -> list[str]:
    """Descriptions of everything unsafe in an HTML fragment; empty when it is clean."""
    return scan(html).found


# ---------------------------------------------------------------------------
# Content-Security-Policy for every page
# ---------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S
)
CHARSET = re.compile(r"<meta charset=\"utf-8\">", re.I)


def csp_for(html: str) -> str:
    """A policy allowing only this site, plus the exact inline scripts this page carries (by hash)."""
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode()
            + "'"
            for m in INLINE_SCRIPT.finditer(html)
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
