"""What a renderer reports after building the site or bringing it up to date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass
class Update:
    """What one save changed: the pages rendered again, and the problems found."""

    pages: list[str] = field(default_factory=list)  # staged paths, e.g. es/cases/x.md
    problems: list[str] = field(default_factory=list)  # "LEVEL file:line: message"
    full: bool = False  # the whole site was built again
    seconds: float = 0.0
    indexed: list[str] = field(default_factory=list)  # languages whose search index changed
    search_seconds: float = 0.0  # of `seconds`, the time taken by the search index
    # The problem box's own words in each language (code -> name -> text, with its
    # "lang" and "dir"); empty when the sources could not be read, so the last stay.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # The served addresses of the rendered pages (/es/cases/x/): a browser showing
    # another page is not reloaded; a full build reloads every one.
    addresses: list[str] = field(default_factory=list)
    # The rest of a save's pages, rendered after the saved page itself was served:
    # its problems are added to the last update's, not put in their place.
    continues: bool = False
    more: bool = False  # finish() has more to do: call it again

    @property
    def failed(self) -> bool:
        """The sources could not be built; the served pages are the last good ones."""
        return any(p.startswith("ERROR") for p in self.problems)

    def summary(self) -> str:
        what = "built the whole site" if self.full else f"rendered {len(self.pages)} page(s)"
        if self.failed:
            what = "kept the last good pages"
        languages = sorted({p.partition("/")[0] for p in self.pages})
        where = f" in {', '.join(languages)}" if languages and not self.full else ""
        if self.indexed and not self.full and not self.pages:
            return f"search index of {', '.join(self.indexed)} in {self.search_seconds:.2f} s"
        return f"{'then ' if self.continues else ''}{what}{where} in {self.seconds:.2f} s"


class Renderer(Protocol):
    def build_all(self) -> Update: ...

    def update(self, changed: list[Path]) -> Update: ...

    def finish(self, stop: Callable[[], bool]) -> Update | None:
        """Some of the work an update left for after the browser has its page (the rest
        of its pages, then the search index), stopping early when `stop()` says a new
        save waits; None when nothing is left. Called again while `more` is set."""
        ...
