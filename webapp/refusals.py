"""A refusal from a service, in the page's language with its amounts formatted.

Services refuse with an English msgid and the values to put in it (``message``, ``values``);
whole numbers among the values are amounts in kroner.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask_babel import gettext

from .i18n import format_amount


class Refusal(Protocol):
    message: str
    values: dict[str, Any]


def refusal_text(refused: Refusal) -> str:
    values = {
        name: format_amount(value)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in refused.values.items()
    }
    return gettext(refused.message, **values)
