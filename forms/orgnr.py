"""Norwegian organisation numbers (organisasjonsnummer): nine digits with a mod-11 check digit.

Weights 3, 2, 7, 6, 5, 4, 3, 2 apply to digits 1–8; r = sum mod 11; the check digit is 0 when
r = 0 and 11 − r otherwise, and a number whose check digit would be 10 is never issued.
For display use :func:`forms.formatting.format_org_number` ("974 760 673").
"""

from __future__ import annotations

from forms.formatting import format_org_number
from forms.text import N_, Text, text

ORG_NUMBER_LENGTH = 9
_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_EXAMPLE = format_org_number("974760673")


def normalise_org_number(raw: str) -> str:
    """Remove every kind of space (also NBSP) so "974 760 673" becomes "974760673"."""
    return "".join(str(raw).split())


def check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when the remainder makes it 10 (never valid)."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, _WEIGHTS, strict=True)) % 11
    digit = 0 if remainder == 0 else 11 - remainder
    return None if digit == 10 else digit


def _is_nine_digits(digits: str) -> bool:
    return len(digits) == ORG_NUMBER_LENGTH and digits.isascii() and digits.isdigit()


def is_valid_org_number(raw: str) -> bool:
    """True for nine digits (spaces allowed) whose last digit is the right check digit."""
    digits = normalise_org_number(raw)
    if not _is_nine_digits(digits):
        return False
    return check_digit(digits[:8]) == int(digits[8])


def org_number_error(raw: str) -> Text | None:
    """Why ``raw`` is not a valid organisation number, or None when it is."""
    digits = normalise_org_number(raw)
    if not digits:
        return text(
            N_("Enter the organisation number: nine digits, as in %(example)s."),
            example=_EXAMPLE,
        )
    if not _is_nine_digits(digits):
        return text(
            N_("An organisation number has exactly nine digits, as in %(example)s."),
            example=_EXAMPLE,
        )
    if not is_valid_org_number(digits):
        return text(
            N_(
                "%(org_number)s is not a valid organisation number. "
                "Check the digits against the Central Coordinating Register for Legal Entities."
            ),
            org_number=format_org_number(digits),
        )
    return None
