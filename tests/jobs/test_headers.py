"""No field can add a header or a recipient to a mail."""

from __future__ import annotations

import pytest

from tests.jobs.smtp import SmtpServer
from webapp.extensions import db
from webapp.mail.message import AddressError, build_message, checked_address
from webapp.models import Application, ApplicationStatus
from webapp.services import mail

HOSTILE = "Prosjekt\r\nBcc: evil@example.org\r\n\r\n<script>alert(1)</script>"


@pytest.mark.parametrize(
    "address",
    [
        "ola@example.no\r\nBcc: evil@example.org",
        "ola@example.no\nCc: x@example.org",
        "Ola <ola@example.no>, evil@example.org",
        "ola@example.no\x00",
        "not an address",
    ],
)
def test_addresses_with_line_breaks_or_extra_recipients_are_refused(address):
    with pytest.raises(AddressError):
        checked_address(address)


def test_a_subject_with_line_breaks_folds_into_one_line():
    message = build_message(
        sender="Veiviser <veiviser@example.no>",
        to=["ola@example.no"],
        subject=HOSTILE,
        text="t",
        html="<p>h</p>",
        message_id="<1@example.no>",
        language="nb",
    )
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]


def test_hostile_answers_reach_only_the_contact(app, smtp_server: SmtpServer, run_jobs):
    with app.app_context():
        application = Application(
            locale="nb",
            ruleset_id="difi-2018",
            status=ApplicationStatus.SUBMITTED,
            reference="VV-2026-000042",
            schemes="council",
            answers={
                "contact_email": "ola@example.no",
                "contact_name": HOSTILE,
                "project_title": HOSTILE,
                "agency_name": HOSTILE,
            },
            assessment={},
        )
        db.session.add(application)
        db.session.flush()
        with app.test_request_context("/nb/apply/check"):
            mail.queue_submission_mails(application)
        db.session.commit()
    run_jobs()
    receipt = next(r for r in smtp_server.received if r.envelope_to == ["ola@example.no"])
    assert receipt.message["Bcc"] is None
    assert "evil@example.org" not in "".join(r.envelope_to[0] for r in smtp_server.received)
    html = receipt.message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in receipt.message.get_body(("plain",)).get_content()
