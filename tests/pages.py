"""A test client that parses every page it fetches and checks what every page must get right."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

LABELLED_INPUT_TYPES = {
    "text",
    "email",
    "tel",
    "password",
    "month",
    "number",
    "search",
    "date",
    "radio",
    "checkbox",
    "file",
}


def check_page(html: str) -> BeautifulSoup:
    page = BeautifulSoup(html, "html.parser")
    assert page.html is not None and page.html.get("lang") in {"nb", "nn", "en"}, (
        "<html lang> missing"
    )
    assert page.title and page.title.get_text(strip=True), "page has no <title>"
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert len(page.select("h1")) == 1, "a page has exactly one <h1>"
    assert page.select_one("main#main-content"), "no <main id=main-content>"
    for form in page.select("form"):
        assert form.get("action") is not None, f"form without action: {form.get('id')}"
        if form.get("method", "get").lower() == "post":
            assert form.select_one("input[name=csrf_token]"), "POST form without CSRF token"
    for control in page.select("input, select, textarea"):
        if control.name == "input" and control.get("type", "text") not in LABELLED_INPUT_TYPES:
            continue
        control_id = control.get("id")
        labelled = (
            (control_id and page.select_one(f'label[for="{control_id}"]'))
            or control.get("aria-label")
            or control.find_parent("label")
        )
        assert labelled, f"control without a label: {control}"
    return page


class PageClient:
    """`pages.get(url)` → parsed page; `pages.submit(url, data)` posts the page's own form."""

    def __init__(self, client: FlaskClient):
        self.client = client
        self.last_response: TestResponse | None = None

    def get(self, url: str, status: int = 200, **kwargs: Any) -> BeautifulSoup:
        response = self.client.get(url, **kwargs)
        self.last_response = response
        assert response.status_code == status, (url, response.status_code, response.location)
        return check_page(response.get_data(as_text=True))

    def csrf_token(self, url: str) -> str:
        page = self.get(url)
        token = page.select_one("input[name=csrf_token]")
        assert token, f"no CSRF token on {url}"
        return token["value"]

    def submit(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        form_url: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        """Fetch `form_url` (default `url`), then post `data` with its CSRF token to `url`."""
        payload = {"csrf_token": self.csrf_token(form_url or url), **(data or {})}
        response = self.client.post(url, data=payload, **kwargs)
        self.last_response = response
        return response

    def page(self, response: TestResponse) -> BeautifulSoup:
        return check_page(response.get_data(as_text=True))
