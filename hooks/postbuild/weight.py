"""What a reader downloads: pages without indentation, stylesheets without dead rules.

Pages: MkDocs indents its templates for people reading them, which is a
quarter of a page's bytes. Indentation is whitespace the browser collapses,
so it goes, except inside elements where whitespace is content. (When the theme's
script runs is `theme.py`'s business.)

Stylesheets: Material ships one stylesheet for every feature it has (blog, tags, Mermaid,
social cards, twenty admonition types, every palette colour). A reader on a
phone downloads all of it before the first paint, and it is most of a page's
weight. After the build the site is complete: every class a page can carry is
either in its HTML or in the theme's JavaScript, which adds the rest. A rule
is dropped only when one of the classes it requires appears in neither, or when
it styles a palette colour no page offers; custom properties no remaining rule
reads are dropped after that.

The pass is conservative where it cannot be sure: classes inside `:not()`,
`:is()` and friends never make a rule removable, a JavaScript word that ends in
`-` or `_` (a class built by concatenation) keeps every class starting with
it, and at-rules other than `@media` and `@supports` are kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Patterns start with a literal so the regex engine can skip ahead (a `data-class=`
# read as a class only keeps more CSS than needed).
_CLASS_ATTR = re.compile(r"""class=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")


_PALETTE_ATTR = re.compile(r"""(data-md-color-[a-z]+)=["']?([\w-]+)""")


# Class-like compound words anywhere in a script, and plain words standing alone
# between quotes or spaces ("js", "inline"): minified identifiers never do.
_JS_COMPOUND = re.compile(r"[A-Za-z_][\w]*[-_][\w-]*")


_JS_PLAIN = re.compile(r"(?<=[\"'` ])[A-Za-z][A-Za-z0-9]*(?=[\"'` ])")


_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)


_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


_SELECTOR_PALETTE = re.compile(r"\[(data-md-color-[a-z]+)=[\"']?([\w-]+)[\"']?\]")


_CUSTOM_PROPERTY = re.compile(r"--[\w-]+")


_VAR = re.compile(r"var\(\s*(--[\w-]+)")


_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*")


# Elements whose whitespace is content (and script text that is not HTML).
PRESERVED = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)


_INDENTATION = re.compile(r"\n[ \t\n]+")


def compact_html(html: str) -> str:
    """The page with line indentation and blank lines removed outside preformatted text."""
    out, position = [], 0
    for kept in PRESERVED.finditer(html):
        out.append(_INDENTATION.sub("\n", html[position : kept.start()]))
        out.append(kept.group(0))
        position = kept.end()
    out.append(_INDENTATION.sub("\n", html[position:]))
    return "".join(out)


@dataclass
class Vocabulary:
    """Everything a page of the built site can carry."""

    classes: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    palette: set[tuple[str, str]] = field(default_factory=set)
    # Custom properties read outside the theme's stylesheets (our CSS, inline styles).
    properties: set[str] = field(default_factory=set)
    # Most inline scripts are the same text on every page: read each once.
    scripts: set[str] = field(default_factory=set)

    def add_html(self, html: str) -> None:
        for match in _CLASS_ATTR.finditer(html):
            self.classes.update((match.group(1) or match.group(2) or match.group(3)).split())
        self.palette.update(_PALETTE_ATTR.findall(html))
        self.properties.update(_CUSTOM_PROPERTY.findall(html))
        for script in _INLINE_SCRIPT.findall(html):
            if script not in self.scripts:
                self.scripts.add(script)
                self.add_script(script)

    def add_script(self, script: str) -> None:
        for word in _JS_COMPOUND.findall(script):
            if word.endswith(("-", "_")):
                self.prefixes.add(word)
            else:
                self.classes.add(word)
        self.classes.update(_JS_PLAIN.findall(script))
        self.properties.update(_CUSTOM_PROPERTY.findall(script))

    def add_stylesheet(self, css: str) -> None:
        self.properties.update(_CUSTOM_PROPERTY.findall(css))

    def has_class(self, name: str) -> bool:
        return name in self.classes or any(name.startswith(p) for p in self.prefixes)


@dataclass
class _Rule:
    prelude: str
    body: str | None = None  # declarations; None for a group or a statement
    children: list[_Rule] | None = None  # for @media and @supports


