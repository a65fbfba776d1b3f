from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from forms import formatting as fmt

NBSP = "\u00a0"


def nbsp(text: str) -> str:
    """Write expectations with ordinary spaces; amounts are joined with NBSP throughout."""
    return text.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("amount", "locale", "expected"),
    [
        (12_500_000, "nb", "12 500 000 kr"),
        (12_500_000, "nn", "12 500 000 kr"),
        (0, "nb", "0 kr"),
        (999, "nb", "999 kr"),
        (1_000, "nb", "1 000 kr"),
        (-2_500, "nb", "-2 500 kr"),
    ],
)
def test_format_nok_norwegian(amount, locale, expected, nb_gettext):
    assert fmt.format_nok(amount, locale, nb_gettext) == nbsp(expected)


def test_format_nok_english_is_the_default_without_a_catalogue():
    assert fmt.format_nok(12_500_000, "en") == nbsp("NOK 12,500,000")


def test_format_nok_digits_follow_the_locale_and_words_the_catalogue():
    # Without a catalogue the words stay English; the digits are still grouped the nb way.
    assert fmt.format_nok(12_500_000, "nb") == nbsp("NOK 12 500 000")


def test_group_separator_is_no_break_space_not_narrow(nb_gettext):
    formatted = fmt.format_nok(1_234_567, "nb", nb_gettext)
    assert "\u202f" not in formatted
    assert formatted == "1\u00a0234\u00a0567\u00a0kr"


@pytest.mark.parametrize(
    ("amount", "nb_expected", "en_expected"),
    [
        (12_500_000, "12,5 mill. kr", "NOK 12.5 million"),
        (5_000_000, "5 mill. kr", "NOK 5 million"),
        (50_000_000, "50 mill. kr", "NOK 50 million"),
        (750_000_000, "750 mill. kr", "NOK 750 million"),
        (4_990_000, "4,99 mill. kr", "NOK 4.99 million"),
        (12_340_000, "12,34 mill. kr", "NOK 12.34 million"),
        (0, "0 mill. kr", "NOK 0 million"),
        # Not exact with two decimals: the full amount, never a rounded lie.
        (4_999_999, "4 999 999 kr", "NOK 4,999,999"),
        (4_999_000, "4 999 000 kr", "NOK 4,999,000"),
        (50_000_001, "50 000 001 kr", "NOK 50,000,001"),
        # A thousand millions and more: the full amount.
        (999_990_000, "999,99 mill. kr", "NOK 999.99 million"),
        (1_000_000_000, "1 000 000 000 kr", "NOK 1,000,000,000"),
    ],
)
def test_format_millions(amount, nb_expected, en_expected, nb_gettext):
    assert fmt.format_millions(amount, "nb", nb_gettext) == nbsp(nb_expected)
    assert fmt.format_millions(amount, "en") == nbsp(en_expected)


def test_format_millions_range(nb_gettext):
    assert fmt.format_millions_range(5_000_000, 50_000_000, "nb", nb_gettext) == nbsp(
        "5–50 mill. kr"
    )
    assert fmt.format_millions_range(10_000_000, 750_000_000, "en") == nbsp("NOK 10–750 million")
    # Not exact in millions: two full amounts, and the line may break around "to".
    assert fmt.format_millions_range(5_000_001, 50_000_000, "en") == (
        nbsp("NOK 5,000,001") + " to " + nbsp("NOK 50,000,000")
    )


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (0.5, "nb", "50 %"),
        (Fraction(17, 20), "nn", "85 %"),
        (Fraction(1, 2), "en", "50%"),
        (0.125, "nb", "12,5 %"),
        (0.125, "en", "12.5%"),
        (1, "en", "100%"),
        (Decimal("0.04"), "nb", "4 %"),
    ],
)
def test_format_percent(value, locale, expected):
    assert fmt.format_percent(value, locale) == nbsp(expected)


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (1234.5678, "nb", "1 234,57"),
        (1234.5678, "en", "1,234.57"),
        (Fraction(1, 3), "nn", "0,33"),
        (-0.5, "en", "-0.5"),
        (3, "nb", "3"),
    ],
)
def test_format_decimal(value, locale, expected):
    assert fmt.format_decimal(value, locale) == nbsp(expected)


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (Decimal("3"), "nb", "3,00"),
        (Decimal("4.4"), "nn", "4,40"),
        (Decimal("-0.126"), "nb", "-0,13"),
        (Decimal("1234.5"), "en", "1,234.50"),
        (Fraction(5, 3), "en", "1.67"),
    ],
)
def test_format_fixed_keeps_every_decimal_place(value, locale, expected):
    assert fmt.format_fixed(value, locale) == nbsp(expected)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("nb", "24. oktober 2018"), ("nn", "24. oktober 2018"), ("en", "24 October 2018")],
)
def test_format_date_long(locale, expected):
    assert fmt.format_date_long(date(2018, 10, 24), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("nb", "1. mars"), ("nn", "1. mars"), ("en", "1 March")]
)
def test_format_day_month(locale, expected):
    assert fmt.format_day_month(3, 1, locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("nb", "oktober 2018"), ("nn", "oktober 2018"), ("en", "October 2018")],
)
def test_format_year_month(locale, expected):
    assert fmt.format_year_month(2018, 10, locale) == expected


def test_nynorsk_month_names_come_from_nn_data():
    # January is "januar" in both; check a month where CLDR data must exist for nn at all.
    assert fmt.format_year_month(2020, 1, "nn") == "januar 2020"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("974760673", "974\u00a0760\u00a0673"),
        (" 974 760 673 ", "974\u00a0760\u00a0673"),
        ("974\u00a0760\u00a0673", "974\u00a0760\u00a0673"),
        ("97476067", "97476067"),
        (" not a number ", "not a number"),
    ],
)
def test_format_org_number(raw, expected):
    assert fmt.format_org_number(raw) == expected


@pytest.mark.parametrize("locale", ["nb-NO", "nb_NO", "xx", ""])
def test_unknown_or_regional_locales_fall_back_to_norwegian_data(locale):
    assert fmt.format_decimal(1234.5, locale) == nbsp("1 234,5")
