"""The "answers saved" page sends the resume code to the address the applicant types."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.apply.journey import APPLICANT, PROJECT, post_step
from webapp.extensions import db
from webapp.jobs.models import Job


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param  # the stores are covered by the submission tests


def _save_later(pages):
    post_step(pages, "nn", "applicant", APPLICANT)
    response = post_step(pages, "nn", "project", {**PROJECT, "action": "save_later"})
    assert response.location.endswith("/nn/apply/saved")
    return pages.get("/nn/apply/saved")


def _mail_form(page) -> dict[str, str]:
    form = page.select_one("form[action$='/apply/saved/email']")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_the_code_goes_to_the_address_typed_in_the_applications_language(
    app, pages, smtp_server, run_jobs
):
    page = _save_later(pages)
    code = page.select_one("#resume-code").get_text(strip=True)
    data = _mail_form(page)
    assert data["email"] == APPLICANT["contact_email"]  # filled in from the answers
    data["email"] = "kari@example.no"
    response = pages.client.post("/nn/apply/saved/email", data=data)
    assert response.status_code == 303
    sent = pages.get(response.location)
    assert "kari@example.no" in sent.select_one("main").get_text()
    # A double click sends nothing more.
    assert pages.client.post("/nn/apply/saved/email", data=data).status_code == 303

    run_jobs()
    assert len(smtp_server.received) == 1
    message = smtp_server.received[0].message
    assert smtp_server.received[0].envelope_to == ["kari@example.no"]
    assert message["Subject"] == "Koden din for å halde fram i Veiviser"
    assert message["Content-Language"] == "nn"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert code in text and code in html
    # Never in a link: the page for continuing is linked without it.
    assert "/nn/apply/resume\r\n" in text
    assert code.replace("-", "") not in html and f"code={code}" not in html
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert code not in str(job.payload)  # the sent mail keeps no body


def test_only_the_current_code_of_this_browsers_draft_is_sent(app, pages, smtp_server, run_jobs):
    page = _save_later(pages)
    data = _mail_form(page)
    data["code"] = "ABCD-EFGH-JKMN-PQRS"
    response = pages.client.post("/nn/apply/saved/email", data=data)
    assert response.status_code == 303 and response.location.endswith("/nn/apply/")
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0


def test_a_wrong_address_is_explained_and_the_code_stays_on_the_page(app, pages):
    page = _save_later(pages)
    code = page.select_one("#resume-code").get_text(strip=True)
    data = {**_mail_form(page), "email": "kari at example"}
    response = pages.client.post("/nn/apply/saved/email", data=data)
    assert response.status_code == 200
    again = pages.page(response)
    assert again.select_one("#resume-code").get_text(strip=True) == code
    assert again.select_one(".error-summary")
    assert again.title.get_text().startswith("Feil:")
    with app.app_context():
        assert db.session.scalar(select(func.count(Job.id))) == 0
