"""Friendly error pages in the user's language, JSON for the API."""

from __future__ import annotations

import pytest
from flask import abort, request

from tests.pages import check_page


@pytest.fixture
def app_settings():
    return {"MAX_CONTENT_LENGTH": 1024}


@pytest.fixture
def failing_app(app):
    @app.get("/<lang:lang_code>/boom/<int:code>")
    def boom(code: int):
        abort(code)

    @app.post("/<lang:lang_code>/form")
    def form():
        return str(len(request.form))

    return app


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Page not found"), ("nb", None), ("nn", None)],
)
def test_404_in_the_users_language(client, lang, heading):
    response = client.get(f"/{lang}/does-not-exist")
    assert response.status_code == 404
    page = check_page(response.get_data(as_text=True))
    assert page.html["lang"] == lang
    if heading:
        assert page.select_one("h1").get_text(strip=True) == heading


def test_404_language_comes_from_accept_language_without_prefix(client):
    response = client.get("/nothing-here", headers={"Accept-Language": "en"})
    page = check_page(response.get_data(as_text=True))
    assert page.html["lang"] == "en"


@pytest.mark.parametrize("code", [400, 403, 404, 405, 429, 500])
def test_each_error_page_renders(failing_app, code):
    response = failing_app.test_client().get(f"/en/boom/{code}")
    assert response.status_code == code
    page = check_page(response.get_data(as_text=True))
    assert page.select_one("h1").get_text(strip=True)
    assert page.select_one("a[href='/en/']")


def test_413_when_the_form_is_too_large(failing_app):
    response = failing_app.test_client().post("/en/form", data={"x": "a" * 5000})
    assert response.status_code == 413
    page = check_page(response.get_data(as_text=True))
    assert page.select_one("h1").get_text(strip=True) == "Too much text was sent"


def test_unexpected_exception_gives_friendly_500(database_url, tmp_path):
    from webapp import create_app

    app = create_app(
        {
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @app.get("/<lang:lang_code>/crash")
    def crash():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/nn/crash")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body
    assert check_page(body).html["lang"] == "nn"


def test_csrf_failure_is_a_friendly_page(failing_app):
    response = failing_app.test_client().post("/en/form", data={"a": "b"})
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert "expired" in page.select_one("h1").get_text()
