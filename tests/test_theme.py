"""What the build does so that Material's script can wait for the reader (hooks/postbuild/theme.py).

The browser tests check the behaviour on the real site; these check the page
rewriting itself on small inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import material

from hooks.postbuild.safety import csp_for
from hooks.postbuild.theme import focusable_code, start_theme_on_interaction, wrap_tables

# Material's own inline scripts as its templates write them (the CSP allows only those).
_PARTIALS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
SCOPE = re.search(r"<script>(.*?)</script>", (_PARTIALS / "base.html").read_text()).group(1)  # type: ignore[union-attr]
SCOPE = re.sub(r"\{\{.*?\}\}", "..", SCOPE)
PALETTE = re.search(r"<script>(.*?)</script>", (_PARTIALS / "palette.html").read_text()).group(1)  # type: ignore[union-attr]

PAGE = (
    '<html class="no-js"><head><meta charset="utf-8">'
    '<link rel="stylesheet" href="../assets/stylesheets/main.min.css">'
    f"<script>{SCOPE}</script></head><body>"
    '<form data-md-component="palette"><input data-md-color-media="(prefers-color-scheme: light)">'
    '<label for="a"></label></form>'
    f"<script>{PALETTE}</script>"
    "<article><p>Text</p></article>"
    '<script id="__config" type="application/json">{"base": ".."}</script>'
    '<script src="../assets/javascripts/bundle.0123abcd.min.js" defer></script>'
    "</body></html>"
)


def test_the_theme_script_is_started_by_the_loader_not_by_the_page() -> None:
    out = start_theme_on_interaction(PAGE)
    assert 'src="../assets/javascripts/bundle' not in out
    loader = re.search(r'<script data-bundle="([^"]+)">(.*?)</script>', out, re.S)
    assert loader and loader.group(1) == "../assets/javascripts/bundle.0123abcd.min.js"
    for trigger in ("pointerdown", "touchstart", "keydown", "scroll", "focusin"):
        assert f"'{trigger}'" in loader.group(2)
    # The loader is the same text on every page (its address is an attribute), so the
    # Content-Security-Policy allows it by one hash, and it is counted as inline script.
    deeper = start_theme_on_interaction(PAGE.replace('"../assets', '"../../assets'))
    assert csp_for(out) == csp_for(deeper)
    # scope, class, Material's palette, ours, loader
    assert csp_for(out).count("'sha256-") == 5


def test_js_class_is_set_before_the_first_stylesheet_and_the_palette_after_materials() -> None:
    out = start_theme_on_interaction(PAGE)
    head = out[: out.index("<link")]
    assert "classList.replace('no-js','js')" in head
    material = out.index('var palette=__md_get("__palette")')
    ours = out.index("matchMedia(inputs[i].getAttribute('data-md-color-media'))")
    assert material < ours < out.index("<article>")


def test_a_page_without_the_theme_script_is_left_alone() -> None:
    stub = '<html><head><meta charset="utf-8"><link rel="stylesheet" href="x.css"></head></html>'
    assert start_theme_on_interaction(stub) == stub


def test_bare_tables_are_wrapped_once_and_others_are_not() -> None:
    html = (
        "<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>"
        '<table class="sc-agenda"><tr><td>x</td></tr></table>'
        "<textarea><table></textarea>"
    )
    out = wrap_tables(html)
    wrap = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>'
    assert out.count(wrap) == 2
    assert out.count("</table></div></div>") == 2
    assert '<table class="sc-agenda"><tr><td>x</td></tr></table><textarea>' in out
    assert "<textarea><table></textarea>" in out
    assert out.count("<div") == out.count("</div>")


def test_code_blocks_become_focusable_once() -> None:
    html = '<div class="highlight"><pre><span></span><code>a: 1</code></pre></div><p><code>x</code></p>'
    out = focusable_code(html)
    assert out.count('tabindex="0"') == 1
    assert '<pre><span></span><code tabindex="0">' in out
    assert focusable_code(out) == out
