"""Without VEIVISER_SMTP_HOST (development) each mail is written as an .eml file and logged."""

from __future__ import annotations

import email
import logging
from email.policy import default

import pytest

from webapp.extensions import db
from webapp.jobs import outbox


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


@pytest.fixture
def app_settings(jobs_settings, tmp_path):
    return {**jobs_settings, "VEIVISER_SMTP_HOST": "", "VEIVISER_MAIL_DIR": str(tmp_path / "mail")}


def test_a_mail_becomes_an_eml_file_and_a_log_line(app, run_jobs, tmp_path, caplog):
    with app.app_context():
        outbox.add(
            "mail",
            "receipt:submitted:VV-2026-000009",
            {
                "mail": "receipt",
                "subject": "Kvittering VV-2026-000009",
                "text": "Tekst",
                "html": "<p>Tekst</p>",
                "language": "nb",
            },
            recipient="ola@example.no",
        )
        db.session.commit()
    with caplog.at_level(logging.INFO, logger="veiviser.mail"):
        run_jobs()
    (path,) = (tmp_path / "mail").glob("*.eml")
    assert path.name == "1-receipt.eml"
    assert str(path) in caplog.text
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["To"] == "ola@example.no"
    assert message["Subject"] == "Kvittering VV-2026-000009"
    assert message.get_body(("plain",)).get_content().strip() == "Tekst"
