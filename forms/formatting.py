"""Locale formatting of amounts, shares, dates and organisation numbers (nb, nn, en).

Digits, separators and month names come from Babel's CLDR data for the locale; the words
around an amount ("kr", "NOK", "mill.", "million") come from the message catalogue, through the
``gettext`` argument. The msgids are English, so the default identity gettext gives English words
and a real nb/nn catalogue gives Norwegian ones ("NOK %(amount)s" → "%(amount)s kr").

This is the bottom layer of the ``forms`` package: :func:`N_` lives here so that
``forms.text`` (which re-exports it) can build on this module without an import cycle.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

Gettext = Callable[[str], str]

SUPPORTED_LOCALES = ("nb", "nn", "en")
FALLBACK_LOCALE = "nb"

NBSP = "\u00a0"
# Spaces that CLDR or translators may put inside an amount; all become NBSP on output, so an
# amount ("12 500 000 kr", "NOK 12.5 million") never breaks across lines.
_GROUP_SPACES = ("\u202f", "\u2009", " ")

# Millions are shown only when exact with this many decimals; otherwise the full amount is.
MILLIONS_MAX_DECIMALS = 2
# From a thousand millions up the full amount reads better, and "NOK 1,500 million" would be
# ambiguous to parse (see forms.money).
MILLIONS_UPPER_LIMIT = 1_000_000_000

_ENGLISH_LONG_DATE = "d MMMM y"  # British order, as used in Norwegian public English


def N_(message: str) -> str:
    """Mark ``message`` as a msgid for extraction; translation happens at render time."""
    return message


def identity_gettext(message: str) -> str:
    """A gettext without a catalogue: every msgid renders as its English source."""
    return message


# The words around amounts; translators turn them round ("%(amount)s kr") where the language does.
NOK_PATTERN = N_("NOK %(amount)s")
MILLIONS_PATTERN = N_("NOK %(amount)s million")
MILLIONS_RANGE_PATTERN = N_("NOK %(low)s–%(high)s million")
NOK_RANGE_PATTERN = N_("%(low)s to %(high)s")


@cache
def babel_locale(locale: str) -> Locale:
    """The Babel locale for "nb", "nn", "en", "nb-NO"…; an unknown locale falls back to nb."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return Locale.parse(FALLBACK_LOCALE)


def _fill(gettext: Gettext, pattern: str, values: dict[str, str]) -> str:
    """Translate ``pattern`` and fill it in; a broken translation falls back to the English."""
    try:
        return gettext(pattern) % values
    except (KeyError, ValueError, TypeError):
        return pattern % values


def _nbsp(formatted: str) -> str:
    for space in _GROUP_SPACES:
        formatted = formatted.replace(space, NBSP)
    return formatted


def _is_english(locale: str) -> bool:
    return babel_locale(locale).language == "en"


def _as_decimal(value: Fraction | float | int | Decimal, places: int) -> Decimal:
    """Round ``value`` to ``places`` decimals without binary-float surprises."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-places)).normalize()


@dataclass(frozen=True)
class _GroupedFormat:
    """The locale's digit symbols, read once from CLDR: formatting is then string work."""

    separators: dict[int, str]  # str.translate table from Python's "," and "." to the locale's

    def format(self, value: int | Decimal) -> str | None:
        """As Babel's ``format_decimal(value, "#,##0", decimal_quantization=False)`` writes
        it (every decimal kept, trailing zeros dropped), or None for what it leaves to Babel."""
        if type(value) is int:
            written = f"{value:,}"
        elif isinstance(value, Decimal) and value.is_finite() and not value.is_zero():
            written = f"{value:,f}"
            if "." in written:
                written = written.rstrip("0").rstrip(".")
        else:
            return None
        return written.translate(self.separators)


@cache
def _grouped_format(locale: str) -> _GroupedFormat:
    parsed = babel_locale(locale)
    group = babel_numbers.get_group_symbol(parsed)
    decimal = babel_numbers.get_decimal_symbol(parsed)
    return _GroupedFormat(str.maketrans({",": group, ".": decimal}))


