"""English pages write numbers the English way, in hints and messages too (issue: "12,5 mill.")."""

from __future__ import annotations

import re

import pytest

from tests.apply.journey import answer_until_result, post_step, step_url, walk_to_check

# A Norwegian amount: digits grouped with a (no-break) space and a unit, or a decimal comma.
NORWEGIAN_AMOUNT = re.compile(
    r"\d[ \u00a0]\d{3}\b(?![ \u00a0]\d{3}[ \u00a0]\d{3}\b)|\d,\d+ mill|\bkr\b"
)


def visible_text(page) -> str:
    main = page.select_one("main")
    return main.get_text(" ", strip=True)


def norwegian_formats(text: str) -> list[str]:
    # Organisation numbers ("974 760 673") and phone numbers are written the same in English.
    text = re.sub(r"\b\d{3}[ \u00a0]\d{3}[ \u00a0]\d{3}\b|\b\d{2}( \d{2}){3}\b", "", text)
    return NORWEGIAN_AMOUNT.findall(text)


def test_the_budget_hint_gives_english_examples_on_english_pages(pages):
    answer_until_result(pages, "en")
    page = pages.get(step_url("en", "budget"))
    hint = page.select_one("#total_cost-hint").get_text().replace("\u00a0", " ")
    assert "12,500,000" in hint and "12.5 million" in hint
    assert not norwegian_formats(hint), hint


@pytest.mark.parametrize(
    ("lang", "example"), [("nb", "12\u00a0500\u00a0000"), ("nn", "12\u00a0500\u00a0000")]
)
def test_norwegian_pages_keep_norwegian_examples(pages, lang, example):
    answer_until_result(pages, lang)
    page = pages.get(step_url(lang, "budget"))
    hint = page.select_one("#total_cost-hint").get_text().replace("\u00a0", " ")
    assert "12 500 000" in hint and "12,5 mill." in hint


def test_english_messages_about_amounts_use_english_formats(pages):
    answer_until_result(pages, "en")
    page = pages.page(post_step(pages, "en", "budget", {"total_cost": "twelve"}))
    assert not norwegian_formats(visible_text(page)), visible_text(page)
    walk_to_check(pages, "en", schemes=("cofinancing",))
    page = pages.page(post_step(pages, "en", "cofinancing", {"requested_amount": "0"}))
    message = page.select_one("#requested_amount-error").get_text(" ", strip=True)
    assert "NOK" in message and not norwegian_formats(message), message


def test_no_english_page_of_the_journey_shows_a_norwegian_amount(pages):
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    for step in ("applicant", "project", "budget", "result", "cofinancing", "council", "check"):
        text = visible_text(pages.get(step_url("en", step)))
        assert not norwegian_formats(text), (step, norwegian_formats(text))
