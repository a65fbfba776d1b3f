"""Save and resume without an account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.apply.journey import APPLICANT, PROJECT, post_step
from tests.pages import PageClient
from webapp.extensions import db
from webapp.models import Application, utcnow


def save_later(pages: PageClient) -> str:
    post_step(pages, "en", "applicant", APPLICANT)
    response = post_step(pages, "en", "project", {**PROJECT, "action": "save_later"})
    assert response.status_code == 303 and response.location.endswith("/en/apply/saved")
    page = pages.get("/en/apply/saved")
    return page.select_one("#resume-code").get_text(strip=True)


def test_resume_code_brings_another_browser_back_to_the_same_place(pages, app):
    code = save_later(pages)
    assert len(code.replace("-", "")) == 16
    other = PageClient(app.test_client())
    response = other.submit("/en/apply/resume", {"code": code.lower().replace("-", " ")})
    assert response.status_code == 303
    assert response.location.endswith("/en/apply/budget")
    page = other.get("/en/apply/project")
    assert page.select_one("#project_title")["value"] == PROJECT["project_title"]


def test_code_is_shown_once(pages):
    save_later(pages)
    response = pages.client.get("/en/apply/saved")
    assert response.status_code == 303


def test_only_a_hash_of_the_code_is_stored(pages, app):
    code = save_later(pages)
    with app.app_context():
        stored = db.session.scalar(select(Application)).resume_code_hash
    assert code.replace("-", "") not in stored
    assert len(stored) == 64


def test_a_new_code_replaces_the_old(pages, app):
    first = save_later(pages)
    post_step(pages, "en", "project", {**PROJECT, "action": "save_later"})
    second = pages.get("/en/apply/saved").select_one("#resume-code").get_text(strip=True)
    assert first != second
    other = PageClient(app.test_client())
    response = other.submit("/en/apply/resume", {"code": first})
    assert response.status_code == 200
    assert "We found no application" in other.page(response).get_text()


def test_wrong_code_gets_a_clear_message(pages):
    response = pages.submit("/en/apply/resume", {"code": "AAAA-BBBB-CCCC-DDDD"})
    page = pages.page(response)
    assert page.title.get_text().startswith("Error:")
    assert page.select_one(".error-summary a")["href"] == "#code"


def test_a_code_in_the_link_is_not_taken(pages):
    # A resume code in a URL ends up in access logs and the history: only a post carries it.
    page = pages.get("/en/apply/resume?code=WXYZ-2345-6789-KMNP")
    assert page.select_one("#code").get("value", "") == ""
    assert "WXYZ" not in str(page)  # not in the field, nor in the language links


def test_resume_attempts_are_rate_limited(pages):
    statuses = [pages.submit("/en/apply/resume", {"code": "AAAA"}).status_code for _ in range(21)]
    assert statuses[-1] == 429


def test_drafts_purge_deletes_old_drafts_only(pages, app, runner):
    save_later(pages)
    with app.app_context():
        db.session.add(
            Application(
                ruleset_id="difi-2018",
                answers={},
                assessment={},
                updated_at=utcnow() - timedelta(days=400),
            )
        )
        db.session.commit()
    result = runner.invoke(args=["drafts", "purge", "--older-than-days", "180"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Application.id))) == 1


class TestStepLimit:
    @pytest.fixture
    def app_settings(self):
        return {"VEIVISER_APPLY_LIMITS": "3/minute"}

    def test_posting_steps_is_rate_limited_per_address(self, pages):
        statuses = [post_step(pages, "en", "applicant", APPLICANT).status_code for _ in range(4)]
        assert statuses == [303, 303, 303, 429]
        assert "Too many attempts" in pages.page(pages.last_response).get_text()

    def test_reading_a_step_is_not_limited_and_does_not_count(self, pages):
        for _ in range(10):
            assert pages.client.get("/en/apply/applicant").status_code == 200
        statuses = [post_step(pages, "en", "applicant", APPLICANT).status_code for _ in range(4)]
        assert statuses == [303, 303, 303, 429]
        # Over the limit for posts, the pages still open (the draft is kept).
        assert pages.client.get("/en/apply/applicant").status_code == 200
        assert pages.client.get("/en/apply/resume").status_code == 200
