import pytest

from forms.money import MAX_AMOUNT, AmountError, parse_amount

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12500000", 12_500_000),
        ("12 500 000", 12_500_000),
        (f"12{NBSP}500{NBSP}000", 12_500_000),
        (f"12{NNBSP}500{NNBSP}000", 12_500_000),
        ("  12 500 000  ", 12_500_000),
        ("12.500.000", 12_500_000),
        ("12,500,000", 12_500_000),
        ("12'500'000", 12_500_000),
        ("12,5 mill.", 12_500_000),
        ("12,5 mill", 12_500_000),
        ("12,5mill.", 12_500_000),
        ("12,5 millioner", 12_500_000),
        ("12,5 millioner kroner", 12_500_000),
        ("12.5 million", 12_500_000),
        ("NOK 12.5 million", 12_500_000),
        ("12,5 MNOK", 12_500_000),
        (f"12,5{NBSP}MNOK", 12_500_000),
        ("MNOK 12,5", 12_500_000),
        ("12,5 mill. kr", 12_500_000),
        ("4,99 mill.", 4_990_000),
        ("12 mill", 12_000_000),
        ("0,5 mill.", 500_000),
        ("1 500 mill.", 1_500_000_000),
        ("12 500 000 kr", 12_500_000),
        ("kr 12 500 000", 12_500_000),
        ("kr. 12.500.000,-", 12_500_000),
        ("NOK 12,500,000", 12_500_000),
        ("12500000,-", 12_500_000),
        ("12 500 000,–", 12_500_000),
        ("12 500 000.-", 12_500_000),
        ("12 500 000,00", 12_500_000),
        ("12.500.000,00", 12_500_000),
        ("12,500,000.00", 12_500_000),
        ("12500000.00", 12_500_000),
        ("12 500 000 KR", 12_500_000),
        ("12 500 000 kroner", 12_500_000),
        # One group of three after a single mark: thousands, since kroner have no 3 decimals.
        ("12,500", 12_500),
        ("12.500", 12_500),
        ("12,500 kr", 12_500),
        ("kr 12.500", 12_500),
        ("NOK 1,000", 1_000),
        ("1.000,-", 1_000),
        ("0", 0),
        ("0 kr", 0),
        ("999", 999),
        ("100 000 000 000", MAX_AMOUNT),
    ],
)
def test_accepted(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (NBSP, "empty"),
        ("abc", "not_a_number"),
        ("mill.", "not_a_number"),
        ("kr", "not_a_number"),
        ("12 500 000 dollars", "not_a_number"),
        ("USD 12 500", "not_a_number"),
        ("1e6", "not_a_number"),
        ("5 000 000 - 10 000 000", "not_a_number"),
        ("12 mill. 5", "not_a_number"),
        ("12,5 mill. MNOK", "not_a_number"),
        ("12 500 000.", "not_a_number"),
        ("+12 500", "not_a_number"),
        ("١٢٥٠٠", "not_a_number"),
        ("1" * 70, "not_a_number"),
        ("-12 500 000", "negative"),
        ("\u221212 500 000", "negative"),
        ("kr -5", "negative"),
        ("- 5 mill.", "negative"),
        # In millions a single mark with three digits after it is read two ways.
        ("4,999 mill.", "ambiguous"),
        ("12.500 MNOK", "ambiguous"),
        ("1 234,567 mill.", "ambiguous"),
        ("12 50 000", "bad_grouping"),
        ("1234 567", "bad_grouping"),
        ("12.500 000", "bad_grouping"),
        ("1 234,567", "bad_grouping"),
        ("1.234,5,6", "bad_grouping"),
        ("12 500 000,50", "fraction"),
        ("12,5", "fraction"),
        ("12.5", "fraction"),
        ("1,234.5", "fraction"),
        ("12,3456789 mill.", "fraction"),
        ("100 000 000 001", "too_large"),
        ("100 001 mill.", "too_large"),
    ],
)
def test_refused_with_a_reason(raw, code):
    with pytest.raises(AmountError) as caught:
        parse_amount(raw)
    assert caught.value.code == code


def test_each_reason_has_its_own_message():
    messages = {}
    for raw in ["", "abc", "-5", "4,999 mill.", "12 50 000", "12,5", "999 999 999 999"]:
        with pytest.raises(AmountError) as caught:
            parse_amount(raw)
        messages[caught.value.code] = caught.value.message.render()
    assert len(set(messages.values())) == len(messages) == 7


def test_error_is_a_value_error_with_an_english_message():
    with pytest.raises(ValueError, match="whole kroner"):
        parse_amount("12 500 000,50")
