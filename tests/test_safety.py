"""The page scan: the fast path for regular HTML must agree with HTMLParser, or step aside."""

from __future__ import annotations

import pytest

from conftest import Build, pages
from hooks.postbuild.safety import _fast_scan, parse_scan, scan

# (HTML, whether a browser would run script or load something from it)
TRICKY = [
    ('<p id="a">x</p><a href="#a">y</a>', False),
    ('<a href="javascript:alert(1)">x</a>', True),
    ('<a href="jav&#x61;script:alert(1)">x</a>', True),
    ('<a href="java\tscript:alert(1)">x</a>', True),
    ('<a HREF="JAVASCRIPT:alert(1)">x</a>', True),
    ('<img src="x.png" onerror="alert(1)">', True),
    ("<img src=x onerror=alert(1)>", True),
    ('<img src="x" ONERROR="alert(1)">', True),
    ('<img alt=">" onerror="alert(1)" src=x>', True),
    ('<a href="x" onclick = "alert(1)">x</a>', True),
    ("<svg><script>alert(1)</script></svg>", True),
    ("<math><mi>x</mi></math>", True),
    ('<div style="background:url(https://evil.example/x)">x</div>', True),
    ('<object data="x.swf"></object><embed src="x.swf">', True),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', True),
    ('<input type="text">', True),
    # Comments and declarations that a browser closes earlier than HTMLParser does.
    ("<!--><img src=x onerror=alert(1)>-->", True),
    ("<!----!><img src=x onerror=alert(1)>-->", True),
    ("<![CDATA[ > <img src=x onerror=alert(1)> ]]>", True),
    ("<? > <img src=x onerror=alert(1)> ?>", True),
    # Harmless in a browser (reporting them anyway is allowed).
    ("<img/src=x/onerror=alert(1)>", False),
    ("<p>a</p><!-- <script>alert(1)</script> -->", False),
    ('<a title="<img src=x onerror=alert(1)>">x</a>', False),
    ("<scr<script>ipt>alert(1)</script>", False),
    ("<p>1 < 2 and 3 <4</p>", False),
    ("<p>a &lt;script&gt; in text</p>", False),
    ('<a name="old-anchor"></a><span id="x&amp;y"></span>', False),
    ('<input type="checkbox" disabled> task', False),
    ("<details open><summary>s</summary>t</details>", False),
]


def same(a: object, b: object) -> bool:
    return (a.found, a.ids, a.links) == (b.found, b.ids, b.links)  # type: ignore[attr-defined]


@pytest.mark.parametrize("html, dangerous", TRICKY)
def test_fast_path_agrees_with_the_parser_or_steps_aside(html: str, dangerous: bool) -> None:
    fast = _fast_scan(html)
    assert fast is None or same(fast, parse_scan(html)), html
    # Whatever path is taken, what a browser would run is found.
    if dangerous:
        assert scan(html).found, html
    if not scan(html).found:
        assert not dangerous


def test_regular_markup_takes_the_fast_path() -> None:
    html = '<h2 id="x">T</h2>\n<p>See <a href="../y/#z" title="a &amp; b">y</a>.</p><br/>'
    fast = _fast_scan(html)
    assert fast is not None and same(fast, parse_scan(html))
    assert fast.ids == {"x"} and fast.links == ["../y/#z"]


def test_fast_path_agrees_with_the_parser_on_every_page_of_the_site(site: Build) -> None:
    fast_pages = 0
    for page in pages(site.site):
        html = page.read_text(encoding="utf-8")
        # Pages carry the theme's comments, so take the article: what the scan sees in a build.
        start, end = html.find("<article"), html.find("</article>")
        body = html[start:end] if start >= 0 else html
        fast = _fast_scan(body)
        if fast is not None:
            fast_pages += 1
            assert same(fast, parse_scan(body)), page
    assert fast_pages > 200
