"""The documents step and the advisor's download, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from tests.apply.journey import READINESS, post_step, step_url, submit
from tests.attachments import samples
from tests.attachments.conftest import (
    attach,
    documents_url,
    error_summary,
    listed_files,
    upload_form,
    walk_to_documents,
)
from webapp.extensions import db
from webapp.models import Application, Attachment, AuditEvent
from webapp.services import audit

MB = 1024 * 1024


def draft_answers(app) -> dict:
    with app.app_context():
        (draft,) = db.session.scalars(select(Application)).all()
        return dict(draft.answers)


def stored(app) -> list[tuple[str, str, int]]:
    with app.app_context():
        rows = db.session.scalars(select(Attachment).order_by(Attachment.id))
        return [(a.kind, a.filename, a.size) for a in rows]


def test_the_documents_page_offers_a_plain_form_per_kind_of_document(pages):
    walk_to_documents(pages)
    page = pages.get(documents_url())
    assert page.select_one("h1").get_text(strip=True) == "Documents"
    kinds = [s["id"] for s in page.select("section.attachment-kind")]
    assert kinds == [
        "kind-business_case",
        "kind-benefits_plan",
        "kind-governance_document",
        "kind-other",
    ]
    for kind in kinds:
        action, _token = upload_form(page, kind.replace("kind-", "file-"))
        assert action.startswith("/en/apply/attachments/upload?kind=")
    file_input = page.select_one("#file-business_case")
    assert ".pdf" in file_input["accept"] and ".docx" in file_input["accept"]
    assert "20 MB a file and 60 MB in all" in page.get_text(" ").replace("\u00a0", " ")


def test_attach_replace_and_remove_until_the_application_is_sent(app, pages):
    walk_to_documents(pages)
    response = attach(pages, samples.PDF, "Prosjektbegrunnelse.pdf")
    assert response.status_code == 303
    assert response.location.endswith(documents_url() + "#kind-business_case")
    page = pages.get(documents_url())
    assert "“Prosjektbegrunnelse.pdf” is attached." in page.select_one(".notice").get_text()
    assert listed_files(page) == ["Prosjektbegrunnelse.pdf"]
    assert "(21 kB)" in page.select_one(".attachment__size").get_text().replace("\u00a0", " ")

    attach(pages, samples.DOCX, "Styring.docx", kind="governance_document")
    (first_id,) = [a["id"].removeprefix("replace-") for a in page.select("input[id^=replace-]")]
    attach(pages, samples.ODT, "Prosjektbegrunnelse v2.odt", replaces=first_id)
    assert [name for _kind, name, _size in stored(app)] == [
        "Styring.docx",
        "Prosjektbegrunnelse v2.odt",
    ]
    assert draft_answers(app)["attached_kinds"] == ["business_case", "governance_document"]

    page = pages.get(documents_url())
    remove = page.select_one("form[action$='/remove']")
    response = pages.client.post(
        remove["action"], data={"csrf_token": remove.select_one("[name=csrf_token]")["value"]}
    )
    assert response.status_code == 303
    assert len(stored(app)) == 1
    assert "is removed." in pages.get(documents_url()).select_one(".notice").get_text()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (samples.ELF, "Gevinstplan.pdf", "The file must be a PDF, Word (DOCX)"),
        (samples.WINDOWS_EXE, "Styringsdokument.docx", "We check the content, not the name."),
        (b"", "tom.pdf", "The file is empty."),
        (samples.docx_bomb(260 * MB), "bomb.docx", "The file unpacks to more than 256 MB"),
    ],
)
def test_a_refused_file_is_explained_and_nothing_else_changes(
    app, pages, content, filename, message
):
    walk_to_documents(pages)
    before = draft_answers(app)
    response = attach(pages, content, filename, kind="benefits_plan")
    assert response.status_code == 303
    assert response.location.endswith("#kind-benefits_plan")
    page = pages.get(documents_url())
    assert page.title.get_text().startswith("Error:")
    (summary,) = error_summary(page)
    assert message in summary.replace("\u00a0", " ")
    assert page.select_one(".error-summary a")["href"] == "#file-benefits_plan"
    assert page.select_one("#file-benefits_plan-error")
    assert stored(app) == []
    assert draft_answers(app) == before
    # The message is shown once: the next visit is the plain page again.
    assert not pages.get(documents_url()).select(".error-summary")


def test_a_file_over_20_mb_is_refused_with_a_message_and_the_body_read_to_its_end(app, pages):
    walk_to_documents(pages, lang="nn")
    before = draft_answers(app)
    big = samples.PDF[:-6] + bytes(21 * MB) + samples.PDF[-6:]
    response = attach(pages, big, "Stor.pdf", kind="other", lang="nn")
    assert response.status_code == 303
    page = pages.get(documents_url("nn"))
    (summary,) = error_summary(page)
    assert summary.replace("\u00a0", " ").startswith("Fila er større enn 20 MB.")
    assert stored(app) == [] and draft_answers(app) == before


def test_only_the_upload_accepts_a_large_body(pages):
    """VEIVISER_MAX_CONTENT_LENGTH still guards every other form."""
    walk_to_documents(pages)
    response = pages.submit(
        step_url("en", "council"),
        {"questions_for_council": "x" * (300 * 1024), "preferred_meeting_period": ""},
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "app_settings",
    [
        {
            "VEIVISER_ATTACHMENT_MAX_FILE_BYTES": 64 * 1024,
            "VEIVISER_ATTACHMENT_MAX_TOTAL_BYTES": 60 * 1024,
        }
    ],
)
def test_the_total_per_application_is_kept(app, pages):
    walk_to_documents(pages)
    assert attach(pages, samples.DOCX, "a.docx").status_code == 303
    attach(pages, samples.DOCX, "b.docx", kind="other")
    (summary,) = error_summary(pages.get(documents_url()))
    assert "The attachments may be at most 60 kB in all" in summary.replace("\u00a0", " ")
    assert [name for _k, name, _s in stored(app)] == ["a.docx"]


@pytest.mark.parametrize("app_settings", [{"VEIVISER_UPLOAD_LIMITS": "2/hour"}])
def test_uploads_have_a_rate_limit_of_their_own(pages):
    walk_to_documents(pages)
    statuses = [attach(pages, samples.PDF, f"{n}.pdf", kind="other").status_code for n in range(3)]
    assert statuses == [303, 303, 429]


def test_an_upload_without_a_file_or_without_the_csrf_token(app, pages):
    walk_to_documents(pages)
    page = pages.get(documents_url())
    action, token = upload_form(page, "file-other")
    response = pages.client.post(
        action,
        data={"csrf_token": token, "file": (io.BytesIO(b""), "")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert error_summary(pages.get(documents_url())) == ["Choose a file to attach."]
    response = pages.client.post(
        action,
        data={"file": (io.BytesIO(samples.PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert stored(app) == []


def test_a_kind_the_scheme_does_not_ask_for_is_refused(app, pages):
    walk_to_documents(pages)
    page = pages.get(documents_url())
    _action, token = upload_form(page, "file-other")
    response = pages.client.post(
        "/en/apply/attachments/upload?kind=ks_statement",
        data={"csrf_token": token, "file": (io.BytesIO(samples.PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert stored(app) == []


def test_embed_mode_is_kept_through_an_upload(pages):
    walk_to_documents(pages)
    page = pages.get(documents_url(embed=True))
    action, token = upload_form(page, "file-other")
    assert "embed=1" in action
    response = pages.client.post(
        action,
        data={"csrf_token": token, "file": (io.BytesIO(samples.PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert "embed=1" in response.location


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_page_in_each_language(pages, lang):
    walk_to_documents(pages, lang=lang)
    attach(pages, samples.ELF, "x.pdf", lang=lang)
    page = pages.get(documents_url(lang))
    expected = {
        "nb": ("Dokumenter", "Filen må være et PDF-"),
        "nn": ("Dokument", "Fila må vere eit PDF-"),
        "en": ("Documents", "The file must be a PDF"),
    }[lang]
    assert page.select_one("h1").get_text(strip=True) == expected[0]
    assert error_summary(page)[0].startswith(expected[1])


# --- the KS statement --------------------------------------------------------------------

KS_SETTINGS = [{"VEIVISER_RULESET": "digdir-10-100"}]


@pytest.mark.parametrize("app_settings", KS_SETTINGS)
def test_co_financing_that_concerns_municipalities_needs_the_ks_statement(app, pages):
    from tests.apply.journey import COFINANCING, answer_until_result

    answer_until_result(pages, "en")
    post_step(pages, "en", "result", {"schemes": ["cofinancing"]})
    response = post_step(
        pages, "en", "cofinancing", {**COFINANCING, "municipalities_concerned": "yes"}
    )
    assert response.location.endswith(documents_url())
    page = pages.get(documents_url())
    assert [s["id"] for s in page.select("section.attachment-kind")] == ["kind-ks_statement"]
    assert "Required" in page.select_one("#heading-ks_statement").get_text()

    response = post_step(pages, "en", "attachments", {"documents_reviewed": "yes"})
    assert response.status_code == 200
    page = pages.page(response)
    assert error_summary(page) == [
        "Attach the statement from KS: a project that concerns municipalities must have one."
    ]
    assert page.select_one(".error-summary a")["href"] == "#file-ks_statement"
    # Readiness cannot be reached past a missing statement.
    assert pages.client.get(step_url("en", "readiness")).location.endswith(documents_url())

    attach(pages, samples.PDF, "Uttale frå KS.pdf", kind="ks_statement")
    response = post_step(pages, "en", "attachments", {"documents_reviewed": "yes"})
    assert response.location.endswith(step_url("en", "readiness"))


@pytest.mark.parametrize("app_settings", KS_SETTINGS)
def test_no_documents_step_when_municipalities_are_not_concerned(pages):
    from tests.apply.journey import COFINANCING, answer_until_result

    answer_until_result(pages, "en")
    post_step(pages, "en", "result", {"schemes": ["cofinancing"]})
    response = post_step(
        pages, "en", "cofinancing", {**COFINANCING, "municipalities_concerned": "no"}
    )
    assert response.location.endswith(step_url("en", "readiness"))


@pytest.mark.parametrize("app_settings", [{"VEIVISER_RULESET": "difi-2018"}])
def test_a_rule_set_without_the_ks_requirement_asks_no_municipality_question(pages):
    from tests.apply.journey import answer_until_result

    answer_until_result(pages, "en")
    post_step(pages, "en", "result", {"schemes": ["cofinancing"]})
    page = pages.get(step_url("en", "cofinancing"))
    assert not page.select("[name=municipalities_concerned]")


# --- sending, and the advisor's download --------------------------------------------------


def send_with_files(pages) -> str:
    walk_to_documents(pages)
    attach(pages, samples.PDF, "Prosjektbegrunnelse.pdf")
    attach(pages, samples.DOCX, "Styringsdokument «v2».docx", kind="governance_document")
    post_step(pages, "en", "attachments", {"documents_reviewed": "yes"})
    post_step(pages, "en", "readiness", READINESS)
    check = pages.get(step_url("en", "check"))
    rows = [
        row.get_text(" ", strip=True) for row in check.select("#section-attachments + table tr")
    ]
    assert rows[0].startswith("Business case (socio-economic analysis) Prosjektbegrunnelse.pdf")
    response = submit(pages)
    assert response.status_code == 303
    return response.location


def test_advisors_download_the_files_with_safe_headers_and_an_audit_event(app, pages, logged_in):
    send_with_files(pages)
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        reference = application.reference
    page = logged_in.get(f"/en/advisor/applications/{reference}")
    links = page.select("section[aria-labelledby=attachments-heading] a[download]")
    assert [link.get_text(strip=True) for link in links] == [
        "Prosjektbegrunnelse.pdf",
        "Styringsdokument «v2».docx",
    ]
    response = logged_in.client.get(links[1]["href"])
    assert response.status_code == 200
    assert response.get_data() == samples.DOCX
    assert response.mimetype == samples_mimetype("docx")
    assert response.headers["Content-Length"] == str(len(samples.DOCX))
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert re.search(r'filename="[A-Za-z0-9._-]+"', disposition)
    utf8_name = disposition.split("filename*=UTF-8''")[1]
    assert unquote(utf8_name) == "Styringsdokument «v2».docx"
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == audit.DOWNLOADED_ATTACHMENT)
        ).one()
        assert event.detail["filename"] == "Styringsdokument «v2».docx"
    history = logged_in.get(f"/en/advisor/applications/{reference}").get_text(" ")
    assert "Downloaded the attached file “Styringsdokument «v2».docx”." in history


def samples_mimetype(code: str) -> str:
    from webapp.filetypes import BY_CODE

    return BY_CODE[code].mimetype


def test_the_documents_list_the_files_by_name_and_size(app, pages, logged_in):
    send_with_files(pages)
    with app.app_context():
        reference = db.session.scalars(select(Application)).one().reference
    preview = logged_in.get(
        f"/en/advisor/applications/{reference}/application-council/preview"
    ).get_text(" ")
    assert "Prosjektbegrunnelse.pdf" in preview and "Styringsdokument «v2».docx" in preview


# --- who may reach a file ------------------------------------------------------------------


def test_no_one_but_an_advisor_reaches_a_file(app, pages, client):
    receipt = send_with_files(pages)
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        reference = application.reference
        file_id = application.attachments[0].public_id
    url = f"/en/advisor/applications/{reference}/attachments/{file_id}"
    # The applicant who sent it, and an anonymous browser: both are sent to the login page.
    for browser in (pages.client, app.test_client()):
        response = browser.get(url)
        assert response.status_code in (302, 303)
        assert "/advisor/login" in response.location
    assert pages.client.get(receipt).status_code == 200


def test_another_applicant_can_neither_remove_nor_replace_a_file(app, pages):
    from tests.pages import PageClient

    walk_to_documents(pages)
    attach(pages, samples.PDF, "mine.pdf")
    with app.app_context():
        victim_file = db.session.scalars(select(Attachment)).one().public_id

    other = PageClient(app.test_client())
    walk_to_documents(other)
    page = other.get(documents_url())
    _action, token = upload_form(page, "file-other")
    response = other.client.post(
        f"/en/apply/attachments/{victim_file}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 404
    response = other.client.post(
        f"/en/apply/attachments/upload?replaces={victim_file}",
        data={"csrf_token": token, "file": (io.BytesIO(samples.PDF), "theirs.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert [name for _k, name, _s in stored(app)] == ["mine.pdf"]


def test_after_sending_the_files_can_no_longer_change(app, pages):
    send_with_files(pages)
    with app.app_context():
        file_id = db.session.scalars(select(Attachment)).first().public_id
    token = pages.csrf_token("/en/apply/resume")
    response = pages.client.post(
        f"/en/apply/attachments/{file_id}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 303 and response.location.endswith("/en/apply/applicant")
    assert len(stored(app)) == 2


def test_an_advisor_cannot_reach_a_file_through_another_application(
    app, pages, logged_in, make_application
):
    send_with_files(pages)
    other = make_application(reference="VV-2026-999999")
    with app.app_context():
        file_id = db.session.scalars(select(Attachment)).first().public_id
    response = logged_in.client.get(f"/en/advisor/applications/{other}/attachments/{file_id}")
    assert response.status_code == 404