def _skip_string(css: str, i: int) -> int:
    quote = css[i]
    i += 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _block_end(css: str, i: int) -> int:
    """Index just past the `}` that closes the block whose `{` is before i."""
    depth = 1
    while i < len(css):
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            i = css.index("*/", i) + 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces")


def _parse(css: str, i: int = 0, end: int | None = None) -> list[_Rule]:
    end = len(css) if end is None else end
    rules: list[_Rule] = []
    start = i
    while i < end:
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
        elif css.startswith("/*", i):
            i = css.index("*/", i) + 2
            if css[start:i].strip().startswith("/*"):
                start = i
        elif char == ";":
            rules.append(_Rule(css[start : i + 1].strip()))
            i += 1
            start = i
        elif char == "{":
            prelude = css[start:i].strip()
            close = _block_end(css, i + 1)
            if re.match(r"@(media|supports)\b", prelude):
                rules.append(_Rule(prelude, children=_parse(css, i + 1, close - 1)))
            else:
                rules.append(_Rule(prelude, body=css[i + 1 : close - 1]))
            i = close
            start = i
        elif char == "}":
            i += 1
            start = i
        else:
            i += 1
    return rules


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return parts


def _outside_parentheses(selector: str) -> str:
    out, depth = [], 0
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _selector_can_match(selector: str, vocabulary: Vocabulary) -> bool:
    required = _outside_parentheses(selector)
    # Attribute values hold dots (`[href$=".pdf"]`); they are not classes.
    classes = _SELECTOR_CLASS.findall(re.sub(r"\[[^\]]*\]", "", required))
    if not all(vocabulary.has_class(name) for name in classes):
        return False
    return all(pair in vocabulary.palette for pair in _SELECTOR_PALETTE.findall(required))


def _prune(rules: list[_Rule], vocabulary: Vocabulary) -> list[_Rule]:
    kept: list[_Rule] = []
    for rule in rules:
        if rule.children is not None:
            children = _prune(rule.children, vocabulary)
            if children:
                kept.append(_Rule(rule.prelude, children=children))
        elif rule.body is None or rule.prelude.startswith("@"):
            kept.append(rule)
        else:
            selectors = [
                s for s in _split_selectors(rule.prelude) if _selector_can_match(s, vocabulary)
            ]
            if selectors:
                kept.append(_Rule(",".join(selectors), body=rule.body))
    return kept


