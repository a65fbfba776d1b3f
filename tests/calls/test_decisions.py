"""Decisions on co-financing: the preliminary grant, the rejection, the plan and the final
grant, through the lead advisor's pages; letters opened again, jobs queued once, every step
audited."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import docx
import pytest
from sqlalchemy import select

from tests.advisor.conftest import COMPLETE_ANSWERS
from tests.attachments.samples import PDF
from tests.calls.conftest import enter_in_call
from webapp.extensions import db
from webapp.jobs.models import Job
from webapp.models import Application, AuditEvent, GrantDecision, Track

MNOK = 1_000_000
IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


@pytest.fixture
def two_in_call(app, open_call, make_application) -> dict[str, str]:
    """A call of 20 MNOK: "Alfa" within the pot, "Bravo" failing a formal requirement."""
    call_id = open_call(pot=20 * MNOK)
    found = {}
    for project, met in (("Alfa", True), ("Bravo", False)):
        answers = {
            **COMPLETE_ANSWERS,
            "project_title": project,
            "schemes": ["cofinancing"],
            "contact_email": f"{project.lower()}@example.no",
        }
        reference = make_application(
            answers=answers, schemes="cofinancing", locale="nn" if met else "nb"
        )
        enter_in_call(
            app, call_id, reference, "1.4", 8 * MNOK, (4, 4, 4), ceiling=10 * MNOK, phase=met
        )
        found[project] = reference
    return found


def _url(reference: str, tail: str = "") -> str:
    return f"/nb/advisor/calls/2027/applications/{reference}{tail}"


def _summary(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".error-summary a")]


def _decision(app, reference: str) -> GrantDecision | None:
    with app.app_context():
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        decision = db.session.get(GrantDecision, application.id)
        if decision is not None:
            db.session.expunge(decision)
        return decision


def _step(app, reference: str) -> str:
    with app.app_context():
        return db.session.scalar(
            select(Track.step)
            .join(Application, Application.id == Track.application_id)
            .where(Application.reference == reference, Track.scheme == "cofinancing")
        )


def _jobs(app) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted((job.kind, job.event) for job in db.session.scalars(select(Job)))


def _actions(app, reference: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .join(Application, Application.id == AuditEvent.application_id)
                .where(Application.reference == reference)
                .order_by(AuditEvent.id)
            )
        )


def squeeze(text: str) -> str:
    """Runs of ordinary white space as one space; no-break spaces stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _docx_text(response) -> str:
    document = docx.Document(io.BytesIO(response.get_data()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_form_proposes_what_the_ranking_says(pages, auth, lead_advisor, two_in_call):
    auth.login(lead_advisor, lang="nb")
    page = pages.get(_url(two_in_call["Alfa"], "/decision"))
    assert page.select_one("input[name=outcome][value=grant]").has_attr("checked")
    assert page.select_one("input[name=amount]")["value"] == "8\xa0000\xa0000"
    assert page.select_one("input[name=letter_language][value=nn]").has_attr("checked")
    page = pages.get(_url(two_in_call["Bravo"], "/decision"))
    assert page.select_one("input[name=outcome][value=rejection]").has_attr("checked")
    assert page.select_one("input[name=reasons][value=requirements]").has_attr("checked")


GRANT = {
    "outcome": "grant",
    "amount": "7 500 000",
    "plan_due_on": IN_A_MONTH,
    "conditions": "Prosjektet skal rapportere til styringsgruppa kvart kvartal.",
    "letter_language": "nn",
    "case_number": "27/00123-4",
    "letter_date": "",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "9 000 000"}, "Beløpet er over beløpet det er søkt om, 8\xa0000\xa0000\xa0kr."),
        ({"amount": "0"}, None),
        ({"plan_due_on": "2020-01-01"}, None),
        ({"plan_due_on": ""}, None),
        ({"case_number": "123"}, None),
        ({"outcome": ""}, None),
    ],
)
def test_a_wrong_decision_is_not_saved_and_says_why(
    app, pages, auth, lead_advisor, two_in_call, changes, message
):
    auth.login(lead_advisor, lang="nb")
    url = _url(two_in_call["Alfa"], "/decision")
    response = pages.submit(url, {**GRANT, **changes})
    assert response.status_code == 200
    summary = _summary(pages.page(response))
    assert summary, changes
    if message:
        assert summary == [message]
    assert _decision(app, two_in_call["Alfa"]) is None


