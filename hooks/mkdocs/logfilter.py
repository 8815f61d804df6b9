"""MkDocs' link warnings, taken into the site's own link report.

MkDocs offers its validation findings only as English log messages, so this is
the one place that reads MkDocs' log text; it lives here, beside the plugin.
"""

from __future__ import annotations

import logging
import re

from ..postbuild.links import Deferred

MKDOCS_LINK = re.compile(
    r"^Doc file '([^']+)' contains (?:a link|an unrecognized relative link|an "
    r"absolute link) '([^']+)'(.*)$",
    re.S,
)


class SourceLineFilter(logging.Filter):
    """Takes MkDocs' link and anchor warnings into the site's link report.

    MkDocs validates each language's Markdown links as it renders; left alone it
    would report an English page's broken link once per language, at the staged
    file, and stop the build before the other languages are checked. Its findings
    are kept in `deferred` and reported by `links.check`, once, at the source line.
    """

    def __init__(self, deferred: Deferred) -> None:
        super().__init__()
        self.deferred = deferred

    def filter(self, record: logging.LogRecord) -> bool:
        match = MKDOCS_LINK.match(record.getMessage())
        if not match:
            return True
        src_uri, target, rest = match.groups()
        if "anchor" not in rest:  # anchors are checked on the rendered pages, with suggestions
            reason = (
                "is left as is: it is not a link to a page or file of the site"
                if "left as is" in rest
                else "is an absolute link; use a relative one"
                if "absolute" in rest
                else "points to a page or file that does not exist"
            )
            self.deferred.found.append((src_uri, target, reason))
        return False


def install_filter(deferred: Deferred) -> None:
    """Route MkDocs' link warnings into `deferred`, replacing an earlier build's filter."""
    logger = logging.getLogger("mkdocs.structure.pages")
    for old in [f for f in logger.filters if isinstance(f, SourceLineFilter)]:
        logger.removeFilter(old)
    logger.addFilter(SourceLineFilter(deferred))
