"""Sending a decision mails the applicant's contact once, in the application's language, and
a request for changes to the plan carries the message and the way back to the receipt."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from forms.validity import today_in_norway
from tests.advisor import conftest as advisor_fixtures
from tests.advisor.conftest import COMPLETE_ANSWERS
from tests.attachments.samples import PDF
from tests.calls import conftest as call_fixtures
from webapp.extensions import db
from webapp.models import Advisor, Application
from webapp.services import decisions

lead_advisor = advisor_fixtures.lead_advisor
make_application = advisor_fixtures.make_application
open_call = call_fixtures.open_call


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


@pytest.fixture
def app_settings(jobs_settings):
    return jobs_settings


def _grant(app, reference: str, lead_id: int) -> None:
    with app.app_context():
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        lead = db.session.get(Advisor, lead_id)
        draft = decisions.DecisionDraft(
            outcome=decisions.GRANT,
            amount=5_000_000,
            conditions=None,
            plan_due_on=today_in_norway() + timedelta(days=45),
            reasons=(),
            reasons_text=None,
            letter_language="nn",
            case_number=None,
            letter_date=None,
        )
        decisions.save_draft(application, draft, lead, None, today_in_norway())
        decisions.send(application, lead)
        db.session.commit()
        # Twice: the mail for this letter is queued once.
        with pytest.raises(decisions.DecisionRefused):
            decisions.send(application, lead)
        db.session.rollback()


def test_the_grant_and_the_request_for_changes_reach_the_contact(
    app, smtp_server, run_jobs, make_application, open_call, lead_advisor
):
    call_id = open_call()
    reference = make_application(
        answers={**COMPLETE_ANSWERS, "schemes": ["cofinancing"], "contact_email": "ola@example.no"},
        schemes="cofinancing",
        locale="nn",
    )
    call_fixtures.enter_in_call(app, call_id, reference, "1.2", 8_000_000, (3, 3, 3))
    _grant(app, reference, lead_advisor.id)
    run_jobs()
    (granted,) = smtp_server.received
    assert granted.envelope_to == ["ola@example.no"]
    text = granted.message.get_body(("plain",)).get_content()
    assert "Førebels tilsegn om medfinansiering" in text

    # The request for changes is made from a page: its link is built from the request.
    with app.test_request_context("/nn/advisor/"):
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        lead = db.session.get(Advisor, lead_advisor.id)
        decisions.add_plan(application, io.BytesIO(PDF), "plan.pdf", None)
        decisions.ask_for_changes(application, "Tal for kommunane manglar.", lead)
        db.session.commit()
    run_jobs()
    changes = smtp_server.received[1]
    text = changes.message.get_body(("plain",)).get_content()
    assert changes.message["Subject"] == (
        f"Endringar trengst i gevinstrealiseringsplanen for {reference}"
    )
    assert "Tal for kommunane manglar." in text
    assert "/nn/apply/receipt/open" in text
