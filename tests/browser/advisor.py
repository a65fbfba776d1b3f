"""An advisor in a real browser: log in through the login page, as a person does.

Accounts come from `tests.advisor.conftest.add_advisor(session_app, email, name)`; they all
have the password `tests.advisor.conftest.PASSWORD`.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.advisor.conftest import PASSWORD
from tests.browser.wizard import at_url


def log_in_as_advisor(page: Any, email: str, password: str = PASSWORD, lang: str = "en") -> None:
    """Fill in the login form and land on the queue (the page must be on the session server)."""
    page.goto(f"/{lang}/advisor/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(at_url(f"/{lang}/advisor/"))
