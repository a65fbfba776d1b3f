"""Advisors read and download Vedlegg 1 and 2 beside the application; each download is recorded.

The stored answers here are the old scalar figures: the appendices read them as year rows."""

from __future__ import annotations

import io
from urllib.parse import unquote

import openpyxl
from sqlalchemy import select

from tests.advisor.conftest import COMPLETE_ANSWERS
from webapp.extensions import db
from webapp.models import AuditEvent

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_advisors_preview_and_download_the_appendices(pages, app, logged_in, make_application):
    reference = make_application()
    base = f"/en/advisor/applications/{reference}"
    page = pages.get(base)
    links = {a["href"] for a in page.select("a[href*='/appendix-']")}
    assert links == {
        f"{base}/appendix-1/preview",
        f"{base}/appendix-1.docx",
        f"{base}/appendix-2/preview",
        f"{base}/appendix-2.docx",
        f"{base}/appendix-2.xlsx",
    }
    preview = pages.get(f"{base}/appendix-2/preview")
    # In the language the application was written in (nb), whatever the advisor's pages use.
    assert preview.select_one(".document-preview h1").get_text().startswith("Vedlegg 2")
    docx = pages.client.get(f"{base}/appendix-1.docx")
    assert docx.status_code == 200 and docx.mimetype == DOCX
    assert docx.headers["Cache-Control"] == "no-store"
    xlsx = pages.client.get(f"{base}/appendix-2.xlsx")
    assert xlsx.status_code == 200 and xlsx.mimetype == XLSX
    assert unquote(xlsx.headers["Content-Disposition"].split("UTF-8''", 1)[1]) == (
        f"Vedlegg 2 Beregning av netto nåverdi {reference}.xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["C9"].value == COMPLETE_ANSWERS["investment_cost"]
    with app.app_context():
        recorded = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "downloaded_application")
        ).all()
    assert [detail["appendix"] for detail in recorded] == [
        f"vedlegg-1-forutsetninger-{reference}.docx",
        f"vedlegg-2-netto-naverdi-{reference}.xlsx",
    ]


def test_no_appendices_for_a_council_request(pages, logged_in, make_application):
    reference = make_application(answers={**COMPLETE_ANSWERS, "schemes": ["council"]})
    base = f"/en/advisor/applications/{reference}"
    assert not pages.get(base).select("a[href*='/appendix-']")
    for path in ("appendix-1/preview", "appendix-1.docx", "appendix-2.xlsx"):
        assert pages.client.get(f"{base}/{path}").status_code == 404


def test_appendices_need_a_login(client, make_application):
    reference = make_application()
    for path in ("appendix-1/preview", "appendix-2.docx", "appendix-2.xlsx"):
        response = client.get(f"/en/advisor/applications/{reference}/{path}")
        assert response.status_code in (302, 303)
        assert "/advisor/login" in response.location