def test_a_preliminary_grant_is_written_previewed_and_sent_once(
    app, client, pages, auth, lead_advisor, two_in_call
):
    reference = two_in_call["Alfa"]
    auth.login(lead_advisor, lang="nb")
    response = pages.submit(_url(reference, "/decision"), GRANT)
    assert response.status_code == 303
    assert response.location.endswith(_url(reference, "/letters/preliminary-grant/preview"))
    preview = pages.get(_url(reference, "/letters/preliminary-grant/preview"))
    letter = squeeze(preview.select_one(".document-preview").get_text(" ", strip=True))
    assert preview.select_one(".document-preview")["lang"] == "nn"
    assert "Førebels tilsegn om medfinansiering – Alfa" in letter
    assert "7\xa0500\xa0000\xa0kr" in letter
    assert "27/00123-4" in letter and reference in letter
    assert "Lena Leder" in letter and "lena.leder@example.no" in letter
    assert "Prosjektet skal rapportere til styringsgruppa kvart kvartal." in letter
    assert "Dokumentet er elektronisk godkjent" in letter
    download = client.get(_url(reference, "/letters/preliminary-grant.docx"))
    assert download.status_code == 200
    text = _docx_text(download)
    assert "Førebels tilsegn om medfinansiering – Alfa" in text
    assert "Prosjektet skal rapportere til styringsgruppa kvart kvartal." in text
    assert _step(app, reference) == "submitted" and _jobs(app) == []

    response = pages.submit(_url(reference, "/decision/send"), {}, form_url=_url(reference))
    assert response.status_code == 303
    assert _step(app, reference) == "preliminary_grant"
    assert _decision(app, reference).sent_at is not None
    assert _jobs(app) == [
        ("mail", f"letter_ready:{reference}:decision:preliminary-grant"),
        ("pdfa", f"{reference}:preliminary-grant:sent"),
    ]
    # Twice (a second tab, a double click): nothing more happens.
    response = pages.submit(_url(reference, "/decision/send"), {}, form_url=_url(reference))
    assert "Vedtaket er sendt allerede." in pages.get(_url(reference)).get_text()
    assert len(_jobs(app)) == 2
    assert _actions(app, reference).count("decision_sent") == 1
    # A sent decision no longer changes.
    response = pages.submit(
        _url(reference, "/decision"), {**GRANT, "amount": "1 000 000"}, form_url=_url(reference)
    )
    assert response.status_code == 303
    assert _decision(app, reference).amount == 7_500_000


def test_a_rejection_gets_its_reasons_from_the_choices_in_the_letters_language(
    app, pages, auth, lead_advisor, two_in_call
):
    reference = two_in_call["Bravo"]
    auth.login(lead_advisor, lang="en")
    data = {"outcome": "rejection", "reasons": ["requirements"], "letter_language": "nb"}
    response = pages.submit(f"/en/advisor/calls/2027/applications/{reference}/decision", data)
    assert response.status_code == 303
    decision = _decision(app, reference)
    assert decision.reasons == ["requirements"] and decision.amount is None
    assert decision.reasons_text.startswith("Søknaden oppfyller ikke alle de formelle kravene")
    preview = pages.get(
        f"/en/advisor/calls/2027/applications/{reference}/letters/rejection-letter/preview"
    )
    letter = preview.select_one(".document-preview").get_text(" ", strip=True)
    assert "Svar på søknaden om medfinansiering – Bravo" in letter
    # The preliminary grant's letter does not exist for a rejection.
    pages.get(
        f"/en/advisor/calls/2027/applications/{reference}/letters/preliminary-grant/preview",
        status=404,
    )
    pages.submit(
        f"/en/advisor/calls/2027/applications/{reference}/decision/send",
        {},
        form_url=f"/en/advisor/calls/2027/applications/{reference}",
    )
    assert _step(app, reference) == "rejected"
    assert ("mail", f"letter_ready:{reference}:decision:rejection-letter") in _jobs(app)


def test_other_as_the_only_reason_needs_a_text(app, pages, auth, lead_advisor, two_in_call):
    auth.login(lead_advisor)
    url = f"/en/advisor/calls/2027/applications/{two_in_call['Bravo']}/decision"
    page = pages.page(
        pages.submit(url, {"outcome": "rejection", "reasons": ["other"], "letter_language": "en"})
    )
    assert _summary(page) == ["Write the reasons as the letter gives them."]


def _granted(pages, auth, lead_advisor, reference):
    auth.login(lead_advisor, lang="nb")
    assert pages.submit(_url(reference, "/decision"), GRANT).status_code == 303
    pages.submit(_url(reference, "/decision/send"), {}, form_url=_url(reference))


