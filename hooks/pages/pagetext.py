"""Generated Markdown that remembers where each line came from.

Pages are assembled from source text and generated text. Keeping, for each
output line, the source file and line it came from lets the link checker
report problems in the file an author edits, not in a build artefact.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageText:
    lines: list[str] = field(default_factory=list)
    origin: list[tuple[str, int] | None] = field(default_factory=list)
    default_origin: tuple[str, int] | None = None

    def add(self, text: str = "") -> PageText:
        """Append generated text (its lines point at the page's own source, if any)."""
        for line in text.split("\n"):
            self.lines.append(line)
            self.origin.append(self.default_origin)
        return self

    def add_source(self, text: str, rel: str, first_line: int) -> PageText:
        """Append text copied from a source file starting at `first_line`."""
        for offset, line in enumerate(text.split("\n")):
            self.lines.append(line)
            self.origin.append((rel, first_line + offset))
        return self

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def where(self, line: int) -> tuple[str, int] | None:
        """Source file and line for a 1-based line of the generated page."""
        if 1 <= line <= len(self.origin):
            return self.origin[line - 1]
        return self.default_origin
