"""The translation status page: every language's progress, in the reader's language.

A summary per language first (a bar and the count of pages in each state, the
states `solidarity translations status` reports), small enough for a phone; then,
per language, every page by its title with links to the translation and to the
English. Written as HTML blocks, with relative links computed here: the pages it
links live in other languages' trees, which Markdown links cannot reach, and the
link check still verifies every target after the build. No inline styles (CSP):
the look is in extra.css (`sc-status`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from html import escape
from typing import get_args

from ..model.memo import kept
from ..model.status import LanguageStatus, PageState
from ..model.strings import Strings
from .contribute import Repository, page_address

STATES: tuple[PageState, ...] = get_args(PageState)


def page_url(lang: str, default: str, site_path: str, directory_urls: bool) -> str:
    """A page's path from the site's root, as the engine publishes it (`/es/faq/`)."""
    return page_address(Repository(directory_urls=directory_urls), lang, default, site_path)


def relative(target: str, start: str) -> str:
    """`target` relative to the page at `start`, both from page_url: works from disk too."""
    base = start if start.endswith("/") else posixpath.dirname(start) + "/"
    rel = posixpath.relpath(target.rstrip("/") or "/", base.rstrip("/") or "/")
    return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)


def status_page(
    statuses: list[LanguageStatus],
    s: Strings,
    lang: str,
    default: str,
    titles: dict[str, dict[str, str]],
    directory_urls: bool = True,
) -> str:
    """The status page in language `lang`; `titles` is language -> site path -> title."""
    here = page_url(lang, default, "status.md", directory_urls)

    def link(code: str, site_path: str) -> str:
        # The same few thousand links at every save of the preview.
        return kept(
            "status-link",
            (code, site_path, here, default, directory_urls),
            lambda: escape(relative(page_url(code, default, site_path, directory_urls), here)),
        )

    out = [s.t("status.intro") + "\n", f"## {s.t('status.summary')} {{#summary}}\n"]
    out += _summary(statuses, s)
    for st in statuses:
        out += _language_section(st, s, default, titles, link)
    return "\n".join(out) + "\n"


def _summary(statuses: list[LanguageStatus], s: Strings) -> list[str]:
    """One line a language: its share of words done and its count of pages in each state."""
    out = ['<ul class="sc-status-summary">']
    for st in statuses:
        counts = "".join(
            f'<div class="sc-status-count sc-state--{state}"><dt>{escape(s.t("status." + state))}'
            f"</dt><dd>{st.count(state)}</dd></div>"
            for state in STATES
        )
        done = escape(s.t("status.words_done", percent=st.percent))
        out.append(
            f'<li class="sc-status-language">'
            f'<a class="sc-status-name" id="summary-{escape(st.lang)}" href="#lang-{escape(st.lang)}"'
            f' lang="{escape(st.lang)}" dir="auto">{escape(st.name)}</a>'
            f'<span class="sc-status-bar">'
            f'<progress max="100" value="{st.percent}" '
            f'aria-labelledby="summary-{escape(st.lang)} words-{escape(st.lang)}">{done}</progress>'
            f' <span id="words-{escape(st.lang)}">{done}</span>'
            f'</span><dl class="sc-status-counts">{counts}</dl></li>'
        )
    out.append("</ul>\n")
    return out


def _language_section(
    st: LanguageStatus,
    s: Strings,
    default: str,
    titles: dict[str, dict[str, str]],
    link: Callable[[str, str], str],
) -> list[str]:
    """One language's heading and its table of pages, each with its state and links."""
    out = [f"## {st.name} {{#lang-{st.lang}}}\n"]
    if st.stale_strings and s.english().has("status.strings_stale"):
        # Counted in the summary's stale figure; no row of the table shows them. (A
        # project whose strings predate the key shows the figure alone.)
        text = escape(s.t("status.strings_stale", count=st.stale_strings))
        out.append(f'<p class="sc-status-strings">{text}</p>\n')
    out.append('<div class="sc-status-pages"><table>')
    out.append(
        f"<thead><tr><th>{escape(s.t('status.page'))}</th>"
        f"<th>{escape(s.t('status.state'))}</th>"
        f"<th>{escape(s.t('status.links'))}</th></tr></thead><tbody>"
    )
    for p in st.pages:
        translated = p.state != "missing"
        title = titles[st.lang if translated else default][p.site_path]
        title_lang = st.lang if translated else default
        links = [
            f'<a href="{link(default, p.site_path)}" hreflang="{escape(default)}">'
            f"{escape(s.t('status.english'))}</a>"
        ]
        if translated:
            links.insert(
                0,
                f'<a href="{link(st.lang, p.site_path)}" hreflang="{escape(st.lang)}">'
                f"{escape(s.t('status.translation'))}</a>",
            )
        out.append(
            f'<tr><td lang="{escape(title_lang)}" dir="auto">{escape(title)}</td>'
            f'<td><span class="sc-state sc-state--{p.state}">'
            f"{escape(s.t('status.state_' + p.state))}</span></td>"
            f'<td class="sc-status-links">{" ".join(links)}</td></tr>'
        )
    out.append("</tbody></table></div>\n")
    return out
