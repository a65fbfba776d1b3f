"""The cached per-locale digit formatter writes exactly what Babel's format_decimal writes."""

from decimal import Decimal
from fractions import Fraction

import pytest
from babel import numbers as babel_numbers
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import formatting as fmt

LOCALES = ["nb", "nn", "en", "nb-NO", "xx"]  # "xx" falls back to nb


def babel_grouped(value: int | Decimal, locale: str) -> str:
    formatted = babel_numbers.format_decimal(
        value, format="#,##0", locale=fmt.babel_locale(locale), decimal_quantization=False
    )
    return formatted.replace("\u202f", fmt.NBSP).replace("\u2009", fmt.NBSP).replace(" ", fmt.NBSP)


@settings(max_examples=300, deadline=None)
@given(value=st.integers(min_value=-(10**15), max_value=10**15), locale=st.sampled_from(LOCALES))
def test_whole_numbers_match_babel(value, locale):
    assert fmt.format_grouped(value, locale) == babel_grouped(value, locale)


# At most 19 significant digits: Babel itself rounds to the decimal context's 28.
@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(0, 6).flatmap(
        lambda places: st.decimals(-(10**12), 10**12, allow_nan=False, places=places)
    ),
    locale=st.sampled_from(LOCALES),
)
def test_decimals_match_babel(value, locale):
    assert fmt.format_grouped(value, locale) == babel_grouped(value, locale)


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (1_000, "nb", "1\u00a0000"),
        (12_500_000, "en", "12,500,000"),
        (Decimal("1234.5600"), "nb", "1\u00a0234,56"),
        (Decimal("12.5"), "en", "12.5"),
        (Decimal("1E+1"), "nn", "10"),
        (Decimal("0.000"), "nb", "0"),
    ],
)
def test_known_values(value, locale, expected):
    assert fmt.format_grouped(value, locale) == expected


def _catalogue_gettext(pattern: str):
    return lambda message: pattern if message == fmt.NOK_PATTERN else message


@settings(max_examples=400, deadline=None)
@given(
    amount=st.integers(min_value=-(10**15), max_value=10**15),
    locale=st.sampled_from(LOCALES),
    pattern=st.sampled_from(
        [
            fmt.NOK_PATTERN,  # English: "NOK 12,500,000"
            "%(amount)s kr",  # nb and nn
            "kr\u202f%(amount)s\u2009(NOK)",  # spaces of every kind, words on both sides
            "%(amount)s %(amount)s kr",  # twice: left to format_nok
            "%(sum)s kr",  # a broken translation: format_nok falls back to English
            "100 %% %(amount)s",
            "%(amount)15s kr",  # a width, a precision, a conversion of its own
            "%(amount).3s kr",
            "%(amount)c kr",
            "%(amount)s kr %s",
        ]
    ),
)
def test_the_many_amounts_formatter_writes_what_format_nok_writes(amount, locale, pattern):
    gettext = _catalogue_gettext(pattern)
    assert fmt.nok_formatter(locale, gettext)(amount) == fmt.format_nok(amount, locale, gettext)


@settings(max_examples=400, deadline=None)
@given(
    st.fractions(min_value=-(10**12), max_value=10**12, max_denominator=26**15)
    | st.integers(-(10**12), 10**12).map(lambda n: Fraction(2 * n + 1, 2))  # exact halves
)
def test_whole_kroner_rounds_halves_up_as_the_exact_sum_does(value):
    import math

    assert fmt.whole_kroner(value) == math.floor(value + Fraction(1, 2))
    assert fmt.whole_kroner(math.floor(value)) == math.floor(value)
