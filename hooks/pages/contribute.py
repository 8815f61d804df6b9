"""A way in for contributors from every page: edit, translate, or report a problem.

Each page links, in its reader's language, to the GitHub web editor on the file the
page was made from, and to a new issue that names the page. Plain links only: nothing
is fetched from GitHub until the reader clicks.

Assembly puts each page's links into its front matter as `sc_contribute`, so any
engine that renders the page's meta renders them (partials/contribute.html).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote, urlencode, urljoin

from ..model.strings import Strings

# Used when a project's English strings file predates these keys (a fork, a fixture):
# the links still show, in English, rather than the build stopping in a template.
DEFAULTS = {
    "contribute.label": "Help improve this site",
    "contribute.edit": "Edit this page",
    "contribute.improve": "Improve this translation",
    "contribute.translate": "Translate this page",
    "contribute.report": "Report a problem",
    "contribute.report_title": "Problem on the page “{title}”",
}


@dataclass(frozen=True)
class Link:
    kind: str  # edit, improve, translate or report: also the link's CSS class
    label: str
    href: str


@dataclass(frozen=True)
class Contribute:
    label: str  # the accessible name of the group of links
    links: list[Link]


def text(strings: Strings, key: str, **params: Any) -> str:
    try:
        return strings.t(key, **params)
    except KeyError:
        fallback = Strings("en", {key: DEFAULTS[key]})
        return fallback.t(key, **params)


# A page's text asks the reader to report a problem with a link to this fragment; it
# becomes the page's own "Report a problem" address when the page is assembled, so a
# sentence in any language can lead to the real route without naming the repository.
# The target is fixed, so a translation can reach only the address computed here.
REPORT_TARGET = "#report-a-problem"
_REPORT_LINK = re.compile(r"\]\(" + re.escape(REPORT_TARGET) + r"\)")


def report_routes(body: str, contribute: Mapping[str, Any] | None) -> str:
    """`body` with every `[words](#report-a-problem)` pointed at the page's report link.

    Without a repository address there is no route: the words stay, without a link.
    """
    if REPORT_TARGET not in body:
        return body
    href = next(
        (link["href"] for link in (contribute or {}).get("links", []) if link["kind"] == "report"),
        None,
    )
    if href is None:
        return re.sub(r"\[([^\]]*)\]\(" + re.escape(REPORT_TARGET) + r"\)", r"\1", body)
    return _REPORT_LINK.sub(f"]({href})", body)


def branch_of(edit_uri: str) -> str:
    """The branch in an `edit_uri` such as `edit/main/` (`main` when it names none)."""
    parts = [p for p in edit_uri.split("/") if p]
    return parts[1] if len(parts) >= 2 and parts[0] in ("edit", "blob") else "main"


def links(
    repo_url: str,
    branch: str,
    source: str | None,
    lang: str,
    default: str,
    page_url: str,
    title: str,
    strings: Strings,
) -> list[Link]:
    """The contribution links of one page.

    `source` is the page's source file relative to the project (`docs/faq.md`,
    `translations/es/docs/faq.md`, or the English file for a page still in English);
    None for generated pages, which get only the report link.
    """
    repo = repo_url.rstrip("/")
    out: list[Link] = []
    if source:
        own = f"translations/{lang}/"
        if lang == default:
            out.append(Link("edit", text(strings, "contribute.edit"), edit(repo, branch, source)))
        elif source.startswith(own):
            out.append(
                Link("improve", text(strings, "contribute.improve"), edit(repo, branch, source))
            )
        else:
            # The translation does not exist yet. GitHub's "new file" page works in the
            # browser for anyone (it forks for people without write access), so no git is
            # needed. It starts empty: prefilling the English would put up to 25 KB into
            # the link on every untranslated page, too long for a link; the notice on
            # the page links the translators' guide, and the pull request's check says
            # which `translation:` line to add.
            folder, _, name = f"{own}{source}".rpartition("/")
            href = f"{repo}/new/{quote(branch)}/{quote(folder)}?filename={quote(name, safe='')}"
            out.append(Link("translate", text(strings, "contribute.translate"), href))
    query = urlencode(
        {"title": text(strings, "contribute.report_title", title=title), "body": page_url},
        quote_via=quote,
    )
    out.append(Link("report", text(strings, "contribute.report"), f"{repo}/issues/new?{query}"))
    return out


def edit(repo: str, branch: str, source: str) -> str:
    return f"{repo}/edit/{quote(branch)}/{quote(source)}"


def page_links(
    project: Any,
    repo_url: str,
    edit_uri: str,
    meta: Mapping[str, Any],
    page_url: str,
    title: str,
    lang: str,
) -> Contribute | None:
    """The links for one page as the theme renders it; none without a repository address."""
    if not repo_url:
        return None
    default = project.default.code
    strings = project.strings.get(lang) or project.strings[default]
    source = meta.get("sc_source")
    found = links(
        repo_url,
        branch_of(edit_uri or ""),
        source if isinstance(source, str) else None,
        lang or default,
        default,
        page_url,
        title,
        strings,
    )
    return Contribute(text(strings, "contribute.label"), found)


@dataclass(frozen=True)
class Repository:
    """Where the site and its sources live: what the links are made from."""

    repo_url: str = ""
    edit_uri: str = ""
    site_url: str = ""
    directory_urls: bool = True


def page_address(repo: Repository, lang: str, default: str, site_path: str) -> str:
    """A page's own address as the engine publishes it (MkDocs' canonical URL)."""
    stem = site_path.removesuffix(".md")
    if repo.directory_urls:
        url = "" if stem == "index" else stem.removesuffix("/index").removesuffix("index") + "/"
        url = url.lstrip("/") if url != "/" else ""
    else:
        url = stem + ".html"
    url = url if lang == default else f"{lang}/{url}"
    if repo.site_url:
        return urljoin(repo.site_url.rstrip("/") + "/", url)
    return "/" + url


def meta_links(
    project: Any, repo: Repository, meta: Mapping[str, Any], site_path: str, lang: str
) -> dict[str, Any] | None:
    """`page_links` for a staged page, as plain data for its front matter."""
    address = page_address(repo, lang, project.default.code, site_path)
    found = page_links(
        project, repo.repo_url, repo.edit_uri, meta, address, str(meta.get("title") or ""), lang
    )
    return asdict(found) if found else None