def format_grouped(value: int | Decimal, locale: str) -> str:
    """Digits grouped for the locale, NBSP between groups in nb/nn: "12 500 000"."""
    formatted = _grouped_format(locale).format(value)
    if formatted is None:
        formatted = babel_numbers.format_decimal(
            value, format="#,##0", locale=babel_locale(locale), decimal_quantization=False
        )
    return _nbsp(formatted)


def whole_kroner(value: Fraction | int) -> int:
    """An exact figure in whole kroner, halves rounded up (away from minus infinity)."""
    if type(value) is int:
        return value
    if isinstance(value, Fraction):
        # floor(n/d + 1/2) in integers: a Fraction sum would reduce by the gcd of the large
        # denominators discounting makes, for every amount on a page of figures.
        return (2 * value.numerator + value.denominator) // (2 * value.denominator)
    return math.floor(Fraction(value) + Fraction(1, 2))


def format_nok(amount: int, locale: str, gettext: Gettext = identity_gettext) -> str:
    """A full amount: "12 500 000 kr" (nb/nn catalogue) or "NOK 12,500,000" (English)."""
    return _nbsp(_fill(gettext, NOK_PATTERN, {"amount": format_grouped(int(amount), locale)}))


_SLOT = "\x00"  # stands for the amount while the translated pattern is split


def nok_formatter(locale: str, gettext: Gettext = identity_gettext) -> Callable[[int], str]:
    """`format_nok` for many amounts in one locale, writing exactly what it writes: the words
    are translated and split around the amount once, and each amount is one grouping and one
    character translation (a page of figures formats a hundred)."""
    words = gettext(NOK_PATTERN)
    others = words.replace("%(amount)s", "", 1).replace("%%", "")
    if words.count("%(amount)s") != 1 or "%" in others:
        # Anything but one plain "%(amount)s" (a width, a second amount, a broken
        # translation) is left to format_nok, which fills the pattern with the amount itself.
        return lambda amount: format_nok(amount, locale, gettext)
    filled = _fill(gettext, NOK_PATTERN, {"amount": _SLOT})
    before, after = (_nbsp(part) for part in filled.split(_SLOT))
    table = {key: _nbsp(value) for key, value in _grouped_format(locale).separators.items()}

    def nok(amount: int) -> str:
        return before + f"{int(amount):,}".translate(table) + after

    return nok


def _millions_figure(amount: int) -> Decimal | None:
    """The amount in millions if it can be shown exactly and briefly, else None."""
    if abs(amount) >= MILLIONS_UPPER_LIMIT:
        return None
    millions = Fraction(amount, 1_000_000)
    scaled = millions * 10**MILLIONS_MAX_DECIMALS
    if scaled.denominator != 1:
        return None
    return (Decimal(scaled.numerator).scaleb(-MILLIONS_MAX_DECIMALS)).normalize()


def format_millions(amount: int, locale: str, gettext: Gettext = identity_gettext) -> str:
    """An amount in millions: "12,5 mill. kr" / "NOK 12.5 million".

    Never rounds: when the amount is not a whole number of ten thousands (so that two decimals
    would not show it exactly), or is a thousand millions or more, the full amount is shown
    instead ("4 999 999 kr", never "5 mill. kr").
    """
    figure = _millions_figure(int(amount))
    if figure is None:
        return format_nok(amount, locale, gettext)
    return _nbsp(_fill(gettext, MILLIONS_PATTERN, {"amount": format_grouped(figure, locale)}))


def format_millions_range(
    low: int, high: int, locale: str, gettext: Gettext = identity_gettext
) -> str:
    """An inclusive band: "5–50 mill. kr" / "NOK 5–50 million", full amounts if not exact."""
    low_figure, high_figure = _millions_figure(int(low)), _millions_figure(int(high))
    if low_figure is None or high_figure is None:
        full = {"low": format_nok(low, locale, gettext), "high": format_nok(high, locale, gettext)}
        return _fill(gettext, NOK_RANGE_PATTERN, full)
    figures = {
        "low": format_grouped(low_figure, locale),
        "high": format_grouped(high_figure, locale),
    }
    return _nbsp(_fill(gettext, MILLIONS_RANGE_PATTERN, figures))


