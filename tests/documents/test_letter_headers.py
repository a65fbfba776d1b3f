"""The letters' header gives the secretariat's postal address and the case officer's phone
when they are configured."""

from __future__ import annotations

import pytest

from tests.documents.applications import ASSESSMENT, docx_texts
from tests.documents.helpers import open_docx
from tests.documents.test_decision_letters import ctx, decided  # noqa: F401  (fixture)
from webapp.extensions import db
from webapp.services import decisions, documents


@pytest.fixture
def app_settings():
    return {
        "VEIVISER_POSTAL_ADDRESS": "Postboks 1382 Vika; 0114 Oslo",
        "VEIVISER_CONTACT_PHONE": "22 45 10 00",
    }


@pytest.mark.usefixtures("ctx")
def test_the_header_gives_the_address_and_the_phone_when_configured():
    application = decided(decisions.PRELIMINARY_LETTER, "en")
    texts = docx_texts(
        open_docx(documents.decision_letter(application, "preliminary-grant").content)
    )
    assert texts[0] == (
        "Norwegian Digitalisation Agency (Digdir) Secretariat of the co-financing scheme "
        "Postboks 1382 Vika 0114 Oslo"
    )
    assert "Case officer: Lena Leder, lena.leder@example.no, telephone 22 45 10 00" in texts
    application.assessment = {**ASSESSMENT, "letter_language": "en"}
    db.session.commit()
    advice = docx_texts(open_docx(documents.advice_letter(application).content))
    assert advice[0] == "Digitalisation Council Secretariat Postboks 1382 Vika 0114 Oslo"
    assert (
        "Case officer: Kari Nordmann, kari.nordmann@digdir.example, telephone 22 45 10 00" in advice
    )
