"""A service's refusal reads in the page's language, with whole numbers written as amounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from webapp.i18n import format_amount
from webapp.refusals import refusal_text


@dataclass
class Refused:
    message: str
    values: dict[str, Any] = field(default_factory=dict)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_amounts_are_formatted_and_other_values_left_alone(app, lang):
    refused = Refused(
        "The final grant cannot be more than the preliminary grant, %(amount)s.",
        {"amount": 7_500_000},
    )
    with app.test_request_context(f"/{lang}/"):
        text = refusal_text(refused)
        assert format_amount(7_500_000) in text
    assert "7500000" not in text
    with app.test_request_context("/en/"):
        assert refusal_text(Refused("%(flag)s", {"flag": True})) == "True"
