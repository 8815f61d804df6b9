"""Page weight: stylesheet purging and HTML compaction, on small inputs, then on the real site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import ROOT, Build
from hooks.postbuild.weight import Vocabulary, compact_css, compact_html, compact_js, purge


def vocabulary(html: str = "", script: str = "") -> Vocabulary:
    found = Vocabulary()
    found.add_html(html)
    found.add_script(script)
    return found


def test_rules_for_classes_no_page_or_script_has_are_dropped() -> None:
    css = ".md-used{color:red}.md-blog-post{color:blue}.md-used .md-blog-post,.md-used p{margin:0}"
    out = purge({"a": css}, vocabulary('<div class="md-used">'))["a"]
    assert out == ".md-used{color:red}.md-used p{margin:0}"


def test_classes_added_by_the_theme_script_are_kept_even_by_concatenation() -> None:
    css = ".md-search-result__item{a:b}.md-tooltip--top{c:d}.md-gone{e:f}.js .x{g:h}.bug{i:j}"
    script = 'h("li",{class:"md-search-result__item"});e.classList.add(`md-tooltip--${t}`);add("js");let bug=1'
    out = purge({"a": css}, vocabulary('<p class="x">', script))["a"]
    assert ".md-search-result__item{" in out and ".md-tooltip--top{" in out and ".js .x{" in out
    assert "md-gone" not in out
    # A minified identifier is not a class: only words standing alone in strings count.
    assert ".bug{" not in out


def test_classes_inside_functional_pseudo_classes_never_make_a_rule_removable() -> None:
    css = "a:not(.md-missing){x:y}.md-used:is(.md-other,.md-missing){z:w}"
    out = purge({"a": css}, vocabulary('<a class="md-used">'))["a"]
    assert out == css


def test_empty_media_blocks_go_and_other_at_rules_stay_whole() -> None:
    css = (
        '@charset "UTF-8";@media screen{.md-gone{a:b}}@media print{.md-used{c:d}}'
        "@keyframes spin{0%{e:f}to{g:h}}@font-face{font-family:x}"
    )
    out = purge({"a": css}, vocabulary('<b class="md-used">'))["a"]
    assert out == (
        '@charset "UTF-8";@media print{.md-used{c:d}}@keyframes spin{0%{e:f}to{g:h}}'
        "@font-face{font-family:x}"
    )


def test_strings_and_attribute_values_with_braces_and_dots_are_not_misread() -> None:
    css = '.md-used:after{content:"}{"}a[href$=".pdf"]{x:y}.md-used[title="a.b"]{z:w}'
    out = purge({"a": css}, vocabulary('<i class="md-used">'))["a"]
    assert out == css


def test_palette_colours_no_page_offers_are_dropped() -> None:
    css = (
        "[data-md-color-primary=red]{--md-primary-fg-color:red}[data-md-color-primary=custom]{a:b}"
    )
    html = '<input data-md-color-primary="custom">'
    assert purge({"a": css}, vocabulary(html))["a"] == "[data-md-color-primary=custom]{a:b}"


def test_custom_properties_nothing_reads_are_dropped_across_sheets_and_chains() -> None:
    main = (
        ":root{--md-used:1;--md-chain:var(--md-end);--md-end:2;--md-icon--bug:url(x);--md-ours:3}"
        ".md-a{width:var(--md-used)}.md-bug{mask:var(--md-icon--bug)}"
    )
    palette = "[data-md-color-scheme=slate]{--md-a-color:var(--md-chain)}"
    found = vocabulary('<div class="md-a" data-md-color-scheme="slate">')
    found.add_html('<p style="color:var(--md-ours)">')
    found.add_stylesheet(".md-a{color:var(--md-a-color)}")  # our own sheet reads it
    out = purge({"main": main, "palette": palette}, found)
    assert (
        out["main"]
        == ":root{--md-used:1;--md-chain:var(--md-end);--md-end:2;--md-ours:3}.md-a{width:var(--md-used)}"
    )
    assert out["palette"] == palette


def test_the_source_map_reference_goes_with_the_full_sheet() -> None:
    out = purge(
        {"a": ".md-used{a:b}/*# sourceMappingURL=main.css.map*/"}, vocabulary('<a class="md-used">')
    )
    assert out["a"] == ".md-used{a:b}"


def test_compact_html_removes_indentation_but_not_preformatted_text() -> None:
    html = (
        "<ul>\n      <li>one</li>\n\n      <li>two</li>\n</ul>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  keep\n</textarea>"
        "\n  <script>\n  let a = `x\n    y`\n</script>"
    )
    assert compact_html(html) == (
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  keep\n</textarea>"
        "\n<script>\n  let a = `x\n    y`\n</script>"
    )


def test_compact_css_drops_comments_and_layout_but_keeps_what_spaces_mean() -> None:
    sheet = """/* why */
