"""Valid HTML: what Markdown and the theme write that the W3C Nu checker refuses.

Each rewrite is of markup the build itself produces, never of a page's text:

- Python-Markdown's tables mark column alignment with `align` on `td`/`th`
  (obsolete); the other option, `style="text-align: …"`, is refused by the
  CSP. The attribute becomes a class (`sc-cell-start`, `sc-cell-center`,
  `sc-cell-end`; extra.css aligns them, mirrored in right-to-left pages).
- Material's drawer and search checkboxes carry `autocomplete="off"`, which
  is allowed only on text-like inputs.
- Material's search box has `autocorrect="off"`, not an HTML attribute (Safari's
  own; `autocapitalize` and `spellcheck`, which stay, do the same elsewhere).
- Material's navigation gives section labels `tabindex=""` (no value) when
  they are not to be focusable: no attribute says the same.
- A section index page has no table-of-contents toggle, yet its table of
  contents still names one (`<label for="__toc">`): the label loses the `for`.

Rewritten here rather than in copies of the theme's templates: one place, which
also serves projects without the site's overrides (the test fixture).
"""

from __future__ import annotations

import re

_ALIGNED_CELL = re.compile(r'<(td|th)\b([^>]*?) align="(left|center|right)"([^>]*)>')


_CELL_CLASS = {"left": "sc-cell-start", "center": "sc-cell-center", "right": "sc-cell-end"}


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')


_SEARCH_AUTOCORRECT = ' autocapitalize="off" autocorrect="off"'


_EMPTY_TABINDEX = re.compile(r'(<label [^>]*?) tabindex=""')


_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def _cell(match: re.Match[str]) -> str:
    tag, before, align, after = match.groups()
    attributes = before + after
    name = _CELL_CLASS[align]
    classes = re.search(r'\bclass="([^"]*)"', attributes)
    if classes:
        attributes = (
            attributes[: classes.start(1)]
            + f"{classes.group(1)} {name}".strip()
            + attributes[classes.end(1) :]
        )
    else:
        attributes += f' class="{name}"'
    return f"<{tag}{attributes}>"


def valid_html(html: str) -> str:
    """The page with every construct above rewritten; the same page gives the same bytes."""
    html = _ALIGNED_CELL.sub(_cell, html)
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = html.replace(_SEARCH_AUTOCORRECT, ' autocapitalize="off"', 1)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html