def _upload(client, pages, reference, content=PDF, name="plan.pdf"):
    token = pages.csrf_token(_url(reference))
    return client.post(
        _url(reference, "/plan"),
        data={"csrf_token": token, "plan": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_the_plan_changes_and_the_final_grant(app, client, pages, auth, lead_advisor, two_in_call):
    reference = two_in_call["Alfa"]
    _granted(pages, auth, lead_advisor, reference)
    # Not a plan: refused with the reason, nothing stored.
    response = _upload(client, pages, reference, b"MZ\x90\x00 not a document", "plan.exe")
    assert response.status_code == 303
    assert _decision(app, reference).plan_status is None
    assert _upload(client, pages, reference).status_code == 303
    assert _decision(app, reference).plan_status == "received"
    assert _step(app, reference) == "plan_received"

    page = pages.page(
        pages.submit(_url(reference, "/plan/changes"), {"message": ""}, form_url=_url(reference))
    )
    assert _summary(page) == ["Skriv hva virksomheten skal endre i planen."]
    message = "Gevinstane for kommunane må talfestast."
    response = pages.submit(
        _url(reference, "/plan/changes"), {"message": message}, form_url=_url(reference)
    )
    assert response.status_code == 303
    decision = _decision(app, reference)
    assert (decision.plan_status, decision.plan_message) == ("changes_requested", message)
    assert _step(app, reference) == "preliminary_grant"
    assert ("mail", f"plan_changes:{reference}:plan-changes:1") in _jobs(app)
    assert client.get(_url(reference, "/final")).status_code == 303  # no plan waits
    assert _upload(client, pages, reference, name="plan-2.pdf").status_code == 303

    page = pages.page(pages.submit(_url(reference, "/final"), {"final_amount": "8 000 000"}))
    assert _summary(page) == [
        "Endelig tilsagn kan ikke være mer enn det foreløpige tilsagnet, 7\xa0500\xa0000\xa0kr."
    ]
    response = pages.submit(_url(reference, "/final"), {"final_amount": "7 000 000"})
    assert response.status_code == 303
    preview = pages.get(_url(reference, "/letters/final-grant/preview"))
    letter = squeeze(preview.select_one(".document-preview").get_text(" ", strip=True))
    assert "Endeleg tilsegn om medfinansiering – Alfa" in letter
    assert "7\xa0000\xa0000\xa0kr" in letter and "7\xa0500\xa0000\xa0kr" in letter
    pages.submit(_url(reference, "/final/send"), {}, form_url=_url(reference))
    assert _step(app, reference) == "final_grant"
    assert ("pdfa", f"{reference}:final-grant:sent") in _jobs(app)
    steps = [a for a in _actions(app, reference) if a.startswith(("decision", "plan", "final"))]
    assert steps == [
        "decision_saved",
        "decision_sent",
        "plan_received",
        "plan_changes_requested",
        "plan_received",
        "final_grant_saved",
        "final_grant_sent",
    ]
    history = squeeze(pages.get(f"/nb/advisor/applications/{reference}").get_text())
    assert "Sendte endelig tilsagn" in history


def test_plain_advisors_read_the_letters_but_do_not_decide(
    app, client, pages, auth, advisor, lead_advisor, two_in_call
):
    reference = two_in_call["Alfa"]
    auth.login(lead_advisor, lang="nb")
    assert pages.submit(_url(reference, "/decision"), GRANT).status_code == 303
    auth.logout("nb")
    auth.login(advisor, lang="nb")
    pages.get(_url(reference, "/decision"), status=403)
    pages.get(_url(reference, "/letters/preliminary-grant/preview"))
    page = pages.get(_url(reference))
    assert not page.select("form[action$='/decision/send']")
    response = pages.submit(_url(reference, "/decision/send"), {}, form_url=_url(reference))
    assert response.status_code == 403
    assert _decision(app, reference).sent_at is None


def test_a_council_request_has_no_decision_and_co_financing_alone_no_advice_letter(
    app, pages, auth, lead_advisor, two_in_call, make_application
):
    auth.login(lead_advisor)
    council_only = make_application(
        answers={**COMPLETE_ANSWERS, "schemes": ["council"]}, schemes="council"
    )
    pages.get(f"/en/advisor/calls/2027/applications/{council_only}/decision", status=404)
    cofinancing = two_in_call["Alfa"]
    pages.get(f"/en/advisor/applications/{cofinancing}/letter", status=404)
    pages.get(f"/en/advisor/applications/{cofinancing}/letter.docx", status=404)
    page = pages.get(f"/en/advisor/applications/{cofinancing}")
    assert not page.select("a[href$='/letter']")
    assert "gets no advice letter" in page.get_text()
