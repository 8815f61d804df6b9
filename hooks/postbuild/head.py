"""What each page tells browsers, search engines and assistive technology beyond its text.

- Language alternates: mkdocs-static-i18n gives every page `<link rel=alternate
  hreflang>` to the same page in each language, with relative addresses. Search
  engines read hreflang only from absolute URLs, so they are resolved against
  `site_url`, and an `x-default` entry points at the default language.
- Heading permalinks: Markdown's toc extension gives every heading's link one title
  for the whole site (English); each page gets its own language's.
- The search dialog: Material marks its search panel `role="dialog"` without a
  name. It is given the name of its own search field, already in the page's
  language.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


_SEARCH_LABEL = re.compile(r'class="md-search__input" name="query" aria-label="([^"]*)"')


def absolute_alternates(html: str, page_url: str, default_lang: str) -> str:
    """Alternates as absolute URLs; `page_url` is the page's own absolute address."""
    default_href = ""

    def absolute(match: re.Match[str]) -> str:
        nonlocal default_href
        href = urljoin(page_url, match.group(1))
        if match.group(2) == default_lang:
            default_href = href
        return f'<link rel="alternate" href="{href}" hreflang="{match.group(2)}">'

    html = _ALTERNATE.sub(absolute, html)
    if default_href and 'hreflang="x-default"' not in html:
        last = list(_ALTERNATE.finditer(html))[-1]
        html = (
            html[: last.end()]
            + f'\n<link rel="alternate" href="{default_href}" hreflang="x-default">'
            + html[last.end() :]
        )
    return html


def name_search_dialog(html: str) -> str:
    label = _SEARCH_LABEL.search(html)
    if not label or _SEARCH_DIALOG not in html:
        return html
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label.group(1)}">', 1)


_HEADERLINK = re.compile(r'(<a class="headerlink" href="#[^"]*" title=")([^"]*)(")')


def headerlink_titles(html: str, english: str, local: str) -> str:
    """Heading permalinks titled in the page's language (`local`, already escaped)."""
    if english == local:
        return html
    return _HEADERLINK.sub(
        lambda m: m.group(1) + (local if m.group(2) == english else m.group(2)) + m.group(3), html
    )