def _declarations(body: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        char = body[i]
        if char in "\"'":
            i = _skip_string(body, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == ";" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return [part for part in parts if part.strip()]


def _walk(rules: list[_Rule]):
    for rule in rules:
        if rule.children is not None:
            yield from _walk(rule.children)
        else:
            yield rule


def _drop_unread_properties(sheets: list[list[_Rule]], read_elsewhere: set[str]) -> None:
    # Sheets read each other's properties, and a property can feed another
    # (`--a: var(--b)`), so all sheets are swept together until nothing changes.
    rules = [rule for sheet in sheets for rule in _walk(sheet) if rule.body is not None]
    while True:
        read = set(read_elsewhere)
        for rule in rules:
            read.update(_VAR.findall(rule.body or ""))
        removed = False
        for rule in rules:
            if rule.prelude.startswith("@"):
                continue
            declarations = _declarations(rule.body or "")
            keep = [
                d
                for d in declarations
                if not d.strip().startswith("--") or d.partition(":")[0].strip() in read
            ]
            if len(keep) != len(declarations):
                rule.body = ";".join(keep)
                removed = True
        if not removed:
            return


def _serialize(rules: list[_Rule]) -> str:
    out = []
    for rule in rules:
        if rule.children is not None:
            out.append(f"{rule.prelude}{{{_serialize(rule.children)}}}")
        elif rule.body is None:
            out.append(rule.prelude)
        elif rule.body.strip() or rule.prelude.startswith("@"):
            out.append(f"{rule.prelude}{{{rule.body}}}")
    return "".join(out)


def purge(sheets: dict[str, str], vocabulary: Vocabulary) -> dict[str, str]:
    """Each stylesheet (by name) without the rules no page can use."""
    parsed = {
        name: _prune(_parse(_SOURCE_MAP.sub("", css)), vocabulary) for name, css in sheets.items()
    }
    _drop_unread_properties(list(parsed.values()), vocabulary.properties)
    return {name: _serialize(rules) for name, rules in parsed.items()}


THEME_STYLESHEETS = ("main.*.min.css", "palette.*.min.css")


def slim_stylesheets(
    site_dir: Path, vocabulary: Vocabulary, seen: set[Path]
) -> dict[str, tuple[int, int]]:
    """Purge the theme's stylesheets in place; returns name: (bytes before, bytes after).

    `vocabulary` already holds the pages the build rendered (`seen`); other HTML
    files (404 pages) and the theme's scripts are read here.
    """
    for page in sorted(site_dir.rglob("*.html")):
        if page not in seen:
            vocabulary.add_html(page.read_text(encoding="utf-8"))
    for script in sorted(site_dir.glob("assets/javascripts/**/*.js")):
        # Search workers and their lunr languages never touch the page.
        if not {"workers", "lunr"} & set(script.relative_to(site_dir).parts):
            vocabulary.add_script(script.read_text(encoding="utf-8"))
    folder = site_dir / "assets" / "stylesheets"
    theme = sorted(path for pattern in THEME_STYLESHEETS for path in folder.glob(pattern))
    for sheet in sorted(folder.glob("*.css")):
        if sheet not in theme:
            vocabulary.add_stylesheet(sheet.read_text(encoding="utf-8"))
    before = {path.name: path.read_text(encoding="utf-8") for path in theme}
    after = purge(before, vocabulary)
    for path in theme:
        path.write_text(after[path.name], encoding="utf-8")
        # The source map described the full sheet; the purged one has no reference to it.
        path.with_name(path.name + ".map").unlink(missing_ok=True)
    return {name: (len(before[name]), len(after[name])) for name in before}


_CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.S)
_CSS_SPACE = re.compile(r"\s+")
# Spaces around these never change what a rule means (our sheets quote no text that
# holds them: `content: ""` is the only string), nor a space after a colon.
_CSS_PUNCTUATION = re.compile(r" ?([{};,>]) ?|(:) ")


def compact_css(text: str) -> str:
    """A stylesheet without comments, line breaks or spaces that carry no meaning."""
    text = _CSS_SPACE.sub(" ", _CSS_COMMENT.sub("", text))
    text = _CSS_PUNCTUATION.sub(lambda m: m.group(1) or m.group(2), text)
    return text.replace(";}", "}").strip() + "\n"


# A comment that opens a line (after its indentation): a regular expression cannot
# start with `*`, so there `/*` is always a comment.
_JS_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*", re.S | re.M)


def compact_js(text: str) -> str:
    """A script without its indentation, blank lines, and comments that open a line.

    Only that: the line breaks of code stay, so automatic semicolons are where they were,
    and nothing after code on a line is touched. It holds for our own scripts, which have
    no template literal or string spanning lines (a test keeps it so).
    """
    lines = (line.strip() for line in _JS_BLOCK_COMMENT.sub("", text).splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def _compact(paths: Iterable[Path], compact: Callable[[str], str]) -> int:
    """Each file rewritten by `compact` where that changes it; the bytes saved."""
    saved = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        slim = compact(text)
        if slim != text:
            path.write_text(slim, encoding="utf-8")
            saved += len(text.encode()) - len(slim.encode())
    return saved


def compact_own_scripts(site_dir: Path, own: set[str]) -> int:
    """The site's own scripts (`own`: file names in assets/javascripts) without what only
    their editors read, as compact_own_stylesheets does for the sheets; the bytes saved."""
    folder = site_dir / "assets" / "javascripts"
    return _compact((p for p in map(folder.joinpath, sorted(own)) if p.is_file()), compact_js)


def compact_own_stylesheets(site_dir: Path) -> int:
    """The site's own stylesheets without their comments and layout (those are for the
    people who edit them, not for every reader to download); returns the bytes saved.
    The theme's minified stylesheets (`*.min.css`) are compact already."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("*.css"))
    return _compact((p for p in sheets if not p.name.endswith(".min.css")), compact_css)
