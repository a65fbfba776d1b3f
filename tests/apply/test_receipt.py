"""The receipt says what was sent, what happens next and when, and whom to contact."""

from __future__ import annotations

import pytest

from forms.routing import SCHEME_LABELS
from tests.apply.journey import PROJECT, submit, walk_to_check


@pytest.fixture
def app_settings():
    return {
        "VEIVISER_CONTACT_EMAIL": "sekretariat@etaten.example",
        "VEIVISER_CONTACT_PHONE": "22 45 10 00",
    }


def receipt(pages, lang: str, schemes: tuple[str, ...]):
    walk_to_check(pages, lang, schemes=schemes)
    return pages.get(submit(pages, lang).location)


def test_the_receipt_for_both_schemes(pages):
    page = receipt(pages, "en", ("cofinancing", "council"))
    text = page.select_one("main").get_text(" ", strip=True)
    reference = page.select_one("#reference").get_text(strip=True)
    heading = next(h for h in page.select("main h2") if h.get_text(strip=True) == "What you sent")
    sent = [li.get_text(" ", strip=True) for li in heading.find_next_sibling("ul").select("li")]
    title = PROJECT["project_title"]
    assert sent == [
        f"An application to {SCHEME_LABELS[scheme]}, for the project “{title}”."
        for scheme in ("cofinancing", "council")
    ]
    assert "as a rule within three weeks" in text
    assert "preliminary grant" in text
    contact = page.select_one("main a[href='mailto:sekretariat@etaten.example']")
    assert contact and reference in contact.parent.get_text()
    assert "22 45 10 00" in text


def test_a_council_receipt_says_nothing_about_ranking(pages):
    text = receipt(pages, "nn", ("council",)).select_one("main").get_text(" ", strip=True)
    assert "som regel innan tre veker" in text
    assert "førebels tilsegn" not in text
    assert "Søknaden er send" in text
