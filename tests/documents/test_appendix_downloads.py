"""Vedlegg 1 and 2 from the receipt: the applicant's own, and nobody else's."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.apply.journey import submit, walk_to_check
from tests.documents.applications import docx_texts, html_texts
from tests.documents.helpers import open_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send(pages, lang: str, schemes: tuple[str, ...]) -> str:
    walk_to_check(pages, lang, schemes=schemes)
    return submit(pages, lang).location


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_applicant_gets_both_appendices_from_the_receipt(pages, lang):
    receipt_url = send(pages, lang, ("cofinancing",))
    receipt = pages.get(receipt_url)
    assert receipt.select_one("#still-to-send")
    for number in ("1", "2"):
        preview = pages.get(f"{receipt_url}/appendix-{number}/preview")
        response = pages.client.get(f"{receipt_url}/appendix-{number}.docx")
        assert response.status_code == 200 and response.mimetype == DOCX
        assert response.headers["Cache-Control"] == "no-store"
        document_html = str(preview.select_one(".document-preview"))
        assert html_texts(document_html) == docx_texts(open_docx(response.data))
        assert preview.select_one(".document-preview")["lang"] == lang
    spreadsheet = pages.client.get(f"{receipt_url}/appendix-2.xlsx")
    assert spreadsheet.status_code == 200 and spreadsheet.mimetype == XLSX
    assert 'filename="vedlegg-2-netto-naverdi-VV-' in spreadsheet.headers["Content-Disposition"]
    openpyxl.load_workbook(io.BytesIO(spreadsheet.data))


def test_no_appendices_without_cofinancing(pages):
    receipt_url = send(pages, "en", ("council",))
    assert pages.get(receipt_url).select_one("#appendices") is None
    assert pages.get(receipt_url).select_one("#still-to-send") is None
    for path in ("appendix-1/preview", "appendix-2.docx", "appendix-2.xlsx"):
        assert pages.client.get(f"{receipt_url}/{path}").status_code == 404


def test_another_browser_gets_nothing(pages, client, app):
    receipt_url = send(pages, "en", ("cofinancing",))
    app.test_client_class = type(client)
    stranger = app.test_client()
    for path in ("appendix-1/preview", "appendix-1.docx", "appendix-2.xlsx"):
        assert stranger.get(f"{receipt_url}/{path}").status_code == 404
