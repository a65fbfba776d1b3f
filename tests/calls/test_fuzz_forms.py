"""Generated input for the call, ranking, decision and council-track forms: never a server error.

The same kinds of input as tests/advisor/test_fuzz_forms.py (any text, field names the form
never had, fields given twice, bodies that are not UTF-8), posted by a lead advisor to the forms
issue 15 added, and sent as query strings to the ranking's filters. The decision and final-grant
forms are posted until they are sent, so both the draft and the sent state are hit. The plan
upload gets generated files. 2 000 inputs in all on SQLite, a tenth on PostgreSQL;
VEIVISER_FUZZ_SCALE multiplies them.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import strategies as st

from tests.advisor.conftest import COMPLETE_ANSWERS, Account
from tests.advisor.letter import ANSWERS
from tests.advisor.test_fuzz_forms import (
    BACKEND_SHARE,
    FORM,
    FUZZ_SETTINGS,
    SCALE,
    body,
    forget_messages,
    run,
    value,
)
from tests.calls.conftest import enter_in_call
from webapp.extensions import db
from webapp.models import ApplicationStatus
from webapp.services import decisions, tracks
from webapp.services.queue import find_application

MNOK = 1_000_000
SHARES = {
    "call": 250,
    "ranking_filters": 200,
    "assessment": 250,
    "amount": 150,
    "place": 150,
    "decision": 300,
    "decision_send": 50,
    "plan": 100,
    "plan_changes": 100,
    "final": 150,
    "council": 300,
}
GOOD_DRAFT = {
    "outcome": "grant",
    "amount": "7 500 000",
    "plan_due_on": (date.today() + timedelta(days=30)).isoformat(),
    "letter_language": "nb",
    "case_number": "27/00123-4",
}


@pytest.fixture
def app_settings() -> dict[str, Any]:
    return FUZZ_SETTINGS


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


def examples(target: str, backend: str) -> int:
    return max(1, round(SHARES[target] * SCALE * BACKEND_SHARE[backend]))


@pytest.fixture
def lead(auth, lead_advisor: Account) -> Account:
    assert auth.login(lead_advisor).status_code == 303
    return lead_advisor


@pytest.fixture
def entry_url(app, open_call, make_application) -> str:
    """An application to co-financing in the 2027 call, ranked and ready to decide."""
    call_id = open_call(pot=20 * MNOK)
    answers = {
        **COMPLETE_ANSWERS,
        "project_title": "Alfa",
        "schemes": ["cofinancing"],
        "contact_email": "alfa@example.no",
    }
    reference = make_application(answers=answers, schemes="cofinancing", locale="nb")
    enter_in_call(app, call_id, reference, "1.5", 8 * MNOK, (4, 4, 4), ceiling=10 * MNOK)
    return f"/en/advisor/calls/2027/applications/{reference}"


def poster(client: FlaskClient, url: str):
    def send(payload: str) -> int:
        status = client.post(url, data=payload, content_type=FORM).status_code
        forget_messages(client)
        return status

    return send


def test_the_call_forms(client, lead, open_call, backend):
    open_call()
    names = [
        "year",
        "ruleset_id",
        "pot",
        "opens_on",
        "deadline_on",
        "deadline_time",
        "answers_expected_on",
    ]
    new, edit = (
        poster(client, "/en/advisor/calls/new"),
        poster(client, "/en/advisor/calls/2027/edit"),
    )
    run(examples("call", backend), body(names), lambda payload: max(new(payload), edit(payload)))
    assert client.get("/en/advisor/calls/2027").status_code == 200


def test_the_ranking_filters(client, lead, entry_url, backend):
    names = ["q", "status", "ministry", "within", "met", "sort", "direction", "page"]

    def send(query: str) -> int:
        return client.get("/en/advisor/calls/2027?" + query).status_code

    run(examples("ranking_filters", backend), body(names), send)


def test_the_assessment_amount_and_place_forms(client, lead, entry_url, backend):
    assessment = [
        "eligible_applicant",
        "cost_band",
        "phase",
        "attachments",
        "ks_statement",
        "benefits_score",
        "benefits_comment",
        "gains_score",
        "gains_comment",
        "maturity_score",
        "maturity_comment",
    ]
    run(
        examples("assessment", backend), body(assessment), poster(client, entry_url + "/assessment")
    )
    run(
        examples("amount", backend),
        body(["proposed_amount"]),
        poster(client, entry_url + "/amount"),
    )
    run(examples("place", backend), body(["place", "reason"]), poster(client, entry_url + "/place"))
    assert client.get(entry_url).status_code == 200


def test_the_decision_forms_until_sent(client, lead, entry_url, backend):
    names = [
        "outcome",
        "amount",
        "conditions",
        "reasons",
        "reasons_text",
        "letter_language",
        "case_number",
    ]
    run(examples("decision", backend), body(names), poster(client, entry_url + "/decision"))
    # A draft that certainly validates, then generated sends of it.
    assert client.post(entry_url + "/decision", data=GOOD_DRAFT).status_code == 303
    run(
        examples("decision_send", backend),
        body(["csrf_token"]),
        poster(client, entry_url + "/decision/send"),
    )
    assert client.get(entry_url).status_code == 200


def test_the_plan_forms_and_the_final_grant(app, client, lead, entry_url, backend):
    assert client.post(entry_url + "/decision", data=GOOD_DRAFT).status_code == 303
    client.post(entry_url + "/decision/send")
    with app.app_context():
        reference = entry_url.rsplit("/", 1)[1]
        decision = decisions.decision_of(find_application(reference))
        assert decision is not None and decision.sent_at is not None  # the plan can come now
    file = st.tuples(
        st.one_of(st.binary(max_size=300), st.sampled_from([b"%PDF-1.7\n%%EOF", b"PK\x03\x04"])),
        st.one_of(value, st.sampled_from(["plan.pdf", "../../etc/passwd", "a\x00.pdf", ""])),
    )

    def upload(sent: tuple[bytes, str]) -> int:
        content, name = sent
        status = client.post(
            entry_url + "/plan",
            data={"plan": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        ).status_code
        forget_messages(client)
        return status

    run(examples("plan", backend), file, upload)
    run(
        examples("plan_changes", backend),
        body(["message"]),
        poster(client, entry_url + "/plan/changes"),
    )
    final, send = poster(client, entry_url + "/final"), poster(client, entry_url + "/final/send")
    run(
        examples("final", backend),
        body(["final_amount", "final_letter_date"]),
        lambda payload: max(final(payload), send(payload)),
    )
    assert client.get(entry_url).status_code == 200


def test_the_council_track_forms(app, client, lead, make_application, backend):
    reference = make_application(answers=ANSWERS, locale="en", status=ApplicationStatus.IN_REVIEW)
    with app.app_context():
        tracks.open_tracks(find_application(reference))
        db.session.commit()
    case = f"/en/advisor/applications/{reference}"
    step, meeting = (
        poster(client, case + "/council/step"),
        poster(client, case + "/council/meeting"),
    )
    run(
        examples("council", backend),
        body(["step", "meeting_on"]),
        lambda payload: max(step(payload), meeting(payload)),
    )
    assert client.get(case).status_code == 200
