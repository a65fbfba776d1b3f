"""A crafted query string never reaches url_for's own arguments, and the error page itself
cannot fail: it keeps the security headers and the visitor's language."""

from __future__ import annotations

import pytest

from webapp import errors

RESERVED = [
    "_method=POST",
    "_anchor=x",
    "_external=1",
    "_scheme=javascript",
    "_method=GET&a=1",
    "endpoint=advisor.queue",  # url_for's first argument: was a 500 ("multiple values")
]
PAGES = ["/nb/", "/nn/apply/applicant", "/en/apply/applicant?embed=1", "/nb/privacy"]


@pytest.mark.parametrize("query", RESERVED)
@pytest.mark.parametrize("page", PAGES)
def test_reserved_url_for_arguments_in_the_query_are_ignored(client, page, query):
    # Was a 500 on any page: the language switch passed the query on to url_for.
    separator = "&" if "?" in page else "?"
    response = client.get(f"{page}{separator}{query}")
    assert response.status_code in (200, 404), response.status_code
    html = response.get_data(as_text=True)
    assert "javascript:" not in html
    assert "_method" not in html and "_scheme" not in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_ordinary_query_parameters_are_still_kept_by_the_language_switch(client):
    html = client.get("/nb/apply/applicant?embed=1&_method=POST").get_data(as_text=True)
    assert 'formaction="/en/apply/applicant?embed=1"' in html


def test_an_unexpected_error_gets_the_page_in_the_visitors_language(production_like):
    response = production_like.test_client().get("/nn/boom")
    assert response.status_code == 500
    assert 'lang="nn"' in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]


def test_when_the_error_page_fails_too_a_plain_page_still_has_the_headers(
    production_like, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the error template is broken")

    monkeypatch.setattr(errors, "render_template", broken)
    response = production_like.test_client().get("/nb/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert 'lang="nb"' in html and "<h1>" in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]
