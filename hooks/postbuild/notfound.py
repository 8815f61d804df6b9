"""The "page not found" page of every language, made from that language's home page.

The theme writes one `404.html` per language build into the same place, so the
last language built won, and its links pointed at whichever page was rendered
before it. Here each language gets `<lang>/404.html` in its own language and
direction (for hosts that serve the nearest 404 of a folder), and the site root
gets the default language's page with one line in every other language, because
GitHub Pages serves only the root one, for every address.

A 404 page is served at any depth, so every relative address of the home page
becomes absolute from the site's base path.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin


@dataclass(frozen=True)
class NotFound:
    """One language's words for the page, already plain text."""

    code: str
    direction: str  # ltr | rtl
    title: str
    text: str
    home: str
    line: str  # "title: \x01" in the language's punctuation, \x01 where the home link goes


_URL_ATTR = re.compile(r'\b(href|src)="([^"#][^"]*)"')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
_TITLE = re.compile(r"<title>([^<]*)</title>")
_DROPPED_HEAD = re.compile(
    r'\s*<link rel="(?:canonical|alternate)"[^>]*>|\s*<meta name="description"[^>]*>'
)


def _absolute(value: str, page_path: str) -> str:
    if re.match(r"[a-z][a-z0-9+.-]*:|/", value):
        return value
    return urljoin(page_path, value)


def not_found_html(shell: str, shell_path: str, words: NotFound, others: list[NotFound]) -> str:
    """`shell` is a built home page at `shell_path` (an absolute path such as "/ar/")."""
    home = html.escape(shell_path)
    body = [
        f'<h1 id="not-found">{html.escape(words.title)}</h1>',
        f"<p>{html.escape(words.text)}</p>",
        f'<p><a href="{home}">{html.escape(words.home)}</a></p>',
    ]
    if others:
        body.append('<ul class="sc-not-found">')
        for other in others:
            prefix = html.escape(urljoin(shell_path, f"{other.code}/"))
            line = html.escape(other.line).replace(
                "\x01", f'<a href="{prefix}" hreflang="{other.code}">{html.escape(other.home)}</a>'
            )
            body.append(f'<li lang="{other.code}" dir="{other.direction}">{line}</li>')
        body.append("</ul>")
    out = _ARTICLE.sub(lambda m: m.group(1) + "\n" + "\n".join(body) + "\n" + m.group(3), shell, 1)
    # The home page's title is the site's name, or "home - site" as the theme writes it.
    found = _TITLE.search(out)
    site_name = html.unescape(found.group(1)).rpartition(" - ")[2] if found else ""
    title = f"{words.title} - {site_name}" if site_name else words.title
    out = _TITLE.sub(lambda m: f"<title>{html.escape(title)}</title>", out, 1)
    out = _DROPPED_HEAD.sub("", out)
    out = out.replace("<head>", '<head>\n<meta name="robots" content="noindex">', 1)
    # The home page's contents list (in the sidebar, and under its entry in the
    # navigation) has nothing to do with this page. Nor has its "next page" link.
    while '<nav class="md-nav md-nav--secondary"' in out:
        out = drop_element(out, '<nav class="md-nav md-nav--secondary"', "nav")
    out = drop_element(out, '<nav class="md-footer__inner', "nav")
    out = _URL_ATTR.sub(lambda m: f'{m.group(1)}="{_absolute(m.group(2), shell_path)}"', out)
    return _CONFIG.sub(
        lambda m: m.group(1) + _absolute_config(m.group(2), shell_path) + m.group(3), out
    )


def drop_element(markup: str, opening: str, tag: str) -> str:
    """`markup` without the first element that starts with `opening`, nested ones included."""
    start = markup.find(opening)
    if start < 0:
        return markup
    depth, pos = 0, start
    tags = re.compile(rf"<(/?){tag}\b[^>]*>")
    for match in tags.finditer(markup, start):
        depth += -1 if match.group(1) else 1
        pos = match.end()
        if depth == 0:
            break
    return markup[:start] + markup[pos:]


def _absolute_config(raw: str, page_path: str) -> str:
    config = json.loads(raw)
    for key in ("base", "search"):
        if isinstance(config.get(key), str):
            config[key] = _absolute(config[key], page_path)
    # As Jinja's `tojson` writes it: nothing in it can close the script element.
    text = json.dumps(config, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_not_found_pages(
    site_dir: Path, base_path: str, languages: list[NotFound], default: str
) -> list[Path]:
    """Write `404.html` at the root and in every other language's folder."""
    written = []
    for words in languages:
        folder = "" if words.code == default else f"{words.code}/"
        shell_file = site_dir / folder / "index.html"
        if not shell_file.exists():
            continue
        others = [w for w in languages if w.code != default] if not folder else []
        page = not_found_html(
            shell_file.read_text(encoding="utf-8"), base_path + folder, words, others
        )
        target = site_dir / folder / "404.html"
        target.write_text(page, encoding="utf-8")
        written.append(target)
    return written
