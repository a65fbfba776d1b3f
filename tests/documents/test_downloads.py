"""The applicant previews and downloads their own application from the receipt; nobody else can."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from sqlalchemy import select

from tests.apply.journey import submit, walk_to_check
from tests.documents.applications import docx_texts, html_texts
from tests.documents.helpers import open_docx
from tests.pages import PageClient
from webapp.extensions import db
from webapp.models import Application, AuditEvent

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def send(pages: PageClient, lang: str, schemes: tuple[str, ...]) -> tuple[str, str]:
    """Walk the wizard, send the application, and return the receipt URL and public id."""
    walk_to_check(pages, lang, schemes=schemes)
    receipt_url = submit(pages, lang).location
    return receipt_url, receipt_url.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_receipt_links_to_a_preview_and_a_download_per_scheme(pages, lang):
    receipt_url, public_id = send(pages, lang, ("cofinancing", "council"))
    receipt = pages.get(receipt_url)
    links = [a["href"] for a in receipt.select("main a[href*='/receipt/']")]
    base = f"/{lang}/apply/receipt/{public_id}"
    assert links == [
        f"{base}/preview/cofinancing",
        f"{base}/cofinancing.docx",
        f"{base}/preview/council",
        f"{base}/council.docx",
        f"{base}/appendix-1/preview",
        f"{base}/appendix-1.docx",
        f"{base}/appendix-2/preview",
        f"{base}/appendix-2.docx",
        f"{base}/appendix-2.xlsx",
    ]
    for href in links:
        assert pages.client.get(href).status_code == 200


def test_the_download_is_an_attachment_that_is_never_cached(pages, app):
    _, public_id = send(pages, "en", ("cofinancing",))
    response = pages.client.get(f"/en/apply/receipt/{public_id}/cofinancing.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with app.app_context():
        reference = db.session.scalar(select(Application.reference))
    disposition = response.headers["Content-Disposition"]
    ascii_name = f"soknad-medfinansiering-{reference}.docx"
    assert disposition.startswith(f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''")
    assert unquote(disposition.split("UTF-8''", 1)[1]) == (
        f"Application for co-financing {reference}.docx"
    )
    document = open_docx(response.data)
    assert document.core_properties.title == (
        "Application for co-financing – Digital førerkortfornyelse"
    )


def test_a_norwegian_download_name_is_percent_encoded(pages):
    _, public_id = send(pages, "nb", ("council",))
    disposition = pages.client.get(f"/nb/apply/receipt/{public_id}/council.docx").headers[
        "Content-Disposition"
    ]
    assert disposition.isascii()
    assert 'filename="foresporsel-digitaliseringsradet-VV-' in disposition
    assert "filename*=UTF-8''" in disposition


def test_each_download_is_recorded(pages, app):
    _, public_id = send(pages, "en", ("cofinancing", "council"))
    for scheme in ("council", "cofinancing"):
        assert pages.client.get(f"/en/apply/receipt/{public_id}/{scheme}.docx").status_code == 200
    pages.client.get(f"/en/apply/receipt/{public_id}/preview/council")  # reading is not recorded
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "downloaded_by_applicant")
            .order_by(AuditEvent.id)
        ).all()
        assert [event.detail["scheme"] for event in events] == ["council", "cofinancing"]
        assert all(event.advisor_id is None for event in events)


def test_the_preview_is_the_document_inside_the_site(pages):
    _, public_id = send(pages, "nn", ("cofinancing",))
    page = pages.get(f"/nn/apply/receipt/{public_id}/preview/cofinancing")
    box = page.select_one(".document-preview")
    assert box is not None and box["lang"] == "nn"
    assert page.select_one("h1") is box.select_one("h1")  # the document's heading is the page's
    download = pages.client.get(f"/nn/apply/receipt/{public_id}/cofinancing.docx")
    assert html_texts(box.decode_contents()) == docx_texts(open_docx(download.data))
    assert page.select_one(f"a[href='/nn/apply/receipt/{public_id}/cofinancing.docx']")


def test_the_document_keeps_the_language_of_the_application(pages):
    _, public_id = send(pages, "en", ("cofinancing",))
    nb_download = pages.client.get(f"/nb/apply/receipt/{public_id}/cofinancing.docx")
    assert open_docx(nb_download.data).core_properties.language == "en-GB"


def test_a_scheme_the_application_was_not_sent_to_is_not_found(pages):
    _, public_id = send(pages, "en", ("cofinancing",))
    base = f"/en/apply/receipt/{public_id}"
    for url in (f"{base}/council.docx", f"{base}/preview/council", f"{base}/own_funding.docx"):
        assert pages.client.get(url).status_code == 404


def test_nobody_else_gets_the_documents(pages, app):
    _, public_id = send(pages, "en", ("cofinancing",))
    stranger = app.test_client()
    base = f"/en/apply/receipt/{public_id}"
    for url in (base, f"{base}/preview/cofinancing", f"{base}/cofinancing.docx"):
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert b"PK" not in response.data[:2]
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "downloaded_by_applicant")
        ).all()


def test_a_guessed_id_is_not_found(pages):
    send(pages, "en", ("cofinancing",))
    guessed = "A" * 43
    assert pages.client.get(f"/en/apply/receipt/{guessed}/cofinancing.docx").status_code == 404
