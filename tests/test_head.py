"""What pages tell search engines and assistive technology: plain functions on small pages."""

from __future__ import annotations

from hooks.postbuild.head import absolute_alternates, name_search_dialog

PAGE = (
    '<head>\n<link rel="alternate" href="./" hreflang="en">\n'
    '<link rel="alternate" href="../../es/cases/x/" hreflang="es">\n'
    '<link rel="alternate" href="../../ar/cases/x/" hreflang="ar">\n<title>x</title>'
)


def test_alternates_become_absolute_with_an_x_default() -> None:
    out = absolute_alternates(PAGE, "https://example.org/cases/x/", "en")
    assert out == (
        '<head>\n<link rel="alternate" href="https://example.org/cases/x/" hreflang="en">\n'
        '<link rel="alternate" href="https://example.org/es/cases/x/" hreflang="es">\n'
        '<link rel="alternate" href="https://example.org/ar/cases/x/" hreflang="ar">\n'
        '<link rel="alternate" href="https://example.org/cases/x/" hreflang="x-default">\n'
        "<title>x</title>"
    )
    # Run twice (a nested build), the page does not gain a second x-default.
    assert absolute_alternates(out, "https://example.org/cases/x/", "en") == out


def test_a_translated_page_resolves_against_its_own_address() -> None:
    page = '<link rel="alternate" href="../../../cases/x/" hreflang="en">'
    out = absolute_alternates(page, "https://example.org/site/es/cases/x/", "en")
    assert 'href="https://example.org/site/cases/x/" hreflang="en"' in out


def test_the_search_dialog_takes_the_name_of_its_field_in_the_page_language() -> None:
    page = (
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<input type="text" class="md-search__input" name="query" aria-label="بحث" placeholder="بحث">'
    )
    out = name_search_dialog(page)
    assert (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="بحث">' in out
    )
    assert name_search_dialog("<p>no search here</p>") == "<p>no search here</p>"