def format_percent(value: Fraction | float | int | Decimal, locale: str) -> str:
    """A share of one as a percentage: 0.5 → "50 %" (nb/nn, NBSP) / "50%" (en).

    Up to two decimals are kept (0.125 → "12,5 %"), so a share is never rounded to a lie.
    """
    share = _as_decimal(value, 4)
    formatted = babel_numbers.format_percent(
        share, locale=babel_locale(locale), decimal_quantization=False
    )
    return _nbsp(formatted)


def format_decimal(value: Fraction | float | int | Decimal, locale: str, places: int = 2) -> str:
    """A grouped decimal number with at most ``places`` decimals: "1 234,57" / "1,234.57"."""
    return format_grouped(_as_decimal(value, places), locale)


def format_fixed(value: Fraction | float | int | Decimal, locale: str, places: int = 2) -> str:
    """A number with exactly ``places`` decimals, for scores in a column: "3,00" / "4.40"."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    formatted = babel_numbers.format_decimal(
        _as_decimal(value, places), format=pattern, locale=babel_locale(locale)
    )
    return _nbsp(formatted)


def format_date_long(value: date, locale: str) -> str:
    """A date as written in letters: "24. oktober 2018" (nb, nn) / "24 October 2018" (en)."""
    pattern = _ENGLISH_LONG_DATE if _is_english(locale) else "long"
    return babel_dates.format_date(value, format=pattern, locale=babel_locale(locale))


def format_day_month(month: int, day: int, locale: str) -> str:
    """A day that comes back every year: "1. mars" (nb, nn) / "1 March" (en)."""
    pattern = "d MMMM" if _is_english(locale) else "d. MMMM"
    # Any year without 29 February will do: only the day and month are shown.
    return babel_dates.format_date(date(2001, month, day), pattern, locale=babel_locale(locale))


def format_time_short(value: time, locale: str) -> str:
    """A time of day on the 24-hour clock, as Norwegian public English writes it too: "12:00"."""
    return babel_dates.format_time(value, format="HH:mm", locale=babel_locale(locale))


def format_year_month(year: int, month: int, locale: str) -> str:
    """A month in a year, as for planned start and end: "oktober 2018" / "October 2018"."""
    return babel_dates.format_date(
        date(year, month, 1), format="LLLL y", locale=babel_locale(locale)
    )


def format_org_number(raw: str) -> str:
    """Nine digits shown as "974 760 673", with NBSP so the number never breaks across lines.

    Anything that is not nine digits (after removing spaces) is returned stripped but unchanged,
    so a wrong number is shown as typed rather than hidden.
    """
    digits = "".join(str(raw).split())
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return str(raw).strip()
    return NBSP.join((digits[0:3], digits[3:6], digits[6:9]))


FILE_SIZE_MB_PATTERN = N_("%(size)s MB")
FILE_SIZE_KB_PATTERN = N_("%(size)s kB")
_MEGABYTE = 1024 * 1024


def format_file_size(size: int, locale: str, gettext: Gettext = identity_gettext) -> str:
    """A file size as people read it: "1,5 MB" / "1.5 MB", "340 kB" under a megabyte.

    Megabytes are 1024 × 1024 bytes, as the upload limits are; never shown as 0 for a file
    that has bytes.
    """
    if size >= _MEGABYTE:
        figure = format_decimal(Fraction(size, _MEGABYTE), locale, places=1)
        return _nbsp(_fill(gettext, FILE_SIZE_MB_PATTERN, {"size": figure}))
    kilobytes = max(1, -(-size // 1024)) if size else 0
    return _nbsp(_fill(gettext, FILE_SIZE_KB_PATTERN, {"size": format_grouped(kilobytes, locale)}))
