"""An advisor in a real browser: log in through the login page, as a person does, and read the
pages of the workspace back.

Accounts come from `tests.advisor.conftest.add_advisor(session_app, email, name)`; they all
have the password `tests.advisor.conftest.PASSWORD`.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.advisor.conftest import PASSWORD
from tests.browser.wizard import at_url

LOGIN_BUTTON = "main form button[type=submit]"
LOGOUT_BUTTON = "nav form[action$='/advisor/logout'] button[type=submit]"


def submit_login(page: Any, email: str, password: str) -> None:
    """Fill in and send the login form on the page the browser shows (the login page)."""
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator(LOGIN_BUTTON).click()


def log_in_as_advisor(page: Any, email: str, password: str = PASSWORD, lang: str = "en") -> None:
    """Fill in the login form and land on the queue (the page must be on the session server)."""
    page.goto(f"/{lang}/advisor/login")
    submit_login(page, email, password)
    expect(page).to_have_url(at_url(f"/{lang}/advisor/"))


def log_out(page: Any, lang: str = "en") -> None:
    """The "Log out" button above every page of the workspace; lands on the login page."""
    page.locator(LOGOUT_BUTTON).click()
    expect(page).to_have_url(at_url(f"/{lang}/advisor/login"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def history(page: Any) -> list[tuple[str, str]]:
    """(who, what) for each row of the application page's history, newest first."""
    rows = page.locator("section[aria-labelledby=history-heading] tbody tr")
    return [
        (
            squeeze(row.locator("td").nth(1).inner_text()),
            squeeze(row.locator("td").nth(2).inner_text()),
        )
        for row in rows.all()
    ]


class LetterForm:
    """The letter form's recommendation rows, found by their WTForms ids
    (`recommendations-<n>-text`): the generated rows first, then empty rows for new ones."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def listed_count(self) -> int:
        """Rows with a "keep" box: the generated ones (and, after a save, the advisor's own);
        the empty rows for new recommendations come after them."""
        return self.page.locator("main fieldset.recommendation input[name$='-keep']").count()

    def text(self, row: int) -> Any:
        return self.page.locator(f"#recommendations-{row}-text")

    def keep(self, row: int) -> Any:
        return self.page.locator(f"#recommendations-{row}-keep")

    def position(self, row: int) -> Any:
        return self.page.locator(f"#recommendations-{row}-position")
