"""An applicant at the documents step, and advisors to download what they attached."""

from __future__ import annotations

import io
from typing import Any

import pytest
from bs4 import BeautifulSoup
from werkzeug.test import TestResponse

from tests.advisor.conftest import Account, Auth, add_advisor, make_application  # noqa: F401
from tests.apply.journey import COUNCIL, answer_until_result, post_step, step_url
from tests.pages import PageClient


def documents_url(lang: str = "en", embed: bool = False) -> str:
    return step_url(lang, "attachments") + ("?embed=1" if embed else "")


def walk_to_documents(pages: PageClient, lang: str = "en", schemes=("council",)) -> None:
    """Through the wizard to the documents step, with the council's answers."""
    answer_until_result(pages, lang)
    for step, data in (("result", {"schemes": list(schemes)}), ("council", COUNCIL)):
        response = post_step(pages, lang, step, data)
        assert response.status_code == 303, (step, pages.page(response).select(".error-message"))
    assert response.location.endswith(documents_url(lang))


def upload_form(page: BeautifulSoup, input_id: str) -> tuple[str, str]:
    """The action and CSRF token of the form that holds the file input `input_id`."""
    form = page.select_one(f"#{input_id}").find_parent("form")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    return form["action"], form.select_one("input[name=csrf_token]")["value"]


def attach(
    pages: PageClient,
    content: bytes,
    filename: str,
    kind: str = "business_case",
    lang: str = "en",
    replaces: str | None = None,
) -> TestResponse:
    """Send a file with the page's own form, as a browser does without JavaScript."""
    page = pages.get(documents_url(lang))
    action, token = upload_form(page, f"replace-{replaces}" if replaces else f"file-{kind}")
    return pages.client.post(
        action,
        data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def error_summary(page: BeautifulSoup) -> list[str]:
    return [link.get_text(" ", strip=True) for link in page.select(".error-summary a")]


def listed_files(page: BeautifulSoup) -> list[str]:
    return [name.get_text(strip=True) for name in page.select(".attachment__name strong")]


@pytest.fixture
def advisor(app: Any) -> Account:
    return add_advisor(app, "kari.nordmann@example.no", "Kari Nordmann")


@pytest.fixture
def advisor_pages(app: Any) -> PageClient:
    """A second browser, where an advisor is logged in."""
    return PageClient(app.test_client())


@pytest.fixture
def logged_in(advisor: Account, advisor_pages: PageClient) -> PageClient:
    response = Auth(advisor_pages).login(advisor)
    assert response.status_code == 303
    return advisor_pages
