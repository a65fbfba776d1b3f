"""The applicant's receipt after sending: the receipt code opens it from any browser, it shows
where each scheme's case stands and the letters sent, and takes the benefits realisation plan."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
import pytest
from sqlalchemy import select

from tests.apply.journey import submit, walk_to_check
from tests.attachments.samples import PDF
from tests.pages import PageClient
from webapp.extensions import db
from webapp.models import Advisor, Application, GrantDecision
from webapp.services import decisions, drafts


@pytest.fixture
def app_settings():
    return {"VEIVISER_RESUME_LIMITS": "4/hour"}


@pytest.fixture
def sent(app, pages, open_call) -> tuple[str, str, str]:
    """An application for co-financing sent in nb in an open call: (receipt URL, reference,
    receipt code as shown)."""
    open_call(pot=50_000_000)
    walk_to_check(pages, "nb", schemes=("cofinancing",))
    location = submit(pages, "nb").location
    receipt = pages.get(location)
    reference = receipt.select_one("#reference").get_text(strip=True)
    code = receipt.select_one("#receipt-code").get_text(strip=True)
    return location, reference, code


def stranger(app) -> PageClient:
    return PageClient(app.test_client())


def test_the_receipt_shows_its_code_and_the_case(sent, pages):
    location, _reference, code = sent
    assert len(code.replace("-", "")) == 16
    page = pages.get(location)
    case = page.select_one("section[aria-labelledby=case]").get_text(" ", strip=True)
    assert "Medfinansieringsordningen for digitaliseringsprosjekter Sendt (siden" in case


def test_the_code_opens_the_receipt_in_another_browser_and_is_not_shown_there(app, sent):
    location, reference, code = sent
    other = stranger(app)
    assert other.client.get(location).status_code == 404
    response = other.submit(
        "/nb/apply/receipt/open", {"reference": reference.lower(), "code": code.lower()}
    )
    assert response.status_code == 303 and response.location.endswith(location)
    page = other.get(location)
    assert page.select_one("#reference").get_text(strip=True) == reference
    assert page.select_one("#receipt-code") is None


@pytest.mark.parametrize("wrong", ["reference", "code"])
def test_a_wrong_reference_or_code_gets_one_message(app, sent, wrong):
    location, reference, code = sent
    other = stranger(app)
    data = {"reference": reference, "code": code}
    data[wrong] = "VV-2026-999999" if wrong == "reference" else "ABCD-EFGH-JKMN-PQRS"
    page = other.page(other.submit("/nb/apply/receipt/open", data))
    assert [a.get_text(strip=True) for a in page.select(".error-summary a")] == [
        "Vi fant ingen søknad med det referansenummeret og den koden. Sjekk begge og prøv igjen."
    ]
    assert other.client.get(location).status_code == 404


def test_guessing_codes_is_rate_limited(app, sent):
    _location, reference, _code = sent
    other = stranger(app)
    token = other.csrf_token("/nb/apply/receipt/open")
    statuses = [
        other.client.post(
            "/nb/apply/receipt/open",
            data={"csrf_token": token, "reference": reference, "code": f"ABCD-EFGH-JKMN-PQR{n}"},
        ).status_code
        for n in range(2, 8)
    ]
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]


def _decide(app, reference: str, lead_id: int) -> None:
    with app.app_context():
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        lead = db.session.get(Advisor, lead_id)
        draft = decisions.DecisionDraft(
            outcome=decisions.GRANT,
            amount=5_000_000,
            conditions=None,
            plan_due_on=drafts.today_in_norway() + timedelta(days=60),
            reasons=(),
            reasons_text=None,
            letter_language="nb",
            case_number=None,
            letter_date=None,
        )
        decisions.save_draft(application, draft, lead, None, drafts.today_in_norway())
        decisions.send(application, lead)
        db.session.commit()


def test_the_applicant_reads_the_grant_and_sends_the_plan(app, pages, sent, lead_advisor):
    location, reference, code = sent
    public_id = location.rsplit("/", 1)[-1]
    assert (
        pages.client.get(
            f"/nb/apply/receipt/{public_id}/letters/preliminary-grant.docx"
        ).status_code
        == 404
    )
    _decide(app, reference, lead_advisor.id)
    other = stranger(app)
    other.submit("/nb/apply/receipt/open", {"reference": reference, "code": code})
    page = other.get(location)
    case = page.select_one("section[aria-labelledby=case]").get_text(" ", strip=True)
    assert "Foreløpig tilsagn" in case
    letter = other.client.get(f"/nb/apply/receipt/{public_id}/letters/preliminary-grant.docx")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.get_data())).paragraphs)
    assert "Foreløpig tilsagn om medfinansiering" in text
    assert (
        other.client.get(f"/nb/apply/receipt/{public_id}/letters/final-grant.docx").status_code
        == 404
    )
    token = other.csrf_token(location)
    response = other.client.post(
        f"/nb/apply/receipt/{public_id}/plan",
        data={"csrf_token": token, "plan": (io.BytesIO(PDF), "gevinstplan.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = other.get(location)
    assert "Gevinstrealiseringsplanen er sendt til sekretariatet." in page.get_text()
    with app.app_context():
        application = db.session.scalar(
            select(Application).where(Application.reference == reference)
        )
        decision = db.session.get(GrantDecision, application.id)
        assert decision.plan_status == decisions.PLAN_RECEIVED
        assert decision.plan_attachment.filename == "gevinstplan.pdf"
    # Without the token, nothing is taken.
    response = other.client.post(
        f"/nb/apply/receipt/{public_id}/plan",
        data={"plan": (io.BytesIO(PDF), "annen.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_the_receipt_goes_to_another_address_once(app, pages, sent):
    location, _reference, _code = sent
    public_id = location.rsplit("/", 1)[-1]
    page = pages.get(location)
    assert (
        "Vi har sendt denne kvitteringen til" in page.select_one("#email-receipt").parent.get_text()
    )
    url = f"/nb/apply/receipt/{public_id}/email"
    response = pages.submit(url, {"email": "ikke en adresse"}, form_url=location)
    assert response.status_code == 200
    page = pages.page(response)
    summary = [a.get_text(strip=True) for a in page.select(".error-summary a")]
    assert summary == ["Skriv e-postadressen i riktig format, for eksempel navn@virksomhet.no"]
    # The summary opens the page, before the receipt itself, and the title says so.
    assert page.select_one("main").find(True)["class"] == ["error-summary"]
    assert page.title.get_text().startswith("Feil:")
    assert page.select_one("input[name=email]")["value"] == "ikke en adresse"
    response = pages.submit(url, {"email": "arkiv@etaten.example"}, form_url=location)
    assert response.status_code == 303
    assert "Kvitteringen er på vei til arkiv@etaten.example." in pages.get(location).get_text()
    pages.submit(url, {"email": "arkiv@etaten.example"}, form_url=location)
    assert "allerede sendt til arkiv@etaten.example" in pages.get(location).get_text()
    with app.app_context():
        from webapp.jobs.models import Job

        receipts = [
            job.recipient
            for job in db.session.scalars(select(Job))
            if job.payload.get("mail") == "receipt"
        ]
    assert receipts.count("arkiv@etaten.example") == 1


def test_someone_elses_receipt_cannot_be_mailed(app, sent):
    location, _reference, _code = sent
    other = stranger(app)
    token = other.csrf_token("/nb/apply/receipt/open")
    response = other.client.post(
        f"{location}/email", data={"csrf_token": token, "email": "tyv@example.no"}
    )
    assert response.status_code == 404