.md-typeset :is(h1, h2) > a { margin: calc(100% - 2rem) 0; }
@media (max-width: 600px) {
  [dir="rtl"] a:hover , b  { content: ""; }
}
"""
    assert compact_css(sheet) == (
        ".md-typeset :is(h1,h2)>a{margin:calc(100% - 2rem) 0}"
        '@media (max-width:600px){[dir="rtl"] a:hover,b{content:""}}\n'
    )


def test_compact_js_drops_indentation_and_comment_lines_and_keeps_every_line_break() -> None:
    script = """/* What this is,
   over two lines. */
(() => {
  // why
  /* one */ const b = 1;
  const a = "x // not a comment";

  return a // kept: inside a line
    + "y";
})();
"""
    assert compact_js(script) == (
        '(() => {\nconst b = 1;\nconst a = "x // not a comment";\nreturn a // kept: inside a line\n'
        '+ "y";\n})();\n'
    )


def test_our_scripts_can_be_compacted_line_by_line(tmp_path: Path) -> None:
    """compact_js reads lines alone: no template literal or string of ours may span lines,
    and each compacted script is still valid JavaScript."""
    for path in sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            assert line.count("`") % 2 == 0, f"{path.name}:{number}: a template literal spans lines"
            assert not line.rstrip().endswith("\\"), f"{path.name}:{number}: a string spans lines"
        slim = tmp_path / path.name
        slim.write_text(compact_js(text), encoding="utf-8")
        checked = subprocess.run(["node", "--check", str(slim)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_the_built_site_ships_slim_stylesheets_and_unindented_pages(site: Build) -> None:
    sheets = {
        p.name: p.stat().st_size for p in (site.site / "assets" / "stylesheets").glob("*.min.css")
    }
    main = next(size for name, size in sheets.items() if name.startswith("main."))
    palette = next(size for name, size in sheets.items() if name.startswith("palette."))
    # Material's full main sheet is about 135 KB and its palette about 12 KB.
    assert main < 100_000 and palette < 5_000
    assert not list((site.site / "assets" / "stylesheets").glob("*.map"))
    page = (site.site / "cases" / "baltic-way" / "index.html").read_text(encoding="utf-8")
    # The theme's script is not loaded by the page itself (it waits for the reader).
    assert not re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"', page)
    assert re.search(r'<script data-bundle="[^"]*bundle\.[0-9a-f]+\.min\.js">', page)
    outside_pre = re.sub(r"<pre\b.*?</pre>", "", page, flags=re.S)
    assert not re.search(r"\n[ \t]+<", outside_pre)
    # Every class on the page still has its rules (the ones Material styles, at least).
    css = "".join(
        p.read_text(encoding="utf-8") for p in (site.site / "assets" / "stylesheets").glob("*.css")
    )
    used = set(re.findall(r'class="([^"]*)"', page))
    for name in {c for attr in used for c in attr.split()} & {
        "md-header",
        "md-nav__link",
        "md-content__inner",
        "md-typeset",
        "admonition",
        "md-footer",
    }:
        assert f".{name}" in css, name
